package io.redisdouble.keyspace;

import java.util.random.RandomGenerator;

/**
 * Keys' last access, as Redis keeps it in each value's 24-bit {@code lru} field (evict.c): with an LRU
 * maxmemory-policy (or none) the LRU clock in seconds at the last access, which OBJECT IDLETIME reads;
 * with an LFU policy the time in minutes (16 bits) and a logarithmic access counter (8 bits), which
 * OBJECT FREQ reads. The clock is the server's, so virtual time moves idle times and decays counters.
 *
 * <p>A lookup touches the key (lookupKey) unless the command does not (EXISTS, TYPE, TTL…, OBJECT) or
 * the client is in CLIENT NO-TOUCH mode and the command is not TOUCH. One per server, used by the
 * command thread only: {@link #begin} is called before each command with its clock reading.
 */
public final class AccessTracker {
    /** LRU_CLOCK_MAX: the LRU clock wraps at 24 bits. */
    static final int LRU_CLOCK_MAX = (1 << 24) - 1;
    /** LFU_INIT_VAL: the counter of a new value, so that it is not evicted at once. */
    static final int LFU_INIT_VAL = 5;

    private final EncodingLimits limits;
    private final RandomGenerator random;
    private long now;
    private boolean suspended;

    public AccessTracker(EncodingLimits limits, RandomGenerator random) {
        this.limits = limits;
        this.random = random;
    }

    /** Before a client's command: the command's clock reading, and whether its lookups leave keys alone. */
    public void begin(long nowMillis, boolean noTouch) {
        this.now = nowMillis;
        this.suspended = noTouch;
    }

    /** The clock reading of the command running. */
    long now() {
        return now;
    }

    /** createObject's stamp: the LRU clock, or (LFU) the minutes and LFU_INIT_VAL. */
    int fresh() {
        return limits.lfu() ? (minutes(now) << 8) | LFU_INIT_VAL : lruClock(now);
    }

    /**
     * The stamp of a value that replaces another (dbOverwrite / dbSetValue): with LFU it inherits the old
     * value's, otherwise it is new.
     */
    int replacing(int old) {
        return limits.lfu() ? old : fresh();
    }

    /** lookupKey's update: the LRU clock, or updateLFU (decay, then a logarithmic increment). */
    int touched(int stamp) {
        if (suspended) return stamp;
        if (!limits.lfu()) return lruClock(now);
        int counter = decayed(stamp, now);
        counter = logIncr(counter);
        return (minutes(now) << 8) | counter;
    }

    /**
     * objectSetLRUOrLFU for RESTORE: under an LFU policy the FREQ counter ({@code freq} ≥ 0), otherwise the
     * LRU clock {@code idleSeconds} ago; -1 when the option given does not apply (the stamp stays fresh).
     */
    public int restoredStamp(long freq, long idleSeconds, long nowMillis) {
        if (limits.lfu()) return freq >= 0 ? (minutes(nowMillis) << 8) | (int) freq : -1;
        if (idleSeconds < 0) return -1;
        long abs = lruClock(nowMillis) - idleSeconds;
        if (abs < 0) abs += LRU_CLOCK_MAX;
        return (int) (abs & LRU_CLOCK_MAX);
    }

    /** estimateObjectIdleTime, in seconds as OBJECT IDLETIME replies. */
    public long idleSeconds(int stamp, long nowMillis) {
        long clock = lruClock(nowMillis);
        long ms = clock >= stamp ? (clock - stamp) * 1000 : (clock + (LRU_CLOCK_MAX - stamp)) * 1000;
        return ms / 1000;
    }

    /** LFUDecrAndReturn: the counter after the decay periods elapsed since the stamp. */
    public int frequency(int stamp, long nowMillis) {
        return decayed(stamp, nowMillis);
    }

    private int decayed(int stamp, long nowMillis) {
        int ldt = (stamp >>> 8) & 0xFFFF;
        int counter = stamp & 0xFF;
        int decay = limits.lfuDecayTime();
        long periods = decay != 0 ? elapsedMinutes(ldt, nowMillis) / decay : 0;
        if (periods != 0) counter = periods > counter ? 0 : (int) (counter - periods);
        return counter;
    }

    /** LFULogIncr: the higher the counter, the less likely an access increments it. */
    private int logIncr(int counter) {
        if (counter == 255) return 255;
        double r = random.nextDouble();
        double base = Math.max(0, counter - LFU_INIT_VAL);
        double p = 1.0 / (base * limits.lfuLogFactor() + 1);
        return r < p ? counter + 1 : counter;
    }

    /** LFUTimeElapsed: minutes since {@code ldt}, across the 16-bit wrap. */
    private static long elapsedMinutes(int ldt, long nowMillis) {
        int m = minutes(nowMillis);
        return m >= ldt ? m - ldt : 65535 - ldt + m;
    }

    /** LFUGetTimeInMinutes. */
    private static int minutes(long nowMillis) {
        return (int) ((nowMillis / 1000 / 60) & 65535);
    }

    /** getLRUClock: seconds, 24 bits. */
    private static int lruClock(long nowMillis) {
        return (int) ((nowMillis / 1000) & LRU_CLOCK_MAX);
    }
}
