package io.redisdouble.command;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.dialect.Quirk;
import io.redisdouble.keyspace.EncodingLimits;
import io.redisdouble.keyspace.Database;
import io.redisdouble.keyspace.KeyspaceEvents;
import io.redisdouble.resp.Reply;
import io.redisdouble.util.Bytes;
import io.redisdouble.util.MuslQsort;
import io.redisdouble.util.RedisNumbers;
import io.redisdouble.zset.LexRange;
import io.redisdouble.zset.RangeSink;
import io.redisdouble.zset.ScoreRange;
import io.redisdouble.zset.ZSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.redisdouble.command.CommandTable.flags;
import static io.redisdouble.command.Flag.*;

/**
 * Sorted sets (t_zset.c): ZADD/ZINCRBY, the ZRANGE family and ZRANGESTORE, counts, ranks, scores,
 * removals, pops (ZPOPMIN/MAX, ZMPOP and the blocking BZPOPMIN/MAX, BZMPOP), ZRANDMEMBER, ZSCAN, and
 * the set operations ZUNION/ZINTER/ZDIFF (+STORE) and ZINTERCARD.
 *
 * <p>Values are {@link ZSet}s (skip list + member index). Redis keeps small sets in a compact
 * encoding (listpack in 7.0, ziplist in 6.2: at most zset-max-listpack-entries (128 by default) members of at most
 * zset-max-listpack-value (64) bytes); that shows in replies in three ways, so each set records
 * whether Redis would have it compact ({@link ZSet#isCompact()}), converting one way exactly when
 * Redis's zsetAdd does (before inserting the member that would break a limit):
 * <ul>
 *   <li>7.0's listpack stores an integral score as an integer, so -0 becomes 0 ({@link #stored});</li>
 *   <li>ZSCAN of a compact set returns it whole, in order, with cursor 0;</li>
 *   <li>lex ranges on a compact set with unequal scores are linear scans (zzl*InLexRange).</li>
 * </ul>
 *
 * <p>Every handler validates all arguments before touching data, in Redis's order (noted per command
 * where Redis itself looks a key up first). Scores are parsed by {@link RedisNumbers} (strict for
 * ZADD, strtod-like for ranges) and replied with {@link Reply#dbl}, so RESP3 gets doubles.
 * Members are stored as the argument arrays themselves (the decoder allocates each afresh) and are
 * shared, never modified, between sets.
 */
final class SortedSetCommands {
    private SortedSetCommands() {}

    static void register(CommandTable t) {
        t.add("zadd", -4, flags(WRITE, DENYOOM, FAST), 1, 1, 1, new Dispatch(Dispatch.ZADD));
        t.add("zincrby", 4, flags(WRITE, DENYOOM, FAST), 1, 1, 1, new Dispatch(Dispatch.ZINCRBY));
        t.add("zrem", -3, flags(WRITE, FAST), 1, 1, 1, new Dispatch(Dispatch.ZREM));
        t.add("zremrangebyscore", 4, flags(WRITE), 1, 1, 1, new Dispatch(Dispatch.ZREMRANGEBYSCORE));
        t.add("zremrangebyrank", 4, flags(WRITE), 1, 1, 1, new Dispatch(Dispatch.ZREMRANGEBYRANK));
        t.add("zremrangebylex", 4, flags(WRITE), 1, 1, 1, new Dispatch(Dispatch.ZREMRANGEBYLEX));
        t.add("zunionstore", -4, flags(WRITE, DENYOOM), 1, 1, 1, new Dispatch(Dispatch.ZUNIONSTORE));
        t.add("zinterstore", -4, flags(WRITE, DENYOOM), 1, 1, 1, new Dispatch(Dispatch.ZINTERSTORE));
        t.add("zdiffstore", -4, flags(WRITE, DENYOOM), 1, 1, 1, new Dispatch(Dispatch.ZDIFFSTORE));
        t.add("zunion", -3, flags(READONLY), 0, 0, 0, new Dispatch(Dispatch.ZUNION));
        t.add("zinter", -3, flags(READONLY), 0, 0, 0, new Dispatch(Dispatch.ZINTER));
        t.add("zdiff", -3, flags(READONLY), 0, 0, 0, new Dispatch(Dispatch.ZDIFF));
        t.add("zrange", -4, flags(READONLY), 1, 1, 1, new Dispatch(Dispatch.ZRANGE));
        t.add("zrangestore", -5, flags(WRITE, DENYOOM), 1, 2, 1, new Dispatch(Dispatch.ZRANGESTORE));
        t.add("zrangebyscore", -4, flags(READONLY), 1, 1, 1, new Dispatch(Dispatch.ZRANGEBYSCORE));
        t.add("zrevrangebyscore", -4, flags(READONLY), 1, 1, 1, new Dispatch(Dispatch.ZREVRANGEBYSCORE));
        t.add("zrangebylex", -4, flags(READONLY), 1, 1, 1, new Dispatch(Dispatch.ZRANGEBYLEX));
        t.add("zrevrangebylex", -4, flags(READONLY), 1, 1, 1, new Dispatch(Dispatch.ZREVRANGEBYLEX));
        t.add("zcount", 4, flags(READONLY, FAST), 1, 1, 1, new Dispatch(Dispatch.ZCOUNT));
        t.add("zlexcount", 4, flags(READONLY, FAST), 1, 1, 1, new Dispatch(Dispatch.ZLEXCOUNT));
        t.add("zrevrange", -4, flags(READONLY), 1, 1, 1, new Dispatch(Dispatch.ZREVRANGE));
        t.add("zcard", 2, flags(READONLY, FAST), 1, 1, 1, new Dispatch(Dispatch.ZCARD));
        t.add("zscore", 3, flags(READONLY, FAST), 1, 1, 1, new Dispatch(Dispatch.ZSCORE));
        t.add("zmscore", -3, flags(READONLY, FAST), 1, 1, 1, new Dispatch(Dispatch.ZMSCORE));
        int rankArity = t.has(Quirk.ZRANK_WITHSCORE) ? -3 : 3;
        t.add("zrank", rankArity, flags(READONLY, FAST), 1, 1, 1, new Dispatch(Dispatch.ZRANK));
        t.add("zrevrank", rankArity, flags(READONLY, FAST), 1, 1, 1, new Dispatch(Dispatch.ZREVRANK));
        t.add("zscan", -3, flags(READONLY), 1, 1, 1, new Dispatch(Dispatch.ZSCAN));
        t.add("zpopmin", -2, flags(WRITE, FAST), 1, 1, 1, new Dispatch(Dispatch.ZPOPMIN));
        t.add("zpopmax", -2, flags(WRITE, FAST), 1, 1, 1, new Dispatch(Dispatch.ZPOPMAX));
        t.add("bzpopmin", -3, flags(WRITE, NOSCRIPT, FAST, BLOCKING), 1, -2, 1, new Dispatch(Dispatch.BZPOPMIN));
        t.add("bzpopmax", -3, flags(WRITE, NOSCRIPT, FAST, BLOCKING), 1, -2, 1, new Dispatch(Dispatch.BZPOPMAX));
        t.add("zrandmember", -2, flags(READONLY), 1, 1, 1, new Dispatch(Dispatch.ZRANDMEMBER));
        if (t.known("zintercard")) t.add("zintercard", -3, flags(READONLY), 0, 0, 0, new Dispatch(Dispatch.ZINTERCARD));
        if (t.known("zmpop")) t.add("zmpop", -4, flags(WRITE), 0, 0, 0, new Dispatch(Dispatch.ZMPOP));
        if (t.known("bzmpop")) t.add("bzmpop", -5, flags(WRITE, BLOCKING), 0, 0, 0, new Dispatch(Dispatch.BZMPOP));
    }

    /** zset-max-listpack-entries / -value (zset-max-ziplist-* in 6.2) as the configuration has them now. */
    private static EncodingLimits limits(Call c) {
        return c.engine.config().limits();
    }

    // ==== common helpers =============================================================================

    /**
     * The sorted set at {@code key}, or null if absent; WRONGTYPE if the key holds another type. A
     * write's lookup (lookupKeyWrite): a miss notifies nothing.
     */
    private static ZSet lookup(Call c, byte[] key) throws CommandException {
        Object v = c.db().get(key, c.now);
        if (v == null) return null;
        if (v instanceof ZSet z) return z;
        throw Call.wrongType();
    }

    /** As {@link #lookup}, for reading (lookupKeyRead): a miss notifies "keymiss". */
    private static ZSet read(Call c, byte[] key) throws CommandException {
        return c.getTypedRead(key, ZSet.class);
    }

    /**
     * The source lookup of the STORE forms (ZRANGESTORE, Z*STORE): 7.0 reads (a miss notifies
     * "keymiss"), 6.2 looks up for writing; the reply forms always read.
     */
    private static ZSet sourceLookup(Call c, byte[] key, boolean store) throws CommandException {
        return store && !c.dialect().has(Quirk.SOURCE_KEYS_READ_WITH_KEYMISS) ? lookup(c, key) : read(c, key);
    }

    /** An empty set whose node levels come from the engine's seeded random source. */
    private static ZSet newZSet(Call c, boolean compact) {
        ZSet z = new ZSet(c.engine.random());
        z.setCompact(compact);
        return z;
    }

    /**
     * The score as the set stores it: 7.0's listpack encodes an integral score as an integer
     * (zzlInsertAt via double2ll), which turns -0 into 0; 6.2's ziplist and the skip list keep -0.
     */
    private static double stored(Dialect v, ZSet z, double score) {
        return score == 0 && z.isCompact() && v.has(Quirk.LISTPACK_ENCODING) ? 0.0 : score;
    }

    private static long longArg(byte[] arg, String error) throws CommandException {
        try {
            return RedisNumbers.parseLong(arg);
        } catch (RedisNumbers.NotANumber e) {
            throw Call.error(error);
        }
    }

    /** getRangeLongFromObjectOrReply with a message: the same text for "not a number" and "out of range". */
    private static long rangeLongArg(byte[] arg, long min, long max, String error) throws CommandException {
        long v = longArg(arg, error);
        if (v < min || v > max) throw Call.error(error);
        return v;
    }

    /** Replies an element of a range: bulk member, then the score as a double if asked. */
    private static final class ReplySink implements RangeSink {
        private final boolean withScores;
        /** RESP3 WITHSCORES: each element is a [member, score] array (RESP2: flat). */
        private final boolean pairs;
        private Reply[] items;
        private int n;

        ReplySink(boolean withScores, int proto, int expected) {
            this.withScores = withScores;
            this.pairs = withScores && proto > 2;
            int cap = (int) Math.min(Math.max(expected, 0) * (withScores && !pairs ? 2L : 1L), 1 << 16);
            this.items = new Reply[Math.max(cap, 4)];
        }

        @Override
        public void accept(byte[] member, double score) {
            if (!withScores) {
                add(Reply.bulk(member));
            } else if (pairs) {
                add(Reply.array(Reply.bulk(member), Reply.dbl(score)));
            } else {
                add(Reply.bulk(member));
                add(Reply.dbl(score));
            }
        }

        private void add(Reply r) {
            if (n == items.length) items = Arrays.copyOf(items, n * 2);
            items[n++] = r;
        }

        Reply reply() {
            return n == 0 ? Reply.EMPTY_ARRAY : Reply.array(n == items.length ? items : Arrays.copyOf(items, n));
        }
    }

    // ==== zsetAdd ======================================================================================

    private static final int IN_NX = 1, IN_XX = 2, IN_GT = 4, IN_LT = 8, IN_INCR = 16;
    private static final int OUT_ADDED = 1, OUT_UPDATED = 2, OUT_NOP = 4, OUT_NAN = 8;

    /**
     * t_zset.c zsetAdd: adds {@code member} or updates its score under the NX/XX/GT/LT/INCR flags and
     * returns OUT_* flags (OUT_NAN when INCR makes NaN; then nothing changed). The resulting score
     * (what ZINCRBY replies, before the listpack turns -0 into 0) goes to {@code newScore[0]}. A
     * compact set becomes non-compact before a member that would exceed its limits is inserted.
     */
    private static int zsetAdd(Dialect v, EncodingLimits lim, ZSet z, double score, byte[] member, int in, double[] newScore) {
        ZSet.Node node = z.get(member);
        if (node != null) {
            if ((in & IN_NX) != 0) return OUT_NOP;
            double cur = node.score();
            if ((in & IN_INCR) != 0) {
                score += cur;
                if (Double.isNaN(score)) return OUT_NAN;
            }
            if (((in & IN_LT) != 0 && score >= cur) || ((in & IN_GT) != 0 && score <= cur)) return OUT_NOP;
            newScore[0] = score;
            if (score != cur) {
                z.setScore(node, stored(v, z, score));
                return OUT_UPDATED;
            }
            return 0;
        }
        if ((in & IN_XX) != 0) return OUT_NOP;
        if (z.isCompact() && (z.size() + 1 > lim.zsetEntries() || member.length > lim.zsetValue())) {
            z.setCompact(false);
        }
        z.addAbsent(member, stored(v, z, score));
        newScore[0] = score;
        return OUT_ADDED;
    }

    // ==== ZADD / ZINCRBY =============================================================================

    static Reply zadd(Call c) throws CommandException {
        return zaddGeneric(c, 0);
    }

    /** ZINCRBY key increment member: ZADD's code with INCR (so "ZINCRBY k nx m" is a syntax error). */
    static Reply zincrby(Call c) throws CommandException {
        return zaddGeneric(c, IN_INCR);
    }

    /**
     * zaddGenericCommand: options NX XX CH INCR GT LT up to the first other word; then an even,
     * non-zero number of arguments (else syntax error); NX+XX; two of GT/LT/NX; INCR with more than
     * one pair; every score strictly parsed ("ERR value is not a valid float"); then the key's type.
     * XX on a missing key replies 0 (nil with INCR) without creating it. A new key starts compact
     * unless its first member is longer than 64 bytes. Replies the number added (CH: added +
     * updated), or with INCR the new score (nil when NX/XX/GT/LT prevented it). An update to the
     * same score is no write (WATCH does not see it).
     */
    private static Reply zaddGeneric(Call c, int flags) throws CommandException {
        boolean ch = false;
        int scoreIdx = 2;
        while (scoreIdx < c.argc()) {
            byte[] opt = c.arg(scoreIdx);
            if (Bytes.eqIgnoreCaseC(opt, "nx")) flags |= IN_NX;
            else if (Bytes.eqIgnoreCaseC(opt, "xx")) flags |= IN_XX;
            else if (Bytes.eqIgnoreCaseC(opt, "ch")) ch = true;
            else if (Bytes.eqIgnoreCaseC(opt, "incr")) flags |= IN_INCR;
            else if (Bytes.eqIgnoreCaseC(opt, "gt")) flags |= IN_GT;
            else if (Bytes.eqIgnoreCaseC(opt, "lt")) flags |= IN_LT;
            else break;
            scoreIdx++;
        }
        boolean incr = (flags & IN_INCR) != 0, nx = (flags & IN_NX) != 0, xx = (flags & IN_XX) != 0;
        boolean gt = (flags & IN_GT) != 0, lt = (flags & IN_LT) != 0;
        int elements = c.argc() - scoreIdx;
        if (elements % 2 != 0 || elements == 0) throw Call.syntax();
        elements /= 2;
        if (nx && xx) throw Call.error(Errors.ZADD_XX_NX);
        if ((gt && nx) || (lt && nx) || (gt && lt)) throw Call.error(Errors.ZADD_GT_LT_NX);
        if (incr && elements > 1) throw Call.error(Errors.ZADD_INCR_PAIR);
        double[] scores = new double[elements];
        for (int j = 0; j < elements; j++) {
            try {
                scores[j] = RedisNumbers.parseDoubleStrict(c.arg(scoreIdx + 2 * j));
            } catch (RedisNumbers.NotANumber e) {
                throw Call.error(Errors.NOT_FLOAT);
            }
        }
        byte[] key = c.arg(1);
        ZSet z = lookup(c, key);
        // 7.2 (ZSET_SIZE_HINT) sizes the set for the number of pairs before adding any: more than
        // zset-max-listpack-entries pairs make a skip list at once (so -0 scores stay -0).
        EncodingLimits lim = limits(c);
        boolean hinted = c.dialect().has(Quirk.ZSET_SIZE_HINT) && elements > lim.zsetEntries();
        // Valkey (ZADD_LENGTH_HINT) also sizes it for its longest member, the first one's length otherwise.
        long lengthHint = c.arg(scoreIdx + 1).length;
        if (c.dialect().has(Quirk.ZADD_LENGTH_HINT)) {
            for (int j = 1; j < elements; j++) lengthHint = Math.max(lengthHint, c.arg(scoreIdx + 1 + 2 * j).length);
            hinted |= lengthHint > lim.zsetValue();
        }
        if (z == null) {
            if (xx) return incr ? Reply.NIL : Reply.ZERO;
            z = newZSet(c, lengthHint <= lim.zsetValue() && !hinted && lim.zsetEntries() != 0);
            c.db().add(key, z);
        } else if (hinted && z.isCompact()) {
            z.setCompact(false);
        }
        Dialect v = c.dialect();
        double[] newScore = new double[1];
        double score = 0;
        long added = 0, updated = 0, processed = 0;
        byte[][] members = null; // only for the batch paths below
        for (int j = 0; j < elements; j++) {
            // Many pairs into a large set: the cache misses of the next searches overlap. A chunk of
            // new, distinct members (all of which zsetAdd would add, in any order, unless XX) is
            // added in one go; otherwise its paths are only read ahead and the pairs go one by one.
            if (j % ZSet.READ_AHEAD == 0 && elements > 1 && z.readAheadPays() && !z.isCompact()) {
                if (members == null) {
                    members = new byte[elements][];
                    for (int k = 0; k < elements; k++) members[k] = c.arg(scoreIdx + 1 + 2 * k);
                }
                int n = Math.min(ZSet.READ_AHEAD, elements - j);
                if (!xx && z.addAllNew(scores, members, j, n)) {
                    added += n;
                    processed += n;
                    j += n - 1;
                    continue;
                }
                z.readAhead(scores, members, j, n);
            }
            int out = zsetAdd(v, lim, z, scores[j], c.arg(scoreIdx + 1 + 2 * j), flags, newScore);
            if (out == OUT_NAN) throw Call.error(Errors.ZSCORE_NAN);
            if ((out & OUT_ADDED) != 0) added++;
            if ((out & OUT_UPDATED) != 0) updated++;
            if ((out & OUT_NOP) == 0) {
                processed++;
                score = newScore[0];
            }
        }
        if (added + updated > 0) c.modified(key, KeyspaceEvents.ZSET, incr ? "zincr" : "zadd");
        if (incr) return processed > 0 ? Reply.dbl(score) : Reply.NIL;
        return Reply.integer(ch ? added + updated : added);
    }

    // ==== ZREM / ZREMRANGEBY* ========================================================================

    /** ZREM key member...: removes what is there; the key goes when its last member does. */
    static Reply zrem(Call c) throws CommandException {
        byte[] key = c.arg(1);
        ZSet z = lookup(c, key);
        if (z == null) return Reply.ZERO;
        long deleted = 0;
        for (int j = 2; j < c.argc(); j++) {
            if (z.remove(c.arg(j))) deleted++;
            if (z.isEmpty()) break;
        }
        return afterRemoval(c, key, z, deleted, "zrem");
    }

    /** Deletes an emptied key, names the event ({@code event}, then "del" if the key went), replies the count. */
    private static Reply afterRemoval(Call c, byte[] key, ZSet z, long deleted, String event) {
        if (deleted > 0) {
            boolean removed = z.isEmpty();
            if (removed) c.db().delete(key, c.now);
            c.modified(key, KeyspaceEvents.ZSET, event);
            if (removed) c.modified(key, KeyspaceEvents.GENERIC, "del");
        }
        return Reply.integer(deleted);
    }

    /** ZREMRANGEBYSCORE key min max: the range is parsed before the key is looked up. */
    static Reply zremrangebyscore(Call c) throws CommandException {
        ScoreRange range = scoreRange(c, c.arg(2), c.arg(3));
        byte[] key = c.arg(1);
        ZSet z = lookup(c, key);
        if (z == null) return Reply.ZERO;
        return afterRemoval(c, key, z, z.removeRangeByScore(range), "zremrangebyscore");
    }

    /** ZREMRANGEBYLEX key min max: compact sets are scanned linearly from the first member in range. */
    static Reply zremrangebylex(Call c) throws CommandException {
        LexRange range = lexRange(c.arg(2), c.arg(3));
        byte[] key = c.arg(1);
        ZSet z = lookup(c, key);
        if (z == null) return Reply.ZERO;
        long deleted;
        if (z.isCompact()) {
            deleted = 0;
            ZSet.Node n = firstInLexCompact(z, range);
            while (n != null && range.lteMax(n.member())) {
                ZSet.Node next = n.next();
                z.remove(n.member());
                deleted++;
                n = next;
            }
        } else {
            deleted = z.removeRangeByLex(range);
        }
        return afterRemoval(c, key, z, deleted, "zremrangebylex");
    }

    /** ZREMRANGEBYRANK key start stop: indexes as ZRANGE's (negative from the end, clamped). */
    static Reply zremrangebyrank(Call c) throws CommandException {
        long start = c.longArg(2), end = c.longArg(3);
        byte[] key = c.arg(1);
        ZSet z = lookup(c, key);
        if (z == null) return Reply.ZERO;
        long llen = z.size();
        if (start < 0) start = llen + start;
        if (end < 0) end = llen + end;
        if (start < 0) start = 0;
        if (start > end || start >= llen) return Reply.ZERO;
        if (end >= llen) end = llen - 1;
        return afterRemoval(c, key, z, z.removeRangeByRank(start, end), "zremrangebyrank");
    }

    // ==== ranges: parsing ==============================================================================

    /**
     * zslParseRange: each bound is strtod-parsed (8.0: fast_float, {@link Quirk#SCORE_RANGE_FAST_FLOAT}) after an
     * optional '(' (exclusive); junk or NaN gives "ERR min or max is not a float" ({@link RedisNumbers#parseRangeDouble}).
     */
    static ScoreRange scoreRange(Call c, byte[] min, byte[] max) throws CommandException {
        boolean fastFloat = c.dialect().has(Quirk.SCORE_RANGE_FAST_FLOAT);
        try {
            boolean minEx = min.length > 0 && min[0] == '(';
            boolean maxEx = max.length > 0 && max[0] == '(';
            double lo = RedisNumbers.parseRangeDouble(min, minEx ? 1 : 0, fastFloat);
            double hi = RedisNumbers.parseRangeDouble(max, maxEx ? 1 : 0, fastFloat);
            return new ScoreRange(lo, minEx, hi, maxEx);
        } catch (RedisNumbers.NotANumber e) {
            throw Call.error(Errors.ZRANGE_NOT_FLOAT);
        }
    }

    /**
     * zslParseLexRange: "-" and "+" (as C strings: nothing but a NUL may follow) are the infinities,
     * "(x" and "[x" exclusive and inclusive bounds (x binary, possibly empty); anything else is
     * "ERR min or max not valid string range item".
     */
    static LexRange lexRange(byte[] min, byte[] max) throws CommandException {
        byte[] lo = lexItem(min), hi = lexItem(max);
        if (lo == null || hi == null) throw Call.error(Errors.ZRANGE_NOT_LEX);
        return new LexRange(lo, min[0] == '(', hi, max[0] == '(');
    }

    private static byte[] lexItem(byte[] b) {
        if (b.length == 0) return null;
        switch (b[0]) {
            case '+':
                return b.length == 1 || b[1] == 0 ? LexRange.POS_INF : null;
            case '-':
                return b.length == 1 || b[1] == 0 ? LexRange.NEG_INF : null;
            case '(':
            case '[':
                return Arrays.copyOfRange(b, 1, b.length);
            default:
                return null;
        }
    }

    // ==== lex ranges on compact sets (listpack: linear scans) ==========================================

    /** zzlIsInLexRange: a non-empty range that the set's first and last members straddle. */
    private static boolean inLexRangeCompact(ZSet z, LexRange r) {
        if (r.isEmpty() || z.isEmpty()) return false;
        return r.gteMin(z.last().member()) && r.lteMax(z.first().member());
    }

    /** zzlFirstInLexRange: the first member at or above min, if it is also at or below max. */
    private static ZSet.Node firstInLexCompact(ZSet z, LexRange r) {
        if (!inLexRangeCompact(z, r)) return null;
        for (ZSet.Node n = z.first(); n != null; n = n.next()) {
            if (r.gteMin(n.member())) return r.lteMax(n.member()) ? n : null;
        }
        return null;
    }

    /** zzlLastInLexRange: the last member at or below max, if it is also at or above min. */
    private static ZSet.Node lastInLexCompact(ZSet z, LexRange r) {
        if (!inLexRangeCompact(z, r)) return null;
        for (ZSet.Node n = z.last(); n != null; n = n.prev()) {
            if (r.lteMax(n.member())) return r.gteMin(n.member()) ? n : null;
        }
        return null;
    }

    // ==== ZRANGE and friends =========================================================================

    private enum RangeType { AUTO, RANK, SCORE, LEX }

    private enum Direction { AUTO, FORWARD, REVERSE }

    static Reply zrange(Call c) throws CommandException {
        return zrangeGeneric(c, 1, false, RangeType.AUTO, Direction.AUTO);
    }

    static Reply zrangestore(Call c) throws CommandException {
        return zrangeGeneric(c, 2, true, RangeType.AUTO, Direction.AUTO);
    }

    static Reply zrevrange(Call c) throws CommandException {
        return zrangeGeneric(c, 1, false, RangeType.RANK, Direction.REVERSE);
    }

    static Reply zrangebyscore(Call c) throws CommandException {
        return zrangeGeneric(c, 1, false, RangeType.SCORE, Direction.FORWARD);
    }

    static Reply zrevrangebyscore(Call c) throws CommandException {
        return zrangeGeneric(c, 1, false, RangeType.SCORE, Direction.REVERSE);
    }

    static Reply zrangebylex(Call c) throws CommandException {
        return zrangeGeneric(c, 1, false, RangeType.LEX, Direction.FORWARD);
    }

    static Reply zrevrangebylex(Call c) throws CommandException {
        return zrangeGeneric(c, 1, false, RangeType.LEX, Direction.REVERSE);
    }

    /**
     * zrangeGenericCommand: the one routine behind ZRANGE, ZRANGESTORE, ZREVRANGE, Z[REV]RANGEBYSCORE
     * and Z[REV]RANGEBYLEX. {@code <src> <min> <max>} start at {@code argStart}; then options, left to
     * right: WITHSCORES (not for STORE), LIMIT offset count (only with two arguments after it; the
     * numbers are parsed at once), and — only where the command leaves them open — REV, BYLEX,
     * BYSCORE, each at most once; anything else is a syntax error. Then: LIMIT without BYSCORE/BYLEX
     * and WITHSCORES with BYLEX are errors; REV swaps min and max of score and lex ranges; the range is
     * parsed (integers, floats, lex items); then the key is looked up (missing: empty array, or for
     * STORE 0 and the destination deleted) and its type checked. Results go to the client (RESP3
     * WITHSCORES as [member, score] pairs) or into a new set stored at the destination.
     */
    private static Reply zrangeGeneric(Call c, int argStart, boolean store, RangeType type, Direction dir)
            throws CommandException {
        int minIdx = argStart + 1, maxIdx = argStart + 2;
        boolean withScores = false;
        long offset = 0, limit = -1;
        for (int j = argStart + 3; j < c.argc(); j++) {
            int left = c.argc() - j - 1;
            byte[] a = c.arg(j);
            if (!store && Bytes.eqIgnoreCaseC(a, "withscores")) {
                withScores = true;
            } else if (Bytes.eqIgnoreCaseC(a, "limit") && left >= 2) {
                offset = c.longArg(j + 1);
                limit = c.longArg(j + 2);
                j += 2;
            } else if (dir == Direction.AUTO && Bytes.eqIgnoreCaseC(a, "rev")) {
                dir = Direction.REVERSE;
            } else if (type == RangeType.AUTO && Bytes.eqIgnoreCaseC(a, "bylex")) {
                type = RangeType.LEX;
            } else if (type == RangeType.AUTO && Bytes.eqIgnoreCaseC(a, "byscore")) {
                type = RangeType.SCORE;
            } else {
                throw Call.syntax();
            }
        }
        if (dir == Direction.AUTO) dir = Direction.FORWARD;
        if (type == RangeType.AUTO) type = RangeType.RANK;
        if (limit != -1 && type == RangeType.RANK) throw Call.error(Errors.ZRANGE_LIMIT_RANK);
        if (withScores && type == RangeType.LEX) throw Call.error(Errors.ZRANGE_WITHSCORES_BYLEX);
        boolean reverse = dir == Direction.REVERSE;
        if (reverse && type != RangeType.RANK) {
            int tmp = maxIdx;
            maxIdx = minIdx;
            minIdx = tmp;
        }
        long start = 0, end = 0;
        ScoreRange scores = null;
        LexRange lex = null;
        switch (type) {
            case RANK -> {
                start = c.longArg(minIdx);
                end = c.longArg(maxIdx);
            }
            case SCORE -> scores = scoreRange(c, c.arg(minIdx), c.arg(maxIdx));
            default -> lex = lexRange(c.arg(minIdx), c.arg(maxIdx));
        }
        ZSet z = sourceLookup(c, c.arg(argStart), store);
        if (store) {
            ZSet dst = newZSet(c, !(type == RangeType.RANK && z != null && c.dialect().has(Quirk.ZRANGESTORE_SIZE_HINT)
                    && rankRangeLength(z.size(), start, end) > limits(c).zsetEntries()));
            if (z != null) {
                StoreSink sink = new StoreSink(c.dialect(), limits(c), dst);
                emitRange(c.dialect(), z, type, reverse, start, end, scores, lex, offset, limit, sink);
            }
            return storeResult(c, c.arg(1), dst, "zrangestore");
        }
        if (z == null) return Reply.EMPTY_ARRAY;
        ReplySink sink = new ReplySink(withScores, c.session.proto(), 16);
        emitRange(c.dialect(), z, type, reverse, start, end, scores, lex, offset, limit, sink);
        return sink.reply();
    }

    /** genericZrangebyrankCommand's rangelen: the number of elements of a rank range, after sanitizing. */
    private static long rankRangeLength(long llen, long start, long end) {
        if (start < 0) start = llen + start;
        if (end < 0) end = llen + end;
        if (start < 0) start = 0;
        if (start > end || start >= llen) return 0;
        if (end >= llen) end = llen - 1;
        return end - start + 1;
    }

    /**
     * Feeds the range to the sink: genericZrangebyrankCommand (indexes sanitized as Redis does),
     * genericZrangebyscoreCommand, genericZrangebylexCommand (linear on compact sets).
     */
    private static void emitRange(Dialect version, ZSet z, RangeType type, boolean reverse, long start, long end, ScoreRange scores,
            LexRange lex, long offset, long limit, RangeSink sink) {
        switch (type) {
            case RANK -> {
                long llen = z.size();
                if (start < 0) start = llen + start;
                if (end < 0) end = llen + end;
                if (start < 0) start = 0;
                if (start > end || start >= llen) return;
                z.range(start, Math.min(end, llen - 1), reverse, sink);
            }
            case SCORE -> {
                if (offset < 0 && !z.isCompact() && version.has(Quirk.NEGATIVE_LIMIT_OFFSET_FROM_END)) {
                    z.rangeNth(scores, reverse, offset, limit, sink);
                } else {
                    z.rangeByScore(scores, reverse, offset, limit, sink);
                }
            }
            default -> {
                if (!z.isCompact()) {
                    if (offset < 0 && version.has(Quirk.NEGATIVE_LIMIT_OFFSET_FROM_END)) {
                        z.rangeNth(lex, reverse, offset, limit, sink);
                    } else {
                        z.rangeByLex(lex, reverse, offset, limit, sink);
                    }
                    return;
                }
                ZSet.Node n = reverse ? lastInLexCompact(z, lex) : firstInLexCompact(z, lex);
                while (n != null && offset-- != 0) n = reverse ? n.prev() : n.next();
                while (n != null && limit-- != 0) {
                    if (reverse ? !lex.gteMin(n.member()) : !lex.lteMax(n.member())) break;
                    sink.accept(n.member(), n.score());
                    n = reverse ? n.prev() : n.next();
                }
            }
        }
    }

    /** ZRANGESTORE's destination: a set built as Redis builds it (listpack first, zsetAdd for each). */
    private static final class StoreSink implements RangeSink {
        private final Dialect version;
        private final EncodingLimits limits;
        private final ZSet dst;
        private final double[] tmp = new double[1];

        StoreSink(Dialect version, EncodingLimits limits, ZSet dst) {
            this.version = version;
            this.limits = limits;
            this.dst = dst;
        }

        @Override
        public void accept(byte[] member, double score) {
            zsetAdd(version, limits, dst, score, member, 0, tmp);
        }
    }

    private static Reply storeResult(Call c, byte[] dstKey, ZSet result, String event) {
        return c.storeResult(dstKey, result, result.size(), KeyspaceEvents.ZSET, event);
    }

    // ==== ZCARD ZSCORE ZMSCORE ZRANK ZCOUNT ZLEXCOUNT ===================================================

    static Reply zcard(Call c) throws CommandException {
        ZSet z = read(c, c.arg(1));
        return z == null ? Reply.ZERO : Reply.integer(z.size());
    }

    static Reply zscore(Call c) throws CommandException {
        ZSet z = read(c, c.arg(1));
        if (z == null) return Reply.NIL;
        ZSet.Node n = z.get(c.arg(2));
        return n == null ? Reply.NIL : Reply.dbl(n.score());
    }

    /** ZMSCORE key member...: a missing key answers like an empty set (nulls), after the type check. */
    static Reply zmscore(Call c) throws CommandException {
        ZSet z = read(c, c.arg(1));
        Reply[] out = new Reply[c.argc() - 2];
        for (int j = 2; j < c.argc(); j++) {
            ZSet.Node n = z == null ? null : z.get(c.arg(j));
            out[j - 2] = n == null ? Reply.NIL : Reply.dbl(n.score());
        }
        return Reply.array(out);
    }

    static Reply zrank(Call c) throws CommandException {
        return zrankGeneric(c, false);
    }

    static Reply zrevrank(Call c) throws CommandException {
        return zrankGeneric(c, true);
    }

    /**
     * zrankGenericCommand: the rank, or nil. With {@link Quirk#ZRANK_WITHSCORE} (7.2) a fourth argument
     * must be WITHSCORE (a fifth is the arity error, another word a syntax error), checked before the
     * key, and the reply is [rank, score] or a null array.
     */
    private static Reply zrankGeneric(Call c, boolean reverse) throws CommandException {
        boolean withScore = false;
        if (c.argc() > 4) throw Call.error(Errors.wrongArity(reverse ? "zrevrank" : "zrank"));
        if (c.argc() > 3) {
            if (!Bytes.eqIgnoreCaseC(c.arg(3), "withscore")) throw Call.syntax();
            withScore = true;
        }
        Reply none = withScore ? Reply.NIL_ARRAY : Reply.NIL;
        ZSet z = read(c, c.arg(1));
        if (z == null) return none;
        long r = z.rank(c.arg(2), reverse);
        if (r < 0) return none;
        if (!withScore) return Reply.integer(r);
        return Reply.array(Reply.integer(r), Reply.dbl(z.score(c.arg(2))));
    }

    /** ZCOUNT key min max: range parsed first. */
    static Reply zcount(Call c) throws CommandException {
        ScoreRange range = scoreRange(c, c.arg(2), c.arg(3));
        ZSet z = read(c, c.arg(1));
        return z == null ? Reply.ZERO : Reply.integer(z.count(range));
    }

    /** ZLEXCOUNT key min max: range parsed first; compact sets counted linearly from the first in range. */
    static Reply zlexcount(Call c) throws CommandException {
        LexRange range = lexRange(c.arg(2), c.arg(3));
        ZSet z = read(c, c.arg(1));
        if (z == null) return Reply.ZERO;
        if (!z.isCompact()) return Reply.integer(z.lexCount(range));
        long count = 0;
        for (ZSet.Node n = firstInLexCompact(z, range); n != null && range.lteMax(n.member()); n = n.next()) count++;
        return Reply.integer(count);
    }

    // ==== pops ===========================================================================================

    /**
     * genericZpopCommand's removal and reply, on a live non-empty set: pops up to {@code count}
     * elements ({@code -1}: one, "plain" pop) from the low ({@code max} false) or high end, deletes the
     * emptied key, signals the change. Reply shapes: {@code nested} false: flat [member, score, ...],
     * prefixed by the key if {@code emitKey} (BZPOPMIN); {@code nested} true: [[member, score], ...],
     * wrapped as [key, [...]] if {@code emitKey} (ZMPOP).
     */
    private static Reply pop(Database db, byte[] key, ZSet z, boolean max, boolean emitKey, long count,
            boolean nested, long now) {
        if (count == -1) count = 1;
        int n = (int) Math.min(count, z.size());
        List<Reply> items = new ArrayList<>(nested ? n : 2 * n + 1);
        if (emitKey && !nested) items.add(Reply.bulk(key));
        RangeSink sink = (member, score) -> {
            if (nested) {
                items.add(Reply.array(Reply.bulk(member), Reply.dbl(score)));
            } else {
                items.add(Reply.bulk(member));
                items.add(Reply.dbl(score));
            }
        };
        if (max) z.popMax(n, sink);
        else z.popMin(n, sink);
        db.modified(key, KeyspaceEvents.ZSET, max ? "zpopmax" : "zpopmin");
        if (z.isEmpty()) {
            db.delete(key, now);
            db.modified(key, KeyspaceEvents.GENERIC, "del");
        }
        Reply body = Reply.array(items);
        return emitKey && nested ? Reply.array(Reply.bulk(key), body) : body;
    }

    static Reply zpopmin(Call c) throws CommandException {
        return zpopMinMax(c, false);
    }

    static Reply zpopmax(Call c) throws CommandException {
        return zpopMinMax(c, true);
    }

    /**
     * ZPOPMIN/ZPOPMAX key [count]: more than one count argument is a syntax error. 7.0: the count must
     * be a non-negative integer ("ERR value is out of range, must be positive", also for junk), then
     * the key's type, then a missing key or count 0 give an empty array. 6.2: a count that is not an
     * integer is the generic integer error and a count <= 0 gives an empty array before the key is
     * looked at. With a count, RESP3 gets [member, score] pairs; without, a flat pair.
     */
    private static Reply zpopMinMax(Call c, boolean max) throws CommandException {
        if (c.argc() > 3) throw Call.syntax();
        long count = -1;
        if (c.argc() == 3) {
            if (c.dialect().has(Quirk.ZPOP_COUNT_MUST_BE_POSITIVE)) {
                count = rangeLongArg(c.arg(2), 0, Long.MAX_VALUE, Errors.MUST_BE_POSITIVE);
            } else {
                count = c.longArg(2);
                if (count <= 0) return Reply.EMPTY_ARRAY;
            }
        }
        boolean nested = c.session.proto() > 2 && count != -1;
        byte[] key = c.arg(1);
        ZSet z = lookup(c, key);
        if (z == null || count == 0) return Reply.EMPTY_ARRAY;
        return pop(c.db(), key, z, max, false, count, nested, c.now);
    }

    static Reply zmpop(Call c) throws CommandException {
        return zmpopGeneric(c, 1, false);
    }

    static Reply bzmpop(Call c) throws CommandException {
        return zmpopGeneric(c, 2, true);
    }

    /**
     * zmpopGenericCommand (7.0): ZMPOP numkeys key... MIN|MAX [COUNT count] and BZMPOP timeout numkeys
     * key... MIN|MAX [COUNT count]. numkeys must be 1..LONG_MAX ("ERR numkeys should be greater than
     * 0", also for junk); MIN/MAX must follow the keys (else syntax error); COUNT at most once with a
     * value 1..LONG_MAX ("ERR count should be greater than 0"). BZMPOP parses its timeout after all
     * that. Pops from the first non-empty key (WRONGTYPE stops the search), replying [key, [[member,
     * score], ...]], or a null array.
     */
    private static Reply zmpopGeneric(Call c, int numkeysIdx, boolean blocking) throws CommandException {
        MultiPopArgs a = MultiPopArgs.parse(c, numkeysIdx, "min", "max");
        boolean max = a.second();
        long count = a.count();
        List<byte[]> keys = a.keys();
        if (blocking) return blockingPop(c, keys, 1, max, count, true);
        for (byte[] key : keys) {
            ZSet z = lookup(c, key);
            if (z != null) return pop(c.db(), key, z, max, true, count, true, c.now);
        }
        return Reply.NIL_ARRAY;
    }

    static Reply bzpopmin(Call c) throws CommandException {
        return blockingPop(c, Arrays.asList(c.argv).subList(1, c.argc() - 1), c.argc() - 1, false, -1, false);
    }

    static Reply bzpopmax(Call c) throws CommandException {
        return blockingPop(c, Arrays.asList(c.argv).subList(1, c.argc() - 1), c.argc() - 1, true, -1, false);
    }

    /**
     * blockingGenericZpopCommand: timeout first, then the first key holding a set is popped at once
     * (WRONGTYPE on the first key of another type); if none, a client inside MULTI gets a null array
     * at once, any other blocks until a set appears at one of the keys (served first-blocked,
     * first-served) or the timeout passes (null array). BZPOPMIN replies [key, member, score].
     */
    private static Reply blockingPop(Call c, List<byte[]> keys, int timeoutIdx, boolean max, long count,
            boolean nested) throws CommandException {
        long deadline = Blocking.timeoutDeadline(c, timeoutIdx);
        for (byte[] key : keys) {
            ZSet z = lookup(c, key);
            if (z == null || z.isEmpty()) continue;
            return pop(c.db(), key, z, max, true, count, nested, c.now);
        }
        if (!Blocking.mayBlock(c)) return Reply.NIL_ARRAY;
        List<byte[]> waitKeys = new ArrayList<>(keys);
        return c.engine.blocking().block(c, waitKeys, deadline, new Blocking.Waiter() {
            @Override
            public Reply serve(Database db, byte[] key, Object value, long now) {
                if (!(value instanceof ZSet z) || z.isEmpty()) return null;
                return pop(db, key, z, max, true, count, nested, now);
            }

            @Override
            public Reply timeoutReply() {
                return Reply.NIL_ARRAY;
            }
        });
    }

    // ==== ZRANDMEMBER ====================================================================================

    /** The most elements a ZRANDMEMBER reply may hold here (see {@link Errors#ZRANDMEMBER_TOO_MANY}). */
    private static final long MAX_RANDOM_REPLY = 100_000_000;

    /**
     * ZRANDMEMBER key [count [WITHSCORES]]: the count is parsed first (an integer; 7.0: within
     * ±LONG_MAX, "value is out of range, value must between ..."), then the
     * syntax, then (7.0, WITHSCORES) |count| <= LONG_MAX / 2, then the key. Without a count: one random
     * member or nil. Count 0: empty. Negative count: that many independent draws. A count at least
     * the size: the whole set, highest first (Redis iterates sets from the tail). Else that many
     * distinct members: in set order for a compact set (as lpRandomPairsUnique), shuffled otherwise.
     * Random choices come from the engine's seeded source, so they differ from Redis's.
     */
    static Reply zrandmember(Call c) throws CommandException {
        boolean checked = c.dialect().has(Quirk.RANDOM_COUNT_RANGE_CHECKS);
        if (c.argc() >= 3) {
            long l = c.longArg(2);
            if (checked && l == Long.MIN_VALUE) throw Call.error(Errors.ZRANDMEMBER_RANGE); // outside ±LONG_MAX
            if (c.argc() > 4 || (c.argc() == 4 && !Bytes.eqIgnoreCaseC(c.arg(3), "withscores"))) throw Call.syntax();
            boolean withScores = c.argc() == 4;
            if (checked && withScores && (l < -Long.MAX_VALUE / 2 || l > Long.MAX_VALUE / 2)) {
                throw Call.error(Errors.VALUE_OUT_OF_RANGE);
            }
            return zrandmemberWithCount(c, l, withScores);
        }
        ZSet z = read(c, c.arg(1));
        if (z == null) return Reply.NIL;
        return Reply.bulk(z.random(c.engine.random()).member());
    }

    private static Reply zrandmemberWithCount(Call c, long l, boolean withScores) throws CommandException {
        ZSet z = read(c, c.arg(1));
        if (z == null) return Reply.EMPTY_ARRAY;
        long size = z.size();
        boolean uniq = l >= 0;
        long count = uniq ? l : (l == Long.MIN_VALUE ? Long.MAX_VALUE : -l);
        if (count == 0) return Reply.EMPTY_ARRAY;
        ReplySink sink;
        java.util.random.RandomGenerator rnd = c.engine.random();
        if (!uniq || count == 1) {
            if (count > MAX_RANDOM_REPLY) {
                // Never sent when the client's output limit stops it first, as Redis's reply loop stops.
                if (c.engine.closesForReplySize(c.session, count, withScores ? 2 : 1)) return Reply.EMPTY_ARRAY;
                throw Call.error(Errors.ZRANDMEMBER_TOO_MANY);
            }
            sink = new ReplySink(withScores, c.session.proto(), (int) count);
            for (long i = 0; i < count; i++) {
                ZSet.Node n = z.random(rnd);
                sink.accept(n.member(), n.score());
            }
            return sink.reply();
        }
        sink = new ReplySink(withScores, c.session.proto(), (int) Math.min(count, size));
        if (count >= size) {
            for (ZSet.Node n = z.last(); n != null; n = n.prev()) sink.accept(n.member(), n.score());
            return sink.reply();
        }
        // Distinct members: selection sampling keeps set order; shuffled unless the set is compact.
        int k = (int) count;
        ZSet.Node[] picked = new ZSet.Node[k];
        int got = 0;
        long seen = 0;
        for (ZSet.Node n = z.first(); n != null && got < k; n = n.next(), seen++) {
            if (rnd.nextLong(size - seen) < k - got) picked[got++] = n;
        }
        if (!z.isCompact()) {
            for (int i = k - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                ZSet.Node t = picked[i];
                picked[i] = picked[j];
                picked[j] = t;
            }
        }
        for (ZSet.Node n : picked) sink.accept(n.member(), n.score());
        return sink.reply();
    }

    // ==== ZSCAN ==========================================================================================

    /**
     * ZSCAN key cursor [MATCH pattern] [COUNT count]: the cursor is parsed first (strtoul: "ERR invalid
     * cursor"), then the key (missing: cursor 0 and nothing, options unchecked), its type, then the
     * options (COUNT < 1 or anything unknown, TYPE included: syntax error). A compact set is returned
     * whole, in order, with cursor 0; a larger one is scanned by member-table buckets (cursor values
     * are ours, not Redis's). Scores are bulk strings in every protocol: a compact set's as its listpack
     * holds them (util.c d2string, or the integer), a larger one's as ld2string(LD_STR_AUTO) prints the
     * double ("%.17Lg", so 1.1 is "1.1000000000000001" even in 7.2).
     */
    static Reply zscan(Call c) throws CommandException {
        long cursor = c.dialect().has(Quirk.SCAN_CURSOR_STRING2ULL) ? KeyCommands.parseScanCursor(c, c.arg(2)) : parseScanCursor(c.arg(2));
        ZSet z = read(c, c.arg(1));
        if (z == null) return Reply.array(Reply.bulk("0"), Reply.EMPTY_ARRAY);
        ScanArgs opts = ScanArgs.parse(c, 3, false, "zset");
        long count = opts.count();
        List<byte[]> members = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        RangeSink collect = (m, s) -> {
            members.add(m);
            scores.add(s);
        };
        boolean compact = z.isCompact();
        if (compact) {
            z.forEach(collect);
            cursor = 0;
        } else {
            long maxIterations = count * 10;
            do {
                cursor = z.scan(cursor, collect);
            } while (cursor != 0 && maxIterations-- > 0 && members.size() < count);
        }
        List<Reply> out = new ArrayList<>(members.size() * 2);
        Dialect v = c.dialect();
        for (int i = 0; i < members.size(); i++) {
            byte[] m = members.get(i);
            if (!opts.matches(m)) continue;
            out.add(Reply.bulk(m));
            if (opts.onlyKeys()) continue;
            double s = scores.get(i);
            out.add(Reply.bulk(compact ? RedisNumbers.d2string(s, v) : RedisNumbers.formatG17(s)));
        }
        return Reply.array(Reply.bulk(Long.toUnsignedString(cursor)), Reply.array(out));
    }

    /**
     * parseScanCursorOrReply: strtoul(s, &end, 10) on the argument as a C string — optional leading
     * '+' or '-' (negated modulo 2^64), digits; leading whitespace, anything after, or overflow is
     * "ERR invalid cursor"; the empty string is cursor 0.
     */
    static long parseScanCursor(byte[] arg) throws CommandException {
        int end = 0;
        while (end < arg.length && arg[end] != 0) end++;
        if (end == 0) return 0;
        int i = 0;
        if (arg[0] == ' ' || (arg[0] >= '\t' && arg[0] <= '\r')) throw Call.error(Errors.INVALID_CURSOR);
        boolean neg = false;
        if (arg[i] == '+' || arg[i] == '-') {
            neg = arg[i] == '-';
            i++;
        }
        if (i == end) {
            // "+" or "-" alone: strtoul converts nothing and leaves the end pointer at the start.
            throw Call.error(Errors.INVALID_CURSOR);
        }
        long v = KeyCommands.unsignedDigits(arg, i, end);
        return neg ? -v : v;
    }

    // ==== ZUNION ZINTER ZDIFF (+STORE), ZINTERCARD =====================================================

    private enum SetOp { UNION, INTER, DIFF }

    private static final int AGGR_SUM = 0, AGGR_MIN = 1, AGGR_MAX = 2;

    /**
     * One input of a set operation. Only sorted sets exist so far; Redis also takes plain sets (each
     * member scoring 1.0): add them here when the set type exists.
     */
    private static final class Source {
        final ZSet zset; // null: missing key (an empty input)
        double weight = 1.0;

        Source(ZSet zset) {
            this.zset = zset;
        }

        long size() {
            return zset == null ? 0 : zset.size();
        }

        /** The member's score, or NaN if absent (scores are never NaN). */
        double find(byte[] member) {
            if (zset == null) return Double.NaN;
            ZSet.Node n = zset.get(member);
            return n == null ? Double.NaN : n.score();
        }
    }

    static Reply zunionstore(Call c) throws CommandException {
        return setOpGeneric(c, c.arg(1), 2, SetOp.UNION, false);
    }

    static Reply zinterstore(Call c) throws CommandException {
        return setOpGeneric(c, c.arg(1), 2, SetOp.INTER, false);
    }

    static Reply zdiffstore(Call c) throws CommandException {
        return setOpGeneric(c, c.arg(1), 2, SetOp.DIFF, false);
    }

    static Reply zunion(Call c) throws CommandException {
        return setOpGeneric(c, null, 1, SetOp.UNION, false);
    }

    static Reply zinter(Call c) throws CommandException {
        return setOpGeneric(c, null, 1, SetOp.INTER, false);
    }

    static Reply zdiff(Call c) throws CommandException {
        return setOpGeneric(c, null, 1, SetOp.DIFF, false);
    }

    static Reply zintercard(Call c) throws CommandException {
        return setOpGeneric(c, null, 1, SetOp.INTER, true);
    }

    private static double aggregate(double target, double val, int aggregate) {
        switch (aggregate) {
            case AGGR_SUM -> {
                double r = target + val;
                return Double.isNaN(r) ? 0.0 : r; // inf + -inf: Redis's convention is 0
            }
            case AGGR_MIN -> {
                return val < target ? val : target;
            }
            default -> {
                return val > target ? val : target;
            }
        }
    }

    /**
     * zunionInterDiffGenericCommand. numkeys (integer; < 1: "at least 1 input key is needed"; more
     * than the arguments left: syntax error), then every input key is looked up and type-checked
     * (WRONGTYPE before any option is read), then options: WEIGHTS w1..wn (not DIFF/ZINTERCARD; "ERR
     * weight value is not a float"), AGGREGATE SUM|MIN|MAX (not DIFF/ZINTERCARD), WITHSCORES (only
     * without a destination), LIMIT n (only ZINTERCARD; "ERR LIMIT can't be negative"). UNION and INTER
     * take the inputs in qsort order of size (musl's qsort, so equal sizes keep Redis's order and
     * sums match to the last bit); weight × score that is NaN counts as 0, and so does a SUM that is
     * NaN. The result is a new set; stored (compact if at most 128 members of at most 64 bytes), or
     * replied in order (RESP3 WITHSCORES as pairs), or counted (ZINTERCARD, stopping at LIMIT).
     */
    private static Reply setOpGeneric(Call c, byte[] dstKey, int numkeysIdx, SetOp op, boolean cardinalityOnly)
            throws CommandException {
        long setnum = c.longArg(numkeysIdx);
        if (setnum < 1) throw Call.error(Errors.atLeastOneInputKey(c.dialect(), c.spec.fullName));
        if (setnum > c.argc() - (numkeysIdx + 1)) throw Call.syntax();
        int n = (int) setnum;
        Source[] src = new Source[n];
        int j = numkeysIdx + 1;
        for (int i = 0; i < n; i++, j++) src[i] = new Source(SetCommands.zsetOperand(c, c.arg(j), dstKey != null));
        int aggregate = AGGR_SUM;
        boolean withScores = false;
        long limit = 0;
        int remaining = c.argc() - j;
        while (remaining > 0) {
            byte[] a = c.arg(j);
            if (op != SetOp.DIFF && !cardinalityOnly && remaining >= n + 1 && Bytes.eqIgnoreCaseC(a, "weights")) {
                j++;
                remaining--;
                for (int i = 0; i < n; i++, j++, remaining--) {
                    try {
                        src[i].weight = RedisNumbers.parseDoubleStrict(c.arg(j));
                    } catch (RedisNumbers.NotANumber e) {
                        throw Call.error(Errors.WEIGHT_NOT_FLOAT);
                    }
                }
            } else if (op != SetOp.DIFF && !cardinalityOnly && remaining >= 2 && Bytes.eqIgnoreCaseC(a, "aggregate")) {
                byte[] how = c.arg(j + 1);
                if (Bytes.eqIgnoreCaseC(how, "sum")) aggregate = AGGR_SUM;
                else if (Bytes.eqIgnoreCaseC(how, "min")) aggregate = AGGR_MIN;
                else if (Bytes.eqIgnoreCaseC(how, "max")) aggregate = AGGR_MAX;
                else throw Call.syntax();
                j += 2;
                remaining -= 2;
            } else if (dstKey == null && !cardinalityOnly && Bytes.eqIgnoreCaseC(a, "withscores")) {
                withScores = true;
                j++;
                remaining--;
            } else if (cardinalityOnly && remaining >= 2 && Bytes.eqIgnoreCaseC(a, "limit")) {
                limit = rangeLongArg(c.arg(j + 1), 0, Long.MAX_VALUE, Errors.LIMIT_NEGATIVE);
                j += 2;
                remaining -= 2;
            } else {
                throw Call.syntax();
            }
        }
        if (op != SetOp.DIFF) {
            // qsort by cardinality: sets of equal size keep their order under glibc's merge sort, not
            // under musl's smoothsort; the order decides the order of the floating-point sums.
            java.util.Comparator<Source> bySize = (x, y) -> Long.compare(x.size(), y.size());
            if (c.dialect().has(Quirk.QSORT_IS_STABLE)) java.util.Arrays.sort(src, bySize);
            else MuslQsort.sort(src, bySize);
        }

        Dialect v = c.dialect();
        ZSet dst = newZSet(c, false);
        int maxLen = 0;
        if (op == SetOp.INTER) {
            long cardinality = 0;
            if (src[0].size() > 0) {
                for (ZSet.Node e = src[0].zset.last(); e != null; e = e.prev()) {
                    double score = src[0].weight * e.score();
                    if (Double.isNaN(score)) score = 0;
                    int k;
                    for (k = 1; k < n; k++) {
                        double value;
                        if (src[k].zset == src[0].zset) {
                            value = e.score() * src[k].weight;
                        } else {
                            value = src[k].find(e.member());
                            if (Double.isNaN(value)) break;
                            value *= src[k].weight;
                        }
                        score = aggregate(score, value, aggregate);
                    }
                    if (k < n) continue;
                    if (cardinalityOnly) {
                        cardinality++;
                        if (limit != 0 && cardinality >= limit) break;
                    } else {
                        dst.add(e.member(), score);
                        maxLen = Math.max(maxLen, e.member().length);
                    }
                }
            }
            if (cardinalityOnly) return Reply.integer(cardinality);
        } else if (op == SetOp.UNION) {
            ScoreAccumulator acc = new ScoreAccumulator((int) Math.min(src[n - 1].size(), 1 << 20));
            for (Source s : src) {
                if (s.size() == 0) continue;
                for (ZSet.Node e = s.zset.last(); e != null; e = e.prev()) {
                    double score = s.weight * e.score();
                    if (Double.isNaN(score)) score = 0;
                    acc.accumulate(e.member(), score, aggregate);
                }
            }
            for (int i = 0; i < acc.size; i++) {
                dst.add(acc.keys[i], acc.values[i]);
                maxLen = Math.max(maxLen, acc.keys[i].length);
            }
        } else if (src[0].size() > 0) {
            boolean same = false;
            for (int k = 1; k < n; k++) same |= src[k].zset == src[0].zset;
            if (!same) {
                for (ZSet.Node e = src[0].zset.first(); e != null; e = e.next()) {
                    boolean exists = false;
                    for (int k = 1; k < n && !exists; k++) exists = !Double.isNaN(src[k].find(e.member()));
                    if (!exists) {
                        dst.add(e.member(), e.score());
                        maxLen = Math.max(maxLen, e.member().length);
                    }
                }
            }
        }

        if (dstKey != null) {
            if (!dst.isEmpty() && dst.size() <= limits(c).zsetEntries() && maxLen <= limits(c).zsetValue()) {
                // zsetConvertToListpackIfNeeded: re-encoded member by member, as zzlInsertAt stores them.
                ZSet compact = newZSet(c, true);
                dst.forEach((m, s) -> compact.add(m, stored(v, compact, s)));
                dst = compact;
            }
            return storeResult(c, dstKey, dst, switch (op) {
                case UNION -> "zunionstore";
                case INTER -> "zinterstore";
                case DIFF -> "zdiffstore";
            });
        }
        ReplySink sink = new ReplySink(withScores, c.session.proto(), dst.size());
        dst.forEach(sink);
        return sink.reply();
    }

    /**
     * ZUNION's accumulator (member -> aggregated score), in first-seen order: open addressing over
     * member hashes, no boxing.
     */
    private static final class ScoreAccumulator {
        byte[][] keys;
        double[] values;
        int size;
        private int[] slots; // index + 1 into keys/values, 0 = empty
        private int mask;

        ScoreAccumulator(int expected) {
            int cap = 16;
            while (cap < expected * 2) cap <<= 1;
            slots = new int[cap];
            mask = cap - 1;
            keys = new byte[Math.max(expected, 8)][];
            values = new double[keys.length];
        }

        private static int hash(byte[] b) {
            int h = Arrays.hashCode(b);
            return h ^ (h >>> 16);
        }

        void accumulate(byte[] member, double score, int aggregate) {
            int i = hash(member) & mask;
            for (int s; (s = slots[i]) != 0; i = (i + 1) & mask) {
                if (Arrays.equals(keys[s - 1], member)) {
                    values[s - 1] = aggregate(values[s - 1], score, aggregate);
                    return;
                }
            }
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            keys[size] = member;
            values[size] = score;
            slots[i] = ++size;
            if (size * 2 > slots.length) rehash();
        }

        private void rehash() {
            slots = new int[slots.length * 2];
            mask = slots.length - 1;
            for (int k = 0; k < size; k++) {
                int i = hash(keys[k]) & mask;
                while (slots[i] != 0) i = (i + 1) & mask;
                slots[i] = k + 1;
            }
        }
    }

    /** This family's command handlers, one object per command and no lambda class each: see {@link OpHandler}. */
    private static final class Dispatch extends OpHandler {
        static final int ZADD = 0;
        static final int ZINCRBY = 1;
        static final int ZREM = 2;
        static final int ZREMRANGEBYSCORE = 3;
        static final int ZREMRANGEBYRANK = 4;
        static final int ZREMRANGEBYLEX = 5;
        static final int ZUNIONSTORE = 6;
        static final int ZINTERSTORE = 7;
        static final int ZDIFFSTORE = 8;
        static final int ZUNION = 9;
        static final int ZINTER = 10;
        static final int ZDIFF = 11;
        static final int ZRANGE = 12;
        static final int ZRANGESTORE = 13;
        static final int ZRANGEBYSCORE = 14;
        static final int ZREVRANGEBYSCORE = 15;
        static final int ZRANGEBYLEX = 16;
        static final int ZREVRANGEBYLEX = 17;
        static final int ZCOUNT = 18;
        static final int ZLEXCOUNT = 19;
        static final int ZREVRANGE = 20;
        static final int ZCARD = 21;
        static final int ZSCORE = 22;
        static final int ZMSCORE = 23;
        static final int ZRANK = 24;
        static final int ZREVRANK = 25;
        static final int ZSCAN = 26;
        static final int ZPOPMIN = 27;
        static final int ZPOPMAX = 28;
        static final int BZPOPMIN = 29;
        static final int BZPOPMAX = 30;
        static final int ZRANDMEMBER = 31;
        static final int ZINTERCARD = 32;
        static final int ZMPOP = 33;
        static final int BZMPOP = 34;

        Dispatch(int op) {
            super(op);
        }

        @Override
        public Reply run(Call c) throws CommandException {
            return switch (op) {
                case ZADD -> zadd(c);
                case ZINCRBY -> zincrby(c);
                case ZREM -> zrem(c);
                case ZREMRANGEBYSCORE -> zremrangebyscore(c);
                case ZREMRANGEBYRANK -> zremrangebyrank(c);
                case ZREMRANGEBYLEX -> zremrangebylex(c);
                case ZUNIONSTORE -> zunionstore(c);
                case ZINTERSTORE -> zinterstore(c);
                case ZDIFFSTORE -> zdiffstore(c);
                case ZUNION -> zunion(c);
                case ZINTER -> zinter(c);
                case ZDIFF -> zdiff(c);
                case ZRANGE -> zrange(c);
                case ZRANGESTORE -> zrangestore(c);
                case ZRANGEBYSCORE -> zrangebyscore(c);
                case ZREVRANGEBYSCORE -> zrevrangebyscore(c);
                case ZRANGEBYLEX -> zrangebylex(c);
                case ZREVRANGEBYLEX -> zrevrangebylex(c);
                case ZCOUNT -> zcount(c);
                case ZLEXCOUNT -> zlexcount(c);
                case ZREVRANGE -> zrevrange(c);
                case ZCARD -> zcard(c);
                case ZSCORE -> zscore(c);
                case ZMSCORE -> zmscore(c);
                case ZRANK -> zrank(c);
                case ZREVRANK -> zrevrank(c);
                case ZSCAN -> zscan(c);
                case ZPOPMIN -> zpopmin(c);
                case ZPOPMAX -> zpopmax(c);
                case BZPOPMIN -> bzpopmin(c);
                case BZPOPMAX -> bzpopmax(c);
                case ZRANDMEMBER -> zrandmember(c);
                case ZINTERCARD -> zintercard(c);
                case ZMPOP -> zmpop(c);
                case BZMPOP -> bzmpop(c);
                default -> throw unknown();
            };
        }
    }
}
