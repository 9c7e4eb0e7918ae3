package io.redisdouble.bench;

import io.redisdouble.zset.ZSet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The sorted-set load target: one {@code ZSet} built from empty with 1,000,000 members
 * {@code member:i} at random scores in [0, 1e9) (as bench/memory.sh loads over the wire). Single
 * shot: one invocation is the whole load, timed from the empty set to the last add, with the young
 * collections that copy the new nodes. The members' byte arrays are made beforehand (as the RESP
 * decoder hands them to ZADD), outside the timing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 3, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class ZSetLoadBench {
    static final int N = 1_000_000;

    byte[][] members;
    double[] scores;

    @Setup(Level.Trial)
    public void data() {
        SplittableRandom rnd = new SplittableRandom(42);
        members = new byte[N][];
        scores = new double[N];
        for (int i = 0; i < N; i++) {
            members[i] = ("member:" + i).getBytes(StandardCharsets.US_ASCII);
            scores[i] = rnd.nextDouble() * 1e9;
        }
    }

    @Setup(Level.Iteration)
    public void gc() {
        System.gc(); // start each load without the previous set's garbage
    }

    /** ZADD of 1,000,000 new members into one set; returns it so that nothing is optimised away. */
    @Benchmark
    public ZSet load1M() {
        ZSet z = new ZSet(new SplittableRandom(7));
        for (int i = 0; i < N; i++) z.add(members[i], scores[i]);
        if (z.size() != N) throw new IllegalStateException("size " + z.size());
        return z;
    }
}
