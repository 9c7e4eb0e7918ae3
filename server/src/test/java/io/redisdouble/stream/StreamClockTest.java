package io.redisdouble.stream;

import io.redisdouble.RedisDouble;
import io.redisdouble.testing.RawRedisClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Streams on the manual clock: "*" IDs take the virtual milliseconds and stay increasing when the
 * clock is set back; delivery times, idle times and XCLAIM / XAUTOCLAIM min-idle follow
 * {@code time().advance()}; a blocked XREAD times out on it. The expected values follow Redis's
 * rules (streamNextID, XPENDING's now - delivery_time, XINFO's seen-time), not the double's output.
 */
class StreamClockTest {
    private static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_000L);
    private RedisDouble redis;

    @AfterEach
    void stop() {
        if (redis != null) redis.close();
    }

    @Test
    void starIdsComeFromTheVirtualClockAndStayMonotonic() {
        redis = RedisDouble.builder().manualTime(T0).start();
        assertEquals("1700000000000-0", redis.command("XADD", "s", "*", "f", "v"));
        assertEquals("1700000000000-1", redis.command("XADD", "s", "*", "f", "v"));
        redis.time().advance(Duration.ofMillis(5));
        assertEquals("1700000000005-0", redis.command("XADD", "s", "*", "f", "v"));
        // the clock set back: the last ID's milliseconds are kept and the sequence goes on
        redis.time().set(T0.minusSeconds(60));
        assertEquals("1700000000005-1", redis.command("XADD", "s", "*", "f", "v"));
        assertEquals("1700000000005-2", redis.command("XADD", "s", "*", "f", "v"));
        redis.time().set(T0.plusMillis(6));
        assertEquals("1700000000006-0", redis.command("XADD", "s", "*", "f", "v"));
        assertEquals(6L, redis.command("XLEN", "s"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void idleTimesAndClaimsFollowTheClock() {
        redis = RedisDouble.builder().manualTime(T0).start();
        redis.command("XADD", "s", "1-0", "f", "a");
        redis.command("XADD", "s", "2-0", "f", "b");
        redis.command("XGROUP", "CREATE", "s", "g", "0");
        redis.command("XREADGROUP", "GROUP", "g", "crashed", "STREAMS", "s", ">");
        redis.time().advance(Duration.ofSeconds(30));
        List<Object> pending = (List<Object>) redis.command("XPENDING", "s", "g", "-", "+", "10");
        assertEquals(List.of(List.of("1-0", "crashed", 30_000L, 1L), List.of("2-0", "crashed", 30_000L, 1L)), pending);
        assertEquals(List.of(), redis.command("XPENDING", "s", "g", "IDLE", "30001", "-", "+", "10"));
        // not idle long enough yet: nothing claimed
        assertEquals(List.of(), redis.command("XCLAIM", "s", "g", "rescuer", "30001", "1-0", "JUSTID"));
        redis.time().advance(Duration.ofMillis(1));
        assertEquals(List.of("1-0"), redis.command("XCLAIM", "s", "g", "rescuer", "30001", "1-0", "JUSTID"));
        List<Object> auto = (List<Object>) redis.command("XAUTOCLAIM", "s", "g", "rescuer", "30001", "0");
        assertEquals("0-0", auto.get(0));
        assertEquals(List.of(List.of("2-0", List.of("f", "b"))), auto.get(1));
        redis.time().advance(Duration.ofMillis(250));
        List<Object> after = (List<Object>) redis.command("XPENDING", "s", "g", "-", "+", "10");
        // XCLAIM ... JUSTID keeps the delivery count, XAUTOCLAIM without JUSTID increments it
        assertEquals(List.of(List.of("1-0", "rescuer", 250L, 1L), List.of("2-0", "rescuer", 250L, 2L)), after);
        // XCLAIM IDLE sets the delivery time back; TIME sets it absolutely
        redis.command("XCLAIM", "s", "g", "rescuer", "0", "1-0", "IDLE", "5000", "JUSTID");
        redis.command("XCLAIM", "s", "g", "rescuer", "0", "2-0", "TIME", String.valueOf(T0.toEpochMilli()), "JUSTID");
        List<Object> set = (List<Object>) redis.command("XPENDING", "s", "g", "-", "+", "10");
        assertEquals(5000L, ((List<Object>) set.get(0)).get(2));
        assertEquals(30_251L, ((List<Object>) set.get(1)).get(2));
        // the consumers' idle: since their last XREADGROUP / XCLAIM / XAUTOCLAIM
        redis.time().advance(Duration.ofSeconds(1));
        List<Object> consumers = (List<Object>) redis.command("XINFO", "CONSUMERS", "s", "g");
        Map<String, Object> crashed = (Map<String, Object>) consumers.get(0);
        Map<String, Object> rescuer = (Map<String, Object>) consumers.get(1);
        assertEquals("crashed", crashed.get("name"));
        assertEquals(0L, crashed.get("pending"));
        assertEquals(31_251L, crashed.get("idle"));
        assertEquals("rescuer", rescuer.get("name"));
        assertEquals(2L, rescuer.get("pending"));
        assertEquals(1_000L, rescuer.get("idle"));
    }

    @Test
    void blockedXreadTimesOutOnTheManualClock() {
        redis = RedisDouble.builder().manualTime(T0).start();
        try (RawRedisClient a = new RawRedisClient(redis.host(), redis.port());
                RawRedisClient w = new RawRedisClient(redis.host(), redis.port())) {
            a.sendRaw("XREAD BLOCK 1500 STREAMS s $\r\nECHO after\r\n".getBytes(StandardCharsets.US_ASCII));
            w.awaitBlockedClients(1);
            redis.time().advance(Duration.ofMillis(1499));
            w.call("PING");
            w.awaitBlockedClients(1);
            redis.time().advance(Duration.ofMillis(1));
            assertEquals("*-1\\r\\n", RawRedisClient.printable(a.readReply()));
            assertEquals("$5\\r\\nafter\\r\\n", RawRedisClient.printable(a.readReply()));
            // BLOCK 0 waits however far time moves, and XADD serves it
            a.sendRaw("XREAD BLOCK 0 STREAMS s $\r\n".getBytes(StandardCharsets.US_ASCII));
            w.awaitBlockedClients(1);
            redis.time().advance(Duration.ofDays(365));
            w.call("PING");
            w.awaitBlockedClients(1);
            w.call("XADD", "s", "7-0", "f", "v");
            assertEquals("*1\\r\\n*2\\r\\n$1\\r\\ns\\r\\n*1\\r\\n*2\\r\\n$3\\r\\n7-0\\r\\n*2\\r\\n$1\\r\\nf\\r\\n$1\\r\\nv\\r\\n",
                    RawRedisClient.printable(a.readReply()));
        }
    }

    /**
     * 7.2's consumer times: XINFO CONSUMERS "inactive" is -1 until the consumer is delivered or claims an
     * entry, then the time since; "idle" counts from its last XREADGROUP / XCLAIM / XAUTOCLAIM, even one
     * that read nothing (streamLookupConsumer + seen_time = commandTimeSnapshot()).
     */
    @Test
    @SuppressWarnings("unchecked")
    void activeAndSeenTimesIn72() {
        redis = RedisDouble.builder().version("7.2").manualTime(T0).start();
        redis.command("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
        redis.command("XREADGROUP", "GROUP", "g", "reader", "STREAMS", "s", ">");
        redis.time().advance(Duration.ofMillis(400));
        Map<String, Object> reader = (Map<String, Object>) ((List<Object>) redis.command("XINFO", "CONSUMERS", "s", "g")).get(0);
        assertEquals("reader", reader.get("name"));
        assertEquals(400L, reader.get("idle"));
        assertEquals(-1L, reader.get("inactive"));
        redis.command("XADD", "s", "1-0", "f", "v");
        redis.command("XREADGROUP", "GROUP", "g", "reader", "STREAMS", "s", ">");
        redis.time().advance(Duration.ofMillis(700));
        redis.command("XREADGROUP", "GROUP", "g", "reader", "STREAMS", "s", ">"); // nothing new: seen, not active
        redis.time().advance(Duration.ofMillis(50));
        reader = (Map<String, Object>) ((List<Object>) redis.command("XINFO", "CONSUMERS", "s", "g")).get(0);
        assertEquals(50L, reader.get("idle"));
        assertEquals(750L, reader.get("inactive"));
    }

}
