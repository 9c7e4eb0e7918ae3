package io.redisdouble.util;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.dialect.Quirk;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Every number a user sends is parsed here, and every number Redis prints is formatted here, with
 * Redis's own rules (util.c string2ll / string2d / string2ld / ld2string, object.c
 * getDoubleFromObject, t_zset.c zslParseRange, "%.17g" for doubles before 7.2). Java's parsers
 * accept what Redis rejects and the other way round.
 *
 * <p>Parsing failures throw {@link NotANumber}, a shared stackless exception: callers turn it into
 * the error text of the command at hand.
 *
 * <p>C semantics emulated here: x86-64, "C" locale, and the libc of the reference servers (the
 * statically linked Redis 6.2.7 / 7.0.15 binaries used by the differential tests are built with
 * musl). musl and glibc agree on everything below except one corner, noted where it applies: a hex
 * float that overflows only mildly is ±inf without ERANGE on musl.
 *
 * <ul>
 *   <li>strtod / strtold syntax: optional sign; decimal digits with an optional '.', at least one
 *       digit, optional exponent {@code e[+-]digits} (an 'e' without digits is not consumed); hex
 *       {@code 0x} digits with optional '.', optional binary exponent {@code p[+-]digits}
 *       ("0x" without hex digits parses as "0" and stops before the 'x'); "inf" / "infinity"
 *       and "nan" / "nan(chars)", case-insensitive. Conversion is correctly rounded, ties to even.
 *   <li>double: IEEE binary64. long double: x87 80-bit extended (64-bit significand, exponent
 *       range of normal numbers 2^-16382 .. 2^16383, subnormals down to 2^-16445), which Redis
 *       uses for INCRBYFLOAT and HINCRBYFLOAT. Java has none; {@link LongDouble} emulates it
 *       exactly with BigInteger arithmetic.
 *   <li>printf "%.17g" / "%.17Lf" print the exact binary value rounded half-to-even.
 * </ul>
 */
public final class RedisNumbers {
    private RedisNumbers() {}

    /** Thrown when a string is not a number under the rule asked for. Stackless and shared. */
    public static final class NotANumber extends Exception {
        public static final NotANumber INSTANCE = new NotANumber();

        private NotANumber() {
            super("not a number", null, false, false);
        }
    }

    /**
     * Thrown by {@link #incrByFloat} when the sum is NaN or infinite (Redis: "ERR increment would
     * produce NaN or Infinity"). Stackless and shared.
     */
    public static final class NotFinite extends Exception {
        public static final NotFinite INSTANCE = new NotFinite();

        private NotFinite() {
            super("increment would produce NaN or Infinity", null, false, false);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Integers
    // ------------------------------------------------------------------------------------------

    /**
     * Mirrors util.c string2ll (used by getLongLongFromObject: INCRBY, EXPIRE, LRANGE indexes ...):
     * optional '-', no '+', no leading zeros ("0" alone is fine, "-0" and "00" are not), no
     * spaces, at most 20 bytes, must fit in a signed 64-bit long (Long.MIN_VALUE included).
     */
    public static long parseLong(byte[] s) throws NotANumber {
        int len = s.length;
        if (len == 0 || len > 20) throw NotANumber.INSTANCE;
        if (len == 1 && s[0] == '0') return 0;
        int p = 0;
        boolean negative = false;
        if (s[0] == '-') {
            negative = true;
            p++;
            if (p == len) throw NotANumber.INSTANCE;
        }
        if (s[p] < '1' || s[p] > '9') throw NotANumber.INSTANCE;
        long v = 0; // accumulate negatively to reach Long.MIN_VALUE
        for (; p < len; p++) {
            int d = s[p] - '0';
            if (d < 0 || d > 9) throw NotANumber.INSTANCE;
            if (v < (Long.MIN_VALUE + d) / 10) throw NotANumber.INSTANCE;
            long nv = v * 10 - d;
            if (nv > v) throw NotANumber.INSTANCE;
            v = nv;
        }
        if (negative) return v;
        if (v == Long.MIN_VALUE) throw NotANumber.INSTANCE;
        return -v;
    }

    /** Decimal form of a long, as Redis's ll2string. */
    public static byte[] formatLong(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }

    // ------------------------------------------------------------------------------------------
    // Doubles: parsing
    // ------------------------------------------------------------------------------------------

    /**
     * Mirrors util.c string2d / object.c getDoubleFromObject (ZADD and ZINCRBY scores, and every
     * other "ERR value is not a valid float" double argument). strtod syntax (so "inf", "-Infinity",
     * "1e5", ".5", "5.", "+1.5" and hex floats such as "0x1p3" are accepted), but the whole string
     * must be consumed, it must not be empty or start with whitespace, the result must not be NaN,
     * and it must not overflow (strtod ERANGE with ±HUGE_VAL: "1e400") nor underflow to zero
     * (ERANGE with a zero result: "1e-400", "2e-324"). Underflow to a subnormal ("5e-324") is
     * accepted, and so is an exact zero with a huge negative exponent ("0e-400"). There is no
     * length limit. A NUL byte is simply a character that is not part of a number. musl corner:
     * "0x1p1100" is accepted as +inf (no ERANGE), "0x1p1200" is refused (see {@code scan}).
     */
    public static double parseDoubleStrict(byte[] s) throws NotANumber {
        double fast = plainDecimal(s);
        if (!Double.isNaN(fast)) return fast;
        int len = s.length;
        if (len == 0 || isCSpace(s[0])) throw NotANumber.INSTANCE;
        Scan sc = scan(s, 0, len, BinFormat.DOUBLE);
        if (sc == null || sc.end != len || sc.kind == Scan.NAN || sc.kind == Scan.OVERFLOW
                || sc.kind == Scan.UNDERFLOW) {
            throw NotANumber.INSTANCE;
        }
        return sc.toDouble();
    }

    /**
     * Fast path of {@link #parseDoubleStrict} for the common shape {@code [+-]digits[.digits][e[+-]digits]}
     * (at most 32 bytes): strtod and Java's parser both round correctly (to nearest, ties to even), so
     * they agree on every such string whose value is a normal double, or zero written with zero digits
     * only. Returns NaN for anything else (another shape, overflow, underflow, subnormals), which the
     * exact path then decides.
     */
    private static double plainDecimal(byte[] s) {
        int len = s.length;
        if (len == 0 || len > 32) return Double.NaN;
        int i = s[0] == '+' || s[0] == '-' ? 1 : 0;
        boolean anyDigit = false, nonZero = false;
        for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
            anyDigit = true;
            nonZero |= s[i] != '0';
        }
        if (i < len && s[i] == '.') {
            for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
                anyDigit = true;
                nonZero |= s[i] != '0';
            }
        }
        if (!anyDigit) return Double.NaN;
        if (i < len && (s[i] == 'e' || s[i] == 'E')) {
            i++;
            if (i < len && (s[i] == '+' || s[i] == '-')) i++;
            int expStart = i;
            while (i < len && s[i] >= '0' && s[i] <= '9') i++;
            if (i == expStart) return Double.NaN;
        }
        if (i != len) return Double.NaN;
        double d = DecimalToDouble.parse(s, 0, len);
        if (Double.isNaN(d)) d = Double.parseDouble(new String(s, 0, len, StandardCharsets.ISO_8859_1));
        if (d == 0) return nonZero ? Double.NaN : d;
        if (Double.isInfinite(d) || Math.abs(d) < Double.MIN_NORMAL) return Double.NaN;
        return d;
    }

    /**
     * Mirrors the strtod part of t_zset.c zslParseRange (ZRANGEBYSCORE, ZCOUNT, ZREMRANGEBYSCORE,
     * ZRANGE ... BYSCORE bounds): parses {@code s} from index {@code from} (the caller skips a
     * leading '(' and passes 1) with plain strtod and only checks that parsing stopped at the end of
     * the C string and that the value is not NaN. Consequences, all verified on Redis 6.2.7 and
     * 7.0.15: leading whitespace is skipped (" 1" is 1); an empty remainder is 0 ("" is 0 and "(" is
     * exclusive 0), because strtod converts nothing and leaves the end pointer at the NUL;
     * overflow gives ±infinity ("1e400") and underflow gives ±0 ("1e-400"); a NUL byte ends the
     * string ("1\0abc" is 1). Throws for trailing junk (also trailing spaces), "nan", "-", ".".
     */
    public static double parseRangeDouble(byte[] s, int from) throws NotANumber {
        return parseRangeDouble(s, from, false);
    }

    /**
     * {@link #parseRangeDouble(byte[], int)}, or with {@code fastFloat} as Redis 8.0's zslParseRange, which
     * reads the bound with fast_float_strtod instead of strtod: the same syntax ("+1", ".5", "inf",
     * "Infinity", "1e400" as infinity, "" as 0) except that nothing is skipped before the number (" 1" is
     * refused) and there are no hex floats ("0x10" stops after its "0": refused). Verified on 8.0.2.
     */
    public static double parseRangeDouble(byte[] s, int from, boolean fastFloat) throws NotANumber {
        if (fastFloat && from < s.length && s[from] != 0) {
            if (isCSpace(s[from])) throw NotANumber.INSTANCE;
            int q = s[from] == '+' || s[from] == '-' ? from + 1 : from;
            if (q + 1 < s.length && s[q] == '0' && (s[q + 1] == 'x' || s[q + 1] == 'X')) throw NotANumber.INSTANCE;
        }
        int end = from;
        while (end < s.length && s[end] != 0) end++; // the C string stops at the first NUL
        int p = from;
        while (p < end && isCSpace(s[p])) p++;
        if (p == end) {
            // strtod converted nothing: the end pointer is the start, fine only if that is the NUL.
            if (from == end) return 0.0;
            throw NotANumber.INSTANCE;
        }
        Scan sc = scan(s, p, end, BinFormat.DOUBLE);
        if (sc == null) {
            // Nothing converted: end pointer = start of the string (before any whitespace).
            throw NotANumber.INSTANCE; // from < end here, so that byte is not NUL
        }
        if (sc.end != end || sc.kind == Scan.NAN) throw NotANumber.INSTANCE;
        return sc.toDouble();
    }

    /**
     * A SORT weight as sort.c reads it: strtod over the C string (leading whitespace skipped, a NUL ends
     * it, "" is 0), refused ({@link NotANumber}) for trailing junk, NaN, and ERANGE: overflow ("1e400"),
     * underflow to zero ("1e-400") and a subnormal result that had to be rounded ("5e-324"; an exact
     * one such as "0x1p-1074" is fine), as musl and glibc both set it. SORT reports those as "One or
     * more scores can't be converted into double".
     */
    public static double parseSortScore(byte[] s) throws NotANumber {
        int end = 0;
        while (end < s.length && s[end] != 0) end++;
        int p = 0;
        while (p < end && isCSpace(s[p])) p++;
        if (p == end) {
            if (end == 0) return 0.0; // nothing converted, the end pointer is at the NUL
            throw NotANumber.INSTANCE;
        }
        Scan sc = scan(s, p, end, BinFormat.DOUBLE);
        if (sc == null || sc.end != end || sc.kind == Scan.NAN || sc.kind == Scan.OVERFLOW
                || sc.kind == Scan.UNDERFLOW) {
            throw NotANumber.INSTANCE;
        }
        double v = sc.toDouble();
        if (sc.inexact && v != 0 && Math.abs(v) < Double.MIN_NORMAL) throw NotANumber.INSTANCE;
        return v;
    }

    // ------------------------------------------------------------------------------------------
    // Doubles: formatting
    // ------------------------------------------------------------------------------------------

    private static final byte[] INF = {'i', 'n', 'f'};
    private static final byte[] NEG_INF = {'-', 'i', 'n', 'f'};
    private static final byte[] NAN_BYTES = {'n', 'a', 'n'};
    private static final MathContext SEVENTEEN = new MathContext(17, RoundingMode.HALF_EVEN);

    /**
     * A double as the emulated version prints it in replies: networking.c addReplyDouble
     * (ZSCORE, ZINCRBY, ZRANGE WITHSCORES, ZMSCORE, ...), which before 7.2 is C's "%.17g":
     * 17 significant digits of the exact binary value rounded half-to-even; fixed notation when
     * the decimal exponent X of the rounded value satisfies -4 <= X < 17, otherwise
     * d.ddde+XX with at least two exponent digits; trailing zeros of the fraction (and a
     * bare '.') removed. Infinities are "inf" / "-inf" (Redis special-cases them), -0.0 is "-0",
     * NaN is "nan" (Redis never replies with a NaN score). Examples: 1.1 → "1.1000000000000001",
     * 1e16 → "10000000000000000", 1e17 → "1e+17", 1e-5 → "1.0000000000000001e-05",
     * 5e-324 → "4.9406564584124654e-324".
     *
     * <p>6.2.7 and 7.0.15 print identically (checked: every value in the test tables, -0 included).
     * With {@link Quirk#SHORTEST_DOUBLES} (7.2) it is util.c d2string instead: "nan", "inf", "-inf",
     * "0", "-0"; an integral value within ±2^62 (double2ll) as an integer ("100000000000000000");
     * anything else as fpconv_dtoa prints it ({@link Fpconv}: "0.1", "1e-20", "5e-324", "1e+301").
     */
    public static byte[] formatDouble(double d, Dialect dialect) {
        return ascii(dialect.has(Quirk.SHORTEST_DOUBLES) ? d2string(d) : formatG17(d));
    }

    /**
     * util.c d2string, the text a listpack / ziplist keeps for a score that is not stored as an integer
     * (and what ZSCAN of a compact set shows): "nan", "inf", "-inf", "-0" / "0", an integral value within
     * ±2^62 as an integer, otherwise "%.17g", or with {@link Quirk#SHORTEST_DOUBLES} (7.2) fpconv_dtoa.
     */
    public static String d2string(double d, Dialect dialect) {
        if (dialect.has(Quirk.SHORTEST_DOUBLES)) return d2string(d);
        if (d == 0 || Double.isNaN(d) || Double.isInfinite(d)) return d2string(d);
        if (d >= -4611686018427387904.0 && d <= 4611686018427387904.0 && d == Math.rint(d)) {
            return Long.toString((long) d);
        }
        return formatG17(d);
    }

    /** util.c d2string of Redis 7.2: see {@link #formatDouble}. */
    static String d2string(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return (Double.doubleToRawLongBits(d) < 0) ? "-0" : "0";
        return integerOrShortest(d);
    }

    /**
     * Redis 7.2's text of a double where no zero is special-cased (script_lua.c luaArgsToRedisArgv: a
     * Lua number passed to redis.call): util.c double2ll, i.e. an integral value within ±2^62
     * ((double)(LLONG_MAX / 2)) as an integer (so -0 is "0"), else fpconv_dtoa ({@link Fpconv}).
     */
    public static String integerOrShortest(double d) {
        if (d >= -4611686018427387904.0 && d <= 4611686018427387904.0 && d == Math.rint(d)) {
            return Long.toString((long) d);
        }
        return Fpconv.dtoa(d);
    }


    private static final long[] LONG_POW10 = new long[19];

    static {
        LONG_POW10[0] = 1;
        for (int i = 1; i < LONG_POW10.length; i++) LONG_POW10[i] = LONG_POW10[i - 1] * 10;
    }

    /**
     * The 17 significant digits of a positive, non-integer double, exactly rounded half-even, without
     * BigDecimal, for the common case (|d| = m / 2^k with k &lt; 64, and 10^-2 &lt;= d &lt; 2^53): m * 10^p
     * fits in 128 bits and the shift by k is exact. Returns digits &lt;&lt; 5 | (exponent + 16), or -1
     * when the value is outside that range (the caller then uses BigDecimal). The exponent is between
     * -2 and 16 there, so it takes 5 bits.
     */
    static long g17Fast(double ad) {
        if (!(ad >= 0.01)) return -1;
        long bits = Double.doubleToRawLongBits(ad);
        int exp = (int) ((bits >>> 52) & 0x7ff);
        long m = (bits & ((1L << 52) - 1)) | (1L << 52);
        int k = 1075 - exp;
        int tz = Long.numberOfTrailingZeros(m);
        m >>>= tz;
        k -= tz;
        if (k <= 0 || k >= 63) return -1;
        int e10 = (int) Math.floor(Math.log10(ad));
        for (int attempt = 0; attempt < 3; attempt++) {
            int p = 16 - e10;
            if (p < 0 || p >= LONG_POW10.length) return -1;
            long pow = LONG_POW10[p];
            long hi = Math.multiplyHigh(m, pow);
            long lo = m * pow;
            if ((hi >>> (k - 1)) != 0) { // the quotient would not fit: the exponent guess is too low
                e10++;
                continue;
            }
            long q = (lo >>> k) | (hi << (64 - k));
            long rem = lo & ((1L << k) - 1);
            long half = 1L << (k - 1);
            if (q >= 100_000_000_000_000_000L) {
                e10++;
                continue;
            }
            if (q < 10_000_000_000_000_000L) {
                e10--;
                continue;
            }
            if (rem > half || (rem == half && (q & 1) == 1)) q++;
            int x = e10;
            if (q == 100_000_000_000_000_000L) { // rounding carried into a new digit
                q = 10_000_000_000_000_000L;
                x++;
            }
            return (q << 5) | (x + 16);
        }
        return -1;
    }

    /** {@link #formatDouble} as a String (for error messages, INFO-like text, tests). */
    public static String formatG17(double d) {
        if (Double.isNaN(d)) return Double.doubleToRawLongBits(d) < 0 ? "-nan" : "nan"; // printf shows the sign bit
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return (Double.doubleToRawLongBits(d) < 0) ? "-0" : "0";
        // Integers below 2^53 have at most 16 digits: "%.17g" prints them exactly, fixed notation.
        if (Math.abs(d) < 9007199254740992.0 && d == Math.rint(d)) return Long.toString((long) d);

        String digits;
        int x; // decimal exponent of the leading digit
        long fast = g17Fast(Math.abs(d));
        if (fast >= 0) {
            digits = Long.toString(fast >>> 5);
            x = (int) (fast & 31) - 16;
        } else {
            BigDecimal r = new BigDecimal(d).round(SEVENTEEN); // exact value, rounded half-even
            digits = r.unscaledValue().abs().toString();
            x = digits.length() - 1 - r.scale();
        }
        // %g drops trailing zeros (no '#' flag).
        int n = digits.length();
        while (n > 1 && digits.charAt(n - 1) == '0') n--;
        digits = digits.substring(0, n);

        StringBuilder sb = new StringBuilder(26);
        if (d < 0) sb.append('-');
        if (x < -4 || x >= 17) {
            sb.append(digits.charAt(0));
            if (n > 1) sb.append('.').append(digits, 1, n);
            sb.append('e').append(x < 0 ? '-' : '+');
            int ax = Math.abs(x);
            if (ax < 10) sb.append('0');
            sb.append(ax);
        } else if (x >= 0) {
            if (n <= x + 1) {
                sb.append(digits);
                for (int i = n; i <= x; i++) sb.append('0');
            } else {
                sb.append(digits, 0, x + 1).append('.').append(digits, x + 1, n);
            }
        } else {
            sb.append("0.");
            for (int i = -1; i > x; i--) sb.append('0');
            sb.append(digits);
        }
        return sb.toString();
    }

    /**
     * A double printed as util.c ld2string(LD_STR_HUMAN) prints it after promotion to long double:
     * what networking.c addReplyHumanLongDouble sends to RESP2 clients (GEOPOS and GEOSEARCH
     * WITHCOORD coordinates). Same rules as {@link LongDouble#formatHuman()}: "%.17Lf", trailing
     * zeros and a trailing '.' removed, "-0" turned into "0", "inf" / "-inf".
     */
    public static byte[] formatDoubleHuman(double d) {
        if (Double.isNaN(d)) return NAN_BYTES.clone();
        if (Double.isInfinite(d)) return d > 0 ? INF.clone() : NEG_INF.clone();
        byte[] fast = humanFixed17Fast(d);
        if (fast != null) return fast;
        return ascii(humanFixed17(new BigDecimal(d), d < 0));
    }

    private static final long TEN_POW_17 = 100_000_000_000_000_000L;

    /**
     * {@link #formatDoubleHuman} without BigDecimal for the common case (geo coordinates): |d| = m / 2^k
     * with a 53-bit m and 0 &lt; k &lt;= 127, so |d| * 10^17 = m * 10^17 / 2^k is a 128-bit product
     * shifted right (an unsigned 64-bit quotient: |d| below 184.4), rounded half to even on its exact
     * remainder. Null for other values.
     */
    static byte[] humanFixed17Fast(double d) {
        long bits = Double.doubleToRawLongBits(d);
        int exp = (int) ((bits >>> 52) & 0x7ff);
        if (exp == 0) return null; // zero and subnormals: the slow path
        long m = (bits & 0xfffffffffffffL) | (1L << 52);
        int k = 1075 - exp; // |d| = m / 2^k
        if (k <= 0 || k > 127) return null;
        long lo = m * TEN_POW_17;
        long hi = Math.multiplyHigh(m, TEN_POW_17); // m, 10^17 < 2^63: the product is non-negative
        long q; // floor(product / 2^k), and whether the remainder is <, =, > half
        int cmp;
        if (k < 64) {
            if ((hi >>> k) != 0) return null; // the quotient would not fit in 64 bits (unsigned)
            q = (hi << (64 - k)) | (lo >>> k);
            long rem = lo & ((1L << k) - 1);
            long half = 1L << (k - 1);
            cmp = Long.compareUnsigned(rem, half);
        } else if (k == 64) {
            q = hi;
            cmp = Long.compareUnsigned(lo, 1L << 63);
        } else {
            int sh = k - 64;
            q = hi >>> sh;
            long remHi = hi & ((1L << sh) - 1);
            long halfHi = 1L << (sh - 1);
            cmp = remHi != halfHi ? Long.compare(remHi, halfHi) : (lo != 0 ? 1 : 0);
        }
        if (cmp > 0 || (cmp == 0 && (q & 1) != 0)) {
            if (q == -1L) return null;
            q++;
        }
        long intPart = Long.divideUnsigned(q, TEN_POW_17), frac = Long.remainderUnsigned(q, TEN_POW_17);
        if (intPart == 0 && frac == 0) return new byte[] {'0'}; // "-0" becomes "0"
        StringBuilder sb = new StringBuilder(40);
        if (d < 0) sb.append('-');
        sb.append(intPart);
        if (frac != 0) {
            String f = Long.toString(frac);
            sb.append('.');
            for (int i = f.length(); i < 17; i++) sb.append('0');
            int end = f.length();
            while (f.charAt(end - 1) == '0') end--;
            sb.append(f, 0, end);
        }
        return ascii(sb.toString());
    }

    /**
     * C's {@code printf("%.<digits>f", d)} (glibc and musl print the exact binary value, rounded half
     * to even): the longitude and latitude in geo.c's "invalid longitude,latitude pair %f,%f", and
     * 6.2's "%.4f" geo distances. A negative value (or -0.0) keeps its '-' even when it rounds to
     * zero; infinities print as "inf" / "-inf".
     */
    public static String printfFixed(double d, int digits) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        String s = new BigDecimal(Math.abs(d)).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
        return (Double.doubleToRawLongBits(d) < 0 ? "-" : "") + s;
    }

    /**
     * util.c fixedpoint_d2string (7.0+ geo distances with 4 digits): {@code llrint(d * 10^digits)}
     * (the product rounded as a double, then to the nearest integer, ties to even) written with
     * {@code digits} decimals; 0 prints as "0.0000", and a value that rounds to 0 has no sign.
     */
    public static byte[] fixedpointD2string(double d, int digits) {
        StringBuilder sb = new StringBuilder(24);
        if (d == 0) {
            sb.append("0.");
            for (int i = 0; i < digits; i++) sb.append('0');
            return ascii(sb.toString());
        }
        double scaled = d * POWERS_OF_TEN[digits];
        long v = Double.isNaN(scaled) || Math.abs(scaled) >= 9.223372036854775807E18 ? Long.MIN_VALUE : (long) Math.rint(scaled);
        String mag = v == Long.MIN_VALUE ? "9223372036854775808" : Long.toString(Math.abs(v));
        if (v < 0) sb.append('-');
        int intDigits = mag.length() - digits;
        if (intDigits < 1) {
            sb.append('0');
        } else {
            sb.append(mag, 0, intDigits);
        }
        sb.append('.');
        for (int i = intDigits; i < 0; i++) sb.append('0');
        sb.append(mag, Math.max(intDigits, 0), mag.length());
        return ascii(sb.toString());
    }

    private static final double[] POWERS_OF_TEN = {1.0, 10.0, 100.0, 1000.0, 10000.0, 100000.0, 1000000.0,
        10000000.0, 100000000.0, 1000000000.0, 10000000000.0, 100000000000.0, 1000000000000.0,
        10000000000000.0, 100000000000000.0, 1000000000000000.0, 10000000000000000.0, 100000000000000000.0};

    // ------------------------------------------------------------------------------------------
    // long double (INCRBYFLOAT, HINCRBYFLOAT)
    // ------------------------------------------------------------------------------------------

    /**
     * Mirrors t_string.c incrbyfloatCommand (6.2 and 7.0 alike): the current value (null = missing
     * key = 0) and the increment are each parsed with string2ld ({@link LongDouble#parse}), added
     * in x87 long double, and the sum is printed with ld2string(LD_STR_HUMAN)
     * ({@link LongDouble#formatHuman()}); those bytes are both the reply and the new value.
     *
     * @throws NotANumber either string is not a valid long double: "ERR value is not a valid
     *     float" (current value first, as Redis checks it first; the text is the same)
     * @throws NotFinite the sum is NaN or infinite, e.g. an increment of "inf" (string2ld accepts
     *     it) or an overflow: "ERR increment would produce NaN or Infinity"
     */
    public static byte[] incrByFloat(byte[] current, byte[] increment) throws NotANumber, NotFinite {
        LongDouble value = current == null ? LongDouble.ZERO : LongDouble.parse(current);
        LongDouble incr = LongDouble.parse(increment);
        LongDouble sum = value.add(incr);
        if (!sum.isFinite()) throw NotFinite.INSTANCE;
        return sum.formatHuman();
    }

    /**
     * An x87 80-bit extended-precision value ("long double" of gcc on x86-64), immutable. Finite
     * values are {@code ±mant × 2^exp} with {@code mant < 2^64} rounded exactly as the FPU does
     * (round to nearest, ties to even, 64-bit precision, gradual underflow).
     *
     * <p>For HINCRBYFLOAT (t_hash.c hincrbyfloatCommand) callers combine the parts in Redis's
     * order: parse the increment ({@link #parse}; failure: "ERR value is not a valid float"); on
     * 7.0 only, a non-finite increment is refused with "ERR value is NaN or Infinity" before the
     * key is looked up (6.2.7 has no such check: it goes on, creates the hash if it was missing —
     * leaving an empty hash key behind — and fails with "ERR increment would produce NaN or
     * Infinity"); parse the stored field with {@link #parse} (failure: "ERR hash value is not a
     * float"); {@link #add}; non-finite sum: "ERR increment would produce NaN or Infinity";
     * store and reply {@link #formatHuman()}.
     */
    public static final class LongDouble {
        private static final int FINITE = 0, INFINITE = 1, NAN = 2;

        public static final LongDouble ZERO = new LongDouble(FINITE, false, BigInteger.ZERO, 0);

        private final int kind;
        private final boolean negative;
        private final BigInteger mant; // finite only: 0 <= mant < 2^64
        private final int exp;

        private LongDouble(int kind, boolean negative, BigInteger mant, int exp) {
            this.kind = kind;
            this.negative = negative;
            this.mant = mant;
            this.exp = exp;
        }

        /**
         * Mirrors util.c string2ld (object.c getLongDoubleFromObject): length 1..5119 bytes
         * (MAX_LONG_DOUBLE_CHARS is 5*1024, so 5120 bytes are refused even if numeric), no
         * leading whitespace, strtold must consume every byte, NaN refused, overflow (ERANGE with
         * ±HUGE_VAL: "1e5000") and underflow to zero ("1e-5000") refused, subnormals
         * ("1e-4940") accepted. "inf" / "-infinity" ARE accepted (the callers then fail on the
         * non-finite sum). Hex floats accepted; musl corner: "0x1p16473" is +inf (accepted, so
         * INCRBYFLOAT answers "increment would produce NaN or Infinity"), "0x1p16474" is refused.
         */
        public static LongDouble parse(byte[] s) throws NotANumber {
            int len = s.length;
            if (len == 0 || len >= 5 * 1024 || isCSpace(s[0])) throw NotANumber.INSTANCE;
            Scan sc = scan(s, 0, len, BinFormat.X87);
            if (sc == null || sc.end != len || sc.kind == Scan.NAN || sc.kind == Scan.OVERFLOW
                    || sc.kind == Scan.UNDERFLOW) {
                throw NotANumber.INSTANCE;
            }
            if (sc.kind == Scan.INF) return new LongDouble(INFINITE, sc.negative, null, 0);
            return new LongDouble(FINITE, sc.negative, sc.mant, sc.exp);
        }

        /** {@code (long double) v}, as Redis converts an integer-encoded value: exact. */
        public static LongDouble of(long v) {
            if (v == 0) return ZERO;
            BigInteger m = BigInteger.valueOf(v).abs();
            return new LongDouble(FINITE, v < 0, m, 0);
        }

        /** {@code (long double) d}: exact. */
        public static LongDouble of(double d) {
            if (Double.isNaN(d)) return new LongDouble(NAN, false, null, 0);
            boolean neg = Double.doubleToRawLongBits(d) < 0;
            if (Double.isInfinite(d)) return new LongDouble(INFINITE, neg, null, 0);
            if (d == 0) return new LongDouble(FINITE, neg, BigInteger.ZERO, 0);
            long bits = Double.doubleToRawLongBits(d);
            int e = (int) ((bits >>> 52) & 0x7ff);
            long m = bits & 0xfffffffffffffL;
            if (e == 0) e = 1; else m |= 1L << 52;
            return new LongDouble(FINITE, neg, BigInteger.valueOf(m), e - 1075);
        }

        public boolean isFinite() {
            return kind == FINITE;
        }

        public boolean isNaN() {
            return kind == NAN;
        }

        /** True for negative values, -0 and -inf. */
        public boolean isNegative() {
            return negative;
        }

        /**
         * The exact value (a zero of either sign is {@link BigDecimal#ZERO}).
         *
         * @throws ArithmeticException if the value is infinite or NaN
         */
        public BigDecimal toBigDecimal() {
            if (kind != FINITE) throw new ArithmeticException("not finite: " + this);
            if (mant.signum() == 0) return BigDecimal.ZERO;
            BigDecimal v = exactDecimal(mant, exp);
            return negative ? v.negate() : v;
        }

        /** The sum rounded as the x87 FPU rounds it; may be infinite (overflow) or NaN (inf-inf). */
        public LongDouble add(LongDouble o) {
            if (kind == NAN || o.kind == NAN) return new LongDouble(NAN, false, null, 0);
            if (kind == INFINITE || o.kind == INFINITE) {
                if (kind == INFINITE && o.kind == INFINITE && negative != o.negative) {
                    return new LongDouble(NAN, true, null, 0);
                }
                return kind == INFINITE ? this : o;
            }
            if (mant.signum() == 0 && o.mant.signum() == 0) {
                // IEEE: -0 + -0 = -0, any other zero sum is +0 in round-to-nearest.
                return new LongDouble(FINITE, negative && o.negative, BigInteger.ZERO, 0);
            }
            if (mant.signum() == 0) return o;
            if (o.mant.signum() == 0) return this;
            int e = Math.min(exp, o.exp);
            BigInteger a = mant.shiftLeft(exp - e);
            BigInteger b = o.mant.shiftLeft(o.exp - e);
            if (negative) a = a.negate();
            if (o.negative) b = b.negate();
            BigInteger sum = a.add(b);
            if (sum.signum() == 0) return ZERO; // x + (-x) = +0
            Rounded r = roundBinary(sum.abs(), BigInteger.ONE, e, BinFormat.X87);
            if (r == Rounded.OVERFLOW) return new LongDouble(INFINITE, sum.signum() < 0, null, 0);
            // The exact sum of two x87 values never rounds to zero (they share one grid).
            return new LongDouble(FINITE, sum.signum() < 0, r.mant, r.exp);
        }

        /**
         * Mirrors util.c ld2string(LD_STR_HUMAN): printf "%.17Lf" of the exact value (rounded
         * half-to-even at the 17th decimal), then trailing zeros after the '.' and a trailing '.'
         * removed, and "-0" replaced by "0" (so -0.0 and tiny negatives print "0"). Infinities
         * print "inf" / "-inf", NaN prints "nan". Examples (verified with real INCRBYFLOAT):
         * 10.6, 5010.60000000000000009, 3200, 0.00000381469726562 (2^-18: a tie, to even).
         */
        public byte[] formatHuman() {
            if (kind == NAN) return NAN_BYTES.clone();
            if (kind == INFINITE) return negative ? NEG_INF.clone() : INF.clone();
            // Below 2^-61 (< 5e-18) "%.17Lf" prints (-)0.00000000000000000, trimmed to "0".
            if (mant.signum() == 0 || mant.bitLength() + exp < -60) return new byte[] {'0'};
            return ascii(humanFixed17(exactDecimal(mant, exp), negative));
        }

        @Override
        public String toString() {
            return new String(formatHuman(), StandardCharsets.US_ASCII);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Internals: strtod scanning and exact binary rounding
    // ------------------------------------------------------------------------------------------

    /** A binary floating-point format: significand bits, smallest normal and largest exponent. */
    private enum BinFormat {
        DOUBLE(53, -1022, 1023, 800),
        X87(64, -16382, 16383, Integer.MAX_VALUE);

        final int precision;
        final int emin;
        final int emax;
        /** Decimal digits kept before the rest is folded into a sticky digit (strtod has no limit). */
        final int maxDecimalDigits;

        BinFormat(int precision, int emin, int emax, int maxDecimalDigits) {
            this.precision = precision;
            this.emin = emin;
            this.emax = emax;
            this.maxDecimalDigits = maxDecimalDigits;
        }
    }

    /** A rounded finite nonzero value mant × 2^exp, or the OVERFLOW / UNDERFLOW markers. */
    private static final class Rounded {
        static final Rounded OVERFLOW = new Rounded(null, 0);
        static final Rounded UNDERFLOW = new Rounded(null, 0);
        final BigInteger mant;
        final int exp;

        /** True if rounding dropped nonzero bits (strtod's ERANGE for a subnormal result needs it). */
        boolean inexact;

        Rounded(BigInteger mant, int exp) {
            this.mant = mant;
            this.exp = exp;
        }
    }

    /** What strtod / strtold made of a prefix of the input. */
    private static final class Scan {
        static final int FINITE = 0, INF = 1, NAN = 2, OVERFLOW = 3, UNDERFLOW = 4;
        int kind;
        boolean negative;
        int end; // index just past the converted text
        boolean inexact; // FINITE: the value was rounded
        BigInteger mant = BigInteger.ZERO; // FINITE: rounded significand (0 for zero)
        int exp;
        double fast = Double.NaN; // DOUBLE fast path result (magnitude), when set

        double toDouble() {
            double v;
            switch (kind) {
                case INF:
                case OVERFLOW:
                    v = Double.POSITIVE_INFINITY;
                    break;
                case UNDERFLOW:
                    v = 0.0;
                    break;
                case NAN:
                    return Double.NaN;
                default:
                    if (!Double.isNaN(fast)) v = fast;
                    else if (mant.signum() == 0) v = 0.0;
                    else v = Math.scalb((double) mant.longValueExact(), exp); // exact: mant < 2^53
            }
            return negative ? -v : v;
        }
    }

    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
    };

    /** C isspace in the "C" locale. */
    private static boolean isCSpace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }

    private static int lower(byte b) {
        return (b >= 'A' && b <= 'Z') ? b + 32 : b;
    }

    private static boolean matchesIgnoreCase(byte[] s, int p, int end, String word) {
        if (end - p < word.length()) return false;
        for (int i = 0; i < word.length(); i++) {
            if (lower(s[p + i]) != word.charAt(i)) return false;
        }
        return true;
    }

    private static int hexValue(byte b) {
        if (b >= '0' && b <= '9') return b - '0';
        int l = lower(b);
        if (l >= 'a' && l <= 'f') return l - 'a' + 10;
        return -1;
    }

    /**
     * glibc strtod / strtold on s[p, end) without skipping whitespace (callers do that): returns
     * null if nothing can be converted, otherwise the value and the index where parsing stopped.
     */
    private static Scan scan(byte[] s, int p, int end, BinFormat fmt) {
        int start = p;
        Scan sc = new Scan();
        if (p < end && (s[p] == '+' || s[p] == '-')) {
            sc.negative = s[p] == '-';
            p++;
        }
        if (p == end) return null;
        // inf / infinity / nan
        if (matchesIgnoreCase(s, p, end, "inf")) {
            sc.kind = Scan.INF;
            sc.end = matchesIgnoreCase(s, p, end, "infinity") ? p + 8 : p + 3;
            return sc;
        }
        if (matchesIgnoreCase(s, p, end, "nan")) {
            sc.kind = Scan.NAN;
            int q = p + 3;
            if (q < end && s[q] == '(') {
                int r = q + 1;
                while (r < end && (hexValue(s[r]) >= 0 || (lower(s[r]) >= 'g' && lower(s[r]) <= 'z')
                        || s[r] == '_')) {
                    r++;
                }
                if (r < end && s[r] == ')') q = r + 1;
            }
            sc.end = q;
            return sc;
        }
        boolean hex = false;
        int radix = 10;
        if (s[p] == '0' && p + 1 < end && (s[p + 1] == 'x' || s[p + 1] == 'X')) {
            // Hex only if at least one hex digit follows (possibly after the '.').
            int q = p + 2;
            if (q < end && s[q] == '.') q++;
            if (q < end && hexValue(s[q]) >= 0) {
                hex = true;
                radix = 16;
                p += 2;
            } else {
                // strtod converts the "0" and stops at the 'x'.
                sc.kind = Scan.FINITE;
                sc.end = p + 1;
                return sc;
            }
        }

        // Mantissa digits. value = 0.D × radix^pointExp, D = significant digits kept.
        int maxDigits = hex ? 24 : fmt.maxDecimalDigits;
        StringBuilder digits = new StringBuilder();
        boolean sticky = false;
        boolean anyDigit = false;
        boolean seenPoint = false;
        long pointExp = 0;
        for (; p < end; p++) {
            byte c = s[p];
            int v = hex ? hexValue(c) : (c >= '0' && c <= '9' ? c - '0' : -1);
            if (v >= 0) {
                anyDigit = true;
                if (digits.length() == 0 && v == 0) {
                    if (seenPoint) pointExp--; // leading zero after the point
                    continue;
                }
                if (!seenPoint) pointExp++;
                if (digits.length() < maxDigits) digits.append(Character.forDigit(v, radix));
                else if (v != 0) sticky = true;
            } else if (c == '.' && !seenPoint) {
                seenPoint = true;
            } else {
                break;
            }
        }
        if (!anyDigit) return null; // "", ".", "+", "-.", ".e5"
        sc.kind = Scan.FINITE;
        sc.end = p;

        // Exponent: decimal "e[+-]digits" or hex "p[+-]digits"; not consumed without digits.
        long expValue = 0;
        if (p < end && lower(s[p]) == (hex ? 'p' : 'e')) {
            int q = p + 1;
            boolean expNeg = false;
            if (q < end && (s[q] == '+' || s[q] == '-')) {
                expNeg = s[q] == '-';
                q++;
            }
            if (q < end && s[q] >= '0' && s[q] <= '9') {
                while (q < end && s[q] >= '0' && s[q] <= '9') {
                    if (expValue < 1_000_000_000L) expValue = expValue * 10 + (s[q] - '0');
                    q++;
                }
                if (expNeg) expValue = -expValue;
                sc.end = q;
            }
        }
        if (digits.length() == 0) return sc; // an exact zero, whatever the exponent
        if (sticky) digits.append('1');
        int nd = digits.length();

        if (hex) {
            // musl (the libc of the reference Redis binaries) flags ERANGE for hex input only by
            // this exponent test, with e2 = exponent + 4 * hex digits before the point - 32 and
            // -emin = 1074 (double) / 16445 (x87). Hex values above the format's range with a
            // smaller e2 round to ±inf WITHOUT ERANGE, so string2d / string2ld accept them as
            // infinity ("0x1p1100"; glibc would refuse it). Results rounding to zero are ERANGE.
            long e2m = expValue + 4 * pointExp - 32;
            int negEmin = fmt == BinFormat.DOUBLE ? 1074 : 16445;
            if (e2m > negEmin) {
                sc.kind = Scan.OVERFLOW;
                return sc;
            }
            if (e2m < -negEmin - 128) {
                sc.kind = Scan.UNDERFLOW;
                return sc;
            }
            BigInteger n = new BigInteger(digits.toString(), 16);
            long e2 = 4 * (pointExp - nd) + expValue;
            Rounded r = roundBinary(n, BigInteger.ONE, (int) e2, fmt);
            if (r == Rounded.OVERFLOW) {
                sc.kind = Scan.INF;
                return sc;
            }
            return finish(sc, r);
        }

        long mag10 = pointExp + expValue; // 10^(mag10-1) <= value < 10^mag10
        // Generous bounds: beyond them the result is certainly ±inf or 0.
        long hi = fmt == BinFormat.DOUBLE ? 311 : 4935;
        long lo = fmt == BinFormat.DOUBLE ? -325 : -4952;
        if (mag10 > hi) {
            sc.kind = Scan.OVERFLOW;
            return sc;
        }
        if (mag10 < lo) {
            sc.kind = Scan.UNDERFLOW;
            return sc;
        }
        int e10 = (int) (mag10 - nd);
        if (fmt == BinFormat.DOUBLE && nd <= 15 && Math.abs(e10) <= 22) {
            // Exact significand and power of ten: one correctly rounded IEEE operation.
            double m = Long.parseLong(digits.toString());
            sc.fast = e10 >= 0 ? m * POW10[e10] : m / POW10[-e10];
            return sc;
        }
        BigInteger n = new BigInteger(digits.toString());
        Rounded r = e10 >= 0
                ? roundBinary(n.multiply(BigInteger.TEN.pow(e10)), BigInteger.ONE, 0, fmt)
                : roundBinary(n, BigInteger.TEN.pow(-e10), 0, fmt);
        return finish(sc, r);
    }

    private static Scan finish(Scan sc, Rounded r) {
        if (r == Rounded.OVERFLOW) sc.kind = Scan.OVERFLOW;
        else if (r == Rounded.UNDERFLOW) sc.kind = Scan.UNDERFLOW;
        else {
            sc.mant = r.mant;
            sc.exp = r.exp;
            sc.inexact = r.inexact;
        }
        return sc;
    }

    /**
     * Rounds the positive value num / den × 2^e2 to the format: round to nearest, ties to even,
     * with gradual underflow. Returns OVERFLOW if the result is infinite and UNDERFLOW if it is 0.
     */
    private static Rounded roundBinary(BigInteger num, BigInteger den, int e2, BinFormat fmt) {
        int p = fmt.precision;
        if (e2 > 0) num = num.shiftLeft(e2);
        else if (e2 < 0) den = den.shiftLeft(-e2);
        int bl = num.bitLength() - den.bitLength(); // 2^(bl-1) < value < 2^(bl+1)
        int k = p + 3 - bl; // q = floor(value × 2^k) has p+2 .. p+4 bits
        BigInteger a = k >= 0 ? num.shiftLeft(k) : num;
        BigInteger b = k >= 0 ? den : den.shiftLeft(-k);
        BigInteger[] qr = a.divideAndRemainder(b);
        BigInteger q = qr[0];
        boolean sticky = qr[1].signum() != 0;
        int e = q.bitLength() - 1 - k; // floor(log2(value))
        int lsb = Math.max(e, fmt.emin) - (p - 1); // weight of the last significand bit
        int shift = lsb + k; // low bits of q to drop (>= 2)
        BigInteger mant = q.shiftRight(shift);
        boolean half = q.testBit(shift - 1);
        boolean below = sticky || (q.signum() != 0 && q.getLowestSetBit() < shift - 1);
        if (half && (below || mant.testBit(0))) mant = mant.add(BigInteger.ONE);
        if (mant.bitLength() > p) { // carried up to 2^p
            mant = mant.shiftRight(1);
            lsb++;
        }
        if (mant.signum() == 0) return Rounded.UNDERFLOW;
        if (mant.bitLength() + lsb - 1 > fmt.emax) return Rounded.OVERFLOW;
        Rounded rounded = new Rounded(mant, lsb);
        rounded.inexact = half || below;
        return rounded;
    }

    /** The exact decimal value of mant × 2^exp. */
    private static BigDecimal exactDecimal(BigInteger mant, int exp) {
        if (exp >= 0) return new BigDecimal(mant.shiftLeft(exp));
        // 2^-n = 5^n / 10^n
        return new BigDecimal(mant.multiply(BigInteger.valueOf(5).pow(-exp)), -exp);
    }

    /** "%.17Lf" of |v| with the sign given, trimmed as ld2string(LD_STR_HUMAN) trims it. */
    private static String humanFixed17(BigDecimal v, boolean negative) {
        String s = v.abs().setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        int n = s.length();
        while (s.charAt(n - 1) == '0') n--;
        if (s.charAt(n - 1) == '.') n--;
        s = s.substring(0, n);
        if (s.equals("0")) return "0"; // "-0" becomes "0"
        return negative ? "-" + s : s;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
