package io.redisdouble.clients;

import io.redisdouble.RedisDouble;
import io.redisdouble.testing.ReferenceRedis;

import java.util.stream.Stream;

/**
 * A server a client scenario runs against: redis-double or the real redis-server of the same version.
 * Scenarios run against both and must observe the same results.
 */
record Target(String name, String host, int port, Runnable flush) {
    private static RedisDouble shared;

    static synchronized RedisDouble sharedDouble() {
        if (shared == null) {
            shared = RedisDouble.start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** redis-double (7.0) and real Redis 7.0.15, each flushed. */
    static Stream<Target> both() {
        RedisDouble d = sharedDouble();
        ReferenceRedis r = ReferenceRedis.forVersion("7.0");
        Target dbl = new Target("redis-double", d.host(), d.port(), d::flushAll);
        Target real = new Target("redis " + r.version(), r.host(), r.port(), r::flushAll);
        dbl.flush.run();
        real.flush.run();
        return Stream.of(dbl, real);
    }

    @Override
    public String toString() {
        return name;
    }
}
