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

/**
 * Pub/sub with two clients: (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE with several channels and patterns
 * (one frame per channel), PUBLISH/SPUBLISH (receiver counts, and the messages pushed to the other
 * client), PUBSUB CHANNELS/NUMSUB/NUMPAT/SHARDCHANNELS, and what a subscribed connection may still
 * do (PING's RESP2 form, the error for other commands, RESET). Every frame that arrives on a
 * connection is compared; a step with no command collects what was pushed. Relaxations (dict order
 * in Redis): pushed messages of a step as a multiset (one message matching several patterns is
 * delivered in pattern-dict order), the channels of an argument-less UNSUBSCRIBE as a set (counts
 * in order), PUBSUB CHANNELS without order. Frames are collected until a connection stays quiet
 * for 10 ms, which is why this family runs a tenth of the tries.
 */
@Family(value = "pub/sub", weight = 0.1)
class PubSubProperties {

    static Arbitrary<String> channel() {
        return Arbitraries.of("ch1", "ch2", "news.1", "news.2");
    }

    static Arbitrary<String> pattern() {
        return Arbitraries.of("ch*", "news.*", "*", "ch[12]", "x*");
    }

    static Arbitrary<Cmd> frames(Object... parts) {
        return Gen.cmd(parts).map(c -> Cmd.frames(List.of(c.argv())));
    }

    static Arbitrary<Cmd> commands() {
        Arbitrary<Cmd> any = Gen.frequencyOf(
                Tuple.of(3, frames(Gen.word("SUBSCRIBE"), channel().list().ofMinSize(1).ofMaxSize(2))),
                Tuple.of(2, frames(Gen.word("UNSUBSCRIBE"), channel().list().ofMaxSize(2))),
                Tuple.of(2, frames(Gen.word("PSUBSCRIBE"), pattern().list().ofMinSize(1).ofMaxSize(2))),
                Tuple.of(1, frames(Gen.word("PUNSUBSCRIBE"), pattern().list().ofMaxSize(2))),
                Tuple.of(1, frames(Gen.word("SSUBSCRIBE"), channel())),
                Tuple.of(1, frames(Gen.word("SUNSUBSCRIBE"), channel().list().ofMaxSize(1))),
                Tuple.of(4, frames(Gen.word("PUBLISH"), channel(), Gen.value())),
                Tuple.of(1, frames(Gen.word("SPUBLISH"), channel(), Gen.value())),
                Tuple.of(4, Arbitraries.just(Cmd.frames(List.of()))),
                Tuple.of(2, frames(Gen.word("PING"), Gen.maybe(Arbitraries.of("hi", "")))),
                Tuple.of(1, frames(Gen.word("GET"), "k1")),
                Tuple.of(1, Gen.cmd(Gen.word("PUBSUB"), Gen.word("CHANNELS"), Gen.maybe(pattern()))
                        .map(c -> Cmd.frames(List.of(c.argv())).compare(Compare.unordered("PUBSUB CHANNELS: dict order")))),
                Tuple.of(1, frames(Gen.word("PUBSUB"), Gen.word("NUMSUB"), channel().list().ofMaxSize(2))),
                Tuple.of(1, frames(Gen.word("PUBSUB"), Gen.word("NUMPAT"))),
                Tuple.of(1, frames(Gen.word("PUBSUB"), Arbitraries.of("SHARDCHANNELS", "SHARDNUMSUB", "FOO"))),
                Tuple.of(1, frames(Gen.word("RESET"))));
        return Combinators.combine(any, Arbitraries.integers().between(0, 1)).as(Cmd::on);
    }

    @Provide
    Arbitrary<Integer> protocol() {
        return Chains.protocols();
    }

    @Provide
    Arbitrary<ActionChain<Duo>> chains() {
        return Chains.of(12, commands());
    }

    @Property
    void subscribePublish(@ForAll("protocol") int protocol, @ForAll("chains") ActionChain<Duo> chain) {
        Duo.runChain(this, protocol, chain);
    }
}
