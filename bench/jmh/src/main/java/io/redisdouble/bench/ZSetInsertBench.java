package io.redisdouble.bench;

import io.redisdouble.zset.ZSet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Insertion of new members into the skip list of {@link ZSetBench} (n members, scores uniform in
 * [0, n)). Each invocation adds {@value #BATCH} fresh members at new random scores, so the set holds
 * n..n+99 during it; they are removed after the invocation, outside the timing (per-invocation
 * fixtures are sound here: an invocation lasts tens of microseconds). Reported per insert.
 * In its own class so that the per-invocation fixtures do not touch the other ZSet benchmarks.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class ZSetInsertBench {
    static final int BATCH = 100;

    @Param({"1000", "10000", "100000", "300000", "1000000"})
    public int n;

    ZSet set;
    SplittableRandom rnd;
    final byte[][] fresh = new byte[BATCH][];
    final double[] scores = new double[BATCH];

    @Setup(Level.Trial)
    public void build() {
        rnd = new SplittableRandom(7);
        set = ZSetBench.newSet(ZSetBench.members(n), rnd);
        for (int i = 0; i < BATCH; i++) fresh[i] = ("fresh:" + i).getBytes(StandardCharsets.US_ASCII);
    }

    @Setup(Level.Invocation)
    public void newScores() {
        for (int i = 0; i < BATCH; i++) scores[i] = rnd.nextDouble() * n;
    }

    @TearDown(Level.Invocation)
    public void removeBatch() {
        for (byte[] m : fresh) set.remove(m);
    }

    @TearDown(Level.Trial)
    public void check() {
        if (set.size() != n) throw new IllegalStateException("size " + set.size() + " != " + n);
    }

    /** ZADD of a new member, {@value #BATCH} per invocation. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void insert(Blackhole bh) {
        for (int i = 0; i < BATCH; i++) bh.consume(set.add(fresh[i], scores[i]));
    }

    /**
     * The same inserts, each {@link ZSet#READ_AHEAD} preceded by {@code ZSet.readAhead} (as ZADD of
     * many pairs does when {@code readAheadPays()}): where the two lines cross is the threshold.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void insertReadAhead(Blackhole bh) {
        for (int i = 0; i < BATCH; i += ZSet.READ_AHEAD) {
            int k = Math.min(ZSet.READ_AHEAD, BATCH - i);
            set.readAhead(scores, fresh, i, k);
            for (int j = i; j < i + k; j++) bh.consume(set.add(fresh[j], scores[j]));
        }
    }
}
