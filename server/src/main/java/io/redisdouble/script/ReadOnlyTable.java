package io.redisdouble.script;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * Redis's read-only tables (lua_enablereadonlytable, in 6.2.7 and 7.0.15 alike): every table reachable
 * from the globals when the Lua state is set up — the libraries, {@code redis}, {@code _G} — refuses
 * writes with "Attempt to modify a readonly table". A write by the VM (an assignment) gets the script
 * position like luaG_runerror from Lua code; one through a C function (rawset, setmetatable,
 * table.insert) gets none.
 */
class ReadOnlyTable extends LuaTable {
    static final String MESSAGE = "Attempt to modify a readonly table";
    boolean frozen;

    static LuaError vmError() {
        return new LuaError(MESSAGE);
    }

    static LuaError apiError() {
        LuaRuntime rt = LuaRuntime.current();
        if (rt != null) rt.recordErrorPosition();
        return new ScriptError(LuaString.valueOf(MESSAGE));
    }

    @Override
    public void set(LuaValue key, LuaValue value) {
        if (frozen) throw vmError();
        super.set(key, value);
    }

    @Override
    public void set(int key, LuaValue value) {
        if (frozen) throw vmError();
        super.set(key, value);
    }

    @Override
    public void rawset(LuaValue key, LuaValue value) {
        if (frozen) throw apiError();
        super.rawset(key, value);
    }

    @Override
    public void rawset(int key, LuaValue value) {
        if (frozen) throw apiError();
        super.rawset(key, value);
    }

    @Override
    public LuaValue setmetatable(LuaValue metatable) {
        if (frozen) throw apiError();
        return super.setmetatable(metatable);
    }

    @Override
    public void insert(int pos, LuaValue value) {
        if (frozen) throw apiError();
        super.insert(pos, value);
    }

    @Override
    public LuaValue remove(int pos) {
        if (frozen) throw apiError();
        return super.remove(pos);
    }

    @Override
    public void sort(LuaValue comparator) {
        if (frozen) throw apiError();
        super.sort(comparator);
    }
}
