package io.redisdouble.command;

/** Command flags, as Redis's CMD_* (the subset that changes behaviour here, plus those COMMAND shows). */
public enum Flag {
    WRITE, READONLY, DENYOOM, ADMIN, PUBSUB, NOSCRIPT, BLOCKING, LOADING, STALE, SKIP_MONITOR, SKIP_SLOWLOG,
    FAST, NO_AUTH, MAY_REPLICATE, NO_MULTI, ALLOW_BUSY,
    /** CMD_PROTECTED (7.0): refused by processCommand while the matching enable-* option is "no" (DEBUG). */
    PROTECTED;

    /** The name COMMAND INFO prints. */
    public String wireName() {
        return name().toLowerCase().replace('_', '_');
    }
}
