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
 * HGETDEL, HGETEX and HSETEX (8.0) on the harness's manual clock: what the live comparison (hash-8.0.txt,
 * on wall time) cannot pin down. A field past its deadline is expired by these commands without deleting
 * the hash mid-way (HFE_LAZY_AVOID_HASH_DEL): their events come in t_hash.c's order ("hexpired" first, the
 * command's own, then "del" when the hash emptied), and TTLs they set expire the moment virtual time passes.
 */
class HashGetSetExTest {
    private final EngineHarness h = new EngineHarness(Dialect.defined("8.0"), null);
    private final Session events = h.newSession();

    HashGetSetExTest() {
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
    void ttlsSetByHsetexAndHgetexExpireWhenVirtualTimePasses() {
        assertEquals(":1\r\n", h.run("HSETEX h PX 1000 FIELDS 2 a 1 b 2"));
        assertEquals(List.of("hset:h", "hexpire:h"), events());
        h.run("HSET h c 3");
        assertEquals("*1\r\n$1\r\n3\r\n", h.run("HGETEX h EX 5 FIELDS 1 c"));
        assertEquals(List.of("hset:h", "hexpire:h"), events());
        assertEquals("*3\r\n:1000\r\n:1000\r\n:5000\r\n", h.run("HPTTL h FIELDS 3 a b c"));
        h.advance(Duration.ofMillis(1000));
        assertEquals("*2\r\n$1\r\nc\r\n$1\r\n3\r\n", h.run("HGETALL h"));
        assertEquals(List.of("hexpired:h"), events());
        h.advance(Duration.ofSeconds(4));
        assertEquals(":0\r\n", h.run("EXISTS h"));
        assertEquals(List.of("hexpired:h", "del:h"), events());
    }

    @Test
    void hgetdelOfAnExpiredFieldSaysHexpiredThenTheOwnEventsThenDel() {
        h.run("HSET h a 1 b 2");
        h.run("HPEXPIRE h 100 FIELDS 1 a");
        events();
        h.time.advance(Duration.ofMillis(101)); // no active cycle: only lazy expiry
        assertEquals("*2\r\n$-1\r\n$1\r\n2\r\n", h.run("HGETDEL h FIELDS 2 a b"));
        assertEquals(List.of("hexpired:h", "hdel:h", "del:h"), events());
        assertEquals(":0\r\n", h.run("EXISTS h"));
        // only an expired field: "hexpired", and "del" as it was the last one
        h.run("HSET h a 1");
        h.run("HPEXPIRE h 100 FIELDS 1 a");
        events();
        h.time.advance(Duration.ofMillis(101));
        assertEquals("*1\r\n$-1\r\n", h.run("HGETDEL h FIELDS 1 a"));
        assertEquals(List.of("hexpired:h", "del:h"), events());
    }

    @Test
    void hgetexOfAnExpiredFieldAnswersNilAndExpiresItOnly() {
        h.run("HSET h a 1 b 2");
        h.run("HPEXPIRE h 100 FIELDS 1 a");
        events();
        h.time.advance(Duration.ofMillis(101));
        assertEquals("*2\r\n$-1\r\n$1\r\n2\r\n", h.run("HGETEX h PERSIST FIELDS 2 a b"));
        assertEquals(List.of("hexpired:h"), events()); // b had no TTL: PERSIST changed nothing
        assertEquals("*2\r\n$1\r\nb\r\n$1\r\n2\r\n", h.run("HGETALL h"));
        h.run("HPEXPIRE h 100 FIELDS 1 b");
        events();
        h.time.advance(Duration.ofMillis(101));
        assertEquals("*1\r\n$-1\r\n", h.run("HGETEX h FIELDS 1 b"));
        assertEquals(List.of("hexpired:h", "del:h"), events());
    }

    @Test
    void hsetexConditionsSeeExpiredFieldsAsMissing() {
        h.run("HSET h a 1 b 2");
        h.run("HPEXPIRE h 100 FIELDS 1 a");
        events();
        h.time.advance(Duration.ofMillis(101));
        // FXX fails on the expired field, which is deleted on the way ("hexpired")
        assertEquals(":0\r\n", h.run("HSETEX h FXX FIELDS 2 b 20 a 10"));
        assertEquals(List.of("hexpired:h"), events());
        assertEquals("*2\r\n$1\r\nb\r\n$1\r\n2\r\n", h.run("HGETALL h"));
        h.run("HPEXPIRE h 100 FIELDS 1 b");
        events();
        h.time.advance(Duration.ofMillis(101));
        // FNX passes: the only field is past its deadline
        assertEquals(":1\r\n", h.run("HSETEX h FNX FIELDS 1 b 3"));
        assertEquals(List.of("hexpired:h", "hset:h"), events());
        assertEquals("*1\r\n:-1\r\n", h.run("HTTL h FIELDS 1 b"));
        // FXX fails and the hash, whose last field just expired, goes
        h.run("HPEXPIRE h 100 FIELDS 1 b");
        events();
        h.time.advance(Duration.ofMillis(101));
        assertEquals(":0\r\n", h.run("HSETEX h FXX FIELDS 1 b 4"));
        assertEquals(List.of("hexpired:h", "del:h"), events());
        assertEquals(":0\r\n", h.run("EXISTS h"));
    }

    @Test
    void hgetexWithoutACountAfterFieldsIsTheArityError() {
        // redis-server 8.0.2 dies of SIGSEGV here (it reads the count past its arguments)
        h.run("HSET h a 1");
        assertEquals("-ERR wrong number of arguments for 'hgetex' command\r\n", h.run("HGETEX h EX 10 FIELDS"));
        assertEquals("-ERR wrong number of arguments for 'hgetex' command\r\n", h.run("HGETEX nokey PXAT 1 fields"));
        assertEquals("-ERR Mandatory argument FIELDS is missing or not at the right position\r\n",
                h.run("HGETEX h EX 10 NOTFIELDS"));
        assertEquals("$1\r\n1\r\n", h.run("HGET h a"));
    }

    @Test
    void earlierDialectsDoNotKnowTheCommands() {
        for (Dialect d : List.of(Dialect.REDIS_7_4, Dialect.REDIS_7_0, Dialect.VALKEY_8_0)) {
            EngineHarness old = new EngineHarness(d, null);
            for (String cmd : List.of("HGETDEL h FIELDS 1 a", "HGETEX h FIELDS 1 a", "HSETEX h FIELDS 1 a 1")) {
                assertTrue(old.run(cmd).startsWith("-ERR unknown command '" + cmd.substring(0, 6)), d + " " + cmd);
            }
        }
    }
}
