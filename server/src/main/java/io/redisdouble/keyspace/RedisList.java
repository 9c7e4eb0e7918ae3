package io.redisdouble.keyspace;

import java.util.Arrays;

/**
 * A list value (t_list.c's quicklist, as LINDEX, LSET and LRANGE see it): its elements packed into
 * blocks of byte arrays ({@link ListBlocks}), about as compact as Redis's listpacks. Pushes and pops at
 * both ends touch one block; LINDEX / LSET anywhere find their block by a division and scan at most
 * {@link ListBlocks#K} lengths in it (Redis: O(n) in the worst case); LINSERT / LREM rewrite the blocks
 * from the change to the end. Elements read are copies. A list is never empty in the keyspace: the
 * commands delete the key with its last element.
 *
 * <p>Redis stores integer-like elements as integers in its listpacks, but only those that string2ll
 * reads back to the same bytes, so every element is replied exactly as it was pushed: no conversion here.
 */
public final class RedisList implements CopyableValue {
    private ListBlocks items;
    /** The encoding Redis 7.2+ would have (listpack or quicklist); null before 7.2, always a quicklist. */
    private ListEncoding enc;
    /** quicklist->fill when the list was made (DUMP splits a 6.2 / 7.0 quicklist by it); 0: not known. */
    private int fill;

    /** A list as 6.2 / 7.0 keep it (a quicklist, whatever its size). */
    public RedisList() {
        items = new ListBlocks();
    }

    /**
     * A new list of a server with {@code limits}: from 7.2 a listpack (createListListpackObject), or a
     * quicklist when {@code quicklist} (SORT … STORE builds one, then {@link #tryListpack}).
     */
    public RedisList(EncodingLimits limits, boolean quicklist) {
        this(limits, quicklist, limits.listSize());
    }

    /** As {@link #RedisList(EncodingLimits, boolean)}, a quicklist with its own {@code fill}. */
    public RedisList(EncodingLimits limits, boolean quicklist, int fill) {
        this();
        this.fill = fill;
        if (limits.listpack()) enc = new ListEncoding(limits, quicklist, fill);
    }

    private RedisList(ListBlocks items, ListEncoding enc) {
        this.items = items;
        this.enc = enc;
    }

    /** OBJECT ENCODING's name for this list. */
    public String encodingName() {
        return enc == null ? "quicklist" : enc.name();
    }

    /**
     * listTypeTryConversionAppend, before elements of {@code addBytes} bytes in all are added: a listpack
     * that would grow past list-max-listpack-size becomes a quicklist (7.2+).
     */
    public void growing(long addBytes, long addLength) {
        if (enc != null) enc.growing(size(), addBytes, addLength);
    }

    /** listTypeTryConversion: a quicklist back to a listpack if it fits (within half the limit when shrinking). */
    public void tryListpack(boolean shrinking) {
        if (enc != null) enc.tryListpack(shrinking);
    }

    /** The listpack bytes and node count Redis would hold this list in (MEMORY USAGE's estimate). */
    public long[] listpackBytesAndNodes() {
        if (enc != null) return enc.bytesAndNodes();
        long b = 0;
        for (int i = 0, n = size(); i < n; i++) b += ListEncoding.entrySize(get(i));
        return new long[] {b + 7 * Math.max(1, (b + 8191) / 8192), Math.max(1, (b + 8191) / 8192)};
    }

    /**
     * The quicklist nodes Redis 7.2+ would hold this list in (each node's element count, negated for a
     * PLAIN node), for DUMP; null for a listpack, and for a list of 6.2 / 7.0, whose nodes are not tracked
     * ({@link #fill()}: the fill it was made with, 0 if not known).
     */
    public int fill() {
        return fill;
    }

    public int[] quicklistNodes() {
        return enc == null ? null : enc.nodeCounts();
    }

    /** For tests: the encoding's node counts and sizes agree with the elements. */
    public void checkEncoding() {
        if (enc != null) enc.check(size(), this::get);
    }

    public int size() {
        return items.size();
    }

    public boolean isEmpty() {
        return items.size() == 0;
    }

    /** The element at {@code index} (0 ≤ index &lt; size): a copy, the caller's to keep. */
    public byte[] get(int index) {
        return items.get(index);
    }

    /** Replaces the element at {@code index} (0 ≤ index &lt; size). */
    public void set(int index, byte[] value) {
        if (enc != null) enc.replaced(index, get(index), value, this::get);
        items.set(index, value);
    }

    /**
     * An index as LINDEX / LSET take it (negative counts from the tail), or -1 if out of range.
     */
    public int resolve(long index) {
        int size = size();
        if (index < 0) index += size;
        return index < 0 || index >= size ? -1 : (int) index;
    }

    public void pushHead(byte[] value) {
        if (enc != null) enc.pushed(true, value);
        items.pushHead(value);
    }

    public void pushTail(byte[] value) {
        if (enc != null) enc.pushed(false, value);
        items.pushTail(value);
    }

    public void push(byte[] value, boolean head) {
        if (head) pushHead(value);
        else pushTail(value);
    }

    /** Removes and returns the first element (the list must not be empty). */
    public byte[] popHead() {
        if (enc != null) enc.removedRange(size(), 0, 1, this::get);
        return items.popHead();
    }

    /** Removes and returns the last element (the list must not be empty). */
    public byte[] popTail() {
        if (enc != null) enc.removedRange(size(), size() - 1, 1, this::get);
        return items.popTail();
    }

    public byte[] pop(boolean head) {
        return head ? popHead() : popTail();
    }

    /** listTypeInsert: {@code value} right after (or before) the element at {@code pivot}. */
    public void insertAt(int pivot, boolean after, byte[] value) {
        if (enc != null) enc.inserted(pivot, after, value, this::get);
        insert(after ? pivot + 1 : pivot, value);
    }

    /** Inserts {@code value} so that it becomes element {@code index} (0 ≤ index ≤ size), the encoding told. */
    private void insert(int index, byte[] value) {
        items.insert(index, value);
    }

    /** Removes elements [from, from + count) (a range inside the list). */
    public void removeRange(int from, int count) {
        if (count <= 0) return;
        if (enc != null) enc.removedRange(size(), from, count, this::get);
        items.removeRange(from, count);
    }

    /**
     * Removes the elements equal to {@code value}: at most {@code limit} of them (0 = all), scanning
     * from the head, or from the tail if {@code fromTail}. Returns how many went. O(n), one pass.
     */
    public long removeMatching(byte[] value, long limit, boolean fromTail) {
        int size = size();
        boolean[] gone = new boolean[size];
        long removed = 0;
        for (int j = 0; j < size; j++) {
            int i = fromTail ? size - 1 - j : j;
            if ((limit == 0 || removed < limit) && Arrays.equals(get(i), value)) {
                gone[i] = true;
                removed++;
            }
        }
        if (removed == 0) return 0;
        if (enc != null) enc.removed(size, i -> gone[i], this::get);
        java.util.List<byte[]> kept = new java.util.ArrayList<>(size - (int) removed);
        for (int i = 0; i < size; i++) if (!gone[i]) kept.add(get(i));
        items.replaceFrom(0, kept);
        return removed;
    }

    /** Index of the first element equal to {@code value}, or -1. */
    public int indexOf(byte[] value) {
        for (int i = 0, size = size(); i < size; i++) {
            if (Arrays.equals(get(i), value)) return i;
        }
        return -1;
    }

    @Override
    public RedisList deepCopy() {
        RedisList l = new RedisList(items.copy(), enc == null ? null : enc.copy());
        l.fill = fill;
        return l;
    }
}
