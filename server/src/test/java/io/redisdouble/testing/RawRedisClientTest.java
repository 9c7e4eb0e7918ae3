package io.redisdouble.testing;

import static io.redisdouble.testing.RawRedisClient.printable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Framing and failure behaviour of {@link RawRedisClient}, against a fake server sending canned bytes. */
class RawRedisClientTest {

    /** Accepts one connection, writes {@code data} in chunks of {@code chunk} bytes, then closes or waits. */
    static final class FakeServer implements AutoCloseable {
        final ServerSocket server;
        final Thread thread;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();

        FakeServer(byte[] data, int chunk, boolean closeAfterWriting) throws IOException {
            server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> {
                try (Socket s = server.accept()) {
                    s.setTcpNoDelay(true);
                    OutputStream out = s.getOutputStream();
                    for (int i = 0; i < data.length; i += chunk) {
                        out.write(data, i, Math.min(chunk, data.length - i));
                        out.flush();
                    }
                    if (closeAfterWriting) {
                        return;
                    }
                    InputStream in = s.getInputStream();
                    int b;
                    while ((b = in.read()) >= 0) {
                        synchronized (received) {
                            received.write(b);
                        }
                    }
                } catch (IOException ignored) {
                    // test over
                }
            }, "fake-redis");
            thread.setDaemon(true);
            thread.start();
        }

        RawRedisClient client(Duration timeout) {
            return new RawRedisClient("127.0.0.1", server.getLocalPort(), timeout);
        }

        @Override
        public void close() throws Exception {
            server.close();
            thread.join(5000);
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static final String[] FRAMES = {
        "+OK\r\n",
        "-ERR something bad\r\n",
        ":-12\r\n",
        "$-1\r\n",
        "$0\r\n\r\n",
        "$4\r\na\r\nb\r\n",
        "*-1\r\n",
        "*0\r\n",
        "*3\r\n*1\r\n:1\r\n$-1\r\n*0\r\n",
        "_\r\n",
        ",3.14\r\n",
        ",-inf\r\n",
        "#t\r\n",
        "!11\r\nERR b\r\nlob!\r\n",
        "=8\r\ntxt:abcd\r\n",
        "(12345678901234567890\r\n",
        "%2\r\n+k\r\n*1\r\n:1\r\n$1\r\nx\r\n_\r\n",
        "~2\r\n:1\r\n:2\r\n",
        ">2\r\n+message\r\n$1\r\nx\r\n",
        "|1\r\n+ttl\r\n:3600\r\n*1\r\n:1\r\n",
        "*1\r\n|1\r\n+a\r\n#f\r\n$1\r\nv\r\n",
        "$?\r\n;4\r\nHell\r\n;1\r\no\r\n;0\r\n",
        "*?\r\n:1\r\n%?\r\n+a\r\n:1\r\n.\r\n.\r\n",
    };

    private static void assertFramesRead(byte[] stream, int chunk, List<String> frames) throws Exception {
        try (FakeServer f = new FakeServer(stream, chunk, false); RawRedisClient c = f.client(Duration.ofSeconds(5))) {
            for (String frame : frames) {
                assertEquals(printable(b(frame)), printable(c.readReply()));
            }
            assertFalse(c.isClosedByPeer(Duration.ofMillis(50)), "nothing left over");
        }
    }

    @Test
    void everyFrameTypeInOneWrite() throws Exception {
        assertFramesRead(b(String.join("", FRAMES)), 1 << 20, List.of(FRAMES));
    }

    @Test
    void everyFrameTypeByteByByte() throws Exception {
        assertFramesRead(b(String.join("", FRAMES)), 1, List.of(FRAMES));
    }

    @Property(tries = 40)
    void randomNestedFramesInRandomChunks(@ForAll long seed) throws Exception {
        Random r = new Random(seed);
        List<String> frames = new ArrayList<>();
        StringBuilder all = new StringBuilder();
        for (int i = 0, n = 1 + r.nextInt(8); i < n; i++) {
            StringBuilder f = new StringBuilder();
            randomFrame(r, f, 0);
            frames.add(f.toString());
            all.append(f);
        }
        assertFramesRead(b(all.toString()), 1 + r.nextInt(20), frames);
    }

    private static void randomFrame(Random r, StringBuilder sb, int depth) {
        int kind = r.nextInt(depth > 3 ? 8 : 14);
        switch (kind) {
            case 0: sb.append("+simple ").append(r.nextInt()).append("\r\n"); break;
            case 1: sb.append("-ERR e").append(r.nextInt(9)).append("\r\n"); break;
            case 2: sb.append(':').append(r.nextLong()).append("\r\n"); break;
            case 3: sb.append("$-1\r\n"); break;
            case 4: {
                StringBuilder s = new StringBuilder();
                for (int i = 0, n = r.nextInt(12); i < n; i++) {
                    s.append((char) r.nextInt(256)); // any byte, including \r \n $ *
                }
                sb.append('$').append(s.length()).append("\r\n").append(s).append("\r\n");
                break;
            }
            case 5: sb.append("_\r\n"); break;
            case 6: sb.append(',').append(r.nextDouble()).append("\r\n"); break;
            case 7: sb.append("*-1\r\n"); break;
            case 8: case 9: case 10: case 11: {
                char type = "*~>%".charAt(kind - 8);
                int n = r.nextInt(4);
                sb.append(type).append(n).append("\r\n");
                for (int i = 0; i < (type == '%' ? 2 * n : n); i++) {
                    randomFrame(r, sb, depth + 1);
                }
                break;
            }
            case 12: {
                sb.append("|1\r\n+key\r\n");
                randomFrame(r, sb, depth + 1);
                randomFrame(r, sb, depth + 1);
                break;
            }
            default: {
                sb.append("*?\r\n");
                for (int i = 0, n = r.nextInt(3); i < n; i++) {
                    randomFrame(r, sb, depth + 1);
                }
                sb.append(".\r\n");
            }
        }
    }

    @Test
    void timeoutShowsWhatWasSentAndReceived() throws Exception {
        try (FakeServer f = new FakeServer(b("$5\r\nab"), 100, false);
             RawRedisClient c = f.client(Duration.ofMillis(300))) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> c.call("GET", "my key"));
            assertInstanceOf(SocketTimeoutException.class, e.getCause());
            assertTrue(e.getMessage().contains("GET \"my key\""), e.getMessage());
            assertTrue(e.getMessage().contains("received so far: \"$5\\r\\nab\""), e.getMessage());
        }
    }

    @Test
    void peerClosingMidReply() throws Exception {
        try (FakeServer f = new FakeServer(b("*2\r\n:1\r\n"), 100, true);
             RawRedisClient c = f.client(Duration.ofSeconds(5))) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, c::readReply);
            assertInstanceOf(EOFException.class, e.getCause());
            assertTrue(e.getMessage().contains("in the middle of a reply"), e.getMessage());
        }
    }

    @Test
    void invalidFraming() throws Exception {
        for (String bad : new String[] {"?oops\r\n", "$3\r\nabcd\r\n", "+no cr\n", "*x\r\n", "$-2\r\n", "%-1\r\n"}) {
            try (FakeServer f = new FakeServer(b(bad), 100, false);
                 RawRedisClient c = f.client(Duration.ofSeconds(5))) {
                UncheckedIOException e = assertThrows(UncheckedIOException.class, c::readReply, bad);
                assertInstanceOf(ProtocolException.class, e.getCause(), bad);
            }
        }
    }

    @Test
    void closedByPeerAfterPendingReply() throws Exception {
        try (FakeServer f = new FakeServer(b("-ERR bye\r\n"), 100, true);
             RawRedisClient c = f.client(Duration.ofSeconds(5))) {
            Thread.sleep(100);
            assertFalse(c.isClosedByPeer(Duration.ofSeconds(1)), "a reply is pending");
            assertEquals("-ERR bye\\r\\n", printable(c.readReply()));
            assertTrue(c.isClosedByPeer(Duration.ofSeconds(5)));
        }
    }

    @Test
    void notClosedWhenIdle() throws Exception {
        try (FakeServer f = new FakeServer(new byte[0], 1, false); RawRedisClient c = f.client(Duration.ofSeconds(5))) {
            assertFalse(c.isClosedByPeer(Duration.ofMillis(100)));
            c.sendRaw(b("PING\r\n")); // still usable after the timed-out check
        }
    }

    @Test
    void encodesMultibulk() throws Exception {
        assertEquals("*3\\r\\n$3\\r\\nSET\\r\\n$1\\r\\nk\\r\\n$0\\r\\n\\r\\n",
                printable(RawRedisClient.encodeCommand(RawRedisClient.argv("SET", "k", ""))));
        byte[] reply = b("+OK\r\n+OK\r\n");
        try (FakeServer f = new FakeServer(reply, 100, false); RawRedisClient c = f.client(Duration.ofSeconds(5))) {
            List<byte[]> r = c.pipeline(List.of(RawRedisClient.argv("PING"), RawRedisClient.argv("ECHO", "é")));
            assertEquals(2, r.size());
            c.close();
            f.thread.join(5000);
            assertEquals("*1\\r\\n$4\\r\\nPING\\r\\n*2\\r\\n$4\\r\\nECHO\\r\\n$2\\r\\n\\xc3\\xa9\\r\\n",
                    printable(f.received.toByteArray()));
        }
    }

    @Test
    void printableEscapes() {
        byte[] bytes = {'+', 'O', 'K', '\r', '\n', 0, 0x7f, (byte) 0xff, '\\', '\t', ' ', '"'};
        assertEquals("+OK\\r\\n\\x00\\x7f\\xff\\\\\\t \"", printable(bytes));
        assertEquals("null", printable(null));
    }
}
