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
 * create} gives them (ADDSLOTSRANGE, SET-CONFIG-EPOCH 1..N over all nodes), joined with CLUSTER MEET, and awaited until
 * every node reports {@code cluster_state:ok} and knows every other (polling, with a deadline). If it
 * cannot start or does not converge, the constructor fails saying why.
 */
public final class ReferenceCluster implements AutoCloseable {
    private static final Duration CONVERGE_TIMEOUT = Duration.ofSeconds(30);
    private final List<ReferenceRedis> nodes = new ArrayList<>();
    private final List<String> ids = new ArrayList<>();
    private final String version;

    private ReferenceCluster(String version, int masters, int replicasPerMaster) {
        this.version = version;
        this.masters = masters;
        int total = masters * (1 + replicasPerMaster);
        try {
            int[][] ranges = HashSlots.createAllocation(masters);
            int[] busPorts = new int[total];
            for (int i = 0; i < total; i++) {
                ReferenceRedis n = startLoneNode(version);
                nodes.add(n);
                busPorts[i] = busPort(n);
            }
            for (int i = 0; i < total; i++) {
                try (RawRedisClient c = nodes.get(i).openClient()) {
                    expectOk(c.call("CONFIG", "SET", "cluster-node-timeout", "1000"));
                    expectOk(c.call("CONFIG", "SET", "repl-diskless-sync-delay", "0")); // replicas sync at once
                    if (i < masters) {
                        // ADDSLOTS (ADDSLOTSRANGE came with 7.0)
                        List<String> add = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
                        for (int s = ranges[i][0]; s <= ranges[i][1]; s++) add.add(Integer.toString(s));
                        expectOk(c.call(add.toArray(new String[0])));
                    }
                    // redis-cli --cluster create gives every node its own epoch, in node order
                    expectOk(c.call("CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(i + 1)));
                    ids.add(text(c.call("CLUSTER", "MYID")));
                }
            }
            try (RawRedisClient c = nodes.get(0).openClient()) {
                for (int i = 1; i < total; i++) {
                    expectOk(c.call("CLUSTER", "MEET", "127.0.0.1", Integer.toString(nodes.get(i).port()),
                            Integer.toString(busPorts[i])));
                }
            }
            if (replicasPerMaster > 0) {
                awaitCondition("every node knows every other", () -> {
                    for (ReferenceRedis n : nodes) {
                        try (RawRedisClient c = n.openClient()) {
                            String nodesText = text(c.call("CLUSTER", "NODES"));
                            if (nodesText.lines().count() != total || nodesText.contains("handshake") || nodesText.contains("noaddr")) {
                                return n + ": " + nodesText.replace('\n', '|');
                            }
                        }
                    }
                    return null;
                });
                // replicas in the order the emulated cluster makes them: master 0's first
                int r = masters;
                for (int m = 0; m < masters; m++) {
                    for (int k = 0; k < replicasPerMaster; k++, r++) {
                        try (RawRedisClient c = nodes.get(r).openClient()) {
                            expectOk(c.call("CLUSTER", "REPLICATE", ids.get(m)));
                        }
                    }
                }
            }
            awaitConverged();
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException("the reference Redis Cluster (" + version + ", " + masters
                    + " masters) did not start: " + e.getMessage(), e);
        }
    }

    /**
     * Polls {@code check} (null when satisfied, else what is not) until it is satisfied, failing with its
     * last answer after the deadline.
     */
    public static void awaitCondition(String what, java.util.function.Supplier<String> check) {
        long deadline = System.nanoTime() + CONVERGE_TIMEOUT.toNanos();
        while (true) {
            String missing = check.get();
            if (missing == null) return;
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the real cluster did not reach: " + what + " within "
                        + CONVERGE_TIMEOUT.toSeconds() + " s: " + missing);
            }
            RawRedisClient.realTimePasses(50);
        }
    }

    /** Starts a real cluster of {@code masters} masters with replicas (3 masters, 1 replica each: 6 processes). */
    public static ReferenceCluster start(String version, int masters, int replicasPerMaster) {
        return new ReferenceCluster(version, masters, replicasPerMaster);
    }

    /** The cluster bus port of a node: CONFIG GET cluster-port (7.0+; 0 there means port + 10000). */
    private static int busPort(ReferenceRedis n) {
        try (RawRedisClient c = n.openClient()) {
            String r = new String(c.call("CONFIG", "GET", "cluster-port"), StandardCharsets.UTF_8);
            String[] parts = r.split("\r\n");
            int p = parts.length >= 5 ? Integer.parseInt(parts[4]) : 0;
            return p != 0 ? p : n.port() + 10000;
        }
    }

    /**
     * One real server of {@code version} in cluster mode with no slots and no peers. Its cluster bus port
     * is a free one (7.0+: --cluster-port); 6.2, which always uses port + 10000, is started again when
     * the port it was given leaves no room for that.
     */
    public static ReferenceRedis startLoneNode(String version) {
        boolean busPortOption = !version.trim().startsWith("6"); // cluster-port came with 7.0
        RuntimeException last = null;
        for (int attempt = 0; attempt < 8; attempt++) {
            try {
                ReferenceRedis r = busPortOption
                        ? ReferenceRedis.startPrivate(version, "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                                "--cluster-port", Integer.toString(freePort()))
                        : ReferenceRedis.startPrivate(version, "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf");
                if (r.port() + 10000 <= 65535 || busPortOption) return r;
                r.close();
            } catch (RuntimeException e) {
                last = e; // 6.2 on a port above 55535: its bus port does not exist
            }
        }
        throw new IllegalStateException("Redis " + version + " did not start in cluster mode", last);
    }

    /** Starts a real cluster of {@code masters} masters of the bundled {@code version} ("7.0"). */
    public static ReferenceCluster start(String version, int masters) {
        return new ReferenceCluster(version, masters, 0);
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
        for (int i = 0; i < nodes.size(); i++) {
            if (dead.contains(i)) continue;
            try (RawRedisClient c = nodes.get(i).openClient()) {
                String role = text(c.call("INFO", "replication"));
                if (role.contains("role:master")) c.call("FLUSHALL");
            }
        }
    }

    /**
     * Waits until every live node says cluster_state:ok, knows every node without handshake, agrees on
     * CLUSTER SLOTS with the others, and every replica's link to its master is up.
     */
    public void awaitConverged() {
        awaitCondition("a converged cluster", () -> {
            String slots = null;
            for (int i = 0; i < nodes.size(); i++) {
                ReferenceRedis n = nodes.get(i);
                if (dead.contains(i)) continue;
                try (RawRedisClient c = n.openClient()) {
                    String info = text(c.call("CLUSTER", "INFO"));
                    String nodesText = text(c.call("CLUSTER", "NODES"));
                    String mySlots = new String(c.call("CLUSTER", "SLOTS"), StandardCharsets.UTF_8);
                    String repl = text(c.call("INFO", "replication"));
                    if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:" + nodes.size())
                            || nodesText.contains("handshake") || nodesText.contains("noaddr") || nodesText.contains("fail?")
                            || (repl.contains("role:slave") && !repl.contains("master_link_status:up"))) {
                        return n + ": " + info.lines().findFirst().orElse("") + " / " + nodesText.replace('\n', '|');
                    }
                    for (int d : dead) {
                        if (!nodesText.contains(ids.get(d) + " ") || !nodesText.lines().anyMatch(l -> l.startsWith(ids.get(d)) && l.contains(",fail "))) {
                            return n + " does not see " + ids.get(d) + " as failed: " + nodesText.replace('\n', '|');
                        }
                    }
                    // CLUSTER SLOTS lists a replica once this node has heard of its replication offset
                    long listed = mySlots.split("127\\.0\\.0\\.1", -1).length - 1;
                    if (listed != servingNodes(nodesText)) return n + " does not list every replica in CLUSTER SLOTS yet";
                    if (slots == null) slots = mySlots;
                    else if (!slots.equals(mySlots)) return n + " disagrees on CLUSTER SLOTS";
                }
            }
            return null;
        });
    }

    /**
     * How many entries a converged CLUSTER SLOTS has, by CLUSTER NODES: each live master's slot ranges
     * once, and as many times each of its live replicas.
     */
    private static long servingNodes(String nodesText) {
        java.util.Map<String, Integer> ranges = new java.util.HashMap<>();
        java.util.Map<String, Integer> replicas = new java.util.HashMap<>();
        for (String line : nodesText.split("\n")) {
            String[] f = line.split(" ");
            if (f[2].contains("fail")) continue;
            if (f[2].contains("master")) ranges.put(f[0], f.length - 8 - (int) java.util.Arrays.stream(f).filter(x -> x.startsWith("[")).count());
            else replicas.merge(f[3], 1, Integer::sum);
        }
        long total = 0;
        for (var e : ranges.entrySet()) total += (long) e.getValue() * (1 + replicas.getOrDefault(e.getKey(), 0));
        return total;
    }

    private final java.util.Set<Integer> dead = new java.util.TreeSet<>();
    private final int masters;

    /** Kills node i (kill -9 as a crash would); {@link #awaitConverged} then waits for the failover. */
    public void crash(int i) {
        nodes.get(i).close();
        dead.add(i);
    }

    /**
     * Moves a slot from node {@code from} to node {@code to} as redis-cli --cluster reshard does
     * (SETSLOT IMPORTING, SETSLOT MIGRATING, MIGRATE … KEYS, SETSLOT NODE on every master) and waits
     * until every node agrees.
     */
    public void moveSlot(int slot, int from, int to) {
        String s = Integer.toString(slot);
        expectOk(call(to, "CLUSTER", "SETSLOT", s, "IMPORTING", ids.get(from)));
        expectOk(call(from, "CLUSTER", "SETSLOT", s, "MIGRATING", ids.get(to)));
        while (true) {
            String keys = new String(call(from, "CLUSTER", "GETKEYSINSLOT", s, "100"), StandardCharsets.UTF_8);
            List<String> names = new ArrayList<>();
            String[] parts = keys.split("\r\n");
            for (int i = 2; i < parts.length; i += 2) names.add(parts[i]);
            if (names.isEmpty()) break;
            List<String> cmd = new ArrayList<>(List.of("MIGRATE", "127.0.0.1", Integer.toString(nodes.get(to).port()), "", "0", "5000", "KEYS"));
            cmd.addAll(names);
            expectOk(call(from, cmd.toArray(new String[0])));
        }
        for (int i = 0; i < nodes.size(); i++) {
            if (dead.contains(i)) continue;
            if (text(call(i, "INFO", "replication")).contains("role:master")) expectOk(call(i, "CLUSTER", "SETSLOT", s, "NODE", ids.get(to)));
        }
        awaitConverged();
    }

    /** CLUSTER FAILOVER on replica {@code replica}, waiting until it is a master everywhere. */
    public void failover(int replica) {
        expectOk(call(replica, "CLUSTER", "FAILOVER"));
        awaitCondition("node " + replica + " is a master", () -> {
            for (int i = 0; i < nodes.size(); i++) {
                if (dead.contains(i)) continue;
                String nodesText = text(call(i, "CLUSTER", "NODES"));
                if (!nodesText.lines().anyMatch(l -> l.startsWith(ids.get(replica)) && l.contains("master"))) return nodesText;
            }
            return null;
        });
        awaitConverged();
    }

    /** Runs a command on node i and returns the raw reply. */
    public byte[] call(int i, String... argv) {
        try (RawRedisClient c = nodes.get(i).openClient()) {
            return c.call(argv);
        }
    }

    private static void expectOk(byte[] reply) {
        String r = new String(reply, StandardCharsets.UTF_8);
        if (!r.equals("+OK\r\n")) throw new IllegalStateException("expected +OK, got " + r.strip());
    }

    /** The text of a bulk or verbatim reply. */
    public static String text(byte[] reply) {
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
