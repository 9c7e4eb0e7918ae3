package io.redisdouble.kit;

import io.redisdouble.RedisDouble;
import io.redisdouble.dialect.Dialect;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceRedis;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The two servers a kit run compares: a real Redis (the reference) and redis-double emulating the
 * reference's version.
 *
 * <h2>Which reference</h2>
 * The system property {@value #TARGET_PROPERTY} chooses (Maven's surefire executions set it):
 * <ul>
 *   <li>{@code environment} (the default): {@link ReferenceRedis#fromEnvironment()}, i.e.
 *       {@code REDIS_DOUBLE_REFERENCE=redis://host:port}, else {@code REDIS_DOUBLE_REFERENCE_BINARY},
 *       else the bundled redis-server 7.0.15;</li>
 *   <li>{@code 7.0} or {@code 6.2}: the bundled redis-server 7.0.15 / 6.2.7, whatever the environment;</li>
 *   <li>{@code 7.2} or {@code 7.4}: redis-server 7.2.6 / 7.4.1 from the folder of reference binaries
 *       ({@code REDIS_DOUBLE_REFERENCE_BIN}, see {@link ReferenceRedis#forVersion}), emulated exactly;</li>
 *   <li>{@code valkey-8.0}: valkey-server 8.0.1 from the same folder, emulated exactly (it is told
 *       from Redis 7.2.4, the version it reports, by {@link ReferenceRedis#serverVersion()}).</li>
 * </ul>
 * The reference's version is read from the server ({@code INFO server}), and redis-double is started
 * emulating it (every dialect redis-double defines, 7.2, 7.4 and 8.0 included). A reference version it does not
 * emulate (e.g. 7.6, 8.2) is compared against the nearest emulated version (for 7.x the highest
 * defined 7.y with y &lt;= x, 8.0 for 8 and later, 6.2 before), and the report says so:
 * divergences are then expected where Redis changed between those versions.
 *
 * <p>The reference is flushed ({@code FLUSHALL}) before every generated case: never point
 * {@code REDIS_DOUBLE_REFERENCE} at a server whose data matters.
 */
public final class KitTarget {

    /** System property naming the reference: {@code environment} (default), {@code 7.0}, {@code 6.2}, {@code 7.2}, {@code 7.4} or {@code valkey-8.0}. */
    public static final String TARGET_PROPERTY = "redisdouble.kit.target";

    private static KitTarget shared;
    /**
     * An evidence test's target. Global rather than per thread: jqwik shrinks on another thread,
     * and the shrinking runs must hit the same servers. Evidence runs happen one at a time.
     */
    private static volatile KitTarget override;

    private String referenceDescription;
    private final String referenceVersion;
    private final Dialect emulated;
    private final boolean emulationExact;
    private Endpoint reference;
    /** The reference as a ReferenceRedis (for its log after a crash); null for evidence targets. */
    private ReferenceRedis referenceServer;
    /** Finds the reference again after it died (a crash on some input); null for evidence targets. */
    private Supplier<ReferenceRedis> referenceResolver;
    private final Supplier<RedisDouble> doubleFactory;
    /** Calibration only: starts a new twin after the old one died. */
    private Supplier<Endpoint> twinRestarter;
    private final boolean evidence;
    private RedisDouble redisDouble;
    private Endpoint doubleEndpoint;
    private int generation;
    private final Deque<ConnPair> idle = new ArrayDeque<>();
    /**
     * Held by a case from its flush to its end. Cases never overlap, even when jqwik abandons a
     * shrinking run that exceeded its time bound and that run is still finishing on its thread.
     */
    private static final java.util.concurrent.locks.ReentrantLock CASES = new java.util.concurrent.locks.ReentrantLock(true);
    private RawRedisClient refControl;
    private RawRedisClient dblControl;

    private KitTarget(String referenceDescription, String referenceVersion, Dialect emulated,
                      boolean emulationExact, Endpoint reference, Supplier<RedisDouble> doubleFactory,
                      Endpoint fixedDouble, boolean evidence) {
        this.referenceDescription = referenceDescription;
        this.referenceVersion = referenceVersion;
        this.emulated = emulated;
        this.emulationExact = emulationExact;
        this.reference = reference;
        this.doubleFactory = doubleFactory;
        this.doubleEndpoint = fixedDouble;
        this.evidence = evidence;
    }

    /** The target of the current thread: an evidence override, else the run's shared target. */
    public static KitTarget current() {
        KitTarget t = override;
        if (t != null) {
            return t;
        }
        synchronized (KitTarget.class) {
            if (shared == null) {
                shared = fromSystemProperties();
            }
            return shared;
        }
    }

    /** True while an evidence test runs properties against a deliberately divergent pair. */
    public static boolean isEvidenceRun() {
        KitTarget t = override;
        return t != null && t.evidence;
    }

    private static KitTarget fromSystemProperties() {
        String which = System.getProperty(TARGET_PROPERTY, "environment").trim();
        if (which.startsWith("self-")) {
            return calibration(which.substring(5));
        }
        ReferenceRedis ref = switch (which) {
            case "", "environment" -> ReferenceRedis.fromEnvironment();
            case "7.0", "6.2", "7.2", "7.4", "8.0", "valkey-8.0" -> ReferenceRedis.forVersion(which);
            default -> throw new IllegalStateException(TARGET_PROPERTY + "=" + which
                    + " is not one of: environment, 7.0, 6.2, 7.2, 7.4, 8.0, valkey-8.0, self-7.0, self-6.2,"
                    + " self-7.2, self-7.4, self-8.0, self-valkey-8.0");
        };
        KitTarget t = forReference(ref);
        t.referenceServer = ref;
        t.referenceResolver = switch (which) {
            case "7.0", "6.2", "7.2", "7.4", "8.0", "valkey-8.0" -> () -> ReferenceRedis.forVersion(which);
            default -> ReferenceRedis::fromEnvironment;
        };
        return t;
    }

    /**
     * Calibration of the kit itself: the Redis of {@code version} (bundled, or from the folder of
     * reference binaries for 7.2, 7.4, 8.0 and valkey-8.0) against a second instance of the same Redis
     * instead of redis-double. Every divergence found this way is a flaw of the
     * kit (a nondeterministic reply compared without a relaxation), never of redis-double — which
     * is how the sorted-set properties were checked before redis-double implemented sorted sets.
     */
    static KitTarget calibration(String version) {
        ReferenceRedis ref = ReferenceRedis.forVersion(version);
        ReferenceRedis twin = ReferenceRedis.startPrivate(version);
        Endpoint twinEndpoint = new Endpoint(twin.host(), twin.port(), twin.username(), twin.password());
        String serverVersion = ref.serverVersion();
        KitTarget t = new KitTarget(ref + " (calibration: the other side is a second " + serverVersion
                + ", not redis-double)", serverVersion, emulationFor(serverVersion), true,
                new Endpoint(ref.host(), ref.port(), ref.username(), ref.password()), null, twinEndpoint, false);
        t.referenceServer = ref;
        t.referenceResolver = () -> ReferenceRedis.forVersion(version);
        // An input that crashes the reference crashes its twin too: start another one.
        t.twinRestarter = () -> {
            ReferenceRedis again = ReferenceRedis.startPrivate(version);
            return new Endpoint(again.host(), again.port(), again.username(), again.password());
        };
        return t;
    }

    /** A target comparing this reference with a redis-double emulating its version. */
    public static KitTarget forReference(ReferenceRedis ref) {
        String serverVersion = ref.serverVersion();
        Dialect emulated = ref.buildOf(emulationFor(serverVersion)); // the bundled 7.0.15 is a musl build
        boolean exact = qualifiedVersion(emulated).equals(serverVersion);
        Endpoint refEndpoint = new Endpoint(ref.host(), ref.port(), ref.username(), ref.password());
        // A password-protected reference (default user) gets a double with the same requirepass,
        // so AUTH and NOAUTH behave alike on both sides.
        String pass = ref.password() != null && (ref.username() == null || ref.username().equals("default"))
                ? ref.password() : null;
        Supplier<RedisDouble> factory = () -> {
            RedisDouble.Builder b = RedisDouble.builder().dialect(emulated);
            if (pass != null) {
                b.requirepass(pass);
            }
            return b.start();
        };
        return new KitTarget(ref.toString(), serverVersion, emulated, exact, refEndpoint, factory, null, false);
    }

    /**
     * A target for evidence tests: the "double" side is any server (e.g. a proxy that rewrites
     * replies in front of a second real Redis). Its runs are not counted in the conformance report.
     */
    public static KitTarget evidence(String description, String referenceVersion, Endpoint reference,
                                     Endpoint divergent, Dialect emulated) {
        return new KitTarget(description, referenceVersion, emulated, true, reference, null, divergent, true);
    }

    /** Runs {@code body} with {@code target} as {@link #current()} (for every thread, until it returns). */
    public static synchronized void runWith(KitTarget target, Runnable body) {
        KitTarget before = override;
        override = target;
        try {
            body.run();
        } finally {
            override = before;
            target.closeConnections();
        }
    }

    /**
     * The dialect of a reference version: 6.2.x → 6.2, 7.0.x → 7.0, 7.2.x → 7.2, 7.4.x → 7.4, 8.0.x → 8.0 (every
     * defined dialect, whether or not {@link Dialect#parse} accepts it yet: the kit is how it gets verified);
     * another 7.x → the highest defined 7.y below it, a later 8.x or beyond → 8.0, earlier → 6.2 (nearest emulated). A fork's
     * version carries its name ("valkey-8.0.1", see {@link ReferenceRedis#serverVersion()}).
     */
    static Dialect emulationFor(String version) {
        String v = version.trim();
        for (Dialect d : Dialect.defined()) {
            if (v.equals(qualifiedVersion(d)) || v.equals(d.name()) || v.startsWith(d.name() + ".")) return d;
        }
        String[] parts = v.split("\\.");
        int major, minor;
        try {
            major = Integer.parseInt(parts[0]);
            minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        } catch (NumberFormatException ex) {
            return Dialect.DEFAULT;
        }
        if (major == 7) {
            Dialect best = Dialect.REDIS_7_0;
            for (Dialect d : Dialect.defined()) {
                String[] n = d.name().split("\\.");
                if (n[0].equals("7") && Integer.parseInt(n[1]) <= minor
                        && Integer.parseInt(n[1]) > Integer.parseInt(best.name().split("\\.")[1])) {
                    best = d;
                }
            }
            return best;
        }
        return major > 7 ? Dialect.REDIS_8_0 : Dialect.REDIS_6_2;
    }

    /** A dialect's version as {@link ReferenceRedis#serverVersion()} says it: "7.2.6", "valkey-8.0.1". */
    private static String qualifiedVersion(Dialect d) {
        return d.server().equals("redis") ? d.full() : d.server() + "-" + d.full();
    }

    // ---------------------------------------------------------------------------------------------

    public String referenceDescription() {
        return referenceDescription;
    }

    public String referenceVersion() {
        return referenceVersion;
    }

    public Dialect emulated() {
        return emulated;
    }

    /** True when redis-double emulates exactly the reference's version. */
    public boolean emulationExact() {
        return emulationExact;
    }

    /** True when the emulation is Redis 7.0 (7.x and later references), not 6.2 (behaviour switches in generators). */
    public boolean atLeast7() {
        return emulated != Dialect.REDIS_6_2;
    }

    public Endpoint reference() {
        return reference;
    }

    /** The end of the reference's log if we started it (to show why it stopped answering), else "". */
    public String referenceLogTail() {
        if (referenceServer == null) {
            return "";
        }
        String log = referenceServer.log();
        String[] lines = log.split("\n");
        StringBuilder sb = new StringBuilder();
        for (int i = Math.max(0, lines.length - 40); i < lines.length; i++) {
            sb.append("    | ").append(lines[i]).append('\n');
        }
        return sb.toString();
    }

    /** The redis-double endpoint, starting redis-double on first use. */
    public synchronized Endpoint doubleEndpoint() {
        if (doubleEndpoint == null) {
            redisDouble = doubleFactory.get();
            doubleEndpoint = new Endpoint(redisDouble.host(), redisDouble.port(), null, reference.password() != null
                    && (reference.username() == null || reference.username().equals("default")) ? reference.password() : null);
        }
        return doubleEndpoint;
    }

    /** One line for reports: what is compared with what. */
    public String describe() {
        return "Redis " + referenceVersion + " [" + referenceDescription + "] vs redis-double emulating "
                + qualifiedVersion(emulated) + (emulationExact ? "" : " (nearest emulated version: divergences where Redis "
                + referenceVersion + " differs from " + qualifiedVersion(emulated) + " are expected)");
    }

    // ---------------------------------------------------------------------------------------------
    // Connections and flushing

    /**
     * The test instance of the property now running (jqwik makes one per property). A case whose
     * owner is another instance belongs to a shrinking run that jqwik abandoned at its time bound
     * and that still goes on in the background: it must not touch the servers any more.
     */
    static volatile Object activeOwner;

    /** Starts a case of the property whose test instance is {@code owner}. */
    void beginCase(Object owner) {
        if (owner != null && activeOwner != null && owner != activeOwner) {
            throw new IllegalStateException("a shrinking run abandoned by jqwik (time bound reached) stops here");
        }
        beginCase();
    }

    /** Starts a case: waits until no other case runs, then flushes both servers. */
    void beginCase() {
        CASES.lock();
        try {
            flushBoth();
        } catch (RuntimeException e) {
            CASES.unlock();
            throw e;
        }
    }

    /** Ends a case started by {@link #beginCase()} on this thread. */
    void endCase() {
        if (CASES.isHeldByCurrentThread()) {
            CASES.unlock();
        }
    }

    /** Known crashes whose armed state outlives the case that armed it: armed for every later case. */
    private final java.util.EnumSet<ReferenceCrash> armedForGood = java.util.EnumSet.noneOf(ReferenceCrash.class);

    /** The crashes a new case starts armed with ({@link #armForGood}). */
    synchronized java.util.Set<ReferenceCrash> armedForGood() {
        return armedForGood.clone();
    }

    /**
     * A case armed {@code crashes}, whose state lives in the reference server rather than in the keys a
     * case writes ({@link ReferenceCrash#outlivesCase}): every later case on this target starts with them
     * armed, so their firing commands are left out for the rest of the run.
     */
    synchronized void armForGood(java.util.Set<ReferenceCrash> crashes) {
        armedForGood.addAll(crashes);
    }

    /** A pair of connections (reference, double) on database 0, RESP2, no transaction, no watch. */
    synchronized ConnPair borrow() {
        Endpoint dbl = doubleEndpoint();
        while (!idle.isEmpty()) {
            ConnPair p = idle.pop();
            if (p.generation == generation) {
                return p;
            }
            p.close();
        }
        RawRedisClient r = reference.open();
        try {
            return new ConnPair(r, dbl.open(), generation);
        } catch (RuntimeException e) {
            r.close();
            throw e;
        }
    }

    /** Returns a pair; a pair whose connection state changed ({@code dirty}) is closed instead. */
    synchronized void giveBack(ConnPair p, boolean dirty) {
        if (dirty || p.generation != generation || idle.size() >= 8) {
            p.close();
        } else {
            idle.push(p);
        }
    }

    /**
     * Empties both servers ({@code FLUSHALL}). If redis-double does not answer FLUSHALL with +OK
     * (a build where the command is not implemented yet), the kit restarts its redis-double instead.
     */
    public synchronized void flushBoth() {
        Endpoint dbl = doubleEndpoint();
        byte[] r;
        try {
            if (refControl == null) {
                refControl = reference.open();
            }
            r = refControl.call("FLUSHALL");
        } catch (RuntimeException e) {
            if (referenceResolver == null) {
                throw e;
            }
            // The reference died (e.g. it crashed on the previous case's input): a shared bundled
            // server is started again by ReferenceRedis; an external one must come back by itself.
            closeConnections();
            ReferenceRedis again = referenceResolver.get();
            referenceServer = again;
            reference = new Endpoint(again.host(), again.port(), again.username(), again.password());
            referenceDescription = again + " (restarted: the previous one stopped answering)";
            refControl = reference.open();
            r = refControl.call("FLUSHALL");
        }
        if (r.length == 0 || r[0] != '+') {
            throw new IllegalStateException("FLUSHALL failed on the reference " + referenceDescription + ": "
                    + RawRedisClient.printable(r));
        }
        byte[] d;
        try {
            if (dblControl == null) {
                dblControl = dbl.open();
            }
            d = dblControl.call("FLUSHALL");
        } catch (RuntimeException e) {
            if (twinRestarter == null) {
                throw e;
            }
            closeConnections();
            doubleEndpoint = twinRestarter.get();
            dblControl = doubleEndpoint.open();
            d = dblControl.call("FLUSHALL");
        }
        if (d.length == 0 || d[0] != '+') {
            if (redisDouble == null) {
                throw new IllegalStateException("FLUSHALL failed on " + dbl + ": " + RawRedisClient.printable(d));
            }
            restartDouble();
        }
    }

    /**
     * Each server's value of configuration parameters before the kit first changed them ({@link #configSet}):
     * name → {reference's value, redis-double's value}.
     */
    private final java.util.Map<String, String[]> configBeforeKit = new java.util.HashMap<>();

    /**
     * {@code CONFIG SET name value} on both servers over the control connections, outside the case's
     * history: for a family that sets configuration parameters (the encodings family's thresholds) to
     * put them back at the end of every case ({@link Duo#atEnd}). The first time a parameter is named
     * here, {@link #rememberConfig} must have read its values first. A value of {@code null} puts back
     * each server's own value from before the kit changed it; a server that does not know the
     * parameter is left alone. Throws if a server refuses, or (putting back) if CONFIG GET then reads
     * another value than the one remembered.
     */
    public synchronized void configSet(String name, String value) {
        String[] before = configBeforeKit.get(name);
        if (value == null && before == null) {
            throw new IllegalStateException("no value of " + name + " remembered to put back (rememberConfig first)");
        }
        byte[] r = null;
        byte[] d = null;
        if (value != null || before[0] != null) {
            r = control(true).call("CONFIG", "SET", name, value != null ? value : before[0]);
        }
        if (value != null || before[1] != null) {
            d = control(false).call("CONFIG", "SET", name, value != null ? value : before[1]);
        }
        for (byte[] reply : new byte[][] {r, d}) {
            if (reply != null && (reply.length == 0 || reply[0] != '+')) {
                throw new IllegalStateException("CONFIG SET " + name + " failed on the "
                        + (reply == r ? "reference " + referenceDescription : "redis-double") + ": "
                        + RawRedisClient.printable(reply) + " — the servers' configuration may now differ from their own");
            }
        }
        if (value == null) {
            String[] now = {configGet(control(true), name), configGet(control(false), name)};
            if (!java.util.Arrays.equals(now, before)) {
                throw new IllegalStateException("CONFIG SET " + name + " did not put back the servers' own values: "
                        + "reference " + now[0] + " (was " + before[0] + "), redis-double " + now[1] + " (was " + before[1] + ")");
            }
        }
    }

    /**
     * Reads each server's value of {@code name} (CONFIG GET, null where the server has no such
     * parameter) the first time it is asked, so that {@link #configSet configSet(name, null)} can put it
     * back: call it before a case first changes the parameter.
     */
    public synchronized void rememberConfig(String name) {
        if (!configBeforeKit.containsKey(name)) {
            configBeforeKit.put(name, new String[] {configGet(control(true), name), configGet(control(false), name)});
        }
    }

    private static String configGet(RawRedisClient c, String name) {
        RespFrame f = RespFrame.parse(c.call("CONFIG", "GET", name));
        for (int i = 0; i + 1 < f.children.size(); i += 2) {
            if (f.children.get(i).text().equalsIgnoreCase(name)) {
                return f.children.get(i + 1).text();
            }
        }
        return null;
    }

    /** The control connection to the reference ({@code true}) or to redis-double, opened if need be. */
    private RawRedisClient control(boolean ref) {
        if (ref) {
            if (refControl == null) {
                refControl = reference.open();
            }
            return refControl;
        }
        if (dblControl == null) {
            dblControl = doubleEndpoint().open();
        }
        return dblControl;
    }

    private void restartDouble() {
        closeConnections();
        redisDouble.close();
        redisDouble = null;
        doubleEndpoint = null;
        doubleEndpoint();
    }

    synchronized void closeConnections() {
        generation++;
        while (!idle.isEmpty()) {
            idle.pop().close();
        }
        if (refControl != null) {
            refControl.close();
            refControl = null;
        }
        if (dblControl != null) {
            dblControl.close();
            dblControl = null;
        }
    }

    /** A connection to each server, used together as "one client" of a generated case. */
    static final class ConnPair {
        final RawRedisClient ref;
        final RawRedisClient dbl;
        final int generation;

        ConnPair(RawRedisClient ref, RawRedisClient dbl, int generation) {
            this.ref = Objects.requireNonNull(ref);
            this.dbl = Objects.requireNonNull(dbl);
            this.generation = generation;
        }

        void close() {
            ref.close();
            dbl.close();
        }
    }
}
