package io.redisdouble.command;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.keyspace.RedisHash;
import io.redisdouble.util.Bytes;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hashes through the engine. Expected replies are those of real Redis 7.0.15 / 6.2.7 to the same
 * commands; encodings (compact = listpack / ziplist, or table) were checked with OBJECT ENCODING there.
 */
class HashCommandsTest {
    private final EngineHarness h = new EngineHarness();
    private final EngineHarness h62 = new EngineHarness(Dialect.REDIS_6_2, null);
    private static final String WRONGTYPE = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";

    private static RedisHash hash(EngineHarness h, String key) {
        return HashCommands.lookup(h.engine.keyspace().db(0), Bytes.utf8(key), h.time.currentTimeMillis());
    }

    private static String repeat(char c, int n) {
        return String.valueOf(c).repeat(n);
    }

    /** The bulk strings of a RESP2 reply, in order. */
    private static List<String> bulks(String resp) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\\$(\\d+)\r\n").matcher(resp);
        int from = 0;
        while (m.find(from)) {
            int len = Integer.parseInt(m.group(1));
            out.add(resp.substring(m.end(), m.end() + len));
            from = m.end() + len + 2;
        }
        return out;
    }

    @Test
    void smallHashesKeepInsertionOrderAndUpdatesKeepTheirPlace() {
        for (EngineHarness e : new EngineHarness[] {h, h62}) {
            assertEquals(":2\r\n", e.run("HSET h f1 v1 f2 v2"));
            assertEquals(":1\r\n", e.run("HSET h f1 v1x f3 v3"));
            assertEquals("+OK\r\n", e.run("HMSET h f4 v4"));
            assertEquals(":0\r\n", e.run("HSETNX h f1 z"));
            assertEquals(":1\r\n", e.run("HSETNX h f9 z"));
            assertEquals("*10\r\n$2\r\nf1\r\n$3\r\nv1x\r\n$2\r\nf2\r\n$2\r\nv2\r\n$2\r\nf3\r\n$2\r\nv3\r\n$2\r\nf4\r\n$2\r\nv4\r\n"
                    + "$2\r\nf9\r\n$1\r\nz\r\n", e.run("HGETALL h"));
            assertEquals(":1\r\n", e.run("HDEL h f2 f2 nope"));
            assertEquals("*4\r\n$2\r\nf1\r\n$2\r\nf3\r\n$2\r\nf4\r\n$2\r\nf9\r\n", e.run("HKEYS h"));
            assertEquals("*4\r\n$3\r\nv1x\r\n$2\r\nv3\r\n$2\r\nv4\r\n$1\r\nz\r\n", e.run("HVALS h"));
            assertEquals("*3\r\n$3\r\nv1x\r\n$-1\r\n$2\r\nv3\r\n", e.run("HMGET h f1 nope f3"));
            assertEquals("*1\r\n$-1\r\n", e.run("HMGET nokey a"));
            assertEquals(":4\r\n", e.run("HLEN h"));
            assertEquals(":3\r\n", e.run("HSTRLEN h f1"));
            assertEquals(":0\r\n", e.run("HSTRLEN h nope"));
            assertEquals(":1\r\n", e.run("HEXISTS h f1"));
            assertEquals(":0\r\n", e.run("HEXISTS h q"));
            assertEquals("$-1\r\n", e.run("HGET h nope"));
            assertEquals("*0\r\n", e.run("HGETALL nokey"));
            assertEquals("+hash\r\n", e.run("TYPE h"));
        }
    }

    @Test
    void emptiedHashIsDeleted() {
        h.run("HSET h a 1 b 2");
        assertEquals(":2\r\n", h.run("HDEL h a b c"));
        assertEquals(":0\r\n", h.run("EXISTS h"));
        assertEquals(":0\r\n", h.run("HDEL h a"));
    }

    @Test
    void aritiesAndErrorOrder() {
        h.run("SET s x");
        assertEquals("-ERR wrong number of arguments for 'hset' command\r\n", h.run("HSET h f"));
        assertEquals("-ERR wrong number of arguments for 'hset' command\r\n", h.run("HSET s f")); // before WRONGTYPE
        assertEquals("-ERR wrong number of arguments for 'hmset' command\r\n", h.run("HMSET h f v f"));
        assertEquals(WRONGTYPE, h.run("HSET s f v"));
        assertEquals(WRONGTYPE, h.run("HGETALL s"));
        assertEquals(WRONGTYPE, h.run("HDEL s f"));
        // the increment is parsed before the type is checked
        assertEquals("-ERR value is not an integer or out of range\r\n", h.run("HINCRBY s f x"));
        assertEquals(WRONGTYPE, h.run("HINCRBY s f 1"));
        assertEquals("-ERR value is not a valid float\r\n", h.run("HINCRBYFLOAT s f x"));
        assertEquals(WRONGTYPE, h.run("HINCRBYFLOAT s f 1"));
        // HSCAN: cursor, then key (missing: empty whatever the options), then options
        assertEquals("-ERR invalid cursor\r\n", h.run("HSCAN s x"));
        assertEquals(WRONGTYPE, h.run("HSCAN s 0 foo"));
        assertEquals("*2\r\n$1\r\n0\r\n*0\r\n", h.run("HSCAN nokey 0 foo"));
        // HRANDFIELD: count and options before the key
        assertEquals("-ERR value is not an integer or out of range\r\n", h.run("HRANDFIELD s x"));
        assertEquals("-ERR syntax error\r\n", h.run("HRANDFIELD s 1 x"));
        assertEquals(WRONGTYPE, h.run("HRANDFIELD s 1"));
        assertEquals(WRONGTYPE, h.run("HRANDFIELD s"));
    }

    @Test
    void hincrby() {
        h.run("HSET h f1 10 f2 abc f3 1.5 f4 \" 1\" f5 9223372036854775807 f6 1e5 f7 01 f8 -0");
        assertEquals(":15\r\n", h.run("HINCRBY h f1 5"));
        for (String f : new String[] {"f2", "f3", "f4", "f6", "f7", "f8"}) {
            assertEquals("-ERR hash value is not an integer\r\n", h.run("HINCRBY h " + f + " 1"));
        }
        assertEquals("-ERR increment or decrement would overflow\r\n", h.run("HINCRBY h f5 1"));
        assertEquals(":-9223372036854775793\r\n", h.run("HINCRBY h f1 -9223372036854775808"));
        assertEquals(":-3\r\n", h.run("HINCRBY n f -3"));
        assertEquals("$2\r\n-3\r\n", h.run("HGET n f"));
    }

    @Test
    void hincrbyfloatInLongDouble() {
        for (EngineHarness e : new EngineHarness[] {h, h62}) {
            e.run("HSET h f1 -9223372036854775793 f3 1.5 f6 1e5 fz \"  3\" s abc");
            assertEquals("$22\r\n-9223372036854775791.5\r\n", e.run("HINCRBYFLOAT h f1 1.5"));
            assertEquals("$3\r\n2.5\r\n", e.run("HINCRBYFLOAT h f3 1"));
            assertEquals("$24\r\n100000.10000000000000142\r\n", e.run("HINCRBYFLOAT h f6 0.1"));
            assertEquals("-ERR hash value is not a float\r\n", e.run("HINCRBYFLOAT h fz 1"));
            assertEquals("-ERR hash value is not a float\r\n", e.run("HINCRBYFLOAT h s 1"));
            assertEquals("$4\r\n5000\r\n", e.run("HINCRBYFLOAT h f11 5.0e3"));
            assertEquals("$2\r\n16\r\n", e.run("HINCRBYFLOAT h f12 0x10"));
            assertEquals("-ERR value is not a valid float\r\n", e.run("HINCRBYFLOAT h f \"  2\""));
            assertEquals("-ERR value is not a valid float\r\n", e.run("HINCRBYFLOAT h f nan"));
            e.run("HSET h huge 1e4932");
            assertEquals("-ERR increment would produce NaN or Infinity\r\n", e.run("HINCRBYFLOAT h huge 1e4932"));
        }
    }

    @Test
    void hincrbyfloatInfiniteIncrement70RefusesAt62CreatesAnEmptyHash() {
        assertEquals("-ERR value is NaN or Infinity\r\n", h.run("HINCRBYFLOAT nn f inf"));
        assertEquals(":0\r\n", h.run("EXISTS nn"));

        assertEquals("-ERR increment would produce NaN or Infinity\r\n", h62.run("HINCRBYFLOAT nn f inf"));
        assertEquals(":1\r\n", h62.run("EXISTS nn"));
        assertEquals("+hash\r\n", h62.run("TYPE nn"));
        assertEquals(":0\r\n", h62.run("HLEN nn"));
        assertEquals("*0\r\n", h62.run("HGETALL nn"));
        assertEquals("$1\r\n1\r\n", h62.run("HINCRBYFLOAT nn f 1"));
    }

    @Test
    void conversionToTableAtTheBuiltInLimits() {
        StringBuilder sb = new StringBuilder("HSET big");
        for (int i = 0; i < 512; i++) sb.append(" f").append(i).append(" v").append(i);
        h.run(sb.toString());
        assertTrue(hash(h, "big").isCompact());
        assertEquals("f0", bulks(h.run("HKEYS big")).get(0));
        h.run("HSET big extra 1");
        assertFalse(hash(h, "big").isCompact());
        h.run("HDEL big extra f1 f2 f3");
        assertFalse(hash(h, "big").isCompact(), "a table never goes back to compact");

        h.run("HSET v64 a " + repeat('x', 64));
        assertTrue(hash(h, "v64").isCompact());
        h.run("HSET v65 a 1 b " + repeat('y', 65));
        assertFalse(hash(h, "v65").isCompact());
        h.run("HSET f65 " + repeat('y', 65) + " 1");
        assertFalse(hash(h, "f65").isCompact());
    }

    @Test
    void conversionRulesThatDifferBetweenVersions() {
        String long65 = repeat('y', 65);
        // HSETNX on an existing field: 6.2 checks the lengths anyway, 7.0 only when it writes
        h.run("HSET c f v");
        h62.run("HSET c f v");
        assertEquals(":0\r\n", h.run("HSETNX c f " + long65));
        assertEquals(":0\r\n", h62.run("HSETNX c f " + long65));
        assertTrue(hash(h, "c").isCompact());
        assertFalse(hash(h62, "c").isCompact());
        // HINCRBY / HINCRBYFLOAT: 7.0's hashTypeSet checks what it stores, 6.2 does not
        h.run("HINCRBY x " + long65 + " 1");
        h62.run("HINCRBY x " + long65 + " 1");
        assertFalse(hash(h, "x").isCompact());
        assertTrue(hash(h62, "x").isCompact());
        h.run("HSET y a 1 b 2 c 3");
        h62.run("HSET y a 1 b 2 c 3");
        String r = h.run("HINCRBYFLOAT y b 1e300");
        assertEquals(r, h62.run("HINCRBYFLOAT y b 1e300"));
        assertTrue(r.startsWith("$301\r\n1000000000000000000008997324079559193870523944273290747938260082321265646596180"));
        assertFalse(hash(h, "y").isCompact());
        assertTrue(hash(h62, "y").isCompact());
        assertEquals(List.of("a", "1", "b", r.substring(6, 307), "c", "3"), bulks(h62.run("HGETALL y")));
        assertEquals("listpack", hash(h, "c").encodingName(true));
        assertEquals("ziplist", hash(h62, "x").encodingName(false));
        assertEquals("hashtable", hash(h, "y").encodingName(true));
    }

    @Test
    void hrandfieldShapesAndSemantics() {
        h.run("HSET h f1 v1 f2 v2 f3 v3");
        // a count covering the hash: every field, in the hash's order
        assertEquals("*3\r\n$2\r\nf1\r\n$2\r\nf2\r\n$2\r\nf3\r\n", h.run("HRANDFIELD h 10"));
        assertEquals("*6\r\n$2\r\nf1\r\n$2\r\nv1\r\n$2\r\nf2\r\n$2\r\nv2\r\n$2\r\nf3\r\n$2\r\nv3\r\n",
                h.run("HRANDFIELD h 3 WITHVALUES"));
        assertEquals("*0\r\n", h.run("HRANDFIELD h 0 WITHVALUES"));
        assertEquals("*0\r\n", h.run("HRANDFIELD nokey 5"));
        assertEquals("$-1\r\n", h.run("HRANDFIELD nokey"));
        assertEquals("-ERR syntax error\r\n", h.run("HRANDFIELD h 1 withvalue"));
        assertEquals("-ERR syntax error\r\n", h.run("HRANDFIELD h 1 withvalues x"));
        assertEquals("-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n",
                h.run("HRANDFIELD h -9223372036854775808"));
        assertEquals("-ERR value is out of range\r\n", h.run("HRANDFIELD h 4611686018427387904 withvalues"));
        assertEquals("-ERR value is out of range\r\n", h.run("HRANDFIELD nokey -4611686018427387904 withvalues"));
        // 6.2 has no range checks: a covering count is just the whole hash
        h62.run("HSET h f1 v1");
        assertEquals("*2\r\n$2\r\nf1\r\n$2\r\nv1\r\n", h62.run("HRANDFIELD h 4611686018427387904 withvalues"));

        Set<String> fields = Set.of("f1", "f2", "f3");
        for (int i = 0; i < 50; i++) {
            List<String> neg = bulks(h.run("HRANDFIELD h -5"));
            assertEquals(5, neg.size());
            assertTrue(fields.containsAll(neg));
            List<String> two = bulks(h.run("HRANDFIELD h 2"));
            assertEquals(2, new HashSet<>(two).size());
            assertTrue(fields.containsAll(two));
            List<String> pairs = bulks(h.run("HRANDFIELD h -4 WITHVALUES"));
            assertEquals(8, pairs.size());
            for (int j = 0; j < 8; j += 2) assertEquals("v" + pairs.get(j).substring(1), pairs.get(j + 1));
            assertTrue(fields.contains(bulks(h.run("HRANDFIELD h")).get(0)));
        }
        // RESP3: WITHVALUES nests each pair
        h.session.proto = 3;
        h.run("HSET h2 f1 v1 f2 v2");
        assertEquals("*2\r\n*2\r\n$2\r\nf1\r\n$2\r\nv1\r\n*2\r\n$2\r\nf2\r\n$2\r\nv2\r\n", h.run("HRANDFIELD h2 5 WITHVALUES"));
        assertEquals("%2\r\n$2\r\nf1\r\n$2\r\nv1\r\n$2\r\nf2\r\n$2\r\nv2\r\n", h.run("HGETALL h2"));
        assertEquals("%0\r\n", h.run("HGETALL nokey"));
        assertEquals("_\r\n", h.run("HRANDFIELD nokey"));
        assertTrue(h.run("HRANDFIELD h -3 WITHVALUES").startsWith("*3\r\n*2\r\n"));
    }

    @Test
    void hrandfieldUniqueSampleFromATable() {
        StringBuilder sb = new StringBuilder("HSET big");
        for (int i = 0; i < 600; i++) sb.append(" f").append(i).append(" v").append(i);
        h.run(sb.toString());
        for (int count : new int[] {5, 199, 200, 599}) {
            List<String> got = bulks(h.run("HRANDFIELD big " + count));
            assertEquals(count, new HashSet<>(got).size());
        }
        assertEquals(600, new HashSet<>(bulks(h.run("HRANDFIELD big 600"))).size());
    }

    @Test
    void hscanCompactHashComesWholeWithCursorZero() {
        h.run("HSET h f1 v1 f2 v2 g3 v3");
        String all = "*2\r\n$1\r\n0\r\n*6\r\n$2\r\nf1\r\n$2\r\nv1\r\n$2\r\nf2\r\n$2\r\nv2\r\n$2\r\ng3\r\n$2\r\nv3\r\n";
        assertEquals(all, h.run("HSCAN h 0 count 1"));
        assertEquals(all, h.run("HSCAN h 5 count 1"));
        assertEquals(all, h.run("HSCAN h -1"));
        assertEquals("*2\r\n$1\r\n0\r\n*4\r\n$2\r\nf1\r\n$2\r\nv1\r\n$2\r\nf2\r\n$2\r\nv2\r\n", h.run("HSCAN h 0 match f*"));
        assertEquals("*2\r\n$1\r\n0\r\n*2\r\n$2\r\ng3\r\n$2\r\nv3\r\n", h.run("HSCAN h 0 MATCH \"*3\" COUNT 10 match g*"));
        assertEquals("-ERR syntax error\r\n", h.run("HSCAN h 0 count 0"));
        assertEquals("-ERR value is not an integer or out of range\r\n", h.run("HSCAN h 0 count x"));
        assertEquals("-ERR syntax error\r\n", h.run("HSCAN h 0 type string"));
        assertEquals("-ERR syntax error\r\n", h.run("HSCAN h 0 match"));
        assertEquals("-ERR invalid cursor\r\n", h.run("HSCAN h 18446744073709551616"));
    }

    @Test
    void hscanOfATableReturnsEveryFieldPresentForTheWholeScan() {
        StringBuilder sb = new StringBuilder("HSET big");
        for (int i = 0; i < 1000; i++) sb.append(" f").append(i).append(" v").append(i);
        h.run(sb.toString());
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int calls = 0, extra = 0;
        do {
            List<String> b = bulks(h.run("HSCAN big " + cursor + " COUNT 20"));
            cursor = b.get(0);
            for (int i = 1; i < b.size(); i += 2) {
                if (b.get(i).startsWith("f")) assertEquals("v" + b.get(i).substring(1), b.get(i + 1));
                seen.add(b.get(i));
            }
            // churn between calls: grow (the table doubles) and shrink
            if (calls % 3 == 0) h.run("HSET big x" + extra++ + " 1");
            if (calls % 5 == 4) h.run("HDEL big x" + (extra - 1));
            calls++;
        } while (!cursor.equals("0"));
        for (int i = 0; i < 1000; i++) assertTrue(seen.contains("f" + i), "f" + i);
        assertTrue(calls > 5, "COUNT bounds the work per call");
    }

    @Test
    void copyIsIndependentAndWatchSeesModifications() {
        h.run("HSET h a 1 b 2");
        assertEquals(":1\r\n", h.run("COPY h c"));
        h.run("HSET c z 26");
        assertEquals("*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n", h.run("HGETALL h"));
        assertEquals(":3\r\n", h.run("HLEN c"));

        Session other = h.newSession();
        h.run("WATCH h");
        h.run(other, "HDEL h nofield"); // nothing deleted: not a modification
        h.run("MULTI");
        h.run("HGET h a");
        assertEquals("*1\r\n$1\r\n1\r\n", h.run("EXEC"));
        h.run("WATCH h");
        h.run(other, "HINCRBY h a 1");
        h.run("MULTI");
        h.run("HGET h a");
        assertEquals("*-1\r\n", h.run("EXEC"));
    }

    @Test
    void binarySafe() {
        assertEquals(":3\r\n", h.run("HSET h \"\" empty \"\\x00\\xff\" \"bin\\r\\nary\" f \"\""));
        assertEquals("$5\r\nempty\r\n", h.run("HGET h \"\""));
        assertEquals(":0\r\n", h.run("HSTRLEN h f"));
        assertEquals(":8\r\n", h.run("HSTRLEN h \"\\x00\\xff\""));
        assertNull(hash(h, "nokey"));
    }
}
