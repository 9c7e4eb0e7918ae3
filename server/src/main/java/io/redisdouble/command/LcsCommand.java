package io.redisdouble.command;

import io.redisdouble.resp.Reply;
import io.redisdouble.util.Bytes;

import java.util.ArrayList;
import java.util.List;

import static io.redisdouble.command.CommandTable.flags;
import static io.redisdouble.command.Flag.*;

/**
 * The longest common subsequence of two strings (t_string.c): LCS key1 key2 (7.0+), and the 6.2 form
 * STRALGO LCS STRINGS a b | KEYS k1 k2, which 7.0 removed. Both take LEN, IDX, MINMATCHLEN n and
 * WITHMATCHLEN, and share Redis's dynamic-programming table and its walk back from the end, so that
 * ties between equally long subsequences break as Redis breaks them.
 */
final class LcsCommand {
    private LcsCommand() {}

    static void register(CommandTable t) {
        if (t.known("lcs")) t.add("lcs", -3, flags(READONLY), 1, 2, 1, new Dispatch(Dispatch.LCS));
        if (t.known("stralgo")) t.add("stralgo", -2, flags(READONLY), 0, 0, 0, new Dispatch(Dispatch.STRALGO));
    }

    private static final byte[] EMPTY = new byte[0];

    /** The options of both forms. */
    private static final class Options {
        boolean len, idx, withMatchLen;
        long minMatchLen;
    }

    /**
     * LCS key1 key2 [LEN] [IDX] [MINMATCHLEN n] [WITHMATCHLEN]: both keys are read first (each missing one
     * is an empty string and notifies "keymiss"; a non-string: "The specified keys must contain string
     * values"), then the options (unknown: syntax error; a negative MINMATCHLEN counts as 0), then LEN
     * with IDX is refused.
     */
    static Reply lcs(Call c) throws CommandException {
        byte[][] ab = read(c, c.arg(1), c.arg(2));
        Options o = new Options();
        for (int j = 3; j < c.argc(); j++) {
            if (!option(c, j, o)) throw Call.syntax();
            if (Bytes.eqIgnoreCaseC(c.arg(j), "minmatchlen")) j++;
        }
        if (o.len && o.idx) throw Call.error(Errors.LCS_LEN_AND_IDX);
        return compute(c, ab[0], ab[1], o, false);
    }

    /** The strings at two keys, as lcsCommand reads them: both looked up (a miss is empty) before the type checks. */
    private static byte[][] read(Call c, byte[] keyA, byte[] keyB) throws CommandException {
        Object va = c.lookupRead(keyA);
        Object vb = c.lookupRead(keyB);
        if ((va != null && !(va instanceof byte[])) || (vb != null && !(vb instanceof byte[]))) {
            throw Call.error(Errors.LCS_KEYS_NOT_STRINGS);
        }
        return new byte[][] {va == null ? EMPTY : (byte[]) va, vb == null ? EMPTY : (byte[]) vb};
    }

    /** One of IDX, LEN, WITHMATCHLEN, MINMATCHLEN n at argument j (parsed into {@code o}); false if it is none. */
    private static boolean option(Call c, int j, Options o) throws CommandException {
        byte[] opt = c.arg(j);
        boolean more = j < c.argc() - 1;
        if (Bytes.eqIgnoreCaseC(opt, "idx")) o.idx = true;
        else if (Bytes.eqIgnoreCaseC(opt, "len")) o.len = true;
        else if (Bytes.eqIgnoreCaseC(opt, "withmatchlen")) o.withMatchLen = true;
        else if (Bytes.eqIgnoreCaseC(opt, "minmatchlen") && more) {
            o.minMatchLen = Math.max(0, c.longArg(j + 1));
        } else {
            return false;
        }
        return true;
    }

    /**
     * STRALGO LCS [options] STRINGS a b | KEYS k1 k2 (6.2): any algorithm but LCS is a syntax error.
     * Options and the strings are read in one pass, in order (a second STRINGS / KEYS: "Either use
     * STRINGS or KEYS"; KEYS reads both keys then checks their types); neither given: "Please specify two
     * strings: STRINGS or KEYS options are mandatory"; then LEN with IDX is refused.
     */
    static Reply stralgo(Call c) throws CommandException {
        if (!Bytes.eqIgnoreCaseC(c.arg(1), "lcs")) throw Call.syntax();
        Options o = new Options();
        byte[] a = null, b = null;
        for (int j = 2; j < c.argc(); j++) {
            byte[] opt = c.arg(j);
            int more = c.argc() - 1 - j;
            if (Bytes.eqIgnoreCaseC(opt, "strings") && more > 1) {
                if (a != null) throw Call.error(Errors.STRALGO_STRINGS_OR_KEYS);
                a = c.arg(j + 1);
                b = c.arg(j + 2);
                j += 2;
            } else if (Bytes.eqIgnoreCaseC(opt, "keys") && more > 1) {
                if (a != null) throw Call.error(Errors.STRALGO_STRINGS_OR_KEYS);
                byte[][] ab = read(c, c.arg(j + 1), c.arg(j + 2));
                a = ab[0];
                b = ab[1];
                j += 2;
            } else if (option(c, j, o)) {
                if (Bytes.eqIgnoreCaseC(opt, "minmatchlen")) j++;
            } else {
                throw Call.syntax();
            }
        }
        if (a == null) throw Call.error(Errors.STRALGO_NEEDS_STRINGS);
        if (o.len && o.idx) throw Call.error(Errors.LCS_LEN_AND_IDX);
        return compute(c, a, b, o, true);
    }

    /**
     * lcsGetKeys (6.2's COMMAND GETKEYS STRALGO …): the two arguments after the first KEYS that has two
     * after it, unless STRINGS comes before it; none otherwise.
     */
    static int[] stralgoKeyPositions(byte[][] cmd) {
        for (int i = 1; i < cmd.length; i++) {
            if (Bytes.eqIgnoreCaseC(cmd[i], "strings")) break;
            if (Bytes.eqIgnoreCaseC(cmd[i], "keys") && cmd.length - 1 - i >= 2) return new int[] {i + 1, i + 2};
        }
        return new int[0];
    }

    /**
     * The table LCS(i, j) for the prefixes a[0, i) and b[0, j), then the walk back from (alen, blen): on
     * equal bytes the byte is taken and the current match range extended, otherwise the walk moves to
     * the larger neighbour, to (i, j - 1) on a tie. Ranges are emitted (newest first)
     * when they end, if at least MINMATCHLEN long. The table must fit in proto-max-bulk-len bytes
     * (7.0+).
     */
    private static Reply compute(Call c, byte[] a, byte[] b, Options o, boolean stralgo) throws CommandException {
        int alen = a.length, blen = b.length;
        long size = (long) (alen + 1) * (blen + 1);
        if (!stralgo && size * 4 > c.engine.config().protoMaxBulkLen()) throw Call.error(Errors.LCS_EXCEEDS_PROTO_MAX_BULK_LEN);
        int[] lcs;
        try {
            if (size > Integer.MAX_VALUE - 8) throw new OutOfMemoryError();
            lcs = new int[(int) size];
        } catch (OutOfMemoryError e) {
            throw Call.error(stralgo ? Errors.STRALGO_INSUFFICIENT_MEMORY : Errors.LCS_ALLOCATION_FAILED);
        }
        int w = blen + 1;
        for (int i = 1; i <= alen; i++) {
            byte ai = a[i - 1];
            int row = i * w, prev = (i - 1) * w;
            for (int j = 1; j <= blen; j++) {
                if (ai == b[j - 1]) {
                    lcs[row + j] = lcs[prev + j - 1] + 1;
                } else {
                    int up = lcs[prev + j], left = lcs[row + j - 1];
                    lcs[row + j] = Math.max(up, left);
                }
            }
        }
        int total = lcs[alen * w + blen];
        if (o.len && !o.idx) return Reply.integer(total);

        byte[] result = new byte[total];
        int idx = total;
        List<Reply> matches = new ArrayList<>();
        int aStart = alen, aEnd = 0, bStart = 0, bEnd = 0; // aStart == alen: no range open
        int i = alen, j = blen;
        while (i > 0 && j > 0) {
            boolean emit = false;
            if (a[i - 1] == b[j - 1]) {
                result[idx - 1] = a[i - 1];
                if (aStart == alen) {
                    aStart = aEnd = i - 1;
                    bStart = bEnd = j - 1;
                } else if (aStart == i && bStart == j) {
                    aStart--;
                    bStart--;
                } else {
                    emit = true;
                }
                if (aStart == 0 || bStart == 0) emit = true;
                idx--;
                i--;
                j--;
            } else {
                int up = lcs[(i - 1) * w + j], left = lcs[i * w + j - 1];
                if (up > left) i--;
                else j--;
                if (aStart != alen) emit = true;
            }
            long matchLen = (aEnd - aStart + 1) & 0xffffffffL;
            if (emit) {
                if (o.idx && (o.minMatchLen == 0 || matchLen >= o.minMatchLen)) {
                    Reply ra = Reply.array(Reply.integer(aStart), Reply.integer(aEnd));
                    Reply rb = Reply.array(Reply.integer(bStart), Reply.integer(bEnd));
                    matches.add(o.withMatchLen ? Reply.array(ra, rb, Reply.integer(matchLen)) : Reply.array(ra, rb));
                }
                aStart = alen;
            }
        }
        if (o.idx) {
            return Reply.map(Reply.bulk("matches"), Reply.array(matches), Reply.bulk("len"), Reply.integer(total));
        }
        return Reply.bulk(result);
    }

    /** This family's command handlers, one object per command and no lambda class each: see {@link OpHandler}. */
    private static final class Dispatch extends OpHandler {
        static final int LCS = 0;
        static final int STRALGO = 1;

        Dispatch(int op) {
            super(op);
        }

        @Override
        public Reply run(Call c) throws CommandException {
            return switch (op) {
                case LCS -> lcs(c);
                case STRALGO -> stralgo(c);
                default -> throw unknown();
            };
        }
    }
}
