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
                            .map(c -> Transformer.mutate(c.line(), d -> run(c, d))));

            @Override
            public Arbitrary<Transformer<Duo>> transformer() {
                return steps; // asked for at every step: built once (Unmemoized)
            }
        }).withMaxTransformations(100);
    }

    /**
     * Runs a step; a SET whose EXAT / PXAT deadline has passed is followed by {@code EXISTS key}. Such a
     * key stays stored (6.2, 7.0: no checkAlreadyExpired) until a read reclaims it, or each server's
     * own background cycle does, at moments the two servers do not share: DBSIZE or SCAN TYPE none
     * right after it would see it on one side only (found by the fuzz mode: DBSIZE 11 against 10). The
     * read reclaims it on both at once, as the expiry family reads such keys; the stored-but-expired
     * keys themselves are cases with the cycle off ({@code expired-stored-6.2.txt}, {@code keys.txt}).
     */
    private static void run(Cmd c, Duo d) {
        c.run(d);
        byte[][] a = c.argv;
        if (a.length < 3 || !ascii(a[0]).equalsIgnoreCase("set")) {
            return;
        }
        for (int i = 3; i + 1 < a.length; i++) {
            String opt = ascii(a[i]);
            if (opt.equalsIgnoreCase("exat") || opt.equalsIgnoreCase("pxat")) {
                try {
                    long at = Long.parseLong(ascii(a[i + 1]));
                    long ms = !opt.equalsIgnoreCase("exat") ? at
                            : at > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : at < Long.MIN_VALUE / 1000 ? Long.MIN_VALUE : at * 1000;
                    if (ms <= System.currentTimeMillis()) {
                        Cmd.ofBytes("EXISTS".getBytes(java.nio.charset.StandardCharsets.US_ASCII), a[1]).on(c.client).run(d);
                        return;
                    }
                } catch (NumberFormatException e) {
                    // not a deadline: SET refused it
                }
            }
        }
    }

    private static String ascii(byte[] b) {
        return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
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
