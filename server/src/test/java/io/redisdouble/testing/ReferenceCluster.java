package io.redisdouble.testing;

import io.redisdouble.cluster.HashSlots;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A real Redis Cluster of {@code masters} masters (no replicas) for comparisons: bundled redis-server
 * processes started with {@code --cluster-enabled yes}, given their slots as {@code redis-cli --cluster
 * create} gives them (ADDSLOTSRANGE, SET-CONFIG-EPOCH 1..N), joined with CLUSTER MEET, and awaited until
 * every node reports {@code cluster_state:ok} and knows every other (polling, with a deadline). If it
 * cannot start or does not converge, the constructor fails saying why.
 */
public final class ReferenceCluster implements AutoCloseable {
    private static final Duration CONVERGE_TIMEOUT = Duration.ofSeconds(30);
    private final List<ReferenceRedis> nodes = new ArrayList<>();
    private final List<String> ids = new ArrayList<>();
    private final String version;

    private ReferenceCluster(String version, int masters) {
        this.version = version;
        try {
            int[][] ranges = HashSlots.createAllocation(masters);
            int[] busPorts = new int[masters];
            for (int i = 0; i < masters; i++) {
                busPorts[i] = freePort();
                nodes.add(ReferenceRedis.startPrivate(version, "--cluster-enabled", "yes", "--cluster-config-file",
                        "nodes.conf", "--cluster-port", Integer.toString(busPorts[i]), "--cluster-node-timeout", "5000"));
            }
            for (int i = 0; i < masters; i++) {
                try (RawRedisClient c = nodes.get(i).openClient()) {
                    expectOk(c.call("CLUSTER", "ADDSLOTSRANGE", Integer.toString(ranges[i][0]), Integer.toString(ranges[i][1])));
                    expectOk(c.call("CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(i + 1)));
                    ids.add(text(c.call("CLUSTER", "MYID")));
                }
            }
            try (RawRedisClient c = nodes.get(0).openClient()) {
                for (int i = 1; i < masters; i++) {
                    expectOk(c.call("CLUSTER", "MEET", "127.0.0.1", Integer.toString(nodes.get(i).port()),
                            Integer.toString(busPorts[i])));
                }
            }
            awaitConverged(masters);
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException("the reference Redis Cluster (" + version + ", " + masters
                    + " masters) did not start: " + e.getMessage(), e);
        }
    }

    /** Starts a real cluster of {@code masters} masters of the bundled {@code version} ("7.0"). */
    public static ReferenceCluster start(String version, int masters) {
        return new ReferenceCluster(version, masters);
    }

    public List<ReferenceRedis> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    public String version() {
        return version;
    }

    /** The node ids, in node order. */
    public List<String> ids() {
        return Collections.unmodifiableList(ids);
    }

    public ReferenceRedis node(int i) {
        return nodes.get(i);
    }

    /** The index of the node serving the slot, by the allocation made at start. */
    public int ownerIndex(int slot) {
        int[][] ranges = HashSlots.createAllocation(nodes.size());
        for (int i = 0; i < ranges.length; i++) if (slot >= ranges[i][0] && slot <= ranges[i][1]) return i;
        throw new IllegalArgumentException("slot " + slot);
    }

    /** FLUSHALL on every node. */
    public void flushAll() {
        for (ReferenceRedis n : nodes) {
            try (RawRedisClient c = n.openClient()) {
                c.call("FLUSHALL");
            }
        }
    }

    private void awaitConverged(int masters) {
        long deadline = System.nanoTime() + CONVERGE_TIMEOUT.toNanos();
        String last = "";
        while (true) {
            boolean all = true;
            for (ReferenceRedis n : nodes) {
                try (RawRedisClient c = n.openClient()) {
                    String info = text(c.call("CLUSTER", "INFO"));
                    String slots = text(c.call("CLUSTER", "NODES"));
                    boolean ok = info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:" + masters)
                            && info.contains("cluster_current_epoch:" + masters)
                            && !slots.contains("handshake") && !slots.contains("noaddr")
                            && slots.lines().filter(l -> l.contains("connected")).count() == masters
                            && !slots.contains("disconnected");
                    if (!ok) {
                        all = false;
                        last = n + ": " + info.lines().findFirst().orElse("") + " / " + slots.replace('\n', '|');
                    }
                }
            }
            if (all) return;
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not converged after " + CONVERGE_TIMEOUT.toSeconds() + " s: " + last);
            }
            RawRedisClient.realTimePasses(100);
        }
    }

    private static void expectOk(byte[] reply) {
        String r = new String(reply, StandardCharsets.UTF_8);
        if (!r.equals("+OK\r\n")) throw new IllegalStateException("expected +OK, got " + r.strip());
    }

    /** The text of a bulk or verbatim reply. */
    static String text(byte[] reply) {
        String r = new String(reply, StandardCharsets.UTF_8);
        if (r.startsWith("$")) {
            int nl = r.indexOf("\r\n");
            return r.substring(nl + 2, r.length() - 2);
        }
        if (r.startsWith("=")) {
            int nl = r.indexOf("\r\n");
            return r.substring(nl + 2 + 4, r.length() - 2);
        }
        throw new IllegalStateException("not a bulk reply: " + r.strip());
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }

    @Override
    public void close() {
        for (ReferenceRedis n : nodes) {
            try {
                n.close();
            } catch (RuntimeException e) {
                // the others are still stopped
            }
        }
    }

    @Override
    public String toString() {
        return "ReferenceCluster" + nodes;
    }
}
