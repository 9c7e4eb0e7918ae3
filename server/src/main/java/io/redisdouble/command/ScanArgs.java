package io.redisdouble.command;

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
 */
record ScanArgs(long count, byte[] pattern, byte[] type) {

    static ScanArgs parse(Call c, int from, boolean allowType) throws CommandException {
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
            } else {
                throw Call.syntax();
            }
            i += 2;
        }
        return new ScanArgs(count, pattern, type);
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
