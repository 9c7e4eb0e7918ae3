package io.redisdouble.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's standalone command maps the class-data sharing archive that the server module's build
 * writes (server/target/redis-double.jsa, from io.redisdouble.cli.CdsTraining): started as the README
 * starts it, with {@code -Xshare:on} so that a JVM that cannot use the archive refuses to start instead
 * of quietly loading everything from the jar, the server's own classes come from the archive, it
 * answers PING and exits 0 on SIGTERM. Started without the archive, the same classes come from the jar
 * (what the check tells apart). How fast either starts is measured in bench/, not here.
 */
class StandaloneStartupArchiveTest {
    private static final Path ROOT = ExternalBenchSmokeTest.ROOT;
    private static final Path JAR = ExternalBenchSmokeTest.JAR;
    private static final Path ARCHIVE = ROOT.resolve("server/target/redis-double.jsa");

    @Test
    void theReadmeCommandMapsTheArchiveTheBuildWrote() throws Exception {
        assertTrue(Files.isRegularFile(ARCHIVE), "the server module's package phase writes " + ARCHIVE
                + " (exec-maven-plugin, CdsTraining); build it with `mvn -B package -pl server -am`"
                + " and without -Dredisdouble.cds.skip=true");
        List<String> log = startPingStop(List.of("-Xshare:on", "-XX:SharedArchiveFile=server/target/redis-double.jsa"));
        for (String cls : List.of("io.redisdouble.cli.Main", "io.redisdouble.command.Engine", "io.redisdouble.net.NettyServer",
                "io.redisdouble.command.StringCommands")) {
            assertTrue(log.stream().anyMatch(l -> l.contains(" " + cls + " source: shared objects file (top)")),
                    cls + " was not mapped from the archive:\n" + String.join("\n", log.subList(0, Math.min(log.size(), 40))));
        }
    }

    @Test
    void withoutTheArchiveTheSameClassesComeFromTheJar() throws Exception {
        List<String> log = startPingStop(List.of());
        assertTrue(log.stream().anyMatch(l -> l.contains(" io.redisdouble.cli.Main source: file:")),
                "io.redisdouble.cli.Main was not loaded from the jar:\n" + String.join("\n", log.subList(0, Math.min(log.size(), 40))));
    }

    /** Runs the jar from the project's root with {@code jvmFlags}, pings it, stops it; the output up to PONG. */
    private static List<String> startPingStop(List<String> jvmFlags) throws Exception {
        assertTrue(Files.isRegularFile(JAR), "the standalone jar is built by the server module first: " + JAR);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:+UseParallelGC");
        command.addAll(jvmFlags);
        command.add("-Xlog:class+load=info");
        command.addAll(List.of("-jar", "server/target/redis-double.jar", "--port", Integer.toString(port)));
        Process p = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    if (line.endsWith("Ready to accept connections")) ready.complete(true);
                }
                ready.complete(false);
            } catch (Exception e) {
                ready.completeExceptionally(e);
            }
        }, "standalone-output");
        reader.setDaemon(true);
        reader.start();
        try {
            boolean up = ready.get(120, TimeUnit.SECONDS);
            List<String> seen;
            synchronized (lines) {
                seen = new ArrayList<>(lines);
            }
            assertTrue(up, "the server did not start (" + String.join(" ", command) + "):\n"
                    + String.join("\n", seen.subList(Math.max(0, seen.size() - 40), seen.size())));
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(30_000);
                s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                byte[] reply = s.getInputStream().readNBytes(7);
                assertEquals("+PONG\r\n", new String(reply, StandardCharsets.US_ASCII));
            }
            p.destroy(); // SIGTERM: redis-server's exit code
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the server did not stop on SIGTERM");
            assertEquals(0, p.exitValue());
            return seen;
        } finally {
            p.destroyForcibly();
        }
    }
}
