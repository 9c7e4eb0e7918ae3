package io.redisdouble.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fast path must never answer differently from a correctly rounded parser ({@code
 * Double.parseDouble}, round half to even, as strtod): whenever it answers, the bits are compared;
 * and it must answer for nearly all ordinary input, or it would be a slow no-op.
 */
class DecimalToDoubleTest {
    /** Counts how often the fast path answered. */
    private long asked, answered;

    /** Fails unless the fast path is NaN ("don't know") or bit-identical to Double.parseDouble. */
    private void check(String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        double fast = DecimalToDouble.parse(b, 0, b.length);
        asked++;
        if (Double.isNaN(fast)) return;
        answered++;
        double exact = Double.parseDouble(text);
        if (Double.doubleToRawLongBits(fast) != Double.doubleToRawLongBits(exact)) {
            fail(text + ": fast " + fast + " but exact " + exact);
        }
    }

    private static double randomFinite(SplittableRandom rnd) {
        while (true) {
            double d = Double.longBitsToDouble(rnd.nextLong());
            if (Double.isFinite(d)) return d;
        }
    }

    @Test
    void randomDoublesInEveryNotation() {
        SplittableRandom rnd = new SplittableRandom(1);
        MathContext seventeen = new MathContext(17, RoundingMode.HALF_EVEN);
        for (int k = 0; k < 200_000; k++) {
            double d = randomFinite(rnd);
            check(Double.toString(d));
            check(new BigDecimal(d).round(seventeen).toString()); // what %.17g carries
            double score = rnd.nextDouble() * 1e9; // ZADD-like scores, in plain notation
            check(new BigDecimal(Double.toString(score)).toPlainString());
        }
        assertTrue(answered > asked * 95 / 100, "fast path answered only " + answered + " of " + asked);
    }

    @Test
    void randomSignificandsAndExponents() {
        SplittableRandom rnd = new SplittableRandom(2);
        for (int k = 0; k < 300_000; k++) {
            int digits = 1 + rnd.nextInt(19);
            StringBuilder sb = new StringBuilder();
            if (rnd.nextInt(4) == 0) sb.append(rnd.nextBoolean() ? '-' : '+');
            sb.append((char) ('1' + rnd.nextInt(9)));
            for (int i = 1; i < digits; i++) sb.append((char) ('0' + rnd.nextInt(10)));
            if (rnd.nextBoolean()) sb.insert(sb.length() - rnd.nextInt(digits), '.');
            if (sb.charAt(sb.length() - 1) == '.') sb.append('0');
            sb.append(rnd.nextBoolean() ? 'e' : 'E').append(rnd.nextInt(-345, 330));
            check(sb.toString());
        }
        assertTrue(answered > asked * 85 / 100, "fast path answered only " + answered + " of " + asked);
    }

    /**
     * Decimal strings within one unit of the 19th digit of the exact midpoint between two adjacent
     * doubles: where a truncated power of ten could round the wrong way.
     */
    @Test
    void nearHalfway() {
        SplittableRandom rnd = new SplittableRandom(3);
        MathContext down = new MathContext(19, RoundingMode.DOWN), up = new MathContext(19, RoundingMode.UP);
        for (int k = 0; k < 100_000; k++) {
            double d = Math.abs(randomFinite(rnd));
            if (d == 0 || !Double.isFinite(Math.nextUp(d))) continue;
            BigDecimal mid = new BigDecimal(d).add(new BigDecimal(Math.nextUp(d))).divide(BigDecimal.valueOf(2));
            check(mid.round(down).toString());
            check(mid.round(up).toString());
            check(mid.round(new MathContext(17, RoundingMode.HALF_EVEN)).toString());
        }
        assertTrue(answered > 0);
    }

    @Test
    void edges() {
        String[] cases = {"1", "+5", "-5.5E+3", "9007199254740992", "9007199254740993", "9007199254740995",
            "1e22", "1e23", "8.98846567431158e307", "1.7976931348623157e308", "2.2250738585072014e-308",
            "0.1", "0.3", "123456789.12345679", "000.000123", "1844674407370955161", "9999999999999999999",
            "4.9406564584124654e-324", "1e-342", "1e308", "7.2057594037927933e16"};
        for (String c : cases) check(c);
        assertEquals(1.0, parse("1"));
        assertEquals(-5500.0, parse("-5.5E+3"));
        assertEquals(0.1, parse("0.1"));
        assertEquals(Double.MAX_VALUE, parse("1.7976931348623157e308"));
        assertEquals(Double.MIN_NORMAL, parse("2.2250738585072014e-308"));
        // zero digits only: a signed zero
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(parse("-0.000e5")));
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(parse("0")));
        // left to the exact parser: subnormal, overflow, 20 significant digits, huge exponents
        for (String c : new String[] {"4.9e-324", "1e-320", "1.8e308", "1e400", "12345678901234567890",
            "1e-99999999", "1e99999999"}) {
            assertTrue(Double.isNaN(parse(c)), c);
        }
    }

    private static double parse(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return DecimalToDouble.parse(b, 0, b.length);
    }
}
