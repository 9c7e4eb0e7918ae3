package io.redisdouble.command;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SWAPDB, WAIT / WAITAOF, SLOWLOG and the catalog's unimplemented commands on the Engine, with the manual
 * clock. Replies whose bytes real Redis fixes are in conformance/introspection.txt; here: what needs
 * virtual time, several clients or the memory accounting.
 */
class IntrospectionCommandsTest {

    @Test
    void swapdbKeepsTheMemoryAccountingConsistent() {
        EngineHarness h = new EngineHarness();
        h.run("CONFIG SET maxmemory 100mb");
        h.runAll("SET a 1", "RPUSH l x y z", "SELECT 1", "SET b 22222222222222222222222222", "HSET h f v", "SELECT 0");
        long before = h.engine.keyspace().memory().used();
        assertTrue(before > 0);
        assertEquals("+OK\r\n", h.run("SWAPDB 0 1"));
        assertEquals(before, h.engine.keyspace().memory().used());
        assertEquals(":2\r\n", h.run("DBSIZE"));
        // each key gives its own figure back from the database it now lives in
        h.run("DEL b h");
        h.run("SELECT 1");
        h.run("DEL a l");
        h.engine.keyspace().memory().settle();
        assertEquals(0, h.engine.keyspace().memory().used());
    }

    @Test
    void swapdbServesAClientBlockedOnAKeyTheOtherDatabaseHas() {
        EngineHarness h = new EngineHarness();
        Session waiter = h.newSession();
        assertNull(h.run(waiter, "BLPOP q 0"));
        h.runAll("SELECT 3", "RPUSH q item", "SELECT 0");
        assertEquals("+OK\r\n", h.run("SWAPDB 3 0"));
        assertEquals(1, h.pushed.size());
        assertEquals("*2\r\n$1\r\nq\r\n$4\r\nitem\r\n", io.redisdouble.util.Bytes.str(
                io.redisdouble.resp.RespEncoder.toBytes(h.pushed.get(0), waiter.proto(), h.engine.dialect())));
    }

    @Test
    void waitBlocksUntilItsTimeoutOnTheServerClock() {
        EngineHarness h = new EngineHarness();
        assertNull(h.run("WAIT 1 100"));
        h.advance(Duration.ofMillis(99));
        assertTrue(h.pushed.isEmpty());
        h.advance(Duration.ofMillis(1));
        assertEquals(1, h.pushed.size());
        assertEquals(":0\r\n", io.redisdouble.util.Bytes.str(
                io.redisdouble.resp.RespEncoder.toBytes(h.pushed.get(0), h.session.proto(), h.engine.dialect())));
        assertEquals(":0\r\n", h.run("WAIT 0 0"));
    }

    @Test
    void waitaofWithReplicasBlocksAndAnswersNoAcks() {
        EngineHarness h = new EngineHarness(io.redisdouble.dialect.Dialect.REDIS_7_2, null);
        assertNull(h.run("WAITAOF 0 1 50"));
        h.advance(Duration.ofMillis(50));
        assertEquals(1, h.pushed.size());
        assertEquals("*2\r\n:0\r\n:0\r\n", io.redisdouble.util.Bytes.str(
                io.redisdouble.resp.RespEncoder.toBytes(h.pushed.get(0), h.session.proto(), h.engine.dialect())));
    }

    /** slowlogCreateEntry: at most 32 arguments (the last says how many more), strings cut at 128 bytes. */
    @Test
    void slowlogTrimsArgumentsAsRedisDoes() {
        EngineHarness h = new EngineHarness();
        h.run("CONFIG SET slowlog-log-slower-than 0");
        h.run("SLOWLOG RESET");
        StringBuilder cmd = new StringBuilder("RPUSH k");
        for (int i = 0; i < 39; i++) cmd.append(' ').append(i);
        h.run(cmd.toString());
        h.run("SET s " + "x".repeat(200));
        h.run("CLIENT SETNAME me");
        h.time.advance(Duration.ofSeconds(5));
        h.run("PING");
        String log = h.run("SLOWLOG GET 4"); // ids: CONFIG SET 0, SLOWLOG RESET 1, RPUSH 2, SET 3, CLIENT 4, PING 5
        assertTrue(log.startsWith("*4\r\n*6\r\n:5\r\n:" + (h.time.currentTimeMillis() / 1000) + "\r\n:"), log);
        assertTrue(log.contains("$4\r\nPING\r\n$15\r\n127.0.0.1:50000\r\n$2\r\nme\r\n"), log);
        assertTrue(log.contains("$" + (128 + 19) + "\r\n" + "x".repeat(128) + "... (72 more bytes)\r\n"), log);
        assertTrue(log.contains("*32\r\n$5\r\nRPUSH\r\n$1\r\nk\r\n"), log);
        // 41 arguments: argv[0..30] kept (argv[30] is "28"), the 32nd says 41 - 32 + 1 more
        assertTrue(log.contains("$2\r\n28\r\n$23\r\n... (10 more arguments)\r\n$15\r\n127.0.0.1:50000\r\n$0\r\n\r\n"), log);
        assertEquals(":6\r\n", h.run("SLOWLOG LEN")); // SLOWLOG RESET and GET are logged too
        h.run("CONFIG SET slowlog-max-len 2");
        h.run("GET s");
        assertEquals(":2\r\n", h.run("SLOWLOG LEN"));
    }

    @Test
    void catalogCommandsWithoutAnImplementationSayWhichOne() {
        EngineHarness h = new EngineHarness();
        assertEquals("-ERR redis-double does not implement 'role' yet\r\n", h.run("ROLE"));
        assertEquals("-ERR redis-double does not implement 'module list' yet\r\n", h.run("MODULE LIST"));
        assertEquals("-ERR wrong number of arguments for 'cluster|countkeysinslot' command\r\n", h.run("CLUSTER COUNTKEYSINSLOT"));
        assertTrue(h.run("NOSUCH").startsWith("-ERR unknown command 'NOSUCH'"));
    }

    /**
     * replicationFeedMonitors' line, as real 7.0.15 printed it for the same commands (by hand: redis-cli
     * MONITOR): time from the server clock, the db after the command, sdscatrepr quoting, AUTH redacted,
     * a script before its commands; the monitor's own commands answered, keyspace ones refused, until RESET.
     */
    @Test
    void monitorLinesFollowTheServerClock() {
        EngineHarness h = new EngineHarness();
        Session mon = h.newSession();
        assertEquals("+OK\r\n", h.run(mon, "MONITOR"));
        h.time.advance(Duration.ofNanos(1_234_000));
        h.run("SET \"a b\" \"x\\\"y\\n\\xff\"");
        h.run("AUTH secret");
        h.run("SELECT 3");
        h.run("EVAL \"return redis.call('get','k')\" 0");
        h.run("CONFIG GET maxmemory"); // admin: not shown
        long s = h.time.currentTimeMillis() / 1000;
        // the monitor's own command: its reply, then its line; keyspace commands are refused (a replica)
        assertEquals("+PONG\r\n+" + s + ".001234 [0 127.0.0.1:50000] \"PING\"\r\n", h.run(mon, "PING"));
        assertEquals("-ERR Replica can't interact with the keyspace\r\n", h.run(mon, "GET a"));
        java.util.List<String> lines = new java.util.ArrayList<>();
        for (var r : h.pushed) lines.add(io.redisdouble.util.Bytes.str(io.redisdouble.resp.RespEncoder.toBytes(r, 2, h.engine.dialect())));
        assertEquals(java.util.List.of(
                "+" + s + ".001234 [0 127.0.0.1:50000] \"SET\" \"a b\" \"x\\\"y\\n\\xff\"\r\n",
                "+" + s + ".001234 [0 127.0.0.1:50000] \"AUTH\" \"(redacted)\"\r\n",
                "+" + s + ".001234 [3 127.0.0.1:50000] \"SELECT\" \"3\"\r\n",
                "+" + s + ".001234 [3 127.0.0.1:50000] \"EVAL\" \"return redis.call('get','k')\" \"0\"\r\n",
                "+" + s + ".001234 [3 lua] \"get\" \"k\"\r\n"), lines);
        assertEquals("+RESET\r\n", h.run(mon, "RESET"));
        assertEquals("+PONG\r\n", h.run(mon, "PING"));
    }

    private static String text(EngineHarness h, io.redisdouble.resp.Reply r) {
        return io.redisdouble.util.Bytes.str(io.redisdouble.resp.RespEncoder.toBytes(r, 2, h.engine.dialect()));
    }

    /** pauseClients / processCommand: WRITE postpones writes only, until the end on the server clock. */
    @Test
    void clientPauseWritePostponesWritesUntilItEnds() {
        EngineHarness h = new EngineHarness();
        Session other = h.newSession();
        h.run("SET k v");
        h.run("PEXPIRE k 50");
        assertEquals("+OK\r\n", h.run("CLIENT PAUSE 100 WRITE"));
        assertEquals("$1\r\nv\r\n", h.run(other, "GET k"));
        assertNull(h.run(other, "SET k w"));
        assertTrue(other.isBlocked());
        h.advance(Duration.ofMillis(60)); // active expiry is suspended by the pause
        assertTrue(h.pushed.isEmpty());
        assertEquals(1, h.engine.keyspace().db(0).size());
        h.advance(Duration.ofMillis(40));
        assertEquals(java.util.List.of("+OK\r\n"), h.pushed.stream().map(r -> text(h, r)).toList());
        assertTrue(!other.isBlocked());
        assertEquals("$1\r\nw\r\n", h.run("GET k"));
    }

    @Test
    void clientUnpauseReleasesWritesAtOnce() {
        EngineHarness h = new EngineHarness();
        Session a = h.newSession();
        assertEquals("+OK\r\n", h.run("CLIENT PAUSE 100000 WRITE"));
        assertNull(h.run(a, "INCR n"));
        assertEquals("+OK\r\n", h.run("CLIENT UNPAUSE"));
        assertEquals(java.util.List.of(":1\r\n"), h.pushed.stream().map(r -> text(h, r)).toList());
    }

    @Test
    void clientPauseAllPostponesEveryCommandInOrder() {
        EngineHarness h = new EngineHarness();
        Session a = h.newSession(), b = h.newSession();
        assertEquals("-ERR CLIENT PAUSE mode must be WRITE or ALL\r\n", h.run("CLIENT PAUSE 10 BOTH"));
        assertEquals("-ERR timeout is negative\r\n", h.run("CLIENT PAUSE -1"));
        assertEquals("-ERR timeout is not an integer or out of range\r\n", h.run("CLIENT PAUSE x"));
        assertEquals("+OK\r\n", h.run("CLIENT PAUSE 100000 ALL"));
        assertNull(h.run(a, "RPUSH l 1"));
        assertNull(h.run(b, "LLEN l"));
        // the pausing client is paused too (ALL): its UNPAUSE waits; a pause only ends by time then
        assertNull(h.run("CLIENT UNPAUSE"));
        h.advance(Duration.ofSeconds(100));
        assertEquals(java.util.List.of(":1\r\n", ":1\r\n", "+OK\r\n"), h.pushed.stream().map(r -> text(h, r)).toList());
    }
}
