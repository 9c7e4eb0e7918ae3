package io.redisdouble.conformance;

import io.redisdouble.RedisDouble;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceRedis;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * INFO rdb_changes_since_last_save (server.dirty) after writes whose count is one per key written, as
 * Redis counts them: bit writes only when a bit changed, DEL and MSET per key, FLUSHDB / FLUSHALL by
 * the keys they remove, SAVE back to 0. Compared step by step with real 7.0.15 and 6.2.7.
 */
class DirtyCounterTest {
    private static final String[][] STEPS = {
            {"SET", "a", "1"}, {"SETBIT", "b", "0", "0"}, {"SETBIT", "b", "0", "0"}, {"SETBIT", "b", "0", "1"},
            {"BITFIELD", "c", "SET", "i5", "0", "1"}, {"BITFIELD", "c", "SET", "i5", "0", "1"},
            {"BITFIELD", "c", "INCRBY", "i5", "0", "1"}, {"SETBIT", "b", "90", "0"}, {"DEL", "a", "b", "nokey"},
            {"MSET", "x", "1", "y", "2"}, {"INCR", "x"}, {"EXPIRE", "x", "100"}, {"PERSIST", "x"}, {"APPEND", "y", "z"},
            {"GET", "y"}, {"RPUSH", "l", "v"}, {"HSET", "h", "f", "v"}, {"ZADD", "z", "1", "m"}, {"SADD", "s", "m"},
            {"PFADD", "hl", "a"}, {"GEOADD", "g", "13.36", "38.11", "p"}, {"FLUSHDB"}, {"SET", "a", "1"},
            {"SET", "b", "1"}, {"FLUSHALL"}, {"SET", "a", "1"}, {"SAVE"}, {"SET", "a", "2"}};

    static List<String> transcript(int port) {
        List<String> out = new ArrayList<>();
        try (RawRedisClient c = new RawRedisClient("127.0.0.1", port)) {
            c.call("FLUSHALL");
            c.call("SAVE");
            for (String[] step : STEPS) {
                c.call(step);
                out.add(String.join(" ", step) + " -> " + MaxClientsTest.infoLine(c, "rdb_changes_since_last_save"));
            }
        }
        return out;
    }

    @Test
    void countsWritesAsRedis70() throws Exception {
        try (ReferenceRedis real = ReferenceRedis.startBundled("7.0");
             RedisDouble dbl = RedisDouble.builder().version("7.0")
                     .config("dir", io.redisdouble.testing.ScratchDirs.create("redis-double-dirty-").toString()).start()) {
            assertEquals(transcript(real.port()), transcript(dbl.port()));
        }
    }

    @Test
    void countsWritesAsRedis62() throws Exception {
        try (ReferenceRedis real = ReferenceRedis.startBundled("6.2");
             RedisDouble dbl = RedisDouble.builder().version("6.2")
                     .config("dir", io.redisdouble.testing.ScratchDirs.create("redis-double-dirty-").toString()).start()) {
            assertEquals(transcript(real.port()), transcript(dbl.port()));
        }
    }
}
