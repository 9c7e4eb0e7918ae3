package io.redisdouble.conformance;

import io.redisdouble.RedisDouble;
import io.redisdouble.dialect.Dialect;
import io.redisdouble.resp.InlineParser;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.RecordedReplies;
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
 *
 * <p>Each version is also compared with its recorded replies ({@link RecordedReplies}, under
 * {@code conformance/recorded/<version>/}), the stand-in for a real server whose binary is absent.
 * When the live server is there, its replies are compared with the recording as well, so a recording
 * cannot go stale. {@code -Dconformance.record=true} (re)writes the recordings of every version run
 * live, from the real servers only.
 */
class ConformanceTest {
    /** Emulated version, and the real server's version its recordings come from. */
    static final String[][] VERSIONS = {{"7.0", "7.0.15"}, {"6.2", "6.2.7"}, {"7.2", "7.2.6"}, {"7.4", "7.4.1"},
            {"8.0", "8.0.2"}, {"valkey-8.0", "valkey-8.0.1"}};
    private static final String RECORD_PROPERTY = "conformance.record";
    private static final Map<String, RedisDouble> DOUBLES = new HashMap<>();
    /** Recordings being written in record mode, by "version/case file". */
    private static final Map<String, RecordedReplies> RECORDING = new java.util.TreeMap<>();

    @AfterAll
    static void stopDoubles() {
        DOUBLES.values().forEach(RedisDouble::close);
        DOUBLES.clear();
        RECORDING.forEach((k, r) -> r.write(RecordedReplies.SOURCE_DIR.resolve(k + ".rec")));
        RECORDING.clear();
    }

    private static boolean recordMode() {
        return Boolean.parseBoolean(System.getProperty(RECORD_PROPERTY, "false"));
    }

    private static synchronized RedisDouble doubleFor(String version) {
        // the live and recorded 7.0.15 is the bundled static build (musl): its dialect is "7.0-static"
        return DOUBLES.computeIfAbsent(version, v -> RedisDouble.builder()
                .dialect(Dialect.defined(v.equals("7.0") ? "7.0-static" : v))
                .config("dir", io.redisdouble.testing.ScratchDirs.create("redis-double-conformance-").toString()).start());
    }

    record Line(int lineNo, String text, String relax, long near, byte[][] argv) {}

    record Block(String file, int firstLine, List<Line> lines, String hash) {
        String name() {
            return file + ":" + firstLine + " " + RespCli.abbreviate(lines.get(0).text, 60);
        }

        /** The lines that get a reply to compare in protocol {@code proto}. */
        List<Line> compared(int proto) {
            return lines.stream().filter(l -> !l.relax.contains("noreply"))
                    .filter(l -> !(l.relax.contains("resp2") && proto != 2) && !(l.relax.contains("resp3") && proto != 3))
                    .toList();
        }
    }

    /**
     * The dialects this class compares: the first three; {@link ConformanceLaterDialectsTest} runs the
     * others, so that the build's two test JVMs (surefire forkCount 2) share the work.
     */
    String[][] versions() {
        return java.util.Arrays.copyOfRange(VERSIONS, 0, 3);
    }

    @TestFactory
    Stream<DynamicNode> conformance() throws IOException, URISyntaxException {
        List<Path> files = caseFiles();
        assertFalse(files.isEmpty(), "no conformance case files found");
        List<DynamicNode> versions = new ArrayList<>();
        // -Dconformance.versions=7.2 runs only those dialects (all by default).
        List<String> onlyVersions = List.of(System.getProperty("conformance.versions", "").split(","));
        for (String[] v : versions()) {
            if (!onlyVersions.get(0).isBlank() && !onlyVersions.contains(v[0])) continue;
            String version = v[0];
            String recordedFrom = v[1];
            List<DynamicNode> perFile = new ArrayList<>();
            List<DynamicNode> replayed = new ArrayList<>();
            for (Path f : files) {
                if (!forDialect(f, version)) continue;
                List<Block> blocks = parse(f);
                String file = f.getFileName().toString();
                RecordedReplies recorded = RecordedReplies.load(recordedFrom, file);
                List<DynamicNode> tests = new ArrayList<>();
                List<DynamicNode> replays = new ArrayList<>();
                // A server not on Maven Central (7.2.6) runs live only where its binary is (CI sets
                // REDIS_DOUBLE_REFERENCE_BIN); elsewhere its recording is the comparison.
                boolean live = ReferenceRedis.isAvailable(version);
                for (Block b : blocks) {
                    for (int proto : new int[] {2, 3}) {
                        if (live) tests.add(DynamicTest.dynamicTest("RESP" + proto + " " + b.name(),
                                () -> runBlock(version, recordedFrom, proto, b, recorded)));
                        replays.add(DynamicTest.dynamicTest("RESP" + proto + " " + b.name(),
                                () -> replayBlock(version, recordedFrom, proto, b, recorded)));
                    }
                }
                perFile.add(DynamicContainer.dynamicContainer(file, tests));
                replayed.add(DynamicContainer.dynamicContainer(file, replays));
            }
            if (ReferenceRedis.isAvailable(version)) {
                versions.add(DynamicContainer.dynamicContainer("Redis " + version, perFile));
            } else {
                System.out.println("ConformanceTest: no Redis " + recordedFrom + " binary (set "
                        + ReferenceRedis.ENV_BIN_DIR + "): Redis " + version + " is compared with its recorded replies only");
            }
            versions.add(DynamicContainer.dynamicContainer("Redis " + version + " (recorded " + recordedFrom + ")", replayed));
        }
        return versions.stream();
    }

    /**
     * A file whose first lines (before any command) say {@code # dialects: 7.4} (names, comma-separated)
     * runs only for those dialects: its commands do not exist in the others. Without the line, every one.
     */
    static boolean forDialect(Path file, String version) throws IOException {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String t = line.strip();
            if (!t.startsWith("#")) {
                if (t.isEmpty()) continue;
                return true;
            }
            String body = t.substring(1).strip();
            if (body.startsWith("dialects:")) {
                for (String d : body.substring("dialects:".length()).split(",")) {
                    if (d.strip().equals(version)) return true;
                }
                return false;
            }
        }
        return true;
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
        List<String> curText = new ArrayList<>();
        int first = 0;
        String name = file.getFileName().toString();
        for (int i = 0; i < lines.size(); i++) {
            String raw = lines.get(i).strip();
            if (raw.isEmpty()) {
                if (!cur.isEmpty()) blocks.add(new Block(name, first, cur, RecordedReplies.blockHash(curText)));
                cur = new ArrayList<>();
                curText = new ArrayList<>();
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
                    case "sorted", "type", "keys", "resp2", "resp3", "noreply", "clock" -> relax = relax == null ? p : relax + "," + p;
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
            curText.add(raw);
        }
        if (!cur.isEmpty()) blocks.add(new Block(name, first, cur, RecordedReplies.blockHash(curText)));
        return blocks;
    }

    /**
     * The live comparison: the real server and redis-double run the block side by side. The real
     * server's replies are also checked against the recording (stale recordings fail here, with how to
     * record again) or, in record mode, recorded.
     */
    private static final java.time.Duration SLOW_REPLY = java.time.Duration.ofSeconds(30);

    private static void runBlock(String version, String recordedFrom, int proto, Block block, RecordedReplies recorded) {
        ReferenceRedis ref = ReferenceRedis.forVersion(version);
        RedisDouble dbl = doubleFor(version);
        if (recordMode()) {
            try (RawRedisClient check = ref.openClient()) {
                String real = RecordedReplies.requireRealServer(check);
                assertEquals(recordedFrom, real, "recording " + recordedFrom + " from a server that reports another version");
            }
        }
        // 30 s per reply: PFSELFTEST and other slow commands on a machine loaded by the rest of the build
        try (RawRedisClient r = ref.openClient(SLOW_REPLY); RawRedisClient d = new RawRedisClient(dbl.host(), dbl.port(), SLOW_REPLY)) {
            List<byte[]> liveReplies = play(block, proto, r, d, null,
                    new StringBuilder("Divergence from real Redis (RESP bytes) at the last line of:\n"));
            if (recordMode()) {
                RECORDING.computeIfAbsent(recordedFrom + "/" + block.file,
                        k -> RecordedReplies.empty("Replies of real Redis " + recordedFrom + " to conformance/" + block.file
                                + ", recorded by ConformanceTest -D" + RECORD_PROPERTY + "=true"))
                        .put(block.hash, proto, liveReplies);
            } else if (recorded != null && recorded.get(block.hash, proto) != null) {
                checkRecording(block, proto, recorded.get(block.hash, proto), liveReplies, recordedFrom);
            }
        } catch (UncheckedIOException e) {
            fail("I/O failure in " + block.name() + " (Redis " + version + ", RESP" + proto + "): " + e.getMessage(), e);
        } finally {
            reset(ref.host(), ref.port(), ref.password(), block);
            reset(dbl.host(), dbl.port(), null, block);
        }
    }

    /**
     * Empties a server after a block and removes a password the block set, even when the block
     * stopped half-way (a divergence) before its own lines removed it: the next block must not
     * start with a password left over.
     */
    private static void reset(String host, int port, String basePassword, Block block) {
        List<String> passwords = new ArrayList<>();
        if (basePassword != null) passwords.add(basePassword);
        for (Line l : block.lines) {
            String[] w = l.text.split("\\s+");
            if (w.length == 4 && w[0].equalsIgnoreCase("CONFIG") && w[1].equalsIgnoreCase("SET")
                    && w[2].equalsIgnoreCase("requirepass")) {
                passwords.add(w[3].replaceAll("^[\"']|[\"']$", ""));
            }
        }
        try (RawRedisClient c = new RawRedisClient(host, port)) {
            byte[] r = c.call("PING");
            for (int i = 0; i < passwords.size() && r.length > 0 && r[0] == '-'; i++) {
                c.call("AUTH", passwords.get(i));
                r = c.call("PING");
            }
            if (block.lines.stream().anyMatch(l -> l.text.toLowerCase(java.util.Locale.ROOT).contains("maxmemory"))) {
                // a block that stopped half-way must not leave the server over a memory limit
                c.call("CONFIG", "SET", "maxmemory", "0");
                c.call("CONFIG", "SET", "maxmemory-policy", "noeviction");
            }
            c.call("FLUSHALL");
            if (basePassword == null) {
                c.call("CONFIG", "SET", "requirepass", "");
            }
        } catch (RuntimeException ignored) {
            // best effort: a server that stopped answering fails the next block with its own message
        }
    }

    /**
     * Plays a block on redis-double and compares every reply with the expected one: the live
     * reference's ({@code ref}, sent the same commands side by side) or, without it, the recording's.
     *
     * @return the reference's replies, as they are recorded (null when replaying)
     */
    private static List<byte[]> play(Block block, int proto, RawRedisClient ref, RawRedisClient dbl,
                                     List<byte[]> recorded, StringBuilder transcript) {
        List<RawRedisClient> servers = ref == null ? List.of(dbl) : List.of(ref, dbl);
        for (RawRedisClient c : servers) {
            c.call("FLUSHALL");
            if (proto == 3) {
                c.call("HELLO", "3");
            }
        }
        List<byte[]> live = ref == null ? null : new ArrayList<>();
        int i = 0;
        boolean inMulti = false;
        for (Line line : block.lines) {
            if (line.relax.contains("resp2") && proto != 2) continue;
            if (line.relax.contains("resp3") && proto != 3) continue;
            transcript.append(block.file).append(':').append(line.lineNo).append("> ")
                    .append(RespCli.commandLine(line.argv)).append('\n');
            if (line.relax.contains("noreply")) {
                for (RawRedisClient c : servers) {
                    c.sendRaw(RawRedisClient.encodeCommand(line.argv));
                }
                continue;
            }
            // No PING inside MULTI (it would be queued): the transaction syncs at EXEC / DISCARD.
            String name = new String(line.argv[0], StandardCharsets.UTF_8);
            if (name.equalsIgnoreCase("multi")) inMulti = true;
            if (name.equalsIgnoreCase("exec") || name.equalsIgnoreCase("discard")) inMulti = false;
            boolean sync = proto == 3 && !inMulti && syncsWithPing(block.file);
            long sent = System.nanoTime();
            byte[] expected = ref != null ? callSynced(ref, line.argv, sync) : recorded.get(i++);
            byte[] actual = callSynced(dbl, line.argv, sync);
            if (live != null) {
                // An order Redis does not define is kept sorted, so that recording again changes nothing.
                live.add(line.relax.contains("sorted") ? RespTree.parse(expected).sortedForm() : expected);
            }
            // the two servers read their clocks at most this far apart (a @near line's extra allowance)
            long apartMillis = (System.nanoTime() - sent + 999_999) / 1_000_000;
            compare(line, expected, actual, transcript, ref == null, apartMillis);
            transcript.append("   ").append(RawRedisClient.printable(expected)).append('\n');
        }
        return live;
    }

    private static final java.util.Map<String, Boolean> SYNC_FILES = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A file whose first comment lines say {@code # sync: ping} (client-side caching) gets, in RESP3, every
     * push the server sends as a consequence of a command counted in that command's reply: after the
     * first frame a PING is sent, and the frames up to its PONG (excluded) join the reply. Without it a
     * push would be read as the next command's reply and the replies would lag behind the requests, so
     * that when a server reads two requests at once decides what comes out.
     */
    static boolean syncsWithPing(String file) {
        return SYNC_FILES.computeIfAbsent(file, f -> {
            try (java.io.InputStream in = ConformanceTest.class.getResourceAsStream("/conformance/" + f)) {
                if (in == null) return false;
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    String t = line.strip();
                    if (t.isEmpty()) continue;
                    if (!t.startsWith("#")) return false;
                    if (t.substring(1).strip().equals("sync: ping")) return true;
                }
                return false;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static final byte[] PONG = "+PONG\r\n".getBytes(StandardCharsets.US_ASCII);

    private static byte[] callSynced(RawRedisClient c, byte[][] argv, boolean sync) {
        byte[] first = c.call(argv);
        if (!sync) return first;
        c.sendRaw(RawRedisClient.encodeCommand(RawRedisClient.argv("PING")));
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        all.writeBytes(first);
        for (byte[] f = c.readReply(); !java.util.Arrays.equals(f, PONG); f = c.readReply()) all.writeBytes(f);
        return all.toByteArray();
    }

    /** The recording must still say what the live server says (with the same relaxations). */
    private static void checkRecording(Block block, int proto, List<byte[]> recordedReplies, List<byte[]> live,
                                       String recordedFrom) {
        List<Line> lines = block.compared(proto);
        StringBuilder transcript = new StringBuilder("The recording of Redis " + recordedFrom + " is stale: re-record with"
                + " mvn -pl server test -Dtest='Conformance*Test' -D" + RECORD_PROPERTY + "=true"
                + " (needs that server's binary). Live server vs recording at the last line of:\n");
        assertEquals(lines.size(), recordedReplies.size(), transcript + "(a different number of replies)");
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            transcript.append(block.file).append(':').append(line.lineNo).append("> ")
                    .append(RespCli.commandLine(line.argv)).append('\n');
            compare(line, recordedReplies.get(i), live.get(i), transcript, true, 0);
        }
    }

    /**
     * The comparison with the recording: redis-double alone runs the block, and its replies are
     * compared with what the real server answered when recorded. Fails when the block has no
     * recording (new or edited since), saying how to record it.
     */
    private static void replayBlock(String version, String recordedFrom, int proto, Block block, RecordedReplies recorded) {
        if (recordMode()) {
            return; // the live pass of this run is writing the recording anew
        }
        List<byte[]> expected = recorded == null ? null : recorded.get(block.hash, proto);
        if (expected == null) {
            fail("no recorded reply of Redis " + recordedFrom + " for " + block.name() + " (RESP" + proto
                    + "): the block is new or was edited. Record it from the real server with"
                    + " mvn -pl server test -Dtest='Conformance*Test' -D" + RECORD_PROPERTY + "=true");
        }
        List<Line> lines = block.compared(proto);
        assertEquals(lines.size(), expected.size(), "recording of " + block.name() + " has another number of replies");
        RedisDouble dbl = doubleFor(version);
        try (RawRedisClient d = new RawRedisClient(dbl.host(), dbl.port())) {
            play(block, proto, null, d, expected, new StringBuilder("Divergence from the recorded replies of Redis "
                    + recordedFrom + " at the last line of:\n"));
        } catch (UncheckedIOException e) {
            fail("I/O failure in " + block.name() + " (recorded " + recordedFrom + ", RESP" + proto + "): " + e.getMessage(), e);
        } finally {
            reset(dbl.host(), dbl.port(), null, block);
        }
    }

    /**
     * Compares one reply with the expected one under the line's relaxations. {@code recorded}: one side
     * is a recording, made at another time, so a {@code @clock} line (a value that depends on the wall
     * clock, e.g. the TTL of an absolute deadline) is compared by its type only.
     */
    /**
     * {@code @near N}: an integer within ±N, plus the milliseconds between sending the command to the
     * reference and the double's reply (each read its clock somewhere in there); an array (HTTL's one TTL per field) element by element, with
     * the same header; anything else exactly.
     */
    private static void assertNear(Line line, RespTree e, RespTree a, String msg, long apartMillis) {
        if (e.type == '*' && a.type == '*' && e.children.size() == a.children.size()) {
            for (int i = 0; i < e.children.size(); i++) assertNear(line, e.children.get(i), a.children.get(i), msg, apartMillis);
            return;
        }
        Long ei = e.integer(), ai = a.integer();
        if (ei == null || ai == null) {
            assertEquals(RawRedisClient.printable(e.raw), RawRedisClient.printable(a.raw), msg);
        } else if (Math.abs(ei - ai) > line.near + apartMillis) {
            fail(msg + "expected " + ei + " within ±" + line.near + " (+" + apartMillis + " ms between the two replies) but was " + ai);
        }
    }

    private static void compare(Line line, byte[] expected, byte[] actual, StringBuilder transcript, boolean recorded,
            long apartMillis) {
        String msg = transcript.toString();
        if (recorded && line.relax.contains("clock")) {
            assertEquals((char) expected[0], (char) actual[0], msg);
        } else if (line.relax.contains("sorted")) {
            assertEquals(RawRedisClient.printable(RespTree.parse(expected).sortedForm()),
                    RawRedisClient.printable(RespTree.parse(actual).sortedForm()), msg);
        } else if (line.relax.contains("near")) {
            assertNear(line, RespTree.parse(expected), RespTree.parse(actual), msg, apartMillis);
        } else if (line.relax.contains("type")) {
            assertEquals((char) expected[0], (char) actual[0], msg);
        } else if (line.relax.contains("keys")) {
            assertEquals(RespTree.parse(expected).keysForm(), RespTree.parse(actual).keysForm(), msg);
        } else {
            assertEquals(RawRedisClient.printable(expected), RawRedisClient.printable(actual), msg);
        }
    }
}
