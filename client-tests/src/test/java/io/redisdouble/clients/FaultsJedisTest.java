package io.redisdouble.clients;

import io.redisdouble.RedisDouble;
import io.redisdouble.fault.FaultEvent;
import io.redisdouble.fault.FaultRule;
import io.redisdouble.fault.Faults;
import io.redisdouble.fault.Match;
import io.redisdouble.fault.RedisError;
import io.redisdouble.junit.RedisDoubleTest;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.providers.PooledConnectionProvider;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each fault kind through Jedis 8, as an application meets it: a plain {@link Jedis} (no retries: the
 * fault surfaces as an exception) and a {@link UnifiedJedis} with Jedis's own retrying executor
 * (maxAttempts: it retries a request whose connection failed, on a new connection), with what the
 * server's fault log shows of each attempt.
 */
@RedisDoubleTest
class FaultsJedisTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    static JedisClientConfig config(int socketTimeoutMillis, String name) {
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder().socketTimeoutMillis(socketTimeoutMillis);
        if (name != null) b.clientName(name);
        return b.build();
    }

    /** Jedis with its retrying executor: up to {@code attempts} tries of a request whose connection failed. */
    static UnifiedJedis retrying(RedisDouble redis, int attempts) {
        return new UnifiedJedis(new PooledConnectionProvider(new HostAndPort(redis.host(), redis.port()), config(2000, null)),
                attempts, Duration.ofSeconds(5));
    }

    @Test
    void anInjectedErrorIsAJedisDataExceptionWithRedissText(RedisDouble redis, Faults faults) {
        redis.set("k", "v");
        faults.when(Match.command("GET")).once().replyError(RedisError.LOADING);
        try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
            JedisDataException e = assertThrows(JedisDataException.class, () -> jedis.get("k"));
            assertEquals("LOADING Redis is loading the dataset in memory", e.getMessage());
            assertEquals("v", jedis.get("k")); // the connection is fine: the next request is answered
        }
        try (UnifiedJedis jedis = retrying(redis, 3)) {
            faults.when(Match.command("GET")).once().replyError(RedisError.BUSY);
            // An error reply is an answer: Jedis's retries are for failed connections only.
            assertThrows(JedisDataException.class, () -> jedis.get("k"));
            assertEquals(2, faults.log().size());
        }
    }

    @Test
    void aDelayPastTheSocketTimeoutFailsTheCallButTheWriteHappened(RedisDouble redis, Faults faults) throws Exception {
        FaultRule slow = faults.when(Match.command("SET")).once().delayReplies(Duration.ofMillis(1500));
        try (Jedis jedis = new Jedis(redis.host(), redis.port(), config(300, null))) {
            JedisConnectionException e = assertThrows(JedisConnectionException.class, () -> jedis.set("k", "v"));
            assertInstanceOf(SocketTimeoutException.class, e.getCause());
        }
        assertEquals("v", redis.get("k")); // ran at once; only its reply was late
        assertEquals(1, slow.fired());
        // Within the timeout the same delay is only a slow reply.
        faults.when(Match.command("GET")).once().delayReplies(Duration.ofMillis(200));
        try (Jedis jedis = new Jedis(redis.host(), redis.port(), config(5000, null))) {
            long t0 = System.nanoTime();
            assertEquals("v", jedis.get("k"));
            assertTrue(System.nanoTime() - t0 >= 200_000_000L);
        }
    }

    @Test
    void closeBeforeRunIsRetriedOnANewConnectionByTheRetryingExecutor(RedisDouble redis, Faults faults) {
        redis.set("k", "v");
        FaultRule drop = faults.when(Match.command("GET")).times(2).closeBeforeRun();
        try (Jedis plain = new Jedis(redis.host(), redis.port())) {
            assertThrows(JedisConnectionException.class, () -> plain.get("k"));
        }
        try (UnifiedJedis jedis = retrying(redis, 3)) {
            assertEquals("v", jedis.get("k")); // the first try dropped, the second answered
        }
        List<FaultEvent> log = drop.events();
        assertEquals(2, log.size());
        assertNotEquals(log.get(0).clientAddress(), log.get(1).clientAddress()); // each try on its own connection
    }

    @Test
    void aLostReplyMakesTheRetryingExecutorRunAWriteTwice(RedisDouble redis, Faults faults) {
        FaultRule lost = faults.when(Match.command("INCR")).once().closeAfterRun();
        try (UnifiedJedis jedis = retrying(redis, 3)) {
            // The first INCR ran but its reply was lost; Jedis cannot know, retries, and the counter moves twice.
            assertEquals(2L, jedis.incr("counter"));
        }
        assertEquals("2", redis.get("counter"));
        assertEquals(1, lost.fired());
        try (Jedis plain = new Jedis(redis.host(), redis.port())) {
            faults.when(Match.command("INCR")).once().closeAfterRun();
            assertThrows(JedisConnectionException.class, () -> plain.incr("counter"));
        }
        assertEquals("3", redis.get("counter")); // written, though the caller saw only an exception
    }

    @Test
    void aPartitionTimesOutUntilHealedThenTheHeldRequestRuns(RedisDouble redis, Faults faults) throws Exception {
        try (Jedis worker = new Jedis(redis.host(), redis.port(), config(300, "worker-1"));
             Jedis other = new Jedis(redis.host(), redis.port())) {
            assertEquals("PONG", worker.ping());
            try (FaultRule partition = faults.when(Match.any().clientName("worker-1")).stall()) {
                JedisConnectionException e = assertThrows(JedisConnectionException.class, () -> worker.set("k", "from-worker"));
                assertInstanceOf(SocketTimeoutException.class, e.getCause());
                assertNull(other.get("k")); // not run while partitioned; other clients are served
            }
            // Healed: the SET that waited in the socket runs now (TCP delivered it), though Jedis gave up on it.
            assertEquals("from-worker", awaitValue(redis, "k"));
        }
    }

    @Test
    void refusedConnectionsAreRetriedByTheRetryingExecutor(RedisDouble redis, Faults faults) {
        redis.set("k", "v");
        FaultRule refuse = faults.refuseConnections();
        try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
            assertThrows(JedisConnectionException.class, jedis::ping);
        }
        refuse.remove();
        faults.when(Match.any()).times(2).refuseConnections();
        try (UnifiedJedis jedis = retrying(redis, 3)) {
            assertEquals("v", jedis.get("k")); // third connection
        }
        assertEquals(3, faults.log().size()); // the plain Jedis's one, then the two refused tries
    }

    /** Waits (on a condition, not a sleep) until the key has a value; returns it. */
    static String awaitValue(RedisDouble redis, String key) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String v;
        while ((v = redis.get(key)) == null && System.nanoTime() < deadline) Thread.onSpinWait();
        return v;
    }
}
