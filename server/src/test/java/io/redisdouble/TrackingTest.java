package io.redisdouble;

import io.redisdouble.testing.RawRedisClient;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Client-side caching where real time or memory decide when (TrackingConformanceTest compares the rest
 * with the real servers): active expiry on virtual time, a BCAST client told of an expired key, eviction
 * under maxmemory and the tracking table's own limit (tracking-table-max-keys). The frames expected are
 * those tracking.c sends (sendTrackingMessage); which key the table limit drops is random in Redis, so
 * only the count is checked there.
 */
class TrackingTest {
    private static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String invalidate(String... keys) {
        StringBuilder sb = new StringBuilder(">2\r\n$10\r\ninvalidate\r\n*" + keys.length + "\r\n");
        for (String k : keys) sb.append('$').append(k.length()).append("\r\n").append(k).append("\r\n");
        return sb.toString();
    }

    private static String info(RawRedisClient c, String field) {
        for (String l : str(c.call("INFO")).split("\r\n")) {
            if (l.startsWith(field + ":")) return l.substring(field.length() + 1);
        }
        throw new AssertionError("no " + field);
    }

    @Test
    void activeExpiryOnVirtualTimeInvalidates() {
        try (RedisDouble r = RedisDouble.builder().version("7.0").manualTime().start();
             RawRedisClient tracked = new RawRedisClient(r.host(), r.port());
             RawRedisClient bcast = new RawRedisClient(r.host(), r.port());
             RawRedisClient writer = new RawRedisClient(r.host(), r.port())) {
            tracked.call("HELLO", "3");
            bcast.call("HELLO", "3");
            assertEquals("+OK\r\n", str(tracked.call("CLIENT", "TRACKING", "on")));
            assertEquals("+OK\r\n", str(bcast.call("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "lock:")));
            assertEquals("+OK\r\n", str(writer.call("SET", "lock:a", "t", "PX", "60000")));
            assertEquals(invalidate("lock:a"), str(bcast.readReply()));
            assertEquals("$1\r\nt\r\n", str(tracked.call("GET", "lock:a")));

            r.time().advance(Duration.ofSeconds(61)); // the active cycle expires it; nobody reads it
            assertEquals(invalidate("lock:a"), str(tracked.readReply()));
            assertEquals(invalidate("lock:a"), str(bcast.readReply()));
            assertEquals("0", info(writer, "tracking_total_keys"));
        }
    }

    @Test
    void evictionUnderMaxmemoryInvalidates() {
        try (RedisDouble r = RedisDouble.builder().version("7.0").start();
             RawRedisClient tracked = new RawRedisClient(r.host(), r.port());
             RawRedisClient writer = new RawRedisClient(r.host(), r.port())) {
            tracked.call("HELLO", "3");
            tracked.call("CLIENT", "TRACKING", "on");
            writer.call("SET", "k", "v");
            assertEquals("$1\r\nv\r\n", str(tracked.call("GET", "k")));
            writer.call("CONFIG", "SET", "maxmemory-policy", "allkeys-random");
            writer.call("CONFIG", "SET", "maxmemory", "1");
            writer.call("PING"); // performEvictions before it runs: every key goes
            assertEquals(invalidate("k"), str(tracked.readReply()));
            writer.call("CONFIG", "SET", "maxmemory", "0");
        }
    }

    @Test
    void trackingTableLimitInvalidatesKeysOverIt() {
        try (RedisDouble r = RedisDouble.builder().version("7.0").manualTime().start();
             RawRedisClient tracked = new RawRedisClient(r.host(), r.port());
             RawRedisClient other = new RawRedisClient(r.host(), r.port())) {
            tracked.call("HELLO", "3");
            tracked.call("CLIENT", "TRACKING", "on");
            tracked.call("MGET", "a", "b", "c", "d");
            assertEquals("4", info(other, "tracking_total_keys"));
            assertEquals("4", info(other, "tracking_total_items"));
            assertEquals("+OK\r\n", str(other.call("CONFIG", "SET", "tracking-table-max-keys", "2")));
            other.call("PING"); // trackingLimitUsedSlots before a command: back under the limit
            String first = str(tracked.readReply());
            String second = str(tracked.readReply());
            assertTrue(first.startsWith(">2\r\n$10\r\ninvalidate\r\n*1\r\n"), first);
            assertTrue(second.startsWith(">2\r\n$10\r\ninvalidate\r\n*1\r\n"), second);
            assertEquals("2", info(other, "tracking_total_keys"));
        }
    }
}
