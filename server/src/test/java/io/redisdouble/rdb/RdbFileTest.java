package io.redisdouble.rdb;

import io.redisdouble.RedisDouble;
import io.redisdouble.dialect.Dialect;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceRedis;
import io.redisdouble.testing.ScratchDirs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SAVE's file compared with real Redis of every dialect: the same data set (every type and encoding the
 * double has, expiries, several databases, functions) written into a real server and into the double,
 * SAVE on both, both files split record by record and compared; then a real server started on the
 * double's file must hold what the first real server held, and a double started on the real file too.
 *
 * <p>What cannot match is normalised, with the reason: {@code ctime} (each server's clock at its SAVE:
 * within a minute), {@code used-mem} (each allocator's figure: a positive number on both), the order
 * of keys inside a database (each server's hash table order: compared as a map), and the bytes of
 * values Redis keeps in a hash table (a set or hash past its compact encoding: the members' order is
 * the table's, so those are compared by content after loading).
 */
class RdbFileTest {
    /** A deadline far ahead, the same on both servers (PEXPIREAT). */
    static final long DEADLINE = 4102444800123L;

    static List<String> versions() {
        return ReferenceRedis.liveVersions("RdbFileTest", "6.2", "7.0", "7.2", "7.4", "8.0", "valkey-8.0");
    }

    /** The data set, as commands; each is sent to both servers and must get the same reply. */
    static List<String[]> dataSet(Dialect d) {
        List<String[]> c = new ArrayList<>();
        c.add(new String[] {"SET", "s:int", "12345"});
        c.add(new String[] {"SET", "s:neg", "-7"});
        c.add(new String[] {"SET", "s:big", "123456789012345678901"});
        c.add(new String[] {"SET", "s:raw", "hello world"});
        c.add(new String[] {"SET", "s:lzf", "a".repeat(300)});
        c.add(new String[] {"SET", "s:bin", "\u0000\u00ff\r\n"});
        c.add(new String[] {"PFADD", "s:hll", "a", "b", "c"});
        c.add(new String[] {"SET", "e:ttl", "v"});
        c.add(new String[] {"PEXPIREAT", "e:ttl", Long.toString(DEADLINE)});
        c.add(new String[] {"RPUSH", "l:small", "a", "b", "1", "22", "-3"});
        List<String> big = new ArrayList<>(List.of("RPUSH", "l:big"));
        for (int i = 0; i < 300; i++) big.add("element-" + i);
        c.add(big.toArray(new String[0]));
        c.add(new String[] {"RPUSH", "l:plain", "x", "y".repeat(10000), "z"});
        c.add(new String[] {"SADD", "st:int", "1", "2", "3", "-100000"});
        c.add(new String[] {"SADD", "st:small", "a", "b", "c"});
        List<String> bigSet = new ArrayList<>(List.of("SADD", "st:big"));
        for (int i = 0; i < 200; i++) bigSet.add("member-" + i);
        c.add(bigSet.toArray(new String[0]));
        List<String> bigInts = new ArrayList<>(List.of("SADD", "st:bigint"));
        for (int i = 0; i < 600; i++) bigInts.add(Integer.toString(i * 3));
        c.add(bigInts.toArray(new String[0]));
        c.add(new String[] {"ZADD", "z:small", "1", "a", "2.5", "b", "-inf", "c"});
        List<String> bigZ = new ArrayList<>(List.of("ZADD", "z:big"));
        for (int i = 0; i < 200; i++) {
            bigZ.add(Double.toString(i * 1.5));
            bigZ.add("m" + i);
        }
        c.add(bigZ.toArray(new String[0]));
        c.add(new String[] {"HSET", "h:small", "f1", "v1", "f2", "2"});
        List<String> bigH = new ArrayList<>(List.of("HSET", "h:big"));
        for (int i = 0; i < 200; i++) {
            bigH.add("field-" + i);
            bigH.add("value-" + i);
        }
        c.add(bigH.toArray(new String[0]));
        c.add(new String[] {"XADD", "x:stream", "1-1", "f", "v"});
        c.add(new String[] {"XADD", "x:stream", "2-1", "g", "w", "h", "12"});
        c.add(new String[] {"XADD", "x:stream", "3-0", "f", "v2"});
        c.add(new String[] {"XDEL", "x:stream", "2-1"});
        c.add(new String[] {"XGROUP", "CREATE", "x:stream", "grp", "0"});
        c.add(new String[] {"PEXPIREAT", "z:small", Long.toString(DEADLINE + 1000)});
        if (d.has(io.redisdouble.dialect.Quirk.RDB_HASH_FIELD_TTLS)) {
            c.add(new String[] {"HSET", "h:ttl", "f", "v", "g", "w"});
            c.add(new String[] {"HPEXPIREAT", "h:ttl", Long.toString(DEADLINE), "FIELDS", "1", "f"});
        }
        c.add(new String[] {"SELECT", "2"});
        c.add(new String[] {"SET", "db2:k", "v2"});
        c.add(new String[] {"SET", "db2:ttl", "v"});
        c.add(new String[] {"PEXPIREAT", "db2:ttl", Long.toString(DEADLINE)});
        c.add(new String[] {"SELECT", "5"});
        c.add(new String[] {"RPUSH", "db5:l", "x"});
        c.add(new String[] {"SELECT", "0"});
        if (d.has(io.redisdouble.dialect.Quirk.RDB_LISTPACKS)) {
            c.add(new String[] {"FUNCTION", "LOAD", "#!lua name=lib1\nredis.register_function('f1', function() return 1 end)"});
            c.add(new String[] {"FUNCTION", "LOAD", "#!lua name=lib2\nredis.register_function('f2', function() return 'a long body, compressed with LZF' end)"});
        }
        return c;
    }

    static final int[] DBS = {0, 2, 5};

    // ---- the comparison ------------------------------------------------------------------------------

    @ParameterizedTest(name = "Redis {0}")
    @MethodSource("versions")
    void saveWritesTheFileRealRedisWrites(String version) throws Exception {
        Dialect d = Dialect.parse(version);
        Path dblDir = ScratchDirs.create("rdb-double-");
        try (ReferenceRedis real = ReferenceRedis.startPrivate(version);
             RedisDouble dbl = RedisDouble.builder().version(version).config("dir", dblDir.toString()).start();
             RawRedisClient r = real.openClient();
             RawRedisClient c = new RawRedisClient("127.0.0.1", dbl.port())) {
            for (String[] cmd : dataSet(d)) {
                assertEquals(s(r.call(cmd)), s(c.call(cmd)), String.join(" ", cmd));
            }
            Map<String, String> encodings = encodings(r);
            assertEquals("+OK\r\n", s(r.call("SAVE")));
            assertEquals("+OK\r\n", s(c.call("SAVE")));
            byte[] realFile = Files.readAllBytes(Path.of(configGet(r, "dir")).resolve("dump.rdb"));
            byte[] dblFile = Files.readAllBytes(dblDir.resolve("dump.rdb"));
            Parsed want = Parsed.of(realFile, d);
            Parsed got = Parsed.of(dblFile, d);

            assertEquals(want.magic, got.magic);
            assertEquals(want.aux.keySet().stream().toList(), got.aux.keySet().stream().toList(), "aux fields in order");
            for (String k : want.aux.keySet()) {
                String w = want.aux.get(k), g = got.aux.get(k);
                switch (k) {
                    // each server's clock when it saved
                    case "ctime" -> assertTrue(Math.abs(Long.parseLong(w) - Long.parseLong(g)) <= 60, w + " vs " + g);
                    // each allocator's figure
                    case "used-mem" -> assertTrue(Long.parseLong(w) > 0 && Long.parseLong(g) > 0, w + " vs " + g);
                    default -> assertEquals(w, g, "aux " + k);
                }
            }
            // the libraries dict's order is its hash table's (seeded at random per process): compared as sets
            assertEquals(sorted(want.functions), sorted(got.functions), "function libraries");
            assertEquals(want.dbs.keySet(), got.dbs.keySet(), "databases");
            for (int db : want.dbs.keySet()) {
                Db w = want.dbs.get(db), g = got.dbs.get(db);
                assertEquals(w.size + "/" + w.expires, g.size + "/" + g.expires, "RESIZEDB of db " + db);
                assertEquals(w.keys.keySet(), g.keys.keySet(), "keys of db " + db);
                for (String key : w.keys.keySet()) {
                    Key wk = w.keys.get(key), gk = g.keys.get(key);
                    assertEquals(wk.expire, gk.expire, "expiry of " + key);
                    assertEquals(wk.type, gk.type, "type of " + key);
                    assertEquals(wk.idle + "/" + wk.lfu, gk.idle + "/" + gk.lfu, "LRU / LFU of " + key);
                    if (!"hashtable".equals(encodings.get(db + ":" + key))) {
                        assertArrayEquals(wk.value, gk.value, "value bytes of " + key + " (" + encodings.get(db + ":" + key) + ")");
                    }
                }
            }
            assertArrayEquals(Arrays.copyOfRange(realFile, realFile.length - 9, realFile.length - 8),
                    Arrays.copyOfRange(dblFile, dblFile.length - 9, dblFile.length - 8), "EOF");
            assertEquals(Crc64.of(dblFile, dblFile.length - 8), Packed.getLe(dblFile, dblFile.length - 8, 8), "CRC64");

            // a real server started on the double's file holds what the first one holds (encodings aside:
            // loading re-encodes, e.g. an HLL made raw by PFADD loads as embstr)
            Map<String, String> expected;
            String realLoaded;
            try (ReferenceRedis loaded = ReferenceRedis.startPrivate(version, "--dir", dblDir.toString());
                 RawRedisClient l = loaded.openClient()) {
                expected = content(l, d, true);
                assertEquals(withoutEncodings(content(r, d, true)), withoutEncodings(expected));
                realLoaded = info(l, "rdb_last_load_keys_loaded");
            }
            // and a double started on the real file holds the same, encodings included
            Path realCopy = ScratchDirs.create("rdb-real-");
            Files.write(realCopy.resolve("dump.rdb"), realFile);
            try (RedisDouble dbl2 = RedisDouble.builder().version(version).config("dir", realCopy.toString()).start();
                 RawRedisClient l = new RawRedisClient("127.0.0.1", dbl2.port())) {
                assertEquals(expected, content(l, d, true));
                assertEquals(realLoaded, info(l, "rdb_last_load_keys_loaded")); // 6.2 shows no such field
                if (!realLoaded.isEmpty()) assertEquals(Integer.toString(want.keyCount()), realLoaded);
            }
        }
    }

    /** rdbchecksum no: the file ends in eight zero bytes, as Redis writes it, and still loads. */
    @Test
    void checksumOffWritesZeros() throws Exception {
        Path dir = ScratchDirs.create("rdb-nocrc-");
        try (ReferenceRedis real = ReferenceRedis.startPrivate("7.0", "--rdbchecksum", "no");
             RedisDouble dbl = RedisDouble.builder().version("7.0").config("dir", dir.toString())
                     .config("rdbchecksum", "no").start();
             RawRedisClient r = real.openClient();
             RawRedisClient c = new RawRedisClient("127.0.0.1", dbl.port())) {
            for (RawRedisClient x : List.of(r, c)) {
                x.call("SET", "k", "v");
                assertEquals("+OK\r\n", s(x.call("SAVE")));
            }
            assertEquals(configGet(r, "rdbchecksum"), configGet(c, "rdbchecksum"));
            byte[] realFile = Files.readAllBytes(Path.of(configGet(r, "dir")).resolve("dump.rdb"));
            byte[] dblFile = Files.readAllBytes(dir.resolve("dump.rdb"));
            assertEquals(0L, Packed.getLe(realFile, realFile.length - 8, 8));
            assertEquals(0L, Packed.getLe(dblFile, dblFile.length - 8, 8));
            try (RedisDouble again = RedisDouble.builder().version("7.0").config("dir", dir.toString()).start()) {
                assertTrue(again.startLog().contains("RDB file was saved with checksum disabled: no check performed."),
                        again.startLog().toString());
                assertEquals("v", again.command("GET", "k"));
            }
        }
    }

    /** rdbcompression no: no LZF strings, byte for byte as Redis writes them. */
    @Test
    void compressionOff() throws Exception {
        Path dir = ScratchDirs.create("rdb-nolzf-");
        try (ReferenceRedis real = ReferenceRedis.startPrivate("7.0");
             RedisDouble dbl = RedisDouble.builder().version("7.0").config("dir", dir.toString()).start();
             RawRedisClient r = real.openClient();
             RawRedisClient c = new RawRedisClient("127.0.0.1", dbl.port())) {
            Dialect d = Dialect.parse("7.0");
            for (RawRedisClient x : List.of(r, c)) {
                assertEquals("+OK\r\n", s(x.call("CONFIG", "SET", "rdbcompression", "no")));
                x.call("SET", "long", "b".repeat(100));
                assertEquals("+OK\r\n", s(x.call("SAVE")));
            }
            assertEquals(s(r.call("DUMP", "long")), s(c.call("DUMP", "long"))); // DUMP honours it too
            Parsed want = Parsed.of(Files.readAllBytes(Path.of(configGet(r, "dir")).resolve("dump.rdb")), d);
            Parsed got = Parsed.of(Files.readAllBytes(dir.resolve("dump.rdb")), d);
            assertArrayEquals(want.dbs.get(0).keys.get("long").value, got.dbs.get(0).keys.get("long").value);
            assertEquals(101 + 1, got.dbs.get(0).keys.get("long").value.length); // length byte + 100 bytes, verbatim
        }
    }

    // ---- files from one version loaded by the others ------------------------------------------------

    /**
     * A file written by real Redis of each version loads into a double of every dialect whose RDB version
     * is at least the file's, holding the same keys, values and deadlines as the server that wrote it.
     */
    @Test
    void filesOfOtherVersionsLoad() throws Exception {
        List<String> vs = versions();
        Map<String, byte[]> files = new LinkedHashMap<>();
        Map<String, Map<String, String>> contents = new LinkedHashMap<>();
        for (String v : vs) {
            Dialect d = Dialect.parse(v);
            try (ReferenceRedis real = ReferenceRedis.startPrivate(v); RawRedisClient r = real.openClient()) {
                for (String[] cmd : dataSet(d)) r.call(cmd);
                assertEquals("+OK\r\n", s(r.call("SAVE")));
                files.put(v, Files.readAllBytes(Path.of(configGet(r, "dir")).resolve("dump.rdb")));
                contents.put(v, withoutEncodings(content(r, d, false)));
            }
        }
        for (String writer : vs) {
            for (String reader : vs) {
                Dialect dw = Dialect.parse(writer), dr = Dialect.parse(reader);
                if (RdbFormat.version(dw) > RdbFormat.version(dr)) continue; // refused: see refusedFiles
                Path dir = ScratchDirs.create("rdb-cross-");
                Files.write(dir.resolve("dump.rdb"), files.get(writer));
                try (RedisDouble dbl = RedisDouble.builder().version(reader).config("dir", dir.toString()).start();
                     RawRedisClient c = new RawRedisClient("127.0.0.1", dbl.port())) {
                    // read as the writer's commands read it (6.2 has no PEXPIRETIME)
                    Map<String, String> got = withoutEncodings(content(c, dw, false));
                    assertEquals(contents.get(writer), got, "file of " + writer + " loaded by a " + reader + " double");
                }
            }
        }
    }

    // ---- files Redis refuses ------------------------------------------------------------------------

    /**
     * A file Redis refuses at start: the real server exits 1 having logged why, and so does the double's
     * command line; every line the double logs is in the real log (Redis's line also names the offset
     * read so far and its own source line, which are left out of the comparison).
     */
    @ParameterizedTest(name = "Redis {0}")
    @MethodSource("bundled")
    void refusedFiles(String version) throws Exception {
        Dialect d = Dialect.parse(version);
        byte[] good;
        try (ReferenceRedis real = ReferenceRedis.startPrivate(version); RawRedisClient r = real.openClient()) {
            for (String[] cmd : dataSet(d)) r.call(cmd);
            assertEquals("+OK\r\n", s(r.call("SAVE")));
            good = Files.readAllBytes(Path.of(configGet(r, "dir")).resolve("dump.rdb"));
        }
        Map<String, byte[]> cases = new LinkedHashMap<>();
        byte[] magic = good.clone();
        magic[0] = 'X';
        cases.put("wrong signature", magic);
        byte[] newer = good.clone();
        System.arraycopy("0099".getBytes(StandardCharsets.US_ASCII), 0, newer, 5, 4);
        cases.put("newer version", newer);
        cases.put("truncated", Arrays.copyOf(good, good.length / 2));
        byte[] crc = good.clone();
        crc[crc.length - 1] ^= 0x5a;
        cases.put("wrong checksum", crc);
        byte[] type = good.clone();
        int at = indexOfKey(good, "s:raw".getBytes(StandardCharsets.US_ASCII));
        type[at - 2] = 60; // the type byte before the key's length byte: no such RDB type
        cases.put("unknown type", type);
        int port = 22650;
        for (Map.Entry<String, byte[]> e : cases.entrySet()) {
            Path dir = ScratchDirs.create("rdb-bad-");
            Files.write(dir.resolve("dump.rdb"), e.getValue());
            Process p = new ProcessBuilder(ReferenceRedis.bundledBinary(version).toString(), "--port", Integer.toString(port++),
                    "--bind", "127.0.0.1", "--dir", dir.toString(), "--save", "", "--appendonly", "no")
                    .redirectErrorStream(true).start();
            String realLog = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(1, p.exitValue(), e.getKey() + ": " + realLog);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(), err = new java.io.ByteArrayOutputStream();
            // Main.run blocks while a server runs: a start that wrongly succeeds fails the wait
            java.util.concurrent.CompletableFuture<Integer> run = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                    io.redisdouble.cli.MainAccess.run(new String[] {"--port", "0", "--redis-version", version, "--dir", dir.toString()},
                            new java.io.PrintStream(out, true), new java.io.PrintStream(err, true)));
            int code = run.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(1, code, e.getKey() + ": " + out + err);
            String normalisedReal = realLog.replaceAll("offset \\d+, function at rdb\\.c:\\d+ -> ", "offset N -> ");
            List<String> lines = new ArrayList<>();
            for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
                int mark = line.indexOf(" # ");
                if (mark >= 0) lines.add(line.substring(mark + 3).replaceAll("offset \\d+ -> ", "offset N -> "));
            }
            assertTrue(!lines.isEmpty(), e.getKey() + ": nothing logged: " + out + err);
            for (String line : lines) {
                assertTrue(normalisedReal.contains(line), e.getKey() + ": the double logs '" + line + "', real Redis:\n" + realLog);
            }
        }
    }

    static List<String> bundled() {
        return List.of("6.2", "7.0");
    }

    private static int indexOfKey(byte[] file, byte[] key) {
        outer:
        for (int i = 1; i + key.length <= file.length; i++) {
            if ((file[i - 1] & 0xff) != key.length) continue;
            for (int j = 0; j < key.length; j++) if (file[i + j] != key[j]) continue outer;
            return i;
        }
        throw new AssertionError("key not found");
    }

    // ---- reading a file record by record -------------------------------------------------------------

    record Key(long expire, int type, long idle, int lfu, byte[] value) {}

    static final class Db {
        long size, expires;
        final Map<String, Key> keys = new TreeMap<>();
    }

    static final class Parsed {
        String magic;
        final Map<String, String> aux = new LinkedHashMap<>();
        final List<String> functions = new ArrayList<>();
        final Map<Integer, Db> dbs = new TreeMap<>();

        int keyCount() {
            int n = 0;
            for (Db db : dbs.values()) n += db.keys.size();
            return n;
        }

        /** Splits a file into its records with RdbReader's primitives (each value skipped by reading it). */
        static Parsed of(byte[] f, Dialect d) throws Packed.Corrupt {
            Parsed out = new Parsed();
            out.magic = new String(f, 0, 9, StandardCharsets.ISO_8859_1);
            RdbReader r = new RdbReader(f, f.length, d, new io.redisdouble.keyspace.EncodingLimits(true, true),
                    new java.util.SplittableRandom(1));
            r.bytes(9);
            Db db = null;
            long expire = -1, idle = -1;
            int lfu = -1;
            while (true) {
                int t = r.u8();
                if (t == RdbFile.OPCODE_EOF) break;
                switch (t) {
                    case RdbFile.OPCODE_AUX -> out.aux.put(latin1(r.string()), latin1(r.string()));
                    case RdbFile.OPCODE_FUNCTION2 -> out.functions.add(latin1(r.string()));
                    case RdbFile.OPCODE_SELECTDB -> {
                        db = new Db();
                        out.dbs.put((int) r.len(), db);
                    }
                    case RdbFile.OPCODE_RESIZEDB -> {
                        assertNotNull(db);
                        db.size = r.len();
                        db.expires = r.len();
                    }
                    case RdbFile.OPCODE_EXPIRETIME_MS -> expire = r.millis();
                    case RdbFile.OPCODE_IDLE -> idle = r.len();
                    case RdbFile.OPCODE_FREQ -> lfu = r.u8();
                    default -> {
                        assertNotNull(db);
                        String key = latin1(r.string());
                        int from = r.position();
                        r.object(t);
                        db.keys.put(key, new Key(expire, t, idle, lfu, Arrays.copyOfRange(f, from, r.position())));
                        expire = idle = -1;
                        lfu = -1;
                    }
                }
            }
            assertEquals(f.length, r.position() + 8, "8 checksum bytes after EOF");
            return out;
        }
    }

    // ---- what a server holds, read with commands ------------------------------------------------------

    /**
     * Every key of the data set's databases with its type, encoding, value (sets sorted, hashes as sorted
     * pairs) and deadline (PEXPIRETIME from 7.0; 6.2: whether PTTL is within a minute of the deadline),
     * plus the function libraries (7.0 on).
     */
    static Map<String, String> content(RawRedisClient c, Dialect d, boolean groups) {
        Map<String, String> out = new TreeMap<>();
        boolean hasExpiretime = d.has(io.redisdouble.dialect.Quirk.RDB_LISTPACKS);
        for (int db : DBS) {
            assertEquals("+OK\r\n", s(c.call("SELECT", Integer.toString(db))));
            List<String> keys = new ArrayList<>(strings(c.call("KEYS", "*")));
            Collections.sort(keys);
            for (String k : keys) {
                String type = s(c.call("TYPE", k)).trim().substring(1);
                String value = switch (type) {
                    case "string" -> s(c.call("GET", k));
                    case "list" -> s(c.call("LRANGE", k, "0", "-1"));
                    case "set" -> s(c.call("SORT", k, "ALPHA"));
                    case "zset" -> s(c.call("ZRANGE", k, "0", "-1", "WITHSCORES"));
                    case "hash" -> sortedPairs(strings(c.call("HGETALL", k)));
                    case "stream" -> s(c.call("XRANGE", k, "-", "+")) + (groups ? s(c.call("XINFO", "GROUPS", k)) : "");
                    default -> throw new AssertionError(type);
                };
                String ttl;
                if (hasExpiretime) {
                    ttl = s(c.call("PEXPIRETIME", k));
                } else {
                    long pttl = Long.parseLong(s(c.call("PTTL", k)).trim().substring(1));
                    ttl = pttl < 0 ? Long.toString(pttl) : Math.abs(System.currentTimeMillis() + pttl - deadlineOf(k)) < 60_000 ? "deadline" : "other " + pttl;
                }
                String fieldTtls = k.equals("h:ttl") ? s(c.call("HPEXPIRETIME", k, "FIELDS", "2", "f", "g")) : "";
                out.put(db + ":" + k, type + " " + s(c.call("OBJECT", "ENCODING", k)).trim() + " " + value + " ttl " + ttl + fieldTtls);
            }
        }
        assertEquals("+OK\r\n", s(c.call("SELECT", "0")));
        if (d.has(io.redisdouble.dialect.Quirk.RDB_LISTPACKS)) {
            // one library at a time: FUNCTION LIST follows the libraries dict, whose order is random in Redis
            for (String lib : List.of("lib1", "lib2")) {
                out.put("functions " + lib, s(c.call("FUNCTION", "LIST", "LIBRARYNAME", lib, "WITHCODE")));
            }
            out.put("functions called", s(c.call("FCALL", "f1", "0")) + s(c.call("FCALL", "f2", "0")));
        }
        return out;
    }

    private static long deadlineOf(String key) {
        return key.equals("z:small") ? DEADLINE + 1000 : DEADLINE;
    }

    static Map<String, String> withoutEncodings(Map<String, String> content) {
        Map<String, String> out = new TreeMap<>();
        content.forEach((k, v) -> {
            if (k.startsWith("functions")) {
                out.put(k, v);
                return;
            }
            String[] parts = v.split(" ", 3);
            out.put(k, parts[0] + " " + parts[2]);
        });
        return out;
    }

    /** OBJECT ENCODING of every key of the data set ("db:key" → encoding). */
    static Map<String, String> encodings(RawRedisClient c) {
        Map<String, String> out = new TreeMap<>();
        for (int db : DBS) {
            c.call("SELECT", Integer.toString(db));
            for (String k : strings(c.call("KEYS", "*"))) {
                List<String> e = strings(c.call("OBJECT", "ENCODING", k));
                out.put(db + ":" + k, e.isEmpty() ? s(c.call("OBJECT", "ENCODING", k)) : e.get(0));
            }
        }
        c.call("SELECT", "0");
        return out;
    }

    static String configGet(RawRedisClient c, String name) {
        return strings(c.call("CONFIG", "GET", name)).get(1);
    }

    /** A field of INFO persistence ("" when absent). */
    static String info(RawRedisClient c, String field) {
        for (String line : strings(c.call("INFO", "persistence")).get(0).split("\r\n")) {
            if (line.startsWith(field + ":")) return line.substring(field.length() + 1);
        }
        return "";
    }

    private static List<String> sorted(List<String> l) {
        List<String> out = new ArrayList<>(l);
        Collections.sort(out);
        return out;
    }

    private static String sortedPairs(List<String> flat) {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) pairs.add(flat.get(i) + "=" + flat.get(i + 1));
        Collections.sort(pairs);
        return pairs.toString();
    }

    static String s(byte[] reply) {
        return new String(reply, StandardCharsets.ISO_8859_1);
    }

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** The bulk strings of a reply (one for a bulk reply, each element of a flat array), else empty. */
    static List<String> strings(byte[] reply) {
        List<String> out = new ArrayList<>();
        int[] pos = {0};
        char type = (char) reply[0];
        if (type == '$') {
            String b = bulk(reply, pos);
            if (b != null) out.add(b);
        } else if (type == '*') {
            int n = Integer.parseInt(line(reply, pos).substring(1));
            for (int i = 0; i < n; i++) {
                if (reply[pos[0]] != '$') return List.of();
                out.add(bulk(reply, pos));
            }
        }
        return out;
    }

    private static String line(byte[] b, int[] pos) {
        int start = pos[0];
        while (b[pos[0]] != '\r') pos[0]++;
        String l = new String(b, start, pos[0] - start, StandardCharsets.ISO_8859_1);
        pos[0] += 2;
        return l;
    }

    private static String bulk(byte[] b, int[] pos) {
        int n = Integer.parseInt(line(b, pos).substring(1));
        if (n < 0) return null;
        String v = new String(b, pos[0], n, StandardCharsets.ISO_8859_1);
        pos[0] += n + 2;
        return v;
    }
}
