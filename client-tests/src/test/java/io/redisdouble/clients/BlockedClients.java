package io.redisdouble.clients;

import redis.clients.jedis.Jedis;

import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Waits, through a plain Jedis connection, until a server reports a number of clients blocked in a
 * blocking command (INFO {@code blocked_clients}), as Redis's own tests do with {@code wait_for_blocked_client}.
 * Scenarios push only once the pop is really waiting, so "woken by another connection's push" is what
 * is tested, not "the element was already there".
 */
final class BlockedClients {
    private BlockedClients() {
    }

    /** The server's {@code blocked_clients}. */
    static long count(Target server) {
        try (Jedis admin = new Jedis(server.host(), server.port())) {
            for (String line : admin.info("clients").split("\r\n")) {
                if (line.startsWith("blocked_clients:")) {
                    return Long.parseLong(line.substring("blocked_clients:".length()).trim());
                }
            }
        }
        throw new AssertionError("INFO clients has no blocked_clients field");
    }

    /**
     * Waits (up to 20 s, then fails: a bound, not a timed assertion) until {@code n} clients are
     * blocked, or {@code unless} is done (it returned early: its result is then checked by the caller).
     */
    static void await(Target server, long n, Future<?> unless) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (count(server) != n) {
            if (unless != null && unless.isDone()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail(server + ": never saw " + n + " blocked clients (now " + count(server) + ")");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
