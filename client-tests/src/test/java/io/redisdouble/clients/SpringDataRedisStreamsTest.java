package io.redisdouble.clients;

import io.redisdouble.clients.SpringDataRedisTest.Factory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.dao.DataAccessException;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStreamCommands.XAddOptions;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.PendingMessage;
import org.springframework.data.redis.connection.stream.PendingMessages;
import org.springframework.data.redis.connection.stream.PendingMessagesSummary;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamInfo.XInfoConsumer;
import org.springframework.data.redis.connection.stream.StreamInfo.XInfoGroup;
import org.springframework.data.redis.connection.stream.StreamInfo.XInfoObject;
import org.springframework.data.redis.connection.stream.StreamInfo.XInfoStream;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StreamOperations;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.stream.StreamMessageListenerContainer;
import org.springframework.data.redis.stream.StreamReceiver;
import org.springframework.data.redis.stream.Subscription;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spring Data Redis 4 streams over both connection factories (default settings), unmodified, on
 * redis-double and real Redis 7.0.15. Each scenario runs on real Redis, then on the double; both runs
 * assert what the scenario relies on and note every reply in a {@link Transcript}, and the two
 * transcripts must be identical.
 *
 * <ul>
 * <li>an outbox relay: orders and their events written in MULTI/EXEC, a
 * {@link StreamMessageListenerContainer} relaying them through a consumer group with explicit
 * acknowledgement (one publish fails and is left pending, then re-read from the consumer's own history
 * and acknowledged), an audit subscription with {@code receiveAutoAck}; blocked reads woken by the
 * producer; XINFO GROUPS / CONSUMERS / STREAM as Spring's mapped objects; trimming the relayed events;</li>
 * <li>a worker that dies with messages pending, claimed by another once idle long enough (virtual time
 * on the double, a real 300 ms on real Redis): {@code opsForStream()} read, pending (summary, range,
 * IDLE filter, per consumer), claim, acknowledge, MAXLEN on add, trim, deleteConsumer, destroyGroup;</li>
 * <li>the reactive {@link StreamReceiver} (Lettuce only: the Jedis factory is not reactive) reading
 * through a consumer group, woken by a producer, then acknowledging; and {@code receiveAutoAck}.</li>
 * </ul>
 */
class SpringDataRedisStreamsTest {

    private final List<Runnable> cleanup = new ArrayList<>();

    @AfterEach
    void close() {
        Collections.reverse(cleanup);
        for (Runnable r : cleanup) r.run();
        cleanup.clear();
    }

    /** A started connection factory of that kind with default settings, destroyed after the run. */
    private RedisConnectionFactory factory(Factory kind, Target server) {
        return SpringFactories.start(kind == Factory.LETTUCE, server, cleanup);
    }

    // ---- outbox relay ------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(Factory.class)
    void outboxRelayedByAListenerContainer(Factory kind) throws Exception {
        Transcript.compare(Target.both().toList(), (server, seen) -> {
            try {
                outboxRelay(kind, server, seen);
            } finally {
                close();
            }
        });
    }

    /** The order service: the order and its event in one MULTI/EXEC (the transactional outbox). */
    private static List<Object> placeOrder(StringRedisTemplate t, String order, String amount) {
        return t.execute(new SessionCallback<>() {
            @Override
            @SuppressWarnings("unchecked")
            public <K, V> List<Object> execute(RedisOperations<K, V> ops) throws DataAccessException {
                RedisOperations<String, String> o = (RedisOperations<String, String>) ops;
                o.multi();
                o.opsForHash().putAll("order:" + order, Map.of("amount", amount, "state", "placed"));
                o.opsForStream().add("outbox", Map.of("type", "OrderPlaced", "order", order, "amount", amount));
                return o.exec();
            }
        });
    }

    private void outboxRelay(Factory kind, Target server, Transcript seen) throws Exception {
        RedisConnectionFactory f = factory(kind, server);
        StringRedisTemplate t = new StringRedisTemplate(f);
        StreamOperations<String, Object, Object> ops = t.opsForStream();

        // Three orders are placed before the relay is deployed.
        for (int i = 1; i <= 3; i++) {
            List<Object> exec = placeOrder(t, "o-" + i, i + "0.00");
            assertFalse(exec.isEmpty(), "EXEC ran");
            seen.note("exec o-" + i, exec);
        }
        seen.note("createGroup relay", ops.createGroup("outbox", ReadOffset.from("0-0"), "relay"));
        seen.note("createGroup audit", ops.createGroup("outbox", ReadOffset.from("0-0"), "audit"));

        StreamMessageListenerContainer<String, MapRecord<String, String, String>> container =
                StreamMessageListenerContainer.create(f);
        List<String> relayed = Collections.synchronizedList(new ArrayList<>());
        List<String> audited = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch relayDone = new CountDownLatch(5);
        CountDownLatch auditDone = new CountDownLatch(5);
        Set<String> failOnce = Collections.synchronizedSet(new java.util.HashSet<>(Set.of("o-2")));
        // The relay publishes (here: to a list the downstream reads) and acknowledges; the downstream
        // refuses o-2 the first time, so o-2 stays in the relay's pending entries.
        Subscription relay = container.receive(Consumer.from("relay", "relay-1"),
                StreamOffset.create("outbox", ReadOffset.lastConsumed()), record -> {
                    String order = record.getValue().get("order");
                    if (failOnce.remove(order)) {
                        relayed.add("publish failed " + order + " " + record.getId());
                    } else {
                        t.opsForList().rightPush("published", order);
                        Long acked = t.opsForStream().acknowledge("relay", record);
                        relayed.add("published " + order + " " + record.getId() + " acked " + acked);
                    }
                    relayDone.countDown();
                });
        Subscription audit = container.receiveAutoAck(Consumer.from("audit", "auditor"),
                StreamOffset.create("outbox", ReadOffset.lastConsumed()), record -> {
                    audited.add(record.getValue().get("type") + " " + record.getValue().get("order") + " "
                            + record.getId());
                    auditDone.countDown();
                });
        container.start();
        cleanup.add(() -> stopAndDrain(container, server, relay, audit));

        // Both subscriptions drained the backlog and now wait in XREADGROUP … BLOCK: the next orders wake them.
        BlockedClients.await(server, 2, null);
        for (int i = 4; i <= 5; i++) {
            seen.note("exec o-" + i, placeOrder(t, "o-" + i, i + "0.00"));
            BlockedClients.await(server, 2, null);
        }
        assertTrue(relayDone.await(20, TimeUnit.SECONDS), relayed.toString());
        assertTrue(auditDone.await(20, TimeUnit.SECONDS), audited.toString());
        assertEquals(5, relayed.size(), relayed.toString());
        seen.note("relayed", relayed);
        seen.note("audited", audited);
        seen.note("published", t.opsForList().range("published", 0, -1));
        assertEquals(List.of("o-1", "o-3", "o-4", "o-5"), t.opsForList().range("published", 0, -1));

        PendingMessagesSummary summary = ops.pending("outbox", "relay");
        assertEquals(1, summary.getTotalPendingMessages());
        assertEquals(Map.of("relay-1", 1L), summary.getPendingMessagesPerConsumer());
        seen.note("pending relay", summary.getTotalPendingMessages() + " " + summary.minMessageId() + ".."
                + summary.maxMessageId() + " " + summary.getPendingMessagesPerConsumer());
        seen.note("pending audit (NOACK)", ops.pending("outbox", "audit").getTotalPendingMessages());

        // The relay retries: it reads its own pending history (XREADGROUP … 0), publishes and acknowledges.
        List<MapRecord<String, Object, Object>> retry = ops.read(Consumer.from("relay", "relay-1"),
                StreamReadOptions.empty().count(10), StreamOffset.create("outbox", ReadOffset.from("0")));
        assertEquals(1, retry.size());
        seen.note("retry", records(retry));
        t.opsForList().rightPush("published", (String) retry.get(0).getValue().get("order"));
        seen.note("ack retried", ops.acknowledge("outbox", "relay", retry.get(0).getId()));
        seen.note("ack again", ops.acknowledge("outbox", "relay", retry.get(0).getId()));
        PendingMessages none = ops.pending("outbox", "relay", Range.unbounded(), 10);
        assertTrue(none.isEmpty());
        seen.note("pending after retry", none.size());
        seen.note("own history after ack", records(ops.read(Consumer.from("relay", "relay-1"),
                StreamOffset.create("outbox", ReadOffset.from("0")))));

        // XINFO GROUPS / CONSUMERS / STREAM as Spring maps them.
        for (XInfoGroup g : ops.groups("outbox")) {
            seen.note("group " + g.groupName(), g.consumerCount() + " consumers, " + g.pendingCount()
                    + " pending, last delivered " + g.lastDeliveredId() + " raw " + raw(g));
        }
        for (XInfoConsumer c : ops.consumers("outbox", "relay")) {
            seen.note("consumer " + c.groupName() + "/" + c.consumerName(), c.pendingCount() + " pending, idle < 20 s "
                    + (c.idleTimeMs() >= 0 && c.idleTimeMs() < 20_000));
        }
        XInfoStream info = ops.info("outbox");
        assertEquals(5, info.streamLength());
        assertEquals(2, info.groupCount());
        noteStream(seen, "info", info);

        // The downstream has everything: trim the relayed events, keep the last two.
        seen.note("trim 2", ops.trim("outbox", 2));
        seen.note("size", ops.size("outbox"));
        seen.note("range", records(ops.range("outbox", Range.unbounded())));
        seen.note("groups after trim", ops.groups("outbox").stream().map(SpringDataRedisStreamsTest::raw).toList());
        noteStream(seen, "info after trim", ops.info("outbox"));
        seen.note("order o-5", new TreeMap<>(t.opsForHash().entries("order:o-5")));
        seen.note("published", t.opsForList().range("published", 0, -1));
    }

    /** Cancels the subscriptions and waits until their last blocked read has returned (at most the poll timeout). */
    private static void stopAndDrain(StreamMessageListenerContainer<?, ?> container, Target server,
            Subscription... subscriptions) {
        for (Subscription s : subscriptions) s.cancel();
        container.stop();
        BlockedClients.await(server, 0, null);
    }

    // ---- a crashed worker's pending messages ---------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(Factory.class)
    void crashedWorkersMessagesAreClaimedWhenIdle(Factory kind) throws Exception {
        Transcript.compare(Target.bothVirtualTime().toList(), (server, seen) -> {
            try {
                crashedWorker(kind, server, seen);
            } finally {
                close();
            }
        });
    }

    private void crashedWorker(Factory kind, Target server, Transcript seen) {
        StringRedisTemplate t = new StringRedisTemplate(factory(kind, server));
        StreamOperations<String, Object, Object> ops = t.opsForStream();
        // Producers keep at most 4 jobs in the stream (XADD MAXLEN 4, exact).
        for (int i = 1; i <= 5; i++) {
            seen.note("add job-" + i, ops.add(MapRecord.create("jobs", Map.of("job", "job-" + i)), XAddOptions.maxlen(4)));
        }
        assertEquals(4L, ops.size("jobs"));
        seen.note("createGroup", ops.createGroup("jobs", ReadOffset.from("0"), "workers"));

        List<MapRecord<String, Object, Object>> w1 = ops.read(Consumer.from("workers", "w1"),
                StreamReadOptions.empty().count(3), StreamOffset.create("jobs", ReadOffset.lastConsumed()));
        assertEquals(List.of("job-2", "job-3", "job-4"), w1.stream().map(r -> r.getValue().get("job")).toList());
        seen.note("w1 read", records(w1));
        seen.note("w1 acks job-2", ops.acknowledge("workers", w1.get(0)));
        // w1 dies here with job-3 and job-4 pending.
        List<MapRecord<String, Object, Object>> w2 = ops.read(Consumer.from("workers", "w2"),
                StreamReadOptions.empty().count(10), StreamOffset.create("jobs", ReadOffset.lastConsumed()));
        seen.note("w2 read", records(w2));
        seen.note("w2 acks", ops.acknowledge("workers", w2.get(0)));

        PendingMessagesSummary summary = ops.pending("jobs", "workers");
        assertEquals(2, summary.getTotalPendingMessages());
        seen.note("summary", summary.getTotalPendingMessages() + " " + summary.minMessageId() + ".."
                + summary.maxMessageId() + " " + summary.getPendingMessagesPerConsumer());
        PendingMessages idleEnough = ops.pending("jobs", "workers", Range.unbounded(), 10, Duration.ofMillis(250));
        assertTrue(idleEnough.isEmpty(), "nothing idle for 250 ms yet");
        seen.note("idle >= 250 ms, at once", idleEnough.size());
        List<RecordId> early = ops.claim("jobs", "workers", "w2", Duration.ofMillis(250),
                w1.get(1).getId(), w1.get(2).getId()).stream().map(MapRecord::getId).toList();
        assertTrue(early.isEmpty(), early.toString());

        server.elapse(Duration.ofMillis(300));
        PendingMessages stale = ops.pending("jobs", "workers", Range.unbounded(), 10, Duration.ofMillis(250));
        assertEquals(2, stale.size());
        for (PendingMessage p : stale) {
            assertTrue(p.getElapsedTimeSinceLastDelivery().toMillis() >= 300, p.toString());
            seen.note("stale", p.getIdAsString() + " " + p.getConsumerName() + " delivered "
                    + p.getTotalDeliveryCount() + " idle >= 300 ms");
        }
        List<MapRecord<String, Object, Object>> claimed = ops.claim("jobs", "workers", "w2", Duration.ofMillis(250),
                stale.get(0).getId(), stale.get(1).getId());
        assertEquals(List.of("job-3", "job-4"), claimed.stream().map(r -> r.getValue().get("job")).toList());
        seen.note("claimed", records(claimed));
        // (pending(key, consumer) without a range asks for a count of -1, which Spring itself refuses)
        PendingMessages ofW2 = ops.pending("jobs", Consumer.from("workers", "w2"), Range.unbounded(), 10);
        for (PendingMessage p : ofW2) {
            assertTrue(p.getElapsedTimeSinceLastDelivery().toMillis() < 250, p.toString());
            seen.note("w2 pending", p.getIdAsString() + " delivered " + p.getTotalDeliveryCount());
        }
        seen.note("w1 pending", ops.pending("jobs", Consumer.from("workers", "w1"), Range.unbounded(), 10).size());
        seen.note("w2 acks claimed", ops.acknowledge("jobs", "workers",
                claimed.stream().map(MapRecord::getId).toArray(RecordId[]::new)));
        for (XInfoConsumer c : ops.consumers("jobs", "workers")) {
            seen.note("consumer " + c.consumerName(), c.pendingCount() + " pending, idle >= 300 ms "
                    + (c.idleTimeMs() >= 300));
        }
        seen.note("deleteConsumer w1", ops.deleteConsumer("jobs", Consumer.from("workers", "w1")));
        seen.note("groups", ops.groups("jobs").stream().map(SpringDataRedisStreamsTest::raw).toList());

        // Housekeeping: exact and approximate trimming, a deleted entry, the reversed tail.
        seen.note("trim ~1", ops.trim("jobs", 1, true));
        seen.note("trim 2", ops.trim("jobs", 2));
        seen.note("range", records(ops.range("jobs", Range.unbounded())));
        seen.note("reverseRange limit 1", records(ops.reverseRange("jobs", Range.unbounded(), Limit.limit().count(1))));
        seen.note("delete last", ops.delete("jobs", claimed.get(1).getId()));
        noteStream(seen, "info", ops.info("jobs"));
        seen.note("destroyGroup", ops.destroyGroup("jobs", "workers"));
        seen.note("groups after destroy", ops.groups("jobs").size());
    }

    // ---- reactive StreamReceiver (Lettuce) ---------------------------------------------------------

    @org.junit.jupiter.api.Test
    void streamReceiverReadsThroughAGroupAndAcknowledges() throws Exception {
        Transcript.compare(Target.both().toList(), (server, seen) -> {
            try {
                streamReceiver(server, seen);
            } finally {
                close();
            }
        });
    }

    private void streamReceiver(Target server, Transcript seen) throws Exception {
        LettuceConnectionFactory f = (LettuceConnectionFactory) factory(Factory.LETTUCE, server);
        ReactiveStringRedisTemplate rt = new ReactiveStringRedisTemplate(f);
        StringRedisTemplate t = new StringRedisTemplate(f);
        seen.note("welcome", t.opsForStream().add("signups", Map.of("user", "root")));
        seen.note("createGroup mailer", rt.opsForStream().createGroup("signups", ReadOffset.latest(), "mailer")
                .block(Duration.ofSeconds(10)));
        seen.note("createGroup stats", rt.opsForStream().createGroup("signups", ReadOffset.from("0"), "stats")
                .block(Duration.ofSeconds(10)));

        StreamReceiver<String, MapRecord<String, String, String>> receiver = StreamReceiver.create(f);
        CompletableFuture<List<MapRecord<String, String, String>>> mails = receiver
                .receive(Consumer.from("mailer", "m1"), StreamOffset.create("signups", ReadOffset.lastConsumed()))
                .take(3).collectList().toFuture();
        // The mailer's group starts after the welcome entry: its first read blocks until a signup.
        BlockedClients.await(server, 1, mails);
        for (String user : List.of("ada", "grace", "linus")) {
            seen.note("signup " + user, rt.opsForStream().add("signups", Map.of("user", user)).block(Duration.ofSeconds(10)));
        }
        List<MapRecord<String, String, String>> got = mails.get(20, TimeUnit.SECONDS);
        assertEquals(List.of("ada", "grace", "linus"), got.stream().map(r -> r.getValue().get("user")).toList());
        seen.note("mailer got", got.stream().map(r -> r.getId() + " " + r.getStream() + " " + r.getValue()).toList());
        seen.note("mailer pending", rt.opsForStream().pending("signups", "mailer").block(Duration.ofSeconds(10))
                .getTotalPendingMessages());
        seen.note("mailer acks", rt.opsForStream().acknowledge("signups", "mailer",
                got.stream().map(MapRecord::getId).toArray(RecordId[]::new)).block(Duration.ofSeconds(10)));
        seen.note("mailer pending after ack", rt.opsForStream().pending("signups", "mailer")
                .block(Duration.ofSeconds(10)).getTotalPendingMessages());

        // Statistics read everything from the start without acknowledging (NOACK).
        List<MapRecord<String, String, String>> stats = receiver
                .receiveAutoAck(Consumer.from("stats", "s1"), StreamOffset.create("signups", ReadOffset.lastConsumed()))
                .take(4).collectList().block(Duration.ofSeconds(20));
        assertEquals(4, stats.size());
        seen.note("stats got", stats.stream().map(r -> r.getId() + " " + r.getValue()).toList());
        seen.note("stats pending", rt.opsForStream().pending("signups", "stats").block(Duration.ofSeconds(10))
                .getTotalPendingMessages());
        seen.note("groups", t.opsForStream().groups("signups").stream().map(SpringDataRedisStreamsTest::raw).toList());
        // take(n) cancelled the receivers; wait until no read is still blocked on the server.
        BlockedClients.await(server, 0, null);
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private static <K, V> List<String> records(List<? extends MapRecord<String, K, V>> records) {
        List<String> out = new ArrayList<>();
        for (MapRecord<String, K, V> r : records) out.add(r.getStream() + " " + r.getId() + " " + new TreeMap<>(text(r.getValue())));
        return out;
    }

    private static Map<String, String> text(Map<?, ?> m) {
        Map<String, String> out = new TreeMap<>();
        if (m != null) m.forEach((k, v) -> out.put(str(k), str(v)));
        return out;
    }

    /** Text of a reply part: byte arrays decoded, maps sorted by key, lists element by element. */
    private static String str(Object o) {
        if (o instanceof byte[] b) return new String(b, StandardCharsets.UTF_8);
        if (o instanceof Map<?, ?> m) return text(m).toString();
        if (o instanceof List<?> l) return l.stream().map(SpringDataRedisStreamsTest::str).toList().toString();
        return String.valueOf(o);
    }

    /** The raw XINFO fields, by name, values as text (byte arrays decoded). */
    private static Map<String, String> raw(XInfoObject o) {
        return text(o.getRaw());
    }

    /**
     * The field values of XInfoStream's first/last entry ({id: {field: value}}), sorted. Over Lettuce,
     * Spring turns the field names into the text of a byte array ("[B@…"), so only values compare.
     */
    private static List<String> entryValues(Map<Object, Object> entry) {
        List<String> values = new ArrayList<>();
        for (Object fields : entry.values()) {
            if (fields instanceof Map<?, ?> m) m.values().forEach(v -> values.add(str(v)));
            else values.add(str(fields));
        }
        Collections.sort(values);
        return values;
    }

    private static void noteStream(Transcript seen, String what, XInfoStream info) {
        seen.note(what, "length " + info.streamLength() + ", radix keys " + info.radixTreeKeySize() + ", radix nodes "
                + info.radixTreeNodesSize() + ", groups " + info.groupCount() + ", last generated "
                + info.lastGeneratedId() + ", first " + info.firstEntryId() + " " + entryValues(info.getFirstEntry())
                + ", last " + info.lastEntryId() + " " + entryValues(info.getLastEntry()));
        Map<String, String> raw = raw(info);
        raw.remove("first-entry");
        raw.remove("last-entry");
        seen.note(what + " raw", raw);
    }
}
