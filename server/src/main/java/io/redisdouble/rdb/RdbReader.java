package io.redisdouble.rdb;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.dialect.Quirk;
import io.redisdouble.keyspace.EncodingLimits;
import io.redisdouble.keyspace.RedisHash;
import io.redisdouble.keyspace.RedisList;
import io.redisdouble.keyspace.RedisSet;
import io.redisdouble.util.Bytes;
import io.redisdouble.util.Listpack;
import io.redisdouble.util.RedisNumbers;
import io.redisdouble.zset.ZSet;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * RESTORE's side (cluster.c verifyDumpPayload, rdb.c rdbLoadObjectType / rdbLoadObject): checks a
 * payload's RDB version and CRC64, then reads the value of any RDB type the emulated server loads,
 * including older layouts (zipmap, ziplist, intset, quicklist of ziplists, older streams), into the
 * double's value in the encoding the server would give it by its current thresholds. Anything
 * malformed is {@link Packed.Corrupt} ("Bad data format").
 */
public final class RdbReader {
    private final byte[] p;
    private int pos;
    private final int end;
    private final Dialect d;
    private final EncodingLimits limits;
    private final RandomGenerator random;

    RdbReader(byte[] p, int end, Dialect d, EncodingLimits limits, RandomGenerator random) {
        this.p = p;
        this.end = end;
        this.d = d;
        this.limits = limits;
        this.random = random;
    }

    /** verifyDumpPayload: at least the 10-byte footer, an RDB version this server knows, the CRC64. */
    public static boolean verify(byte[] payload, Dialect d) {
        if (payload.length < 10) return false;
        int footer = payload.length - 10;
        int version = (payload[footer] & 0xff) | ((payload[footer + 1] & 0xff) << 8);
        if (version > RdbFormat.version(d)) return false;
        long crc = Crc64.of(payload, payload.length - 8);
        return Packed.getLe(payload, payload.length - 8, 8) == crc;
    }

    /** The value of a verified payload (a string is a byte[]). */
    public static Object load(byte[] payload, Dialect d, EncodingLimits limits, RandomGenerator random)
            throws Packed.Corrupt {
        // rdbLoadObject reads from the whole buffer: a value may run into the footer, as in Redis
        RdbReader r = new RdbReader(payload, payload.length, d, limits, random);
        int type = r.u8();
        if (type < 0 || type > RdbFormat.maxType(d) || type == 8) throw new Packed.Corrupt("type");
        return r.object(type);
    }

    /** A FUNCTION RESTORE payload that is not a list of libraries (the text follows "ERR "). */
    public static final class FunctionsError extends Exception {
        private static final long serialVersionUID = 1L;

        FunctionsError(String message) {
            super(message, null, false, false);
        }
    }

    /** Receives each library's code as FUNCTION RESTORE reads it, and may stop the reading with its error. */
    public interface LibrarySink<E extends Exception> {
        void accept(byte[] code) throws E;
    }

    /**
     * functionRestoreCommand's loop over a verified payload (rdbFunctionLoad): RDB_OPCODE_FUNCTION2 and the
     * library's code, or 7.0-rc's RDB_OPCODE_FUNCTION (name, engine, optional description, body; turned into
     * "#!engine name=name\n" + body), until only the 10-byte footer is left. Each library goes to the sink
     * before the next is read, so a library that fails stops the reading there, as in Redis.
     */
    public static <E extends Exception> void loadFunctions(byte[] payload, LibrarySink<E> sink) throws FunctionsError, E {
        RdbReader r = new RdbReader(payload, payload.length, null, null, null);
        while (payload.length - r.pos > 10) {
            int type;
            try {
                type = r.u8();
            } catch (Packed.Corrupt e) {
                throw new FunctionsError("can not read data type");
            }
            if (type == 245) {
                byte[] code;
                try {
                    code = r.string();
                } catch (Packed.Corrupt e) {
                    throw new FunctionsError("Failed loading library payload");
                }
                sink.accept(code);
            } else if (type == 246) {
                sink.accept(r.preGaLibrary());
            } else {
                throw new FunctionsError("given type is not a function");
            }
        }
    }

    byte[] preGaLibrary() throws FunctionsError {
        byte[] name, engine, blob;
        String step = "library name";
        try {
            name = string();
            step = "engine name";
            engine = string();
            step = "library description indicator";
            long hasDesc = len();
            step = "library description";
            if (hasDesc != 0) string();
            step = "library blob";
            blob = string();
        } catch (Packed.Corrupt e) {
            throw new FunctionsError("Failed loading " + step);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(new byte[] {'#', '!'});
        out.writeBytes(engine);
        out.writeBytes(" name=".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        out.writeBytes(name);
        out.write('\n');
        out.writeBytes(blob);
        return out.toByteArray();
    }

    // ---- primitives ---------------------------------------------------------------------------------------

    /** The offset of the next byte to read. */
    int position() {
        return pos;
    }

    int u8() throws Packed.Corrupt {
        if (pos >= end) throw new Packed.Corrupt("truncated");
        return p[pos++] & 0xff;
    }

    byte[] bytes(int n) throws Packed.Corrupt {
        if (n < 0 || pos + n > end) throw new Packed.Corrupt("truncated");
        byte[] b = new byte[n];
        System.arraycopy(p, pos, b, 0, n);
        pos += n;
        return b;
    }

    long millis() throws Packed.Corrupt {
        byte[] b = bytes(8);
        return Packed.getLe(b, 0, 8);
    }

    /** rdbLoadLen of a plain length (an encoded-string marker is corrupt here). */
    long len() throws Packed.Corrupt {
        long[] l = lenOrEncoding();
        if (l[1] != 0) throw new Packed.Corrupt("length");
        return l[0];
    }

    /** A count of elements that follow (each takes at least a byte), else corrupt. */
    long count() throws Packed.Corrupt {
        long n = len();
        if (n < 0 || n > end - pos) throw new Packed.Corrupt("count");
        return n;
    }

    /** {length or encoding, 1 if an encoding (RDB_ENCVAL)}. */
    private long[] lenOrEncoding() throws Packed.Corrupt {
        int b = u8();
        int type = (b & 0xC0) >> 6;
        if (type == 3) return new long[] {b & 0x3F, 1};
        if (type == 0) return new long[] {b & 0x3F, 0};
        if (type == 1) return new long[] {((b & 0x3F) << 8) | u8(), 0};
        if (b == 0x80) {
            long v = 0;
            for (int i = 0; i < 4; i++) v = (v << 8) | u8();
            return new long[] {v, 0};
        }
        if (b == 0x81) {
            long v = 0;
            for (int i = 0; i < 8; i++) v = (v << 8) | u8();
            return new long[] {v, 0};
        }
        throw new Packed.Corrupt("length");
    }

    /** rdbGenericLoadStringObject: an integer-encoded, LZF-compressed or verbatim string. */
    byte[] string() throws Packed.Corrupt {
        long[] l = lenOrEncoding();
        if (l[1] != 0) {
            switch ((int) l[0]) {
                case 0 -> {
                    return RedisNumbers.formatLong((byte) u8());
                }
                case 1 -> {
                    byte[] b = bytes(2);
                    return RedisNumbers.formatLong((short) Packed.getLe(b, 0, 2));
                }
                case 2 -> {
                    byte[] b = bytes(4);
                    return RedisNumbers.formatLong((int) Packed.getLe(b, 0, 4));
                }
                case 3 -> {
                    long clen = len(), len = len();
                    // LZF expands at most 264 bytes from a 3-byte reference: a longer claim cannot be met
                    // (Redis's lzf_decompress fails on it) and is not allocated here
                    if (clen > end - pos || len > Integer.MAX_VALUE - 8 || len > clen * 90 + 64) {
                        throw new Packed.Corrupt("lzf");
                    }
                    byte[] s = Lzf.decompress(p, pos, (int) clen, (int) len);
                    if (s == null) throw new Packed.Corrupt("lzf");
                    pos += (int) clen;
                    return s;
                }
                default -> throw new Packed.Corrupt("string encoding");
            }
        }
        if (l[0] > end - pos) throw new Packed.Corrupt("truncated");
        return bytes((int) l[0]);
    }

    /** rdbLoadDoubleValue (RDB_TYPE_ZSET): a length byte and the text (253 nan, 254 inf, 255 -inf). */
    private double textDouble() throws Packed.Corrupt {
        int len = u8();
        if (len == 253) return Double.NaN;
        if (len == 254) return Double.POSITIVE_INFINITY;
        if (len == 255) return Double.NEGATIVE_INFINITY;
        String s = new String(bytes(len), StandardCharsets.ISO_8859_1);
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return 0; // strtod reads what it can; a dump never carries junk here
        }
    }

    // ---- objects ---------------------------------------------------------------------------------------

    Object object(int type) throws Packed.Corrupt {
        switch (type) {
            case RdbFormat.STRING:
                return string();
            case RdbFormat.LIST: {
                long n = count();
                if (n == 0) throw new Packed.Corrupt("empty");
                List<byte[]> items = new ArrayList<>();
                for (long i = 0; i < n; i++) items.add(string());
                return list(items);
            }
            case RdbFormat.SET:
                return setFromMembers();
            case RdbFormat.ZSET:
            case RdbFormat.ZSET_2:
                return zsetFromPairs(type == RdbFormat.ZSET_2);
            case RdbFormat.HASH:
                return hashFromPairs(false, false);
            case RdbFormat.HASH_METADATA:
            case RdbFormat.HASH_METADATA_PRE_GA:
                return hashFromPairs(true, type == RdbFormat.HASH_METADATA);
            case RdbFormat.LIST_QUICKLIST:
            case RdbFormat.LIST_QUICKLIST_2:
                return quicklist(type == RdbFormat.LIST_QUICKLIST_2);
            case RdbFormat.HASH_ZIPMAP: {
                List<byte[]> fv = Packed.readZipmap(string());
                return compactHash(fv, false, true);
            }
            case RdbFormat.LIST_ZIPLIST: {
                List<byte[]> items = Packed.readZiplist(string());
                if (items.isEmpty()) throw new Packed.Corrupt("empty");
                return list(items);
            }
            case RdbFormat.SET_INTSET: {
                long[] v = Packed.readIntset(string());
                if (v.length == 0) throw new Packed.Corrupt("empty");
                RedisSet s = new RedisSet(limits);
                for (long x : v) s.add(RedisNumbers.formatLong(x));
                if (s.isIntset() && v.length > limits.intsetEntries()) s.convertToTable();
                return s;
            }
            case RdbFormat.SET_LISTPACK: {
                List<byte[]> members = Packed.readListpack(string());
                if (members.isEmpty()) throw new Packed.Corrupt("empty");
                dupCheck(members, 1);
                RedisSet s = RedisSet.emptyListpack(limits);
                for (byte[] m : members) s.add(m);
                if (s.isCompact() && members.size() > limits.listpackEntries()) s.convertToTable();
                return s;
            }
            case RdbFormat.ZSET_ZIPLIST:
            case RdbFormat.ZSET_LISTPACK: {
                byte[] blob = string();
                List<byte[]> el = type == RdbFormat.ZSET_ZIPLIST ? Packed.readZiplist(blob) : Packed.readListpack(blob);
                if (el.isEmpty()) throw new Packed.Corrupt("empty");
                if (el.size() % 2 != 0) throw new Packed.Corrupt("zset pairs");
                ZSet z = new ZSet(random);
                long maxLen = 0;
                for (int i = 0; i < el.size(); i += 2) {
                    double score = parseScore(el.get(i + 1));
                    if (!z.add(el.get(i), score)) throw new Packed.Corrupt("zset dup");
                    maxLen = Math.max(maxLen, el.get(i).length);
                }
                // a ziplist / listpack payload converts by its length only (rdbLoadObject)
                z.setCompact(z.size() <= limits.zsetEntries());
                return z;
            }
            case RdbFormat.HASH_ZIPLIST:
            case RdbFormat.HASH_LISTPACK: {
                byte[] blob = string();
                List<byte[]> fv = type == RdbFormat.HASH_ZIPLIST ? Packed.readZiplist(blob) : Packed.readListpack(blob);
                return compactHash(fv, false, false);
            }
            case RdbFormat.HASH_LISTPACK_EX:
            case RdbFormat.HASH_LISTPACK_EX_PRE_GA: {
                if (type == RdbFormat.HASH_LISTPACK_EX) millis();
                List<byte[]> fvt = Packed.readListpack(string());
                return compactHash(fvt, true, false);
            }
            case RdbFormat.STREAM_LISTPACKS:
            case RdbFormat.STREAM_LISTPACKS_2:
            case RdbFormat.STREAM_LISTPACKS_3:
                return StreamRdb.read(this, type == RdbFormat.STREAM_LISTPACKS ? 1 : type == RdbFormat.STREAM_LISTPACKS_2 ? 2 : 3);
            default:
                throw new Packed.Corrupt("type " + type);
        }
    }

    private static double parseScore(byte[] s) throws Packed.Corrupt {
        try {
            return RedisNumbers.parseDoubleStrict(s);
        } catch (RedisNumbers.NotANumber e) {
            String t = new String(s, StandardCharsets.ISO_8859_1);
            if (t.equals("inf")) return Double.POSITIVE_INFINITY;
            if (t.equals("-inf")) return Double.NEGATIVE_INFINITY;
            throw new Packed.Corrupt("score");
        }
    }

    private static void dupCheck(List<byte[]> items, int step) throws Packed.Corrupt {
        Set<Bytes> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i += step) {
            if (!seen.add(Bytes.wrap(items.get(i)))) throw new Packed.Corrupt("duplicate");
        }
    }

    /** A list of the dialect from its elements (quicklist pushes; 7.2+ then listTypeTryConversion). */
    private RedisList list(List<byte[]> items) {
        if (!limits.listpack()) {
            RedisList l = new RedisList();
            for (byte[] e : items) l.pushTail(e);
            return l;
        }
        RedisList l = new RedisList(limits, true);
        for (byte[] e : items) l.pushTail(e);
        l.tryListpack(false);
        return l;
    }

    private RedisList quicklist(boolean v2) throws Packed.Corrupt {
        long nodes = count();
        if (nodes == 0) throw new Packed.Corrupt("empty");
        List<byte[]> items = new ArrayList<>();
        for (long k = 0; k < nodes; k++) {
            long container = RdbFormat.CONTAINER_PACKED;
            if (v2) {
                container = len();
                if (container != RdbFormat.CONTAINER_PACKED && container != RdbFormat.CONTAINER_PLAIN) {
                    throw new Packed.Corrupt("container");
                }
            }
            byte[] data = string();
            if (data.length == 0) throw new Packed.Corrupt("empty node");
            if (container == RdbFormat.CONTAINER_PLAIN) {
                items.add(data);
                continue;
            }
            items.addAll(v2 ? Packed.readListpack(data) : Packed.readZiplist(data));
        }
        if (items.isEmpty()) throw new Packed.Corrupt("empty");
        return list(items);
    }

    /** RDB_TYPE_SET: an intset while the length allows one and members are integers, as rdbLoadObject. */
    private RedisSet setFromMembers() throws Packed.Corrupt {
        long n = count();
        if (n == 0) throw new Packed.Corrupt("empty");
        RedisSet s = null;
        for (long i = 0; i < n; i++) {
            byte[] m = string();
            if (s == null) {
                s = new RedisSet(limits);
                if (n > limits.intsetEntries()) s.convertToTable();
            }
            if (!s.add(m)) throw new Packed.Corrupt("duplicate");
        }
        return s;
    }

    private ZSet zsetFromPairs(boolean binary) throws Packed.Corrupt {
        long n = count();
        if (n == 0) throw new Packed.Corrupt("empty");
        ZSet z = new ZSet(random);
        long maxLen = 0;
        for (long i = 0; i < n; i++) {
            byte[] m = string();
            double score = binary ? Double.longBitsToDouble(Packed.getLe(bytes(8), 0, 8)) : textDouble();
            if (Double.isNaN(score)) throw new Packed.Corrupt("nan");
            if (!z.add(m, score)) throw new Packed.Corrupt("duplicate");
            maxLen = Math.max(maxLen, m.length);
        }
        z.setCompact(z.size() <= limits.zsetEntries() && maxLen <= limits.zsetValue());
        return z;
    }

    /** RDB_TYPE_HASH / _METADATA: compact unless too many entries or a long field or value. */
    private RedisHash hashFromPairs(boolean withTtls, boolean relative) throws Packed.Corrupt {
        long minExpire = 0;
        if (relative) minExpire = millis();
        long n = count();
        if (n == 0) throw new Packed.Corrupt("empty");
        RedisHash h = new RedisHash();
        if (n > limits.hashEntries()) h.convertToTable();
        if (withTtls) h.enableTtls();
        for (long i = 0; i < n; i++) {
            long ttl = withTtls ? len() : 0;
            byte[] f = string(), v = string();
            if (h.contains(f)) throw new Packed.Corrupt("duplicate");
            if (h.isCompact() && (f.length > limits.hashValue() || v.length > limits.hashValue())) h.convertToTable();
            h.put(f, v);
            if (withTtls && ttl != 0) h.setTtl(f, relative ? ttl + minExpire - 1 : ttl);
        }
        return h;
    }

    /**
     * A hash from a ziplist / listpack / zipmap of field, value (and TTL when {@code withTtls}): a table if
     * it has more entries than hash-max-listpack-entries, or (zipmap only) a longer field or value.
     */
    private RedisHash compactHash(List<byte[]> items, boolean withTtls, boolean checkLengths) throws Packed.Corrupt {
        int step = withTtls ? 3 : 2;
        if (items.isEmpty()) throw new Packed.Corrupt("empty");
        if (items.size() % step != 0) throw new Packed.Corrupt("hash pairs");
        dupCheck(items, step);
        RedisHash h = new RedisHash();
        if (withTtls) h.enableTtls();
        long maxLen = 0;
        for (int i = 0; i < items.size(); i += step) {
            h.put(items.get(i), items.get(i + 1));
            maxLen = Math.max(maxLen, Math.max(items.get(i).length, items.get(i + 1).length));
            if (withTtls) {
                Long t = Listpack.toInt64(items.get(i + 2));
                if (t == null || t < 0) throw new Packed.Corrupt("hash ttl");
                if (t != 0) h.setTtl(items.get(i), t);
            }
        }
        if (items.size() / step > limits.hashEntries() || (checkLengths && maxLen > limits.hashValue())) h.convertToTable();
        return h;
    }

    Dialect dialect() {
        return d;
    }

    boolean hasQuirk(Quirk q) {
        return d.has(q);
    }
}
