package io.redisdouble.zset;

/**
 * A score interval, as Redis's {@code zrangespec}: {@code min} and {@code max} are each inclusive or
 * exclusive. Neither may be NaN; either may be infinite. Scores compare with {@code <} and {@code ==},
 * so {@code -0.0} and {@code 0.0} are the same bound.
 *
 * <p>Parsing ({@code (1.5}, {@code -inf}, ...) is the caller's job; this only holds parsed values.
 */
public record ScoreRange(double min, boolean minExclusive, double max, boolean maxExclusive) {
    /** Every score: {@code [-inf, +inf]}. */
    public static final ScoreRange ALL =
            new ScoreRange(Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY, false);

    public ScoreRange {
        if (Double.isNaN(min) || Double.isNaN(max)) throw new IllegalArgumentException("NaN bound");
    }

    /** The closed interval {@code [min, max]}. */
    public static ScoreRange closed(double min, double max) {
        return new ScoreRange(min, false, max, false);
    }

    /** True if {@code value} is at or above the lower bound (strictly above if it is exclusive). */
    public boolean gteMin(double value) {
        return minExclusive ? value > min : value >= min;
    }

    /** True if {@code value} is at or below the upper bound (strictly below if it is exclusive). */
    public boolean lteMax(double value) {
        return maxExclusive ? value < max : value <= max;
    }

    public boolean contains(double value) {
        return gteMin(value) && lteMax(value);
    }

    /** True if no score can be in range: {@code min > max}, or {@code min == max} with an exclusive end. */
    public boolean isEmpty() {
        return min > max || (min == max && (minExclusive || maxExclusive));
    }
}
