package io.redisdouble.script;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * C printf conversions as glibc prints them, for what Lua 5.1 formats with sprintf: tostring of numbers
 * ("%.14g"), redis.call arguments ("%.17g") and string.format. Doubles are rounded from their exact
 * binary value, half to even, as glibc does (Java's Formatter rounds a shortest decimal instead).
 */
final class CFormat {
    private CFormat() {}

    /** A parsed conversion: flags "-+ #0", width, precision (-1 = none). */
    record Spec(boolean left, boolean plus, boolean space, boolean alt, boolean zero, int width, int precision) {
        static final Spec NONE = new Spec(false, false, false, false, false, 0, -1);

        static Spec precision(int p) {
            return new Spec(false, false, false, false, false, 0, p);
        }
    }

    /** "%.14g": LUAI_NUMFFORMAT, how Lua 5.1 turns a number into a string. */
    static String g14(double d) {
        return formatDouble('g', d, Spec.precision(14));
    }

    /** "%.17g": how Redis passes a Lua number to a command. */
    static String g17(double d) {
        return formatDouble('g', d, Spec.precision(17));
    }

    /** One of e E f g G applied to a double. */
    static String formatDouble(char conv, double d, Spec s) {
        boolean neg = (Double.doubleToRawLongBits(d) < 0);
        String body;
        boolean upper = Character.isUpperCase(conv);
        if (Double.isNaN(d)) {
            body = upper ? "NAN" : "nan";
            return pad(sign(neg, s) + body, s, false);
        }
        if (Double.isInfinite(d)) {
            body = upper ? "INF" : "inf";
            return pad(sign(neg, s) + body, s, false);
        }
        BigDecimal v = new BigDecimal(d).abs();
        int p = s.precision < 0 ? 6 : s.precision;
        switch (Character.toLowerCase(conv)) {
            case 'f' -> body = fixed(v, p, s.alt);
            case 'e' -> body = exp(v, p, s.alt, upper);
            default -> {
                if (p == 0) p = 1;
                int x = v.signum() == 0 ? 0 : exponentAfterRounding(v, p);
                if (x < p && x >= -4) {
                    body = fixed(v, p - 1 - x, s.alt);
                } else {
                    body = exp(v, p - 1, s.alt, upper);
                }
                if (!s.alt) body = stripZeros(body);
            }
        }
        return pad(sign(neg, s) + body, s, true);
    }

    private static String sign(boolean neg, Spec s) {
        return neg ? "-" : s.plus ? "+" : s.space ? " " : "";
    }

    /** The decimal exponent of v once rounded to p significant digits. */
    private static int exponentAfterRounding(BigDecimal v, int p) {
        BigDecimal r = v.round(new MathContext(p, RoundingMode.HALF_EVEN));
        return r.precision() - r.scale() - 1;
    }

    private static String fixed(BigDecimal v, int p, boolean alt) {
        String t = v.setScale(p, RoundingMode.HALF_EVEN).toPlainString();
        if (p == 0 && alt) t += ".";
        return t;
    }

    private static String exp(BigDecimal v, int p, boolean alt, boolean upper) {
        String digits;
        int x;
        if (v.signum() == 0) {
            digits = "0".repeat(p + 1);
            x = 0;
        } else {
            BigDecimal r = v.round(new MathContext(p + 1, RoundingMode.HALF_EVEN));
            BigInteger unscaled = r.unscaledValue();
            digits = unscaled.toString();
            x = digits.length() - 1 - r.scale();
            if (digits.length() < p + 1) digits = digits + "0".repeat(p + 1 - digits.length());
            else if (digits.length() > p + 1) digits = digits.substring(0, p + 1);
        }
        StringBuilder sb = new StringBuilder();
        sb.append(digits.charAt(0));
        if (p > 0 || alt) sb.append('.');
        sb.append(digits, 1, digits.length());
        sb.append(upper ? 'E' : 'e').append(x < 0 ? '-' : '+');
        int ax = Math.abs(x);
        if (ax < 10) sb.append('0');
        sb.append(ax);
        return sb.toString();
    }

    /** %g without '#': trailing zeros of the fraction go, and the point if nothing follows it. */
    private static String stripZeros(String body) {
        int e = body.indexOf('e');
        if (e < 0) e = body.indexOf('E');
        String mant = e < 0 ? body : body.substring(0, e);
        String tail = e < 0 ? "" : body.substring(e);
        if (mant.indexOf('.') >= 0) {
            int n = mant.length();
            while (mant.charAt(n - 1) == '0') n--;
            if (mant.charAt(n - 1) == '.') n--;
            mant = mant.substring(0, n);
        }
        return mant + tail;
    }

    /** Pads to the width: spaces on the left (or right with '-'), or zeros after the sign with '0'. */
    static String pad(String text, Spec s, boolean zeroAllowed) {
        if (text.length() >= s.width) return text;
        int n = s.width - text.length();
        if (s.left) return text + " ".repeat(n);
        if (s.zero && zeroAllowed) {
            int signLen = !text.isEmpty() && "+- ".indexOf(text.charAt(0)) >= 0 ? 1 : 0;
            if (text.startsWith("0x", signLen) || text.startsWith("0X", signLen)) signLen += 2;
            return text.substring(0, signLen) + "0".repeat(n) + text.substring(signLen);
        }
        return " ".repeat(n) + text;
    }

    /** %d / %i with a long (Lua passes (long) of its number). */
    static String formatSigned(long v, Spec s) {
        boolean neg = v < 0;
        String digits = neg ? (v == Long.MIN_VALUE ? "9223372036854775808" : Long.toString(-v)) : Long.toString(v);
        digits = precisionDigits(digits, s.precision, v == 0);
        return pad(sign(neg, s) + digits, s, s.precision < 0);
    }

    /** %o %u %x %X with an unsigned long. */
    static String formatUnsigned(char conv, long v, Spec s) {
        String digits = switch (conv) {
            case 'o' -> Long.toOctalString(v);
            case 'x' -> Long.toHexString(v);
            case 'X' -> Long.toHexString(v).toUpperCase();
            default -> Long.toUnsignedString(v);
        };
        digits = precisionDigits(digits, s.precision, v == 0);
        String prefix = "";
        if (s.alt && v != 0) {
            if (conv == 'x') prefix = "0x";
            else if (conv == 'X') prefix = "0X";
        }
        if (s.alt && conv == 'o' && !digits.startsWith("0")) digits = "0" + digits;
        return pad(prefix + digits, s, s.precision < 0);
    }

    private static String precisionDigits(String digits, int precision, boolean zero) {
        if (precision == 0 && zero) return "";
        if (precision > digits.length()) return "0".repeat(precision - digits.length()) + digits;
        return digits;
    }

    /** The (long) conversion of a double as x86-64 does it: out of range and NaN give Long.MIN_VALUE. */
    static long toLong(double d) {
        if (Double.isNaN(d) || d >= 9.223372036854775807E18 || d < -9.223372036854775808E18) return Long.MIN_VALUE;
        return (long) d;
    }
}
