package io.redisdouble.keyspace;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link ListBlocks} against a plain list of arrays under random pushes and pops at both ends, LSET,
 * insertions and range removals anywhere (LINSERT, LTRIM, LREM's rebuild), copies, and elements of
 * every size class of the packed length (empty, 127 / 128 bytes, over 16 KB): every element read back,
 * at random and in sequence.
 */
class ListBlocksTest {
    @Test
    void holdsWhatAPlainListHolds() {
        for (long seed = 1; seed <= 40; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            ListBlocks l = new ListBlocks();
            List<byte[]> model = new ArrayList<>();
            int bias = rnd.nextInt(3);
            for (int op = 0; op < 3000; op++) {
                int what = rnd.nextInt(100);
                int n = model.size();
                if (what < 30 + (bias == 0 ? 20 : 0)) {
                    byte[] v = value(rnd);
                    l.pushTail(v);
                    model.add(v);
                } else if (what < 55 + (bias == 1 ? 20 : 0)) {
                    byte[] v = value(rnd);
                    l.pushHead(v);
                    model.add(0, v);
                } else if (what < 65 && n > 0) {
                    assertArrayEquals(model.remove(0), l.popHead());
                } else if (what < 75 && n > 0) {
                    assertArrayEquals(model.remove(n - 1), l.popTail());
                } else if (what < 82 && n > 0) {
                    int i = rnd.nextInt(n);
                    byte[] v = value(rnd);
                    l.set(i, v);
                    model.set(i, v);
                } else if (what < 89) {
                    int i = rnd.nextInt(n + 1);
                    byte[] v = value(rnd);
                    l.insert(i, v);
                    model.add(i, v);
                } else if (what < 97 && n > 0) {
                    int from, count;
                    switch (rnd.nextInt(3)) {
                        case 0 -> { from = 0; count = rnd.nextInt(n + 1); }
                        case 1 -> { count = rnd.nextInt(n + 1); from = n - count; }
                        default -> { from = rnd.nextInt(n); count = rnd.nextInt(n - from + 1); }
                    }
                    l.removeRange(from, count);
                    model.subList(from, from + count).clear();
                } else if (what < 98) {
                    List<byte[]> kept = new ArrayList<>();
                    for (byte[] e : model) if (rnd.nextBoolean()) kept.add(e);
                    l.replaceFrom(0, kept);
                    model = kept;
                } else {
                    ListBlocks c = l.copy();
                    if (c.size() > 0) c.popHead();
                    c.pushTail(new byte[] {1});
                    check(c, copyWithout(model));
                }
                assertEquals(model.size(), l.size());
                if (!model.isEmpty()) {
                    int i = rnd.nextInt(model.size());
                    assertArrayEquals(model.get(i), l.get(i));
                }
                if (op % 50 == 0) check(l, model);
            }
            check(l, model);
        }
    }

    private static List<byte[]> copyWithout(List<byte[]> model) {
        List<byte[]> m = new ArrayList<>(model);
        if (!m.isEmpty()) m.remove(0);
        m.add(new byte[] {1});
        return m;
    }

    private static void check(ListBlocks l, List<byte[]> model) {
        assertEquals(model.size(), l.size());
        for (int i = 0; i < model.size(); i++) assertArrayEquals(model.get(i), l.get(i), "element " + i);
        for (int i = model.size() - 1; i >= 0; i--) assertArrayEquals(model.get(i), l.get(i), "element " + i);
    }

    private static byte[] value(SplittableRandom rnd) {
        int len = switch (rnd.nextInt(12)) {
            case 0 -> 0;
            case 1 -> 127;
            case 2 -> 128;
            case 3 -> 16384 + rnd.nextInt(10);
            default -> rnd.nextInt(20);
        };
        byte[] v = new byte[len];
        for (int i = 0; i < len; i++) v[i] = (byte) rnd.nextInt(256);
        return v;
    }
}
