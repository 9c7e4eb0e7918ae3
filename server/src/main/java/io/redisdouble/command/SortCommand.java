package io.redisdouble.command;

import io.redisdouble.dialect.Quirk;
import io.redisdouble.keyspace.EncodingLimits;
import io.redisdouble.keyspace.KeyspaceEvents;
import io.redisdouble.keyspace.RedisHash;
import io.redisdouble.keyspace.RedisList;
import io.redisdouble.keyspace.RedisSet;
import io.redisdouble.resp.Reply;
import io.redisdouble.util.Bytes;
import io.redisdouble.util.MuslQsort;
import io.redisdouble.util.PartialQsort;
import io.redisdouble.util.RedisNumbers;
import io.redisdouble.zset.ZSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import static io.redisdouble.command.CommandTable.flags;
import static io.redisdouble.command.Flag.*;

/**
 * SORT and SORT_RO (sort.c) over lists, sets and sorted sets:
 * {@code SORT key [BY pattern] [LIMIT offset count] [GET pattern …] [ASC|DESC] [ALPHA] [STORE dst]}.
 *
 * <p>As Redis: the options are parsed first (the last ASC/DESC wins; SORT_RO has no STORE); then the key
 * is read (WRONGTYPE for a string or hash; a missing key sorts as an empty list). A BY pattern without
 * '*' means no sorting (a list or sorted set keeps its order, DESC reverses it; a set is sorted ALPHA
 * anyway when the result is stored or a script asks, for determinism). Numeric sorting reads each weight
 * with strtod (junk, NaN and ERANGE: "One or more scores can't be converted into double"; 8.0: fast_float,
 * {@link Quirk#SORT_WEIGHTS_FAST_FLOAT}), equal
 * weights are ordered by the elements' bytes; ALPHA compares bytes as strcmp / memcmp do (the C locale:
 * Redis uses the server's LC_COLLATE, which is the C locale unless its environment sets another). The
 * sort itself is the emulated build's qsort ({@link Quirk#QSORT_IS_STABLE}), or Redis's partial
 * quicksort when BY and LIMIT are both given, so elements that compare equal come out in Redis's order.
 * Patterns: {@code #} is the element, {@code prefix*suffix} a string key, {@code prefix*suffix->field} a
 * hash field (7.4: a field past its TTL is expired on the way); a key of another type, or a pattern
 * without '*', gives nil (STORE: an empty string). Each pattern lookup is a read ("keymiss" for a missing
 * key), a write lookup in 6.2 when storing. STORE replaces the destination with a list ("sortstore") or
 * deletes it ("del") for an empty result, and replies the count.
 */
final class SortCommand {
    private SortCommand() {}

    static void register(CommandTable t) {
        t.add("sort", -2, flags(WRITE, DENYOOM), 1, 1, 1, new Dispatch(Dispatch.SORT));
        if (t.known("sort_ro")) t.add("sort_ro", -2, flags(READONLY), 1, 1, 1, new Dispatch(Dispatch.SORT_RO));
    }

    /**
     * sortGetKeys (COMMAND GETKEYS): the sorted key, and the key after the last STORE. LIMIT skips two
     * arguments, GET and BY one; every other word none.
     */
    static List<Integer> keyPositions(byte[][] argv) {
        List<Integer> keys = new ArrayList<>(List.of(1));
        int store = -1;
        for (int i = 2; i < argv.length; i++) {
            if (Bytes.eqIgnoreCaseC(argv[i], "limit")) i += 2;
            else if (Bytes.eqIgnoreCaseC(argv[i], "get") || Bytes.eqIgnoreCaseC(argv[i], "by")) i += 1;
            else if (Bytes.eqIgnoreCaseC(argv[i], "store") && i + 1 < argv.length) store = i + 1;
        }
        if (store > 0) keys.add(store);
        return keys;
    }

    /** One element to sort, with its weight (numeric) or comparison bytes (ALPHA BY). */
    private static final class Item {
        final byte[] obj;
        double score;
        byte[] cmp;

        Item(byte[] obj) {
            this.obj = obj;
        }
    }

    static Reply sort(Call c, boolean readonly) throws CommandException {
        boolean desc = false, alpha = false, dontsort = false;
        long limitStart = 0, limitCount = -1;
        byte[] sortby = null, storekey = null;
        List<byte[]> gets = new ArrayList<>();
        for (int j = 2; j < c.argc(); j++) {
            int leftargs = c.argc() - j - 1;
            byte[] a = c.arg(j);
            if (Bytes.eqIgnoreCaseC(a, "asc")) {
                desc = false;
            } else if (Bytes.eqIgnoreCaseC(a, "desc")) {
                desc = true;
            } else if (Bytes.eqIgnoreCaseC(a, "alpha")) {
                alpha = true;
            } else if (Bytes.eqIgnoreCaseC(a, "limit") && leftargs >= 2) {
                limitStart = c.longArg(j + 1);
                limitCount = c.longArg(j + 2);
                j += 2;
            } else if (!readonly && Bytes.eqIgnoreCaseC(a, "store") && leftargs >= 1) {
                storekey = c.arg(++j);
            } else if (Bytes.eqIgnoreCaseC(a, "by") && leftargs >= 1) {
                sortby = c.arg(++j);
                if (cIndexOf(sortby, '*', 0) < 0) dontsort = true;
                else if (!fullKeyAccess(c)) throw Call.error(Errors.SORT_BY_ACL);
            } else if (Bytes.eqIgnoreCaseC(a, "get") && leftargs >= 1) {
                if (!fullKeyAccess(c)) throw Call.error(Errors.SORT_GET_ACL);
                gets.add(c.arg(++j));
            } else {
                throw Call.syntax();
            }
        }
        // 6.2 looks the key and the patterns up for writing when it stores (no "keymiss" events)
        boolean readLookups = storekey == null || c.dialect().has(Quirk.SOURCE_KEYS_READ_WITH_KEYMISS);
        Object sortval = readLookups ? c.lookupRead(c.arg(1)) : c.db().get(c.arg(1), c.now);
        if (sortval != null && !(sortval instanceof RedisList) && !(sortval instanceof RedisSet)
                && !(sortval instanceof ZSet)) {
            throw Call.wrongType();
        }
        if (sortval == null) sortval = new RedisList();
        if (dontsort && sortval instanceof RedisSet && (storekey != null || c.session.script)) {
            dontsort = false; // sets have no order of their own: sort them for a deterministic result
            alpha = true;
            sortby = null;
        }

        int vectorlen = sortval instanceof RedisList l ? l.size()
                : sortval instanceof RedisSet s ? s.size() : ((ZSet) sortval).size();
        long start, end;
        if (c.dialect().has(Quirk.SORT_LIMIT_CLAMPED)) {
            start = Math.min(Math.max(limitStart, 0), vectorlen);
            limitCount = Math.min(Math.max(limitCount, -1), vectorlen);
            end = limitCount < 0 ? vectorlen - 1 : start + limitCount - 1;
        } else {
            start = limitStart < 0 ? 0 : limitStart;
            end = limitCount < 0 ? vectorlen - 1 : start + limitCount - 1; // may wrap, as C's long does
        }
        if (start >= vectorlen) {
            start = vectorlen - 1;
            end = vectorlen - 2;
        }
        if (end >= vectorlen) end = vectorlen - 1;

        Item[] vector = load(sortval, dontsort, desc, (int) Math.max(start, 0), (int) Math.max(end, -1));
        if (vector.length != vectorlen) {
            // a list or sorted set read only its LIMIT range: output positions start from 0
            end -= start;
            start = 0;
        }

        boolean conversionError = false;
        boolean fastFloat = c.dialect().has(Quirk.SORT_WEIGHTS_FAST_FLOAT);
        if (!dontsort) {
            for (Item it : vector) {
                byte[] byval;
                if (sortby != null) {
                    byval = lookupByPattern(c, sortby, it.obj, readLookups);
                    if (byval == null) continue;
                } else {
                    byval = it.obj;
                }
                if (alpha) {
                    if (sortby != null) it.cmp = byval;
                } else {
                    try {
                        it.score = fastFloat ? RedisNumbers.parseRangeDouble(byval, 0, true) : RedisNumbers.parseSortScore(byval);
                    } catch (RedisNumbers.NotANumber e) {
                        conversionError = true;
                    }
                }
            }
            Comparator<Item> cmp = comparator(alpha, sortby != null, storekey != null, desc);
            if (sortby != null && (start != 0 || end != vector.length - 1)) {
                PartialQsort.sort(vector, cmp, (int) start, (int) end);
            } else if (c.dialect().has(Quirk.QSORT_IS_STABLE)) {
                Arrays.sort(vector, cmp);
            } else {
                MuslQsort.sort(vector, cmp);
            }
        }

        if (conversionError) throw Call.error(Errors.SORT_SCORE_NOT_DOUBLE);
        if (storekey == null) {
            List<Reply> out = new ArrayList<>();
            for (long j = start; j <= end; j++) {
                Item it = vector[(int) j];
                if (gets.isEmpty()) out.add(Reply.bulk(it.obj));
                for (byte[] pattern : gets) {
                    byte[] val = lookupByPattern(c, pattern, it.obj, readLookups);
                    out.add(val == null ? Reply.NIL : Reply.bulk(val));
                }
            }
            return Reply.array(out);
        }
        // 7.2+: built as a quicklist, then made a listpack if it fits (LIST_CONV_AUTO).
        // (7.2: a quicklist of the default fill, SORT_STORE_DEFAULT_FILL).
        EncodingLimits limits = c.engine.config().limits();
        RedisList stored = new RedisList(limits, true, c.dialect().has(Quirk.SORT_STORE_DEFAULT_FILL) ? -2 : limits.listSize());
        for (long j = start; j <= end; j++) {
            Item it = vector[(int) j];
            if (gets.isEmpty()) stored.pushTail(it.obj);
            for (byte[] pattern : gets) {
                byte[] val = lookupByPattern(c, pattern, it.obj, readLookups);
                stored.pushTail(val == null ? new byte[0] : val);
            }
        }
        stored.tryListpack(false);
        return c.storeResult(storekey, stored, stored.size(), KeyspaceEvents.LIST, "sortstore");
    }

    /**
     * The vector to sort. A list or sorted set that is not sorted (BY without '*') loads only the output
     * range, in its own order (from the tail with DESC); everything else loads every element.
     */
    private static Item[] load(Object sortval, boolean dontsort, boolean desc, int start, int end) {
        if (sortval instanceof RedisList l) {
            if (dontsort && (start != 0 || end != l.size() - 1)) {
                int n = Math.max(0, end - start + 1);
                Item[] v = new Item[n];
                for (int i = 0; i < n; i++) v[i] = new Item(l.get(desc ? l.size() - 1 - start - i : start + i));
                return v;
            }
            Item[] v = new Item[l.size()];
            if (dontsort) {
                for (int i = 0; i < v.length; i++) v[i] = new Item(l.get(desc ? v.length - 1 - i : i));
            } else {
                for (int i = 0; i < v.length; i++) v[i] = new Item(l.get(i));
            }
            return v;
        }
        if (sortval instanceof RedisSet s) {
            List<byte[]> members = s.members();
            Item[] v = new Item[members.size()];
            for (int i = 0; i < v.length; i++) v[i] = new Item(members.get(i));
            return v;
        }
        ZSet z = (ZSet) sortval;
        int size = z.size();
        if (dontsort) {
            boolean ranged = start != 0 || end != size - 1;
            int n = ranged ? Math.max(0, end - start + 1) : size;
            int from = ranged ? start : 0;
            Item[] v = new Item[n];
            ZSet.Node node = n == 0 ? null : desc ? z.elementAt(size - 1 - from) : z.elementAt(from);
            for (int i = 0; i < n; i++) {
                v[i] = new Item(node.member());
                node = desc ? node.prev() : node.next();
            }
            return v;
        }
        Item[] v = new Item[size];
        int i = 0;
        for (ZSet.Node node = z.first(); node != null; node = node.next()) v[i++] = new Item(node.member());
        return v;
    }

    /** sortCompare: numeric (ties by the elements' bytes), or ALPHA on the BY values or the elements. */
    private static Comparator<Item> comparator(boolean alpha, boolean byPattern, boolean store, boolean desc) {
        Comparator<Item> cmp;
        if (!alpha) {
            cmp = (a, b) -> a.score > b.score ? 1 : a.score < b.score ? -1 : Arrays.compareUnsigned(a.obj, b.obj);
        } else if (byPattern) {
            cmp = (a, b) -> {
                if (a.cmp == null || b.cmp == null) return a.cmp == b.cmp ? 0 : a.cmp == null ? -1 : 1;
                return store ? Arrays.compareUnsigned(a.cmp, b.cmp) : strcmp(a.cmp, b.cmp);
            };
        } else {
            cmp = (a, b) -> store ? Arrays.compareUnsigned(a.obj, b.obj) : strcmp(a.obj, b.obj);
        }
        return desc ? (a, b) -> -Integer.signum(cmp.compare(a, b)) : cmp;
    }

    /** strcoll in the C locale: unsigned bytes up to the first NUL. */
    private static int strcmp(byte[] a, byte[] b) {
        for (int i = 0; ; i++) {
            int x = i < a.length ? a[i] & 0xff : 0;
            int y = i < b.length ? b[i] & 0xff : 0;
            if (x != y || x == 0) return x - y;
        }
    }

    /** Index of {@code ch} in the C string (up to the first NUL) from {@code from}, or -1 (strchr). */
    private static int cIndexOf(byte[] s, char ch, int from) {
        for (int i = from; i < s.length && s[i] != 0; i++) if (s[i] == ch) return i;
        return -1;
    }

    /**
     * lookupKeyByPattern: "#" is the element itself; else the first '*' is replaced by the element, and a
     * "->field" after it (with at least one byte of field) reads that hash field instead of a string.
     */
    private static byte[] lookupByPattern(Call c, byte[] pattern, byte[] subst, boolean read) {
        if (pattern.length > 0 && pattern[0] == '#' && (pattern.length == 1 || pattern[1] == 0)) return subst;
        int p = cIndexOf(pattern, '*', 0);
        if (p < 0) return null;
        int fieldlen = 0;
        int f = -1;
        for (int i = p + 1; i + 1 < pattern.length && pattern[i] != 0 && pattern[i + 1] != 0; i++) {
            if (pattern[i] == '-' && pattern[i + 1] == '>') {
                f = i;
                break;
            }
        }
        if (f >= 0 && f + 2 < pattern.length && pattern[f + 2] != 0) fieldlen = pattern.length - f - 2;
        int postfixlen = pattern.length - (p + 1) - (fieldlen > 0 ? fieldlen + 2 : 0);
        byte[] key = new byte[p + subst.length + postfixlen];
        System.arraycopy(pattern, 0, key, 0, p);
        System.arraycopy(subst, 0, key, p, subst.length);
        System.arraycopy(pattern, p + 1, key, p + subst.length, postfixlen);
        Object o = read ? c.lookupRead(key) : c.db().get(key, c.now);
        if (o == null) return null;
        if (fieldlen > 0) {
            if (!(o instanceof RedisHash h)) return null;
            byte[] field = Arrays.copyOfRange(pattern, f + 2, pattern.length);
            if (HashCommands.expireFieldIfDue(c, key, h, field, true) != 0) return null;
            return h.get(field);
        }
        return o instanceof byte[] s ? s : null;
    }

    /**
     * ACLUserCheckCmdWithUnrestrictedKeyAccess(CMD_KEY_ACCESS): BY with a pattern and GET need a selector
     * that allows the command and reads every key (7.0; 6.2 does not check).
     */
    private static boolean fullKeyAccess(Call c) {
        Session s = c.session; // a script's client runs as its caller's user
        if (s.user == null || !c.dialect().has(Quirk.ACL_SELECTORS)) return true;
        return c.engine.acl().unrestrictedReadAccess(s.user, c.spec, c.argv);
    }

    /** This family's command handlers, one object per command and no lambda class each: see {@link OpHandler}. */
    private static final class Dispatch extends OpHandler {
        static final int SORT = 0;
        static final int SORT_RO = 1;

        Dispatch(int op) {
            super(op);
        }

        @Override
        public Reply run(Call c) throws CommandException {
            return switch (op) {
                case SORT -> sort(c, false);
                case SORT_RO -> sort(c, true);
                default -> throw unknown();
            };
        }
    }
}
