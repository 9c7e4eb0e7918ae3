package io.redisdouble.command;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.dialect.Quirk;
import io.redisdouble.resp.Reply;
import io.redisdouble.util.Bytes;
import io.redisdouble.util.Glob;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.redisdouble.command.CommandTable.flags;
import static io.redisdouble.command.Flag.*;

/**
 * Pub/sub (pubsub.c): SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE, PUBLISH, PUBSUB CHANNELS /
 * NUMSUB / NUMPAT / HELP, and from 7.0 the shard variants SSUBSCRIBE, SUNSUBSCRIBE, SPUBLISH, PUBSUB
 * SHARDCHANNELS / SHARDNUMSUB (a standalone server: one shard holding every slot).
 *
 * <p>Replies to the subscribing client are push frames ({@code >} in RESP3, {@code *} in RESP2), one
 * per argument, sent back to back ({@link Reply#sequence}). Messages to other clients go through
 * {@link Session.Link#push}. Order, where a real Redis iterates its hash tables (UNSUBSCRIBE without
 * arguments, PUBSUB CHANNELS, the patterns a message matches), is insertion order here: Redis's order
 * there depends on a hash seed drawn at start-up, so no client can rely on it.
 *
 * <p>Subscribed mode (CLIENT_PUBSUB): a client with at least one subscription of any kind. In RESP2
 * it may only run the commands {@link #checkSubscribedContext} lets through, and PING answers
 * {@code *2 pong <arg or "">} ({@link #subscribedPong}).
 */
final class PubSubCommands {
    private PubSubCommands() {}

    static void register(CommandTable t) {
        Set<Flag> subscribeFlags = flags(PUBSUB, NOSCRIPT, LOADING, STALE);
        t.add("subscribe", -2, subscribeFlags, new Dispatch(Dispatch.SUBSCRIBE));
        t.add("unsubscribe", -1, subscribeFlags, new Dispatch(Dispatch.UNSUBSCRIBE));
        t.add("psubscribe", -2, subscribeFlags, new Dispatch(Dispatch.PSUBSCRIBE));
        t.add("punsubscribe", -1, subscribeFlags, new Dispatch(Dispatch.PUNSUBSCRIBE));
        t.add("publish", 3, flags(PUBSUB, LOADING, STALE, FAST, MAY_REPLICATE), new Dispatch(Dispatch.PUBLISH));
        Set<Flag> introspection = flags(PUBSUB, LOADING, STALE);
        CommandSpec pubsub = t.add("pubsub", -2, flags(), new Dispatch(Dispatch.PUBSUB_CONTAINER));
        pubsub.sub("channels", -2, introspection, new Dispatch(Dispatch.PUBSUB_CHANNELS));
        pubsub.sub("numpat", 2, introspection, new Dispatch(Dispatch.PUBSUB_NUMPAT));
        pubsub.sub("numsub", -2, introspection, new Dispatch(Dispatch.PUBSUB_NUMSUB));
        pubsub.sub("help", 2, flags(LOADING, STALE), new Dispatch(Dispatch.PUBSUB_HELP));
        if (t.known("pubsub|shardchannels")) {
            pubsub.sub("shardchannels", -2, introspection, new Dispatch(Dispatch.PUBSUB_SHARDCHANNELS));
        }
        if (t.known("pubsub|shardnumsub")) pubsub.sub("shardnumsub", -2, introspection, new Dispatch(Dispatch.PUBSUB_SHARDNUMSUB));
        if (t.known("ssubscribe")) t.add("ssubscribe", -2, subscribeFlags, 1, -1, 1, new Dispatch(Dispatch.SSUBSCRIBE));
        if (t.known("sunsubscribe")) t.add("sunsubscribe", -1, subscribeFlags, 1, -1, 1, new Dispatch(Dispatch.SUNSUBSCRIBE));
        if (t.known("spublish")) {
            t.add("spublish", 3, flags(PUBSUB, LOADING, STALE, FAST, MAY_REPLICATE), 1, 1, 1,
                    new Dispatch(Dispatch.SPUBLISH));
        }
    }

    // ---- state --------------------------------------------------------------------------------------

    /** The three kinds of subscription, as pubsub.c's pubsubtype plus patterns. */
    enum Kind {
        CHANNEL("subscribe", "unsubscribe", "message"),
        PATTERN("psubscribe", "punsubscribe", "pmessage"),
        SHARD("ssubscribe", "sunsubscribe", "smessage");

        final Reply subscribeWord;
        final Reply unsubscribeWord;
        final Reply messageWord;

        Kind(String subscribe, String unsubscribe, String message) {
            this.subscribeWord = Reply.bulk(subscribe);
            this.unsubscribeWord = Reply.bulk(unsubscribe);
            this.messageWord = Reply.bulk(message);
        }
    }

    /**
     * The server side (server.pubsub_channels / pubsub_patterns / pubsubshard_channels): name -> its
     * subscribers in subscription order. A name with no subscriber left is removed, so PUBSUB CHANNELS
     * and NUMPAT see only live ones.
     */
    static final class Hub {
        private final Map<Bytes, LinkedHashSet<Session>> channels = new LinkedHashMap<>();
        private final Map<Bytes, LinkedHashSet<Session>> patterns = new LinkedHashMap<>();
        private final Map<Bytes, LinkedHashSet<Session>> shardChannels = new LinkedHashMap<>();

        private Map<Bytes, LinkedHashSet<Session>> of(Kind k) {
            return switch (k) {
                case CHANNEL -> channels;
                case PATTERN -> patterns;
                case SHARD -> shardChannels;
            };
        }

        /** INFO's pubsub_channels. */
        public int channelCount() {
            return channels.size();
        }

        /** INFO's pubsub_patterns (distinct patterns, as 7.0 and 6.2 count them). */
        public int patternCount() {
            return patterns.size();
        }

        /** INFO's pubsubshard_channels (7.0). */
        public int shardChannelCount() {
            return shardChannels.size();
        }
    }

    /** One client's subscriptions (c->pubsub_channels, c->pubsub_patterns, c->pubsubshard_channels). */
    static final class Subscriptions {
        final LinkedHashSet<Bytes> channels = new LinkedHashSet<>();
        final LinkedHashSet<Bytes> patterns = new LinkedHashSet<>();
        final LinkedHashSet<Bytes> shardChannels = new LinkedHashSet<>();

        LinkedHashSet<Bytes> of(Kind k) {
            return switch (k) {
                case CHANNEL -> channels;
                case PATTERN -> patterns;
                case SHARD -> shardChannels;
            };
        }

        /** The count SUBSCRIBE-family replies carry: shard channels apart from the others. */
        int count(Kind k) {
            return k == Kind.SHARD ? shardChannels.size() : channels.size() + patterns.size();
        }

        boolean isEmpty() {
            return channels.isEmpty() && patterns.isEmpty() && shardChannels.isEmpty();
        }
    }

    /** True when the client is in subscribed mode (CLIENT_PUBSUB): any subscription of any kind. */
    static boolean isSubscribed(Session s) {
        return s.pubsub != null;
    }

    /** CLIENT LIST's sub= field. */
    static int channelCount(Session s) {
        return s.pubsub == null ? 0 : s.pubsub.channels.size();
    }

    /** CLIENT LIST's psub= field. */
    static int patternCount(Session s) {
        return s.pubsub == null ? 0 : s.pubsub.patterns.size();
    }

    /** CLIENT LIST's ssub= field (7.0). */
    static int shardChannelCount(Session s) {
        return s.pubsub == null ? 0 : s.pubsub.shardChannels.size();
    }

    // ---- subscribed mode ----------------------------------------------------------------------------

    /**
     * processCommand's pub/sub context check: null if the command may run, else the error. Only RESP2
     * clients in subscribed mode are restricted, to (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PING, QUIT and
     * RESET. Runs after the arity and authentication checks and before MULTI queueing.
     */
    static String checkSubscribedContext(Session s, CommandSpec spec, Dialect v) {
        if (s.pubsub == null || s.proto != 2) return null;
        CommandSpec top = spec.parent != null ? spec.parent : spec;
        switch (top.name) {
            case "ping", "subscribe", "ssubscribe", "unsubscribe", "sunsubscribe", "psubscribe", "punsubscribe",
                 "quit", "reset" -> {
                return null;
            }
            default -> {
                return Errors.onlyPubSubAllowed(v, v.has(Quirk.SUBCOMMANDS_AS_COMMANDS) ? spec.fullName : top.name);
            }
        }
    }

    private static final Reply PONG_WORD = Reply.bulk("pong");
    private static final Reply EMPTY_BULK = Reply.bulk(new byte[0]);

    /**
     * pingCommand for a RESP2 client in subscribed mode ({@code *2 $4 pong $N arg}, the argument or an
     * empty string), or null if the normal PING reply applies. Clients (Redisson) use it as keep-alive.
     */
    static Reply subscribedPong(Call c) {
        if (c.session.pubsub == null || c.session.proto != 2) return null;
        return Reply.array(PONG_WORD, c.argc() == 1 ? EMPTY_BULK : Reply.bulk(c.arg(1)));
    }

    /**
     * True for a reply made only of pub/sub frames: 7.0 writes those even when the client turned
     * replies off (CLIENT REPLY OFF / SKIP), as its CLIENT_PUSHING flag does; 6.2 does not.
     */
    static boolean bypassesReplyOff(Reply r, Dialect v) {
        if (r == null || !v.has(Quirk.PUBSUB_IGNORES_REPLY_OFF)) return false;
        if (r.kind() == Reply.Kind.PUSH) return true;
        if (r.kind() != Reply.Kind.SEQUENCE) return false;
        for (Reply f : ((Reply.Multi) r).items) if (f.kind() != Reply.Kind.PUSH) return false;
        return true;
    }

    // ---- SUBSCRIBE family ---------------------------------------------------------------------------

    static Reply subscribe(Call c) {
        return subscribeGeneric(c, Kind.CHANNEL);
    }

    static Reply psubscribe(Call c) {
        return subscribeGeneric(c, Kind.PATTERN);
    }

    static Reply ssubscribe(Call c) {
        return subscribeGeneric(c, Kind.SHARD);
    }

    static Reply unsubscribe(Call c) {
        return unsubscribeGeneric(c, Kind.CHANNEL);
    }

    static Reply punsubscribe(Call c) {
        return unsubscribeGeneric(c, Kind.PATTERN);
    }

    static Reply sunsubscribe(Call c) {
        return unsubscribeGeneric(c, Kind.SHARD);
    }

    /**
     * pubsubSubscribeChannel / pubsubSubscribePattern for each argument: one frame
     * {@code [subscribe, name, count]} per argument, also for a name already subscribed (the count
     * then stays the same).
     */
    private static Reply subscribeGeneric(Call c, Kind k) {
        Session s = c.session;
        if (s.pubsub == null) s.pubsub = new Subscriptions();
        Hub hub = c.engine.pubsub;
        Reply[] frames = new Reply[c.argc() - 1];
        for (int j = 1; j < c.argc(); j++) {
            Bytes name = Bytes.wrap(c.arg(j));
            if (s.pubsub.of(k).add(name)) {
                hub.of(k).computeIfAbsent(name, n -> new LinkedHashSet<>(2)).add(s);
            }
            frames[j - 1] = Reply.push(k.subscribeWord, Reply.bulk(c.arg(j)), Reply.integer(s.pubsub.count(k)));
        }
        return Reply.sequence(frames);
    }

    /**
     * UNSUBSCRIBE name…: one frame per argument, subscribed or not. Without arguments: one frame per
     * current subscription of that kind, or a single {@code [unsubscribe, nil, count]} if there is none.
     * Leaving the last subscription of every kind ends subscribed mode.
     */
    private static Reply unsubscribeGeneric(Call c, Kind k) {
        Session s = c.session;
        List<Reply> frames = new ArrayList<>();
        if (c.argc() == 1) {
            if (s.pubsub != null && !s.pubsub.of(k).isEmpty()) {
                for (Bytes name : new ArrayList<>(s.pubsub.of(k))) {
                    remove(c.engine.pubsub, s, k, name);
                    frames.add(Reply.push(k.unsubscribeWord, Reply.bulk(name), Reply.integer(s.pubsub.count(k))));
                }
            } else {
                frames.add(Reply.push(k.unsubscribeWord, Reply.NIL, Reply.integer(s.pubsub == null ? 0 : s.pubsub.count(k))));
            }
        } else {
            for (int j = 1; j < c.argc(); j++) {
                if (s.pubsub != null) remove(c.engine.pubsub, s, k, Bytes.wrap(c.arg(j)));
                frames.add(Reply.push(k.unsubscribeWord, Reply.bulk(c.arg(j)),
                        Reply.integer(s.pubsub == null ? 0 : s.pubsub.count(k))));
            }
        }
        if (s.pubsub != null && s.pubsub.isEmpty()) s.pubsub = null;
        return Reply.sequence(frames.toArray(new Reply[0]));
    }

    /** Removes one subscription from both sides (the server side entry goes with its last subscriber). */
    private static void remove(Hub hub, Session s, Kind k, Bytes name) {
        if (!s.pubsub.of(k).remove(name)) return;
        Map<Bytes, LinkedHashSet<Session>> m = hub.of(k);
        LinkedHashSet<Session> subs = m.get(name);
        subs.remove(s);
        if (subs.isEmpty()) m.remove(name);
    }

    /**
     * Drops every subscription of the client without notifying it: on disconnect and on RESET
     * (freeClient / clearClientConnectionState). Ends subscribed mode.
     */
    static void unsubscribeAll(Engine engine, Session s) {
        if (s.pubsub == null) return;
        for (Kind k : Kind.values()) {
            for (Bytes name : new ArrayList<>(s.pubsub.of(k))) remove(engine.pubsub, s, k, name);
        }
        s.pubsub = null;
    }

    // ---- PUBLISH ------------------------------------------------------------------------------------

    /** PUBLISH channel message: the number of deliveries (channel subscribers plus pattern matches). */
    static Reply publish(Call c) {
        long receivers = publishMessage(c.engine, c.session, c.arg(1), c.arg(2), false);
        // clusterPropagatePublish: every other node's subscribers get it too (the count is this node's)
        if (c.engine.cluster() != null) c.engine.cluster().propagatePublish(c.engine, c.arg(1), c.arg(2));
        return Reply.integer(receivers);
    }

    /** SPUBLISH shardchannel message (7.0): only shard subscribers receive it. */
    static Reply spublish(Call c) {
        return Reply.integer(publishMessage(c.engine, c.session, c.arg(1), c.arg(2), true));
    }

    /**
     * pubsubPublishMessage: first every subscriber of the channel ({@code [message, channel, msg]}),
     * then, pattern by pattern, every subscriber of each pattern matching the channel
     * ({@code [pmessage, pattern, channel, msg]}). A client subscribed both ways, or to several
     * matching patterns, receives (and is counted) once per subscription. Returns the count.
     */
    static long publishMessage(Engine engine, Session publisher, byte[] channel, byte[] message, boolean shard) {
        Hub hub = engine.pubsub;
        long receivers = 0;
        Kind k = shard ? Kind.SHARD : Kind.CHANNEL;
        LinkedHashSet<Session> subs = hub.of(k).get(Bytes.wrap(channel));
        if (subs != null) {
            Reply frame = Reply.push(k.messageWord, Reply.bulk(channel), Reply.bulk(message));
            for (Session s : subs) {
                deliver(engine, publisher, s, frame);
                receivers++;
            }
        }
        if (!shard && !hub.patterns.isEmpty()) {
            Reply ch = Reply.bulk(channel), msg = Reply.bulk(message);
            for (Map.Entry<Bytes, LinkedHashSet<Session>> e : hub.patterns.entrySet()) {
                if (!Glob.match(e.getKey().array(), channel, false)) continue;
                Reply frame = Reply.push(Kind.PATTERN.messageWord, Reply.bulk(e.getKey()), ch, msg);
                for (Session s : e.getValue()) {
                    deliver(engine, publisher, s, frame);
                    receivers++;
                }
            }
        }
        return receivers;
    }

    /**
     * Sends a message frame to a subscriber. 6.2 drops it for a client whose replies are off (and for
     * the publisher itself while its reply is being skipped); 7.0 always sends pub/sub frames.
     */
    private static void deliver(Engine engine, Session publisher, Session target, Reply frame) {
        if (!engine.dialect().has(Quirk.PUBSUB_IGNORES_REPLY_OFF)) {
            if (target.replyMode == Session.ReplyMode.OFF) return;
            // the SKIP flag is set while the client's own (skipped) command runs, a script's included; a
            // CLIENT REPLY SKIP queued earlier in the same EXEC has only armed SKIP_NEXT (skipArmed),
            // which turns into SKIP after EXEC, so frames published inside the EXEC still go out
            if ((target == publisher || target == engine.runningClient()) && target.replyMode == Session.ReplyMode.SKIP
                    && !target.skipArmed) return;
        }
        engine.push(target, frame);
    }

    // ---- PUBSUB -------------------------------------------------------------------------------------

    /** PUBSUB CHANNELS [pattern]: the active channels, all or those matching the pattern. */
    static Reply pubsubChannels(Call c) throws CommandException {
        return channelList(c, c.engine.pubsub.channels);
    }

    /** PUBSUB SHARDCHANNELS [pattern] (7.0). */
    static Reply pubsubShardchannels(Call c) throws CommandException {
        return channelList(c, c.engine.pubsub.shardChannels);
    }

    private static Reply channelList(Call c, Map<Bytes, LinkedHashSet<Session>> channels) throws CommandException {
        if (c.argc() > 3) throw Call.error(Errors.pubsubSubcommandSyntax(c.dialect(), c.arg(1)));
        byte[] pattern = c.argc() == 3 ? c.arg(2) : null;
        List<Reply> out = new ArrayList<>();
        for (Bytes ch : channels.keySet()) {
            if (pattern == null || Glob.match(pattern, ch.array(), false)) out.add(Reply.bulk(ch));
        }
        return Reply.array(out);
    }

    /** PUBSUB NUMSUB [channel…]: a flat array of channel, subscriber count (an array in RESP3 too). */
    static Reply pubsubNumsub(Call c) {
        return numsub(c, c.engine.pubsub.channels);
    }

    /** PUBSUB SHARDNUMSUB [shardchannel…] (7.0). */
    static Reply pubsubShardnumsub(Call c) {
        return numsub(c, c.engine.pubsub.shardChannels);
    }

    private static Reply numsub(Call c, Map<Bytes, LinkedHashSet<Session>> channels) {
        Reply[] out = new Reply[(c.argc() - 2) * 2];
        for (int j = 2; j < c.argc(); j++) {
            LinkedHashSet<Session> subs = channels.get(Bytes.wrap(c.arg(j)));
            out[(j - 2) * 2] = Reply.bulk(c.arg(j));
            out[(j - 2) * 2 + 1] = Reply.integer(subs == null ? 0 : subs.size());
        }
        return Reply.array(out);
    }

    /** PUBSUB NUMPAT: the number of distinct patterns subscribed to by any client. */
    static Reply pubsubNumpat(Call c) {
        return Reply.integer(c.engine.pubsub.patterns.size());
    }

    static Reply pubsubHelp(Call c) {
        return HelpTexts.help(c.dialect(), "PUBSUB");
    }

    /** This family's command handlers, one object per command and no lambda class each: see {@link OpHandler}. */
    private static final class Dispatch extends OpHandler {
        static final int SUBSCRIBE = 0;
        static final int UNSUBSCRIBE = 1;
        static final int PSUBSCRIBE = 2;
        static final int PUNSUBSCRIBE = 3;
        static final int PUBLISH = 4;
        static final int PUBSUB_CHANNELS = 5;
        static final int PUBSUB_NUMPAT = 6;
        static final int PUBSUB_NUMSUB = 7;
        static final int PUBSUB_HELP = 8;
        static final int PUBSUB_SHARDCHANNELS = 9;
        static final int PUBSUB_SHARDNUMSUB = 10;
        static final int SSUBSCRIBE = 11;
        static final int SUNSUBSCRIBE = 12;
        static final int SPUBLISH = 13;
        static final int PUBSUB_CONTAINER = 14;

        Dispatch(int op) {
            super(op);
        }

        @Override
        public Reply run(Call c) throws CommandException {
            return switch (op) {
                case SUBSCRIBE -> subscribe(c);
                case UNSUBSCRIBE -> unsubscribe(c);
                case PSUBSCRIBE -> psubscribe(c);
                case PUNSUBSCRIBE -> punsubscribe(c);
                case PUBLISH -> publish(c);
                case PUBSUB_CHANNELS -> pubsubChannels(c);
                case PUBSUB_NUMPAT -> pubsubNumpat(c);
                case PUBSUB_NUMSUB -> pubsubNumsub(c);
                case PUBSUB_HELP -> pubsubHelp(c);
                case PUBSUB_SHARDCHANNELS -> pubsubShardchannels(c);
                case PUBSUB_SHARDNUMSUB -> pubsubShardnumsub(c);
                case SSUBSCRIBE -> ssubscribe(c);
                case SUNSUBSCRIBE -> sunsubscribe(c);
                case SPUBLISH -> spublish(c);
                case PUBSUB_CONTAINER -> null;
                default -> throw unknown();
            };
        }
    }
}
