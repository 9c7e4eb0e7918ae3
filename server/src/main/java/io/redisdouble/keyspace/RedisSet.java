package io.redisdouble.keyspace;

import io.redisdouble.util.RedisNumbers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A set value, in one of Redis's two encodings (t_set.c, intset.c), which both 6.2 and 7.0 use:
 * <ul>
 *   <li><b>intset</b>: while every member is an integer as string2ll reads it ("12", "-3"; not "+1",
 *       "01", "-0" or " 1") and there are at most {@link #MAX_INTSET_ENTRIES}, the members are a sorted
 *       array of longs. Iteration (SMEMBERS, SSCAN, SRANDMEMBER of the whole set…) is in ascending
 *       numeric order, as Redis's; SSCAN returns it whole in one call.</li>
 *   <li><b>table</b> (hashtable): a {@link Dict} of members, whose reverse-binary cursor gives SSCAN
 *       Redis's guarantee. Its order is the table's; Redis's depends on a hash seed drawn at start-up,
 *       so no client can depend on it. A set never goes back to intset.</li>
 * </ul>
 * The conversion rules are those of setTypeAdd: adding a member that is not an integer converts, and
 * so does growing past the limit. Member arrays are owned by the set and never modified in place.
 */
public final class RedisSet implements CopyableValue {
    /** set-max-intset-entries as a redis-server without a config file has it. */
    public static final int MAX_INTSET_ENTRIES = 512;

    /** Intset form: the members, ascending in [0, size); null once converted to a table. */
    private long[] ints;
    private int size;
    /** Table form (members are the keys, values unused), or null while an intset. */
    private Dict table;

    /** createIntsetObject: an empty intset (the destination of a STORE, filled by {@link #add}). */
    public RedisSet() {
        ints = new long[4];
    }

    private RedisSet(long[] ints, int size, Dict table) {
        this.ints = ints;
        this.size = size;
        this.table = table;
    }

    /** setTypeCreate: a set that can hold {@code first} (an intset if it is an integer, else a table). */
    public static RedisSet forFirstMember(byte[] first) {
        return isInteger(first) ? new RedisSet() : new RedisSet(null, 0, new Dict());
    }

    /** isSdsRepresentableAsLongLong: whether a member can live in an intset. */
    public static boolean isInteger(byte[] member) {
        try {
            RedisNumbers.parseLong(member);
            return true;
        } catch (RedisNumbers.NotANumber e) {
            return false;
        }
    }

    public int size() {
        return table != null ? table.size() : size;
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    /** True while in the intset encoding. */
    public boolean isIntset() {
        return table == null;
    }

    /** OBJECT ENCODING's name for this set. */
    public String encodingName() {
        return table != null ? "hashtable" : "intset";
    }

    private int search(long v) {
        return Arrays.binarySearch(ints, 0, size, v);
    }

    public boolean contains(byte[] member) {
        if (table != null) return table.find(member) != null;
        try {
            return search(RedisNumbers.parseLong(member)) >= 0;
        } catch (RedisNumbers.NotANumber e) {
            return false;
        }
    }

    /** setTypeAdd: adds a member (converting the encoding if needed); true if it was not there. */
    public boolean add(byte[] member) {
        if (table != null) {
            int before = table.size();
            table.put(member, null);
            return table.size() != before;
        }
        long v;
        try {
            v = RedisNumbers.parseLong(member);
        } catch (RedisNumbers.NotANumber e) {
            convertToTable();
            table.put(member, null);
            return true;
        }
        int i = search(v);
        if (i >= 0) return false;
        i = -i - 1;
        if (size == ints.length) ints = Arrays.copyOf(ints, ints.length * 2);
        System.arraycopy(ints, i, ints, i + 1, size - i);
        ints[i] = v;
        size++;
        if (size > MAX_INTSET_ENTRIES) convertToTable();
        return true;
    }

    /** setTypeRemove: removes a member; true if it was there. */
    public boolean remove(byte[] member) {
        if (table != null) return table.remove(member) != null;
        long v;
        try {
            v = RedisNumbers.parseLong(member);
        } catch (RedisNumbers.NotANumber e) {
            return false;
        }
        int i = search(v);
        if (i < 0) return false;
        System.arraycopy(ints, i + 1, ints, i, size - i - 1);
        size--;
        if (ints.length > 8 && size * 4 <= ints.length) ints = Arrays.copyOf(ints, ints.length / 2);
        return true;
    }

    /** setTypeConvert(OBJ_ENCODING_HT): moves every member into a table, for good. */
    public void convertToTable() {
        if (table != null) return;
        Dict t = new Dict();
        for (int i = 0; i < size; i++) t.put(toBytes(ints[i]), null);
        table = t;
        ints = null;
        size = 0;
    }

    private static byte[] toBytes(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }

    /** Every member once, in the encoding's order. The visitor must not modify the set. */
    public void forEach(Consumer<byte[]> visitor) {
        if (table != null) {
            table.forEach(e -> visitor.accept(e.key));
        } else {
            for (int i = 0; i < size; i++) visitor.accept(toBytes(ints[i]));
        }
    }

    /** Every member, in the encoding's order. */
    public List<byte[]> members() {
        List<byte[]> out = new ArrayList<>(size());
        forEach(out::add);
        return out;
    }

    /** setTypeRandomElement: a uniformly drawn member (the set must not be empty). */
    public byte[] random(RandomGenerator rnd) {
        if (table != null) return table.random(rnd).key;
        return toBytes(ints[rnd.nextInt(size)]);
    }

    /**
     * Table form only: visits one bucket and returns the next cursor (0 at the end), as dictScan;
     * see {@link Dict#scan}. The visitor must not modify the set.
     */
    public long scan(long cursor, Consumer<byte[]> visitor) {
        return table.scan(cursor, e -> visitor.accept(e.key));
    }

    /** setTypeDup: a copy in the same encoding. */
    @Override
    public Object deepCopy() {
        if (table != null) {
            Dict t = new Dict();
            table.forEach(e -> t.put(e.key, null));
            return new RedisSet(null, 0, t);
        }
        return new RedisSet(Arrays.copyOf(ints, ints.length), size, null);
    }

    /** For tests: the intset is strictly ascending and within its limit, or the table holds no integer-only oddity. */
    public void checkInvariants() {
        if (table != null) return;
        if (size > MAX_INTSET_ENTRIES) throw new IllegalStateException("intset of " + size + " members");
        for (int i = 1; i < size; i++) {
            if (ints[i - 1] >= ints[i]) throw new IllegalStateException("intset not ascending at " + i);
        }
    }
}
