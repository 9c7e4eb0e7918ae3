package io.redisdouble.spring;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;

/**
 * Spring Boot 4's connection details for a redis-double. Boot's Redis auto-configuration creates its own
 * (from {@code spring.data.redis.*}) only when no such bean exists, so with this bean the double wins
 * over whatever the application's configuration says: url, host, port, password, sentinel or cluster
 * settings, and TLS (no SSL bundle is given).
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

    @Override
    public Standalone getStandalone() {
        if (connection instanceof RedisDoubleConnection.Standalone s) return Standalone.of(s.host(), s.port(), s.database());
        return null;
    }

    /** Null: a cluster connection (see {@link RedisDoubleConnection}) will list its nodes here. */
    @Override
    public Cluster getCluster() {
        return null;
    }

    @Override
    public String toString() {
        return "redis-double " + connection;
    }
}
