package io.redisdouble.rdb;

import io.redisdouble.RedisDouble;
import io.redisdouble.dialect.Dialect;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceRedis;
import io.redisdouble.testing.ScratchDirs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.redisdouble.rdb.RdbFileTest.info;
import static io.redisdouble.rdb.RdbFileTest.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SAVE, BGSAVE, LASTSAVE, INFO persistence, save points, SHUTDOWN's final save and
 * stop-writes-on-bgsave-error, each step compared with a real server of 6.2 and 7.0 doing the same.
 */
class PersistenceCommandsTest {

    /** Runs the same steps on a real server and on the double (each with its own dir) and compares. */
    private interface Steps {
        List<String> run(RawRedisClient c, Path dir);
    }

    private static void compare(String version, Steps steps) {
        Path realDir = ScratchDirs.create("persist-real-"), dblDir = ScratchDirs.create("persist-dbl-");
        try (ReferenceRedis real = ReferenceRedis.startPrivate(version, "--dir", realDir.toString());
             RedisDouble dbl = RedisDouble.builder().version(version).config("dir", dblDir.toString()).start();
             RawRedisClient r = real.openClient(Duration.ofSeconds(30));
             RawRedisClient c = new RawRedisClient("127.0.0.1", dbl.port(), Duration.ofSeconds(30))) {
            List<String> want = steps.run(r, realDir);
            List<String> got = steps.run(c, dblDir);
            assertEquals(String.join("\n", want), String.join("\n", got));
        }
    }

    /** Waits (up to 30 s) until the server's INFO persistence shows {@code field:value}. */
    static void await(RawRedisClient c, String field, String value) {
        long until = System.nanoTime() + 30_000_000_000L;
        while (!info(c, field).equals(value)) {
            if (System.nanoTime() > until) throw new AssertionError("never " + field + ":" + value + ", " + info(c, field));
            Thread.onSpinWait();
        }
    }

    private static List<String> keysOf(Path file, Dialect d) {
        try {
            if (!Files.exists(file)) return List.of("no file");
            RdbFileTest.Parsed p = RdbFileTest.Parsed.of(Files.readAllBytes(file), d);
            List<String> out = new ArrayList<>();
            p.dbs.forEach((db, content) -> out.add(db + ":" + content.keys.keySet()));
            return out;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static List<String> versions() {
        return RdbFileTest.versions();
    }

    @ParameterizedTest(name = "Redis {0}")
    @org.junit.jupiter.params.provider.MethodSource("versions")
    void bgsaveWhileOneRuns(String version) {
        Dialect d = Dialect.parse(version);
        compare(version, (c, dir) -> {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < 40; i++) c.call("SET", "k" + i, "v");
            out.add(info(c, "rdb_changes_since_last_save"));
            out.add(s(c.call("CONFIG", "SET", "rdb-key-save-delay", "25000"))); // 25 ms per key: a 1 s save
            out.add(s(c.call("BGSAVE")));
            out.add(info(c, "rdb_bgsave_in_progress"));
            out.add(s(c.call("BGSAVE")));
            out.add(s(c.call("BGSAVE", "SCHEDULE")));
            out.add(s(c.call("SAVE")));
            out.add(s(c.call("MULTI")));
            out.add(s(c.call("BGSAVE")));
            out.add(s(c.call("EXEC")));
            c.call("SET", "during", "v"); // written after the snapshot: not in the file, still a change
            await(c, "rdb_bgsave_in_progress", "0");
            out.add(info(c, "rdb_last_bgsave_status"));
            out.add(info(c, "rdb_changes_since_last_save"));
            out.add(info(c, "rdb_saves"));
            out.add(keysOf(dir.resolve("dump.rdb"), d).toString().replaceAll("k\\d+", "k").replaceAll("(k, )+", "k… "));
            out.add(Boolean.toString(Long.parseLong(info(c, "rdb_last_save_time")) > 0));
            // BGSAVE inside MULTI: 7.0 schedules it (serverCron starts it), 6.2 starts it
            out.add(s(c.call("CONFIG", "SET", "rdb-key-save-delay", "0")));
            out.add(s(c.call("MULTI")));
            out.add(s(c.call("BGSAVE")));
            out.add(s(c.call("EXEC")));
            await(c, "rdb_changes_since_last_save", "0");
            await(c, "rdb_bgsave_in_progress", "0");
            out.add(keysOf(dir.resolve("dump.rdb"), d).toString().contains("during") ? "during saved" : "during missing");
            out.add(s(c.call("LASTSAVE")).equals(":" + info(c, "rdb_last_save_time") + "\r\n") ? "lastsave" : "other");
            return out;
        });
    }

    @ParameterizedTest(name = "Redis {0}")
    @org.junit.jupiter.params.provider.MethodSource("versions")
    void stopWritesOnBgsaveError(String version) {
        compare(version, (c, dir) -> {
            List<String> out = new ArrayList<>();
            out.add(s(c.call("CONFIG", "SET", "save", "3600 1")));
            out.add(s(c.call("SET", "a", "1")));
            ScratchDirs.delete(dir); // the next save cannot create its temporary file
            out.add(s(c.call("BGSAVE")));
            await(c, "rdb_bgsave_in_progress", "0");
            out.add(info(c, "rdb_last_bgsave_status"));
            out.add(s(c.call("SET", "b", "1")));
            out.add(s(c.call("PING")));
            out.add(s(c.call("GET", "a")));
            out.add(s(c.call("SAVE")));
            out.add(s(c.call("CONFIG", "SET", "stop-writes-on-bgsave-error", "no")));
            out.add(s(c.call("SET", "b", "1")));
            out.add(s(c.call("CONFIG", "SET", "stop-writes-on-bgsave-error", "yes")));
            out.add(s(c.call("CONFIG", "SET", "save", "")));
            out.add(s(c.call("SET", "b", "2")));
            out.add(s(c.call("CONFIG", "SET", "save", "3600 1")));
            out.add(s(c.call("DEL", "b")));
            // (a directory made again at the same path would not help Redis: it writes into the working
            // directory it chdir'ed to, the deleted one)
            out.add(s(c.call("CONFIG", "SET", "save", "")));
            return out;
        });
    }

    /** Save points on the wall clock, compared: one change and more than a second since the last save. */
    @ParameterizedTest(name = "Redis {0}")
    @ValueSource(strings = {"6.2", "7.0"})
    void savePointFires(String version) {
        Dialect d = Dialect.parse(version);
        compare(version, (c, dir) -> {
            List<String> out = new ArrayList<>();
            out.add(s(c.call("CONFIG", "SET", "save", "100000 100 1 1")));
            out.add(s(c.call("CONFIG", "GET", "save")));
            out.add(s(c.call("SET", "k", "v")));
            await(c, "rdb_changes_since_last_save", "0");
            await(c, "rdb_bgsave_in_progress", "0");
            out.add(info(c, "rdb_last_bgsave_status"));
            out.add(info(c, "rdb_saves"));
            out.add(keysOf(dir.resolve("dump.rdb"), d).toString());
            out.add(s(c.call("CONFIG", "SET", "save", "")));
            return out;
        });
    }

    /** SHUTDOWN saves with save points (unless NOSAVE) or with SAVE; FLUSHALL saves with save points. */
    @ParameterizedTest(name = "Redis {0}")
    @ValueSource(strings = {"6.2", "7.0"})
    void shutdownAndFlushallSave(String version) {
        Dialect d = Dialect.parse(version);
        String[][] cases = {{"3600 1", "SHUTDOWN"}, {"3600 1", "SHUTDOWN", "NOSAVE"}, {"", "SHUTDOWN", "SAVE"}, {"", "SHUTDOWN"}};
        for (String[] cs : cases) {
            Path realDir = ScratchDirs.create("shut-real-"), dblDir = ScratchDirs.create("shut-dbl-");
            List<List<String>> results = new ArrayList<>();
            try (ReferenceRedis real = ReferenceRedis.startPrivate(version, "--dir", realDir.toString());
                 RedisDouble dbl = RedisDouble.builder().version(version).config("dir", dblDir.toString()).start()) {
                for (Object[] target : new Object[][] {{real.openClient(), realDir}, {new RawRedisClient("127.0.0.1", dbl.port()), dblDir}}) {
                    try (RawRedisClient c = (RawRedisClient) target[0]) {
                        Path dir = (Path) target[1];
                        List<String> out = new ArrayList<>();
                        out.add(s(c.call("CONFIG", "SET", "save", cs[0])));
                        c.call("SET", "k", "v");
                        c.call("SELECT", "3");
                        c.call("FLUSHALL");
                        out.add(keysOf(dir.resolve("dump.rdb"), d).toString());
                        out.add(info(c, "rdb_changes_since_last_save"));
                        c.call("SET", "k2", "v");
                        c.sendRaw(RawRedisClient.encodeCommand(RawRedisClient.argv(java.util.Arrays.copyOfRange(cs, 1, cs.length))));
                        out.add(Boolean.toString(c.isClosedByPeer(Duration.ofSeconds(10))));
                        out.add(keysOf(dir.resolve("dump.rdb"), d).toString());
                        results.add(out);
                    }
                }
            }
            assertEquals(results.get(0), results.get(1), String.join(" ", cs));
        }
    }

    /** LASTSAVE and the save-point check follow the server clock: virtual time triggers the save. */
    @Test
    void savePointsOnVirtualTime() throws Exception {
        Path dir = ScratchDirs.create("persist-virtual-");
        Instant start = Instant.parse("2030-01-01T00:00:00Z");
        try (RedisDouble dbl = RedisDouble.builder().version("7.0").manualTime(start).config("dir", dir.toString())
                .config("save", "3000 5").start();
             RawRedisClient c = new RawRedisClient("127.0.0.1", dbl.port())) {
            for (int i = 0; i < 4; i++) c.call("SET", "k" + i, "v");
            dbl.time().advance(Duration.ofSeconds(5000));
            // serverCron: dirty >= changes and more than `seconds` since the last save; 4 < 5 changes
            assertEquals("0", info(c, "rdb_saves"));
            c.call("SET", "k4", "v");
            dbl.time().set(start.plusSeconds(3000)); // 5 changes but exactly 3000 s: not yet
            assertEquals("0", info(c, "rdb_saves"));
            assertFalse(Files.exists(dir.resolve("dump.rdb")));
            dbl.time().advance(Duration.ofSeconds(1));
            assertEquals("1", info(c, "rdb_saves"));
            await(c, "rdb_changes_since_last_save", "0");
            assertEquals(":" + (start.getEpochSecond() + 3001) + "\r\n", s(c.call("LASTSAVE")));
            assertEquals(5, RdbFileTest.Parsed.of(Files.readAllBytes(dir.resolve("dump.rdb")), Dialect.parse("7.0")).keyCount());
        }
    }

    /** The double's own test setting: embedded and standalone servers have no save points by default. */
    @Test
    void noSavePointsByDefault() {
        try (RedisDouble dbl = RedisDouble.builder().start()) {
            assertEquals(java.util.Map.of("save", ""), dbl.command("CONFIG", "GET", "save"));
        }
    }

    /**
     * An embedded double loads dir/dbfilename at start only when dir or dbfilename was given (or
     * loadDumpAtStart(true)), never when told loadDumpAtStart(false); the file is one real Redis wrote.
     */
    @Test
    void embeddedLoadsOnlyAFileItWasPointedAt() {
        Path dir = ScratchDirs.create("persist-embedded-");
        try (ReferenceRedis real = ReferenceRedis.startBundled("7.0", "--dir", dir.toString());
             RawRedisClient c = real.openClient()) {
            c.call("SET", "from-real", "v");
            assertEquals("+OK\r\n", s(c.call("SAVE")));
        }
        try (RedisDouble pointed = RedisDouble.builder().version("7.0").config("dir", dir.toString()).start();
             RedisDouble refused = RedisDouble.builder().version("7.0").config("dir", dir.toString()).loadDumpAtStart(false).start()) {
            assertEquals("v", pointed.command("GET", "from-real"));
            assertEquals(0L, refused.command("DBSIZE"));
        } finally {
            ScratchDirs.delete(dir);
        }
    }

    /** dir and dbfilename: CONFIG SET's checks and errors per version (7.0: protected; 6.2: chdir, base name). */
    @ParameterizedTest(name = "Redis {0}")
    @ValueSource(strings = {"6.2", "7.0"})
    void dirAndDbfilename(String version) {
        compare(version, (c, dir) -> {
            List<String> out = new ArrayList<>();
            out.add(s(c.call("CONFIG", "SET", "dbfilename", "a/b.rdb")));
            out.add(s(c.call("CONFIG", "SET", "dbfilename", "other.rdb")));
            out.add(s(c.call("CONFIG", "SET", "dir", "/nonexistent/dir")));
            out.add(s(c.call("CONFIG", "SET", "dir", dir.toString())));
            c.call("SET", "k", "v");
            out.add(s(c.call("SAVE")));
            out.add(Files.exists(dir.resolve("other.rdb")) + " " + Files.exists(dir.resolve("dump.rdb")));
            out.add(s(c.call("CONFIG", "GET", "dbfilename")));
            out.add(s(c.call("CONFIG", "SET", "rdbchecksum", "no")));
            return out;
        });
    }

    /** 6.2's DEBUG RELOAD: saves dir/dbfilename, empties the data set and loads the file back. */
    @Test
    void debugReload62() {
        Dialect d = Dialect.parse("6.2");
        compare("6.2", (c, dir) -> {
            List<String> out = new ArrayList<>();
            out.add(s(c.call("DEBUG", "RELOAD", "NOSAVE"))); // no file yet
            c.call("SET", "a", "1");
            c.call("RPUSH", "l", "x", "y");
            c.call("SET", "t", "v", "PX", "100000000");
            out.add(s(c.call("DEBUG", "RELOAD")));
            out.add(keysOf(dir.resolve("dump.rdb"), d).toString());
            out.add(s(c.call("DBSIZE")) + s(c.call("LRANGE", "l", "0", "-1")) + (Long.parseLong(s(c.call("PTTL", "t")).trim().substring(1)) > 99_000_000));
            c.call("SET", "a", "2");
            c.call("SET", "b", "new");
            out.add(s(c.call("DEBUG", "RELOAD", "NOSAVE", "NOFLUSH", "MERGE")));
            out.add(s(c.call("MGET", "a", "b")));
            out.add(s(c.call("DEBUG", "RELOAD", "NOSAVE")));
            out.add(s(c.call("MGET", "a", "b")));
            return out;
        });
    }

    /** Under an LRU or LFU policy every key carries its idle time or counter, as Redis writes them. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"allkeys-lru", "allkeys-lfu"})
    void lruAndLfuHints(String policy) {
        Dialect d = Dialect.parse("7.0");
        compare("7.0", (c, dir) -> {
            List<String> out = new ArrayList<>();
            out.add(s(c.call("CONFIG", "SET", "maxmemory-policy", policy)));
            // (not a small integer: Redis shares one object for 0..9999 when maxmemory is 0, and writes that
            // object's LRU field, set before the policy was, as the counter)
            c.call("SET", "a", "v1");
            c.call("RPUSH", "l", "x");
            out.add(s(c.call("SAVE")));
            try {
                RdbFileTest.Parsed p = RdbFileTest.Parsed.of(Files.readAllBytes(dir.resolve("dump.rdb")), d);
                p.dbs.get(0).keys.forEach((k, v) -> out.add(k + " idle " + v.idle() + " lfu " + v.lfu()));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return out;
        });
    }
}
