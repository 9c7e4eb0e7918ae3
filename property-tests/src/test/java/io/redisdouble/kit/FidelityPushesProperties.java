package io.redisdouble.kit;

import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

/**
 * Issue #18, classes 3 and 4 (see {@link FidelityProperties}): a RESP3 client subscribed to its own
 * channel publishes inside MULTI and from scripts, with CLIENT REPLY SKIP / ON inside and outside
 * MULTI; every frame that arrives is compared in order. A step may get no reply, and waiting for that
 * ({@link Cmd#framesOrNone}) makes a case slow: a fifth of the tries.
 */
@Family(value = "fidelity-pushes", weight = 0.2)
class FidelityPushesProperties {

    /** Chains that start subscribed to "ch" (RESP3: MULTI and scripts are allowed then). */
    @Provide
    Arbitrary<ActionChain<Duo>> pushChains() {
        return ActionChain.<Duo>startWith(() -> {
            Duo d = Duo.start();
            Cmd.frames(List.of(Gen.utf8("SUBSCRIBE"), Gen.utf8("ch"))).run(d);
            return d;
        }).withAction(new Action.Independent<Duo>() {
            @Override
            public Arbitrary<Transformer<Duo>> transformer() {
                return FidelityProperties.pushCommands().map(c -> Transformer.mutate(c.line(), c::run));
            }
        }).withMaxTransformations(10);
    }

    /** Classes 3 and 4: RESP3, subscribed to "ch" first; every frame that arrives compared in order. */
    @Property
    void ownPushesAndReplyModes(@ForAll("pushChains") ActionChain<Duo> chain) {
        Duo.runChain(this, 3, chain);
    }
}
