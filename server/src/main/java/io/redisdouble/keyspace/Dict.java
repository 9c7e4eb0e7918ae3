package io.redisdouble.keyspace;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The keyspace's hash table, shaped like Redis's dict so that SCAN has Redis's guarantee: a key present
 * for a whole scan is returned at least once, even when the table grows or shrinks between calls
 * (reverse-binary cursor, dict.c dictScan). Chained buckets, power-of-two size, resized at once
 * (no incremental rehash: one command thread, and tables small enough for tests).
 *
 * <p>Keys are raw byte arrays owned by the table. Each entry carries its value and its absolute expiry
 * deadline in milliseconds ({@link #NO_EXPIRY} when none), so a key costs one node.
 */
public final class Dict {
    public static final long NO_EXPIRY = -1L;
    private static final int MIN_SIZE = 4;

    /** One key. Fields are package-private: {@link Database} owns the semantics. */
    public static final class Entry {
        final byte[] key;
        final int hash;
        Object value;
        long expireAt = NO_EXPIRY;
        Entry next;
        /**
         * For keys of a database: bits 0-23 the value's access stamp ({@link AccessTracker}), bits 24-25
         * how a string value was made ({@link Database#STRING_TRIED} …), which OBJECT ENCODING reads; bit 30
         * whether the bitmap commands own the value's array (Database's OWNED_BYTES).
         */
        int meta;

        Entry(byte[] key, int hash, Object value) {
            this.key = key;
            this.hash = hash;
            this.value = value;
        }

        public byte[] key() {
            return key;
        }

        public Object value() {
            return value;
        }

        public long expireAt() {
            return expireAt;
        }

        /** The value's access stamp (24 bits, see {@link AccessTracker}). */
        public int accessStamp() {
            return meta & AccessTracker.LRU_CLOCK_MAX;
        }

        /** How the string value was made: {@link Database#STRING_TRIED} and the others. */
        public int stringForm() {
            return (meta >>> 24) & 0x3f;
        }
    }

    private Entry[] table = new Entry[MIN_SIZE];
    private int size;

    public int size() {
        return size;
    }

    static int hash(byte[] key) {
        int h = 1;
        for (byte b : key) h = 31 * h + b;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        return h;
    }

    public Entry find(byte[] key) {
        int h = hash(key);
        for (Entry e = table[h & (table.length - 1)]; e != null; e = e.next) {
            if (e.hash == h && Arrays.equals(e.key, key)) return e;
        }
        return null;
    }

    /** Inserts or replaces the value (keeping the entry, hence its expiry, when the key exists). */
    public Entry put(byte[] key, Object value) {
        int h = hash(key);
        int idx = h & (table.length - 1);
        for (Entry e = table[idx]; e != null; e = e.next) {
            if (e.hash == h && Arrays.equals(e.key, key)) {
                e.value = value;
                return e;
            }
        }
        Entry e = new Entry(key, h, value);
        e.next = table[idx];
        table[idx] = e;
        size++;
        if (size > table.length) resize(table.length * 2);
        return e;
    }

    public Entry remove(byte[] key) {
        int h = hash(key);
        int idx = h & (table.length - 1);
        Entry prev = null;
        for (Entry e = table[idx]; e != null; prev = e, e = e.next) {
            if (e.hash == h && Arrays.equals(e.key, key)) {
                if (prev == null) table[idx] = e.next;
                else prev.next = e.next;
                e.next = null;
                size--;
                shrinkIfSparse();
                return e;
            }
        }
        return null;
    }

    public void clear() {
        table = new Entry[MIN_SIZE];
        size = 0;
    }

    private void shrinkIfSparse() {
        // Redis shrinks when used*100/size < HASHTABLE_MIN_FILL (10%).
        if (table.length > MIN_SIZE && (long) size * 10 < table.length) {
            int n = MIN_SIZE;
            while (n < size) n <<= 1;
            resize(n);
        }
    }

    private void resize(int newSize) {
        Entry[] old = table;
        Entry[] t = new Entry[newSize];
        int mask = newSize - 1;
        for (Entry head : old) {
            Entry e = head;
            while (e != null) {
                Entry next = e.next;
                int idx = e.hash & mask;
                e.next = t[idx];
                t[idx] = e;
                e = next;
            }
        }
        table = t;
    }

    /**
     * Visits the bucket at {@code cursor} and returns the next cursor (0 when the scan is complete), as
     * dictScan: the cursor's masked bits are incremented from the most significant bit down (a reversed
     * increment), so that a scan that goes on across table resizes between calls still visits every
     * bucket that holds keys present for the whole scan — possibly some twice after a shrink, none
     * never. Bits of {@code cursor} above the table's mask are ignored, as in Redis (any cursor is
     * valid; a cursor from a larger table resumes at the matching bucket).
     *
     * <p>The visitor may remove the entry it is given (lazy expiry); it must not insert.
     */
    public long scan(long cursor, Consumer<Entry> visitor) {
        if (size == 0) return 0;
        long mask = table.length - 1;
        Entry head = table[(int) (cursor & mask)];
        if (head != null) {
            if (head.next == null) {
                visitor.accept(head);
            } else {
                // Take the chain first: a removal may shrink the table and relink every chain.
                int n = 0;
                for (Entry e = head; e != null; e = e.next) n++;
                Entry[] chain = new Entry[n];
                n = 0;
                for (Entry e = head; e != null; e = e.next) chain[n++] = e;
                for (Entry e : chain) visitor.accept(e);
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
        return table.length;
    }

    /** Every entry once, in bucket order. The visitor must not modify the table. */
    public void forEach(Consumer<Entry> visitor) {
        Entry[] t = table;
        for (Entry head : t) {
            for (Entry e = head; e != null; e = e.next) visitor.accept(e);
        }
    }

    /** Chain positions {@link #random} draws from: entries further down a chain are never picked. */
    private static final int FAIR_CHAIN = 8;

    /**
     * A random entry, every entry equally likely (as dictGetFairRandomKey sets out to be; a plain
     * bucket-then-chain pick favours entries alone in their bucket, which Redis's SRANDMEMBER histogram
     * test notices): a uniform (bucket, position below {@link #FAIR_CHAIN}) pair, drawn again while it
     * names no entry. With at least 10% of the buckets' worth of entries (the shrink threshold) that
     * takes at most 80 draws on average; chains longer than {@link #FAIR_CHAIN} are vanishingly rare
     * at a load factor of at most 1. After 1024 empty draws, a bucket-then-chain pick.
     */
    public Entry random(RandomGenerator rnd) {
        if (size == 0) return null;
        Entry[] t = table;
        for (int tries = 0; tries < 1024; tries++) {
            Entry e = t[rnd.nextInt(t.length)];
            for (int pos = rnd.nextInt(FAIR_CHAIN); e != null && pos > 0; pos--) e = e.next;
            if (e != null) return e;
        }
        while (true) {
            Entry head = t[rnd.nextInt(t.length)];
            if (head == null) continue;
            int len = 0;
            for (Entry e = head; e != null; e = e.next) len++;
            int pick = rnd.nextInt(len);
            Entry e = head;
            while (pick-- > 0) e = e.next;
            return e;
        }
    }
}
