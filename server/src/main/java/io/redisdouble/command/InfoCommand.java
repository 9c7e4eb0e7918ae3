package io.redisdouble.command;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.dialect.Quirk;
import io.redisdouble.keyspace.Database;
import io.redisdouble.keyspace.KeyspaceEvents;
import io.redisdouble.resp.Reply;
import io.redisdouble.util.Bytes;
import io.redisdouble.util.Glob;
import io.redisdouble.util.RedisNumbers;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static io.redisdouble.command.CommandTable.flags;
import static io.redisdouble.command.Flag.*;

/** INFO (server.c genRedisInfoString): the dialect's sections and fields, with redis-double's figures. */
final class InfoCommand {
    private InfoCommand() {}

    static void register(CommandTable t) {
        t.add("info", -1, flags(LOADING, STALE), InfoCommand::info);
    }

    // ---- INFO --------------------------------------------------------------------------------------------

    /**
     * INFO [section ...] (6.2: at most one). Sections are chosen case-insensitively ("default", "all",
     * "everything" or names; unknown names add nothing) and always printed in Redis's order, separated by
     * a blank line, CRLF line endings. A bulk string in RESP2, verbatim text in RESP3.
     */
    static Reply info(Call c) throws CommandException {
        boolean multiSection = c.dialect().has(Quirk.INFO_SECTIONS);
        if (!multiSection && c.argc() > 2) throw Call.syntax();
        Set<String> want = new HashSet<>();
        if (c.argc() == 1) {
            want.addAll(DEFAULT_SECTIONS);
        } else {
            for (int i = 1; i < c.argc(); i++) {
                String s = c.lower(i);
                switch (s) {
                    case "default" -> want.addAll(DEFAULT_SECTIONS);
                    case "all", "everything" -> {
                        want.addAll(ALL_SECTIONS);
                        if (!multiSection) want.remove("latencystats");
                    }
                    default -> want.add(s);
                }
            }
        }
        StringBuilder sb = new StringBuilder(4096);
        int sections = 0;
        for (String section : ALL_SECTIONS) {
            if (!want.contains(section)) continue;
            if (section.equals("latencystats") && !multiSection) continue;
            if (OPTIONAL_SECTIONS.containsKey(section)
                    && !InfoFields.printsSection(c.dialect(), OPTIONAL_SECTIONS.get(section))) continue;
            if (sections++ > 0) sb.append("\r\n");
            InfoWriter w = new InfoWriter(sb, c.dialect());
            switch (section) {
                case "server" -> infoServer(c, w);
                case "clients" -> infoClients(c, w);
                case "memory" -> infoMemory(c, w);
                case "persistence" -> infoPersistence(c, w);
                case "threads" -> infoThreads(c, w);
                case "stats" -> infoStats(c, w);
                case "replication" -> infoReplication(c, w);
                case "cpu" -> infoCpu(w);
                case "modules" -> w.header("Modules");
                case "commandstats" -> infoCommandstats(c, w);
                case "errorstats" -> infoErrorstats(c, w);
                case "latencystats" -> {
                    w.header("Latencystats");
                    for (String line : c.engine.introspection.latencyPercentileLines(c.engine.config().latencyPercentiles())) {
                        int colon = line.indexOf(':');
                        w.line(line.substring(0, colon), line.substring(colon + 1));
                    }
                }
                case "cluster" -> w.header("Cluster").line("cluster_enabled", c.engine.cluster() != null ? 1 : 0);
                case "keyspace" -> infoKeyspace(c, w);
                case "keysizes" -> infoKeysizes(c, w);
                default -> throw new IllegalStateException(section);
            }
            w.end();
        }
        return Reply.verbatim(sb.toString());
    }

    private static final List<String> ALL_SECTIONS = List.of("server", "clients", "memory", "persistence", "threads",
            "stats", "replication", "cpu", "modules", "commandstats", "errorstats", "latencystats", "cluster", "keyspace",
            "keysizes");
    private static final List<String> DEFAULT_SECTIONS = List.of("server", "clients", "memory", "persistence",
            "threads", "stats", "replication", "cpu", "modules", "errorstats", "cluster", "keyspace", "keysizes");
    /** Sections only some servers print (8.0's Threads and Keysizes), by the header their capture shows. */
    private static final Map<String, String> OPTIONAL_SECTIONS = Map.of("threads", "Threads", "keysizes", "Keysizes");

    /**
     * Writes one section. The writers below write every field any dialect has; the dialect's captured
     * field list ({@link InfoFields}) says which are printed, in which order, its value standing in for
     * a field not written. A section without a list (Keyspace, Commandstats…) is printed as written.
     */
    private static final class InfoWriter {
        final StringBuilder sb;
        final Dialect dialect;
        java.util.LinkedHashMap<String, String> captured;
        final Map<String, String> written = new java.util.HashMap<>();

        InfoWriter(StringBuilder sb, Dialect dialect) {
            this.sb = sb;
            this.dialect = dialect;
        }

        InfoWriter header(String name) {
            sb.append("# ").append(name).append("\r\n");
            captured = InfoFields.of(dialect, name);
            return this;
        }

        InfoWriter line(String key, Object value) {
            if (captured != null) written.put(key, String.valueOf(value));
            else sb.append(key).append(':').append(value).append("\r\n");
            return this;
        }

        void end() {
            if (captured == null) return;
            for (Map.Entry<String, String> e : captured.entrySet()) {
                if (e.getKey().equals("listener0")) {
                    // the captured server had one TCP listener; this one has those configured
                    for (String l : new String[] {"listener0", "listener1"}) {
                        if (written.containsKey(l)) sb.append(l).append(':').append(written.get(l)).append("\r\n");
                    }
                    continue;
                }
                sb.append(e.getKey()).append(':').append(written.getOrDefault(e.getKey(), e.getValue())).append("\r\n");
            }
        }
    }

    private static void infoServer(Call c, InfoWriter w) {
        Dialect v = c.dialect();
        long uptime = Math.max(0, (c.now - c.engine.startMillis()) / 1000);
        String arch = System.getProperty("os.arch", "");
        if (arch.equals("amd64")) arch = "x86_64";
        w.header("Server")
                .line("redis_version", v.redisVersion())
                .line("server_name", v.server())
                .line("valkey_version", v.full())
                .line("redis_git_sha1", "00000000")
                .line("redis_git_dirty", 0)
                .line("redis_build_id", "0000000000000000")
                .line("redis_mode", c.engine.cluster() != null ? "cluster" : "standalone")
                .line("server_mode", c.engine.cluster() != null ? "cluster" : "standalone")
                .line("os", System.getProperty("os.name", "") + " " + System.getProperty("os.version", "") + " " + arch)
                .line("arch_bits", 64)
                .line("monotonic_clock", "POSIX clock_gettime")
                .line("multiplexing_api", "epoll")
                .line("atomicvar_api", "c11-builtin")
                .line("gcc_version", "0.0.0")
                .line("process_id", ProcessHandle.current().pid())
                .line("process_supervised", "no")
                .line("run_id", c.engine.stats().runId)
                // server.port ? server.port : server.tls_port
                .line("tcp_port", "0".equals(c.engine.config().get("port")) && c.engine.config().get("tls-port") != null
                        ? c.engine.config().get("tls-port") : c.engine.config().get("port"))
                .line("server_time_usec", c.engine.time().currentTimeMicros())
                .line("uptime_in_seconds", uptime)
                .line("uptime_in_days", uptime / 86400)
                .line("hz", c.engine.hz())
                .line("configured_hz", c.engine.config().get("hz"))
                .line("lru_clock", (c.now / 1000) & ((1 << 24) - 1))
                .line("executable", "")
                .line("config_file", "")
                .line("io_threads_active", 0);
        // getListensInfoString (7.2+): one line per configured listener, numbered by connection type
        // (0 tcp, 1 tls), so a TLS-only server has listener1 alone
        String bind = c.engine.config().get("bind"), port = c.engine.config().get("port"), tlsPort = c.engine.config().get("tls-port");
        if (!"0".equals(port)) w.line("listener0", "name=tcp,bind=" + bind + ",port=" + port);
        if (tlsPort != null && !"0".equals(tlsPort)) w.line("listener1", "name=tls,bind=" + bind + ",port=" + tlsPort);
    }

    private static void infoClients(Call c, InfoWriter w) {
        w.header("Clients")
                .line("connected_clients", c.engine.sessions().size())
                .line("cluster_connections", 0)
                .line("maxclients", c.engine.config().get("maxclients"))
                .line("client_recent_max_input_buffer", 0)
                .line("client_recent_max_output_buffer", 0)
                .line("blocked_clients", c.engine.blocking().blockedClients() + c.engine.pause.postponedClients())
                .line("tracking_clients", c.engine.tracking().clients())
                .line("pubsub_clients", c.engine.sessions().values().stream().filter(PubSubCommands::isSubscribed).count())
                .line("watching_clients", c.engine.sessions().values().stream().filter(s -> !s.watched.isEmpty()).count())
                .line("clients_in_timeout_table", 0)
                .line("total_watched_keys", c.engine.sessions().values().stream()
                        .flatMap(s -> s.watched.stream()).distinct().count());
    }

    /** bytesToHuman. */
    static String human(long n) {
        if (n < 1024) return n + "B";
        String[] units = {"K", "M", "G", "T", "P"};
        double d = n;
        for (String u : units) {
            d /= 1024;
            if (d < 1024 || u.equals("P")) return String.format(Locale.ROOT, "%.2f%s", d, u);
        }
        return n + "B";
    }

    /**
     * used_memory and its parts are redis-double's own figures ({@link Engine#usedMemory}: what Redis would
     * allocate for the stored keys, its start-up figure and the databases' tables), the ones maxmemory is
     * held against; used_memory_rss and the fragmentation figures are the JVM's heap (committed), the
     * memory the process really holds.
     */
    private static void infoMemory(Call c, InfoWriter w) {
        Runtime rt = Runtime.getRuntime();
        long used = c.engine.usedMemory();
        long startup = Engine.STARTUP_MEMORY;
        long overhead = startup;
        for (int i = 0; i < c.engine.keyspace().count(); i++) overhead += c.engine.keyspace().db(i).tableBytes();
        long dataset = used - overhead;
        long rss = rt.totalMemory();
        ServerStats st = c.engine.stats();
        st.peakMemory = Math.max(st.peakMemory, used);
        long peak = st.peakMemory;
        long maxmemory = c.engine.config().maxmemory();
        long system = rt.maxMemory();
        String ratio = String.format(Locale.ROOT, "%.2f", used == 0 ? 0.0 : (double) rss / used);
        long net = used - startup;
        w.header("Memory")
                .line("used_memory", used)
                .line("used_memory_human", human(used))
                .line("used_memory_rss", rss)
                .line("used_memory_rss_human", human(rss))
                .line("used_memory_peak", peak)
                .line("used_memory_peak_human", human(peak))
                .line("used_memory_peak_perc", String.format(Locale.ROOT, "%.2f%%", peak == 0 ? 0.0 : used * 100.0 / peak))
                .line("used_memory_overhead", overhead)
                .line("used_memory_startup", startup)
                .line("used_memory_dataset", dataset)
                .line("used_memory_dataset_perc", String.format(Locale.ROOT, "%.2f%%", net <= 0 ? 0.0 : dataset * 100.0 / net))
                .line("allocator_allocated", used)
                .line("allocator_active", rss)
                .line("allocator_resident", rss)
                .line("total_system_memory", system)
                .line("total_system_memory_human", human(system));
        w.line("used_memory_lua", 0)
                .line("used_memory_vm_eval", 0)
                .line("used_memory_lua_human", "0B")
                .line("used_memory_scripts_eval", 0)
                .line("number_of_cached_scripts", c.engine.scripting().cachedScripts())
                .line("number_of_functions", functionCount(c))
                .line("number_of_libraries", libraryCount(c))
                .line("used_memory_vm_functions", 0)
                .line("used_memory_vm_total", 0)
                .line("used_memory_vm_total_human", "0B")
                .line("used_memory_functions", 0)
                .line("used_memory_scripts", 0)
                .line("used_memory_scripts_human", "0B");
        w.line("maxmemory", maxmemory)
                .line("maxmemory_human", human(maxmemory))
                .line("maxmemory_policy", c.engine.config().get("maxmemory-policy"))
                .line("allocator_frag_ratio", ratio)
                .line("allocator_frag_bytes", rss - used)
                .line("allocator_rss_ratio", "1.00")
                .line("allocator_rss_bytes", 0)
                .line("rss_overhead_ratio", "1.00")
                .line("rss_overhead_bytes", 0)
                .line("mem_fragmentation_ratio", ratio)
                .line("mem_fragmentation_bytes", rss - used)
                .line("mem_not_counted_for_evict", 0)
                .line("mem_replication_backlog", 0);
        w.line("mem_total_replication_buffers", 0);
        w.line("mem_clients_slaves", 0)
                .line("mem_clients_normal", 0);
        w.line("mem_cluster_links", 0);
        w.line("mem_aof_buffer", 0)
                .line("mem_allocator", "libc")
                .line("active_defrag_running", 0)
                .line("lazyfree_pending_objects", 0)
                .line("lazyfreed_objects", 0);
    }

    private static void infoPersistence(Call c, InfoWriter w) {
        ServerStats st = c.engine.stats();
        Persistence p = c.engine.persistence();
        w.header("Persistence").line("loading", 0);
        w.line("async_loading", 0).line("current_cow_peak", 0);
        w.line("current_cow_size", 0)
                .line("current_cow_size_age", 0)
                .line("current_fork_perc", "0.00")
                .line("current_save_keys_processed", 0)
                .line("current_save_keys_total", 0)
                .line("rdb_changes_since_last_save", st.dirty)
                .line("rdb_bgsave_in_progress", p.bgsaveInProgress() ? 1 : 0)
                .line("rdb_last_save_time", st.lastSaveSeconds)
                .line("rdb_last_bgsave_status", p.lastBgsaveOk ? "ok" : "err")
                .line("rdb_last_bgsave_time_sec", p.lastBgsaveSeconds)
                .line("rdb_current_bgsave_time_sec", p.currentBgsaveSeconds(Math.floorDiv(c.now, 1000L)));
        w.line("rdb_saves", st.saves);
        w.line("rdb_last_cow_size", 0);
        w.line("rdb_last_load_keys_expired", p.lastLoadKeysExpired).line("rdb_last_load_keys_loaded", p.lastLoadKeysLoaded);
        w.line("aof_enabled", c.engine.config().get("appendonly").equals("yes") ? 1 : 0)
                .line("aof_rewrite_in_progress", 0)
                .line("aof_rewrite_scheduled", 0)
                .line("aof_last_rewrite_time_sec", -1)
                .line("aof_current_rewrite_time_sec", -1)
                .line("aof_last_bgrewrite_status", "ok");
        w.line("aof_rewrites", 0).line("aof_rewrites_consecutive_failures", 0);
        w.line("aof_last_write_status", "ok")
                .line("aof_last_cow_size", 0)
                .line("module_fork_in_progress", 0)
                .line("module_fork_last_cow_size", 0);
    }

    private static void infoStats(Call c, InfoWriter w) {
        Engine e = c.engine;
        w.header("Stats")
                .line("total_connections_received", e.connectionsReceived())
                .line("total_commands_processed", e.commandsProcessed())
                .line("instantaneous_ops_per_sec", 0)
                .line("total_net_input_bytes", 0)
                .line("total_net_output_bytes", 0);
        w.line("total_net_repl_input_bytes", 0).line("total_net_repl_output_bytes", 0);
        w.line("instantaneous_input_kbps", "0.00").line("instantaneous_output_kbps", "0.00");
        w.line("instantaneous_input_repl_kbps", "0.00").line("instantaneous_output_repl_kbps", "0.00");
        w.line("rejected_connections", e.rejectedConnections())
                .line("sync_full", 0)
                .line("sync_partial_ok", 0)
                .line("sync_partial_err", 0)
                .line("expired_keys", e.expiredKeys())
                .line("expired_stale_perc", "0.00")
                .line("expired_time_cap_reached_count", 0)
                .line("expire_cycle_cpu_milliseconds", 0)
                .line("evicted_keys", e.keyspace().eviction().evictedKeys());
        w.line("evicted_clients", e.evictedClients()).line("total_eviction_exceeded_time", 0).line("current_eviction_exceeded_time", 0);
        w.line("keyspace_hits", 0)
                .line("keyspace_misses", 0)
                .line("pubsub_channels", e.pubsub.channelCount())
                .line("pubsub_patterns", e.pubsub.patternCount());
        w.line("pubsubshard_channels", e.pubsub.shardChannelCount());
        w.line("latest_fork_usec", 0)
                .line("total_forks", 0)
                .line("migrate_cached_sockets", 0)
                .line("slave_expires_tracked_keys", 0)
                .line("active_defrag_hits", 0)
                .line("active_defrag_misses", 0)
                .line("active_defrag_key_hits", 0)
                .line("active_defrag_key_misses", 0);
        w.line("total_active_defrag_time", 0).line("current_active_defrag_time", 0);
        w.line("tracking_total_keys", e.tracking().totalKeys())
                .line("tracking_total_items", e.tracking().totalItems())
                .line("tracking_total_prefixes", e.tracking().totalPrefixes())
                .line("unexpected_error_replies", 0)
                .line("total_error_replies", e.stats().totalErrorReplies)
                .line("dump_payload_sanitizations", 0)
                .line("total_reads_processed", e.commandsProcessed())
                .line("total_writes_processed", e.commandsProcessed())
                .line("io_threaded_reads_processed", 0)
                .line("io_threaded_writes_processed", 0);
        w.line("reply_buffer_shrinks", 0).line("reply_buffer_expands", 0);
        w.line("client_query_buffer_limit_disconnections", e.stats().queryBufferLimitDisconnections)
                .line("client_output_buffer_limit_disconnections", e.stats().outputBufferLimitDisconnections);
    }

    private static void infoReplication(Call c, InfoWriter w) {
        if (c.engine.cluster() != null && clusterReplication(c, w)) return;
        w.header("Replication")
                .line("role", "master")
                .line("connected_slaves", 0)
                .line("master_failover_state", "no-failover")
                .line("master_replid", c.engine.stats().replId)
                .line("master_replid2", "0000000000000000000000000000000000000000")
                .line("master_repl_offset", 0)
                .line("second_repl_offset", -1)
                .line("repl_backlog_active", 0)
                .line("repl_backlog_size", c.engine.config().get("repl-backlog-size"))
                .line("repl_backlog_first_byte_offset", 0)
                .line("repl_backlog_histlen", 0);
    }

    /**
     * A cluster node with replicas, or a replica (replicationInfo as a settled link shows it): the
     * replica's master and link, or the master's replicas, offsets as {@link ClusterBus#replicationOffset}.
     * False for a master without replicas, which shows what a standalone server shows.
     */
    private static boolean clusterReplication(Call c, InfoWriter w) {
        ClusterBus bus = c.engine.cluster();
        io.redisdouble.cluster.ClusterTopology t = bus.topology();
        io.redisdouble.cluster.ClusterTopology.Node me = t.node(ClusterCommands.nodeId(c.engine, c.session));
        if (me == null) return false;
        List<io.redisdouble.cluster.ClusterTopology.Node> replicas = new ArrayList<>();
        if (me.isMaster()) {
            for (var r : t.replicasOf(me.id())) if (!r.failed()) replicas.add(r);
            if (replicas.isEmpty()) return false;
        }
        long offset = bus.replicationOffset(me.id());
        w.header("Replication");
        // written as it comes: the captured field list is a standalone master's (no replica fields)
        w.captured = null;
        if (me.isMaster()) {
            w.line("role", "master").line("connected_slaves", replicas.size());
            for (int i = 0; i < replicas.size(); i++) {
                var r = replicas.get(i);
                w.line("slave" + i, "ip=" + r.host() + ",port=" + r.port() + ",state=online,offset=" + offset + ",lag=0"
                        + (c.dialect().has(Quirk.INFO_REPLICA_TYPE_AND_WAITING_PSYNC) ? ",type=replica" : ""));
            }
            if (c.dialect().has(Quirk.INFO_REPLICA_TYPE_AND_WAITING_PSYNC)) w.line("replicas_waiting_psync", 0);
        } else {
            var master = t.node(me.masterId());
            w.line("role", "slave").line("master_host", master.host()).line("master_port", master.port())
                    .line("master_link_status", "up").line("master_last_io_seconds_ago", 0)
                    .line("master_sync_in_progress", 0).line("slave_read_repl_offset", offset)
                    .line("slave_repl_offset", offset);
            if (c.dialect().has(Quirk.INFO_REPLICA_FULL_SYNC_BUFFER)) {
                w.line("replica_full_sync_buffer_size", 0).line("replica_full_sync_buffer_peak", 0);
            }
            if (c.dialect().has(Quirk.INFO_REPLICA_TYPE_AND_WAITING_PSYNC)) {
                w.line("replicas_repl_buffer_size", 0).line("replicas_repl_buffer_peak", 0);
            }
            w.line("slave_priority", 100).line("slave_read_only", 1)
                    .line("replica_announced", 1).line("connected_slaves", 0);
            if (c.dialect().has(Quirk.INFO_REPLICA_TYPE_AND_WAITING_PSYNC)) w.line("replicas_waiting_psync", 0);
        }
        ClusterBus.ReplicationIds ids = bus.replicationIds(me.id());
        w.line("master_failover_state", "no-failover")
                .line("master_replid", ids != null ? ids.replId() : c.engine.stats().replId)
                .line("master_replid2", ids != null ? ids.replId2() : "0000000000000000000000000000000000000000")
                .line("master_repl_offset", offset)
                .line("second_repl_offset", ids != null ? ids.secondOffset() : -1)
                .line("repl_backlog_active", 1)
                .line("repl_backlog_size", c.engine.config().get("repl-backlog-size"))
                .line("repl_backlog_first_byte_offset", 1)
                .line("repl_backlog_histlen", offset);
        return true;
    }

    private static void infoCpu(InfoWriter w) {
        double cpu = ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
        String user = String.format(Locale.ROOT, "%.6f", cpu);
        w.header("CPU")
                .line("used_cpu_sys", "0.000000")
                .line("used_cpu_user", user)
                .line("used_cpu_sys_children", "0.000000")
                .line("used_cpu_user_children", "0.000000")
                .line("used_cpu_sys_main_thread", "0.000000")
                .line("used_cpu_user_main_thread", user);
    }

    /** cmdstat_<name>: 7.0 per subcommand ("client|list"), 6.2 per command. */
    private static void infoCommandstats(Call c, InfoWriter w) {
        boolean subcommands = c.dialect().has(Quirk.SUBCOMMANDS_AS_COMMANDS);
        Map<String, long[]> agg = new LinkedHashMap<>();
        for (Map.Entry<String, ServerStats.CommandStat> e : c.engine.stats().commands.entrySet()) {
            String name = e.getKey();
            if (!subcommands && name.indexOf('|') >= 0) name = name.substring(0, name.indexOf('|'));
            ServerStats.CommandStat s = e.getValue();
            long[] a = agg.computeIfAbsent(name, k -> new long[4]);
            a[0] += s.calls;
            a[1] += s.usec;
            a[2] += s.rejected;
            a[3] += s.failed;
        }
        w.header("Commandstats");
        for (Map.Entry<String, long[]> e : agg.entrySet()) {
            long[] a = e.getValue();
            if (a[0] == 0 && a[2] == 0 && a[3] == 0) continue;
            w.line("cmdstat_" + e.getKey(), "calls=" + a[0] + ",usec=" + a[1] + ",usec_per_call="
                    + String.format(Locale.ROOT, "%.2f", a[0] == 0 ? 0.0 : (double) a[1] / a[0])
                    + ",rejected_calls=" + a[2] + ",failed_calls=" + a[3]);
        }
    }

    private static void infoErrorstats(Call c, InfoWriter w) {
        w.header("Errorstats");
        for (Map.Entry<String, Long> e : c.engine.stats().errors.entrySet()) {
            w.line("errorstat_" + e.getKey(), "count=" + e.getValue());
        }
    }

    /** db<N>:keys=…,expires=…,avg_ttl=… for each non-empty database; avg_ttl in ms over the keys with a TTL. */
    private static void infoKeyspace(Call c, InfoWriter w) {
        w.header("Keyspace");
        for (int i = 0; i < c.engine.keyspace().count(); i++) {
            Database db = c.engine.keyspace().db(i);
            int keys = db.size();
            if (keys == 0) continue;
            int expires = db.volatileKeyCount();
            long avg = 0;
            if (expires > 0) {
                long[] sum = {0, 0};
                db.forEachLive(c.now, e -> {
                    if (e.expireAt() >= 0) {
                        sum[0] += e.expireAt() - c.now;
                        sum[1]++;
                    }
                });
                avg = sum[1] == 0 ? 0 : sum[0] / sum[1];
            }
            String line = "keys=" + keys + ",expires=" + expires + ",avg_ttl=" + avg;
            if (c.dialect().has(Quirk.INFO_KEYSPACE_SUBEXPIRY)) line += ",subexpiry=" + db.hashesWithFieldTtls();
            w.line("db" + i, line);
        }
    }

    /**
     * INFO threads (8.0): one line for the main thread, the only one redis-double has, with the clients it
     * serves and the reads and writes it made (counted as total_reads_processed / total_writes_processed are).
     */
    private static void infoThreads(Call c, InfoWriter w) {
        Engine e = c.engine;
        w.header("Threads").line("io_thread_0", "clients=" + e.sessions().size() + ",reads=" + e.commandsProcessed()
                + ",writes=" + e.commandsProcessed());
    }

    /**
     * INFO keysizes (8.0): per database with keys, per type (strings by length in bytes; sets, sorted sets
     * and hashes by their number of elements, a hash's fields past their deadline counted until deleted), a
     * power-of-two histogram "dbN_distrib_strings_sizes:0=1,1=2,2=1,…,1K=1,1M=2", bins 0, 1, 2, 4… named with
     * K, M, G, T, P, E for powers of 1024. Redis keeps the histogram as keys change (and 8.0.2 miscounts a few
     * writes, e.g. SETRANGE creating a key); redis-double counts the keys as they are.
     */
    private static void infoKeysizes(Call c, InfoWriter w) {
        w.header("Keysizes");
        String[] names = {"strings_sizes", "sets_items", "zsets_items", "hashes_items"};
        for (int i = 0; i < c.engine.keyspace().count(); i++) {
            Database db = c.engine.keyspace().db(i);
            if (db.size() == 0) continue;
            long[][] bins = new long[names.length][65];
            db.forEachValue(v -> {
                int type;
                long n;
                if (v instanceof byte[] b) {
                    type = 0;
                    n = b.length;
                } else if (v instanceof io.redisdouble.keyspace.RedisSet set) {
                    type = 1;
                    n = set.size();
                } else if (v instanceof io.redisdouble.zset.ZSet z) {
                    type = 2;
                    n = z.size();
                } else if (v instanceof io.redisdouble.keyspace.RedisHash h) {
                    type = 3;
                    n = h.size();
                } else {
                    return;
                }
                bins[type][n == 0 ? 0 : 64 - Long.numberOfLeadingZeros(n)]++;
            });
            for (int t = 0; t < names.length; t++) {
                StringBuilder line = new StringBuilder();
                for (int b = 0; b < 65; b++) {
                    if (bins[t][b] == 0) continue;
                    if (line.length() > 0) line.append(',');
                    line.append(b == 0 ? "0" : powerOfTwoName(b - 1)).append('=').append(bins[t][b]);
                }
                if (line.length() > 0) w.line("db" + i + "_distrib_" + names[t], line);
            }
        }
    }

    /** 2^power as INFO keysizes names a bin: 1, 2 … 512, then 1K … 512K, 1M …, with K, M, G, T, P, E. */
    private static String powerOfTwoName(int power) {
        String units = "KMGTPE";
        return power < 10 ? Long.toString(1L << power) : (1L << (power % 10)) + String.valueOf(units.charAt(power / 10 - 1));
    }

    private static int functionCount(Call c) {
        try {
            return c.engine.scripting().functions().functionCount();
        } catch (UnsupportedOperationException e) {
            return 0;
        }
    }

    private static int libraryCount(Call c) {
        try {
            return c.engine.scripting().functions().libraryCount();
        } catch (UnsupportedOperationException e) {
            return 0;
        }
    }
}
