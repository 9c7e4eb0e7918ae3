package io.redisdouble.util;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GlibcMath against fdlibm (StrictMath): within one ulp everywhere. Bit-exactness with glibc itself is
 * checked through the 7.2.6, 7.4.1, 8.0.2 and Valkey 8.0.1 servers (geo.txt's STOREDIST scores,
 * GeoProperties against them); 200,000 random arguments also matched glibc 2.36 called from C on the
 * reference machine.
 */
class GlibcMathTest {
    @Test
    void withinOneUlpOfFdlibm() {
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 200_000; i++) {
            double x = (r.nextDouble() * 2 - 1) * (i % 3 == 0 ? 1 : i % 3 == 1 ? 4 : 3000);
            assertTrue(Math.abs(GlibcMath.sin(x) - StrictMath.sin(x)) <= Math.ulp(StrictMath.sin(x)), "sin " + x);
            assertTrue(Math.abs(GlibcMath.cos(x) - StrictMath.cos(x)) <= Math.ulp(StrictMath.cos(x)), "cos " + x);
            double y = r.nextDouble() * 2 - 1;
            assertTrue(Math.abs(GlibcMath.asin(y) - StrictMath.asin(y)) <= Math.ulp(StrictMath.asin(y)), "asin " + y);
        }
    }

    @Test
    void specialValues() {
        assertEquals(1.0, GlibcMath.cos(0));
        assertEquals(0.0, GlibcMath.sin(0));
        assertEquals(1e-300, GlibcMath.sin(1e-300));
        assertTrue(Double.isNaN(GlibcMath.sin(Double.NaN)));
        assertTrue(Double.isNaN(GlibcMath.cos(Double.POSITIVE_INFINITY)));
    }
}
