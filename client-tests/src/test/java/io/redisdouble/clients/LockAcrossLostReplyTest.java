package io.redisdouble.clients;

import io.redisdouble.RedisDouble;
import io.redisdouble.fault.FaultRule;
import io.redisdouble.fault.Faults;
import io.redisdouble.fault.Match;
import io.redisdouble.junit.RedisDoubleTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.providers.PooledConnectionProvider;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "The write happened, the reply was lost" on a lock's acquisition: the lock libraries must not end up
 * with two holders. The fault closes the acquiring client's connection right after its acquisition ran;
 * its library retries or gives up; a second client then tries; at every step at most one believes it holds
 * the lock, and the one that believes it is the one the server has as holder. Time is virtual: the lease
 * runs out when the test advances the clock.
 */
@RedisDoubleTest(manualTime = true)
class LockAcrossLostReplyTest {
    private final List<RedissonClient> redissons = new ArrayList<>();
    private final ExecutorService threadA = Executors.newSingleThreadExecutor(), threadB = Executors.newSingleThreadExecutor();

    @AfterEach
    void shutdown() {
        threadA.shutdownNow();
        threadB.shutdownNow();
        for (RedissonClient c : redissons) c.shutdown(0, 2, TimeUnit.SECONDS);
    }

    private RedissonClient redisson(RedisDouble redis, String name) {
        Config config = new Config();
        config.useSingleServer().setAddress("redis://" + redis.host() + ":" + redis.port()).setClientName(name)
                .setRetryAttempts(3).setTimeout(1000);
        RedissonClient c = Redisson.create(config);
        redissons.add(c);
        return c;
    }

    /** RLock is owned per thread: each holder works on its own thread. */
    private static <T> T on(ExecutorService thread, java.util.concurrent.Callable<T> task) throws Exception {
        return thread.submit(task).get(60, TimeUnit.SECONDS);
    }

    /** Whether {@code tryLock} said yes, or the exception it threw instead. */
    private static Object tryLock(RLock lock) {
        try {
            return lock.tryLock(0, 10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return e;
        }
    }

    @Test
    void redissonRLockHasOneHolderAcrossALostAcquireReply(RedisDouble redis, Faults faults) throws Exception {
        RLock lockA = redisson(redis, "holder-a").getLock("rl:lock");
        RLock lockB = redisson(redis, "holder-b").getLock("rl:lock");
        // One round first, so the lock script is in the server's cache: Redisson's first EVALSHA of a
        // script the server does not know would get NOSCRIPT, and nothing would be written to lose.
        assertEquals(Boolean.TRUE, on(threadA, () -> tryLock(lockA)));
        on(threadA, () -> {
            lockA.unlock();
            return null;
        });
        FaultRule lost = faults.when(Match.command("EVAL", "EVALSHA").key("rl:lock").clientName("holder-a")).once().closeAfterRun();

        Object a = on(threadA, () -> tryLock(lockA));
        assertEquals(1, lost.fired(), "the acquisition ran and its reply was lost");
        // Redisson 4 waits for the reply until its timeout and does not resend the script: tryLock throws,
        // so A's code does not believe it holds the lock, but the server has A's thread as holder (and
        // Redisson's isHeldByCurrentThread, which asks the server, says so).
        assertTrue(a instanceof org.redisson.client.RedisTimeoutException, "tryLock said " + a);
        Map<String, String> holder = hash(redis, "rl:lock");
        assertEquals(1, holder.size(), holder.toString());
        assertTrue(on(threadA, lockA::isHeldByCurrentThread));

        Object b = on(threadB, () -> tryLock(lockB));
        assertEquals(Boolean.FALSE, b, "B must not get a lock the server has A as holder of");
        assertFalse(on(threadB, lockB::isHeldByCurrentThread));
        assertEquals(holder, hash(redis, "rl:lock"));

        // The lease (10 s) runs out on the server's clock: then B gets it, and A holds it no more.
        redis.time().advance(Duration.ofSeconds(11));
        assertEquals(Boolean.TRUE, on(threadB, () -> tryLock(lockB)));
        assertFalse(on(threadA, lockA::isHeldByCurrentThread));
        assertTrue(on(threadB, lockB::isHeldByCurrentThread));
        on(threadB, () -> {
            lockB.unlock();
            return null;
        });
        assertFalse(redis.exists("rl:lock"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> hash(RedisDouble redis, String key) {
        return (Map<String, String>) redis.command("HGETALL", key);
    }

    /** SET key token NX PX through Jedis's retrying executor, as a lock client would write it. */
    private static UnifiedJedis jedis(RedisDouble redis, String name) {
        return new UnifiedJedis(new PooledConnectionProvider(new HostAndPort(redis.host(), redis.port()),
                DefaultJedisClientConfig.builder().clientName(name).build()), 3, Duration.ofSeconds(5));
    }

    /**
     * Acquires with SET NX PX; on a null reply after a failed try it asks whether the lock is its own (the
     * token it wrote), since the failed try may have been written: the idiom for an idempotent acquire.
     */
    private static boolean acquire(UnifiedJedis jedis, String key, String token) {
        String reply = jedis.set(key, token, SetParams.setParams().nx().px(30_000));
        if ("OK".equals(reply)) return true;
        return token.equals(jedis.get(key));
    }

    @Test
    void setNxPxLockHasOneHolderAcrossALostAcquireReply(RedisDouble redis, Faults faults) {
        try (UnifiedJedis a = jedis(redis, "holder-a"); UnifiedJedis b = jedis(redis, "holder-b")) {
            a.ping();
            b.ping();
            FaultRule lost = faults.when(Match.command("SET").key("lock").clientName("holder-a")).once().closeAfterRun();
            // A's first SET ran (the lock is A's) but its reply was lost; Jedis retried on a new connection and
            // got nil (the lock exists); A's token check tells it the lock is its own.
            assertTrue(acquire(a, "lock", "token-a"));
            assertEquals(1, lost.fired());
            assertEquals("token-a", redis.get("lock"));
            assertFalse(acquire(b, "lock", "token-b"));
            // A naive acquire (no token check) would have counted itself out: no holder, never two.
            assertNull(a.set("lock", "token-a", SetParams.setParams().nx().px(30_000)));

            redis.time().advance(Duration.ofSeconds(31)); // A's lease runs out
            assertTrue(acquire(b, "lock", "token-b"));
            assertFalse(acquire(a, "lock", "token-a"));
            assertEquals("token-b", redis.get("lock"));
        }
    }

    @Test
    void withoutRetriesTheLosingClientSeesAnErrorAndStillNoSecondHolder(RedisDouble redis, Faults faults) {
        try (redis.clients.jedis.Jedis a = new redis.clients.jedis.Jedis(redis.host(), redis.port());
             redis.clients.jedis.Jedis b = new redis.clients.jedis.Jedis(redis.host(), redis.port())) {
            faults.when(Match.command("SET").key("lock")).once().closeAfterRun();
            boolean aThinks;
            try {
                aThinks = "OK".equals(a.set("lock", "token-a", SetParams.setParams().nx().px(30_000)));
            } catch (JedisConnectionException e) {
                aThinks = false; // A does not know it holds the lock
            }
            assertFalse(aThinks);
            assertEquals("token-a", redis.get("lock")); // ... but the server has it as holder
            assertNull(b.set("lock", "token-b", SetParams.setParams().nx().px(30_000)));
            redis.time().advance(Duration.ofSeconds(31));
            assertEquals("OK", b.set("lock", "token-b", SetParams.setParams().nx().px(30_000)));
        }
    }
}
