package io.redisdouble.fault;

/**
 * A client connection as the fault machinery sees it: implemented by the transport (net), called on the
 * command thread only.
 */
public interface FaultConnection {
    /** CLIENT ID of the connection. */
    long clientId();

    /** Its name (CLIENT SETNAME), or null. */
    String clientName();

    /** {@code ip:port} of the peer. */
    String clientAddress();

    /** True for a connection that has sent a fault-control command: no fault ever applies to it. */
    boolean isFaultController();

    /** Stops reading from and writing to the client until as many {@link #heal}s (one per stalling rule). */
    void stall();

    /** Ends one {@link #stall}: at the last, requests held meanwhile run and the held replies go out. */
    void heal();
}
