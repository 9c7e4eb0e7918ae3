package io.redisdouble.command;

import io.redisdouble.dialect.Quirk;
import io.redisdouble.keyspace.Database;
import io.redisdouble.keyspace.KeyspaceEvents;
import io.redisdouble.keyspace.EncodingLimits;
import io.redisdouble.keyspace.RedisSet;
import io.redisdouble.resp.Reply;
import io.redisdouble.util.Bytes;
import io.redisdouble.util.Glob;
import io.redisdouble.zset.ZSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import static io.redisdouble.command.CommandTable.flags;
import static io.redisdouble.command.Flag.*;

/**
 * Sets (t_set.c): SADD, SREM, SMOVE, SISMEMBER, SMISMEMBER, SCARD, SPOP, SRANDMEMBER, SMEMBERS, SINTER,
 * SINTERCARD (when the dialect's catalog lists it), SINTERSTORE, SUNION, SUNIONSTORE, SDIFF,
 * SDIFFSTORE, SSCAN.
 *
 * <p>Encodings and their order: see {@link RedisSet}. Replies that Redis sends as sets (SMEMBERS,
 * SINTER, SUNION, SDIFF, SPOP with a count) are {@link Reply#set}: {@code ~} in RESP3, an array in RESP2;
 * SRANDMEMBER with a count is an array in both.
 *
 * <p>Lookups: reads (SISMEMBER, SMISMEMBER, SCARD, SRANDMEMBER, SMEMBERS, SINTER, SUNION, SDIFF,
 * SINTERCARD, SSCAN) notify "keymiss" for a missing key; writes (SADD, SREM, SMOVE, SPOP) do not. The
 * sources of the STORE forms are read in 7.0 (keymiss) and looked up for writing in 6.2
 * ({@link Quirk#SOURCE_KEYS_READ_WITH_KEYMISS}). A set emptied by a removal is deleted ("del" after the
 * command's own event); an empty STORE result deletes the destination ("del" if it existed).
 */
final class SetCommands {
    private SetCommands() {}

    static void register(CommandTable t) {
        t.add("sadd", -3, flags(WRITE, DENYOOM, FAST), 1, 1, 1, new Dispatch(Dispatch.SADD));
        t.add("srem", -3, flags(WRITE, FAST), 1, 1, 1, new Dispatch(Dispatch.SREM));
        t.add("smove", 4, flags(WRITE, FAST), 1, 2, 1, new Dispatch(Dispatch.SMOVE));
        t.add("sismember", 3, flags(READONLY, FAST), 1, 1, 1, new Dispatch(Dispatch.SISMEMBER));
        t.add("smismember", -3, flags(READONLY, FAST), 1, 1, 1, new Dispatch(Dispatch.SMISMEMBER));
        t.add("scard", 2, flags(READONLY, FAST), 1, 1, 1, new Dispatch(Dispatch.SCARD));
        t.add("spop", -2, flags(WRITE, FAST), 1, 1, 1, new Dispatch(Dispatch.SPOP));
        t.add("srandmember", -2, flags(READONLY), 1, 1, 1, new Dispatch(Dispatch.SRANDMEMBER));
        t.add("smembers", 2, flags(READONLY), 1, 1, 1, new Dispatch(Dispatch.SINTER));
        t.add("sinter", -2, flags(READONLY), 1, -1, 1, new Dispatch(Dispatch.SINTER));
        if (t.known("sintercard")) t.add("sintercard", -3, flags(READONLY), 0, 0, 0, new Dispatch(Dispatch.SINTERCARD));
        t.add("sinterstore", -3, flags(WRITE, DENYOOM), 1, -1, 1, new Dispatch(Dispatch.SINTERSTORE));
        t.add("sunion", -2, flags(READONLY), 1, -1, 1, new Dispatch(Dispatch.SUNION));
        t.add("sunionstore", -3, flags(WRITE, DENYOOM), 1, -1, 1, new Dispatch(Dispatch.SUNIONSTORE));
        t.add("sdiff", -2, flags(READONLY), 1, -1, 1, new Dispatch(Dispatch.SDIFF));
        t.add("sdiffstore", -3, flags(WRITE, DENYOOM), 1, -1, 1, new Dispatch(Dispatch.SDIFFSTORE));
        t.add("sscan", -3, flags(READONLY), 1, 1, 1, new Dispatch(Dispatch.SSCAN));
    }

    // ---- helpers ------------------------------------------------------------------------------------

    /** The server's encoding thresholds (and whether sets have listpacks: {@link Quirk#SET_LISTPACK}, 7.2+). */
    private static EncodingLimits limits(Call c) {
        return c.engine.config().limits();
    }

    /** lookupKeyRead: the set at a key, null if missing ("keymiss"), WRONGTYPE if not a set. */
    private static RedisSet read(Call c, byte[] key) throws CommandException {
        return c.getTypedRead(key, RedisSet.class);
    }

    /** lookupKeyWrite: the set at a key, null if missing (no event), WRONGTYPE if not a set. */
    private static RedisSet write(Call c, byte[] key) throws CommandException {
        return c.getTyped(key, RedisSet.class);
    }

    private static Reply bulks(List<byte[]> members, boolean asSet) {
        List<Reply> out = new ArrayList<>(members.size());
        for (byte[] m : members) out.add(Reply.bulk(m));
        return asSet ? Reply.set(out) : Reply.array(out);
    }

    /** Deletes {@code key} after its last member went: the command's {@code event}, then "del". */
    private static void removedMembers(Call c, byte[] key, RedisSet s, String event) {
        if (s.isEmpty()) {
            c.db().delete(key, c.now);
            c.modified(key, KeyspaceEvents.SET, event);
            c.modified(key, KeyspaceEvents.GENERIC, "del");
        } else {
            c.modified(key, KeyspaceEvents.SET, event);
        }
    }

    // ---- SADD SREM SMOVE ----------------------------------------------------------------------------

    /** SADD key member [member …] → members added. A missing key is created (setTypeCreate of the first member). */
    static Reply sadd(Call c) throws CommandException {
        byte[] key = c.arg(1);
        RedisSet s = write(c, key);
        if (s == null) {
            s = RedisSet.create(c.arg(2), c.argc() - 2, limits(c));
            c.db().add(key, s);
        } else {
            s.maybeConvert(c.argc() - 2);
        }
        long added = 0;
        for (int j = 2; j < c.argc(); j++) {
            if (s.add(c.arg(j))) added++;
        }
        if (added > 0) c.modified(key, KeyspaceEvents.SET, "sadd");
        return Reply.integer(added);
    }

    /** SREM key member [member …] → members removed; the key goes with its last member ("srem", "del"). */
    static Reply srem(Call c) throws CommandException {
        byte[] key = c.arg(1);
        RedisSet s = write(c, key);
        if (s == null) return Reply.ZERO;
        long deleted = 0;
        for (int j = 2; j < c.argc(); j++) {
            if (s.remove(c.arg(j))) {
                deleted++;
                if (s.isEmpty()) break;
            }
        }
        if (deleted > 0) removedMembers(c, key, s, "srem");
        return Reply.integer(deleted);
    }

    /**
     * SMOVE source destination member → 1 if moved. A missing source answers 0 before any type check;
     * then WRONGTYPE for either key; source = destination answers membership and writes nothing. Events:
     * "srem" on the source (and "del" if it emptied), "new" if the destination is created, "sadd" on the
     * destination if the member was not already there.
     */
    static Reply smove(Call c) throws CommandException {
        byte[] srcKey = c.arg(1);
        byte[] dstKey = c.arg(2);
        byte[] member = c.arg(3);
        Object srcValue = c.db().get(srcKey, c.now);
        Object dstValue = c.db().get(dstKey, c.now);
        if (srcValue == null) return Reply.ZERO;
        if (!(srcValue instanceof RedisSet src)) throw Call.wrongType();
        if (dstValue != null && !(dstValue instanceof RedisSet)) throw Call.wrongType();
        RedisSet dst = (RedisSet) dstValue;
        if (src == dst) return src.contains(member) ? Reply.ONE : Reply.ZERO;
        if (!src.remove(member)) return Reply.ZERO;
        removedMembers(c, srcKey, src, "srem");
        if (dst == null) {
            dst = RedisSet.create(member, 1, limits(c));
            c.db().add(dstKey, dst);
        }
        if (dst.add(member)) c.modified(dstKey, KeyspaceEvents.SET, "sadd");
        return Reply.ONE;
    }

    // ---- SISMEMBER SMISMEMBER SCARD -----------------------------------------------------------------

    static Reply sismember(Call c) throws CommandException {
        RedisSet s = read(c, c.arg(1));
        return s != null && s.contains(c.arg(2)) ? Reply.ONE : Reply.ZERO;
    }

    /** SMISMEMBER key member [member …]: 1 or 0 per member; a missing key is all zeros. */
    static Reply smismember(Call c) throws CommandException {
        RedisSet s = read(c, c.arg(1));
        Reply[] out = new Reply[c.argc() - 2];
        for (int j = 2; j < c.argc(); j++) out[j - 2] = s != null && s.contains(c.arg(j)) ? Reply.ONE : Reply.ZERO;
        return Reply.array(out);
    }

    static Reply scard(Call c) throws CommandException {
        RedisSet s = read(c, c.arg(1));
        return Reply.integer(s == null ? 0 : s.size());
    }

    // ---- SPOP SRANDMEMBER ---------------------------------------------------------------------------

    /** spopWithCountCommand's threshold between popping one by one and rebuilding the remainder. */
    private static final long SPOP_MOVE_STRATEGY_MUL = 5;

    /**
     * SPOP key [count]. Without count: a random member, removed (nil for a missing key); "spop", then
     * "del" if the set emptied. More than one argument after the key: syntax error. With count: the
     * count first ("ERR value is out of range, must be positive" for anything but an integer ≥ 0), then
     * the key (missing: empty set; WRONGTYPE); count 0: empty set, no event. Otherwise "spop" and the
     * popped members as a set; popping the whole set deletes it ("del"). When few members remain, the
     * remainder is rebuilt as a new set (its encoding starts over, as Redis's), keeping the key's TTL.
     */
    static Reply spop(Call c) throws CommandException {
        byte[] key = c.arg(1);
        if (c.argc() > 3) throw Call.syntax();
        SplittableRandom rnd = c.engine.random();
        if (c.argc() == 2) {
            RedisSet s = write(c, key);
            if (s == null) return Reply.NIL;
            byte[] m = s.random(rnd);
            s.remove(m);
            removedMembers(c, key, s, "spop");
            return Reply.bulk(m);
        }
        long l = c.longArg(2, Errors.MUST_BE_POSITIVE);
        if (l < 0) throw Call.error(Errors.MUST_BE_POSITIVE);
        RedisSet s = write(c, key);
        if (s == null || l == 0) return Reply.EMPTY_SET;
        int size = s.size();
        if (l >= size) {
            List<byte[]> all = unionOf(List.of(s), s.limits()).members();
            c.db().delete(key, c.now);
            c.modified(key, KeyspaceEvents.SET, "spop");
            c.modified(key, KeyspaceEvents.GENERIC, "del");
            return bulks(all, true);
        }
        int count = (int) l;
        long remaining = size - count;
        List<byte[]> popped = new ArrayList<>(count);
        if (s.encodingName().equals("listpack")) {
            // 7.2: random positions picked in list order; popped (reply) or kept (rebuilt) in that order
            boolean popMany = remaining * SPOP_MOVE_STRATEGY_MUL > count;
            int picks = popMany ? count : (int) remaining;
            List<byte[]> members = s.members();
            boolean[] picked = new boolean[size];
            for (int i = 0, left = picks; i < size && left > 0; i++) {
                if (rnd.nextInt(size - i) < left) {
                    picked[i] = true;
                    left--;
                }
            }
            RedisSet kept = popMany ? null : RedisSet.emptyListpack(s.limits());
            for (int i = 0; i < size; i++) {
                byte[] m = members.get(i);
                if (picked[i] == popMany) {
                    popped.add(m);
                    s.remove(m);
                } else if (!popMany) {
                    kept.add(m);
                }
            }
            if (!popMany) c.db().set(key, kept, true, c.now);
        } else if (remaining * SPOP_MOVE_STRATEGY_MUL > count) {
            for (int i = 0; i < count; i++) {
                byte[] m = s.random(rnd);
                s.remove(m);
                popped.add(m);
            }
        } else {
            RedisSet kept = null;
            for (long i = 0; i < remaining; i++) {
                byte[] m = s.random(rnd);
                if (kept == null) {
                    // 7.2: a listpack for a table's members, an intset for an intset's; 7.0: setTypeCreate
                    kept = !s.limits().listpack() ? RedisSet.forFirstMember(m, s.limits())
                            : s.isIntset() ? new RedisSet(s.limits()) : RedisSet.emptyListpack(s.limits());
                }
                kept.add(m);
                s.remove(m);
            }
            popped = s.members();
            c.db().set(key, kept, true, c.now);
        }
        c.modified(key, KeyspaceEvents.SET, "spop");
        return bulks(popped, true);
    }

    /**
     * SRANDMEMBER key [count]. Without count: a random member (nil for a missing key). More than one
     * argument after the key: syntax error. With count: an integer (7.0: within ±LONG_MAX, else the range
     * error), then the key (missing: empty array; WRONGTYPE). Count 0: empty. Negative: |count| members
     * drawn independently, repetitions allowed. Positive: distinct members; the whole set in its order
     * when count ≥ size, else a random subset in random order. Always an array, in RESP3 too.
     */
    static Reply srandmember(Call c) throws CommandException {
        if (c.argc() > 3) throw Call.syntax();
        SplittableRandom rnd = c.engine.random();
        if (c.argc() == 2) {
            RedisSet s = read(c, c.arg(1));
            return s == null ? Reply.NIL : Reply.bulk(s.random(rnd));
        }
        long l = c.longArg(2);
        if (l == Long.MIN_VALUE && c.dialect().has(Quirk.RANDOM_COUNT_RANGE_CHECKS)) throw Call.error(Errors.ZRANDMEMBER_RANGE);
        RedisSet s = read(c, c.arg(1));
        if (s == null || l == 0) return Reply.EMPTY_ARRAY;
        int size = s.size();
        if (l < 0 || l == 1) {
            long count = l < 0 ? -l : 1; // -Long.MIN_VALUE stays negative (6.2 only): refused below
            if (count > HashCommands.MAX_RANDOM_REPLY && c.engine.closesForReplySize(c.session, count, 1)) {
                return Reply.EMPTY_ARRAY; // never sent: Redis stops writing it once the client is over its limit
            }
            if (count < 0 || count > HashCommands.MAX_RANDOM_REPLY) throw Call.error(Errors.VALUE_OUT_OF_RANGE);
            List<byte[]> out = new ArrayList<>((int) count);
            for (long i = 0; i < count; i++) out.add(s.random(rnd));
            return bulks(out, false);
        }
        if (l >= size) return bulks(s.members(), false);
        List<byte[]> all = s.members();
        int count = (int) l;
        for (int i = 0; i < count; i++) {
            int j = i + rnd.nextInt(size - i);
            byte[] t = all.get(i);
            all.set(i, all.get(j));
            all.set(j, t);
        }
        return bulks(all.subList(0, count), false);
    }

    // ---- SINTER SMEMBERS SINTERCARD SINTERSTORE --------------------------------------------------------

    /**
     * The sources of a set operation, looked up in order (all of them, even after a missing one), so a
     * WRONGTYPE anywhere wins; null entries are missing keys (empty sets).
     */
    private static RedisSet[] sources(Call c, int from, int to, boolean store) throws CommandException {
        boolean asRead = !store || c.dialect().has(Quirk.SOURCE_KEYS_READ_WITH_KEYMISS);
        RedisSet[] sets = new RedisSet[to - from];
        for (int j = from; j < to; j++) sets[j - from] = asRead ? read(c, c.arg(j)) : write(c, c.arg(j));
        return sets;
    }

    /**
     * sinterGenericCommand: the members of the smallest set that every other set holds, in the smallest
     * set's order (a missing key makes the result empty); {@code limit} &gt; 0 stops after that many.
     */
    private static List<byte[]> intersection(RedisSet[] sets, long limit) {
        for (RedisSet s : sets) {
            if (s == null) return List.of();
        }
        RedisSet[] bySize = sets.clone();
        Arrays.sort(bySize, Comparator.comparingInt(RedisSet::size));
        List<byte[]> out = new ArrayList<>();
        RedisSet first = bySize[0];
        for (byte[] m : first.members()) {
            boolean all = true;
            for (int j = 1; j < bySize.length && all; j++) {
                if (bySize[j] != first && !bySize[j].contains(m)) all = false;
            }
            if (all) {
                out.add(m);
                if (limit > 0 && out.size() >= limit) break;
            }
        }
        return out;
    }

    /** SINTER key [key …] and SMEMBERS key: a set reply. */
    static Reply sinter(Call c) throws CommandException {
        return bulks(intersection(sources(c, 1, c.argc(), false), 0), true);
    }

    /**
     * SINTERCARD numkeys key [key …] [LIMIT limit] (7.0): numkeys first ("ERR numkeys should be greater
     * than 0" for anything but an integer ≥ 1; more than the arguments left: "Number of keys can't be
     * greater than number of args"), then the options (LIMIT n, "ERR LIMIT can't be negative"; anything
     * else a syntax error), then the keys. The size of the intersection, at most LIMIT (0: no limit).
     */
    static Reply sintercard(Call c) throws CommandException {
        long numkeys = c.longArg(1, Errors.NUMKEYS_NOT_POSITIVE);
        if (numkeys < 1) throw Call.error(Errors.NUMKEYS_NOT_POSITIVE);
        if (numkeys > c.argc() - 2) throw Call.error(Errors.NUMKEYS_TOO_BIG);
        long limit = 0;
        for (int j = 2 + (int) numkeys; j < c.argc(); j++) {
            boolean moreArgs = c.argc() - 1 - j > 0;
            if (moreArgs && Bytes.eqIgnoreCaseC(c.arg(j), "limit")) {
                j++;
                limit = c.longArg(j, Errors.LIMIT_NEGATIVE);
                if (limit < 0) throw Call.error(Errors.LIMIT_NEGATIVE);
            } else {
                throw Call.syntax();
            }
        }
        return Reply.integer(intersection(sources(c, 2, 2 + (int) numkeys, false), limit).size());
    }

    /**
     * SINTERSTORE: 7.0 adds the members to a new intset; 7.2 starts from an intset if the smallest set is
     * one, else from a listpack, and makes the result an intset if it holds integers only.
     */
    static Reply sinterstore(Call c) throws CommandException {
        RedisSet[] sets = sources(c, 2, c.argc(), true);
        EncodingLimits limits = limits(c);
        List<byte[]> members = intersection(sets, 0);
        RedisSet result;
        if (!limits.listpack() || members.isEmpty()) {
            result = new RedisSet(limits);
        } else {
            RedisSet smallest = sets[0];
            for (RedisSet x : sets) if (x.size() < smallest.size()) smallest = x;
            result = smallest.isIntset() ? new RedisSet(limits) : RedisSet.emptyListpack(limits);
        }
        boolean integersOnly = true;
        for (byte[] m : members) {
            result.add(m);
            integersOnly &= RedisSet.isInteger(m);
        }
        if (limits.listpack() && integersOnly) result.maybeConvertToIntset();
        return store(c, c.arg(1), result, "sinterstore");
    }

    /** The end of SINTERSTORE / SUNIONSTORE / SDIFFSTORE ({@link Call#storeResult}). */
    private static Reply store(Call c, byte[] dstKey, RedisSet result, String event) {
        return c.storeResult(dstKey, result, result.size(), KeyspaceEvents.SET, event);
    }

    // ---- SUNION SDIFF and their STORE forms ---------------------------------------------------------

    /** The union, built as Redis builds it: a new intset that every member of every set is added to. */
    private static RedisSet unionOf(List<RedisSet> sets, EncodingLimits limits) {
        RedisSet out = new RedisSet(limits);
        for (RedisSet s : sets) {
            if (s != null) s.forEach(out::add);
        }
        return out;
    }

    /**
     * The difference: the members of the first set that no other set holds (a missing first key, or the
     * first key named again, gives the empty set).
     */
    private static RedisSet differenceOf(RedisSet[] sets, EncodingLimits limits) {
        RedisSet out = new RedisSet(limits);
        RedisSet first = sets[0];
        if (first == null) return out;
        for (int j = 1; j < sets.length; j++) {
            if (sets[j] == first) return out;
        }
        first.forEach(m -> {
            for (int j = 1; j < sets.length; j++) {
                if (sets[j] != null && sets[j].contains(m)) return;
            }
            out.add(m);
        });
        return out;
    }

    static Reply sunion(Call c) throws CommandException {
        return bulks(unionOf(Arrays.asList(sources(c, 1, c.argc(), false)), limits(c)).members(), true);
    }

    static Reply sunionstore(Call c) throws CommandException {
        return store(c, c.arg(1), unionOf(Arrays.asList(sources(c, 2, c.argc(), true)), limits(c)), "sunionstore");
    }

    static Reply sdiff(Call c) throws CommandException {
        return bulks(differenceOf(sources(c, 1, c.argc(), false), limits(c)).members(), true);
    }

    static Reply sdiffstore(Call c) throws CommandException {
        return store(c, c.arg(1), differenceOf(sources(c, 2, c.argc(), true), limits(c)), "sdiffstore");
    }

    // ---- SSCAN --------------------------------------------------------------------------------------

    /**
     * SSCAN key cursor [MATCH pattern] [COUNT count] (sscanCommand + scanGenericCommand): the cursor
     * first ("ERR invalid cursor"), then the key (missing: {@code [0, []]} whatever the options;
     * WRONGTYPE), then the options as SCAN's (TYPE is a syntax error). An intset is returned whole with
     * cursor 0; a table is walked like SCAN, bucket by bucket until about COUNT members were collected,
     * at most 10×COUNT buckets; MATCH filters afterwards.
     */
    static Reply sscan(Call c) throws CommandException {
        long cursor = KeyCommands.parseScanCursor(c, c.arg(2));
        RedisSet s = read(c, c.arg(1));
        if (s == null) return Reply.array(Reply.bulk("0"), Reply.EMPTY_ARRAY);
        ScanArgs opts = ScanArgs.parse(c, 3, false, "set");
        long count = opts.count();
        List<byte[]> found;
        if (s.isCompact()) {
            found = s.members();
            cursor = 0;
        } else {
            List<byte[]> sink = new ArrayList<>();
            long maxIterations = count > Long.MAX_VALUE / 10 ? Long.MAX_VALUE : count * 10;
            do {
                cursor = s.scan(cursor, sink::add);
            } while (cursor != 0 && maxIterations-- > 0 && sink.size() < count);
            found = sink;
        }
        boolean usePattern = opts.filters();
        List<Reply> out = new ArrayList<>(found.size());
        for (byte[] m : found) {
            if (usePattern && !Glob.match(opts.pattern(), m, false)) continue;
            out.add(Reply.bulk(m));
        }
        return Reply.array(Reply.bulk(Long.toUnsignedString(cursor)), Reply.array(out));
    }

    // ---- sets as operands of the sorted-set operations ------------------------------------------------

    /**
     * An input of ZUNION / ZINTER / ZDIFF, their STORE forms and ZINTERCARD (zunionInterDiffGenericCommand):
     * a sorted set, or a set, read as a sorted set whose members all score 1; null if missing; WRONGTYPE
     * for anything else. Looked up as the sorted-set family looks up its sources (7.0 reads, so a miss
     * notifies "keymiss"; 6.2's STORE forms look up for writing). A key named twice gives two equal
     * copies, which the operations treat as they treat the same sorted set twice.
     */
    static ZSet zsetOperand(Call c, byte[] key, boolean store) throws CommandException {
        boolean asRead = !store || c.dialect().has(Quirk.SOURCE_KEYS_READ_WITH_KEYMISS);
        Object v = asRead ? c.lookupRead(key) : c.db().get(key, c.now);
        if (v == null || v instanceof ZSet) return (ZSet) v;
        if (!(v instanceof RedisSet s)) throw Call.wrongType();
        ZSet z = new ZSet(c.engine.random());
        s.forEach(m -> z.add(m, 1.0));
        return z;
    }

    /** For tests: the set at a key of a database, or null. */
    static RedisSet lookup(Database db, byte[] key, long now) {
        Object v = db.get(key, now);
        return v instanceof RedisSet s ? s : null;
    }

    /** This family's command handlers, one object per command and no lambda class each: see {@link OpHandler}. */
    private static final class Dispatch extends OpHandler {
        static final int SADD = 0;
        static final int SREM = 1;
        static final int SMOVE = 2;
        static final int SISMEMBER = 3;
        static final int SMISMEMBER = 4;
        static final int SCARD = 5;
        static final int SPOP = 6;
        static final int SRANDMEMBER = 7;
        static final int SINTER = 8;
        static final int SINTERCARD = 9;
        static final int SINTERSTORE = 10;
        static final int SUNION = 11;
        static final int SUNIONSTORE = 12;
        static final int SDIFF = 13;
        static final int SDIFFSTORE = 14;
        static final int SSCAN = 15;

        Dispatch(int op) {
            super(op);
        }

        @Override
        public Reply run(Call c) throws CommandException {
            return switch (op) {
                case SADD -> sadd(c);
                case SREM -> srem(c);
                case SMOVE -> smove(c);
                case SISMEMBER -> sismember(c);
                case SMISMEMBER -> smismember(c);
                case SCARD -> scard(c);
                case SPOP -> spop(c);
                case SRANDMEMBER -> srandmember(c);
                case SINTER -> sinter(c);
                case SINTERCARD -> sintercard(c);
                case SINTERSTORE -> sinterstore(c);
                case SUNION -> sunion(c);
                case SUNIONSTORE -> sunionstore(c);
                case SDIFF -> sdiff(c);
                case SDIFFSTORE -> sdiffstore(c);
                case SSCAN -> sscan(c);
                default -> throw unknown();
            };
        }
    }
}
