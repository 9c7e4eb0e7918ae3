package io.redisdouble.keyspace;

import io.redisdouble.util.Listpack;
import java.util.Arrays;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/**
 * Which encoding Redis 7.2+ would give a list (t_list.c, quicklist.c), for OBJECT ENCODING: a
 * <b>listpack</b> while it stays within list-max-listpack-size, then a <b>quicklist</b> of listpack
 * nodes, which goes back to a listpack when it has shrunk to one node within half the limit. The nodes'
 * element counts and byte sizes are tracked exactly (each element's listpack size: integers encoded
 * as integers, strings with their header, each with its backlen), because where a quicklist splits and
 * merges its nodes decides when it may become a listpack again. The elements themselves stay in the
 * {@link RedisList}; this only counts.
 */
final class ListEncoding {
    /** LP_HDR_SIZE plus LP_EOF: an empty listpack's bytes. */
    private static final long EMPTY_LISTPACK = 7;
    /** quicklist.c optimization_level: the byte limit of fill -1 … -5. */
    private static final long[] SIZE_LEVELS = {4096, 8192, 16384, 32768, 65536};
    /** SIZE_SAFETY_LIMIT: a node of a count-limited quicklist stays within 8 KB anyway. */
    private static final long SIZE_SAFETY_LIMIT = 8192;
    /** SIZE_ESTIMATE_OVERHEAD: what _quicklistNodeAllowInsert adds to an element's length. */
    private static final long SIZE_ESTIMATE_OVERHEAD = 8;

    private final EncodingLimits limits;
    private boolean quicklist;
    /**
     * The quicklist's own fill (quicklist->fill), fixed when it was made: list-max-listpack-size then
     * (or -2, quicklistCreate's default, for SORT … STORE in 7.2). Node inserts and merges use it; the
     * conversions read the configuration as it is now.
     */
    private int fill;
    /** Listpack form: the listpack's bytes. */
    private long lpBytes = EMPTY_LISTPACK;
    /** Quicklist form: element count and listpack bytes of each node, head first, in [0, nodes). */
    private int[] counts = new int[4];
    private long[] sizes = new long[4];
    /** PLAIN nodes (7.4+): one element too large for a listpack node, its size its length. */
    private boolean[] plain = new boolean[4];
    private int nodes;

    ListEncoding(EncodingLimits limits, boolean quicklist, int fill) {
        this.limits = limits;
        this.quicklist = quicklist;
        this.fill = fill;
    }

    private ListEncoding(ListEncoding o) {
        limits = o.limits;
        quicklist = o.quicklist;
        fill = o.fill;
        lpBytes = o.lpBytes;
        counts = o.counts.clone();
        sizes = o.sizes.clone();
        plain = o.plain.clone();
        nodes = o.nodes;
    }

    ListEncoding copy() {
        return new ListEncoding(this);
    }

    String name() {
        return quicklist ? "quicklist" : "listpack";
    }

    /** An element's bytes in a listpack (lpInsert: its encoding and its backlen). */
    static long entrySize(byte[] v) {
        return Listpack.strSize(v);
    }

    // ---- conversions (listTypeTryConversion*) ----------------------------------------------------------

    /**
     * listTypeTryConvertListpack, before elements are added: a listpack whose bytes plus {@code addBytes}
     * (the new elements' lengths) or whose length plus {@code addLength} would exceed the limit becomes a
     * quicklist holding it as its one node.
     */
    void growing(int length, long addBytes, long addLength) {
        if (quicklist) return;
        if (exceeds(limits.listSize(), lpBytes + addBytes, length + addLength)) {
            quicklist = true;
            fill = limits.listSize();
            nodes = 0;
            if (length > 0) insertNode(0, length, lpBytes, false);
        }
    }

    /**
     * listTypeTryConvertQuicklist: a quicklist of one node within the limit (within half of it when
     * {@code shrinking}) becomes that node's listpack.
     */
    void tryListpack(boolean shrinking) {
        if (!quicklist || nodes != 1 || plain[0]) return;
        long szLimit;
        long countLimit;
        int fill = limits.listSize();
        if (fill >= 0) {
            szLimit = Long.MAX_VALUE;
            countLimit = fill == 0 ? 1 : fill;
        } else {
            szLimit = sizeLevel(fill);
            countLimit = 0xFFFFFFFFL;
        }
        if (shrinking) {
            szLimit = szLimit == Long.MAX_VALUE ? szLimit : szLimit / 2;
            countLimit /= 2;
        }
        if (sizes[0] > szLimit || counts[0] > countLimit) return;
        quicklist = false;
        lpBytes = sizes[0];
        nodes = 0;
    }

    // ---- structure ----------------------------------------------------------------------------------------

    /** listTypePush: at the head or the tail (quicklistPushHead / Tail). */
    void pushed(boolean head, byte[] v) {
        long es = entrySize(v);
        if (!quicklist) {
            lpBytes += es;
            return;
        }
        int k = head ? 0 : nodes - 1;
        if (isLarge(v.length)) {
            insertNode(head ? 0 : nodes, 1, v.length, true);
        } else if (nodes > 0 && allowInsert(k, v.length)) {
            counts[k]++;
            sizes[k] += es;
        } else {
            insertNode(head ? 0 : nodes, 1, EMPTY_LISTPACK + es, false);
        }
    }

    /**
     * listTypeReplaceAtIndex (quicklistReplaceEntry), before the list holds {@code now} at {@code index}:
     * in a listpack node the element is replaced in place; a large element replacing one of a listpack
     * node gets a PLAIN node after it (the node split after the element, which it loses, and the nodes
     * around merged); a PLAIN node takes a large element in place, a small one is inserted after it and
     * the node dropped.
     */
    void replaced(int index, byte[] was, byte[] now, IntFunction<byte[]> at) {
        long diff = entrySize(now) - entrySize(was);
        if (!quicklist) {
            lpBytes += diff;
            return;
        }
        int k = nodeOf(index);
        boolean large = isLarge(now.length);
        if (!plain[k] && !large) {
            sizes[k] += diff;
        } else if (plain[k] && large) {
            sizes[k] = now.length;
        } else if (plain[k]) {
            inserted(index, true, now, at);
            deleteNode(k);
        } else {
            int offset = index - firstIndexOf(k);
            if (offset != counts[k] - 1) splitAfter(k, offset, at);
            insertNode(k + 1, 1, now.length, true);
            if (counts[k] == 1) {
                deleteNode(k);
            } else {
                counts[k]--;
                sizes[k] -= entrySize(was);
                mergeAround(k + 1);
            }
        }
    }

    /**
     * _quicklistSplitNode(node k, offset, after = 1): node k keeps [0, offset], a new node right after it
     * takes the rest. Returns nothing: the new node is {@code k + 1}.
     */
    private void splitAfter(int k, int offset, IntFunction<byte[]> at) {
        int first = firstIndexOf(k);
        long kept = EMPTY_LISTPACK;
        for (int i = 0; i <= offset; i++) kept += entrySize(at.apply(first + i));
        int restCount = counts[k] - offset - 1;
        long restBytes = sizes[k] - kept + EMPTY_LISTPACK;
        counts[k] = offset + 1;
        sizes[k] = kept;
        insertNode(k + 1, restCount, restBytes, false);
    }

    /** _quicklistSplitNode(node k, offset, after = 0): node k keeps [offset, end], a new node {@code k} before it the rest. */
    private void splitBefore(int k, int offset, IntFunction<byte[]> at) {
        int first = firstIndexOf(k);
        long rest = EMPTY_LISTPACK;
        for (int i = 0; i < offset; i++) rest += entrySize(at.apply(first + i));
        counts[k] -= offset;
        sizes[k] = sizes[k] - rest + EMPTY_LISTPACK;
        insertNode(k, offset, rest, false);
    }

    /** Removes the elements whose (current) positions {@code removed} accepts; {@code at} reads them. */
    void removed(int size, IntPredicate removed, IntFunction<byte[]> at) {
        if (!quicklist) {
            for (int i = 0; i < size; i++) if (removed.test(i)) lpBytes -= entrySize(at.apply(i));
            return;
        }
        int pos = 0;
        for (int k = 0; k < nodes; ) {
            int n = counts[k];
            int gone = 0;
            long bytes = 0;
            for (int i = pos; i < pos + n; i++) {
                if (removed.test(i)) {
                    gone++;
                    bytes += entrySize(at.apply(i));
                }
            }
            pos += n;
            if (gone == n) {
                deleteNode(k); // quicklistDelIndex / DelRange drop a node that emptied
            } else {
                counts[k] -= gone;
                sizes[k] -= bytes;
                k++;
            }
        }
    }

    /** Removes elements [from, from + count) (pops, LTRIM). */
    void removedRange(int size, int from, int count, IntFunction<byte[]> at) {
        if (count <= 0) return;
        if (!quicklist) {
            for (int i = from; i < from + count; i++) lpBytes -= entrySize(at.apply(i));
            return;
        }
        int k = 0;
        int pos = 0;
        while (pos + counts[k] <= from) pos += counts[k++];
        int off = from - pos;
        int left = count;
        int i = from;
        while (left > 0) {
            int take = Math.min(counts[k] - off, left);
            if (off == 0 && take == counts[k]) {
                deleteNode(k);
            } else {
                long bytes = 0;
                for (int j = 0; j < take; j++) bytes += entrySize(at.apply(i + j));
                counts[k] -= take;
                sizes[k] -= bytes;
                k++;
            }
            i += take;
            left -= take;
            off = 0;
        }
    }

    /**
     * listTypeInsert next to the element at {@code pivot} (before it, or after it), the new element not
     * yet in the list; {@code at} reads the list's elements (for the sizes of a node that splits).
     * _quicklistInsert: into the pivot's node if it has room; at a node's edge into the neighbour if that
     * has room, or into a new node; otherwise the node splits at the pivot, the new element joins the
     * split-off part, and the nodes around are merged where they fit (_quicklistMergeNodes).
     */
    void inserted(int pivot, boolean after, byte[] v, IntFunction<byte[]> at) {
        long es = entrySize(v);
        if (!quicklist) {
            lpBytes += es;
            return;
        }
        int k = nodeOf(pivot);
        int offset = pivot - firstIndexOf(k);
        boolean full = !allowInsert(k, v.length);
        boolean atTail = after && offset == counts[k] - 1;
        boolean atHead = !after && offset == 0;
        boolean availNext = atTail && k + 1 < nodes && allowInsert(k + 1, v.length);
        boolean availPrev = atHead && k > 0 && allowInsert(k - 1, v.length);
        if (isLarge(v.length)) {
            if (plain[k] || atTail || atHead) {
                insertNode(after ? k + 1 : k, 1, v.length, true);
            } else if (after) {
                splitAfter(k, offset, at);
                insertNode(k + 1, 1, v.length, true);
            } else {
                splitBefore(k, offset, at);
                insertNode(k + 1, 1, v.length, true);
            }
            return;
        }
        if (!full) {
            counts[k]++;
            sizes[k] += es;
        } else if (atTail && availNext) {
            counts[k + 1]++;
            sizes[k + 1] += es;
        } else if (atHead && availPrev) {
            counts[k - 1]++;
            sizes[k - 1] += es;
        } else if (atTail || atHead) {
            insertNode(after ? k + 1 : k, 1, EMPTY_LISTPACK + es, false);
        } else {
            // The node splits at the pivot; the element joins the split-off part (first after, last
            // before), then the nodes around the node are merged where they fit.
            if (after) {
                splitAfter(k, offset, at);
                counts[k + 1]++;
                sizes[k + 1] += es;
                mergeAround(k);
            } else {
                splitBefore(k, offset, at);
                counts[k]++;
                sizes[k] += es;
                mergeAround(k + 1);
            }
        }
    }

    /** _quicklistMergeNodes(center). */
    private void mergeAround(int center) {
        // prev_prev with prev
        if (center >= 2 && allowMerge(center - 1, center - 2)) {
            merge(center - 2);
            center--;
        }
        // next with next_next
        if (center + 2 < nodes && allowMerge(center + 1, center + 2)) merge(center + 1);
        // center with its previous node, then the result with its next
        int target = center;
        if (center >= 1 && allowMerge(center, center - 1)) {
            merge(center - 1);
            target = center - 1;
        }
        if (target + 1 < nodes && allowMerge(target, target + 1)) merge(target);
    }

    /** Joins node {@code k + 1} into node {@code k} (lpMerge: one header and end byte fewer). */
    private void merge(int k) {
        counts[k] += counts[k + 1];
        sizes[k] += sizes[k + 1] - EMPTY_LISTPACK;
        deleteNode(k + 1);
    }

    /** _quicklistNodeAllowMerge. */
    private boolean allowMerge(int a, int b) {
        if (plain[a] || plain[b]) return false;
        long mergeSz = (sizes[a] + sizes[b] - EMPTY_LISTPACK) & 0xFFFFFFFFL; // an unsigned int in C
        return !exceeds(fill, mergeSz, (long) counts[a] + counts[b]);
    }

    /** _quicklistNodeAllowInsert for an element of {@code len} bytes. */
    private boolean allowInsert(int k, long len) {
        if (plain[k] || isLarge(len)) return false;
        return !exceeds(fill, sizes[k] + len + SIZE_ESTIMATE_OVERHEAD, counts[k] + 1L);
    }

    /** quicklistNodeExceedsLimit. */
    private static boolean exceeds(int fill, long newSz, long newCount) {
        if (fill < 0) return newSz > sizeLevel(fill);
        if (newSz > SIZE_SAFETY_LIMIT) return true;
        return newCount > (fill == 0 ? 1 : fill);
    }

    /** isLargeElement: 7.4+ beyond the node limit (quicklistNodeNegFillLimit, or 8 KB), 7.2 from 1 GB. */
    private boolean isLarge(long len) {
        if (!limits.plainLargeListElements()) return len >= 1L << 30;
        return fill >= 0 ? len > SIZE_SAFETY_LIMIT : len > sizeLevel(fill);
    }

    private static long sizeLevel(int fill) {
        long offset = -(long) fill - 1;
        return SIZE_LEVELS[(int) Math.min(offset, SIZE_LEVELS.length - 1)];
    }

    private int nodeOf(int index) {
        int pos = 0;
        for (int k = 0; k < nodes; k++) {
            if (index < pos + counts[k]) return k;
            pos += counts[k];
        }
        throw new IllegalStateException("index " + index + " beyond the quicklist");
    }

    private int firstIndexOf(int k) {
        int pos = 0;
        for (int i = 0; i < k; i++) pos += counts[i];
        return pos;
    }

    private void insertNode(int at, int count, long bytes, boolean isPlain) {
        if (nodes == counts.length) {
            counts = Arrays.copyOf(counts, nodes * 2);
            sizes = Arrays.copyOf(sizes, nodes * 2);
            plain = Arrays.copyOf(plain, nodes * 2);
        }
        System.arraycopy(counts, at, counts, at + 1, nodes - at);
        System.arraycopy(sizes, at, sizes, at + 1, nodes - at);
        System.arraycopy(plain, at, plain, at + 1, nodes - at);
        counts[at] = count;
        sizes[at] = bytes;
        plain[at] = isPlain;
        nodes++;
    }

    private void deleteNode(int k) {
        System.arraycopy(counts, k + 1, counts, k, nodes - k - 1);
        System.arraycopy(sizes, k + 1, sizes, k, nodes - k - 1);
        System.arraycopy(plain, k + 1, plain, k, nodes - k - 1);
        nodes--;
    }

    /**
     * The quicklist's nodes, head first: each node's element count, negated for a PLAIN node; null while
     * a listpack (DUMP writes a node per entry).
     */
    int[] nodeCounts() {
        if (!quicklist) return null;
        int[] out = new int[nodes];
        for (int k = 0; k < nodes; k++) out[k] = plain[k] ? -counts[k] : counts[k];
        return out;
    }

    /** {listpack bytes of all nodes, node count}; a listpack is one node. */
    long[] bytesAndNodes() {
        if (!quicklist) return new long[] {lpBytes, 1};
        long b = 0;
        for (int k = 0; k < nodes; k++) b += sizes[k];
        return new long[] {b, nodes};
    }

    /** For tests: the node counts and sizes must add up to the list. */
    void check(int size, IntFunction<byte[]> at) {
        if (!quicklist) {
            long b = EMPTY_LISTPACK;
            for (int i = 0; i < size; i++) b += entrySize(at.apply(i));
            if (b != lpBytes) throw new IllegalStateException("listpack bytes " + lpBytes + ", elements make " + b);
            return;
        }
        int pos = 0;
        for (int k = 0; k < nodes; k++) {
            if (counts[k] <= 0) throw new IllegalStateException("empty node " + k);
            if (plain[k]) {
                if (counts[k] != 1 || sizes[k] != at.apply(pos).length) throw new IllegalStateException("plain node " + k);
                pos++;
                continue;
            }
            long b = EMPTY_LISTPACK;
            for (int i = pos; i < pos + counts[k]; i++) b += entrySize(at.apply(i));
            if (b != sizes[k]) throw new IllegalStateException("node " + k + " bytes " + sizes[k] + ", elements make " + b);
            pos += counts[k];
        }
        if (pos != size) throw new IllegalStateException("nodes hold " + pos + " of " + size);
    }
}
