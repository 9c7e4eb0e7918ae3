package io.redisdouble.conformance;

import io.redisdouble.RedisDouble;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceRedis;
import io.redisdouble.zset.ZSet;
import org.junit.jupiter.params.ParameterizedTest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A sorted set large enough for ZADD's batch paths (searches side by side, new members linked in one
 * go, read-ahead for the rest: {@link ZSet#READ_AHEAD_MIN_SIZE} members and up), built and changed by
 * the same pipelined commands on a real Redis and on redis-double: every reply, and then the whole
 * set (ZRANGE WITHSCORES in RESP2 and RESP3), ranks and scores, must be the same bytes. Scores are
 * written in many notations (the fast decimal parser and its exact fallback), with ties broken by
 * member, -0 and infinities; batches hold only new members, new members with one repeated, present
 * members under NX / XX / GT / LT / CH, or a mix.
 */
class LargeSortedSetConformanceTest {
    private static final String KEY = "large-zset-conformance";

    static java.util.stream.Stream<String> liveVersions() {
        return LiveVersions.of("LargeSortedSetConformanceTest").stream();
    }

    /** The versions not compared live here say so (see {@link LiveVersions}). */
    @org.junit.jupiter.api.TestFactory
    java.util.stream.Stream<org.junit.jupiter.api.DynamicTest> notLive() {
        return LiveVersions.notLive("LargeSortedSetConformanceTest").stream();
    }

    @ParameterizedTest(name = "Redis {0}")
    @org.junit.jupiter.params.provider.MethodSource("liveVersions")
    void buildAndChangeALargeSet(String version) {
        ReferenceRedis ref = ReferenceRedis.forVersion(version);
        try (RedisDouble dbl = RedisDouble.builder().dialect(io.redisdouble.dialect.Dialect.defined(version)).start();
                RawRedisClient r = ref.openClient();
                RawRedisClient d = new RawRedisClient(dbl.host(), dbl.port())) {
            r.call("DEL", KEY);
            SplittableRandom rnd = new SplittableRandom(2026);
            List<byte[][]> commands = new ArrayList<>();
            int n = ZSet.READ_AHEAD_MIN_SIZE + 20_000;
            for (int from = 0; from < n; from += 1000) {
                List<String> args = new ArrayList<>(List.of("ZADD", KEY));
                for (int i = from; i < Math.min(n, from + 1000); i++) {
                    args.add(score(rnd));
                    args.add("m" + i);
                }
                commands.add(argv(args));
            }
            String[] options = {"", "NX", "XX", "CH", "GT", "LT", "GT CH", "XX LT CH", "NX CH"};
            for (int round = 0; round < 90; round++) {
                List<String> args = new ArrayList<>(List.of("ZADD", KEY));
                String opts = options[round % options.length];
                if (!opts.isEmpty()) args.addAll(List.of(opts.split(" ")));
                int kind = (round / options.length) % 4; // all new; new with one repeat; present; mixed
                for (int k = 0; k < 200; k++) {
                    String member = switch (kind) {
                        case 0 -> "n" + round + "_" + k;
                        case 1 -> "n" + round + "_" + (k == 150 ? 7 : k);
                        case 2 -> "m" + rnd.nextInt(n);
                        default -> rnd.nextBoolean() ? "m" + rnd.nextInt(n) : "n" + rnd.nextInt(round + 1) + "_" + rnd.nextInt(200);
                    };
                    args.add(score(rnd));
                    args.add(member);
                }
                commands.add(argv(args));
            }
            List<byte[]> expected = r.pipeline(commands);
            List<byte[]> actual = d.pipeline(commands);
            for (int i = 0; i < commands.size(); i++) {
                same("command " + i + " (" + new String(commands.get(i)[2], StandardCharsets.US_ASCII) + " ...)",
                        expected.get(i), actual.get(i));
            }
            List<byte[][]> reads = new ArrayList<>();
            reads.add(RawRedisClient.argv("ZCARD", KEY));
            reads.add(RawRedisClient.argv("ZRANGE", KEY, "0", "-1", "WITHSCORES"));
            reads.add(RawRedisClient.argv("ZRANGEBYSCORE", KEY, "(0", "+inf", "LIMIT", "1000", "50", "WITHSCORES"));
            for (int k = 0; k < 200; k++) {
                String member = rnd.nextBoolean() ? "m" + rnd.nextInt(n) : "n" + rnd.nextInt(90) + "_" + rnd.nextInt(200);
                reads.add(RawRedisClient.argv("ZRANK", KEY, member));
                reads.add(RawRedisClient.argv("ZSCORE", KEY, member));
            }
            reads.add(RawRedisClient.argv("HELLO", "3"));
            reads.add(RawRedisClient.argv("ZRANGE", KEY, "0", "-1", "WITHSCORES"));
            expected = r.pipeline(reads);
            actual = d.pipeline(reads);
            for (int i = 0; i < reads.size(); i++) {
                if (i == reads.size() - 2) continue; // HELLO: server identity differs by design
                same(new String(reads.get(i)[0], StandardCharsets.US_ASCII) + " (read " + i + ")", expected.get(i), actual.get(i));
            }
            assertTrue(expected.get(1).length > 3_000_000, "the set should be large");
        } finally {
            try (RawRedisClient r = ref.openClient()) {
                r.call("DEL", KEY);
            }
        }
    }

    /** A score in one of many notations: plain, exponent, 17 to 20 digits, -0, infinities, ties. */
    private static String score(SplittableRandom rnd) {
        return switch (rnd.nextInt(10)) {
            case 0 -> Integer.toString(rnd.nextInt(100)); // ties, broken by member
            case 1 -> rnd.nextBoolean() ? "-0" : "0.0";
            case 2 -> rnd.nextBoolean() ? "+inf" : "-inf";
            case 3 -> Double.toString(rnd.nextDouble(-1e6, 1e6)); // shortest repr, may carry E
            case 4 -> String.format("%.17g", rnd.nextDouble() * 1e9).trim();
            case 5 -> rnd.nextInt(1, 10) + "." + Long.toString(rnd.nextLong(1L << 62)) + "e" + rnd.nextInt(-30, 30); // > 19 digits
            case 6 -> "0.1";
            case 7 -> rnd.nextInt(1000) + "." + rnd.nextInt(1000) + "E+" + rnd.nextInt(5);
            default -> new java.math.BigDecimal(rnd.nextDouble() * 1e9).round(new java.math.MathContext(17)).toPlainString();
        };
    }

    private static byte[][] argv(List<String> args) {
        return RawRedisClient.argv(args.toArray(String[]::new));
    }

    private static void same(String what, byte[] expected, byte[] actual) {
        if (!java.util.Arrays.equals(expected, actual)) {
            String e = RawRedisClient.printable(expected), a = RawRedisClient.printable(actual);
            int at = 0;
            while (at < Math.min(e.length(), a.length()) && e.charAt(at) == a.charAt(at)) at++;
            int lo = Math.max(0, at - 80);
            fail(what + ": real Redis and redis-double differ at character " + at + "\n  real:   ..."
                    + e.substring(lo, Math.min(e.length(), at + 80)) + "\n  double: ..." + a.substring(lo, Math.min(a.length(), at + 80)));
        }
    }
}
