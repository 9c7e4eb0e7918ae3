package io.redisdouble.util;

/**
 * Redis's glob matching (util.c stringmatchlen), used by KEYS, SCAN MATCH, CONFIG GET, PUBSUB and
 * PSUBSCRIBE: {@code *}, {@code ?}, {@code [abc]}, {@code [^a-z]} (ranges may be reversed), and
 * {@code \x} escapes. Bytes compare as Redis's C code does; {@code nocase} folds ASCII letters.
 * A malformed pattern matches the way Redis's does (an unclosed '[' takes the rest as the set).
 */
public final class Glob {
    private Glob() {}

    public static boolean match(byte[] pattern, byte[] string, boolean nocase) {
        return match(pattern, 0, string, 0, nocase, 0);
    }

    public static boolean match(String pattern, String string, boolean nocase) {
        return match(Bytes.utf8(pattern), Bytes.utf8(string), nocase);
    }

    private static int at(byte[] a, int i) {
        return i < a.length ? a[i] : 0; // C strings read a NUL past the end
    }

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    private static boolean match(byte[] p, int pi, byte[] s, int si, boolean nocase, int nesting) {
        // Redis 7 gives up on patterns that nest '*' too deeply (it returns "no match").
        if (nesting > 1000) return false;
        int plen = p.length - pi;
        int slen = s.length - si;
        while (plen > 0) {
            int pc = p[pi];
            switch (pc) {
                case '*' -> {
                    while (plen > 1 && p[pi + 1] == '*') {
                        pi++;
                        plen--;
                    }
                    if (plen == 1) return true;
                    while (slen > 0) {
                        if (match(p, pi + 1, s, si, nocase, nesting + 1)) return true;
                        si++;
                        slen--;
                    }
                    return false;
                }
                case '?' -> {
                    if (slen == 0) return false;
                    si++;
                    slen--;
                }
                case '[' -> {
                    pi++;
                    plen--;
                    boolean not = at(p, pi) == '^';
                    if (not) {
                        pi++;
                        plen--;
                    }
                    boolean matched = false;
                    int sc = at(s, si);
                    while (true) {
                        int c = at(p, pi);
                        if (c == '\\' && plen >= 2) {
                            pi++;
                            plen--;
                            if (at(p, pi) == sc) matched = true;
                        } else if (c == ']') {
                            break;
                        } else if (plen == 0) {
                            pi--;
                            plen++;
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
                            plen -= 2;
                            if (x >= start && x <= end) matched = true;
                        } else if (nocase ? lower(c) == lower(sc) : c == sc) {
                            matched = true;
                        }
                        pi++;
                        plen--;
                    }
                    if (not) matched = !matched;
                    if (!matched || slen == 0) return false;
                    si++;
                    slen--;
                }
                default -> {
                    if (pc == '\\' && plen >= 2) {
                        pi++;
                        plen--;
                    }
                    if (slen == 0) return false;
                    int a = p[pi], b = s[si];
                    if (nocase ? lower(a) != lower(b) : a != b) return false;
                    si++;
                    slen--;
                }
            }
            pi++;
            plen--;
            if (slen == 0) {
                while (plen > 0 && p[pi] == '*') {
                    pi++;
                    plen--;
                }
                break;
            }
        }
        return plen == 0 && slen == 0;
    }
}
