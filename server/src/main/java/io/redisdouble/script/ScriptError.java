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

/**
 * Thrown at a checkpoint after SCRIPT KILL: a Java Error, so Lua's pcall (which catches LuaError and
 * Exception) cannot stop it, as Redis re-raises the kill on every line once killed.
 */
final class ScriptKilled extends Error {
    private static final long serialVersionUID = 1L;

    ScriptKilled() {
        super("Script killed by user with SCRIPT KILL...", null, false, false);
    }
}

/** Unwinds an inline run that must start over on the helper thread (pcall cannot catch an Error). */
final class ScriptRestart extends Error {
    private static final long serialVersionUID = 1L;
    static final ScriptRestart INSTANCE = new ScriptRestart();

    private ScriptRestart() {
        super("restart", null, false, false);
    }
}
