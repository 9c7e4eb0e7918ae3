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

import java.util.concurrent.TimeUnit;

/**
 * SET and GET through {@code Engine.execute} (command lookup, arity and flag checks, keyspace, reply
 * object; no sockets, no RESP), cycling over 1000 keys "key:0".."key:999" that all exist, 3-byte
 * values. Returns the reply (not encoded).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class EngineStringBench {
    static final int KEYS = 1000;

    Engines e;
    byte[][][] sets = new byte[KEYS][][];
    byte[][][] gets = new byte[KEYS][][];
    int i;

    @Setup(Level.Trial)
    public void setup() {
        e = new Engines();
        for (int k = 0; k < KEYS; k++) {
            sets[k] = Engines.argv("SET", "key:" + k, "val");
            gets[k] = Engines.argv("GET", "key:" + k);
            e.check("SET", "key:" + k, "val");
        }
    }

    /** SET key:i val (overwrite). */
    @Benchmark
    public Reply set() {
        if (++i == KEYS) i = 0;
        return e.run(sets[i]);
    }

    /** GET key:i (hit). */
    @Benchmark
    public Reply get() {
        if (++i == KEYS) i = 0;
        return e.run(gets[i]);
    }
}
