package io.redisdouble.keyspace;

import java.util.random.RandomGenerator;

/**
 * performEvictions (evict.c): frees keys by {@code maxmemory-policy} until the memory figure is at or
 * below {@code maxmemory}. As Redis does it:
 * <ul>
 *   <li>{@code allkeys-lru}, {@code volatile-lru}, {@code allkeys-lfu}, {@code volatile-lfu},
 *       {@code volatile-ttl}: every database gives {@code maxmemory-samples} random keys (all keys, or
 *       those with a deadline) to a pool of the 16 best candidates seen so far (longest idle; lowest
 *       decayed LFU counter; nearest deadline), kept between calls; the best one still stored goes.</li>
 *   <li>{@code allkeys-random}, {@code volatile-random}: a random key of the next database that has one,
 *       visiting the databases in turn.</li>
 *   <li>{@code noeviction}, or nothing left to evict: the limit stays exceeded ({@code false}).</li>
 * </ul>
 * An evicted key is deleted with the "evicted" event and counts as modified (WATCH), through
 * {@link Database#evict}. Redis also stops after a time budget (maxmemory-eviction-tenacity) and goes on
 * from a timer; with the double's figures the loop is short, so it runs to the end.
 */
public final class Eviction {
    private static final int POOL_SIZE = 16;

    private final Database[] poolDb = new Database[POOL_SIZE];
    private final byte[][] poolKey = new byte[POOL_SIZE][];
    private final long[] poolScore = new long[POOL_SIZE];
    private int nextDb;

    /** Keys evicted so far (INFO evicted_keys). */
    private long evicted;

    public long evictedKeys() {
        return evicted;
    }

    public void resetStats() {
        evicted = 0;
    }

    /**
     * Evicts until {@code used.getAsLong() <= limit}; true if the figure is then within the limit,
     * false if the policy forbids eviction or no key is left to evict (EVICT_FAIL).
     */
    public boolean perform(Keyspace ks, long limit, java.util.function.LongSupplier used, String policy,
                           int samples, long now, RandomGenerator rnd) {
        if (used.getAsLong() <= limit) return true;
        if (policy.equals("noeviction")) return false;
        boolean allKeys = policy.startsWith("allkeys-");
        boolean random = policy.endsWith("-random");
        while (used.getAsLong() > limit) {
            Database db = null;
            byte[] key = null;
            if (random) {
                for (int i = 0; i < ks.count() && key == null; i++) {
                    nextDb = (nextDb + 1) % ks.count();
                    Database d = ks.db(nextDb);
                    Dict.Entry e = d.randomForEviction(allKeys, rnd);
                    if (e != null) {
                        db = d;
                        key = e.key;
                    }
                }
            } else {
                while (key == null) {
                    long total = 0;
                    for (int i = 0; i < ks.count(); i++) {
                        Database d = ks.db(i);
                        int n = allKeys ? d.size() : d.volatileKeyCount();
                        if (n == 0) continue;
                        total += n;
                        populate(d, allKeys, policy, samples, now, rnd);
                    }
                    if (total == 0) break;
                    for (int k = POOL_SIZE - 1; k >= 0; k--) {
                        if (poolKey[k] == null) continue;
                        Database d = poolDb[k];
                        byte[] candidate = poolKey[k];
                        poolKey[k] = null;
                        poolDb[k] = null;
                        Dict.Entry e = d.entryEvenIfExpired(candidate);
                        if (e != null && (allKeys || e.expireAt != Dict.NO_EXPIRY)) {
                            db = d;
                            key = candidate;
                            break;
                        }
                    }
                }
            }
            if (key == null) return false;
            db.evict(key);
            evicted++;
        }
        return true;
    }

    /** evictionPoolPopulate: samples keys of one database into the pool, best candidates at the end. */
    private void populate(Database d, boolean allKeys, String policy, int samples, long now, RandomGenerator rnd) {
        AccessTracker access = d.access();
        for (int s = 0; s < samples; s++) {
            Dict.Entry e = d.randomForEviction(allKeys, rnd);
            if (e == null) return;
            long score;
            if (policy.endsWith("-lru")) {
                score = access.idleSeconds(e.accessStamp(), now);
            } else if (policy.endsWith("-lfu")) {
                score = 255 - access.frequency(e.accessStamp(), now);
            } else { // volatile-ttl: the nearer the deadline, the better
                score = Long.MAX_VALUE - e.expireAt;
            }
            insert(d, e.key, score);
        }
    }

    /** Keeps the pool sorted by ascending score; a key already in the pool is not added twice. */
    private void insert(Database d, byte[] key, long score) {
        for (int k = 0; k < POOL_SIZE; k++) {
            if (poolKey[k] != null && poolDb[k] == d && java.util.Arrays.equals(poolKey[k], key)) return;
        }
        int k = 0;
        while (k < POOL_SIZE && poolKey[k] != null && poolScore[k] < score) k++;
        if (k == 0 && poolKey[POOL_SIZE - 1] != null) return; // worse than everything in a full pool
        if (k < POOL_SIZE && poolKey[k] == null) {
            // free slot here
        } else if (poolKey[POOL_SIZE - 1] == null) {
            // shift right to make room at k
            System.arraycopy(poolKey, k, poolKey, k + 1, POOL_SIZE - k - 1);
            System.arraycopy(poolDb, k, poolDb, k + 1, POOL_SIZE - k - 1);
            System.arraycopy(poolScore, k, poolScore, k + 1, POOL_SIZE - k - 1);
        } else {
            // full: drop the worst (index 0), shift left, insert at k-1
            k--;
            System.arraycopy(poolKey, 1, poolKey, 0, k);
            System.arraycopy(poolDb, 1, poolDb, 0, k);
            System.arraycopy(poolScore, 1, poolScore, 0, k);
        }
        poolKey[k] = key;
        poolDb[k] = d;
        poolScore[k] = score;
    }

    /** Forgets the pool (FLUSHALL, a policy change): its keys may be gone or no longer candidates. */
    public void clearPool() {
        java.util.Arrays.fill(poolKey, null);
        java.util.Arrays.fill(poolDb, null);
    }
}
