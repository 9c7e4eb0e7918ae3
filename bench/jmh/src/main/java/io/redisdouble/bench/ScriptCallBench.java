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

import java.util.concurrent.TimeUnit;

/**
 * redis.call in a Lua loop: one EVAL per invocation through {@code Engine.execute} (inline: the
 * benchmark's client has no command thread, so the script never goes busy), whose script makes 1000
 * redis.call. Divide the time by 1000 for one call (Lua loop, argument conversion, command lookup and
 * checks, the command, reply conversion). {@code sadd}: SADD s i of members already in the set (no
 * growth); {@code set}: SET k i; {@code get}: GET k (a bulk reply turned into a Lua string).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ScriptCallBench {
    @Param({"7.2", "6.2"})
    String dialect;

    Engines e;
    byte[][] sadd, set, get;

    private static byte[][] eval(String body) {
        return Engines.argv("EVAL", body, "0");
    }

    @Setup(Level.Trial)
    public void setup() {
        e = new Engines(Dialect.parse(dialect));
        sadd = eval("for i=1,1000 do redis.call('sadd','s',i) end");
        set = eval("for i=1,1000 do redis.call('set','k',i) end");
        get = eval("local r for i=1,1000 do r = redis.call('get','k') end return r");
        for (byte[][] argv : new byte[][][] {sadd, set, get}) {
            Reply r = e.run(argv);
            if (r == null || r.isError()) throw new IllegalStateException(new String(argv[1]) + " -> " + r);
        }
    }

    @Benchmark
    public Reply sadd() {
        return e.run(sadd);
    }

    @Benchmark
    public Reply set() {
        return e.run(set);
    }

    @Benchmark
    public Reply get() {
        return e.run(get);
    }
}
