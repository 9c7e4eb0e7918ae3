package io.redisdouble.kit;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.state.ActionChain;

import java.util.List;

import static io.redisdouble.kit.Gen.cmd;
import static io.redisdouble.kit.Gen.maybe;
import static io.redisdouble.kit.Gen.option;
import static io.redisdouble.kit.Gen.options;
import static io.redisdouble.kit.Gen.word;

/**
 * Streams and consumer groups: XADD (explicit and ms-* IDs, NOMKSTREAM, MAXLEN / MINID with = and ~,
 * LIMIT), XDEL, XTRIM, XSETID, XLEN, XRANGE, XREVRANGE, XREAD, XGROUP, XREADGROUP, XACK, XPENDING
 * (summary), XCLAIM and XAUTOCLAIM (min-idle 0), XINFO STREAM / GROUPS. IDs come from a small pool so
 * that adds succeed and fail, ranges meet entries and groups meet their pending entries; no command
 * whose reply depends on the clock ("*" IDs, idle times, delivery and seen times) is generated.
 * {@link #largeStreams} fills streams past one node (100 entries) through a script first, so that
 * approximate trimming and XINFO's radix-tree counts meet several nodes.
 */
@Family(value = "streams", weight = 0.5)
class StreamsProperties {

    static Arbitrary<String> xkey() {
        return Arbitraries.of("x1", "x2");
    }

    static Arbitrary<String> group() {
        return Arbitraries.of("g1", "g2");
    }

    static Arbitrary<String> consumer() {
        return Arbitraries.of("c1", "c2", "c3");
    }

    /** An ID from a small pool (with sequence), a bare millisecond, or an ID near the edges. */
    static Arbitrary<String> id() {
        return Gen.frequencyOf(
                Tuple.of(8, Combinators.combine(Arbitraries.integers().between(0, 30), Arbitraries.integers().between(0, 3))
                        .as((ms, seq) -> ms + "-" + seq)),
                Tuple.of(2, Arbitraries.integers().between(0, 30).map(String::valueOf)),
                Tuple.of(1, Arbitraries.of("0-0", "18446744073709551615-18446744073709551615", "x", "1-", "-1")));
    }

    static Arbitrary<String> rangeBound() {
        return Gen.frequencyOf(Tuple.of(6, id()), Tuple.of(2, Arbitraries.of("-", "+")),
                Tuple.of(2, id().map(i -> "(" + i)));
    }

    static Arbitrary<List<Object>> fieldsAndValues() {
        Arbitrary<String> field = Arbitraries.of("f", "g", "12", "", "field-with-a-longer-name");
        Arbitrary<String> value = Arbitraries.of("v", "1", "-5", "9223372036854775808", "");
        return Combinators.combine(field, value).as((f, v) -> List.<Object>of(f, v)).list().ofMinSize(1).ofMaxSize(3)
                .map(ls -> ls.stream().flatMap(List::stream).toList());
    }

    static Arbitrary<List<Object>> trim() {
        Arbitrary<List<Object>> maxlen = Combinators.combine(word("MAXLEN"), Arbitraries.of("", "=", "~"),
                Arbitraries.of("0", "1", "3", "10", "-1", "x")).as((w, op, n) -> op.isEmpty() ? List.<Object>of(w, n) : List.<Object>of(w, op, n));
        Arbitrary<List<Object>> minid = Combinators.combine(word("MINID"), Arbitraries.of("", "=", "~"), id())
                .as((w, op, n) -> op.isEmpty() ? List.<Object>of(w, n) : List.<Object>of(w, op, n));
        return Gen.oneOf(maxlen, minid);
    }

    static Arbitrary<Cmd> commands() {
        Arbitrary<String> addId = Gen.frequencyOf(Tuple.of(6, id()),
                Tuple.of(2, Arbitraries.integers().between(0, 30).map(ms -> ms + "-*")));
        Arbitrary<List<Object>> addOptions = options(0, 2, trim(), Gen.flag("NOMKSTREAM"),
                option("LIMIT", Arbitraries.of("0", "1", "5", "-1")));
        return Gen.frequencyOf(
                Tuple.of(10, cmd(word("XADD"), xkey(), addOptions, addId, fieldsAndValues())),
                Tuple.of(3, cmd(word("XDEL"), xkey(), id().list().ofMinSize(1).ofMaxSize(3))),
                Tuple.of(2, cmd(word("XTRIM"), xkey(), trim(), maybe(option("LIMIT", Arbitraries.of("0", "2", "x"))))),
                Tuple.of(1, cmd(word("XSETID"), xkey(), id(), options(0, 2,
                        option("ENTRIESADDED", Arbitraries.of("0", "5", "100", "-1")), option("MAXDELETEDID", id())))),
                Tuple.of(2, cmd(word("XLEN"), xkey())),
                Tuple.of(3, cmd(word("XRANGE"), xkey(), rangeBound(), rangeBound(),
                        maybe(option("COUNT", Arbitraries.of("0", "1", "3", "-1"))))),
                Tuple.of(2, cmd(word("XREVRANGE"), xkey(), rangeBound(), rangeBound(),
                        maybe(option("COUNT", Arbitraries.of("0", "2"))))),
                Tuple.of(2, cmd(word("XREAD"), maybe(option("COUNT", Arbitraries.of("0", "1", "2"))), word("STREAMS"),
                        xkey(), Gen.frequencyOf(Tuple.of(4, id()), Tuple.of(1, Arbitraries.just("$"))))),
                Tuple.of(3, cmd(word("XGROUP"), word("CREATE"), xkey(), group(),
                        Gen.frequencyOf(Tuple.of(4, id()), Tuple.of(2, Arbitraries.of("0", "$"))),
                        options(0, 2, Gen.flag("MKSTREAM"), option("ENTRIESREAD", Arbitraries.of("-1", "0", "3", "-2"))))),
                Tuple.of(1, cmd(word("XGROUP"), word("SETID"), xkey(), group(), Gen.frequencyOf(Tuple.of(3, id()),
                        Tuple.of(1, Arbitraries.of("$", "-"))), maybe(option("ENTRIESREAD", Arbitraries.of("-1", "2"))))),
                Tuple.of(1, cmd(word("XGROUP"), Arbitraries.of("CREATECONSUMER", "DELCONSUMER"), xkey(), group(), consumer())),
                Tuple.of(1, cmd(word("XGROUP"), word("DESTROY"), xkey(), group())),
                Tuple.of(6, cmd(word("XREADGROUP"), word("GROUP"), group(), consumer(),
                        maybe(option("COUNT", Arbitraries.of("1", "2", "0"))), maybe(Gen.flag("NOACK")), word("STREAMS"), xkey(),
                        Gen.frequencyOf(Tuple.of(4, Arbitraries.just(">")), Tuple.of(2, id())))),
                Tuple.of(3, cmd(word("XACK"), xkey(), group(), id().list().ofMinSize(1).ofMaxSize(3))),
                Tuple.of(2, cmd(word("XPENDING"), xkey(), group())),
                Tuple.of(3, cmd(word("XCLAIM"), xkey(), group(), consumer(), "0", id().list().ofMinSize(1).ofMaxSize(3),
                        options(0, 3, Gen.flag("JUSTID"), Gen.flag("FORCE"), option("RETRYCOUNT", Arbitraries.of("0", "5")),
                                option("LASTID", id())))),
                Tuple.of(2, cmd(word("XAUTOCLAIM"), xkey(), group(), consumer(), "0", rangeBound(),
                        maybe(option("COUNT", Arbitraries.of("1", "2", "5", "0"))), maybe(Gen.flag("JUSTID")))),
                Tuple.of(2, cmd(word("XINFO"), word("STREAM"), xkey())),
                Tuple.of(2, cmd(word("XINFO"), word("GROUPS"), xkey())),
                Tuple.of(1, cmd(word("SET"), xkey(), Arbitraries.just("v"))),
                Tuple.of(1, cmd(word("TYPE"), xkey())),
                Tuple.of(1, cmd(word("DEL"), xkey())));
    }

    /** A script that adds 90–260 entries with increasing IDs: streams of several nodes. */
    static Arbitrary<Cmd> grow() {
        return Combinators.combine(xkey(), Arbitraries.integers().between(90, 260), Arbitraries.integers().between(0, 2))
                .as((k, n, seqs) -> Cmd.of("EVAL", "for i=1," + n + " do redis.call('xadd', KEYS[1], i..'-" + seqs
                        + "', 'f', i) end return redis.call('xlen', KEYS[1])", "1", k));
    }

    static Arbitrary<Cmd> largeTrims() {
        return Gen.frequencyOf(
                Tuple.of(3, cmd(word("XTRIM"), xkey(), Arbitraries.of("MAXLEN", "MINID"), Arbitraries.of("~", "="),
                        Arbitraries.integers().between(0, 260).map(String::valueOf),
                        maybe(option("LIMIT", Arbitraries.of("0", "50", "100", "150"))))),
                Tuple.of(2, cmd(word("XINFO"), word("STREAM"), xkey())),
                Tuple.of(2, cmd(word("XDEL"), xkey(), Arbitraries.integers().between(1, 260).map(i -> i + "-0").list()
                        .ofMinSize(1).ofMaxSize(5))));
    }

    @Provide
    Arbitrary<Integer> protocol() {
        return Chains.protocols();
    }

    @Provide
    Arbitrary<ActionChain<Duo>> smallChains() {
        return Chains.of(30, Gen.withArityMutations(commands(), 25));
    }

    @Provide
    Arbitrary<ActionChain<Duo>> largeChains() {
        return Chains.of(20, Gen.frequencyOf(Tuple.of(4, commands()), Tuple.of(2, grow()), Tuple.of(4, largeTrims())));
    }

    @Property
    void smallStreams(@ForAll("protocol") int protocol, @ForAll("smallChains") ActionChain<Duo> chain) {
        Duo.runChain(this, protocol, chain);
    }

    @Property
    void largeStreams(@ForAll("protocol") int protocol, @ForAll("largeChains") ActionChain<Duo> chain) {
        Duo.runChain(this, protocol, chain);
    }
}
