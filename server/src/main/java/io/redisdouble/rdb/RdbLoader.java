package io.redisdouble.rdb;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.keyspace.EncodingLimits;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * rdb.c rdbLoadRioWithLoadingCtx over a whole RDB file: the magic and version, then opcodes (expiry in
 * seconds or ms, LFU / LRU hints, SELECTDB, RESIZEDB, aux fields, function libraries, EOF) and keys, then
 * the CRC64 (checked unless it is zero or rdbchecksum is no). What it finds goes to a {@link Sink}; what
 * Redis logs while loading goes to {@link #log()}. A file Redis would refuse ends in {@link Failure},
 * whose lines are those Redis logs before it exits.
 */
public final class RdbLoader {
    /** Receives the file's content in order. */
    public interface Sink {
        /** RDB_OPCODE_SELECTDB: false if the server has fewer databases (Redis exits). */
        boolean selectDb(int id);

        /** A function library's code (RDB_OPCODE_FUNCTION2, or a 7.0-rc library turned into code); an error text, or null. */
        String function(byte[] code);

        /**
         * A key of the selected database with its deadline (unix ms, -1 for none), LRU idle seconds and LFU
         * counter (-1 when absent). False when the key is already there (Redis panics).
         */
        boolean key(byte[] key, Object value, long expireAt, long idleSeconds, int lfu);
    }

    /**
     * A file the server refuses: the lines it logs, then it exits with status 1 (an embedded server's
     * start throws this).
     */
    public static final class Failure extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        private final List<String> lines;

        public Failure(List<String> lines) {
            super(String.join("\n", lines));
            this.lines = List.copyOf(lines);
        }

        public List<String> lines() {
            return lines;
        }
    }

    private final List<String> log = new ArrayList<>();
    private long loaded, expired;

    private RdbLoader() {}

    /**
     * Loads {@code file} ({@code name} for messages) into {@code sink}; keys whose deadline is before
     * {@code nowMillis} are dropped, as a master drops them. Returns the loader for its log and counts.
     */
    public static RdbLoader load(byte[] file, String name, Dialect d, EncodingLimits limits, RandomGenerator random,
                                 long nowMillis, boolean checksum, Sink sink) throws Failure {
        RdbLoader l = new RdbLoader();
        l.run(file, name, d, limits, random, nowMillis, checksum, sink);
        return l;
    }

    public List<String> log() {
        return log;
    }

    /** rdb_last_load_keys_loaded / rdb_last_load_keys_expired. */
    public long keysLoaded() {
        return loaded;
    }

    public long keysExpired() {
        return expired;
    }

    private void run(byte[] file, String name, Dialect d, EncodingLimits limits, RandomGenerator random,
                     long nowMillis, boolean checksum, Sink sink) throws Failure {
        RdbReader r = new RdbReader(file, file.length, d, limits, random);
        if (file.length < 9) throw eof(r);
        String magic = new String(file, 0, 9, StandardCharsets.ISO_8859_1);
        if (!magic.startsWith("REDIS")) {
            log.add("Wrong signature trying to load DB from file");
            throw fatal("Invalid argument");
        }
        int version = atoi(magic.substring(5));
        if (version < 1 || version > RdbFormat.version(d)) {
            log.add("Can't handle RDB format version " + version);
            throw fatal("Invalid argument");
        }
        try {
            r.bytes(9);
        } catch (Packed.Corrupt e) {
            throw eof(r);
        }
        long expireAt = -1, idle = -1;
        int lfu = -1;
        int db = 0;
        try {
            while (true) {
                int type = r.u8();
                if (type == RdbFile.OPCODE_EXPIRETIME) {
                    expireAt = Packed.getLe(r.bytes(4), 0, 4) * 1000L;
                    continue;
                } else if (type == RdbFile.OPCODE_EXPIRETIME_MS) {
                    expireAt = r.millis();
                    continue;
                } else if (type == RdbFile.OPCODE_FREQ) {
                    lfu = r.u8();
                    continue;
                } else if (type == RdbFile.OPCODE_IDLE) {
                    idle = r.len();
                    continue;
                } else if (type == RdbFile.OPCODE_EOF) {
                    break;
                } else if (type == RdbFile.OPCODE_SELECTDB) {
                    long id = r.len();
                    if (id > Integer.MAX_VALUE || !sink.selectDb((int) id)) {
                        throw new Failure(List.of("FATAL: Data file was created with a Redis server configured to "
                                + "handle more than the databases this one has. Exiting"));
                    }
                    db = (int) id;
                    continue;
                } else if (type == RdbFile.OPCODE_RESIZEDB) {
                    r.len();
                    r.len();
                    continue;
                } else if (type == 244) { // RDB_OPCODE_SLOT_INFO (7.4, cluster mode): slot, size, expires size
                    r.len();
                    r.len();
                    r.len();
                    continue;
                } else if (type == RdbFile.OPCODE_AUX) {
                    r.string();
                    r.string();
                    continue;
                } else if (type == RdbFile.OPCODE_MODULE_AUX) {
                    long id = r.len();
                    log.add("The RDB file contains AUX module data I can't load: no matching module '"
                            + moduleName(id) + "'");
                    throw new Failure(log);
                } else if (type == RdbFile.OPCODE_FUNCTION2 || type == RdbFile.OPCODE_FUNCTION_PRE_GA) {
                    byte[] code;
                    if (type == RdbFile.OPCODE_FUNCTION2) {
                        code = r.string();
                    } else {
                        try {
                            code = r.preGaLibrary();
                        } catch (RdbReader.FunctionsError e) {
                            log.add("Failed loading library, " + e.getMessage());
                            throw eof(r);
                        }
                    }
                    String err = sink.function(code);
                    if (err != null) {
                        log.add("Failed loading library, " + err);
                        throw eof(r);
                    }
                    continue;
                }
                byte[] key = r.string();
                if (type > RdbFormat.maxType(d) || type == 8 || type == RdbFormat.MODULE_PRE_GA || type == RdbFormat.MODULE_2) {
                    throw corrupt(r, "Unknown RDB encoding type " + type);
                }
                Object value;
                try {
                    value = r.object(type);
                } catch (Packed.Corrupt e) {
                    if ("empty".equals(e.getMessage())) {
                        log.add("rdbLoadObject skipping empty key: " + new String(key, StandardCharsets.ISO_8859_1));
                        expireAt = idle = lfu = -1;
                        continue;
                    }
                    // a value that runs past the end of the file is a short read to Redis (eoferr)
                    if ("truncated".equals(e.getMessage()) || "count".equals(e.getMessage()) || "lzf".equals(e.getMessage())) {
                        throw eof(r);
                    }
                    throw corrupt(r, "Bad data format");
                }
                if (expireAt != -1 && expireAt < nowMillis) {
                    expired++;
                } else {
                    loaded++;
                    if (!sink.key(key, value, expireAt, idle, lfu)) {
                        log.add("RDB has duplicated key '" + new String(key, StandardCharsets.ISO_8859_1) + "' in DB " + db);
                        log.add("Guru Meditation: Duplicated key found in RDB file");
                        throw new Failure(log);
                    }
                }
                expireAt = idle = lfu = -1;
            }
            if (version >= 5) {
                int at = r.position();
                long expected = Crc64.of(file, at);
                long got = Packed.getLe(r.bytes(8), 0, 8);
                if (checksum) {
                    if (got == 0) {
                        log.add("RDB file was saved with checksum disabled: no check performed.");
                    } else if (got != expected) {
                        log.add(String.format("Wrong RDB checksum expected: (%x) but got (%x). Aborting now.", expected, got));
                        throw corrupt(r, "RDB CRC error");
                    }
                }
            }
        } catch (Packed.Corrupt e) {
            throw eof(r);
        }
        log.add("Done loading RDB, keys loaded: " + loaded + ", keys expired: " + expired + ".");
    }

    /**
     * rdbReportError: the reason (Redis's line also names the offset loaded so far and its source line),
     * then Redis runs redis-check-rdb on the file, which exits 1 (its report is not emulated).
     */
    private Failure corrupt(RdbReader r, String reason) {
        log.add("Internal error in RDB reading offset " + r.position() + " -> " + reason);
        return new Failure(log);
    }

    /** eoferr: a short read, then rdbReportReadError. */
    private Failure eof(RdbReader r) {
        log.add("Short read or OOM loading DB. Unrecoverable error, aborting now.");
        return corrupt(r, "Unexpected EOF reading RDB file");
    }

    /** loadDataFromDisk: "Fatal error loading the DB: <strerror>. Exiting." */
    private Failure fatal(String strerror) {
        log.add("Fatal error loading the DB: " + strerror + ". Exiting.");
        return new Failure(log);
    }

    /** C atoi: leading digits (after optional spaces and sign), 0 if none. */
    private static int atoi(String s) {
        int i = 0, n = s.length();
        while (i < n && Character.isWhitespace(s.charAt(i))) i++;
        boolean neg = false;
        if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) neg = s.charAt(i++) == '-';
        long v = 0;
        while (i < n && Character.isDigit(s.charAt(i))) v = v * 10 + (s.charAt(i++) - '0');
        return (int) (neg ? -v : v);
    }

    /** moduleTypeNameByID: the 9-character name packed in a module type id's top 54 bits. */
    private static String moduleName(long id) {
        String charset = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char[] name = new char[9];
        long v = id >>> 10;
        for (int j = 8; j >= 0; j--) {
            name[j] = charset.charAt((int) (v & 63));
            v >>>= 6;
        }
        return new String(name);
    }
}
