package io.redisdouble.fault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One fault, active from the moment {@link Faults.On} made it until {@link #remove()} (or {@link #close()},
 * so a try-with-resources block scopes it, or {@link Faults#clear()}). Each time it acts on a request or a
 * connection it "fires": the firing is counted, and recorded in {@link Faults#log()}. With
 * {@link Faults.On#times(long) times(n)} it fires n times and then lets everything through (it stays listed
 * until removed, so its firings can still be read).
 */
public final class FaultRule implements AutoCloseable {
    /** What a rule does when it fires. */
    public enum Kind {
        /** The request is not run; the client gets the rule's error line instead of its reply. */
        ERROR,
        /** The request runs at once; its reply (and every later one on that connection) leaves the server only after the delay. */
        DELAY,
        /** The request is not run; the connection is closed (replies to earlier requests are sent first). */
        CLOSE_BEFORE,
        /** The request runs, then the connection is closed without its reply: written, but the reply was lost. */
        CLOSE_AFTER,
        /** A network partition: the server stops reading from and answering the client until the rule is removed. */
        STALL,
        /** New connections are reset as soon as they are accepted, before anything is read from them. */
        REFUSE
    }

    private final Faults owner;
    private final long id;
    private final Kind kind;
    private final Match match;
    private final String errorText;
    private final Duration delay;
    private final long limit;
    private final AtomicLong remaining;
    private final AtomicLong fired = new AtomicLong();
    private volatile boolean removed;
    /** Connections this (STALL) rule holds; touched on the command thread only. */
    final List<FaultConnection> stalled = new ArrayList<>();

    FaultRule(Faults owner, long id, Kind kind, Match match, String errorText, Duration delay, long limit) {
        this.owner = owner;
        this.id = id;
        this.kind = kind;
        this.match = match;
        this.errorText = errorText;
        this.delay = delay;
        this.limit = limit;
        this.remaining = new AtomicLong(limit);
    }

    /** This server's number for the rule, from 1 (what DOUBLE.FAULT … answers). */
    public long id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    public Match match() {
        return match;
    }

    /** The error line an ERROR rule sends, without the leading '-'; null for other kinds. */
    public String errorText() {
        return errorText;
    }

    /** How long a DELAY rule holds replies back; null for other kinds. */
    public Duration delay() {
        return delay;
    }

    /** How many times it has fired. */
    public long fired() {
        return fired.get();
    }

    /** How many more times it may fire (Long.MAX_VALUE: until removed). */
    public long remaining() {
        return isRemoved() ? 0 : remaining.get();
    }

    public boolean isRemoved() {
        return removed;
    }

    /** Its firings, oldest first. */
    public List<FaultEvent> events() {
        return owner.log(this);
    }

    /**
     * Waits (on real time) until the rule has fired at least {@code n} times; false if {@code timeout}
     * passed first. For tests that must know a client's request has reached the server.
     */
    public synchronized boolean awaitFired(long n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (fired.get() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /**
     * Ends the fault: it fires no more, and the clients a STALL rule held are served again (their waiting
     * requests run, their held replies go out) before this returns. Idempotent.
     */
    public void remove() {
        owner.remove(this);
    }

    /** {@link #remove()}, for try-with-resources. */
    @Override
    public void close() {
        remove();
    }

    /** Takes one firing if any is left (command thread, or the accepting thread for REFUSE). */
    boolean tryFire() {
        if (removed) return false;
        while (true) {
            long left = remaining.get();
            if (left <= 0) return false;
            if (left == Long.MAX_VALUE || remaining.compareAndSet(left, left - 1)) break;
        }
        fired.incrementAndGet();
        synchronized (this) {
            notifyAll();
        }
        return true;
    }

    void markRemoved() {
        removed = true;
    }

    @Override
    public String toString() {
        String what = switch (kind) {
            case ERROR -> "error \"" + errorText + "\"";
            case DELAY -> "delay " + delay.toMillis() + "ms";
            default -> kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        };
        return "id=" + id + " " + what + " match=" + match + " times=" + (limit == Long.MAX_VALUE ? "unlimited" : Long.toString(limit))
                + " fired=" + fired.get() + (removed ? " removed" : "");
    }
}
