package io.redisdouble.rdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The codecs under DUMP / RESTORE, against the facts their C sources state (crc64.c's check value) and
 * by round trips; the bytes themselves are compared with real Redis by dump.txt and DumpRestoreCrossTest.
 */
class RdbCodecTest {

    @Test
    void crc64IsJones() {
        byte[] b = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xe9c6d914c4b8d9caL, Crc64.of(b, b.length));
    }

    @Test
    void lzfRoundTripsAndRefusesWhatDoesNotShrink() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int round = 0; round < 500; round++) {
            int len = 21 + rnd.nextInt(3000);
            byte[] in = new byte[len];
            int alphabet = 1 + rnd.nextInt(round % 2 == 0 ? 4 : 256);
            for (int i = 0; i < len; i++) in[i] = (byte) ('a' + rnd.nextInt(alphabet));
            byte[] out = new byte[len];
            int clen = Lzf.compress(in, len, out, len - 4);
            if (clen == 0) {
                assertTrue(alphabet > 4, "a small alphabet compresses");
                continue;
            }
            assertTrue(clen <= len - 4);
            assertArrayEquals(in, Lzf.decompress(out, 0, clen, len));
        }
    }

    @Test
    void lzfDecompressRejectsCorruptInput() {
        assertNull(Lzf.decompress(new byte[] {0x1f, 'a', 'b'}, 0, 3, 32));
        assertNull(Lzf.decompress(new byte[] {0, 'a', (byte) 0x20, 0x05}, 0, 4, 4));
    }

    @Test
    void listpackAndZiplistRoundTrip() throws Packed.Corrupt {
        List<byte[]> items = new ArrayList<>();
        for (String s : new String[] {"a", "", "0", "-1", "127", "128", "-4096", "4095", "32767", "-32768", "8388607",
                "-8388609", "2147483648", "9223372036854775807", "-9223372036854775808", "01", "+1", " 1", "x".repeat(70),
                "y".repeat(5000)}) {
            items.add(s.getBytes(StandardCharsets.US_ASCII));
        }
        List<byte[]> lp = Packed.readListpack(Packed.listpack(items));
        List<byte[]> zl = Packed.readZiplist(Packed.ziplist(items));
        for (int i = 0; i < items.size(); i++) {
            assertArrayEquals(items.get(i), lp.get(i));
            assertArrayEquals(items.get(i), zl.get(i));
        }
        byte[] bad = Packed.listpack(items);
        bad[bad.length - 1] = 0;
        assertThrows(Packed.Corrupt.class, () -> Packed.readListpack(bad));
    }

    @Test
    void intsetTakesTheWidthOfItsWidestMember() throws Packed.Corrupt {
        assertEquals(8 + 2 * 2, Packed.intset(new long[] {1, 300}, 2).length);
        assertEquals(8 + 4 * 2, Packed.intset(new long[] {1, 70000}, 2).length);
        assertEquals(8 + 8 * 2, Packed.intset(new long[] {-5000000000L, 1}, 2).length);
        assertArrayEquals(new long[] {-5000000000L, 1}, Packed.readIntset(Packed.intset(new long[] {-5000000000L, 1}, 2)));
        assertThrows(Packed.Corrupt.class, () -> Packed.readIntset(Packed.intset(new long[] {2, 1}, 2)));
    }

    @Test
    void corruptPayloadsAreRefusedNotFatal() {
        io.redisdouble.dialect.Dialect d = io.redisdouble.dialect.Dialect.defined("7.4");
        io.redisdouble.keyspace.EncodingLimits limits = new io.redisdouble.keyspace.EncodingLimits(true, true);
        io.redisdouble.keyspace.RedisList list = new io.redisdouble.keyspace.RedisList(limits, false);
        for (int i = 0; i < 300; i++) list.pushTail(("element-" + i).getBytes(StandardCharsets.US_ASCII));
        io.redisdouble.zset.ZSet z = new io.redisdouble.zset.ZSet(new SplittableRandom(1));
        for (int i = 0; i < 200; i++) z.add(("m" + i).getBytes(StandardCharsets.US_ASCII), i * 0.5);
        io.redisdouble.stream.RedisStream s = new io.redisdouble.stream.RedisStream();
        for (int i = 1; i < 50; i++) {
            s.append(new io.redisdouble.stream.StreamId(i, 0), new byte[][] {"f".getBytes(StandardCharsets.US_ASCII),
                    ("v" + i).getBytes(StandardCharsets.US_ASCII)}, 4096, 10);
        }
        List<byte[]> payloads = List.of(RdbWriter.dump(list, d, limits), RdbWriter.dump(z, d, limits), RdbWriter.dump(s, d, limits),
                RdbWriter.dump("x".repeat(100).getBytes(StandardCharsets.US_ASCII), d, limits));
        SplittableRandom rnd = new SplittableRandom(11);
        int loaded = 0, refused = 0;
        for (int round = 0; round < 4000; round++) {
            byte[] p = payloads.get(round % payloads.size()).clone();
            int flips = 1 + rnd.nextInt(3);
            for (int f = 0; f < flips; f++) p[rnd.nextInt(p.length - 10)] = (byte) rnd.nextInt(256);
            try {
                RdbReader.load(p, d, limits, rnd);
                loaded++;
            } catch (Packed.Corrupt e) {
                refused++;
            } catch (RuntimeException e) {
                refused++; // RESTORE answers "Bad data format" for these too
            }
        }
        assertEquals(4000, loaded + refused);
        assertTrue(refused > 0);
    }
}
