package io.redisdouble.dialect;

/**
 * A behaviour that not every emulated server has, named once. Handlers ask
 * {@code dialect.has(Quirk.X)}, never a version number; which dialects have each quirk is said in one
 * place, the table in {@link Dialect}. Commands (and subcommands) that exist only in some servers are not
 * quirks: the command table registers them when the dialect's captured catalog lists them.
 *
 * <p>Each javadoc says what the behaviour is and which real servers have it ("7.4" = Redis 7.4.x,
 * verified against 7.4.1; "7.2" = Redis 7.2.x,
 * verified against 7.2.6; "7.0" = Redis 7.0.x, verified against 7.0.15; "6.2" = Redis 6.2.x, verified
 * against 6.2.7).
 */
public enum Quirk {
    // ---- command dispatch and its errors --------------------------------------------------------------

    /**
     * Subcommands are commands of their own (7.0): processCommand checks a subcommand's arity and answers
     * "wrong number of arguments for 'client|kill' command", or "unknown subcommand '…'. Try CLIENT HELP."
     * for an unknown one (6.2: the container answers "Unknown subcommand or wrong number of arguments for
     * '…'" for both, so some 6.2 subcommands have looser arities); they go by their full name
     * "container|sub" (CLIENT LIST cmd=, INFO commandstats, COMMAND INFO / GETKEYS, the subscribed-mode
     * refusal); scripts look them up and check NOSCRIPT on the subcommand only. 7.0; not 6.2.
     */
    SUBCOMMANDS_AS_COMMANDS,

    /**
     * One instant per client command (7.2's commandTimeSnapshot, call() caching ustime at nesting level
     * 0): inside a script or MULTI/EXEC, TIME, TTL / PTTL, the base of SET EX / PX, GETEX, RESTORE's TTL and
     * EXPIRE / PEXPIRE, and the already-expired check all use the instant the EVAL (EXEC) started at, so a TIME
     * busy loop in a script never sees time move — until the script passes busy-reply-threshold: then
     * afterSleep refreshes server.ustime (TIME) between its slices, while cmd_time_snapshot stays. 6.2 and 7.0 freeze only key expiry there (lua_time_start,
     * fixed_time_expire); TIME reads gettimeofday and the others mstime(), which move: after a 200 ms loop
     * in a script, a key set with PX 50 before it still reads, and its PTTL is 0. 7.2, 7.4, 8.0, Valkey 8.0
     * (verified against 7.2.6, 7.4.1, 8.0.2, Valkey 8.0.1); not 6.2, 7.0.
     */
    COMMAND_TIME_SNAPSHOT,

    /**
     * The unknown-command error quotes the name and arguments as 'name' 'arg' (6.2: `name` `arg`,) and cuts
     * the name at 128 bytes. 7.0; not 6.2.
     */
    QUOTED_UNKNOWN_ARGS,

    /**
     * Errors that name the command quote it: "invalid expire time in 'set' command", "at least 1 input key
     * is needed for 'zunionstore' command", and MSET / MSETNX with a missing value answer the arity error of
     * the command called (6.2: "… in set", "… for zunionstore", "wrong number of arguments for MSET").
     * 7.0; not 6.2.
     */
    QUOTED_COMMAND_IN_ERRORS,

    /**
     * addReplySubcommandSyntaxError (PUBSUB CHANNELS with two patterns) says "unknown subcommand or wrong
     * number of arguments" (6.2: "Unknown …"). 7.0; not 6.2.
     */
    LOWERCASE_SUBCOMMAND_SYNTAX_ERROR,

    /**
     * Commands flagged no-multi (SAVE, SHUTDOWN) are refused inside MULTI ("Command not allowed inside a
     * transaction"); 6.2 queues them. 7.0; not 6.2.
     */
    NO_MULTI_COMMANDS,

    /**
     * While a script is busy, the commands flagged allow-busy run; 6.2 allows a fixed list and tells SHUTDOWN
     * NOSAVE and SCRIPT KILL by the first letter of their argument. 7.0; not 6.2.
     */
    ALLOW_BUSY_FLAG,

    /**
     * FLUSHALL counts itself in server.dirty (INFO rdb_changes_since_last_save) besides the keys it
     * removed, so that a FLUSHALL of nothing still propagates, and its save (with save points) keeps
     * that count instead of clearing it. 6.2; not 7.0 and later.
     */
    FLUSHALL_DIRTIES_ITSELF,

    /** RESET runs without authentication (it is flagged no-auth). 7.0; not 6.2. */
    RESET_WITHOUT_AUTH,

    /**
     * DEBUG is refused as enable-debug-command is "no" by default (before authentication is checked);
     * 6.2 runs DEBUG SLEEP, LOG, HELP…. 7.0; not 6.2.
     */
    DEBUG_DISABLED_BY_DEFAULT,

    // ---- server and connection commands ----------------------------------------------------------------

    /**
     * COMMAND INFO without names lists every command (6.2: an empty array), and COMMAND HELP describes
     * LIST, DOCS and GETKEYSANDFLAGS (those subcommands themselves come from the catalog). 7.0; not 6.2.
     */
    COMMAND_DOCS,

    /**
     * The reworked CONFIG: GET takes several patterns (one without glob characters is looked up and echoed
     * as sent), SET several parameter-value pairs, checked all before any is applied; immutable parameters
     * are known ("can't set immutable config", 6.2: "Unsupported CONFIG parameter"); errors read "CONFIG
     * SET failed (possibly related to argument '…') - reason" with 7.0's reasons; memory values are
     * unsigned; client-output-buffer-limit seconds are read with strtoll. 7.0; not 6.2.
     */
    UNIFIED_CONFIG,

    /**
     * The source keys of COPY and of the sorted-set STORE forms, and PFCOUNT's single key, are looked up
     * as reads, so a missing key notifies "keymiss" (6.2 looks them up for writing: no event). 7.0; not 6.2.
     */
    SOURCE_KEYS_READ_WITH_KEYMISS,

    /**
     * Protected mode refuses a client whose address is not 127.0.0.1 or ::1 whenever no password is
     * set, whatever the bind address, with the "no password is set for the default user" text (6.2: only
     * when no bind address is configured either, with its "no bind address was specified" text). 7.0;
     * not 6.2.
     */
    PROTECTED_MODE_DESPITE_BIND,

    /** notify-keyspace-events accepts the 'n' (new key) class. 7.0; not 6.2. */
    KEYSPACE_EVENT_NEW,

    /**
     * Small hashes and sorted sets are listpacks, not ziplists: OBJECT ENCODING says "listpack",
     * *-ziplist-* parameters are aliases of *-listpack-*, an integral score is stored as an integer (so -0
     * becomes 0), and a hash converts before a too-long field or value is written (HSETNX only when it
     * writes). 7.0; not 6.2.
     */
    LISTPACK_ENCODING,

    /** lua-time-limit is an alias of busy-reply-threshold. 7.0; not 6.2. */
    BUSY_REPLY_THRESHOLD,

    /**
     * SHUTDOWN takes any of NOSAVE | SAVE, NOW, FORCE, ABORT (6.2: at most one NOSAVE | SAVE). 7.0; not 6.2.
     */
    SHUTDOWN_OPTIONS,

    /**
     * ZRANGESTORE by rank creates its destination for the range's length (zrangeResultBeginStore): more
     * than zset-max-listpack-entries elements make a skip list at once, so -0 scores stay -0 (6.2 always
     * starts with a ziplist). 7.0; not 6.2.
     */
    ZRANGESTORE_SIZE_HINT,

    /** CLIENT KILL ID wants an id &gt; 0 (6.2: any integer, 0 meaning no ID filter). 7.0; not 6.2. */
    CLIENT_KILL_ID_POSITIVE,


    /**
     * CLIENT LIST / INFO lines carry multi-mem=, rbs=, rbp= (per-client reply buffer) and resp=, and 7.0's
     * tot-mem. 7.0; not 6.2.
     */
    CLIENT_LIST_BUFFER_AND_RESP_FIELDS,

    /**
     * A doomed transaction (dirty WATCH or a queueing error) stops queueing: CLIENT LIST shows multi=0.
     * 7.0; not 6.2.
     */
    DOOMED_MULTI_STOPS_QUEUEING,

    /** INFO takes several sections and has the latencystats section. 7.0; not 6.2. */
    INFO_SECTIONS,


    /** The largest multibulk count accepted is INT_MAX (6.2: 1024 * 1024). 7.0; not 6.2. */
    MULTIBULK_COUNT_UP_TO_INT_MAX,

    // ---- pub/sub ----------------------------------------------------------------------------------------

    /**
     * Sharded pub/sub: SSUBSCRIBE / SPUBLISH (registered from the catalog), ssub= in CLIENT LIST,
     * pubsubshard_channels in INFO, the SHARD* lines of PUBSUB HELP, and "(P|S)SUBSCRIBE" in the
     * subscribed-mode refusal. 7.0; not 6.2.
     */
    SHARDED_PUBSUB,

    /**
     * Pub/sub frames reach a client even when its replies are off (CLIENT REPLY OFF / SKIP), as the
     * CLIENT_PUSHING flag does; 6.2 drops them. 7.0; not 6.2.
     */
    PUBSUB_IGNORES_REPLY_OFF,

    // ---- strings, keys, hashes, sorted sets --------------------------------------------------------------

    /**
     * SET … NX GET is allowed (6.2: syntax error), and SET's GET reads the old value before NX/XX are
     * checked (so SET … XX GET of a missing key notifies "keymiss"; 6.2 checks XX first). 7.0; not 6.2.
     */
    SET_NX_WITH_GET,

    /** EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT take NX | XX | GT | LT (arity -3; 6.2: exactly 3). 7.0; not 6.2. */
    EXPIRE_OPTIONS,

    /** DECRBY key -9223372036854775808 answers "decrement would overflow" (6.2 wraps around). 7.0; not 6.2. */
    DECRBY_OVERFLOW_ERROR,

    /** HINCRBYFLOAT refuses a NaN or infinite increment. 7.0; not 6.2. */
    HINCRBYFLOAT_REJECTS_NAN_INFINITY,

    /**
     * ZRANDMEMBER / HRANDFIELD / SRANDMEMBER check the count: within ±LONG_MAX, and |count| &lt;= LONG_MAX / 2 with
     * WITHSCORES / WITHVALUES ("value is out of range"). 7.0; not 6.2.
     */
    RANDOM_COUNT_RANGE_CHECKS,

    /**
     * ZPOPMIN / ZPOPMAX count must be a non-negative integer ("value is out of range, must be positive");
     * 6.2 answers an empty array for a count &lt;= 0. 7.0; not 6.2.
     */
    ZPOP_COUNT_MUST_BE_POSITIVE,

    /** A blocking timeout in seconds is rounded up to whole milliseconds (6.2 truncates). 7.0; not 6.2. */
    BLOCKING_TIMEOUT_ROUNDS_UP,

    // ---- scripting ----------------------------------------------------------------------------------------

    /**
     * Errors inside scripts are tables {err="ERR …"}: redis.call raises them, pcall unwraps them, a
     * killed script, redis.error_reply and the error handler produce them; a redis.call refusal carries no
     * "@user_script: line:" prefix. 6.2 uses plain strings. 7.0; not 6.2.
     */
    SCRIPT_ERROR_TABLES,

    /**
     * redis.call's refusals speak of "script" and "redis lib" ("Unknown Redis command called from script"),
     * not "Lua script" and "redis.call()". 7.0; not 6.2.
     */
    SCRIPT_ERRORS_SAY_SCRIPT,

    /** A "#!lua flags=…" first line declares the script's flags (no-writes…). 7.0; not 6.2. */
    SCRIPT_SHEBANG,

    /** redis.REDIS_VERSION and redis.REDIS_VERSION_NUM exist. 7.0; not 6.2. */
    LUA_REDIS_VERSION,

    /** redis.acl_check_cmd exists. 7.0; not 6.2. */
    LUA_ACL_CHECK_CMD,

    /** A script may return {big_number=…} and {verbatim_string=…} tables. 7.0; not 6.2. */
    LUA_BIG_NUMBER_AND_VERBATIM,

    /** math.random is reseeded with 0 before each script (deterministic scripts). 6.2; not 7.0. */
    LUA_RANDOM_RESEEDED_PER_SCRIPT,

    /** print exists in scripts (and prints to the server's standard output). 6.2; not 7.0. */
    LUA_PRINT,

    // ---- Redis 7.2 -------------------------------------------------------------------------------------

    /**
     * Doubles are printed in their shortest round-trip form (util.c d2string with fpconv_dtoa, Grisu2):
     * replies (ZSCORE, WITHSCORES, RESP3 doubles, Lua {double=…}) say "0.1", "1e-20", "5e-324", and
     * integral values within ±2^62 print as integers; a Lua number passed to redis.call becomes an
     * integer or that form ("0.1"). Before: "%.17g" ("0.10000000000000001"). INCRBYFLOAT and ZSCAN's
     * long doubles are unchanged. 7.2; not 6.2, 7.0.
     */
    SHORTEST_DOUBLES,

    /**
     * ZADD sizes a sorted set for its number of pairs first (zsetTypeCreate / zsetTypeMaybeConvert): more
     * pairs than zset-max-listpack-entries make (or convert to) a skip list before any is added, so their
     * -0 scores stay -0 (a listpack stores an integral score as an integer). 7.2; not 6.2, 7.0.
     */
    ZSET_SIZE_HINT,

    /**
     * ZRANK / ZREVRANK take WITHSCORE (arity -3): [rank, score] or a null array; a fourth argument other
     * than WITHSCORE is a syntax error, a fifth the arity error. 7.2; not 6.2, 7.0.
     */
    ZRANK_WITHSCORE,

    /**
     * A blocking timeout of more than LLONG_MAX milliseconds (inf included), or one whose deadline would
     * pass LLONG_MAX, is "ERR timeout is out of range" (before: inf is "timeout is negative", a far
     * deadline waits forever). 7.2; not 6.2, 7.0.
     */
    /**
     * LPOS RANK 0 is refused with "… 2 from the second ... or use negative to start from the end of the
     * list" (6.2: "… 2 from the second, ..."). 7.0; not 6.2.
     */
    LPOS_RANK_ZERO_MENTIONS_NEGATIVE,

    /**
     * SORT clamps LIMIT's offset to [0, size] and its count to [-1, size] before adding them (6.2 adds
     * them as they come: a huge count wraps around). 7.0; not 6.2.
     */
    SORT_LIMIT_CLAMPED,

    /**
     * Small sets with a member that is not an integer are listpacks (at most 128 members of at most 64
     * bytes): insertion order for SMEMBERS, SSCAN (whole, in one call), the set operations and SORT BY
     * nosort; SADD with more members than that converts first, SINTERSTORE of integers makes an intset.
     * 7.2; not 6.2, 7.0 (intset or hashtable).
     */
    SET_LISTPACK,

    BLOCKING_TIMEOUT_RANGE_CHECKED,

    /**
     * A command that blocks is accounted when it unblocks, not when it blocks: call() leaves its calls,
     * time and total_commands_processed for later (a client that disconnects while blocked is never
     * counted), and updateStatsOnUnblock counts them when it is served, times out
     * (replyToBlockedClientTimedOut: with its slow log entry) or CLIENT UNBLOCK wakes it (with its
     * arguments in the slow log). 7.2; not 6.2, 7.0 (counted when it blocks; a timeout is not slow-logged;
     * see {@link #CLIENT_UNBLOCK_LOGGED}).
     */
    STATS_ON_UNBLOCK,

    /**
     * CLIENT UNBLOCK goes through updateStatsOnUnblock: the unblocked command gets a slow log entry. 7.0
     * calls it after unblockClient has reset the client, so the entry has no arguments at all; with
     * {@link #STATS_ON_UNBLOCK} (7.2: unblockClientOnTimeout / unblockClientOnError log first) it
     * shows the command as it was sent. 7.0, 7.2; not 6.2 (only a served client is logged).
     */
    CLIENT_UNBLOCK_LOGGED,

    /**
     * LPOS RANK is read with getRangeLongFromObjectOrReply(-LONG_MAX, LONG_MAX): -9223372036854775808 is
     * "ERR value is out of range, value must between …" (before: accepted, and its C negation overflows,
     * so every match counts). 7.2; not 6.2, 7.0.
     */
    LPOS_RANK_RANGE_CHECKED,

    /**
     * LSET's index goes through an int (listTypeReplaceAtIndex(robj *, int, robj *)): a 64-bit index is
     * cut to its low 32 bits, so 9223372036854775807 is -1 (the last element) and 4294967296 is 0. 7.2,
     * 7.4, 8.0, Valkey 8.0; not 6.2, 7.0 (the whole long: index out of range). Found by the fuzz mode
     * against 7.2.6.
     */
    LSET_INDEX_AS_INT,

    /**
     * A sparse HyperLogLog whose VAL opcode runs past register 16384 is corrupt where the registers are
     * merged or expanded (hllMerge: PFMERGE, PFCOUNT of several keys; hllSparseToDense: PFDEBUG, the
     * promotion to dense in PFADD / PFMERGE): Debian's 7.0.15 (5:7.0.15-1~deb12u*, with the fix for
     * CVE-2025-32023 backported) answers INVALIDOBJ. Upstream 7.0.15 (the static embedded-redis build,
     * "7.0-static", and the official image) and the 7.2.6, 7.4.1, 8.0.2 and Valkey 8.0.1 releases
     * emulated here stop reading at the overflowing opcode and accept the value. 7.0 only.
     */
    HLL_SPARSE_OVERFLOW_IS_CORRUPT,

    /**
     * LREM's count is read the same way (before: -9223372036854775808 removes every match). 7.4, Valkey
     * 8.0; not 6.2, 7.0, 7.2.
     */
    LREM_COUNT_RANGE_CHECKED,

    /**
     * HELLO parses all its options (SETNAME names validated) before acting: then it authenticates with
     * the last AUTH, checks NOAUTH ("… the HELLO &lt;proto&gt; AUTH &lt;user&gt; &lt;pass&gt; option …"), and
     * only then sets the name, so a failing HELLO sets no name. Before: each option acts in turn.
     * 7.2; not 6.2, 7.0.
     */
    HELLO_OPTIONS_BEFORE_AUTH,

    /** redis.set_repl with a wrong argument count says "requires one argument" (before: "two"). 7.2; not 6.2, 7.0. */
    SET_REPL_SAYS_ONE_ARGUMENT,

    /**
     * A NULL pointer prints as "(nil)" (glibc's printf "%p"): tostring(cjson.null) is "userdata: (nil)".
     * A build difference, not a version one: the 7.2.6 reference binary is linked with glibc, the 6.2.7
     * and 7.0.15 ones (embedded-redis) with musl, which prints "0". 7.2 (glibc build); not 6.2, 7.0.
     */
    NULL_POINTER_PRINTS_NIL,

    /**
     * A memory value without digits ("", "kb") is 0, as glibc's strtoull reports no EINVAL for it, so
     * CONFIG SET maxmemory "" is OK (musl's strtoull fails: "argument must be a memory value"). A build
     * difference like {@link #NULL_POINTER_PRINTS_NIL}. 7.2 (glibc build); not 6.2, 7.0.
     */
    MEMORY_VALUE_WITHOUT_DIGITS_IS_ZERO,

    /**
     * qsort is stable (glibc 2.36's merge sort; musl's smoothsort is not): ZUNION / ZINTER and their
     * STORE forms, which sort their inputs by cardinality, visit equal-sized sets in argument order, and
     * so add WEIGHTS-scaled scores in that order. A build difference like {@link #NULL_POINTER_PRINTS_NIL}.
     * 7.2 (glibc build); not 6.2, 7.0.
     */
    QSORT_IS_STABLE,

    /**
     * strtod keeps the sign written before "nan" (glibc): Lua's tonumber("-nan") prints "-nan"; musl's
     * strtod returns a positive NaN for it. A build difference like {@link #QSORT_IS_STABLE}: 7.0 (the
     * distributions' glibc builds) and later; not 6.2, 7.0-static (embedded-redis, musl).
     */
    STRTOD_NAN_KEEPS_SIGN,

    /**
     * XSETID parses the ID (and its 7.0 options) before it looks the key up, so a bad ID on a missing
     * key is "Invalid stream ID…", not "no such key". 7.0 and later; not 6.2 (lookup first).
     */
    XSETID_PARSES_BEFORE_LOOKUP,

    /**
     * CLIENT LIST / INFO lines end with lib-name= and lib-ver= (set by CLIENT SETINFO, which the catalog
     * registers). 7.2; not 6.2, 7.0.
     */
    CLIENT_LIB_FIELDS,

    /**
     * A client's memory (CLIENT LIST tot-mem, client eviction) counts 80 bytes per WATCHed key, not 56 (the
     * watchedKey struct holds its own list node), and its pattern subscriptions as a dict (24 bytes per
     * entry and 8 per table slot, not 24 per list node). 7.2; not 6.2, 7.0.
     */
    CLIENT_MEMORY_OVERHEADS_7_2,

    /**
     * Pub/sub frames (messages, keyspace events) for the client whose command produces them are sent
     * after that command's reply (after EXEC's whole reply inside a transaction); before, they came
     * first. Seen in RESP3, where a subscribed client runs other commands. 7.2; not 6.2, 7.0.
     */
    OWN_PUSHES_AFTER_REPLY,

    /** RESET also clears CLIENT NO-EVICT and NO-TOUCH (before, NO-EVICT survived it). 7.2; not 6.2, 7.0. */
    RESET_CLEARS_NO_EVICT,

    /**
     * Protected mode takes every 127.x.y.z address (and ::1) for a local client (connSocketIsLocal
     * compares "127." only); before, only 127.0.0.1 and ::1. Checked against 7.2.6 and Valkey 8.0.1 with a
     * client bound to 127.0.0.2. 7.2 (and Valkey 8.0); not 6.2, 7.0.
     */
    LOOPBACK_IS_127_NETWORK,

    // ---- 7.4 ----------------------------------------------------------------------------------------

    /**
     * SCAN / HSCAN / SSCAN / ZSCAN read the cursor with string2ull: a Redis integer that is not
     * negative ("-1" is an invalid cursor), else what strtoull takes whole, leading blanks included
     * (" 5" is cursor 5); an empty cursor is invalid (before: strtoul, refusing a leading blank,
     * wrapping "-1", taking "" as 0). 7.4 and Valkey 8.0; not 6.2, 7.0, 7.2.
     */
    SCAN_CURSOR_STRING2ULL,

    /**
     * HSCAN takes NOVALUES (fields only); SCAN, SSCAN and ZSCAN answer it "NOVALUES option can only be
     * used in HSCAN" (before: a syntax error everywhere). 7.4 and Valkey 8.0; not 6.2, 7.0, 7.2.
     */
    HSCAN_NOVALUES,

    /**
     * A negative LIMIT offset of ZRANGE BYSCORE / BYLEX (and ZRANGEBYSCORE, ZRANGEBYLEX, their REV forms)
     * on a skiplist-encoded set counts from the far end of the range (zslNthInRange: going forward, -1
     * starts at the last element in range; going backward, at the first); a listpack-encoded set still
     * gives nothing, as every set did before. 7.4 and Valkey 8.0; not 6.2, 7.0, 7.2.
     */
    NEGATIVE_LIMIT_OFFSET_FROM_END,

    /** Lua scripts see a read-only {@code os} table holding only {@code os.clock}. 7.4 and Valkey 8.0; not 6.2, 7.0, 7.2. */
    LUA_OS_CLOCK,

    /** redis.log with a level outside 0..3 fails "Invalid log level." (before: "Invalid debug level."). 7.4 and Valkey 8.0; not 6.2, 7.0, 7.2. */
    LUA_LOG_LEVEL_ERROR,

    /**
     * CLIENT KILL takes MAXAGE seconds (kills clients at least that old; "maxage is not an integer or
     * out of range", "maxage should be greater than 0"). 7.4 and Valkey 8.0; not 6.2, 7.0, 7.2.
     */
    CLIENT_KILL_MAXAGE,

    /**
     * INFO keyspace lines end with ",subexpiry=N", the number of hashes with fields that have a TTL.
     * 7.4; not 6.2, 7.0, 7.2.
     */
    INFO_KEYSPACE_SUBEXPIRY,

    /**
     * client-query-buffer-limit also counts the commands queued in MULTI (their arguments' bytes plus 8
     * per argument, mstate.argv_len_sums), and a client that still has to authenticate is closed past
     * 1 MB whatever the limit (readQueryFromClient). 7.4 and Valkey 8.0; not 6.2, 7.0, 7.2.
     */
    QUERY_BUFFER_LIMIT_COUNTS_MULTI_QUEUE,

    /**
     * Over maxmemory, commands are still queued in MULTI unless they are deny-oom themselves (redis#12961
     * reverted the rule that refused every command but EXEC / DISCARD / QUIT / RESET there: the queue is
     * held by the query buffer limit instead, {@link #QUERY_BUFFER_LIMIT_COUNTS_MULTI_QUEUE}). 7.4 and
     * Valkey 8.0; not 6.2, 7.0, 7.2.
     */
    MULTI_QUEUES_UNDER_OOM,

    // ---- 8.0 ----------------------------------------------------------------------------------------

    /**
     * The score bounds of ZRANGEBYSCORE, ZCOUNT, ZREMRANGEBYSCORE, ZRANGE … BYSCORE (zslParseRange) are read with
     * fast_float instead of strtod: a leading blank (" 1", "( 1") and hex floats ("0x10") are "min or max is not
     * a float" (before: 1 and 16). Other double arguments (ZADD scores, WEIGHTS, INCRBYFLOAT) are unchanged.
     * 8.0; not 6.2, 7.0, 7.2, 7.4, Valkey 8.0.
     */
    SCORE_RANGE_FAST_FLOAT,

    /**
     * SORT reads numeric weights with fast_float too: no ERANGE any more ("1e400" sorts as inf, "1e-400"
     * and subnormals as themselves), but a leading blank, a tab or a hex float is "One or more scores
     * can't be converted into double". 8.0; not 6.2, 7.0, 7.2, 7.4, Valkey 8.0.
     */
    SORT_WEIGHTS_FAST_FLOAT,

    /** CLIENT LIST / INFO lines end with io-thread= (the I/O thread serving the client: 0, the main one). 8.0; not before. */
    CLIENT_IO_THREAD_FIELD,

    // ---- Valkey 8.0 ------------------------------------------------------------------------------------

    /**
     * Scripts see the API table as the global "server" too ("redis" is its alias), and it carries
     * SERVER_NAME ("valkey"), VALKEY_VERSION and VALKEY_VERSION_NUM; REDIS_VERSION stays the Redis version
     * forked from (7.2.4). Valkey 8.0; not Redis.
     */
    LUA_SERVER_TABLE,

    /**
     * Texts that named Redis name the server neutrally (script.c, eval.c, networking.c): "Unknown command
     * called from script", "Wrong number of args calling command from script", "Please specify at least
     * one argument for this call", "Command arguments must be strings or integers", "server.log()",
     * "server.setresp()", "server.set_repl()", "server.acl_check_cmd()", "Invalid log level.", NOSCRIPT
     * "No matching script." (without "Please use EVAL."), "BUSY Valkey is busy running a script", the
     * protected-mode DENIED text, cmsgpack's _COPYRIGHT "Redis Ltd."; scripts also have os.clock. Valkey
     * 8.0; not Redis.
     */
    TEXTS_WITHOUT_REDIS_NAME,

    /**
     * MULTI and WATCH are flagged no-multi: inside MULTI, processCommand refuses them with "Command not
     * allowed inside a transaction" and flags the transaction (Redis: "MULTI calls can not be nested",
     * "WATCH inside MULTI is not allowed", transaction intact). Valkey 8.0; not Redis.
     */
    MULTI_AND_WATCH_NO_MULTI,

    /**
     * UNSUBSCRIBE, SUNSUBSCRIBE and PUNSUBSCRIBE by a client that is not subscribed to anything are
     * refused in processCommand: "-NOSUB '&lt;name&gt;' command executed not in subscribed mode" (Redis answers
     * the usual confirmation with a nil channel and count 0). Valkey 8.0; not Redis.
     */
    UNSUBSCRIBE_NEEDS_SUBSCRIPTION,

    /**
     * SCAN … TYPE with a name that is not a type is "ERR unknown type name '&lt;name&gt;'", checked while
     * the options are parsed (Redis scans and returns nothing). Valkey 8.0; not Redis.
     */
    SCAN_UNKNOWN_TYPE_ERROR,

    /**
     * SCAN … TYPE drops a key its type lookup does not find: an expired key not reclaimed yet, which the
     * lookup reclaims. 6.2 and 7.0 compare the type name of what they found, "none" for nothing, so
     * TYPE none returns such keys (the expiry check after it finds no key left to filter). 7.2, 7.4, 8.0,
     * Valkey 8.0 (which refuses the name none); not 6.2, 7.0.
     */
    SCAN_TYPE_DROPS_MISSING_KEYS,

    /**
     * ZSCAN takes NOSCORES (members only); the other scans answer it "NOSCORES option can only be used
     * in ZSCAN". Valkey 8.0; not Redis 7.4 or before.
     */
    ZSCAN_NOSCORES,

    /**
     * SET (SETEX, PSETEX) with an expire already past (EXAT/PXAT at or before now) stores nothing: an
     * existing key is deleted ("del" event), a missing one stays missing, and the reply is still OK (or
     * the old value with GET). Redis stores the key, which is expired at its next access. Valkey 8.0;
     * not Redis.
     */
    SET_PAST_EXPIRY_DELETES,

    /** "primary" names the master client type (CLIENT LIST / KILL TYPE), as "master" does. Valkey 8.0; not Redis. */
    PRIMARY_CLIENT_TYPE,

    /**
     * ZADD sizes the set for its longest member as well (zsetTypeCreate / zsetTypeMaybeConvert with the
     * longest length, not the first member's): a member longer than zset-max-listpack-value anywhere in
     * the command makes (or converts to) a skip list before any pair is added, so -0 scores stay -0.
     * Valkey 8.0; not Redis.
     */
    ZADD_LENGTH_HINT,

    /**
     * CLIENT LIST / INFO lines carry watch= (the number of watched keys, after multi=) and end with
     * tot-net-in=, tot-net-out= (bytes read, the current request included, and written) and tot-cmds=
     * (commands run, not counting the current one). Valkey 8.0; not Redis.
     */
    CLIENT_NET_AND_WATCH_FIELDS,

    // ---- streams (StreamCommands) ------------------------------------------------------------------------

    /**
     * Streams keep entries-added, max-deleted-entry-id and the first ID (XINFO STREAM shows them as
     * entries-added, max-deleted-entry-id, recorded-first-entry-id), groups keep entries-read and report a
     * lag (XINFO GROUPS / STREAM FULL); XSETID takes ENTRIESADDED and MAXDELETEDID, XGROUP CREATE / SETID
     * take ENTRIESREAD (SETID without it resets entries-read); approximate trimming's default LIMIT is
     * clamped to 10000..1000000. 7.0; not 6.2.
     */
    STREAM_ENTRIES_TRACKING,

    /** XADD takes an explicit millisecond part with an automatic sequence, "ms-*". 7.0; not 6.2. */
    XADD_SEQUENCE_WILDCARD,

    /**
     * XCLAIM and XAUTOCLAIM drop pending entries whose message was deleted (6.2: claims them and replies
     * nil for each); XAUTOCLAIM answers a third element listing those IDs; its COUNT is at most
     * LONG_MAX / 16. 7.0; not 6.2.
     */
    STREAM_DELETED_PENDING_CLEANUP,

    /**
     * A consumer created by XREADGROUP, XCLAIM or XAUTOCLAIM notifies "xgroup-createconsumer", and XGROUP
     * DELCONSUMER of a consumer that does not exist notifies nothing (6.2: implicit creations are silent,
     * DELCONSUMER always notifies "xgroup-delconsumer"). 7.0; not 6.2.
     */
    STREAM_CONSUMER_EVENTS,

    /**
     * Consumers have an active-time (XINFO STREAM FULL active-time, XINFO CONSUMERS inactive), set when
     * they are delivered or claim an entry; seen-time is set by every XREADGROUP / XCLAIM / XAUTOCLAIM of
     * the consumer, which creates it at once even when nothing is read or claimed (7.0: only when an entry
     * is served or claimed). 7.2; not 7.0.
     */
    STREAM_CONSUMER_ACTIVE_TIME,

    /**
     * XADD ms-* after ms-18446744073709551615 is "equal or smaller than the target stream top item" (7.0:
     * "Elements are too large to be stored", as streamAppendItem fails without setting errno). 7.2; not 7.0.
     */
    XADD_SEQUENCE_OVERFLOW_IS_EDOM,

    /** XSETID refuses an ID below the stream's max deleted entry ID. 7.2; not 7.0. */
    XSETID_CHECKS_MAX_DELETED,

    /** XREAD's unbalanced-streams error names the command and its special ID ('xreadgroup', '>'). 7.2; not 7.0. */
    XREAD_UNBALANCED_NAMES_COMMAND,

    /**
     * A client blocked in XREAD / XREADGROUP is served by running its command again (7.2's blocked.c):
     * a deleted key or group is the command's own NOGROUP error, another type WRONGTYPE, and every stream
     * with new entries is in the reply (7.0: the stream that woke it, at most 1000 entries without COUNT;
     * "-NOGROUP the consumer group this client was blocked on no longer exists", "-UNBLOCKED the stream
     * key no longer exists"). 7.2; not 7.0.
     */
    STREAM_BLOCKED_COMMAND_REPROCESSED,

    /**
     * A stream key deleted (DEL, FLUSHALL…) or overwritten by another type wakes the clients blocked on it
     * in XREADGROUP with an error (6.2: they wait on, and an XADD that recreates the key finds no group).
     * 7.0; not 6.2.
     */
    XREADGROUP_WOKEN_BY_KEY_DELETION,

    /** XREAD … STREAMS key + reads the stream's last entry. 7.4, Valkey 8.0; not 7.2. */
    XREAD_LAST_ENTRY_ID,

    /**
     * XREAD / XREADGROUP BLOCK from a script answers as on timeout (6.2–7.2: "… command is not allowed with
     * BLOCK option from scripts"). 7.4, Valkey 8.0; not 7.2.
     */
    XREAD_BLOCK_IN_SCRIPTS,

    /**
     * XREAD … STREAMS key + reads the stream's last live entry (7.4 reads only an entry whose ID is the
     * last generated one, so nothing once that entry was deleted), and on a stream with no entries waits
     * for new ones (7.4: "the stream last element ID is 0-0" when no entry was ever added). The unbalanced-
     * streams error names the '+' too: "an ID, '+', or '$'" for XREAD, "an ID or '>'" for XREADGROUP.
     * 8.0; not 7.4 or Valkey 8.0.
     */
    XREAD_PLUS_LAST_LIVE_ENTRY,

    /**
     * A consumer group's lag and entries-read take a tombstone after the group's last ID into account
     * (redis#13338, #13473): no first-entry shortcut in streamRangeHasTombstones, an ID before the max
     * deleted ID has no estimated counter, and XREADGROUP checks for tombstones from the group's last ID;
     * the lag of an emptied stream is 0 and that of a group behind both the first entry and every
     * tombstone is the stream's length. 8.0; not 7.4 or Valkey 8.0.
     */
    STREAM_LAG_AFTER_TOMBSTONES,

    /**
     * HSET / HMSET / HSETNX (hashTypeTryConversion) make a listpack hash a table before writing when they
     * carry more field-value pairs than hash-max-listpack-entries, duplicates or not. 7.2 (and so 7.4,
     * 8.0 and Valkey 8.0); not 7.0.
     */
    HASH_FIELD_COUNT_HINT,

    /**
     * A list element longer than a quicklist node may hold (list-max-listpack-size's byte class, or 8 KB
     * when it counts elements) is stored in a PLAIN node of its own, which never merges and keeps the
     * list a quicklist (7.2: only elements of 1 GB or more). 7.4, 8.0, Valkey 8.0; not 7.2.
     */
    LIST_PLAIN_LARGE_ELEMENTS,

    /**
     * SORT … STORE builds its list as a quicklist of the default fill (-2, quicklistCreate) whatever
     * list-max-listpack-size says, so with another setting it may keep several nodes and stay a quicklist
     * where 7.4 makes a listpack. 7.2; not 7.0 (no listpack lists), 7.4 or Valkey 8.0.
     */
    SORT_STORE_DEFAULT_FILL,

    // ---- bitmaps (bitops.c) ----------------------------------------------------------------------------

    /** BITCOUNT and BITPOS take a BIT | BYTE unit after their range (6.2: a syntax error). 7.0; not 6.2. */
    BIT_RANGE_UNITS,

    /**
     * SETBIT and BITFIELD signal the key (WATCH, the "setbit" event) only when a bit changed or the key was
     * created or grew (6.2: on every write, changed or not). 7.0; not 6.2.
     */
    BIT_WRITES_SIGNAL_ONLY_CHANGES,

    /**
     * BITCOUNT and BITPOS parse their range and unit before looking the key up, so a missing key with bad
     * arguments answers the error, not 0 / -1 (redis#11734, #12394). 7.4, 8.0, Valkey 8.0; not 7.2.
     */
    BIT_RANGE_ARGS_BEFORE_LOOKUP,

    /** BITCOUNT key start (no end: up to the last byte). Valkey 8.0; not Redis. */
    BITCOUNT_START_ONLY,
    // ---- geo (geo.c, geohash_helper.c) ----

    /**
     * The build links glibc's libm (2.36, its FMA variants, as the reference machines run them), whose
     * sin, cos and asin differ from musl's in the last bit for some arguments: geo distances and search
     * boxes follow them ({@code GlibcMath}). A build difference like {@link #QSORT_IS_STABLE}. 7.2 (glibc
     * build); not 6.2, 7.0.
     */
    GLIBC_MATH,

    /**
     * Geo units are matched case-insensitively ("KM"), and a bad one is "ERR unsupported unit provided.
     * please use M, KM, FT, MI" (before: exact lower case, "please use m, km, ft, mi"). 7.0+; not 6.2.
     */
    GEO_UNITS_ANY_CASE,

    /**
     * Geo distances are printed by fixedpoint_d2string (llrint of the distance times 10^4), not by
     * printf "%.4f" of the exact value. 7.0+; not 6.2.
     */
    GEO_FIXEDPOINT_DISTANCE,

    /**
     * geohashGetDistance takes geohashGetLatDistance (|Δlatitude| times the radius) when the longitudes
     * are equal, and a box search tests the latitude first with it. 7.0+; not 6.2.
     */
    GEO_LAT_DISTANCE_SHORTCUT,

    /**
     * STORE with WITHDIST / WITHHASH / WITHCOORD says "GEOSEARCHSTORE is not compatible with … WITHCOORD
     * options" or "STORE option in GEORADIUS is not compatible with … WITHCOORD options" (6.2: always the
     * GEORADIUS text, ending "WITHCOORDS options"). 7.0+; not 6.2.
     */
    GEO_STORE_ERROR_NAMES_COMMAND,

    /**
     * GEOPOS and WITHCOORD coordinates are sent as addReplyDouble sends doubles (the shortest form), not
     * as addReplyHumanLongDouble's "%.17Lf" trimmed of zeros. 8.0; not 6.2, 7.0, 7.2, 7.4, Valkey 8.0.
     */
    GEO_COORDS_AS_DOUBLES,
    // ---- DUMP / RESTORE payloads ----

    /**
     * DUMP writes RDB version 10 payloads, whose lists, sorted sets and hashes are listpacks (quicklist 2,
     * RDB_TYPE_ZSET_LISTPACK, RDB_TYPE_HASH_LISTPACK) and streams RDB_TYPE_STREAM_LISTPACKS_2; RESTORE
     * refuses payloads newer than that. 7.0 (and, with the quirks below, every later dialect); not 6.2
     * (version 9, ziplists).
     */
    RDB_LISTPACKS,

    /**
     * DUMP writes RDB version 11 (listpack sets, RDB_TYPE_STREAM_LISTPACKS_3). 7.2, 7.4, 8.0, Valkey 8.0.
     */
    RDB_SET_LISTPACK,

    /**
     * DUMP writes RDB version 12, with hash-field TTLs (RDB_TYPE_HASH_METADATA, RDB_TYPE_HASH_LISTPACK_EX).
     * 7.4, 8.0; not Valkey 8.0.
     */
    RDB_HASH_FIELD_TTLS,

    /**
     * An RDB file's last aux field (rdbSaveInfoAuxFields) is "aof-base" (7.0 on); 6.2 names it
     * "aof-preamble".
     */
    RDB_AUX_AOF_BASE,

    /**
     * The MISCONF error of stop-writes-on-bgsave-error says "it's currently unable to persist to disk"
     * (7.0 on); 6.2 says "it is currently not able to persist on disk".
     */
    MISCONF_UNABLE_TO_PERSIST,

    /**
     * BGSAVE inside MULTI / EXEC answers "Background saving scheduled" and serverCron starts it (7.0 on);
     * 6.2 starts it at once.
     */
    BGSAVE_IN_EXEC_SCHEDULED,

    /**
     * COMMAND GETKEYS of MIGRATE (migrateGetKeys) steps over AUTH's and AUTH2's arguments looking for KEYS,
     * and finds no key when KEYS comes with a key name; 6.2 takes the first "keys" argument after the
     * fifth, and argv[3] when the key name is not empty. 7.0 and later.
     */
    MIGRATE_GETKEYS_SKIPS_OPTIONS,

    /**
     * SLOWLOG GET count is read with getRangeLongFromObjectOrReply(-1, LONG_MAX): "ERR count should be
     * greater than or equal to -1"; 6.2 takes any integer (a negative one lists everything). 7.0 and later.
     */
    SLOWLOG_COUNT_RANGE_CHECKED,

    /**
     * LATENCY DOCTOR advises enabling the slow log for a "command" event when slowlog-max-len is 0 too,
     * not only when slowlog-log-slower-than is negative (latency.c, 7.4 and Valkey 8.0).
     */
    LATENCY_DOCTOR_SLOWLOG_MAX_LEN,

    /** LATENCY DOCTOR's texts link to redis.io/docs/latest/operate/oss_and_stack/… (8.0). */
    LATENCY_DOCS_URL_LATEST,

    /** LATENCY DOCTOR's texts speak of "this Valkey instance" and give no link (Valkey 8.0). */
    LATENCY_TEXTS_VALKEY,

    // ---- ACL (acl.c) ----

    /**
     * ACL selectors: "(...)" and clearselectors, %R~ / %W~ / %RW~ key patterns checked against the key
     * specs' read/write flags, subcommands with bits of their own (+config|get), ACL GETUSER's "selectors"
     * field, sanitize-payload flags shown. 7.0 and later; not 6.2.
     */
    ACL_SELECTORS,

    /**
     * ACL LIST / GETUSER show a selector's command rules as given (selector->command_rules, with a
     * repeated rule moved to the end), after +@all or -@all; 7.0 and 6.2 rebuild them from the command
     * bits (the best-fitting categories first, then single commands). New users carry sanitize-payload.
     * 7.2 and later.
     */
    ACL_VERBATIM_RULES,

    /**
     * NOPERM errors name the user: "User x has no permissions to run the 'cmd' command", "No permissions to
     * access a key" (7.0: "this user has no permissions to run the 'cmd' command"…); ACL LOG entries carry
     * entry-id, timestamp-created and timestamp-last-updated. 7.2 and later.
     */
    ACL_ERRORS_NAME_USER,
    // ---- client-side caching (tracking.c) ----

    /**
     * A NOLOOP client is spared the invalidations of keys modified while its own command runs
     * (server.current_client), expiry during its command included; 6.2 compares with the client that
     * made the change (none for expiry). 7.0 and later.
     */
    TRACKING_NOLOOP_RUNNING_CLIENT,

    /**
     * FLUSHALL / FLUSHDB's null invalidation for the tracking client that sent it follows its reply. 7.0,
     * 7.2, Valkey 8.0. 6.2 sends it first; so do 7.4 and 8.0, whose synchronous flush answers once its
     * background job is done (the client blocked meanwhile), after the pending invalidations went out.
     */
    TRACKING_FLUSH_AFTER_REPLY,

    /**
     * A read-only command a script runs makes the tracking client remember that command's keys; before,
     * the script's own declared keys (the caller's argv). 7.2 and later.
     */
    TRACKING_KEYS_OF_SCRIPT_COMMANDS,

    // ---- MEMORY STATS (object.c memoryCommand "stats") ----------------------------------------------

    /** MEMORY STATS has cluster.links (after clients.normal) and functions.caches (after lua.caches). 7.0 and later. */
    MEMORY_STATS_CLUSTER_AND_FUNCTIONS,

    /** MEMORY STATS's db.N maps end with overhead.hashtable.slot-to-keys. 7.0, 7.2; not 6.2, 7.4, 8.0, Valkey 8.0. */
    MEMORY_STATS_SLOT_TO_KEYS,

    /**
     * MEMORY STATS (kvstore) has overhead.db.hashtable.lut and overhead.db.hashtable.rehashing after the db.N
     * maps, db.dict.rehashing.count after overhead.total, allocator.muzzy after allocator.resident. 7.4, 8.0,
     * Valkey 8.0.
     */
    MEMORY_STATS_KVSTORE,

    /** MEMORY STATS has replica.fullsync.buffer (after replication.backlog) and script.VMs (after functions.caches). 8.0. */
    MEMORY_STATS_FULLSYNC_AND_VMS,

    // ---- Redis Cluster (cluster.c) --------------------------------------------------------------------

    /**
     * CLUSTER SHARDS exists, and CLUSTER INFO ends with total_cluster_links_buffer_limit_exceeded.
     * 7.0 and later.
     */
    CLUSTER_SHARDS,

    /**
     * READWRITE on a server without cluster support answers "This instance has cluster support
     * disabled" (6.2's readwriteCommand just answers OK). 7.0 and later.
     */
    READWRITE_NEEDS_CLUSTER,

    /** CLUSTER SLOTS ends each node's entry with a map of its other endpoints (hostname…). 7.0 and later. */
    CLUSTER_SLOTS_METADATA,

    /** INFO replication of a replica has replica_full_sync_buffer_size and _peak after slave_repl_offset. 8.0. */
    INFO_REPLICA_FULL_SYNC_BUFFER,

    /**
     * INFO replication: a master's slaveN lines end with type=replica; replicas_waiting_psync follows the
     * replica list (a replica's connected_slaves:0 too); a replica has replicas_repl_buffer_size and _peak
     * after slave_repl_offset. Valkey 8.0.
     */
    INFO_REPLICA_TYPE_AND_WAITING_PSYNC,

    /** READONLY and READWRITE answer OK on a server without cluster support too. Valkey 8.0. */
    READONLY_READWRITE_WITHOUT_CLUSTER,

    /** LOLWUT has a version 8 (lolwut8.c, a poem), the default on the server's own version. 8.0. */
    LOLWUT_8,
}
