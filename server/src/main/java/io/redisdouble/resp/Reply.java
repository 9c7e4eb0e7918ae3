package io.redisdouble.resp;

import io.redisdouble.util.Bytes;

import java.util.List;

/**
 * A reply as Redis's networking layer would build it (addReply*), independent of the protocol.
 * {@link RespEncoder} turns it into RESP2 or RESP3 bytes. Replies are immutable and may be shared.
 */
public abstract class Reply {
    Reply() {}

    public enum Kind { SIMPLE, ERROR, INTEGER, BULK, NULL_BULK, NULL_ARRAY, ARRAY, MAP, SET, PUSH, DOUBLE, VERBATIM, BOOL, SEQUENCE, BIG_NUMBER }

    public abstract Kind kind();

    public boolean isError() {
        return kind() == Kind.ERROR;
    }

    public static final Reply OK = new Simple("OK");
    public static final Reply QUEUED = new Simple("QUEUED");
    public static final Reply PONG = new Simple("PONG");
    /** addReplyNull: $-1 in RESP2, _ in RESP3. */
    public static final Reply NIL = new Null(Kind.NULL_BULK);
    /** addReplyNullArray: *-1 in RESP2, _ in RESP3. */
    public static final Reply NIL_ARRAY = new Null(Kind.NULL_ARRAY);
    public static final Reply EMPTY_ARRAY = new Multi(Kind.ARRAY, new Reply[0]);
    public static final Reply EMPTY_SET = new Multi(Kind.SET, new Reply[0]);
    public static final Reply EMPTY_MAP = new Multi(Kind.MAP, new Reply[0]);
    private static final Int[] SMALL = new Int[130];

    static {
        for (int i = 0; i < SMALL.length; i++) SMALL[i] = new Int(i - 1);
    }

    public static final Reply ZERO = integer(0);
    public static final Reply ONE = integer(1);

    public static Reply simple(String text) {
        return new Simple(text);
    }

    /** An error reply; {@code text} is the full line without the leading '-', e.g. "ERR syntax error". */
    public static Reply error(String text) {
        return new Error(text);
    }

    public static Reply integer(long v) {
        if (v >= -1 && v < SMALL.length - 1) return SMALL[(int) v + 1];
        return new Int(v);
    }

    public static Reply bulk(byte[] v) {
        return v == null ? NIL : new Bulk(v);
    }

    public static Reply bulk(Bytes v) {
        return v == null ? NIL : new Bulk(v.array());
    }

    public static Reply bulk(String v) {
        return v == null ? NIL : new Bulk(Bytes.utf8(v));
    }

    public static Reply array(Reply... items) {
        return new Multi(Kind.ARRAY, items);
    }

    public static Reply array(List<? extends Reply> items) {
        return new Multi(Kind.ARRAY, items.toArray(new Reply[0]));
    }

    /** A map given as alternating keys and values: a flat array in RESP2, '%' in RESP3. */
    public static Reply map(Reply... keysAndValues) {
        if ((keysAndValues.length & 1) != 0) throw new IllegalArgumentException("odd map");
        return new Multi(Kind.MAP, keysAndValues);
    }

    public static Reply map(List<? extends Reply> keysAndValues) {
        return map(keysAndValues.toArray(new Reply[0]));
    }

    /** A set: an array in RESP2, '~' in RESP3. */
    public static Reply set(List<? extends Reply> items) {
        return new Multi(Kind.SET, items.toArray(new Reply[0]));
    }

    /** An out-of-band message (pub/sub): an array in RESP2, '>' in RESP3. */
    public static Reply push(Reply... items) {
        return new Multi(Kind.PUSH, items);
    }

    /**
     * Several replies written back to back with no header of their own: what commands that answer once
     * per argument send (SUBSCRIBE a b sends two frames). Inside EXEC the array header counts it as one
     * reply, exactly as Redis's output buffer does.
     */
    public static Reply sequence(Reply... frames) {
        return frames.length == 1 ? frames[0] : new Multi(Kind.SEQUENCE, frames);
    }

    /**
     * EXEC's reply as Redis's output buffer holds it: the header counts the queued commands
     * (addReplyArrayLen(c, c->mstate.count) before any runs), then whatever was written while they
     * ran, frame by frame: a reply that CLIENT REPLY OFF / SKIP dropped is missing, a pub/sub frame
     * for the client itself (7.0 and before) sits before the reply of the command that caused it.
     */
    public static Reply execArray(int count, Reply... frames) {
        return new Multi(Kind.ARRAY, frames, count);
    }

    /** addReplyDouble: a bulk string in RESP2, ',' in RESP3; formatted per the emulated version. */
    public static Reply dbl(double v) {
        return new Dbl(v, null);
    }

    /**
     * A double already printed (addReplyHumanLongDouble: GEOPOS coordinates): {@code text} as a bulk
     * string in RESP2, after ',' in RESP3.
     */
    public static Reply dblText(double v, byte[] text) {
        return new Dbl(v, text);
    }

    /** addReplyVerbatim with the "txt" format: a bulk string in RESP2, '=' in RESP3. */
    public static Reply verbatim(String text) {
        return new Verbatim(Bytes.utf8(text));
    }

    /** addReplyVerbatim with a given 3-byte format ("txt", "mkd"): a bulk string in RESP2, '=' in RESP3. */
    public static Reply verbatim(byte[] format, byte[] text) {
        return new Verbatim(format, text);
    }

    /** addReplyBigNum: a bulk string in RESP2, '(' in RESP3 (scripts returning {big_number=...}). */
    public static Reply bigNumber(byte[] digits) {
        return new BigNumber(digits);
    }

    /** addReplyBool: :1/:0 in RESP2, #t/#f in RESP3. */
    public static Reply bool(boolean b) {
        return b ? Bool.TRUE : Bool.FALSE;
    }

    public static final class Simple extends Reply {
        public final String text;

        Simple(String text) {
            this.text = text;
        }

        @Override
        public Kind kind() {
            return Kind.SIMPLE;
        }

        @Override
        public String toString() {
            return "+" + text;
        }
    }

    public static final class Error extends Reply {
        public final String text;

        Error(String text) {
            this.text = text;
        }

        @Override
        public Kind kind() {
            return Kind.ERROR;
        }

        @Override
        public String toString() {
            return "-" + text;
        }
    }

    public static final class Int extends Reply {
        public final long value;

        Int(long value) {
            this.value = value;
        }

        @Override
        public Kind kind() {
            return Kind.INTEGER;
        }

        @Override
        public String toString() {
            return ":" + value;
        }
    }

    public static final class Bulk extends Reply {
        public final byte[] value;

        Bulk(byte[] value) {
            this.value = value;
        }

        @Override
        public Kind kind() {
            return Kind.BULK;
        }

        @Override
        public String toString() {
            return "$" + Bytes.str(value);
        }
    }

    public static final class Null extends Reply {
        private final Kind kind;

        Null(Kind kind) {
            this.kind = kind;
        }

        @Override
        public Kind kind() {
            return kind;
        }

        @Override
        public String toString() {
            return "(nil)";
        }
    }

    public static final class Multi extends Reply {
        private final Kind kind;
        public final Reply[] items;
        /** The count an array's header announces: items.length, except for {@link #execArray}. */
        public final int count;

        Multi(Kind kind, Reply[] items) {
            this(kind, items, items.length);
        }

        Multi(Kind kind, Reply[] items, int count) {
            this.kind = kind;
            this.items = items;
            this.count = count;
        }

        @Override
        public Kind kind() {
            return kind;
        }

        @Override
        public String toString() {
            return kind + java.util.Arrays.toString(items);
        }
    }

    public static final class Dbl extends Reply {
        public final double value;
        /** The text to send, or null to format {@code value} as the dialect's addReplyDouble does. */
        public final byte[] text;

        Dbl(double value, byte[] text) {
            this.value = value;
            this.text = text;
        }

        @Override
        public Kind kind() {
            return Kind.DOUBLE;
        }

        @Override
        public String toString() {
            return "," + value;
        }
    }

    public static final class Verbatim extends Reply {
        private static final byte[] TXT = {'t', 'x', 't'};
        public final byte[] format;
        public final byte[] text;

        Verbatim(byte[] text) {
            this(TXT, text);
        }

        Verbatim(byte[] format, byte[] text) {
            this.format = format;
            this.text = text;
        }

        @Override
        public Kind kind() {
            return Kind.VERBATIM;
        }
    }

    public static final class Bool extends Reply {
        static final Bool TRUE = new Bool(true);
        static final Bool FALSE = new Bool(false);
        public final boolean value;

        private Bool(boolean value) {
            this.value = value;
        }

        @Override
        public Kind kind() {
            return Kind.BOOL;
        }
    }

    public static final class BigNumber extends Reply {
        public final byte[] text;

        BigNumber(byte[] text) {
            this.text = text;
        }

        @Override
        public Kind kind() {
            return Kind.BIG_NUMBER;
        }
    }
}
