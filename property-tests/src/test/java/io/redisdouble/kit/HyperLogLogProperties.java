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

import java.util.ArrayList;
import java.util.List;

import static io.redisdouble.kit.Gen.cmd;
import static io.redisdouble.kit.Gen.word;

/**
 * HyperLogLog: PFADD, PFCOUNT (one key, several keys), PFMERGE, PFDEBUG ENCODING / TODENSE, on keys that
 * are also read as strings: after every command the stored bytes of every HLL key ({@code GET}) are
 * compared byte for byte, so the sparse opcodes, the dense registers and the cached cardinality in the
 * header must be Redis's exactly.
 * <ul>
 *   <li>{@link #hllChains}: each case first sets hll-sparse-max-bytes (0, 40, 300, the default 3000, or
 *       12000; put back when the case ends) and then adds small batches from an overlapping pool and
 *       now and then a batch of 50–600 fresh elements, so HLLs cross from sparse to dense (by size or
 *       by a count above 32) at different points; PFMERGE mixes sparse and dense sources and
 *       destinations; SETRANGE (in the header) / APPEND (a whole opcode) corrupt values and SET / LPUSH put other values on the keys
 *       (INVALIDOBJ and both WRONGTYPE texts compared).</li>
 * </ul>
 */
@Family(value = "hyperloglog", weight = 0.3)
class HyperLogLogProperties {

    static final List<String> KEYS = List.of("h1", "h2", "h3");

    static Arbitrary<String> hkey() {
        return Arbitraries.of(KEYS);
    }

    static Arbitrary<List<String>> someKeys() {
        return hkey().list().ofMinSize(1).ofMaxSize(3);
    }

    /** Elements from a pool small enough that keys share some. */
    static Arbitrary<byte[]> element() {
        return Gen.frequencyOf(
                Tuple.of(8, Arbitraries.integers().between(0, 400).map(i -> Gen.utf8("e" + i))),
                Tuple.of(1, Arbitraries.of("", "a", "abcdefgh", "abcdefghijklmnopq").map(Gen::utf8)),
                Tuple.of(1, Gen.binary(1, 12)));
    }

    /** PFADD of {@code n} fresh elements named from a random base: pushes an HLL towards dense. */
    static Arbitrary<Cmd> batch() {
        return Combinators.combine(hkey(), Arbitraries.integers().between(50, 600), Arbitraries.integers().between(0, 1_000_000))
                .as((k, n, base) -> {
                    List<String> argv = new ArrayList<>(List.of("PFADD", k));
                    for (int i = 0; i < n; i++) argv.add(Integer.toString(base + i));
                    return Cmd.of(argv.toArray(new String[0]));
                });
    }

    static Arbitrary<Cmd> commands() {
        Arbitrary<List<byte[]>> elements = element().list().ofMinSize(0).ofMaxSize(6);
        return Gen.frequencyOf(
                Tuple.of(10, cmd(word("PFADD"), hkey(), elements)),
                Tuple.of(2, batch()),
                Tuple.of(5, cmd(word("PFCOUNT"), hkey())),
                Tuple.of(3, cmd(word("PFCOUNT"), someKeys())),
                Tuple.of(3, cmd(word("PFMERGE"), hkey(), someKeys())),
                Tuple.of(1, cmd(word("PFMERGE"), hkey())),
                Tuple.of(1, cmd(word("PFDEBUG"), Arbitraries.of("ENCODING", "TODENSE", "encoding"), hkey())),
                // Corruption stays in the header, or appends a whole opcode: with an XZERO opcode cut short
                // Redis reads past the string's end (what it finds there is not part of the value), and
                // 7.2+ may fail an assertion when hll-sparse-max-bytes is below the string's allocation.
                Tuple.of(1, cmd(word("SETRANGE"), hkey(), Arbitraries.integers().between(0, 15).map(String::valueOf),
                        Gen.binary(1, 1))),
                Tuple.of(1, cmd(word("APPEND"), hkey(), Arbitraries.of(new byte[] {0}, new byte[] {(byte) 0x85}))),
                Tuple.of(1, cmd(word("SET"), hkey(), Arbitraries.of("v", "HYLL"))),
                Tuple.of(1, cmd(word("LPUSH"), hkey(), Arbitraries.just("x"))),
                Tuple.of(1, cmd(word("DEL"), hkey())),
                Tuple.of(1, cmd(word("OBJECT"), word("ENCODING"), hkey())));
    }

    /** After every step: the bytes of every key (nil, WRONGTYPE or the HLL's exact string). */
    static final List<Cmd> INSPECTION = KEYS.stream().map(k -> Cmd.of("GET", k)).toList();

    private static final String PARAM = "hll-sparse-max-bytes";

    /** The case's CONFIG SET, a parameter of its own so that jqwik shrinks it apart from the chain. */
    private static final ThreadLocal<List<Cmd>> SETUP = new ThreadLocal<>();

    @Provide
    Arbitrary<List<Cmd>> setup() {
        return cmd(word("CONFIG"), word("SET"), Arbitraries.just(PARAM),
                Arbitraries.frequency(Tuple.of(1, "0"), Tuple.of(2, "40"), Tuple.of(2, "300"), Tuple.of(3, "3000"),
                        Tuple.of(1, "12000"))).map(List::of);
    }

    @Provide
    Arbitrary<Integer> protocol() {
        return Chains.protocols();
    }

    @Provide
    Arbitrary<ActionChain<Duo>> hllChains() {
        Arbitrary<Cmd> commands = Gen.withArityMutations(commands(), 30);
        return ActionChain.<Duo>startWith(() -> EncodingsProperties.configured(List.of(PARAM), SETUP.get()))
                .withAction(new Action.Independent<Duo>() {
                    @Override
                    public Arbitrary<Transformer<Duo>> transformer() {
                        return commands.map(c -> Transformer.mutate(c.line(), d -> {
                            c.run(d);
                            d.checkAll(INSPECTION);
                        }));
                    }
                })
                .withMaxTransformations(30);
    }

    @Property
    void hllChains(@ForAll("protocol") int protocol, @ForAll("setup") List<Cmd> setup,
                   @ForAll("hllChains") ActionChain<Duo> chain) {
        SETUP.set(setup);
        try {
            Duo.runChain(this, protocol, chain);
        } finally {
            SETUP.remove();
        }
    }
}
