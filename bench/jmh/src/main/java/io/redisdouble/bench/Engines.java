package io.redisdouble.bench;

import io.redisdouble.command.Engine;
import io.redisdouble.command.ServerConfig;
import io.redisdouble.command.Session;
import io.redisdouble.dialect.Dialect;
import io.redisdouble.resp.Reply;
import io.redisdouble.time.ServerClock;

import java.nio.charset.StandardCharsets;

/** An {@link Engine} with one client, as the server's EngineHarness builds it (no sockets). */
final class Engines {
    final Engine engine;
    final Session session;

    Engines() {
        this(Dialect.REDIS_7_0);
    }

    Engines(Dialect dialect) {
        engine = new Engine(new ServerConfig(dialect, 16, 6379, "127.0.0.1", null), ServerClock.flowing(), 42);
        session = engine.connect(new Session.Link() {
            @Override
            public void push(Reply reply) {
            }

            @Override
            public void closeAfterReply() {
            }

            @Override
            public String peerAddress() {
                return "127.0.0.1:50000";
            }

            @Override
            public String localAddress() {
                return "127.0.0.1:6379";
            }
        });
    }

    Reply run(byte[][] argv) {
        return engine.execute(session, argv);
    }

    /** Runs a command that must not fail (setup only). */
    Reply check(String... args) {
        Reply r = run(argv(args));
        if (r == null || r.isError()) throw new IllegalStateException(String.join(" ", args) + " -> " + r);
        return r;
    }

    static byte[][] argv(String... args) {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
        return argv;
    }

    /** ZADD key with n members "m:0".."m:(n-1)", scores the integers 0..n-1 shuffled (1000 per command). */
    void fillZSet(String key, int n, java.util.SplittableRandom rnd) {
        int[] scores = new int[n];
        for (int i = 0; i < n; i++) scores[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = scores[i];
            scores[i] = scores[j];
            scores[j] = t;
        }
        for (int from = 0; from < n; from += 1000) {
            int to = Math.min(n, from + 1000);
            String[] args = new String[2 + 2 * (to - from)];
            args[0] = "ZADD";
            args[1] = key;
            for (int i = from; i < to; i++) {
                args[2 + 2 * (i - from)] = Integer.toString(scores[i]);
                args[3 + 2 * (i - from)] = "m:" + i;
            }
            check(args);
        }
        Reply card = check("ZCARD", key);
        if (((Reply.Int) card).value != n) throw new IllegalStateException("ZCARD " + card);
    }
}
