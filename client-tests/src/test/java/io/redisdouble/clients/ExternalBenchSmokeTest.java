package io.redisdouble.clients;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmark scripts in a smoke run (issue #17 item 5), so that they cannot rot: bench/run.sh with a
 * few thousand requests per workload, bench/memory.sh with 5,000-element data sets, bench/soak.sh for
 * 10 seconds — each against the jar this build made. Nothing is asserted about speed or memory (those
 * are measured by the full runs, recorded in bench/results); the scripts must finish, print a figure
 * for every workload and data set, and the soak must lose nothing. They need redis-benchmark and
 * redis-cli (redis-tools) and python3, which .ci/run installs: like ExternalClientsTest, this runs
 * only with -Pexternal-clients, and a missing tool is a failure.
 */
class ExternalBenchSmokeTest {
    static final Path ROOT = Path.of(System.getProperty("redisdouble.project.root", "..")).toAbsolutePath().normalize();
    static final Path JAR = ROOT.resolve("server/target/redis-double.jar");

    record Run(int exit, String output) {}

    /** The three scripts run at once (each starts its own servers on free ports): most of their time is waiting. */
    private static CompletableFuture<Run> throughput, memory, soak;

    @BeforeAll
    static void startAllThree() {
        throughput = start(List.of("bash", "bench/run.sh"), Map.of("N", "1000", "REPEATS", "1", "WARMUP", "0"), 600);
        memory = start(List.of("bash", "bench/memory.sh"), Map.of("SIZE", "5000"), 600);
        soak = start(List.of("bash", "bench/soak.sh"), Map.of("SOAK_SECONDS", "10"), 300);
    }

    private static CompletableFuture<Run> start(List<String> command, Map<String, String> env, long timeoutSeconds) {
        CompletableFuture<Run> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(run(command, env, timeoutSeconds));
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, String.join(" ", command));
        t.setDaemon(true);
        t.start();
        return f;
    }

    static Run run(List<String> command, Map<String, String> env, long timeoutSeconds) throws Exception {
        assertTrue(Files.isRegularFile(JAR), "the standalone jar is built by the server module first: " + JAR);
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("REDIS_DOUBLE_JAR", JAR.toString());
        Process p = pb.start();
        byte[][] out = new byte[1][];
        Thread reader = new Thread(() -> {
            try {
                out[0] = p.getInputStream().readAllBytes();
            } catch (IOException e) {
                out[0] = e.toString().getBytes(StandardCharsets.UTF_8);
            }
        });
        reader.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        reader.join(10_000);
        return new Run(p.isAlive() ? -1 : p.exitValue(), out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8));
    }

    @Test
    void throughputScriptRunsEveryWorkload() throws Exception {
        Run r = throughput.join();
        assertEquals(0, r.exit(), r.output());
        for (String workload : List.of("PING_INLINE -P 1", "SET -P 16", "ZRANGEBYSCORE LIMIT 0 10 (1e5) -P 16", "LPUSH -P 1",
                "SADD -P 16", "XADD * (growing stream) -P 1", "SETBIT (bit of a 1 MB bitmap) -P 16", "BITCOUNT (1 MB) -P 1",
                "PFADD (random element) -P 16", "PFCOUNT of 3 keys (1e5 each) -P 1", "GEOADD random member -P 16",
                "GEOSEARCH BYRADIUS 2 km COUNT 10 -P 1")) {
            String line = r.output().lines().filter(l -> l.startsWith(workload + " ")).findFirst().orElse(null);
            assertTrue(line != null && line.trim().matches(".*\\s[0-9.]+\\s+[0-9.]+\\s+[0-9.]+$"),
                    "a figure for " + workload + ":\n" + r.output());
        }
        assertTrue(r.output().contains("worst ratio:"), r.output());
    }

    @Test
    void memoryScriptMeasuresEveryDataSet() throws Exception {
        Run r = memory.join();
        assertEquals(0, r.exit(), r.output());
        assertEquals(5, r.output().lines().filter(l -> l.contains("live data ratio double/real:")).count(), r.output());
    }

    @Test
    void soakLosesNothing() throws Exception {
        Run r = soak.join();
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("RESULT: OK"), r.output());
    }
}
