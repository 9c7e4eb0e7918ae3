package io.redisdouble.command;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.dialect.Quirk;
import io.redisdouble.resp.Reply;
import io.redisdouble.util.Bytes;

/**
 * One EVAL / EVALSHA invocation as the scripting engine sees it (Redis's scriptRunCtx): the caller,
 * the instant the script runs at (time is frozen for the whole script, as Redis does), KEYS and ARGV,
 * and {@link #call}, which runs a command on behalf of the script the way script.c scriptCall does.
 */
public final class ScriptRun {
    /** A redis.call refused before the command ran (unknown command, arity, noscript, write in RO). */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }

    public final Engine engine;
    public final Session caller;
    /** The EVAL's time, used by every command the script runs. */
    public final long now;
    /** The EVAL's instant in microseconds (TIME inside the script, 7.2), or Long.MIN_VALUE. */
    final long nowMicros;
    /** Set once the script runs past busy-reply-threshold (the server then serves others between its slices). */
    private volatile boolean busy;
    /** The script text (EVAL), or null (EVALSHA). */
    public final byte[] body;
    /** The SHA given to EVALSHA (as sent), or null (EVAL). */
    public final byte[] sha;
    public final byte[][] keys;
    public final byte[][] args;
    /** EVAL_RO / EVALSHA_RO. */
    public final boolean readOnlyCommand;
    /** The caller's command line (FCALL: FUNCTION STATS shows it), or null. */
    public byte[][] command;

    /** The 7.0 flag allow-cross-slot-keys: the script's commands may use keys of several slots. */
    boolean allowCrossSlot;
    /** In a cluster: the slot of the keys the script used so far (the caller's c->slot), or -1. */
    int clusterSlot;

    private Session client;
    /** The command name of the last call (as sent) and what it resolved to, null if unknown. */
    private byte[] lastName;
    private CommandSpec lastSpec;
    private boolean readOnly;
    /** The 7.0 shebang flag allow-oom: deny-oom commands run even over maxmemory. */
    boolean allowOom;
    private boolean wrote;
    private boolean sideEffects;

    ScriptRun(Engine engine, Session caller, long now, byte[] body, byte[] sha, byte[][] keys, byte[][] args,
              boolean readOnlyCommand) {
        this.engine = engine;
        this.caller = caller;
        this.now = now;
        this.nowMicros = engine.commandMicros;
        this.body = body;
        this.sha = sha;
        this.keys = keys;
        this.args = args;
        this.readOnlyCommand = readOnlyCommand;
        this.readOnly = readOnlyCommand;
        this.clusterSlot = ClusterCommands.declaredSlot(keys);
    }

    public Dialect dialect() {
        return engine.dialect();
    }

    /**
     * Prepares the script client (Redis's lua client) for this run, as scriptPrepareForRun: the
     * caller's database, RESP2 until redis.setresp, authenticated. {@code noWrites} is the 7.0
     * shebang flag {@code no-writes}: write commands are then refused as in an _RO call.
     */
    public void begin(Session scriptClient, boolean noWrites) {
        this.client = scriptClient;
        scriptClient.script = true;
        this.wrote = false;
        this.sideEffects = false;
        scriptClient.db = caller.db;
        scriptClient.proto = 2;
        scriptClient.authenticated = true;
        scriptClient.user = caller.user;
        if (noWrites) readOnly = true;
    }

    /**
     * The script has run past busy-reply-threshold: from now on TIME inside it reads the clock, as Redis's
     * TIME reads server.ustime, which afterSleep refreshes while the busy script processes events.
     */
    public void becameBusy() {
        busy = true;
    }

    /** The protocol of the script client (redis.setresp), which shapes replies converted to Lua. */
    public int resp() {
        return client.proto;
    }

    public void setResp(int resp) {
        client.proto = resp;
    }

    /** The caller's protocol: how the script's final reply is encoded. */
    public int callerResp() {
        return caller.proto;
    }

    /** True once a write command ran (SCRIPT KILL then answers UNKILLABLE). */
    public boolean wrote() {
        return wrote;
    }

    /** lookupCommand (7.0): the command, or its subcommand when it is a container and one is given. */
    /** redis.acl_check_cmd: whether the caller's user may run the command with these arguments. */
    public boolean aclAllows(byte[][] argv) {
        if (caller.user == null) return true;
        CommandSpec spec = engine.resolve(argv);
        return spec == null || engine.acl().check(caller.user, spec, argv).result() == Acl.OK;
    }

    public boolean commandExists(byte[][] argv) {
        CommandSpec spec = engine.table().lookup(argv[0]);
        if (spec == null) return false;
        if (spec.isContainer() && argv.length > 1) return spec.subcommands.get(Bytes.lower(argv[1])) != null;
        return true;
    }

    /**
     * True once a command not flagged read-only ran: the script can then no longer be run again from
     * the start as if it had not run (see the scripting engine's inline runs).
     */
    public boolean hadSideEffects() {
        return sideEffects;
    }

    /** scriptCall's error path: a refused command counts as a rejected call of it (INFO commandstats). */
    private Refused refuse(CommandSpec spec, String message) {
        if (spec != null) engine.rejected(spec);
        // 7.0 counts the refusal as an error reply (its error table then carries ignore_error_stats_update)
        if (engine.dialect().has(Quirk.SCRIPT_ERROR_TABLES)) engine.scriptRefusal(message);
        return new Refused(message);
    }

    /**
     * Runs one command for the script (redis.call / redis.pcall) and returns its reply, an error reply
     * included. Throws {@link Refused} with the version's text (without "ERR ") when the command may not
     * run: unknown command, wrong arity, a noscript command, or a write in a read-only script — checked
     * in that order, as script.c scriptCall (7.0) and luaRedisGenericCommand (6.2) do.
     */
    public Reply call(byte[][] argv) throws Refused {
        Dialect v = engine.dialect();
        boolean subcommands = v.has(Quirk.SUBCOMMANDS_AS_COMMANDS);
        CommandSpec spec;
        if (java.util.Arrays.equals(argv[0], lastName)) {
            spec = lastSpec; // a loop calls the same command again and again
        } else {
            spec = engine.table().lookup(argv[0]);
            // A command the real server's table lacks (6.2's QUIT, handled in its networking code) is unknown here.
            if (spec != null && !engine.table().known(spec.name)) spec = null;
            lastName = argv[0];
            lastSpec = spec;
        }
        if (spec == null) throw refuse(null, Errors.scriptUnknownCommand(v));
        String containerError = null;
        if (spec.isContainer()) {
            if (argv.length == 1) {
                if (!spec.arityOk(1)) throw refuse(spec, Errors.scriptWrongArity(v));
            } else if (subcommands) {
                CommandSpec sub = spec.subcommands.get(Bytes.lower(argv[1]));
                if (sub == null) throw refuse(null, Errors.scriptUnknownCommand(v));
                spec = sub;
            } else {
                // 6.2 looks up the container only; the container itself answers for a bad subcommand.
                if (!spec.arityOk(argv.length)) throw refuse(spec, Errors.scriptWrongArity(v));
                CommandSpec sub = spec.subcommands.get(Bytes.lower(argv[1]));
                if (spec.has(Flag.NOSCRIPT)) throw refuse(spec, Errors.scriptNotAllowed(v));
                if (sub == null || !sub.arityOk(argv.length)) {
                    containerError = Errors.unknownSubcommand(v, argv[1], spec.name);
                } else {
                    spec = sub;
                }
            }
        }
        if (!spec.arityOk(argv.length)) throw refuse(spec, Errors.scriptWrongArity(v));
        if (spec.has(Flag.NOSCRIPT) || (spec.parent != null && !subcommands && spec.parent.has(Flag.NOSCRIPT))) {
            throw refuse(spec, Errors.scriptNotAllowed(v));
        }
        if (caller.user != null) {
            // scriptVerifyACL: the caller's user; a refusal is logged with context "lua".
            Acl.Check check = engine.acl().check(caller.user, spec, argv);
            if (check.result() != Acl.OK) {
                engine.aclDenied(caller, spec, argv, check, Acl.CTX_LUA, now);
                throw refuse(spec, engine.acl().scriptNopermError(caller.user, spec, check));
            }
        }
        if (readOnly && (spec.has(Flag.WRITE) || spec.has(Flag.MAY_REPLICATE))) {
            throw refuse(spec, Errors.SCRIPT_WRITE_IN_READ_ONLY);
        }
        // scriptVerifyWriteCommandAllow: a write while min-replicas-to-write is not met
        if (spec.has(Flag.WRITE) && engine.config().notEnoughGoodReplicas()) {
            throw refuse(spec, "-" + Errors.NOREPLICAS + "\r\n");
        }
        // scriptVerifyOOM: over maxmemory when the script started, its first deny-oom command is refused
        // (after a write it can no longer stop halfway); a shebang script with allow-oom is never refused.
        if (!wrote && spec.has(Flag.DENYOOM) && engine.preCommandOom() && !allowOom) {
            throw refuse(spec, "-" + Errors.OOM + "\r\n"); // shared.oomerr, CRLF included (6.2 shows it)
        }
        if (engine.cluster() != null) {
            String clusterError = ClusterCommands.routeScriptCommand(engine, this, spec, argv);
            if (clusterError != null) throw refuse(spec, clusterError);
        }
        if (spec.has(Flag.WRITE)) wrote = true;
        if (!spec.has(Flag.READONLY)) sideEffects = true;
        if (containerError != null) return Reply.error(containerError);
        // A busy script's slices run between other clients' commands: its commands keep the EVAL's instant,
        // but for TIME, which reads server.ustime: afterSleep refreshes it while a busy script lets the
        // server process events (cmd_time_snapshot, which expiry and TTLs use, stays).
        engine.commandMicros = busy ? Long.MIN_VALUE : nowMicros;
        Reply r = engine.call(client, spec, argv, now);
        return r == null ? Reply.NIL : r;
    }
}
