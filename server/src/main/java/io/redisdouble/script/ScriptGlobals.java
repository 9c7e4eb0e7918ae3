package io.redisdouble.script;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

/**
 * The globals table: read-only like the libraries, and reading a missing name is an error ("Script
 * attempted to access nonexistent global variable 'x'") as Redis's __index guard does. KEYS and ARGV are
 * replaced by the runtime before each script with {@link #setInternal}.
 */
final class ScriptGlobals extends Globals {
    boolean frozen;
    /** While a FUNCTION library loads: the only globals it sees (the library API), else null. */
    org.luaj.vm2.LuaTable loadApi;

    void setInternal(String name, LuaValue value) {
        super.rawset(LuaValue.valueOf(name), value);
    }

    @Override
    public LuaValue get(LuaValue key) {
        LuaValue v = loadApi != null ? loadApi.rawget(key) : rawget(key);
        if (v.isnil() && frozen) {
            if (!key.isstring()) throw new LuaError("Second argument to luaProtectedTableError must be a string or number");
            throw new LuaError("Script attempted to access nonexistent global variable '" + key.tojstring() + "'");
        }
        return v;
    }

    @Override
    public void set(LuaValue key, LuaValue value) {
        if (frozen) throw ReadOnlyTable.vmError();
        super.set(key, value);
    }

    @Override
    public void set(int key, LuaValue value) {
        if (frozen) throw ReadOnlyTable.vmError();
        super.set(key, value);
    }

    @Override
    public void rawset(LuaValue key, LuaValue value) {
        if (frozen) throw ReadOnlyTable.apiError();
        super.rawset(key, value);
    }

    @Override
    public void rawset(int key, LuaValue value) {
        if (frozen) throw ReadOnlyTable.apiError();
        super.rawset(key, value);
    }

    @Override
    public LuaValue setmetatable(LuaValue metatable) {
        if (frozen) throw ReadOnlyTable.apiError();
        return super.setmetatable(metatable);
    }

    @Override
    public void insert(int pos, LuaValue value) {
        if (frozen) throw ReadOnlyTable.apiError();
        super.insert(pos, value);
    }

    @Override
    public LuaValue remove(int pos) {
        if (frozen) throw ReadOnlyTable.apiError();
        return super.remove(pos);
    }

    @Override
    public void sort(LuaValue comparator) {
        if (frozen) throw ReadOnlyTable.apiError();
        super.sort(comparator);
    }
}
