package io.redisdouble.bench;

import io.redisdouble.zset.RangeSink;
import io.redisdouble.zset.ScoreRange;
import io.redisdouble.zset.ZSet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The sorted-set skip list ({@link ZSet}) alone, on a set of {@code n} members "m:0".."m:(n-1)" with
 * scores uniform in [0, n). Every operation picks its member / score / rank at random, so a run
 * touches the whole structure rather than one cache-hot path. Expected: O(log n) for each.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class ZSetBench {
    @Param({"1000", "10000", "100000", "1000000"})
    public int n;

    ZSet set;
    byte[][] members;
    SplittableRandom rnd;
    RangeSink sink;

    @Setup(Level.Trial)
    public void build(Blackhole bh) {
        rnd = new SplittableRandom(7);
        members = members(n);
        set = newSet(members, rnd);
        sink = (member, score) -> {
            bh.consume(member);
            bh.consume(score);
        };
    }

    static byte[][] members(int n) {
        byte[][] members = new byte[n][];
        for (int i = 0; i < n; i++) members[i] = ("m:" + i).getBytes(StandardCharsets.US_ASCII);
        return members;
    }

    /** The set of n members, scores uniform in [0, n); node levels from a fixed seed. */
    static ZSet newSet(byte[][] members, SplittableRandom rnd) {
        ZSet set = new ZSet(new SplittableRandom(42));
        for (byte[] m : members) set.add(m, rnd.nextDouble() * members.length);
        return set;
    }

    /** A random member removed, then added back with a new random score (size stays n). */
    @Benchmark
    public boolean deleteReinsert() {
        byte[] m = members[rnd.nextInt(n)];
        set.remove(m);
        return set.add(m, rnd.nextDouble() * n);
    }

    /** ZRANK of a random member. */
    @Benchmark
    public long rank() {
        return set.rank(members[rnd.nextInt(n)], false);
    }

    /** ZRANGEBYSCORE key min +inf LIMIT 0 10, min a random score. */
    @Benchmark
    public long rangeByScore() {
        return set.rangeByScore(ScoreRange.closed(rnd.nextDouble() * n, Double.POSITIVE_INFINITY),
                false, 0, 10, sink);
    }

    /** ZRANGE key start start+9, start a random rank. */
    @Benchmark
    public long rangeByRank() {
        long start = rnd.nextInt(n - 9);
        return set.range(start, start + 9, false, sink);
    }
}
