package io.redisdouble.conformance;

import io.redisdouble.RedisDouble;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceRedis;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code timeout} (issue #15 item 9): idle clients are closed, blocked clients and subscribers are not
 * (timeout.c clientsCronHandleTimeout). Real Redis takes real seconds; the double follows its own
 * clock, so a manual clock advanced past the timeout closes idle clients at once.
 */
class IdleTimeoutTest {

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /**
     * Sets timeout 1, then makes an idle client, a subscriber, a client blocked in BZPOPMIN 0, and a
     * client in MULTI; {@code elapse} lets 3 s pass (idle > 1 in whole seconds for sure). Returns what
     * each of them sees afterwards.
     */
    static List<String> transcript(int port, Runnable elapse) {
        List<String> out = new ArrayList<>();
        try (RawRedisClient admin = new RawRedisClient("127.0.0.1", port);
             RawRedisClient idle = new RawRedisClient("127.0.0.1", port);
             RawRedisClient sub = new RawRedisClient("127.0.0.1", port);
             RawRedisClient blocked = new RawRedisClient("127.0.0.1", port);
             RawRedisClient multi = new RawRedisClient("127.0.0.1", port)) {
            out.add(s(admin.call("CONFIG", "SET", "timeout", "1")));
            out.add(s(admin.call("CONFIG", "GET", "timeout")));
            out.add(s(idle.call("PING")));
            out.add(s(sub.call("SUBSCRIBE", "ch")));
            out.add(s(multi.call("MULTI")));
            blocked.sendRaw(RawRedisClient.encodeCommand(RawRedisClient.argv("BZPOPMIN", "z", "0")));
            out.add(s(admin.call("CONFIG", "SET", "timeout", "1"))); // the BZPOPMIN has been read
            elapse.run();
            out.add("idle closed: " + idle.isClosedByPeer(Duration.ofSeconds(10)));
            out.add("multi closed: " + multi.isClosedByPeer(Duration.ofSeconds(5)));
            // The admin client was idle as long: it is closed too; a new one checks the survivors.
            out.add("admin closed: " + admin.isClosedByPeer(Duration.ofSeconds(5)));
            try (RawRedisClient other = new RawRedisClient("127.0.0.1", port)) {
                out.add(s(other.call("PUBLISH", "ch", "hello")));
                out.add(s(sub.readReply()));
                out.add(s(other.call("ZADD", "z", "1", "m")));
                out.add(s(blocked.readReply()));
                out.add(s(other.call("CONFIG", "SET", "timeout", "0")));
                out.add(s(other.call("DEL", "z")));
            }
        }
        return out;
    }

    @Test
    void idleClientsAreClosedButNotBlockedOnesNorSubscribers() throws Exception {
        try (ReferenceRedis real = ReferenceRedis.startBundled("7.0");
             RedisDouble dbl = RedisDouble.builder().version("7.0").manualTime().start()) {
            List<String> expected = transcript(real.port(), () -> sleep(3000));
            assertEquals("idle closed: true", expected.get(6), expected.toString());
            assertEquals("multi closed: true", expected.get(7), expected.toString());
            assertEquals(expected, transcript(dbl.port(), () -> dbl.time().advance(Duration.ofSeconds(3))));
        }
    }

    @Test
    void redis62Alike() throws Exception {
        try (ReferenceRedis real = ReferenceRedis.startBundled("6.2");
             RedisDouble dbl = RedisDouble.builder().version("6.2").manualTime().start()) {
            List<String> expected = transcript(real.port(), () -> sleep(3000));
            assertEquals(expected, transcript(dbl.port(), () -> dbl.time().advance(Duration.ofSeconds(3))));
        }
    }

    /** Idle means more than N whole seconds: N seconds exactly is not enough, on the virtual clock. */
    @Test
    void theTimeoutCountsWholeSecondsOfTheServerClock() {
        try (RedisDouble dbl = RedisDouble.builder().manualTime().timeout(2).start();
             RawRedisClient c = new RawRedisClient("127.0.0.1", dbl.port())) {
            assertEquals("+PONG\r\n", s(c.call("PING")));
            dbl.time().advance(Duration.ofSeconds(2));
            assertFalse(c.isClosedByPeer(Duration.ofMillis(300)));
            assertEquals("+PONG\r\n", s(c.call("PING"))); // an interaction starts the count again
            dbl.time().advance(Duration.ofSeconds(2));
            assertFalse(c.isClosedByPeer(Duration.ofMillis(300)));
            dbl.time().advance(Duration.ofSeconds(1));
            assertTrue(c.isClosedByPeer(Duration.ofSeconds(5)));
        }
    }

    /** Real time passing on the real server (the double's clock is advanced instead). */
    private static void sleep(long ms) {
        RawRedisClient.realTimePasses(ms);
    }
}
