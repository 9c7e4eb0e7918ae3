package io.redisdouble.clients;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.redisson.Redisson;
import org.redisson.api.RBlockingQueue;
import org.redisson.api.RBucket;
import org.redisson.api.RDeque;
import org.redisson.api.RList;
import org.redisson.api.RLock;
import org.redisson.api.RMap;
import org.redisson.api.RScoredSortedSet;
import org.redisson.api.RSet;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.ScoredEntry;
import org.redisson.config.Config;
import redis.clients.jedis.Jedis;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redisson 4 with its default configuration (codec, pools, 30 s lock watchdog) unless a scenario says
 * otherwise: the same scenario against redis-double and real Redis, checking both what Redisson reports
 * and what is in the server (through a plain Jedis connection).
 */
class RedissonTest {

    private final List<RedissonClient> clients = new ArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void shutdown() {
        threads.shutdownNow();
        for (RedissonClient c : clients) c.shutdown(0, 2, TimeUnit.SECONDS);
    }

    private RedissonClient redisson(Target server) {
        return redisson(server, new Config());
    }

    private RedissonClient redisson(Target server, Config config) {
        config.useSingleServer().setAddress(server.uri());
        RedissonClient c = Redisson.create(config);
        clients.add(c);
        return c;
    }

    /** Runs on another thread: RLock is owned per thread. */
    private <T> T onOtherThread(java.util.concurrent.Callable<T> task) throws Exception {
        return threads.submit(task).get(20, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#both")
    void lockIsAReentrantHashWithAWatchdogTtl(Target server) throws Exception {
        RedissonClient r = redisson(server);
        RLock lock = r.getLock("rl:lock");
        try (Jedis raw = new Jedis(server.host(), server.port())) {
            lock.lock();
            assertTrue(lock.isLocked());
            assertTrue(lock.isHeldByCurrentThread());
            assertEquals("hash", raw.type("rl:lock"));
            Map<String, String> holder = raw.hgetAll("rl:lock");
            assertEquals(1, holder.size());
            String field = holder.keySet().iterator().next();
            assertTrue(field.endsWith(":" + Thread.currentThread().getId()), field);
            assertEquals("1", holder.get(field));
            long pttl = raw.pttl("rl:lock");
            assertTrue(pttl > 25000 && pttl <= 30000, "watchdog lease " + pttl);

            lock.lock(); // reentrant
            assertEquals(2, lock.getHoldCount());
            assertEquals("2", raw.hget("rl:lock", field));
            assertFalse(onOtherThread(() -> lock.tryLock()), "another thread cannot take it");
            assertEquals(false, onOtherThread(() -> {
                try {
                    lock.unlock();
                    return true;
                } catch (IllegalMonitorStateException e) {
                    return false;
                }
            }), "another thread cannot release it");

            lock.unlock();
            assertTrue(lock.isLocked());
            assertEquals("1", raw.hget("rl:lock", field));
            lock.unlock();
            assertFalse(lock.isLocked());
            assertFalse(raw.exists("rl:lock"));
            assertThrows(IllegalMonitorStateException.class, lock::unlock);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#both")
    void tryLockWithWaitAndLease(Target server) throws Exception {
        RedissonClient r = redisson(server);
        RLock lock = r.getLock("rl:try");
        try (Jedis raw = new Jedis(server.host(), server.port())) {
            assertTrue(lock.tryLock(0, 20, TimeUnit.SECONDS));
            long pttl = raw.pttl("rl:try");
            assertTrue(pttl > 15000 && pttl <= 20000, "lease " + pttl);
            long start = System.nanoTime();
            assertFalse(onOtherThread(() -> lock.tryLock(300, 5000, TimeUnit.MILLISECONDS)));
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waited >= 250, "waited " + waited + " ms");
            assertTrue(lock.remainTimeToLive() > 15000);
            lock.unlock();
            assertFalse(raw.exists("rl:try"));
            assertTrue(onOtherThread(() -> {
                boolean got = lock.tryLock(0, 5, TimeUnit.SECONDS);
                lock.unlock();
                return got;
            }));
        }
    }

    /**
     * The waiter subscribes to the lock's channel and is woken by the unlock's PUBLISH: it gets the lock
     * right after the release, long before the holder's 30 s watchdog lease would have run out.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#both")
    void waiterIsWokenByTheUnlockPublish(Target server) throws Exception {
        RedissonClient holderClient = redisson(server);
        RedissonClient waiterClient = redisson(server);
        RLock held = holderClient.getLock("rl:contended");
        held.lock();
        List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        Future<Long> waiter = threads.submit(() -> {
            RLock lock = waiterClient.getLock("rl:contended");
            long start = System.nanoTime();
            boolean got = lock.tryLock(15, TimeUnit.SECONDS);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            order.add("waiter got=" + got);
            if (got) lock.unlock();
            return ms;
        });
        try (Jedis raw = new Jedis(server.host(), server.port())) {
            // The waiter is subscribed to Redisson's lock channel before the release.
            waitUntil(() -> raw.pubsubNumSub("redisson_lock__channel:{rl:contended}")
                    .getOrDefault("redisson_lock__channel:{rl:contended}", 0L) == 1, "waiter subscribed");
            Thread.sleep(200);
            order.add("holder unlocks");
            held.unlock();
            long waitedMs = waiter.get(20, TimeUnit.SECONDS);
            assertEquals(List.of("holder unlocks", "waiter got=true"), order);
            assertTrue(waitedMs < 5000, "woken by the publish after " + waitedMs + " ms");
            assertFalse(raw.exists("rl:contended"));
        }
    }

    /**
     * Watchdog renewal, with a 1.5 s watchdog so it can be seen quickly: while the holder lives, the lease
     * is renewed every 0.5 s, so the lock outlives its lease. On the double the clock jumps; on real Redis
     * time passes.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#bothVirtualTime")
    void watchdogRenewsTheLease(Target server) throws Exception {
        RedissonClient r = redisson(server, new Config().setLockWatchdogTimeout(1500));
        RLock lock = r.getLock("rl:watched");
        lock.lock();
        try (Jedis raw = new Jedis(server.host(), server.port())) {
            for (int i = 0; i < 3; i++) {
                server.elapse(Duration.ofMillis(1000));
                assertTrue(raw.exists("rl:watched"), "renewed before the lease ran out, round " + i);
                // The next renewal puts the lease back to (almost) 1.5 s.
                waitUntil(() -> raw.pttl("rl:watched") > 1000, "renewed");
            }
            assertTrue(lock.isLocked(), "held 3 s with a 1.5 s lease");
            lock.unlock();
            assertFalse(raw.exists("rl:watched"));
        }
    }

    /**
     * A holder that does not release: with an explicit lease the lock frees itself. On the double the
     * lease runs out at once with time().advance; on real Redis the test waits the (short) lease.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#bothVirtualTime")
    void leaseExpiryFreesTheLock(Target server) throws Exception {
        RedissonClient r = redisson(server);
        RLock lock = r.getLock("rl:lease");
        lock.lock(1000, TimeUnit.MILLISECONDS); // the holder "dies" without unlocking
        assertFalse(onOtherThread(() -> lock.tryLock(0, 1, TimeUnit.SECONDS)));
        try (Jedis raw = new Jedis(server.host(), server.port())) {
            long pttl = raw.pttl("rl:lease");
            assertTrue(pttl > 500 && pttl <= 1000, "lease " + pttl);
            server.elapse(Duration.ofMillis(1050));
            assertFalse(raw.exists("rl:lease"));
            assertFalse(lock.isLocked());
            assertTrue(onOtherThread(() -> {
                boolean got = lock.tryLock(0, 10, TimeUnit.SECONDS);
                lock.unlock();
                return got;
            }));
        }
    }

    /**
     * A waiter blocked on a lock whose holder died: nothing is published, the waiter retries when the
     * remaining TTL it was told has passed, and finds the lease expired (on the double: the clock was
     * advanced meanwhile).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#bothVirtualTime")
    void waiterTakesOverAfterTheDeadHoldersLease(Target server) throws Exception {
        RedissonClient holderClient = redisson(server);
        RedissonClient waiterClient = redisson(server);
        holderClient.getLock("rl:dead").lock(1000, TimeUnit.MILLISECONDS);
        Future<Boolean> waiter = threads.submit(() -> {
            RLock lock = waiterClient.getLock("rl:dead");
            boolean got = lock.tryLock(10, 5, TimeUnit.SECONDS);
            if (got) lock.unlock();
            return got;
        });
        try (Jedis raw = new Jedis(server.host(), server.port())) {
            waitUntil(() -> raw.pubsubNumSub("redisson_lock__channel:{rl:dead}")
                    .getOrDefault("redisson_lock__channel:{rl:dead}", 0L) == 1, "waiter subscribed");
            server.elapse(Duration.ofMillis(1050));
            assertTrue(waiter.get(20, TimeUnit.SECONDS));
            assertFalse(raw.exists("rl:dead"));
        }
    }

    /** A value class stored with Redisson's default codec (binary members in the sorted set). */
    record Job(String name, int attempt) implements Serializable {}

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#both")
    void scoredSortedSetWithTheDefaultCodec(Target server) {
        RedissonClient r = redisson(server);
        RScoredSortedSet<Object> set = r.getScoredSortedSet("rz:jobs");
        assertTrue(set.add(1.1, "name1"));
        assertTrue(set.add(0.5, new Job("refresh", 1)));
        assertTrue(set.add(2.0, 42L));
        assertFalse(set.add(3.0, "name1"), "existing member: score updated, not added");
        Map<Object, Double> more = new LinkedHashMap<>();
        more.put("name4", -1.0);
        more.put("name5", 10.0);
        assertEquals(2, set.addAll(more));
        assertEquals(5, set.size());
        assertEquals(List.of("name4", new Job("refresh", 1), 42L, "name1", "name5"),
                new ArrayList<>(set.valueRange(0, -1)));
        assertEquals(List.of(new Job("refresh", 1), 42L), new ArrayList<>(set.valueRange(0, false, 3.0, false)));
        List<String> entries = new ArrayList<>();
        for (ScoredEntry<Object> e : set.entryRange(0, true, 3.0, true)) entries.add(e.getValue() + "@" + e.getScore());
        assertEquals(List.of("Job[name=refresh, attempt=1]@0.5", "42@2.0", "name1@3.0"), entries);
        assertEquals(List.of("name5", "name1"), new ArrayList<>(set.valueRangeReversed(0, 1)));
        assertEquals(3.0, set.getScore("name1"));
        assertEquals(3, set.rank("name1"));
        assertEquals(4.5, set.addScore("name1", 1.5));
        assertEquals("name4", set.pollFirst());
        assertEquals(new Job("refresh", 1), set.first());
        assertTrue(set.remove(42L));
        assertEquals(3, set.size());
        try (Jedis raw = new Jedis(server.host(), server.port())) {
            assertEquals("zset", raw.type("rz:jobs"));
            assertEquals(3L, raw.zcard("rz:jobs"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#both")
    void bucketsAndMaps(Target server) {
        RedissonClient r = redisson(server);
        RBucket<Job> bucket = r.getBucket("rb:job");
        assertTrue(bucket.setIfAbsent(new Job("a", 1), Duration.ofSeconds(60)));
        assertFalse(bucket.setIfAbsent(new Job("b", 1), Duration.ofSeconds(60)));
        assertEquals(new Job("a", 1), bucket.get());
        assertTrue(bucket.remainTimeToLive() > 55000);
        assertTrue(bucket.compareAndSet(new Job("a", 1), new Job("a", 2)));
        assertEquals(new Job("a", 2), bucket.getAndDelete());
        RMap<String, Integer> map = r.getMap("rm:counts");
        assertEquals(null, map.put("x", 1));
        assertEquals(1, map.put("x", 2));
        assertEquals(2, map.replace("x", 5));
        assertEquals(null, map.putIfAbsent("y", 7));
        assertEquals(Map.of("x", 5, "y", 7), map.readAllMap());
        assertTrue(map.fastRemove("y") == 1);
        assertEquals(1, map.size());
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting: " + what);
            Thread.sleep(10);
        }
    }

    /**
     * RBlockingQueue with the default codec: {@code take()} on another thread blocks (BLPOP with no
     * timeout) until {@code offer} pushes; {@code poll(timeout)} on an empty queue expires with null;
     * {@code pollFromAny} takes from the first queue that has an element.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#both")
    void blockingQueue(Target server) throws Exception {
        RedissonClient r = redisson(server);
        RBlockingQueue<String> queue = r.getBlockingQueue("rq:jobs");
        RBlockingQueue<String> other = r.getBlockingQueue("rq:other");
        try (Jedis raw = new Jedis(server.host(), server.port())) {
            Future<String> taken = threads.submit(queue::take);
            BlockedClients.await(server, 1, taken);
            assertTrue(queue.offer("job-1"));
            assertEquals("job-1", taken.get(20, TimeUnit.SECONDS));
            assertFalse(raw.exists("rq:jobs"));

            assertEquals(null, queue.poll(300, TimeUnit.MILLISECONDS), "nothing arrives: the poll expires");
            assertEquals(0L, BlockedClients.count(server));

            assertTrue(queue.add("job-2"));
            assertTrue(queue.offer("job-3"));
            assertEquals("list", raw.type("rq:jobs"));
            assertEquals(2L, raw.llen("rq:jobs"));
            assertEquals(2, queue.size());
            assertEquals("job-2", queue.peek());
            assertEquals("job-2", queue.poll(1, TimeUnit.SECONDS));
            assertTrue(other.offer("o-1"));
            assertEquals("job-3", queue.pollFromAny(1, TimeUnit.SECONDS, "rq:other"));
            assertEquals("o-1", queue.pollFromAny(1, TimeUnit.SECONDS, "rq:other"));
            assertEquals(null, queue.pollFromAny(300, TimeUnit.MILLISECONDS, "rq:other"));

            Future<String> fromAny = threads.submit(() -> queue.pollFromAny(20, TimeUnit.SECONDS, "rq:other"));
            BlockedClients.await(server, 1, fromAny);
            other.offer("o-2");
            assertEquals("o-2", fromAny.get(20, TimeUnit.SECONDS));
            assertTrue(queue.isEmpty());
            assertTrue(other.isEmpty());
        }
    }

    /** RDeque and RList with the string codec, so the server's list can be read back plainly. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#both")
    void dequeAndList(Target server) {
        RedissonClient r = redisson(server);
        RDeque<String> deque = r.getDeque("rd:deque", StringCodec.INSTANCE);
        RList<String> list = r.getList("rl:list", StringCodec.INSTANCE);
        try (Jedis raw = new Jedis(server.host(), server.port())) {
            deque.addFirst("b");
            deque.addFirst("a");
            deque.addLast("c");
            assertTrue(deque.offerLast("d"));
            assertEquals(List.of("a", "b", "c", "d"), raw.lrange("rd:deque", 0, -1));
            assertEquals("a", deque.peekFirst());
            assertEquals("d", deque.peekLast());
            assertEquals("d", deque.pollLast());
            assertEquals("a", deque.removeFirst());
            assertEquals(List.of("b", "c"), deque.readAll());
            assertEquals("c", deque.pollLastAndOfferFirstTo("rd:deque"));
            assertEquals(List.of("c", "b"), raw.lrange("rd:deque", 0, -1));
            assertEquals(2, deque.size());

            assertTrue(list.add("x"));
            assertTrue(list.addAll(List.of("y", "z", "y")));
            assertEquals(4, list.size());
            assertEquals("y", list.get(1));
            assertEquals("z", list.set(2, "z2"));
            assertEquals(1, list.indexOf("y"));
            assertEquals(3, list.lastIndexOf("y"));
            assertEquals(-1, list.indexOf("nope"));
            assertTrue(list.contains("z2"));
            assertTrue(list.remove("y"));
            assertEquals(List.of("x", "z2", "y"), list.readAll());
            assertEquals("x", list.remove(0));
            list.add(1, "mid");
            assertEquals(List.of("z2", "mid", "y"), raw.lrange("rl:list", 0, -1));
            assertEquals(List.of("mid", "y"), list.subList(1, 3).readAll());
            list.trim(0, 0);
            assertEquals(List.of("z2"), list.readAll());
            assertEquals("list", raw.type("rl:list"));
        }
    }

    /** RSet with the default codec and with the string codec (then readable with SMEMBERS). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#both")
    void sets(Target server) {
        RedissonClient r = redisson(server);
        RSet<Job> jobs = r.getSet("rs:jobs");
        assertTrue(jobs.add(new Job("a", 1)));
        assertFalse(jobs.add(new Job("a", 1)));
        assertTrue(jobs.add(new Job("b", 2)));
        assertTrue(jobs.contains(new Job("b", 2)));
        assertEquals(Set.of(new Job("a", 1), new Job("b", 2)), jobs.readAll());
        assertTrue(jobs.remove(new Job("a", 1)));
        assertEquals(1, jobs.size());

        RSet<String> tags = r.getSet("rs:tags", StringCodec.INSTANCE);
        RSet<String> other = r.getSet("rs:other", StringCodec.INSTANCE);
        assertTrue(tags.addAll(List.of("red", "green", "blue")));
        assertTrue(other.addAll(List.of("red", "pink")));
        assertEquals(Set.of("red"), tags.readIntersection("rs:other"));
        assertEquals(Set.of("red", "green", "blue", "pink"), tags.readUnion("rs:other"));
        assertEquals(Set.of("green", "blue"), tags.readDiff("rs:other"));
        assertEquals(4, tags.union("rs:tags", "rs:other"), "SUNIONSTORE rs:tags rs:tags rs:other");
        assertEquals(2, other.intersection("rs:tags", "rs:other"));
        assertEquals(Set.of("red", "pink"), other.readAll());
        assertTrue(tags.removeAll(List.of("pink", "nope")));
        assertFalse(tags.contains("pink"));
        assertTrue(tags.move("rs:other", "blue"));
        try (Jedis raw = new Jedis(server.host(), server.port())) {
            assertEquals(Set.of("red", "green"), raw.smembers("rs:tags"));
            assertEquals(Set.of("red", "pink", "blue"), raw.smembers("rs:other"));
            assertEquals("set", raw.type("rs:jobs"));
        }
    }
}
