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
 * Transactions with two clients: client 1 runs MULTI/EXEC/DISCARD/WATCH/UNWATCH with queued
 * commands (including unknown commands and arity errors, which abort EXEC, and runtime errors,
 * which come back inside EXEC's reply); client 2 writes the watched keys in between (SET, DEL,
 * INCR, EXPIRE, FLUSHDB...), so WATCH must see exactly what Redis sees as a modification.
 */
@Family("transactions")
class TransactionsProperties {

    /** Commands either client may run, in or out of a transaction. */
    static Arbitrary<Cmd> data() {
        return Gen.frequencyOf(
                Tuple.of(4, cmd(word("SET"), key(), value())),
                Tuple.of(3, cmd(word("GET"), key())),
                Tuple.of(2, cmd(word("INCR"), key())),
                Tuple.of(1, cmd(word("DEL"), keys(2))),
                Tuple.of(1, cmd(word("APPEND"), key(), value())),
                Tuple.of(1, cmd(word("EXPIRE"), key(), Arbitraries.of("100000", "0", "abc"))),
                Tuple.of(1, cmd(word("SET"), key(), value(), "NX")),
                Tuple.of(1, cmd(word("GETDEL"), key())),
                Tuple.of(1, cmd(word("RENAME"), key(), key())),
                Tuple.of(1, cmd(word("FLUSHDB"))),
                Tuple.of(1, cmd(word("EXISTS"), keys(2))));
    }

    static Arbitrary<Cmd> commands() {
        Arbitrary<Cmd> first = Gen.frequencyOf(
                Tuple.of(3, cmd(word("MULTI"))),
                Tuple.of(3, cmd(word("EXEC"))),
                Tuple.of(1, cmd(word("DISCARD"))),
                Tuple.of(3, cmd(word("WATCH"), keys(2))),
                Tuple.of(1, cmd(word("UNWATCH"))),
                Tuple.of(6, data()),
                Tuple.of(1, cmd(Arbitraries.of("NOSUCHCMD", "foo"), Gen.options(0, 1, Gen.literal("a")))),
                Tuple.of(1, cmd(word("SET"), key())),
                Tuple.of(1, cmd(word("MULTI"), "extra")));
        Arbitrary<Cmd> second = Gen.frequencyOf(
                Tuple.of(5, data()),
                Tuple.of(1, cmd(word("MULTI"))),
                Tuple.of(1, cmd(word("EXEC"))),
                Tuple.of(1, cmd(word("WATCH"), keys(2)))).map(c -> c.on(1));
        return Gen.frequencyOf(Tuple.of(3, first), Tuple.of(2, second));
    }

    @Provide
    Arbitrary<Integer> protocol() {
        return Chains.protocols();
    }

    @Provide
    Arbitrary<ActionChain<Duo>> chains() {
        return Chains.of(30, commands());
    }

    @Property
    void multiExecWatch(@ForAll("protocol") int protocol, @ForAll("chains") ActionChain<Duo> chain) {
        Duo.runChain(this, protocol, chain);
    }
}
