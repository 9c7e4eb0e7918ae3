package io.redisdouble.script;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

/**
 * A Lua error raised by our own code with its final error value (a string already carrying any
 * position Lua would give it, or a table such as {err=...}): LuaJ adds no position to it, since its
 * traceback is set (LuaClosure only decorates errors whose traceback is still null).
 */
final class ScriptError extends LuaError {
    private static final long serialVersionUID = 1L;
    final transient LuaValue value;

    ScriptError(LuaValue value) {
        super(value);
        this.value = value;
        this.traceback = value.isstring() ? value.tojstring() : value.typename();
    }
}
