package io.redisdouble.conformance;

import io.redisdouble.RedisDouble;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceRedis;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A SHUTDOWN that succeeds, on a private real Redis and on redis-double side by side: neither
 * answers, both close the connection and stop listening; redis-double's embedded server reports
 * itself closed (the JVM goes on). Inside MULTI, 6.2 queues SHUTDOWN and ends at EXEC without
 * answering it. (The refusals are byte-compared in conformance/server.txt.)
 */
class ShutdownTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    static java.util.stream.Stream<String> liveVersions() {
        return LiveVersions.of("ShutdownTest").stream();
    }

    /** The versions not compared live here say so (see {@link LiveVersions}). */
    @org.junit.jupiter.api.TestFactory
    java.util.stream.Stream<org.junit.jupiter.api.DynamicTest> notLive() {
        return LiveVersions.notLive("ShutdownTest").stream();
    }

    @ParameterizedTest(name = "Redis {0}: SHUTDOWN {1}")
    @org.junit.jupiter.params.provider.MethodSource("liveVersions")
    void shutdownAnswersNothingAndStopsTheServer(String version) {
        // (not SAVE: the real server would write a dump file; here SAVE succeeds as SAVE does)
        for (String[] args : new String[][] {{"SHUTDOWN"}, {"shutdown", "nosave"}}) {
            try (ReferenceRedis ref = ReferenceRedis.startPrivate(version);
                    RedisDouble dbl = RedisDouble.builder().dialect(io.redisdouble.dialect.Dialect.defined(version)).start()) {
                byte[] fromReal = stop(ref.host(), ref.port(), args);
                byte[] fromDouble = stop(dbl.host(), dbl.port(), args);
                assertArrayEquals(fromReal, fromDouble, String.join(" ", args));
                dbl.awaitClose();
                assertTrue(dbl.isClosed());
                assertFalse(accepts(dbl.host(), dbl.port()), "redis-double still listens after " + String.join(" ", args));
                assertFalse(accepts(ref.host(), ref.port()), "real Redis still listens after " + String.join(" ", args));
            }
        }
    }

    /** 6.2 queues SHUTDOWN in MULTI; EXEC then ends the server with no reply at all. */
    @ParameterizedTest(name = "Redis {0}")
    @ValueSource(strings = {"6.2"})
    void queuedShutdownEndsTheServerAtExec(String version) {
        try (ReferenceRedis ref = ReferenceRedis.startBundled(version);
                RedisDouble dbl = RedisDouble.builder().version(version).start()) {
            for (String[] hp : new String[][] {{ref.host(), Integer.toString(ref.port())}, {dbl.host(), Integer.toString(dbl.port())}}) {
                try (RawRedisClient c = new RawRedisClient(hp[0], Integer.parseInt(hp[1]))) {
                    assertEquals("+OK\r\n", text(c.call("MULTI")));
                    assertEquals("+QUEUED\r\n", text(c.call("SHUTDOWN")));
                    c.sendRaw(RawRedisClient.encodeCommand(RawRedisClient.argv("EXEC")));
                    assertTrue(c.isClosedByPeer(WAIT), "EXEC of a queued SHUTDOWN should close the connection unanswered ("
                            + hp[0] + ":" + hp[1] + (c.isClosedByPeer(Duration.ZERO) ? "" : ", got " + RawRedisClient.printable(c.readReply())) + ")");
                }
            }
            dbl.awaitClose();
            assertFalse(accepts(dbl.host(), dbl.port()));
        }
    }

    /** Sends the command and returns what came back before the server closed the connection. */
    private static byte[] stop(String host, int port, String[] args) {
        try (RawRedisClient c = new RawRedisClient(host, port)) {
            c.sendRaw(RawRedisClient.encodeCommand(RawRedisClient.argv(args)));
            if (c.isClosedByPeer(WAIT)) return new byte[0];
            return c.readReply(); // something was answered instead: the comparison shows it
        }
    }

    private static boolean accepts(String host, int port) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 500);
                if (System.nanoTime() > deadline) return true; // still accepting after the wait
            } catch (IOException refused) {
                return false;
            }
            Thread.onSpinWait();
        }
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
