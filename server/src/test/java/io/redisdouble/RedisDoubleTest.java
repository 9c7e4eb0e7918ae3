package io.redisdouble;

import io.redisdouble.testing.RawRedisClient;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded API: start, direct API through the engine, virtual time, configuration. */
class RedisDoubleTest {
    private static String call(RedisDouble r, String... argv) {
        try (RawRedisClient c = new RawRedisClient(r.host(), r.port())) {
            return new String(c.call(argv), StandardCharsets.UTF_8);
        }
    }

    @Test
    void startsOnAFreePortAndAnswersPing() {
        try (RedisDouble a = RedisDouble.start(); RedisDouble b = RedisDouble.start()) {
            assertTrue(a.port() > 0 && b.port() > 0 && a.port() != b.port());
            assertEquals("+PONG\r\n", call(a, "PING"));
        }
    }

    @Test
    void directApiAndClientsSeeTheSameData() {
        try (RedisDouble r = RedisDouble.builder().manualTime(Instant.parse("2030-01-01T00:00:00Z")).start()) {
            r.set("seeded", "v1");
            assertEquals("$2\r\nv1\r\n", call(r, "GET", "seeded"));
            call(r, "SET", "from-client", "v2", "EX", "100");
            assertEquals("v2", r.get("from-client"));
            assertEquals(Duration.ofSeconds(100), r.ttl("from-client"));
            assertNull(r.ttl("seeded"));
            assertEquals(List.of("from-client", "seeded"), r.keys("*"));
            assertEquals(Map.of("from-client", "string", "seeded", "string"), r.dump());
            assertEquals(1L, r.del("seeded"));
            RedisDoubleException e = assertThrows(RedisDoubleException.class, () -> r.command("INCR", "from-client"));
            assertEquals("ERR value is not an integer or out of range", e.getMessage());
        }
    }

    @Test
    void manualTimeNeverMovesByItselfAndAdvanceExpiresAtOnce() {
        try (RedisDouble r = RedisDouble.builder().manualTime().start()) {
            r.set("lock", "token", Duration.ofSeconds(60));
            Instant t0 = r.time().now();
            assertEquals(t0, r.time().now());
            assertEquals(60000L, r.pttl("lock"));
            r.time().advance(Duration.ofSeconds(59));
            assertEquals(":1\r\n", call(r, "EXISTS", "lock"));
            r.time().advance(Duration.ofSeconds(2));
            // The key is reclaimed by advance() itself, not only hidden from lookups.
            assertEquals(0L, (Long) r.command("DBSIZE"));
            assertEquals("$-1\r\n", call(r, "GET", "lock"));
            assertThrows(IllegalArgumentException.class, () -> r.time().advance(Duration.ofSeconds(-1)));
        }
    }

    @Test
    void flowingTimeCanBeAdvancedToo() {
        try (RedisDouble r = RedisDouble.start()) {
            assertFalse(r.time().isManual());
            r.set("k", "v", Duration.ofSeconds(30));
            r.time().advance(Duration.ofSeconds(31));
            assertFalse(r.exists("k"));
        }
    }

    @Test
    void directApiIsSafeFromManyThreads() throws Exception {
        try (RedisDouble r = RedisDouble.start()) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> fs = new java.util.ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    fs.add(pool.submit(() -> {
                        for (int i = 0; i < 500; i++) r.command("INCR", "counter");
                    }));
                }
                for (Future<?> f : fs) f.get(30, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }
            assertEquals("2000", r.get("counter"));
        }
    }

    @Test
    void requirepassAndVersionAreApplied() {
        try (RedisDouble r = RedisDouble.builder().requirepass("secret").version("6.2").start()) {
            assertEquals("-NOAUTH Authentication required.\r\n", call(r, "GET", "k"));
            assertEquals("6.2.7", r.dialect().full());
            r.set("k", "direct API needs no AUTH");
            assertEquals("direct API needs no AUTH", r.get("k"));
        }
    }
}
