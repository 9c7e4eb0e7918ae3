package io.redisdouble.junit;

import io.redisdouble.RedisDouble;
import io.redisdouble.RedisTls;
import io.redisdouble.testing.TlsTesting;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code @RedisDoubleTest(tls = true)}: TLS only, with generated certificates handed to the test. What a
 * TLS-only server answers (CONFIG GET port 0, a client certificate needed by default) is checked against
 * Debian's redis-server in MainTlsTest and TlsTest; here, that the test gets what it needs to connect.
 */
@RedisDoubleTest(tls = true, version = "7.0")
class TlsExtensionTest {

    @Test
    void injectsTheTlsSide(RedisDouble redis, RedisTls tls, URI uri, @RedisPort int port) {
        assertEquals("rediss", uri.getScheme());
        assertEquals(tls.port(), port);
        assertEquals(port, uri.getPort());
        assertEquals(port, redis.port());
        assertTrue(tls.generated());
        for (var f : new java.nio.file.Path[] {tls.caCertFile(), tls.certFile(), tls.keyFile(), tls.clientCertFile(), tls.clientKeyFile()}) {
            assertTrue(Files.isRegularFile(f), f.toString());
        }
        assertEquals(java.util.List.of("+OK", "$v", "*[$port, $0]"), TlsTesting.session(port, tls.sslContext(), null,
                new String[] {"SET", "k", "v"}, new String[] {"GET", "k"}, new String[] {"CONFIG", "GET", "port"}));
        // the exposed PEM files are enough too (what Lettuce and redis-cli are given)
        assertEquals("+PONG", TlsTesting.call(port, TlsTesting.clientContext(tls.caCertFile(), tls.clientCertFile(),
                tls.clientKeyFile()), "PING"));
        // tls-auth-clients yes, as redis-server: no client certificate, no service
        assertEquals(TlsTesting.REFUSED, TlsTesting.call(port, TlsTesting.clientContext(tls.caCertFile(), null, null), "PING"));
    }

    @Test
    void flushedBeforeEachTestAsWithoutTls(RedisDouble redis, RedisTls tls) {
        assertEquals("$nil", TlsTesting.call(tls.port(), tls.sslContext(), "GET", "k"));
    }
}
