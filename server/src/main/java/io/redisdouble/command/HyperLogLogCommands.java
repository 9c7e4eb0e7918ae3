package io.redisdouble.command;

import io.redisdouble.dialect.Quirk;
import io.redisdouble.hll.Hll;
import io.redisdouble.hll.HllWork;
import io.redisdouble.keyspace.Database;
import io.redisdouble.keyspace.Dict;
import io.redisdouble.keyspace.KeyspaceEvents;
import io.redisdouble.resp.Reply;

import java.util.Arrays;
import java.util.SplittableRandom;

import static io.redisdouble.command.CommandTable.flags;
import static io.redisdouble.command.Flag.*;

/**
 * HyperLogLog (hyperloglog.c): PFADD, PFCOUNT, PFMERGE, PFDEBUG, PFSELFTEST.
 *
 * <p>An HLL is a plain string value holding Redis's exact representation ({@link Hll}), so GET, SET,
 * APPEND, DUMP… see the same bytes as in Redis, and a value written by Redis works here. Stored strings
 * are never mutated: edits go through {@link HllWork} (copy on the first change) and the result is
 * stored back, keeping the TTL. Like dbUnshareStringValue, every PF* command that finds a valid HLL
 * leaves it "raw" for OBJECT ENCODING.
 *
 * <p>Events: PFADD and PFMERGE notify "pfadd" (class $) when they write; PFCOUNT of one key writes the
 * cached cardinality into the header and signals the key as modified (WATCH) without an event. PFCOUNT
 * of one key looks it up as a read (a miss notifies "keymiss") from 7.0, for writing in 6.2
 * ({@link Quirk#SOURCE_KEYS_READ_WITH_KEYMISS}); PFCOUNT of several keys and PFMERGE's sources are
 * reads in every version.
 */
final class HyperLogLogCommands {
    private HyperLogLogCommands() {}

    static void register(CommandTable t) {
        t.add("pfadd", -2, flags(WRITE, DENYOOM, FAST), 1, 1, 1, new Dispatch(Dispatch.PFADD));
        t.add("pfcount", -2, flags(READONLY, MAY_REPLICATE), 1, -1, 1, new Dispatch(Dispatch.PFCOUNT));
        t.add("pfmerge", -2, flags(WRITE, DENYOOM), 1, -1, 1, new Dispatch(Dispatch.PFMERGE));
        t.add("pfdebug", -3, flags(WRITE, DENYOOM, ADMIN), 2, 2, 1, new Dispatch(Dispatch.PFDEBUG));
        t.add("pfselftest", 1, flags(ADMIN), new Dispatch(Dispatch.PFSELFTEST));
    }

    /** Per-thread work arrays (Redis keeps them on the stack): the merged registers and the histogram. */
    private static final class Scratch {
        final byte[] max = new byte[Hll.REGISTERS];
        final int[] histo = new int[64];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static long sparseMaxBytes(Call c) {
        return c.engine.config().hllSparseMaxBytes();
    }

    /**
     * isHLLObjectOrReply: WRONGTYPE for a non-string, "WRONGTYPE Key is not a valid HyperLogLog string
     * value." for a string that does not look like an HLL.
     */
    private static byte[] hll(Object v) throws CommandException {
        if (!(v instanceof byte[] b)) throw Call.wrongType();
        if (!Hll.isValid(b)) throw Call.error(Errors.HLL_NOT_VALID);
        return b;
    }

    /** Stores an edited value in place of the old one (TTL kept), raw as Redis's in-place edits leave it. */
    private static void store(Call c, byte[] key, byte[] value) {
        Database db = c.db();
        Dict.Entry e = db.set(key, value, true, c.now);
        db.stringForm(e, Database.STRING_RAW);
    }

    /** An HllWork on {@code value} with the server's hll-sparse-max-bytes and the dialect's overflow rule. */
    private static HllWork work(Call c, byte[] value) {
        return new HllWork(value, sparseMaxBytes(c), overflowIsCorrupt(c));
    }

    private static boolean overflowIsCorrupt(Call c) {
        return c.dialect().has(io.redisdouble.dialect.Quirk.HLL_SPARSE_OVERFLOW_IS_CORRUPT);
    }

    /** PFADD key [element ...]: 1 if the key was created or a register changed, else 0. */
    static Reply pfadd(Call c) throws CommandException {
        byte[] key = c.arg(1);
        Database db = c.db();
        Dict.Entry e = db.lookup(key, c.now);
        int updated = 0;
        HllWork w;
        if (e == null) {
            w = work(c, Hll.createSparse());
            updated++;
        } else {
            byte[] v = hll(e.value());
            db.stringForm(e, Database.STRING_RAW);
            w = work(c, v);
        }
        for (int j = 2; j < c.argc(); j++) {
            int r = w.add(c.arg(j));
            if (r == 1) {
                updated++;
            } else if (r < 0) {
                // Redis edits in place: what changed before the corrupt part stays, without an event.
                if (e == null) db.add(key, w.value());
                else if (w.changed()) store(c, key, w.value());
                throw Call.error(Errors.HLL_INVALID_OBJECT);
            }
        }
        if (updated > 0) w.invalidateCache();
        if (e == null) {
            Dict.Entry added = db.add(key, w.value());
            db.stringForm(added, Database.STRING_RAW);
        } else if (w.changed()) {
            store(c, key, w.value());
        }
        if (updated > 0) {
            db.modified(key, KeyspaceEvents.STRING, "pfadd");
            c.engine.stats().dirty += updated - 1; // server.dirty += updated (the creation counts too)
        }
        return updated > 0 ? Reply.ONE : Reply.ZERO;
    }

    /**
     * PFCOUNT key [key ...]. One key: the cached cardinality, or the estimate, which is then cached in the
     * value (a write of the header: the key is signalled as modified, no event). Several keys: the
     * estimate of their union, nothing cached; missing keys count as empty HLLs.
     */
    static Reply pfcount(Call c) throws CommandException {
        if (c.argc() > 2) {
            Scratch s = SCRATCH.get();
            byte[] max = s.max;
            Arrays.fill(max, (byte) 0);
            for (int j = 1; j < c.argc(); j++) {
                Object o = c.lookupRead(c.arg(j));
                if (o == null) continue;
                if (!Hll.mergeInto(max, hll(o), overflowIsCorrupt(c))) throw Call.error(Errors.HLL_INVALID_OBJECT);
            }
            return Reply.integer(Hll.countRaw(max, s.histo));
        }
        byte[] key = c.arg(1);
        Database db = c.db();
        Object o = c.dialect().has(Quirk.SOURCE_KEYS_READ_WITH_KEYMISS) ? c.lookupRead(key) : db.get(key, c.now);
        if (o == null) return Reply.ZERO;
        byte[] v = hll(o);
        Dict.Entry e = db.lookupNoTouch(key, c.now);
        db.stringForm(e, Database.STRING_RAW);
        if (Hll.cacheValid(v)) return Reply.integer(Hll.cachedCard(v));
        long card = Hll.count(v, SCRATCH.get().histo);
        if (card < 0) throw Call.error(Errors.HLL_INVALID_OBJECT);
        byte[] copy = v.clone();
        Hll.setCachedCard(copy, card);
        store(c, key, copy);
        db.touched(key);
        return Reply.integer(card);
    }

    /**
     * PFMERGE destkey [sourcekey ...]: the destination (created if missing, and itself one of the
     * sources) gets the register-wise maximum of all; it turns dense if any source is dense, else stays
     * sparse as long as hll-sparse-max-bytes allows. Always "pfadd" and OK.
     */
    static Reply pfmerge(Call c) throws CommandException {
        Scratch s = SCRATCH.get();
        byte[] max = s.max;
        Arrays.fill(max, (byte) 0);
        boolean useDense = false;
        for (int j = 1; j < c.argc(); j++) {
            Object o = c.lookupRead(c.arg(j));
            if (o == null) continue;
            byte[] v = hll(o);
            if (Hll.isDense(v)) useDense = true;
            if (!Hll.mergeInto(max, v, overflowIsCorrupt(c))) throw Call.error(Errors.HLL_INVALID_OBJECT);
        }
        byte[] key = c.arg(1);
        Database db = c.db();
        Dict.Entry e = db.lookup(key, c.now);
        HllWork w = work(c, e == null ? Hll.createSparse() : (byte[]) e.value());
        if (e == null) {
            e = db.add(key, w.value());
        }
        db.stringForm(e, Database.STRING_RAW);
        if (useDense && !w.toDense()) throw Call.error(Errors.HLL_INVALID_OBJECT);
        for (int j = 0; j < Hll.REGISTERS; j++) {
            if (max[j] != 0) w.set(j, max[j]);
        }
        w.invalidateCache();
        if (w.changed()) store(c, key, w.value());
        db.modified(key, KeyspaceEvents.STRING, "pfadd");
        return Reply.OK;
    }

    /**
     * PFDEBUG GETREG|DECODE|ENCODING|TODENSE key. The key is looked up (for writing) and checked first;
     * GETREG and TODENSE turn a sparse value dense in place (no event, no WATCH signal, as in Redis).
     */
    static Reply pfdebug(Call c) throws CommandException {
        byte[] key = c.arg(2);
        Database db = c.db();
        Dict.Entry e = db.lookup(key, c.now);
        if (e == null) throw Call.error(Errors.HLL_DEBUG_NO_KEY);
        byte[] v = hll(e.value());
        db.stringForm(e, Database.STRING_RAW);
        String sub = c.lower(1);
        switch (sub) {
            case "getreg" -> {
                if (c.argc() != 3) throw Call.error(Errors.hllDebugArity(c.arg(1)));
                if (!Hll.isDense(v)) {
                    HllWork w = work(c, v);
                    if (!w.toDense()) throw Call.error(Errors.HLL_INVALID_OBJECT);
                    v = w.value();
                    store(c, key, v);
                }
                Reply[] regs = new Reply[Hll.REGISTERS];
                for (int j = 0; j < Hll.REGISTERS; j++) regs[j] = Reply.integer(Hll.denseGet(v, j));
                return Reply.array(regs);
            }
            case "decode" -> {
                if (c.argc() != 3) throw Call.error(Errors.hllDebugArity(c.arg(1)));
                if (Hll.isDense(v)) throw Call.error(Errors.HLL_NOT_SPARSE);
                return Reply.bulk(decode(v));
            }
            case "encoding" -> {
                if (c.argc() != 3) throw Call.error(Errors.hllDebugArity(c.arg(1)));
                return Reply.simple(Hll.isDense(v) ? "dense" : "sparse");
            }
            case "todense" -> {
                if (c.argc() != 3) throw Call.error(Errors.hllDebugArity(c.arg(1)));
                if (Hll.isDense(v)) return Reply.ZERO;
                HllWork w = work(c, v);
                if (!w.toDense()) throw Call.error(Errors.HLL_INVALID_OBJECT);
                store(c, key, w.value());
                return Reply.ONE;
            }
            default -> throw Call.error(Errors.hllDebugUnknown(c.arg(1)));
        }
    }

    /** PFDEBUG DECODE's text: "z:len", "Z:len", "v:value,len" per opcode, space separated. */
    private static String decode(byte[] v) {
        StringBuilder sb = new StringBuilder();
        int p = Hll.HDR_SIZE;
        while (p < v.length) {
            int op = v[p] & 0xff;
            if ((op & 0xc0) == 0) {
                sb.append("z:").append((op & 0x3f) + 1).append(' ');
                p++;
            } else if ((op & 0xc0) == 0x40) {
                int second = p + 1 < v.length ? v[p + 1] & 0xff : 0;
                sb.append("Z:").append((((op & 0x3f) << 8) | second) + 1).append(' ');
                p += 2;
            } else {
                sb.append("v:").append(((op >>> 2) & 0x1f) + 1).append(',').append((op & 3) + 1).append(' ');
                p++;
            }
        }
        int n = sb.length();
        while (n > 0 && sb.charAt(n - 1) == ' ') n--;
        sb.setLength(n);
        return sb.toString();
    }

    /**
     * PFSELFTEST: Redis's two self tests, with the server's seeded random source. Register access: 1000
     * rounds of random values written and read back through the dense packing. Estimation: ten million
     * distinct elements added to a dense and a sparse HLL, which must agree, stay sparse while small, and
     * stay within six standard errors at every power of ten.
     */
    static Reply pfselftest(Call c) throws CommandException {
        SplittableRandom rnd = c.engine.random();
        byte[] dense = new byte[Hll.DENSE_SIZE];
        int[] bytes = new int[Hll.REGISTERS];
        for (int round = 0; round < 1000; round++) {
            for (int i = 0; i < Hll.REGISTERS; i++) {
                int r = rnd.nextInt() & Hll.REGISTER_MAX;
                bytes[i] = r;
                Hll.denseSet(dense, i, r);
            }
            for (int i = 0; i < Hll.REGISTERS; i++) {
                int val = Hll.denseGet(dense, i);
                if (val != bytes[i]) {
                    throw Call.error(Errors.hllSelftestRegister(i, bytes[i], val));
                }
            }
        }
        dense = new byte[Hll.DENSE_SIZE];
        dense[0] = 'H';
        dense[1] = 'Y';
        dense[2] = 'L';
        dense[3] = 'L';
        HllWork d = work(c, dense);
        HllWork sparse = work(c, Hll.createSparse());
        int[] histo = new int[64];
        double relerr = 1.04 / Math.sqrt(Hll.REGISTERS);
        long checkpoint = 1;
        long seed = rnd.nextLong();
        byte[] ele = new byte[8];
        for (long j = 1; j <= 10_000_000L; j++) {
            long x = j ^ seed;
            for (int k = 0; k < 8; k++) ele[k] = (byte) (x >>> (8 * k));
            d.add(ele);
            sparse.add(ele);
            if (j != checkpoint) continue;
            if (j < sparseMaxBytes(c) / 2 && sparse.isDense()) throw Call.error(Errors.HLL_SELFTEST_NOT_SPARSE);
            long cd = Hll.count(d.value(), histo);
            if (cd != Hll.count(sparse.value(), histo)) throw Call.error(Errors.HLL_SELFTEST_DISAGREE);
            long abserr = Math.abs(checkpoint - cd);
            long maxerr = (long) Math.ceil(relerr * 6 * checkpoint);
            if (j == 10) maxerr = 1;
            if (abserr > maxerr) {
                throw Call.error(Errors.hllSelftestError(checkpoint, abserr));
            }
            checkpoint *= 10;
        }
        return Reply.OK;
    }

    /** This family's command handlers, one object per command and no lambda class each: see {@link OpHandler}. */
    private static final class Dispatch extends OpHandler {
        static final int PFADD = 0;
        static final int PFCOUNT = 1;
        static final int PFMERGE = 2;
        static final int PFDEBUG = 3;
        static final int PFSELFTEST = 4;

        Dispatch(int op) {
            super(op);
        }

        @Override
        public Reply run(Call c) throws CommandException {
            return switch (op) {
                case PFADD -> pfadd(c);
                case PFCOUNT -> pfcount(c);
                case PFMERGE -> pfmerge(c);
                case PFDEBUG -> pfdebug(c);
                case PFSELFTEST -> pfselftest(c);
                default -> throw unknown();
            };
        }
    }
}
