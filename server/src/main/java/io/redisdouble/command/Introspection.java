package io.redisdouble.command;

import io.redisdouble.resp.Reply;
import io.redisdouble.util.Bytes;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's records about its own commands: the slow log (slowlog.c) and the per-command latency
 * histograms of LATENCY HISTOGRAM (latency-tracking). Fed by {@link Engine#call} after each command with
 * the time it took (measured, as INFO commandstats' usec); timestamps are the server clock's.
 */
final class Introspection {
    /** SLOWLOG_ENTRY_MAX_ARGC and SLOWLOG_ENTRY_MAX_STRING (slowlog.h). */
    static final int SLOWLOG_MAX_ARGC = 32, SLOWLOG_MAX_STRING = 128;

    record SlowlogEntry(long id, long timeSeconds, long durationMicros, byte[][] argv, String peer, byte[] name) {}

    /** Newest first, as server.slowlog. */
    private final ArrayDeque<SlowlogEntry> slowlog = new ArrayDeque<>();
    private long nextSlowlogId;

    /**
     * Per command full name: calls counted in buckets by duration, bucket k holding the calls that took
     * at most 1024·2^k ns (hdr_iter_log_init(…, 1024, 2) as fillCommandCDF walks it); 1 µs at least.
     */
    private final Map<String, long[]> histograms = new LinkedHashMap<>();

    /**
     * slowlogPushEntryIfNeeded: logs the command if slowlog-log-slower-than is not negative and the
     * command took at least that many microseconds; the log is then cut to slowlog-max-len.
     */
    void slowlogPush(long slowerThan, long maxLen, byte[][] argv, long durationMicros, long nowMillis,
                     String peer, byte[] name) {
        if (slowerThan < 0 || durationMicros < slowerThan) return;
        int argc = Math.min(argv.length, SLOWLOG_MAX_ARGC);
        byte[][] kept = new byte[argc][];
        for (int j = 0; j < argc; j++) {
            if (argc != argv.length && j == argc - 1) {
                kept[j] = Bytes.utf8("... (" + (argv.length - argc + 1) + " more arguments)");
            } else if (argv[j].length > SLOWLOG_MAX_STRING) {
                byte[] head = java.util.Arrays.copyOf(argv[j], SLOWLOG_MAX_STRING);
                byte[] tail = Bytes.utf8("... (" + (argv[j].length - SLOWLOG_MAX_STRING) + " more bytes)");
                byte[] out = java.util.Arrays.copyOf(head, head.length + tail.length);
                System.arraycopy(tail, 0, out, head.length, tail.length);
                kept[j] = out;
            } else {
                kept[j] = argv[j];
            }
        }
        slowlog.addFirst(new SlowlogEntry(nextSlowlogId++, Math.floorDiv(nowMillis, 1000), durationMicros, kept,
                peer, name == null ? new byte[0] : name));
        while (slowlog.size() > maxLen) slowlog.removeLast();
    }

    /** CONFIG SET slowlog-max-len cuts the log at once only on the next push in Redis; so do we. */
    int slowlogLen() {
        return slowlog.size();
    }

    void slowlogReset() {
        slowlog.clear();
    }

    /** The newest {@code count} entries, as SLOWLOG GET replies them. */
    Reply slowlogGet(long count) {
        List<Reply> out = new ArrayList<>();
        Iterator<SlowlogEntry> it = slowlog.iterator();
        while (count-- > 0 && it.hasNext()) {
            SlowlogEntry e = it.next();
            List<Reply> args = new ArrayList<>(e.argv().length);
            for (byte[] a : e.argv()) args.add(Reply.bulk(a));
            out.add(Reply.array(Reply.integer(e.id()), Reply.integer(e.timeSeconds()), Reply.integer(e.durationMicros()),
                    Reply.array(args), Reply.bulk(e.peer()), Reply.bulk(e.name())));
        }
        return Reply.array(out);
    }

    // ---- latency-tracking ---------------------------------------------------------------------------

    /**
     * The per-command hdr_histogram Redis keeps for INFO latencystats (hdr_init(1 ns, 1 s, 2 significant
     * figures)): the counts of its 3072 buckets, the last slot the total. A value is recorded as Redis
     * records it: the call's whole microseconds in nanoseconds, clamped to 1 ns .. 1 s.
     */
    private final Map<String, long[]> percentileCounts = new LinkedHashMap<>();
    /** hdr_histogram's layout for those bounds: 256 sub-buckets (half: 128, magnitude 7), unit magnitude 0. */
    private static final int SUB_HALF_MAGNITUDE = 7, SUB_HALF = 128, SUB_COUNT = 256, COUNTS_LEN = 24 * SUB_HALF;
    private static final long HDR_MIN = 1, HDR_MAX = 1_000_000_000L;

    private static int hdrBucket(long v) {
        int pow2ceiling = 64 - Long.numberOfLeadingZeros(v | (SUB_COUNT - 1));
        return pow2ceiling - (SUB_HALF_MAGNITUDE + 1);
    }

    private static int hdrIndex(long v) {
        int bucket = hdrBucket(v);
        int sub = (int) (v >>> bucket);
        return ((bucket + 1) << SUB_HALF_MAGNITUDE) + (sub - SUB_HALF);
    }

    private static long hdrValueAtIndex(int index) {
        int bucket = (index >> SUB_HALF_MAGNITUDE) - 1;
        int sub = (index & (SUB_HALF - 1)) + SUB_HALF;
        if (bucket < 0) {
            sub -= SUB_HALF;
            bucket = 0;
        }
        return (long) sub << bucket;
    }

    private static long hdrLowestEquivalent(long v) {
        int bucket = hdrBucket(v);
        return (v >>> bucket) << bucket;
    }

    private static long hdrHighestEquivalent(long v) {
        int bucket = hdrBucket(v);
        int sub = (int) (v >>> bucket);
        int adjusted = sub >= SUB_COUNT ? bucket + 1 : bucket;
        return hdrLowestEquivalent(v) + (1L << adjusted) - 1;
    }

    /** hdr_value_at_percentile: the highest value equivalent to the one the percentile's count reaches (0: the lowest). */
    private static long hdrValueAtPercentile(long[] counts, double percentile) {
        long total = counts[COUNTS_LEN];
        double requested = percentile < 100.0 ? percentile : 100.0;
        long atPercentile = Math.max(1, (long) ((requested / 100) * total + 0.5));
        long value = 0, sum = 0;
        for (int i = 0; i < COUNTS_LEN; i++) {
            sum += counts[i];
            if (sum >= atPercentile) {
                value = hdrValueAtIndex(i);
                break;
            }
        }
        return percentile == 0.0 ? hdrLowestEquivalent(value) : hdrHighestEquivalent(value);
    }

    /**
     * fillPercentileDistributionLatencies: "latency_percentiles_usec_&lt;command&gt;:p50=…,p99=…" for each
     * command called since the last CONFIG RESETSTAT while latency-tracking was on, each percentile
     * labelled by its trimmed "%f" and valued in µs with three decimals.
     */
    List<String> latencyPercentileLines(double[] percentiles) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, long[]> e : percentileCounts.entrySet()) {
            StringBuilder b = new StringBuilder("latency_percentiles_usec_").append(e.getKey()).append(':');
            for (int j = 0; j < percentiles.length; j++) {
                if (j > 0) b.append(',');
                double usec = hdrValueAtPercentile(e.getValue(), percentiles[j]) / 1000.0;
                b.append('p').append(ServerConfig.trimmedPercentile(percentiles[j])).append('=')
                        .append(io.redisdouble.util.RedisNumbers.printfFixed(usec, 3));
            }
            out.add(b.toString());
        }
        return out;
    }

    void recordLatency(String fullName, long durationNanos) {
        long[] counts = percentileCounts.computeIfAbsent(fullName, k -> new long[COUNTS_LEN + 1]);
        long recorded = Math.min(HDR_MAX, Math.max(HDR_MIN, durationNanos / 1000 * 1000));
        counts[hdrIndex(recorded)]++;
        counts[COUNTS_LEN]++;
        long[] b = histograms.computeIfAbsent(fullName, k -> new long[64]);
        long v = Math.max(durationNanos, 1024);
        int k = 0;
        while (k < 63 && v > (1024L << k)) k++;
        b[k]++;
    }

    /** CONFIG RESETSTAT: the histograms go (resetCommandTableStats). */
    void resetLatency() {
        histograms.clear();
        percentileCounts.clear();
    }

    boolean hasHistogram(String fullName) {
        return histograms.containsKey(fullName);
    }

    /** fillCommandCDF: {calls, histogram_usec: {bucket µs: calls so far}}, only buckets that added calls. */
    Reply histogram(String fullName) {
        long[] b = histograms.get(fullName);
        long total = 0;
        for (long n : b) total += n;
        List<Reply> cdf = new ArrayList<>();
        long cumulative = 0;
        for (int k = 0; k < b.length; k++) {
            if (b[k] == 0) continue;
            cumulative += b[k];
            cdf.add(Reply.integer((1024L << k) / 1000));
            cdf.add(Reply.integer(cumulative));
        }
        return Reply.map(Reply.bulk("calls"), Reply.integer(total), Reply.bulk("histogram_usec"), Reply.map(cdf));
    }

    /** Command full names with a histogram, in the order they were first called. */
    List<String> histogramNames() {
        return new ArrayList<>(histograms.keySet());
    }
}
