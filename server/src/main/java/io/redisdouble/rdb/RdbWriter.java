package io.redisdouble.rdb;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.dialect.Quirk;
import io.redisdouble.keyspace.EncodingLimits;
import io.redisdouble.keyspace.RedisHash;
import io.redisdouble.keyspace.RedisList;
import io.redisdouble.keyspace.RedisSet;
import io.redisdouble.stream.RedisStream;
import io.redisdouble.util.RedisNumbers;
import io.redisdouble.zset.ZSet;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * DUMP's payload (cluster.c createDumpPayload): the RDB object type, the value as rdb.c rdbSaveObject
 * writes it for the encoding the emulated server would hold it in, the RDB version (2 bytes little
 * endian) and the CRC64 of everything before (8 bytes little endian). Strings that rdbSaveRawString
 * would compress are LZF-compressed as Redis does ({@link Lzf}).
 *
 * <p>Where Redis's bytes depend on what no client can see, these follow the double's own order: a hash
 * table's iteration order (sets, hashes past their compact encoding), an intset's width after its
 * large members left (intsets never shrink), and, for 6.2 / 7.0, where a long quicklist splits into nodes
 * (taken as pushes from the tail would split it).
 */
public final class RdbWriter {
    private final Dialect d;
    private final EncodingLimits limits;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    /** rdbcompression: strings longer than 20 bytes are LZF-compressed when it pays (rdbSaveRawString). */
    private final boolean compress;

    private RdbWriter(Dialect d, EncodingLimits limits) {
        this(d, limits, true);
    }

    RdbWriter(Dialect d, EncodingLimits limits, boolean compress) {
        this.d = d;
        this.limits = limits;
        this.compress = compress;
    }

    /** A fresh writer with the same dialect, limits and compression. */
    RdbWriter sibling() {
        return new RdbWriter(d, limits, compress);
    }

    /** The DUMP payload of a value (a string is a byte[]: its int and raw forms write the same bytes). */
    public static byte[] dump(Object value, Dialect d, EncodingLimits limits) {
        return dump(value, d, limits, true);
    }

    /** DUMP with rdbcompression as configured ({@code compress}: yes). */
    public static byte[] dump(Object value, Dialect d, EncodingLimits limits, boolean compress) {
        RdbWriter w = new RdbWriter(d, limits, compress);
        w.object(value);
        int version = RdbFormat.version(d);
        w.out.write(version & 0xff);
        w.out.write((version >> 8) & 0xff);
        byte[] body = w.out.toByteArray();
        long crc = Crc64.of(body, body.length);
        byte[] payload = new byte[body.length + 8];
        System.arraycopy(body, 0, payload, 0, body.length);
        Packed.putLe(payload, body.length, crc, 8);
        return payload;
    }

    /** FUNCTION DUMP (functionDumpCommand): RDB_OPCODE_FUNCTION2 + code per library, the RDB version, the CRC64. */
    public static byte[] dumpFunctions(java.util.List<byte[]> codes, Dialect d) {
        RdbWriter w = new RdbWriter(d, null);
        for (byte[] code : codes) {
            w.type(245);
            w.string(code);
        }
        int version = RdbFormat.version(d);
        w.out.write(version & 0xff);
        w.out.write((version >> 8) & 0xff);
        byte[] body = w.out.toByteArray();
        long crc = Crc64.of(body, body.length);
        byte[] payload = new byte[body.length + 8];
        System.arraycopy(body, 0, payload, 0, body.length);
        Packed.putLe(payload, body.length, crc, 8);
        return payload;
    }

    void object(Object v) {
        if (v instanceof byte[] s) {
            type(RdbFormat.STRING);
            string(s);
        } else if (v instanceof RedisList l) {
            list(l);
        } else if (v instanceof RedisSet s) {
            set(s);
        } else if (v instanceof ZSet z) {
            zset(z);
        } else if (v instanceof RedisHash h) {
            hash(h);
        } else if (v instanceof RedisStream s) {
            StreamRdb.write(this, s, d);
        } else {
            throw new IllegalStateException("unknown value " + v.getClass());
        }
    }

    // ---- primitives (rdbSaveType, rdbSaveLen, rdbSaveRawString, rdbSaveMillisecondTime) ------------

    void type(int t) {
        out.write(t);
    }

    /** rdbSaveLen of an unsigned 64-bit length (-1 is 2^64-1, as entries-read's invalid value). */
    void len(long len) {
        if (len >= 0 && len < (1 << 6)) {
            out.write((int) len);
        } else if (len >= 0 && len < (1 << 14)) {
            out.write((int) ((len >> 8) | 0x40));
            out.write((int) (len & 0xff));
        } else if (len >= 0 && len <= 0xFFFFFFFFL) {
            out.write(0x80);
            for (int i = 3; i >= 0; i--) out.write((int) (len >>> (8 * i)) & 0xff);
        } else {
            out.write(0x81);
            for (int i = 7; i >= 0; i--) out.write((int) (len >>> (8 * i)) & 0xff);
        }
    }

    void millis(long t) {
        Packed.le(out, t, 8);
    }

    void raw(byte[] b) {
        out.write(b, 0, b.length);
    }

    /** rdbSaveRawString: an integer in 1, 2 or 4 bytes if the text is one (≤ 11 bytes), LZF if it pays (> 20 bytes), else verbatim. */
    void string(byte[] s) {
        int len = s.length;
        if (len <= 11) {
            try {
                long v = RedisNumbers.parseLong(s);
                if (encodeInteger(v)) return;
            } catch (RedisNumbers.NotANumber ignored) {
                // not an integer: fall through
            }
        }
        if (compress && len > 20) {
            byte[] c = new byte[len - 4 + 1];
            int clen = Lzf.compress(s, len, c, len - 4);
            if (clen > 0) {
                out.write(0xC3);
                len(clen);
                len(len);
                out.write(c, 0, clen);
                return;
            }
        }
        len(len);
        out.write(s, 0, len);
    }

    /** rdbEncodeInteger. */
    private boolean encodeInteger(long v) {
        if (v >= -(1 << 7) && v <= (1 << 7) - 1) {
            out.write(0xC0);
            out.write((int) v & 0xff);
        } else if (v >= -(1 << 15) && v <= (1 << 15) - 1) {
            out.write(0xC1);
            Packed.le(out, v, 2);
        } else if (v >= -(1L << 31) && v <= (1L << 31) - 1) {
            out.write(0xC2);
            Packed.le(out, v, 4);
        } else {
            return false;
        }
        return true;
    }

    // ---- lists ------------------------------------------------------------------------------------------

    private void list(RedisList l) {
        boolean listpacks = d.has(Quirk.RDB_LISTPACKS);
        type(listpacks ? RdbFormat.LIST_QUICKLIST_2 : RdbFormat.LIST_QUICKLIST);
        List<byte[]> all = new ArrayList<>(l.size());
        for (int i = 0; i < l.size(); i++) all.add(l.get(i));
        int[] nodes = l.quicklistNodes();
        if (nodes == null) {
            nodes = "listpack".equals(l.encodingName()) ? new int[] {all.size()}
                    : splitAsPushed(all, listpacks, l.fill() != 0 ? l.fill() : limits.listSize());
        }
        len(nodes.length);
        int pos = 0;
        for (int count : nodes) {
            if (count < 0) {
                len(RdbFormat.CONTAINER_PLAIN);
                string(all.get(pos));
                pos -= count;
                continue;
            }
            List<byte[]> node = all.subList(pos, pos + count);
            if (listpacks) {
                len(RdbFormat.CONTAINER_PACKED);
                string(Packed.listpack(node));
            } else {
                string(Packed.ziplist(node));
            }
            pos += count;
        }
    }

    /**
     * The node sizes of a 6.2 / 7.0 quicklist built by pushes at the tail (_quicklistNodeAllowInsert):
     * a node takes an element while its estimated size stays within list-max-ziplist-size's byte class
     * (or, for a positive fill, its count and 8 KB).
     */
    private int[] splitAsPushed(List<byte[]> all, boolean listpacks, int fill) {
        List<Integer> counts = new ArrayList<>();
        long bytes = 0;
        int count = 0, prevEntry = 0;
        for (byte[] e : all) {
            long sz = e.length;
            boolean fits;
            if (count == 0) {
                fits = false;
            } else if (listpacks) {
                long newSz = bytes + sz + 8;
                fits = fill < 0 ? newSz <= sizeLevel(fill) : count + 1 <= fill && newSz <= 8192;
            } else {
                long newSz = bytes + sz + (sz < 254 ? 1 : 5) + (sz < 64 ? 1 : sz < 16384 ? 2 : 5);
                fits = fill < 0 ? newSz <= sizeLevel(fill) : newSz <= 8192 && count < fill;
            }
            if (!fits) {
                if (count > 0) counts.add(count);
                count = 0;
                prevEntry = 0;
                bytes = listpacks ? 7 : 11;
            }
            if (listpacks) {
                bytes += io.redisdouble.util.Listpack.strSize(e);
            } else {
                int entry = zipEntrySize(e, prevEntry);
                bytes += entry;
                prevEntry = entry;
            }
            count++;
        }
        if (count > 0) counts.add(count);
        return counts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A ziplist entry's bytes after an entry of {@code prevEntry} bytes. */
    private static int zipEntrySize(byte[] e, int prevEntry) {
        int prev = prevEntry < 254 ? 1 : 5;
        Long v = e.length == 0 || e.length >= 32 ? null : io.redisdouble.util.Listpack.toInt64(e);
        if (v != null) {
            if (v >= 0 && v <= 12) return prev + 1;
            if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) return prev + 2;
            if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) return prev + 3;
            if (v >= -8388608 && v <= 8388607) return prev + 4;
            if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) return prev + 5;
            return prev + 9;
        }
        return prev + (e.length <= 0x3f ? 1 : e.length <= 0x3fff ? 2 : 5) + e.length;
    }

    private static long sizeLevel(int fill) {
        int offset = Math.min(-fill - 1, 4);
        return 4096L << offset;
    }

    // ---- sets ---------------------------------------------------------------------------------------------

    private void set(RedisSet s) {
        List<byte[]> members = s.members();
        if (s.isIntset()) {
            type(RdbFormat.SET_INTSET);
            long[] v = new long[members.size()];
            for (int i = 0; i < v.length; i++) v[i] = parse(members.get(i));
            string(Packed.intset(v, v.length));
        } else if (s.isCompact()) {
            type(RdbFormat.SET_LISTPACK);
            string(Packed.listpack(members));
        } else {
            type(RdbFormat.SET);
            len(members.size());
            for (byte[] m : members) string(m);
        }
    }

    private static long parse(byte[] b) {
        try {
            return RedisNumbers.parseLong(b);
        } catch (RedisNumbers.NotANumber e) {
            throw new IllegalStateException("intset member " + new String(b));
        }
    }

    // ---- sorted sets -----------------------------------------------------------------------------------

    private void zset(ZSet z) {
        if (z.isCompact()) {
            List<Object> elements = new ArrayList<>(z.size() * 2);
            boolean listpacks = d.has(Quirk.RDB_LISTPACKS);
            for (ZSet.Node n = z.first(); n != null; n = n.next()) {
                elements.add(n.member());
                elements.add(scoreElement(n.score(), listpacks));
            }
            if (listpacks) {
                type(RdbFormat.ZSET_LISTPACK);
                string(Packed.listpack(elements));
            } else {
                type(RdbFormat.ZSET_ZIPLIST);
                List<byte[]> strings = new ArrayList<>(elements.size());
                for (Object o : elements) strings.add((byte[]) o);
                string(Packed.ziplist(strings));
            }
            return;
        }
        type(RdbFormat.ZSET_2);
        len(z.size());
        for (ZSet.Node n = z.last(); n != null; n = n.prev()) {
            string(n.member());
            Packed.le(out, Double.doubleToRawLongBits(n.score()), 8);
        }
    }

    /**
     * zzlInsertAt's score element: 7.0+ an integer when double2ll takes it (within ±2^62), else
     * d2string's text; 6.2 d2string's text (integral values within ±2^52 as integers, else %.17g).
     */
    private Object scoreElement(double score, boolean listpacks) {
        if (listpacks) {
            if (score >= -4611686018427387904.0 && score <= 4611686018427387904.0 && score == Math.rint(score)) {
                return (long) score;
            }
            return RedisNumbers.d2string(score, d).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
        String text;
        if (Double.isNaN(score)) text = "nan";
        else if (Double.isInfinite(score)) text = score > 0 ? "inf" : "-inf";
        else if (score == 0) text = Double.doubleToRawLongBits(score) < 0 ? "-0" : "0";
        else if (score > -4503599627370495.0 && score < 4503599627370496.0 && score == Math.rint(score)) text = Long.toString((long) score);
        else text = RedisNumbers.formatG17(score);
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    // ---- hashes -----------------------------------------------------------------------------------------

    private void hash(RedisHash h) {
        List<byte[][]> entries = h.entries();
        if (h.isCompact()) {
            if (h.isListpackEx()) {
                type(RdbFormat.HASH_LISTPACK_EX);
                long min = h.minTtl();
                millis(min == RedisHash.NO_TTL ? 0 : min);
                List<Object> elements = new ArrayList<>(entries.size() * 3);
                for (byte[][] e : entries) {
                    elements.add(e[0]);
                    elements.add(e[1]);
                    long t = h.ttlOf(e[0]);
                    elements.add(t == RedisHash.NO_TTL ? 0L : t);
                }
                string(Packed.listpack(elements));
                return;
            }
            List<byte[]> elements = new ArrayList<>(entries.size() * 2);
            for (byte[][] e : entries) {
                elements.add(e[0]);
                elements.add(e[1]);
            }
            if (d.has(Quirk.RDB_LISTPACKS)) {
                type(RdbFormat.HASH_LISTPACK);
                string(Packed.listpack(elements));
            } else {
                type(RdbFormat.HASH_ZIPLIST);
                string(Packed.ziplist(elements));
            }
            return;
        }
        long min = d.has(Quirk.RDB_HASH_FIELD_TTLS) ? h.minTtl() : RedisHash.NO_TTL;
        if (min != RedisHash.NO_TTL) {
            type(RdbFormat.HASH_METADATA);
            millis(min);
        } else {
            type(RdbFormat.HASH);
        }
        len(entries.size());
        for (byte[][] e : entries) {
            if (min != RedisHash.NO_TTL) {
                long t = h.ttlOf(e[0]);
                len(t == RedisHash.NO_TTL ? 0 : t - min + 1);
            }
            string(e[0]);
            string(e[1]);
        }
    }
}
