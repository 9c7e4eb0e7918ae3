package io.redisdouble.kit;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Inputs known to crash a real Redis version. A crash of the reference is a bug of that Redis, not a
 * divergence of redis-double, and a generator that reaches such an input now and then makes the kit
 * fail by chance (one of these failed CI two runs in six). So {@link Duo#call} never sends a listed
 * command to a reference of an affected version: the command is left out on both servers, and the
 * case's history says so.
 *
 * <p>Each entry is armed by some earlier command of the same case (the state that makes the crash
 * possible) and then fires on a later command. Arming is conservative: leaving out a harmless command
 * costs a little coverage on that version only, sending a crashing one costs a red build.
 *
 * <p>A crash that is not listed here still stops the property, with a message that says the reference
 * died (not a divergence of redis-double) and asks for an entry here; the reference is started again
 * for the next case ({@link KitTarget#flushBoth}).
 */
enum ReferenceCrash {
    /**
     * Redis 6.2.7 aborts with {@code t_zset.c:1195 'eptr != NULL'} when ZRANGESTORE copies a member
     * longer than 64 bytes: the destination starts as an empty ziplist (zrangeResultBeginStore), and
     * the first such member makes zsetAdd convert it to a skip list while it is still empty, which
     * zsetConvert asserts against. {@code ZADD zl 0 <66-byte member>} then
     * {@code ZRANGESTORE z1 zl + - BYLEX} (or {@code ZRANGESTORE z1 zl 0 -1}) crashes it; 7.0 creates
     * the destination from a size hint instead.
     * Armed by any argument over 64 bytes (a member can reach a sorted set through ZADD, ZINCRBY or a
     * script's ARGV); fires on every ZRANGESTORE.
     */
    ZRANGESTORE_LONG_MEMBER_6_2("6.2.", "ZRANGESTORE copying a member over 64 bytes aborts Redis 6.2 (t_zset.c:1195 'eptr != NULL')") {
        @Override
        boolean arms(byte[][] argv) {
            for (int i = 1; i < argv.length; i++) {
                if (argv[i].length > 64) {
                    return true;
                }
            }
            return false;
        }

        @Override
        boolean fires(byte[][] argv) {
            return argv.length > 0 && commandName(argv).equals("zrangestore");
        }
    },

    /**
     * The same abort of Redis 6.2.7 (t_zset.c:1195) reached through the thresholds instead of a long
     * member: with {@code zset-max-ziplist-entries 0} the first member ZRANGESTORE copies converts the
     * still empty destination ({@code CONFIG SET zset-max-ziplist-entries 0}, {@code ZADD zl 1 a},
     * {@code ZRANGESTORE z1 zl 0 -1} crashes it), and with {@code zset-max-ziplist-value V} any first
     * member longer than V does ({@code CONFIG SET zset-max-ziplist-value 3}, {@code ZADD zl 1 abcd}, the
     * same ZRANGESTORE). Armed by a CONFIG SET of zset-max-ziplist-entries to 0 or of
     * zset-max-ziplist-value to anything but a number of at least 64 (the encodings family sets both);
     * fires on every ZRANGESTORE.
     */
    ZRANGESTORE_SMALL_ZSET_LIMITS_6_2("6.2.", "ZRANGESTORE with zset-max-ziplist-entries 0 or a small zset-max-ziplist-value"
            + " aborts Redis 6.2 (t_zset.c:1195 'eptr != NULL')") {
        @Override
        boolean arms(byte[][] argv) {
            if (argv.length < 4 || !commandName(argv).equals("config")
                    || !new String(argv[1], StandardCharsets.ISO_8859_1).equalsIgnoreCase("set")) {
                return false;
            }
            for (int i = 2; i + 1 < argv.length; i += 2) {
                String name = new String(argv[i], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
                String value = new String(argv[i + 1], StandardCharsets.ISO_8859_1).trim();
                if (name.equals("zset-max-ziplist-entries") && !value.matches("[1-9][0-9]*")) {
                    return true;
                }
                if (name.equals("zset-max-ziplist-value") && !(value.matches("[0-9]{1,18}") && Long.parseLong(value) >= 64)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        boolean fires(byte[][] argv) {
            return argv.length > 0 && commandName(argv).equals("zrangestore");
        }
    },

    /**
     * Redis 7.4.1 and 8.0.2 crash (SIGSEGV) in {@code FUNCTION FLUSH} (SYNC or ASYNC) once a function has
     * failed on a {@code redis.call} / {@code redis.pcall} argument that is neither a string nor an
     * integer ("Lua redis lib command arguments must be strings or integers"): {@code FUNCTION LOAD
     * "#!lua name=c\nredis.register_function('f', function(keys, args) return redis.call('incrby', keys[1],
     * args[1]) end)"}, {@code FCALL f 1 k} (args[1] is nil), {@code FUNCTION FLUSH}. 7.4 rebuilds the
     * Lua engine on FLUSH (redis#13383) and the failed call left the old VM in a state that freeing it
     * trips on; FUNCTION DELETE, LOAD REPLACE and SCRIPT FLUSH survive it; 7.2.6 and Valkey 8.0.1 do
     * not crash. Found by delta-debugging the functions family's inputs against 7.4.1.
     *
     * <p>The kit's libraries pass {@code keys[1]} and {@code args[1]} to redis.call, so an FCALL /
     * FCALL_RO with numkeys 0 or without both a key and an argument arms it. The state lives in the
     * server's Lua VM, not in the case's keys: it {@linkplain #outlivesCase() outlives the case}, so once
     * a case has armed it every later case starts armed ({@link KitTarget#armForGood}), and the functions
     * family begins its cases with FUNCTION DELETE, which survives the state. Fires on every FUNCTION FLUSH.
     */
    FUNCTION_FLUSH_AFTER_BAD_CALL_ARGUMENT_7_4("FUNCTION FLUSH after a function failed on a redis.call argument that is not"
            + " a string or integer crashes Redis 7.4 and 8.0 (SIGSEGV)", "7.4.", "8.0.") {
        @Override
        boolean arms(byte[][] argv) {
            if (argv.length < 3) {
                return false;
            }
            String name = commandName(argv);
            if (!name.equals("fcall") && !name.equals("fcall_ro")) {
                return false;
            }
            String numkeys = new String(argv[2], StandardCharsets.ISO_8859_1).trim();
            return numkeys.equals("0") || argv.length < 5;
        }

        @Override
        boolean fires(byte[][] argv) {
            return argv.length >= 2 && commandName(argv).equals("function")
                    && new String(argv[1], StandardCharsets.ISO_8859_1).equalsIgnoreCase("flush");
        }

        @Override
        boolean outlivesCase() {
            return true;
        }
    },

    /**
     * Redis 7.0.15, 7.2.6, 7.4.1, 8.0.2 and Valkey 8.0.1 crash on a script that raises a table without
     * a string "err" field: {@code EVAL "error({})" 0}, or {@code EVAL "error({err=ARGV[1]})" 0} with no
     * ARGV (the kit's arity mutations drop arguments); 6.2 answers an error. Found by the fuzz mode.
     * Armed from the start; fires on an EVAL / EVAL_RO whose script raises a table with no err field,
     * or err=ARGV[1] without an ARGV[1].
     */
    LUA_ERROR_TABLE_WITHOUT_ERR_7("7.", "a script raising a table without a string err field crashes Redis 7.x and Valkey 8.0"
            + " (EVAL \"error({})\" 0)") {
        @Override
        boolean affects(String redisVersion) {
            return redisVersion != null && (redisVersion.startsWith("7.") || redisVersion.startsWith("8.")
                    || redisVersion.startsWith("valkey-"));
        }

        @Override
        boolean arms(byte[][] argv) {
            return true;
        }

        @Override
        boolean fires(byte[][] argv) {
            String name = argv.length > 0 ? commandName(argv) : "";
            if (!(name.equals("eval") || name.equals("eval_ro")) || argv.length < 3) {
                return false;
            }
            String script = new String(argv[1], StandardCharsets.ISO_8859_1);
            if (!script.contains("error({")) {
                return false;
            }
            if (!script.contains("err=")) {
                return true;
            }
            if (!script.contains("err=ARGV[1]")) {
                return false;
            }
            long numkeys;
            try {
                numkeys = Long.parseLong(new String(argv[2], StandardCharsets.ISO_8859_1));
            } catch (NumberFormatException e) {
                return false; // refused before the script runs
            }
            return numkeys >= 0 && argv.length <= 3 + numkeys; // no ARGV[1]
        }
    };

    /** Prefixes of the affected {@code redis_version}s (e.g. "6.2."). */
    private final List<String> versionPrefixes;
    private final String reason;

    ReferenceCrash(String versionPrefix, String reason) {
        this.versionPrefixes = List.of(versionPrefix);
        this.reason = reason;
    }

    ReferenceCrash(String reason, String... versionPrefixes) {
        this.versionPrefixes = List.of(versionPrefixes);
        this.reason = reason;
    }

    /**
     * Whether the armed state lives in the server rather than in the keys a case writes (FLUSHALL does
     * not clear it): it stays armed for every later case.
     */
    boolean outlivesCase() {
        return false;
    }

    /** Whether this command puts the case into the state in which {@link #fires} would crash. */
    abstract boolean arms(byte[][] argv);

    /** Whether this command crashes an affected reference once the case is armed. */
    abstract boolean fires(byte[][] argv);

    String reason() {
        return reason;
    }

    /** Whether a reference reporting {@code redisVersion} (INFO server) has this bug. */
    boolean affects(String redisVersion) {
        return redisVersion != null && versionPrefixes.stream().anyMatch(redisVersion::startsWith);
    }

    /** The crashes that affect a reference of this version. */
    static List<ReferenceCrash> affecting(String redisVersion) {
        return java.util.Arrays.stream(values()).filter(c -> c.affects(redisVersion)).toList();
    }

    private static String commandName(byte[][] argv) {
        return new String(argv[0], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    }
}
