package io.redisdouble.command;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.resp.InlineParser;
import io.redisdouble.resp.Reply;
import io.redisdouble.resp.RespEncoder;
import io.redisdouble.time.ServerClock;
import io.redisdouble.util.Bytes;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives the {@link Engine} without sockets, for unit tests: one manual clock, clients as sessions,
 * replies as RESP text. {@code run("SET k v")} parses the line like redis-cli / inline commands.
 */
public final class EngineHarness {
    public final ServerClock time = ServerClock.manual(Instant.parse("2026-01-01T00:00:00Z"));
    public final Engine engine;
    public final Session session;
    public final List<Reply> pushed = new ArrayList<>();
    public boolean closed;

    public EngineHarness() {
        this(Dialect.REDIS_7_0, null);
    }

    public EngineHarness(Dialect version, String requirepass) {
        engine = new Engine(new ServerConfig(version, 16, 6379, "127.0.0.1", requirepass), time, 42);
        // SAVE, BGSAVE, DEBUG RELOAD write dir/dbfilename: never into the module's directory
        engine.config().set("dir", io.redisdouble.testing.ScratchDirs.create("redis-double-harness-").toString());
        session = newSession();
    }

    public Session newSession() {
        return engine.connect(new Session.Link() {
            @Override
            public void push(Reply reply) {
                pushed.add(reply);
            }

            @Override
            public void closeAfterReply() {
                closed = true;
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

    /** Moves virtual time and runs the active expiry cycle, as RedisDouble.time().advance does. */
    public void advance(java.time.Duration d) {
        time.advance(d);
        engine.activeExpire();
    }

    public static byte[][] parse(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        byte[][] argv = InlineParser.split(b, 0, b.length);
        if (argv == null) throw new IllegalArgumentException("unbalanced quotes: " + line);
        return argv;
    }

    public Reply reply(Session s, String line) {
        return engine.execute(s, parse(line));
    }

    /** The reply to {@code line} as RESP text (CRLF shown as-is), for this harness's main session. */
    public String run(String line) {
        return run(session, line);
    }

    public String run(Session s, String line) {
        Reply r = reply(s, line);
        return r == null ? null : Bytes.str(RespEncoder.toBytes(r, s.proto(), engine.dialect()));
    }

    /** Runs each line and returns the last reply. */
    public String runAll(String... lines) {
        String last = null;
        for (String l : lines) last = run(l);
        return last;
    }
}
