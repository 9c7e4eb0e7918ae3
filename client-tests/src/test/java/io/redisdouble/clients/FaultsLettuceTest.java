package io.redisdouble.clients;

import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.RedisReadOnlyException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.redisdouble.RedisDouble;
import io.redisdouble.fault.FaultEvent;
import io.redisdouble.fault.FaultRule;
import io.redisdouble.fault.Faults;
import io.redisdouble.fault.Match;
import io.redisdouble.fault.RedisError;
import io.redisdouble.junit.RedisDoubleTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each fault kind through Lettuce 7 with its defaults (auto-reconnect, at-least-once reliability: commands
 * sent but not answered when a connection drops are sent again on the new one), as an application meets
 * it, with what the server's fault log shows.
 */
@RedisDoubleTest
class FaultsLettuceTest {
    private RedisClient client;

    private RedisCommands<String, String> connect(RedisDouble redis, Duration timeout) {
        RedisURI uri = RedisURI.builder().withHost(redis.host()).withPort(redis.port()).withTimeout(timeout).build();
        client = RedisClient.create(uri);
        StatefulRedisConnection<String, String> c = client.connect();
        return c.sync();
    }

    @AfterEach
    void shutdown() {
        if (client != null) client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    @Test
    void injectedErrorsBecomeLettucesTypedExceptions(RedisDouble redis, Faults faults) {
        RedisCommands<String, String> sync = connect(redis, Duration.ofSeconds(5));
        sync.set("k", "v");
        faults.when(Match.command("GET")).once().replyError(RedisError.LOADING);
        faults.when(Match.command("SET")).once().replyError(RedisError.READONLY);
        faults.when(Match.command("EVAL")).once().replyError(RedisError.BUSY);
        RedisLoadingException loading = assertThrows(RedisLoadingException.class, () -> sync.get("k"));
        assertEquals("LOADING Redis is loading the dataset in memory", loading.getMessage());
        assertThrows(RedisReadOnlyException.class, () -> sync.set("k", "w"));
        assertThrows(RedisBusyException.class, () -> sync.eval("return 1", io.lettuce.core.ScriptOutputType.INTEGER));
        assertEquals("v", sync.get("k")); // errors are answers: no retry, no reconnect, the value unchanged
        assertEquals(3, faults.log().size());
    }

    @Test
    void aDelayPastTheTimeoutFailsTheCallAndTheLateReplyIsDiscarded(RedisDouble redis, Faults faults) {
        RedisCommands<String, String> sync = connect(redis, Duration.ofMillis(300));
        FaultRule slow = faults.when(Match.command("SET")).once().delayReplies(Duration.ofMillis(2000));
        assertThrows(RedisCommandTimeoutException.class, () -> sync.set("k", "v"));
        assertEquals("v", redis.get("k")); // the write ran; its reply was late
        // A GET sent now waits behind the late reply on this connection (head-of-line): it times out too.
        assertThrows(RedisCommandTimeoutException.class, () -> sync.get("k"));
        // The late +OK reaches the timed-out SET, not a later command: once it is in, GET answers "v".
        assertEquals("v", waitFor(() -> getUnlessTimedOut(sync, "k"), "v"));
        assertEquals(1, slow.fired());
    }

    @Test
    void closeBeforeRunIsResentAfterTheReconnect(RedisDouble redis, Faults faults) {
        RedisCommands<String, String> sync = connect(redis, Duration.ofSeconds(10));
        redis.set("k", "v");
        long before = sync.clientId();
        FaultRule drop = faults.when(Match.command("GET")).once().closeBeforeRun();
        assertEquals("v", sync.get("k")); // dropped, reconnected, sent again
        assertNotEquals(before, sync.clientId()); // a new connection
        assertEquals(1, drop.fired());
    }

    @Test
    void aLostReplyMakesLettuceRunAWriteTwice(RedisDouble redis, Faults faults) {
        RedisCommands<String, String> sync = connect(redis, Duration.ofSeconds(10));
        FaultRule lost = faults.when(Match.command("INCR")).once().closeAfterRun();
        // At-least-once: the INCR ran, its reply was lost, Lettuce sends it again after reconnecting.
        assertEquals(2L, sync.incr("counter"));
        assertEquals("2", redis.get("counter"));
        assertEquals(1, lost.fired());
    }

    @Test
    void aPartitionTimesOutAndTheHeldCommandRunsAfterTheHeal(RedisDouble redis, Faults faults) {
        RedisCommands<String, String> sync = connect(redis, Duration.ofMillis(300));
        sync.clientSetname("worker-2");
        FaultRule partition = faults.when(Match.any().clientName("worker-2")).stall();
        assertThrows(RedisCommandTimeoutException.class, () -> sync.set("k", "from-worker"));
        assertNull(redis.get("k")); // not run while partitioned
        partition.remove();
        assertEquals("from-worker", waitFor(() -> redis.get("k"), "from-worker"));
        assertEquals("from-worker", waitFor(() -> getUnlessTimedOut(sync, "k"), "from-worker"));
        List<FaultEvent> log = partition.events();
        assertEquals(1, log.size());
        assertEquals("worker-2", log.get(0).clientName());
    }

    @Test
    void reconnectsThroughRefusedConnections(RedisDouble redis, Faults faults) {
        FaultRule refuse = faults.refuseConnections();
        RedisURI uri = RedisURI.create(redis.host(), redis.port());
        try (RedisClient c = RedisClient.create(uri)) {
            assertThrows(RedisConnectionException.class, c::connect);
        }
        refuse.remove();
        RedisCommands<String, String> sync = connect(redis, Duration.ofSeconds(10));
        redis.set("k", "v");
        faults.when(Match.command("GET")).once().closeBeforeRun();
        FaultRule refuseTwice = faults.when(Match.any()).times(2).refuseConnections();
        assertEquals("v", sync.get("k")); // dropped, two reconnects refused, the third served
        assertEquals(2, refuseTwice.fired());
    }

    /** GET, or null when it timed out (its reply still behind a late one on the connection). */
    static String getUnlessTimedOut(RedisCommands<String, String> sync, String key) {
        try {
            return sync.get(key);
        } catch (RedisCommandTimeoutException e) {
            return null;
        }
    }

    /** Calls {@code f} until it returns {@code expected} (or 10 s pass); the last value. */
    static <T> T waitFor(java.util.function.Supplier<T> f, T expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        T v = f.get();
        while (!expected.equals(v) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            v = f.get();
        }
        return v;
    }
}
