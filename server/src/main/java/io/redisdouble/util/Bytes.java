package io.redisdouble.util;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An immutable byte string: keys, members, field names. Equality is by content; order is Redis's
 * memcmp order (unsigned bytes, shorter first on a common prefix).
 *
 * <p>The array is shared, not copied: whoever passes a {@code byte[]} to {@link #wrap} promises not to
 * change it afterwards.
 */
public final class Bytes implements Comparable<Bytes> {
    public static final Bytes EMPTY = new Bytes(new byte[0]);

    private final byte[] data;
    private int hash;

    private Bytes(byte[] data) {
        this.data = data;
    }

    public static Bytes wrap(byte[] data) {
        return new Bytes(data);
    }

    public static Bytes of(String s) {
        return new Bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The backing array; callers must not modify it. */
    public byte[] array() {
        return data;
    }

    public int length() {
        return data.length;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof Bytes other)) return false;
        return Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(data);
            if (h == 0) h = 1;
            hash = h;
        }
        return h;
    }

    @Override
    public int compareTo(Bytes o) {
        return compare(data, o.data);
    }

    /** memcmp order over the common prefix, then the shorter string first. */
    public static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    @Override
    public String toString() {
        return new String(data, StandardCharsets.UTF_8);
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** ASCII case-insensitive comparison with a lower-case literal, without allocating. */
    public static boolean eqIgnoreCase(byte[] arg, String lower) {
        int n = lower.length();
        if (arg.length != n) return false;
        for (int i = 0; i < n; i++) {
            int c = arg[i];
            if (c >= 'A' && c <= 'Z') c += 32;
            if (c != lower.charAt(i)) return false;
        }
        return true;
    }

    /**
     * strcasecmp(arg, lower) as Redis compares option words: ASCII case-insensitive, the argument read
     * as a C string, so "nx\0junk" is "nx".
     */
    public static boolean eqIgnoreCaseC(byte[] arg, String lower) {
        int n = lower.length();
        if (arg.length < n || (arg.length > n && arg[n] != 0)) return false;
        for (int i = 0; i < n; i++) {
            int ch = arg[i];
            if (ch >= 'A' && ch <= 'Z') ch += 32;
            if (ch != lower.charAt(i)) return false;
        }
        return true;
    }

    /** The argument as C code sees it: up to its first NUL byte. */
    public static byte[] cString(byte[] arg) {
        for (int i = 0; i < arg.length; i++) if (arg[i] == 0) return Arrays.copyOf(arg, i);
        return arg;
    }

    public static String lower(byte[] b) {
        char[] c = new char[b.length];
        for (int i = 0; i < b.length; i++) {
            int x = b[i] & 0xff;
            if (x >= 'A' && x <= 'Z') x += 32;
            c[i] = (char) x;
        }
        return new String(c);
    }
}
