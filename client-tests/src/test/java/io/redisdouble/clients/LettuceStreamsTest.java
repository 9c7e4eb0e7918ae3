package io.redisdouble.clients;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.models.stream.PendingMessage;
import io.lettuce.core.models.stream.PendingMessages;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Streams through Lettuce 7 with its defaults (RESP3: XREAD / XREADGROUP answer maps), on redis-double
 * (manual clock) and real Redis 7.0.15: XADD with trimming, XRANGE, a consumer group read, XPENDING
 * (summary and extended), XCLAIM of an idle message, XACK, XINFO GROUPS, BUSYGROUP.
 */
class LettuceStreamsTest {
    private final List<RedisClient> clients = new ArrayList<>();

    private RedisCommands<String, String> connect(Target server) {
        RedisClient client = RedisClient.create(server.uri());
        clients.add(client);
        StatefulRedisConnection<String, String> conn = client.connect();
        return conn.sync();
    }

    @AfterEach
    void shutdown() {
        for (RedisClient c : clients) c.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.redisdouble.clients.Target#bothVirtualTime")
    void consumerGroupOverResp3(Target server) {
        RedisCommands<String, String> r = connect(server);
        for (int i = 1; i <= 5; i++) r.xadd("orders", new XAddArgs().id(i + "-0").maxlen(4), Map.of("n", "" + i));
        assertEquals(4, r.xlen("orders"));
        List<StreamMessage<String, String>> all = r.xrange("orders", Range.create("-", "+"));
        assertEquals(List.of("2-0", "3-0", "4-0", "5-0"), all.stream().map(StreamMessage::getId).toList());
        assertEquals("OK", r.xgroupCreate(XReadArgs.StreamOffset.from("orders", "0"), "billing"));
        assertThrows(RedisBusyException.class, () -> r.xgroupCreate(XReadArgs.StreamOffset.from("orders", "0"), "billing"));
        assertEquals("OK", r.xgroupCreate(XReadArgs.StreamOffset.latest("audit"), "g", XGroupCreateArgs.Builder.mkstream()));

        List<StreamMessage<String, String>> read = r.xreadgroup(Consumer.from("billing", "alice"),
                XReadArgs.Builder.count(3), XReadArgs.StreamOffset.lastConsumed("orders"));
        assertEquals(List.of("2-0", "3-0", "4-0"), read.stream().map(StreamMessage::getId).toList());
        assertEquals("orders", read.get(0).getStream());
        assertEquals(Map.of("n", "2"), read.get(0).getBody());

        PendingMessages summary = r.xpending("orders", "billing");
        assertEquals(3, summary.getCount());
        assertEquals(Map.of("alice", 3L), summary.getConsumerMessageCount());
        server.elapse(Duration.ofMillis(300));
        List<PendingMessage> idle = r.xpending("orders", "billing", Range.create("-", "+"), Limit.from(10));
        assertEquals(3, idle.size());
        assertTrue(idle.get(0).getMsSinceLastDelivery() >= 300, "idle " + idle.get(0).getMsSinceLastDelivery());

        List<StreamMessage<String, String>> claimed = r.xclaim("orders", Consumer.from("billing", "bob"),
                XClaimArgs.Builder.minIdleTime(250), "2-0", "3-0");
        assertEquals(List.of("2-0", "3-0"), claimed.stream().map(StreamMessage::getId).toList());
        assertEquals(2, r.xack("orders", "billing", "2-0", "3-0", "9-0"));
        PendingMessages left = r.xpending("orders", "billing");
        assertEquals(1, left.getCount());
        assertEquals(Map.of("alice", 1L), left.getConsumerMessageCount());
        assertEquals(1, r.xinfoGroups("orders").size());
    }
}
