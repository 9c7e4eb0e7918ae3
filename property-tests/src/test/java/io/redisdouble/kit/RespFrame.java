package io.redisdouble.kit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One raw RESP2/RESP3 reply split into its frame and children, without interpreting any number as a
 * double: comparisons stay on bytes. Only the documented relaxations in {@link Compare} look inside
 * a reply; everything else compares the raw bytes whole.
 *
 * <p>(The server's test-jar has a package-private equivalent for its conformance runner; this one
 * belongs to the kit so the kit does not reach into another package's internals.)
 */
public final class RespFrame {
    /** The type byte: {@code + - : $ * _ , # ! = ( % ~ > |}. */
    public final byte type;
    /** The first line without type byte and CRLF: the text of {@code + - : , # (}, or a length. */
    public final String head;
    /** The payload of a bulk-like frame ({@code $ = !}), else {@code null}. */
    public final byte[] payload;
    /** The whole frame's bytes. */
    public final byte[] raw;
    /** Elements of an aggregate (for {@code %} and {@code |}: key, value, key, value...). */
    public final List<RespFrame> children;

    private RespFrame(byte type, String head, byte[] payload, byte[] raw, List<RespFrame> children) {
        this.type = type;
        this.head = head;
        this.payload = payload;
        this.raw = raw;
        this.children = children;
    }

    /** Parses exactly one frame that spans all of {@code b}. */
    public static RespFrame parse(byte[] b) {
        int[] pos = {0};
        RespFrame f = parse(b, pos);
        if (pos[0] != b.length) {
            throw new IllegalArgumentException("trailing bytes after the reply");
        }
        return f;
    }

    private static RespFrame parse(byte[] b, int[] pos) {
        int start = pos[0];
        int cr = crlf(b, start);
        byte type = b[start];
        String head = new String(b, start + 1, cr - start - 1, StandardCharsets.ISO_8859_1);
        pos[0] = cr + 2;
        byte[] payload = null;
        List<RespFrame> children = List.of();
        switch (type) {
            case '$', '=', '!' -> {
                int n = Integer.parseInt(head);
                if (n >= 0) {
                    payload = Arrays.copyOfRange(b, pos[0], pos[0] + n);
                    pos[0] += n + 2;
                }
            }
            case '*', '~', '>', '%', '|' -> {
                int n = Integer.parseInt(head);
                if (type == '%' || type == '|') {
                    n *= 2;
                }
                children = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    children.add(parse(b, pos));
                }
                if (type == '|') {
                    children.add(parse(b, pos));
                }
            }
            default -> { }
        }
        return new RespFrame(type, head, payload, Arrays.copyOfRange(b, start, pos[0]), children);
    }

    private static int crlf(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        throw new IllegalArgumentException("no CRLF in reply");
    }

    public boolean isError() {
        return type == '-' || type == '!';
    }

    public boolean isAggregate() {
        return type == '*' || type == '~' || type == '>' || type == '%' || type == '|';
    }

    /** True for a null of either protocol: {@code $-1}, {@code *-1}, {@code _}. */
    public boolean isNull() {
        return type == '_' || ((type == '$' || type == '*') && head.equals("-1"));
    }

    /** The integer of a {@code :} frame as written (Redis writes plain decimal), else {@code null}. */
    public Long integer() {
        if (type != ':') {
            return null;
        }
        try {
            return Long.parseLong(head);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The payload of a bulk or the text of a simple string, as Latin-1 (one char per byte). */
    public String text() {
        if (payload != null) {
            return new String(payload, StandardCharsets.ISO_8859_1);
        }
        return head;
    }
}
