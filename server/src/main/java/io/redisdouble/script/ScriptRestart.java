package io.redisdouble.script;

/** Unwinds an inline run that must start over on the helper thread (pcall cannot catch an Error). */
final class ScriptRestart extends Error {
    private static final long serialVersionUID = 1L;
    static final ScriptRestart INSTANCE = new ScriptRestart();

    private ScriptRestart() {
        super("restart", null, false, false);
    }
}
