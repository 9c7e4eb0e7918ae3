package io.redisdouble.clients;

import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RStream;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.AutoClaimResult;
import org.redisson.api.stream.FastAutoClaimResult;
import org.redisson.api.stream.PendingEntry;
import org.redisson.api.stream.PendingResult;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.api.stream.StreamConsumer;
import org.redisson.api.stream.StreamCreateGroupArgs;
import org.redisson.api.stream.StreamGroup;
import org.redisson.api.stream.StreamInfo;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamPendingRangeArgs;
import org.redisson.api.stream.StreamReadArgs;
import org.redisson.api.stream.StreamReadGroupArgs;
import org.redisson.api.stream.StreamTrimArgs;
import org.redisson.config.Config;
import redis.clients.jedis.Jedis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redisson 4's {@link RStream} with its default configuration and default codec, unmodified, on
 * redis-double and real Redis 7.0.15. Each scenario runs on real Redis, then on the double; both runs
 * assert what the scenario relies on and note every reply in a {@link Transcript}, and the two
 * transcripts must be identical.
 */
class RedissonStreamsTest {

    private static RedissonClient redisson(Target server) {
        Config config = new Config();
        config.useSingleServer().setAddress(server.uri());
        return Redisson.create(config);
    }

    private static String ids(Iterable<StreamMessageId> ids) {
        List<String> out = new ArrayList<>();
        for (StreamMessageId id : ids) out.add(id.toString());
        return out.toString();
    }

    private static String pending(List<PendingEntry> entries, boolean idleAtLeast300) {
        List<String> out = new ArrayList<>();
        for (PendingEntry e : entries) {
            assertEquals(idleAtLeast300, e.getIdleTime() >= 300, e.toString());
            out.add(e.getId() + " " + e.getConsumerName() + " x" + e.getDeliveryCount());
        }
        return out.toString();
    }

    private static String info(StreamInfo<String, String> i) {
        return "length " + i.getLength() + ", radix keys " + i.getRadixTreeKeys() + ", radix nodes "
                + i.getRadixTreeNodes() + ", groups " + i.getGroups() + ", last generated " + i.getLastGeneratedId()
                + ", first " + (i.getFirstEntry() == null ? null : i.getFirstEntry().getId() + " " + i.getFirstEntry().getData())
                + ", last " + (i.getLastEntry() == null ? null : i.getLastEntry().getId() + " " + i.getLastEntry().getData())
                + ", max deleted " + i.getMaxDeletedEntryId() + ", entries added " + i.getEntriesAdded()
                + ", recorded first " + i.getRecordedFirstEntryId();
    }

    private static String groups(List<StreamGroup> groups) {
        List<String> out = new ArrayList<>();
        for (StreamGroup g : groups) {
            out.add(g.getName() + " consumers " + g.getConsumers() + " pending " + g.getPending() + " last delivered "
                    + g.getLastDeliveredId() + " entries read " + g.getEntriesRead() + " lag " + g.getLag());
        }
        return out.toString();
    }

    /**
     * Worker w1 takes four jobs, finishes one and dies; w2 takes the newer ones. Once w1's jobs are idle
     * long enough (virtual time on the double, a real 300 ms on real Redis) they are moved to live
     * workers with claim, fastClaim and autoClaim; a job deleted while pending shows up in autoClaim's
     * deleted IDs. Then the stream is inspected (pending, groups, consumers, XINFO STREAM) and trimmed.
     */
    @Test
    void crashedWorkersJobsAreClaimed() throws Exception {
        Transcript.compare(Target.bothVirtualTime().toList(), this::crashedWorker);
    }

    private void crashedWorker(Target server, Transcript seen) {
        RedissonClient r = redisson(server);
        try {
            RStream<String, String> jobs = r.getStream("jobs");
            jobs.createGroup(StreamCreateGroupArgs.name("workers").makeStream());
            List<StreamMessageId> id = new ArrayList<>();
            for (int i = 1; i <= 6; i++) id.add(seen.note("add job-" + i, jobs.add(StreamAddArgs.entry("job", "job-" + i))));

            Map<StreamMessageId, Map<String, String>> w1 = jobs.readGroup("workers", "w1",
                    StreamReadGroupArgs.neverDelivered().count(4));
            assertEquals(id.subList(0, 4), List.copyOf(w1.keySet()));
            seen.note("w1 reads", w1);
            seen.note("w1 acks job-1", jobs.ack("workers", id.get(0)));
            // w1 dies with job-2..4 pending.
            server.elapse(Duration.ofMillis(300));
            Map<StreamMessageId, Map<String, String>> w2 = jobs.readGroup("workers", "w2",
                    StreamReadGroupArgs.neverDelivered().count(10));
            assertEquals(id.subList(4, 6), List.copyOf(w2.keySet()));
            seen.note("w2 reads", w2);
            seen.note("w2 acks job-5", jobs.ack("workers", id.get(4)));

            PendingResult summary = jobs.getPendingInfo("workers");
            assertEquals(4, summary.getTotal());
            seen.note("pending info", summary.getTotal() + " " + summary.getLowestId() + ".." + summary.getHighestId()
                    + " " + summary.getConsumerNames());
            List<PendingEntry> idle = jobs.listPending(StreamPendingRangeArgs.groupName("workers")
                    .startId(StreamMessageId.MIN).endId(StreamMessageId.MAX).count(10).idleTime(Duration.ofMillis(250)));
            seen.note("listPending idle >= 250 ms", pending(idle, true));
            assertEquals(id.subList(1, 4), idle.stream().map(PendingEntry::getId).toList());
            seen.note("listPending w2", pending(jobs.listPending("workers", "w2", StreamMessageId.MIN,
                    StreamMessageId.MAX, 10), false));
            seen.note("pendingRange w1", jobs.pendingRange("workers", "w1", StreamMessageId.MIN, StreamMessageId.MAX, 10));

            // Live workers take the stale jobs over.
            Map<StreamMessageId, Map<String, String>> claimed = jobs.claim("workers", "w2", 250, TimeUnit.MILLISECONDS,
                    id.get(1));
            assertEquals(List.of(id.get(1)), List.copyOf(claimed.keySet()));
            seen.note("claim job-2 for w2", claimed);
            Map<StreamMessageId, Map<String, String>> again = jobs.claim("workers", "w3", 250, TimeUnit.MILLISECONDS,
                    id.get(1));
            assertTrue(again.isEmpty(), "claiming made it fresh: " + again);
            seen.note("claim job-2 for w3 right after", again);
            seen.note("fastClaim job-3", ids(jobs.fastClaim("workers", "w2", 250, TimeUnit.MILLISECONDS, id.get(2))));
            AutoClaimResult<String, String> auto = jobs.autoClaim("workers", "w3", 250, TimeUnit.MILLISECONDS,
                    StreamMessageId.MIN, 10);
            assertEquals(List.of(id.get(3)), List.copyOf(auto.getMessages().keySet()));
            seen.note("autoClaim", "next " + auto.getNextId() + " messages " + auto.getMessages() + " deleted "
                    + auto.getDeletedIds());
            FastAutoClaimResult none = jobs.fastAutoClaim("workers", "w3", 250, TimeUnit.MILLISECONDS,
                    StreamMessageId.MIN, 10);
            assertTrue(none.getIds().isEmpty(), none.getIds().toString());
            seen.note("fastAutoClaim, nothing idle", "next " + none.getNextId() + " ids " + ids(none.getIds()));
            seen.note("listPending", pending(jobs.listPending("workers", StreamMessageId.MIN, StreamMessageId.MAX, 10), false));

            // job-6 is cancelled (deleted) while w2 holds it; w2 dies too; w3 sweeps everything idle.
            seen.note("remove job-6", jobs.remove(id.get(5)));
            server.elapse(Duration.ofMillis(300));
            AutoClaimResult<String, String> sweep = jobs.autoClaim("workers", "w3", 250, TimeUnit.MILLISECONDS,
                    StreamMessageId.MIN, 10);
            assertEquals(List.of(id.get(5)), sweep.getDeletedIds());
            seen.note("sweep", "next " + sweep.getNextId() + " messages " + sweep.getMessages() + " deleted "
                    + sweep.getDeletedIds());
            seen.note("consumers", listConsumers(jobs));
            seen.note("w3 acks", jobs.ack("workers", sweep.getMessages().keySet().toArray(StreamMessageId[]::new)));
            seen.note("pending info after acks", jobs.getPendingInfo("workers").getTotal());
            seen.note("groups", groups(jobs.listGroups()));
            StreamInfo<String, String> info = jobs.getInfo();
            assertEquals(5, info.getLength());
            seen.note("info", info(info));

            seen.note("trimNonStrict maxLen 1", jobs.trimNonStrict(StreamTrimArgs.maxLen(1).noLimit()));
            seen.note("trim maxLen 2", jobs.trim(StreamTrimArgs.maxLen(2).noLimit()));
            seen.note("size", jobs.size());
            seen.note("range", jobs.range(StreamMessageId.MIN, StreamMessageId.MAX));
            seen.note("rangeReversed 1", jobs.rangeReversed(1, StreamMessageId.MAX, StreamMessageId.MIN));
            seen.note("info after trim", info(jobs.getInfo()));
            seen.note("removeConsumer w1", jobs.removeConsumer("workers", "w1"));
            jobs.removeGroup("workers");
            seen.note("groups after removeGroup", jobs.listGroups().size());
            try (Jedis raw = new Jedis(server.host(), server.port())) {
                seen.note("type, xlen", raw.type("jobs") + " " + raw.xlen("jobs"));
            }
        } finally {
            r.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    private static String listConsumers(RStream<String, String> jobs) {
        List<String> out = new ArrayList<>();
        for (StreamConsumer c : jobs.listConsumers("workers")) {
            out.add(c.getName() + " pending " + c.getPending() + " idle >= 300 ms " + (c.getIdleTime() >= 300));
        }
        return out.toString();
    }

    /**
     * An event log tailed with a blocking read (XREAD BLOCK) and a notification group read with a
     * blocking readGroup, both woken by a producer that keeps the stream to three entries (XADD MAXLEN 3);
     * a blocking readGroup with nothing to read gives an empty map once its timeout passes.
     */
    @Test
    void blockingReadsAreWokenByTheProducer() throws Exception {
        Transcript.compare(Target.both().toList(), this::blockingReads);
    }

    private void blockingReads(Target server, Transcript seen) throws Exception {
        RedissonClient r = redisson(server);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            RStream<String, String> events = r.getStream("events");
            StreamMessageId first = seen.note("add boot", events.add(StreamAddArgs.<String, String>entry("type", "boot")
                    .trim().maxLen(3).noLimit()));
            events.createGroup(StreamCreateGroupArgs.name("notify").id(StreamMessageId.NEWEST));

            Future<Map<StreamMessageId, Map<String, String>>> tail = threads.submit(() -> events.read(
                    StreamReadArgs.greaterThan(first).count(10).timeout(Duration.ofSeconds(20))));
            BlockedClients.await(server, 1, tail);
            Future<Map<StreamMessageId, Map<String, String>>> notify = threads.submit(() -> events.readGroup("notify",
                    "n1", StreamReadGroupArgs.neverDelivered().count(10).timeout(Duration.ofSeconds(20))));
            BlockedClients.await(server, 2, notify);
            StreamMessageId login = seen.note("add login", events.add(StreamAddArgs.<String, String>entry("type", "login")
                    .trim().maxLen(3).noLimit()));
            Map<StreamMessageId, Map<String, String>> tailed = tail.get(20, TimeUnit.SECONDS);
            Map<StreamMessageId, Map<String, String>> notified = notify.get(20, TimeUnit.SECONDS);
            assertEquals(List.of(login), List.copyOf(tailed.keySet()));
            assertEquals(List.of(login), List.copyOf(notified.keySet()));
            seen.note("tail woken", tailed);
            seen.note("notify woken", notified);

            for (String type : List.of("click", "logout", "login")) {
                seen.note("add " + type, events.add(StreamAddArgs.<String, String>entry("type", type)
                        .trim().maxLen(3).noLimit()));
            }
            assertEquals(3, events.size());
            seen.note("range after MAXLEN 3", events.range(StreamMessageId.MIN, StreamMessageId.MAX));
            seen.note("notify reads the rest", events.readGroup("notify", "n1", StreamReadGroupArgs.neverDelivered()));
            seen.note("n1 pending", events.getPendingInfo("notify").getTotal());

            long start = System.nanoTime();
            Map<StreamMessageId, Map<String, String>> nothing = events.readGroup("notify", "n1",
                    StreamReadGroupArgs.neverDelivered().timeout(Duration.ofMillis(500)));
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(nothing.isEmpty(), nothing.toString());
            assertTrue(waitedMs >= 400, "waited " + waitedMs + " ms");
            seen.note("readGroup that times out", nothing);
            seen.note("groups", groups(events.listGroups()));
        } finally {
            threads.shutdownNow();
            r.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
