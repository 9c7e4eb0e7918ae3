package io.redisdouble.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.redisdouble.RedisDouble;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceRedis;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * MEMORY STATS figures (memory.txt compares the fields of every dialect): the per-database hash table
 * overheads are Redis's for the same keys (real 7.0.15 alongside), and the totals keep Redis's identities
 * (getMemoryOverheadData) over redis-double's own used memory.
 */
class MemoryStatsTest {
    private static long field(String reply, String name) {
        Matcher m = Pattern.compile("\\$\\d+\r\n" + Pattern.quote(name) + "\r\n:(-?\\d+)\r\n").matcher(reply);
        if (!m.find()) throw new AssertionError(name + " missing in " + reply);
        return Long.parseLong(m.group(1));
    }

    private static String stats(RawRedisClient c) {
        return new String(c.call("MEMORY", "STATS"), StandardCharsets.ISO_8859_1);
    }

    private static void fill(RawRedisClient c) {
        c.call("FLUSHALL");
        for (int i = 0; i < 100; i++) c.call("SET", "k" + i, "v");
        for (int i = 0; i < 10; i++) c.call("EXPIRE", "k" + i, "1000");
        // Redis grows a dict by incremental rehashing (one bucket per lookup, or in cron): looking the keys up
        // again finishes it, so that its tables are not caught half-moved (8 + 16 buckets)
        for (int j = 0; j < 3; j++) {
            for (int i = 0; i < 100; i++) c.call("TTL", "k" + i);
        }
    }

    @Test
    void databaseOverheadsAreRedisOnes() {
        ReferenceRedis real = ReferenceRedis.forVersion("7.0");
        try (RedisDouble dbl = RedisDouble.builder().version("7.0").start();
             RawRedisClient r = real.openClient();
             RawRedisClient d = new RawRedisClient(dbl.host(), dbl.port())) {
            fill(r);
            fill(d);
            String rs = stats(r), ds = stats(d);
            for (String f : new String[] {"overhead.hashtable.main", "overhead.hashtable.expires", "keys.count"}) {
                assertEquals(field(rs, f), field(ds, f), f);
            }
            r.call("FLUSHALL");
        }
    }

    @Test
    void totalsFollowRedisIdentities() {
        try (RedisDouble dbl = RedisDouble.builder().version("7.0").start();
             RawRedisClient d = new RawRedisClient(dbl.host(), dbl.port())) {
            fill(d);
            d.call("SELECT", "2");
            d.call("RPUSH", "l", "a", "b");
            String s = stats(d);
            String info = new String(d.call("INFO", "memory"), StandardCharsets.ISO_8859_1);
            Matcher m = Pattern.compile("used_memory:(\\d+)").matcher(info);
            m.find();
            long total = field(s, "total.allocated");
            assertEquals(Long.parseLong(m.group(1)), total);
            assertEquals(101, field(s, "keys.count"));
            long startup = field(s, "startup.allocated");
            assertEquals((total - startup) / 101, field(s, "keys.bytes-per-key"));
            assertEquals(total - field(s, "overhead.total"), field(s, "dataset.bytes"));
            assertEquals(true, s.contains("db.0") && s.contains("db.2") && !s.contains("db.1\r\n"));
        }
    }
}
