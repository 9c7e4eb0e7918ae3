package io.redisdouble.keyspace;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A set's hashtable encoding: the members of a {@link RedisSet} that left the intset / listpack forms.
 * The same table as {@link Dict} (same hash, buckets, chain order, growth and shrink rules, hence the
 * same SSCAN cursor guarantee, iteration order and random draws) without an entry object per member:
 * members, their hashes and chain links sit in parallel arrays indexed by entry number (kept dense: a
 * removal moves the last entry into the hole), and each bucket holds the number of its chain's first
 * entry. A member costs its array, a reference and two ints (plus the bucket slot), where a
 * {@link Dict.Entry} with its expiry and metadata would cost another 40 bytes.
 */
final class MemberTable {
    private static final int MIN_SIZE = 4;
    private static final int NONE = -1;
    /** Chain positions {@link #random} draws from, as {@link Dict}'s. */
    private static final int FAIR_CHAIN = 8;

    private byte[][] keys = new byte[MIN_SIZE][];
    private int[] hashes = new int[MIN_SIZE];
    private int[] next = new int[MIN_SIZE];
    private int[] buckets = newBuckets(MIN_SIZE);
    private int size;

    private static int[] newBuckets(int n) {
        int[] b = new int[n];
        Arrays.fill(b, NONE);
        return b;
    }

    int size() {
        return size;
    }

    boolean contains(byte[] key) {
        int h = Dict.hash(key);
        for (int e = buckets[h & (buckets.length - 1)]; e != NONE; e = next[e]) {
            if (hashes[e] == h && Arrays.equals(keys[e], key)) return true;
        }
        return false;
    }

    /** Adds the member; false if it was there. */
    boolean add(byte[] key) {
        int h = Dict.hash(key);
        int idx = h & (buckets.length - 1);
        for (int e = buckets[idx]; e != NONE; e = next[e]) {
            if (hashes[e] == h && Arrays.equals(keys[e], key)) return false;
        }
        if (size == keys.length) {
            int cap = keys.length + (keys.length >> 1);
            keys = Arrays.copyOf(keys, cap);
            hashes = Arrays.copyOf(hashes, cap);
            next = Arrays.copyOf(next, cap);
        }
        int e = size++;
        keys[e] = key;
        hashes[e] = h;
        next[e] = buckets[idx];
        buckets[idx] = e;
        if (size > buckets.length) resize(buckets.length * 2);
        return true;
    }

    /** Removes the member; false if it was not there. */
    boolean remove(byte[] key) {
        int h = Dict.hash(key);
        int idx = h & (buckets.length - 1);
        int prev = NONE;
        for (int e = buckets[idx]; e != NONE; prev = e, e = next[e]) {
            if (hashes[e] == h && Arrays.equals(keys[e], key)) {
                if (prev == NONE) buckets[idx] = next[e];
                else next[prev] = next[e];
                int last = --size;
                if (e != last) moveEntry(last, e);
                keys[last] = null;
                shrinkIfSparse();
                return true;
            }
        }
        return false;
    }

    /** Moves entry {@code from} to the free number {@code to}, relinking whatever pointed to it. */
    private void moveEntry(int from, int to) {
        int idx = hashes[from] & (buckets.length - 1);
        if (buckets[idx] == from) {
            buckets[idx] = to;
        } else {
            int p = buckets[idx];
            while (next[p] != from) p = next[p];
            next[p] = to;
        }
        keys[to] = keys[from];
        hashes[to] = hashes[from];
        next[to] = next[from];
    }

    private void shrinkIfSparse() {
        if (buckets.length > MIN_SIZE && (long) size * 10 < buckets.length) {
            int n = MIN_SIZE;
            while (n < size) n <<= 1;
            resize(n);
            int cap = Math.max(MIN_SIZE, size + (size >> 1));
            if (cap < keys.length) {
                keys = Arrays.copyOf(keys, cap);
                hashes = Arrays.copyOf(hashes, cap);
                next = Arrays.copyOf(next, cap);
            }
        }
    }

    /** Dict's resize: every chain walked in bucket order, each entry pushed on its new bucket's chain. */
    private void resize(int newSize) {
        int[] old = buckets;
        int[] t = newBuckets(newSize);
        int mask = newSize - 1;
        for (int head : old) {
            int e = head;
            while (e != NONE) {
                int n = next[e];
                int idx = hashes[e] & mask;
                next[e] = t[idx];
                t[idx] = e;
                e = n;
            }
        }
        buckets = t;
    }

    /** As {@link Dict#scan}: visits the bucket at {@code cursor}, returns the next cursor (0 at the end). */
    long scan(long cursor, Consumer<byte[]> visitor) {
        if (size == 0) return 0;
        long mask = buckets.length - 1;
        int head = buckets[(int) (cursor & mask)];
        if (head != NONE) {
            if (next[head] == NONE) {
                visitor.accept(keys[head]);
            } else {
                int n = 0;
                for (int e = head; e != NONE; e = next[e]) n++;
                byte[][] chain = new byte[n][];
                n = 0;
                for (int e = head; e != NONE; e = next[e]) chain[n++] = keys[e];
                for (byte[] k : chain) visitor.accept(k);
            }
        }
        cursor |= ~mask;
        cursor = Long.reverse(cursor);
        cursor++;
        cursor = Long.reverse(cursor);
        return cursor;
    }

    /** The number of buckets (a power of two), for tests of the SCAN guarantee. */
    int buckets() {
        return buckets.length;
    }

    /** Every member once, in bucket order. The visitor must not modify the table. */
    void forEach(Consumer<byte[]> visitor) {
        for (int head : buckets) {
            for (int e = head; e != NONE; e = next[e]) visitor.accept(keys[e]);
        }
    }

    /** As {@link Dict#random}: every member equally likely, drawing (bucket, chain position) pairs. */
    byte[] random(RandomGenerator rnd) {
        if (size == 0) return null;
        int[] t = buckets;
        for (int tries = 0; tries < 1024; tries++) {
            int e = t[rnd.nextInt(t.length)];
            for (int pos = rnd.nextInt(FAIR_CHAIN); e != NONE && pos > 0; pos--) e = next[e];
            if (e != NONE) return keys[e];
        }
        while (true) {
            int head = t[rnd.nextInt(t.length)];
            if (head == NONE) continue;
            int len = 0;
            for (int e = head; e != NONE; e = next[e]) len++;
            int e = head;
            for (int pick = rnd.nextInt(len); pick > 0; pick--) e = next[e];
            return keys[e];
        }
    }
}
