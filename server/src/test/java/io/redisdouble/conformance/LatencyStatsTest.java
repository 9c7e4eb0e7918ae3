package io.redisdouble.conformance;

import io.redisdouble.RedisDouble;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceRedis;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * INFO latencystats and latency-tracking-info-percentiles (7.0+) against real Redis: CONFIG SET's parsing
 * (a list split at single spaces, each a strict double within [0, 100], "" for none) and errors, CONFIG
 * GET's "%f"-trimmed form, and the section's lines: one per command called since CONFIG RESETSTAT while
 * latency-tracking was on, each percentile labelled as configured. Latencies are measured, so the
 * section's digits are masked and its lines sorted (Redis walks its command table in hash order).
 */
class LatencyStatsTest {

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static String section(RawRedisClient c) {
        String r = s(c.call("INFO", "latencystats"));
        String body = r.substring(r.indexOf("\r\n") + 2);
        String[] lines = body.split("\r\n");
        String[] masked = new String[lines.length];
        for (int i = 0; i < lines.length; i++) {
            // "p99.9=12.031": the label's digits stay, the measured value's are masked
            masked[i] = lines[i].replaceAll("=[0-9]+\\.[0-9]{3}", "=N.NNN");
        }
        Arrays.sort(masked);
        return String.join("|", masked);
    }

    static List<String> transcript(RawRedisClient c) {
        List<String> out = new ArrayList<>();
        String[] values = {"0.0 50.0 100.0", "", " 50", "50 ", "50  99", "101", "-1", "-0", "abc", "nan", "inf",
                "1e1 0x10 99.99999999", "99.9 50"};
        for (String v : values) {
            out.add(v + " -> " + s(c.call("CONFIG", "SET", "latency-tracking-info-percentiles", v))
                    + s(c.call("CONFIG", "GET", "latency-tracking-info-percentiles")));
        }
        c.call("CONFIG", "RESETSTAT");
        out.add(section(c));
        c.call("SET", "a", "b");
        c.call("GET", "a");
        c.call("CLIENT", "ID");
        out.add(section(c));
        c.call("CONFIG", "SET", "latency-tracking", "no");
        c.call("CONFIG", "RESETSTAT");
        c.call("SET", "a", "b");
        out.add(section(c));
        c.call("CONFIG", "SET", "latency-tracking", "yes");
        c.call("CONFIG", "SET", "latency-tracking-info-percentiles", "");
        c.call("GET", "a");
        out.add(section(c));
        c.call("CONFIG", "SET", "latency-tracking-info-percentiles", "50 99 99.9");
        return out;
    }

    @Test
    void percentilesAreConfiguredAndShownAsRedisShowsThem() {
        for (String v : ReferenceRedis.liveVersions("LatencyStatsTest", "7.0", "7.2")) {
            List<String> expected;
            try (ReferenceRedis real = ReferenceRedis.startPrivate(v); RawRedisClient c = real.openClient()) {
                expected = transcript(c);
            }
            try (RedisDouble dbl = RedisDouble.builder().version(v).start();
                 RawRedisClient c = new RawRedisClient("127.0.0.1", dbl.port())) {
                List<String> actual = transcript(c);
                for (int i = 0; i < expected.size(); i++) assertEquals(expected.get(i), actual.get(i), v + " step " + i);
            }
        }
    }

    /** The values are hdr_histogram's: a call of a few µs is shown as its bucket's highest value (2 significant digits). */
    @Test
    void valuesAreBucketBoundsOfTheHdrHistogram() {
        try (RedisDouble dbl = RedisDouble.builder().version("7.0").start();
             RawRedisClient c = new RawRedisClient("127.0.0.1", dbl.port())) {
            c.call("CONFIG", "RESETSTAT");
            for (int i = 0; i < 50; i++) c.call("PING");
            String r = s(c.call("INFO", "latencystats"));
            int at = r.indexOf("latency_percentiles_usec_ping:");
            assertTrue(at >= 0, r);
            String line = r.substring(at, r.indexOf("\r\n", at));
            for (String part : line.substring(line.indexOf(':') + 1).split(",")) {
                double usec = Double.parseDouble(part.substring(part.indexOf('=') + 1));
                long ns = Math.round(usec * 1000);
                // the highest value equivalent to a recorded one: one less than a multiple of its bucket width
                long width = ns < 256 ? 1 : Long.highestOneBit(ns) / 128;
                assertEquals(0, (ns + 1) % width, line);
            }
        }
    }
}
