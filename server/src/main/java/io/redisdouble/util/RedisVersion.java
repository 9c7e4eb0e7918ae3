package io.redisdouble.util;

/**
 * The Redis version being emulated. Every behaviour that differs between versions asks this enum
 * (or {@code command.Errors}, keyed by it) instead of hard-coding one version's answer.
 */
public enum RedisVersion {
    V6_2("6.2.7", 6, 2),
    V7_0("7.0.15", 7, 0);

    private final String full;
    private final int major;
    private final int minor;

    RedisVersion(String full, int major, int minor) {
        this.full = full;
        this.major = major;
        this.minor = minor;
    }

    public static final RedisVersion DEFAULT = V7_0;

    /** The version string Redis reports (INFO redis_version, HELLO version). */
    public String full() {
        return full;
    }

    public boolean atLeast(int maj, int min) {
        return major > maj || (major == maj && minor >= min);
    }

    public boolean isAtLeast7() {
        return atLeast(7, 0);
    }

    /** Accepts "7", "7.0", "7.0.15", "6.2", "6.2.7". */
    public static RedisVersion parse(String s) {
        String t = s.trim();
        for (RedisVersion v : values()) {
            String mm = v.major + "." + v.minor;
            if (t.equals(v.full) || t.equals(mm) || t.equals(String.valueOf(v.major)) || t.startsWith(mm + ".")) {
                return v;
            }
        }
        throw new IllegalArgumentException("unsupported Redis version '" + s + "' (supported: 6.2, 7.0)");
    }
}
