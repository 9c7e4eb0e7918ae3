package io.redisdouble.command;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.dialect.Quirk;
import io.redisdouble.resp.Reply;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The latency monitor (latency.c): per event class ("command", "fast-command", "expire-cycle",
 * "eviction-cycle", …) a ring of the last {@link #TS_LEN} samples, one per second at most (the worst of
 * that second), and the worst latency ever seen. Samples are added only when latency-monitor-threshold
 * is set and the latency (ms, measured) reaches it ({@link #addSampleIfNeeded}); their timestamps are
 * the server clock's, in seconds, as Redis's time(NULL).
 *
 * <p>Events are kept in the order they first occurred (Redis's dict order follows its hash seed).
 */
final class LatencyMonitor {
    /** LATENCY_TS_LEN: samples kept per event. */
    static final int TS_LEN = 160;
    /** LATENCY_GRAPH_COLS. */
    private static final int GRAPH_COLS = 80;

    private static final class Series {
        final long[] time = new long[TS_LEN];
        final long[] latency = new long[TS_LEN];
        int idx;
        long max;
    }

    private final Map<String, Series> events = new LinkedHashMap<>();

    /** latencyAddSampleIfNeeded: a sample only with a threshold set (above 0) and reached. */
    void addSampleIfNeeded(long threshold, String event, long millis, long nowSeconds) {
        if (threshold > 0 && millis >= threshold) addSample(event, millis, nowSeconds);
    }

    /** latencyAddSample: a second's sample keeps that second's worst latency. */
    void addSample(String event, long millis, long nowSeconds) {
        Series ts = events.computeIfAbsent(event, k -> new Series());
        if (millis > ts.max) ts.max = millis;
        int prev = (ts.idx + TS_LEN - 1) % TS_LEN;
        if (ts.time[prev] == nowSeconds) {
            if (millis > ts.latency[prev]) ts.latency[prev] = millis;
            return;
        }
        ts.time[ts.idx] = nowSeconds;
        ts.latency[ts.idx] = millis;
        ts.idx = (ts.idx + 1) % TS_LEN;
    }

    boolean isEmpty() {
        return events.isEmpty();
    }

    /** latencyResetEvent: drops the named event (case-insensitively), or every event for null; how many. */
    int reset(String event) {
        int resets = 0;
        for (Iterator<String> it = events.keySet().iterator(); it.hasNext(); ) {
            String e = it.next();
            if (event == null || e.equalsIgnoreCase(event)) {
                it.remove();
                resets++;
            }
        }
        return resets;
    }

    /** LATENCY LATEST: [event, time of the newest sample, its latency, worst ever] per event. */
    Reply latest() {
        List<Reply> out = new ArrayList<>();
        for (Map.Entry<String, Series> e : events.entrySet()) {
            Series ts = e.getValue();
            int last = (ts.idx + TS_LEN - 1) % TS_LEN;
            out.add(Reply.array(Reply.bulk(e.getKey()), Reply.integer(ts.time[last]), Reply.integer(ts.latency[last]),
                    Reply.integer(ts.max)));
        }
        return Reply.array(out);
    }

    /** LATENCY HISTORY event (the name as stored, case-sensitively): [time, latency] oldest first. */
    Reply history(String event) {
        Series ts = events.get(event);
        List<Reply> out = new ArrayList<>();
        if (ts != null) {
            for (int j = 0; j < TS_LEN; j++) {
                int i = (ts.idx + j) % TS_LEN;
                if (ts.time[i] == 0) continue;
                out.add(Reply.array(Reply.integer(ts.time[i]), Reply.integer(ts.latency[i])));
            }
        }
        return Reply.array(out);
    }

    /**
     * latencyCommandGenSparkeline: the header line, 80 dashes, then the samples (oldest first) as a
     * 4-row filled sparkline labelled with how long ago each was (s, m, h, d); null if no such event.
     */
    String graph(String event, long nowSeconds) {
        Series ts = events.get(event);
        if (ts == null) return null;
        List<Double> values = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        long min = 0, max = 0;
        for (int j = 0; j < TS_LEN; j++) {
            int i = (ts.idx + j) % TS_LEN;
            if (ts.time[i] == 0) continue;
            long v = ts.latency[i];
            if (values.isEmpty()) {
                min = max = v;
            } else {
                max = Math.max(max, v);
                min = Math.min(min, v);
            }
            int elapsed = (int) (nowSeconds - ts.time[i]);
            String label;
            if (elapsed < 60) label = elapsed + "s";
            else if (elapsed < 3600) label = (elapsed / 60) + "m";
            else if (elapsed < 3600 * 24) label = (elapsed / 3600) + "h";
            else label = (elapsed / (3600 * 24)) + "d";
            values.add((double) v);
            labels.add(label);
        }
        StringBuilder g = new StringBuilder();
        g.append(event).append(" - high ").append(max).append(" ms, low ").append(min).append(" ms (all time high ")
                .append(ts.max).append(" ms)\n");
        g.append("-".repeat(GRAPH_COLS)).append('\n');
        Sparkline.render(g, values, labels, GRAPH_COLS, 4);
        return g.toString();
    }

    /** analyzeLatencyForEvent: samples, average, mean deviation, period of one event. */
    private record Stats(int samples, long avg, long mad, long period) {}

    private static Stats analyze(Series ts, long nowSeconds) {
        int samples = 0;
        long sum = 0, min = 0, max = 0, period = 0;
        for (int j = 0; j < TS_LEN; j++) {
            if (ts.time[j] == 0) continue;
            samples++;
            sum += ts.latency[j];
            if (period == 0 || ts.time[j] < period) period = ts.time[j];
        }
        long avg = 0;
        if (samples > 0) {
            avg = sum / samples;
            period = nowSeconds - period;
            if (period == 0) period = 1;
        }
        long dev = 0;
        for (int j = 0; j < TS_LEN; j++) {
            if (ts.time[j] == 0) continue;
            dev += Math.abs(avg - ts.latency[j]);
        }
        return new Stats(samples, avg, samples > 0 ? dev / samples : 0, period);
    }

    /**
     * createLatencyReport, in the dialect's words: the events with their statistics and the advice they
     * call for. What redis-double never records (fork, AOF, RDB events) never shows; the huge-page advice
     * looks at this process's own AnonHugePages, as Redis looks at its own. {@code hz} is the server's
     * (dynamic) hz.
     */
    String doctor(Dialect d, ServerConfig cfg, long threshold, int hz, long nowSeconds) {
        boolean valkey = d.has(Quirk.LATENCY_TEXTS_VALKEY);
        String name = valkey ? "Valkey" : "Redis";
        if (events.isEmpty() && threshold == 0) return IntrospectionCommands.latencyDoctorDisabled(d);
        StringBuilder r = new StringBuilder();
        boolean slowlogEnabled = false, slowlogTuning = false, slowlogInspect = false, scheduler = false,
                adviseHz = false, largeObjects = false, massEviction = false, thp = false;
        int advices = 0, eventnum = 0;
        for (Map.Entry<String, Series> e : events.entrySet()) {
            String event = e.getKey();
            Series ts = e.getValue();
            eventnum++;
            if (eventnum == 1) {
                r.append(valkey ? "Latency spikes are observed in this Valkey instance.\n\n"
                        : "Dave, I have observed latency spikes in this Redis instance. You don't mind talking about it, do you Dave?\n\n");
            }
            Stats ls = analyze(ts, nowSeconds);
            r.append(eventnum).append(". ").append(event).append(": ").append(ls.samples()).append(" latency spikes (average ")
                    .append(ls.avg()).append("ms, mean deviation ").append(ls.mad()).append("ms, period ")
                    .append(String.format(Locale.ROOT, "%.2f", (double) ls.period() / ls.samples()))
                    .append(" sec). Worst all time event ").append(ts.max).append("ms.");
            if (event.equalsIgnoreCase("command")) {
                if (cfg.slowlogSlowerThan() < 0 || (d.has(Quirk.LATENCY_DOCTOR_SLOWLOG_MAX_LEN) && cfg.slowlogMaxLen() == 0)) {
                    slowlogEnabled = true;
                    advices++;
                } else if (cfg.slowlogSlowerThan() / 1000 > threshold) {
                    slowlogTuning = true;
                    advices++;
                }
                slowlogInspect = true;
                largeObjects = true;
                advices += 2;
            }
            if (event.equalsIgnoreCase("fast-command")) {
                scheduler = true;
                advices++;
            }
            if (event.equalsIgnoreCase("expire-cycle")) {
                adviseHz = true;
                largeObjects = true;
                advices += 2;
            }
            if (event.equalsIgnoreCase("eviction-del")) {
                largeObjects = true;
                advices++;
            }
            if (event.equalsIgnoreCase("eviction-cycle")) {
                massEviction = true;
                advices++;
            }
            r.append('\n');
        }
        if (anonHugePagesBytes() > 0) {
            thp = true;
            advices++;
        }
        if (eventnum == 0 && advices == 0) {
            r.append(valkey ? "No latency spike was observed during the lifetime of this Valkey instance, not in the slightest bit.\n"
                    : "Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. "
                    + "I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n");
        } else if (eventnum > 0 && advices == 0) {
            r.append(valkey ? "\nThere are latency events logged that are not easy to fix. Please get some help from Valkey community, "
                    + "providing this report in your help request.\n"
                    : "\nWhile there are latency events logged, I'm not able to suggest any easy fix. Please use the Redis "
                    + "community to get some help, providing this report in your help request.\n");
        } else {
            r.append(valkey ? "\nHere is some advice for you:\n\n" : "\nI have a few advices for you:\n\n");
            long suggested = threshold * 1000;
            if (slowlogEnabled) {
                r.append("- There are latency issues with potentially slow commands you are using. Try to enable the Slow Log ")
                        .append(name).append(" feature using the command 'CONFIG SET slowlog-log-slower-than ").append(suggested)
                        .append("'. If the Slow log is disabled ").append(name)
                        .append(" is not able to log slow commands execution for you.\n");
            }
            if (slowlogTuning) {
                r.append("- Your current Slow Log configuration only logs events that are slower than your configured latency "
                        + "monitor threshold. Please use 'CONFIG SET slowlog-log-slower-than ").append(suggested).append("'.\n");
            }
            if (slowlogInspect) {
                r.append("- Check your Slow Log to understand what are the commands you are running which are too slow to "
                        + "execute. Please check ").append(valkey ? "https://valkey.io/commands/slowlog" : "https://redis.io/commands/slowlog")
                        .append(" for more information.\n");
            }
            if (scheduler) {
                String cli = valkey ? "valkey-cli" : "redis-cli";
                r.append("- The system is slow to execute ").append(name).append(" code paths not containing system calls. ")
                        .append("This usually means the system does not provide ").append(name)
                        .append(" CPU time to run for long periods. You should try to:\n")
                        .append("  1) Lower the system load.\n")
                        .append("  2) Use a computer / VM just for ").append(name)
                        .append(" if you are running other software in the same system.\n")
                        .append("  3) Check if you have a \"noisy neighbour\" problem.\n")
                        .append("  4) Check with '").append(cli).append(" --intrinsic-latency 100' what is the intrinsic latency in your system.\n")
                        .append("  5) Check if the problem is allocator-related by recompiling ").append(name)
                        .append(" with MALLOC=libc, if you are using Jemalloc. However this may create fragmentation problems.\n");
            }
            if (adviseHz && hz < 100) {
                r.append("- In order to make the ").append(name).append(" keys expiring process more incremental, try to set "
                        + "the 'hz' configuration parameter to 100 using 'CONFIG SET hz 100'.\n");
            }
            if (largeObjects) {
                r.append("- Deleting, expiring or evicting (because of maxmemory policy) large objects is a blocking operation. "
                        + "If you have very large objects that are often deleted, expired, or evicted, try to fragment those "
                        + "objects into multiple smaller objects.\n");
            }
            if (massEviction) {
                r.append("- Sudden changes to the 'maxmemory' setting via 'CONFIG SET', or allocation of large objects via sets "
                        + "or sorted sets intersections, STORE option of SORT, ").append(name)
                        .append(" Cluster large keys migrations (RESTORE command), may create sudden memory pressure forcing "
                                + "the server to block trying to evict keys. \n");
            }
            if (thp) {
                r.append("- I detected a non zero amount of anonymous huge pages used by your process. This creates very "
                        + "serious latency events in different conditions, especially when ").append(name)
                        .append(" is persisting on disk. To disable THP support use the command 'echo never > "
                                + "/sys/kernel/mm/transparent_hugepage/enabled', make sure to also add it into /etc/rc.local "
                                + "so that the command will be executed again after a reboot. Note that even if you have "
                                + "already disabled THP, you still need to restart the ").append(name)
                        .append(" process to get rid of the huge pages already created.\n");
            }
        }
        return r.toString();
    }

    /** THPGetAnonHugePagesSize: this process's AnonHugePages (kB in /proc/self/smaps) in bytes; 0 where unknown. */
    private static long anonHugePagesBytes() {
        Path smaps = Path.of("/proc/self/smaps");
        if (!Files.isReadable(smaps)) return 0;
        long kb = 0;
        try (BufferedReader in = Files.newBufferedReader(smaps, StandardCharsets.ISO_8859_1)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.startsWith("AnonHugePages:")) continue;
                String v = line.substring("AnonHugePages:".length()).trim();
                int sp = v.indexOf(' ');
                kb += Long.parseLong(sp < 0 ? v : v.substring(0, sp));
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return kb * 1024;
    }

    /** sparkline.c: a sequence of samples drawn in rows of characters, labels written downwards under them. */
    static final class Sparkline {
        private static final String CHARSET_FILL = "_o#";
        private static final int LABEL_MARGIN_TOP = 1;

        private Sparkline() {}

        /** sparklineRender with SPARKLINE_FILL: {@code columns} samples per block, blocks separated by a newline. */
        static void render(StringBuilder out, List<Double> values, List<String> labels, int columns, int rows) {
            double min = 0, max = 0;
            int labelled = 0;
            for (int j = 0; j < values.size(); j++) {
                double v = values.get(j);
                if (j == 0) {
                    min = max = v;
                } else if (v < min) {
                    min = v;
                } else if (v > max) {
                    max = v;
                }
                if (labels.get(j) != null && !labels.get(j).isEmpty()) labelled++;
            }
            for (int j = 0; j < values.size(); j += columns) {
                int len = Math.min(values.size() - j, columns);
                if (j != 0) out.append('\n');
                renderRange(out, values, labels, labelled, min, max, rows, j, len);
            }
        }

        private static void renderRange(StringBuilder out, List<Double> values, List<String> labels, int labelled,
                                        double min, double max, int rows, int offset, int len) {
            int charsetLen = CHARSET_FILL.length();
            double relmax = max - min;
            if (relmax == 0) relmax = 1;
            int steps = charsetLen * rows;
            char[] chars = new char[len];
            int row = 0;
            boolean loop = true;
            while (loop) {
                loop = false;
                java.util.Arrays.fill(chars, ' ');
                for (int j = 0; j < len; j++) {
                    double relval = values.get(j + offset) - min;
                    String label = labels.get(j + offset);
                    int step = (int) ((int) (relval * steps) / relmax);
                    if (step < 0) step = 0;
                    if (step >= steps) step = steps - 1;
                    if (row < rows) {
                        int charidx = step - ((rows - row - 1) * charsetLen);
                        loop = true;
                        if (charidx >= 0 && charidx < charsetLen) {
                            chars[j] = CHARSET_FILL.charAt(charidx);
                        } else if (charidx >= charsetLen) {
                            chars[j] = '|';
                        }
                    } else {
                        if (labelled > 0 && row - rows < LABEL_MARGIN_TOP) {
                            loop = true;
                            break;
                        }
                        if (label != null && !label.isEmpty()) {
                            int labelChar = row - rows - LABEL_MARGIN_TOP;
                            if (label.length() > labelChar) {
                                loop = true;
                                chars[j] = label.charAt(labelChar);
                            }
                        }
                    }
                }
                if (loop) {
                    row++;
                    out.append(chars).append('\n');
                }
            }
        }
    }
}
