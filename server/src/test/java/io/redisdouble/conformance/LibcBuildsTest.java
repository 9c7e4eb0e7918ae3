package io.redisdouble.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.redisdouble.RedisDouble;
import io.redisdouble.dialect.Dialect;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceRedis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue #18, class 7: where two builds of the same Redis disagree because of their libc. ZUNION /
 * ZINTER (and their STORE forms) sort their inputs by cardinality with qsort; glibc's is a stable merge
 * sort, musl's a smoothsort that reorders sets of equal size, and the order decides the sums of
 * infinite WEIGHTS (inf + -inf is NaN, which Redis turns into 0, then later terms add to it).
 * Lua's tonumber reads with strtod, whose NaN keeps the sign written before it on glibc, not on musl.
 * Debian's build also carries backported security fixes; one of them (CVE-2025-32023) changes what
 * PFMERGE and the sparse-to-dense conversion accept (Quirk.HLL_SPARSE_OVERFLOW_IS_CORRUPT).
 * <ul>
 *   <li>dialect 7.0 follows the glibc build that distributions and the official images ship: compared
 *       with Debian's {@code /usr/bin/redis-server} 7.0.15 live where it is installed, else with its
 *       replies recorded in {@code libc-builds/7.0.15-glibc.txt} (record again with
 *       {@code -Dconformance.record=true} on a machine that has it: {@code apt-get install redis-server});</li>
 *   <li>dialect 7.0-static (the named build variant without {@code QSORT_IS_STABLE}) with the
 *       bundled embedded-redis 7.0.15 (musl), live.</li>
 * </ul>
 */
class LibcBuildsTest {

    static final Path DEBIAN_BINARY = Path.of("/usr/bin/redis-server");
    static final Path RECORDING = Path.of("src/test/resources/conformance/libc-builds/7.0.15-glibc.txt");

    /** Ten sorted sets of 1–3 members sharing "x", then unions and intersections with infinite weights. */
    static List<String[]> commands() {
        Random r = new Random(18);
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int size = 1 + r.nextInt(3);
            List<String> c = new ArrayList<>(List.of("ZADD", "k" + i, String.valueOf(i + 1), "x"));
            for (int j = 0; j < size - 1; j++) c.addAll(List.of("1", "m" + j));
            out.add(c.toArray(new String[0]));
        }
        String[] weights = {"inf", "-inf", "1", "2", "10"};
        for (int t = 0; t < 150; t++) {
            int n = 3 + r.nextInt(8);
            List<Integer> keys = new ArrayList<>();
            for (int i = 0; i < 10; i++) keys.add(i);
            java.util.Collections.shuffle(keys, r);
            String op = switch (r.nextInt(4)) {
                case 0 -> "ZUNION";
                case 1 -> "ZINTER";
                case 2 -> "ZUNIONSTORE";
                default -> "ZINTERSTORE";
            };
            List<String> c = new ArrayList<>(List.of(op));
            if (op.endsWith("STORE")) c.add("dst");
            c.add(String.valueOf(n));
            for (int i = 0; i < n; i++) c.add("k" + keys.get(i));
            c.add("WEIGHTS");
            for (int i = 0; i < n; i++) c.add(weights[r.nextInt(weights.length)]);
            if (r.nextBoolean()) c.addAll(List.of("AGGREGATE", r.nextBoolean() ? "SUM" : "MAX"));
            if (!op.endsWith("STORE")) c.add("WITHSCORES");
            out.add(c.toArray(new String[0]));
            if (op.endsWith("STORE")) out.add(new String[] {"ZRANGE", "dst", "0", "-1", "WITHSCORES"});
        }
        // strtod and a NaN's sign: glibc keeps "-nan" negative, musl does not (STRTOD_NAN_KEEPS_SIGN)
        for (String nan : new String[] {"-nan", "nan", "-NaN(1)", "+nan"}) {
            out.add(new String[] {"EVAL", "return tostring(tonumber(ARGV[1]))", "0", nan});
            out.add(new String[] {"EVAL", "return redis.call('set', 'n', tonumber(ARGV[1]))", "0", nan});
            out.add(new String[] {"GET", "n"});
        }
        // Debian's security fix for CVE-2025-32023 (HLL_SPARSE_OVERFLOW_IS_CORRUPT): a sparse HLL with a
        // VAL opcode (0x80, set by SETBIT) after its 16384 registers is corrupt where it is merged or
        // made dense; upstream 7.0.15 stops reading there
        out.add(new String[] {"PFADD", "hv"});
        out.add(new String[] {"SETBIT", "hv", "144", "1"});
        out.add(new String[] {"PFADD", "hw", "a", "b", "c"});
        out.add(new String[] {"PFCOUNT", "hv", "hw"});
        out.add(new String[] {"PFMERGE", "hw", "hv"});
        out.add(new String[] {"PFMERGE", "hv"});
        out.add(new String[] {"PFCOUNT", "hw"});
        out.add(new String[] {"PFDEBUG", "TODENSE", "hv"});
        out.add(new String[] {"PFADD", "hv2"});
        out.add(new String[] {"SETBIT", "hv2", "144", "1"});
        out.add(new String[] {"CONFIG", "SET", "hll-sparse-max-bytes", "0"});
        out.add(new String[] {"PFADD", "hv2", "x"});
        out.add(new String[] {"STRLEN", "hv2"});
        out.add(new String[] {"CONFIG", "SET", "hll-sparse-max-bytes", "3000"});
        return out;
    }

    static List<String> replies(String host, int port) {
        List<String> out = new ArrayList<>();
        try (RawRedisClient c = new RawRedisClient(host, port)) {
            c.call("FLUSHALL");
            for (String[] cmd : commands()) out.add(String.join(" ", cmd) + " -> " + RawRedisClient.printable(c.call(cmd)));
        }
        return out;
    }

    @Test
    void glibcBuildIsTheDefault70() throws IOException {
        List<String> expected;
        if (Files.isExecutable(DEBIAN_BINARY)) {
            try (ReferenceRedis debian = ReferenceRedis.startBinary(DEBIAN_BINARY)) {
                assertEquals("7.0.15", debian.serverVersion(), DEBIAN_BINARY + " is not Redis 7.0.15: this "
                        + "comparison needs Debian 12's redis-server (apt-get install redis-server)");
                expected = replies(debian.host(), debian.port());
            }
            if (Boolean.getBoolean("conformance.record")) {
                Files.createDirectories(RECORDING.getParent());
                Files.write(RECORDING, expected, StandardCharsets.ISO_8859_1);
            }
            assertEquals(String.join("\n", expected), String.join("\n", recording()),
                    "the recording of Debian's 7.0.15 is stale: record again with -Dconformance.record=true");
        } else {
            System.out.println("LibcBuildsTest: no " + DEBIAN_BINARY + " (Debian's 7.0.15, apt-get install "
                    + "redis-server): the 7.0 double is compared with its recorded replies");
            expected = recording();
        }
        try (RedisDouble d = RedisDouble.builder().dialect(Dialect.defined("7.0")).start()) {
            assertEquals(String.join("\n", expected), String.join("\n", replies(d.host(), d.port())));
        }
    }

    @Test
    void staticMuslBuildIsTheNamedVariant() {
        ReferenceRedis bundled = ReferenceRedis.forVersion("7.0");
        List<String> expected = replies(bundled.host(), bundled.port());
        try (RedisDouble d = RedisDouble.builder().dialect(Dialect.defined("7.0-static")).start()) {
            assertEquals(String.join("\n", expected), String.join("\n", replies(d.host(), d.port())));
        }
    }

    private static List<String> recording() {
        try {
            return Files.readAllLines(RECORDING, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException("no recording " + RECORDING.toAbsolutePath() + ": run LibcBuildsTest with "
                    + "-Dconformance.record=true where Debian's redis-server 7.0.15 is installed", e);
        }
    }
}
