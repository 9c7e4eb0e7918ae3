package io.redisdouble.command;

import io.redisdouble.util.RedisVersion;

import java.nio.charset.StandardCharsets;

/**
 * Every error text the server sends, in the emulated version's exact wording. Texts are Latin-1
 * strings in which each char is one byte, so user bytes echoed in errors go out unchanged.
 */
public final class Errors {
    private Errors() {}

    public static final String SYNTAX = "ERR syntax error";
    public static final String NOT_INTEGER = "ERR value is not an integer or out of range";
    public static final String NOT_FLOAT = "ERR value is not a valid float";
    public static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
    public static final String NO_SUCH_KEY = "ERR no such key";
    public static final String DB_INDEX_OUT_OF_RANGE = "ERR DB index is out of range";
    public static final String INCR_OVERFLOW = "ERR increment or decrement would overflow";
    public static final String NAN_OR_INFINITY = "ERR increment would produce NaN or Infinity";
    public static final String NOAUTH = "NOAUTH Authentication required.";
    public static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";
    public static final String AUTH_NOT_CONFIGURED =
            "ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?";
    public static final String OFFSET_OUT_OF_RANGE = "ERR offset is out of range";
    public static final String STRING_TOO_LONG = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
    public static final String NOPROTO = "NOPROTO unsupported protocol version";
    public static final String MULTI_NESTED = "ERR MULTI calls can not be nested";
    public static final String EXEC_WITHOUT_MULTI = "ERR EXEC without MULTI";
    public static final String DISCARD_WITHOUT_MULTI = "ERR DISCARD without MULTI";
    public static final String WATCH_IN_MULTI = "ERR WATCH inside MULTI is not allowed";
    public static final String EXECABORT = "EXECABORT Transaction discarded because of previous errors.";
    public static final String INVALID_CURSOR = "ERR invalid cursor";
    public static final String SAME_OBJECT = "ERR source and destination objects are the same";

    /** "ERR invalid expire time in 'set' command" (7.0) / "ERR invalid expire time in set" (6.2). */
    public static String invalidExpireTime(RedisVersion v, String command) {
        return v.isAtLeast7() ? "ERR invalid expire time in '" + command + "' command"
                : "ERR invalid expire time in " + command;
    }

    public static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /**
     * processCommand's unknown-command error: the name as sent, then up to 128 bytes of the first
     * arguments, each quoted ('…' in 7.0, `…`, in 6.2), the name itself cut at 128 bytes.
     */
    public static String unknownCommand(RedisVersion v, byte[][] argv) {
        StringBuilder args = new StringBuilder();
        for (int i = 1; i < argv.length && args.length() < 128; i++) {
            int room = 128 - args.length();
            String a = latin1(argv[i]);
            if (a.length() > room) a = a.substring(0, room);
            if (v.isAtLeast7()) args.append('\'').append(a).append("' ");
            else args.append('`').append(a).append("`, ");
        }
        String name = latin1(argv[0]);
        if (name.length() > 128) name = name.substring(0, 128);
        if (v.isAtLeast7()) return "ERR unknown command '" + name + "', with args beginning with: " + args;
        return "ERR unknown command `" + name + "`, with args beginning with: " + args;
    }

    /** "ERR wrong number of arguments for 'client|setname' command" (7.0 uses the full name). */
    public static String wrongArity(String fullName) {
        return "ERR wrong number of arguments for '" + fullName + "' command";
    }

    /** 7.0's text for an unknown subcommand of a container command. */
    public static String unknownSubcommand(RedisVersion v, byte[] sub, String container) {
        String s = latin1(sub);
        if (s.length() > 128) s = s.substring(0, 128);
        if (v.isAtLeast7()) return "ERR unknown subcommand '" + s + "'. Try " + container.toUpperCase() + " HELP.";
        return "ERR Unknown subcommand or wrong number of arguments for '" + s + "'. Try " + container.toUpperCase()
                + " HELP.";
    }

    // ==== strings (StringCommands) ============================================================
    // (add this family's texts below this line)
    /** DECRBY key -9223372036854775808 (7.0; 6.2 wraps around instead). */
    public static final String DECREMENT_OVERFLOW = "ERR decrement would overflow";

    /**
     * MSET / MSETNX with a key lacking its value: 7.0 sends the arity error of the command at hand,
     * 6.2 "ERR wrong number of arguments for MSET" for both.
     */
    public static String msetArity(RedisVersion v, String command) {
        return v.isAtLeast7() ? wrongArity(command) : "ERR wrong number of arguments for MSET";
    }




    // ==== keys and expiry (KeyCommands) ============================================================
    // (add this family's texts below this line)




    // ==== connection and server (ConnectionCommands, ServerCommands) ============================================================
    // (add this family's texts below this line)




    // ==== sorted sets (SortedSetCommands) ============================================================
    // (add this family's texts below this line)
    public static final String ZADD_XX_NX = "ERR XX and NX options at the same time are not compatible";
    public static final String ZADD_GT_LT_NX = "ERR GT, LT, and/or NX options at the same time are not compatible";
    public static final String ZADD_INCR_PAIR = "ERR INCR option supports a single increment-element pair";
    public static final String ZSCORE_NAN = "ERR resulting score is not a number (NaN)";
    public static final String ZRANGE_NOT_FLOAT = "ERR min or max is not a float";
    public static final String ZRANGE_NOT_LEX = "ERR min or max not valid string range item";
    public static final String ZRANGE_LIMIT_RANK =
            "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX";
    public static final String ZRANGE_WITHSCORES_BYLEX =
            "ERR syntax error, WITHSCORES not supported in combination with BYLEX";
    public static final String WEIGHT_NOT_FLOAT = "ERR weight value is not a float";
    public static final String LIMIT_NEGATIVE = "ERR LIMIT can't be negative";
    public static final String NUMKEYS_NOT_POSITIVE = "ERR numkeys should be greater than 0";
    public static final String COUNT_NOT_POSITIVE = "ERR count should be greater than 0";
    /** getPositiveLongFromObjectOrReply without a message (7.0): also for a count that is not a number. */
    public static final String MUST_BE_POSITIVE = "ERR value is out of range, must be positive";
    public static final String TIMEOUT_NOT_FLOAT = "ERR timeout is not a float or out of range";
    public static final String TIMEOUT_NEGATIVE = "ERR timeout is negative";
    /** ZRANDMEMBER count outside [-LONG_MAX, LONG_MAX] (7.0's getRangeLongFromObjectOrReply). */
    public static final String ZRANDMEMBER_RANGE =
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807";
    /** ZRANDMEMBER WITHSCORES with |count| above LONG_MAX / 2 (7.0). */
    public static final String VALUE_OUT_OF_RANGE = "ERR value is out of range";
    /**
     * Not a Redis text: a ZRANDMEMBER reply of more elements than redis-double builds (Redis would
     * stream it until memory runs out).
     */
    public static final String ZRANDMEMBER_TOO_MANY =
            "ERR ZRANDMEMBER count too large: redis-double replies with at most 100000000 elements";

    /** ZUNION… with numkeys < 1: 7.0 names the command by its full name, 6.2 by its table name. */
    public static String atLeastOneInputKey(RedisVersion v, String command) {
        return v.isAtLeast7() ? "ERR at least 1 input key is needed for '" + command + "' command"
                : "ERR at least 1 input key is needed for " + command;
    }




    // ==== scripting, pub/sub, hashes ============================================================
    // (add this family's texts below this line)



}
