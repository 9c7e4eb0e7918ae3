package io.redisdouble.net;

import io.redisdouble.RedisDouble;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.TlsTesting;
import io.redisdouble.testing.TlsTesting.DebianRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.redisdouble.testing.TlsTesting.REFUSED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CONFIG SET port and tls-port at run time side by side with Debian's redis-server 7.0.15 (built with
 * TLS): changeListenPort opens the new port and closes the old listening socket, connections made to
 * the old port stay, a port that cannot be opened is refused and leaves the values as they were, port 0
 * only closes, and a tls-port set on a server started without TLS configures TLS from the tls-* files.
 * The same port numbers serve both servers, one after the other, so that the replies are equal.
 */
class TlsListenPortTest {
    // this suite's ports (22800-22899 on the shared machine)
    static final int P1 = 22811, P2 = 22812, P3 = 22813, T1 = 22821, T2 = 22822, T3 = 22823, BUSY = 22830;

    static Path dir;
    static SSLContext goodCert;

    @BeforeAll
    static void certificates() {
        dir = TlsTesting.makeCertificates();
        goodCert = TlsTesting.clientContext(f("ca.crt"), f("client.crt"), f("client.key"));
    }

    @AfterAll
    static void cleanUp() throws Exception {
        io.redisdouble.testing.ScratchDirs.delete(dir);
    }

    static Path f(String name) {
        return dir.resolve(name);
    }

    static String[] tlsFlags() {
        return new String[] {"--tls-cert-file", f("server.crt").toString(), "--tls-key-file", f("server.key").toString(),
                "--tls-ca-cert-file", f("ca.crt").toString()};
    }

    /** One PING over plain TCP: the reply, or "refused" when nothing listens. */
    static String plainPing(int port) {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        } catch (IOException e) {
            return "refused";
        }
        try (RawRedisClient c = new RawRedisClient("127.0.0.1", port)) {
            return call(c, "PING");
        }
    }

    static String call(RawRedisClient c, String... argv) {
        return RawRedisClient.printable(c.call(argv)).replace("\\r\\n", " ").trim();
    }

    /** The same steps on either server, which serves plain TCP on P1 and TLS on T1 to begin with. */
    static List<String> moves() {
        List<String> out = new ArrayList<>();
        try (ServerSocket busy = new ServerSocket(BUSY, 1, InetAddress.getByName("127.0.0.1"));
             RawRedisClient a = new RawRedisClient("127.0.0.1", P1)) {
            out.add(call(a, "CONFIG", "SET", "port", Integer.toString(BUSY)));
            out.add(call(a, "CONFIG", "GET", "port"));
            out.add(plainPing(P1));
            out.add(call(a, "CONFIG", "SET", "port", Integer.toString(P2)));
            out.add(call(a, "PING")); // made to the old port, still served
            out.add(plainPing(P2));
            out.add(plainPing(P1));
            out.add(call(a, "CONFIG", "SET", "tls-port", Integer.toString(BUSY)));
            out.add(TlsTesting.call(T1, goodCert, "PING"));
            out.add(call(a, "CONFIG", "SET", "tls-port", Integer.toString(T2)));
            out.add(TlsTesting.call(T2, goodCert, "CONFIG", "GET", "tls-port"));
            out.add(TlsTesting.call(T1, goodCert, "PING"));
            // all or nothing: the tls-port cannot be opened, so port goes back too (and listens again)
            out.add(call(a, "CONFIG", "SET", "port", Integer.toString(P3), "tls-port", Integer.toString(BUSY)));
            out.add(call(a, "CONFIG", "GET", "port"));
            out.add(plainPing(P2));
            out.add(plainPing(P3));
            out.add(TlsTesting.call(T2, goodCert, "PING"));
            out.add(call(a, "CONFIG", "SET", "port", "0", "tls-port", Integer.toString(T3)));
            out.add(plainPing(P2));
            out.add(TlsTesting.call(T3, goodCert, "PING"));
            out.add(call(a, "CONFIG", "SET", "tls-port", "0"));
            out.add(TlsTesting.call(T3, goodCert, "PING"));
            out.add(call(a, "CONFIG", "SET", "port", Integer.toString(P1)));
            out.add(plainPing(P1));
            out.add(call(a, "CONFIG", "GET", "tls-port"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @Test
    void portAndTlsPortMoveAsRedis() {
        List<String> real, ours;
        try (DebianRedis r = DebianRedis.startPlain(dir, P1, concat(tlsFlags(), "--tls-port", Integer.toString(T1)))) {
            real = moves();
        }
        try (RedisDouble d = RedisDouble.builder().version("7.0").port(P1).tlsPort(T1)
                .tlsFiles(f("server.crt"), f("server.key"), f("ca.crt")).start()) {
            ours = moves();
            assertEquals(P1, d.port());
            assertTrue(!d.hasTls());
        }
        assertEquals(real, ours);
        // not vacuous: the busy port was refused, the new ports served, the old ones closed
        assertEquals("-ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on this port. Check server logs.",
                real.get(0));
        assertEquals("+PONG", real.get(5));
        assertEquals("refused", real.get(6));
        assertEquals(REFUSED, real.get(11));
        assertEquals("+PONG", real.get(19));
    }

    /** A server started without TLS: tls-port needs the tls-* files first (applyTLSPort's tlsConfigure). */
    @Test
    void tlsPortOnAServerStartedWithoutTls() {
        List<String> real, ours;
        try (DebianRedis r = DebianRedis.startPlain(dir, P1)) {
            real = enableTls();
        }
        try (RedisDouble d = RedisDouble.builder().version("7.0").port(P1).start()) {
            ours = enableTls();
            assertEquals(T1, d.tls().port());
        }
        assertEquals(real, ours);
        assertEquals("+PONG", real.get(real.size() - 1));
        assertTrue(real.get(0).endsWith("Unable to update TLS configuration. Check server logs."), real.get(0));
    }

    static List<String> enableTls() {
        List<String> out = new ArrayList<>();
        try (RawRedisClient a = new RawRedisClient("127.0.0.1", P1)) {
            out.add(call(a, "CONFIG", "SET", "tls-port", Integer.toString(T1)));
            out.add(call(a, "CONFIG", "GET", "tls-port"));
            out.add(TlsTesting.call(T1, goodCert, "PING"));
            out.add(call(a, "CONFIG", "SET", "tls-cert-file", f("server.crt").toString(), "tls-key-file", f("server.key").toString(),
                    "tls-ca-cert-file", f("ca.crt").toString()));
            out.add(call(a, "CONFIG", "SET", "tls-port", Integer.toString(T1)));
            out.add(call(a, "CONFIG", "GET", "tls-port"));
            out.add(TlsTesting.call(T1, goodCert, "PING"));
        }
        return out;
    }

    static String[] concat(String[] a, String... b) {
        String[] r = new String[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
