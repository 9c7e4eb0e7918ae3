package io.redisdouble.command;

import io.redisdouble.dialect.Quirk;
import io.redisdouble.resp.Reply;
import io.redisdouble.util.RedisNumbers;

import java.util.ArrayList;
import java.util.List;

import static io.redisdouble.command.CommandTable.flags;
import static io.redisdouble.command.Flag.*;

/**
 * The server looking at itself: SLOWLOG (slowlog.c), LATENCY (latency.c: the {@link LatencyMonitor}'s
 * events; HISTOGRAM from latency-tracking), SWAPDB (db.c),
 * and WAIT / WAITAOF (replication.c) as a standalone server without replicas or AOF answers them.
 */
final class IntrospectionCommands {
    private IntrospectionCommands() {}

    static void register(CommandTable t) {
        CommandSpec slowlog = t.add("slowlog", -2, flags(ADMIN, LOADING, STALE), new Dispatch(Dispatch.SLOWLOG_CONTAINER));
        slowlog.sub("get", -2, flags(ADMIN, LOADING, STALE), new Dispatch(Dispatch.SLOWLOG_GET));
        slowlog.sub("len", 2, flags(ADMIN, LOADING, STALE), new Dispatch(Dispatch.SLOWLOG_LEN));
        slowlog.sub("reset", 2, flags(ADMIN, LOADING, STALE), c -> {
            c.engine.introspection.slowlogReset();
            return Reply.OK;
        });
        slowlog.sub("help", 2, flags(LOADING, STALE), new Dispatch(Dispatch.SLOWLOG_HELP));

        CommandSpec latency = t.add("latency", -2, flags(ADMIN, NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.LATENCY_CONTAINER));
        latency.sub("latest", 2, flags(ADMIN, NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.LATENCY_LATEST));
        latency.sub("history", 3, flags(ADMIN, NOSCRIPT, LOADING, STALE),
                c -> c.engine.latency.history(Errors.latin1(c.arg(2))));
        latency.sub("reset", -2, flags(ADMIN, NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.LATENCY_RESET));
        latency.sub("graph", 3, flags(ADMIN, NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.LATENCY_GRAPH));
        latency.sub("doctor", 2, flags(ADMIN, NOSCRIPT, LOADING, STALE), c -> Reply.verbatim(c.engine.latency.doctor(
                c.dialect(), c.engine.config(), c.engine.config().latencyMonitorThreshold(), c.engine.hz(), nowSeconds(c))));
        if (t.known("latency|histogram")) {
            latency.sub("histogram", -2, flags(ADMIN, NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.LATENCY_HISTOGRAM));
        }
        latency.sub("help", 2, flags(LOADING, STALE), new Dispatch(Dispatch.LATENCY_HELP));

        t.add("swapdb", 3, flags(WRITE, FAST), new Dispatch(Dispatch.SWAPDB));
        t.add("wait", 3, flags(NOSCRIPT), new Dispatch(Dispatch.WAIT_COMMAND));
        if (t.known("waitaof")) t.add("waitaof", 4, flags(NOSCRIPT), new Dispatch(Dispatch.WAITAOF));
    }

    // ---- SLOWLOG --------------------------------------------------------------------------------------

    /**
     * SLOWLOG GET [count]: the newest count entries (10 by default). 7.0 takes count in [-1, LONG_MAX]
     * (-1: all); 6.2 takes any integer, a negative one meaning all.
     */
    static Reply slowlogGet(Call c) throws CommandException {
        if (c.argc() > 3) throw Call.error(Errors.subcommandSyntax(c.dialect(), c.arg(1), "SLOWLOG"));
        long count = 10;
        if (c.argc() == 3) {
            if (c.dialect().has(Quirk.SLOWLOG_COUNT_RANGE_CHECKED)) {
                count = c.rangeLongArg(2, -1, Long.MAX_VALUE, Errors.SLOWLOG_COUNT);
            } else {
                count = c.longArg(2);
            }
            if (count < 0) count = Long.MAX_VALUE;
        }
        return c.engine.introspection.slowlogGet(count);
    }

    // ---- LATENCY --------------------------------------------------------------------------------------

    /** The server clock in whole seconds, as latency.c's time(NULL). */
    private static long nowSeconds(Call c) {
        return Math.floorDiv(c.engine.time().currentTimeMillis(), 1000L);
    }

    /** LATENCY RESET [event ...]: how many events were dropped (all of them without names). */
    static Reply latencyReset(Call c) {
        if (c.argc() == 2) return Reply.integer(c.engine.latency.reset(null));
        int resets = 0;
        for (int j = 2; j < c.argc(); j++) resets += c.engine.latency.reset(Errors.latin1(c.arg(j)));
        return Reply.integer(resets);
    }

    /** LATENCY GRAPH event: the event's samples as an ASCII graph, or an error when it has none. */
    static Reply latencyGraph(Call c) {
        String graph = c.engine.latency.graph(Errors.latin1(c.arg(2)), nowSeconds(c));
        return graph == null ? Reply.error(Errors.latencyNoSamples(c.arg(2))) : Reply.verbatim(graph);
    }

    /** createLatencyReport with latency-monitor-threshold 0, as the dialect words it. */
    static String latencyDoctorDisabled(io.redisdouble.dialect.Dialect d) {
        String head = "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this ";
        String use = " instance. You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it.";
        if (d.has(Quirk.LATENCY_TEXTS_VALKEY)) return head + "Valkey" + use + "\n";
        String url = d.has(Quirk.LATENCY_DOCS_URL_LATEST)
                ? "https://redis.io/docs/latest/operate/oss_and_stack/management/optimization/latency-monitor"
                : "https://redis.io/topics/latency-monitor";
        return head + "Redis" + use + " If we weren't in a deep space mission I'd suggest to take a look at " + url + ".\n";
    }

    /**
     * LATENCY HISTOGRAM [command ...]: per command with calls, {calls, histogram_usec}; named commands in
     * the order given (unknown ones skipped, a container brings its subcommands), else every command
     * called so far.
     */
    static Reply latencyHistogram(Call c) {
        Introspection in = c.engine.introspection;
        List<Reply> out = new ArrayList<>();
        if (c.argc() == 2) {
            for (String name : in.histogramNames()) {
                out.add(Reply.bulk(name));
                out.add(in.histogram(name));
            }
            return Reply.map(out);
        }
        for (int i = 2; i < c.argc(); i++) {
            CommandSpec s = CommandCatalog.lookupFullName(c.engine.table(), c.arg(i), true);
            if (s == null) continue;
            if (in.hasHistogram(s.fullName)) {
                out.add(Reply.bulk(s.fullName));
                out.add(in.histogram(s.fullName));
            }
            for (CommandSpec sub : s.subcommands.values()) {
                if (in.hasHistogram(sub.fullName)) {
                    out.add(Reply.bulk(sub.fullName));
                    out.add(in.histogram(sub.fullName));
                }
            }
        }
        return Reply.map(out);
    }

    // ---- SWAPDB ---------------------------------------------------------------------------------------

    /** SWAPDB index1 index2: the two databases exchange their keys (Keyspace#swap). */
    static Reply swapdb(Call c) throws CommandException {
        if (c.engine.cluster() != null) throw Call.error(Errors.SWAPDB_IN_CLUSTER);
        int a = dbIndex(c, 1, Errors.SWAPDB_FIRST_INDEX);
        int b = dbIndex(c, 2, Errors.SWAPDB_SECOND_INDEX);
        var ks = c.engine.keyspace();
        if (a < 0 || a >= ks.count() || b < 0 || b >= ks.count()) throw Call.error(Errors.DB_INDEX_OUT_OF_RANGE);
        ks.swap(a, b);
        return Reply.OK;
    }

    /** getIntFromObjectOrReply with its own message. */
    private static int dbIndex(Call c, int i, String error) throws CommandException {
        return (int) c.rangeLongArg(i, Integer.MIN_VALUE, Integer.MAX_VALUE, error);
    }

    // ---- WAIT / WAITAOF -------------------------------------------------------------------------------

    /**
     * WAIT numreplicas timeout: no replica ever acknowledges, so the reply is 0, at once when
     * numreplicas is 0 or less (or blocking is not allowed: MULTI, scripts), else when the timeout (ms,
     * 0 = forever) passes on the server clock.
     */
    static Reply waitCommand(Call c) throws CommandException {
        if (c.engine.cluster() != null) return ClusterCommands.waitInCluster(c);
        long numreplicas = c.longArg(1);
        long deadline = msTimeout(c, 2);
        if (numreplicas <= 0 || !Blocking.mayBlock(c)) return Reply.ZERO;
        return c.engine.blocking().block(c, List.of(), deadline, timeoutOnly(Reply.ZERO));
    }

    /** getTimeoutFromObjectOrReply for WAIT's timeout: the absolute deadline, or 0 for none. */
    static long waitDeadline(Call c, int i) throws CommandException {
        return msTimeout(c, i);
    }

    /** A blocked WAIT's answer when its time is up. */
    static Blocking.Waiter waitTimeout(Reply reply) {
        return timeoutOnly(reply);
    }

    /**
     * WAITAOF numlocal numreplicas timeout (7.2): numlocal must be 0 without appendonly, so the reply is
     * [0, 0], at once when numreplicas is 0 (or blocking is not allowed), else when the timeout passes.
     */
    static Reply waitaof(Call c) throws CommandException {
        long numlocal = c.longArg(1);
        if (numlocal < 0 || numlocal > 1) throw Call.error(Errors.WAITAOF_NUMLOCAL);
        long numreplicas = c.longArg(2, Errors.MUST_BE_POSITIVE); // getPositiveLongFromObjectOrReply
        if (numreplicas < 0) throw Call.error(Errors.MUST_BE_POSITIVE);
        long deadline = msTimeout(c, 3);
        if (numlocal != 0) throw Call.error(Errors.WAITAOF_NO_APPENDONLY);
        Reply none = Reply.array(Reply.ZERO, Reply.ZERO);
        if (numreplicas == 0 || !Blocking.mayBlock(c)) return none;
        return c.engine.blocking().block(c, List.of(), deadline, timeoutOnly(none));
    }

    /** getTimeoutFromObjectOrReply(UNIT_MILLISECONDS) as an absolute deadline (0 = forever). */
    private static long msTimeout(Call c, int i) throws CommandException {
        long ms;
        try {
            ms = RedisNumbers.parseLong(c.arg(i));
        } catch (RedisNumbers.NotANumber e) {
            throw Call.error(Errors.TIMEOUT_NOT_INTEGER);
        }
        if (ms < 0) throw Call.error(Errors.TIMEOUT_NEGATIVE);
        if (ms == 0) return 0;
        if (c.dialect().has(Quirk.BLOCKING_TIMEOUT_RANGE_CHECKED) && ms > Long.MAX_VALUE - c.now) {
            throw Call.error(Errors.TIMEOUT_OUT_OF_RANGE);
        }
        long deadline = c.now + ms;
        return deadline < c.now ? 0 : deadline;
    }

    private static Blocking.Waiter timeoutOnly(Reply onTimeout) {
        return new Blocking.Waiter() {
            @Override
            public Reply serve(io.redisdouble.keyspace.Database db, byte[] key, Object value, long now) {
                return null;
            }

            @Override
            public Reply timeoutReply() {
                return onTimeout;
            }
        };
    }

    /** This family's command handlers, one object per command and no lambda class each: see {@link OpHandler}. */
    private static final class Dispatch extends OpHandler {
        static final int SLOWLOG_GET = 0;
        static final int LATENCY_RESET = 1;
        static final int LATENCY_GRAPH = 2;
        static final int LATENCY_HISTOGRAM = 3;
        static final int SWAPDB = 4;
        static final int WAIT_COMMAND = 5;
        static final int WAITAOF = 6;
        static final int SLOWLOG_CONTAINER = 7;
        static final int SLOWLOG_LEN = 8;
        static final int SLOWLOG_HELP = 9;
        static final int LATENCY_CONTAINER = 10;
        static final int LATENCY_LATEST = 11;
        static final int LATENCY_HELP = 12;

        Dispatch(int op) {
            super(op);
        }

        @Override
        public Reply run(Call c) throws CommandException {
            return switch (op) {
                case SLOWLOG_GET -> slowlogGet(c);
                case LATENCY_RESET -> latencyReset(c);
                case LATENCY_GRAPH -> latencyGraph(c);
                case LATENCY_HISTOGRAM -> latencyHistogram(c);
                case SWAPDB -> swapdb(c);
                case WAIT_COMMAND -> waitCommand(c);
                case WAITAOF -> waitaof(c);
                case SLOWLOG_CONTAINER -> null;
                case SLOWLOG_LEN -> Reply.integer(c.engine.introspection.slowlogLen());
                case SLOWLOG_HELP -> HelpTexts.help(c.dialect(), "SLOWLOG");
                case LATENCY_CONTAINER -> null;
                case LATENCY_LATEST -> c.engine.latency.latest();
                case LATENCY_HELP -> HelpTexts.help(c.dialect(), "LATENCY");
                default -> throw unknown();
            };
        }
    }
}
