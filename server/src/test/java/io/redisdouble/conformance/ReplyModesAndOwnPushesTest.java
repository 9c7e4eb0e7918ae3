package io.redisdouble.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.redisdouble.RedisDouble;
import io.redisdouble.dialect.Dialect;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceRedis;
import java.io.EOFException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue #18, classes 3 and 4, compared byte for byte with every dialect's real server (live where its
 * binary is): what a connection receives, and whether it stays open, when
 * <ul>
 *   <li>CLIENT REPLY OFF / SKIP meets QUIT (Redis marks the client close-after-reply, which only a
 *       write acts on: with nothing to write the connection stays open and reads nothing more), and
 *       CLIENT REPLY SKIP / OFF / ON run inside MULTI (their own replies are missing from EXEC's array,
 *       whose header still counts every queued command);</li>
 *   <li>a RESP3 client publishes to its own channel inside MULTI or from a script (up to 7.0 the
 *       message sits inside EXEC's array, before the reply of the command that published it; 7.2
 *       sends it after the whole reply).</li>
 * </ul>
 * Each input is sent in one write, after an optional {@code HELLO 3} whose reply (it holds the
 * connection id) is read and not compared.
 */
class ReplyModesAndOwnPushesTest {

    private static final Map<String, RedisDouble> DOUBLES = new ConcurrentHashMap<>();

    @AfterAll
    static void stop() {
        DOUBLES.values().forEach(RedisDouble::close);
        DOUBLES.clear();
    }

    static Stream<Arguments> inputs() {
        String[][] cases = {
                // reply modes and QUIT
                {"2", "CLIENT REPLY OFF\r\nQUIT\r\nPING\r\n"},
                {"2", "CLIENT REPLY SKIP\r\nQUIT\r\nPING\r\n"},
                {"2", "CLIENT REPLY SKIP\r\nPING\r\nQUIT\r\n"},
                {"2", "PING\r\nCLIENT REPLY OFF\r\nQUIT\r\nPING\r\n"},
                {"2", "CLIENT REPLY OFF\r\nMULTI\r\nQUIT\r\nPING\r\n"},
                {"3", "CLIENT REPLY OFF\r\nQUIT\r\nPING\r\n"},
                // reply modes inside MULTI
                {"2", "MULTI\r\nCLIENT REPLY SKIP\r\nPING\r\nEXEC\r\nPING\r\nECHO x\r\n"},
                {"2", "MULTI\r\nPING\r\nCLIENT REPLY SKIP\r\nEXEC\r\nPING\r\nECHO x\r\n"},
                {"2", "MULTI\r\nCLIENT REPLY OFF\r\nPING\r\nCLIENT REPLY ON\r\nEXEC\r\nPING\r\nECHO x\r\n"},
                {"2", "MULTI\r\nCLIENT REPLY ON\r\nPING\r\nEXEC\r\nPING\r\n"},
                {"2", "MULTI\r\nCLIENT REPLY SKIP\r\nPING\r\nCLIENT REPLY ON\r\nEXEC\r\nEXEC\r\nPING\r\nECHO x\r\n"},
                {"2", "MULTI\r\nCLIENT REPLY SKIP\r\nCLIENT REPLY OFF\r\nEXEC\r\nPING\r\nCLIENT REPLY ON\r\nPING\r\n"},
                {"2", "CLIENT REPLY SKIP\r\nMULTI\r\nPING\r\nEXEC\r\nPING\r\n"},
                {"3", "MULTI\r\nCLIENT REPLY SKIP\r\nECHO a\r\nEXEC\r\nECHO b\r\nECHO c\r\n"},
                // a client's own messages inside MULTI and scripts (RESP3)
                {"3", "SUBSCRIBE ch\r\nMULTI\r\nPUBLISH ch m1\r\nPING\r\nEXEC\r\nPING\r\n"},
                {"3", "SUBSCRIBE ch\r\nMULTI\r\nPING\r\nPUBLISH ch m1\r\nPUBLISH ch m2\r\nEXEC\r\nPING\r\n"},
                {"3", "SUBSCRIBE ch\r\nSCRIPT FLUSH\r\nEVAL \"redis.call('publish','ch','m'); return 'done'\" 0\r\n"
                        + "EVAL \"redis.call('publish','ch','m'); return 'done'\" 0\r\nPING\r\n"},
                {"3", "SUBSCRIBE ch\r\nMULTI\r\nEVAL \"redis.call('publish','ch','m3'); return 'done'\" 0\r\n"
                        + "PUBLISH ch m4\r\nEXEC\r\nPING\r\n"},
                {"3", "PSUBSCRIBE c*\r\nSUBSCRIBE ch\r\nMULTI\r\nPUBLISH ch m\r\nEXEC\r\nPING\r\n"},
                {"3", "SUBSCRIBE ch\r\nCLIENT REPLY SKIP\r\nEVAL \"redis.call('publish','ch','a') return 'done'\" 0\r\nPING\r\n"},
                {"3", "SUBSCRIBE ch\r\nCLIENT REPLY SKIP\r\nPUBLISH ch b\r\nPING\r\n"},
        };
        List<Arguments> args = new ArrayList<>();
        for (String v : ReferenceRedis.liveVersions("ReplyModesAndOwnPushesTest", "7.0", "6.2", "7.2", "7.4", "8.0", "valkey-8.0")) {
            for (String[] c : cases) args.add(Arguments.of(v, c[0], c[1]));
        }
        return args.stream();
    }

    @ParameterizedTest(name = "Redis {0}, RESP{1}: {2}")
    @MethodSource("inputs")
    void sameBytesAndSameClose(String version, String proto, String input) {
        ReferenceRedis ref = ReferenceRedis.forVersion(version);
        RedisDouble dbl = DOUBLES.computeIfAbsent(version, v -> RedisDouble.builder().dialect(Dialect.defined(v)).start());
        byte[] bytes = input.getBytes(StandardCharsets.ISO_8859_1);
        String expected = exchange(ref.host(), ref.port(), proto, bytes, null);
        String actual = exchange(dbl.host(), dbl.port(), proto, bytes, expected);
        assertEquals(expected, actual, "input: " + RawRedisClient.printable(bytes));
    }

    /** Replies until quiet (as ProtocolConformanceTest.exchange), then whether the server closed. */
    private static String exchange(String host, int port, String proto, byte[] bytes, String expect) {
        List<String> replies = new ArrayList<>();
        try (RawRedisClient c = new RawRedisClient(host, port, Duration.ofSeconds(5))) {
            if (proto.equals("3")) c.call("HELLO", "3");
            c.call("FLUSHALL");
            c.sendRaw(bytes);
            boolean closed = false;
            while (true) {
                c.setTimeout(replies.isEmpty() ? Duration.ofSeconds(1) : Duration.ofMillis(200));
                try {
                    replies.add(RawRedisClient.printable(c.readReply()));
                } catch (UncheckedIOException e) {
                    if (e.getCause() instanceof EOFException) closed = true;
                    break;
                }
            }
            if (!closed) {
                boolean refClosed = expect != null && expect.endsWith("CLOSED");
                closed = c.isClosedByPeer(refClosed ? Duration.ofSeconds(5) : Duration.ofMillis(150));
            }
            return String.join(" | ", replies) + (replies.isEmpty() ? "" : " | ") + (closed ? "CLOSED" : "open");
        }
    }
}
