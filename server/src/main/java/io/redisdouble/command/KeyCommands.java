package io.redisdouble.command;

import io.redisdouble.dialect.Quirk;
import io.redisdouble.util.RedisNumbers;
import io.redisdouble.keyspace.CopyableValue;
import io.redisdouble.keyspace.Database;
import io.redisdouble.keyspace.Dict;
import io.redisdouble.keyspace.KeyspaceEvents;
import io.redisdouble.keyspace.ValueType;
import io.redisdouble.resp.Reply;
import io.redisdouble.util.Bytes;
import io.redisdouble.util.Glob;

import java.util.ArrayList;
import java.util.List;

import static io.redisdouble.command.CommandTable.flags;
import static io.redisdouble.command.Flag.*;

/**
 * Keys and expiry (db.c, expire.c): DEL, UNLINK, EXISTS, TOUCH, TYPE, the EXPIRE family, TTL family,
 * PERSIST, KEYS, SCAN, RENAME, RENAMENX, RANDOMKEY, DBSIZE, FLUSHDB, FLUSHALL, MOVE, COPY.
 *
 * <p>Expiry: every key stores an absolute deadline in ms; a key whose deadline is at or before the
 * command's instant {@code c.now} is invisible to every read (the Database reclaims it on access).
 * Where Redis would still count a logically expired key that its active cycle has not reclaimed yet
 * (RANDOMKEY's draws), the double answers as if the cycle had run: see
 * {@link Database#randomKey}.
 *
 * <p>Version differences, all here: EXPIRE/PEXPIRE/EXPIREAT/PEXPIREAT take NX|XX|GT|LT (and so have
 * arity -3) only from 7.0 — in 6.2 any extra argument is an arity error; EXPIRETIME and PEXPIRETIME
 * exist only from 7.0; the "invalid expire time" wording comes from {@link Errors#invalidExpireTime}.
 */
final class KeyCommands {
    private KeyCommands() {}

    static void register(CommandTable t) {
        t.add("del", -2, flags(WRITE), 1, -1, 1, new Dispatch(Dispatch.DEL));
        t.add("unlink", -2, flags(WRITE, FAST), 1, -1, 1, new Dispatch(Dispatch.DEL));
        t.add("exists", -2, flags(READONLY, FAST), 1, -1, 1, new Dispatch(Dispatch.EXISTS));
        t.add("touch", -2, flags(READONLY, FAST), 1, -1, 1, new Dispatch(Dispatch.EXISTS));
        t.add("type", 2, flags(READONLY, FAST), 1, 1, 1, new Dispatch(Dispatch.TYPE));
        int expireArity = t.has(Quirk.EXPIRE_OPTIONS) ? -3 : 3;
        t.add("expire", expireArity, flags(WRITE, FAST), 1, 1, 1, new Dispatch(Dispatch.EXPIRE));
        t.add("pexpire", expireArity, flags(WRITE, FAST), 1, 1, 1, new Dispatch(Dispatch.PEXPIRE));
        t.add("expireat", expireArity, flags(WRITE, FAST), 1, 1, 1, new Dispatch(Dispatch.EXPIREAT));
        t.add("pexpireat", expireArity, flags(WRITE, FAST), 1, 1, 1, new Dispatch(Dispatch.PEXPIREAT));
        t.add("ttl", 2, flags(READONLY, FAST), 1, 1, 1, new Dispatch(Dispatch.TTL));
        t.add("pttl", 2, flags(READONLY, FAST), 1, 1, 1, new Dispatch(Dispatch.PTTL));
        if (t.known("expiretime")) {
            t.add("expiretime", 2, flags(READONLY, FAST), 1, 1, 1, new Dispatch(Dispatch.EXPIRETIME));
        }
        if (t.known("pexpiretime")) {
            t.add("pexpiretime", 2, flags(READONLY, FAST), 1, 1, 1, new Dispatch(Dispatch.PEXPIRETIME));
        }
        t.add("persist", 2, flags(WRITE, FAST), 1, 1, 1, new Dispatch(Dispatch.PERSIST));
        t.add("keys", 2, flags(READONLY), 0, 0, 0, new Dispatch(Dispatch.KEYS));
        t.add("scan", -2, flags(READONLY), 0, 0, 0, new Dispatch(Dispatch.SCAN));
        t.add("rename", 3, flags(WRITE), 1, 2, 1, new Dispatch(Dispatch.RENAME));
        t.add("renamenx", 3, flags(WRITE, FAST), 1, 2, 1, new Dispatch(Dispatch.RENAMENX));
        t.add("randomkey", 1, flags(READONLY), new Dispatch(Dispatch.RANDOMKEY));
        t.add("dbsize", 1, flags(READONLY, FAST), new Dispatch(Dispatch.DBSIZE));
        t.add("flushdb", -1, flags(WRITE), new Dispatch(Dispatch.FLUSHDB));
        t.add("flushall", -1, flags(WRITE), new Dispatch(Dispatch.FLUSHALL));
        t.add("move", 3, flags(WRITE, FAST), 1, 1, 1, new Dispatch(Dispatch.MOVE));
        t.add("copy", -3, flags(WRITE, DENYOOM), 1, 2, 1, new Dispatch(Dispatch.COPY));
    }

    // ---- DEL, UNLINK, EXISTS, TOUCH, TYPE ---------------------------------------------------------

    /**
     * DEL / UNLINK key [key …]: the number of keys removed. A repeated key counts once (the second
     * time it is gone); an expired key is reclaimed and not counted.
     */
    static Reply del(Call c) {
        Database db = c.db();
        long n = 0;
        for (int i = 1; i < c.argc(); i++) {
            if (db.delete(c.arg(i), c.now)) {
                db.modified(c.arg(i), KeyspaceEvents.GENERIC, "del");
                n++;
            }
        }
        return Reply.integer(n);
    }

    /**
     * EXISTS / TOUCH key [key …]: how many arguments name a live key — a repeated key counts each time.
     * Each missing key notifies "keymiss" (lookupKeyRead).
     */
    static Reply exists(Call c) {
        boolean touch = c.spec.name.equals("touch"); // EXISTS looks up with LOOKUP_NOTOUCH
        long n = 0;
        for (int i = 1; i < c.argc(); i++) {
            if ((touch ? c.lookupRead(c.arg(i)) : c.lookupReadNoTouch(c.arg(i))) != null) n++;
        }
        return Reply.integer(n);
    }

    /** TYPE key: a status reply, "none" for a missing key ("keymiss"); the key is not touched. */
    static Reply type(Call c) {
        Dict.Entry e = c.lookupReadNoTouch(c.arg(1));
        return Reply.simple(e == null ? "none" : ValueType.of(e.value()).typeName());
    }

    // ---- EXPIRE family ------------------------------------------------------------------------------

    private static final int EXPIRE_NX = 1, EXPIRE_XX = 2, EXPIRE_GT = 4, EXPIRE_LT = 8;

    /**
     * EXPIRE / PEXPIRE / EXPIREAT / PEXPIREAT key time [NX|XX|GT|LT] (expireGenericCommand).
     * {@code basetime} is 0 for the *AT forms, else now. Order of checks, as Redis: options (7.0;
     * unknown → "Unsupported option", then the incompatible pairs), then the number, then overflow of
     * the seconds→ms conversion or of basetime + time ("invalid expire time"), then the key (absent → 0),
     * then the NX/XX/GT/LT condition (a key without TTL counts as an infinite TTL: GT never passes, LT
     * always does), and finally a deadline at or before now deletes the key and replies 1.
     */
    static Reply expireGeneric(Call c, long basetime, boolean seconds) throws CommandException {
        int flags = 0;
        boolean nx = false, xx = false, gt = false, lt = false;
        for (int i = 3; i < c.argc(); i++) { // only reachable in 7.0: 6.2's arity is exactly 3
            if (c.is(i, "nx")) nx = true;
            else if (c.is(i, "xx")) xx = true;
            else if (c.is(i, "gt")) gt = true;
            else if (c.is(i, "lt")) lt = true;
            else throw Call.error(Errors.unsupportedOption(c.arg(i)));
        }
        if (nx && (xx || gt || lt)) throw Call.error(Errors.EXPIRE_NX_AND_OTHERS);
        if (gt && lt) throw Call.error(Errors.EXPIRE_GT_AND_LT);
        if (nx) flags |= EXPIRE_NX;
        if (xx) flags |= EXPIRE_XX;
        if (gt) flags |= EXPIRE_GT;
        if (lt) flags |= EXPIRE_LT;

        long when = c.longArg(2);
        String invalid = Errors.invalidExpireTime(c.dialect(), c.spec.name());
        if (seconds) {
            if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) throw Call.error(invalid);
            when *= 1000;
        }
        if (when > Long.MAX_VALUE - basetime) throw Call.error(invalid);
        when += basetime;

        Database db = c.db();
        byte[] key = c.arg(1);
        Dict.Entry e = db.lookup(key, c.now);
        if (e == null) return Reply.ZERO;
        if (flags != 0) {
            long current = e.expireAt(); // Dict.NO_EXPIRY (-1) when none, as getExpire
            boolean none = current == Dict.NO_EXPIRY;
            if ((flags & EXPIRE_NX) != 0 && !none) return Reply.ZERO;
            if ((flags & EXPIRE_XX) != 0 && none) return Reply.ZERO;
            if ((flags & EXPIRE_GT) != 0 && (none || when <= current)) return Reply.ZERO;
            if ((flags & EXPIRE_LT) != 0 && !none && when >= current) return Reply.ZERO;
        }
        if (when <= c.clockMillis()) { // checkAlreadyExpired
            db.delete(key, c.now);
            db.modified(key, KeyspaceEvents.GENERIC, "del");
            return Reply.ONE;
        }
        db.setExpire(e, when);
        db.modified(key, KeyspaceEvents.GENERIC, "expire");
        return Reply.ONE;
    }

    /**
     * TTL / PTTL / EXPIRETIME / PEXPIRETIME key: -2 without the key, -1 without a deadline, else the
     * remaining (or absolute) time, rounded to the nearest second for the seconds forms as
     * {@code (ms + 500) / 1000}. Redis's C computes that sum on a value it knows is non-negative, so
     * the compiler divides unsigned and EXPIRETIME of a deadline near 2^63 ms does not wrap
     * (7.0.15 replies 9223372036854776 for PEXPIREAT k 9223372036854775807): the same here.
     */
    static Reply ttlGeneric(Call c, boolean ms, boolean absolute) {
        Dict.Entry e = c.db().lookupNoTouch(c.arg(1), c.now);
        if (e == null) {
            c.db().notifyEvent(KeyspaceEvents.KEY_MISS, "keymiss", c.arg(1)); // lookupKeyRead
            return Reply.integer(-2);
        }
        long at = e.expireAt();
        if (at == Dict.NO_EXPIRY) return Reply.integer(-1);
        long ttl = absolute ? at : at - c.clockMillis();
        if (ttl < 0) ttl = 0;
        return Reply.integer(ms ? ttl : Long.divideUnsigned(ttl + 500, 1000));
    }

    /** PERSIST key: 1 if a deadline was removed, 0 if the key is absent or has none. */
    static Reply persist(Call c) {
        Database db = c.db();
        Dict.Entry e = db.lookup(c.arg(1), c.now);
        if (e == null || e.expireAt() == Dict.NO_EXPIRY) return Reply.ZERO;
        db.setExpire(e, Dict.NO_EXPIRY);
        db.modified(c.arg(1), KeyspaceEvents.GENERIC, "persist");
        return Reply.ONE;
    }

    // ---- KEYS, SCAN, RANDOMKEY, DBSIZE --------------------------------------------------------------

    /**
     * KEYS pattern: every live key matching the glob, in table order (unspecified, as in Redis). The
     * exact pattern {@code *} lists every key without matching — including the empty key, which no
     * other all-star pattern matches (stringmatchlen needs a non-empty string).
     */
    static Reply keys(Call c) {
        byte[] pattern = c.arg(1);
        boolean all = Glob.isMatchAll(pattern);
        List<Reply> out = new ArrayList<>();
        c.db().forEachUnexpired(c.now, e -> {
            if (all || Glob.match(pattern, e.key(), false)) out.add(Reply.bulk(e.key()));
        });
        return Reply.array(out);
    }

    /**
     * SCAN cursor [MATCH pattern] [COUNT count] [TYPE type] (scanCommand + scanGenericCommand).
     * The cursor is parsed first (invalid → "ERR invalid cursor"), then options left to right, each
     * taking a value (a missing value, an unknown option or COUNT &lt; 1 → syntax error; a later option
     * of the same name wins). Then about COUNT keys are collected, visiting at most 10×COUNT buckets,
     * and filtered by pattern and type (type names compare case-insensitively; an unknown type just
     * matches nothing in 7.0). Expired keys are not returned, but with TYPE none in 6.2 and 7.0
     * ({@link Quirk#SCAN_TYPE_DROPS_MISSING_KEYS}). The reply's cursor is a bulk string
     * printed unsigned. Cursor values and order follow our table, not Redis's hash function: only the
     * guarantee (every key present for the whole scan is returned at least once) is the same.
     */
    static Reply scan(Call c) throws CommandException {
        long cursor = parseScanCursor(c, c.arg(1));
        ScanArgs opts = ScanArgs.parse(c, 2, true);
        long count = opts.count();
        byte[] typeName = opts.type();
        String wantedType = typeName == null ? null : Bytes.lower(Bytes.cString(typeName)); // strcasecmp

        Database db = c.db();
        // The walk collects stored keys, expired ones too; they are filtered after it, as Redis's step 3
        // does: the pattern first (a key it rejects is not looked at), then an expired key is reclaimed
        // (expireIfNeeded; with TYPE the type lookup reclaims it), then the type.
        List<Dict.Entry> found = new ArrayList<>();
        long maxIterations = count > Long.MAX_VALUE / 10 ? Long.MAX_VALUE : count * 10;
        do {
            cursor = db.scanStored(cursor, found::add);
        } while (cursor != 0 && maxIterations-- > 0 && found.size() < count);

        List<Reply> keys = new ArrayList<>(found.size());
        for (Dict.Entry e : found) {
            if (!opts.matches(e.key())) continue;
            if (db.reclaimIfExpired(e, c.now)) {
                // 6.2 / 7.0: the type lookup reclaimed it and named it "none" (SCAN_TYPE_DROPS_MISSING_KEYS)
                if ("none".equals(wantedType) && !c.dialect().has(Quirk.SCAN_TYPE_DROPS_MISSING_KEYS)) {
                    keys.add(Reply.bulk(e.key()));
                }
                continue;
            }
            if (wantedType != null && !ValueType.of(e.value()).typeName().equals(wantedType)) continue;
            keys.add(Reply.bulk(e.key()));
        }
        return Reply.array(Reply.bulk(Long.toUnsignedString(cursor)), Reply.array(keys));
    }

    /**
     * parseScanCursorOrReply: C's strtoul(s, &end, 10) on the argument as a C string (it ends at the
     * first NUL byte), accepted only if it does not start with a space, nothing follows the digits and
     * it did not overflow. So "+5" and "05" are 5, "-1" is 2^64-1 (strtoul negates in unsigned
     * arithmetic), and the empty string is cursor 0 (no digits, but the end pointer is at the NUL).
     */
    static long parseScanCursor(Call c, byte[] arg) throws CommandException {
        return c.dialect().has(Quirk.SCAN_CURSOR_STRING2ULL) ? parseScanCursorString2ull(arg) : parseScanCursor(arg);
    }

    /**
     * string2ull (7.4's parseScanCursorOrReply), on the argument up to its first NUL: a Redis integer
     * (string2ll) that is not negative, else what strtoull takes whole (leading blanks, a sign, digits
     * below 2^64; "-N" wraps); an empty cursor is invalid.
     */
    private static long parseScanCursorString2ull(byte[] arg) throws CommandException {
        int n = 0;
        while (n < arg.length && arg[n] != 0) n++;
        byte[] s = java.util.Arrays.copyOf(arg, n);
        try {
            long v = RedisNumbers.parseLong(s);
            if (v < 0) throw Call.error(Errors.INVALID_CURSOR);
            return v;
        } catch (RedisNumbers.NotANumber e) {
            // strtoull below
        }
        int i = 0;
        while (i < n && isCSpace(s[i])) i++;
        boolean negative = false;
        if (i < n && (s[i] == '+' || s[i] == '-')) {
            negative = s[i] == '-';
            i++;
        }
        if (i == n || s[i] < '0' || s[i] > '9') throw Call.error(Errors.INVALID_CURSOR);
        long v = unsignedDigits(s, i, n);
        return negative ? -v : v;
    }

    static long parseScanCursor(byte[] arg) throws CommandException {
        int n = 0;
        while (n < arg.length && arg[n] != 0) n++;
        if (n == 0) return 0;
        if (isCSpace(arg[0])) throw Call.error(Errors.INVALID_CURSOR);
        int i = 0;
        boolean negative = false;
        if (arg[i] == '+' || arg[i] == '-') {
            negative = arg[i] == '-';
            i++;
        }
        if (i == n || arg[i] < '0' || arg[i] > '9') throw Call.error(Errors.INVALID_CURSOR); // no conversion
        long v = unsignedDigits(arg, i, n);
        return negative ? -v : v;
    }

    /**
     * strtoull's digits {@code s[i..n)} as an unsigned 64-bit value; a byte that is not a digit, or a
     * value of 2^64 or more, is an invalid cursor.
     */
    static long unsignedDigits(byte[] s, int i, int n) throws CommandException {
        long v = 0;
        for (; i < n; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) throw Call.error(Errors.INVALID_CURSOR);
            // v * 10 + d must stay below 2^64 (unsigned).
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L, 10)) > 0) throw Call.error(Errors.INVALID_CURSOR);
            long next = v * 10 + d;
            if (Long.compareUnsigned(next, v * 10) < 0) throw Call.error(Errors.INVALID_CURSOR);
            v = next;
        }
        return v;
    }

    /** The argument as C code sees it through its char pointer: up to the first NUL byte. */
    private static boolean isCSpace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }

    /** RANDOMKEY: a random live key, or nil when the database has none. */
    static Reply randomkey(Call c) {
        byte[] key = c.db().randomKey(c.now, c.engine.random());
        return key == null ? Reply.NIL : Reply.bulk(key);
    }

    /**
     * DBSIZE: the number of live keys. Real Redis answers dictSize, which still counts keys whose
     * deadline passed until its active expiry cycle (10 times a second) reclaims them; the double
     * reclaims everything due first, so a test that advanced time past a TTL sees the key gone at once.
     */
    static Reply dbsize(Call c) {
        // Redis's dictSize: keys whose deadline passed count until an access or the active cycle
        // (every 100 ms here, as hz 10; at once after time().advance) reclaims them.
        return Reply.integer(c.db().size());
    }

    // ---- FLUSHDB, FLUSHALL ----------------------------------------------------------------------------

    /** getFlushCommandFlags: no argument, or exactly one of SYNC / ASYNC; anything else is a syntax error. */
    private static void checkFlushArgs(Call c) throws CommandException {
        if (c.argc() == 2 && (c.is(1, "sync") || c.is(1, "async"))) return;
        if (c.argc() != 1) throw Call.syntax();
    }

    /** FLUSHDB [ASYNC|SYNC]: empties the current database (both modes are synchronous here). */
    static Reply flushdb(Call c) throws CommandException {
        checkFlushArgs(c);
        c.engine.stats().dirty += c.db().size(); // emptyData's removed keys
        c.engine.flushKeys(() -> c.db().flush());
        return Reply.OK;
    }

    /** FLUSHALL [ASYNC|SYNC]: empties every database. */
    static Reply flushall(Call c) throws CommandException {
        checkFlushArgs(c);
        var ks = c.engine.keyspace();
        // emptyData's removed keys (6.2 adds one more, so that FLUSHALL of nothing still propagates)
        c.engine.stats().dirty += ks.totalKeys();
        c.engine.flushKeys(() -> {
            for (int i = 0; i < ks.count(); i++) ks.db(i).flush();
        });
        // flushAllDataAndResetRDB: a running background save is killed, and with save points the (empty)
        // data set is saved at once (dirty 0 from 7.0; 6.2 keeps its count, then counts the FLUSHALL too)
        Persistence p = c.engine.persistence();
        p.killBackground();
        boolean sixTwo = c.dialect().has(Quirk.FLUSHALL_DIRTIES_ITSELF);
        long dirty = c.engine.stats().dirty;
        if (p.hasSavePoints()) {
            p.saveNow(c.now);
            if (sixTwo) c.engine.stats().dirty = dirty;
        }
        if (sixTwo) c.engine.stats().dirty++;
        return Reply.OK;
    }

    // ---- RENAME, RENAMENX, MOVE, COPY ---------------------------------------------------------------

    /**
     * RENAME / RENAMENX key newkey (renameGenericCommand): a missing source is "ERR no such key" (even
     * when both names are the same); the same name is then a no-op (OK / 0). RENAMENX replies 0 if the
     * destination exists. The value moves with its deadline; an existing destination is replaced,
     * deadline included. Events: "new" for the destination (dbAdd), "rename_from" on the source, then
     * "rename_to" on the destination.
     */
    static Reply renameGeneric(Call c, boolean nx) throws CommandException {
        Database db = c.db();
        byte[] src = c.arg(1), dst = c.arg(2);
        Dict.Entry e = db.lookup(src, c.now);
        if (e == null) throw Call.error(Errors.NO_SUCH_KEY);
        if (java.util.Arrays.equals(src, dst)) return nx ? Reply.ZERO : Reply.OK;
        Object value = e.value();
        long expireAt = e.expireAt();
        if (db.lookup(dst, c.now) != null) {
            if (nx) return Reply.ZERO;
            db.delete(dst, c.now);
        }
        Dict.Entry moved = db.add(dst, value);
        db.carryMeta(e, moved);
        if (expireAt != Dict.NO_EXPIRY) db.setExpire(moved, expireAt);
        db.delete(src, c.now);
        db.modified(src, KeyspaceEvents.GENERIC, "rename_from");
        db.modified(dst, KeyspaceEvents.GENERIC, "rename_to");
        return nx ? Reply.ONE : Reply.OK;
    }

    /**
     * getIntFromObjectOrReply then selectDb's check: not an integer → the generic error; beyond an
     * int → the int range error; outside 0..databases-1 → "ERR DB index is out of range".
     */
    private static int dbIndexArg(Call c, int i) throws CommandException {
        long id = c.longArg(i);
        if (id < Integer.MIN_VALUE || id > Integer.MAX_VALUE) throw Call.error(Errors.NOT_AN_INT_RANGE);
        if (id < 0 || id >= c.engine.keyspace().count()) throw Call.error(Errors.DB_INDEX_OUT_OF_RANGE);
        return (int) id;
    }

    /**
     * MOVE key db: parses the index, refuses the current database ("ERR source and destination objects
     * are the same", checked before the key), then 0 if the key is absent here or present there, else
     * moves value and deadline and replies 1. Events: "new" in the destination (dbAdd), "move_from" in
     * the source database, "move_to" in the destination.
     */
    static Reply move(Call c) throws CommandException {
        if (c.engine.cluster() != null) throw Call.error(Errors.MOVE_IN_CLUSTER);
        int dstId = dbIndexArg(c, 2);
        if (dstId == c.session.db) throw Call.error(Errors.SAME_OBJECT);
        Database src = c.db();
        Database dst = c.engine.keyspace().db(dstId);
        byte[] key = c.arg(1);
        Dict.Entry e = src.lookup(key, c.now);
        if (e == null) return Reply.ZERO;
        if (dst.lookup(key, c.now) != null) return Reply.ZERO;
        Object value = e.value();
        long expireAt = e.expireAt();
        Dict.Entry moved = dst.add(key, value);
        dst.carryMeta(e, moved);
        if (expireAt != Dict.NO_EXPIRY) dst.setExpire(moved, expireAt);
        src.delete(key, c.now);
        src.modified(key, KeyspaceEvents.GENERIC, "move_from");
        dst.modified(key, KeyspaceEvents.GENERIC, "move_to");
        return Reply.ONE;
    }

    /**
     * COPY source destination [DB index] [REPLACE] (copyCommand): options left to right (DB parsed and
     * range-checked when met; unknown or DB without a value → syntax error), then the same key in the
     * same database → "ERR source and destination objects are the same", then 0 if the source is
     * absent or the destination exists without REPLACE. The copy is independent of the source and
     * keeps its deadline. Events: "new" (dbAdd), then "copy_to" on the destination. 7.0 looks the
     * source up for reading (a missing source notifies "keymiss"); 6.2 for writing.
     */
    static Reply copy(Call c) throws CommandException {
        int dstId = c.session.db;
        boolean replace = false;
        for (int j = 3; j < c.argc(); j++) {
            int additional = c.argc() - j - 1;
            if (c.is(j, "replace")) {
                replace = true;
            } else if (c.is(j, "db") && additional >= 1) {
                dstId = dbIndexArg(c, j + 1);
                j++;
            } else {
                throw Call.syntax();
            }
        }
        byte[] key = c.arg(1), newKey = c.arg(2);
        if (c.engine.cluster() != null && (c.session.db != 0 || dstId != 0)) throw Call.error(Errors.COPY_DB_IN_CLUSTER);
        if (dstId == c.session.db && java.util.Arrays.equals(key, newKey)) throw Call.error(Errors.SAME_OBJECT);
        Database src = c.db();
        Database dst = c.engine.keyspace().db(dstId);
        Dict.Entry e = src.lookup(key, c.now);
        if (e == null) {
            if (c.dialect().has(Quirk.SOURCE_KEYS_READ_WITH_KEYMISS)) src.notifyEvent(KeyspaceEvents.KEY_MISS, "keymiss", key);
            return Reply.ZERO;
        }
        Object copy = deepCopy(e.value());
        long expireAt = e.expireAt();
        if (dst.lookup(newKey, c.now) != null) {
            if (!replace) return Reply.ZERO;
            dst.delete(newKey, c.now);
        }
        Dict.Entry added = dst.add(newKey, copy);
        if (copy instanceof byte[] b) dst.stringForm(added, ObjectCommand.copiedStringForm(e, b));
        if (expireAt != Dict.NO_EXPIRY) dst.setExpire(added, expireAt);
        dst.modified(newKey, KeyspaceEvents.GENERIC, "copy_to");
        return Reply.ONE;
    }

    private static Object deepCopy(Object value) throws CommandException {
        if (value instanceof byte[] b) return b.clone();
        if (value instanceof CopyableValue v) return v.deepCopy();
        // Not Redis behaviour: a value class that forgot to implement CopyableValue.
        throw Call.error("ERR COPY is not implemented for values of type " + ValueType.of(value).typeName());
    }

    /** This family's command handlers, one object per command and no lambda class each: see {@link OpHandler}. */
    private static final class Dispatch extends OpHandler {
        static final int DEL = 0;
        static final int EXISTS = 1;
        static final int TYPE = 2;
        static final int PERSIST = 3;
        static final int KEYS = 4;
        static final int SCAN = 5;
        static final int RANDOMKEY = 6;
        static final int DBSIZE = 7;
        static final int FLUSHDB = 8;
        static final int FLUSHALL = 9;
        static final int MOVE = 10;
        static final int COPY = 11;
        static final int EXPIRE = 12;
        static final int PEXPIRE = 13;
        static final int EXPIREAT = 14;
        static final int PEXPIREAT = 15;
        static final int TTL = 16;
        static final int PTTL = 17;
        static final int EXPIRETIME = 18;
        static final int PEXPIRETIME = 19;
        static final int RENAME = 20;
        static final int RENAMENX = 21;

        Dispatch(int op) {
            super(op);
        }

        @Override
        public Reply run(Call c) throws CommandException {
            return switch (op) {
                case DEL -> del(c);
                case EXISTS -> exists(c);
                case TYPE -> type(c);
                case PERSIST -> persist(c);
                case KEYS -> keys(c);
                case SCAN -> scan(c);
                case RANDOMKEY -> randomkey(c);
                case DBSIZE -> dbsize(c);
                case FLUSHDB -> flushdb(c);
                case FLUSHALL -> flushall(c);
                case MOVE -> move(c);
                case COPY -> copy(c);
                case EXPIRE -> expireGeneric(c, c.clockMillis(), true);
                case PEXPIRE -> expireGeneric(c, c.clockMillis(), false);
                case EXPIREAT -> expireGeneric(c, 0, true);
                case PEXPIREAT -> expireGeneric(c, 0, false);
                case TTL -> ttlGeneric(c, false, false);
                case PTTL -> ttlGeneric(c, true, false);
                case EXPIRETIME -> ttlGeneric(c, false, true);
                case PEXPIRETIME -> ttlGeneric(c, true, true);
                case RENAME -> renameGeneric(c, false);
                case RENAMENX -> renameGeneric(c, true);
                default -> throw unknown();
            };
        }
    }
}
