package io.redisdouble.script;

import io.redisdouble.command.CommandException;
import io.redisdouble.command.Errors;
import io.redisdouble.command.ScriptRun;
import io.redisdouble.command.Session;
import io.redisdouble.dialect.Dialect;
import io.redisdouble.dialect.Quirk;
import io.redisdouble.resp.Reply;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * One Lua state, as Redis keeps one per server (lctx.lua): the sandboxed globals of Lua 5.1 as Redis
 * sets them up (its allow-listed builtins, string / table / math / coroutine, bit, cjson, struct,
 * cmsgpack and the redis API), every library table read-only, and the machinery that runs one script:
 * KEYS / ARGV, the run context for redis.call, and the conversion of the result or of the error into
 * the reply, with Redis's texts for both emulated versions.
 *
 * <p>Not thread-safe: one script runs at a time, on whichever thread holds the engine.
 */
final class LuaRuntime {
    static final String CHUNK_NAME = "@user_script";
    private static final ThreadLocal<LuaRuntime> CURRENT = new InheritableThreadLocal<>();

    final Dialect dialect;
    /** {@link Quirk#SCRIPT_ERROR_TABLES}, asked on every error path. */
    final boolean errorTables;
    /** {@link Quirk#SHORTEST_DOUBLES}: how redis.call turns a number argument into text. */
    final boolean shortestDoubles;
    final ScriptGlobals globals = new ScriptGlobals();
    final Hook hook;
    /** redisLrand48's state: 7.0 never reseeds it between scripts, 6.2 seeds it with 0 before each. */
    final Rand48 rand;

    // The script being run.
    ScriptRun run;
    String sha;
    /** Where the last error was raised: the innermost Lua function then (Redis's error handler info). */
    Hook.Position errorPosition;
    private final Positioner positioner = new Positioner(this);
    /** The error value of the last failed redis.call argument conversion. */
    LuaValue lastArgvError;

    LuaRuntime(Dialect dialect, Rand48 rand) {
        this.dialect = dialect;
        this.rand = rand;
        this.errorTables = dialect.has(Quirk.SCRIPT_ERROR_TABLES);
        this.shortestDoubles = dialect.has(Quirk.SHORTEST_DOUBLES);
        this.hook = new Hook(globals);
        Libraries.install(this);
        globals.debuglib = hook;
        globals.running.errorfunc = positioner;
    }

    static LuaRuntime current() {
        return CURRENT.get();
    }

    static LuaThread runningThread() {
        LuaRuntime rt = CURRENT.get();
        return rt == null ? null : rt.globals.running;
    }

    // ---- compiling ----------------------------------------------------------------------------------

    /**
     * A compiled script: its function (reused by every run, as Redis keeps f_<sha>), its shebang
     * flags, and how long it has been seen to run (see LuaScripting's inline runs).
     */
    static final class Compiled {
        final LuaFunction function;
        final boolean shebang;
        final boolean noWrites;
        /** Runs that ended quickly on the helper thread. */
        int fastRuns;
        /** Once slow, always run where it can go busy. */
        boolean slow;

        Compiled(LuaFunction function, boolean shebang, boolean noWrites) {
            this.function = function;
            this.shebang = shebang;
            this.noWrites = noWrites;
        }

        LuaFunction function() {
            return function;
        }

        boolean shebang() {
            return shebang;
        }

        boolean noWrites() {
            return noWrites;
        }
    }

    /**
     * luaCreateFunction: the 7.0 shebang line ("#!lua flags=...") is parsed and replaced by an empty
     * line (line numbers stay), then the body is compiled as chunk "@user_script". Errors are the
     * command's error reply.
     */
    Compiled compile(byte[] body) throws CommandException {
        int skip = 0;
        boolean shebang = false;
        boolean noWrites = false;
        if (dialect.has(Quirk.SCRIPT_SHEBANG) && body.length >= 2 && body[0] == '#' && body[1] == '!') {
            int nl = indexOf(body, (byte) '\n');
            if (nl < 0) throw new CommandException("ERR Invalid script shebang");
            String line = new String(body, 0, nl, StandardCharsets.ISO_8859_1);
            String[] parts = line.trim().split("[ \t\r\f\u000b]+");
            if (!parts[0].equals("#!lua")) throw new CommandException(Errors.shebangBadEngine(parts[0]));
            for (int i = 1; i < parts.length; i++) {
                if (!parts[i].startsWith("flags=")) throw new CommandException(Errors.shebangBadOption(parts[i]));
                for (String f : parts[i].substring(6).split(",", -1)) {
                    switch (f) {
                        case "no-writes" -> noWrites = true;
                        case "allow-oom", "allow-stale", "no-cluster", "allow-cross-slot-keys" -> { }
                        default -> throw new CommandException(Errors.shebangBadFlag(f));
                    }
                }
            }
            skip = nl;
            shebang = true;
        }
        String error = Lua51Syntax.check(body, skip, body.length, CHUNK_NAME);
        if (error != null) throw new CommandException(Errors.scriptCompileError(error));
        Prototype p;
        try {
            p = LuaC.instance.compile(new ByteArrayInputStream(body, skip, body.length - skip), CHUNK_NAME);
        } catch (LuaError e) {
            throw new CommandException(Errors.scriptCompileError(e.getMessage()));
        } catch (IOException e) {
            throw new CommandException(Errors.scriptCompileError(e.toString()));
        }
        noTailCalls(p);
        negativeZeros(p, Lua51Syntax.zeros(body, skip, body.length));
        return new Compiled(new LuaClosure(p, globals), shebang, noWrites);
    }

    /**
     * Gives a function whose zero constants are all -0 in Lua 5.1 (its first one is, see
     * {@link Lua51Syntax.Zeros}) the constant -0 that LuaJ's compiler made 0, and so on for the
     * functions it defines, as long as the two compilers agree on their number.
     */
    static void negativeZeros(Prototype p, Lua51Syntax.Zeros z) {
        if (z == null) return;
        if (Boolean.TRUE.equals(z.firstNegative)) {
            for (int i = 0; i < p.k.length; i++) {
                if (p.k[i].type() == LuaValue.TNUMBER && p.k[i].todouble() == 0) p.k[i] = LuaNumbers.NEG_ZERO;
            }
        }
        if (p.p != null && p.p.length == z.children.size()) {
            for (int i = 0; i < p.p.length; i++) negativeZeros(p.p[i], z.children.get(i));
        }
    }

    /**
     * Turns every tail call into a call followed by the return the compiler already emits after it.
     * LuaJ runs a tail call after the calling function's frame is gone, so an error in the callee would
     * lose the caller's position, which Lua 5.1 (whose tail calls of C functions keep the frame) reports.
     */
    static void noTailCalls(Prototype p) {
        int[] code = p.code;
        for (int i = 0; i < code.length; i++) {
            if ((code[i] & 0x3F) == org.luaj.vm2.Lua.OP_TAILCALL) {
                code[i] = (code[i] & ~0x3F & ~(0x1FF << 14)) | org.luaj.vm2.Lua.OP_CALL;
            }
        }
        if (p.p != null) for (Prototype child : p.p) noTailCalls(child);
    }

    private static int indexOf(byte[] b, byte c) {
        for (int i = 0; i < b.length; i++) if (b[i] == c) return i;
        return -1;
    }

    static String sha1hex(byte[] data) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-1").digest(data);
            char[] out = new char[40];
            for (int i = 0; i < 20; i++) {
                out[2 * i] = Character.forDigit((d[i] >> 4) & 15, 16);
                out[2 * i + 1] = Character.forDigit(d[i] & 15, 16);
            }
            return new String(out);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- running ------------------------------------------------------------------------------------

    /**
     * Runs a compiled script for {@code run} on the current thread and returns the reply to send.
     * {@code checkpoint} is called every {@link Hook#CHECK_EVERY} instructions (null: never).
     */
    Reply execute(ScriptRun run, String sha, Compiled script, Session scriptClient, Hook.Checkpoint checkpoint) {
        return execute(run, sha, script, scriptClient, checkpoint, false);
    }

    /**
     * As above; {@code asFunction}: a FUNCTION's callback (luaEngineCall), which gets KEYS and ARGV as its
     * two arguments instead of globals, and whose errors name the function instead of the SHA.
     */
    Reply execute(ScriptRun run, String sha, Compiled script, Session scriptClient, Hook.Checkpoint checkpoint,
                  boolean asFunction) {
        LuaRuntime previous = CURRENT.get();
        CURRENT.set(this);
        this.run = run;
        this.sha = sha;
        this.errorPosition = null;
        run.begin(scriptClient, script.noWrites());
        if (dialect.has(Quirk.LUA_RANDOM_RESEEDED_PER_SCRIPT)) rand.seed(0);
        if (!asFunction) {
            globals.setInternal("KEYS", stringArray(run.keys));
            globals.setInternal("ARGV", stringArray(run.args));
        }
        hook.reset();
        hook.checkpoint = checkpoint;
        globals.running.errorfunc = positioner;
        try {
            Varargs result = asFunction
                    ? script.function().invoke(LuaValue.varargsOf(stringArray(run.keys), stringArray(run.args)))
                    : script.function().invoke(LuaValue.NONE);
            return counted(result.arg1(), Convert.toReply(this, result.arg1(), 0));
        } catch (ScriptError e) {
            return counted(e.value, errorReply(e.value));
        } catch (LuaError e) {
            return errorReply(e.getMessageObject());
        } catch (ScriptKilled e) {
            return errorReply(killError());
        } catch (StackOverflowError e) {
            return errorReply(LuaValue.valueOf("stack overflow"));
        } catch (RuntimeException e) {
            return errorReply(LuaValue.valueOf("vm error: " + e));
        } finally {
            hook.checkpoint = null;
            hook.releaseCoroutines();
            this.run = null;
            CURRENT.set(previous);
        }
    }

    /**
     * Runs a library's code at FUNCTION LOAD (luaEngineCreate): the globals show only {@code api} while it
     * runs. Returns the error value it ended with, or null.
     */
    LuaValue runOutsideScript(LuaFunction chunk, LuaTable api, Hook.Checkpoint checkpoint) {
        LuaRuntime previous = CURRENT.get();
        CURRENT.set(this);
        this.errorPosition = null;
        hook.reset();
        hook.checkpoint = checkpoint;
        globals.running.errorfunc = positioner;
        globals.loadApi = api;
        try {
            chunk.invoke(LuaValue.NONE);
            return null;
        } catch (ScriptError e) {
            return e.value;
        } catch (LuaError e) {
            return e.getMessageObject();
        } catch (StackOverflowError e) {
            return LuaValue.valueOf("stack overflow");
        } catch (RuntimeException e) {
            return LuaValue.valueOf("vm error: " + e);
        } finally {
            globals.loadApi = null;
            hook.checkpoint = null;
            hook.releaseCoroutines();
            CURRENT.set(previous);
        }
    }

    /** An error reply from a table marked ignore_error_stats_update was counted already (7.0). */
    private Reply counted(LuaValue value, Reply reply) {
        if (reply.isError() && value.istable() && value.rawget("ignore_error_stats_update").toboolean()) {
            run.engine.errorAlreadyCounted(reply);
        }
        return reply;
    }

    /**
     * Asks the running script to stop (SCRIPT KILL): from now on every instruction of every Lua thread
     * reaches the checkpoint, which throws. Called from the command thread.
     */
    void requestStop() {
        hook.stopping = true;
    }

    private static LuaTable stringArray(byte[][] items) {
        LuaTable t = new LuaTable(items.length, 0);
        for (int i = 0; i < items.length; i++) t.rawset(i + 1, LuaString.valueOf(items[i]));
        return t;
    }

    /** The error value a killed script ends with: 7.0 raises {err=...}, 6.2 a plain string. */
    LuaValue killError() {
        return errorTables ? errTable("ERR " + Errors.SCRIPT_KILLED, false) : LuaValue.valueOf(Errors.SCRIPT_KILLED);
    }

    /**
     * The reply for a script that ended in error (eval.c luaCallFunction / 6.2 evalGenericCommand, via
     * the __redis__err__handler each version installs).
     */
    Reply errorReply(LuaValue value) {
        Hook.Position pos = errorPosition;
        if (errorTables) {
            String msg;
            if (value.istable()) {
                LuaValue err = value.rawget("err");
                msg = err.isstring() ? Convert.latin1(err) : "(null)";
            } else {
                msg = "ERR " + Convert.latin1(Libraries.tostring(value));
            }
            if (pos != null) msg += " script: " + sha + ", on " + pos.source() + ":" + pos.line() + ".";
            return Reply.error(msg);
        }
        String handled;
        if (value.isstring()) {
            String s = value.type() == LuaValue.TNUMBER ? CFormat.g14(value.todouble()) : Convert.latin1(value);
            handled = pos != null ? pos.source() + ":" + pos.line() + ": " + s : s;
        } else {
            // 6.2's handler concatenates the error value: anything but a string or number fails there.
            handled = "@err_handler_def:9: err_handler_def:9: attempt to concatenate local 'err' (a "
                    + value.typename() + " value)";
        }
        String text = "ERR Error running script (call to f_" + sha + "): " + handled;
        return Reply.error(trimCrLf(text));
    }

    static String trimCrLf(String s) {
        int a = 0, b = s.length();
        while (a < b && (s.charAt(a) == '\r' || s.charAt(a) == '\n')) a++;
        while (b > a && (s.charAt(b - 1) == '\r' || s.charAt(b - 1) == '\n')) b--;
        return s.substring(a, b);
    }

    /** Records where an error is being raised (the innermost Lua function), for the 7.0 error suffix. */
    void recordErrorPosition() {
        errorPosition = hook.innermostLua();
    }

    /** A Lua error with a final value (no position added), recording where it was raised. */
    ScriptError raise(LuaValue value) {
        recordErrorPosition();
        return new ScriptError(value);
    }

    /**
     * luaPushError (7.0, luaPushErrorBuff): "-CODE msg" keeps its code, anything else gets "ERR "; the
     * result is {err="CODE msg"} (plus ignore_error_stats_update for errors coming from commands).
     */
    LuaTable errTable(String message, boolean fromCommand) {
        LuaTable t = new LuaTable();
        t.rawset("err", Convert.luaBytes(message));
        if (fromCommand) t.rawset("ignore_error_stats_update", LuaValue.TRUE);
        return t;
    }

    static String pushErrorText(String errBuffer) {
        String msg;
        String code;
        if (errBuffer.startsWith("-")) {
            int sp = errBuffer.indexOf(' ');
            if (sp < 0) {
                msg = errBuffer.substring(1);
                code = "ERR";
            } else {
                msg = errBuffer.substring(sp + 1);
                code = errBuffer.substring(1, sp);
            }
        } else {
            msg = errBuffer;
            code = "ERR";
        }
        int a = 0, b = msg.length();
        while (a < b && (msg.charAt(a) == '\r' || msg.charAt(a) == '\n')) a++;
        while (b > a && (msg.charAt(b - 1) == '\r' || msg.charAt(b - 1) == '\n')) b--;
        return code + " " + msg.substring(a, b);
    }

    /**
     * The error value of a failed redis.call check or argument conversion: 7.0 {err="ERR msg"}; 6.2
     * {err="@user_script: 3: msg"} (luaPushError names the calling Lua function's line).
     */
    LuaTable callError(String msg, boolean fromScriptCall) {
        // a message that starts with "-" carries its own error code (Redis's shared error objects, e.g. OOM)
        if (errorTables) return errTable(pushErrorText(msg), fromScriptCall);
        Hook.Position p = hook.frameAt(1);
        LuaTable t = new LuaTable();
        t.rawset("err", LuaValue.valueOf(p != null ? p.source() + ": " + p.line() + ": " + msg : msg));
        return t;
    }

    /**
     * An error raised by a redis.* helper: 7.0 raises {err="ERR msg"} (luaPushError + luaError), 6.2 the
     * bare message.
     */
    ScriptError helperError(String msg) {
        return raise(errorTables ? errTable("ERR " + msg, false) : LuaValue.valueOf(msg));
    }

    // ---- the error positioner -----------------------------------------------------------------------

    /**
     * LuaJ's error hook (the running thread's errorfunc), called for an error raised by the VM or by a
     * library function while the Lua function it happened in is still the innermost frame: records the
     * position, rewrites LuaJ's message into Lua 5.1's, and returns "user_script:N: message".
     */
    static final class Positioner extends OneArgFunction {
        private final LuaRuntime rt;

        Positioner(LuaRuntime rt) {
            this.rt = rt;
        }

        @Override
        public LuaValue call(LuaValue arg) {
            // a string error keeps its bytes (one char per byte), not LuaJ's UTF-8 decoding of them
            String msg = arg.type() == LuaValue.TSTRING ? Convert.latin1Whole(arg) : arg.tojstring();
            rt.hook.restoreOperands();
            LuaClosure top = rt.hook.topClosure();
            if (top != null) {
                String fileline = (top.p.source != null ? top.p.source.tojstring() : "?") + ":";
                if (msg.startsWith(fileline)) {
                    int sp = msg.indexOf(' ');
                    if (sp >= 0) msg = msg.substring(sp + 1);
                }
                msg = LuaMessages.translate(msg, top, rt.hook.topPc(), rt.hook.topStack());
            }
            rt.recordErrorPosition();
            Hook.Position p = rt.hook.frameAt(1);
            return Convert.luaBytes(p != null ? p.where() + msg : msg);
        }
    }

    // ---- base functions that need the runtime -------------------------------------------------------

    /** error(message [, level]): Lua 5.1's, with the position of the function at that level. */
    final class ErrorFunction extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            LuaValue v = args.arg1();
            int level = args.narg() >= 2 ? args.checkint(2) : 1;
            if (v.isstring() && level > 0) {
                Hook.Position p = hook.frameAt(level);
                if (p != null) v = LuaValue.valueOf(p.where()).concat(v.type() == LuaValue.TNUMBER ? LuaValue.valueOf(CFormat.g14(v.todouble())) : v);
            }
            throw raise(v);
        }
    }

    /** pcall: 7.0's luaRedisPcall turns a table error with an "err" string into that string. */
    final class PcallFunction extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            LuaValue f = args.checkvalue(1);
            hook.onCall(this);
            try {
                return LuaValue.varargsOf(LuaValue.TRUE, f.invoke(args.subargs(2)));
            } catch (LuaError e) {
                LuaValue m = e instanceof ScriptError se ? se.value : e.getMessageObject();
                if (m == null) m = LuaValue.NIL;
                if (errorTables && m.istable()) {
                    LuaValue err = m.rawget("err");
                    if (err.isstring()) m = err;
                }
                return LuaValue.varargsOf(LuaValue.FALSE, m);
            } finally {
                hook.onReturn();
            }
        }
    }

    /** xpcall(f, handler): the handler gets the error value (after unwinding; no debug library here). */
    final class XpcallFunction extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            LuaValue f = args.arg1();
            LuaValue handler = args.arg(2);
            hook.onCall(this);
            try {
                return LuaValue.varargsOf(LuaValue.TRUE, f.invoke(LuaValue.NONE));
            } catch (LuaError e) {
                LuaValue m = e instanceof ScriptError se ? se.value : e.getMessageObject();
                return LuaValue.varargsOf(LuaValue.FALSE, handler.call(m == null ? LuaValue.NIL : m));
            } finally {
                hook.onReturn();
            }
        }
    }

    /** loadstring(s [, chunkname]) / load(f [, chunkname]) (Lua 5.1: load takes a reader function). */
    final class LoadFunction extends VarArgFunction {
        private final boolean fromString;

        LoadFunction(boolean fromString) {
            this.fromString = fromString;
        }

        @Override
        public Varargs invoke(Varargs args) {
            byte[] code;
            String name;
            if (fromString) {
                LuaString s = args.checkstring(1);
                code = new byte[s.rawlen()];
                s.copyInto(0, code, 0, code.length);
                name = args.isnoneornil(2) ? s.tojstring() : args.checkjstring(2);
            } else {
                LuaFunction reader = args.checkfunction(1);
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                while (true) {
                    LuaValue piece = reader.call();
                    if (piece.isnil() || (piece.isstring() && piece.rawlen() == 0)) break;
                    if (!piece.isstring()) return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("reader function must return a string"));
                    LuaString ls = piece.checkstring();
                    byte[] b = new byte[ls.rawlen()];
                    ls.copyInto(0, b, 0, b.length);
                    out.writeBytes(b);
                }
                code = out.toByteArray();
                name = args.isnoneornil(2) ? "=(load)" : args.checkjstring(2);
            }
            String err = Lua51Syntax.check(code, 0, code.length, name);
            if (err != null) return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(err));
            try {
                Prototype p = LuaC.instance.compile(new ByteArrayInputStream(code), name);
                noTailCalls(p);
                negativeZeros(p, Lua51Syntax.zeros(code, 0, code.length));
                return new LuaClosure(p, globals);
            } catch (LuaError e) {
                return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(e.getMessage()));
            } catch (IOException e) {
                return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(e.toString()));
            }
        }
    }

    /** newproxy([bool|proxy]): a bare userdata, with a fresh metatable when asked. */
    static final class NewproxyFunction extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            LuaUserdata u = new LuaUserdata(new Object());
            LuaValue a = args.arg1();
            if (a.toboolean()) {
                if (a.isuserdata()) u.setmetatable(a.getmetatable());
                else u.setmetatable(new LuaTable());
            }
            return u;
        }
    }
}
