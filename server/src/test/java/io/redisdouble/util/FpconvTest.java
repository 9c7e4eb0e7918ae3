package io.redisdouble.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.redisdouble.dialect.Dialect;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Redis 7.2's double printing (fpconv_dtoa / d2string), against values real 7.2.6 printed. */
class FpconvTest {

    @Test
    void cachedPowersAreTheTableOfTheCSource() {
        // fpconv_powers.h: first, middle and last entries.
        assertArrayEquals(new long[] {Long.parseUnsignedLong("18054884314459144840"), -1220}, Fpconv.cachedPower(0));
        assertArrayEquals(new long[] {Long.parseUnsignedLong("11258999068426240000"), -50}, Fpconv.cachedPower(44));
        assertArrayEquals(new long[] {Long.parseUnsignedLong("12500000000000000000"), 3}, Fpconv.cachedPower(46));
        assertArrayEquals(new long[] {Long.parseUnsignedLong("9313225746154785156"), 30}, Fpconv.cachedPower(47));
        assertArrayEquals(new long[] {Long.parseUnsignedLong("12648080533535911531"), 1066}, Fpconv.cachedPower(86));
    }

    private static String d72(double d) {
        return new String(RedisNumbers.formatDouble(d, Dialect.REDIS_7_2), StandardCharsets.US_ASCII);
    }

    @Test
    void formatsAsRedis72() {
        assertEquals("0.1", d72(0.1));
        assertEquals("1e-20", d72(1e-20));
        assertEquals("5e-324", d72(Double.MIN_VALUE));
        assertEquals("1e+301", d72(1e301));
        assertEquals("-1.5e-300", d72(-1.5e-300));
        assertEquals("0.00001", d72(0.00001));
        assertEquals("0.0001", d72(0.0001));
        assertEquals("1.1", d72(1.1));
        assertEquals("3.0000000000000004", d72(0.1 + 2.9000000000000004 - 0.0000000000000000));
        assertEquals("-0.699", d72(-0.699));
        assertEquals("10000000000000000", d72(1e16));
        assertEquals("-0", d72(-0.0));
        assertEquals("0", d72(0.0));
        assertEquals("inf", d72(Double.POSITIVE_INFINITY));
        assertEquals("-inf", d72(Double.NEGATIVE_INFINITY));
        assertEquals("1.5", d72(1.5));
        assertEquals("4611686018427387904", d72(4611686018427387904.0));
        assertEquals("9223372036854776000", d72(9223372036854775807.0));
        assertEquals("99999999999999990000000", d72(1e23)); // Grisu2 is not always the shortest
        assertEquals("123456789012345690000000", d72(123456789012345678901234.0));
        assertEquals("1e-7", d72(1e-7));
        assertEquals("1.5e-7", d72(1.5e-7));
        assertEquals("123.456", d72(123.456));
        assertEquals("1e+19", d72(1e19));
        assertEquals("1.7976931348623157e+308", d72(Double.MAX_VALUE));
    }

    @Test
    void readsBackToTheSameDouble() {
        SplittableRandom r = new SplittableRandom(72);
        for (int i = 0; i < 200_000; i++) {
            double d = Double.longBitsToDouble(r.nextLong());
            if (Double.isNaN(d) || Double.isInfinite(d)) continue;
            String s = d72(d);
            assertEquals(d, Double.parseDouble(s), s);
        }
    }
}
