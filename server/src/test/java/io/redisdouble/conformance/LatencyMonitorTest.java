package io.redisdouble.conformance;

import io.redisdouble.RedisDouble;
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
 * The latency monitor (latency.c) against real Redis: with latency-monitor-threshold set, a script that
 * runs past it is a "command" sample (one per second, the worst of that second); LATENCY LATEST, HISTORY,
 * GRAPH (the sparkline and its labels), DOCTOR (statistics and advice, in each version's words) and RESET
 * show them. The latencies are measured, so numbers are compared by range and the texts with their digits
 * masked; everything else byte for byte.
 */
class LatencyMonitorTest {

    /** Busy for ARGV[1] ms of the server's own clock, as a slow command is (6.2, 7.0: TIME moves during a script). */
    private static final String BUSY_TIME = "local t0 = redis.call('TIME') local start = t0[1] * 1000000 + t0[2] "
            + "repeat local t = redis.call('TIME') until t[1] * 1000000 + t[2] - start >= tonumber(ARGV[1]) * 1000 return 1";
    /** The same on the processor clock (7.4 and Valkey 8.0 have os.clock, and keep TIME still during a script). */
    private static final String BUSY_CLOCK = "local start = os.clock() "
            + "repeat local x = 0 for i = 1, 1000 do x = x + i end until (os.clock() - start) * 1000 >= tonumber(ARGV[1]) return 1";

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** The text of a bulk or verbatim reply (RESP2: "$n\r\ntext\r\n"), digits masked, huge-page advice cut. */
    private static String text(byte[] reply) {
        String r = s(reply);
        assertTrue(r.startsWith("$"), r);
        String t = r.substring(r.indexOf("\r\n") + 2, r.length() - 2);
        // Whether a process has transparent huge pages is the machine's and the process's, not the version's.
        t = t.replaceAll("- I detected a non zero amount of anonymous huge pages[^\n]*\n", "");
        return t.replaceAll("[0-9]+", "N");
    }

    private static long serverSecond(RawRedisClient c) {
        String r = s(c.call("TIME"));
        String[] lines = r.split("\r\n");
        return Long.parseLong(lines[2]);
    }

    /** The integers of a flat or nested RESP2 array, in order. */
    private static List<Long> integers(byte[] reply) {
        List<Long> out = new ArrayList<>();
        for (String line : s(reply).split("\r\n")) if (line.startsWith(":")) out.add(Long.parseLong(line.substring(1)));
        return out;
    }

    private static void quiet(RawRedisClient c) {
        c.call("LATENCY", "RESET", "fast-command");
    }

    /**
     * A command other than the two scripts ran past the threshold (a loaded machine stalled it: GC, the
     * scheduler) and became a "command" sample of its own, so the run cannot be compared: it is made
     * again on a fresh server. A real difference shows in every run.
     */
    static final class Stalled extends RuntimeException {
        Stalled(String what) {
            super(what);
        }
    }

    /** The transcript of a fresh server, made again (up to three runs in all) while stalls spoil it. */
    private static List<String> unstalled(java.util.function.Supplier<List<String>> run) {
        Stalled last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return run.get();
            } catch (Stalled e) {
                System.out.println("LatencyMonitorTest: run again, a stall added a sample: " + e.getMessage());
                last = e;
            }
        }
        throw new AssertionError("three runs in a row spoiled by stalls (or the samples differ from the two scripts): " + last.getMessage(), last);
    }

    static List<String> transcript(RawRedisClient c, String who, String busy) {
        List<String> out = new ArrayList<>();
        c.call("EVAL", busy, "0", "100"); // a first script run (compiling it) is no sample: the monitor is off
        // 300 ms: well above what a stall of a busy machine (GC, the scheduler) adds to an ordinary command
        out.add(s(c.call("CONFIG", "SET", "latency-monitor-threshold", "300")));
        out.add(s(c.call("CONFIG", "GET", "latency-monitor-threshold")));
        quiet(c);
        out.add(text(c.call("LATENCY", "DOCTOR")));
        out.add(s(c.call("EVAL", busy, "0", "400")));
        long first = serverSecond(c);
        while (serverSecond(c) == first) {
            c.call("PING"); // waits for the server's clock to reach the next second
        }
        out.add(s(c.call("EVAL", busy, "0", "1000")));

        // A fast command that a busy machine stalled past the threshold is a "fast-command" sample, on either
        // server (measured, as the rest): such a sample is dropped before each look.
        quiet(c);
        byte[] latest = c.call("LATENCY", "LATEST");
        List<Long> l = integers(latest);
        assertTrue(s(latest).startsWith("*1\r\n*4\r\n$7\r\ncommand\r\n"), who + " " + s(latest));
        byte[] history = c.call("LATENCY", "HISTORY", "command");
        List<Long> h = integers(history);
        if (!(l.get(1) >= 1000 && l.get(2).equals(l.get(1))) || !s(history).startsWith("*2\r\n")) {
            throw new Stalled(who + ": LATEST " + l + ", HISTORY " + s(history).replace("\r\n", " "));
        }
        assertTrue(h.get(0) < h.get(2) && h.get(2).equals(l.get(0)), who + " " + h + " " + l);
        assertTrue(h.get(1) >= 400 && h.get(1) < h.get(3), who + " " + h);

        // Names: HISTORY and GRAPH find an event case-sensitively, RESET case-insensitively.
        out.add(s(c.call("LATENCY", "HISTORY", "COMMAND")));
        out.add(s(c.call("LATENCY", "GRAPH", "COMMAND")));
        out.add(s(c.call("LATENCY", "GRAPH", "nosuch")));
        out.add(text(c.call("LATENCY", "GRAPH", "command")));
        quiet(c);
        out.add(text(c.call("LATENCY", "DOCTOR")));
        // 7.4 and Valkey also advise enabling the slow log when it keeps no entries.
        c.call("CONFIG", "SET", "slowlog-max-len", "0");
        quiet(c);
        out.add(text(c.call("LATENCY", "DOCTOR")));
        c.call("CONFIG", "SET", "slowlog-max-len", "128");
        c.call("CONFIG", "SET", "slowlog-log-slower-than", "-1");
        quiet(c);
        out.add(text(c.call("LATENCY", "DOCTOR")));
        c.call("CONFIG", "SET", "slowlog-log-slower-than", "10000");
        // With the monitor off again, the events it kept are still reported.
        out.add(s(c.call("CONFIG", "SET", "latency-monitor-threshold", "0")));
        quiet(c);
        out.add(text(c.call("LATENCY", "DOCTOR")));
        out.add(s(c.call("LATENCY", "RESET", "nosuch", "COMMAND")));
        quiet(c);
        out.add(s(c.call("LATENCY", "LATEST")));
        out.add(s(c.call("LATENCY", "HISTORY", "command")));
        quiet(c);
        out.add(s(c.call("LATENCY", "RESET")));
        quiet(c);
        out.add(text(c.call("LATENCY", "DOCTOR")));
        return out;
    }

    private static String busy(String version) {
        return version.equals("6.2") || version.equals("7.0") ? BUSY_TIME : BUSY_CLOCK;
    }

    @Test
    void commandSamplesAsRedisRecordsAndReportsThem() {
        for (String v : ReferenceRedis.liveVersions("LatencyMonitorTest", "7.0", "6.2", "7.4", "valkey-8.0")) {
            List<String> expected = unstalled(() -> {
                try (ReferenceRedis real = ReferenceRedis.startPrivate(v);
                     RawRedisClient c = real.openClient(Duration.ofSeconds(30))) {
                    return transcript(c, v + " real", busy(v));
                }
            });
            List<String> actual = unstalled(() -> {
                try (RedisDouble dbl = RedisDouble.builder().version(v).start();
                     RawRedisClient c = new RawRedisClient("127.0.0.1", dbl.port(), Duration.ofSeconds(30))) {
                    return transcript(c, v + " double", busy(v));
                }
            });
            for (int i = 0; i < expected.size(); i++) assertEquals(expected.get(i), actual.get(i), v + " step " + i);
        }
    }
}
