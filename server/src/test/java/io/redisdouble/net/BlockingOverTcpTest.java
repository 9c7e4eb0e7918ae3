package io.redisdouble.net;

import io.redisdouble.RedisDouble;
import io.redisdouble.testing.RawRedisClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Blocking sorted-set pops over real connections: the blocked client's later pipelined requests wait
 * for its reply, another connection's ZADD wakes it, timeouts follow the server's clock (manual or
 * flowing), and a client that goes away while blocked is forgotten. Expected bytes are those of real
 * Redis 7.0.15 in the same scenarios.
 */
class BlockingOverTcpTest {
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
        for (String l : lines) sb.append(l).append("\r\n"); // inline commands
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void pipelinedRequestsWaitForTheWakeUp() {
        redis = RedisDouble.builder().manualTime().start();
        try (RawRedisClient a = client(); RawRedisClient b = client(); RawRedisClient w = client()) {
            a.sendRaw(cmds("BZPOPMIN k1 k2 0", "PING"));
            b.sendRaw(cmds("BZPOPMAX k1 0", "PING"));
            w.awaitBlockedClients(2);
            assertEquals(":3\\r\\n", str(w.call("ZADD", "k1", "1", "x", "2", "y", "3", "z")));
            assertEquals("*3\\r\\n$2\\r\\nk1\\r\\n$1\\r\\nx\\r\\n$1\\r\\n1\\r\\n", str(a.readReply()));
            assertEquals("+PONG\\r\\n", str(a.readReply()));
            assertEquals("*3\\r\\n$2\\r\\nk1\\r\\n$1\\r\\nz\\r\\n$1\\r\\n3\\r\\n", str(b.readReply()));
            assertEquals("+PONG\\r\\n", str(b.readReply()));
            assertEquals("*1\\r\\n$1\\r\\ny\\r\\n", str(w.call("ZRANGE", "k1", "0", "-1")));
        }
    }

    @Test
    void timeoutOnManualClock() {
        redis = RedisDouble.builder().manualTime().start();
        try (RawRedisClient a = client(); RawRedisClient w = client()) {
            a.sendRaw(cmds("BZPOPMIN k 5", "ECHO after"));
            w.awaitBlockedClients(1);
            redis.time().advance(Duration.ofMillis(4999));
            w.call("PING");
            redis.time().advance(Duration.ofMillis(1));
            assertEquals("*-1\\r\\n", str(a.readReply()));
            assertEquals("$5\\r\\nafter\\r\\n", str(a.readReply()));
        }
    }

    @Test
    void timeoutOnFlowingClock() {
        redis = RedisDouble.start();
        try (RawRedisClient a = client()) {
            long t0 = System.nanoTime();
            assertEquals("*-1\\r\\n", str(a.call("BZPOPMIN", "k", "0.05")));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 45 && ms < 2000, "took " + ms + " ms");
            a.call("HELLO", "3");
            assertEquals("_\\r\\n", str(a.call("BZMPOP", "0.01", "1", "k", "MIN")));
        }
    }

    @Test
    void clientGoneWhileBlockedIsForgotten() throws Exception {
        redis = RedisDouble.builder().manualTime().start();
        try (RawRedisClient w = client()) {
            try (RawRedisClient a = client()) {
                a.sendRaw(cmds("BZPOPMIN k 0"));
                w.awaitBlockedClients(1);
            }
            w.awaitBlockedClients(0); // the server has seen the close
            assertEquals(":1\\r\\n", str(w.call("ZADD", "k", "1", "x")));
            assertEquals(":1\\r\\n", str(w.call("ZCARD", "k")));
        }
    }

    @Test
    void directApiDoesNotBlock() {
        redis = RedisDouble.builder().manualTime().start();
        assertEquals(null, redis.command("BZPOPMIN", "k", "0"));
        redis.command("ZADD", "k", "1", "x");
        assertEquals(List.of("k", "x", 1.0), redis.command("BZPOPMIN", "k", "0"));
        assertEquals(0L, redis.command("EXISTS", "k"));
    }
}
