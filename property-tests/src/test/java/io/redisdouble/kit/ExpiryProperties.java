package io.redisdouble.kit;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.state.ActionChain;

import static io.redisdouble.kit.Gen.cmd;
import static io.redisdouble.kit.Gen.key;
import static io.redisdouble.kit.Gen.keys;
import static io.redisdouble.kit.Gen.value;
import static io.redisdouble.kit.Gen.word;

/**
 * Expiry and time.
 * <ul>
 *   <li>{@link #ttlAcrossCommands}: which commands keep, clear, carry or set a TTL (SET vs KEEPTTL,
 *       GETSET, GETEX PERSIST, APPEND/INCR/SETRANGE keep it, RENAME carries it, COPY copies it), and
 *       deadlines in the past (SET EXAT/PXAT, GETEX EXAT, EXPIREAT: the key is gone at once). TTLs
 *       are long enough not to drift. No DBSIZE here: Redis 6.2 keeps a key SET with a past PXAT
 *       until it is read or reclaimed, and DBSIZE counts it until then (found by calibration).</li>
 *   <li>{@link #realTimePasses}: short TTLs and real waiting on both servers (redis-double runs on the
 *       system clock): keys expire for every read alike. Deadlines sit half-way between the
 *       moments commands run (see {@link Cmd#sleepToGrid} and {@link Cmd#onGrid}); DBSIZE is not used here because Redis
 *       counts expired keys that its background cycle has not reclaimed yet.</li>
 * </ul>
 */
@Family(value = "expiry")
class ExpiryProperties {

    static final long GRID = 200;

    static Arbitrary<Cmd> ttlCommands() {
        return Gen.frequencyOf(
                Tuple.of(3, cmd(word("SET"), key(), value(), Gen.options(0, 2,
                        Gen.option("EX", Gen.farSeconds()), Gen.option("PX", Gen.farMillis()),
                        Gen.option("EXAT", Gen.unixSeconds()), Gen.option("PXAT", Gen.unixMillis()),
                        Gen.flag("KEEPTTL"), Gen.flag("GET"), Gen.flag("XX"), Gen.flag("NX")))),
                Tuple.of(2, cmd(word("GETEX"), key(), Gen.options(0, 1,
                        Gen.option("EX", Gen.farSeconds()), Gen.option("PX", Gen.farMillis()),
                        Gen.option("EXAT", Gen.unixSeconds()), Gen.option("PXAT", Gen.unixMillis()),
                        Gen.flag("PERSIST")))),
                Tuple.of(2, cmd(word("EXPIRE"), key(), Gen.oneOf(Gen.farSeconds(), Arbitraries.of("0", "-1")))),
                Tuple.of(1, cmd(word("EXPIREAT"), key(), Gen.unixSeconds())),
                Tuple.of(1, cmd(word("PEXPIREAT"), key(), Gen.unixMillis())),
                Tuple.of(1, cmd(word("SETEX"), key(), Gen.farSeconds(), value())),
                Tuple.of(1, cmd(word("GETSET"), key(), value())),
                Tuple.of(1, cmd(word("APPEND"), key(), value())),
                Tuple.of(1, cmd(word("INCR"), key())),
                Tuple.of(1, cmd(word("INCRBYFLOAT"), key(), Arbitraries.of("1.5", "-2"))),
                Tuple.of(1, cmd(word("SETRANGE"), key(), Arbitraries.of("0", "3"), value())),
                Tuple.of(1, cmd(word("RENAME"), key(), key())),
                Tuple.of(1, cmd(word("COPY"), key(), key(), Gen.maybe(Arbitraries.just("REPLACE")))),
                Tuple.of(1, cmd(word("PERSIST"), key())),
                Tuple.of(3, cmd(word("TTL"), key()).map(c -> c.compare(KeysProperties.TTL_NEAR))),
                Tuple.of(2, cmd(word("PTTL"), key()).map(c -> c.compare(KeysProperties.PTTL_NEAR))),
                Tuple.of(1, cmd(word("EXPIRETIME"), key()).map(c -> c.compare(KeysProperties.TTL_NEAR))),
                Tuple.of(2, cmd(word("GET"), key())),
                Tuple.of(1, cmd(word("EXISTS"), keys(3))));
    }

    /** A short TTL of (k + ½) grid steps: 100, 300 or 500 ms. */
    static Arbitrary<String> shortMillis() {
        return Arbitraries.of("100", "300", "500");
    }

    static final Compare PTTL_REAL = Compare.near(100, "PTTL while real time passes between the two servers' commands");

    static Arbitrary<Cmd> realTimeCommands() {
        return Arbitraries.<Cmd>frequencyOf(
                Tuple.of(3, cmd(word("SET"), key(), value(), "PX", shortMillis())),
                Tuple.of(1, cmd(word("SET"), key(), value(), Gen.maybe(Arbitraries.of("NX", "XX", "KEEPTTL")))),
                Tuple.of(1, cmd(word("PSETEX"), key(), shortMillis(), value())),
                Tuple.of(1, cmd(word("PEXPIRE"), key(), shortMillis())),
                Tuple.of(1, cmd(word("GETEX"), key(), Gen.maybe(Arbitraries.of("PERSIST")))),
                Tuple.of(1, cmd(word("GETEX"), key(), "PX", shortMillis())),
                Tuple.of(3, Arbitraries.just(Cmd.sleepToGrid(GRID))),
                Tuple.of(3, cmd(word("GET"), key())),
                Tuple.of(2, cmd(word("EXISTS"), keys(3))),
                Tuple.of(1, cmd(word("TTL"), key()).map(c -> c.compare(KeysProperties.TTL_NEAR))),
                Tuple.of(1, cmd(word("PTTL"), key()).map(c -> c.compare(PTTL_REAL))),
                Tuple.of(1, cmd(word("INCR"), key())),
                Tuple.of(1, cmd(word("APPEND"), key(), value())),
                Tuple.of(1, cmd(word("TYPE"), key())),
                Tuple.of(1, cmd(word("KEYS"), "*").map(c -> c.compare(Compare.unordered("KEYS order")))),
                Tuple.of(1, cmd(word("RENAME"), key(), key()))).map(c -> c.onGrid(GRID));
    }

    @Provide
    Arbitrary<Integer> protocol() {
        return Chains.protocols();
    }

    @Provide
    Arbitrary<ActionChain<Duo>> ttlChains() {
        return Chains.of(25, ttlCommands());
    }

    @Provide
    Arbitrary<ActionChain<Duo>> realTimeChains() {
        return Chains.of(12, realTimeCommands());
    }

    /** TTL kept, cleared, carried, copied; past deadlines delete at once. */
    @Property
    void ttlAcrossCommands(@ForAll("protocol") int protocol, @ForAll("ttlChains") ActionChain<Duo> chain) {
        Duo.runChain(this, protocol, chain);
    }

    /** Short TTLs while real time passes on both servers. */
    @Property
    @TriesFactor(0.1)
    void realTimePasses(@ForAll("protocol") int protocol, @ForAll("realTimeChains") ActionChain<Duo> chain) {
        Duo.runChain(this, protocol, chain);
    }
}
