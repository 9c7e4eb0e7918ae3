package io.redisdouble.bench;

import io.redisdouble.resp.Reply;
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
 * The sorted-set load target: a set built from empty with 1,000,000 members {@code member:i} at
 * random scores in [0, 1e9) (as bench/memory.sh loads over the wire). Single shot: one invocation
 * is the whole load, timed from the empty set to the last add, with the young collections that copy
 * the new nodes. The arguments are made beforehand (as the RESP decoder hands them over), outside
 * the timing.
 * <ul>
 *   <li>{@code zadd1M}: 1,000 {@code ZADD zs score member ...} commands of 1,000 pairs each through
 *       {@code Engine.execute}, as a client loads a set (in process: no sockets, no RESP);
 *   <li>{@code load1M}: {@code ZSet.add} one member at a time (no read-ahead);
 *   <li>{@code load1MReadAhead}: {@code ZSet.readAhead} before each 32 adds, as ZADD does.
 * </ul>
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
    byte[][][] zadds;
    Engines engines;
    final byte[][] del = Engines.argv("DEL", "zs");

    @Setup(Level.Trial)
    public void data() {
        SplittableRandom rnd = new SplittableRandom(42);
        members = new byte[N][];
        scores = new double[N];
        for (int i = 0; i < N; i++) {
            members[i] = ("member:" + i).getBytes(StandardCharsets.US_ASCII);
            scores[i] = rnd.nextDouble() * 1e9;
        }
        zadds = new byte[N / 1000][][];
        for (int c = 0; c < zadds.length; c++) {
            byte[][] argv = new byte[2 + 2000][];
            argv[0] = "ZADD".getBytes(StandardCharsets.US_ASCII);
            argv[1] = "zs".getBytes(StandardCharsets.US_ASCII);
            for (int k = 0; k < 1000; k++) {
                int i = c * 1000 + k;
                argv[2 + 2 * k] = Double.toString(scores[i]).getBytes(StandardCharsets.US_ASCII);
                argv[3 + 2 * k] = ("member:" + i).getBytes(StandardCharsets.US_ASCII);
            }
            zadds[c] = argv;
        }
        engines = new Engines();
    }

    @Setup(Level.Iteration)
    public void gc() {
        engines.run(del);
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

    /** The same load with a read-ahead before every {@link ZSet#READ_AHEAD} adds, as ZADD of many pairs does. */
    @Benchmark
    public ZSet load1MReadAhead() {
        ZSet z = new ZSet(new SplittableRandom(7));
        for (int i = 0; i < N; i += ZSet.READ_AHEAD) {
            int n = Math.min(ZSet.READ_AHEAD, N - i);
            z.readAhead(scores, members, i, n);
            for (int j = i; j < i + n; j++) z.add(members[j], scores[j]);
        }
        if (z.size() != N) throw new IllegalStateException("size " + z.size());
        return z;
    }

    /** 1,000 ZADD commands of 1,000 new members each into one key, through the engine. */
    @Benchmark
    public long zadd1M() {
        long added = 0;
        for (byte[][] argv : zadds) added += ((Reply.Int) engines.run(argv)).value;
        if (added != N) throw new IllegalStateException("added " + added);
        return added;
    }
}
