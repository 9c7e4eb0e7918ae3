package io.redisdouble.keyspace;

import io.redisdouble.util.Bytes;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DictTest {
    private static byte[] k(int i) {
        return Bytes.utf8("key:" + i);
    }

    /** Scans to the end, calling {@code between} after every step; returns how often each key came back. */
    private static Map<Bytes, Integer> fullScan(Dict d, Runnable between) {
        Map<Bytes, Integer> seen = new HashMap<>();
        long cursor = 0;
        int steps = 0;
        do {
            cursor = d.scan(cursor, e -> seen.merge(Bytes.wrap(e.key()), 1, Integer::sum));
            between.run();
            assertTrue(++steps < 1_000_000, "scan does not terminate");
        } while (cursor != 0);
        return seen;
    }

    @Test
    void putFindRemove() {
        Dict d = new Dict();
        for (int i = 0; i < 1000; i++) d.put(k(i), i);
        assertEquals(1000, d.size());
        assertEquals(1024, d.buckets());
        for (int i = 0; i < 1000; i++) assertEquals(i, d.find(k(i)).value());
        d.put(k(5), "x");
        assertEquals(1000, d.size());
        assertEquals("x", d.find(k(5)).value());
        for (int i = 0; i < 990; i++) assertNotNull(d.remove(k(i)));
        assertNull(d.remove(k(0)));
        assertEquals(10, d.size());
        assertEquals(16, d.buckets()); // shrunk below 10% fill, to the smallest power of two >= size
        for (int i = 990; i < 1000; i++) assertNotNull(d.find(k(i)));
        assertNull(d.find(k(3)));
    }

    @Test
    void growsLikeRedis() {
        // Redis expands when an insert finds used >= size: 4 keys fit in 4 buckets, the 5th doubles.
        Dict d = new Dict();
        for (int i = 0; i < 4; i++) d.put(k(i), i);
        assertEquals(4, d.buckets());
        d.put(k(4), 4);
        assertEquals(8, d.buckets());
    }

    @Test
    void scanWithoutChangesReturnsEveryKeyExactlyOnce() {
        for (int n : new int[] {0, 1, 2, 5, 17, 100, 1000, 4097}) {
            Dict d = new Dict();
            for (int i = 0; i < n; i++) d.put(k(i), i);
            Map<Bytes, Integer> seen = fullScan(d, () -> {});
            assertEquals(n, seen.size());
            for (int c : seen.values()) assertEquals(1, c);
        }
    }

    @Test
    void scanReturnsEveryKeyPresentThroughoutDespiteGrowthAndShrinkBetweenCalls() {
        for (int seed = 0; seed < 200; seed++) {
            Random rnd = new Random(seed);
            Dict d = new Dict();
            int n = rnd.nextInt(300);
            for (int i = 0; i < n; i++) d.put(k(i), i);
            Set<Bytes> stable = new HashSet<>();      // present at the start and never removed
            Set<Bytes> everPresent = new HashSet<>();
            for (int i = 0; i < n; i++) {
                stable.add(Bytes.wrap(k(i)));
                everPresent.add(Bytes.wrap(k(i)));
            }
            int[] next = {100_000};
            int[] rounds = {0};
            int mode = rnd.nextInt(3); // 0: grow, 1: shrink, 2: grow then shrink
            int floor = 3 + rnd.nextInt(30);
            Map<Bytes, Integer> seen = fullScan(d, () -> {
                // Bursts of inserts or deletes, so the table really resizes (both ways) mid-scan. Only
                // in the first rounds: a table that grows faster than one bucket per call is never
                // finished, in Redis too. Deletes stop at a floor so that some keys stay throughout.
                int round = rounds[0]++;
                if (round > 60) return;
                boolean growing = mode == 0 || (mode == 2 && round < 20);
                int ops = rnd.nextInt(40);
                for (int j = 0; j < ops; j++) {
                    boolean insert = growing ? rnd.nextInt(4) != 0 : rnd.nextInt(8) == 0;
                    if (insert) {
                        byte[] key = k(next[0]++);
                        d.put(key, 0);
                        everPresent.add(Bytes.wrap(key));
                    } else if (d.size() > floor) {
                        Dict.Entry e = d.random(rnd);
                        d.remove(e.key());
                        stable.remove(Bytes.wrap(e.key()));
                    }
                }
            });
            for (Bytes b : stable) assertTrue(seen.containsKey(b), "seed " + seed + ": missed " + b);
            for (Bytes b : seen.keySet()) assertTrue(everPresent.contains(b), "seed " + seed + ": invented " + b);
        }
    }

    @Test
    void scanSurvivesTheVisitorRemovingEntries() {
        // Lazy expiry removes keys while a bucket is being visited; a removal may shrink the table.
        Dict d = new Dict();
        for (int i = 0; i < 2000; i++) d.put(k(i), i);
        List<Bytes> seen = new ArrayList<>();
        long cursor = 0;
        do {
            cursor = d.scan(cursor, e -> {
                seen.add(Bytes.wrap(e.key()));
                if (d.size() > 3) d.remove(e.key());
            });
        } while (cursor != 0);
        assertEquals(2000, new HashSet<>(seen).size());
    }

    @Test
    void anyCursorIsAcceptedAndHighBitsAreIgnored() {
        Dict d = new Dict();
        for (int i = 0; i < 6; i++) d.put(k(i), i); // 8 buckets
        List<Bytes> a = new ArrayList<>();
        List<Bytes> b = new ArrayList<>();
        long c1 = d.scan(5, e -> a.add(Bytes.wrap(e.key())));
        long c2 = d.scan(5 | (0xABCDL << 20), e -> b.add(Bytes.wrap(e.key())));
        assertEquals(a, b);
        assertEquals(c1, c2);
        // -1 (2^64-1) visits the last bucket in reverse-binary order and ends the scan.
        assertEquals(0, d.scan(-1L, e -> {}));
        assertEquals(0, new Dict().scan(12345, e -> {}));
    }

    @Test
    void cursorFromALargerTableResumesAfterShrink() {
        Dict d = new Dict();
        for (int i = 0; i < 1024; i++) d.put(k(i), i);
        Set<Bytes> seen = new HashSet<>();
        long cursor = 0;
        for (int i = 0; i < 300; i++) cursor = d.scan(cursor, e -> seen.add(Bytes.wrap(e.key())));
        for (int i = 20; i < 1024; i++) d.remove(k(i));
        assertEquals(128, d.buckets());
        do {
            cursor = d.scan(cursor, e -> seen.add(Bytes.wrap(e.key())));
        } while (cursor != 0);
        for (int i = 0; i < 20; i++) assertTrue(seen.contains(Bytes.wrap(k(i))), "missed " + i);
    }
}
