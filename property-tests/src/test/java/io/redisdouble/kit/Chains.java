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
        Arbitrary<Transformer<Duo>> steps = Unmemoized.builtOnce(commands.map(c -> Transformer.mutate(c.line(), c::run)));
        return ActionChain.<Duo>startWith(Duo::start)
                .withAction(new Action.Independent<Duo>() {
                    @Override
                    public Arbitrary<Transformer<Duo>> transformer() {
                        return steps; // asked for at every step: built once (Unmemoized)
                    }
                })
                .withMaxTransformations(maxSteps);
    }

    /**
     * The protocol of a case: RESP2 or RESP3 (HELLO 3 on every connection first); restricted with
     * {@code -Dconformance.protocols=2} (or {@code =3}).
     */
    public static Arbitrary<Integer> protocols() {
        String s = System.getProperty("conformance.protocols", "2,3").trim();
        java.util.List<Integer> ps = new java.util.ArrayList<>();
        for (String p : s.split(",")) {
            if (p.trim().equals("2") || p.trim().equals("3")) {
                ps.add(Integer.parseInt(p.trim()));
            }
        }
        if (ps.isEmpty()) {
            throw new IllegalArgumentException("-Dconformance.protocols=" + s + ": expected 2, 3 or 2,3");
        }
        return Arbitraries.of(ps);
    }
}
