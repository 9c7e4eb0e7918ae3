package io.redisdouble.bench;

import io.redisdouble.resp.Reply;
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

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * ZADD z score m:i through {@code Engine.execute} into a sorted set of 100,000 members ("m:i",
 * scores a shuffle of 0..99999): an existing member gets a new random score (the size stays 100k);
 * a pool of 65536 prebuilt commands, cycled. New members: {@link EngineZAddNewBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class EngineZAddBench {
    static final int N = 100_000;
    static final int POOL = 1 << 16;

    Engines e;
    SplittableRandom rnd;
    byte[][][] updates = new byte[POOL][][];
    int i;

    @Setup(Level.Trial)
    public void setup() {
        rnd = new SplittableRandom(11);
        e = new Engines();
        e.fillZSet("z", N, rnd);
        for (int k = 0; k < POOL; k++) {
            updates[k] = Engines.argv("ZADD", "z", Integer.toString(rnd.nextInt(N)), "m:" + rnd.nextInt(N));
        }
    }

    @Benchmark
    public Reply zaddUpdate() {
        if (++i == POOL) i = 0;
        return e.run(updates[i]);
    }
}
