package io.redisdouble.hll;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Redis's HyperLogLog representation (hyperloglog.c), as the very bytes of a string value.
 *
 * <p>A value is a 16-byte header ("HYLL", the encoding byte, three unused bytes, the cached cardinality
 * as 8 little-endian bytes whose top bit set means "not valid") followed by the registers: dense, 16384
 * registers of 6 bits packed least significant bit first (12288 bytes), or sparse, a run-length code of
 * ZERO (00xxxxxx: 1-64 zero registers), XZERO (01xxxxxx xxxxxxxx: 1-16384 zero registers) and VAL
 * (1vvvvvxx: 1-4 registers of value 1-32) opcodes. Elements hash with MurmurHash64A, seed 0xadc83b19:
 * the low 14 bits pick the register, the run of zero bits above them (plus one) is the value.
 *
 * <p>Everything here works on plain arrays; {@link HllWork} edits a value copy-on-write.
 */
public final class Hll {
    private Hll() {}

    public static final int P = 14;
    public static final int Q = 64 - P;
    public static final int REGISTERS = 1 << P;
    public static final int REGISTER_MAX = 63;
    public static final int HDR_SIZE = 16;
    public static final int DENSE_SIZE = HDR_SIZE + (REGISTERS * 6 + 7) / 8;
    public static final int DENSE = 0, SPARSE = 1;
    /** Offset of the encoding byte in the header. */
    public static final int ENCODING = 4;
    static final int SPARSE_VAL_MAX_VALUE = 32, SPARSE_VAL_MAX_LEN = 4;
    static final int SPARSE_ZERO_MAX_LEN = 64, SPARSE_XZERO_MAX_LEN = 16384;
    private static final int SEED = 0xadc83b19;
    /** 0.5/ln(2): HLL_ALPHA_INF. */
    private static final double ALPHA_INF = 0.721347520444481703680;

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    // ---- hashing ------------------------------------------------------------------------------------

    /** MurmurHash64A as Redis has it (endian neutral: 8-byte blocks read little endian). */
    public static long murmurHash64A(byte[] key, int seed) {
        final long m = 0xc6a4a7935bd1e995L;
        final int r = 47;
        int len = key.length;
        long h = (seed & 0xffffffffL) ^ (len * m);
        int end = len - (len & 7);
        for (int i = 0; i < end; i += 8) {
            long k = (long) LONG_LE.get(key, i);
            k *= m;
            k ^= k >>> r;
            k *= m;
            h ^= k;
            h *= m;
        }
        int rest = len & 7;
        if (rest != 0) {
            for (int i = rest - 1; i >= 0; i--) h ^= (long) (key[end + i] & 0xff) << (8 * i);
            h *= m;
        }
        h ^= h >>> r;
        h *= m;
        h ^= h >>> r;
        return h;
    }

    /**
     * hllPatLen: the register an element hashes to and the length of its "000..1" pattern (1 to Q+1),
     * packed as {@code index << 8 | count}.
     */
    public static int patLen(byte[] ele) {
        long hash = murmurHash64A(ele, SEED);
        int index = (int) (hash & (REGISTERS - 1));
        hash >>>= P;
        hash |= 1L << Q;
        int count = Long.numberOfTrailingZeros(hash) + 1;
        return index << 8 | count;
    }

    // ---- header -------------------------------------------------------------------------------------

    /**
     * isHLLObjectOrReply's checks on a string value: at least a header, "HYLL", encoding dense or sparse,
     * and a dense value of exactly {@link #DENSE_SIZE} bytes.
     */
    public static boolean isValid(byte[] v) {
        if (v.length < HDR_SIZE) return false;
        if (v[0] != 'H' || v[1] != 'Y' || v[2] != 'L' || v[3] != 'L') return false;
        int enc = v[ENCODING] & 0xff;
        if (enc > SPARSE) return false;
        return enc != DENSE || v.length == DENSE_SIZE;
    }

    public static boolean isDense(byte[] v) {
        return v[ENCODING] == DENSE;
    }

    /** HLL_VALID_CACHE. */
    public static boolean cacheValid(byte[] v) {
        return (v[15] & 0x80) == 0;
    }

    /** The cached cardinality (valid only when {@link #cacheValid}). */
    public static long cachedCard(byte[] v) {
        return (long) LONG_LE.get(v, 8);
    }

    /** Writes a cardinality into the header (clears the "invalid" bit for any card below 2^63). */
    public static void setCachedCard(byte[] v, long card) {
        LONG_LE.set(v, 8, card);
    }

    /** HLL_INVALIDATE_CACHE. */
    static void invalidateCache(byte[] v) {
        v[15] |= (byte) 0x80;
    }

    /** createHLLObject: an empty sparse HLL, "HYLL" + sparse + a zero cache + one XZERO of 16384. */
    public static byte[] createSparse() {
        int n = (REGISTERS + SPARSE_XZERO_MAX_LEN - 1) / SPARSE_XZERO_MAX_LEN;
        byte[] v = new byte[HDR_SIZE + 2 * n];
        v[0] = 'H';
        v[1] = 'Y';
        v[2] = 'L';
        v[3] = 'L';
        v[ENCODING] = SPARSE;
        int p = HDR_SIZE, left = REGISTERS;
        while (left > 0) {
            int x = Math.min(SPARSE_XZERO_MAX_LEN, left);
            setXzero(v, p, x);
            p += 2;
            left -= x;
        }
        return v;
    }

    // ---- dense registers ----------------------------------------------------------------------------

    /** HLL_DENSE_GET_REGISTER on a whole value (registers after the header). */
    public static int denseGet(byte[] v, int reg) {
        int bit = reg * 6;
        int at = HDR_SIZE + (bit >>> 3), fb = bit & 7;
        int b0 = v[at] & 0xff;
        int b1 = at + 1 < v.length ? v[at + 1] & 0xff : 0; // Redis reads the sds terminator
        return ((b0 >>> fb) | (b1 << (8 - fb))) & REGISTER_MAX;
    }

    /** HLL_DENSE_SET_REGISTER on a whole value. */
    public static void denseSet(byte[] v, int reg, int val) {
        int bit = reg * 6;
        int at = HDR_SIZE + (bit >>> 3), fb = bit & 7;
        v[at] = (byte) ((v[at] & ~(REGISTER_MAX << fb)) | (val << fb));
        if (at + 1 < v.length) {
            int fb8 = 8 - fb;
            v[at + 1] = (byte) ((v[at + 1] & ~(REGISTER_MAX >>> fb8)) | (val >>> fb8));
        }
    }

    // ---- sparse opcodes -----------------------------------------------------------------------------

    static boolean isZero(int op) {
        return (op & 0xc0) == 0;
    }

    static boolean isXzero(int op) {
        return (op & 0xc0) == 0x40;
    }

    static boolean isVal(int op) {
        return (op & 0x80) != 0;
    }

    static int zeroLen(int op) {
        return (op & 0x3f) + 1;
    }

    /**
     * HLL_SPARSE_XZERO_LEN of the opcode at p. An XZERO cut short by the end of the string reads the byte
     * after it, as Redis reads the sds terminator: 0 for a stored value (an exact-length array), whatever
     * an edit left there in an {@link HllWork} buffer.
     */
    static int xzeroLen(byte[] b, int p) {
        int second = p + 1 < b.length ? b[p + 1] & 0xff : 0;
        return (((b[p] & 0x3f) << 8) | second) + 1;
    }

    static int valValue(int op) {
        return ((op >>> 2) & 0x1f) + 1;
    }

    static int valLen(int op) {
        return (op & 0x3) + 1;
    }

    static byte val(int value, int len) {
        return (byte) (((value - 1) << 2 | (len - 1)) | 0x80);
    }

    static byte zero(int len) {
        return (byte) (len - 1);
    }

    static void setXzero(byte[] b, int p, int len) {
        int l = len - 1;
        b[p] = (byte) ((l >>> 8) | 0x40);
        b[p + 1] = (byte) (l & 0xff);
    }

    // ---- merging and counting -----------------------------------------------------------------------

    /**
     * hllMerge: max[i] = MAX(max[i], register i) for a valid (header-checked) value. A sparse value that
     * does not cover exactly 16384 registers is corrupt: false (max may be partly updated, as in Redis).
     * A VAL opcode that runs past the last register ends the value, or with {@code overflowIsCorrupt}
     * (Quirk.HLL_SPARSE_OVERFLOW_IS_CORRUPT) makes it corrupt.
     */
    public static boolean mergeInto(byte[] max, byte[] v, boolean overflowIsCorrupt) {
        if (isDense(v)) {
            int r = HDR_SIZE;
            for (int i = 0; i < REGISTERS; i += 4, r += 3) {
                int b0 = v[r] & 0xff, b1 = v[r + 1] & 0xff, b2 = v[r + 2] & 0xff;
                int r0 = b0 & 63, r1 = (b0 >>> 6 | b1 << 2) & 63, r2 = (b1 >>> 4 | b2 << 4) & 63, r3 = b2 >>> 2;
                if (r0 > max[i]) max[i] = (byte) r0;
                if (r1 > max[i + 1]) max[i + 1] = (byte) r1;
                if (r2 > max[i + 2]) max[i + 2] = (byte) r2;
                if (r3 > max[i + 3]) max[i + 3] = (byte) r3;
            }
            return true;
        }
        int len = v.length, p = HDR_SIZE, i = 0;
        while (p < len) {
            int op = v[p] & 0xff;
            if (isZero(op)) {
                i += zeroLen(op);
                p++;
            } else if (isXzero(op)) {
                i += xzeroLen(v, p);
                p += 2;
            } else {
                int run = valLen(op), val = valValue(op);
                if (run + i > REGISTERS) {
                    if (overflowIsCorrupt) return false;
                    break;
                }
                while (run-- > 0) {
                    if (val > max[i]) max[i] = (byte) val;
                    i++;
                }
                p++;
            }
        }
        return i == REGISTERS;
    }

    /**
     * hllCount of a valid value: the estimate from its register histogram. For a sparse value that does
     * not cover exactly 16384 registers returns -1 (Redis's "invalid" flag).
     */
    public static long count(byte[] v, int[] histo) {
        java.util.Arrays.fill(histo, 0);
        if (isDense(v)) {
            denseHisto(v, histo);
        } else if (!sparseHisto(v, histo)) {
            return -1;
        }
        return estimate(histo);
    }

    /** hllCount with HLL_RAW: the estimate of 16384 one-byte registers (PFCOUNT of several keys). */
    public static long countRaw(byte[] max, int[] histo) {
        java.util.Arrays.fill(histo, 0);
        for (int i = 0; i < REGISTERS; i += 8) {
            if ((long) LONG_LE.get(max, i) == 0) {
                histo[0] += 8;
            } else {
                for (int j = i; j < i + 8; j++) histo[max[j]]++;
            }
        }
        return estimate(histo);
    }

    private static void denseHisto(byte[] v, int[] histo) {
        int r = HDR_SIZE;
        for (int i = 0; i < REGISTERS; i += 4, r += 3) {
            int b0 = v[r] & 0xff, b1 = v[r + 1] & 0xff, b2 = v[r + 2] & 0xff;
            histo[b0 & 63]++;
            histo[(b0 >>> 6 | b1 << 2) & 63]++;
            histo[(b1 >>> 4 | b2 << 4) & 63]++;
            histo[b2 >>> 2]++;
        }
    }

    /** hllSparseRegHisto: no overflow check while counting; false when the runs do not total 16384. */
    private static boolean sparseHisto(byte[] v, int[] histo) {
        int len = v.length, p = HDR_SIZE, idx = 0;
        while (p < len) {
            int op = v[p] & 0xff;
            if (isZero(op)) {
                int run = zeroLen(op);
                idx += run;
                histo[0] += run;
                p++;
            } else if (isXzero(op)) {
                int run = xzeroLen(v, p);
                idx += run;
                histo[0] += run;
                p += 2;
            } else {
                int run = valLen(op);
                idx += run;
                histo[valValue(op)] += run;
                p++;
            }
        }
        return idx == REGISTERS;
    }

    /**
     * The estimator of every version (Otmar Ertl, "New cardinality estimation algorithms for HyperLogLog
     * sketches", arXiv:1702.01284), rounded half away from zero as llroundl does.
     */
    static long estimate(int[] histo) {
        double m = REGISTERS;
        double z = m * tau((m - histo[Q + 1]) / m);
        for (int j = Q; j >= 1; --j) {
            z += histo[j];
            z *= 0.5;
        }
        z += m * sigma(histo[0] / m);
        double e = ALPHA_INF * m * m / z;
        return Math.round(e);
    }

    /** Bounds the loops below where Redis would spin forever on a NaN (only a corrupt histogram gives one). */
    private static final int MAX_STEPS = 10_000;

    private static double sigma(double x) {
        if (x == 1.0) return Double.POSITIVE_INFINITY;
        double zPrime, y = 1, z = x;
        int steps = 0;
        do {
            x *= x;
            zPrime = z;
            z += x * y;
            y += y;
        } while (zPrime != z && ++steps < MAX_STEPS);
        return z;
    }

    private static double tau(double x) {
        if (x == 0.0 || x == 1.0) return 0.0;
        double zPrime, y = 1.0, z = 1 - x;
        int steps = 0;
        do {
            x = Math.sqrt(x);
            zPrime = z;
            y *= 0.5;
            double d = 1 - x;
            z -= d * d * y;
        } while (zPrime != z && ++steps < MAX_STEPS);
        return z / 3;
    }
}
