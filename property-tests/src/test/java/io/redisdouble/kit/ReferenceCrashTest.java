package io.redisdouble.kit;

import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceRedis;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kit's list of inputs that crash a real Redis: each entry must still crash the version it names
 * (else it only costs coverage and should go), must not crash the next version, and its arming and
 * firing must match the reproducer it documents.
 */
class ReferenceCrashTest {

    private static final String LONG_MEMBER = "m".repeat(66);

    @Test
    void zrangestoreOfALongMemberStillCrashesRedis62AndNot70() {
        try (ReferenceRedis r62 = ReferenceRedis.startBundled("6.2")) {
            assertTrue(ReferenceCrash.ZRANGESTORE_LONG_MEMBER_6_2.affects(r62.version()), r62.version());
            try (RawRedisClient c = r62.openClient(Duration.ofSeconds(5))) {
                assertEquals(":1\\r\\n", RawRedisClient.printable(c.call("ZADD", "zl", "0", LONG_MEMBER)));
                assertThrows(UncheckedIOException.class, () -> c.call("ZRANGESTORE", "z1", "zl", "+", "-", "BYLEX", "REV"),
                        "Redis 6.2 answered instead of crashing: drop ReferenceCrash.ZRANGESTORE_LONG_MEMBER_6_2");
            }
            assertFalse(r62.isAlive());
        }
        try (ReferenceRedis r70 = ReferenceRedis.startBundled("7.0")) {
            assertFalse(ReferenceCrash.ZRANGESTORE_LONG_MEMBER_6_2.affects(r70.version()), r70.version());
            try (RawRedisClient c = r70.openClient()) {
                c.call("ZADD", "zl", "0", LONG_MEMBER);
                assertEquals(":1\\r\\n", RawRedisClient.printable(c.call("ZRANGESTORE", "z1", "zl", "+", "-", "BYLEX", "REV")));
            }
        }
    }

    @Test
    void armedByAnArgumentOver64BytesAndFiredByZrangestore() {
        ReferenceCrash c = ReferenceCrash.ZRANGESTORE_LONG_MEMBER_6_2;
        assertFalse(c.arms(argv("ZADD", "zl", "0", "m".repeat(64))));
        assertTrue(c.arms(argv("ZADD", "zl", "0", "m".repeat(65))));
        assertTrue(c.arms(argv("EVAL", "return 1", "1", "k", "x".repeat(70))));
        assertFalse(c.arms(argv("x".repeat(70))), "the command name is not a member");
        assertTrue(c.fires(argv("zrangestore", "z1", "zl", "0", "-1")));
        assertFalse(c.fires(argv("ZRANGE", "zl", "0", "-1")));
        assertEquals(java.util.List.of(c, ReferenceCrash.ZRANGESTORE_SMALL_ZSET_LIMITS_6_2), ReferenceCrash.affecting("6.2.7"));
        assertFalse(ReferenceCrash.affecting("7.0.15").contains(c));
        assertFalse(ReferenceCrash.affecting("7.0.15").contains(ReferenceCrash.ZRANGESTORE_SMALL_ZSET_LIMITS_6_2));
    }

    @Test
    void zrangestoreUnderSmallZsetLimitsStillCrashesRedis62AndNot70() {
        for (String[] limit : new String[][] {{"zset-max-ziplist-entries", "0"}, {"zset-max-ziplist-value", "3"}}) {
            try (ReferenceRedis r62 = ReferenceRedis.startBundled("6.2")) {
                try (RawRedisClient c = r62.openClient(Duration.ofSeconds(5))) {
                    assertEquals("+OK\\r\\n", RawRedisClient.printable(c.call("CONFIG", "SET", limit[0], limit[1])));
                    assertEquals(":1\\r\\n", RawRedisClient.printable(c.call("ZADD", "zl", "1", "abcd")));
                    assertThrows(UncheckedIOException.class, () -> c.call("ZRANGESTORE", "z1", "zl", "0", "-1"),
                            "Redis 6.2 answered instead of crashing: drop ReferenceCrash.ZRANGESTORE_SMALL_ZSET_LIMITS_6_2");
                }
                assertFalse(r62.isAlive());
            }
        }
        try (ReferenceRedis r70 = ReferenceRedis.startBundled("7.0")) {
            try (RawRedisClient c = r70.openClient()) {
                c.call("CONFIG", "SET", "zset-max-ziplist-entries", "0");
                c.call("ZADD", "zl", "1", "abcd");
                assertEquals(":1\\r\\n", RawRedisClient.printable(c.call("ZRANGESTORE", "z1", "zl", "0", "-1")));
                c.call("CONFIG", "SET", "zset-max-ziplist-entries", "128");
            }
        }
    }

    @Test
    void armedBySmallZsetLimitsAndFiredByZrangestore() {
        ReferenceCrash c = ReferenceCrash.ZRANGESTORE_SMALL_ZSET_LIMITS_6_2;
        assertTrue(c.arms(argv("CONFIG", "SET", "zset-max-ziplist-entries", "0")));
        assertTrue(c.arms(argv("config", "set", "ZSET-MAX-ZIPLIST-VALUE", "63")));
        assertTrue(c.arms(argv("CONFIG", "SET", "zset-max-ziplist-value", "1kb")), "not read: armed to be safe");
        assertFalse(c.arms(argv("CONFIG", "SET", "zset-max-ziplist-entries", "1")));
        assertFalse(c.arms(argv("CONFIG", "SET", "zset-max-ziplist-value", "64")));
        assertFalse(c.arms(argv("CONFIG", "SET", "hash-max-ziplist-entries", "0")));
        assertFalse(c.arms(argv("CONFIG", "GET", "zset-max-ziplist-entries")));
        assertTrue(c.fires(argv("ZRANGESTORE", "z1", "zl", "0", "-1")));
        assertFalse(c.fires(argv("ZUNIONSTORE", "z1", "1", "zl")));
    }

    private static final String BAD_ARGUMENT_LIBRARY = "#!lua name=c\n"
            + "redis.register_function('f', function(keys, args) return redis.call('incrby', keys[1], args[1]) end)";

    @Test
    void functionFlushAfterABadCallArgumentStillCrashes74And80AndNot72() {
        for (String v : ReferenceRedis.liveVersions("ReferenceCrashTest", "7.4", "8.0", "7.2", "valkey-8.0")) {
            try (ReferenceRedis r = ReferenceRedis.startPrivate(v)) {
                boolean affected = ReferenceCrash.FUNCTION_FLUSH_AFTER_BAD_CALL_ARGUMENT_7_4.affects(r.version());
                assertEquals(v.equals("7.4") || v.equals("8.0"), affected, r.version());
                try (RawRedisClient c = r.openClient(Duration.ofSeconds(5))) {
                    assertEquals("$1\\r\\nc\\r\\n", RawRedisClient.printable(c.call("FUNCTION", "LOAD", BAD_ARGUMENT_LIBRARY)));
                    byte[][] call = argv("FCALL", "f", "1", "k");
                    assertTrue(ReferenceCrash.FUNCTION_FLUSH_AFTER_BAD_CALL_ARGUMENT_7_4.arms(call));
                    String err = RawRedisClient.printable(c.call(call));
                    assertTrue(err.startsWith("-ERR ") && err.contains("must be strings or integers"), err);
                    byte[][] flush = argv("FUNCTION", "FLUSH");
                    assertTrue(ReferenceCrash.FUNCTION_FLUSH_AFTER_BAD_CALL_ARGUMENT_7_4.fires(flush));
                    if (affected) {
                        assertThrows(UncheckedIOException.class, () -> c.call(flush), r.version()
                                + " answered instead of crashing: narrow or drop ReferenceCrash.FUNCTION_FLUSH_AFTER_BAD_CALL_ARGUMENT_7_4");
                    } else {
                        assertEquals("+OK\\r\\n", RawRedisClient.printable(c.call(flush)));
                    }
                }
                assertEquals(!affected, r.isAlive(), r.version());
            }
        }
    }

    @Test
    void armedByAFunctionCallMissingAKeyOrAnArgumentAndFiredByFunctionFlush() {
        ReferenceCrash c = ReferenceCrash.FUNCTION_FLUSH_AFTER_BAD_CALL_ARGUMENT_7_4;
        assertTrue(c.arms(argv("FCALL", "incr_by", "1", "k1")));
        assertTrue(c.arms(argv("fcall_ro", "peek", "0")));
        assertTrue(c.arms(argv("FCALL", "peek", "0", "v1", "v2")));
        assertFalse(c.arms(argv("FCALL", "incr_by", "1", "k1", "10")));
        assertFalse(c.arms(argv("EVAL", "return 1", "0")));
        assertTrue(c.fires(argv("FUNCTION", "FLUSH")));
        assertTrue(c.fires(argv("function", "flush", "async")));
        assertFalse(c.fires(argv("FUNCTION", "DELETE", "c")));
        assertTrue(c.outlivesCase());
        assertFalse(ReferenceCrash.ZRANGESTORE_LONG_MEMBER_6_2.outlivesCase());
        assertTrue(ReferenceCrash.affecting("7.4.1").contains(c));
        assertTrue(ReferenceCrash.affecting("8.0.2").contains(c));
        assertFalse(ReferenceCrash.affecting("7.2.6").contains(c));
        assertFalse(ReferenceCrash.affecting("7.0.15").contains(c));
    }

    private static byte[][] argv(String... words) {
        return RawRedisClient.argv(words);
    }
}
