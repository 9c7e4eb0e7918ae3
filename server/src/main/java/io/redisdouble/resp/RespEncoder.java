package io.redisdouble.resp;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.util.RedisNumbers;

import java.io.ByteArrayOutputStream;

/**
 * Encodes a {@link Reply} as RESP2 or RESP3 exactly as Redis's networking.c does for the same
 * addReply* call.
 */
public final class RespEncoder {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] NULL_BULK2 = "$-1\r\n".getBytes();
    private static final byte[] NULL_ARRAY2 = "*-1\r\n".getBytes();
    private static final byte[] NULL3 = "_\r\n".getBytes();

    private RespEncoder() {}

    /**
     * Writes a reply. Nested aggregates are walked with an explicit stack, not by recursion, so a reply
     * nested thousands deep (a script may return 7,994 levels) cannot overflow the thread's stack.
     */
    public static void encode(Reply r, int proto, Dialect dialect, RespOutput out) {
        java.util.ArrayDeque<Frame> stack = null;
        Reply cur = r;
        while (true) {
            Reply[] items = encodeOne(cur, proto, dialect, out);
            if (items != null && items.length > 0) {
                if (stack == null) stack = new java.util.ArrayDeque<>();
                stack.push(new Frame(items));
            }
            cur = null;
            while (stack != null && !stack.isEmpty()) {
                Frame f = stack.peek();
                if (f.next < f.items.length) {
                    cur = f.items[f.next++];
                    break;
                }
                stack.pop();
            }
            if (cur == null) return;
        }
    }

    /** An aggregate being written: its items, and the next one to write. */
    private static final class Frame {
        final Reply[] items;
        int next;

        Frame(Reply[] items) {
            this.items = items;
        }
    }

    /** Writes one reply, or an aggregate's header: then returns the items to write after it (else null). */
    private static Reply[] encodeOne(Reply r, int proto, Dialect dialect, RespOutput out) {
        switch (r.kind()) {
            case SIMPLE -> line(out, '+', ((Reply.Simple) r).text);
            case ERROR -> line(out, '-', ((Reply.Error) r).text);
            case INTEGER -> {
                out.writeByte(':');
                writeLong(out, ((Reply.Int) r).value);
                out.writeBytes(CRLF);
            }
            case BULK -> bulk(out, ((Reply.Bulk) r).value);
            case NULL_BULK -> out.writeBytes(proto >= 3 ? NULL3 : NULL_BULK2);
            case NULL_ARRAY -> out.writeBytes(proto >= 3 ? NULL3 : NULL_ARRAY2);
            case ARRAY, SET, PUSH, MAP -> {
                Reply.Multi m = (Reply.Multi) r;
                int n = m.count;
                char prefix = '*';
                if (proto >= 3) {
                    switch (r.kind()) {
                        case SET -> prefix = '~';
                        case PUSH -> prefix = '>';
                        case MAP -> {
                            prefix = '%';
                            n /= 2;
                        }
                        default -> { }
                    }
                }
                out.writeByte(prefix);
                writeLong(out, n);
                out.writeBytes(CRLF);
                return m.items;
            }
            case SEQUENCE -> {
                return ((Reply.Multi) r).items;
            }
            case DOUBLE -> {
                Reply.Dbl d = (Reply.Dbl) r;
                byte[] text = d.text != null ? d.text : RedisNumbers.formatDouble(d.value, dialect);
                if (proto >= 3) {
                    out.writeByte(',');
                    out.writeBytes(text);
                    out.writeBytes(CRLF);
                } else {
                    bulk(out, text);
                }
            }
            case VERBATIM -> {
                byte[] text = ((Reply.Verbatim) r).text;
                if (proto >= 3) {
                    out.writeByte('=');
                    writeLong(out, text.length + 4);
                    out.writeBytes(CRLF);
                    out.writeBytes(((Reply.Verbatim) r).format);
                    out.writeByte(':');
                    out.writeBytes(text);
                    out.writeBytes(CRLF);
                } else {
                    bulk(out, text);
                }
            }
            case BOOL -> {
                boolean b = ((Reply.Bool) r).value;
                if (proto >= 3) {
                    out.writeByte('#');
                    out.writeByte(b ? 't' : 'f');
                } else {
                    out.writeByte(':');
                    out.writeByte(b ? '1' : '0');
                }
                out.writeBytes(CRLF);
            }
            case BIG_NUMBER -> {
                byte[] text = ((Reply.BigNumber) r).text;
                if (proto >= 3) {
                    out.writeByte('(');
                    out.writeBytes(text);
                    out.writeBytes(CRLF);
                } else {
                    bulk(out, text);
                }
            }
            default -> throw new IllegalStateException("unknown reply kind " + r.kind());
        }
        return null;
    }

    /** Convenience for tests and the direct API. */
    public static byte[] toBytes(Reply r, int proto, Dialect dialect) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        encode(r, proto, dialect, new RespOutput() {
            @Override
            public void writeByte(int b) {
                bos.write(b);
            }

            @Override
            public void writeBytes(byte[] b, int off, int len) {
                bos.write(b, off, len);
            }
        });
        return bos.toByteArray();
    }

    private static void bulk(RespOutput out, byte[] v) {
        out.writeByte('$');
        writeLong(out, v.length);
        out.writeBytes(CRLF);
        out.writeBytes(v);
        out.writeBytes(CRLF);
    }

    private static void line(RespOutput out, char prefix, String text) {
        out.writeByte(prefix);
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            // Redis replaces CR/LF in status and error lines with spaces (addReplyErrorLength / addReplyStatus callers).
            out.writeByte(c == '\r' || c == '\n' ? ' ' : c);
        }
        out.writeBytes(CRLF);
    }

    private static final byte[] LONG_MIN = Long.toString(Long.MIN_VALUE).getBytes();

    static void writeLong(RespOutput out, long v) {
        if (v == Long.MIN_VALUE) {
            out.writeBytes(LONG_MIN);
            return;
        }
        if (v < 0) {
            out.writeByte('-');
            v = -v;
        }
        if (v < 10) {
            out.writeByte((int) ('0' + v));
            return;
        }
        byte[] buf = new byte[19];
        int pos = buf.length;
        while (v > 0) {
            buf[--pos] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        out.writeBytes(buf, pos, buf.length - pos);
    }
}
