package io.redisdouble.clients;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ZRangeParams;
import redis.clients.jedis.resps.Tuple;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed's sorted-set code, in Java with Jedis: a handler files messages into per-day sorted sets
 * ({@code media_auth_refresh_<yyyyMMdd>}, {@code media_auth_new_<yyyyMMdd>}) scored by timestamp; a
 * worker fetches a batch with ZRANGEBYSCORE … LIMIT and removes what it processed; a leaderboard read
 * uses ZRANGE … BYSCORE REV LIMIT. Run against redis-double and real Redis with the same assertions.
 */
class SeedWorkQueueTest {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    /** The message handler: files a message by kind and day, scored by its timestamp (seconds). */
    static final class Handler {
        private final UnifiedJedis jedis;

        Handler(UnifiedJedis jedis) {
            this.jedis = jedis;
        }

        void onMessage(String kind, String mediaId, long epochSeconds) {
            String day = LocalDate.ofEpochDay(Math.floorDiv(epochSeconds, 86400)).format(DAY);
            jedis.zadd("media_auth_" + kind + "_" + day, epochSeconds, mediaId);
        }
    }

    /** The worker: takes up to {@code batch} due items (score ≤ now), processes them, removes them. */
    static final class Worker {
        private final UnifiedJedis jedis;

        Worker(UnifiedJedis jedis) {
            this.jedis = jedis;
        }

        List<String> runOnce(String key, long now, int batch) {
            List<Tuple> due = jedis.zrangeByScoreWithScores(key, 0, now, 0, batch);
            List<String> done = new ArrayList<>();
            for (Tuple t : due) {
                done.add(t.getElement() + "@" + (long) t.getScore());
                jedis.zrem(key, t.getElement());
            }
            return done;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#both")
    void handlerFilesByDayAndWorkerDrainsInBatches(Target server) {
        try (RedisClient jedis = RedisClient.create(server.host(), server.port())) {
            long day0 = LocalDate.of(2026, 11, 26).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
            Handler handler = new Handler(jedis);
            for (int i = 0; i < 7; i++) handler.onMessage("refresh", "m" + i, day0 + 3600 - i * 60L);
            handler.onMessage("new", "n1", day0 + 10);
            handler.onMessage("refresh", "late", day0 + 86400 + 5); // the next day

            assertEquals(7L, jedis.zcard("media_auth_refresh_20261126"));
            assertEquals(1L, jedis.zcard("media_auth_new_20261126"));
            assertEquals(1L, jedis.zcard("media_auth_refresh_20261127"));

            Worker worker = new Worker(jedis);
            String key = "media_auth_refresh_20261126";
            long now = day0 + 3600 - 2 * 60; // m6..m2 are due, m1 and m0 not yet
            assertEquals(List.of("m6@" + (day0 + 3240), "m5@" + (day0 + 3300), "m4@" + (day0 + 3360)),
                    worker.runOnce(key, now, 3));
            assertEquals(List.of("m3@" + (day0 + 3420), "m2@" + (day0 + 3480)), worker.runOnce(key, now, 3));
            assertTrue(worker.runOnce(key, now, 3).isEmpty(), "nothing else is due");
            assertEquals(List.of("m1", "m0"), jedis.zrange(key, 0, -1));

            // Leaderboard-style read: newest first, by score, with LIMIT (ZRANGE … BYSCORE REV LIMIT).
            List<String> newest = jedis.zrange(key,
                    ZRangeParams.zrangeByScoreParams(day0 + 86400, 0).rev().limit(0, 1));
            assertEquals(List.of("m0"), newest);
            assertEquals(2L, jedis.zrem(key, "m0", "m1"));
            assertFalse(jedis.exists(key), "an emptied sorted set is gone");
        }
    }
}
