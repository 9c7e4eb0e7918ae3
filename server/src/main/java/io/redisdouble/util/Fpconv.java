package io.redisdouble.util;

import java.math.BigInteger;

/**
 * Redis 7.2's double printer, {@code deps/fpconv/fpconv_dtoa.c}: Florian Loitsch's Grisu2 with the
 * output layout of fpconv ("night-shift" fpconv, as Redis vendors it). Grisu2 yields a short digit
 * string that reads back to the same double; it is usually, not always, the shortest one, so Java's
 * {@code Double.toString} cannot stand in for it: this is the same algorithm step by step, with C's
 * unsigned 64-bit arithmetic.
 *
 * <p>Layout ({@code emit_digits}), for digits d1..dn and decimal exponent K (value = digits * 10^K):
 * an integer when K &gt;= 0 and the exponent is below n + 7 ("100000000000000000" for 1e17 comes
 * from elsewhere, see {@link RedisNumbers#formatDouble}); plain decimals when -7 &lt; K &lt; 0 or
 * the exponent is below 4 ("0.00001", "1.5"); otherwise d1.d2..dn e±X with no zero padding of X
 * ("1e-20", "5e-324", "1.5e+300").
 */
final class Fpconv {
    private Fpconv() {}

    private static final long FRACMASK = 0x000FFFFFFFFFFFFFL;
    private static final long EXPMASK = 0x7FF0000000000000L;
    private static final long HIDDENBIT = 0x0010000000000000L;
    private static final long SIGNMASK = 0x8000000000000000L;
    private static final int EXPBIAS = 1023 + 52;

    private static final int NPOWERS = 87;
    private static final int STEPPOWERS = 8;
    private static final int FIRSTPOWER = -348;
    private static final int EXPMAX = -32;
    private static final int EXPMIN = -60;

    /** fpconv_powers.h: 10^(FIRSTPOWER + 8i) as 64-bit significand and binary exponent, rounded to nearest. */
    private static final long[] POW_FRAC = new long[NPOWERS];
    private static final int[] POW_EXP = new int[NPOWERS];

    /** tens[] of fpconv_dtoa.c: 10^19 down to 10^0 (10^19 does not fit a signed long: kept as its bits). */
    private static final long[] TENS = new long[20];

    static {
        BigInteger two64 = BigInteger.ONE.shiftLeft(64);
        for (int i = 0; i < NPOWERS; i++) {
            int k = FIRSTPOWER + i * STEPPOWERS;
            // 10^k = f * 2^e with 2^63 <= f < 2^64, f rounded to nearest (the table of the C source).
            BigInteger num = k >= 0 ? BigInteger.TEN.pow(k) : BigInteger.ONE;
            BigInteger den = k >= 0 ? BigInteger.ONE : BigInteger.TEN.pow(-k);
            int e = num.bitLength() - den.bitLength() - 64;
            BigInteger f;
            while (true) {
                BigInteger n = e >= 0 ? num : num.shiftLeft(-e);
                BigInteger d = e >= 0 ? den.shiftLeft(e) : den;
                BigInteger[] qr = n.divideAndRemainder(d);
                f = qr[0];
                if (f.compareTo(two64) >= 0) {
                    e++;
                    continue;
                }
                if (f.bitLength() < 64) {
                    e--;
                    continue;
                }
                if (qr[1].shiftLeft(1).compareTo(d) >= 0) f = f.add(BigInteger.ONE);
                if (f.compareTo(two64) >= 0) {
                    f = f.shiftRight(1);
                    e++;
                }
                break;
            }
            POW_FRAC[i] = f.longValue();
            POW_EXP[i] = e;
        }
        BigInteger t = BigInteger.TEN.pow(19);
        for (int i = 0; i < TENS.length; i++) {
            TENS[i] = t.longValue();
            t = t.divide(BigInteger.TEN);
        }
    }

    /** For tests: the cached power of ten at {@code idx} as {significand bits, exponent}. */
    static long[] cachedPower(int idx) {
        return new long[] {POW_FRAC[idx], POW_EXP[idx]};
    }

    /** fpconv_dtoa: the text of a finite, non-zero double (sign included). */
    static String dtoa(double d) {
        StringBuilder sb = new StringBuilder(24);
        long bits = Double.doubleToRawLongBits(d);
        boolean neg = (bits & SIGNMASK) != 0;
        if (neg) sb.append('-');
        if ((bits & EXPMASK) == EXPMASK) { // filter_special
            sb.append((bits & FRACMASK) != 0 ? "nan" : "inf");
            return sb.toString();
        }
        if ((bits & ~SIGNMASK) == 0) {
            sb.append('0');
            return sb.toString();
        }
        char[] digits = new char[18];
        int[] kOut = new int[1];
        int ndigits = grisu2(bits, digits, kOut);
        emitDigits(digits, ndigits, sb, kOut[0], neg);
        return sb.toString();
    }

    // Fp values are (frac, exp) pairs held in two-element arrays where C has a struct.

    private static int grisu2(long bits, char[] digits, int[] kOut) {
        // build_fp
        long wFrac = bits & FRACMASK;
        int wExp = (int) ((bits & EXPMASK) >>> 52);
        if (wExp != 0) {
            wFrac += HIDDENBIT;
            wExp -= EXPBIAS;
        } else {
            wExp = -EXPBIAS + 1;
        }
        // get_normalized_boundaries
        long upFrac = (wFrac << 1) + 1;
        int upExp = wExp - 1;
        while ((upFrac & (HIDDENBIT << 1)) == 0) {
            upFrac <<= 1;
            upExp--;
        }
        int uShift = 64 - 52 - 2;
        upFrac <<= uShift;
        upExp -= uShift;
        int lShift = wFrac == HIDDENBIT ? 2 : 1;
        long loFrac = (wFrac << lShift) - 1;
        int loExp = wExp - lShift;
        loFrac <<= loExp - upExp;
        loExp = upExp;
        // normalize
        while ((wFrac & HIDDENBIT) == 0) {
            wFrac <<= 1;
            wExp--;
        }
        int shift = 64 - 52 - 1;
        wFrac <<= shift;
        wExp -= shift;
        // find_cachedpow10
        final double oneLogTen = 0.30102999566398114;
        int approx = (int) (-(upExp + NPOWERS) * oneLogTen);
        int idx = (approx - FIRSTPOWER) / STEPPOWERS;
        while (true) {
            int current = upExp + POW_EXP[idx] + 64;
            if (current < EXPMIN) {
                idx++;
                continue;
            }
            if (current > EXPMAX) {
                idx--;
                continue;
            }
            break;
        }
        int k = FIRSTPOWER + idx * STEPPOWERS;
        long cpFrac = POW_FRAC[idx];
        int cpExp = POW_EXP[idx];

        long w = multiply(wFrac, cpFrac);
        int wE = wExp + cpExp + 64;
        long upper = multiply(upFrac, cpFrac);
        int upperE = upExp + cpExp + 64;
        long lower = multiply(loFrac, cpFrac);
        lower++;
        upper--;
        kOut[0] = -k;
        return generateDigits(w, upper, upperE, lower, digits, kOut);
    }

    /** multiply(): the high 64 bits of the 128-bit product, rounded (the exponent is added by the caller). */
    private static long multiply(long a, long b) {
        final long lomask = 0x00000000FFFFFFFFL;
        long ahBl = (a >>> 32) * (b & lomask);
        long alBh = (a & lomask) * (b >>> 32);
        long alBl = (a & lomask) * (b & lomask);
        long ahBh = (a >>> 32) * (b >>> 32);
        long tmp = (ahBl & lomask) + (alBh & lomask) + (alBl >>> 32);
        tmp += 1L << 31;
        return ahBh + (ahBl >>> 32) + (alBh >>> 32) + (tmp >>> 32);
    }

    private static boolean ult(long a, long b) {
        return Long.compareUnsigned(a, b) < 0;
    }

    private static void roundDigit(char[] digits, int ndigits, long delta, long rem, long kappa, long frac) {
        while (ult(rem, frac) && !ult(delta - rem, kappa)
                && (ult(rem + kappa, frac) || ult(rem + kappa - frac, frac - rem))) {
            digits[ndigits - 1]--;
            rem += kappa;
        }
    }

    private static int generateDigits(long fp, long upper, int upperExp, long lower, char[] digits, int[] kOut) {
        long wfrac = upper - fp;
        long delta = upper - lower;
        int oneShift = -upperExp;
        long oneFrac = 1L << oneShift;
        long part1 = upper >>> oneShift;
        long part2 = upper & (oneFrac - 1);
        int idx = 0, kappa = 10;
        for (int divp = 10; kappa > 0; divp++) {
            long div = TENS[divp];
            long digit = Long.divideUnsigned(part1, div);
            if (digit != 0 || idx != 0) digits[idx++] = (char) (digit + '0');
            part1 -= digit * div;
            kappa--;
            long tmp = (part1 << oneShift) + part2;
            if (!ult(delta, tmp)) { // tmp <= delta
                kOut[0] += kappa;
                roundDigit(digits, idx, delta, tmp, div << oneShift, wfrac);
                return idx;
            }
        }
        int unit = 18;
        while (true) {
            part2 *= 10;
            delta *= 10;
            kappa--;
            long digit = part2 >>> oneShift;
            if (digit != 0 || idx != 0) digits[idx++] = (char) (digit + '0');
            part2 &= oneFrac - 1;
            if (ult(part2, delta)) {
                kOut[0] += kappa;
                roundDigit(digits, idx, delta, part2, oneFrac, wfrac * TENS[unit]);
                return idx;
            }
            unit--;
        }
    }

    private static void emitDigits(char[] digits, int ndigits, StringBuilder dest, int k, boolean neg) {
        int exp = Math.abs(k + ndigits - 1);
        if (k >= 0 && exp < ndigits + 7) { // plain integer
            dest.append(digits, 0, ndigits);
            for (int i = 0; i < k; i++) dest.append('0');
            return;
        }
        if (k < 0 && (k > -7 || exp < 4)) { // decimal without exponent
            int offset = ndigits - Math.abs(k);
            if (offset <= 0) {
                dest.append("0.");
                for (int i = 0; i < -offset; i++) dest.append('0');
                dest.append(digits, 0, ndigits);
            } else {
                dest.append(digits, 0, offset).append('.').append(digits, offset, ndigits - offset);
            }
            return;
        }
        ndigits = Math.min(ndigits, 18 - (neg ? 1 : 0));
        dest.append(digits[0]);
        if (ndigits > 1) dest.append('.').append(digits, 1, ndigits - 1);
        dest.append('e').append(k + ndigits - 1 < 0 ? '-' : '+');
        int cent = 0;
        if (exp > 99) {
            cent = exp / 100;
            dest.append((char) (cent + '0'));
            exp -= cent * 100;
        }
        if (exp > 9) {
            int dec = exp / 10;
            dest.append((char) (dec + '0'));
            exp -= dec * 10;
        } else if (cent != 0) {
            dest.append('0');
        }
        dest.append((char) (exp % 10 + '0'));
    }
}
