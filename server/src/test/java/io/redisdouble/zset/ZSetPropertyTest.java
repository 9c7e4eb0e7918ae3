package io.redisdouble.zset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;

/**
 * Random operation sequences run against a {@link ZSet} and against a naive model (a hash map sorted
 * on demand with its own comparator), checking {@link ZSet#checkInvariants()} and the full contents,
 * every rank and every position after each step, and every query's answer.
 *
 * <p>Lex queries are only defined when all scores are equal; runs in "lex mode" keep them so (mixing
 * 0.0 and -0.0, which are equal). Otherwise lex answers are only checked against the bound that Redis
 * checks while walking (max going forward, min going backward) and for the LIMIT count.
 */
class ZSetPropertyTest {

    // ------------------------------------------------------------------ pools

    private static final double[] SCORES = {
        Double.NEGATIVE_INFINITY, -2.5, -1, -0.0, 0.0, 1, 1.5, 2, 1e300, Double.POSITIVE_INFINITY
    };

    private static final byte[][] SPECIAL = {
        bytes(""), bytes("a"), bytes("aa"), bytes("ab"), bytes("b"),
        {0x00}, {0x7F}, {(byte) 0xFF}, {(byte) 0xFF, 0x00}, {(byte) 0x80},
        bytes("x".repeat(70) + "1"), bytes("x".repeat(70) + "2"), bytes("x".repeat(65)),
    };

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Member i of the pool: the special members first, then "m<i>". Fresh array each time. */
    private static byte[] member(int i) {
        return i < SPECIAL.length ? SPECIAL[i].clone() : bytes("m" + i);
    }

    // ------------------------------------------------------------------ operations

    record ScoreSpec(int min, boolean minEx, int max, boolean maxEx) {
        ScoreRange range() {
            return new ScoreRange(SCORES[min], minEx, SCORES[max], maxEx);
        }

        boolean contains(double s) {
            double lo = SCORES[min];
            double hi = SCORES[max];
            return (minEx ? s > lo : s >= lo) && (maxEx ? s < hi : s <= hi);
        }
    }

    /** Bounds: -2 is "-", -1 is "+", else a pool member. */
    record LexSpec(int min, boolean minEx, int max, boolean maxEx) {
        LexRange range() {
            return new LexRange(bound(min), minEx, bound(max), maxEx);
        }

        private static byte[] bound(int b) {
            return b == -2 ? LexRange.NEG_INF : b == -1 ? LexRange.POS_INF : member(b);
        }

        boolean aboveMin(byte[] m) {
            return min == -2 || (min != -1 && (minEx ? cmpBytes(m, member(min)) > 0 : cmpBytes(m, member(min)) >= 0));
        }

        boolean belowMax(byte[] m) {
            return max == -1 || (max != -2 && (maxEx ? cmpBytes(m, member(max)) < 0 : cmpBytes(m, member(max)) <= 0));
        }

        boolean contains(byte[] m) {
            return aboveMin(m) && belowMax(m);
        }
    }

    sealed interface Op {}

    record Add(int m, int s) implements Op {}

    record AddMany(int from, int n, int s) implements Op {}

    record Remove(int m) implements Op {}

    record RemScore(ScoreSpec r) implements Op {}

    record RemLex(LexSpec r) implements Op {}

    record RemRank(int start, int end) implements Op {}

    record PopMin(int count) implements Op {}

    record PopMax(int count) implements Op {}

    record QScore(ScoreSpec r, boolean rev, int offset, int count) implements Op {}

    record QLex(LexSpec r, boolean rev, int offset, int count) implements Op {}

    record QRank(int start, int end, boolean rev) implements Op {}

    record Count(ScoreSpec r) implements Op {}

    record LexCount(LexSpec r) implements Op {}

    private static Arbitrary<List<Op>> ops(int pool, int maxOps, int maxRank) {
        Arbitrary<Integer> m = Arbitraries.integers().between(0, pool - 1);
        Arbitrary<Integer> s = Arbitraries.integers().between(0, SCORES.length - 1);
        Arbitrary<Boolean> flag = Arbitraries.of(true, false);
        Arbitrary<Integer> rank = Arbitraries.integers().between(0, maxRank);
        Arbitrary<Integer> offset = Arbitraries.integers().between(-1, 6);
        Arbitrary<Integer> count = Arbitraries.integers().between(-1, 6);
        Arbitrary<Integer> lexBound = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(-2)), Tuple.of(1, Arbitraries.just(-1)), Tuple.of(6, m));
        Arbitrary<ScoreSpec> scoreSpec = Combinators.combine(s, flag, s, flag).as(ScoreSpec::new);
        Arbitrary<LexSpec> lexSpec = Combinators.combine(lexBound, flag, lexBound, flag).as(LexSpec::new);

        @SuppressWarnings("unchecked")
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                Tuple.of(12, Combinators.combine(m, s).as(Add::new)),
                Tuple.of(1, Combinators.combine(m, Arbitraries.integers().between(1, pool), s).as(AddMany::new)),
                Tuple.of(4, m.map(Remove::new)),
                Tuple.of(1, scoreSpec.map(RemScore::new)),
                Tuple.of(1, lexSpec.map(RemLex::new)),
                Tuple.of(1, Combinators.combine(rank, Arbitraries.integers().between(-1, maxRank)).as(RemRank::new)),
                Tuple.of(1, count.map(PopMin::new)),
                Tuple.of(1, count.map(PopMax::new)),
                Tuple.of(3, Combinators.combine(scoreSpec, flag, offset, count).as(QScore::new)),
                Tuple.of(3, Combinators.combine(lexSpec, flag, offset, count).as(QLex::new)),
                Tuple.of(2, Combinators.combine(rank, Arbitraries.integers().between(-1, maxRank), flag)
                        .as(QRank::new)),
                Tuple.of(2, scoreSpec.map(Count::new)),
                Tuple.of(2, lexSpec.map(LexCount::new)));
        return op.list().ofMaxSize(maxOps);
    }

    @Provide
    Arbitrary<List<Op>> smallPoolOps() {
        return ops(SPECIAL.length, 80, 16);
    }

    @Provide
    Arbitrary<List<Op>> largePoolOps() {
        return ops(400, 60, 400);
    }

    @Property(tries = 400, shrinking = ShrinkingMode.BOUNDED)
    void smallPoolAgreesWithModel(
            @ForAll("smallPoolOps") List<Op> ops, @ForAll boolean lexMode, @ForAll long seed) {
        run(ops, lexMode, seed, SPECIAL.length);
    }

    @Property(tries = 60, shrinking = ShrinkingMode.BOUNDED)
    void largePoolAgreesWithModel(
            @ForAll("largePoolOps") List<Op> ops, @ForAll boolean lexMode, @ForAll long seed) {
        run(ops, lexMode, seed, 400);
    }

    // ------------------------------------------------------------------ model

    record Entry(byte[] m, double s) {
        String show() {
            return HexFormat.of().formatHex(m) + ":" + Double.doubleToRawLongBits(s);
        }
    }

    /** Unsigned byte order, shorter first on a common prefix; written out independently of Bytes. */
    static int cmpBytes(byte[] a, byte[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            int x = a[i] & 0xFF;
            int y = b[i] & 0xFF;
            if (x != y) return x - y;
        }
        return a.length - b.length;
    }

    static int cmp(Entry a, Entry b) {
        if (a.s < b.s) return -1;
        if (a.s > b.s) return 1;
        return cmpBytes(a.m, b.m);
    }

    static final class Model {
        final Map<String, Entry> map = new HashMap<>();

        static String key(byte[] m) {
            return HexFormat.of().formatHex(m);
        }

        List<Entry> sorted() {
            List<Entry> l = new ArrayList<>(map.values());
            l.sort(ZSetPropertyTest::cmp);
            return l;
        }

        /** True if lex ranges are defined: every score equal. */
        boolean sameScores() {
            Double first = null;
            for (Entry e : map.values()) {
                if (first == null) first = e.s;
                else if (e.s != first) return false;
            }
            return true;
        }

        boolean add(byte[] m, double s) {
            Entry old = map.get(key(m));
            if (old != null && old.s == s) return false; // unchanged, sign of zero kept
            map.put(key(m), new Entry(m, s));
            return old == null;
        }

        void remove(Entry e) {
            map.remove(key(e.m));
        }
    }

    static List<String> show(List<Entry> l) {
        List<String> r = new ArrayList<>();
        for (Entry e : l) r.add(e.show());
        return r;
    }

    /** Redis LIMIT: a negative offset gives nothing; a negative count means all. */
    static List<Entry> limit(List<Entry> l, int offset, int count) {
        if (offset < 0 || offset >= l.size()) return List.of();
        int end = count < 0 ? l.size() : Math.min(l.size(), offset + count);
        return l.subList(offset, end);
    }

    static final class Collect implements RangeSink {
        final List<Entry> got = new ArrayList<>();

        @Override
        public void accept(byte[] member, double score) {
            got.add(new Entry(member, score));
        }

        List<String> shown() {
            return show(got);
        }
    }

    // ------------------------------------------------------------------ the run

    private static void run(List<Op> ops, boolean lexMode, long seed, int pool) {
        ZSet z = new ZSet(new SplittableRandom(seed));
        Model model = new Model();
        for (Op op : ops) {
            apply(op, z, model, lexMode);
            compareAll(z, model, pool, op);
        }
    }

    private static double score(int s, boolean lexMode) {
        return lexMode ? (s % 2 == 0 ? 0.0 : -0.0) : SCORES[s];
    }

    private static void apply(Op op, ZSet z, Model model, boolean lexMode) {
        String ctx = op.toString();
        List<Entry> sorted = model.sorted();
        if (op instanceof Add a) {
            double s = score(a.s, lexMode);
            assertEquals(model.add(member(a.m), s), z.add(member(a.m), s), ctx);
        } else if (op instanceof AddMany a) {
            for (int i = 0; i < a.n; i++) {
                double s = score((a.s + i) % SCORES.length, lexMode);
                assertEquals(model.add(member(a.from + i), s), z.add(member(a.from + i), s), ctx);
            }
        } else if (op instanceof Remove r) {
            boolean present = model.map.remove(Model.key(member(r.m))) != null;
            assertEquals(present, z.remove(member(r.m)), ctx);
        } else if (op instanceof RemScore r) {
            List<Entry> gone = sorted.stream().filter(e -> r.r.contains(e.s)).toList();
            gone.forEach(model::remove);
            assertEquals(gone.size(), z.removeRangeByScore(r.r.range()), ctx);
        } else if (op instanceof RemLex r) {
            long n = z.removeRangeByLex(r.r.range());
            List<Entry> gone;
            if (model.sameScores()) {
                gone = sorted.stream().filter(e -> r.r.contains(e.m)).toList();
            } else {
                // unspecified, as in Redis: a run from some start up to the first member above max
                gone = sorted.stream().filter(e -> !z.contains(e.m)).toList();
                for (Entry e : gone) assertTrue(r.r.belowMax(e.m), ctx + " removed " + e.show());
            }
            gone.forEach(model::remove);
            assertEquals(gone.size(), n, ctx);
        } else if (op instanceof RemRank r) {
            int end = Math.min(r.end, sorted.size() - 1);
            List<Entry> gone = r.start > end ? List.of() : sorted.subList(r.start, end + 1);
            gone.forEach(model::remove);
            assertEquals(gone.size(), z.removeRangeByRank(r.start, r.end), ctx);
        } else if (op instanceof PopMin p) {
            List<Entry> gone = p.count <= 0 ? List.of() : sorted.subList(0, Math.min(p.count, sorted.size()));
            gone.forEach(model::remove);
            Collect c = new Collect();
            assertEquals(gone.size(), z.popMin(p.count, c), ctx);
            assertEquals(show(gone), c.shown(), ctx);
        } else if (op instanceof PopMax p) {
            List<Entry> rev = new ArrayList<>(sorted);
            Collections.reverse(rev);
            List<Entry> gone = p.count <= 0 ? List.of() : rev.subList(0, Math.min(p.count, rev.size()));
            gone.forEach(model::remove);
            Collect c = new Collect();
            assertEquals(gone.size(), z.popMax(p.count, c), ctx);
            assertEquals(show(gone), c.shown(), ctx);
        } else if (op instanceof QScore q) {
            List<Entry> in = new ArrayList<>(sorted.stream().filter(e -> q.r.contains(e.s)).toList());
            if (q.rev) Collections.reverse(in);
            Collect c = new Collect();
            long n = z.rangeByScore(q.r.range(), q.rev, q.offset, q.count, c);
            assertEquals(show(limit(in, q.offset, q.count)), c.shown(), ctx);
            assertEquals(c.got.size(), n, ctx);
        } else if (op instanceof QLex q) {
            Collect c = new Collect();
            long n = z.rangeByLex(q.r.range(), q.rev, q.offset, q.count, c);
            assertEquals(c.got.size(), n, ctx);
            if (model.sameScores()) {
                List<Entry> in = new ArrayList<>(sorted.stream().filter(e -> q.r.contains(e.m)).toList());
                if (q.rev) Collections.reverse(in);
                assertEquals(show(limit(in, q.offset, q.count)), c.shown(), ctx);
            } else {
                // unspecified, as in Redis: only the far bound is checked while walking
                for (Entry e : c.got) {
                    assertTrue(q.rev ? q.r.aboveMin(e.m) : q.r.belowMax(e.m), ctx + " gave " + e.show());
                }
                assertTrue(q.count < 0 || n <= q.count, ctx);
            }
        } else if (op instanceof QRank q) {
            List<Entry> order = new ArrayList<>(sorted);
            if (q.rev) Collections.reverse(order);
            int end = Math.min(q.end, order.size() - 1);
            List<Entry> want = q.start > end ? List.of() : order.subList(q.start, end + 1);
            Collect c = new Collect();
            assertEquals(want.size(), z.range(q.start, q.end, q.rev, c), ctx);
            assertEquals(show(want), c.shown(), ctx);
        } else if (op instanceof Count q) {
            long want = sorted.stream().filter(e -> q.r.contains(e.s)).count();
            assertEquals(want, z.count(q.r.range()), ctx);
        } else if (op instanceof LexCount q) {
            long n = z.lexCount(q.r.range());
            if (model.sameScores()) {
                assertEquals(sorted.stream().filter(e -> q.r.contains(e.m)).count(), n, ctx);
            } else {
                assertTrue(n >= 0 && n <= sorted.size(), ctx);
            }
        } else {
            throw new AssertionError("unknown op " + op);
        }
    }

    private static void compareAll(ZSet z, Model model, int pool, Op after) {
        String ctx = "after " + after;
        z.checkInvariants();
        List<Entry> sorted = model.sorted();
        assertEquals(sorted.size(), z.size(), ctx);
        Collect all = new Collect();
        z.forEach(all);
        assertEquals(show(sorted), all.shown(), ctx);
        for (int i = 0; i < sorted.size(); i++) {
            Entry e = sorted.get(i);
            ZSet.Node n = z.elementAt(i);
            assertEquals(e.show(), new Entry(n.member(), n.score()).show(), ctx);
            assertEquals(i, z.rank(e.m, false), ctx);
            assertEquals(sorted.size() - 1 - i, z.rank(e.m, true), ctx);
            assertSame(n, z.get(e.m), ctx);
        }
        for (int i = 0; i < Math.min(pool, SPECIAL.length + 20); i++) {
            byte[] m = member(i);
            if (!model.map.containsKey(Model.key(m))) {
                assertEquals(-1, z.rank(m, false), ctx);
                assertEquals(null, z.get(m), ctx);
            }
        }
        assertEquals(null, z.elementAt(sorted.size()), ctx);
    }
}
