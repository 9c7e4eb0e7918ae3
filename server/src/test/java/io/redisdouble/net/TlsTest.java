package io.redisdouble.net;

import io.redisdouble.RedisDouble;
import io.redisdouble.RedisTls;
import io.redisdouble.testing.TlsTesting;
import io.redisdouble.testing.TlsTesting.DebianRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.net.ssl.SSLContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.redisdouble.testing.TlsTesting.REFUSED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLS (issue #15 item 14) side by side with Debian's redis-server 7.0.15, which is built with TLS: the
 * same certificates (made by openssl), the same flags, then the same handshake outcome for each kind of
 * client under each tls-auth-clients mode, the same replies and the same CONFIG GET / CONFIG SET answers.
 */
class TlsTest {
    static Path dir;
    static SSLContext noCert, goodCert, rogueCert, wrongCa;

    @BeforeAll
    static void certificates() {
        dir = TlsTesting.makeCertificates();
        noCert = TlsTesting.clientContext(f("ca.crt"), null, null);
        goodCert = TlsTesting.clientContext(f("ca.crt"), f("client.crt"), f("client.key"));
        rogueCert = TlsTesting.clientContext(f("ca.crt"), f("rogue.crt"), f("rogue.key"));
        // trusts another CA only: the server's certificate must be refused by the client
        wrongCa = TlsTesting.clientContext(f("other-ca.crt"), f("client.crt"), f("client.key"));
    }

    @AfterAll
    static void cleanUp() throws Exception {
        io.redisdouble.testing.ScratchDirs.delete(dir);
    }

    static Path f(String name) {
        return dir.resolve(name);
    }

    static String[] flags(String key, String authClients) {
        return new String[] {"--tls-cert-file", f("server.crt").toString(), "--tls-key-file", f(key).toString(),
                "--tls-ca-cert-file", f("ca.crt").toString(), "--tls-auth-clients", authClients};
    }

    static RedisDouble startDouble(String key, String authClients) {
        return RedisDouble.builder().version("7.0").tlsFiles(f("server.crt"), f(key), f("ca.crt"))
                .config("tls-auth-clients", authClients).start();
    }

    /** PING from each kind of client: no certificate, one signed by the CA, one signed by another CA, a client that distrusts the server. */
    static List<String> outcomes(int port) {
        List<String> out = new ArrayList<>();
        for (SSLContext c : new SSLContext[] {noCert, goodCert, rogueCert, wrongCa}) out.add(TlsTesting.call(port, c, "PING"));
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "no", "optional"})
    void clientCertificatesAsRedisChecksThem(String mode) {
        List<String> real, ours;
        try (DebianRedis r = DebianRedis.start(dir, goodCert, flags("server.key", mode))) {
            real = outcomes(r.tlsPort);
        }
        try (RedisDouble d = startDouble("server.key", mode)) {
            ours = outcomes(d.tls().port());
        }
        assertEquals(real, ours, "tls-auth-clients " + mode + ": no cert, CA-signed cert, other CA's cert, server distrusted");
        // the comparison is not vacuous: the CA-signed client is served, the distrusting client is not
        assertEquals("+PONG", real.get(1));
        assertEquals(REFUSED, real.get(3));
    }

    @Test
    void pkcs1KeyAndRepliesAndConfigGet() {
        Map<String, String> realConfig, ourConfig;
        List<String> realReplies, ourReplies;
        String[][] commands = {{"SET", "k", "v"}, {"GET", "k"}, {"INCR", "k"}, {"HELLO", "2", "SETNAME", "tls"},
                {"CLIENT", "GETNAME"}, {"CONFIG", "GET", "port"}};
        try (DebianRedis r = DebianRedis.start(dir, goodCert, flags("server-pkcs1.key", "yes"))) {
            realReplies = TlsTesting.session(r.tlsPort, goodCert, null, commands);
            realConfig = tlsConfig(r.tlsPort);
            assertEquals("$" + r.tlsPort, realConfig.remove("tls-port"));
        }
        try (RedisDouble d = RedisDouble.builder().version("7.0").tlsOnly().tlsFiles(f("server.crt"), f("server-pkcs1.key"), f("ca.crt")).start()) {
            ourReplies = TlsTesting.session(d.port(), goodCert, null, commands);
            ourConfig = tlsConfig(d.port());
            assertEquals("$" + d.tls().port(), ourConfig.remove("tls-port"));
            assertEquals("rediss://127.0.0.1:" + d.port(), d.uri().toString());
        }
        assertTrue(realReplies.get(3).startsWith("*[$server, $redis"), realReplies.toString());
        // HELLO's id and the like differ between servers; everything else is the same
        realReplies.set(3, realReplies.get(3).replaceAll("\\$id, :\\d+", "\\$id, :N"));
        ourReplies.set(3, ourReplies.get(3).replaceAll("\\$id, :\\d+", "\\$id, :N"));
        assertEquals(realReplies, ourReplies);
        assertEquals(realConfig, ourConfig);
    }

    /** CONFIG GET tls-* as a map (7.0 lists parameters in its hash table's order). */
    static Map<String, String> tlsConfig(int port) {
        String r = TlsTesting.call(port, goodCert, "CONFIG", "GET", "tls-*");
        assertTrue(r.startsWith("*["), r);
        String[] items = r.substring(2, r.length() - 1).split(", ", -1);
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i + 1 < items.length; i += 2) m.put(items[i].substring(1), items[i + 1]);
        assertTrue(m.size() >= 20, m.toString());
        return m;
    }

    /** CONFIG SET of tls-* parameters, the same sequence on both: errors, then settings taking effect for new connections. */
    @Test
    void configSetAsRedis() {
        String[][] steps = {
                {"CONFIG", "SET", "tls-cert-file", f("missing.crt").toString()},
                {"CONFIG", "SET", "tls-key-file", f("client.key").toString()},
                {"CONFIG", "SET", "tls-protocols", "TLSv1.2  TLSv1.3"},
                {"CONFIG", "SET", "tls-protocols", "TLSv1.4"},
                {"CONFIG", "SET", "tls-auth-clients", "maybe"},
                {"CONFIG", "GET", "tls-cert-file"},
                {"CONFIG", "GET", "tls-protocols"},
                {"CONFIG", "SET", "tls-protocols", "tlsv1.3"},
                {"CONFIG", "GET", "tls-protocols"},
                {"CONFIG", "SET", "tls-auth-clients", "optional"},
                {"CONFIG", "SET", "tls-key-file", f("server-pkcs1.key").toString()},
        };
        List<String> real, ours;
        String[] tls12 = {"TLSv1.2"};
        try (DebianRedis r = DebianRedis.start(dir, goodCert, flags("server.key", "yes"))) {
            real = new ArrayList<>(TlsTesting.session(r.tlsPort, goodCert, null, steps));
            real.add(TlsTesting.session(r.tlsPort, noCert, tls12, new String[] {"PING"}).get(0));
            real.add(TlsTesting.call(r.tlsPort, noCert, "PING"));
            real.add(TlsTesting.call(r.tlsPort, goodCert, "CONFIG", "SET", "tls-ca-cert-file", ""));
            real.add(TlsTesting.call(r.tlsPort, goodCert, "CONFIG", "SET", "tls-auth-clients", "no", "tls-ca-cert-file", ""));
        }
        try (RedisDouble d = startDouble("server.key", "yes")) {
            ours = new ArrayList<>(TlsTesting.session(d.tls().port(), goodCert, null, steps));
            ours.add(TlsTesting.session(d.tls().port(), noCert, tls12, new String[] {"PING"}).get(0));
            ours.add(TlsTesting.call(d.tls().port(), noCert, "PING"));
            ours.add(TlsTesting.call(d.tls().port(), goodCert, "CONFIG", "SET", "tls-ca-cert-file", ""));
            ours.add(TlsTesting.call(d.tls().port(), goodCert, "CONFIG", "SET", "tls-auth-clients", "no", "tls-ca-cert-file", ""));
        }
        assertEquals(real, ours);
        // not vacuous: the bad values were refused, the TLSv1.2 client after "tlsv1.3" was refused, the
        // certificate-less client was served once tls-auth-clients was optional
        assertTrue(real.get(0).startsWith("-ERR CONFIG SET failed"), real.get(0));
        assertEquals(REFUSED, real.get(steps.length));
        assertEquals("+PONG", real.get(steps.length + 1));
    }

    /**
     * What redis-double does not do is refused by name rather than accepted: OpenSSL cipher lists, a CA directory, encrypted keys, DH
     * parameters, TLS for replication and the cluster bus, turning session caching off.
     */
    @Test
    void configSetRefusesWhatIsNotDone() {
        try (RedisDouble d = startDouble("server.key", "yes")) {
            int port = d.tls().port();
            String[][] refused = {{"tls-ciphers", "HIGH"},
                    {"tls-ciphersuites", "TLS_AES_128_CCM_SHA256"}, {"tls-ca-cert-dir", dir.toString()},
                    {"tls-key-file-pass", "secret"}, {"tls-dh-params-file", f("ca.crt").toString()},
                    {"tls-client-cert-file", f("client.crt").toString()}, {"tls-replication", "yes"},
                    {"tls-cluster", "yes"}, {"tls-session-caching", "no"}};
            for (String[] r : refused) {
                String reply = TlsTesting.call(port, goodCert, "CONFIG", "SET", r[0], r[1]);
                assertTrue(reply.startsWith("-ERR CONFIG SET failed (possibly related to argument '" + r[0] + "') - " + r[0])
                        && reply.contains("redis-double"), reply);
            }
            // the values that describe what it does are taken
            assertEquals("+OK", TlsTesting.call(port, goodCert, "CONFIG", "SET", "tls-port", Integer.toString(port),
                    "tls-ciphers", "", "tls-replication", "no", "tls-session-caching", "yes"));
            assertEquals("*[$tls-port, $" + port + "]", TlsTesting.call(port, goodCert, "CONFIG", "GET", "tls-port"));
        }
    }

    /**
     * INFO's listener lines in 7.2+ (getListensInfoString in 7.2.6's connection.c: one line per configured
     * connection type, numbered by type, 0 tcp and 1 tls). Read from the source: the 7.2.6 reference binary
     * is built without TLS ("Missing implement of connection type tls"), Debian's 7.0.15 has no such lines.
     */
    @Test
    void infoListenersOf72() {
        try (RedisDouble d = RedisDouble.builder().version("7.2").tls().start()) {
            String info = (String) d.command("INFO", "server");
            assertTrue(info.contains("\r\nlistener0:name=tcp,bind=127.0.0.1,port=" + d.port() + "\r\nlistener1:name=tls,bind=127.0.0.1,port="
                    + d.tls().port() + "\r\n"), info);
            assertTrue(info.contains("\r\ntcp_port:" + d.port() + "\r\n"), info);
        }
        try (RedisDouble d = RedisDouble.builder().version("7.2").tlsOnly().start()) {
            String info = (String) d.command("INFO", "server");
            assertTrue(info.contains("\r\nlistener1:name=tls,bind=127.0.0.1,port=" + d.port() + "\r\n"), info);
            assertTrue(!info.contains("listener0"), info);
            assertTrue(info.contains("\r\ntcp_port:" + d.port() + "\r\n"), info);
        }
    }

    /**
     * tls-ciphersuites (TLSv1.3) as SSL_CTX_set_ciphersuites takes it: colon-separated, case-sensitive,
     * unknown names skipped, none known refused; a TLSv1.3 client offering only a suite left out is refused.
     */
    @Test
    void ciphersuitesAsRedis() {
        String[][] steps = {
                {"CONFIG", "SET", "tls-ciphersuites", "FOO"},
                {"CONFIG", "SET", "tls-ciphersuites", "tls_aes_128_gcm_sha256"},
                {"CONFIG", "SET", "tls-ciphersuites", "TLS_AES_128_GCM_SHA256:FOO::TLS_CHACHA20_POLY1305_SHA256"},
                {"CONFIG", "GET", "tls-ciphersuites"},
        };
        String[] tls13 = {"TLSv1.3"};
        List<String> real, ours;
        try (DebianRedis r = DebianRedis.start(dir, goodCert, flags("server.key", "yes"))) {
            real = suiteOutcomes(r.tlsPort, steps, tls13);
        }
        try (RedisDouble d = startDouble("server.key", "yes")) {
            ours = suiteOutcomes(d.tls().port(), steps, tls13);
        }
        assertEquals(real, ours);
        assertEquals(List.of(REFUSED, "+PONG", "+PONG"), real.subList(steps.length, real.size()));
    }

    static List<String> suiteOutcomes(int port, String[][] steps, String[] tls13) {
        List<String> out = new ArrayList<>(TlsTesting.session(port, goodCert, null, steps));
        out.add(TlsTesting.sessionWithSuites(port, goodCert, tls13, new String[] {"TLS_AES_256_GCM_SHA384"}, new String[] {"PING"}).get(0));
        out.add(TlsTesting.sessionWithSuites(port, goodCert, tls13, new String[] {"TLS_AES_128_GCM_SHA256"}, new String[] {"PING"}).get(0));
        // TLSv1.2 is not governed by tls-ciphersuites
        out.add(TlsTesting.session(port, goodCert, new String[] {"TLSv1.2"}, new String[] {"PING"}).get(0));
        return out;
    }

    /** An EC key in SEC1 form after an EC PARAMETERS block (openssl ecparam -genkey): served by both. */
    @Test
    void secOneEcKey() throws Exception {
        assertTrue(Files.readString(f("ec-server.key")).contains("BEGIN EC PRIVATE KEY"));
        String[] ec = {"--tls-cert-file", f("ec-server.crt").toString(), "--tls-key-file", f("ec-server.key").toString(),
                "--tls-ca-cert-file", f("ca.crt").toString()};
        String real, ours;
        try (DebianRedis r = DebianRedis.start(dir, goodCert, ec)) {
            real = TlsTesting.call(r.tlsPort, goodCert, "PING");
        }
        try (RedisDouble d = RedisDouble.builder().tlsFiles(f("ec-server.crt"), f("ec-server.key"), f("ca.crt")).start()) {
            ours = TlsTesting.call(d.tls().port(), goodCert, "PING");
        }
        assertEquals("+PONG", real);
        assertEquals(real, ours);
    }

    /**
     * maxclients over TLS: redis-server writes its error before the handshake, which cannot carry it,
     * so the client beyond the limit sees the connection close; it is counted in rejected_connections.
     */
    @Test
    void maxclientsOverTls() throws Exception {
        List<String> real, ours;
        String[] flags = flags("server.key", "yes");
        String[] withMax = java.util.Arrays.copyOf(flags, flags.length + 2);
        withMax[flags.length] = "--maxclients";
        withMax[flags.length + 1] = "1";
        try (DebianRedis r = DebianRedis.start(dir, goodCert, withMax)) {
            real = beyondTheLimit(r.tlsPort);
        }
        try (RedisDouble d = startDouble("server.key", "yes")) {
            d.command("CONFIG", "SET", "maxclients", "1");
            ours = beyondTheLimit(d.tls().port());
        }
        assertEquals(real, ours);
        assertEquals(List.of("+PONG", REFUSED, "rejected_connections:1"), real);
    }

    static List<String> beyondTheLimit(int port) throws Exception {
        try (javax.net.ssl.SSLSocket first = (javax.net.ssl.SSLSocket) goodCert.getSocketFactory().createSocket("127.0.0.1", port)) {
            first.setSoTimeout(10_000);
            var out = first.getOutputStream();
            var in = first.getInputStream();
            out.write("PING\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            List<String> r = new ArrayList<>();
            r.add(new String(in.readNBytes(5), java.nio.charset.StandardCharsets.US_ASCII));
            in.readNBytes(2);
            r.add(TlsTesting.call(port, goodCert, "PING"));
            out.write("INFO stats\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            String header = new String(in.readNBytes(1), java.nio.charset.StandardCharsets.US_ASCII);
            StringBuilder len = new StringBuilder();
            for (int ch = in.read(); ch != '\r'; ch = in.read()) len.append((char) ch);
            in.read();
            String info = new String(in.readNBytes(Integer.parseInt(len.toString())), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals("$", header);
            for (String l : info.split("\r\n")) if (l.startsWith("rejected_connections:")) r.add(l);
            return r;
        }
    }

    /**
     * Protected mode over TLS: a client from 127.0.0.2 (not local to Redis) completes the handshake and is
     * then told DENIED, as clientAcceptHandler runs after it.
     */
    @Test
    void protectedModeOverTls() throws Exception {
        String real, ours;
        try (DebianRedis r = DebianRedis.start(dir, goodCert, flags("server.key", "yes"))) {
            real = pingFrom127002(r.tlsPort);
        }
        try (RedisDouble d = startDouble("server.key", "yes")) {
            ours = pingFrom127002(d.tls().port());
        }
        assertTrue(real.startsWith("-DENIED Redis is running in protected mode"), real);
        assertEquals(real, ours);
    }

    static String pingFrom127002(int port) throws Exception {
        java.net.Socket plain = new java.net.Socket();
        plain.bind(new java.net.InetSocketAddress("127.0.0.2", 0));
        plain.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5000);
        try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) goodCert.getSocketFactory().createSocket(plain, "127.0.0.1", port, true)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("PING\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            StringBuilder line = new StringBuilder();
            for (int ch = s.getInputStream().read(); ch >= 0 && ch != '\r'; ch = s.getInputStream().read()) line.append((char) ch);
            return line.toString();
        } catch (javax.net.ssl.SSLException | java.net.SocketException e) {
            return REFUSED;
        }
    }

    /** Every dialect serves TLS (their CONFIG tables all have the tls-* parameters, as the real servers do). */
    @ParameterizedTest
    @ValueSource(strings = {"6.2", "7.0", "7.2", "7.4", "8.0", "valkey-8.0"})
    void everyDialectServesTls(String version) {
        try (RedisDouble d = RedisDouble.builder().version(version).tlsOnly().start()) {
            SSLContext c = d.tls().sslContext();
            assertEquals(List.of("+PONG", "*[$tls-port, $" + d.port() + "]", "*[$port, $0]"), TlsTesting.session(d.port(), c, null,
                    new String[] {"PING"}, new String[] {"CONFIG", "GET", "tls-port"}, new String[] {"CONFIG", "GET", "port"}));
        }
    }

    /** The double's generated certificates are good X.509 for OpenSSL: Debian's redis-server serves with them. */
    @Test
    void generatedCertificatesWorkWithOpenSsl() {
        try (RedisDouble d = RedisDouble.builder().tls().start()) {
            RedisTls t = d.tls();
            assertTrue(t.generated());
            SSLContext client = t.sslContext();
            assertEquals("+PONG", TlsTesting.call(t.port(), client, "PING"));
            // the plain port stays, beside the TLS one
            assertNotEquals(d.port(), t.port());
            assertEquals("PONG", d.command("PING"));
            try (DebianRedis r = DebianRedis.start(dir, client, "--tls-cert-file", t.certFile().toString(),
                    "--tls-key-file", t.keyFile().toString(), "--tls-ca-cert-file", t.caCertFile().toString())) {
                assertEquals("+PONG", TlsTesting.call(r.tlsPort, client, "PING"));
                // the client certificate is what lets it in (tls-auth-clients yes)
                SSLContext anonymous = TlsTesting.clientContext(t.caCertFile(), null, null);
                assertEquals(REFUSED, TlsTesting.call(r.tlsPort, anonymous, "PING"));
                assertEquals(REFUSED, TlsTesting.call(t.port(), anonymous, "PING"));
            }
        }
    }

    /** A plain-text client on the TLS port is dropped, by both. */
    @Test
    void plainTextOnTheTlsPort() {
        String real, ours;
        try (DebianRedis r = DebianRedis.start(dir, goodCert, flags("server.key", "yes"));
             var c = new io.redisdouble.testing.RawRedisClient("127.0.0.1", r.tlsPort)) {
            real = plainPing(c);
        }
        try (RedisDouble d = startDouble("server.key", "yes");
             var c = new io.redisdouble.testing.RawRedisClient("127.0.0.1", d.tls().port())) {
            ours = plainPing(c);
        }
        assertEquals(real, ours);
    }

    static String plainPing(io.redisdouble.testing.RawRedisClient c) {
        try {
            return io.redisdouble.testing.RawRedisClient.printable(c.call("PING"));
        } catch (RuntimeException e) {
            return "closed";
        }
    }
}
