package io.redisdouble.rdb;

/**
 * liblzf as Redis builds it (lzf_c.c, lzf_d.c with lzfP.h: HLOG 16, VERY_FAST, not ULTRA_FAST), so a
 * compressed string is the same bytes Redis writes. Format: {@code 000LLLLL} + L+1 literal bytes;
 * {@code LLLooooo oooooooo} a back reference of L+2 bytes at offset o+1; {@code 111ooooo LLLLLLLL oooooooo}
 * one of L+9 bytes.
 *
 * <p>Redis leaves its hash table uninitialised (INIT_HTAB 0): a slot no position of the current input has
 * written may hold a stale offset from an earlier call, which can, rarely, yield another valid encoding
 * of repetitive data. This compressor starts from an empty table, as a fresh process does.
 */
public final class Lzf {
    private Lzf() {}

    private static final int HLOG = 16;
    private static final int HSIZE = 1 << HLOG;
    private static final int MAX_LIT = 1 << 5;
    private static final int MAX_OFF = 1 << 13;
    private static final int MAX_REF = (1 << 8) + (1 << 3);

    private static int idx(int h) {
        return ((h >>> (3 * 8 - HLOG)) - h * 5) & (HSIZE - 1);
    }

    /**
     * lzf_compress into at most {@code outLen} bytes: the compressed length, or 0 if it does not fit.
     */
    public static int compress(byte[] in, int inLen, byte[] out, int outLen) {
        if (inLen == 0 || outLen == 0) return 0;
        int[] htab = new int[HSIZE]; // offsets + 1; 0 = empty (Redis: offset 0 reads as NULL)
        int ip = 0, op = 0;
        int lit = 0;
        op++; // start run
        int hval = ((in[0] & 0xff) << 8) | (inLen > 1 ? in[1] & 0xff : 0);
        while (ip < inLen - 2) {
            hval = (hval << 8) | (in[ip + 2] & 0xff);
            int slot = idx(hval);
            int stored = htab[slot];
            int ref = stored == 0 ? -1 : stored - 1;
            htab[slot] = ip + 1;
            int off;
            if (ref > 0 && ref < ip && (off = ip - ref - 1) < MAX_OFF
                    && in[ref + 2] == in[ip + 2] && in[ref] == in[ip] && in[ref + 1] == in[ip + 1]) {
                int len = 2;
                int maxlen = inLen - ip - len;
                if (maxlen > MAX_REF) maxlen = MAX_REF;
                if (op + 3 + 1 >= outLen) {
                    if (op - (lit == 0 ? 1 : 0) + 3 + 1 >= outLen) return 0;
                }
                out[op - lit - 1] = (byte) (lit - 1); // stop run
                if (lit == 0) op--; // undo run if length is zero
                // lzf_c.c's loop: 16 unrolled compares (no maxlen check) when maxlen > 16, then the bounded one
                boolean mismatch = false;
                if (maxlen > 16) {
                    for (int u = 0; u < 16 && !mismatch; u++) {
                        len++;
                        mismatch = in[ref + len] != in[ip + len];
                    }
                }
                if (!mismatch) {
                    do {
                        len++;
                    } while (len < maxlen && in[ref + len] == in[ip + len]);
                }
                len -= 2; // len is now #octets - 1
                ip++;
                if (len < 7) {
                    out[op++] = (byte) ((off >> 8) + (len << 5));
                } else {
                    out[op++] = (byte) ((off >> 8) + (7 << 5));
                    out[op++] = (byte) (len - 7);
                }
                out[op++] = (byte) off;
                lit = 0;
                op++; // start run
                ip += len + 1;
                if (ip >= inLen - 2) break;
                ip -= 2; // VERY_FAST: hash the two positions before the new one
                hval = ((in[ip] & 0xff) << 8) | (in[ip + 1] & 0xff);
                hval = (hval << 8) | (in[ip + 2] & 0xff);
                htab[idx(hval)] = ip + 1;
                ip++;
                hval = (hval << 8) | (in[ip + 2] & 0xff);
                htab[idx(hval)] = ip + 1;
                ip++;
            } else {
                if (op >= outLen) return 0;
                lit++;
                out[op++] = in[ip++];
                if (lit == MAX_LIT) {
                    out[op - lit - 1] = (byte) (lit - 1);
                    lit = 0;
                    op++;
                }
            }
        }
        if (op + 3 > outLen) return 0;
        while (ip < inLen) {
            lit++;
            out[op++] = in[ip++];
            if (lit == MAX_LIT) {
                out[op - lit - 1] = (byte) (lit - 1);
                lit = 0;
                op++;
            }
        }
        out[op - lit - 1] = (byte) (lit - 1);
        if (lit == 0) op--;
        return op;
    }

    /** lzf_decompress: the decompressed bytes, which must be exactly {@code len}; null if corrupt. */
    public static byte[] decompress(byte[] in, int inOff, int inLen, int len) {
        byte[] out = new byte[len];
        int ip = inOff, end = inOff + inLen, op = 0;
        while (ip < end) {
            int ctrl = in[ip++] & 0xff;
            if (ctrl < (1 << 5)) {
                ctrl++;
                if (op + ctrl > len || ip + ctrl > end) return null;
                System.arraycopy(in, ip, out, op, ctrl);
                ip += ctrl;
                op += ctrl;
            } else {
                int l = ctrl >> 5;
                int ref = op - ((ctrl & 0x1f) << 8) - 1;
                if (ip >= end) return null;
                if (l == 7) {
                    l += in[ip++] & 0xff;
                    if (ip >= end) return null;
                }
                ref -= in[ip++] & 0xff;
                if (op + l + 2 > len || ref < 0) return null;
                for (int i = 0; i < l + 2; i++) out[op++] = out[ref++];
            }
        }
        return op == len ? out : null;
    }
}
