package io.redisdouble.spring;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the application context is wired to: the one place that turns a running double into Spring
 * Boot's connection settings, both as {@code spring.data.redis.*} properties ({@link #properties()}) and
 * as Boot's {@code DataRedisConnectionDetails} ({@link RedisDoubleConnectionDetails}).
 *
 * <p>Extension point for an emulated cluster: a second implementation of this interface (its nodes as
 * {@code host:port} strings) gives {@code spring.data.redis.cluster.nodes} in {@link #properties()}
 * (Boot's Lettuce configuration reads that property to choose cluster client options) and a
 * {@code DataRedisConnectionDetails} whose {@code getCluster()} lists the nodes and whose
 * {@code getStandalone()} is null; {@link RedisDoubleContextCustomizer} then starts the cluster
 * instead of a single double. Only the standalone form exists today.
 */
sealed interface RedisDoubleConnection permits RedisDoubleConnection.Standalone {

    /** Password clients must send, or null. */
    String password();

    /** Properties that take precedence over any other source of {@code spring.data.redis.*}. */
    Map<String, Object> properties();

    /** One redis-double, reached at host:port, database {@code database} of its 16. */
    record Standalone(String host, int port, int database, String password) implements RedisDoubleConnection {

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
            p.put("spring.data.redis.url", "redis://" + credentials + host + ":" + port + "/" + database);
            if (password != null) p.put("spring.data.redis.password", password);
            return p;
        }

        @Override
        public String toString() {
            return host + ":" + port + "/" + database + (password == null ? "" : " (with a password)");
        }
    }
}
