package io.redisdouble.clients;

import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.redis.spring.RedisLockProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import redis.clients.jedis.Jedis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ShedLock's Spring Data Redis provider, default and {@code safeUpdate(true)}, over both Spring
 * connection factories: the same scenario against redis-double and real Redis.
 */
class ShedLockTest {

    /** The connection factory and the provider's mode. */
    enum Setup {
        LETTUCE_DEFAULT(false, false), LETTUCE_SAFE_UPDATE(false, true),
        JEDIS_DEFAULT(true, false), JEDIS_SAFE_UPDATE(true, true);

        final boolean jedis;
        final boolean safeUpdate;

        Setup(boolean jedis, boolean safeUpdate) {
            this.jedis = jedis;
            this.safeUpdate = safeUpdate;
        }
    }

    static Stream<Arguments> setups() {
        return Target.crossBoth((Object[]) Setup.values());
    }

    static Stream<Arguments> setupsVirtualTime() {
        return Target.crossBothVirtualTime((Object[]) Setup.values());
    }

    private final List<Runnable> cleanup = new ArrayList<>();

    @AfterEach
    void close() {
        for (Runnable r : cleanup) r.run();
    }

    private RedisLockProvider provider(Setup setup, Target server) {
        RedisConnectionFactory factory = SpringFactories.start(!setup.jedis, server, cleanup);
        return new RedisLockProvider.Builder(factory).safeUpdate(setup.safeUpdate).build();
    }

    private static LockConfiguration config(String name, Duration atMost, Duration atLeast) {
        return new LockConfiguration(Instant.now(), name, atMost, atLeast);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("setups")
    void lockIsExclusiveAndReleased(Setup setup, Target server) {
        RedisLockProvider provider = provider(setup, server);
        try (Jedis raw = new Jedis(server.host(), server.port())) {
            Optional<SimpleLock> first = provider.lock(config("report", Duration.ofSeconds(30), Duration.ZERO));
            assertTrue(first.isPresent());
            String key = "job-lock:default:report";
            assertTrue(raw.get(key).startsWith("ADDED:"), raw.get(key));
            long pttl = raw.pttl(key);
            assertTrue(pttl > 25000 && pttl <= 30000, "lockAtMostFor " + pttl);
            assertFalse(provider.lock(config("report", Duration.ofSeconds(30), Duration.ZERO)).isPresent());
            assertTrue(provider.lock(config("other", Duration.ofSeconds(30), Duration.ZERO)).isPresent());

            first.get().unlock();
            assertFalse(raw.exists(key), "unlocked with no lockAtLeastFor: deleted");
            assertTrue(provider.lock(config("report", Duration.ofSeconds(30), Duration.ZERO)).isPresent());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("setups")
    void extendMovesTheDeadline(Setup setup, Target server) {
        RedisLockProvider provider = provider(setup, server);
        try (Jedis raw = new Jedis(server.host(), server.port())) {
            SimpleLock lock = provider.lock(config("batch", Duration.ofSeconds(10), Duration.ZERO)).orElseThrow();
            Optional<SimpleLock> extended = lock.extend(Duration.ofSeconds(100), Duration.ZERO);
            assertTrue(extended.isPresent());
            long pttl = raw.pttl("job-lock:default:batch");
            assertTrue(pttl > 95000 && pttl <= 100000, "extended to " + pttl);
            extended.get().unlock();
            assertFalse(raw.exists("job-lock:default:batch"));
        }
    }

    /** The job runs only where the lock is free, as with @SchedulerLock: the seed's decorator in ShedLock. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("setups")
    void lockingTaskExecutorSkipsAConcurrentRun(Setup setup, Target server) {
        RedisLockProvider provider = provider(setup, server);
        LockingTaskExecutor executor = new DefaultLockingTaskExecutor(provider);
        List<String> ran = new ArrayList<>();
        executor.executeWithLock((Runnable) () -> {
            ran.add("outer");
            // A second instance of the job (another thread, as another node would) while the first runs:
            // skipped. (On the same thread ShedLock would treat it as reentrant.)
            Thread other = new Thread(() -> new DefaultLockingTaskExecutor(provider).executeWithLock(
                    (Runnable) () -> ran.add("inner"), config("nightly", Duration.ofSeconds(60), Duration.ZERO)));
            other.start();
            try {
                other.join(10000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, config("nightly", Duration.ofSeconds(60), Duration.ZERO));
        assertEquals(List.of("outer"), ran);
        executor.executeWithLock((Runnable) () -> ran.add("again"), config("nightly", Duration.ofSeconds(60),
                Duration.ZERO));
        assertEquals(List.of("outer", "again"), ran);
    }

    /**
     * lockAtLeastFor: an early unlock keeps the key for the rest of that time (SET … PX XX, or the
     * compare-and-pexpire script with safeUpdate); then it expires — at once on the double.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("setupsVirtualTime")
    void lockAtLeastForKeepsTheLockAfterUnlock(Setup setup, Target server) {
        RedisLockProvider provider = provider(setup, server);
        try (Jedis raw = new Jedis(server.host(), server.port())) {
            SimpleLock lock = provider.lock(config("short", Duration.ofSeconds(60), Duration.ofMillis(800)))
                    .orElseThrow();
            lock.unlock();
            long pttl = raw.pttl("job-lock:default:short");
            assertTrue(pttl > 0 && pttl <= 800, "kept for the rest of lockAtLeastFor: " + pttl);
            assertFalse(provider.lock(config("short", Duration.ofSeconds(60), Duration.ZERO)).isPresent());
            server.elapse(Duration.ofMillis(850));
            assertFalse(raw.exists("job-lock:default:short"));
            assertTrue(provider.lock(config("short", Duration.ofSeconds(60), Duration.ZERO)).isPresent());
        }
    }

    /**
     * A holder whose lock ran out (lockAtMostFor) while another node took it: with safeUpdate its extend
     * leaves the new holder's lock alone (compare-and-pexpire); by default SET … PX … XX overwrites it.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("setupsVirtualTime")
    void staleHolderExtends(Setup setup, Target server) {
        RedisLockProvider provider = provider(setup, server);
        String key = "job-lock:default:sync";
        try (Jedis raw = new Jedis(server.host(), server.port())) {
            SimpleLock stale = provider.lock(config("sync", Duration.ofMillis(300), Duration.ZERO)).orElseThrow();
            server.elapse(Duration.ofMillis(350));
            assertFalse(raw.exists(key));
            provider.lock(config("sync", Duration.ofSeconds(60), Duration.ZERO)).orElseThrow();
            String freshValue = raw.get(key);

            Optional<SimpleLock> staleExtend = stale.extend(Duration.ofSeconds(30), Duration.ZERO);
            long pttl = raw.pttl(key);
            if (setup.safeUpdate) {
                assertFalse(staleExtend.isPresent(), "compare-and-pexpire refuses a foreign value");
                assertEquals(freshValue, raw.get(key));
                assertTrue(pttl > 55000, "the new holder's TTL is untouched: " + pttl);
            } else {
                assertTrue(staleExtend.isPresent(), "SET … PX … XX overwrites the new holder's lock");
                assertNotEquals(freshValue, raw.get(key));
                assertTrue(pttl > 25000 && pttl <= 30000, "" + pttl);
            }
        }
    }

    /** The same race at unlock: compare-and-delete with safeUpdate, a plain DEL by default. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("setupsVirtualTime")
    void staleHolderUnlocks(Setup setup, Target server) {
        RedisLockProvider provider = provider(setup, server);
        String key = "job-lock:default:sync";
        try (Jedis raw = new Jedis(server.host(), server.port())) {
            SimpleLock stale = provider.lock(config("sync", Duration.ofMillis(300), Duration.ZERO)).orElseThrow();
            server.elapse(Duration.ofMillis(350));
            SimpleLock fresh = provider.lock(config("sync", Duration.ofSeconds(60), Duration.ZERO)).orElseThrow();
            String freshValue = raw.get(key);
            stale.unlock();
            if (setup.safeUpdate) {
                assertEquals(freshValue, raw.get(key), "compare-and-delete leaves the new holder's lock");
                fresh.unlock();
                assertFalse(raw.exists(key));
            } else {
                assertFalse(raw.exists(key), "DEL removes whatever is there");
            }
        }
    }
}
