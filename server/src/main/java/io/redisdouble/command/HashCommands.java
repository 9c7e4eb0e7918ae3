package io.redisdouble.command;

import io.redisdouble.dialect.Quirk;
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
 * HDEL, HINCRBY, HINCRBYFLOAT, HRANDFIELD, HSCAN.
 *
 * <p>Encodings ({@link RedisHash}): a hash starts compact (listpack / ziplist: insertion order, which
 * HGETALL, HKEYS, HVALS, HSCAN and HRANDFIELD with a count covering the hash show) and becomes a table
 * for good when it gets more than {@link #MAX_COMPACT_ENTRIES} entries or a string longer than
 * {@link #MAX_COMPACT_VALUE} bytes. Which strings are checked differs: HSET / HMSET / HSETNX check their
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
     * hash-max-listpack-entries / hash-max-ziplist-entries and -value as a redis-server started without
     * a config file has them (512 and 64; redis.conf's 128 is not the built-in default).
     */
    static final int MAX_COMPACT_ENTRIES = 512;
    static final int MAX_COMPACT_VALUE = 64;

    static void register(CommandTable t) {
        t.add("hset", -4, flags(WRITE, DENYOOM, FAST), 1, 1, 1, HashCommands::hset);
        t.add("hsetnx", 4, flags(WRITE, DENYOOM, FAST), 1, 1, 1, HashCommands::hsetnx);
        t.add("hmset", -4, flags(WRITE, DENYOOM, FAST), 1, 1, 1, HashCommands::hset);
        t.add("hget", 3, flags(READONLY, FAST), 1, 1, 1, HashCommands::hget);
        t.add("hmget", -3, flags(READONLY, FAST), 1, 1, 1, HashCommands::hmget);
        t.add("hgetall", 2, flags(READONLY), 1, 1, 1, HashCommands::hgetall);
        t.add("hkeys", 2, flags(READONLY), 1, 1, 1, HashCommands::hkeys);
        t.add("hvals", 2, flags(READONLY), 1, 1, 1, HashCommands::hvals);
        t.add("hlen", 2, flags(READONLY, FAST), 1, 1, 1, HashCommands::hlen);
        t.add("hstrlen", 3, flags(READONLY, FAST), 1, 1, 1, HashCommands::hstrlen);
        t.add("hexists", 3, flags(READONLY, FAST), 1, 1, 1, HashCommands::hexists);
        t.add("hdel", -3, flags(WRITE, FAST), 1, 1, 1, HashCommands::hdel);
        t.add("hincrby", 4, flags(WRITE, DENYOOM, FAST), 1, 1, 1, HashCommands::hincrby);
        t.add("hincrbyfloat", 4, flags(WRITE, DENYOOM, FAST), 1, 1, 1, HashCommands::hincrbyfloat);
        t.add("hrandfield", -2, flags(READONLY), 1, 1, 1, HashCommands::hrandfield);
        t.add("hscan", -3, flags(READONLY), 1, 1, 1, HashCommands::hscan);
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

    /** hashTypeTryConversion: converts before writing if any of the strings is too long for compact. */
    private static void convertIfAnyTooLong(RedisHash h, byte[][] argv, int from, int to) {
        if (!h.isCompact()) return;
        for (int i = from; i <= to; i++) {
            if (argv[i].length > MAX_COMPACT_VALUE) {
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
        if (h.isCompact() && c.dialect().has(Quirk.LISTPACK_ENCODING)
                && (field.length > MAX_COMPACT_VALUE || value.length > MAX_COMPACT_VALUE)) {
            h.convertToTable();
        }
        boolean added = h.put(field, value);
        if (h.isCompact() && h.size() > MAX_COMPACT_ENTRIES) h.convertToTable();
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
        convertIfAnyTooLong(h, c.argv, 2, c.argc() - 1);
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
        if (!listpack) convertIfAnyTooLong(h, c.argv, 2, 3);
        if (h.contains(c.arg(2))) return Reply.ZERO;
        if (listpack) convertIfAnyTooLong(h, c.argv, 2, 3);
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
        set(c, h, c.arg(2), Long.toString(sum).getBytes(StandardCharsets.US_ASCII));
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
        set(c, h, c.arg(2), text);
        c.modified(c.arg(1), KeyspaceEvents.HASH, "hincrbyfloat");
        return Reply.bulk(text);
    }

    // ---- reads --------------------------------------------------------------------------------------

    static Reply hget(Call c) throws CommandException {
        RedisHash h = read(c);
        return h == null ? Reply.NIL : Reply.bulk(h.get(c.arg(2)));
    }

    /** HMGET key field [field …]: one value or nil per field; a missing key is all nils. */
    static Reply hmget(Call c) throws CommandException {
        RedisHash h = read(c);
        Reply[] out = new Reply[c.argc() - 2];
        for (int j = 2; j < c.argc(); j++) out[j - 2] = h == null ? Reply.NIL : Reply.bulk(h.get(c.arg(j)));
        return Reply.array(out);
    }

    /** HGETALL: a map (flat array in RESP2), in the hash's iteration order. */
    static Reply hgetall(Call c) throws CommandException {
        RedisHash h = read(c);
        if (h == null) return Reply.EMPTY_MAP;
        List<Reply> out = new ArrayList<>(h.size() * 2);
        h.forEach((f, v) -> {
            out.add(Reply.bulk(f));
            out.add(Reply.bulk(v));
        });
        return Reply.map(out);
    }

    static Reply hkeys(Call c) throws CommandException {
        RedisHash h = read(c);
        if (h == null) return Reply.EMPTY_ARRAY;
        List<Reply> out = new ArrayList<>(h.size());
        h.forEach((f, v) -> out.add(Reply.bulk(f)));
        return Reply.array(out);
    }

    static Reply hvals(Call c) throws CommandException {
        RedisHash h = read(c);
        if (h == null) return Reply.EMPTY_ARRAY;
        List<Reply> out = new ArrayList<>(h.size());
        h.forEach((f, v) -> out.add(Reply.bulk(v)));
        return Reply.array(out);
    }

    static Reply hlen(Call c) throws CommandException {
        RedisHash h = read(c);
        return Reply.integer(h == null ? 0 : h.size());
    }

    static Reply hstrlen(Call c) throws CommandException {
        RedisHash h = read(c);
        byte[] v = h == null ? null : h.get(c.arg(2));
        return Reply.integer(v == null ? 0 : v.length);
    }

    static Reply hexists(Call c) throws CommandException {
        RedisHash h = read(c);
        return h != null && h.contains(c.arg(2)) ? Reply.ONE : Reply.ZERO;
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
            if (h == null || h.isEmpty()) return Reply.NIL;
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
        if (h == null || l == 0 || h.isEmpty()) return Reply.EMPTY_ARRAY;
        SplittableRandom rnd = c.engine.random();
        boolean nested = withValues && c.session.proto() >= 3;
        List<byte[][]> picked;
        int size = h.size();
        if (l < 0 || l == 1) {
            long count = l < 0 ? -l : 1; // -Long.MIN_VALUE stays negative: 6.2 only, caught below
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
        long cursor = KeyCommands.scanCursor(c, c.arg(2));
        RedisHash h = read(c);
        if (h == null) return Reply.array(Reply.bulk("0"), Reply.EMPTY_ARRAY);
        ScanArgs opts = ScanArgs.parse(c, 3, false, "hash");
        long count = opts.count();
        boolean usePattern = opts.filters();
        byte[] pattern = opts.pattern();
        List<byte[][]> found = new ArrayList<>();
        if (h.isCompact()) {
            found = h.entries();
            cursor = 0;
        } else {
            List<byte[][]> sink = found;
            long maxIterations = count > Long.MAX_VALUE / 10 ? Long.MAX_VALUE : count * 10;
            do {
                cursor = h.scan(cursor, (f, v) -> sink.add(new byte[][] {f, v}));
            } while (cursor != 0 && maxIterations-- > 0 && sink.size() * 2L < count);
        }
        List<Reply> out = new ArrayList<>(found.size() * 2);
        for (byte[][] e : found) {
            if (usePattern && !Glob.match(pattern, e[0], false)) continue;
            out.add(Reply.bulk(e[0]));
            if (!opts.onlyKeys()) out.add(Reply.bulk(e[1]));
        }
        return Reply.array(Reply.bulk(Long.toUnsignedString(cursor)), Reply.array(out));
    }

    /** For tests: the hash at a key of the session's database, or null. */
    static RedisHash lookup(Database db, byte[] key, long now) {
        Object v = db.get(key, now);
        return v instanceof RedisHash h ? h : null;
    }
}
