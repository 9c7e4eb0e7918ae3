import io.redisdouble.command.Engine;
import io.redisdouble.command.ServerConfig;
import io.redisdouble.command.Session;
import io.redisdouble.dialect.Dialect;
import io.redisdouble.resp.Reply;
import io.redisdouble.time.ServerClock;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;

/**
 * redis.call in a Lua loop, timed in the thread's CPU time rather than wall time, so that other
 * processes on a shared machine disturb the figures less (JMH's ScriptCallBench measures wall time).
 * EVALs run through {@code Engine.execute} inline, as bench/jmh's ScriptCallBench does: 2000 EVALs of
 * 1000 calls (SADD s i of members already there, SET k i, GET k) per round, then the 1,000,000-call
 * SADD loop of Redis's Tcl suite on a new set and again on the full set. Four rounds; the last ones
 * count (the JIT has compiled the interpreter and the bridge by then).
 *
 * <pre>
 * mvn -B -o -q -pl server compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -Xms2g -Xmx2g -cp server/target/classes:$(cat /tmp/cp.txt) bench/ScriptCallCpu.java 7.2
 * </pre>
 */
public class ScriptCallCpu {
    public static void main(String[] args) {
        Dialect dialect = Dialect.parse(args.length > 0 ? args[0] : "7.2");
        Engine engine = new Engine(new ServerConfig(dialect, 16, 6379, "127.0.0.1", null), ServerClock.flowing(), 42);
        Session s = engine.connect(new Session.Link() {
            @Override
            public void push(Reply r) {
            }

            @Override
            public void closeAfterReply() {
            }

            @Override
            public String peerAddress() {
                return "127.0.0.1:50000";
            }

            @Override
            public String localAddress() {
                return "127.0.0.1:6379";
            }
        });
        String[] names = {"sadd", "set", "get"};
        byte[][][] loops = {
            argv("EVAL", "for i=1,1000 do redis.call('sadd','s',i) end", "0"),
            argv("EVAL", "for i=1,1000 do redis.call('set','k',i) end", "0"),
            argv("EVAL", "local r for i=1,1000 do r = redis.call('get','k') end return r", "0")};
        byte[][] million = argv("EVAL", "for i=1,1000000 do redis.call('sadd','big',i) end", "0");
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 4; round++) {
            StringBuilder out = new StringBuilder(dialect.name() + " round " + round + ":");
            for (int k = 0; k < loops.length; k++) {
                long t0 = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < 2000; i++) check(engine.execute(s, loops[k]));
                long t1 = mx.getCurrentThreadCpuTime();
                out.append(String.format(" %s %.0f ns/call;", names[k], (t1 - t0) / 2000.0 / 1000));
            }
            engine.execute(s, argv("DEL", "big"));
            long t0 = mx.getCurrentThreadCpuTime();
            check(engine.execute(s, million));
            long t1 = mx.getCurrentThreadCpuTime();
            check(engine.execute(s, million));
            long t2 = mx.getCurrentThreadCpuTime();
            out.append(String.format(" 1M SADD new %d ms, again %d ms", (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000));
            System.out.println(out);
        }
    }

    private static void check(Reply r) {
        if (r == null || r.isError()) throw new IllegalStateException(String.valueOf(r));
    }

    private static byte[][] argv(String... a) {
        byte[][] v = new byte[a.length][];
        for (int i = 0; i < a.length; i++) v[i] = a[i].getBytes(StandardCharsets.UTF_8);
        return v;
    }
}
