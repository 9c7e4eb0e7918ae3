package io.redisdouble.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.resp.RespEncoder;
import io.redisdouble.resp.Reply;
import io.redisdouble.util.Bytes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Hash-field expiration (7.4) on the harness's manual clock: the timing that the live comparison
 * (hash-ttl.txt, on wall time) cannot pin down. Fields expire the moment virtual time passes their
 * deadline: reads no longer see them, a field read lazily is deleted with "hexpired" (and "del" with its
 * hash), and the active cycle that runs when time is advanced deletes every due field, in order of the
 * events t_hash.c 7.4.1 sends.
 */
class HashFieldTtlTest {
    private final EngineHarness h = new EngineHarness(Dialect.REDIS_7_4, null);
    private final Session events = h.newSession();

    HashFieldTtlTest() {
        h.run("CONFIG SET notify-keyspace-events KEA");
        h.run(events, "PSUBSCRIBE __keyevent@0__:*");
        h.pushed.clear();
    }

    /** The keyevent names pushed so far ("hexpire:h" = event hexpire for key h), then forgotten. */
    private List<String> events() {
        List<String> out = new ArrayList<>();
        Pattern p = Pattern.compile("__keyevent@0__:([a-z]+)\r\n\\$\\d+\r\n([^\r]*)\r\n");
        for (Reply r : h.pushed) {
            Matcher m = p.matcher(Bytes.str(RespEncoder.toBytes(r, 2, h.engine.dialect())));
            if (m.find()) out.add(m.group(1) + ":" + m.group(2));
        }
        h.pushed.clear();
        return out;
    }

    @Test
    void advancingTimeExpiresFieldsActivelyAndTheLastOneTakesTheHash() {
        h.run("HSET h a 1 b 2 c 3");
        assertEquals("*2\r\n:1\r\n:1\r\n", h.run("HPEXPIRE h 1000 FIELDS 2 a b"));
        assertEquals("*3\r\n:1000\r\n:1000\r\n:-1\r\n", h.run("HPTTL h FIELDS 3 a b c"));
        assertEquals(List.of("hset:h", "hexpire:h"), events());
        h.advance(Duration.ofMillis(999));
        assertEquals("*3\r\n:1\r\n:1\r\n:-1\r\n", h.run("HPTTL h FIELDS 3 a b c"));
        assertEquals(":3\r\n", h.run("HLEN h"));
        h.advance(Duration.ofMillis(1));
        // due at the deadline: the cycle deletes both fields, one "hexpired" for the hash
        assertEquals(":1\r\n", h.run("HLEN h"));
        assertEquals(List.of("hexpired:h"), events());
        assertEquals("*2\r\n$1\r\nc\r\n$1\r\n3\r\n", h.run("HGETALL h"));
        h.run("HEXPIRE h 5 FIELDS 1 c");
        events();
        h.advance(Duration.ofSeconds(5));
        assertEquals(":0\r\n", h.run("EXISTS h"));
        assertEquals(List.of("hexpired:h", "del:h"), events());
    }

    @Test
    void readsHideAnExpiredFieldAndAReadOfItDeletesIt() {
        h.run("HSET h a 1 b 2");
        h.run("HPEXPIRE h 100 FIELDS 1 a");
        events();
        h.time.advance(Duration.ofMillis(101)); // no active cycle: only lazy expiry
        assertEquals("*2\r\n$1\r\nb\r\n$1\r\n2\r\n", h.run("HGETALL h"));
        assertEquals("*1\r\n$1\r\nb\r\n", h.run("HKEYS h"));
        assertEquals(":2\r\n", h.run("HLEN h")); // HLEN counts a field not yet deleted, as Redis does
        assertEquals("*1\r\n:-2\r\n", h.run("HTTL h FIELDS 1 a"));
        assertEquals(List.of(), events());
        assertEquals("$-1\r\n", h.run("HGET h a"));
        assertEquals(List.of("hexpired:h"), events());
        assertEquals(":1\r\n", h.run("HLEN h"));
        h.run("HPEXPIRE h 100 FIELDS 1 b");
        events();
        h.time.advance(Duration.ofMillis(101));
        assertEquals(":0\r\n", h.run("HEXISTS h b"));
        assertEquals(List.of("hexpired:h", "del:h"), events());
        assertEquals(":0\r\n", h.run("EXISTS h"));
    }

    @Test
    void hincrbyOnTheExpiredLastFieldStartsANewHash() {
        h.run("HSET h n 5");
        h.run("HPEXPIRE h 10 FIELDS 1 n");
        events();
        h.time.advance(Duration.ofMillis(11));
        assertEquals(":1\r\n", h.run("HINCRBY h n 1"));
        assertEquals(List.of("hexpired:h", "del:h", "hincrby:h"), events());
        assertEquals("*1\r\n:-1\r\n", h.run("HTTL h FIELDS 1 n"));
    }

    @Test
    void hsetClearsTheTtlAndHincrbyKeepsIt() {
        h.run("HSET h a 1 b 2");
        h.run("HEXPIRE h 100 FIELDS 2 a b");
        h.run("HSET h a 10");
        h.run("HINCRBY h b 1");
        assertEquals("*2\r\n:-1\r\n:100\r\n", h.run("HTTL h FIELDS 2 a b"));
        assertEquals("*1\r\n:1\r\n", h.run("HPERSIST h FIELDS 1 b"));
        assertEquals(List.of("hset:h", "hexpire:h", "hset:h", "hincrby:h", "hpersist:h"), events());
    }

    @Test
    void renamedAndCopiedHashesKeepExpiringTheirFields() {
        h.run("HSET h a 1 b 2");
        h.run("HPEXPIRE h 500 FIELDS 1 a");
        h.run("RENAME h r");
        h.run("COPY r c");
        events();
        h.advance(Duration.ofMillis(500));
        assertEquals("*2\r\n$1\r\nb\r\n$1\r\n2\r\n", h.run("HGETALL r"));
        assertEquals("*2\r\n$1\r\nb\r\n$1\r\n2\r\n", h.run("HGETALL c"));
        List<String> ev = events();
        assertTrue(ev.containsAll(List.of("hexpired:r", "hexpired:c")) && ev.size() == 2, ev.toString());
    }

    @Test
    void aDeadlineNotInTheFutureDeletesAtOnce() {
        h.run("HSET h a 1 b 2");
        events();
        long now = h.time.currentTimeMillis();
        assertEquals("*2\r\n:2\r\n:-2\r\n", h.run("HPEXPIREAT h " + now + " FIELDS 2 a x"));
        assertEquals(List.of("hdel:h"), events());
        assertEquals("*1\r\n:2\r\n", h.run("HPEXPIRE h 0 FIELDS 1 b"));
        assertEquals(List.of("hdel:h", "del:h"), events());
        assertEquals(":0\r\n", h.run("EXISTS h"));
    }

    @Test
    void earlierDialectsDoNotKnowTheCommands() {
        EngineHarness h72 = new EngineHarness(Dialect.REDIS_7_2, null);
        assertEquals("-ERR unknown command 'hexpire', with args beginning with: 'h' '1' 'FIELDS' '1' 'a' \r\n",
                h72.run("hexpire h 1 FIELDS 1 a"));
    }
}
