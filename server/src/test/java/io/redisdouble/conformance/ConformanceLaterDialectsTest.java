package io.redisdouble.conformance;

/**
 * {@link ConformanceTest} for the dialects after its first three (7.4, 8.0, Valkey 8.0): the same cases,
 * in a class of its own so that the build's two test JVMs run the two halves side by side.
 */
class ConformanceLaterDialectsTest extends ConformanceTest {
    @Override
    String[][] versions() {
        return java.util.Arrays.copyOfRange(VERSIONS, 3, VERSIONS.length);
    }
}
