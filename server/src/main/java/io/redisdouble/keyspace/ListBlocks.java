package io.redisdouble.keyspace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The elements of a {@link RedisList}, packed as Redis packs them into listpacks: blocks of
 * {@link #K} element slots, each block one byte array of its elements (a varint length, then the
 * bytes), in a ring of blocks. Every block but the first and the last is full, so element i is in
 * block (skip + i) / K: finding it is a division and a scan of at most K lengths inside the block (a
 * sequential read continues where the previous one stopped). Pushes and pops at both ends touch one
 * block; LSET rewrites one block; an insertion or removal inside the list rewrites the blocks from
 * there to the end. Only the end blocks keep spare room (a full block is trimmed to its bytes).
 * Elements read are copies: nothing outside sees the blocks.
 */
final class ListBlocks {
    static final int K = 32;

    private byte[][] blocks = new byte[4][];
    private int[] used = new int[4];
    /** Ring index of block 0. */
    private int first;
    private int nblocks;
    /** Slots of block 0 before its first element. */
    private int skip;
    private int size;
    // where the last read stopped: block, element of the block, byte offset
    private int cacheBlock = -1, cachePos, cacheOff;

    int size() {
        return size;
    }

    private int ring(int b) {
        int i = first + b;
        return i >= blocks.length ? i - blocks.length : i;
    }

    /** Elements in block b. */
    private int countIn(int b) {
        int start = b == 0 ? skip : b * K;
        int end = Math.min(skip + size, (b + 1) * K);
        return end - start;
    }

    /** The byte offset of element p of block b. */
    private int seek(int b, int p) {
        byte[] d = blocks[ring(b)];
        int pos = 0, off = 0;
        if (cacheBlock == b && cachePos <= p) {
            pos = cachePos;
            off = cacheOff;
        }
        while (pos < p) {
            int len = 0, shift = 0;
            byte x;
            do {
                x = d[off++];
                len |= (x & 0x7F) << shift;
                shift += 7;
            } while (x < 0);
            off += len;
            pos++;
        }
        cacheBlock = b;
        cachePos = p;
        cacheOff = off;
        return off;
    }

    private static int varintSize(int v) {
        int n = 1;
        while ((v & ~0x7F) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    /** The element whose length starts at {@code off} in {@code d}. */
    private static byte[] decode(byte[] d, int off) {
        int len = 0, shift = 0;
        byte x;
        do {
            x = d[off++];
            len |= (x & 0x7F) << shift;
            shift += 7;
        } while (x < 0);
        return Arrays.copyOfRange(d, off, off + len);
    }

    /** Bytes of the element whose length starts at {@code off}. */
    private static int encodedSize(byte[] d, int off) {
        int start = off, len = 0, shift = 0;
        byte x;
        do {
            x = d[off++];
            len |= (x & 0x7F) << shift;
            shift += 7;
        } while (x < 0);
        return off - start + len;
    }

    private static int encode(byte[] v, byte[] d, int off) {
        int len = v.length;
        while ((len & ~0x7F) != 0) {
            d[off++] = (byte) ((len & 0x7F) | 0x80);
            len >>>= 7;
        }
        d[off++] = (byte) len;
        System.arraycopy(v, 0, d, off, v.length);
        return off + v.length;
    }

    /** Element i (0 ≤ i &lt; size), a copy. */
    byte[] get(int i) {
        int g = skip + i;
        int b = g / K;
        int p = b == 0 ? i : g - b * K;
        int off = seek(b, p);
        return decode(blocks[ring(b)], off);
    }

    /** Replaces element i (0 ≤ i &lt; size). */
    void set(int i, byte[] v) {
        int g = skip + i;
        int b = g / K;
        int p = b == 0 ? i : g - b * K;
        int r = ring(b);
        int off = seek(b, p);
        byte[] d = blocks[r];
        int oldSize = encodedSize(d, off);
        int newSize = varintSize(v.length) + v.length;
        byte[] n = new byte[used[r] - oldSize + newSize];
        System.arraycopy(d, 0, n, 0, off);
        int end = encode(v, n, off);
        System.arraycopy(d, off + oldSize, n, end, used[r] - off - oldSize);
        blocks[r] = n;
        used[r] = n.length;
        cacheBlock = -1;
    }

    private void growRing() {
        if (nblocks < blocks.length) return;
        int cap = blocks.length * 2;
        byte[][] nb = new byte[cap][];
        int[] nu = new int[cap];
        for (int b = 0; b < nblocks; b++) {
            nb[b] = blocks[ring(b)];
            nu[b] = used[ring(b)];
        }
        blocks = nb;
        used = nu;
        first = 0;
    }

    private void shrinkRing() {
        if (blocks.length <= 16 || nblocks >= blocks.length / 4) return;
        int cap = blocks.length / 2;
        byte[][] nb = new byte[cap][];
        int[] nu = new int[cap];
        for (int b = 0; b < nblocks; b++) {
            nb[b] = blocks[ring(b)];
            nu[b] = used[ring(b)];
        }
        blocks = nb;
        used = nu;
        first = 0;
    }

    /** Room for {@code need} more bytes in ring slot r. */
    private void ensure(int r, int need) {
        byte[] d = blocks[r];
        if (d == null) {
            blocks[r] = new byte[need];
        } else if (d.length - used[r] < need) {
            long cap = Math.max((long) used[r] + need, Math.min(2L * d.length, (long) used[r] + need + 4096));
            blocks[r] = Arrays.copyOf(d, (int) Math.min(cap, Integer.MAX_VALUE - 8));
        }
    }

    /** A full block gives back its spare room. */
    private void trimIfFull(int b) {
        if (countIn(b) == K) {
            int r = ring(b);
            if (blocks[r].length != used[r]) blocks[r] = Arrays.copyOf(blocks[r], used[r]);
        }
    }

    void pushTail(byte[] v) {
        cacheBlock = -1;
        if (nblocks == 0 || skip + size == nblocks * K) {
            growRing();
            int r = ring(nblocks);
            blocks[r] = null;
            used[r] = 0;
            nblocks++;
            if (nblocks == 1) skip = 0;
        }
        int b = nblocks - 1;
        int r = ring(b);
        int need = varintSize(v.length) + v.length;
        ensure(r, need);
        used[r] = encode(v, blocks[r], used[r]);
        size++;
        trimIfFull(b);
    }

    void pushHead(byte[] v) {
        cacheBlock = -1;
        if (nblocks == 0 || skip == 0) {
            growRing();
            first = first == 0 ? blocks.length - 1 : first - 1;
            blocks[first] = null;
            used[first] = 0;
            nblocks++;
            skip = K;
        }
        int r = ring(0);
        int need = varintSize(v.length) + v.length;
        ensure(r, need);
        byte[] d = blocks[r];
        System.arraycopy(d, 0, d, need, used[r]);
        encode(v, d, 0);
        used[r] += need;
        skip--;
        size++;
        trimIfFull(0);
    }

    private void clear() {
        Arrays.fill(blocks, null);
        if (blocks.length > 16) {
            blocks = new byte[4][];
            used = new int[4];
        } else {
            Arrays.fill(used, 0);
        }
        first = 0;
        nblocks = 0;
        skip = 0;
        size = 0;
        cacheBlock = -1;
    }

    private void dropHeadBlock() {
        blocks[first] = null;
        used[first] = 0;
        first = ring(1);
        nblocks--;
        skip = 0;
        shrinkRing();
    }

    private void dropTailBlock() {
        int r = ring(nblocks - 1);
        blocks[r] = null;
        used[r] = 0;
        nblocks--;
        shrinkRing();
    }

    byte[] popHead() {
        byte[] v = get(0);
        removeRange(0, 1);
        return v;
    }

    byte[] popTail() {
        int b = nblocks - 1;
        int n = countIn(b);
        if (n == 1) {
            byte[] v = get(size - 1);
            removeRange(size - 1, 1);
            return v;
        }
        // one scan of the last block: the element's offset is where the block now ends
        int r = ring(b);
        int off = seek(b, n - 1);
        byte[] v = decode(blocks[r], off);
        used[r] = off;
        size--;
        cacheBlock = -1;
        return v;
    }

    /** Inserts v so that it becomes element {@code index} (0 ≤ index ≤ size). */
    void insert(int index, byte[] v) {
        if (index == 0) {
            pushHead(v);
        } else if (index == size) {
            pushTail(v);
        } else {
            int b = (skip + index) / K;
            List<byte[]> tail = elementsFrom(b);
            tail.add(index - firstIndexOf(b), v);
            replaceFrom(b, tail);
        }
    }

    /** Removes elements [from, from + count). */
    void removeRange(int from, int count) {
        if (count <= 0) return;
        cacheBlock = -1;
        if (count == size) {
            clear();
        } else if (from == 0) {
            while (count >= countIn(0)) {
                int n = countIn(0);
                count -= n;
                size -= n;
                dropHeadBlock();
            }
            if (count > 0) {
                int r = ring(0);
                int off = seek(0, count);
                System.arraycopy(blocks[r], off, blocks[r], 0, used[r] - off);
                used[r] -= off;
                skip += count;
                size -= count;
            }
        } else if (from + count == size) {
            while (count >= countIn(nblocks - 1)) {
                int n = countIn(nblocks - 1);
                count -= n;
                size -= n;
                dropTailBlock();
            }
            if (count > 0) {
                int b = nblocks - 1;
                int off = seek(b, countIn(b) - count);
                used[ring(b)] = off;
                size -= count;
            }
        } else {
            int b = (skip + from) / K;
            List<byte[]> tail = elementsFrom(b);
            int at = from - firstIndexOf(b);
            tail.subList(at, at + count).clear();
            replaceFrom(b, tail);
        }
        cacheBlock = -1;
    }

    /** The list index of block b's first element. */
    private int firstIndexOf(int b) {
        return b == 0 ? 0 : b * K - skip;
    }

    /** Copies of the elements of blocks b… in order. */
    private List<byte[]> elementsFrom(int b) {
        List<byte[]> out = new ArrayList<>(size - firstIndexOf(b) + 1);
        for (int i = firstIndexOf(b); i < size; i++) out.add(get(i));
        return out;
    }

    /** Replaces blocks b… by {@code elements}. */
    void replaceFrom(int b, List<byte[]> elements) {
        int kept = firstIndexOf(b);
        for (int j = b; j < nblocks; j++) {
            int r = ring(j);
            blocks[r] = null;
            used[r] = 0;
        }
        nblocks = b;
        size = kept;
        if (b == 0) skip = 0;
        cacheBlock = -1;
        for (byte[] e : elements) pushTail(e);
        shrinkRing();
    }

    ListBlocks copy() {
        ListBlocks c = new ListBlocks();
        int cap = Math.max(4, Integer.highestOneBit(Math.max(1, nblocks)) * 2);
        c.blocks = new byte[cap][];
        c.used = new int[cap];
        for (int b = 0; b < nblocks; b++) {
            int r = ring(b);
            c.blocks[b] = Arrays.copyOf(blocks[r], used[r]);
            c.used[b] = used[r];
        }
        c.nblocks = nblocks;
        c.skip = skip;
        c.size = size;
        return c;
    }
}
