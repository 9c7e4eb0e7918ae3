package io.redisdouble.command;

import io.redisdouble.dialect.Dialect;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keys and expiry. Expected replies are the bytes real Redis 7.0.15 (and 6.2.7 for the V6_2 harness)
 * sent for the same command sequence (probed on db 11 of the reference servers), except where a
 * comment says the value follows from virtual time.
 */
class KeyCommandsTest {
    private EngineHarness h = harness(Dialect.REDIS_7_0);

    static EngineHarness harness(Dialect v) {
        return new EngineHarness(v, null);
    }

    private void t(String command, String expected) {
        assertEquals(expected, h.run(command), command);
    }

    private static final String OK = "+OK\r\n";
    private static final String ZERO = ":0\r\n";
    private static final String ONE = ":1\r\n";
    private static final String NO_INT = "-ERR value is not an integer or out of range\r\n";
    private static final String SYNTAX = "-ERR syntax error\r\n";
    private static final String BAD_CURSOR = "-ERR invalid cursor\r\n";

    private static String arity(String cmd) {
        return "-ERR wrong number of arguments for '" + cmd + "' command\r\n";
    }

    // ---- DEL, UNLINK, EXISTS, TOUCH, TYPE ---------------------------------------------------------

    @Test
    void delUnlinkExistsTouchType() {
        t("SET k v", OK);
        t("DEL k k nokey", ONE);
        t("SET a 1", OK);
        t("SET b 2", OK);
        t("UNLINK a b c", ":2\r\n");
        t("EXISTS a", ZERO);
        t("SET a 1", OK);
        t("EXISTS a a b a", ":3\r\n");
        t("TOUCH a a b", ":2\r\n");
        t("TYPE a", "+string\r\n");
        t("TYPE nokey", "+none\r\n");
        t("DEL", arity("del"));
        t("UNLINK", arity("unlink"));
        t("EXISTS", arity("exists"));
        t("TYPE", arity("type"));
        t("TYPE a b", arity("type"));
    }

    // ---- EXPIRE family ------------------------------------------------------------------------------

    @Test
    void expireOptionsIn70() {
        t("SET k v", OK);
        t("EXPIRE k 100", ONE);
        t("TTL k", ":100\r\n");
        t("EXPIRE k 100 NX", ZERO);
        t("EXPIRE k 200 XX", ONE);
        t("TTL k", ":200\r\n");
        t("EXPIRE k 50 GT", ZERO);
        t("EXPIRE k 300 GT", ONE);
        t("TTL k", ":300\r\n");
        t("EXPIRE k 400 LT", ZERO);
        t("EXPIRE k 10 LT", ONE);
        t("TTL k", ":10\r\n");
        t("EXPIRE k 10 nx XX", "-ERR NX and XX, GT or LT options at the same time are not compatible\r\n");
        t("EXPIRE k 10 gt LT", "-ERR GT and LT options at the same time are not compatible\r\n");
        t("EXPIRE k 10 lt nx", "-ERR NX and XX, GT or LT options at the same time are not compatible\r\n");
        t("EXPIRE k 10 xx gt lt", "-ERR GT and LT options at the same time are not compatible\r\n");
        t("EXPIRE k 10 bogus", "-ERR Unsupported option bogus\r\n");
        t("EXPIRE k abc bogus", "-ERR Unsupported option bogus\r\n");
        t("EXPIRE k abc NX", NO_INT);
        t("EXPIRE nokey 10 NX", ZERO);
        t("EXPIRE k 10 XX XX", ONE);
        t("PERSIST k", ONE);
        t("PERSIST k", ZERO);
        t("EXPIRE k 10 XX", ZERO);
        t("EXPIRE k 10 GT", ZERO); // no TTL counts as infinite: GT never passes
        t("EXPIRE k 10 LT", ONE);  // … and LT always does
        t("TTL k", ":10\r\n");
        t("PERSIST nokey", ZERO);
        t("EXPIRE k 1 2", "-ERR Unsupported option 2\r\n");
        t("EXPIRE k", arity("expire"));
    }

    @Test
    void unsupportedOptionTextStopsAtNulAndCrLfBecomeSpaces() {
        // Real 7.0.15: "-ERR Unsupported option fo\r\n" for "fo\0o", "fo  o" for "fo\r\no".
        t("SET k v", OK);
        t("EXPIRE k 100 \"fo\\x00o\"", "-ERR Unsupported option fo\r\n");
        t("EXPIRE k 100 \"fo\\r\\no\"", "-ERR Unsupported option fo  o\r\n");
        t("EXPIRE k 100 \"\"", "-ERR Unsupported option \r\n");
    }

    @Test
    void expireInThePastDeletes() {
        t("SET k v", OK);
        t("EXPIRE k 0", ONE);
        t("EXISTS k", ZERO);
        t("SET k v", OK);
        t("PEXPIRE k -1", ONE);
        t("EXISTS k", ZERO);
        t("SET k v", OK);
        t("EXPIREAT k 1", ONE);
        t("EXISTS k", ZERO);
        t("SET k v", OK);
        t("PEXPIREAT k 0", ONE);
        t("EXISTS k", ZERO);
        t("SET k v", OK);
        t("EXPIRE k -5 GT", ZERO);
        t("EXISTS k", ONE);
        t("EXPIRE k -5 LT", ONE);
        t("EXISTS k", ZERO);
        t("EXPIRE nokey 0", ZERO);
        // The deadline "now" exactly is already past (checkAlreadyExpired: when <= now).
        t("SET k v", OK);
        t("PEXPIREAT k " + h.time.currentTimeMillis(), ONE);
        t("EXISTS k", ZERO);
    }

    @Test
    void expireNumbersAndOverflow() {
        t("EXPIRE nokey abc", NO_INT);
        t("EXPIRE nokey 9223372036854775807", "-ERR invalid expire time in 'expire' command\r\n");
        t("PEXPIRE nokey 9223372036854775807", "-ERR invalid expire time in 'pexpire' command\r\n");
        t("EXPIREAT nokey 9223372036854775807", "-ERR invalid expire time in 'expireat' command\r\n");
        t("PEXPIREAT nokey 9223372036854775807", ZERO);
        t("EXPIRE nokey -9223372036854775808", "-ERR invalid expire time in 'expire' command\r\n");
        t("EXPIREAT nokey 9223372036854776", "-ERR invalid expire time in 'expireat' command\r\n");
        t("EXPIREAT nokey 9223372036854775", ZERO);
        t("EXPIRE nokey 9223372036854775", "-ERR invalid expire time in 'expire' command\r\n"); // + now overflows
        t("EXPIRE nokey 1.5", NO_INT);
        t("EXPIRE nokey +1", NO_INT);
        t("EXPIRE nokey \"\"", NO_INT);
        t("SET k v", OK);
        t("EXPIRE k -9223372036854775", ONE); // fits: a deadline far in the past deletes the key
        t("EXISTS k", ZERO);
    }

    @Test
    void ttlFamily() {
        t("SET k v", OK);
        t("TTL k", ":-1\r\n");
        t("PTTL k", ":-1\r\n");
        t("TTL nokey", ":-2\r\n");
        t("PTTL nokey", ":-2\r\n");
        t("EXPIRETIME k", ":-1\r\n");
        t("PEXPIRETIME k", ":-1\r\n");
        t("EXPIRETIME nokey", ":-2\r\n");
        t("PEXPIREAT k 9223372036854775807", ONE);
        t("EXPIRETIME k", ":9223372036854776\r\n"); // no wrap-around in (ms + 500) / 1000
        t("PEXPIRETIME k", ":9223372036854775807\r\n");
        t("EXPIREAT k 4102444800", ONE);
        t("EXPIRETIME k", ":4102444800\r\n");
        t("PEXPIRETIME k", ":4102444800000\r\n");
        t("PEXPIREAT k 4102444800499", ONE);
        t("EXPIRETIME k", ":4102444800\r\n");
        t("PEXPIREAT k 4102444800500", ONE);
        t("EXPIRETIME k", ":4102444801\r\n");
        t("EXPIRETIME", arity("expiretime"));
        t("TTL k extra", arity("ttl"));
    }

    @Test
    void ttlRoundsToTheNearestSecondAndKeysVanishAtTheirDeadline() {
        // Virtual time: values follow from (ms + 500) / 1000.
        t("SET k v", OK);
        t("PEXPIRE k 10000", ONE);
        t("TTL k", ":10\r\n");
        h.time.advance(Duration.ofMillis(4500));
        t("PTTL k", ":5500\r\n");
        t("TTL k", ":6\r\n");
        h.time.advance(Duration.ofMillis(1));
        t("PTTL k", ":5499\r\n");
        t("TTL k", ":5\r\n");
    }

    @Test
    void ttlRounding() {
        t("SET k v", OK);
        t("PEXPIRE k 1499", ONE);
        t("TTL k", ONE);
        t("PEXPIRE k 1500", ONE);
        t("TTL k", ":2\r\n");
        t("PEXPIRE k 499", ONE);
        t("TTL k", ZERO);
        t("PEXPIRE k 500", ONE);
        t("TTL k", ONE);
        h.time.advance(Duration.ofMillis(499));
        t("PTTL k", ONE);
        t("TTL k", ZERO);
        h.time.advance(Duration.ofMillis(1));
        t("PTTL k", ":-2\r\n");
        t("TTL k", ":-2\r\n");
        t("EXISTS k", ZERO);
    }

    @Test
    void expiredKeysAreInvisibleToEveryRead() {
        t("SET a 1", OK);
        t("SET b 2", OK);
        t("SET c 3", OK);
        t("PEXPIRE a 100", ONE);
        t("PEXPIRE b 100", ONE);
        h.time.advance(Duration.ofMillis(100));
        t("DBSIZE", ":3\r\n"); // as Redis: not reclaimed before an access or the active cycle
        h.engine.activeExpire();
        t("DBSIZE", ONE);
        t("KEYS *", "*1\r\n$1\r\nc\r\n");
        t("SCAN 0 COUNT 100", "*2\r\n$1\r\n0\r\n*1\r\n$1\r\nc\r\n");
        t("EXISTS a b c", ONE);
        t("TYPE a", "+none\r\n");
        t("TTL a", ":-2\r\n");
        t("GET a", "$-1\r\n");
        t("RANDOMKEY", "$1\r\nc\r\n");
        t("PEXPIRE c 1", ONE);
        h.time.advance(Duration.ofMillis(1));
        t("RANDOMKEY", "$-1\r\n");
        t("DBSIZE", ZERO);
        t("RENAME c d", "-ERR no such key\r\n");
        t("PERSIST c", ZERO);
        t("EXPIRE c 100", ZERO);
        t("DEL c", ZERO);
    }

    @Test
    void persistAndExpireSignalWatch() {
        Session other = h.newSession();
        t("SET k v", OK);
        t("WATCH k", OK);
        assertEquals(ONE, h.run(other, "EXPIRE k 100"));
        t("MULTI", OK);
        t("PING", "+QUEUED\r\n");
        t("EXEC", "*-1\r\n");
        t("WATCH k", OK);
        assertEquals(ONE, h.run(other, "PERSIST k"));
        t("MULTI", OK);
        t("PING", "+QUEUED\r\n");
        t("EXEC", "*-1\r\n");
        // A failed condition changes nothing and does not touch the key.
        t("WATCH k", OK);
        assertEquals(ZERO, h.run(other, "EXPIRE k 100 XX"));
        assertEquals(ZERO, h.run(other, "PERSIST k"));
        t("MULTI", OK);
        t("PING", "+QUEUED\r\n");
        t("EXEC", "*1\r\n+PONG\r\n");
    }

    // ---- 6.2 ------------------------------------------------------------------------------------------

    @Test
    void sixTwoHasNoExpireOptionsNorExpiretime() {
        h = harness(Dialect.REDIS_6_2);
        t("SET k v", OK);
        t("EXPIRE k 100", ONE);
        t("EXPIRE k 100 NX", arity("expire"));
        t("PEXPIRE k 100 XX", arity("pexpire"));
        t("EXPIREAT k 100 GT", arity("expireat"));
        t("PEXPIREAT k 100 LT", arity("pexpireat"));
        t("EXPIRE k 1 2", arity("expire"));
        t("TTL k", ":100\r\n");
        t("EXPIRETIME k", "-ERR unknown command `EXPIRETIME`, with args beginning with: `k`, \r\n");
        t("PEXPIRETIME k", "-ERR unknown command `PEXPIRETIME`, with args beginning with: `k`, \r\n");
        t("EXPIRETIME", "-ERR unknown command `EXPIRETIME`, with args beginning with: \r\n");
        t("EXPIRE nokey 9223372036854775807", "-ERR invalid expire time in expire\r\n");
        t("PEXPIRE nokey 9223372036854775807", "-ERR invalid expire time in pexpire\r\n");
        t("EXPIREAT nokey 9223372036854775807", "-ERR invalid expire time in expireat\r\n");
        t("EXPIRE nokey abc", NO_INT);
        t("EXPIRE k 0", ONE);
        t("EXISTS k", ZERO);
    }

    // ---- KEYS, SCAN -----------------------------------------------------------------------------------

    @Test
    void keysPatterns() {
        t("KEYS", arity("keys"));
        t("KEYS *", "*0\r\n");
        t("SET k v", OK);
        t("KEYS *", "*1\r\n$1\r\nk\r\n");
        t("KEYS k", "*1\r\n$1\r\nk\r\n");
        t("KEYS x*", "*0\r\n");
        t("SET \"\" empty", OK);
        t("KEYS **", "*1\r\n$1\r\nk\r\n"); // stringmatchlen never matches the empty key…
        assertEquals(Set.of("", "k"), keysOf(h.run("KEYS *"))); // …but "*" lists everything
        assertEquals(Set.of("", "k"), scanKeys(h.run("SCAN 0 MATCH *")));
        assertEquals(Set.of("k"), scanKeys(h.run("SCAN 0 MATCH **")));
    }

    /** The bulk strings of a KEYS reply. */
    private static Set<String> keysOf(String resp) {
        return bulks(resp, 0);
    }

    /** The keys of a SCAN reply (after the cursor). */
    private static Set<String> scanKeys(String resp) {
        return bulks(resp, 3);
    }

    private static Set<String> bulks(String resp, int skip) {
        List<String> lines = new ArrayList<>(Arrays.asList(resp.split("\r\n", -1)));
        lines = lines.subList(skip, lines.size());
        Set<String> out = new HashSet<>();
        for (int i = 1; i + 1 < lines.size(); i += 2) {
            assertTrue(lines.get(i).startsWith("$"), resp);
            out.add(lines.get(i + 1));
        }
        return out;
    }

    @Test
    void scanCursorParsing() {
        for (String bad : List.of("abc", "\" 5\"", "\"\\t5\"", "5abc", "\"5 \"", "0x10", "1.5", "18446744073709551616",
                "-18446744073709551616", "-", "+", "+-1", "\"+ 1\"")) {
            t("SCAN " + bad, BAD_CURSOR);
        }
        String empty = "*2\r\n$1\r\n0\r\n*0\r\n";
        for (String ok : List.of("0", "\"\"", "-1", "18446744073709551615", "-18446744073709551615", "+5", "05", "-0",
                "\"7\\x00junk\"", "\"\\x00\"")) {
            t("SCAN " + ok, empty);
        }
        assertEquals(0L, parse("\"\""));
        assertEquals(-1L, parse("-1"));
        assertEquals(1L, parse("-18446744073709551615"));
        assertEquals(Long.MIN_VALUE, parse("-9223372036854775808"));
        assertEquals(Long.MIN_VALUE, parse("9223372036854775808"));
        assertEquals(7L, parse("\"7\\x00junk\""));
        assertEquals(5L, parse("+05"));
    }

    private static long parse(String arg) {
        try {
            return KeyCommands.parseScanCursor(EngineHarness.parse("SCAN " + arg)[1]);
        } catch (CommandException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void scanOptions() {
        t("SCAN", arity("scan"));
        t("SCAN 0 COUNT 0", SYNTAX);
        t("SCAN 0 COUNT -1", SYNTAX);
        t("SCAN 0 COUNT abc", NO_INT);
        t("SCAN 0 COUNT", SYNTAX);
        t("SCAN 0 MATCH", SYNTAX);
        t("SCAN 0 TYPE", SYNTAX);
        t("SCAN 0 foo", SYNTAX);
        t("SCAN 0 foo bar", SYNTAX);
        t("SCAN abc COUNT 0", BAD_CURSOR);
        t("SCAN 0 COUNT 0 MATCH", SYNTAX);
        t("SCAN 0 MATCH * COUNT 0", SYNTAX);
        t("SCAN 0 COUNT 9223372036854775808", NO_INT);
        t("SCAN 0 COUNT 9223372036854775807", "*2\r\n$1\r\n0\r\n*0\r\n");
        t("SET k v", OK);
        t("SCAN 0 COUNT 100", "*2\r\n$1\r\n0\r\n*1\r\n$1\r\nk\r\n");
        t("SCAN 0 COUNT 9223372036854775807", "*2\r\n$1\r\n0\r\n*1\r\n$1\r\nk\r\n");
        t("SCAN 0 TYPE STRING", "*2\r\n$1\r\n0\r\n*1\r\n$1\r\nk\r\n");
        t("SCAN 0 TYPE \"string\\x00junk\"", "*2\r\n$1\r\n0\r\n*1\r\n$1\r\nk\r\n"); // strcasecmp
        t("SCAN 0 TYPE none", "*2\r\n$1\r\n0\r\n*0\r\n");
        t("SCAN 0 TYPE zset", "*2\r\n$1\r\n0\r\n*0\r\n");
        t("SCAN 0 TYPE foo", "*2\r\n$1\r\n0\r\n*0\r\n");
        t("SCAN 0 MATCH k* COUNT 100 MATCH x*", "*2\r\n$1\r\n0\r\n*0\r\n");
        t("SCAN 0 match K*", "*2\r\n$1\r\n0\r\n*0\r\n");
        t("SCAN 0 MATCH k", "*2\r\n$1\r\n0\r\n*1\r\n$1\r\nk\r\n");
    }

    @Test
    void scanIteratesEverythingWithSmallCounts() {
        for (int i = 0; i < 500; i++) h.run("SET key:" + i + " v");
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int calls = 0;
        do {
            String r = h.run("SCAN " + cursor + " COUNT 7 MATCH key:1*");
            String[] parts = r.split("\r\n");
            cursor = parts[2];
            seen.addAll(scanKeys(r));
            // Grow the table in the middle of the scan: keys present throughout must still come back.
            if (++calls == 10) for (int i = 500; i < 2000; i++) h.run("SET other:" + i + " v");
            if (calls == 40) for (int i = 500; i < 2000; i++) h.run("DEL other:" + i);
        } while (!cursor.equals("0"));
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 500; i++) if (String.valueOf(i).startsWith("1")) expected.add("key:" + i);
        assertEquals(expected, seen);
    }

    @Test
    void scanSkipsKeysExpiringMidScan() {
        for (int i = 0; i < 100; i++) h.run("SET key:" + i + " v");
        for (int i = 0; i < 50; i++) h.run("PEXPIRE key:" + i + " 10");
        h.time.advance(Duration.ofMillis(10));
        Set<String> seen = scanKeys(h.run("SCAN 0 COUNT 1000"));
        assertEquals(50, seen.size());
        for (int i = 50; i < 100; i++) assertTrue(seen.contains("key:" + i));
    }

    @Test
    void scanResp3IsTheSameShape() {
        h.session.proto = 3; // as after HELLO 3 (real 7.0.15 / 6.2.7 replies below)
        t("SET k v", OK);
        t("SCAN 0", "*2\r\n$1\r\n0\r\n*1\r\n$1\r\nk\r\n");
        t("KEYS *", "*1\r\n$1\r\nk\r\n");
        t("TYPE k", "+string\r\n");
        t("DEL k", ONE);
        t("RANDOMKEY", "_\r\n");
    }

    // ---- RENAME, MOVE, COPY -------------------------------------------------------------------------------

    @Test
    void renameKeepsTtlAndReplacesTheDestination() {
        t("SET k v", OK);
        t("RENAME k k", OK);
        t("RENAMENX k k", ZERO);
        t("RENAME nokey nokey", "-ERR no such key\r\n");
        t("RENAMENX nokey k", "-ERR no such key\r\n");
        t("RENAME nokey other", "-ERR no such key\r\n");
        t("EXPIRE k 1000", ONE);
        t("RENAME k k2", OK);
        t("TTL k2", ":1000\r\n");
        t("EXISTS k", ZERO);
        t("SET k3 v3", OK);
        t("RENAMENX k2 k3", ZERO);
        t("RENAMENX k2 k4", ONE);
        t("TTL k4", ":1000\r\n");
        t("SET k5 x", OK);
        t("EXPIRE k5 5000", ONE);
        t("RENAME k3 k5", OK);
        t("TTL k5", ":-1\r\n");
        t("GET k5", "$2\r\nv3\r\n");
        t("RENAME a", arity("rename"));
        t("RENAMENX a b c", arity("renamenx"));
    }

    @Test
    void renameTouchesBothKeysForWatch() {
        Session other = h.newSession();
        t("SET a 1", OK);
        t("WATCH b", OK);
        assertEquals(OK, h.run(other, "RENAME a b"));
        t("MULTI", OK);
        t("PING", "+QUEUED\r\n");
        t("EXEC", "*-1\r\n");
        t("WATCH b", OK);
        assertEquals(OK, h.run(other, "RENAME b c"));
        t("MULTI", OK);
        t("PING", "+QUEUED\r\n");
        t("EXEC", "*-1\r\n");
    }

    @Test
    void moveErrorsAndSuccess() {
        t("SET k v", OK);
        t("MOVE k 16", "-ERR DB index is out of range\r\n");
        t("MOVE k -1", "-ERR DB index is out of range\r\n");
        t("MOVE k abc", NO_INT);
        t("MOVE k 2147483648", "-ERR value is out of range, value must between -2147483648 and 2147483647\r\n");
        t("MOVE k -2147483649", "-ERR value is out of range, value must between -2147483648 and 2147483647\r\n");
        t("MOVE k 99999999999999999999", NO_INT);
        t("MOVE nokey 0", "-ERR source and destination objects are the same\r\n");
        t("MOVE k 0", "-ERR source and destination objects are the same\r\n");
        t("MOVE nokey 1", ZERO);
        t("PEXPIRE k 100000", ONE);
        t("MOVE k 1", ONE);
        t("EXISTS k", ZERO);
        t("SELECT 1", OK);
        t("PTTL k", ":100000\r\n");
        t("SET k other", OK);
        t("SELECT 0", OK);
        t("SET k again", OK);
        t("MOVE k 1", ZERO); // present in the target
        t("GET k", "$5\r\nagain\r\n");
        t("MOVE", arity("move"));
    }

    @Test
    void copyOptionsAndSemantics() {
        t("SET k v", OK);
        t("COPY k k", "-ERR source and destination objects are the same\r\n");
        t("COPY k k DB 0", "-ERR source and destination objects are the same\r\n");
        t("COPY k k2 DB 16", "-ERR DB index is out of range\r\n");
        t("COPY k k2 DB abc", NO_INT);
        t("COPY k k2 DB 2147483648", "-ERR value is out of range, value must between -2147483648 and 2147483647\r\n");
        t("COPY k k2 DB", SYNTAX);
        t("COPY k k2 foo", SYNTAX);
        t("COPY k k2 DB 16 foo", "-ERR DB index is out of range\r\n");
        t("COPY k k2 foo DB 16", SYNTAX);
        t("COPY nokey nokey", "-ERR source and destination objects are the same\r\n");
        t("COPY nokey k2", ZERO);
        t("COPY k k2", ONE);
        t("COPY k k2", ZERO);
        t("COPY k k2 REPLACE", ONE);
        t("COPY k k2 replace REPLACE", ONE);
        t("GET k2", "$1\r\nv\r\n");
        t("COPY k", arity("copy"));
        // The copy keeps the deadline and is independent of the source.
        t("PEXPIRE k 5000", ONE);
        t("COPY k k3 DB 3", ONE);
        t("COPY k k DB 3", ONE);
        t("SET k changed", OK);
        t("SELECT 3", OK);
        t("PTTL k3", ":5000\r\n");
        t("GET k", "$1\r\nv\r\n");
        t("GET k3", "$1\r\nv\r\n");
    }

    // ---- RANDOMKEY, DBSIZE, FLUSHDB, FLUSHALL -----------------------------------------------------------

    @Test
    void flushAndCounts() {
        t("FLUSHDB foo", SYNTAX);
        t("FLUSHDB sync async", SYNTAX);
        t("FLUSHALL x", SYNTAX);
        t("FLUSHALL ASYNC SYNC", SYNTAX);
        t("FLUSHALL sync async", SYNTAX);
        t("RANDOMKEY", "$-1\r\n");
        t("DBSIZE", ZERO);
        t("SET k v", OK);
        t("RANDOMKEY", "$1\r\nk\r\n");
        t("DBSIZE", ONE);
        t("FLUSHDB ASYNC", OK);
        t("DBSIZE", ZERO);
        t("SET k v", OK);
        t("FLUSHDB SYNC", OK);
        t("DBSIZE", ZERO);
        t("SET k v", OK);
        t("FLUSHDB", OK);
        t("DBSIZE", ZERO);
        t("RANDOMKEY x", arity("randomkey"));
        t("DBSIZE x", arity("dbsize"));
        t("SET a 1", OK);
        t("SELECT 5", OK);
        t("SET b 1", OK);
        t("FLUSHDB", OK);
        t("SELECT 0", OK);
        t("DBSIZE", ONE);
        t("SELECT 5", OK);
        t("SET b 1", OK);
        t("FLUSHALL", OK);
        t("DBSIZE", ZERO);
        t("SELECT 0", OK);
        t("DBSIZE", ZERO);
    }

    @Test
    void flushInvalidatesWatchOnlyForKeysThatExist() {
        // Real 7.0.15 and 6.2.7: WATCH absent key + FLUSHDB → EXEC runs; WATCH present key → nil.
        Session other = h.newSession();
        t("WATCH w", OK);
        assertEquals(OK, h.run(other, "FLUSHDB"));
        t("MULTI", OK);
        t("PING", "+QUEUED\r\n");
        t("EXEC", "*1\r\n+PONG\r\n");
        assertEquals(OK, h.run(other, "SET w 1"));
        t("WATCH w", OK);
        assertEquals(OK, h.run(other, "FLUSHALL"));
        t("MULTI", OK);
        t("PING", "+QUEUED\r\n");
        t("EXEC", "*-1\r\n");
    }

    @Test
    void randomKeyReturnsOnlyLiveKeys() {
        for (int i = 0; i < 200; i++) h.run("SET key:" + i + " v");
        for (int i = 0; i < 199; i++) h.run("PEXPIRE key:" + i + " 5");
        h.time.advance(Duration.ofMillis(5));
        t("RANDOMKEY", "$7\r\nkey:199\r\n");
        Set<String> seen = new HashSet<>();
        h = harness(Dialect.REDIS_7_0);
        for (int i = 0; i < 4; i++) h.run("SET key:" + i + " v");
        for (int i = 0; i < 200; i++) seen.add(h.run("RANDOMKEY"));
        assertEquals(4, seen.size());
    }

    @Test
    void keyPositionMetadataForCommandInfo() {
        CommandTable t = h.engine.table();
        assertEquals(List.of(0, 0, 0), keySpec(t, "keys"));
        assertEquals(List.of(0, 0, 0), keySpec(t, "scan"));
        assertEquals(List.of(1, -1, 1), keySpec(t, "del"));
        assertEquals(List.of(1, 2, 1), keySpec(t, "rename"));
        assertEquals(List.of(1, 2, 1), keySpec(t, "copy"));
        assertEquals(List.of(1, 1, 1), keySpec(t, "move"));
        assertEquals(-3, t.lookup("expire").arity());
        assertEquals(3, new EngineHarness(Dialect.REDIS_6_2, null).engine.table().lookup("expire").arity());
    }

    private static List<Integer> keySpec(CommandTable t, String name) {
        CommandSpec s = t.lookup(name);
        return List.of(s.firstKey(), s.lastKey(), s.keyStep());
    }
}
