package io.redisdouble.keyspace;

/**
 * Keyspace notification classes (server.h's NOTIFY_* flags, the letters of notify-keyspace-events).
 * A write names its event with one of these classes; the event is published only when the configured
 * flags contain that class and K (keyspace channel) and/or E (keyevent channel).
 */
public final class KeyspaceEvents {
    private KeyspaceEvents() {}

    public static final int KEYSPACE = 1;       // K
    public static final int KEYEVENT = 1 << 1;  // E
    public static final int GENERIC = 1 << 2;   // g
    public static final int STRING = 1 << 3;    // $
    public static final int LIST = 1 << 4;      // l
    public static final int SET = 1 << 5;       // s
    public static final int HASH = 1 << 6;      // h
    public static final int ZSET = 1 << 7;      // z
    public static final int EXPIRED = 1 << 8;   // x
    public static final int EVICTED = 1 << 9;   // e
    public static final int STREAM = 1 << 10;   // t
    public static final int KEY_MISS = 1 << 11; // m (not part of A)
    public static final int MODULE = 1 << 13;   // d
    public static final int NEW = 1 << 14;      // n (7.0; not part of A)
    /** A: every class but m and n. */
    public static final int ALL = GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED | EVICTED | STREAM | MODULE;

    /**
     * keyspaceEventsStringToFlags for a value CONFIG SET already validated (unknown letters are
     * ignored here; the validation and its error live with CONFIG SET).
     */
    public static int parse(String classes) {
        int flags = 0;
        for (int i = 0; i < classes.length(); i++) {
            flags |= switch (classes.charAt(i)) {
                case 'A' -> ALL;
                case 'g' -> GENERIC;
                case '$' -> STRING;
                case 'l' -> LIST;
                case 's' -> SET;
                case 'h' -> HASH;
                case 'z' -> ZSET;
                case 'x' -> EXPIRED;
                case 'e' -> EVICTED;
                case 'K' -> KEYSPACE;
                case 'E' -> KEYEVENT;
                case 't' -> STREAM;
                case 'm' -> KEY_MISS;
                case 'd' -> MODULE;
                case 'n' -> NEW;
                default -> 0;
            };
        }
        return flags;
    }
}
