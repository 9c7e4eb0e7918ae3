package io.redisdouble.kit;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.state.ActionChain;

import static io.redisdouble.kit.Gen.cmd;
import static io.redisdouble.kit.Gen.value;
import static io.redisdouble.kit.Gen.word;

/**
 * Types across families: string, hash, set, list and sorted-set commands on the same few keys, so WRONGTYPE
 * happens, commands that overwrite any type (SET, MSET, RENAME, the STORE forms) are checked, and
 * the precedence of errors (arity, syntax, number parsing before WRONGTYPE) is compared.
 */
@Family("types")
class TypesProperties {

    static Arbitrary<String> anyKey() {
        return Arbitraries.of("k1", "k2", "z1", "h1");
    }

    static Arbitrary<Cmd> commands() {
        Arbitrary<String> k = anyKey();
        Arbitrary<byte[]> m = SortedSetProperties.member();
        return Gen.frequencyOf(
                Tuple.of(4, cmd(word("SET"), k, value(), Gen.options(0, 2, Gen.flag("GET"), Gen.flag("NX"),
                        Gen.flag("XX"), Gen.flag("KEEPTTL"), Gen.literal("EX", "abc")))),
                Tuple.of(4, cmd(word("ZADD"), k, Gen.options(0, 2, Gen.flag("NX"), Gen.flag("XX"), Gen.flag("INCR"),
                        Gen.flag("GT")), SortedSetProperties.pairs(2))),
                Tuple.of(2, cmd(word("GET"), k)),
                Tuple.of(1, cmd(word("GETEX"), k, Gen.maybe(Arbitraries.of("PERSIST")))),
                Tuple.of(1, cmd(word("GETDEL"), k)),
                Tuple.of(1, cmd(word("GETSET"), k, value())),
                Tuple.of(2, cmd(word("INCRBY"), k, Gen.integer())),
                Tuple.of(1, cmd(word("INCRBYFLOAT"), k, Gen.decimal())),
                Tuple.of(1, cmd(word("APPEND"), k, value())),
                Tuple.of(1, cmd(word("STRLEN"), k)),
                Tuple.of(1, cmd(word("SETRANGE"), k, Arbitraries.of("0", "2", "-1"), value())),
                Tuple.of(1, cmd(word("GETRANGE"), k, "0", "-1")),
                Tuple.of(1, cmd(word("SETNX"), k, value())),
                Tuple.of(1, cmd(word("MSET"), k, value(), k, value())),
                Tuple.of(1, cmd(word("MGET"), k, k)),
                Tuple.of(2, cmd(word("ZSCORE"), k, m)),
                Tuple.of(2, cmd(word("ZINCRBY"), k, SortedSetProperties.score(), m)),
                Tuple.of(1, cmd(word("ZCARD"), k)),
                Tuple.of(1, cmd(word("ZRANGE"), k, "0", "-1", Gen.maybe(Arbitraries.of("WITHSCORES", "BYLEX", "LIMIT")))),
                Tuple.of(1, cmd(word("ZRANGEBYSCORE"), k, SortedSetProperties.scoreBound(), "+inf")),
                Tuple.of(1, cmd(word("ZREM"), k, m)),
                Tuple.of(1, cmd(word("ZRANGESTORE"), k, k, "0", "-1")),
                Tuple.of(1, cmd(word("ZUNIONSTORE"), k, "2", k, k)),
                Tuple.of(1, cmd(word("ZINTER"), "2", k, k)),
                Tuple.of(1, cmd(word("ZPOPMIN"), k)),
                Tuple.of(2, cmd(word("HSET"), k, HashesProperties.field(), value())),
                Tuple.of(1, cmd(word("HGET"), k, HashesProperties.field())),
                Tuple.of(1, cmd(word("HINCRBY"), k, HashesProperties.field(), Gen.integer())),
                Tuple.of(1, cmd(word("HLEN"), k)),
                Tuple.of(2, cmd(word("SADD"), k, SetsProperties.member())),
                Tuple.of(1, cmd(word("SCARD"), k)),
                Tuple.of(1, cmd(word("SUNIONSTORE"), k, k, k)),
                Tuple.of(2, cmd(word("RPUSH"), k, ListsProperties.element())),
                Tuple.of(1, cmd(word("LRANGE"), k, "0", "-1")),
                Tuple.of(1, cmd(word("LPOP"), k)),
                Tuple.of(1, cmd(word("LMOVE"), k, k, ListsProperties.side(), ListsProperties.side())),
                Tuple.of(1, cmd(word("LINDEX"), k, "0")),
                Tuple.of(2, cmd(word("TYPE"), k)),
                Tuple.of(1, cmd(word("RENAME"), k, k)),
                Tuple.of(1, cmd(word("COPY"), k, k, "REPLACE")),
                Tuple.of(1, cmd(word("DEL"), k)),
                Tuple.of(1, cmd(word("EXISTS"), k, k)),
                Tuple.of(1, Arbitraries.of("string", "zset", "hash", "set", "list").map(t -> Cmd.scanAll(
                        java.util.List.of(Gen.utf8("SCAN"), Gen.utf8("0"), Gen.utf8("TYPE"), Gen.utf8(t)), 1, false))));
    }

    @Provide
    Arbitrary<Integer> protocol() {
        return Chains.protocols();
    }

    @Provide
    Arbitrary<ActionChain<Duo>> chains() {
        return Chains.of(25, commands());
    }

    @Property
    void wrongTypeAndOverwrites(@ForAll("protocol") int protocol, @ForAll("chains") ActionChain<Duo> chain) {
        Duo.runChain(this, protocol, chain);
    }
}
