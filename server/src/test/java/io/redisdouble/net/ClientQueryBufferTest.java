package io.redisdouble.net;

import io.redisdouble.RedisDouble;
import io.redisdouble.testing.RawRedisClient;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * CLIENT LIST's query buffer figures (qbuf, qbuf-free, argv-mem, multi-mem). The expected numbers are
 * those Debian's redis-server 7.0.15 (jemalloc) shows for the same steps: a first read reserves 16 KB
 * without growing ahead (20474 usable bytes), a 400000-byte argument gets a buffer of exactly its size
 * class (458742), and the cron gives the free room back once the client is idle more than 2 seconds.
 */
class ClientQueryBufferTest {
    private static String field(String line, String name) {
        Matcher m = Pattern.compile("(?:^| )" + Pattern.quote(name) + "=(\\S*)").matcher(line);
        if (!m.find()) throw new AssertionError(name + " missing in " + line);
        return m.group(1);
    }

    private static String lineOf(RawRedisClient observer, String clientName) {
        String list = new String(observer.call("CLIENT", "LIST"), StandardCharsets.UTF_8);
        for (String l : list.split("\n")) if (l.contains(" name=" + clientName + " ")) return l;
        throw new AssertionError("no client " + clientName + " in " + list);
    }

    private static String buffers(String line) {
        return "qbuf=" + field(line, "qbuf") + " qbuf-free=" + field(line, "qbuf-free")
                + " argv-mem=" + field(line, "argv-mem") + " multi-mem=" + field(line, "multi-mem");
    }

    @Test
    void theCallerSeesItsOwnRequestInTheQueryBuffer() {
        try (RedisDouble r = RedisDouble.builder().version("7.0").manualTime().start();
             RawRedisClient c = new RawRedisClient(r.host(), r.port())) {
            String self = new String(c.call("CLIENT", "LIST"), StandardCharsets.UTF_8);
            assertEquals("qbuf=26 qbuf-free=20448 argv-mem=10 multi-mem=0", buffers(self));
        }
    }

    @Test
    void growsForABigArgumentAndShrinksWhenIdle() {
        try (RedisDouble r = RedisDouble.builder().version("7.0").manualTime().start();
             RawRedisClient c = new RawRedisClient(r.host(), r.port());
             RawRedisClient observer = new RawRedisClient(r.host(), r.port())) {
            c.call("CLIENT", "SETNAME", "aa");
            assertEquals("qbuf=0 qbuf-free=20474 argv-mem=0 multi-mem=0", buffers(lineOf(observer, "aa")));

            c.call("SET", "x", "A".repeat(400000));
            assertEquals("qbuf=0 qbuf-free=458742 argv-mem=0 multi-mem=0", buffers(lineOf(observer, "aa")));

            c.call("MULTI");
            c.call("SET", "x", "abc");
            assertEquals("31", field(lineOf(observer, "aa"), "multi-mem"));

            r.time().advance(Duration.ofSeconds(3));
            assertEquals("qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=31", buffers(lineOf(observer, "aa")));
        }
    }
}
