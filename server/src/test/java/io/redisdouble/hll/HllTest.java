package io.redisdouble.hll;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Invariants of the representation that hold whatever the estimates are (the bytes and estimates
 * themselves are compared with real Redis in hyperloglog.txt and the kit): the sparse and the dense
 * encodings of the same elements hold the same registers and give the same count, as PFSELFTEST
 * checks in Redis; the 6-bit packing keeps neighbours apart; edits never touch the array they started
 * from (stored values are shared with replies).
 */
class HllTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] emptyDense() {
        byte[] d = new byte[Hll.DENSE_SIZE];
        System.arraycopy(Hll.createSparse(), 0, d, 0, Hll.HDR_SIZE);
        d[Hll.ENCODING] = Hll.DENSE;
        return d;
    }

    @Test
    void sparseAndDenseAgreeOnRegistersAndCount() {
        SplittableRandom rnd = new SplittableRandom(7);
        int[] histo = new int[64];
        for (int round = 0; round < 40; round++) {
            HllWork sparse = new HllWork(Hll.createSparse(), 1_000_000, false);
            HllWork dense = new HllWork(emptyDense(), 1_000_000, false);
            int n = rnd.nextInt(1, 3000);
            for (int i = 0; i < n; i++) {
                byte[] e = utf8(Long.toString(rnd.nextLong()));
                assertEquals(dense.add(e), sparse.add(e), "same register change on both encodings");
            }
            assertFalse(sparse.isDense(), "a generous hll-sparse-max-bytes keeps it sparse");
            long sc = Hll.count(sparse.value(), histo);
            long dc = Hll.count(dense.value(), histo);
            assertEquals(dc, sc);
            HllWork converted = new HllWork(sparse.value(), 1_000_000, false);
            assertTrue(converted.toDense());
            byte[] a = converted.value(), b = dense.value();
            assertArrayEquals(Arrays.copyOfRange(b, Hll.HDR_SIZE, b.length), Arrays.copyOfRange(a, Hll.HDR_SIZE, a.length));
            byte[] max = new byte[Hll.REGISTERS];
            assertTrue(Hll.mergeInto(max, sparse.value(), false));
            assertEquals(dc, Hll.countRaw(max, histo), "the raw (PFCOUNT of several keys) path agrees");
        }
    }

    @Test
    void registersArePackedWithoutDisturbingNeighbours() {
        SplittableRandom rnd = new SplittableRandom(3);
        byte[] d = emptyDense();
        int[] expect = new int[Hll.REGISTERS];
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < Hll.REGISTERS; i++) {
                expect[i] = rnd.nextInt(64);
                Hll.denseSet(d, i, expect[i]);
            }
            for (int i = 0; i < Hll.REGISTERS; i++) assertEquals(expect[i], Hll.denseGet(d, i), "register " + i);
        }
    }

    @Test
    void editsCopyOnWriteAndEmptyEditsCopyNothing() {
        byte[] stored = Hll.createSparse();
        byte[] before = stored.clone();
        HllWork w = new HllWork(stored, 3000, false);
        w.add(utf8("a"));
        assertArrayEquals(before, stored, "the stored array is never written");
        byte[] after = w.value();
        HllWork again = new HllWork(after, 3000, false);
        assertEquals(0, again.add(utf8("a")));
        assertFalse(again.changed());
        assertTrue(again.value() == after, "nothing changed: no copy");
    }

    @Test
    void promotionPastTheSizeLimit() {
        HllWork w = new HllWork(Hll.createSparse(), 30, false);
        for (int i = 0; i < 100 && !w.isDense(); i++) w.add(utf8("e" + i));
        assertTrue(w.isDense());
        assertEquals(Hll.DENSE_SIZE, w.value().length);
        assertTrue(Hll.isValid(w.value()));
    }
}
