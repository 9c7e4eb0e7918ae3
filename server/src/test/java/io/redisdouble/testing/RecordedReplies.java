package io.redisdouble.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The replies a real Redis gave to one conformance case file, so the comparison still runs where that
 * server's binary is absent (a user's machine without {@code ../shared}): redis-double is then
 * compared with the recording instead of the live server.
 *
 * <p>A recording is kept per case block and protocol, under the hash of the block's text: editing one
 * block makes only that block's recording missing (and the test says how to record it again), never
 * silently wrong. When the live server is there, the test compares its replies with the recording
 * too, so a recording cannot go stale unnoticed (CI has every binary).
 *
 * <p>File format ({@code src/test/resources/conformance/recorded/<redis_version>/<case file>.rec},
 * UTF-8 text): a {@code #} header naming the server it was recorded from, then per block
 * {@code block <hash> resp<2|3> replies <n>} followed by one line per reply, escaped by {@link #escape}.
 * Only a real server can be recorded ({@link #requireRealServer}).
 */
public final class RecordedReplies {
    /** Source folder of the recordings, relative to the server module. */
    public static final Path SOURCE_DIR = Path.of("src", "test", "resources", "conformance", "recorded");

    private final String header;
    private final Map<String, List<byte[]>> replies = new TreeMap<>();

    private RecordedReplies(String header) {
        this.header = header;
    }

    /** An empty recording, to fill from a real server described by {@code header}. */
    public static RecordedReplies empty(String header) {
        return new RecordedReplies(header);
    }

    /**
     * The committed recording of {@code caseFile} from Redis {@code redisVersion} (e.g. "7.2.6"), from
     * the test classpath; null if there is none.
     */
    public static RecordedReplies load(String redisVersion, String caseFile) {
        String res = "/conformance/recorded/" + redisVersion + "/" + caseFile + ".rec";
        try (InputStream in = RecordedReplies.class.getResourceAsStream(res)) {
            if (in == null) {
                return null;
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), res);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RecordedReplies parse(String text, String where) {
        String[] lines = text.split("\n", -1);
        StringBuilder header = new StringBuilder();
        RecordedReplies r = null;
        List<byte[]> cur = null;
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            if (l.isEmpty() && i == lines.length - 1) {
                break;
            }
            if (r == null && l.startsWith("#")) {
                header.append(l.substring(1).strip()).append('\n');
                continue;
            }
            if (r == null) {
                r = new RecordedReplies(header.toString().strip());
            }
            if (l.startsWith("block ")) {
                String[] w = l.split(" ");
                if (w.length != 5 || !w[2].startsWith("resp")) {
                    throw new IllegalArgumentException(where + ":" + (i + 1) + ": bad block line: " + l);
                }
                if (!w[3].equals("replies")) {
                    throw new IllegalArgumentException(where + ":" + (i + 1) + ": bad block line: " + l);
                }
                cur = new ArrayList<>();
                String k = key(w[1], Integer.parseInt(w[2].substring(4)));
                r.replies.put(k, cur);
                counts.put(k, Integer.parseInt(w[4]));
            } else if (cur != null && l.startsWith("  ")) {
                cur.add(unescape(l.substring(2)));
            } else {
                throw new IllegalArgumentException(where + ":" + (i + 1) + ": unexpected line: " + l);
            }
        }
        if (r == null) {
            r = new RecordedReplies(header.toString().strip());
        }
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (r.replies.get(e.getKey()).size() != e.getValue()) {
                throw new IllegalArgumentException(where + ": block " + e.getKey() + " announces " + e.getValue()
                        + " replies but holds " + r.replies.get(e.getKey()).size());
            }
        }
        return r;
    }

    /** Where this recording came from (its header). */
    public String header() {
        return header;
    }

    /** The recorded replies of a block in a protocol, in order; null if not recorded. */
    public List<byte[]> get(String blockHash, int protocol) {
        return replies.get(key(blockHash, protocol));
    }

    public void put(String blockHash, int protocol, List<byte[]> blockReplies) {
        replies.put(key(blockHash, protocol), List.copyOf(blockReplies));
    }

    public boolean isEmpty() {
        return replies.isEmpty();
    }

    /** Writes this recording to {@code file} (parent folders created), blocks in hash order. */
    public void write(Path file) {
        StringBuilder sb = new StringBuilder();
        for (String h : header.split("\n")) {
            sb.append("# ").append(h).append('\n');
        }
        for (Map.Entry<String, List<byte[]>> e : replies.entrySet()) {
            String[] k = e.getKey().split(" ");
            sb.append("block ").append(k[0]).append(" resp").append(k[1]).append(" replies ")
                    .append(e.getValue().size()).append('\n');
            for (byte[] reply : e.getValue()) {
                sb.append("  ").append(escape(reply)).append('\n');
            }
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, sb, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String key(String blockHash, int protocol) {
        return blockHash + " " + protocol;
    }

    /** The hash a block is recorded under: SHA-256 of its lines as written, first 16 hex digits. */
    public static String blockHash(List<String> lines) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String l : lines) {
                md.update(l.getBytes(StandardCharsets.UTF_8));
                md.update((byte) '\n');
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Printable ASCII as is, {@code \r \n \\}, every other byte as {@code \xHH}: one text line per reply. */
    public static String escape(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length + 8);
        for (byte x : bytes) {
            int c = x & 0xff;
            if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\\') {
                sb.append("\\\\");
            } else if (c >= 0x20 && c < 0x7f) {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.toString();
    }

    /** The inverse of {@link #escape}. */
    public static byte[] unescape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                if (c > 0x7e || c < 0x20) {
                    throw new IllegalArgumentException("unescaped character " + (int) c + " in a recorded reply");
                }
                out.write(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'r' -> out.write('\r');
                case 'n' -> out.write('\n');
                case '\\' -> out.write('\\');
                case 'x' -> {
                    out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> throw new IllegalArgumentException("bad escape \\" + n + " in a recorded reply");
            }
        }
        return out.toByteArray();
    }

    /**
     * Refuses to record from anything but a real redis-server: redis-double (or a proxy in front of it)
     * must never become its own reference. Real Redis reports the build it runs ({@code INFO server}:
     * a non-zero {@code redis_build_id}, the compiler's {@code gcc_version} and the path of its
     * {@code executable}); redis-double reports zeros and an empty path there.
     *
     * @return the server's {@code redis_version}
     * @throws IllegalStateException if the server is not a real Redis
     */
    public static String requireRealServer(RawRedisClient c) {
        String info = new String(c.call("INFO", "server"), StandardCharsets.ISO_8859_1);
        String version = field(info, "redis_version");
        String buildId = field(info, "redis_build_id");
        String gcc = field(info, "gcc_version");
        String exe = field(info, "executable");
        boolean real = version != null && buildId != null && !buildId.matches("0*")
                && gcc != null && !gcc.equals("0.0.0") && exe != null && !exe.isEmpty();
        if (!real) {
            throw new IllegalStateException("refusing to record replies from " + c + ": it is not a real redis-server"
                    + " (redis_build_id=" + buildId + ", gcc_version=" + gcc + ", executable=" + exe
                    + "); a recording must come from the real server it stands in for");
        }
        // Valkey keeps redis_version:7.2.4 (the Redis it forked from): its recordings are keyed by its own.
        String server = field(info, "server_name");
        return server != null && !server.equals("redis") ? server + "-" + field(info, server + "_version") : version;
    }

    private static String field(String info, String name) {
        for (String line : info.split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1);
            }
        }
        return null;
    }
}
