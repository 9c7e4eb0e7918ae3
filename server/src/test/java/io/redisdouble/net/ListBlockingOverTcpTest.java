package io.redisdouble.net;

import io.redisdouble.RedisDouble;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Blocking list commands over real connections: timeouts on the manual clock, CLIENT UNBLOCK, INFO
 * blocked_clients and CLIENT LIST flags=b (each compared with real Redis 7.0.15 doing the same), and a
 * blocked client that goes away takes nothing with it.
 */
class ListBlockingOverTcpTest {
    private RedisDouble redis;

    @AfterEach
    void stop() {
        if (redis != null) redis.close();
    }

    private RawRedisClient client() {
        return new RawRedisClient(redis.host(), redis.port());
    }

    private static String str(byte[] b) {
        return RawRedisClient.printable(b);
    }

    private static byte[] cmds(String... lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) sb.append(l).append("\r\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void timeoutsFollowTheManualClock() {
        redis = RedisDouble.builder().manualTime().start();
        try (RawRedisClient a = client(); RawRedisClient b = client(); RawRedisClient w = client()) {
            b.call("HELLO", "3");
            a.sendRaw(cmds("BLPOP k 5", "ECHO after"));
            b.sendRaw(cmds("BLMOVE k d LEFT RIGHT 2.5", "ECHO after"));
            w.awaitBlockedClients(2);
            redis.time().advance(Duration.ofMillis(2499));
            w.call("PING");
            redis.time().advance(Duration.ofMillis(1));
            assertEquals("_\\r\\n", str(b.readReply())); // BLMOVE times out with a null array (RESP3: null)
            assertEquals("$5\\r\\nafter\\r\\n", str(b.readReply()));
            redis.time().advance(Duration.ofMillis(2499));
            w.call("PING");
            w.awaitBlockedClients(1); // a is still blocked, 1 ms before its deadline
            redis.time().advance(Duration.ofMillis(1));
            assertEquals("*-1\\r\\n", str(a.readReply()));
            assertEquals("$5\\r\\nafter\\r\\n", str(a.readReply()));
            // 0 waits forever, however far time moves
            a.sendRaw(cmds("BRPOP k 0"));
            w.awaitBlockedClients(1);
            redis.time().advance(Duration.ofDays(3650));
            w.call("PING");
            w.awaitBlockedClients(1);
            assertEquals(":1\\r\\n", str(w.call("RPUSH", "k", "v")));
            assertEquals("*2\\r\\n$1\\r\\nk\\r\\n$1\\r\\nv\\r\\n", str(a.readReply()));
        }
    }

    /**
     * The same steps against real Redis 7.0.15 and the double: INFO blocked_clients, CLIENT LIST flags,
     * CLIENT UNBLOCK (TIMEOUT, ERROR, a client that is not blocked), and what the unblocked client reads.
     */
    @Test
    void clientUnblockAndBlockedClientsAsRedis() {
        redis = RedisDouble.builder().version("7.0").start();
        List<String> ours = unblockTranscript(() -> client());
        try (ReferenceRedis ref = ReferenceRedis.startPrivate("7.0.15")) {
            List<String> real = unblockTranscript(ref::openClient);
            assertEquals(real, ours);
        }
    }

    private static List<String> unblockTranscript(java.util.function.Supplier<RawRedisClient> open) {
        List<String> out = new ArrayList<>();
        try (RawRedisClient a = open.get(); RawRedisClient w = open.get()) {
            String id = new String(a.call("CLIENT", "ID"), StandardCharsets.US_ASCII).substring(1).strip();
            Function<String, String> flagsOfA = list -> {
                for (String l : list.split("\n")) {
                    if (l.startsWith("id=" + id + " ")) return l.replaceAll(".* flags=(\\S+) .*", "$1").strip();
                }
                return "absent";
            };
            a.sendRaw(cmds("BLPOP k1 k2 0"));
            w.awaitBlockedClients(1);
            out.add("flags while blocked: " + flagsOfA.apply(new String(w.call("CLIENT", "LIST"), StandardCharsets.US_ASCII)));
            out.add("unblock: " + str(w.call("CLIENT", "UNBLOCK", id)));
            out.add("a reads: " + str(a.readReply()));
            w.awaitBlockedClients(0);
            out.add("flags after: " + flagsOfA.apply(new String(w.call("CLIENT", "LIST"), StandardCharsets.US_ASCII)));
            out.add("unblock again: " + str(w.call("CLIENT", "UNBLOCK", id)));
            a.sendRaw(cmds("BLMOVE k1 k2 LEFT LEFT 0"));
            w.awaitBlockedClients(1);
            out.add("unblock error: " + str(w.call("CLIENT", "UNBLOCK", id, "ERROR")));
            out.add("a reads: " + str(a.readReply()));
            a.sendRaw(cmds("BRPOPLPUSH k1 k2 0"));
            w.awaitBlockedClients(1);
            out.add("unblock timeout: " + str(w.call("CLIENT", "UNBLOCK", id, "TIMEOUT")));
            out.add("a reads: " + str(a.readReply()));
            out.add("a still works: " + str(a.call("RPUSH", "k1", "x")));
        }
        return out;
    }

    /**
     * 200 clients block in BLPOP or BLMOVE and close; the pushes that follow must all stay in the list
     * (#15 item 10): a client that is gone is never served.
     */
    @Test
    void blockedClientsThatCloseTakeNothing() {
        redis = RedisDouble.start();
        try (RawRedisClient w = client()) {
            List<RawRedisClient> blocked = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                RawRedisClient c = client();
                c.sendRaw(cmds(i % 2 == 0 ? "BLPOP q 0" : "BLMOVE q other LEFT LEFT 0"));
                blocked.add(c);
            }
            w.awaitBlockedClients(200);
            for (RawRedisClient c : blocked) c.close();
            w.awaitBlockedClients(0); // the server has seen every close (ListCommandsTest covers a close not yet seen)
            String[] push = new String[202];
            push[0] = "RPUSH";
            push[1] = "q";
            for (int i = 0; i < 200; i++) push[i + 2] = "e" + i;
            w.call(push);
            w.awaitBlockedClients(0);
            assertEquals(":200\\r\\n", str(w.call("LLEN", "q")));
            assertEquals(":0\\r\\n", str(w.call("EXISTS", "other")));
        }
    }

    @Test
    void blockedClientsCountInInfo() {
        redis = RedisDouble.start();
        try (RawRedisClient a = client(); RawRedisClient b = client(); RawRedisClient w = client()) {
            a.sendRaw(cmds("BLPOP q 0"));
            b.sendRaw(cmds("BZPOPMIN z 0"));
            w.awaitBlockedClients(2);
            String list = new String(w.call("CLIENT", "LIST"), StandardCharsets.US_ASCII);
            assertEquals(2, list.split("flags=b ", -1).length - 1, list);
            w.call("RPUSH", "q", "1");
            assertEquals("*2\\r\\n$1\\r\\nq\\r\\n$1\\r\\n1\\r\\n", str(a.readReply()));
            w.awaitBlockedClients(1);
            w.call("ZADD", "z", "1", "m");
            b.readReply();
            w.awaitBlockedClients(0);
            assertTrue(new String(w.call("CLIENT", "LIST"), StandardCharsets.US_ASCII).contains("flags=N"));
        }
    }
}
