package io.redisdouble.dialect;

import io.redisdouble.RedisDouble;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static io.redisdouble.dialect.Quirk.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DialectTest {

    @Test
    void parsesTheSupportedDialectsInEveryAcceptedForm() {
        for (String s : List.of("6.2", "6.2.7", "6", " 6.2 ", "6.2.14")) assertSame(Dialect.REDIS_6_2, Dialect.parse(s), s);
        for (String s : List.of("7.0", "7.0.15", "7", "7.0.0", " 7.0.15\n")) assertSame(Dialect.REDIS_7_0, Dialect.parse(s), s);
        for (String s : List.of("7.2", "7.2.6", "7.2.0", " 7.2 ")) assertSame(Dialect.REDIS_7_2, Dialect.parse(s), s);
        for (String s : List.of("7.4", "7.4.1", "7.4.0", " 7.4 ")) assertSame(Dialect.REDIS_7_4, Dialect.parse(s), s);
        // A bare 8.0.x is Redis's numbering: Redis 8.0, never Valkey.
        for (String s : List.of("8.0", "8.0.2", "8.0.1", " 8.0 ")) assertSame(Dialect.REDIS_8_0, Dialect.parse(s), s);
        for (String s : List.of("valkey-8.0", "valkey-8.0.1", "valkey-8.0.0", " valkey-8.0 ")) {
            assertSame(Dialect.VALKEY_8_0, Dialect.parse(s), s);
        }
        assertSame(Dialect.REDIS_7_2, Dialect.DEFAULT);
        assertEquals(List.of(Dialect.REDIS_6_2, Dialect.REDIS_7_0, Dialect.REDIS_7_2, Dialect.REDIS_7_4, Dialect.REDIS_8_0,
                        Dialect.VALKEY_8_0),
                Dialect.supported());
        try (RedisDouble r = RedisDouble.builder().version("7.2").start()) {
            assertSame(Dialect.REDIS_7_2, r.dialect());
        }
        try (RedisDouble r = RedisDouble.builder().version("7.4").start()) {
            assertSame(Dialect.REDIS_7_4, r.dialect());
        }
        try (RedisDouble r = RedisDouble.builder().version("8.0").start()) {
            assertSame(Dialect.REDIS_8_0, r.dialect());
        }
    }

    @Test
    void refusesUnverifiedDialectsListingTheSupportedOnes() {
        // 8.2 comes once it is verified against its real server; "8" is no alias (7 is 7.0's, from before 7.2).
        for (String s : List.of("7.6", "7.1", "8", "8.2", "8.", "valkey", "valkey-8", "valkey-7.2", "6.0", "5", "", "7.", "70")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dialect.parse(s), s);
            assertEquals("unsupported Redis version '" + s + "' (supported: 6.2, 7.0, 7.2, 7.4, 8.0, valkey-8.0)", e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RedisDouble.builder().version("8.2"));
        assertEquals("unsupported Redis version '8.2' (supported: 6.2, 7.0, 7.2, 7.4, 8.0, valkey-8.0)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> io.redisdouble.junit.RedisDoubleExtension.builder().version("valkey-9.0"));
        assertEquals("unsupported Redis version 'valkey-9.0' (supported: 6.2, 7.0, 7.2, 7.4, 8.0, valkey-8.0)", e.getMessage());
    }

    @Test
    void namesVersionsAndCapturedResources() {
        assertEquals("6.2", Dialect.REDIS_6_2.name());
        assertEquals("6.2.7", Dialect.REDIS_6_2.full());
        assertEquals("7.0", Dialect.REDIS_7_0.name());
        assertEquals("7.0.15", Dialect.REDIS_7_0.full());
        assertEquals("commands-7.0.15.resp", Dialect.REDIS_7_0.catalogResource());
        assertEquals("config-6.2.7.tsv", Dialect.REDIS_6_2.configResource());
        assertEquals("7.2", Dialect.REDIS_7_2.name());
        assertEquals("7.2.6", Dialect.REDIS_7_2.full());
        assertEquals("help-7.2.6.txt", Dialect.REDIS_7_2.helpResource());
        assertEquals("info-7.2.6.txt", Dialect.REDIS_7_2.infoResource());
        assertSame(Dialect.REDIS_7_2, Dialect.defined("7.2"));
        assertEquals("7.4.1", Dialect.REDIS_7_4.full());
        assertEquals("help-7.4.1.txt", Dialect.REDIS_7_4.helpResource());
        assertEquals("info-7.4.1.txt", Dialect.REDIS_7_4.infoResource());
        assertSame(Dialect.REDIS_7_4, Dialect.defined("7.4"));
        assertEquals("8.0.2", Dialect.REDIS_8_0.full());
        assertEquals("8.0.2", Dialect.REDIS_8_0.redisVersion());
        assertEquals("commands-8.0.2.resp", Dialect.REDIS_8_0.catalogResource());
        assertEquals("config-8.0.2.tsv", Dialect.REDIS_8_0.configResource());
        assertEquals("help-8.0.2.txt", Dialect.REDIS_8_0.helpResource());
        assertEquals("info-8.0.2.txt", Dialect.REDIS_8_0.infoResource());
        assertSame(Dialect.REDIS_8_0, Dialect.defined("8.0"));
        // Valkey 8.0.1 reports redis_version 7.2.4 and names itself; its captured data carry its name.
        assertEquals("valkey-8.0", Dialect.VALKEY_8_0.name());
        assertEquals("8.0.1", Dialect.VALKEY_8_0.full());
        assertEquals("7.2.4", Dialect.VALKEY_8_0.redisVersion());
        assertEquals("valkey", Dialect.VALKEY_8_0.server());
        assertEquals("redis", Dialect.REDIS_7_2.server());
        assertEquals("7.2.6", Dialect.REDIS_7_2.redisVersion());
        assertEquals("commands-valkey-8.0.1.resp", Dialect.VALKEY_8_0.catalogResource());
        assertEquals("config-valkey-8.0.1.tsv", Dialect.VALKEY_8_0.configResource());
        assertEquals("help-valkey-8.0.1.txt", Dialect.VALKEY_8_0.helpResource());
        assertEquals("info-valkey-8.0.1.txt", Dialect.VALKEY_8_0.infoResource());
        assertSame(Dialect.VALKEY_8_0, Dialect.defined("valkey-8.0"));
        for (Dialect d : Dialect.defined()) {
            for (String resource : List.of(d.catalogResource(), d.configResource())) {
                try (InputStream in = io.redisdouble.command.Engine.class.getResourceAsStream(resource)) {
                    assertNotNull(in, d + ": " + resource);
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
            }
        }
    }

    /** Only in 6.2; every other quirk is a 7.0 behaviour that 6.2 lacks, or a 7.2 one. */
    private static final Set<Quirk> ONLY_6_2 = EnumSet.of(LUA_RANDOM_RESEEDED_PER_SCRIPT, LUA_PRINT, FLUSHALL_DIRTIES_ITSELF);

    /** What 7.2 gains over 7.0 (it loses nothing). */
    private static final Set<Quirk> ONLY_7_2 = EnumSet.of(RDB_SET_LISTPACK, SHORTEST_DOUBLES, ZSET_SIZE_HINT, ZRANK_WITHSCORE,
            BLOCKING_TIMEOUT_RANGE_CHECKED, HELLO_OPTIONS_BEFORE_AUTH, SET_REPL_SAYS_ONE_ARGUMENT,
            NULL_POINTER_PRINTS_NIL, MEMORY_VALUE_WITHOUT_DIGITS_IS_ZERO, CLIENT_LIB_FIELDS, CLIENT_MEMORY_OVERHEADS_7_2,
            RESET_CLEARS_NO_EVICT, OWN_PUSHES_AFTER_REPLY, LOOPBACK_IS_127_NETWORK, LPOS_RANK_RANGE_CHECKED,
            STREAM_CONSUMER_ACTIVE_TIME, XSETID_CHECKS_MAX_DELETED, XADD_SEQUENCE_OVERFLOW_IS_EDOM,
            XREAD_UNBALANCED_NAMES_COMMAND, STREAM_BLOCKED_COMMAND_REPROCESSED, SET_LISTPACK, HASH_FIELD_COUNT_HINT,
            GLIBC_MATH, ACL_VERBATIM_RULES, ACL_ERRORS_NAME_USER, TRACKING_KEYS_OF_SCRIPT_COMMANDS,
            COMMAND_TIME_SNAPSHOT, STATS_ON_UNBLOCK, SCAN_TYPE_DROPS_MISSING_KEYS, LSET_INDEX_AS_INT);
    /** Only in 7.0 (Debian's 7.0.15 with a backported fix; not the static build, not the later releases emulated). */
    private static final Set<Quirk> ONLY_7_0 = EnumSet.of(HLL_SPARSE_OVERFLOW_IS_CORRUPT);
    /** A 7.0 behaviour that 7.4 (and so 8.0) dropped, Valkey 8.0 kept. */
    private static final Set<Quirk> DROPPED_IN_7_4 = EnumSet.of(TRACKING_FLUSH_AFTER_REPLY);
    /** A 7.0 behaviour that 7.4 (and so 8.0) and Valkey 8.0 all dropped. */
    private static final Set<Quirk> DROPPED_IN_7_4_AND_VALKEY = EnumSet.of(MEMORY_STATS_SLOT_TO_KEYS);

    /** What 7.4 and Valkey 8.0 both changed (the same upstream code reached both). */
    private static final Set<Quirk> SHARED_7_4_VALKEY = EnumSet.of(SCAN_CURSOR_STRING2ULL, HSCAN_NOVALUES,
            NEGATIVE_LIMIT_OFFSET_FROM_END, LUA_OS_CLOCK, LUA_LOG_LEVEL_ERROR, CLIENT_KILL_MAXAGE, LREM_COUNT_RANGE_CHECKED,
            XREAD_LAST_ENTRY_ID, XREAD_BLOCK_IN_SCRIPTS, LIST_PLAIN_LARGE_ELEMENTS,
            QUERY_BUFFER_LIMIT_COUNTS_MULTI_QUEUE, MULTI_QUEUES_UNDER_OOM,
            BIT_RANGE_ARGS_BEFORE_LOOKUP, MEMORY_STATS_KVSTORE, LATENCY_DOCTOR_SLOWLOG_MAX_LEN);
    private static final Set<Quirk> ONLY_7_4 = EnumSet.of(INFO_KEYSPACE_SUBEXPIRY, RDB_HASH_FIELD_TTLS);
    /** What 7.2 alone has: 7.4 and Valkey 8.0 both dropped it. */
    private static final Set<Quirk> ONLY_7_2_ITSELF = EnumSet.of(SORT_STORE_DEFAULT_FILL);
    /** What 8.0 gains over 7.4 (it loses nothing). */
    private static final Set<Quirk> ONLY_8_0 = EnumSet.of(SCORE_RANGE_FAST_FLOAT, SORT_WEIGHTS_FAST_FLOAT, CLIENT_IO_THREAD_FIELD,
            XREAD_PLUS_LAST_LIVE_ENTRY, STREAM_LAG_AFTER_TOMBSTONES, GEO_COORDS_AS_DOUBLES, LATENCY_DOCS_URL_LATEST,
            MEMORY_STATS_FULLSYNC_AND_VMS, LOLWUT_8, INFO_REPLICA_FULL_SYNC_BUFFER);
    private static final Set<Quirk> ONLY_VALKEY_8_0 = EnumSet.of(LUA_SERVER_TABLE, TEXTS_WITHOUT_REDIS_NAME,
            MULTI_AND_WATCH_NO_MULTI, UNSUBSCRIBE_NEEDS_SUBSCRIPTION, SCAN_UNKNOWN_TYPE_ERROR, ZSCAN_NOSCORES,
            SET_PAST_EXPIRY_DELETES, PRIMARY_CLIENT_TYPE, ZADD_LENGTH_HINT, CLIENT_NET_AND_WATCH_FIELDS,
            BITCOUNT_START_ONLY, LATENCY_TEXTS_VALKEY, READONLY_READWRITE_WITHOUT_CLUSTER, INFO_REPLICA_TYPE_AND_WAITING_PSYNC);

    @Test
    void eachQuirkBelongsToTheRightDialects() {
        for (Quirk q : Quirk.values()) {
            assertEquals(ONLY_6_2.contains(q), Dialect.REDIS_6_2.has(q), "6.2 " + q);
            boolean later = ONLY_7_2.contains(q) || ONLY_7_2_ITSELF.contains(q) || SHARED_7_4_VALKEY.contains(q) || ONLY_7_4.contains(q)
                    || ONLY_8_0.contains(q) || ONLY_VALKEY_8_0.contains(q);
            assertEquals(!ONLY_6_2.contains(q) && !later, Dialect.REDIS_7_0.has(q), "7.0 " + q);
            assertEquals(!ONLY_6_2.contains(q) && !ONLY_7_0.contains(q) && !SHARED_7_4_VALKEY.contains(q) && !ONLY_7_4.contains(q)
                    && !ONLY_8_0.contains(q) && !ONLY_VALKEY_8_0.contains(q), Dialect.REDIS_7_2.has(q), "7.2 " + q);
            boolean gone = ONLY_6_2.contains(q) || ONLY_7_0.contains(q) || ONLY_7_2_ITSELF.contains(q)
                    || DROPPED_IN_7_4_AND_VALKEY.contains(q);
            assertEquals(!gone && !DROPPED_IN_7_4.contains(q) && !ONLY_8_0.contains(q) && !ONLY_VALKEY_8_0.contains(q),
                    Dialect.REDIS_7_4.has(q), "7.4 " + q);
            assertEquals(!gone && !DROPPED_IN_7_4.contains(q) && !ONLY_VALKEY_8_0.contains(q), Dialect.REDIS_8_0.has(q), "8.0 " + q);
            assertEquals(!gone && !ONLY_7_4.contains(q) && !ONLY_8_0.contains(q),
                    Dialect.VALKEY_8_0.has(q), "valkey-8.0 " + q);
        }
        assertTrue(Dialect.REDIS_7_2.has(SHORTEST_DOUBLES));
        assertFalse(Dialect.REDIS_7_0.has(SHORTEST_DOUBLES));
        // 7.0 follows the glibc builds (Debian's 7.0.15); "7.0-static" is the embedded-redis musl build
        java.util.Set<Quirk> staticBuild = EnumSet.copyOf(Dialect.REDIS_7_0.quirks());
        staticBuild.remove(QSORT_IS_STABLE);
        staticBuild.remove(STRTOD_NAN_KEEPS_SIGN);
        staticBuild.remove(HLL_SPARSE_OVERFLOW_IS_CORRUPT);
        assertEquals(staticBuild, Dialect.REDIS_7_0_STATIC.quirks());
        assertEquals("7.0", Dialect.REDIS_7_0_STATIC.name());
        assertEquals(Dialect.REDIS_7_0_STATIC, Dialect.parse("7.0-static"));
        assertEquals(Dialect.REDIS_7_0_STATIC, Dialect.defined("7.0-static"));
        // Spot checks of the behaviours the brief names.
        assertTrue(Dialect.REDIS_7_0.has(SET_NX_WITH_GET));
        assertFalse(Dialect.REDIS_6_2.has(SET_NX_WITH_GET));
        assertTrue(Dialect.REDIS_7_0.has(EXPIRE_OPTIONS));
        assertFalse(Dialect.REDIS_6_2.has(EXPIRE_OPTIONS));
        assertTrue(Dialect.REDIS_7_0.has(QUOTED_UNKNOWN_ARGS));
        assertFalse(Dialect.REDIS_6_2.has(QUOTED_UNKNOWN_ARGS));
    }

    @Test
    void everyQuirkTellsSupportedDialectsApart() {
        // A quirk that every dialect has, or none, is not a difference: it should not exist.
        for (Quirk q : Quirk.values()) {
            long owners = Dialect.defined().stream().filter(d -> d.has(q)).count();
            assertTrue(owners > 0 && owners < Dialect.defined().size(), q + " owned by " + owners);
        }
    }

    @Test
    void registeredCommandsAreTheCatalogsExceptSixTwosQuit() {
        // Commands only some servers have are registered from the catalog; the one registered command a
        // catalog lacks is 6.2's QUIT (handled in its networking code, unknown to its scripts).
        for (Dialect d : Dialect.defined()) {
            io.redisdouble.command.CommandTable t = io.redisdouble.command.CommandTable.standard(d);
            List<String> unlisted = new java.util.ArrayList<>();
            for (io.redisdouble.command.CommandSpec s : t.all()) if (!t.known(s.name())) unlisted.add(s.name());
            assertEquals(d == Dialect.REDIS_6_2 ? List.of("quit") : List.of(), unlisted, d.toString());
        }
    }

    @Test
    void quirkSetsAreReadOnly() {
        assertThrows(UnsupportedOperationException.class, () -> Dialect.REDIS_6_2.quirks().add(SET_NX_WITH_GET));
    }
}
