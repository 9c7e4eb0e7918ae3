package io.redisdouble;

import io.redisdouble.cluster.ClusterTopology;
import io.redisdouble.cluster.HashSlots;
import io.redisdouble.command.ClusterBus;
import io.redisdouble.command.Engine;
import io.redisdouble.dialect.Dialect;
import io.redisdouble.net.NettyServer;
import io.redisdouble.time.ServerClock;

import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A Redis Cluster emulated in one process, for tests:
 *
 * <pre>{@code
 * try (RedisCluster cluster = RedisDouble.cluster().masters(3).replicasPerMaster(1).start()) {
 *     JedisCluster jedis = new JedisCluster(new HostAndPort("127.0.0.1", cluster.masters().get(0).port()));
 *     ...
 *     cluster.moveSlot(RedisCluster.slot("user:1"), cluster.masters().get(2)); // clients now get MOVED
 *     cluster.crash(cluster.nodeForKey("user:1"));                                  // its replica takes over
 * }
 * }</pre>
 *
 * <p>Each master is a full server (its own data, port and command thread); a replica is another port on
 * its master's server with its own node identity, so its data is always the master's (as a replica that
 * never lags), it answers MOVED unless the client sent READONLY, and a failover only swaps roles. Every
 * node reads one shared topology ({@link ClusterTopology}): slots split as {@code redis-cli --cluster
 * create} splits them, config epochs 1..N over all nodes as it sets them, node IDs derived from the seed. The topology changes only
 * through this class (or a replica's CLUSTER FAILOVER), at once and for every node together: the
 * emulated cluster bus has always converged. All nodes share one clock ({@link #time()}).
 */
public final class RedisCluster implements AutoCloseable {
    private final AtomicReference<ClusterTopology> topology = new AtomicReference<>();
    private final ServerClock clock;
    private final Builder config;
    private final SplittableRandom ids;
    /** The shards (a master's server and its replicas' ports) in creation order. */
    private final List<Shard> shards = new ArrayList<>();
    /** Port -> node id, for every port a node listens (or listened) on. */
    private final Map<Integer, String> idByPort = new ConcurrentHashMap<>();
    private final Map<String, Node> nodes = new ConcurrentHashMap<>();
    private final Time time = new Time();
    /**
     * Guards each read-modify-write of {@link #topology}: the test's changes (which the public methods
     * also serialise among themselves) and a client's CLUSTER FAILOVER on a node's command thread. Never
     * held while waiting for a command thread.
     */
    private final Object topologyLock = new Object();

    private void update(java.util.function.UnaryOperator<ClusterTopology> change) {
        synchronized (topologyLock) {
            topology.set(change.apply(topology.get()));
        }
    }
    /** The certificates of a TLS cluster ({@link Builder#tls()}), deleted at close; null without TLS. */
    private io.redisdouble.tls.GeneratedCertificates certificates;

    /**
     * The TLS side of a TLS cluster ({@link Builder#tls()}): the CA every node's certificate is signed by and
     * a client certificate signed by it, as {@link RedisDouble#tls()} gives them; {@link RedisTls#port()} is
     * the first master's TLS port (every node's is {@link Node#tlsPort()}). Throws IllegalStateException
     * without TLS ({@link #tlsEnabled()}).
     */
    public RedisTls tls() {
        if (!config.tls) throw new IllegalStateException("this cluster was started without TLS (RedisCluster.builder().tls())");
        Node first = initialNodes.isEmpty() ? nodes().get(0) : initialNodes.get(0);
        if (certificates == null) return first.server().tls(); // the files the template named, no client certificate
        return new RedisTls(first.host(), first.tlsPort(), certificates.caCert(), certificates.serverCert(),
                certificates.serverKey(), certificates.clientCert(), certificates.clientKey());
    }

    /** True for a cluster started with {@link Builder#tls()}. */
    public boolean tlsEnabled() {
        return config.tls;
    }

    /** The next replica's TLS port when the TLS ports were chosen ({@code --tls-port} with {@code --cluster-nodes}), else 0. */
    private int nextTlsPort;

    /** The topology and nodes as started, for {@link #reset}. */
    private ClusterTopology initial;
    private List<Node> initialNodes = List.of();
    private volatile boolean closed;

    private RedisCluster(Builder b) {
        this.config = b;
        this.clock = b.manualStart != null ? ServerClock.manual(b.manualStart) : ServerClock.flowing();
        this.ids = new SplittableRandom(b.seed);
        this.shardIds = new SplittableRandom(b.seed ^ 0x5AA8D1DL);
        topology.set(ClusterTopology.of(List.of(), 0));
        try {
            // one CA for the whole cluster, so that a client trusts every node (redis-cli --cluster create
            // over TLS needs the same)
            certificates = b.tls && b.generateCertificates ? io.redisdouble.tls.GeneratedCertificates.create(b.host) : null;
            int[][] ranges = HashSlots.createAllocation(b.masters);
            List<Node> masters = new ArrayList<>();
            for (int i = 0; i < b.masters; i++) masters.add(startMaster(b.basePort == 0 ? 0 : b.basePort + i));
            nextTlsPort = b.tlsBasePort == 0 ? 0 : b.tlsBasePort + b.masters;
            int nextPort = b.basePort == 0 ? 0 : b.basePort + b.masters;
            for (Node m : masters) {
                for (int r = 0; r < b.replicasPerMaster; r++) {
                    addReplicaNode(m, nextPort);
                    if (nextPort != 0) nextPort++;
                }
            }
            // redis-cli --cluster create: config epochs 1..N by node order (masters, then replicas), slots as allocated
            ClusterTopology t = topology.get();
            List<ClusterTopology.Node> ns = new ArrayList<>();
            int epoch = 0;
            for (ClusterTopology.Node n : t.nodes()) {
                ns.add(new ClusterTopology.Node(n.id(), n.host(), n.port(), n.busPort(), n.masterId(), ++epoch, false, n.tlsPort()));
            }
            t = ClusterTopology.of(ns, epoch);
            for (int i = 0; i < masters.size(); i++) t = t.withSlots(ranges[i][0], ranges[i][1], masters.get(i).id);
            topology.set(t);
            initial = t;
            initialNodes = List.copyOf(nodes());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The slot of a key (CLUSTER KEYSLOT): CRC16 of the key or of its {hash tag}, modulo 16384. */
    public static int slot(String key) {
        return HashSlots.slot(key.getBytes(StandardCharsets.UTF_8));
    }

    // ---- nodes --------------------------------------------------------------------------------------

    /** Every node, masters and replicas, in the order they were started. */
    public List<Node> nodes() {
        List<Node> out = new ArrayList<>();
        for (ClusterTopology.Node n : topology.get().nodes()) out.add(nodes.get(n.id()));
        return Collections.unmodifiableList(out);
    }

    /** The nodes that are masters now (failovers change this). */
    public List<Node> masters() {
        List<Node> out = new ArrayList<>();
        for (ClusterTopology.Node n : topology.get().nodes()) if (n.isMaster()) out.add(nodes.get(n.id()));
        return Collections.unmodifiableList(out);
    }

    /** The nodes that are replicas now. */
    public List<Node> replicas() {
        List<Node> out = new ArrayList<>();
        for (ClusterTopology.Node n : topology.get().nodes()) if (!n.isMaster()) out.add(nodes.get(n.id()));
        return Collections.unmodifiableList(out);
    }

    /** The node with this id (CLUSTER MYID), or null. */
    public Node node(String id) {
        return nodes.get(id);
    }

    /** The master serving the key's slot, or null when the slot is not served. */
    public Node nodeForKey(String key) {
        return nodeForSlot(slot(key));
    }

    public Node nodeForSlot(int slot) {
        ClusterTopology.Node n = topology.get().owner(slot);
        return n == null ? null : nodes.get(n.id());
    }

    /** The topology every node answers from now (CLUSTER SLOTS, NODES… are drawn from it). */
    public ClusterTopology topology() {
        return topology.get();
    }

    /** The emulated version, as in {@link RedisDouble#dialect()}. */
    public Dialect dialect() {
        return config.dialect;
    }

    /** The shared clock of every node. */
    public Time time() {
        return time;
    }

    // ---- changes from the test ----------------------------------------------------------------------

    /**
     * Moves a slot to another master at once, as redis-cli --cluster reshard does (SETSLOT IMPORTING /
     * MIGRATING, MIGRATE of every key, SETSLOT NODE everywhere): its keys go with it, and the old owner
     * answers MOVED from now on.
     */
    public synchronized void moveSlot(int slot, Node target) {
        beginSlotMigration(slot, target);
        finishSlotMigration(slot);
    }

    /**
     * Starts moving a slot (CLUSTER SETSLOT … MIGRATING on its owner, IMPORTING on the target): until
     * {@link #finishSlotMigration}, the owner answers ASK for keys it no longer has (see
     * {@link #migrateKeys}) and TRYAGAIN for multi-key commands that find only some of theirs; the target
     * serves the slot's keys to clients that sent ASKING.
     */
    public synchronized void beginSlotMigration(int slot, Node target) {
        checkSlot(slot);
        ClusterTopology t = topology.get();
        ClusterTopology.Node owner = t.owner(slot);
        if (owner == null) throw new IllegalStateException("slot " + slot + " is not served by any node");
        if (!target.isMaster()) throw new IllegalArgumentException(target + " is not a master");
        if (owner.id().equals(target.id)) throw new IllegalArgumentException("slot " + slot + " is already served by " + target);
        update(x -> x.withMigration(slot, target.id));
    }

    /** MIGRATE of these keys (of a slot being migrated) from its owner to the target, as the reshard does one by one. */
    public synchronized void migrateKeys(String... keys) {
        ClusterTopology t = topology.get();
        for (String key : keys) {
            int slot = slot(key);
            String to = t.migratingTo(slot);
            if (to == null) throw new IllegalStateException("slot " + slot + " of " + key + " is not being migrated");
            moveKey(shardOf(t.owner(slot).id()), shardOf(to), key.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Ends a migration: the slot's remaining keys move, and the target serves it (SETSLOT NODE on every node). */
    public synchronized void finishSlotMigration(int slot) {
        checkSlot(slot);
        ClusterTopology t = topology.get();
        String to = t.migratingTo(slot);
        if (to == null) throw new IllegalStateException("slot " + slot + " is not being migrated");
        Shard from = shardOf(t.owner(slot).id());
        Shard target = shardOf(to);
        for (byte[] key : from.keysInSlot(slot)) moveKey(from, target, key);
        update(x -> x.withSlotMoved(slot, to));
    }

    /** Moves every slot of {@code first..last} (see {@link #moveSlot}). */
    public synchronized void moveSlots(int first, int last, Node target) {
        for (int s = first; s <= last; s++) moveSlot(s, target);
    }

    /**
     * CLUSTER FAILOVER on a replica: it becomes the master of its shard (new config epoch, its master's
     * slots), the old master and the other replicas replicate it.
     */
    public synchronized void failover(Node replica) {
        if (replica.isMaster()) throw new IllegalArgumentException(replica + " is not a replica");
        String[] oldMaster = new String[1];
        update(x -> {
            oldMaster[0] = x.node(replica.id).masterId();
            return x.withFailover(replica.id);
        });
        replica.shard.failedOver();
        demoted(oldMaster[0]);
    }

    /** A live master became a replica: its blocked clients are told so. */
    private void demoted(String nodeId) {
        Node n = nodes.get(nodeId);
        ClusterTopology.Node tn = topology.get().node(nodeId);
        if (n == null || tn == null || tn.isMaster() || tn.failed()) return;
        n.shard.server.server().execute(() -> {
            n.shard.server.engine().clusterNodeDemoted(nodeId);
            return null;
        });
    }

    /**
     * The node crashes: its port refuses connections and its clients are disconnected; the others flag it
     * {@code fail}. A master with a live replica is replaced by that replica (the election after
     * cluster-node-timeout, here at once); without one its slots fail and the cluster is down
     * (CLUSTERDOWN) until {@link #restart}.
     */
    public synchronized void crash(Node node) {
        if (topology.get().node(node.id).failed()) return;
        node.closePort();
        update(t -> {
            ClusterTopology.Node n = t.node(node.id);
            t = t.withFailed(node.id, true);
            if (n.isMaster()) {
                for (ClusterTopology.Node r : t.replicasOf(n.id())) {
                    if (!r.failed()) {
                        t = t.withFailover(r.id());
                        node.replacedBy = r.id();
                        node.shard.failedOver();
                        break;
                    }
                }
            }
            return t;
        });
    }

    /**
     * A crashed node comes back on its port: a master that was replaced rejoins as a replica of the
     * new master; one that was not serves its slots again.
     */
    public synchronized void restart(Node node) {
        if (!topology.get().node(node.id).failed()) return;
        node.openPort();
        update(t -> {
            t = t.withFailed(node.id, false);
            ClusterTopology.Node n = t.node(node.id);
            if (n.isMaster() && t.slotCount(node.id) == 0 && node.replacedBy != null && t.node(node.replacedBy) != null) {
                // it learns that its slots have a newer owner and becomes that node's replica
                ClusterTopology.Node successor = t.node(node.replacedBy);
                t = t.withMasterOf(node.id, successor.isMaster() ? successor.id() : successor.masterId());
            }
            return t;
        });
        node.replacedBy = null;
    }

    /** A new master without slots joins (CLUSTER MEET); give it slots with {@link #moveSlot}. */
    public synchronized Node addMaster() {
        return startMaster(0);
    }

    /** A new replica of {@code master} joins (CLUSTER MEET + CLUSTER REPLICATE). */
    public synchronized Node addReplica(Node master) {
        if (!master.isMaster()) throw new IllegalArgumentException(master + " is not a master");
        return addReplicaNode(master, 0);
    }

    /**
     * A node leaves (CLUSTER FORGET on every other node) and stops; a master must serve no slot any more.
     */
    public synchronized void removeNode(Node node) {
        ClusterTopology t = topology.get();
        if (t.slotCount(node.id) > 0) throw new IllegalStateException(node + " still serves slots: move them first");
        if (t.node(node.id).isMaster() && !t.replicasOf(node.id).isEmpty()) {
            throw new IllegalStateException(node + " still has replicas");
        }
        update(x -> x.withoutNode(node.id));
        node.closePort();
        nodes.remove(node.id);
    }

    /**
     * Back to the cluster as started, for the next test: nodes added since are stopped, crashed or
     * removed ones come back on their ports, every slot is served by its first owner again, the data is
     * flushed and the clock reset. Clients keep their connections to the nodes that stayed up.
     */
    public synchronized void reset() {
        for (Node n : new ArrayList<>(nodes.values())) {
            if (initialNodes.contains(n)) continue;
            if (n.portOpen) n.closePort();
            if (n.listener == null) {
                n.shard.server.close();
                shards.remove(n.shard);
            }
            nodes.remove(n.id);
        }
        for (Node n : initialNodes) {
            if (!n.portOpen) n.openPort();
            n.replacedBy = null;
            nodes.put(n.id, n);
        }
        update(x -> initial);
        flushAll();
        time.reset();
        for (Shard s : shards) s.server.runCron();
    }

    /** FLUSHALL on every master. */
    public void flushAll() {
        for (Shard s : shards) if (!s.server.isClosed()) s.server.flushAll();
    }

    private final java.util.concurrent.CountDownLatch closedLatch = new java.util.concurrent.CountDownLatch(1);

    /** Waits until {@link #close} has stopped every node. */
    public void awaitClose() throws InterruptedException {
        closedLatch.await();
    }

    /** Stops every node. Idempotent. */
    @Override
    public void close() {
        closed = true;
        try {
            closeNodes();
        } finally {
            if (certificates != null) certificates.delete();
            closedLatch.countDown();
        }
    }

    private void closeNodes() {
        RuntimeException first = null;
        for (Shard s : shards) {
            try {
                s.server.close();
            } catch (RuntimeException e) {
                if (first == null) first = e;
            }
        }
        if (first != null) throw first;
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "RedisCluster" + nodes();
    }

    // ---- internals ----------------------------------------------------------------------------------

    private static void checkSlot(int slot) {
        if (slot < 0 || slot >= HashSlots.SLOTS) throw new IllegalArgumentException("slot out of range: " + slot);
    }

    /** The cluster bus port Redis would use: port + 10000 (shown in CLUSTER NODES; nothing listens on it). */
    private static int busPort(int port) {
        return port + 10000;
    }

    /** Shard ids come from their own sequence, so that node ids stay what they were before shard ids. */
    private final SplittableRandom shardIds;

    private String newShardId() {
        StringBuilder sb = new StringBuilder(40);
        synchronized (shardIds) {
            for (int i = 0; i < 40; i++) sb.append(Character.forDigit(shardIds.nextInt(16), 16));
        }
        return sb.toString();
    }

    private String newId() {
        StringBuilder sb = new StringBuilder(40);
        for (int i = 0; i < 40; i++) sb.append(Character.forDigit(ids.nextInt(16), 16));
        return sb.toString();
    }

    private Node startMaster(int port) {
        Shard shard = new Shard();
        RedisDouble.Builder b = config.template != null ? config.template.copy() : RedisDouble.builder();
        b.dialect(config.dialect).bind(config.host).port(port).seed(config.seed + shards.size());
        b.sharedClock = clock;
        b.clusterBus = shard.bus;
        if (config.requirepass != null) b.requirepass(config.requirepass);
        for (Map.Entry<String, String> e : config.settings.entrySet()) b.config(e.getKey(), e.getValue());
        if (config.tls) {
            // redis-server with port, tls-port and tls-cluster yes: a TLS port beside the plain one
            // the masters started with the cluster follow the chosen TLS port; one added later takes a free one, as its plain port
            b.tls().tlsPort(port == 0 || config.tlsBasePort == 0 ? 0 : config.tlsBasePort + shards.size());
            if (certificates != null) b.tlsFiles(certificates.serverCert(), certificates.serverKey(), certificates.caCert());
            else b.generateCertificates(false); // the template's tls-cert-file and the like, as given
            b.clusterTls = true;
        }
        shard.server = b.start();
        shards.add(shard);
        Node n = new Node(newId(), shard, null, shard.server.startTlsListener());
        idByPort.put(n.port(), n.id);
        if (n.tlsPort() != 0) idByPort.put(n.tlsPort(), n.id);
        nodes.put(n.id, n);
        update(t -> t.withNode(new ClusterTopology.Node(n.id, n.host(), n.port(), busPort(n.port()), null, 0, false, n.tlsPort())));
        return n;
    }

    private Node addReplicaNode(Node master, int port) {
        Shard shard = master.shard;
        NettyServer.Listener l, tl = null;
        try {
            l = shard.server.server().listen(config.host, port);
            // a replica of a TLS cluster has its own TLS port too (a free one), served by its master's context
            if (config.tls) {
                tl = shard.server.server().listen(config.host, nextTlsPort, shard.server.tlsEngines());
                if (nextTlsPort != 0) nextTlsPort++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting a replica", e);
        }
        Node n = new Node(newId(), shard, l, tl);
        idByPort.put(n.port(), n.id);
        if (n.tlsPort() != 0) idByPort.put(n.tlsPort(), n.id);
        nodes.put(n.id, n);
        update(t -> t.withNode(new ClusterTopology.Node(n.id, n.host(), n.port(), busPort(n.port()), master.id, 0, false, n.tlsPort())));
        return n;
    }

    private Shard shardOf(String nodeId) {
        return nodes.get(nodeId).shard;
    }

    /** MIGRATE key: DUMP, PTTL and DEL on the source, RESTORE … REPLACE on the target. */
    private static void moveKey(Shard from, Shard to, byte[] key) {
        if (from == to) return;
        io.redisdouble.resp.Reply dump = from.server.commandRaw("DUMP".getBytes(StandardCharsets.US_ASCII), key);
        if (!(dump instanceof io.redisdouble.resp.Reply.Bulk payload)) return; // gone (or expired) meanwhile
        io.redisdouble.resp.Reply pttl = from.server.commandRaw("PTTL".getBytes(StandardCharsets.US_ASCII), key);
        long ttl = pttl instanceof io.redisdouble.resp.Reply.Int i && i.value > 0 ? i.value : 0;
        io.redisdouble.resp.Reply r = to.server.commandRaw("RESTORE".getBytes(StandardCharsets.US_ASCII), key,
                Long.toString(ttl).getBytes(StandardCharsets.US_ASCII), payload.value, "REPLACE".getBytes(StandardCharsets.US_ASCII));
        if (r.isError()) throw new IllegalStateException("moving key " + new String(key, StandardCharsets.UTF_8) + ": " + r);
        from.server.commandRaw("DEL".getBytes(StandardCharsets.US_ASCII), key);
    }

    /** A master's server with the ports of its replicas; its engine serves them all. */
    private final class Shard {
        RedisDouble server;
        final ClusterBus bus = new ShardBus(this);
        /** After a failover: the replication id the promoted replica made and the one it replaced. */
        volatile ClusterBus.ReplicationIds replicationIds;

        /** shiftReplicationId, when a replica of this shard is promoted. */
        void failedOver() {
            ClusterBus.ReplicationIds old = replicationIds;
            String previous = old != null ? old.replId() : server.engine().stats().replId();
            long offset = 1 + server.engine().commandsProcessed();
            replicationIds = new ClusterBus.ReplicationIds(newShardId(), previous, offset + 1);
        }

        /** CLUSTER MYSHARDID: the shard keeps it through failovers. */
        final String shardId = newShardId();

        List<byte[]> keysInSlot(int slot) {
            return server.server().execute(() -> {
                List<byte[]> out = new ArrayList<>();
                Engine e = server.engine();
                e.keyspace().db(0).forEachLive(e.time().currentTimeMillis(), entry -> {
                    if (HashSlots.slot(entry.key()) == slot) out.add(entry.key().clone());
                });
                return out;
            });
        }

        /** The id of the node now master of this shard (for in-process clients). */
        String masterId() {
            ClusterTopology t = topology.get();
            for (Node n : nodes.values()) {
                if (n.shard == this) {
                    ClusterTopology.Node tn = t.node(n.id);
                    if (tn != null && tn.isMaster()) return n.id;
                }
            }
            for (Node n : nodes.values()) if (n.shard == this) return n.id;
            return null;
        }
    }

    /** One shard's view of the cluster: what its engine asks. */
    private final class ShardBus implements ClusterBus {
        private final Shard shard;

        ShardBus(Shard shard) {
            this.shard = shard;
        }

        @Override
        public ClusterTopology topology() {
            return topology.get();
        }

        @Override
        public String nodeIdFor(String localAddress) {
            if (localAddress != null) {
                int colon = localAddress.lastIndexOf(':');
                if (colon >= 0) {
                    try {
                        String id = idByPort.get(Integer.parseInt(localAddress.substring(colon + 1)));
                        if (id != null) return id;
                    } catch (NumberFormatException e) {
                        // not a socket address: an in-process client
                    }
                }
            }
            return shard.masterId();
        }

        @Override
        public String shardId(String nodeId) {
            Node n = nodes.get(nodeId);
            return n == null ? shard.shardId : n.shard.shardId;
        }

        @Override
        public ReplicationIds replicationIds(String nodeId) {
            Node n = nodes.get(nodeId);
            return n == null ? null : n.shard.replicationIds;
        }

        @Override
        public long replicationOffset(String nodeId) {
            Node n = nodes.get(nodeId);
            // not bytes propagated (nothing is): the shard's command count, so it grows as the shard serves
            return n == null ? 0 : 1 + n.shard.server.engine().commandsProcessed();
        }

        @Override
        public void propagatePublish(Engine from, byte[] channel, byte[] message) {
            for (Shard s : shards) {
                if (s == shard || s.server.isClosed()) continue;
                NettyServer server = s.server.server();
                Engine engine = s.server.engine();
                server.submit(() -> engine.deliverClusterPublish(channel, message));
            }
        }

        @Override
        public String failover(String replicaId, boolean force) {
            ClusterTopology.Node master;
            synchronized (topologyLock) {
                ClusterTopology t = topology.get();
                ClusterTopology.Node me = t.node(replicaId);
                if (me == null || me.isMaster()) return io.redisdouble.command.Errors.FAILOVER_FROM_MASTER;
                master = t.node(me.masterId());
                if (!force && (master == null || master.failed())) return "ERR Master is down or failed, please use CLUSTER FAILOVER FORCE";
                topology.set(t.withFailover(replicaId));
            }
            shard.failedOver();
            if (master != null) demoted(master.id());
            return null;
        }
    }

    /** One node of the cluster: a master, or a replica (roles change with failovers). */
    public final class Node {
        private final String id;
        private final Shard shard;
        /** The replica's own port on the shard's server; null for the node that started the server. */
        private volatile NettyServer.Listener listener;
        private final int port;
        /** Its TLS port's listener in a TLS cluster (a master's is its server's tls-port), else null. */
        private volatile NettyServer.Listener tlsListener;
        private final int tlsPort;
        /** The replica that took over this master when it crashed, until it comes back. */
        private volatile String replacedBy;

        private Node(String id, Shard shard, NettyServer.Listener listener, NettyServer.Listener tlsListener) {
            this.id = id;
            this.shard = shard;
            this.listener = listener;
            this.port = listener != null ? listener.port() : shard.server.port();
            this.tlsListener = tlsListener;
            this.tlsPort = tlsListener != null ? tlsListener.port() : 0;
        }

        /** Its TLS port in a TLS cluster ({@link Builder#tls()}), else 0. */
        public int tlsPort() {
            return tlsPort;
        }

        /** CLUSTER MYID: 40 hex characters, the same for the same seed. */
        public String id() {
            return id;
        }

        public String host() {
            return shard.server.host();
        }

        public int port() {
            return port;
        }

        public URI uri() {
            return URI.create("redis://" + host() + ":" + port);
        }

        public boolean isMaster() {
            ClusterTopology.Node n = topology.get().node(id);
            return n != null && n.isMaster();
        }

        /** This replica's master, or null for a master. */
        public Node master() {
            ClusterTopology.Node n = topology.get().node(id);
            return n == null || n.isMaster() ? null : nodes.get(n.masterId());
        }

        /** True between {@link RedisCluster#crash} and {@link RedisCluster#restart}. */
        public boolean isFailed() {
            ClusterTopology.Node n = topology.get().node(id);
            return n != null && n.failed();
        }

        /**
         * Runs a command on this node's data directly, without redirection (the direct API of
         * {@link RedisDouble#command}); a replica's data is its master's.
         */
        public Object command(String... args) {
            return shard.server.command(args);
        }

        /** The server holding this node's data (shared by a master and its replicas). */
        public RedisDouble server() {
            return shard.server;
        }

        /** False while the node is crashed or removed: its port refuses connections. */
        volatile boolean portOpen = true;

        void closePort() {
            portOpen = false;
            if (listener != null) {
                listener.close();
            } else {
                shard.server.server().closeMainListener();
            }
            if (tlsListener != null) tlsListener.close();
        }

        void openPort() {
            try {
                NettyServer.Listener l = shard.server.server().listen(config.host, port);
                listener = l;
                if (tlsPort != 0) tlsListener = shard.server.server().listen(config.host, tlsPort, shard.server.tlsEngines());
                portOpen = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while restarting " + this, e);
            } catch (RuntimeException e) {
                throw new IllegalStateException("cannot listen on port " + port + " again: " + e, e);
            }
        }

        @Override
        public String toString() {
            return (isMaster() ? "master " : "replica ") + host() + ":" + port + " " + id;
        }
    }

    /** The clock shared by every node. */
    public final class Time {
        private Time() {}

        /** Moves every node's time forward; keys that became due expire at once everywhere. */
        public void advance(Duration d) {
            clock.advance(d);
            for (Shard s : shards) if (!s.server.isClosed()) s.server.runCron();
        }

        public Instant now() {
            return clock.instant();
        }

        public void set(Instant instant) {
            clock.setNow(instant);
            for (Shard s : shards) if (!s.server.isClosed()) s.server.runCron();
        }

        public void reset() {
            clock.reset();
        }

        public boolean isManual() {
            return clock.isManual();
        }
    }

    /** Builds a {@link RedisCluster}. */
    public static final class Builder {
        private int masters = 3;
        private int replicasPerMaster = 0;
        private Dialect dialect = Dialect.DEFAULT;
        private Instant manualStart;
        private long seed = 0x5eedL;
        private int basePort = 0;
        private String host = "127.0.0.1";
        private String requirepass;
        private final Map<String, String> settings = new java.util.LinkedHashMap<>();
        private RedisDouble.Builder template;
        private boolean tls;
        /** With {@link #tls}: the first node's TLS port (the others follow, as the plain ports do), 0 for free ports. */
        private int tlsBasePort;
        /** With {@link #tls}: false when the template names the certificate files (the standalone server makes none up). */
        private boolean generateCertificates = true;

        private Builder() {}

        /**
         * Every node serves TLS on a port of its own beside its plain port, as redis-server nodes with
         * {@code tls-port} and {@code tls-cluster yes}: CLUSTER SLOTS, NODES, REPLICAS and MOVED / ASK name
         * the TLS ports to a client on TLS and the plain ports to the others; CLUSTER SHARDS gives both.
         * One CA, a server certificate and a client certificate are generated for the cluster
         * ({@link RedisCluster#tls()}) and deleted at close.
         */
        public Builder tls() {
            this.tls = true;
            return this;
        }

        /**
         * Every master is built as this single-server builder says (version, password, users, databases,
         * CONFIG settings, manual time, seed…); its port and address become the cluster's
         * {@link #basePort} and {@link #host} (the standalone {@code --cluster-nodes} uses it). Later calls
         * on this builder override what it set.
         */
        public Builder like(RedisDouble.Builder server) {
            this.template = server.copy();
            this.dialect = server.chosenDialect();
            this.basePort = server.port();
            this.host = server.bindAddress();
            this.manualStart = server.manualStart(); // one clock for all: manual if the template's is
            this.seed = server.chosenSeed();
            if (server.tlsOnlyRequested()) {
                throw new IllegalArgumentException("TLS only (port 0) is not supported by redis-double's emulated cluster: "
                        + "its nodes serve TLS beside a plain port");
            }
            if (server.tlsRequested()) {
                this.tls = true;
                this.tlsBasePort = server.chosenTlsPort();
                this.generateCertificates = server.generatesCertificates();
            }
            return this;
        }

        /** How many masters (3 by default, as redis-cli --cluster create needs at least). */
        public Builder masters(int n) {
            if (n < 1) throw new IllegalArgumentException("a cluster needs at least one master");
            this.masters = n;
            return this;
        }

        public Builder replicasPerMaster(int n) {
            if (n < 0) throw new IllegalArgumentException("replicasPerMaster must not be negative");
            this.replicasPerMaster = n;
            return this;
        }

        /** The Redis version every node emulates (see {@link RedisDouble.Builder#version(String)}). */
        public Builder version(String version) {
            this.dialect = Dialect.parse(version);
            return this;
        }

        public Builder dialect(Dialect d) {
            this.dialect = Objects.requireNonNull(d);
            return this;
        }

        /** Frozen time shared by all nodes, starting now: it moves only with {@code time().advance(...)}. */
        public Builder manualTime() {
            return manualTime(Instant.now());
        }

        public Builder manualTime(Instant start) {
            this.manualStart = Objects.requireNonNull(start);
            return this;
        }

        /** Seed for node IDs and everything random in the nodes: the same seed gives the same IDs. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Masters on ports {@code port … port+masters-1}, then replicas on the following ports; 0 (the
         * default) picks free ports.
         */
        public Builder basePort(int port) {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
            this.basePort = port;
            return this;
        }

        /** The loopback address every node listens on and announces (127.0.0.1 by default). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host);
            return this;
        }

        public Builder requirepass(String password) {
            this.requirepass = password;
            return this;
        }

        /** A CONFIG SET parameter applied to every node (see {@link RedisDouble.Builder#config}). */
        public Builder config(String name, String value) {
            settings.put(name.toLowerCase(java.util.Locale.ROOT), Objects.requireNonNull(value));
            return this;
        }

        public RedisCluster start() {
            try {
                return new RedisCluster(this);
            } catch (UncheckedIOException e) {
                throw e;
            }
        }
    }
}
