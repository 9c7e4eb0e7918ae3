package io.redisdouble.command;

/**
 * A client's query buffer as Redis's sds would be sized (networking.c readQueryFromClient and
 * processMultibulkBuffer, server.c clientsCronResizeQueryBuffer): CLIENT LIST shows its length (qbuf),
 * its free room (qbuf-free), and counts its allocation in tot-mem. The bytes themselves are Netty's; this
 * only follows what Redis would have allocated for them.
 *
 * <ul>
 * <li>A read reserves {@link #IOBUF_LEN} more bytes: without growing ahead (non-greedy) while the buffer
 *     is under that size or a big argument is being read, else doubling (sdsMakeRoomFor, +1 MB above 1 MB).
 * <li>A bulk of {@link #BIG_ARG} bytes or more gets room for exactly itself and its CRLF.
 * <li>The cron gives back the free room when there are more than 4 KB of it: all of it once the client is
 *     idle more than 2 seconds; else, over {@link #RESIZE_THRESHOLD}, down to the recent peak when it is
 *     less than half the allocation. Then the peak restarts from the current length.
 * </ul>
 * Allocation sizes follow jemalloc's size classes as sds's usable-size tracking does. Updated from the
 * connection's event loop and read by the command thread, hence synchronized.
 */
public final class QueryBuffer {
    /** PROTO_IOBUF_LEN. */
    static final long IOBUF_LEN = 16 * 1024;
    /** PROTO_MBULK_BIG_ARG. */
    static final long BIG_ARG = 32 * 1024;
    /** PROTO_RESIZE_THRESHOLD. */
    static final long RESIZE_THRESHOLD = 32 * 1024;
    /** SDS_MAX_PREALLOC. */
    private static final long MAX_PREALLOC = 1024 * 1024;

    private long len;
    private long alloc;
    private long peak;
    /** The length of the bulk being read, -1 between arguments (c->bulklen). */
    private long bulkLen = -1;

    /**
     * One read from the socket: {@code before} unparsed bytes were held, now {@code after} are. A read
     * Netty made in one go may be several of Redis's, each of which grows the buffer as needed.
     */
    public synchronized void read(long before, long after) {
        long qblen = before;
        do {
            boolean big = bulkLen >= BIG_ARG;
            long readlen = IOBUF_LEN;
            if (big) {
                long remaining = bulkLen + 2 - qblen;
                if (remaining > 0) readlen = remaining;
            }
            if (big || alloc < IOBUF_LEN) {
                if (alloc - qblen < readlen) alloc = sdsAlloc(qblen + readlen);
                qblen = Math.min(after, qblen + readlen);
            } else {
                if (alloc - qblen < readlen) {
                    long n = qblen + readlen;
                    alloc = sdsAlloc(n < MAX_PREALLOC ? n * 2 : n + MAX_PREALLOC);
                }
                qblen = Math.min(after, alloc); // reads as much as there is room for
            }
            peak = Math.max(peak, qblen);
        } while (qblen < after);
        len = after;
    }

    /**
     * The parser met the header of a bulk of {@code length} bytes: when it is a big one, Redis drops what
     * it parsed and makes room for the whole argument (sdsMakeRoomForNonGreedy to bulklen+2).
     */
    public synchronized void bulkHeader(long length, long unparsedAfterHeader) {
        bulkLen = length;
        if (length >= BIG_ARG && unparsedAfterHeader <= length + 2) {
            len = unparsedAfterHeader;
            if (alloc < length + 2) alloc = sdsAlloc(length + 2);
        }
    }

    /**
     * An argument was taken whole and {@code unparsed} bytes remain. A big one that was all the buffer held
     * becomes the argument itself, and the client gets a fresh buffer of its size (processMultibulkBuffer).
     */
    public synchronized void bulkDone(long length, long unparsed) {
        if (length >= BIG_ARG && unparsed == 0) {
            alloc = sdsAlloc(length + 2);
            len = 0;
        }
        bulkLen = -1;
    }

    /** What is left unparsed after a request was taken out (sdsrange after processInputBuffer). */
    public synchronized void consumed(long unparsed) {
        len = unparsed;
    }

    /** clientsCronResizeQueryBuffer, for a client idle for {@code idleSeconds}. */
    public synchronized void cron(long idleSeconds) {
        if (alloc - len > 4 * 1024) {
            if (idleSeconds > 2) {
                alloc = len;
            } else if (alloc > RESIZE_THRESHOLD && alloc / 2 > peak) {
                long resize = Math.max(len, peak);
                if (bulkLen != -1) resize = Math.max(resize, bulkLen);
                alloc = resize;
            }
        }
        peak = len;
        if (bulkLen != -1 && bulkLen > peak) peak = bulkLen;
    }

    /** sdslen: qbuf. */
    public synchronized long length() {
        return len;
    }

    /** sdsavail: qbuf-free. */
    public synchronized long free() {
        return alloc - len;
    }

    /** sdsZmallocSize: the allocation behind the buffer, 0 when it has none. */
    public synchronized long allocationBytes() {
        if (alloc == 0) return 0;
        int hdr = header(alloc);
        return MemoryCommand.jemalloc(hdr + alloc + 1);
    }

    /** The usable room of an sds allocated for {@code n} bytes (its header and NUL excluded). */
    static long sdsAlloc(long n) {
        int hdr = header(n);
        long usable = MemoryCommand.jemalloc(hdr + n + 1) - hdr - 1;
        if (hdr == 3) return Math.min(usable, 0xff);
        if (hdr == 5) return Math.min(usable, 0xffff);
        return usable;
    }

    /** sdsReqType's header size, type 8 at least (buffers that grow never use type 5). */
    private static int header(long n) {
        if (n < 1 << 8) return 3;
        if (n < 1 << 16) return 5;
        if (n < 1L << 32) return 9;
        return 17;
    }
}
