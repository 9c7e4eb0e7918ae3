package io.redisdouble.clients;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamPendingEntry;
import redis.clients.jedis.resps.StreamPendingSummary;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Work distribution with a consumer group through Jedis, unmodified, on redis-double (manual clock)
 * and real Redis 7.0.15: a worker takes messages and dies without acknowledging, another claims them
 * once they are idle long enough (XAUTOCLAIM), processes and acknowledges them; and a worker blocked
 * in XREADGROUP is woken by a producer on another connection.
 */
class JedisStreamsTest {

    private static Map<String, String> job(int n) {
        return Map.of("job", "job-" + n);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#bothVirtualTime")
    void crashedConsumersMessagesAreClaimedWhenIdle(Target server) {
        try (Jedis producer = new Jedis(server.host(), server.port());
                Jedis crashed = new Jedis(server.host(), server.port());
                Jedis rescuer = new Jedis(server.host(), server.port())) {
            producer.xgroupCreate("jobs", "workers", StreamEntryID.XGROUP_LAST_ENTRY, true);
            for (int i = 1; i <= 3; i++) producer.xadd("jobs", StreamEntryID.NEW_ENTRY, job(i));
            List<Map.Entry<String, List<StreamEntry>>> got = crashed.xreadGroup("workers", "w1",
                    XReadGroupParams.xReadGroupParams().count(10), Map.of("jobs", StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
            List<StreamEntry> taken = got.get(0).getValue();
            assertEquals(3, taken.size());
            assertEquals("job-1", taken.get(0).getFields().get("job"));
            crashed.xack("jobs", "workers", taken.get(0).getID()); // w1 finishes job-1, then dies

            // not idle long enough yet: nothing to claim
            Map.Entry<StreamEntryID, List<StreamEntry>> early = rescuer.xautoclaim("jobs", "workers", "w2", 60_000,
                    new StreamEntryID(), XAutoClaimParams.xAutoClaimParams().count(10));
            assertTrue(early.getValue().isEmpty());

            server.elapse(Duration.ofMillis(300));
            Map.Entry<StreamEntryID, List<StreamEntry>> claimed = rescuer.xautoclaim("jobs", "workers", "w2", 250,
                    new StreamEntryID(), XAutoClaimParams.xAutoClaimParams().count(10));
            assertEquals(new StreamEntryID(), claimed.getKey()); // the whole PEL was scanned
            assertEquals(List.of("job-2", "job-3"), claimed.getValue().stream().map(e -> e.getFields().get("job")).toList());

            StreamPendingSummary summary = rescuer.xpending("jobs", "workers");
            assertEquals(2, summary.getTotal());
            assertEquals(Map.of("w2", 2L), summary.getConsumerMessageCount());
            List<StreamPendingEntry> pending = rescuer.xpending("jobs", "workers", new XPendingParams().count(10));
            for (StreamPendingEntry p : pending) {
                assertEquals("w2", p.getConsumerName());
                assertEquals(2, p.getDeliveredTimes());
                assertTrue(p.getIdleTime() < 250, "idle since the claim: " + p.getIdleTime());
            }
            for (StreamEntry e : claimed.getValue()) rescuer.xack("jobs", "workers", e.getID());
            assertEquals(0, rescuer.xpending("jobs", "workers").getTotal());
            assertEquals(3, rescuer.xlen("jobs"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#both")
    void blockedWorkerIsWokenByAProducer(Target server) throws Exception {
        try (Jedis producer = new Jedis(server.host(), server.port());
                Jedis worker = new Jedis(server.host(), server.port())) {
            producer.xgroupCreate("jobs", "workers", StreamEntryID.XGROUP_LAST_ENTRY, true);
            CompletableFuture<List<Map.Entry<String, List<StreamEntry>>>> read = CompletableFuture.supplyAsync(() ->
                    worker.xreadGroup("workers", "w1", XReadGroupParams.xReadGroupParams().block(0).count(5),
                            Map.of("jobs", StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY)));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!producer.info("clients").contains("blocked_clients:1")) {
                assertTrue(System.nanoTime() < until, "the worker never blocked");
                Thread.sleep(5);
            }
            StreamEntryID id = producer.xadd("jobs", StreamEntryID.NEW_ENTRY, job(7));
            List<Map.Entry<String, List<StreamEntry>>> got = read.get(5, TimeUnit.SECONDS);
            assertEquals("jobs", got.get(0).getKey());
            assertEquals(id, got.get(0).getValue().get(0).getID());
            assertEquals("job-7", got.get(0).getValue().get(0).getFields().get("job"));
            assertEquals(1, producer.xpending("jobs", "workers").getTotal());
        }
    }
}
