package io.redisdouble.command;

import io.redisdouble.dialect.Quirk;
import io.redisdouble.keyspace.EncodingLimits;
import io.redisdouble.keyspace.Database;
import io.redisdouble.keyspace.KeyspaceEvents;
import io.redisdouble.keyspace.RedisHash;
import io.redisdouble.resp.Reply;
import io.redisdouble.util.Glob;
import io.redisdouble.util.RedisNumbers;
import io.redisdouble.util.RedisNumbers.LongDouble;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static io.redisdouble.command.CommandTable.flags;
import static io.redisdouble.command.Flag.*;

/**
 * Hashes (t_hash.c): HSET, HSETNX, HMSET, HGET, HMGET, HGETALL, HKEYS, HVALS, HLEN, HSTRLEN, HEXISTS,
 * HDEL, HINCRBY, HINCRBYFLOAT, HRANDFIELD, HSCAN; the hash-field TTL commands (7.4) and HGETDEL, HGETEX,
 * HSETEX (8.0).
 *
 * <p>Encodings ({@link RedisHash}): a hash starts compact (listpack / ziplist: insertion order, which
 * HGETALL, HKEYS, HVALS, HSCAN and HRANDFIELD with a count covering the hash show) and becomes a table
 * for good when it gets more than hash-max-listpack-entries entries or a string longer than
 * hash-max-listpack-value bytes. Which strings are checked differs: HSET / HMSET / HSETNX check their
 * arguments before writing (hashTypeTryConversion; 6.2's HSETNX even when the field exists and nothing
 * is written); 7.0 also checks every field and value it stores (hashTypeSet), so HINCRBY on a long
 * field name or HINCRBYFLOAT producing a long number converts — 6.2 keeps those compact.
 *
 * <p>A hash emptied by HDEL is deleted. An empty hash exists only in 6.2, after HINCRBYFLOAT with an
 * infinite increment on a missing key (the key is created before the sum is checked).
 */
final class HashCommands {
    private HashCommands() {}

    /**
     * hash-max-listpack-entries / hash-max-ziplist-entries and -value as the configuration has them now
     * (512 and 64 in a redis-server started without a config file; redis.conf's 128 is not the built-in
     * default).
     */
    private static EncodingLimits limits(Call c) {
        return c.engine.config().limits();
    }

    static void register(CommandTable t) {
        t.add("hset", -4, flags(WRITE, DENYOOM, FAST), 1, 1, 1, new Dispatch(Dispatch.HSET));
        t.add("hsetnx", 4, flags(WRITE, DENYOOM, FAST), 1, 1, 1, new Dispatch(Dispatch.HSETNX));
        t.add("hmset", -4, flags(WRITE, DENYOOM, FAST), 1, 1, 1, new Dispatch(Dispatch.HSET));
        t.add("hget", 3, flags(READONLY, FAST), 1, 1, 1, new Dispatch(Dispatch.HGET));
        t.add("hmget", -3, flags(READONLY, FAST), 1, 1, 1, new Dispatch(Dispatch.HMGET));
        t.add("hgetall", 2, flags(READONLY), 1, 1, 1, new Dispatch(Dispatch.HGETALL));
        t.add("hkeys", 2, flags(READONLY), 1, 1, 1, new Dispatch(Dispatch.HKEYS));
        t.add("hvals", 2, flags(READONLY), 1, 1, 1, new Dispatch(Dispatch.HVALS));
        t.add("hlen", 2, flags(READONLY, FAST), 1, 1, 1, new Dispatch(Dispatch.HLEN));
        t.add("hstrlen", 3, flags(READONLY, FAST), 1, 1, 1, new Dispatch(Dispatch.HSTRLEN));
        t.add("hexists", 3, flags(READONLY, FAST), 1, 1, 1, new Dispatch(Dispatch.HEXISTS));
        t.add("hdel", -3, flags(WRITE, FAST), 1, 1, 1, new Dispatch(Dispatch.HDEL));
        t.add("hincrby", 4, flags(WRITE, DENYOOM, FAST), 1, 1, 1, new Dispatch(Dispatch.HINCRBY));
        t.add("hincrbyfloat", 4, flags(WRITE, DENYOOM, FAST), 1, 1, 1, new Dispatch(Dispatch.HINCRBYFLOAT));
        t.add("hrandfield", -2, flags(READONLY), 1, 1, 1, new Dispatch(Dispatch.HRANDFIELD));
        t.add("hscan", -3, flags(READONLY), 1, 1, 1, new Dispatch(Dispatch.HSCAN));
        // hash-field expiration: only where the dialect's catalog has it (7.4)
        if (t.known("hexpire")) {
            t.add("hexpire", -6, flags(WRITE, FAST), 1, 1, 1, new Dispatch(Dispatch.HEXPIRE));
            t.add("hpexpire", -6, flags(WRITE, FAST), 1, 1, 1, new Dispatch(Dispatch.HPEXPIRE));
            t.add("hexpireat", -6, flags(WRITE, FAST), 1, 1, 1, new Dispatch(Dispatch.HEXPIREAT));
            t.add("hpexpireat", -6, flags(WRITE, FAST), 1, 1, 1, new Dispatch(Dispatch.HPEXPIREAT));
            t.add("httl", -5, flags(READONLY, FAST), 1, 1, 1, new Dispatch(Dispatch.HTTL));
            t.add("hpttl", -5, flags(READONLY, FAST), 1, 1, 1, new Dispatch(Dispatch.HPTTL));
            t.add("hexpiretime", -5, flags(READONLY, FAST), 1, 1, 1, new Dispatch(Dispatch.HEXPIRETIME));
            t.add("hpexpiretime", -5, flags(READONLY, FAST), 1, 1, 1, new Dispatch(Dispatch.HPEXPIRETIME));
            t.add("hpersist", -5, flags(WRITE, FAST), 1, 1, 1, new Dispatch(Dispatch.HPERSIST));
        }
        // get-and-delete / get-and-expire / set-with-expiry: where the catalog has them (8.0)
        if (t.known("hgetdel")) t.add("hgetdel", -5, flags(WRITE, FAST), 1, 1, 1, new Dispatch(Dispatch.HGETDEL));
        if (t.known("hgetex")) t.add("hgetex", -5, flags(WRITE, FAST), 1, 1, 1, new Dispatch(Dispatch.HGETEX));
        if (t.known("hsetex")) t.add("hsetex", -6, flags(WRITE, DENYOOM, FAST), 1, 1, 1, new Dispatch(Dispatch.HSETEX));
    }

    // ---- helpers ------------------------------------------------------------------------------------

    /** The hash at a key for reading (lookupKeyRead): null if missing ("keymiss"), WRONGTYPE if not a hash. */
    private static RedisHash read(Call c) throws CommandException {
        return c.getTypedRead(c.arg(1), RedisHash.class);
    }

    /** hashTypeLookupWriteOrCreate: the hash at the key, created empty (and stored) if missing. */
    private static RedisHash writeOrCreate(Call c) throws CommandException {
        RedisHash h = c.getTyped(c.arg(1), RedisHash.class);
        if (h == null) {
            h = new RedisHash();
            c.db().add(c.arg(1), h);
        }
        return h;
    }

    /** hashTypeGetValue found the field past its deadline and deleted it (and the hash with its last field). */
    private static final int FIELD_EXPIRED = 1;
    private static final int HASH_DELETED = 2;

    /**
     * hashTypeGetValue's lazy expiry (7.4): a field whose deadline is before now is deleted; with
     * {@code notify} (HFE_LAZY_EXPIRE) "hexpired" is sent, and "del" when it was the last field, which
     * takes the key with it (HMGET: HFE_LAZY_NO_NOTIFICATION, no event). Returns 0 if the field is live or
     * missing, {@link #FIELD_EXPIRED} or {@link #HASH_DELETED}.
     */
    private static int expireFieldIfDue(Call c, RedisHash h, byte[] field, boolean notify) {
        return expireFieldIfDue(c, c.arg(1), h, field, notify);
    }

    /** {@link #expireFieldIfDue(Call, RedisHash, byte[], boolean)} for the hash at {@code key} (SORT's BY / GET). */
    static int expireFieldIfDue(Call c, byte[] key, RedisHash h, byte[] field, boolean notify) {
        if (!h.isExpired(field, c.now)) return 0;
        h.remove(field);
        Database db = c.db();
        if (notify) db.notifyEvent(KeyspaceEvents.HASH, "hexpired", key);
        int res = FIELD_EXPIRED;
        if (h.isEmpty()) {
            if (notify) db.notifyEvent(KeyspaceEvents.GENERIC, "del", key);
            db.delete(key, c.now);
            res = HASH_DELETED;
        }
        db.touched(key);
        return res;
    }

    /**
     * hashTypeExpireIfNeeded (HRANDFIELD): every field due now goes first, with one "hexpired" (and "del"
     * with the key when none is left). True if the hash was deleted.
     */
    private static boolean expireDueFields(Call c, RedisHash h) {
        List<byte[]> due = h.fieldsDue(c.now);
        if (due.isEmpty()) return false;
        for (byte[] f : due) h.remove(f);
        byte[] key = c.arg(1);
        Database db = c.db();
        db.notifyEvent(KeyspaceEvents.HASH, "hexpired", key);
        boolean deleted = h.isEmpty();
        if (deleted) {
            db.delete(key, c.now);
            db.notifyEvent(KeyspaceEvents.GENERIC, "del", key);
        }
        db.touched(key);
        return deleted;
    }

    /**
     * hashTypeTryConversion: converts before writing if any of the strings is too long for compact, or
     * (7.2+, {@link Quirk#HASH_FIELD_COUNT_HINT}) if the pairs given outnumber the entry limit.
     */
    private static void convertIfAnyTooLong(Call c, RedisHash h, byte[][] argv, int from, int to) {
        if (!h.isCompact()) return;
        EncodingLimits lim = limits(c);
        if (c.dialect().has(Quirk.HASH_FIELD_COUNT_HINT) && (to - from + 1) / 2 > lim.hashEntries()) {
            h.convertToTable();
            return;
        }
        for (int i = from; i <= to; i++) {
            if (argv[i].length > lim.hashValue()) {
                h.convertToTable();
                return;
            }
        }
    }

    /**
     * hashTypeSet: stores a field (7.0 first converts if the field or value is too long for compact;
     * 6.2 does not), then converts when the hash has grown past the entry limit. True if the field is new.
     */
    private static boolean set(Call c, RedisHash h, byte[] field, byte[] value) {
        return set(c, h, field, value, false);
    }

    /** hashTypeSet; {@code keepTtl}: HASH_SET_KEEP_TTL (HINCRBY, HINCRBYFLOAT keep a field's TTL; HSET drops it). */
    private static boolean set(Call c, RedisHash h, byte[] field, byte[] value, boolean keepTtl) {
        if (h.isCompact() && c.dialect().has(Quirk.LISTPACK_ENCODING)
                && (field.length > limits(c).hashValue() || value.length > limits(c).hashValue())) {
            h.convertToTable();
        }
        boolean added = h.put(field, value, keepTtl);
        if (h.isCompact() && h.size() > limits(c).hashEntries()) h.convertToTable();
        return added;
    }

    // ---- writes -------------------------------------------------------------------------------------

    /**
     * HSET key field value [field value …] → fields added; HMSET → OK. An odd pair count is the arity
     * error of the command as called, before the type check.
     */
    static Reply hset(Call c) throws CommandException {
        if (c.argc() % 2 == 1) throw Call.error(Errors.wrongArity(c.spec.fullName));
        RedisHash h = writeOrCreate(c);
        convertIfAnyTooLong(c, h, c.argv, 2, c.argc() - 1);
        long created = 0;
        for (int i = 2; i < c.argc(); i += 2) {
            if (set(c, h, c.arg(i), c.arg(i + 1))) created++;
        }
        c.modified(c.arg(1), KeyspaceEvents.HASH, "hset");
        return c.spec.name.equals("hset") ? Reply.integer(created) : Reply.OK;
    }

    /**
     * HSETNX key field value → 1 if set, 0 if the field exists. 6.2 converts a hash for a long field or
     * value even when the field exists; 7.0 only when it writes.
     */
    static Reply hsetnx(Call c) throws CommandException {
        RedisHash h = writeOrCreate(c);
        boolean listpack = c.dialect().has(Quirk.LISTPACK_ENCODING);
        if (!listpack) convertIfAnyTooLong(c, h, c.argv, 2, 3);
        if (expireFieldIfDue(c, h, c.arg(2), true) == HASH_DELETED) {
            h = new RedisHash();
            c.db().add(c.arg(1), h);
        }
        if (h.contains(c.arg(2))) return Reply.ZERO;
        if (listpack) convertIfAnyTooLong(c, h, c.argv, 2, 3);
        set(c, h, c.arg(2), c.arg(3));
        c.modified(c.arg(1), KeyspaceEvents.HASH, "hset");
        return Reply.ONE;
    }

    /** HDEL key field [field …] → fields removed; the key goes with its last field ("hdel", then "del"). */
    static Reply hdel(Call c) throws CommandException {
        RedisHash h = c.getTyped(c.arg(1), RedisHash.class);
        if (h == null) return Reply.ZERO;
        long deleted = 0;
        for (int j = 2; j < c.argc(); j++) {
            if (h.remove(c.arg(j))) {
                deleted++;
                if (h.isEmpty()) {
                    c.db().delete(c.arg(1), c.now);
                    c.modified(c.arg(1), KeyspaceEvents.HASH, "hdel");
                    c.modified(c.arg(1), KeyspaceEvents.GENERIC, "del");
                    return Reply.integer(deleted);
                }
            }
        }
        if (deleted > 0) c.modified(c.arg(1), KeyspaceEvents.HASH, "hdel");
        return Reply.integer(deleted);
    }

    /**
     * HINCRBY key field increment: the increment is parsed first (before the type check), the stored
     * value must be a Redis integer ("ERR hash value is not an integer"), the sum must not overflow.
     */
    static Reply hincrby(Call c) throws CommandException {
        long incr = c.longArg(3);
        RedisHash h = writeOrCreate(c);
        if (expireFieldIfDue(c, h, c.arg(2), true) == HASH_DELETED) {
            h = new RedisHash();
            c.db().add(c.arg(1), h);
        }
        byte[] cur = h.get(c.arg(2));
        long value = 0;
        if (cur != null) {
            try {
                value = RedisNumbers.parseLong(cur);
            } catch (RedisNumbers.NotANumber e) {
                throw Call.error(Errors.HASH_NOT_INTEGER);
            }
        }
        long sum;
        try {
            sum = Math.addExact(value, incr);
        } catch (ArithmeticException e) {
            throw Call.error(Errors.INCR_OVERFLOW);
        }
        set(c, h, c.arg(2), Long.toString(sum).getBytes(StandardCharsets.US_ASCII), true);
        c.modified(c.arg(1), KeyspaceEvents.HASH, "hincrby");
        return Reply.integer(sum);
    }

    /**
     * HINCRBYFLOAT key field increment, in x87 long double as Redis: increment parsed first ("ERR value
     * is not a valid float"); 7.0 refuses an infinite one at once ("ERR value is NaN or Infinity"), 6.2
     * goes on and creates the key; WRONGTYPE; the stored value must parse ("ERR hash value is not a
     * float"); a non-finite sum: "ERR increment would produce NaN or Infinity". The reply is the new
     * value as a bulk string ("%.17Lf" with trailing zeros removed).
     */
    static Reply hincrbyfloat(Call c) throws CommandException {
        LongDouble incr;
        try {
            incr = LongDouble.parse(c.arg(3));
        } catch (RedisNumbers.NotANumber e) {
            throw Call.error(Errors.NOT_FLOAT);
        }
        if (c.dialect().has(Quirk.HINCRBYFLOAT_REJECTS_NAN_INFINITY) && !incr.isFinite()) throw Call.error(Errors.HINCRBYFLOAT_NAN_OR_INFINITY);
        RedisHash h = writeOrCreate(c);
        if (expireFieldIfDue(c, h, c.arg(2), true) == HASH_DELETED) {
            h = new RedisHash();
            c.db().add(c.arg(1), h);
        }
        byte[] cur = h.get(c.arg(2));
        LongDouble value = LongDouble.ZERO;
        if (cur != null) {
            try {
                value = LongDouble.parse(cur);
            } catch (RedisNumbers.NotANumber e) {
                throw Call.error(Errors.HASH_NOT_FLOAT);
            }
        }
        LongDouble sum = value.add(incr);
        if (!sum.isFinite()) throw Call.error(Errors.NAN_OR_INFINITY);
        byte[] text = sum.formatHuman();
        set(c, h, c.arg(2), text, true);
        c.modified(c.arg(1), KeyspaceEvents.HASH, "hincrbyfloat");
        return Reply.bulk(text);
    }

    // ---- reads --------------------------------------------------------------------------------------

    static Reply hget(Call c) throws CommandException {
        RedisHash h = read(c);
        if (h == null || expireFieldIfDue(c, h, c.arg(2), true) != 0) return Reply.NIL;
        return Reply.bulk(h.get(c.arg(2)));
    }

    /** HMGET key field [field …]: one value or nil per field; a missing key is all nils. */
    static Reply hmget(Call c) throws CommandException {
        RedisHash h = read(c);
        Reply[] out = new Reply[c.argc() - 2];
        for (int j = 2; j < c.argc(); j++) {
            boolean gone = h == null || expireFieldIfDue(c, h, c.arg(j), false) != 0;
            out[j - 2] = gone ? Reply.NIL : Reply.bulk(h.get(c.arg(j)));
        }
        return Reply.array(out);
    }

    /** HGETALL: a map (flat array in RESP2), in the hash's iteration order. */
    static Reply hgetall(Call c) throws CommandException {
        RedisHash h = read(c);
        if (h == null) return Reply.EMPTY_MAP;
        List<Reply> out = new ArrayList<>(h.size() * 2);
        h.forEachLive(c.now, (f, v) -> {
            out.add(Reply.bulk(f));
            out.add(Reply.bulk(v));
        });
        return Reply.map(out);
    }

    static Reply hkeys(Call c) throws CommandException {
        RedisHash h = read(c);
        if (h == null) return Reply.EMPTY_ARRAY;
        List<Reply> out = new ArrayList<>(h.size());
        h.forEachLive(c.now, (f, v) -> out.add(Reply.bulk(f)));
        return Reply.array(out);
    }

    static Reply hvals(Call c) throws CommandException {
        RedisHash h = read(c);
        if (h == null) return Reply.EMPTY_ARRAY;
        List<Reply> out = new ArrayList<>(h.size());
        h.forEachLive(c.now, (f, v) -> out.add(Reply.bulk(v)));
        return Reply.array(out);
    }

    static Reply hlen(Call c) throws CommandException {
        RedisHash h = read(c);
        return Reply.integer(h == null ? 0 : h.size());
    }

    static Reply hstrlen(Call c) throws CommandException {
        RedisHash h = read(c);
        byte[] v = h == null || expireFieldIfDue(c, h, c.arg(2), true) != 0 ? null : h.get(c.arg(2));
        return Reply.integer(v == null ? 0 : v.length);
    }

    static Reply hexists(Call c) throws CommandException {
        RedisHash h = read(c);
        if (h == null || expireFieldIfDue(c, h, c.arg(2), true) != 0) return Reply.ZERO;
        return h.contains(c.arg(2)) ? Reply.ONE : Reply.ZERO;
    }

    // ---- HRANDFIELD ---------------------------------------------------------------------------------

    /**
     * A bound on the number of elements HRANDFIELD builds for a negative count. Real Redis sets out to
     * write |count| entries whatever their number (7.0 stops only at ±LONG_MAX/2 with WITHVALUES; 6.2.7
     * crashes on -9223372036854775808), exhausting its memory; the double answers "ERR value is out of
     * range" past this instead.
     */
    static final long MAX_RANDOM_REPLY = 1L << 24;

    /**
     * HRANDFIELD key [count [WITHVALUES]] (hrandfieldCommand). Parsing first: the count (7.0: within
     * ±LONG_MAX, else the range error; with WITHVALUES within ±LONG_MAX/2, else "ERR value is out of
     * range"), then more than one option or another word than WITHVALUES: syntax error; then the key
     * (missing: nil without count, an empty array with one; WRONGTYPE).
     *
     * <p>Without count: one random field. Count 0: empty. Negative count: |count| fields drawn
     * independently (repetition possible), random order. Positive count: distinct fields; all of them in
     * the hash's order when count ≥ size; else a random subset, in insertion order for a compact hash
     * when count×3 ≤ size (lpRandomPairsUnique), else in random order. WITHVALUES: field/value pairs,
     * flat in RESP2, a two-element array each in RESP3.
     */
    static Reply hrandfield(Call c) throws CommandException {
        if (c.argc() == 2) {
            RedisHash h = read(c);
            if (h == null || expireDueFields(c, h) || h.isEmpty()) return Reply.NIL;
            return Reply.bulk(h.randomEntry(c.engine.random())[0]);
        }
        long l = c.longArg(2);
        boolean checked = c.dialect().has(Quirk.RANDOM_COUNT_RANGE_CHECKS);
        if (checked && l == Long.MIN_VALUE) throw Call.error(Errors.LONG_RANGE_HRANDFIELD);
        boolean withValues = false;
        if (c.argc() > 4 || (c.argc() == 4 && !c.is(3, "withvalues"))) throw Call.syntax();
        if (c.argc() == 4) {
            withValues = true;
            if (checked && (l < -Long.MAX_VALUE / 2 || l > Long.MAX_VALUE / 2)) throw Call.error(Errors.VALUE_OUT_OF_RANGE);
        }
        RedisHash h = read(c);
        if (h == null || expireDueFields(c, h) || l == 0 || h.isEmpty()) return Reply.EMPTY_ARRAY;
        SplittableRandom rnd = c.engine.random();
        boolean nested = withValues && c.session.proto() >= 3;
        List<byte[][]> picked;
        int size = h.size();
        if (l < 0 || l == 1) {
            long count = l < 0 ? -l : 1; // -Long.MIN_VALUE stays negative: 6.2 only, caught below
            if (count > MAX_RANDOM_REPLY && c.engine.closesForReplySize(c.session, count, withValues ? 2 : 1)) {
                return Reply.EMPTY_ARRAY; // never sent: Redis stops writing it once the client is over its limit
            }
            if (count < 0 || count > MAX_RANDOM_REPLY) throw Call.error(Errors.VALUE_OUT_OF_RANGE);
            picked = new ArrayList<>((int) count);
            for (long i = 0; i < count; i++) picked.add(h.randomEntry(rnd));
        } else if (l >= size) {
            picked = h.entries();
        } else {
            int count = (int) l;
            if (h.isCompact() && (long) count * 3 <= size) {
                // lpRandomPairsUnique: a random subset, kept in listpack order
                boolean[] chosen = new boolean[size];
                for (int idx : sample(rnd, size, count)) chosen[idx] = true;
                picked = new ArrayList<>(count);
                for (int i = 0; i < size; i++) {
                    if (chosen[i]) picked.add(new byte[][] {h.fieldAt(i), h.valueAt(i)});
                }
            } else {
                List<byte[][]> all = h.entries();
                picked = new ArrayList<>(count);
                for (int idx : sample(rnd, size, count)) picked.add(all.get(idx));
            }
        }
        List<Reply> out = new ArrayList<>(withValues && !nested ? picked.size() * 2 : picked.size());
        for (byte[][] e : picked) {
            if (nested) {
                out.add(Reply.array(Reply.bulk(e[0]), Reply.bulk(e[1])));
            } else {
                out.add(Reply.bulk(e[0]));
                if (withValues) out.add(Reply.bulk(e[1]));
            }
        }
        return Reply.array(out);
    }

    /** {@code count} distinct indexes below {@code n}, in random order (partial Fisher-Yates). */
    private static int[] sample(SplittableRandom rnd, int n, int count) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        for (int i = 0; i < count; i++) {
            int j = i + rnd.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        return java.util.Arrays.copyOf(idx, count);
    }

    // ---- HSCAN --------------------------------------------------------------------------------------

    /**
     * HSCAN key cursor [MATCH pattern] [COUNT count] (hscanCommand + scanGenericCommand). The cursor is
     * parsed first ("ERR invalid cursor"), then the key: missing → {@code [0, []]} whatever the options;
     * WRONGTYPE. Then the options, as SCAN's (TYPE is a syntax error here). A compact hash is returned
     * whole in one call with cursor 0, COUNT notwithstanding; a table is walked like SCAN: buckets until
     * about COUNT fields and values were collected (each pair counting two), at most 10×COUNT buckets,
     * then MATCH filters by field. The reply is a flat field, value array in both protocols.
     */
    static Reply hscan(Call c) throws CommandException {
        long cursor = KeyCommands.parseScanCursor(c, c.arg(2));
        RedisHash h = read(c);
        if (h == null) return Reply.array(Reply.bulk("0"), Reply.EMPTY_ARRAY);
        ScanArgs opts = ScanArgs.parse(c, 3, false, "hash");
        long count = opts.count();
        boolean usePattern = opts.filters();
        byte[] pattern = opts.pattern();
        List<byte[][]> found = new ArrayList<>();
        if (h.isCompact()) {
            List<byte[][]> all = new ArrayList<>();
            h.forEachLive(c.now, (f, v) -> all.add(new byte[][] {f, v}));
            found = all;
            cursor = 0;
        } else {
            List<byte[][]> sink = found;
            long maxIterations = count > Long.MAX_VALUE / 10 ? Long.MAX_VALUE : count * 10;
            do {
                cursor = h.scan(cursor, (f, v) -> {
                    if (!h.isExpired(f, c.now)) sink.add(new byte[][] {f, v});
                });
            } while (cursor != 0 && maxIterations-- > 0 && sink.size() * (opts.onlyKeys() ? 1L : 2L) < count);
        }
        List<Reply> out = new ArrayList<>(found.size() * 2);
        for (byte[][] e : found) {
            if (usePattern && !Glob.match(pattern, e[0], false)) continue;
            out.add(Reply.bulk(e[0]));
            if (!opts.onlyKeys()) out.add(Reply.bulk(e[1]));
        }
        return Reply.array(Reply.bulk(Long.toUnsignedString(cursor)), Reply.array(out));
    }

    // ---- hash-field expiration (7.4) ------------------------------------------------------------------

    /** HFE_MAX_ABS_TIME_MSEC: EB_EXPIRE_TIME_MAX (2^48 - 1) >> 2, the latest deadline a field can have. */
    static final long MAX_FIELD_DEADLINE = ((1L << 48) - 1) >> 2;

    /**
     * Reads "FIELDS numfields field…" with FIELDS at {@code at - 1} (getRangeLongFromObjectOrReply 1..LONG_MAX
     * with {@code numError}); returns the number of fields, which must be what follows.
     */
    private static int fieldsArg(Call c, int at, String numError) throws CommandException {
        if (!c.is(at - 1, "fields")) throw Call.error(Errors.HFE_FIELDS_MISSING);
        // Only "HGETEX key EX|PX|EXAT|PXAT time FIELDS" gets here without a count (the arity admits it):
        // redis-server 8.0.2 reads past its arguments and dies of SIGSEGV; the double answers the arity error.
        if (at >= c.argc()) throw Call.error(Errors.wrongArity(c.spec.fullName));
        long n;
        try {
            n = RedisNumbers.parseLong(c.arg(at));
        } catch (RedisNumbers.NotANumber e) {
            throw Call.error(numError);
        }
        if (n < 1) throw Call.error(numError);
        if (n != c.argc() - at - 1) throw Call.error(Errors.HFE_NUMFIELDS_MISMATCH);
        return (int) n;
    }

    /**
     * parseExpireTime (t_hash.c): the argument at {@code at} as a Redis integer ("value is not an integer or
     * out of range"), not negative ("invalid expire time, must be &gt;= 0"), in seconds or milliseconds, plus
     * {@code basetime} (now for a relative time, 0 for a Unix time); a deadline past {@link #MAX_FIELD_DEADLINE}
     * is "invalid expire time in '&lt;command&gt;' command". Returns the deadline in milliseconds.
     */
    private static long fieldDeadline(Call c, int at, long basetime, boolean seconds) throws CommandException {
        long expire = c.longArg(at);
        if (expire < 0) throw Call.error(Errors.HFE_NEGATIVE_TIME);
        if (seconds) {
            if (expire > MAX_FIELD_DEADLINE / 1000) throw Call.error(Errors.invalidExpireTime(c.dialect(), c.spec.name));
            expire *= 1000;
        }
        if (expire > MAX_FIELD_DEADLINE - basetime) throw Call.error(Errors.invalidExpireTime(c.dialect(), c.spec.name));
        return expire + basetime;
    }

    private static Reply codes(long[] codes) {
        Reply[] out = new Reply[codes.length];
        for (int i = 0; i < codes.length; i++) out[i] = Reply.integer(codes[i]);
        return Reply.array(out);
    }

    /**
     * HEXPIRE / HPEXPIRE / HEXPIREAT / HPEXPIREAT key time [NX|XX|GT|LT] FIELDS numfields field…
     * (hexpireGenericCommand). WRONGTYPE, then the time (integer; negative: "must be >= 0"; past the
     * largest deadline: invalid expire time), the condition, FIELDS, numfields. Per field: -2 no such
     * field, 0 condition not met (a field without TTL fails XX and GT, passes LT), 2 deleted because the
     * deadline is not in the future, 1 set. A compact hash becomes a listpackex whatever the outcome. One
     * event: "hexpire", or "hdel" when a field was deleted ("hdel" and "del" when the hash emptied).
     */
    static Reply hexpireGeneric(Call c, long basetime, boolean seconds) throws CommandException {
        byte[] key = c.arg(1);
        RedisHash h = c.getTyped(key, RedisHash.class);
        long expire = fieldDeadline(c, 2, basetime, seconds);
        int numFieldsAt = 4;
        String cond = c.lower(3);
        boolean nx = cond.equals("nx"), xx = cond.equals("xx"), gt = cond.equals("gt"), lt = cond.equals("lt");
        if (nx || xx || gt || lt) numFieldsAt++;
        int n = fieldsArg(c, numFieldsAt, Errors.HFE_NUMFIELDS_POSITIVE_PARAM);
        long[] res = new long[n];
        if (h == null) {
            java.util.Arrays.fill(res, -2);
            return codes(res);
        }
        h.enableTtls();
        int deleted = 0, updated = 0;
        for (int i = 0; i < n; i++) {
            byte[] field = c.arg(numFieldsAt + 1 + i);
            if (!h.contains(field)) {
                res[i] = -2;
                continue;
            }
            long prev = h.ttlOf(field);
            if (prev == RedisHash.NO_TTL) {
                if (xx || gt) continue;
            } else if ((gt && prev >= expire) || (lt && prev <= expire) || nx) {
                continue;
            }
            if (expire <= c.now) {
                h.remove(field);
                deleted++;
                res[i] = 2;
            } else {
                h.setTtl(field, expire);
                updated++;
                res[i] = 1;
            }
        }
        if (deleted + updated > 0) {
            if (deleted > 0 && h.isEmpty()) {
                c.db().delete(key, c.now);
                c.modified(key, KeyspaceEvents.HASH, "hdel");
                c.db().notifyEvent(KeyspaceEvents.GENERIC, "del", key);
            } else {
                c.modified(key, KeyspaceEvents.HASH, deleted > 0 ? "hdel" : "hexpire");
                c.db().watchFieldTtls(key);
            }
        }
        return codes(res);
    }

    /**
     * HTTL / HPTTL / HEXPIRETIME / HPEXPIRETIME key FIELDS numfields field… (httlGenericCommand): per
     * field -2 (no such field, or past its deadline), -1 (no TTL), else the time left (seconds rounded up)
     * or the deadline. Reads nothing away: an expired field is only reported as missing.
     */
    static Reply httlGeneric(Call c, long basetime, boolean seconds) throws CommandException {
        RedisHash h = c.getTypedRead(c.arg(1), RedisHash.class);
        int n = fieldsArg(c, 3, Errors.HFE_NUMFIELDS_POSITIVE);
        long[] res = new long[n];
        for (int i = 0; i < n; i++) {
            byte[] field = c.arg(4 + i);
            if (h == null || !h.contains(field)) {
                res[i] = -2;
                continue;
            }
            long t = h.ttlOf(field);
            if (t == RedisHash.NO_TTL) {
                res[i] = -1;
            } else if (h.isCompact() ? t <= c.now : t < c.now) {
                res[i] = -2;
            } else {
                res[i] = seconds ? (t + 999 - basetime) / 1000 : t - basetime;
            }
        }
        return codes(res);
    }

    /**
     * HPERSIST key FIELDS numfields field… → per field -2 (no such field, or past its deadline), -1 (no
     * TTL), 1 (TTL removed); "hpersist" when any was.
     */
    static Reply hpersist(Call c) throws CommandException {
        RedisHash h = c.getTyped(c.arg(1), RedisHash.class);
        int n = fieldsArg(c, 3, Errors.HFE_NUMFIELDS_POSITIVE);
        long[] res = new long[n];
        boolean changed = false;
        for (int i = 0; i < n; i++) {
            byte[] field = c.arg(4 + i);
            if (h == null || !h.contains(field)) {
                res[i] = -2;
                continue;
            }
            long t = h.ttlOf(field);
            if (t == RedisHash.NO_TTL) {
                res[i] = -1;
            } else if (t < c.now) {
                res[i] = -2;
            } else {
                h.setTtl(field, RedisHash.NO_TTL);
                res[i] = 1;
                changed = true;
            }
        }
        if (changed) c.modified(c.arg(1), KeyspaceEvents.HASH, "hpersist");
        return codes(res);
    }

    // ---- HGETDEL, HGETEX, HSETEX (8.0) ------------------------------------------------------------------

    /**
     * hashTypeGetValue with HFE_LAZY_AVOID_HASH_DEL and no notification (the commands below): a field past
     * its deadline is removed, the hash stays even if emptied (the command deletes it at its end). True if
     * the field was expired.
     */
    private static boolean dropIfExpired(Call c, RedisHash h, byte[] field) {
        if (!h.isExpired(field, c.now)) return false;
        h.remove(field);
        return true;
    }

    /**
     * The end of HGETDEL / HGETEX / HSETEX once something changed: a hash left empty is deleted ("del", after
     * the command's own events); otherwise the active cycle learns of new field TTLs.
     */
    private static void deleteIfEmpty(Call c, byte[] key, RedisHash h) {
        if (h.isEmpty()) {
            c.db().delete(key, c.now);
            c.db().notifyEvent(KeyspaceEvents.GENERIC, "del", key);
        } else {
            c.db().watchFieldTtls(key);
        }
    }

    /**
     * HGETDEL key FIELDS numfields field… (hgetdelCommand): the value of each field (nil if missing), each
     * found field deleted. WRONGTYPE comes first (the key is looked up for writing: no "keymiss"), then FIELDS,
     * the count and its match with the fields. Events: "hexpired" when fields were found past their deadline,
     * "hdel" when fields were deleted, then "del" when the hash emptied.
     */
    static Reply hgetdel(Call c) throws CommandException {
        byte[] key = c.arg(1);
        RedisHash h = c.getTyped(key, RedisHash.class);
        int n = fieldsArg(c, 3, Errors.HFE_NUMFIELDS_POSITIVE);
        Reply[] out = new Reply[n];
        int expired = 0, deleted = 0;
        for (int i = 0; i < n; i++) {
            byte[] field = c.arg(4 + i);
            byte[] v = null;
            if (h != null) {
                if (dropIfExpired(c, h, field)) expired++;
                else v = h.get(field);
            }
            out[i] = v == null ? Reply.NIL : Reply.bulk(v);
            if (v != null) {
                h.remove(field);
                deleted++;
            }
        }
        if (expired + deleted > 0) {
            c.db().touched(key);
            if (expired > 0) c.db().notifyEvent(KeyspaceEvents.HASH, "hexpired", key);
            if (deleted > 0) c.db().notifyEvent(KeyspaceEvents.HASH, "hdel", key);
            deleteIfEmpty(c, key, h);
        }
        return Reply.array(out);
    }

    /**
     * HGETEX key [EX seconds | PX ms | EXAT unix-seconds | PXAT unix-ms | PERSIST] FIELDS numfields field…
     * (hgetexCommand): the value of each field (nil if missing); each field found then gets the deadline (one
     * not in the future deletes it) or loses its TTL. Order of errors: WRONGTYPE, the time (as HEXPIRE's),
     * FIELDS at its place (a repeated or second option is "FIELDS is missing"), the count. A missing key is
     * all nils. An option makes a compact hash a listpackex. Events: "hexpired" (fields found past their
     * deadline), then "hexpire" or "hpersist" if a field's TTL changed, else "hdel" if fields were deleted, then
     * "del" when the hash emptied. PERSIST of a field without TTL changes nothing.
     */
    static Reply hgetex(Call c) throws CommandException {
        byte[] key = c.arg(1);
        RedisHash h = c.getTyped(key, RedisHash.class);
        boolean expire = false, persist = false;
        long deadline = 0;
        int numFieldsAt = 3;
        String option = c.lower(2);
        switch (option) {
            case "ex", "px", "exat", "pxat" -> {
                boolean relative = option.equals("ex") || option.equals("px");
                deadline = fieldDeadline(c, 3, relative ? c.now : 0, option.equals("ex") || option.equals("exat"));
                expire = true;
                numFieldsAt += 2;
            }
            case "persist" -> {
                persist = true;
                numFieldsAt += 1;
            }
            default -> { }
        }
        int n = fieldsArg(c, numFieldsAt, Errors.HFE_NUMFIELDS_POSITIVE);
        Reply[] out = new Reply[n];
        if (h == null) {
            java.util.Arrays.fill(out, Reply.NIL);
            return Reply.array(out);
        }
        if (expire || persist) h.enableTtls();
        int expired = 0, deleted = 0, updated = 0;
        for (int i = 0; i < n; i++) {
            byte[] field = c.arg(numFieldsAt + 1 + i);
            if (dropIfExpired(c, h, field)) {
                expired++;
                out[i] = Reply.NIL;
                continue;
            }
            byte[] v = h.get(field);
            out[i] = v == null ? Reply.NIL : Reply.bulk(v);
            if (v == null) continue;
            if (expire) {
                if (deadline <= c.now) {
                    h.remove(field);
                    deleted++;
                } else {
                    h.setTtl(field, deadline);
                    updated++;
                }
            } else if (persist && h.ttlOf(field) != RedisHash.NO_TTL) {
                h.setTtl(field, RedisHash.NO_TTL);
                updated++;
            }
        }
        if (expired + deleted + updated > 0) {
            c.db().touched(key);
            if (expired > 0) c.db().notifyEvent(KeyspaceEvents.HASH, "hexpired", key);
            if (updated > 0) c.db().notifyEvent(KeyspaceEvents.HASH, persist ? "hpersist" : "hexpire", key);
            else if (deleted > 0) c.db().notifyEvent(KeyspaceEvents.HASH, "hdel", key);
            deleteIfEmpty(c, key, h);
        }
        return Reply.array(out);
    }

    /**
     * HSETEX key [FNX | FXX] [EX seconds | PX ms | EXAT unix-seconds | PXAT unix-ms | KEEPTTL] FIELDS numfields
     * field value… (hsetexCommand) → 1 if the fields were set, 0 if FNX / FXX refused. The arguments are all
     * checked before the key (hsetexParseArgs, in their order: "unknown argument", "Only one of …", "missing
     * expire time", the time as HEXPIRE's, then at FIELDS: fewer than three arguments after it or a count that
     * does not match the pairs is the arity error, a count outside 1..INT_MAX "invalid number of fields"), then
     * WRONGTYPE. FXX on a missing key answers 0 and creates nothing. FNX / FXX look at each field in turn
     * (expiring the ones past their deadline) and stop at the first that decides. Without an expiry option each
     * field set loses its TTL (as HSET), KEEPTTL keeps it, EX… gives every field the deadline (one not in the
     * future deletes the field again). Events: "hexpired", "hset", then "hexpire" (or "hdel" when the deadline
     * deleted the fields), then "del" when the hash emptied.
     */
    static Reply hsetex(Call c) throws CommandException {
        byte[] key = c.arg(1);
        boolean fnx = false, fxx = false, keepTtl = false, setExpiry = false;
        long deadline = 0;
        int first = -1, count = -1;
        for (int i = 2; i < c.argc() && first < 0; i++) {
            String w = c.lower(i);
            switch (w) {
                case "fields" -> {
                    if (i >= c.argc() - 3) throw Call.error(Errors.wrongArity(c.spec.fullName));
                    long n = c.longArg(i + 1, Errors.HSETEX_INVALID_NUMFIELDS);
                    if (n < 1 || n > Integer.MAX_VALUE) throw Call.error(Errors.HSETEX_INVALID_NUMFIELDS);
                    int remaining = c.argc() - i - 2;
                    if (remaining % 2 != 0 || n != remaining / 2) throw Call.error(Errors.wrongArity(c.spec.fullName));
                    first = i + 2;
                    count = (int) n;
                }
                case "ex", "px", "exat", "pxat" -> {
                    if (setExpiry || keepTtl) throw Call.error(Errors.HSETEX_ONE_EXPIRATION);
                    if (i >= c.argc() - 1) throw Call.error(Errors.HSETEX_MISSING_EXPIRE);
                    boolean relative = w.equals("ex") || w.equals("px");
                    deadline = fieldDeadline(c, ++i, relative ? c.now : 0, w.equals("ex") || w.equals("exat"));
                    setExpiry = true;
                }
                case "keepttl" -> {
                    if (setExpiry || keepTtl) throw Call.error(Errors.HSETEX_ONE_EXPIRATION);
                    keepTtl = true;
                }
                case "fxx", "fnx" -> {
                    if (fnx || fxx) throw Call.error(Errors.HSETEX_ONE_CONDITION);
                    if (w.equals("fxx")) fxx = true;
                    else fnx = true;
                }
                default -> throw Call.error(Errors.hsetexUnknownArgument(c.arg(i)));
            }
        }
        if (first < 0) throw Call.syntax(); // unreachable: the arity leaves no way to end without FIELDS
        RedisHash h = c.getTyped(key, RedisHash.class);
        if (h == null) {
            if (fxx) return Reply.ZERO;
            h = new RedisHash();
            c.db().add(key, h);
        }
        int expired = 0, deleted = 0, updated = 0;
        boolean fieldsSet = false;
        Reply reply = Reply.ONE;
        boolean refused = false;
        if (fnx || fxx) {
            int found = 0;
            for (int i = 0; i < count; i++) {
                byte[] field = c.arg(first + 2 * i);
                if (dropIfExpired(c, h, field)) expired++;
                boolean exists = h.contains(field);
                if (exists) found++;
                if ((fxx && !exists) || (fnx && exists)) break;
            }
            refused = fnx ? found != 0 : found != count;
        }
        if (refused) {
            reply = Reply.ZERO;
        } else {
            convertIfAnyTooLong(c, h, c.argv, first, c.argc() - 1);
            if (setExpiry) h.enableTtls();
            for (int i = 0; i < count; i++) {
                byte[] field = c.arg(first + 2 * i);
                set(c, h, field, c.arg(first + 2 * i + 1), setExpiry || keepTtl);
                fieldsSet = true;
                if (!setExpiry) continue;
                if (deadline <= c.now) {
                    h.remove(field);
                    deleted++;
                } else {
                    h.setTtl(field, deadline);
                    updated++;
                }
            }
        }
        if (fieldsSet || expired > 0) {
            c.db().touched(key);
            if (expired > 0) c.db().notifyEvent(KeyspaceEvents.HASH, "hexpired", key);
            if (fieldsSet) {
                c.db().notifyEvent(KeyspaceEvents.HASH, "hset", key);
                if (deleted + updated > 0) c.db().notifyEvent(KeyspaceEvents.HASH, deleted > 0 ? "hdel" : "hexpire", key);
            }
        }
        if (h.isEmpty()) {
            c.db().delete(key, c.now);
            c.db().notifyEvent(KeyspaceEvents.GENERIC, "del", key);
        } else if (updated > 0) {
            c.db().watchFieldTtls(key);
        }
        return reply;
    }

    /** For tests: the hash at a key of the session's database, or null. */
    static RedisHash lookup(Database db, byte[] key, long now) {
        Object v = db.get(key, now);
        return v instanceof RedisHash h ? h : null;
    }

    /** This family's command handlers, one object per command and no lambda class each: see {@link OpHandler}. */
    private static final class Dispatch extends OpHandler {
        static final int HSET = 0;
        static final int HSETNX = 1;
        static final int HGET = 2;
        static final int HMGET = 3;
        static final int HGETALL = 4;
        static final int HKEYS = 5;
        static final int HVALS = 6;
        static final int HLEN = 7;
        static final int HSTRLEN = 8;
        static final int HEXISTS = 9;
        static final int HDEL = 10;
        static final int HINCRBY = 11;
        static final int HINCRBYFLOAT = 12;
        static final int HRANDFIELD = 13;
        static final int HSCAN = 14;
        static final int HPERSIST = 15;
        static final int HGETDEL = 16;
        static final int HGETEX = 17;
        static final int HSETEX = 18;
        static final int HEXPIRE = 19;
        static final int HPEXPIRE = 20;
        static final int HEXPIREAT = 21;
        static final int HPEXPIREAT = 22;
        static final int HTTL = 23;
        static final int HPTTL = 24;
        static final int HEXPIRETIME = 25;
        static final int HPEXPIRETIME = 26;

        Dispatch(int op) {
            super(op);
        }

        @Override
        public Reply run(Call c) throws CommandException {
            return switch (op) {
                case HSET -> hset(c);
                case HSETNX -> hsetnx(c);
                case HGET -> hget(c);
                case HMGET -> hmget(c);
                case HGETALL -> hgetall(c);
                case HKEYS -> hkeys(c);
                case HVALS -> hvals(c);
                case HLEN -> hlen(c);
                case HSTRLEN -> hstrlen(c);
                case HEXISTS -> hexists(c);
                case HDEL -> hdel(c);
                case HINCRBY -> hincrby(c);
                case HINCRBYFLOAT -> hincrbyfloat(c);
                case HRANDFIELD -> hrandfield(c);
                case HSCAN -> hscan(c);
                case HPERSIST -> hpersist(c);
                case HGETDEL -> hgetdel(c);
                case HGETEX -> hgetex(c);
                case HSETEX -> hsetex(c);
                case HEXPIRE -> hexpireGeneric(c, c.now, true);
                case HPEXPIRE -> hexpireGeneric(c, c.now, false);
                case HEXPIREAT -> hexpireGeneric(c, 0, true);
                case HPEXPIREAT -> hexpireGeneric(c, 0, false);
                case HTTL -> httlGeneric(c, c.now, true);
                case HPTTL -> httlGeneric(c, c.now, false);
                case HEXPIRETIME -> httlGeneric(c, 0, true);
                case HPEXPIRETIME -> httlGeneric(c, 0, false);
                default -> throw unknown();
            };
        }
    }
}
