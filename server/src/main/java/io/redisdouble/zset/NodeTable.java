package io.redisdouble.zset;

import java.util.Arrays;

/**
 * The member index of a {@link ZSet}: a hash table of its skip-list nodes keyed by member bytes.
 *
 * <p>Chaining is intrusive (each node carries its cached hash and the next node of its bucket), so
 * the table costs one array slot per bucket and no object per member. Buckets are a power of two;
 * the table grows at load 1 and shrinks below load 1/8, each time rehashing from the cached hashes.
 * Not thread-safe.
 */
final class NodeTable {
    private static final ZSet.Node[] EMPTY = new ZSet.Node[0];
    private static final int MIN_CAPACITY = 4;

    private ZSet.Node[] buckets = EMPTY;
    private int size;

    /** The hash of a member's bytes; what {@link ZSet.Node#hash} caches. */
    static int hash(byte[] member) {
        int h = member.length;
        int n = member.length, i = 0;
        // h = 31 * h + b per byte, four bytes a step so the multiplications do not wait on each other.
        for (; i + 4 <= n; i += 4) {
            h = 923521 * h + 29791 * member[i] + 961 * member[i + 1] + 31 * member[i + 2] + member[i + 3];
        }
        for (; i < n; i++) h = 31 * h + member[i];
        // Murmur3 finalizer: spread the polynomial hash over the low bits used as bucket index.
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    int size() {
        return size;
    }

    /** The node holding {@code member} (whose hash is {@code hash}), or null. */
    ZSet.Node get(byte[] member, int hash) {
        ZSet.Node[] b = buckets;
        if (b.length == 0) return null;
        for (ZSet.Node n = b[hash & (b.length - 1)]; n != null; n = n.hnext) {
            if (n.hash == hash && Arrays.equals(n.member, member)) return n;
        }
        return null;
    }

    /**
     * Reads the buckets and chained hashes of {@code count} members (a cache warm-up for a batch, see
     * {@link ZSet#readAhead}); returns a value computed from them so the reads are not dropped.
     */
    int touch(byte[][] members, int from, int count) {
        ZSet.Node[] b = buckets;
        if (b.length == 0) return 0;
        int mask = b.length - 1, sum = 0;
        for (int j = from; j < from + count; j++) {
            for (ZSet.Node n = b[NodeTable.hash(members[j]) & mask]; n != null; n = n.hnext) sum += n.hash;
        }
        return sum;
    }

    /** Adds a node whose member is not in the table yet; its {@code hash} must already be set. */
    void insert(ZSet.Node node) {
        if (size >= buckets.length) resize(Math.max(MIN_CAPACITY, buckets.length * 2));
        int i = node.hash & (buckets.length - 1);
        node.hnext = buckets[i];
        buckets[i] = node;
        size++;
    }

    /** Removes this very node (by identity); returns false if it is not in the table. */
    boolean remove(ZSet.Node node) {
        ZSet.Node[] b = buckets;
        if (b.length == 0) return false;
        int i = node.hash & (b.length - 1);
        ZSet.Node prev = null;
        for (ZSet.Node n = b[i]; n != null; prev = n, n = n.hnext) {
            if (n != node) continue;
            if (prev == null) b[i] = n.hnext;
            else prev.hnext = n.hnext;
            n.hnext = null;
            size--;
            if (size == 0) buckets = EMPTY;
            else if (b.length > MIN_CAPACITY && size < b.length / 8) resize(capacityFor(size));
            return true;
        }
        return false;
    }

    /**
     * Emits the nodes of bucket {@code cursor & mask} and returns the next cursor (reverse-binary
     * increment of the masked bits, as dict.c dictScan), 0 at the end. The sink must not modify the
     * table.
     */
    long scan(long cursor, RangeSink sink) {
        ZSet.Node[] b = buckets;
        if (size == 0) return 0;
        long mask = b.length - 1;
        for (ZSet.Node n = b[(int) (cursor & mask)]; n != null; n = n.hnext) sink.accept(n.member, n.score);
        cursor |= ~mask;
        cursor = Long.reverse(cursor);
        cursor++;
        return Long.reverse(cursor);
    }

    /** Empties the table. */
    void clear() {
        buckets = EMPTY;
        size = 0;
    }

    private static int capacityFor(int n) {
        int c = MIN_CAPACITY;
        while (c < 2 * n) c <<= 1; // load at most 1/2 after shrinking
        return c;
    }

    private void resize(int capacity) {
        ZSet.Node[] old = buckets;
        ZSet.Node[] b = new ZSet.Node[capacity];
        int mask = capacity - 1;
        for (ZSet.Node head : old) {
            for (ZSet.Node n = head; n != null; ) {
                ZSet.Node next = n.hnext;
                int i = n.hash & mask;
                n.hnext = b[i];
                b[i] = n;
                n = next;
            }
        }
        buckets = b;
    }

    /** Throws AssertionError unless every chained node sits in its hash's bucket and the count is right. */
    void checkInvariants() {
        int count = 0;
        int mask = buckets.length - 1;
        if (buckets.length != 0 && Integer.bitCount(buckets.length) != 1) {
            throw new AssertionError("bucket count not a power of two: " + buckets.length);
        }
        for (int i = 0; i < buckets.length; i++) {
            for (ZSet.Node n = buckets[i]; n != null; n = n.hnext) {
                if ((n.hash & mask) != i) throw new AssertionError("node in wrong bucket");
                if (n.hash != hash(n.member)) throw new AssertionError("stale cached hash");
                if (++count > size) throw new AssertionError("table holds more nodes than its size");
            }
        }
        if (count != size) throw new AssertionError("table size " + size + " but " + count + " nodes");
        if (size > buckets.length) throw new AssertionError("load factor above 1");
    }
}
