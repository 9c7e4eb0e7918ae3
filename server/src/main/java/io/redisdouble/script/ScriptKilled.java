package io.redisdouble.script;

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
