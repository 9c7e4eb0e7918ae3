package io.redisdouble.net;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.redisdouble.dialect.Dialect;
import io.redisdouble.resp.ProtocolException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The request decoder fed whole, fragmented and malformed input through an EmbeddedChannel. */
class RespDecoderTest {
    private static EmbeddedChannel channel(boolean authenticated) {
        return new EmbeddedChannel(new RespDecoder(Dialect.REDIS_7_0, () -> authenticated));
    }

    private static List<Object> feed(EmbeddedChannel ch, byte[] data, int chunk) {
        for (int i = 0; i < data.length; i += chunk) {
            ch.writeInbound(Unpooled.wrappedBuffer(data, i, Math.min(chunk, data.length - i)));
        }
        List<Object> out = new ArrayList<>();
        Object o;
        while ((o = ch.readInbound()) != null) out.add(o);
        return out;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static List<String> args(Object o) {
        List<String> l = new ArrayList<>();
        for (byte[] a : (byte[][]) o) l.add(new String(a, StandardCharsets.ISO_8859_1));
        return l;
    }

    private static final String PIPELINE =
            "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\na\r\nb\0\r\n"
                    + "PING\r\n"
                    + "set a \"b\\x41\\n\" 'c d'\n"
                    + "*0\r\n*-1\r\n\r\n"
                    + "*1\r\n$4\r\nPING\r\n";

    @Property(tries = 60)
    void anyFragmentationGivesTheSameRequests(@ForAll @IntRange(min = 1, max = 70) int chunk) {
        List<Object> out = feed(channel(true), b(PIPELINE), chunk);
        assertEquals(4, out.size(), out::toString);
        assertEquals(List.of("SET", "k", "a\r\nb\0"), args(out.get(0)));
        assertEquals(List.of("PING"), args(out.get(1)));
        assertEquals(List.of("set", "a", "bA\n", "c d"), args(out.get(2)));
        assertEquals(List.of("PING"), args(out.get(3)));
    }

    @Test
    void protocolErrorsUseRedisTexts() {
        String[][] cases = {
                {"*1\r\n$-1\r\n", "ERR Protocol error: invalid bulk length"},
                {"*1\r\n$04\r\nping\r\n", "ERR Protocol error: invalid bulk length"},
                {"*1\r\n$536870913\r\n", "ERR Protocol error: invalid bulk length"},
                {"*+1\r\n", "ERR Protocol error: invalid multibulk length"},
                {"*01\r\n", "ERR Protocol error: invalid multibulk length"},
                {"*3000000000\r\n", "ERR Protocol error: invalid multibulk length"},
                {"*1\r\nzzzz\r\n", "ERR Protocol error: expected '$', got 'z'"},
                {"set a \"b\r\n", "ERR Protocol error: unbalanced quotes in request"},
                {"set a \"b\"c\r\n", "ERR Protocol error: unbalanced quotes in request"},
        };
        for (String[] c : cases) {
            List<Object> out = feed(channel(true), b(c[0]), 1000);
            assertEquals(1, out.size(), c[0]);
            ProtocolException pe = assertInstanceOf(ProtocolException.class, out.get(0), c[0]);
            assertEquals(c[1], pe.errorText(), c[0]);
        }
    }

    @Test
    void unauthenticatedClientsHaveSmallLimits() {
        assertEquals("ERR Protocol error: unauthenticated multibulk length",
                ((ProtocolException) feed(channel(false), b("*11\r\n"), 100).get(0)).errorText());
        assertEquals("ERR Protocol error: unauthenticated bulk length",
                ((ProtocolException) feed(channel(false), b("*1\r\n$16385\r\n"), 100).get(0)).errorText());
        assertEquals(1, feed(channel(false), b("*1\r\n$4\r\nAUTH\r\n"), 3).size());
    }

    @Test
    void requestsBeforeAnErrorAreDecodedAndNothingAfterIt() {
        List<Object> out = feed(channel(true), b("PING\r\n*1\r\n$-1\r\nPING\r\n"), 1000);
        assertEquals(2, out.size());
        assertEquals(List.of("PING"), args(out.get(0)));
        assertInstanceOf(ProtocolException.class, out.get(1));
    }

    @Test
    void oversizedInlineWithoutNewlineIsRefused() {
        byte[] junk = new byte[64 * 1024 + 1];
        java.util.Arrays.fill(junk, (byte) 'a');
        List<Object> out = feed(channel(true), junk, 4096);
        assertEquals("ERR Protocol error: too big inline request", ((ProtocolException) out.get(0)).errorText());
    }

    @Test
    void announcedBulkIsNotAllocatedBeforeItArrives() {
        EmbeddedChannel ch = channel(true);
        // 512 MB announced, a few bytes sent: nothing decoded, nothing huge buffered.
        List<Object> out = feed(ch, b("*1\r\n$536870912\r\nabc"), 1000);
        assertTrue(out.isEmpty());
        assertTrue(Runtime.getRuntime().totalMemory() < 4L * 1024 * 1024 * 1024);
    }

    @Test
    void trailingBytesAfterABulkAreSkippedUnchecked() {
        List<Object> out = feed(channel(true), b("*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n"), 1000);
        assertEquals(2, out.size());
        assertArrayEquals(b("PING"), ((byte[][]) out.get(1))[0]);
    }

    /** A Flow the tests drive: paused or not, and the query buffer sizes it was asked about. */
    private static final class TestFlow implements RespDecoder.Flow {
        boolean paused;
        long limit = Long.MAX_VALUE;
        final List<Long> asked = new ArrayList<>();

        @Override
        public boolean paused() {
            return paused;
        }

        @Override
        public boolean overQueryBufferLimit(long queryBufferBytes) {
            asked.add(queryBufferBytes);
            return queryBufferBytes > limit;
        }
    }

    private static EmbeddedChannel channel(TestFlow flow) {
        return new EmbeddedChannel(new RespDecoder(Dialect.REDIS_7_0, () -> true, () -> RespDecoder.MAX_BULK, flow));
    }

    /** While paused nothing is parsed; resumed, the input kept meanwhile comes out in order. */
    @Test
    void pausedInputWaitsUnparsedUntilResumed() throws Exception {
        TestFlow flow = new TestFlow();
        EmbeddedChannel ch = channel(flow);
        flow.paused = true;
        assertEquals(List.of(), feed(ch, b("*1\r\n$4\r\nPING\r\nECHO a\r\n"), 5));
        assertEquals(List.of(5L, 10L, 15L, 20L, 22L), flow.asked); // all of it is query buffer, read after read
        flow.paused = false;
        RespDecoder decoder = (RespDecoder) ch.pipeline().first();
        decoder.resume(ch.pipeline().firstContext());
        List<Object> out = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) out.add(o);
        assertEquals(2, out.size());
        assertEquals(List.of("PING"), args(out.get(0)));
        assertEquals(List.of("ECHO", "a"), args(out.get(1)));
    }

    /** Over the limit after a read: one QUERY_BUFFER_LIMIT, nothing of that read parsed, nothing after. */
    @Test
    void aReadOverTheQueryBufferLimitEndsDecoding() {
        TestFlow flow = new TestFlow();
        flow.limit = 20;
        EmbeddedChannel ch = channel(flow);
        List<Object> out = feed(ch, b("*1\r\n$4\r\nPING\r\n*1\r\n$4\r\nPING\r\n"), 28);
        assertEquals(List.of(RespDecoder.QUERY_BUFFER_LIMIT), out);
        assertEquals(List.of(), feed(ch, b("*1\r\n$4\r\nPING\r\n"), 100));
    }

    /**
     * While a big argument (32 KB or more) is read, the query buffer is at most the rest of it, as Redis
     * reads such an argument up to its end only; smaller ones count whatever the read brought.
     */
    @Test
    void aBigArgumentCountsUpToItsEnd() {
        TestFlow flow = new TestFlow();
        EmbeddedChannel ch = channel(flow);
        int len = 40_000;
        String header = "*2\r\n$3\r\nSET\r\n$" + len + "\r\n";
        String request = header + "x".repeat(len) + "\r\n" + "*1\r\n$4\r\nPING\r\n".repeat(100);
        byte[] all = b(request);
        ch.writeInbound(Unpooled.wrappedBuffer(all, 0, header.length() + 100));
        ch.writeInbound(Unpooled.wrappedBuffer(all, header.length() + 100, all.length - header.length() - 100));
        assertEquals(List.of((long) header.length() + 100, (long) len + 2), flow.asked);
        List<Object> out = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) out.add(o);
        assertEquals(101, out.size());
    }
}
