package io.redisdouble.rdb;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.keyspace.EncodingLimits;

import java.util.List;
import java.util.Map;

/**
 * The pieces of an RDB file as rdb.c rdbSaveRio writes them: "REDIS" + the 4-digit RDB version, the aux
 * fields (rdbSaveInfoAuxFields), the function libraries (RDB_OPCODE_FUNCTION2 + code, 7.0 on), per
 * non-empty database RDB_OPCODE_SELECTDB + RDB_OPCODE_RESIZEDB and its keys (rdbSaveKeyValuePair:
 * RDB_OPCODE_EXPIRETIME_MS, RDB_OPCODE_IDLE / RDB_OPCODE_FREQ, type, key, value), RDB_OPCODE_EOF, then the
 * CRC64 of everything before (8 bytes little endian; zero when rdbchecksum is no). Each piece is its own
 * byte array so that a snapshot taken on the command thread can be written to disk elsewhere, key by key.
 */
public final class RdbFile {
    private RdbFile() {}

    /** rdb.h's opcodes. */
    public static final int OPCODE_FUNCTION2 = 245, OPCODE_MODULE_AUX = 247, OPCODE_IDLE = 248, OPCODE_FREQ = 249,
            OPCODE_AUX = 250, OPCODE_RESIZEDB = 251, OPCODE_EXPIRETIME_MS = 252, OPCODE_EXPIRETIME = 253,
            OPCODE_SELECTDB = 254, OPCODE_EOF = 255, OPCODE_FUNCTION_PRE_GA = 246;

    /** The RDB version the dialect's server writes (RDB_VERSION) and the highest it loads. */
    public static int version(Dialect d) {
        return RdbFormat.version(d);
    }

    /**
     * The magic ("REDIS0010"), the aux fields in the given order (each RDB_OPCODE_AUX, key and value as
     * rdbSaveRawString writes them: a number as an integer encoding), and the function libraries' code.
     */
    public static byte[] header(Dialect d, Map<String, String> aux, List<byte[]> functionCodes, boolean compress) {
        RdbWriter w = new RdbWriter(d, null, compress);
        w.raw(String.format("REDIS%04d", RdbFormat.version(d)).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        for (Map.Entry<String, String> e : aux.entrySet()) {
            w.type(OPCODE_AUX);
            w.string(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            w.string(e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        for (byte[] code : functionCodes) {
            w.type(OPCODE_FUNCTION2);
            w.string(code);
        }
        return w.out.toByteArray();
    }

    /** RDB_OPCODE_SELECTDB id, RDB_OPCODE_RESIZEDB keys keys-with-expiry. */
    public static byte[] selectDb(int id, long size, long expires) {
        RdbWriter w = new RdbWriter(null, null, false);
        w.type(OPCODE_SELECTDB);
        w.len(id);
        w.type(OPCODE_RESIZEDB);
        w.len(size);
        w.len(expires);
        return w.out.toByteArray();
    }

    /**
     * rdbSaveKeyValuePair: the deadline (unix ms, or -1 for none), the idle seconds (LRU policies; -1
     * for none) or the LFU counter (LFU policies; -1 for none), the type, the key and the value.
     */
    public static byte[] keyValue(Dialect d, EncodingLimits limits, boolean compress, byte[] key, Object value,
                                  long expireAt, long idleSeconds, int lfu) {
        RdbWriter w = new RdbWriter(d, limits, compress);
        if (expireAt != -1) {
            w.type(OPCODE_EXPIRETIME_MS);
            w.millis(expireAt);
        }
        if (idleSeconds >= 0) {
            w.type(OPCODE_IDLE);
            w.len(idleSeconds);
        }
        if (lfu >= 0) {
            w.type(OPCODE_FREQ);
            w.out.write(lfu & 0xff);
        }
        byte[] body = objectBytes(w, value);
        // rdbSaveObjectType precedes the key: the object writer starts with the type byte
        w.type(body[0] & 0xff);
        w.string(key);
        w.out.write(body, 1, body.length - 1);
        return w.out.toByteArray();
    }

    private static byte[] objectBytes(RdbWriter template, Object value) {
        RdbWriter v = template.sibling();
        v.object(value);
        return v.out.toByteArray();
    }

    /** RDB_OPCODE_EOF. */
    public static byte[] eof() {
        return new byte[] {(byte) OPCODE_EOF};
    }

    /** The 8-byte little-endian checksum that ends the file. */
    public static byte[] checksum(long crc) {
        byte[] b = new byte[8];
        Packed.putLe(b, 0, crc, 8);
        return b;
    }
}
