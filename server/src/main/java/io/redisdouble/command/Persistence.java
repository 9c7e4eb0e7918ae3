package io.redisdouble.command;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.dialect.Quirk;
import io.redisdouble.keyspace.AccessTracker;
import io.redisdouble.keyspace.Database;
import io.redisdouble.keyspace.Dict;
import io.redisdouble.rdb.Crc64;
import io.redisdouble.rdb.RdbFile;
import io.redisdouble.rdb.RdbLoader;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * RDB snapshots (rdb.c rdbSave / rdbSaveBackground, server.c serverCron's save points): the data set as
 * the emulated server writes it into {@code dir/dbfilename}, through a temporary file in {@code dir}
 * renamed over it once complete.
 *
 * <p>A snapshot is taken on the command thread, key by key into RDB records ({@link RdbFile}), so it is
 * consistent as a forked child's is. SAVE then writes it on the command thread; BGSAVE hands it to a
 * writer thread (the "child"), whose end {@link #cron} notices as serverCron's checkChildrenDone does.
 * {@code rdb-key-save-delay} pauses after each key as rdbSaveKeyValuePair does (debugDelay: µs; a
 * negative -n sleeps 1 µs once in n keys on average), on whichever thread writes. State lives on the command thread except
 * the writer's result.
 */
final class Persistence {
    /** CONFIG_BGSAVE_RETRY_DELAY: seconds between tries after a failed background save. */
    static final long BGSAVE_RETRY_DELAY = 5;

    private final Engine engine;
    private static final java.util.concurrent.atomic.AtomicLong TEMP_SEQUENCE = new java.util.concurrent.atomic.AtomicLong();

    /** The background save running now (server.child_type == CHILD_TYPE_RDB), or null. */
    private Job child;
    /** BGSAVE SCHEDULE (or BGSAVE in MULTI) asked for a background save to start as soon as possible. */
    boolean scheduled;
    /** server.lastbgsave_status: true for C_OK. */
    boolean lastBgsaveOk = true;
    /** server.lastbgsave_try (unix seconds of the last background save started). */
    long lastBgsaveTry;
    /** rdb_last_bgsave_time_sec, and when the running one started (unix seconds). */
    long lastBgsaveSeconds = -1;
    private long bgsaveStart;
    private long dirtyBeforeBgsave;

    Persistence(Engine engine) {
        this.engine = engine;
    }

    /** A background writer: its result is read by the command thread once {@code done}. */
    private static final class Job {
        final Thread thread;
        volatile boolean done, ok, cancelled;

        Job(Runnable body) {
            this.thread = new Thread(body, "redis-double-bgsave");
            this.thread.setDaemon(true);
        }
    }

    boolean bgsaveInProgress() {
        return child != null;
    }

    /** rdb_current_bgsave_time_sec: seconds since the running background save began, or -1. */
    long currentBgsaveSeconds(long nowSeconds) {
        return child == null ? -1 : nowSeconds - bgsaveStart;
    }

    /** The file a save writes: dir/dbfilename. */
    Path target() {
        ServerConfig cfg = engine.config();
        return Path.of(cfg.get("dir")).resolve(cfg.get("dbfilename"));
    }

    // ---- the snapshot ---------------------------------------------------------------------------------

    /**
     * The data set as RDB records, taken now: the header (magic, aux fields, functions), then per
     * non-empty database its SELECTDB + RESIZEDB record and one record per stored key (expired ones
     * included, as rdbSaveDb walks the whole dict), and EOF.
     */
    List<byte[]> snapshot(long nowMillis) {
        Dialect d = engine.dialect();
        ServerConfig cfg = engine.config();
        boolean compress = "yes".equals(cfg.get("rdbcompression"));
        Map<String, String> aux = new LinkedHashMap<>();
        // rdbSaveInfoAuxFields; no replication fields: rdbPopulateSaveInfo gives none to a master that
        // has never had a replica (no replication backlog)
        aux.put(d.server() + "-ver", d.full());
        aux.put("redis-bits", "64");
        aux.put("ctime", Long.toString(Math.floorDiv(nowMillis, 1000L)));
        aux.put("used-mem", Long.toString(engine.usedMemory()));
        aux.put(d.has(Quirk.RDB_AUX_AOF_BASE) ? "aof-base" : "aof-preamble", "0");
        List<byte[]> functions = new ArrayList<>();
        // rdbSaveFunctions (7.0 on; 6.2 has no functions, so never a library)
        for (Functions.Library l : engine.scripting().functions().libraries()) functions.add(l.code());
        List<byte[]> records = new ArrayList<>();
        records.add(RdbFile.header(d, aux, functions, compress));
        String policy = cfg.maxmemoryPolicy();
        boolean lru = policy.contains("lru"), lfu = policy.contains("lfu");
        AccessTracker access = engine.keyspace().access();
        for (int i = 0; i < engine.keyspace().count(); i++) {
            Database db = engine.keyspace().db(i);
            if (db.size() == 0) continue;
            records.add(RdbFile.selectDb(i, db.size(), db.volatileKeyCount()));
            db.forEachStored(e -> records.add(RdbFile.keyValue(d, cfg.limits(), compress, e.key(), e.value(),
                    e.expireAt() == Dict.NO_EXPIRY ? -1 : e.expireAt(),
                    lru ? access.idleSeconds(e.accessStamp(), nowMillis) : -1,
                    lfu ? access.frequency(e.accessStamp(), nowMillis) : -1)));
        }
        records.add(RdbFile.eof());
        return records;
    }

    /**
     * rdbSave's file handling: the records to a temporary file in the target's directory (with the
     * CRC64 after them, or zeros when rdbchecksum is no), flushed to disk, then renamed over the target.
     * {@code delayMicros}: rdb-key-save-delay, after each key record.
     */
    static void write(Path target, List<byte[]> records, boolean checksum, long delayMicros, Job job) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        // rdbSave's "temp-<pid>.rdb" in dir, made unique per save (several servers may share a JVM and a dir)
        Path tmp = dir.resolve("temp-" + ProcessHandle.current().pid() + "-" + TEMP_SEQUENCE.incrementAndGet() + ".rdb");
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 1 << 16)) {
                long crc = 0;
                for (int i = 0; i < records.size(); i++) {
                    if (job != null && job.cancelled) throw new IOException("cancelled");
                    byte[] r = records.get(i);
                    out.write(r);
                    if (checksum) crc = Crc64.update(crc, r, 0, r.length);
                    if (delayMicros != 0 && i > 0 && i < records.size() - 1 && !isSelectDb(r)) debugDelay(delayMicros);
                }
                out.write(RdbFile.checksum(checksum ? crc : 0));
                out.flush();
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
        } finally {
            if (!moved) Files.deleteIfExists(tmp);
        }
    }

    private static boolean isSelectDb(byte[] r) {
        return (r[0] & 0xff) == RdbFile.OPCODE_SELECTDB;
    }

    /** debug.c debugDelay: usleep(usec); a negative -n sleeps 1 µs with a chance of one in n. */
    private static void debugDelay(long usec) {
        if (usec < 0) usec = DELAY_DRAW.get().nextLong(-usec) == 0 ? 1 : 0;
        if (usec > 0) LockSupport.parkNanos(usec * 1000);
    }

    /** debugDelay's draws (timing only: nothing a client sees depends on them). */
    private static final ThreadLocal<java.util.SplittableRandom> DELAY_DRAW =
            ThreadLocal.withInitial(() -> new java.util.SplittableRandom(0x5EED));

    private long delayMicros() {
        String v = engine.config().get("rdb-key-save-delay");
        return v == null ? 0 : Long.parseLong(v);
    }

    private boolean checksum() {
        return !"no".equals(engine.config().get("rdbchecksum"));
    }

    // ---- SAVE, BGSAVE, serverCron ----------------------------------------------------------------------

    /** rdbSave in the foreground: true on success (dirty 0, lastsave now, lastbgsave_status ok). */
    boolean saveNow(long nowMillis) {
        List<byte[]> records = snapshot(nowMillis);
        try {
            write(target(), records, checksum(), delayMicros(), null);
        } catch (IOException | RuntimeException e) {
            return false;
        }
        engine.stats().dirty = 0;
        engine.stats().lastSaveSeconds = engine.time().currentTimeMillis() / 1000;
        lastBgsaveOk = true;
        return true;
    }

    /** rdbSaveBackground: false if a background save is already running. */
    boolean startBackground(long nowMillis) {
        if (child != null) return false;
        engine.stats().saves++;
        dirtyBeforeBgsave = engine.stats().dirty;
        long nowSeconds = Math.floorDiv(nowMillis, 1000L);
        lastBgsaveTry = nowSeconds;
        List<byte[]> records = snapshot(nowMillis);
        Path target = target();
        boolean checksum = checksum();
        long delay = delayMicros();
        Job[] holder = new Job[1];
        Job job = new Job(() -> {
            Job self = holder[0];
            try {
                write(target, records, checksum, delay, self);
                self.ok = true;
            } catch (IOException | RuntimeException e) {
                self.ok = false;
            } finally {
                self.done = true;
            }
        });
        holder[0] = job;
        child = job;
        bgsaveStart = nowSeconds;
        job.thread.start();
        return true;
    }

    /** Waits for a running background save to end (its result then taken as cron takes it). */
    void awaitBackground() {
        Job j = child;
        if (j == null) return;
        try {
            j.thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        checkChildDone();
    }

    /** killRDBChild (FLUSHALL, SHUTDOWN): the running background save stops; its status is not an error. */
    void killBackground() {
        Job j = child;
        if (j == null) return;
        j.cancelled = true;
        try {
            j.thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        child = null;
    }

    /** checkChildrenDone + backgroundSaveDoneHandlerDisk. */
    private void checkChildDone() {
        Job j = child;
        if (j == null || !j.done) return;
        child = null;
        long nowSeconds = Math.floorDiv(engine.time().currentTimeMillis(), 1000L);
        if (j.ok) {
            engine.stats().dirty -= dirtyBeforeBgsave;
            engine.stats().lastSaveSeconds = nowSeconds;
            lastBgsaveOk = true;
        } else {
            lastBgsaveOk = false;
        }
        lastBgsaveSeconds = nowSeconds - bgsaveStart;
    }

    /**
     * serverCron's part: a finished background save is taken in; else the first save point due (at
     * least {@code changes} writes and more than {@code seconds} since the last save, the last
     * background save good or {@link #BGSAVE_RETRY_DELAY} seconds past) starts one; then a scheduled
     * BGSAVE starts if none runs.
     */
    void cron(long nowMillis) {
        long now = Math.floorDiv(nowMillis, 1000L);
        if (child != null) {
            checkChildDone();
        } else {
            long[] points = savePoints();
            for (int i = 0; i + 1 < points.length; i += 2) {
                long seconds = points[i], changes = points[i + 1];
                if (engine.stats().dirty >= changes && now - engine.stats().lastSaveSeconds > seconds
                        && (now - lastBgsaveTry > BGSAVE_RETRY_DELAY || lastBgsaveOk)) {
                    startBackground(nowMillis);
                    break;
                }
            }
        }
        if (child == null && scheduled && (now - lastBgsaveTry > BGSAVE_RETRY_DELAY || lastBgsaveOk)) {
            if (startBackground(nowMillis)) scheduled = false;
        }
    }

    // ---- loading (loadDataFromDisk) --------------------------------------------------------------------

    /** rdb_last_load_keys_loaded / rdb_last_load_keys_expired. */
    long lastLoadKeysLoaded, lastLoadKeysExpired;

    /**
     * loadDataFromDisk at start: when dir/dbfilename exists, its keys (those not past their deadline) and
     * function libraries are loaded into the (empty) server, and what Redis logs is returned. A file Redis
     * refuses throws {@link RdbLoader.Failure} with Redis's log lines; Redis then exits with status 1.
     */
    List<String> loadAtStart() throws RdbLoader.Failure {
        Path file = target();
        if (!Files.isRegularFile(file)) {
            if (!Files.exists(file)) return List.of(); // ENOENT: nothing to load
        }
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new RdbLoader.Failure(List.of("Fatal error loading the DB: " + e.getMessage() + ". Exiting."));
        }
        List<String> log = load(data, file.toString(), false);
        keyLoadDelay(lastLoadKeysLoaded + lastLoadKeysExpired);
        return log;
    }

    /**
     * key-load-delay: rdbLoad's debugDelay after each key read, that many µs (negative -n: 1 µs for one key
     * in n on average), taken at once (a loading server answers no command either way).
     */
    private void keyLoadDelay(long keys) {
        String v = engine.config().get("key-load-delay");
        long delay = v == null ? 0 : Long.parseLong(v);
        long micros = delay > 0 ? keys * delay : delay < 0 ? keys / -delay : 0;
        if (micros > 0) LockSupport.parkNanos(micros * 1000);
    }

    /**
     * DEBUG RELOAD's rdbLoad (6.2): dir/dbfilename into the keyspace; with {@code merge}
     * (RDBFLAGS_ALLOW_DUP) a key already there is replaced. False if the file is missing or refused.
     */
    boolean reload(boolean merge) {
        try {
            load(Files.readAllBytes(target()), target().toString(), merge);
            return true;
        } catch (IOException | RdbLoader.Failure e) {
            return false;
        }
    }

    /** Loads an RDB file's content into the keyspace and function libraries. */
    private List<String> load(byte[] data, String name, boolean merge) throws RdbLoader.Failure {
        long now = engine.time().currentTimeMillis();
        ServerConfig cfg = engine.config();
        AccessTracker access = engine.keyspace().access();
        Database[] db = {engine.keyspace().db(0)};
        RdbLoader l = RdbLoader.load(data, name, engine.dialect(), cfg.limits(), engine.random(), now, checksum(),
                new RdbLoader.Sink() {
                    @Override
                    public boolean selectDb(int id) {
                        if (id >= engine.keyspace().count()) return false;
                        db[0] = engine.keyspace().db(id);
                        return true;
                    }

                    @Override
                    public String function(byte[] code) {
                        try {
                            FunctionCommands.create(engine, code, false);
                            return null;
                        } catch (CommandException e) {
                            String t = e.getMessage();
                            return t != null && t.startsWith("ERR ") ? t.substring(4) : t;
                        }
                    }

                    @Override
                    public boolean key(byte[] key, Object value, long expireAt, long idleSeconds, int lfu) {
                        if (db[0].entryEvenIfExpired(key) != null) {
                            if (!merge) return false;
                            db[0].delete(key, Long.MIN_VALUE);
                        }
                        Dict.Entry e = db[0].add(key, value);
                        if (expireAt != -1) db[0].setExpire(e, expireAt);
                        int stamp = access.restoredStamp(lfu, idleSeconds, now);
                        if (stamp >= 0) db[0].accessStamp(e, stamp);
                        return true;
                    }
                });
        lastLoadKeysLoaded = l.keysLoaded();
        lastLoadKeysExpired = l.keysExpired();
        engine.scripting().functionsChanged();
        return l.log();
    }

    /** The save points as {seconds, changes, …} (CONFIG GET save). */
    long[] savePoints() {
        String v = engine.config().get("save");
        if (v == null || v.isEmpty()) return new long[0];
        String[] f = v.split(" ");
        long[] out = new long[f.length];
        for (int i = 0; i < f.length; i++) out[i] = Long.parseLong(f[i]);
        return out;
    }

    /** writeCommandsDeniedByDiskError: stop-writes-on-bgsave-error, save points, and the last background save failed. */
    boolean deniesWrites() {
        return !lastBgsaveOk && "yes".equals(engine.config().get("stop-writes-on-bgsave-error")) && hasSavePoints();
    }

    boolean hasSavePoints() {
        return savePoints().length > 0;
    }
}
