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
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.Tuple;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
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
}
