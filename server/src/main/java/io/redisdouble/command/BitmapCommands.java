package io.redisdouble.command;

import io.redisdouble.dialect.Quirk;
import io.redisdouble.keyspace.Database;
import io.redisdouble.keyspace.Dict;
import io.redisdouble.keyspace.KeyspaceEvents;
import io.redisdouble.resp.Reply;
import io.redisdouble.util.Bitmaps;
import io.redisdouble.util.Bytes;
import io.redisdouble.util.RedisNumbers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.redisdouble.command.CommandTable.flags;
import static io.redisdouble.command.Flag.*;

/**
 * Bitmaps (bitops.c): SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD, BITFIELD_RO. Bitmaps are plain
 * strings; bit 0 is the most significant bit of the first byte.
 *
 * <p>Stored strings are not changed in place (see {@link StringCommands}), with one exception that keeps
 * SETBIT O(1): an array a bitmap command made, that nothing else has seen since ({@link Target}). Any
 * bit write leaves the value "raw" for OBJECT ENCODING, as dbUnshareStringValue does, even one that
 * changes nothing.
 */
final class BitmapCommands {
    private BitmapCommands() {}

    static void register(CommandTable t) {
        t.add("setbit", 4, flags(WRITE, DENYOOM), 1, 1, 1, new Dispatch(Dispatch.SETBIT));
        t.add("getbit", 3, flags(READONLY, FAST), 1, 1, 1, new Dispatch(Dispatch.GETBIT));
        t.add("bitcount", -2, flags(READONLY), 1, 1, 1, new Dispatch(Dispatch.BITCOUNT));
        t.add("bitpos", -3, flags(READONLY), 1, 1, 1, new Dispatch(Dispatch.BITPOS));
        t.add("bitop", -4, flags(WRITE, DENYOOM), 2, -1, 1, new Dispatch(Dispatch.BITOP));
        t.add("bitfield", -2, flags(WRITE, DENYOOM), 1, 1, 1, new Dispatch(Dispatch.BITFIELD));
        if (t.known("bitfield_ro")) t.add("bitfield_ro", -2, flags(READONLY, FAST), 1, 1, 1, new Dispatch(Dispatch.BITFIELD_RO));
    }

    // ---- arguments -------------------------------------------------------------------------------------

    /**
     * getBitOffsetFromArgument: a bit offset, a Redis integer >= 0 whose byte (offset / 8) is below
     * proto-max-bulk-len, else "bit offset is not an integer or out of range". With {@code hash} (BITFIELD)
     * "#n" means n * bits (the product wraps as C's does, and a negative result is refused).
     */
    private static long bitOffset(Call c, int i, boolean hash, int bits) throws CommandException {
        byte[] p = c.arg(i);
        boolean useHash = hash && bits > 0 && p.length > 0 && p[0] == '#';
        long offset;
        try {
            offset = RedisNumbers.parseLong(useHash ? Arrays.copyOfRange(p, 1, p.length) : p);
        } catch (RedisNumbers.NotANumber e) {
            throw Call.error(Errors.BIT_OFFSET_NOT_INTEGER);
        }
        if (useHash) offset *= bits;
        if (offset < 0 || (offset >> 3) >= c.engine.config().protoMaxBulkLen()) {
            throw Call.error(Errors.BIT_OFFSET_NOT_INTEGER);
        }
        return offset;
    }

    /** BIT or BYTE (case-insensitive, as C compares strings) at argument i: true for BIT; else a syntax error. */
    private static boolean bitUnit(Call c, int i) throws CommandException {
        if (Bytes.eqIgnoreCaseC(c.arg(i), "bit")) return true;
        if (Bytes.eqIgnoreCaseC(c.arg(i), "byte")) return false;
        throw Call.syntax();
    }

    /**
     * lookupStringForBitCommand: the string a write will change, with room for bit {@code maxbit}. A missing
     * key is added now as zero bytes ("new"); an existing string becomes "raw" and is zero-padded to the
     * length needed. {@code dirty} (7.0+) is whether the key was created or grew.
     *
     * <p>Writes go through {@link #writable}: into the stored array itself when the database says the
     * bitmap commands own it (they made it and nothing else has looked at the key since:
     * {@link Database#ownsBytes}), otherwise into a copy that {@link #finish} stores. So a run of bit
     * writes to one key copies it at most once, while an array that a reply, a script or another key may
     * hold is never changed.
     */
    private static final class Target {
        final byte[] key;
        Dict.Entry entry;
        byte[] bytes;
        boolean dirty;
        /** True once {@link #bytes} is an array nobody else holds (the stored one if it was owned). */
        boolean owned;
        /** True when {@link #bytes} is a new array that {@link #finish} must store. */
        boolean replaced;

        Target(byte[] key) {
            this.key = key;
        }

        /** The array to write into: a copy of the stored one, the first time, unless it is owned. */
        byte[] writable() {
            if (!owned) {
                bytes = bytes.clone();
                owned = replaced = true;
            }
            return bytes;
        }

        /** Stores a copied array (TTL and access stamp kept); an array of our own stays owned. */
        void finish(Database db) {
            if (replaced) db.replaceBytes(entry, bytes);
            if (owned) db.ownBytes(entry);
        }
    }

    private static Target lookupForWrite(Call c, long maxbit) throws CommandException {
        Target t = new Target(c.arg(1));
        Database db = c.db();
        Dict.Entry e = db.lookupOwnedBytes(t.key, c.now);
        if (e != null && !(e.value() instanceof byte[])) throw Call.wrongType();
        long need = (maxbit >>> 3) + 1;
        if (need > Integer.MAX_VALUE - 8) throw new OutOfMemoryError("a string of " + need + " bytes");
        if (e == null) {
            t.bytes = new byte[(int) need];
            t.entry = db.add(t.key, t.bytes);
            t.owned = t.dirty = true;
        } else {
            byte[] cur = (byte[]) e.value();
            t.entry = e;
            t.bytes = cur;
            t.owned = db.ownsBytes(e);
            if (cur.length < need) { // sdsgrowzero
                t.bytes = Arrays.copyOf(cur, (int) need);
                t.owned = t.replaced = t.dirty = true;
            }
        }
        db.stringForm(t.entry, Database.STRING_RAW); // createObject / dbUnshareStringValue
        return t;
    }

    /**
     * The string at a key for a bitmap read (lookupKeyRead: a miss notifies "keymiss"), or WRONGTYPE. The
     * array must not leave the command: the key's owned mark is kept.
     */
    private static byte[] readBitmap(Call c, byte[] key) throws CommandException {
        Database db = c.db();
        Dict.Entry e = db.lookupOwnedBytes(key, c.now);
        if (e == null) {
            db.notifyEvent(KeyspaceEvents.KEY_MISS, "keymiss", key);
            return null;
        }
        if (!(e.value() instanceof byte[] v)) throw Call.wrongType();
        return v;
    }

    // ---- SETBIT / GETBIT -------------------------------------------------------------------------------

    /**
     * SETBIT key offset value: offset errors, then "bit is not an integer or out of range" for a value
     * other than 0 or 1, then WRONGTYPE. Replies the old bit. The key is created or grown as needed; the
     * "setbit" event (and WATCH) follow every call in 6.2, and from 7.0 only a call that created the key,
     * grew it or flipped the bit.
     */
    static Reply setbit(Call c) throws CommandException {
        long offset = bitOffset(c, 2, false, 0);
        long on = c.longArg(3, Errors.BIT_NOT_INTEGER);
        if ((on & ~1L) != 0) throw Call.error(Errors.BIT_NOT_INTEGER);
        Target t = lookupForWrite(c, offset);
        int idx = (int) (offset >>> 3);
        int mask = 1 << (7 - (offset & 7));
        boolean old = (t.bytes[idx] & mask) != 0;
        if (old != (on == 1)) {
            byte[] w = t.writable();
            w[idx] = (byte) (on == 1 ? w[idx] | mask : w[idx] & ~mask);
        }
        t.finish(c.db());
        boolean onlyChanges = c.dialect().has(Quirk.BIT_WRITES_SIGNAL_ONLY_CHANGES);
        if (!onlyChanges || t.dirty || old != (on == 1)) c.modified(t.key, KeyspaceEvents.STRING, "setbit");
        return old ? Reply.ONE : Reply.ZERO;
    }

    /** GETBIT key offset: offset errors, then the key (missing: 0, "keymiss"), then WRONGTYPE. */
    static Reply getbit(Call c) throws CommandException {
        long offset = bitOffset(c, 2, false, 0);
        byte[] v = readBitmap(c, c.arg(1));
        if (v == null) return Reply.ZERO;
        long idx = offset >>> 3;
        if (idx >= v.length) return Reply.ZERO;
        return (v[(int) idx] & (1 << (7 - (offset & 7)))) != 0 ? Reply.ONE : Reply.ZERO;
    }

    // ---- BITCOUNT / BITPOS -----------------------------------------------------------------------------

    /** A resolved range: byte start and end (inclusive) and the masks of the bits outside it at its edges. */
    private record Range(long start, long end, int firstMask, int lastMask) {}

    /**
     * The shared index arithmetic of BITCOUNT and BITPOS: negative indexes count from the end of
     * {@code totlen} (bytes, or bits with BIT), are clamped to the string, and with BIT are turned into
     * bytes plus masks of the excluded bits of the first and last byte.
     */
    private static Range resolve(long start, long end, long strlen, boolean isBit) {
        long totlen = isBit ? strlen << 3 : strlen;
        if (start < 0) start = totlen + start;
        if (end < 0) end = totlen + end;
        if (start < 0) start = 0;
        if (end < 0) end = 0;
        if (end >= totlen) end = totlen - 1;
        int firstMask = 0, lastMask = 0;
        if (isBit && start <= end) {
            firstMask = ~((1 << (8 - (start & 7))) - 1) & 0xff;
            lastMask = (1 << (7 - (end & 7))) - 1;
            start >>= 3;
            end >>= 3;
        }
        return new Range(start, end, firstMask, lastMask);
    }

    /**
     * BITCOUNT key [start end [BIT|BYTE]] (BIT|BYTE from 7.0; "key start" alone in Valkey 8.0, end then
     * being the last byte). Up to 7.2 the key is looked up first (a missing key answers 0 whatever the
     * arguments); from 7.4 and in Valkey the arguments are checked first. Two negative indexes with
     * start > end count nothing.
     */
    static Reply bitcount(Call c) throws CommandException {
        int argc = c.argc();
        boolean units = c.dialect().has(Quirk.BIT_RANGE_UNITS);
        boolean startOnly = c.dialect().has(Quirk.BITCOUNT_START_ONLY);
        boolean argsFirst = c.dialect().has(Quirk.BIT_RANGE_ARGS_BEFORE_LOOKUP);
        boolean ranged = argc == 4 || (units && argc == 5) || (startOnly && argc == 3);
        if (!ranged && argc != 2 && argsFirst) throw Call.syntax();
        byte[] v = null;
        if (!argsFirst) {
            v = readBitmap(c, c.arg(1));
            if (v == null) return Reply.ZERO;
            if (!ranged && argc != 2) throw Call.syntax();
        }
        long start = 0, end = 0;
        boolean isBit = false;
        if (ranged) {
            start = c.longArg(2);
            if (argsFirst) {
                // 7.4 / Valkey: start, then BIT|BYTE, then end (Valkey); 7.4 reads end before the unit
                if (startOnly) {
                    if (argc == 5) isBit = bitUnit(c, 4);
                    if (argc >= 4) end = c.longArg(3);
                } else {
                    end = c.longArg(3);
                    if (argc == 5) isBit = bitUnit(c, 4);
                }
                v = readBitmap(c, c.arg(1));
                if (v == null) return Reply.ZERO;
                if (argc < 4) end = v.length - 1;
            } else {
                end = c.longArg(3);
            }
            if (start < 0 && end < 0 && start > end) return Reply.ZERO;
            if (!argsFirst && argc == 5) isBit = bitUnit(c, 4);
        } else if (argsFirst) {
            v = readBitmap(c, c.arg(1));
            if (v == null) return Reply.ZERO;
        }
        Range r = ranged ? resolve(start, end, v.length, isBit) : new Range(0, v.length - 1, 0, 0);
        if (r.start() > r.end()) return Reply.ZERO;
        int s = (int) r.start(), e = (int) r.end();
        long count = Bitmaps.popcount(v, s, e - s + 1);
        if (r.firstMask() != 0) count -= Integer.bitCount(v[s] & r.firstMask());
        if (r.lastMask() != 0) count -= Integer.bitCount(v[e] & r.lastMask());
        return Reply.integer(count);
    }

    /**
     * BITPOS key bit [start [end [BIT|BYTE]]]: the first bit equal to {@code bit} (0 or 1, else "The bit
     * argument must be 1 or 0."). A missing key is all zeros (0 for a clear bit, -1 for a set one); up to
     * 7.2 it answers before the range is parsed. Without an explicit end, looking for 0 past the string
     * answers the first bit after it; with one, -1.
     */
    static Reply bitpos(Call c) throws CommandException {
        int argc = c.argc();
        long bit = c.longArg(2);
        if (bit != 0 && bit != 1) throw Call.error(Errors.BITPOS_BIT_ARGUMENT);
        boolean units = c.dialect().has(Quirk.BIT_RANGE_UNITS);
        boolean argsFirst = c.dialect().has(Quirk.BIT_RANGE_ARGS_BEFORE_LOOKUP);
        boolean ranged = argc == 4 || argc == 5 || (units && argc == 6);
        Reply missing = bit == 1 ? Reply.integer(-1) : Reply.ZERO;
        byte[] v = null;
        if (!argsFirst || !ranged) {
            if (argsFirst && argc != 3) throw Call.syntax();
            v = readBitmap(c, c.arg(1));
            if (v == null) return missing;
            if (!ranged && argc != 3) throw Call.syntax();
        }
        boolean endGiven = false, isBit = false;
        long start = 0, end = 0;
        Range r;
        if (ranged) {
            start = c.longArg(3);
            if (argc == 6) isBit = bitUnit(c, 5);
            if (argc >= 5) {
                end = c.longArg(4);
                endGiven = true;
            }
            if (argsFirst) {
                v = readBitmap(c, c.arg(1));
                if (v == null) return missing;
            }
            if (!endGiven) end = isBit ? ((long) v.length << 3) + 7 : v.length - 1;
            r = resolve(start, end, v.length, isBit);
        } else {
            r = new Range(0, v.length - 1, 0, 0);
        }
        if (r.start() > r.end()) return Reply.integer(-1);
        return Reply.integer(firstBit(v, r, (int) bit, endGiven));
    }

    /** The search of bitposCommand over a resolved range: the edge bytes masked, the middle whole. */
    private static long firstBit(byte[] p, Range r, int bit, boolean endGiven) {
        long start = r.start(), end = r.end();
        long bytes = end - start + 1;
        int firstMask = r.firstMask(), lastMask = r.lastMask();
        long pos;
        found:
        {
            if (firstMask != 0) {
                int b = bit == 1 ? p[(int) start] & ~firstMask & 0xff : (p[(int) start] | firstMask) & 0xff;
                if (lastMask != 0 && bytes == 1) b = bit == 1 ? b & ~lastMask : b | lastMask;
                pos = Bitmaps.bitpos(new byte[] {(byte) b}, 0, 1, bit);
                if (bytes == 1 || (pos != -1 && pos != 8)) break found;
                start++;
                bytes--;
            }
            long cur = bytes - (lastMask != 0 ? 1 : 0);
            if (cur > 0) {
                pos = Bitmaps.bitpos(p, (int) start, (int) cur, bit);
                if (bytes == cur || (pos != -1 && pos != cur << 3)) break found;
                start += cur;
                bytes -= cur;
            }
            int b = bit == 1 ? p[(int) end] & ~lastMask & 0xff : (p[(int) end] | lastMask) & 0xff;
            pos = Bitmaps.bitpos(new byte[] {(byte) b}, 0, 1, bit);
        }
        if (endGiven && bit == 0 && pos == bytes << 3) return -1;
        if (pos != -1) pos += start << 3;
        return pos;
    }

    // ---- BITOP -----------------------------------------------------------------------------------------

    private static final int AND = 0, OR = 1, XOR = 2, NOT = 3;

    /**
     * BITOP AND|OR|XOR|NOT destkey key...: the operation's name (else a syntax error), NOT with exactly
     * one source, then the sources read in order (a missing one is an empty string, "keymiss"; the first
     * non-string answers WRONGTYPE). Shorter inputs are zero-padded to the longest. A non-empty result
     * replaces the destination (TTL dropped, "set"); an empty one deletes it ("del"). Replies the result's
     * length.
     */
    static Reply bitop(Call c) throws CommandException {
        byte[] name = c.arg(1);
        int op;
        if (Bytes.eqIgnoreCaseC(name, "and")) op = AND;
        else if (Bytes.eqIgnoreCaseC(name, "or")) op = OR;
        else if (Bytes.eqIgnoreCaseC(name, "xor")) op = XOR;
        else if (Bytes.eqIgnoreCaseC(name, "not")) op = NOT;
        else throw Call.syntax();
        if (op == NOT && c.argc() != 4) throw Call.error(Errors.BITOP_NOT_SINGLE_KEY);
        int n = c.argc() - 3;
        byte[][] src = new byte[n][];
        int maxlen = 0;
        for (int j = 0; j < n; j++) {
            byte[] v = readBitmap(c, c.arg(j + 3));
            src[j] = v == null ? EMPTY : v;
            maxlen = Math.max(maxlen, src[j].length);
        }
        byte[] dst = c.arg(2);
        if (maxlen == 0) {
            if (c.db().delete(dst, c.now)) c.modified(dst, KeyspaceEvents.GENERIC, "del");
            return Reply.ZERO;
        }
        byte[] res = new byte[maxlen];
        byte[] first = src[0];
        System.arraycopy(first, 0, res, 0, first.length);
        if (op == NOT) {
            for (int i = 0; i < maxlen; i++) res[i] = (byte) ~res[i];
        } else {
            for (int j = 1; j < n; j++) {
                byte[] s = src[j];
                if (op == AND) {
                    int i = 0;
                    for (; i < s.length; i++) res[i] &= s[i];
                    for (; i < maxlen; i++) res[i] = 0;
                } else if (op == OR) {
                    for (int i = 0; i < s.length; i++) res[i] |= s[i];
                } else {
                    for (int i = 0; i < s.length; i++) res[i] ^= s[i];
                }
            }
        }
        Database db = c.db();
        Dict.Entry e = db.set(dst, res, false, c.now);
        db.stringForm(e, Database.STRING_RAW);
        db.ownBytes(e);
        c.modified(dst, KeyspaceEvents.STRING, "set");
        return Reply.integer(maxlen);
    }

    private static final byte[] EMPTY = new byte[0];

    // ---- BITFIELD --------------------------------------------------------------------------------------

    private static final int GET = 0, SET = 1, INCRBY = 2;

    private record Op(int opcode, long offset, long value, int policy, int bits, boolean signed) {}

    static Reply bitfield(Call c) throws CommandException {
        return bitfieldGeneric(c, false);
    }

    static Reply bitfieldRo(Call c) throws CommandException {
        return bitfieldGeneric(c, true);
    }

    /**
     * bitfieldGeneric: every subcommand is parsed first (GET type offset, SET type offset value, INCRBY
     * type offset increment, OVERFLOW WRAP|SAT|FAIL applying to the ones after it), errors in argument
     * order. GETs alone read the key ("keymiss" when missing). A write (refused by BITFIELD_RO) creates or
     * grows the key up to the farthest bit written, then the operations run in order: SET replies the old
     * value, INCRBY the new one, an overflow under FAIL replies nil and writes nothing. One "setbit" event
     * follows if there was any SET / INCRBY (6.2, even a failed one), or from 7.0 if one changed a value,
     * or created or grew the key without failing.
     */
    private static Reply bitfieldGeneric(Call c, boolean readOnlyCommand) throws CommandException {
        List<Op> ops = new ArrayList<>();
        int policy = Bitmaps.WRAP;
        boolean readonly = true;
        long highest = 0;
        for (int j = 2; j < c.argc(); j++) {
            int remargs = c.argc() - j - 1;
            byte[] sub = c.arg(j);
            int opcode;
            if (Bytes.eqIgnoreCaseC(sub, "get") && remargs >= 2) opcode = GET;
            else if (Bytes.eqIgnoreCaseC(sub, "set") && remargs >= 3) opcode = SET;
            else if (Bytes.eqIgnoreCaseC(sub, "incrby") && remargs >= 3) opcode = INCRBY;
            else if (Bytes.eqIgnoreCaseC(sub, "overflow") && remargs >= 1) {
                byte[] type = c.arg(++j);
                if (Bytes.eqIgnoreCaseC(type, "wrap")) policy = Bitmaps.WRAP;
                else if (Bytes.eqIgnoreCaseC(type, "sat")) policy = Bitmaps.SAT;
                else if (Bytes.eqIgnoreCaseC(type, "fail")) policy = Bitmaps.FAIL;
                else throw Call.error(Errors.BITFIELD_OVERFLOW_TYPE);
                continue;
            } else {
                throw Call.syntax();
            }
            byte[] typeArg = Bytes.cString(c.arg(j + 1));
            boolean signed;
            if (typeArg.length > 0 && typeArg[0] == 'i') signed = true;
            else if (typeArg.length > 0 && typeArg[0] == 'u') signed = false;
            else throw Call.error(Errors.BITFIELD_TYPE);
            long bits;
            try {
                bits = RedisNumbers.parseLong(Arrays.copyOfRange(typeArg, 1, typeArg.length));
            } catch (RedisNumbers.NotANumber e) {
                throw Call.error(Errors.BITFIELD_TYPE);
            }
            if (bits < 1 || (signed && bits > 64) || (!signed && bits > 63)) throw Call.error(Errors.BITFIELD_TYPE);
            long offset = bitOffset(c, j + 2, true, (int) bits);
            long value = 0;
            if (opcode != GET) {
                readonly = false;
                if (Long.compareUnsigned(highest, offset + bits - 1) < 0) highest = offset + bits - 1;
                value = c.longArg(j + 3);
            }
            ops.add(new Op(opcode, offset, value, policy, (int) bits, signed));
            j += 3 - (opcode == GET ? 1 : 0);
        }

        Target t = null;
        byte[] src;
        if (readonly) {
            src = readBitmap(c, c.arg(1));
        } else {
            if (readOnlyCommand) throw Call.error(Errors.BITFIELD_RO_GET_ONLY);
            t = lookupForWrite(c, highest);
            src = null;
        }

        boolean onlyChanges = c.dialect().has(Quirk.BIT_WRITES_SIGNAL_ONLY_CHANGES);
        Reply[] out = new Reply[ops.size()];
        int changes = 0;
        long[] limit = new long[1];
        for (int j = 0; j < out.length; j++) {
            Op op = ops.get(j);
            if (op.opcode() == GET) {
                byte[] p = t != null ? t.bytes : src;
                out[j] = Reply.integer(readField(p, op.offset(), op.bits(), op.signed()));
                continue;
            }
            long oldval, newval, retval;
            int overflow;
            if (op.signed()) {
                oldval = Bitmaps.getSigned(t.bytes, op.offset(), op.bits());
                if (op.opcode() == INCRBY) {
                    overflow = Bitmaps.signedOverflow(oldval, op.value(), op.bits(), op.policy(), limit);
                    newval = overflow != 0 ? limit[0] : oldval + op.value();
                    retval = newval;
                } else {
                    newval = op.value();
                    overflow = Bitmaps.signedOverflow(newval, 0, op.bits(), op.policy(), limit);
                    if (overflow != 0) newval = limit[0];
                    retval = oldval;
                }
            } else {
                oldval = Bitmaps.getUnsigned(t.bytes, op.offset(), op.bits());
                if (op.opcode() == INCRBY) {
                    newval = oldval + op.value();
                    overflow = Bitmaps.unsignedOverflow(oldval, op.value(), op.bits(), op.policy(), limit);
                    if (overflow != 0) newval = limit[0];
                    retval = newval;
                } else {
                    newval = op.value();
                    overflow = Bitmaps.unsignedOverflow(newval, 0, op.bits(), op.policy(), limit);
                    if (overflow != 0) newval = limit[0];
                    retval = oldval;
                }
            }
            if (overflow != 0 && op.policy() == Bitmaps.FAIL) {
                out[j] = Reply.NIL;
                if (!onlyChanges) changes++; // 6.2 counts every SET / INCRBY, failed or not
                continue;
            }
            out[j] = Reply.integer(retval);
            if (oldval != newval) Bitmaps.set(t.writable(), op.offset(), op.bits(), newval);
            if (!onlyChanges || t.dirty || oldval != newval) changes++;
        }
        if (t != null) {
            t.finish(c.db());
            if (changes > 0) c.modified(t.key, KeyspaceEvents.STRING, "setbit");
        }
        return Reply.array(out);
    }

    /** A GET of BITFIELD: the field read from a zero-padded copy of the (up to) 9 bytes it spans. */
    private static long readField(byte[] p, long offset, int bits, boolean signed) {
        byte[] buf = new byte[9];
        long first = offset >>> 3;
        if (p != null) {
            for (int i = 0; i < 9 && first + i < p.length; i++) buf[i] = p[(int) (first + i)];
        }
        long rel = offset - first * 8;
        return signed ? Bitmaps.getSigned(buf, rel, bits) : Bitmaps.getUnsigned(buf, rel, bits);
    }

    /** This family's command handlers, one object per command and no lambda class each: see {@link OpHandler}. */
    private static final class Dispatch extends OpHandler {
        static final int SETBIT = 0;
        static final int GETBIT = 1;
        static final int BITCOUNT = 2;
        static final int BITPOS = 3;
        static final int BITOP = 4;
        static final int BITFIELD = 5;
        static final int BITFIELD_RO = 6;

        Dispatch(int op) {
            super(op);
        }

        @Override
        public Reply run(Call c) throws CommandException {
            return switch (op) {
                case SETBIT -> setbit(c);
                case GETBIT -> getbit(c);
                case BITCOUNT -> bitcount(c);
                case BITPOS -> bitpos(c);
                case BITOP -> bitop(c);
                case BITFIELD -> bitfield(c);
                case BITFIELD_RO -> bitfieldRo(c);
                default -> throw unknown();
            };
        }
    }
}
