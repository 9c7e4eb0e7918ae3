package io.redisdouble.kit;

import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.RespCli;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * One generated step of a case: usually a command sent by one client to both servers and compared
 * (exactly, or under a named {@link Compare relaxation}); also a whole SCAN iteration, or a pause
 * that lets real time pass on both servers.
 */
public final class Cmd {
    private enum Kind { CALL, SCAN_ALL, SLEEP, FRAMES }

    final int client;
    final byte[][] argv;
    final Compare compare;
    private final Kind kind;
    private final int cursorIndex;
    private final boolean pairs;
    /** SLEEP: the grid to wait for; CALL/SCAN_ALL: if > 0, the grid this command must run near a mark of. */
    private final long sleepMillis;

    private Cmd(Kind kind, int client, byte[][] argv, Compare compare, int cursorIndex, boolean pairs, long sleepMillis) {
        this.kind = kind;
        this.client = client;
        this.argv = argv;
        this.compare = compare;
        this.cursorIndex = cursorIndex;
        this.pairs = pairs;
        this.sleepMillis = sleepMillis;
    }

    /** A command (arguments as UTF-8) compared byte for byte. */
    public static Cmd of(String... args) {
        return new Cmd(Kind.CALL, 0, RawRedisClient.argv(args), Compare.EXACT, -1, false, 0);
    }

    /** A command with binary arguments compared byte for byte. */
    public static Cmd ofBytes(byte[]... args) {
        return new Cmd(Kind.CALL, 0, args, Compare.EXACT, -1, false, 0);
    }

    /** A command from a list of arguments. */
    public static Cmd of(List<byte[]> args) {
        return ofBytes(args.toArray(new byte[0][]));
    }

    /**
     * A pub/sub step: sends {@code args} (or, with no arguments, nothing: it only collects what was
     * pushed) and compares every frame that arrives, in order. See {@link Duo#exchange}.
     */
    public static Cmd frames(List<byte[]> args) {
        return new Cmd(Kind.FRAMES, 0, args.toArray(new byte[0][]), Compare.EXACT, -1, false, 0);
    }

    /**
     * As {@link #frames}, for a step that may get no reply at all (CLIENT REPLY SKIP / OFF, or a reply
     * a SKIP drops): the first frame is awaited for 250 ms only (none within that time means none,
     * and redis-double is then given as long to send one), then frames until 10 ms of quiet.
     */
    public static Cmd framesOrNone(List<byte[]> args) {
        return new Cmd(Kind.FRAMES, 0, args.toArray(new byte[0][]), Compare.EXACT, -1, true, 0);
    }

    /**
     * A cursor command ({@code SCAN 0 …}, {@code ZSCAN key 0 …}) iterated to the end on each server
     * separately. Redis's cursors and the order of returned elements depend on its hash function
     * and table sizes, so the <em>sets</em> of returned elements are compared (duplicates, which
     * Redis allows, are ignored). Errors and the first reply's shape are compared exactly.
     *
     * @param cursorIndex where the cursor is in argv
     * @param pairs       elements come in pairs (member, score) and are compared as pairs
     */
    public static Cmd scanAll(List<byte[]> args, int cursorIndex, boolean pairs) {
        return new Cmd(Kind.SCAN_ALL, 0, args.toArray(new byte[0][]), Compare.EXACT, cursorIndex, pairs, 0);
    }

    /**
     * Lets real time pass on both servers (both run on the system clock) until the next multiple of
     * {@code gridMillis} since the case started. Commands then run just after a grid mark, so
     * deadlines placed half-way between marks (TTL = (k + ½) × grid) are never within ±grid/2 of a
     * command: both servers see the same keys alive or expired although they run a few ms apart.
     */
    public static Cmd sleepToGrid(long gridMillis) {
        return new Cmd(Kind.SLEEP, 0, new byte[0][], Compare.EXACT, -1, false, gridMillis);
    }

    /**
     * The same step with other arguments (arity mutations): kind and comparison are kept, so a
     * mutated SCAN is still iterated and compared as a set, a mutated RANDOMKEY by shape.
     */
    public Cmd withArgv(byte[][] newArgv) {
        Kind k = kind == Kind.SCAN_ALL && cursorIndex >= newArgv.length ? Kind.CALL : kind;
        return new Cmd(k, client, newArgv, compare, cursorIndex, pairs, sleepMillis);
    }

    /** The same step sent by client {@code c} (0 = the first connection). */
    public Cmd on(int c) {
        return new Cmd(kind, c, argv, compare, cursorIndex, pairs, sleepMillis);
    }

    /**
     * The same command, run only in the first quarter of a {@code gridMillis} slot of the case: if
     * that part of the slot has passed (the machine was slow, a sleep overshot), the kit waits for
     * the next mark first. Deadlines set by such commands with TTL = (k + ½) × grid then stay at
     * least a quarter of the grid away from every later command, on both servers.
     */
    public Cmd onGrid(long gridMillis) {
        return new Cmd(kind, client, argv, compare, cursorIndex, pairs, gridMillis);
    }

    /** The same step compared under {@code c}. */
    public Cmd compare(Compare c) {
        return new Cmd(kind, client, argv, c, cursorIndex, pairs, sleepMillis);
    }

    public byte[][] argv() {
        return argv;
    }

    /** The command name in lower case. */
    public String name() {
        return argv.length == 0 ? "" : new String(argv[0], StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
    }

    /** The step as a redis-cli line ({@code [client N]} prefix for a second connection). */
    public String line() {
        return switch (kind) {
            case SLEEP -> "# wait until the next " + sleepMillis + " ms mark since the first command (real time, both servers)";
            case SCAN_ALL -> Duo.prefix(client) + RespCli.commandLine(argv) + "   # iterated until cursor 0";
            case CALL -> Duo.prefix(client) + RespCli.commandLine(argv);
            case FRAMES -> Duo.prefix(client) + (argv.length == 0 ? "# read what was pushed to this connection"
                    : RespCli.commandLine(argv) + "   # and every frame that follows");
        };
    }

    @Override
    public String toString() {
        return line();
    }

    /** Runs this step on both servers of the case; throws {@link Divergence} if they disagree. */
    public void run(Duo duo) {
        if (kind == Kind.SLEEP) {
            waitForMark(duo, sleepMillis, line());
            return;
        }
        if (sleepMillis > 0 && phase(duo, sleepMillis) >= sleepMillis / 4) {
            waitForMark(duo, sleepMillis, "# (the kit waits for the next " + sleepMillis + " ms mark: too late in the slot)");
        }
        if (kind == Kind.CALL) {
            duo.check(this);
        } else if (kind == Kind.FRAMES) {
            List<byte[]>[] got = pairs
                    ? duo.exchangeMaybeNone(client, argv, 150) // framesOrNone
                    : duo.exchange(client, argv.length == 0 ? null : argv, 10);
            String mode = framesMode();
            String why = compareFrames(mode, got[0], got[1]);
            duo.record(line(), renderFrames(got[0]), renderFrames(got[1]), mode, why);
        } else {
            scanAll(duo);
        }
    }

    private static long phase(Duo duo, long grid) {
        return ((System.nanoTime() - duo.startNanos()) / 1_000_000) % grid;
    }

    /** Sleeps to the next grid mark; again if the sleep overshot past the first quarter of the slot. */
    private static void waitForMark(Duo duo, long grid, String remark) {
        long total = 0;
        do {
            long wait = grid - phase(duo, grid);
            total += wait;
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        } while (phase(duo, grid) >= grid / 4);
        duo.remark(remark + ": " + total + " ms");
    }

    private void scanAll(Duo duo) {
        byte[][] first = duo.call(client, argv);
        RespFrame r = parseOrNull(first[0]);
        RespFrame d = parseOrNull(first[1]);
        if (!isScanReply(r) || !isScanReply(d)) {
            String why = Compare.EXACT.mismatch(first[0], first[1]);
            duo.record(line(), RawRedisClient.printable(first[0]), RawRedisClient.printable(first[1]), "", why);
            return;
        }
        RawRedisClient[] conns = duo.connections(client);
        TreeSet<String> refSet = iterate(conns[0], r);
        TreeSet<String> dblSet = iterate(conns[1], d);
        String why = refSet.equals(dblSet) ? null : "different sets of elements";
        duo.record(line(), render(refSet), render(dblSet), "compared as sets: SCAN order and cursors are Redis-internal", why);
    }

    private TreeSet<String> iterate(RawRedisClient conn, RespFrame reply) {
        TreeSet<String> out = new TreeSet<>();
        for (int round = 0; ; round++) {
            List<RespFrame> elems = reply.children.get(1).children;
            int step = pairs ? 2 : 1;
            for (int i = 0; i + step - 1 < elems.size(); i += step) {
                StringBuilder sb = new StringBuilder(RawRedisClient.printable(elems.get(i).payload));
                if (pairs) {
                    sb.append(" => ").append(RawRedisClient.printable(elems.get(i + 1).raw));
                }
                out.add(sb.toString());
            }
            String cursor = reply.children.get(0).text();
            if (cursor.equals("0")) {
                return out;
            }
            if (round > 10_000) {
                out.add("(no end after 10000 calls)");
                return out;
            }
            byte[][] next = Arrays.copyOf(argv, argv.length);
            next[cursorIndex] = cursor.getBytes(StandardCharsets.ISO_8859_1);
            KitReport.countCommand();
            RespFrame f = parseOrNull(conn.call(next));
            if (!isScanReply(f)) {
                out.add("(bad reply in the middle of the iteration: " + (f == null ? "unparsable" : RawRedisClient.printable(f.raw)) + ")");
                return out;
            }
            reply = f;
        }
    }

    /** How the frames of a pub/sub step are compared (see {@link #compareFrames}). */
    private String framesMode() {
        String n = name();
        if (argv.length == 0 || n.equals("publish") || n.equals("spublish")) {
            return "frames as a multiset";
        }
        if (argv.length == 1 && (n.equals("unsubscribe") || n.equals("punsubscribe") || n.equals("sunsubscribe"))) {
            return "channels as a set, counts in order: without arguments Redis unsubscribes in dict order";
        }
        return "all frames in order" + (compare.label().isEmpty() ? "" : "; " + compare.label());
    }

    /**
     * Pushed messages (message, pmessage, smessage) are compared as a multiset — Redis delivers
     * one message to several matching patterns in its dict's order — and the other frames
     * (replies, subscribe confirmations) in order, as {@code mode} says.
     */
    private String compareFrames(String mode, List<byte[]> ref, List<byte[]> dbl) {
        if (ref.size() != dbl.size()) {
            return "different number of frames";
        }
        List<String> pushedA = new ArrayList<>();
        List<String> pushedB = new ArrayList<>();
        List<byte[]> restA = new ArrayList<>();
        List<byte[]> restB = new ArrayList<>();
        split(ref, pushedA, restA);
        split(dbl, pushedB, restB);
        pushedA.sort(null);
        pushedB.sort(null);
        if (!pushedA.equals(pushedB)) {
            return "different pushed messages";
        }
        ref = restA;
        dbl = restB;
        if (ref.size() != dbl.size()) {
            return "different number of frames";
        }
        if (mode.startsWith("frames as a multiset")) { // replies and pushes of a drain or PUBLISH
            List<String> a = new ArrayList<>();
            List<String> b = new ArrayList<>();
            ref.forEach(x -> a.add(RawRedisClient.printable(x)));
            dbl.forEach(x -> b.add(RawRedisClient.printable(x)));
            a.sort(null);
            b.sort(null);
            return a.equals(b) ? null : "different frames";
        }
        if (mode.startsWith("channels as a set")) {
            List<String> chA = new ArrayList<>();
            List<String> chB = new ArrayList<>();
            for (int i = 0; i < ref.size(); i++) {
                RespFrame r = parseOrNull(ref.get(i));
                RespFrame d = parseOrNull(dbl.get(i));
                if (r == null || d == null || !r.isAggregate() || !d.isAggregate() || r.children.size() != 3
                        || d.children.size() != 3) {
                    if (!Arrays.equals(ref.get(i), dbl.get(i))) {
                        return "different frames";
                    }
                    continue;
                }
                if (!Arrays.equals(r.children.get(0).raw, d.children.get(0).raw)
                        || !Arrays.equals(r.children.get(2).raw, d.children.get(2).raw) || r.type != d.type) {
                    return "different frames (kind or count)";
                }
                chA.add(RawRedisClient.printable(r.children.get(1).raw));
                chB.add(RawRedisClient.printable(d.children.get(1).raw));
            }
            chA.sort(null);
            chB.sort(null);
            return chA.equals(chB) ? null : "different channels";
        }
        for (int i = 0; i < ref.size(); i++) {
            if (compare.mismatch(ref.get(i), dbl.get(i)) != null) {
                return "different frames";
            }
        }
        return null;
    }

    private static void split(List<byte[]> frames, List<String> pushed, List<byte[]> rest) {
        for (byte[] f : frames) {
            RespFrame p = parseOrNull(f);
            String kind = p != null && p.isAggregate() && !p.children.isEmpty() ? p.children.get(0).text() : "";
            if (kind.equals("message") || kind.equals("pmessage") || kind.equals("smessage")) {
                pushed.add(RawRedisClient.printable(f));
            } else {
                rest.add(f);
            }
        }
    }

    private static String renderFrames(List<byte[]> frames) {
        if (frames.isEmpty()) {
            return "(no frame)";
        }
        List<String> out = new ArrayList<>();
        for (byte[] f : frames) {
            out.add(RawRedisClient.printable(f));
        }
        return String.join(" | ", out);
    }

    private static RespFrame parseOrNull(byte[] b) {
        try {
            return RespFrame.parse(b);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean isScanReply(RespFrame f) {
        return f != null && f.type == '*' && f.children.size() == 2 && f.children.get(0).payload != null
                && f.children.get(1).isAggregate();
    }

    private static String render(TreeSet<String> set) {
        List<String> l = new ArrayList<>(set);
        return "{" + String.join(", ", l) + "}";
    }
}
