package io.redisdouble.command;

import static io.redisdouble.command.CommandTable.flags;
import static io.redisdouble.command.Flag.*;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.dialect.Quirk;
import io.redisdouble.keyspace.Dict;
import io.redisdouble.keyspace.RedisHash;
import io.redisdouble.keyspace.RedisList;
import io.redisdouble.keyspace.RedisSet;
import io.redisdouble.resp.Reply;
import io.redisdouble.util.Listpack;
import io.redisdouble.stream.RedisStream;
import io.redisdouble.util.Bytes;
import io.redisdouble.zset.ZSet;

/**
 * MEMORY USAGE / PURGE / MALLOC-STATS / HELP (object.c memoryCommand). USAGE answers an estimate in
 * Redis's shape: the bytes Redis would allocate for the key and its value in the encoding the value
 * has (listpacks by their exact byte count, hash tables by their entries, strings by their sds), each
 * allocation rounded up to jemalloc's size class. Redis's figure for the same value can differ (it
 * samples large collections, and its allocator and pointers are its own); it is an estimate there too.
 * PURGE answers OK (a JVM has no allocator pages to purge); MALLOC-STATS answers as a Redis built
 * without jemalloc does. DOCTOR and STATS answer from redis-double's own figures (see {@link #stats}).
 */
final class MemoryCommand {
    private MemoryCommand() {}

    private static final int ROBJ = 16, DICT_ENTRY = 24, DICT = 56, POINTER = 8;

    static void register(CommandTable t) {
        CommandSpec memory = t.add("memory", -2, flags(), new Dispatch(Dispatch.MEMORY_CONTAINER));
        memory.sub("usage", -3, flags(READONLY), new Dispatch(Dispatch.USAGE));
        memory.sub("purge", 2, flags(), new Dispatch(Dispatch.MEMORY_PURGE));
        memory.sub("malloc-stats", 2, flags(), new Dispatch(Dispatch.MEMORY_MALLOC_STATS));
        memory.sub("doctor", 2, flags(), new Dispatch(Dispatch.DOCTOR));
        memory.sub("stats", 2, flags(), new Dispatch(Dispatch.STATS));
        memory.sub("help", 2, flags(LOADING, STALE), new Dispatch(Dispatch.MEMORY_HELP));
    }

    /**
     * MEMORY STATS (getMemoryOverheadData), in the emulated server's fields and order, from redis-double's
     * own figures: total.allocated is INFO's used_memory ({@link Engine#usedMemory}), startup.allocated
     * {@link Engine#STARTUP_MEMORY}; each non-empty database's main and expires hash tables counted as
     * Redis does (a dict entry and a robj per key plus the bucket array; an entry and buckets per
     * volatile key); the dataset is what the overhead leaves. What redis-double does not have or does not
     * count answers 0 (replication backlog, clients' buffers, AOF, Lua and function caches, cluster
     * links, rehashing), and the allocator figures are the used memory itself (no fragmentation).
     */
    static Reply stats(Call c) {
        Dialect d = c.dialect();
        Engine e = c.engine;
        long used = e.usedMemory();
        ServerStats st = e.stats();
        st.peakMemory = Math.max(st.peakMemory, used);
        long startup = Engine.STARTUP_MEMORY;
        java.util.List<Reply> r = new java.util.ArrayList<>();
        pair(r, "peak.allocated", Reply.integer(st.peakMemory));
        pair(r, "total.allocated", Reply.integer(used));
        pair(r, "startup.allocated", Reply.integer(startup));
        pair(r, "replication.backlog", Reply.integer(0));
        if (d.has(Quirk.MEMORY_STATS_FULLSYNC_AND_VMS)) pair(r, "replica.fullsync.buffer", Reply.integer(0));
        pair(r, "clients.slaves", Reply.integer(0));
        pair(r, "clients.normal", Reply.integer(0));
        if (d.has(Quirk.MEMORY_STATS_CLUSTER_AND_FUNCTIONS)) pair(r, "cluster.links", Reply.integer(0));
        pair(r, "aof.buffer", Reply.integer(0));
        pair(r, "lua.caches", Reply.integer(0));
        if (d.has(Quirk.MEMORY_STATS_CLUSTER_AND_FUNCTIONS)) pair(r, "functions.caches", Reply.integer(0));
        if (d.has(Quirk.MEMORY_STATS_FULLSYNC_AND_VMS)) pair(r, "script.VMs", Reply.integer(0));
        long overhead = startup;
        long keys = 0;
        var ks = e.keyspace();
        for (int i = 0; i < ks.count(); i++) {
            var db = ks.db(i);
            long n = db.size();
            if (n == 0) continue;
            keys += n;
            long volatileKeys = db.volatileKeyCount();
            long main = n * (DICT_ENTRY + ROBJ) + db.tableBytes();
            long expires = volatileKeys == 0 ? 0 : volatileKeys * DICT_ENTRY + POINTER * buckets(volatileKeys);
            overhead += main + expires;
            java.util.List<Reply> m = new java.util.ArrayList<>();
            pair(m, "overhead.hashtable.main", Reply.integer(main));
            pair(m, "overhead.hashtable.expires", Reply.integer(expires));
            if (d.has(Quirk.MEMORY_STATS_SLOT_TO_KEYS)) pair(m, "overhead.hashtable.slot-to-keys", Reply.integer(0));
            pair(r, "db." + i, Reply.map(m));
        }
        if (d.has(Quirk.MEMORY_STATS_KVSTORE)) {
            pair(r, "overhead.db.hashtable.lut", Reply.integer(0));
            pair(r, "overhead.db.hashtable.rehashing", Reply.integer(0));
        }
        pair(r, "overhead.total", Reply.integer(overhead));
        if (d.has(Quirk.MEMORY_STATS_KVSTORE)) pair(r, "db.dict.rehashing.count", Reply.integer(0));
        long net = used > startup ? used - startup : 1;
        long dataset = used - overhead;
        pair(r, "keys.count", Reply.integer(keys));
        pair(r, "keys.bytes-per-key", Reply.integer(keys == 0 ? 0 : net / keys));
        pair(r, "dataset.bytes", Reply.integer(dataset));
        pair(r, "dataset.percentage", Reply.dbl((float) dataset * 100 / net));
        pair(r, "peak.percentage", Reply.dbl((float) used * 100 / st.peakMemory));
        pair(r, "allocator.allocated", Reply.integer(used));
        pair(r, "allocator.active", Reply.integer(used));
        pair(r, "allocator.resident", Reply.integer(used));
        if (d.has(Quirk.MEMORY_STATS_KVSTORE)) pair(r, "allocator.muzzy", Reply.integer(0));
        pair(r, "allocator-fragmentation.ratio", Reply.dbl(1f));
        pair(r, "allocator-fragmentation.bytes", Reply.integer(0));
        pair(r, "allocator-rss.ratio", Reply.dbl(1f));
        pair(r, "allocator-rss.bytes", Reply.integer(0));
        pair(r, "rss-overhead.ratio", Reply.dbl(1f));
        pair(r, "rss-overhead.bytes", Reply.integer(0));
        pair(r, "fragmentation", Reply.dbl(1f));
        pair(r, "fragmentation.bytes", Reply.integer(0));
        return Reply.map(r);
    }

    private static void pair(java.util.List<Reply> r, String name, Reply value) {
        r.add(Reply.bulk(name));
        r.add(value);
    }

    /** A hash table's bucket count for n entries: the next power of two, 4 at least (dictExpand). */
    private static long buckets(long n) {
        long b = 4;
        while (b < n) b <<= 1;
        return b;
    }

    /** MEMORY USAGE key [SAMPLES count]: the options first (a negative count is a syntax error), nil if no key. */
    static Reply usage(Call c) throws CommandException {
        long samples = DEFAULT_SAMPLES;
        for (int j = 3; j < c.argc(); j++) {
            if (Bytes.eqIgnoreCaseC(c.arg(j), "samples") && j + 1 < c.argc()) {
                samples = c.longArg(j + 1);
                if (samples < 0) throw Call.syntax();
                if (samples == 0) samples = Long.MAX_VALUE;
                j++;
            } else {
                throw Call.syntax();
            }
        }
        // dictFind: a key past its deadline but not yet reclaimed still counts
        Dict.Entry e = c.db().entryEvenIfExpired(c.arg(2));
        if (e == null) return Reply.NIL;
        return Reply.integer(sds(e.key().length) + DICT_ENTRY + value(c.dialect(), e, samples));
    }

    /** OBJ_COMPUTE_SIZE_DEF_SAMPLES: the elements of a large collection MEMORY USAGE looks at by default. */
    static final long DEFAULT_SAMPLES = 5;

    /**
     * A stored key's figure for maxmemory ({@link io.redisdouble.keyspace.MemoryAccounting}): what MEMORY
     * USAGE answers (default samples), with the key's dict entry at its allocation size and, for a key
     * with a deadline, its entry in the expires dict.
     */
    static long keyFigure(io.redisdouble.dialect.Dialect d, Dict.Entry e) {
        long n = sds(e.key().length) + jemalloc(DICT_ENTRY) + value(d, e, DEFAULT_SAMPLES);
        if (e.expireAt() != Dict.NO_EXPIRY) n += jemalloc(DICT_ENTRY);
        return n;
    }

    /**
     * objectComputeSize: a value's bytes in its encoding. Hash tables (large sets, sorted sets, hashes)
     * are measured as Redis measures them: the first {@code samples} elements in iteration order stand
     * for the average element ({@link Long#MAX_VALUE}: all of them); compact encodings are measured whole.
     */
    private static long value(io.redisdouble.dialect.Dialect d, Dict.Entry e, long samples) {
        Object v = e.value();
        if (v instanceof byte[] b) {
            String enc = ObjectCommand.encoding(d, e);
            return switch (enc) {
                case "int" -> ROBJ;
                case "embstr" -> jemalloc(ROBJ + 3 + b.length + 1);
                default -> ROBJ + sds(b.length);
            };
        }
        if (v instanceof RedisList l) {
            long[] bn = l.listpackBytesAndNodes();
            if (l.encodingName().equals("listpack")) return ROBJ + jemalloc(bn[0]);
            long perNode = bn[1] == 0 ? 0 : jemalloc(bn[0] / bn[1]);
            return ROBJ + 48 + bn[1] * (32 + perNode);
        }
        if (v instanceof RedisSet s) {
            if (s.isIntset()) {
                // intset: an 8-byte header and every member at the width the largest one needs
                long[] width = {2};
                s.forEach(m -> {
                    long x = Long.parseLong(Bytes.str(m));
                    if (x < Short.MIN_VALUE || x > Short.MAX_VALUE) width[0] = Math.max(width[0], 4);
                    if (x < Integer.MIN_VALUE || x > Integer.MAX_VALUE) width[0] = 8;
                });
                return ROBJ + jemalloc(8 + width[0] * s.size());
            }
            if (s.isCompact()) {
                long[] sum = {0};
                s.forEach(m -> sum[0] += Listpack.strSize(m));
                return ROBJ + jemalloc(7 + sum[0]);
            }
            long[] seen = {0, 0};
            long cursor = 0;
            do {
                cursor = s.scan(cursor, m -> {
                    if (seen[0] < samples) {
                        seen[0]++;
                        seen[1] += sds(m.length);
                    }
                });
            } while (cursor != 0 && seen[0] < samples);
            return ROBJ + DICT + table(s.size()) + (long) s.size() * DICT_ENTRY + scaled(seen, s.size());
        }
        if (v instanceof ZSet z) {
            if (z.isCompact()) {
                long[] sum = {0};
                z.forEach((m, score) -> sum[0] += Listpack.strSize(m) + Listpack.strSize(Double.toString(score).getBytes()));
                return ROBJ + jemalloc(7 + sum[0]);
            }
            long[] seen = {0, 0};
            for (ZSet.Node n = z.first(); n != null && seen[0] < samples; n = n.next()) {
                seen[0]++;
                seen[1] += sds(n.member().length);
            }
            // dict entries plus skip-list nodes (about 1.33 levels each)
            return ROBJ + 16 + DICT + table(z.size()) + (long) z.size() * (DICT_ENTRY + 64) + scaled(seen, z.size());
        }
        if (v instanceof RedisHash h) {
            if (h.isCompact()) {
                long[] sum = {0};
                h.forEach((f, val) -> sum[0] += Listpack.strSize(f) + Listpack.strSize(val));
                return ROBJ + jemalloc(7 + sum[0]);
            }
            long[] seen = {0, 0};
            long cursor = 0;
            do {
                cursor = h.scan(cursor, (f, val) -> {
                    if (seen[0] < samples) {
                        seen[0]++;
                        seen[1] += sds(f.length) + sds(val.length);
                    }
                });
            } while (cursor != 0 && seen[0] < samples);
            return ROBJ + DICT + table(h.size()) + (long) h.size() * DICT_ENTRY + scaled(seen, h.size());
        }
        if (v instanceof RedisStream s) {
            // the stream and its radix tree, full nodes' listpacks at their size, the last one preallocated
            long nodes = Math.max(1, s.nodeCount());
            long avg = s.listpackBytes() / nodes;
            return ROBJ + 550 + nodes * 64 + (nodes - 1) * jemalloc(avg) + jemalloc(Math.max(4096, avg));
        }
        return ROBJ;
    }

    /** The elements' bytes from a sample {count, bytes}, scaled to the collection's size (as objectComputeSize). */
    private static long scaled(long[] seen, long size) {
        if (seen[0] == 0) return 0;
        if (seen[0] >= size) return seen[1];
        return (long) ((double) seen[1] / seen[0] * size);
    }

    /** A hash table's bucket array for n entries (the next power of two, 8 bytes each). */
    private static long table(long n) {
        long size = 4;
        while (size < n) size <<= 1;
        return size * POINTER;
    }

    /** sdsZmallocSize of an sds of len bytes: its header by length, the bytes and the terminator, rounded. */
    private static long sds(long len) {
        int hdr = len < 256 ? 3 : len < 65536 ? 5 : 9;
        return jemalloc(hdr + len + 1);
    }

    /** jemalloc's size class for a request: 8, 16, 32, 48 … 128, then four classes per power of two. */
    static long jemalloc(long n) {
        if (n <= 8) return 8;
        if (n <= 128) return (n + 15) / 16 * 16;
        long p = Long.highestOneBit(n - 1); // n in (p, 2p]
        long step = p / 4;
        return (n + step - 1) / step * step;
    }

    /**
     * MEMORY DOCTOR (getMemoryDoctorReport) over redis-double's own figures: used memory as INFO's
     * used_memory, its peak. Below 5 MB the instance counts as empty; above, the peak over 150% of what is
     * used is the one issue it can see (fragmentation, RSS and buffers are the JVM's, not Redis's).
     */
    static Reply doctor(Call c) {
        long used = c.engine.usedMemory();
        ServerStats st = c.engine.stats();
        st.peakMemory = Math.max(st.peakMemory, used);
        String text;
        if (used < 5L * 1024 * 1024) {
            text = "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in "
                    + "these conditions. Please, leave for your mission on Earth and fill it with some data. The new Sam "
                    + "and I will be back to our programming as soon as I finished rebooting.\n";
        } else if ((float) st.peakMemory / used > 1.5f) {
            text = "Sam, I detected a few issues in this Redis instance memory implants:\n\n"
                    + " * Peak memory: In the past this instance used more than 150% the memory that is currently using. "
                    + "The allocator is normally not able to release memory after a peak, so you can expect to see a big "
                    + "fragmentation ratio, however this is actually harmless and is only due to the memory peak, and if "
                    + "the Redis instance Resident Set Size (RSS) is currently bigger than expected, the memory will be "
                    + "used as soon as you fill the Redis instance with more data. If the memory peak was only occasional "
                    + "and you want to try to reclaim memory, please try the MEMORY PURGE command, otherwise the only other "
                    + "option is to shutdown and restart the instance.\n\n"
                    + "I'm here to keep you safe, Sam. I want to help you.\n";
        } else {
            text = "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.\n";
        }
        return Reply.verbatim(text);
    }

    /** This family's command handlers, one object per command and no lambda class each: see {@link OpHandler}. */
    private static final class Dispatch extends OpHandler {
        static final int USAGE = 0;
        static final int DOCTOR = 1;
        static final int STATS = 2;
        static final int MEMORY_CONTAINER = 3;
        static final int MEMORY_PURGE = 4;
        static final int MEMORY_MALLOC_STATS = 5;
        static final int MEMORY_HELP = 6;

        Dispatch(int op) {
            super(op);
        }

        @Override
        public Reply run(Call c) throws CommandException {
            return switch (op) {
                case USAGE -> usage(c);
                case DOCTOR -> doctor(c);
                case STATS -> stats(c);
                case MEMORY_CONTAINER -> null;
                case MEMORY_PURGE -> Reply.OK;
                case MEMORY_MALLOC_STATS -> Reply.bulk("Stats not supported for the current allocator");
                case MEMORY_HELP -> HelpTexts.help(c.dialect(), "MEMORY");
                default -> throw unknown();
            };
        }
    }
}
