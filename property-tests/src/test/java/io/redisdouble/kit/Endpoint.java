package io.redisdouble.kit;

import io.redisdouble.testing.RawRedisClient;

import java.time.Duration;

/** Where one side of a comparison listens, and how to authenticate there. */
public record Endpoint(String host, int port, String username, String password) {

    public static Endpoint of(String host, int port) {
        return new Endpoint(host, port, null, null);
    }

    /** A new raw connection, authenticated when a password is known. */
    public RawRedisClient open() {
        RawRedisClient c = new RawRedisClient(host, port, Duration.ofSeconds(10));
        if (password != null) {
            byte[] r = username != null ? c.call("AUTH", username, password) : c.call("AUTH", password);
            if (r.length == 0 || r[0] != '+') {
                c.close();
                throw new IllegalStateException("AUTH failed on " + this + ": " + RawRedisClient.printable(r));
            }
        }
        return c;
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
