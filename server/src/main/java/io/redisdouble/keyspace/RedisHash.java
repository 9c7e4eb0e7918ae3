package io.redisdouble.keyspace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

/**
 * A hash value, in one of Redis's two encodings:
 * <ul>
 *   <li><b>compact</b> (listpack in 7.0, ziplist in 6.2): fields and values alternate in one array in
 *       insertion order; updating a field keeps its place, deleting one closes the gap. Lookups are
 *       linear, as in Redis, which keeps this form only for small hashes. Iteration (HGETALL, HKEYS,
 *       HSCAN…) is in this order, so replies are byte-exact with Redis's.</li>
 *   <li><b>table</b> (hashtable): a {@link Dict}, whose reverse-binary cursor gives HSCAN Redis's
 *       guarantee. Iteration order is the table's; Redis's own order there depends on a hash seed drawn
 *       at start-up, so no client can depend on it. A hash never goes back to compact.</li>
 * </ul>
 * When to convert is the caller's decision (the rules differ between versions: see HashCommands);
 * this class only stores. Field and value arrays are owned by the hash and never modified in place,
 * so {@link #deepCopy()} may share them.
 */
public final class RedisHash implements CopyableValue {
    /** Compact form: f0, v0, f1, v1… ; null once converted to a table. */
    private byte[][] pairs;
    /** Entries in the compact form. */
    private int size;
    /** Table form, or null while compact. */
    private Dict table;

    public RedisHash() {
        pairs = new byte[4][];
    }

    private RedisHash(byte[][] pairs, int size, Dict table) {
        this.pairs = pairs;
        this.size = size;
        this.table = table;
    }

    public int size() {
        return table != null ? table.size() : size;
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    /** True while in the compact (listpack / ziplist) encoding. */
    public boolean isCompact() {
        return table == null;
    }

    /** OBJECT ENCODING's name for this hash; {@code listpack}: the dialect's compact encoding is the listpack. */
    public String encodingName(boolean listpack) {
        return table != null ? "hashtable" : listpack ? "listpack" : "ziplist";
    }

    private int indexOf(byte[] field) {
        for (int i = 0, n = size * 2; i < n; i += 2) {
            if (Arrays.equals(pairs[i], field)) return i;
        }
        return -1;
    }

    /** The value of a field, or null. */
    public byte[] get(byte[] field) {
        if (table != null) {
            Dict.Entry e = table.find(field);
            return e == null ? null : (byte[]) e.value;
        }
        int i = indexOf(field);
        return i < 0 ? null : pairs[i + 1];
    }

    public boolean contains(byte[] field) {
        return table != null ? table.find(field) != null : indexOf(field) >= 0;
    }

    /** Sets a field (in place if it exists, else appended); true if the field is new. */
    public boolean put(byte[] field, byte[] value) {
        if (table != null) {
            int before = table.size();
            table.put(field, value);
            return table.size() != before;
        }
        int i = indexOf(field);
        if (i >= 0) {
            pairs[i + 1] = value;
            return false;
        }
        if (size * 2 == pairs.length) pairs = Arrays.copyOf(pairs, pairs.length * 2);
        pairs[size * 2] = field;
        pairs[size * 2 + 1] = value;
        size++;
        return true;
    }

    /** Removes a field; true if it was there. */
    public boolean remove(byte[] field) {
        if (table != null) return table.remove(field) != null;
        int i = indexOf(field);
        if (i < 0) return false;
        System.arraycopy(pairs, i + 2, pairs, i, size * 2 - i - 2);
        size--;
        pairs[size * 2] = null;
        pairs[size * 2 + 1] = null;
        if (pairs.length > 8 && size * 8 <= pairs.length) pairs = Arrays.copyOf(pairs, pairs.length / 2);
        return true;
    }

    /** hashTypeConvert(OBJ_ENCODING_HT): moves every entry into a table, for good. */
    public void convertToTable() {
        if (table != null) return;
        Dict t = new Dict();
        for (int i = 0; i < size * 2; i += 2) t.put(pairs[i], pairs[i + 1]);
        table = t;
        pairs = null;
        size = 0;
    }

    /** Every field and value, in the encoding's iteration order. The visitor must not modify the hash. */
    public void forEach(BiConsumer<byte[], byte[]> visitor) {
        if (table != null) {
            table.forEach(e -> visitor.accept(e.key, (byte[]) e.value));
        } else {
            for (int i = 0; i < size * 2; i += 2) visitor.accept(pairs[i], pairs[i + 1]);
        }
    }

    /** Compact form only: the i-th field in insertion order. */
    public byte[] fieldAt(int i) {
        return pairs[i * 2];
    }

    /** Compact form only: the i-th value in insertion order. */
    public byte[] valueAt(int i) {
        return pairs[i * 2 + 1];
    }

    /**
     * Table form only: visits one bucket and returns the next cursor (0 at the end), as dictScan;
     * see {@link Dict#scan}. The visitor must not modify the hash.
     */
    public long scan(long cursor, BiConsumer<byte[], byte[]> visitor) {
        return table.scan(cursor, e -> visitor.accept(e.key, (byte[]) e.value));
    }

    /** A random entry as {field, value} (the hash must not be empty). */
    public byte[][] randomEntry(RandomGenerator rnd) {
        if (table != null) {
            Dict.Entry e = table.random(rnd);
            return new byte[][] {e.key, (byte[]) e.value};
        }
        int i = rnd.nextInt(size);
        return new byte[][] {pairs[i * 2], pairs[i * 2 + 1]};
    }

    /** Every entry as {field, value}, in iteration order. */
    public List<byte[][]> entries() {
        List<byte[][]> out = new ArrayList<>(size());
        forEach((f, v) -> out.add(new byte[][] {f, v}));
        return out;
    }

    @Override
    public Object deepCopy() {
        if (table != null) {
            Dict t = new Dict();
            table.forEach(e -> t.put(e.key, e.value));
            return new RedisHash(null, 0, t);
        }
        return new RedisHash(Arrays.copyOf(pairs, pairs.length), size, null);
    }
}
