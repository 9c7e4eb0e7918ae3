package io.redisdouble.command;

import io.redisdouble.resp.Reply;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One client connection's state, as Redis's {@code client} struct: selected database, protocol,
 * authentication, name, MULTI queue, WATCHed keys, reply mode. Touched only on the command thread.
 */
public final class Session {
    /** How replies reach the client outside the request/reply flow (pub/sub messages, close). */
    public interface Link {
        /** Sends a reply now, out of band (e.g. a published message). */
        void push(Reply reply);

        /** Closes the connection after pending replies are written. */
        void closeAfterReply();

        /** "ip:port" of the peer, for CLIENT LIST. */
        String peerAddress();

        /** "ip:port" of our end, for CLIENT LIST. */
        String localAddress();

        /**
         * The client was blocked (BZPOPMIN…) and has just been served or timed out, its reply already
         * {@link #push pushed}: the transport may run the requests that arrived meanwhile. Called on
         * the command thread, from inside the Engine, so implementations must not run commands
         * synchronously here (schedule them instead).
         */
        default void unblocked() {}

        /**
         * False once the connection is known to be closed (its close may not have reached the engine yet):
         * a blocked client that is gone must not be served, or what it pops is lost.
         */
        default boolean isOpen() {
            return true;
        }

        /** True for a connection that speaks TLS (connGetType(c->conn) == CONN_TYPE_TLS). */
        default boolean isTls() {
            return false;
        }

        /** Bytes read from the connection so far, the current request included (tot-net-in). */
        default long bytesIn() {
            return 0;
        }

        /** Bytes written to the connection so far (tot-net-out). */
        default long bytesOut() {
            return 0;
        }

        /**
         * Runs a task later on the command thread, after pending I/O, or null if this link cannot (then a
         * script runs to its end without yielding, and other clients never see BUSY).
         */
        default java.util.concurrent.Executor commandThread() {
            return null;
        }

        /**
         * Bytes of replies this client has not received yet: written by commands but not accepted by the
         * socket (what Redis keeps in the client's reply buffers). 0 for links without a socket.
         */
        default long unsentOutputBytes() {
            return 0;
        }

        /** True while the socket has refused part of what was written to it (Redis's write handler is on). */
        default boolean writePending() {
            return false;
        }

        /**
         * Closes the connection soon, without writing anything more to it, not even replies already made
         * (Redis's freeClientAsync of a client over an output or query buffer limit). Must not call back
         * into the engine synchronously.
         */
        default void closeAsap() {}
    }

    public enum ReplyMode { ON, OFF, SKIP }

    final long id;
    final Link link;
    final long createdMillis;
    int db;
    int proto = 2;
    boolean authenticated;
    /** The ACL user the client runs as (c->user); the default user until AUTH; null for internal clients. */
    Acl.User user;
    byte[] name;
    String libName;
    String libVersion;
    ReplyMode replyMode = ReplyMode.ON;
    /** Set by CLIENT REPLY SKIP so that its own (absent) reply is not the one skipped. */
    boolean skipArmed;
    boolean noEvict;
    boolean noTouch;
    long lastInteractionMillis;
    String lastCommand = "NULL";
    boolean closing;
    /**
     * Being closed for a buffer limit (Redis's CLIENT_CLOSE_ASAP, flag 'A' in CLIENT LIST): nothing more is
     * run for it or written to it.
     */
    boolean closeAsap;
    /** Server-clock second its output was first seen over the soft limit (obuf_soft_limit_reached_time), 0 if not. */
    long obufSoftLimitReachedTime;

    // MULTI / EXEC
    boolean inMulti;
    /** EXEC is running this client's queued commands (Redis keeps CLIENT_MULTI set meanwhile). */
    boolean inExec;
    /** EXEC turned replies off after it had begun writing: its partial reply goes out (Engine.execute). */
    boolean sendDespiteReplyMode;
    /** Pub/sub frames for this client made by the command EXEC is running now (see TransactionCommands.exec). */
    final java.util.List<Reply> execFrames = new java.util.ArrayList<>();
    boolean multiAborted;
    final List<byte[][]> queued = new ArrayList<>();
    /** The queued commands' argument bytes plus 8 per argument (mstate.argv_len_sums). */
    long queuedArgvBytes;
    /** The queued commands counted as above (mstate.count: 7.0 does not queue into a doomed transaction). */
    int queuedCounted;
    /** The running request's argument bytes (argv_len_sum, CLIENT LIST argv-mem), 0 between requests. */
    long argvBytes;
    /** The running request's argument count (argc), 0 between requests. */
    int argvCount;

    // Client eviction (maxmemory-clients), kept by the Engine: the memory last measured for this client
    // (last_memory_usage), its size bucket (a power of two, as Redis's client_mem_usage_buckets) and when
    // it entered that bucket (Redis appends a client to its bucket's list), and whether it is gone.
    long lastMemory;
    int memoryBucket = -1;
    long memoryBucketSeq;
    boolean freed;
    /** Redis's query buffer, as it would be sized (CLIENT LIST qbuf, qbuf-free, tot-mem). */
    private final QueryBuffer queryBuffer = new QueryBuffer();
    // WATCH
    final Set<WatchedKey> watched = new HashSet<>();

    /** Commands run for this client (call(): its own, EXEC's and its scripts'), CLIENT LIST tot-cmds. */
    long commandsProcessed;
    boolean watchDirty;
    /** Watched keys that were already logically expired when watched (isWatchedKeyExpired). */
    final Set<WatchedKey> watchedExpired = new HashSet<>();

    // Pub/sub: null unless subscribed to something (subscribed mode); see PubSubCommands.
    PubSubCommands.Subscriptions pubsub;

    record WatchedKey(int db, io.redisdouble.util.Bytes key) {}

    /** The client scripts run their commands as (Redis's CLIENT_SCRIPT): SORT then sorts sets for determinism. */
    boolean script;
    /** In MONITOR mode (CLIENT_MONITOR): fed every command's line, its own replies are not sent. */
    boolean monitor;

    /** Client-side caching (CLIENT TRACKING on): null while tracking is off. See {@link Tracking}. */
    Tracking.ClientState tracking;

    // Redis Cluster (ClusterCommands): the node whose port the client connected to (null when standalone),
    // READONLY (CLIENT_READONLY) and ASKING (CLIENT_ASKING, for the next command or transaction only).
    String clusterNodeId;
    boolean clusterReadonly;
    boolean clusterAsking;

    /** Set while the client waits in a blocking command (see {@link Blocking}); null otherwise. */
    Blocking.Blocked blocked;

    public Session(long id, Link link, long nowMillis) {
        this.id = id;
        this.link = link;
        this.createdMillis = nowMillis;
        this.lastInteractionMillis = nowMillis;
    }

    public long id() {
        return id;
    }

    public int db() {
        return db;
    }

    public int proto() {
        return proto;
    }

    public Link link() {
        return link;
    }

    public boolean isClosing() {
        return closing;
    }

    /** True once the client is being closed for a buffer limit: nothing more is to be run for it. */
    public boolean isClosingAsap() {
        return closeAsap;
    }

    /**
     * Queues a command in MULTI, counting its size as queueMultiCommand does unless the transaction is
     * doomed and the dialect stops queueing then ({@code counted} false).
     */
    public QueryBuffer queryBuffer() {
        return queryBuffer;
    }

    void queue(byte[][] argv, boolean counted) {
        queued.add(argv);
        if (!counted) return;
        long bytes = 8L * argv.length;
        for (byte[] a : argv) bytes += a.length;
        queuedArgvBytes += bytes;
        queuedCounted++;
    }

    /** Empties the MULTI queue. */
    void clearQueue() {
        queued.clear();
        queuedArgvBytes = 0;
        queuedCounted = 0;
    }

    /** The client's name (CLIENT SETNAME, HELLO … SETNAME), or null. */
    public byte[] clientName() {
        return name;
    }

    public ReplyMode replyMode() {
        return replyMode;
    }

    public boolean inMulti() {
        return inMulti;
    }

    /** True while the client waits in a blocking command: its next requests must wait too. */
    public boolean isBlocked() {
        return blocked != null;
    }

    /** The absolute deadline (ms) of the blocking command the client waits in; 0 if none or not blocked. */
    public long blockedDeadline() {
        return blocked == null ? 0 : blocked.deadline;
    }

    public boolean inExec() {
        return inExec;
    }
}
