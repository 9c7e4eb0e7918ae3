package io.redisdouble.testing;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * TLS for tests, independent of the code under test: certificates made by the {@code openssl} command
 * (as Redis's {@code utils/gen-test-certs.sh} makes them), a JDK client (SSLSocket) that sends one
 * command and reads one RESP2 reply, and Debian's redis-server (built with TLS) started with TLS flags.
 */
public final class TlsTesting {
    private TlsTesting() {}

    /** Debian's redis-server 7.0.15, built with TLS (the bundled and downloaded ones are not). */
    public static final Path DEBIAN_REDIS = Path.of("/usr/bin/redis-server");

    /** What a client saw: the reply as printable text, or {@link #REFUSED} when the connection failed. */
    public static final String REFUSED = "<connection refused by TLS>";

    /**
     * Certificates in {@code dir}: ca.crt/.key; server.crt (CN localhost, SAN localhost and 127.0.0.1,
     * signed by the CA) with server.key (PKCS#8) and server-pkcs1.key (the same key as PKCS#1);
     * client.crt/.key signed by the CA; other-ca.crt and rogue.crt/.key, a client signed by another CA;
     * ec-server.crt with ec-server.key, an EC key in SEC1 form ("BEGIN EC PRIVATE KEY") after its parameters.
     */
    public static Path makeCertificates() {
        try {
            Path dir = Files.createTempDirectory("redis-double-tls-test-");
            openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30", "-subj", "/CN=Test CA",
                    "-keyout", "ca.key", "-out", "ca.crt");
            Files.writeString(dir.resolve("san.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
            leaf(dir, "server", "localhost", "ca", true);
            openssl(dir, "rsa", "-in", "server.key", "-traditional", "-out", "server-pkcs1.key");
            leaf(dir, "client", "client", "ca", false);
            // an EC server key in SEC1 form, after an EC PARAMETERS block, as "openssl ecparam -genkey" writes it
            openssl(dir, "ecparam", "-name", "prime256v1", "-genkey", "-out", "ec-server.key");
            openssl(dir, "req", "-new", "-key", "ec-server.key", "-subj", "/CN=localhost", "-out", "ec-server.csr");
            openssl(dir, "x509", "-req", "-in", "ec-server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                    "-days", "30", "-extfile", "san.ext", "-out", "ec-server.crt");
            openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30", "-subj", "/CN=Other CA",
                    "-keyout", "other-ca.key", "-out", "other-ca.crt");
            leaf(dir, "rogue", "rogue", "other-ca", false);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void leaf(Path dir, String name, String cn, String ca, boolean san) {
        openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + cn, "-keyout", name + ".key", "-out", name + ".csr");
        List<String> args = new ArrayList<>(List.of("x509", "-req", "-in", name + ".csr", "-CA", ca + ".crt", "-CAkey", ca + ".key",
                "-CAcreateserial", "-days", "30", "-out", name + ".crt"));
        if (san) args.addAll(List.of("-extfile", "san.ext"));
        openssl(dir, args.toArray(new String[0]));
    }

    private static void openssl(Path dir, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("the openssl command is needed to make test certificates "
                    + "(apt-get install openssl): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A client context trusting {@code caFile}, presenting {@code certFile}/{@code keyFile} (PKCS#8) if not null. */
    public static SSLContext clientContext(Path caFile, Path certFile, Path keyFile) {
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (Certificate c : certificates(cf, caFile)) trust.setCertificateEntry("ca" + i++, c);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (certFile != null) {
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                keys.setKeyEntry("client", pkcs8(keyFile), new char[0],
                        certificates(cf, certFile).toArray(new Certificate[0]));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, new char[0]);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException("cannot build a client TLS context: " + e, e);
        }
    }

    private static Collection<? extends Certificate> certificates(CertificateFactory cf, Path file) throws Exception {
        return cf.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file)));
    }

    private static PrivateKey pkcs8(Path file) throws Exception {
        String pem = Files.readString(file);
        String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(b64);
        for (String alg : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (Exception e) {
                // next
            }
        }
        throw new IllegalArgumentException("not a PKCS#8 RSA or EC key: " + file);
    }

    /**
     * Connects with TLS (only {@code protocols} if given), sends each command and reads each reply:
     * the printable replies, ending with {@link #REFUSED} where the handshake or the connection failed
     * (with TLS 1.3 a refused client certificate shows only at the first read).
     */
    public static List<String> session(int port, SSLContext ctx, String[] protocols, String[]... commands) {
        return sessionWithSuites(port, ctx, protocols, null, commands);
    }

    /** {@link #session(int, SSLContext, String[], String[][])} offering only these cipher suites (if not null). */
    public static List<String> sessionWithSuites(int port, SSLContext ctx, String[] protocols, String[] suites, String[]... commands) {
        List<String> out = new ArrayList<>();
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            SSLParameters p = s.getSSLParameters();
            if (protocols != null) p.setProtocols(protocols);
            if (suites != null) p.setCipherSuites(suites);
            p.setEndpointIdentificationAlgorithm("HTTPS"); // the server's name is checked, as Lettuce does
            s.setSSLParameters(p);
            OutputStream o = s.getOutputStream();
            InputStream in = s.getInputStream();
            for (String[] cmd : commands) {
                o.write(RawRedisClient.encodeCommand(RawRedisClient.argv(cmd)));
                o.flush();
                out.add(readReply(in));
            }
        } catch (SSLException | SocketException | EOFException e) {
            out.add(REFUSED);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** {@link #session} with one command, its one outcome. */
    public static String call(int port, SSLContext ctx, String... command) {
        List<String> r = session(port, ctx, null, new String[][] {command});
        return r.get(r.size() - 1);
    }

    /** One RESP2 reply as text: "+OK", "-ERR …", ":1", "$v" for bulk v, "$nil", "*[a, b]". */
    private static String readReply(InputStream in) throws IOException {
        String line = readLine(in);
        char t = line.charAt(0);
        String rest = line.substring(1);
        switch (t) {
            case '+', '-', ':' -> {
                return line;
            }
            case '$' -> {
                int n = Integer.parseInt(rest);
                if (n < 0) return "$nil";
                byte[] b = in.readNBytes(n + 2);
                if (b.length < n + 2) throw new EOFException();
                return "$" + new String(b, 0, n, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int n = Integer.parseInt(rest);
                if (n < 0) return "*nil";
                List<String> items = new ArrayList<>();
                for (int i = 0; i < n; i++) items.add(readReply(in));
                return "*" + items;
            }
            default -> throw new IOException("unexpected reply: " + line);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) throw new EOFException();
            if (c != '\r') b.write(c);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    /** A free TCP port on 127.0.0.1. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Debian's redis-server run with TLS flags, killed by {@link #close}. */
    public static final class DebianRedis implements AutoCloseable {
        private final Process process;
        private final Path log;
        public final int tlsPort;

        private DebianRedis(Process process, Path log, int tlsPort) {
            this.process = process;
            this.log = log;
            this.tlsPort = tlsPort;
        }

        /**
         * Starts it in {@code dir} (relative file names in {@code args} are read from there) with
         * {@code --tls-port} on a free port, {@code --port 0} unless {@code args} name a port, and waits until
         * a TLS PING with {@code probe} answers (any answer, even an error, shows it listens).
         */
        public static DebianRedis start(Path dir, SSLContext probe, String... args) {
            if (!Files.isExecutable(DEBIAN_REDIS)) {
                throw new IllegalStateException(DEBIAN_REDIS + " is missing: the TLS comparisons need Debian's "
                        + "redis-server 7.0.15, built with TLS (apt-get install redis-server)");
            }
            int port = freePort();
            List<String> cmd = new ArrayList<>(List.of(DEBIAN_REDIS.toString(), "--port", "0", "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--daemonize", "no", "--tls-port", Integer.toString(port)));
            cmd.addAll(List.of(args));
            try {
                Path log = Files.createTempFile(dir, "redis-", ".log");
                Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
                DebianRedis r = new DebianRedis(p, log, port);
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (System.nanoTime() < deadline) {
                    if (!p.isAlive()) throw new IllegalStateException("redis-server exited: " + Files.readString(log));
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                        break;
                    } catch (IOException e) {
                        // not listening yet: wait for the process a little instead of spinning
                        p.waitFor(20, TimeUnit.MILLISECONDS);
                    }
                }
                // retried until the deadline: with --maxclients 1 the connect above may still hold the only
                // slot when the PING arrives (the server frees it only when it notices the close)
                while (call(port, probe, "PING").equals(REFUSED)) {
                    if (System.nanoTime() > deadline || !p.isAlive()) {
                        r.close();
                        throw new IllegalStateException("redis-server does not answer a TLS PING: " + Files.readString(log));
                    }
                    p.waitFor(20, TimeUnit.MILLISECONDS);
                }
                return r;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /**
         * Starts it in {@code dir} serving plain TCP on {@code port} (no tls-port unless {@code args} give
         * one) and waits until a plain PING there answers.
         */
        public static DebianRedis startPlain(Path dir, int port, String... args) {
            if (!Files.isExecutable(DEBIAN_REDIS)) {
                throw new IllegalStateException(DEBIAN_REDIS + " is missing: the TLS comparisons need Debian's "
                        + "redis-server 7.0.15, built with TLS (apt-get install redis-server)");
            }
            List<String> cmd = new ArrayList<>(List.of(DEBIAN_REDIS.toString(), "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"));
            cmd.addAll(List.of(args));
            try {
                Path log = Files.createTempFile(dir, "redis-", ".log");
                Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
                DebianRedis r = new DebianRedis(p, log, 0);
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (true) {
                    if (!p.isAlive()) throw new IllegalStateException("redis-server exited: " + Files.readString(log));
                    try (RawRedisClient c = new RawRedisClient("127.0.0.1", port)) {
                        c.call("PING");
                        return r;
                    } catch (RuntimeException e) {
                        if (System.nanoTime() > deadline) {
                            r.close();
                            throw new IllegalStateException("redis-server does not answer PING on " + port + ": " + Files.readString(log), e);
                        }
                        p.waitFor(20, TimeUnit.MILLISECONDS); // not listening yet
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        public String log() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                return "";
            }
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * A real cluster of Debian redis-server nodes (masters only) with TLS: each node serves plain TCP on
     * {@code plain[i]} and TLS on {@code tls[i]} with {@code tls-cluster yes} (its bus over TLS on
     * {@code bus[i]}), with server.crt / server.key / ca.crt of {@code dir} (see {@link #makeCertificates});
     * slots as {@code redis-cli --cluster create} gives them, joined with CLUSTER MEET and awaited until every
     * node reports cluster_state:ok and knows every other. {@link #close} stops every node.
     */
    public static final class DebianTlsCluster implements AutoCloseable {
        private final List<DebianRedis> nodes = new ArrayList<>();

        public DebianTlsCluster(Path dir, int[] plain, int[] tls, int[] bus) {
            this(dir, plain, tls, bus, plain.length);
        }

        /** The first {@code masters} nodes are masters; the others replicas, node masters + i of master i (over TLS replication). */
        public DebianTlsCluster(Path dir, int[] plain, int[] tls, int[] bus, int masters) {
            try {
                for (int i = 0; i < plain.length; i++) {
                    nodes.add(DebianRedis.startPlain(dir, plain[i], "--tls-port", Integer.toString(tls[i]),
                            "--tls-cert-file", dir.resolve("server.crt").toString(), "--tls-key-file", dir.resolve("server.key").toString(),
                            "--tls-ca-cert-file", dir.resolve("ca.crt").toString(), "--tls-cluster", "yes", "--tls-replication", "yes",
                            "--cluster-enabled", "yes", "--cluster-port", Integer.toString(bus[i]),
                            "--cluster-config-file", "nodes-" + plain[i] + ".conf", "--cluster-node-timeout", "1000"));
                }
                int[][] ranges = io.redisdouble.cluster.HashSlots.createAllocation(masters);
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < plain.length; i++) {
                    try (RawRedisClient c = new RawRedisClient("127.0.0.1", plain[i])) {
                        if (i < masters) {
                            ok(c.call("CLUSTER", "ADDSLOTSRANGE", Integer.toString(ranges[i][0]), Integer.toString(ranges[i][1])));
                        }
                        ok(c.call("CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(i + 1)));
                        ids.add(new String(c.call("CLUSTER", "MYID"), StandardCharsets.UTF_8).split("\r\n")[1]);
                    }
                }
                try (RawRedisClient c = new RawRedisClient("127.0.0.1", plain[0])) {
                    for (int i = 1; i < plain.length; i++) {
                        ok(c.call("CLUSTER", "MEET", "127.0.0.1", Integer.toString(tls[i]), Integer.toString(bus[i])));
                    }
                }
                if (masters < plain.length) {
                    ReferenceCluster.awaitCondition("every node knows every other", () -> {
                        for (int p : plain) {
                            try (RawRedisClient c = new RawRedisClient("127.0.0.1", p)) {
                                String text = new String(c.call("CLUSTER", "NODES"), StandardCharsets.UTF_8);
                                if (text.lines().filter(l -> l.contains("@")).count() != plain.length || text.contains("handshake")
                                        || text.contains("noaddr")) {
                                    return p + ": " + text.replace('\n', '|');
                                }
                            }
                        }
                        return null;
                    });
                    for (int i = masters; i < plain.length; i++) {
                        try (RawRedisClient c = new RawRedisClient("127.0.0.1", plain[i])) {
                            ok(c.call("CLUSTER", "REPLICATE", ids.get(i - masters)));
                        }
                    }
                }
                ReferenceCluster.awaitCondition("a converged TLS cluster", () -> {
                    for (int p : plain) {
                        try (RawRedisClient c = new RawRedisClient("127.0.0.1", p)) {
                            String info = new String(c.call("CLUSTER", "INFO"), StandardCharsets.UTF_8);
                            String text = new String(c.call("CLUSTER", "NODES"), StandardCharsets.UTF_8);
                            long replicas = text.lines().filter(l -> l.contains("slave")).count();
                            // a replica shows in CLUSTER SLOTS once it has synced (isReplicaAvailable)
                            String slots = new String(c.call("CLUSTER", "SLOTS"), StandardCharsets.UTF_8);
                            for (int q : plain) {
                                if (!slots.contains(":" + q + "\r\n")) return p + ": not yet in CLUSTER SLOTS: " + q;
                            }
                            if (!info.contains("cluster_state:ok") || text.lines().filter(l -> l.contains("connected")).count() != plain.length
                                    || replicas != plain.length - masters || text.contains("handshake") || text.contains("noaddr")) {
                                return p + ": " + info.lines().findFirst().orElse("") + " " + text.replace('\n', '|');
                            }
                        }
                    }
                    return null;
                });
            } catch (RuntimeException e) {
                close();
                throw new IllegalStateException("the real TLS cluster of Debian's redis-server did not start: " + e.getMessage(), e);
            }
        }

        private static void ok(byte[] reply) {
            String s = RawRedisClient.printable(reply);
            if (!s.startsWith("+OK")) throw new IllegalStateException("expected OK: " + s);
        }

        @Override
        public void close() {
            for (DebianRedis n : nodes) n.close();
        }
    }

    /** Runs Debian's redis-server with these flags, expecting it to exit at start: its output. */
    public static String failedStart(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of(DEBIAN_REDIS.toString(), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no"));
        cmd.addAll(List.of(args));
        try {
            Path log = Files.createTempFile(dir, "redis-failed-", ".log");
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException("redis-server " + String.join(" ", args) + " did not exit: "
                        + Files.readString(log));
            }
            return Files.readString(log);
        } catch (IOException e) {
            throw new IllegalStateException(DEBIAN_REDIS + " cannot run: " + e.getMessage()
                    + " (apt-get install redis-server)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
