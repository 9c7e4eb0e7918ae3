package io.redisdouble.keyspace;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * One of the numbered databases. Expiry is by absolute deadline (ms). An expired key is invisible to
 * every access: lookups delete it first (lazy expiry, as expireIfNeeded), and {@link #expireDue}
 * removes everything due (the active cycle, and the step after a test advances manual time).
 *
 * <p>Storing and removing do not signal anything by themselves (except "new" when a key is added, as
 * dbAdd does): every write ends with one {@link #modified} call that names its event, as Redis's
 * commands end with signalModifiedKey + notifyKeyspaceEvent; the {@link KeyspaceListener} turns that
 * one call into WATCH invalidation, blocked-client wake-ups and keyspace notifications. Expiry (lazy
 * and active) reports "expired" itself. Single-threaded: only the command thread calls it.
 */
public final class Database {
    /**
     * How a string value was made, for OBJECT ENCODING and REFCOUNT: by tryObjectEncoding (SET, MSET,
     * INCR…: "int" if it reads as a long in at most 20 bytes, shared below 10000, else "embstr" up to 44
     * bytes, else "raw"), …
     */
    public static final int STRING_TRIED = 0;
    /** … in place (APPEND to a string, SETRANGE): "raw" … */
    public static final int STRING_RAW = 1;
    /** … by createStringObject (INCRBYFLOAT): "embstr" up to 44 bytes, else "raw", never "int" … */
    public static final int STRING_PLAIN = 2;
    /** … or as a copy of an integer (COPY: dupStringObject): "int", not shared. */
    public static final int STRING_INT_UNSHARED = 3;

    private final int id;
    private Dict dict = new Dict(); // swapped by SWAPDB, as the rest of the contents below
    private final KeyspaceListener listener;
    private final AccessTracker access;
    /** Deadlines to visit; stale records (key gone or deadline changed) are skipped when popped. */
    private PriorityQueue<Deadline> deadlines = new PriorityQueue<>();
    /**
     * Hashes with field TTLs (7.4), by their nearest field deadline (db->hexpires); stale records (key
     * gone, or the hash's nearest deadline moved) are checked when popped.
     */
    private PriorityQueue<Deadline> fieldDeadlines = new PriorityQueue<>();
    private int volatileKeys;
    private long expiredKeys;
    /** The server's memory accounting, and this database's per-key figures while it counts (else null). */
    private final MemoryAccounting memory;
    private java.util.Map<Dict.Entry, Long> sizes;

    private record Deadline(long at, Dict.Entry entry) implements Comparable<Deadline> {
        @Override
        public int compareTo(Deadline o) {
            return Long.compare(at, o.at);
        }
    }

    public Database(int id, KeyspaceListener listener, AccessTracker access) {
        this(id, listener, access, new MemoryAccounting());
    }

    public Database(int id, KeyspaceListener listener, AccessTracker access, MemoryAccounting memory) {
        this.id = id;
        this.listener = listener;
        this.access = access;
        this.memory = memory;
    }

    // ---- memory accounting (MemoryAccounting) ------------------------------------------------------

    /** Takes every stored key's figure (accounting starts); returns their sum. */
    long takeSizes(MemoryAccounting m) {
        sizes = MemoryAccounting.newSizes();
        long[] sum = {0};
        dict.forEach(e -> {
            long s = m.measure(e);
            sizes.put(e, s);
            sum[0] += s;
        });
        return sum[0];
    }

    void dropSizes() {
        sizes = null;
    }

    /** Takes again the figure of a key written since the last settle (gone keys gave theirs back already). */
    void resize(byte[] key, MemoryAccounting m) {
        if (sizes == null) return;
        Dict.Entry e = dict.find(key);
        if (e == null) return;
        long s = m.measure(e);
        Long old = sizes.put(e, s);
        m.add(s - (old == null ? 0 : old));
    }

    private void released(Dict.Entry e) {
        if (sizes == null) return;
        Long old = sizes.remove(e);
        if (old != null) memory.add(-old);
    }

    private void releasedAll() {
        if (sizes == null) return;
        long sum = 0;
        for (long s : sizes.values()) sum += s;
        memory.add(-sum);
        sizes.clear();
    }

    public int id() {
        return id;
    }

    /**
     * Stored key count, including keys whose deadline passed but that are not reclaimed yet (Redis's
     * dictSize, which DBSIZE replies).
     */
    public int size() {
        return dict.size();
    }

    public int volatileKeyCount() {
        return volatileKeys;
    }

    public long expiredKeyCount() {
        return expiredKeys;
    }

    /** CONFIG RESETSTAT: stat_expiredkeys back to zero. */
    void resetExpiredKeyCount() {
        expiredKeys = 0;
    }

    /**
     * The live entry for a key, after lazy expiry; null if absent. Touches it (lookupKey updates the
     * value's LRU clock or LFU counter), unless the running client is in CLIENT NO-TOUCH mode.
     */
    public Dict.Entry lookup(byte[] key, long now) {
        return touch(lookupNoTouch(key, now));
    }

    private Dict.Entry touch(Dict.Entry e) {
        if (e != null) e.meta = (e.meta & ~AccessTracker.LRU_CLOCK_MAX) | access.touched(e.meta & AccessTracker.LRU_CLOCK_MAX);
        return e;
    }

    /**
     * Bit 30 of an entry's meta: its byte[] value was made by a bitmap command and nothing else has reached
     * the key since (any lookup but {@link #lookupOwnedBytes} clears it), so no reply, copy or script holds
     * that array and the bitmap commands may change it in place, as Redis changes its sds.
     */
    private static final int OWNED_BYTES = 1 << 30;

    /**
     * As {@link #lookup}, for the bitmap commands only: the owned-bytes mark ({@link #ownsBytes}) stays.
     * The caller must not let the value's array out of the command (into a reply, another key…).
     */
    public Dict.Entry lookupOwnedBytes(byte[] key, long now) {
        return touch(live(key, now));
    }

    /** True if the entry's byte[] value may be changed in place (see {@link #lookupOwnedBytes}). */
    public boolean ownsBytes(Dict.Entry e) {
        return (e.meta & OWNED_BYTES) != 0;
    }

    /**
     * Marks the entry's byte[] value as made by a bitmap command and seen by nothing else; call only with
     * an array no one else holds.
     */
    public void ownBytes(Dict.Entry e) {
        e.meta |= OWNED_BYTES;
    }

    /**
     * Replaces a live entry's byte[] value, keeping its TTL and access stamp (a bitmap write that grew or
     * unshared the string, as Redis's sdsgrowzero / dbUnshareStringValue keep the object).
     */
    public void replaceBytes(Dict.Entry e, byte[] value) {
        e.value = value;
        e.meta &= ~OWNED_BYTES;
    }

    /** As {@link #lookup}, leaving the key's access stamp alone (LOOKUP_NOTOUCH: EXISTS, TYPE, TTL…, OBJECT). */
    public Dict.Entry lookupNoTouch(byte[] key, long now) {
        Dict.Entry e = live(key, now);
        if (e != null) e.meta &= ~OWNED_BYTES;
        return e;
    }

    private Dict.Entry live(byte[] key, long now) {
        Dict.Entry e = dict.find(key);
        if (e == null) return null;
        if (e.expireAt != Dict.NO_EXPIRY && e.expireAt <= now) {
            if (!expiryPaused.getAsBoolean()) expire(e);
            return null;
        }
        return e;
    }

    /**
     * Whether a string value stored now would be one of Redis's shared integers, were sharing allowed
     * (see {@link #sharedIntegersOffWhile}).
     */
    private java.util.function.Predicate<byte[]> unsharedInteger = b -> false;

    /**
     * tryObjectEncoding / createStringObjectFromLongLongForValue: with maxmemory set and an LRU or LFU
     * policy, a small integer gets an object of its own (each key needs its own access stamp), so it is
     * stored as an unshared "int" (OBJECT REFCOUNT 1) while {@code test} answers true for the value.
     */
    void sharedIntegersOffWhile(java.util.function.Predicate<byte[]> test) {
        unsharedInteger = test;
    }

    private void unshareInteger(Dict.Entry e) {
        if (e.value instanceof byte[] b && unsharedInteger.test(b)) stringForm(e, STRING_INT_UNSHARED);
    }

    /**
     * While this answers true (a client pause is on: checkClientPauseTimeoutAndReturnIfPaused), a key
     * past its deadline is expired for the commands that meet it but stays stored: expireIfNeeded
     * deletes nothing, counts nothing in expired_keys and sends no "expired" event until the pause ends.
     */
    private java.util.function.BooleanSupplier expiryPaused = () -> false;

    void expiryPausedWhile(java.util.function.BooleanSupplier paused) {
        expiryPaused = paused;
    }

    /** Sets a key's access stamp (RESTORE IDLETIME / FREQ: {@link AccessTracker#restoredStamp}). */
    public void accessStamp(Dict.Entry e, int stamp) {
        e.meta = (e.meta & ~AccessTracker.LRU_CLOCK_MAX) | (stamp & AccessTracker.LRU_CLOCK_MAX);
    }

    /** Records how a string value just stored was made ({@link #STRING_RAW} …). */
    public void stringForm(Dict.Entry e, int form) {
        e.meta = (e.meta & (AccessTracker.LRU_CLOCK_MAX | OWNED_BYTES)) | (form << 24);
    }

    /** A value that moved (RENAME, MOVE) keeps its access stamp and string form: it is the same object. */
    public void carryMeta(Dict.Entry from, Dict.Entry to) {
        to.meta = from.meta & ~OWNED_BYTES;
    }

    /** The tracker that stamps this server's keys (OBJECT IDLETIME / FREQ read stamps with it). */
    public AccessTracker access() {
        return access;
    }

    /** The stored entry, live or past its deadline (dictFind: MEMORY USAGE), without reclaiming or touching it. */
    public Dict.Entry entryEvenIfExpired(byte[] key) {
        Dict.Entry e = dict.find(key);
        if (e != null) e.meta &= ~OWNED_BYTES;
        return e;
    }

    /** True if the key is stored but its deadline has passed (not yet reclaimed); does not reclaim it. */
    public boolean isLogicallyExpired(byte[] key, long now) {
        Dict.Entry e = dict.find(key);
        return e != null && e.expireAt != Dict.NO_EXPIRY && e.expireAt <= now;
    }

    /** The live value for a key, or null. */
    public Object get(byte[] key, long now) {
        Dict.Entry e = lookup(key, now);
        return e == null ? null : e.value;
    }

    public boolean exists(byte[] key, long now) {
        return lookup(key, now) != null;
    }

    /**
     * Sets a key to a value (setKey without its signal: the caller ends with {@link #modified}).
     * {@code keepTtl} keeps an existing deadline (SET KEEPTTL, SETRANGE, APPEND, INCR…); otherwise the
     * key loses its deadline. A key that was absent is added, with the "new" event.
     */
    public Dict.Entry set(byte[] key, Object value, boolean keepTtl, long now) {
        Dict.Entry old = lookup(key, now);
        if (old == null) return add(key, value);
        Dict.Entry e = dict.put(key, value);
        memory.dirty(this, key);
        e.meta = access.replacing(e.meta & AccessTracker.LRU_CLOCK_MAX);
        unshareInteger(e);
        if (!keepTtl && e.expireAt != Dict.NO_EXPIRY) {
            e.expireAt = Dict.NO_EXPIRY;
            volatileKeys--;
        }
        watchFieldTtls(e);
        return e;
    }

    /**
     * Adds a key that is known to be absent (after lookup returned null): dbAdd, which notifies "new"
     * (class n). The write's own event is the caller's {@link #modified} call.
     */
    public Dict.Entry add(byte[] key, Object value) {
        Dict.Entry e = dict.put(key, value);
        memory.dirty(this, key);
        e.meta = access.fresh();
        unshareInteger(e);
        watchFieldTtls(e);
        listener.keyEvent(this, KeyspaceEvents.NEW, "new", key);
        return e;
    }

    /** Deletes a live key; true if it existed. Signals nothing: the caller names the event ("del"…). */
    public boolean delete(byte[] key, long now) {
        Dict.Entry e = lookup(key, now);
        if (e == null) return false;
        remove(e);
        return true;
    }

    /**
     * The one call that ends every write: signalModifiedKey (WATCH, blocked clients) plus
     * notifyKeyspaceEvent of {@code event} in class {@code eventClass} ({@link KeyspaceEvents}). A write
     * with several events (SET EX: "set" then "expire") makes one call per event, in Redis's order.
     */
    public void modified(byte[] key, int eventClass, String event) {
        memory.dirty(this, key);
        listener.keyWritten(this);
        listener.keyModified(this, key);
        listener.keyEvent(this, eventClass, event, key);
    }

    /** The hashes that have fields with a TTL (INFO keyspace subexpiry=, 7.4). */
    public int hashesWithFieldTtls() {
        int[] n = {0};
        dict.forEach(e -> {
            if (e.value instanceof RedisHash h && h.hasFieldTtls()) n[0]++;
        });
        return n[0];
    }

    /** signalModifiedKey alone (a field expired lazily: its "hexpired" event is sent by the caller). */
    public void touched(byte[] key) {
        memory.dirty(this, key);
        listener.keyModified(this, key);
    }

    /**
     * Lets the active cycle expire the fields of the hash at {@code key} (call after giving a field a
     * TTL); a key that holds no hash with field TTLs is ignored.
     */
    public void watchFieldTtls(byte[] key) {
        Dict.Entry e = dict.find(key);
        if (e != null) watchFieldTtls(e);
    }

    private void watchFieldTtls(Dict.Entry e) {
        if (e.value instanceof RedisHash h) {
            long at = h.minTtl();
            if (at != RedisHash.NO_TTL) fieldDeadlines.add(new Deadline(at, e));
        }
    }

    /**
     * hashTypeExpire for the active cycle: removes the hash's fields due at {@code now}; if any, "hexpired"
     * (and "del" with the key when no field is left) and a modified-key signal. Returns the fields removed.
     */
    private int expireFields(Dict.Entry e, long now) {
        if (!(e.value instanceof RedisHash h)) return 0;
        List<byte[]> due = h.fieldsDue(now);
        if (due.isEmpty()) {
            watchFieldTtls(e);
            return 0;
        }
        for (byte[] f : due) h.remove(f);
        byte[] key = e.key;
        listener.keyEvent(this, KeyspaceEvents.HASH, "hexpired", key);
        if (h.isEmpty()) {
            remove(e);
            listener.keyEvent(this, KeyspaceEvents.GENERIC, "del", key);
        } else {
            watchFieldTtls(e);
        }
        memory.dirty(this, key);
        listener.keyModified(this, key);
        return due.size();
    }

    /**
     * notifyKeyspaceEvent alone, for an event that is no write: "keymiss" (a read that finds nothing).
     */
    public void notifyEvent(int eventClass, String event, byte[] key) {
        listener.keyEvent(this, eventClass, event, key);
    }

    private void remove(Dict.Entry e) {
        dict.remove(e.key);
        released(e);
        if (e.expireAt != Dict.NO_EXPIRY) {
            volatileKeys--;
            e.expireAt = Dict.NO_EXPIRY;
        }
        e.value = null;
    }

    private void expire(Dict.Entry e) {
        byte[] key = e.key;
        remove(e);
        expiredKeys++;
        listener.keyExpired(this, key);
    }

    /** Sets or clears ({@link Dict#NO_EXPIRY}) the deadline of a live entry. Does not signal. */
    public void setExpire(Dict.Entry e, long at) {
        if (e.expireAt == Dict.NO_EXPIRY && at != Dict.NO_EXPIRY) volatileKeys++;
        if (e.expireAt != Dict.NO_EXPIRY && at == Dict.NO_EXPIRY) volatileKeys--;
        e.expireAt = at;
        if (at != Dict.NO_EXPIRY) {
            deadlines.add(new Deadline(at, e));
            if (deadlines.size() > 2 * volatileKeys + 1024) compactDeadlines();
        }
    }

    private void compactDeadlines() {
        List<Deadline> live = new ArrayList<>(volatileKeys);
        for (Deadline d : deadlines) {
            if (d.entry.value != null && d.entry.expireAt == d.at) live.add(d);
        }
        deadlines.clear();
        deadlines.addAll(live);
    }

    /** Removes every key whose deadline is at or before {@code now}; returns how many. */
    public int expireDue(long now, int limit) {
        int n = 0;
        while (n < limit) {
            Deadline d = deadlines.peek();
            if (d == null || d.at > now) break;
            deadlines.poll();
            Dict.Entry e = d.entry;
            if (e.value == null || e.expireAt != d.at) continue; // stale record
            expire(e);
            n++;
        }
        int fields = 0;
        while (fields < limit) {
            Deadline d = fieldDeadlines.peek();
            if (d == null || d.at > now) break;
            fieldDeadlines.poll();
            Dict.Entry e = d.entry;
            if (e.value == null || dict.find(e.key) != e) continue; // stale record
            fields += expireFields(e, now);
        }
        return n;
    }

    /**
     * FLUSHDB / FLUSHALL as Redis does it (touchAllWatchedKeysInDb): WATCH is invalidated only for keys
     * that are stored when the flush happens — a WATCH on an absent key survives a flush — then every
     * key goes. Stored-but-expired keys are signalled too (Redis looks them up with dictFind); whether
     * that fails a WATCH made after they expired is the listener's business, as in touchWatchedKey.
     */
    public void flush() {
        dict.forEach(e -> listener.keyModified(this, e.key));
        releasedAll();
        dict.clear();
        deadlines.clear();
        fieldDeadlines.clear();
        volatileKeys = 0;
    }

    /**
     * SWAPDB's dbSwapDatabases: first every key stored in either database counts as modified in both (a
     * WATCH on a key of either fails if the key exists on either side, as touchAllWatchedKeysInDb; blocked
     * clients recheck their keys), then the two exchange their keys, deadlines and per-key memory figures.
     * Watchers and blocked clients stay with their database number. The caller settles the accounting first.
     */
    void swapWith(Database other) {
        java.util.function.Consumer<Dict.Entry> touch = e -> {
            listener.keyModified(this, e.key);
            listener.keyModified(other, e.key);
        };
        dict.forEach(touch);
        other.dict.forEach(touch);
        Dict d = dict; dict = other.dict; other.dict = d;
        PriorityQueue<Deadline> q = deadlines; deadlines = other.deadlines; other.deadlines = q;
        q = fieldDeadlines; fieldDeadlines = other.fieldDeadlines; other.fieldDeadlines = q;
        int v = volatileKeys; volatileKeys = other.volatileKeys; other.volatileKeys = v;
        java.util.Map<Dict.Entry, Long> s = sizes; sizes = other.sizes; other.sizes = s;
    }

    /** Removes all keys, invalidating every WATCH on this database (test-side reset). */
    public void clear() {
        listener.databaseFlushed(this);
        releasedAll();
        dict.clear();
        deadlines.clear();
        fieldDeadlines.clear();
        volatileKeys = 0;
    }

    /** SCAN step over live keys; expired keys met on the way are reclaimed and not reported. */
    public long scan(long cursor, long now, java.util.function.Consumer<Dict.Entry> visitor) {
        return dict.scan(cursor, e -> {
            if (e.expireAt != Dict.NO_EXPIRY && e.expireAt <= now) {
                if (!expiryPaused.getAsBoolean()) expire(e);
            } else {
                visitor.accept(e);
            }
        });
    }

    /**
     * Every stored value as it is, keys past their TTL but not reclaimed yet included (INFO keysizes counts
     * what the dictionary holds, as DBSIZE does). Reclaims nothing; the visitor must not modify anything.
     */
    public void forEachValue(java.util.function.Consumer<Object> visitor) {
        dict.forEach(e -> visitor.accept(e.value()));
    }

    /**
     * Every stored entry, expired ones included (rdbSaveDb walks the whole dict). Reclaims nothing; the
     * visitor must not modify anything.
     */
    public void forEachStored(java.util.function.Consumer<Dict.Entry> visitor) {
        dict.forEach(visitor);
    }

    /**
     * Every live key (KEYS, direct API), after reclaiming everything due. The visitor must not add or
     * remove keys.
     */
    public void forEachLive(long now, java.util.function.Consumer<Dict.Entry> visitor) {
        expireDue(now, Integer.MAX_VALUE);
        dict.forEach(visitor);
    }

    /**
     * A random live key or null when there is none (RANDOMKEY). Redis's dbRandomKey (on a master)
     * reclaims each expired key it draws and draws again until it finds a live one or the database is
     * empty; reclaiming everything due first gives the same answers without the loop.
     */
    /**
     * A random stored key for eviction (dictGetRandomKey on the main dict, or on the expires dict for a
     * volatile policy), expired-but-stored keys included; null if there is none.
     */
    Dict.Entry randomForEviction(boolean allKeys, java.util.random.RandomGenerator rnd) {
        if (allKeys) return dict.random(rnd);
        if (volatileKeys == 0) return null;
        for (int tries = 0; tries < 64; tries++) {
            Dict.Entry e = dict.random(rnd);
            if (e != null && e.expireAt != Dict.NO_EXPIRY) return e;
        }
        // few keys with a deadline among many: draw among those
        List<Dict.Entry> withTtl = new ArrayList<>(volatileKeys);
        dict.forEach(e -> {
            if (e.expireAt != Dict.NO_EXPIRY) withTtl.add(e);
        });
        return withTtl.isEmpty() ? null : withTtl.get(rnd.nextInt(withTtl.size()));
    }

    /**
     * Evicts a stored key (performEvictions: dbSyncDelete, signalModifiedKey, then the "evicted" event).
     */
    void evict(byte[] key) {
        Dict.Entry e = dict.find(key);
        if (e == null) return;
        remove(e);
        listener.keyModified(this, key);
        listener.keyEvent(this, KeyspaceEvents.EVICTED, "evicted", key);
    }

    /** The bytes of the main dict's bucket array (8 per bucket), which Redis counts as overhead. */
    public long tableBytes() {
        return 8L * dict.buckets();
    }

    /** The sum of every stored key's figure, taken now (the accounting being off). */
    public long measureAll(MemoryAccounting m) {
        long[] sum = {0};
        dict.forEach(e -> sum[0] += m.measure(e));
        return sum[0];
    }

    public byte[] randomKey(long now, java.util.random.RandomGenerator rnd) {
        // dbRandomKey on a master: each expired key drawn is reclaimed, and it draws again. During a
        // client pause nothing is reclaimed: Redis would draw forever if every key had expired; we give
        // up (no key) after as many expired draws as there are keys, plus 100.
        long expiredDraws = 0;
        while (true) {
            Dict.Entry e = dict.random(rnd);
            if (e == null) return null;
            if (!reclaimIfExpired(e, now)) return e.key;
            if (dict.find(e.key) == e && ++expiredDraws > dict.size() + 100L) return null;
        }
    }

    /**
     * expireIfNeeded on a key a command has in hand: reclaims it if its deadline has passed (the
     * "expired" event, as a lazy expiry). True if it was expired.
     */
    public boolean reclaimIfExpired(Dict.Entry e, long now) {
        if (e.value == null || e.expireAt == Dict.NO_EXPIRY || e.expireAt > now) return false;
        if (!expiryPaused.getAsBoolean()) expire(e);
        return true;
    }

    /**
     * Every key whose deadline has not passed, reclaiming nothing (KEYS: keyIsExpired filters, it does
     * not delete, so DBSIZE still counts the expired ones afterwards). The visitor must not modify anything.
     */
    public void forEachUnexpired(long now, java.util.function.Consumer<Dict.Entry> visitor) {
        dict.forEach(e -> {
            if (e.expireAt == Dict.NO_EXPIRY || e.expireAt > now) visitor.accept(e);
        });
    }

    /** One SCAN step over every stored entry, expired ones included; reclaims nothing (see reclaimIfExpired). */
    public long scanStored(long cursor, java.util.function.Consumer<Dict.Entry> visitor) {
        return dict.scan(cursor, visitor::accept);
    }
}
