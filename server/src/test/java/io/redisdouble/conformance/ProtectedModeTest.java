package io.redisdouble.conformance;

import io.redisdouble.RedisDouble;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceRedis;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Protected mode, as Redis sees it without leaving the machine: a client connecting from 127.0.0.2 is
 * not "local" to Redis (only 127.0.0.1 and ::1 are). Each case runs on a private real Redis and on
 * redis-double configured alike, and the bytes the remote client gets, and whether it is closed, must
 * be the same.
 */
class ProtectedModeTest {


    private static String rejected(String host, int port) {
        try (RawRedisClient c = new RawRedisClient(host, port)) {
            String info = new String(c.call("INFO", "stats"), StandardCharsets.ISO_8859_1);
            int i = info.indexOf("rejected_connections:");
            return info.substring(i, info.indexOf('\r', i));
        }
    }

    @Test
    void aNonLocalClientIsRefusedWithRedisTextUntilProtectedModeIsOff() throws Exception {
        try (ReferenceRedis real = ReferenceRedis.startBundled("7.0");
             RedisDouble dbl = RedisDouble.builder().version("7.0").start()) {
            String expected = RawRedisClient.pingOnce("127.0.0.2", real.port());
            assertTrue(expected.startsWith("-DENIED Redis is running in protected mode"), expected);
            assertTrue(expected.endsWith("CLOSED"), expected);
            assertEquals(expected, RawRedisClient.pingOnce("127.0.0.2", dbl.port()));
            assertEquals(rejected(real.host(), real.port()), rejected(dbl.host(), dbl.port()));
            assertEquals("rejected_connections:1", rejected(dbl.host(), dbl.port()));

            for (String host : new String[] {"real", "double"}) {
                int port = host.equals("real") ? real.port() : dbl.port();
                try (RawRedisClient local = new RawRedisClient("127.0.0.1", port)) {
                    assertEquals("*2\r\n$14\r\nprotected-mode\r\n$3\r\nyes\r\n",
                            new String(local.call("CONFIG", "GET", "protected-mode"), StandardCharsets.US_ASCII), host);
                    assertEquals("+OK\r\n", new String(local.call("CONFIG", "SET", "protected-mode", "no"),
                            StandardCharsets.US_ASCII), host);
                }
            }
            String open = RawRedisClient.pingOnce("127.0.0.2", real.port());
            assertEquals("+PONG\\r\\n open", open);
            assertEquals(open, RawRedisClient.pingOnce("127.0.0.2", dbl.port()));
        }
    }

    @Test
    void aPasswordLiftsProtectedMode() throws Exception {
        try (ReferenceRedis real = ReferenceRedis.startBundled("7.0", "--requirepass", "pw");
             RedisDouble dbl = RedisDouble.builder().version("7.0").requirepass("pw").start()) {
            String expected = RawRedisClient.pingOnce("127.0.0.2", real.port());
            assertTrue(expected.startsWith("-NOAUTH"), expected);
            assertEquals(expected, RawRedisClient.pingOnce("127.0.0.2", dbl.port()));
        }
    }

    @Test
    void from72OnEvery127AddressIsLocal() throws Exception {
        // 7.2, 8.0 and Valkey 8.0 take any 127.x address for a local one (LOOPBACK_IS_127_NETWORK): compared live
        // where their binaries are; the doubles are checked either way.
        java.util.List<String> live = ReferenceRedis.liveVersions("ProtectedModeTest", "7.2", "8.0", "valkey-8.0");
        for (String v : new String[] {"7.2", "8.0", "valkey-8.0"}) {
            try (RedisDouble dbl = RedisDouble.builder().dialect(io.redisdouble.dialect.Dialect.defined(v)).start()) {
                String expected = live.contains(v) ? RawRedisClient.pingOnce("127.0.0.2", ReferenceRedis.forVersion(v).port()) : "+PONG\\r\\n open";
                assertEquals("+PONG\\r\\n open", expected, v);
                assertEquals(expected, RawRedisClient.pingOnce("127.0.0.2", dbl.port()), v);
            }
        }
    }

    @Test
    void redis62RefusesOnlyWithoutABindAddress() throws Exception {
        // Both listen on an explicit bind address (127.0.0.1): 6.2 lets the remote client in.
        try (ReferenceRedis real = ReferenceRedis.startBundled("6.2");
             RedisDouble dbl = RedisDouble.builder().version("6.2").bind("127.0.0.1").start()) {
            String expected = RawRedisClient.pingOnce("127.0.0.2", real.port());
            assertEquals("+PONG\\r\\n open", expected);
            assertEquals(expected, RawRedisClient.pingOnce("127.0.0.2", dbl.port()));
        }
    }
}
