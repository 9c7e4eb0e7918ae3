package io.redisdouble.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.util.RedisNumbers.LongDouble;
import io.redisdouble.util.RedisNumbers.NotANumber;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties checked against independent computations: the C rules for "%.17g" stated as a spec
 * (closest 17-digit decimal, ties to even, style rules), Java's own correctly rounded
 * Double.parseDouble, and the definition of round-to-nearest-even at 64 bits for the x87 emulation.
 */
class RedisNumbersPropertiesTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Provide
    Arbitrary<Double> anyFiniteDouble() {
        Arbitrary<Double> fromBits = Arbitraries.longs().map(Double::longBitsToDouble)
                .filter(d -> !Double.isNaN(d) && !Double.isInfinite(d));
        Arbitrary<Double> decimalish = Combinators.combine(
                        Arbitraries.longs().between(-99_999_999_999L, 99_999_999_999L),
                        Arbitraries.integers().between(-30, 30))
                .as((m, e) -> m * Math.pow(10, e));
        return Arbitraries.oneOf(fromBits, decimalish, Arbitraries.doubles());
    }

    /** Parsing what formatDouble printed gives back the same double, bit for bit. */
    @Property(tries = 3000)
    void formatDoubleRoundTrips(@ForAll("anyFiniteDouble") double d) throws NotANumber {
        byte[] out = RedisNumbers.formatDouble(d, Dialect.REDIS_7_0);
        double back = RedisNumbers.parseDoubleStrict(out);
        assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits(back));
        assertEquals(d, Double.parseDouble(new String(out, StandardCharsets.US_ASCII)));
    }

    /**
     * C's "%.17g", stated as a spec and checked with exact decimal arithmetic: the printed number
     * is the 17-significant-digit decimal nearest to the exact binary value (ties to an even 17th
     * digit), printed as %e when its decimal exponent X is < -4 or >= 17 and as %f otherwise,
     * with fraction trailing zeros and a bare point removed and an exponent of two digits or more.
     */
    @Property(tries = 3000)
    void formatDoubleIsPercent17g(@ForAll("anyFiniteDouble") double d) {
        String s = new String(RedisNumbers.formatDouble(d, Dialect.REDIS_6_2), StandardCharsets.US_ASCII);
        if (d == 0) {
            assertEquals(Double.doubleToRawLongBits(d) < 0 ? "-0" : "0", s);
            return;
        }
        BigDecimal exact = new BigDecimal(d);
        BigDecimal printed = new BigDecimal(s.replace("e+", "e"));
        // at most 17 significant digits
        assertTrue(printed.stripTrailingZeros().precision() <= 17, s);
        // X = decimal exponent of the printed value's leading digit
        BigDecimal p = printed.stripTrailingZeros();
        int x = p.precision() - p.scale() - 1;
        // error at most half a unit of the 17th digit, and ties go to even
        BigDecimal unit = BigDecimal.ONE.scaleByPowerOfTen(x - 16);
        BigDecimal err = printed.subtract(exact).abs();
        int cmp = err.compareTo(unit.divide(BigDecimal.valueOf(2)));
        assertTrue(cmp <= 0, "not the nearest 17-digit decimal: " + s + " vs " + exact);
        if (cmp == 0) {
            BigInteger q = printed.divide(unit).toBigIntegerExact();
            assertTrue(!q.testBit(0), "tie not to even: " + s);
        }
        // style
        boolean expStyle = s.contains("e");
        assertEquals(x < -4 || x >= 17, expStyle, s);
        String mantissa = expStyle ? s.substring(0, s.indexOf('e')) : s;
        if (mantissa.contains(".")) {
            assertTrue(!mantissa.endsWith("0") && !mantissa.endsWith("."), s);
        }
        if (expStyle) {
            String e = s.substring(s.indexOf('e') + 1);
            assertTrue(e.matches("[+-][0-9]{2,3}"), s);
            assertTrue(mantissa.matches("-?[1-9](\\.[0-9]*[1-9])?"), s);
        } else {
            assertTrue(s.matches("-?(0|[1-9][0-9]*)(\\.[0-9]*[1-9])?"), s);
        }
    }

    @Provide
    Arbitrary<String> decimalStrings() {
        Arbitrary<String> digits = Arbitraries.strings().withCharRange('0', '9').ofMinLength(1).ofMaxLength(25);
        Arbitrary<String> frac = Arbitraries.strings().withCharRange('0', '9').ofMinLength(0).ofMaxLength(25);
        Arbitrary<Integer> exp = Arbitraries.oneOf(
                Arbitraries.integers().between(-30, 30), Arbitraries.integers().between(-400, 400));
        Arbitrary<String> sign = Arbitraries.of("", "-", "+");
        return Combinators.combine(sign, digits, frac, exp, Arbitraries.integers().between(0, 3))
                .as((sg, i, f, e, shape) -> {
                    switch (shape) {
                        case 0: return sg + i;
                        case 1: return sg + i + "." + f;
                        case 2: return sg + "." + i + "e" + e;
                        default: return sg + i + "." + f + "E" + (e >= 0 ? "+" : "") + e;
                    }
                });
    }

    /**
     * Decimal parsing equals Java's correctly rounded Double.parseDouble (an independent
     * implementation of the same IEEE rounding), and string2d refuses exactly the overflows and the
     * nonzero values that round to zero.
     */
    @Property(tries = 3000)
    void decimalParsingMatchesJava(@ForAll("decimalStrings") String s) throws NotANumber {
        double java = Double.parseDouble(s);
        boolean nonzeroDigit = s.replaceAll("[eE].*", "").matches(".*[1-9].*");
        if (Double.isInfinite(java) || (java == 0 && nonzeroDigit)) {
            assertThrows(NotANumber.class, () -> RedisNumbers.parseDoubleStrict(b(s)));
        } else {
            assertEquals(Double.doubleToRawLongBits(java),
                    Double.doubleToRawLongBits(RedisNumbers.parseDoubleStrict(b(s))), s);
        }
        assertEquals(Double.doubleToRawLongBits(java),
                Double.doubleToRawLongBits(RedisNumbers.parseRangeDouble(b(s), 0)), s);
    }

    /** Hex floats also equal Java's (Java's syntax needs the 'p' exponent, which we always add). */
    @Property(tries = 1000)
    void hexParsingMatchesJava(@ForAll("hexStrings") String s) throws NotANumber {
        double java = Double.parseDouble(s);
        assertEquals(Double.doubleToRawLongBits(java),
                Double.doubleToRawLongBits(RedisNumbers.parseRangeDouble(b(s), 0)), s);
    }

    @Provide
    Arbitrary<String> hexStrings() {
        Arbitrary<String> digits = Arbitraries.strings().withChars("0123456789abcdefABCDEF")
                .ofMinLength(1).ofMaxLength(20);
        return Combinators.combine(Arbitraries.of("", "-"), digits, digits,
                        Arbitraries.integers().between(-1200, 1100))
                .as((sg, i, f, e) -> sg + "0x" + i + "." + f + "p" + e);
    }

    // ------------------------------------------------------------------ x87 long double

    /** mant, exp2 with value = mant × 2^exp2, for a dyadic positive BigDecimal. */
    private static BigInteger[] dyadic(BigDecimal v) {
        BigInteger u = v.unscaledValue();
        int scale = v.scale();
        if (scale <= 0) return new BigInteger[] {u.multiply(BigInteger.TEN.pow(-scale)), BigInteger.ZERO};
        BigInteger[] qr = u.divideAndRemainder(BigInteger.valueOf(5).pow(scale));
        assertEquals(BigInteger.ZERO, qr[1], "not dyadic: " + v);
        return new BigInteger[] {qr[0], BigInteger.valueOf(-scale)};
    }

    private static BigDecimal pow2(long e) {
        return e >= 0 ? new BigDecimal(BigInteger.TWO.pow((int) e))
                : BigDecimal.ONE.divide(new BigDecimal(BigInteger.TWO.pow((int) -e)));
    }

    /**
     * {@code got} is {@code exact} rounded to a 64-bit significand, to nearest, ties to even (for
     * normal x87 magnitudes, 2^-16382 .. 2^16384, which the generators stay inside).
     */
    private static void assertRoundedTo64Bits(BigDecimal exact, BigDecimal got) {
        if (exact.signum() == 0) {
            assertEquals(0, got.signum());
            return;
        }
        assertEquals(exact.signum(), got.signum(), "sign");
        BigDecimal a = exact.abs();
        BigDecimal g = got.abs();
        BigInteger[] me = dyadic(g);
        BigInteger m = me[0];
        long e = me[1].longValueExact();
        // normalise to a 64-bit significand: g = m × 2^e with 2^63 <= m < 2^64
        int shift = 64 - m.bitLength();
        m = m.shiftLeft(shift);
        e -= shift;
        assertTrue(m.bitLength() == 64 && m.getLowestSetBit() >= 0);
        BigDecimal ulp = pow2(e);
        BigDecimal err = g.subtract(a).abs();
        // below g the spacing halves when m is exactly 2^63
        BigDecimal ulpBelow = m.bitCount() == 1 && a.compareTo(g) < 0 ? pow2(e - 1) : ulp;
        int c = err.compareTo(ulpBelow.divide(BigDecimal.valueOf(2)));
        assertTrue(c <= 0, "not nearest: exact " + a + " got " + g);
        if (c == 0) {
            BigInteger m2 = m;
            if (ulpBelow != ulp) m2 = m.shiftLeft(1);
            assertTrue(!m2.testBit(0), "tie not to even: exact " + a + " got " + g);
        }
    }

    @Property(tries = 2000)
    void longDoubleParsingRoundsCorrectly(@ForAll("decimalStrings") String s) throws NotANumber {
        BigDecimal exact = new BigDecimal(s.startsWith("+") ? s.substring(1) : s);
        LongDouble v = LongDouble.parse(b(s));
        assertRoundedTo64Bits(exact, v.toBigDecimal());
    }

    @Property(tries = 2000)
    void longDoubleAdditionRoundsCorrectly(@ForAll("anyFiniteDouble") double x,
            @ForAll("anyFiniteDouble") double y, @ForAll("smallShift") int shift) {
        // x × 2^shift has more exponent range than a double: exercises wide alignments.
        LongDouble a = LongDouble.of(x);
        LongDouble c = LongDouble.of(y);
        BigDecimal exactA = a.toBigDecimal().multiply(pow2(shift));
        LongDouble shifted = a;
        try {
            shifted = LongDouble.parse(b(exactA.toString()));
        } catch (NotANumber e) {
            return; // out of range (cannot happen for these magnitudes)
        }
        assertEquals(0, exactA.compareTo(shifted.toBigDecimal()));
        BigDecimal exact = exactA.add(c.toBigDecimal());
        LongDouble sum = shifted.add(c);
        assertTrue(sum.isFinite());
        assertRoundedTo64Bits(exact, sum.toBigDecimal());
    }

    @Provide
    Arbitrary<Integer> smallShift() {
        return Arbitraries.integers().between(-80, 80);
    }

    /** The human format is "%.17Lf" of the exact value, rounded half-even, trimmed. */
    @Property(tries = 2000)
    void humanFormatIsTrimmedPercent17Lf(@ForAll("anyFiniteDouble") double d) {
        String s = new String(RedisNumbers.formatDoubleHuman(d), StandardCharsets.US_ASCII);
        BigDecimal want = new BigDecimal(d).setScale(17, RoundingMode.HALF_EVEN);
        assertEquals(0, want.compareTo(new BigDecimal(s)), s);
        assertTrue(s.matches("-?(0|[1-9][0-9]*)(\\.[0-9]{0,16}[1-9])?"), s);
        assertTrue(!s.equals("-0"));
    }
}
