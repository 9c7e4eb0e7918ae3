package io.redisdouble.command;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.resp.Reply;
import io.redisdouble.resp.RespEncoder;
import io.redisdouble.util.Bytes;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pub/sub through the engine. Expected bytes are the replies of real Redis 7.0.15 / 6.2.7 to the same
 * commands (captured with a raw socket client, two connections where messages are involved).
 */
class PubSubCommandsTest {
    private final EngineHarness h = new EngineHarness();

    private static String sub(String word, String name, int count) {
        return "*3\r\n$" + word.length() + "\r\n" + word + "\r\n$" + name.length() + "\r\n" + name + "\r\n:" + count + "\r\n";
    }

    /** The pushed frames so far, each encoded for the protocol given, then forgotten. */
    private String drainPushed(EngineHarness h, int proto) {
        StringBuilder sb = new StringBuilder();
        for (Reply r : h.pushed) sb.append(Bytes.str(RespEncoder.toBytes(r, proto, h.engine.dialect())));
        h.pushed.clear();
        return sb.toString();
    }

    @Test
    void subscribeAnswersOneFramePerChannel() {
        assertEquals(sub("subscribe", "a", 1) + sub("subscribe", "b", 2), h.run("SUBSCRIBE a b"));
        // already subscribed: a frame anyway, count unchanged
        assertEquals(sub("subscribe", "a", 2), h.run("SUBSCRIBE a"));
        assertEquals(sub("psubscribe", "x*", 3) + sub("psubscribe", "y*", 4), h.run("PSUBSCRIBE x* y*"));
        assertEquals(sub("unsubscribe", "nope", 4), h.run("UNSUBSCRIBE nope"));
    }

    @Test
    void unsubscribeWithoutArgumentsLeavesEverythingOrAnswersNil() {
        h.run("PSUBSCRIBE x* y* a*");
        h.run("SUBSCRIBE c1");
        // patterns go in subscription order (7.0 and 6.2 keep them in a list)
        assertEquals(sub("punsubscribe", "x*", 3) + sub("punsubscribe", "y*", 2) + sub("punsubscribe", "a*", 1),
                h.run("PUNSUBSCRIBE"));
        assertEquals(sub("unsubscribe", "c1", 0), h.run("UNSUBSCRIBE"));
        assertEquals("*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n", h.run("UNSUBSCRIBE"));
        assertEquals("*3\r\n$12\r\npunsubscribe\r\n$-1\r\n:0\r\n", h.run("PUNSUBSCRIBE"));
        assertEquals("$-1\r\n", h.run("GET k")); // out of subscribed mode
    }

    @Test
    void resp2SubscribedModeAllowsOnlyPubSubCommandsPingQuitReset() {
        h.run("SUBSCRIBE a");
        String only = "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n";
        assertEquals("-ERR Can't execute 'get" + only, h.run("GET k"));
        assertEquals("-ERR Can't execute 'pubsub|numsub" + only, h.run("PUBSUB NUMSUB"));
        assertEquals("-ERR Can't execute 'publish" + only, h.run("PUBLISH a b"));
        // unknown command and arity are checked first
        assertEquals("-ERR unknown command 'foo', with args beginning with: 'bar' \r\n", h.run("foo bar"));
        assertEquals("-ERR wrong number of arguments for 'get' command\r\n", h.run("get"));
        assertEquals("-ERR wrong number of arguments for 'ping' command\r\n", h.run("ping a b"));
        assertEquals("*2\r\n$4\r\npong\r\n$0\r\n\r\n", h.run("PING"));
        assertEquals("*2\r\n$4\r\npong\r\n$1\r\nx\r\n", h.run("Ping x"));
        assertEquals(sub("ssubscribe", "s", 1), h.run("SSUBSCRIBE s"));
        assertEquals(sub("unsubscribe", "a", 0), h.run("UNSUBSCRIBE"));
        // still subscribed to a shard channel
        assertEquals("-ERR Can't execute 'get" + only, h.run("GET k"));
        assertEquals(sub("sunsubscribe", "s", 0), h.run("SUNSUBSCRIBE"));
        assertEquals("$-1\r\n", h.run("GET k"));
        assertEquals("+PONG\r\n", h.run("PING"));
        assertEquals("+OK\r\n", h.run("QUIT"));
    }

    @Test
    void sixTwoNamesTheContainerAndHasNoShardCommands() {
        EngineHarness h = new EngineHarness(Dialect.REDIS_6_2, null);
        h.run("SUBSCRIBE x");
        String only = "': only (P)SUBSCRIBE / (P)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n";
        assertEquals("-ERR Can't execute 'get" + only, h.run("GET k"));
        assertEquals("-ERR Can't execute 'pubsub" + only, h.run("PUBSUB NUMSUB"));
        assertEquals("-ERR Can't execute 'multi" + only, h.run("MULTI"));
        assertEquals("*2\r\n$4\r\npong\r\n$0\r\n\r\n", h.run("PING"));
        assertEquals("-ERR unknown command `ssubscribe`, with args beginning with: `s1`, \r\n", h.run("ssubscribe s1"));
        assertEquals("-ERR unknown command `spublish`, with args beginning with: `a`, `b`, \r\n",
                h.run(h.newSession(), "spublish a b"));
    }

    @Test
    void resp3ClientsMayRunAnythingAndGetPushes() {
        h.session.proto = 3;
        assertEquals(">3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n", h.run("SUBSCRIBE a"));
        assertEquals(">3\r\n$10\r\npsubscribe\r\n$2\r\na*\r\n:2\r\n", h.run("PSUBSCRIBE a*"));
        assertEquals("_\r\n", h.run("GET k"));
        assertEquals("+PONG\r\n", h.run("PING"));
        Session b = h.newSession();
        assertEquals(":2\r\n", h.run(b, "PUBLISH a hi"));
        assertEquals(">3\r\n$7\r\nmessage\r\n$1\r\na\r\n$2\r\nhi\r\n>4\r\n$8\r\npmessage\r\n$2\r\na*\r\n$1\r\na\r\n$2\r\nhi\r\n",
                drainPushed(h, 3));
        assertEquals(">3\r\n$11\r\nunsubscribe\r\n$1\r\na\r\n:1\r\n", h.run("UNSUBSCRIBE"));
        assertEquals(">3\r\n$12\r\npunsubscribe\r\n$2\r\na*\r\n:0\r\n", h.run("PUNSUBSCRIBE"));
        assertEquals(">3\r\n$11\r\nunsubscribe\r\n_\r\n:0\r\n", h.run("UNSUBSCRIBE"));
        // back to RESP2 while subscribed: restricted again
        h.run("SUBSCRIBE a");
        h.session.proto = 2;
        assertTrue(h.run("GET k").startsWith("-ERR Can't execute 'get'"));
    }

    @Test
    void publishCountsEveryDeliveryChannelsFirstThenPatterns() {
        Session b = h.newSession(), c = h.newSession();
        h.run(b, "SUBSCRIBE ps:a ps:b");
        h.run(b, "PSUBSCRIBE ps:*");
        h.run(c, "SUBSCRIBE ps:a");
        h.pushed.clear();
        assertEquals(":3\r\n", h.run("PUBLISH ps:a x"));
        assertEquals("*3\r\n$7\r\nmessage\r\n$4\r\nps:a\r\n$1\r\nx\r\n"
                + "*3\r\n$7\r\nmessage\r\n$4\r\nps:a\r\n$1\r\nx\r\n"
                + "*4\r\n$8\r\npmessage\r\n$4\r\nps:*\r\n$4\r\nps:a\r\n$1\r\nx\r\n", drainPushed(h, 2));
        assertEquals(":0\r\n", h.run("PUBLISH nobody x"));
        assertEquals(":1\r\n", h.run("PUBLISH ps:zz x"));
        assertEquals("*4\r\n$8\r\npmessage\r\n$4\r\nps:*\r\n$5\r\nps:zz\r\n$1\r\nx\r\n", drainPushed(h, 2));
        // shard messages reach only shard subscribers
        h.run(c, "SSUBSCRIBE ps:a");
        h.pushed.clear();
        assertEquals(":1\r\n", h.run("SPUBLISH ps:a m"));
        assertEquals("*3\r\n$8\r\nsmessage\r\n$4\r\nps:a\r\n$1\r\nm\r\n", drainPushed(h, 2));
    }

    @Test
    void pubsubIntrospection() {
        Session b = h.newSession(), c = h.newSession();
        h.run(b, "SUBSCRIBE ps:a ps:b");
        h.run(b, "PSUBSCRIBE ps:*");
        h.run(c, "SUBSCRIBE ps:a other");
        h.run(c, "PSUBSCRIBE ps:* x");
        assertEquals("*2\r\n$4\r\nps:a\r\n$4\r\nps:b\r\n", h.run("PUBSUB CHANNELS ps:*"));
        assertEquals("*3\r\n$4\r\nps:a\r\n$4\r\nps:b\r\n$5\r\nother\r\n", h.run("PUBSUB CHANNELS"));
        assertEquals("*8\r\n$4\r\nps:a\r\n:2\r\n$4\r\nps:b\r\n:1\r\n$5\r\nps:zz\r\n:0\r\n$4\r\nps:a\r\n:2\r\n",
                h.run("PUBSUB NUMSUB ps:a ps:b ps:zz ps:a"));
        assertEquals("*0\r\n", h.run("PUBSUB NUMSUB"));
        assertEquals(":2\r\n", h.run("PUBSUB NUMPAT"));
        assertEquals("*0\r\n", h.run("PUBSUB shardchannels"));
        assertEquals("*2\r\n$1\r\nx\r\n:0\r\n", h.run("PUBSUB SHARDNUMSUB x"));
        assertEquals("-ERR unknown subcommand or wrong number of arguments for 'channels'. Try PUBSUB HELP.\r\n",
                h.run("PUBSUB channels ps:a x"));
        assertEquals("-ERR wrong number of arguments for 'pubsub|numpat' command\r\n", h.run("PUBSUB numpat x"));
        assertEquals("-ERR unknown subcommand 'foo'. Try PUBSUB HELP.\r\n", h.run("PUBSUB foo"));
        assertEquals("-ERR wrong number of arguments for 'pubsub' command\r\n", h.run("PUBSUB"));
        assertTrue(h.run("PUBSUB HELP").startsWith("*14\r\n+PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"));
        // a disconnected client's subscriptions are gone
        h.engine.disconnect(b);
        assertEquals("*4\r\n$4\r\nps:a\r\n:1\r\n$4\r\nps:b\r\n:0\r\n", h.run("PUBSUB NUMSUB ps:a ps:b"));
        assertEquals(":2\r\n", h.run("PUBSUB NUMPAT"));
        h.engine.disconnect(c);
        assertEquals(":0\r\n", h.run("PUBSUB NUMPAT"));
        assertEquals("*0\r\n", h.run("PUBSUB CHANNELS"));
    }

    @Test
    void sixTwoPubsubErrors() {
        EngineHarness h = new EngineHarness(Dialect.REDIS_6_2, null);
        assertEquals("-ERR Unknown subcommand or wrong number of arguments for 'channels'. Try PUBSUB HELP.\r\n",
                h.run("PUBSUB channels a b"));
        assertEquals("-ERR Unknown subcommand or wrong number of arguments for 'numpat'. Try PUBSUB HELP.\r\n",
                h.run("PUBSUB numpat x"));
        assertEquals("-ERR Unknown subcommand or wrong number of arguments for 'shardchannels'. Try PUBSUB HELP.\r\n",
                h.run("PUBSUB shardchannels"));
        assertTrue(h.run("PUBSUB HELP").startsWith("*10\r\n"));
    }

    @Test
    void subscribeInsideMultiAnswersItsFramesInsideTheExecArray() {
        assertEquals("+OK\r\n", h.run("MULTI"));
        assertEquals("+QUEUED\r\n", h.run("SUBSCRIBE a b"));
        assertEquals("+QUEUED\r\n", h.run("PING"));
        // real Redis: the *2 header counts SUBSCRIBE once while it writes one frame per channel
        assertEquals("*2\r\n" + sub("subscribe", "a", 1) + sub("subscribe", "b", 2) + "*2\r\n$4\r\npong\r\n$0\r\n\r\n",
                h.run("EXEC"));
    }

    @Test
    void replyOffSuppressesFramesIn62Only() {
        h.session.replyMode = Session.ReplyMode.OFF;
        assertEquals(sub("subscribe", "a", 1), h.run("SUBSCRIBE a"));
        h.run(h.newSession(), "PUBLISH a x");
        assertEquals("*3\r\n$7\r\nmessage\r\n$1\r\na\r\n$1\r\nx\r\n", drainPushed(h, 2));

        EngineHarness h62 = new EngineHarness(Dialect.REDIS_6_2, null);
        h62.session.replyMode = Session.ReplyMode.OFF;
        assertNull(h62.run("SUBSCRIBE a"));
        assertEquals(":1\r\n", h62.run(h62.newSession(), "PUBLISH a x"));
        assertEquals("", drainPushed(h62, 2));
    }

    @Test
    void disconnectAndResetHookDropEverySubscription() {
        h.run("SUBSCRIBE a");
        h.run("PSUBSCRIBE p*");
        h.run("SSUBSCRIBE s");
        assertTrue(PubSubCommands.isSubscribed(h.session));
        assertEquals(1, PubSubCommands.channelCount(h.session));
        assertEquals(1, PubSubCommands.patternCount(h.session));
        assertEquals(1, PubSubCommands.shardChannelCount(h.session));
        PubSubCommands.unsubscribeAll(h.engine, h.session);
        assertFalse(PubSubCommands.isSubscribed(h.session));
        assertEquals("$-1\r\n", h.run("GET k"));
        assertEquals(":0\r\n", h.run("PUBLISH a x"));
        assertEquals(":0\r\n", h.run("PUBLISH px x"));
        assertEquals(":0\r\n", h.run("SPUBLISH s x"));
        assertEquals(0, h.engine.pubsub.channelCount() + h.engine.pubsub.patternCount() + h.engine.pubsub.shardChannelCount());
        assertEquals(List.of(), h.pushed);
    }

    @Test
    void binaryChannelsAndPatternsMatchLikeStringmatchlen() {
        Session b = h.newSession();
        h.run(b, "PSUBSCRIBE \"h[ae]llo\\x00*\"");
        h.pushed.clear();
        assertEquals(":1\r\n", h.run("PUBLISH \"hallo\\x00x\" m"));
        assertEquals(":0\r\n", h.run("PUBLISH \"hillo\\x00x\" m"));
        assertEquals(":0\r\n", h.run("PUBLISH Hallo m"));
        assertEquals(1, h.pushed.size());
    }
}
