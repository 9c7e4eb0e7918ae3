package io.redisdouble.spring;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/**
 * Spring Boot 4's connection details for a redis-double. Boot's Redis auto-configuration creates its own
 * (from {@code spring.data.redis.*}) only when no such bean exists, so with this bean the double wins
 * over whatever the application's configuration says: url, host, port, password, sentinel or cluster
 * settings, and TLS (an SSL bundle only for a TLS double).
 *
 * <p>Only loaded when Boot's {@code spring-boot-data-redis} is on the class path.
 */
final class RedisDoubleConnectionDetails implements DataRedisConnectionDetails {
    private final RedisDoubleConnection connection;

    RedisDoubleConnectionDetails(RedisDoubleConnection connection) {
        this.connection = connection;
    }

    @Override
    public String getPassword() {
        return connection.password();
    }

    /**
     * A TLS double's PEM bundle (its generated CA trusted, its client certificate presented): Boot turns
     * TLS on for Lettuce and Jedis when this is not null. Null without TLS, whatever the application's
     * {@code spring.data.redis.ssl.*} say.
     */
    @Override
    public SslBundle getSslBundle() {
        RedisDoubleConnection.Tls t = connection.tls();
        if (t == null) return null;
        PemSslStoreDetails keys = PemSslStoreDetails.forCertificate(t.clientCert().toUri().toString())
                .withPrivateKey(t.clientKey().toUri().toString());
        PemSslStoreDetails trust = PemSslStoreDetails.forCertificate(t.caCert().toUri().toString());
        return SslBundle.of(new PemSslStoreBundle(keys, trust));
    }

    @Override
    public Standalone getStandalone() {
        if (connection instanceof RedisDoubleConnection.Standalone s) return Standalone.of(s.host(), s.port(), s.database());
        return null;
    }

    /** An emulated cluster's masters; null for a single double. */
    @Override
    public Cluster getCluster() {
        if (!(connection instanceof RedisDoubleConnection.Cluster c)) return null;
        java.util.List<Node> nodes = c.nodes().stream().map(hp -> {
            int colon = hp.lastIndexOf(':');
            return new Node(hp.substring(0, colon), Integer.parseInt(hp.substring(colon + 1)));
        }).toList();
        return () -> nodes;
    }

    @Override
    public String toString() {
        return "redis-double " + connection;
    }
}
