package io.redisdouble.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.redisdouble.RedisDouble;
import io.redisdouble.dialect.Dialect;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceRedis;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Issue #18, class 6: every {@code CONFIG GET *} parameter of a freshly started double (embedded, as
 * tests use it) against a freshly started real server of each dialect, values included. Left out:
 * only what the two processes cannot share (their ports, working directories and the address the
 * reference was told to bind).
 */
class ConfigDefaultsTest {

    /** Per process, not per version: the port, the temporary working directory, the bind address given. */
    private static final Set<String> PER_PROCESS = Set.of("port", "dir", "bind");

    @TestFactory
    Stream<DynamicTest> everyDefaultAsTheRealServer() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String v : LiveVersions.of("ConfigDefaultsTest")) {
            tests.add(DynamicTest.dynamicTest("Redis " + v, () -> compare(v)));
        }
        tests.addAll(LiveVersions.notLive("ConfigDefaultsTest"));
        return tests.stream();
    }

    private static void compare(String version) {
        try (ReferenceRedis ref = ReferenceRedis.startPrivate(version);
             RedisDouble dbl = RedisDouble.builder().dialect(Dialect.defined(version)).start();
             RawRedisClient r = ref.openClient();
             RawRedisClient d = new RawRedisClient(dbl.host(), dbl.port())) {
            assertEquals(table(r.call("CONFIG", "GET", "*")), table(d.call("CONFIG", "GET", "*")),
                    "CONFIG GET * of a fresh real server (left) and a fresh double (right), " + version);
        }
    }

    /** The bulk strings of a RESP2 array of bulk strings (CONFIG GET's reply), as Latin-1 texts. */
    private static List<String> bulks(byte[] reply) {
        String s = new String(reply, java.nio.charset.StandardCharsets.ISO_8859_1);
        List<String> out = new ArrayList<>();
        int p = s.indexOf("\r\n") + 2; // past *N
        while (p < s.length() && s.charAt(p) == '$') {
            int eol = s.indexOf("\r\n", p);
            int len = Integer.parseInt(s.substring(p + 1, eol));
            out.add(s.substring(eol + 2, eol + 2 + len));
            p = eol + 2 + len + 2;
        }
        return out;
    }

    /** name = value lines, sorted by name, without the per-process parameters. */
    private static String table(byte[] reply) {
        List<String> flat = bulks(reply);
        TreeMap<String, String> m = new TreeMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            if (!PER_PROCESS.contains(flat.get(i))) m.put(flat.get(i), flat.get(i + 1));
        }
        StringBuilder sb = new StringBuilder();
        m.forEach((k, val) -> sb.append(k).append(" = ").append(val).append('\n'));
        return sb.toString();
    }
}
