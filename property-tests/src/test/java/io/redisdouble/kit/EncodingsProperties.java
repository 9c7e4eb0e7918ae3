package io.redisdouble.kit;

import io.redisdouble.dialect.Quirk;
import io.redisdouble.testing.RespCli;
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

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.redisdouble.kit.Gen.cmd;
import static io.redisdouble.kit.Gen.word;

/**
 * Encodings: the compact encodings Redis chooses by its thresholds, and which it leaves when a value
 * grows or the thresholds change, as OBJECT ENCODING and OBJECT REFCOUNT show them. Every case sets
 * the thresholds it is about to random values first ({@code CONFIG SET}, compared like any command),
 * and after <em>every</em> command of the chain the encoding (and refcount) of every key of the case is
 * compared, so a conversion made one command too early or too late diverges at that command.
 * <ul>
 *   <li>{@link #lists}: list-max-listpack-size (list-max-ziplist-size in 6.2) of -1 … -6 (byte classes
 *       4 KB … 64 KB), 0 and small counts, now and then changed in the middle of the chain; LPUSH, RPUSH,
 *       LPOP / RPOP with and without a count, LINSERT, LSET, LREM, LTRIM, LMOVE, RPOPLPUSH, SORT … ALPHA
 *       STORE, COPY, with elements of every listpack entry class (small integers, short strings, 63 / 64 and
 *       4095 / 4096 bytes) and a few up to 20 KB, beyond a node's byte limit (7.2+: listpack ↔ quicklist at
 *       the exact command; 7.4+: PLAIN nodes).</li>
 *   <li>{@link #setsZsetsHashesStrings}: set-max-intset-entries, set-max-listpack-entries / -value (7.2+),
 *       zset-max-listpack-entries / -value and hash-max-listpack-entries / -value (ziplist in 6.2; 7.0+ also
 *       through the ziplist aliases) drawn around the sizes a chain reaches (0, 1, 3, the defaults) and
 *       changed mid-chain; SADD, SREM, SMOVE, SINTERSTORE / SUNIONSTORE / SDIFFSTORE, ZADD, ZINCRBY, ZREM,
 *       ZRANGESTORE, ZUNIONSTORE / ZINTERSTORE / ZDIFFSTORE, HSET, HSETNX, HINCRBY, HINCRBYFLOAT, HDEL, and
 *       strings made by SET, APPEND, SETRANGE, INCR, INCRBYFLOAT, GETSET, MSET, COPY, RENAME, DEL (int / embstr /
 *       raw, and the shared integers' refcount).</li>
 * </ul>
 * No command that picks at random (SPOP, SRANDMEMBER…): which members it takes differs by design.
 *
 * <p>The kit otherwise never changes a server's configuration: every case of this family puts back each
 * threshold it set, on both servers, when it ends (also after a divergence), to the value that server
 * had before the kit first changed it ({@link KitTarget#configSet}, {@link Duo#atEnd}).
 *
 * <p>Left out: on Redis 6.2.7, ZRANGESTORE under a zset-max-ziplist-entries of 0 or a small
 * zset-max-ziplist-value, which aborts the server ({@link ReferenceCrash#ZRANGESTORE_SMALL_ZSET_LIMITS_6_2});
 * from 7.2, SINTERSTORE / SUNIONSTORE / SDIFFSTORE reading a set that is a hash table, whose
 * destination's encoding depends on Redis's random hash seed ({@link #runStep}).
 */
@Family(value = "encodings", weight = 0.6)
class EncodingsProperties {

    // ---- thresholds ------------------------------------------------------------------------------

    /** Whether the emulated server names its compact encodings "listpack" (7.0+) rather than "ziplist". */
    static boolean listpackNames() {
        return KitTarget.current().emulated().has(Quirk.LISTPACK_ENCODING);
    }

    /** Whether the emulated server keeps small sets of strings as listpacks (7.2+: set-max-listpack-*). */
    static boolean listpackSets() {
        return KitTarget.current().emulated().has(Quirk.SET_LISTPACK);
    }

    /** A threshold's name in the emulated server: {@code "zset-max-%s-entries"} → zset-max-listpack-entries (6.2: ziplist). */
    static String param(String pattern) {
        return String.format(pattern, listpackNames() ? "listpack" : "ziplist");
    }

    /**
     * The name a command uses for a threshold: its own name, and now and then (7.0+) its older ziplist
     * alias, which must set the same parameter (sets have none: they were never ziplists).
     */
    static Arbitrary<String> named(String pattern) {
        String name = param(pattern);
        String alias = pattern.startsWith("set-") ? name : String.format(pattern, "ziplist");
        return name.equals(alias) ? Arbitraries.just(name)
                : Arbitraries.frequency(Tuple.of(4, name), Tuple.of(1, alias));
    }

    /** {@code CONFIG SET name value}, the name as {@link #named} gives it. */
    static Arbitrary<Cmd> configSet(String pattern, Arbitrary<String> values) {
        return cmd(word("CONFIG"), word("SET"), named(pattern), values);
    }

    /** All thresholds of a case set one after the other, each to one of its values. */
    static Arbitrary<List<Cmd>> setup(List<Arbitrary<Cmd>> sets) {
        return Combinators.combine(sets).as(ArrayList::new);
    }

    // ---- lists -----------------------------------------------------------------------------------

    static final List<String> LIST_KEYS = List.of("l1", "l2");

    static Arbitrary<String> lkey() {
        return Arbitraries.of(LIST_KEYS);
    }

    /**
     * list-max-listpack-size: byte classes -1 … -5 (4, 8, 16, 32, 64 KB) and -6 (taken as -5), 0, small
     * counts and larger ones (nodes limited by a count stay within 8 KB anyway).
     */
    static Arbitrary<String> fill() {
        return Gen.frequencyOf(
                Tuple.of(10, Arbitraries.of("-2", "-1", "-3", "-4", "-5")),
                Tuple.of(1, Arbitraries.just("-6")),
                Tuple.of(8, Arbitraries.of("1", "0", "2", "3", "4", "5", "8")),
                Tuple.of(2, Arbitraries.of("16", "128")));
    }

    static String listSizePattern() {
        return "list-max-%s-size";
    }

    /** A string of {@code n} bytes (shrinks by getting shorter): one letter repeated, so equal lengths are equal elements. */
    static Arbitrary<byte[]> sized(Arbitrary<Integer> lengths, String letter) {
        return lengths.map(n -> Gen.utf8(letter.repeat(n)));
    }

    /**
     * List elements: a small pool (so LINSERT pivots and LREM find them), integers (a listpack stores
     * them in 1 to 9 bytes), strings at the listpack header limits (63 / 64, 4095 / 4096 bytes) and at the
     * node limits (8 KB, 16 KB, ~20 KB), and random lengths up to 20 KB.
     */
    static Arbitrary<byte[]> element() {
        return Gen.frequencyOf(
                Tuple.of(8, Arbitraries.of("a", "b", "c").map(Gen::utf8)),
                Tuple.of(3, Arbitraries.of("1", "-1", "300", "100000", "9223372036854775807", "0123").map(Gen::utf8)),
                Tuple.of(3, sized(Arbitraries.of(63, 64, 300, 1000, 4095, 4096, 8200, 16400, 20000), "w")),
                Tuple.of(3, sized(Arbitraries.integers().between(10, 700), "v")),
                Tuple.of(1, sized(Arbitraries.integers().between(700, 20000), "v")));
    }

    static Arbitrary<List<byte[]>> elements() {
        return element().list().ofMinSize(1).ofMaxSize(4);
    }

    static Arbitrary<String> side() {
        return Arbitraries.of("LEFT", "RIGHT");
    }

    static Arbitrary<Cmd> listCommands() {
        Arbitrary<String> k = lkey();
        Arbitrary<String> small = Arbitraries.integers().between(-3, 5).map(String::valueOf);
        return Gen.frequencyOf(
                Tuple.of(8, cmd(word("RPUSH"), k, elements())),
                Tuple.of(6, cmd(word("LPUSH"), k, elements())),
                Tuple.of(2, cmd(word("LPOP"), k, Gen.maybe(Arbitraries.of("1", "2", "3", "5")))),
                Tuple.of(2, cmd(word("RPOP"), k, Gen.maybe(Arbitraries.of("1", "2", "3", "5")))),
                Tuple.of(3, cmd(word("LINSERT"), k, Arbitraries.of("BEFORE", "AFTER"), element(), element())),
                Tuple.of(3, cmd(word("LSET"), k, small, element())),
                Tuple.of(2, cmd(word("LREM"), k, Arbitraries.of("0", "1", "-1", "2", "-2"), element())),
                Tuple.of(2, cmd(word("LTRIM"), k, Arbitraries.of("0", "1", "2", "3", "-2"),
                        Arbitraries.of("-1", "-2", "-3", "1", "3", "10"))),
                Tuple.of(3, cmd(word("LMOVE"), k, k, side(), side())),
                Tuple.of(1, cmd(word("RPOPLPUSH"), k, k)),
                Tuple.of(2, cmd(word("SORT"), k, Arbitraries.of(List.of("ALPHA"), List.of("ALPHA", "DESC"),
                        List.of("ALPHA", "LIMIT", "0", "3"), List.of()), "STORE", k)),
                Tuple.of(1, cmd(word("COPY"), k, k, Gen.maybe(Arbitraries.just("REPLACE")))),
                Tuple.of(1, cmd(word("LRANGE"), k, "0", "-1")),
                Tuple.of(1, cmd(word("DEL"), k)),
                Tuple.of(1, configSet(listSizePattern(), fill())));
    }

    // ---- sets, sorted sets, hashes, strings ------------------------------------------------------

    static final List<String> KEYS = List.of("s1", "s2", "z1", "z2", "h1", "t1", "t2", "t3");

    /** Members and fields: integers (intset widths 16, 32, 64 bits), short words, words over 12 and 64 bytes. */
    static Arbitrary<byte[]> member() {
        return Gen.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(-20, 40).map(String::valueOf).map(Gen::utf8)),
                Tuple.of(1, Arbitraries.of("70000", "5000000000", "-9223372036854775808", "007", "-0").map(Gen::utf8)),
                Tuple.of(6, Arbitraries.strings().withChars("mn").ofMinLength(1).ofMaxLength(13).map(Gen::utf8)),
                Tuple.of(1, sized(Arbitraries.integers().between(10, 90), "M")));
    }

    static Arbitrary<List<byte[]>> members(int max) {
        return member().list().ofMinSize(1).ofMaxSize(max);
    }

    /** String values: shared integers (0 … 9999) and others, near-integers, and words around the 44-byte embstr limit. */
    static Arbitrary<String> sval() {
        return Gen.frequencyOf(
                Tuple.of(4, Arbitraries.integers().between(-20000, 20000).map(String::valueOf)),
                Tuple.of(2, Arbitraries.of("0123", " 1", "-0", "9223372036854775807", "-9223372036854775808",
                        "18446744073709551616", "", "1.5", "10000", "9999")),
                Tuple.of(4, Arbitraries.integers().between(1, 60).map("s"::repeat)));
    }

    static Arbitrary<String> score() {
        return Gen.frequencyOf(Tuple.of(6, Arbitraries.integers().between(0, 9).map(String::valueOf)),
                Tuple.of(1, Arbitraries.of("1.5", "-inf", "1e300")));
    }

    static Arbitrary<List<Object>> scored(int max) {
        return Combinators.combine(score(), member()).as((s, m) -> List.<Object>of(s, m)).list().ofMinSize(1).ofMaxSize(max)
                .map(l -> {
                    List<Object> out = new ArrayList<>();
                    l.forEach(out::addAll);
                    return out;
                });
    }

    static Arbitrary<List<Object>> fieldValues(int max) {
        return Combinators.combine(member(), sval()).as((f, v) -> List.<Object>of(f, v)).list().ofMinSize(1).ofMaxSize(max)
                .map(l -> {
                    List<Object> out = new ArrayList<>();
                    l.forEach(out::addAll);
                    return out;
                });
    }

    static Arbitrary<String> entries(String... defaults) {
        return Gen.frequencyOf(Tuple.of(6, Arbitraries.of("0", "1", "3")), Tuple.of(2, Arbitraries.of(defaults)));
    }

    static Arbitrary<String> valueLimit() {
        return Arbitraries.of("0", "3", "12", "64");
    }

    /** The thresholds of {@link #setsZsetsHashesStrings} with the values a case starts from. */
    static List<Tuple.Tuple2<String, Arbitrary<String>>> thresholds() {
        List<Tuple.Tuple2<String, Arbitrary<String>>> t = new ArrayList<>();
        t.add(Tuple.of("set-max-intset-entries", Gen.frequencyOf(Tuple.of(6, Arbitraries.of("0", "1", "2", "3")),
                Tuple.of(2, Arbitraries.just("512")))));
        if (listpackSets()) {
            t.add(Tuple.of("set-max-%s-entries", entries("128")));
            t.add(Tuple.of("set-max-%s-value", valueLimit()));
        }
        t.add(Tuple.of("zset-max-%s-entries", entries("128")));
        t.add(Tuple.of("zset-max-%s-value", valueLimit()));
        t.add(Tuple.of("hash-max-%s-entries", entries("512", "128")));
        t.add(Tuple.of("hash-max-%s-value", valueLimit()));
        return t;
    }

    static Arbitrary<Cmd> typedCommands() {
        Arbitrary<String> s = Arbitraries.of("s1", "s2");
        Arbitrary<String> z = Arbitraries.of("z1", "z2");
        Arbitrary<String> t = Arbitraries.of("t1", "t3");
        Arbitrary<String> any = Arbitraries.of(KEYS);
        List<Tuple.Tuple2<String, Arbitrary<String>>> th = thresholds();
        List<Arbitrary<Cmd>> midChain = new ArrayList<>();
        for (Tuple.Tuple2<String, Arbitrary<String>> p : th) {
            midChain.add(configSet(p.get1(), Arbitraries.of("0", "1", "2", "3", "12", "64", "128", "512")));
        }
        return Gen.frequencyOf(
                Tuple.of(5, cmd(word("SADD"), s, members(4))),
                Tuple.of(2, cmd(word("SREM"), s, members(2))),
                Tuple.of(2, cmd(word("SMOVE"), Arbitraries.of(List.of("s1", "s2"), List.of("s2", "s1")), member())),
                Tuple.of(2, cmd(Arbitraries.of("SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"), Arbitraries.of("s1", "s2", "t1"),
                        Arbitraries.of(List.of("s1", "s2"), List.of("s2", "s1"), List.of("s1"), List.of("s2", "t3")))),
                Tuple.of(5, cmd(word("ZADD"), z, scored(4))),
                Tuple.of(2, cmd(word("ZINCRBY"), z, Arbitraries.of("1", "-2", "0.5"), member())),
                Tuple.of(2, cmd(word("ZREM"), z, members(2))),
                Tuple.of(2, cmd(word("ZRANGESTORE"), Arbitraries.of("z2", "t2"), z, "0",
                        Arbitraries.of("0", "1", "2", "5", "-1"))),
                Tuple.of(2, cmd(Arbitraries.of("ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE"), Arbitraries.of("t2", "z2"), "2",
                        Arbitraries.of(List.of("z1", "z2"), List.of("z1", "s1"), List.of("z2", "z1"), List.of("s2", "z1")))),
                Tuple.of(4, cmd(word("HSET"), "h1", fieldValues(4))),
                Tuple.of(1, cmd(word("HSETNX"), "h1", member(), sval())),
                Tuple.of(1, cmd(word("HINCRBY"), "h1", member(), Arbitraries.of("3", "-1", "100000"))),
                Tuple.of(1, cmd(word("HINCRBYFLOAT"), "h1", member(), Arbitraries.of("1.5", "-3", "0.1", "1e3"))),
                Tuple.of(2, cmd(word("HDEL"), "h1", members(2))),
                Tuple.of(3, cmd(word("SET"), t, sval())),
                Tuple.of(2, cmd(word("APPEND"), t, sval())),
                Tuple.of(1, cmd(word("SETRANGE"), t, Arbitraries.of("0", "1", "3", "40"), sval())),
                Tuple.of(2, cmd(Arbitraries.of("INCR", "DECR"), t)),
                Tuple.of(1, cmd(word("INCRBY"), t, Arbitraries.of("1", "-10000", "9999"))),
                Tuple.of(1, cmd(word("INCRBYFLOAT"), t, Arbitraries.of("1", "1.5", "-3", "0"))),
                Tuple.of(1, cmd(word("GETSET"), "t1", sval())),
                Tuple.of(1, cmd(word("MSET"), "t1", sval(), "t3", sval())),
                Tuple.of(2, cmd(word("COPY"), any, any, Gen.maybe(Arbitraries.just("REPLACE")))),
                Tuple.of(1, cmd(word("RENAME"), any, any)),
                Tuple.of(2, cmd(word("DEL"), any)),
                Tuple.of(2, Gen.oneOf(midChain)));
    }

    static final Set<String> STORES_FROM_SETS = Set.of("sinterstore", "sunionstore", "sdiffstore");

    /**
     * Runs a step, except SINTERSTORE / SUNIONSTORE / SDIFFSTORE where real Redis itself is not
     * deterministic: from 7.2 a destination starts as an intset and becomes a listpack or a hash table
     * depending on the order in which the members arrive (an intset that overflows becomes a hash table at
     * once, a string added to a small intset makes a listpack that may then take more integers; the
     * conversions compare lengths with {@code <} or {@code <=}), and a source set that is a hash table is
     * read in an order that depends on the server's random hash seed (six fresh 7.2.6 servers given the
     * same commands answered OBJECT ENCODING with listpack three times and hashtable three times). So
     * where sets can be listpacks, such a command runs only when no source key is a hash table (intsets
     * and listpacks are read in a fixed order); otherwise the case's history says it was left out.
     */
    static void runStep(Duo d, Cmd c) {
        if (STORES_FROM_SETS.contains(c.name()) && listpackSets()) {
            byte[][] argv = c.argv();
            for (int i = 2; i < argv.length; i++) {
                byte[] ref = d.call(0, new byte[][] {Gen.utf8("OBJECT"), Gen.utf8("ENCODING"), argv[i]})[0];
                if (new String(ref, StandardCharsets.ISO_8859_1).equals("$9\r\nhashtable\r\n")) {
                    d.remark("# " + c.line() + "   # left out: " + RespCli.quote(argv[i])
                            + " is a hash table, read in an order that depends on Redis's hash seed,"
                            + " and that order decides the destination's encoding");
                    return;
                }
            }
        }
        c.run(d);
    }

    // ---- chains ----------------------------------------------------------------------------------

    /** OBJECT ENCODING (and OBJECT REFCOUNT) of each key. */
    static List<Cmd> inspection(List<String> keys, boolean refcount) {
        List<Cmd> out = new ArrayList<>();
        for (String k : keys) {
            out.add(Cmd.of("OBJECT", "ENCODING", k));
            if (refcount) {
                out.add(Cmd.of("OBJECT", "REFCOUNT", k));
            }
        }
        return out;
    }

    /**
     * The thresholds of the case now running on this thread ({@link #run}): a parameter of its own, so
     * that jqwik shrinks it and the chain separately (a chain made inside a flatMap loses the record of
     * its run, which jqwik needs to shrink it).
     */
    private static final ThreadLocal<List<Cmd>> SETUP = new ThreadLocal<>();

    /**
     * A chain that starts by setting the thresholds ({@link #SETUP}, compared like any command) and puts
     * them back when the case ends, then runs up to {@code maxSteps} commands, each followed by the
     * {@code inspection} (pipelined, every reply compared).
     */
    static Arbitrary<ActionChain<Duo>> chains(List<String> patterns, int maxSteps, Arbitrary<Cmd> commands,
                                              List<Cmd> inspection) {
        List<String> params = patterns.stream().map(EncodingsProperties::param).toList();
        return ActionChain.<Duo>startWith(() -> configured(params, SETUP.get()))
                .withAction(new Action.Independent<Duo>() {
                    @Override
                    public Arbitrary<Transformer<Duo>> transformer() {
                        return commands.map(c -> Transformer.mutate(c.line(), d -> {
                            runStep(d, c);
                            d.checkAll(inspection);
                        }));
                    }
                })
                .withMaxTransformations(maxSteps);
    }

    /** Runs a chain of this family with its thresholds. */
    private void run(int protocol, List<Cmd> setup, ActionChain<Duo> chain) {
        SETUP.set(setup);
        try {
            Duo.runChain(this, protocol, chain);
        } finally {
            SETUP.remove();
        }
    }

    /** Starts a case: remembers each threshold's value, arranges for it to be put back at the end, sets it. */
    static Duo configured(List<String> params, List<Cmd> setup) {
        Duo d = Duo.start();
        KitTarget t = d.target();
        for (String p : params) {
            t.rememberConfig(p);
        }
        d.atEnd(() -> {
            for (String p : params) {
                t.configSet(p, null);
            }
        });
        for (Cmd c : setup) {
            c.run(d);
        }
        return d;
    }

    // ---- properties ------------------------------------------------------------------------------

    @Provide
    Arbitrary<Integer> protocol() {
        return Chains.protocols();
    }

    @Provide
    Arbitrary<List<Cmd>> listSetup() {
        return setup(List.of(configSet(listSizePattern(), fill())));
    }

    @Provide
    Arbitrary<ActionChain<Duo>> listChains() {
        return chains(List.of(listSizePattern()), 30, listCommands(), inspection(LIST_KEYS, false));
    }

    @Provide
    Arbitrary<List<Cmd>> typedSetup() {
        List<Arbitrary<Cmd>> sets = new ArrayList<>();
        for (Tuple.Tuple2<String, Arbitrary<String>> p : thresholds()) {
            sets.add(configSet(p.get1(), p.get2()));
        }
        return setup(sets);
    }

    @Provide
    Arbitrary<ActionChain<Duo>> typedChains() {
        List<String> patterns = thresholds().stream().map(Tuple.Tuple2::get1).toList();
        return chains(patterns, 30, typedCommands(), inspection(KEYS, true));
    }

    /** Lists under a random list-max-listpack-size: OBJECT ENCODING of both lists after every command. */
    @Property
    void lists(@ForAll("protocol") int protocol, @ForAll("listSetup") List<Cmd> setup,
               @ForAll("listChains") ActionChain<Duo> chain) {
        run(protocol, setup, chain);
    }

    /**
     * Sets, sorted sets, hashes and strings under random thresholds: OBJECT ENCODING and OBJECT REFCOUNT
     * of every key after every command.
     */
    @Property
    void setsZsetsHashesStrings(@ForAll("protocol") int protocol, @ForAll("typedSetup") List<Cmd> setup,
                                @ForAll("typedChains") ActionChain<Duo> chain) {
        run(protocol, setup, chain);
    }
}
