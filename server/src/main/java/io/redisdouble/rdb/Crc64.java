package io.redisdouble.rdb;

/**
 * crc64.c: CRC-64/Jones (polynomial 0xad93d23594c935a9, reflected input and output, initial value 0, no
 * final xor), the checksum that ends a DUMP payload. check("123456789") = 0xe9c6d914c4b8d9ca.
 */
public final class Crc64 {
    private Crc64() {}

    /** The Jones polynomial, bit-reversed for the reflected (LSB-first) table. */
    private static final long POLY_REFLECTED = 0x95ac9329ac4bc9b5L;
    private static final long[] TABLE = new long[256];

    static {
        for (int n = 0; n < 256; n++) {
            long c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? (c >>> 1) ^ POLY_REFLECTED : c >>> 1;
            TABLE[n] = c;
        }
    }

    /** crc64(crc, s, l) over {@code len} bytes of {@code b} from {@code off}. */
    public static long update(long crc, byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) crc = TABLE[(int) ((crc ^ b[i]) & 0xff)] ^ (crc >>> 8);
        return crc;
    }

    public static long of(byte[] b, int len) {
        return update(0, b, 0, len);
    }
}
