package io.redisdouble.clients;

import io.redisdouble.RedisDouble;
import io.redisdouble.junit.RedisDoubleTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The seed's lock decorator over Jedis: against redis-double and real Redis, and with virtual time. */
@RedisDoubleTest(manualTime = true)
class LockDecoratorTest {

    /** The same scenario against redis-double and against real Redis: identical observations. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#both")
    void twoClientsAreMutuallyExclusive(Target server) {
        try (RedisClient a = RedisClient.create(server.host(), server.port());
             RedisClient b = RedisClient.create(server.host(), server.port())) {
            LockDecorator lockA = new LockDecorator(a, "lock");
            LockDecorator lockB = new LockDecorator(b, "lock");
            List<String> ran = new ArrayList<>();
            boolean aRan = lockA.runExclusive(() -> {
                ran.add("a");
                // While A holds the lock, B's run is skipped.
                assertFalse(lockB.runExclusive(() -> ran.add("b")));
                assertEquals(60L, b.ttl("lock"));
            });
            assertTrue(aRan);
            assertEquals(List.of("a"), ran);
            assertNull(a.get("lock"), "the lock is deleted after the job");
            assertTrue(lockB.runExclusive(() -> ran.add("b")), "free again after A finished");
            assertEquals(List.of("a", "b"), ran);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#both")
    void failingJobStillReleasesTheLock(Target server) {
        try (RedisClient a = RedisClient.create(server.host(), server.port())) {
            LockDecorator lock = new LockDecorator(a, "lock");
            assertThrows(IllegalStateException.class, () -> lock.runExclusive(() -> {
                throw new IllegalStateException("job failed");
            }));
            assertFalse(a.exists("lock"));
        }
    }

    /** Virtual time: only the double can skip 60 s without waiting. */
    @Test
    void runIsSkippedWhileHeldAndTheLockFreesItselfAfterSixtySeconds(RedisDouble redis) {
        try (RedisClient holder = RedisClient.create(redis.host(), redis.port());
             RedisClient worker = RedisClient.create(redis.host(), redis.port())) {
            // Another process took the lock and died without releasing it.
            assertEquals("OK", holder.set("lock", "1", SetParams.setParams().ex(60).nx()));
            LockDecorator lock = new LockDecorator(worker, "lock");
            List<String> ran = new ArrayList<>();
            assertFalse(lock.runExclusive(() -> ran.add("job")));

            redis.time().advance(Duration.ofSeconds(59));
            assertFalse(lock.runExclusive(() -> ran.add("job")), "still held at 59 s");
            assertEquals(1L, worker.ttl("lock"));

            redis.time().advance(Duration.ofSeconds(2)); // 61 s in total: expired, with no sleep
            assertFalse(redis.exists("lock"));
            assertTrue(lock.runExclusive(() -> ran.add("job")));
            assertEquals(List.of("job"), ran);
        }
    }
}
