package io.redisdouble.script;

import io.redisdouble.command.CommandException;
import io.redisdouble.command.Engine;
import io.redisdouble.command.Errors;
import io.redisdouble.command.ScriptRun;
import io.redisdouble.command.Scripting;
import io.redisdouble.command.Session;
import io.redisdouble.dialect.Quirk;
import io.redisdouble.resp.Reply;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;

/**
 * EVAL & co on LuaJ (eval.c): a script cache by SHA1 (each body compiled once), one Lua state per
 * engine, and Redis's busy-script behaviour.
 *
 * <p><b>Busy scripts.</b> Redis runs a script on its only thread and, once it has run longer than
 * busy-reply-threshold (lua-time-limit), processes events from inside the Lua hook: other clients get
 * BUSY, SCRIPT KILL stops the script. Here the command thread is Netty's event loop, which cannot
 * process I/O from inside a handler; so a script started by a network client runs on a helper thread
 * while the command thread waits for it — ownership of the engine passes from one thread to the other
 * and back, never shared. If the script ends before the threshold, the command thread gets the reply
 * and carries on, as with any command. Past the threshold the script parks at its next checkpoint and
 * hands the engine back: the EVAL's reply is deferred, the event loop serves I/O (answering BUSY to
 * other clients, accepting SCRIPT KILL, queueing the caller's own further requests), and every few
 * milliseconds a task on the event loop lends the engine to the script again for a slice. When the
 * script ends, its reply is pushed to the caller and the caller's queued requests run.
 *
 * <p>Scripts run inline (on the calling thread, never busy) when the caller's link cannot schedule work
 * on the command thread (in-process use), inside EXEC, or when the threshold is 0.
 */
public final class LuaScripting implements Scripting {
    /** ServiceLoader entry point (META-INF/services/io.redisdouble.command.Scripting$Factory). */
    public static final class Factory implements Scripting.Factory {
        @Override
        public Scripting create(Engine engine) {
            return new LuaScripting(engine);
        }
    }

    /**
     * Busy-wait iterations before a thread waiting for its turn parks: most scripts take a few
     * microseconds, less than a park/unpark round trip.
     */
    static final int SPINS = 1_000;

    /** How long a script may run on the command thread itself before it counts as slow. */
    static final long INLINE_BUDGET_NANOS = 20_000_000L;

    /** How long a busy script runs before it lets the event loop serve I/O again. */
    static final long SLICE_NANOS = 20_000_000L;

    private final Engine engine;
    private LuaRuntime lua;
    /** redisLrand48's state outlives the Lua state (rand.c keeps it in a C static). */
    private final Rand48 rand = new Rand48();
    private Session scriptClient;
    private final Map<String, LuaRuntime.Compiled> cache = new HashMap<>();
    /** The body of each cached script, by SHA (SCRIPT SHOW). */
    private final Map<String, byte[]> bodies = new HashMap<>();
    private volatile Execution busy;
    private final Worker worker = new Worker();
    /** FUNCTION libraries, and the separate Lua state their code runs in (as Redis's Lua engine has one). */
    private final io.redisdouble.command.Functions functions = new io.redisdouble.command.Functions();
    private LuaFunctions functionEngine;

    LuaScripting(Engine engine) {
        this.engine = engine;
    }

    private LuaRuntime lua() {
        if (lua == null) lua = new LuaRuntime(engine.dialect(), rand);
        return lua;
    }

    private Session scriptClient() {
        if (scriptClient == null) {
            scriptClient = engine.internalSession(new Session.Link() {
                @Override
                public void push(Reply reply) {}

                @Override
                public void closeAfterReply() {}

                @Override
                public String peerAddress() {
                    return "";
                }

                @Override
                public String localAddress() {
                    return "";
                }
            });
        }
        return scriptClient;
    }

    // ---- cache -------------------------------------------------------------------------------------

    private LuaRuntime.Compiled compileAndCache(byte[] body, String sha) throws CommandException {
        LuaRuntime.Compiled c = cache.get(sha);
        if (c != null) return c;
        c = lua().compile(body);
        cache.put(sha, c);
        bodies.put(sha, body.clone());
        return c;
    }

    @Override
    public byte[] load(byte[] body) throws CommandException {
        String sha = LuaRuntime.sha1hex(body);
        compileAndCache(body, sha);
        return sha.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public boolean exists(byte[] sha) {
        return cache.containsKey(lowerSha(sha));
    }

    @Override
    public byte[] body(byte[] sha) {
        return bodies.get(lowerSha(sha));
    }

    @Override
    public void flush() {
        // SCRIPT FLUSH also replaces the Lua state (scriptingReset): cjson settings start over.
        cache.clear();
        bodies.clear();
        lua = null;
    }

    private static String lowerSha(byte[] sha) {
        return new String(sha, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
    }

    // ---- running -----------------------------------------------------------------------------------

    @Override
    public Reply eval(ScriptRun run) throws CommandException {
        String sha;
        LuaRuntime.Compiled script;
        if (run.body != null) {
            sha = LuaRuntime.sha1hex(run.body);
            script = compileAndCache(run.body, sha);
        } else {
            sha = lowerSha(run.sha);
            script = cache.get(sha);
            if (script == null) throw new CommandException(Errors.noscript(engine.dialect()));
        }
        if (run.readOnlyCommand && script.shebang() && !script.noWrites()) {
            throw new CommandException(Errors.SCRIPT_RO_WITH_WRITE_FLAG);
        }
        return run(run, sha, script, lua(), false);
    }

    /**
     * Runs a compiled script or function: inline when it cannot go busy or is known to be quick, else on
     * the helper thread with the busy-script hand-off (see the class comment).
     */
    private Reply run(ScriptRun run, String sha, LuaRuntime.Compiled script, LuaRuntime rt, boolean asFunction) {
        Executor loop = run.caller.link() == null ? null : run.caller.link().commandThread();
        long thresholdMs = busyThresholdMillis();
        if (loop == null || run.caller.inExec() || thresholdMs <= 0) {
            return rt.execute(run, sha, script, scriptClient(), null, asFunction);
        }
        long budget = Math.min(INLINE_BUDGET_NANOS, thresholdMs * 1_000_000L / 2);
        if (script.fastRuns > 0 && !script.slow) {
            // A script seen to end quickly runs right here, without the hand-off to the helper thread.
            // Should it run long this time and have changed nothing yet, it starts over there; having
            // changed something, it finishes here (and later runs go to the helper thread).
            long randState = rt.rand.state();
            long deadline = System.nanoTime() + budget;
            try {
                return rt.execute(run, sha, script, scriptClient(), () -> {
                    if (System.nanoTime() < deadline) return;
                    if (!run.hadSideEffects()) throw ScriptRestart.INSTANCE;
                    script.slow = true;
                }, asFunction);
            } catch (ScriptRestart restart) {
                rt.rand.restore(randState);
            }
        }
        Execution e = new Execution(run, sha, script, loop, thresholdMs * 1_000_000L, rt, asFunction);
        e.start();
        if (e.done) {
            if (System.nanoTime() - e.startNanos < budget) script.fastRuns++;
            else script.slow = true;
            return e.result();
        }
        script.slow = true;
        run.becameBusy();
        busy = e;
        loop.execute(e::resume);
        return null;
    }

    private long busyThresholdMillis() {
        String v = engine.config().get(engine.dialect().has(Quirk.BUSY_REPLY_THRESHOLD) ? "busy-reply-threshold" : "lua-time-limit");
        if (v == null) v = engine.config().get("lua-time-limit");
        if (v == null) return 5000;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return 5000;
        }
    }

    @Override
    public Reply kill() {
        return kill(false);
    }

    /** scriptKill: SCRIPT KILL stops only an EVAL script, FUNCTION KILL only a function. */
    @Override
    public Reply kill(boolean function) {
        Execution e = busy;
        if (e == null) return Reply.error(Errors.NOTBUSY);
        if (e.run.wrote()) return Reply.error(Errors.UNKILLABLE);
        if (e.asFunction != function) return Reply.error(Errors.busyScript(engine.dialect(), e.asFunction));
        e.killRequested = true;
        e.rt.requestStop();
        return Reply.OK;
    }

    // ---- functions ---------------------------------------------------------------------------------

    @Override
    public int cachedScripts() {
        return cache.size();
    }

    @Override
    public io.redisdouble.command.Functions functions() {
        return functions;
    }

    private LuaFunctions functionEngine() {
        if (functionEngine == null) functionEngine = new LuaFunctions(new LuaRuntime(engine.dialect(), rand));
        return functionEngine;
    }

    @Override
    public java.util.List<io.redisdouble.command.Functions.Function> createLibrary(byte[] code, int from)
            throws CommandException {
        return functionEngine().create(code, from);
    }

    @Override
    public Reply fcall(ScriptRun run, io.redisdouble.command.Functions.Function f) throws CommandException {
        LuaRuntime.Compiled script = (LuaRuntime.Compiled) f.handle();
        return run(run, f.name(), script, functionEngine().rt, true);
    }

    @Override
    public String runningFunction() {
        Execution e = busy;
        return e == null || !e.asFunction ? null : e.sha;
    }

    @Override
    public ScriptRun running() {
        Execution e = busy;
        return e == null ? null : e.run;
    }

    @Override
    public long runningMillis() {
        Execution e = busy;
        return e == null ? 0 : (System.nanoTime() - e.startNanos) / 1_000_000L;
    }

    @Override
    public boolean isBusy() {
        return busy != null;
    }

    @Override
    public boolean deferIfRunning(Session s, byte[][] argv) {
        Execution e = busy;
        if (e == null || e.run.caller != s) return false;
        e.deferred.add(argv);
        return true;
    }

    /**
     * One script on the helper thread. {@code turn} says who owns the engine: the command thread
     * ({@link #LOOP}) or the script ({@link #SCRIPT}); the other one is parked. Writes before a turn
     * change happen-before reads after it (volatile).
     */
    private final class Execution implements Hook.Checkpoint {
        static final int LOOP = 0, SCRIPT = 1;
        final ScriptRun run;
        final String sha;
        final LuaRuntime.Compiled script;
        final Executor loop;
        final long thresholdNanos;
        final LuaRuntime rt;
        final boolean asFunction;
        final ArrayDeque<byte[][]> deferred = new ArrayDeque<>();
        volatile int turn = LOOP;
        volatile boolean done;
        volatile boolean killRequested;
        private Reply reply;
        private Throwable failure;
        private long startNanos;
        private long sliceEnd;
        private Thread loopThread;
        private Thread scriptThread;

        Execution(ScriptRun run, String sha, LuaRuntime.Compiled script, Executor loop, long thresholdNanos,
                  LuaRuntime rt, boolean asFunction) {
            this.rt = rt;
            this.asFunction = asFunction;
            this.run = run;
            this.sha = sha;
            this.script = script;
            this.loop = loop;
            this.thresholdNanos = thresholdNanos;
        }

        /** Starts the script on the helper thread and waits until it ends or first passes the threshold. */
        void start() {
            startNanos = System.nanoTime();
            sliceEnd = startNanos + thresholdNanos;
            loopThread = Thread.currentThread();
            turn = SCRIPT;
            worker.submit(this);
            awaitTurn(LOOP);
        }

        /** On the helper thread. */
        void runScript() {
            scriptThread = Thread.currentThread();
            try {
                reply = rt.execute(run, sha, script, scriptClient(), this, asFunction);
            } catch (Throwable t) {
                failure = t;
            }
            done = true;
            handTo(LOOP, loopThread);
        }

        Reply result() {
            if (failure instanceof RuntimeException re) throw re;
            if (failure instanceof Error err) throw err;
            return reply;
        }

        /** The hook's periodic call, on the script's thread: yields once the slice is over. */
        @Override
        public void check() {
            if (!killRequested && System.nanoTime() < sliceEnd) return;
            if (!killRequested) {
                scriptThread = Thread.currentThread();
                handTo(LOOP, loopThread);
                awaitTurn(SCRIPT);
            }
            if (killRequested) {
                rt.recordErrorPosition();
                throw new ScriptKilled();
            }
        }

        /** A task on the command thread: lends the engine to the script for one slice. */
        void resume() {
            loopThread = Thread.currentThread();
            sliceEnd = System.nanoTime() + SLICE_NANOS;
            handTo(SCRIPT, scriptThread);
            awaitTurn(LOOP);
            if (!done) {
                loop.execute(this::resume);
                return;
            }
            finish();
        }

        /** On the command thread once the script ended: the reply, then the caller's queued requests. */
        private void finish() {
            busy = null;
            Session caller = run.caller;
            Reply r;
            try {
                r = result();
            } catch (RuntimeException | Error t) {
                r = Reply.error("ERR " + t);
            }
            if (r != null) caller.link().push(r);
            if (engine.sessions().get(caller.id()) != caller) return; // the client went away meanwhile
            while (!deferred.isEmpty()) {
                byte[][] argv = deferred.poll();
                Reply next = engine.execute(caller, argv);
                if (next != null) caller.link().push(next);
                if (caller.isClosing()) {
                    caller.link().closeAfterReply();
                    deferred.clear();
                    return;
                }
                Execution again = busy;
                if (again != null) {
                    // The replayed request started another long script: the rest waits for that one.
                    again.deferred.addAll(deferred);
                    deferred.clear();
                    return;
                }
            }
        }

        private void handTo(int who, Thread t) {
            turn = who;
            if (t != null) LockSupport.unpark(t);
        }

        private void awaitTurn(int who) {
            int spins = 0;
            while (turn != who) {
                if (spins < SPINS) {
                    spins++;
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
        }
    }

    /**
     * The engine's helper thread for scripts: started on first use, it exits after a minute without
     * work, so engines that are dropped leave no thread behind. Daemon, with a large stack (Lua
     * recursion becomes Java recursion in LuaJ).
     */
    private static final class Worker {
        private Thread thread;
        private Execution next;

        synchronized void submit(Execution e) {
            next = e;
            if (thread == null) {
                thread = new Thread(null, this::loop, "redis-double-lua", 64L << 20);
                thread.setDaemon(true);
                thread.start();
            } else {
                notifyAll();
            }
        }

        private void loop() {
            while (true) {
                Execution e;
                synchronized (this) {
                    long deadline = System.currentTimeMillis() + 60_000;
                    while (next == null) {
                        long wait = deadline - System.currentTimeMillis();
                        if (wait <= 0) {
                            thread = null;
                            return;
                        }
                        try {
                            wait(wait);
                        } catch (InterruptedException ie) {
                            thread = null;
                            return;
                        }
                    }
                    e = next;
                    next = null;
                }
                e.runScript();
            }
        }
    }
}
