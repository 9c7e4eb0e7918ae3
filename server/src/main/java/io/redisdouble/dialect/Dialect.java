package io.redisdouble.dialect;

import static io.redisdouble.dialect.Quirk.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One emulated server, as data: its name ("7.0"), the version it reports (INFO redis_version, HELLO
 * version), the resources captured from it (the COMMAND / COMMAND DOCS catalog, the CONFIG table) and its
 * {@link Quirk}s. Handlers ask {@code dialect.has(Quirk.X)}; only this class mentions versions.
 *
 * <p>A dialect is accepted only once it has been verified against its real server. Adding one (say 7.4):
 * capture {@code commands-7.4.x.resp} and {@code config-7.4.x.tsv} (and, optionally, its HELP texts and
 * INFO fields) from the real server, add one entry below derived from the closest dialect with the quirks
 * that changed, list it in {@link #SUPPORTED}.
 * Dialects form no order (Valkey 8.0 is neither before nor after Redis 7.4): there is no "at least".
 */
public final class Dialect {

    // ==== THE TABLE: which dialect has which quirk ======================================================

    /** Redis 6.2 (verified against 6.2.7). */
    public static final Dialect REDIS_6_2 = new Dialect("6.2", "6.2.7", List.of("6"),
            EnumSet.of(LUA_RANDOM_RESEEDED_PER_SCRIPT, LUA_PRINT, FLUSHALL_DIRTIES_ITSELF));

    /** Redis 7.0 (verified against 7.0.15): 6.2 with these changes. */
    public static final Dialect REDIS_7_0 = REDIS_6_2.derive("7.0", "7.0.15", List.of("7"),
            EnumSet.of(SUBCOMMANDS_AS_COMMANDS, QUOTED_UNKNOWN_ARGS, QUOTED_COMMAND_IN_ERRORS, LPOS_RANK_ZERO_MENTIONS_NEGATIVE,
                    SORT_LIMIT_CLAMPED, CLIENT_UNBLOCK_LOGGED,
                    LOWERCASE_SUBCOMMAND_SYNTAX_ERROR, NO_MULTI_COMMANDS, ALLOW_BUSY_FLAG, RESET_WITHOUT_AUTH,
                    DEBUG_DISABLED_BY_DEFAULT, COMMAND_DOCS, UNIFIED_CONFIG, KEYSPACE_EVENT_NEW, SOURCE_KEYS_READ_WITH_KEYMISS,
                    PROTECTED_MODE_DESPITE_BIND,
                    LISTPACK_ENCODING, ZRANGESTORE_SIZE_HINT, BUSY_REPLY_THRESHOLD, SHUTDOWN_OPTIONS, CLIENT_KILL_ID_POSITIVE,
                    CLIENT_LIST_BUFFER_AND_RESP_FIELDS, DOOMED_MULTI_STOPS_QUEUEING,
                    INFO_SECTIONS, MULTIBULK_COUNT_UP_TO_INT_MAX,
                    SHARDED_PUBSUB, PUBSUB_IGNORES_REPLY_OFF, SET_NX_WITH_GET, EXPIRE_OPTIONS,
                    DECRBY_OVERFLOW_ERROR, HINCRBYFLOAT_REJECTS_NAN_INFINITY, RANDOM_COUNT_RANGE_CHECKS,
                    ZPOP_COUNT_MUST_BE_POSITIVE, BLOCKING_TIMEOUT_ROUNDS_UP, SCRIPT_ERROR_TABLES,
                    SCRIPT_ERRORS_SAY_SCRIPT, SCRIPT_SHEBANG, LUA_REDIS_VERSION, LUA_ACL_CHECK_CMD,
                    LUA_BIG_NUMBER_AND_VERBATIM, STREAM_ENTRIES_TRACKING, XADD_SEQUENCE_WILDCARD,
                    STREAM_DELETED_PENDING_CLEANUP, STREAM_CONSUMER_EVENTS, XREADGROUP_WOKEN_BY_KEY_DELETION,
                    BIT_RANGE_UNITS, BIT_WRITES_SIGNAL_ONLY_CHANGES,
                    GEO_UNITS_ANY_CASE, GEO_FIXEDPOINT_DISTANCE, GEO_LAT_DISTANCE_SHORTCUT, GEO_STORE_ERROR_NAMES_COMMAND,
                    RDB_LISTPACKS, RDB_AUX_AOF_BASE, MISCONF_UNABLE_TO_PERSIST, BGSAVE_IN_EXEC_SCHEDULED, MIGRATE_GETKEYS_SKIPS_OPTIONS, ACL_SELECTORS,
                    RDB_LISTPACKS, MIGRATE_GETKEYS_SKIPS_OPTIONS,
                    TRACKING_NOLOOP_RUNNING_CLIENT, TRACKING_FLUSH_AFTER_REPLY, SLOWLOG_COUNT_RANGE_CHECKED,
                    MEMORY_STATS_CLUSTER_AND_FUNCTIONS, MEMORY_STATS_SLOT_TO_KEYS, CLUSTER_SHARDS, CLUSTER_SLOTS_METADATA,
                    READWRITE_NEEDS_CLUSTER, QSORT_IS_STABLE, STRTOD_NAN_KEEPS_SIGN, XSETID_PARSES_BEFORE_LOOKUP,
                    HLL_SPARSE_OVERFLOW_IS_CORRUPT),
            EnumSet.of(LUA_RANDOM_RESEEDED_PER_SCRIPT, LUA_PRINT, FLUSHALL_DIRTIES_ITSELF));

    /**
     * Redis 7.0 as the static embedded-redis build (musl) runs it, the bundled 7.0.15 reference: 7.0
     * (which follows the glibc builds of the distributions and official images, Debian's
     * /usr/bin/redis-server 7.0.15 among them) without their libc's behaviours: qsort is musl's
     * smoothsort ({@link Quirk#QSORT_IS_STABLE} absent), strtod drops the sign of "-nan"
     * ({@link Quirk#STRTOD_NAN_KEEPS_SIGN} absent), and without Debian's backported security fix
     * ({@link Quirk#HLL_SPARSE_OVERFLOW_IS_CORRUPT} absent: it is upstream 7.0.15). Named "7.0-static".
     */
    public static final Dialect REDIS_7_0_STATIC = REDIS_7_0.build("7.0-static",
            EnumSet.of(QSORT_IS_STABLE, STRTOD_NAN_KEEPS_SIGN, HLL_SPARSE_OVERFLOW_IS_CORRUPT));

    /** Redis 7.2 (verified against 7.2.6): 7.0 with these changes. */
    public static final Dialect REDIS_7_2 = REDIS_7_0.derive("7.2", "7.2.6", List.of(),
            EnumSet.of(SHORTEST_DOUBLES, ZSET_SIZE_HINT, ZRANK_WITHSCORE, BLOCKING_TIMEOUT_RANGE_CHECKED, STATS_ON_UNBLOCK,
                    HELLO_OPTIONS_BEFORE_AUTH, SET_REPL_SAYS_ONE_ARGUMENT, ACL_VERBATIM_RULES, ACL_ERRORS_NAME_USER, NULL_POINTER_PRINTS_NIL,
                    MEMORY_VALUE_WITHOUT_DIGITS_IS_ZERO, QSORT_IS_STABLE, CLIENT_LIB_FIELDS, CLIENT_MEMORY_OVERHEADS_7_2, RESET_CLEARS_NO_EVICT,
                    OWN_PUSHES_AFTER_REPLY, LOOPBACK_IS_127_NETWORK, LPOS_RANK_RANGE_CHECKED,
                    STREAM_CONSUMER_ACTIVE_TIME, XSETID_CHECKS_MAX_DELETED, XADD_SEQUENCE_OVERFLOW_IS_EDOM, XREAD_UNBALANCED_NAMES_COMMAND,
                    STREAM_BLOCKED_COMMAND_REPROCESSED, SET_LISTPACK, HASH_FIELD_COUNT_HINT, SORT_STORE_DEFAULT_FILL,
                    GLIBC_MATH,
                    RDB_SET_LISTPACK, TRACKING_KEYS_OF_SCRIPT_COMMANDS, COMMAND_TIME_SNAPSHOT, SCAN_TYPE_DROPS_MISSING_KEYS, LSET_INDEX_AS_INT),
            EnumSet.of(HLL_SPARSE_OVERFLOW_IS_CORRUPT));

    /**
     * Redis 7.4 (verified against 7.4.1): 7.2 with these changes. Hash-field expiration (HEXPIRE, HTTL,
     * HPERSIST…) comes with its catalog.
     */
    public static final Dialect REDIS_7_4 = REDIS_7_2.derive("7.4", "7.4.1", List.of(),
            EnumSet.of(SCAN_CURSOR_STRING2ULL, HSCAN_NOVALUES, NEGATIVE_LIMIT_OFFSET_FROM_END, LUA_OS_CLOCK,
                    LUA_LOG_LEVEL_ERROR, CLIENT_KILL_MAXAGE, INFO_KEYSPACE_SUBEXPIRY, LREM_COUNT_RANGE_CHECKED, LIST_PLAIN_LARGE_ELEMENTS,
                    XREAD_LAST_ENTRY_ID, XREAD_BLOCK_IN_SCRIPTS, QUERY_BUFFER_LIMIT_COUNTS_MULTI_QUEUE, MULTI_QUEUES_UNDER_OOM,
                    BIT_RANGE_ARGS_BEFORE_LOOKUP,
                    XREAD_LAST_ENTRY_ID, XREAD_BLOCK_IN_SCRIPTS, QUERY_BUFFER_LIMIT_COUNTS_MULTI_QUEUE,
                    RDB_HASH_FIELD_TTLS, LATENCY_DOCTOR_SLOWLOG_MAX_LEN,
                    MEMORY_STATS_KVSTORE),
            EnumSet.of(SORT_STORE_DEFAULT_FILL, TRACKING_FLUSH_AFTER_REPLY,
                    MEMORY_STATS_SLOT_TO_KEYS));

    /**
     * Redis 8.0 (verified against 8.0.2): 7.4 with these changes. HGETDEL, HGETEX and HSETEX come with its
     * catalog.
     */
    public static final Dialect REDIS_8_0 = REDIS_7_4.derive("8.0", "8.0.2", List.of(),
            EnumSet.of(SCORE_RANGE_FAST_FLOAT, SORT_WEIGHTS_FAST_FLOAT, CLIENT_IO_THREAD_FIELD,
                    XREAD_PLUS_LAST_LIVE_ENTRY, STREAM_LAG_AFTER_TOMBSTONES, GEO_COORDS_AS_DOUBLES, LATENCY_DOCS_URL_LATEST,
                    MEMORY_STATS_FULLSYNC_AND_VMS, LOLWUT_8, INFO_REPLICA_FULL_SYNC_BUFFER),
            EnumSet.noneOf(Quirk.class));

    /**
     * Valkey 8.0 (verified against valkey-server 8.0.1), a fork of Redis 7.2.4: 7.2 with these changes. It
     * reports itself as server "valkey" version 8.0.1 (HELLO, INFO valkey_version) and keeps
     * redis_version:7.2.4 (INFO, Lua's redis.REDIS_VERSION).
     */
    public static final Dialect VALKEY_8_0 = REDIS_7_2.derive("valkey-8.0", "8.0.1", List.of(),
            EnumSet.of(LUA_SERVER_TABLE, TEXTS_WITHOUT_REDIS_NAME, MULTI_AND_WATCH_NO_MULTI,
                    UNSUBSCRIBE_NEEDS_SUBSCRIPTION, SCAN_CURSOR_STRING2ULL, SCAN_UNKNOWN_TYPE_ERROR,
                    HSCAN_NOVALUES, ZSCAN_NOSCORES, SET_PAST_EXPIRY_DELETES, NEGATIVE_LIMIT_OFFSET_FROM_END,
                    CLIENT_KILL_MAXAGE, PRIMARY_CLIENT_TYPE, ZADD_LENGTH_HINT,
                    CLIENT_NET_AND_WATCH_FIELDS, LUA_OS_CLOCK, LUA_LOG_LEVEL_ERROR, LREM_COUNT_RANGE_CHECKED,
                    XREAD_LAST_ENTRY_ID, XREAD_BLOCK_IN_SCRIPTS, LIST_PLAIN_LARGE_ELEMENTS,
                    QUERY_BUFFER_LIMIT_COUNTS_MULTI_QUEUE, MULTI_QUEUES_UNDER_OOM,
                    BIT_RANGE_ARGS_BEFORE_LOOKUP, BITCOUNT_START_ONLY, LATENCY_TEXTS_VALKEY, READONLY_READWRITE_WITHOUT_CLUSTER,
                    INFO_REPLICA_TYPE_AND_WAITING_PSYNC, LATENCY_DOCTOR_SLOWLOG_MAX_LEN,
                    MEMORY_STATS_KVSTORE),
            EnumSet.of(SORT_STORE_DEFAULT_FILL,
                    MEMORY_STATS_SLOT_TO_KEYS)).fork("valkey", "7.2.4");

    /** Every accepted dialect, in the order error messages list them. */
    private static final List<Dialect> SUPPORTED = List.of(REDIS_6_2, REDIS_7_0, REDIS_7_2, REDIS_7_4, REDIS_8_0,
            VALKEY_8_0);

    /** Every dialect defined in the table, accepted or not yet (tests compare each with its server). */
    private static final List<Dialect> DEFINED = List.of(REDIS_6_2, REDIS_7_0, REDIS_7_2, REDIS_7_4, REDIS_8_0,
            VALKEY_8_0);

    /** What a server emulates unless told otherwise. */
    public static final Dialect DEFAULT = REDIS_7_2;

    // ====================================================================================================

    private final String name;
    private final String version;
    private final List<String> aliases;
    private final Set<Quirk> quirks;
    /** The server's name ("redis", "valkey": HELLO server, INFO server_name) and the Redis version it reports. */
    private final String server;
    private final String redisVersion;

    private Dialect(String name, String version, List<String> aliases, Set<Quirk> quirks) {
        this(name, version, aliases, quirks, "redis", version);
    }

    private Dialect(String name, String version, List<String> aliases, Set<Quirk> quirks, String server,
                    String redisVersion) {
        this.name = name;
        this.version = version;
        this.aliases = List.copyOf(aliases);
        this.quirks = Collections.unmodifiableSet(EnumSet.copyOf(quirksOrEmpty(quirks)));
        this.server = server;
        this.redisVersion = redisVersion;
    }

    /** This dialect as a fork named {@code server} that reports {@code redisVersion} as its Redis version. */
    private Dialect fork(String server, String redisVersion) {
        return new Dialect(name, version, aliases, quirks, server, redisVersion);
    }

    private static Set<Quirk> quirksOrEmpty(Set<Quirk> q) {
        return q.isEmpty() ? EnumSet.noneOf(Quirk.class) : q;
    }

    /**
     * The same version built differently (another libc): same name for its captured resources and
     * replies, {@code buildName} to select it, without the {@code lost} build quirks.
     */
    private Dialect build(String buildName, Set<Quirk> lost) {
        EnumSet<Quirk> q = EnumSet.noneOf(Quirk.class);
        q.addAll(quirks);
        q.removeAll(lost);
        Dialect d = new Dialect(name, version, List.of(), q, server, redisVersion);
        d.buildName = buildName;
        return d;
    }

    /** The name that selects this build ("7.0-static"), or null for a version's default build. */
    private String buildName;

    /** The name that selects this dialect: its build's ("7.0-static"), else its own ("7.0"). */
    public String selector() {
        return buildName != null ? buildName : name;
    }

    /** A dialect that is this one, but {@code gained} and without {@code lost}. */
    private Dialect derive(String name, String version, List<String> aliases, Set<Quirk> gained, Set<Quirk> lost) {
        EnumSet<Quirk> q = EnumSet.noneOf(Quirk.class);
        q.addAll(quirks);
        q.removeAll(lost);
        q.addAll(gained);
        return new Dialect(name, version, aliases, q);
    }

    /** True if this dialect has the behaviour. */
    public boolean has(Quirk q) {
        return quirks.contains(q);
    }

    /** All quirks of this dialect (unmodifiable). */
    public Set<Quirk> quirks() {
        return quirks;
    }

    /** The dialect's name: "6.2", "7.0". */
    public String name() {
        return name;
    }

    /**
     * The version of the real server (HELLO version; Valkey's INFO valkey_version): "7.0.15", "8.0.1".
     */
    public String full() {
        return version;
    }

    /**
     * The Redis version the server reports (INFO redis_version, Lua's redis.REDIS_VERSION): {@link #full()}
     * for Redis, the version it forked from for a fork ("7.2.4" for Valkey 8.0).
     */
    public String redisVersion() {
        return redisVersion;
    }

    /** The server's name: "redis", or "valkey" (HELLO server, INFO server_name). */
    public String server() {
        return server;
    }

    /** The server's name as its texts print it: "Redis", "Valkey" (SERVER_TITLE). */
    public String title() {
        return Character.toUpperCase(server.charAt(0)) + server.substring(1);
    }

    /** True for a server that is not Redis itself (Valkey): its resources and recordings carry its name. */
    private boolean isFork() {
        return !server.equals("redis");
    }

    /** The key of the resources captured from this server: "7.2.6", "valkey-8.0.1". */
    private String resourceKey() {
        return isFork() ? server + "-" + version : version;
    }

    /** The resource (next to {@code command.CommandCatalog}) holding the captured COMMAND / COMMAND DOCS. */
    public String catalogResource() {
        return "commands-" + resourceKey() + ".resp";
    }

    /** The resource (next to {@code command.ServerConfig}) holding the captured CONFIG parameter table. */
    public String configResource() {
        return "config-" + resourceKey() + ".tsv";
    }

    /** The resource (next to {@code command.InfoFields}) holding the captured INFO fields, if any. */
    public String infoResource() {
        return "info-" + resourceKey() + ".txt";
    }

    /** The resource (next to {@code command.HelpTexts}) holding the captured HELP replies, if any. */
    public String helpResource() {
        return "help-" + resourceKey() + ".txt";
    }

    /** The accepted dialects. */
    public static List<Dialect> supported() {
        return SUPPORTED;
    }

    /** Every dialect of the table, accepted or not yet, in the table's order. */
    public static List<Dialect> defined() {
        return DEFINED;
    }

    /**
     * The dialect of the table named exactly {@code name} ("7.2"), whether {@link #parse} accepts it yet
     * or not: for the tests that verify a dialect against its real server before it is accepted.
     */
    public static Dialect defined(String name) {
        if (name.equals(REDIS_7_0_STATIC.selector())) return REDIS_7_0_STATIC;
        for (Dialect d : DEFINED) {
            if (d.name.equals(name)) return d;
        }
        throw new IllegalArgumentException("no dialect named '" + name + "'");
    }

    /**
     * The dialect named by {@code s}: its name ("7.0"), its full version ("7.0.15"; a fork's carries its
     * name: "valkey-8.0.1"), another patch release of it ("7.0.3", "valkey-8.0.2"), or an alias ("7").
     * Anything else is refused with the list of supported dialects.
     */
    public static Dialect parse(String s) {
        String t = s.trim();
        if (t.equals(REDIS_7_0_STATIC.selector())) return REDIS_7_0_STATIC;
        for (Dialect d : SUPPORTED) {
            if (t.equals(d.resourceKey()) || t.equals(d.name) || d.aliases.contains(t) || t.startsWith(d.name + ".")) {
                return d;
            }
        }
        List<String> names = new ArrayList<>();
        for (Dialect d : SUPPORTED) names.add(d.name);
        throw new IllegalArgumentException("unsupported Redis version '" + s + "' (supported: "
                + String.join(", ", names) + ")");
    }

    @Override
    public String toString() {
        return isFork() ? name + " (" + server + " " + version + ")" : "Redis " + name + " (" + version + ")";
    }
}
