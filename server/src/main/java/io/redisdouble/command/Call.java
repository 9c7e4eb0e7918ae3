package io.redisdouble.command;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.keyspace.Database;
import io.redisdouble.keyspace.Dict;
import io.redisdouble.keyspace.KeyspaceEvents;
import io.redisdouble.resp.Reply;
import io.redisdouble.util.Bytes;
import io.redisdouble.util.RedisNumbers;

/**
 * One execution of one command: its arguments, its client, and the instant it runs at (read once,
 * so a command sees one time from start to end).
 */
public final class Call {
    public final Engine engine;
    public final Session session;
    public final byte[][] argv;
    public final long now;
    public final CommandSpec spec;

    Call(Engine engine, Session session, byte[][] argv, long now, CommandSpec spec) {
        this.engine = engine;
        this.session = session;
        this.argv = argv;
        this.now = now;
        this.spec = spec;
    }

    /**
     * The time a relative expiry or TTL counts from (Redis's mstime() / commandTimeSnapshot()): {@link #now}
     * except inside a script or EXEC of a dialect without {@code COMMAND_TIME_SNAPSHOT}, where it is the
     * clock (see {@link Engine#clockMillis}).
     */
    public long clockMillis() {
        return engine.clockMillis(session, now);
    }

    public int argc() {
        return argv.length;
    }

    public byte[] arg(int i) {
        return argv[i];
    }

    public Database db() {
        return engine.keyspace().db(session.db);
    }

    public Dialect dialect() {
        return engine.dialect();
    }

    /** Case-insensitive comparison of argument i with a lower-case word. */
    public boolean is(int i, String lowerWord) {
        return Bytes.eqIgnoreCase(argv[i], lowerWord);
    }

    public String lower(int i) {
        return Bytes.lower(argv[i]);
    }

    /** Argument i as a Redis integer, or the generic "not an integer" error. */
    public long longArg(int i) throws CommandException {
        try {
            return RedisNumbers.parseLong(argv[i]);
        } catch (RedisNumbers.NotANumber e) {
            throw new CommandException(Errors.NOT_INTEGER);
        }
    }

    /** Argument i as a Redis integer, or the given error text. */
    public long longArg(int i, String error) throws CommandException {
        try {
            return RedisNumbers.parseLong(argv[i]);
        } catch (RedisNumbers.NotANumber e) {
            throw new CommandException(error);
        }
    }

    /**
     * getRangeLongFromObjectOrReply with a message: argument i as an integer in [min, max], else
     * {@code error} (the same text for "not a number" and "out of range").
     */
    public long rangeLongArg(int i, long min, long max, String error) throws CommandException {
        long v = longArg(i, error);
        if (v < min || v > max) throw new CommandException(error);
        return v;
    }

    public static CommandException error(String text) {
        return new CommandException(text);
    }

    public static CommandException syntax() {
        return new CommandException(Errors.SYNTAX);
    }

    public static CommandException wrongType() {
        return new CommandException(Errors.WRONGTYPE);
    }

    /** The value at a key if it is of the given type (null if absent), else WRONGTYPE. */
    public <T> T getTyped(byte[] key, Class<T> type) throws CommandException {
        Object v = db().get(key, now);
        if (v == null) return null;
        if (!type.isInstance(v)) throw wrongType();
        return type.cast(v);
    }

    /**
     * The value at a key if it is of the given type (null if absent), else WRONGTYPE, looked up as
     * lookupKeyRead does: a miss notifies "keymiss" (class m). For reads only; a write looks up with
     * {@link #getTyped}, which never notifies a miss.
     */
    public <T> T getTypedRead(byte[] key, Class<T> type) throws CommandException {
        Object v = lookupRead(key);
        if (v == null) return null;
        if (!type.isInstance(v)) throw wrongType();
        return type.cast(v);
    }

    /** lookupKeyRead: the live value or null; a miss notifies "keymiss" (after "expired" if it just expired). */
    public Object lookupRead(byte[] key) {
        Database db = db();
        Object v = db.get(key, now);
        if (v == null) db.notifyEvent(KeyspaceEvents.KEY_MISS, "keymiss", key);
        return v;
    }

    /** lookupKeyReadWithFlags(LOOKUP_NOTOUCH): as {@link #lookupRead}, leaving the key's access stamp alone. */
    public Dict.Entry lookupReadNoTouch(byte[] key) {
        Database db = db();
        Dict.Entry e = db.lookupNoTouch(key, now);
        if (e == null) db.notifyEvent(KeyspaceEvents.KEY_MISS, "keymiss", key);
        return e;
    }

    /**
     * The end of every *STORE command (SINTERSTORE…, ZUNIONSTORE…, ZRANGESTORE), as t_set.c and t_zset.c
     * end them: a non-empty {@code result} of {@code size} elements replaces the destination (any type,
     * any TTL dropped, as setKey) and then {@code event} of {@code eventClass} is signalled; an empty one
     * deletes the destination ("del" if it existed). Replies the size.
     */
    public Reply storeResult(byte[] dstKey, Object result, long size, int eventClass, String event) {
        if (size == 0) {
            if (db().delete(dstKey, now)) modified(dstKey, KeyspaceEvents.GENERIC, "del");
            return Reply.ZERO;
        }
        db().set(dstKey, result, false, now);
        modified(dstKey, eventClass, event);
        return Reply.integer(size);
    }

    /** Ends a write of the current database: {@link Database#modified} (WATCH, blocked clients, the event). */
    public void modified(byte[] key, int eventClass, String event) {
        db().modified(key, eventClass, event);
    }

    public Reply ok() {
        return Reply.OK;
    }
}
