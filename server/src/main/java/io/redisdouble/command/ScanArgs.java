package io.redisdouble.command;

import io.redisdouble.dialect.Quirk;
import io.redisdouble.util.Bytes;
import io.redisdouble.util.Glob;

/**
 * The options of SCAN, HSCAN and ZSCAN as scanGenericCommand parses them, left to right, each word
 * compared as strcasecmp does: COUNT n (an integer, at least 1, else a syntax error), MATCH pattern,
 * and TYPE name for SCAN only; anything else is a syntax error.
 *
 * @param count   how much to visit per call (default 10)
 * @param pattern the MATCH pattern, or null
 * @param type    the TYPE filter (SCAN), or null
 * @param onlyKeys HSCAN NOVALUES ({@link Quirk#HSCAN_NOVALUES}) / ZSCAN NOSCORES ({@link Quirk#ZSCAN_NOSCORES}):
 *                 no values or scores
 */
record ScanArgs(long count, byte[] pattern, byte[] type, boolean onlyKeys) {

    /** The type names SCAN … TYPE knows (obj_type_name; {@link Quirk#SCAN_UNKNOWN_TYPE_ERROR}). */
    private static final java.util.Set<String> TYPE_NAMES = java.util.Set.of("string", "list", "set", "zset", "hash", "stream");

    /** SCAN's options (TYPE allowed), or those of a key's scan (HSCAN, SSCAN, ZSCAN) when allowType is false. */
    static ScanArgs parse(Call c, int from, boolean allowType) throws CommandException {
        return parse(c, from, allowType, null);
    }

    /**
     * As above; {@code keyType} is the scanned key's type name ("hash", "zset", "set"), null for SCAN.
     * Where the dialect knows NOVALUES / NOSCORES, HSCAN / ZSCAN take the word and the other scans refuse
     * it ("NOVALUES option can only be used in HSCAN").
     */
    static ScanArgs parse(Call c, int from, boolean allowType, String keyType) throws CommandException {
        boolean onlyKeys = false;
        long count = 10;
        byte[] pattern = null;
        byte[] type = null;
        for (int i = from; i < c.argc(); ) {
            boolean hasValue = c.argc() - i >= 2;
            byte[] opt = c.arg(i);
            if (hasValue && Bytes.eqIgnoreCaseC(opt, "count")) {
                count = c.longArg(i + 1);
                if (count < 1) throw Call.syntax();
            } else if (hasValue && Bytes.eqIgnoreCaseC(opt, "match")) {
                pattern = c.arg(i + 1);
            } else if (hasValue && allowType && Bytes.eqIgnoreCaseC(opt, "type")) {
                type = c.arg(i + 1);
                String name = Bytes.lower(Bytes.cString(type));
                if (c.dialect().has(Quirk.SCAN_UNKNOWN_TYPE_ERROR) && !TYPE_NAMES.contains(name)) {
                    throw Call.error(Errors.unknownTypeName(type));
                }
            } else if (c.dialect().has(Quirk.HSCAN_NOVALUES) && Bytes.eqIgnoreCaseC(opt, "novalues")) {
                if (!"hash".equals(keyType)) throw Call.error(Errors.NOVALUES_ONLY_HSCAN);
                onlyKeys = true;
                i++;
                continue;
            } else if (c.dialect().has(Quirk.ZSCAN_NOSCORES) && Bytes.eqIgnoreCaseC(opt, "noscores")) {
                if (!"zset".equals(keyType)) throw Call.error(Errors.NOSCORES_ONLY_ZSCAN);
                onlyKeys = true;
                i++;
                continue;
            } else {
                throw Call.syntax();
            }
            i += 2;
        }
        return new ScanArgs(count, pattern, type, onlyKeys);
    }

    /** True when elements must be matched: a MATCH other than exactly "*" (Redis skips that one). */
    boolean filters() {
        return pattern != null && !Glob.isMatchAll(pattern);
    }

    /** Whether an element passes MATCH. */
    boolean matches(byte[] element) {
        return !filters() || Glob.match(pattern, element, false);
    }
}
