package io.redisdouble.clients;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Non-Java clients run as processes, each script against redis-double and against real Redis 7.0.15;
 * the two outputs must be identical line for line (and the scripts check the seed's expectations
 * themselves). Runs only with {@code -Pexternal-clients} (see the README, "Real clients and lock libraries"): it needs
 * {@code /usr/bin/python3} with Debian's {@code python3-redis}, {@code node} + {@code npm}, and
 * {@code redis-cli}; a missing tool is a failure, not a skip.
 */
class ExternalClientsTest {

    static final Path SCRIPTS = Path.of(System.getProperty("redisdouble.external.scripts", "src/test/external"));
    static final String PYTHON = System.getProperty("redisdouble.python", "/usr/bin/python3");
    static final Path NODE_DIR = Path.of(System.getProperty("redisdouble.external.node", "target/external-node"));
    static final long TIMEOUT_S = 90;

    record Result(int exit, String output) {}

    @BeforeAll
    static void nodeRedisInstalled() throws Exception {
        // node-redis is installed from the committed package-lock.json into target/, never committed.
        Path marker = NODE_DIR.resolve("node_modules/redis/package.json");
        Files.createDirectories(NODE_DIR);
        for (String f : List.of("package.json", "package-lock.json", "node_redis.mjs", "lists_sets_node_redis.mjs")) {
            Files.copy(SCRIPTS.resolve(f), NODE_DIR.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.exists(marker)) {
            Result r = run(NODE_DIR, null, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
            assertEquals(0, r.exit, "npm ci in " + NODE_DIR + " failed:\n" + r.output);
        }
    }

    /** redis-py 4.3 (Debian python3-redis) running the seed's code, its Lock and pipeline(). */
    @Test
    void redisPyRunsTheSeedsCode() throws Exception {
        List<String> outputs = new ArrayList<>();
        for (Target t : Target.both().toList()) {
            Result r = run(SCRIPTS, null, PYTHON, SCRIPTS.resolve("seed_redis_py.py").toString(), t.host(),
                    String.valueOf(t.port()));
            assertEquals(0, r.exit, t + ": redis-py scenario failed:\n" + r.output);
            outputs.add(r.output);
        }
        String real = outputs.get(1);
        assertTrue(real.startsWith("redis-py: '4.3."), real);
        assertTrue(real.contains("decorated run: 'done a'\n"), real);
        assertTrue(real.contains("zrangebyscore my-key: [(b'name1', 1.1)]\n"), real);
        assertTrue(real.endsWith("done\n"), real);
        assertEquals(real, outputs.get(0), "redis-double vs real Redis");
    }

    /** redis-py: lists as a job queue, blocking pops timing out and woken by another connection, sets. */
    @Test
    void redisPyListsAndSets() throws Exception {
        List<String> outputs = new ArrayList<>();
        for (Target t : Target.both().toList()) {
            Result r = run(SCRIPTS, null, PYTHON, SCRIPTS.resolve("lists_sets_redis_py.py").toString(), t.host(),
                    String.valueOf(t.port()));
            assertEquals(0, r.exit, t + ": redis-py lists/sets scenario failed:\n" + r.output);
            outputs.add(r.output);
        }
        String real = outputs.get(1);
        assertTrue(real.contains("blmove woken: b'job-1'\n"), real);
        assertTrue(real.contains("blpop timeout: None\n"), real);
        assertTrue(real.endsWith("done\n"), real);
        assertEquals(real, outputs.get(0), "redis-double vs real Redis");
    }

    /**
     * redis-py streams: an outbox relay through a consumer group, a crashed worker's messages claimed once
     * idle (XPENDING IDLE, XAUTOCLAIM, XCLAIM IDLE/TIME/RETRYCOUNT/FORCE/JUSTID), blocking XREAD /
     * XREADGROUP woken by a producer, MAXLEN/MINID trimming, XINFO STREAM/GROUPS/CONSUMERS.
     */
    @Test
    void redisPyStreams() throws Exception {
        List<String> outputs = new ArrayList<>();
        for (Target t : Target.both().toList()) {
            Result r = run(SCRIPTS, null, PYTHON, SCRIPTS.resolve("streams_redis_py.py").toString(), t.host(),
                    String.valueOf(t.port()));
            assertEquals(0, r.exit, t + ": redis-py streams scenario failed:\n" + r.output);
            outputs.add(r.output);
        }
        String real = outputs.get(1);
        assertTrue(real.contains("publish failed: b'<id2>'\n"), real);
        assertTrue(real.contains("stale: (b'<id"), real);
        assertTrue(real.contains("xreadgroup woken: [[b'jobs', [(b'<id"), real);
        assertTrue(real.endsWith("done\n"), real);
        assertEquals(real, outputs.get(0), "redis-double vs real Redis");
    }

    /** node-redis: the same kinds of list, blocking and set calls over RESP3. */
    @Test
    void nodeRedisListsAndSets() throws Exception {
        List<String> outputs = new ArrayList<>();
        for (Target t : Target.both().toList()) {
            Result r = run(NODE_DIR, null, "node", "lists_sets_node_redis.mjs", t.host(), String.valueOf(t.port()));
            assertEquals(0, r.exit, t + ": node-redis lists/sets scenario failed:\n" + r.output);
            outputs.add(r.output);
        }
        String real = outputs.get(1);
        assertTrue(real.contains("blmove woken: \"job-1\"\n"), real);
        assertTrue(real.contains("blpop timeout: null\n"), real);
        assertTrue(real.endsWith("done\n"), real);
        assertEquals(real, outputs.get(0), "redis-double vs real Redis");
    }

    /** node-redis 6 with its default RESP3 handshake. */
    @Test
    void nodeRedisWithResp3() throws Exception {
        List<String> outputs = new ArrayList<>();
        for (Target t : Target.both().toList()) {
            Result r = run(NODE_DIR, null, "node", "node_redis.mjs", t.host(), String.valueOf(t.port()));
            assertEquals(0, r.exit, t + ": node-redis scenario failed:\n" + r.output);
            outputs.add(r.output);
        }
        String real = outputs.get(1);
        assertTrue(real.startsWith("node-redis: \"6."), real);
        assertTrue(real.contains("resp: 3\n"), real);
        assertTrue(real.endsWith("done\n"), real);
        assertEquals(real, outputs.get(0), "redis-double vs real Redis");
    }

    /** redis-cli (Debian redis-tools) reading commands from stdin, RESP2 and RESP3 (-3). */
    @Test
    void redisCliRespTwoAndThree() throws Exception {
        File commands = SCRIPTS.resolve("redis_cli_commands.txt").toFile();
        for (String proto : List.of("-2", "-3")) {
            List<String> outputs = new ArrayList<>();
            for (Target t : Target.both().toList()) {
                Result r = run(SCRIPTS, commands, "redis-cli", proto, "--no-raw", "-h", t.host(), "-p",
                        String.valueOf(t.port()));
                assertEquals(0, r.exit, t + ": redis-cli failed:\n" + r.output);
                outputs.add(r.output);
            }
            String real = outputs.get(1);
            assertTrue(real.startsWith("PONG\nOK\n(nil)\n(integer) 60\n"), real);
            assertEquals(real, outputs.get(0), "redis-cli " + proto + ": redis-double vs real Redis");
        }
    }

    /** Runs a process we start and wait for (killed on timeout); stdout and stderr together. */
    static Result run(Path dir, File stdin, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("external-client", ".out");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        if (stdin != null) pb.redirectInput(stdin);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command[0] + " (install it, see client-tests/"
                    + "the README, or run without -Pexternal-clients): " + e.getMessage(), e);
        }
        try {
            if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", command) + " timed out:\n" + Files.readString(log));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
