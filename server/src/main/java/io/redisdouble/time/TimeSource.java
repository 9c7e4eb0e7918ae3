package io.redisdouble.time;

/**
 * The only clock the server reads. Commands read it once per execution ({@code now}), so a command
 * sees one instant from start to end, as Redis does with its cached mstime.
 */
public interface TimeSource {
    /** Milliseconds since the Unix epoch. */
    long currentTimeMillis();

    /** Microseconds since the Unix epoch (for TIME). */
    default long currentTimeMicros() {
        return currentTimeMillis() * 1000L;
    }

    /** True if time only moves when a test moves it. */
    default boolean isManual() {
        return false;
    }
}
