package io.redisdouble.conformance;

import io.redisdouble.RedisDouble;
import io.redisdouble.dialect.Dialect;
import io.redisdouble.resp.InlineParser;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pub/sub with several clients, differential: each scenario runs on three connections to a real Redis
 * (7.0.15, 6.2.7, and 7.2.6 where its binary is: {@link LiveVersions}) and three to redis-double
 * emulating the same version, in RESP2 and in RESP3, and every client must receive the same bytes at
 * every step.
 *
 * <p>A scenario line is {@code X: command} (X = client A, B or C). After each line every client sends
 * {@code PING sync} and reads until its answer ({@code $4 sync}, or {@code *2 pong sync} for a RESP2
 * subscriber): everything read before it is what that client received during the step (the issuer's
 * reply, messages to subscribers), compared byte for byte. Prefixes: {@code @7} runs the line only
 * against 7.x (not 6.2); {@code @6} only against 6.2; {@code @unordered} compares unsubscribe
 * confirmations whose order 7.2 does not define (it keeps a client's patterns in a hash table with a
 * random seed; 6.2 and 7.0 in a list, compared exactly) by their names as a set and their counts in order; {@code @sorted} compares each client's frames as a sorted
 * list, or a single frame's elements sorted (where Redis iterates a hash table whose order depends on
 * a seed drawn at start-up: the patterns a message matches, PUBSUB CHANNELS). A client
 * that sent MULTI is not synced until EXEC / DISCARD (PING would be queued). {@code @block} marks a
 * command that blocks its client (BZPOPMIN on an empty key): the runner waits until the server lists
 * the client as blocked (CLIENT LIST flags=b, on a fourth connection; the clients are named A, B, C),
 * and a blocked client is synced only at the first step after which it is no longer blocked, so what
 * it receives once served is compared there (and whether it is still blocked after each step, as
 * nothing). At the end, every client unsubscribes from everything, so the next scenario starts from a
 * server with no subscription; a scenario must not leave a client blocked.
 */
class PubSubConformanceTest {
    private static final Map<String, RedisDouble> DOUBLES = new HashMap<>();
    static final byte[] SYNC_REPLY = "$4\r\nsync\r\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SYNC_PONG = "*2\r\n$4\r\npong\r\n$4\r\nsync\r\n".getBytes(StandardCharsets.US_ASCII);

    @AfterAll
    static synchronized void stopDoubles() {
        DOUBLES.values().forEach(RedisDouble::close);
        DOUBLES.clear();
    }

    /** The redis-double that {@link #run} uses for {@code version} (one per version, shared by scenarios). */
    static synchronized RedisDouble doubleFor(String version) {
        return DOUBLES.computeIfAbsent(version, v -> RedisDouble.builder().dialect(Dialect.defined(v)).start());
    }

    private static final Map<String, String> SCENARIOS = new java.util.LinkedHashMap<>();

    static {
        SCENARIOS.put("subscribe, publish, unsubscribe", """
                A: SUBSCRIBE news
                A: SUBSCRIBE news
                B: PUBLISH news hello
                B: PUBLISH other hello
                C: PUBLISH news ""
                A: UNSUBSCRIBE news
                B: PUBLISH news gone
                A: UNSUBSCRIBE
                A: UNSUBSCRIBE x y
                A: PUNSUBSCRIBE
                """);
        SCENARIOS.put("channel plus pattern counts twice", """
                A: SUBSCRIBE ps:a
                A: PSUBSCRIBE ps:*
                C: SUBSCRIBE ps:a
                B: PUBLISH ps:a m
                B: PUBLISH ps:b m
                B: PUBLISH "ps:\\x00\\xff" "bin\\r\\nary"
                A: PUNSUBSCRIBE ps:* nope*
                B: PUBLISH ps:b m
                """);
        SCENARIOS.put("patterns in subscription order", """
                A: PSUBSCRIBE x* y* a* h?llo "h[^e]llo" "h[a-b]llo" "\\\\*"
                B: PUBLISH hello 1
                @sorted B: PUBLISH hallo 2
                B: PUBLISH * 3
                B: PUBLISH ax 4
                @unordered A: PUNSUBSCRIBE
                B: PUBLISH ax 5
                """);
        SCENARIOS.put("subscribed mode", """
                A: SUBSCRIBE ch
                A: GET k
                A: pubsub numsub
                A: TYPE k
                A: MULTI
                A: DISCARD
                A: foo bar
                A: get
                A: PING
                A: ping hello
                A: ping a b
                A: PUBLISH ch self
                B: PUBLISH ch x
                A: PSUBSCRIBE p*
                A: UNSUBSCRIBE ch
                A: GET k
                A: PUNSUBSCRIBE p*
                A: GET k
                A: PING
                """);
        SCENARIOS.put("shard channels", """
                @7 A: SSUBSCRIBE s1 s2
                @7 A: SUBSCRIBE c1
                @7 B: SPUBLISH s1 m
                @7 B: PUBLISH s1 m
                @7 @sorted B: PUBSUB SHARDCHANNELS
                @7 B: PUBSUB SHARDCHANNELS s1
                @7 B: PUBSUB SHARDCHANNELS s1 x
                @7 B: PUBSUB SHARDNUMSUB s1 s3 s2
                @7 B: PUBSUB SHARDNUMSUB
                @7 A: SUNSUBSCRIBE s1
                @7 A: UNSUBSCRIBE
                @7 A: GET k
                @7 A: SUNSUBSCRIBE
                @7 A: SUNSUBSCRIBE
                @7 A: GET k
                @6 A: SSUBSCRIBE s1
                @6 A: SPUBLISH s1 m
                @6 A: PUBSUB SHARDCHANNELS
                """);
        SCENARIOS.put("introspection", """
                A: SUBSCRIBE in:a in:b
                A: PSUBSCRIBE in:* other
                C: SUBSCRIBE in:a
                C: PSUBSCRIBE in:*
                @sorted B: PUBSUB CHANNELS
                @sorted B: PUBSUB CHANNELS in:*
                B: PUBSUB CHANNELS nomatch*
                B: PUBSUB NUMSUB in:a in:b in:zz in:a
                B: PUBSUB NUMSUB
                B: PUBSUB NUMPAT
                B: PUBSUB channels a b
                B: PUBSUB numpat x
                B: PUBSUB numsub
                B: PUBSUB HELP
                B: PUBSUB help x
                B: PUBSUB foo
                B: PUBSUB
                B: PUBLISH
                B: PUBLISH a
                B: PUBLISH a b c
                B: SUBSCRIBE
                B: PSUBSCRIBE
                C: PUNSUBSCRIBE
                B: PUBSUB NUMPAT
                """);
        SCENARIOS.put("subscribe inside MULTI", """
                A: MULTI
                A: SUBSCRIBE m1 m2
                A: PING
                A: EXEC
                B: PUBLISH m1 x
                A: UNSUBSCRIBE m2
                A: UNSUBSCRIBE
                """);
    }

    static {
        SCENARIOS.put("blocked list clients: first blocked, first served", """
                C: FLUSHALL
                @block A: BLPOP q1 0
                @block B: BLPOP q1 0
                C: RPUSH q1 a
                @block A: BLPOP q1 0
                C: RPUSH q1 b c d
                C: LRANGE q1 0 -1
                @block A: BRPOP q2 q3 0
                @block B: BLMOVE q3 q2 LEFT LEFT 0
                C: RPUSH q3 x y
                C: LRANGE q2 0 -1
                C: FLUSHALL
                """);
        SCENARIOS.put("blocked list clients: a move serves the next in chain", """
                C: FLUSHALL
                @block A: BLPOP q4 0
                @block B: BLMOVE q5 q4 RIGHT LEFT 0
                C: RPUSH q5 v
                C: EXISTS q4 q5
                @block A: BRPOPLPUSH q6 q6 0
                C: LPUSH q6 self
                C: LRANGE q6 0 -1
                @block A: BLMOVE q7 q8 LEFT LEFT 0
                C: SET q8 string
                C: RPUSH q7 v
                C: LRANGE q7 0 -1
                @7 @block B: BLMPOP 0 2 q9 q10 RIGHT COUNT 2
                @7 C: RPUSH q10 a b c
                @7 C: LRANGE q10 0 -1
                C: FLUSHALL
                """);
        SCENARIOS.put("blocked list clients: type, MULTI and scripts", """
                C: FLUSHALL
                @block A: BZPOPMIN q11 0
                @block B: BLPOP q11 0
                C: RPUSH q11 a
                C: ZADD q11 1 m
                @block A: BLPOP q12 0
                C: MULTI
                C: RPUSH q12 a
                C: LPOP q12
                C: EXEC
                C: RPUSH q12 z
                @block B: BLPOP q13 q14 0
                C: EVAL "redis.call('rpush', KEYS[1], 'a', 'b'); redis.call('lpop', KEYS[1]); return 1" 1 q14
                @block A: BRPOP q15 0
                C: MULTI
                C: RPUSH q15 a
                C: BLPOP q15 0
                C: RPUSH q15 b c
                C: EXEC
                C: LRANGE q15 0 -1
                C: FLUSHALL
                """);
    }

    static {
        SCENARIOS.put("blocked stream readers: XREAD", """
                C: FLUSHALL
                C: XADD s1 1-0 f v
                @block A: XREAD BLOCK 0 STREAMS s1 $
                @block B: XREAD BLOCK 0 STREAMS s1 1-0
                C: XADD s1 2-0 f v2
                @block A: XREAD BLOCK 0 STREAMS s1 s2 $ $
                @block B: XREAD COUNT 1 BLOCK 0 STREAMS s2 0
                C: XADD s2 5-0 a 1
                @block A: XREAD BLOCK 0 STREAMS s3 0
                C: SET s3 string
                C: DEL s3
                C: XADD s3 1-0 f v
                @block A: XREAD BLOCK 0 STREAMS s4 $
                C: XADD s4 1-0 f v
                C: XADD s4 2-0 f v
                @block B: XREAD BLOCK 0 STREAMS s4 $
                C: MULTI
                C: XADD s4 3-0 f v
                C: XADD s4 4-0 f v
                C: EXEC
                @block A: XREAD BLOCK 0 STREAMS s5 $
                C: XGROUP CREATE s5 g $ MKSTREAM
                C: XADD s5 1-0 f v
                @block A: XREAD BLOCK 0 STREAMS s6 $
                C: XADD s6 9-0 f v
                @block A: XREAD BLOCK 0 STREAMS s7 s8 $ $
                C: SET s8 string
                C: XADD s7 1-0 f v
                @block B: XREAD BLOCK 0 STREAMS s9 s10 $ $
                C: XADD s10 1-0 f v
                C: FLUSHALL
                """);
        SCENARIOS.put("blocked stream readers: XREADGROUP", """
                C: FLUSHALL
                C: XGROUP CREATE s1 g $ MKSTREAM
                @block A: XREADGROUP GROUP g alice BLOCK 0 STREAMS s1 >
                @block B: XREADGROUP GROUP g bob BLOCK 0 STREAMS s1 >
                C: XADD s1 1-0 f v
                C: XPENDING s1 g
                C: XADD s1 2-0 f v
                C: XREADGROUP GROUP g bob STREAMS s1 >
                @block A: XREADGROUP GROUP g alice COUNT 1 BLOCK 0 STREAMS s1 >
                @block B: XREADGROUP GROUP g bob NOACK BLOCK 0 STREAMS s1 >
                C: XADD s1 3-0 f v 4-0
                C: XADD s1 4-0 f v
                C: XPENDING s1 g
                C: XINFO GROUPS s1
                @block A: XREADGROUP GROUP g alice BLOCK 0 STREAMS s1 >
                C: XGROUP DESTROY s1 g
                C: XGROUP CREATE s1 g $
                @block A: XREADGROUP GROUP g alice BLOCK 0 STREAMS s1 >
                C: DEL s1
                C: XGROUP CREATE s1 g $ MKSTREAM
                C: XADD s1 5-0 f v
                C: XGROUP CREATE s2 g $ MKSTREAM
                @block B: XREADGROUP GROUP g bob BLOCK 0 STREAMS s2 >
                C: SET s2 string
                C: DEL s2
                C: XGROUP CREATE s2 g $ MKSTREAM
                C: XADD s2 1-0 f v
                C: XGROUP CREATE s3 g $ MKSTREAM
                @block A: XREADGROUP GROUP g alice BLOCK 0 STREAMS s3 >
                @block B: XREAD BLOCK 0 STREAMS s3 $
                C: XADD s3 1-0 f v
                C: XINFO GROUPS s3
                C: FLUSHALL
                """);
    }

    @TestFactory
    Stream<DynamicTest> scenarios() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String version : LiveVersions.of("PubSubConformanceTest")) {
            for (int proto : new int[] {2, 3}) {
                for (Map.Entry<String, String> e : SCENARIOS.entrySet()) {
                    tests.add(DynamicTest.dynamicTest("Redis " + version + " RESP" + proto + " " + e.getKey(),
                            () -> run(version, proto, e.getValue())));
                }
            }
        }
        tests.addAll(LiveVersions.notLive("PubSubConformanceTest"));
        return tests.stream();
    }

    private record Side(RawRedisClient[] clients, boolean[] inMulti, RawRedisClient control) {
        static Side open(String host, int port) {
            RawRedisClient[] c = new RawRedisClient[3];
            for (int i = 0; i < 3; i++) {
                c[i] = new RawRedisClient(host, port);
                c[i].call("CLIENT", "SETNAME", String.valueOf((char) ('A' + i)));
            }
            return new Side(c, new boolean[3], new RawRedisClient(host, port));
        }

        /**
         * Sends a command that blocks client i, and waits until the server reports it blocked (CLIENT
         * LIST flags=b, as Redis's own wait_for_blocked_client), so that clients block in script order.
         */
        void sendBlocking(int i, byte[][] argv) {
            clients[i].sendRaw(RawRedisClient.encodeCommand(argv));
            long until = System.nanoTime() + 5_000_000_000L;
            while (!blocked()[i]) {
                if (System.nanoTime() > until) throw new AssertionError("client " + (char) ('A' + i) + " did not block");
                Thread.onSpinWait();
            }
        }

        /** Which of the three clients the server reports blocked now (CLIENT LIST name= and flags=). */
        boolean[] blocked() {
            boolean[] out = new boolean[3];
            String list = new String(control.call("CLIENT", "LIST"), StandardCharsets.ISO_8859_1);
            for (String l : list.split("\n")) {
                int n = l.indexOf(" name=");
                int f = l.indexOf(" flags=");
                if (n < 0 || f < 0 || l.length() < n + 7) continue;
                char name = l.charAt(n + 6);
                int fe = l.indexOf(' ', f + 1);
                if (name >= 'A' && name <= 'C' && l.charAt(n + 7) == ' '
                        && l.substring(f + 7, fe).indexOf('b') >= 0) out[name - 'A'] = true;
            }
            return out;
        }

        void close() {
            for (RawRedisClient c : clients) c.close();
            control.close();
        }

        /**
         * Sends a command from client i, then syncs every client that is not blocked (the issuer first,
         * then the others); returns what each one received (nothing for one still blocked).
         */
        List<List<byte[]>> step(int i, byte[][] argv) {
            clients[i].sendRaw(RawRedisClient.encodeCommand(argv));
            String cmd = new String(argv[0], StandardCharsets.ISO_8859_1).toLowerCase();
            List<List<byte[]>> got = new ArrayList<>(List.of(List.of(), List.of(), List.of()));
            if (inMulti[i] || cmd.equals("multi")) {
                // MULTI, and commands inside it: read the one reply first (PING would be queued)
                byte[] r = clients[i].readReply();
                if (cmd.equals("multi") && Arrays.equals(r, OK)) inMulti[i] = true;
                else if (cmd.equals("exec") || cmd.equals("discard")) inMulti[i] = false;
                List<byte[]> frames = new ArrayList<>();
                frames.add(r);
                if (!inMulti[i]) frames.addAll(sync(clients[i]));
                got.set(i, frames);
            } else {
                got.set(i, sync(clients[i]));
            }
            boolean[] blocked = blocked();
            for (int j = 0; j < 3; j++) {
                if (j != i && !blocked[j]) got.set(j, sync(clients[j]));
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
    }

    /** Runs one scenario (see the class comment) on the real {@code version} and on redis-double. */
    static void run(String version, int proto, String script) {
        ReferenceRedis ref = ReferenceRedis.forVersion(version);
        RedisDouble dbl = doubleFor(version);
        Side real = Side.open(ref.host(), ref.port());
        Side ours = Side.open(dbl.host(), dbl.port());
        StringBuilder transcript = new StringBuilder();
        try {
            if (proto == 3) {
                for (int i = 0; i < 3; i++) {
                    real.clients[i].call("HELLO", "3");
                    assertEquals('%', (char) ours.clients[i].call("HELLO", "3")[0], "HELLO 3 on redis-double");
                }
            }
            for (String raw : script.split("\n")) {
                String line = raw.strip();
                if (line.isEmpty()) continue;
                boolean sorted = false, block = false;
                if (line.startsWith("@7 ")) {
                    if (version.equals("6.2")) continue;
                    line = line.substring(3).strip();
                } else if (line.startsWith("@6 ")) {
                    if (!version.equals("6.2")) continue;
                    line = line.substring(3).strip();
                }
                boolean unordered = false;
                if (line.startsWith("@unordered ")) {
                    // 6.2 and 7.0 keep a client's patterns in a list: subscription order, compared exactly
                    unordered = !version.equals("6.2") && !version.equals("7.0");
                    line = line.substring(11).strip();
                }
                if (line.startsWith("@sorted ")) {
                    sorted = true;
                    line = line.substring(8).strip();
                }
                if (line.startsWith("@block ")) {
                    block = true;
                    line = line.substring(7).strip();
                }
                int who = line.charAt(0) - 'A';
                byte[] b = line.substring(2).strip().getBytes(StandardCharsets.UTF_8);
                byte[][] argv = InlineParser.split(b, 0, b.length);
                transcript.append(line).append('\n');
                if (block) {
                    real.sendBlocking(who, argv);
                    ours.sendBlocking(who, argv);
                    continue;
                }
                List<List<byte[]>> expected = real.step(who, argv);
                List<List<byte[]>> actual = ours.step(who, argv);
                for (int j = 0; j < 3; j++) {
                    String e = unordered ? renderUnordered(expected.get(j)) : render(expected.get(j), sorted);
                    String a = unordered ? renderUnordered(actual.get(j)) : render(actual.get(j), sorted);
                    assertEquals(e, a, "Redis " + version + " RESP" + proto + ": client " + (char) ('A' + j)
                            + " received different bytes at the last line of:\n" + transcript);
                    if (!e.isEmpty()) transcript.append("   ").append((char) ('A' + j)).append(" got ").append(e).append('\n');
                }
            }
            for (Side side : new Side[] {real, ours}) {
                boolean[] b = side.blocked();
                assertEquals("[false, false, false]", Arrays.toString(b), (side == real ? "real Redis" : "redis-double")
                        + ": the scenario leaves a client blocked (a scenario must end with none):\n" + transcript);
            }
            // leave no subscription behind for the next scenario (closing is asynchronous in Redis)
            for (Side side : new Side[] {real, ours}) {
                for (int j = 0; j < 3; j++) {
                    if (side.inMulti[j]) side.step(j, RawRedisClient.argv("DISCARD"));
                    side.step(j, RawRedisClient.argv("UNSUBSCRIBE"));
                    side.step(j, RawRedisClient.argv("PUNSUBSCRIBE"));
                    if (!version.equals("6.2")) side.step(j, RawRedisClient.argv("SUNSUBSCRIBE"));
                }
            }
        } finally {
            real.close();
            ours.close();
        }
    }

    /** Unsubscribe confirmations [kind, name, count]: the kinds and names sorted, the counts in order. */
    private static String renderUnordered(List<byte[]> frames) {
        List<String> names = new ArrayList<>();
        List<String> counts = new ArrayList<>();
        for (byte[] f : frames) {
            RespTree t = RespTree.parse(f);
            if (t.children.size() != 3) return render(frames, false);
            names.add(RawRedisClient.printable(t.children.get(0).raw) + RawRedisClient.printable(t.children.get(1).raw));
            counts.add(RawRedisClient.printable(t.children.get(2).raw));
        }
        names.sort(null);
        return names + " " + counts;
    }

    private static String render(List<byte[]> frames, boolean sorted) {
        List<String> s = new ArrayList<>();
        for (byte[] f : frames) {
            // one frame (PUBSUB CHANNELS): its elements sorted; several (pmessages): the frames sorted
            s.add(RawRedisClient.printable(sorted && frames.size() == 1 ? RespTree.parse(f).sortedForm() : f));
        }
        if (sorted) s.sort(null);
        return String.join("", s);
    }
}
