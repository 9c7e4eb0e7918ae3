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

    public RedisList() {
        items = new byte[8][];
    }

    private RedisList(byte[][] items, int size) {
        this.items = items;
        this.size = size;
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
        if (size == items.length) grow();
        head = head == 0 ? items.length - 1 : head - 1;
        items[head] = value;
        size++;
    }

    public void pushTail(byte[] value) {
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

    /** Inserts {@code value} so that it becomes element {@code index} (0 ≤ index ≤ size). */
    public void insert(int index, byte[] value) {
        if (index == 0) {
            pushHead(value);
            return;
        }
        if (index == size) {
            pushTail(value);
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
        byte[][] kept = new byte[size][];
        long removed = 0;
        int n = 0;
        if (!fromTail) {
            for (int i = 0; i < size; i++) {
                byte[] e = get(i);
                if ((limit == 0 || removed < limit) && Arrays.equals(e, value)) removed++;
                else kept[n++] = e;
            }
        } else {
            for (int i = size - 1; i >= 0; i--) {
                byte[] e = get(i);
                if ((limit == 0 || removed < limit) && Arrays.equals(e, value)) removed++;
                else kept[n++] = e;
            }
            for (int i = 0, j = n - 1; i < j; i++, j--) {
                byte[] t = kept[i];
                kept[i] = kept[j];
                kept[j] = t;
            }
        }
        if (removed > 0) {
            items = n <= 4 ? Arrays.copyOf(kept, 8) : Arrays.copyOf(kept, Math.max(8, n + n / 2));
            head = 0;
            size = n;
        }
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
        return new RedisList(copy, size);
    }
}
