package io.redisdouble.kit;

import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.RespCli;
import net.jqwik.api.state.ActionChain;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One generated case run on both servers at once: every command goes to the reference and to
 * redis-double over the same kind of connection, and the replies are compared as they arrive. The
 * case starts from empty servers ({@code FLUSHALL}); "client N" is one connection to each server.
 *
 * <p>The history of the case is kept so that a divergence is reported as a reproducer: the
 * redis-cli lines to type, with both servers' reply bytes for every command.
 */
public final class Duo implements AutoCloseable {

    private static final ThreadLocal<Integer> PROTOCOL = ThreadLocal.withInitial(() -> 2);
    private static final ThreadLocal<Object> OWNER = new ThreadLocal<>();
    private static final ThreadLocal<List<Duo>> OPEN = ThreadLocal.withInitial(ArrayList::new);

    /** Commands after which a connection must not be reused by another case. */
    private static final Set<String> STATEFUL = Set.of("hello", "select", "multi", "watch", "client", "auth",
            "quit", "reset", "subscribe", "psubscribe", "ssubscribe", "monitor", "readonly", "exec", "discard");

    private final KitTarget target;
    private final int protocol;
    private final List<KitTarget.ConnPair> clients = new ArrayList<>();
    private final List<Boolean> dirty = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();
    private boolean closed;
    private final long startNanos = System.nanoTime();
    /** Known crashes of this reference's version ({@link ReferenceCrash}), and those this case has armed. */
    private final List<ReferenceCrash> crashes;
    private final java.util.EnumSet<ReferenceCrash> armed = java.util.EnumSet.noneOf(ReferenceCrash.class);
    /** Run when the case closes, while it still holds the servers ({@link #atEnd}). */
    private final List<Runnable> atEnd = new ArrayList<>();

    /** One command of the history with both replies (rendered lazily). */
    record Step(String line, byte[] ref, byte[] dbl, String refText, String dblText, String note, boolean quiet) {
        Step(String line, byte[] ref, byte[] dbl, String refText, String dblText, String note) {
            this(line, ref, dbl, refText, dblText, note, false);
        }
    }

    private Duo(KitTarget target, int protocol) {
        this.target = target;
        this.protocol = protocol;
        this.crashes = ReferenceCrash.affecting(target.referenceVersion());
        this.armed.addAll(target.armedForGood());
    }

    /** Flushes both servers of the current target and starts a case speaking {@code protocol} (2 or 3). */
    public static Duo start(int protocol) {
        KitTarget t = KitTarget.current();
        t.beginCase(OWNER.get());
        Duo d = new Duo(t, protocol);
        OPEN.get().add(d);
        return d;
    }

    /** A case in the protocol chosen for this try by {@link #runChain}. */
    public static Duo start() {
        return start(PROTOCOL.get());
    }

    /**
     * Runs a generated chain of commands in the given protocol and closes every case it opened, so
     * connections go back to the pool even when the chain fails.
     *
     * @param owner the property's test instance ({@code this})
     */
    public static void runChain(Object owner, int protocol, ActionChain<Duo> chain) {
        PROTOCOL.set(protocol);
        OWNER.set(owner);
        Throwable failure = null;
        try {
            chain.run();
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            PROTOCOL.remove();
            OWNER.remove();
            List<Duo> open = OPEN.get();
            for (Duo d : new ArrayList<>(open)) {
                try {
                    d.close();
                } catch (RuntimeException e) {
                    // A failing clean-up (atEnd) must not hide the divergence that ended the chain.
                    if (failure == null) {
                        throw e;
                    }
                    failure.addSuppressed(e);
                }
            }
            open.clear();
        }
    }

    /**
     * Runs {@code cleanup} when this case closes, after its last command, also when it ended in a
     * divergence or an error, while no other case can start: for a case that changes server state a
     * FLUSHALL does not reset (CONFIG SET of the encoding thresholds, see {@link KitTarget#configSet}).
     * A clean-up that fails fails the property (after the divergence, if there was one).
     */
    public void atEnd(Runnable cleanup) {
        atEnd.add(cleanup);
    }

    public KitTarget target() {
        return target;
    }

    public int protocol() {
        return protocol;
    }

    /** When the case started (after the flush), for {@link Cmd#sleepToGrid}. */
    long startNanos() {
        return startNanos;
    }

    // ---------------------------------------------------------------------------------------------

    private KitTarget.ConnPair pair(int client) {
        while (clients.size() <= client) {
            clients.add(null);
            dirty.add(false);
        }
        KitTarget.ConnPair p = clients.get(client);
        if (p == null) {
            p = target.borrow();
            clients.set(client, p);
            dirty.set(client, protocol != 2);
            if (protocol != 2) {
                byte[][] hello = RawRedisClient.argv("HELLO", Integer.toString(protocol));
                byte[] r = p.ref.call(hello);
                byte[] d = p.dbl.call(hello);
                String why = Compare.HELLO.mismatch(r, d);
                steps.add(new Step(prefix(client) + "HELLO " + protocol + "   # protocol switch of a new connection (redis-cli -3 does it)",
                        r, d, null, null, Compare.HELLO.label()));
                if (why != null) {
                    throw divergence(why);
                }
            }
        }
        return p;
    }

    /**
     * Sends {@code argv} on client {@code client} to both servers; returns {reference reply, double reply}.
     * The command goes to both before either reply is read, so the two servers work on it at the same
     * time (each still gets one command at a time on each connection, as a client waiting for every
     * reply would send it). A command known to crash this reference's version in the state this case
     * is in ({@link ReferenceCrash}) is sent to neither: both replies are then the same
     * {@code +LEFT-OUT …} status naming the crash, and the case's history shows it.
     */
    public byte[][] call(int client, byte[][] argv) {
        ReferenceCrash crash = knownCrash(argv);
        if (crash != null) {
            byte[] left = ("+LEFT-OUT (not sent: " + crash.reason() + ")\r\n").getBytes(StandardCharsets.ISO_8859_1);
            return new byte[][] {left, left};
        }
        KitTarget.ConnPair p = pair(client);
        String name = argv.length == 0 ? "" : new String(argv[0], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        if (STATEFUL.contains(name)) {
            dirty.set(client, true);
        }
        KitReport.countCommand();
        byte[] r;
        byte[] d;
        UncheckedIOException dblSend = null;
        try {
            p.ref.send(argv);
            try {
                p.dbl.send(argv);
            } catch (UncheckedIOException e) {
                dblSend = e;
            }
            r = p.ref.readReply();
        } catch (UncheckedIOException e) {
            dirty.set(client, true);
            throw new IllegalStateException("the reference Redis (" + target.referenceVersion() + ") failed on "
                    + RespCli.commandLine(argv) + ": " + e.getMessage()
                    + "\n  This is not a divergence of redis-double. If the reference crashed (its log is below),"
                    + " this input hits a bug of that Redis version: list it in ReferenceCrash so the kit leaves it"
                    + " out; the reference is started again for the next case."
                    + "\n  commands of this case so far:\n" + String.join("\n", historyLines())
                    + "\n  end of the reference's log:\n" + target.referenceLogTail(), e);
        }
        try {
            if (dblSend != null) {
                throw dblSend;
            }
            d = p.dbl.readReply();
        } catch (UncheckedIOException e) {
            dirty.set(client, true);
            steps.add(new Step(prefix(client) + RespCli.commandLine(argv), r, null, null,
                    "(no reply: " + e.getMessage() + ")", ""));
            throw divergence("redis-double did not reply");
        }
        if (name.equals("quit")) {
            reconnect(client);
        }
        return new byte[][] {r, d};
    }

    /** As {@link #exchange}, awaiting no first reply: for a command whose reply may be dropped. */
    @SuppressWarnings("unchecked")
    public List<byte[]>[] exchangeMaybeNone(int client, byte[][] argv, long firstMillis) {
        KitTarget.ConnPair p = pair(client);
        dirty.set(client, true);
        KitReport.countCommand();
        p.ref.sendRaw(RawRedisClient.encodeCommand(argv));
        p.dbl.sendRaw(RawRedisClient.encodeCommand(argv));
        // the first frame may take a while on a busy machine: wait up to firstMillis for it, then
        // take what follows until 10 ms of quiet; no frame within firstMillis means none
        List<byte[]> ref = new ArrayList<>();
        readWhileArriving(p.ref, ref, firstMillis, 10);
        List<byte[]> dbl = new ArrayList<>();
        try {
            while (dbl.size() < ref.size()) {
                dbl.add(p.dbl.readReply());
            }
        } catch (UncheckedIOException e) {
            dbl.add(("(nothing more within the timeout: " + e.getMessage() + ")").getBytes(StandardCharsets.ISO_8859_1));
        }
        // the command reached both servers at once, so redis-double has had firstMillis too when the
        // reference sent nothing: a short wait then catches a frame the reference did not send
        readWhileArriving(p.dbl, dbl, 10, 10);
        return new List[] {ref, dbl};
    }

    /** As {@link #readWhileArriving(RawRedisClient, List, long)}, waiting longer for the first frame. */
    private static void readWhileArriving(RawRedisClient c, List<byte[]> into, long firstMillis, long quietMillis) {
        c.setTimeout(java.time.Duration.ofMillis(firstMillis));
        try {
            into.add(c.readReply());
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof java.net.SocketTimeoutException)) {
                into.add(("(connection: " + e.getMessage() + ")").getBytes(StandardCharsets.ISO_8859_1));
            }
            try {
                c.setTimeout(RawRedisClient.DEFAULT_TIMEOUT);
            } catch (UncheckedIOException ignored) {
                // closed by the server
            }
            return;
        }
        readWhileArriving(c, into, quietMillis);
    }

    /**
     * Sends {@code argv} (or nothing, to collect pushed messages) on client {@code client} and reads
     * every frame that arrives: from the reference until it stays quiet for {@code quietMillis}, then
     * the same number from redis-double (waiting as long as the normal timeout) and whatever else
     * redis-double sends within {@code quietMillis}. For pub/sub, where one command gets several
     * frames and messages arrive on another connection.
     *
     * @return {reference frames, double frames}
     */
    @SuppressWarnings("unchecked")
    public List<byte[]>[] exchange(int client, byte[][] argv, long quietMillis) {
        KitTarget.ConnPair p = pair(client);
        if (argv != null) {
            String name = argv.length == 0 ? "" : new String(argv[0], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            dirty.set(client, true);
            KitReport.countCommand();
            p.ref.sendRaw(RawRedisClient.encodeCommand(argv));
            p.dbl.sendRaw(RawRedisClient.encodeCommand(argv));
            if (name.equals("quit")) {
                reconnect(client);
            }
        }
        List<byte[]> ref = new ArrayList<>();
        if (argv != null) {
            ref.add(p.ref.readReply());
        }
        readWhileArriving(p.ref, ref, quietMillis);
        List<byte[]> dbl = new ArrayList<>();
        try {
            while (dbl.size() < ref.size()) {
                dbl.add(p.dbl.readReply());
            }
        } catch (UncheckedIOException e) {
            dbl.add(("(nothing more within the timeout: " + e.getMessage() + ")").getBytes(StandardCharsets.ISO_8859_1));
        }
        readWhileArriving(p.dbl, dbl, quietMillis);
        return new List[] {ref, dbl};
    }

    private static void readWhileArriving(RawRedisClient c, List<byte[]> into, long quietMillis) {
        c.setTimeout(java.time.Duration.ofMillis(quietMillis));
        try {
            while (true) {
                into.add(c.readReply());
            }
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof java.net.SocketTimeoutException)) {
                into.add(("(connection: " + e.getMessage() + ")").getBytes(StandardCharsets.ISO_8859_1));
            }
        } finally {
            try {
                c.setTimeout(RawRedisClient.DEFAULT_TIMEOUT);
            } catch (UncheckedIOException ignored) {
                // closed by the server (QUIT)
            }
        }
    }

    /** Runs one command on both servers and compares the replies. */
    public void check(Cmd cmd) {
        byte[][] replies = call(cmd.client, cmd.argv);
        String why = cmd.compare.mismatch(replies[0], replies[1]);
        steps.add(new Step(cmd.line(), replies[0], replies[1], null, null, cmd.compare.label()));
        if (why != null) {
            throw divergence(why);
        }
    }

    /**
     * Runs a batch of read-only inspections (OBJECT ENCODING and OBJECT REFCOUNT of every key after each
     * command) as one pipeline on each server (all sent to the reference and its replies read, then the
     * same on redis-double), which would otherwise cost two round trips each, and compares each reply as
     * {@link #check} does, in order. The commands that agree are one line of the history, in the replies
     * only (being read-only, they are not needed to replay the case): each command's last argument
     * (the key) with the replies it got, e.g. {@code s1 intset 1 | z1 nil nil}. The first command that
     * diverges is a step of its own, the last line of the reproducer.
     */
    public void checkAll(List<Cmd> cmds) {
        for (Cmd c : cmds) {
            String name = c.name();
            if (c.client != 0 || STATEFUL.contains(name) || name.equals("quit") || wouldBeLeftOut(c.argv)) {
                for (Cmd one : cmds) {
                    check(one);
                }
                return;
            }
        }
        KitTarget.ConnPair p = pair(0);
        List<byte[][]> argvs = new ArrayList<>();
        for (Cmd c : cmds) {
            argvs.add(c.argv);
            KitReport.countCommand();
        }
        List<byte[]> r;
        try {
            r = p.ref.pipeline(argvs);
        } catch (UncheckedIOException e) {
            dirty.set(0, true);
            throw new IllegalStateException("the reference Redis (" + target.referenceVersion() + ") failed on "
                    + cmds.size() + " pipelined commands (" + cmds.get(0).line() + " …): " + e.getMessage()
                    + "\n  commands of this case so far:\n" + String.join("\n", historyLines())
                    + "\n  end of the reference's log:\n" + target.referenceLogTail(), e);
        }
        List<byte[]> d;
        try {
            d = p.dbl.pipeline(argvs);
        } catch (UncheckedIOException e) {
            dirty.set(0, true);
            steps.add(new Step(cmds.get(0).line() + "   # and the " + (cmds.size() - 1) + " commands after it, pipelined",
                    r.get(0), null, null, "(no reply: " + e.getMessage() + ")", ""));
            throw divergence("redis-double did not reply");
        }
        int agree = 0;
        String why = null;
        while (agree < cmds.size() && (why = cmds.get(agree).compare.mismatch(r.get(agree), d.get(agree))) == null) {
            agree++;
        }
        if (agree > 0) {
            List<Cmd> same = cmds.subList(0, agree);
            String summary = summary(same, r);
            steps.add(new Step("# " + kinds(same) + " of each key", null, null, summary, summary, "", true));
        }
        if (agree < cmds.size()) {
            Cmd c = cmds.get(agree);
            steps.add(new Step(c.line(), r.get(agree), d.get(agree), null, null, c.compare.label()));
            throw divergence(why);
        }
    }

    /** The distinct commands of a batch without their last argument: "OBJECT ENCODING, OBJECT REFCOUNT". */
    private static String kinds(List<Cmd> cmds) {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        for (Cmd c : cmds) {
            out.add(RespCli.commandLine(java.util.Arrays.copyOf(c.argv, c.argv.length - 1)));
        }
        return String.join(", ", out);
    }

    /** Each last argument with the replies its commands got: "s1 intset 1 | s2 nil nil". */
    private static String summary(List<Cmd> cmds, List<byte[]> replies) {
        java.util.LinkedHashMap<String, StringBuilder> byKey = new java.util.LinkedHashMap<>();
        for (int i = 0; i < cmds.size(); i++) {
            byte[][] argv = cmds.get(i).argv;
            String text;
            try {
                RespFrame f = RespFrame.parse(replies.get(i));
                text = f.isNull() ? "nil" : f.isAggregate() ? RawRedisClient.printable(f.raw) : f.text();
            } catch (RuntimeException e) {
                text = RawRedisClient.printable(replies.get(i));
            }
            byKey.computeIfAbsent(RespCli.quote(argv[argv.length - 1]), k -> new StringBuilder()).append(' ').append(text);
        }
        List<String> parts = new ArrayList<>();
        byKey.forEach((k, v) -> parts.add(k + v));
        return String.join(" | ", parts);
    }

    /** Whether {@link #call} would leave {@code argv} out as a known crash (without arming anything). */
    private boolean wouldBeLeftOut(byte[][] argv) {
        for (ReferenceCrash c : crashes) {
            if (c.arms(argv) || (armed.contains(c) && c.fires(argv))) {
                return true;
            }
        }
        return false;
    }

    /** Records a step whose result is already summarised (e.g. a whole SCAN iteration). */
    public void record(String line, String refText, String dblText, String note, String mismatch) {
        steps.add(new Step(line, null, null, refText, dblText, note));
        if (mismatch != null) {
            throw divergence(mismatch);
        }
    }

    /** Records a step that is only a pause or a remark, not a command. */
    public void remark(String line) {
        steps.add(new Step(line, null, null, null, null, null));
    }

    /** The connection pair of a client, for commands that must be iterated per side (SCAN). */
    RawRedisClient[] connections(int client) {
        KitTarget.ConnPair p = pair(client);
        return new RawRedisClient[] {p.ref, p.dbl};
    }

    /** Drops client {@code client}'s connections (after QUIT); the next command reconnects. */
    private void reconnect(int client) {
        KitTarget.ConnPair p = clients.get(client);
        if (p != null) {
            target.giveBack(p, true);
            clients.set(client, null);
        }
    }

    /** The known crash {@code argv} would trigger now, or null; arms the crashes {@code argv} prepares. */
    private ReferenceCrash knownCrash(byte[][] argv) {
        for (ReferenceCrash c : crashes) {
            if (armed.contains(c) && c.fires(argv)) {
                return c;
            }
        }
        for (ReferenceCrash c : crashes) {
            if (c.arms(argv)) {
                armed.add(c);
            }
        }
        return null;
    }

    private List<String> historyLines() {
        List<String> out = new ArrayList<>();
        for (Step st : steps) {
            out.add("    " + st.line);
        }
        return out;
    }

    static String prefix(int client) {
        return client == 0 ? "" : "[client " + (client + 1) + "] ";
    }

    // ---------------------------------------------------------------------------------------------

    /** The divergence with the whole history of this case as its message. */
    public Divergence divergence(String reason) {
        for (int i = 0; i < dirty.size(); i++) {
            dirty.set(i, true); // the two sides' connection states may now differ
        }
        List<String> repro = new ArrayList<>();
        for (Step s : steps) {
            if ((s.ref != null || s.refText != null) && !s.quiet) {
                repro.add(s.line);
            }
        }
        StringBuilder m = new StringBuilder();
        m.append("redis-double diverged from real Redis: ").append(reason).append('\n');
        m.append("  compared: ").append(target.describe()).append('\n');
        m.append("  protocol: RESP").append(protocol).append(protocol == 3 ? " (replay with redis-cli -3)" : "")
                .append("; start from FLUSHALL; [client N] = a separate connection\n");
        m.append("Reproducer (redis-cli lines):\n");
        for (Step s : steps) {
            if (!s.quiet) {
                m.append("  ").append(s.line).append('\n');
            }
        }
        m.append("Replies (redis = reference, double = redis-double):\n");
        int n = 0;
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            boolean last = i == steps.size() - 1;
            m.append(String.format("  %2d. %s%s%n", ++n, s.line,
                    (s.note != null && !s.note.isEmpty() ? "   [" + s.note + "]" : "")
                            + (last ? "   <== DIVERGES: " + reason : "")));
            String a = s.ref != null ? RawRedisClient.printable(s.ref) : s.refText;
            String b = s.ref != null || s.dbl != null ? RawRedisClient.printable(s.dbl) : s.dblText;
            if (s.dbl == null && s.dblText != null) {
                b = s.dblText;
            }
            if (a == null && b == null) {
                continue;
            }
            if (a != null && a.equals(b)) {
                m.append("        both:   ").append(RespCli.abbreviate(a, 600)).append('\n');
            } else {
                m.append("        redis:  ").append(RespCli.abbreviate(String.valueOf(a), 600)).append('\n');
                m.append("        double: ").append(RespCli.abbreviate(String.valueOf(b), 600)).append('\n');
            }
        }
        return new Divergence(m.toString(), repro);
    }

    @Override
    public String toString() {
        return "a case over RESP" + protocol + " with " + steps.size() + " steps";
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (int i = 0; i < clients.size(); i++) {
                KitTarget.ConnPair p = clients.get(i);
                if (p != null) {
                    target.giveBack(p, dirty.get(i));
                }
            }
            clients.clear();
            OPEN.get().remove(this);
            for (Runnable r : atEnd) {
                r.run();
            }
        } finally {
            java.util.Set<ReferenceCrash> lasting = java.util.EnumSet.noneOf(ReferenceCrash.class);
            for (ReferenceCrash c : armed) {
                if (c.outlivesCase()) {
                    lasting.add(c);
                }
            }
            if (!lasting.isEmpty()) {
                target.armForGood(lasting);
            }
            target.endCase();
        }
    }
}
