package io.redisdouble.command;

import static io.redisdouble.command.CommandTable.flags;

import io.redisdouble.cluster.ClusterTopology;
import io.redisdouble.cluster.HashSlots;
import io.redisdouble.dialect.Quirk;
import io.redisdouble.resp.Reply;
import io.redisdouble.util.Bytes;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Redis Cluster as one node sees it (cluster.c): the CLUSTER command, READONLY / READWRITE / ASKING,
 * and {@link #route}, processCommand's getNodeByQuery step that answers MOVED, ASK, CROSSSLOT,
 * TRYAGAIN or CLUSTERDOWN. The topology comes from the engine's {@link ClusterBus}; without one (a
 * standalone server) every command here answers "This instance has cluster support disabled".
 */
final class ClusterCommands {
    private ClusterCommands() {}

    /** The CLUSTER subcommands answered here; the catalog's others answer {@link Errors#clusterNotSupported}. */
    private static final Set<String> IMPLEMENTED = Set.of("info", "myid", "nodes", "slots", "shards", "replicas",
            "slaves", "keyslot", "countkeysinslot", "getkeysinslot", "count-failure-reports", "failover", "help", "myshardid");

    static void register(CommandTable t) {
        CommandSpec cluster = t.add("cluster", -2, flags(), new Dispatch(Dispatch.CLUSTER_BARE));
        sub(cluster, "info", 2, new Dispatch(Dispatch.INFO));
        sub(cluster, "myid", 2, new Dispatch(Dispatch.MYID));
        sub(cluster, "nodes", 2, new Dispatch(Dispatch.NODES));
        sub(cluster, "slots", 2, new Dispatch(Dispatch.SLOTS));
        if (t.has(Quirk.CLUSTER_SHARDS)) sub(cluster, "shards", 2, new Dispatch(Dispatch.SHARDS));
        sub(cluster, "replicas", 3, new Dispatch(Dispatch.REPLICAS));
        sub(cluster, "slaves", 3, new Dispatch(Dispatch.REPLICAS));
        sub(cluster, "keyslot", 3, new Dispatch(Dispatch.KEYSLOT));
        sub(cluster, "countkeysinslot", 3, new Dispatch(Dispatch.COUNTKEYSINSLOT));
        sub(cluster, "getkeysinslot", 4, new Dispatch(Dispatch.GETKEYSINSLOT));
        sub(cluster, "count-failure-reports", 3, new Dispatch(Dispatch.COUNT_FAILURE_REPORTS));
        sub(cluster, "failover", -2, new Dispatch(Dispatch.FAILOVER));
        sub(cluster, "help", 2, new Dispatch(Dispatch.HELP));
        if (t.known("cluster|myshardid")) sub(cluster, "myshardid", 2, new Dispatch(Dispatch.MYSHARDID));
        CommandCatalog catalog = CommandCatalog.of(t.dialect());
        for (String full : catalog.fullNames()) {
            if (!full.startsWith("cluster|")) continue;
            String name = full.substring("cluster|".length());
            if (IMPLEMENTED.contains(name) || cluster.subcommands.containsKey(name)) continue;
            sub(cluster, name, catalog.arity(full), c -> {
                enabled(c);
                throw Call.error(Errors.clusterNotSupported(name));
            });
        }
        t.add("readonly", 1, flags(), new Dispatch(Dispatch.READONLY));
        t.add("readwrite", 1, flags(), new Dispatch(Dispatch.READWRITE));
        t.add("asking", 1, flags(), new Dispatch(Dispatch.ASKING));
    }

    private static void sub(CommandSpec cluster, String name, int arity, Handler h) {
        cluster.sub(name, arity, flags(), h);
    }

    private static Reply clusterBare(Call c) throws CommandException {
        enabled(c);
        throw Call.error(Errors.clusterNotSupported(c.lower(1)));
    }

    /** The bus, or the "cluster support disabled" error of a standalone server. */
    private static ClusterBus enabled(Call c) throws CommandException {
        ClusterBus bus = c.engine.cluster();
        if (bus == null) throw Call.error(Errors.CLUSTER_DISABLED);
        return bus;
    }

    /**
     * WAIT numreplicas timeout on a cluster node (waitCommand): refused on a replica; on a master, its live
     * replicas have every write at once here, so they all count, and a WAIT for more than there are waits
     * out its timeout for nothing more.
     */
    static Reply waitInCluster(Call c) throws CommandException {
        if (isReplica(c.engine, c.session)) throw Call.error(Errors.WAIT_ON_REPLICA);
        long numreplicas = c.longArg(1);
        long deadline = IntrospectionCommands.waitDeadline(c, 2);
        ClusterTopology t = c.engine.cluster().topology();
        long acked = 0;
        for (ClusterTopology.Node r : t.replicasOf(myId(c.engine, c.session))) if (!r.failed()) acked++;
        Reply reply = Reply.integer(acked);
        if (acked >= numreplicas || c.session.inMulti || !Blocking.mayBlock(c)) return reply;
        return c.engine.blocking().block(c, List.of(), deadline, IntrospectionCommands.waitTimeout(reply));
    }

    /** True when the client is connected to a node that is a replica now. */
    static boolean isReplica(Engine e, Session s) {
        if (e.cluster() == null) return false;
        ClusterTopology.Node me = e.cluster().topology().node(myId(e, s));
        return me != null && !me.isMaster();
    }

    /** The id of the node the client is connected to (cluster mode). */
    static String nodeId(Engine e, Session s) {
        return myId(e, s);
    }

    private static String myId(Engine e, Session s) {
        return s.clusterNodeId != null ? s.clusterNodeId : e.cluster().nodeIdFor(null);
    }

    // ---- READONLY, READWRITE, ASKING -----------------------------------------------------------------

    static Reply readonly(Call c) throws CommandException {
        if (!c.dialect().has(Quirk.READONLY_READWRITE_WITHOUT_CLUSTER)) enabled(c);
        c.session.clusterReadonly = true;
        return Reply.OK;
    }

    static Reply readwrite(Call c) throws CommandException {
        if (c.dialect().has(Quirk.READWRITE_NEEDS_CLUSTER) && !c.dialect().has(Quirk.READONLY_READWRITE_WITHOUT_CLUSTER)) enabled(c);
        c.session.clusterReadonly = false;
        return Reply.OK;
    }

    /** ASKING: the next command (or transaction) may use a slot this node is importing. */
    static Reply asking(Call c) throws CommandException {
        enabled(c);
        c.session.clusterAsking = true;
        return Reply.OK;
    }

    // ---- introspection -------------------------------------------------------------------------------

    /** CLUSTER HELP: the text each server prints, captured from it in cluster mode. */
    static Reply help(Call c) throws CommandException {
        enabled(c);
        return HelpTexts.help(c.dialect(), "CLUSTER");
    }

    static Reply myshardid(Call c) throws CommandException {
        ClusterBus bus = enabled(c);
        return Reply.bulk(bus.shardId(myId(c.engine, c.session)));
    }

    static Reply myid(Call c) throws CommandException {
        enabled(c);
        return Reply.bulk(myId(c.engine, c.session));
    }

    static Reply keyslot(Call c) throws CommandException {
        enabled(c);
        return Reply.integer(HashSlots.slot(c.arg(2)));
    }

    static Reply countkeysinslot(Call c) throws CommandException {
        enabled(c);
        long slot = c.longArg(2);
        if (slot < 0 || slot >= HashSlots.SLOTS) throw Call.error(Errors.INVALID_SLOT);
        long[] n = {0};
        c.engine.keyspace().db(0).forEachLive(c.now, e -> {
            if (HashSlots.slot(e.key()) == slot) n[0]++;
        });
        return Reply.integer(n[0]);
    }

    /**
     * CLUSTER GETKEYSINSLOT slot count: up to count keys of the slot, newest first (the order of Redis's
     * per-slot key list, where dbAdd puts a key at the head).
     */
    static Reply getkeysinslot(Call c) throws CommandException {
        enabled(c);
        long slot = c.longArg(2);
        long max = c.longArg(3);
        if (slot < 0 || slot >= HashSlots.SLOTS || max < 0) throw Call.error(Errors.INVALID_SLOT_OR_COUNT);
        List<byte[]> keys = new ArrayList<>();
        c.engine.keyspace().db(0).forEachLive(c.now, e -> {
            if (HashSlots.slot(e.key()) == slot) keys.add(e.key());
        });
        keys.sort((a, b) -> Long.compare(c.engine.keyCreationOrder(b), c.engine.keyCreationOrder(a)));
        List<Reply> out = new ArrayList<>();
        for (int i = 0; i < keys.size() && i < max; i++) out.add(Reply.bulk(keys.get(i)));
        return Reply.array(out);
    }

    static Reply countFailureReports(Call c) throws CommandException {
        ClusterBus bus = enabled(c);
        ClusterTopology.Node n = bus.topology().node(new String(c.arg(2), java.nio.charset.StandardCharsets.ISO_8859_1));
        if (n == null) throw Call.error(Errors.unknownNode(c.arg(2)));
        // A failed node is reported by every other live master (this node does not report to itself);
        // Redis's count depends on gossip timing, this is what a settled cluster shows.
        if (!n.failed()) return Reply.ZERO;
        String me = myId(c.engine, c.session);
        long reports = 0;
        for (ClusterTopology.Node m : bus.topology().masters()) {
            if (!m.id().equals(n.id()) && !m.id().equals(me) && !m.failed()) reports++;
        }
        return Reply.integer(reports);
    }

    /** CLUSTER INFO (clusterCommand "info"): counters as a converged cluster shows them. */
    static Reply info(Call c) throws CommandException {
        ClusterBus bus = enabled(c);
        ClusterTopology t = bus.topology();
        ClusterTopology.Node me = t.node(myId(c.engine, c.session));
        int assigned = 0, ok = 0, fail = 0;
        for (int i = 0; i < HashSlots.SLOTS; i++) {
            ClusterTopology.Node n = t.owner(i);
            if (n == null) continue;
            assigned++;
            if (n.failed()) fail++;
            else ok++;
        }
        long myEpoch = epochShown(t, me);
        StringBuilder sb = new StringBuilder();
        sb.append("cluster_state:").append(t.stateOk() ? "ok" : "fail").append("\r\n");
        sb.append("cluster_slots_assigned:").append(assigned).append("\r\n");
        sb.append("cluster_slots_ok:").append(ok).append("\r\n");
        sb.append("cluster_slots_pfail:0\r\n");
        sb.append("cluster_slots_fail:").append(fail).append("\r\n");
        sb.append("cluster_known_nodes:").append(t.nodes().size()).append("\r\n");
        sb.append("cluster_size:").append(t.size()).append("\r\n");
        sb.append("cluster_current_epoch:").append(t.currentEpoch()).append("\r\n");
        sb.append("cluster_my_epoch:").append(myEpoch).append("\r\n");
        // The bus's traffic: a ping and a pong with each other node per second of uptime.
        long peers = Math.max(0, t.nodes().size() - 1);
        long seconds = Math.max(1, (c.now - c.engine.startMillis()) / 1000);
        long msgs = peers * seconds;
        if (msgs > 0) {
            sb.append("cluster_stats_messages_ping_sent:").append(msgs).append("\r\n");
            sb.append("cluster_stats_messages_pong_sent:").append(msgs).append("\r\n");
        }
        sb.append("cluster_stats_messages_sent:").append(2 * msgs).append("\r\n");
        if (msgs > 0) {
            sb.append("cluster_stats_messages_ping_received:").append(msgs).append("\r\n");
            sb.append("cluster_stats_messages_pong_received:").append(msgs).append("\r\n");
        }
        sb.append("cluster_stats_messages_received:").append(2 * msgs).append("\r\n");
        if (c.dialect().has(Quirk.CLUSTER_SHARDS)) sb.append("total_cluster_links_buffer_limit_exceeded:0\r\n");
        return Reply.verbatim(sb.toString());
    }

    /** A replica shows its master's config epoch (clusterGenNodeDescription, CLUSTER INFO's my_epoch). */
    private static long epochShown(ClusterTopology t, ClusterTopology.Node n) {
        if (!n.isMaster()) {
            ClusterTopology.Node m = t.node(n.masterId());
            if (m != null) return m.configEpoch();
        }
        return n.configEpoch();
    }

    /** CLUSTER NODES: one line per node (clusterGenNodesDescription), "\n" after each. */
    static Reply nodes(Call c) throws CommandException {
        ClusterBus bus = enabled(c);
        ClusterTopology t = bus.topology();
        String me = myId(c.engine, c.session);
        StringBuilder sb = new StringBuilder();
        for (ClusterTopology.Node n : t.nodes()) sb.append(describe(t, n, me, c.now, tlsClient(c.session))).append('\n');
        return Reply.verbatim(sb.toString());
    }

    /** clusterGenNodeDescription: id ip:port@cport flags master ping-sent pong-recv epoch link slots… */
    /** True for a client on a TLS connection: a TLS cluster names its nodes' TLS ports to it. */
    static boolean tlsClient(Session s) {
        return s != null && s.link != null && s.link.isTls();
    }

    static String describe(ClusterTopology t, ClusterTopology.Node n, String me, long now, boolean tls) {
        boolean myself = n.id().equals(me);
        StringBuilder sb = new StringBuilder();
        sb.append(n.id()).append(' ').append(n.host()).append(':').append(n.portFor(tls)).append('@').append(n.busPort()).append(' ');
        List<String> flags = new ArrayList<>();
        if (myself) flags.add("myself");
        flags.add(n.isMaster() ? "master" : "slave");
        if (n.failed()) flags.add("fail");
        sb.append(String.join(",", flags));
        sb.append(' ').append(n.isMaster() ? "-" : n.masterId());
        // ping_sent, pong_received: 0 for myself; the last pong (now) from a live peer
        sb.append(' ').append(0).append(' ').append(myself || n.failed() ? 0 : now);
        sb.append(' ').append(epochShown(t, n));
        sb.append(' ').append(myself || !n.failed() ? "connected" : "disconnected");
        if (n.isMaster()) {
            for (int[] r : t.ranges(n.id())) {
                sb.append(' ').append(r[0]);
                if (r[1] != r[0]) sb.append('-').append(r[1]);
            }
        }
        if (myself) {
            for (int slot = 0; slot < HashSlots.SLOTS; slot++) {
                String to = t.migratingTo(slot);
                ClusterTopology.Node owner = t.owner(slot);
                if (to != null && owner != null && owner.id().equals(me)) {
                    sb.append(" [").append(slot).append("->-").append(to).append(']');
                    continue;
                }
                String from = t.importingFrom(slot);
                if (from != null && to != null && to.equals(me)) {
                    sb.append(" [").append(slot).append("-<-").append(from).append(']');
                }
            }
        }
        return sb.toString();
    }

    /** Replicas shown in CLUSTER SLOTS (isReplicaAvailable: not failed). */
    private static List<ClusterTopology.Node> availableReplicas(ClusterTopology t, String masterId) {
        List<ClusterTopology.Node> out = new ArrayList<>();
        for (ClusterTopology.Node r : t.replicasOf(masterId)) if (!r.failed()) out.add(r);
        return out;
    }

    /** addNodeToNodeReply: ip, port, id, and (7.0) the map of further endpoints (none here). */
    private static Reply nodeEntry(io.redisdouble.dialect.Dialect d, ClusterTopology.Node n, boolean tls) {
        if (!d.has(Quirk.CLUSTER_SLOTS_METADATA)) return Reply.array(Reply.bulk(n.host()), Reply.integer(n.portFor(tls)), Reply.bulk(n.id()));
        return Reply.array(Reply.bulk(n.host()), Reply.integer(n.portFor(tls)), Reply.bulk(n.id()), Reply.EMPTY_MAP);
    }

    /** CLUSTER SLOTS (clusterReplyMultiBulkSlots): each run of slots of one master, with its replicas. */
    static Reply slots(Call c) throws CommandException {
        ClusterBus bus = enabled(c);
        ClusterTopology t = bus.topology();
        List<Reply> out = new ArrayList<>();
        ClusterTopology.Node n = null;
        int start = -1;
        for (int i = 0; i <= HashSlots.SLOTS; i++) {
            ClusterTopology.Node o = i < HashSlots.SLOTS ? t.owner(i) : null;
            if (n == null) {
                if (i == HashSlots.SLOTS) break;
                n = o;
                start = i;
                continue;
            }
            if (i == HashSlots.SLOTS || o != n) {
                List<Reply> entry = new ArrayList<>();
                entry.add(Reply.integer(start));
                entry.add(Reply.integer(i - 1));
                entry.add(nodeEntry(c.dialect(), n, tlsClient(c.session)));
                for (ClusterTopology.Node r : availableReplicas(t, n.id())) entry.add(nodeEntry(c.dialect(), r, tlsClient(c.session)));
                out.add(Reply.array(entry));
                if (i == HashSlots.SLOTS) break;
                n = o;
                start = i;
            }
        }
        return Reply.array(out);
    }

    /** CLUSTER SHARDS (7.0, clusterReplyShards): per master, its slot ranges and its nodes. */
    static Reply shards(Call c) throws CommandException {
        ClusterBus bus = enabled(c);
        ClusterTopology t = bus.topology();
        List<Reply> out = new ArrayList<>();
        for (ClusterTopology.Node m : t.nodes()) {
            if (!m.isMaster()) continue;
            List<Reply> slots = new ArrayList<>();
            for (int[] r : t.ranges(m.id())) {
                slots.add(Reply.integer(r[0]));
                slots.add(Reply.integer(r[1]));
            }
            List<Reply> nodes = new ArrayList<>();
            nodes.add(shardNode(bus, m));
            for (ClusterTopology.Node r : t.replicasOf(m.id())) nodes.add(shardNode(bus, r));
            out.add(Reply.map(Reply.bulk("slots"), Reply.array(slots), Reply.bulk("nodes"), Reply.array(nodes)));
        }
        return Reply.array(out);
    }

    /** addNodeDetailsToShardReply. */
    private static Reply shardNode(ClusterBus bus, ClusterTopology.Node n) {
        String health = n.failed() ? "fail" : "online";
        // addNodeDetailsToShardReply: "port" the plain port (if any), "tls-port" in a TLS cluster, whatever the client
        List<Reply> kv = new ArrayList<>(List.of(Reply.bulk("id"), Reply.bulk(n.id())));
        if (n.port() != 0) kv.addAll(List.of(Reply.bulk("port"), Reply.integer(n.port())));
        if (n.tlsPort() != 0) kv.addAll(List.of(Reply.bulk("tls-port"), Reply.integer(n.tlsPort())));
        kv.addAll(List.of(Reply.bulk("ip"), Reply.bulk(n.host()), Reply.bulk("endpoint"), Reply.bulk(n.host()),
                Reply.bulk("role"), Reply.bulk(n.isMaster() ? "master" : "replica"),
                Reply.bulk("replication-offset"), Reply.integer(bus.replicationOffset(n.id())), Reply.bulk("health"), Reply.bulk(health)));
        return Reply.map(kv);
    }

    /** CLUSTER REPLICAS node-id: the replicas' CLUSTER NODES lines. */
    static Reply replicas(Call c) throws CommandException {
        ClusterBus bus = enabled(c);
        ClusterTopology t = bus.topology();
        ClusterTopology.Node n = t.node(new String(c.arg(2), java.nio.charset.StandardCharsets.ISO_8859_1));
        if (n == null) throw Call.error(Errors.unknownNode(c.arg(2)));
        if (!n.isMaster()) throw Call.error(Errors.NOT_A_MASTER);
        String me = myId(c.engine, c.session);
        List<Reply> out = new ArrayList<>();
        for (ClusterTopology.Node r : t.replicasOf(n.id())) out.add(Reply.bulk(describe(t, r, me, c.now, tlsClient(c.session))));
        return Reply.array(out);
    }

    /** CLUSTER FAILOVER [FORCE|TAKEOVER]: done at once here (Redis completes it a little later). */
    static Reply failover(Call c) throws CommandException {
        ClusterBus bus = enabled(c);
        if (c.argc() > 3) throw Call.error(Errors.unknownSubcommand(c.dialect(), c.arg(1), "cluster"));
        boolean force = false;
        if (c.argc() == 3) {
            if (Bytes.eqIgnoreCase(c.arg(2), "force") || Bytes.eqIgnoreCase(c.arg(2), "takeover")) force = true;
            else throw Call.syntax();
        }
        ClusterTopology.Node me = bus.topology().node(myId(c.engine, c.session));
        if (me.isMaster()) throw Call.error(Errors.FAILOVER_FROM_MASTER);
        String err = bus.failover(me.id(), force);
        if (err != null) throw Call.error(err);
        return Reply.OK;
    }

    // ---- redirection (getNodeByQuery) -----------------------------------------------------------------

    /**
     * processCommand's cluster step for a client command (after the ACL check): null to run it here, or
     * the error to answer (MOVED, ASK, CROSSSLOT, TRYAGAIN, CLUSTERDOWN). EXEC is judged by its queued
     * commands together.
     */
    static String route(Engine e, Session s, CommandSpec spec, byte[][] argv) {
        ClusterBus bus = e.cluster();
        boolean exec = spec.parent == null && spec.name.equals("exec");
        if (exec && !s.inMulti) return null;
        Decision d = new Decision();
        if (exec) {
            for (byte[][] q : s.queued) {
                CommandSpec qs = e.resolve(q);
                if (qs != null && !d.add(e, qs, q)) break;
            }
        } else {
            d.add(e, spec, argv);
        }
        boolean writes = exec ? queuedWrites(e, s) : isWrite(e, spec, argv);
        return d.judge(e, bus, myId(e, s), s.clusterAsking || spec.fullName.equals("restore-asking"), s.clusterReadonly, writes, shardPubsub(spec),
                tlsClient(s));
    }

    /**
     * scriptVerifyClusterState for a command a script runs: null, or the script error text. {@code run}
     * carries the slot the script's keys are in so far.
     */
    static String routeScriptCommand(Engine e, ScriptRun run, CommandSpec spec, byte[][] argv) {
        ClusterBus bus = e.cluster();
        Decision d = new Decision();
        d.add(e, spec, argv);
        String err = d.judge(e, bus, myId(e, run.caller), run.caller.clusterAsking, run.caller.clusterReadonly,
                isWrite(e, spec, argv), shardPubsub(spec), tlsClient(run.caller));
        if (err != null) {
            String text = err.startsWith("CLUSTERDOWN") ? Errors.SCRIPT_CLUSTER_DOWN : Errors.SCRIPT_NON_LOCAL_KEY;
            // 6.2: "Lua script attempted to …"
            return e.dialect().has(Quirk.SCRIPT_ERRORS_SAY_SCRIPT) ? text : "Lua s" + text.substring(1);
        }
        if (d.firstKey != null && !run.allowCrossSlot) {
            if (run.clusterSlot == -1) run.clusterSlot = d.slot;
            else if (run.clusterSlot != d.slot) return Errors.SCRIPT_CROSS_SLOT;
        }
        return null;
    }

    /**
     * clusterRedirectBlockedClientIfNeeded: the error that unblocks a client blocked on {@code keys}
     * (all in one slot) now that the cluster is down, or the slot is served elsewhere and not being
     * imported here; null to keep it waiting.
     */
    static String blockedRedirect(Engine e, Session s, List<byte[]> keys) {
        ClusterTopology t = e.cluster().topology();
        if (!t.stateOk()) return Errors.CLUSTERDOWN_STATE;
        int slot = HashSlots.slot(keys.get(0));
        ClusterTopology.Node owner = t.owner(slot);
        String me = myId(e, s);
        ClusterTopology.Node myself = t.node(me);
        CommandSpec last = e.table().lookup(Bytes.utf8(s.lastCommand));
        boolean write = last == null || last.has(Flag.WRITE);
        if (owner != null && s.clusterReadonly && !write && myself != null && !myself.isMaster()
                && owner.id().equals(myself.masterId())) {
            return null;
        }
        if ((owner == null || !owner.id().equals(me)) && !me.equals(t.migratingTo(slot))) {
            return owner == null ? Errors.CLUSTERDOWN_UNBOUND : Errors.redirect(false, slot, owner.host(), owner.portFor(tlsClient(s)));
        }
        return null;
    }

    /** The slot of a script's declared keys (the caller's c->slot), or -1 when it declares none. */
    static int declaredSlot(byte[][] keys) {
        return keys.length == 0 ? -1 : HashSlots.slot(keys[0]);
    }

    private static boolean shardPubsub(CommandSpec spec) {
        return spec.parent == null && switch (spec.name) {
            case "ssubscribe", "sunsubscribe", "spublish" -> true;
            default -> false;
        };
    }

    private static boolean isWrite(Engine e, CommandSpec spec, byte[][] argv) {
        return spec.has(Flag.WRITE);
    }

    private static boolean queuedWrites(Engine e, Session s) {
        for (byte[][] q : s.queued) {
            CommandSpec qs = e.resolve(q);
            if (qs != null && qs.has(Flag.WRITE)) return true;
        }
        return false;
    }

    /** The keys of a request as getNodeByQuery walks them. */
    private static final class Decision {
        byte[] firstKey;
        int slot;
        boolean crossSlot;
        boolean multipleKeys;
        final List<byte[]> keys = new ArrayList<>();

        /** Adds a command's keys; false once they span two slots. */
        boolean add(Engine e, CommandSpec spec, byte[][] argv) {
            List<int[]> pos = CommandCommand.keyPositions(e.dialect(), spec, argv);
            if (pos == null) return true;
            for (int[] p : pos) {
                byte[] k = argv[p[0]];
                int ks = HashSlots.slot(k);
                if (firstKey == null) {
                    firstKey = k;
                    slot = ks;
                } else if (!java.util.Arrays.equals(firstKey, k)) {
                    if (ks != slot) {
                        crossSlot = true;
                        return false;
                    }
                    multipleKeys = true;
                }
                keys.add(k);
            }
            return true;
        }

        String judge(Engine e, ClusterBus bus, String me, boolean asking, boolean readonly, boolean write, boolean shardPubsub,
                     boolean tls) {
            if (crossSlot) return Errors.CROSSSLOT;
            if (firstKey == null) return null;
            ClusterTopology t = bus.topology();
            ClusterTopology.Node owner = t.owner(slot);
            if (owner == null) return Errors.CLUSTERDOWN_UNBOUND;
            ClusterTopology.Node myself = t.node(me);
            boolean migrating = owner.id().equals(me) && t.migratingTo(slot) != null;
            boolean importing = !migrating && me.equals(t.migratingTo(slot));
            int missing = 0, existing = 0;
            if ((migrating || importing) && !shardPubsub) {
                var db = e.keyspace().db(0);
                long now = e.time().currentTimeMillis();
                for (byte[] k : keys) {
                    if (db.exists(k, now)) existing++;
                    else missing++;
                }
            }
            if (!t.stateOk()) return Errors.CLUSTERDOWN_STATE;
            if (migrating && missing > 0) {
                if (existing > 0) return Errors.TRYAGAIN;
                ClusterTopology.Node to = t.node(t.migratingTo(slot));
                return Errors.redirect(true, slot, to.host(), to.portFor(tls));
            }
            if (importing && asking) {
                if (multipleKeys && missing > 0) return Errors.TRYAGAIN;
                return null;
            }
            if ((readonly || shardPubsub) && !write && myself != null && !myself.isMaster()
                    && owner.id().equals(myself.masterId())) {
                return null;
            }
            if (!owner.id().equals(me)) return Errors.redirect(false, slot, owner.host(), owner.portFor(tls));
            return null;
        }
    }

    /** This family's command handlers, one object per command and no lambda class each: see {@link OpHandler}. */
    private static final class Dispatch extends OpHandler {
        static final int CLUSTER_BARE = 0;
        static final int INFO = 1;
        static final int MYID = 2;
        static final int NODES = 3;
        static final int SLOTS = 4;
        static final int SHARDS = 5;
        static final int REPLICAS = 6;
        static final int KEYSLOT = 7;
        static final int COUNTKEYSINSLOT = 8;
        static final int GETKEYSINSLOT = 9;
        static final int COUNT_FAILURE_REPORTS = 10;
        static final int FAILOVER = 11;
        static final int HELP = 12;
        static final int MYSHARDID = 13;
        static final int READONLY = 14;
        static final int READWRITE = 15;
        static final int ASKING = 16;

        Dispatch(int op) {
            super(op);
        }

        @Override
        public Reply run(Call c) throws CommandException {
            return switch (op) {
                case CLUSTER_BARE -> clusterBare(c);
                case INFO -> info(c);
                case MYID -> myid(c);
                case NODES -> nodes(c);
                case SLOTS -> slots(c);
                case SHARDS -> shards(c);
                case REPLICAS -> replicas(c);
                case KEYSLOT -> keyslot(c);
                case COUNTKEYSINSLOT -> countkeysinslot(c);
                case GETKEYSINSLOT -> getkeysinslot(c);
                case COUNT_FAILURE_REPORTS -> countFailureReports(c);
                case FAILOVER -> failover(c);
                case HELP -> help(c);
                case MYSHARDID -> myshardid(c);
                case READONLY -> readonly(c);
                case READWRITE -> readwrite(c);
                case ASKING -> asking(c);
                default -> throw unknown();
            };
        }
    }
}
