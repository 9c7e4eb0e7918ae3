package io.redisdouble.hll;

import java.util.Arrays;

import static io.redisdouble.hll.Hll.*;

/**
 * One HLL value being edited, copy-on-write: stored strings are never mutated (a reply or a script may
 * still hold them), so the first change copies the value, and an edit that changes nothing (PFADD of
 * elements already counted) copies nothing. Sparse values are edited in a buffer with room to grow, as
 * Redis edits its sds in place; {@link #value()} gives the exact bytes Redis would hold.
 */
public final class HllWork {
    private byte[] b;
    private int len;
    private boolean owned;
    private final long sparseMaxBytes;
    private final boolean overflowIsCorrupt;

    /**
     * @param value a value that passed {@link Hll#isValid}, not modified by this object
     * @param sparseMaxBytes hll-sparse-max-bytes
     * @param overflowIsCorrupt a VAL opcode running past the last register makes the value corrupt
     *     (Quirk.HLL_SPARSE_OVERFLOW_IS_CORRUPT) instead of ending it
     */
    public HllWork(byte[] value, long sparseMaxBytes, boolean overflowIsCorrupt) {
        this.b = value;
        this.len = value.length;
        this.sparseMaxBytes = sparseMaxBytes;
        this.overflowIsCorrupt = overflowIsCorrupt;
    }

    /** True once something was written (the value must then be stored). */
    public boolean changed() {
        return owned;
    }

    /** The current bytes (a fresh array of exactly the value's length when changed). */
    public byte[] value() {
        if (owned && b.length != len) {
            b = Arrays.copyOf(b, len);
        }
        return b;
    }

    public boolean isDense() {
        return b[ENCODING] == DENSE;
    }

    /**
     * Makes {@code b} ours with room for at least {@code capacity} bytes. Past {@code len} the buffer
     * reads as Redis's sds does past its length: a 0 terminator, except where an edit wrote beyond it.
     */
    private void own(int capacity) {
        if (!owned || b.length < capacity) {
            b = Arrays.copyOf(b, Math.max(capacity, owned ? b.length * 2 : len));
            owned = true;
        }
    }

    /** sdsIncrLen: the new length, with the terminator after it. */
    private void setLength(int newLen) {
        len = newLen;
        if (len < b.length) b[len] = 0;
    }

    /** HLL_INVALIDATE_CACHE on the edited value. */
    public void invalidateCache() {
        if (owned || cacheValid(b)) {
            own(len);
            Hll.invalidateCache(b);
        }
    }

    /** Writes the cached cardinality into the header. */
    public void setCachedCard(long card) {
        own(len);
        Hll.setCachedCard(b, card);
    }

    /** hllAdd: 1 if a register grew, 0 if not, -1 if the sparse representation is corrupt. */
    public int add(byte[] ele) {
        int pl = patLen(ele);
        return set(pl >>> 8, pl & 0xff);
    }

    /** hllDenseSet / hllSparseSet: raises register {@code index} to {@code count}; 1, 0 or -1 as {@link #add}. */
    public int set(int index, int count) {
        if (b[ENCODING] == DENSE) return denseSetMax(index, count);
        return sparseSet(index, count);
    }

    private int denseSetMax(int index, int count) {
        if (count <= denseGet(b, index)) return 0;
        own(len);
        denseSet(b, index, count);
        return 1;
    }

    /**
     * hllSparseToDense: a dense value with the same header (magic, cache, unused bytes) and the registers
     * the opcodes describe. False (nothing changed) when the opcodes do not cover exactly 16384
     * registers, or one runs past the last (with overflowIsCorrupt). A dense value is left as it is.
     */
    public boolean toDense() {
        if (b[ENCODING] == DENSE) return true;
        byte[] d = new byte[DENSE_SIZE];
        System.arraycopy(b, 0, d, 0, HDR_SIZE);
        d[ENCODING] = DENSE;
        int idx = 0, p = HDR_SIZE;
        while (p < len) {
            int op = b[p] & 0xff;
            if (isZero(op)) {
                idx += zeroLen(op);
                p++;
            } else if (isXzero(op)) {
                idx += xzeroLen(b, p);
                p += 2;
            } else {
                int run = valLen(op), val = valValue(op);
                if (run + idx > REGISTERS) {
                    if (overflowIsCorrupt) return false;
                    break;
                }
                while (run-- > 0) denseSet(d, idx++, val);
                p++;
            }
        }
        if (idx != REGISTERS) return false;
        b = d;
        len = DENSE_SIZE;
        owned = true;
        return true;
    }

    /** hllSparseSet, with the same opcode splits and merges, so the bytes come out as Redis's. */
    private int sparseSet(int index, int count) {
        if (count > SPARSE_VAL_MAX_VALUE) return promote(index, count);

        // Step 1: find the opcode covering the register.
        int p = HDR_SIZE, end = len, first = 0, prev = -1, span = 0;
        while (p < end) {
            int op = b[p] & 0xff, oplen = 1;
            if (isZero(op)) {
                span = zeroLen(op);
            } else if (isVal(op)) {
                span = valLen(op);
            } else {
                span = xzeroLen(b, p);
                oplen = 2;
            }
            if (index <= first + span - 1) break;
            prev = p;
            p += oplen;
            first += span;
        }
        if (span == 0 || p >= end) return -1;

        int op = b[p] & 0xff;
        boolean zero = isZero(op), xzero = isXzero(op), val = !zero && !xzero;
        int next = xzero ? p + 2 : p + 1;
        if (next >= end) next = -1;
        int runlen = zero ? zeroLen(op) : xzero ? xzeroLen(b, p) : valLen(op);

        // Step 2: the trivial updates in place.
        if (val) {
            if (valValue(op) >= count) return 0;
            if (runlen == 1) {
                own(len + 5);
                b[p] = Hll.val(count, 1);
                return merged(prev, len);
            }
        }
        if (zero && runlen == 1) {
            own(len + 5);
            b[p] = Hll.val(count, 1);
            return merged(prev, len);
        }

        // The general case: split the opcode into up to three (XZERO-VAL-XZERO at most: 5 bytes).
        int n = 0;
        int last = first + span - 1;
        long seq = 0; // up to 5 bytes, first byte lowest
        if (zero || xzero) {
            if (index != first) {
                int l = index - first;
                if (l > SPARSE_ZERO_MAX_LEN) {
                    int x = l - 1;
                    seq |= (long) (((x >>> 8) | 0x40) & 0xff) << (8 * n++);
                    seq |= (long) (x & 0xff) << (8 * n++);
                } else {
                    seq |= (long) (zero(l) & 0xff) << (8 * n++);
                }
            }
            seq |= (long) (Hll.val(count, 1) & 0xff) << (8 * n++);
            if (index != last) {
                int l = last - index;
                if (l > SPARSE_ZERO_MAX_LEN) {
                    int x = l - 1;
                    seq |= (long) (((x >>> 8) | 0x40) & 0xff) << (8 * n++);
                    seq |= (long) (x & 0xff) << (8 * n++);
                } else {
                    seq |= (long) (zero(l) & 0xff) << (8 * n++);
                }
            }
        } else {
            int cur = valValue(op);
            if (index != first) seq |= (long) (Hll.val(cur, index - first) & 0xff) << (8 * n++);
            seq |= (long) (Hll.val(count, 1) & 0xff) << (8 * n++);
            if (index != last) seq |= (long) (Hll.val(cur, last - index) & 0xff) << (8 * n++);
        }

        // Step 3: put the sequence in place of the old opcode, or promote when the value would grow
        // beyond hll-sparse-max-bytes.
        int oldlen = xzero ? 2 : 1;
        int delta = n - oldlen;
        if (delta > 0 && len + delta > sparseMaxBytes) return promote(index, count);
        own(len + 5);
        if (delta != 0 && next >= 0) System.arraycopy(b, next, b, next + delta, end - next);
        setLength(len + delta);
        // An XZERO cut short at the end (a corrupt value) makes the sequence overrun the new length by
        // one byte, which lands where the terminator was, as Redis's memcpy does.
        for (int i = 0; i < n; i++) b[p + i] = (byte) (seq >>> (8 * i));
        return merged(prev, len);
    }

    /** Step 4 of hllSparseSet: merges adjacent equal VAL opcodes (up to 5 opcodes from prev), invalidates the cache. */
    private int merged(int prev, int end) {
        int p = prev >= 0 ? prev : HDR_SIZE;
        int scan = 5;
        while (p < end && scan-- > 0) {
            int op = b[p] & 0xff;
            if (isXzero(op)) {
                p += 2;
                continue;
            } else if (isZero(op)) {
                p++;
                continue;
            }
            if (p + 1 < end && isVal(b[p + 1] & 0xff)) {
                int v1 = valValue(op), v2 = valValue(b[p + 1] & 0xff);
                if (v1 == v2) {
                    int l = valLen(op) + valLen(b[p + 1] & 0xff);
                    if (l <= SPARSE_VAL_MAX_LEN) {
                        b[p + 1] = Hll.val(v1, l);
                        System.arraycopy(b, p + 1, b, p, end - p - 1);
                        setLength(len - 1);
                        end--;
                        continue;
                    }
                }
            }
            p++;
        }
        Hll.invalidateCache(b);
        return 1;
    }

    private int promote(int index, int count) {
        if (!toDense()) return -1;
        denseSetMax(index, count);
        return 1;
    }
}
