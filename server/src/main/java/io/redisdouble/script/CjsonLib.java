package io.redisdouble.script;

/** Placeholder until implemented. */
final class CjsonLib {
    private CjsonLib() {}

    static ReadOnlyTable create() {
        return new ReadOnlyTable();
    }
}
