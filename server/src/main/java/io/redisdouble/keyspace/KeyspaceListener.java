package io.redisdouble.keyspace;

/** Told of every change to a key, for WATCH and statistics (signalModifiedKey, notifyKeyspaceEvent). */
public interface KeyspaceListener {
    void keyModified(Database db, byte[] key);

    /** A key removed because its deadline passed; it also counts as modified for WATCH. */
    default void keyExpired(Database db, byte[] key) {
        keyModified(db, key);
    }

    /** Every key of the database is about to go (FLUSHDB, FLUSHALL). */
    default void databaseFlushed(Database db) {}

    KeyspaceListener NONE = new KeyspaceListener() {
        @Override
        public void keyModified(Database db, byte[] key) {}
    };
}
