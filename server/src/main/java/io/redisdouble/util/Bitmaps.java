package io.redisdouble.util;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Bit arithmetic over byte strings, numbered as Redis numbers them (bitops.c): bit 0 is the most
 * significant bit of byte 0. Words are read big-endian so that this order is the order of a long's
 * bits from the top, which lets population counts and searches go eight bytes at a time.
 */
public final class Bitmaps {
    private Bitmaps() {}

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** redisPopcount: the number of set bits in {@code p[from, from + count)}. */
    public static long popcount(byte[] p, int from, int count) {
        long bits = 0;
        int i = from, end = from + count;
        for (; i + 8 <= end; i += 8) bits += Long.bitCount((long) LONGS.get(p, i));
        for (; i < end; i++) bits += Integer.bitCount(p[i] & 0xff);
        return bits;
    }

    /**
     * redisBitpos: the position (from bit 0 of {@code p[from]}) of the first bit equal to {@code bit} in
     * {@code p[from, from + count)}. When there is none: -1 when looking for a 1, and {@code count * 8}
     * when looking for a 0 (the string is taken as zero-padded on the right).
     */
    public static long bitpos(byte[] p, int from, int count, int bit) {
        long skip = bit == 1 ? 0 : -1L;
        int i = from, end = from + count;
        for (; i + 8 <= end; i += 8) {
            long w = (long) LONGS.get(p, i);
            if (w != skip) return (long) (i - from) * 8 + Long.numberOfLeadingZeros(bit == 1 ? w : ~w);
        }
        for (; i < end; i++) {
            int b = p[i] & 0xff;
            if (bit == 1 ? b != 0 : b != 0xff) {
                return (long) (i - from) * 8 + Integer.numberOfLeadingZeros(bit == 1 ? b : ~b & 0xff) - 24;
            }
        }
        return bit == 1 ? -1 : (long) count * 8;
    }

    /** getUnsignedBitfield: {@code bits} (1..64) bits from bit {@code offset}, as an unsigned value. */
    public static long getUnsigned(byte[] p, long offset, int bits) {
        long value = 0;
        for (int j = 0; j < bits; j++, offset++) {
            int b = p[(int) (offset >>> 3)] & 0xff;
            value = (value << 1) | ((b >>> (7 - (offset & 7))) & 1);
        }
        return value;
    }

    /** getSignedBitfield: as {@link #getUnsigned}, the top bit sign-extended. */
    public static long getSigned(byte[] p, long offset, int bits) {
        long value = getUnsigned(p, offset, bits);
        if (bits < 64 && (value & (1L << (bits - 1))) != 0) value |= -1L << bits;
        return value;
    }

    /** setUnsignedBitfield: writes the low {@code bits} bits of {@code value} at bit {@code offset}. */
    public static void set(byte[] p, long offset, int bits, long value) {
        for (int j = 0; j < bits; j++, offset++) {
            int bitval = (int) ((value >>> (bits - 1 - j)) & 1);
            int idx = (int) (offset >>> 3);
            int shift = (int) (7 - (offset & 7));
            p[idx] = (byte) ((p[idx] & ~(1 << shift)) | (bitval << shift));
        }
    }

    /** Overflow policies of BITFIELD's OVERFLOW. */
    public static final int WRAP = 0, SAT = 1, FAIL = 2;

    /**
     * checkUnsignedBitfieldOverflow: whether {@code value + incr} (value unsigned) fits in {@code bits}
     * unsigned bits. Returns 0 if it does; otherwise 1 (overflow) or -1 (underflow) and, in
     * {@code limit[0]}, the value to store: wrapped under {@link #WRAP}, the bound under {@link #SAT}.
     */
    public static int unsignedOverflow(long value, long incr, int bits, int policy, long[] limit) {
        long max = bits == 64 ? -1L : (1L << bits) - 1;
        long maxincr = max - value;
        long minincr = -value;
        if (Long.compareUnsigned(value, max) > 0 || (incr > 0 && incr > maxincr)) {
            if (policy == WRAP) limit[0] = wrapUnsigned(value, incr, bits);
            else if (policy == SAT) limit[0] = max;
            return 1;
        } else if (incr < 0 && incr < minincr) {
            if (policy == WRAP) limit[0] = wrapUnsigned(value, incr, bits);
            else if (policy == SAT) limit[0] = 0;
            return -1;
        }
        return 0;
    }

    private static long wrapUnsigned(long value, long incr, int bits) {
        long mask = -1L << bits; // bits < 64 here: u64 is not a type
        return (value + incr) & ~mask;
    }

    /** checkSignedBitfieldOverflow: as {@link #unsignedOverflow} for a two's complement field. */
    public static int signedOverflow(long value, long incr, int bits, int policy, long[] limit) {
        long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
        long min = -max - 1;
        long maxincr = max - value; // may wrap: only read once value is known to be in range
        long minincr = min - value;
        if (value > max || (bits != 64 && incr > maxincr) || (value >= 0 && incr > 0 && incr > maxincr)) {
            if (policy == WRAP) limit[0] = wrapSigned(value, incr, bits);
            else if (policy == SAT) limit[0] = max;
            return 1;
        } else if (value < min || (bits != 64 && incr < minincr) || (value < 0 && incr < 0 && incr < minincr)) {
            if (policy == WRAP) limit[0] = wrapSigned(value, incr, bits);
            else if (policy == SAT) limit[0] = min;
            return -1;
        }
        return 0;
    }

    private static long wrapSigned(long value, long incr, int bits) {
        long c = value + incr;
        if (bits < 64) {
            long mask = -1L << bits;
            c = (c & (1L << (bits - 1))) != 0 ? c | mask : c & ~mask;
        }
        return c;
    }
}
