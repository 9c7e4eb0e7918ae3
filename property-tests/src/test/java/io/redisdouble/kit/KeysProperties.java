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
import static io.redisdouble.kit.Gen.flag;
import static io.redisdouble.kit.Gen.key;
import static io.redisdouble.kit.Gen.keys;
import static io.redisdouble.kit.Gen.option;
import static io.redisdouble.kit.Gen.options;
import static io.redisdouble.kit.Gen.value;
import static io.redisdouble.kit.Gen.word;

/**
 * Keys: DEL, UNLINK, EXISTS, TOUCH, TYPE, RENAME(NX), COPY, MOVE, DBSIZE, KEYS, SCAN, RANDOMKEY,
 * FLUSHDB/FLUSHALL, and the EXPIRE family with its 7.0 options, TTL/PTTL, EXPIRETIME/PEXPIRETIME,
 * PERSIST.
 *
 * <p>Relaxations used here (see the README): KEYS compared as a multiset and SCAN iterated to the
 * end and compared as a set (Redis defines no order); RANDOMKEY by shape; TTL and EXPIRETIME within
 * ±1 s and PTTL/PEXPIRETIME within ±250 ms, because the two servers run the same command a few
 * milliseconds apart on their own clocks.
 */
@Family("keys")
class KeysProperties {

    static final Compare TTL_NEAR = Compare.near(1, "TTL/EXPIRETIME in seconds while real time passes");
    static final Compare PTTL_NEAR = Compare.near(250, "PTTL/PEXPIRETIME in ms while real time passes");

    static Arbitrary<String> db() {
        return Arbitraries.frequency(Tuple.of(6, "1"), Tuple.of(2, "0"), Tuple.of(1, "15"), Tuple.of(1, "16"),
                Tuple.of(1, "-1"), Tuple.of(1, "abc"));
    }

    static Arbitrary<String> pattern() {
        return Gen.frequencyOf(
                Tuple.of(3, Arbitraries.of("*", "k*", "k?", "k[13]", "k[^1]", "*3", "k[1-2]", "K*", "", "\\k1", "k1*",
                        "[", "k[", "*[", "\\")),
                Tuple.of(2, Arbitraries.strings().withChars("k123*?[]^\\-").ofMinLength(1).ofMaxLength(5)));
    }

    static Arbitrary<String> scanCount() {
        return Gen.frequencyOf(
                Tuple.of(5, Arbitraries.integers().between(1, 12).map(String::valueOf)),
                Tuple.of(1, Arbitraries.of("0", "-1", "abc", "1.5", "9223372036854775807", "")));
    }

    static Arbitrary<String> typeName() {
        return Arbitraries.of("string", "zset", "none", "list", "STRING", "foo");
    }

    /**
     * SCAN from cursor 0 (or from a cursor text that is not quite 0: "", " 0", "0x0"... — Redis
     * takes "" as 0 and rejects the others) with options in any order, iterated to the end.
     */
    static Arbitrary<Cmd> scan() {
        Arbitrary<List<Object>> opts = options(0, 3,
                option("MATCH", pattern()), option("COUNT", scanCount()), option("TYPE", typeName()),
                Gen.literal("MATCH"), Gen.literal("FOO", "1"));
        Arbitrary<String> cursor = Arbitraries.frequency(Tuple.of(10, "0"), Tuple.of(1, "abc"), Tuple.of(1, "1.5"),
                Tuple.of(1, "18446744073709551616"), Tuple.of(1, ""), Tuple.of(1, " 0"), Tuple.of(1, "0 "),
                Tuple.of(1, "0x0"), Tuple.of(1, "-0"));
        return Combinators.combine(word("SCAN"), cursor, opts).as((w, c, o) -> {
            List<byte[]> argv = new ArrayList<>();
            argv.add(Gen.utf8(w));
            argv.add(Gen.utf8(c));
            o.forEach(x -> argv.add(Gen.utf8(x.toString())));
            return Cmd.scanAll(argv, 1, false);
        });
    }

    static Arbitrary<List<Object>> copyOptions() {
        return options(0, 3, option("DB", db()), flag("REPLACE"), Gen.literal("DB"), Gen.literal("FOO"));
    }

    static Arbitrary<Cmd> keyspace() {
        return Gen.frequencyOf(
                Tuple.of(6, cmd(word("SET"), key(), value())),
                Tuple.of(1, cmd(word("SET"), key(), value(), "EX", Gen.farSeconds())),
                Tuple.of(2, cmd(word("GET"), key())),
                Tuple.of(3, cmd(word("DEL"), keys(3))),
                Tuple.of(1, cmd(word("UNLINK"), keys(3))),
                Tuple.of(3, cmd(word("EXISTS"), keys(4))),
                Tuple.of(1, cmd(word("TOUCH"), keys(3))),
                Tuple.of(2, cmd(word("TYPE"), key())),
                Tuple.of(2, cmd(word("RENAME"), key(), key())),
                Tuple.of(2, cmd(word("RENAMENX"), key(), key())),
                Tuple.of(2, cmd(word("COPY"), key(), key(), copyOptions())),
                Tuple.of(1, cmd(word("MOVE"), key(), db())),
                Tuple.of(2, cmd(word("DBSIZE"))),
                Tuple.of(2, cmd(word("KEYS"), pattern()).map(c -> c.compare(
                        Compare.unordered("KEYS returns keys in hash-table order")))),
                Tuple.of(3, scan()),
                Tuple.of(1, cmd(word("RANDOMKEY")).map(c -> c.compare(Compare.shape("RANDOMKEY picks at random")))),
                Tuple.of(1, cmd(word("SELECT"), Arbitraries.of("0", "1"))),
                Tuple.of(1, cmd(word("FLUSHDB"), Gen.maybe(Arbitraries.of("ASYNC", "SYNC", "async", "FOO")))),
                Tuple.of(1, cmd(word("FLUSHALL"), Gen.maybe(Arbitraries.of("ASYNC", "SYNC", "FOO")))));
    }

    /** NX, XX, GT, LT in any combination (invalid ones included). */
    static Arbitrary<List<Object>> expireOptions() {
        return options(0, 2, flag("NX"), flag("XX"), flag("GT"), flag("LT"), Gen.literal("FOO"));
    }

    static Arbitrary<String> relativeSeconds() {
        return Gen.frequencyOf(Tuple.of(6, Gen.farSeconds()), Tuple.of(2, Gen.badExpire()));
    }

    static Arbitrary<String> relativeMillis() {
        return Gen.frequencyOf(Tuple.of(6, Gen.farMillis()), Tuple.of(2, Gen.badExpire()));
    }

    static Arbitrary<Cmd> expiry() {
        return Gen.frequencyOf(
                Tuple.of(4, cmd(word("SET"), key(), value())),
                Tuple.of(2, cmd(word("SET"), key(), value(), "EX", Gen.farSeconds())),
                Tuple.of(3, cmd(word("EXPIRE"), key(), relativeSeconds(), expireOptions())),
                Tuple.of(2, cmd(word("PEXPIRE"), key(), relativeMillis(), expireOptions())),
                Tuple.of(3, cmd(word("EXPIREAT"), key(), Gen.unixSeconds(), expireOptions())),
                Tuple.of(2, cmd(word("PEXPIREAT"), key(), Gen.unixMillis(), expireOptions())),
                Tuple.of(3, cmd(word("TTL"), key()).map(c -> c.compare(TTL_NEAR))),
                Tuple.of(2, cmd(word("PTTL"), key()).map(c -> c.compare(PTTL_NEAR))),
                Tuple.of(1, cmd(word("EXPIRETIME"), key()).map(c -> c.compare(TTL_NEAR))),
                Tuple.of(1, cmd(word("PEXPIRETIME"), key()).map(c -> c.compare(PTTL_NEAR))),
                Tuple.of(2, cmd(word("PERSIST"), key())),
                Tuple.of(2, cmd(word("EXISTS"), keys(3))),
                Tuple.of(1, cmd(word("DBSIZE"))),
                Tuple.of(1, cmd(word("RENAME"), key(), key())),
                Tuple.of(1, cmd(word("COPY"), key(), key(), Gen.maybe(Arbitraries.just("REPLACE")))));
    }

    @Provide
    Arbitrary<Integer> protocol() {
        return Chains.protocols();
    }

    @Provide
    Arbitrary<ActionChain<Duo>> keyspaceChains() {
        return Chains.of(25, Gen.withArityMutations(keyspace(), 25));
    }

    @Provide
    Arbitrary<ActionChain<Duo>> expiryChains() {
        return Chains.of(25, Gen.withArityMutations(expiry(), 25));
    }

    /** DEL, UNLINK, EXISTS, TOUCH, TYPE, RENAME(NX), COPY, MOVE, DBSIZE, KEYS, SCAN, RANDOMKEY, FLUSH*. */
    @Property
    void keyspace(@ForAll("protocol") int protocol, @ForAll("keyspaceChains") ActionChain<Duo> chain) {
        Duo.runChain(this, protocol, chain);
    }

    /** EXPIRE/PEXPIRE/EXPIREAT/PEXPIREAT with NX XX GT LT, TTL, PTTL, EXPIRETIME, PEXPIRETIME, PERSIST. */
    @Property
    void expireCommands(@ForAll("protocol") int protocol, @ForAll("expiryChains") ActionChain<Duo> chain) {
        Duo.runChain(this, protocol, chain);
    }
}
