package io.redisdouble.spring.demo;

import io.redisdouble.testing.TlsTesting;
import io.redisdouble.testing.TlsTesting.DebianRedis;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reference for {@link TlsOnDoubleScenarios}: the same application and scenarios on Debian's
 * redis-server 7.0.15 (built with TLS; only with -Pexternal-clients) serving TLS only, with certificates
 * made by openssl, wired the ordinary way: {@code spring.data.redis.ssl.enabled} and a PEM SSL bundle
 * trusting the CA and presenting a client certificate (redis-server's default tls-auth-clients yes).
 */
@SpringBootTest
abstract class TlsOnRealRedisScenarios extends AppScenarios {
    /** One server for the JVM (the contexts are cached across classes), stopped when the JVM ends. */
    static final class Real {
        static final Path DIR = TlsTesting.makeCertificates();
        static final DebianRedis REDIS = start();

        private static DebianRedis start() {
            DebianRedis r = DebianRedis.start(DIR, TlsTesting.clientContext(DIR.resolve("ca.crt"), DIR.resolve("client.crt"),
                    DIR.resolve("client.key")), "--tls-cert-file", DIR.resolve("server.crt").toString(),
                    "--tls-key-file", DIR.resolve("server.key").toString(), "--tls-ca-cert-file", DIR.resolve("ca.crt").toString());
            Runtime.getRuntime().addShutdownHook(new Thread(r::close));
            return r;
        }
    }

    @DynamicPropertySource
    static void realRedisOverTls(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.host", () -> "127.0.0.1");
        registry.add("spring.data.redis.port", () -> Real.REDIS.tlsPort);
        registry.add("spring.data.redis.ssl.enabled", () -> true);
        registry.add("spring.data.redis.ssl.bundle", () -> "real-redis");
        String prefix = "spring.ssl.bundle.pem.real-redis.";
        registry.add(prefix + "truststore.certificate", () -> Real.DIR.resolve("ca.crt").toUri().toString());
        registry.add(prefix + "keystore.certificate", () -> Real.DIR.resolve("client.crt").toUri().toString());
        registry.add(prefix + "keystore.private-key", () -> Real.DIR.resolve("client.key").toUri().toString());
    }

    @Autowired
    RedisConnectionFactory factory;

    /** Whether the connection factory, whichever client made it, was configured for TLS. */
    abstract boolean factoryUsesSsl();

    @Test
    void bootConnectsOverTls() {
        assertTrue(factoryUsesSsl());
        redis.opsForValue().set("greeting", "hello");
        assertEquals("hello", redis.opsForValue().get("greeting"));
    }
}
