package io.redisdouble.script;

/** Placeholder until implemented. */
final class StructLib {
    private StructLib() {}

    static ReadOnlyTable create() {
        return new ReadOnlyTable();
    }
}
