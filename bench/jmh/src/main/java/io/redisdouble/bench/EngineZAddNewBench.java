package io.redisdouble.bench;

import io.redisdouble.resp.Reply;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * ZADD z score fresh:k of a new member through {@code Engine.execute} into the 100,000-member set of
 * {@link EngineZAddBench}: 100 per invocation at new random scores, reported per ZADD; the batch is
 * removed (one ZREM) after each invocation, outside the timing. In its own class so that the
 * per-invocation fixtures do not touch other benchmarks.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class EngineZAddNewBench {
    static final int BATCH = 100;

    Engines e;
    SplittableRandom rnd;
    final byte[][][] adds = new byte[BATCH][][];
    byte[][] zrem;

    @Setup(Level.Trial)
    public void setup() {
        rnd = new SplittableRandom(17);
        e = new Engines();
        e.fillZSet("z", EngineZAddBench.N, rnd);
        String[] args = new String[2 + BATCH];
        args[0] = "ZREM";
        args[1] = "z";
        for (int k = 0; k < BATCH; k++) args[2 + k] = "fresh:" + k;
        zrem = Engines.argv(args);
    }

    @Setup(Level.Invocation)
    public void newScores() {
        for (int k = 0; k < BATCH; k++) {
            adds[k] = Engines.argv("ZADD", "z", Double.toString(rnd.nextDouble() * EngineZAddBench.N), "fresh:" + k);
        }
    }

    @TearDown(Level.Invocation)
    public void removeBatch() {
        Reply r = e.run(zrem);
        if (!(r instanceof Reply.Int) || ((Reply.Int) r).value != BATCH) throw new IllegalStateException("ZREM -> " + r);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void zaddNew(Blackhole bh) {
        for (int k = 0; k < BATCH; k++) bh.consume(e.run(adds[k]));
    }
}
