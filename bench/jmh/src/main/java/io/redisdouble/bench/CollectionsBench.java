package io.redisdouble.bench;

import io.redisdouble.dialect.Dialect;
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
 * Lists, sets and streams of n elements through {@code Engine.execute} (no sockets), in the 7.0 dialect
 * (lists are plain quicklists) and the 7.2 one (lists also track their listpack / quicklist nodes):
 * LINDEX and LSET at a random index, SISMEMBER of a random member, XRANGE of 10 entries from a random ID.
 * Issue #12 asks that LINDEX in the middle of a 1,000,000-element list and SISMEMBER in a 1,000,000-member
 * set do not degrade to linear time; #13 that XRANGE from an ID is O(log n).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class CollectionsBench {
    @Param({"1000", "10000", "100000", "1000000"})
    public int n;

    @Param({"7.0", "7.2"})
    public String dialect;

    Engines e;
    SplittableRandom rnd;
    byte[][][] lindex, lset, sismember, xrange;

    @Setup(Level.Trial)
    public void build() {
        e = new Engines(Dialect.defined(dialect));
        rnd = new SplittableRandom(7);
        for (int from = 0; from < n; from += 1000) {
            int to = Math.min(n, from + 1000);
            String[] list = new String[2 + to - from];
            String[] set = new String[2 + to - from];
            list[0] = "RPUSH";
            list[1] = "l";
            set[0] = "SADD";
            set[1] = "s";
            for (int i = from; i < to; i++) {
                list[2 + i - from] = "element:" + i;
                set[2 + i - from] = "member:" + i;
            }
            e.check(list);
            e.check(set);
        }
        for (int i = 1; i <= n; i++) e.check("XADD", "x", i + "-0", "f", Integer.toString(i));
        // Arguments made outside the timing: 1024 random ones per operation, used in turn.
        lindex = new byte[1024][][];
        lset = new byte[1024][][];
        sismember = new byte[1024][][];
        xrange = new byte[1024][][];
        for (int k = 0; k < 1024; k++) {
            int i = rnd.nextInt(n);
            lindex[k] = Engines.argv("LINDEX", "l", Integer.toString(i));
            lset[k] = Engines.argv("LSET", "l", Integer.toString(i), "element:" + i);
            sismember[k] = Engines.argv("SISMEMBER", "s", "member:" + rnd.nextInt(n));
            xrange[k] = Engines.argv("XRANGE", "x", (1 + rnd.nextInt(n)) + "-0", "+", "COUNT", "10");
        }
    }

    int k;

    private byte[][] next(byte[][][] args) {
        k = (k + 1) & 1023;
        return args[k];
    }

    @Benchmark
    public Reply lindex() {
        return e.run(next(lindex));
    }

    @Benchmark
    public Reply lset() {
        return e.run(next(lset));
    }

    @Benchmark
    public Reply sismember() {
        return e.run(next(sismember));
    }

    @Benchmark
    public Reply xrange() {
        return e.run(next(xrange));
    }
}
