package io.redisdouble.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.redisdouble.RedisDouble;
import io.redisdouble.dialect.Dialect;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceRedis;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;

/**
 * The dialects a live comparison runs against their real servers: 7.0 and 6.2 always (bundled), 7.2 where
 * its binary is ({@link ReferenceRedis#liveVersions}: CI sets REDIS_DOUBLE_REFERENCE_BIN). A test factory
 * adds {@link #tests} of its own: where 7.2 is not live, one visible test says so and checks that the 7.2
 * double runs, so the omission is never a silent pass.
 */
final class LiveVersions {
    private LiveVersions() {}

    static final String[] ALL = {"7.0", "6.2", "7.2", "7.4", "8.0", "valkey-8.0"};

    /** The dialects {@code test} compares live here (and a line on standard output for each one it cannot). */
    static List<String> of(String test) {
        return ReferenceRedis.liveVersions(test, ALL);
    }

    /** The dynamic tests of the versions not compared live here (one each), saying why. */
    static List<DynamicTest> notLive(String test) {
        List<String> live = of(test);
        List<DynamicTest> out = new ArrayList<>();
        for (String v : ALL) {
            if (live.contains(v)) continue;
            out.add(DynamicTest.dynamicTest("Redis " + v + ": not compared live (no "
                    + ReferenceRedis.ENV_BIN_DIR + "), its double answers", () -> {
                try (RedisDouble d = RedisDouble.builder().dialect(Dialect.defined(v)).start();
                     RawRedisClient c = new RawRedisClient(d.host(), d.port())) {
                    assertEquals("+PONG\r\n", new String(c.call("PING"), StandardCharsets.US_ASCII));
                }
            }));
        }
        return out;
    }
}
