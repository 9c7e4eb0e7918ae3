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
import static io.redisdouble.kit.Gen.value;
import static io.redisdouble.kit.Gen.word;

/**
 * Connection and server commands: PING, ECHO, SELECT, HELLO (protocol switches with AUTH and
 * SETNAME), AUTH, CLIENT SETNAME/GETNAME/ID and unknown subcommands, CONFIG GET/SET errors, INFO,
 * DBSIZE, TIME, RESET, QUIT.
 *
 * <p>Relaxations: HELLO's {@code id} by type; CLIENT ID and TIME by shape; CONFIG GET by the names
 * returned (values depend on each server's configuration); INFO by its section headers. CONFIG SET
 * is only sent with invalid arguments: the kit never changes the reference's configuration.
 * COMMAND is not compared (redis-double implements a subset of Redis's command table).
 */
@Family("connection/server")
class ConnectionServerProperties {

    static Arbitrary<String> clientName() {
        return Arbitraries.of("worker", "a-b", "", "bad name", "x\ny", "name1");
    }

    static Arbitrary<String> configParam() {
        return Arbitraries.of("maxmemory", "maxmemory-policy", "databases", "timeout", "appendonly", "save",
                "notify-keyspace-events", "max*", "*policy*", "nonexistent", "port", "hz", "DATABASES");
    }

    static Arbitrary<Cmd> commands() {
        Arbitrary<Cmd> hello = cmd(word("HELLO"), Gen.maybe(Arbitraries.of("2", "3", "1", "4", "abc", "-1")),
                Gen.options(0, 2, Gen.literal("AUTH", "default", "x"), Gen.literal("AUTH", "nobody", "pw"),
                        Gen.option("SETNAME", clientName()), Gen.literal("AUTH"), Gen.literal("FOO")))
                .map(c -> c.compare(Compare.HELLO));
        return Gen.frequencyOf(
                Tuple.of(3, cmd(word("PING"), Gen.options(0, 2, value().map(java.util.List::<Object>of)))),
                Tuple.of(2, cmd(word("ECHO"), value())),
                Tuple.of(2, cmd(word("SELECT"), Arbitraries.of("0", "1", "15", "16", "-1", "abc", "1.0", ""))),
                Tuple.of(2, cmd(word("SET"), key(), value())),
                Tuple.of(2, cmd(word("GET"), key())),
                Tuple.of(3, hello),
                Tuple.of(2, cmd(word("AUTH"), Gen.options(1, 3, Gen.literal("x"), Gen.literal("default"),
                        Gen.literal("nobody")))),
                Tuple.of(2, cmd(word("CLIENT"), word("SETNAME"), clientName())),
                Tuple.of(2, cmd(word("CLIENT"), word("GETNAME"))),
                Tuple.of(1, cmd(word("CLIENT"), word("ID")).map(c -> c.compare(Compare.shape("connection ids differ")))),
                Tuple.of(1, cmd(word("CLIENT"), Arbitraries.of("FOO", "SETNAME", "GETNAME x"))),
                Tuple.of(1, cmd(word("CLIENT"))),
                Tuple.of(2, cmd(word("CONFIG"), word("GET"), Gen.options(1, 2, configParam().map(java.util.List::<Object>of)))
                        .map(c -> c.compare(Compare.CONFIG_NAMES))),
                Tuple.of(1, cmd(word("CONFIG"), word("SET"), Arbitraries.of("nonexistent-param", "maxmemory"),
                        Gen.maybe(Arbitraries.of("abc")))),
                Tuple.of(1, cmd(word("CONFIG"), Arbitraries.of("FOO", "GET"))),
                Tuple.of(1, cmd(word("INFO"), Gen.maybe(Arbitraries.of("server", "keyspace", "clients", "foo", "all",
                        "default", "everything", "SERVER")))
                        .map(c -> c.compare(Compare.INFO_SECTIONS))),
                Tuple.of(1, cmd(word("DBSIZE"))),
                Tuple.of(1, cmd(word("TIME")).map(c -> c.compare(Compare.shape("the servers' clocks")))),
                Tuple.of(1, cmd(word("RESET"))),
                Tuple.of(1, cmd(word("QUIT"))));
    }

    @Provide
    Arbitrary<Integer> protocol() {
        return Chains.protocols();
    }

    @Provide
    Arbitrary<ActionChain<Duo>> chains() {
        return Chains.of(20, Gen.withArityMutations(commands(), 20));
    }

    @Property
    void connectionAndServer(@ForAll("protocol") int protocol, @ForAll("chains") ActionChain<Duo> chain) {
        Duo.runChain(this, protocol, chain);
    }
}
