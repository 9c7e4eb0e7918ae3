package io.redisdouble.keyspace;

import io.redisdouble.util.Bytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * this class only stores.
 *
 * <p>Field TTLs (7.4's hash-field expiration): each field may carry an absolute deadline in ms. Once a
 * compact hash has been given TTLs it is a {@code listpackex} (for good), which keeps its entries ordered
 * as Redis's listpackEx does: fields with a TTL first, by deadline (a field placed before others with the
 * same deadline), then the fields without one in the order they got there (a field whose TTL is set or
 * removed is taken out and inserted again at its place by that rule). A table keeps its deadlines in a
 * map. This class never decides that a field has expired: callers compare {@link #ttlOf} with their
 * clock, as t_hash.c does per command. Field and value arrays are owned by the hash and never modified in place,
 * so {@link #deepCopy()} may share them.
 */
public final class RedisHash implements CopyableValue {
    /** Compact form: f0, v0, f1, v1… ; null once converted to a table. */
    private byte[][] pairs;
    /** Entries in the compact form. */
    private int size;
    /** Table form, or null while compact. */
    private Dict table;
    /** No TTL on the field (HASH_LP_NO_TTL / EB_EXPIRE_TIME_INVALID). */
    public static final long NO_TTL = -1;
    /** Compact form once a listpackex: the deadline of each entry (NO_TTL for none); else null. */
    private long[] ttls;
    /** Table form: the deadline of each field that has one; null while none was ever set. */
    private Map<Bytes, Long> tableTtls;

    public RedisHash() {
        pairs = new byte[4][];
    }

    private RedisHash(byte[][] pairs, int size, Dict table) {
        this.pairs = pairs;
        this.size = size;
        this.table = table;
    }

    // ---- field TTLs -----------------------------------------------------------------------------------

    /** hashTypeSetExInit: a compact hash becomes a listpackex (nothing else changes). */
    public void enableTtls() {
        if (table == null && ttls == null) {
            ttls = new long[pairs.length / 2];
            Arrays.fill(ttls, NO_TTL);
        } else if (table != null && tableTtls == null) {
            tableTtls = new HashMap<>();
        }
    }

    /** The deadline of a field, or {@link #NO_TTL} (also for a field that is not there). */
    public long ttlOf(byte[] field) {
        if (table != null) {
            if (tableTtls == null) return NO_TTL;
            Long t = tableTtls.get(Bytes.wrap(field));
            return t == null ? NO_TTL : t;
        }
        if (ttls == null) return NO_TTL;
        int i = indexOf(field);
        return i < 0 ? NO_TTL : ttls[i / 2];
    }

    /** OBJ_ENCODING_LISTPACK_EX (7.4): a compact hash that has taken field TTLs (it stays one without them). */
    public boolean isListpackEx() {
        return table == null && ttls != null;
    }

    /** True if some field has a TTL. */
    public boolean hasFieldTtls() {
        return minTtl() != NO_TTL;
    }

    /** The nearest deadline of any field, or {@link #NO_TTL}. */
    public long minTtl() {
        if (table != null) {
            if (tableTtls == null || tableTtls.isEmpty()) return NO_TTL;
            long min = Long.MAX_VALUE;
            for (long t : tableTtls.values()) min = Math.min(min, t);
            return min;
        }
        return ttls == null || size == 0 ? NO_TTL : ttls[0];
    }

    /** Sets the deadline of an existing field ({@link #NO_TTL}: removes it, as HPERSIST). */
    public void setTtl(byte[] field, long at) {
        enableTtls();
        if (table != null) {
            if (at == NO_TTL) tableTtls.remove(Bytes.wrap(field));
            else tableTtls.put(Bytes.wrap(field), at);
            return;
        }
        int i = indexOf(field);
        if (i < 0) return;
        byte[] f = pairs[i], v = pairs[i + 1];
        removeAt(i);
        addOrdered(f, v, at);
    }

    /** The fields whose deadline is at or before {@code now} (the active cycle's due fields). */
    public List<byte[]> fieldsDue(long now) {
        List<byte[]> out = new ArrayList<>();
        if (table != null) {
            if (tableTtls != null) {
                for (Map.Entry<Bytes, Long> e : tableTtls.entrySet()) {
                    if (e.getValue() <= now) out.add(e.getKey().array());
                }
            }
        } else if (ttls != null) {
            for (int i = 0; i < size && ttls[i] != NO_TTL && ttls[i] <= now; i++) out.add(pairs[i * 2]);
        }
        return out;
    }

    /** True if the field has a deadline before {@code now} (hashTypeIsExpired: reads no longer see it). */
    public boolean isExpired(byte[] field, long now) {
        long t = ttlOf(field);
        return t != NO_TTL && t < now;
    }

    /** hashTypeLength(o, 1): the fields not expired at {@code now}. */
    public int liveSize(long now) {
        if (!hasFieldTtls()) return size();
        int[] n = {0};
        forEachLive(now, (f, v) -> n[0]++);
        return n[0];
    }

    /** Like {@link #forEach}, skipping the fields expired at {@code now}. */
    public void forEachLive(long now, BiConsumer<byte[], byte[]> visitor) {
        if (!hasFieldTtls()) {
            forEach(visitor);
            return;
        }
        forEach((f, v) -> {
            if (!isExpired(f, now)) visitor.accept(f, v);
        });
    }

    private void removeAt(int i) {
        System.arraycopy(pairs, i + 2, pairs, i, size * 2 - i - 2);
        if (ttls != null) System.arraycopy(ttls, i / 2 + 1, ttls, i / 2, size - i / 2 - 1);
        size--;
        pairs[size * 2] = null;
        pairs[size * 2 + 1] = null;
        if (ttls != null) ttls[size] = NO_TTL;
    }

    /** listpackExAddInternal: appends a field without TTL, else inserts it before the first one that has none or a deadline at or after its own. */
    private void addOrdered(byte[] field, byte[] value, long at) {
        int pos = size;
        if (at != NO_TTL) {
            for (int j = 0; j < size; j++) {
                if (ttls[j] == NO_TTL || ttls[j] >= at) {
                    pos = j;
                    break;
                }
            }
        }
        if (size * 2 == pairs.length) {
            pairs = Arrays.copyOf(pairs, pairs.length * 2);
        }
        if (ttls.length < pairs.length / 2) {
            int old = ttls.length;
            ttls = Arrays.copyOf(ttls, pairs.length / 2);
            Arrays.fill(ttls, old, ttls.length, NO_TTL);
        }
        System.arraycopy(pairs, pos * 2, pairs, pos * 2 + 2, (size - pos) * 2);
        System.arraycopy(ttls, pos, ttls, pos + 1, size - pos);
        pairs[pos * 2] = field;
        pairs[pos * 2 + 1] = value;
        ttls[pos] = at;
        size++;
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
        return table != null ? "hashtable" : ttls != null ? "listpackex" : listpack ? "listpack" : "ziplist";
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

    /**
     * Sets a field (in place if it exists, else appended); true if the field is new. The field loses its
     * TTL (hashTypeSet without HASH_SET_KEEP_TTL: a listpackex moves it to the end).
     */
    public boolean put(byte[] field, byte[] value) {
        return put(field, value, false);
    }

    /** Sets a field; with {@code keepTtl} (HASH_SET_KEEP_TTL: HINCRBY, HINCRBYFLOAT) an existing field keeps its TTL and place. */
    public boolean put(byte[] field, byte[] value, boolean keepTtl) {
        if (table != null) {
            int before = table.size();
            table.put(field, value);
            if (tableTtls != null && !keepTtl) tableTtls.remove(Bytes.wrap(field));
            return table.size() != before;
        }
        int i = indexOf(field);
        if (i >= 0) {
            if (ttls != null && ttls[i / 2] != NO_TTL && !keepTtl) {
                removeAt(i);
                addOrdered(field, value, NO_TTL);
            } else {
                pairs[i + 1] = value;
            }
            return false;
        }
        if (ttls != null) {
            addOrdered(field, value, NO_TTL);
            return true;
        }
        if (size * 2 == pairs.length) pairs = Arrays.copyOf(pairs, pairs.length * 2);
        pairs[size * 2] = field;
        pairs[size * 2 + 1] = value;
        size++;
        return true;
    }

    /** Removes a field; true if it was there. */
    public boolean remove(byte[] field) {
        if (table != null) {
            if (tableTtls != null) tableTtls.remove(Bytes.wrap(field));
            return table.remove(field) != null;
        }
        int i = indexOf(field);
        if (i < 0) return false;
        removeAt(i);
        if (pairs.length > 8 && size * 8 <= pairs.length) {
            pairs = Arrays.copyOf(pairs, pairs.length / 2);
            if (ttls != null) ttls = Arrays.copyOf(ttls, pairs.length / 2);
        }
        return true;
    }

    /** hashTypeConvert(OBJ_ENCODING_HT): moves every entry into a table, for good. */
    public void convertToTable() {
        if (table != null) return;
        Dict t = new Dict();
        for (int i = 0; i < size * 2; i += 2) t.put(pairs[i], pairs[i + 1]);
        if (ttls != null) {
            tableTtls = new HashMap<>();
            for (int i = 0; i < size; i++) {
                if (ttls[i] != NO_TTL) tableTtls.put(Bytes.wrap(pairs[i * 2]), ttls[i]);
            }
            ttls = null;
        }
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
            RedisHash h = new RedisHash(null, 0, t);
            if (tableTtls != null) h.tableTtls = new HashMap<>(tableTtls);
            return h;
        }
        RedisHash h = new RedisHash(Arrays.copyOf(pairs, pairs.length), size, null);
        if (ttls != null) h.ttls = Arrays.copyOf(ttls, ttls.length);
        return h;
    }
}
