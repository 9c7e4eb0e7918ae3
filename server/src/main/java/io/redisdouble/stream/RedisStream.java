package io.redisdouble.stream;

import io.redisdouble.keyspace.CopyableValue;
import io.redisdouble.util.Bytes;
import io.redisdouble.util.Listpack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A stream value (stream.h / t_stream.c): entries ordered by ID, kept as Redis keeps them — in
 * nodes (Redis's listpacks in a radix tree keyed by each node's master ID) — so that everything that
 * depends on node boundaries comes out as in Redis: a node takes entries until its listpack would
 * reach stream-node-max-bytes or it holds stream-node-max-entries entries (deleted ones included),
 * {@code MAXLEN ~} / {@code MINID ~} remove whole nodes only, a node goes when its last live entry
 * is deleted, and XINFO's radix-tree-keys / radix-tree-nodes count them. Listpack sizes are
 * computed from Redis's encoding (integers stored as integers, lpEncodeBacklen) without storing the
 * bytes. Finding a node is O(log n) (a sorted map of nodes), an entry inside it a binary search.
 *
 * <p>Besides the entries: length, last ID, first ID, max deleted entry ID, entries added (7.0), and
 * the consumer groups, each with its last delivered ID, entries read, pending entries list and
 * consumers (by name, in byte order as rax orders them).
 */
public final class RedisStream implements CopyableValue {
    /**
     * One listpack: its master ID and master fields, and its entries (deleted ones stay, flagged, until
     * the node goes) packed into one byte array, as Redis packs them into the listpack, so that an entry
     * costs about its bytes and no objects. Each entry: a flags byte ({@link #DELETED},
     * {@link #SAME_FIELDS}), the ID as differences from the master ID (milliseconds as an unsigned varint,
     * sequence as a zigzag varint), then unless the fields are the master's the field count and each
     * field, and each value, every string as a varint length and its bytes. Entries are found by a scan
     * from the start of the node, as Redis scans a listpack (a node holds at most stream-node-max-entries
     * entries or stream-node-max-bytes bytes).
     */
    static final class Node {
        static final byte DELETED = 1, SAME_FIELDS = 2;

        final StreamId master;
        final byte[][] masterFields;
        byte[] data;
        int used; // bytes of data in use
        int lastOffset; // where the last entry starts
        int size; // entries, deleted included
        int live;
        int deletedCount;
        long bytes; // the listpack's size in Redis

        Node(StreamId master, byte[][] masterFields) {
            this.master = master;
            this.masterFields = masterFields;
        }

        Node copy() {
            Node n = new Node(master, masterFields);
            n.data = data == null ? null : Arrays.copyOf(data, used);
            n.used = used;
            n.lastOffset = lastOffset;
            n.size = size;
            n.live = live;
            n.deletedCount = deletedCount;
            n.bytes = bytes;
            return n;
        }

        void setCounts(int newLive, int newDeleted) {
            bytes += Listpack.intSize(newLive) - Listpack.intSize(live) + Listpack.intSize(newDeleted) - Listpack.intSize(deletedCount);
            live = newLive;
            deletedCount = newDeleted;
        }

        /** Adds an entry at the end ({@code fv}: field, value…). */
        void add(StreamId id, byte[][] fv, boolean sameFields, boolean deleted) {
            int need = 1 + 10 + 10 + 5;
            for (byte[] b : fv) need += 5 + b.length;
            if (data == null) {
                data = new byte[need];
            } else if (data.length - used < need) {
                data = Arrays.copyOf(data, (int) Math.min(Integer.MAX_VALUE - 8, Math.max((long) used + need, used + (used >> 1))));
            }
            lastOffset = used;
            data[used++] = (byte) ((deleted ? DELETED : 0) | (sameFields ? SAME_FIELDS : 0));
            putVarint(id.ms() - master.ms());
            long ds = id.seq() - master.seq();
            putVarint((ds << 1) ^ (ds >> 63));
            int n = fv.length / 2;
            if (!sameFields) putVarint(n);
            for (int i = 0; i < n; i++) {
                if (!sameFields) putString(fv[2 * i]);
                putString(fv[2 * i + 1]);
            }
            size++;
        }

        /** Gives back the spare room of the byte array (once no more entries come). */
        void seal() {
            if (data != null && data.length != used) data = Arrays.copyOf(data, used);
        }

        private void putVarint(long v) {
            while ((v & ~0x7FL) != 0) {
                data[used++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            data[used++] = (byte) v;
        }

        private void putString(byte[] b) {
            putVarint(b.length);
            System.arraycopy(b, 0, data, used, b.length);
            used += b.length;
        }

        /** Where each entry starts, in order. */
        int[] offsets() {
            int[] o = new int[size];
            Cursor c = new Cursor(this);
            for (int i = 0; c.next(); i++) o[i] = c.start;
            return o;
        }
    }

    /** Reads a node's entries: {@link #next} moves to the following entry, {@link #at} to a given one. */
    static final class Cursor {
        final Node n;
        int pos; // where the next entry starts
        int start; // where the current entry starts
        int payload; // where its field count / fields / values start
        int flags;
        long ms, seq;

        Cursor(Node n) {
            this.n = n;
        }

        boolean next() {
            if (pos >= n.used) return false;
            at(pos);
            return true;
        }

        void at(int offset) {
            start = offset;
            pos = offset;
            flags = n.data[pos++];
            ms = n.master.ms() + varint();
            long z = varint();
            seq = n.master.seq() + ((z >>> 1) ^ -(z & 1));
            payload = pos;
            if ((flags & Node.SAME_FIELDS) != 0) {
                for (int i = 0; i < n.masterFields.length; i++) skipString();
            } else {
                int count = (int) varint();
                for (int i = 0; i < 2 * count; i++) skipString();
            }
        }

        boolean deleted() {
            return (flags & Node.DELETED) != 0;
        }

        void markDeleted() {
            n.data[start] |= Node.DELETED;
            flags |= Node.DELETED;
        }

        int compareTo(StreamId o) {
            int c = Long.compareUnsigned(ms, o.ms());
            return c != 0 ? c : Long.compareUnsigned(seq, o.seq());
        }

        StreamId id() {
            return new StreamId(ms, seq);
        }

        /** The current entry's field, value… (fields the same as the master's are its arrays). */
        byte[][] fv() {
            int save = pos;
            pos = payload;
            byte[][] fv;
            if ((flags & Node.SAME_FIELDS) != 0) {
                byte[][] mf = n.masterFields;
                fv = new byte[2 * mf.length][];
                for (int i = 0; i < mf.length; i++) {
                    fv[2 * i] = mf[i];
                    fv[2 * i + 1] = string();
                }
            } else {
                int count = (int) varint();
                fv = new byte[2 * count][];
                for (int i = 0; i < 2 * count; i++) fv[i] = string();
            }
            pos = save;
            return fv;
        }

        private long varint() {
            long v = 0;
            int shift = 0;
            byte b;
            do {
                b = n.data[pos++];
                v |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while (b < 0);
            return v;
        }

        private void skipString() {
            int len = (int) varint();
            pos += len;
        }

        private byte[] string() {
            int len = (int) varint();
            byte[] b = Arrays.copyOfRange(n.data, pos, pos + len);
            pos += len;
            return b;
        }
    }

    /** A pending entry (streamNACK): shared by the group's PEL and its consumer's. */
    public static final class Nack {
        public Consumer consumer;
        public long deliveryTime;
        public long deliveryCount;

        public Nack(Consumer consumer, long deliveryTime, long deliveryCount) {
            this.consumer = consumer;
            this.deliveryTime = deliveryTime;
            this.deliveryCount = deliveryCount;
        }
    }

    /** A consumer (streamConsumer). */
    public static final class Consumer {
        public final byte[] name;
        public long seenTime;
        /** 7.2's active-time, -1 until it first reads or claims. */
        public long activeTime = -1;
        public final TreeMap<StreamId, Nack> pel = new TreeMap<>();

        Consumer(byte[] name, long seenTime) {
            this.name = name;
            this.seenTime = seenTime;
        }
    }

    /** A consumer group (streamCG). */
    public static final class Group {
        public StreamId lastId;
        /** entries_read, or {@link #INVALID_ENTRIES_READ}. */
        public long entriesRead;
        public final TreeMap<StreamId, Nack> pel = new TreeMap<>();
        public final TreeMap<Bytes, Consumer> consumers = new TreeMap<>();

        Group(StreamId lastId, long entriesRead) {
            this.lastId = lastId;
            this.entriesRead = entriesRead;
        }

        public Consumer consumer(byte[] name) {
            return consumers.get(Bytes.wrap(name));
        }

        /** streamCreateConsumer: a new consumer, or null if the name is taken. */
        public Consumer createConsumer(byte[] name, long now) {
            Bytes k = Bytes.wrap(name);
            if (consumers.containsKey(k)) return null;
            Consumer c = new Consumer(name.clone(), now);
            consumers.put(k, c);
            return c;
        }

        /** streamDelConsumer: the consumer and its pending entries (from the group's PEL too). */
        public void deleteConsumer(Consumer c) {
            for (StreamId id : c.pel.keySet()) pel.remove(id);
            consumers.remove(Bytes.wrap(c.name));
        }

        /** Removes a pending entry from the group and its consumer. */
        public void ack(StreamId id, Nack n) {
            pel.remove(id);
            if (n.consumer != null) n.consumer.pel.remove(id);
        }
    }

    public static final long INVALID_ENTRIES_READ = -1;

    private final TreeMap<StreamId, Node> nodes = new TreeMap<>();
    private long length;
    private StreamId lastId = StreamId.MIN;
    private StreamId firstId = StreamId.MIN;
    private StreamId maxDeletedId = StreamId.MIN;
    private long entriesAdded;
    private TreeMap<Bytes, Group> groups;

    public long length() {
        return length;
    }

    public StreamId lastId() {
        return lastId;
    }

    public void lastId(StreamId id) {
        lastId = id;
    }

    public StreamId firstId() {
        return firstId;
    }

    public StreamId maxDeletedId() {
        return maxDeletedId;
    }

    public void maxDeletedId(StreamId id) {
        maxDeletedId = id;
    }

    public long entriesAdded() {
        return entriesAdded;
    }

    public void entriesAdded(long n) {
        entriesAdded = n;
    }

    // ---- entries --------------------------------------------------------------------------------------

    /**
     * streamAppendItem's node handling for an entry with ID {@code id} (already checked to be greater
     * than the last ID) and {@code fv} (field, value…): appended to the last node, or to a new node when
     * the last one would reach {@code maxBytes} (0 = no limit but 1 GB) or holds {@code maxEntries}
     * (0 = no limit) entries, deleted ones included.
     */
    public void append(StreamId id, byte[][] fv, long maxBytes, long maxEntries) {
        int numFields = fv.length / 2;
        long totelelen = 0;
        for (byte[] b : fv) totelelen += b.length;
        Map.Entry<StreamId, Node> tail = nodes.lastEntry();
        Node lp = tail == null ? null : tail.getValue();
        if (lp != null) {
            long nodeMaxBytes = maxBytes;
            if (nodeMaxBytes == 0 || nodeMaxBytes > Listpack.MAX_SIZE) nodeMaxBytes = Listpack.MAX_SIZE;
            if (lp.bytes + totelelen >= nodeMaxBytes) lp = null;
            else if (maxEntries != 0 && lp.live + lp.deletedCount >= maxEntries) lp = null;
        }
        boolean sameFields;
        if (lp == null) {
            Node prev = tail == null ? null : tail.getValue();
            byte[][] fields = new byte[numFields][];
            for (int i = 0; i < numFields; i++) fields[i] = fv[2 * i];
            if (prev != null) {
                prev.seal();
                if (Arrays.deepEquals(prev.masterFields, fields)) fields = prev.masterFields;
            }
            lp = new Node(id, fields);
            long b = Listpack.HEADER_AND_END + Listpack.intSize(0) + Listpack.intSize(0) + Listpack.intSize(numFields);
            for (byte[] f : fields) b += Listpack.strSize(f);
            b += Listpack.intSize(0);
            lp.bytes = b;
            nodes.put(id, lp);
            sameFields = true;
        } else {
            sameFields = numFields == lp.masterFields.length;
            for (int i = 0; sameFields && i < numFields; i++) sameFields = Arrays.equals(fv[2 * i], lp.masterFields[i]);
        }
        lp.setCounts(lp.live + 1, lp.deletedCount);
        long b = Listpack.intSize(sameFields ? 2 : 0) + Listpack.intSize(id.ms() - lp.master.ms())
                + Listpack.intSize(id.seq() - lp.master.seq());
        if (!sameFields) b += Listpack.intSize(numFields);
        for (int i = 0; i < numFields; i++) {
            if (!sameFields) b += Listpack.strSize(fv[2 * i]);
            b += Listpack.strSize(fv[2 * i + 1]);
        }
        b += Listpack.intSize(numFields + 3 + (sameFields ? 0 : numFields + 1));
        lp.bytes += b;
        lp.add(id, fv, sameFields, false);
        length++;
        entriesAdded++;
        lastId = id;
        if (length == 1) firstId = id;
    }

    /** The live entry with this ID (its field, value… array), or null. */
    public byte[][] get(StreamId id) {
        Map.Entry<StreamId, Node> e = nodes.floorEntry(id);
        if (e == null) return null;
        Cursor c = find(e.getValue(), id);
        return c == null || c.deleted() ? null : c.fv();
    }

    /** The cursor on the entry with this ID in the node, or null. */
    private static Cursor find(Node n, StreamId id) {
        Cursor c = new Cursor(n);
        while (c.next()) {
            int cmp = c.compareTo(id);
            if (cmp == 0) return c;
            if (cmp > 0) return null;
        }
        return null;
    }

    /** streamEntryExists. */
    public boolean exists(StreamId id) {
        return get(id) != null;
    }

    /** Receives entries of a range, in order; returns false to stop. */
    public interface Visitor {
        boolean entry(StreamId id, byte[][] fv);
    }

    /**
     * The live entries with start ≤ ID ≤ end, ascending (or descending if {@code rev}), as
     * streamIteratorGetID yields them, until the visitor returns false.
     */
    public void range(StreamId start, StreamId end, boolean rev, Visitor v) {
        if (start.compareTo(end) > 0) return;
        if (!rev) {
            StreamId from = nodes.floorKey(start);
            if (from == null) from = start;
            for (Node n : nodes.tailMap(from, true).values()) {
                if (n.master.compareTo(end) > 0) return;
                Cursor c = new Cursor(n);
                while (c.next()) {
                    if (c.compareTo(start) < 0) continue;
                    if (c.compareTo(end) > 0) return;
                    if (c.deleted()) continue;
                    if (!v.entry(c.id(), c.fv())) return;
                }
            }
        } else {
            for (Node n : nodes.headMap(end, true).descendingMap().values()) {
                Cursor c = new Cursor(n);
                int[] offsets = n.offsets();
                for (int i = offsets.length - 1; i >= 0; i--) {
                    c.at(offsets[i]);
                    if (c.compareTo(end) > 0) continue;
                    if (c.compareTo(start) < 0) return;
                    if (c.deleted()) continue;
                    if (!v.entry(c.id(), c.fv())) return;
                }
            }
        }
    }

    /** The first (or last) live entry's ID, or null if there is none. */
    public StreamId edgeId(boolean first) {
        StreamId[] out = new StreamId[1];
        range(StreamId.MIN, StreamId.MAX, !first, (id, fv) -> {
            out[0] = id;
            return false;
        });
        return out[0];
    }

    /** streamLastValidID: the last live entry's ID (0-0 for an empty stream). */
    public StreamId lastValidId() {
        StreamId id = edgeId(false);
        return id == null ? StreamId.MIN : id;
    }

    /**
     * streamDeleteItem plus XDEL's bookkeeping of one ID: marks the entry deleted (its node goes with
     * its last live entry); updates the max deleted ID. Returns false if there was no such live entry.
     * The caller updates the first ID ({@link #deletedFirst}).
     */
    public boolean delete(StreamId id) {
        Map.Entry<StreamId, Node> e = nodes.floorEntry(id);
        if (e == null) return false;
        Node n = e.getValue();
        Cursor c = find(n, id);
        if (c == null || c.deleted()) return false;
        if (n.live == 1) {
            nodes.remove(n.master);
        } else {
            c.markDeleted();
            n.setCounts(n.live - 1, n.deletedCount + 1);
        }
        length--;
        return true;
    }

    /** XDEL's end: the first ID after deletions (0-0 when empty; recomputed if the first entry went). */
    public void afterDelete(boolean firstDeleted) {
        if (length == 0) firstId = StreamId.MIN;
        else if (firstDeleted) firstId = edgeId(true);
    }

    /**
     * streamTrim: by length ({@code minId} null) to {@code maxlen}, or by ID (entries below
     * {@code minId}); {@code approx} removes whole nodes only; {@code limit} (0 = none) caps the
     * entries removed. Returns how many were removed.
     */
    public long trim(long maxlen, StreamId minId, boolean approx, long limit) {
        boolean byLen = minId == null;
        long deleted = 0;
        while (!nodes.isEmpty()) {
            if (byLen && length <= maxlen) break;
            Node n = nodes.firstEntry().getValue();
            long entries = n.live;
            if (limit != 0 && deleted + entries > limit) break;
            boolean removeNode;
            if (byLen) removeNode = length - entries >= maxlen;
            else {
                Cursor last = new Cursor(n);
                last.at(n.lastOffset);
                removeNode = last.compareTo(minId) < 0;
            }
            if (removeNode) {
                nodes.remove(n.master);
                length -= entries;
                deleted += entries;
                continue;
            }
            if (approx) break;
            int fromLp = 0;
            Cursor c = new Cursor(n);
            while (c.next()) {
                boolean stop = byLen ? length <= maxlen : c.compareTo(minId) >= 0;
                if (stop) break;
                if (!c.deleted()) {
                    c.markDeleted();
                    fromLp++;
                    length--;
                }
            }
            deleted += fromLp;
            n.setCounts(n.live - fromLp, n.deletedCount + fromLp);
            break;
        }
        if (length == 0) firstId = StreamId.MIN;
        else if (deleted != 0) firstId = edgeId(true);
        return deleted;
    }

    /** The ID of the first entry of the first node, deleted or not (streamGetEdgeID without skipping). */
    public StreamId firstIdWithTombstones() {
        if (nodes.isEmpty()) return StreamId.MAX;
        Cursor c = new Cursor(nodes.firstEntry().getValue());
        c.next();
        return c.id();
    }

    /** The listpack bytes of all nodes (MEMORY USAGE's estimate). */
    public long listpackBytes() {
        long b = 0;
        for (Node n : nodes.values()) b += n.bytes;
        return b;
    }

    /** XINFO radix-tree-keys: how many nodes. */
    public int nodeCount() {
        return nodes.size();
    }

    /**
     * XINFO radix-tree-nodes: the nodes of Redis's compressed radix tree over the nodes' 16-byte keys:
     * the root, every key, every prefix with two or more children, and each child of such a prefix.
     */
    public long raxNodes() {
        List<byte[]> keys = new ArrayList<>(nodes.size());
        for (StreamId id : nodes.keySet()) keys.add(id.encode());
        Set<Bytes> prefixes = new HashSet<>();
        prefixes.add(Bytes.EMPTY);
        for (byte[] k : keys) prefixes.add(Bytes.wrap(k));
        for (int i = 1; i < keys.size(); i++) {
            byte[] a = keys.get(i - 1), b = keys.get(i);
            int l = 0;
            while (l < 16 && a[l] == b[l]) l++;
            prefixes.add(Bytes.wrap(Arrays.copyOf(b, l)));
            prefixes.add(Bytes.wrap(Arrays.copyOf(a, l + 1)));
            prefixes.add(Bytes.wrap(Arrays.copyOf(b, l + 1)));
        }
        return prefixes.size();
    }

    // ---- DUMP / RESTORE (rdb.c) ---------------------------------------------------------------------------

    /** One node as DUMP writes it: its master entry and its entries (deleted ones flagged) in order. */
    public interface NodeVisitor {
        void node(StreamId master, byte[][] masterFields, int live, int deleted, int size, StreamId[] ids,
                  byte[][][] fv, boolean[] deletedFlags);
    }

    /** Visits the nodes in ID order (their entries decoded into arrays of {@code size} slots; read only). */
    public void forEachNode(NodeVisitor v) {
        for (Node n : nodes.values()) {
            StreamId[] ids = new StreamId[n.size];
            byte[][][] fv = new byte[n.size][][];
            boolean[] deleted = new boolean[n.size];
            Cursor c = new Cursor(n);
            for (int i = 0; c.next(); i++) {
                ids[i] = c.id();
                fv[i] = c.fv();
                deleted[i] = c.deleted();
            }
            v.node(n.master, n.masterFields, n.live, n.deletedCount, n.size, ids, fv, deleted);
        }
    }

    /**
     * RESTORE: adds a node as a payload carries it ({@code bytes}: its listpack's size), entries ascending
     * and after every node already added. The stream's counters are set afterwards by {@link #loaded}.
     */
    public void loadNode(StreamId master, byte[][] masterFields, List<StreamId> ids, List<byte[][]> fv,
                         List<Boolean> deleted, long bytes) {
        Map.Entry<StreamId, Node> tail = nodes.lastEntry();
        if (tail != null) tail.getValue().seal();
        Node n = new Node(master, masterFields);
        int size = ids.size();
        int dead = 0;
        for (int i = 0; i < size; i++) {
            byte[][] e = fv.get(i);
            boolean same = e.length / 2 == masterFields.length;
            for (int f = 0; same && f < masterFields.length; f++) same = Arrays.equals(e[2 * f], masterFields[f]);
            boolean del = deleted.get(i);
            n.add(ids.get(i), e, same, del);
            if (del) dead++;
        }
        n.seal();
        n.live = size - dead;
        n.deletedCount = dead;
        n.bytes = bytes;
        nodes.put(master, n);
    }

    /** RESTORE: the counters a payload carries. */
    public void loaded(long length, StreamId lastId, StreamId firstId, StreamId maxDeletedId, long entriesAdded) {
        this.length = length;
        this.lastId = lastId;
        this.firstId = firstId;
        this.maxDeletedId = maxDeletedId;
        this.entriesAdded = entriesAdded;
    }

    /** The live entries counted over the nodes (RESTORE checks the payload's length against it). */
    public long liveEntries() {
        long n = 0;
        for (Node x : nodes.values()) n += x.live;
        return n;
    }

    // ---- groups ---------------------------------------------------------------------------------------

    public Group group(byte[] name) {
        return groups == null ? null : groups.get(Bytes.wrap(name));
    }

    /** streamCreateCG: a new group, or null if the name is taken. */
    public Group createGroup(byte[] name, StreamId lastId, long entriesRead) {
        if (groups == null) groups = new TreeMap<>();
        Bytes k = Bytes.wrap(name);
        if (groups.containsKey(k)) return null;
        Group g = new Group(lastId, entriesRead);
        groups.put(k, g);
        return g;
    }

    public boolean destroyGroup(byte[] name) {
        return groups != null && groups.remove(Bytes.wrap(name)) != null;
    }

    /** The groups by name, in rax order. */
    public Map<Bytes, Group> groups() {
        return groups == null ? Map.of() : groups;
    }

    /**
     * streamRangeHasTombstones (end = +inf when null). Before 8.0 ({@code afterTombstones} false) a max
     * deleted ID before the first entry means none.
     */
    public boolean rangeHasTombstones(StreamId start, StreamId end, boolean afterTombstones) {
        if (length == 0 || maxDeletedId.isZero()) return false;
        if (!afterTombstones && firstId.compareTo(maxDeletedId) > 0) return false;
        StreamId s = start == null ? StreamId.MIN : start;
        StreamId e = end == null ? StreamId.MAX : end;
        return s.compareTo(maxDeletedId) <= 0 && maxDeletedId.compareTo(e) <= 0;
    }

    /**
     * streamEstimateDistanceFromFirstEverEntry, or {@link #INVALID_ENTRIES_READ}. From 8.0
     * ({@code afterTombstones}) an ID before the max deleted ID has no estimate.
     */
    public long estimateDistanceFromFirstEverEntry(StreamId id, boolean afterTombstones) {
        if (entriesAdded == 0) return 0;
        if (length == 0 && id.compareTo(lastId) < 1) return entriesAdded;
        if (afterTombstones && !id.isZero() && id.compareTo(maxDeletedId) < 0) return INVALID_ENTRIES_READ;
        int cmpLast = id.compareTo(lastId);
        if (cmpLast == 0) return entriesAdded;
        if (cmpLast > 0) return INVALID_ENTRIES_READ;
        int cmpIdFirst = id.compareTo(firstId);
        int cmpXdelFirst = maxDeletedId.compareTo(firstId);
        if (maxDeletedId.isZero() || cmpXdelFirst < 0) {
            if (cmpIdFirst < 0) return entriesAdded - length;
            if (cmpIdFirst == 0) return entriesAdded - length + 1;
        }
        return INVALID_ENTRIES_READ;
    }

    /**
     * streamReplyWithCGLag's value: the group's lag, or null when it cannot be known. From 8.0
     * ({@code afterTombstones}) an emptied stream has no lag and a group behind the first entry and every
     * tombstone lags by the stream's length.
     */
    public Long lag(Group g, boolean afterTombstones) {
        if (entriesAdded == 0) return 0L;
        if (afterTombstones && length == 0) return 0L;
        if (afterTombstones && g.lastId.compareTo(firstId) < 0 && maxDeletedId.compareTo(firstId) < 0) return length;
        if (g.entriesRead != INVALID_ENTRIES_READ && !rangeHasTombstones(g.lastId, null, afterTombstones)) {
            return entriesAdded - g.entriesRead;
        }
        long read = estimateDistanceFromFirstEverEntry(g.lastId, afterTombstones);
        return read != INVALID_ENTRIES_READ ? entriesAdded - read : null;
    }

    @Override
    public RedisStream deepCopy() {
        RedisStream s = new RedisStream();
        for (Node n : nodes.values()) s.nodes.put(n.master, n.copy());
        s.length = length;
        s.lastId = lastId;
        s.firstId = firstId;
        s.maxDeletedId = maxDeletedId;
        s.entriesAdded = entriesAdded;
        if (groups != null) {
            s.groups = new TreeMap<>();
            for (Map.Entry<Bytes, Group> ge : groups.entrySet()) {
                Group g = ge.getValue();
                Group ng = new Group(g.lastId, g.entriesRead);
                for (Map.Entry<Bytes, Consumer> ce : g.consumers.entrySet()) {
                    Consumer c = ce.getValue();
                    Consumer nc = new Consumer(c.name, c.seenTime);
                    nc.activeTime = c.activeTime;
                    ng.consumers.put(ce.getKey(), nc);
                }
                for (Map.Entry<StreamId, Nack> pe : g.pel.entrySet()) {
                    Nack n = pe.getValue();
                    Consumer nc = n.consumer == null ? null : ng.consumers.get(Bytes.wrap(n.consumer.name));
                    Nack nn = new Nack(nc, n.deliveryTime, n.deliveryCount);
                    ng.pel.put(pe.getKey(), nn);
                    if (nc != null) nc.pel.put(pe.getKey(), nn);
                }
                s.groups.put(ge.getKey(), ng);
            }
        }
        return s;
    }
}
