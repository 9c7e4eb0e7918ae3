package io.redisdouble.command;

import io.redisdouble.RedisDouble;
import io.redisdouble.dialect.Dialect;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceRedis;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The clock inside a script and inside MULTI/EXEC ({@code Quirk.COMMAND_TIME_SNAPSHOT}), compared with
 * each real server: the same transcript from the real server and from the double of its dialect.
 * 7.2 and later (Valkey 8.0 too) answer TIME, TTLs and relative expiries from the instant the EVAL /
 * EXEC started; 6.2 and 7.0 freeze only key expiry there and read the clock for the rest.
 */
class CommandTimeSnapshotTest {
    private static final String[] VERSIONS = {"6.2", "7.0", "7.2", "7.4", "8.0", "valkey-8.0"};

    /** Real time that a busy loop inside the script must take (measured outside, with TIME). */
    private static final long BUSY_MICROS = 350_000;

    private static String str(byte[] reply) {
        return new String(reply, StandardCharsets.ISO_8859_1);
    }

    private static long timeMicros(RawRedisClient c) {
        String[] parts = str(c.call("TIME")).split("\r\n");
        return Long.parseLong(parts[2]) * 1_000_000L + Long.parseLong(parts[4]);
    }

    /**
     * The PTTL of a key given PX 60000 after the busy loop, read right after the script: counted from the
     * loop's end (about 60000 left) or from the script's start (the loop's time less).
     */
    private static String deadlineBase(byte[] pttl, long tookMicros) {
        String s = str(pttl);
        if (!s.startsWith(":")) return s;
        long left = Long.parseLong(s.substring(1, s.length() - 2));
        return left > 60000 - tookMicros / 2000 ? "from-end" : left > 0 ? "from-start" : s;
    }

    /**
     * One script: a key set PX 50 before a busy loop of {@code n} iterations, read after it (expiry is
     * frozen everywhere; its PTTL is 50 or 0), TIME before and after (equal or not), then keys given PX 60000
     * by SET and PEXPIRE after the loop (their deadline counted from the
     * loop's end, or from the script's start; k4 by RESTORE with a TTL). The loop grows until it takes {@link #BUSY_MICROS} of real time.
     */
    static List<String> scriptTranscript(int port) {
        List<String> out = new ArrayList<>();
        String script = "redis.call('set','k','v','px',50) local a=redis.call('time') "
                + "for i=1,tonumber(ARGV[1]) do end local b=redis.call('time') "
                + "redis.call('set','k2','v','px',60000) redis.call('set','k3','v') redis.call('pexpire','k3',60000) "
                + "redis.call('restore','k4',60000,redis.call('dump','k3'),'replace') "
                + "return {redis.call('get','k'), redis.call('exists','k'), redis.call('pttl','k'), "
                + "(a[1]==b[1] and a[2]==b[2]) and 'time-frozen' or 'time-moved'}";
        try (RawRedisClient c = new RawRedisClient("127.0.0.1", port, Duration.ofSeconds(60))) {
            c.call("FLUSHALL");
            long n = 2_000_000;
            for (int attempt = 0; ; attempt++) {
                long t0 = timeMicros(c);
                byte[] reply = c.call("EVAL", script, "0", Long.toString(n));
                byte[] k2 = c.call("PTTL", "k2"), k3 = c.call("PTTL", "k3"), k4 = c.call("PTTL", "k4");
                long took = timeMicros(c) - t0;
                if (took >= BUSY_MICROS) {
                    out.add(str(reply));
                    out.add("k2 " + deadlineBase(k2, took));
                    out.add("k3 " + deadlineBase(k3, took));
                    out.add("k4 " + deadlineBase(k4, took));
                    out.add("k after " + str(c.call("PTTL", "k")));
                    return out;
                }
                assertTrue(attempt < 8, "the busy loop never took " + BUSY_MICROS + " µs: " + took);
                n = n * Math.min(4, 2 * BUSY_MICROS / Math.max(took, 1));
            }
        }
    }

    /**
     * A script past busy-reply-threshold (lua-time-limit 50 ms): the server serves events between its
     * slices, and TIME moves there in every dialect (7.2's afterSleep refreshes server.ustime), while a key
     * set PX 50 before the loop keeps its PTTL of 50 in 7.2 and later (cmd_time_snapshot stays) and reads
     * 0 in 6.2 and 7.0 (mstime()).
     */
    static List<String> busyScriptTranscript(int port) {
        String script = "redis.call('set','k','v','px',50) local a=redis.call('time') "
                + "for i=1,tonumber(ARGV[1]) do end local b=redis.call('time') "
                + "return {redis.call('get','k'), redis.call('pttl','k'), "
                + "(a[1]==b[1] and a[2]==b[2]) and 'time-frozen' or 'time-moved'}";
        try (RawRedisClient c = new RawRedisClient("127.0.0.1", port, Duration.ofSeconds(60))) {
            c.call("FLUSHALL");
            c.call("CONFIG", "SET", "lua-time-limit", "50");
            long n = 2_000_000;
            for (int attempt = 0; ; attempt++) {
                long t0 = timeMicros(c);
                byte[] reply = c.call("EVAL", script, "0", Long.toString(n));
                long took = timeMicros(c) - t0;
                if (took >= BUSY_MICROS) {
                    c.call("CONFIG", "SET", "lua-time-limit", "5000");
                    return List.of(str(reply));
                }
                assertTrue(attempt < 8, "the busy loop never took " + BUSY_MICROS + " µs: " + took);
                n = n * Math.min(4, 2 * BUSY_MICROS / Math.max(took, 1));
            }
        }
    }

    /** The same inside MULTI/EXEC, with a busy EVAL of {@code n} empty iterations as the slow command. */
    static List<String> execTranscript(int port) {
        try (RawRedisClient c = new RawRedisClient("127.0.0.1", port, Duration.ofSeconds(60))) {
            long n = 2_000_000;
            for (int attempt = 0; ; attempt++) {
                List<String> out = new ArrayList<>();
                c.call("FLUSHALL");
                long t0 = timeMicros(c);
                c.call("MULTI");
                for (String[] cmd : List.of(new String[] {"SET", "k", "v", "PX", "50"}, new String[] {"TIME"},
                        new String[] {"EVAL", "for i=1,tonumber(ARGV[1]) do end", "0", Long.toString(n)}, new String[] {"TIME"},
                        new String[] {"GET", "k"}, new String[] {"PTTL", "k"}, new String[] {"SET", "k2", "v", "PX", "60000"})) {
                    out.add(str(c.call(cmd)));
                }
                String[] exec = str(c.call("EXEC")).split("\r\n");
                byte[] k2 = c.call("PTTL", "k2");
                long took = timeMicros(c) - t0;
                if (took >= BUSY_MICROS) {
                    // *7, +OK, *2 $10 sec $n usec, $-1, *2 $10 sec $n usec, $1 v, :pttl, +OK
                    String t1 = exec[4] + "." + exec[6];
                    String t2 = exec[10] + "." + exec[12];
                    out.add(t1.equals(t2) ? "time-frozen" : "time-moved");
                    out.add("get " + exec[14]);
                    out.add("pttl " + exec[15]);
                    out.add("k2 " + deadlineBase(k2, took));
                    out.add("k after " + str(c.call("PTTL", "k")));
                    return out;
                }
                assertTrue(attempt < 8, "the busy EVAL never took " + BUSY_MICROS + " µs: " + took);
                n = n * Math.min(4, 2 * BUSY_MICROS / Math.max(took, 1));
            }
        }
    }

    @Test
    void scriptsAndTransactionsSeeTheClockAsEachRealServer() {
        for (String v : ReferenceRedis.liveVersions("CommandTimeSnapshotTest", VERSIONS)) {
            Dialect d = Dialect.parse(v);
            List<String> realScript, realExec, realBusy;
            try (ReferenceRedis real = ReferenceRedis.startPrivate(v)) {
                realScript = scriptTranscript(real.port());
                realExec = execTranscript(real.port());
                realBusy = busyScriptTranscript(real.port());
            }
            // Spot check that the real servers differ as the quirk says (else the comparison proves little).
            boolean snapshot = d.has(io.redisdouble.dialect.Quirk.COMMAND_TIME_SNAPSHOT);
            assertTrue(realScript.get(0).contains(snapshot ? "time-frozen" : "time-moved"), v + " " + realScript);
            assertEquals(snapshot ? "k2 from-start" : "k2 from-end", realScript.get(1), v + " " + realScript);
            assertEquals(snapshot ? "time-frozen" : "time-moved", realExec.get(7), v + " " + realExec);
            assertTrue(realBusy.get(0).contains("time-moved"), v + " " + realBusy);
            try (RedisDouble dbl = RedisDouble.builder().dialect(d).start()) {
                assertEquals(realScript, scriptTranscript(dbl.port()), v + " script");
                assertEquals(realExec, execTranscript(dbl.port()), v + " MULTI/EXEC");
                assertEquals(realBusy, busyScriptTranscript(dbl.port()), v + " busy script");
            }
        }
    }

    /**
     * The virtual clock: a test that advances time while nothing runs moves TIME between commands; a
     * script sees one instant (7.2) or the clock as it stands (6.2: the manual clock does not move on its
     * own, so both TIME readings agree there too).
     */
    @Test
    void theVirtualClockMovesBetweenScriptsOnly() {
        for (Dialect d : List.of(Dialect.REDIS_7_2, Dialect.REDIS_6_2)) {
            try (RedisDouble dbl = RedisDouble.builder().dialect(d).manualTime().start();
                 RawRedisClient c = new RawRedisClient("127.0.0.1", dbl.port())) {
                long t0 = timeMicros(c);
                c.call("SET", "k", "v", "PX", "100");
                String script = "local a=redis.call('time') local b=redis.call('time') "
                        + "return {a[1]..'.'..a[2], b[1]..'.'..b[2], redis.call('pttl','k')}";
                String first = str(c.call("EVAL", script, "0"));
                String sec = Long.toString(t0 / 1_000_000L), usec = Long.toString(t0 % 1_000_000L);
                String at = sec + "." + usec;
                assertEquals("*3\r\n$" + at.length() + "\r\n" + at + "\r\n$" + at.length() + "\r\n" + at + "\r\n:100\r\n", first, d.toString());
                dbl.time().advance(Duration.ofMillis(60));
                assertEquals(t0 + 60_000, timeMicros(c), d.toString());
                String later = str(c.call("EVAL", script, "0"));
                assertTrue(later.endsWith(":40\r\n"), d + " " + later);
                dbl.time().advance(Duration.ofMillis(40));
                assertEquals("$-1\r\n", str(c.call("GET", "k")), d.toString());
            }
        }
    }
}
