package io.redisdouble.cli;

import io.redisdouble.RedisCluster;
import io.redisdouble.RedisDouble;
import io.redisdouble.dialect.Dialect;

import java.io.PrintStream;
import java.net.BindException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * The standalone server: {@code java -jar redis-double.jar [--port 6379] [--bind 127.0.0.1]
 * [--requirepass pw] [--databases 16] [--redis-version 7.2]}, plus redis-server's flags that redis-double
 * honours ({@link #CONFIG}, applied as CONFIG SET) or takes only with the value that describes what it
 * does ({@link #ONLY}); the rest are refused with the reason. None is accepted and ignored.
 */
public final class Main {
    /**
     * redis-server flags that are accepted only with the value that asks for what redis-double does
     * (nothing written to disk or forked, one thread, logs on standard output); any other value stops
     * the start with a message naming what is not supported.
     */
    private static final Map<String, String> ONLY = Map.of(
            "daemonize", "no",
            "supervised", "no",
            "io-threads", "1",
            "logfile", "",
            "pidfile", "",
            "tcp-backlog", "511");

    /** Why each {@link #ONLY} flag is limited to its one value. */
    private static final Map<String, String> WHY = Map.of(
            "daemonize", "redis-double does not fork: run it in the background from the shell",
            "supervised", "redis-double does not talk to upstart or systemd",
            "io-threads", "redis-double reads, runs and writes on one thread",
            "logfile", "redis-double logs to standard output",
            "pidfile", "redis-double writes no pid file",
            "tcp-backlog", "redis-double listens with a backlog of 511");

    /** redis-server flags refused whatever their value, with the reason. */
    private static final Map<String, String> UNSUPPORTED = Map.of(
            "tcp-keepalive", "redis-double does not set TCP keepalive intervals (its connections use the system's keepalive)",
            "appendfilename", "redis-double writes no AOF");

    /**
     * redis-server flags that are CONFIG parameters redis-double implements: applied as CONFIG SET
     * applies them, so a value the server refuses (or that redis-double does not do) stops the start.
     */
    private static final Set<String> CONFIG = Set.of("maxclients", "timeout", "hz", "maxmemory", "maxmemory-policy",
            "maxmemory-clients", "save", "appendonly", "loglevel", "proto-max-bulk-len", "client-output-buffer-limit",
            "client-query-buffer-limit", "dir", "dbfilename", "rdbchecksum", "rdbcompression", "stop-writes-on-bgsave-error");

    private Main() {}

    static final String USAGE = String.join("\n",
            "Usage: java -jar redis-double.jar [options]",
            "  --port <port>            TCP port (default 6379; 0 picks a free one)",
            "  --bind <address>         address to listen on (default 127.0.0.1)",
            "  --requirepass <password> clients must AUTH first",
            "  --aclfile <path>         users from this ACL file (ACL LOAD / ACL SAVE use it)",
            "  --user \"<name> <rules>\"   a user, as redis.conf's user directive (repeatable)",
            "  --protected-mode yes|no  refuse non-loopback clients when no password is set (default yes)",
            "  --databases <n>          number of databases (default 16)",
            "  --redis-version <v>      Redis version to emulate: 7.2 (default), 6.2, 7.0, 7.4, 8.0 or valkey-8.0",
            "  --maxclients <n>         connections beyond n are refused (default 10000)",
            "  --hz <n>                 server cron frequency, 1..500 (default 10): active expiry, timeouts",
            "  --timeout <seconds>      close clients idle that long on the server's clock (default 0: never)",
            "  --fault-control yes|no   answer DOUBLE.FAULT (faults on demand for tests; default no: an unknown command)",
            "  --cluster-nodes <n>      an emulated Redis Cluster: n masters on ports port..port+n-1",
            "  --cluster-replicas <r>   with --cluster-nodes: r replicas per master, on the ports that follow",
            "  --tls-port <port>        serve TLS on this port too (with --port 0: TLS only), as redis-server",
            "  --tls-cert-file <pem>, --tls-key-file <pem>, --tls-ca-cert-file <pem>: the server's certificate, its",
            "                           key (PKCS#8 or PKCS#1) and the CA client certificates must chain to",
            "  --tls-auth-clients yes|no|optional  client certificates (default yes), --tls-protocols \"TLSv1.2 TLSv1.3\",",
            "  --tls-ciphersuites <TLSv1.3 suites>: as redis-server (tls-ciphers, OpenSSL cipher strings, is refused)",
            "  --help                   this help",
            "  --client-output-buffer-limit \"<class> <hard> <soft> <seconds> ...\", --client-query-buffer-limit <bytes>",
            "  --maxmemory <bytes>, --maxmemory-policy <p>, --proto-max-bulk-len <bytes>, --loglevel <level>",
            "  --save \"<seconds> <changes> ...\" (default \"\": no save points), --dir <path>, --dbfilename <name>:",
            "  RDB snapshots (SAVE, BGSAVE, save points; dir/dbfilename is loaded at start if it exists)",
            "  --appendonly no, --daemonize no, --supervised no, --io-threads 1, --logfile \"\",",
            "  --pidfile \"\", --tcp-backlog 511: as redis-server takes them; a value redis-double does not",
            "  honour (a memory limit, persistence, forking, ...) stops the start with a message saying so.");

    public static void main(String[] args) {
        io.redisdouble.net.NettyServer.loadTransportInBackground(); // meanwhile the flags are read and the engine built
        int code = run(args, System.out, System.err);
        System.exit(code); // also after a signal: exit 0, as redis-server does
    }

    /** What the flags asked for: the server to build, and where it listens (for error messages). */
    static final class Options {
        final RedisDouble.Builder builder = RedisDouble.builder().port(6379).loadDumpAtStart(true); // as redis-server
        String bind = "127.0.0.1";
        int port = 6379;
        /** --cluster-nodes: masters of an emulated cluster; 0 for a single server. */
        int clusterNodes;
        /** --cluster-replicas: replicas per master. */
        int clusterReplicas;
        /** --tls-port: 0 (the default) for no TLS, as in redis-server. */
        int tlsPort;
    }

    /** Parses flags and starts; returns a non-zero exit code on failure, or blocks until shutdown. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Options o = new Options();
        int code = parse(args, o, out, err);
        if (code >= 0) return code;
        return start(o, out, err);
    }

    /**
     * Reads the flags into {@code o}; returns -1 to go on and start, or the exit code (0 after --help,
     * 1 after an error, which is printed on {@code err}).
     */
    static int parse(String[] args, Options o, PrintStream out, PrintStream err) {
        RedisDouble.Builder b = o.builder;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                out.println(USAGE);
                return 0;
            }
            if (!a.startsWith("--")) {
                err.println("redis-double: unexpected argument '" + a + "' (config files are not supported)\n" + USAGE);
                return 1;
            }
            String name = a.substring(2);
            if (i + 1 >= args.length) {
                err.println("redis-double: option '" + a + "' needs a value\n" + USAGE);
                return 1;
            }
            String v = args[++i];
            try {
                switch (name) {
                    case "port" -> {
                        o.port = (int) integerArgument(v, 0, 65535);
                        b.port(o.port);
                    }
                    case "bind" -> {
                        o.bind = v.trim().split("\\s+")[0];
                        b.bind(o.bind);
                    }
                    case "requirepass" -> b.requirepass(v);
                    case "protected-mode" -> {
                        if (!v.equalsIgnoreCase("yes") && !v.equalsIgnoreCase("no")) {
                            throw new IllegalArgumentException("argument must be 'yes' or 'no'");
                        }
                        b.protectedMode(v.equalsIgnoreCase("yes"));
                    }
                    case "fault-control" -> {
                        if (!v.equalsIgnoreCase("yes") && !v.equalsIgnoreCase("no")) {
                            throw new IllegalArgumentException("argument must be 'yes' or 'no'");
                        }
                        b.faultControl(v.equalsIgnoreCase("yes"));
                    }
                    case "databases" -> b.databases((int) integerArgument(v, 1, Integer.MAX_VALUE));
                    case "aclfile" -> b.aclfile(v);
                    case "user" -> b.user(v);
                    case "redis-version" -> b.dialect(Dialect.parse(v));
                    case "cluster-nodes" -> {
                        o.clusterNodes = (int) integerArgument(v, 0, 1000);
                        if (o.clusterNodes < 1) throw new IllegalArgumentException("a cluster needs at least 1 node");
                    }
                    case "tls-port" -> o.tlsPort = (int) integerArgument(v, 0, 65535);
                    case "cluster-replicas" -> {
                        o.clusterReplicas = (int) integerArgument(v, 0, 100);
                    }
                    default -> {
                        if (CONFIG.contains(name) || name.startsWith("tls-")) {
                            b.config(name, v);
                            continue;
                        }
                        if (ONLY.containsKey(name)) {
                            if (ONLY.get(name).equals(v)) continue;
                            err.println("redis-double: '" + a + " " + v + "' is not supported: " + WHY.get(name)
                                    + " (only '" + a + " " + (ONLY.get(name).isEmpty() ? "\"\"" : ONLY.get(name)) + "')");
                            return 1;
                        }
                        if (UNSUPPORTED.containsKey(name)) {
                            err.println("redis-double: '" + a + "' is not supported: " + UNSUPPORTED.get(name));
                            return 1;
                        }
                        err.println("redis-double: unknown option '" + a + "'\n" + USAGE);
                        return 1;
                    }
                }
            } catch (IllegalArgumentException e) {
                err.println("redis-double: bad value for '" + a + "': " + e.getMessage());
                return 1;
            }
        }
        if (o.tlsPort > 0) {
            if (o.clusterNodes > 0 && o.port == 0) {
                err.println("redis-double: '--port 0' (TLS only) is not supported with '--cluster-nodes': its nodes serve TLS beside a plain port");
                return 1;
            }
            // Like redis-server: no certificates are made up; --port 0 leaves only the TLS port.
            b.generateCertificates(false).tlsPort(o.tlsPort);
            if (o.port == 0) b.tlsOnly();
        }
        if (o.clusterReplicas > 0 && o.clusterNodes == 0) {
            err.println("redis-double: '--cluster-replicas' needs '--cluster-nodes'");
            return 1;
        }
        return -1;
    }

    /**
     * An integer flag as redis-server's config reads it (string2ll, then the range): a bad value gets
     * config.c's reason, followed by the value as given.
     */
    static long integerArgument(String v, long min, long max) {
        long n;
        try {
            n = io.redisdouble.util.RedisNumbers.parseLong(v.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (io.redisdouble.util.RedisNumbers.NotANumber e) {
            throw new IllegalArgumentException("argument couldn't be parsed into an integer ('" + v + "')");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("argument must be between " + min + " and " + max + " inclusive ('" + v + "')");
        }
        return n;
    }

    /** Starts the parsed server and blocks until it stops; the exit code. */
    static int start(Options o, PrintStream out, PrintStream err) {
        if (o.clusterNodes > 0) return startCluster(o, out, err);
        RedisDouble redis;
        try {
            redis = o.builder.start();
        } catch (io.redisdouble.rdb.RdbLoader.Failure e) {
            // loadDataFromDisk / rdbReportError: Redis logs why (warnings), then exits 1
            for (String line : e.lines()) warn(out, line);
            return 1;
        } catch (RedisDouble.TlsConfigurationException e) {
            // tlsConfigure's reason, then initServer's line, as redis-server logs them before exiting 1
            warn(out, e.getMessage());
            warn(out, "Failed to configure TLS. Check logs for more info.");
            return 1;
        } catch (Exception e) {
            String why = listenFailure(e);
            if (why != null) {
                // redis-server's two lines (listenToPort, then initListeners / initServer)
                boolean tls = o.port == 0 && o.tlsPort > 0 || e.getMessage() != null
                        && e.getMessage().startsWith(RedisDouble.TLS_LISTENER_FAILED);
                int port = tls ? o.tlsPort : o.port;
                err.println("Could not create server TCP listening socket " + o.bind + ":" + port + ": " + why);
                err.println("Failed listening on port " + port + " (" + (tls ? "TLS" : "TCP") + "), aborting.");
                return 1;
            }
            if (e instanceof IllegalArgumentException) {
                err.println("redis-double: refused at start: " + e.getMessage());
                return 1;
            }
            err.println("redis-double: failed to start: " + e);
            return 1;
        }
        if (!adjustMaxClients(redis, out, err)) {
            redis.close();
            return 1;
        }
        CountDownLatch signalled = new CountDownLatch(1);
        // SIGTERM and SIGINT stop the server and the process exits 0 after its shutdown log, as
        // redis-server does (the JVM's own handling would exit 143 / 130).
        for (String sig : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(sig), s -> {
                    if (redis.isClosed() || signalled.getCount() == 0) return;
                    log(out, "Received SIG" + sig + " scheduling shutdown...");
                    // prepareForShutdown: the final RDB snapshot with save points; if it fails Redis stays up
                    if (!redis.shutdownSaving()) {
                        log(out, "SIG" + sig + " received but errors trying to shut down the server, check the logs for more information");
                        return;
                    }
                    signalled.countDown();
                });
            } catch (IllegalArgumentException e) {
                // not available on this platform: the JVM's default handling (shutdown hook below) applies
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (redis.isClosed()) return; // stopped by a signal handled above or a client's SHUTDOWN
            log(out, "Received signal, shutting down.");
            redis.close();
            log(out, "redis-double is now ready to exit, bye bye...");
        }, "redis-double-signal"));
        // Notice-level lines, as redis-server's: not printed at loglevel warning (the shutdown lines are warnings).
        if (!"warning".equals(redis.configValue("loglevel"))) {
            log(out, "redis-double emulating " + redis.dialect().title() + " " + redis.dialect().full() + ", "
                    + (o.tlsPort > 0 && o.port == 0 ? "TLS port " + redis.port()
                    : "port " + redis.port() + (redis.hasTls() ? ", TLS port " + redis.tls().port() : "")));
            for (String line : redis.startLog()) log(out, line);
            log(out, "Ready to accept connections");
        }
        redis.logTo((level, msg) -> log(out, level, msg)); // runtime lines (client eviction)
        redis.awaitClose(); // a signal (handled above) or a client's SHUTDOWN
        log(out, "User requested shutdown...");
        log(out, "redis-double is now ready to exit, bye bye...");
        return 0;
    }

    /**
     * {@code --cluster-nodes n}: an emulated cluster whose masters listen on port … port+n-1 (free ports
     * with --port 0), every node built with the other flags; blocks until a signal stops it.
     */
    static int startCluster(Options o, PrintStream out, PrintStream err) {
        RedisCluster cluster;
        try {
            cluster = RedisCluster.builder().like(o.builder).masters(o.clusterNodes).replicasPerMaster(o.clusterReplicas).start();
        } catch (IllegalArgumentException e) {
            err.println("redis-double: refused at start: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            String why = listenFailure(e);
            if (why != null) {
                err.println("Could not create server TCP listening socket " + o.bind + ":" + o.port + "…"
                        + (o.port + o.clusterNodes - 1) + ": " + why);
                return 1;
            }
            err.println("redis-double: failed to start: " + e);
            return 1;
        }
        // a client's SHUTDOWN to any node stops the whole cluster, as the process it is
        for (RedisCluster.Node n : cluster.masters()) {
            Thread t = new Thread(() -> {
                n.server().awaitClose();
                if (!cluster.isClosed()) {
                    log(out, "User requested shutdown...");
                    cluster.close();
                }
            }, "redis-double-node-" + n.port());
            t.setDaemon(true);
            t.start();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (cluster.isClosed()) return;
            log(out, "Received signal, shutting down.");
            cluster.close();
            log(out, "redis-double is now ready to exit, bye bye...");
        }, "redis-double-signal"));
        StringBuilder ports = new StringBuilder();
        for (RedisCluster.Node n : cluster.masters()) {
            ports.append(ports.length() == 0 ? "" : ", ").append(n.port());
            if (n.tlsPort() != 0) ports.append(" (TLS ").append(n.tlsPort()).append(')');
        }
        log(out, "redis-double emulating a Redis Cluster of " + o.clusterNodes + " masters"
                + (o.clusterReplicas > 0 ? " with " + o.clusterReplicas + " replicas each" : "") + " ("
                + cluster.dialect().title() + " " + cluster.dialect().full() + "), ports " + ports);
        log(out, "Ready to accept connections");
        try {
            cluster.awaitClose();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log(out, "redis-double is now ready to exit, bye bye...");
        return 0;
    }

    /**
     * The process's open-files limit (soft, as getrlimit reports it) and how many it has open, or null
     * where there is no such limit. On Linux from /proc, as redis-server reads them; elsewhere from the
     * JVM's management bean (whose first use loads the management classes: tens of milliseconds of a
     * cold start, hence /proc first).
     */
    static long[] descriptors() {
        java.nio.file.Path limits = java.nio.file.Path.of("/proc/self/limits");
        String[] fd = new java.io.File("/proc/self/fd").list();
        if (fd != null && java.nio.file.Files.isReadable(limits)) {
            try {
                for (String line : java.nio.file.Files.readAllLines(limits)) {
                    if (!line.startsWith("Max open files")) continue;
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    long limit = soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
                    return new long[] {limit, fd.length - 1}; // less the descriptor that listed the directory
                }
            } catch (java.io.IOException | RuntimeException e) {
                // fall back to the management bean
            }
        }
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean os) {
            return new long[] {os.getMaxFileDescriptorCount(), os.getOpenFileDescriptorCount()};
        }
        return null;
    }

    /** CONFIG_MIN_RESERVED_FDS: descriptors Redis keeps for itself beyond its clients. */
    private static final long RESERVED_FDS = 32;

    /**
     * adjustOpenFilesLimit: when the process may not open maxclients + 32 files, maxclients is lowered to
     * fit, with Redis's warnings, so that connections beyond it get "max number of clients reached"
     * instead of the server running out of descriptors (issue #15 item 1). The JVM has already raised
     * its soft limit to the hard one, and its own open files (jars, the selector) count against it, so
     * they are left out too. False (after Redis's message) if not even one client would fit.
     */
    static boolean adjustMaxClients(RedisDouble redis, PrintStream out, PrintStream err) {
        long[] fds = descriptors();
        if (fds == null) return true; // no descriptor limit to read (Windows)
        long limit = fds[0];
        long open = fds[1];
        long maxclients = Long.parseLong(redis.configValue("maxclients"));
        long wanted = maxclients + RESERVED_FDS;
        if (limit <= 0 || limit - open >= wanted) return true;
        long reduced = limit - open - RESERVED_FDS;
        if (reduced < 1) {
            warn(out, "Your current 'ulimit -n' of " + limit + " is not enough for the server to start. Please increase "
                    + "your open file limit to at least " + (wanted + open) + ". Exiting.");
            return false;
        }
        warn(out, "You requested maxclients of " + maxclients + " requiring at least " + (wanted + open)
                + " max file descriptors (" + open + " are the JVM's own).");
        warn(out, "redis-double can't raise maximum open files to " + (wanted + open)
                + ": the JVM already runs at the hard limit ('ulimit -Hn').");
        warn(out, "Current maximum open files is " + limit + ". maxclients has been reduced to " + reduced
                + " to compensate for low ulimit. If you need higher maxclients increase 'ulimit -n'.");
        redis.configure("maxclients", Long.toString(reduced));
        return true;
    }

    private static void warn(PrintStream out, String msg) {
        log(out, '#', msg);
    }

    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    /**
     * redis-server's log time, {@code 07 Dec 2026 23:31:09.784} (its "%d %b %Y %H:%M:%S." and the
     * milliseconds) in the local time zone. Written out by hand: SimpleDateFormat or DateTimeFormatter
     * with month names load the JDK's locale data, a tenth of the standalone server's start-up.
     */
    static String timestamp(long epochMillis) {
        return timestamp(epochMillis, java.util.TimeZone.getDefault());
    }

    static String timestamp(long epochMillis, java.util.TimeZone zone) {
        long local = epochMillis + zone.getOffset(epochMillis);
        long days = Math.floorDiv(local, 86_400_000L);
        int msOfDay = (int) Math.floorMod(local, 86_400_000L);
        // days since 1970-01-01 to a civil date (proleptic Gregorian), in eras of 400 years from 0000-03-01
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        StringBuilder sb = new StringBuilder(24);
        two(sb, day).append(' ').append(MONTHS[month - 1]).append(' ').append(year).append(' ');
        two(sb, msOfDay / 3_600_000).append(':');
        two(sb, msOfDay / 60_000 % 60).append(':');
        two(sb, msOfDay / 1000 % 60).append('.');
        int ms = msOfDay % 1000;
        return sb.append((char) ('0' + ms / 100)).append((char) ('0' + ms / 10 % 10)).append((char) ('0' + ms % 10)).toString();
    }

    private static StringBuilder two(StringBuilder sb, int v) {
        return sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }

    /**
     * Why the listening socket could not be made, in redis-server's words (anetTcpServer's "bind: …" or
     * the resolver's text, as glibc words them), or null if {@code e} is another failure.
     */
    static String listenFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.nio.channels.UnresolvedAddressException) return "Name or service not known";
            String m = t.getMessage();
            // Netty's native transport: "bind(..) failed with error(-98): Address already in use"
            if (m != null && m.startsWith("bind(..) failed") && m.contains("): ")) {
                return "bind: " + m.substring(m.indexOf("): ") + 3);
            }
            if (t instanceof BindException) return "bind: " + (m == null ? "cannot bind" : m);
        }
        return null;
    }

    private static void log(PrintStream out, String msg) {
        log(out, '*', msg);
    }

    private static void log(PrintStream out, char level, String msg) {
        out.println(ProcessHandle.current().pid() + ":M " + timestamp(System.currentTimeMillis()) + " " + level + " " + msg);
        out.flush();
    }
}
