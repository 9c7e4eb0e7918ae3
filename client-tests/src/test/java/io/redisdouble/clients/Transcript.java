package io.redisdouble.clients;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * What a client scenario saw on one server, line by line, so that the run on redis-double can be
 * compared with the run on real Redis as a whole — every reply the scenario notes, not only the ones
 * it asserts. Stream IDs the server generated ({@code *}: a 13-digit millisecond time and a sequence)
 * differ between two runs, so each is written as {@code <id1>}, {@code <id2>}… in the order the
 * scenario first saw it: the transcripts still show which entry each reply names, and the order of IDs
 * the server handed out. Values that depend on when the scenario ran (idle times) are noted by the
 * scenario as the fact it relies on ("idle ≥ 300 ms"), never as the number.
 */
final class Transcript {
    private static final Pattern GENERATED_ID = Pattern.compile("(?<![0-9-])\\d{13}-\\d+(?![0-9])");

    /** A scenario that notes what it sees (and asserts what it relies on) against one server. */
    @FunctionalInterface
    interface Scenario {
        void run(Target server, Transcript seen) throws Exception;
    }

    private final List<String> lines = new ArrayList<>();
    private final Map<String, String> aliases = new HashMap<>();

    /** Notes {@code value} (its {@code toString()}, generated IDs replaced) under {@code what}; returns it. */
    <T> T note(String what, T value) {
        lines.add(what + ": " + normalize(String.valueOf(value)));
        return value;
    }

    /** The alias of a generated ID in this transcript ({@code <idN>}), or the text itself if it is not one. */
    String alias(Object id) {
        return normalize(String.valueOf(id));
    }

    private String normalize(String text) {
        Matcher m = GENERATED_ID.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String alias = aliases.computeIfAbsent(m.group(), k -> "<id" + (aliases.size() + 1) + ">");
            m.appendReplacement(out, Matcher.quoteReplacement(alias));
        }
        m.appendTail(out);
        return out.toString();
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    /**
     * Runs the scenario against real Redis first (its transcript is the reference), then against
     * redis-double, and requires the two transcripts to be identical. The targets are those of
     * {@link Target#both()} or {@link Target#bothVirtualTime()}: the double, then real Redis.
     * {@code -Dredisdouble.transcripts=true} prints real Redis's transcript.
     */
    static void compare(List<Target> targets, Scenario scenario) throws Exception {
        assertEquals(2, targets.size());
        Target dbl = targets.get(0);
        Target real = targets.get(1);
        assertFalse(real.isDouble());
        Transcript onReal = runOn(real, scenario);
        Transcript onDouble = runOn(dbl, scenario);
        assertFalse(onReal.lines.isEmpty(), "the scenario noted nothing");
        if (Boolean.getBoolean("redisdouble.transcripts")) {
            System.out.println("---- transcript on " + real + "\n" + String.join("\n", onReal.lines));
        }
        assertEquals(String.join("\n", onReal.lines), String.join("\n", onDouble.lines),
                "transcript on redis-double vs real Redis");
    }

    private static Transcript runOn(Target server, Scenario scenario) throws Exception {
        Transcript t = new Transcript();
        try {
            scenario.run(server, t);
        } catch (AssertionError | Exception e) {
            throw new AssertionError(server + ": " + e + "\nnoted so far:\n" + String.join("\n", t.lines), e);
        }
        return t;
    }
}
