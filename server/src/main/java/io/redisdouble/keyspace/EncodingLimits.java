package io.redisdouble.keyspace;

/**
 * The thresholds that choose a value's encoding, as the server's configuration has them now:
 * set-max-intset-entries, set-max-listpack-entries / -value (7.2+), zset-max-listpack-entries / -value
 * (zset-max-ziplist-* in 6.2), hash-max-listpack-entries / -value, list-max-listpack-size; and how keys
 * record their last access (maxmemory-policy's LFU flag, lfu-log-factor, lfu-decay-time).
 *
 * <p>Redis reads these from its global configuration at each operation, so a CONFIG SET applies to the
 * next write of every existing value: one instance per server, owned by its {@code ServerConfig}, which
 * updates it; values keep a reference to it. Only the command thread reads or writes it.
 */
public final class EncodingLimits {
    /** 6.2 / 7.0 defaults, without listpack sets (for values built outside a server). */
    public static final EncodingLimits INTSET_OR_TABLE = new EncodingLimits(false, false);
    /** 7.2 defaults, with listpack sets and lists. */
    public static final EncodingLimits WITH_LISTPACK = new EncodingLimits(true, false);

    private final boolean listpackSets;
    private final boolean plainLargeListElements;
    private long setMaxIntsetEntries = 512;
    private long setMaxListpackEntries = 128;
    private long setMaxListpackValue = 64;
    private long zsetMaxListpackEntries = 128;
    private long zsetMaxListpackValue = 64;
    private long hashMaxListpackEntries = 512;
    private long hashMaxListpackValue = 64;
    private int listMaxListpackSize = -2;
    private boolean lfu;
    private int lfuLogFactor = 10;
    private int lfuDecayTime = 1;

    /**
     * Defaults of a redis-server started without a config file; {@code listpack}: sets and lists start
     * as listpacks (7.2+); {@code plainLargeListElements}: a list element larger than a quicklist node
     * may be gets a node of its own (7.4+).
     */
    public EncodingLimits(boolean listpack, boolean plainLargeListElements) {
        this.listpackSets = listpack;
        this.plainLargeListElements = plainLargeListElements;
    }

    /**
     * Takes a parameter's new value (as CONFIG SET stored it: numbers in decimal, aliases by their
     * listpack name or their ziplist one); other parameters are not looked at.
     */
    public void apply(String name, String value) {
        if (value == null) return;
        switch (name.replace("ziplist", "listpack")) {
            case "set-max-intset-entries" -> setMaxIntsetEntries = num(value);
            case "set-max-listpack-entries" -> setMaxListpackEntries = num(value);
            case "set-max-listpack-value" -> setMaxListpackValue = num(value);
            case "zset-max-listpack-entries" -> zsetMaxListpackEntries = num(value);
            case "zset-max-listpack-value" -> zsetMaxListpackValue = num(value);
            case "hash-max-listpack-entries" -> hashMaxListpackEntries = num(value);
            case "hash-max-listpack-value" -> hashMaxListpackValue = num(value);
            case "list-max-listpack-size" -> listMaxListpackSize = (int) num(value);
            case "maxmemory-policy" -> lfu = value.contains("lfu");
            case "lfu-log-factor" -> lfuLogFactor = (int) num(value);
            case "lfu-decay-time" -> lfuDecayTime = (int) num(value);
            default -> { }
        }
    }

    private static long num(String value) {
        java.math.BigInteger v = new java.math.BigInteger(value.trim());
        return v.max(java.math.BigInteger.valueOf(Long.MIN_VALUE)).min(java.math.BigInteger.valueOf(Long.MAX_VALUE)).longValue();
    }

    /** Whether sets of strings and lists start as listpacks (7.2+). */
    public boolean listpack() {
        return listpackSets;
    }

    /**
     * isLargeElement's threshold is the node limit (7.4+: an element beyond it is a PLAIN node), not
     * packed_threshold's 1 GB (7.2).
     */
    public boolean plainLargeListElements() {
        return plainLargeListElements;
    }

    /** set-max-intset-entries as setTypeCreate compares a size hint with it (not clamped). */
    public long intsetEntries() {
        return setMaxIntsetEntries;
    }

    /** intsetMaxEntries: set-max-intset-entries as an intset's growth is checked, clamped to 2^30. */
    public long intsetMaxEntries() {
        return Math.min(setMaxIntsetEntries, 1L << 30);
    }

    public long listpackEntries() {
        return setMaxListpackEntries;
    }

    public long listpackValue() {
        return setMaxListpackValue;
    }

    public long zsetEntries() {
        return zsetMaxListpackEntries;
    }

    public long zsetValue() {
        return zsetMaxListpackValue;
    }

    public long hashEntries() {
        return hashMaxListpackEntries;
    }

    public long hashValue() {
        return hashMaxListpackValue;
    }

    /** list-max-listpack-size (list-max-ziplist-size): a count when positive, a size class when negative. */
    public int listSize() {
        return listMaxListpackSize;
    }

    /** Whether maxmemory-policy is an LFU one (keys then count accesses instead of timing them). */
    public boolean lfu() {
        return lfu;
    }

    public int lfuLogFactor() {
        return lfuLogFactor;
    }

    public int lfuDecayTime() {
        return lfuDecayTime;
    }
}
