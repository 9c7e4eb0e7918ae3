package io.redisdouble.bench;

import io.redisdouble.resp.Reply;
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

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * ZRANGEBYSCORE z min +inf LIMIT 0 10 through {@code Engine.execute} on a sorted set of n members
 * (scores a shuffle of 0..n-1), min a random integer score: 65536 prebuilt commands, cycled. The
 * reply is built (10 bulk strings) but not encoded.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class EngineZRangeByScoreBench {
    static final int POOL = 1 << 16;

    @Param({"1000", "10000", "100000", "1000000"})
    public int n;

    Engines e;
    byte[][][] queries = new byte[POOL][][];
    int i;

    @Setup(Level.Trial)
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(13);
        e = new Engines();
        e.fillZSet("z", n, rnd);
        for (int k = 0; k < POOL; k++) {
            queries[k] = Engines.argv("ZRANGEBYSCORE", "z", Integer.toString(rnd.nextInt(n)), "+inf",
                    "LIMIT", "0", "10");
        }
        Reply r = e.run(queries[0]);
        if (!(r instanceof Reply.Multi)) throw new IllegalStateException("ZRANGEBYSCORE -> " + r);
    }

    @Benchmark
    public Reply zrangeByScore() {
        if (++i == POOL) i = 0;
        return e.run(queries[i]);
    }
}
