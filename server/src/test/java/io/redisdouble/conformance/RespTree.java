package io.redisdouble.conformance;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits one raw RESP2/RESP3 reply into its top-level frame and children, without interpreting
 * numbers, so comparisons stay byte-based. Used only for the documented relaxations (order, ±N).
 */
final class RespTree {
    final byte type;
    final byte[] header;      // the frame's first line without CRLF (e.g. "*3", ":12", "$5")
    final byte[] raw;         // the whole frame
    final List<RespTree> children;

    private RespTree(byte type, byte[] header, byte[] raw, List<RespTree> children) {
        this.type = type;
        this.header = header;
        this.raw = raw;
        this.children = children;
    }

    static RespTree parse(byte[] b) {
        int[] pos = {0};
        RespTree t = parse(b, pos);
        if (pos[0] != b.length) throw new IllegalArgumentException("trailing bytes after reply");
        return t;
    }

    private static RespTree parse(byte[] b, int[] pos) {
        int start = pos[0];
        int cr = indexOfCrlf(b, start);
        byte type = b[start];
        byte[] header = Arrays.copyOfRange(b, start, cr);
        pos[0] = cr + 2;
        String count = new String(header, 1, header.length - 1, StandardCharsets.US_ASCII);
        List<RespTree> children = List.of();
        switch (type) {
            case '$', '=', '!' -> {
                int n = Integer.parseInt(count);
                if (n >= 0) pos[0] += n + 2;
            }
            case '*', '~', '>', '%', '|' -> {
                int n = Integer.parseInt(count);
                if (type == '%' || type == '|') n *= 2;
                children = new ArrayList<>();
                for (int i = 0; i < Math.max(n, 0); i++) children.add(parse(b, pos));
                if (type == '|') children.add(parse(b, pos)); // the attributed reply
            }
            default -> { }
        }
        return new RespTree(type, header, Arrays.copyOfRange(b, start, pos[0]), children);
    }

    private static int indexOfCrlf(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) if (b[i] == '\r' && b[i + 1] == '\n') return i;
        throw new IllegalArgumentException("no CRLF");
    }

    /**
     * The frame as {@code @keys} compares it: an aggregate read as name/value pairs (a RESP3 map, or a
     * RESP2 flat array), with its header, each name exactly and each value by its shape (aggregates
     * recursively, anything else by its type byte alone).
     */
    String keysForm() {
        if (type != '*' && type != '%') return String.valueOf((char) type);
        StringBuilder sb = new StringBuilder(new String(header, StandardCharsets.US_ASCII)).append('[');
        for (int i = 0; i < children.size(); i++) {
            RespTree c = children.get(i);
            if (i % 2 == 0) sb.append(new String(c.raw, StandardCharsets.ISO_8859_1).strip()).append('=');
            else sb.append(c.keysForm()).append(' ');
        }
        return sb.append(']').toString();
    }

    /** The frame with every aggregate's elements sorted (map entries kept as pairs), as bytes. */
    byte[] sortedForm() {
        if (children.isEmpty()) return raw;
        List<byte[]> parts = new ArrayList<>();
        if (type == '%') {
            for (int i = 0; i < children.size(); i += 2) {
                byte[] k = children.get(i).sortedForm(), v = children.get(i + 1).sortedForm();
                byte[] kv = Arrays.copyOf(k, k.length + v.length);
                System.arraycopy(v, 0, kv, k.length, v.length);
                parts.add(kv);
            }
        } else {
            for (RespTree c : children) parts.add(c.sortedForm());
        }
        parts.sort(Arrays::compareUnsigned);
        int len = header.length + 2;
        for (byte[] p : parts) len += p.length;
        byte[] out = new byte[len];
        System.arraycopy(header, 0, out, 0, header.length);
        out[header.length] = '\r';
        out[header.length + 1] = '\n';
        int p = header.length + 2;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, p, part.length);
            p += part.length;
        }
        return out;
    }

    /** An integer reply's value, or null when this is not an integer reply. */
    Long integer() {
        if (type != ':') return null;
        return Long.parseLong(new String(header, 1, header.length - 1, StandardCharsets.US_ASCII));
    }
}
