package io.redisdouble.spring.demo;

import io.redisdouble.RedisDouble;
import io.redisdouble.spring.AutoConfigureRedisDouble;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link DemoApplication} on a double that serves TLS only ({@code tls = true}): the shared scenarios
 * run over TLS, with Boot's SSL bundle trusting the generated CA. The server has no plain port, so a
 * client that did not speak TLS would fail every scenario.
 */
@SpringBootTest
@AutoConfigureRedisDouble(version = "7.0", tls = true)
abstract class TlsOnDoubleScenarios extends AppScenarios {
    @Autowired
    RedisDouble server;
    @Autowired
    RedisConnectionFactory factory;
    @Autowired
    DataRedisConnectionDetails details;
    @Autowired
    Environment env;

    /** Whether the connection factory, whichever client made it, was configured for TLS. */
    abstract boolean factoryUsesSsl();

    @Test
    void bootConnectsOverTls() throws Exception {
        assertTrue(factoryUsesSsl());
        assertNotNull(details.getSslBundle());
        assertEquals(server.tls().port(), server.port());
        assertEquals("0", String.valueOf(((java.util.Map<?, ?>) server.command("CONFIG", "GET", "port")).get("port")), "TLS only: no plain port");
        assertEquals(true, env.getProperty("spring.data.redis.ssl.enabled", Boolean.class));
        assertEquals("redis-double", env.getProperty("spring.data.redis.ssl.bundle"));
        assertEquals("rediss://" + server.host() + ":" + server.port() + "/0", env.getProperty("spring.data.redis.url"));
        redis.opsForValue().set("greeting", "hello");
        assertEquals("hello", server.get("greeting"));
        // a plain-text client on the same port gets no reply: only TLS is spoken there
        try (Socket s = new Socket(server.host(), server.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            byte[] got = in.readNBytes(7);
            assertNotEquals("+PONG\r\n", new String(got, StandardCharsets.US_ASCII));
        } catch (java.net.SocketException | java.net.SocketTimeoutException e) {
            // reset or silence: not a reply either
        }
    }
}
