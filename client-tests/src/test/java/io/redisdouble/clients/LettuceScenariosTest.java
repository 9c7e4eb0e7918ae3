package io.redisdouble.clients;

import io.lettuce.core.KeyValue;
import io.lettuce.core.LMPopArgs;
import io.lettuce.core.LMoveArgs;
import io.lettuce.core.LPosArgs;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lettuce 7 with its defaults (HELLO 3, RESP3), the same scenario against redis-double and real Redis. */
class LettuceScenariosTest {

    private final List<RedisClient> clients = new ArrayList<>();

    private StatefulRedisConnection<String, String> connect(Target server) {
        RedisClient client = RedisClient.create(server.uri());
        clients.add(client);
        return client.connect();
    }

    @AfterEach
    void shutdown() {
        for (RedisClient c : clients) c.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#both")
    void negotiatesResp3(Target server) {
        StatefulRedisConnection<String, String> conn = connect(server);
        assertEquals("PONG", conn.sync().ping());
        // CLIENT INFO shows what the handshake negotiated (7.0 has no lib-name: CLIENT SETINFO is 7.2+,
        // and Lettuce ignores its error).
        String info = conn.sync().clientInfo();
        assertTrue(info.trim().endsWith(" resp=3"), info);
        assertFalse(info.contains("lib-name"), info);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#both")
    void pipelineWithManualFlush(Target server) throws Exception {
        StatefulRedisConnection<String, String> conn = connect(server);
        RedisAsyncCommands<String, String> async = conn.async();
        conn.setAutoFlushCommands(false);
        List<RedisFuture<?>> futures = new ArrayList<>();
        futures.add(async.set("p:k", "1", SetArgs.Builder.px(60000).nx()));
        futures.add(async.incrby("p:k", 41));
        futures.add(async.hset("p:h", "f", "v"));
        futures.add(async.incr("p:h"));
        futures.add(async.get("p:k"));
        futures.add(async.exists("p:k", "p:h", "p:none"));
        conn.flushCommands();
        conn.setAutoFlushCommands(true);
        List<Object> got = new ArrayList<>();
        for (RedisFuture<?> f : futures) {
            try {
                got.add(f.get(5, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                got.add(e.getCause().getMessage());
            }
        }
        assertEquals(List.of("OK", 42L, true,
                "WRONGTYPE Operation against a key holding the wrong kind of value", "42", 2L), got);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#both")
    void transactionAndWatch(Target server) {
        RedisCommands<String, String> a = connect(server).sync();
        RedisCommands<String, String> b = connect(server).sync();
        a.set("t:text", "abc");
        assertEquals("OK", a.multi());
        assertNull(a.set("t:n", "5"));
        assertNull(a.incr("t:n"));
        assertNull(a.incr("t:text"));
        TransactionResult result = a.exec();
        assertFalse(result.wasDiscarded());
        assertEquals(3, result.size());
        assertEquals("OK", result.get(0));
        assertEquals(6L, (Long) result.get(1));
        assertInstanceOf(RedisCommandExecutionException.class, result.get(2));
        assertEquals("ERR value is not an integer or out of range", ((Exception) result.get(2)).getMessage());

        assertEquals("OK", a.watch("t:n"));
        b.incr("t:n");
        a.multi();
        a.set("t:n", "100");
        assertTrue(a.exec().wasDiscarded());
        assertEquals("7", a.get("t:n"));

        a.multi();
        a.set("t:n", "100");
        assertEquals("OK", a.discard());
        assertEquals("7", a.get("t:n"));
        RedisCommandExecutionException e = assertThrows(RedisCommandExecutionException.class, a::exec);
        assertEquals("ERR EXEC without MULTI", e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#both")
    void pubSubOverResp3Pushes(Target server) throws Exception {
        RedisClient client = RedisClient.create(server.uri());
        clients.add(client);
        StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub();
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch got = new CountDownLatch(3);
        sub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                events.add("message " + channel + " " + message);
                got.countDown();
            }

            @Override
            public void message(String pattern, String channel, String message) {
                events.add("pmessage " + pattern + " " + channel + " " + message);
                got.countDown();
            }
        });
        sub.sync().subscribe("news");
        sub.sync().psubscribe("ne*");
        // RESP3: a subscribed connection still runs ordinary commands.
        assertEquals("PONG", sub.sync().ping());
        sub.sync().set("ps:k", "v");
        assertEquals("v", sub.sync().get("ps:k"));

        RedisCommands<String, String> pub = connect(server).sync();
        assertEquals(2L, pub.publish("news", "hello"));
        assertEquals(1L, pub.publish("nest", "egg"));
        assertEquals(Map.of("news", 1L), pub.pubsubNumsub("news"));
        assertEquals(1L, pub.pubsubNumpat());
        assertTrue(got.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("message news hello", "pmessage ne* news hello", "pmessage ne* nest egg"), events);
        sub.sync().unsubscribe("news");
        sub.sync().punsubscribe("ne*");
        assertEquals(0L, pub.publish("news", "again"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#both")
    void hashesOverResp3Maps(Target server) {
        RedisCommands<String, String> cmd = connect(server).sync();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("a", "1");
        fields.put("b", "2");
        assertEquals(2L, cmd.hset("h:k", fields));
        assertEquals(Map.of("a", "1", "b", "2"), cmd.hgetall("h:k"));
        assertEquals(5L, cmd.hincrby("h:k", "a", 4));
        assertEquals(2.75, cmd.hincrbyfloat("h:k", "c", 2.75));
        assertEquals(List.of("a", "b", "c"), sorted(cmd.hkeys("h:k")));
        assertEquals(Arrays.asList("5", null), cmd.hmget("h:k", "a", "z").stream()
                .map(kv -> kv.getValueOrElse(null)).toList());
        assertEquals(3L, cmd.hlen("h:k"));
        assertEquals(1L, cmd.hstrlen("h:k", "a"));
        assertEquals(1L, cmd.hdel("h:k", "b"));
        assertTrue(cmd.hexists("h:k", "c"));
        assertEquals(Map.of(), cmd.hgetall("h:none"));
    }

    private static List<String> sorted(List<String> l) {
        List<String> out = new ArrayList<>(l);
        Collections.sort(out);
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#both")
    void tokenLockWithLuaCompareAndDelete(Target server) {
        RedisCommands<String, String> owner = connect(server).sync();
        RedisCommands<String, String> other = connect(server).sync();
        String script = JedisScenariosTest.COMPARE_AND_DELETE;
        assertEquals("OK", owner.set("lk:res", "token-a", SetArgs.Builder.nx().px(10000)));
        assertNull(other.set("lk:res", "token-b", SetArgs.Builder.nx().px(10000)));
        Long released = other.eval(script, ScriptOutputType.INTEGER, new String[] {"lk:res"}, "token-b");
        assertEquals(0L, released);
        String sha = owner.scriptLoad(script);
        assertEquals(owner.digest(script), sha);
        RedisNoScriptException e = assertThrows(RedisNoScriptException.class,
                () -> other.evalsha(owner.digest("return 1"), ScriptOutputType.INTEGER, new String[] {"lk:res"}));
        assertEquals("NOSCRIPT No matching script. Please use EVAL.", e.getMessage());
        released = owner.evalsha(sha, ScriptOutputType.INTEGER, new String[] {"lk:res"}, "token-a");
        assertEquals(1L, released);
        assertEquals(0L, owner.exists("lk:res"));
        assertEquals(List.of(true, false), owner.scriptExists(sha, owner.digest("return 1")));
        assertEquals("OK", owner.scriptFlush());
        assertEquals(List.of(false), owner.scriptExists(sha));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#both")
    void luaMultiReplyAndStatusOverResp3(Target server) {
        RedisCommands<String, String> cmd = connect(server).sync();
        List<Object> multi = cmd.eval("return {1, 'two', {3, 'four'}, 3.99}", ScriptOutputType.MULTI);
        assertEquals(List.of(1L, "two", List.of(3L, "four"), 3L), multi);
        assertEquals("OK", cmd.eval("return redis.call('set', KEYS[1], 'x')", ScriptOutputType.STATUS,
                "lua:k"));
        assertEquals(Boolean.TRUE, cmd.eval("return redis.call('exists', KEYS[1]) == 1", ScriptOutputType.BOOLEAN,
                "lua:k"));
        assertEquals("x", cmd.eval("return redis.call('get', KEYS[1])", ScriptOutputType.VALUE, "lua:k"));
        RedisCommandExecutionException e = assertThrows(RedisCommandExecutionException.class,
                () -> cmd.eval("return redis.call('hget', KEYS[1], 'f')", ScriptOutputType.VALUE, "lua:k"));
        assertTrue(e.getMessage().startsWith("WRONGTYPE Operation against a key holding the wrong kind of value"),
                e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#both")
    void sortedSetsWithResp3Doubles(Target server) {
        RedisCommands<String, String> cmd = connect(server).sync();
        assertEquals(1L, cmd.zadd("z:day", 1.1, "name1"));
        assertEquals(2L, cmd.zadd("z:day", 2.0, "name2", 0.5, "name3"));
        // ZRANGEBYSCORE z:day 0 10 WITHSCORES LIMIT 0 1
        assertEquals(List.of(ScoredValue.just(0.5, "name3")),
                cmd.zrangebyscoreWithScores("z:day", Range.create(0, 10), Limit.create(0, 1)));
        // ZREVRANGE z:day 0 -1 WITHSCORES
        assertEquals(List.of(ScoredValue.just(2.0, "name2"), ScoredValue.just(1.1, "name1"),
                ScoredValue.just(0.5, "name3")), cmd.zrevrangeWithScores("z:day", 0, -1));
        assertEquals(List.of("name1", "name2"), cmd.zrangebyscore("z:day",
                Range.from(Range.Boundary.excluding(0.5), Range.Boundary.unbounded())));
        assertEquals(3.1, cmd.zincrby("z:day", 2.0, "name1"), 1e-12);
        assertEquals(3.1, cmd.zscore("z:day", "name1"), 1e-12);
        assertEquals(2L, cmd.zrank("z:day", "name1"));
        assertEquals(ScoredValue.just(0.5, "name3"), cmd.zpopmin("z:day"));
        assertEquals(2L, cmd.zcard("z:day"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#both")
    void listsAndSets(Target server) {
        RedisCommands<String, String> c = connect(server).sync();
        assertEquals(4L, c.rpush("l:q", "a", "b", "c", "b"));
        assertEquals(5L, c.lpush("l:q", "z"));
        assertEquals(List.of("z", "a", "b", "c", "b"), c.lrange("l:q", 0, -1));
        assertEquals(4L, c.lpos("l:q", "b", LPosArgs.Builder.rank(-1)));
        assertEquals(List.of(2L, 4L), c.lpos("l:q", "b", 0));
        assertEquals(6L, c.linsert("l:q", true, "c", "c0"));
        assertEquals(2L, c.lrem("l:q", 0, "b"));
        assertEquals(List.of("z", "a", "c0", "c"), c.lrange("l:q", 0, -1));
        assertEquals("c", c.lmove("l:q", "l:q", LMoveArgs.Builder.rightLeft()));
        assertEquals("c", c.lindex("l:q", 0));
        assertEquals("OK", c.ltrim("l:q", 0, 1));
        assertEquals(List.of("c", "z"), c.lrange("l:q", 0, -1));
        KeyValue<String, List<String>> mpop = c.lmpop(LMPopArgs.Builder.right().count(5), "l:none", "l:q");
        assertEquals(KeyValue.just("l:q", List.of("z", "c")), mpop);
        assertEquals(0L, c.exists("l:q"));
        assertNull(c.lmpop(LMPopArgs.Builder.left(), "l:q"));
        RedisCommandExecutionException e = assertThrows(RedisCommandExecutionException.class,
                () -> c.lset("l:q", 0, "x"));
        assertEquals("ERR no such key", e.getMessage());

        assertEquals(3L, c.sadd("s:tags", "red", "green", "blue"));
        assertEquals(0L, c.sadd("s:tags", "red"));
        assertEquals(Set.of("red", "green", "blue"), c.smembers("s:tags"));
        assertEquals(List.of(true, false), c.smismember("s:tags", "red", "pink"));
        assertEquals(2L, c.sadd("s:other", "red", "pink"));
        assertEquals(Set.of("red"), c.sinter("s:tags", "s:other"));
        assertEquals(4L, c.sunionstore("s:all", "s:tags", "s:other"));
        assertEquals(Set.of("green", "blue"), c.sdiff("s:tags", "s:other"));
        assertEquals(1L, c.sintercard("s:tags", "s:other"));
        assertEquals(Set.of("red", "green", "blue", "pink"), c.spop("s:all", 4));
        assertEquals(0L, c.exists("s:all"));
        e = assertThrows(RedisCommandExecutionException.class, () -> c.lpush("s:tags", "x"));
        assertEquals("WRONGTYPE Operation against a key holding the wrong kind of value", e.getMessage());
    }

    /**
     * Blocking pops through Lettuce: a timeout that passes answers null; a pop sent asynchronously waits,
     * blocked, until another connection pushes (RESP3 on both connections).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#both")
    void blockingPops(Target server) throws Exception {
        RedisCommands<String, String> sync = connect(server).sync();
        RedisAsyncCommands<String, String> waiter = connect(server).async();
        assertNull(sync.blpop(0.1, "b:none"));
        assertNull(sync.brpop(0.1, "b:none", "b:other"));
        assertNull(sync.blmove("b:none", "b:dst", LMoveArgs.Builder.leftLeft(), 0.1));
        assertNull(sync.brpoplpush(0.1, "b:none", "b:dst"));
        assertNull(sync.blmpop(0.1, LMPopArgs.Builder.left().count(2), "b:none"));

        RedisFuture<KeyValue<String, String>> brpop = waiter.brpop(20, "b:jobs", "b:urgent");
        BlockedClients.await(server, 1, brpop.toCompletableFuture());
        assertEquals(2L, sync.rpush("b:urgent", "u1", "u2"));
        assertEquals(KeyValue.just("b:urgent", "u2"), brpop.get(20, TimeUnit.SECONDS));

        RedisFuture<String> blmove = waiter.blmove("b:jobs", "b:processing", LMoveArgs.Builder.rightLeft(), 20.0);
        BlockedClients.await(server, 1, blmove.toCompletableFuture());
        sync.lpush("b:jobs", "j1");
        assertEquals("j1", blmove.get(20, TimeUnit.SECONDS));
        assertEquals(List.of("j1"), sync.lrange("b:processing", 0, -1));

        RedisFuture<KeyValue<String, List<String>>> blmpop = waiter.blmpop(20.0, LMPopArgs.Builder.right().count(3),
                "b:jobs", "b:urgent");
        // b:urgent still holds u1: served at once.
        assertEquals(KeyValue.just("b:urgent", List.of("u1")), blmpop.get(20, TimeUnit.SECONDS));

        // Reactive: the same blocking pop as a Mono, completed by a push.
        reactor.core.publisher.Mono<KeyValue<String, String>> mono = connect(server).reactive().blpop(20, "b:r");
        java.util.concurrent.CompletableFuture<KeyValue<String, String>> reactive = mono.toFuture();
        BlockedClients.await(server, 1, reactive);
        sync.rpush("b:r", "r1");
        assertEquals(KeyValue.just("b:r", "r1"), reactive.get(20, TimeUnit.SECONDS));
        assertEquals(0L, BlockedClients.count(server));
    }
}
