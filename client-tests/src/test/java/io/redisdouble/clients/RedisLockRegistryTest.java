package io.redisdouble.clients;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.integration.redis.util.RedisLockRegistry;
import org.springframework.integration.redis.util.RedisLockRegistry.RedisLockType;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spring Integration's {@link RedisLockRegistry} with both lock types, default settings otherwise. Two
 * registries on separate connection factories stand for two application nodes. Same scenario against
 * redis-double and real Redis.
 */
class RedisLockRegistryTest {

    static Stream<Arguments> types() {
        return Target.crossBoth((Object[]) RedisLockType.values());
    }

    static Stream<Arguments> typesVirtualTime() {
        return Target.crossBothVirtualTime((Object[]) RedisLockType.values());
    }

    private final List<Runnable> cleanup = new ArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void close() {
        threads.shutdownNow();
        Collections.reverse(cleanup);
        for (Runnable r : cleanup) r.run();
    }

    /** One application node: its own connection factory and registry. */
    private RedisLockRegistry node(Target server, RedisLockType type, Duration expireAfter) {
        LettuceConnectionFactory f = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration(server.host(), server.port()));
        f.afterPropertiesSet();
        f.start();
        cleanup.add(f::destroy);
        RedisLockRegistry registry = expireAfter == null
                ? new RedisLockRegistry(f, "reg")
                : new RedisLockRegistry(f, "reg", expireAfter);
        registry.setRedisLockType(type);
        cleanup.add(registry::destroy); // runs before its factory's destroy (cleanup runs in reverse)
        return registry;
    }

    private <T> T onOtherThread(java.util.concurrent.Callable<T> task) throws Exception {
        return threads.submit(task).get(20, TimeUnit.SECONDS);
    }

    /**
     * Spring Integration 7 first tries Redis 8.4's DELEX and SET … IFEQ, and falls back to Lua only on
     * these exact errors: 7.0 must answer them.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#both")
    void probesOfRedis84CommandsFailAsOn70(Target server) {
        try (Jedis raw = new Jedis(server.host(), server.port())) {
            JedisDataException delex = assertThrows(JedisDataException.class,
                    () -> raw.sendCommand(() -> "DELEX".getBytes(StandardCharsets.US_ASCII), "reg:k", "IFEQ", "v"));
            assertEquals("ERR unknown command 'DELEX', with args beginning with: 'reg:k' 'IFEQ' 'v' ",
                    delex.getMessage());
            JedisDataException ifeq = assertThrows(JedisDataException.class,
                    () -> raw.sendCommand(Protocol.Command.SET, "reg:k", "v", "PX", "1000", "IFEQ", "v"));
            assertEquals("ERR syntax error", ifeq.getMessage());
            assertFalse(raw.exists("reg:k"));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("types")
    void lockIsExclusiveAcrossNodes(RedisLockType type, Target server) throws Exception {
        RedisLockRegistry a = node(server, type, null);
        RedisLockRegistry b = node(server, type, null);
        Lock lockA = a.obtain("orders");
        Lock lockB = b.obtain("orders");
        try (Jedis raw = new Jedis(server.host(), server.port())) {
            lockA.lock();
            assertTrue(raw.exists("reg:orders"));
            long pttl = raw.pttl("reg:orders");
            assertTrue(pttl > 55000 && pttl <= 60000, "default expireAfter 60 s: " + pttl);
            assertFalse(onOtherThread(() -> lockB.tryLock()));
            assertFalse(onOtherThread(() -> lockB.tryLock(200, TimeUnit.MILLISECONDS)));
            lockA.lock(); // reentrant on the node
            lockA.unlock();
            assertTrue(raw.exists("reg:orders"), "still held once");
            lockA.unlock();
            assertFalse(raw.exists("reg:orders"));
            assertTrue(onOtherThread(() -> {
                boolean got = lockB.tryLock();
                if (got) lockB.unlock();
                return got;
            }));
        }
    }

    /**
     * Node B waits while node A holds the lock and gets it right after A's unlock: SPIN_LOCK by polling,
     * PUB_SUB_LOCK woken by the message the unlock script publishes.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("types")
    void waiterGetsTheLockAfterTheHolderReleases(RedisLockType type, Target server) throws Exception {
        RedisLockRegistry a = node(server, type, null);
        RedisLockRegistry b = node(server, type, null);
        Lock lockA = a.obtain("stock");
        lockA.lock();
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        Future<Long> waiter = threads.submit(() -> {
            Lock lockB = b.obtain("stock");
            long start = System.nanoTime();
            boolean got = lockB.tryLock(10, TimeUnit.SECONDS);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            order.add("b got=" + got);
            if (got) lockB.unlock();
            return ms;
        });
        Thread.sleep(500);
        order.add("a unlocks");
        lockA.unlock();
        long waited = waiter.get(20, TimeUnit.SECONDS);
        assertEquals(List.of("a unlocks", "b got=true"), order);
        assertTrue(waited >= 400 && waited < 5000, "waited " + waited + " ms");
        try (Jedis raw = new Jedis(server.host(), server.port())) {
            assertFalse(raw.exists("reg:stock"));
        }
    }

    /**
     * A node that dies holding the lock: after expireAfter the other node gets it (at once on the double),
     * and the dead node's late unlock fails rather than releasing the new holder's lock.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("typesVirtualTime")
    void expiredLockIsTakenOverAndTheStaleUnlockFails(RedisLockType type, Target server) throws Exception {
        RedisLockRegistry a = node(server, type, Duration.ofMillis(500));
        RedisLockRegistry b = node(server, type, Duration.ofSeconds(30));
        Lock lockA = a.obtain("job");
        lockA.lock();
        assertFalse(onOtherThread(() -> b.obtain("job").tryLock()));
        server.elapse(Duration.ofMillis(600));
        Future<Boolean> bHolds = threads.submit(() -> b.obtain("job").tryLock());
        assertTrue(bHolds.get(20, TimeUnit.SECONDS));
        try (Jedis raw = new Jedis(server.host(), server.port())) {
            String holder = raw.get("reg:job");
            java.util.ConcurrentModificationException e =
                    assertThrows(java.util.ConcurrentModificationException.class, lockA::unlock);
            assertTrue(e.getMessage().startsWith("Lock was released in the store due to expiration"), e.getMessage());
            assertEquals(holder, raw.get("reg:job"), "B's lock survives A's late unlock");
            long pttl = raw.pttl("reg:job");
            assertTrue(pttl > 25000, "B's expireAfter: " + pttl);
        }
    }
}
