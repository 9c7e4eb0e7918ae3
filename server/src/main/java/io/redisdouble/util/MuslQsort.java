package io.redisdouble.util;

import java.util.Comparator;

/**
 * The qsort of musl libc (smoothsort, not stable), which the reference redis-server binaries are
 * linked with. Where Redis sorts with qsort and elements that compare equal still differ (e.g.
 * ZUNIONSTORE sorts its inputs by cardinality, then sums scores in that order, and floating-point
 * addition is not associative), reproducing Redis's result needs the very same permutation of equal
 * elements, so this follows musl's algorithm step for step: the same comparisons, in the same order,
 * and the same moves. Written from the algorithm's description (Leonardo heaps, sift, trinkle) with
 * element indexes in place of byte pointers.
 */
public final class MuslQsort {
    private MuslQsort() {}

    /** Sorts {@code a} as musl's {@code qsort(a, a.length, sizeof *a, cmp)} would permute it. */
    public static <T> void sort(T[] a, Comparator<? super T> cmp) {
        int nel = a.length;
        if (nel == 0) return;
        // Leonardo numbers, in elements (musl scales them by the element width).
        long[] lp = new long[96];
        lp[0] = lp[1] = 1;
        for (int i = 2; (lp[i] = lp[i - 2] + lp[i - 1] + 1) < nel; i++) {
            // just computing
        }
        State<T> st = new State<>(a, cmp, lp);
        int head = 0;
        int high = nel - 1;
        long[] p = {1, 0};
        int pshift = 1;
        while (head < high) {
            if ((p[0] & 3) == 3) {
                st.sift(head, pshift);
                shr(p, 2);
                pshift += 2;
            } else {
                if (lp[pshift - 1] >= high - head) {
                    st.trinkle(head, p, pshift, false);
                } else {
                    st.sift(head, pshift);
                }
                if (pshift == 1) {
                    shl(p, 1);
                    pshift = 0;
                } else {
                    shl(p, pshift - 1);
                    pshift = 1;
                }
            }
            p[0] |= 1;
            head++;
        }
        st.trinkle(head, p, pshift, false);
        while (pshift != 1 || p[0] != 1 || p[1] != 0) {
            if (pshift <= 1) {
                int trail = pntz(p);
                shr(p, trail);
                pshift += trail;
            } else {
                shl(p, 2);
                pshift -= 2;
                p[0] ^= 7;
                shr(p, 1);
                st.trinkle(head - (int) lp[pshift] - 1, p, pshift + 1, true);
                shl(p, 1);
                p[0] |= 1;
                st.trinkle(head - 1, p, pshift, true);
            }
            head--;
        }
    }

    private static final class State<T> {
        final T[] a;
        final Comparator<? super T> cmp;
        final long[] lp;
        final int[] ar = new int[14 * 8 + 2];

        State(T[] a, Comparator<? super T> cmp, long[] lp) {
            this.a = a;
            this.cmp = cmp;
            this.lp = lp;
        }

        int cmp(int i, int j) {
            return cmp.compare(a[i], a[j]);
        }

        /** musl's cycle(): ar[0] <- ar[1] <- ... <- ar[n-1] <- old ar[0]. */
        void cycle(int n) {
            if (n < 2) return;
            T tmp = a[ar[0]];
            for (int i = 0; i < n - 1; i++) a[ar[i]] = a[ar[i + 1]];
            a[ar[n - 1]] = tmp;
        }

        void sift(int head, int pshift) {
            int i = 1;
            ar[0] = head;
            while (pshift > 1) {
                int rt = head - 1;
                int lf = head - 1 - (int) lp[pshift - 2];
                if (cmp(ar[0], lf) >= 0 && cmp(ar[0], rt) >= 0) break;
                if (cmp(lf, rt) >= 0) {
                    ar[i++] = lf;
                    head = lf;
                    pshift -= 1;
                } else {
                    ar[i++] = rt;
                    head = rt;
                    pshift -= 2;
                }
            }
            cycle(i);
        }

        void trinkle(int head, long[] pp, int pshift, boolean trusty) {
            long[] p = {pp[0], pp[1]};
            int i = 1;
            ar[0] = head;
            while (p[0] != 1 || p[1] != 0) {
                int stepson = head - (int) lp[pshift];
                if (cmp(stepson, ar[0]) <= 0) break;
                if (!trusty && pshift > 1) {
                    int rt = head - 1;
                    int lf = head - 1 - (int) lp[pshift - 2];
                    if (cmp(rt, stepson) >= 0 || cmp(lf, stepson) >= 0) break;
                }
                ar[i++] = stepson;
                head = stepson;
                int trail = pntz(p);
                shr(p, trail);
                pshift += trail;
                trusty = false;
            }
            if (!trusty) {
                cycle(i);
                sift(head, pshift);
            }
        }
    }

    /** Trailing zeros of the 128-bit p[1]:p[0] minus one (musl's pntz); 0 if none found. */
    private static int pntz(long[] p) {
        int r = Long.numberOfTrailingZeros(p[0] - 1);
        if (r != 0 || (r = 64 + Long.numberOfTrailingZeros(p[1])) != 64) return r;
        return 0;
    }

    private static void shl(long[] p, int n) {
        if (n >= 64) {
            n -= 64;
            p[1] = p[0];
            p[0] = 0;
        }
        if (n == 0) return; // C shifts by 64 - 0 would be undefined; musl never calls with n == 0 here
        p[1] <<= n;
        p[1] |= p[0] >>> (64 - n);
        p[0] <<= n;
    }

    private static void shr(long[] p, int n) {
        if (n >= 64) {
            n -= 64;
            p[0] = p[1];
            p[1] = 0;
        }
        if (n == 0) return;
        p[0] >>>= n;
        p[0] |= p[1] << (64 - n);
        p[1] >>>= n;
    }
}
