package io.redisdouble.keyspace;

/**
 * Told of every change to a key (signalModifiedKey: WATCH, blocked clients) and of every keyspace event
 * (notifyKeyspaceEvent). {@link Database#modified} makes both calls for a write.
 */
public interface KeyspaceListener {
    void keyModified(Database db, byte[] key);

    /** An event of class {@code eventClass} ({@link KeyspaceEvents}) about {@code key}. */
    default void keyEvent(Database db, int eventClass, String event, byte[] key) {}

    /**
     * A key removed because its deadline passed (deleteExpiredKeyAndPropagate): the "expired" event,
     * and it counts as modified for WATCH.
     */
    default void keyExpired(Database db, byte[] key) {
        keyEvent(db, KeyspaceEvents.EXPIRED, "expired", key);
        keyModified(db, key);
    }

    /**
     * A write ended on a key ({@link Database#modified}): server.dirty, the count of changes since the
     * last save (INFO rdb_changes_since_last_save), grows by one.
     */
    default void keyWritten(Database db) {}

    /** Every key of the database is about to go (FLUSHDB, FLUSHALL). */
    default void databaseFlushed(Database db) {}

    KeyspaceListener NONE = new KeyspaceListener() {
        @Override
        public void keyModified(Database db, byte[] key) {}
    };
}
