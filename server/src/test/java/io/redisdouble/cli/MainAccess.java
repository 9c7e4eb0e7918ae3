package io.redisdouble.cli;

import io.redisdouble.RedisDouble;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Main's flag parsing for tests in other packages: {@code --port 0} first, then the flags given. */
public final class MainAccess {
    private MainAccess() {}

    /** Exit code (-1: would start), what was printed on stderr, and the server the flags describe. */
    public record Parsed(int code, String err, RedisDouble.Builder builder) {}

    public static Parsed parse(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        Main.Options o = new Main.Options();
        String[] withPort = new String[args.length + 2];
        withPort[0] = "--port";
        withPort[1] = "0";
        System.arraycopy(args, 0, withPort, 2, args.length);
        int code = Main.parse(withPort, o, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Parsed(code, err.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"), o.builder);
    }

    /** Main.run: the exit code once the server stops, or at once after a refused start. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return Main.run(args, out, err);
    }
}
