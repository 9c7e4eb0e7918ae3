package io.redisdouble.keyspace;

import io.redisdouble.util.Bytes;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedisSetTest {
    private static byte[] b(String s) {
        return Bytes.utf8(s);
    }

    private static List<String> members(RedisSet s) {
        List<String> out = new ArrayList<>();
        s.forEach(m -> out.add(new String(m, java.nio.charset.StandardCharsets.ISO_8859_1)));
        return out;
    }

    @Test
    void integersStayAnIntsetInAscendingOrder() {
        RedisSet s = RedisSet.forFirstMember(b("3"), EncodingLimits.INTSET_OR_TABLE);
        assertTrue(s.isIntset());
        for (String m : new String[] {"3", "-7", "10", "0", "9223372036854775807", "-9223372036854775808", "3"}) s.add(b(m));
        assertTrue(s.isIntset());
        assertEquals(List.of("-9223372036854775808", "-7", "0", "3", "10", "9223372036854775807"), members(s));
        assertTrue(s.contains(b("10")));
        assertFalse(s.contains(b("010")));
        assertFalse(s.contains(b("+10")));
        assertFalse(s.remove(b("x")));
        assertTrue(s.remove(b("-7")));
        assertEquals(5, s.size());
        s.checkInvariants();
    }

    @Test
    void aMemberThatIsNotAString2llIntegerConverts() {
        for (String odd : new String[] {"01", "+1", "-0", " 1", "1.0", "9223372036854775808", "", "a"}) {
            RedisSet s = new RedisSet();
            s.add(b("1"));
            assertTrue(s.isIntset());
            assertTrue(s.add(b(odd)), odd);
            assertFalse(s.isIntset(), odd);
            assertEquals(Set.of("1", odd), new HashSet<>(members(s)));
            assertFalse(RedisSet.forFirstMember(b(odd), EncodingLimits.INTSET_OR_TABLE).isIntset());
        }
    }

    @Test
    void theIntsetLimitIs512Members() {
        RedisSet s = new RedisSet();
        for (int i = 0; i < EncodingLimits.INTSET_OR_TABLE.intsetEntries(); i++) s.add(b(Integer.toString(i)));
        assertTrue(s.isIntset());
        s.add(b("0"));
        assertTrue(s.isIntset());
        s.add(b("512"));
        assertFalse(s.isIntset());
        assertEquals(513, s.size());
        s.remove(b("512"));
        assertFalse(s.isIntset(), "a table never goes back");
        assertEquals("hashtable", s.encodingName());
    }

    @Test
    void copiesAreIndependentAndKeepTheEncoding() {
        RedisSet ints = new RedisSet();
        ints.add(b("1"));
        RedisSet copy = (RedisSet) ints.deepCopy();
        copy.add(b("2"));
        assertEquals(1, ints.size());
        assertTrue(copy.isIntset());
        ints.add(b("x"));
        RedisSet tableCopy = (RedisSet) ints.deepCopy();
        assertFalse(tableCopy.isIntset());
        tableCopy.remove(b("x"));
        assertTrue(ints.contains(b("x")));
    }

    /** Random operations against a model, across both encodings; random picks are members; a full scan sees all. */
    @Test
    void behavesLikeASet() {
        Random r = new Random(12);
        SplittableRandom rnd = new SplittableRandom(3);
        for (int round = 0; round < 200; round++) {
            RedisSet s = new RedisSet();
            Set<Bytes> model = new HashSet<>();
            int ops = r.nextInt(1500);
            for (int i = 0; i < ops; i++) {
                String m = r.nextInt(10) == 0 ? "w" + r.nextInt(50) : Integer.toString(r.nextInt(700) - 100);
                if (r.nextInt(3) == 0) {
                    assertEquals(model.remove(Bytes.wrap(b(m))), s.remove(b(m)));
                } else {
                    assertEquals(model.add(Bytes.wrap(b(m))), s.add(b(m)));
                }
                assertEquals(model.size(), s.size());
            }
            s.checkInvariants();
            Set<Bytes> seen = new HashSet<>();
            s.forEach(m -> seen.add(Bytes.wrap(m)));
            assertEquals(model, seen);
            if (!s.isEmpty()) {
                for (int i = 0; i < 20; i++) assertTrue(model.contains(Bytes.wrap(s.random(rnd))));
            }
            if (!s.isIntset()) {
                Set<Bytes> scanned = new HashSet<>();
                long cursor = 0;
                do {
                    cursor = s.scan(cursor, m -> scanned.add(Bytes.wrap(m)));
                } while (cursor != 0);
                assertEquals(model, scanned);
            }
        }
    }
}
