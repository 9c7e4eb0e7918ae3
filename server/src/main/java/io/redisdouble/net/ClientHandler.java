package io.redisdouble.net;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.redisdouble.command.Engine;
import io.redisdouble.command.Session;
import io.redisdouble.fault.FaultConnection;
import io.redisdouble.fault.FaultRule;
import io.redisdouble.fault.Faults;
import io.redisdouble.resp.ProtocolException;
import io.redisdouble.resp.Reply;
import io.redisdouble.resp.RespEncoder;
import io.redisdouble.resp.RespOutput;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * One connection: runs each decoded request on the engine (this is the command thread) and appends the
 * reply to a buffer that is flushed once per read batch, so pipelined replies go out together and in
 * order.
 *
 * <p>Buffer limits, as networking.c: after every reply added, the replies the client has not received
 * (not yet flushed, or flushed but not accepted by the socket) are held against client-output-buffer-limit
 * ({@link Engine#outputBufferLimitReached}); after every read, the unparsed input against
 * client-query-buffer-limit (see {@link RespDecoder}). A client over either is closed without anything
 * more written to it ({@link #closeAsap}).
 */
final class ClientHandler extends ChannelInboundHandlerAdapter implements Session.Link, RespDecoder.Flow, FaultConnection {
    private final Engine engine;
    private final Faults faults;
    private ChannelHandlerContext ctx;
    private Session session;
    private ByteBuf pending;
    private boolean closeRequested;
    /** Closed for a buffer limit: nothing more is run or written, not even replies already made. */
    private boolean aborted;
    /** Bytes handed to the channel whose write has not completed (each write counts until all of it is sent). */
    private long inFlightBytes;
    /**
     * Requests that reached this handler while the client was blocked, run in order once it is
     * unblocked. Normally none: the decoder parses nothing while the client is blocked, so its input
     * waits unparsed, as in Redis's query buffer. Reading goes on meanwhile, as in Redis, so that a
     * client that disconnects while blocked is noticed and forgotten, and one that sends too much is
     * closed (client-query-buffer-limit).
     */
    private final ArrayDeque<Object> deferred = new ArrayDeque<>();
    /**
     * Frames pushed from the script thread (a script's PUBLISH or keyspace events), in push order. They
     * go out before anything the event loop writes to this client afterwards, as in Redis, where the
     * script writes into the subscriber's buffer before the loop reads the subscriber's next request.
     */
    private final java.util.Queue<Reply> offLoopPushes = new java.util.concurrent.ConcurrentLinkedQueue<>();

    ClientHandler(Engine engine, Faults faults) {
        this.engine = engine;
        this.faults = faults;
    }

    Session session() {
        return session;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (faults.armed() && faults.refuses(peerAddress())) {
            resetConnection();
            return;
        }
        if (engine.refusesForMaxClients()) {
            if (ctx.pipeline().get(io.netty.handler.ssl.SslHandler.class) != null) {
                // acceptCommonHandler writes its error before the TLS handshake, which cannot carry it:
                // a TLS client sees the connection close without a reply
                closeRequested = true;
                ctx.close();
                return;
            }
            refuse(io.redisdouble.command.Errors.MAX_CLIENTS);
            return;
        }
        if (ctx.channel().remoteAddress() instanceof java.net.InetSocketAddress peer
                && engine.refusesInProtectedMode(peer.getAddress())) {
            // Protected mode: Redis writes its explanation and closes without serving the client.
            refuse(io.redisdouble.command.Errors.protectedModeDenied(engine.dialect()));
            return;
        }
        this.session = engine.connect(this);
        faults.connected(this);
        ctx.fireChannelActive();
    }

    /** Writes one error line to a connection that is not served, then closes it (no session is made). */
    private void refuse(String error) {
        closeRequested = true;
        byte[] text = ("-" + error + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ctx.writeAndFlush(io.netty.buffer.Unpooled.wrappedBuffer(text)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (session != null) {
            engine.disconnect(session);
            faults.disconnected(this);
        }
        if (pending != null) {
            pending.release();
            pending = null;
        }
        releaseDelayed();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg == RespDecoder.QUERY_BUFFER_LIMIT) {
            closeAsap(); // the engine has counted it (overQueryBufferLimit)
            return;
        }
        if (closeRequested) return; // after QUIT or a protocol error nothing more is run
        if (session.isBlocked() || !deferred.isEmpty() || stalls > 0) {
            deferred.add(msg);
            return;
        }
        handle(msg);
    }

    private void handle(Object msg) {
        if (msg instanceof byte[][] argv) {
            if ((faults.armed() || faults.controlEnabled()) && faulted(argv)) return;
            run(argv);
        } else if (msg instanceof ProtocolException pe) {
            append(Reply.error(pe.errorText()));
            requestClose();
        }
    }

    /** Runs a request on the engine and appends its reply. */
    private void run(byte[][] argv) {
        Reply r = engine.execute(session, argv);
        if (r != null) append(r);
        if (session.isClosing()) {
            if (r == null && pending == null && !closeOnNextWrite) closeOnNextWrite();
            else requestClose();
        }
        if (session.isBlocked()) blocked();
    }

    /** The last request blocked the client: wake the engine at its deadline to time it out. */
    private void blocked() {
        long deadline = session.blockedDeadline();
        if (deadline != 0) {
            long delay = Math.max(0, deadline - engine.time().currentTimeMillis());
            ctx.executor().schedule(engine::handleBlockedTimeouts, delay + 1, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Runs the requests that waited while the client was blocked, until it blocks again or none is left:
     * those already handed over, then the input the decoder left unparsed.
     */
    private void resume() {
        if (!ctx.channel().isActive() || closeRequested) {
            deferred.clear(); // gone meanwhile: nothing to run it for
            return;
        }
        while (!closeRequested && !session.isBlocked() && stalls == 0 && !deferred.isEmpty()) handle(deferred.poll());
        if (closeRequested) {
            deferred.clear();
        } else if (!session.isBlocked() && stalls == 0) {
            ChannelHandlerContext decoder = ctx.pipeline().context(RespDecoder.class);
            if (decoder != null) {
                try {
                    ((RespDecoder) decoder.handler()).resume(decoder);
                } catch (Exception e) {
                    exceptionCaught(ctx, e);
                }
            }
        }
        flushPending();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (session != null) engine.clientMemoryChanged(session); // its query buffer grew or shrank
        engine.beforeSleep(); // BCAST invalidations of what this batch wrote, after its replies
        flushPending();
        engine.evictClients(); // beforeSleep evicts after the replies are written (maxmemory-clients)
    }

    private void requestClose() {
        if (aborted) return; // being closed already, with nothing more written
        closeRequested = true;
        flushPending();
        ctx.writeAndFlush(ctx.alloc().buffer(0)).addListener(ChannelFutureListener.CLOSE);
    }

    /** Writes encoded replies into {@link #pending}; one per connection, reused for every reply. */
    private final RespOutput output = new RespOutput() {
        @Override
        public void writeByte(int b) {
            pending.writeByte(b);
        }

        @Override
        public void writeBytes(byte[] b, int off, int len) {
            pending.writeBytes(b, off, len);
        }
    };

    private void append(Reply r) {
        if (!offLoopPushes.isEmpty()) drainOffLoopPushes();
        encode(r);
    }

    private void encode(Reply r) {
        if (aborted || replyLost) return;
        if (pending == null) pending = ctx.alloc().ioBuffer(256);
        RespEncoder.encode(r, session.proto(), engine.dialect(), output);
        // Redis checks as its reply list grows (closeClientOnOutputBufferLimitReached, async).
        if (engine.outputBufferLimitReached(session, unsentOutputBytes())) closeAsap();
        engine.clientMemoryChanged(session); // its output grew (client eviction; 0 once it is being closed)
    }

    private void drainOffLoopPushes() {
        Reply r;
        while ((r = offLoopPushes.poll()) != null) {
            if (!closeRequested && ctx.channel().isActive()) encode(r);
        }
    }

    private void flushPending() {
        if (pending != null && stalls == 0) { // a stalled client's replies wait for the heal
            ByteBuf b = pending;
            pending = null;
            if (delayed != null && !delayed.isEmpty()) { // behind replies a delay fault holds back
                delayed.add(new Held(b, 0));
                drainDelayed();
                return;
            }
            writeOut(b);
        }
    }

    /** Hands replies to the socket. */
    private void writeOut(ByteBuf b) {
        int size = b.readableBytes();
        bytesOut += size;
        if (session != null && size > 0) engine.interacted(session);
        inFlightBytes += size;
        // Completed (or failed, when the channel closes) once the socket took all of it, as Redis
        // frees a reply block only when all of it is sent.
        ctx.writeAndFlush(b).addListener(f -> {
            inFlightBytes -= size;
            if (session != null) engine.clientMemoryChanged(session); // its output drained
        });
    }

    /**
     * Closes the connection without writing anything more: the replies not flushed yet are dropped,
     * those the socket has not taken are discarded by the close (freeClientAsync: the client is freed
     * after the current event, with nothing more written to it).
     */
    @Override
    public void closeAsap() {
        if (aborted) return;
        aborted = true;
        closeRequested = true;
        deferred.clear();
        offLoopPushes.clear();
        if (pending != null) {
            pending.release();
            pending = null;
        }
        releaseDelayed();
        ctx.executor().execute(() -> ctx.channel().close());
    }

    // ---- RespDecoder.Flow -----------------------------------------------------------------------------

    @Override
    public boolean paused() {
        return closeRequested || stalls > 0 || (session != null && session.isBlocked());
    }

    @Override
    public boolean overQueryBufferLimit(long queryBufferBytes) {
        return session != null && engine.queryBufferLimitReached(session, queryBufferBytes);
    }

    @Override
    public void queryBufferRead(long before, long after) {
        if (session != null) session.queryBuffer().read(before, after);
    }

    @Override
    public void queryBufferBulk(long length, long unparsed) {
        if (session != null) session.queryBuffer().bulkHeader(length, unparsed);
    }

    @Override
    public void queryBufferBulkDone(long length, long unparsed) {
        if (session != null) session.queryBuffer().bulkDone(length, unparsed);
    }

    @Override
    public void queryBufferHolds(long bytes) {
        if (session != null) session.queryBuffer().consumed(bytes);
    }

    /** Bytes read from and written to this connection (CLIENT LIST tot-net-in / tot-net-out). */
    private long bytesIn, bytesOut;

    /** Called by the channel's first handler with the size of each read, before decoding. */
    void countIn(int n) {
        bytesIn += n;
        if (session != null) engine.interacted(session);
    }

    // ---- Session.Link ---------------------------------------------------------------------------------

    @Override
    public boolean isTls() {
        return ctx != null && ctx.pipeline().get("tls") != null;
    }

    @Override
    public long bytesIn() {
        return bytesIn;
    }

    @Override
    public long bytesOut() {
        return bytesOut;
    }

    @Override
    public long unsentOutputBytes() {
        return (pending == null ? 0 : pending.readableBytes()) + inFlightBytes;
    }

    @Override
    public boolean writePending() {
        return inFlightBytes > 0;
    }

    @Override
    public void push(Reply reply) {
        if (!ctx.channel().eventLoop().inEventLoop()) {
            // A script runs off the event loop (so other clients can be told BUSY): its PUBLISHes
            // and keyspace events reach subscribers through the event loop, in the order they were
            // made, and before any later reply to the same client (see offLoopPushes).
            offLoopPushes.add(reply);
            ctx.channel().eventLoop().execute(() -> {
                drainOffLoopPushes();
                flushPending();
            });
            return;
        }
        if (closeOnNextWrite && ctx.channel().isActive()) {
            // the first thing written to such a client is followed by the close QUIT asked for
            closeOnNextWrite = false;
            closeRequested = false;
            append(reply);
            requestClose();
            return;
        }
        if (closeRequested || !ctx.channel().isActive()) return;
        append(reply);
        flushPending();
    }

    /**
     * QUIT (or CLIENT KILL of itself) whose reply CLIENT REPLY OFF / SKIP dropped, with nothing else
     * waiting to be written: Redis marks the client CLOSE_AFTER_REPLY, which only a write acts on, and
     * stops reading its requests. The connection stays open and silent until something is written to
     * it (a pub/sub message), then it is closed.
     */
    private void closeOnNextWrite() {
        closeRequested = true; // nothing more is run
        closeOnNextWrite = true;
    }

    private boolean closeOnNextWrite;

    @Override
    public void unblocked() {
        // Called from inside the engine (another client's command, or a timeout check): run this
        // client's waiting requests afterwards, as Redis does from beforeSleep.
        ctx.executor().execute(this::resume);
    }

    @Override
    public boolean isOpen() {
        return ctx != null && ctx.channel().isActive() && !closeRequested;
    }

    @Override
    public void closeAfterReply() {
        requestClose();
    }

    @Override
    public java.util.concurrent.Executor commandThread() {
        // schedule(), not execute(): the task then runs after the I/O the loop has pending.
        return task -> ctx.channel().eventLoop().schedule(task, 0, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    @Override
    public String peerAddress() {
        return address(ctx.channel().remoteAddress());
    }

    @Override
    public String localAddress() {
        return address(ctx.channel().localAddress());
    }

    private static String address(SocketAddress a) {
        if (a instanceof InetSocketAddress i) return i.getAddress().getHostAddress() + ":" + i.getPort();
        return String.valueOf(a);
    }

    // ---- faults on demand (io.redisdouble.fault) -----------------------------------------------------

    /** Rules stalling this client (a partition): while above 0 nothing is read, run or written. */
    private int stalls;
    /** Replies a delay fault holds back, each with the System.nanoTime() it may leave at (0: behind the one before). */
    private ArrayDeque<Held> delayed;
    private boolean drainScheduled;
    /** A close-after fault's request runs: its reply, and anything else written meanwhile, is never sent. */
    private boolean replyLost;
    /** This connection has sent DOUBLE.FAULT: faults never apply to it. */
    private boolean faultController;

    private record Held(ByteBuf buf, long dueNanos) {}

    /**
     * Handles a request through the fault machinery: the control command, or the first rule that matches;
     * false when neither applies (the request then runs as usual).
     */
    private boolean faulted(byte[][] argv) {
        if (faults.isControl(argv) && engine.isAuthenticated(session)) {
            faultController = true;
            append(faults.control(argv));
            return true;
        }
        FaultRule rule = faults.beforeCommand(this, argv);
        if (rule == null) return false;
        switch (rule.kind()) {
            case ERROR -> append(Reply.error(rule.errorText()));
            case DELAY -> {
                flushPending(); // earlier replies are not held back
                run(argv);
                if (pending != null) {
                    ByteBuf b = pending;
                    pending = null;
                    if (delayed == null) delayed = new ArrayDeque<>();
                    delayed.add(new Held(b, System.nanoTime() + rule.delay().toNanos()));
                    drainDelayed();
                }
            }
            case CLOSE_BEFORE -> requestClose();
            case CLOSE_AFTER -> {
                flushPending();
                replyLost = true;
                engine.execute(session, argv);
                closeAsap();
            }
            case STALL -> deferred.add(argv); // stalled already: runs when healed
            default -> throw new IllegalStateException("rule " + rule + " on a request");
        }
        return true;
    }

    /** Writes the held replies that are due, and wakes up when the next one is. */
    private void drainDelayed() {
        if (delayed == null || stalls > 0 || !ctx.channel().isActive()) return;
        long now = System.nanoTime();
        while (!delayed.isEmpty() && delayed.peek().dueNanos() - now <= 0) writeOut(delayed.poll().buf());
        if (!delayed.isEmpty() && !drainScheduled) {
            drainScheduled = true;
            ctx.executor().schedule(() -> {
                drainScheduled = false;
                drainDelayed();
            }, Math.max(0, delayed.peek().dueNanos() - now), TimeUnit.NANOSECONDS);
        }
    }

    private void releaseDelayed() {
        if (delayed == null) return;
        for (Held h : delayed) h.buf().release();
        delayed.clear();
    }

    /** A refused connection: reset (RST, SO_LINGER 0) before anything is read or written. */
    private void resetConnection() {
        closeRequested = true;
        try {
            ctx.channel().config().setOption(io.netty.channel.ChannelOption.SO_LINGER, 0);
        } catch (RuntimeException e) {
            // a transport without SO_LINGER: a plain close
        }
        ctx.close();
    }

    @Override
    public long clientId() {
        return session.id();
    }

    @Override
    public String clientName() {
        byte[] n = session.clientName();
        return n == null ? null : new String(n, StandardCharsets.UTF_8);
    }

    @Override
    public String clientAddress() {
        return peerAddress();
    }

    @Override
    public boolean isFaultController() {
        return faultController;
    }

    @Override
    public void stall() {
        if (stalls++ == 0) ctx.channel().config().setAutoRead(false);
    }

    @Override
    public void heal() {
        if (stalls == 0 || --stalls > 0) return;
        ctx.channel().config().setAutoRead(true);
        try {
            ctx.executor().execute(() -> {
                resume();
                drainDelayed();
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the server is closing: nothing more is served
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                // A request too big for what is left of the heap (issue #15 item 3): the client gets an
                // error and is disconnected, as after a protocol error; the server goes on.
                byte[] text = ("-" + io.redisdouble.command.Errors.OUT_OF_HEAP_READING + "\r\n").getBytes(StandardCharsets.US_ASCII);
                ctx.writeAndFlush(io.netty.buffer.Unpooled.wrappedBuffer(text)).addListener(ChannelFutureListener.CLOSE);
                return;
            }
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException || t instanceof io.netty.handler.ssl.NotSslRecordException) {
                // A failed TLS handshake or bad record: redis-server closes the connection and logs it
                // only at verbose level ("Error accepting a client connection").
                ctx.close();
                return;
            }
        }
        if (!(cause instanceof IOException)) {
            System.err.println("redis-double: closing connection after unexpected error: " + cause);
        }
        ctx.close();
    }
}
