package io.redisdouble.junit;

import io.redisdouble.RedisDouble;
import io.redisdouble.fault.FaultRule;
import io.redisdouble.fault.Faults;
import io.redisdouble.fault.Match;
import io.redisdouble.fault.RedisError;
import io.redisdouble.testing.RawRedisClient;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The extension injects the server's {@link Faults} and removes every rule (and the log) before each test. */
@RedisDoubleTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsExtensionTest {
    static FaultRule leftOver;

    @Test
    @Order(1)
    void injectsTheServersFaults(RedisDouble redis, Faults faults) {
        assertSame(redis.faults(), faults);
        leftOver = faults.when(Match.any()).replyError(RedisError.LOADING);
        try (RawRedisClient c = new RawRedisClient(redis.host(), redis.port())) {
            assertEquals("-LOADING Redis is loading the dataset in memory\r\n", new String(c.call("PING"), StandardCharsets.UTF_8));
        }
    }

    @Test
    @Order(2)
    void theNextTestStartsWithoutFaults(RedisDouble redis, Faults faults) {
        assertTrue(leftOver.isRemoved());
        assertTrue(faults.rules().isEmpty());
        assertTrue(faults.log().isEmpty());
        try (RawRedisClient c = new RawRedisClient(redis.host(), redis.port())) {
            assertEquals("+PONG\r\n", new String(c.call("PING"), StandardCharsets.UTF_8));
        }
    }
}
