package io.redisdouble.testing;

/**
 * Seeds of generated tests (jqwik properties): fixed by default, so a red build replays exactly, and
 * fresh with {@code -Dkit.seed=random} for exploration (jqwik then prints each seed it drew; replay one
 * with {@code @Property(seed = …)}). With {@code -Dkit.seed=N} (the poms set 20261207) every property
 * gets its own seed, derived from N and its name. Used by the server's properties
 * ({@link FixedSeedHook}) and by the verification kit.
 */
public final class Seeds {
    private Seeds() {}

    public static final String SEED_PROPERTY = "kit.seed";
    public static final long DEFAULT_SEED = 20261207L;

    /** The seed of one property, or null for a fresh random one. */
    public static String seedFor(String property) {
        String s = System.getProperty(SEED_PROPERTY);
        long base;
        if (s == null || s.isBlank()) {
            base = DEFAULT_SEED;
        } else if (s.trim().equalsIgnoreCase("random")) {
            return null;
        } else {
            try {
                base = Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("-D" + SEED_PROPERTY + "=" + s + " is neither a number nor 'random'");
            }
        }
        long h = base;
        for (int i = 0; i < property.length(); i++) {
            h = h * 0x100000001B3L ^ property.charAt(i);
        }
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 32;
        return Long.toString(h);
    }
}
