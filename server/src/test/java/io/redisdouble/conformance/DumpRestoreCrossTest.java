package io.redisdouble.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redisdouble.RedisDouble;
import io.redisdouble.dialect.Dialect;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceRedis;
import io.redisdouble.testing.RespCli;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * DUMP payloads crossing between real Redis and redis-double, per pair of dialects: values of every type
 * and encoding (hash tables, quicklists, skip lists, streams with consumer groups and pending entries,
 * hash-field TTLs where the server has them) are built on the real server of one version, DUMPed, and
 * RESTOREd into the real server and into redis-double of every version (each accepts its own and older
 * RDB versions); the RESTORE replies and what reads of the restored keys answer (content in a stable
 * order, OBJECT ENCODING, TTLs) must be the same bytes. The other way, a value built on redis-double is
 * DUMPed there and RESTOREd into the real server of the same version, and the reads compared. A hash
 * table's or set's order in the payload is the one thing not compared (it follows Redis's hash seed).
 */
class DumpRestoreCrossTest {

    /** Each key: the commands that build it and the reads that show it (in a stable order). */
    private static final Map<String, List<String[]>> BUILD = new LinkedHashMap<>();
    private static final Map<String, List<String[]>> READS = new LinkedHashMap<>();

    private static void key(String key, List<String[]> build, String... reads) {
        BUILD.put(key, build);
        List<String[]> r = new ArrayList<>();
        r.add(new String[] {"TYPE", key});
        r.add(new String[] {"OBJECT", "ENCODING", key});
        for (String read : reads) r.add(read.replace("$k", key).split(" "));
        READS.put(key, r);
    }

    private static String[] cmd(String... a) {
        return a;
    }

    private static String[] many(String prefix, int n, String valuePrefix, String... head) {
        List<String> out = new ArrayList<>(Arrays.asList(head));
        for (int i = 0; i < n; i++) {
            if (prefix != null) out.add(prefix + i);
            if (valuePrefix != null) out.add(valuePrefix.equals("#") ? Double.toString(i * 0.75) : valuePrefix + i);
        }
        return out.toArray(new String[0]);
    }

    static {
        key("str", List.<String[]>of(cmd("SET", "str", "hello world")), "GET $k");
        key("int", List.<String[]>of(cmd("SET", "int", "-1234567")), "GET $k");
        key("lzf", List.<String[]>of(cmd("SET", "lzf", "abcabcabcabcabcabcabcabcabcabc0123456789012345678901234567890")), "GET $k");
        key("ttl", List.<String[]>of(cmd("SET", "ttl", "v", "PX", "100000000")), "GET $k");
        key("list", List.<String[]>of(cmd("RPUSH", "list", "a", "1", "-2", "300", "70000", "5000000000", "x")), "LRANGE $k 0 -1");
        key("biglist", List.<String[]>of(many("e", 700, null, "RPUSH", "biglist")), "LLEN $k", "LRANGE $k 0 -1");
        key("intset", List.<String[]>of(cmd("SADD", "intset", "1", "-5", "70000", "5000000000")), "SMEMBERS $k");
        key("smallset", List.<String[]>of(cmd("SADD", "smallset", "a", "b", "7")), "SORT $k ALPHA");
        key("bigset", List.<String[]>of(many("m", 600, null, "SADD", "bigset")), "SCARD $k", "SORT $k ALPHA");
        key("zset", List.<String[]>of(cmd("ZADD", "zset", "1", "a", "2.5", "b", "-3", "c", "inf", "d")), "ZRANGE $k 0 -1 WITHSCORES");
        key("bigzset", List.<String[]>of(many(null, 200, "#", "ZADD", "bigzset")), "ZRANGE $k 0 -1 WITHSCORES");
        key("hash", List.<String[]>of(cmd("HSET", "hash", "f1", "v1", "f2", "2")), "HGETALL $k");
        key("bighash", List.<String[]>of(many("f", 600, "v", "HSET", "bighash")), "HLEN $k", "HMGET $k f0 f1 f599 nope");
        key("stream", List.<String[]>of(cmd("XADD", "stream", "1-1", "a", "1", "b", "2"), cmd("XADD", "stream", "1-2", "a", "3", "b", "4"),
                cmd("XADD", "stream", "2-0", "c", "x"), cmd("XDEL", "stream", "1-2"),
                cmd("XGROUP", "CREATE", "stream", "g1", "0"), cmd("XREADGROUP", "GROUP", "g1", "alice", "COUNT", "1", "STREAMS", "stream", ">"),
                cmd("XGROUP", "CREATE", "stream", "g2", "$")),
                "XRANGE $k - +", "XLEN $k", "XPENDING $k g1", "XINFO CONSUMERS $k g2");
        key("hfe", List.<String[]>of(cmd("HSET", "hfe", "a", "1", "b", "2", "c", "3"), cmd("HPEXPIRE", "hfe", "100000000", "FIELDS", "1", "b")),
                "HGETALL $k", "HPERSIST $k FIELDS 1 c");
        key("bighfe", List.<String[]>of(many("f", 200, "v", "HSET", "bighfe"), cmd("HPEXPIRE", "bighfe", "100000000", "FIELDS", "2", "f3", "f4")),
                "HLEN $k", "HMGET $k f0 f3 f199", "HPERSIST $k FIELDS 2 f1 f3");
    }

    private static final Map<String, RedisDouble> DOUBLES = new LinkedHashMap<>();

    private static RedisDouble dbl(String version) {
        return DOUBLES.computeIfAbsent(version, v -> RedisDouble.builder().dialect(Dialect.defined(v)).start());
    }

    @TestFactory
    Stream<DynamicTest> crossings() {
        List<String> live = LiveVersions.of("DumpRestoreCrossTest");
        List<DynamicTest> tests = new ArrayList<>();
        for (String source : live) {
            tests.add(DynamicTest.dynamicTest("payloads of real Redis " + source + " restored into each real server and double",
                    () -> fromReal(source, live)));
            tests.add(DynamicTest.dynamicTest("payloads of the " + source + " double restored into real Redis " + source,
                    () -> fromDouble(source)));
        }
        tests.addAll(LiveVersions.notLive("DumpRestoreCrossTest"));
        return tests.stream();
    }

    /** The DUMP payloads of the keys built on {@code c} (keys whose commands the server lacks are left out). */
    private static Map<String, byte[]> build(RawRedisClient c) {
        c.call("FLUSHALL");
        Map<String, byte[]> out = new LinkedHashMap<>();
        keys:
        for (Map.Entry<String, List<String[]>> e : BUILD.entrySet()) {
            for (String[] command : e.getValue()) {
                byte[] r = c.call(command);
                if (r[0] == '-') {
                    c.call("DEL", e.getKey());
                    continue keys;
                }
            }
            out.put(e.getKey(), bulk(c.call("DUMP", e.getKey())));
        }
        return out;
    }

    private static byte[] bulk(byte[] reply) {
        String s = new String(reply, StandardCharsets.ISO_8859_1);
        assertTrue(s.startsWith("$"), () -> "DUMP answered " + s);
        int crlf = s.indexOf("\r\n");
        int n = Integer.parseInt(s.substring(1, crlf));
        return Arrays.copyOfRange(reply, crlf + 2, crlf + 2 + n);
    }

    private static byte[] arg(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** RESTOREs each payload on {@code c} and returns the transcript of the RESTORE replies and the reads. */
    private static List<String> restoreAndRead(RawRedisClient c, Map<String, byte[]> payloads) {
        c.call("FLUSHALL");
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : payloads.entrySet()) {
            String key = e.getKey();
            byte[] r = c.call(arg("RESTORE"), arg(key), arg("0"), e.getValue());
            out.add("RESTORE " + key + " -> " + RespCli.abbreviate(new String(r, StandardCharsets.ISO_8859_1), 200));
            if (r[0] == '-') continue;
            for (String[] read : READS.get(key)) {
                out.add(String.join(" ", read) + " -> " + new String(c.call(read), StandardCharsets.ISO_8859_1));
            }
            out.add("PTTL " + key + " set -> " + (new String(c.call("PTTL", key), StandardCharsets.ISO_8859_1).startsWith(":-") ? "no" : "yes"));
        }
        return out;
    }

    private static void fromReal(String source, List<String> live) {
        Map<String, byte[]> payloads;
        try (RawRedisClient src = ReferenceRedis.forVersion(source).openClient()) {
            payloads = build(src);
        }
        for (String target : live) {
            List<String> real, ours;
            try (RawRedisClient t = ReferenceRedis.forVersion(target).openClient()) {
                real = restoreAndRead(t, payloads);
                t.call("FLUSHALL");
            }
            RedisDouble d = dbl(target);
            try (RawRedisClient t = new RawRedisClient(d.host(), d.port())) {
                ours = restoreAndRead(t, payloads);
            }
            assertEquals(String.join("\n", real), String.join("\n", ours),
                    "payloads of Redis " + source + " restored into Redis " + target + " and its double");
        }
    }

    private static void fromDouble(String version) {
        RedisDouble d = dbl(version);
        Map<String, byte[]> payloads;
        List<String> ours;
        try (RawRedisClient c = new RawRedisClient(d.host(), d.port())) {
            payloads = build(c);
            ours = restoreAndRead(c, payloads);
        }
        try (RawRedisClient t = ReferenceRedis.forVersion(version).openClient()) {
            List<String> real = restoreAndRead(t, payloads);
            t.call("FLUSHALL");
            assertEquals(String.join("\n", real), String.join("\n", ours),
                    "payloads of the " + version + " double restored into Redis " + version + " and into the double");
        }
    }
}
