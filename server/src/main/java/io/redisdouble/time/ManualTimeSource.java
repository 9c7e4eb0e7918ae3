package io.redisdouble.time;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Virtual time for tests: it never moves by itself. {@link #advance} moves it forward; the server
 * then expires whatever is due (see {@code RedisDouble.time()}).
 */
public final class ManualTimeSource implements TimeSource {
    private final long startMicros;
    private final AtomicLong micros;

    public ManualTimeSource(Instant start) {
        this.startMicros = start.getEpochSecond() * 1_000_000L + start.getNano() / 1000;
        this.micros = new AtomicLong(startMicros);
    }

    public ManualTimeSource() {
        this(Instant.now());
    }

    @Override
    public long currentTimeMillis() {
        return Math.floorDiv(micros.get(), 1000L);
    }

    @Override
    public long currentTimeMicros() {
        return micros.get();
    }

    @Override
    public boolean isManual() {
        return true;
    }

    /** Moves time forward; a negative duration is refused (Redis time never goes back for a test). */
    public void advance(Duration d) {
        if (d.isNegative()) throw new IllegalArgumentException("time cannot go back: " + d);
        long add = Math.addExact(Math.multiplyExact(d.getSeconds(), 1_000_000L), d.getNano() / 1000);
        micros.addAndGet(add);
    }

    /** Sets the clock to an instant (may go back, for tests that need an exact epoch). */
    public void set(Instant instant) {
        micros.set(instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000);
    }

    /** Back to the instant this source was created with. */
    public void reset() {
        micros.set(startMicros);
    }

    public Instant now() {
        long m = micros.get();
        return Instant.ofEpochSecond(Math.floorDiv(m, 1_000_000L), Math.floorMod(m, 1_000_000L) * 1000L);
    }
}
