package io.redisdouble.util;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The allocation-free "%.17g" digits must equal the exact BigDecimal rounding (which the table tests
 * check against C and real Redis) wherever the fast path answers.
 */
class G17FastPathTest {
    private static void check(double d) {
        long f = RedisNumbers.g17Fast(d);
        if (f < 0) return;
        BigDecimal r = new BigDecimal(d).round(new MathContext(17, RoundingMode.HALF_EVEN));
        String digits = r.unscaledValue().toString();
        int x = digits.length() - 1 - r.scale();
        String padded = (digits + "00000000000000000").substring(0, 17);
        assertEquals(padded, Long.toString(f >>> 5), () -> "digits of " + d);
        assertEquals(x, (int) (f & 31) - 16, () -> "exponent of " + d);
    }

    @Property(tries = 20000)
    void matchesExactRoundingForDecimals(@ForAll @DoubleRange(min = 0.01, max = 1e16) double d) {
        check(d);
    }

    @Test
    void randomBitPatternsAndTies() {
        SplittableRandom r = new SplittableRandom(7);
        int answered = 0;
        for (int i = 0; i < 300_000; i++) {
            double d = Math.abs(Double.longBitsToDouble(r.nextLong()));
            if (Double.isNaN(d)) continue;
            check(d);
            double dec = r.nextInt(1, 1_000_000_000) / Math.pow(10, r.nextInt(0, 12));
            check(dec);
            if (RedisNumbers.g17Fast(dec) >= 0) answered++;
        }
        for (double d : new double[] {0.1, 0.01, 1.1, 2.5, 9.999999999999999, 99.99999999999999, 0.015625,
                1e15 + 0.5, 4503599627370495.5, 0.3, 123.456, 1.0000000000000002}) {
            check(d);
        }
        assertTrue(answered > 200_000, "the fast path should answer most everyday decimals: " + answered);
        assertEquals("1.1000000000000001", RedisNumbers.formatG17(1.1));
        assertEquals("0.10000000000000001", RedisNumbers.formatG17(0.1));
        assertEquals("123.456", RedisNumbers.formatG17(123.456).substring(0, 7));
    }
}
