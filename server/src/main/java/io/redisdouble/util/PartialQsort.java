package io.redisdouble.util;

import java.util.Comparator;

/**
 * Redis's pqsort.c, which SORT … BY pattern LIMIT uses: the Bentley–McIlroy quicksort of NetBSD's libc
 * (median of three, or of nine above 40 elements; insertion sort below 7; equal keys gathered at both
 * ends, then swapped to the middle) that only recurses into the parts overlapping the wanted range.
 * It is not stable, and elements outside the range are left in whatever order the partitioning made,
 * so the order of elements that compare equal is this algorithm's: it is written here step for step
 * (on element indexes instead of byte pointers) so that it permutes exactly as Redis does.
 */
public final class PartialQsort {
    private PartialQsort() {}

    /** Sorts {@code a} so that positions {@code lrange..rrange} (inclusive) hold what a full sort would. */
    public static <T> void sort(T[] a, Comparator<? super T> cmp, int lrange, int rrange) {
        pqsort(a, 0, a.length, cmp, lrange, rrange);
    }

    private static <T> void swap(T[] a, int i, int j) {
        T t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    private static <T> void vecswap(T[] a, int i, int j, int n) {
        for (int k = 0; k < n; k++) swap(a, i + k, j + k);
    }

    private static <T> int med3(T[] a, int x, int y, int z, Comparator<? super T> cmp) {
        return cmp.compare(a[x], a[y]) < 0
                ? (cmp.compare(a[y], a[z]) < 0 ? y : (cmp.compare(a[x], a[z]) < 0 ? z : x))
                : (cmp.compare(a[y], a[z]) > 0 ? y : (cmp.compare(a[x], a[z]) < 0 ? x : z));
    }

    /** Whether [l, r] (element indexes) overlaps the wanted range, as _pqsort tests it. */
    private static boolean overlaps(int l, int r, int lrange, int rrange) {
        return !((lrange < l && rrange < l) || (lrange > r && rrange > r));
    }

    private static <T> void pqsort(T[] a, int lo, int n, Comparator<? super T> cmp, int lrange, int rrange) {
        while (true) {
            if (n < 7) {
                for (int pm = lo + 1; pm < lo + n; pm++) {
                    for (int pl = pm; pl > lo && cmp.compare(a[pl - 1], a[pl]) > 0; pl--) swap(a, pl, pl - 1);
                }
                return;
            }
            int pm = lo + n / 2;
            if (n > 7) {
                int pl = lo;
                int pn = lo + n - 1;
                if (n > 40) {
                    int d = n / 8;
                    pl = med3(a, pl, pl + d, pl + 2 * d, cmp);
                    pm = med3(a, pm - d, pm, pm + d, cmp);
                    pn = med3(a, pn - 2 * d, pn - d, pn, cmp);
                }
                pm = med3(a, pl, pm, pn, cmp);
            }
            swap(a, lo, pm);
            int pa = lo + 1, pb = lo + 1;
            int pc = lo + n - 1, pd = lo + n - 1;
            while (true) {
                int r;
                while (pb <= pc && (r = cmp.compare(a[pb], a[lo])) <= 0) {
                    if (r == 0) {
                        swap(a, pa, pb);
                        pa++;
                    }
                    pb++;
                }
                while (pb <= pc && (r = cmp.compare(a[pc], a[lo])) >= 0) {
                    if (r == 0) {
                        swap(a, pc, pd);
                        pd--;
                    }
                    pc--;
                }
                if (pb > pc) break;
                swap(a, pb, pc);
                pb++;
                pc--;
            }
            int pn = lo + n;
            int r = Math.min(pa - lo, pb - pa);
            vecswap(a, lo, pb - r, r);
            r = Math.min(pd - pc, pn - pd - 1);
            vecswap(a, pb, pn - r, r);
            if ((r = pb - pa) > 1 && overlaps(lo, lo + r - 1, lrange, rrange)) pqsort(a, lo, r, cmp, lrange, rrange);
            if ((r = pd - pc) > 1) {
                lo = pn - r;
                n = r;
                if (overlaps(lo, lo + r - 1, lrange, rrange)) continue;
            }
            return;
        }
    }
}
