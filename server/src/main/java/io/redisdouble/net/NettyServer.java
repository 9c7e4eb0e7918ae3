package io.redisdouble.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.ResourceLeakDetector;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.redisdouble.command.Engine;
import io.redisdouble.fault.Faults;

import io.netty.handler.ssl.SslHandler;

import javax.net.ssl.SSLEngine;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The TCP server: one event loop thread accepts, reads, runs every command and writes, as Redis's
 * single-threaded main loop. The only class outside {@code net} that sees Netty is none: callers get
 * {@link #execute} to run code on the command thread.
 */
public final class NettyServer implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final EventLoop loop;
    /** Accepts for the ports opened at run time ({@link #listenAtRunTime}); made at the first one. */
    private EventLoopGroup acceptors;
    private IoHandlerFactory factory;
    /** Every client connection, so that {@link #close} can close them before the loop stops. */
    private final ChannelGroup clients;

    private NettyServer(EventLoopGroup group, Channel serverChannel, ChannelGroup clients) {
        this.group = group;
        this.serverChannel = serverChannel;
        this.loop = serverChannel.eventLoop();
        this.clients = clients;
    }

    /**
     * Binds and starts serving. {@code engineFactory} runs on the command thread, so the engine is
     * created where it will live. Throws {@link java.net.BindException} (possibly wrapped) when the port is taken.
     */
    public static NettyServer start(String bind, int port, Engine engine) throws InterruptedException {
        return start(bind, port, engine, new Faults(engine.dialect(), false, engine::keysOf));
    }

    /** {@link #start(String, int, Engine)} with the faults a test can inject into its connections. */
    public static NettyServer start(String bind, int port, Engine engine, Faults faults) throws InterruptedException {
        return start(bind, port, engine, faults, null);
    }

    /**
     * {@link #start(String, int, Engine, Faults)} whose main port speaks TLS when {@code tls} is not null:
     * it gives the server-side engine of each accepted connection.
     */
    public static NettyServer start(String bind, int port, Engine engine, Faults faults,
                                    Supplier<SSLEngine> tls) throws InterruptedException {
        boolean epoll = useEpoll();
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        ThreadFactory tf = r -> {
            // Scripts that ended quickly before run here, not on the Lua thread: the same stack as
            // that one (64 MB reserved, used only as deep as a script's reply nests: 7,994 levels).
            Thread t = new Thread(null, r, "redis-double-" + port, 64L << 20);
            t.setDaemon(true);
            return t;
        };
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, tf, factory);
        ChannelGroup clients = new DefaultChannelGroup("redis-double-clients", group.next());
        try {
            Channel ch = bind(group, group, epoll, bind, port, engine, faults, clients, tls);
            NettyServer server = new NettyServer(group, ch, clients);
            server.epoll = epoll;
            server.factory = factory;
            server.engine = engine;
            server.faults = faults;
            return server;
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    private boolean epoll;
    private Engine engine;
    private Faults faults;
    private final java.util.List<Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * One more port served by the same engine on the same command thread (an emulated cluster's replica
     * shares its master's data this way). Closing it closes its connections; the server goes on.
     */
    public Listener listen(String bind, int port) throws InterruptedException {
        return listen(bind, port, null);
    }

    /** {@link #listen(String, int)} speaking TLS when {@code tls} is not null (redis-server's tls-port beside port). */
    public Listener listen(String bind, int port, Supplier<SSLEngine> tls) throws InterruptedException {
        ChannelGroup own = new DefaultChannelGroup("redis-double-listener", group.next());
        Channel ch = bind(group, group, epoll, bind, port, engine, faults, own, tls);
        Listener l = new Listener(ch, own);
        listeners.add(l);
        return l;
    }

    /**
     * {@link #listen(String, int, Supplier)} from the command thread itself (CONFIG SET port / tls-port,
     * as redis-server's changeListenPort): the new port accepts on a thread of its own, so that the
     * command thread waits only for the bind on that thread (a bind queued to the command thread could
     * not run while it waits), and answers at once whether the port could be opened. Connections accepted
     * there are served on the command thread, as every other one. Throws what the bind threw.
     */
    public Listener listenAtRunTime(String bind, int port, Supplier<SSLEngine> tls) throws Exception {
        EventLoopGroup parent;
        synchronized (this) {
            if (acceptors == null) {
                ThreadFactory tf = r -> {
                    Thread t = new Thread(r, "redis-double-accept");
                    t.setDaemon(true);
                    return t;
                };
                acceptors = new MultiThreadIoEventLoopGroup(1, tf, factory);
            }
            parent = acceptors;
        }
        ChannelGroup own = new DefaultChannelGroup("redis-double-listener", group.next());
        Channel ch = bind(parent, group, epoll, bind, port, engine, faults, own, tls);
        Listener l = new Listener(ch, own);
        listeners.add(l);
        return l;
    }

    /** Stops accepting on the main port; its connections stay (changeListenPort closes only the listening socket). */
    public void stopMainAccepting() {
        serverChannel.close();
    }

    /** A port opened by {@link #listen}. */
    public static final class Listener implements AutoCloseable {
        private final Channel channel;
        private final ChannelGroup clients;

        private Listener(Channel channel, ChannelGroup clients) {
            this.channel = channel;
            this.clients = clients;
        }

        public int port() {
            return ((InetSocketAddress) channel.localAddress()).getPort();
        }

        /** Stops accepting; the connections made to this port stay (changeListenPort closes only the listening socket). */
        public void stopAccepting() {
            // A port opened at run time accepts on its own thread: wait there, so that the port is closed
            // when CONFIG SET answers (on its own loop the close is done at once).
            if (channel.eventLoop().inEventLoop()) channel.close();
            else channel.close().syncUninterruptibly();
        }

        /** Stops accepting and drops every connection made to this port (what clients of a crashed node see). */
        @Override
        public void close() {
            channel.close().syncUninterruptibly();
            clients.close().syncUninterruptibly();
        }
    }

    /**
     * Closes the main port and its connections but keeps the command thread (and the other listeners)
     * running: an emulated cluster node that crashed while its replica, on the same engine, lives on.
     */
    public void closeMainListener() {
        serverChannel.close().syncUninterruptibly();
        clients.close().syncUninterruptibly();
    }

    private static Channel bind(EventLoopGroup parent, EventLoopGroup group, boolean epoll, String bind, int port, Engine engine, Faults faults,
                                ChannelGroup clients, Supplier<SSLEngine> tls) throws InterruptedException {
        Class<? extends ServerChannel> channelClass = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        ServerBootstrap b = new ServerBootstrap()
                .group(parent, group)
                .channel(channelClass)
                .option(ChannelOption.SO_BACKLOG, 511)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        clients.add(ch); // removed again when it closes
                        ClientHandler handler = new ClientHandler(engine, faults);
                        if (tls != null) {
                            // First in the pipeline: everything after it sees plain RESP, as Redis's
                            // connection layer hands decrypted bytes to the protocol parser. No handshake
                            // timeout: redis-server waits for a slow handshake as long as the client does.
                            SslHandler ssl = new SslHandler(tls.get());
                            ssl.setHandshakeTimeoutMillis(0);
                            ch.pipeline().addLast("tls", ssl);
                        }
                        // Counts the bytes read before they are decoded (CLIENT LIST tot-net-in).
                        ch.pipeline().addLast("bytes-in", new io.netty.channel.ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
                                if (msg instanceof io.netty.buffer.ByteBuf b) handler.countIn(b.readableBytes());
                                ctx.fireChannelRead(msg);
                            }
                        });
                        ch.pipeline().addLast("decoder", new RespDecoder(engine.dialect(), () -> {
                            var s = handler.session();
                            return s == null || engine.isAuthenticated(s);
                        }, engine.config()::protoMaxBulkLen, handler));
                        ch.pipeline().addLast("handler", handler);
                    }
                });
        return b.bind(new InetSocketAddress(bind, port)).sync().channel();
    }

    static {
        // Netty 4.2's allocator emits JFR events when the JVM supports them: setting that up (loading
        // jdk.jfr, generating event handlers at the first allocation) added ~150 ms to the first
        // reply of a cold embedded server. Off unless the user asks for it; no effect if Netty was
        // already initialised in this JVM.
        if (System.getProperty("io.netty.jfr.enabled") == null) {
            System.setProperty("io.netty.jfr.enabled", "false");
        }
        // Buffers never escape the handlers; leak tracking only costs time on every read.
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }

    private static volatile Boolean epollChoice;

    /**
     * Loads Netty's native transport (extracting its library to a temporary file, dlopen) and sets up
     * its default buffer allocator on a thread of its own, for a caller that has other start-up work to
     * do meanwhile: the standalone server builds its engine while this runs on the other core.
     * {@link #start} then finds the choice made (or waits for the class initialisation in progress,
     * which the JVM serialises).
     */
    public static void loadTransportInBackground() {
        if (epollChoice != null) return;
        Thread t = new Thread(() -> {
            useEpoll();
            // the default allocator's set-up (size classes, magazines) is the other large part of a bind
            io.netty.buffer.ByteBufAllocator.DEFAULT.getClass();
        }, "redis-double-transport-load");
        t.setDaemon(true);
        t.start();
    }

    /** epoll where Netty's native transport loads (Linux), else NIO; -Dredisdouble.nio=true forces NIO. */
    private static boolean useEpoll() {
        Boolean known = epollChoice;
        if (known != null) return known;
        boolean choice = chooseEpoll();
        epollChoice = choice;
        return choice;
    }

    private static boolean chooseEpoll() {
        if (Boolean.getBoolean("redisdouble.nio")) return false;
        try {
            return Epoll.isAvailable();
        } catch (Throwable t) {
            return false;
        }
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public boolean inCommandThread() {
        return loop.inEventLoop();
    }

    /** Runs a task on the command thread and waits for its result. */
    public <T> T execute(Callable<T> task) {
        if (loop.inEventLoop()) {
            try {
                return task.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        Future<T> f = loop.submit(task);
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the command thread", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error err) throw err;
            throw new IllegalStateException(c);
        }
    }

    /** Queues {@code task} to run on the command thread, in order with other submitted tasks; nothing once closing. */
    public void submit(Runnable task) {
        if (loop.isShuttingDown()) return;
        try {
            loop.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    /** Runs {@code task} once on the command thread after {@code delayMillis}; nothing once the server is closing. */
    public void scheduleOnce(Runnable task, long delayMillis) {
        if (loop.isShuttingDown()) return;
        try {
            loop.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing: the loop takes no more tasks
        }
    }

    /** Runs {@code task} on the command thread every {@code periodMillis}. */
    public void schedule(Runnable task, long periodMillis) {
        loop.scheduleAtFixedRate(task, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        for (Listener l : listeners) l.close();
        serverChannel.close().syncUninterruptibly();
        // Stopping the loop does not always close the sockets it served: close them first, so that
        // clients see the connection end (as when Redis exits) instead of waiting on an open socket.
        if (!loop.isShuttingDown()) clients.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        EventLoopGroup a;
        synchronized (this) {
            a = acceptors;
        }
        if (a != null) a.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
