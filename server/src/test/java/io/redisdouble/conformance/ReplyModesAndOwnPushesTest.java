package io.redisdouble.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.redisdouble.RedisDouble;
import io.redisdouble.conformance.ProtocolConformanceTest.Exchange;
import io.redisdouble.dialect.Dialect;
import io.redisdouble.testing.PerServerInOrder;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceRedis;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
 * connection id) is read and not compared. Most of the time goes into waiting for quiet, so each
 * version's cases run on a thread of their own ({@link PerServerInOrder}), all versions at once.
 */
class ReplyModesAndOwnPushesTest {

    private static final Map<String, RedisDouble> DOUBLES = new ConcurrentHashMap<>();
    /** {expected, actual} of every case, each version's cases on a thread of their own (the waits overlap). */
    private static PerServerInOrder<Case, String[]> results;

    record Case(String version, String proto, String input) {
    }

    @BeforeAll
    static void runAllCases() {
        results = PerServerInOrder.start(cases(), Case::version, c -> {
            ReferenceRedis ref = ReferenceRedis.forVersion(c.version());
            RedisDouble dbl = DOUBLES.computeIfAbsent(c.version(), v -> RedisDouble.builder().dialect(Dialect.defined(v)).start());
            byte[] bytes = c.input().getBytes(StandardCharsets.ISO_8859_1);
            Exchange expected = ProtocolConformanceTest.exchange(ref.host(), ref.port(), prelude(c.proto()), bytes, null);
            Exchange actual = ProtocolConformanceTest.exchange(dbl.host(), dbl.port(), prelude(c.proto()), bytes, expected);
            return new String[] {expected.toString(), actual.toString()};
        });
    }

    @AfterAll
    static void stop() {
        DOUBLES.values().forEach(RedisDouble::close);
        DOUBLES.clear();
    }

    static Stream<Arguments> inputs() {
        return cases().stream().map(c -> Arguments.of(c.version(), c.proto(), c.input()));
    }

    private static List<Case> cases() {
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
        List<Case> out = new ArrayList<>();
        for (String v : ReferenceRedis.liveVersions("ReplyModesAndOwnPushesTest", "7.0", "6.2", "7.2", "7.4", "8.0", "valkey-8.0")) {
            for (String[] c : cases) out.add(new Case(v, c[0], c[1]));
        }
        return out;
    }

    @ParameterizedTest(name = "Redis {0}, RESP{1}: {2}")
    @MethodSource("inputs")
    void sameBytesAndSameClose(String version, String proto, String input) {
        String[] got = results.result(new Case(version, proto, input));
        assertEquals(got[0], got[1], "input: " + RawRedisClient.printable(input.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** {@code HELLO 3} first for RESP3 (its reply holds the connection id: not compared), then FLUSHALL. */
    private static java.util.function.Consumer<RawRedisClient> prelude(String proto) {
        return c -> {
            if (proto.equals("3")) c.call("HELLO", "3");
            c.call("FLUSHALL");
        };
    }
}
