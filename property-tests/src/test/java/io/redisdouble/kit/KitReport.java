package io.redisdouble.kit;

import net.jqwik.api.lifecycle.PropertyExecutionResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The conformance report: per command family, the generated cases run, the commands compared, and
 * every divergence with its minimal reproducer. Printed at the end of the run (by
 * {@link KitReportListener}) and written to {@code target/conformance-report-<target>.txt}.
 */
public final class KitReport {

    /** System property: the base number of tries per property. */
    public static final String TRIES_PROPERTY = "conformance.tries";
    /** Default base tries when the property is not set (the Maven build sets it). */
    public static final int DEFAULT_TRIES = 300;

    private static final List<Entry> ENTRIES = new ArrayList<>();
    /** The property running now (properties run one at a time; shrinking runs on another thread). */
    private static volatile Entry current;
    private static boolean printed;

    private KitReport() {
    }

    /** System property of the seeds: a number (the default, from the pom) or {@code random}. */
    public static final String SEED_PROPERTY = io.redisdouble.testing.Seeds.SEED_PROPERTY;
    /** The seed base when {@code -Dkit.seed} is not given (e.g. a run from the IDE). */
    public static final long DEFAULT_SEED = io.redisdouble.testing.Seeds.DEFAULT_SEED;

    /**
     * The seed of one property, or null for jqwik's fresh random seed. With {@code -Dkit.seed=N}
     * (CI: the pom's fixed number) every property gets its own seed, derived from N and its name, so a
     * red build replays exactly; {@code -Dkit.seed=random} explores with fresh seeds (each is printed
     * in the report and in jqwik's failure message, to replay with {@code @Property(seed = …)}).
     */
    public static String seedFor(String property) {
        return io.redisdouble.testing.Seeds.seedFor(property);
    }

    /** How the seeds were chosen, for the report's header. */
    static String seedMode() {
        String s = System.getProperty(SEED_PROPERTY);
        if (s != null && s.trim().equalsIgnoreCase("random")) {
            return "fresh random seeds (-D" + SEED_PROPERTY + "=random)";
        }
        return "fixed, derived from -D" + SEED_PROPERTY + "=" + (s == null || s.isBlank() ? DEFAULT_SEED : s.trim())
                + " and each property's name (-D" + SEED_PROPERTY + "=random for fresh ones)";
    }

    /** {@code -Dconformance.tries}, else {@value #DEFAULT_TRIES}. */
    public static int baseTries() {
        String s = System.getProperty(TRIES_PROPERTY);
        if (s == null || s.isBlank()) {
            return DEFAULT_TRIES;
        }
        try {
            int n = Integer.parseInt(s.trim());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + TRIES_PROPERTY + "=" + s + " is not a positive integer");
        }
    }

    /** One property's run. */
    public static final class Entry {
        final String family;
        final String property;
        long commands;
        int tries;
        int checks;
        String status = "RUNNING";
        String seed;
        String failure;
        long nanos;
        final boolean counted;

        Entry(String family, String property, boolean counted) {
            this.family = family;
            this.property = property;
            this.counted = counted;
        }

        void finish(PropertyExecutionResult r, long elapsed) {
            synchronized (ENTRIES) {
                tries = r.countTries();
                checks = r.countChecks();
                status = r.status().name();
                seed = r.seed().orElse(null);
                nanos = elapsed;
                failure = r.throwable().map(KitReport::describe).orElse(null);
            }
        }
    }

    private static String describe(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof Divergence) {
                return c.getMessage();
            }
        }
        String m = t.getMessage();
        return t.getClass().getName() + (m != null ? ": " + m : "");
    }

    static Entry begin(String family, String property) {
        Entry e = new Entry(family, property, !KitTarget.isEvidenceRun());
        if (e.counted) {
            synchronized (ENTRIES) {
                ENTRIES.add(e);
            }
        }
        current = e;
        return e;
    }

    static void endCurrent() {
        current = null;
    }

    /** Counts one command sent to both servers, for the property running on this thread. */
    static void countCommand() {
        Entry e = current;
        if (e != null) {
            e.commands++;
        }
    }

    /** Renders the report of everything recorded so far. */
    public static String render() {
        List<Entry> entries;
        synchronized (ENTRIES) {
            entries = new ArrayList<>(ENTRIES);
        }
        Map<String, long[]> fam = new LinkedHashMap<>(); // properties, tries, commands, divergences, nanos
        for (Entry e : entries) {
            long[] a = fam.computeIfAbsent(e.family, k -> new long[5]);
            a[0]++;
            a[1] += e.tries;
            a[2] += e.commands;
            a[3] += e.failure != null ? 1 : 0;
            a[4] += e.nanos;
        }
        StringBuilder sb = new StringBuilder();
        sb.append("\n======== redis-double conformance report ========\n");
        try {
            sb.append("Compared: ").append(KitTarget.current().describe()).append('\n');
        } catch (RuntimeException e) {
            sb.append("Compared: (no reference: ").append(e.getMessage()).append(")\n");
        }
        sb.append("Tries: -D").append(TRIES_PROPERTY).append('=').append(baseTries())
                .append(" per property, times the family's weight\n");
        sb.append("Seeds: ").append(seedMode()).append("\n\n");
        sb.append(String.format("%-22s %10s %8s %10s %12s %9s%n", "family", "properties", "cases", "commands",
                "divergences", "time"));
        long[] total = new long[5];
        for (Map.Entry<String, long[]> f : fam.entrySet()) {
            long[] a = f.getValue();
            sb.append(String.format("%-22s %10d %8d %10d %12d %8.1fs%n", f.getKey(), a[0], a[1], a[2], a[3],
                    a[4] / 1e9));
            for (int i = 0; i < 5; i++) {
                total[i] += a[i];
            }
        }
        sb.append(String.format("%-22s %10d %8d %10d %12d %8.1fs%n", "TOTAL", total[0], total[1], total[2], total[3],
                total[4] / 1e9));
        sb.append('\n');
        for (Entry e : entries) {
            sb.append(String.format("  %-6s %-22s %-52s %6d cases %8d commands %7.1fs%s%n",
                    e.failure == null ? "ok" : "DIVERGES", e.family, e.property, e.tries, e.commands, e.nanos / 1e9,
                    e.seed != null ? "   seed " + e.seed : ""));
        }
        boolean any = false;
        for (Entry e : entries) {
            if (e.failure == null) {
                continue;
            }
            if (!any) {
                sb.append("\nDivergences (minimal reproducers after shrinking):\n");
                any = true;
            }
            sb.append("\n--- [").append(e.family).append("] ").append(e.property)
                    .append(e.seed != null ? "   (seed " + e.seed + ")" : "").append('\n');
            sb.append(e.failure.strip()).append('\n');
        }
        if (!any) {
            sb.append("\nNo divergence found.\n");
        }
        sb.append("=================================================\n");
        return sb.toString();
    }

    /** Prints the report once and writes it under {@code conformance.reportDir} (default target/). */
    static synchronized void printAndWrite() {
        boolean empty;
        synchronized (ENTRIES) {
            empty = ENTRIES.isEmpty();
        }
        if (empty || printed) {
            return;
        }
        printed = true;
        String report = render();
        System.out.println(report);
        String dir = System.getProperty("conformance.reportDir", "target");
        String target = System.getProperty(KitTarget.TARGET_PROPERTY, "environment").trim();
        Path file = Path.of(dir, "conformance-report-" + (target.isEmpty() ? "environment" : target) + ".txt");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, report, StandardCharsets.UTF_8);
            System.out.println("Conformance report written to " + file.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
