package io.redisdouble.keyspace;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link MemberTable} is the set's {@link Dict} without entry objects: under random adds and removes
 * (growing and shrinking the table) it must hold the same members as a plain set, and iterate, scan and
 * draw random members exactly as a Dict fed the same operations does (same buckets, chains and draws),
 * since SSCAN's guarantee and the set commands' behaviour were built on Dict's.
 */
class MemberTableTest {
    @Test
    void behavesAsTheDictItReplaces() {
        for (long seed = 1; seed <= 30; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            MemberTable t = new MemberTable();
            Dict d = new Dict();
            Set<String> model = new HashSet<>();
            int range = 1 + rnd.nextInt(3000);
            for (int op = 0; op < 4000; op++) {
                String m = "m:" + rnd.nextInt(range);
                byte[] k = m.getBytes(StandardCharsets.US_ASCII);
                boolean adding = rnd.nextInt(100) < (op < 2000 ? 70 : 30);
                if (adding) {
                    boolean fresh = model.add(m);
                    assertEquals(fresh, t.add(k));
                    d.put(k, null);
                } else {
                    boolean had = model.remove(m);
                    assertEquals(had, t.remove(k));
                    d.remove(k);
                }
                assertEquals(model.size(), t.size());
                assertEquals(d.buckets(), t.buckets());
                if (op % 97 == 0) compare(t, d, model, rnd.nextLong());
                String probe = "m:" + rnd.nextInt(range);
                assertEquals(model.contains(probe), t.contains(probe.getBytes(StandardCharsets.US_ASCII)));
            }
            compare(t, d, model, rnd.nextLong());
        }
    }

    private static void compare(MemberTable t, Dict d, Set<String> model, long seed) {
        List<byte[]> fromTable = new ArrayList<>(), fromDict = new ArrayList<>();
        t.forEach(fromTable::add);
        d.forEach(e -> fromDict.add(e.key()));
        assertOrder(fromDict, fromTable);
        Set<String> seen = new HashSet<>();
        for (byte[] k : fromTable) seen.add(new String(k, StandardCharsets.US_ASCII));
        assertEquals(model, seen);
        long ct = 0, cd = 0;
        do {
            List<byte[]> a = new ArrayList<>(), b = new ArrayList<>();
            ct = t.scan(ct, a::add);
            cd = d.scan(cd, e -> b.add(e.key()));
            assertEquals(cd, ct);
            assertOrder(b, a);
        } while (ct != 0);
        SplittableRandom r1 = new SplittableRandom(seed), r2 = new SplittableRandom(seed);
        for (int i = 0; i < 20 && !model.isEmpty(); i++) assertArrayEquals(d.random(r1).key(), t.random(r2));
    }

    private static void assertOrder(List<byte[]> want, List<byte[]> got) {
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) assertArrayEquals(want.get(i), got.get(i));
    }
}
