package io.redisdouble.conformance;

import io.redisdouble.RedisDouble;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lua coroutines: a script that loops inside coroutines can still be killed (the server serves on,
 * as real Redis does), and coroutines cost no thread once their script is over.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a wedged server fails, not hangs
class ScriptCoroutineTest {

    /** Creates a coroutine after coroutine, each spinning until the kill reaches it. */
    private static final String SPIN_IN_COROUTINES =
            "while true do coroutine.resume(coroutine.create(function() local i=0 while true do i=i+1 end end)) end";

    /** Runs the spinning script, waits until the server says BUSY, kills it; returns the script's reply. */
    private static String killSpinningScript(String host, int port) throws Exception {
        try (RawRedisClient setup = new RawRedisClient(host, port)) {
            assertEquals("+OK\\r\\n", RawRedisClient.printable(setup.call("CONFIG", "SET", "lua-time-limit", "100")));
        }
        RawRedisClient runner = new RawRedisClient(host, port, Duration.ofSeconds(60));
        CompletableFuture<String> reply = CompletableFuture.supplyAsync(() -> {
            try (runner) {
                return RawRedisClient.printable(runner.call("EVAL", SPIN_IN_COROUTINES, "0"));
            }
        });
        try (RawRedisClient c = new RawRedisClient(host, port, Duration.ofSeconds(10))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            String ping;
            do {
                Thread.sleep(20);
                ping = RawRedisClient.printable(c.call("PING"));
            } while (!ping.startsWith("-BUSY") && System.nanoTime() < deadline);
            assertTrue(ping.startsWith("-BUSY"), "the script should make the server busy: " + ping);
            assertEquals("+OK\\r\\n", RawRedisClient.printable(c.call("SCRIPT", "KILL")));
            String got = reply.get(30, TimeUnit.SECONDS); // real Redis takes a few seconds here
            assertEquals("+PONG\\r\\n", RawRedisClient.printable(c.call("PING")), "serving again after the kill");
            return got;
        }
    }

    @Test
    void scriptKillStopsAScriptSpinningInsideCoroutinesAsRedisDoes() throws Exception {
        String expected;
        try (ReferenceRedis real = ReferenceRedis.startBundled("7.0")) {
            expected = killSpinningScript(real.host(), real.port());
        }
        String actual;
        try (RedisDouble dbl = RedisDouble.start()) {
            actual = killSpinningScript(dbl.host(), dbl.port());
        }
        assertTrue(expected.startsWith("-ERR Script killed by user with SCRIPT KILL..."), expected);
        assertEquals(expected, actual);
    }

    private static long coroutineThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("Coroutine-")).count();
    }

    @Test
    void suspendedCoroutinesCostNoThreadOnceTheScriptIsOver() throws Exception {
        try (RedisDouble dbl = RedisDouble.start();
             // 2,000 coroutines, each a thread while suspended: seconds on a busy 2-core machine
             RawRedisClient c = new RawRedisClient(dbl.host(), dbl.port(), java.time.Duration.ofSeconds(60))) {
            long before = coroutineThreads();
            String script = "local t = {} for i = 1, 2000 do local co = coroutine.create(function() coroutine.yield(i) end) "
                    + "coroutine.resume(co) t[i] = co end return #t";
            assertEquals(":2000\\r\\n", RawRedisClient.printable(c.call("EVAL", script, "0")));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (coroutineThreads() > before && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(before, coroutineThreads(), "threads of suspended coroutines left after the script");
            // Coroutines still work within a script afterwards.
            assertEquals(":3\\r\\n", RawRedisClient.printable(c.call("EVAL",
                    "local co = coroutine.wrap(function() coroutine.yield(1) coroutine.yield(2) return 3 end) "
                            + "co() co() return co()", "0")));
        }
    }
}
