package io.redisdouble.util;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The fast path of {@link RedisNumbers#formatDoubleHuman} against "%.17Lf" computed on the exact
 * decimal value (BigDecimal, half to even, trimmed): coordinates, tiny and large values, ties.
 * The real servers' digits are checked by geo.txt (GEOPOS, WITHCOORD) on every dialect.
 */
class HumanFixed17Test {
    private static String reference(double d) {
        String s = new BigDecimal(d).abs().setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        int n = s.length();
        while (s.charAt(n - 1) == '0') n--;
        if (s.charAt(n - 1) == '.') n--;
        s = s.substring(0, n);
        if (s.equals("0")) return "0";
        return d < 0 ? "-" + s : s;
    }

    private static void check(double d) {
        byte[] fast = RedisNumbers.humanFixed17Fast(d);
        String expected = reference(d);
        if (fast != null) assertEquals(expected, new String(fast, StandardCharsets.US_ASCII), "fast " + d);
        assertEquals(expected, new String(RedisNumbers.formatDoubleHuman(d), StandardCharsets.US_ASCII), "" + d);
    }

    @Test
    void matchesTheExactDecimal() {
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 300_000; i++) {
            double d = switch (i % 5) {
                case 0 -> (r.nextDouble() * 2 - 1) * 180;
                case 1 -> (r.nextDouble() * 2 - 1) * 85.05112878;
                case 2 -> Math.scalb(r.nextDouble(), -r.nextInt(70));
                case 3 -> Math.scalb(r.nextDouble(), r.nextInt(70));
                default -> Double.longBitsToDouble(r.nextLong());
            };
            if (!Double.isNaN(d) && !Double.isInfinite(d)) check(d);
            if (i % 5 < 2 && Math.abs(d) > 1e-9) { // |d| <= 180
                org.junit.jupiter.api.Assertions.assertNotNull(RedisNumbers.humanFixed17Fast(d), "coordinates take the fast path: " + d);
            }
        }
        // halfway cases: k/2 * 10^-17 exactly representable only for few; and values rounding up to an integer
        for (double d : new double[] {0.5, 0.25, 1e-17, 5e-18, 1.5e-17, 0.99999999999999999, 179.99999999999997,
                -0.0, 0.0, 1.0, -1.0, 9007199254740991.0, 4e-18, 1.13686837721616e-13}) {
            check(d);
        }
    }
}
