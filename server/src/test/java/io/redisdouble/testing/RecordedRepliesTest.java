package io.redisdouble.testing;

import io.redisdouble.RedisDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordedRepliesTest {

    @Test
    void everyByteSurvivesEscaping() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        String text = RecordedReplies.escape(all);
        assertTrue(text.chars().allMatch(c -> c >= 0x20 && c < 0x7f), text);
        assertArrayEquals(all, RecordedReplies.unescape(text));
        assertThrows(IllegalArgumentException.class, () -> RecordedReplies.unescape("\\q"));
    }

    @Test
    void writtenRecordingsReadBackAndMiscountsAreRefused(@TempDir Path dir) throws Exception {
        RecordedReplies r = RecordedReplies.empty("Replies of real Redis 9.9.9\nsecond line");
        r.put("00aa", 2, List.of("+OK\r\n".getBytes(), "$3\r\n\\\n\u0001\r\n".getBytes()));
        r.put("00aa", 3, List.of("_\r\n".getBytes()));
        Path f = dir.resolve("x/y.rec");
        r.write(f);
        RecordedReplies back = RecordedReplies.parse(Files.readString(f), f.toString());
        assertEquals(r.header(), back.header());
        assertEquals(2, back.get("00aa", 2).size());
        assertArrayEquals("$3\r\n\\\n\u0001\r\n".getBytes(), back.get("00aa", 2).get(1));
        assertArrayEquals("_\r\n".getBytes(), back.get("00aa", 3).get(0));
        assertNull(back.get("00aa", 4));
        String truncated = Files.readString(f).replace("replies 2", "replies 3");
        assertThrows(IllegalArgumentException.class, () -> RecordedReplies.parse(truncated, "truncated"));
    }

    @Test
    void blockHashFollowsEveryCharacter() {
        String a = RecordedReplies.blockHash(List.of("SET k v", "GET k"));
        assertEquals(a, RecordedReplies.blockHash(List.of("SET k v", "GET k")));
        assertTrue(!a.equals(RecordedReplies.blockHash(List.of("SET k v", "GET  k"))));
        assertTrue(!a.equals(RecordedReplies.blockHash(List.of("SET k vGET k"))));
    }

    @Test
    void theRecorderRefusesRedisDoubleAndAcceptsRealRedis() {
        try (RedisDouble dbl = RedisDouble.start();
             RawRedisClient c = new RawRedisClient(dbl.host(), dbl.port())) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> RecordedReplies.requireRealServer(c));
            assertTrue(e.getMessage().contains("not a real redis-server"), e.getMessage());
        }
        ReferenceRedis real = ReferenceRedis.forVersion("7.0");
        try (RawRedisClient c = real.openClient()) {
            assertEquals(real.version(), RecordedReplies.requireRealServer(c));
        }
    }
}
