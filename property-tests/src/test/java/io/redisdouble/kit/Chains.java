package io.redisdouble.kit;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.ActionChainArbitrary;
import net.jqwik.api.state.Transformer;

/**
 * Builds jqwik action chains whose state is a {@link Duo}: each action is one generated
 * {@link Cmd}, run on both servers and compared. When a chain fails, jqwik shrinks it (fewer
 * steps, simpler arguments) and the failure message of the smallest failing chain is the
 * reproducer printed by {@link Duo#divergence}.
 */
public final class Chains {
    private Chains() {
    }

    /** A chain of up to {@code maxSteps} commands drawn from {@code commands}. */
    public static ActionChainArbitrary<Duo> of(int maxSteps, Arbitrary<Cmd> commands) {
        return ActionChain.<Duo>startWith(Duo::start)
                .withAction(new Action.Independent<Duo>() {
                    @Override
                    public Arbitrary<Transformer<Duo>> transformer() {
                        return commands.map(c -> Transformer.mutate(c.line(), c::run));
                    }
                })
                .withMaxTransformations(maxSteps);
    }

    /** The protocol of a case: RESP2 or RESP3 (HELLO 3 on every connection first). */
    public static Arbitrary<Integer> protocols() {
        return Arbitraries.of(2, 3);
    }
}
