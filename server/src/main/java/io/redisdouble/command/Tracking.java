package io.redisdouble.command;

import io.redisdouble.dialect.Quirk;
import io.redisdouble.resp.Reply;
import io.redisdouble.util.Bytes;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Server-assisted client-side caching (tracking.c). Two tables, as Redis keeps them:
 * <ul>
 * <li>the tracking table: for each key read by a tracking client in default mode, the ids of those
 * clients; a write to the key sends each of them one invalidation and forgets the key;</li>
 * <li>the prefix table (BCAST mode): for each prefix, its clients and the keys under it written since the
 * last broadcast (with the client that wrote each last, for NOLOOP); {@link #broadcast} sends them as
 * beforeSleep does.</li>
 * </ul>
 * Invalidations go to the client itself as a RESP3 push {@code >2 invalidate [keys]}, or to the client
 * it redirects to: a RESP3 push there too, or, to a RESP2 client in subscribed mode, a message on
 * {@code __redis__:invalidate}. Invalidations meant for the client whose command is running wait until
 * its reply is out (tracking_pending_keys, sent when the top-level call ends). Touched only on the command
 * thread.
 */
public final class Tracking {
    /** A client's tracking state (the CLIENT_TRACKING* flags, redirection and prefixes). */
    static final class ClientState {
        boolean bcast, optin, optout, noloop, caching, brokenRedir;
        /** 0 for none. */
        long redirect;
        /** BCAST prefixes, in byte order (client_tracking_prefixes). */
        final TreeSet<Bytes> prefixes = new TreeSet<>();
        /** {@link #raxNodes} as counted for this many prefixes (prefixes are only added while tracking is on). */
        private int raxNodesCounted = -1;
        private long raxNodes;

        /**
         * client_tracking_prefixes->numnodes: the nodes of the radix tree Redis keeps the BCAST prefixes in
         * (0 when the client has none, so no tree). Counted once per change.
         */
        long raxNodes() {
            if (prefixes.isEmpty()) return 0;
            if (raxNodesCounted != prefixes.size()) {
                raxNodes = raxNodeCount(prefixes);
                raxNodesCounted = prefixes.size();
            }
            return raxNodes;
        }
    }

    /**
     * The nodes of a rax (rax.c) holding these keys: its head, every node a key ends at, every node with no
     * or several children, and every child of a node with several children; a run of single-child nodes
     * that are no key ends is one compressed node.
     */
    static long raxNodeCount(java.util.Collection<Bytes> keys) {
        final class Node {
            final TreeMap<Byte, Node> children = new TreeMap<>();
            boolean key;
        }
        Node head = new Node();
        for (Bytes k : keys) {
            Node n = head;
            for (byte b : k.array()) n = n.children.computeIfAbsent(b, x -> new Node());
            n.key = true;
        }
        long count = 1;
        java.util.ArrayDeque<Node> todo = new java.util.ArrayDeque<>();
        todo.push(head);
        while (!todo.isEmpty()) {
            Node parent = todo.pop();
            boolean branching = parent.children.size() > 1;
            for (Node child : parent.children.values()) {
                if (branching || child.key || child.children.size() != 1) count++;
                todo.push(child);
            }
        }
        return count;
    }

    private static final class BcastState {
        /** Keys written since the last broadcast, with the client that wrote each last (null: no client). */
        final TreeMap<Bytes, Session> keys = new TreeMap<>();
        final LinkedHashSet<Session> clients = new LinkedHashSet<>();
    }

    private static final byte[] CHANNEL = Bytes.utf8("__redis__:invalidate");
    /** Marks a pending flush invalidation (Redis's NULL in tracking_pending_keys). */
    private static final Bytes FLUSHED = Bytes.wrap(new byte[0]);

    private final Engine engine;
    private final TreeMap<Bytes, LinkedHashSet<Long>> table = new TreeMap<>();
    private final TreeMap<Bytes, BcastState> prefixTable = new TreeMap<>();
    private long totalItems;
    private int trackingClients;
    /** Keys invalidated for the running client, sent after its reply (tracking_pending_keys). */
    private final List<Bytes> pending = new ArrayList<>();
    /** Frames for the running client's own connection, to follow its reply. */
    private final List<Reply> ownFrames = new ArrayList<>();
    /** How many times the table was found over its limit in a row (trackingLimitUsedSlots' timeout_counter). */
    private int limitEffortCounter;
    /** Picks the keys dropped when the table is over tracking-table-max-keys (Redis walks its radix tree at random). */
    private final SplittableRandom random;

    Tracking(Engine engine, long seed) {
        this.engine = engine;
        this.random = new SplittableRandom(seed ^ 0x545241434BL);
    }

    // ---- INFO ------------------------------------------------------------------------------------------

    public int clients() {
        return trackingClients;
    }

    public long totalKeys() {
        return table.size();
    }

    public long totalItems() {
        return totalItems;
    }

    public long totalPrefixes() {
        return prefixTable.size();
    }

    // ---- enabling and disabling ------------------------------------------------------------------------

    /** enableTracking: the options were checked by the caller; the mode flags are replaced, not merged. */
    void enable(Session c, long redirect, boolean bcast, boolean optin, boolean optout, boolean noloop,
                List<Bytes> prefixes) {
        ClientState t = c.tracking;
        if (t == null) {
            t = c.tracking = new ClientState();
            trackingClients++;
        }
        t.brokenRedir = false;
        t.redirect = redirect;
        t.bcast = bcast;
        if (bcast) {
            if (prefixes.isEmpty()) enableBcastPrefix(c, Bytes.wrap(new byte[0]));
            for (Bytes p : prefixes) enableBcastPrefix(c, p);
        }
        t.optin = optin;
        t.optout = optout;
        t.noloop = noloop;
    }

    private void enableBcastPrefix(Session c, Bytes prefix) {
        BcastState bs = prefixTable.computeIfAbsent(prefix, p -> new BcastState());
        if (bs.clients.add(c)) c.tracking.prefixes.add(prefix);
    }

    /** disableTracking: leaves the client's prefixes (dropping those no other client has) and every flag. */
    void disable(Session c) {
        ClientState t = c.tracking;
        if (t == null) return;
        for (Bytes p : t.prefixes) {
            BcastState bs = prefixTable.get(p);
            if (bs == null) continue;
            bs.clients.remove(c);
            if (bs.clients.isEmpty()) prefixTable.remove(p);
        }
        c.tracking = null;
        trackingClients--;
    }

    /**
     * checkPrefixCollisionsOrReply: the error for the first new prefix that is a prefix of one the client
     * has (or has one of them as a prefix), or of a later one in the same command; null if none.
     */
    static String prefixCollision(Session c, List<Bytes> prefixes) {
        for (int i = 0; i < prefixes.size(); i++) {
            Bytes p = prefixes.get(i);
            if (c != null && c.tracking != null) {
                for (Bytes existing : c.tracking.prefixes) {
                    if (overlap(existing, p)) return Errors.trackingPrefixOverlapsExisting(p.array(), existing.array());
                }
            }
            for (int j = i + 1; j < prefixes.size(); j++) {
                if (overlap(p, prefixes.get(j))) {
                    return Errors.trackingPrefixOverlapsOther(p.array(), prefixes.get(j).array());
                }
            }
        }
        return null;
    }

    private static boolean overlap(Bytes a, Bytes b) {
        byte[] x = a.array(), y = b.array();
        int n = Math.min(x.length, y.length);
        for (int i = 0; i < n; i++) if (x[i] != y[i]) return false;
        return true;
    }

    // ---- remembering keys ------------------------------------------------------------------------------

    /**
     * trackingRememberKeys: after a read-only command, the keys it names are remembered for the tracking
     * client, unless OPTIN without CLIENT CACHING YES or OPTOUT with CLIENT CACHING NO.
     */
    void rememberKeys(Session tracking, CommandSpec spec, byte[][] argv) {
        ClientState t = tracking.tracking;
        if ((t.optin && !t.caching) || (t.optout && t.caching)) return;
        if (spec.has(Flag.PUBSUB)) return;
        List<int[]> keys = CommandCommand.keyPositions(engine.dialect(), spec, argv);
        if (keys == null) return;
        for (int[] k : keys) {
            Bytes key = Bytes.wrap(argv[k[0]]);
            if (table.computeIfAbsent(key, x -> new LinkedHashSet<>(2)).add(tracking.id)) totalItems++;
        }
    }

    // ---- invalidating ----------------------------------------------------------------------------------

    /**
     * trackingInvalidateKey: a key was modified by {@code writer} (null: expiry, eviction). It is noted for
     * the BCAST prefixes it falls under (when {@code bcast}), and every client that read it in default
     * mode is told (NOLOOP clients not about their own writes), then the key is forgotten.
     *
     * @param running the client whose command is running, null outside a command (its invalidations wait)
     */
    void invalidateKey(Session writer, Session running, byte[] key, boolean bcast) {
        if (bcast && !prefixTable.isEmpty()) rememberForBroadcast(writer, key);
        if (table.isEmpty()) return;
        Bytes k = Bytes.wrap(key);
        LinkedHashSet<Long> ids = table.remove(k);
        if (ids == null) return;
        totalItems -= ids.size();
        Session current = engine.currentClient();
        Session noloopSelf = engine.dialect().has(Quirk.TRACKING_NOLOOP_RUNNING_CLIENT) ? current : writer;
        for (long id : ids) {
            Session target = engine.sessions().get(id);
            if (target == null || target.tracking == null || target.tracking.bcast) continue;
            if (target.tracking.noloop && target == noloopSelf) continue;
            if (target == running) {
                pending.add(k);
            } else {
                send(target, Reply.array(Reply.bulk(key)));
            }
        }
    }

    private void rememberForBroadcast(Session writer, byte[] key) {
        for (Map.Entry<Bytes, BcastState> e : prefixTable.entrySet()) {
            byte[] p = e.getKey().array();
            if (p.length > key.length) continue;
            boolean match = true;
            for (int i = 0; i < p.length && match; i++) match = p[i] == key[i];
            if (match) e.getValue().keys.put(Bytes.wrap(key), writer);
        }
    }

    /**
     * trackingInvalidateKeysOnFlush: every tracking client is told that all its keys are invalid (a null),
     * the running client after its reply; the tracking table is emptied (the prefix table stays).
     */
    void invalidateOnFlush(Session running) {
        if (trackingClients > 0) {
            for (Session c : new ArrayList<>(engine.sessions().values())) {
                if (c.tracking == null) continue;
                if (c == running && engine.dialect().has(Quirk.TRACKING_FLUSH_AFTER_REPLY)) {
                    pending.add(FLUSHED);
                } else if (c == running) {
                    beforeReply = true; // ahead of the flush's reply, even where own pushes wait for it
                    try {
                        send(c, Reply.NIL);
                    } finally {
                        beforeReply = false;
                    }
                } else {
                    send(c, Reply.NIL);
                }
            }
        }
        table.clear();
        totalItems = 0;
    }

    /**
     * trackingHandlePendingKeyInvalidations, when the top-level call of {@code running} ends: its pending
     * invalidations are sent (to its own connection after the reply: see {@link #takeOwnFrames}).
     */
    void flushPending(Session running) {
        if (pending.isEmpty()) return;
        List<Bytes> keys = new ArrayList<>(pending);
        pending.clear();
        if (running == null || !engine.sessions().containsKey(running.id)) return;
        for (Bytes k : keys) send(running, k == FLUSHED ? Reply.NIL : Reply.array(Reply.bulk(k)));
    }

    /** The frames for the running client's own connection that must follow its reply, and forgets them. */
    List<Reply> takeOwnFrames() {
        if (ownFrames.isEmpty()) return List.of();
        List<Reply> l = new ArrayList<>(ownFrames);
        ownFrames.clear();
        return l;
    }

    /** Puts back frames taken by {@link #takeOwnFrames} that are still to be sent. */
    void keepOwnFrames(List<Reply> frames) {
        ownFrames.addAll(0, frames);
    }

    /**
     * sendTrackingMessage: {@code keys} (an array of keys, or a null after a flush) to the client, or to
     * the client it redirects to. A redirection to a client that is gone marks it broken and tells the
     * client itself (RESP3 only) with {@code tracking-redir-broken}. A RESP2 client gets nothing unless it
     * is the subscribed target of a redirection.
     */
    private void send(Session c, Reply keys) {
        ClientState t = c.tracking;
        boolean redirected = false;
        Session target = c;
        if (t != null && t.redirect != 0) {
            Session redir = engine.sessions().get(t.redirect);
            if (redir == null) {
                t.brokenRedir = true;
                if (c.proto > 2) deliver(c, Reply.push(Reply.bulk("tracking-redir-broken"), Reply.integer(t.redirect)));
                return;
            }
            target = redir;
            redirected = true;
        }
        if (target.proto > 2) {
            deliver(target, Reply.push(Reply.bulk("invalidate"), keys));
        } else if (redirected && PubSubCommands.isSubscribed(target)) {
            deliver(target, Reply.push(Reply.bulk("message"), Reply.bulk(CHANNEL), keys));
        }
    }

    /**
     * Writes a tracking frame: to the running client's own connection after its reply when its own
     * pending invalidations are being flushed, else as a pub/sub frame is (see {@link Engine#push}).
     * Before 7.0 a client whose replies are off gets none (prepareClientToWrite).
     */
    private void deliver(Session target, Reply frame) {
        if (!engine.dialect().has(Quirk.PUBSUB_IGNORES_REPLY_OFF) && target.replyMode != Session.ReplyMode.ON) return;
        if (flushingFor == target) ownFrames.add(frame);
        else if (beforeReply) target.link.push(frame);
        else engine.push(target, frame);
    }

    /** Set while the running client's flush invalidation is written ahead of its reply (6.2, 7.4, 8.0). */
    private boolean beforeReply;

    /** The client whose pending invalidations are being flushed after its reply, or null. */
    private Session flushingFor;

    /** {@link #flushPending} with frames for {@code running}'s own connection collected for after its reply. */
    void flushPendingAfterReply(Session running) {
        if (pending.isEmpty()) return;
        flushingFor = running;
        try {
            flushPending(running);
        } finally {
            flushingFor = null;
        }
    }

    /**
     * trackingBroadcastInvalidationMessages (beforeSleep): for each prefix with keys written since the
     * last time, one push with those keys to each of its clients (a NOLOOP client without the keys it
     * wrote itself, and nothing if none is left); then the written keys are forgotten.
     */
    public void broadcast() {
        if (trackingClients == 0 || prefixTable.isEmpty()) return;
        for (BcastState bs : prefixTable.values()) {
            if (bs.keys.isEmpty()) continue;
            Reply all = keysReply(bs, null);
            for (Session c : new ArrayList<>(bs.clients)) {
                if (c.tracking != null && c.tracking.noloop) {
                    Reply own = keysReply(bs, c);
                    if (own != null) send(c, own);
                } else {
                    send(c, all);
                }
            }
            bs.keys.clear();
        }
    }

    private static Reply keysReply(BcastState bs, Session exclude) {
        List<Reply> l = new ArrayList<>(bs.keys.size());
        for (Map.Entry<Bytes, Session> e : bs.keys.entrySet()) {
            if (exclude != null && e.getValue() == exclude) continue;
            l.add(Reply.bulk(e.getKey()));
        }
        return exclude != null && l.isEmpty() ? null : Reply.array(l);
    }

    /**
     * trackingLimitUsedSlots (before each command and from the cron): while the tracking table holds more
     * keys than tracking-table-max-keys (0: no limit), keys picked at random are invalidated as if written,
     * with an effort that grows each time the limit could not be reached.
     */
    void limitUsedSlots() {
        if (trackingClients == 0) return;
        long max = Long.parseLong(engine.config().get("tracking-table-max-keys"));
        if (max == 0) return;
        if (table.size() <= max) {
            limitEffortCounter = 0;
            return;
        }
        int effort = 100 * (limitEffortCounter + 1);
        while (effort-- > 0 && !table.isEmpty()) {
            int skip = random.nextInt(table.size());
            Iterator<Bytes> it = table.keySet().iterator();
            Bytes k = it.next();
            for (int i = 0; i < skip; i++) k = it.next();
            invalidateKey(null, null, k.array(), false);
            if (table.size() <= max) {
                limitEffortCounter = 0;
                return;
            }
        }
        limitEffortCounter++;
    }
}
