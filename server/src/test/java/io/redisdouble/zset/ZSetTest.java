package io.redisdouble.zset;

import static io.redisdouble.util.Bytes.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redisdouble.util.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ZSetTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    private final ZSet z = new ZSet(new SplittableRandom(42));

    @AfterEach
    void invariantsHold() {
        z.checkInvariants();
    }

    /** Collects "member:score" strings from a sink. */
    private static final class Out implements RangeSink {
        final List<String> items = new ArrayList<>();

        @Override
        public void accept(byte[] member, double score) {
            items.add(Bytes.str(member) + ":" + fmt(score));
        }
    }

    private static String fmt(double d) {
        if (d == (long) d && !(d == 0 && 1 / d < 0)) return Long.toString((long) d);
        return Double.toString(d);
    }

    private void add(Object... memberScorePairs) {
        for (int i = 0; i < memberScorePairs.length; i += 2) {
            z.add(utf8((String) memberScorePairs[i]), ((Number) memberScorePairs[i + 1]).doubleValue());
        }
    }

    private List<String> all() {
        Out o = new Out();
        z.forEach(o);
        return o.items;
    }

    private List<String> byRank(long start, long end, boolean rev) {
        Out o = new Out();
        long n = z.range(start, end, rev, o);
        assertEquals(o.items.size(), n);
        return o.items;
    }

    private List<String> byScore(ScoreRange r, boolean rev, long offset, long count) {
        Out o = new Out();
        long n = z.rangeByScore(r, rev, offset, count, o);
        assertEquals(o.items.size(), n);
        return o.items;
    }

    private List<String> byLex(LexRange r, boolean rev, long offset, long count) {
        Out o = new Out();
        long n = z.rangeByLex(r, rev, offset, count, o);
        assertEquals(o.items.size(), n);
        return o.items;
    }

    private static LexRange lex(String min, String max) {
        return new LexRange(lexBound(min), min.startsWith("("), lexBound(max), max.startsWith("("));
    }

    private static byte[] lexBound(String s) {
        if (s.equals("-")) return LexRange.NEG_INF;
        if (s.equals("+")) return LexRange.POS_INF;
        return utf8(s.substring(1));
    }

    // ------------------------------------------------------------------ basics

    @Test
    void emptySet() {
        assertEquals(0, z.size());
        assertTrue(z.isEmpty());
        assertNull(z.first());
        assertNull(z.last());
        assertNull(z.get(utf8("a")));
        assertNull(z.score(utf8("a")));
        assertEquals(-1, z.rank(utf8("a"), false));
        assertNull(z.elementAt(0));
        assertEquals(List.of(), byRank(0, -1, false));
        assertEquals(List.of(), byRank(0, 10, true));
        assertEquals(List.of(), byScore(ScoreRange.ALL, false, 0, -1));
        assertEquals(List.of(), byLex(LexRange.ALL, true, 0, -1));
        assertEquals(0, z.count(ScoreRange.ALL));
        assertEquals(0, z.lexCount(LexRange.ALL));
        assertEquals(0, z.removeRangeByScore(ScoreRange.ALL));
        assertEquals(0, z.removeRangeByLex(LexRange.ALL));
        assertEquals(0, z.removeRangeByRank(0, 10));
        assertEquals(0, z.popMin(3, (m, s) -> { throw new AssertionError(); }));
        assertEquals(0, z.popMax(3, (m, s) -> { throw new AssertionError(); }));
        assertFalse(z.remove(utf8("a")));
    }

    @Test
    void addUpdateRemove() {
        assertTrue(z.add(utf8("a"), 1));
        assertTrue(z.add(utf8("b"), 2));
        assertFalse(z.add(utf8("a"), 3)); // update, not new
        assertEquals(List.of("b:2", "a:3"), all());
        assertEquals(3.0, z.score(utf8("a")));
        assertTrue(z.contains(utf8("b")));
        assertEquals(2, z.size());
        assertTrue(z.remove(utf8("b")));
        assertFalse(z.remove(utf8("b")));
        assertEquals(List.of("a:3"), all());
        assertThrows(IllegalArgumentException.class, () -> z.add(utf8("x"), Double.NaN));
        assertFalse(z.contains(utf8("x")));
    }

    @Test
    void equalScoresOrderByUnsignedBytes() {
        byte[] hi = {(byte) 0xFF};
        byte[] mid = {0x7F};
        byte[] lo = {0x00};
        z.add(hi, 5);
        z.add(mid, 5);
        z.add(lo, 5);
        z.add(utf8(""), 5);
        z.add(new byte[] {0x7F, 0x00}, 5);
        ZSet.Node[] order = nodes();
        assertEquals(0, order[0].member().length);
        assertArrayEquals(lo, order[1].member());
        assertArrayEquals(mid, order[2].member());
        assertArrayEquals(new byte[] {0x7F, 0x00}, order[3].member()); // longer after its prefix
        assertArrayEquals(hi, order[4].member()); // 0xFF after 0x7F: unsigned
        assertEquals(4, z.rank(hi, false));
        assertEquals(0, z.rank(hi, true));
    }

    private ZSet.Node[] nodes() {
        List<ZSet.Node> l = new ArrayList<>();
        for (ZSet.Node n = z.first(); n != null; n = n.next()) l.add(n);
        return l.toArray(new ZSet.Node[0]);
    }

    @Test
    void negativeZeroEqualsZero() {
        z.add(utf8("b"), -0.0);
        z.add(utf8("a"), 0.0);
        // -0.0 == 0.0, so they tie and order by member
        assertEquals(List.of("a:0", "b:-0.0"), all());
        // updating to a score == the current one changes nothing, not even the sign
        assertFalse(z.add(utf8("b"), 0.0));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(z.get(utf8("b")).score()));
        assertEquals(2, z.count(ScoreRange.closed(0.0, -0.0)));
        assertEquals(0, z.count(new ScoreRange(-0.0, true, 1, false)));
        assertEquals(2, z.count(new ScoreRange(-1, false, 0.0, false)));
    }

    @Test
    void infiniteScores() {
        add("p", INF, "n", -INF, "z", 0, "q", INF);
        assertEquals(List.of("n:-Infinity", "z:0", "p:Infinity", "q:Infinity"), all());
        assertEquals(List.of("p:Infinity", "q:Infinity"), byScore(ScoreRange.closed(INF, INF), false, 0, -1));
        assertEquals(List.of(), byScore(new ScoreRange(INF, true, INF, false), false, 0, -1));
        assertEquals(2, z.count(new ScoreRange(0, true, INF, false)));
        assertEquals(1, z.count(ScoreRange.closed(-INF, -INF)));
        assertEquals(3, z.count(new ScoreRange(-INF, true, INF, false)));
        z.add(utf8("p"), -INF);
        assertEquals(List.of("n:-Infinity", "p:-Infinity", "z:0", "q:Infinity"), all());
    }

    /**
     * Links cache the score of the node they point to. Score updates that keep a node in place
     * (level-1 nodes change their predecessor's cache; taller ones are relinked) and that move it
     * must leave every cache right: checkInvariants compares each cache with the node's score, and a
     * stale one would also misplace later searches.
     */
    @Test
    void cachedScoresFollowEveryUpdate() {
        ZSet s = new ZSet(new SplittableRandom(3));
        int n = 2000;
        for (int i = 0; i < n; i++) s.add(utf8("m" + i), i * 10.0);
        s.checkInvariants();
        SplittableRandom rnd = new SplittableRandom(11);
        for (int k = 0; k < 3000; k++) {
            int i = rnd.nextInt(n);
            byte[] m = utf8("m" + i);
            double cur = s.get(m).score();
            double next = rnd.nextBoolean() ? cur + rnd.nextDouble(-4, 4) : rnd.nextDouble(-100, n * 10.0 + 100);
            s.setScore(s.get(m), next);
            if (k % 100 == 0) s.checkInvariants();
            long lower = 0;
            for (ZSet.Node x = s.first(); x != null && (x.score() < next
                    || (x.score() == next && Bytes.compare(x.member(), m) < 0)); x = x.next()) {
                lower++;
            }
            assertEquals(lower, s.rank(m, false), "rank after setting m" + i + " to " + next);
        }
        s.checkInvariants();
        assertEquals(n, s.size());
    }

    @Test
    void inPlaceUpdateAndMove() {
        add("a", 1, "b", 2, "c", 3);
        z.add(utf8("b"), 2.5); // stays between a and c
        assertEquals(List.of("a:1", "b:2.5", "c:3"), all());
        z.checkInvariants();
        z.add(utf8("b"), 3); // ties c, b < c: stays
        assertEquals(List.of("a:1", "b:3", "c:3"), all());
        z.checkInvariants();
        z.add(utf8("a"), 3); // ties, a < b: stays first
        assertEquals(List.of("a:3", "b:3", "c:3"), all());
        z.checkInvariants();
        z.add(utf8("a"), 4); // moves to the end
        assertEquals(List.of("b:3", "c:3", "a:4"), all());
        z.checkInvariants();
        z.add(utf8("a"), -1); // back to the front
        assertEquals(List.of("a:-1", "b:3", "c:3"), all());
        assertSame(z.get(utf8("a")), z.first());
        assertSame(z.get(utf8("c")), z.last());
    }

    // ------------------------------------------------------------------ ranks

    @Test
    void ranksAndElementAt() {
        for (int i = 0; i < 200; i++) z.add(utf8("m" + i), i % 50);
        z.checkInvariants();
        ZSet.Node[] order = nodes();
        assertEquals(200, order.length);
        for (int i = 0; i < order.length; i++) {
            assertEquals(i, z.rank(order[i].member(), false));
            assertEquals(199 - i, z.rank(order[i].member(), true));
            assertSame(order[i], z.elementAt(i));
        }
        assertNull(z.elementAt(200));
        assertNull(z.elementAt(-1));
        assertEquals(-1, z.rank(utf8("absent"), false));
        assertEquals(-1, z.rank(utf8("absent"), true));
    }

    // ------------------------------------------------------------------ by rank

    @Test
    void rangeByRank() {
        add("a", 1, "b", 2, "c", 3, "d", 4);
        assertEquals(List.of("b:2", "c:3"), byRank(1, 2, false));
        assertEquals(List.of("c:3", "b:2"), byRank(1, 2, true));
        assertEquals(List.of("a:1", "b:2", "c:3", "d:4"), byRank(0, 100, false));
        assertEquals(List.of("d:4", "c:3", "b:2", "a:1"), byRank(0, 3, true));
        assertEquals(List.of(), byRank(2, 1, false));
        assertEquals(List.of(), byRank(4, 10, false));
        assertEquals(List.of("d:4"), byRank(3, 3, false));
        assertThrows(IllegalArgumentException.class, () -> z.range(-1, 2, false, (m, s) -> { }));
    }

    // ------------------------------------------------------------------ by score

    @Test
    void rangeByScoreBounds() {
        add("a", 1, "b", 2, "c", 2, "d", 3, "e", 4);
        assertEquals(List.of("b:2", "c:2", "d:3"), byScore(ScoreRange.closed(2, 3), false, 0, -1));
        assertEquals(List.of("d:3"), byScore(new ScoreRange(2, true, 3, false), false, 0, -1));
        assertEquals(List.of("b:2", "c:2"), byScore(new ScoreRange(2, false, 3, true), false, 0, -1));
        assertEquals(List.of(), byScore(new ScoreRange(2, true, 3, true), false, 0, -1));
        assertEquals(List.of(), byScore(new ScoreRange(2, true, 2, false), false, 0, -1));
        assertEquals(List.of(), byScore(ScoreRange.closed(3, 2), false, 0, -1)); // min > max
        assertEquals(List.of(), byScore(ScoreRange.closed(5, 9), false, 0, -1));
        assertEquals(List.of(), byScore(ScoreRange.closed(-9, 0.5), false, 0, -1));
        assertEquals(List.of("e:4", "d:3", "c:2", "b:2"), byScore(ScoreRange.closed(2, 100), true, 0, -1));
        assertEquals(4, z.count(ScoreRange.closed(2, 100)));
        assertEquals(0, z.count(ScoreRange.closed(3, 2)));
        assertEquals(2, z.count(ScoreRange.closed(2, 2)));
        assertEquals(0, z.count(new ScoreRange(2, false, 2, true)));
    }

    @Test
    void rangeByScoreLimit() {
        add("a", 1, "b", 2, "c", 3, "d", 4, "e", 5);
        ScoreRange r = ScoreRange.closed(2, 4);
        assertEquals(List.of("c:3", "d:4"), byScore(r, false, 1, -1));
        assertEquals(List.of("c:3"), byScore(r, false, 1, 1));
        assertEquals(List.of(), byScore(r, false, 1, 0)); // count 0
        assertEquals(List.of(), byScore(r, false, 3, -1)); // offset past the range's end
        assertEquals(List.of(), byScore(r, false, 5, -1)); // offset past the set's end
        assertEquals(List.of(), byScore(r, false, Long.MAX_VALUE, -1));
        assertEquals(List.of(), byScore(r, false, -1, -1)); // negative offset: nothing, as Redis
        assertEquals(List.of("d:4", "c:3", "b:2"), byScore(r, true, 0, -1));
        assertEquals(List.of("c:3", "b:2"), byScore(r, true, 1, 5));
        assertEquals(List.of("c:3"), byScore(r, true, 1, 1));
        assertEquals(List.of("b:2"), byScore(r, true, 2, 10));
        assertEquals(List.of(), byScore(r, true, 3, 10));
        assertEquals(List.of(), byScore(r, true, 0, 0));
    }

    // ------------------------------------------------------------------ by lex

    @Test
    void rangeByLex() {
        add("a", 0, "b", 0, "c", 0, "d", 0, "e", 0);
        assertEquals(List.of("b:0", "c:0", "d:0"), byLex(lex("[b", "[d"), false, 0, -1));
        assertEquals(List.of("c:0"), byLex(lex("(b", "(d"), false, 0, -1));
        assertEquals(List.of("a:0", "b:0"), byLex(lex("-", "(c"), false, 0, -1));
        assertEquals(List.of("e:0", "d:0"), byLex(lex("(c", "+"), true, 0, -1));
        assertEquals(List.of("d:0"), byLex(lex("(c", "+"), true, 1, 1));
        assertEquals(List.of("a:0", "b:0", "c:0", "d:0", "e:0"), byLex(LexRange.ALL, false, 0, -1));
        assertEquals(List.of(), byLex(lex("[d", "[b"), false, 0, -1));
        assertEquals(List.of(), byLex(lex("(b", "[b"), false, 0, -1));
        assertEquals(List.of(), byLex(lex("+", "-"), false, 0, -1));
        assertEquals(List.of(), byLex(lex("-", "-"), false, 0, -1));
        assertEquals(List.of(), byLex(lex("+", "+"), false, 0, -1));
        assertEquals(List.of("b:0"), byLex(lex("[b", "[b"), false, 0, -1));
    }

    @Test
    void lexCountAndRemove() {
        add("a", 0, "aa", 0, "ab", 0, "b", 0, "ba", 0);
        assertEquals(3, z.lexCount(lex("[a", "(b")));
        assertEquals(2, z.lexCount(lex("(a", "(b")));
        assertEquals(5, z.lexCount(LexRange.ALL));
        assertEquals(0, z.lexCount(lex("(b", "(b")));
        assertEquals(2, z.removeRangeByLex(lex("(a", "[ab")));
        assertEquals(List.of("a:0", "b:0", "ba:0"), all());
        assertEquals(0, z.removeRangeByLex(lex("[z", "[a")));
        assertEquals(3, z.removeRangeByLex(LexRange.ALL));
        assertTrue(z.isEmpty());
    }

    @Test
    void lexRangeValueClass() {
        LexRange r = lex("(b", "[d");
        assertFalse(r.gteMin(utf8("b")));
        assertTrue(r.gteMin(utf8("ba")));
        assertTrue(r.lteMax(utf8("d")));
        assertFalse(r.lteMax(utf8("d\0")));
        assertFalse(r.isEmpty());
        assertTrue(lex("[b", "[a").isEmpty());
        assertTrue(lex("(a", "[a").isEmpty());
        assertFalse(lex("[a", "[a").isEmpty());
        assertTrue(lex("+", "+").isEmpty());
        assertTrue(lex("-", "-").isEmpty());
        assertFalse(lex("-", "+").isEmpty());
        assertTrue(LexRange.ALL.contains(new byte[0]));
        assertTrue(LexRange.ALL.contains(new byte[] {(byte) 0xFF}));
        // only the sentinel instances are infinities; an empty array is the empty string
        assertTrue(new LexRange(new byte[0], false, LexRange.POS_INF, false).contains(new byte[0]));
        assertFalse(new LexRange(new byte[0], true, LexRange.POS_INF, false).contains(new byte[0]));
        assertEquals("(b [d", r.toString());
    }

    @Test
    void scoreRangeValueClass() {
        ScoreRange r = new ScoreRange(1, true, 2, false);
        assertFalse(r.gteMin(1));
        assertTrue(r.gteMin(1.5));
        assertTrue(r.lteMax(2));
        assertFalse(r.lteMax(2.0000001));
        assertFalse(r.isEmpty());
        assertTrue(ScoreRange.closed(2, 1).isEmpty());
        assertTrue(new ScoreRange(1, false, 1, true).isEmpty());
        assertFalse(ScoreRange.closed(1, 1).isEmpty());
        assertFalse(ScoreRange.closed(-0.0, 0.0).isEmpty());
        assertTrue(new ScoreRange(0.0, true, -0.0, false).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> ScoreRange.closed(Double.NaN, 1));
    }

    // ------------------------------------------------------------------ deletion and pops

    @Test
    void removeRangeByScore() {
        add("a", 1, "b", 2, "c", 3, "d", 4);
        assertEquals(0, z.removeRangeByScore(ScoreRange.closed(3, 2)));
        assertEquals(2, z.removeRangeByScore(new ScoreRange(1, true, 4, true)));
        assertEquals(List.of("a:1", "d:4"), all());
        assertEquals(0, z.removeRangeByScore(ScoreRange.closed(10, 20)));
        assertEquals(2, z.removeRangeByScore(ScoreRange.ALL));
        assertTrue(z.isEmpty());
    }

    @Test
    void removeRangeByRank() {
        for (int i = 0; i < 100; i++) z.add(utf8("m" + i), i);
        assertEquals(10, z.removeRangeByRank(10, 19));
        z.checkInvariants();
        assertEquals(90, z.size());
        assertEquals(10, z.rank(utf8("m20"), false));
        assertEquals(0, z.removeRangeByRank(50, 40));
        assertEquals(0, z.removeRangeByRank(90, 100));
        assertEquals(5, z.removeRangeByRank(85, 1000)); // end clamped
        assertEquals(85, z.removeRangeByRank(0, 84));
        assertTrue(z.isEmpty());
        assertThrows(IllegalArgumentException.class, () -> z.removeRangeByRank(-1, 3));
    }

    @Test
    void pops() {
        add("a", 1, "b", 2, "c", 3, "d", 4, "e", 5);
        Out o = new Out();
        assertEquals(2, z.popMin(2, o));
        assertEquals(List.of("a:1", "b:2"), o.items);
        o = new Out();
        assertEquals(2, z.popMax(2, o));
        assertEquals(List.of("e:5", "d:4"), o.items);
        assertEquals(0, z.popMax(0, o));
        assertEquals(0, z.popMin(-1, o));
        o = new Out();
        assertEquals(1, z.popMax(10, o));
        assertEquals(List.of("c:3"), o.items);
        assertTrue(z.isEmpty());
    }

    @Test
    void clearResets() {
        for (int i = 0; i < 1000; i++) z.add(utf8("m" + i), i);
        z.clear();
        z.checkInvariants();
        assertTrue(z.isEmpty());
        assertNull(z.get(utf8("m1")));
        z.add(utf8("x"), 1);
        assertEquals(List.of("x:1"), all());
    }

    @Test
    void growAndShrinkLargeSet() {
        int n = 20_000;
        for (int i = 0; i < n; i++) z.add(utf8("member:" + i), i % 977);
        z.checkInvariants();
        assertEquals(n, z.size());
        for (int i = 0; i < n; i += 2) assertTrue(z.remove(utf8("member:" + i)));
        z.checkInvariants();
        assertEquals(n / 2, z.size());
        for (int i = 1; i < n; i += 2) assertEquals(i % 977, z.get(utf8("member:" + i)).score());
        for (int i = 1; i < n; i += 4) z.add(utf8("member:" + i), -i); // moves
        z.checkInvariants();
        assertEquals(n / 2, z.removeRangeByScore(ScoreRange.ALL));
        z.checkInvariants();
    }

    private static List<Integer> levels(ZSet s) {
        List<Integer> l = new ArrayList<>();
        for (ZSet.Node n = s.first(); n != null; n = n.next()) l.add(n.level());
        return l;
    }

    /** Every element with its score bits and level, lowest first: the whole observable layout. */
    private static List<String> layout(ZSet s) {
        List<String> l = new ArrayList<>();
        for (ZSet.Node n = s.first(); n != null; n = n.next()) {
            l.add(Bytes.str(n.member()) + "/" + Double.doubleToRawLongBits(n.score()) + "/" + n.level());
        }
        return l;
    }

    /** Fails with the first differing element (the lists are too long for a readable message). */
    private static void assertSameLayout(ZSet expected, ZSet actual, String when) {
        List<String> e = layout(expected), a = layout(actual);
        for (int i = 0; i < Math.min(e.size(), a.size()); i++) {
            assertEquals(e.get(i), a.get(i), when + ": element " + i);
        }
        assertEquals(e.size(), a.size(), when + ": size");
    }

    /**
     * readAhead only reads: two sets built from the same seed and the same adds, one of them read
     * ahead before every batch (present and absent members, score ties that compare members, -0.0,
     * infinities, scores beyond both ends), end with the same elements, scores, levels and ranks.
     */
    @Test
    void readAheadChangesNothing() {
        ZSet plain = new ZSet(new SplittableRandom(5));
        ZSet ahead = new ZSet(new SplittableRandom(5));
        int n = 20_000; // levels up to about 8: field and array levels
        for (int i = 0; i < n; i++) {
            byte[] m = utf8("m" + i);
            plain.add(m, i % 997); // ties: the searches compare members
            ahead.add(m, i % 997);
        }
        SplittableRandom rnd = new SplittableRandom(9);
        double[] special = {-0.0, 0.0, INF, -INF, 996, 996.5, -1, 1e9};
        for (int batch = 0; batch < 300; batch++) {
            int count = 1 + rnd.nextInt(ZSet.READ_AHEAD);
            double[] scores = new double[count + 3];
            byte[][] members = new byte[count + 3][];
            for (int k = 0; k < scores.length; k++) {
                members[k] = utf8("m" + rnd.nextInt(n + n / 4)); // about one in five absent
                scores[k] = rnd.nextInt(4) == 0 ? special[rnd.nextInt(special.length)] : rnd.nextInt(997);
            }
            ahead.readAhead(scores, members, 3, count); // from an offset, as ZADD calls it
            if (batch % 50 == 0) assertSameLayout(plain, ahead, "after a read-ahead, batch " + batch);
            for (int k = 3; k < scores.length; k++) {
                assertEquals(plain.add(members[k], scores[k]), ahead.add(members[k], scores[k]));
            }
        }
        plain.checkInvariants();
        ahead.checkInvariants();
        assertSameLayout(plain, ahead, "at the end");
        for (int i = 0; i < n; i += 97) {
            byte[] m = utf8("m" + i);
            assertEquals(plain.rank(m, false), ahead.rank(m, false));
        }
        assertFalse(ahead.readAheadPays());
        for (int i = 0; ahead.size() < ZSet.READ_AHEAD_MIN_SIZE; i++) ahead.add(utf8("x" + i), i);
        assertTrue(ahead.readAheadPays());
        assertThrows(IllegalArgumentException.class,
                () -> ahead.readAhead(new double[ZSet.READ_AHEAD + 1], new byte[ZSet.READ_AHEAD + 1][], 0, ZSet.READ_AHEAD + 1));
    }

    /** Every element with its score bits, lowest first (not the levels). */
    private static List<String> elements(ZSet s) {
        List<String> l = new ArrayList<>();
        for (ZSet.Node n = s.first(); n != null; n = n.next()) {
            l.add(Bytes.str(n.member()) + "/" + Double.doubleToRawLongBits(n.score()));
        }
        return l;
    }

    /**
     * addAllNew holds the same elements, in the same order with the same ranks, as the same
     * members added one at a time: from an empty set (so taller nodes raise the list's level in the
     * middle of a batch) to thousands of members, with score ties broken by member, -0.0 next to 0.0,
     * infinities, and scores beyond both ends.
     */
    @Test
    void addAllNewActsAsOneAtATime() {
        ZSet plain = new ZSet(new SplittableRandom(13));
        ZSet batch = new ZSet(new SplittableRandom(14));
        SplittableRandom rnd = new SplittableRandom(15);
        double[] special = {-0.0, 0.0, INF, -INF, 5, 5.5, -1e300, 1e300};
        int next = 0;
        for (int round = 0; round < 400; round++) {
            int count = 1 + rnd.nextInt(ZSet.READ_AHEAD);
            double[] scores = new double[count + 2];
            byte[][] members = new byte[count + 2][];
            for (int k = 0; k < scores.length; k++) {
                members[k] = utf8("b" + rnd.nextInt(1000) + ":" + next++); // distinct, unordered
                scores[k] = rnd.nextInt(3) == 0 ? special[rnd.nextInt(special.length)] : rnd.nextInt(20);
            }
            assertTrue(batch.addAllNew(scores, members, 2, count));
            for (int k = 2; k < scores.length; k++) assertTrue(plain.add(members[k], scores[k]));
            if (round % 40 == 0) {
                batch.checkInvariants();
                assertEquals(elements(plain), elements(batch), "round " + round);
            }
        }
        batch.checkInvariants();
        assertEquals(elements(plain), elements(batch));
        for (ZSet.Node x = plain.first(); x != null; x = x.next()) {
            assertEquals(plain.rank(x.member(), false), batch.rank(x.member(), false));
        }
        assertTrue(levels(batch).stream().anyMatch(l -> l > 4), "the batches should have built array levels too");
    }

    @Test
    void addAllNewRefusesPresentOrRepeatedMembersAndChangesNothing() {
        add("a", 1, "b", 2);
        byte[][] m = {utf8("x"), utf8("y"), utf8("a"), utf8("x")};
        double[] sc = {0.5, 3, 7, 9};
        assertFalse(z.addAllNew(sc, m, 0, 3), "a is present");
        assertFalse(z.addAllNew(sc, m, 0, 4), "x twice");
        assertEquals(List.of("a:1", "b:2"), all(), "a refused batch changes nothing");
        assertThrows(IllegalArgumentException.class, () -> z.addAllNew(new double[] {1, Double.NaN}, m, 0, 2));
        assertEquals(List.of("a:1", "b:2"), all(), "a refused batch changes nothing");
        assertThrows(IllegalArgumentException.class,
                () -> z.addAllNew(new double[ZSet.READ_AHEAD + 1], new byte[ZSet.READ_AHEAD + 1][], 0, ZSet.READ_AHEAD + 1));
        assertTrue(z.addAllNew(sc, m, 1, 1), "a single new member");
        assertTrue(z.addAllNew(sc, m, 0, 1));
        assertEquals(List.of("x:0.5", "a:1", "b:2", "y:3"), all());
        assertFalse(z.addAllNew(sc, m, 3, 1), "x is present now");
    }

    @Test
    void seededLayoutIsReproducible() {
        ZSet a = new ZSet(new SplittableRandom(7));
        ZSet b = new ZSet(new SplittableRandom(7));
        ZSet c = new ZSet(new SplittableRandom(8));
        for (int i = 0; i < 500; i++) {
            a.add(utf8("k" + i), i);
            b.add(utf8("k" + i), i);
            c.add(utf8("k" + i), i);
        }
        assertEquals(levels(a), levels(b));
        assertFalse(levels(a).equals(levels(c)));
        a.checkInvariants();
        c.checkInvariants();
    }

    @Test
    void levelsAreGeometricWithQuarterProbability() {
        int n = 40_000;
        for (int i = 0; i < n; i++) z.add(utf8("k" + i), i);
        int[] atLeast = new int[ZSet.MAX_LEVEL + 2];
        for (int lvl : levels(z)) {
            assertTrue(lvl >= 1 && lvl <= ZSet.MAX_LEVEL);
            for (int k = 1; k <= lvl; k++) atLeast[k]++;
        }
        assertEquals(n, atLeast[1]);
        // P(level >= 2) = 1/4, P(level >= 3) = 1/16: expect 10000 and 2500, allow ~5 sigma
        assertTrue(Math.abs(atLeast[2] - n / 4) < 450, "level>=2: " + atLeast[2]);
        assertTrue(Math.abs(atLeast[3] - n / 16) < 250, "level>=3: " + atLeast[3]);
    }

    @Test
    void checkInvariantsDetectsCorruption() {
        add("a", 1, "b", 2, "c", 3);
        z.checkInvariants();
        ZSet.Node b = z.get(utf8("b"));
        b.score = 5; // out of order
        assertThrows(AssertionError.class, z::checkInvariants);
        b.score = Double.NaN;
        assertThrows(AssertionError.class, z::checkInvariants);
        b.score = 2;
        z.checkInvariants();
        ZSet.Node back = b.backward;
        b.backward = null;
        assertThrows(AssertionError.class, z::checkInvariants);
        b.backward = back;
        z.checkInvariants();
    }

    @Test
    void longMembers() {
        String base = "x".repeat(100);
        for (int i = 0; i < 50; i++) z.add(utf8(base + i), 1);
        assertEquals(50, z.lexCount(lex("[" + base, "+")));
        assertEquals(0, z.rank(utf8(base + 0), false));
        assertEquals(1, z.rank(utf8(base + 1), false));
        assertEquals(2, z.rank(utf8(base + 10), false)); // byte order: "10" < "2"
    }
}
