package io.redisdouble.command;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.resp.Reply;
import io.redisdouble.util.Bytes;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Server commands. Expected replies are real Redis 7.0.15 / 6.2.7 replies (servers started with
 * {@code --save '' --appendonly no}); where a value depends on the process (INFO numbers, CONFIG GET's
 * hash order in 7.0) only the structure is checked.
 */
class ServerCommandsTest {
    private static final Dialect V6 = Dialect.REDIS_6_2;
    private static final Dialect V7 = Dialect.REDIS_7_0;

    private static String body(String bulk) {
        return bulk.substring(bulk.indexOf("\r\n") + 2, bulk.length() - 2);
    }

    private static List<String> headers(String info) {
        List<String> out = new ArrayList<>();
        for (String l : body(info).split("\r\n")) if (l.startsWith("#")) out.add(l);
        return out;
    }

    private static void seed(EngineHarness h, int db, String key, long ttlMillis) {
        long now = h.time.currentTimeMillis();
        var e = h.engine.keyspace().db(db).set(Bytes.utf8(key), Bytes.utf8("v"), false, now);
        if (ttlMillis > 0) h.engine.keyspace().db(db).setExpire(e, now + ttlMillis);
    }

    // ---- INFO --------------------------------------------------------------------------------------------

    @Test
    void infoSectionsAndOrder() {
        List<String> def = List.of("# Server", "# Clients", "# Memory", "# Persistence", "# Stats", "# Replication",
                "# CPU", "# Modules", "# Errorstats", "# Cluster", "# Keyspace");
        EngineHarness h = new EngineHarness();
        assertEquals(def, headers(h.run("INFO")));
        assertEquals(def, headers(h.run("INFO default")));
        assertEquals(List.of("# Server", "# Clients", "# Memory", "# Persistence", "# Stats", "# Replication",
                "# CPU", "# Modules", "# Commandstats", "# Errorstats", "# Latencystats", "# Cluster", "# Keyspace"),
                headers(h.run("INFO all")));
        assertEquals(headers(h.run("INFO all")), headers(h.run("INFO everything")));
        assertEquals(List.of("# Server", "# Keyspace"), headers(h.run("INFO keyspace SERVER")));
        assertEquals("$0\r\n\r\n", h.run("INFO foo"));
        assertEquals("$11\r\n# Modules\r\n\r\n", h.run("INFO MODULES"));
        assertEquals("$12\r\n# Keyspace\r\n\r\n", h.run("INFO keyspace"));
        assertEquals("$30\r\n# Cluster\r\ncluster_enabled:0\r\n\r\n", h.run("INFO cluster"));
        String all = h.run("INFO");
        assertTrue(all.contains("\r\n\r\n# Clients\r\n"), "a blank line between sections");
        assertTrue(all.contains("\r\nredis_version:7.0.15\r\n"));
        assertTrue(all.contains("\r\nredis_mode:standalone\r\n"));
        assertTrue(all.contains("\r\nloading:0\r\n"));
        assertTrue(all.contains("\r\ntcp_port:6379\r\n"));
        assertTrue(all.contains("\r\nconnected_clients:1\r\n"));
        assertTrue(all.contains("\r\nrole:master\r\n"));
        h.run("HELLO 3");
        assertEquals("=4\r\ntxt:\r\n", h.run("INFO foo"));
        assertEquals("=34\r\ntxt:# Cluster\r\ncluster_enabled:0\r\n\r\n", h.run("INFO cluster"));

        EngineHarness h6 = new EngineHarness(V6, null);
        List<String> def6 = new ArrayList<>(def);
        assertEquals(def6, headers(h6.run("INFO")));
        assertEquals(List.of("# Server", "# Clients", "# Memory", "# Persistence", "# Stats", "# Replication",
                "# CPU", "# Modules", "# Commandstats", "# Errorstats", "# Cluster", "# Keyspace"),
                headers(h6.run("INFO everything")));
        assertEquals("-ERR syntax error\r\n", h6.run("INFO server clients"));
        assertTrue(h6.run("INFO server").contains("\r\nredis_version:6.2.7\r\n"));
        assertEquals("$0\r\n\r\n", h6.run("INFO latencystats"));
    }

    /**
     * Redis 8.0.2 adds the Threads section (after Persistence) and the Keysizes section (last), both in the
     * default INFO; its Modules section names no module here (8.0.2's vectorset module is not emulated). The
     * histograms are what 8.0.2 printed for the same keys (strings by length: "" 0, "1" 1, "12" / "123" 2,
     * "1234" 4, 8 bytes 8, 1500 bytes 1K, 5000 bytes 4K, 2^20 + 1 bytes 1M; 17 set members 16).
     */
    @Test
    void info80ThreadsAndKeysizes() {
        EngineHarness h = new EngineHarness(Dialect.defined("8.0"), null);
        List<String> def = List.of("# Server", "# Clients", "# Memory", "# Persistence", "# Threads", "# Stats",
                "# Replication", "# CPU", "# Modules", "# Errorstats", "# Cluster", "# Keyspace", "# Keysizes");
        assertEquals(def, headers(h.run("INFO")));
        assertEquals(List.of("# Server", "# Clients", "# Memory", "# Persistence", "# Threads", "# Stats",
                "# Replication", "# CPU", "# Modules", "# Commandstats", "# Errorstats", "# Latencystats", "# Cluster",
                "# Keyspace", "# Keysizes"), headers(h.run("INFO everything")));
        assertEquals("$11\r\n# Modules\r\n\r\n", h.run("INFO modules"));
        assertEquals("$12\r\n# Keysizes\r\n\r\n", h.run("INFO keysizes"));
        assertTrue(h.run("INFO threads").matches("(?s)\\$\\d+\r\n# Threads\r\nio_thread_0:clients=\\d+,reads=\\d+,writes=\\d+\r\n\r\n"),
                h.run("INFO threads"));
        for (String cmd : List.of("SET e \"\"", "SET a 1", "INCR n", "SET b 12", "SET c 123", "SET d 1234", "SET nn 12345678",
                "SET f " + "x".repeat(1500), "SET g " + "x".repeat(5000), "SET big " + "x".repeat((1 << 20) + 1),
                "HSET h a 1", "ZADD z 1 a", "SADD s 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17", "SELECT 3", "SET x y")) {
            h.run(cmd);
        }
        assertEquals("# Keysizes\r\n"
                + "db0_distrib_strings_sizes:0=1,1=2,2=2,4=1,8=1,1K=1,4K=1,1M=1\r\n"
                + "db0_distrib_sets_items:16=1\r\n"
                + "db0_distrib_zsets_items:1=1\r\n"
                + "db0_distrib_hashes_items:1=1\r\n"
                + "db3_distrib_strings_sizes:1=1\r\n", body(h.run("INFO keysizes")));
        // 7.4 has neither section
        EngineHarness h74 = new EngineHarness(Dialect.REDIS_7_4, null);
        assertEquals("$0\r\n\r\n", h74.run("INFO keysizes"));
        assertEquals("$0\r\n\r\n", h74.run("INFO threads"));
        assertFalse(headers(h74.run("INFO")).contains("# Threads"));
    }

    @Test
    void infoFieldOrderMatchesTheVersion() {
        // first and last fields of sections whose field lists differ between 6.2 and 7.0
        String i7 = body(new EngineHarness().run("INFO everything"));
        assertTrue(i7.contains("used_memory_lua:0\r\nused_memory_vm_eval:"), i7);
        assertTrue(i7.contains("# Persistence\r\nloading:0\r\nasync_loading:0\r\ncurrent_cow_peak:"));
        assertTrue(i7.contains("\r\nreply_buffer_expands:0\r\n\r\n# Replication\r\n"));
        String i6 = body(new EngineHarness(V6, null).run("INFO everything"));
        assertTrue(i6.contains("used_memory_lua:0\r\nused_memory_lua_human:"), i6);
        assertTrue(i6.contains("# Persistence\r\nloading:0\r\ncurrent_cow_size:"));
        assertTrue(i6.contains("\r\nio_threaded_writes_processed:0\r\n\r\n# Replication\r\n"));
        assertFalse(i6.contains("Latencystats"));
    }

    @Test
    void infoKeyspaceLines() {
        EngineHarness h = new EngineHarness();
        seed(h, 0, "a", 0);
        seed(h, 0, "b", 100_000);
        seed(h, 3, "c", 0);
        assertEquals("# Keyspace\r\ndb0:keys=2,expires=1,avg_ttl=100000\r\ndb3:keys=1,expires=0,avg_ttl=0\r\n",
                body(h.run("INFO keyspace")));
    }

    @Test
    void infoCountsCommandsAndErrors() {
        EngineHarness h = new EngineHarness();
        h.run("PING");
        h.run("PING");
        h.run("AUTH a b c");
        h.run("CLIENT SETNAME");
        h.run("nosuch");
        String stats = body(h.run("INFO commandstats"));
        assertTrue(stats.contains("\r\ncmdstat_ping:calls=2,usec="), stats);
        assertTrue(stats.contains(",rejected_calls=0,failed_calls=1\r\n"), stats);
        assertTrue(stats.contains("cmdstat_client|setname:calls=0,usec=0,usec_per_call=0.00,rejected_calls=1,failed_calls=0"), stats);
        assertEquals("# Errorstats\r\nerrorstat_ERR:count=3\r\n", body(h.run("INFO errorstats")));
        assertTrue(body(h.run("INFO stats")).contains("\r\ntotal_error_replies:3\r\n"));
        assertEquals("+OK\r\n", h.run("CONFIG RESETSTAT"));
        assertEquals("# Errorstats\r\n", body(h.run("INFO errorstats")));
        assertTrue(body(h.run("INFO commandstats")).startsWith("# Commandstats\r\ncmdstat_config|resetstat:calls=1,"),
                "RESETSTAT counts itself");
        // 6.2 names the command, not the subcommand
        EngineHarness h6 = new EngineHarness(V6, null);
        h6.run("CLIENT ID");
        h6.run("CLIENT GETNAME");
        assertTrue(body(h6.run("INFO commandstats")).contains("cmdstat_client:calls=2,"));
    }

    // ---- CONFIG ------------------------------------------------------------------------------------------

    private static Map<String, String> configMap(EngineHarness h, String line) {
        Reply r = h.reply(h.session, line);
        Reply.Multi m = (Reply.Multi) r;
        assertEquals(Reply.Kind.MAP, r.kind());
        Map<String, String> out = new TreeMap<>();
        for (int i = 0; i < m.items.length; i += 2) {
            out.put(Bytes.str(((Reply.Bulk) m.items[i]).value), Bytes.str(((Reply.Bulk) m.items[i + 1]).value));
        }
        return out;
    }

    @Test
    void configGetDefaults() {
        for (Dialect v : Dialect.supported()) {
            EngineHarness h = new EngineHarness(v, null);
            assertEquals("*2\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n", h.run("CONFIG GET maxmemory"));
            assertEquals("*2\r\n$4\r\nsave\r\n$0\r\n\r\n", h.run("CONFIG GET save"));
            assertEquals("*2\r\n$10\r\nappendonly\r\n$2\r\nno\r\n", h.run("CONFIG GET appendonly"));
            assertEquals("*2\r\n$9\r\ndatabases\r\n$2\r\n16\r\n", h.run("CONFIG GET databases"));
            assertEquals("*2\r\n$16\r\nmaxmemory-policy\r\n$10\r\nnoeviction\r\n", h.run("CONFIG GET maxmemory-policy"));
            assertEquals("*2\r\n$2\r\nhz\r\n$2\r\n10\r\n", h.run("CONFIG GET h?"));
            assertEquals("*2\r\n$2\r\nhz\r\n$2\r\n10\r\n", h.run("CONFIG GET \"[h]z\""));
            assertEquals("*0\r\n", h.run("CONFIG GET nosuch"));
            assertEquals("*0\r\n", h.run("CONFIG GET \"\""));
            assertEquals("*2\r\n$26\r\nclient-output-buffer-limit\r\n$67\r\n"
                    + "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60\r\n",
                    h.run("CONFIG GET client-output-buffer-limit"));
            assertEquals("*2\r\n$15\r\nslave-read-only\r\n$3\r\nyes\r\n", h.run("CONFIG GET slave-read-only"));
            h.run("HELLO 3");
            assertEquals("%1\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n", h.run("CONFIG GET maxmemory"));
        }
        EngineHarness h7 = new EngineHarness();
        assertEquals("*2\r\n$9\r\nMAXMEMORY\r\n$1\r\n0\r\n", h7.run("CONFIG GET MAXMEMORY"), "7.0 echoes the name");
        assertEquals("*2\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n", h7.run("CONFIG GET maxmemory maxmemory"));
        assertEquals(Map.of("save", "", "appendonly", "no"), configMap(h7, "CONFIG GET save appendonly"));
        assertEquals(Map.of("zset-max-listpack-entries", "128", "zset-max-ziplist-entries", "128",
                "zset-max-listpack-value", "64", "zset-max-ziplist-value", "64"), configMap(h7, "CONFIG GET zset-max-*"));
        assertEquals(Map.of("busy-reply-threshold", "5000", "lua-time-limit", "5000"),
                configMap(h7, "CONFIG GET busy-reply-threshold lua-time-limit"));
        assertEquals(192, configMap(h7, "CONFIG GET *").size());
        assertEquals("-ERR wrong number of arguments for 'config|get' command\r\n", h7.run("CONFIG GET"));

        EngineHarness h6 = new EngineHarness(V6, null);
        assertEquals("*2\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n", h6.run("CONFIG GET MAXMEMORY"), "6.2 names it canonically");
        assertEquals("*4\r\n$24\r\nzset-max-ziplist-entries\r\n$3\r\n128\r\n$22\r\nzset-max-ziplist-value\r\n$2\r\n64\r\n",
                h6.run("CONFIG GET zset-max-*"));
        assertEquals(168, configMap(h6, "CONFIG GET *").size());
        String unknown = "-ERR Unknown subcommand or wrong number of arguments for 'GET'. Try CONFIG HELP.\r\n";
        assertEquals(unknown, h6.run("CONFIG GET"));
        assertEquals(unknown, h6.run("CONFIG GET maxmemory port"));
    }

    @Test
    void configSetValuesAreParsedAndNormalizedByType() {
        for (Dialect v : Dialect.supported()) {
            EngineHarness h = new EngineHarness(v, null);
            // maxmemory itself is refused unless 0 (UnsupportedSettingsTest): memory values on another parameter.
            assertEquals("+OK\r\n", h.run("CONFIG SET hash-max-ziplist-value 1MB"));
            assertEquals("*2\r\n$22\r\nhash-max-ziplist-value\r\n$7\r\n1048576\r\n", h.run("CONFIG GET hash-max-ziplist-value"));
            h.run("CONFIG SET hash-max-ziplist-value 1k");
            assertEquals("*2\r\n$22\r\nhash-max-ziplist-value\r\n$4\r\n1000\r\n", h.run("CONFIG GET hash-max-ziplist-value"));
            h.run("CONFIG SET hash-max-ziplist-value 5KB");
            assertEquals("*2\r\n$22\r\nhash-max-ziplist-value\r\n$4\r\n5120\r\n", h.run("CONFIG GET hash-max-ziplist-value"));
            h.run("CONFIG SET hash-max-ziplist-value 05");
            assertEquals("*2\r\n$22\r\nhash-max-ziplist-value\r\n$1\r\n5\r\n", h.run("CONFIG GET hash-max-ziplist-value"));
            assertEquals("+OK\r\n", h.run("CONFIG SET appendonly NO"));
            assertEquals("*2\r\n$10\r\nappendonly\r\n$2\r\nno\r\n", h.run("CONFIG GET appendonly"));
            assertEquals("+OK\r\n", h.run("CONFIG SET maxmemory-policy ALLKEYS-LRU"));
            assertEquals("*2\r\n$16\r\nmaxmemory-policy\r\n$11\r\nallkeys-lru\r\n", h.run("CONFIG GET maxmemory-policy"));
            h.run("CONFIG SET hz 0");
            assertEquals("*2\r\n$2\r\nhz\r\n$1\r\n1\r\n", h.run("CONFIG GET hz"));
            h.run("CONFIG SET hz 1000");
            assertEquals("*2\r\n$2\r\nhz\r\n$3\r\n500\r\n", h.run("CONFIG GET hz"));
            assertEquals("+OK\r\n", h.run("CONFIG SET zset-max-ziplist-entries 10"));
            assertEquals("*2\r\n$24\r\nzset-max-ziplist-entries\r\n$2\r\n10\r\n", h.run("CONFIG GET zset-max-ziplist-entries"));
            h.run("CONFIG SET slave-read-only no");
            assertEquals("*2\r\n$17\r\nreplica-read-only\r\n$2\r\nno\r\n", h.run("CONFIG GET replica-read-only"), "aliases share a value");
            h.run("CONFIG SET save \"\"");
            assertEquals("*2\r\n$4\r\nsave\r\n$0\r\n\r\n", h.run("CONFIG GET save"));
            h.run("CONFIG SET notify-keyspace-events KEA");
            assertEquals("*2\r\n$22\r\nnotify-keyspace-events\r\n$3\r\nAKE\r\n", h.run("CONFIG GET notify-keyspace-events"));
            h.run("CONFIG SET notify-keyspace-events gA");
            assertEquals("*2\r\n$22\r\nnotify-keyspace-events\r\n$1\r\nA\r\n", h.run("CONFIG GET notify-keyspace-events"));
            h.run("CONFIG SET notify-keyspace-events Em");
            assertEquals("*2\r\n$22\r\nnotify-keyspace-events\r\n$2\r\nEm\r\n", h.run("CONFIG GET notify-keyspace-events"));
            assertEquals("+OK\r\n", h.run("CONFIG SET client-output-buffer-limit \"replica 1 2 3 normal 1kb 0 0\""));
            assertEquals("*2\r\n$26\r\nclient-output-buffer-limit\r\n$54\r\nnormal 1024 0 0 slave 1 2 3 pubsub 33554432 8388608 60\r\n",
                    h.run("CONFIG GET client-output-buffer-limit"));
        }
        EngineHarness h7 = new EngineHarness();
        h7.run("CONFIG SET notify-keyspace-events \"nmdtEKexzhsl$g\"");
        assertEquals("*2\r\n$22\r\nnotify-keyspace-events\r\n$4\r\nAKEm\r\n", h7.run("CONFIG GET notify-keyspace-events"));
        assertEquals("+OK\r\n", h7.run("CONFIG SET hash-max-ziplist-value 10mb hz 20"));
        assertEquals(Map.of("hash-max-ziplist-value", "10485760", "hz", "20"), configMap(h7, "CONFIG GET hash-max-ziplist-value hz"));
        assertEquals("+OK\r\n", h7.run("CONFIG SET lua-time-limit 1 busy-reply-threshold 2"), "an alias is not a duplicate");
        h7.run("CONFIG SET cluster-link-sendbuf-limit 18446744073709551616");
        assertEquals("*2\r\n$26\r\ncluster-link-sendbuf-limit\r\n$20\r\n18446744073709551615\r\n",
                h7.run("CONFIG GET cluster-link-sendbuf-limit"));
        EngineHarness h6 = new EngineHarness(V6, null);
        h6.run("CONFIG SET hash-max-ziplist-value 18446744073709551615");
        assertEquals("*2\r\n$22\r\nhash-max-ziplist-value\r\n$19\r\n9223372036854775807\r\n", h6.run("CONFIG GET hash-max-ziplist-value"));
    }

    @Test
    void configSetErrors7() {
        EngineHarness h = new EngineHarness();
        String p = "-ERR CONFIG SET failed (possibly related to argument ";
        assertEquals("-ERR Unknown option or number of arguments for CONFIG SET - 'foo'\r\n", h.run("CONFIG SET foo bar"));
        assertEquals("-ERR wrong number of arguments for 'config|set' command\r\n", h.run("CONFIG SET maxmemory"));
        assertEquals("-ERR syntax error\r\n", h.run("CONFIG SET maxmemory 0 hz"));
        assertEquals(p + "'maxmemory') - argument must be a memory value\r\n", h.run("CONFIG SET maxmemory abc"));
        assertEquals(p + "'maxmemory') - argument must be a memory value\r\n", h.run("CONFIG SET MAXMEMORY -1"));
        assertEquals(p + "'maxmemory') - argument must be a memory value\r\n", h.run("CONFIG SET maxmemory 1.5mb"));
        assertEquals(p + "'maxmemory') - argument must be a memory value\r\n", h.run("CONFIG SET maxmemory \"\""));
        assertEquals(p + "'maxmemory') - argument must be a memory value\r\n", h.run("CONFIG SET maxmemory kb"));
        assertEquals(p + "'maxmemory') - argument must be a memory value\r\n", h.run("CONFIG SET maxmemory +5"));
        assertEquals(p + "'hz') - argument couldn't be parsed into an integer\r\n", h.run("CONFIG SET hz abc"));
        assertEquals(p + "'hz') - argument couldn't be parsed into an integer\r\n", h.run("CONFIG SET hz 05"));
        assertEquals(p + "'hz') - argument couldn't be parsed into an integer\r\n", h.run("CONFIG SET hz 99999999999999999999"));
        assertEquals(p + "'lua-time-limit') - argument couldn't be parsed into an integer\r\n", h.run("CONFIG SET lua-time-limit abc"));
        assertEquals(p + "'maxclients') - argument must be between 1 and 4294967295 inclusive\r\n", h.run("CONFIG SET maxclients 0"));
        assertEquals(p + "'timeout') - argument must be between 0 and 2147483647 inclusive\r\n", h.run("CONFIG SET timeout -1"));
        assertEquals(p + "'proto-max-bulk-len') - argument must be between 1048576 and 9223372036854775807 inclusive\r\n",
                h.run("CONFIG SET proto-max-bulk-len 1"));
        assertEquals(p + "'appendonly') - argument must be 'yes' or 'no'\r\n", h.run("CONFIG SET appendonly 1"));
        assertEquals(p + "'slave-read-only') - argument must be 'yes' or 'no'\r\n", h.run("CONFIG SET SLAVE-READ-ONLY maybe"));
        assertEquals(p + "'maxmemory-policy') - argument(s) must be one of the following: volatile-lru, volatile-lfu, "
                + "volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction\r\n",
                h.run("CONFIG SET maxmemory-policy foo"));
        assertEquals(p + "'loglevel') - argument(s) must be one of the following: debug, verbose, notice, warning\r\n",
                h.run("CONFIG SET loglevel foo"));
        assertEquals(p + "'daemonize') - can't set immutable config\r\n", h.run("CONFIG SET daemonize yes"));
        assertEquals(p + "'databases') - can't set immutable config\r\n", h.run("CONFIG SET databases 3"));
        assertEquals(p + "'dir') - can't set protected config\r\n", h.run("CONFIG SET dir /tmp"));
        assertEquals(p + "'dbfilename') - can't set protected config\r\n", h.run("CONFIG SET dbfilename x.rdb"));
        assertEquals(p + "'daemonize') - can't set immutable config\r\n", h.run("CONFIG SET daemonize yes foo bar"));
        assertEquals("-ERR Unknown option or number of arguments for CONFIG SET - 'foo'\r\n", h.run("CONFIG SET foo bar daemonize yes"));
        assertEquals(p + "'maxmemory') - duplicate parameter\r\n", h.run("CONFIG SET maxmemory 1 maxmemory 2"));
        assertEquals(p + "'notify-keyspace-events') - Invalid event class character. Use 'Ag$lshzxeKEtmdn'.\r\n",
                h.run("CONFIG SET notify-keyspace-events foo"));
        assertEquals(p + "'save') - Invalid save parameters\r\n", h.run("CONFIG SET save foo"));
        assertEquals(p + "'save') - Invalid save parameters\r\n", h.run("CONFIG SET save \"1 1 2\""));
        assertEquals(p + "'save') - Invalid save parameters\r\n", h.run("CONFIG SET save \"  1   2  \""));
        assertEquals(p + "'save') - Invalid save parameters\r\n", h.run("CONFIG SET save \"0 1\""));
        assertEquals(p + "'client-output-buffer-limit') - Wrong number of arguments in buffer limit configuration.\r\n",
                h.run("CONFIG SET client-output-buffer-limit \"normal 0 0\""));
        assertEquals(p + "'client-output-buffer-limit') - Invalid client class specified in buffer limit configuration.\r\n",
                h.run("CONFIG SET client-output-buffer-limit \"master 0 0 0\""));
        assertEquals(p + "'client-output-buffer-limit') - Error in hard, soft or soft_seconds setting in buffer limit configuration.\r\n",
                h.run("CONFIG SET client-output-buffer-limit \"normal 1mb 2 -1\""));
        // all or nothing: hz is not changed when maxmemory is refused
        assertEquals(p + "'maxmemory') - argument must be a memory value\r\n", h.run("CONFIG SET hz 5 maxmemory abc"));
        assertEquals("*2\r\n$2\r\nhz\r\n$2\r\n10\r\n", h.run("CONFIG GET hz"));
        assertEquals(p + "'port') - Unable to listen on this port. Check server logs.\r\n", h.run("CONFIG SET port 1"));
        assertEquals("+OK\r\n", h.run("CONFIG SET port 6379"));
    }

    @Test
    void configSetErrors62() {
        EngineHarness h = new EngineHarness(V6, null);
        String unknown = "-ERR Unknown subcommand or wrong number of arguments for 'SET'. Try CONFIG HELP.\r\n";
        assertEquals("-ERR Unsupported CONFIG parameter: foo\r\n", h.run("CONFIG SET foo bar"));
        assertEquals("-ERR Unsupported CONFIG parameter: daemonize\r\n", h.run("CONFIG SET daemonize yes"));
        assertEquals("-ERR Unsupported CONFIG parameter: busy-reply-threshold\r\n", h.run("CONFIG SET busy-reply-threshold 5"));
        assertEquals(unknown, h.run("CONFIG SET maxmemory"));
        assertEquals(unknown, h.run("CONFIG SET maxmemory 10mb hz 20"));
        assertEquals("-ERR Invalid argument 'abc' for CONFIG SET 'MAXMEMORY' - argument must be a memory value\r\n",
                h.run("CONFIG SET MAXMEMORY abc"));
        assertEquals("-ERR Invalid argument '' for CONFIG SET 'hz' - argument couldn't be parsed into an integer\r\n",
                h.run("CONFIG SET hz \"\""));
        assertEquals("-ERR Invalid argument '0' for CONFIG SET 'maxclients' - argument must be between 1 and 4294967295 inclusive\r\n",
                h.run("CONFIG SET maxclients 0"));
        assertEquals("-ERR Invalid argument 'maybe' for CONFIG SET 'SLAVE-READ-ONLY' - argument must be 'yes' or 'no'\r\n",
                h.run("CONFIG SET SLAVE-READ-ONLY maybe"));
        assertEquals("-ERR Invalid argument 'foo' for CONFIG SET 'maxmemory-policy' - argument must be one of the "
                + "following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, "
                + "allkeys-random, noeviction\r\n", h.run("CONFIG SET maxmemory-policy foo"));
        assertEquals("-ERR Invalid argument 'foo' for CONFIG SET 'notify-keyspace-events'\r\n",
                h.run("CONFIG SET notify-keyspace-events foo"));
        assertEquals("-ERR Invalid argument 'Emn' for CONFIG SET 'notify-keyspace-events'\r\n",
                h.run("CONFIG SET notify-keyspace-events Emn"), "no 'n' class before 7.0");
        assertEquals("-ERR Invalid argument '1 x' for CONFIG SET 'save'\r\n", h.run("CONFIG SET save \"1 x\""));
        assertEquals("-ERR Invalid argument 'normal 0 0 +0' for CONFIG SET 'client-output-buffer-limit'\r\n",
                h.run("CONFIG SET client-output-buffer-limit \"normal 0 0 +0\""));
        assertEquals("-ERR Changing directory: No such file or directory\r\n", h.run("CONFIG SET dir /nonexistent-dir"));
        assertEquals("-ERR Failed to bind to specified addresses.\r\n", h.run("CONFIG SET bind 1.2.3.4"));
        assertEquals("-ERR Invalid argument '1' for CONFIG SET 'port' - Unable to listen on this port. Check server logs.\r\n",
                h.run("CONFIG SET port 1"));
    }

    @Test
    void configOtherSubcommands() {
        for (Dialect v : Dialect.supported()) {
            EngineHarness h = new EngineHarness(v, null);
            assertEquals("-ERR The server is running without a config file\r\n", h.run("CONFIG REWRITE"));
            assertEquals("+OK\r\n", h.run("CONFIG RESETSTAT"));
            assertTrue(h.run("CONFIG HELP").startsWith("*11\r\n+CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"));
        }
        assertEquals("-ERR wrong number of arguments for 'config|resetstat' command\r\n", new EngineHarness().run("CONFIG RESETSTAT x"));
        assertEquals("-ERR unknown subcommand 'FOO'. Try CONFIG HELP.\r\n", new EngineHarness().run("CONFIG FOO"));
        assertEquals("-ERR Unknown subcommand or wrong number of arguments for 'FOO'. Try CONFIG HELP.\r\n",
                new EngineHarness(V6, null).run("CONFIG FOO"));
    }

    // ---- COMMAND -----------------------------------------------------------------------------------------

    @Test
    void commandInfoServesRealEntriesForRegisteredCommands() {
        EngineHarness h = new EngineHarness();
        assertEquals("*1\r\n*10\r\n$4\r\necho\r\n:2\r\n*3\r\n+loading\r\n+stale\r\n+fast\r\n:0\r\n:0\r\n:0\r\n"
                + "*2\r\n+@fast\r\n+@connection\r\n*0\r\n*0\r\n*0\r\n", h.run("COMMAND INFO echo"));
        assertEquals("*2\r\n$-1\r\n*10\r\n$4\r\necho\r\n:2\r\n*3\r\n+loading\r\n+stale\r\n+fast\r\n:0\r\n:0\r\n:0\r\n"
                + "*2\r\n+@fast\r\n+@connection\r\n*0\r\n*0\r\n*0\r\n", h.run("COMMAND INFO nosuch ECHO"));
        assertEquals("*1\r\n*10\r\n$10\r\nconfig|get\r\n:-3\r\n*4\r\n+admin\r\n+noscript\r\n+loading\r\n+stale\r\n"
                + ":0\r\n:0\r\n:0\r\n*3\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n*0\r\n*0\r\n*0\r\n", h.run("COMMAND INFO config|get"));
        h.run("HELLO 3");
        assertEquals("*1\r\n*10\r\n$4\r\necho\r\n:2\r\n~3\r\n+loading\r\n+stale\r\n+fast\r\n:0\r\n:0\r\n:0\r\n"
                + "~2\r\n+@fast\r\n+@connection\r\n~0\r\n~0\r\n~0\r\n", h.run("COMMAND INFO echo"));

        EngineHarness h6 = new EngineHarness(V6, null);
        assertEquals("*2\r\n*7\r\n$4\r\necho\r\n:2\r\n*1\r\n+fast\r\n:0\r\n:0\r\n:0\r\n*2\r\n+@fast\r\n+@connection\r\n$-1\r\n",
                h6.run("COMMAND INFO echo quit"), "QUIT is not a command in 6.2's table");
        assertEquals("*1\r\n$-1\r\n", h6.run("COMMAND INFO config|get"));
        assertEquals("*0\r\n", h6.run("COMMAND INFO"));
    }

    @Test
    void commandInfoListsOnlyRegisteredSubcommands() {
        EngineHarness h = new EngineHarness();
        Reply r = h.reply(h.session, "COMMAND INFO config");
        Reply.Multi entry = (Reply.Multi) ((Reply.Multi) r).items[0];
        Reply.Multi subs = (Reply.Multi) entry.items[9];
        List<String> names = new ArrayList<>();
        for (Reply s : subs.items) names.add(Bytes.str(((Reply.Bulk) ((Reply.Multi) s).items[0]).value));
        assertEquals(List.of("config|get", "config|set", "config|resetstat", "config|rewrite", "config|help"), names);
    }

    @Test
    void commandCountListDocsAndHelp() {
        EngineHarness h = new EngineHarness();
        long count = h.engine.table().size();
        assertEquals(":" + count + "\r\n", h.run("COMMAND COUNT"));
        assertEquals(count, ((Reply.Multi) h.reply(h.session, "COMMAND")).items.length);
        assertEquals(count, ((Reply.Multi) h.reply(h.session, "COMMAND INFO")).items.length);
        assertEquals("-ERR wrong number of arguments for 'command|count' command\r\n", h.run("COMMAND COUNT x"));
        assertEquals("*1\r\n$4\r\necho\r\n", h.run("COMMAND LIST FILTERBY PATTERN ech*"));
        assertEquals("*1\r\n$10\r\nconfig|get\r\n", h.run("COMMAND LIST FILTERBY PATTERN config|get*"));
        assertEquals("*0\r\n", h.run("COMMAND LIST FILTERBY MODULE x"));
        assertEquals("*0\r\n", h.run("COMMAND LIST FILTERBY aclcat foo"));
        assertTrue(h.run("COMMAND LIST FILTERBY ACLCAT connection").contains("$5\r\nhello\r\n"));
        assertEquals("-ERR syntax error\r\n", h.run("COMMAND LIST x"));
        assertEquals("-ERR syntax error\r\n", h.run("COMMAND LIST FILTERBY FOO x"));
        assertEquals("*2\r\n$4\r\necho\r\n*10\r\n$7\r\nsummary\r\n$21\r\nEcho the given string\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n"
                + "$5\r\ngroup\r\n$10\r\nconnection\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$9\r\narguments\r\n*1\r\n*4\r\n"
                + "$4\r\nname\r\n$7\r\nmessage\r\n$4\r\ntype\r\n$6\r\nstring\r\n", h.run("COMMAND DOCS echo nosuch"));
        assertEquals("*0\r\n", h.run("COMMAND DOCS nosuch"));
        assertTrue(h.run("COMMAND HELP").startsWith("*21\r\n"));

        EngineHarness h6 = new EngineHarness(V6, null);
        assertEquals("-ERR Unknown subcommand or wrong number of arguments for 'DOCS'. Try COMMAND HELP.\r\n",
                h6.run("COMMAND DOCS echo"));
        assertEquals("-ERR Unknown subcommand or wrong number of arguments for 'LIST'. Try COMMAND HELP.\r\n",
                h6.run("COMMAND LIST"));
        assertTrue(h6.run("COMMAND HELP").startsWith("*11\r\n"));
    }

    @Test
    void commandGetkeys() {
        EngineHarness h = new EngineHarness();
        assertEquals("*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n", h.run("COMMAND GETKEYS watch a b c"));
        assertEquals("*2\r\n*2\r\n$1\r\na\r\n*1\r\n+RO\r\n*2\r\n$1\r\nb\r\n*1\r\n+RO\r\n",
                h.run("COMMAND GETKEYSANDFLAGS watch a b"));
        assertEquals("-ERR wrong number of arguments for 'command|getkeys' command\r\n", h.run("COMMAND GETKEYS ping"));
        assertEquals("-ERR The command has no key arguments\r\n", h.run("COMMAND GETKEYS ping x"));
        assertEquals("-ERR Invalid command specified\r\n", h.run("COMMAND GETKEYS nosuch k"));
        assertEquals("-ERR The command has no key arguments\r\n", h.run("COMMAND GETKEYS config get x"));
        EngineHarness h6 = new EngineHarness(V6, null);
        assertEquals("-ERR The command has no key arguments\r\n", h6.run("COMMAND GETKEYS ping"));
        assertEquals("-ERR Invalid number of arguments specified for command\r\n", h6.run("COMMAND GETKEYS watch"));
        assertEquals("*1\r\n$1\r\na\r\n", h6.run("COMMAND GETKEYS watch a"));
    }

    /** Arity and container layout of this family's commands, checked against the captured real data. */
    @Test
    void registeredAritiesMatchRealRedis() {
        for (Dialect v : Dialect.supported()) {
            CommandTable t = CommandTable.standard(v);
            CommandCatalog cat = CommandCatalog.of(v);
            for (String name : List.of("ping", "echo", "select", "auth", "hello", "reset", "client", "info", "time",
                    "lastsave", "save", "bgsave", "config", "command", "debug", "function", "multi", "exec",
                    "discard", "watch", "unwatch")) {
                CommandSpec s = t.lookup(name);
                if (s == null) {
                    assertTrue(name.equals("function") && v == V6, name);
                    continue;
                }
                Reply e = cat.info(s);
                assertNotNull(e, v + " " + name);
                assertEquals(CommandCatalog.integer(CommandCatalog.items(e)[1]), s.arity(), v + " " + name);
                if (v == V7) {
                    for (CommandSpec sub : s.subcommands().values()) {
                        Reply se = cat.info(sub);
                        assertNotNull(se, sub.fullName());
                        assertEquals(CommandCatalog.integer(CommandCatalog.items(se)[1]), sub.arity(), sub.fullName());
                    }
                }
            }
        }
    }

    // ---- TIME, DEBUG, FUNCTION, persistence --------------------------------------------------------------

    @Test
    void timeReadsTheServerClock() {
        EngineHarness h = new EngineHarness();
        h.time.setNow(Instant.parse("2026-01-01T00:00:00.000042Z"));
        assertEquals("*2\r\n$10\r\n1767225600\r\n$2\r\n42\r\n", h.run("TIME"));
        h.time.advance(Duration.ofMillis(1500));
        assertEquals("*2\r\n$10\r\n1767225601\r\n$6\r\n500042\r\n", h.run("TIME"));
        assertEquals("-ERR wrong number of arguments for 'time' command\r\n", h.run("TIME x"));
    }

    @Test
    void debugIsRefusedIn7BeforeAuthAndInsideMulti() {
        String refused = "-ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", "
                + "you can run it from a local connection, otherwise you need to set this option in the configuration "
                + "file, and then restart the server.\r\n";
        EngineHarness h = new EngineHarness(V7, "secret");
        assertEquals(refused, h.run("DEBUG SLEEP 0"));
        assertEquals("-ERR wrong number of arguments for 'debug' command\r\n", h.run("DEBUG"));
        h.run("AUTH secret");
        h.run("MULTI");
        assertEquals(refused, h.run("DEBUG x"));
        assertEquals("-EXECABORT Transaction discarded because of previous errors.\r\n", h.run("EXEC"));
    }

    @Test
    void debug62() {
        EngineHarness h = new EngineHarness(V6, null);
        assertEquals("+OK\r\n", h.run("DEBUG SLEEP 0"));
        assertEquals("+OK\r\n", h.run("DEBUG SLEEP abc"));
        assertEquals("+OK\r\n", h.run("DEBUG LOG hi"));
        assertEquals("+OK\r\n", h.run("DEBUG set-active-expire 1"));
        assertEquals("+OK\r\n", h.run("DEBUG CHANGE-REPL-ID"));
        assertEquals("+OK\r\n", h.run("DEBUG RELOAD"));
        assertEquals("-ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.\r\n", h.run("DEBUG RELOAD foo"));
        assertEquals("-hello world\r\n", h.run("DEBUG ERROR \"hello world\""));
        assertEquals("-ERR Unknown subcommand or wrong number of arguments for 'SLEEP'. Try DEBUG HELP.\r\n", h.run("DEBUG SLEEP"));
        assertEquals("-ERR Unknown subcommand or wrong number of arguments for 'LOG'. Try DEBUG HELP.\r\n", h.run("DEBUG LOG a b"));
        assertEquals("-ERR Unknown subcommand or wrong number of arguments for 'jmap'. Try DEBUG HELP.\r\n", h.run("DEBUG jmap"));
        assertTrue(h.run("DEBUG HELP").startsWith("*77\r\n+DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"));
        h.run("MULTI");
        assertEquals("+QUEUED\r\n", h.run("DEBUG x"));
        assertEquals("*1\r\n-ERR Unknown subcommand or wrong number of arguments for 'x'. Try DEBUG HELP.\r\n", h.run("EXEC"));
    }

    @Test
    void functionFlushAndList() {
        EngineHarness h = new EngineHarness();
        assertEquals("+OK\r\n", h.run("FUNCTION FLUSH"));
        assertEquals("+OK\r\n", h.run("FUNCTION FLUSH async"));
        assertEquals("+OK\r\n", h.run("FUNCTION FLUSH SYNC"));
        assertEquals("-ERR FUNCTION FLUSH only supports SYNC|ASYNC option\r\n", h.run("FUNCTION FLUSH foo"));
        assertEquals("-ERR unknown subcommand or wrong number of arguments for 'FLUSH'. Try FUNCTION HELP.\r\n",
                h.run("FUNCTION FLUSH a b"));
        assertEquals("*0\r\n", h.run("FUNCTION LIST"));
        assertEquals("*0\r\n", h.run("FUNCTION LIST withcode libraryname x"));
        assertEquals("-ERR Unknown argument x\r\n", h.run("FUNCTION LIST x"));
        assertEquals("-ERR library name argument was not given\r\n", h.run("FUNCTION LIST LIBRARYNAME"));
        assertEquals("-ERR Unknown argument LIBRARYNAME\r\n", h.run("FUNCTION LIST LIBRARYNAME a LIBRARYNAME b"));
        assertEquals("-ERR wrong number of arguments for 'function' command\r\n", h.run("FUNCTION"));
        assertEquals("-ERR unknown subcommand 'FOO'. Try FUNCTION HELP.\r\n", h.run("FUNCTION FOO"));
        assertTrue(h.run("FUNCTION HELP").startsWith("*40\r\n"));
        assertEquals("-ERR unknown command `FUNCTION`, with args beginning with: `FLUSH`, \r\n",
                new EngineHarness(V6, null).run("FUNCTION FLUSH"));
    }

    @Test
    void saveAndLastsave() {
        EngineHarness h = new EngineHarness();
        long start = h.time.currentTimeMillis() / 1000;
        assertEquals(":" + start + "\r\n", h.run("LASTSAVE"));
        h.time.advance(Duration.ofSeconds(10));
        assertEquals("+OK\r\n", h.run("SAVE"));
        assertEquals(":" + (start + 10) + "\r\n", h.run("LASTSAVE"));
        assertEquals("+Background saving started\r\n", h.run("BGSAVE"));
        // the harness runs no cron, so the background save is still "in progress" (bgsaveCommand checks that first)
        assertEquals("-ERR Background save already in progress\r\n", h.run("BGSAVE SCHEDULE"));
        assertEquals("-ERR syntax error\r\n", h.run("BGSAVE x"));
    }
}
