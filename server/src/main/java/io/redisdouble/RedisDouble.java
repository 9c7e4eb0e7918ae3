package io.redisdouble;

import io.redisdouble.command.Engine;
import io.redisdouble.command.ServerConfig;
import io.redisdouble.command.Session;
import io.redisdouble.dialect.Dialect;
import io.redisdouble.fault.Faults;
import io.redisdouble.net.NettyServer;
import io.redisdouble.resp.Reply;
import io.redisdouble.time.ServerClock;
import io.redisdouble.tls.GeneratedCertificates;
import io.redisdouble.tls.ServerTls;
import io.redisdouble.util.Bytes;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import javax.net.ssl.SSLEngine;

/**
 * An in-memory Redis-compatible server for tests.
 *
 * <pre>{@code
 * try (RedisDouble redis = RedisDouble.start()) {
 *     Jedis jedis = new Jedis("127.0.0.1", redis.port());
 *     ...
 *     redis.time().advance(Duration.ofSeconds(61)); // a 60 s lock expires at once
 * }
 * }</pre>
 *
 * Everything — network clients and this class's direct API — runs through one engine on one command
 * thread, so what a test seeds or inspects is exactly what clients see. Thread-safe.
 */
public final class RedisDouble implements AutoCloseable {
    private final NettyServer server;
    private final Engine engine;
    private final ServerClock clock;
    private final Session direct;
    private final Faults faults;
    private final String host;
    private final Time time = new Time();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);
    /** What the start logged: loading dir/dbfilename (Redis's "Done loading RDB, …" lines). */
    private final java.util.List<String> startLog;
    /** The TLS side (null without TLS), its listener beside the plain port (null when TLS only), generated files. */
    private volatile RedisTls tls;
    private final GeneratedCertificates generated;
    /**
     * The ports served now, which CONFIG SET port / tls-port move (0: none), and how to stop accepting on
     * each (those two only on the command thread). The TLS context, made at start or by the first
     * CONFIG SET tls-port.
     */
    private volatile int plainPort, tlsPort;
    private Runnable plainStop, tlsStop;
    private ServerTls serverTls;
    private final String bind;
    private final boolean tlsOnly;

    private RedisDouble(Builder b) throws InterruptedException {
        this.clock = b.sharedClock != null ? b.sharedClock
                : b.manualStart != null ? ServerClock.manual(b.manualStart) : ServerClock.flowing();
        ServerConfig config = new ServerConfig(b.dialect, b.databases, b.port, b.bind, b.requirepass);
        config.setProtectedMode(b.protectedMode);
        this.engine = new Engine(config, clock, b.seed);
        applyConfig(engine, b.config);
        if (b.aclfile != null || !b.users.isEmpty()) engine.loadAclAtStart(b.aclfile, b.users);
        if (b.clusterBus != null) engine.enableCluster(b.clusterBus); // a node of a RedisCluster
        // dir/dbfilename, if it exists (throws if Redis would refuse it); the nodes of an emulated cluster
        // share one configuration, so they load nothing
        boolean load = b.loadDumpAtStart != null ? b.loadDumpAtStart : b.config.containsKey("dir") || b.config.containsKey("dbfilename");
        this.startLog = b.clusterBus == null && load ? engine.loadDataAtStart() : java.util.List.of();
        this.faults = new Faults(engine.dialect(), b.faultControl, engine::keysOf);
        this.tlsOnly = b.tls && b.tlsOnly;
        ServerTls serverTls = null;
        GeneratedCertificates gen = null;
        if (b.tls) {
            if (b.generateCertificates && empty(config.get("tls-cert-file")) && empty(config.get("tls-key-file"))) {
                gen = GeneratedCertificates.create(b.bind);
                config.set("tls-cert-file", gen.serverCert().toString());
                config.set("tls-key-file", gen.serverKey().toString());
                if (empty(config.get("tls-ca-cert-file"))) config.set("tls-ca-cert-file", gen.caCert().toString());
            }
            serverTls = new ServerTls(config::get);
            try {
                serverTls.configure();
            } catch (ServerTls.Failure f) {
                if (gen != null) gen.delete();
                throw new TlsConfigurationException(f.getMessage());
            }
            // CONFIG SET of a tls-* file or setting rebuilds the context (applyTlsCfg), from the first client on
            engine.onTlsConfigChange(tlsApply(serverTls));
        }
        this.generated = gen;
        Supplier<SSLEngine> engines = serverTls == null ? null : serverTls::newEngine;
        NettyServer.Listener tlsPortListener = null;
        try {
            this.server = NettyServer.start(b.bind, tlsOnly ? b.tlsPort : b.port, engine, faults, tlsOnly ? engines : null);
        } catch (Throwable e) {
            if (gen != null) gen.delete();
            throw e;
        }
        if (b.tls && !tlsOnly) {
            try {
                tlsPortListener = server.listen(b.bind, b.tlsPort, engines);
            } catch (Exception e) { // Netty's bind failure is a checked exception thrown undeclared
                server.close();
                if (gen != null) gen.delete();
                if (e instanceof InterruptedException) Thread.currentThread().interrupt();
                throw new IllegalStateException(TLS_LISTENER_FAILED + b.tlsPort, e);
            }
        }
        this.bind = b.bind;
        this.serverTls = serverTls;
        this.startTlsListener = tlsPortListener;
        if (b.clusterTls) config.set("tls-cluster", "yes");
        if (tlsOnly) {
            tlsStop = server::stopMainAccepting;
        } else {
            plainStop = server::stopMainAccepting;
            if (tlsPortListener != null) tlsStop = tlsPortListener::stopAccepting;
        }
        faults.bindCommandThread(task -> server.execute(() -> {
            task.run();
            return null;
        }));
        config.set("port", tlsOnly ? "0" : Integer.toString(server.port()));
        this.host = b.bind.equals("0.0.0.0") || b.bind.equals("::") ? "127.0.0.1" : b.bind;
        this.plainPort = tlsOnly ? 0 : server.port();
        if (b.tls) {
            int tlsPort = tlsOnly ? server.port() : tlsPortListener.port();
            this.tlsPort = tlsPort;
            config.set("tls-port", Integer.toString(tlsPort));
            this.tls = new RedisTls(host, tlsPort, path(config.get("tls-ca-cert-file")), path(config.get("tls-cert-file")),
                    path(config.get("tls-key-file")), gen == null ? null : gen.clientCert(), gen == null ? null : gen.clientKey());
        } else {
            this.tls = null;
        }
        this.clientCert = gen == null ? null : gen.clientCert();
        this.clientKey = gen == null ? null : gen.clientKey();
        // CONFIG SET port / tls-port move the listeners, but not those of a cluster node (its identity in the topology)
        engine.onListenPortChange(b.clusterBus == null ? this::changeListenPort
                : (tlsSide, port) -> (tlsSide ? "tls-port" : "port") + " cannot be changed at run time on a node of redis-double's emulated cluster");
        this.direct = server.execute(() -> engine.internalSession(DirectLink.INSTANCE));
        cronLater();
        // A client's SHUTDOWN stops this server (not the JVM), from another thread: close() waits for
        // the command thread to finish.
        engine.onShutdown(() -> new Thread(this::close, "redis-double-shutdown").start());
    }

    private final java.nio.file.Path clientCert, clientKey;
    /** The TLS port opened at start beside the plain one (null if none): an emulated cluster node's, which it closes when the node crashes. */
    private final NettyServer.Listener startTlsListener;

    NettyServer.Listener startTlsListener() {
        return startTlsListener;
    }

    /** The server-side TLS engines of this server's TLS ports (a cluster replica's TLS port uses its master's). */
    Supplier<SSLEngine> tlsEngines() {
        ServerTls t = serverTls;
        return t == null ? null : t::newEngine;
    }

    /**
     * CONFIG SET port / tls-port, on the command thread, as redis-server's changeListenPort: the new port
     * is opened (TLS configured first if it was not, as applyTLSPort does), then the old one stops
     * accepting; connections made to the old one stay. Port 0 only closes. Null when done, else
     * redis-server's reason (nothing changed then).
     */
    private String changeListenPort(boolean tlsSide, int port) {
        ServerConfig config = engine.config();
        Supplier<SSLEngine> engines = null;
        if (tlsSide && port != 0) {
            if (serverTls == null) {
                ServerTls t = new ServerTls(config::get);
                try {
                    t.configure();
                } catch (ServerTls.Failure f) {
                    System.err.println("redis-double: " + f.getMessage());
                    return "Unable to update TLS configuration. Check server logs.";
                }
                serverTls = t;
                engine.onTlsConfigChange(tlsApply(t));
            }
            engines = serverTls::newEngine;
        }
        NettyServer.Listener opened = null;
        if (port != 0) {
            try {
                opened = server.listenAtRunTime(bind, port, engines);
            } catch (Exception e) { // Netty's bind failure is a checked exception thrown undeclared
                System.err.println("redis-double: Warning: Could not create server TCP listening socket " + bind + ":" + port
                        + ": " + e.getMessage());
                return "Unable to listen on this port. Check server logs.";
            }
        }
        Runnable old = tlsSide ? tlsStop : plainStop;
        if (old != null) old.run();
        Runnable stop = opened == null ? null : opened::stopAccepting;
        if (tlsSide) {
            tlsStop = stop;
            tlsPort = port;
            tls = port == 0 ? null : new RedisTls(host, port, path(config.get("tls-ca-cert-file")), path(config.get("tls-cert-file")),
                    path(config.get("tls-key-file")), clientCert, clientKey);
        } else {
            plainStop = stop;
            plainPort = port;
        }
        return null;
    }

    /** applyTlsCfg for a CONFIG SET of a tls-* setting: rebuilds {@code t}'s context, for connections accepted from then on. */
    private static Supplier<String> tlsApply(ServerTls t) {
        return () -> {
            try {
                t.configure();
                return null;
            } catch (ServerTls.Failure f) {
                System.err.println("redis-double: " + f.getMessage());
                return "Unable to update TLS configuration. Check server logs.";
            }
        };
    }

    /** The start of the message when the TLS port cannot be opened (the plain one could). */
    public static final String TLS_LISTENER_FAILED = "cannot listen on the TLS port ";

    /**
     * TLS could not be configured at start (redis-server's tlsConfigure failing): the reason is the line
     * redis-server logs before "Failed to configure TLS. Check logs for more info.".
     */
    public static final class TlsConfigurationException extends IllegalArgumentException {
        TlsConfigurationException(String reason) {
            super(reason);
        }
    }

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }

    private static java.nio.file.Path path(String s) {
        return empty(s) ? null : java.nio.file.Path.of(s);
    }

    /**
     * Runs {@code CONFIG SET name value} for each builder setting, before the server listens; the first
     * one the server refuses (an unknown name, a bad value, or something redis-double does not do)
     * stops the start with that error's text.
     */
    private static void applyConfig(Engine engine, Map<String, String> settings) {
        for (Map.Entry<String, String> e : settings.entrySet()) {
            Reply.Error err = engine.configureAtStart(e.getKey(), e.getValue());
            if (err != null) throw new IllegalArgumentException("CONFIG SET " + e.getKey() + " " + e.getValue() + ": " + err.text);
        }
    }

    /**
     * Sends the lines the server logs while it runs (client eviction's "Evicting client: …") to {@code sink}:
     * the level as redis-server marks it ('*' notice, '#' warning) and the message. Called on the server's
     * thread. None by default.
     */
    public void logTo(java.util.function.BiConsumer<Character, String> sink) {
        engine.logTo(sink);
    }

    /** The lines the start logged (loading an RDB file), as redis-server logs them. */
    public java.util.List<String> startLog() {
        return startLog;
    }

    /** Runs the engine's cron every 1000 / hz ms, hz as it is at each run (CONFIG SET hz, dynamic-hz). */
    private void cronLater() {
        server.scheduleOnce(() -> {
            engine.cron();
            cronLater();
        }, engine.cronPeriodMillis());
    }

    /**
     * An emulated Redis Cluster in this process: {@code RedisDouble.cluster().masters(3).start()}. See
     * {@link RedisCluster}.
     */
    public static RedisCluster.Builder cluster() {
        return RedisCluster.builder();
    }

    // ---- for RedisCluster, whose nodes are RedisDoubles ---------------------------------------------

    NettyServer server() {
        return server;
    }

    Engine engine() {
        return engine;
    }

    /** Runs the engine's cron now (after the shared clock moved). */
    void runCron() {
        server.execute(engine::cron);
    }

    /** Starts a server with defaults: 127.0.0.1, a free port, Redis 7.0, flowing time. */
    public static RedisDouble start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The port to connect to: the plain TCP port, or the TLS port when the server speaks only TLS
     * ({@link Builder#tlsOnly()}; CONFIG GET port then answers 0, as redis-server's {@code --port 0}); after
     * CONFIG SET port (tls-port), the port it moved to (0 when it closed the port).
     */
    public int port() {
        return tlsOnly ? tlsPort : plainPort;
    }

    /**
     * The TLS side: its port and the certificates a client needs (see {@link RedisTls}). Throws
     * IllegalStateException when the server was built without TLS.
     */
    public RedisTls tls() {
        RedisTls t = tls;
        if (t == null) throw new IllegalStateException("this redis-double serves no TLS (builder().tls(), or CONFIG SET tls-port)");
        return t;
    }

    /** True when the server has a TLS port. */
    public boolean hasTls() {
        return tls != null;
    }

    public String host() {
        return host;
    }

    /** {@code redis://host:port}, or {@code rediss://host:tlsPort} when the server speaks only TLS. */
    public URI uri() {
        return tlsOnly ? tls().uri() : URI.create("redis://" + host + ":" + port());
    }

    /** The emulated server: {@code dialect().full()} is the version it reports ("7.0.15"). */
    public Dialect dialect() {
        return engine.dialect();
    }

    /** @deprecated use {@link #dialect()}, which this returns. */
    @Deprecated
    public Dialect version() {
        return dialect();
    }

    /**
     * Faults on demand for this server's clients: errors, delays, lost replies, partitions, refused
     * connections (see {@link Faults}).
     */
    public Faults faults() {
        return faults;
    }

    /** The server's clock: advance it to make TTLs pass without waiting. */
    public Time time() {
        return time;
    }

    /**
     * Stops the server: the port is closed and every connection dropped when this returns. Idempotent;
     * a client's SHUTDOWN does the same.
     */
    @Override
    public void close() {
        if (closing.compareAndSet(false, true)) {
            try {
                server.close();
            } finally {
                if (generated != null) generated.delete();
                closed.countDown();
            }
        } else {
            awaitClose();
        }
    }

    /**
     * What redis-server does on SIGTERM: with save points set, the data set is saved first (a running
     * BGSAVE is stopped); then the server stops. If the save fails the server stays up and this returns
     * false, as redis-server refuses to exit. {@link #close()} itself never saves.
     */
    public boolean shutdownSaving() {
        if (isClosed()) return true;
        boolean saved = server.execute(engine::saveForShutdown);
        if (!saved) return false;
        close();
        return true;
    }

    /** True once {@link #close} has begun, or a client sent SHUTDOWN. */
    public boolean isClosed() {
        return closing.get() || engine.isShuttingDown();
    }

    /** Waits until the server has stopped ({@link #close}, or a client's SHUTDOWN). */
    public void awaitClose() {
        boolean interrupted = false;
        while (true) {
            try {
                closed.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    // ---- direct API ---------------------------------------------------------------------------------

    /**
     * Runs a command as a client would (in db 0 unless the command says otherwise) and returns the
     * reply as Java values: String for status and bulk replies (UTF-8), Long, Double, List, Map,
     * Boolean, or null. An error reply throws {@link RedisDoubleException} carrying the error text.
     */
    public Object command(String... args) {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) argv[i] = Bytes.utf8(args[i]);
        return toJava(commandRaw(argv));
    }

    /**
     * A configuration parameter's value as CONFIG GET shows it (null for an unknown name), read without
     * running a command: nothing is counted in INFO stats or commandstats.
     */
    public String configValue(String name) {
        return server.execute(() -> engine.config().get(name));
    }

    /**
     * Sets a configuration parameter with CONFIG SET's checks, as a setting given at start is: not counted
     * as a command. Throws {@link RedisDoubleException} with the error a CONFIG SET would answer.
     */
    public void configure(String name, String value) {
        Reply.Error err = server.execute(() -> engine.configureAtStart(name, value));
        if (err != null) throw new RedisDoubleException(err.text);
    }

    /** Like {@link #command} but with binary arguments, returning the {@link Reply} itself. */
    public Reply commandRaw(byte[]... argv) {
        Objects.requireNonNull(argv);
        return server.execute(() -> {
            Reply r = engine.execute(direct, argv);
            engine.selectInternal(direct, 0);
            return r;
        });
    }

    public void set(String key, String value) {
        command("SET", key, value);
    }

    /** SET with a time to live. */
    public void set(String key, String value, Duration ttl) {
        command("SET", key, value, "PX", Long.toString(Math.max(1, ttl.toMillis())));
    }

    public String get(String key) {
        return (String) command("GET", key);
    }

    public long del(String... keys) {
        String[] args = new String[keys.length + 1];
        args[0] = "DEL";
        System.arraycopy(keys, 0, args, 1, keys.length);
        return (Long) command(args);
    }

    public boolean exists(String key) {
        return (Long) command("EXISTS", key) == 1L;
    }

    /** Time to live in milliseconds as PTTL: -2 if absent, -1 if no TTL. */
    public long pttl(String key) {
        return (Long) command("PTTL", key);
    }

    /** Time to live, or null if the key is absent or has none. */
    public Duration ttl(String key) {
        long ms = pttl(key);
        return ms < 0 ? null : Duration.ofMillis(ms);
    }

    /** Keys of db 0 matching a glob pattern, sorted. */
    @SuppressWarnings("unchecked")
    public List<String> keys(String pattern) {
        List<String> keys = new ArrayList<>((List<String>) command("KEYS", pattern));
        keys.sort(null);
        return keys;
    }

    public void flushAll() {
        command("FLUSHALL");
    }

    /** db 0 as key -> TYPE name, sorted by key, for assertions and failure messages. */
    public Map<String, String> dump() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : keys("*")) out.put(k, (String) command("TYPE", k));
        return out;
    }

    private static Object toJava(Reply r) {
        switch (r.kind()) {
            case SIMPLE:
                return ((Reply.Simple) r).text;
            case ERROR:
                throw new RedisDoubleException(((Reply.Error) r).text);
            case INTEGER:
                return ((Reply.Int) r).value;
            case BULK:
                return new String(((Reply.Bulk) r).value, StandardCharsets.UTF_8);
            case VERBATIM:
                return new String(((Reply.Verbatim) r).text, StandardCharsets.UTF_8);
            case BIG_NUMBER:
                return new String(((Reply.BigNumber) r).text, StandardCharsets.ISO_8859_1);
            case NULL_BULK:
            case NULL_ARRAY:
                return null;
            case DOUBLE:
                return ((Reply.Dbl) r).value;
            case BOOL:
                return ((Reply.Bool) r).value;
            case MAP: {
                Reply[] items = ((Reply.Multi) r).items;
                Map<Object, Object> m = new LinkedHashMap<>();
                for (int i = 0; i < items.length; i += 2) m.put(toJava(items[i]), toJava(items[i + 1]));
                return m;
            }
            default: {
                Reply[] items = ((Reply.Multi) r).items;
                List<Object> l = new ArrayList<>(items.length);
                for (Reply item : items) l.add(toJava(item));
                return l;
            }
        }
    }

    /** Resets the server to a clean state: all databases flushed, time back to its start, no faults. */
    public void reset() {
        faults.clear();
        flushAll();
        time.reset();
    }

    /** Control over the server's clock. */
    public final class Time {
        private Time() {}

        /** Moves the server's time forward and expires, at once, every key that became due. */
        public void advance(Duration d) {
            clock.advance(d);
            server.execute(engine::cron);
        }

        /** The server's current instant. */
        public Instant now() {
            return clock.instant();
        }

        /** Sets the instant (manual time only). */
        public void set(Instant instant) {
            clock.setNow(instant);
            server.execute(engine::cron);
        }

        /** Manual time: back to the start instant; flowing time: back to the wall clock. */
        public void reset() {
            clock.reset();
        }

        public boolean isManual() {
            return clock.isManual();
        }
    }

    /** Builds a {@link RedisDouble}. */
    public static final class Builder {
        private int port = 0;
        private String bind = "127.0.0.1";
        private Dialect dialect = Dialect.DEFAULT;
        private Instant manualStart;
        private String requirepass;
        private boolean protectedMode = true;
        private int databases = 16;
        private long seed = 0x5eedL;
        private final Map<String, String> config = new LinkedHashMap<>();
        private Boolean loadDumpAtStart;
        private String aclfile;
        private final java.util.List<String> users = new java.util.ArrayList<>();
        private boolean faultControl;
        private boolean tls, tlsOnly, generateCertificates = true;
        private int tlsPort;
        /** Set by RedisCluster: the clock all its nodes share, and the node's view of the cluster. */
        ServerClock sharedClock;
        /** Set by RedisCluster for a node of a TLS cluster (redis-server's tls-cluster yes). */
        boolean clusterTls;
        io.redisdouble.command.ClusterBus clusterBus;

        private Builder() {}

        /** A copy of these settings (RedisCluster builds each node from one). */
        Builder copy() {
            // TLS is the cluster's to set per node (RedisCluster.Builder#like reads it from here)
            Builder b = new Builder();
            b.port = port;
            b.bind = bind;
            b.dialect = dialect;
            b.manualStart = manualStart;
            b.requirepass = requirepass;
            b.protectedMode = protectedMode;
            b.databases = databases;
            b.seed = seed;
            b.config.putAll(config);
            b.aclfile = aclfile;
            b.users.addAll(users);
            b.faultControl = faultControl;
            return b;
        }

        int port() {
            return port;
        }

        boolean tlsRequested() {
            return tls;
        }

        boolean tlsOnlyRequested() {
            return tls && tlsOnly;
        }

        int chosenTlsPort() {
            return tlsPort;
        }

        boolean generatesCertificates() {
            return generateCertificates;
        }

        /** tls-cert-file / tls-key-file / tls-ca-cert-file as given (tlsFiles or config), else null. */
        String configured(String name) {
            return config.get(name);
        }

        String bindAddress() {
            return bind;
        }

        Dialect chosenDialect() {
            return dialect;
        }

        Instant manualStart() {
            return manualStart;
        }

        long chosenSeed() {
            return seed;
        }

        /**
         * Answers the {@value Faults#CONTROL_COMMAND} command, so that a process outside the JVM can inject
         * faults (the standalone server's {@code --fault-control yes}). Off by default: the command is then
         * unknown, as in Redis. Tests in the same JVM need no such command: use {@link RedisDouble#faults()}.
         */
        public Builder faultControl(boolean on) {
            this.faultControl = on;
            return this;
        }

        /**
         * redis-server's {@code aclfile}: the users are loaded from this file at start (a missing file or a
         * bad line makes {@link #start()} throw), and ACL LOAD / ACL SAVE read and write it.
         */
        public Builder aclfile(String path) {
            this.aclfile = Objects.requireNonNull(path);
            return this;
        }

        /**
         * A {@code user} directive of redis.conf ("alice on >secret ~app:* +@all"): the user is created at
         * start (not together with {@link #aclfile}, as redis-server refuses both).
         */
        public Builder user(String definition) {
            users.add(Objects.requireNonNull(definition));
            return this;
        }

        /**
         * Any parameter {@code CONFIG SET} takes, applied as CONFIG SET applies it before the server
         * listens (so a value the server refuses, or a setting redis-double does not implement, makes
         * {@link #start()} throw {@link IllegalArgumentException} with the server's error). Later calls
         * for the same name replace earlier ones.
         */
        public Builder config(String name, String value) {
            config.remove(Objects.requireNonNull(name).toLowerCase(java.util.Locale.ROOT));
            config.put(name.toLowerCase(java.util.Locale.ROOT), Objects.requireNonNull(value));
            return this;
        }

        /**
         * Whether the server loads {@code dir/dbfilename} when it starts, if that file exists, as
         * redis-server does. The standalone server always does; an embedded one only when {@code dir} or
         * {@code dbfilename} was given ({@link #config}), so that a {@code dump.rdb} lying in the working
         * directory never leaks into a test. {@code true} loads the working directory's {@code dump.rdb}
         * too; {@code false} never loads.
         */
        public Builder loadDumpAtStart(boolean load) {
            this.loadDumpAtStart = load;
            return this;
        }

        /**
         * maxclients (10000 by default, as redis-server): a connection beyond it gets
         * {@code -ERR max number of clients reached} and is closed.
         */
        public Builder maxclients(long n) {
            return config("maxclients", Long.toString(n));
        }

        /**
         * timeout in seconds (0, the default: never): a client idle for longer, on the server's clock
         * (so {@code time().advance(…)} makes clients idle at once), is closed, as redis-server closes
         * it; blocked and subscribed clients are not.
         */
        public Builder timeout(long seconds) {
            return config("timeout", Long.toString(seconds));
        }

        /**
         * Serves TLS too, on a free port ({@link #tlsPort(int)} to choose one), as redis-server's
         * {@code tls-port}. Without {@code tls-cert-file} and {@code tls-key-file} (see {@link #tlsFiles}),
         * a CA, a server and a client certificate are generated for this server (and deleted when it
         * closes); {@link RedisDouble#tls()} gives them to the test. tls-auth-clients is {@code yes}, as in
         * redis-server: clients present a certificate signed by the CA (the generated client one does);
         * {@code config("tls-auth-clients", "no")} or {@code "optional"} relaxes it.
         */
        public Builder tls() {
            this.tls = true;
            return this;
        }

        /** TLS on this port (0: a free one); implies {@link #tls()}. */
        public Builder tlsPort(int port) {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("tls-port out of range: " + port);
            this.tls = true;
            this.tlsPort = port;
            return this;
        }

        /**
         * TLS only, no plain TCP port (redis-server's {@code --port 0 --tls-port N}): {@link RedisDouble#port()}
         * and {@link RedisDouble#uri()} are then the TLS ones. Implies {@link #tls()}.
         */
        public Builder tlsOnly() {
            this.tls = true;
            this.tlsOnly = true;
            return this;
        }

        /**
         * tls-cert-file, tls-key-file and tls-ca-cert-file (PEM; the key PKCS#8 or PKCS#1, unencrypted;
         * {@code caCertFile} may be null with {@code tls-auth-clients no}). Implies {@link #tls()}.
         */
        public Builder tlsFiles(java.nio.file.Path certFile, java.nio.file.Path keyFile, java.nio.file.Path caCertFile) {
            this.tls = true;
            config("tls-cert-file", certFile.toString());
            config("tls-key-file", keyFile.toString());
            if (caCertFile != null) config("tls-ca-cert-file", caCertFile.toString());
            return this;
        }

        /**
         * Whether missing certificates are generated ({@link #tls()}; on by default). The standalone
         * server turns it off: like redis-server, it refuses to start TLS without tls-cert-file.
         */
        public Builder generateCertificates(boolean on) {
            this.generateCertificates = on;
            return this;
        }

        /** TCP port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
            this.port = port;
            return this;
        }

        public Builder bind(String address) {
            this.bind = Objects.requireNonNull(address);
            return this;
        }

        /**
         * The Redis version to emulate: "7.0" (default), "6.2", "7.2", "7.4", "8.0" or "valkey-8.0" (also "7.0.15", "7"…); anything else is
         * refused with the list of supported dialects (see {@link Dialect#parse}).
         */
        public Builder version(String version) {
            this.dialect = Dialect.parse(version);
            return this;
        }

        /** The server to emulate, e.g. {@link Dialect#REDIS_6_2}. */
        public Builder dialect(Dialect dialect) {
            this.dialect = Objects.requireNonNull(dialect);
            return this;
        }

        /** @deprecated use {@link #dialect(Dialect)}. */
        @Deprecated
        public Builder version(Dialect dialect) {
            return dialect(dialect);
        }

        /** Frozen time, starting now: it moves only with {@code time().advance(...)}. */
        public Builder manualTime() {
            return manualTime(Instant.now());
        }

        public Builder manualTime(Instant start) {
            this.manualStart = Objects.requireNonNull(start);
            return this;
        }

        /**
         * Redis's protected mode (on by default, as in redis-server): with no password, clients whose
         * address is not 127.0.0.1 or ::1 are refused with Redis's DENIED text. Only matters with a
         * {@link #bind} other than loopback, or for clients connecting from other loopback addresses.
         */
        public Builder protectedMode(boolean on) {
            this.protectedMode = on;
            return this;
        }

        /** Clients must AUTH with this password (as redis-server --requirepass). */
        public Builder requirepass(String password) {
            this.requirepass = password;
            return this;
        }

        public Builder databases(int n) {
            if (n < 1) throw new IllegalArgumentException("databases must be at least 1");
            this.databases = n;
            return this;
        }

        /** Seed for everything random (RANDOMKEY, skip-list levels, ZRANDMEMBER). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public RedisDouble start() {
            try {
                return new RedisDouble(this);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting", e);
            }
        }
    }

    private enum DirectLink implements Session.Link {
        INSTANCE;

        @Override
        public void push(Reply reply) {}

        @Override
        public void closeAfterReply() {}

        @Override
        public String peerAddress() {
            return "direct:0";
        }

        @Override
        public String localAddress() {
            return "direct:0";
        }
    }
}
