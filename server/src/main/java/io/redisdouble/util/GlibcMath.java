package io.redisdouble.util;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * sin, cos and asin as glibc 2.36's libm computes them on x86-64 (the IBM Accurate Mathematical
 * Library's table-driven sin/cos, its Taylor-series asin for small arguments), which the 7.2 and later
 * reference builds link statically: the geo distances they compute depend on the last bit of each
 * result, and glibc's differ from musl's ({@link MuslMath}) in a few percent of them.
 *
 * <p>sin and cos: |x| &lt; 0.855469 directly, up to 2.426265 through pi/2 - |x|, up to 105414350
 * reduced by multiples of pi/2 in double-double; each evaluation combines a short polynomial of the
 * remainder with sin and cos of the nearest multiple of 1/128, held as double-double pairs (computed
 * here, exactly rounded, at class initialisation). asin: |x| &lt; 0.125 by its Taylor polynomial;
 * larger arguments (distances beyond about 1,600 km) come from tables not reproduced here: they are
 * rounded to nearest instead, which glibc's are but for a rare few (about 0.2% in a test of random
 * arguments).
 * Beyond 105414350 (absurd radii only) sin and cos fall back to {@link StrictMath}.
 */
public final class GlibcMath {
    private GlibcMath() {}

    private static final double S1 = -0x1.5555555555555p-3, S2 = 0x1.1111111110ECEp-7, S3 = -0x1.A01A019DB08B8p-13,
            S4 = 0x1.71DE27B9A7ED9p-19, S5 = -0x1.ADDFFC2FCDF59p-26;
    private static final double BIG = 0x1.8p45;
    private static final double HP0 = 0x1.921FB54442D18p0, HP1 = 0x1.1A62633145C07p-54;
    private static final double MP1 = 0x1.921FB58000000p0, MP2 = -0x1.DDE973C000000p-27;
    private static final double PP3 = -0x1.CB3B398000000p-55, PP4 = -0x1.d747f23e32ed7p-83;
    private static final double HPINV = 0x1.45F306DC9C883p-1, TOINT = 0x1.8p52;
    private static final double SN3 = -1.66666666666664880952546298448555E-01, SN5 = 8.33333214285722277379541354343671E-03,
            CS2 = 4.99999999999999999999950396842453E-01, CS4 = -4.16666666666664434524222570944589E-02,
            CS6 = 1.38888874007937613028114285595617E-03;

    /** sin(k/128) and cos(k/128), k = 0..111, each as a double and the double nearest its remainder. */
    private static final double[] TABLE = table(112);

    private static double[] table(int n) {
        MathContext mc = new MathContext(60);
        double[] t = new double[4 * n];
        for (int k = 0; k < n; k++) {
            BigDecimal x = new BigDecimal(k).divide(new BigDecimal(128), mc);
            BigDecimal[] sc = sinCos(x, mc);
            double sn = sc[0].doubleValue(), cs = sc[1].doubleValue();
            t[4 * k] = sn;
            t[4 * k + 1] = sc[0].subtract(new BigDecimal(sn), mc).doubleValue();
            t[4 * k + 2] = cs;
            t[4 * k + 3] = sc[1].subtract(new BigDecimal(cs), mc).doubleValue();
        }
        return t;
    }

    /** sin and cos of a small x by their Taylor series, to the precision of {@code mc}. */
    private static BigDecimal[] sinCos(BigDecimal x, MathContext mc) {
        BigDecimal sin = BigDecimal.ZERO, cos = BigDecimal.ZERO, term = BigDecimal.ONE;
        BigDecimal eps = BigDecimal.ONE.movePointLeft(55);
        for (int i = 0; i < 200; i++) {
            if (i > 0) term = term.multiply(x, mc).divide(new BigDecimal(i), mc);
            if (i > 2 && term.abs().compareTo(eps) < 0) break;
            switch (i % 4) {
                case 0 -> cos = cos.add(term, mc);
                case 1 -> sin = sin.add(term, mc);
                case 2 -> cos = cos.subtract(term, mc);
                default -> sin = sin.subtract(term, mc);
            }
        }
        return new BigDecimal[] {sin, cos};
    }

    private static int high(double x) {
        return (int) (Double.doubleToRawLongBits(x) >>> 32);
    }

    private static int low(double x) {
        return (int) Double.doubleToRawLongBits(x);
    }

    private static double taylorSin(double xx, double a, double da) {
        double poly = Math.fma(Math.fma(Math.fma(Math.fma(S5, xx, S4), xx, S3), xx, S2), xx, S1);
        double t = Math.fma(Math.fma(poly, a, -(0.5 * da)), xx, da);
        return a + t;
    }

    private static double doCos(double x, double dx) {
        if (x < 0) dx = -dx;
        double u = BIG + Math.abs(x);
        x = Math.abs(x) - (u - BIG) + dx;
        double xx = x * x;
        double s = Math.fma(x * xx, Math.fma(xx, SN5, SN3), x);
        double c = xx * Math.fma(xx, Math.fma(xx, CS6, CS4), CS2);
        int k = low(u) << 2;
        double sn = TABLE[k], ssn = TABLE[k + 1], cs = TABLE[k + 2], ccs = TABLE[k + 3];
        double cor = Math.fma(-sn, s, Math.fma(-cs, c, Math.fma(-s, ssn, ccs)));
        return cs + cor;
    }

    private static double doSin(double x, double dx) {
        double xold = x;
        if (Math.abs(x) < 0.126) return taylorSin(x * x, x, dx);
        if (x <= 0) dx = -dx;
        double u = BIG + Math.abs(x);
        x = Math.abs(x) - (u - BIG);
        double xx = x * x;
        double s = x + Math.fma(x * xx, Math.fma(xx, SN5, SN3), dx);
        double c = Math.fma(x, dx, xx * Math.fma(xx, Math.fma(xx, CS6, CS4), CS2));
        int k = low(u) << 2;
        double sn = TABLE[k], ssn = TABLE[k + 1], cs = TABLE[k + 2], ccs = TABLE[k + 3];
        double cor = Math.fma(cs, s, Math.fma(-sn, c, Math.fma(s, ccs, ssn)));
        return Math.copySign(sn + cor, xold);
    }

    /** sin or cos (per quadrant n) of x reduced by multiples of pi/2 (|x| &lt; 105414350). */
    private static double reduced(double x, int quadrantOffset) {
        double t = Math.fma(x, HPINV, TOINT);
        double xn = t - TOINT;
        double y = Math.fma(-xn, MP2, Math.fma(-xn, MP1, x));
        int n = (low(t) + quadrantOffset) & 3;
        double t2 = Math.fma(-xn, PP3, y);
        double db = Math.fma(-xn, PP3, y - t2);
        double b = Math.fma(-xn, PP4, t2);
        db += Math.fma(-xn, PP4, t2 - b);
        double r = (n & 1) != 0 ? doCos(b, db) : doSin(b, db);
        return (n & 2) != 0 ? -r : r;
    }

    public static double sin(double x) {
        int k = high(x) & 0x7fffffff;
        if (k < 0x3e500000) return x;
        if (k < 0x3feb6000) return doSin(x, 0);
        if (k < 0x400368fd) return Math.copySign(doCos(HP0 - Math.abs(x), HP1), x);
        if (k < 0x419921FB) return reduced(x, 0);
        if (k < 0x7ff00000) return StrictMath.sin(x);
        return x / x;
    }

    public static double cos(double x) {
        int k = high(x) & 0x7fffffff;
        if (k < 0x3e400000) return 1.0;
        if (k < 0x3feb6000) return doCos(x, 0);
        if (k < 0x400368fd) {
            double y = HP0 - Math.abs(x);
            double a = y + HP1;
            double da = (y - a) + HP1;
            return doSin(a, da);
        }
        if (k < 0x419921FB) return reduced(x, 1);
        if (k < 0x7ff00000) return StrictMath.cos(x);
        return x / x;
    }

    private static final double F1 = 1.66666666666664110590506577996662E-01, F2 = 7.50000000026122686814431784722623E-02,
            F3 = 4.46428561421059750978517350006940E-02, F4 = 3.03821268582119319911193410625235E-02,
            F5 = 2.23551211026525610742786300334557E-02, F6 = 1.81382903404565056280372531963613E-02;

    public static double asin(double x) {
        int k = high(x) & 0x7fffffff;
        if (k < 0x3e500000) return x;
        if (k < 0x3fc00000) {
            double x2 = x * x;
            double p = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(F6, x2, F5), x2, F4), x2, F3), x2, F2), x2, F1);
            return Math.fma(p, x2 * x, x);
        }
        if (k >= 0x3ff00000) return MuslMath.asin(x); // |x| >= 1: +-pi/2 or NaN, as glibc
        return nearestAsin(x);
    }

    /**
     * asin(x) for 0.125 &lt;= |x| &lt; 1, rounded to nearest: glibc's table-driven arcsine is correctly
     * rounded but for a rare few arguments, so this takes musl's result (within an ulp) and corrects it
     * by one Newton step, sin evaluated in double-double: y0 - (sin(y0) - x) / cos(y0), then rounded.
     */
    private static double nearestAsin(double x) {
        double ax = Math.abs(x);
        double y0 = MuslMath.asin(ax);
        double[] s = sinDoubleDouble(y0);
        double r = (ax - s[0]) - s[1];
        double y = y0 + r / StrictMath.cos(y0);
        return x < 0 ? -y : y;
    }

    /** 1/(2k+1)! for k = 0..19 as double-double pairs, signs alternating (sin's Taylor coefficients). */
    private static final double[] SIN_COEFFS = sinCoefficients(20);

    private static double[] sinCoefficients(int n) {
        MathContext mc = new MathContext(60);
        double[] c = new double[2 * n];
        BigDecimal fact = BigDecimal.ONE;
        for (int k = 0; k < n; k++) {
            if (k > 0) fact = fact.multiply(BigDecimal.valueOf((2L * k) * (2L * k + 1)));
            BigDecimal v = BigDecimal.ONE.divide(fact, mc);
            if (k % 2 == 1) v = v.negate();
            double hi = v.doubleValue();
            c[2 * k] = hi;
            c[2 * k + 1] = v.subtract(new BigDecimal(hi), mc).doubleValue();
        }
        return c;
    }

    /** sin(y) for 0 &lt;= y &lt;= pi/2 as a double-double {hi, lo}: Horner over y^2 in double-double arithmetic. */
    private static double[] sinDoubleDouble(double y) {
        double y2h = y * y, y2l = Math.fma(y, y, -y2h);
        int n = SIN_COEFFS.length / 2;
        double ah = SIN_COEFFS[2 * (n - 1)], al = SIN_COEFFS[2 * (n - 1) + 1];
        for (int k = n - 2; k >= 0; k--) {
            // (ah, al) * (y2h, y2l)
            double ph = ah * y2h;
            double pl = Math.fma(ah, y2h, -ph) + (ah * y2l + al * y2h);
            double mh = ph + pl;
            double ml = pl - (mh - ph);
            // + (ch, cl)
            double ch = SIN_COEFFS[2 * k], cl = SIN_COEFFS[2 * k + 1];
            double sh = mh + ch;
            double bb = sh - mh;
            double sl = ((mh - (sh - bb)) + (ch - bb)) + (ml + cl);
            ah = sh + sl;
            al = sl - (ah - sh);
        }
        double ph = ah * y;
        double pl = Math.fma(ah, y, -ph) + al * y;
        double hi = ph + pl;
        return new double[] {hi, pl - (hi - ph)};
    }
}
