package io.redisdouble.cli;

import io.redisdouble.testing.TlsTesting;
import io.redisdouble.testing.TlsTesting.DebianRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The standalone server's TLS flags as Debian's redis-server 7.0.15 (built with TLS) takes them: the
 * same start failures with the same reason line, and {@code --port 0 --tls-port N} serving TLS only.
 */
class MainTlsTest {
    static Path dir;
    static SSLContext client;

    @BeforeAll
    static void certificates() {
        dir = TlsTesting.makeCertificates();
        client = TlsTesting.clientContext(dir.resolve("ca.crt"), dir.resolve("client.crt"), dir.resolve("client.key"));
    }

    @AfterAll
    static void cleanUp() throws Exception {
        io.redisdouble.testing.ScratchDirs.delete(dir);
    }

    static String f(String name) {
        return dir.resolve(name).toString();
    }

    record Outcome(int code, String out, String err) {}

    static Outcome ours(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8), e = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code = Main.run(args, o, e);
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The log line before "Failed to configure TLS. Check logs for more info.", without its "pid:M date # " prefix. */
    static String reason(String log) {
        List<String> lines = new ArrayList<>();
        for (String l : log.split("\n")) if (!l.isBlank()) lines.add(l.substring(l.indexOf(" # ") + 3).strip());
        int at = lines.indexOf("Failed to configure TLS. Check logs for more info.");
        assertTrue(at > 0, log);
        // OpenSSL's error code and library ("error:05800074:x509 certificate routines::") name its build, not the problem
        return lines.get(at - 1).replaceAll("error:[0-9A-Fa-f]{8}:[^:]*::", "");
    }

    @Test
    void startFailuresAsRedis() {
        String port = Integer.toString(TlsTesting.freePort());
        String[][] cases = {
                {"--tls-port", port},
                {"--tls-port", port, "--tls-cert-file", f("server.crt"), "--tls-key-file", f("server.key")},
                {"--tls-port", port, "--tls-cert-file", f("server.crt"), "--tls-key-file", f("server.key"),
                        "--tls-ca-cert-file", f("ca.crt"), "--tls-protocols", "TLSv1.2 SSLv3"},
                {"--tls-port", port, "--tls-cert-file", f("server.crt"), "--tls-key-file", f("client.key"),
                        "--tls-ca-cert-file", f("ca.crt")},
                {"--tls-port", port, "--tls-key-file", f("server.key"), "--tls-cert-file", f("server.crt"),
                        "--tls-auth-clients", "no", "--tls-protocols", "tlsv1.3  tlsv1.2"},
                {"--tls-port", port, "--tls-cert-file", f("missing.crt"), "--tls-key-file", f("server.key"),
                        "--tls-ca-cert-file", f("ca.crt")},
                {"--tls-port", port, "--tls-cert-file", f("server.crt"), "--tls-key-file", f("server.key"),
                        "--tls-ca-cert-file", f("missing.crt")},
                {"--tls-port", port, "--tls-cert-file", f("server.crt"), "--tls-key-file", f("server.key"),
                        "--tls-ca-cert-file", f("server.key")},
                {"--tls-port", port, "--tls-cert-file", f("server.key"), "--tls-key-file", f("server.key"),
                        "--tls-ca-cert-file", f("ca.crt")},
                {"--tls-port", port, "--tls-cert-file", f("server.crt"), "--tls-key-file", f("server.crt"),
                        "--tls-ca-cert-file", f("ca.crt")},
                {"--tls-port", port, "--tls-cert-file", f("server.crt"), "--tls-key-file", f("server.key"),
                        "--tls-ca-cert-file", f("ca.crt"), "--tls-ciphersuites", "TLS_FOO"},
        };
        for (String[] c : cases) {
            String real = reason(TlsTesting.failedStart(dir, withPort(c)));
            Outcome o = ours(withPort(c));
            assertEquals(1, o.code, String.join(" ", c) + ": " + o.err);
            assertEquals(real, reason(o.out), String.join(" ", c));
        }
    }

    static String[] withPort(String[] args) {
        String[] out = new String[args.length + 2];
        out[0] = "--port";
        out[1] = "0";
        System.arraycopy(args, 0, out, 2, args.length);
        return out;
    }

    /** A TLS port that is taken, beside a free plain port and alone: redis-server's two lines, naming TLS. */
    @Test
    void busyTlsPortAsRedis() throws Exception {
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            String taken = Integer.toString(busy.getLocalPort());
            for (String plain : new String[] {Integer.toString(TlsTesting.freePort()), "0"}) {
                String[] args = {"--port", plain, "--tls-port", taken, "--tls-cert-file", f("server.crt"),
                        "--tls-key-file", f("server.key"), "--tls-ca-cert-file", f("ca.crt")};
                List<String> real = new ArrayList<>();
                for (String l : TlsTesting.failedStart(dir, args).split("\n")) {
                    if (l.contains(" # ")) real.add(l.substring(l.indexOf(" # ") + 3).strip().replaceFirst("^Warning: ", ""));
                }
                Outcome o = ours(args);
                assertEquals(1, o.code, o.err);
                List<String> lines = List.of(o.err.strip().split("\n"));
                assertEquals(List.of("Could not create server TCP listening socket 127.0.0.1:" + taken + ": bind: Address already in use",
                        "Failed listening on port " + taken + " (TLS), aborting."), real.subList(real.size() - 2, real.size()));
                assertEquals(real.subList(real.size() - 2, real.size()), lines);
            }
        }
    }

    @Test
    void badAuthClientsValueAsRedis() {
        String[] args = {"--port", "0", "--tls-port", Integer.toString(TlsTesting.freePort()), "--tls-auth-clients", "maybe"};
        String real = TlsTesting.failedStart(dir, args);
        String why = "argument(s) must be one of the following: no, yes, optional";
        assertTrue(real.contains(why), real);
        Outcome o = ours(args);
        assertEquals(1, o.code);
        assertTrue(o.err.contains(why), o.err);
    }

    /** A PrintStream that counts down when a line containing {@code text} is printed. */
    static PrintStream watching(String text, CountDownLatch seen, ByteArrayOutputStream copy) {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                copy.write(b);
                if (copy.toString(StandardCharsets.UTF_8).contains(text)) seen.countDown();
            }
        }, true, StandardCharsets.UTF_8);
    }

    @Test
    void tlsOnlyWithPortZeroAsRedis() throws Exception {
        String[] tls = {"--tls-cert-file", f("server.crt"), "--tls-key-file", f("server.key"), "--tls-ca-cert-file", f("ca.crt")};
        String[][] probes = {{"CONFIG", "GET", "port"}, {"PING"}};
        List<String> real, ours;
        String realTcpPort, ourTcpPort;
        int realPort;
        try (DebianRedis r = DebianRedis.start(dir, client, tls)) { // --port 0 --tls-port <free>
            realPort = r.tlsPort;
            real = TlsTesting.session(r.tlsPort, client, null, probes);
            realTcpPort = tcpPort(r.tlsPort);
        }
        int port = TlsTesting.freePort();
        List<String> args = new ArrayList<>(List.of("--port", "0", "--tls-port", Integer.toString(port), "--redis-version", "7.0"));
        args.addAll(List.of(tls));
        CountDownLatch ready = new CountDownLatch(1);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = watching("Ready to accept connections", ready, log);
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> Main.run(args.toArray(new String[0]), out, out));
        assertTrue(ready.await(30, TimeUnit.SECONDS), log.toString(StandardCharsets.UTF_8));
        ours = TlsTesting.session(port, client, null, probes);
        ourTcpPort = tcpPort(port);
        assertEquals("+OK", TlsTesting.call(port, client, "SHUTDOWN", "NOSAVE").replace(TlsTesting.REFUSED, "+OK"));
        assertEquals(0, run.get(30, TimeUnit.SECONDS));
        assertEquals(real, ours);
        assertEquals(List.of("*[$port, $0]", "+PONG"), real);
        assertEquals("tcp_port:" + realPort, realTcpPort);
        assertEquals("tcp_port:" + port, ourTcpPort);
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("TLS port " + port), log.toString(StandardCharsets.UTF_8));
    }

    static String tcpPort(int port) {
        String info = TlsTesting.call(port, client, "INFO", "server");
        for (String l : info.split("\r?\n")) if (l.startsWith("tcp_port:")) return l.strip();
        return info;
    }

    @Test
    void refusedFlagsNameWhatIsNotSupported() {
        String port = Integer.toString(TlsTesting.freePort());
        String[] base = {"--port", "0", "--tls-port", port, "--tls-cert-file", f("server.crt"), "--tls-key-file", f("server.key"),
                "--tls-ca-cert-file", f("ca.crt")};
        for (String[] extra : new String[][] {{"--tls-ciphers", "HIGH"}, {"--tls-ciphersuites", "TLS_AES_128_CCM_SHA256"},
                {"--tls-ca-cert-dir", dir.toString()}, {"--tls-replication", "yes"}, {"--tls-session-caching", "no"},
                {"--tls-dh-params-file", f("ca.crt")}}) {
            String[] args = new String[base.length + 2];
            System.arraycopy(base, 0, args, 0, base.length);
            args[base.length] = extra[0];
            args[base.length + 1] = extra[1];
            Outcome o = ours(args);
            assertEquals(1, o.code, String.join(" ", extra));
            assertTrue(o.err.contains(extra[0].substring(2) + " ") && o.err.contains("not supported by redis-double"), o.err);
        }
        // an emulated cluster's nodes serve TLS beside a plain port: TLS only is refused by name
        Outcome cluster = ours("--port", "0", "--tls-port", port, "--cluster-nodes", "3");
        assertEquals(1, cluster.code);
        assertTrue(cluster.err.contains("'--port 0' (TLS only) is not supported with '--cluster-nodes'"), cluster.err);
    }

    /**
     * {@code --cluster-nodes 3 --port P --tls-port T} with the certificate files: masters on P…P+2 and TLS on
     * T…T+2 (as three redis-server nodes with tls-cluster yes; which port each reply names is compared with
     * such a real cluster in ClusterTlsTest), the files as given, and a SHUTDOWN over TLS ends the process.
     */
    @Test
    void clusterNodesWithTls() throws Exception {
        int plain = 22890, tlsBase = 22893; // this suite's ports (22800-22899 on the shared machine)
        String[] args = {"--port", Integer.toString(plain), "--tls-port", Integer.toString(tlsBase), "--cluster-nodes", "3",
                "--redis-version", "7.0", "--tls-cert-file", f("server.crt"), "--tls-key-file", f("server.key"),
                "--tls-ca-cert-file", f("ca.crt")};
        CountDownLatch ready = new CountDownLatch(1);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = watching("Ready to accept connections", ready, log);
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> Main.run(args, out, out));
        assertTrue(ready.await(30, TimeUnit.SECONDS), log.toString(StandardCharsets.UTF_8));
        String tlsSlots = TlsTesting.call(tlsBase + 1, client, "CLUSTER", "SLOTS");
        String plainSlots;
        try (io.redisdouble.testing.RawRedisClient c = new io.redisdouble.testing.RawRedisClient("127.0.0.1", plain + 1)) {
            plainSlots = new String(c.call("CLUSTER", "SLOTS"), StandardCharsets.UTF_8);
        }
        assertEquals("+OK", TlsTesting.call(tlsBase, client, "SHUTDOWN", "NOSAVE").replace(TlsTesting.REFUSED, "+OK"));
        assertEquals(0, run.get(30, TimeUnit.SECONDS));
        for (int i = 0; i < 3; i++) {
            assertTrue(tlsSlots.contains(":" + (tlsBase + i) + ",") && !tlsSlots.contains(":" + (plain + i) + ","), tlsSlots);
            assertTrue(plainSlots.contains(":" + (plain + i) + "\r\n") && !plainSlots.contains(":" + (tlsBase + i) + "\r\n"), plainSlots);
        }
        assertTrue(log.toString(StandardCharsets.UTF_8).contains(plain + " (TLS " + tlsBase + ")"), log.toString(StandardCharsets.UTF_8));
    }
}
