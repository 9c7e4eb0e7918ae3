package io.redisdouble.cli;

import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceRedis;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The standalone server and real redis-server 7.0.15, each a process of its own, stopped by SIGTERM or
 * SIGINT: both log that they received the signal and that they are ready to exit, in that order, and
 * exit with the same status (0).
 */
class SignalExitTest {

    /** A started server process and the lines it has printed so far. */
    record Server(Process process, List<String> log, int port) {}

    private static Server start(List<String> command, String readyLine, Pattern portIn) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> log = new CopyOnWriteArrayList<>();
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    log.add(line);
                    if (line.contains(readyLine)) {
                        ready.countDown();
                    }
                }
            } catch (IOException e) {
                log.add("(reading the log failed: " + e + ")");
            }
        }, "server-log");
        reader.setDaemon(true);
        reader.start();
        if (!ready.await(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("not ready within 30 s: " + command + "\n" + String.join("\n", log));
        }
        int port = -1;
        for (String l : portIn == null ? List.<String>of() : log) {
            Matcher m = portIn.matcher(l);
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
            }
        }
        return new Server(p, log, port);
    }

    /** Sends the signal, waits for the exit and the end of the log; returns the exit status. */
    private static int stop(Server s, String signal) throws Exception {
        try (RawRedisClient c = new RawRedisClient("127.0.0.1", s.port)) {
            assertEquals("+PONG\\r\\n", RawRedisClient.printable(c.call("PING")), "answers before the signal");
        }
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(s.process.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
        if (!s.process.waitFor(30, TimeUnit.SECONDS)) {
            s.process.destroyForcibly();
            throw new AssertionError("still running 30 s after SIG" + signal + "\n" + String.join("\n", s.log));
        }
        s.process.getInputStream().close();
        return s.process.exitValue();
    }

    /** Index of the first log line containing {@code text}, or -1. */
    private static int lineOf(List<String> log, String text) {
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = {"TERM", "INT"})
    void exitsZeroAfterItsShutdownLogLikeRedis(String signal) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path redisServer = ReferenceRedis.bundledBinary("7.0");
        Server real = start(List.of(redisServer.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no"), "Ready to accept connections", null);
        real = new Server(real.process, real.log, port);
        int realExit = stop(real, signal);

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--port", "0"));
        Server dbl = start(cmd, "Ready to accept connections", Pattern.compile("port (\\d+)"));
        int dblExit = stop(dbl, signal);

        String received = "Received SIG" + signal + " scheduling shutdown...";
        for (Server s : new Server[] {real, dbl}) {
            String all = String.join("\n", s.log);
            int got = lineOf(s.log, received);
            int ready = lineOf(s.log, "ready to exit, bye bye...");
            assertTrue(got >= 0, "no '" + received + "' in:\n" + all);
            assertTrue(ready > got, "no 'ready to exit' after it in:\n" + all);
            assertTrue(lineOf(s.log, "User requested shutdown...") > got, all);
        }
        assertEquals(0, realExit, "real redis-server's exit status");
        assertEquals(realExit, dblExit, "exit status after SIG" + signal + "\n" + String.join("\n", dbl.log));
    }
}
