package io.redisdouble.command;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.resp.Reply;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The replies of "&lt;COMMAND&gt; HELP" (addReplyHelp) as captured from a dialect's real server
 * ({@link Dialect#helpResource()}, e.g. {@code help-7.2.6.txt}: "=== CLIENT" starts a text, each
 * following line is one status line): CLIENT, COMMAND, CONFIG, PUBSUB, SCRIPT, FUNCTION (7.x), DEBUG
 * (6.2, where it runs).
 */
final class HelpTexts {
    private HelpTexts() {}

    private static final Map<String, Map<String, List<String>>> LOADED = new ConcurrentHashMap<>();

    /** The dialect's captured HELP reply of {@code command} (upper case). */
    static Reply help(Dialect d, String command) {
        List<String> lines = texts(d).get(command);
        if (lines == null) throw new IllegalStateException(d + ": no " + command + " HELP in " + d.helpResource());
        Reply[] out = new Reply[lines.size()];
        for (int i = 0; i < out.length; i++) out[i] = Reply.simple(lines.get(i));
        return Reply.array(out);
    }

    private static Map<String, List<String>> texts(Dialect d) {
        return LOADED.computeIfAbsent(d.helpResource(), HelpTexts::load);
    }

    private static Map<String, List<String>> load(String resource) {
        Map<String, List<String>> m = new HashMap<>();
        try (InputStream in = HelpTexts.class.getResourceAsStream(resource)) {
            if (in == null) return m;
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String> cur = null;
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("=== ")) {
                    cur = new ArrayList<>();
                    m.put(line.substring(4).strip(), cur);
                } else if (cur != null) {
                    cur.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        m.replaceAll((k, v) -> List.copyOf(v));
        return m;
    }
}
