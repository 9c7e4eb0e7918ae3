package io.redisdouble.keyspace;

/** The numbered databases of one server. */
public final class Keyspace {
    private final Database[] dbs;

    private final AccessTracker access;
    private final MemoryAccounting memory = new MemoryAccounting();
    private final Eviction eviction = new Eviction();

    public Keyspace(int count, KeyspaceListener listener, AccessTracker access) {
        this.access = access;
        dbs = new Database[count];
        for (int i = 0; i < count; i++) dbs[i] = new Database(i, listener, access, memory);
    }

    /** maxmemory's eviction (its candidate pool and evicted_keys). */
    public Eviction eviction() {
        return eviction;
    }

    /** The dataset's memory figure for maxmemory (counting only while enabled). */
    public MemoryAccounting memory() {
        return memory;
    }

    /** The tracker of keys' last access (call {@link AccessTracker#begin} before each command). */
    public AccessTracker access() {
        return access;
    }

    /** Lazy expiry deletes nothing while {@code paused} answers true (a client pause: see Database). */
    public void expiryPausedWhile(java.util.function.BooleanSupplier paused) {
        for (Database db : dbs) db.expiryPausedWhile(paused);
    }

    /** Small integers stored while {@code test} answers true are not shared (see Database). */
    public void sharedIntegersOffWhile(java.util.function.Predicate<byte[]> test) {
        for (Database db : dbs) db.sharedIntegersOffWhile(test);
    }

    /** CONFIG RESETSTAT: the expired-keys counts back to zero. */
    public void resetExpiredKeyCounts() {
        for (Database db : dbs) db.resetExpiredKeyCount();
    }

    public int count() {
        return dbs.length;
    }

    public Database db(int i) {
        return dbs[i];
    }

    public void flushAll() {
        eviction.clearPool();
        for (Database d : dbs) d.clear();
    }

    /**
     * SWAPDB: databases {@code a} and {@code b} exchange their contents ({@link Database#swapWith}); the
     * memory figure stays the same, the eviction pool (which names entries by database) is emptied.
     */
    public void swap(int a, int b) {
        if (a == b) return;
        memory.settle();
        eviction.clearPool();
        dbs[a].swapWith(dbs[b]);
    }

    /** Active expiry: every database removes what is due at {@code now}. */
    public int expireDue(long now, int limitPerDb) {
        int n = 0;
        for (Database d : dbs) n += d.expireDue(now, limitPerDb);
        return n;
    }

    public int totalKeys() {
        int n = 0;
        for (Database d : dbs) n += d.size();
        return n;
    }
}
