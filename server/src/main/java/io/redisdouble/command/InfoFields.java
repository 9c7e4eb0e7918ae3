package io.redisdouble.command;

import io.redisdouble.dialect.Dialect;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The INFO fields of a dialect's real server, captured ({@link Dialect#infoResource()}, e.g.
 * {@code info-7.2.6.txt}): per section, the fields in the order INFO prints them, each with the value a
 * fresh server showed. Where a dialect has them, INFO prints exactly these fields of a section, in this
 * order, with redis-double's value where it computes one and the captured value otherwise (every
 * dialect has one: {@code info-6.2.7.txt}, {@code info-7.0.15.txt}, {@code info-7.2.6.txt}).
 */
final class InfoFields {
    private InfoFields() {}

    private static final Map<String, Map<String, LinkedHashMap<String, String>>> LOADED = new ConcurrentHashMap<>();

    /** The captured fields of a section ("Server"), or null when the dialect has none for it. */
    static LinkedHashMap<String, String> of(Dialect d, String section) {
        return LOADED.computeIfAbsent(d.infoResource(), InfoFields::load).get(section);
    }

    /** Key of the pseudo-section that lists every section header of the capture, empty ones included. */
    private static final String HEADERS = "";

    /**
     * Whether the dialect's server prints the section at all ("Threads", "Keysizes": 8.0), as its capture
     * shows by the section's header, even when the section itself is empty there.
     */
    static boolean printsSection(Dialect d, String section) {
        LinkedHashMap<String, String> headers = of(d, HEADERS);
        return headers != null && headers.containsKey(section);
    }

    private static Map<String, LinkedHashMap<String, String>> load(String resource) {
        Map<String, LinkedHashMap<String, String>> m = new HashMap<>();
        try (InputStream in = InfoFields.class.getResourceAsStream(resource)) {
            if (in == null) return m;
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            LinkedHashMap<String, String> cur = null;
            LinkedHashMap<String, String> headers = new LinkedHashMap<>();
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("## ")) {
                    cur = new LinkedHashMap<>();
                    m.put(line.substring(3).strip(), cur);
                    headers.put(line.substring(3).strip(), "");
                } else if (cur != null && !line.startsWith("#") && line.indexOf(':') > 0) {
                    int colon = line.indexOf(':');
                    cur.put(line.substring(0, colon), line.substring(colon + 1));
                }
            }
            m.put(HEADERS, headers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        m.values().removeIf(Map::isEmpty); // sections of variable lines (Keyspace, Commandstats…) stay ours
        return m;
    }
}
