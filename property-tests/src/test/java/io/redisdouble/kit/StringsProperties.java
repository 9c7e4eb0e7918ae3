package io.redisdouble.kit;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.state.ActionChain;

import static io.redisdouble.kit.Gen.cmd;
import static io.redisdouble.kit.Gen.flag;
import static io.redisdouble.kit.Gen.key;
import static io.redisdouble.kit.Gen.keys;
import static io.redisdouble.kit.Gen.option;
import static io.redisdouble.kit.Gen.options;
import static io.redisdouble.kit.Gen.value;
import static io.redisdouble.kit.Gen.word;

/**
 * Strings: SET with every option combination (valid and invalid, in any order and case), the GET
 * family, MGET/MSET, the counters with 64-bit edges and INCRBYFLOAT's formatting, and the range
 * commands. TTL effects are observed in {@link ExpiryProperties}.
 */
@Family("strings")
class StringsProperties {

    /** SET's options, including conflicting, repeated, dangling and unknown ones. */
    static Arbitrary<java.util.List<Object>> setOptions() {
        return options(0, 4,
                flag("NX"), flag("XX"), flag("GET"), flag("KEEPTTL"),
                option("EX", Gen.oneOf(Gen.farSeconds(), Gen.badExpire())),
                option("PX", Gen.oneOf(Gen.farMillis(), Gen.badExpire())),
                option("EXAT", Gen.unixSeconds()),
                option("PXAT", Gen.unixMillis()),
                Gen.literal("IFEQ", "v"), Gen.literal("FOO"), Gen.literal("EX"));
    }

    /** GETEX's options. */
    static Arbitrary<java.util.List<Object>> getexOptions() {
        return options(0, 3,
                flag("PERSIST"),
                option("EX", Gen.oneOf(Gen.farSeconds(), Gen.badExpire())),
                option("PX", Gen.oneOf(Gen.farMillis(), Gen.badExpire())),
                option("EXAT", Gen.unixSeconds()),
                option("PXAT", Gen.unixMillis()),
                Gen.literal("KEEPTTL"), Gen.literal("PX"));
    }

    static Arbitrary<Cmd> setFamily() {
        return Gen.frequencyOf(
                Tuple.of(6, cmd(word("SET"), key(), value(), setOptions())),
                Tuple.of(4, cmd(word("GET"), key())),
                Tuple.of(1, cmd(word("SETNX"), key(), value())),
                Tuple.of(1, cmd(word("SETEX"), key(), Gen.oneOf(Gen.farSeconds(), Gen.badExpire()), value())),
                Tuple.of(1, cmd(word("PSETEX"), key(), Gen.oneOf(Gen.farMillis(), Gen.badExpire()), value())),
                Tuple.of(1, cmd(word("GETSET"), key(), value())),
                Tuple.of(1, cmd(word("GETDEL"), key())),
                Tuple.of(2, cmd(word("GETEX"), key(), getexOptions())),
                Tuple.of(1, cmd(word("MGET"), keys(4))),
                Tuple.of(1, cmd(word("MSET"), pairs())),
                Tuple.of(1, cmd(word("MSETNX"), pairs())),
                Tuple.of(1, cmd(word("STRLEN"), key())));
    }

    /** Key/value pairs for MSET, sometimes with a missing value. */
    static Arbitrary<java.util.List<Object>> pairs() {
        Arbitrary<java.util.List<Object>> pair = net.jqwik.api.Combinators.combine(key(), value())
                .as((k, v) -> java.util.List.<Object>of(k, v));
        return Gen.frequencyOf(
                Tuple.of(6, options(1, 3, pair)),
                Tuple.of(1, options(1, 2, pair).map(l -> l.subList(0, l.size() - 1))));
    }

    static Arbitrary<Cmd> counters() {
        return Gen.frequencyOf(
                Tuple.of(3, cmd(word("SET"), key(), Gen.oneOf(Gen.integer(), Gen.decimal()))),
                Tuple.of(2, cmd(word("INCR"), key())),
                Tuple.of(2, cmd(word("DECR"), key())),
                Tuple.of(3, cmd(word("INCRBY"), key(), Gen.integer())),
                Tuple.of(2, cmd(word("DECRBY"), key(), Gen.integer())),
                Tuple.of(4, cmd(word("INCRBYFLOAT"), key(), Gen.decimal())),
                Tuple.of(2, cmd(word("GET"), key())),
                Tuple.of(1, cmd(word("APPEND"), key(), value())));
    }

    static Arbitrary<String> offset() {
        return Gen.frequencyOf(
                Tuple.of(8, Arbitraries.integers().between(-12, 12).map(String::valueOf)),
                Tuple.of(1, Arbitraries.of("9223372036854775807", "-9223372036854775808", "abc", "1.5", "")));
    }

    /**
     * SETRANGE offsets stay tiny or just beyond 512 MB (an error): offset + length between those
     * would make both servers allocate up to 512 MB. Offsets near 2^63 are left out: offset + length
     * overflows in Redis before 6.2.9/7.0.8 (CVE-2022-35977) and crashes the bundled 6.2.7 — found by
     * this kit.
     */
    static Arbitrary<String> setrangeOffset() {
        return Gen.frequencyOf(
                Tuple.of(8, Arbitraries.integers().between(0, 20).map(String::valueOf)),
                Tuple.of(1, Arbitraries.of("-1", "536870912", "536870913", "4611686018427387904", "abc", "")));
    }

    static Arbitrary<Cmd> ranges() {
        return Gen.frequencyOf(
                Tuple.of(3, cmd(word("SET"), key(), value())),
                Tuple.of(3, cmd(word("APPEND"), key(), value())),
                Tuple.of(3, cmd(word("GETRANGE"), key(), offset(), offset())),
                Tuple.of(1, cmd(word("SUBSTR"), key(), offset(), offset())),
                Tuple.of(3, cmd(word("SETRANGE"), key(), setrangeOffset(), value())),
                Tuple.of(2, cmd(word("STRLEN"), key())),
                Tuple.of(2, cmd(word("GET"), key())));
    }

    @Provide
    Arbitrary<Integer> protocol() {
        return Chains.protocols();
    }

    @Provide
    Arbitrary<ActionChain<Duo>> setChains() {
        return Chains.of(25, Gen.withArityMutations(setFamily(), 20));
    }

    @Provide
    Arbitrary<ActionChain<Duo>> counterChains() {
        return Chains.of(25, Gen.withArityMutations(counters(), 20));
    }

    @Provide
    Arbitrary<ActionChain<Duo>> rangeChains() {
        return Chains.of(25, Gen.withArityMutations(ranges(), 20));
    }

    /** SET (all options), GET, SETNX, SETEX, PSETEX, GETSET, GETDEL, GETEX, MGET, MSET, MSETNX, STRLEN. */
    @Property
    void setAndGet(@ForAll("protocol") int protocol, @ForAll("setChains") ActionChain<Duo> chain) {
        Duo.runChain(this, protocol, chain);
    }

    /** INCR, DECR, INCRBY, DECRBY, INCRBYFLOAT over integers, decimals, edges and junk. */
    @Property
    void counters(@ForAll("protocol") int protocol, @ForAll("counterChains") ActionChain<Duo> chain) {
        Duo.runChain(this, protocol, chain);
    }

    /** APPEND, GETRANGE, SUBSTR, SETRANGE, STRLEN. */
    @Property
    void ranges(@ForAll("protocol") int protocol, @ForAll("rangeChains") ActionChain<Duo> chain) {
        Duo.runChain(this, protocol, chain);
    }
}
