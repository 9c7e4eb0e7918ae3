package io.redisdouble.kit;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCases;
import net.jqwik.api.ExhaustiveGenerator;
import net.jqwik.api.RandomGenerator;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An arbitrary that jqwik does not memoize. jqwik looks up the generator of every arbitrary it is asked
 * for in a cache keyed by the arbitrary's {@code hashCode} and {@code equals}, which walk the whole
 * tree of generators (every pool, option list and frequency table): for an arbitrary asked for at
 * every step of a chain, or made anew inside a {@code flatMap} for every value, that walk cost more
 * than running the command on both servers (the fuzz mode spent most of its time there). The values
 * drawn are the same: the generators are the wrapped arbitrary's own, the random source is jqwik's.
 */
final class Unmemoized<T> implements Arbitrary<T> {
    private final Arbitrary<T> arbitrary;
    /** Per size and edge-case mode, when built once ({@link #builtOnce}); null otherwise. */
    private final ConcurrentHashMap<Long, RandomGenerator<T>> generators;

    private Unmemoized(Arbitrary<T> arbitrary, boolean keep) {
        this.arbitrary = arbitrary;
        this.generators = keep ? new ConcurrentHashMap<>() : null;
    }

    /**
     * For the step arbitrary of an action chain, which jqwik asks for at every step: built once by
     * the caller, and its generator made once per size here.
     */
    static <T> Arbitrary<T> builtOnce(Arbitrary<T> arbitrary) {
        return new Unmemoized<>(arbitrary, true);
    }

    /** For an arbitrary made inside a {@code flatMap} for each value: its generator is made without the cache. */
    static <T> Arbitrary<T> of(Arbitrary<T> arbitrary) {
        return new Unmemoized<>(arbitrary, false);
    }

    @Override
    public RandomGenerator<T> generator(int genSize) {
        return generators == null ? arbitrary.generator(genSize)
                : generators.computeIfAbsent((long) genSize << 1, k -> arbitrary.generator(genSize));
    }

    @Override
    public RandomGenerator<T> generatorWithEmbeddedEdgeCases(int genSize) {
        return generators == null ? arbitrary.generatorWithEmbeddedEdgeCases(genSize)
                : generators.computeIfAbsent(((long) genSize << 1) | 1, k -> arbitrary.generatorWithEmbeddedEdgeCases(genSize));
    }

    @Override
    public EdgeCases<T> edgeCases(int maxEdgeCases) {
        return arbitrary.edgeCases(maxEdgeCases);
    }

    @Override
    public Optional<ExhaustiveGenerator<T>> exhaustive(long maxNumberOfSamples) {
        return arbitrary.exhaustive(maxNumberOfSamples);
    }

    @Override
    public boolean isGeneratorMemoizable() {
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o == this;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
