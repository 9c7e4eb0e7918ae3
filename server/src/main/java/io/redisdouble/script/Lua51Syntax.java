package io.redisdouble.script;

/** Lua 5.1 syntax errors (placeholder). */
final class Lua51Syntax {
    private Lua51Syntax() {}

    /** The Lua 5.1 compile error of a chunk, or null if it compiles. */
    static String check(byte[] code, int from, int to, String chunkName) {
        return null;
    }
}
