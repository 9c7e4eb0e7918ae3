package io.redisdouble.clients;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisListCommands.Direction;
import org.springframework.data.redis.core.ListOperations;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SetOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations.TypedTuple;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.PatternTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spring Data Redis 4 with both connection factories in their default configuration, through
 * {@link StringRedisTemplate}: the same scenario against redis-double and real Redis.
 */
class SpringDataRedisTest {

    enum Factory { LETTUCE, JEDIS }

    static Stream<Arguments> targets() {
        return Target.crossBoth((Object[]) Factory.values());
    }

    static Stream<Arguments> virtualTimeTargets() {
        return Target.crossBothVirtualTime((Object[]) Factory.values());
    }

    private final List<Runnable> cleanup = new ArrayList<>();

    @AfterEach
    void close() {
        Collections.reverse(cleanup);
        for (Runnable r : cleanup) r.run();
    }

    /** A started connection factory of that kind, default settings, destroyed after the test. */
    RedisConnectionFactory factory(Factory kind, Target server) {
        return SpringFactories.start(kind == Factory.LETTUCE, server, cleanup);
    }

    StringRedisTemplate template(Factory kind, Target server) {
        return new StringRedisTemplate(factory(kind, server));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("targets")
    void valuesAndTheSeedLock(Factory kind, Target server) {
        StringRedisTemplate t = template(kind, server);
        // The seed's lock: SET lock 1 EX 60 NX, then DEL.
        assertEquals(Boolean.TRUE, t.opsForValue().setIfAbsent("lock", "1", Duration.ofSeconds(60)));
        assertEquals(Boolean.FALSE, t.opsForValue().setIfAbsent("lock", "2", Duration.ofSeconds(60)));
        assertEquals("1", t.opsForValue().get("lock"));
        assertEquals(60L, t.getExpire("lock"));
        assertEquals(Boolean.TRUE, t.delete("lock"));
        assertEquals(Boolean.FALSE, t.delete("lock"));
        assertNull(t.opsForValue().get("lock"));

        // SET … PX … NX with a sub-second timeout, XX, GETSET, INCR family, APPEND, MSET/MGET.
        assertEquals(Boolean.TRUE, t.opsForValue().setIfAbsent("v:px", "a", Duration.ofMillis(90500)));
        long pttl = t.getExpire("v:px", TimeUnit.MILLISECONDS);
        assertTrue(pttl > 85000 && pttl <= 90500, "pttl " + pttl);
        assertEquals(Boolean.TRUE, t.opsForValue().setIfPresent("v:px", "b"));
        assertEquals(-1L, t.getExpire("v:px"), "plain SET XX drops the TTL");
        assertEquals(Boolean.FALSE, t.opsForValue().setIfPresent("v:none", "b"));
        assertEquals("b", t.opsForValue().getAndSet("v:px", "c"));
        assertEquals(5L, t.opsForValue().increment("v:n", 5));
        assertEquals(4L, t.opsForValue().decrement("v:n"));
        assertEquals(5.5, t.opsForValue().increment("v:n", 1.5));
        assertEquals(4, t.opsForValue().append("v:s", "abcd"));
        assertEquals("bc", t.opsForValue().get("v:s", 1, 2));
        t.opsForValue().multiSet(Map.of("v:m1", "1", "v:m2", "2"));
        assertEquals(java.util.Arrays.asList("1", "2", null), t.opsForValue().multiGet(List.of("v:m1", "v:m2", "v:m3")));
        assertEquals(Set.of("v:m1", "v:m2"), t.keys("v:m*"));
        assertEquals(Boolean.TRUE, t.expire("v:m1", Duration.ofSeconds(100)));
        assertEquals(100L, t.getExpire("v:m1"));
        assertEquals(Boolean.TRUE, t.persist("v:m1"));
        assertEquals(3L, t.countExistingKeys(List.of("v:m1", "v:m2", "v:s", "nope")));
        assertEquals(org.springframework.data.redis.connection.DataType.STRING, t.type("v:s"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("targets")
    void scanCursors(Factory kind, Target server) {
        StringRedisTemplate t = template(kind, server);
        Set<String> expected = new java.util.TreeSet<>();
        for (int i = 0; i < 60; i++) {
            t.opsForValue().set("s:" + i, "v");
            expected.add("s:" + i);
            t.opsForHash().put("s:hash", "f" + i, String.valueOf(i));
        }
        t.opsForValue().set("other", "v");
        Set<String> seen = new java.util.TreeSet<>();
        try (var cursor = t.scan(org.springframework.data.redis.core.ScanOptions.scanOptions().match("s:?*")
                .count(7).build())) {
            cursor.forEachRemaining(seen::add);
        }
        expected.add("s:hash");
        assertEquals(expected, seen);
        Map<Object, Object> fields = new java.util.TreeMap<>();
        try (var cursor = t.opsForHash().scan("s:hash",
                org.springframework.data.redis.core.ScanOptions.scanOptions().match("f1*").count(5).build())) {
            cursor.forEachRemaining(e -> fields.put(e.getKey(), e.getValue()));
        }
        assertEquals(11, fields.size(), fields.toString());
        assertEquals("19", fields.get("f19"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("targets")
    void hashes(Factory kind, Target server) {
        StringRedisTemplate t = template(kind, server);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", "ada");
        fields.put("visits", "1");
        t.opsForHash().putAll("h:user", fields);
        assertEquals(Boolean.FALSE, t.opsForHash().putIfAbsent("h:user", "name", "x"));
        assertEquals(8L, t.opsForHash().increment("h:user", "visits", 7));
        assertEquals(0.25, t.opsForHash().increment("h:user", "score", 0.25));
        assertEquals(Map.of("name", "ada", "visits", "8", "score", "0.25"), t.opsForHash().entries("h:user"));
        assertEquals("ada", t.opsForHash().get("h:user", "name"));
        assertEquals(3L, t.opsForHash().size("h:user"));
        assertEquals(1L, t.opsForHash().delete("h:user", "score", "nope"));
        assertEquals(Boolean.TRUE, t.opsForHash().hasKey("h:user", "name"));
        assertEquals(Set.of("name", "visits"), t.opsForHash().keys("h:user"));
        assertEquals(3L, t.opsForHash().lengthOfValue("h:user", "name"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("targets")
    void sortedSets(Factory kind, Target server) {
        StringRedisTemplate t = template(kind, server);
        String day = "media_auth_refresh_2024-01-02";
        assertEquals(Boolean.TRUE, t.opsForZSet().add(day, "name1", 1.1));
        assertEquals(Boolean.FALSE, t.opsForZSet().add(day, "name1", 1.5));
        assertEquals(2L, t.opsForZSet().add(day, Set.of(TypedTuple.of("name2", 2.0), TypedTuple.of("name3", 0.25))));
        assertEquals(List.of(entry("name3", 0.25)), tuples(t.opsForZSet().rangeByScoreWithScores(day, 0, 10, 0, 1)));
        assertEquals(List.of(entry("name2", 2.0), entry("name1", 1.5), entry("name3", 0.25)),
                tuples(t.opsForZSet().reverseRangeWithScores(day, 0, -1)));
        assertEquals(List.of("name1", "name2"), new ArrayList<>(t.opsForZSet().rangeByScore(day, 1, 5)));
        assertEquals(3.5, t.opsForZSet().incrementScore(day, "name1", 2.0));
        assertEquals(3.5, t.opsForZSet().score(day, "name1"));
        assertEquals(2L, t.opsForZSet().rank(day, "name1"));
        assertEquals(0L, t.opsForZSet().reverseRank(day, "name1"));
        assertEquals(2L, t.opsForZSet().count(day, 1, 10));
        assertEquals(3L, t.opsForZSet().zCard(day));
        assertEquals(1L, t.opsForZSet().removeRangeByScore(day, 0, 1));
        assertEquals(1L, t.opsForZSet().remove(day, "name2", "nope"));
        assertEquals(List.of(entry("name1", 3.5)), tuples(t.opsForZSet().rangeWithScores(day, 0, -1)));
        assertEquals(entry("name1", 3.5), tuple(t.opsForZSet().popMin(day)));
        assertFalse(t.hasKey(day));
    }

    private static Map.Entry<String, Double> entry(String v, double s) {
        return Map.entry(v, s);
    }

    private static Map.Entry<String, Double> tuple(TypedTuple<String> t) {
        return Map.entry(t.getValue(), t.getScore());
    }

    private static List<Map.Entry<String, Double>> tuples(Set<TypedTuple<String>> set) {
        List<Map.Entry<String, Double>> out = new ArrayList<>();
        for (TypedTuple<String> t : set) out.add(tuple(t));
        return out;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("targets")
    void transactionsWithWatch(Factory kind, Target server) {
        StringRedisTemplate t = template(kind, server);
        StringRedisTemplate other = template(kind, server);
        t.opsForValue().set("tx:stock", "10");
        List<Object> ok = t.execute(new SessionCallback<>() {
            @Override
            @SuppressWarnings("unchecked")
            public <K, V> List<Object> execute(RedisOperations<K, V> ops) throws DataAccessException {
                RedisOperations<String, String> o = (RedisOperations<String, String>) ops;
                o.watch("tx:stock");
                int stock = Integer.parseInt(o.opsForValue().get("tx:stock"));
                o.multi();
                o.opsForValue().set("tx:stock", String.valueOf(stock - 1));
                o.opsForValue().increment("tx:sold");
                return o.exec();
            }
        });
        assertEquals(List.of(true, 1L), ok);
        List<Object> aborted = t.execute(new SessionCallback<>() {
            @Override
            @SuppressWarnings("unchecked")
            public <K, V> List<Object> execute(RedisOperations<K, V> ops) throws DataAccessException {
                RedisOperations<String, String> o = (RedisOperations<String, String>) ops;
                o.watch("tx:stock");
                int stock = Integer.parseInt(o.opsForValue().get("tx:stock"));
                other.opsForValue().set("tx:stock", "0"); // a concurrent writer
                o.multi();
                o.opsForValue().set("tx:stock", String.valueOf(stock - 1));
                return o.exec();
            }
        });
        assertEquals(List.of(), aborted, "Spring maps an aborted EXEC (null array) to an empty list");
        assertEquals("0", t.opsForValue().get("tx:stock"));
        assertEquals("1", t.opsForValue().get("tx:sold"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("targets")
    void pipelined(Factory kind, Target server) {
        StringRedisTemplate t = template(kind, server);
        List<Object> results = t.executePipelined(new SessionCallback<Object>() {
            @Override
            @SuppressWarnings("unchecked")
            public <K, V> Object execute(RedisOperations<K, V> ops) throws DataAccessException {
                RedisOperations<String, String> o = (RedisOperations<String, String>) ops;
                o.opsForValue().set("pl:a", "1");
                o.opsForValue().increment("pl:a", 9);
                o.opsForHash().put("pl:h", "f", "v");
                o.opsForZSet().add("pl:z", "m", 1.5);
                o.opsForZSet().rangeWithScores("pl:z", 0, -1);
                o.opsForValue().get("pl:a");
                o.delete(List.of("pl:a", "pl:h"));
                return null;
            }
        });
        assertEquals(7, results.size());
        assertEquals(true, results.get(0));
        assertEquals(10L, results.get(1));
        assertEquals(true, results.get(2));
        assertEquals(true, results.get(3));
        assertEquals(List.of(entry("m", 1.5)), tuples(castTuples(results.get(4))));
        assertEquals("10", results.get(5));
        assertEquals(2L, results.get(6));
    }

    @SuppressWarnings("unchecked")
    private static Set<TypedTuple<String>> castTuples(Object o) {
        return (Set<TypedTuple<String>>) o;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("targets")
    void luaCompareAndDeleteThroughEvalsha(Factory kind, Target server) {
        StringRedisTemplate t = template(kind, server);
        DefaultRedisScript<Long> release = new DefaultRedisScript<>(JedisScenariosTest.COMPARE_AND_DELETE, Long.class);
        assertEquals(Boolean.TRUE, t.opsForValue().setIfAbsent("lk:job", "me", Duration.ofSeconds(30)));
        // First run: EVALSHA answers NOSCRIPT, the template falls back to EVAL.
        assertEquals(0L, t.execute(release, List.of("lk:job"), "someone-else"));
        assertEquals(1L, t.execute(release, List.of("lk:job"), "me"));
        assertFalse(t.hasKey("lk:job"));
        // Now cached: EVALSHA succeeds directly.
        assertEquals(0L, t.execute(release, List.of("lk:job"), "me"));
        DefaultRedisScript<List> multi = new DefaultRedisScript<>("return {KEYS[1], ARGV[1], 3}", List.class);
        assertEquals(List.of("k", "a", 3L), t.execute(multi, List.of("k"), "a"));
        DefaultRedisScript<Boolean> bool = new DefaultRedisScript<>("return redis.call('exists', KEYS[1]) == 0",
                Boolean.class);
        assertEquals(Boolean.TRUE, t.execute(bool, List.of("lk:job")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("targets")
    void messageListenerContainerReceivesPublishedMessages(Factory kind, Target server) throws Exception {
        RedisConnectionFactory f = factory(kind, server);
        StringRedisTemplate t = new StringRedisTemplate(f);
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(f);
        List<String> got = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch latch = new CountDownLatch(3);
        container.addMessageListener((message, pattern) -> {
            got.add(new String(pattern, StandardCharsets.UTF_8) + " "
                    + new String(message.getChannel(), StandardCharsets.UTF_8) + " "
                    + new String(message.getBody(), StandardCharsets.UTF_8));
            latch.countDown();
        }, List.of(new ChannelTopic("jobs"), new PatternTopic("jobs.*")));
        container.afterPropertiesSet();
        container.start();
        cleanup.add(() -> {
            try {
                container.destroy();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // start() returns once the subscriptions are confirmed.
        assertEquals(1L, t.convertAndSend("jobs", "one"));
        assertEquals(1L, t.convertAndSend("jobs.daily", "two"));
        assertEquals(0L, t.convertAndSend("other", "x"));
        assertEquals(1L, t.convertAndSend("jobs", "three"));
        assertTrue(latch.await(5, TimeUnit.SECONDS), got.toString());
        List<String> sorted = new ArrayList<>(got);
        Collections.sort(sorted);
        // The two subscriptions may be served by different threads: compare as a set, then order per topic.
        assertEquals(List.of("jobs jobs one", "jobs jobs three", "jobs.* jobs.daily two"), sorted);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("targets")
    void opsForList(Factory kind, Target server) {
        StringRedisTemplate t = template(kind, server);
        ListOperations<String, String> ops = t.opsForList();
        assertEquals(1L, ops.leftPush("l:q", "b"));
        assertEquals(2L, ops.leftPush("l:q", "a"));
        assertEquals(5L, ops.rightPushAll("l:q", "c", "d", "b"));
        assertEquals(6L, ops.leftPush("l:q", "c", "b2"), "LINSERT BEFORE the first c");
        assertEquals(List.of("a", "b", "b2", "c", "d", "b"), ops.range("l:q", 0, -1));
        assertEquals("d", ops.index("l:q", -2));
        assertNull(ops.index("l:q", 10));
        ops.set("l:q", 0, "a0");
        assertEquals(2L, ops.remove("l:q", 0, "b"));
        assertEquals(List.of("a0", "b2", "c", "d"), ops.range("l:q", 0, -1));
        assertEquals(3L, ops.indexOf("l:q", "d"));
        assertEquals("d", ops.rightPop("l:q"));
        assertEquals("a0", ops.leftPop("l:q"));
        ops.trim("l:q", 1, -1);
        assertEquals(List.of("c"), ops.range("l:q", 0, -1));
        assertEquals("c", ops.move("l:q", Direction.LEFT, "l:done", Direction.RIGHT));
        assertEquals(Boolean.FALSE, t.hasKey("l:q"));
        assertNull(ops.rightPop("l:q"));
        assertEquals(1L, ops.size("l:done"));
        assertEquals(List.of("c"), ops.range("l:done", 0, -1));
        ops.rightPushAll("l:p", "1", "2", "3");
        assertEquals(List.of("1", "2"), ops.leftPop("l:p", 2));
        assertEquals("3", ops.rightPopAndLeftPush("l:p", "l:done"));
        assertEquals(List.of("3", "c"), ops.range("l:done", 0, -1));
        assertEquals(0L, ops.leftPushIfPresent("l:p", "x"));
        DataAccessException e = org.junit.jupiter.api.Assertions.assertThrows(DataAccessException.class,
                () -> ops.set("l:none", 0, "x"));
        assertEquals("ERR no such key", e.getMostSpecificCause().getMessage());
    }

    /**
     * {@code rightPopAndLeftPush(src, dst, timeout)} is BRPOPLPUSH: with nothing to pop it gives null
     * once the server's clock passes the timeout (the manual-time double only when the test moves it);
     * woken by another connection's push it moves that element.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("virtualTimeTargets")
    void rightPopAndLeftPushWithTimeout(Factory kind, Target server) throws Exception {
        StringRedisTemplate t = template(kind, server);
        ListOperations<String, String> ops = t.opsForList();
        ExecutorService threads = Executors.newSingleThreadExecutor();
        try {
            Future<String> expires = threads.submit(() -> ops.rightPopAndLeftPush("b:src", "b:dst", 1, TimeUnit.SECONDS));
            BlockedClients.await(server, 1, expires);
            server.elapse(Duration.ofMillis(1100));
            assertNull(expires.get(20, TimeUnit.SECONDS));
            assertEquals(Boolean.FALSE, t.hasKey("b:dst"));

            Future<String> woken = threads.submit(() -> ops.rightPopAndLeftPush("b:src", "b:dst", Duration.ofSeconds(20)));
            BlockedClients.await(server, 1, woken);
            assertEquals(2L, ops.rightPushAll("b:src", "j1", "j2"));
            assertEquals("j2", woken.get(20, TimeUnit.SECONDS));
            assertEquals(List.of("j2"), ops.range("b:dst", 0, -1));
            assertEquals(List.of("j1"), ops.range("b:src", 0, -1));

            Future<String> leftPop = threads.submit(() -> ops.leftPop("b:other", 20, TimeUnit.SECONDS));
            BlockedClients.await(server, 1, leftPop);
            ops.rightPush("b:other", "o1");
            assertEquals("o1", leftPop.get(20, TimeUnit.SECONDS));
            assertEquals(0L, BlockedClients.count(server));
        } finally {
            threads.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("targets")
    void opsForSet(Factory kind, Target server) {
        StringRedisTemplate t = template(kind, server);
        SetOperations<String, String> ops = t.opsForSet();
        assertEquals(3L, ops.add("s:a", "1", "2", "x"));
        assertEquals(0L, ops.add("s:a", "x"));
        assertEquals(2L, ops.add("s:b", "x", "y"));
        assertEquals(Set.of("1", "2", "x"), ops.members("s:a"));
        assertEquals(Boolean.TRUE, ops.isMember("s:a", "x"));
        assertEquals(Boolean.FALSE, ops.isMember("s:a", "y"));
        assertEquals(Map.of("1", true, "y", false), ops.isMember("s:a", "1", "y"));
        assertEquals(Set.of("x"), ops.intersect("s:a", "s:b"));
        assertEquals(Set.of("1", "2"), ops.difference("s:a", "s:b"));
        assertEquals(Set.of("1", "2", "x", "y"), ops.union("s:a", "s:b"));
        assertEquals(2L, ops.differenceAndStore("s:a", "s:b", "s:d"));
        assertEquals(Set.of("1", "2"), ops.members("s:d"));
        assertEquals(Boolean.TRUE, ops.move("s:d", "1", "s:b"));
        assertEquals(3L, ops.size("s:b"));
        String random = ops.randomMember("s:b");
        assertTrue(Set.of("1", "x", "y").contains(random), random);
        assertEquals(Set.of("1", "x", "y"), ops.distinctRandomMembers("s:b", 5));
        assertEquals(4, ops.randomMembers("s:b", 4).size(), "SRANDMEMBER with a negative count repeats");
        assertEquals(1L, ops.remove("s:b", "y", "nope"));
        assertEquals(Set.of("2"), Set.copyOf(ops.pop("s:d", 5)));
        assertEquals(Boolean.FALSE, t.hasKey("s:d"));
        assertNull(ops.pop("s:d"));
        assertEquals(Set.of(), ops.members("s:none"));
    }
}
