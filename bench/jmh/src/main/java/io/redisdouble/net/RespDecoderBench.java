package io.redisdouble.net;

import io.redisdouble.dialect.Dialect;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The RESP request decoder on one read holding {@code commands} pipelined {@code SET key:i <value>}
 * requests (RESP multibulk) with values of {@code valueSize} bytes, authenticated client (whole
 * batch decoded per read). The time is per read (per buffer), not per command.
 *
 * <ul>
 *   <li>{@link #decode}: {@code RespDecoder.decode} called directly (this class is in the decoder's
 *       package, so the protected method is reachable; the decoder does not use the context).</li>
 *   <li>{@link #pipeline}: the same bytes through Netty's {@link EmbeddedChannel}, i.e. with
 *       ByteToMessageDecoder's cumulation and the channel pipeline around it.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dio.netty.leakDetection.level=disabled"})
public class RespDecoderBench {
    @Param({"1", "16", "128"})
    public int commands;

    @Param({"3", "1000"})
    public int valueSize;

    ByteBuf input;
    RespDecoder decoder;
    List<Object> out;
    EmbeddedChannel channel;

    @Setup(Level.Trial)
    public void setup() {
        byte[] value = new byte[valueSize];
        java.util.Arrays.fill(value, (byte) 'x');
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        for (int i = 0; i < commands; i++) {
            byte[] key = ("key:" + i).getBytes(StandardCharsets.US_ASCII);
            write(bos, "*3\r\n$3\r\nSET\r\n");
            write(bos, "$" + key.length + "\r\n");
            bos.writeBytes(key);
            write(bos, "\r\n$" + value.length + "\r\n");
            bos.writeBytes(value);
            write(bos, "\r\n");
        }
        input = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(bos.toByteArray()));
        decoder = new RespDecoder(Dialect.REDIS_7_0, () -> true);
        out = new ArrayList<>(commands);
        channel = new EmbeddedChannel(new RespDecoder(Dialect.REDIS_7_0, () -> true));

        // Sanity: both paths see every command.
        if (decode() != commands) throw new IllegalStateException("direct decode lost commands");
        int seen = 0;
        channel.writeInbound(input.duplicate().readerIndex(0));
        while (channel.readInbound() != null) seen++;
        if (seen != commands) throw new IllegalStateException("pipeline decoded " + seen + " of " + commands);
    }

    private static void write(ByteArrayOutputStream bos, String s) {
        bos.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    @TearDown(Level.Trial)
    public void close() {
        channel.finishAndReleaseAll();
    }

    /** The decoder alone: one call over the whole buffer; returns the commands decoded. */
    @Benchmark
    public int decode() {
        input.readerIndex(0);
        out.clear();
        decoder.decode(null, input, out);
        return out.size();
    }

    /** The buffer as one channel read through the Netty pipeline; every decoded argv consumed. */
    @Benchmark
    public void pipeline(Blackhole bh) {
        input.readerIndex(0);
        channel.writeInbound(input.duplicate());
        Object m;
        while ((m = channel.readInbound()) != null) bh.consume(m);
    }
}
