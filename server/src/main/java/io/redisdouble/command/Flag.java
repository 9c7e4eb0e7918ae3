package io.redisdouble.command;

/** Command flags, as Redis's CMD_* (the subset that changes behaviour here, plus those COMMAND shows). */
public enum Flag {
    WRITE, READONLY, DENYOOM, ADMIN, PUBSUB, NOSCRIPT, BLOCKING, LOADING, STALE, SKIP_MONITOR, SKIP_SLOWLOG,
    FAST, NO_AUTH, MAY_REPLICATE, NO_MULTI, ALLOW_BUSY,
    /** CMD_PROTECTED (7.0): refused by processCommand while the matching enable-* option is "no" (DEBUG). */
    PROTECTED;

    /**
     * Flags taken from the registration rather than from what COMMAND reports: NO_MULTI marks the
     * commands that run at once inside MULTI here (6.2 has no such flag), and COMMAND hides
     * CMD_MAY_REPLICATE (7.0+) and CMD_PROTECTED on purpose, though scripts and processCommand obey them.
     */
    public boolean isMarker() {
        return this == NO_MULTI || this == PROTECTED || this == MAY_REPLICATE;
    }

    private final String wire = name().toLowerCase(java.util.Locale.ROOT);

    /** Wire names of the flags that are not markers (a start-up reads a few thousand of them). */
    private static final java.util.Map<String, Flag> BY_WIRE_NAME = new java.util.HashMap<>();

    static {
        for (Flag f : values()) if (!f.isMarker()) BY_WIRE_NAME.put(f.wire, f);
    }

    /** The flag COMMAND INFO prints as {@code wire}, or null if it is not one of these. */
    public static Flag fromWireName(String wire) {
        return BY_WIRE_NAME.get(wire);
    }

    /** The name COMMAND INFO prints. */
    public String wireName() {
        return wire;
    }
}
