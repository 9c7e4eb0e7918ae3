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
 * @param noValues NOVALUES (HSCAN, 7.4): fields only
 */
record ScanArgs(long count, byte[] pattern, byte[] type, boolean noValues) {

    static ScanArgs parse(Call c, int from, boolean allowType) throws CommandException {
        return parse(c, from, allowType, false);
    }

    /**
     * {@code hash}: the command is HSCAN. Where the dialect knows NOVALUES (HSCAN_NOVALUES), the word is
     * taken by HSCAN and refused by the other scans ("NOVALUES option can only be used in HSCAN").
     */
    static ScanArgs parse(Call c, int from, boolean allowType, boolean hash) throws CommandException {
        long count = 10;
        byte[] pattern = null;
        byte[] type = null;
        boolean noValues = false;
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
            } else if (c.dialect().has(Quirk.HSCAN_NOVALUES) && Bytes.eqIgnoreCaseC(opt, "novalues")) {
                if (!hash) throw Call.error(Errors.NOVALUES_ONLY_HSCAN);
                noValues = true;
                i++;
                continue;
            } else {
                throw Call.syntax();
            }
            i += 2;
        }
        return new ScanArgs(count, pattern, type, noValues);
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
