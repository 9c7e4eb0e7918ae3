package io.redisdouble.dialect;

/**
 * Which art LOLWUT draws for a version string (lolwut.c lolwutCommand), the server's own or the one
 * given with VERSION: Redis picks it by the version's leading characters, so this rule lives here with
 * the other version data.
 */
public enum LolwutArt {
    /** lolwut5.c (5.x but 5.9, and 4.9): Schotter. */
    SCHOTTER,
    /** lolwut6.c (6.x but 6.9, and 5.9): the skyline. */
    SKYLINE,
    /** lolwut8.c (8.x, where the dialect has it: {@link Quirk#LOLWUT_8}). */
    VERSION_8,
    /** Anything else: "Redis ver. …". */
    TEXT;

    public static LolwutArt of(String version, Dialect d) {
        if (startsWith(version, '5') && !version.startsWith("5.9") || version.startsWith("4.9")) return SCHOTTER;
        if (startsWith(version, '6') && !version.startsWith("6.9") || version.startsWith("5.9")) return SKYLINE;
        if (startsWith(version, '8') && d.has(Quirk.LOLWUT_8)) return VERSION_8;
        return TEXT;
    }

    private static boolean startsWith(String version, char major) {
        return version.length() >= 2 && version.charAt(0) == major && version.charAt(1) == '.';
    }
}
