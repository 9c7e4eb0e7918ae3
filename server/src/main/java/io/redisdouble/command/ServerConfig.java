package io.redisdouble.command;


import io.redisdouble.dialect.Dialect;
import io.redisdouble.dialect.Quirk;
import io.redisdouble.keyspace.EncodingLimits;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The server's settings: those fixed at start (version, databases, port) and the CONFIG GET/SET table.
 *
 * <p>The table is data: {@code config-<version>.tsv} (generated from a real redis-server of that version
 * by {@code src/test/tools/gen_reference_data.py}) lists every parameter {@code CONFIG GET *} shows, in
 * the order it shows them, with its type (bool, int, memory, enum, string, special, immutable,
 * protected), bounds or allowed values, and default, then (marked "hidden") the parameters config.c creates
 * with HIDDEN_CONFIG, which only an exact name finds (CONFIG GET and SET), never a pattern such as
 * {@code *}. Values are kept as the normalized strings CONFIG GET
 * returns; aliases (slave-* / replica-*, and in 7.0 *-ziplist-* / *-listpack-* and lua-time-limit /
 * busy-reply-threshold) share one value, as in Redis.
 *
 * <p>Defaults are those of a redis-server started without a config file and with {@code --save ''
 * --appendonly no}, except what describes this process: port, bind, requirepass, databases, dir (the
 * working directory), daemonize no, and no pidfile or logfile. protected-mode is yes, as in Redis, and
 * enforced when clients connect ({@code Engine.refusesInProtectedMode}).
 */
public final class ServerConfig {
    /** How a parameter's values are parsed (Redis's standardConfig types, plus the special-cased ones). */
    public enum Kind { BOOL, INT, MEMORY, ENUM, STRING, SPECIAL, IMMUTABLE, PROTECTED }

    /**
     * One CONFIG parameter. {@code min}/{@code max} bound INT and MEMORY values; {@code choices} lists
     * ENUM values; {@code badValueError} is the error real Redis gives for an invalid SPECIAL value;
     * {@code hidden}: HIDDEN_CONFIG, not matched by CONFIG GET patterns.
     */
    public record Param(String name, Kind kind, BigInteger min, BigInteger max, List<String> choices,
                        String badValueError, String key, boolean hidden) {}

    private final Dialect dialect;
    private final int databases;
    private final List<Param> params = new ArrayList<>();
    private final Map<String, Param> byName = new HashMap<>();
    /** Values by alias-independent key. */
    private final Map<String, String> values = new HashMap<>();
    /** The encoding thresholds and access tracking, kept parsed for every write (see {@link #set}). */
    private final EncodingLimits limits;
    /** notify-keyspace-events as flags (server.notify_keyspace_events); none by default. */
    private int notifyKeyspaceEvents;

    public ServerConfig(Dialect dialect, int databases, int port, String bind, String requirepass) {
        this.dialect = dialect;
        this.databases = databases;
        this.limits = new EncodingLimits(dialect.has(Quirk.SET_LISTPACK), dialect.has(Quirk.LIST_PLAIN_LARGE_ELEMENTS));
        load(dialect);
        for (Param p : params) limits.apply(p.key(), values.get(p.key()));
        set("requirepass", requirepass == null ? "" : requirepass);
        set("databases", Integer.toString(databases));
        set("port", Integer.toString(port));
        set("bind", bind == null ? "" : bind);
        set("save", "");
        set("appendonly", "no");
        set("daemonize", "no");
        set("pidfile", "");
        set("logfile", "");
        set("protected-mode", "yes");
        set("dir", Path.of("").toAbsolutePath().toString());
        for (String parsed : new String[] {"client-query-buffer-limit", "client-output-buffer-limit"}) {
            if (get(parsed) != null) set(parsed, get(parsed)); // the captured default, kept parsed too
        }
    }

    private void load(Dialect d) {
        String resource = d.configResource();
        try (InputStream in = ServerConfig.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing resource " + resource);
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty()) continue;
                String[] f = line.split("\t", -1);
                String name = f[0];
                Kind kind = Kind.valueOf(f[1].toUpperCase(Locale.ROOT));
                BigInteger min = null, max = null;
                List<String> choices = List.of();
                String bad = null;
                switch (kind) {
                    case INT, MEMORY -> {
                        String[] mm = f[2].split(" ");
                        min = new BigInteger(mm[0]);
                        max = new BigInteger(mm[1]);
                    }
                    case ENUM -> choices = List.of(f[2].split(", "));
                    case SPECIAL -> bad = f[2];
                    default -> { }
                }
                boolean hidden = f.length > 4 && f[4].equals("hidden");
                Param p = new Param(name, kind, min, max, choices, bad, key(name), hidden);
                params.add(p);
                byName.put(name, p);
                values.putIfAbsent(p.key(), f[3]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The storage key shared by a parameter and its aliases. */
    private String key(String name) {
        String k = name.replace("slave", "replica");
        if (dialect.has(Quirk.LISTPACK_ENCODING)) k = k.replace("ziplist", "listpack");
        if (dialect.has(Quirk.BUSY_REPLY_THRESHOLD) && k.equals("lua-time-limit")) k = "busy-reply-threshold";
        return k;
    }

    public Dialect dialect() {
        return dialect;
    }

    public int databases() {
        return databases;
    }

    /** The password clients must AUTH with, or null if none. */
    /** protected-mode (yes by default, as in Redis). */
    public boolean protectedMode() {
        return "yes".equals(get("protected-mode"));
    }

    public void setProtectedMode(boolean on) {
        set("protected-mode", on ? "yes" : "no");
    }

    public String requirepass() {
        String p = get("requirepass");
        return p == null || p.isEmpty() ? null : p;
    }

    /** Every parameter in {@code CONFIG GET *} order. */
    public List<Param> params() {
        return Collections.unmodifiableList(params);
    }

    /** A parameter by name, case-insensitively, or null. */
    public Param lookup(String name) {
        return byName.get(name.toLowerCase(Locale.ROOT));
    }

    /** The current value (as CONFIG GET shows it) of a parameter, or null if there is no such parameter. */
    public String get(String name) {
        Param p = lookup(name);
        return p == null ? null : value(p);
    }

    public String value(Param p) {
        String v = values.get(p.key());
        if (p.name().equals("hz") && v != null) {
            // serverCron clamps hz to [1, 500] (CONFIG_MIN_HZ / CONFIG_MAX_HZ); CONFIG GET shows the clamped value.
            long hz = Long.parseLong(v);
            return Long.toString(Math.max(1, Math.min(500, hz)));
        }
        return v;
    }

    /** Sets an already normalized value (no validation). Unknown names are ignored. */
    public void set(String name, String value) {
        Param p = lookup(name);
        if (p == null) return;
        values.put(p.key(), value);
        if (p.name().equals("proto-max-bulk-len")) protoMaxBulkLen = Long.parseLong(value);
        if (p.name().equals("maxmemory")) maxmemory = clampedLong(value);
        if (p.name().equals("maxmemory-clients")) {
            maxmemoryClients = value.endsWith("%") ? -Long.parseLong(value.substring(0, value.length() - 1)) : clampedLong(value);
        }
        if (p.name().equals("maxmemory-policy")) maxmemoryPolicy = value;
        if (p.name().equals("maxmemory-samples")) maxmemorySamples = Integer.parseInt(value);
        if (p.name().equals("hll-sparse-max-bytes")) hllSparseMaxBytes = clampedLong(value);
        if (p.name().equals("min-replicas-to-write")) minReplicasToWrite = clampedLong(value);
        if (p.name().equals("min-replicas-max-lag")) minReplicasMaxLag = clampedLong(value);
        limits.apply(p.key(), value);
        if (p.name().equals("client-query-buffer-limit")) clientQueryBufferLimit = clampedLong(value);
        if (p.name().equals("client-output-buffer-limit")) outputBufferLimits = parseOutputBufferLimits(value);
        if (p.name().equals("slowlog-log-slower-than")) slowlogSlowerThan = Long.parseLong(value);
        if (p.name().equals("slowlog-max-len")) slowlogMaxLen = clampedLong(value);
        if (p.name().equals("latency-tracking")) latencyTracking = value.equals("yes");
        if (p.name().equals("latency-tracking-info-percentiles")) {
            latencyPercentiles = value.isEmpty() ? new double[0]
                    : java.util.Arrays.stream(value.split(" ")).mapToDouble(Double::parseDouble).toArray();
        }
        if (p.name().equals("latency-monitor-threshold")) latencyMonitorThreshold = Long.parseLong(value);
    }

    /** latency-monitor-threshold (ms; 0 = the latency monitor is off), read after every command. */
    private volatile long latencyMonitorThreshold;

    public long latencyMonitorThreshold() {
        return latencyMonitorThreshold;
    }

    /** slowlog-log-slower-than (µs, negative = off), slowlog-max-len and latency-tracking, read after every command. */
    private volatile long slowlogSlowerThan = 10000, slowlogMaxLen = 128;
    private volatile boolean latencyTracking = true;

    public long slowlogSlowerThan() {
        return slowlogSlowerThan;
    }

    public long slowlogMaxLen() {
        return slowlogMaxLen;
    }

    /** latency-tracking-info-percentiles: the percentiles INFO latencystats shows. */
    private volatile double[] latencyPercentiles = {50.0, 99.0, 99.9};

    public double[] latencyPercentiles() {
        return latencyPercentiles.clone();
    }

    /** A percentile as sprintf("%f") then trimDoubleString write it: 99.9, 50, 0. */
    static String trimmedPercentile(double d) {
        String f = io.redisdouble.util.RedisNumbers.printfFixed(d, 6);
        if (f.indexOf('.') < 0) return f;
        int end = f.length();
        while (f.charAt(end - 1) == '0') end--;
        if (f.charAt(end - 1) == '.') end--;
        return f.substring(0, end);
    }

    /** latency-tracking (7.0+; 6.2 has no such setting and keeps no histograms). */
    public boolean latencyTracking() {
        if (!latencyTracking) return false;
        int has = hasLatencyTracking;
        if (has < 0) hasLatencyTracking = has = lookup("latency-tracking") != null ? 1 : 0; // per dialect, fixed
        return has == 1;
    }

    /** Whether the dialect has latency-tracking (6.2 has not): -1 until first asked. */
    private int hasLatencyTracking = -1;

    /** A memory value as CONFIG GET shows it (up to 2^64-1), at most Long.MAX_VALUE. */
    private static long clampedLong(String value) {
        BigInteger v = new BigInteger(value);
        return v.bitLength() > 63 ? Long.MAX_VALUE : v.longValue();
    }

    /** Client classes of client-output-buffer-limit, as Redis numbers them in server.client_obuf_limits. */
    public static final int CLASS_NORMAL = 0, CLASS_REPLICA = 1, CLASS_PUBSUB = 2;

    /**
     * "normal h s secs slave h s secs pubsub h s secs" (as CONFIG GET shows it) as {hard bytes, soft bytes,
     * soft seconds} per class, indexed by {@link #CLASS_NORMAL}….
     */
    private static long[][] parseOutputBufferLimits(String value) {
        long[][] limits = new long[3][];
        String[] f = value.split(" ");
        for (int i = 0; i + 3 < f.length; i += 4) {
            int cls = switch (f[i]) {
                case "normal" -> CLASS_NORMAL;
                case "slave", "replica" -> CLASS_REPLICA;
                case "pubsub" -> CLASS_PUBSUB;
                default -> throw new IllegalArgumentException("client class " + f[i]);
            };
            limits[cls] = new long[] {clampedLong(f[i + 1]), clampedLong(f[i + 2]), Long.parseLong(f[i + 3])};
        }
        return limits;
    }

    /** client-query-buffer-limit, checked after every read from a client (so kept parsed). */
    private volatile long clientQueryBufferLimit = 1L << 30;

    /** The most unprocessed input a client may have (client-query-buffer-limit; 1 GB by default). */
    public long clientQueryBufferLimit() {
        return clientQueryBufferLimit;
    }

    /** client-output-buffer-limit, parsed (see {@link #outputBufferLimit}). */
    private volatile long[][] outputBufferLimits = parseOutputBufferLimits(
            "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60");

    /**
     * client-output-buffer-limit of a client class ({@link #CLASS_NORMAL}, {@link #CLASS_REPLICA},
     * {@link #CLASS_PUBSUB}): {hard limit bytes, soft limit bytes, soft limit seconds}, 0 meaning no limit.
     */
    public long[] outputBufferLimit(int clientClass) {
        return outputBufferLimits[clientClass];
    }

    /** The encoding thresholds and access tracking as the configuration has them now. */
    public EncodingLimits limits() {
        return limits;
    }

    /** maxmemory (bytes, 0 = no limit), its policy and samples, read before every command. */
    private volatile long maxmemory;
    private volatile String maxmemoryPolicy = "noeviction";
    private volatile int maxmemorySamples = 5;

    public long maxmemory() {
        return maxmemory;
    }

    /** maxmemory-clients as server.maxmemory_clients: bytes, or minus a percentage of maxmemory; 0 = no client eviction. */
    private volatile long maxmemoryClients;

    public long maxmemoryClients() {
        return maxmemoryClients;
    }

    /**
     * getClientEvictionLimit: the bytes all clients together may hold before the largest are evicted, 0 for
     * no limit (maxmemory-clients 0, or a percentage while maxmemory is 0); never under 128 KB.
     */
    public long clientEvictionLimit() {
        long setting = maxmemoryClients;
        long limit;
        if (setting < 0) {
            if (maxmemory <= 0) return 0;
            limit = (long) ((double) maxmemory * -(double) setting / 100);
        } else if (setting > 0) {
            limit = setting;
        } else {
            return 0;
        }
        return Math.max(limit, 128 * 1024);
    }

    public String maxmemoryPolicy() {
        return maxmemoryPolicy;
    }

    public int maxmemorySamples() {
        return maxmemorySamples;
    }

    private volatile long minReplicasToWrite;
    private volatile long minReplicasMaxLag = 10;

    /**
     * checkGoodReplicasStatus failing: min-replicas-to-write and min-replicas-max-lag are both set, and this
     * server, a master without replicas, has fewer good replicas than that (none).
     */
    public boolean notEnoughGoodReplicas() {
        return minReplicasToWrite > 0 && minReplicasMaxLag > 0;
    }

    /** proto-max-bulk-len, read for every bulk header a client sends (so kept parsed). */
    private volatile long protoMaxBulkLen = 512L * 1024 * 1024;

    /** The largest bulk argument a client may send, and the largest string APPEND / SETRANGE build. */
    public long protoMaxBulkLen() {
        return protoMaxBulkLen;
    }

    /**
     * Why redis-double refuses a valid value of a parameter whose effect it does not have, or null when
     * it does what the value asks (or the parameter has nothing to do with the rule below). CONFIG SET,
     * the builder and the command line all refuse these, with this reason, rather than accept a setting
     * and ignore it.
     *
     * <p>Some of Redis's hidden (HIDDEN_CONFIG) test settings act only where redis-double has nothing to
     * act on, so every value Redis takes is taken and shown back, and doing nothing is doing what the
     * value asks: {@code loading-process-events-interval-bytes} paces the events served while an RDB file
     * loads (the double loads one only before it listens), {@code use-exit-on-panic} and Valkey's
     * {@code debug-context} shape a crash report (redis-double has no panic path), {@code
     * aof-disable-auto-gc} the AOF directory (appendonly is only ever no). {@code key-load-delay} and
     * {@code rdb-key-save-delay} are honoured (see Persistence). Those with an effect redis-double would
     * lack are refused below: {@code watchdog-period} (the SIGALRM software watchdog) and {@code
     * cluster-ping-interval} (cluster bus pings).
     */
    public static String unsupported(String name, String value) {
        return switch (name) {
            case "watchdog-period" -> value.equals("0") ? null
                    : "watchdog-period is not supported by redis-double (no software watchdog): only 0";
            case "cluster-ping-interval" -> value.equals("0") ? null
                    : "cluster-ping-interval is not supported by redis-double (no cluster bus pings): only 0";
            case "appendonly" -> value.equals("no") ? null
                    : "redis-double writes no AOF (RDB snapshots only): only appendonly no";
            case "tls-ciphers" -> value.isEmpty() ? null
                    : "tls-ciphers is not supported by redis-double (OpenSSL cipher strings; the JDK's TLSv1.2 defaults are used): only \"\"";
            case "tls-ciphersuites" -> {
                for (String suite : value.split(":")) {
                    if (suite.equals("TLS_AES_128_CCM_SHA256") || suite.equals("TLS_AES_128_CCM_8_SHA256")) {
                        yield "tls-ciphersuites " + suite + " is not supported by redis-double (the JDK has no CCM suites)";
                    }
                }
                yield null;
            }
            case "tls-ca-cert-dir" -> value.isEmpty() ? null
                    : "tls-ca-cert-dir is not supported by redis-double: use tls-ca-cert-file";
            case "tls-key-file-pass", "tls-client-key-file-pass" -> value.isEmpty() ? null
                    : name + " is not supported by redis-double (encrypted private keys): only \"\"";
            case "tls-client-cert-file", "tls-client-key-file" -> value.isEmpty() ? null
                    : name + " is not supported by redis-double (it makes no outgoing TLS connections): only \"\"";
            case "tls-dh-params-file" -> value.isEmpty() ? null
                    : "tls-dh-params-file is not supported by redis-double (the JDK chooses DH groups): only \"\"";
            case "tls-replication", "tls-cluster" -> value.equals("no") ? null
                    : name + " is not supported by redis-double (no replication or cluster bus connections): only no";
            case "tls-session-caching" -> value.equals("yes") ? null
                    : "tls-session-caching no is not supported by redis-double (the JDK always resumes sessions): only yes";
            default -> null;
        };
    }

    /**
     * The parameters whose change reconfigures TLS (redis-server's applyTlsCfg), in no particular order;
     * tls-auth-clients is not among them: it is read for each accepted connection.
     */
    public static final java.util.Set<String> TLS_APPLIED = java.util.Set.of("tls-session-cache-size",
            "tls-session-cache-timeout", "tls-cluster", "tls-replication", "tls-prefer-server-ciphers", "tls-session-caching",
            "tls-cert-file", "tls-key-file", "tls-key-file-pass", "tls-client-cert-file", "tls-client-key-file",
            "tls-client-key-file-pass", "tls-dh-params-file", "tls-ca-cert-file", "tls-ca-cert-dir", "tls-protocols",
            "tls-ciphers", "tls-ciphersuites");

    /** The TLS parameters naming files (VOLATILE_CONFIG): CONFIG SET applies them even when unchanged. */
    public static final java.util.Set<String> TLS_FILES = java.util.Set.of("tls-cert-file", "tls-key-file",
            "tls-client-cert-file", "tls-client-key-file", "tls-dh-params-file", "tls-ca-cert-file", "tls-ca-cert-dir");

    /**
     * Parameters CONFIG SET refuses (immutable, or protected while enable-protected-configs is no) that a
     * start flag or the builder may set, as redis.conf may: the RDB file's place and its checksum.
     */
    public static boolean settableAtStart(String name) {
        return name.equals("dir") || name.equals("dbfilename") || name.equals("rdbchecksum");
    }

    /** hll-sparse-max-bytes, read by every PFADD / PFMERGE on a sparse HLL (so kept parsed). */
    private volatile long hllSparseMaxBytes = 3000;

    /** The largest sparse HyperLogLog (bytes, header included) before it turns dense. */
    public long hllSparseMaxBytes() {
        return hllSparseMaxBytes;
    }

    /** The notify-keyspace-events classes ({@link io.redisdouble.keyspace.KeyspaceEvents} flags). */
    public int notifyKeyspaceEvents() {
        return notifyKeyspaceEvents;
    }

    /** Set by CONFIG SET with the flags parsed from its input (which CONFIG GET may not show in full). */
    public void notifyKeyspaceEvents(int flags) {
        notifyKeyspaceEvents = flags;
    }

    /** hz as serverCron uses it. */
    public int hz() {
        return Integer.parseInt(get("hz"));
    }
}
