package io.redisdouble.kit;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;
import redis.clients.jedis.args.ListDirection;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static io.redisdouble.kit.Gen.cmd;
import static io.redisdouble.kit.Gen.word;

/**
 * Lists: LPUSH, RPUSH, LPUSHX, RPUSHX, LINSERT, LLEN, LINDEX, LSET, LPOP, RPOP (with counts), LRANGE,
 * LTRIM, LPOS (RANK, COUNT, MAXLEN), LREM, RPOPLPUSH, LMOVE, LMPOP (7.0; 6.2's unknown-command error is
 * compared too), and the blocking commands where they answer at once.
 * <ul>
 *   <li>{@link #smallLists}: a few keys, a small pool of elements (so pivots, LPOS and LREM find
 *       several matches), indexes, ranges and counts at and beyond both ends, every LMOVE direction
 *       including source = destination, wrong types (a string and a set on the same keys).</li>
 *   <li>{@link #positions}: one list of a few repeated elements, searched and edited by position
 *       (LPOS with every option, LINDEX, LSET, LINSERT, LREM, LRANGE, LTRIM).</li>
 *   <li>{@link #largeLists}: lists grown by hundreds of elements and by elements over 64 bytes (the
 *       listpack / quicklist limits), so ranges, LINSERT, LSET, LREM and LTRIM cross nodes.</li>
 *   <li>{@link #blockingInsideMulti}: MULTI, queued list commands and blocking pops with timeout 0
 *       (which must answer at once inside a transaction, as the non-blocking form or a null), EXEC.</li>
 *   <li>{@link #reliableQueue} and {@link #dedupSet}: client code through Jedis, see there.</li>
 * </ul>
 * Outside MULTI the blocking commands get only argument errors (bad or negative timeouts, bad
 * numkeys) and a 10 ms timeout, which passes on both servers with the single client of the case (the
 * null reply's encoding is compared: a null array in RESP2, a RESP3 null).
 */
@Family(value = "lists", weight = 0.4)
class ListsProperties {

    static Arbitrary<String> lkey() {
        return Arbitraries.of("l1", "l2", "l3");
    }

    static Arbitrary<byte[]> element() {
        return Gen.frequencyOf(
                Tuple.of(10, Arbitraries.of("a", "b", "c").map(Gen::utf8)),
                Tuple.of(4, Arbitraries.of("1", "2", "-1", "9223372036854775807", "").map(Gen::utf8)),
                Tuple.of(1, Gen.binary(1, 3)),
                Tuple.of(1, Arbitraries.strings().withChars("ab").ofLength(70).map(Gen::utf8)));
    }

    static Arbitrary<List<byte[]>> elements() {
        return element().list().ofMinSize(1).ofMaxSize(4);
    }

    /** Indexes: inside, at and beyond both ends, the 64-bit edges, and texts that are not integers. */
    static Arbitrary<String> index() {
        return Gen.frequencyOf(
                Tuple.of(8, Arbitraries.integers().between(-7, 7).map(String::valueOf)),
                Tuple.of(1, Arbitraries.of("100", "-100", "9223372036854775807", "-9223372036854775808",
                        "9223372036854775808")),
                Tuple.of(1, Arbitraries.of("x", "1.5", "", "+1", " 1")));
    }

    static Arbitrary<String> count() {
        return Gen.frequencyOf(
                Tuple.of(6, Arbitraries.of("0", "1", "2", "3", "10")),
                Tuple.of(2, Arbitraries.of("-1", "-2", "x", "9223372036854775807", "-9223372036854775808", "1.0")));
    }

    static Arbitrary<String> side() {
        return Gen.frequencyOf(Tuple.of(10, word("LEFT")), Tuple.of(10, word("RIGHT")),
                Tuple.of(1, Arbitraries.of("UP", "")));
    }

    /** LPOS options in any order and number: RANK (0 and LONG_MIN are errors), COUNT, MAXLEN. */
    static Arbitrary<List<Object>> lposOptions() {
        return Gen.options(0, 3,
                Gen.option("RANK", Arbitraries.of("1", "2", "-1", "-2", "3", "0", "-9223372036854775808",
                        "9223372036854775807", "x")),
                Gen.option("COUNT", Arbitraries.of("0", "1", "2", "-1", "x")),
                Gen.option("MAXLEN", Arbitraries.of("0", "1", "2", "4", "-1", "x")),
                Gen.literal("FOO", "1"));
    }

    /** LMPOP's (and BLMPOP's) tail: numkeys (usually right, sometimes not), keys, a side, COUNT. */
    static Arbitrary<List<Object>> mpopTail() {
        return Combinators.combine(lkey().list().ofMinSize(1).ofMaxSize(3),
                Gen.frequencyOf(Tuple.of(10, Arbitraries.just("")),
                        Tuple.of(1, Arbitraries.of("0", "-1", "x", "5"))),
                side(),
                Gen.maybe(Gen.option("COUNT", Arbitraries.of("1", "2", "10", "0", "-1", "x")))).as((ks, numkeys, s, c) -> {
                    List<Object> out = new ArrayList<>();
                    out.add(numkeys.isEmpty() ? Integer.toString(ks.size()) : numkeys);
                    out.addAll(ks);
                    out.add(s);
                    out.addAll(c);
                    return out;
                });
    }

    static Arbitrary<Cmd> commands() {
        Arbitrary<String> k = lkey();
        return Gen.frequencyOf(
                Tuple.of(8, cmd(word("RPUSH"), k, elements())),
                Tuple.of(6, cmd(word("LPUSH"), k, elements())),
                Tuple.of(1, cmd(word("LPUSHX"), k, elements())),
                Tuple.of(1, cmd(word("RPUSHX"), k, elements())),
                Tuple.of(3, cmd(word("LINSERT"), k, Gen.frequencyOf(Tuple.of(5, word("BEFORE")),
                        Tuple.of(5, word("AFTER")), Tuple.of(1, Arbitraries.just("MIDDLE"))), element(), element())),
                Tuple.of(2, cmd(word("LLEN"), k)),
                Tuple.of(3, cmd(word("LINDEX"), k, index())),
                Tuple.of(3, cmd(word("LSET"), k, index(), element())),
                Tuple.of(3, cmd(word("LPOP"), k, Gen.maybe(count()))),
                Tuple.of(3, cmd(word("RPOP"), k, Gen.maybe(count()))),
                Tuple.of(5, cmd(word("LRANGE"), k, index(), index())),
                Tuple.of(2, cmd(word("LTRIM"), k, index(), index())),
                Tuple.of(4, cmd(word("LPOS"), k, element(), lposOptions())),
                Tuple.of(3, cmd(word("LREM"), k, Arbitraries.of("0", "1", "-1", "2", "-2", "100", "x"), element())),
                Tuple.of(2, cmd(word("RPOPLPUSH"), k, k)),
                Tuple.of(4, cmd(word("LMOVE"), k, k, side(), side())),
                Tuple.of(2, cmd(word("LMPOP"), mpopTail())),
                Tuple.of(1, cmd(word("SET"), k, Arbitraries.just("v"))),
                Tuple.of(1, cmd(word("SADD"), k, Arbitraries.just("m"))),
                Tuple.of(1, cmd(word("TYPE"), k)),
                Tuple.of(1, cmd(word("EXISTS"), k)),
                Tuple.of(1, cmd(word("DEL"), k)));
    }

    /**
     * Blocking commands outside a transaction: argument errors, and a 10 ms timeout (a pop from a
     * non-empty list answers at once; from empty lists both servers answer null after the timeout).
     */
    static Arbitrary<Cmd> blocking() {
        Arbitrary<String> k = lkey();
        Arbitrary<String> timeout = Gen.frequencyOf(Tuple.of(4, Arbitraries.just("0.01")),
                Tuple.of(1, Arbitraries.of("-1", "x", "-0.5", "1e400", "nan", "9223372036854775807", "")));
        return Gen.frequencyOf(
                Tuple.of(2, cmd(word("BLPOP"), k.list().ofMinSize(1).ofMaxSize(3), timeout)),
                Tuple.of(2, cmd(word("BRPOP"), k.list().ofMinSize(1).ofMaxSize(3), timeout)),
                Tuple.of(1, cmd(word("BRPOPLPUSH"), k, k, timeout)),
                Tuple.of(2, cmd(word("BLMOVE"), k, k, side(), side(), timeout)),
                Tuple.of(2, cmd(word("BLMPOP"), timeout, mpopTail())));
    }

    /**
     * One list of a few repeated elements and the commands that search it by position: LPOS with every
     * option, LINDEX, LSET, LINSERT, LREM, LRANGE, LTRIM at and around both ends.
     */
    static Arbitrary<Cmd> positions() {
        Arbitrary<String> e = Arbitraries.of("a", "b", "c");
        Arbitrary<String> small = Arbitraries.integers().between(-6, 6).map(String::valueOf);
        return Gen.frequencyOf(
                Tuple.of(6, cmd(word("RPUSH"), "l1", e.list().ofMinSize(1).ofMaxSize(6))),
                Tuple.of(2, cmd(word("LPUSH"), "l1", e.list().ofMinSize(1).ofMaxSize(3))),
                Tuple.of(8, cmd(word("LPOS"), "l1", e, Gen.options(0, 3,
                        Gen.option("RANK", Arbitraries.of("1", "2", "3", "-1", "-2", "-3")),
                        Gen.option("COUNT", Arbitraries.of("0", "1", "2", "3")),
                        Gen.option("MAXLEN", Arbitraries.of("0", "1", "2", "3", "4", "5"))))),
                Tuple.of(3, cmd(word("LINDEX"), "l1", small)),
                Tuple.of(2, cmd(word("LSET"), "l1", small, e)),
                Tuple.of(2, cmd(word("LINSERT"), "l1", Arbitraries.of("BEFORE", "AFTER"), e, Arbitraries.of("x", "a"))),
                Tuple.of(2, cmd(word("LREM"), "l1", Arbitraries.of("0", "1", "2", "-1", "-2"), e)),
                Tuple.of(3, cmd(word("LRANGE"), "l1", small, small)),
                Tuple.of(1, cmd(word("LTRIM"), "l1", small, small)),
                Tuple.of(2, cmd(word("LPOP"), "l1", Gen.maybe(Arbitraries.of("1", "2", "0")))),
                Tuple.of(2, cmd(word("RPOP"), "l1", Gen.maybe(Arbitraries.of("1", "2", "0")))),
                Tuple.of(2, cmd(word("LMOVE"), "l1", Arbitraries.of("l1", "l2"), side(), side())),
                Tuple.of(2, cmd(word("LRANGE"), "l1", "0", "-1")));
    }

    /** The commands of a chain: {@link #commands} (sometimes with arguments dropped or added) and {@link #blocking}. */
    static Arbitrary<Cmd> chainCommands() {
        return Gen.frequencyOf(Tuple.of(30, Gen.withArityMutations(commands(), 25)), Tuple.of(1, blocking()));
    }

    /** RPUSH/LPUSH of 100–300 short elements, or of 3 elements over 64 bytes: crosses the compact limits. */
    static Arbitrary<Cmd> grow() {
        Arbitrary<Cmd> many = Combinators.combine(word("RPUSH"), lkey(), Arbitraries.integers().between(100, 300))
                .as((w, k, n) -> {
                    List<String> argv = new ArrayList<>(List.of(w, k));
                    for (int i = 0; i < n; i++) argv.add(i % 7 == 0 ? "a" : Integer.toString(i));
                    return Cmd.of(argv.toArray(new String[0]));
                });
        Arbitrary<Cmd> big = Combinators.combine(word("LPUSH"), lkey(),
                Arbitraries.strings().withChars("xyz").ofMinLength(65).ofMaxLength(9000).list().ofSize(3))
                .as((w, k, vals) -> {
                    List<String> argv = new ArrayList<>(List.of(w, k));
                    argv.addAll(vals);
                    return Cmd.of(argv.toArray(new String[0]));
                });
        return Gen.frequencyOf(Tuple.of(3, many), Tuple.of(1, big));
    }

    /** LRANGE of the whole list: after growth, the only way to see every element's place. */
    static Arbitrary<Cmd> wholeRange() {
        return cmd(word("LRANGE"), lkey(), "0", "-1");
    }

    // ---- MULTI with blocking commands ------------------------------------------------------------

    /** Commands queued in a transaction: list commands and blocking pops with timeout 0 (or invalid). */
    static Arbitrary<Cmd> queued() {
        Arbitrary<String> k = lkey();
        Arbitrary<String> timeout = Gen.frequencyOf(Tuple.of(6, Arbitraries.of("0", "5", "0.5")),
                Tuple.of(1, Arbitraries.of("-1", "x")));
        return Gen.frequencyOf(
                Tuple.of(4, cmd(word("RPUSH"), k, elements())),
                Tuple.of(2, cmd(word("LPOP"), k, Gen.maybe(count()))),
                Tuple.of(2, cmd(word("LRANGE"), k, "0", "-1")),
                Tuple.of(1, cmd(word("DEL"), k)),
                Tuple.of(1, cmd(word("SET"), k, "v")),
                Tuple.of(3, cmd(word("BLPOP"), k.list().ofMinSize(1).ofMaxSize(3), timeout)),
                Tuple.of(3, cmd(word("BRPOP"), k.list().ofMinSize(1).ofMaxSize(3), timeout)),
                Tuple.of(2, cmd(word("BRPOPLPUSH"), k, k, timeout)),
                Tuple.of(3, cmd(word("BLMOVE"), k, k, side(), side(), timeout)),
                Tuple.of(3, cmd(word("BLMPOP"), timeout, mpopTail())),
                Tuple.of(1, cmd(word("BLPOP"), k)));
    }

    /** MULTI, 1–6 queued commands, then EXEC (or, rarely, DISCARD): one step of the chain. */
    static Arbitrary<List<Cmd>> transaction() {
        return Combinators.combine(queued().list().ofMinSize(1).ofMaxSize(6),
                Gen.frequencyOf(Tuple.of(8, word("EXEC")), Tuple.of(1, word("DISCARD")))).as((q, end) -> {
                    List<Cmd> out = new ArrayList<>();
                    out.add(Cmd.of("MULTI"));
                    out.addAll(q);
                    out.add(Cmd.of(end));
                    return out;
                });
    }

    /** A chain whose steps are whole groups of commands (a transaction, or one list command). */
    static Arbitrary<ActionChain<Duo>> groupChains(int maxSteps, Arbitrary<List<Cmd>> groups) {
        return ActionChain.<Duo>startWith(Duo::start)
                .withAction(new Action.Independent<Duo>() {
                    @Override
                    public Arbitrary<Transformer<Duo>> transformer() {
                        return groups.map(g -> {
                            List<String> lines = new ArrayList<>();
                            g.forEach(c -> lines.add(c.line()));
                            return Transformer.mutate(String.join(" ; ", lines), d -> g.forEach(c -> c.run(d)));
                        });
                    }
                })
                .withMaxTransformations(maxSteps);
    }

    // ---- properties ------------------------------------------------------------------------------

    @Provide
    Arbitrary<Integer> protocol() {
        return Chains.protocols();
    }

    @Provide
    Arbitrary<ActionChain<Duo>> smallChains() {
        return Chains.of(25, chainCommands());
    }

    @Provide
    Arbitrary<ActionChain<Duo>> positionChains() {
        return Chains.of(25, positions());
    }

    @Provide
    Arbitrary<ActionChain<Duo>> largeChains() {
        return Chains.of(20, Gen.frequencyOf(Tuple.of(10, commands()), Tuple.of(2, grow()),
                Tuple.of(2, wholeRange())));
    }

    @Provide
    Arbitrary<ActionChain<Duo>> transactionChains() {
        return groupChains(8, Gen.frequencyOf(Tuple.of(3, transaction()),
                Tuple.of(2, commands().map(List::of))));
    }

    @Property
    void smallLists(@ForAll("protocol") int protocol, @ForAll("smallChains") ActionChain<Duo> chain) {
        Duo.runChain(this, protocol, chain);
    }

    @Property
    void positions(@ForAll("protocol") int protocol, @ForAll("positionChains") ActionChain<Duo> chain) {
        Duo.runChain(this, protocol, chain);
    }

    @Property
    void largeLists(@ForAll("protocol") int protocol, @ForAll("largeChains") ActionChain<Duo> chain) {
        Duo.runChain(this, protocol, chain);
    }

    @Property
    void blockingInsideMulti(@ForAll("protocol") int protocol, @ForAll("transactionChains") ActionChain<Duo> chain) {
        Duo.runChain(this, protocol, chain);
    }

    // ---- client code -----------------------------------------------------------------------------

    enum QueueOp { PRODUCE, CONSUME, ACK, FAIL_ACK, CRASH_RECOVER, INSPECT, CONSUME_BLOCKING }

    record QueueStep(QueueOp op, int worker, String item) {
        @Override
        public String toString() {
            return op + " worker" + worker + " " + item;
        }
    }

    @Provide
    Arbitrary<List<QueueStep>> queueSchedules() {
        return Combinators.combine(
                Arbitraries.frequency(Tuple.of(6, QueueOp.PRODUCE), Tuple.of(5, QueueOp.CONSUME),
                        Tuple.of(4, QueueOp.ACK), Tuple.of(1, QueueOp.FAIL_ACK), Tuple.of(1, QueueOp.CRASH_RECOVER),
                        Tuple.of(2, QueueOp.INSPECT), Tuple.of(1, QueueOp.CONSUME_BLOCKING)),
                Arbitraries.integers().between(0, 1),
                Arbitraries.of("job-1", "job-2", "job-3", "job-1", "job-4"))
                .as(QueueStep::new).list().ofMinSize(1).ofMaxSize(30);
    }

    /**
     * A reliable queue (the LMOVE pattern of Redis's documentation): producers LPUSH jobs; a worker
     * moves the oldest job into its own processing list with {@code LMOVE queue processing:w RIGHT
     * LEFT} (or {@code BLMOVE … 0.01}), acks it with {@code LREM processing:w -1 job}, may ack a job it
     * does not hold, and after a crash its processing list is pushed back to the queue with
     * {@code RPOPLPUSH} until empty. Everything each step observes must be identical.
     */
    @Property
    void reliableQueue(@ForAll("protocol") int protocol, @ForAll("queueSchedules") List<QueueStep> ops) {
        List<List<String>> held = List.of(new ArrayList<>(), new ArrayList<>());
        try (JedisCase c = new JedisCase(this, 3, protocol)) {
            for (QueueStep s : ops) {
                int w = s.worker();
                String processing = "processing:" + w;
                switch (s.op()) {
                    case PRODUCE -> c.step(2, "produce " + s.item(), List.of("LPUSH queue " + s.item()),
                            j -> j.lpush("queue", s.item()));
                    case CONSUME -> {
                        String got = c.step(w, "worker " + w + " takes a job",
                                List.of("LMOVE queue " + processing + " RIGHT LEFT"),
                                j -> j.lmove("queue", processing, ListDirection.RIGHT, ListDirection.LEFT));
                        if (got != null) held.get(w).add(got);
                    }
                    case CONSUME_BLOCKING -> {
                        String got = c.step(w, "worker " + w + " waits 10 ms for a job",
                                List.of("BLMOVE queue " + processing + " RIGHT LEFT 0.01"),
                                j -> j.blmove("queue", processing, ListDirection.RIGHT, ListDirection.LEFT, 0.01));
                        if (got != null) held.get(w).add(got);
                    }
                    case ACK -> {
                        String job = held.get(w).isEmpty() ? s.item() : held.get(w).remove(0);
                        c.step(w, "worker " + w + " acks " + job, List.of("LREM " + processing + " -1 " + job),
                                j -> j.lrem(processing, -1, job));
                    }
                    case FAIL_ACK -> c.step(w, "worker " + w + " acks " + s.item() + " it may not hold",
                            List.of("LREM " + processing + " 0 " + s.item()), j -> j.lrem(processing, 0, s.item()));
                    case CRASH_RECOVER -> {
                        held.get(w).clear();
                        c.step(2, "worker " + w + " crashed: its jobs go back to the queue",
                                List.of("RPOPLPUSH " + processing + " queue  # until nil"), j -> {
                                    List<String> moved = new ArrayList<>();
                                    for (String x; (x = j.rpoplpush(processing, "queue")) != null; ) moved.add(x);
                                    return moved;
                                });
                    }
                    case INSPECT -> c.step(2, "inspect", List.of("LRANGE queue 0 -1", "LRANGE processing:0 0 -1",
                            "LRANGE processing:1 0 -1", "LLEN queue"), j -> List.of(j.lrange("queue", 0, -1),
                                    j.lrange("processing:0", 0, -1), j.lrange("processing:1", 0, -1), j.llen("queue")));
                    default -> throw new IllegalStateException();
                }
            }
        }
    }

    enum DedupOp { SUBMIT, FORGET, CHECK, COUNT, DRAIN }

    record DedupStep(DedupOp op, String id) {
        @Override
        public String toString() {
            return op + " " + id;
        }
    }

    @Provide
    Arbitrary<List<DedupStep>> dedupSchedules() {
        return Combinators.combine(
                Arbitraries.frequency(Tuple.of(6, DedupOp.SUBMIT), Tuple.of(1, DedupOp.FORGET),
                        Tuple.of(2, DedupOp.CHECK), Tuple.of(1, DedupOp.COUNT), Tuple.of(2, DedupOp.DRAIN)),
                Arbitraries.of("1", "2", "3", "42", "msg-a", "msg-b", "msg-c"))
                .as(DedupStep::new).list().ofMinSize(1).ofMaxSize(30);
    }

    /**
     * A dedup set in front of a work list: a message is queued only when {@code SADD seen id} says it
     * is new (integer ids keep the set an intset until a word arrives); the worker drains the list with
     * {@code LPOP work 2}; ids are forgotten with {@code SREM}; {@code SMEMBERS} is compared sorted.
     */
    @Property
    void dedupSet(@ForAll("protocol") int protocol, @ForAll("dedupSchedules") List<DedupStep> ops) {
        try (JedisCase c = new JedisCase(this, 2, protocol)) {
            for (DedupStep s : ops) {
                switch (s.op()) {
                    case SUBMIT -> c.step(0, "submit " + s.id(), List.of("SADD seen " + s.id(), "RPUSH work " + s.id() + "  # if new"),
                            j -> j.sadd("seen", s.id()) == 1 ? "queued, length " + j.rpush("work", s.id()) : "duplicate");
                    case FORGET -> c.step(0, "forget " + s.id(), List.of("SREM seen " + s.id()), j -> j.srem("seen", s.id()));
                    case CHECK -> c.step(1, "check " + s.id(), List.of("SISMEMBER seen " + s.id(), "SMEMBERS seen"),
                            j -> j.sismember("seen", s.id()) + " " + new TreeSet<>(j.smembers("seen")));
                    case COUNT -> c.step(1, "count", List.of("SCARD seen", "LLEN work"), j -> j.scard("seen") + " " + j.llen("work"));
                    case DRAIN -> c.step(1, "drain two", List.of("LPOP work 2"), j -> j.lpop("work", 2));
                    default -> throw new IllegalStateException();
                }
            }
        }
    }
}
