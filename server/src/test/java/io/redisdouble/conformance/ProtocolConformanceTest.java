package io.redisdouble.conformance;

import io.redisdouble.RedisDouble;
import io.redisdouble.dialect.Dialect;
import io.redisdouble.testing.PerServerInOrder;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.EOFException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Raw protocol input — pipelines, inline commands, malformed frames — sent to redis-double and to real
 * Redis: the reply bytes and whether the server closed the connection must be the same.
 */
class ProtocolConformanceTest {
    private static final List<RedisDouble> started = new ArrayList<>();
    private static final List<ReferenceRedis> privateRefs = new ArrayList<>();
    private static RedisDouble d70, d62, d72, d80, dvk80, d70auth;
    private static ReferenceRedis r70auth;
    private static PerServerInOrder<Case, Exchange[]> results;

    @BeforeAll
    static void start() {
        d70 = track(RedisDouble.builder().version("7.0").start());
        d62 = track(RedisDouble.builder().version("6.2").start());
        d72 = track(RedisDouble.builder().dialect(Dialect.defined("7.2")).start());
        d80 = track(RedisDouble.builder().dialect(Dialect.defined("8.0")).start());
        dvk80 = track(RedisDouble.builder().dialect(Dialect.defined("valkey-8.0")).start());
        d70auth = track(RedisDouble.builder().version("7.0").requirepass("pw").start());
        r70auth = ReferenceRedis.startBundled("7.0", "--requirepass", "pw");
        privateRefs.add(r70auth);
        // First contact loads classes; keep that out of the short read timeouts below.
        for (RedisDouble d : started) {
            try (RawRedisClient c = new RawRedisClient(d.host(), d.port())) {
                c.call("PING");
            }
        }
        // Most of the time goes into waiting for quiet and for closes: each version's cases run on a
        // thread of their own, all versions at once.
        List<Case> all = new ArrayList<>(cases());
        all.addAll(bigCases());
        results = PerServerInOrder.start(all, Case::version, c -> {
            ReferenceRedis ref = ReferenceRedis.forVersion(c.version());
            RedisDouble dbl = doubleOf(c.version());
            return both(c.input(), ref.host(), ref.port(), dbl.host(), dbl.port());
        });
    }

    private static RedisDouble track(RedisDouble r) {
        started.add(r);
        return r;
    }

    @AfterAll
    static void stop() {
        started.forEach(RedisDouble::close);
        privateRefs.forEach(ReferenceRedis::close);
    }

    /** One input sent to one version's real server and double ({@code label} names it in the report). */
    record Case(String version, String label, String input) {
    }

    static Stream<Arguments> inputs() {
        return cases().stream().map(c -> Arguments.of(c.version(), c.input()));
    }

    private static List<Case> cases() {
        String[] cases = {
                "*1\r\n$4\r\nPING\r\n",
                "PING\r\n",
                "PING\n",
                "ping hello\r\n",
                "\r\n\nping\nping\r\n*-3\r\n*0\r\nping\n",
                "*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n",
                "echo \"a\\x41\\n\\t\" 'b\\'c'\r\n",
                "echo \"unterminated\r\n",
                "echo \"a\"b\r\n",
                "echo 'a'b\r\n",
                "echo a\0b\r\n",
                "*1\0\r\n$4\r\nPING\r\n",
                "*1\r\n$4\r\nping\r\n*1\r\n$-1\r\n",
                "*1\r\n$4\r\nping\r\n*1\r\nzzzz\r\n",
                "*1\r\n$04\r\nping\r\n",
                "*+1\r\n",
                "*01\r\n",
                "*-0\r\n",
                "*3000000000\r\n",
                "*2000000\r\n$4\r\nPING\r\n",
                "*1\r\n$536870913\r\n",
                "*1\r\n$ 4\r\nPING\r\n",
                "$4\r\nping\r\n",
                ":1\r\n",
                "*2\r\n$4\r\nECHO\r\n$3\r\na\r\n\r\n",
                "*2\r\n$4\r\necho\r\n$0\r\n\r\n",
                "QUIT\r\nPING\r\n",
                "*1\r\n$4\r\nQUIT\r\n*1\r\n$4\r\nPING\r\n",
        };
        List<Case> out = new ArrayList<>();
        for (String v : ReferenceRedis.liveVersions("ProtocolConformanceTest", "7.0", "6.2", "7.2", "8.0", "valkey-8.0")) {
            for (String c : cases) out.add(new Case(v, c, c));
        }
        return out;
    }

    @ParameterizedTest(name = "Redis {0}: {1}")
    @MethodSource("inputs")
    void sameRepliesAndSameClose(String version, String input) {
        assertSame(results.result(new Case(version, input, input)), input);
    }

    private static RedisDouble doubleOf(String version) {
        return switch (version) {
            case "7.0" -> d70;
            case "6.2" -> d62;
            case "8.0" -> d80;
            case "valkey-8.0" -> dvk80;
            default -> d72;
        };
    }

    /**
     * Redis 7.2.6 is not on Maven Central: its cases above run only where its binary is (CI). Here, either
     * they are among the inputs, or (no binaries folder) the 7.2 double at least answers the first input.
     */
    @Test
    void redis72LiveOrSaysHow() {
        boolean live = !ReferenceRedis.liveVersions("ProtocolConformanceTest", "7.2").isEmpty();
        long cases72 = cases().stream().filter(c -> c.version().equals("7.2")).count();
        if (live) {
            assertTrue(cases72 > 0, "7.2 is available but has no cases");
        } else {
            assertEquals(0, cases72);
            assertEquals("+PONG\\r\\n | open", exchange(d72.host(), d72.port(), "PING\r\n".getBytes(StandardCharsets.ISO_8859_1), null).toString());
        }
    }

    /** As {@link #redis72LiveOrSaysHow}, for valkey-server 8.0.1. */
    @Test
    void valkey80LiveOrSaysHow() {
        boolean live = !ReferenceRedis.liveVersions("ProtocolConformanceTest", "valkey-8.0").isEmpty();
        long cases = cases().stream().filter(c -> c.version().equals("valkey-8.0")).count();
        if (live) {
            assertTrue(cases > 0, "valkey-8.0 is available but has no cases");
        } else {
            assertEquals(0, cases);
            assertEquals("+PONG\\r\\n | open", exchange(dvk80.host(), dvk80.port(), "PING\r\n".getBytes(StandardCharsets.ISO_8859_1), null).toString());
        }
    }

    /** As {@link #redis72LiveOrSaysHow}, for redis-server 8.0.2. */
    @Test
    void redis80LiveOrSaysHow() {
        boolean live = !ReferenceRedis.liveVersions("ProtocolConformanceTest", "8.0").isEmpty();
        long cases = cases().stream().filter(c -> c.version().equals("8.0")).count();
        if (live) {
            assertTrue(cases > 0, "8.0 is available but has no cases");
        } else {
            assertEquals(0, cases);
            assertEquals("+PONG\\r\\n | open", exchange(d80.host(), d80.port(), "PING\r\n".getBytes(StandardCharsets.ISO_8859_1), null).toString());
        }
    }

    /**
     * Inputs too long to name a test: (label, input), #15 item 11 and the 64 KB limits. Redis applies
     * those only to what it has buffered without finding the line's end, so a longer line that does
     * end is refused or parsed depending on how Redis's reads split it: 7.0.15 parses a 100 KB count
     * string sent in one write (it reads greedily after its first 16 KB), 6.2.7 (16 KB reads), 7.2.6
     * and Valkey 8.0.1 refuse it. Those are not compared; lines that never end are.
     */
    static Stream<Arguments> bigInputs() {
        return bigCases().stream().map(c -> Arguments.of(c.version(), c.label(), c.input()));
    }

    private static List<Case> bigCases() {
        String digits = "1".repeat(100_000);
        String[][] cases = {
                {"*-9223372036854775808 (LLONG_MIN: an empty request)", "*-9223372036854775808\r\nPING\r\n"},
                {"*-9223372036854775809", "*-9223372036854775809\r\nPING\r\n"},
                {"*18446744073709551616", "*18446744073709551616\r\nPING\r\n"},
                {"$-9223372036854775808", "*1\r\n$-9223372036854775808\r\nPING\r\n"},
                {"count string of 100,000 digits, no CR", "*" + digits},
                {"bulk count string of 100,000 digits, no CR", "*1\r\n$" + digits},
                {"inline line of 100,000 bytes, no LF", "ECHO " + digits},
                {"inline line of 60,000 bytes", "ECHO " + "1".repeat(60_000) + "\r\nPING\r\n"},
        };
        List<Case> out = new ArrayList<>();
        for (String v : ReferenceRedis.liveVersions("ProtocolConformanceTest", "7.0", "6.2", "7.2", "8.0", "valkey-8.0")) {
            for (String[] c : cases) out.add(new Case(v, c[0], c[1]));
        }
        return out;
    }

    @ParameterizedTest(name = "Redis {0}: {1}")
    @MethodSource("bigInputs")
    void sameRepliesAndSameCloseForLongInputs(String version, String label, String input) {
        assertSame(results.result(new Case(version, label, input)), input);
    }

    /** A header whose '\r' ends what was read: Redis waits for the next byte, then goes on. */
    @Test
    void aHeaderEndingAtCarriageReturnWaits() throws Exception {
        for (String v : ReferenceRedis.liveVersions("ProtocolConformanceTest", "7.0", "6.2")) {
            ReferenceRedis ref = ReferenceRedis.forVersion(v);
            RedisDouble dbl = v.equals("7.0") ? d70 : d62;
            for (String[] parts : new String[][] {{"*1\r", "\n$4\r\nPING\r\n"}, {"*1\r\n$4\r", "\nPING\r\n"},
                    {"PING\r", "\n"}}) {
                List<String> expected = split(ref.host(), ref.port(), parts);
                assertEquals("+PONG\\r\\n", expected.get(0), v);
                assertEquals(expected, split(dbl.host(), dbl.port(), parts), v);
            }
        }
    }

    /** Sends the parts in separate writes (the server reads the first alone), returns the one reply. */
    private static List<String> split(String host, int port, String[] parts) throws InterruptedException {
        try (RawRedisClient c = new RawRedisClient(host, port)) {
            c.sendRaw(parts[0].getBytes(StandardCharsets.ISO_8859_1));
            Thread.sleep(100);
            c.sendRaw(parts[1].getBytes(StandardCharsets.ISO_8859_1));
            return List.of(RawRedisClient.printable(c.readReply()), String.valueOf(c.isClosedByPeer(Duration.ofMillis(100))));
        }
    }

    /** proto-max-bulk-len: a longer bulk is "invalid bulk length" and the connection is closed, as in Redis. */
    @Test
    void protoMaxBulkLenIsEnforced() {
        try (ReferenceRedis real = ReferenceRedis.startBundled("7.0", "--proto-max-bulk-len", "1mb");
             RedisDouble dbl = RedisDouble.builder().version("7.0").config("proto-max-bulk-len", "1mb").start()) {
            String exact = "*2\r\n$4\r\nECHO\r\n$1048576\r\n" + "x".repeat(1048576) + "\r\n";
            for (String input : new String[] {"*1\r\n$1048577\r\n", "*2\r\n$4\r\nECHO\r\n$1048577\r\n", exact,
                    "*3\r\n$6\r\nCONFIG\r\n$3\r\nGET\r\n$18\r\nproto-max-bulk-len\r\n"}) {
                compare(input, real.host(), real.port(), dbl.host(), dbl.port());
            }
            Exchange refused = exchange(dbl.host(), dbl.port(), "*1\r\n$1048577\r\n".getBytes(StandardCharsets.ISO_8859_1), null);
            assertEquals("-ERR Protocol error: invalid bulk length\\r\\n | CLOSED", refused.toString());
            // CONFIG SET raises it for the next requests.
            for (int port : new int[] {real.port(), dbl.port()}) {
                try (RawRedisClient c = new RawRedisClient("127.0.0.1", port)) {
                    assertEquals("+OK\r\n", new String(c.call("CONFIG", "SET", "proto-max-bulk-len", "2mb"), StandardCharsets.US_ASCII));
                }
            }
            compare(exact.replace("$1048576\r\n", "$1048577\r\nx"), real.host(), real.port(), dbl.host(), dbl.port());
        }
    }

    static Stream<String> unauthenticatedInputs() {
        return Stream.of("*11\r\n", "*10\r\n", "*1\r\n$16385\r\n", "*1\r\n$16384\r\n", "PING\r\n",
                "*2\r\n$4\r\nAUTH\r\n$2\r\npw\r\n*11\r\n");
    }

    @ParameterizedTest(name = "unauthenticated: {0}")
    @MethodSource("unauthenticatedInputs")
    void unauthenticatedLimits(String input) {
        compare(input, r70auth.host(), r70auth.port(), d70auth.host(), d70auth.port());
    }

    private static void compare(String input, String refHost, int refPort, String dblHost, int dblPort) {
        assertSame(both(input, refHost, refPort, dblHost, dblPort), input);
    }

    /** {the reference's exchange, the double's} for one input. */
    private static Exchange[] both(String input, String refHost, int refPort, String dblHost, int dblPort) {
        byte[] bytes = input.getBytes(StandardCharsets.ISO_8859_1);
        Exchange expected = exchange(refHost, refPort, bytes, null);
        return new Exchange[] {expected, exchange(dblHost, dblPort, bytes, expected)};
    }

    private static void assertSame(Exchange[] got, String input) {
        assertEquals(got[0].toString(), got[1].toString(), "input: " + RawRedisClient.printable(input.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** The replies a server sent to one input, and whether it then closed the connection. */
    record Exchange(List<String> replies, boolean closed) {
        @Override
        public String toString() {
            return String.join(" | ", replies) + (replies.isEmpty() ? "" : " | ") + (closed ? "CLOSED" : "open");
        }
    }

    /**
     * Sends the bytes and collects every reply, then whether the server closed. Without
     * {@code expect}: replies until the server stays quiet (150 ms after the first, which may take
     * up to 1 s), then a short wait for a close. With {@code expect} (the reference's exchange):
     * waits up to 5 s for each of as many replies as the reference sent, and as long for the close
     * if the reference closed, so a server slowed down by a busy machine is not mistaken for a
     * different one; anything more that arrives within the quiet period still counts.
     */
    static Exchange exchange(String host, int port, byte[] bytes, Exchange expect) {
        return exchange(host, port, c -> { }, bytes, expect);
    }

    /** As {@link #exchange(String, int, byte[], Exchange)}, after {@code prelude} on the new connection. */
    static Exchange exchange(String host, int port, java.util.function.Consumer<RawRedisClient> prelude, byte[] bytes, Exchange expect) {
        List<String> replies = new ArrayList<>();
        try (RawRedisClient c = new RawRedisClient(host, port, Duration.ofSeconds(5))) {
            prelude.accept(c);
            c.sendRaw(bytes);
            while (true) {
                Duration wait = expect != null && replies.size() < expect.replies().size() ? Duration.ofSeconds(5)
                        : replies.isEmpty() && expect == null ? Duration.ofSeconds(1) : Duration.ofMillis(150);
                c.setTimeout(wait);
                try {
                    replies.add(RawRedisClient.printable(c.readReply()));
                } catch (UncheckedIOException e) {
                    if (e.getCause() instanceof EOFException) return new Exchange(replies, true);
                    break; // timeout: nothing more to read
                }
            }
            Duration closeWait = expect != null && expect.closed() ? Duration.ofSeconds(5) : Duration.ofMillis(100);
            return new Exchange(replies, c.isClosedByPeer(closeWait));
        }
    }
}
