package io.redisdouble.command;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.dialect.Quirk;
import io.redisdouble.keyspace.Database;
import io.redisdouble.keyspace.KeyspaceEvents;
import io.redisdouble.resp.Reply;
import io.redisdouble.stream.RedisStream;
import io.redisdouble.stream.RedisStream.Consumer;
import io.redisdouble.stream.RedisStream.Group;
import io.redisdouble.stream.RedisStream.Nack;
import io.redisdouble.stream.StreamId;
import io.redisdouble.util.Bytes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.redisdouble.command.CommandTable.flags;
import static io.redisdouble.command.Flag.*;

/**
 * Streams and consumer groups (t_stream.c): XADD, XLEN, XRANGE, XREVRANGE, XDEL, XTRIM, XSETID, XREAD,
 * XREADGROUP, XGROUP (CREATE, SETID, DESTROY, CREATECONSUMER, DELCONSUMER, HELP), XACK, XPENDING,
 * XCLAIM, XAUTOCLAIM, XINFO (STREAM, GROUPS, CONSUMERS, HELP); XREAD / XREADGROUP BLOCK through
 * {@link Blocking}.
 *
 * <p>Each command parses and checks its arguments in the order its C function does, so errors come
 * in Redis's precedence. IDs ("*", "ms-*"), delivery times and idle times come from the command's
 * clock ({@link Call#now}). Events: "xadd", "xtrim", "xdel", "xsetid", "xgroup-create",
 * "xgroup-setid", "xgroup-destroy", "xgroup-createconsumer" (also when XREADGROUP / XCLAIM /
 * XAUTOCLAIM create a consumer, 7.0), "xgroup-delconsumer". As in Redis, only XADD, XTRIM, XDEL and a
 * MKSTREAM creation touch the key for WATCH; XGROUP DESTROY wakes blocked XREADGROUP clients.
 *
 * <p>Blocking: a client blocked in XREAD is served when an entry above its ID arrives; in XREADGROUP
 * {@code >} when one arrives above its group's last delivered ID. A group destroyed, or the key deleted
 * or overwritten by another type, wakes XREADGROUP clients with an error (7.0:
 * "-NOGROUP the consumer group this client was blocked on no longer exists" / "-UNBLOCKED the stream
 * key no longer exists"; 7.2 runs the command again, {@link Quirk#STREAM_BLOCKED_COMMAND_REPROCESSED}).
 */
final class StreamCommands {
    private StreamCommands() {}

    static void register(CommandTable t) {
        t.add("xadd", t.catalogArity("xadd", -5), flags(WRITE, DENYOOM, FAST), 1, 1, 1, new Dispatch(Dispatch.XADD));
        t.add("xrange", t.catalogArity("xrange", -4), flags(READONLY), 1, 1, 1, new Dispatch(Dispatch.XRANGE));
        t.add("xrevrange", t.catalogArity("xrevrange", -4), flags(READONLY), 1, 1, 1, new Dispatch(Dispatch.XREVRANGE));
        t.add("xlen", 2, flags(READONLY, FAST), 1, 1, 1, new Dispatch(Dispatch.XLEN));
        t.add("xread", t.catalogArity("xread", -4), flags(READONLY, BLOCKING), 0, 0, 0, new Dispatch(Dispatch.XREAD));
        t.add("xreadgroup", t.catalogArity("xreadgroup", -7), flags(WRITE, BLOCKING), 0, 0, 0, new Dispatch(Dispatch.XREADGROUP));
        t.add("xdel", t.catalogArity("xdel", -3), flags(WRITE, FAST), 1, 1, 1, new Dispatch(Dispatch.XDEL));
        t.add("xtrim", t.catalogArity("xtrim", -4), flags(WRITE), 1, 1, 1, new Dispatch(Dispatch.XTRIM));
        t.add("xsetid", t.catalogArity("xsetid", -3), flags(WRITE, DENYOOM, FAST), 1, 1, 1, new Dispatch(Dispatch.XSETID));
        t.add("xack", t.catalogArity("xack", -4), flags(WRITE, FAST), 1, 1, 1, new Dispatch(Dispatch.XACK));
        t.add("xpending", t.catalogArity("xpending", -3), flags(READONLY), 1, 1, 1, new Dispatch(Dispatch.XPENDING));
        t.add("xclaim", t.catalogArity("xclaim", -6), flags(WRITE, FAST), 1, 1, 1, new Dispatch(Dispatch.XCLAIM));
        if (t.known("xautoclaim")) {
            t.add("xautoclaim", t.catalogArity("xautoclaim", -6), flags(WRITE, FAST), 1, 1, 1, new Dispatch(Dispatch.XAUTOCLAIM));
        }
        CommandSpec xgroup = t.add("xgroup", -2, flags(), new Dispatch(Dispatch.XGROUP_CONTAINER));
        xgroup.sub("create", t.catalogArity("xgroup|create", -2), flags(WRITE, DENYOOM), new Dispatch(Dispatch.XGROUP));
        xgroup.sub("setid", t.catalogArity("xgroup|setid", -2), flags(WRITE), new Dispatch(Dispatch.XGROUP));
        xgroup.sub("destroy", t.catalogArity("xgroup|destroy", -2), flags(WRITE), new Dispatch(Dispatch.XGROUP));
        xgroup.sub("createconsumer", t.catalogArity("xgroup|createconsumer", -2), flags(WRITE, DENYOOM), new Dispatch(Dispatch.XGROUP));
        xgroup.sub("delconsumer", t.catalogArity("xgroup|delconsumer", -2), flags(WRITE), new Dispatch(Dispatch.XGROUP));
        xgroup.sub("help", t.catalogArity("xgroup|help", -2), flags(LOADING, STALE), new Dispatch(Dispatch.XGROUP));
        CommandSpec xinfo = t.add("xinfo", -2, flags(), new Dispatch(Dispatch.XINFO_CONTAINER));
        xinfo.sub("consumers", t.catalogArity("xinfo|consumers", -2), flags(READONLY), new Dispatch(Dispatch.XINFO));
        xinfo.sub("groups", t.catalogArity("xinfo|groups", -2), flags(READONLY), new Dispatch(Dispatch.XINFO));
        xinfo.sub("stream", t.catalogArity("xinfo|stream", -2), flags(READONLY), new Dispatch(Dispatch.XINFO));
        xinfo.sub("help", t.catalogArity("xinfo|help", -2), flags(LOADING, STALE), new Dispatch(Dispatch.XINFO));
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private static RedisStream read(Call c, byte[] key) throws CommandException {
        return c.getTypedRead(key, RedisStream.class);
    }

    private static RedisStream write(Call c, byte[] key) throws CommandException {
        return c.getTyped(key, RedisStream.class);
    }

    /** streamParseIDOrReply / streamParseStrictIDOrReply. */
    static StreamId parseId(byte[] arg, long missingSeq, boolean strict) throws CommandException {
        try {
            return StreamId.parse(arg, missingSeq, strict);
        } catch (StreamId.Invalid e) {
            throw Call.error(Errors.INVALID_STREAM_ID);
        }
    }

    /**
     * streamParseIntervalIDOrReply plus the exclusive-bound step: "(id" (more than one byte) is parsed
     * strictly and moved one ID inwards ("invalid start/end ID for the interval" at the edge).
     */
    private static StreamId intervalId(byte[] arg, long missingSeq, boolean start) throws CommandException {
        boolean exclude = arg.length > 1 && arg[0] == '(';
        if (!exclude) return parseId(arg, missingSeq, false);
        StreamId id = parseId(Arrays.copyOfRange(arg, 1, arg.length), missingSeq, true);
        StreamId moved = start ? id.next() : id.prev();
        if (moved == null) throw Call.error(start ? Errors.XRANGE_INVALID_START : Errors.XRANGE_INVALID_END);
        return moved;
    }

    static Reply entry(StreamId id, byte[][] fv) {
        Reply[] f = new Reply[fv.length];
        for (int i = 0; i < fv.length; i++) f[i] = Reply.bulk(fv[i]);
        return Reply.array(Reply.bulk(id.bytes()), Reply.array(f));
    }

    private static Reply id(StreamId id) {
        return Reply.bulk(id.bytes());
    }

    /** The live entries start..end (inclusive), at most {@code count} (0 = all), as replies. */
    static List<Reply> range(RedisStream s, StreamId start, StreamId end, long count, boolean rev) {
        List<Reply> out = new ArrayList<>();
        s.range(start, end, rev, (id, fv) -> {
            out.add(entry(id, fv));
            return count == 0 || out.size() < count;
        });
        return out;
    }

    private static long nodeMaxBytes(Call c) {
        return parseConfigLong(c.engine.config().get("stream-node-max-bytes"));
    }

    private static long nodeMaxEntries(Call c) {
        return parseConfigLong(c.engine.config().get("stream-node-max-entries"));
    }

    private static long parseConfigLong(String v) {
        try {
            return v == null ? 0 : Long.parseLong(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Notifies {@code event} (class t) about {@code key} without touching it for WATCH. */
    private static void event(Database db, String event, byte[] key) {
        db.notifyEvent(KeyspaceEvents.STREAM, event, key);
    }

    // ---- XADD / XTRIM ---------------------------------------------------------------------------------

    /** streamAddTrimArgs. */
    /**
     * After MAXLEN or MINID (one strategy only): the optional "~" (approximate) or "=" marker; returns
     * the index before the threshold.
     */
    private static int trimMarker(Call c, int i, int moreargs, TrimArgs a) throws CommandException {
        if (a.strategy != 0) throw Call.error(Errors.XADD_MAXLEN_AND_MINID);
        a.approx = false;
        byte[] next = c.arg(i + 1);
        if (moreargs >= 2 && isOneChar(next, '~')) {
            a.approx = true;
            return i + 1;
        }
        return moreargs >= 2 && isOneChar(next, '=') ? i + 1 : i;
    }

    private static final class TrimArgs {
        int idPos;
        StreamId id;
        boolean idGiven;
        boolean seqGiven = true;
        boolean noMkstream;
        int strategy; // 0 none, 1 maxlen, 2 minid
        boolean approx;
        long limit;
        long maxlen;
        StreamId minid;
    }

    /** streamParseAddOrTrimArgsOrReply. */
    private static TrimArgs parseAddTrim(Call c, boolean xadd) throws CommandException {
        TrimArgs a = new TrimArgs();
        boolean limitGiven = false;
        int i = 2;
        for (; i < c.argc(); i++) {
            int moreargs = c.argc() - 1 - i;
            byte[] opt = c.arg(i);
            if (xadd && opt.length >= 1 && opt[0] == '*' && (opt.length == 1 || opt[1] == 0)) {
                break;
            } else if (Bytes.eqIgnoreCaseC(opt, "maxlen") && moreargs > 0) {
                i = trimMarker(c, i, moreargs, a);
                a.maxlen = c.longArg(i + 1);
                if (a.maxlen < 0) throw Call.error(Errors.XADD_MAXLEN_NEGATIVE);
                i++;
                a.strategy = 1;
            } else if (Bytes.eqIgnoreCaseC(opt, "minid") && moreargs > 0) {
                i = trimMarker(c, i, moreargs, a);
                a.minid = parseId(c.arg(i + 1), 0, true);
                i++;
                a.strategy = 2;
            } else if (Bytes.eqIgnoreCaseC(opt, "limit") && moreargs > 0) {
                a.limit = c.longArg(i + 1);
                if (a.limit < 0) throw Call.error(Errors.XADD_LIMIT_NEGATIVE);
                limitGiven = true;
                i++;
            } else if (xadd && Bytes.eqIgnoreCaseC(opt, "nomkstream")) {
                a.noMkstream = true;
            } else if (xadd) {
                try {
                    StreamId.Parsed p = StreamId.parse(opt, 0, true, c.dialect().has(Quirk.XADD_SEQUENCE_WILDCARD));
                    a.id = p.id();
                    a.seqGiven = p.seqGiven();
                } catch (StreamId.Invalid e) {
                    throw Call.error(Errors.INVALID_STREAM_ID);
                }
                a.idGiven = true;
                break;
            } else {
                throw Call.syntax();
            }
        }
        a.idPos = i;
        if (a.limit != 0 && a.strategy == 0) throw Call.error(Errors.XADD_LIMIT_WITHOUT_STRATEGY);
        if (!xadd && a.strategy == 0) throw Call.error(Errors.XTRIM_WITHOUT_STRATEGY);
        if (limitGiven) {
            if (!a.approx) throw Call.error(Errors.XADD_LIMIT_WITHOUT_APPROX);
        } else if (a.approx) {
            long l = 100 * nodeMaxEntries(c);
            if (c.dialect().has(Quirk.STREAM_ENTRIES_TRACKING)) {
                if (l <= 0) l = 10000;
                if (l > 1000000) l = 1000000;
            }
            a.limit = l;
        } else {
            a.limit = 0;
        }
        return a;
    }

    private static boolean isOneChar(byte[] b, char ch) {
        return b.length >= 1 && b[0] == ch && (b.length == 1 || b[1] == 0);
    }

    private static long trim(RedisStream s, TrimArgs a) {
        if (a.strategy == 0) return 0;
        return s.trim(a.maxlen, a.strategy == 2 ? a.minid : null, a.approx, a.limit);
    }

    /** XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] *|id field value [field value …]. */
    static Reply xadd(Call c) throws CommandException {
        TrimArgs a = parseAddTrim(c, true);
        int fieldPos = a.idPos + 1;
        int nfv = c.argc() - fieldPos;
        if (nfv < 2 || nfv % 2 == 1) throw Call.error(Errors.xaddArity(c.dialect()));
        if (a.idGiven && a.seqGiven && a.id.isZero()) throw Call.error(Errors.XADD_ID_ZERO);
        byte[] key = c.arg(1);
        RedisStream s = write(c, key);
        boolean created = false;
        if (s == null) {
            if (a.noMkstream) return Reply.NIL;
            s = new RedisStream();
            created = true;
        }
        if (s.lastId().isMax()) throw Call.error(Errors.XADD_EXHAUSTED);
        StreamId id;
        StreamId last = s.lastId();
        if (a.idGiven) {
            if (a.seqGiven) {
                id = a.id;
            } else if (last.ms() == a.id.ms()) {
                if (last.seq() == -1L) {
                    // 7.0 leaves errno unset here, and the C_ERR reads as "too large"
                    throw Call.error(c.dialect().has(Quirk.XADD_SEQUENCE_OVERFLOW_IS_EDOM) ? Errors.XADD_ID_TOO_SMALL
                            : Errors.XADD_TOO_LARGE);
                }
                id = new StreamId(last.ms(), last.seq() + 1);
            } else {
                id = a.id;
            }
        } else {
            long ms = c.now;
            if (Long.compareUnsigned(ms, last.ms()) > 0) id = new StreamId(ms, 0);
            else {
                id = last.next();
                if (id == null) id = StreamId.MIN;
            }
        }
        if (id.compareTo(last) <= 0) throw Call.error(Errors.XADD_ID_TOO_SMALL);
        byte[][] fv = Arrays.copyOfRange(c.argv, fieldPos, c.argc());
        if (created) c.db().add(key, s);
        s.append(id, fv, nodeMaxBytes(c), nodeMaxEntries(c));
        c.modified(key, KeyspaceEvents.STREAM, "xadd");
        if (trim(s, a) > 0) event(c.db(), "xtrim", key);
        return id(id);
    }

    /** XTRIM key MAXLEN|MINID [=|~] threshold [LIMIT count] → entries removed. */
    static Reply xtrim(Call c) throws CommandException {
        TrimArgs a = parseAddTrim(c, false);
        byte[] key = c.arg(1);
        RedisStream s = write(c, key);
        if (s == null) return Reply.ZERO;
        long deleted = trim(s, a);
        if (deleted > 0) {
            event(c.db(), "xtrim", key);
            c.db().touched(key);
        }
        return Reply.integer(deleted);
    }

    // ---- reads ----------------------------------------------------------------------------------------

    /** XRANGE key start end [COUNT n] / XREVRANGE key end start [COUNT n]: IDs and COUNT before the key. */
    static Reply xrange(Call c, boolean rev) throws CommandException {
        byte[] startArg = rev ? c.arg(3) : c.arg(2);
        byte[] endArg = rev ? c.arg(2) : c.arg(3);
        StreamId start = intervalId(startArg, 0, true);
        StreamId end = intervalId(endArg, -1L, false);
        long count = -1;
        for (int j = 4; j < c.argc(); j++) {
            int additional = c.argc() - j - 1;
            if (Bytes.eqIgnoreCaseC(c.arg(j), "count") && additional >= 1) {
                count = c.longArg(j + 1);
                if (count < 0) count = 0;
                j++;
            } else {
                throw Call.syntax();
            }
        }
        RedisStream s = read(c, c.arg(1));
        if (s == null) return Reply.EMPTY_ARRAY;
        if (count == 0) return Reply.NIL_ARRAY;
        return Reply.array(range(s, start, end, count == -1 ? 0 : count, rev));
    }

    static Reply xlen(Call c) throws CommandException {
        RedisStream s = read(c, c.arg(1));
        return s == null ? Reply.ZERO : Reply.integer(s.length());
    }

    // ---- XDEL / XSETID --------------------------------------------------------------------------------

    /** XDEL key id [id …]: 0 for a missing key before the IDs are parsed. */
    static Reply xdel(Call c) throws CommandException {
        byte[] key = c.arg(1);
        RedisStream s = write(c, key);
        if (s == null) return Reply.ZERO;
        StreamId[] ids = new StreamId[c.argc() - 2];
        for (int j = 2; j < c.argc(); j++) ids[j - 2] = parseId(c.arg(j), 0, true);
        int deleted = 0;
        boolean firstEntry = false;
        for (StreamId id : ids) {
            if (s.delete(id)) {
                if (id.equals(s.firstId())) firstEntry = true;
                if (id.compareTo(s.maxDeletedId()) > 0) s.maxDeletedId(id);
                deleted++;
            }
        }
        if (deleted > 0) {
            if (c.dialect().has(Quirk.STREAM_ENTRIES_TRACKING)) s.afterDelete(firstEntry);
            c.modified(key, KeyspaceEvents.STREAM, "xdel");
        }
        return Reply.integer(deleted);
    }

    /** XSETID key last-id [ENTRIESADDED n] [MAXDELETEDID id]. */
    static Reply xsetid(Call c) throws CommandException {
        // 6.2 looks the key up (no such key, WRONGTYPE) before it parses the ID
        if (!c.dialect().has(Quirk.XSETID_PARSES_BEFORE_LOOKUP) && write(c, c.arg(1)) == null) {
            throw Call.error(Errors.NO_SUCH_KEY);
        }
        StreamId id = parseId(c.arg(2), 0, true);
        StreamId maxXdel = StreamId.MIN;
        long entriesAdded = -1;
        int i = 3;
        while (i < c.argc()) {
            int moreargs = c.argc() - 1 - i;
            if (Bytes.eqIgnoreCaseC(c.arg(i), "entriesadded") && moreargs > 0) {
                entriesAdded = c.longArg(i + 1);
                if (entriesAdded < 0) throw Call.error(Errors.XSETID_ENTRIES_ADDED_NEGATIVE);
                i += 2;
            } else if (Bytes.eqIgnoreCaseC(c.arg(i), "maxdeletedid") && moreargs > 0) {
                maxXdel = parseId(c.arg(i + 1), 0, true);
                if (id.compareTo(maxXdel) < 0) throw Call.error(Errors.XSETID_SMALLER_THAN_MAX_DELETED_GIVEN);
                i += 2;
            } else {
                throw Call.syntax();
            }
        }
        byte[] key = c.arg(1);
        RedisStream s = write(c, key);
        if (s == null) throw Call.error(Errors.NO_SUCH_KEY);
        if (c.dialect().has(Quirk.XSETID_CHECKS_MAX_DELETED) && id.compareTo(s.maxDeletedId()) < 0) {
            throw Call.error(Errors.XSETID_SMALLER_THAN_MAX_DELETED);
        }
        if (s.length() > 0) {
            if (id.compareTo(s.lastValidId()) < 0) throw Call.error(Errors.XSETID_TOO_SMALL);
            if (entriesAdded != -1 && s.length() > entriesAdded) throw Call.error(Errors.XSETID_ENTRIES_ADDED_SMALL);
        }
        s.lastId(id);
        if (entriesAdded != -1) s.entriesAdded(entriesAdded);
        if (!maxXdel.isZero()) s.maxDeletedId(maxXdel);
        event(c.db(), "xsetid", key);
        return Reply.OK;
    }

    // ---- XREAD / XREADGROUP -----------------------------------------------------------------------------

    /** A parsed XREAD / XREADGROUP, kept by a blocked client. */
    static final class ReadRequest {
        final boolean xreadgroup;
        final String fullName;
        byte[] groupName;
        byte[] consumerName;
        boolean noack;
        long count;
        byte[][] keys;
        /** Per key: the ID to read after ({@link StreamId#MAX} for "&gt;"). */
        StreamId[] ids;

        ReadRequest(boolean xreadgroup, String fullName) {
            this.xreadgroup = xreadgroup;
            this.fullName = fullName;
        }
    }

    /** xreadCommand. */
    static Reply xread(Call c, boolean xreadgroup) throws CommandException {
        Dialect d = c.dialect();
        ReadRequest r = new ReadRequest(xreadgroup, c.spec.fullName);
        long deadline = -1; // -1: no BLOCK
        int streamsArg = 0;
        int streamsCount = 0;
        for (int i = 1; i < c.argc(); i++) {
            int moreargs = c.argc() - i - 1;
            byte[] o = c.arg(i);
            if (Bytes.eqIgnoreCaseC(o, "block") && moreargs > 0) {
                if (c.session.script && !d.has(Quirk.XREAD_BLOCK_IN_SCRIPTS)) {
                    throw Call.error(Errors.xreadBlockInScript(c.arg(0)));
                }
                i++;
                deadline = millisTimeoutDeadline(c, i);
            } else if (Bytes.eqIgnoreCaseC(o, "count") && moreargs > 0) {
                i++;
                r.count = c.longArg(i);
                if (r.count < 0) r.count = 0;
            } else if (Bytes.eqIgnoreCaseC(o, "streams") && moreargs > 0) {
                streamsArg = i + 1;
                streamsCount = c.argc() - streamsArg;
                if (streamsCount % 2 != 0) throw Call.error(Errors.xreadUnbalanced(d, c.spec.fullName, xreadgroup));
                streamsCount /= 2;
                break;
            } else if (Bytes.eqIgnoreCaseC(o, "group") && moreargs >= 2) {
                if (!xreadgroup) throw Call.error(Errors.XREAD_GROUP_OPTION);
                r.groupName = c.arg(i + 1);
                r.consumerName = c.arg(i + 2);
                i += 2;
            } else if (Bytes.eqIgnoreCaseC(o, "noack")) {
                if (!xreadgroup) throw Call.error(Errors.XREAD_NOACK_OPTION);
                r.noack = true;
            } else {
                throw Call.syntax();
            }
        }
        if (streamsArg == 0) throw Call.syntax();
        if (xreadgroup && r.groupName == null) throw Call.error(Errors.XREADGROUP_MISSING_GROUP);
        r.keys = new byte[streamsCount][];
        r.ids = new StreamId[streamsCount];
        for (int k = 0; k < streamsCount; k++) {
            byte[] key = c.arg(streamsArg + k);
            byte[] idArg = c.arg(streamsArg + streamsCount + k);
            r.keys[k] = key;
            RedisStream s = read(c, key);
            if (r.groupName != null && (s == null || s.group(r.groupName) == null)) {
                throw Call.error(Errors.xreadgroupNoGroup(key, r.groupName));
            }
            if (Arrays.equals(idArg, new byte[] {'$'})) {
                if (xreadgroup) throw Call.error(Errors.XREADGROUP_DOLLAR);
                r.ids[k] = s != null ? s.lastId() : StreamId.MIN;
            } else if (Arrays.equals(idArg, new byte[] {'>'})) {
                if (!xreadgroup) throw Call.error(Errors.XREAD_GT);
                r.ids[k] = StreamId.MAX;
            } else if (Arrays.equals(idArg, new byte[] {'+'}) && d.has(Quirk.XREAD_LAST_ENTRY_ID)) {
                if (xreadgroup) throw Call.error(Errors.XREADGROUP_PLUS);
                if (s != null && d.has(Quirk.XREAD_PLUS_LAST_LIVE_ENTRY)) {
                    // The last live entry and what comes after it; on an empty stream, what comes next.
                    r.ids[k] = s.length() > 0 ? s.lastValidId().prev() : s.lastId();
                } else if (s != null) {
                    StreamId prev = s.lastId().prev();
                    if (prev == null) throw Call.error(Errors.XREAD_LAST_ID_ZERO);
                    r.ids[k] = prev;
                } else {
                    r.ids[k] = StreamId.MIN;
                }
            } else {
                r.ids[k] = parseId(idArg, 0, true);
            }
        }
        Reply served = serveRead(c.engine, c.session, c.db(), c.now, r, r.count);
        if (served != null) return served;
        if (deadline != -1) {
            if (!Blocking.mayBlock(c)) return Reply.NIL_ARRAY;
            List<byte[]> keys = new ArrayList<>(Arrays.asList(r.keys));
            return c.engine.blocking().block(c, keys, deadline, new ReadWaiter(c.engine, c.session, r));
        }
        return Reply.NIL_ARRAY;
    }

    /**
     * getTimeoutFromObjectOrReply(UNIT_MILLISECONDS) as an absolute deadline (0 = forever): an integer
     * ("timeout is not an integer or out of range"), not negative; 7.2 refuses a deadline past
     * LLONG_MAX ("timeout is out of range").
     */
    private static long millisTimeoutDeadline(Call c, int i) throws CommandException {
        long ms = c.longArg(i, Errors.TIMEOUT_NOT_INTEGER);
        if (ms < 0) throw Call.error(Errors.TIMEOUT_NEGATIVE);
        if (ms == 0) return 0;
        if (c.dialect().has(Quirk.BLOCKING_TIMEOUT_RANGE_CHECKED) && ms > Long.MAX_VALUE - c.now) {
            throw Call.error(Errors.TIMEOUT_OUT_OF_RANGE);
        }
        long deadline = c.now + ms;
        return deadline < c.now ? 0 : deadline;
    }

    /**
     * The synchronous part of xreadCommand: serves every stream that has entries past the client's ID
     * (for a group: any history ID, or "&gt;" with entries past the group's last ID). Returns the reply,
     * or null if no stream could serve (the caller blocks or answers a null array). Looks the keys up
     * again (a miss notifies "keymiss"), as Redis does; the key loop before it has checked types and groups.
     */
    static Reply serveRead(Engine engine, Session session, Database db, long now, ReadRequest r, long count)
            throws CommandException {
        Dialect d = engine.dialect();
        List<Reply> out = new ArrayList<>();
        for (int i = 0; i < r.keys.length; i++) {
            byte[] key = r.keys[i];
            Object v = db.get(key, now);
            if (v == null) {
                db.notifyEvent(KeyspaceEvents.KEY_MISS, "keymiss", key);
                continue;
            }
            if (!(v instanceof RedisStream s)) continue;
            Group g = null;
            if (r.groupName != null) {
                g = s.group(r.groupName);
                if (g == null) throw Call.error(Errors.xreadgroupNoGroup(key, r.groupName));
            }
            StreamId gt = r.ids[i];
            boolean serve = false;
            boolean history = false;
            Consumer consumer = null;
            if (g != null) {
                if (!gt.isMax()) {
                    serve = true;
                    history = true;
                } else if (s.length() > 0 && s.lastValidId().compareTo(g.lastId) > 0) {
                    serve = true;
                    gt = g.lastId;
                }
                if (d.has(Quirk.STREAM_CONSUMER_ACTIVE_TIME)) {
                    consumer = lookupOrCreateConsumer(d, db, key, g, r.consumerName, now);
                    consumer.seenTime = now;
                }
            } else if (s.length() > 0 && s.lastValidId().compareTo(gt) > 0) {
                serve = true;
            }
            if (!serve) continue;
            if (g != null && consumer == null) {
                consumer = g.consumer(r.consumerName);
                if (consumer == null) consumer = createConsumer(d, db, key, g, r.consumerName, now);
                consumer.seenTime = now;
            }
            StreamId start = gt.next();
            List<Reply> entries = start == null ? List.of()
                    : serveStream(d, s, start, count, g, consumer, r.noack, history, now);
            out.add(Reply.bulk(key));
            out.add(Reply.array(entries));
        }
        if (out.isEmpty()) return null;
        return keyedReply(session, out);
    }

    /** RESP2: an array of [key, entries] pairs; RESP3: a map key → entries. */
    private static Reply keyedReply(Session session, List<Reply> keyAndEntries) {
        if (session.proto >= 3) return Reply.map(keyAndEntries);
        Reply[] pairs = new Reply[keyAndEntries.size() / 2];
        for (int i = 0; i < pairs.length; i++) pairs[i] = Reply.array(keyAndEntries.get(2 * i), keyAndEntries.get(2 * i + 1));
        return Reply.array(pairs);
    }

    /** streamCreateConsumer with its event (7.0; 6.2 creates consumers implicitly without one). */
    private static Consumer createConsumer(Dialect d, Database db, byte[] key, Group g, byte[] name, long now) {
        Consumer c = g.createConsumer(name, now);
        if (c != null && d.has(Quirk.STREAM_CONSUMER_EVENTS)) event(db, "xgroup-createconsumer", key);
        return c;
    }

    private static Consumer lookupOrCreateConsumer(Dialect d, Database db, byte[] key, Group g, byte[] name, long now) {
        Consumer c = g.consumer(name);
        return c != null ? c : createConsumer(d, db, key, g, name, now);
    }

    /**
     * streamReplyWithRange for XREAD / XREADGROUP from {@code start}: without a group, the entries;
     * with one, the entries past it (moving the group's last ID and entries-read, and adding each to
     * the PEL of the consumer unless NOACK), or, for a history read, the consumer's own pending
     * entries from {@code start} (a deleted one as [id, nil]).
     */
    static List<Reply> serveStream(Dialect d, RedisStream s, StreamId start, long count, Group g, Consumer consumer,
            boolean noack, boolean history, long now) {
        List<Reply> out = new ArrayList<>();
        boolean lagFixes = d.has(Quirk.STREAM_LAG_AFTER_TOMBSTONES);
        if (g != null && history) {
            for (Map.Entry<StreamId, Nack> e : consumer.pel.tailMap(start, true).entrySet()) {
                if (count != 0 && out.size() >= count) break;
                StreamId id = e.getKey();
                byte[][] fv = s.get(id);
                if (fv == null) {
                    out.add(Reply.array(id(id), Reply.NIL_ARRAY));
                } else {
                    out.add(entry(id, fv));
                    e.getValue().deliveryTime = now;
                    e.getValue().deliveryCount++;
                }
            }
            return out;
        }
        s.range(start, StreamId.MAX, false, (id, fv) -> {
            if (g != null && id.compareTo(g.lastId) > 0) {
                if (g.entriesRead != RedisStream.INVALID_ENTRIES_READ
                        && !s.rangeHasTombstones(lagFixes ? g.lastId : id, null, lagFixes)) {
                    g.entriesRead++;
                } else if (s.entriesAdded() != 0) {
                    g.entriesRead = s.estimateDistanceFromFirstEverEntry(id, lagFixes);
                }
                g.lastId = id;
            }
            out.add(entry(id, fv));
            if (g != null && !noack) {
                Nack n = g.pel.get(id);
                if (n == null) {
                    n = new Nack(consumer, now, 1);
                    g.pel.put(id, n);
                    consumer.pel.put(id, n);
                } else {
                    if (n.consumer != null) n.consumer.pel.remove(id);
                    n.consumer = consumer;
                    n.deliveryTime = now;
                    n.deliveryCount = 1;
                    consumer.pel.put(id, n);
                }
                if (d.has(Quirk.STREAM_CONSUMER_ACTIVE_TIME)) consumer.activeTime = now;
            }
            return count == 0 || out.size() < count;
        });
        return out;
    }

    /** Default COUNT of a blocked XREAD served in 7.0 (XREAD_BLOCKED_DEFAULT_COUNT). */
    private static final long BLOCKED_DEFAULT_COUNT = 1000;

    /** A client blocked in XREAD / XREADGROUP. */
    private static final class ReadWaiter implements Blocking.Waiter {
        final Engine engine;
        final Session session;
        final ReadRequest r;

        ReadWaiter(Engine engine, Session session, ReadRequest r) {
            this.engine = engine;
            this.session = session;
            this.r = r;
        }

        private boolean reprocess() {
            return engine.dialect().has(Quirk.STREAM_BLOCKED_COMMAND_REPROCESSED);
        }

        @Override
        public Reply serve(Database db, byte[] key, Object value, long now) {
            if (reprocess()) {
                if (!(value instanceof RedisStream) && r.groupName == null) return null;
                return rerun(db, now);
            }
            if (!(value instanceof RedisStream s)) return keyMissing(db, key, now);
            int i = indexOf(key);
            if (i < 0) return null;
            Dialect d = engine.dialect();
            Group g = null;
            StreamId gt = r.ids[i];
            if (r.groupName != null) {
                g = s.group(r.groupName);
                if (g == null) return Reply.error(Errors.XREADGROUP_UNBLOCKED_GROUP_GONE);
                gt = g.lastId;
            }
            if (s.lastId().compareTo(gt) <= 0) return null;
            StreamId start = gt.next();
            Consumer consumer = null;
            if (g != null) {
                consumer = lookupOrCreateConsumer(d, db, key, g, r.consumerName, now);
                if (!d.has(Quirk.STREAM_CONSUMER_ACTIVE_TIME)) consumer.seenTime = now;
            }
            long count = r.count != 0 ? r.count : BLOCKED_DEFAULT_COUNT;
            List<Reply> entries = serveStream(d, s, start, count, g, consumer, r.noack, false, now);
            return keyedReply(session, List.of(Reply.bulk(key), Reply.array(entries)));
        }

        @Override
        public Reply keyMissing(Database db, byte[] key, long now) {
            if (r.groupName == null || !engine.dialect().has(Quirk.XREADGROUP_WOKEN_BY_KEY_DELETION)) return null;
            if (reprocess()) return rerun(db, now);
            return Reply.error(Errors.XREADGROUP_UNBLOCKED_KEY_GONE);
        }

        /**
         * 7.2 re-processes the command: its key loop first (a miss notifies "keymiss", another type is
         * WRONGTYPE, a missing group NOGROUP, for every key, not only the one that woke it), then the
         * serving loop; nothing to serve keeps the client blocked.
         */
        private Reply rerun(Database db, long now) {
            try {
                for (byte[] key : r.keys) {
                    Object v = db.get(key, now);
                    if (v == null) db.notifyEvent(KeyspaceEvents.KEY_MISS, "keymiss", key);
                    else if (!(v instanceof RedisStream)) throw Call.wrongType();
                    if (r.groupName != null && (v == null || ((RedisStream) v).group(r.groupName) == null)) {
                        throw Call.error(Errors.xreadgroupNoGroup(key, r.groupName));
                    }
                }
                return serveRead(engine, session, db, now, r, r.count);
            } catch (CommandException e) {
                return e.reply();
            }
        }

        private int indexOf(byte[] key) {
            for (int i = 0; i < r.keys.length; i++) if (Arrays.equals(r.keys[i], key)) return i;
            return -1;
        }

        @Override
        public Reply timeoutReply() {
            return Reply.NIL_ARRAY;
        }
    }

    // ---- XGROUP ---------------------------------------------------------------------------------------

    /** xgroupCommand (every subcommand; the dispatch checks argument counts as Redis does). */
    static Reply xgroup(Call c) throws CommandException {
        Dialect d = c.dialect();
        byte[] opt = c.arg(1);
        boolean tracking = d.has(Quirk.STREAM_ENTRIES_TRACKING);
        boolean mkstream = false;
        long entriesRead = RedisStream.INVALID_ENTRIES_READ;
        RedisStream s = null;
        byte[] grpname = null;
        Group cg = null;
        int argc = c.argc();
        boolean create = Bytes.eqIgnoreCaseC(opt, "create");
        boolean setid = Bytes.eqIgnoreCaseC(opt, "setid");
        if (!tracking && argc == 6 && create) {
            if (!Bytes.eqIgnoreCaseC(c.arg(5), "mkstream")) throw syntax(c);
            mkstream = true;
        }
        if (argc >= 4) {
            if (tracking) {
                int i = 5;
                while (i < argc) {
                    if (create && Bytes.eqIgnoreCaseC(c.arg(i), "mkstream")) {
                        mkstream = true;
                        i++;
                    } else if ((create || setid) && Bytes.eqIgnoreCaseC(c.arg(i), "entriesread") && i + 1 < argc) {
                        entriesRead = c.longArg(i + 1);
                        if (entriesRead < 0 && entriesRead != RedisStream.INVALID_ENTRIES_READ) {
                            throw Call.error(Errors.XGROUP_ENTRIESREAD_NEGATIVE);
                        }
                        i += 2;
                    } else {
                        throw syntax(c);
                    }
                }
            }
            s = write(c, c.arg(2));
            grpname = c.arg(3);
        }
        if (argc >= 4 && !mkstream) {
            if (s == null) throw Call.error(Errors.XGROUP_KEY_MUST_EXIST);
            cg = s.group(grpname);
            if (cg == null && (setid || Bytes.eqIgnoreCaseC(opt, "createconsumer") || Bytes.eqIgnoreCaseC(opt, "delconsumer"))) {
                throw Call.error(Errors.xgroupNoGroup(grpname, c.arg(2)));
            }
        }
        byte[] key = argc >= 3 ? c.arg(2) : null;
        if (argc == 2 && Bytes.eqIgnoreCaseC(opt, "help")) {
            return HelpTexts.help(d, "XGROUP");
        } else if (create && argc >= 5 && argc <= (tracking ? 8 : 6)) {
            StreamId id;
            if (Arrays.equals(c.arg(4), new byte[] {'$'})) id = s != null ? s.lastId() : StreamId.MIN;
            else id = parseId(c.arg(4), 0, true);
            if (s == null) {
                s = new RedisStream();
                c.db().add(key, s);
                c.db().touched(key);
            }
            if (s.createGroup(grpname, id, entriesRead) == null) throw Call.error(Errors.BUSYGROUP);
            event(c.db(), "xgroup-create", key);
            return Reply.OK;
        } else if (setid && (argc == 5 || (tracking && argc == 7))) {
            StreamId id;
            if (Arrays.equals(c.arg(4), new byte[] {'$'})) id = s.lastId();
            else id = parseId(c.arg(4), 0, false);
            cg.lastId = id;
            cg.entriesRead = entriesRead;
            event(c.db(), "xgroup-setid", key);
            return Reply.OK;
        } else if (Bytes.eqIgnoreCaseC(opt, "destroy") && argc == 4) {
            if (cg == null) return Reply.ZERO;
            s.destroyGroup(grpname);
            event(c.db(), "xgroup-destroy", key);
            c.engine.blocking().signal(c.session.db, key);
            return Reply.ONE;
        } else if (Bytes.eqIgnoreCaseC(opt, "createconsumer") && argc == 5) {
            Consumer created = cg.createConsumer(c.arg(4), c.now);
            if (created != null) event(c.db(), "xgroup-createconsumer", key);
            return created != null ? Reply.ONE : Reply.ZERO;
        } else if (Bytes.eqIgnoreCaseC(opt, "delconsumer") && argc == 5) {
            Consumer consumer = cg.consumer(c.arg(4));
            long pending = 0;
            if (consumer != null) {
                pending = consumer.pel.size();
                cg.deleteConsumer(consumer);
            }
            if (consumer != null || !d.has(Quirk.STREAM_CONSUMER_EVENTS)) event(c.db(), "xgroup-delconsumer", key);
            return Reply.integer(pending);
        }
        throw syntax(c);
    }

    /** addReplySubcommandSyntaxError of XGROUP / XINFO. */
    private static CommandException syntax(Call c) {
        return Call.error(Errors.subcommandSyntax(c.dialect(), c.arg(1), Bytes.str(c.arg(0)).toUpperCase(java.util.Locale.ROOT)));
    }

    // ---- XACK / XPENDING ------------------------------------------------------------------------------

    /** XACK key group id [id …]: 0 without key or group (before the IDs are parsed). */
    static Reply xack(Call c) throws CommandException {
        RedisStream s = read(c, c.arg(1));
        Group g = s == null ? null : s.group(c.arg(2));
        if (g == null) return Reply.ZERO;
        StreamId[] ids = new StreamId[c.argc() - 3];
        for (int j = 3; j < c.argc(); j++) ids[j - 3] = parseId(c.arg(j), 0, true);
        long acked = 0;
        for (StreamId id : ids) {
            Nack n = g.pel.get(id);
            if (n != null) {
                g.ack(id, n);
                acked++;
            }
        }
        return Reply.integer(acked);
    }

    /** XPENDING key group [[IDLE min-idle] start end count [consumer]]. */
    static Reply xpending(Call c) throws CommandException {
        int argc = c.argc();
        boolean justinfo = argc == 3;
        if (argc != 3 && (argc < 6 || argc > 9)) throw Call.syntax();
        StreamId start = null, end = null;
        long count = 0, minidle = 0;
        byte[] consumerName = null;
        if (argc >= 6) {
            int startidx = 3;
            if (Bytes.eqIgnoreCaseC(c.arg(3), "idle")) {
                minidle = c.longArg(4);
                if (argc < 8) throw Call.syntax();
                startidx += 2;
            }
            count = c.longArg(startidx + 2);
            if (count < 0) count = 0;
            start = intervalId(c.arg(startidx), 0, true);
            end = intervalId(c.arg(startidx + 1), -1L, false);
            if (startidx + 3 < argc) consumerName = c.arg(startidx + 3);
        }
        RedisStream s = read(c, c.arg(1));
        Group g = s == null ? null : s.group(c.arg(2));
        if (g == null) throw Call.error(Errors.noKeyOrGroup(c.arg(1), c.arg(2)));
        if (justinfo) {
            if (g.pel.isEmpty()) return Reply.array(Reply.ZERO, Reply.NIL, Reply.NIL, Reply.NIL_ARRAY);
            List<Reply> consumers = new ArrayList<>();
            for (Consumer co : g.consumers.values()) {
                if (co.pel.isEmpty()) continue;
                consumers.add(Reply.array(Reply.bulk(co.name), Reply.bulk(Long.toString(co.pel.size()))));
            }
            return Reply.array(Reply.integer(g.pel.size()), id(g.pel.firstKey()), id(g.pel.lastKey()), Reply.array(consumers));
        }
        java.util.NavigableMap<StreamId, Nack> pel;
        if (consumerName != null) {
            Consumer co = g.consumer(consumerName);
            if (co == null) return Reply.EMPTY_ARRAY;
            pel = co.pel;
        } else {
            pel = g.pel;
        }
        List<Reply> out = new ArrayList<>();
        if (start.compareTo(end) <= 0) {
            for (Map.Entry<StreamId, Nack> e : pel.subMap(start, true, end, true).entrySet()) {
                if (count == 0) break;
                Nack n = e.getValue();
                if (minidle != 0 && c.now - n.deliveryTime < minidle) continue;
                count--;
                long elapsed = Math.max(0, c.now - n.deliveryTime);
                out.add(Reply.array(id(e.getKey()), Reply.bulk(n.consumer.name), Reply.integer(elapsed),
                        Reply.integer(n.deliveryCount)));
            }
        }
        return Reply.array(out);
    }

    // ---- XCLAIM / XAUTOCLAIM ----------------------------------------------------------------------------

    /** XCLAIM key group consumer min-idle-time id [id …] [IDLE ms] [TIME ms] [RETRYCOUNT n] [FORCE] [JUSTID] [LASTID id]. */
    static Reply xclaim(Call c) throws CommandException {
        Dialect d = c.dialect();
        RedisStream s = read(c, c.arg(1));
        Group g = s == null ? null : s.group(c.arg(2));
        if (g == null) throw Call.error(Errors.noKeyOrGroup(c.arg(1), c.arg(2)));
        long minidle = c.longArg(4, Errors.XCLAIM_MIN_IDLE);
        if (minidle < 0) minidle = 0;
        List<StreamId> ids = new ArrayList<>();
        int j = 5;
        for (; j < c.argc(); j++) {
            try {
                ids.add(StreamId.parse(c.arg(j), 0, true));
            } catch (StreamId.Invalid e) {
                break;
            }
        }
        long now = c.now;
        long retrycount = -1;
        long deliverytime = -1;
        boolean force = false, justid = false;
        StreamId lastId = StreamId.MIN;
        for (; j < c.argc(); j++) {
            int moreargs = c.argc() - 1 - j;
            byte[] opt = c.arg(j);
            if (Bytes.eqIgnoreCaseC(opt, "force")) {
                force = true;
            } else if (Bytes.eqIgnoreCaseC(opt, "justid")) {
                justid = true;
            } else if (Bytes.eqIgnoreCaseC(opt, "idle") && moreargs > 0) {
                j++;
                deliverytime = now - c.longArg(j, Errors.XCLAIM_IDLE);
            } else if (Bytes.eqIgnoreCaseC(opt, "time") && moreargs > 0) {
                j++;
                deliverytime = c.longArg(j, Errors.XCLAIM_TIME);
            } else if (Bytes.eqIgnoreCaseC(opt, "retrycount") && moreargs > 0) {
                j++;
                retrycount = c.longArg(j, Errors.XCLAIM_RETRYCOUNT);
            } else if (Bytes.eqIgnoreCaseC(opt, "lastid") && moreargs > 0) {
                j++;
                lastId = parseId(c.arg(j), 0, true);
            } else {
                throw Call.error(Errors.xclaimUnknownOption(opt));
            }
        }
        if (lastId.compareTo(g.lastId) > 0) g.lastId = lastId;
        if (deliverytime != -1) {
            if (deliverytime < 0 || deliverytime > now) deliverytime = now;
        } else {
            deliverytime = now;
        }
        byte[] key = c.arg(1);
        boolean activeTime = d.has(Quirk.STREAM_CONSUMER_ACTIVE_TIME);
        boolean cleanup = d.has(Quirk.STREAM_DELETED_PENDING_CLEANUP);
        Consumer consumer = null;
        if (activeTime) {
            consumer = lookupOrCreateConsumer(d, c.db(), key, g, c.arg(3), now);
            consumer.seenTime = now;
        }
        List<Reply> out = new ArrayList<>();
        for (StreamId id : ids) {
            Nack n = g.pel.get(id);
            boolean exists = s.exists(id);
            if (cleanup && !exists) {
                if (n != null) g.ack(id, n);
                continue;
            }
            if (force && n == null) {
                if (!exists) continue;
                n = new Nack(null, now, 1);
                g.pel.put(id, n);
            }
            if (n == null) continue;
            if (n.consumer != null && minidle != 0 && now - n.deliveryTime < minidle) continue;
            if (consumer == null) {
                consumer = g.consumer(c.arg(3));
                if (consumer == null) consumer = createConsumer(d, c.db(), key, g, c.arg(3), now);
                else consumer.seenTime = now;
            }
            if (n.consumer != consumer && n.consumer != null) n.consumer.pel.remove(id);
            n.deliveryTime = deliverytime;
            if (retrycount >= 0) n.deliveryCount = retrycount;
            else if (!justid) n.deliveryCount++;
            if (n.consumer != consumer) {
                consumer.pel.put(id, n);
                n.consumer = consumer;
            }
            if (activeTime) consumer.activeTime = now;
            if (justid) out.add(id(id));
            else {
                byte[][] fv = s.get(id);
                out.add(fv == null ? Reply.NIL : entry(id, fv));
            }
        }
        return Reply.array(out);
    }

    /** XAUTOCLAIM key group consumer min-idle-time start [COUNT count] [JUSTID]. */
    static Reply xautoclaim(Call c) throws CommandException {
        Dialect d = c.dialect();
        long minidle = c.longArg(4, Errors.XAUTOCLAIM_MIN_IDLE);
        if (minidle < 0) minidle = 0;
        StreamId start = intervalId(c.arg(5), 0, true);
        long count = 100;
        boolean justid = false;
        boolean cleanup = d.has(Quirk.STREAM_DELETED_PENDING_CLEANUP);
        int j = 6;
        while (j < c.argc()) {
            int moreargs = c.argc() - 1 - j;
            if (Bytes.eqIgnoreCaseC(c.arg(j), "count") && moreargs > 0) {
                long max = cleanup ? Long.MAX_VALUE / 16 : Long.MAX_VALUE;
                count = c.rangeLongArg(j + 1, 1, max, Errors.XAUTOCLAIM_COUNT);
                j++;
            } else if (Bytes.eqIgnoreCaseC(c.arg(j), "justid")) {
                justid = true;
            } else {
                throw Call.syntax();
            }
            j++;
        }
        RedisStream s = read(c, c.arg(1));
        Group g = s == null ? null : s.group(c.arg(2));
        if (g == null) throw Call.error(Errors.noKeyOrGroup(c.arg(1), c.arg(2)));
        byte[] key = c.arg(1);
        long now = c.now;
        boolean activeTime = d.has(Quirk.STREAM_CONSUMER_ACTIVE_TIME);
        Consumer consumer = null;
        if (activeTime) {
            consumer = lookupOrCreateConsumer(d, c.db(), key, g, c.arg(3), now);
            consumer.seenTime = now;
        }
        long attempts = count * 10;
        List<Reply> claimed = new ArrayList<>();
        List<Reply> deleted = new ArrayList<>();
        StreamId cur = g.pel.ceilingKey(start);
        boolean exhausted = false;
        while (true) {
            if (attempts-- == 0) break;
            if (count == 0) break;
            if (cur == null) {
                exhausted = true;
                break;
            }
            StreamId id = cur;
            Nack n = g.pel.get(id);
            cur = g.pel.higherKey(id);
            boolean exists = s.exists(id);
            if (cleanup && !exists) {
                g.ack(id, n);
                deleted.add(id(id));
                count--;
                continue;
            }
            if (minidle != 0 && now - n.deliveryTime < minidle) continue;
            if (consumer == null) {
                consumer = g.consumer(c.arg(3));
                if (consumer == null) consumer = createConsumer(d, c.db(), key, g, c.arg(3), now);
                else consumer.seenTime = now;
            }
            if (n.consumer != consumer && n.consumer != null) n.consumer.pel.remove(id);
            n.deliveryTime = now;
            if (!justid) n.deliveryCount++;
            if (n.consumer != consumer) {
                consumer.pel.put(id, n);
                n.consumer = consumer;
            }
            if (activeTime) consumer.activeTime = now;
            if (justid) claimed.add(id(id));
            else {
                byte[][] fv = s.get(id);
                claimed.add(fv == null ? Reply.NIL : entry(id, fv));
            }
            count--;
        }
        StreamId next = exhausted || cur == null ? StreamId.MIN : cur;
        if (!cleanup) return Reply.array(id(next), Reply.array(claimed));
        return Reply.array(id(next), Reply.array(claimed), Reply.array(deleted));
    }

    // ---- XINFO ----------------------------------------------------------------------------------------

    /** XINFO STREAM key [FULL [COUNT n]] / GROUPS key / CONSUMERS key group / HELP. */
    static Reply xinfo(Call c) throws CommandException {
        Dialect d = c.dialect();
        if (Bytes.eqIgnoreCaseC(c.arg(1), "help")) {
            return HelpTexts.help(d, "XINFO");
        }
        if (c.argc() < 3) throw syntax(c);
        byte[] key = c.arg(2);
        RedisStream s = read(c, key);
        if (s == null) throw Call.error(Errors.NO_SUCH_KEY);
        boolean tracking = d.has(Quirk.STREAM_ENTRIES_TRACKING);
        boolean activeTime = d.has(Quirk.STREAM_CONSUMER_ACTIVE_TIME);
        if (Bytes.eqIgnoreCaseC(c.arg(1), "consumers") && c.argc() == 4) {
            Group g = s.group(c.arg(3));
            if (g == null) throw Call.error(Errors.xgroupNoGroup(c.arg(3), key));
            List<Reply> out = new ArrayList<>();
            for (Consumer co : g.consumers.values()) {
                long idle = Math.max(0, c.now - co.seenTime);
                List<Reply> m = new ArrayList<>(List.of(Reply.bulk("name"), Reply.bulk(co.name),
                        Reply.bulk("pending"), Reply.integer(co.pel.size()), Reply.bulk("idle"), Reply.integer(idle)));
                if (activeTime) {
                    m.add(Reply.bulk("inactive"));
                    m.add(Reply.integer(co.activeTime != -1 ? c.now - co.activeTime : -1));
                }
                out.add(Reply.map(m));
            }
            return Reply.array(out);
        } else if (Bytes.eqIgnoreCaseC(c.arg(1), "groups") && c.argc() == 3) {
            List<Reply> out = new ArrayList<>();
            for (Map.Entry<Bytes, Group> e : s.groups().entrySet()) {
                Group g = e.getValue();
                List<Reply> m = new ArrayList<>(List.of(Reply.bulk("name"), Reply.bulk(e.getKey()),
                        Reply.bulk("consumers"), Reply.integer(g.consumers.size()),
                        Reply.bulk("pending"), Reply.integer(g.pel.size()),
                        Reply.bulk("last-delivered-id"), id(g.lastId)));
                if (tracking) {
                    m.add(Reply.bulk("entries-read"));
                    m.add(entriesRead(g));
                    m.add(Reply.bulk("lag"));
                    m.add(lag(c.dialect(), s, g));
                }
                out.add(Reply.map(m));
            }
            return Reply.array(out);
        } else if (Bytes.eqIgnoreCaseC(c.arg(1), "stream")) {
            return xinfoStream(c, s, tracking, activeTime);
        }
        throw syntax(c);
    }

    private static Reply entriesRead(Group g) {
        return g.entriesRead != RedisStream.INVALID_ENTRIES_READ ? Reply.integer(g.entriesRead) : Reply.NIL;
    }

    private static Reply lag(Dialect d, RedisStream s, Group g) {
        Long lag = s.lag(g, d.has(Quirk.STREAM_LAG_AFTER_TOMBSTONES));
        return lag == null ? Reply.NIL : Reply.integer(lag);
    }

    private static Reply xinfoStream(Call c, RedisStream s, boolean tracking, boolean activeTime) throws CommandException {
        boolean full = true;
        long count = 10;
        int optc = c.argc() - 3;
        if (optc == 0) {
            full = false;
        } else {
            if (optc != 1 && optc != 3) throw syntax(c);
            if (!Bytes.eqIgnoreCaseC(c.arg(3), "full")) throw syntax(c);
            if (optc == 3) {
                if (!Bytes.eqIgnoreCaseC(c.arg(4), "count")) throw syntax(c);
                count = c.longArg(5);
                if (count < 0) count = 10;
            }
        }
        List<Reply> m = new ArrayList<>();
        m.add(Reply.bulk("length"));
        m.add(Reply.integer(s.length()));
        m.add(Reply.bulk("radix-tree-keys"));
        m.add(Reply.integer(s.nodeCount()));
        m.add(Reply.bulk("radix-tree-nodes"));
        m.add(Reply.integer(s.raxNodes()));
        m.add(Reply.bulk("last-generated-id"));
        m.add(id(s.lastId()));
        if (tracking) {
            m.add(Reply.bulk("max-deleted-entry-id"));
            m.add(id(s.maxDeletedId()));
            m.add(Reply.bulk("entries-added"));
            m.add(Reply.integer(s.entriesAdded()));
            m.add(Reply.bulk("recorded-first-entry-id"));
            m.add(id(s.firstId()));
        }
        if (!full) {
            m.add(Reply.bulk("groups"));
            m.add(Reply.integer(s.groups().size()));
            List<Reply> first = range(s, StreamId.MIN, StreamId.MAX, 1, false);
            List<Reply> last = range(s, StreamId.MIN, StreamId.MAX, 1, true);
            m.add(Reply.bulk("first-entry"));
            m.add(first.isEmpty() ? Reply.NIL : first.get(0));
            m.add(Reply.bulk("last-entry"));
            m.add(last.isEmpty() ? Reply.NIL : last.get(0));
            return Reply.map(m);
        }
        m.add(Reply.bulk("entries"));
        m.add(Reply.array(range(s, StreamId.MIN, StreamId.MAX, count, false)));
        m.add(Reply.bulk("groups"));
        List<Reply> groups = new ArrayList<>();
        for (Map.Entry<Bytes, Group> e : s.groups().entrySet()) {
            Group g = e.getValue();
            List<Reply> gm = new ArrayList<>();
            gm.add(Reply.bulk("name"));
            gm.add(Reply.bulk(e.getKey()));
            gm.add(Reply.bulk("last-delivered-id"));
            gm.add(id(g.lastId));
            if (tracking) {
                gm.add(Reply.bulk("entries-read"));
                gm.add(entriesRead(g));
                gm.add(Reply.bulk("lag"));
                gm.add(lag(c.dialect(), s, g));
            }
            gm.add(Reply.bulk("pel-count"));
            gm.add(Reply.integer(g.pel.size()));
            gm.add(Reply.bulk("pending"));
            List<Reply> pending = new ArrayList<>();
            for (Map.Entry<StreamId, Nack> pe : g.pel.entrySet()) {
                if (count != 0 && pending.size() >= count) break;
                Nack n = pe.getValue();
                pending.add(Reply.array(id(pe.getKey()), Reply.bulk(n.consumer.name), Reply.integer(n.deliveryTime),
                        Reply.integer(n.deliveryCount)));
            }
            gm.add(Reply.array(pending));
            gm.add(Reply.bulk("consumers"));
            List<Reply> consumers = new ArrayList<>();
            for (Consumer co : g.consumers.values()) {
                List<Reply> cm = new ArrayList<>();
                cm.add(Reply.bulk("name"));
                cm.add(Reply.bulk(co.name));
                cm.add(Reply.bulk("seen-time"));
                cm.add(Reply.integer(co.seenTime));
                if (activeTime) {
                    cm.add(Reply.bulk("active-time"));
                    cm.add(Reply.integer(co.activeTime));
                }
                cm.add(Reply.bulk("pel-count"));
                cm.add(Reply.integer(co.pel.size()));
                cm.add(Reply.bulk("pending"));
                List<Reply> cp = new ArrayList<>();
                for (Map.Entry<StreamId, Nack> pe : co.pel.entrySet()) {
                    if (count != 0 && cp.size() >= count) break;
                    cp.add(Reply.array(id(pe.getKey()), Reply.integer(pe.getValue().deliveryTime),
                            Reply.integer(pe.getValue().deliveryCount)));
                }
                cm.add(Reply.array(cp));
                consumers.add(Reply.map(cm));
            }
            gm.add(Reply.array(consumers));
            groups.add(Reply.map(gm));
        }
        m.add(Reply.array(groups));
        return Reply.map(m);
    }

    /** This family's command handlers, one object per command and no lambda class each: see {@link OpHandler}. */
    private static final class Dispatch extends OpHandler {
        static final int XADD = 0;
        static final int XLEN = 1;
        static final int XDEL = 2;
        static final int XTRIM = 3;
        static final int XSETID = 4;
        static final int XACK = 5;
        static final int XPENDING = 6;
        static final int XCLAIM = 7;
        static final int XAUTOCLAIM = 8;
        static final int XGROUP = 9;
        static final int XINFO = 10;
        static final int XRANGE = 11;
        static final int XREVRANGE = 12;
        static final int XREAD = 13;
        static final int XREADGROUP = 14;
        static final int XGROUP_CONTAINER = 15;
        static final int XINFO_CONTAINER = 16;

        Dispatch(int op) {
            super(op);
        }

        @Override
        public Reply run(Call c) throws CommandException {
            return switch (op) {
                case XADD -> xadd(c);
                case XLEN -> xlen(c);
                case XDEL -> xdel(c);
                case XTRIM -> xtrim(c);
                case XSETID -> xsetid(c);
                case XACK -> xack(c);
                case XPENDING -> xpending(c);
                case XCLAIM -> xclaim(c);
                case XAUTOCLAIM -> xautoclaim(c);
                case XGROUP -> xgroup(c);
                case XINFO -> xinfo(c);
                case XRANGE -> xrange(c, false);
                case XREVRANGE -> xrange(c, true);
                case XREAD -> xread(c, false);
                case XREADGROUP -> xread(c, true);
                case XGROUP_CONTAINER -> null;
                case XINFO_CONTAINER -> null;
                default -> throw unknown();
            };
        }
    }
}
