package io.redisdouble.dialect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Versions are dialects, and dialects are data: outside {@code io.redisdouble.dialect}, code asks
 * {@code dialect.has(Quirk.X)} (or the dialect's captured catalog), never a version number, an ordering
 * of versions, or a particular dialect. Comments may name versions (they document the real servers);
 * code may not. Also checks the packages' one-way dependencies that dialects rely on.
 */
class NoVersionChecksOutsideDialectTest {
    private static final Path MAIN = Path.of("src/main/java/io/redisdouble");

    /** The packages whose code must not mention versions (handlers, scripting, protocol, data). */
    private static final List<String> PACKAGES = List.of("command", "script", "keyspace", "zset", "net", "resp", "util", "time");

    private static final Pattern FORBIDDEN = Pattern.compile(String.join("|",
            "isAtLeast\\d*", "\\batLeast\\d*\\s*\\(", "\\bsince\\s*\\(", "\\bv[678]\\b", "\\bV\\d_\\d\\b",
            "RedisVersion", "REDIS_\\d", "\\b[678]\\s*,\\s*[0-9]\\s*\\)", // (7, 0)
            "\"[^\"\\n]*\\b[678]\\.[0-9]\\b[^\"\\n]*\"", // a version in a string literal: "7.0", "6.2.7"
            "\\bmajor\\b", "\\bminor\\b"));

    @Test
    void noVersionNumbersOrOrderingsOutsideTheDialectTable() throws IOException {
        assertTrue(Files.isDirectory(MAIN), "run from the server module: " + Path.of("").toAbsolutePath());
        List<String> found = new ArrayList<>();
        for (String pkg : PACKAGES) {
            try (Stream<Path> files = Files.walk(MAIN.resolve(pkg))) {
                files.filter(p -> p.toString().endsWith(".java")).sorted().forEach(p -> {
                    String[] lines = code(read(p)).split("\n", -1);
                    for (int i = 0; i < lines.length; i++) {
                        Matcher m = FORBIDDEN.matcher(lines[i]);
                        if (m.find()) found.add(MAIN.relativize(p) + ":" + (i + 1) + ": " + lines[i].trim());
                    }
                });
            }
        }
        assertEquals(List.of(), found, "ask dialect.has(Quirk.X) instead");
    }

    @Test
    void theDetectorSeesWhatItLooksFor() {
        for (String bad : List.of("if (v.isAtLeast7()) {", "t.since(7, 0)", "boolean v7 = true;", "Dialect.REDIS_7_0",
                "x.atLeast(7, 2)", "String s = \"7.0\";", "version.equals(\"6.2.7\")")) {
            assertTrue(FORBIDDEN.matcher(code(bad)).find(), bad);
        }
        for (String ok : List.of("// 7.0 quotes the name", "/* 6.2: `name` */ int x = 1;", "c.dialect().has(Quirk.SET_NX_WITH_GET)",
                "String s = \"Lua 5.1\";", "long max = 1024 * 1024;")) {
            assertTrue(!FORBIDDEN.matcher(code(ok)).find(), ok);
        }
    }

    @Test
    void dialectsDependOnNothingAndDataPackagesOnNoHandlers() throws IOException {
        assertImportsOnly("dialect", List.of("io.redisdouble.dialect."));
        List<String> data = List.of("io.redisdouble.keyspace.", "io.redisdouble.zset.", "io.redisdouble.util.",
                "io.redisdouble.time.", "io.redisdouble.dialect.");
        assertImportsOnly("keyspace", data);
        assertImportsOnly("zset", data);
    }

    private static void assertImportsOnly(String pkg, List<String> allowed) throws IOException {
        Pattern imp = Pattern.compile("^import\\s+(?:static\\s+)?(io\\.redisdouble\\.[\\w.]+)", Pattern.MULTILINE);
        try (Stream<Path> files = Files.walk(MAIN.resolve(pkg))) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> {
                Matcher m = imp.matcher(read(p));
                while (m.find()) {
                    String name = m.group(1);
                    assertTrue(allowed.stream().anyMatch(name::startsWith), p + " imports " + name);
                }
            });
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The source with comments blanked (line structure kept); string and char literals stay. */
    static String code(String src) {
        StringBuilder out = new StringBuilder(src.length());
        int n = src.length();
        for (int i = 0; i < n; i++) {
            char c = src.charAt(i);
            if (c == '"' || c == '\'') {
                // A literal (text blocks are copied the same way, quote by quote).
                out.append(c);
                for (i++; i < n && src.charAt(i) != c && src.charAt(i) != '\n'; i++) {
                    if (src.charAt(i) == '\\' && i + 1 < n) out.append(src.charAt(i++));
                    out.append(src.charAt(i));
                }
                if (i < n) out.append(src.charAt(i));
            } else if (c == '/' && i + 1 < n && src.charAt(i + 1) == '/') {
                while (i < n && src.charAt(i) != '\n') i++;
                if (i < n) out.append('\n');
            } else if (c == '/' && i + 1 < n && src.charAt(i + 1) == '*') {
                int end = src.indexOf("*/", i + 2);
                if (end < 0) end = n - 2;
                for (int j = i; j < end + 2; j++) if (src.charAt(j) == '\n') out.append('\n');
                i = end + 1;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
