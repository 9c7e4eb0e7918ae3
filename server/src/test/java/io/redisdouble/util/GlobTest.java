package io.redisdouble.util;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GlobTest {
    /**
     * keys-pattern-cases.txt was produced by storing every string as a key in real Redis 7.0.15 and
     * 6.2.7 (both agree) and recording which ones KEYS returns for each pattern. The exact pattern "*"
     * is left out: KEYS short-cuts it without calling stringmatchlen.
     */
    @Test
    void agreesWithRealRedisKeys() throws IOException {
        List<String> failures = new ArrayList<>();
        int n = 0;
        try (InputStream in = GlobTest.class.getResourceAsStream("/glob/keys-pattern-cases.txt");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.isEmpty()) continue;
                String[] f = line.split("\t");
                byte[] pattern = unescape(f[0]);
                byte[] string = unescape(f[1]);
                boolean expected = f[2].equals("1");
                n++;
                if (Glob.match(pattern, string, false) != expected) failures.add(line);
            }
        }
        assertTrue(n > 7000, "cases read: " + n);
        assertEquals(List.of(), failures);
    }

    /** "%" alone is the empty string; %HH is a byte; everything else is itself. */
    private static byte[] unescape(String s) {
        if (s.equals("%")) return new byte[0];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    @Test
    void emptyStringMatchesOnlyTheEmptyPattern() {
        assertFalse(Glob.match("*", "", false));
        assertFalse(Glob.match("**", "", false));
        assertTrue(Glob.match("", "", false));
        assertTrue(Glob.isMatchAll(Bytes.utf8("*")));
        assertFalse(Glob.isMatchAll(Bytes.utf8("**")));
    }

    @Test
    void nocaseFoldsAsciiLettersOnly() {
        assertTrue(Glob.match("MAXMEMORY*", "maxmemory-policy", true));
        assertTrue(Glob.match("h[A-C]llo", "hbllo", true));
        assertTrue(Glob.match("h[^A-C]llo", "hdllo", true));
        assertFalse(Glob.match("h[^A-C]llo", "hBllo", true));
        assertTrue(Glob.match("[X]", "x", true));
        assertFalse(Glob.match("\u00e9", "\u00c9", true));
        assertFalse(Glob.match("MAXMEMORY*", "maxmemory-policy", false));
    }

    @Test
    void pathologicalPatternsFinishQuickly() {
        // Without skipLongerMatches this takes exponential time (CVE-2022-36021).
        String p = "a*".repeat(30) + "b";
        String s = "a".repeat(60);
        long t0 = System.nanoTime();
        assertFalse(Glob.match(p, s, false));
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L);
        assertTrue(Glob.match("a*".repeat(30), s, false));
    }

    @Test
    void noStarNestingLimit() {
        // Real 7.0.15 and 6.2.7 both list the key "a" x 6000 for KEYS with 5000 stars.
        assertTrue(Glob.match("a*".repeat(5000) + "a", "a".repeat(6000), false));
        assertFalse(Glob.match("a*".repeat(5000) + "b", "a".repeat(6000), false));
    }
}
