package io.redisdouble.cli;

import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceRedis;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A freshly started standalone server's statistics against a freshly started redis-server: the start
 * runs no command of its own (INFO commandstats holds only the first INFO, total_commands_processed
 * does not count the INFO that shows it), and CONFIG RESETSTAT zeroes the command, connection and
 * expired-keys counts.
 */
class MainStatsTest {

    private static String field(String info, String name) {
        for (String line : info.split("\r\n")) if (line.startsWith(name + ":")) return line;
        return "no " + name;
    }

    private static String commandstats(RawRedisClient c) {
        String r = new String(c.call("INFO", "commandstats"), StandardCharsets.ISO_8859_1);
        // the names of the commands counted so far, without their measured times
        return r.substring(r.indexOf("\r\n") + 2).replaceAll("usec=[0-9]+,usec_per_call=[0-9.]+,", "");
    }

    static List<String> transcript(RawRedisClient c) {
        List<String> out = new ArrayList<>();
        out.add(commandstats(c));
        String stats = new String(c.call("INFO", "stats"), StandardCharsets.ISO_8859_1);
        out.add(field(stats, "total_commands_processed"));
        c.call("SET", "k", "v", "PX", "1");
        c.call("CONFIG", "RESETSTAT");
        stats = new String(c.call("INFO", "stats"), StandardCharsets.ISO_8859_1);
        out.add(field(stats, "total_commands_processed"));
        out.add(field(stats, "total_connections_received"));
        out.add(field(stats, "expired_keys"));
        return out;
    }

    @Test
    void theStartRunsNoCommandAndResetstatZeroesTheCounts() throws Exception {
        // redis-server started here, not through ReferenceRedis (whose start-up check sends a PING)
        int realPort = MainBadValuesTest.freePort();
        Process p = new ProcessBuilder(ReferenceRedis.bundledBinary("7.0").toString(), "--port", Integer.toString(realPort),
                "--save", "", "--appendonly", "no").redirectErrorStream(true).start();
        List<String> expected;
        try {
            java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null && !line.contains("Ready to accept connections"); ) {
                // the start-up log, until the server listens
            }
            try (RawRedisClient c = new RawRedisClient("127.0.0.1", realPort)) {
                expected = transcript(c);
            }
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        int port = MainBadValuesTest.freePort();
        CountDownLatch ready = new CountDownLatch(1);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = MainTlsTest.watching("Ready to accept connections", ready, log);
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(
                () -> Main.run(new String[] {"--port", Integer.toString(port), "--redis-version", "7.0"}, out, out));
        assertTrue(ready.await(30, TimeUnit.SECONDS), log.toString(StandardCharsets.UTF_8));
        List<String> actual;
        try (RawRedisClient c = new RawRedisClient("127.0.0.1", port)) {
            actual = transcript(c);
            c.sendRaw(RawRedisClient.encodeCommand(RawRedisClient.argv("SHUTDOWN", "NOSAVE")));
        }
        assertEquals(0, run.get(30, TimeUnit.SECONDS));
        assertEquals(expected, actual);
    }
}
