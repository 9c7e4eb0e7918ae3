package io.redisdouble.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A tiny blocking RESP client for byte-exact comparisons between redis-double and a real Redis.
 *
 * <p>Unlike a real client library it does not interpret replies: {@link #call} sends one command
 * and returns the raw bytes of exactly one complete reply frame, whatever its type. Framing of both
 * RESP2 and RESP3 is understood ({@code + - : $ * _ , # ! = ( % ~ > |}, including nested
 * aggregates, {@code $-1} / {@code *-1} nulls and the RESP3 streamed forms {@code $?} / {@code *?}).
 * A RESP3 attribute ({@code |}) is not a reply on its own: the returned bytes are the attribute
 * followed by the reply it annotates. Push frames ({@code >}) are returned like any other frame, so
 * after {@code SUBSCRIBE} in RESP3 the caller reads them with {@link #readReply()}.
 *
 * <p>Every read has a timeout (5 s by default), so a missing or truncated reply fails the test with
 * a message that shows what was sent and what had arrived, instead of hanging. I/O problems are
 * thrown as {@link UncheckedIOException} (cause: {@link SocketTimeoutException} for a timeout,
 * {@link EOFException} when the peer closed the connection, {@link ProtocolException} for bytes
 * that are not valid RESP framing).
 *
 * <p>Not thread-safe: use one client per thread.
 */
public final class RawRedisClient implements AutoCloseable {

    /** Default read timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private static final int MAX_NESTING = 10_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String peer;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;
    private int timeoutMillis;
    /** Printable summary of the last thing sent, for error messages (rendered only on failure). */
    private Supplier<String> lastSent = () -> "(nothing sent yet)";

    /** Connects to {@code host:port} with the {@linkplain #DEFAULT_TIMEOUT default} timeout. */
    public RawRedisClient(String host, int port) {
        this(host, port, DEFAULT_TIMEOUT);
    }

    /** Connects to {@code host:port}; {@code timeout} bounds the connect and every read. */
    public RawRedisClient(String host, int port, Duration timeout) {
        this.peer = host + ":" + port;
        this.timeoutMillis = toMillis(timeout);
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            this.socket = s;
            this.in = s.getInputStream();
            this.out = s.getOutputStream();
        } catch (IOException e) {
            closeQuietly(s);
            throw new UncheckedIOException("cannot connect to " + peer + ": " + e, e);
        }
    }

    /** Convenience for building pipelines: {@code argv("SET", "k", "v")} as UTF-8 bytes. */
    public static byte[][] argv(String... args) {
        byte[][] a = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            a[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return a;
    }

    /** The RESP multibulk encoding of {@code argv}: {@code *N\r\n$len\r\narg\r\n...}. */
    public static byte[] encodeCommand(byte[]... argv) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        appendCommand(b, argv);
        return b.toByteArray();
    }

    private static void appendCommand(ByteArrayOutputStream b, byte[][] argv) {
        writeAscii(b, "*" + argv.length + "\r\n");
        for (byte[] arg : argv) {
            writeAscii(b, "$" + arg.length + "\r\n");
            b.write(arg, 0, arg.length);
            b.write('\r');
            b.write('\n');
        }
    }

    private static void writeAscii(ByteArrayOutputStream b, String s) {
        byte[] x = s.getBytes(StandardCharsets.US_ASCII);
        b.write(x, 0, x.length);
    }

    /** Sends one command (arguments encoded as UTF-8) and returns the raw bytes of its reply. */
    public byte[] call(String... argv) {
        return call(argv(argv));
    }

    /** Sends one command and returns the raw bytes of exactly one complete reply. */
    public byte[] call(byte[]... argv) {
        send(argv);
        return readReply();
    }

    /**
     * Sends one command without reading its reply ({@link #readReply()} reads it): for a caller that
     * has two servers work on one command at the same time, sending it to both before reading either.
     */
    public void send(byte[]... argv) {
        write(encodeCommand(argv), () -> RespCli.abbreviate(RespCli.commandLine(argv), 300));
    }

    /**
     * Sends all commands in one write, then reads one reply per command, in order.
     *
     * @return the raw reply bytes, one element per command
     */
    public List<byte[]> pipeline(List<byte[][]> commands) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[][] c : commands) {
            appendCommand(b, c);
        }
        write(b.toByteArray(), () -> commands.size() + " pipelined commands" + (commands.isEmpty() ? ""
                : ", first: " + RespCli.abbreviate(RespCli.commandLine(commands.get(0)), 300)));
        List<byte[]> replies = new ArrayList<>(commands.size());
        for (int i = 0; i < commands.size(); i++) {
            replies.add(readReply());
        }
        return replies;
    }

    /** Writes {@code bytes} as they are (inline commands, malformed input, partial frames...). */
    public void sendRaw(byte[] bytes) {
        write(bytes, () -> "raw bytes \"" + RespCli.abbreviate(printable(bytes), 300) + "\"");
    }

    private void write(byte[] bytes, Supplier<String> description) {
        lastSent = description;
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send " + description.get() + " to " + peer + ": " + e, e);
        }
    }

    /**
     * Reads exactly one complete reply frame and returns its raw bytes (for an attribute: the
     * attribute plus the reply that follows it).
     */
    public byte[] readReply() {
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        try {
            readValue(reply, 0);
            return reply.toByteArray();
        } catch (SocketTimeoutException e) {
            throw new UncheckedIOException("no complete reply from " + peer + " within " + timeoutMillis
                    + " ms after sending " + lastSent.get() + "; received so far: \""
                    + received(reply) + "\"", e);
        } catch (EOFException e) {
            throw new UncheckedIOException("connection closed by " + peer + " "
                    + (reply.size() == 0 ? "before any reply" : "in the middle of a reply")
                    + " after sending " + lastSent.get() + "; received: \"" + received(reply) + "\"", e);
        } catch (ProtocolException e) {
            throw new UncheckedIOException("invalid RESP from " + peer + " after sending " + lastSent.get() + ": "
                    + e.getMessage() + "; received so far: \"" + received(reply) + "\"", e);
        } catch (IOException e) {
            throw new UncheckedIOException("I/O error reading from " + peer + " after sending " + lastSent.get()
                    + ": " + e + "; received so far: \"" + received(reply) + "\"", e);
        }
    }

    /**
     * Waits up to {@code timeout} for the server to close the connection.
     *
     * @return {@code true} if the peer closed it (read returned -1, or the connection was reset);
     *     {@code false} if the timeout passed, or if bytes arrived instead: those bytes are kept and
     *     returned by the next {@link #readReply()}, so read a pending error reply before asking.
     */
    public boolean isClosedByPeer(Duration timeout) {
        if (pos < limit) {
            return false;
        }
        try {
            socket.setSoTimeout(toMillis(timeout));
            try {
                int n = in.read(buf, 0, buf.length);
                if (n < 0) {
                    return true;
                }
                pos = 0;
                limit = n;
                return false;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (SocketException e) {
                return true; // connection reset: closed with unread data on its side
            } finally {
                if (!socket.isClosed()) {
                    socket.setSoTimeout(timeoutMillis);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Changes the read timeout for subsequent reads. */
    public void setTimeout(Duration timeout) {
        timeoutMillis = toMillis(timeout);
        try {
            socket.setSoTimeout(timeoutMillis);
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The local port of this connection (handy for {@code CLIENT KILL ADDR}, {@code CLIENT LIST} checks). */
    public int localPort() {
        return socket.getLocalPort();
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    // ---------------------------------------------------------------------------------------------
    // Framing

    /**
     * Reads one complete value. Aggregates are not read by recursion (a script's reply may nest
     * thousands deep): each frame says how many values it still announces, and the loop reads them,
     * keeping one count per open aggregate so that the nesting depth stays checked.
     */
    private void readValue(ByteArrayOutputStream reply, int depth) throws IOException {
        java.util.ArrayDeque<long[]> open = new java.util.ArrayDeque<>();
        open.push(new long[] {1});
        while (!open.isEmpty()) {
            long[] top = open.peek();
            if (top[0] == 0) {
                open.pop();
                continue;
            }
            top[0]--;
            if (depth + open.size() - 1 > MAX_NESTING) {
                throw new ProtocolException("nesting deeper than " + MAX_NESTING);
            }
            long announced = readFrame(reply, depth + open.size() - 1);
            if (announced > 0) open.push(new long[] {announced});
        }
    }

    /** Reads one frame: a whole scalar (0 returned), or an aggregate's header (the count of values it announces). */
    private long readFrame(ByteArrayOutputStream reply, int depth) throws IOException {
        int type = readByte();
        reply.write(type);
        switch (type) {
            case '+': case '-': case ':': case '_': case ',': case '#': case '(':
                readLine(reply);
                return 0;
            case '$': case '!': case '=': {
                String len = readLine(reply);
                if (type == '$' && len.equals("?")) {
                    readStreamedString(reply);
                    return 0;
                }
                long n = parseLength(len, type);
                if (n >= 0) {
                    readExact(reply, n);
                    expectCrlf(reply);
                } else if (type != '$' || n != -1) {
                    throw new ProtocolException("invalid length '" + len + "' for type '" + (char) type + "'");
                }
                return 0;
            }
            case '*': case '~': case '>': case '%': case '|': {
                String len = readLine(reply);
                int per = (type == '%' || type == '|') ? 2 : 1;
                long announced = 0;
                if (len.equals("?") && type != '|') {
                    readStreamedAggregate(reply, depth);
                } else {
                    long n = parseLength(len, type);
                    if (n < 0 && !(type == '*' && n == -1)) {
                        throw new ProtocolException("invalid length '" + len + "' for type '" + (char) type + "'");
                    }
                    announced = Math.max(0, n) * per;
                }
                if (type == '|') {
                    announced++; // the attribute annotates the reply that follows
                }
                return announced;
            }
            default:
                throw new ProtocolException("unknown RESP type byte " + printable(new byte[] {(byte) type}));
        }
    }

    /** {@code $?\r\n} then {@code ;len\r\ndata\r\n} chunks until {@code ;0\r\n}. */
    private void readStreamedString(ByteArrayOutputStream reply) throws IOException {
        while (true) {
            int t = readByte();
            reply.write(t);
            if (t != ';') {
                throw new ProtocolException("expected ';' chunk header in streamed string");
            }
            String len = readLine(reply);
            long n = parseLength(len, ';');
            if (n < 0) {
                throw new ProtocolException("invalid chunk length '" + len + "'");
            }
            if (n == 0) {
                return;
            }
            readExact(reply, n);
            expectCrlf(reply);
        }
    }

    /** {@code *?\r\n} (or {@code %?} {@code ~?} {@code >?}) then values until {@code .\r\n}. */
    private void readStreamedAggregate(ByteArrayOutputStream reply, int depth) throws IOException {
        while (true) {
            if (peekByte() == '.') {
                reply.write(readByte());
                String rest = readLine(reply);
                if (!rest.isEmpty()) {
                    throw new ProtocolException("garbage after streamed aggregate end '.'");
                }
                return;
            }
            readValue(reply, depth + 1);
        }
    }

    private static long parseLength(String s, int type) throws ProtocolException {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new ProtocolException("invalid length '" + s + "' for type '" + (char) type + "'");
        }
    }

    /** Reads through the next CRLF, appending it; returns the line content (without CRLF) as Latin-1. */
    private String readLine(ByteArrayOutputStream reply) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = readByte();
            reply.write(b);
            if (b == '\r') {
                int n = readByte();
                reply.write(n);
                if (n != '\n') {
                    throw new ProtocolException("CR not followed by LF");
                }
                return line.toString(StandardCharsets.ISO_8859_1);
            }
            if (b == '\n') {
                throw new ProtocolException("LF without CR");
            }
            line.write(b);
        }
    }

    private void expectCrlf(ByteArrayOutputStream reply) throws IOException {
        int a = readByte();
        reply.write(a);
        int b = readByte();
        reply.write(b);
        if (a != '\r' || b != '\n') {
            throw new ProtocolException("payload not terminated by CRLF");
        }
    }

    private void readExact(ByteArrayOutputStream reply, long n) throws IOException {
        long remaining = n;
        while (remaining > 0) {
            if (pos == limit) {
                fill();
            }
            int chunk = (int) Math.min(remaining, limit - pos);
            reply.write(buf, pos, chunk);
            pos += chunk;
            remaining -= chunk;
        }
    }

    private int readByte() throws IOException {
        if (pos == limit) {
            fill();
        }
        return buf[pos++] & 0xff;
    }

    private int peekByte() throws IOException {
        if (pos == limit) {
            fill();
        }
        return buf[pos] & 0xff;
    }

    private void fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
            throw new EOFException();
        }
        pos = 0;
        limit = n;
    }

    // ---------------------------------------------------------------------------------------------
    // Rendering

    /**
     * Renders RESP bytes readably on one line for assertion messages: printable ASCII as is,
     * {@code \r \n \t \\} escaped, everything else as {@code \xNN}. {@code null} renders as
     * {@code null}.
     */
    public static String printable(byte[] bytes) {
        if (bytes == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(bytes.length + 16);
        for (byte x : bytes) {
            int c = x & 0xff;
            switch (c) {
                case '\r': sb.append("\\r"); break;
                case '\n': sb.append("\\n"); break;
                case '\t': sb.append("\\t"); break;
                case '\\': sb.append("\\\\"); break;
                default:
                    if (c >= 0x20 && c < 0x7f) {
                        sb.append((char) c);
                    } else {
                        sb.append(String.format("\\x%02x", c));
                    }
            }
        }
        return sb.toString();
    }

    private static String received(ByteArrayOutputStream reply) {
        return RespCli.abbreviate(printable(reply.toByteArray()), 2000);
    }

    private static int toMillis(Duration d) {
        long ms = d.toMillis();
        if (ms <= 0) {
            return 1;
        }
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing useful to do
        }
    }

    @Override
    public String toString() {
        return "RawRedisClient[" + peer + "]";
    }

    /**
     * Connects (from {@code bindAddress}, e.g. 127.0.0.2 for a client protected mode sees as not local;
     * null for the default), sends one PING and returns every byte received within a second, then
     * " CLOSED" if the server closed the connection or " open".
     */
    public static String pingOnce(String bindAddress, int port) throws java.io.IOException {
        try (java.net.Socket s = new java.net.Socket()) {
            if (bindAddress != null) s.bind(new java.net.InetSocketAddress(bindAddress, 0));
            s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(1000);
            s.getOutputStream().write("*1\r\n$4\r\nPING\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
            java.io.InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            boolean closed = false;
            try {
                for (int n; (n = in.read(buf)) >= 0; ) got.write(buf, 0, n);
                closed = true;
            } catch (java.net.SocketTimeoutException e) {
                // still open
            } catch (java.io.IOException e) {
                closed = true; // reset
            }
            return printable(got.toByteArray()) + (closed ? " CLOSED" : " open");
        }
    }

    /**
     * Waits (up to 10 s) until the server behind this connection reports {@code n} blocked clients in
     * INFO clients: a command sent on another connection is known to have blocked only then (a later
     * round trip on a third connection proves nothing: the server may read the connections in any order).
     */
    public void awaitBlockedClients(int n) {
        long until = System.nanoTime() + 10_000_000_000L;
        String info;
        while (!(info = new String(call("INFO", "clients"), StandardCharsets.US_ASCII)).contains("blocked_clients:" + n + "\r\n")) {
            if (System.nanoTime() > until) throw new AssertionError("never " + n + " blocked clients: " + info);
            Thread.onSpinWait();
        }
    }

    /**
     * Waits {@code ms} of wall-clock time: only for a real server, whose clock cannot be moved, in tests
     * that compare its timing with a double on the manual clock.
     */
    public static void realTimePasses(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
