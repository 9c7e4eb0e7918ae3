package io.redisdouble.util;

/**
 * Every number a user sends is parsed here, and every number Redis prints is formatted here, with
 * Redis's own rules (util.c string2ll / string2ld / ld2string, object.c getDoubleFromObject,
 * "%.17g" for doubles before 7.2). Java's parsers accept what Redis rejects and the other way round.
 *
 * <p>Parsing failures throw {@link NotANumber}, a shared stackless exception: callers turn it into
 * the error text of the command at hand.
 */
public final class RedisNumbers {
    private RedisNumbers() {}

    /** Thrown when a string is not a number under the rule asked for. Stackless and shared. */
    public static final class NotANumber extends Exception {
        public static final NotANumber INSTANCE = new NotANumber();

        private NotANumber() {
            super("not a number", null, false, false);
        }
    }

    /** Redis's string2ll: optional '-', no '+', no leading zeros, no spaces, fits in a long. */
    public static long parseLong(byte[] s) throws NotANumber {
        int len = s.length;
        if (len == 0 || len > 20) throw NotANumber.INSTANCE;
        if (len == 1 && s[0] == '0') return 0;
        int p = 0;
        boolean negative = false;
        if (s[0] == '-') {
            negative = true;
            p++;
            if (p == len) throw NotANumber.INSTANCE;
        }
        if (s[p] < '1' || s[p] > '9') throw NotANumber.INSTANCE;
        long v = 0; // accumulate negatively to reach Long.MIN_VALUE
        for (; p < len; p++) {
            int d = s[p] - '0';
            if (d < 0 || d > 9) throw NotANumber.INSTANCE;
            if (v < (Long.MIN_VALUE + d) / 10) throw NotANumber.INSTANCE;
            long nv = v * 10 - d;
            if (nv > v) throw NotANumber.INSTANCE;
            v = nv;
        }
        if (negative) return v;
        if (v == Long.MIN_VALUE) throw NotANumber.INSTANCE;
        return -v;
    }

    /** Decimal form of a long, as Redis's ll2string. */
    public static byte[] formatLong(long v) {
        return Long.toString(v).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * A double as the emulated version prints it in replies (addReplyDouble): "%.17g" before 7.2,
     * "inf" / "-inf" for infinities.
     */
    public static byte[] formatDouble(double d, RedisVersion version) {
        // Placeholder until the exact %.17g formatter lands.
        if (Double.isInfinite(d)) return (d > 0 ? "inf" : "-inf").getBytes();
        return Double.toString(d).getBytes();
    }
}
