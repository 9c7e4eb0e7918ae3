package io.redisdouble.conformance;

import io.redisdouble.RedisDouble;
import io.redisdouble.resp.InlineParser;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Client-side caching with several clients, differential: each scenario runs on three connections to a
 * real Redis (the versions {@link LiveVersions} runs live) and three to redis-double emulating it, in
 * RESP2 and RESP3, and every client must receive the same bytes at every step: invalidations to other
 * clients, to a redirection target (a RESP3 push, or a {@code __redis__:invalidate} message to a RESP2
 * subscriber), {@code tracking-redir-broken}, flushes, BCAST prefixes, NOLOOP, OPTIN, transactions, expiry.
 *
 * <p>A line is {@code X: command} (X = client A, B or C); {@code $A}, {@code $B}, {@code $C} stand for
 * the clients' ids on each server, and in what the clients receive those ids are written back as
 * {@code $A}… so that the two servers compare. After each line every open client sends {@code PING sync}
 * and reads until its answer: what came before is what it received in that step. {@code X: QUIT} closes
 * X for the rest of the scenario. {@code @sleep N} waits N ms (both servers: a key's PX passes).
 * {@code @fields P X: INFO} compares only the INFO lines that start with P.
 */
class TrackingConformanceTest {
    private static final byte[] SYNC_REPLY = PubSubConformanceTest.SYNC_REPLY;
    private static final byte[] SYNC_PONG = PubSubConformanceTest.SYNC_PONG;
    private static final byte[] OK = PubSubConformanceTest.OK;

    @AfterAll
    static void stopDoubles() {
        PubSubConformanceTest.stopDoubles();
    }

    /** The shared redis-double of {@link PubSubConformanceTest} for {@code version}. */
    static RedisDouble doubleFor(String version) {
        return PubSubConformanceTest.doubleFor(version);
    }

    private static final Map<String, String> SCENARIOS = new LinkedHashMap<>();

    static {
        SCENARIOS.put("default mode: another client's writes", """
                A: CLIENT TRACKING on
                A: GET k
                A: MGET k2 k3
                B: SET k 1
                B: SET k 2
                B: DEL k2 k3 k4
                A: GET k
                B: INCR k
                A: HGETALL h
                B: HSET h f v
                A: CLIENT TRACKING off
                A: GET k
                B: SET k 3
                """);
        SCENARIOS.put("two tracking clients, NOLOOP, OPTIN", """
                A: CLIENT TRACKING on NOLOOP
                C: CLIENT TRACKING on OPTIN
                A: GET k
                C: GET k
                C: CLIENT CACHING yes
                C: GET k
                A: SET k 1
                B: SET k 2
                A: GET k
                C: CLIENT CACHING yes
                C: GET k
                B: SET k 3
                """);
        SCENARIOS.put("transactions and scripts", """
                A: CLIENT TRACKING on
                A: MGET a b c
                B: MULTI
                B: SET a 1
                B: SET b 2
                B: EXEC
                B: EVAL "redis.call('set', 'c', 1) return redis.call('set', 'a', 2)" 0
                A: MGET a b c
                B: EVAL "return redis.call('del', 'a', 'b', 'c')" 0
                """);
        SCENARIOS.put("flushes", """
                A: CLIENT TRACKING on
                C: CLIENT TRACKING on BCAST
                A: GET a
                B: FLUSHALL
                B: SET a 1
                B: FLUSHDB
                A: FLUSHALL
                C: FLUSHDB
                """);
        SCENARIOS.put("BCAST prefixes and NOLOOP", """
                A: CLIENT TRACKING on BCAST PREFIX user: PREFIX obj:
                C: CLIENT TRACKING on BCAST NOLOOP PREFIX user:
                B: SET user:1 x
                B: SET other 1
                B: MSET obj:1 a obj:2 b user:2 c
                C: SET user:3 y
                C: MSET user:4 a user:5 b
                A: SET obj:3 z
                B: DEL user:1 obj:1 user:nokey
                A: CLIENT TRACKINGINFO
                C: CLIENT TRACKING off
                B: SET user:6 z
                """);
        SCENARIOS.put("redirection and a broken redirection", """
                C: SUBSCRIBE __redis__:invalidate
                A: CLIENT TRACKING on REDIRECT $C
                A: CLIENT GETREDIR
                A: CLIENT TRACKINGINFO
                A: GET k
                B: SET k 1
                A: GET k
                A: SET k 2
                A: GET k
                B: FLUSHALL
                C: QUIT
                A: GET k2
                B: SET k2 1
                A: CLIENT TRACKINGINFO
                A: CLIENT GETREDIR
                A: CLIENT TRACKING on
                A: CLIENT TRACKINGINFO
                """);
        SCENARIOS.put("BCAST redirected", """
                C: SUBSCRIBE __redis__:invalidate
                A: CLIENT TRACKING on BCAST REDIRECT $C PREFIX p
                B: SET p1 1
                B: SET q1 1
                A: SET p2 2
                """);
        SCENARIOS.put("INFO counters", """
                A: CLIENT TRACKING on
                C: CLIENT TRACKING on BCAST PREFIX a PREFIX b
                A: MGET k1 k2 k3
                B: CLIENT TRACKING on
                B: GET k1
                @fields tracking_ A: INFO
                B: SET k1 x
                @fields tracking_ A: INFO
                C: CLIENT TRACKING off
                @fields tracking_ A: INFO
                A: FLUSHALL
                @fields tracking_ A: INFO
                """);
        SCENARIOS.put("expiry invalidates", """
                A: CLIENT TRACKING on
                B: SET e v PX 30
                A: GET e
                @sleep 150
                B: GET e
                A: GET e
                """);
    }

    @TestFactory
    Stream<DynamicTest> scenarios() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String version : LiveVersions.of("TrackingConformanceTest")) {
            for (int proto : new int[] {2, 3}) {
                for (Map.Entry<String, String> e : SCENARIOS.entrySet()) {
                    tests.add(DynamicTest.dynamicTest("Redis " + version + " RESP" + proto + " " + e.getKey(),
                            () -> run(version, proto, e.getValue())));
                }
            }
        }
        tests.addAll(LiveVersions.notLive("TrackingConformanceTest"));
        return tests.stream();
    }

    /** Three named connections to one server, with their ids. */
    private record Side(RawRedisClient[] clients, long[] ids, boolean[] inMulti, boolean[] closed) {
        static Side open(String host, int port, int proto) {
            RawRedisClient[] c = new RawRedisClient[3];
            long[] ids = new long[3];
            for (int i = 0; i < 3; i++) {
                c[i] = new RawRedisClient(host, port);
                if (proto == 3) c[i].call("HELLO", "3");
                String id = new String(c[i].call("CLIENT", "ID"), StandardCharsets.US_ASCII);
                ids[i] = Long.parseLong(id.substring(1).strip());
            }
            return new Side(c, ids, new boolean[3], new boolean[3]);
        }

        String substitute(String line) {
            for (int i = 0; i < 3; i++) line = line.replace("$" + (char) ('A' + i), Long.toString(ids[i]));
            return line;
        }

        /**
         * What a client received; where a client id is expected (the reply of CLIENT GETREDIR, a frame that
         * names a redirection) the clients' ids are written as $A, $B, $C.
         */
        String render(List<byte[]> frames, boolean getredir) {
            StringBuilder sb = new StringBuilder();
            for (byte[] f : frames) {
                String s = RawRedisClient.printable(f);
                if (getredir || s.contains("redir")) {
                    for (int i = 0; i < 3; i++) s = s.replace(":" + ids[i] + "\\r\\n", ":$" + (char) ('A' + i) + "\\r\\n");
                }
                sb.append(s);
            }
            return sb.toString();
        }

        List<List<byte[]>> step(int i, byte[][] argv) {
            clients[i].sendRaw(RawRedisClient.encodeCommand(argv));
            String cmd = new String(argv[0], StandardCharsets.ISO_8859_1).toLowerCase();
            List<List<byte[]>> got = new ArrayList<>(List.of(List.of(), List.of(), List.of()));
            if (cmd.equals("quit")) {
                got.set(i, List.of(clients[i].readReply()));
                closed[i] = true;
                clients[i].close();
            } else if (inMulti[i] || cmd.equals("multi")) {
                byte[] r = clients[i].readReply();
                if (cmd.equals("multi") && Arrays.equals(r, OK)) inMulti[i] = true;
                else if (cmd.equals("exec") || cmd.equals("discard")) inMulti[i] = false;
                List<byte[]> frames = new ArrayList<>();
                frames.add(r);
                if (!inMulti[i]) frames.addAll(sync(clients[i]));
                got.set(i, frames);
            } else {
                // the first frame before the sync: the server is done with the command (and has broadcast)
                List<byte[]> frames = new ArrayList<>();
                frames.add(clients[i].readReply());
                frames.addAll(sync(clients[i]));
                got.set(i, frames);
            }
            for (int j = 0; j < 3; j++) {
                if (j != i && !closed[j]) got.set(j, sync(clients[j]));
            }
            return got;
        }

        private static List<byte[]> sync(RawRedisClient c) {
            c.sendRaw(RawRedisClient.encodeCommand(RawRedisClient.argv("PING", "sync")));
            List<byte[]> frames = new ArrayList<>();
            while (true) {
                byte[] f = c.readReply();
                if (Arrays.equals(f, SYNC_REPLY) || Arrays.equals(f, SYNC_PONG)) return frames;
                frames.add(f);
            }
        }

        void close() {
            for (int i = 0; i < 3; i++) if (!closed[i]) clients[i].close();
        }
    }

    static void run(String version, int proto, String script) {
        ReferenceRedis ref = ReferenceRedis.forVersion(version);
        RedisDouble dbl = doubleFor(version);
        Side real = Side.open(ref.host(), ref.port(), proto);
        Side ours = Side.open(dbl.host(), dbl.port(), proto);
        StringBuilder transcript = new StringBuilder();
        try {
            for (Side side : new Side[] {real, ours}) side.step(1, RawRedisClient.argv("FLUSHALL"));
            for (String raw : script.split("\n")) {
                String line = raw.strip();
                if (line.isEmpty()) continue;
                transcript.append(line).append('\n');
                if (line.startsWith("@sleep ")) {
                    RawRedisClient.realTimePasses(Long.parseLong(line.substring(7).strip())); // for the real server
                    continue;
                }
                String fields = null;
                if (line.startsWith("@fields ")) {
                    // only the INFO lines starting with this prefix are compared
                    line = line.substring(8).strip();
                    fields = line.substring(0, line.indexOf(' '));
                    line = line.substring(fields.length()).strip();
                }
                int who = line.charAt(0) - 'A';
                String command = line.substring(2).strip();
                List<List<byte[]>> expected = real.step(who, argv(real.substitute(command)));
                List<List<byte[]>> actual = ours.step(who, argv(ours.substitute(command)));
                for (int j = 0; j < 3; j++) {
                    boolean getredir = j == who && command.toLowerCase(java.util.Locale.ROOT).contains("getredir");
                    String e = real.render(select(expected.get(j), fields), getredir);
                    String a = ours.render(select(actual.get(j), fields), getredir);
                    assertEquals(e, a, "Redis " + version + " RESP" + proto + ": client " + (char) ('A' + j)
                            + " received different bytes at the last line of:\n" + transcript);
                    if (!e.isEmpty()) transcript.append("   ").append((char) ('A' + j)).append(" got ").append(e).append('\n');
                }
            }
        } finally {
            real.close();
            ours.close();
        }
    }

    /** The lines of each frame that start with {@code prefix} (all of it when null). */
    private static List<byte[]> select(List<byte[]> frames, String prefix) {
        if (prefix == null) return frames;
        List<byte[]> out = new ArrayList<>();
        for (byte[] f : frames) {
            StringBuilder sb = new StringBuilder();
            for (String l : new String(f, StandardCharsets.ISO_8859_1).split("\r\n")) {
                if (l.startsWith(prefix)) sb.append(l).append('\n');
            }
            out.add(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    private static byte[][] argv(String command) {
        byte[] b = command.getBytes(StandardCharsets.UTF_8);
        return InlineParser.split(b, 0, b.length);
    }
}
