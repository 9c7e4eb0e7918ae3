package io.redisdouble.clients;

import io.redisdouble.RedisDouble;
import io.redisdouble.testing.ReferenceRedis;

import org.junit.jupiter.params.provider.Arguments;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A server a client scenario runs against: redis-double or the real redis-server of the same version.
 * Scenarios run against both and must observe the same results.
 *
 * <p>{@link #both()} gives a double whose clock flows like real Redis's. {@link #bothVirtualTime()} gives
 * a double with a frozen clock: there {@link #elapse(Duration)} moves the double's clock at once, while
 * against real Redis it sleeps, so a scenario that waits for a TTL reads the same on both servers.
 *
 * @param dbl the double behind this target, or null for real Redis
 */
record Target(String name, String host, int port, RedisDouble dbl) {
    private static RedisDouble shared;
    private static RedisDouble sharedManual;

    static synchronized RedisDouble sharedDouble() {
        if (shared == null) {
            shared = RedisDouble.builder().version("7.0").start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    static synchronized RedisDouble sharedManualTimeDouble() {
        if (sharedManual == null) {
            sharedManual = RedisDouble.builder().version("7.0").manualTime().start();
            Runtime.getRuntime().addShutdownHook(new Thread(sharedManual::close));
        }
        return sharedManual;
    }

    static ReferenceRedis real() {
        return ReferenceRedis.forVersion("7.0");
    }

    /**
     * redis-double (7.0, flowing time) and real Redis 7.0.15, each flushed just before the scenario that
     * gets it (the stream is lazy: JUnit pulls one target per invocation).
     */
    static Stream<Target> both() {
        return lazily(List.of(() -> of(sharedDouble()), Target::ofReal));
    }

    /** redis-double (7.0, manual time, reset to its start) and real Redis 7.0.15, each flushed. */
    static Stream<Target> bothVirtualTime() {
        return lazily(List.of(() -> of(sharedManualTimeDouble()), Target::ofReal));
    }

    /** Each kind (a client, a lock type…) crossed with {@link #both()}, flushed lazily as well. */
    static Stream<Arguments> crossBoth(Object... kinds) {
        List<Supplier<Arguments>> out = new ArrayList<>();
        for (Object kind : kinds) {
            out.add(() -> Arguments.of(kind, of(sharedDouble())));
            out.add(() -> Arguments.of(kind, ofReal()));
        }
        return lazily(out);
    }

    /** Each kind crossed with {@link #bothVirtualTime()}. */
    static Stream<Arguments> crossBothVirtualTime(Object... kinds) {
        List<Supplier<Arguments>> out = new ArrayList<>();
        for (Object kind : kinds) {
            out.add(() -> Arguments.of(kind, of(sharedManualTimeDouble())));
            out.add(() -> Arguments.of(kind, ofReal()));
        }
        return lazily(out);
    }

    private static <T> Stream<T> lazily(List<Supplier<T>> suppliers) {
        return suppliers.stream().map(Supplier::get);
    }

    private static Target of(RedisDouble d) {
        d.reset();
        return new Target("redis-double", d.host(), d.port(), d);
    }

    private static Target ofReal() {
        ReferenceRedis r = real();
        r.flushAll();
        return new Target("redis " + r.version(), r.host(), r.port(), null);
    }

    boolean isDouble() {
        return dbl != null;
    }

    String uri() {
        return "redis://" + host + ":" + port;
    }

    /**
     * Lets {@code d} pass on the server: a manual-time double's clock jumps (expiring what became due),
     * anything else is waited for in real time.
     */
    void elapse(Duration d) {
        if (dbl != null && dbl.time().isManual()) {
            dbl.time().advance(d);
        } else {
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
