package io.redisdouble.clients;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.args.ListDirection;
import redis.clients.jedis.args.ListPosition;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.LPosParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.Tuple;
import redis.clients.jedis.util.KeyValue;

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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jedis 8 with its defaults, the same scenario against redis-double and real Redis: {@code Jedis}
 * (RESP2, no handshake) and {@code RedisClient} (HELLO 3 + CLIENT SETINFO, RESP3).
 */
class JedisScenariosTest {

    static final String COMPARE_AND_DELETE =
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#both")
    void pipelineRepliesInOrderWithErrorsInPlace(Target server) {
        try (RedisClient client = RedisClient.create(server.host(), server.port())) {
            List<Object> got = new ArrayList<>();
            try (AbstractPipeline p = client.pipelined()) {
                Response<String> set = p.set("p:str", "10");
                Response<Long> incr = p.incrBy("p:str", 5);
                Response<Long> hset = p.hset("p:hash", Map.of("f", "v"));
                Response<Long> wrong = p.incr("p:hash");
                Response<String> get = p.get("p:str");
                Response<Long> ttl = p.ttl("p:str");
                Response<Long> del = p.del("p:str", "p:hash", "p:none");
                p.sync();
                got.add(set.get());
                got.add(incr.get());
                got.add(hset.get());
                JedisDataException e = assertThrows(JedisDataException.class, wrong::get);
                got.add(e.getMessage());
                got.add(get.get());
                got.add(ttl.get());
                got.add(del.get());
            }
            assertEquals(List.of("OK", 15L, 1L, "WRONGTYPE Operation against a key holding the wrong kind of value",
                    "15", -1L, 2L), got);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#both")
    void transactionExecutesQueuedCommandsAndKeepsRuntimeErrorsInTheResult(Target server) {
        try (RedisClient client = RedisClient.create(server.host(), server.port())) {
            client.set("t:text", "abc");
            List<Object> result;
            try (AbstractTransaction tx = client.multi()) {
                tx.set("t:n", "1");
                tx.incr("t:n");
                tx.incr("t:text");
                tx.get("t:n");
                result = tx.exec();
            }
            assertEquals(4, result.size());
            assertEquals("OK", result.get(0));
            assertEquals(2L, result.get(1));
            assertInstanceOf(JedisDataException.class, result.get(2));
            assertEquals("ERR value is not an integer or out of range",
                    ((JedisDataException) result.get(2)).getMessage());
            assertEquals("2", result.get(3));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#both")
    void watchAbortsTheTransactionWhenAnotherClientWrites(Target server) {
        try (Jedis a = new Jedis(server.host(), server.port());
             Jedis b = new Jedis(server.host(), server.port())) {
            a.set("w:balance", "100");
            assertEquals("OK", a.watch("w:balance"));
            int balance = Integer.parseInt(a.get("w:balance"));
            b.set("w:balance", "50"); // concurrent write
            Transaction tx = a.multi();
            tx.set("w:balance", String.valueOf(balance - 30));
            assertNull(tx.exec(), "EXEC answers a null array after a watched key changed");
            assertEquals("50", a.get("w:balance"));

            // Unchanged watched key: the transaction runs.
            a.watch("w:balance");
            balance = Integer.parseInt(a.get("w:balance"));
            tx = a.multi();
            tx.set("w:balance", String.valueOf(balance - 30));
            assertEquals(List.of("OK"), tx.exec());
            assertEquals("20", b.get("w:balance"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#both")
    void publishReachesChannelAndPatternSubscribers(Target server) throws Exception {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch subscribed = new CountDownLatch(2);
        CountDownLatch received = new CountDownLatch(3);
        JedisPubSub listener = new JedisPubSub() {
            @Override
            public void onSubscribe(String channel, int count) {
                events.add("subscribe " + channel + " " + count);
                subscribed.countDown();
            }

            @Override
            public void onPSubscribe(String pattern, int count) {
                events.add("psubscribe " + pattern + " " + count);
                subscribed.countDown();
            }

            @Override
            public void onMessage(String channel, String message) {
                events.add("message " + channel + " " + message);
                received.countDown();
            }

            @Override
            public void onPMessage(String pattern, String channel, String message) {
                events.add("pmessage " + pattern + " " + channel + " " + message);
                received.countDown();
            }
        };
        try (Jedis subscriber = new Jedis(server.host(), server.port());
             RedisClient publisher = RedisClient.create(server.host(), server.port())) {
            Thread t = new Thread(() -> subscriber.subscribe(listener, "news"));
            t.start();
            assertTrue(awaitCount(subscribed, 1));
            listener.psubscribe("ne*");
            assertTrue(subscribed.await(5, TimeUnit.SECONDS));
            assertEquals(2L, publisher.publish("news", "hello"), "one channel and one pattern receiver");
            assertEquals(1L, publisher.publish("nest", "egg"));
            assertEquals(0L, publisher.publish("other", "x"));
            assertTrue(received.await(5, TimeUnit.SECONDS));
            try (Jedis admin = new Jedis(server.host(), server.port())) {
                assertEquals(Map.of("news", 1L), admin.pubsubNumSub("news"));
                assertEquals(1L, admin.pubsubNumPat());
                assertEquals(List.of("news"), admin.pubsubChannels("*"));
            }
            listener.unsubscribe();
            listener.punsubscribe();
            t.join(5000);
            assertFalse(t.isAlive());
            assertEquals(List.of("subscribe news 1", "psubscribe ne* 2", "message news hello",
                    "pmessage ne* news hello", "pmessage ne* nest egg"), events);
        }
    }

    /**
     * PUBLISH from inside a script reaches subscribers (Redisson's and Spring Integration's unlock
     * scripts do this to wake waiters).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#both")
    void publishFromAScriptReachesSubscribers(Target server) throws Exception {
        List<String> got = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch subscribed = new CountDownLatch(1);
        CountDownLatch received = new CountDownLatch(1);
        JedisPubSub listener = new JedisPubSub() {
            @Override
            public void onSubscribe(String channel, int count) {
                subscribed.countDown();
            }

            @Override
            public void onMessage(String channel, String message) {
                got.add(channel + " " + message);
                received.countDown();
            }
        };
        try (Jedis subscriber = new Jedis(server.host(), server.port());
             RedisClient publisher = RedisClient.create(server.host(), server.port())) {
            Thread t = new Thread(() -> subscriber.subscribe(listener, "wake"));
            t.start();
            assertTrue(subscribed.await(5, TimeUnit.SECONDS));
            assertEquals(1L, publisher.eval("redis.call('del', KEYS[1]); return redis.call('publish', ARGV[1], ARGV[2])",
                    List.of("lk:any"), List.of("wake", "released")));
            assertTrue(received.await(5, TimeUnit.SECONDS));
            assertEquals(List.of("wake released"), got);
            listener.unsubscribe();
            t.join(5000);
        }
    }

    private static boolean awaitCount(CountDownLatch latch, long remaining) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (latch.getCount() > remaining) {
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(5);
        }
        return true;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#both")
    void hashes(Target server) {
        try (RedisClient client = RedisClient.create(server.host(), server.port())) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("name", "ada");
            fields.put("visits", "1");
            assertEquals(2L, client.hset("h:user", fields));
            assertEquals(0L, client.hset("h:user", "name", "grace"));
            assertEquals(11L, client.hincrBy("h:user", "visits", 10));
            assertEquals(2.5, client.hincrByFloat("h:user", "score", 2.5));
            assertEquals("grace", client.hget("h:user", "name"));
            assertEquals(Map.of("name", "grace", "visits", "11", "score", "2.5"), client.hgetAll("h:user"));
            assertEquals(java.util.Arrays.asList("grace", null), client.hmget("h:user", "name", "nope"));
            assertTrue(client.hexists("h:user", "visits"));
            assertEquals(1L, client.hsetnx("h:user", "city", "x"));
            assertEquals(0L, client.hsetnx("h:user", "city", "y"));
            assertEquals(2L, client.hdel("h:user", "city", "score", "nope"));
            assertEquals(2L, client.hlen("h:user"));
            assertEquals("hash", client.type("h:user"));
            JedisDataException e = assertThrows(JedisDataException.class, () -> client.hincrBy("h:user", "name", 1));
            assertEquals("ERR hash value is not an integer", e.getMessage());
            assertEquals(Map.of(), client.hgetAll("h:none"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#both")
    void tokenLockReleasedByLuaCompareAndDelete(Target server) {
        try (RedisClient owner = RedisClient.create(server.host(), server.port());
             Jedis other = new Jedis(server.host(), server.port())) {
            assertEquals("OK", owner.set("lk:res", "token-a", SetParams.setParams().nx().px(10000)));
            assertNull(other.set("lk:res", "token-b", SetParams.setParams().nx().px(10000)));
            // A stranger's token does not release it: EVAL over RESP2.
            assertEquals(0L, other.eval(COMPARE_AND_DELETE, List.of("lk:res"), List.of("token-b")));
            assertEquals("token-a", other.get("lk:res"));
            // The owner releases with EVALSHA over RESP3 after SCRIPT LOAD.
            String sha = owner.scriptLoad(COMPARE_AND_DELETE);
            assertEquals("6bcb4f5a3e6a0e1e6cfcfc4ebee76ba3bd8a0b19".length(), sha.length());
            assertEquals(sha, other.scriptLoad(COMPARE_AND_DELETE), "SHA1 of the script bytes");
            assertEquals(List.of(true, false), owner.scriptExists(List.of(sha, "0000000000000000000000000000000000000000")));
            assertEquals(1L, owner.evalsha(sha, List.of("lk:res"), List.of("token-a")));
            assertFalse(owner.exists("lk:res"));
            assertEquals("OK", other.set("lk:res", "token-b", SetParams.setParams().nx().px(10000)));

            JedisDataException e = assertThrows(JedisDataException.class,
                    () -> owner.evalsha("ffffffffffffffffffffffffffffffffffffffff", List.of("lk:res"), List.of("x")));
            assertEquals("NOSCRIPT No matching script. Please use EVAL.", e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#both")
    void luaConversions(Target server) {
        try (RedisClient resp3 = RedisClient.create(server.host(), server.port());
             Jedis resp2 = new Jedis(server.host(), server.port())) {
            String script = "redis.call('set', KEYS[1], ARGV[1]); "
                    + "return {1, 2.9, true, false, redis.call('get', KEYS[1]), {ok='fine'}, 'x'}";
            List<Object> expected = new ArrayList<>();
            expected.add(1L);
            expected.add(2L); // numbers are truncated to integers
            expected.add(1L); // true -> 1
            expected.add(null); // false -> nil
            expected.add("v");
            expected.add("fine"); // status reply
            expected.add("x");
            assertEquals(expected, stringify(resp2.eval(script, List.of("lua:k"), List.of("v"))));
            assertEquals(expected, stringify(resp3.eval(script, List.of("lua:k"), List.of("v"))));
            JedisDataException e = assertThrows(JedisDataException.class,
                    () -> resp3.eval("return redis.call('incr', KEYS[1])", List.of("lua:k"), List.of()));
            assertTrue(e.getMessage().startsWith("ERR value is not an integer or out of range script:"),
                    e.getMessage());
            // redis.pcall hands the error to the script as a table; returned, it is an error reply again.
            e = assertThrows(JedisDataException.class,
                    () -> resp2.eval("return redis.pcall('incr', KEYS[1])", List.of("lua:k"), List.of()));
            assertEquals("ERR value is not an integer or out of range", e.getMessage());
            assertEquals("caught", resp3.eval(
                    "local r = redis.pcall('incr', KEYS[1]); if r['err'] then return 'caught' end return r",
                    List.of("lua:k"), List.of()));
        }
    }

    /** Jedis hands back byte[] for bulk strings inside EVAL arrays; errors as exceptions. */
    private static Object stringify(Object o) {
        if (o instanceof byte[] b) return new String(b);
        if (o instanceof JedisDataException e) return e.getMessage();
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object x : l) out.add(stringify(x));
            return out;
        }
        return o;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#both")
    void sortedSetsAsTheSeedUsesThem(Target server) {
        try (RedisClient resp3 = RedisClient.create(server.host(), server.port());
             Jedis resp2 = new Jedis(server.host(), server.port())) {
            assertEquals(1L, resp3.zadd("z:day", 1.1, "name1"));
            assertEquals(2L, resp3.zadd("z:day", Map.of("name2", 2.0, "name3", 0.5)));
            assertEquals(0L, resp3.zadd("z:day", 3.25, "name2"));
            List<Tuple> expected = List.of(new Tuple("name3", 0.5));
            assertEquals(expected, resp3.zrangeByScoreWithScores("z:day", 0, 10, 0, 1));
            assertEquals(expected, resp2.zrangeByScoreWithScores("z:day", 0, 10, 0, 1));
            assertEquals(List.of(new Tuple("name1", 1.1), new Tuple("name2", 3.25)),
                    resp2.zrangeByScoreWithScores("z:day", "(0.5", "+inf"));
            List<Tuple> desc = List.of(new Tuple("name2", 3.25), new Tuple("name1", 1.1), new Tuple("name3", 0.5));
            assertEquals(desc, resp3.zrevrangeWithScores("z:day", 0, -1));
            assertEquals(desc, resp2.zrevrangeWithScores("z:day", 0, -1));
            assertEquals(1.1, resp3.zscore("z:day", "name1"));
            assertEquals(3L, resp2.zcard("z:day"));
            assertEquals(1L, resp2.zrem("z:day", "name3"));
            assertEquals(List.of("name1"), resp3.zrangeByScore("z:day", "-inf", "2"));
        }
    }

    static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#both")
    void lists(Target server) {
        try (RedisClient resp3 = RedisClient.create(server.host(), server.port());
             Jedis resp2 = new Jedis(server.host(), server.port())) {
            assertEquals(3L, resp3.rpush("l:a", "b", "c", "d"));
            assertEquals(5L, resp2.lpush("l:a", "a", "z")); // z a b c d
            assertEquals(List.of("z", "a", "b", "c", "d"), resp2.lrange("l:a", 0, -1));
            assertEquals(List.of("c", "d"), resp3.lrange("l:a", -2, 100));
            assertEquals(List.of(), resp3.lrange("l:a", 4, 2));
            assertEquals(0L, resp2.lpushx("l:none", "x"));
            assertEquals(6L, resp2.rpushx("l:a", "b"));   // z a b c d b
            assertEquals("b", resp2.lindex("l:a", -1));
            assertNull(resp3.lindex("l:a", 6));
            assertEquals("OK", resp3.lset("l:a", 0, "y"));
            JedisDataException e = assertThrows(JedisDataException.class, () -> resp2.lset("l:a", 6, "x"));
            assertEquals("ERR index out of range", e.getMessage());
            e = assertThrows(JedisDataException.class, () -> resp3.lset("l:none", 0, "x"));
            assertEquals("ERR no such key", e.getMessage());
            assertEquals(7L, resp2.linsert("l:a", ListPosition.BEFORE, "c", "b2")); // y a b b2 c d b
            assertEquals(-1L, resp3.linsert("l:a", ListPosition.AFTER, "nope", "x"));
            assertEquals(0L, resp3.linsert("l:none", ListPosition.AFTER, "a", "x"));
            assertEquals(2L, resp2.lpos("l:a", "b"));
            assertEquals(6L, resp3.lpos("l:a", "b", LPosParams.lPosParams().rank(-1)));
            assertEquals(List.of(2L, 6L), resp2.lpos("l:a", "b", LPosParams.lPosParams(), 0));
            assertEquals(List.of(2L), resp3.lpos("l:a", "b", LPosParams.lPosParams().maxlen(5), 0));
            assertNull(resp2.lpos("l:a", "nope"));
            e = assertThrows(JedisDataException.class, () -> resp2.lpos("l:a", "b", LPosParams.lPosParams().rank(0)));
            assertTrue(e.getMessage().startsWith("ERR RANK can't be zero"), e.getMessage());
            assertEquals(1L, resp2.lrem("l:a", -1, "b"));   // y a b b2 c d
            assertEquals(6L, resp3.llen("l:a"));
            assertEquals("OK", resp2.ltrim("l:a", 1, -2));   // a b b2 c
            assertEquals(List.of("a", "b", "b2", "c"), resp3.lrange("l:a", 0, -1));
            assertEquals(List.of("a", "b"), resp3.lpop("l:a", 2));
            assertEquals("c", resp2.rpop("l:a"));
            assertEquals("b2", resp2.lmove("l:a", "l:b", ListDirection.LEFT, ListDirection.RIGHT));
            assertFalse(resp2.exists("l:a"), "the last pop deletes the list");
            resp3.rpush("l:a", "1", "2", "3");
            assertEquals("3", resp3.rpoplpush("l:a", "l:a"), "source = destination rotates");
            assertEquals(List.of("3", "1", "2"), resp2.lrange("l:a", 0, -1));
            KeyValue<String, List<String>> popped = resp2.lmpop(ListDirection.RIGHT, 5, "l:none", "l:b", "l:a");
            assertEquals("l:b", popped.getKey());
            assertEquals(List.of("b2"), popped.getValue());
            assertNull(resp3.lmpop(ListDirection.LEFT, "l:none"));
            assertNull(resp2.lpop("l:none"));
            assertNull(resp3.lpop("l:none", 3));
            assertEquals("list", resp3.type("l:a"));
            resp2.set("l:s", "x");
            e = assertThrows(JedisDataException.class, () -> resp3.lpush("l:s", "x"));
            assertEquals(WRONGTYPE, e.getMessage());
            e = assertThrows(JedisDataException.class, () -> resp2.lmove("l:a", "l:s", ListDirection.LEFT, ListDirection.LEFT));
            assertEquals(WRONGTYPE, e.getMessage());
            assertEquals(List.of("3", "1", "2"), resp2.lrange("l:a", 0, -1), "a refused LMOVE pops nothing");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#both")
    void sets(Target server) {
        try (RedisClient resp3 = RedisClient.create(server.host(), server.port());
             Jedis resp2 = new Jedis(server.host(), server.port())) {
            assertEquals(3L, resp3.sadd("s:a", "1", "2", "3"));
            assertEquals(1L, resp2.sadd("s:a", "3", "x"));
            assertEquals(3L, resp2.sadd("s:b", "3", "x", "y"));
            assertEquals(Set.of("1", "2", "3", "x"), resp3.smembers("s:a"));
            assertEquals(Set.of("1", "2", "3", "x"), resp2.smembers("s:a"));
            assertTrue(resp2.sismember("s:a", "x"));
            assertFalse(resp3.sismember("s:a", "y"));
            assertEquals(List.of(true, false, true), resp3.smismember("s:a", "1", "y", "x"));
            assertEquals(4L, resp2.scard("s:a"));
            assertEquals(Set.of("3", "x"), resp2.sinter("s:a", "s:b"));
            assertEquals(Set.of("1", "2", "3", "x", "y"), resp3.sunion("s:a", "s:b"));
            assertEquals(Set.of("1", "2"), resp3.sdiff("s:a", "s:b"));
            assertEquals(2L, resp2.sintercard("s:a", "s:b"));
            assertEquals(1L, resp3.sintercard(1, "s:a", "s:b"));
            assertEquals(2L, resp2.sdiffstore("s:d", "s:a", "s:b"));
            assertEquals(Set.of("1", "2"), resp2.smembers("s:d"));
            assertEquals(0L, resp3.sinterstore("s:d", "s:a", "s:none"));
            assertFalse(resp3.exists("s:d"), "an empty result deletes the destination");
            assertEquals(1L, resp2.smove("s:a", "s:b", "1"));
            assertEquals(0L, resp2.smove("s:a", "s:b", "1"));
            assertEquals(1L, resp3.srem("s:a", "2", "1", "nope"), "1 moved away already");
            assertEquals(Set.of("3", "x"), resp3.spop("s:a", 10));
            assertFalse(resp2.exists("s:a"));
            assertNull(resp2.spop("s:a"));
            String drawn = resp3.srandmember("s:b");
            assertTrue(Set.of("1", "3", "x", "y").contains(drawn), drawn);
            assertEquals(Set.of("1", "3", "x", "y"), Set.copyOf(resp2.srandmember("s:b", 10)));
            assertEquals(6, resp2.srandmember("s:b", -6).size(), "a negative count may repeat members");
            assertEquals("set", resp2.type("s:b"));
            JedisDataException e = assertThrows(JedisDataException.class, () -> resp3.lpush("s:b", "x"));
            assertEquals(WRONGTYPE, e.getMessage());
            resp2.rpush("l:list", "x");
            e = assertThrows(JedisDataException.class, () -> resp2.sadd("l:list", "x"));
            assertEquals(WRONGTYPE, e.getMessage());
        }
    }

    /** Blocking pops whose timeout passes with nothing to pop: a null reply, the same on both servers. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#both")
    void blockingPopsTimeOutWithNull(Target server) {
        try (RedisClient resp3 = RedisClient.create(server.host(), server.port());
             Jedis resp2 = new Jedis(server.host(), server.port())) {
            assertNull(resp2.blpop(0.1, "b:none", "b:other"));
            assertNull(resp3.brpop(0.1, "b:none"));
            assertNull(resp2.blmove("b:none", "b:dst", ListDirection.LEFT, ListDirection.RIGHT, 0.1));
            assertNull(resp3.blmpop(0.1, ListDirection.LEFT, 2, "b:none", "b:other"));
            assertNull(resp2.brpoplpush("b:none", "b:dst", 1));
            assertFalse(resp2.exists("b:dst"));
            // An element already there is taken at once, from the first non-empty key.
            resp3.rpush("b:other", "x", "y");
            assertEquals(new KeyValue<>("b:other", "x"), resp2.blpop(0.1, "b:none", "b:other"));
            assertEquals(List.of("b:other", "y"), resp3.brpop(1, "b:none", "b:other"));
            resp3.set("b:str", "v");
            JedisDataException e = assertThrows(JedisDataException.class, () -> resp2.blpop(0.1, "b:str"));
            assertEquals(WRONGTYPE, e.getMessage());
            e = assertThrows(JedisDataException.class, () -> resp2.blpop(-1, "b:none"));
            assertEquals("ERR timeout is negative", e.getMessage());
        }
    }

    /** Each blocking command waits, blocked, until another connection pushes, and then gets that element. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#both")
    void blockingPopsAreWokenByAnotherConnectionsPush(Target server) throws Exception {
        ExecutorService threads = Executors.newSingleThreadExecutor();
        try (Jedis waiter = new Jedis(server.host(), server.port());
             RedisClient pusher = RedisClient.create(server.host(), server.port())) {
            Future<KeyValue<String, String>> blpop = threads.submit(() -> waiter.blpop(20.0, "w:a", "w:b"));
            BlockedClients.await(server, 1, blpop);
            assertEquals(1L, pusher.rpush("w:b", "1"));
            assertEquals(new KeyValue<>("w:b", "1"), blpop.get(20, TimeUnit.SECONDS));

            Future<KeyValue<String, String>> brpop = threads.submit(() -> waiter.brpop(20.0, "w:a"));
            BlockedClients.await(server, 1, brpop);
            pusher.rpush("w:a", "x", "y");
            assertEquals(new KeyValue<>("w:a", "y"), brpop.get(20, TimeUnit.SECONDS));
            assertEquals(List.of("x"), pusher.lrange("w:a", 0, -1), "only one element is served");
            pusher.del("w:a");

            Future<String> blmove = threads.submit(() ->
                    waiter.blmove("w:src", "w:dst", ListDirection.RIGHT, ListDirection.LEFT, 20));
            BlockedClients.await(server, 1, blmove);
            pusher.lpush("w:src", "job1");
            assertEquals("job1", blmove.get(20, TimeUnit.SECONDS));
            assertEquals(List.of("job1"), pusher.lrange("w:dst", 0, -1));
            assertFalse(pusher.exists("w:src"));

            Future<String> brpoplpush = threads.submit(() -> waiter.brpoplpush("w:src", "w:dst", 20));
            BlockedClients.await(server, 1, brpoplpush);
            pusher.lpush("w:src", "job2");
            assertEquals("job2", brpoplpush.get(20, TimeUnit.SECONDS));
            assertEquals(List.of("job2", "job1"), pusher.lrange("w:dst", 0, -1));

            Future<KeyValue<String, List<String>>> blmpop = threads.submit(() ->
                    waiter.blmpop(20, ListDirection.LEFT, 2, "w:m1", "w:m2"));
            BlockedClients.await(server, 1, blmpop);
            pusher.rpush("w:m2", "a", "b", "c");
            KeyValue<String, List<String>> got = blmpop.get(20, TimeUnit.SECONDS);
            assertEquals("w:m2", got.getKey());
            assertEquals(List.of("a", "b"), got.getValue());
            assertEquals(List.of("c"), pusher.lrange("w:m2", 0, -1));
            assertEquals(0L, BlockedClients.count(server));
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * The timeout of a blocked pop runs on the server's clock: on a manual-time double the pop stays
     * blocked until the test moves the clock past it; on real Redis the test sleeps that long.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#bothVirtualTime")
    void blockedPopTimesOutWhenTheServerClockPassesTheTimeout(Target server) throws Exception {
        ExecutorService threads = Executors.newSingleThreadExecutor();
        try (Jedis waiter = new Jedis(server.host(), server.port())) {
            Future<KeyValue<String, String>> blpop = threads.submit(() -> waiter.blpop(1.0, "v:none"));
            BlockedClients.await(server, 1, blpop);
            server.elapse(java.time.Duration.ofMillis(1100));
            assertNull(blpop.get(20, TimeUnit.SECONDS));
            assertEquals(0L, BlockedClients.count(server));
        } finally {
            threads.shutdownNow();
        }
    }

    /** Inside MULTI a blocking pop does not block: it answers at once, null when there is nothing. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#both")
    void blockingPopsInsideMultiAnswerAtOnce(Target server) {
        try (Jedis jedis = new Jedis(server.host(), server.port())) {
            Transaction tx = jedis.multi();
            tx.blpop(0, "m:none");
            tx.rpush("m:l", "a", "b");
            tx.brpop(0, "m:l");
            tx.blmove("m:l", "m:d", ListDirection.LEFT, ListDirection.LEFT, 0);
            tx.blmove("m:l", "m:d", ListDirection.LEFT, ListDirection.LEFT, 0);
            List<Object> result = tx.exec();
            assertEquals(5, result.size());
            assertNull(result.get(0));
            assertEquals(2L, result.get(1));
            assertEquals(List.of("m:l", "b"), result.get(2));
            assertEquals("a", result.get(3));
            assertNull(result.get(4));
            assertEquals(List.of("a"), jedis.lrange("m:d", 0, -1));
        }
    }
}
