package io.redisdouble.util;

/**
 * sin, cos and asin as musl libc computes them (its FreeBSD-derived msun code), which the reference
 * redis-server builds of 6.2 and 7.0 are linked with: the geo distances and search boxes they compute
 * depend on the last bit of each result. Java's {@link StrictMath} is fdlibm 5.3, the common ancestor:
 * its cos kernel differs from musl's (so its cosines, and sines reduced onto the cos kernel, can
 * differ in the last bit). Arguments beyond 2^20 * pi/2 (absurd radii only) fall back to StrictMath.
 */
public final class MuslMath {
    private MuslMath() {}

    private static int high(double x) {
        return (int) (Double.doubleToRawLongBits(x) >>> 32);
    }

    /** Kernel sin on [-pi/4, pi/4]: x + tail y ({@code tail} says whether y is meaningful). */
    private static double kSin(double x, double y, boolean tail) {
        final double s1 = -1.66666666666666324348e-01, s2 = 8.33333333332248946124e-03,
                s3 = -1.98412698298579493134e-04, s4 = 2.75573137070700676789e-06,
                s5 = -2.50507602534068634195e-08, s6 = 1.58969099521155010221e-10;
        double z = x * x;
        double w = z * z;
        double r = s2 + z * (s3 + z * s4) + z * w * (s5 + z * s6);
        double v = z * x;
        if (!tail) return x + v * (s1 + z * r);
        return x - ((z * (0.5 * y - v * r) - y) - v * s1);
    }

    /** Kernel cos on [-pi/4, pi/4] (FreeBSD's rearrangement: w + (tmp + (r - x*y))). */
    private static double kCos(double x, double y) {
        final double c1 = 4.16666666666666019037e-02, c2 = -1.38888888888741095749e-03,
                c3 = 2.48015872894767294178e-05, c4 = -2.75573143513906633035e-07,
                c5 = 2.08757232129817482790e-09, c6 = -1.13596475577881948265e-11;
        double z = x * x;
        double w = z * z;
        double r = z * (c1 + z * (c2 + z * c3)) + w * w * (c4 + z * (c5 + z * c6));
        double hz = 0.5 * z;
        w = 1.0 - hz;
        return w + (((1.0 - w) - hz) + (z * r - x * y));
    }

    private static final double INVPIO2 = 6.36619772367581382433e-01;
    private static final double PIO2_1 = 1.57079632673412561417e+00;
    private static final double PIO2_1T = 6.07710050650619224932e-11;
    private static final double PIO2_2 = 6.07710050630396597660e-11;
    private static final double PIO2_2T = 2.02226624879595063154e-21;
    private static final double PIO2_3 = 2.02226624871116645580e-21;
    private static final double PIO2_3T = 8.47842766036889956997e-32;
    private static final double TOINT = 6755399441055744.0; // 0x1.8p52

    /**
     * x reduced by a multiple n of pi/2 into y[0] + y[1], returning n; {@link Integer#MIN_VALUE} when
     * x is too large for the medium reduction (the caller falls back).
     */
    private static int remPio2(double x, double[] y) {
        int hx = high(x);
        int ix = hx & 0x7fffffff;
        boolean medium = false;
        if (ix <= 0x400f6a7a) {
            if ((ix & 0xfffff) == 0x921fb) {
                medium = true;
            } else {
                int k = ix <= 0x4002d97c ? 1 : 2;
                return quick(x, y, hx > 0 ? k : -k);
            }
        } else if (ix <= 0x401c463b) {
            if (ix <= 0x4015fdbc) {
                if (ix == 0x4012d97c) medium = true;
                else return quick(x, y, hx > 0 ? 3 : -3);
            } else {
                if (ix == 0x401921fb) medium = true;
                else return quick(x, y, hx > 0 ? 4 : -4);
            }
        }
        if (!medium && ix >= 0x413921fb) return Integer.MIN_VALUE;
        double fn = x * INVPIO2 + TOINT;
        fn = fn - TOINT;
        int n = (int) fn;
        double r = x - fn * PIO2_1;
        double w = fn * PIO2_1T;
        int j = ix >> 20;
        y[0] = r - w;
        int i = j - ((high(y[0]) >> 20) & 0x7ff);
        if (i > 16) {
            double t = r;
            w = fn * PIO2_2;
            r = t - w;
            w = fn * PIO2_2T - ((t - r) - w);
            y[0] = r - w;
            i = j - ((high(y[0]) >> 20) & 0x7ff);
            if (i > 49) {
                t = r;
                w = fn * PIO2_3;
                r = t - w;
                w = fn * PIO2_3T - ((t - r) - w);
                y[0] = r - w;
            }
        }
        y[1] = (r - y[0]) - w;
        return n;
    }

    /**
     * The multiple k (|k| <= 4) of pi/2 that __rem_pio2's fast paths subtract from x (|x| ~<= 9pi/4, not
     * near a multiple of pi/2), or 0 when it takes the medium path.
     */
    private static int quickMultiple(double x) {
        int hx = high(x);
        int ix = hx & 0x7fffffff;
        int k;
        if (ix <= 0x400f6a7a) {
            if ((ix & 0xfffff) == 0x921fb) return 0;
            k = ix <= 0x4002d97c ? 1 : 2;
        } else if (ix <= 0x401c463b) {
            if (ix <= 0x4015fdbc) {
                if (ix == 0x4012d97c) return 0;
                k = 3;
            } else {
                if (ix == 0x401921fb) return 0;
                k = 4;
            }
        } else {
            return 0;
        }
        return hx > 0 ? k : -k;
    }

    /** y[0] of the fast reduction by k * pi/2. */
    private static double quickHead(double x, int k) {
        return k > 0 ? (x - k * PIO2_1) - k * PIO2_1T : (x + (-k) * PIO2_1) + (-k) * PIO2_1T;
    }

    /** y[1] of the fast reduction by k * pi/2, given its y[0]. */
    private static double quickTail(double x, int k, double head) {
        return k > 0 ? ((x - k * PIO2_1) - head) - k * PIO2_1T : ((x + (-k) * PIO2_1) - head) + (-k) * PIO2_1T;
    }

    /** The small multiples (|k| <= 4) of the reduction: one subtraction of k * pi/2 in two parts. */
    private static int quick(double x, double[] y, int k) {
        double z;
        if (k > 0) {
            z = x - k * PIO2_1;
            y[0] = z - k * PIO2_1T;
            y[1] = (z - y[0]) - k * PIO2_1T;
        } else {
            z = x + (-k) * PIO2_1;
            y[0] = z + (-k) * PIO2_1T;
            y[1] = (z - y[0]) + (-k) * PIO2_1T;
        }
        return k;
    }

    public static double sin(double x) {
        int ix = high(x) & 0x7fffffff;
        if (ix <= 0x3fe921fb) {
            if (ix < 0x3e500000) return x;
            return kSin(x, 0.0, false);
        }
        if (ix >= 0x7ff00000) return x - x;
        int q = quickMultiple(x);
        if (q != 0) {
            double h = quickHead(x, q), t = quickTail(x, q, h);
            switch (q & 3) {
                case 0: return kSin(h, t, true);
                case 1: return kCos(h, t);
                case 2: return -kSin(h, t, true);
                default: return -kCos(h, t);
            }
        }
        double[] y = new double[2];
        int n = remPio2(x, y);
        if (n == Integer.MIN_VALUE) return StrictMath.sin(x);
        switch (n & 3) {
            case 0: return kSin(y[0], y[1], true);
            case 1: return kCos(y[0], y[1]);
            case 2: return -kSin(y[0], y[1], true);
            default: return -kCos(y[0], y[1]);
        }
    }

    public static double cos(double x) {
        int ix = high(x) & 0x7fffffff;
        if (ix <= 0x3fe921fb) {
            if (ix < 0x3e46a09e) return 1.0;
            return kCos(x, 0);
        }
        if (ix >= 0x7ff00000) return x - x;
        int q = quickMultiple(x);
        if (q != 0) {
            double h = quickHead(x, q), t = quickTail(x, q, h);
            switch (q & 3) {
                case 0: return kCos(h, t);
                case 1: return -kSin(h, t, true);
                case 2: return -kCos(h, t);
                default: return kSin(h, t, true);
            }
        }
        double[] y = new double[2];
        int n = remPio2(x, y);
        if (n == Integer.MIN_VALUE) return StrictMath.cos(x);
        switch (n & 3) {
            case 0: return kCos(y[0], y[1]);
            case 1: return -kSin(y[0], y[1], true);
            case 2: return -kCos(y[0], y[1]);
            default: return kSin(y[0], y[1], true);
        }
    }

    public static double asin(double x) {
        final double pio2Hi = 1.57079632679489655800e+00, pio2Lo = 6.12323399573676603587e-17,
                pio4Hi = 7.85398163397448278999e-01;
        int hx = high(x);
        int ix = hx & 0x7fffffff;
        if (ix >= 0x3ff00000) {
            int lx = (int) Double.doubleToRawLongBits(x);
            if (((ix - 0x3ff00000) | lx) == 0) return x * pio2Hi + x * pio2Lo;
            return (x - x) / (x - x);
        } else if (ix < 0x3fe00000) {
            if (ix < 0x3e500000) return x;
            double t = x * x;
            return x + x * rational(t);
        }
        double w = 1.0 - Math.abs(x);
        double t = w * 0.5;
        double p = t * (PS0 + t * (PS1 + t * (PS2 + t * (PS3 + t * (PS4 + t * PS5)))));
        double q = 1.0 + t * (QS1 + t * (QS2 + t * (QS3 + t * QS4)));
        double s = Math.sqrt(t);
        if (ix >= 0x3FEF3333) {
            w = p / q;
            t = pio2Hi - (2.0 * (s + s * w) - pio2Lo);
        } else {
            w = Double.longBitsToDouble(Double.doubleToRawLongBits(s) & 0xffffffff00000000L);
            double c = (t - w * w) / (s + w);
            double r = p / q;
            p = 2.0 * s * r - (pio2Lo - 2.0 * c);
            q = pio4Hi - 2.0 * w;
            t = pio4Hi - (p - q);
        }
        return hx > 0 ? t : -t;
    }

    private static final double PS0 = 1.66666666666666657415e-01, PS1 = -3.25565818622400915405e-01,
            PS2 = 2.01212532134862925881e-01, PS3 = -4.00555345006794114027e-02,
            PS4 = 7.91534994289814532176e-04, PS5 = 3.47933107596021167570e-05,
            QS1 = -2.40339491173441421878e+00, QS2 = 2.02094576023350569471e+00,
            QS3 = -6.88283971605453293030e-01, QS4 = 7.70381505559019352791e-02;

    /** R(t) = p/q of asin's rational approximation. */
    private static double rational(double t) {
        double p = t * (PS0 + t * (PS1 + t * (PS2 + t * (PS3 + t * (PS4 + t * PS5)))));
        double q = 1.0 + t * (QS1 + t * (QS2 + t * (QS3 + t * QS4)));
        return p / q;
    }
}
