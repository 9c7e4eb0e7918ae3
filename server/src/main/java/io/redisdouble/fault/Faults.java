package io.redisdouble.fault;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.resp.Reply;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Faults on demand: what a real server does when it is loading, full, partitioned away or crashing, at the
 * moment a test asks for it, so that retry, timeout and failover code gets tested.
 *
 * <pre>{@code
 * Faults faults = redis.faults();
 * try (FaultRule r = faults.when(Match.command("GET")).times(2).replyError(RedisError.LOADING)) {
 *     ... the next two GETs get "-LOADING Redis is loading the dataset in memory" ...
 * }
 * faults.when(Match.command("SET").key("lock:*")).once().closeAfterRun();   // written, reply lost
 * faults.when(Match.any()).delayReplies(Duration.ofMillis(500));            // a slow network
 * faults.when(Match.any().clientName("worker-2")).stall();                  // a partition, until removed
 * faults.refuseConnections();                                               // new connections are reset
 * faults.log();                                                             // every firing, in order
 * faults.clear();                                                           // all gone, stalled clients healed
 * }</pre>
 *
 * Rules apply to network clients only (not to the direct API of RedisDouble), in the order they were added:
 * a request is handled by the first rule that matches it and has firings left. Thread-safe.
 *
 * <p>The methods under "transport" are the network layer's side and are not for tests.
 */
public final class Faults {
    /** The fault-control command of the standalone server (off unless --fault-control yes). */
    public static final String CONTROL_COMMAND = "DOUBLE.FAULT";

    private final Dialect dialect;
    private final boolean controlEnabled;
    private final Function<byte[][], List<byte[]>> keys;
    private volatile Consumer<Runnable> commandThread = Runnable::run;
    private final CopyOnWriteArrayList<FaultRule> rules = new CopyOnWriteArrayList<>();
    private volatile boolean armed;
    private final List<FaultEvent> log = new ArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong seq = new AtomicLong();
    /** Live client connections; command thread only. */
    private final Set<FaultConnection> connections = new LinkedHashSet<>();

    /**
     * @param dialect        the emulated server (for the texts of {@link RedisError})
     * @param controlEnabled whether {@value #CONTROL_COMMAND} is answered (standalone --fault-control yes)
     * @param keys           the keys a request names (for {@link Match#key})
     */
    public Faults(Dialect dialect, boolean controlEnabled, Function<byte[][], List<byte[]>> keys) {
        this.dialect = Objects.requireNonNull(dialect);
        this.controlEnabled = controlEnabled;
        this.keys = Objects.requireNonNull(keys);
    }

    /** Where work on connections runs: {@code runAndWait} runs a task on the command thread and returns after it. */
    public void bindCommandThread(Consumer<Runnable> runAndWait) {
        this.commandThread = Objects.requireNonNull(runAndWait);
    }

    // ---- the test's side ------------------------------------------------------------------------------

    /** Starts a rule for the requests (or clients) {@code match} selects. */
    public On when(Match match) {
        return new On(Objects.requireNonNull(match));
    }

    /** Resets every new connection as soon as it is accepted, until the rule is removed. */
    public FaultRule refuseConnections() {
        return when(Match.any()).refuseConnections();
    }

    /** The rules in force (those used up included), oldest first. */
    public List<FaultRule> rules() {
        return List.copyOf(rules);
    }

    /** Every firing since the last {@link #clear()}, oldest first (numbered from 1 again after a clear). */
    public List<FaultEvent> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /** The firings of one rule, oldest first. */
    public List<FaultEvent> log(FaultRule rule) {
        List<FaultEvent> out = new ArrayList<>();
        for (FaultEvent e : log()) if (e.rule() == rule) out.add(e);
        return out;
    }

    /** Removes every rule (stalled clients are healed) and empties the log. */
    public void clear() {
        for (FaultRule r : rules) remove(r);
        synchronized (log) {
            log.clear();
            seq.set(0);
        }
    }

    /** What the rule being built applies to, and how often; its last call says what it does and starts it. */
    public final class On {
        private final Match match;
        private long times = Long.MAX_VALUE;

        private On(Match match) {
            this.match = match;
        }

        /** Fires for the next {@code n} matching requests (or connections) only; without it, until removed. */
        public On times(long n) {
            if (n < 1) throw new IllegalArgumentException("times must be at least 1");
            this.times = n;
            return this;
        }

        /** {@code times(1)}. */
        public On once() {
            return times(1);
        }

        /** Answers matching requests with this error, in the emulated version's words; they are not run. */
        public FaultRule replyError(RedisError error) {
            return replyError(error.text(dialect));
        }

        /**
         * Answers matching requests with {@code -text}, e.g. {@code "ERR something broke"} or
         * {@code "CUSTOM reason"}; they are not run. No CR or LF in it.
         */
        public FaultRule replyError(String text) {
            Objects.requireNonNull(text);
            if (text.isEmpty() || text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0 || text.startsWith("-")) {
                throw new IllegalArgumentException("an error line is not empty, has no CR or LF, and its '-' is added by the server: " + text);
            }
            return install(FaultRule.Kind.ERROR, text, null);
        }

        /**
         * Matching requests run at once, but their replies (and the later replies on the same connection,
         * which cannot overtake them) leave the server {@code d} later, on real time; other clients are served
         * meanwhile.
         */
        public FaultRule delayReplies(Duration d) {
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("the delay must be positive: " + d);
            return install(FaultRule.Kind.DELAY, null, d);
        }

        /** The connection of a matching request is closed instead of running it (earlier replies are sent first). */
        public FaultRule closeBeforeRun() {
            return install(FaultRule.Kind.CLOSE_BEFORE, null, null);
        }

        /** A matching request runs, then its connection is closed without the reply: the write happened, the reply was lost. */
        public FaultRule closeAfterRun() {
            return install(FaultRule.Kind.CLOSE_AFTER, null, null);
        }

        /**
         * A network partition, until the rule is removed: matching clients are neither read from nor written
         * to (their requests and replies wait, as TCP keeps them; nothing is lost). A match that names only
         * clients stalls those connected now and those that connect later (by address) at once; one that names
         * commands or keys stalls a client when it sends a matching request (which then waits too).
         */
        public FaultRule stall() {
            return install(FaultRule.Kind.STALL, null, null);
        }

        /**
         * New connections (from matching addresses) are reset as soon as the server accepts them, before
         * anything is read: the client sees its connection reset. Connections already open are not touched.
         */
        public FaultRule refuseConnections() {
            if (!match.addressOnly()) {
                throw new IllegalArgumentException("a refused connection has sent nothing yet: match it by client address only, not " + match);
            }
            return install(FaultRule.Kind.REFUSE, null, null);
        }

        private FaultRule install(FaultRule.Kind kind, String error, Duration delay) {
            FaultRule r = new FaultRule(Faults.this, ids.incrementAndGet(), kind, match, error, delay, times);
            rules.add(r);
            armed = true;
            if (kind == FaultRule.Kind.STALL && match.clientsOnly()) {
                commandThread.accept(() -> {
                    for (FaultConnection c : connections) {
                        if (!c.isFaultController() && match.matchesClient(c.clientId(), c.clientName(), c.clientAddress())) {
                            Faults.this.stall(r, c, null);
                        }
                    }
                });
            }
            return r;
        }
    }

    void remove(FaultRule r) {
        if (!rules.remove(r)) return;
        r.markRemoved();
        armed = !rules.isEmpty();
        if (r.kind() == FaultRule.Kind.STALL) {
            commandThread.accept(() -> {
                List<FaultConnection> held = new ArrayList<>(r.stalled);
                r.stalled.clear();
                for (FaultConnection c : held) c.heal();
            });
        }
    }

    /** Stalls {@code c} for {@code r} if the rule has a firing left; whether it did. */
    private boolean stall(FaultRule r, FaultConnection c, byte[][] argv) {
        if (!r.tryFire()) return false;
        r.stalled.add(c);
        c.stall();
        record(r, c.clientId(), c.clientName(), c.clientAddress(), argv);
        return true;
    }

    private void record(FaultRule r, long clientId, String name, String address, byte[][] argv) {
        List<String> command = new ArrayList<>();
        if (argv != null) for (byte[] a : argv) command.add(new String(a, StandardCharsets.UTF_8));
        synchronized (log) {
            log.add(new FaultEvent(seq.incrementAndGet(), r, r.kind(), clientId, name, address, List.copyOf(command), Instant.now()));
        }
    }

    // ---- transport ------------------------------------------------------------------------------------

    /** True while any rule is in force: otherwise the transport need not ask. */
    public boolean armed() {
        return armed;
    }

    /** Whether {@value #CONTROL_COMMAND} is answered on this server. */
    public boolean controlEnabled() {
        return controlEnabled;
    }

    /** A new client connection (command thread); a STALL rule that selects it by address stalls it now. */
    public void connected(FaultConnection c) {
        connections.add(c);
        if (!armed) return;
        for (FaultRule r : rules) {
            if (r.kind() == FaultRule.Kind.STALL && !r.isRemoved() && r.match().addressOnly()
                    && r.match().matchesClient(c.clientId(), c.clientName(), c.clientAddress())
                    && stall(r, c, null)) {
                return;
            }
        }
    }

    /** A client connection closed (command thread). */
    public void disconnected(FaultConnection c) {
        connections.remove(c);
        for (FaultRule r : rules) r.stalled.remove(c);
    }

    /**
     * Whether a connection from {@code address} is to be reset at once (a REFUSE rule fired for it). Called
     * when a connection is accepted, before anything else.
     */
    public boolean refuses(String address) {
        if (!armed) return false;
        for (FaultRule r : rules) {
            if (r.kind() == FaultRule.Kind.REFUSE && r.match().matchesClient(0, null, address) && r.tryFire()) {
                record(r, 0, null, address, null);
                return true;
            }
        }
        return false;
    }

    /**
     * The rule that handles this request (command thread), its firing counted and logged, or null to run it
     * as usual. For STALL the client is stalled already; the transport holds the request until healed.
     */
    public FaultRule beforeCommand(FaultConnection c, byte[][] argv) {
        if (!armed || c.isFaultController()) return null;
        for (FaultRule r : rules) {
            if (r.kind() == FaultRule.Kind.REFUSE || r.isRemoved()) continue;
            if (!r.match().matches(c.clientId(), c.clientName(), c.clientAddress(), argv, keys)) continue;
            if (r.kind() == FaultRule.Kind.STALL) {
                if (stall(r, c, argv)) return r;
                continue;
            }
            if (!r.tryFire()) continue;
            record(r, c.clientId(), c.clientName(), c.clientAddress(), argv);
            return r;
        }
        return null;
    }

    /** True for a request of the fault-control command on a server where it is enabled. */
    public boolean isControl(byte[][] argv) {
        return controlEnabled && argv.length > 0
                && new String(argv[0], StandardCharsets.UTF_8).equalsIgnoreCase(CONTROL_COMMAND);
    }

    /** Runs a {@value #CONTROL_COMMAND} request (see {@link FaultControl}). */
    public Reply control(byte[][] argv) {
        return FaultControl.execute(this, argv);
    }
}
