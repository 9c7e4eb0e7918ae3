package io.redisdouble.command;

import io.redisdouble.resp.Reply;

import java.util.Iterator;
import java.util.ServiceLoader;

/**
 * The scripting engine behind EVAL, EVALSHA, their _RO forms and SCRIPT (Redis's eval.c + script.c +
 * script_lua.c). The command package reaches it only through this interface; the Lua implementation
 * lives in {@code io.redisdouble.script} and is found with {@link ServiceLoader}, so {@code command}
 * never imports it.
 *
 * <p>Everything here runs on the command thread, except that a script itself may run on a helper
 * thread while the command thread is parked (see {@link #isBusy}): at any instant exactly one of them
 * touches the engine.
 */
public interface Scripting {
    /**
     * Runs a script (EVAL / EVALSHA): the body or SHA is resolved, compiled at most once (cached by SHA),
     * and run. Returns the reply, or null when the script is still running past busy-reply-threshold
     * and its reply will be sent later through the caller's {@link Session.Link#push}.
     */
    Reply eval(ScriptRun run) throws CommandException;

    /** SCRIPT LOAD: compiles and caches the body, returns its SHA1 (40 lower-case hex digits). */
    byte[] load(byte[] body) throws CommandException;

    /** SCRIPT EXISTS for one SHA (case-insensitive, as Redis lower-cases it). */
    boolean exists(byte[] sha);

    /** SCRIPT SHOW: the body of a cached script (SHA case-insensitive), or null. */
    default byte[] body(byte[] sha) {
        return null;
    }

    /** SCRIPT FLUSH: forgets every cached script. */
    void flush();

    /** SCRIPT KILL: NOTBUSY, UNKILLABLE, or OK after asking the running script to stop. */
    Reply kill();

    /** True while a script runs past busy-reply-threshold: other clients get BUSY. */
    boolean isBusy();

    /**
     * While busy, the calling client's further requests wait until its script ends (Redis does not
     * read from a client blocked in a script). Returns true if {@code argv} was queued for {@code s}.
     */
    boolean deferIfRunning(Session s, byte[][] argv);

    // ---- functions (7.0: functions.c, function_lua.c) -------------------------------------------------

    /** INFO number_of_cached_scripts: the scripts EVAL / SCRIPT LOAD compiled since the last SCRIPT FLUSH. */
    default int cachedScripts() {
        return 0;
    }

    /** The loaded function libraries (they survive SCRIPT FLUSH). */
    default Functions functions() {
        throw new UnsupportedOperationException("functions need the Lua runtime");
    }

    /**
     * Compiles a library's code (the part after its shebang line, which starts with the line's '\n') and
     * runs it so that it registers its functions (luaEngineCreate). Returns them in registration order, or
     * throws the command's error ("Error compiling function: …", "Error registering functions: …").
     */
    default java.util.List<Functions.Function> createLibrary(byte[] code, int from) throws CommandException {
        throw Call.error("ERR scripting is not available (no Lua runtime on the class path)");
    }

    /** Forgets the compiled callbacks of libraries no longer loaded (FUNCTION FLUSH / DELETE / replace). */
    default void functionsChanged() {}

    /** FCALL / FCALL_RO: runs a loaded function like {@link #eval}, busy-script rules included. */
    default Reply fcall(ScriptRun run, Functions.Function f) throws CommandException {
        throw Call.error("ERR scripting is not available (no Lua runtime on the class path)");
    }

    /** FUNCTION STATS while a script runs: the running function's name, or null for an EVAL script. */
    default String runningFunction() {
        return null;
    }

    /** The running busy script (FUNCTION STATS), or null. */
    default ScriptRun running() {
        return null;
    }

    /** How long the running busy script has run, in ms (FUNCTION STATS duration_ms). */
    default long runningMillis() {
        return 0;
    }

    /** SCRIPT KILL ({@code function} false) or FUNCTION KILL (true). */
    default Reply kill(boolean function) {
        return kill();
    }

    /** The engine's scripting: the Lua implementation if present, else one that refuses scripts. */
    static Scripting load(Engine engine) {
        Iterator<Factory> it = Holder.FACTORIES.iterator();
        if (it.hasNext()) return it.next().create(engine);
        return new Scripting() {
            @Override
            public Reply eval(ScriptRun run) throws CommandException {
                throw Call.error("ERR scripting is not available (no Lua runtime on the class path)");
            }

            @Override
            public byte[] load(byte[] body) throws CommandException {
                throw Call.error("ERR scripting is not available (no Lua runtime on the class path)");
            }

            @Override
            public boolean exists(byte[] sha) {
                return false;
            }

            @Override
            public void flush() {}

            @Override
            public Reply kill() {
                return Reply.error(Errors.NOTBUSY);
            }

            @Override
            public boolean isBusy() {
                return false;
            }

            @Override
            public boolean deferIfRunning(Session s, byte[][] argv) {
                return false;
            }
        };
    }

    /** Creates the scripting of one engine (registered in META-INF/services). */
    interface Factory {
        Scripting create(Engine engine);
    }

    /** Lazily found factories, looked up once per class loader. */
    final class Holder {
        private Holder() {}

        static final java.util.List<Factory> FACTORIES = new java.util.ArrayList<>();

        static {
            for (Factory f : ServiceLoader.load(Factory.class, Scripting.class.getClassLoader())) FACTORIES.add(f);
        }
    }
}
