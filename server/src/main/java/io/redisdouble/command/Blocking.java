package io.redisdouble.command;

import io.redisdouble.dialect.Quirk;
import io.redisdouble.keyspace.Database;
import io.redisdouble.resp.Reply;
import io.redisdouble.util.Bytes;
import io.redisdouble.util.RedisNumbers;

import java.math.BigDecimal;
import java.math.RoundingMode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Clients blocked on keys, as Redis's blocked.c: BZPOPMIN, BZPOPMAX, BZMPOP, the blocking list pops
 * and moves, and XREAD / XREADGROUP BLOCK, each through its {@link Waiter} (XREADGROUP's also answers
 * when its key is deleted: {@link Waiter#keyMissing}).
 *
 * <p>A handler that finds nothing to serve calls {@link #block} and returns {@link #BLOCKED}: the
 * Engine then sends no reply and the connection stops running that client's later requests (they
 * wait, in order, in the network handler) until the client is unblocked. Every write to a key that
 * has blocked clients marks the key ready ({@link #signal}, from the keyspace listener); after each
 * command the Engine calls {@link #handleReadyKeys}, which serves the clients of each ready key in
 * the order they blocked (first blocked, first served), while the key can serve them — as
 * handleClientsBlockedOnKeys runs after call(). A served or timed-out client gets its reply through
 * {@link Session.Link#push} and is told by {@link Session.Link#unblocked} to resume its input.
 *
 * <p>Timeouts are absolute deadlines on the server's TimeSource, so a manual clock makes them pass
 * with {@code time().advance(...)} ({@link #handleTimeouts} runs from the Engine's expiry cycle, and
 * the network handler also schedules a check at a blocked client's deadline). A deadline passes when
 * the clock reaches it (the keyspace's convention; Redis needs the clock to be strictly past it, a
 * difference of one millisecond).
 *
 * <p>One difference from Redis 7.0 is accepted: every write to a watched-for key marks it ready, while
 * Redis only signals a key when it is created (dbAdd) — the two differ only when a key created by
 * another type after the client blocked is then overwritten as a sorted set (e.g. by ZUNIONSTORE).
 */
public final class Blocking {
    /** Returned by a handler that blocked its client: there is no reply yet. Compared by identity. */
    static final Reply BLOCKED = Reply.simple("BLOCKED");

    /** What a blocked command does when one of its keys may be ready, or when its time is up. */
    interface Waiter {
        /**
         * Tries to serve the client from {@code key} now; {@code value} is the key's live value (never
         * null). Returns the reply, or null if this value cannot serve it (the client keeps waiting).
         * May modify the keyspace (a pop).
         */
        Reply serve(Database db, byte[] key, Object value, long now);

        /** The reply sent when the timeout passes (BZPOPMIN: a null array). */
        Reply timeoutReply();

        /**
         * The key was signalled but holds nothing (deleted): the reply that wakes the client (XREADGROUP's
         * error), or null to keep waiting (the default).
         */
        default Reply keyMissing(Database db, byte[] key, long now) {
            return null;
        }
    }

    record KeyRef(int db, Bytes key) {}

    /** One blocked client. */
    static final class Blocked {
        final Session session;
        final int db;
        final List<byte[]> keys;
        /** Absolute deadline in ms, or 0 for none. */
        final long deadline;
        final Waiter waiter;
        /**
         * The command that blocked, as the slow log shows it, and how long its call took (c->duration):
         * updateStatsOnUnblock logs it when it is served or unblocked. Null for a postponed client.
         */
        CommandSpec spec;
        byte[][] shownArgv;
        long callNanos;

        Blocked(Session session, int db, List<byte[]> keys, long deadline, Waiter waiter) {
            this.session = session;
            this.db = db;
            this.keys = keys;
            this.deadline = deadline;
            this.waiter = waiter;
        }
    }

    private final Engine engine;
    private final Map<KeyRef, ArrayDeque<Blocked>> byKey = new HashMap<>();
    /** Every blocked client, in blocking order (timeouts are checked in this order). */
    private final Map<Session, Blocked> clients = new LinkedHashMap<>();
    /** Keys written since the last {@link #handleReadyKeys}, in signalling order. */
    private LinkedHashSet<KeyRef> ready = new LinkedHashSet<>();

    Blocking(Engine engine) {
        this.engine = engine;
    }

    /** How many clients are blocked (INFO blocked_clients). */
    public int blockedClients() {
        return clients.size();
    }

    /**
     * True if the call may block its client: not inside EXEC or a script (Redis's
     * CLIENT_DENY_BLOCKING; the command then answers as on timeout) and not for the in-process direct
     * client, which has nobody to wake.
     */
    static boolean mayBlock(Call c) {
        return !c.engine.inNestedCall() && !c.session.inMulti && c.session.id != 0;
    }

    /**
     * Blocks the call's client on {@code keys} (of its current database) until one of them serves
     * it or {@code deadline} (absolute ms; 0 = never) passes. Returns {@link #BLOCKED} for the
     * handler to return. Duplicate keys count once.
     */
    Reply block(Call c, List<byte[]> keys, long deadline, Waiter waiter) {
        Session s = c.session;
        Blocked b = new Blocked(s, s.db, keys, deadline, waiter);
        LinkedHashSet<KeyRef> refs = new LinkedHashSet<>();
        for (byte[] k : keys) refs.add(new KeyRef(s.db, Bytes.wrap(k)));
        for (KeyRef r : refs) byKey.computeIfAbsent(r, x -> new ArrayDeque<>()).addLast(b);
        clients.put(s, b);
        s.blocked = b;
        return BLOCKED;
    }

    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private static final BigDecimal TWO_POW_63 = new BigDecimal(java.math.BigInteger.ONE.shiftLeft(63));

    /**
     * getTimeoutFromObjectOrReply(UNIT_SECONDS) as an absolute deadline (0 = wait forever): the
     * argument is a long double (string2ld: "ERR timeout is not a float or out of range"), times
     * 1000, rounded up in 7.0 (ceill) and truncated in 6.2, converted as x86 does (out of the long
     * range, inf included: LLONG_MIN); negative is "ERR timeout is negative", 0 is forever. A
     * deadline past the end of time waits forever too (as Redis, whose deadline overflows). With
     * {@link Quirk#BLOCKING_TIMEOUT_RANGE_CHECKED} (7.2) more than LLONG_MAX milliseconds (inf
     * included), or a deadline past LLONG_MAX, is "ERR timeout is out of range" instead.
     */
    static long timeoutDeadline(Call c, int idx) throws CommandException {
        RedisNumbers.LongDouble ld;
        try {
            ld = RedisNumbers.LongDouble.parse(c.arg(idx));
        } catch (RedisNumbers.NotANumber e) {
            throw Call.error(Errors.TIMEOUT_NOT_FLOAT);
        }
        boolean rangeChecked = c.dialect().has(Quirk.BLOCKING_TIMEOUT_RANGE_CHECKED);
        long ms;
        if (!ld.isFinite()) {
            if (rangeChecked && !ld.isNegative()) throw Call.error(Errors.TIMEOUT_OUT_OF_RANGE);
            ms = Long.MIN_VALUE;
        } else {
            BigDecimal v = ld.toBigDecimal().multiply(THOUSAND);
            if (rangeChecked && v.compareTo(TWO_POW_63) >= 0) throw Call.error(Errors.TIMEOUT_OUT_OF_RANGE);
            v = v.setScale(0, c.dialect().has(Quirk.BLOCKING_TIMEOUT_ROUNDS_UP) ? RoundingMode.CEILING : RoundingMode.DOWN);
            ms = v.compareTo(TWO_POW_63) >= 0 || v.compareTo(TWO_POW_63.negate()) < 0 ? Long.MIN_VALUE : v.longValue();
        }
        if (ms < 0) throw Call.error(Errors.TIMEOUT_NEGATIVE);
        if (ms == 0) return 0;
        if (rangeChecked && ms > Long.MAX_VALUE - c.now) throw Call.error(Errors.TIMEOUT_OUT_OF_RANGE);
        long deadline = c.now + ms;
        return deadline < c.now ? 0 : deadline;
    }

    /** A key was written: if clients wait for it, serve them after the current command. */
    void signal(int db, byte[] key) {
        if (clients.isEmpty()) return;
        KeyRef r = new KeyRef(db, Bytes.wrap(key));
        if (byKey.containsKey(r)) ready.add(r);
    }

    /**
     * Serves the clients blocked on the keys written by the last command (handleClientsBlockedOnKeys):
     * keys in the order they were signalled, each key's clients first-blocked-first, while the key's
     * value can serve them. Serving may write keys again; those are handled in the same call.
     */
    void handleReadyKeys(long now) {
        while (!ready.isEmpty()) {
            LinkedHashSet<KeyRef> batch = ready;
            ready = new LinkedHashSet<>();
            for (KeyRef r : batch) serveKey(r, now);
        }
    }

    private void serveKey(KeyRef r, long now) {
        ArrayDeque<Blocked> q = byKey.get(r);
        if (q == null) return;
        Database db = engine.keyspace().db(r.db());
        byte[] key = r.key().array();
        int n = q.size();
        for (int i = 0; i < n && !q.isEmpty(); i++) {
            Object value = db.get(key, now);
            Blocked b = q.peekFirst();
            if (!b.session.link.isOpen()) {
                unblock(b); // gone: what it would pop stays for the next client
                continue;
            }
            // The served client runs as the current client (its own invalidations wait for its reply).
            long t0 = System.nanoTime();
            Reply reply = engine.servingBlocked(b.session,
                    () -> value == null ? b.waiter.keyMissing(db, key, now) : b.waiter.serve(db, key, value, now));
            if (reply == null) {
                q.addLast(q.pollFirst()); // as listRotateHeadToTail: not this client's kind of value
                continue;
            }
            engine.statsOnUnblock(b, System.nanoTime() - t0, now);
            unblock(b);
            deliver(b.session, reply);
            engine.afterServedBlocked(b.session);
        }
    }

    /**
     * Every key of a database with blocked clients is ready (FLUSHDB / FLUSHALL, as 7.0's
     * scanDatabaseForDeletedStreams wakes XREADGROUP clients of the streams that went).
     */
    void signalAll(int db) {
        for (KeyRef r : byKey.keySet()) if (r.db() == db) ready.add(r);
    }

    /** Replies to every client whose deadline has passed (replyToBlockedClientTimedOut). */
    void handleTimeouts(long now) {
        if (clients.isEmpty()) return;
        List<Blocked> due = new ArrayList<>();
        for (Blocked b : clients.values()) {
            if (b.deadline != 0 && b.deadline <= now) due.add(b);
        }
        for (Blocked b : due) {
            // 7.2 replyToBlockedClientTimedOut: updateStatsOnUnblock (7.0: a timeout is not logged)
            if (engine.config().dialect().has(Quirk.STATS_ON_UNBLOCK)) engine.statsOnUnblock(b, 0, now);
            unblock(b);
            deliver(b.session, b.waiter.timeoutReply());
        }
    }

    /** Forgets a client that disconnected while blocked (no reply). */
    void remove(Session s) {
        Blocked b = clients.get(s);
        if (b != null) unblock(b);
    }

    /**
     * clientsCron's clusterRedirectBlockedClientIfNeeded for every client blocked on keys: the ones
     * {@code redirect} names an error for (MOVED, CLUSTERDOWN) are unblocked with it.
     */
    void redirectBlocked(java.util.function.BiFunction<Session, List<byte[]>, String> redirect) {
        for (Blocked b : new ArrayList<>(clients.values())) {
            if (b.keys.isEmpty()) continue;
            String err = redirect.apply(b.session, b.keys);
            if (err != null) unblockWith(b.session, err);
        }
    }

    /**
     * Wakes a blocked client as if it timed out, or with {@code errorText} as its reply (a cluster
     * redirect, a demoted master). Returns false if the client was not blocked.
     */
    boolean unblockWith(Session s, String errorText) {
        Blocked b = clients.get(s);
        if (b == null) return false;
        unblock(b);
        deliver(s, errorText == null ? b.waiter.timeoutReply() : Reply.error(errorText));
        return true;
    }

    /**
     * CLIENT UNBLOCK [TIMEOUT|ERROR]: as {@link #unblockWith(Session, String)}, and the command is logged
     * as updateStatsOnUnblock does: 7.2 with its arguments, 7.0 without any, 6.2 not at all.
     */
    boolean clientUnblock(Session s, String errorText) {
        Blocked b = clients.get(s);
        if (b == null) return false;
        var d = engine.config().dialect();
        if (d.has(Quirk.CLIENT_UNBLOCK_LOGGED)) {
            if (!d.has(Quirk.STATS_ON_UNBLOCK)) b.shownArgv = new byte[0][]; // 7.0: the argv is freed first
            engine.statsOnUnblock(b, 0, engine.time().currentTimeMillis());
        }
        return unblockWith(s, errorText);
    }

    private void unblock(Blocked b) {
        clients.remove(b.session);
        b.session.blocked = null;
        for (byte[] k : b.keys) {
            KeyRef r = new KeyRef(b.db, Bytes.wrap(k));
            ArrayDeque<Blocked> q = byKey.get(r);
            if (q == null) continue;
            for (Iterator<Blocked> it = q.iterator(); it.hasNext(); ) {
                if (it.next() == b) it.remove();
            }
            if (q.isEmpty()) byKey.remove(r);
        }
    }

    /**
     * Sends the reply that unblocks a client; an error counts as the command's failure
     * (updateStatsOnUnblock: failed_calls, errorstats, total_error_replies).
     */
    private void deliver(Session s, Reply reply) {
        if (reply.isError()) {
            engine.stats().command(s.lastCommand).failed++;
            engine.stats().error(reply);
        }
        if (s.replyMode != Session.ReplyMode.OFF) s.link.push(reply);
        s.link.unblocked();
    }
}
