package io.redisdouble.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.redisdouble.RedisDouble;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * OBJECT IDLETIME and FREQ on the server's clock, where real Redis would need a test to wait minutes:
 * IDLETIME is the whole seconds since the last access (estimateObjectIdleTime over the LRU clock); FREQ
 * loses one per lfu-decay-time minutes without access (LFUDecrAndReturn). The conformance file
 * object.txt compares what needs no waiting with every real server.
 */
class ObjectIdleAndFreqTest {

    @Test
    void idleTimeFollowsTheVirtualClockAndAccessesResetIt() {
        // The LRU clock counts whole seconds: start on one, so that 2.999 s are 2 of them.
        try (RedisDouble r = RedisDouble.builder().manualTime(Instant.parse("2026-12-07T00:00:00Z")).start()) {
            r.command("SET", "k", "v");
            r.time().advance(Duration.ofSeconds(100));
            assertEquals(100L, r.command("OBJECT", "IDLETIME", "k"));
            // EXISTS, TYPE, TTL and OBJECT look the key up without touching it (LOOKUP_NOTOUCH)…
            r.command("EXISTS", "k");
            r.command("TYPE", "k");
            r.command("TTL", "k");
            assertEquals(100L, r.command("OBJECT", "IDLETIME", "k"));
            // …a read touches it
            r.command("GET", "k");
            assertEquals(0L, r.command("OBJECT", "IDLETIME", "k"));
            r.time().advance(Duration.ofMillis(2999));
            assertEquals(2L, r.command("OBJECT", "IDLETIME", "k"));
            // RENAME moves the value: its access time goes with it (touched by the rename's lookup)
            r.time().advance(Duration.ofSeconds(10));
            r.command("RENAME", "k", "k2");
            assertEquals(0L, r.command("OBJECT", "IDLETIME", "k2"));
        }
    }

    @Test
    void clientNoTouchLeavesIdleTimeAloneExceptForTouch() {
        try (RedisDouble r = RedisDouble.builder().version("7.2").manualTime().start()) {
            r.command("SET", "k", "v");
            r.command("CLIENT", "NO-TOUCH", "ON");
            r.time().advance(Duration.ofSeconds(30));
            r.command("GET", "k");
            assertEquals(30L, r.command("OBJECT", "IDLETIME", "k"));
            r.command("TOUCH", "k");
            assertEquals(0L, r.command("OBJECT", "IDLETIME", "k"));
        }
    }

    @Test
    void frequencyDecaysPerDecayPeriodWithoutAccess() {
        try (RedisDouble r = RedisDouble.builder().manualTime().config("maxmemory-policy", "allkeys-lfu").start()) {
            r.command("SET", "k", "v");
            assertEquals(5L, r.command("OBJECT", "FREQ", "k")); // LFU_INIT_VAL
            r.command("GET", "k"); // at LFU_INIT_VAL an access always counts
            assertEquals(6L, r.command("OBJECT", "FREQ", "k"));
            r.time().advance(Duration.ofMinutes(2));
            assertEquals(4L, r.command("OBJECT", "FREQ", "k")); // lfu-decay-time 1: one per minute
            r.command("CONFIG", "SET", "lfu-decay-time", "2");
            assertEquals(5L, r.command("OBJECT", "FREQ", "k"));
            r.command("CONFIG", "SET", "lfu-decay-time", "0"); // no decay
            assertEquals(6L, r.command("OBJECT", "FREQ", "k"));
            r.command("CONFIG", "SET", "lfu-decay-time", "1");
            r.time().advance(Duration.ofMinutes(30));
            assertEquals(0L, r.command("OBJECT", "FREQ", "k"));
        }
    }
}
