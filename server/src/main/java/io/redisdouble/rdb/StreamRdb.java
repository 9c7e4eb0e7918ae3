package io.redisdouble.rdb;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.dialect.Quirk;
import io.redisdouble.stream.RedisStream;
import io.redisdouble.stream.StreamId;
import io.redisdouble.util.Bytes;
import io.redisdouble.util.Listpack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Streams in a DUMP payload (rdb.c, t_stream.c): each node as its 16-byte big-endian master ID and its
 * listpack (master entry: live count, deleted count, master fields, 0; then per entry its flags, the ID
 * as differences from the master ID, the fields unless the same as the master's, the values and the
 * entry's element count), then length and last ID, from RDB_TYPE_STREAM_LISTPACKS_2 (7.0) the first ID,
 * the max deleted ID and entries-added, then the consumer groups (last ID, entries-read from v2, the
 * PEL with delivery times and counts, the consumers with seen time, active time from v3, and their PEL).
 */
final class StreamRdb {
    private StreamRdb() {}

    private static final int FLAG_DELETED = 1, FLAG_SAMEFIELDS = 2;

    static void write(RdbWriter w, RedisStream s, Dialect d) {
        int v = d.has(Quirk.RDB_SET_LISTPACK) ? 3 : d.has(Quirk.RDB_LISTPACKS) ? 2 : 1;
        w.type(v == 3 ? RdbFormat.STREAM_LISTPACKS_3 : v == 2 ? RdbFormat.STREAM_LISTPACKS_2 : RdbFormat.STREAM_LISTPACKS);
        List<byte[]> keys = new ArrayList<>();
        List<byte[]> blobs = new ArrayList<>();
        s.forEachNode((master, masterFields, live, deleted, size, ids, fv, flags) -> {
            keys.add(idBytes(master));
            List<Object> el = new ArrayList<>();
            el.add((long) live);
            el.add((long) deleted);
            el.add((long) masterFields.length);
            el.addAll(Arrays.asList(masterFields));
            el.add(0L);
            for (int i = 0; i < size; i++) {
                byte[][] e = fv[i];
                int n = e.length / 2;
                boolean same = n == masterFields.length;
                for (int f = 0; same && f < n; f++) same = Arrays.equals(e[2 * f], masterFields[f]);
                el.add((long) ((flags[i] ? FLAG_DELETED : 0) | (same ? FLAG_SAMEFIELDS : 0)));
                el.add(ids[i].ms() - master.ms());
                el.add(ids[i].seq() - master.seq());
                if (!same) el.add((long) n);
                for (int f = 0; f < n; f++) {
                    if (!same) el.add(e[2 * f]);
                    el.add(e[2 * f + 1]);
                }
                el.add((long) (same ? n + 3 : 2 * n + 4));
            }
            blobs.add(Packed.listpack(el));
        });
        w.len(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            w.string(keys.get(i));
            w.string(blobs.get(i));
        }
        w.len(s.length());
        w.len(s.lastId().ms());
        w.len(s.lastId().seq());
        if (v >= 2) {
            w.len(s.firstId().ms());
            w.len(s.firstId().seq());
            w.len(s.maxDeletedId().ms());
            w.len(s.maxDeletedId().seq());
            w.len(s.entriesAdded());
        }
        Map<Bytes, RedisStream.Group> groups = s.groups();
        w.len(groups.size());
        for (Map.Entry<Bytes, RedisStream.Group> ge : groups.entrySet()) {
            RedisStream.Group g = ge.getValue();
            w.string(ge.getKey().array());
            w.len(g.lastId.ms());
            w.len(g.lastId.seq());
            if (v >= 2) w.len(g.entriesRead);
            w.len(g.pel.size());
            for (Map.Entry<StreamId, RedisStream.Nack> pe : g.pel.entrySet()) {
                w.raw(idBytes(pe.getKey()));
                w.millis(pe.getValue().deliveryTime);
                w.len(pe.getValue().deliveryCount);
            }
            w.len(g.consumers.size());
            for (RedisStream.Consumer c : g.consumers.values()) {
                w.string(c.name);
                w.millis(c.seenTime);
                if (v >= 3) w.millis(c.activeTime);
                w.len(c.pel.size());
                for (StreamId id : c.pel.keySet()) w.raw(idBytes(id));
            }
        }
    }

    private static byte[] idBytes(StreamId id) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (id.ms() >>> (56 - 8 * i));
            b[8 + i] = (byte) (id.seq() >>> (56 - 8 * i));
        }
        return b;
    }

    private static StreamId idFrom(byte[] b) {
        long ms = 0, seq = 0;
        for (int i = 0; i < 8; i++) {
            ms = (ms << 8) | (b[i] & 0xff);
            seq = (seq << 8) | (b[8 + i] & 0xff);
        }
        return new StreamId(ms, seq);
    }

    private static long num(byte[] b) throws Packed.Corrupt {
        Long v = Listpack.toInt64(b);
        if (v == null) throw new Packed.Corrupt("stream integer");
        return v;
    }

    static RedisStream read(RdbReader r, int v) throws Packed.Corrupt {
        RedisStream s = new RedisStream();
        long nodes = r.count();
        StreamId prevMaster = null;
        for (long k = 0; k < nodes; k++) {
            byte[] key = r.string();
            if (key.length != 16) throw new Packed.Corrupt("stream node key");
            byte[] blob = r.string();
            List<byte[]> el = Packed.readListpack(blob);
            if (el.isEmpty()) throw new Packed.Corrupt("empty stream node");
            StreamId master = idFrom(key);
            if (prevMaster != null && master.compareTo(prevMaster) <= 0) throw new Packed.Corrupt("stream node order");
            prevMaster = master;
            int p = 0;
            long live = num(el.get(p++)), dead = num(el.get(p++)), nmf = num(el.get(p++));
            if (nmf < 0 || p + nmf >= el.size()) throw new Packed.Corrupt("stream master");
            byte[][] mf = new byte[(int) nmf][];
            for (int i = 0; i < nmf; i++) mf[i] = el.get(p++);
            if (num(el.get(p++)) != 0) throw new Packed.Corrupt("stream master end");
            List<StreamId> ids = new ArrayList<>();
            List<byte[][]> fvs = new ArrayList<>();
            List<Boolean> deleted = new ArrayList<>();
            while (p < el.size()) {
                long flags = num(el.get(p++));
                if (p + 2 > el.size()) throw new Packed.Corrupt("stream entry");
                StreamId id = new StreamId(master.ms() + num(el.get(p++)), master.seq() + num(el.get(p++)));
                int n;
                boolean same = (flags & FLAG_SAMEFIELDS) != 0;
                n = same ? mf.length : (int) num(el.get(p++));
                if (n < 0 || p + (same ? n : 2L * n) + 1 > el.size()) throw new Packed.Corrupt("stream entry");
                byte[][] fv = new byte[2 * n][];
                for (int f = 0; f < n; f++) {
                    fv[2 * f] = same ? mf[f] : el.get(p++);
                    fv[2 * f + 1] = el.get(p++);
                }
                p++; // lp-count
                ids.add(id);
                fvs.add(fv);
                deleted.add((flags & FLAG_DELETED) != 0);
            }
            long liveCount = deleted.stream().filter(x -> !x).count();
            if (liveCount != live || ids.size() - liveCount != dead) throw new Packed.Corrupt("stream node counts");
            s.loadNode(master, mf, ids, fvs, deleted, blob.length);
        }
        long length = r.len();
        StreamId last = new StreamId(r.len(), r.len());
        StreamId first = StreamId.MIN, maxDeleted = StreamId.MIN;
        long added;
        if (v >= 2) {
            first = new StreamId(r.len(), r.len());
            maxDeleted = new StreamId(r.len(), r.len());
            added = r.len();
        } else {
            added = length;
            StreamId f = s.edgeId(true);
            if (f != null) first = f;
        }
        if (length != s.liveEntries()) throw new Packed.Corrupt("stream length");
        s.loaded(length, last, first, maxDeleted, added);
        long groups = r.count();
        for (long gi = 0; gi < groups; gi++) {
            byte[] name = r.string();
            StreamId gid = new StreamId(r.len(), r.len());
            long entriesRead = RedisStream.INVALID_ENTRIES_READ;
            if (v >= 2) entriesRead = r.len();
            else entriesRead = s.estimateDistanceFromFirstEverEntry(gid, false);
            RedisStream.Group g = s.createGroup(name, gid, entriesRead);
            if (g == null) throw new Packed.Corrupt("duplicate group");
            long pel = r.count();
            for (long i = 0; i < pel; i++) {
                StreamId id = idFrom(r.bytes(16));
                long delivery = r.millis();
                long count = r.len();
                if (g.pel.put(id, new RedisStream.Nack(null, delivery, count)) != null) throw new Packed.Corrupt("duplicate pel");
            }
            long consumers = r.count();
            for (long ci = 0; ci < consumers; ci++) {
                byte[] cname = r.string();
                long seen = r.millis();
                RedisStream.Consumer c = g.createConsumer(cname, seen);
                if (c == null) throw new Packed.Corrupt("duplicate consumer");
                c.activeTime = v >= 3 ? r.millis() : seen;
                long cpel = r.count();
                for (long i = 0; i < cpel; i++) {
                    StreamId id = idFrom(r.bytes(16));
                    RedisStream.Nack n = g.pel.get(id);
                    if (n == null || n.consumer != null) throw new Packed.Corrupt("consumer pel");
                    n.consumer = c;
                    c.pel.put(id, n);
                }
            }
            for (RedisStream.Nack n : g.pel.values()) {
                if (n.consumer == null) throw new Packed.Corrupt("orphan pel");
            }
        }
        return s;
    }
}
