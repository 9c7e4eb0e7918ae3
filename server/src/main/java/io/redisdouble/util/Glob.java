package io.redisdouble.util;

/**
 * Redis's glob matching (util.c stringmatchlen), used by KEYS, SCAN MATCH, CONFIG GET, PUBSUB and
 * PSUBSCRIBE: {@code *}, {@code ?}, {@code [abc]}, {@code [^a-z]} (ranges may be reversed), and
 * {@code \x} escapes. A malformed pattern matches the way Redis's does (an unclosed '[' takes the rest
 * of the pattern as the set; a trailing '\' is a literal backslash).
 *
 * <p>Contract details mirrored from Redis (checked against 7.0.15 and 6.2.7 with KEYS, see GlobTest):
 * <ul>
 *   <li>The empty string matches only the empty pattern: {@code match("**", "")} is false. (KEYS and
 *       SCAN treat the exact pattern {@code *} as "match everything" before calling stringmatchlen, so
 *       they do list the empty key; callers that need that shortcut use {@link #isMatchAll}.)
 *   <li>Bytes compare as C {@code char}s: signed on x86, so in a range {@code [a-\xff]} the byte 0xff is
 *       -1 and sorts before 'a'. {@code nocase} folds ASCII letters only.
 *   <li>No nesting limit: 7.0.15 and 6.2.7 match {@code a*a*…a} with 5000 stars.
 * </ul>
 *
 * <p>How: stringmatchlen recurses on every {@code *}. Outside a star every pattern element ('?', a
 * literal, a set) consumes exactly one byte, and how far a set extends depends on the pattern only;
 * so the pattern is cut into one-byte elements and stars, and matched by the classic iterative
 * backtrack-to-the-last-star algorithm, which gives the same answers in O(pattern × string) time
 * without recursion (Redis 7 bounds its own recursion the same way with skipLongerMatches).
 */
public final class Glob {
    private Glob() {}

    private static final int STAR = 0, ANY = 1, LITERAL = 2, SET = 3;

    /** True for the pattern KEYS and SCAN MATCH treat as "every key" without matching: exactly {@code *}. */
    public static boolean isMatchAll(byte[] pattern) {
        return pattern.length == 1 && pattern[0] == '*';
    }

    public static boolean match(String pattern, String string, boolean nocase) {
        return match(Bytes.utf8(pattern), Bytes.utf8(string), nocase);
    }

    public static boolean match(byte[] p, byte[] s, boolean nocase) {
        // stringmatchlen's loop runs only while both pattern and string are left.
        if (s.length == 0 || p.length == 0) return s.length == 0 && p.length == 0;

        // Cut the pattern into elements: kind[k], and arg[k] = the literal byte or the set's first index.
        int[] kind = new int[p.length];
        int[] arg = new int[p.length];
        int n = 0;
        int pi = 0;
        while (pi < p.length) {
            int c = p[pi];
            if (c == '*') {
                if (n == 0 || kind[n - 1] != STAR) kind[n++] = STAR;
                pi++;
            } else if (c == '?') {
                kind[n++] = ANY;
                pi++;
            } else if (c == '[') {
                kind[n] = SET;
                arg[n++] = pi + 1;
                pi = setEnd(p, pi + 1) + 1;
            } else {
                if (c == '\\' && p.length - pi >= 2) pi++;
                kind[n] = LITERAL;
                arg[n++] = p[pi];
                pi++;
            }
        }

        // Iterative glob: on a mismatch, let the last star swallow one more byte and retry after it.
        int k = 0, si = 0, starK = -1, starS = 0;
        while (si < s.length) {
            if (k < n && kind[k] == STAR) {
                starK = k++;
                starS = si;
            } else if (k < n && elementMatches(p, kind[k], arg[k], s[si], nocase)) {
                k++;
                si++;
            } else if (starK >= 0) {
                k = starK + 1;
                si = ++starS;
            } else {
                return false;
            }
        }
        while (k < n && kind[k] == STAR) k++;
        return k == n;
    }

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    /** The pattern byte at i as a signed C char, or 0 (the NUL terminator) past the end. */
    private static int at(byte[] p, int i) {
        return i < p.length ? p[i] : 0;
    }

    /**
     * Walks a set that starts at {@code from} (just after '[') the way stringmatchlen does and returns
     * the index of its closing ']' — or p.length - 1 for an unclosed set, so that the index after it is
     * the end of the pattern.
     */
    private static int setEnd(byte[] p, int from) {
        int pi = from;
        if (at(p, pi) == '^') pi++;
        while (true) {
            int plen = p.length - pi;
            int c = at(p, pi);
            if (c == '\\' && plen >= 2) {
                pi++;
            } else if (c == ']') {
                return pi;
            } else if (plen <= 0) {
                return p.length - 1;
            } else if (plen >= 3 && at(p, pi + 1) == '-') {
                pi += 2;
            }
            pi++;
        }
    }

    private static boolean elementMatches(byte[] p, int kind, int arg, int sc, boolean nocase) {
        return switch (kind) {
            case ANY -> true;
            case LITERAL -> nocase ? lower(arg) == lower(sc) : arg == sc;
            default -> setMatches(p, arg, sc, nocase);
        };
    }

    /** stringmatchlen's '[' case for the string byte sc, for the set starting at {@code from}. */
    private static boolean setMatches(byte[] p, int from, int sc, boolean nocase) {
        int pi = from;
        boolean not = at(p, pi) == '^';
        if (not) pi++;
        boolean matched = false;
        while (true) {
            int plen = p.length - pi;
            int c = at(p, pi);
            if (c == '\\' && plen >= 2) {
                pi++;
                if (at(p, pi) == sc) matched = true;
            } else if (c == ']') {
                break;
            } else if (plen <= 0) {
                break;
            } else if (plen >= 3 && at(p, pi + 1) == '-') {
                int start = c, end = at(p, pi + 2), x = sc;
                if (start > end) {
                    int t = start;
                    start = end;
                    end = t;
                }
                if (nocase) {
                    start = lower(start);
                    end = lower(end);
                    x = lower(x);
                }
                pi += 2;
                if (x >= start && x <= end) matched = true;
            } else if (nocase ? lower(c) == lower(sc) : c == sc) {
                matched = true;
            }
            pi++;
        }
        return not != matched;
    }
}
