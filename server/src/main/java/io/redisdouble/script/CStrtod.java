package io.redisdouble.script;

import java.nio.charset.StandardCharsets;

/**
 * glibc strtod on a byte string: the longest prefix that is a decimal number, "inf" / "infinity" /
 * "nan" (any case, with a sign), or a hexadecimal number with an optional binary exponent. Leading
 * white space is not skipped (cjson never has any there).
 */
final class CStrtod {
    private CStrtod() {}

    /** The result of {@link #parse}: where the number ended (== start if none) and its value. */
    record Result(int end, double value) {}

    static Result parse(byte[] s, int start) {
        int i = start;
        boolean neg = false;
        if (at(s, i) == '+' || at(s, i) == '-') {
            neg = at(s, i) == '-';
            i++;
        }
        if (matchWord(s, i, "infinity")) return new Result(i + 8, neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        if (matchWord(s, i, "inf")) return new Result(i + 3, neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        if (matchWord(s, i, "nan")) {
            int j = i + 3;
            if (at(s, j) == '(') {
                int k = j + 1;
                while (Character.isLetterOrDigit(at(s, k)) || at(s, k) == '_') k++;
                if (at(s, k) == ')') j = k + 1;
            }
            return new Result(j, Double.NaN);
        }
        if (at(s, i) == '0' && (at(s, i + 1) | 0x20) == 'x') {
            int j = i + 2;
            int digitsStart = j;
            boolean digits = false;
            while (Character.digit(at(s, j), 16) >= 0) {
                j++;
                digits = true;
            }
            if (at(s, j) == '.') {
                j++;
                while (Character.digit(at(s, j), 16) >= 0) {
                    j++;
                    digits = true;
                }
            }
            if (!digits) return new Result(i + 1, neg ? -0.0 : 0.0); // "0" then "x..."
            String mant = new String(s, digitsStart, j - digitsStart, StandardCharsets.ISO_8859_1);
            String exp = "0";
            if ((at(s, j) | 0x20) == 'p') {
                int k = j + 1;
                if (at(s, k) == '+' || at(s, k) == '-') k++;
                if (Character.isDigit(at(s, k))) {
                    while (Character.isDigit(at(s, k))) k++;
                    exp = new String(s, j + 1, k - j - 1, StandardCharsets.ISO_8859_1);
                    j = k;
                }
            }
            if (mant.startsWith(".")) mant = "0" + mant;
            double v = Double.parseDouble("0x" + mant + "p" + exp);
            return new Result(j, neg ? -v : v);
        }
        int j = i;
        boolean digits = false;
        while (Character.isDigit(at(s, j))) {
            j++;
            digits = true;
        }
        if (at(s, j) == '.') {
            j++;
            while (Character.isDigit(at(s, j))) {
                j++;
                digits = true;
            }
        }
        if (!digits) return new Result(start, 0);
        if ((at(s, j) | 0x20) == 'e') {
            int k = j + 1;
            if (at(s, k) == '+' || at(s, k) == '-') k++;
            if (Character.isDigit(at(s, k))) {
                while (Character.isDigit(at(s, k))) k++;
                j = k;
            }
        }
        String text = new String(s, start, j - start, StandardCharsets.ISO_8859_1);
        if (text.endsWith(".")) text = text + "0";
        if (text.startsWith(".") || text.startsWith("-.") || text.startsWith("+.")) text = text.replace(".", "0.");
        return new Result(j, Double.parseDouble(text));
    }

    private static int at(byte[] s, int i) {
        return i < s.length ? s[i] & 0xFF : 0;
    }

    private static boolean matchWord(byte[] s, int i, String w) {
        for (int k = 0; k < w.length(); k++) if ((at(s, i + k) | 0x20) != w.charAt(k)) return false;
        return true;
    }
}
