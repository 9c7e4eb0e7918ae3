package io.redisdouble.keyspace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dataset's memory as redis-double counts it for {@code maxmemory} (Redis's used_memory, which
 * evict.c holds against the limit): the sum, over every stored key, of an estimate of what Redis would
 * allocate for that key and its value (the {@link Sizer}: MEMORY USAGE's figure). A key's figure is
 * taken again after every write that signals it (the one {@link Database#modified} call each write ends
 * with, and the field expiry that touches a hash), at the end of the command ({@link #settle}); a key
 * that is deleted, expired, evicted or flushed gives its figure back at once.
 *
 * <p>Off until {@link #enable} (maxmemory set): the per-key figures cost memory and a little time per
 * write, which a server without a limit does not pay. {@link #enable} takes every key's figure once.
 * Single-threaded: the command thread only.
 */
public final class MemoryAccounting {
    /** What Redis would allocate for one stored key and its value (key, dict entry, value). */
    public interface Sizer {
        long size(Dict.Entry e);
    }

    private Sizer sizer = e -> 0;
    private boolean enabled;
    private long used;
    /** Keys written since the last {@link #settle}: (database, key) pairs. */
    private final List<Database> dirtyDbs = new ArrayList<>();
    private final List<byte[]> dirtyKeys = new ArrayList<>();

    public void sizer(Sizer s) {
        this.sizer = s;
    }

    public boolean enabled() {
        return enabled;
    }

    /** Starts counting: every stored key's figure is taken now. */
    public void enable(Keyspace ks) {
        if (enabled) return;
        enabled = true;
        used = 0;
        for (int i = 0; i < ks.count(); i++) used += ks.db(i).takeSizes(this);
        dirtyDbs.clear();
        dirtyKeys.clear();
    }

    /** Stops counting and forgets the per-key figures. */
    public void disable(Keyspace ks) {
        if (!enabled) return;
        enabled = false;
        for (int i = 0; i < ks.count(); i++) ks.db(i).dropSizes();
        used = 0;
        dirtyDbs.clear();
        dirtyKeys.clear();
    }

    /** The dataset's figure: the sum of the stored keys' figures as of the last {@link #settle}. */
    public long used() {
        return used;
    }

    /**
     * The dataset's figure whether counting or not: while off, every key is measured now (O(keys)).
     */
    public long usedNow(Keyspace ks) {
        if (enabled) {
            settle();
            return used;
        }
        long sum = 0;
        for (int i = 0; i < ks.count(); i++) sum += ks.db(i).measureAll(this);
        return sum;
    }

    /** Takes again the figure of every key written since the last call. */
    public void settle() {
        if (dirtyKeys.isEmpty()) return;
        for (int i = 0; i < dirtyKeys.size(); i++) {
            dirtyDbs.get(i).resize(dirtyKeys.get(i), this);
        }
        dirtyDbs.clear();
        dirtyKeys.clear();
    }

    // ---- called by Database --------------------------------------------------------------------------

    void dirty(Database db, byte[] key) {
        if (!enabled) return;
        dirtyDbs.add(db);
        dirtyKeys.add(key);
    }

    long measure(Dict.Entry e) {
        return sizer.size(e);
    }

    void add(long delta) {
        used += delta;
    }

    /** Per-database figures: a map from entry (by identity) to its last figure. */
    static Map<Dict.Entry, Long> newSizes() {
        return new HashMap<>();
    }
}
