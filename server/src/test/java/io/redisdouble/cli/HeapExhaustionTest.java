package io.redisdouble.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redisdouble.testing.RawRedisClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue #15 item 3: the standalone server under a small heap (-Xmx64m) is filled with 1 MB values until
 * the heap runs out. The command that cannot be stored gets an error reply, and the server goes on:
 * it answers PING on the same connection and a new one, frees memory on DEL and stores again.
 */
class HeapExhaustionTest {
    @Test
    void aCommandThatRunsOutOfHeapFailsAndTheServerGoesOn() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--port", "0").redirectErrorStream(true).start();
        try {
            int port = -1;
            BufferedReader log = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            Pattern portIn = Pattern.compile("port (\\d+)");
            for (String line; (line = log.readLine()) != null; ) {
                Matcher m = portIn.matcher(line);
                if (m.find()) port = Integer.parseInt(m.group(1));
                if (line.contains("Ready to accept connections")) break;
            }
            Thread drain = new Thread(() -> {
                try {
                    while (log.readLine() != null) { /* keep the pipe empty */ }
                } catch (java.io.IOException ignored) {
                    // the process ended
                }
            });
            drain.setDaemon(true);
            drain.start();
            assertTrue(port > 0, "no port in the log");
            String value = "x".repeat(1 << 20);
            String error = null;
            int stored = 0;
            // The heap runs out either while the request is read (an error, then the connection is
            // closed, as after a protocol error) or while the command runs (an error, the connection stays).
            RawRedisClient c = new RawRedisClient("127.0.0.1", port);
            try {
                for (int i = 0; i < 200 && error == null; i++) {
                    String reply = new String(c.call("SET", "k" + i, value + i), StandardCharsets.US_ASCII);
                    if (reply.startsWith("-")) error = reply;
                    else stored++;
                }
                assertTrue(error != null, "200 MB stored under -Xmx64m?");
                assertTrue(error.startsWith("-ERR redis-double ran out of Java heap"), error);
                assertTrue(stored > 5, "only " + stored + " values stored before the error");
                if (c.isClosedByPeer(Duration.ofMillis(300))) {
                    c.close();
                    c = new RawRedisClient("127.0.0.1", port);
                }
                assertEquals("+PONG\r\n", new String(c.call("PING"), StandardCharsets.US_ASCII));
                for (int i = 0; i < stored; i++) c.call("DEL", "k" + i);
                assertEquals("+OK\r\n", new String(c.call("SET", "again", value), StandardCharsets.US_ASCII));
            } finally {
                c.close();
            }
            try (RawRedisClient fresh = new RawRedisClient("127.0.0.1", port)) {
                assertEquals("+PONG\r\n", new String(fresh.call("PING"), StandardCharsets.US_ASCII));
                assertEquals(":1048576\r\n", new String(fresh.call("STRLEN", "again"), StandardCharsets.US_ASCII));
            }
            assertTrue(p.isAlive());
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
            p.destroyForcibly();
        }
    }
}
