package io.redisdouble.kit;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

/**
 * The kit's differential fuzz mode: long seeded random command streams drawn from every family's
 * generators at once (strings, keys, hashes, sets, lists, sorted sets, bitmaps, HyperLogLog, streams,
 * types, scripting and the fidelity family's Lua, GETKEYS and CONFIG GET steps), on the same small key
 * pools, so values of every type meet every family's commands, compared byte for byte with each
 * step's own relaxation where Redis's order is unspecified (KEYS, SCAN, SMEMBERS of hash tables,
 * random picks by shape; see the README's table).
 *
 * <p>Seeds follow the kit's convention ({@code kit.seed}, fixed in CI; {@code -Dkit.seed=random} for
 * fresh ones). Budget: 100 commands per case; {@code conformance.tries} × 0.1 cases (30 by default, so
 * 3,000 commands per dialect in CI). The long run: 10^6 commands per dialect is
 * {@code -Dconformance.tries=100000 -Dtest=FuzzProperties} (10,000 cases of 100 commands).
 */
@Family(value = "fuzz", weight = 0.1)
class FuzzProperties {

    static Arbitrary<Cmd> everyFamily() {
        return Gen.frequencyOf(
                Tuple.of(4, StringsProperties.setFamily()),
                Tuple.of(4, StringsProperties.counters()),
                Tuple.of(3, StringsProperties.ranges()),
                Tuple.of(4, KeysProperties.keyspace()),
                Tuple.of(1, KeysProperties.scan()),
                Tuple.of(4, HashesProperties.commands(Gen.value(), false)),
                Tuple.of(4, SetsProperties.commands()), // its draws: see steps()
                Tuple.of(4, ListsProperties.chainCommands()),
                Tuple.of(4, SortedSetProperties.addAndScore()),
                Tuple.of(3, SortedSetProperties.ranges()),
                Tuple.of(2, SortedSetProperties.removals()),
                Tuple.of(2, SortedSetProperties.storeAndAlgebra()),
                Tuple.of(3, BitmapsProperties.commands(64)),
                Tuple.of(2, HyperLogLogProperties.commands()),
                Tuple.of(2, StreamsProperties.commands()),
                Tuple.of(3, TypesProperties.commands()),
                Tuple.of(3, ScriptingProperties.commands(false)),
                Tuple.of(2, FidelityProperties.luaCommands()),
                Tuple.of(1, FidelityProperties.getkeysAndDefaults()));
    }

    @Provide
    Arbitrary<Integer> protocol() {
        return Chains.protocols();
    }

    /** Cases of 100 commands, each starting from FLUSHALL and an empty script cache. */
    @Provide
    Arbitrary<ActionChain<Duo>> streams() {
        return ActionChain.<Duo>startWith(() -> {
            Duo d = Duo.start();
            Cmd.of("SCRIPT", "FLUSH").run(d);
            return d;
        }).withAction(new Action.Independent<Duo>() {
            // an arity mutation can make a bare COMMAND (or COMMAND LIST / COMMAND DOCS) of COMMAND
            // GETKEYS: the whole command table, in hash-table order, which Redis does not define. SPOP and
            // SRANDMEMBER are kept out of the mutations, as in the sets family: without its count, a draw
            // compared as the whole set (SRANDMEMBER s 1000) would pick one member at random
            private final Arbitrary<Transformer<Duo>> steps = Unmemoized.builtOnce(
                    Gen.frequencyOf(
                            Tuple.of(110, Gen.withArityMutations(everyFamily(), 25).filter(c -> !commandTable(c))),
                            Tuple.of(1, SetsProperties.draws()))
                            .map(c -> Transformer.mutate(c.line(), c::run)));

            @Override
            public Arbitrary<Transformer<Duo>> transformer() {
                return steps; // asked for at every step: built once (Unmemoized)
            }
        }).withMaxTransformations(100);
    }

    private static boolean commandTable(Cmd c) {
        if (c.argv.length == 0 || !new String(c.argv[0], java.nio.charset.StandardCharsets.ISO_8859_1).equalsIgnoreCase("command")) {
            return false;
        }
        return c.argv.length == 1 || !new String(c.argv[1], java.nio.charset.StandardCharsets.ISO_8859_1).equalsIgnoreCase("getkeys");
    }

    /** Every implemented family at once, byte for byte. */
    @Property
    void randomCommandStreams(@ForAll("protocol") int protocol, @ForAll("streams") ActionChain<Duo> chain) {
        Duo.runChain(this, protocol, chain);
    }
}
