package io.redisdouble.command;

import io.redisdouble.keyspace.Database;
import io.redisdouble.keyspace.Keyspace;
import io.redisdouble.keyspace.KeyspaceListener;
import io.redisdouble.resp.Reply;
import io.redisdouble.time.TimeSource;
import io.redisdouble.util.Bytes;
import io.redisdouble.util.RedisVersion;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The one entry point for executing commands (processCommand + call). Not thread-safe: everything
 * runs on the single command thread, which makes every command atomic, as in Redis.
 */
public final class Engine implements KeyspaceListener {
    private final ServerConfig config;
    private final CommandTable table;
    private final Keyspace keyspace;
    private final TimeSource time;
    private final SplittableRandom random;
    private final Scripting scripting;
    private final Map<Long, Session> sessions = new LinkedHashMap<>();
    private final Map<Session.WatchedKey, List<Session>> watchers = new HashMap<>();
    private final long startMillis;
    private long nextClientId = 1;
    private long commandsProcessed;
    private long connectionsReceived;
    private long expiredKeysActive;

    public Engine(ServerConfig config, TimeSource time, long seed) {
        this.config = config;
        this.table = CommandTable.standard(config.version());
        this.keyspace = new Keyspace(config.databases(), this);
        this.time = time;
        this.random = new SplittableRandom(seed);
        this.startMillis = time.currentTimeMillis();
        this.scripting = Scripting.load(this);
    }

    /** EVAL's engine (Lua); see {@link Scripting}. */
    public Scripting scripting() {
        return scripting;
    }

    public ServerConfig config() {
        return config;
    }

    public RedisVersion version() {
        return config.version();
    }

    public CommandTable table() {
        return table;
    }

    public Keyspace keyspace() {
        return keyspace;
    }

    public TimeSource time() {
        return time;
    }

    public SplittableRandom random() {
        return random;
    }

    public long startMillis() {
        return startMillis;
    }

    public long commandsProcessed() {
        return commandsProcessed;
    }

    public long connectionsReceived() {
        return connectionsReceived;
    }

    public Map<Long, Session> sessions() {
        return sessions;
    }

    // ---- client lifecycle -------------------------------------------------------------------------

    public Session connect(Session.Link link) {
        Session s = new Session(nextClientId++, link, time.currentTimeMillis());
        s.authenticated = config.requirepass() == null;
        sessions.put(s.id, s);
        connectionsReceived++;
        return s;
    }

    /**
     * A client for in-process use (the direct API), like Redis's fake clients: authenticated, and not
     * listed by CLIENT LIST or counted in INFO.
     */
    public Session internalSession(Session.Link link) {
        Session s = new Session(0, link, time.currentTimeMillis());
        s.authenticated = true;
        return s;
    }

    /** Switches an in-process client's database. */
    public void selectInternal(Session s, int db) {
        s.db = db;
    }

    public boolean isAuthenticated(Session s) {
        return s.authenticated;
    }

    public void disconnect(Session s) {
        unwatchAll(s);
        sessions.remove(s.id);
    }

    // ---- execution ----------------------------------------------------------------------------------

    /**
     * Runs one request and returns the reply to send, or null when nothing is to be sent (CLIENT REPLY
     * OFF/SKIP, empty request).
     */
    public Reply execute(Session s, byte[][] argv) {
        if (argv.length == 0) return null;
        // A client whose script runs past busy-reply-threshold is not served until it ends.
        if (scripting.isBusy() && scripting.deferIfRunning(s, argv)) return null;
        long now = time.currentTimeMillis();
        s.lastInteractionMillis = now;
        Reply r = process(s, argv, now);
        if (s.replyMode != Session.ReplyMode.ON) {
            if (s.replyMode == Session.ReplyMode.SKIP) {
                if (s.skipArmed) {
                    s.skipArmed = false; // the CLIENT REPLY SKIP command itself
                } else {
                    s.replyMode = Session.ReplyMode.ON;
                }
            }
            return null;
        }
        return r;
    }

    private Reply process(Session s, byte[][] argv, long now) {
        RedisVersion v = config.version();
        CommandSpec spec = table.lookup(argv[0]);
        if (spec == null) {
            flagTransaction(s);
            return Reply.error(Errors.unknownCommand(v, argv));
        }
        String deferredError = null; // 6.2 reports subcommand errors from inside the command, after AUTH
        if (spec.isContainer()) {
            if (argv.length == 1) {
                flagTransaction(s);
                return Reply.error(Errors.wrongArity(spec.fullName));
            }
            CommandSpec sub = spec.subcommands.get(Bytes.lower(argv[1]));
            if (sub == null || !sub.arityOk(argv.length)) {
                String err = sub == null || !v.isAtLeast7()
                        ? Errors.unknownSubcommand(v, argv[1], spec.name)
                        : Errors.wrongArity(sub.fullName);
                if (v.isAtLeast7()) {
                    flagTransaction(s);
                    return Reply.error(err);
                }
                deferredError = err;
            }
            if (sub != null) spec = sub;
        } else if (!spec.arityOk(argv.length)) {
            flagTransaction(s);
            return Reply.error(Errors.wrongArity(spec.fullName));
        }
        if (!s.authenticated && !spec.has(Flag.NO_AUTH)) {
            flagTransaction(s);
            return Reply.error(Errors.NOAUTH);
        }
        if (scripting.isBusy() && !ScriptingCommands.allowedWhileBusy(v, spec, argv)) {
            flagTransaction(s);
            return Reply.error(Errors.BUSY_SCRIPT);
        }
        if (deferredError != null) return Reply.error(deferredError);
        if (s.inMulti && !spec.has(Flag.NO_MULTI)) {
            s.queued.add(argv);
            return Reply.QUEUED;
        }
        return call(s, spec, argv, now);
    }

    /** call(): runs a resolved, validated command. Used by EXEC and scripts as well. */
    Reply call(Session s, CommandSpec spec, byte[][] argv, long now) {
        commandsProcessed++;
        s.lastCommand = spec.fullName;
        try {
            return spec.handler.run(new Call(this, s, argv, now, spec));
        } catch (CommandException e) {
            return e.reply();
        }
    }

    /** Resolves the spec for an already validated argv (queued in MULTI). */
    CommandSpec resolve(byte[][] argv) {
        CommandSpec spec = table.lookup(argv[0]);
        if (spec != null && spec.isContainer() && argv.length > 1) {
            CommandSpec sub = spec.subcommands.get(Bytes.lower(argv[1]));
            if (sub != null) return sub;
        }
        return spec;
    }

    private void flagTransaction(Session s) {
        if (s.inMulti) s.multiAborted = true;
    }

    // ---- expiry -------------------------------------------------------------------------------------

    /** The active expiry cycle: removes every key due now. */
    public int activeExpire() {
        if (scripting.isBusy()) return 0; // the keyspace belongs to the running script
        int n = keyspace.expireDue(time.currentTimeMillis(), Integer.MAX_VALUE);
        expiredKeysActive += n;
        return n;
    }

    public long expiredKeys() {
        long n = 0;
        for (int i = 0; i < keyspace.count(); i++) n += keyspace.db(i).expiredKeyCount();
        return n;
    }

    // ---- WATCH --------------------------------------------------------------------------------------

    void watch(Session s, int db, byte[] key) {
        Session.WatchedKey wk = new Session.WatchedKey(db, Bytes.wrap(key));
        if (!s.watched.add(wk)) return;
        if (keyspace.db(db).isLogicallyExpired(key, time.currentTimeMillis())) s.watchedExpired.add(wk);
        watchers.computeIfAbsent(wk, k -> new ArrayList<>(2)).add(s);
    }

    void unwatchAll(Session s) {
        for (Session.WatchedKey wk : s.watched) {
            List<Session> l = watchers.get(wk);
            if (l != null) {
                l.remove(s);
                if (l.isEmpty()) watchers.remove(wk);
            }
        }
        s.watched.clear();
        s.watchedExpired.clear();
        s.watchDirty = false;
    }

    /** True if EXEC must fail: a watched key was modified, or expired since it was watched. */
    boolean watchFailed(Session s, long now) {
        if (s.watchDirty) return true;
        for (Session.WatchedKey wk : s.watched) {
            if (!s.watchedExpired.contains(wk) && keyspace.db(wk.db()).isLogicallyExpired(wk.key().array(), now)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void keyModified(Database db, byte[] key) {
        if (watchers.isEmpty()) return;
        List<Session> l = watchers.get(new Session.WatchedKey(db.id(), Bytes.wrap(key)));
        if (l != null) for (Session s : l) s.watchDirty = true;
    }

    @Override
    public void databaseFlushed(Database db) {
        if (watchers.isEmpty()) return;
        for (Map.Entry<Session.WatchedKey, List<Session>> e : watchers.entrySet()) {
            if (e.getKey().db() == db.id()) for (Session s : e.getValue()) s.watchDirty = true;
        }
    }
}
