package io.redisdouble.keyspace;

import java.util.Arrays;

/**
 * A list value (t_list.c's quicklist, as LINDEX, LSET and LRANGE see it): a ring buffer of elements,
 * so pushes and pops at both ends are O(1), LINDEX / LSET anywhere are O(1) (Redis: O(n) in the worst
 * case), LINSERT / LREM shift at most half the list. Element arrays are owned by the list and never
 * modified in place. A list is never empty in the keyspace: the commands delete the key with its last
 * element.
 *
 * <p>Redis stores integer-like elements as integers in its listpacks, but only those that string2ll
 * reads back to the same bytes, so every element is replied exactly as it was pushed: no conversion here.
 */
public final class RedisList implements CopyableValue {
    private byte[][] items;
    /** Index in {@link #items} of element 0. */
    private int head;
    private int size;
    /** The encoding Redis 7.2+ would have (listpack or quicklist); null before 7.2, always a quicklist. */
    private ListEncoding enc;
    /** quicklist->fill when the list was made (DUMP splits a 6.2 / 7.0 quicklist by it); 0: not known. */
    private int fill;

    /** A list as 6.2 / 7.0 keep it (a quicklist, whatever its size). */
    public RedisList() {
        items = new byte[8][];
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

    private RedisList(byte[][] items, int size, ListEncoding enc) {
        this.items = items;
        this.size = size;
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
        if (enc != null) enc.growing(size, addBytes, addLength);
    }

    /** listTypeTryConversion: a quicklist back to a listpack if it fits (within half the limit when shrinking). */
    public void tryListpack(boolean shrinking) {
        if (enc != null) enc.tryListpack(shrinking);
    }

    /** The listpack bytes and node count Redis would hold this list in (MEMORY USAGE's estimate). */
    public long[] listpackBytesAndNodes() {
        if (enc != null) return enc.bytesAndNodes();
        long b = 0;
        for (int i = 0; i < size; i++) b += ListEncoding.entrySize(get(i));
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
        if (enc != null) enc.check(size, this::get);
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    private int slot(int index) {
        int i = head + index;
        return i >= items.length ? i - items.length : i;
    }

    /** The element at {@code index} (0 ≤ index &lt; size). */
    public byte[] get(int index) {
        return items[slot(index)];
    }

    /** Replaces the element at {@code index} (0 ≤ index &lt; size). */
    public void set(int index, byte[] value) {
        if (enc != null) enc.replaced(index, get(index), value, this::get);
        items[slot(index)] = value;
    }

    /**
     * An index as LINDEX / LSET take it (negative counts from the tail), or -1 if out of range.
     */
    public int resolve(long index) {
        if (index < 0) index += size;
        return index < 0 || index >= size ? -1 : (int) index;
    }

    private void grow() {
        byte[][] bigger = new byte[Math.max(8, items.length * 2)][];
        copyTo(bigger);
        items = bigger;
        head = 0;
    }

    private void copyTo(byte[][] dst) {
        int first = Math.min(size, items.length - head);
        System.arraycopy(items, head, dst, 0, first);
        System.arraycopy(items, 0, dst, first, size - first);
    }

    public void pushHead(byte[] value) {
        if (enc != null) enc.pushed(true, value);
        if (size == items.length) grow();
        head = head == 0 ? items.length - 1 : head - 1;
        items[head] = value;
        size++;
    }

    public void pushTail(byte[] value) {
        if (enc != null) enc.pushed(false, value);
        if (size == items.length) grow();
        items[slot(size)] = value;
        size++;
    }

    public void push(byte[] value, boolean head) {
        if (head) pushHead(value);
        else pushTail(value);
    }

    /** Removes and returns the first element (the list must not be empty). */
    public byte[] popHead() {
        if (enc != null) enc.removedRange(size, 0, 1, this::get);
        byte[] v = items[head];
        items[head] = null;
        head = head + 1 == items.length ? 0 : head + 1;
        size--;
        if (size == 0) head = 0;
        shrinkIfSparse();
        return v;
    }

    /** Removes and returns the last element (the list must not be empty). */
    public byte[] popTail() {
        if (enc != null) enc.removedRange(size, size - 1, 1, this::get);
        int s = slot(size - 1);
        byte[] v = items[s];
        items[s] = null;
        size--;
        if (size == 0) head = 0;
        shrinkIfSparse();
        return v;
    }

    public byte[] pop(boolean head) {
        return head ? popHead() : popTail();
    }

    /** Keeps memory proportional to the content after a list shrank a lot (a drained queue). */
    private void shrinkIfSparse() {
        if (items.length > 64 && size < items.length / 4) {
            byte[][] smaller = new byte[Math.max(8, items.length / 2)][];
            copyTo(smaller);
            items = smaller;
            head = 0;
        }
    }

    /** listTypeInsert: {@code value} right after (or before) the element at {@code pivot}. */
    public void insertAt(int pivot, boolean after, byte[] value) {
        if (enc != null) enc.inserted(pivot, after, value, this::get);
        insert(after ? pivot + 1 : pivot, value);
    }

    /** Inserts {@code value} so that it becomes element {@code index} (0 ≤ index ≤ size), the encoding told. */
    private void insert(int index, byte[] value) {
        if (index == 0 || index == size) {
            if (size == items.length) grow();
            if (index == 0) {
                head = head == 0 ? items.length - 1 : head - 1;
                items[head] = value;
            } else {
                items[slot(size)] = value;
            }
            size++;
            return;
        }
        if (size == items.length) grow();
        if (index < size / 2) {
            // shift elements [0, index) one step towards the head
            head = head == 0 ? items.length - 1 : head - 1;
            for (int i = 0; i < index; i++) items[slot(i)] = items[slot(i + 1)];
        } else {
            for (int i = size; i > index; i--) items[slot(i)] = items[slot(i - 1)];
        }
        items[slot(index)] = value;
        size++;
    }

    /** Removes elements [from, from + count) (a range inside the list). */
    public void removeRange(int from, int count) {
        if (count <= 0) return;
        if (enc != null) enc.removedRange(size, from, count, this::get);
        if (from == 0) {
            for (int i = 0; i < count; i++) items[slot(i)] = null;
            head = slot(count);
        } else {
            int tail = size - from - count;
            for (int i = 0; i < tail; i++) items[slot(from + i)] = items[slot(from + count + i)];
            for (int i = size - count; i < size; i++) items[slot(i)] = null;
        }
        size -= count;
        if (size == 0) head = 0;
        shrinkIfSparse();
    }

    /**
     * Removes the elements equal to {@code value}: at most {@code limit} of them (0 = all), scanning
     * from the head, or from the tail if {@code fromTail}. Returns how many went. O(n), one pass.
     */
    public long removeMatching(byte[] value, long limit, boolean fromTail) {
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
        int n = size - (int) removed;
        byte[][] kept = new byte[n <= 4 ? 8 : Math.max(8, n + n / 2)][];
        int k = 0;
        for (int i = 0; i < size; i++) if (!gone[i]) kept[k++] = get(i);
        items = kept;
        head = 0;
        size = n;
        return removed;
    }

    /** Index of the first element equal to {@code value}, or -1. */
    public int indexOf(byte[] value) {
        for (int i = 0; i < size; i++) {
            if (Arrays.equals(get(i), value)) return i;
        }
        return -1;
    }

    @Override
    public RedisList deepCopy() {
        byte[][] copy = new byte[Math.max(8, size)][];
        copyTo(copy);
        RedisList l = new RedisList(copy, size, enc == null ? null : enc.copy());
        l.fill = fill;
        return l;
    }
}
