package io.redisdouble.util;

/**
 * Sizes of listpack elements (listpack.c), for a stream node's or a list's byte count: an integer (or a string
 * that lpStringToInt64 reads as one) takes 1–9 bytes of encoding, a string its length plus a 1, 2 or
 * 5-byte header; each element ends with its backlen (1–5 bytes).
 */
public final class Listpack {
    private Listpack() {}

    /** LP_HDR_SIZE (total bytes, element count) plus the end byte. */
    public static final long HEADER_AND_END = 7;
    /** STREAM_LISTPACK_MAX_SIZE. */
    public static final long MAX_SIZE = 1L << 30;

    /** lpEncodeBacklen's size for an element of {@code l} bytes. */
    public static int backlen(long l) {
        if (l <= 127) return 1;
        if (l < 16383) return 2;
        if (l < 2097151) return 3;
        if (l < 268435455) return 4;
        return 5;
    }

    public static int intSize(long v) {
        int enc;
        if (v >= 0 && v <= 127) enc = 1;
        else if (v >= -4096 && v <= 4095) enc = 2;
        else if (v >= -32768 && v <= 32767) enc = 3;
        else if (v >= -8388608 && v <= 8388607) enc = 4;
        else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) enc = 5;
        else enc = 9;
        return enc + backlen(enc);
    }

    public static long strSize(byte[] s) {
        Long v = toInt64(s);
        if (v != null) return intSize(v);
        long len = s.length;
        long enc = len < 64 ? 1 + len : len < 4096 ? 2 + len : 5 + len;
        return enc + backlen(enc);
    }

    /** lpStringToInt64 (string2ll's rules: at most 20 bytes, no leading zeros or blanks), or null. */
    public static Long toInt64(byte[] s) {
        if (s.length == 0 || s.length > 20) return null;
        try {
            return RedisNumbers.parseLong(s);
        } catch (RedisNumbers.NotANumber e) {
            return null;
        }
    }
}
