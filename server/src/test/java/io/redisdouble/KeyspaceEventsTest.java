package io.redisdouble;

import io.redisdouble.testing.RawRedisClient;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Keyspace notifications on virtual time: advancing a manual clock makes the active expiry cycle
 * reclaim due keys and publish "expired", with no client touching the key. The frames are those real
 * Redis sends for an actively expired key (KeyspaceEventsConformanceTest compares them with 7.0.15
 * and 6.2.7 on wall-clock time).
 */
class KeyspaceEventsTest {
    private static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String pmessage(char type, String channel, String message) {
        return type + "4\r\n$8\r\npmessage\r\n$12\r\n__key*@*__:*\r\n$" + channel.length() + "\r\n" + channel + "\r\n$"
                + message.length() + "\r\n" + message + "\r\n";
    }

    private static void assertExpiredOnAdvance(String version, int proto) {
        char type = proto == 3 ? '>' : '*';
        try (RedisDouble r = RedisDouble.builder().version(version).manualTime().start();
             RawRedisClient listener = new RawRedisClient(r.host(), r.port());
             RawRedisClient writer = new RawRedisClient(r.host(), r.port())) {
            if (proto == 3) listener.call("HELLO", "3");
            assertEquals("+OK\r\n", str(writer.call("CONFIG", "SET", "notify-keyspace-events", "Ex")));
            listener.call("PSUBSCRIBE", "__key*@*__:*");
            assertEquals("+OK\r\n", str(writer.call("SET", "lock", "token", "PX", "60000")));
            assertEquals("+OK\r\n", str(writer.call("SELECT", "3")));
            assertEquals("+OK\r\n", str(writer.call("SET", "other", "v", "EX", "120")));

            r.time().advance(Duration.ofSeconds(61)); // the active cycle runs at once; nobody reads the key
            assertEquals(pmessage(type, "__keyevent@0__:expired", "lock"), str(listener.readReply()));

            r.time().advance(Duration.ofSeconds(60));
            assertEquals(pmessage(type, "__keyevent@3__:expired", "other"), str(listener.readReply()));
        }
    }

    @Test
    void advancingManualTimeFiresExpiredFromActiveExpiry70() {
        assertExpiredOnAdvance("7.0", 2);
        assertExpiredOnAdvance("7.0", 3);
    }

    @Test
    void advancingManualTimeFiresExpiredFromActiveExpiry62() {
        assertExpiredOnAdvance("6.2", 2);
        assertExpiredOnAdvance("6.2", 3);
    }

    @Test
    void keyspaceChannelTooAndNothingWhenTheClassIsOff() {
        try (RedisDouble r = RedisDouble.builder().manualTime().start();
             RawRedisClient listener = new RawRedisClient(r.host(), r.port());
             RawRedisClient writer = new RawRedisClient(r.host(), r.port())) {
            listener.call("PSUBSCRIBE", "__key*@*__:*");
            writer.call("CONFIG", "SET", "notify-keyspace-events", "Kg"); // no x: expiry is silent
            writer.call("SET", "a", "1", "PX", "10");
            assertEquals(pmessage('*', "__keyspace@0__:a", "expire"), str(listener.readReply()));
            r.time().advance(Duration.ofSeconds(1));
            writer.call("CONFIG", "SET", "notify-keyspace-events", "KEx");
            writer.call("SET", "b", "1", "PX", "10");
            r.time().advance(Duration.ofSeconds(1));
            // "a" expired silently; "b" on both channels, keyspace first
            assertEquals(pmessage('*', "__keyspace@0__:b", "expired"), str(listener.readReply()));
            assertEquals(pmessage('*', "__keyevent@0__:expired", "b"), str(listener.readReply()));
            assertEquals("*2\r\n$4\r\npong\r\n$0\r\n\r\n", str(listener.call("PING")));
        }
    }
}
