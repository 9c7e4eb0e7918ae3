package io.redisdouble.command;

/**
 * A family's command handlers behind one class and a {@code switch} on an operation number, where a
 * method reference or lambda per command would do the same: the JVM spins a class for every method
 * reference and lambda the first time it is evaluated, and the command table evaluates hundreds of them
 * when a server is built (about a third of a cold start: 400 such classes took 200–600 ms on the
 * project's 2-core machine, 400 of these objects about 1 ms). Each family of more than one command
 * has a nested {@code Dispatch} subclass whose constants name its operations.
 */
abstract class OpHandler implements Handler {
    /** Which of the family's operations this handler runs. */
    protected final int op;

    protected OpHandler(int op) {
        this.op = op;
    }

    /** What a {@code switch} reaches when an operation number has no case: a bug in the family's table. */
    protected final IllegalStateException unknown() {
        return new IllegalStateException(getClass().getName() + " has no operation " + op);
    }
}
