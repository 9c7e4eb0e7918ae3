package io.redisdouble.script;

import org.luaj.vm2.Globals;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;

/**
 * LuaJ calls its globals' DebugLib on every Lua call, instruction and return; this subclass uses those
 * calls for two things Redis gets from the C Lua API: where the script is (the current line of each
 * Lua function on the stack, for "user_script:3:" positions), and a periodic check (Redis's count hook,
 * every 100000 instructions there) that lets a long script yield to other clients or be killed.
 *
 * <p>The debug library itself is never exposed to scripts (Redis removes {@code debug} too).
 */
final class Hook extends DebugLib {
    /** Instructions between two {@link Checkpoint#check()} calls. */
    static final int CHECK_EVERY = 10_000;

    /** Called every {@link #CHECK_EVERY} instructions on the thread running the script. */
    interface Checkpoint {
        void check();
    }

    /** One Lua thread's call stack: the functions (Lua closures, and pcall / xpcall) and their pc. */
    static final class Frames {
        LuaFunction[] fn = new LuaFunction[32];
        LuaValue[][] stack = new LuaValue[32][];
        /** The bytecode of each Lua closure on the stack (null for a Java function): read on every instruction. */
        int[][] code = new int[32][];
        int[] pc = new int[32];
        int depth;

        void push(LuaFunction f, LuaValue[] s) {
            if (depth == fn.length) {
                fn = java.util.Arrays.copyOf(fn, depth * 2);
                stack = java.util.Arrays.copyOf(stack, depth * 2);
                code = java.util.Arrays.copyOf(code, depth * 2);
                pc = java.util.Arrays.copyOf(pc, depth * 2);
            }
            fn[depth] = f;
            stack[depth] = s;
            code[depth] = f instanceof LuaClosure c ? c.p.code : null;
            pc[depth] = -1;
            depth++;
        }
    }

    private final Globals owner;
    private final LuaThread mainThread;
    private Frames mainFrames = new Frames();
    private int countdown = CHECK_EVERY;
    Checkpoint checkpoint;
    /**
     * Set when the script is to stop (SCRIPT KILL): the checkpoint then runs on every instruction of
     * every Lua thread, so that after a coroutine swallows the kill error (coroutine.resume returns
     * false) the main thread stops at its next instruction, as Redis's per-line kill hook does.
     */
    volatile boolean stopping;
    /** The coroutines that ran during this script (each has a Java thread in LuaJ): released at its end. */
    private final java.util.List<LuaThread> coroutines = new java.util.ArrayList<>();

    Hook(Globals owner) {
        this.owner = owner;
        this.mainThread = owner.running;
    }

    /** Frames of the Lua thread running now (the main one, or a coroutine). */
    Frames frames() {
        LuaThread t = owner.running;
        if (t == null || t == mainThread) return mainFrames;
        Object cs = t.callstack;
        if (cs instanceof Frames f) return f;
        Frames f = new Frames();
        t.callstack = f;
        coroutines.add(t);
        return f;
    }

    /**
     * Ends the Java threads of the coroutines this script left suspended, so that a script costs no
     * thread once it is over (LuaJ runs each coroutine on a thread of its own, which otherwise waits
     * until the garbage collector finds the coroutine unreachable). A released coroutine is dead: the
     * script has ended, and nothing can resume it any more (a Lua value does not outlive its script
     * here: globals are read-only and KEYS/ARGV are replaced).
     */
    void releaseCoroutines() {
        for (LuaThread t : coroutines) {
            Coroutines.release(t);
        }
        coroutines.clear();
    }

    /** Forgets every frame (a new script starts; an error may have skipped returns in coroutines). */
    void reset() {
        Frames f = mainFrames;
        java.util.Arrays.fill(f.fn, 0, f.depth, null);
        java.util.Arrays.fill(f.stack, 0, f.depth, null);
        java.util.Arrays.fill(f.code, 0, f.depth, null);
        f.depth = 0;
        countdown = CHECK_EVERY;
        stopping = false;
    }

    @Override
    public void onCall(LuaFunction f) {
        frames().push(f, null);
    }

    @Override
    public void onCall(LuaClosure c, Varargs varargs, LuaValue[] stack) {
        frames().push(c, stack);
    }

    @Override
    public void onReturn() {
        Frames f = frames();
        if (f.depth > 0) {
            --f.depth;
            f.fn[f.depth] = null;
            f.stack[f.depth] = null;
            f.code[f.depth] = null;
        }
    }

    @Override
    public void onInstruction(int pc, Varargs v, int top) {
        Frames f = owner.running == mainThread ? mainFrames : frames();
        int d = f.depth - 1;
        if (d >= 0) {
            f.pc[d] = pc;
            int[] code = f.code[d];
            if (code != null && (code[pc] & 0x3F) == Lua.OP_CONCAT) numbersToStrings(f.stack[d], code[pc]);
        }
        if (--countdown <= 0 || stopping) {
            countdown = CHECK_EVERY;
            Checkpoint cp = checkpoint;
            if (cp != null) cp.check();
        }
    }

    /**
     * Before a CONCAT, turns its non-integer number operands into strings as Lua 5.1 prints them
     * ("%.14g"): LuaJ would print them with Java's float formatting. The operands are temporaries the
     * compiler just filled for the CONCAT, so nothing else sees the change.
     */
    private static void numbersToStrings(LuaValue[] stack, int instruction) {
        if (stack == null) return;
        int b = instruction >>> 23;
        int c = (instruction >>> 14) & 0x1FF;
        for (int r = b; r <= c && r < stack.length; r++) {
            LuaValue v = stack[r];
            if (v instanceof org.luaj.vm2.LuaDouble) stack[r] = LuaValue.valueOf(Libraries.numberToString(v.todouble()));
        }
    }

    /** A place in the script: the chunk name as Lua shows it ("@user_script") and the line. */
    record Position(String source, int line) {
        /** luaL_where's form: "user_script:3: " (the '@' dropped, as short_src does). */
        String where() {
            return shortSource(source) + ":" + line + ": ";
        }
    }

    /**
     * The current line of the Lua function {@code level} Lua-or-pcall frames down from the top (1 = the
     * innermost frame), or null when that frame is not a Lua function or does not exist — as
     * lua_getstack/lua_getinfo("Sl") with currentline > 0 decide for luaL_where.
     */
    Position frameAt(int level) {
        Frames f = frames();
        int i = f.depth - level;
        if (i < 0 || i >= f.depth) return null;
        if (!(f.fn[i] instanceof LuaClosure c)) return null;
        return position(c.p, f.pc[i]);
    }

    /** The innermost Lua function's position (what Redis's error handler reports), or null. */
    Position innermostLua() {
        Frames f = frames();
        for (int i = f.depth - 1; i >= 0; i--) {
            if (f.fn[i] instanceof LuaClosure c) return position(c.p, f.pc[i]);
        }
        return null;
    }

    /** The closure and pc of the top frame if it is a Lua function (for error messages), else null. */
    LuaClosure topClosure() {
        Frames f = frames();
        return f.depth > 0 && f.fn[f.depth - 1] instanceof LuaClosure c ? c : null;
    }

    LuaValue[] topStack() {
        Frames f = frames();
        return f.depth > 0 ? f.stack[f.depth - 1] : null;
    }

    int topPc() {
        Frames f = frames();
        return f.depth > 0 ? f.pc[f.depth - 1] : -1;
    }

    static Position position(Prototype p, int pc) {
        int line = p.lineinfo != null && pc >= 0 && pc < p.lineinfo.length ? p.lineinfo[pc] : -1;
        if (line <= 0) return null;
        return new Position(p.source == null ? "?" : p.source.tojstring(), line);
    }

    /**
     * luaO_chunkid with LUA_IDSIZE 60: "=name" shows as "name", "@name" as "name" (its last 52 bytes
     * after "..." if longer), any other source as [string "first line"] (cut at 43 bytes or at the first
     * CR/LF, then followed by "...").
     */
    static String shortSource(String source) {
        if (source.startsWith("=")) return source.length() > 60 ? source.substring(1, 60) : source.substring(1);
        if (source.startsWith("@")) {
            String s = source.substring(1);
            return s.length() > 52 ? "..." + s.substring(s.length() - 52) : s;
        }
        int len = 0;
        while (len < source.length() && source.charAt(len) != '\n' && source.charAt(len) != '\r') len++;
        if (len > 43) len = 43;
        if (len < source.length()) return "[string \"" + source.substring(0, len) + "...\"]";
        return "[string \"" + source + "\"]";
    }
}
