package io.redisdouble.kit;

import io.redisdouble.testing.RawRedisClient;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * A deliberately divergent server for the kit's self-tests: a tiny TCP proxy in front of a real
 * Redis that rewrites some replies. Commands (RESP multibulk, as the kit sends them) are forwarded
 * one at a time; each reply frame passes through a rewrite before it goes back to the client.
 */
final class ReplyRewritingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final Endpoint backend;
    private final UnaryOperator<RespFrame> rewrite;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    ReplyRewritingProxy(Endpoint backend, UnaryOperator<RespFrame> rewrite) throws IOException {
        this.backend = backend;
        this.rewrite = rewrite;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "rewriting-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    Endpoint endpoint() {
        return Endpoint.of("127.0.0.1", server.getLocalPort());
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                Thread t = new Thread(() -> serve(s), "rewriting-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; RawRedisClient up = backend.open()) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (true) {
                byte[][] argv = readCommand(in);
                if (argv == null) {
                    return;
                }
                byte[] reply;
                try {
                    reply = up.call(argv);
                } catch (RuntimeException e) {
                    return; // backend closed (QUIT): close the client too
                }
                out.write(encode(rewrite.apply(RespFrame.parse(reply))));
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            // client gone
        } finally {
            sockets.remove(s);
        }
    }

    /** Reads one {@code *N $len arg...} command; null at end of stream. */
    private static byte[][] readCommand(InputStream in) throws IOException {
        String head = line(in);
        if (head == null) {
            return null;
        }
        if (!head.startsWith("*")) {
            throw new IOException("the proxy understands multibulk commands only: " + head);
        }
        int n = Integer.parseInt(head.substring(1));
        byte[][] argv = new byte[n][];
        for (int i = 0; i < n; i++) {
            String len = line(in);
            int l = Integer.parseInt(len.substring(1));
            argv[i] = in.readNBytes(l);
            in.readNBytes(2);
        }
        return argv;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\r') {
                in.read();
                return b.toString(StandardCharsets.ISO_8859_1);
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    /** The frame as bytes; an aggregate's children are encoded again, so rewritten children fit. */
    static byte[] encode(RespFrame f) {
        if (!f.isAggregate()) {
            return f.raw;
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int n = f.type == '%' || f.type == '|' ? f.children.size() / 2 : f.children.size();
        b.writeBytes(((char) f.type + Integer.toString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        for (RespFrame c : f.children) {
            b.writeBytes(encode(c));
        }
        return b.toByteArray();
    }

    /** Applies {@code leaf} to every non-aggregate frame of a reply. */
    static UnaryOperator<RespFrame> leaves(UnaryOperator<RespFrame> leaf) {
        return new UnaryOperator<>() {
            @Override
            public RespFrame apply(RespFrame f) {
                if (!f.isAggregate()) {
                    return leaf.apply(f);
                }
                List<RespFrame> kids = new ArrayList<>();
                boolean changed = false;
                for (RespFrame c : f.children) {
                    RespFrame r = apply(c);
                    changed |= r != c;
                    kids.add(r);
                }
                if (!changed) {
                    return f;
                }
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                int n = f.type == '%' || f.type == '|' ? kids.size() / 2 : kids.size();
                b.writeBytes(((char) f.type + Integer.toString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                kids.forEach(k -> b.writeBytes(k.raw));
                return RespFrame.parse(b.toByteArray());
            }
        };
    }

    /** Replies passed through unchanged (the control: the proxy itself must be invisible). */
    static UnaryOperator<RespFrame> identity() {
        return f -> f;
    }

    /**
     * Doubles written the way Redis 7.2+ does (shortest round trip) instead of 7.0's {@code %.17g}:
     * {@code 1.1000000000000001} becomes {@code 1.1}, in bulk strings and RESP3 doubles.
     */
    static UnaryOperator<RespFrame> shortestDoubles() {
        return leaves(f -> {
            String t = f.type == '$' && f.payload != null ? f.text() : f.type == ',' ? f.head : null;
            if (t == null || !t.matches("-?[0-9]+(\\.[0-9]+)?(e[-+][0-9]+)?") || t.replaceAll("[^0-9]", "").length() < 15) {
                return f;
            }
            String shortest = new BigDecimal(Double.toString(Double.parseDouble(t))).stripTrailingZeros().toPlainString();
            if (shortest.equals(t) || shortest.length() > 25) {
                return f;
            }
            byte[] p = shortest.getBytes(StandardCharsets.ISO_8859_1);
            String frame = f.type == ',' ? "," + shortest + "\r\n" : "$" + p.length + "\r\n" + shortest + "\r\n";
            return RespFrame.parse(frame.getBytes(StandardCharsets.ISO_8859_1));
        });
    }

    /** Every integer reply {@code from} becomes {@code to} (e.g. {@code :1} → {@code :2}). */
    static UnaryOperator<RespFrame> integers(long from, long to) {
        return leaves(f -> f.type == ':' && f.head.equals(Long.toString(from))
                ? RespFrame.parse((":" + to + "\r\n").getBytes(StandardCharsets.ISO_8859_1)) : f);
    }

    /** An error text replaced by another. */
    static UnaryOperator<RespFrame> errorText(String from, String to) {
        return leaves(f -> f.type == '-' && f.head.equals(from)
                ? RespFrame.parse(("-" + to + "\r\n").getBytes(StandardCharsets.ISO_8859_1)) : f);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
