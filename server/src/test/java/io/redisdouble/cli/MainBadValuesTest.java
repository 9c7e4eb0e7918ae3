package io.redisdouble.cli;

import io.redisdouble.testing.ReferenceRedis;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad values of --port, --databases and --bind are reported in the user's words, with the reason real
 * redis-server gives for the same value (issue #19 item 6: Java's "For input string" and
 * UnresolvedAddressException leaked out before). Each expectation is read from the bundled
 * redis-server 7.0.15 run with the same flags.
 */
class MainBadValuesTest {

    /** What Main prints on stderr for these flags (parsing, then starting), and its exit code. */
    record Outcome(int code, String err) {}

    static Outcome ours(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8), e = new PrintStream(err, true, StandardCharsets.UTF_8);
        Main.Options opts = new Main.Options();
        int code = Main.parse(args, opts, o, e);
        if (code < 0) code = Main.start(opts, o, e);
        return new Outcome(code, err.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"));
    }

    /** The real redis-server's output for these flags (it must exit at once: every case here is fatal). */
    static List<String> redis(String... args) throws IOException, InterruptedException {
        Path binary = ReferenceRedis.bundledBinary("7.0.15");
        List<String> cmd = new ArrayList<>();
        cmd.add(binary.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("redis-server " + String.join(" ", args) + " did not exit");
        }
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.exitValue() != 0, text);
        List<String> lines = new ArrayList<>();
        for (String l : text.split("\n")) if (!l.isBlank()) lines.add(l.strip());
        return lines;
    }

    /** The reason line of redis-server's FATAL CONFIG FILE ERROR report (its last line). */
    static String redisConfigReason(String... args) throws IOException, InterruptedException {
        List<String> lines = redis(args);
        assertTrue(lines.stream().anyMatch(l -> l.contains("FATAL CONFIG FILE ERROR")), lines.toString());
        return lines.get(lines.size() - 1);
    }

    static void sameReason(String flag, String value) throws IOException, InterruptedException {
        String reason = redisConfigReason("--" + flag, value);
        Outcome o = ours("--" + flag, value);
        assertEquals(1, o.code(), o.err());
        assertEquals("redis-double: bad value for '--" + flag + "': " + reason + " ('" + value + "')\n", o.err());
    }

    @Test
    void portThatIsNotAnIntegerOrOutOfRange() throws Exception {
        sameReason("port", "abc");
        sameReason("port", "+5");
        sameReason("port", "1.5");
        sameReason("port", "");
        sameReason("port", "99999");
        sameReason("port", "-1");
    }

    @Test
    void databasesThatIsNotAnIntegerOrOutOfRange() throws Exception {
        sameReason("databases", "x");
        sameReason("databases", "0");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * The system's error texts as musl (the bundled 7.0.15 is a musl build) and glibc (Debian's
     * redis-server, and the JVM's own texts on Linux) word them: redis-double prints glibc's.
     */
    static final java.util.Map<String, String> MUSL_TO_GLIBC = java.util.Map.of(
            "Name does not resolve", "Name or service not known",
            "Address in use", "Address already in use",
            "Address not available", "Cannot assign requested address");

    /**
     * redis-server's two lines for a socket it cannot listen on, without their pid and time prefix and
     * with the system's error text in glibc's words.
     */
    static List<String> redisListenFailure(String... args) throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        for (String l : redis(args)) {
            int i = l.indexOf(" # ");
            if (i >= 0 && (l.contains("listening socket") || l.contains("Failed listening"))) {
                String line = l.substring(i + 3).replaceFirst("^Warning: ", "");
                for (var e : MUSL_TO_GLIBC.entrySet()) {
                    if (line.endsWith(": " + e.getKey())) line = line.substring(0, line.length() - e.getKey().length()) + e.getValue();
                }
                out.add(line);
            }
        }
        assertEquals(2, out.size(), "redis-server's listen failure: " + out);
        return out;
    }

    @Test
    void bindToAnAddressThatDoesNotResolve() throws Exception {
        int port = freePort();
        List<String> redis = redisListenFailure("--bind", "999.1.1.1", "--port", Integer.toString(port));
        Outcome o = ours("--bind", "999.1.1.1", "--port", Integer.toString(port));
        assertEquals(1, o.code(), o.err());
        assertEquals(String.join("\n", redis) + "\n", o.err());
    }

    @Test
    void bindToAnAddressThisMachineDoesNotHave() throws Exception {
        int port = freePort();
        // 192.0.2.1 (TEST-NET-1, RFC 5737) is never a local address: bind() fails, nothing is sent.
        List<String> redis = redisListenFailure("--bind", "192.0.2.1", "--port", Integer.toString(port));
        Outcome o = ours("--bind", "192.0.2.1", "--port", Integer.toString(port));
        assertEquals(1, o.code(), o.err());
        assertEquals(String.join("\n", redis) + "\n", o.err());
    }

    @Test
    void portInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            String port = Integer.toString(taken.getLocalPort());
            List<String> redis = redisListenFailure("--bind", "127.0.0.1", "--port", port);
            Outcome o = ours("--bind", "127.0.0.1", "--port", port);
            assertEquals(1, o.code(), o.err());
            assertEquals(String.join("\n", redis) + "\n", o.err());
        }
    }
}
