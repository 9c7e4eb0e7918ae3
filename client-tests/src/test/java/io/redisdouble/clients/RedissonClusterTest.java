package io.redisdouble.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RLock;
import org.redisson.api.RScoredSortedSet;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * Redisson's cluster mode with its defaults (reads from replicas, which it sends READONLY): RLock and
 * RScoredSortedSet against the emulated cluster and a real 7.0.15 cluster (3 masters, 3 replicas),
 * compared by transcript, before and after a slot move and a failover.
 */
class RedissonClusterTest {

    private static void sameOnBoth(Function<ClusterTarget, List<String>> scenario) {
        List<String> real, emulated;
        try (ClusterTarget t = ClusterTarget.real()) {
            real = scenario.apply(t);
        }
        try (ClusterTarget t = ClusterTarget.emulated()) {
            emulated = scenario.apply(t);
        }
        assertEquals(String.join("\n", real), String.join("\n", emulated));
    }

    private static RedissonClient redisson(ClusterTarget target) {
        Config config = new Config();
        config.useClusterServers().addNodeAddress("redis://" + target.host() + ":" + target.port(0)).setScanInterval(200);
        return Redisson.create(config);
    }

    @Test
    void lockAndScoredSortedSet() {
        sameOnBoth(target -> {
            List<String> t = new ArrayList<>();
            RedissonClient r = redisson(target);
            ExecutorService other = Executors.newSingleThreadExecutor();
            try {
                RLock lock = r.getLock("orders:lock");
                lock.lock();
                t.add("locked " + lock.isLocked() + " held " + lock.isHeldByCurrentThread() + " count " + lock.getHoldCount());
                t.add("other thread tryLock " + other.submit(() -> lock.tryLock()).get(20, TimeUnit.SECONDS));
                lock.lock();
                t.add("count " + lock.getHoldCount());
                lock.unlock();
                lock.unlock();
                t.add("locked after unlock " + lock.isLocked());

                RScoredSortedSet<String> board = r.getScoredSortedSet("{board}:scores");
                board.add(10, "ann");
                board.add(30, "bob");
                board.add(20, "cid");
                board.addScore("ann", 25);
                t.add(String.valueOf(board.readAll()));
                t.add(String.valueOf(board.valueRangeReversed(0, 1)));
                t.add(String.valueOf(board.rank("ann")) + " " + board.getScore("cid"));
                RScoredSortedSet<String> copy = r.getScoredSortedSet("{board}:copy");
                t.add(String.valueOf(copy.union("{board}:scores")));

                // the board's slot moves, then its master fails over to its replica: Redisson follows
                int slot = io.redisdouble.RedisCluster.slot("{board}");
                int[][] ranges = io.redisdouble.cluster.HashSlots.createAllocation(3);
                int owner = slot <= ranges[0][1] ? 0 : slot <= ranges[1][1] ? 1 : 2;
                int next = (owner + 1) % 3;
                target.moveSlot(slot, owner, next);
                t.add(String.valueOf(board.readAll()));
                board.add(5, "dan");
                target.failover(next + 3);
                t.add(String.valueOf(board.readAll()));
                RLock lock2 = r.getLock("{board}:lock");
                t.add("tryLock after failover " + lock2.tryLock());
                lock2.unlock();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                other.shutdownNow();
                r.shutdown(0, 2, TimeUnit.SECONDS);
            }
            return t;
        });
    }
}
