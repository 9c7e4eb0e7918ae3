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
import static io.redisdouble.kit.Gen.word;

/**
 * Bitmaps: SETBIT, GETBIT, BITCOUNT and BITPOS (byte and, from 7.0, BIT ranges; 6.2's syntax errors are
 * compared too), BITOP AND / OR / XOR / NOT, BITFIELD (GET, SET, INCRBY of i1..i64 and u1..u63, plain and
 * {@code #} offsets, OVERFLOW WRAP / SAT / FAIL), BITFIELD_RO, and LCS (7.0; STRALGO LCS in 6.2) over the
 * same keys. After writes the chain reads the values back with GET, STRLEN and OBJECT ENCODING, so the
 * stored bytes are compared as well as the replies.
 * <ul>
 *   <li>{@link #smallBitmaps}: offsets within a few bytes, so operations overlap and edge masks of BIT
 *       ranges are hit.</li>
 *   <li>{@link #widerBitmaps}: strings of up to a few hundred bytes (word-at-a-time paths of BITCOUNT,
 *       BITPOS and BITOP) mixed with plain SET / APPEND values and integers.</li>
 * </ul>
 */
@Family(value = "bitmaps", weight = 0.3)
class BitmapsProperties {

    static Arbitrary<String> bkey() {
        return Arbitraries.of("b1", "b2", "b3");
    }

    static Arbitrary<String> offset(int maxBit) {
        return Gen.frequencyOf(
                Tuple.of(12, Arbitraries.integers().between(0, maxBit).map(String::valueOf)),
                Tuple.of(1, Arbitraries.of("-1", "x", "4294967296", "+1", "01", "1.0", "")));
    }

    static Arbitrary<String> index(int max) {
        return Gen.frequencyOf(
                Tuple.of(10, Arbitraries.integers().between(-max, max).map(String::valueOf)),
                Tuple.of(1, Arbitraries.of("9223372036854775807", "-9223372036854775808", "x")));
    }

    static Arbitrary<List<String>> range(int max) {
        Arbitrary<String> unit = Arbitraries.of("BIT", "BYTE", "bit", "byte", "BITS");
        return Gen.oneOf(
                Arbitraries.just(List.<String>of()),
                index(max).list().ofSize(2),
                Combinators.combine(index(max * 8), index(max * 8), unit).as((a, b, u) -> List.of(a, b, u)),
                index(max).list().ofSize(1));
    }

    static Arbitrary<String> type() {
        return Gen.frequencyOf(
                Tuple.of(10, Combinators.combine(Arbitraries.of("i", "u"), Arbitraries.integers().between(1, 64))
                        .as((s, n) -> s + n)),
                Tuple.of(1, Arbitraries.of("u64", "i65", "i0", "x8", "U8", "u")));
    }

    static Arbitrary<String> fieldValue() {
        return Gen.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(-300, 300).map(String::valueOf)),
                Tuple.of(2, Arbitraries.of("9223372036854775807", "-9223372036854775808", "4611686018427387904",
                        "-4611686018427387905", "255", "256", "-129", "127")),
                Tuple.of(1, Arbitraries.of("x", "1.5")));
    }

    static Arbitrary<List<String>> fieldOp(int maxBit) {
        Arbitrary<String> off = Gen.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(0, maxBit).map(String::valueOf)),
                Tuple.of(2, Arbitraries.integers().between(0, 6).map(i -> "#" + i)),
                Tuple.of(1, Arbitraries.of("-1", "#-1", "x")));
        return Gen.frequencyOf(
                Tuple.of(4, Combinators.combine(type(), off).as((t, o) -> List.of("GET", t, o))),
                Tuple.of(3, Combinators.combine(type(), off, fieldValue()).as((t, o, v) -> List.of("SET", t, o, v))),
                Tuple.of(3, Combinators.combine(type(), off, fieldValue()).as((t, o, v) -> List.of("INCRBY", t, o, v))),
                Tuple.of(2, Arbitraries.of("WRAP", "SAT", "FAIL", "sat", "bad").map(p -> List.of("OVERFLOW", p))));
    }

    static Arbitrary<Cmd> bitfield(String name, int maxBit) {
        return Combinators.combine(bkey(), fieldOp(maxBit).list().ofMinSize(0).ofMaxSize(4)).as((k, ops) -> {
            List<String> argv = new ArrayList<>(List.of(name, k));
            ops.forEach(argv::addAll);
            return Cmd.of(argv.toArray(new String[0]));
        });
    }

    static Arbitrary<Cmd> commands(int maxBit) {
        int maxByte = maxBit / 8 + 2;
        Arbitrary<List<String>> sources = bkey().list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<Cmd> lcs = Combinators.combine(bkey(), bkey(),
                Arbitraries.of("", "LEN", "IDX", "IDX WITHMATCHLEN", "IDX MINMATCHLEN 2 WITHMATCHLEN", "LEN IDX")).as((a, b, o) -> {
                    List<String> argv = new ArrayList<>(List.of("LCS", a, b));
                    if (!o.isEmpty()) argv.addAll(List.of(o.split(" ")));
                    return Cmd.of(argv.toArray(new String[0]));
                });
        return Gen.frequencyOf(
                Tuple.of(10, cmd(word("SETBIT"), bkey(), offset(maxBit), Arbitraries.of("0", "1", "1", "2", "x"))),
                Tuple.of(4, cmd(word("GETBIT"), bkey(), offset(maxBit + 16))),
                Tuple.of(5, cmd(word("BITCOUNT"), bkey(), range(maxByte))),
                Tuple.of(5, cmd(word("BITPOS"), bkey(), Arbitraries.of("0", "1", "1", "0", "2"), range(maxByte))),
                Tuple.of(3, cmd(word("BITOP"), Arbitraries.of("AND", "OR", "XOR", "and", "or", "NAND"), bkey(), sources)),
                Tuple.of(2, cmd(word("BITOP"), Arbitraries.just("NOT"), bkey(), bkey().list().ofMinSize(1).ofMaxSize(2))),
                Tuple.of(5, bitfield("BITFIELD", maxBit)),
                Tuple.of(2, bitfield("BITFIELD_RO", maxBit)),
                Tuple.of(1, lcs),
                Tuple.of(5, cmd(word("GET"), bkey())),
                Tuple.of(1, cmd(word("STRLEN"), bkey())),
                Tuple.of(1, cmd(word("OBJECT"), Arbitraries.just("ENCODING"), bkey())),
                Tuple.of(1, cmd(word("SET"), bkey(), Arbitraries.of("foobar", "42", "", "\u00ff\u0000\u0001"))),
                Tuple.of(1, cmd(word("APPEND"), bkey(), Gen.binary(1, 3))),
                Tuple.of(1, cmd(word("SADD"), bkey(), Arbitraries.just("m"))),
                Tuple.of(1, cmd(word("DEL"), bkey())));
    }

    @Provide
    Arbitrary<Integer> protocol() {
        return Chains.protocols();
    }

    @Provide
    Arbitrary<ActionChain<Duo>> smallChains() {
        return Chains.of(25, Gen.withArityMutations(commands(40), 25));
    }

    @Provide
    Arbitrary<ActionChain<Duo>> widerChains() {
        return Chains.of(20, commands(3000));
    }

    @Property
    void smallBitmaps(@ForAll("protocol") int protocol, @ForAll("smallChains") ActionChain<Duo> chain) {
        Duo.runChain(this, protocol, chain);
    }

    @Property
    void widerBitmaps(@ForAll("protocol") int protocol, @ForAll("widerChains") ActionChain<Duo> chain) {
        Duo.runChain(this, protocol, chain);
    }
}
