package io.redisdouble.zset;

import io.redisdouble.util.Bytes;

/**
 * A member interval, as Redis's {@code zlexrangespec}: each end is a byte string, inclusive or
 * exclusive, or one of the infinities {@link #NEG_INF} ({@code -}) and {@link #POS_INF} ({@code +}).
 * Members compare as unsigned bytes ({@link Bytes#compare}).
 *
 * <p>The infinities are recognised by identity: pass these exact arrays, never a copy. Their
 * exclusive flag is ignored. Parsing ({@code [a}, {@code (a}, {@code -}, {@code +}) is the caller's
 * job; the arrays are shared, not copied, and must not be modified afterwards.
 */
public final class LexRange {
    /** Below every string ({@code -}). Compared by identity. */
    public static final byte[] NEG_INF = new byte[0];
    /** Above every string ({@code +}). Compared by identity. */
    public static final byte[] POS_INF = new byte[0];

    /** Every member: {@code [- +]}. */
    public static final LexRange ALL = new LexRange(NEG_INF, false, POS_INF, false);

    private final byte[] min;
    private final boolean minExclusive;
    private final byte[] max;
    private final boolean maxExclusive;

    public LexRange(byte[] min, boolean minExclusive, byte[] max, boolean maxExclusive) {
        if (min == null || max == null) throw new NullPointerException("bound");
        this.min = min;
        this.minExclusive = minExclusive && !isInfinity(min);
        this.max = max;
        this.maxExclusive = maxExclusive && !isInfinity(max);
    }

    /** The closed interval {@code [min, max]} (either may be an infinity). */
    public static LexRange closed(byte[] min, byte[] max) {
        return new LexRange(min, false, max, false);
    }

    public byte[] min() {
        return min;
    }

    public boolean minExclusive() {
        return minExclusive;
    }

    public byte[] max() {
        return max;
    }

    public boolean maxExclusive() {
        return maxExclusive;
    }

    /** True if {@code member} is at or above the lower bound (strictly above if it is exclusive). */
    public boolean gteMin(byte[] member) {
        int c = compare(member, min);
        return minExclusive ? c > 0 : c >= 0;
    }

    /** True if {@code member} is at or below the upper bound (strictly below if it is exclusive). */
    public boolean lteMax(byte[] member) {
        int c = compare(member, max);
        return maxExclusive ? c < 0 : c <= 0;
    }

    public boolean contains(byte[] member) {
        return gteMin(member) && lteMax(member);
    }

    /**
     * True if no member can be in range: {@code min > max}, {@code min == max} with an exclusive end,
     * a minimum of {@code +} or a maximum of {@code -}.
     */
    public boolean isEmpty() {
        int c = compare(min, max);
        return c > 0 || (c == 0 && (minExclusive || maxExclusive)) || min == POS_INF || max == NEG_INF;
    }

    private static boolean isInfinity(byte[] b) {
        return b == NEG_INF || b == POS_INF;
    }

    /** Byte order, extended with the two infinities (as Redis's {@code sdscmplex}). */
    static int compare(byte[] a, byte[] b) {
        if (a == b) return 0;
        if (a == NEG_INF || b == POS_INF) return -1;
        if (a == POS_INF || b == NEG_INF) return 1;
        return Bytes.compare(a, b);
    }

    @Override
    public String toString() {
        return bound(min, minExclusive) + " " + bound(max, maxExclusive);
    }

    private static String bound(byte[] b, boolean exclusive) {
        if (b == NEG_INF) return "-";
        if (b == POS_INF) return "+";
        return (exclusive ? "(" : "[") + Bytes.str(b);
    }
}
