package io.redisdouble.command;

import io.redisdouble.dialect.Quirk;
import io.redisdouble.keyspace.Database;
import io.redisdouble.keyspace.Dict;
import io.redisdouble.keyspace.KeyspaceEvents;
import io.redisdouble.resp.Reply;
import io.redisdouble.util.Bytes;
import io.redisdouble.util.RedisNumbers;

import java.nio.charset.StandardCharsets;

import static io.redisdouble.command.CommandTable.flags;
import static io.redisdouble.command.Flag.*;

/**
 * Strings (t_string.c): SET and its variants, GET and its variants, MGET/MSET/MSETNX, the INCR family,
 * INCRBYFLOAT, APPEND, STRLEN, GETRANGE/SUBSTR, SETRANGE.
 *
 * <p>Values are {@code byte[]} and are never mutated once stored: APPEND and SETRANGE store a new array.
 * Argument arrays may be stored as values directly (the decoder allocates each argument afresh).
 *
 * <p>Every handler validates all arguments before touching data, in Redis's order: option syntax, then
 * numbers, then the key's type (except where Redis itself does otherwise, noted per command).
 */
final class StringCommands {
    private StringCommands() {}

    static void register(CommandTable t) {
        // Same table in 6.2.7 and 7.0.15 (arity, flags, key positions); LCS / STRALGO: LcsCommand.
        t.add("get", 2, flags(READONLY, FAST), 1, 1, 1, new Dispatch(Dispatch.GET));
        t.add("set", -3, flags(WRITE, DENYOOM), 1, 1, 1, new Dispatch(Dispatch.SET));
        t.add("setnx", 3, flags(WRITE, DENYOOM, FAST), 1, 1, 1, new Dispatch(Dispatch.SETNX));
        t.add("setex", 4, flags(WRITE, DENYOOM), 1, 1, 1, new Dispatch(Dispatch.SETEX));
        t.add("psetex", 4, flags(WRITE, DENYOOM), 1, 1, 1, new Dispatch(Dispatch.PSETEX));
        t.add("getset", 3, flags(WRITE, DENYOOM, FAST), 1, 1, 1, new Dispatch(Dispatch.GETSET));
        t.add("getdel", 2, flags(WRITE, FAST), 1, 1, 1, new Dispatch(Dispatch.GETDEL));
        t.add("getex", -2, flags(WRITE, FAST), 1, 1, 1, new Dispatch(Dispatch.GETEX));
        t.add("mget", -2, flags(READONLY, FAST), 1, -1, 1, new Dispatch(Dispatch.MGET));
        t.add("mset", -3, flags(WRITE, DENYOOM), 1, -1, 2, new Dispatch(Dispatch.MSET));
        t.add("msetnx", -3, flags(WRITE, DENYOOM), 1, -1, 2, new Dispatch(Dispatch.MSETNX));
        t.add("incr", 2, flags(WRITE, DENYOOM, FAST), 1, 1, 1, new Dispatch(Dispatch.INCR));
        t.add("decr", 2, flags(WRITE, DENYOOM, FAST), 1, 1, 1, new Dispatch(Dispatch.DECR));
        t.add("incrby", 3, flags(WRITE, DENYOOM, FAST), 1, 1, 1, new Dispatch(Dispatch.INCRBY));
        t.add("decrby", 3, flags(WRITE, DENYOOM, FAST), 1, 1, 1, new Dispatch(Dispatch.DECRBY));
        t.add("incrbyfloat", 3, flags(WRITE, DENYOOM, FAST), 1, 1, 1, new Dispatch(Dispatch.INCRBYFLOAT));
        t.add("append", 3, flags(WRITE, DENYOOM, FAST), 1, 1, 1, new Dispatch(Dispatch.APPEND));
        t.add("strlen", 2, flags(READONLY, FAST), 1, 1, 1, new Dispatch(Dispatch.STRLEN));
        t.add("getrange", 4, flags(READONLY), 1, 1, 1, new Dispatch(Dispatch.GETRANGE));
        t.add("substr", 4, flags(READONLY), 1, 1, 1, new Dispatch(Dispatch.GETRANGE));
        t.add("setrange", 4, flags(WRITE, DENYOOM), 1, 1, 1, new Dispatch(Dispatch.SETRANGE));
    }

    /** proto-max-bulk-len's default: the largest string APPEND and SETRANGE may build. */
    private static final long DEFAULT_MAX_STRING = 512L * 1024 * 1024;

    // ---- SET / GETEX options (parseExtendedStringArgumentsOrReply) -----------------------------------

    private static final int NX = 1, XX = 1 << 1, EX = 1 << 2, PX = 1 << 3, KEEPTTL = 1 << 4, GET = 1 << 5,
            EXAT = 1 << 6, PXAT = 1 << 7, PERSIST = 1 << 8;
    private static final int ANY_EXPIRE = EX | PX | EXAT | PXAT;

    /** Parsed options: flag bits and the index of the expire argument (0 when none). */
    private record Options(int flags, int expireIndex) {
        boolean has(int f) {
            return (flags & f) != 0;
        }

        /** True when the expire argument counts seconds (EX, EXAT), false for PX, PXAT. */
        boolean seconds() {
            return (flags & (EX | EXAT)) != 0;
        }
    }

    /**
     * parseExtendedStringArgumentsOrReply: SET takes NX XX GET KEEPTTL EX PX EXAT PXAT from argv[3],
     * GETEX takes PERSIST EX PX EXAT PXAT from argv[2]. Options are case-insensitive and, as Redis
     * compares C strings, an argument matches if its bytes up to the first NUL do ("nx\0junk" is NX).
     * Repeating an option is allowed (the last expire value wins); NX with XX, or two different
     * kinds among KEEPTTL/PERSIST/EX/PX/EXAT/PXAT, or an expire option without a value, or anything
     * else is "ERR syntax error". NX with GET is a syntax error before 7.0 (allowed from 7.0).
     * Numbers are not looked at here.
     */
    private static Options parseOptions(Call c, boolean forSet) throws CommandException {
        boolean nxExcludesGet = !c.dialect().has(Quirk.SET_NX_WITH_GET);
        int flags = 0, expireIndex = 0;
        for (int j = forSet ? 3 : 2; j < c.argc(); j++) {
            byte[] opt = c.arg(j);
            boolean hasNext = j < c.argc() - 1;
            if (forSet && Bytes.eqIgnoreCaseC(opt, "nx") && (flags & XX) == 0 && !(nxExcludesGet && (flags & GET) != 0)) {
                flags |= NX;
            } else if (forSet && Bytes.eqIgnoreCaseC(opt, "xx") && (flags & NX) == 0) {
                flags |= XX;
            } else if (forSet && Bytes.eqIgnoreCaseC(opt, "get") && !(nxExcludesGet && (flags & NX) != 0)) {
                flags |= GET;
            } else if (forSet && Bytes.eqIgnoreCaseC(opt, "keepttl") && (flags & (PERSIST | ANY_EXPIRE)) == 0) {
                flags |= KEEPTTL;
            } else if (!forSet && Bytes.eqIgnoreCaseC(opt, "persist") && (flags & (KEEPTTL | ANY_EXPIRE)) == 0) {
                flags |= PERSIST;
            } else if (Bytes.eqIgnoreCaseC(opt, "ex") && (flags & (KEEPTTL | PERSIST | (ANY_EXPIRE & ~EX))) == 0 && hasNext) {
                flags |= EX;
                expireIndex = ++j;
            } else if (Bytes.eqIgnoreCaseC(opt, "px") && (flags & (KEEPTTL | PERSIST | (ANY_EXPIRE & ~PX))) == 0 && hasNext) {
                flags |= PX;
                expireIndex = ++j;
            } else if (Bytes.eqIgnoreCaseC(opt, "exat") && (flags & (KEEPTTL | PERSIST | (ANY_EXPIRE & ~EXAT))) == 0 && hasNext) {
                flags |= EXAT;
                expireIndex = ++j;
            } else if (Bytes.eqIgnoreCaseC(opt, "pxat") && (flags & (KEEPTTL | PERSIST | (ANY_EXPIRE & ~PXAT))) == 0 && hasNext) {
                flags |= PXAT;
                expireIndex = ++j;
            } else {
                throw Call.syntax();
            }
        }
        return new Options(flags, expireIndex);
    }

    /**
     * getExpireMillisecondsOrReply: the expire argument as an absolute deadline in ms. Not an integer:
     * "ERR value is not an integer or out of range"; zero or negative, seconds that overflow when
     * multiplied by 1000, or a relative time that overflows when added to now: the command's "invalid
     * expire time" error. An absolute time in the past is accepted (the caller decides what it means).
     */
    private static long expireAt(Call c, int index, boolean seconds, boolean relative) throws CommandException {
        long v = c.longArg(index);
        if (v <= 0 || (seconds && v > Long.MAX_VALUE / 1000)) throw invalidExpire(c);
        if (seconds) v *= 1000;
        if (relative) v += c.clockMillis(); // wraps to negative on overflow, as in C
        if (v <= 0) throw invalidExpire(c);
        return v;
    }

    private static CommandException invalidExpire(Call c) {
        return Call.error(Errors.invalidExpireTime(c.dialect(), c.spec.name()));
    }

    // ---- GET family --------------------------------------------------------------------------------

    /** The string at a key (null when missing), or WRONGTYPE: a write's lookup (lookupKeyWrite). */
    private static byte[] getString(Call c, byte[] key) throws CommandException {
        return c.getTyped(key, byte[].class);
    }

    /** getGenericCommand's lookup (lookupKeyRead): as {@link #getString}, and a miss notifies "keymiss". */
    private static byte[] readString(Call c, byte[] key) throws CommandException {
        return c.getTypedRead(key, byte[].class);
    }

    /** GET key: bulk, nil when missing, WRONGTYPE for other types. */
    static Reply get(Call c) throws CommandException {
        return Reply.bulk(readString(c, c.arg(1)));
    }

    /**
     * setGenericCommand: validates the expire first (errors even when nothing would be written), then
     * with GET replies the old value (WRONGTYPE stops everything), then applies NX/XX. A write drops
     * the old TTL unless KEEPTTL; an expire sets the new deadline (EXAT/PXAT in the past is accepted:
     * the key is written and is expired at the next access). Replies {@code ok} when written,
     * {@code abort} when NX/XX prevented it, or with GET the old value in both cases. Events: "set",
     * then "expire" when an expire was given. 6.2 applies NX/XX before GET's lookup (so XX on a
     * missing key notifies no "keymiss"); 7.0 looks up for GET first.
     */
    private static Reply setGeneric(Call c, Options o, byte[] key, byte[] value, Reply ok, Reply abort)
            throws CommandException {
        long at = Dict.NO_EXPIRY;
        if (o.expireIndex() != 0) at = expireAt(c, o.expireIndex(), o.seconds(), o.has(EX | PX));
        Reply old = null;
        boolean getFirst = c.dialect().has(Quirk.SET_NX_WITH_GET);
        if (o.has(GET) && getFirst) old = Reply.bulk(readString(c, key));
        Database db = c.db();
        boolean found = db.lookup(key, c.now) != null;
        if ((o.has(NX) && found) || (o.has(XX) && !found)) return o.has(GET) && getFirst ? old : abort;
        if (o.has(GET) && !getFirst) old = Reply.bulk(readString(c, key));
        if (at != Dict.NO_EXPIRY && at <= c.now && c.dialect().has(Quirk.SET_PAST_EXPIRY_DELETES)) {
            // Valkey: checkAlreadyExpired, then deleteExpiredKeyFromOverwriteAndPropagate.
            if (found) {
                db.delete(key, c.now);
                db.modified(key, KeyspaceEvents.GENERIC, "del");
            }
            return o.has(GET) ? old : ok;
        }
        Dict.Entry e = db.set(key, value, o.has(KEEPTTL), c.now);
        db.modified(key, KeyspaceEvents.STRING, "set");
        if (at != Dict.NO_EXPIRY) {
            db.setExpire(e, at);
            db.modified(key, KeyspaceEvents.GENERIC, "expire");
        }
        return o.has(GET) ? old : ok;
    }

    /** SET key value [NX|XX] [GET] [EX s|PX ms|EXAT s|PXAT ms|KEEPTTL]. */
    static Reply set(Call c) throws CommandException {
        Options o = parseOptions(c, true);
        return setGeneric(c, o, c.arg(1), c.arg(2), Reply.OK, Reply.NIL);
    }

    /** SETNX key value: 1 if written, 0 if the key exists (of any type). */
    static Reply setnx(Call c) throws CommandException {
        return setGeneric(c, new Options(NX, 0), c.arg(1), c.arg(2), Reply.ONE, Reply.ZERO);
    }

    /** SETEX key seconds value: overwrites any type; "invalid expire time in 'setex' command". */
    static Reply setex(Call c) throws CommandException {
        return setGeneric(c, new Options(EX, 2), c.arg(1), c.arg(3), Reply.OK, Reply.NIL);
    }

    /** PSETEX key milliseconds value. */
    static Reply psetex(Call c) throws CommandException {
        return setGeneric(c, new Options(PX, 2), c.arg(1), c.arg(3), Reply.OK, Reply.NIL);
    }

    /** GETSET key value: the old value (WRONGTYPE writes nothing), then a plain SET (TTL dropped). */
    static Reply getset(Call c) throws CommandException {
        byte[] old = readString(c, c.arg(1));
        c.db().set(c.arg(1), c.arg(2), false, c.now);
        c.modified(c.arg(1), KeyspaceEvents.STRING, "set");
        return Reply.bulk(old);
    }

    /** GETDEL key: the value, and the key deleted; nil when missing; WRONGTYPE deletes nothing. */
    static Reply getdel(Call c) throws CommandException {
        byte[] v = readString(c, c.arg(1));
        if (v == null) return Reply.NIL;
        c.db().delete(c.arg(1), c.now);
        c.modified(c.arg(1), KeyspaceEvents.GENERIC, "del");
        return Reply.bulk(v);
    }

    /**
     * GETEX key [EX|PX|EXAT|PXAT n|PERSIST]. Order as getexCommand: option syntax; missing key: nil
     * (even if the expire value is invalid); WRONGTYPE; expire value errors; then the value is
     * replied and the TTL changed. EXAT/PXAT at or before now deletes the key. PERSIST on a key
     * without TTL, or no option at all, modifies nothing. Events: "del", "expire" or "persist"; a
     * missing key notifies "keymiss" (lookupKeyRead).
     */
    static Reply getex(Call c) throws CommandException {
        Options o = parseOptions(c, false);
        byte[] key = c.arg(1);
        Database db = c.db();
        Dict.Entry e = db.lookup(key, c.now);
        if (e == null) {
            db.notifyEvent(KeyspaceEvents.KEY_MISS, "keymiss", key);
            return Reply.NIL;
        }
        if (!(e.value() instanceof byte[] v)) throw Call.wrongType();
        if (o.expireIndex() != 0) {
            long at = expireAt(c, o.expireIndex(), o.seconds(), o.has(EX | PX));
            if (o.has(EXAT | PXAT) && at <= c.now) {
                db.delete(key, c.now);
                db.modified(key, KeyspaceEvents.GENERIC, "del");
            } else {
                db.setExpire(e, at);
                db.modified(key, KeyspaceEvents.GENERIC, "expire");
            }
        } else if (o.has(PERSIST) && e.expireAt() != Dict.NO_EXPIRY) {
            db.setExpire(e, Dict.NO_EXPIRY);
            db.modified(key, KeyspaceEvents.GENERIC, "persist");
        }
        return Reply.bulk(v);
    }

    // ---- multi-key ---------------------------------------------------------------------------------

    /** MGET key...: one bulk per key; nil for a missing key ("keymiss") and for a key of another type. */
    static Reply mget(Call c) {
        Reply[] out = new Reply[c.argc() - 1];
        for (int j = 1; j < c.argc(); j++) {
            Object v = c.lookupRead(c.arg(j));
            out[j - 1] = v instanceof byte[] b ? Reply.bulk(b) : Reply.NIL;
        }
        return Reply.array(out);
    }

    /** MSET key value ...: sets every pair in order (a repeated key: the last value wins), TTLs dropped. */
    static Reply mset(Call c) throws CommandException {
        msetGeneric(c, false);
        return Reply.OK;
    }

    /** MSETNX key value ...: 1 and sets all if none of the keys exists (any type), else 0 and nothing. */
    static Reply msetnx(Call c) throws CommandException {
        return msetGeneric(c, true) ? Reply.ONE : Reply.ZERO;
    }

    private static boolean msetGeneric(Call c, boolean nx) throws CommandException {
        if (c.argc() % 2 == 0) throw Call.error(Errors.msetArity(c.dialect(), c.spec.name()));
        Database db = c.db();
        if (nx) {
            for (int j = 1; j < c.argc(); j += 2) {
                if (db.lookup(c.arg(j), c.now) != null) return false;
            }
        }
        for (int j = 1; j < c.argc(); j += 2) {
            db.set(c.arg(j), c.arg(j + 1), false, c.now);
            db.modified(c.arg(j), KeyspaceEvents.STRING, "set");
        }
        return true;
    }

    // ---- counters ----------------------------------------------------------------------------------

    /**
     * incrDecrCommand: WRONGTYPE, then the stored value must be a Redis integer (string2ll: no spaces,
     * no '+', no leading zeros, no "-0", at most 20 chars) else "ERR value is not an integer or out of
     * range"; a result outside a signed 64-bit long is "ERR increment or decrement would overflow".
     * The TTL is kept. A missing key counts as 0.
     */
    private static Reply incrDecr(Call c, long incr) throws CommandException {
        byte[] key = c.arg(1);
        byte[] cur = getString(c, key);
        long value = 0;
        if (cur != null) {
            try {
                value = RedisNumbers.parseLong(cur);
            } catch (RedisNumbers.NotANumber e) {
                throw Call.error(Errors.NOT_INTEGER);
            }
        }
        if ((incr < 0 && value < 0 && incr < Long.MIN_VALUE - value)
                || (incr > 0 && value > 0 && incr > Long.MAX_VALUE - value)) {
            throw Call.error(Errors.INCR_OVERFLOW);
        }
        value += incr;
        c.db().set(key, RedisNumbers.formatLong(value), true, c.now);
        c.modified(key, KeyspaceEvents.STRING, "incrby");
        return Reply.integer(value);
    }

    static Reply incr(Call c) throws CommandException {
        return incrDecr(c, 1);
    }

    static Reply decr(Call c) throws CommandException {
        return incrDecr(c, -1);
    }

    /** INCRBY key n: n is parsed before the key is looked at. */
    static Reply incrby(Call c) throws CommandException {
        return incrDecr(c, c.longArg(2));
    }

    /**
     * DECRBY key n: adds -n. 7.0 refuses n = LLONG_MIN before looking at the key ("ERR decrement would
     * overflow"); 6.2 negates it with wrap-around, i.e. adds LLONG_MIN.
     */
    static Reply decrby(Call c) throws CommandException {
        long n = c.longArg(2);
        if (n == Long.MIN_VALUE && c.dialect().has(Quirk.DECRBY_OVERFLOW_ERROR)) throw Call.error(Errors.DECREMENT_OVERFLOW);
        return incrDecr(c, -n);
    }

    /**
     * INCRBYFLOAT key increment (incrbyfloatCommand, same in 6.2 and 7.0): WRONGTYPE first, then the
     * stored value and the increment must be long doubles ("ERR value is not a valid float"), then a
     * NaN or infinite sum is "ERR increment would produce NaN or Infinity". The result is stored as
     * its printed form and replied as a bulk; the TTL is kept.
     */
    static Reply incrbyfloat(Call c) throws CommandException {
        byte[] key = c.arg(1);
        byte[] cur = getString(c, key);
        byte[] sum;
        try {
            sum = RedisNumbers.incrByFloat(cur, c.arg(2));
        } catch (RedisNumbers.NotANumber e) {
            throw Call.error(Errors.NOT_FLOAT);
        } catch (RedisNumbers.NotFinite e) {
            throw Call.error(Errors.NAN_OR_INFINITY);
        }
        // createStringObjectFromLongDouble: embstr or raw by length, never an int
        c.db().stringForm(c.db().set(key, sum, true, c.now), Database.STRING_PLAIN);
        c.modified(key, KeyspaceEvents.STRING, "incrbyfloat");
        return Reply.bulk(sum);
    }

    // ---- byte-string editing -----------------------------------------------------------------------

    /** The largest string APPEND / SETRANGE may build: proto-max-bulk-len (default 512 MB). */
    private static long maxStringLength(Call c) {
        return c.engine.config().protoMaxBulkLen();
    }

    /**
     * checkStringLength (7.0 form): size + append beyond proto-max-bulk-len, or overflowing, is
     * "ERR string exceeds maximum allowed size (proto-max-bulk-len)". (6.2.7 does not detect the
     * overflow of offset + length in SETRANGE and aborts out of memory; the 7.0 answer is used.)
     */
    private static void checkStringLength(Call c, long size, long append) throws CommandException {
        long total = size + append;
        if (total > maxStringLength(c) || total < size || total < append) throw Call.error(Errors.STRING_TOO_LONG);
    }

    /**
     * APPEND key value: creates the key when missing (even with an empty value); the new length is
     * replied; the TTL is kept; the key counts as modified even when nothing is appended.
     */
    static Reply append(Call c) throws CommandException {
        byte[] key = c.arg(1);
        byte[] add = c.arg(2);
        byte[] cur = getString(c, key);
        Database db = c.db();
        if (cur == null) {
            db.set(key, add, false, c.now);
            db.modified(key, KeyspaceEvents.STRING, "append");
            return Reply.integer(add.length);
        }
        checkStringLength(c, cur.length, add.length);
        byte[] out = new byte[cur.length + add.length];
        System.arraycopy(cur, 0, out, 0, cur.length);
        System.arraycopy(add, 0, out, cur.length, add.length);
        db.stringForm(db.set(key, out, true, c.now), Database.STRING_RAW); // dbUnshareStringValue
        db.modified(key, KeyspaceEvents.STRING, "append");
        return Reply.integer(out.length);
    }

    /** STRLEN key: 0 when missing, WRONGTYPE for other types. */
    static Reply strlen(Call c) throws CommandException {
        byte[] v = readString(c, c.arg(1));
        return Reply.integer(v == null ? 0 : v.length);
    }

    /**
     * GETRANGE / SUBSTR key start end: both indexes parsed first, then the key (missing: empty bulk;
     * WRONGTYPE). Two negative indexes with start > end give an empty string; otherwise negatives
     * count from the end, are clamped to 0, end is clamped to the last byte, and start > end (or an
     * empty string) gives an empty bulk.
     */
    static Reply getrange(Call c) throws CommandException {
        long start = c.longArg(2);
        long end = c.longArg(3);
        byte[] v = readString(c, c.arg(1));
        if (v == null) return Reply.bulk(EMPTY);
        long len = v.length;
        if (start < 0 && end < 0 && start > end) return Reply.bulk(EMPTY);
        if (start < 0) start = len + start;
        if (end < 0) end = len + end;
        if (start < 0) start = 0;
        if (end < 0) end = 0;
        if (end >= len) end = len - 1;
        if (start > end || len == 0) return Reply.bulk(EMPTY);
        byte[] out = new byte[(int) (end - start + 1)];
        System.arraycopy(v, (int) start, out, 0, out.length);
        return Reply.bulk(out);
    }

    private static final byte[] EMPTY = new byte[0];

    /**
     * SETRANGE key offset value: offset must be an integer, then >= 0 ("ERR offset is out of range",
     * checked before the key's type). Missing key: an empty value creates nothing and replies 0.
     * WRONGTYPE. An empty value replies the current length without modifying the key. Otherwise
     * offset + length beyond proto-max-bulk-len is an error; the string is zero-padded as needed,
     * overwritten at offset, its TTL kept, and the new length replied.
     */
    static Reply setrange(Call c) throws CommandException {
        byte[] key = c.arg(1);
        long offset = c.longArg(2);
        byte[] value = c.arg(3);
        if (offset < 0) throw Call.error(Errors.OFFSET_OUT_OF_RANGE);
        byte[] cur = getString(c, key);
        if (cur == null) {
            if (value.length == 0) return Reply.ZERO;
            checkStringLength(c, offset, value.length);
            cur = EMPTY;
        } else {
            if (value.length == 0) return Reply.integer(cur.length);
            checkStringLength(c, offset, value.length);
        }
        int newLen = (int) Math.max(cur.length, offset + value.length);
        byte[] out = new byte[newLen];
        System.arraycopy(cur, 0, out, 0, cur.length);
        System.arraycopy(value, 0, out, (int) offset, value.length);
        c.db().stringForm(c.db().set(key, out, true, c.now), Database.STRING_RAW);
        c.modified(key, KeyspaceEvents.STRING, "setrange");
        return Reply.integer(newLen);
    }

    /** This family's command handlers, one object per command and no lambda class each: see {@link OpHandler}. */
    private static final class Dispatch extends OpHandler {
        static final int GET = 0;
        static final int SET = 1;
        static final int SETNX = 2;
        static final int SETEX = 3;
        static final int PSETEX = 4;
        static final int GETSET = 5;
        static final int GETDEL = 6;
        static final int GETEX = 7;
        static final int MGET = 8;
        static final int MSET = 9;
        static final int MSETNX = 10;
        static final int INCR = 11;
        static final int DECR = 12;
        static final int INCRBY = 13;
        static final int DECRBY = 14;
        static final int INCRBYFLOAT = 15;
        static final int APPEND = 16;
        static final int STRLEN = 17;
        static final int GETRANGE = 18;
        static final int SETRANGE = 19;

        Dispatch(int op) {
            super(op);
        }

        @Override
        public Reply run(Call c) throws CommandException {
            return switch (op) {
                case GET -> get(c);
                case SET -> set(c);
                case SETNX -> setnx(c);
                case SETEX -> setex(c);
                case PSETEX -> psetex(c);
                case GETSET -> getset(c);
                case GETDEL -> getdel(c);
                case GETEX -> getex(c);
                case MGET -> mget(c);
                case MSET -> mset(c);
                case MSETNX -> msetnx(c);
                case INCR -> incr(c);
                case DECR -> decr(c);
                case INCRBY -> incrby(c);
                case DECRBY -> decrby(c);
                case INCRBYFLOAT -> incrbyfloat(c);
                case APPEND -> append(c);
                case STRLEN -> strlen(c);
                case GETRANGE -> getrange(c);
                case SETRANGE -> setrange(c);
                default -> throw unknown();
            };
        }
    }
}
