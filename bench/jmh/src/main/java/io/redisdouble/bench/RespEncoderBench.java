package io.redisdouble.bench;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.resp.Reply;
import io.redisdouble.resp.RespEncoder;
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

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@link RespEncoder#encode} of prebuilt replies into a reused byte-array {@link ByteArrayOutput}, in
 * RESP2 and RESP3. The arrays are what ZRANGE ... WITHSCORES builds for 10 / 100 members (see
 * SortedSetCommands.ReplySink): RESP2 a flat array member, score, member, score ...; RESP3 an array of
 * [member, score] pairs. Scores are random doubles (formatted as Redis does: %.17g-style), so the
 * double formatting dominates. Returns the encoded length.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RespEncoderBench {
    @Param({"2", "3"})
    public int proto;

    static final Dialect VERSION = Dialect.REDIS_7_0;

    final ByteArrayOutput out = new ByteArrayOutput();
    Reply bulk;
    Reply integer;
    Reply scores10;
    Reply scores100;

    @Setup(Level.Trial)
    public void setup() {
        bulk = Reply.bulk("a value of thirty-two bytes .....".getBytes(StandardCharsets.US_ASCII));
        integer = Reply.integer(1_234_567_890L);
        SplittableRandom rnd = new SplittableRandom(3);
        scores10 = withScores(10, rnd);
        scores100 = withScores(100, rnd);
    }

    private Reply withScores(int members, SplittableRandom rnd) {
        Reply[] items = new Reply[proto > 2 ? members : 2 * members];
        for (int i = 0; i < members; i++) {
            Reply m = Reply.bulk(("member:" + i).getBytes(StandardCharsets.US_ASCII));
            Reply s = Reply.dbl(rnd.nextDouble() * 1_000_000);
            if (proto > 2) {
                items[i] = Reply.array(m, s);
            } else {
                items[2 * i] = m;
                items[2 * i + 1] = s;
            }
        }
        return Reply.array(items);
    }

    private int encode(Reply r) {
        out.reset();
        RespEncoder.encode(r, proto, VERSION, out);
        return out.size;
    }

    /** A 32-byte bulk string. */
    @Benchmark
    public int bulk() {
        return encode(bulk);
    }

    /** An integer reply. */
    @Benchmark
    public int integer() {
        return encode(integer);
    }

    /** 10 members with their scores. */
    @Benchmark
    public int withScores10() {
        return encode(scores10);
    }

    /** 100 members with their scores. */
    @Benchmark
    public int withScores100() {
        return encode(scores100);
    }
}
