package io.redisdouble.command;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.keyspace.Database;
import io.redisdouble.keyspace.Dict;
import io.redisdouble.resp.Reply;
import io.redisdouble.resp.RespEncoder;
import io.redisdouble.util.Bytes;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * StringCommands against replies captured from real Redis 7.0.15 and 6.2.7 (redis-cli / raw RESP).
 * TTLs are checked through the keyspace, with the harness's manual clock.
 */
class StringCommandsTest {
    static final String OK = "+OK\r\n";
    static final String NIL = "$-1\r\n";
    static final String SYNTAX = "-ERR syntax error\r\n";
    static final String NOT_INT = "-ERR value is not an integer or out of range\r\n";
    static final String NOT_FLOAT = "-ERR value is not a valid float\r\n";
    static final String WRONGTYPE = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";

    final EngineHarness h = new EngineHarness();
    final EngineHarness h6 = new EngineHarness(Dialect.REDIS_6_2, null);

    static String bulk(String s) {
        return "$" + s.getBytes(StandardCharsets.UTF_8).length + "\r\n" + s + "\r\n";
    }

    static String integer(long v) {
        return ":" + v + "\r\n";
    }

    static Database db(EngineHarness x) {
        return x.engine.keyspace().db(0);
    }

    /** The key's deadline relative to now in ms; -1 without TTL, -2 when missing (PTTL). */
    static long pttl(EngineHarness x, String key) {
        long now = x.time.currentTimeMillis();
        Dict.Entry e = db(x).lookup(Bytes.utf8(key), now);
        if (e == null) return -2;
        return e.expireAt() == Dict.NO_EXPIRY ? -1 : e.expireAt() - now;
    }

    static boolean exists(EngineHarness x, String key) {
        return db(x).lookup(Bytes.utf8(key), x.time.currentTimeMillis()) != null;
    }

    /** A value of another type (what a list or sorted set is to the string commands). */
    static void putOther(EngineHarness x, String key) {
        db(x).add(Bytes.utf8(key), new Object());
    }

    static byte[] raw(EngineHarness x, String line) {
        Reply r = x.reply(x.session, line);
        return RespEncoder.toBytes(r, x.session.proto(), x.engine.dialect());
    }

    static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Runs the same line on both versions and expects the same reply. */
    void both(String expected, String line) {
        assertEquals(expected, h.run(line), "7.0: " + line);
        assertEquals(expected, h6.run(line), "6.2: " + line);
    }

    @Nested
    class Set {
        @Test
        void plainSetAndGet() {
            both(NIL, "GET k");
            both(OK, "SET k v");
            both(bulk("v"), "GET k");
            both(OK, "set k \"\"");
            both("$0\r\n\r\n", "GET k");
            both("-ERR wrong number of arguments for 'set' command\r\n", "SET k");
            both("-ERR wrong number of arguments for 'get' command\r\n", "GET k x");
        }

        @Test
        void binaryValuesRoundTrip() {
            h.run("SET bin \"\\x00\\xff\\x00\\r\\n\\x80\"");
            assertArrayEquals(latin1("$6\r\n\u0000\u00ff\u0000\r\n\u0080\r\n"), raw(h, "GET bin"));
            assertEquals(integer(6), h.run("STRLEN bin"));
        }

        @Test
        void nxAndXx() {
            both(OK, "SET k v NX");
            both(NIL, "SET k w nx");
            both(bulk("v"), "GET k");
            both(NIL, "SET k2 v XX");
            both(NIL, "GET k2");
            both(OK, "SET k x Xx");
            both(bulk("x"), "GET k");
            both(OK, "SET k y XX XX");
            both(NIL, "SET k y NX NX");
        }

        @Test
        void conflictingAndUnknownOptionsAreSyntaxErrors() {
            for (String opts : new String[] {"NX XX", "XX NX", "EX 100 PX 100", "PX 100 EX 10", "EX 10 EXAT 99999999999",
                    "EXAT 99999999999 PXAT 99999999999000", "EX 100 KEEPTTL", "KEEPTTL PX 100", "IFEQ x", "IFEQ", "FOO",
                    "EX", "PX", "EXAT", "PXAT", "EX 100 PX", "\"\"", "\"nx\\x01\"", "\"\\x00nx\"", "EX abc NX XX",
                    "EX 0 FOO"}) {
                both(SYNTAX, "SET k v " + opts);
            }
            both(NIL, "GET k");
        }

        @Test
        void optionsAreMatchedAsCStrings() {
            both(OK, "SET k v \"nx\\x00junk\"");
            both(NIL, "SET k w \"NX\\x00\"");
            both(OK, "SET k w \"xx\\x00zz\" \"keepttl\\x00a\"");
            both(bulk("w"), "GET k");
        }

        @Test
        void repeatedExpireOptionLastValueWins() {
            assertEquals(OK, h.run("SET k v EX 10 EX 100000"));
            assertEquals(100_000_000, pttl(h, "k"));
            assertEquals(OK, h.run("SET k v PX 10 px 2000"));
            assertEquals(2000, pttl(h, "k"));
            assertEquals("-ERR invalid expire time in 'set' command\r\n", h.run("SET k v EX abc EX 0"));
            assertEquals(NOT_INT, h.run("SET k v EX 0 EX abc"));
        }

        @Test
        void expireOptionsSetDeadlines() {
            long now = h.time.currentTimeMillis();
            h.run("SET k v EX 100");
            assertEquals(100_000, pttl(h, "k"));
            h.run("SET k v px 1500");
            assertEquals(1500, pttl(h, "k"));
            h.run("SET k v EXAT " + (now / 1000 + 50));
            assertEquals(50_000 - now % 1000, pttl(h, "k"));
            h.run("SET k v PXAT " + (now + 1234));
            assertEquals(1234, pttl(h, "k"));
            h.time.advance(Duration.ofMillis(1234));
            both(NIL, "GET k");
        }

        @Test
        void plainSetClearsTtlKeepTtlKeepsIt() {
            h.run("SET k v EX 100");
            assertEquals(OK, h.run("SET k w KEEPTTL"));
            assertEquals(100_000, pttl(h, "k"));
            assertEquals(OK, h.run("SET k x keepttl xx"));
            assertEquals(100_000, pttl(h, "k"));
            assertEquals(OK, h.run("SET k y"));
            assertEquals(-1, pttl(h, "k"));
            h.run("SET k v EX 100");
            assertEquals(OK, h.run("SET k z XX"));
            assertEquals(-1, pttl(h, "k"));
        }

        @Test
        void invalidExpireTimesPerVersion() {
            for (String opt : new String[] {"EX 0", "EX -1", "PX 0", "PX -100", "EXAT 0", "PXAT -1",
                    "PXAT -9223372036854775808", "EX 9223372036854775807", "EX 9223372036854776",
                    "EX 9223372036854775", "PX 9223372036854775807", "EXAT 9223372036854776"}) {
                assertEquals("-ERR invalid expire time in 'set' command\r\n", h.run("SET k v " + opt), opt);
                assertEquals("-ERR invalid expire time in set\r\n", h6.run("SET k v " + opt), opt);
            }
            for (String opt : new String[] {"EX abc", "EX 1.5", "EX \" 10\"", "EX +10", "EX 010", "EX \"\"",
                    "PX 1e3", "EX 9223372036854775808"}) {
                both(NOT_INT, "SET k v " + opt);
            }
            both(NIL, "GET k");
        }

        @Test
        void hugeAbsoluteDeadlinesAreAccepted() {
            both(OK, "SET k v EXAT 9223372036854775");
            assertEquals(9223372036854775000L - h.time.currentTimeMillis(), pttl(h, "k"));
            both(OK, "SET k v PXAT 9223372036854775807");
            both(bulk("v"), "GET k");
        }

        @Test
        void absoluteTimeInThePastRepliesOkAndTheKeyIsGone() {
            both(OK, "SET k v EXAT 1");
            // Stored with a past deadline (DBSIZE still counts it until it is accessed), as Redis does.
            assertEquals(1, db(h).size());
            both(NIL, "GET k");
            assertEquals(0, db(h).size());
            both(OK, "SET k v");
            both(OK, "SET k w PXAT 1000 XX");
            both(NIL, "GET k");
        }

        @Test
        void getReturnsTheOldValue() {
            both(NIL, "SET k v GET");
            both(bulk("v"), "SET k w get");
            both(bulk("w"), "SET k x GET GET");
            both(bulk("x"), "GET k");
            both(NIL, "SET k2 v XX GET");
            assertEquals(false, exists(h, "k2"));
            both(bulk("x"), "SET k y GET XX");
            both(bulk("y"), "GET k");
        }

        @Test
        void getWithExpireOptions() {
            h.run("SET k v");
            assertEquals(bulk("v"), h.run("SET k w GET EX 100"));
            assertEquals(100_000, pttl(h, "k"));
            assertEquals(bulk("w"), h.run("SET k x GET KEEPTTL"));
            assertEquals(100_000, pttl(h, "k"));
            assertEquals(bulk("x"), h.run("SET k y GET"));
            assertEquals(-1, pttl(h, "k"));
            assertEquals(bulk("y"), h.run("SET k z GET EXAT 1"));
            assertEquals(NIL, h.run("GET k"));
        }

        @Test
        void nxWithGetIsAllowedFrom7() {
            assertEquals(NIL, h.run("SET k v NX GET"));
            assertEquals(bulk("v"), h.run("SET k w nx get"));
            assertEquals(bulk("v"), h.run("GET k")); // the old value is replied, nothing is written
            assertEquals(bulk("v"), h.run("SET k w GET NX"));
            assertEquals(bulk("v"), h.run("SET k w EX 100 GET EX 200 NX"));
            assertEquals(-1, pttl(h, "k"));
        }

        @Test
        void nxWithGetIsASyntaxErrorIn62() {
            assertEquals(SYNTAX, h6.run("SET k v NX GET"));
            assertEquals(SYNTAX, h6.run("SET k v GET NX"));
            assertEquals(SYNTAX, h6.run("SET k v GET GET NX"));
            assertEquals(SYNTAX, h6.run("SET k w EX 100 GET EX 200 NX"));
            assertEquals(NIL, h6.run("GET k"));
            assertEquals(NIL, h6.run("SET k v XX GET"));
        }

        @Test
        void getOnAnotherTypeIsWrongTypeAndWritesNothing() {
            putOther(h, "z");
            putOther(h6, "z");
            both(WRONGTYPE, "SET z v GET");
            both(WRONGTYPE, "SET z v XX GET EX 100");
            assertEquals(WRONGTYPE, h.run("SET z v GET NX"));
            assertEquals(SYNTAX, h6.run("SET z v GET NX"));
            // the expire is validated before the type is looked at
            assertEquals("-ERR invalid expire time in 'set' command\r\n", h.run("SET z v GET EX 0"));
            assertEquals("-ERR invalid expire time in set\r\n", h6.run("SET z v GET EX 0"));
            both(NOT_INT, "SET z v GET EX abc");
            both(WRONGTYPE, "GET z");
            // without GET, SET overwrites any type
            both(OK, "SET z v XX");
            both(bulk("v"), "GET z");
        }

        @Test
        void nxDoesNotOverwriteOtherTypes() {
            putOther(h, "z");
            assertEquals(NIL, h.run("SET z v NX"));
            assertEquals(WRONGTYPE, h.run("GET z"));
        }

        @Test
        void expireOverflowWhenAddedToNow() {
            // 9223372036854775 s fits in ms but overflows once now is added.
            assertEquals("-ERR invalid expire time in 'set' command\r\n", h.run("SET k v EX 9223372036854775"));
            assertEquals("-ERR invalid expire time in 'set' command\r\n", h.run("SET k v PX 9223372036854775000"));
            assertEquals(OK, h.run("SET k v EX 100000000000"));
        }
    }

    @Nested
    class SetVariants {
        @Test
        void setnx() {
            both(integer(1), "SETNX k v");
            both(integer(0), "SETNX k w");
            both(bulk("v"), "GET k");
            putOther(h, "z");
            assertEquals(integer(0), h.run("SETNX z v"));
            assertEquals(WRONGTYPE, h.run("GET z"));
            h.run("SET t v EX 100");
            assertEquals(integer(0), h.run("SETNX t w"));
            assertEquals(100_000, pttl(h, "t"));
        }

        @Test
        void setexAndPsetex() {
            assertEquals(OK, h.run("SETEX k 100 v"));
            assertEquals(100_000, pttl(h, "k"));
            assertEquals(OK, h.run("PSETEX k 1500 w"));
            assertEquals(1500, pttl(h, "k"));
            assertEquals(bulk("w"), h.run("GET k"));
            h.time.advance(Duration.ofMillis(1500));
            assertEquals(NIL, h.run("GET k"));
            putOther(h, "z");
            assertEquals(OK, h.run("SETEX z 100 v"));
            assertEquals(bulk("v"), h.run("GET z"));
        }

        @Test
        void setexErrorsNameTheCommand() {
            for (String t : new String[] {"0", "-1", "9223372036854775", "9223372036854776"}) {
                assertEquals("-ERR invalid expire time in 'setex' command\r\n", h.run("SETEX k " + t + " v"));
                assertEquals("-ERR invalid expire time in setex\r\n", h6.run("SETEX k " + t + " v"));
            }
            for (String t : new String[] {"0", "-5", "9223372036854775807"}) {
                assertEquals("-ERR invalid expire time in 'psetex' command\r\n", h.run("PSETEX k " + t + " v"));
                assertEquals("-ERR invalid expire time in psetex\r\n", h6.run("PSETEX k " + t + " v"));
            }
            both(NOT_INT, "SETEX k abc v");
            both(NOT_INT, "PSETEX k 1.5 v");
            both("-ERR wrong number of arguments for 'setex' command\r\n", "SETEX k 100");
            both("-ERR wrong number of arguments for 'psetex' command\r\n", "PSETEX k 100 v x");
            both(NIL, "GET k"); // nothing was written
        }

        @Test
        void getsetDropsTheTtl() {
            both(NIL, "GETSET k v");
            both(bulk("v"), "GETSET k w");
            h.run("SET k v EX 100");
            assertEquals(bulk("v"), h.run("GETSET k x"));
            assertEquals(-1, pttl(h, "k"));
            putOther(h, "z");
            assertEquals(WRONGTYPE, h.run("GETSET z v"));
            assertEquals(WRONGTYPE, h.run("GET z"));
        }

        @Test
        void getdel() {
            both(NIL, "GETDEL k");
            h.run("SET k v EX 100");
            assertEquals(bulk("v"), h.run("GETDEL k"));
            assertEquals(false, exists(h, "k"));
            assertEquals(NIL, h.run("GETDEL k"));
            putOther(h, "z");
            assertEquals(WRONGTYPE, h.run("GETDEL z"));
            assertEquals(true, exists(h, "z"));
        }
    }

    @Nested
    class Getex {
        @Test
        void optionsChangeTheTtl() {
            both(NIL, "GETEX k");
            h.run("SET k v");
            assertEquals(bulk("v"), h.run("GETEX k"));
            assertEquals(-1, pttl(h, "k"));
            assertEquals(bulk("v"), h.run("GETEX k EX 100"));
            assertEquals(100_000, pttl(h, "k"));
            assertEquals(bulk("v"), h.run("GETEX k px 2500"));
            assertEquals(2500, pttl(h, "k"));
            long now = h.time.currentTimeMillis();
            assertEquals(bulk("v"), h.run("GETEX k PXAT " + (now + 7000)));
            assertEquals(7000, pttl(h, "k"));
            assertEquals(bulk("v"), h.run("GETEX k exat " + (now / 1000 + 9)));
            assertEquals(9000 - now % 1000, pttl(h, "k"));
            assertEquals(bulk("v"), h.run("GETEX k Persist"));
            assertEquals(-1, pttl(h, "k"));
            assertEquals(bulk("v"), h.run("GETEX k PERSIST PERSIST"));
            assertEquals(bulk("v"), h.run("GETEX k EX 10 EX 100"));
            assertEquals(100_000, pttl(h, "k"));
        }

        @Test
        void syntax() {
            h.run("SET k v EX 100");
            for (String opts : new String[] {"EX 10 PERSIST", "PERSIST EX 10", "EX 10 PX 10", "PX 10 EXAT 10",
                    "EXAT 10 PXAT 10", "PXAT 10 EX 10", "KEEPTTL", "NX", "XX", "GET", "FOO", "EX", "PXAT",
                    "PERSIST FOO"}) {
                assertEquals(SYNTAX, h.run("GETEX k " + opts), opts);
            }
            assertEquals(100_000, pttl(h, "k"));
            assertEquals(bulk("v"), h.run("GETEX k \"persist\\x00x\""));
            assertEquals(-1, pttl(h, "k"));
        }

        @Test
        void invalidExpireTimes() {
            h.run("SET k v");
            h6.run("SET k v");
            for (String opt : new String[] {"EX 0", "EX -1", "PX 0", "EXAT 0", "PXAT -1", "EX 9223372036854776",
                    "EX 9223372036854775", "PX 9223372036854775807", "EXAT 9223372036854776"}) {
                assertEquals("-ERR invalid expire time in 'getex' command\r\n", h.run("GETEX k " + opt), opt);
                assertEquals("-ERR invalid expire time in getex\r\n", h6.run("GETEX k " + opt), opt);
            }
            both(NOT_INT, "GETEX k EX abc");
            both(NOT_INT, "GETEX k PX 1.5");
            assertEquals(-1, pttl(h, "k"));
        }

        @Test
        void missingKeyIsNilBeforeTheExpireIsChecked() {
            both(NIL, "GETEX nokey EX 0");
            both(NIL, "GETEX nokey EX abc");
            both(NIL, "GETEX nokey PERSIST");
            both(SYNTAX, "GETEX nokey FOO");
            both(SYNTAX, "GETEX nokey EX");
        }

        @Test
        void wrongTypeComesBeforeTheExpireValue() {
            putOther(h, "z");
            assertEquals(WRONGTYPE, h.run("GETEX z"));
            assertEquals(WRONGTYPE, h.run("GETEX z EX 0"));
            assertEquals(WRONGTYPE, h.run("GETEX z EX abc"));
            assertEquals(SYNTAX, h.run("GETEX z FOO"));
        }

        @Test
        void absoluteTimeInThePastDeletesTheKeyAtOnce() {
            h.run("SET k v");
            assertEquals(bulk("v"), h.run("GETEX k EXAT 1"));
            assertEquals(0, db(h).size());
            h.run("SET k w EX 100");
            long now = h.time.currentTimeMillis();
            assertEquals(bulk("w"), h.run("GETEX k PXAT " + now));
            assertEquals(0, db(h).size());
        }
    }

    @Nested
    class Multi {
        @Test
        void mgetMsetMsetnx() {
            both("*3\r\n$-1\r\n$-1\r\n$-1\r\n", "MGET a b c");
            both(OK, "MSET a 1 b 2 a 3");
            both("*3\r\n$1\r\n3\r\n$1\r\n2\r\n$-1\r\n", "MGET a b c");
            both(integer(0), "MSETNX c 1 a 2");
            both(NIL, "GET c");
            both(integer(1), "MSETNX c 1 d 2 c 5");
            both(bulk("5"), "GET c");
            putOther(h, "z");
            assertEquals("*2\r\n$-1\r\n$1\r\n3\r\n", h.run("MGET z a"));
            assertEquals(integer(0), h.run("MSETNX z 1 q 2"));
            assertEquals(OK, h.run("MSET z v"));
            assertEquals(bulk("v"), h.run("GET z"));
        }

        @Test
        void msetDropsTtls() {
            h.run("SET t v EX 100");
            h.run("MSET t w");
            assertEquals(-1, pttl(h, "t"));
        }

        @Test
        void oddArgumentCountsPerVersion() {
            assertEquals("-ERR wrong number of arguments for 'mset' command\r\n", h.run("MSET a 1 b"));
            assertEquals("-ERR wrong number of arguments for 'msetnx' command\r\n", h.run("MSETNX a 1 b"));
            assertEquals("-ERR wrong number of arguments for MSET\r\n", h6.run("MSET a 1 b"));
            assertEquals("-ERR wrong number of arguments for MSET\r\n", h6.run("msetnx a 1 b"));
            both("-ERR wrong number of arguments for 'mset' command\r\n", "MSET a");
            both("-ERR wrong number of arguments for 'msetnx' command\r\n", "MSETNX a");
            both("-ERR wrong number of arguments for 'mget' command\r\n", "MGET");
            both("*1\r\n$-1\r\n", "MGET a");
        }
    }

    @Nested
    class Counters {
        @Test
        void basics() {
            both(integer(1), "INCR n");
            both(integer(11), "INCRBY n 10");
            both(integer(10), "DECR n");
            both(integer(5), "DECRBY n 5");
            both(integer(8), "DECRBY n -3");
            both(bulk("8"), "GET n");
            both(integer(-1), "DECR m");
        }

        @Test
        void incrementsMustBeRedisIntegers() {
            for (String a : new String[] {"abc", "\"\"", "1.5", "\" 1\"", "\"1 \"", "+1", "01", "-0", "0x10", "1e3",
                    "9223372036854775808", "-9223372036854775809"}) {
                both(NOT_INT, "INCRBY n " + a);
                both(NOT_INT, "DECRBY n " + a);
            }
            assertEquals(false, exists(h, "n"));
        }

        @Test
        void storedValuesMustBeRedisIntegers() {
            for (String v : new String[] {"abc", "\"\"", "\" 1\"", "\"1 \"", "+1", "1.0", "00", "01", "-0",
                    "9223372036854775808", "123456789012345678901", "\"1\\x00\""}) {
                h.run("SET s " + v);
                assertEquals(NOT_INT, h.run("INCR s"), v);
            }
        }

        @Test
        void overflow() {
            both(OK, "SET n 9223372036854775806");
            both(integer(Long.MAX_VALUE), "INCR n");
            both("-ERR increment or decrement would overflow\r\n", "INCR n");
            both(integer(-1), "INCRBY n -9223372036854775808");
            both(OK, "SET n -9223372036854775807");
            both(integer(Long.MIN_VALUE), "DECR n");
            both("-ERR increment or decrement would overflow\r\n", "DECR n");
            both("-ERR increment or decrement would overflow\r\n", "DECRBY n 1");
            both(integer(-1), "INCRBY n 9223372036854775807");
            both(OK, "SET n 9223372036854775807");
            both(integer(-1), "INCRBY n -9223372036854775808");
        }

        @Test
        void decrbyLongMinPerVersion() {
            h.run("SET n 5");
            h6.run("SET n 5");
            assertEquals("-ERR decrement would overflow\r\n", h.run("DECRBY n -9223372036854775808"));
            assertEquals(bulk("5"), h.run("GET n"));
            // 6.2 negates with wrap-around: adds LLONG_MIN.
            assertEquals(integer(-9223372036854775803L), h6.run("DECRBY n -9223372036854775808"));
            // 7.0 checks it before the key's type; 6.2 reaches the type check.
            putOther(h, "z");
            putOther(h6, "z");
            assertEquals("-ERR decrement would overflow\r\n", h.run("DECRBY z -9223372036854775808"));
            assertEquals(WRONGTYPE, h6.run("DECRBY z -9223372036854775808"));
        }

        @Test
        void numberErrorsComeBeforeWrongType() {
            putOther(h, "z");
            assertEquals(NOT_INT, h.run("INCRBY z abc"));
            assertEquals(WRONGTYPE, h.run("INCRBY z 1"));
            assertEquals(WRONGTYPE, h.run("INCR z"));
        }

        @Test
        void ttlIsKept() {
            h.run("SET t 5 EX 100");
            assertEquals(integer(6), h.run("INCR t"));
            assertEquals(100_000, pttl(h, "t"));
        }
    }

    @Nested
    class IncrByFloat {
        @Test
        void basics() {
            both(bulk("1.5"), "INCRBYFLOAT f 1.5");
            both(bulk("1.75"), "INCRBYFLOAT f 0.25");
            both(bulk("0"), "INCRBYFLOAT f -1.75");
            both(bulk("5000"), "INCRBYFLOAT b 5.0e3");
            both(bulk("0.5"), "INCRBYFLOAT c .5");
            both(bulk("1.23456789012345679"), "INCRBYFLOAT l 1.23456789012345678901234567890");
            both(bulk("-0.00001"), "INCRBYFLOAT m -1e-5");
            both(bulk("0"), "INCRBYFLOAT h -0.0");
        }

        @Test
        void errors() {
            for (String a : new String[] {"abc", "\"\"", "\" 1\"", "\"1 \"", "1e", "nan", "1e5000"}) {
                both(NOT_FLOAT, "INCRBYFLOAT f " + a);
            }
            for (String a : new String[] {"inf", "-inf", "+inf", "infinity"}) {
                both("-ERR increment would produce NaN or Infinity\r\n", "INCRBYFLOAT f " + a);
            }
            assertEquals(false, exists(h, "f"));
            h.run("SET s abc");
            assertEquals(NOT_FLOAT, h.run("INCRBYFLOAT s 1"));
            h.run("SET s inf");
            assertEquals("-ERR increment would produce NaN or Infinity\r\n", h.run("INCRBYFLOAT s 1"));
            assertEquals(NOT_FLOAT, h.run("INCRBYFLOAT s abc"));
        }

        @Test
        void wrongTypeComesFirstAndTtlIsKept() {
            putOther(h, "z");
            assertEquals(WRONGTYPE, h.run("INCRBYFLOAT z abc"));
            h.run("SET t 1 EX 100");
            assertEquals(bulk("2.5"), h.run("INCRBYFLOAT t 1.5"));
            assertEquals(100_000, pttl(h, "t"));
        }
    }

    @Nested
    class Editing {
        @Test
        void appendAndStrlen() {
            both(integer(5), "APPEND a hello");
            both(integer(11), "APPEND a \" world\"");
            both(integer(11), "APPEND a \"\"");
            both(integer(11), "STRLEN a");
            both(integer(0), "STRLEN nokey");
            both(integer(0), "APPEND e \"\"");
            assertEquals(true, exists(h, "e"));
            h.run("SET t v EX 100");
            assertEquals(integer(2), h.run("APPEND t w"));
            assertEquals(100_000, pttl(h, "t"));
            putOther(h, "z");
            assertEquals(WRONGTYPE, h.run("APPEND z x"));
            assertEquals(WRONGTYPE, h.run("STRLEN z"));
        }

        @Test
        void getrange() {
            both(OK, "SET a \"hello world\"");
            String[][] cases = {
                {"0 4", "hello"}, {"6 -1", "world"}, {"-5 -1", "world"}, {"0 100", "hello world"}, {"5 3", ""},
                {"100 200", ""}, {"3 -100", ""}, {"-100 2", "hel"}, {"-100 -50", "h"}, {"-50 -100", ""},
                {"-1 -5", ""}, {"-12 -11", "h"}, {"0 4294967296", "hello world"},
                {"9223372036854775807 9223372036854775807", ""},
                {"-9223372036854775808 -9223372036854775807", "h"},
                {"-9223372036854775808 9223372036854775807", "hello world"},
                {"5 -9223372036854775808", ""},
            };
            for (String[] c : cases) {
                both(bulk(c[1]), "GETRANGE a " + c[0]);
                both(bulk(c[1]), "SUBSTR a " + c[0]);
            }
            both(bulk(""), "GETRANGE nokey 0 -1");
            h.run("SET e \"\"");
            assertEquals(bulk(""), h.run("GETRANGE e 0 -1"));
            assertEquals(bulk(""), h.run("GETRANGE e -1 0"));
            both(NOT_INT, "GETRANGE a x 1");
            both(NOT_INT, "GETRANGE a 1 9223372036854775808");
            putOther(h, "z");
            assertEquals(WRONGTYPE, h.run("GETRANGE z 0 1"));
            assertEquals(NOT_INT, h.run("GETRANGE z a 1"));
        }

        @Test
        void setrange() {
            both(integer(0), "SETRANGE k 0 \"\"");
            both(integer(0), "SETRANGE k 536870912 \"\"");
            assertEquals(false, exists(h, "k"));
            assertEquals(integer(6), h.run("SETRANGE k 3 abc"));
            assertArrayEquals(latin1("$6\r\n\u0000\u0000\u0000abc\r\n"), raw(h, "GET k"));
            assertEquals(integer(6), h.run("SETRANGE k 1 X"));
            assertEquals(integer(6), h.run("SETRANGE k 10 \"\""));
            assertArrayEquals(latin1("$6\r\n\u0000X\u0000abc\r\n"), raw(h, "GET k"));
            assertEquals(integer(10), h.run("SETRANGE k 6 tail"));
            assertArrayEquals(latin1("$10\r\n\u0000X\u0000abctail\r\n"), raw(h, "GET k"));
        }

        @Test
        void setrangeErrors() {
            both("-ERR offset is out of range\r\n", "SETRANGE k -1 x");
            both("-ERR offset is out of range\r\n", "SETRANGE k -1 \"\"");
            both(NOT_INT, "SETRANGE k x x");
            both(NOT_INT, "SETRANGE k 9223372036854775808 x");
            String tooLong = "-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n";
            both(tooLong, "SETRANGE k 536870912 x");
            both(tooLong, "SETRANGE k 536870911 xy");
            // 7.0 detects the overflow of offset + length (6.2.7 aborts: the 7.0 answer is used for both).
            both(tooLong, "SETRANGE k 9223372036854775807 x");
            assertEquals(false, exists(h, "k"));
            putOther(h, "z");
            assertEquals("-ERR offset is out of range\r\n", h.run("SETRANGE z -1 x"));
            assertEquals(WRONGTYPE, h.run("SETRANGE z 0 \"\""));
            assertEquals(WRONGTYPE, h.run("SETRANGE z 536870912 x"));
        }

        @Test
        void setrangeKeepsTtl() {
            h.run("SET t v EX 100");
            assertEquals(integer(4), h.run("SETRANGE t 3 x"));
            assertEquals(100_000, pttl(h, "t"));
        }
    }

    @Nested
    class Expiry {
        @Test
        void expiredKeysAreMissingForEveryCommand() {
            String[][] cases = {
                {"GET k", NIL}, {"STRLEN k", integer(0)}, {"APPEND k x", integer(1)}, {"INCR k", integer(1)},
                {"SETRANGE k 1 x", integer(2)}, {"GETRANGE k 0 -1", bulk("")}, {"SETNX k w", integer(1)},
                {"MGET k", "*1\r\n$-1\r\n"}, {"GETSET k w", NIL}, {"GETDEL k", NIL}, {"GETEX k", NIL},
                {"INCRBYFLOAT k 1.5", bulk("1.5")}, {"MSETNX k w", integer(1)},
            };
            for (String[] c : cases) {
                h.run("SET k 5 PX 100");
                h.time.advance(Duration.ofMillis(100));
                assertEquals(c[1], h.run(c[0]), c[0]);
                long p = pttl(h, "k");
                // a write on an expired key creates a fresh key without TTL
                assertEquals(exists(h, "k") ? -1 : -2, p, c[0]);
            }
        }
    }

    @Nested
    class Watch {
        /** WATCH k, run the command, then EXEC: true if the transaction was aborted. */
        boolean touches(String setup, String command) {
            EngineHarness x = new EngineHarness();
            if (!setup.isEmpty()) x.run(setup);
            x.run("WATCH k");
            x.run(command);
            x.run("MULTI");
            x.run("PING");
            return x.run("EXEC").equals("*-1\r\n");
        }

        @Test
        void writesThatChangeNothingDoNotTouch() {
            assertEquals(false, touches("SET k v", "GET k"));
            assertEquals(false, touches("SET k v", "GETEX k"));
            assertEquals(false, touches("SET k v", "GETEX k PERSIST"));
            assertEquals(false, touches("SET k v", "SETRANGE k 0 \"\""));
            assertEquals(false, touches("SET k v", "SET k w NX"));
            assertEquals(false, touches("SET k v", "SET k w NX GET"));
            assertEquals(false, touches("SET k v", "SETNX k w"));
            assertEquals(false, touches("SET k v", "MSETNX k w a b"));
            assertEquals(false, touches("", "GETDEL k"));
            assertEquals(false, touches("SET k v", "SET k w EX 0"));
        }

        @Test
        void writesTouch() {
            assertEquals(true, touches("SET k v", "SET k v"));
            assertEquals(true, touches("SET k v", "APPEND k \"\""));
            assertEquals(true, touches("SET k v EX 100", "GETEX k PERSIST"));
            assertEquals(true, touches("SET k v", "GETEX k EX 100"));
            assertEquals(true, touches("SET k v", "GETEX k EXAT 1"));
            assertEquals(true, touches("SET k 1", "INCRBY k 0"));
            assertEquals(true, touches("SET k v", "SETRANGE k 0 v"));
            assertEquals(true, touches("SET k v", "GETDEL k"));
            assertEquals(true, touches("SET k v", "MSET k v"));
        }
    }

    @Test
    void nothingIsStoredForAMissingKeyByAFailedCommand() {
        h.run("SET k v EX 0");
        h.run("SETEX k 0 v");
        h.run("INCRBY k abc");
        h.run("INCRBYFLOAT k abc");
        h.run("SETRANGE k -1 x");
        assertNull(db(h).get(Bytes.utf8("k"), h.time.currentTimeMillis()));
    }
}
