package io.redisdouble.kit;

import java.util.List;

/**
 * redis-double answered differently from the reference. The message is a self-contained report:
 * what was compared, the reproducer as redis-cli lines, and both replies of every command.
 */
public final class Divergence extends AssertionError {
    private static final long serialVersionUID = 1L;

    private final transient List<String> reproducer;

    public Divergence(String message, List<String> reproducer) {
        super(message);
        this.reproducer = List.copyOf(reproducer);
    }

    /** The commands, as redis-cli lines, up to and including the diverging one. */
    public List<String> reproducer() {
        return reproducer;
    }
}
