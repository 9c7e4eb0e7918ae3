package io.redisdouble.command;

import io.redisdouble.dialect.Quirk;
import io.redisdouble.keyspace.Database;
import io.redisdouble.keyspace.EncodingLimits;
import io.redisdouble.util.Listpack;
import io.redisdouble.keyspace.KeyspaceEvents;
import io.redisdouble.keyspace.RedisList;
import io.redisdouble.resp.Reply;
import io.redisdouble.util.Bytes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.redisdouble.command.CommandTable.flags;
import static io.redisdouble.command.Flag.*;

/**
 * Lists (t_list.c): LPUSH, RPUSH, LPUSHX, RPUSHX, LINSERT, LLEN, LINDEX, LSET, LPOP, RPOP, LRANGE, LTRIM,
 * LPOS, LREM, RPOPLPUSH, LMOVE, LMPOP (when the dialect's catalog lists it), and the blocking BLPOP,
 * BRPOP, BRPOPLPUSH, BLMOVE, BLMPOP (through {@link Blocking}).
 *
 * <p>Lookups: LLEN, LINDEX, LRANGE, LPOS read (a miss notifies "keymiss"); the others look up for
 * writing (no event). A list emptied by a removal is deleted: the command's own event ("lpop",
 * "ltrim", "lrem"…), then "del". Option words compare as strcasecmp does (up to a NUL byte).
 *
 * <p>Blocking: a command that finds nothing to pop blocks its client (first blocked, first served)
 * unless it runs inside MULTI or a script, where it answers as on timeout (a null array; BLMOVE and
 * BRPOPLPUSH a null bulk). The timeout reply is a null array for every one of them (BLMOVE included,
 * as replyToBlockedClientTimedOut sends it). A served client gets the reply and the events the
 * non-blocking command would have sent.
 */
final class ListCommands {
    private ListCommands() {}

    static void register(CommandTable t) {
        t.add("lpush", -3, flags(WRITE, DENYOOM, FAST), 1, 1, 1, new Dispatch(Dispatch.LPUSH));
        t.add("rpush", -3, flags(WRITE, DENYOOM, FAST), 1, 1, 1, new Dispatch(Dispatch.RPUSH));
        t.add("lpushx", -3, flags(WRITE, DENYOOM, FAST), 1, 1, 1, new Dispatch(Dispatch.LPUSHX));
        t.add("rpushx", -3, flags(WRITE, DENYOOM, FAST), 1, 1, 1, new Dispatch(Dispatch.RPUSHX));
        t.add("linsert", 5, flags(WRITE, DENYOOM), 1, 1, 1, new Dispatch(Dispatch.LINSERT));
        t.add("llen", 2, flags(READONLY, FAST), 1, 1, 1, new Dispatch(Dispatch.LLEN));
        t.add("lindex", 3, flags(READONLY), 1, 1, 1, new Dispatch(Dispatch.LINDEX));
        t.add("lset", 4, flags(WRITE, DENYOOM), 1, 1, 1, new Dispatch(Dispatch.LSET));
        t.add("lpop", -2, flags(WRITE, FAST), 1, 1, 1, new Dispatch(Dispatch.LPOP));
        t.add("rpop", -2, flags(WRITE, FAST), 1, 1, 1, new Dispatch(Dispatch.RPOP));
        t.add("lrange", 4, flags(READONLY), 1, 1, 1, new Dispatch(Dispatch.LRANGE));
        t.add("ltrim", 4, flags(WRITE), 1, 1, 1, new Dispatch(Dispatch.LTRIM));
        t.add("lpos", -3, flags(READONLY), 1, 1, 1, new Dispatch(Dispatch.LPOS));
        t.add("lrem", 4, flags(WRITE), 1, 1, 1, new Dispatch(Dispatch.LREM));
        t.add("rpoplpush", 3, flags(WRITE, DENYOOM), 1, 2, 1, new Dispatch(Dispatch.RPOPLPUSH));
        t.add("lmove", 5, flags(WRITE, DENYOOM), 1, 2, 1, new Dispatch(Dispatch.LMOVE));
        if (t.known("lmpop")) t.add("lmpop", -4, flags(WRITE), 0, 0, 0, new Dispatch(Dispatch.LMPOP));
        t.add("blpop", -3, flags(WRITE, NOSCRIPT, BLOCKING), 1, -2, 1,
                c -> blockingPop(c, Arrays.asList(c.argv).subList(1, c.argc() - 1), true, c.argc() - 1, -1));
        t.add("brpop", -3, flags(WRITE, NOSCRIPT, BLOCKING), 1, -2, 1,
                c -> blockingPop(c, Arrays.asList(c.argv).subList(1, c.argc() - 1), false, c.argc() - 1, -1));
        t.add("brpoplpush", 4, flags(WRITE, DENYOOM, NOSCRIPT, BLOCKING), 1, 2, 1, new Dispatch(Dispatch.BRPOPLPUSH));
        t.add("blmove", 6, flags(WRITE, DENYOOM, NOSCRIPT, BLOCKING), 1, 2, 1, new Dispatch(Dispatch.BLMOVE));
        if (t.known("blmpop")) t.add("blmpop", -5, flags(WRITE, BLOCKING), 0, 0, 0, new Dispatch(Dispatch.BLMPOP));
    }

    // ---- helpers ------------------------------------------------------------------------------------

    /** lookupKeyRead: the list at a key, null if missing ("keymiss"), WRONGTYPE if not a list. */
    private static RedisList read(Call c, byte[] key) throws CommandException {
        return c.getTypedRead(key, RedisList.class);
    }

    /** lookupKeyWrite: the list at a key, null if missing (no event), WRONGTYPE if not a list. */
    private static RedisList write(Call c, byte[] key) throws CommandException {
        return c.getTyped(key, RedisList.class);
    }

    /** getRangeLongFromObjectOrReply(-LONG_MAX, LONG_MAX) without a message: junk is "not an integer". */
    private static long longWithinLongMax(Call c, int i) throws CommandException {
        long v = c.longArg(i);
        if (v == Long.MIN_VALUE) throw Call.error(Errors.LONG_RANGE);
        return v;
    }

    private static String popEvent(boolean head) {
        return head ? "lpop" : "rpop";
    }

    private static String pushEvent(boolean head) {
        return head ? "lpush" : "rpush";
    }

    /**
     * listElementsRemoved: the pop event, then (if the list emptied) the key's deletion and "del"; then
     * signalModifiedKey (WATCH, blocked clients).
     */
    private static void elementsRemoved(Database db, byte[] key, RedisList l, boolean head, long now) {
        db.notifyEvent(KeyspaceEvents.LIST, popEvent(head), key);
        if (l.isEmpty()) {
            db.delete(key, now);
            db.notifyEvent(KeyspaceEvents.GENERIC, "del", key);
        } else {
            l.tryListpack(true);
        }
        db.touched(key);
    }

    /** The event of a write that may have emptied the list: {@code event}, then "del" if it did. */
    private static void removedWithEvent(Call c, byte[] key, RedisList l, String event) {
        c.modified(key, KeyspaceEvents.LIST, event);
        if (l.isEmpty()) {
            c.db().delete(key, c.now);
            c.db().notifyEvent(KeyspaceEvents.GENERIC, "del", key);
        } else {
            l.tryListpack(true);
        }
    }

    /**
     * addListRangeReply: elements start..end (inclusive, negative from the tail, clamped), reversed
     * if asked; an empty array for an empty range.
     */
    private static Reply range(RedisList l, long start, long end, boolean reverse) {
        long len = l.size();
        if (start < 0) start = len + start;
        if (end < 0) end = len + end;
        if (start < 0) start = 0;
        if (start > end || start >= len) return Reply.EMPTY_ARRAY;
        if (end >= len) end = len - 1;
        int n = (int) (end - start + 1);
        Reply[] out = new Reply[n];
        for (int i = 0; i < n; i++) {
            out[i] = Reply.bulk(l.get(reverse ? (int) end - i : (int) start + i));
        }
        return Reply.array(out);
    }

    /**
     * Pops up to {@code count} elements from one end (listPopRangeAndReplyWithKey without the key):
     * from the head in order, or from the tail last first.
     */
    private static Reply popRange(RedisList l, boolean head, long count) {
        int n = (int) Math.min(count, l.size());
        Reply[] out = new Reply[n];
        for (int i = 0; i < n; i++) out[i] = Reply.bulk(l.pop(head));
        return Reply.array(out);
    }

    /** The arguments' lengths in all, as listTypeTryConversionAppend adds them up. */
    private static long argBytes(Call c, int from, int to) {
        long n = 0;
        for (int i = from; i <= to; i++) n += c.arg(i).length;
        return n;
    }

    /** The list at {@code key} of a database for a command that creates it: dbAdd ("new") if missing. */
    private static RedisList createIfMissing(Database db, EncodingLimits limits, byte[] key, RedisList l) {
        if (l != null) return l;
        RedisList created = new RedisList(limits, false);
        db.add(key, created);
        return created;
    }

    // ---- pushes ---------------------------------------------------------------------------------------

    /** pushGenericCommand: LPUSH/RPUSH (create) and LPUSHX/RPUSHX (only an existing list) → new length. */
    static Reply push(Call c, boolean head, boolean xx) throws CommandException {
        byte[] key = c.arg(1);
        RedisList l = write(c, key);
        if (l == null) {
            if (xx) return Reply.ZERO;
            l = createIfMissing(c.db(), c.engine.config().limits(), key, null);
        }
        l.growing(argBytes(c, 2, c.argc() - 1), c.argc() - 2);
        for (int j = 2; j < c.argc(); j++) l.push(c.arg(j), head);
        c.modified(key, KeyspaceEvents.LIST, pushEvent(head));
        return Reply.integer(l.size());
    }

    /** LINSERT key BEFORE|AFTER pivot element → new length, -1 if no pivot, 0 if no key. */
    static Reply linsert(Call c) throws CommandException {
        boolean after;
        if (Bytes.eqIgnoreCaseC(c.arg(2), "after")) after = true;
        else if (Bytes.eqIgnoreCaseC(c.arg(2), "before")) after = false;
        else throw Call.syntax();
        RedisList l = write(c, c.arg(1));
        if (l == null) return Reply.ZERO;
        l.growing(c.arg(4).length, 1); // before the pivot is looked for, found or not
        int at = l.indexOf(c.arg(3));
        if (at < 0) return Reply.integer(-1);
        l.insertAt(at, after, c.arg(4));
        c.modified(c.arg(1), KeyspaceEvents.LIST, "linsert");
        return Reply.integer(l.size());
    }

    // ---- reads ----------------------------------------------------------------------------------------

    static Reply llen(Call c) throws CommandException {
        RedisList l = read(c, c.arg(1));
        return l == null ? Reply.ZERO : Reply.integer(l.size());
    }

    /** LINDEX key index: the key is looked up (and type-checked) before the index is parsed. */
    static Reply lindex(Call c) throws CommandException {
        RedisList l = read(c, c.arg(1));
        if (l == null) return Reply.NIL;
        int i = l.resolve(c.longArg(2));
        return i < 0 ? Reply.NIL : Reply.bulk(l.get(i));
    }

    /** LRANGE key start stop: the indexes are parsed before the key is looked up. */
    static Reply lrange(Call c) throws CommandException {
        long start = c.longArg(2);
        long end = c.longArg(3);
        RedisList l = read(c, c.arg(1));
        if (l == null) return Reply.EMPTY_ARRAY;
        return range(l, start, end, false);
    }

    /**
     * LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]: the options are parsed first
     * (RANK 0 refused; RANK within ±LONG_MAX with {@link Quirk#LPOS_RANK_RANGE_CHECKED}), then the key. Without COUNT: the index of the
     * rank-th match or nil; with COUNT: an array of up to COUNT indexes (0 = all), empty if none.
     */
    static Reply lpos(Call c) throws CommandException {
        byte[] ele = c.arg(2);
        long rank = 1, count = -1, maxlen = 0;
        boolean checked = c.dialect().has(Quirk.LPOS_RANK_RANGE_CHECKED);
        for (int j = 3; j < c.argc(); j++) {
            int moreArgs = c.argc() - 1 - j;
            if (Bytes.eqIgnoreCaseC(c.arg(j), "rank") && moreArgs > 0) {
                j++;
                rank = checked ? longWithinLongMax(c, j) : c.longArg(j);
                if (rank == 0) throw Call.error(Errors.lposRankZero(c.dialect()));
            } else if (Bytes.eqIgnoreCaseC(c.arg(j), "count") && moreArgs > 0) {
                j++;
                count = c.rangeLongArg(j, 0, Long.MAX_VALUE, Errors.LPOS_COUNT_NEGATIVE);
            } else if (Bytes.eqIgnoreCaseC(c.arg(j), "maxlen") && moreArgs > 0) {
                j++;
                maxlen = c.rangeLongArg(j, 0, Long.MAX_VALUE, Errors.LPOS_MAXLEN_NEGATIVE);
            } else {
                throw Call.syntax();
            }
        }
        boolean fromTail = false;
        if (rank < 0) {
            rank = -rank; // LONG_MIN stays negative, as in C: every match then counts
            fromTail = true;
        }
        RedisList l = read(c, c.arg(1));
        if (l == null) return count != -1 ? Reply.EMPTY_ARRAY : Reply.NIL;
        int len = l.size();
        List<Reply> found = count != -1 ? new ArrayList<>() : null;
        long matches = 0;
        long matchIndex = -1;
        for (long index = 0; index < len && (maxlen == 0 || index < maxlen); index++) {
            int i = fromTail ? (int) (len - 1 - index) : (int) index;
            if (Arrays.equals(l.get(i), ele)) {
                matches++;
                if (matches >= rank) {
                    if (found != null) {
                        found.add(Reply.integer(i));
                        if (count != 0 && matches - rank + 1 >= count) break;
                    } else {
                        matchIndex = i;
                        break;
                    }
                }
            }
        }
        if (found != null) return Reply.array(found);
        return matchIndex != -1 ? Reply.integer(matchIndex) : Reply.NIL;
    }

    // ---- writes in place ------------------------------------------------------------------------------

    /**
     * LSET key index element: "ERR no such key" before the index is parsed; "ERR index out of range".
     * 7.2 on: the index cut to an int ({@link Quirk#LSET_INDEX_AS_INT}).
     */
    static Reply lset(Call c) throws CommandException {
        RedisList l = write(c, c.arg(1));
        if (l == null) throw Call.error(Errors.NO_SUCH_KEY);
        long index = c.longArg(2);
        if (c.dialect().has(Quirk.LSET_INDEX_AS_INT)) index = (int) index;
        l.growing(c.arg(3).length, 1); // before the index is checked, in range or not
        int i = l.resolve(index);
        if (i < 0) throw Call.error(Errors.INDEX_OUT_OF_RANGE);
        l.set(i, c.arg(3));
        c.modified(c.arg(1), KeyspaceEvents.LIST, "lset");
        l.tryListpack(true);
        return Reply.OK;
    }

    /** LTRIM key start stop → OK; "ltrim" even when nothing was removed, then "del" if it emptied. */
    static Reply ltrim(Call c) throws CommandException {
        long start = c.longArg(2);
        long end = c.longArg(3);
        byte[] key = c.arg(1);
        RedisList l = write(c, key);
        if (l == null) return Reply.OK;
        long len = l.size();
        if (start < 0) start = len + start;
        if (end < 0) end = len + end;
        if (start < 0) start = 0;
        long ltrim, rtrim;
        if (start > end || start >= len) {
            ltrim = len;
            rtrim = 0;
        } else {
            if (end >= len) end = len - 1;
            ltrim = start;
            rtrim = len - end - 1;
        }
        l.removeRange(0, (int) ltrim);
        l.removeRange(l.size() - (int) rtrim, (int) rtrim);
        removedWithEvent(c, key, l, "ltrim");
        return Reply.OK;
    }

    /**
     * LREM key count element → removed: count &gt; 0 from the head, &lt; 0 from the tail, 0 all (7.2:
     * count within ±LONG_MAX). The count is parsed before the key is looked up.
     */
    static Reply lrem(Call c) throws CommandException {
        long toRemove = c.dialect().has(Quirk.LREM_COUNT_RANGE_CHECKED) ? longWithinLongMax(c, 2) : c.longArg(2);
        byte[] key = c.arg(1);
        RedisList l = write(c, key);
        if (l == null) return Reply.ZERO;
        boolean fromTail = toRemove < 0;
        long limit = fromTail ? -toRemove : toRemove;
        if (limit < 0) limit = 0; // -LONG_MIN overflows in C and never equals the removed count
        long removed = l.removeMatching(c.arg(3), limit, fromTail);
        if (removed > 0) removedWithEvent(c, key, l, "lrem");
        return Reply.integer(removed);
    }

    // ---- pops -------------------------------------------------------------------------------------------

    /**
     * popGenericCommand: LPOP/RPOP key [count]. More than one count argument is the arity error; the count
     * (0..LONG_MAX, "value is out of range, must be positive") is parsed before the key. Missing key: nil
     * (a null array with a count); count 0 on a list: an empty array.
     */
    static Reply pop(Call c, boolean head) throws CommandException {
        if (c.argc() > 3) throw Call.error(Errors.wrongArity(c.spec.name));
        boolean hasCount = c.argc() == 3;
        long count = hasCount ? c.rangeLongArg(2, 0, Long.MAX_VALUE, Errors.MUST_BE_POSITIVE) : 0;
        byte[] key = c.arg(1);
        RedisList l = write(c, key);
        if (l == null) return hasCount ? Reply.NIL_ARRAY : Reply.NIL;
        if (hasCount && count == 0) return Reply.EMPTY_ARRAY;
        Reply reply = hasCount ? popRange(l, head, count) : Reply.bulk(l.pop(head));
        elementsRemoved(c.db(), key, l, head, c.now);
        return reply;
    }

    /**
     * LMPOP numkeys key… LEFT|RIGHT [COUNT count] and BLMPOP timeout numkeys …: pops up to count from the
     * first non-empty list (WRONGTYPE stops the search) → [key, [elements]], or a null array.
     */
    static Reply lmpop(Call c, int numkeysIdx, boolean blocking) throws CommandException {
        MultiPopArgs a = MultiPopArgs.parse(c, numkeysIdx, "left", "right");
        boolean head = !a.second();
        if (blocking) return blockingPop(c, a.keys(), head, 1, a.count());
        for (byte[] key : a.keys()) {
            RedisList l = write(c, key);
            if (l == null) continue;
            return popWithKey(c.db(), key, l, head, a.count(), c.now);
        }
        return Reply.NIL_ARRAY;
    }

    /** listPopRangeAndReplyWithKey: [key, [elements]] and the events of the pop. */
    private static Reply popWithKey(Database db, byte[] key, RedisList l, boolean head, long count, long now) {
        Reply elements = popRange(l, head, count);
        elementsRemoved(db, key, l, head, now);
        return Reply.array(Reply.bulk(key), elements);
    }

    /** BLPOP/BRPOP: [key, element]. */
    private static Reply popOneWithKey(Database db, byte[] key, RedisList l, boolean head, long now) {
        Reply value = Reply.bulk(l.pop(head));
        elementsRemoved(db, key, l, head, now);
        return Reply.array(Reply.bulk(key), value);
    }

    /**
     * blockingPopGenericCommand: BLPOP/BRPOP ({@code count} -1: [key, element]) and BLMPOP ([key,
     * [elements]]). The timeout is parsed first; the first key holding a list is popped at once
     * (WRONGTYPE on a key of another type met first); else, inside MULTI or a script, a null array; else
     * the client blocks.
     */
    private static Reply blockingPop(Call c, List<byte[]> keys, boolean head, int timeoutIdx, long count)
            throws CommandException {
        long deadline = Blocking.timeoutDeadline(c, timeoutIdx);
        for (byte[] key : keys) {
            RedisList l = write(c, key);
            if (l == null || l.isEmpty()) continue;
            return count == -1 ? popOneWithKey(c.db(), key, l, head, c.now) : popWithKey(c.db(), key, l, head, count, c.now);
        }
        if (!Blocking.mayBlock(c)) return Reply.NIL_ARRAY;
        return c.engine.blocking().block(c, new ArrayList<>(keys), deadline, new Blocking.Waiter() {
            @Override
            public Reply serve(Database db, byte[] key, Object value, long now) {
                if (!(value instanceof RedisList l) || l.isEmpty()) return null;
                return count == -1 ? popOneWithKey(db, key, l, head, now) : popWithKey(db, key, l, head, count, now);
            }

            @Override
            public Reply timeoutReply() {
                return Reply.NIL_ARRAY;
            }
        });
    }

    // ---- moves ----------------------------------------------------------------------------------------

    private static boolean side(Call c, int i) throws CommandException {
        if (Bytes.eqIgnoreCaseC(c.arg(i), "right")) return false;
        if (Bytes.eqIgnoreCaseC(c.arg(i), "left")) return true;
        throw Call.syntax();
    }

    /** LMOVE source destination LEFT|RIGHT LEFT|RIGHT. */
    static Reply lmove(Call c) throws CommandException {
        boolean fromHead = side(c, 3);
        boolean toHead = side(c, 4);
        return lmove(c, fromHead, toHead);
    }

    /**
     * lmoveGenericCommand: nil if the source is missing (checked before the destination's type); then
     * WRONGTYPE for either; the element is popped, pushed (creating the destination: "new", then
     * "lpush"/"rpush"), then "lpop"/"rpop" and "del" on the source if it emptied. Replies the element.
     */
    static Reply lmove(Call c, boolean fromHead, boolean toHead) throws CommandException {
        byte[] src = c.arg(1);
        RedisList l = write(c, src);
        if (l == null) return Reply.NIL;
        RedisList dst = write(c, c.arg(2));
        return move(c.db(), c.engine.config().limits(), src, l, c.arg(2), dst, fromHead, toHead, c.now);
    }

    private static Reply move(Database db, EncodingLimits limits, byte[] srcKey, RedisList src, byte[] dstKey, RedisList dst,
            boolean fromHead, boolean toHead, long now) {
        // listTypePop hands a quicklist's integer element over as an integer object, whose bytes the
        // destination's size check does not count.
        boolean wasQuicklist = src.encodingName().equals("quicklist");
        byte[] value = src.pop(fromHead);
        dst = createIfMissing(db, limits, dstKey, dst);
        dst.growing(wasQuicklist && Listpack.toInt64(value) != null ? 0 : value.length, 1);
        dst.push(value, toHead);
        db.modified(dstKey, KeyspaceEvents.LIST, pushEvent(toHead));
        db.notifyEvent(KeyspaceEvents.LIST, popEvent(fromHead), srcKey);
        if (src.isEmpty()) {
            db.delete(srcKey, now);
            db.notifyEvent(KeyspaceEvents.GENERIC, "del", srcKey);
        } else {
            src.tryListpack(true);
        }
        db.touched(srcKey);
        return Reply.bulk(value);
    }

    /** BRPOPLPUSH source destination timeout. */
    static Reply brpoplpush(Call c) throws CommandException {
        long deadline = Blocking.timeoutDeadline(c, 3);
        return blockingMove(c, false, true, deadline);
    }

    /** BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout: the sides are parsed before the timeout. */
    static Reply blmove(Call c) throws CommandException {
        boolean fromHead = side(c, 3);
        boolean toHead = side(c, 4);
        long deadline = Blocking.timeoutDeadline(c, 5);
        return blockingMove(c, fromHead, toHead, deadline);
    }

    /**
     * blmoveGenericCommand: WRONGTYPE if the source is not a list; a list is moved from at once; else
     * inside MULTI or a script a null bulk, else the client blocks on the source. When served, a
     * destination of another type gets the client WRONGTYPE (and nothing moves).
     */
    private static Reply blockingMove(Call c, boolean fromHead, boolean toHead, long deadline) throws CommandException {
        RedisList l = write(c, c.arg(1));
        if (l != null) return lmove(c, fromHead, toHead);
        if (!Blocking.mayBlock(c)) return Reply.NIL;
        byte[] dstKey = c.arg(2);
        EncodingLimits limits = c.engine.config().limits();
        return c.engine.blocking().block(c, new ArrayList<>(List.of(c.arg(1))), deadline, new Blocking.Waiter() {
            @Override
            public Reply serve(Database db, byte[] key, Object value, long now) {
                if (!(value instanceof RedisList src) || src.isEmpty()) return null;
                Object dst = db.get(dstKey, now);
                if (dst != null && !(dst instanceof RedisList)) return Reply.error(Errors.WRONGTYPE);
                return move(db, limits, key, src, dstKey, (RedisList) dst, fromHead, toHead, now);
            }

            @Override
            public Reply timeoutReply() {
                return Reply.NIL_ARRAY;
            }
        });
    }

    /** This family's command handlers, one object per command and no lambda class each: see {@link OpHandler}. */
    private static final class Dispatch extends OpHandler {
        static final int LINSERT = 0;
        static final int LLEN = 1;
        static final int LINDEX = 2;
        static final int LSET = 3;
        static final int LRANGE = 4;
        static final int LTRIM = 5;
        static final int LPOS = 6;
        static final int LREM = 7;
        static final int LMOVE = 8;
        static final int BRPOPLPUSH = 9;
        static final int BLMOVE = 10;
        static final int LPUSH = 11;
        static final int RPUSH = 12;
        static final int LPUSHX = 13;
        static final int RPUSHX = 14;
        static final int LPOP = 15;
        static final int RPOP = 16;
        static final int RPOPLPUSH = 17;
        static final int LMPOP = 18;
        static final int BLMPOP = 19;

        Dispatch(int op) {
            super(op);
        }

        @Override
        public Reply run(Call c) throws CommandException {
            return switch (op) {
                case LINSERT -> linsert(c);
                case LLEN -> llen(c);
                case LINDEX -> lindex(c);
                case LSET -> lset(c);
                case LRANGE -> lrange(c);
                case LTRIM -> ltrim(c);
                case LPOS -> lpos(c);
                case LREM -> lrem(c);
                case LMOVE -> lmove(c);
                case BRPOPLPUSH -> brpoplpush(c);
                case BLMOVE -> blmove(c);
                case LPUSH -> push(c, true, false);
                case RPUSH -> push(c, false, false);
                case LPUSHX -> push(c, true, true);
                case RPUSHX -> push(c, false, true);
                case LPOP -> pop(c, true);
                case RPOP -> pop(c, false);
                case RPOPLPUSH -> lmove(c, false, true);
                case LMPOP -> lmpop(c, 1, false);
                case BLMPOP -> lmpop(c, 2, true);
                default -> throw unknown();
            };
        }
    }
}
