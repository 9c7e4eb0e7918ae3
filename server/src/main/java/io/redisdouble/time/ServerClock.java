package io.redisdouble.time;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's clock, under the test's control. Two modes:
 * <ul>
 *   <li>flowing: wall-clock time plus an offset that {@link #advance} increases (the default);</li>
 *   <li>manual: frozen at a start instant; only {@link #advance} and {@link #set} move it.</li>
 * </ul>
 * Either way, advancing by 61 s makes a 60 s TTL due at once, with no sleep. Thread-safe.
 */
public final class ServerClock implements TimeSource {
    private final boolean manual;
    private final long startMicros;          // manual mode: where reset() goes back to
    private final AtomicLong micros;         // manual mode: now; flowing mode: the offset

    private ServerClock(boolean manual, long startMicros) {
        this.manual = manual;
        this.startMicros = startMicros;
        this.micros = new AtomicLong(manual ? startMicros : 0);
    }

    /** Wall-clock time that tests may still move forward. */
    public static ServerClock flowing() {
        return new ServerClock(false, 0);
    }

    /** Frozen time starting at {@code start}. */
    public static ServerClock manual(Instant start) {
        return new ServerClock(true, toMicros(start));
    }

    private static long toMicros(Instant i) {
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1000);
    }

    @Override
    public long currentTimeMillis() {
        if (manual) return Math.floorDiv(micros.get(), 1000L);
        // Hot path (every command): no Instant allocation.
        return System.currentTimeMillis() + Math.floorDiv(micros.get(), 1000L);
    }

    @Override
    public long currentTimeMicros() {
        if (manual) return micros.get();
        Instant now = Instant.now();
        return toMicros(now) + micros.get();
    }

    @Override
    public boolean isManual() {
        return manual;
    }

    /** Moves time forward (never back). */
    public void advance(Duration d) {
        if (d.isNegative()) throw new IllegalArgumentException("time only moves forward: " + d);
        micros.addAndGet(Math.addExact(Math.multiplyExact(d.getSeconds(), 1_000_000L), d.getNano() / 1000));
    }

    /** Sets the current instant (manual mode only). */
    public void setNow(Instant instant) {
        if (!manual) throw new IllegalStateException("set() needs manual time: build the server with manualTime()");
        micros.set(toMicros(instant));
    }

    /** Manual mode: back to the start instant. Flowing mode: back to wall-clock time. */
    public void reset() {
        micros.set(manual ? startMicros : 0);
    }

    public Instant instant() {
        long m = currentTimeMicros();
        return Instant.ofEpochSecond(Math.floorDiv(m, 1_000_000L), Math.floorMod(m, 1_000_000L) * 1000L);
    }
}
