package io.redisdouble.clients;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.redisdouble.RedisDouble;
import io.redisdouble.RedisTls;
import io.redisdouble.testing.TlsTesting;
import io.redisdouble.testing.TlsTesting.DebianRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;

import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rediss://} from Jedis, Lettuce and Debian's redis-cli ({@code --tls}) against the double and
 * against Debian's redis-server 7.0.15 given the same certificates (the double's generated ones), with
 * each client's own verification of the server on (Lettuce and the JDK check the host name too): the
 * same answers, and the same refusal for a client without a certificate.
 */
class ExternalTlsClientsTest {
    static RedisDouble redis;
    static RedisTls tls;
    static DebianRedis real;
    static Path realDir;

    @BeforeAll
    static void start() throws IOException {
        redis = RedisDouble.builder().version("7.0").tlsOnly().start();
        tls = redis.tls();
        realDir = Files.createTempDirectory("redis-double-tls-clients-");
        real = DebianRedis.start(realDir, tls.sslContext(), "--tls-cert-file", tls.certFile().toString(),
                "--tls-key-file", tls.keyFile().toString(), "--tls-ca-cert-file", tls.caCertFile().toString());
    }

    @AfterAll
    static void stop() {
        if (real != null) real.close();
        if (redis != null) redis.close();
        if (realDir != null) io.redisdouble.testing.ScratchDirs.delete(realDir);
    }

    /** Both servers, as rediss:// URIs. */
    static List<URI> servers() {
        return List.of(redis.uri(), URI.create("rediss://127.0.0.1:" + real.tlsPort));
    }

    static List<Object> jedisScenario(URI uri) {
        SSLParameters p = new SSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        try (Jedis jedis = new Jedis(uri, DefaultJedisClientConfig.builder().ssl(true)
                .sslSocketFactory(tls.socketFactory()).sslParameters(p).build())) {
            jedis.del("tls:k", "tls:h");
            List<Object> out = new ArrayList<>();
            out.add(jedis.ping());
            out.add(jedis.set("tls:k", "v"));
            out.add(jedis.incrBy("tls:n", 0));
            out.add(jedis.hset("tls:h", Map.of("a", "1", "b", "2")));
            out.add(new java.util.TreeMap<>(jedis.hgetAll("tls:h")));
            out.add(jedis.configGet("tls-auth-clients"));
            out.add(jedis.configGet("port"));
            jedis.del("tls:k", "tls:h", "tls:n");
            return out;
        }
    }

    @Test
    void jedisRediss() {
        List<Object> ours = jedisScenario(servers().get(0)), theirs = jedisScenario(servers().get(1));
        assertEquals(theirs, ours);
        assertEquals("PONG", ours.get(0));
    }

    static List<Object> lettuceScenario(URI uri, boolean withClientCert) {
        SslOptions.Builder ssl = SslOptions.builder().jdkSslProvider().trustManager(tls.caCertFile().toFile());
        if (withClientCert) ssl.keyManager(tls.clientCertFile().toFile(), tls.clientKeyFile().toFile(), null);
        RedisURI ru = RedisURI.create(uri);
        ru.setTimeout(Duration.ofSeconds(10));
        assertTrue(ru.isSsl() && ru.isVerifyPeer());
        RedisClient client = RedisClient.create(ru);
        client.setOptions(ClientOptions.builder().sslOptions(ssl.build()).autoReconnect(false).build());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            RedisCommands<String, String> r = c.sync();
            List<Object> out = new ArrayList<>();
            out.add(r.ping());
            out.add(r.set("tls:l", "v"));
            out.add(r.get("tls:l"));
            out.add(r.del("tls:l"));
            out.add(r.configGet("tls-*-file").keySet().stream().sorted().toList());
            return out;
        } catch (RuntimeException e) {
            return List.of("failed");
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void lettuceRediss() {
        List<Object> ours = lettuceScenario(servers().get(0), true), theirs = lettuceScenario(servers().get(1), true);
        assertEquals(theirs, ours);
        assertEquals("PONG", ours.get(0));
        // no client certificate: tls-auth-clients yes refuses it on both
        assertEquals(lettuceScenario(servers().get(1), false), lettuceScenario(servers().get(0), false));
        assertEquals(List.of("failed"), lettuceScenario(servers().get(0), false));
    }

    /** Debian's redis-cli with --tls: output and exit code. */
    static String redisCli(int port, String... extra) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port), "--tls",
                "--cacert", tls.caCertFile().toString()));
        cmd.addAll(List.of(extra));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("redis-cli is needed for this test (apt-get install redis-tools): " + e.getMessage(), e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out.strip() + " (exit " + p.exitValue() + ")";
    }

    static String closed(String out) {
        return out.replace("Connection reset by peer", "<connection ended>").replace("Server closed the connection", "<connection ended>");
    }

    @Test
    void redisCliTls() throws Exception {
        String[] withCert = {"--cert", tls.clientCertFile().toString(), "--key", tls.clientKeyFile().toString()};
        for (String[] cmd : new String[][] {{"PING"}, {"SET", "tls:c", "v"}, {"GET", "tls:c"}, {"DEL", "tls:c"},
                {"CONFIG", "GET", "tls-auth-clients"}}) {
            String[] args = new String[withCert.length + cmd.length];
            System.arraycopy(withCert, 0, args, 0, withCert.length);
            System.arraycopy(cmd, 0, args, withCert.length, cmd.length);
            assertEquals(redisCli(real.tlsPort, args), redisCli(redis.port(), args), String.join(" ", cmd));
        }
        assertEquals("PONG (exit 0)", redisCli(redis.port(), withCert[0], withCert[1], withCert[2], withCert[3], "PING"));
        // without a client certificate: refused by both. How the TCP connection ends after the TLS alert
        // (a reset when the client's PING is still unread, else a close) depends on timing on either server.
        String refused = closed(redisCli(real.tlsPort, "PING"));
        assertEquals(refused, closed(redisCli(redis.port(), "PING")));
        assertEquals("Error: <connection ended> (exit 1)", refused);
    }
}
