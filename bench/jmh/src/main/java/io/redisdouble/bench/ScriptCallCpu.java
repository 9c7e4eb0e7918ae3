package io.redisdouble.bench;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.resp.Reply;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * redis.call in a Lua loop, timed in the thread's CPU time rather than wall time, so that other
 * processes on a shared machine disturb the figures less (JMH's ScriptCallBench measures wall time).
 * EVALs run through {@code Engine.execute} inline, as bench/jmh's ScriptCallBench does: 2000 EVALs of
 * 1000 calls (SADD s i of members already there, SET k i, GET k) per round, then the 1,000,000-call
 * SADD loop of Redis's Tcl suite on a new set and again on the full set. Four rounds; the last ones
 * count (the JIT has compiled the interpreter and the bridge by then).
 *
 * <pre>
 * java -Xms2g -Xmx2g -cp bench/jmh/target/benchmarks.jar io.redisdouble.bench.ScriptCallCpu 7.2
 * </pre>
 */
public final class ScriptCallCpu {
    public static void main(String[] args) {
        Engines e = new Engines(Dialect.parse(args.length > 0 ? args[0] : "7.2"));
        String[] names = {"sadd", "set", "get"};
        byte[][][] loops = {
            Engines.argv("EVAL", "for i=1,1000 do redis.call('sadd','s',i) end", "0"),
            Engines.argv("EVAL", "for i=1,1000 do redis.call('set','k',i) end", "0"),
            Engines.argv("EVAL", "local r for i=1,1000 do r = redis.call('get','k') end return r", "0")};
        byte[][] million = Engines.argv("EVAL", "for i=1,1000000 do redis.call('sadd','big',i) end", "0");
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 4; round++) {
            StringBuilder out = new StringBuilder(e.engine.dialect().name() + " round " + round + ":");
            for (int k = 0; k < loops.length; k++) {
                long t0 = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < 2000; i++) check(e.run(loops[k]));
                long t1 = mx.getCurrentThreadCpuTime();
                out.append(String.format(" %s %.0f ns/call;", names[k], (t1 - t0) / 2000.0 / 1000));
            }
            e.run(Engines.argv("DEL", "big"));
            long t0 = mx.getCurrentThreadCpuTime();
            check(e.run(million));
            long t1 = mx.getCurrentThreadCpuTime();
            check(e.run(million));
            long t2 = mx.getCurrentThreadCpuTime();
            out.append(String.format(" 1M SADD new %d ms, again %d ms", (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000));
            System.out.println(out);
        }
    }

    private static void check(Reply r) {
        if (r == null || r.isError()) throw new IllegalStateException(String.valueOf(r));
    }
}
