package io.redisdouble.script;

import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaValue;

/** Lua 5.1 wording of LuaJ's runtime error messages (placeholder). */
final class LuaMessages {
    private LuaMessages() {}

    static String translate(String msg, LuaClosure closure, int pc, LuaValue[] stack) {
        return msg;
    }
}
