package io.redisdouble.command;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.dialect.Quirk;
import io.redisdouble.keyspace.Database;
import io.redisdouble.keyspace.AccessTracker;
import io.redisdouble.keyspace.Keyspace;
import io.redisdouble.keyspace.KeyspaceEvents;
import io.redisdouble.keyspace.KeyspaceListener;
import io.redisdouble.resp.Reply;
import io.redisdouble.time.TimeSource;
import io.redisdouble.util.Bytes;

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
    private final Blocking blocking = new Blocking(this);
    /** Client-side caching: the tracking and prefix tables (tracking.c). */
    private final Tracking tracking;
    /** How many call()s are running: above 1, a command runs inside another (EXEC, a script). */
    private int callDepth;
    private final Scripting scripting;
    private final Map<Long, Session> sessions = new LinkedHashMap<>();
    private final Map<Session.WatchedKey, List<Session>> watchers = new HashMap<>();
    /** Pub/sub channels and patterns with their subscribers (PubSubCommands). */
    final PubSubCommands.Hub pubsub = new PubSubCommands.Hub();
    private final long startMillis;
    private long nextClientId = 1;
    private long commandsProcessed;
    private long connectionsReceived;
    private long rejectedConnections;
    private long expiredKeysActive;
    private final ServerStats stats;
    /** What SHUTDOWN asks the transport to do (stop the server); set by whoever runs the engine. */
    private volatile Runnable shutdownHook = () -> {};
    /** Set by SHUTDOWN: no reply is sent any more, to anyone (Redis has exited by then). */
    private volatile boolean shuttingDown;
    /** The client whose request is running (Redis's server.current_client), or null (active expiry). */
    private Session current;

    /** The client whose request is running now (a script's caller while its script runs), or null. */
    Session runningClient() {
        return current;
    }
    /** The error reply last counted by call(), so that execute() does not count it twice. */
    private Reply countedError;

    public Engine(ServerConfig config, TimeSource time, long seed) {
        this.config = config;
        this.table = CommandTable.standard(config.dialect());
        this.time = time;
        this.random = new SplittableRandom(seed);
        this.tracking = new Tracking(this, seed);
        // LFU counters draw from their own source, so that an LFU policy leaves every other random pick as it was.
        this.keyspace = new Keyspace(config.databases(), this,
                new AccessTracker(config.limits(), new SplittableRandom(seed ^ 0x4C46554C4F47L)));
        this.startMillis = time.currentTimeMillis();
        this.stats = new ServerStats(startMillis, new SplittableRandom(seed ^ 0x5DEECE66DL));
        this.scripting = Scripting.load(this);
        keyspace.memory().sizer(e -> MemoryCommand.keyFigure(config.dialect(), e));
        this.acl = new Acl(this);
        this.persistence = new Persistence(this);
        // expireIfNeeded: checkClientPauseTimeoutAndReturnIfPaused
        keyspace.expiryPausedWhile(() -> pause.paused(time.currentTimeMillis()));
        // MAXMEMORY_FLAG_NO_SHARED_INTEGERS: maxmemory with an LRU / LFU policy
        keyspace.sharedIntegersOffWhile(b -> config.maxmemory() != 0 && (config.maxmemoryPolicy().endsWith("-lru")
                || config.maxmemoryPolicy().endsWith("-lfu")) && ObjectCommand.isSharedIntegerValue(b));
    }

    /** RDB snapshots: SAVE, BGSAVE, save points ({@link Persistence}). */
    private final Persistence persistence;

    Persistence persistence() {
        return persistence;
    }

    /**
     * prepareForShutdown on a signal (on the command thread): a background save is killed, and with save
     * points the final snapshot is written. False if that failed (Redis then stays up).
     */
    public boolean saveForShutdown() {
        persistence.killBackground();
        return !persistence.hasSavePoints() || persistence.saveNow(time.currentTimeMillis());
    }

    /**
     * loadDataFromDisk: loads dir/dbfilename if it exists (before the server listens); returns what Redis
     * logs. A file Redis refuses throws {@link io.redisdouble.rdb.RdbLoader.Failure}.
     */
    public List<String> loadDataAtStart() {
        return persistence.loadAtStart();
    }

    /**
     * What CONFIG SET runs after changing a tls-* parameter that reconfigures TLS: null when done,
     * else the reason to answer (the values are then restored). Unset while no TLS port is open, as
     * redis-server's applyTlsCfg does nothing then.
     */
    public void onTlsConfigChange(java.util.function.Supplier<String> apply) {
        tlsApply = apply;
    }

    private volatile java.util.function.Supplier<String> tlsApply = () -> null;

    String applyTlsConfig() {
        return tlsApply.get();
    }

    /**
     * What CONFIG SET port / tls-port runs after a change (redis-server's updatePort / applyTLSPort):
     * opens the new port and stops accepting on the old one. Null when done, else the reason to answer
     * (the values are then restored). Unset (the parameters refused) where no server can move its ports.
     */
    public interface ListenPorts {
        String change(boolean tls, int port);
    }

    public void onListenPortChange(ListenPorts apply) {
        listenPorts = apply;
    }

    private volatile ListenPorts listenPorts;

    boolean canChangeListenPorts() {
        return listenPorts != null;
    }

    String changeListenPort(boolean tls, int port) {
        return listenPorts.change(tls, port);
    }

    /** Runs {@code hook} when a client's SHUTDOWN succeeds (on the command thread: it must not block). */
    public void onShutdown(Runnable hook) {
        shutdownHook = hook == null ? () -> {} : hook;
    }

    /** SHUTDOWN: from now on nothing is answered, and the transport is asked to stop. */
    void shutdown() {
        if (shuttingDown) return;
        shuttingDown = true;
        shutdownHook.run();
    }

    /** True once a SHUTDOWN succeeded. */
    public boolean isShuttingDown() {
        return shuttingDown;
    }

    /** INFO's counters and the server's identity (run_id). */
    public ServerStats stats() {
        return stats;
    }

    /** EVAL's engine (Lua); see {@link Scripting}. */
    public Scripting scripting() {
        return scripting;
    }

    public ServerConfig config() {
        return config;
    }

    public Dialect dialect() {
        return config.dialect();
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

    /**
     * True while a command runs inside another one (EXEC, scripts): such a command must not block
     * (Redis's CLIENT_DENY_BLOCKING), it answers as on timeout.
     */
    /** CLIENT PAUSE's state and the clients it postponed. */
    final ClientPause pause = new ClientPause(this);

    /** Clients in MONITOR mode, in the order they entered it (server.monitors). */
    final List<Session> monitors = new ArrayList<>();
    /** Lines for the monitor whose own command is running, sent after its reply ({@link Monitor#feed}). */
    final List<Reply> ownMonitorLines = new ArrayList<>();

    /** The slow log and the latency histograms (SLOWLOG, LATENCY HISTOGRAM). */
    final Introspection introspection = new Introspection();
    /** The latency monitor (LATENCY LATEST / HISTORY / GRAPH / DOCTOR / RESET), fed when latency-monitor-threshold is set. */
    final LatencyMonitor latency = new LatencyMonitor();

    boolean inNestedCall() {
        return callDepth > 1;
    }

    /**
     * The instant, in microseconds, of the client command that runs now (a script's: its EVAL's), read
     * once when it started, for dialects with {@link Quirk#COMMAND_TIME_SNAPSHOT}; {@link Long#MIN_VALUE}
     * when no client command runs or the dialect reads the clock each time.
     */
    long commandMicros = Long.MIN_VALUE;

    /**
     * mstime() as a command reads it for a relative time (SET PX, PEXPIRE, PTTL): with
     * {@link Quirk#COMMAND_TIME_SNAPSHOT} (7.2's commandTimeSnapshot) the command's instant {@code now};
     * before, the clock, which moves inside a script or EXEC while key expiry stays at the outer
     * command's instant. A top-level command gets its own instant either way.
     */
    long clockMillis(Session s, long now) {
        if (config.dialect().has(Quirk.COMMAND_TIME_SNAPSHOT) || (callDepth <= 1 && !s.script)) return now;
        return time.currentTimeMillis();
    }

    /** TIME: the command's instant with {@link Quirk#COMMAND_TIME_SNAPSHOT} (7.2), else the clock now. */
    long timeMicros() {
        long us = commandMicros;
        return us != Long.MIN_VALUE && config.dialect().has(Quirk.COMMAND_TIME_SNAPSHOT) ? us : time.currentTimeMicros();
    }

    /** Clients blocked on keys (BZPOPMIN…). */
    public Blocking blocking() {
        return blocking;
    }

    public long startMillis() {
        return startMillis;
    }

    public long commandsProcessed() {
        return commandsProcessed;
    }

    /** resetServerStats (CONFIG RESETSTAT): stat_numcommands, stat_numconnections and stat_expiredkeys back to zero. */
    void resetServerCounts() {
        commandsProcessed = 0;
        connectionsReceived = 0;
        expiredKeysActive = 0;
        keyspace.resetExpiredKeyCounts();
    }

    public long connectionsReceived() {
        return connectionsReceived;
    }

    public Map<Long, Session> sessions() {
        return sessions;
    }

    /** Client-side caching (CLIENT TRACKING): its tables and INFO counters. */
    public Tracking tracking() {
        return tracking;
    }

    /** The client whose request is running (server.current_client), or null. */
    Session currentClient() {
        return current;
    }

    /**
     * What Redis's beforeSleep does for client-side caching: the BCAST invalidations of the keys written
     * since the last call go out. The transport calls it once a batch of requests has been run.
     */
    public void beforeSleep() {
        tracking.broadcast();
        freeClientsClosedAsap();
    }

    /** Clients flagged CLOSE_ASAP (a buffer limit) and not freed yet (server.clients_to_close). */
    private final List<Session> toClose = new ArrayList<>();

    /** freeClientAsync: flags the client; it is freed ({@link #disconnect}) at the end of the batch. */
    private void markCloseAsap(Session s) {
        s.closeAsap = true;
        toClose.add(s);
    }

    /**
     * freeClientsInAsyncFreeQueue: the clients closed for a buffer limit leave the server now (CLIENT LIST,
     * blocked keys, subscriptions), while their connections close; beforeSleep and the cron run it.
     */
    private void freeClientsClosedAsap() {
        if (toClose.isEmpty()) return;
        List<Session> now = new ArrayList<>(toClose);
        toClose.clear();
        for (Session c : now) disconnect(c);
    }

    // ---- client lifecycle -------------------------------------------------------------------------

    /**
     * Redis's protected mode (networking.c clientAcceptHandler): with protected-mode yes and no
     * password, a client whose address is not 127.0.0.1 or ::1 is refused (counted in INFO
     * rejected_connections); the transport then writes {@link Errors#protectedModeDenied} and closes.
     * 6.2 refuses only when no bind address is configured either.
     *
     * @param peer the client's address, or null when unknown (never refused)
     */
    public boolean refusesInProtectedMode(java.net.InetAddress peer) {
        // clientAcceptHandler: only while the default user needs no password (requirepass or ACL SETUSER).
        Acl users = acl;
        if (peer == null || !config.protectedMode() || config.requirepass() != null || (users != null && !users.defaultUser.nopass)) return false;
        String bind = config.get("bind");
        if (!config.dialect().has(Quirk.PROTECTED_MODE_DESPITE_BIND) && bind != null && !bind.isEmpty()) return false;
        byte[] a = peer.getAddress();
        boolean anyLoopback = config.dialect().has(Quirk.LOOPBACK_IS_127_NETWORK);
        boolean local = a.length == 4 ? a[0] == 127 && (anyLoopback || (a[1] == 0 && a[2] == 0 && a[3] == 1))
                : java.util.Arrays.equals(a, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
        if (local) return false;
        rejectedConnections++;
        return true;
    }

    /**
     * maxclients (networking.c acceptCommonHandler): a new connection while as many clients as
     * maxclients are connected is refused, before anything else about it is looked at (protected mode
     * comes later), and counted in INFO rejected_connections; the transport then writes
     * {@link Errors#MAX_CLIENTS} and closes. Lowering maxclients never disconnects anyone.
     */
    public boolean refusesForMaxClients() {
        if (sessions.size() < maxclients()) return false;
        rejectedConnections++;
        return true;
    }

    /** maxclients as CONFIG GET shows it (1 to 2^32-1; 10000 by default). */
    public long maxclients() {
        return Long.parseLong(config.get("maxclients"));
    }

    /**
     * A setting given at start (builder, command line): applied as {@code CONFIG SET name value} is,
     * with the same checks, but not counted as a command (INFO commandstats stays empty, as a
     * redis-server started with {@code --name value} has it). Returns the error reply, or null.
     */
    public Reply.Error configureAtStart(String name, String value) {
        long processed = commandsProcessed;
        Reply r;
        configuringAtStart = true;
        try {
            r = execute(internalSession(null), new byte[][] {Bytes.utf8("CONFIG"), Bytes.utf8("SET"),
                    Bytes.utf8(name), Bytes.utf8(value)});
        } finally {
            configuringAtStart = false;
        }
        commandsProcessed = processed;
        stats.reset();
        return r instanceof Reply.Error e ? e : null;
    }

    /** True while {@link #configureAtStart} runs: protected and some immutable parameters may be set then. */
    private boolean configuringAtStart;

    boolean configuringAtStart() {
        return configuringAtStart;
    }

    public long rejectedConnections() {
        return rejectedConnections;
    }

    /** The ACL users and log (created on first use, once the command table exists). */
    Acl acl() {
        if (acl == null) acl = new Acl(this);
        return acl;
    }

    private Acl acl;

    /** createClient / clearClientConnectionState: the default user, logged in if it needs no password. */
    void resetUser(Session s) {
        Acl a = acl();
        a.sync();
        s.user = a.defaultUser;
        s.authenticated = a.defaultUser.nopass && !a.defaultUser.disabled;
    }

    /**
     * ACLLoadUsersAtStartup: the {@code user} directives, or the aclfile (both together are refused, as
     * redis-server refuses them). Throws IllegalArgumentException with the errors Redis would log.
     */
    public void loadAclAtStart(String aclfile, List<String> userLines) {
        if (aclfile != null && !userLines.isEmpty()) {
            throw new IllegalArgumentException("Configuring Redis with users defined in redis.conf and at the same time"
                    + " setting an ACL file path is invalid. This setup is very likely to lead to configuration errors"
                    + " and security holes, please define either an ACL file or declare users directly in your"
                    + " redis.conf, but not both.");
        }
        Acl a = acl();
        if (aclfile != null) {
            config.set("aclfile", aclfile);
            String err = a.loadFile(null);
            if (err != null) throw new IllegalArgumentException(err);
            return;
        }
        for (String line : userLines) {
            String[] w = line.trim().split(" +");
            String err = a.setUser(w[0], java.util.Arrays.asList(w).subList(1, w.length));
            if (err != null) throw new IllegalArgumentException(err);
        }
    }

    // ---- Redis Cluster ---------------------------------------------------------------------------------

    /** The emulated cluster this engine is a node of (cluster-enabled yes), or null. */
    private volatile ClusterBus cluster;

    /** Makes this engine a cluster node (before it listens): routing, CLUSTER, cluster_enabled:1. */
    public void enableCluster(ClusterBus bus) {
        this.cluster = bus;
    }

    /** A PUBLISH made on another node of the cluster, delivered to this node's subscribers (on the command thread). */
    public void deliverClusterPublish(byte[] channel, byte[] message) {
        PubSubCommands.publishMessage(this, null, channel, message, false);
        beforeSleep();
    }

    /**
     * Cluster mode: when each key of db 0 was created (dbAdd), for CLUSTER GETKEYSINSLOT, which lists a
     * slot's keys newest first as Redis's per-slot key lists do (an overwrite keeps a key's place).
     * Entries of keys gone since are dropped by {@link #cron} once they outnumber the live keys.
     */
    private final Map<io.redisdouble.util.Bytes, Long> keyCreation = new HashMap<>();
    private long keyCreations;

    private void keyCreated(byte[] key) {
        keyCreation.put(Bytes.wrap(key), ++keyCreations);
    }

    /** The creation rank of a live key of db 0 in cluster mode (higher: newer), 0 if unknown. */
    long keyCreationOrder(byte[] key) {
        Long n = keyCreation.get(Bytes.wrap(key));
        return n == null ? 0 : n;
    }

    private void pruneKeyCreation() {
        if (keyCreation.size() <= 2 * keyspace.db(0).size() + 1024) return;
        keyCreation.keySet().removeIf(k -> keyspace.db(0).entryEvenIfExpired(k.array()) == null);
    }

    /**
     * A node of this engine turned from master into replica (a failover): the clients blocked on it are
     * unblocked with an error, as replicationSetMaster's disconnectAllBlockedClients does.
     */
    public void clusterNodeDemoted(String nodeId) {
        for (Session s : new ArrayList<>(sessions.values())) {
            if (s.isBlocked() && nodeId.equals(s.clusterNodeId)) blocking.unblockWith(s, Errors.UNBLOCKED_DEMOTED);
        }
    }

    /** The cluster this engine is a node of, or null when standalone. */
    public ClusterBus cluster() {
        return cluster;
    }

    public Session connect(Session.Link link) {
        Session s = new Session(nextClientId++, link, time.currentTimeMillis());
        if (cluster != null) s.clusterNodeId = cluster.nodeIdFor(link.localAddress());
        resetUser(s);
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
        if (s.user == null || s.authenticated) return true;
        Acl a = acl;
        return a != null && a.defaultUser.nopass && !a.defaultUser.disabled;
    }

    public void disconnect(Session s) {
        if (s.freed) return; // evicted already (maxmemory-clients): its connection is closing
        s.freed = true;
        forgetClientMemory(s);
        monitors.remove(s);
        pause.forget(s);
        tracking.disable(s);
        blocking.remove(s);
        unwatchAll(s);
        PubSubCommands.unsubscribeAll(this, s);
        sessions.remove(s.id);
    }

    /**
     * The keys a request names, as COMMAND GETKEYS finds them (key specs of the emulated version); empty
     * for an unknown command, one without keys, or arguments that do not fit. Reads no state.
     */
    public List<byte[]> keysOf(byte[][] argv) {
        if (argv.length == 0) return List.of();
        CommandSpec spec = table.lookup(argv[0]);
        if (spec != null && spec.isContainer()) spec = argv.length >= 2 ? spec.subcommands.get(Bytes.lower(argv[1])) : null;
        if (spec == null || !spec.arityOk(argv.length)) return List.of();
        List<int[]> positions;
        try {
            positions = CommandCommand.keyPositions(config.dialect(), spec, argv);
        } catch (RuntimeException e) {
            return List.of(); // arguments no key spec can take: no keys to match
        }
        if (positions == null) return List.of();
        List<byte[]> keys = new ArrayList<>(positions.size());
        for (int[] p : positions) keys.add(argv[p[0]]);
        return keys;
    }

    // ---- execution ----------------------------------------------------------------------------------

    /**
     * Runs one request and returns the reply to send, or null when nothing is to be sent (CLIENT REPLY
     * OFF/SKIP, empty request, or the command blocked the client: then {@link Session#isBlocked()}
     * is true, the reply comes later through {@link Session.Link#push}, and the caller must not run
     * this client's next requests before {@link Session.Link#unblocked()}).
     */
    public Reply execute(Session s, byte[][] argv) {
        if (current != null) return executeWithPushes(s, argv);
        long argvBytes = 0;
        for (byte[] a : argv) argvBytes += a.length;
        s.argvBytes = argvBytes;
        s.argvCount = argv.length;
        Reply r;
        try {
            r = executeWithPushes(s, argv);
        } finally {
            s.argvBytes = 0;
            s.argvCount = 0;
        }
        // Invalidations of keys the client itself tracks follow its reply (trackingHandlePendingKeyInvalidations).
        List<Reply> own = tracking.takeOwnFrames();
        if (own.isEmpty()) return r;
        if (r == null) {
            for (Reply f : own) s.link.push(f);
            return null;
        }
        List<Reply> frames = new ArrayList<>(own.size() + 1);
        frames.add(r);
        frames.addAll(own);
        return Reply.sequence(frames.toArray(new Reply[0]));
    }

    private Reply executeWithPushes(Session s, byte[][] argv) {
        // 7.2 (OWN_PUSHES_AFTER_REPLY): pub/sub frames for the client whose command runs wait until
        // its reply is out (server.pending_push_messages, joined in afterCommand at nesting level 0).
        if (current != null || !config.dialect().has(Quirk.OWN_PUSHES_AFTER_REPLY)) return executeNow(s, argv);
        deferPushesOf = s;
        Reply r;
        try {
            r = executeNow(s, argv);
        } finally {
            deferPushesOf = null;
        }
        if (deferredPushes.isEmpty()) return r;
        List<Reply> frames = new ArrayList<>(deferredPushes.size() + 1);
        if (r != null) frames.add(r);
        frames.addAll(deferredPushes);
        deferredPushes.clear();
        if (r == null) { // no reply (blocked, replies off): the frames go out now, as Redis's do
            for (Reply f : frames) s.link.push(f);
            return null;
        }
        return Reply.sequence(frames.toArray(new Reply[0]));
    }

    /** The client whose pushes wait for its reply, while its command runs (7.2), or null. */
    private Session deferPushesOf;
    private final List<Reply> deferredPushes = new ArrayList<>();

    /**
     * Sends a pub/sub frame (message, pmessage, keyspace event) to a client: now, or, for the client
     * whose command is running under {@link Quirk#OWN_PUSHES_AFTER_REPLY}, right after that command's reply.
     */
    public void push(Session target, Reply frame) {
        if (target == deferPushesOf) deferredPushes.add(frame);
        else if (target.inExec) target.execFrames.add(frame); // into EXEC's reply, where Redis writes it
        else target.link.push(frame);
    }

    private Reply executeNow(Session s, byte[][] argv) {
        if (argv.length == 0 || shuttingDown) return null;
        // A client whose script runs past busy-reply-threshold is not served until it ends.
        if (scripting.isBusy() && scripting.deferIfRunning(s, argv)) return null;
        long outerMicros = commandMicros;
        long now;
        if (config.dialect().has(Quirk.COMMAND_TIME_SNAPSHOT)) {
            // updateCachedTimeWithUs + cmd_time_snapshot: one reading serves TIME and every expiry
            commandMicros = time.currentTimeMicros();
            now = Math.floorDiv(commandMicros, 1000L);
        } else {
            now = time.currentTimeMillis();
        }
        s.lastInteractionMillis = now;
        Session outer = current;
        Session outerOfOuter = outerCurrent;
        current = s;
        outerCurrent = outer;
        Reply r;
        try {
            r = process(s, argv, now);
        } finally {
            current = outer;
            outerCurrent = outerOfOuter;
            commandMicros = outerMicros;
        }
        if (shuttingDown) return null; // SHUTDOWN, alone or inside EXEC: Redis exits without replying
        // resetClient: ASKING holds for the next command only, or until EXEC ends the transaction.
        if (s.clusterAsking && !s.inMulti && !s.lastCommand.equals("asking")) s.clusterAsking = false;
        if (!ownMonitorLines.isEmpty()) {
            // a monitor's own command: its reply is written before the line that shows the command
            List<Reply> frames = new ArrayList<>(ownMonitorLines.size() + 1);
            if (r != null && r != Blocking.BLOCKED) frames.add(r);
            frames.addAll(ownMonitorLines);
            ownMonitorLines.clear();
            if (r == null || r == Blocking.BLOCKED) {
                for (Reply f : frames) s.link.push(f);
            } else {
                r = Reply.sequence(frames.toArray(new Reply[0]));
            }
        }
        // resetClient: CLIENT CACHING applies to the next command (or transaction) only.
        if (s.tracking != null && !s.inMulti && r != Blocking.BLOCKED
                && !(s.lastCommand.equals("client") || s.lastCommand.startsWith("client|"))) {
            s.tracking.caching = false;
        }
        if (r != null && r.isError() && r != countedError) stats.error(r);
        countedError = null;
        // Clients blocked on keys this command wrote are served now, before anything else runs.
        blocking.handleReadyKeys(now);
        keyspace.memory().settle();
        if (outer == null) pause.runReleased(); // clients a CLIENT UNPAUSE (or a pause's end) released
        if (r == Blocking.BLOCKED) return null; // no reply until served or timed out
        if (s.replyMode != Session.ReplyMode.ON) {
            if (s.replyMode == Session.ReplyMode.SKIP) {
                if (s.skipArmed) {
                    s.skipArmed = false; // the CLIENT REPLY SKIP command itself
                } else {
                    s.replyMode = Session.ReplyMode.ON;
                }
            }
            if (s.sendDespiteReplyMode) {
                s.sendDespiteReplyMode = false;
                return r;
            }
            // 7.0 writes pub/sub frames (SUBSCRIBE's confirmations) even with replies off.
            return PubSubCommands.bypassesReplyOff(r, config.dialect()) ? r : null;
        }
        return r;
    }

    private Reply process(Session s, byte[][] argv, long now) {
        Dialect v = config.dialect();
        CommandSpec spec = table.lookup(argv[0]);
        if (spec == null) {
            s.lastCommand = "NULL"; // c->lastcmd = lookupCommand(...), shown by CLIENT LIST as cmd=NULL
            flagTransaction(s);
            return Reply.error(Errors.unknownCommand(v, argv));
        }
        s.lastCommand = spec.fullName;
        if (spec.isContainer()) {
            if (argv.length == 1 && !spec.arityOk(1)) {
                rejected(spec);
                return reject(s, spec, Errors.wrongArity(spec.fullName));
            }
            CommandSpec sub = argv.length == 1 ? spec : spec.subcommands.get(Bytes.lower(argv[1]));
            if (argv.length == 1) {
                // A container callable bare (COMMAND): runs its own handler.
            } else if (sub == null || !sub.arityOk(argv.length)) {
                String err = sub == null || !v.has(Quirk.SUBCOMMANDS_AS_COMMANDS)
                        ? Errors.unknownSubcommand(v, argv[1], spec.name)
                        : Errors.wrongArity(sub.fullName);
                if (v.has(Quirk.SUBCOMMANDS_AS_COMMANDS)) {
                    s.lastCommand = sub != null ? sub.fullName : "NULL";
                    rejected(sub != null ? sub : spec);
                    return reject(s, sub != null ? sub : spec, err);
                }
                // 6.2 runs (or queues) the container itself, which answers the error: see call().
                sub = null;
            }
            if (sub != null) spec = sub;
            s.lastCommand = spec.fullName;
        } else if (!spec.arityOk(argv.length)) {
            rejected(spec);
            return reject(s, spec, Errors.wrongArity(spec.fullName));
        }
        if (spec.has(Flag.PROTECTED)) {
            // 7.0: DEBUG (enable-debug-command no) is refused before authentication is checked.
            rejected(spec);
            return reject(s, spec, Errors.DEBUG_NOT_ALLOWED);
        }
        if (s.user != null && acl().authRequired(s) && !spec.has(Flag.NO_AUTH)) {
            rejected(spec);
            return reject(s, spec, Errors.NOAUTH);
        }
        if (s.user != null) {
            // processCommand's ACL check: a refusal is logged (context multi while queueing) and answers NOPERM.
            Acl.Check check = acl().check(s.user, spec, argv);
            if (check.result() != Acl.OK) {
                aclDenied(s, spec, argv, check, s.inMulti ? Acl.CTX_MULTI : Acl.CTX_TOPLEVEL, now);
                rejected(spec);
                return reject(s, spec, acl().nopermError(s.user, spec, check));
            }
        }
        if (cluster != null && s.id != 0) {
            // processCommand: getNodeByQuery after the ACL check; a refused EXEC discards the transaction
            String redirect = ClusterCommands.route(this, s, spec, argv);
            if (redirect != null) {
                rejected(spec);
                if (spec.parent == null && spec.name.equals("exec")) {
                    s.inMulti = false;
                    s.multiAborted = false;
                    s.clearQueue();
                    unwatchAll(s);
                } else {
                    flagTransaction(s);
                }
                return Reply.error(redirect);
            }
        }
        if (s.monitor && (spec.has(Flag.WRITE) || spec.has(Flag.READONLY) || spec.has(Flag.MAY_REPLICATE))) {
            // processCommand: a monitor is a replica to Redis (CLIENT_SLAVE)
            rejected(spec);
            return reject(s, spec, Errors.REPLICA_KEYSPACE);
        }
        if (s.inMulti && spec.parent == null && (spec.name.equals("multi") || spec.name.equals("watch"))
                && v.has(Quirk.MULTI_AND_WATCH_NO_MULTI)) {
            rejected(spec);
            return reject(s, spec, Errors.NOT_IN_TRANSACTION);
        }
        if (s == current && outerCurrent == null && s.id != 0 && clientEvictionOn()) {
            // processCommand: clients over maxmemory-clients are evicted before key eviction, by the figures
            // measured last (this client's from its last read or reply, not with this command's arguments);
            // if that evicted this client, the command is not run.
            evictClients();
            if (s.freed) return null;
        }
        if (config.maxmemory() > 0 || keyspace.memory().enabled()) {
            String oom = maxmemory(s, spec, argv, now);
            if (oom != null) {
                rejected(spec);
                return reject(s, spec, oom);
            }
        }
        if (persistence.deniesWrites() && ((spec.parent == null && spec.name.equals("ping")) || isWriteCommand(s, spec, argv))) {
            // processCommand: writeCommandsDeniedByDiskError (stop-writes-on-bgsave-error after a failed
            // background save while save points are set) refuses writes and PING
            rejected(spec);
            return reject(s, spec, Errors.bgsaveErr(v));
        }
        if (config.notEnoughGoodReplicas() && isWriteCommand(s, spec, argv)) {
            // processCommand: no write while min-replicas-to-write is not met (a shebang script or a
            // function that may write counts as a write)
            rejected(spec);
            return reject(s, spec, Errors.NOREPLICAS);
        }
        String pubsubRefusal = PubSubCommands.checkSubscribedContext(s, spec, v);
        if (pubsubRefusal != null) {
            return reject(s, spec, pubsubRefusal);
        }
        if (s.pubsub == null && spec.parent == null && v.has(Quirk.UNSUBSCRIBE_NEEDS_SUBSCRIPTION)
                && (spec.name.equals("unsubscribe") || spec.name.equals("sunsubscribe") || spec.name.equals("punsubscribe"))) {
            rejected(spec);
            return reject(s, spec, Errors.notSubscribed(spec.fullName));
        }
        if (scripting.isBusy() && !ScriptingCommands.allowedWhileBusy(v, spec, argv)) {
            return reject(s, spec, Errors.busyScript(v, scripting.runningFunction() != null));
        }
        // Client-side caching metadata kept within tracking-table-max-keys.
        tracking.limitUsedSlots();
        if (pause.postpones(s, spec, argv, now)) {
            return pause.postpone(s, argv); // blockClient(BLOCKED_POSTPONE): runs again when the pause ends
        }
        if (s.inMulti && !runsInMulti(spec)) {
            if (spec.has(Flag.NO_MULTI) && v.has(Quirk.NO_MULTI_COMMANDS)) {
                // 7.0's no_multi commands (SAVE) are refused inside MULTI; 6.2 has no such flag and queues them.
                rejected(spec);
                return reject(s, spec, Errors.NOT_IN_TRANSACTION);
            }
            s.queue(argv, !(v.has(Quirk.DOOMED_MULTI_STOPS_QUEUEING) && (s.watchDirty || s.multiAborted)));
            return Reply.QUEUED;
        }
        return call(s, spec, argv, now);
    }

    // ---- maxmemory (server.c processCommand, evict.c) ---------------------------------------------------

    /**
     * Whether the memory figure exceeded maxmemory when the running top-level command started, after
     * evicting (server.pre_command_oom_state): scripts refuse their first deny-oom command then.
     */
    private boolean preCommandOom;

    boolean preCommandOom() {
        return preCommandOom && config.maxmemory() > 0;
    }

    /**
     * used_memory as redis-double counts it: {@link #STARTUP_MEMORY}, the databases' bucket arrays, and
     * the stored keys' figures ({@link io.redisdouble.keyspace.MemoryAccounting}). Clients' buffers are
     * not counted.
     */
    public long usedMemory() {
        long n = STARTUP_MEMORY + keyspace.memory().usedNow(keyspace);
        for (int i = 0; i < keyspace.count(); i++) n += keyspace.db(i).tableBytes();
        return n;
    }

    /** used_memory_startup: what Debian's redis-server 7.0.15 (jemalloc) reports once started. */
    public static final long STARTUP_MEMORY = 876064;

    /**
     * The maxmemory step of processCommand: evicts by the policy while the figure exceeds maxmemory, then
     * refuses a deny-oom command (a queued EXEC that holds one, any command being queued in MULTI but
     * EXEC / DISCARD / QUIT / RESET unless {@link Quirk#MULTI_QUEUES_UNDER_OOM}, a shebang script without
     * allow-oom or no-writes) with OOM if the
     * figure still exceeds it. Returns the error, or null to go on. maxmemory 0 stops the counting.
     */
    private String maxmemory(Session s, CommandSpec spec, byte[][] argv, long now) {
        var memory = keyspace.memory();
        long limit = config.maxmemory();
        if (limit == 0) {
            memory.disable(keyspace);
            preCommandOom = false;
            return null;
        }
        if (scripting.isBusy()) return null; // isInsideYieldingLongCommand: no evictions under a busy script
        boolean oom = !performEvictions(now);
        boolean reject = denyOom(spec, argv);
        if (spec.parent == null && spec.name.equals("exec")) {
            for (byte[][] q : s.queued) {
                CommandSpec qs = resolve(q);
                if (qs != null && denyOom(qs, q)) reject = true;
            }
        }
        if (s.inMulti && !config.dialect().has(Quirk.MULTI_QUEUES_UNDER_OOM) && !(spec.parent == null && switch (spec.name) {
            case "exec", "discard", "quit", "reset" -> true;
            default -> false;
        })) {
            reject = true;
        }
        if (oom && reject) return Errors.OOM;
        preCommandOom = oom;
        return null;
    }

    /** is_write_command: CMD_WRITE of the command (a script's from its flags), or of EXEC's queued commands. */
    private boolean isWriteCommand(Session s, CommandSpec spec, byte[][] argv) {
        if (spec.has(Flag.WRITE)) return true;
        if (spec.parent != null) return false;
        if (spec.name.equals("exec")) {
            for (byte[][] q : s.queued) {
                CommandSpec qs = resolve(q);
                if (qs != null && isWriteCommand(s, qs, q) && !qs.name.equals("exec")) return true;
            }
            return false;
        }
        Boolean declared = scriptDeclaresWrites(spec, argv);
        return declared != null && declared;
    }

    /**
     * evalGetCommandFlags / fcallGetCommandFlags (scriptFlagsToCmdFlags): for EVAL*, EVALSHA* and FCALL*
     * of a script or function that declares its flags, whether it counts as a write (no no-writes); the
     * declared flags also drop CMD_MAY_REPLICATE. Null when the command's own flags stand (not a script,
     * no shebang, an unknown script or function).
     */
    private Boolean scriptDeclaresWrites(CommandSpec spec, byte[][] argv) {
        if (spec.parent != null || argv.length < 2) return null;
        if (spec.name.equals("fcall") || spec.name.equals("fcall_ro")) {
            return scripting.functions().function(argv[1]) == null ? null : FunctionCommands.writes(this, argv);
        }
        byte[] body = switch (spec.name) {
            case "eval", "eval_ro" -> argv[1];
            case "evalsha", "evalsha_ro" -> scripting.body(argv[1]);
            default -> null;
        };
        if (body == null) return null;
        String[] flags = ScriptingCommands.shebangFlags(config.dialect(), body);
        return flags == null ? null : !java.util.Arrays.asList(flags).contains("no-writes");
    }

    /**
     * is_may_replicate_command, which a CLIENT PAUSE WRITE postpones: CMD_WRITE or CMD_MAY_REPLICATE of
     * getCommandFlags (a script's as it declares them), or for EXEC of any queued command.
     */
    boolean isMayReplicateCommand(Session s, CommandSpec spec, byte[][] argv) {
        if (spec.parent == null && spec.name.equals("exec")) {
            for (byte[][] q : s.queued) {
                CommandSpec qs = resolve(q);
                if (qs != null && !(qs.parent == null && qs.name.equals("exec")) && isMayReplicateCommand(s, qs, q)) return true;
            }
            return false;
        }
        Boolean declared = scriptDeclaresWrites(spec, argv);
        if (declared != null) return declared;
        return spec.has(Flag.WRITE) || spec.has(Flag.MAY_REPLICATE);
    }

    /**
     * performEvictions: with maxmemory set, evicts by the policy until the memory figure is within it;
     * false if it is still over (the policy forbids eviction, or nothing is left to evict). Starts or
     * stops the memory accounting as maxmemory is set or cleared.
     */
    boolean performEvictions(long now) {
        var memory = keyspace.memory();
        long limit = config.maxmemory();
        if (limit == 0) {
            memory.disable(keyspace);
            return true;
        }
        memory.enable(keyspace);
        memory.settle();
        // isSafeToPerformEvictions: while clients are paused the dataset stays as it is (and nothing is refused)
        if (pause.paused(time.currentTimeMillis())) return true;
        long t0 = System.nanoTime();
        // performEvictions times the cycle only when it has to free memory under an evicting policy
        boolean evicting = usedMemory() > limit && !config.maxmemoryPolicy().equals("noeviction");
        boolean ok = keyspace.eviction().perform(keyspace, limit, this::usedMemory, config.maxmemoryPolicy(),
                config.maxmemorySamples(), now, random);
        memory.settle();
        if (evicting) {
            latency.addSampleIfNeeded(config.latencyMonitorThreshold(), "eviction-cycle", (System.nanoTime() - t0) / 1_000_000,
                    Math.floorDiv(time.currentTimeMillis(), 1000L));
        }
        return ok;
    }

    /** getCommandFlags has CMD_DENYOOM: the command's flag, or a shebang script's (7.0) without allow-oom / no-writes. */
    private boolean denyOom(CommandSpec spec, byte[][] argv) {
        if (spec.has(Flag.DENYOOM)) return true;
        if (spec.parent != null || argv.length < 2) return false;
        byte[] body = switch (spec.name) {
            case "eval", "eval_ro" -> argv[1];
            case "evalsha", "evalsha_ro" -> scripting.body(argv[1]);
            default -> null;
        };
        if (spec.name.equals("fcall") || spec.name.equals("fcall_ro")) return FunctionCommands.deniesOom(this, argv);
        return body != null && ScriptingCommands.shebangDeniesOom(config.dialect(), body);
    }

    /**
     * What processCommand runs at once inside MULTI instead of queueing it: EXEC, DISCARD, MULTI,
     * WATCH, QUIT and RESET (which carry {@link Flag#NO_MULTI} in the table for that reason).
     */
    private static boolean runsInMulti(CommandSpec spec) {
        if (!spec.has(Flag.NO_MULTI) || spec.parent != null) return false;
        return switch (spec.name) {
            case "exec", "discard", "multi", "watch", "quit", "reset" -> true;
            default -> false;
        };
    }

    /**
     * rejectCommand: a command refused before it runs flags the transaction; a refused EXEC discards
     * it and answers "EXECABORT Transaction discarded because of: &lt;error&gt;" (execCommandAbort, which
     * drops the "ERR " that the plain reply would carry).
     */
    private Reply reject(Session s, CommandSpec spec, String error) {
        flagTransaction(s);
        if (spec.parent == null && spec.name.equals("exec")) {
            s.inMulti = false;
            s.multiAborted = false;
            s.clearQueue();
            unwatchAll(s);
            String reason = error.startsWith("ERR ") ? error.substring(4) : error;
            return Reply.error("EXECABORT Transaction discarded because of: " + reason);
        }
        return Reply.error(error);
    }

    /** call(): runs a resolved, validated command. Used by EXEC and scripts as well. */
    Reply call(Session s, CommandSpec spec, byte[][] argv, long now) {
        s.lastCommand = spec.fullName;
        long t0 = System.nanoTime();
        Reply r;
        if (callDepth == 0) {
            // lookupKey's LOOKUP_NOTOUCH for a CLIENT NO-TOUCH client, whose TOUCH still touches (7.2).
            keyspace.access().begin(now, s.noTouch && !spec.name.equals("touch"));
        }
        if (!s.script) {
            callerSpec = spec;
            callerArgv = argv;
        }
        if (!monitors.isEmpty()) Monitor.feed(this, s, spec, argv, true);
        callDepth++;
        try {
            if (spec.isContainer() && argv.length > 1) {
                // 6.2: an unknown subcommand, or a known one with the wrong number of arguments (CLUSTER
                // on a standalone server says that first).
                r = Reply.error(spec.name.equals("cluster") && cluster == null ? Errors.CLUSTER_DISABLED
                        : Errors.unknownSubcommand(config.dialect(), argv[1], spec.name));
            } else {
                r = spec.handler.run(new Call(this, s, argv, now, spec));
            }
        } catch (CommandException e) {
            r = e.reply();
        } catch (OutOfMemoryError e) {
            // Redis would grow until the system stops it; the JVM stops at -Xmx. The command fails, the
            // server goes on (issue #15 item 3): what the command had stored before the failure stays.
            r = Reply.error(Errors.OUT_OF_HEAP);
        } finally {
            callDepth--;
        }
        if (spec.has(Flag.READONLY)) rememberTrackedKeys(s, spec, argv);
        if (!monitors.isEmpty()) Monitor.feed(this, s, spec, argv, false); // also when it blocked, as call() does
        // afterCommand: the running client's own invalidations, once the top-level call is done.
        if (callDepth == 0) tracking.flushPendingAfterReply(current);
        if (current != null) current.commandsProcessed++; // after it ran: the client's, EXEC's and scripts' commands
        ServerStats.CommandStat st = stats.command(spec.fullName); // after: CONFIG RESETSTAT counts itself
        long nanos = System.nanoTime() - t0;
        // 7.2: a command that blocked is counted when it unblocks (statsOnUnblock)
        boolean countedOnUnblock = r == Blocking.BLOCKED && config.dialect().has(Quirk.STATS_ON_UNBLOCK);
        if (!countedOnUnblock) {
            commandsProcessed++; // stat_numcommands, after it ran: INFO does not count itself
            st.calls++;
            st.usec += nanos / 1000;
        }
        if (r == Blocking.BLOCKED && s.blocked != null) {
            // kept for updateStatsOnUnblock
            s.blocked.spec = spec;
            s.blocked.shownArgv = Monitor.shownArgv(config.dialect(), spec, argv);
            s.blocked.callNanos = nanos;
        }
        if (r != Blocking.BLOCKED) {
            // call(): slowlogPushCurrentCommand and the latency histogram, not for a client that just blocked
            if (!spec.has(Flag.SKIP_SLOWLOG) && config.slowlogSlowerThan() >= 0) {
                introspection.slowlogPush(config.slowlogSlowerThan(), config.slowlogMaxLen(), Monitor.shownArgv(config.dialect(), spec, argv), nanos / 1000, now,
                        s.link == null ? "" : s.link.peerAddress(), s.name);
            }
            if (config.latencyTracking()) introspection.recordLatency(spec.fullName, nanos);
        }
        // call(): every call's latency sample, a blocked one's included (the time until it blocked)
        long threshold = config.latencyMonitorThreshold();
        if (threshold > 0 && nanos / 1_000_000 >= threshold) {
            latency.addSample(spec.has(Flag.FAST) ? "fast-command" : "command", nanos / 1_000_000,
                    Math.floorDiv(time.currentTimeMillis(), 1000L));
        }
        if (r != null && r.isError()) {
            st.failed++;
            if (r != uncountedError) stats.error(r);
            countedError = r;
        }
        uncountedError = null;
        return r;
    }

    /**
     * updateStatsOnUnblock for a client blocked on keys, when it is served (its call's time plus the
     * serving's), unblocked by CLIENT UNBLOCK or (7.2) timed out: the command's time in commandstats and
     * its latency histogram, and the slow log entry its call() left out, with the arguments it blocked with.
     */
    void statsOnUnblock(Blocking.Blocked b, long replyNanos, long now) {
        if (b.spec == null) return;
        long total = b.callNanos + replyNanos;
        ServerStats.CommandStat st = stats.command(b.spec.fullName);
        st.usec += total / 1000;
        if (config.dialect().has(Quirk.STATS_ON_UNBLOCK)) { // 7.2: the calls its blocking call() left out
            st.calls++;
            commandsProcessed++;
        }
        if (config.latencyTracking()) introspection.recordLatency(b.spec.fullName, total);
        if (!b.spec.has(Flag.SKIP_SLOWLOG) && config.slowlogSlowerThan() >= 0) {
            Session s = b.session;
            introspection.slowlogPush(config.slowlogSlowerThan(), config.slowlogMaxLen(), b.shownArgv, total / 1000, now,
                    s.link == null ? "" : s.link.peerAddress(), s.name);
        }
    }

    /**
     * A script's final error reply made from an error table marked ignore_error_stats_update (7.0: the
     * error was counted when the command inside the script failed or was refused): EVAL / FCALL count
     * as failed, but the error is not counted again.
     */
    public void errorAlreadyCounted(Reply r) {
        uncountedError = r;
    }

    private Reply uncountedError;

    /** scriptCall's afterErrorReply: a command refused inside a script counts as an error reply. */
    void scriptRefusal(String message) {
        String text = message.startsWith("-") ? message.substring(1).strip() : "ERR " + message;
        stats.error(Reply.error(text));
    }

    /** addACLLogEntry for a refused command: the command, key or channel at fault. */
    void aclDenied(Session s, CommandSpec spec, byte[][] argv, Acl.Check check, int context, long now) {
        Session real = s;
        acl().addLog(s, check.result(), context, Acl.logObject(spec, argv, check, config.dialect()), s.user.name, now,
                real.id == 0 ? "" : ConnectionCommands.clientInfoLine(config.dialect(), now, real));
    }

    /**
     * execCommand's ACL check of a queued command (the rules may have changed since it was queued): null,
     * or the NOPERM error that stands in its place in EXEC's reply (logged with context "multi").
     */
    String aclRecheck(Session s, CommandSpec spec, byte[][] argv, long now) {
        if (s.user == null) return null;
        Acl.Check check = acl().check(s.user, spec, argv);
        if (check.result() == Acl.OK) return null;
        aclDenied(s, spec, argv, check, Acl.CTX_MULTI, now);
        String reason = switch (check.result()) {
            case Acl.DENIED_CMD -> "no permission to execute the command or subcommand";
            case Acl.DENIED_KEY -> "no permission to touch the specified keys";
            default -> "no permission to access one of the channels used as arguments";
        };
        return "NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC call."
                + " This command is no longer allowed for the following reason: " + reason;
    }

    /**
     * Serves a blocked client (BLMOVE woken by a push…) as the client whose command runs, as Redis does:
     * invalidations for keys it tracks that the serving writes wait for its reply ({@link #afterServedBlocked}).
     */
    Reply servingBlocked(Session s, java.util.function.Supplier<Reply> serve) {
        Session outer = current;
        current = s;
        callDepth++;
        try {
            return serve.get();
        } finally {
            callDepth--;
            current = outer;
        }
    }

    /** After a served blocked client's reply: its pending invalidations (trackingHandlePendingKeyInvalidations). */
    void afterServedBlocked(Session s) {
        List<Reply> running = tracking.takeOwnFrames(); // the running command's, still to follow its reply
        tracking.flushPendingAfterReply(s);
        for (Reply f : tracking.takeOwnFrames()) s.link.push(f);
        tracking.keepOwnFrames(running);
    }

    /** The command of the last call() made for a client rather than a script (server.script_caller's). */
    private CommandSpec callerSpec;
    private byte[][] callerArgv;

    /**
     * call()'s trackingRememberKeys step, after a read-only command (EVAL_RO and EVALSHA_RO excepted): the
     * keys are remembered for the client that sent the request, if it tracks in default mode. A command a
     * script runs adds the script's declared keys, or with {@link Quirk#TRACKING_KEYS_OF_SCRIPT_COMMANDS}
     * its own.
     */
    private void rememberTrackedKeys(Session s, CommandSpec spec, byte[][] argv) {
        if (spec.parent == null && (spec.name.equals("eval_ro") || spec.name.equals("evalsha_ro") || spec.name.equals("fcall_ro"))) return;
        Session tracker = s.script ? current : s;
        if (tracker == null || tracker.tracking == null || tracker.tracking.bcast) return;
        if (s.script && !config.dialect().has(Quirk.TRACKING_KEYS_OF_SCRIPT_COMMANDS)) {
            if (callerSpec != null) tracking.rememberKeys(tracker, callerSpec, callerArgv);
        } else {
            tracking.rememberKeys(tracker, spec, argv);
        }
    }

    /** Set while a flush empties databases: its keys are invalidated all at once, not one by one. */
    private boolean flushingKeys;
    /** Set while an expired key is removed: its invalidation names no writer (signalModifiedKey(NULL…)). */
    private boolean expiringKey;

    /**
     * signalFlushedDb for FLUSHDB / FLUSHALL: runs {@code flush} (WATCH sees each stored key), then every
     * tracking client is told that all its keys are invalid (trackingInvalidateKeysOnFlush).
     */
    void flushKeys(Runnable flush) {
        flushingKeys = true;
        try {
            flush.run();
        } finally {
            flushingKeys = false;
        }
        tracking.invalidateOnFlush(callDepth > 0 ? current : null);
    }

    void rejected(CommandSpec spec) {
        stats.command(spec.fullName).rejected++;
    }

    /** Resolves the spec for an already validated argv (queued in MULTI). */
    CommandSpec resolve(byte[][] argv) {
        CommandSpec spec = table.lookup(argv[0]);
        if (spec != null && spec.isContainer() && argv.length > 1) {
            CommandSpec sub = spec.subcommands.get(Bytes.lower(argv[1]));
            if (sub != null && sub.arityOk(argv.length)) return sub;
        }
        return spec;
    }

    private void flagTransaction(Session s) {
        if (s.inMulti) s.multiAborted = true;
    }

    // ---- expiry -------------------------------------------------------------------------------------

    private boolean activeExpireEnabled = true;

    /** DEBUG SET-ACTIVE-EXPIRE: server.active_expire_enabled (lazy expiry on access still runs). */
    void setActiveExpireEnabled(boolean enabled) {
        activeExpireEnabled = enabled;
    }

    /** The active expiry cycle: removes every key due now, and times out blocked clients that are due. */
    public int activeExpire() {
        if (scripting.isBusy()) return 0; // the keyspace belongs to the running script
        handleBlockedTimeouts();
        if (pause.paused(time.currentTimeMillis())) return 0; // checkClientPauseTimeoutAndReturnIfPaused
        if (!activeExpireEnabled) return 0; // DEBUG SET-ACTIVE-EXPIRE 0
        long t0 = System.nanoTime();
        int n = keyspace.expireDue(time.currentTimeMillis(), Integer.MAX_VALUE);
        expiredKeysActive += n;
        // activeExpireCycle: the cycle's duration is an "expire-cycle" sample
        latency.addSampleIfNeeded(config.latencyMonitorThreshold(), "expire-cycle", (System.nanoTime() - t0) / 1_000_000,
                Math.floorDiv(time.currentTimeMillis(), 1000L));
        return n;
    }

    /**
     * server.hz: the configured hz (clamped to 1..500 by CONFIG SET), doubled while there are more than
     * 200 clients per tick when dynamic-hz is yes (serverCron), at most 500. INFO shows it.
     */
    public int hz() {
        int hz = config.hz();
        if ("yes".equals(config.get("dynamic-hz"))) {
            while (sessions.size() / hz > 200) {
                hz *= 2;
                if (hz > 500) {
                    hz = 500;
                    break;
                }
            }
        }
        return hz;
    }

    /** The time between two runs of {@link #cron}: 1000 / {@link #hz()} ms, as serverCron's timer. */
    public long cronPeriodMillis() {
        return 1000 / hz();
    }

    /**
     * What serverCron does here, {@code hz} times a second and at once after the clock is moved:
     * closes idle clients ({@link #closeIdleClients}), times out blocked clients, expires due keys.
     */
    public int cron() {
        if (scripting.isBusy()) return 0; // Redis runs no serverCron while a script holds the server
        closeIdleClients();
        if (cluster != null) {
            pruneKeyCreation();
            blocking.redirectBlocked((s, keys) -> ClusterCommands.blockedRedirect(this, s, keys));
        }
        resizeQueryBuffers();
        closeClientsOverOutputLimits();
        freeClientsClosedAsap();
        if (clientEvictionOn()) {
            // clientsCron measures every client again; beforeSleep then evicts
            for (Session c : sessions.values()) measureClient(c);
            evictClients();
        }
        tracking.limitUsedSlots();
        int expired = activeExpire();
        persistence.cron(time.currentTimeMillis()); // after databasesCron, as in serverCron
        tracking.broadcast(); // keys the cycle expired, for BCAST clients
        return expired;
    }

    /**
     * clientsCronResizeQueryBuffer for every client (Redis visits each client about once a second, every
     * client on each tick while there are few), idle time in whole seconds of the server's clock.
     */
    private void resizeQueryBuffers() {
        long now = Math.floorDiv(time.currentTimeMillis(), 1000L);
        for (Session s : sessions.values()) {
            s.queryBuffer().cron(now - Math.floorDiv(s.lastInteractionMillis, 1000L));
        }
    }

    /**
     * {@code timeout} (timeout.c clientsCronHandleTimeout): with timeout N > 0, a client is closed,
     * without a reply, once {@code now - last interaction > N} in whole seconds of the server's clock
     * (both truncated to seconds, as Redis's unixtime is). The last interaction is the last read from
     * or write to the connection ({@link #interacted}). Blocked clients (BZPOPMIN…) and clients in
     * subscribed mode are never closed this way. The server's clock is the virtual one: advancing it
     * past the timeout closes idle clients at once.
     */
    public void closeIdleClients() {
        long timeout = Long.parseLong(config.get("timeout"));
        if (timeout == 0 || sessions.isEmpty()) return;
        long now = Math.floorDiv(time.currentTimeMillis(), 1000L);
        for (Session s : new ArrayList<>(sessions.values())) {
            if (s.isBlocked() || PubSubCommands.isSubscribed(s) || s.closing || s.closeAsap) continue;
            if (now - Math.floorDiv(s.lastInteractionMillis, 1000L) > timeout) {
                s.closing = true;
                s.link.closeAfterReply();
            }
        }
    }

    // ---- client buffer limits (networking.c) ----------------------------------------------------------

    /**
     * PROTO_REPLY_CHUNK_BYTES: the size of a client's static reply buffer in Redis. Output waiting for
     * the socket fills it first; only what does not fit goes to the reply list, which is what Redis
     * counts as the client's output buffer memory (omem) and holds against client-output-buffer-limit.
     */
    static final long STATIC_REPLY_BUFFER = 16 * 1024;

    /**
     * getClientOutputBufferMemoryUsage, from the bytes a client has not received yet: those beyond what
     * Redis's static reply buffer holds. (Redis counts its reply list in allocated 16 KB chunks, so its
     * figure is a little higher, by less than one chunk per 16 KB.)
     */
    static long outputBufferMemory(long unsent) {
        return Math.max(0, unsent - STATIC_REPLY_BUFFER);
    }

    /**
     * closeClientOnOutputBufferLimitReached: whether the client must be closed now that it has
     * {@code unsent} bytes of replies it has not received (see {@link Session.Link#unsentOutputBytes}).
     * checkClientOutputBufferLimits decides by the client's class (pubsub while it is in subscribed mode,
     * normal otherwise): at or over the hard limit closes at once; at or over the soft limit closes once it
     * has been so for more than the limit's seconds, counted in whole seconds of the server's clock from
     * the first check that saw it over (a check under the soft limit forgets that time; a client with
     * nothing in its reply list is not checked at all, so it does not forget it either, as in Redis).
     * A client found over a limit is flagged (CLOSE_ASAP) and counted; the caller closes it.
     */
    public boolean outputBufferLimitReached(Session s, long unsent) {
        if (s.closeAsap || s.id == 0) return false;
        long used = outputBufferMemory(unsent);
        if (used == 0) return false;
        long[] limit = config.outputBufferLimit(PubSubCommands.isSubscribed(s)
                ? ServerConfig.CLASS_PUBSUB : ServerConfig.CLASS_NORMAL);
        boolean hard = limit[0] != 0 && used >= limit[0];
        boolean soft = limit[1] != 0 && used >= limit[1];
        if (soft) {
            long now = Math.floorDiv(time.currentTimeMillis(), 1000L);
            if (s.obufSoftLimitReachedTime == 0) {
                s.obufSoftLimitReachedTime = now;
                soft = false;
            } else if (now - s.obufSoftLimitReachedTime <= limit[2]) {
                soft = false;
            }
        } else {
            s.obufSoftLimitReachedTime = 0;
        }
        if (!soft && !hard) return false;
        markCloseAsap(s);
        stats.outputBufferLimitDisconnections++;
        return true;
    }

    /** clientsCron's output buffer check: every client over its limits is closed. */
    private void closeClientsOverOutputLimits() {
        for (Session s : sessions.values()) {
            if (outputBufferLimitReached(s, s.link.unsentOutputBytes())) s.link.closeAsap();
        }
    }

    /**
     * A command is about to build a reply of {@code elements} items of {@code perItem} elements each for the client it runs for
     * (HRANDFIELD, SRANDMEMBER, ZRANDMEMBER with a huge negative count): true if the client's hard output limit would close it
     * before the reply is done, as Redis's reply loop stops at CLIENT_CLOSE_ASAP. The client is then
     * flagged, counted and closed, and the command need not build the reply.
     */
    boolean closesForReplySize(Session s, long elements, int perItem) {
        if (elements > Long.MAX_VALUE / perItem) elements = Long.MAX_VALUE / perItem;
        elements *= perItem;
        // Each element of such a reply is at least an empty bulk string, "$0\r\n\r\n".
        long minimumBytes = elements > Long.MAX_VALUE / 6 ? Long.MAX_VALUE : elements * 6;
        if (s.closeAsap || s.id == 0 || s.link == null) return false;
        long[] limit = config.outputBufferLimit(PubSubCommands.isSubscribed(s)
                ? ServerConfig.CLASS_PUBSUB : ServerConfig.CLASS_NORMAL);
        if (limit[0] == 0 || minimumBytes - STATIC_REPLY_BUFFER < limit[0]) return false;
        markCloseAsap(s);
        stats.outputBufferLimitDisconnections++;
        s.link.closeAsap();
        return true;
    }

    /**
     * readQueryFromClient's check after each read: whether a client whose unprocessed input is now
     * {@code queryBufferBytes} (its query buffer) is over client-query-buffer-limit, or (7.4) over it
     * with its MULTI queue counted, or over 1 MB while it still has to authenticate. Such a client is
     * flagged, counted, and must be closed without a reply.
     */
    public boolean queryBufferLimitReached(Session s, long queryBufferBytes) {
        if (s.closeAsap) return false;
        long qb = queryBufferBytes;
        boolean authRequired = false;
        if (config.dialect().has(Quirk.QUERY_BUFFER_LIMIT_COUNTS_MULTI_QUEUE)) {
            qb += s.queuedArgvBytes;
            authRequired = s.user != null && acl.authRequiredNow(s);
        }
        if (qb <= config.clientQueryBufferLimit() && !(authRequired && qb > 1024 * 1024)) return false;
        markCloseAsap(s);
        stats.queryBufferLimitDisconnections++;
        return true;
    }

    // ---- client eviction (maxmemory-clients; networking.c evictClients, server.c updateClientMemUsageAndBucket)

    /** The client whose command runs around the running one (a nested execution), or null at top level. */
    private Session outerCurrent;
    /** Whether client memory is being measured: maxmemory-clients is not 0. */
    private boolean clientMemoryTracked;
    /** The memory of all clients as last measured (stat_clients_type_memory of normal and pubsub clients). */
    private long clientsMemory;
    /** Orders clients within a size bucket by when they entered it. */
    private long memoryBucketSeq;
    /** INFO evicted_clients. */
    private long evictedClients;

    public long evictedClients() {
        return evictedClients;
    }

    /** CONFIG RESETSTAT. */
    void resetEvictedClients() {
        evictedClients = 0;
    }

    /**
     * Whether client eviction is on (maxmemory-clients not 0). Turning it on measures every client;
     * turning it off forgets the figures (applyClientMaxMemoryUsage).
     */
    private boolean clientEvictionOn() {
        boolean on = config.maxmemoryClients() != 0;
        if (on == clientMemoryTracked) return on;
        clientMemoryTracked = on;
        clientsMemory = 0;
        for (Session c : sessions.values()) {
            c.lastMemory = 0;
            c.memoryBucket = -1;
            if (on) clientMemoryChanged(c); // applyClientMaxMemoryUsage: the evictable ones
        }
        return on;
    }

    /**
     * updateClientMemUsageAndBucket: measures the client again ({@link ConnectionCommands#clientMemory}, the
     * figure CLIENT LIST shows as tot-mem) and moves it to the bucket of its size. Called, as in Redis, after
     * each read from the client, after each reply or message written for it, after its output drained, and
     * by the cron (which alone measures NO-EVICT clients, whose memory still counts in the total). Nothing
     * is evicted here: that happens before the next command and after each batch of requests
     * ({@link #evictClients}).
     */
    public void clientMemoryChanged(Session s) {
        // a client that cannot be evicted (NO-EVICT) is measured by the cron only, as in Redis
        if (!s.noEvict) measureClient(s);
    }

    private void measureClient(Session s) {
        if (!clientMemoryTracked || s.id == 0 || s.freed) return;
        long mem = s.closeAsap ? 0 : ConnectionCommands.clientMemory(config.dialect(), s); // being freed already
        clientsMemory += mem - s.lastMemory;
        s.lastMemory = mem;
        if (s.noEvict) { // counted, but in no bucket: it goes to the end of one once it may be evicted again
            s.memoryBucket = -1;
            return;
        }
        // getMemUsageBucket: the size's bit length, from 15 (up to 32 KB) to 33 (over 4 GB)
        int bucket = Math.min(33, Math.max(15, 64 - Long.numberOfLeadingZeros(mem)));
        if (bucket != s.memoryBucket) {
            s.memoryBucket = bucket;
            s.memoryBucketSeq = ++memoryBucketSeq;
        }
    }

    private void forgetClientMemory(Session s) {
        clientsMemory -= s.lastMemory;
        s.lastMemory = 0;
    }

    /**
     * evictClients: while the clients' memory (as last measured, no-evict clients included) is at or over
     * maxmemory-clients ({@link ServerConfig#clientEvictionLimit}), closes the largest evictable client: by
     * size bucket, the largest first, and within a bucket the one that entered it first. Clients with
     * CLIENT NO-EVICT on, and those being closed already (an output or query buffer limit), are never
     * evicted. An evicted client is gone at once (CLIENT LIST no longer shows it) and its connection is
     * closed without anything more written to it; INFO evicted_clients counts it.
     */
    public void evictClients() {
        if (!clientEvictionOn()) return;
        long limit = config.clientEvictionLimit();
        if (limit == 0 || clientsMemory < limit) return;
        List<Session> candidates = new ArrayList<>();
        for (Session c : sessions.values()) {
            if (!c.noEvict && !c.closeAsap && c.id != 0) {
                if (c.memoryBucket < 0) measureClient(c);
                candidates.add(c);
            }
        }
        candidates.sort((a, b) -> a.memoryBucket != b.memoryBucket ? Integer.compare(b.memoryBucket, a.memoryBucket)
                : Long.compare(a.memoryBucketSeq, b.memoryBucketSeq));
        for (Session c : candidates) {
            if (clientsMemory < limit) return;
            if (logSink != null) log('*', "Evicting client: " + ConnectionCommands.clientInfoLine(config.dialect(), time.currentTimeMillis(), c));
            evictedClients++;
            disconnect(c);
            c.link.closeAsap();
        }
        if (clientsMemory >= limit) log('#', "Over client maxmemory after evicting all evictable clients");
    }

    /** Where log lines go while the server runs (the standalone jar's standard output), or null. */
    private volatile java.util.function.BiConsumer<Character, String> logSink;

    /** Sends the server's log lines to {@code sink}: level '*' (notice) or '#' (warning), and the message. */
    public void logTo(java.util.function.BiConsumer<Character, String> sink) {
        logSink = sink;
    }

    /** serverLog: a notice is dropped at loglevel warning, everything at loglevel nothing. */
    private void log(char level, String msg) {
        var sink = logSink;
        if (sink == null) return;
        String loglevel = config.get("loglevel");
        if ("nothing".equals(loglevel) || (level == '*' && "warning".equals(loglevel))) return;
        sink.accept(level, msg);
    }

    /** Bytes were read from or written to the client's connection (its last interaction, for timeout and CLIENT LIST idle). */
    public void interacted(Session s) {
        s.lastInteractionMillis = time.currentTimeMillis();
    }

    /** Replies to the blocked clients whose timeout has passed (also run by {@link #activeExpire}). */
    public void handleBlockedTimeouts() {
        blocking.handleTimeouts(time.currentTimeMillis());
        if (current == null) {
            pause.paused(time.currentTimeMillis()); // lifts a pause whose end has come
            pause.runReleased();
        }
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
    public void keyWritten(Database db) {
        stats.dirty++;
    }

    @Override
    public void keyModified(Database db, byte[] key) {
        if (!flushingKeys) {
            // trackingInvalidateKey: eviction (before call) and expiry name no writer.
            Session writer = expiringKey || callDepth == 0 ? null : current;
            tracking.invalidateKey(writer, callDepth > 0 ? current : null, key, true);
        }
        blocking.signal(db.id(), key);
        if (watchers.isEmpty()) return;
        List<Session> l = watchers.get(new Session.WatchedKey(db.id(), Bytes.wrap(key)));
        if (l != null) for (Session s : l) s.watchDirty = true;
    }

    @Override
    public void keyExpired(Database db, byte[] key) {
        expiringKey = true;
        try {
            KeyspaceListener.super.keyExpired(db, key);
        } finally {
            expiringKey = false;
        }
    }

    private static final byte[] KEYSPACE_PREFIX = Bytes.utf8("__keyspace@");
    private static final byte[] KEYEVENT_PREFIX = Bytes.utf8("__keyevent@");

    /**
     * notifyKeyspaceEvent: if notify-keyspace-events has the event's class, publishes
     * {@code __keyspace@<db>__:<key>} with the event as message (K), then {@code __keyevent@<db>__:<event>}
     * with the key as message (E), as PUBLISH does (channel subscribers, then pattern subscribers).
     */
    @Override
    public void keyEvent(Database db, int eventClass, String event, byte[] key) {
        if (eventClass == KeyspaceEvents.NEW && cluster != null && db.id() == 0) keyCreated(key);
        int flags = config.notifyKeyspaceEvents();
        if ((flags & eventClass) == 0) return;
        byte[] eventBytes = Bytes.utf8(event);
        if ((flags & KeyspaceEvents.KEYSPACE) != 0) {
            PubSubCommands.publishMessage(this, current, channel(KEYSPACE_PREFIX, db.id(), key), eventBytes, false);
        }
        if ((flags & KeyspaceEvents.KEYEVENT) != 0) {
            PubSubCommands.publishMessage(this, current, channel(KEYEVENT_PREFIX, db.id(), eventBytes), key, false);
        }
    }

    private static byte[] channel(byte[] prefix, int db, byte[] suffix) {
        byte[] id = Bytes.utf8(Integer.toString(db));
        byte[] out = new byte[prefix.length + id.length + 3 + suffix.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(id, 0, out, prefix.length, id.length);
        int p = prefix.length + id.length;
        out[p] = '_';
        out[p + 1] = '_';
        out[p + 2] = ':';
        System.arraycopy(suffix, 0, out, p + 3, suffix.length);
        return out;
    }

    @Override
    public void databaseFlushed(Database db) {
        blocking.signalAll(db.id());
        if (watchers.isEmpty()) return;
        for (Map.Entry<Session.WatchedKey, List<Session>> e : watchers.entrySet()) {
            if (e.getKey().db() == db.id()) for (Session s : e.getValue()) s.watchDirty = true;
        }
    }
}
