package io.redisdouble.kit;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.state.ActionChain;

/**
 * Focused properties used only by {@link DivergenceDetectionTest} (the file name keeps surefire
 * from running them on their own): built from the same generators as the families.
 */
@Family("evidence")
class EvidenceCases {

    /** RESP2 only: in RESP3 the HELLO reply's version field would diverge first. */
    @Provide
    Arbitrary<Integer> protocol() {
        return Arbitraries.of(2);
    }

    @Provide
    Arbitrary<ActionChain<Duo>> unknownCommands() {
        return Chains.of(10, ErrorsProperties.unknownCommand());
    }

    /** Unknown commands only: their error text differs between 6.2 and 7.0. */
    @Property
    void unknownCommandsOnly(@ForAll("protocol") int protocol, @ForAll("unknownCommands") ActionChain<Duo> chain) {
        Duo.runChain(this, protocol, chain);
    }
}
