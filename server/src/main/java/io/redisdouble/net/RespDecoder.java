package io.redisdouble.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.redisdouble.dialect.Dialect;
import io.redisdouble.dialect.Quirk;
import io.redisdouble.resp.InlineParser;
import io.redisdouble.resp.ProtocolException;

import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Request decoder: RESP multibulk and inline commands, as networking.c processMultibulkBuffer /
 * processInlineBuffer, with Redis's limits and protocol errors. Emits {@code byte[][]} argument vectors,
 * or one {@link ProtocolException} (or {@link #QUERY_BUFFER_LIMIT}) after which it decodes nothing more.
 *
 * <p>State is kept between reads, so a request split over many packets is parsed once. Memory is never
 * reserved for what a client merely announces: an argument is copied out only when all of it arrived.
 *
 * <p>Requests are handed over one at a time, each run by the next handler before the next one is parsed,
 * as processInputBuffer runs each command before it parses the next. While the client is blocked
 * ({@link Flow#paused}) nothing is parsed: its input stays in the cumulation buffer, unparsed, as it
 * stays in Redis's query buffer, until the handler {@linkplain #resume resumes} decoding. Unparsed input
 * is Redis's query buffer: after each read it is held against client-query-buffer-limit
 * ({@link Flow#overQueryBufferLimit}).
 */
public final class RespDecoder extends ByteToMessageDecoder {
    /** What the decoder asks about its client. */
    public interface Flow {
        /** True while requests must not be parsed (the client is blocked, or being closed). */
        boolean paused();

        /** Whether a query buffer of this many bytes, after a read, closes the client (see Engine). */
        boolean overQueryBufferLimit(long queryBufferBytes);

        /** A read took the unparsed input from {@code before} to {@code after} bytes. */
        default void queryBufferRead(long before, long after) {}

        /** A bulk header announced {@code length} bytes; {@code unparsed} bytes follow the header. */
        default void queryBufferBulk(long length, long unparsed) {}

        /** A bulk of {@code length} bytes was taken whole; {@code unparsed} bytes follow it. */
        default void queryBufferBulkDone(long length, long unparsed) {}

        /**
         * Redis's query buffer now holds {@code bytes}: the unparsed input, plus, while requests parsed
         * since the last read run, those requests (Redis trims its buffer once it ran them all).
         */
        default void queryBufferHolds(long bytes) {}
    }

    /** No pausing, no query buffer limit. */
    private static final Flow UNLIMITED = new Flow() {
        @Override
        public boolean paused() {
            return false;
        }

        @Override
        public boolean overQueryBufferLimit(long queryBufferBytes) {
            return false;
        }
    };

    /**
     * Emitted, instead of any request, when a read took the query buffer over the limit: the client is to
     * be closed without a reply, and nothing of its input is run.
     */
    static final Object QUERY_BUFFER_LIMIT = new Object() {
        @Override
        public String toString() {
            return "query buffer limit reached";
        }
    };

    /** PROTO_MBULK_BIG_ARG: Redis reads an argument this long up to its end and no further. */
    static final int BIG_ARG = 32 * 1024;

    static final int INLINE_MAX = 64 * 1024;           // PROTO_INLINE_MAX_SIZE
    static final long MAX_BULK = 512L * 1024 * 1024;   // proto-max-bulk-len default
    static final int UNAUTH_MAX_MULTIBULK = 10;
    static final int UNAUTH_MAX_BULK = 16384;

    /** The largest multibulk count accepted (the dialect's). */
    private final long maxMultibulk;
    private final BooleanSupplier authenticated;
    /** proto-max-bulk-len, as it is when each bulk header is read (CONFIG SET changes it). */
    private final LongSupplier maxBulk;

    private byte[][] argv;   // the multibulk being read, null between requests
    private int argc;        // arguments read so far
    private long expected;   // arguments announced
    private long bulkLen = -1; // length of the argument being read, -1 before its header
    private boolean failed;
    private final Flow flow;
    /** Set when a read brought bytes: the next decode checks the query buffer limit first. */
    private boolean freshRead;
    /** Unparsed bytes before the read in progress. */
    private long unparsedBeforeRead;
    /** Bytes of the requests parsed since the last read (still in Redis's query buffer while they run). */
    private long parsedSinceRead;

    public RespDecoder(Dialect dialect, BooleanSupplier authenticated) {
        this(dialect, authenticated, () -> MAX_BULK, UNLIMITED);
    }

    public RespDecoder(Dialect dialect, BooleanSupplier authenticated, LongSupplier maxBulk, Flow flow) {
        this.maxMultibulk = dialect.has(Quirk.MULTIBULK_COUNT_UP_TO_INT_MAX) ? Integer.MAX_VALUE : 1024 * 1024;
        this.authenticated = authenticated;
        this.maxBulk = maxBulk;
        this.flow = flow;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof ByteBuf b && b.isReadable()) {
            if (!freshRead) unparsedBeforeRead = internalBuffer().readableBytes();
            freshRead = true;
        }
        super.channelRead(ctx, msg);
        ranAll();
    }

    /** The requests parsed so far have run: Redis trims them from its query buffer. */
    private void ranAll() {
        parsedSinceRead = 0;
        flow.queryBufferHolds(internalBuffer().readableBytes());
    }

    /**
     * Parses what was left unparsed while the client was paused (blocked), now that it is not: called by
     * the handler on the event loop, as Redis runs an unblocked client's query buffer.
     */
    void resume(ChannelHandlerContext decoderCtx) throws Exception {
        super.channelRead(decoderCtx, io.netty.buffer.Unpooled.EMPTY_BUFFER);
        ranAll();
    }

    /**
     * The client's query buffer as Redis would have it after this read: the unparsed input; while a big
     * argument is being read, Redis reads up to its end and no further, so at most the rest of it.
     */
    private long queryBufferBytes(ByteBuf in) {
        long n = in.readableBytes();
        if (argv != null && bulkLen >= BIG_ARG) n = Math.min(n, bulkLen + 2);
        return n;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        try {
            decodeRequest(in, out);
        } finally {
            if (out.isEmpty()) {
                parsedSinceRead = 0;
                flow.queryBufferHolds(in.readableBytes());
            } else {
                parsedSinceRead += in.readerIndex() - start;
                flow.queryBufferHolds(in.readableBytes() + parsedSinceRead);
            }
        }
    }

    private void decodeRequest(ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (freshRead) {
            freshRead = false;
            parsedSinceRead = 0;
            flow.queryBufferRead(unparsedBeforeRead, in.readableBytes());
            if (flow.overQueryBufferLimit(queryBufferBytes(in))) {
                failed = true;
                in.skipBytes(in.readableBytes());
                out.add(QUERY_BUFFER_LIMIT);
                return;
            }
        }
        try {
            // One request at a time: the handler runs each before the next header is checked (so an
            // AUTH lifts the unauthenticated limits for the very next request, and a request that
            // blocks the client leaves the rest unparsed), as in Redis.
            while (in.isReadable() && out.isEmpty()) {
                if (argv == null && flow.paused()) return;
                if (argv == null && in.getByte(in.readerIndex()) != '*') {
                    if (!inline(in, out)) return;
                } else if (!multibulk(in, out)) {
                    return;
                }
            }
        } catch (ProtocolException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            out.add(e);
        }
    }

    /** One inline request; false if the line is not complete yet. */
    private boolean inline(ByteBuf in, List<Object> out) throws ProtocolException {
        int start = in.readerIndex();
        int nl = find(in, start, (byte) '\n');
        if (nl < 0) {
            if (in.readableBytes() > INLINE_MAX) throw new ProtocolException("too big inline request");
            return false;
        }
        int end = nl;
        if (end > start && in.getByte(end - 1) == '\r') end--;
        byte[] line = new byte[end - start];
        in.getBytes(start, line);
        in.readerIndex(nl + 1);
        byte[][] args = InlineParser.split(line, 0, line.length);
        if (args == null) throw new ProtocolException("unbalanced quotes in request");
        if (args.length > 0) out.add(args);
        return true;
    }

    /** Continues the multibulk request in progress; false when more bytes are needed. */
    private boolean multibulk(ByteBuf in, List<Object> out) throws ProtocolException {
        if (argv == null) {
            int cr = find(in, in.readerIndex(), (byte) '\r');
            if (cr < 0) {
                if (in.readableBytes() > INLINE_MAX) throw new ProtocolException("too big mbulk count string");
                return false;
            }
            if (cr + 1 >= in.writerIndex()) return false; // wait for the byte after '\r'
            long n = parseLong(in, in.readerIndex() + 1, cr);
            if (!parsedOk || n > maxMultibulk) throw new ProtocolException("invalid multibulk length");
            if (n > UNAUTH_MAX_MULTIBULK && !authenticated.getAsBoolean()) {
                throw new ProtocolException("unauthenticated multibulk length");
            }
            in.readerIndex(cr + 2);
            if (n <= 0) return true; // "*0" or "*-1": nothing to run
            expected = n;
            argc = 0;
            argv = new byte[(int) Math.min(n, 1024)][];
            bulkLen = -1;
        }
        while (argc < expected) {
            if (bulkLen < 0) {
                if (!in.isReadable()) return false;
                int cr = find(in, in.readerIndex(), (byte) '\r');
                if (cr < 0) {
                    if (in.readableBytes() > INLINE_MAX) throw new ProtocolException("too big bulk count string");
                    return false;
                }
                byte first = in.getByte(in.readerIndex());
                if (first != '$') {
                    throw new ProtocolException("expected '$', got '" + (char) (first & 0xff) + "'");
                }
                if (cr + 1 >= in.writerIndex()) return false;
                long len = parseLong(in, in.readerIndex() + 1, cr);
                if (!parsedOk || len < 0 || len > maxBulk.getAsLong()) throw new ProtocolException("invalid bulk length");
                if (len > UNAUTH_MAX_BULK && !authenticated.getAsBoolean()) {
                    throw new ProtocolException("unauthenticated bulk length");
                }
                in.readerIndex(cr + 2);
                bulkLen = len;
                flow.queryBufferBulk(len, in.readableBytes());
            }
            // The argument and the two bytes after it (Redis skips them without looking).
            if (in.readableBytes() < bulkLen + 2) return false;
            byte[] arg = new byte[(int) bulkLen];
            in.readBytes(arg);
            in.skipBytes(2);
            flow.queryBufferBulkDone(bulkLen, in.readableBytes());
            if (argc == argv.length) argv = Arrays.copyOf(argv, (int) Math.min(expected, argv.length * 2L));
            argv[argc++] = arg;
            bulkLen = -1;
        }
        byte[][] done = argc == argv.length ? argv : Arrays.copyOf(argv, argc);
        argv = null;
        out.add(done);
        return true;
    }

    /**
     * Where {@code c} is, as Redis's strchr over the query buffer finds it: a NUL byte ends the search,
     * so a line with a NUL before its terminator is never complete (Redis waits, then hits the
     * inline-size limit).
     */
    private static int find(ByteBuf in, int from, byte c) {
        int i = in.forEachByte(from, in.writerIndex() - from, b -> b != c && b != 0);
        if (i < 0 || in.getByte(i) != c) return -1;
        return i;
    }

    /** Whether the last {@link #parseLong} read a valid integer. */
    private boolean parsedOk;

    /**
     * string2ll over in[from, to): the value, with {@link #parsedOk} saying whether it is a valid
     * integer (Redis's rules: no sign but '-', no leading zero or blank, -9223372036854775808 included).
     */
    private long parseLong(ByteBuf in, int from, int to) {
        parsedOk = false;
        int len = to - from;
        if (len <= 0 || len > 20) return 0;
        int p = from;
        if (len == 1 && in.getByte(p) == '0') {
            parsedOk = true;
            return 0;
        }
        boolean neg = false;
        if (in.getByte(p) == '-') {
            neg = true;
            p++;
            if (p == to) return 0;
        }
        byte c0 = in.getByte(p);
        if (c0 < '1' || c0 > '9') return 0;
        long v = 0; // unsigned, as string2ll accumulates
        for (; p < to; p++) {
            int d = in.getByte(p) - '0';
            if (d < 0 || d > 9) return 0;
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L, 10)) > 0) return 0;
            v *= 10;
            if (Long.compareUnsigned(v, -1L - d) > 0) return 0;
            v += d;
        }
        if (Long.compareUnsigned(v, neg ? Long.MIN_VALUE : Long.MAX_VALUE) > 0) return 0;
        parsedOk = true;
        return neg ? -v : v;
    }
}
