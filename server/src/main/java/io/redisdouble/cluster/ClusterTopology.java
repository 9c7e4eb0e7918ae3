package io.redisdouble.cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What every node of an emulated cluster agrees on, as one immutable value (Redis's clusterState once
 * the bus has converged): the nodes with their roles and epochs, which master serves each slot, and the
 * slots being migrated. Changes make a new value, which the cluster swaps in atomically; each node's
 * command thread reads whichever value is current when its command runs.
 */
public final class ClusterTopology {
    /**
     * One node. {@code masterId} is null for a master. {@code failed}: the node has crashed (flag
     * {@code fail}, link {@code disconnected}, its port refuses connections).
     */
    /**
     * {@code tlsPort} is the node's TLS port in a TLS cluster (redis-server's tls-cluster yes: node->port is
     * then the TLS port and node->pport the plain one), 0 otherwise.
     */
    public record Node(String id, String host, int port, int busPort, String masterId, long configEpoch, boolean failed,
                       int tlsPort) {
        public Node {
            Objects.requireNonNull(id);
            Objects.requireNonNull(host);
        }

        public Node(String id, String host, int port, int busPort, String masterId, long configEpoch, boolean failed) {
            this(id, host, port, busPort, masterId, configEpoch, failed, 0);
        }

        public boolean isMaster() {
            return masterId == null;
        }

        /**
         * The port a client is told (CLUSTER SLOTS, NODES, REPLICAS, MOVED, ASK): in a TLS cluster, the TLS
         * port to a TLS client and the plain one to the others (if there is one), as use_pport does.
         */
        public int portFor(boolean tlsClient) {
            if (tlsPort == 0) return port;
            return tlsClient || port == 0 ? tlsPort : port;
        }

        Node withMaster(String master) {
            return new Node(id, host, port, busPort, master, configEpoch, failed, tlsPort);
        }

        Node withEpoch(long epoch) {
            return new Node(id, host, port, busPort, masterId, epoch, failed, tlsPort);
        }

        Node withFailed(boolean f) {
            return new Node(id, host, port, busPort, masterId, configEpoch, f, tlsPort);
        }
    }

    private final List<Node> nodes;
    private final Map<String, Node> byId;
    /** Slot -> id of the master serving it, or null. */
    private final String[] owner;
    /** Slot -> id of the node it is being migrated to (MIGRATING state on the owner). */
    private final Map<Integer, String> migrating;
    /** Slot -> id of the node it is being imported from (IMPORTING state on the target). */
    private final Map<Integer, String> importing;
    private final long currentEpoch;

    private ClusterTopology(List<Node> nodes, String[] owner, Map<Integer, String> migrating,
                            Map<Integer, String> importing, long currentEpoch) {
        this.nodes = Collections.unmodifiableList(new ArrayList<>(nodes));
        Map<String, Node> m = new HashMap<>();
        for (Node n : nodes) m.put(n.id(), n);
        this.byId = m;
        this.owner = owner;
        this.migrating = Collections.unmodifiableMap(new HashMap<>(migrating));
        this.importing = Collections.unmodifiableMap(new HashMap<>(importing));
        this.currentEpoch = currentEpoch;
    }

    /** A cluster of these nodes with no slot assigned. */
    public static ClusterTopology of(List<Node> nodes, long currentEpoch) {
        return new ClusterTopology(nodes, new String[HashSlots.SLOTS], Map.of(), Map.of(), currentEpoch);
    }

    public List<Node> nodes() {
        return nodes;
    }

    public Node node(String id) {
        return byId.get(id);
    }

    public List<Node> masters() {
        List<Node> out = new ArrayList<>();
        for (Node n : nodes) if (n.isMaster()) out.add(n);
        return out;
    }

    public List<Node> replicasOf(String masterId) {
        List<Node> out = new ArrayList<>();
        for (Node n : nodes) if (masterId.equals(n.masterId())) out.add(n);
        return out;
    }

    /** The master serving the slot, or null. */
    public Node owner(int slot) {
        String id = owner[slot];
        return id == null ? null : byId.get(id);
    }

    public String migratingTo(int slot) {
        return migrating.get(slot);
    }

    public String importingFrom(int slot) {
        return importing.get(slot);
    }

    public Map<Integer, String> migrating() {
        return migrating;
    }

    public Map<Integer, String> importing() {
        return importing;
    }

    public long currentEpoch() {
        return currentEpoch;
    }

    /** The number of slots a node serves. */
    public int slotCount(String id) {
        int n = 0;
        for (String o : owner) if (id.equals(o)) n++;
        return n;
    }

    /** The node's slot ranges, {first, last} each, in slot order. */
    public List<int[]> ranges(String id) {
        List<int[]> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= HashSlots.SLOTS; i++) {
            boolean mine = i < HashSlots.SLOTS && id.equals(owner[i]);
            if (mine && start < 0) start = i;
            if (!mine && start >= 0) {
                out.add(new int[] {start, i - 1});
                start = -1;
            }
        }
        return out;
    }

    /**
     * clusterUpdateState with cluster-require-full-coverage yes: ok when every slot is served by a master
     * that has not failed.
     */
    public boolean stateOk() {
        for (String o : owner) {
            if (o == null) return false;
            Node n = byId.get(o);
            if (n == null || n.failed()) return false;
        }
        return true;
    }

    /** cluster_size: the masters serving at least one slot. */
    public int size() {
        int n = 0;
        for (Node m : nodes) if (m.isMaster() && slotCount(m.id()) > 0) n++;
        return n;
    }

    // ---- changes (each returns a new value) -----------------------------------------------------------

    /** The slots first..last (inclusive) served by {@code id} (null: unassigned). */
    public ClusterTopology withSlots(int first, int last, String id) {
        if (id != null && !require(id).isMaster()) throw new IllegalArgumentException(id + " is not a master");
        String[] o = owner.clone();
        Arrays.fill(o, first, last + 1, id);
        return new ClusterTopology(nodes, o, migrating, importing, currentEpoch);
    }

    /** CLUSTER SETSLOT MIGRATING on the owner and IMPORTING on the target, for one slot. */
    public ClusterTopology withMigration(int slot, String targetId) {
        Node from = owner(slot);
        if (from == null) throw new IllegalArgumentException("slot " + slot + " is not served");
        require(targetId);
        Map<Integer, String> mig = new HashMap<>(migrating);
        Map<Integer, String> imp = new HashMap<>(importing);
        mig.put(slot, targetId);
        imp.put(slot, from.id());
        return new ClusterTopology(nodes, owner, mig, imp, currentEpoch);
    }

    /**
     * CLUSTER SETSLOT NODE on every node: the slot is served by {@code id} from now on, its migration is
     * over, and the new owner's config epoch is bumped (as clusterBumpConfigEpochWithoutConsensus).
     */
    public ClusterTopology withSlotMoved(int slot, String id) {
        Node target = require(id);
        if (!target.isMaster()) throw new IllegalArgumentException(id + " is not a master");
        String[] o = owner.clone();
        o[slot] = id;
        Map<Integer, String> mig = new HashMap<>(migrating);
        Map<Integer, String> imp = new HashMap<>(importing);
        mig.remove(slot);
        imp.remove(slot);
        long epoch = currentEpoch + 1;
        List<Node> ns = replace(target.withEpoch(epoch));
        return new ClusterTopology(ns, o, mig, imp, epoch);
    }

    /**
     * A replica takes over its master (CLUSTER FAILOVER, or the election after its master failed): it
     * becomes a master with a new config epoch and serves the master's slots; the old master and its
     * other replicas replicate it.
     */
    public ClusterTopology withFailover(String replicaId) {
        Node r = require(replicaId);
        if (r.isMaster()) throw new IllegalArgumentException(replicaId + " is not a replica");
        String oldMaster = r.masterId();
        long epoch = currentEpoch + 1;
        List<Node> ns = new ArrayList<>();
        for (Node n : nodes) {
            if (n.id().equals(replicaId)) ns.add(n.withMaster(null).withEpoch(epoch));
            // a failed master stays a master without slots until it comes back (clusterUpdateSlotsConfigWith)
            else if (n.id().equals(oldMaster) && !n.failed()) ns.add(n.withMaster(replicaId));
            else if (oldMaster.equals(n.masterId())) ns.add(n.withMaster(replicaId));
            else ns.add(n);
        }
        String[] o = owner.clone();
        for (int i = 0; i < o.length; i++) if (oldMaster.equals(o[i])) o[i] = replicaId;
        return new ClusterTopology(ns, o, migrating, importing, epoch);
    }

    /** A node replicates {@code masterId} from now on (a failed-over master that came back). */
    public ClusterTopology withMasterOf(String id, String masterId) {
        require(masterId);
        return new ClusterTopology(replace(require(id).withMaster(masterId)), owner, migrating, importing, currentEpoch);
    }

    public ClusterTopology withFailed(String id, boolean failed) {
        return new ClusterTopology(replace(require(id).withFailed(failed)), owner, migrating, importing, currentEpoch);
    }

    /** A node joins (CLUSTER MEET): a master without slots, or a replica of {@code masterId}. */
    public ClusterTopology withNode(Node n) {
        if (byId.containsKey(n.id())) throw new IllegalArgumentException("node " + n.id() + " is already known");
        List<Node> ns = new ArrayList<>(nodes);
        ns.add(n);
        return new ClusterTopology(ns, owner, migrating, importing, currentEpoch);
    }

    /** A node leaves (CLUSTER FORGET on every node); it must serve no slot. */
    public ClusterTopology withoutNode(String id) {
        require(id);
        if (slotCount(id) > 0) throw new IllegalArgumentException("node " + id + " still serves slots");
        List<Node> ns = new ArrayList<>();
        for (Node n : nodes) if (!n.id().equals(id)) ns.add(n);
        return new ClusterTopology(ns, owner, migrating, importing, currentEpoch);
    }

    private Node require(String id) {
        Node n = byId.get(id);
        if (n == null) throw new IllegalArgumentException("unknown node " + id);
        return n;
    }

    private List<Node> replace(Node changed) {
        List<Node> ns = new ArrayList<>(nodes);
        for (int i = 0; i < ns.size(); i++) if (ns.get(i).id().equals(changed.id())) ns.set(i, changed);
        return ns;
    }
}
