package io.redisdouble.rdb;

import io.redisdouble.util.Listpack;
import io.redisdouble.util.RedisNumbers;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The compact blobs a DUMP payload carries, written and read byte for byte as Redis lays them out:
 * listpack (listpack.c), ziplist (ziplist.c, 6.2 and older payloads), intset (intset.c) and, read only,
 * zipmap (zipmap.c, payloads of Redis before 2.6). Elements given as {@code byte[]} are stored as Redis
 * stores a string (as an integer when string2ll reads it back to the same bytes); a {@code Long} is
 * stored as an integer (lpAppendInteger).
 */
public final class Packed {
    private Packed() {}

    /** A blob that is not a valid encoding ("Bad data format"). */
    public static final class Corrupt extends Exception {
        public Corrupt(String what) {
            super(what, null, false, false);
        }
    }

    // ---- listpack -------------------------------------------------------------------------------------

    /** A listpack holding {@code elements} (byte[] or Long) in order. */
    public static byte[] listpack(List<?> elements) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 6; i++) out.write(0);
        for (Object e : elements) {
            int start = out.size();
            Long v = e instanceof Long l ? l : Listpack.toInt64((byte[]) e);
            if (v != null) {
                lpInt(out, v);
            } else {
                byte[] s = (byte[]) e;
                int len = s.length;
                if (len < 64) {
                    out.write(0x80 | len);
                } else if (len < 4096) {
                    out.write(0xE0 | (len >> 8));
                    out.write(len & 0xff);
                } else {
                    out.write(0xF0);
                    le(out, len, 4);
                }
                out.write(s, 0, len);
            }
            backlen(out, out.size() - start);
        }
        out.write(0xFF);
        byte[] b = out.toByteArray();
        putLe(b, 0, b.length, 4);
        putLe(b, 4, Math.min(elements.size(), 65535), 2);
        return b;
    }

    private static void lpInt(ByteArrayOutputStream out, long v) {
        if (v >= 0 && v <= 127) {
            out.write((int) v);
        } else if (v >= -4096 && v <= 4095) {
            long u = v < 0 ? (1L << 13) + v : v;
            out.write((int) ((u >> 8) | 0xC0));
            out.write((int) (u & 0xff));
        } else if (v >= -32768 && v <= 32767) {
            out.write(0xF1);
            le(out, v, 2);
        } else if (v >= -8388608 && v <= 8388607) {
            out.write(0xF2);
            le(out, v, 3);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            out.write(0xF3);
            le(out, v, 4);
        } else {
            out.write(0xF4);
            le(out, v, 8);
        }
    }

    /** lpEncodeBacklen: the element's length, most significant 7 bits first, all but the first flagged 128. */
    private static void backlen(ByteArrayOutputStream out, long l) {
        if (l <= 127) {
            out.write((int) l);
        } else if (l < 16383) {
            out.write((int) (l >> 7));
            out.write((int) ((l & 127) | 128));
        } else if (l < 2097151) {
            out.write((int) (l >> 14));
            out.write((int) (((l >> 7) & 127) | 128));
            out.write((int) ((l & 127) | 128));
        } else if (l < 268435455) {
            out.write((int) (l >> 21));
            out.write((int) (((l >> 14) & 127) | 128));
            out.write((int) (((l >> 7) & 127) | 128));
            out.write((int) ((l & 127) | 128));
        } else {
            out.write((int) (l >> 28));
            out.write((int) (((l >> 21) & 127) | 128));
            out.write((int) (((l >> 14) & 127) | 128));
            out.write((int) (((l >> 7) & 127) | 128));
            out.write((int) ((l & 127) | 128));
        }
    }

    /** The elements of a listpack, integers as their decimal text; Corrupt unless well formed. */
    public static List<byte[]> readListpack(byte[] b) throws Corrupt {
        if (b.length < 7) throw new Corrupt("listpack header");
        if (getLe(b, 0, 4) != b.length || (b[b.length - 1] & 0xff) != 0xFF) throw new Corrupt("listpack size");
        int count = (int) getLe(b, 4, 2);
        List<byte[]> out = new ArrayList<>();
        int p = 6;
        while (p < b.length - 1) {
            int start = p;
            int c = b[p] & 0xff;
            if ((c & 0x80) == 0) {
                out.add(RedisNumbers.formatLong(c));
                p += 1;
            } else if ((c & 0xC0) == 0x80) {
                int len = c & 0x3F;
                out.add(slice(b, p + 1, len));
                p += 1 + len;
            } else if ((c & 0xE0) == 0xC0) {
                need(b, p, 2);
                long u = ((c & 0x1F) << 8) | (b[p + 1] & 0xff);
                if (u >= 1 << 12) u -= 1 << 13;
                out.add(RedisNumbers.formatLong(u));
                p += 2;
            } else if ((c & 0xF0) == 0xE0) {
                need(b, p, 2);
                int len = ((c & 0x0F) << 8) | (b[p + 1] & 0xff);
                out.add(slice(b, p + 2, len));
                p += 2 + len;
            } else if (c == 0xF0) {
                need(b, p, 5);
                long len = getLe(b, p + 1, 4);
                if (len > b.length) throw new Corrupt("listpack string");
                out.add(slice(b, p + 5, (int) len));
                p += 5 + (int) len;
            } else if (c >= 0xF1 && c <= 0xF4) {
                int n = c == 0xF1 ? 2 : c == 0xF2 ? 3 : c == 0xF3 ? 4 : 8;
                need(b, p, 1 + n);
                long v = getLe(b, p + 1, n);
                if (n < 8) v = (v << (64 - 8 * n)) >> (64 - 8 * n);
                out.add(RedisNumbers.formatLong(v));
                p += 1 + n;
            } else {
                throw new Corrupt("listpack encoding");
            }
            int l = p - start;
            int bl = l <= 127 ? 1 : l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5;
            if (p + bl > b.length - 1) throw new Corrupt("listpack backlen");
            p += bl;
        }
        if (p != b.length - 1) throw new Corrupt("listpack end");
        if (count != 65535 && count != out.size()) throw new Corrupt("listpack count");
        return out;
    }

    // ---- ziplist --------------------------------------------------------------------------------------

    /** A ziplist holding {@code elements} (byte[]) in order, as successive ziplistPush calls build it. */
    public static byte[] ziplist(List<byte[]> elements) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 10; i++) out.write(0);
        int prevlen = 0, tail = 10;
        for (byte[] s : elements) {
            int start = out.size();
            tail = start;
            if (prevlen < 254) {
                out.write(prevlen);
            } else {
                out.write(0xFE);
                le(out, prevlen, 4);
            }
            Long v = s.length == 0 || s.length >= 32 ? null : Listpack.toInt64(s);
            if (v != null) {
                if (v >= 0 && v <= 12) {
                    out.write((int) (0xF1 + v));
                } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
                    out.write(0xFE);
                    le(out, v, 1);
                } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
                    out.write(0xC0);
                    le(out, v, 2);
                } else if (v >= -8388608 && v <= 8388607) {
                    out.write(0xF0);
                    le(out, v, 3);
                } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                    out.write(0xD0);
                    le(out, v, 4);
                } else {
                    out.write(0xE0);
                    le(out, v, 8);
                }
            } else {
                int len = s.length;
                if (len <= 0x3f) {
                    out.write(len);
                } else if (len <= 0x3fff) {
                    out.write(0x40 | (len >> 8));
                    out.write(len & 0xff);
                } else {
                    out.write(0x80);
                    out.write(len >>> 24);
                    out.write((len >> 16) & 0xff);
                    out.write((len >> 8) & 0xff);
                    out.write(len & 0xff);
                }
                out.write(s, 0, len);
            }
            prevlen = out.size() - start;
        }
        out.write(0xFF);
        byte[] b = out.toByteArray();
        putLe(b, 0, b.length, 4);
        putLe(b, 4, tail, 4);
        putLe(b, 8, Math.min(elements.size(), 65535), 2);
        return b;
    }

    /** The elements of a ziplist, integers as their decimal text; Corrupt unless well formed. */
    public static List<byte[]> readZiplist(byte[] b) throws Corrupt {
        if (b.length < 11) throw new Corrupt("ziplist header");
        if (getLe(b, 0, 4) != b.length || (b[b.length - 1] & 0xff) != 0xFF) throw new Corrupt("ziplist size");
        int count = (int) getLe(b, 8, 2);
        List<byte[]> out = new ArrayList<>();
        int p = 10;
        while (p < b.length - 1) {
            int c = b[p] & 0xff;
            p += c < 254 ? 1 : 5;
            need(b, p, 1);
            c = b[p] & 0xff;
            if ((c & 0xC0) == 0) {
                int len = c & 0x3f;
                out.add(slice(b, p + 1, len));
                p += 1 + len;
            } else if ((c & 0xC0) == 0x40) {
                need(b, p, 2);
                int len = ((c & 0x3f) << 8) | (b[p + 1] & 0xff);
                out.add(slice(b, p + 2, len));
                p += 2 + len;
            } else if (c == 0x80) {
                need(b, p, 5);
                long len = ((long) (b[p + 1] & 0xff) << 24) | ((b[p + 2] & 0xff) << 16) | ((b[p + 3] & 0xff) << 8)
                        | (b[p + 4] & 0xff);
                if (len > b.length) throw new Corrupt("ziplist string");
                out.add(slice(b, p + 5, (int) len));
                p += 5 + (int) len;
            } else {
                int n;
                switch (c) {
                    case 0xFE -> n = 1;
                    case 0xC0 -> n = 2;
                    case 0xF0 -> n = 3;
                    case 0xD0 -> n = 4;
                    case 0xE0 -> n = 8;
                    default -> {
                        if (c >= 0xF1 && c <= 0xFD) {
                            out.add(RedisNumbers.formatLong(c - 0xF1));
                            p += 1;
                            continue;
                        }
                        throw new Corrupt("ziplist encoding");
                    }
                }
                need(b, p, 1 + n);
                long v = getLe(b, p + 1, n);
                if (n < 8) v = (v << (64 - 8 * n)) >> (64 - 8 * n);
                out.add(RedisNumbers.formatLong(v));
                p += 1 + n;
            }
        }
        if (p != b.length - 1) throw new Corrupt("ziplist end");
        if (count != 65535 && count != out.size()) throw new Corrupt("ziplist count");
        return out;
    }

    // ---- intset ---------------------------------------------------------------------------------------

    /** An intset of ascending {@code values}, in the smallest encoding that holds them all. */
    public static byte[] intset(long[] values, int n) {
        int enc = 2;
        for (int i = 0; i < n; i++) {
            long v = values[i];
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) enc = 8;
            else if ((v < Short.MIN_VALUE || v > Short.MAX_VALUE) && enc < 4) enc = 4;
        }
        byte[] b = new byte[8 + enc * n];
        putLe(b, 0, enc, 4);
        putLe(b, 4, n, 4);
        for (int i = 0; i < n; i++) putLe(b, 8 + enc * i, values[i], enc);
        return b;
    }

    /** The values of an intset (which must be ascending and unique). */
    public static long[] readIntset(byte[] b) throws Corrupt {
        if (b.length < 8) throw new Corrupt("intset header");
        long enc = getLe(b, 0, 4), n = getLe(b, 4, 4);
        if (enc != 2 && enc != 4 && enc != 8) throw new Corrupt("intset encoding");
        if (8 + enc * n != b.length) throw new Corrupt("intset size");
        long[] v = new long[(int) n];
        for (int i = 0; i < n; i++) {
            long x = getLe(b, 8 + (int) enc * i, (int) enc);
            if (enc < 8) x = (x << (64 - 8 * enc)) >> (64 - 8 * enc);
            if (i > 0 && x <= v[i - 1]) throw new Corrupt("intset order");
            v[i] = x;
        }
        return v;
    }

    // ---- zipmap (read only) ---------------------------------------------------------------------------

    /** The field, value… of a zipmap (zipmap.c: a count byte, then length-prefixed entries, values with a free byte). */
    public static List<byte[]> readZipmap(byte[] b) throws Corrupt {
        List<byte[]> out = new ArrayList<>();
        int p = 1;
        while (true) {
            need(b, p, 1);
            int c = b[p] & 0xff;
            if (c == 0xFF) break;
            int[] len = zipmapLen(b, p);
            p += len[1];
            out.add(slice(b, p, len[0]));
            p += len[0];
            int[] vlen = zipmapLen(b, p);
            p += vlen[1];
            need(b, p, 1);
            int free = b[p++] & 0xff;
            out.add(slice(b, p, vlen[0]));
            p += vlen[0] + free;
        }
        if (p != b.length - 1) throw new Corrupt("zipmap end");
        return out;
    }

    private static int[] zipmapLen(byte[] b, int p) throws Corrupt {
        need(b, p, 1);
        int c = b[p] & 0xff;
        if (c < 254) return new int[] {c, 1};
        if (c == 254) {
            need(b, p, 5);
            long l = getLe(b, p + 1, 4);
            if (l > b.length) throw new Corrupt("zipmap length");
            return new int[] {(int) l, 5};
        }
        throw new Corrupt("zipmap length");
    }

    // ---- bytes ----------------------------------------------------------------------------------------

    private static void need(byte[] b, int p, int n) throws Corrupt {
        if (p + n > b.length) throw new Corrupt("truncated");
    }

    private static byte[] slice(byte[] b, int from, int len) throws Corrupt {
        if (len < 0 || from + len > b.length) throw new Corrupt("truncated");
        byte[] s = new byte[len];
        System.arraycopy(b, from, s, 0, len);
        return s;
    }

    static void le(ByteArrayOutputStream out, long v, int n) {
        for (int i = 0; i < n; i++) out.write((int) (v >>> (8 * i)) & 0xff);
    }

    static void putLe(byte[] b, int at, long v, int n) {
        for (int i = 0; i < n; i++) b[at + i] = (byte) (v >>> (8 * i));
    }

    static long getLe(byte[] b, int at, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) v = (v << 8) | (b[at + i] & 0xff);
        return v;
    }
}
