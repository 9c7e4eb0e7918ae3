package io.redisdouble.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders command argument vectors as {@code redis-cli} lines for failure messages, so a failing
 * differential test can be pasted straight into {@code redis-cli}.
 *
 * <p>An argument is written bare when it is non-empty and made only of printable ASCII other than
 * quotes and backslash; otherwise it is double-quoted the way redis-cli prints strings
 * ({@code sdscatrepr}): {@code \\ \" \n \r \t \a \b} escaped, other non-printable bytes (including
 * every byte of a non-ASCII UTF-8 character) as lowercase {@code \xNN}. {@link #parse(String)} is
 * the inverse: it splits a line exactly as redis-cli does ({@code sdssplitargs}).
 */
public final class RespCli {

    private RespCli() {
    }

    /** {@code commandLine("SET", "my key", "v")} → {@code SET "my key" v} (arguments as UTF-8). */
    public static String commandLine(String... argv) {
        return commandLine(RawRedisClient.argv(argv));
    }

    /** The argv as one redis-cli line, arguments separated by single spaces. */
    public static String commandLine(byte[]... argv) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < argv.length; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            appendArg(sb, argv[i]);
        }
        return sb.toString();
    }

    /** The argv as one redis-cli line. */
    public static String commandLine(List<byte[]> argv) {
        return commandLine(argv.toArray(new byte[0][]));
    }

    /** One argument as redis-cli would accept it: bare if safe, else double-quoted and escaped. */
    public static String quote(byte[] arg) {
        StringBuilder sb = new StringBuilder();
        appendArg(sb, arg);
        return sb.toString();
    }

    private static void appendArg(StringBuilder sb, byte[] arg) {
        if (isBare(arg)) {
            for (byte b : arg) {
                sb.append((char) b);
            }
            return;
        }
        sb.append('"');
        for (byte x : arg) {
            int c = x & 0xff;
            switch (c) {
                case '\\': sb.append("\\\\"); break;
                case '"': sb.append("\\\""); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                case 7: sb.append("\\a"); break;
                case '\b': sb.append("\\b"); break;
                default:
                    if (c >= 0x20 && c < 0x7f) {
                        sb.append((char) c);
                    } else {
                        sb.append(String.format("\\x%02x", c));
                    }
            }
        }
        sb.append('"');
    }

    private static boolean isBare(byte[] arg) {
        if (arg.length == 0) {
            return false;
        }
        for (byte x : arg) {
            int c = x & 0xff;
            if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\'' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /**
     * Splits a redis-cli line into arguments exactly like redis-cli ({@code sdssplitargs}): bare
     * words, {@code "double quoted"} with {@code \xNN \n \r \t \b \a} and {@code \<char>} escapes,
     * {@code 'single quoted'} with only {@code \'} escaped. Characters outside escapes are encoded
     * as UTF-8.
     *
     * @throws IllegalArgumentException for unbalanced quotes, or a closing quote not followed by
     *     whitespace (redis-cli answers "Invalid argument(s)")
     */
    public static List<byte[]> parse(String line) {
        byte[] p = line.getBytes(StandardCharsets.UTF_8);
        int n = p.length;
        int i = 0;
        List<byte[]> args = new ArrayList<>();
        while (true) {
            while (i < n && isSpace(p[i])) {
                i++;
            }
            if (i >= n) {
                return args;
            }
            boolean inq = false;
            boolean insq = false;
            boolean done = false;
            ByteArrayOutputStream cur = new ByteArrayOutputStream();
            while (!done) {
                if (inq) {
                    if (i >= n) {
                        throw new IllegalArgumentException("unbalanced double quotes in: " + line);
                    }
                    if (p[i] == '\\' && i + 3 < n && p[i + 1] == 'x' && isHex(p[i + 2]) && isHex(p[i + 3])) {
                        cur.write(Character.digit(p[i + 2], 16) * 16 + Character.digit(p[i + 3], 16));
                        i += 3;
                    } else if (p[i] == '\\' && i + 1 < n) {
                        i++;
                        byte c;
                        switch (p[i]) {
                            case 'n': c = '\n'; break;
                            case 'r': c = '\r'; break;
                            case 't': c = '\t'; break;
                            case 'b': c = '\b'; break;
                            case 'a': c = 7; break;
                            default: c = p[i]; break;
                        }
                        cur.write(c);
                    } else if (p[i] == '"') {
                        if (i + 1 < n && !isSpace(p[i + 1])) {
                            throw new IllegalArgumentException("closing quote must be followed by a space in: " + line);
                        }
                        done = true;
                    } else {
                        cur.write(p[i]);
                    }
                } else if (insq) {
                    if (i >= n) {
                        throw new IllegalArgumentException("unbalanced single quotes in: " + line);
                    }
                    if (p[i] == '\\' && i + 1 < n && p[i + 1] == '\'') {
                        i++;
                        cur.write('\'');
                    } else if (p[i] == '\'') {
                        if (i + 1 < n && !isSpace(p[i + 1])) {
                            throw new IllegalArgumentException("closing quote must be followed by a space in: " + line);
                        }
                        done = true;
                    } else {
                        cur.write(p[i]);
                    }
                } else {
                    if (i >= n) {
                        done = true;
                    } else {
                        switch (p[i]) {
                            case ' ': case '\n': case '\r': case '\t': case 0:
                                done = true;
                                break;
                            case '"':
                                inq = true;
                                break;
                            case '\'':
                                insq = true;
                                break;
                            default:
                                cur.write(p[i]);
                        }
                    }
                }
                if (i < n) {
                    i++;
                }
            }
            args.add(cur.toByteArray());
        }
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
    }

    private static boolean isHex(byte c) {
        return Character.digit(c, 16) >= 0;
    }

    /** Cuts {@code s} to about {@code max} characters, saying how much was left out. */
    public static String abbreviate(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        return s.substring(0, max) + "...(" + (s.length() - max) + " more chars)";
    }
}
