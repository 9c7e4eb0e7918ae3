package io.redisdouble.command;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.resp.Reply;
import io.redisdouble.resp.RespEncoder;
import io.redisdouble.util.Bytes;
import io.redisdouble.zset.ZSet;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SortedSetCommands against replies captured from real Redis 7.0.15 and 6.2.7 (raw RESP), plus the
 * properties that cannot be byte-compared (random choices, scan cursors) and blocking between two
 * sessions on the harness's manual clock. The byte-for-byte sweep over every option is in
 * conformance/zset.txt.
 */
class SortedSetCommandsTest {
    static final String WRONGTYPE = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
    static final String NIL_ARRAY = "*-1\r\n";

    final EngineHarness h = new EngineHarness();
    final EngineHarness h6 = new EngineHarness(Dialect.REDIS_6_2, null);

    static String text(EngineHarness x, Session s, Reply r) {
        return Bytes.str(RespEncoder.toBytes(r, s.proto(), x.engine.dialect()));
    }

    static String bigZadd(String key, int n) {
        StringBuilder sb = new StringBuilder("ZADD ").append(key);
        for (int i = 0; i < n; i++) sb.append(' ').append(i).append(" m").append(String.format("%03d", i));
        return sb.toString();
    }

    ZSet zset(EngineHarness x, String key) {
        return (ZSet) x.engine.keyspace().db(0).get(Bytes.utf8(key), x.time.currentTimeMillis());
    }

    @Nested
    class Zadd {
        /**
         * A ZADD of many pairs into a large set reads ahead (ZSet.readAhead) before applying them, or
         * adds a chunk of new distinct members in one go (ZSet.addAllNew); it must answer and
         * leave the set exactly as the same pairs sent one ZADD at a time (which do neither): under
         * every option, with members repeated inside one command, present and absent members, all
         * new members, and equal scores.
         */
        @Test
        void manyPairsIntoALargeSetActAsOneAtATime() {
            int n = ZSet.READ_AHEAD_MIN_SIZE + 2000;
            for (String key : new String[] {"batch", "single"}) {
                for (int from = 0; from < n; from += 1000) {
                    StringBuilder sb = new StringBuilder("ZADD ").append(key);
                    for (int i = from; i < Math.min(n, from + 1000); i++) sb.append(' ').append(i % 500).append(" m").append(i);
                    assertEquals(":" + (Math.min(n, from + 1000) - from) + "\r\n", h.run(sb.toString()));
                }
            }
            assertTrue(zset(h, "batch").readAheadPays(), "the batches below must take the read-ahead path");
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(21);
            String[] options = {"", "NX", "XX", "CH", "GT", "LT", "GT CH", "LT CH", "XX GT CH", "XX LT", "NX CH"};
            for (int round = 0; round < 66; round++) {
                String opts = options[round % options.length];
                StringBuilder batch = new StringBuilder("ZADD batch ").append(opts);
                long sum = 0;
                int kind = round % 3; // 0: present and absent mixed; 1: all new; 2: new, one repeated
                for (int k = 0; k < 150; k++) {
                    String member = kind == 0 ? "m" + rnd.nextInt(n + n / 5) // some absent, some repeated
                            : kind == 1 || k != 70 ? "new" + round + "_" + k : "new" + round + "_3";
                    String score = rnd.nextInt(3) == 0 ? Integer.toString(rnd.nextInt(500)) : Double.toString(rnd.nextDouble(-10, 510));
                    batch.append(' ').append(score).append(' ').append(member);
                    String one = h.run("ZADD single " + opts + " " + score + " " + member);
                    sum += Long.parseLong(one.substring(1, one.length() - 2));
                }
                assertEquals(":" + sum + "\r\n", h.run(batch.toString()), "round " + round + " " + opts);
            }
            assertEquals(h.run("ZCARD single"), h.run("ZCARD batch"));
            assertEquals(h.run("ZRANGE single 0 -1 WITHSCORES"), h.run("ZRANGE batch 0 -1 WITHSCORES"));
            zset(h, "batch").checkInvariants();
        }

        @Test
        void optionsAndErrorsInRedisOrder() {
            assertEquals("-ERR XX and NX options at the same time are not compatible\r\n", h.run("ZADD z NX XX x a"));
            assertEquals("-ERR GT, LT, and/or NX options at the same time are not compatible\r\n", h.run("ZADD z XX GT LT 1 a"));
            assertEquals("-ERR syntax error\r\n", h.run("ZADD z NX XX 1"));
            assertEquals("-ERR INCR option supports a single increment-element pair\r\n", h.run("ZADD z INCR 1 a 2 b"));
            assertEquals("-ERR value is not a valid float\r\n", h.run("ZADD z 1 a nan b"));
            h.run("SET s x");
            assertEquals("-ERR value is not a valid float\r\n", h.run("ZADD s 1 a x b"));
            assertEquals(WRONGTYPE, h.run("ZADD s 1 a"));
            assertEquals(":0\r\n", h.run("ZADD z XX 1 a"));
            assertEquals("$-1\r\n", h.run("ZADD z XX INCR 1 a"));
            assertEquals(":0\r\n", h.run("EXISTS z"));
        }

        @Test
        void chGtLtIncr() {
            assertEquals(":3\r\n", h.run("ZADD z 1 a 2 b 3 c"));
            assertEquals(":1\r\n", h.run("ZADD z GT CH 5 a 1 b"));
            assertEquals(":1\r\n", h.run("ZADD z LT CH 4 a 3 b"));
            assertEquals(":0\r\n", h.run("ZADD z XX CH 4 a 3 c"));
            assertEquals("$-1\r\n", h.run("ZADD z NX INCR 1 a"));
            assertEquals("$-1\r\n", h.run("ZADD z GT INCR -1 a"));
            assertEquals("$1\r\n3\r\n", h.run("ZADD z LT INCR -1 a"));
            assertEquals("$3\r\ninf\r\n", h.run("ZADD z INCR inf q"));
            assertEquals("-ERR resulting score is not a number (NaN)\r\n", h.run("ZINCRBY z -inf q"));
            assertEquals("-ERR syntax error\r\n", h.run("ZINCRBY z nx a"));
            assertEquals("$1\r\n1\r\n", h.run("ZINCRBY z 1 nx"));
        }

        @Test
        void scoresFormatAsPercent17g() {
            h.run("ZADD z 1.1 a 1e17 b 5e-324 c 0x10 d");
            assertEquals("*2\r\n$1\r\nc\r\n$23\r\n4.9406564584124654e-324\r\n", h.run("ZRANGE z 0 0 WITHSCORES"));
            assertEquals("$18\r\n1.1000000000000001\r\n", h.run("ZSCORE z a"));
            assertEquals("$5\r\n1e+17\r\n", h.run("ZSCORE z b"));
            assertEquals("$2\r\n16\r\n", h.run("ZSCORE z d"));
            h.run("HELLO 3");
            assertEquals(",1.1000000000000001\r\n", h.run("ZSCORE z a"));
            assertEquals("*2\r\n*2\r\n$1\r\nc\r\n,4.9406564584124654e-324\r\n*2\r\n$1\r\na\r\n,1.1000000000000001\r\n",
                    h.run("ZRANGE z 0 1 WITHSCORES"));
        }

        @Test
        void minusZeroDependsOnVersionAndEncoding() {
            // Real 7.0.15: the listpack stores -0 as the integer 0; 6.2.7's ziplist keeps "-0".
            assertEquals(":2\r\n", h.run("ZADD z 1 x -0 y"));
            assertEquals("$1\r\n0\r\n", h.run("ZSCORE z y"));
            h6.run("ZADD z 1 x -0 y");
            assertEquals("$2\r\n-0\r\n", h6.run("ZSCORE z y"));
            // ZADD INCR replies the computed score before it is stored.
            assertEquals("$2\r\n-0\r\n", h.run("ZADD z INCR -0 z2"));
            assertEquals("$1\r\n0\r\n", h.run("ZSCORE z z2"));
            // The member that makes the set too big is inserted after the conversion: it keeps -0.
            h.run(bigZadd("big", 128));
            assertTrue(zset(h, "big").isCompact());
            h.run("ZADD big -0 neg");
            assertFalse(zset(h, "big").isCompact());
            assertEquals("$2\r\n-0\r\n", h.run("ZSCORE big neg"));
            String longMember = "L".repeat(65);
            h.run("ZADD long -0 " + longMember);
            assertEquals("$2\r\n-0\r\n", h.run("ZSCORE long " + longMember));
            // Small store results are re-encoded: -0 becomes 0 in 7.0.
            h.run("ZADD c -0 a 1 b");
            h.run("ZADD j 1 a");
            assertEquals(":1\r\n", h.run("ZUNIONSTORE k 1 j WEIGHTS -0"));
            assertEquals("$1\r\n0\r\n", h.run("ZSCORE k a"));
            assertEquals("*2\r\n$1\r\na\r\n$2\r\n-0\r\n", h.run("ZUNION 1 j WEIGHTS -0 WITHSCORES"));
        }

        @Test
        void sameScoreUpdateIsNoWriteForWatch() {
            Session other = h.newSession();
            h.run("ZADD z 1 a");
            h.run("WATCH z");
            h.run(other, "ZADD z 1 a");
            h.run(other, "ZADD z GT 0 a");
            h.run(other, "ZINCRBY z 0 a");
            h.run(other, "ZREM z nope");
            h.run("MULTI");
            h.run("ZCARD z");
            assertEquals("*1\r\n:1\r\n", h.run("EXEC"));
            h.run("WATCH z");
            h.run(other, "ZADD z 2 a");
            h.run("MULTI");
            h.run("ZCARD z");
            assertEquals("*-1\r\n", h.run("EXEC"));
        }
    }

    @Nested
    class Ranges {
        @Test
        void zrangeFormsAndErrors() {
            h.run("ZADD z 1 a 2 b 3 c 4 d");
            assertEquals("*2\r\n$1\r\nd\r\n$1\r\nc\r\n", h.run("ZRANGE z 0 1 REV"));
            assertEquals("*2\r\n$1\r\nb\r\n$1\r\nc\r\n", h.run("ZRANGE z (1 3 BYSCORE"));
            assertEquals("*1\r\n$1\r\nc\r\n", h.run("ZRANGE z 4 1 BYSCORE REV LIMIT 1 1"));
            assertEquals("*2\r\n$1\r\nb\r\n$1\r\nc\r\n", h.run("ZRANGEBYSCORE z -inf +inf LIMIT 1 2"));
            assertEquals("*0\r\n", h.run("ZRANGEBYSCORE z -inf +inf LIMIT -1 2"));
            assertEquals("-ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX\r\n",
                    h.run("ZRANGE z 0 -1 LIMIT 0 1"));
            assertEquals("-ERR syntax error, WITHSCORES not supported in combination with BYLEX\r\n",
                    h.run("ZRANGE z - + BYLEX WITHSCORES"));
            assertEquals("-ERR value is not an integer or out of range\r\n", h.run("ZRANGE z 0 -1 BYLEX LIMIT x 1 WITHSCORES"));
            assertEquals("-ERR min or max is not a float\r\n", h.run("ZRANGE z x y BYSCORE"));
            assertEquals("-ERR min or max not valid string range item\r\n", h.run("ZRANGE z x y BYLEX"));
            assertEquals("-ERR syntax error\r\n", h.run("ZRANGEBYSCORE z 0 1 REV"));
        }

        @Test
        void lexRangeOnCompactSetWithUnequalScoresIsLinear() {
            // Real 7.0.15 / 6.2.7 (listpack / ziplist scan from the first element).
            h.run("ZADD mix 1 b 2 a 3 d 4 c 5 e");
            assertEquals("*3\r\n$1\r\nd\r\n$1\r\nc\r\n$1\r\ne\r\n", h.run("ZRANGEBYLEX mix [c +"));
            assertEquals("*2\r\n$1\r\nc\r\n$1\r\nd\r\n", h.run("ZREVRANGEBYLEX mix [d [b"));
            assertEquals(":4\r\n", h.run("ZLEXCOUNT mix [b [d"));
            assertEquals(":4\r\n", h.run("ZREMRANGEBYLEX mix [b [d"));
            assertEquals("*1\r\n$1\r\ne\r\n", h.run("ZRANGE mix 0 -1"));
        }

        @Test
        void zrangestoreReplacesOrDeletes() {
            h.run("ZADD z 1 a 2 b 3 c");
            h.run("SET dst x");
            h.run("EXPIRE dst 100");
            assertEquals(":2\r\n", h.run("ZRANGESTORE dst z 0 1"));
            assertEquals(":-1\r\n", h.run("TTL dst"));
            assertEquals(":0\r\n", h.run("ZRANGESTORE dst missing 0 -1"));
            assertEquals(":0\r\n", h.run("EXISTS dst"));
        }

        @Test
        void emptiedSetIsDeleted() {
            h.run("ZADD z 1 a 2 b");
            assertEquals(":2\r\n", h.run("ZREMRANGEBYSCORE z -inf +inf"));
            assertEquals("+none\r\n", h.run("TYPE z"));
        }

        @Test
        void rankAndRangeOnMillionMemberSetAreLogarithmic() {
            ZSet z = new ZSet(new java.util.SplittableRandom(1));
            for (int i = 0; i < 1_000_000; i++) z.add(Bytes.utf8("m" + i), i);
            h.engine.keyspace().db(0).add(Bytes.utf8("big"), z);
            long t0 = System.nanoTime();
            for (int i = 0; i < 10_000; i++) {
                h.run("ZRANK big m" + (i * 97));
                h.run("ZRANGEBYSCORE big " + (i * 50) + " +inf LIMIT 0 10");
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(":999999\r\n", h.run("ZRANK big m999999"));
            assertTrue(ms < 5_000, "20k rank/range calls on 1M members took " + ms + " ms");
        }
    }

    @Nested
    class Pops {
        @Test
        void countRulesDifferBetween62And70() {
            for (EngineHarness x : List.of(h, h6)) {
                x.run("SET s x");
                x.run("ZADD z 1 a 2 b 3 c");
            }
            assertEquals("-ERR value is out of range, must be positive\r\n", h.run("ZPOPMIN z -1"));
            assertEquals("*0\r\n", h6.run("ZPOPMIN z -1"));
            assertEquals("-ERR value is out of range, must be positive\r\n", h.run("ZPOPMIN z abc"));
            assertEquals("-ERR value is not an integer or out of range\r\n", h6.run("ZPOPMIN z abc"));
            assertEquals(WRONGTYPE, h.run("ZPOPMIN s 0"));
            assertEquals("*0\r\n", h6.run("ZPOPMIN s 0"));
            h.run("HELLO 3");
            assertEquals("*1\r\n*2\r\n$1\r\na\r\n,1\r\n", h.run("ZPOPMIN z 1"));
            assertEquals("*2\r\n$1\r\nc\r\n,3\r\n", h.run("ZPOPMAX z"));
        }

        @Test
        void zmpopOnlyIn70() {
            h.run("ZADD a 1 x 2 y 3 z");
            assertEquals("*2\r\n$1\r\na\r\n*2\r\n*2\r\n$1\r\nz\r\n$1\r\n3\r\n*2\r\n$1\r\ny\r\n$1\r\n2\r\n",
                    h.run("ZMPOP 2 missing a MAX COUNT 2"));
            assertEquals("-ERR numkeys should be greater than 0\r\n", h.run("ZMPOP x a MIN"));
            assertEquals("-ERR count should be greater than 0\r\n", h.run("ZMPOP 1 a MIN COUNT 0"));
            assertEquals(NIL_ARRAY, h.run("ZMPOP 1 missing MIN"));
            assertEquals("-ERR unknown command `ZMPOP`, with args beginning with: `1`, `a`, `MIN`, \r\n",
                    h6.run("ZMPOP 1 a MIN"));
        }
    }

    @Nested
    class Random {
        @Test
        void seededEnginesDrawTheSameMembers() {
            EngineHarness a = new EngineHarness(), b = new EngineHarness();
            for (EngineHarness x : List.of(a, b)) x.run(bigZadd("z", 300));
            for (String cmd : List.of("ZRANDMEMBER z", "ZRANDMEMBER z 5 WITHSCORES", "ZRANDMEMBER z -7", "ZRANDMEMBER z 250")) {
                assertEquals(a.run(cmd), b.run(cmd), cmd);
            }
        }

        @Test
        void distinctWithPositiveCountRepeatsWithNegative() {
            h.run(bigZadd("z", 300));
            h.run("ZADD small 1 a 2 b 3 c 4 d 5 e 6 f 7 g 8 h 9 i 10 j");
            for (String key : List.of("z", "small")) {
                for (int round = 0; round < 20; round++) {
                    Reply r = h.reply(h.session, "ZRANDMEMBER " + key + " 4");
                    Reply[] items = ((Reply.Multi) r).items;
                    assertEquals(4, items.length);
                    Set<String> seen = new HashSet<>();
                    for (Reply i : items) assertTrue(seen.add(Bytes.str(((Reply.Bulk) i).value)));
                }
            }
            Reply r = h.reply(h.session, "ZRANDMEMBER small -50");
            assertEquals(50, ((Reply.Multi) r).items.length);
            // Compact sets give distinct members in set order (lpRandomPairsUnique).
            Reply[] items = ((Reply.Multi) h.reply(h.session, "ZRANDMEMBER small 3")).items;
            List<String> got = new ArrayList<>();
            for (Reply i : items) got.add(Bytes.str(((Reply.Bulk) i).value));
            List<String> sorted = new ArrayList<>(got);
            sorted.sort(null);
            assertEquals(sorted, got);
        }

        @Test
        void wholeSetHighestFirstAndLimits() {
            h.run("ZADD z 1 a 2 b");
            // Real 7.0.15 and 6.2.7.
            assertEquals("*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\n1\r\n", h.run("ZRANDMEMBER z 100 WITHSCORES"));
            assertEquals("-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n",
                    h.run("ZRANDMEMBER z -9223372036854775808"));
            assertEquals("-ERR value is out of range\r\n", h.run("ZRANDMEMBER z 4611686018427387904 WITHSCORES"));
            assertEquals("*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\n1\r\n", h6.runAll("ZADD z 1 a 2 b",
                    "ZRANDMEMBER z 4611686018427387904 WITHSCORES"));
            // Redis would stream forever; we refuse instead of running out of memory.
            assertTrue(h.run("ZRANDMEMBER z -9223372036854775807").startsWith("-ERR ZRANDMEMBER count too large"));
        }
    }

    @Nested
    class Scan {
        @Test
        void bigSetScanReturnsEveryMemberAcrossCursorsEvenWhileShrinking() {
            h.run(bigZadd("z", 1000));
            Set<String> seen = new HashSet<>();
            String cursor = "0";
            int calls = 0;
            do {
                Reply[] r = ((Reply.Multi) h.reply(h.session, "ZSCAN z " + cursor + " COUNT 20")).items;
                cursor = Bytes.str(((Reply.Bulk) r[0]).value);
                Reply[] kv = ((Reply.Multi) r[1]).items;
                for (int i = 0; i < kv.length; i += 2) seen.add(Bytes.str(((Reply.Bulk) kv[i]).value));
                if (calls++ == 5) h.run("ZREMRANGEBYRANK z 500 -1"); // members that stay must still come
            } while (!cursor.equals("0"));
            for (int i = 0; i < 500; i++) assertTrue(seen.contains(String.format("m%03d", i)), "missing m" + i);
            assertTrue(calls > 1);
        }

        @Test
        void compactSetComesWholeWithScoresAsBulkStrings() {
            h.run("HELLO 3");
            h.run("ZADD z 1.5 a -0 b");
            assertEquals("*2\r\n$1\r\n0\r\n*4\r\n$1\r\nb\r\n$1\r\n0\r\n$1\r\na\r\n$3\r\n1.5\r\n", h.run("ZSCAN z 123 COUNT 1"));
        }
    }

    @Nested
    class SetOperations {
        @Test
        void inputsOfEqualSizeAreTakenInTheBuildsQsortOrder() {
            // 1e16 + 1 + 1 depends on the order of equally sized inputs, which is the libc's qsort's.
            // Real 7.0.15, Debian's glibc build (stable order): 10000000000000006 (dialect 7.0).
            // Real 7.0.15, embedded-redis's static musl build: 10000000000000008 (dialect 7.0-static).
            assertSumOfEqualSizedInputs(new EngineHarness(), "10000000000000006");
            assertSumOfEqualSizedInputs(new EngineHarness(Dialect.REDIS_7_0_STATIC, null), "10000000000000008");
        }

        private void assertSumOfEqualSizedInputs(EngineHarness e, String sum) {
            e.run("ZADD k0 -1 m 0 f0_0 1 f0_1");
            e.run("ZADD k1 0.1 m 0 f1_0");
            e.run("ZADD k2 -1e16 m");
            e.run("ZADD k3 3 m 0 f3_0 1 f3_1");
            e.run("ZADD k4 0.3 m");
            e.run("ZADD k5 1e-20 m 0 f5_0");
            assertEquals("$17\r\n" + sum + "\r\n", e.runAll(
                    "ZINTERSTORE dst 6 k0 k1 k2 k3 k4 k5 WEIGHTS -1 2 -1 2 0.5 1", "ZSCORE dst m"));
            String r = e.run("ZUNION 6 k0 k1 k2 k3 k4 k5 WEIGHTS -1 2 -1 2 0.5 1 WITHSCORES");
            assertTrue(r.endsWith("$1\r\nm\r\n$17\r\n" + sum + "\r\n"), r);
        }

        @Test
        void weightsAggregateAndNaN() {
            h.run("ZADD a +inf x -inf y 0 z 1 w");
            h.run("ZADD b -inf x -inf y 5 z -1 w");
            // Real 7.0.15 / 6.2.7: inf + -inf is 0.
            assertEquals("*8\r\n$1\r\ny\r\n$4\r\n-inf\r\n$1\r\nw\r\n$1\r\n0\r\n$1\r\nx\r\n$1\r\n0\r\n$1\r\nz\r\n$1\r\n5\r\n",
                    h.run("ZUNION 2 a b WITHSCORES"));
            assertEquals("-ERR weight value is not a float\r\n", h.run("ZUNION 1 a WEIGHTS x"));
            assertEquals("-ERR at least 1 input key is needed for 'zunionstore' command\r\n", h.run("ZUNIONSTORE d 0 a"));
            assertEquals("-ERR at least 1 input key is needed for zunionstore\r\n", h6.run("ZUNIONSTORE d 0 a"));
            assertEquals("-ERR LIMIT can't be negative\r\n", h.run("ZINTERCARD 1 a LIMIT x"));
        }
    }

    @Nested
    class Blocking {
        final Session a = h.session;
        final Session b = h.newSession();
        final Session w = h.newSession();

        String pushed(int i, Session s) {
            return text(h, s, h.pushed.get(i));
        }

        @Test
        void servedFirstBlockedFirstAndPipelinedRequestsWait() {
            // Real 7.0.15 / 6.2.7 with two blocked connections (see the class comment).
            assertNull(h.run(a, "BZPOPMIN k1 k2 0"));
            assertNull(h.run(b, "BZPOPMAX k1 0"));
            assertTrue(a.isBlocked());
            assertEquals(2, h.engine.blocking().blockedClients());
            assertEquals(":3\r\n", h.run(w, "ZADD k1 1 x 2 y 3 z"));
            assertEquals(2, h.pushed.size());
            assertEquals("*3\r\n$2\r\nk1\r\n$1\r\nx\r\n$1\r\n1\r\n", pushed(0, a));
            assertEquals("*3\r\n$2\r\nk1\r\n$1\r\nz\r\n$1\r\n3\r\n", pushed(1, b));
            assertFalse(a.isBlocked());
            assertEquals(0, h.engine.blocking().blockedClients());
            assertEquals("*1\r\n$1\r\ny\r\n", h.run(w, "ZRANGE k1 0 -1"));
        }

        @Test
        void timeoutOnTheManualClock() {
            assertNull(h.run(a, "BZPOPMIN k 1.5"));
            h.time.advance(Duration.ofMillis(1499));
            h.engine.activeExpire();
            assertTrue(h.pushed.isEmpty());
            h.time.advance(Duration.ofMillis(1));
            h.engine.activeExpire();
            assertEquals(NIL_ARRAY, pushed(0, a));
            assertFalse(a.isBlocked());
        }

        @Test
        void zeroWaitsForeverAndTinyTimeoutsRoundUpIn70Only() {
            assertNull(h.run(a, "BZPOPMIN k 0"));
            assertNull(h.run(b, "BZPOPMIN k 0.0001"));
            h.time.advance(Duration.ofMillis(1));
            h.engine.handleBlockedTimeouts();
            assertEquals(1, h.pushed.size()); // b: 0.1 ms rounds up to 1 ms in 7.0 (ceill)
            h.time.advance(Duration.ofDays(1000));
            h.engine.handleBlockedTimeouts();
            assertEquals(1, h.pushed.size());
            assertTrue(a.isBlocked());
            assertNull(h6.run("BZPOPMIN k 0.0001")); // 6.2 truncates to 0: forever
            h6.time.advance(Duration.ofDays(1));
            h6.engine.handleBlockedTimeouts();
            assertTrue(h6.session.isBlocked());
        }

        @Test
        void insideMultiNoBlocking() {
            h.run(a, "MULTI");
            h.run(a, "BZPOPMIN k 0");
            h.run(a, "BZMPOP 0 1 k MIN");
            assertEquals("*2\r\n*-1\r\n*-1\r\n", h.run(a, "EXEC"));
            assertFalse(a.isBlocked());
        }

        @Test
        void keyOfAnotherTypeOrDeletedBeforeServingKeepsWaiting() {
            assertNull(h.run(a, "BZPOPMIN k 1"));
            h.run(w, "SET k str");
            h.run(w, "DEL k");
            h.run(w, "MULTI");
            h.run(w, "ZADD k 1 x");
            h.run(w, "DEL k");
            h.run(w, "EXEC");
            assertTrue(h.pushed.isEmpty());
            assertTrue(a.isBlocked());
            h.time.advance(Duration.ofSeconds(1));
            h.engine.activeExpire();
            assertEquals(NIL_ARRAY, pushed(0, a));
        }

        @Test
        void bzmpopServedWithCountInResp3() {
            h.run(a, "HELLO 3");
            assertNull(h.run(a, "BZMPOP 0 2 k1 k2 MAX COUNT 2"));
            h.run(w, "ZADD k2 1.5 x -0 y 3 z");
            // Real 7.0.15: nested [key, [[member, score], ...]], doubles in RESP3.
            assertEquals("*2\r\n$2\r\nk2\r\n*2\r\n*2\r\n$1\r\nz\r\n,3\r\n*2\r\n$1\r\nx\r\n,1.5\r\n", pushed(0, a));
            // y is left: the next blocking pop does not wait (7.0's listpack stored -0 as 0).
            assertEquals("*3\r\n$2\r\nk2\r\n$1\r\ny\r\n$1\r\n0\r\n", h.run(b, "BZPOPMIN k2 0"));
        }

        @Test
        void clientBlockedOnTwoKeysIsServedOnce() {
            assertNull(h.run(a, "BZPOPMIN k1 k2 0"));
            h.run(w, "MULTI");
            h.run(w, "ZADD k2 5 p");
            h.run(w, "ZADD k1 7 q");
            h.run(w, "EXEC");
            assertEquals(1, h.pushed.size());
            assertEquals("*3\r\n$2\r\nk2\r\n$1\r\np\r\n$1\r\n5\r\n", pushed(0, a));
            assertEquals(":1\r\n", h.run(w, "ZCARD k1"));
        }

        @Test
        void disconnectUnblocks() {
            assertNull(h.run(a, "BZPOPMIN k 0"));
            h.engine.disconnect(a);
            assertEquals(0, h.engine.blocking().blockedClients());
            h.run(w, "ZADD k 1 x");
            assertTrue(h.pushed.isEmpty());
            assertEquals(":1\r\n", h.run(w, "ZCARD k"));
        }

        @Test
        void servingPopInvalidatesWatch() {
            h.run(w, "ZADD k 1 x");
            h.run(w, "ZPOPMIN k");
            h.run(b, "WATCH k");
            assertNull(h.run(a, "BZPOPMIN k 0"));
            h.run(w, "ZADD k 1 x");
            h.run(b, "MULTI");
            h.run(b, "PING");
            assertEquals("*-1\r\n", h.run(b, "EXEC"));
        }
    }
}
