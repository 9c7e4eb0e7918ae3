package io.redisdouble.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The training run behind the standalone server's class-data sharing archive: the build runs
 * {@code java -XX:ArchiveClassesAtExit=target/redis-double.jsa -cp target/redis-double.jar
 * io.redisdouble.cli.CdsTraining} after packaging the jar, and the README's command starts the server
 * with {@code -XX:SharedArchiveFile=server/target/redis-double.jsa}. The JVM then maps the classes this
 * run loaded (the server's, Netty's, Luaj's and the JDK's, lambdas included) already parsed and
 * verified instead of loading them from the jar, which is most of a cold start's time.
 *
 * <p>The run goes the standalone server's own way ({@link Main#run}, as {@code java -jar} does), then a
 * client on a socket sends a mix of the commands users send first (strings, keys, every data type, Lua,
 * MULTI, pub/sub, CLIENT, INFO, CONFIG, RESP3), and SHUTDOWN NOSAVE ends it; the JVM writes the archive
 * as it exits. Nothing here changes what the server does: without the archive the same classes load
 * from the jar.
 */
final class CdsTraining {
    private CdsTraining() {}

    /** Commands sent on one connection, pipelined; each must get its reply before the next batch. */
    private static final String[][] COMMANDS = {
            {"PING"}, {"HELLO", "2"}, {"CLIENT", "SETNAME", "training"}, {"SELECT", "0"},
            {"SET", "lock", "token", "NX", "PX", "30000"}, {"GET", "lock"}, {"PTTL", "lock"},
            {"SET", "n", "10"}, {"INCR", "n"}, {"INCRBYFLOAT", "n", "1.5"}, {"MSET", "a", "1", "b", "2"},
            {"MGET", "a", "b", "c"}, {"APPEND", "a", "x"}, {"EXPIRE", "a", "100"}, {"TTL", "a"},
            {"EXISTS", "a", "b"}, {"TYPE", "a"}, {"KEYS", "*"}, {"SCAN", "0"}, {"DEL", "a", "b"},
            {"ZADD", "z", "1", "m1", "2.5", "m2", "3", "m3"}, {"ZRANGE", "z", "0", "-1", "WITHSCORES"},
            {"ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "0", "10"}, {"ZRANGE", "z", "+inf", "-inf", "BYSCORE", "REV"},
            {"ZSCORE", "z", "m2"}, {"ZRANK", "z", "m3"}, {"ZINCRBY", "z", "1", "m1"}, {"ZPOPMIN", "z"}, {"ZCARD", "z"},
            {"HSET", "h", "f", "v", "g", "w"}, {"HGET", "h", "f"}, {"HGETALL", "h"}, {"HINCRBY", "h", "c", "1"},
            {"LPUSH", "l", "a", "b"}, {"RPUSH", "l", "c"}, {"LRANGE", "l", "0", "-1"}, {"RPOP", "l"}, {"LLEN", "l"},
            {"SADD", "s", "a", "b", "1"}, {"SMEMBERS", "s"}, {"SISMEMBER", "s", "a"}, {"SPOP", "s"},
            {"XADD", "x", "*", "f", "v"}, {"XRANGE", "x", "-", "+"}, {"XLEN", "x"},
            {"SETBIT", "bits", "7", "1"}, {"BITCOUNT", "bits"}, {"PFADD", "hll", "a", "b"}, {"PFCOUNT", "hll"},
            {"EVAL", "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end",
                    "1", "lock", "token"},
            {"SCRIPT", "LOAD", "return redis.call('incr', KEYS[1])"},
            {"EVALSHA", "0000000000000000000000000000000000000000", "0"},
            {"MULTI"}, {"INCR", "n2"}, {"SET", "k", "v"}, {"EXEC"},
            {"WATCH", "k"}, {"UNWATCH"}, {"PUBLISH", "ch", "hello"},
            {"CLIENT", "LIST"}, {"CLIENT", "ID"}, {"INFO"}, {"CONFIG", "GET", "maxmemory"}, {"DBSIZE"},
            {"COMMAND", "COUNT"}, {"TIME"}, {"OBJECT", "ENCODING", "z"}, {"NOSUCHCOMMAND"}, {"GET"},
            {"HELLO", "3"}, {"HGETALL", "h"}, {"ZRANGE", "z", "0", "-1", "WITHSCORES"}, {"HELLO", "2"},
            {"FLUSHALL"},
    };

    public static void main(String[] args) throws Exception {
        // --port 0: the server picks a free port and names it in its start-up log, read here
        java.util.concurrent.CompletableFuture<Integer> listening = new java.util.concurrent.CompletableFuture<>();
        ByteArrayOutputStream log = new ByteArrayOutputStream() {
            @Override
            public synchronized void flush() {
                String text = toString(StandardCharsets.UTF_8);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile(", port (\\d+)").matcher(text);
                if (m.find() && text.contains("Ready to accept connections")) listening.complete(Integer.parseInt(m.group(1)));
            }
        };
        int[] code = {-1};
        Thread server = new Thread(() -> {
            code[0] = Main.run(new String[] {"--port", "0", "--save", ""}, new PrintStream(log, true), System.err);
            listening.completeExceptionally(new IllegalStateException("the training server stopped with " + code[0]
                    + " before it was ready: " + log.toString(StandardCharsets.UTF_8)));
        }, "training-server");
        server.setDaemon(true); // a failure here ends the JVM (exit 1, the build fails) instead of hanging it
        server.start();
        int port = listening.get(120, java.util.concurrent.TimeUnit.SECONDS);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            for (String[] command : COMMANDS) batch.write(resp(command));
            batch.write(resp(new String[] {"ECHO", "training-done"}));
            out.write(batch.toByteArray());
            out.flush();
            awaitMarker(in, "training-done");
            // a second connection subscribes, as a pub/sub client does, and sees one message
            try (Socket sub = new Socket("127.0.0.1", port)) {
                sub.getOutputStream().write(resp(new String[] {"SUBSCRIBE", "ch"}));
                awaitMarker(sub.getInputStream(), "subscribe");
                out.write(resp(new String[] {"PUBLISH", "ch", "training-message"}));
                out.flush();
                awaitMarker(sub.getInputStream(), "training-message");
            }
            out.write(resp(new String[] {"SHUTDOWN", "NOSAVE"}));
            out.flush();
            while (in.read() >= 0) {
                // SHUTDOWN closes the connection: read to the end so that the command is not cut off by our close
            }
        }
        server.join(120_000);
        if (code[0] != 0) throw new IllegalStateException("the training server ended with " + code[0]);
        System.exit(0); // the JVM writes the archive as it exits
    }

    private static byte[] resp(String[] args) {
        StringBuilder sb = new StringBuilder().append('*').append(args.length).append("\r\n");
        for (String a : args) {
            byte[] b = a.getBytes(StandardCharsets.UTF_8);
            sb.append('$').append(b.length).append("\r\n").append(a).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads until {@code marker} has been seen (replies are only read, not checked: tests do that). */
    private static void awaitMarker(InputStream in, String marker) throws IOException {
        byte[] m = marker.getBytes(StandardCharsets.UTF_8);
        int matched = 0;
        while (matched < m.length) {
            int b = in.read();
            if (b < 0) throw new IOException("connection closed before '" + marker + "'");
            matched = b == m[matched] ? matched + 1 : (b == m[0] ? 1 : 0);
        }
    }
}
