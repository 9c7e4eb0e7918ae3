package io.redisdouble.kit;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.state.ActionChain;

import java.util.ArrayList;
import java.util.List;

import static io.redisdouble.kit.Gen.cmd;
import static io.redisdouble.kit.Gen.options;
import static io.redisdouble.kit.Gen.word;

/**
 * Sets: SADD, SREM, SMOVE, SISMEMBER, SMISMEMBER, SCARD, SPOP, SRANDMEMBER, SMEMBERS, SINTER, SINTERCARD
 * (7.0; 6.2's unknown-command error is compared too), SINTERSTORE, SUNION(STORE), SDIFF(STORE), SSCAN.
 * <ul>
 *   <li>{@link #smallSets}: members from a small pool of integers (intset, ascending order) and words
 *       (hash table), so keys meet, overlap and change encoding.</li>
 *   <li>{@link #largeSets}: sets pushed across the 512-member intset limit.</li>
 * </ul>
 * Replies whose order Redis does not define (SMEMBERS, SINTER, SUNION, SDIFF, SRANDMEMBER covering the
 * set, SPOP of the whole set) are compared as multisets; draws that are random (SRANDMEMBER of fewer
 * members, negative counts) by shape. SPOP only pops with a count that covers the set, 0 or an invalid
 * count, so that both servers keep the same members.
 */
@Family(value = "sets", weight = 0.3)
class SetsProperties {

    static Arbitrary<String> skey() {
        return Arbitraries.of("s1", "s2", "s3");
    }

    static Arbitrary<byte[]> member() {
        return Gen.frequencyOf(
                Tuple.of(8, Arbitraries.of("1", "2", "3", "-1", "10", "9223372036854775807").map(Gen::utf8)),
                Tuple.of(6, Arbitraries.of("a", "b", "c").map(Gen::utf8)),
                Tuple.of(1, Arbitraries.of("", "01", "+1", "-0", "1.0", " 2").map(Gen::utf8)),
                Tuple.of(1, Gen.binary(1, 3)));
    }

    static final Compare ELEMENTS = Compare.unordered("a set's order is Redis-internal");
    static final Compare RANDOM = Compare.shape("random members");

    static Arbitrary<List<String>> someKeys() {
        return skey().list().ofMinSize(1).ofMaxSize(3);
    }

    static Arbitrary<Cmd> commands() {
        Arbitrary<List<byte[]>> members = member().list().ofMinSize(1).ofMaxSize(4);
        Arbitrary<Cmd> sscan = Combinators.combine(word("SSCAN"), skey(), options(0, 2,
                Gen.option("MATCH", Arbitraries.of("*", "1*", "[ab]", "?")),
                Gen.option("COUNT", Arbitraries.of("1", "3", "100", "0", "abc")))).as((w, k, o) -> {
                    List<byte[]> argv = new ArrayList<>(List.of(Gen.utf8(w), Gen.utf8(k), Gen.utf8("0")));
                    o.forEach(x -> argv.add(Gen.utf8(x.toString())));
                    return Cmd.scanAll(argv, 2, false);
                });
        Arbitrary<Cmd> sintercard = Combinators.combine(word("SINTERCARD"), someKeys(),
                Gen.maybe(Gen.option("LIMIT", Arbitraries.of("0", "1", "2", "-1", "x")))).as((w, ks, limit) -> {
                    List<String> argv = new ArrayList<>(List.of(w, Integer.toString(ks.size())));
                    argv.addAll(ks);
                    limit.forEach(x -> argv.add(x.toString()));
                    return Cmd.of(argv.toArray(new String[0]));
                });
        return Gen.frequencyOf(
                Tuple.of(8, cmd(word("SADD"), skey(), members)),
                Tuple.of(3, cmd(word("SREM"), skey(), members)),
                Tuple.of(2, cmd(word("SMOVE"), skey(), skey(), member())),
                Tuple.of(2, cmd(word("SISMEMBER"), skey(), member())),
                Tuple.of(1, cmd(word("SMISMEMBER"), skey(), members)),
                Tuple.of(2, cmd(word("SCARD"), skey())),
                Tuple.of(3, cmd(word("SMEMBERS"), skey()).map(c -> c.compare(ELEMENTS))),
                Tuple.of(2, cmd(word("SINTER"), someKeys()).map(c -> c.compare(ELEMENTS))),
                Tuple.of(2, cmd(word("SUNION"), someKeys()).map(c -> c.compare(ELEMENTS))),
                Tuple.of(2, cmd(word("SDIFF"), someKeys()).map(c -> c.compare(ELEMENTS))),
                Tuple.of(2, cmd(word("SINTERSTORE"), skey(), someKeys())),
                Tuple.of(2, cmd(word("SUNIONSTORE"), skey(), someKeys())),
                Tuple.of(2, cmd(word("SDIFFSTORE"), skey(), someKeys())),
                Tuple.of(1, sintercard),
                Tuple.of(1, sscan),
                Tuple.of(1, cmd(word("SET"), skey(), Arbitraries.just("v"))),
                Tuple.of(1, cmd(word("TYPE"), skey())),
                Tuple.of(1, cmd(word("EXISTS"), skey())),
                Tuple.of(1, cmd(word("DEL"), skey())));
    }

    /**
     * SPOP and SRANDMEMBER, kept out of the arity mutations (a dropped count would pop or draw a random
     * member); their syntax errors come from an explicit extra argument.
     */
    static Arbitrary<Cmd> draws() {
        return Gen.frequencyOf(
                Tuple.of(2, cmd(word("SPOP"), skey(), Arbitraries.of("0", "1000", "-1", "x", "1.5"))
                        .map(c -> c.compare(ELEMENTS))),
                Tuple.of(1, cmd(word("SPOP"), skey(), Arbitraries.of("1000 extra", "0 extra").map(x -> List.of(x.split(" "))))),
                Tuple.of(2, cmd(word("SRANDMEMBER"), skey(), Arbitraries.of("1000", "0", "x"))
                        .map(c -> c.compare(ELEMENTS))),
                Tuple.of(2, cmd(word("SRANDMEMBER"), skey(), Gen.maybe(Arbitraries.of("1", "2", "-3")))
                        .map(c -> c.compare(RANDOM))),
                Tuple.of(1, cmd(word("SRANDMEMBER"), skey(), Arbitraries.just(List.of("1", "extra")))));
    }

    /** The commands of a chain: {@link #commands} (sometimes with arguments dropped or added) and {@link #draws}. */
    static Arbitrary<Cmd> chainCommands() {
        return Gen.frequencyOf(Tuple.of(8, Gen.withArityMutations(commands(), 25)), Tuple.of(1, draws()));
    }

    /** SADD of 505–520 integers, or of 20 words: crosses (or not) the intset limit. */
    static Arbitrary<Cmd> grow() {
        Arbitrary<Cmd> ints = Combinators.combine(skey(), Arbitraries.integers().between(505, 520)).as((k, n) -> {
            List<String> argv = new ArrayList<>(List.of("SADD", k));
            for (int i = 0; i < n; i++) argv.add(Integer.toString(i));
            return Cmd.of(argv.toArray(new String[0]));
        });
        Arbitrary<Cmd> words = skey().map(k -> {
            List<String> argv = new ArrayList<>(List.of("SADD", k));
            for (int i = 0; i < 20; i++) argv.add("w" + i);
            return Cmd.of(argv.toArray(new String[0]));
        });
        return Gen.oneOf(ints, words);
    }

    @Provide
    Arbitrary<Integer> protocol() {
        return Chains.protocols();
    }

    @Provide
    Arbitrary<ActionChain<Duo>> smallChains() {
        return Chains.of(25, chainCommands());
    }

    @Provide
    Arbitrary<ActionChain<Duo>> largeChains() {
        return Chains.of(20, Gen.frequencyOf(Tuple.of(8, commands()), Tuple.of(1, draws()), Tuple.of(1, grow())));
    }

    @Property
    void smallSets(@ForAll("protocol") int protocol, @ForAll("smallChains") ActionChain<Duo> chain) {
        Duo.runChain(this, protocol, chain);
    }

    @Property
    void largeSets(@ForAll("protocol") int protocol, @ForAll("largeChains") ActionChain<Duo> chain) {
        Duo.runChain(this, protocol, chain);
    }
}
