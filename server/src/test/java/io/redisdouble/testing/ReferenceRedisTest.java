package io.redisdouble.testing;

import static io.redisdouble.testing.RawRedisClient.argv;
import static io.redisdouble.testing.RawRedisClient.printable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Starts the bundled reference servers and checks the raw replies the harness will compare against. */
class ReferenceRedisTest {

    /** Asserts the raw reply equals {@code expected} (written with real \r\n), showing both readably. */
    static void assertReply(String expected, byte[] actual) {
        byte[] e = expected.getBytes(StandardCharsets.UTF_8);
        assertEquals(printable(e), printable(actual));
    }

    private static ReferenceRedis fresh(String version) {
        ReferenceRedis r = ReferenceRedis.forVersion(version);
        r.flushAll();
        return r;
    }

    @Test
    void versionsOutsideMavenCentralComeFromTheBinariesFolder() {
        assertEquals("redis-server-7.2.6", ReferenceRedis.binDirName("7.2"));
        assertEquals("redis-server-7.2.6", ReferenceRedis.binDirName("7.2.6"));
        assertEquals("redis-server-8.0.2", ReferenceRedis.binDirName("8.0"));
        assertEquals("valkey-server-8.0.1", ReferenceRedis.binDirName("valkey-8.0"));
        assertEquals("valkey-server-8.0.1", ReferenceRedis.binDirName("valkey-8.0.1"));
        assertEquals(null, ReferenceRedis.binDirName("7.0"));
        assertTrue(ReferenceRedis.isAvailable("7.0"));
        assertThrows(IllegalArgumentException.class, () -> ReferenceRedis.isAvailable("5.0"));
        for (String v : new String[] {"7.2", "7.4", "8.0", "valkey-8.0"}) {
            if (ReferenceRedis.isAvailable(v)) {
                // CI: ../shared/reference/bin. The server must start and be the version named.
                ReferenceRedis r = ReferenceRedis.forVersion(v);
                String expected = v.equals("valkey-8.0") ? "7.2.4" : v; // Valkey 8.0 reports redis_version 7.2.4
                assertTrue(r.version().startsWith(expected), v + " started " + r.version());
            } else {
                // A machine without those binaries: forVersion says how to get them.
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> ReferenceRedis.forVersion(v));
                assertTrue(e.getMessage().contains(ReferenceRedis.BIN_DIR_PROPERTY), e.getMessage());
            }
        }
    }

    @Test
    void bundledVersions() {
        assertEquals("7.0.15", ReferenceRedis.forVersion("7.0").version());
        assertEquals("6.2.7", ReferenceRedis.forVersion("6.2").version());
        assertEquals("7.0", ReferenceRedis.forVersion("7.0").majorMinor());
    }

    @Test
    void sharedPerVersion() {
        ReferenceRedis a = ReferenceRedis.forVersion("7.0");
        assertSame(a, ReferenceRedis.forVersion("7.0.15"));
        assertSame(a, ReferenceRedis.forVersion("7"));
        assertNotSame(a, ReferenceRedis.forVersion("6.2"));
        assertTrue(a.isShared());
        a.close(); // a no-op for shared instances
        assertTrue(a.isAlive());
        assertEquals("127.0.0.1", a.host());
        assertFalse(a.isExternal());
    }

    @Test
    void unknownVersionIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReferenceRedis.forVersion("5.0"));
        assertTrue(e.getMessage().contains("7.0 (7.0.15)"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"7.0", "6.2"})
    void basicReplies(String version) {
        ReferenceRedis r = fresh(version);
        try (RawRedisClient c = r.openClient()) {
            assertReply("+PONG\r\n", c.call("PING"));
            assertReply("+OK\r\n", c.call("SET", "k", "v"));
            assertReply("$1\r\nv\r\n", c.call("GET", "k"));
            assertReply("$-1\r\n", c.call("GET", "missing"));
            assertReply("-ERR value is not an integer or out of range\r\n", c.call("INCR", "k"));
            assertReply("*-1\r\n", c.call("BLPOP", "nolist", "0.01"));
            byte[] binary = {0, (byte) 0xff, '\r', '\n'};
            assertReply("+OK\r\n", c.call("SET".getBytes(StandardCharsets.US_ASCII), binary, binary));
            byte[] got = c.call("GET".getBytes(StandardCharsets.US_ASCII), binary);
            assertEquals("$4\\r\\n\\x00\\xff\\r\\n\\r\\n", printable(got));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"7.0", "6.2"})
    void nestedArrays(String version) {
        ReferenceRedis r = fresh(version);
        try (RawRedisClient c = r.openClient()) {
            assertReply(":2\r\n", c.call("ZADD", "z", "1", "a", "2.5", "b"));
            assertReply("*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$3\r\n2.5\r\n", c.call("ZRANGE", "z", "0", "-1", "WITHSCORES"));
            assertReply("*2\r\n$1\r\n0\r\n*1\r\n$1\r\nz\r\n", c.call("SCAN", "0"));
            c.call("HELLO", "3");
            assertReply("*2\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,2.5\r\n", c.call("ZRANGE", "z", "0", "-1", "WITHSCORES"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"7.0", "6.2"})
    void resp3(String version) {
        ReferenceRedis r = fresh(version);
        try (RawRedisClient c = r.openClient()) {
            String hello = printable(c.call("HELLO", "3"));
            assertTrue(hello.startsWith("%7\\r\\n$6\\r\\nserver\\r\\n$5\\r\\nredis\\r\\n$7\\r\\nversion\\r\\n$"
                    + r.version().length() + "\\r\\n" + r.version() + "\\r\\n$5\\r\\nproto\\r\\n:3\\r\\n"), hello);
            assertTrue(hello.endsWith("$7\\r\\nmodules\\r\\n*0\\r\\n"), hello);
            assertReply(":1\r\n", c.call("HSET", "h", "f", "v"));
            assertReply("%1\r\n$1\r\nf\r\n$1\r\nv\r\n", c.call("HGETALL", "h"));
            c.call("SADD", "s", "x");
            assertReply("~1\r\n$1\r\nx\r\n", c.call("SMEMBERS", "s"));
            assertReply("_\r\n", c.call("GET", "missing"));
            String info = printable(c.call("INFO", "server"));
            assertTrue(info.matches("=\\d+\\\\r\\\\ntxt:# Server.*\\\\r\\\\n"), info);
            assertReply(">3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n", c.call("SUBSCRIBE", "ch"));
            try (RawRedisClient p = r.openClient()) {
                assertReply(":1\r\n", p.call("PUBLISH", "ch", "hi"));
            }
            assertReply(">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n", c.readReply());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"7.0", "6.2"})
    void pipelining(String version) {
        ReferenceRedis r = fresh(version);
        try (RawRedisClient c = r.openClient()) {
            List<byte[]> replies = c.pipeline(List.of(argv("SET", "a", "1"), argv("INCR", "a"),
                    argv("LPUSH", "a", "x"), argv("GET", "a"), argv("PING")));
            assertEquals(5, replies.size());
            assertReply("+OK\r\n", replies.get(0));
            assertReply(":2\r\n", replies.get(1));
            assertReply("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", replies.get(2));
            assertReply("$1\r\n2\r\n", replies.get(3));
            assertReply("+PONG\r\n", replies.get(4));
        }
    }

    @Test
    void inlineCommandsAndProtocolErrors() {
        ReferenceRedis r = fresh("7.0");
        try (RawRedisClient c = r.openClient()) {
            c.sendRaw("PING\r\nECHO \"a b\"\r\n".getBytes(StandardCharsets.US_ASCII));
            assertReply("+PONG\r\n", c.readReply());
            assertReply("$3\r\na b\r\n", c.readReply());
            assertFalse(c.isClosedByPeer(Duration.ofMillis(100)));
            c.sendRaw("*1\r\n$x\r\n".getBytes(StandardCharsets.US_ASCII));
            assertReply("-ERR Protocol error: invalid bulk length\r\n", c.readReply());
            assertTrue(c.isClosedByPeer(Duration.ofSeconds(5)));
        }
    }

    @Test
    void flushAllEmptiesEveryDatabase() {
        ReferenceRedis r = ReferenceRedis.forVersion("7.0");
        try (RawRedisClient c = r.openClient()) {
            c.call("SET", "k", "v");
            c.call("SELECT", "3");
            c.call("SET", "k", "v");
            r.flushAll();
            assertReply(":0\r\n", c.call("DBSIZE"));
            c.call("SELECT", "0");
            assertReply(":0\r\n", c.call("DBSIZE"));
        }
    }

    @Test
    void privateInstanceWithPasswordAndUrls() {
        int port;
        try (ReferenceRedis r = ReferenceRedis.startBundled("6.2", "--requirepass", "s3cr:t")) {
            assertFalse(r.isShared());
            assertEquals("6.2.7", r.version()); // read through AUTH
            port = r.port();
            try (RawRedisClient anonymous = new RawRedisClient(r.host(), port)) {
                assertTrue(printable(anonymous.call("GET", "k")).startsWith("-NOAUTH"));
            }
            try (ReferenceRedis ext = ReferenceRedis.connect("redis://:s3cr%3At@127.0.0.1:" + port)) {
                assertTrue(ext.isExternal());
                assertEquals("6.2.7", ext.version());
                assertEquals("s3cr:t", ext.password());
                ext.flushAll();
            }
            try (ReferenceRedis ext = ReferenceRedis.connect("redis://default:s3cr%3At@127.0.0.1:" + port + "/0")) {
                assertEquals("default", ext.username());
                try (RawRedisClient c = ext.openClient()) {
                    assertReply("+PONG\r\n", c.call("PING"));
                }
            }
            IllegalStateException wrong = assertThrows(IllegalStateException.class,
                    () -> ReferenceRedis.connect("redis://:nope@127.0.0.1:" + r.port()));
            assertTrue(wrong.getMessage().contains("AUTH failed"), wrong.getMessage());
            assertTrue(r.log().contains("Ready to accept connections"), r.log());
        }
        // closed: the server is gone
        assertThrows(RuntimeException.class, () -> new RawRedisClient("127.0.0.1", port, Duration.ofSeconds(1)).call("PING"));
    }

    @Test
    void urlValidation() {
        assertThrows(IllegalArgumentException.class, () -> ReferenceRedis.connect("http://localhost:6379"));
        assertThrows(IllegalArgumentException.class, () -> ReferenceRedis.connect("rediss://localhost:6379"));
        assertThrows(IllegalArgumentException.class, () -> ReferenceRedis.connect("redis://localhost:6379/2"));
        assertEquals("redis://:***@h:1", ReferenceRedis.redact("redis://:pw@h:1"));
        assertEquals("redis://u:***@h:1", ReferenceRedis.redact("redis://u:p@w@h:1"));
        assertEquals("redis://:***@h", ReferenceRedis.redact("redis://pw@h"));
        assertEquals("redis://h:1", ReferenceRedis.redact("redis://h:1"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ReferenceRedis.fromEnvironment(
                Map.of(ReferenceRedis.ENV_URL, "redis://:topsecret@127.0.0.1:1"), false));
        assertFalse(e.getMessage().contains("topsecret"), e.getMessage());
    }

    @Test
    void environmentUrl() {
        ReferenceRedis shared = ReferenceRedis.forVersion("7.0");
        try (ReferenceRedis r = ReferenceRedis.fromEnvironment(
                Map.of(ReferenceRedis.ENV_URL, "redis://127.0.0.1:" + shared.port()), false)) {
            assertTrue(r.isExternal());
            assertEquals(shared.port(), r.port());
            assertEquals("7.0.15", r.version());
        }
        assertTrue(shared.isAlive()); // closing an external reference does not stop it
    }

    @Test
    void environmentUrlThatDoesNotAnswerExplainsTheFix() {
        int closedPort = 1; // nothing listens on 127.0.0.1:1
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ReferenceRedis.fromEnvironment(
                Map.of(ReferenceRedis.ENV_URL, "redis://127.0.0.1:" + closedPort,
                        ReferenceRedis.ENV_BINARY, "/ignored/when/url/is/set"), false));
        assertHowToFix(e.getMessage());
        assertTrue(e.getMessage().contains("REDIS_DOUBLE_REFERENCE=redis://127.0.0.1:1 is set"), e.getMessage());
    }

    @Test
    void environmentBinary() {
        Path bin = ReferenceRedis.bundledBinary("6.2");
        assertTrue(Files.isExecutable(bin), bin.toString());
        assertSame(bin, ReferenceRedis.bundledBinary("6.2.7"));
        try (ReferenceRedis r = ReferenceRedis.fromEnvironment(Map.of(ReferenceRedis.ENV_BINARY, bin.toString()), false)) {
            assertFalse(r.isExternal());
            assertEquals("6.2.7", r.version());
            assertTrue(r.isAlive());
        }
    }

    @Test
    void environmentBinaryMissingExplainsTheFix() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ReferenceRedis.fromEnvironment(
                Map.of(ReferenceRedis.ENV_BINARY, "/nonexistent/redis-server"), false));
        assertHowToFix(e.getMessage());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void environmentDefaultsToBundled70() {
        try (ReferenceRedis r = ReferenceRedis.fromEnvironment(Map.of(), false)) {
            assertEquals("7.0.15", r.version());
        }
    }

    @Test
    void binaryThatFailsToStartShowsItsLog() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ReferenceRedis.startBundled("7.0", "--no-such-option", "x"));
        assertTrue(e.getMessage().contains("did not start"), e.getMessage());
        assertTrue(e.getMessage().contains("no-such-option"), e.getMessage());
    }

    static void assertHowToFix(String message) {
        assertTrue(message.contains("export REDIS_DOUBLE_REFERENCE=redis://"), message);
        assertTrue(message.contains("export REDIS_DOUBLE_REFERENCE_BINARY="), message);
        assertTrue(message.contains("mvn test"), message);
        assertTrue(message.contains("apt-get install redis-server"), message);
    }

    @Test
    void howToFixMentionsEveryRemedy() {
        assertHowToFix(ReferenceRedis.howToFix("7.0"));
        String bundled = ReferenceRedis.howToFixBundled("6.2");
        assertTrue(bundled.contains("org.signal:embedded-redis:0.8.3"), bundled);
        assertTrue(bundled.contains("-Dredisdouble.reference.jars"), bundled);
    }

    @Test
    void missingJarSaysWhereItLookedAndHowToFix(@org.junit.jupiter.api.io.TempDir Path dir) {
        Path nowhere = dir.resolve("embedded-redis-0.9.1.jar");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ReferenceRedis.extract("0.9.1", "7.0.15", List.of(nowhere)));
        assertTrue(e.getMessage().contains("cannot find org.signal:embedded-redis:0.9.1"), e.getMessage());
        assertTrue(e.getMessage().contains(nowhere.toString()), e.getMessage());
        String full = ReferenceRedis.noReference(new IllegalStateException(
                e.getMessage() + "\n" + ReferenceRedis.howToFixBundled("7.0"))).getMessage();
        assertTrue(full.startsWith("No reference Redis: neither REDIS_DOUBLE_REFERENCE nor REDIS_DOUBLE_REFERENCE_BINARY"
                + " is set, and the bundled redis-server 7.0.15 is not usable: cannot find"), full);
        assertEquals(1, full.split("How to fix", -1).length - 1, full);
        assertHowToFix(full);
    }

    @Test
    void extractionIsIdempotent() throws Exception {
        Path bin = ReferenceRedis.bundledBinary("7.0");
        long modified = Files.getLastModifiedTime(bin).toMillis();
        Path again = ReferenceRedis.extract("0.9.1", "7.0.15", ReferenceRedis.jarCandidates("0.9.1"));
        assertEquals(bin, again);
        assertEquals(modified, Files.getLastModifiedTime(again).toMillis(), "an intact binary is not rewritten");
    }

    @Test
    void platformIsKnownHere() {
        assertTrue(ReferenceRedis.platform().matches("(linux|darwin)-(amd64|arm64|386)"), ReferenceRedis.platform());
    }
}
