package io.redisdouble.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.util.RedisNumbers.LongDouble;
import io.redisdouble.util.RedisNumbers.NotANumber;
import io.redisdouble.util.RedisNumbers.NotFinite;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Expected values come from the real Redis 7.0.15 and 6.2.7 servers (musl builds) or from C's
 * printf / strtod, never from RedisNumbers itself. See {@link RedisNumbersTables} for the bulk
 * tables; the cases spelled out here are the ones worth reading.
 */
class RedisNumbersTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String str(byte[] s) {
        return new String(s, StandardCharsets.US_ASCII);
    }

    private static String[] fields(String row) {
        return row.split("\u001f", -1);
    }

    // ---------------------------------------------------------------- parseLong (string2ll)

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0|0",
        "1|1",
        "-1|-1",
        "99|99",
        "9223372036854775807|9223372036854775807",
        "-9223372036854775808|-9223372036854775808",
    })
    void parseLongAccepts(String in, long expected) throws NotANumber {
        assertEquals(expected, RedisNumbers.parseLong(b(in)));
    }

    /** All refused by INCRBY on both servers: "ERR value is not an integer or out of range". */
    @ParameterizedTest
    @ValueSource(strings = {"-0", "+1", "01", "00", " 1", "1 ", "", "-", "1.0", "1e3",
        "9223372036854775808", "-9223372036854775809", "18446744073709551616", "0x10", "1\u00001",
        "99999999999999999999", "-00000000000000000001", "123456789012345678901"})
    void parseLongRefuses(String in) {
        assertThrows(NotANumber.class, () -> RedisNumbers.parseLong(b(in)));
    }

    @Test
    void formatLong() {
        assertEquals("-9223372036854775808", str(RedisNumbers.formatLong(Long.MIN_VALUE)));
        assertEquals("0", str(RedisNumbers.formatLong(0)));
        assertEquals("42", str(RedisNumbers.formatLong(42)));
    }

    // ---------------------------------------------------------------- parseDoubleStrict (string2d)

    /** Input → what ZSCORE prints after ZADD (identical on 7.0.15 and 6.2.7). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0x1p3|8", "0x10|16", "0X1.8P1|3", "0x.8|0.5",
        "inf|inf", "+inf|inf", "-inf|-inf", "Infinity|inf", "-INFINITY|-inf",
        "1e5|100000", "1E5|100000", "1e+5|100000", "1.e5|100000", ".5|0.5", "5.|5", "+1.5|1.5",
        "-.5|-0.5",
        "3e-324|4.9406564584124654e-324", "5e-324|4.9406564584124654e-324",
        "1e-320|9.9998886718268301e-321", "0e-400|0",
        "1.7976931348623158e308|1.7976931348623157e+308",
        "1.797693134862315807e308|1.7976931348623157e+308",
        "0x1p1100|inf", "0x1.fffffffffffff8p1023|inf",
        "0x1.8p-1075|4.9406564584124654e-324",
        "1.1|1.1000000000000001",
    })
    void parseDoubleStrictAccepts(String in, String zscore) throws NotANumber {
        double d = RedisNumbers.parseDoubleStrict(b(in));
        assertEquals(zscore, str(RedisNumbers.formatDouble(d, Dialect.REDIS_7_0)));
    }

    /** All refused by ZADD on both servers: "ERR value is not a valid float". */
    @ParameterizedTest
    @ValueSource(strings = {"", " 1", "\t1", "1 ", "1e", "1e+", "1e400", "-1e400", "1e-400",
        "2e-324", "nan", "NaN", "-nan", "nan(1)", "0x", "0x1p", "infinit", "infinityx", ".e5", ".",
        "-", "+", "--1", "+-1", "1.7976931348623159e308", "0x1p1200", "0x1p1105", "0x1p-1075",
        "0x1p-1200", "1\u0000", "abc", "1,5", "1_000", "1d", "1f"})
    void parseDoubleStrictRefuses(String in) {
        assertThrows(NotANumber.class, () -> RedisNumbers.parseDoubleStrict(b(in)));
    }

    @Test
    void parseDoubleStrictHasNoLengthLimit() throws NotANumber {
        // ZADD zl 1.<100000 zeros>1 m is accepted and ZSCORE is 1 on both servers.
        String s = "1." + "0".repeat(100_000) + "1";
        assertEquals(1.0, RedisNumbers.parseDoubleStrict(b(s)));
    }

    @Test
    void negativeZeroKeepsItsSign() throws NotANumber {
        // ZADD z -0 a (skiplist encoding) then ZSCORE prints "-0" on both servers.
        double d = RedisNumbers.parseDoubleStrict(b("-0"));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(d));
        assertEquals("-0", str(RedisNumbers.formatDouble(d, Dialect.REDIS_7_0)));
        assertEquals("-0", str(RedisNumbers.formatDouble(d, Dialect.REDIS_6_2)));
    }

    // ---------------------------------------------------------------- parseRangeDouble

    /**
     * ZCOUNT on {0, 1, 2, 1e300, -1e300} with the bound as min (and +inf as max) / as max (and -inf
     * as min); both servers give these counts. "" is 0 and "(" is exclusive 0.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|4|2", "(|3|1", "' 1'|3|3", "(1e400|0|5", "1e400|0|5", "-1e400|5|0", "(-1e400|5|0",
        "0x1p0|3|3", "1e-400|4|2", "inf|0|5", "+inf|0|5", "-inf|5|0", "(+inf|0|5", "( 1|2|2",
        "infinity|0|5",
    })
    void rangeBounds(String bound, int countAsMin, int countAsMax) throws NotANumber {
        double[] scores = {0, 1, 2, 1e300, -1e300};
        byte[] s = b(bound);
        boolean ex = s.length > 0 && s[0] == '(';
        double v = RedisNumbers.parseRangeDouble(s, ex ? 1 : 0);
        int asMin = 0, asMax = 0;
        for (double x : scores) {
            if (ex ? x > v : x >= v) asMin++;
            if (ex ? x < v : x <= v) asMax++;
        }
        assertEquals(countAsMin, asMin);
        assertEquals(countAsMax, asMax);
    }

    /** Refused by ZCOUNT on both servers: "ERR min or max is not a float". */
    @ParameterizedTest
    @ValueSource(strings = {"1 ", "nan", "(nan", "-", ".", "1e", "((1", "0x", "abc", " ", "( ",
        "1\u0001"})
    void rangeBoundsRefused(String bound) {
        byte[] s = b(bound);
        int from = s.length > 0 && s[0] == '(' ? 1 : 0;
        assertThrows(NotANumber.class, () -> RedisNumbers.parseRangeDouble(s, from));
    }

    @Test
    void rangeBoundStopsAtNul() throws NotANumber {
        // ZCOUNT zr "1\0abc" +inf answers 3 (score 1 included) on both servers.
        assertEquals(1.0, RedisNumbers.parseRangeDouble(b("1\u0000abc"), 0));
        assertEquals(0.0, RedisNumbers.parseRangeDouble(b("\u0000abc"), 0));
        assertEquals(1.0, RedisNumbers.parseRangeDouble(b("(1\u0000abc"), 1));
    }

    /**
     * Redis 8.0.2's zslParseRange (fast_float): ZCOUNT z BOUND +inf answered an error for " 1", "( 1", "0x10",
     * "(0x1", "\t1", and a count for "+1", "+.5", ".5", "5.", "inf", "Infinity", "-0", "1e400", "1e-400", ""
     * and "(", as 7.4.1's strtod did (which also took " 1" and "0x10").
     */
    @Test
    void rangeBoundWithFastFloat() throws NotANumber {
        for (String s : List.of(" 1", "0x10", "-0x1", "0X1p3", "\t1", "\n1")) {
            assertThrows(NotANumber.class, () -> RedisNumbers.parseRangeDouble(b(s), 0, true), s);
            RedisNumbers.parseRangeDouble(b(s), 0, false); // strtod takes them
        }
        assertThrows(NotANumber.class, () -> RedisNumbers.parseRangeDouble(b("( 1"), 1, true));
        assertThrows(NotANumber.class, () -> RedisNumbers.parseRangeDouble(b("(0x1"), 1, true));
        assertEquals(1.0, RedisNumbers.parseRangeDouble(b("+1"), 0, true));
        assertEquals(0.5, RedisNumbers.parseRangeDouble(b("+.5"), 0, true));
        assertEquals(5.0, RedisNumbers.parseRangeDouble(b("5."), 0, true));
        assertEquals(Double.POSITIVE_INFINITY, RedisNumbers.parseRangeDouble(b("Infinity"), 0, true));
        assertEquals(Double.POSITIVE_INFINITY, RedisNumbers.parseRangeDouble(b("1e400"), 0, true));
        assertEquals(0.0, RedisNumbers.parseRangeDouble(b("1e-400"), 0, true));
        assertEquals(0.0, RedisNumbers.parseRangeDouble(b(""), 0, true));
        assertEquals(0.0, RedisNumbers.parseRangeDouble(b("("), 1, true));
        assertThrows(NotANumber.class, () -> RedisNumbers.parseRangeDouble(b("nan"), 0, true));
        assertThrows(NotANumber.class, () -> RedisNumbers.parseRangeDouble(b("1 "), 0, true));
    }

    @Test
    void rangeBoundUnderflowKeepsSign() throws NotANumber {
        double d = RedisNumbers.parseRangeDouble(b("-1e-400"), 0);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(d));
    }

    // ---------------------------------------------------------------- bulk parse table

    @Test
    void parseTable() {
        List<String> failures = new ArrayList<>();
        for (String row : RedisNumbersTables.PARSE) {
            String[] f = fields(row);
            String in = f[0];
            byte[] s = b(in);
            check(failures, "strict", in, f[1], () -> RedisNumbers.parseDoubleStrict(s));
            check(failures, "range", in, f[2], () -> RedisNumbers.parseRangeDouble(s, 0));
            String ld = f[3];
            try {
                LongDouble v = LongDouble.parse(s);
                boolean ok;
                String got;
                if (!v.isFinite()) {
                    got = v.isNegative() ? "-inf" : "inf";
                    ok = got.equals(ld);
                } else {
                    got = "finite";
                    ok = !ld.equals("ERR") && !ld.endsWith("inf")
                            && hexFloat(ld).compareTo(v.toBigDecimal()) == 0;
                }
                if (!ok) failures.add("ld [" + in + "] want " + ld + " got " + got);
            } catch (NotANumber e) {
                if (!ld.equals("ERR")) failures.add("ld [" + in + "] want " + ld + " got ERR");
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " failures, first ones:\n"
                    + String.join("\n", failures.subList(0, Math.min(30, failures.size()))));
        }
    }

    private interface DoubleParse {
        double parse() throws NotANumber;
    }

    private static void check(List<String> failures, String what, String in, String want,
            DoubleParse p) {
        String got;
        try {
            got = String.format("%016x", Double.doubleToRawLongBits(p.parse()));
        } catch (NotANumber e) {
            got = "ERR";
        }
        if (!want.equals(got)) failures.add(what + " [" + in + "] want " + want + " got " + got);
    }

    /** The exact value of a C "%La" string such as "-0xc.ccccccccccccccdp-7". */
    static BigDecimal hexFloat(String s) {
        boolean neg = s.startsWith("-");
        if (neg) s = s.substring(1);
        int p = s.indexOf('p');
        String mant = s.substring(2, p);
        int exp = Integer.parseInt(s.substring(p + 1).replace("+", ""));
        int dot = mant.indexOf('.');
        if (dot >= 0) {
            exp -= 4 * (mant.length() - dot - 1);
            mant = mant.substring(0, dot) + mant.substring(dot + 1);
        }
        BigDecimal m = new BigDecimal(new BigInteger(mant, 16));
        // 2^-n = 5^n × 10^-n, exactly
        BigDecimal v = exp >= 0 ? m.multiply(new BigDecimal(BigInteger.TWO.pow(exp)))
                : m.multiply(new BigDecimal(BigInteger.valueOf(5).pow(-exp), -exp));
        return neg ? v.negate() : v;
    }

    // ---------------------------------------------------------------- formatDouble ("%.17g")

    /** From C printf("%.17g"); each is exactly what ZSCORE prints on 7.0.15 and 6.2.7. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0.1|0.10000000000000001", "1.1|1.1000000000000001", "2.2|2.2000000000000002",
        "3.3|3.2999999999999998", "0.3|0.29999999999999999", "-1.1|-1.1000000000000001",
        "1e15|1000000000000000", "1e16|10000000000000000", "1e17|1e+17", "1e20|1e+20",
        "1e21|1e+21", "1e22|1e+22", "1e23|9.9999999999999992e+22", "1e100|1e+100",
        "1e308|1e+308", "123456789012345678|1.2345678901234568e+17",
        "12345678901234567|12345678901234568", "99999999999999999|1e+17",
        "9007199254740993|9007199254740992", "4503599627370497|4503599627370497",
        "1e-4|0.0001", "0.000123|0.00012300000000000001", "1e-5|1.0000000000000001e-05",
        "0.0000123|1.2300000000000001e-05", "1e-100|1e-100", "7e-10|6.9999999999999996e-10",
        "5e-324|4.9406564584124654e-324", "1.7976931348623157e308|1.7976931348623157e+308",
        "2.2250738585072014e-308|2.2250738585072014e-308", "3.0|3", "100000000|100000000",
        "0.5|0.5", "1234.5678|1234.5678", "6.02214076e23|6.0221407599999999e+23",
        "3.141592653589793|3.1415926535897931", "1.0000000000000002|1.0000000000000002",
        "0.99999999999999989|0.99999999999999989", "12345678.9|12345678.9",
        // ties on the exact binary value are broken to even: 2^-25 = 2.98023223876953125e-08
        "2.98023223876953125e-08|2.9802322387695312e-08",
        "8.94069671630859375e-08|8.9406967163085938e-08",
    })
    void formatDoubleMatchesRedis(String in, String expected) {
        double d = Double.parseDouble(in);
        assertEquals(expected, str(RedisNumbers.formatDouble(d, Dialect.REDIS_7_0)));
        assertEquals(expected, str(RedisNumbers.formatDouble(d, Dialect.REDIS_6_2)));
    }

    @Test
    void formatDoubleSpecials() {
        assertEquals("inf", str(RedisNumbers.formatDouble(Double.POSITIVE_INFINITY, Dialect.REDIS_7_0)));
        assertEquals("-inf", str(RedisNumbers.formatDouble(Double.NEGATIVE_INFINITY, Dialect.REDIS_6_2)));
        assertEquals("0", str(RedisNumbers.formatDouble(0.0, Dialect.REDIS_7_0)));
        assertEquals("-0", str(RedisNumbers.formatDouble(-0.0, Dialect.REDIS_7_0)));
        assertEquals("nan", str(RedisNumbers.formatDouble(Double.NaN, Dialect.REDIS_7_0)));
    }

    @Test
    void formatTable() {
        List<String> failures = new ArrayList<>();
        for (String row : RedisNumbersTables.FORMAT) {
            String[] f = fields(row);
            double d = Double.longBitsToDouble(Long.parseUnsignedLong(f[0], 16));
            for (Dialect v : Dialect.supported()) {
                if (v.has(io.redisdouble.dialect.Quirk.SHORTEST_DOUBLES)) continue; // "%.17g" table; 7.2: FpconvTest
                String g = str(RedisNumbers.formatDouble(d, v));
                if (!g.equals(f[1])) failures.add("%.17g " + f[0] + " want " + f[1] + " got " + g);
            }
            String h = str(RedisNumbers.formatDoubleHuman(d));
            if (!h.equals(f[2])) failures.add("human " + f[0] + " want " + f[2] + " got " + h);
            String h2 = str(LongDouble.of(d).formatHuman());
            if (!h2.equals(f[2])) failures.add("ld human " + f[0] + " want " + f[2] + " got " + h2);
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " failures, first ones:\n"
                    + String.join("\n", failures.subList(0, Math.min(30, failures.size()))));
        }
    }

    @Test
    void formatDoubleHumanExamples() {
        // "%.17Lf" trimmed, as GEOPOS prints coordinates to RESP2 clients.
        assertEquals("1.10000000000000009", str(RedisNumbers.formatDoubleHuman(1.1)));
        assertEquals("0", str(RedisNumbers.formatDoubleHuman(-0.0)));
        assertEquals("0", str(RedisNumbers.formatDoubleHuman(-1e-20)));
        assertEquals("-0.00000000000000001", str(RedisNumbers.formatDoubleHuman(-1e-17)));
        assertEquals("100000000000000000000", str(RedisNumbers.formatDoubleHuman(1e20)));
        assertEquals("inf", str(RedisNumbers.formatDoubleHuman(Double.POSITIVE_INFINITY)));
        assertEquals("-inf", str(RedisNumbers.formatDoubleHuman(Double.NEGATIVE_INFINITY)));
    }

    // ---------------------------------------------------------------- INCRBYFLOAT (long double)

    /** SET k value; INCRBYFLOAT k increment → reply (identical on 7.0.15 and 6.2.7). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "10.5|0.1|10.6",
        "10.6|5.0e3|5010.60000000000000009",
        "3.0e3|2.0e2|3200",
        "1.1|2.2|3.3",
        "0.1|0.1|0.2",
        "0.2|0.1|0.3",
        "0|1e-20|0",
        "0|-1e-20|0",
        "-0|-0|0",
        "0|-0|0",
        "5|-10.25|-5.25",
        "5|-0|5",
        "1.5|1e20|100000000000000000000",
        "1|0.00000000000000001|1.00000000000000001",
        "0|0.000000000000000005|0",
        "0|0.000000000000000015|0.00000000000000002",
        "0|0.000003814697265625|0.00000381469726562",
        "0|0.000011444091796875|0.00001144409179688",
        "0|-0.000003814697265625|-0.00000381469726562",
        "9223372036854775807|1|9223372036854775808",
        "0.5|18446744073709551615|18446744073709551616",
        "0|18446744073709551617|18446744073709551616",
        "0|123456789012345678901234567890|123456789012345678899921813504",
        "0|1.23456789012345678|1.23456789012345678",
        "0|0x1p3|8",
        "0|1e-4940|0",
    })
    void incrByFloat(String value, String incr, String expected) throws Exception {
        assertEquals(expected, str(RedisNumbers.incrByFloat(b(value), b(incr))));
    }

    @Test
    void incrByFloatOnMissingKey() throws Exception {
        // INCRBYFLOAT nokey 1.50 → "1.5"
        assertEquals("1.5", str(RedisNumbers.incrByFloat(null, b("1.50"))));
    }

    @Test
    void incrByFloatHugeValues() throws Exception {
        // SET k 1e300; INCRBYFLOAT k 1 → the exact long double, printed in full.
        String want = "10000000000000000000089973240795591938705239442732907479382600823212656465961809"
                + "35755849152083750497190350372508614274835903592556184672983913096260520748646287"
                + "32713564184365329408425510760601678972665293237003055138294762099454029477278188"
                + "9620606179267611627097410650567187386105690089424915104006144";
        assertEquals(want, str(RedisNumbers.incrByFloat(b("1e300"), b("1"))));
    }

    /** "ERR value is not a valid float" on both servers. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0|' 1'", "0|'1 '", "0|''", "0|1e", "0|abc", "0|nan", "0|1e5000", "0|1e-5000",
        "abc|1", "' 1'|1", "0|0x1p16474",
    })
    void incrByFloatNotAFloat(String value, String incr) {
        assertThrows(NotANumber.class, () -> RedisNumbers.incrByFloat(b(value), b(incr)));
    }

    /** "ERR increment would produce NaN or Infinity" on both servers. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0|inf", "0|-inf", "inf|-inf", "0|0x1p16473",
        "1.18973149535723176502e4932|1.18973149535723176502e4932",
        "-1.18973149535723176502e4932|-1.18973149535723176502e4932",
    })
    void incrByFloatNotFinite(String value, String incr) {
        assertThrows(NotFinite.class, () -> RedisNumbers.incrByFloat(b(value), b(incr)));
    }

    @Test
    void longDoubleLengthLimit() throws NotANumber {
        // string2ld refuses 5120 bytes and more: INCRBYFLOAT k 1.<5118 zeros> fails, 5117 zeros works.
        assertThrows(NotANumber.class, () -> LongDouble.parse(b("1." + "0".repeat(5118))));
        assertEquals("1", LongDouble.parse(b("1." + "0".repeat(5117))).toString());
    }

    @Test
    void incrByFloatTable() {
        List<String> failures = new ArrayList<>();
        for (String row : RedisNumbersTables.INCRBYFLOAT) {
            String[] f = fields(row);
            String got;
            try {
                got = str(RedisNumbers.incrByFloat(b(f[0]), b(f[1])));
            } catch (NotANumber e) {
                got = "ERR value is not a valid float";
            } catch (NotFinite e) {
                got = "ERR increment would produce NaN or Infinity";
            }
            if (!got.equals(f[2])) {
                failures.add("[" + f[0] + "] + [" + f[1] + "] want " + f[2] + " got " + got);
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " failures, first ones:\n"
                    + String.join("\n", failures.subList(0, Math.min(30, failures.size()))));
        }
    }

    @Test
    void longDoubleParts() throws NotANumber {
        // HINCRBYFLOAT building blocks.
        LongDouble inf = LongDouble.parse(b("inf"));
        assertFalse(inf.isFinite());
        assertFalse(inf.isNaN());
        assertTrue(inf.add(LongDouble.parse(b("-inf"))).isNaN());
        assertEquals("10.6", LongDouble.parse(b("10.5")).add(LongDouble.parse(b("0.1"))).toString());
        assertEquals("-9223372036854775808", LongDouble.of(Long.MIN_VALUE).toString());
        assertEquals("0", LongDouble.of(-0.0).toString());
        assertTrue(LongDouble.of(-0.0).isNegative());
        assertArrayEquals(b("-inf"), LongDouble.of(Double.NEGATIVE_INFINITY).formatHuman());
        // 1 + 2^-64 is a tie between 1 and 1 + 2^-63: to even, 1.
        LongDouble one = LongDouble.of(1L);
        LongDouble tiny = LongDouble.parse(b("0x1p-64"));
        assertEquals(BigDecimal.ONE, one.add(tiny).toBigDecimal().stripTrailingZeros());
        LongDouble three = LongDouble.parse(b("0x1.8p-64")); // above the tie: rounds up
        assertEquals(hexFloat("0x8.000000000000001p-3"), one.add(three).toBigDecimal());
    }
}
