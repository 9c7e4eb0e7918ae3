package io.redisdouble.keyspace;

import io.redisdouble.util.RedisNumbers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A set value, in Redis's encodings (t_set.c, intset.c):
 * <ul>
 *   <li><b>intset</b>: while every member is an integer as string2ll reads it ("12", "-3"; not "+1",
 *       "01", "-0" or " 1") and there are at most {@link EncodingLimits#intsetEntries}, the members are a sorted
 *       array of longs. Iteration (SMEMBERS, SSCAN, SRANDMEMBER of the whole set…) is in ascending
 *       numeric order, as Redis's; SSCAN returns it whole in one call.</li>
 *   <li><b>listpack</b> (Redis 7.2 and later, {@link EncodingLimits#listpack}): a small set with a member that
 *       is not an integer keeps its members in insertion order (a removal closes the gap), up to
 *       {@link EncodingLimits#listpackEntries} members of at most {@link EncodingLimits#listpackValue} bytes; iterated
 *       and scanned (whole, in one call) in that order.</li>
 *   <li><b>table</b> (hashtable): a {@link MemberTable} of members (a {@link Dict} without entry
 *       objects), whose reverse-binary cursor gives SSCAN
 *       Redis's guarantee. Its order is the table's; Redis's depends on a hash seed drawn at start-up,
 *       so no client can depend on it. A set never goes back from a table (SINTERSTORE of integers
 *       only is built apart and may become an intset: {@link #maybeConvertToIntset}).</li>
 * </ul>
 * The conversion rules are those of setTypeAddAux / setTypeCreate / setTypeMaybeConvert of the emulated
 * version: adding a member that is not an integer converts an intset (7.2: to a listpack if it stays
 * within the listpack limits, else to a table), and so does growing past the limits. Member arrays are
 * owned by the set and never modified in place.
 */
public final class RedisSet implements CopyableValue {
    private final EncodingLimits limits;
    /** Intset form: the members, ascending in [0, size); null otherwise. */
    private long[] ints;
    /** Listpack form: the members in insertion order in [0, size); null otherwise. */
    private byte[][] lp;
    private int size;
    /** Table form (members are the keys, values unused), or null. */
    private MemberTable table;

    /** createIntsetObject: an empty intset of 6.2 / 7.0 (the destination of a STORE, filled by {@link #add}). */
    public RedisSet() {
        this(EncodingLimits.INTSET_OR_TABLE);
    }

    /** createIntsetObject: an empty intset that converts by {@code limits}. */
    public RedisSet(EncodingLimits limits) {
        this.limits = limits;
        ints = new long[4];
    }

    private RedisSet(EncodingLimits limits, long[] ints, byte[][] lp, int size, MemberTable table) {
        this.limits = limits;
        this.ints = ints;
        this.lp = lp;
        this.size = size;
        this.table = table;
    }

    /** setTypeCreate of 6.2 / 7.0: a set that can hold {@code first} (an intset if it is an integer, else a table). */
    public static RedisSet forFirstMember(byte[] first, EncodingLimits limits) {
        return create(first, 1, limits);
    }

    /**
     * setTypeCreate(value, size_hint): an intset if {@code first} is an integer and the hint fits one, else
     * (7.2) a listpack if the hint fits one, else a table. Without listpacks the hint is not used.
     */
    public static RedisSet create(byte[] first, long sizeHint, EncodingLimits limits) {
        if (!limits.listpack()) {
            return isInteger(first) ? new RedisSet(limits) : new RedisSet(limits, null, null, 0, new MemberTable());
        }
        if (isInteger(first) && sizeHint <= limits.intsetEntries()) return new RedisSet(limits);
        if (sizeHint <= limits.listpackEntries()) return new RedisSet(limits, null, new byte[8][], 0, null);
        return new RedisSet(limits, null, null, 0, new MemberTable());
    }

    /** An empty listpack set (7.2's createSetListpackObject: SINTERSTORE's and SPOP's rebuilt sets). */
    public static RedisSet emptyListpack(EncodingLimits limits) {
        return new RedisSet(limits, null, new byte[8][], 0, null);
    }

    /** The limits this set converts by. */
    public EncodingLimits limits() {
        return limits;
    }

    /**
     * setTypeMaybeConvert (7.2, SADD to an existing set): a listpack about to receive more than
     * set-max-listpack-entries members, or an intset more than set-max-intset-entries, becomes a table
     * first.
     */
    public void maybeConvert(long sizeHint) {
        if (!limits.listpack()) return;
        if ((lp != null && sizeHint > limits.listpackEntries()) || (ints != null && sizeHint > limits.intsetEntries())) {
            convertToTable();
        }
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
        return ints != null;
    }

    /** True while an intset or a listpack: SSCAN returns such a set whole, in its order. */
    public boolean isCompact() {
        return table == null;
    }

    /** OBJECT ENCODING's name for this set. */
    public String encodingName() {
        return table != null ? "hashtable" : lp != null ? "listpack" : "intset";
    }

    private int search(long v) {
        return Arrays.binarySearch(ints, 0, size, v);
    }

    private int lpIndexOf(byte[] member) {
        for (int i = 0; i < size; i++) {
            if (Arrays.equals(lp[i], member)) return i;
        }
        return -1;
    }

    public boolean contains(byte[] member) {
        if (table != null) return table.contains(member);
        if (lp != null) return lpIndexOf(member) >= 0;
        try {
            return search(RedisNumbers.parseLong(member)) >= 0;
        } catch (RedisNumbers.NotANumber e) {
            return false;
        }
    }

    /** setTypeAddAux: adds a member (converting the encoding if needed); true if it was not there. */
    public boolean add(byte[] member) {
        if (table != null) return table.add(member);
        if (lp != null) {
            if (lpIndexOf(member) >= 0) return false;
            if (size < limits.listpackEntries() && member.length <= limits.listpackValue()) {
                if (size == lp.length) lp = Arrays.copyOf(lp, lp.length * 2);
                lp[size++] = member;
            } else {
                convertToTable();
                table.add(member);
            }
            return true;
        }
        long v;
        try {
            v = RedisNumbers.parseLong(member);
        } catch (RedisNumbers.NotANumber e) {
            // 7.2: a small intset becomes a listpack (ascending, then the new member), else a table
            if (limits.listpack() && size < limits.listpackEntries() && member.length <= limits.listpackValue()
                    && maxDigits() <= limits.listpackValue()) {
                convertToListpack();
                if (size == lp.length) lp = Arrays.copyOf(lp, lp.length * 2);
                lp[size++] = member;
            } else {
                convertToTable();
                table.add(member);
            }
            return true;
        }
        int i = search(v);
        if (i >= 0) return false;
        i = -i - 1;
        if (size == ints.length) ints = Arrays.copyOf(ints, ints.length * 2);
        System.arraycopy(ints, i, ints, i + 1, size - i);
        ints[i] = v;
        size++;
        if (size > limits.intsetMaxEntries()) convertToTable();
        return true;
    }

    /** The longest decimal form of the intset's members (sdigits10 of its extremes). */
    private int maxDigits() {
        if (size == 0) return 0;
        return Math.max(toBytes(ints[0]).length, toBytes(ints[size - 1]).length);
    }

    /** setTypeRemoveAux: removes a member; true if it was there. */
    public boolean remove(byte[] member) {
        if (table != null) return table.remove(member);
        if (lp != null) {
            int i = lpIndexOf(member);
            if (i < 0) return false;
            System.arraycopy(lp, i + 1, lp, i, size - i - 1);
            lp[--size] = null;
            return true;
        }
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
        MemberTable t = new MemberTable();
        forEach(t::add);
        table = t;
        ints = null;
        lp = null;
        size = 0;
    }

    /** setTypeConvert(OBJ_ENCODING_LISTPACK) of an intset: its members, ascending, as strings. */
    private void convertToListpack() {
        byte[][] l = new byte[Math.max(8, size + 1)][];
        for (int i = 0; i < size; i++) l[i] = toBytes(ints[i]);
        lp = l;
        ints = null;
    }

    /**
     * maybeConvertToIntset (7.2 SINTERSTORE, whose result held integers only): becomes an intset if it
     * fits one.
     */
    public void maybeConvertToIntset() {
        if (ints != null || size() > limits.intsetMaxEntries()) return;
        List<byte[]> all = members();
        long[] v = new long[Math.max(4, all.size())];
        for (int i = 0; i < all.size(); i++) {
            try {
                v[i] = RedisNumbers.parseLong(all.get(i));
            } catch (RedisNumbers.NotANumber e) {
                throw new IllegalStateException("not an integer: a caller error", e);
            }
        }
        Arrays.sort(v, 0, all.size());
        ints = v;
        size = all.size();
        lp = null;
        table = null;
    }

    private static byte[] toBytes(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }

    /** Every member once, in the encoding's order. The visitor must not modify the set. */
    public void forEach(Consumer<byte[]> visitor) {
        if (table != null) {
            table.forEach(visitor);
        } else if (lp != null) {
            for (int i = 0; i < size; i++) visitor.accept(lp[i]);
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
        if (table != null) return table.random(rnd);
        if (lp != null) return lp[rnd.nextInt(size)];
        return toBytes(ints[rnd.nextInt(size)]);
    }

    /**
     * Table form only: visits one bucket and returns the next cursor (0 at the end), as dictScan;
     * see {@link MemberTable#scan}. The visitor must not modify the set.
     */
    public long scan(long cursor, Consumer<byte[]> visitor) {
        return table.scan(cursor, visitor);
    }

    /** setTypeDup: a copy in the same encoding. */
    @Override
    public Object deepCopy() {
        if (table != null) {
            MemberTable t = new MemberTable();
            table.forEach(t::add);
            return new RedisSet(limits, null, null, 0, t);
        }
        if (lp != null) return new RedisSet(limits, null, Arrays.copyOf(lp, lp.length), size, null);
        return new RedisSet(limits, Arrays.copyOf(ints, ints.length), null, size, null);
    }

    /** For tests: the intset is strictly ascending and within its limit, or the table holds no integer-only oddity. */
    public void checkInvariants() {
        if (table != null) return;
        if (lp != null) {
            if (size > limits.listpackEntries()) throw new IllegalStateException("listpack of " + size + " members");
            return;
        }
        if (size > limits.intsetMaxEntries()) throw new IllegalStateException("intset of " + size + " members");
        for (int i = 1; i < size; i++) {
            if (ints[i - 1] >= ints[i]) throw new IllegalStateException("intset not ascending at " + i);
        }
    }
}
