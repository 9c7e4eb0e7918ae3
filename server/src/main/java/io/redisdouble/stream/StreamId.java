package io.redisdouble.stream;

import java.nio.charset.StandardCharsets;

/**
 * A stream entry ID (stream.h's streamID): two unsigned 64-bit numbers, milliseconds and sequence,
 * ordered as streamCompareID orders them (ms first, then seq, both unsigned). Printed "ms-seq" in
 * decimal, as createStreamIDString does.
 */
public record StreamId(long ms, long seq) implements Comparable<StreamId> {
    public static final StreamId MIN = new StreamId(0, 0);
    public static final StreamId MAX = new StreamId(-1L, -1L);

    @Override
    public int compareTo(StreamId o) {
        int c = Long.compareUnsigned(ms, o.ms);
        return c != 0 ? c : Long.compareUnsigned(seq, o.seq);
    }

    public boolean isZero() {
        return ms == 0 && seq == 0;
    }

    public boolean isMax() {
        return ms == -1L && seq == -1L;
    }

    /** streamIncrID: the next ID, or null when this is the maximum (C_ERR). */
    public StreamId next() {
        if (seq == -1L) {
            if (ms == -1L) return null;
            return new StreamId(ms + 1, 0);
        }
        return new StreamId(ms, seq + 1);
    }

    /** streamDecrID: the previous ID, or null when this is 0-0 (C_ERR). */
    public StreamId prev() {
        if (seq == 0) {
            if (ms == 0) return null;
            return new StreamId(ms - 1, -1L);
        }
        return new StreamId(ms, seq - 1);
    }

    /** createStreamIDString. */
    @Override
    public String toString() {
        return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq);
    }

    public byte[] bytes() {
        return toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The ID as streamEncodeID writes it (128 bits, big endian): the radix tree's key. */
    public byte[] encode() {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (ms >>> (56 - 8 * i));
            b[8 + i] = (byte) (seq >>> (56 - 8 * i));
        }
        return b;
    }

    /** Thrown by {@link #parse} for what streamGenericParseIDOrReply calls invalid. */
    public static final class Invalid extends Exception {
        public static final Invalid INSTANCE = new Invalid();

        private Invalid() {
            super(null, null, false, false);
        }
    }

    /** The result of parsing with {@code <ms>-*} allowed: the ID and whether the sequence was given. */
    public record Parsed(StreamId id, boolean seqGiven) {}

    /**
     * streamGenericParseIDOrReply: "-" and "+" (refused when {@code strict}), "ms" (seq =
     * {@code missingSeq}), "ms-seq", and, when {@code allowAutoSeq}, "ms-*" (seqGiven false). Each
     * number is read by string2ull; the argument is seen as a C string (up to a NUL byte) of at most
     * 127 bytes, and split at its first '-'.
     */
    public static Parsed parse(byte[] arg, long missingSeq, boolean strict, boolean allowAutoSeq) throws Invalid {
        if (arg.length > 127) throw Invalid.INSTANCE;
        int n = 0;
        while (n < arg.length && arg[n] != 0) n++;
        if (n == 1 && (arg[0] == '-' || arg[0] == '+')) {
            if (strict) throw Invalid.INSTANCE;
            return new Parsed(arg[0] == '-' ? MIN : MAX, true);
        }
        int dash = -1;
        for (int i = 0; i < n; i++) {
            if (arg[i] == '-') {
                dash = i;
                break;
            }
        }
        long ms = string2ull(arg, 0, dash < 0 ? n : dash);
        if (dash < 0) return new Parsed(new StreamId(ms, missingSeq), true);
        if (allowAutoSeq && n - dash - 1 == 1 && arg[dash + 1] == '*') return new Parsed(new StreamId(ms, 0), false);
        long seq = string2ull(arg, dash + 1, n);
        return new Parsed(new StreamId(ms, seq), true);
    }

    public static StreamId parse(byte[] arg, long missingSeq, boolean strict) throws Invalid {
        return parse(arg, missingSeq, strict, false).id();
    }

    /**
     * util.c's string2ull on s[from, to): string2ll when it reads the whole text (a negative value is
     * refused), else strtoull(…, 10) which must consume everything (leading blanks and a sign allowed,
     * '-' negating modulo 2^64; more than 2^64-1 refused).
     */
    static long string2ull(byte[] s, int from, int to) throws Invalid {
        if (from >= to) throw Invalid.INSTANCE;
        Long ll = string2ll(s, from, to);
        if (ll != null) {
            if (ll < 0) throw Invalid.INSTANCE;
            return ll;
        }
        int i = from;
        while (i < to && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r'))) i++;
        boolean neg = false;
        if (i < to && (s[i] == '+' || s[i] == '-')) {
            neg = s[i] == '-';
            i++;
        }
        if (i >= to || s[i] < '0' || s[i] > '9') throw Invalid.INSTANCE;
        long v = 0;
        for (; i < to; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) throw Invalid.INSTANCE;
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L, 10)) > 0) throw Invalid.INSTANCE;
            long next = v * 10 + d;
            if (Long.compareUnsigned(next, v * 10) < 0) throw Invalid.INSTANCE;
            v = next;
        }
        return neg ? -v : v;
    }

    /** util.c's string2ll on s[from, to), or null where it fails. */
    static Long string2ll(byte[] s, int from, int to) {
        int len = to - from;
        if (len == 0 || len > 20) return null;
        if (len == 1 && s[from] == '0') return 0L;
        int p = from;
        boolean negative = false;
        if (s[p] == '-') {
            negative = true;
            p++;
            if (p == to) return null;
        }
        if (s[p] < '1' || s[p] > '9') return null;
        long v = 0; // accumulated as unsigned
        for (; p < to; p++) {
            int d = s[p] - '0';
            if (d < 0 || d > 9) return null;
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L, 10)) > 0) return null;
            long next = v * 10 + d;
            if (Long.compareUnsigned(next, v * 10) < 0) return null;
            v = next;
        }
        if (negative) {
            if (Long.compareUnsigned(v, Long.MIN_VALUE) > 0) return null;
            return -v;
        }
        if (v < 0) return null;
        return v;
    }
}
