package io.redisdouble.script;

/** Placeholder until implemented. */
final class CmsgpackLib {
    private CmsgpackLib() {}

    static ReadOnlyTable create() {
        return new ReadOnlyTable();
    }
}
