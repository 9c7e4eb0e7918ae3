package io.redisdouble.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A real Redis to compare redis-double against in differential tests.
 *
 * <h2>Getting one</h2>
 * <ul>
 *   <li>{@link #forVersion(String) forVersion("7.0")} / {@code forVersion("6.2")}: the redis-server
 *       binary bundled in {@code org.signal:embedded-redis} (0.9.1 → 7.0.15, 0.8.3 → 6.2.7), started
 *       on a free loopback port. Environment variables are not consulted: the version is pinned.
 *   <li>{@link #fromEnvironment()}: {@value #ENV_URL}{@code =redis://[[user]:password@]host[:port]}
 *       (an external server we neither start nor stop, and whose data {@link #flushAll()} wipes),
 *       else {@value #ENV_BINARY}{@code =/path/to/redis-server} (started like the bundled one), else
 *       the bundled 7.0.15. A variable that is set but does not work is an error, never a silent
 *       fall-through; when nothing works the exception says how to fix it. Tests are never skipped.
 * </ul>
 *
 * <h2>Sharing and closing</h2>
 * {@code forVersion} and {@code fromEnvironment} return one shared instance per JVM (per version,
 * resp. per environment), so many test classes use one server. Its {@link #close()} does nothing,
 * so try-with-resources is harmless; the server is killed by a JVM shutdown hook. Between tests,
 * call {@link #flushAll()}. If a test kills the shared server (SHUTDOWN, DEBUG SEGFAULT), the next
 * {@code forVersion} call starts a new one. For a private server (e.g. with extra config such as
 * {@code --requirepass}), use {@link #startBundled(String, String...)} or
 * {@link #startBinary(Path, String...)}: those are killed on {@link #close()} (and by the hook if
 * never closed).
 *
 * <p>Started servers run as {@code redis-server --port N --bind 127.0.0.1 --save "" --appendonly no
 * [extra args]} (protected mode on, as by default: clients connect from 127.0.0.1) in a fresh temporary directory (also their cwd, holding
 * {@code redis.log}, deleted on stop), under a small {@code /bin/sh} watchdog that kills the server
 * when this JVM dies even without running its shutdown hooks (e.g. SIGKILL of a surefire fork).
 *
 * <h2>Versions not on Maven Central</h2>
 * Redis 7.2.6, 7.4.1, 8.0.2 and Valkey 8.0.1 come from a folder named by {@value #BIN_DIR_PROPERTY}
 * (system property) or {@value #ENV_BIN_DIR} (environment): the project's CI points it at
 * {@code ../shared/reference/bin}, which holds them xz-compressed ({@code redis-server-7.2.6.xz}, …;
 * decompressed once with {@code xz} into the same cache as the bundled ones) or already unpacked.
 * {@link #forVersion(String) forVersion("7.2")} (or "7.4", "8.0", "valkey-8.0") starts one;
 * {@link #isAvailable(String)} says whether it can, so that tests compare with recorded replies
 * where it cannot (a user's machine).
 *
 * <h2>Where the bundled binaries come from</h2>
 * The jar {@code embedded-redis-<v>.jar} is looked up in the directory named by the system property
 * {@value #JARS_PROPERTY} (Maven copies the jars there and surefire sets it), then in
 * {@code -Dmaven.repo.local}, then in {@code ~/.m2/repository/org/signal/embedded-redis/<v>/}. The
 * entry {@code redis-server-<version>-<linux|darwin>-<amd64|arm64|386>} is extracted once into
 * {@code ${java.io.tmpdir}/redis-double-reference/<version>/} (checked against the jar's CRC-32,
 * written to a temporary file and atomically moved into place, so parallel runs don't clobber each
 * other), and made executable.
 */
public final class ReferenceRedis implements AutoCloseable {

    /** Environment variable naming an external Redis: {@code redis://[[user]:password@]host[:port]}. */
    public static final String ENV_URL = "REDIS_DOUBLE_REFERENCE";
    /** Environment variable naming a redis-server binary to start. */
    public static final String ENV_BINARY = "REDIS_DOUBLE_REFERENCE_BINARY";
    /** System property naming the directory that holds the embedded-redis jars. */
    public static final String JARS_PROPERTY = "redisdouble.reference.jars";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(10);
    private static final String HOST = "127.0.0.1";

    /** Bundled versions: major.minor → (embedded-redis artifact version, redis-server version). */
    private static final Map<String, String[]> BUNDLES = new LinkedHashMap<>();

    static {
        BUNDLES.put("7.0", new String[] {"0.9.1", "7.0.15"});
        BUNDLES.put("6.2", new String[] {"0.8.3", "6.2.7"});
    }

    /** System property naming the folder of the reference servers that are not on Maven Central. */
    public static final String BIN_DIR_PROPERTY = "redisdouble.reference.bin";
    /** Environment variable with the same meaning as {@link #BIN_DIR_PROPERTY} (the property wins). */
    public static final String ENV_BIN_DIR = "REDIS_DOUBLE_REFERENCE_BIN";

    /** Versions found in that folder: name → file name (without {@code .xz}). */
    private static final Map<String, String> IN_BIN_DIR = new LinkedHashMap<>();

    static {
        IN_BIN_DIR.put("7.2", "redis-server-7.2.6");
        IN_BIN_DIR.put("7.4", "redis-server-7.4.1");
        IN_BIN_DIR.put("8.0", "redis-server-8.0.2");
        IN_BIN_DIR.put("valkey-8.0", "valkey-server-8.0.1");
    }

    /** Shared instances (or the failure that prevented starting one), by key. */
    private static final Map<String, Object> SHARED = new HashMap<>();
    /** Extracted binaries, by redis-server version. */
    private static final Map<String, Path> EXTRACTED = new ConcurrentHashMap<>();
    /** Started and not yet stopped: what the shutdown hook kills. */
    private static final Set<ReferenceRedis> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (ReferenceRedis r : new ArrayList<>(RUNNING)) {
                r.stop();
            }
        }, "reference-redis-shutdown"));
    }

    private final String host;
    private final int port;
    private final String username;
    private final String password;
    private final Process process;
    private final Path workDir;
    private final String source;
    private final boolean shared;
    private final String version;

    private ReferenceRedis(String host, int port, String username, String password, Process process,
                           Path workDir, String source, boolean shared) {
        this.host = host;
        this.port = port;
        this.username = username;
        this.password = password;
        this.process = process;
        this.workDir = workDir;
        this.source = source;
        this.shared = shared;
        if (process != null) {
            RUNNING.add(this);
        }
        try {
            this.version = readVersion();
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Factories

    /**
     * The shared bundled Redis of this version ("7.0", "7.0.15", "7", "6.2", "6.2.7" or "6"),
     * started on first use. {@link #close()} on it does nothing; see the class comment.
     *
     * @throws IllegalStateException if it cannot be found or started; the message says why and how
     *     to fix it
     */
    public static ReferenceRedis forVersion(String version) {
        String fromDir = binDirName(version);
        if (fromDir != null) {
            return shared("bin-dir:" + fromDir, () -> launch(binDirBinary(fromDir), fromDir + " (from " + binDirSource() + ")", true));
        }
        String mm = majorMinor(version);
        return shared("bundled:" + mm, () -> startBundled(mm, true));
    }

    /**
     * Whether {@link #forVersion(String)} can start this version here: always for the bundled ones
     * (Maven fetches them), for the others when {@value #BIN_DIR_PROPERTY} / {@value #ENV_BIN_DIR}
     * names a folder that holds it.
     */
    public static boolean isAvailable(String version) {
        String fromDir = binDirName(version);
        if (fromDir == null) {
            majorMinor(version); // refuses an unknown version
            return true;
        }
        Path dir = binDir();
        return dir != null && (Files.isRegularFile(dir.resolve(fromDir)) || Files.isRegularFile(dir.resolve(fromDir + ".xz")));
    }

    /**
     * The versions among {@code versions} that a live comparison can run here: the bundled ones always,
     * a binaries-folder one ("7.2") only where {@link #isAvailable} says so. Each one left out is said on
     * standard output, naming {@code test} and how to run it (CI sets {@value #ENV_BIN_DIR}); a folder
     * that is set but lacks the binary is an error, not a quiet omission.
     */
    public static List<String> liveVersions(String test, String... versions) {
        List<String> out = new ArrayList<>();
        for (String v : versions) {
            if (isAvailable(v)) {
                out.add(v);
                continue;
            }
            if (binDir() != null) {
                throw new IllegalStateException(binDirSource() + " holds no " + binDirName(v) + "[.xz]: " + test
                        + " cannot compare with Redis " + v + " live");
            }
            System.out.println(test + ": Redis " + v + " is compared live only when " + ENV_BIN_DIR + " (or -D"
                    + BIN_DIR_PROPERTY + ") names the folder of its binary, as CI does; not run here.");
        }
        return out;
    }

    /** The file name of a version kept in the binaries folder ("7.2", "7.2.6", "valkey-8.0.1" …), or null. */
    static String binDirName(String version) {
        String v = version.trim();
        for (Map.Entry<String, String> e : IN_BIN_DIR.entrySet()) {
            String file = e.getValue();
            String full = file.substring(file.lastIndexOf('-') + 1);
            String prefix = file.startsWith("valkey") ? "valkey-" : "";
            if (v.equals(e.getKey()) || v.equals(prefix + full) || v.equals(file)) {
                return file;
            }
        }
        return null;
    }

    private static Path binDir() {
        String d = blankToNull(System.getProperty(BIN_DIR_PROPERTY));
        if (d == null) {
            d = blankToNull(System.getenv(ENV_BIN_DIR));
        }
        return d == null ? null : Path.of(d);
    }

    private static String binDirSource() {
        return blankToNull(System.getProperty(BIN_DIR_PROPERTY)) != null
                ? "-D" + BIN_DIR_PROPERTY + "=" + System.getProperty(BIN_DIR_PROPERTY)
                : ENV_BIN_DIR + "=" + System.getenv(ENV_BIN_DIR);
    }

    /** The executable of {@code file} from the binaries folder, decompressed from {@code file.xz} if need be. */
    private static synchronized Path binDirBinary(String file) { // forks and threads may start the same binary at once
        Path dir = binDir();
        String how = "Point -D" + BIN_DIR_PROPERTY + "=DIR (or " + ENV_BIN_DIR + "=DIR) at a folder holding " + file
                + " or " + file + ".xz, such as the project's ../shared/reference/bin (CI sets it); without it, tests"
                + " compare with the replies recorded from that server.";
        if (dir == null) {
            throw new IllegalStateException("no folder of reference servers is set, so " + file + " cannot be started. " + how);
        }
        Path plain = dir.resolve(file);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        Path xz = dir.resolve(file + ".xz");
        if (!Files.isRegularFile(xz)) {
            throw new IllegalStateException(dir + " (" + binDirSource() + ") holds neither " + file + " nor " + file + ".xz. " + how);
        }
        try {
            Path cache = cacheRoot().resolve(file);
            // a file of that name is there already (e.g. ../shared/reference/bin/unpack.sh run into the
            // same folder): leave it alone and unpack beside it
            if (Files.exists(cache) && !Files.isDirectory(cache)) cache = cacheRoot().resolve(file + ".unpacked");
            Files.createDirectories(cache);
            Path target = cache.resolve(file);
            Path stamp = cache.resolve(file + ".from");
            String from = xz.toAbsolutePath() + " " + Files.size(xz) + " " + Files.getLastModifiedTime(xz).toMillis();
            if (Files.isExecutable(target) && Files.isRegularFile(stamp) && Files.readString(stamp).equals(from)) {
                return target;
            }
            Path tmp = Files.createTempFile(cache, file + ".", ".tmp");
            try {
                Process xzProc = new ProcessBuilder("xz", "-dc", xz.toAbsolutePath().toString())
                        .redirectOutput(tmp.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                if (!xzProc.waitFor(120, TimeUnit.SECONDS) || xzProc.exitValue() != 0) {
                    xzProc.destroyForcibly();
                    throw new IOException("xz -dc " + xz + " failed");
                }
                makeExecutable(tmp);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                Files.writeString(stamp, from);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        } catch (IOException e) {
            throw new IllegalStateException("cannot decompress " + xz + " (is xz installed? Debian: xz-utils): " + e + ". " + how, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted decompressing " + xz, e);
        }
    }

    /**
     * The shared reference chosen by the environment: {@value #ENV_URL}, else {@value #ENV_BINARY},
     * else the bundled 7.0.15 (the same instance as {@code forVersion("7.0")}).
     *
     * @throws IllegalStateException if the chosen reference does not work; the message says how to
     *     fix it
     */
    public static ReferenceRedis fromEnvironment() {
        Map<String, String> env = System.getenv();
        if (blankToNull(env.get(ENV_URL)) == null && blankToNull(env.get(ENV_BINARY)) == null) {
            return forVersionExplained("7.0");
        }
        return shared("environment", () -> fromEnvironment(env, true));
    }

    /** {@link #fromEnvironment()} against the given variables; if not shared, closing stops what it started. */
    static ReferenceRedis fromEnvironment(Map<String, String> env, boolean shared) {
        String url = blankToNull(env.get(ENV_URL));
        if (url != null) {
            try {
                return connect(url, shared);
            } catch (RuntimeException e) {
                throw new IllegalStateException(ENV_URL + "=" + redact(url) + " is set, but that Redis cannot be used: "
                        + e.getMessage() + "\n" + howToFix("7.0"), e);
            }
        }
        String bin = blankToNull(env.get(ENV_BINARY));
        if (bin != null) {
            try {
                return launch(Path.of(bin), "redis-server " + bin + " (from " + ENV_BINARY + ")", shared);
            } catch (RuntimeException e) {
                throw new IllegalStateException(ENV_BINARY + "=" + bin + " is set, but it cannot be started: "
                        + e.getMessage() + "\n" + howToFix("7.0"), e);
            }
        }
        try {
            return startBundled("7.0", shared);
        } catch (RuntimeException e) {
            throw noReference(e);
        }
    }

    /**
     * Starts a private bundled Redis ("7.0" or "6.2") with extra command-line arguments (e.g.
     * {@code "--requirepass", "secret"}, {@code "--enable-debug-command", "yes"}). It is killed by
     * {@link #close()}. A {@code --requirepass} among the arguments is used by {@link #openClient()}.
     */
    public static ReferenceRedis startBundled(String version, String... extraArgs) {
        return startBundled(version, false, extraArgs);
    }

    private static ReferenceRedis startBundled(String version, boolean shared, String... extraArgs) {
        String mm = majorMinor(version);
        try {
            return launch(bundledBinary(mm), "bundled redis-server " + BUNDLES.get(mm)[1]
                    + " (embedded-redis " + BUNDLES.get(mm)[0] + ")", shared, extraArgs);
        } catch (RuntimeException e) {
            throw new IllegalStateException(e.getMessage() + "\n" + howToFixBundled(mm), e);
        }
    }

    /**
     * Starts a private Redis of {@code version} with extra command-line arguments: a bundled one, or one
     * from the binaries folder ("7.2", see {@link #isAvailable}). It is killed by {@link #close()}.
     */
    public static ReferenceRedis startPrivate(String version, String... extraArgs) {
        String fromDir = binDirName(version);
        if (fromDir == null) return startBundled(version, extraArgs);
        return launch(binDirBinary(fromDir), fromDir + " (from " + binDirSource() + ")", false, extraArgs);
    }

    /**
     * Starts {@code redis-server} from the given path with extra command-line arguments. It is
     * killed by {@link #close()}.
     */
    public static ReferenceRedis startBinary(Path binary, String... extraArgs) {
        return launch(binary, "redis-server " + binary, false, extraArgs);
    }

    /**
     * An external Redis from a URL {@code redis://[[user]:password@]host[:port]} (port defaults to
     * 6379; user info without a colon is taken as the password, as Jedis and Lettuce do). It is not
     * started or stopped by us; {@link #close()} does nothing. Fails if it does not answer.
     */
    public static ReferenceRedis connect(String url) {
        return connect(url, false);
    }

    private static ReferenceRedis connect(String url, boolean shared) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a redis:// URL: " + redact(url), e);
        }
        if (!"redis".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("unsupported URL " + redact(url)
                    + ": expected redis://[[user]:password@]host[:port] (TLS/rediss:// is not supported)");
        }
        String h = uri.getHost();
        if (h == null || h.isEmpty()) {
            throw new IllegalArgumentException("no host in " + redact(url) + ": expected redis://[[user]:password@]host[:port]");
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        int p = uri.getPort() < 0 ? 6379 : uri.getPort();
        String path = uri.getPath();
        if (path != null && !path.isEmpty() && !path.equals("/") && !path.equals("/0")) {
            throw new IllegalArgumentException("database selection in " + redact(url)
                    + " is not supported: the reference uses database 0");
        }
        String user = null;
        String pass = null;
        String info = uri.getRawUserInfo();
        if (info != null && !info.isEmpty()) {
            int colon = info.indexOf(':');
            if (colon < 0) {
                pass = decode(info);
            } else {
                user = colon == 0 ? null : decode(info.substring(0, colon));
                pass = decode(info.substring(colon + 1));
            }
        }
        String shown = "external Redis redis://" + (info != null ? (user != null ? user : "") + ":***@" : "")
                + h + ":" + p;
        return new ReferenceRedis(h, p, user, pass, null, null, shown, shared);
    }

    /**
     * The path of the bundled redis-server binary of this version for this machine, extracted and
     * made executable if needed.
     *
     * @throws IllegalStateException if the jar or the platform's binary cannot be found
     */
    public static Path bundledBinary(String version) {
        String mm = majorMinor(version);
        String[] bundle = BUNDLES.get(mm);
        Path cached = EXTRACTED.get(bundle[1]);
        if (cached != null && Files.isExecutable(cached)) {
            return cached;
        }
        Path p = extract(bundle[0], bundle[1], jarCandidates(bundle[0]));
        EXTRACTED.put(bundle[1], p);
        return p;
    }

    // ---------------------------------------------------------------------------------------------
    // Accessors

    /** Host to connect to. */
    public String host() {
        return host;
    }

    /** Port to connect to. */
    public int port() {
        return port;
    }

    /** {@code redis_version} from {@code INFO server}, e.g. "7.0.15". */
    public String version() {
        return version;
    }

    /**
     * The server's own name and version: {@link #version()} for Redis, "valkey-8.0.1" for Valkey (from
     * {@code server_name} and {@code valkey_version}; its redis_version is the 7.2.4 it forked from).
     */
    public String serverVersion() {
        String info;
        try (RawRedisClient c = openClient()) {
            info = new String(c.call("INFO", "server"), StandardCharsets.ISO_8859_1);
        }
        String name = null, own = null;
        for (String line : info.split("\r\n")) {
            if (line.startsWith("server_name:")) name = line.substring("server_name:".length());
        }
        if (name == null || name.equals("redis")) return version;
        for (String line : info.split("\r\n")) {
            if (line.startsWith(name + "_version:")) own = line.substring(name.length() + "_version:".length());
        }
        return own == null ? version : name + "-" + own;
    }

    /** Major and minor of {@link #version()}, e.g. "7.0". */
    public String majorMinor() {
        String[] parts = version.split("\\.");
        return parts.length >= 2 ? parts[0] + "." + parts[1] : version;
    }

    /** The ACL user sent with AUTH, or {@code null}. */
    public String username() {
        return username;
    }

    /** The password sent with AUTH, or {@code null}. */
    public String password() {
        return password;
    }

    /** True for an external server (from a URL) that we did not start. */
    public boolean isExternal() {
        return process == null;
    }

    /** True for an instance shared across the JVM, whose {@link #close()} does nothing. */
    public boolean isShared() {
        return shared;
    }

    /** True while the server answers PING. */
    public boolean isAlive() {
        if (process != null && !process.isAlive()) {
            return false;
        }
        try (RawRedisClient c = new RawRedisClient(host, port, Duration.ofSeconds(2))) {
            byte[] r = c.call("PING");
            return r.length > 0 && (r[0] == '+' || startsWith(r, "-NOAUTH"));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The server's log (started servers only; empty for external ones), for diagnostics. */
    public String log() {
        if (workDir == null) {
            return "";
        }
        try {
            return Files.readString(workDir.resolve("redis.log"), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Use

    /** A new connection, authenticated if a password is known, with the default 5 s timeout. */
    public RawRedisClient openClient() {
        return openClient(RawRedisClient.DEFAULT_TIMEOUT);
    }

    /** A new connection, authenticated if a password is known. */
    public RawRedisClient openClient(Duration timeout) {
        RawRedisClient c = new RawRedisClient(host, port, timeout);
        if (password != null) {
            byte[] r = username != null ? c.call("AUTH", username, password) : c.call("AUTH", password);
            if (!startsWith(r, "+OK")) {
                c.close();
                throw new IllegalStateException("AUTH" + (username != null ? " as " + username : "")
                        + " failed on " + this + ": " + RawRedisClient.printable(r));
            }
        }
        return c;
    }

    /** {@code FLUSHALL}: empties every database. Call it between tests. */
    public void flushAll() {
        try (RawRedisClient c = openClient()) {
            byte[] r = c.call("FLUSHALL");
            if (!startsWith(r, "+OK")) {
                throw new IllegalStateException("FLUSHALL failed on " + this + ": " + RawRedisClient.printable(r));
            }
        }
    }

    /**
     * Stops a server started by {@link #startBundled} / {@link #startBinary} (or by a
     * non-shared {@code fromEnvironment(Map, boolean)}). Does nothing for shared and external instances.
     */
    @Override
    public void close() {
        if (!shared) {
            stop();
        }
    }

    /**
     * True for the static embedded-redis builds (musl) this class unpacks from Maven Central: the
     * double emulating them is the build's dialect ("7.0-static"), not the distributions' (glibc).
     */
    public boolean isEmbeddedRedisBuild() {
        return source.startsWith("bundled ");
    }

    /** The dialect a double compared with this server takes: {@code dialect}, or its static build's. */
    public io.redisdouble.dialect.Dialect buildOf(io.redisdouble.dialect.Dialect dialect) {
        return isEmbeddedRedisBuild() && dialect == io.redisdouble.dialect.Dialect.REDIS_7_0
                ? io.redisdouble.dialect.Dialect.REDIS_7_0_STATIC : dialect;
    }

    @Override
    public String toString() {
        return "ReferenceRedis[" + version + " at " + host + ":" + port + ", " + source
                + (shared ? ", shared" : "") + "]";
    }

    // ---------------------------------------------------------------------------------------------
    // Internals

    private interface Starter {
        ReferenceRedis start();
    }

    private static ReferenceRedis shared(String key, Starter starter) {
        synchronized (SHARED) {
            Object o = SHARED.get(key);
            if (o instanceof ReferenceRedis) {
                ReferenceRedis r = (ReferenceRedis) o;
                if (r.process == null || r.process.isAlive()) {
                    return r;
                }
                r.stop(); // it died (SHUTDOWN, crash): start a new one
            } else if (o instanceof RuntimeException) {
                RuntimeException e = (RuntimeException) o;
                throw new IllegalStateException(e.getMessage(), e);
            }
            try {
                ReferenceRedis r = starter.start();
                SHARED.put(key, r);
                return r;
            } catch (RuntimeException e) {
                SHARED.put(key, e); // fail fast for every later test class, with the same message
                throw e;
            }
        }
    }

    private static ReferenceRedis forVersionExplained(String mm) {
        try {
            return forVersion(mm);
        } catch (RuntimeException e) {
            throw noReference(e);
        }
    }

    static IllegalStateException noReference(RuntimeException e) {
        String msg = e.getMessage() != null ? e.getMessage() : e.toString();
        int cut = msg.indexOf("\nHow to fix");
        return new IllegalStateException("No reference Redis: neither " + ENV_URL + " nor " + ENV_BINARY
                + " is set, and the bundled redis-server " + BUNDLES.get("7.0")[1] + " is not usable: "
                + (cut >= 0 ? msg.substring(0, cut) : msg) + "\n" + howToFix("7.0"), e);
    }

    /** How to fix a missing reference for {@link #fromEnvironment()}. */
    static String howToFix(String mm) {
        return "How to fix (any one of):\n"
                + "  - use a running Redis " + mm + ": export " + ENV_URL + "=redis://127.0.0.1:6379"
                + " (or redis://:password@host:port, redis://user:password@host:port; its data will be FLUSHALLed);\n"
                + "  - use a redis-server binary: export " + ENV_BINARY + "=/path/to/redis-server"
                + " (install one, e.g. `apt-get install redis-server` or `brew install redis`, then "
                + ENV_BINARY + "=$(command -v redis-server));\n"
                + bundledFix(mm);
    }

    /** How to fix a missing bundled binary for {@link #forVersion(String)}. */
    static String howToFixBundled(String mm) {
        return "How to fix:\n" + bundledFix(mm)
                + "  - on a platform embedded-redis does not cover, use ReferenceRedis.fromEnvironment() with "
                + ENV_URL + "=redis://host:port or " + ENV_BINARY + "=/path/to/redis-server " + mm + ".\n";
    }

    private static String bundledFix(String mm) {
        String[] b = BUNDLES.getOrDefault(mm, BUNDLES.get("7.0"));
        return "  - run the tests through Maven (e.g. `mvn test`), so that the maven-dependency-plugin copies"
                + " org.signal:embedded-redis:" + b[0] + " into target/reference-redis and surefire passes -D"
                + JARS_PROPERTY + "=that directory (from an IDE, pass that -D yourself); or put the jar into ~/.m2 with"
                + " `mvn dependency:get -Dartifact=org.signal:embedded-redis:" + b[0] + "`"
                + " (it bundles redis-server " + b[1] + " for linux/darwin on amd64/arm64);\n";
    }

    static String majorMinor(String version) {
        String v = version.trim();
        for (Map.Entry<String, String[]> e : BUNDLES.entrySet()) {
            String mm = e.getKey();
            if (v.equals(mm) || v.equals(e.getValue()[1]) || v.equals(mm.substring(0, mm.indexOf('.')))) {
                return mm;
            }
        }
        throw new IllegalArgumentException("no bundled Redis '" + version + "'; bundled: " + bundledDescription()
                + ". For another version use " + ENV_URL + " / " + ENV_BINARY + " with fromEnvironment().");
    }

    private static String bundledDescription() {
        List<String> s = new ArrayList<>();
        BUNDLES.forEach((mm, b) -> s.add(mm + " (" + b[1] + ")"));
        return String.join(", ", s);
    }

    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o;
        if (os.contains("linux")) {
            o = "linux";
        } else if (os.contains("mac") || os.contains("darwin")) {
            o = "darwin";
        } else {
            throw new IllegalStateException("embedded-redis has no redis-server for os.name=" + os);
        }
        String a;
        switch (arch) {
            case "amd64": case "x86_64":
                a = "amd64";
                break;
            case "aarch64": case "arm64":
                a = "arm64";
                break;
            case "x86": case "i386": case "i486": case "i586": case "i686":
                a = "386";
                break;
            default:
                throw new IllegalStateException("embedded-redis has no redis-server for os.arch=" + arch);
        }
        return o + "-" + a;
    }

    /** Where the jar is looked for, in order. */
    static List<Path> jarCandidates(String artifactVersion) {
        String name = "embedded-redis-" + artifactVersion + ".jar";
        List<Path> c = new ArrayList<>();
        String dir = blankToNull(System.getProperty(JARS_PROPERTY));
        if (dir != null) {
            c.add(Path.of(dir, name));
        }
        String repo = blankToNull(System.getProperty("maven.repo.local"));
        if (repo != null) {
            c.add(Path.of(repo, "org", "signal", "embedded-redis", artifactVersion, name));
        }
        c.add(Path.of(System.getProperty("user.home"), ".m2", "repository", "org", "signal", "embedded-redis",
                artifactVersion, name));
        return c;
    }

    static Path extract(String artifactVersion, String serverVersion, List<Path> candidates) {
        String entryName = "redis-server-" + serverVersion + "-" + platform();
        Path jar = candidates.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() ->
                new IllegalStateException("cannot find org.signal:embedded-redis:" + artifactVersion
                        + " (needed for redis-server " + serverVersion + "); looked in " + candidates
                        + (System.getProperty(JARS_PROPERTY) == null
                                ? " (system property " + JARS_PROPERTY + " is not set)" : "")));
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(entryName);
            if (entry == null) {
                List<String> have = new ArrayList<>();
                zip.stream().map(ZipEntry::getName).filter(n -> n.startsWith("redis-server-")).forEach(have::add);
                throw new IllegalStateException(jar + " has no " + entryName + " (this platform is not bundled;"
                        + " it has " + have + ")");
            }
            Path dir = cacheRoot().resolve(serverVersion);
            Files.createDirectories(dir);
            Path target = dir.resolve(entryName);
            if (Files.isRegularFile(target) && Files.size(target) == entry.getSize()
                    && crc32(target) == entry.getCrc()) {
                makeExecutable(target);
                return target;
            }
            Path tmp = Files.createTempFile(dir, entryName + ".", ".tmp");
            try {
                long crc;
                try (CheckedInputStream in = new CheckedInputStream(zip.getInputStream(entry), new CRC32())) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    crc = in.getChecksum().getValue();
                }
                if (entry.getCrc() != -1 && crc != entry.getCrc()) {
                    throw new IOException("CRC mismatch extracting " + entryName + " from " + jar);
                }
                makeExecutable(tmp);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        } catch (IOException e) {
            throw new IllegalStateException("cannot extract " + entryName + " from " + jar + ": " + e, e);
        }
    }

    private static Path cacheRoot() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path root = tmp.resolve("redis-double-reference");
        try {
            Files.createDirectories(root);
            if (Files.isWritable(root)) {
                return root;
            }
        } catch (IOException e) {
            // e.g. created by another user: use a per-user directory below
        }
        root = tmp.resolve("redis-double-reference-" + System.getProperty("user.name", "user"));
        Files.createDirectories(root);
        return root;
    }

    private static long crc32(Path p) throws IOException {
        CRC32 crc = new CRC32();
        try (InputStream in = Files.newInputStream(p)) {
            byte[] b = new byte[64 * 1024];
            int n;
            while ((n = in.read(b)) > 0) {
                crc.update(b, 0, n);
            }
        }
        return crc.getValue();
    }

    private static void makeExecutable(Path p) throws IOException {
        if (Files.isExecutable(p)) {
            return;
        }
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException e) {
            if (!p.toFile().setExecutable(true, false)) {
                throw new IOException("cannot make " + p + " executable");
            }
        }
    }

    /**
     * Watchdog, run as {@code sh -c WATCHDOG sh WORKDIR redis-server ARGS...}: the server runs as a
     * child of {@code sh}, which exits with it; a background {@code cat} holds sh's stdin (whose
     * other end is this JVM) and, at EOF, i.e. when {@link #stop()} closes the pipe or this JVM dies,
     * sends SIGTERM to the server, waits for it to exit and removes the working directory.
     */
    private static final String WATCHDOG = "dir=$1; shift\n"
            + "exec 3<&0 </dev/null\n"
            + "\"$@\" & pid=$!\n"
            + "(cat <&3 >/dev/null; kill -TERM $pid 2>/dev/null;"
            + " while kill -0 $pid 2>/dev/null; do sleep 0.1; done; rm -rf \"$dir\") &\n"
            + "wait $pid\n";

    private static ReferenceRedis launch(Path binary, String source, boolean shared, String... extraArgs) {
        Path bin = binary.toAbsolutePath();
        if (!Files.isRegularFile(bin)) {
            throw new IllegalStateException("redis-server binary " + bin + " does not exist");
        }
        if (!Files.isExecutable(bin)) {
            throw new IllegalStateException("redis-server binary " + bin + " is not executable (chmod +x it)");
        }
        String password = null;
        for (int i = 0; i + 1 < extraArgs.length; i++) {
            if (extraArgs[i].equalsIgnoreCase("--requirepass")) {
                password = extraArgs[i + 1];
            }
        }
        String lastFailure = null;
        for (int attempt = 1; attempt <= 5; attempt++) {
            int port = freePort();
            Path dir;
            try {
                dir = Files.createTempDirectory("redis-double-reference-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a working directory for redis-server", e);
            }
            Path log = dir.resolve("redis.log");
            List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", WATCHDOG, "sh", dir.toString(),
                    bin.toString(), "--port", String.valueOf(port), "--bind", HOST, "--save", "",
                    "--appendonly", "no", "--daemonize", "no"));
            Collections.addAll(cmd, extraArgs);
            Process process;
            try {
                process = new ProcessBuilder(cmd).directory(dir.toFile())
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                deleteTree(dir);
                throw new UncheckedIOException("cannot start " + bin + ": " + e, e);
            }
            String failure = awaitPing(process, port);
            if (failure == null) {
                return new ReferenceRedis(HOST, port, null, password, process, dir, source, shared);
            }
            String logText = readQuietly(log);
            kill(process);
            deleteTree(dir);
            lastFailure = failure + "; command: " + String.join(" ", cmd.subList(5, cmd.size()))
                    + "; log:\n" + tail(logText, 40);
            if (!logText.contains("Address already in use")) {
                break; // only a lost race for the port is worth retrying
            }
        }
        throw new IllegalStateException(source + " did not start: " + lastFailure);
    }

    /** Null when the server answers PING; otherwise why not. */
    private static String awaitPing(Process process, int port) {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return "it exited with status " + process.exitValue();
            }
            try (RawRedisClient c = new RawRedisClient(HOST, port, Duration.ofMillis(500))) {
                byte[] r = c.call("PING");
                if (startsWith(r, "+PONG") || startsWith(r, "-NOAUTH")) {
                    return null;
                }
                last = "PING answered " + RawRedisClient.printable(r);
            } catch (UncheckedIOException e) {
                last = e.getMessage();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }
        return "no PONG within " + STARTUP_TIMEOUT.toSeconds() + " s (last: " + last + ")";
    }

    private String readVersion() {
        byte[] r;
        try (RawRedisClient c = openClient()) {
            r = c.call("INFO", "server");
        }
        String text = new String(r, StandardCharsets.ISO_8859_1);
        int i = text.indexOf("redis_version:");
        if (i < 0) {
            throw new IllegalStateException("INFO server on " + host + ":" + port + " has no redis_version: "
                    + RespCli.abbreviate(RawRedisClient.printable(r), 300));
        }
        int start = i + "redis_version:".length();
        int end = start;
        while (end < text.length() && text.charAt(end) != '\r' && text.charAt(end) != '\n') {
            end++;
        }
        return text.substring(start, end).trim();
    }

    private void stop() {
        RUNNING.remove(this);
        if (process != null) {
            kill(process);
        }
        if (workDir != null) {
            deleteTree(workDir);
        }
    }

    private static void kill(Process process) {
        try {
            OutputStream watchdogPipe = process.getOutputStream();
            watchdogPipe.close(); // the watchdog sends SIGTERM
        } catch (IOException ignored) {
            // fall through to destroy
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(String text, int lines) {
        String[] all = text.split("\n");
        int from = Math.max(0, all.length - lines);
        return String.join("\n", java.util.Arrays.asList(all).subList(from, all.length));
    }

    private static boolean startsWith(byte[] r, String prefix) {
        if (r.length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (r[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The URL with any password replaced by {@code ***}, for messages. */
    static String redact(String url) {
        int s = url.indexOf("://");
        int at = url.lastIndexOf('@');
        if (s < 0 || at < s) {
            return url;
        }
        String info = url.substring(s + 3, at);
        int colon = info.indexOf(':');
        return url.substring(0, s + 3) + (colon > 0 ? info.substring(0, colon) : "") + ":***" + url.substring(at);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
