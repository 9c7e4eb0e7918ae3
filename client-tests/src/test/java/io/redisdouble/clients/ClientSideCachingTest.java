package io.redisdouble.clients;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.support.caching.CacheAccessor;
import io.lettuce.core.support.caching.CacheFrontend;
import io.lettuce.core.support.caching.ClientSideCaching;
import io.redisdouble.RedisDouble;
import io.redisdouble.testing.ReferenceRedis;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.csc.CacheConfig;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Client-side caching through real clients, unmodified, on real Redis and on redis-double (transcripts
 * compared): Lettuce's {@code ClientSideCaching} (a {@link CacheFrontend} over a map, default tracking
 * and BCAST) and Jedis's client-side cache ({@code CacheConfig}). Values are cached, invalidated when
 * another client writes (or deletes, or flushes) them, and read again.
 */
class ClientSideCachingTest {

    /** Waits (up to 5 s) for an invalidation push to reach the client's cache. */
    private static boolean eventually(BooleanSupplier condition) {
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) return false;
            LockSupport.parkNanos(1_000_000);
        }
        return true;
    }

    @Test
    void lettuceCacheFrontend() throws Exception {
        Transcript.compare(Target.both().toList(), (server, seen) -> {
            RedisClient client = RedisClient.create(RedisURI.create(server.host(), server.port()));
            try (StatefulRedisConnection<String, String> tracked = client.connect();
                 StatefulRedisConnection<String, String> other = client.connect()) {
                other.sync().set("user:1", "alice");
                other.sync().set("user:2", "bob");
                Map<String, String> cache = new ConcurrentHashMap<>();
                CacheFrontend<String, String> frontend = ClientSideCaching.enable(CacheAccessor.forMap(cache), tracked,
                        TrackingArgs.Builder.enabled());
                seen.note("get user:1", frontend.get("user:1"));
                seen.note("get user:2", frontend.get("user:2"));
                seen.note("cached", new java.util.TreeMap<>(cache));
                seen.note("trackinginfo flags", tracked.sync().clientTrackinginfo().getFlags());
                other.sync().set("user:1", "alice2");
                seen.note("user:1 invalidated", eventually(() -> !cache.containsKey("user:1")));
                seen.note("user:2 still cached", cache.containsKey("user:2"));
                seen.note("get user:1 again", frontend.get("user:1"));
                seen.note("cached", new java.util.TreeMap<>(cache));
                other.sync().del("user:2");
                seen.note("user:2 invalidated", eventually(() -> !cache.containsKey("user:2")));
                seen.note("get user:2 again", frontend.get("user:2"));
                other.sync().set("user:2", "carol");
                seen.note("get user:2 after set", frontend.get("user:2"));
                seen.note("info tracking_clients", other.sync().info("clients").contains("tracking_clients:1"));
                frontend.close();
            } finally {
                client.shutdown();
            }
        });
    }

    @Test
    void lettuceBroadcast() throws Exception {
        Transcript.compare(Target.both().toList(), (server, seen) -> {
            RedisClient client = RedisClient.create(RedisURI.create(server.host(), server.port()));
            try (StatefulRedisConnection<String, String> tracked = client.connect();
                 StatefulRedisConnection<String, String> other = client.connect()) {
                other.sync().set("cfg:a", "1");
                other.sync().set("misc", "1");
                Map<String, String> cache = new ConcurrentHashMap<>();
                CacheFrontend<String, String> frontend = ClientSideCaching.enable(CacheAccessor.forMap(cache), tracked,
                        TrackingArgs.Builder.enabled().bcast().prefixes("cfg:"));
                seen.note("get cfg:a", frontend.get("cfg:a"));
                seen.note("get misc", frontend.get("misc"));
                seen.note("trackinginfo", tracked.sync().clientTrackinginfo().getPrefixes());
                other.sync().mset(Map.of("cfg:a", "2", "cfg:b", "3"));
                seen.note("cfg:a invalidated", eventually(() -> !cache.containsKey("cfg:a")));
                seen.note("get cfg:a again", frontend.get("cfg:a"));
                other.sync().set("misc", "2");
                // not under the prefix: the cached value stays (stale), as BCAST promises nothing for it
                tracked.sync().ping(); // any push would have come before this reply
                seen.note("misc after another write", cache.get("misc"));
                frontend.close();
            } finally {
                client.shutdown();
            }
        });
    }

    /**
     * Jedis refuses client-side caching below Redis 7.4 (it reads the version from HELLO): on 7.0.15 both
     * servers make it refuse the same way.
     */
    @Test
    void jedisRefusesBefore74() throws Exception {
        Transcript.compare(Target.both().toList(), (server, seen) -> {
            DefaultJedisClientConfig config = DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP3).build();
            try (UnifiedJedis j = redis.clients.jedis.RedisClient.builder().hostAndPort(server.host(), server.port())
                    .clientConfig(config).cacheConfig(CacheConfig.builder().maxSize(100).build()).build()) {
                seen.note("get", j.get("k"));
            } catch (Exception e) {
                seen.note("refused", e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        });
    }

    /** Jedis's cache against real Redis 7.4.1 and the double emulating 7.4 (needs the 7.4.1 binary). */
    @Test
    void jedisCache74() throws Exception {
        // Jedis caches only from 7.4: the live comparison needs the 7.4.1 binary (CI has it; a folder that is
        // set but lacks it fails; elsewhere ReferenceRedis says on standard output how to run it)
        for (String v : ReferenceRedis.liveVersions("ClientSideCachingTest.jedisCache74", "7.4")) {
            ReferenceRedis real = ReferenceRedis.forVersion(v);
            real.flushAll();
            try (RedisDouble d = RedisDouble.builder().version("7.4").start()) {
                Transcript.compare(List.of(new Target("redis-double 7.4", d.host(), d.port(), d),
                        new Target("redis " + real.version(), real.host(), real.port(), null)), (server, seen) -> {
                    DefaultJedisClientConfig config = DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP3).build();
                    try (UnifiedJedis j = redis.clients.jedis.RedisClient.builder().hostAndPort(server.host(), server.port())
                            .clientConfig(config).cacheConfig(CacheConfig.builder().maxSize(100).build()).build();
                         Jedis other = new Jedis(server.host(), server.port())) {
                        other.set("price:1", "10");
                        seen.note("get", j.get("price:1"));
                        seen.note("get (cached)", j.get("price:1"));
                        seen.note("cache size", j.getCache().getSize());
                        other.set("price:1", "11");
                        // The invalidation is read when the connection is used next. Real Redis writes it
                        // to this connection just after the writer's reply (both in one beforeSleep, the
                        // writer first), so a cached GET at once may or may not see it: a PING first,
                        // whose reply comes after the push, makes the comparison deterministic.
                        j.ping();
                        seen.note("get after another client's write", j.get("price:1"));
                        seen.note("hgetall", j.hgetAll("h"));
                        other.hset("h", "f", "v");
                        j.ping();
                        seen.note("hgetall after hset", j.hgetAll("h"));
                        other.flushAll();
                        j.ping();
                        seen.note("get after flushall", j.get("price:1"));
                        seen.note("stats hits", j.getCache().getStats().getHitCount() > 0);
                    }
                });
            }
        }
    }
}
