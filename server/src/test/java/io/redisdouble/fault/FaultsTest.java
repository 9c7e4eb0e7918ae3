package io.redisdouble.fault;

import io.redisdouble.RedisDouble;
import io.redisdouble.testing.RawRedisClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults on demand, server side, over raw sockets: which requests a rule matches, what each kind does to
 * the bytes a client receives, and the log of firings. (Real clients' reactions: client-tests'
 * FaultsJedisTest / FaultsLettuceTest; error texts against real Redis: RedisErrorTextsTest.)
 */
class FaultsTest {
    static RedisDouble redis;
    static Faults faults;

    @BeforeAll
    static void start() {
        redis = RedisDouble.builder().start();
        faults = redis.faults();
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    @BeforeEach
    void reset() {
        redis.reset();
    }

    RawRedisClient client() {
        return new RawRedisClient(redis.host(), redis.port());
    }

    static String s(byte[] reply) {
        return new String(reply, StandardCharsets.UTF_8);
    }

    static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void errorForTheNextNMatchingCommandsThenThroughAgain() {
        redis.set("k", "v");
        FaultRule r = faults.when(Match.command("GET")).times(2).replyError(RedisError.LOADING);
        try (RawRedisClient c = client()) {
            assertEquals("-LOADING Redis is loading the dataset in memory\r\n", s(c.call("GET", "k")));
            assertEquals("+PONG\r\n", s(c.call("PING"))); // not matched
            assertEquals("-LOADING Redis is loading the dataset in memory\r\n", s(c.call("get", "k")));
            assertEquals("$1\r\nv\r\n", s(c.call("GET", "k")));
        }
        assertEquals(2, r.fired());
        assertEquals(0, r.remaining());
        assertEquals(List.of("GET k", "get k"), r.events().stream().map(e -> String.join(" ", e.command())).toList());
    }

    @Test
    void anErrorLineIsSentAsGivenAndTheCommandIsNotRun() {
        faults.when(Match.command("SET")).replyError("CUSTOM something broke");
        try (RawRedisClient c = client()) {
            assertEquals("-CUSTOM something broke\r\n", s(c.call("SET", "k", "v")));
        }
        assertNull(redis.get("k"));
        assertThrows(IllegalArgumentException.class, () -> faults.when(Match.any()).replyError("two\r\nlines"));
        assertThrows(IllegalArgumentException.class, () -> faults.when(Match.any()).replyError("-ERR doubled dash"));
    }

    @Test
    void matchByKeyPatternLooksAtEveryKeyOfTheRequest() {
        faults.when(Match.any().key("lock:*")).replyError(RedisError.READONLY);
        String readonly = "-READONLY You can't write against a read only replica.\r\n";
        try (RawRedisClient c = client()) {
            assertEquals("+OK\r\n", s(c.call("SET", "other", "1")));
            assertEquals(readonly, s(c.call("SET", "lock:a", "1")));
            assertEquals(readonly, s(c.call("MSET", "x", "1", "lock:b", "2"))); // the second key
            assertEquals(readonly, s(c.call("EVAL", "return 1", "1", "lock:c"))); // keys of a script
            assertEquals(":1\r\n", s(c.call("EVAL", "return 1", "1", "free"))); // "lock:c" only as an argument: not a key
            assertEquals("$1\r\n1\r\n", s(c.call("GET", "other")));
        }
        assertNull(redis.get("lock:a"));
        assertNull(redis.get("x"));
    }

    @Test
    void matchBySubcommandClientNameAddressAndId() throws Exception {
        try (RawRedisClient a = client(); RawRedisClient b = client()) {
            assertEquals("+OK\r\n", s(a.call("CLIENT", "SETNAME", "worker-1")));
            long idB = Long.parseLong(s(b.call("CLIENT", "ID")).substring(1).trim());
            try (FaultRule r = faults.when(Match.command("CLIENT|GETNAME")).replyError(RedisError.OOM)) {
                assertEquals("-OOM command not allowed when used memory > 'maxmemory'.\r\n", s(a.call("CLIENT", "GETNAME")));
                assertEquals(":" + idB + "\r\n", s(b.call("CLIENT", "ID")));
            }
            try (FaultRule r = faults.when(Match.any().clientName("worker-*")).replyError(RedisError.MASTERDOWN)) {
                assertEquals("-MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.\r\n", s(a.call("PING")));
                assertEquals("+PONG\r\n", s(b.call("PING"))); // unnamed
                assertEquals(1, r.events().size());
                FaultEvent e = r.events().get(0);
                assertEquals("worker-1", e.clientName());
                assertEquals("127.0.0.1:" + a.localPort(), e.clientAddress());
                assertEquals(FaultRule.Kind.ERROR, e.kind());
            }
            try (FaultRule r = faults.when(Match.any().clientAddress("*:" + b.localPort())).replyError(RedisError.TRYAGAIN)) {
                assertEquals("+PONG\r\n", s(a.call("PING")));
                assertEquals("-TRYAGAIN Multiple keys request during rehashing of slot\r\n", s(b.call("PING")));
            }
            try (FaultRule r = faults.when(Match.any().clientId(idB)).replyError(RedisError.BUSY)) {
                assertEquals("+PONG\r\n", s(a.call("PING")));
                assertEquals("-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n", s(b.call("PING")));
                assertEquals(idB, r.events().get(0).clientId());
            }
            assertEquals("+PONG\r\n", s(b.call("PING"))); // every rule closed
            assertTrue(faults.rules().isEmpty());
        }
    }

    @Test
    void theFirstMatchingRuleWithFiringsLeftHandlesARequest() {
        FaultRule first = faults.when(Match.command("GET")).once().replyError("FIRST x");
        FaultRule second = faults.when(Match.any()).times(2).replyError("SECOND x");
        try (RawRedisClient c = client()) {
            assertEquals("-FIRST x\r\n", s(c.call("GET", "k")));
            assertEquals("-SECOND x\r\n", s(c.call("GET", "k")));
            assertEquals("-SECOND x\r\n", s(c.call("PING")));
            assertEquals("+PONG\r\n", s(c.call("PING")));
        }
        List<FaultEvent> log = faults.log();
        assertEquals(3, log.size());
        assertEquals(List.of(first, second, second), log.stream().map(FaultEvent::rule).toList());
        assertEquals(List.of(1L, 2L, 3L), log.stream().map(FaultEvent::seq).toList());
        assertFalse(log.get(1).at().isBefore(log.get(0).at()));
        faults.clear();
        assertTrue(faults.log().isEmpty());
        assertTrue(first.isRemoved() && second.isRemoved());
    }

    @Test
    void delayedRepliesKeepTheirOrderAndOtherClientsAreServedMeanwhile() throws Exception {
        Duration d = Duration.ofMillis(400);
        FaultRule r = faults.when(Match.command("GET")).delayReplies(d);
        try (RawRedisClient a = client(); RawRedisClient b = client()) {
            long t0 = System.nanoTime();
            a.sendRaw(RawRedisClient.encodeCommand(RawRedisClient.argv("GET", "k")));
            a.sendRaw(RawRedisClient.encodeCommand(RawRedisClient.argv("PING")));
            assertTrue(r.awaitFired(1, WAIT));
            assertEquals("+PONG\r\n", s(b.call("PING"))); // not held up by a's delay
            long bAnswered = System.nanoTime() - t0;
            assertEquals("$-1\r\n", s(a.readReply()));
            long aAnswered = System.nanoTime() - t0;
            assertEquals("+PONG\r\n", s(a.readReply())); // cannot overtake the delayed reply
            assertTrue(aAnswered >= d.toNanos(), "delayed reply after " + aAnswered / 1_000_000 + " ms");
            assertTrue(bAnswered < aAnswered, "b " + bAnswered + " a " + aAnswered);
        }
    }

    @Test
    void closeBeforeRunDoesNotRunTheCommandAndEarlierRepliesArrive() {
        faults.when(Match.command("SET")).once().closeBeforeRun();
        try (RawRedisClient c = client()) {
            c.sendRaw(RawRedisClient.encodeCommand(RawRedisClient.argv("PING")));
            c.sendRaw(RawRedisClient.encodeCommand(RawRedisClient.argv("SET", "k", "v")));
            assertEquals("+PONG\r\n", s(c.readReply()));
            assertTrue(c.isClosedByPeer(WAIT));
        }
        assertNull(redis.get("k"));
        try (RawRedisClient c = client()) {
            assertEquals("+OK\r\n", s(c.call("SET", "k", "v"))); // once: used up
        }
    }

    @Test
    void closeAfterRunWritesButLosesTheReply() {
        FaultRule r = faults.when(Match.command("SET")).once().closeAfterRun();
        try (RawRedisClient c = client()) {
            c.sendRaw(RawRedisClient.encodeCommand(RawRedisClient.argv("SET", "k", "v")));
            UncheckedIOException e = assertThrows(UncheckedIOException.class, c::readReply);
            assertTrue(e.getMessage().contains("before any reply"), e.getMessage());
        }
        assertEquals("v", redis.get("k"));
        assertEquals(FaultRule.Kind.CLOSE_AFTER, r.events().get(0).kind());
    }

    @Test
    void stallHoldsRequestsAndRepliesUntilTheRuleIsRemoved() throws Exception {
        try (RawRedisClient a = client(); RawRedisClient b = client()) {
            a.call("CLIENT", "SETNAME", "partitioned");
            FaultRule r = faults.when(Match.any().clientName("partitioned")).stall(); // stalls a at once
            assertEquals(1, r.fired());
            a.sendRaw(RawRedisClient.encodeCommand(RawRedisClient.argv("GET", "k")));
            // b is served while a waits; what b writes now is what a's GET sees when it finally runs
            assertEquals("+OK\r\n", s(b.call("SET", "k", "written-during-the-partition")));
            r.remove(); // heal
            assertEquals("$28\r\nwritten-during-the-partition\r\n", s(a.readReply()));
            assertEquals("+PONG\r\n", s(a.call("PING")));
        }
    }

    @Test
    void stallTriggeredByACommandHoldsThatCommandToo() throws Exception {
        FaultRule r = faults.when(Match.command("INCR")).stall();
        try (RawRedisClient a = client(); RawRedisClient b = client()) {
            a.sendRaw(RawRedisClient.encodeCommand(RawRedisClient.argv("INCR", "n")));
            a.sendRaw(RawRedisClient.encodeCommand(RawRedisClient.argv("GET", "n")));
            assertTrue(r.awaitFired(1, WAIT));
            assertEquals("$-1\r\n", s(b.call("GET", "n"))); // not run yet
            assertEquals("+OK\r\n", s(b.call("SET", "n", "41")));
            r.remove();
            assertEquals(":42\r\n", s(a.readReply()));
            assertEquals("$2\r\n42\r\n", s(a.readReply()));
        }
        assertEquals(List.of("INCR", "n"), r.events().get(0).command());
    }

    @Test
    void aStalledSubscriberGetsItsMessagesAfterTheHeal() throws Exception {
        try (RawRedisClient sub = client(); RawRedisClient pub = client()) {
            sub.call("SUBSCRIBE", "ch");
            try (FaultRule r = faults.when(Match.any().clientAddress("*:" + sub.localPort())).stall()) {
                assertEquals(":1\r\n", s(pub.call("PUBLISH", "ch", "hello")));
            }
            assertEquals("*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$5\r\nhello\r\n", s(sub.readReply()));
        }
    }

    @Test
    void refusedConnectionsAreResetAndLogged() throws Exception {
        FaultRule r = faults.when(Match.any().clientAddress("127.0.0.1:*")).once().refuseConnections();
        assertThrows(UncheckedIOException.class, () -> {
            try (RawRedisClient c = client()) {
                c.call("PING");
            }
        });
        assertEquals(1, r.fired());
        FaultEvent e = r.events().get(0);
        assertEquals(FaultRule.Kind.REFUSE, e.kind());
        assertEquals(0, e.clientId());
        assertTrue(e.clientAddress().startsWith("127.0.0.1:"), e.clientAddress());
        assertTrue(e.command().isEmpty());
        try (RawRedisClient c = client()) {
            assertEquals("+PONG\r\n", s(c.call("PING"))); // once: the next one is served
        }
        assertThrows(IllegalArgumentException.class, () -> faults.when(Match.command("GET")).refuseConnections());
    }

    @Test
    void theDirectApiIsNeverFaulted() {
        faults.when(Match.any()).replyError(RedisError.LOADING);
        redis.set("k", "v");
        assertEquals("v", redis.get("k"));
        assertTrue(faults.log().isEmpty());
    }

    @Test
    void resetRemovesEveryRule() {
        FaultRule r = faults.when(Match.any()).replyError(RedisError.LOADING);
        redis.reset();
        assertTrue(r.isRemoved());
        try (RawRedisClient c = client()) {
            assertEquals("+PONG\r\n", s(c.call("PING")));
        }
    }

    @Test
    void aScriptWhoseReplyIsLostLeavesTheServerServingTheNextScript() {
        String lock = "if redis.call('exists', KEYS[1]) == 0 then redis.call('hincrby', KEYS[1], ARGV[1], 1) return nil end return 1";
        FaultRule r = faults.when(Match.command("EVAL")).once().closeAfterRun();
        try (RawRedisClient a = client()) {
            a.sendRaw(RawRedisClient.encodeCommand(RawRedisClient.argv("EVAL", lock, "1", "rl", "a")));
            assertTrue(a.isClosedByPeer(WAIT));
        }
        assertEquals(1, r.fired());
        try (RawRedisClient b = client()) {
            assertEquals(":1\r\n", s(b.call("EVAL", lock, "1", "rl", "b")));
            assertEquals("+PONG\r\n", s(b.call("PING")));
        }
    }
}
