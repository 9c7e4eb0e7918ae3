package io.redisdouble.conformance;

import io.redisdouble.RedisDouble;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceRedis;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * client-output-buffer-limit and client-query-buffer-limit (issue #15 items 6 and 7), differential: the
 * same transcript runs on a real server and on the double emulating it, with small limits set by CONFIG
 * SET. A subscriber that does not read while a publisher floods it (hard limit; soft limit after its
 * seconds, real seconds on Redis, the manual clock advanced on the double), normal clients whose replies
 * (a pipeline, LRANGE, EXEC, HRANDFIELD with a huge count) exceed the hard limit, clients whose unparsed
 * input exceeds the query buffer limit (one big argument; input sent behind a blocked BLPOP; 7.4's MULTI
 * queue), and the clients that stay under the limits. What is compared: whether each client is closed,
 * what it received, which of its commands ran, what the publisher's PUBLISH counted, INFO's counters.
 */
class BufferLimitsTest {

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** A client socket that does not read unless told to (small receive buffer: the kernel holds little). */
    static final class Peer implements AutoCloseable {
        final Socket socket = new Socket();
        final InputStream in;
        final OutputStream out;
        long received;

        Peer(int port) {
            try {
                socket.setReceiveBufferSize(8192);
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                socket.setSoTimeout(5000);
                in = socket.getInputStream();
                out = socket.getOutputStream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Writes the commands in one write; false if the server had closed the connection meanwhile. */
        boolean send(byte[][]... commands) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (byte[][] c : commands) b.writeBytes(RawRedisClient.encodeCommand(c));
            try {
                out.write(b.toByteArray());
                out.flush();
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        byte[] readExactly(int n) {
            try {
                byte[] b = in.readNBytes(n);
                received += b.length;
                return b;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Reads (and counts) whatever arrives until the server closes the connection, or {@code d} passes. */
        boolean closedWithin(Duration d) {
            long deadline = System.nanoTime() + d.toNanos();
            byte[] buf = new byte[65536];
            try {
                socket.setSoTimeout(100);
                while (System.nanoTime() < deadline) {
                    try {
                        int n = in.read(buf);
                        if (n < 0) return true;
                        received += n;
                    } catch (SocketTimeoutException e) {
                        // nothing yet
                    }
                }
                return false;
            } catch (SocketException e) {
                return true; // reset: closed with our unread input on its side
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    /** A command's arguments: byte arrays as they are, anything else as its UTF-8 text. */
    static byte[][] cmd(Object... args) {
        byte[][] a = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            a[i] = args[i] instanceof byte[] b ? b : String.valueOf(args[i]).getBytes(StandardCharsets.UTF_8);
        }
        return a;
    }

    /** {@code n} bytes of 'x'. */
    static byte[] filler(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 'x');
        return b;
    }

    /** A field of INFO all, or "(no field)" where the server has none (the counters are 7.4's). */
    static String info(RawRedisClient c, String field) {
        String info = s(c.call("INFO", "all"));
        int i = info.indexOf("\r\n" + field + ":");
        return i < 0 ? field + " (no field)" : info.substring(i + 2, info.indexOf('\r', i + 2));
    }

    /** The omem= of the one pubsub client, or -1 if there is none. */
    static long pubsubOmem(RawRedisClient admin) {
        Matcher m = Pattern.compile("omem=(\\d+)").matcher(s(admin.call("CLIENT", "LIST", "TYPE", "pubsub")));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    static int pubsubClients(RawRedisClient admin) {
        String list = s(admin.call("CLIENT", "LIST", "TYPE", "pubsub"));
        return list.split("id=", -1).length - 1;
    }

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    /** A subscriber to {@code channel} that reads its SUBSCRIBE reply and then nothing more. */
    static Peer subscriber(int port, String channel) {
        Peer p = new Peer(port);
        p.send(cmd("SUBSCRIBE", channel));
        String expected = "*3\r\n$9\r\nsubscribe\r\n$" + channel.length() + "\r\n" + channel + "\r\n:1\r\n";
        assertEquals(expected, s(p.readExactly(expected.length())));
        return p;
    }

    /** Publishes 64 KB messages, 8 per pipeline, until one is received by nobody or 40 MB went out. */
    static String flood(RawRedisClient publisher, String channel) {
        byte[] payload = filler(64 * 1024);
        StringBuilder counts = new StringBuilder();
        for (int sent = 0; sent < 640; sent += 8) {
            List<byte[][]> batch = new ArrayList<>();
            for (int i = 0; i < 8; i++) batch.add(cmd("PUBLISH", channel, payload));
            for (byte[] r : publisher.pipeline(batch)) counts.append(s(r).trim().substring(1));
            if (counts.charAt(counts.length() - 1) == '0') break;
        }
        // Counted by each PUBLISH: the subscriber until it is closed (it still counts for the PUBLISHes
        // read in the same event), nobody after.
        return counts.toString().matches("1+0*") ? "PUBLISH counted 1…1 then 0" : "PUBLISH counted " + counts;
    }

    /** The transcript of one server; {@code elapse} lets 4 s pass on the server's clock. */
    static List<String> transcript(int port, Runnable elapse) {
        List<String> out = new ArrayList<>();
        try (RawRedisClient admin = new RawRedisClient("127.0.0.1", port);
             RawRedisClient publisher = new RawRedisClient("127.0.0.1", port)) {
            out.add(s(admin.call("CONFIG", "GET", "client-output-buffer-limit")));
            out.add(s(admin.call("CONFIG", "GET", "client-query-buffer-limit")));

            // -- pubsub hard limit: closed at once, without waiting for any time to pass
            out.add(s(admin.call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 1mb 0 0")));
            try (Peer sub = subscriber(port, "ch")) {
                out.add(flood(publisher, "ch"));
                out.add("hard-limited subscriber closed: " + sub.closedWithin(CLOSE_WAIT));
            }
            out.add(s(publisher.call("PUBLISH", "ch", "after")));
            out.add(info(admin, "pubsub_channels"));

            // -- pubsub soft limit: over 256 KB for more than 2 s
            out.add(s(admin.call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 0 256kb 2")));
            try (Peer sub = subscriber(port, "soft")) {
                byte[] payload = filler(16 * 1024);
                long omem = 0;
                for (int i = 0; i < 4000 && omem < 300_000; i++) {
                    publisher.call(cmd("PUBLISH", "soft", payload));
                    omem = pubsubOmem(admin);
                }
                out.add("over the soft limit: " + (omem >= 300_000));
                out.add("subscriber still there before the seconds: " + pubsubClients(admin));
                elapse.run();
                out.add("soft-limited subscriber closed: " + sub.closedWithin(CLOSE_WAIT));
            }
            out.add(s(publisher.call("PUBLISH", "soft", "after")));
            out.add(info(admin, "client_output_buffer_limit_disconnections"));

            // -- normal class, hard limit 1 MB
            out.add(s(admin.call("CONFIG", "SET", "client-output-buffer-limit", "normal 1mb 0 0 pubsub 32mb 8mb 60")));
            out.add(s(admin.call(cmd("SET", "big", filler(600 * 1000)))));
            List<byte[][]> items = new ArrayList<>();
            for (int i = 0; i < 1500; i += 100) {
                List<Object> args = new ArrayList<>(List.of("RPUSH", "biglist"));
                for (int j = 0; j < 100; j++) args.add(filler(1000));
                items.add(cmd(args.toArray()));
            }
            for (byte[] r : admin.pipeline(items)) out.add(s(r));
            out.add(s(admin.call("HSET", "h", "a", "b")));

            try (Peer ok = new Peer(port)) { // a 600 KB reply is under the limit
                ok.send(cmd("GET", "big"));
                byte[] header = ok.readExactly("$600000\r\n".length());
                out.add(s(header) + " then " + ok.readExactly(600_002).length + " bytes");
                ok.send(cmd("PING"));
                out.add("under the limit: " + s(ok.readExactly(7)));
            }
            try (Peer p = new Peer(port)) { // replies of one batch count together; the rest is not run
                p.send(cmd("SET", "a", "1"), cmd("GET", "big"), cmd("GET", "big"), cmd("SET", "b", "1"));
                out.add("pipeline over the limit closed: " + p.closedWithin(CLOSE_WAIT) + ", received " + p.received);
            }
            out.add(s(admin.call("MGET", "a", "b")));
            try (Peer p = new Peer(port)) {
                p.send(cmd("LRANGE", "biglist", "0", "-1"));
                out.add("LRANGE over the limit closed: " + p.closedWithin(CLOSE_WAIT) + ", received " + p.received);
            }
            try (Peer p = new Peer(port)) { // the transaction runs to its end
                p.send(cmd("MULTI"), cmd("SET", "k2", "v2"), cmd("LRANGE", "biglist", "0", "-1"), cmd("SET", "k3", "v3"),
                        cmd("EXEC"));
                out.add("EXEC over the limit closed: " + p.closedWithin(CLOSE_WAIT) + ", received " + p.received);
            }
            out.add(s(admin.call("MGET", "k2", "k3")));
            try (Peer p = new Peer(port)) {
                p.send(cmd("HRANDFIELD", "h", "-20000000"));
                out.add("HRANDFIELD huge count closed: " + p.closedWithin(CLOSE_WAIT) + ", received " + p.received);
            }
            out.add(info(admin, "client_output_buffer_limit_disconnections"));
            out.add(s(admin.call("CONFIG", "SET", "client-output-buffer-limit", "normal 0 0 0")));
            out.add(s(admin.call("DEL", "big", "biglist")));

            // -- query buffer limit 1 MB
            out.add(s(admin.call("CONFIG", "SET", "client-query-buffer-limit", "1mb")));
            try (Peer p = new Peer(port)) { // one argument of 2 MB
                p.send(cmd("SET", "qk", filler(2 * 1024 * 1024)));
                out.add("2 MB argument closed: " + p.closedWithin(CLOSE_WAIT) + ", received " + p.received);
            }
            out.add(s(admin.call("EXISTS", "qk")));
            try (Peer p = new Peer(port)) { // 900 KB is under it
                p.send(cmd("SET", "qk2", filler(900 * 1000)));
                out.add("900 KB argument: " + s(p.readExactly(5)));
            }
            byte[] v64 = filler(64 * 1024);
            try (Peer p = new Peer(port)) { // blocked: what follows BLPOP waits unparsed, 1.3 MB of it
                byte[][][] commands = new byte[21][][];
                commands[0] = cmd("BLPOP", "bl", "0");
                for (int i = 1; i <= 20; i++) commands[i] = cmd("SET", "bk" + i, v64);
                p.send(commands);
                out.add("blocked client over the limit closed: " + p.closedWithin(CLOSE_WAIT) + ", received " + p.received);
            }
            out.add(s(admin.call("EXISTS", "bk1", "bk20")));
            out.add(s(admin.call("LPUSH", "bl", "x")));
            out.add(s(admin.call("LLEN", "bl"))); // nobody served
            try (Peer p = new Peer(port)) { // blocked, 512 KB waiting: run once unblocked
                byte[][][] commands = new byte[9][][];
                commands[0] = cmd("BLPOP", "bl2", "0");
                for (int i = 1; i <= 8; i++) commands[i] = cmd("SET", "ck" + i, v64);
                p.send(commands);
                out.add("blocked client under the limit closed: " + p.closedWithin(Duration.ofMillis(500)));
                out.add(s(admin.call("LPUSH", "bl2", "y")));
                String served = "*2\r\n$3\r\nbl2\r\n$1\r\ny\r\n";
                out.add(s(p.readExactly(served.length())) + s(p.readExactly(8 * 5)));
            }
            out.add(s(admin.call("EXISTS", "ck1", "ck2", "ck3", "ck4", "ck5", "ck6", "ck7", "ck8")));
            try (Peer p = new Peer(port)) { // MULTI: 7.4 counts the queue in the query buffer
                p.send(cmd("MULTI"));
                StringBuilder sb = new StringBuilder(s(p.readExactly(5)));
                int queued = 0;
                boolean closed = false;
                for (int i = 0; i < 20 && !closed; i++) {
                    p.send(cmd("SET", "mq" + i, filler(64000)));
                    try {
                        byte[] r = p.in.readNBytes(9);
                        if (r.length == 9 && s(r).equals("+QUEUED\r\n")) queued++;
                        else closed = true;
                    } catch (IOException e) {
                        closed = true;
                    }
                }
                sb.append(" then QUEUED ").append(queued).append(" times");
                if (!closed) {
                    p.send(cmd("EXEC"));
                    byte[] r = p.readExactly(4);
                    sb.append(", EXEC ").append(s(r).trim());
                }
                sb.append(closed ? ", closed" : "");
                out.add(sb.toString());
            }
            out.add(info(admin, "client_query_buffer_limit_disconnections"));
            out.add(s(admin.call("CONFIG", "SET", "client-query-buffer-limit", "1gb")));
            out.add(s(admin.call("FLUSHALL")));
        }
        return out;
    }

    private static void compare(String version) {
        try (ReferenceRedis real = ReferenceRedis.startPrivate(version);
             RedisDouble dbl = RedisDouble.builder().version(version).manualTime().start()) {
            List<String> expected = transcript(real.port(), () -> sleep(4000));
            assertTrue(expected.contains("hard-limited subscriber closed: true"), expected.toString());
            assertTrue(expected.contains("soft-limited subscriber closed: true"), expected.toString());
            assertEquals(expected, transcript(dbl.port(), () -> dbl.time().advance(Duration.ofSeconds(4))), version);
        }
    }

    @TestFactory
    Stream<DynamicTest> againstRealServers() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String v : LiveVersions.of("BufferLimitsTest")) {
            tests.add(DynamicTest.dynamicTest("Redis " + v, () -> compare(v)));
        }
        tests.addAll(LiveVersions.notLive("BufferLimitsTest"));
        return tests.stream();
    }

    /**
     * The soft limit counts whole seconds of the server's clock from the first check that found the
     * client over it, and closes only when more than the limit's seconds have passed: a manual clock
     * that stands still never closes it.
     */
    @Test
    void theSoftLimitCountsSecondsOfTheServerClock() {
        try (RedisDouble dbl = RedisDouble.builder().manualTime().start();
             RawRedisClient admin = new RawRedisClient("127.0.0.1", dbl.port());
             RawRedisClient publisher = new RawRedisClient("127.0.0.1", dbl.port());
             Peer sub = subscriber(dbl.port(), "ch")) {
            admin.call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 0 256kb 2");
            byte[] payload = filler(16 * 1024);
            for (int i = 0; i < 4000 && pubsubOmem(admin) < 300_000; i++) publisher.call(cmd("PUBLISH", "ch", payload));
            String line = s(admin.call("CLIENT", "LIST", "TYPE", "pubsub"));
            assertTrue(line.contains(" obl=16384 "), line);
            assertTrue(line.contains(" events=rw "), line);
            dbl.time().advance(Duration.ofSeconds(2));
            assertEquals(1, pubsubClients(admin)); // (the subscriber must not read: that would empty its buffer)
            dbl.time().advance(Duration.ofSeconds(1));
            assertTrue(sub.closedWithin(CLOSE_WAIT));
            assertEquals(":0\r\n", s(publisher.call("PUBLISH", "ch", "x")));
        }
    }

    /** Real time passing on the real server (the double's clock is advanced instead). */
    private static void sleep(long ms) {
        RawRedisClient.realTimePasses(ms);
    }
}
