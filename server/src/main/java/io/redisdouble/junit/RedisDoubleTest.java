package io.redisdouble.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Starts one redis-double per test class (on a free port), flushes it, resets its clock and removes every
 * fault before each test, and injects {@link io.redisdouble.RedisDouble}, its {@link java.net.URI}, its
 * port ({@link RedisPort} int), its {@link io.redisdouble.fault.Faults} or (with {@link #tls}) its
 * {@link io.redisdouble.RedisTls} into constructors and test methods.
 *
 * <pre>{@code
 * @RedisDoubleTest(manualTime = true)
 * class LockTest {
 *     @Test void expires(RedisDouble redis) { ... redis.time().advance(Duration.ofSeconds(61)); ... }
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RedisDoubleExtension.class)
public @interface RedisDoubleTest {
    /** Redis version to emulate: "7.0", "6.2", "7.2", "7.4", "8.0" or "valkey-8.0" (see {@link io.redisdouble.dialect.Dialect#parse}); others are refused. */
    String version() default "7.2";

    /** Frozen time that only moves with {@code redis.time().advance(...)}. */
    boolean manualTime() default false;

    /** Password clients must AUTH with; empty for none. */
    String requirepass() default "";

    /**
     * With 1 or more: an emulated Redis Cluster of that many masters instead of one server
     * ({@link io.redisdouble.RedisCluster}, injected as such; a {@link java.net.URI} or {@link RedisPort}
     * parameter names its first master). Before each test it is {@link io.redisdouble.RedisCluster#reset reset}.
     */
    int clusterMasters() default 0;

    /** Replicas of each master, with {@link #clusterMasters}. */
    int clusterReplicasPerMaster() default 0;

    /**
     * TLS only, with generated certificates (a CA, the server's and a client's): the injected
     * {@link java.net.URI} is {@code rediss://…}, {@link RedisPort} is the TLS port, and a
     * {@link io.redisdouble.RedisTls} parameter gives the certificates and a client SSLContext
     * (tls-auth-clients is yes, as in redis-server: clients present the generated client certificate).
     * With {@link #clusterMasters}: every node has a TLS port beside its plain one, as redis-server nodes
     * with {@code tls-cluster yes} ({@code RedisCluster.builder().tls()}); the injected URI and port are
     * the first master's TLS ones, and {@link io.redisdouble.RedisTls} is {@code cluster.tls()}.
     */
    boolean tls() default false;
}
