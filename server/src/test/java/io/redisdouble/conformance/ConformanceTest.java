package io.redisdouble.conformance;

import io.redisdouble.RedisDouble;
import io.redisdouble.resp.InlineParser;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceRedis;
import io.redisdouble.testing.RespCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs every case in {@code src/test/resources/conformance/*.txt} against redis-double and against the
 * real redis-server of the same version (7.0.15 and 6.2.7), over RESP2 and over RESP3, and demands the
 * same reply bytes for every command. The format and the relaxations are described in that folder's
 * README.md.
 */
class ConformanceTest {
    private static final String[] VERSIONS = {"7.0", "6.2"};
    private static final Map<String, RedisDouble> DOUBLES = new HashMap<>();

    @AfterAll
    static void stopDoubles() {
        DOUBLES.values().forEach(RedisDouble::close);
        DOUBLES.clear();
    }

    private static synchronized RedisDouble doubleFor(String version) {
        return DOUBLES.computeIfAbsent(version, v -> RedisDouble.builder().version(v).start());
    }

    record Line(int lineNo, String text, String relax, long near, byte[][] argv) {}

    record Block(String file, int firstLine, List<Line> lines) {
        String name() {
            return file + ":" + firstLine + " " + RespCli.abbreviate(lines.get(0).text, 60);
        }
    }

    @TestFactory
    Stream<DynamicNode> conformance() throws IOException, URISyntaxException {
        List<Path> files = caseFiles();
        assertFalse(files.isEmpty(), "no conformance case files found");
        List<DynamicNode> versions = new ArrayList<>();
        for (String version : VERSIONS) {
            List<DynamicNode> perFile = new ArrayList<>();
            for (Path f : files) {
                List<Block> blocks = parse(f);
                List<DynamicNode> tests = new ArrayList<>();
                for (Block b : blocks) {
                    for (int proto : new int[] {2, 3}) {
                        tests.add(DynamicTest.dynamicTest("RESP" + proto + " " + b.name(),
                                () -> runBlock(version, proto, b)));
                    }
                }
                perFile.add(DynamicContainer.dynamicContainer(f.getFileName().toString(), tests));
            }
            versions.add(DynamicContainer.dynamicContainer("Redis " + version, perFile));
        }
        return versions.stream();
    }

    private static List<Path> caseFiles() throws IOException, URISyntaxException {
        URL dir = ConformanceTest.class.getResource("/conformance");
        if (dir == null) return List.of();
        try (Stream<Path> s = Files.list(Paths.get(dir.toURI()))) {
            // -Dconformance.files=zset,strings runs only the files whose names start with one of these.
            String only = System.getProperty("conformance.files", "");
            List<String> prefixes = only.isBlank() ? List.of() : List.of(only.split(","));
            return s.filter(p -> p.toString().endsWith(".txt"))
                    .filter(p -> prefixes.isEmpty()
                            || prefixes.stream().anyMatch(x -> p.getFileName().toString().startsWith(x.strip())))
                    .sorted().toList();
        }
    }

    static List<Block> parse(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Block> blocks = new ArrayList<>();
        List<Line> cur = new ArrayList<>();
        int first = 0;
        String name = file.getFileName().toString();
        for (int i = 0; i < lines.size(); i++) {
            String raw = lines.get(i).strip();
            if (raw.isEmpty()) {
                if (!cur.isEmpty()) blocks.add(new Block(name, first, cur));
                cur = new ArrayList<>();
                continue;
            }
            if (raw.startsWith("#")) continue;
            if (cur.isEmpty()) first = i + 1;
            String relax = null;
            long near = 0;
            String text = raw;
            while (text.startsWith("@")) {
                int sp = text.indexOf(' ');
                String p = text.substring(1, sp);
                text = text.substring(sp + 1).strip();
                switch (p) {
                    case "sorted", "type", "resp2", "resp3", "noreply" -> relax = relax == null ? p : relax + "," + p;
                    case "near" -> {
                        int sp2 = text.indexOf(' ');
                        near = Long.parseLong(text.substring(0, sp2));
                        text = text.substring(sp2 + 1).strip();
                        relax = relax == null ? "near" : relax + ",near";
                    }
                    default -> throw new IllegalArgumentException(name + ":" + (i + 1) + ": unknown prefix @" + p);
                }
            }
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            byte[][] argv = InlineParser.split(bytes, 0, bytes.length);
            if (argv == null || argv.length == 0) throw new IllegalArgumentException(name + ":" + (i + 1) + ": bad line");
            cur.add(new Line(i + 1, text, relax == null ? "" : relax, near, argv));
        }
        if (!cur.isEmpty()) blocks.add(new Block(name, first, cur));
        return blocks;
    }

    private static void runBlock(String version, int proto, Block block) {
        ReferenceRedis ref = ReferenceRedis.forVersion(version);
        RedisDouble dbl = doubleFor(version);
        try (RawRedisClient r = ref.openClient(); RawRedisClient d = new RawRedisClient(dbl.host(), dbl.port())) {
            r.call("FLUSHALL");
            d.call("FLUSHALL");
            if (proto == 3) {
                r.call("HELLO", "3");
                d.call("HELLO", "3");
            }
            StringBuilder transcript = new StringBuilder();
            for (Line line : block.lines) {
                if (line.relax.contains("resp2") && proto != 2) continue;
                if (line.relax.contains("resp3") && proto != 3) continue;
                transcript.append(block.file).append(':').append(line.lineNo).append("> ")
                        .append(RespCli.commandLine(line.argv)).append('\n');
                if (line.relax.contains("noreply")) {
                    r.sendRaw(RawRedisClient.encodeCommand(line.argv));
                    d.sendRaw(RawRedisClient.encodeCommand(line.argv));
                    continue;
                }
                byte[] expected = r.call(line.argv);
                byte[] actual = d.call(line.argv);
                compare(line, expected, actual, transcript);
                transcript.append("   ").append(RawRedisClient.printable(expected)).append('\n');
            }
        } catch (UncheckedIOException e) {
            fail("I/O failure in " + block.name() + " (Redis " + version + ", RESP" + proto + "): " + e.getMessage(), e);
        } finally {
            try (RawRedisClient r = ref.openClient()) {
                r.call("FLUSHALL");
                r.call("CONFIG", "SET", "requirepass", "");
            } catch (RuntimeException ignored) {
                // the block may have set a password on the reference: cleaned above when possible
            }
        }
    }

    private static void compare(Line line, byte[] expected, byte[] actual, StringBuilder transcript) {
        String msg = "Divergence from real Redis (RESP bytes) at the last line of:\n" + transcript;
        if (line.relax.contains("sorted")) {
            assertEquals(RawRedisClient.printable(RespTree.parse(expected).sortedForm()),
                    RawRedisClient.printable(RespTree.parse(actual).sortedForm()), msg);
        } else if (line.relax.contains("near")) {
            Long e = RespTree.parse(expected).integer(), a = RespTree.parse(actual).integer();
            if (e == null || a == null) {
                assertEquals(RawRedisClient.printable(expected), RawRedisClient.printable(actual), msg);
            } else if (Math.abs(e - a) > line.near) {
                fail(msg + "expected " + e + " within ±" + line.near + " but was " + a);
            }
        } else if (line.relax.contains("type")) {
            assertEquals((char) expected[0], (char) actual[0], msg);
        } else {
            assertEquals(RawRedisClient.printable(expected), RawRedisClient.printable(actual), msg);
        }
    }
}
