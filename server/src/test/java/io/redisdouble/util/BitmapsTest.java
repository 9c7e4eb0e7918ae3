package io.redisdouble.util;

import io.redisdouble.command.EngineHarness;
import io.redisdouble.resp.Reply;
import io.redisdouble.resp.RespEncoder;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeout;

/**
 * {@link Bitmaps}' word-at-a-time routines against the definition (one bit at a time, bit 0 the most
 * significant bit of byte 0) on random strings and offsets, and the contract that bit writes never
 * change an array already stored or replied.
 */
class BitmapsTest {
    private static int bit(byte[] p, long i) {
        return (p[(int) (i >>> 3)] >>> (7 - (i & 7))) & 1;
    }

    private static byte[] random(SplittableRandom r, int len) {
        byte[] p = new byte[len];
        for (int i = 0; i < len; i++) {
            int kind = r.nextInt(4);
            p[i] = (byte) (kind == 0 ? 0 : kind == 1 ? 0xff : r.nextInt(256));
        }
        return p;
    }

    @Test
    void popcountAndBitposAgreeWithBitByBitScans() {
        SplittableRandom r = new SplittableRandom(14);
        for (int n = 0; n < 3000; n++) {
            byte[] p = random(r, r.nextInt(80));
            int from = p.length == 0 ? 0 : r.nextInt(p.length);
            int count = r.nextInt(p.length - from + 1);
            long ones = 0, firstOne = -1, firstZero = -1;
            for (long i = (long) from * 8; i < (long) (from + count) * 8; i++) {
                if (bit(p, i) == 1) {
                    ones++;
                    if (firstOne < 0) firstOne = i - (long) from * 8;
                } else if (firstZero < 0) {
                    firstZero = i - (long) from * 8;
                }
            }
            assertEquals(ones, Bitmaps.popcount(p, from, count));
            assertEquals(firstOne, Bitmaps.bitpos(p, from, count, 1));
            assertEquals(firstZero < 0 ? (long) count * 8 : firstZero, Bitmaps.bitpos(p, from, count, 0));
        }
    }

    @Test
    void fieldsReadBackWhatWasWritten() {
        SplittableRandom r = new SplittableRandom(15);
        for (int n = 0; n < 3000; n++) {
            byte[] p = random(r, 20);
            int bits = 1 + r.nextInt(64);
            long offset = r.nextInt(20 * 8 - bits + 1);
            long expected = 0;
            for (int j = 0; j < bits; j++) expected = (expected << 1) | bit(p, offset + j);
            assertEquals(expected, Bitmaps.getUnsigned(p, offset, bits));
            long signed = bits < 64 && (expected >>> (bits - 1)) != 0 ? expected | (-1L << bits) : expected;
            assertEquals(signed, Bitmaps.getSigned(p, offset, bits));

            long v = r.nextLong();
            byte[] before = p.clone();
            Bitmaps.set(p, offset, bits, v);
            long mask = bits == 64 ? -1L : (1L << bits) - 1;
            assertEquals(v & mask, Bitmaps.getUnsigned(p, offset, bits));
            for (long i = 0; i < 20 * 8; i++) {
                if (i < offset || i >= offset + bits) assertEquals(bit(before, i), bit(p, i), "bit " + i + " outside the field");
            }
        }
    }

    private static String latin1(EngineHarness h, Reply r) {
        return new String(RespEncoder.toBytes(r, 2, h.engine.dialect()), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Test
    void aReplyTakenBeforeABitWriteKeepsItsBytes() {
        EngineHarness h = new EngineHarness();
        h.run("SET k \"\\x00\\x00\\x00\"");
        Reply before = h.reply(h.session, "GET k");
        h.run("SETBIT k 0 1");
        h.run("BITFIELD k SET u8 8 255 INCRBY u8 16 7");
        h.run("COPY k k2");
        h.run("SETBIT k2 1 1");
        assertEquals("$3\r\n\u0000\u0000\u0000\r\n", latin1(h, before));
        assertEquals("$3\r\n\u0080\u00ff\u0007\r\n", latin1(h, h.reply(h.session, "GET k")));
        assertEquals("$3\r\n\u00c0\u00ff\u0007\r\n", latin1(h, h.reply(h.session, "GET k2")));
    }

    @Test
    void aMegabyteBitmapAtTheEdges() {
        EngineHarness h = new EngineHarness();
        h.run("SETBIT big 8388607 1");
        h.run("SETBIT big 0 1");
        assertEquals(":1048576\r\n", h.run("STRLEN big"));
        assertEquals(":2\r\n", h.run("BITCOUNT big"));
        assertEquals(":1\r\n", h.run("BITCOUNT big 1 -1"));
        assertEquals(":8388607\r\n", h.run("BITPOS big 1 1"));
        assertEquals(":-1\r\n", h.run("BITPOS big 1 1 -2"));
        assertEquals(":1\r\n", h.run("BITPOS big 0"));
    }

    private static Object stored(EngineHarness h, String key) {
        return h.engine.keyspace().db(0).lookupOwnedBytes(key.getBytes(java.nio.charset.StandardCharsets.UTF_8), 0).value();
    }

    @Test
    void bitWritesChangeAnArrayOnlyTheyHaveSeenInPlace() {
        EngineHarness h = new EngineHarness();
        h.run("SETBIT k 100 1");
        Object first = stored(h, "k");
        h.run("SETBIT k 3 1");
        h.run("BITFIELD k INCRBY u8 0 1");
        h.run("GETBIT k 3");
        h.run("BITCOUNT k");
        h.run("SETBIT k 4 1");
        assertSame(first, stored(h, "k"), "written in place");
        h.run("SETBIT k 200 1");
        Object grown = stored(h, "k");
        assertNotSame(first, grown, "grown: a new array");
        h.run("SETBIT k 5 1");
        assertSame(grown, stored(h, "k"), "the grown array is owned too");
        h.run("GET k");
        h.run("SETBIT k 6 1");
        assertNotSame(grown, stored(h, "k"), "after GET the array may be held by a reply: copied");

        h.run("SET s abc");
        Object set = stored(h, "s");
        h.run("SETBIT s 0 0"); // changes nothing: no copy, and the array stays SET's
        assertSame(set, stored(h, "s"));
        h.run("SETBIT s 1 0");
        assertNotSame(set, stored(h, "s"));
    }

    @Test
    void repliesInTransactionsAndScriptsKeepTheirBytes() {
        EngineHarness h = new EngineHarness();
        h.run("SETBIT k 7 1");
        h.run("MULTI");
        h.run("GET k");
        h.run("SETBIT k 0 1");
        h.run("GET k");
        Reply exec = h.reply(h.session, "EXEC");
        assertEquals("*3\r\n$1\r\n\u0001\r\n:0\r\n$1\r\n\u0081\r\n", latin1(h, exec));
        Reply lua = h.reply(h.session, "EVAL \"local v = redis.call('get', KEYS[1]); redis.call('setbit', KEYS[1], 1, 1); return v\" 1 k");
        assertEquals("$1\r\n\u0081\r\n", latin1(h, lua));
        h.run("SETBIT k2 0 1");
        h.run("COPY k2 k3");
        h.run("SETBIT k2 0 0");
        assertEquals("$1\r\n\u0080\r\n", latin1(h, h.reply(h.session, "GET k3")));
    }

    @Test
    void setbitOnAMegabyteBitmapDoesNotCopyIt() {
        EngineHarness h = new EngineHarness();
        h.run("SETBIT big 8388607 1");
        // 20,000 copies of 1 MB would take seconds; in place they take milliseconds.
        assertTimeout(java.time.Duration.ofSeconds(3), () -> {
            for (int i = 0; i < 20_000; i++) h.run("SETBIT big " + (i * 397 % 8388607) + " 1");
        });
        assertEquals(":20001\r\n", h.run("BITCOUNT big"));
    }
}
