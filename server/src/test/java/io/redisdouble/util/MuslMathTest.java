package io.redisdouble.util;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MuslMath against fdlibm (StrictMath), its common ancestor: the two agree within one ulp everywhere
 * (their sin and cos kernels evaluate the polynomials differently) and exactly for asin. Bit-exactness with musl
 * itself is checked through the 6.2.7 and 7.0.15 servers (geo.txt's STOREDIST scores, GeoProperties).
 */
class MuslMathTest {
    @Test
    void withinOneUlpOfFdlibm() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            double x = (r.nextDouble() * 2 - 1) * (i % 2 == 0 ? 4 : 3000);
            assertTrue(Math.abs(MuslMath.sin(x) - StrictMath.sin(x)) <= Math.ulp(StrictMath.sin(x)), "sin " + x);
            assertTrue(Math.abs(MuslMath.cos(x) - StrictMath.cos(x)) <= Math.ulp(StrictMath.cos(x)), "cos " + x);
            double y = r.nextDouble() * 2 - 1;
            assertEquals(StrictMath.asin(y), MuslMath.asin(y), "asin " + y);
        }
    }

    @Test
    void specialValues() {
        assertEquals(1.0, MuslMath.cos(0));
        assertEquals(0.0, MuslMath.sin(0));
        assertEquals(Math.PI / 2, MuslMath.asin(1));
        assertTrue(Double.isNaN(MuslMath.asin(1.5)));
        assertTrue(Double.isNaN(MuslMath.sin(Double.POSITIVE_INFINITY)));
        assertEquals(StrictMath.sin(1e300), MuslMath.sin(1e300)); // beyond the medium reduction
    }
}
