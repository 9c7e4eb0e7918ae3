package io.redisdouble.clients;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * The seed's lock decorator, in Java: run a job only if {@code SET lock 1 EX 60 NX} succeeds, and delete
 * the lock afterwards (even when the job fails). Written as a user would, against Jedis.
 */
final class LockDecorator {
    private final UnifiedJedis jedis;
    private final String lockKey;

    LockDecorator(UnifiedJedis jedis, String lockKey) {
        this.jedis = jedis;
        this.lockKey = lockKey;
    }

    /** Runs the job if the lock is free; returns whether it ran. */
    boolean runExclusive(Runnable job) {
        String reply = jedis.set(lockKey, "1", SetParams.setParams().ex(60).nx());
        if (!"OK".equals(reply)) return false;
        try {
            job.run();
        } finally {
            jedis.del(lockKey);
        }
        return true;
    }
}
