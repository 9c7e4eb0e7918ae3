package io.redisdouble.spring;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the application context is wired to: the one place that turns a running double into Spring
 * Boot's connection settings, both as {@code spring.data.redis.*} properties ({@link #properties()}) and
 * as Boot's {@code DataRedisConnectionDetails} ({@link RedisDoubleConnectionDetails}).
 *
 * <p>Two forms: one double ({@link Standalone}), or an emulated Redis Cluster ({@link Cluster}: its
 * masters' {@code host:port} as {@code spring.data.redis.cluster.nodes}, which Boot's Lettuce
 * configuration also reads to choose cluster client options).
 */
sealed interface RedisDoubleConnection permits RedisDoubleConnection.Standalone, RedisDoubleConnection.Cluster {

    /** Password clients must send, or null. */
    String password();

    /** Properties that take precedence over any other source of {@code spring.data.redis.*}. */
    Map<String, Object> properties();

    /** The name of the SSL bundle of a TLS double ({@code spring.ssl.bundle.pem.redis-double.*}). */
    String SSL_BUNDLE = "redis-double";

    /** The PEM files a client of a TLS double needs: the CA to trust, the client certificate and key to present. */
    record Tls(Path caCert, Path clientCert, Path clientKey) {
        /** Boot's PEM SSL bundle of these files, as {@code spring.ssl.bundle.pem.redis-double.*} describes it. */
        Map<String, Object> bundleProperties() {
            String prefix = "spring.ssl.bundle.pem." + SSL_BUNDLE + ".";
            Map<String, Object> p = new LinkedHashMap<>();
            p.put(prefix + "truststore.certificate", caCert.toUri().toString());
            p.put(prefix + "keystore.certificate", clientCert.toUri().toString());
            p.put(prefix + "keystore.private-key", clientKey.toUri().toString());
            return p;
        }
    }

    /**
     * One redis-double, reached at host:port, database {@code database} of its 16; over TLS when
     * {@code tls} is not null.
     */
    record Standalone(String host, int port, int database, String password, Tls tls) implements RedisDoubleConnection {

        Standalone(String host, int port, int database, String password) {
            this(host, port, database, password, null);
        }

        /**
         * host, port and a url: Boot's properties-based connection details read a url before host and
         * port, so an application's own {@code spring.data.redis.url} (a staging server, a
         * {@code rediss://} url that would turn TLS on) must be overridden too.
         */
        @Override
        public Map<String, Object> properties() {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("spring.data.redis.host", host);
            p.put("spring.data.redis.port", port);
            String credentials = password == null ? "" : ":" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "@";
            p.put("spring.data.redis.url", (tls == null ? "redis://" : "rediss://") + credentials + host + ":" + port + "/" + database);
            if (password != null) p.put("spring.data.redis.password", password);
            // an application's own spring.data.redis.ssl.* must not win either way
            p.put("spring.data.redis.ssl.enabled", tls != null);
            p.put("spring.data.redis.ssl.bundle", tls == null ? "" : SSL_BUNDLE);
            if (tls != null) p.putAll(tls.bundleProperties());
            return p;
        }

        @Override
        public String toString() {
            return host + ":" + port + "/" + database + (tls == null ? "" : " over TLS") + (password == null ? "" : " (with a password)");
        }
    }

    /** Over TLS when not null. */
    Tls tls();

    /**
     * An emulated cluster: its masters' addresses ({@code host:port}, their TLS ports with {@code tls}), any
     * of which a client may start from.
     */
    record Cluster(java.util.List<String> nodes, String password, Tls tls) implements RedisDoubleConnection {

        Cluster(java.util.List<String> nodes, String password) {
            this(nodes, password, null);
        }

        /**
         * {@code spring.data.redis.cluster.nodes}, and blanks for url, host and port: an application's own
         * standalone settings must not win over the cluster (Boot reads a url before the cluster nodes).
         */
        @Override
        public Map<String, Object> properties() {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("spring.data.redis.cluster.nodes", String.join(",", nodes));
            p.put("spring.data.redis.url", "");
            if (password != null) p.put("spring.data.redis.password", password);
            p.put("spring.data.redis.ssl.enabled", tls != null);
            p.put("spring.data.redis.ssl.bundle", tls == null ? "" : SSL_BUNDLE);
            if (tls != null) p.putAll(tls.bundleProperties());
            return p;
        }

        @Override
        public String toString() {
            return "cluster " + nodes + (tls == null ? "" : " over TLS") + (password == null ? "" : " (with a password)");
        }
    }
}
