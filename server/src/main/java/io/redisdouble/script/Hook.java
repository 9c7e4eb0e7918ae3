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
        int[] pc = new int[32];
        int depth;

        // An arithmetic instruction about to run (see Hook#beforeArith): where, the Lua 5.1 result to
        // put in its target register once it has run, and the operand registers to give back.
        LuaValue[] pendingStack;
        int pendingDepth;
        int pendingPc;
        int pendingTarget;
        LuaValue pendingResult;
        int restoreCount;
        /** Where each substituted operand is: the frame's registers, or its function's constants. */
        final LuaValue[][] restoreArray = new LuaValue[2][];
        final int[] restoreRegister = new int[2];
        final LuaValue[] restoreValue = new LuaValue[2];
        /** A SETTABLE that stored a negative zero: the table and key whose entry must keep it. */
        org.luaj.vm2.LuaTable negativeZeroTable;
        LuaValue negativeZeroKey;

        /**
         * Gives the substituted operands back: after the instruction ran ({@code ran}) except in the
         * register it wrote (GETTABLE's or an arithmetic instruction's target), or after it raised an
         * error, all of them.
         */
        void restoreOperands(boolean ran) {
            LuaValue[] s = pendingStack;
            if (s != null) {
                for (int n = 0; n < restoreCount; n++) {
                    LuaValue[] a = restoreArray[n];
                    if (!ran || a != s || restoreRegister[n] != pendingTarget) a[restoreRegister[n]] = restoreValue[n];
                    restoreValue[n] = null;
                    restoreArray[n] = null;
                }
            }
            restoreCount = 0;
        }

        void clearPending() {
            // a constant substituted for an instruction is the function's for every later call: always given back
            for (int n = 0; n < restoreCount; n++) {
                if (restoreArray[n] != pendingStack) restoreArray[n][restoreRegister[n]] = restoreValue[n];
                restoreArray[n] = null;
            }
            pendingStack = null;
            pendingResult = null;
            negativeZeroTable = null;
            negativeZeroKey = null;
            restoreCount = 0;
            restoreValue[0] = restoreValue[1] = null;
        }

        void push(LuaFunction f, LuaValue[] s) {
            if (depth == fn.length) {
                fn = java.util.Arrays.copyOf(fn, depth * 2);
                stack = java.util.Arrays.copyOf(stack, depth * 2);
                pc = java.util.Arrays.copyOf(pc, depth * 2);
            }
            fn[depth] = f;
            stack[depth] = s;
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
        f.depth = 0;
        f.clearPending();
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
        }
    }

    @Override
    public void onInstruction(int pc, Varargs v, int top) {
        Frames f = owner.running == mainThread ? mainFrames : frames();
        int d = f.depth - 1;
        if (d >= 0) {
            f.pc[d] = pc;
            if (f.fn[d] instanceof LuaClosure c) {
                LuaValue[] stack = f.stack[d];
                if (f.pendingStack != null) afterArith(f, d, stack, pc);
                int i = c.p.code[pc];
                int op = i & 0x3F;
                if (op == Lua.OP_CONCAT) numbersToStrings(stack, i);
                else if (op >= Lua.OP_ADD && op <= Lua.OP_UNM && stack != null) beforeArith(f, d, c.p.k, stack, pc, i, op);
                else if ((op == Lua.OP_SETTABLE || op == Lua.OP_GETTABLE) && stack != null) beforeIndex(f, d, c.p.k, stack, pc, i, op);
                else if (op == Lua.OP_FORPREP && stack != null) forNumbers(stack, (i >>> 6) & 0xFF);
            }
        }
        if (--countdown <= 0 || stopping) {
            countdown = CHECK_EVERY;
            Checkpoint cp = checkpoint;
            if (cp != null) cp.check();
        }
    }

    /**
     * Lua 5.1's arithmetic around LuaJ's (lvm.c Arith): before an ADD, SUB, MUL, DIV, MOD, POW or UNM
     * whose operands are numbers or strings, computes the result as Lua 5.1 would (strings read by
     * luaO_str2d, a negative zero kept, x86's NaNs) and, where LuaJ's result could differ (a string
     * operand, a zero, infinite or NaN result), leaves it for {@link #afterArith} to store in the target
     * register once LuaJ has run the instruction. LuaJ reads strings with a scanner of its own (no "inf",
     * "nan", hex floats or tabs; "-" and "0x-5" taken as numbers), so a string operand in a register or
     * among the function's constants ({@code 'inf' + 0}) is replaced for that one instruction: by its
     * number when Lua 5.1 reads one, by a string LuaJ cannot read when Lua 5.1 cannot either (the error
     * is then LuaJ's, worded by LuaMessages); the registers and constants get their strings back after it. Operands that are other values (metamethods) are left to LuaJ.
     */
    private static void beforeArith(Frames f, int d, LuaValue[] k, LuaValue[] stack, int pc, int i, int op) {
        int b = i >>> 23;
        int c = (i >>> 14) & 0x1FF;
        LuaValue x = b > 0xFF ? k[b & 0xFF] : stack[b];
        LuaValue y = op == Lua.OP_UNM ? x : c > 0xFF ? k[c & 0xFF] : stack[c];
        int tx = x.type();
        int ty = y.type();
        boolean strings = tx == LuaValue.TSTRING || ty == LuaValue.TSTRING;
        if (!strings) {
            if (tx != LuaValue.TNUMBER || ty != LuaValue.TNUMBER) return;
            double r = LuaNumbers.arith(op, x.todouble(), y.todouble());
            if (r != 0 && !Double.isNaN(r) && !Double.isInfinite(r)) return; // LuaJ computes the same
            pending(f, d, stack, pc, i, LuaNumbers.valueOf(r));
            return;
        }
        if ((tx != LuaValue.TSTRING && tx != LuaValue.TNUMBER) || (ty != LuaValue.TSTRING && ty != LuaValue.TNUMBER)) return;
        Double nx = LuaNumbers.toNumber(x);
        Double ny = op == Lua.OP_UNM ? nx : LuaNumbers.toNumber(y);
        if (nx == null || ny == null) {
            // Lua 5.1 raises "attempt to perform arithmetic on ...": make sure LuaJ raises too
            pending(f, d, stack, pc, i, null);
            if (nx == null) substitute(f, k, stack, b, LuaValue.EMPTYSTRING);
            if (ny == null && op != Lua.OP_UNM && c != b) substitute(f, k, stack, c, LuaValue.EMPTYSTRING);
            return;
        }
        pending(f, d, stack, pc, i, LuaNumbers.valueOf(LuaNumbers.arith(op, nx, ny)));
        if (tx == LuaValue.TSTRING) substitute(f, k, stack, b, LuaValue.valueOf(nx));
        if (ty == LuaValue.TSTRING && op != Lua.OP_UNM && c != b) substitute(f, k, stack, c, LuaValue.valueOf(ny));
    }

    /**
     * A negative zero in a table (LuaJ's): as a key it is the key 0 (Lua 5.1's tables hash -0 and 0
     * alike), so the key register holds 0 for the one GETTABLE / SETTABLE; as a value stored under a
     * key of the hash part LuaJ keeps only its double (an entry for numbers), which boxes back to 0, so
     * {@link #afterArith} stores it again in an entry that keeps the value itself. Only plain tables
     * (no metatable, so no metamethod runs in between).
     */
    private static void beforeIndex(Frames f, int d, LuaValue[] k, LuaValue[] stack, int pc, int i, int op) {
        int a = (i >>> 6) & 0xFF;
        int b = i >>> 23;
        int c = (i >>> 14) & 0x1FF;
        LuaValue t = op == Lua.OP_SETTABLE ? stack[a] : stack[b];
        if (!(t instanceof org.luaj.vm2.LuaTable table) || table.getmetatable() != null) return;
        int keyOperand = op == Lua.OP_SETTABLE ? b : c;
        LuaValue key = keyOperand > 0xFF ? k[keyOperand & 0xFF] : stack[keyOperand];
        boolean negativeKey = key == LuaNumbers.NEG_ZERO && keyOperand <= 0xFF;
        boolean negativeValue = op == Lua.OP_SETTABLE && (c > 0xFF ? k[c & 0xFF] : stack[c]) == LuaNumbers.NEG_ZERO;
        if (!negativeKey && !negativeValue) return;
        pending(f, d, stack, pc, i, null);
        if (negativeKey) substitute(f, stack, keyOperand, LuaValue.ZERO);
        if (negativeValue) {
            f.negativeZeroTable = table;
            f.negativeZeroKey = negativeKey ? LuaValue.ZERO : key;
        }
    }

    /**
     * lvm.c OP_FORPREP converts the loop's initial value, limit and step with luaV_tonumber, writing
     * the numbers into those (hidden) registers: strings luaO_str2d reads become their numbers here
     * too, strings it does not read become one LuaJ cannot read either, so LuaJ raises Lua 5.1's
     * "'for' initial value must be a number" (limit, step) where Lua 5.1 does.
     */
    private static void forNumbers(LuaValue[] stack, int a) {
        for (int r = a; r <= a + 2 && r < stack.length; r++) {
            LuaValue v = stack[r];
            if (v.type() != LuaValue.TSTRING) continue;
            Double n = LuaNumbers.toNumber(v);
            stack[r] = n == null ? LuaValue.EMPTYSTRING : LuaNumbers.valueOf(n);
        }
    }

    private static void pending(Frames f, int d, LuaValue[] stack, int pc, int i, LuaValue result) {
        f.pendingStack = stack;
        f.pendingDepth = d;
        f.pendingPc = pc;
        f.pendingTarget = (i >>> 6) & 0xFF;
        f.pendingResult = result;
        f.restoreCount = 0;
    }

    private static void substitute(Frames f, LuaValue[] stack, int register, LuaValue value) {
        f.restoreArray[f.restoreCount] = stack;
        f.restoreRegister[f.restoreCount] = register;
        f.restoreValue[f.restoreCount] = stack[register];
        f.restoreCount++;
        stack[register] = value;
    }

    /**
     * An RK operand: a register, or a constant of the function ({@code 'inf' + 0}: the string constant
     * is replaced for the one instruction, like a register, and given back after it).
     */
    private static void substitute(Frames f, LuaValue[] k, LuaValue[] stack, int rk, LuaValue value) {
        if (rk > 0xFF) substitute(f, k, rk & 0xFF, value);
        else substitute(f, stack, rk, value);
    }

    /**
     * The instruction after an arithmetic one, in the same call: the operands get their values back
     * and the target register Lua 5.1's result. Anywhere else the arithmetic raised an error (the
     * error handler already gave the operands back, see {@link #restoreOperands}): nothing to do.
     */
    private static void afterArith(Frames f, int d, LuaValue[] stack, int pc) {
        if (d == f.pendingDepth && stack == f.pendingStack && pc == f.pendingPc + 1) {
            f.restoreOperands(true);
            if (f.pendingResult != null) stack[f.pendingTarget] = f.pendingResult;
            if (f.negativeZeroTable != null && !f.negativeZeroKey.isnil()) {
                f.negativeZeroTable.rawset(f.negativeZeroKey, LuaValue.FALSE); // a plain entry from now on
                f.negativeZeroTable.rawset(f.negativeZeroKey, LuaNumbers.NEG_ZERO);
            }
        }
        f.clearPending();
    }

    /**
     * An error is being raised on the running Lua thread: operands replaced for an arithmetic
     * instruction get their values back before the error handler reads them and before the frame's
     * upvalues are closed.
     */
    void restoreOperands() {
        Frames f = frames();
        f.restoreOperands(false);
        f.clearPending();
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
