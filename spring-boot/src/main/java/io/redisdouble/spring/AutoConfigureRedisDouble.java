package io.redisdouble.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Starts a redis-double for the Spring test's application context and makes Spring Boot connect to it,
 * with no Redis configuration in the test or the application:
 *
 * <pre>{@code
 * @SpringBootTest
 * @AutoConfigureRedisDouble(manualTime = true)
 * class RateLimitTest {
 *     @Autowired StringRedisTemplate redis;   // Boot's own auto-configuration, pointed at the double
 *     @Autowired RedisDouble server;          // the running double: advance time, seed, inspect
 *
 *     @Test void windowExpires() { ... server.time().advance(Duration.ofSeconds(61)); ... }
 * }
 * }</pre>
 *
 * <p>One double per application context: it starts when Spring builds the context, is cached with it
 * (test classes with the same settings and otherwise the same configuration share the context, hence
 * the double), and is closed when the context closes, after the context's own beans. It is not flushed
 * between tests: call {@code server.reset()} (or {@code flushAll()}) in a {@code @BeforeEach} where a
 * test needs a clean server.
 *
 * <p>Wiring: a {@code DataRedisConnectionDetails} bean (Spring Boot 4), which Boot's Redis
 * auto-configuration prefers to {@code spring.data.redis.*} properties, as it does for Testcontainers'
 * {@code @ServiceConnection}; and, for code that reads the properties itself, a property source of the
 * highest precedence with {@code spring.data.redis.host}, {@code port} and {@code url} (and
 * {@code password} with {@link #requirepass()}). The database index of {@code spring.data.redis.database}
 * is kept; Lettuce (Boot's default) and Jedis ({@code spring.data.redis.client-type=jedis}) both work.
 *
 * <p>Also usable as a meta-annotation, and found on enclosing classes of {@code @Nested} tests.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface AutoConfigureRedisDouble {
    /**
     * The server to emulate: "7.2" (the default, as {@code RedisDouble.start()}), "6.2", "7.0", "7.4",
     * "8.0" or "valkey-8.0"; anything else fails the context with the list of supported versions.
     */
    String version() default "7.2";

    /** Frozen time that moves only with {@code redisDouble.time().advance(...)}. */
    boolean manualTime() default false;

    /** A password clients must AUTH with (given to Boot as the connection's password); empty for none. */
    String requirepass() default "";

    /**
     * With a count above 0, an emulated Redis Cluster of that many masters instead of one double
     * ({@code RedisDouble.cluster()}): Boot connects to it as to a cluster
     * ({@code spring.data.redis.cluster.nodes}), and the test can inject the {@code RedisCluster} (to
     * move slots, fail over, crash nodes, advance its clock).
     */
    int clusterMasters() default 0;

    /** With {@link #clusterMasters()}: replicas per master. */
    int clusterReplicasPerMaster() default 0;

    /**
     * A double that serves TLS only ({@code RedisDouble.builder().tlsOnly()}, with a CA, a server and a
     * client certificate generated at start): Boot gets {@code spring.data.redis.ssl.enabled=true} and an
     * SSL bundle named {@code redis-double} that trusts the generated CA and presents
     * the client certificate, so Lettuce and Jedis connect over TLS. With {@link #clusterMasters()}: every
     * node serves TLS beside its plain port ({@code RedisCluster.builder().tls()}, tls-cluster yes) and Boot
     * is given the masters' TLS ports.
     */
    boolean tls() default false;
}
