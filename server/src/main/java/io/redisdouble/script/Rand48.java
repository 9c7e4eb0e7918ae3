package io.redisdouble.script;

/**
 * Redis's rand.c: the 48-bit linear congruential generator of drand48 (a = 0x5DEECE66D, c = 0xB),
 * which math.random uses so every platform sees the same sequence. Its initial state is rand.c's
 * constant 0x1234ABCD330E; redisSrand48(seed) makes it (seed &lt;&lt; 16) | 0x330E.
 */
final class Rand48 {
    static final long MAX = Integer.MAX_VALUE; // REDIS_LRAND48_MAX
    private static final long MASK = (1L << 48) - 1;
    private long x = 0x1234ABCD330EL;

    long state() {
        return x;
    }

    void restore(long state) {
        x = state;
    }

    void seed(int seed) {
        x = (((long) seed & 0xFFFFFFFFL) << 16 | 0x330E) & MASK;
    }

    /** redisLrand48: the next 31-bit value. */
    long next() {
        x = (x * 0x5DEECE66DL + 0xB) & MASK;
        return x >>> 17;
    }

    /** What redis_math_random draws: (lrand48() % MAX) / MAX, in [0, 1). */
    double nextDouble() {
        return (double) (next() % MAX) / (double) MAX;
    }
}
