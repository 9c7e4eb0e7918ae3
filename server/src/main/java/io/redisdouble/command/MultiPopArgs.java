package io.redisdouble.command;

import io.redisdouble.util.Bytes;

import java.util.Arrays;
import java.util.List;

/**
 * The arguments LMPOP / BLMPOP (t_list.c lmpopGenericCommand) and ZMPOP / BZMPOP (t_zset.c
 * zmpopGenericCommand) share: {@code numkeys key [key …] <where> [COUNT count]}. numkeys must be
 * 1..LONG_MAX ("ERR numkeys should be greater than 0", also for junk); the direction word must follow
 * the keys (else a syntax error, also when numkeys runs past the end); COUNT at most once, 1..LONG_MAX
 * ("ERR count should be greater than 0"); anything else is a syntax error. Words compare as strcasecmp
 * does (up to a NUL byte).
 *
 * @param keys   the keys, in argument order
 * @param second true if the direction is the second word (RIGHT, MAX)
 * @param count  the COUNT, 1 if not given
 */
record MultiPopArgs(List<byte[]> keys, boolean second, long count) {
    static MultiPopArgs parse(Call c, int numkeysIdx, String firstWord, String secondWord) throws CommandException {
        long numkeys = c.rangeLongArg(numkeysIdx, 1, Long.MAX_VALUE, Errors.NUMKEYS_NOT_POSITIVE);
        if (numkeys > c.argc() - numkeysIdx - 2) throw Call.syntax(); // the direction would be past the end
        int whereIdx = numkeysIdx + (int) numkeys + 1;
        boolean second;
        if (Bytes.eqIgnoreCaseC(c.arg(whereIdx), firstWord)) second = false;
        else if (Bytes.eqIgnoreCaseC(c.arg(whereIdx), secondWord)) second = true;
        else throw Call.syntax();
        long count = -1;
        for (int j = whereIdx + 1; j < c.argc(); j++) {
            int moreArgs = c.argc() - 1 - j;
            if (count == -1 && Bytes.eqIgnoreCaseC(c.arg(j), "count") && moreArgs > 0) {
                j++;
                count = c.rangeLongArg(j, 1, Long.MAX_VALUE, Errors.COUNT_NOT_POSITIVE);
            } else {
                throw Call.syntax();
            }
        }
        if (count == -1) count = 1;
        return new MultiPopArgs(Arrays.asList(c.argv).subList(numkeysIdx + 1, whereIdx), second, count);
    }
}
