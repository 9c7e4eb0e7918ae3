package io.redisdouble.command;


import io.redisdouble.dialect.Dialect;
import io.redisdouble.dialect.Quirk;
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
    /** 7.0 processCommand, a no_multi command (SAVE) inside MULTI. */
    public static final String NOT_IN_TRANSACTION = "ERR Command not allowed inside a transaction";
    public static final String EXEC_WITHOUT_MULTI = "ERR EXEC without MULTI";
    /** 7.0 SHUTDOWN ABORT when no shutdown waits (here one never does). */
    public static final String NO_SHUTDOWN_IN_PROGRESS = "ERR No shutdown in progress.";
    public static final String DISCARD_WITHOUT_MULTI = "ERR DISCARD without MULTI";
    public static final String WATCH_IN_MULTI = "ERR WATCH inside MULTI is not allowed";
    public static final String EXECABORT = "EXECABORT Transaction discarded because of previous errors.";
    public static final String INVALID_CURSOR = "ERR invalid cursor";
    public static final String MAXAGE_NOT_INTEGER = "ERR maxage is not an integer or out of range";
    public static final String MAXAGE_NOT_POSITIVE = "ERR maxage should be greater than 0";
    public static final String NOVALUES_ONLY_HSCAN = "ERR NOVALUES option can only be used in HSCAN";
    public static final String NOSCORES_ONLY_ZSCAN = "ERR NOSCORES option can only be used in ZSCAN";

    /** Valkey: SCAN … TYPE with a name that is no type. */
    public static String unknownTypeName(byte[] name) {
        return "ERR unknown type name '" + cString(name) + "'";
    }
    public static final String SAME_OBJECT = "ERR source and destination objects are the same";

    /** "ERR invalid expire time in 'set' command" (7.0) / "ERR invalid expire time in set" (6.2). */
    public static String invalidExpireTime(Dialect v, String command) {
        return v.has(Quirk.QUOTED_COMMAND_IN_ERRORS) ? "ERR invalid expire time in '" + command + "' command"
                : "ERR invalid expire time in " + command;
    }

    public static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /**
     * processCommand's unknown-command error: the name as sent, then up to 128 bytes of the first
     * arguments, each quoted ('…' in 7.0, `…`, in 6.2) and cut at a NUL byte as "%s" does; 7.0 cuts
     * the name at 128 bytes.
     */
    public static String unknownCommand(Dialect v, byte[][] argv) {
        StringBuilder args = new StringBuilder();
        for (int i = 1; i < argv.length && args.length() < 128; i++) {
            int room = 128 - args.length();
            String a = cString(argv[i]);
            if (a.length() > room) a = a.substring(0, room);
            if (v.has(Quirk.QUOTED_UNKNOWN_ARGS)) args.append('\'').append(a).append("' ");
            else args.append('`').append(a).append("`, ");
        }
        String name = cString(argv[0]);
        if (v.has(Quirk.QUOTED_UNKNOWN_ARGS)) {
            if (name.length() > 128) name = name.substring(0, 128); // "%.128s"; 6.2 prints it whole
            return "ERR unknown command '" + name + "', with args beginning with: " + args;
        }
        return "ERR unknown command `" + name + "`, with args beginning with: " + args;
    }

    /** A user argument as C's "%s" prints it: up to its first NUL byte. */
    static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) n++;
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** "ERR wrong number of arguments for 'client|setname' command" (7.0 uses the full name). */
    public static String wrongArity(String fullName) {
        return "ERR wrong number of arguments for '" + fullName + "' command";
    }

    /** 7.0's text for an unknown subcommand of a container command. */
    public static String unknownSubcommand(Dialect v, byte[] sub, String container) {
        String s = latin1(sub);
        if (s.length() > 128) s = s.substring(0, 128);
        if (v.has(Quirk.SUBCOMMANDS_AS_COMMANDS)) return "ERR unknown subcommand '" + s + "'. Try " + container.toUpperCase() + " HELP.";
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
    public static String msetArity(Dialect v, String command) {
        return v.has(Quirk.QUOTED_COMMAND_IN_ERRORS) ? wrongArity(command) : "ERR wrong number of arguments for MSET";
    }




    // ==== keys and expiry (KeyCommands) ============================================================
    // (add this family's texts below this line)
    /** EXPIRE family, 7.0 (parseExtendedExpireArgumentsOrReply). */
    public static final String EXPIRE_NX_AND_OTHERS =
            "ERR NX and XX, GT or LT options at the same time are not compatible";
    public static final String EXPIRE_GT_AND_LT = "ERR GT and LT options at the same time are not compatible";

    /** getIntFromObjectOrReply's range error (MOVE / COPY DB index beyond an int). */
    public static final String NOT_AN_INT_RANGE =
            "ERR value is out of range, value must between -2147483648 and 2147483647";

    /**
     * "ERR Unsupported option foo" (EXPIRE family, 7.0). The option is printed with %s, so it ends at
     * its first NUL byte.
     */
    public static String unsupportedOption(byte[] option) {
        String s = latin1(option);
        int nul = s.indexOf('\0');
        return "ERR Unsupported option " + (nul >= 0 ? s.substring(0, nul) : s);
    }




    // ==== connection and server (ConnectionCommands, ServerCommands) ============================================================
    // (add this family's texts below this line)
    public static final String INT_OUT_OF_RANGE = "ERR value is out of range, value must between -2147483648 and 2147483647";
    /** HELLO without AUTH on a server with requirepass, from an unauthenticated client. */
    public static String noauthHello(Dialect v) {
        return "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO "
                + (v.has(Quirk.HELLO_OPTIONS_BEFORE_AUTH) ? "<proto> " : "")
                + "AUTH <user> <pass> option can be used to authenticate the client and select the "
                + "RESP protocol version at the same time";
    }
    public static final String HELLO_BAD_PROTOVER = "ERR Protocol version is not an integer or out of range";
    public static final String CLIENT_NAME_INVALID = "ERR Client names cannot contain spaces, newlines or special characters.";

    /** CLIENT SETINFO with an attribute other than LIB-NAME / LIB-VER (as sent, cut at a NUL). */
    public static String setinfoUnknownAttribute(byte[] attr) {
        return "ERR Unrecognized option '" + cString(attr) + "'";
    }

    /** CLIENT SETINFO with a value holding a byte outside '!'..'~' (the attribute as sent). */
    public static String setinfoInvalidValue(byte[] attr) {
        return "ERR " + cString(attr) + " cannot contain spaces, newlines or special characters.";
    }
    public static final String NO_SUCH_CLIENT = "ERR No such client";
    public static final String CLIENT_ID_NOT_POSITIVE = "ERR client-id should be greater than 0";
    public static final String INVALID_CLIENT_ID = "ERR Invalid client ID";
    /** What a connection beyond maxclients gets before it is closed (networking.c acceptCommonHandler). */
    public static final String MAX_CLIENTS = "ERR max number of clients reached";
    public static final String NO_CONFIG_FILE = "ERR The server is running without a config file";
    public static final String INVALID_COMMAND = "ERR Invalid command specified";
    public static final String INVALID_COMMAND_ARGS = "ERR Invalid number of arguments specified for command";
    public static final String COMMAND_HAS_NO_KEYS = "ERR The command has no key arguments";
    public static final String INVALID_COMMAND_ARGUMENTS = "ERR Invalid arguments specified for command";
    /** 7.0 refuses DEBUG unless enable-debug-command allows it (processCommand, before authentication). */
    public static final String DEBUG_NOT_ALLOWED = "ERR DEBUG command not allowed. If the enable-debug-command option is "
            + "set to \"local\", you can run it from a local connection, otherwise you need to set this option in the "
            + "configuration file, and then restart the server.";
    // ---- functions (functions.c, function_lua.c) ----
    public static final String FUNCTION_NOT_FOUND = "ERR Function not found";
    public static final String FCALL_BAD_NUMKEYS = "ERR Bad number of keys provided";
    public static final String FUNCTION_MISSING_METADATA = "ERR Missing library metadata";
    public static final String FUNCTION_INVALID_METADATA = "ERR Invalid library metadata";
    public static final String FUNCTION_NAME_TWICE = "ERR Invalid metadata value, name argument was given multiple times";
    public static final String FUNCTION_NO_LIBRARY_NAME = "ERR Library name was not given";
    /** Without "ERR ": also raised inside Lua by redis.register_function. */
    public static final String FUNCTION_BAD_NAME =
            "Library names can only contain letters, numbers, or underscores(_) and must be at least one character long";
    public static final String FUNCTION_NONE_REGISTERED = "ERR No functions registered";
    public static final String FUNCTION_LIBRARY_NOT_FOUND = "ERR Library not found";
    public static final String FUNCTION_RESTORE_POLICY =
            "ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.";
    public static final String BUSY_FUNCTION =
            "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.";

    public static String functionBadMetadata(String part) {
        return "ERR Invalid metadata value given: " + part;
    }

    public static String functionEngineNotFound(String engine) {
        return "ERR Engine '" + engine + "' not found";
    }

    public static String functionLibraryExists(String name) {
        return "ERR Library '" + name + "' already exists";
    }

    /** FUNCTION RESTORE APPEND's collision (libraryJoin: no quotes). */
    public static String functionRestoreLibraryExists(String name) {
        return "ERR Library " + name + " already exists";
    }

    public static String functionExists(String name) {
        return "ERR Function " + name + " already exists";
    }

    public static String functionLoadUnknownOption(byte[] arg) {
        return "ERR Unknown option given: " + new String(arg, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    public static String functionCompileError(String luaMessage) {
        return "ERR Error compiling function: " + luaMessage;
    }

    public static String functionRegisterError(String message) {
        return "ERR Error registering functions: " + message;
    }

    /** The BUSY error while a script (false) or a function (true) runs (shared.slowevalerr / slowscripterr). */
    public static String busyScript(Dialect v, boolean function) {
        String text = function ? BUSY_FUNCTION : BUSY_SCRIPT;
        return v.has(Quirk.TEXTS_WITHOUT_REDIS_NAME) ? text.replace("BUSY Redis", "BUSY " + v.title()) : text;
    }
    /** shared.noreplicaserr. */
    public static final String NOREPLICAS = "NOREPLICAS Not enough good replicas to write.";
    // ---- end functions ----

    public static final String FUNCTION_FLUSH_MODE = "ERR FUNCTION FLUSH only supports SYNC|ASYNC option";
    public static final String FUNCTION_LIBRARYNAME_MISSING = "ERR library name argument was not given";
    public static final String BGSAVE_STARTED = "Background saving started";
    public static final String BGSAVE_SCHEDULED = "Background saving scheduled";
    public static final String BGSAVE_IN_PROGRESS = "ERR Background save already in progress";
    /** shared.err: a failed SAVE (the reason goes to the log only). */
    public static final String BARE_ERR = "ERR";
    public static final String SHUTDOWN_FAILED = "ERR Errors trying to SHUTDOWN. Check logs.";

    /** shared.bgsaveerr: writes refused after a failed background save (stop-writes-on-bgsave-error). */
    static String bgsaveErr(Dialect v) {
        if (!v.has(Quirk.MISCONF_UNABLE_TO_PERSIST)) {
            return "MISCONF Redis is configured to save RDB snapshots, but it is currently not able to persist on disk. "
                    + "Commands that may modify the data set are disabled, because this instance is configured to report "
                    + "errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check "
                    + "the Redis logs for details about the RDB error.";
        }
        String name = v.has(Quirk.TEXTS_WITHOUT_REDIS_NAME) ? v.title() : "Redis";
        return "MISCONF " + name + " is configured to save RDB snapshots, but it's currently unable to persist to disk. "
                + "Commands that may modify the data set are disabled, because this instance is configured to report "
                + "errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check "
                + "the " + name + " logs for details about the RDB error.";
    }

    /** HELLO's syntax error for an unknown or incomplete option (the option echoed as sent). */
    public static String helloSyntax(byte[] option) {
        return "ERR Syntax error in HELLO option '" + latin1(option) + "'";
    }

    public static String unknownClientType(byte[] type) {
        return "ERR Unknown client type '" + latin1(type) + "'";
    }

    public static String noSuchUser(byte[] user) {
        return "ERR No such user '" + latin1(user) + "'";
    }

    /** addReplySubcommandSyntaxError as the dialect words it (6.2: capital "Unknown"). */
    public static String subcommandSyntax(Dialect v, byte[] sub, String container) {
        String s = latin1(sub);
        if (s.length() > 128) s = s.substring(0, 128);
        return (v.has(Quirk.LOWERCASE_SUBCOMMAND_SYNTAX_ERROR) ? "ERR unknown" : "ERR Unknown")
                + " subcommand or wrong number of arguments for '" + s + "'. Try " + container + " HELP.";
    }

    /** shared.oomerr: a command that may grow memory, refused while used memory exceeds maxmemory. */
    public static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";
    /** scriptPrepareForRun: a shebang script without allow-oom (or no-writes) while over maxmemory (7.0). */
    public static final String OOM_SCRIPT_FLAG =
            "OOM allow-oom flag is not set on the script, can not run it when used memory > 'maxmemory'";

    /** Not Redis's: a command that ran out of Java heap (Redis has no limit but the system's memory). */
    public static final String OUT_OF_HEAP =
            "ERR redis-double ran out of Java heap running this command (start it with a larger -Xmx, or store less)";
    /** Not Redis's: a request that could not be read for want of Java heap (the connection is then closed). */
    public static final String OUT_OF_HEAP_READING =
            "ERR redis-double ran out of Java heap reading this request (start it with a larger -Xmx, or store less)";

    public static final String UNBLOCK_REASON = "ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR";
    /** The reply of a client woken by CLIENT UNBLOCK … ERROR (no "ERR" prefix). */
    public static final String UNBLOCKED = "UNBLOCKED client unblocked via CLIENT UNBLOCK";

    /** 7.0's addReplySubcommandSyntaxError (lower-case "unknown"), used inside some 7.0 handlers. */
    public static String subcommandSyntax7(byte[] sub, String container) {
        String s = latin1(sub);
        if (s.length() > 128) s = s.substring(0, 128);
        return "ERR unknown subcommand or wrong number of arguments for '" + s + "'. Try " + container + " HELP.";
    }

    public static String functionListUnknownArg(byte[] arg) {
        return "ERR Unknown argument " + latin1(arg);
    }

    /** CONFIG SET with a parameter the version does not know (7.0 / 6.2 wording). */
    public static String configSetUnknown(Dialect v, byte[] name) {
        return v.has(Quirk.UNIFIED_CONFIG) ? "ERR Unknown option or number of arguments for CONFIG SET - '" + latin1(name) + "'"
                : "ERR Unsupported CONFIG parameter: " + latin1(name);
    }

    /**
     * CONFIG SET with a value the parameter refuses. 7.0 names the parameter as registered (lower case) and
     * omits the reason when there is none; 6.2 echoes the value and the name as sent.
     */
    public static String configSetFailed(Dialect v, String registeredName, byte[] nameAsSent, byte[] value,
                                         String reason) {
        if (v.has(Quirk.UNIFIED_CONFIG)) {
            return "ERR CONFIG SET failed (possibly related to argument '" + registeredName + "')"
                    + (reason == null ? "" : " - " + reason);
        }
        return "ERR Invalid argument '" + latin1(value) + "' for CONFIG SET '" + latin1(nameAsSent) + "'"
                + (reason == null ? "" : " - " + reason);
    }




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
    public static final String TIMEOUT_OUT_OF_RANGE = "ERR timeout is out of range";
    /** ZRANDMEMBER count outside [-LONG_MAX, LONG_MAX] (7.0's getRangeLongFromObjectOrReply). */
    public static final String ZRANDMEMBER_RANGE =
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807";
    // ZRANDMEMBER WITHSCORES with |count| above LONG_MAX / 2 (7.0): VALUE_OUT_OF_RANGE (hashes section).
    /**
     * Not a Redis text: a ZRANDMEMBER reply of more elements than redis-double builds (Redis would
     * stream it until memory runs out).
     */
    public static final String ZRANDMEMBER_TOO_MANY =
            "ERR ZRANDMEMBER count too large: redis-double replies with at most 100000000 elements";

    /** ZUNION… with numkeys < 1: 7.0 names the command by its full name, 6.2 by its table name. */
    public static String atLeastOneInputKey(Dialect v, String command) {
        return v.has(Quirk.QUOTED_COMMAND_IN_ERRORS) ? "ERR at least 1 input key is needed for '" + command + "' command"
                : "ERR at least 1 input key is needed for " + command;
    }




    // ==== scripting, pub/sub, hashes ============================================================
    // (add this family's texts below this line)
    // ---- scripting (ScriptingCommands, ScriptRun, io.redisdouble.script) ---- begin
    public static final String NOSCRIPT = "NOSCRIPT No matching script. Please use EVAL.";

    /** Valkey: (S|P)UNSUBSCRIBE by a client that is not subscribed. */
    public static String notSubscribed(String command) {
        return "NOSUB '" + command + "' command executed not in subscribed mode";
    }

    /** EVALSHA of an unknown script (Valkey drops "Please use EVAL."). */
    public static String noscript(Dialect v) {
        return v.has(Quirk.TEXTS_WITHOUT_REDIS_NAME) ? "NOSCRIPT No matching script." : NOSCRIPT;
    }

    /** A command refused while a script is busy (Valkey names itself). */
    public static String busyScript(Dialect v) {
        return v.has(Quirk.TEXTS_WITHOUT_REDIS_NAME) ? BUSY_SCRIPT.replace("BUSY Redis", "BUSY " + v.title()) : BUSY_SCRIPT;
    }
    public static final String NUMKEYS_TOO_BIG = "ERR Number of keys can't be greater than number of args";
    public static final String NUMKEYS_NEGATIVE = "ERR Number of keys can't be negative";
    public static final String BUSY_SCRIPT =
            "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.";
    public static final String NOTBUSY = "NOTBUSY No scripts in execution right now.";

    private static final String DENIED_HOW = "In this mode connections are only accepted from the loopback interface. "
            + "If you want to connect from external computers to Redis you may adopt one of the following solutions: "
            + "1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback "
            + "interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is "
            + "not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. "
            + "2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and "
            + "setting the protected mode option to 'no', and then restarting the server. 3) If you started the "
            + "server manually just for testing, restart it with the '--protected-mode no' option. ";
    private static final String DENIED_NOTE = "NOTE: You only need to do one of the above things in order for the "
            + "server to start accepting connections from the outside.";

    /** What protected mode writes to a refused client before closing it (networking.c clientAcceptHandler). */
    public static String protectedModeDenied(Dialect d) {
        if (d.has(Quirk.TEXTS_WITHOUT_REDIS_NAME)) {
            return "DENIED Running in protected mode because protected mode is enabled and no password is set for the "
                    + "default user. In this mode connections are only accepted from the loopback interface. If you want "
                    + "to connect from external computers, you may adopt one of the following solutions: 1) Just disable "
                    + "protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by "
                    + "connecting from the same host the server is running, however MAKE SURE it's not publicly accessible "
                    + "from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you "
                    + "can just disable the protected mode by editing the configuration file, and setting the protected "
                    + "mode option to 'no', and then restarting the server. 3) If you started the server manually just for "
                    + "testing, restart it with the '--protected-mode no' option. 4) Set up an authentication password for "
                    + "the default user. " + DENIED_NOTE;
        }
        return d.has(Quirk.PROTECTED_MODE_DESPITE_BIND)
                ? "DENIED Redis is running in protected mode because protected mode is enabled and no password is set "
                        + "for the default user. " + DENIED_HOW
                        + "4) Setup a an authentication password for the default user. " + DENIED_NOTE
                : "DENIED Redis is running in protected mode because protected mode is enabled, no bind address was "
                        + "specified, no authentication password is requested to clients. " + DENIED_HOW
                        + "4) Setup a bind address or an authentication password. " + DENIED_NOTE;
    }
    public static final String UNKILLABLE = "UNKILLABLE Sorry the script already executed write commands against "
            + "the dataset. You can either wait the script termination or kill the server in a hard way using the "
            + "SHUTDOWN NOSAVE command.";
    public static final String SCRIPT_FLUSH_OPTION = "ERR SCRIPT FLUSH only support SYNC|ASYNC option";
    public static final String SCRIPT_DEBUG_MODE = "ERR Use SCRIPT DEBUG YES/SYNC/NO";
    public static final String SCRIPT_DEBUG_UNSUPPORTED = "ERR SCRIPT DEBUG YES/SYNC (the Lua debugger) is not supported by redis-double";
    /** 7.0: EVAL_RO of a script whose shebang does not declare no-writes. */
    public static final String SCRIPT_RO_WITH_WRITE_FLAG = "ERR Can not execute a script with write flag using *_ro command.";
    /** The message of the error a killed script ends with (the caller gets it in the script error form). */
    public static final String SCRIPT_KILLED = "Script killed by user with SCRIPT KILL...";
    /** redis.call refusals (the texts are raised without "ERR " in 6.2, with it in 7.0). */
    public static final String SCRIPT_WRITE_IN_READ_ONLY = "Write commands are not allowed from read-only scripts.";

    public static String scriptCompileError(String luaMessage) {
        return "ERR Error compiling script (new function): " + luaMessage;
    }

    public static String scriptUnknownCommand(Dialect v) {
        if (v.has(Quirk.TEXTS_WITHOUT_REDIS_NAME)) return "Unknown command called from script";
        return v.has(Quirk.SCRIPT_ERRORS_SAY_SCRIPT) ? "Unknown Redis command called from script" : "Unknown Redis command called from Lua script";
    }

    public static String scriptWrongArity(Dialect v) {
        if (v.has(Quirk.TEXTS_WITHOUT_REDIS_NAME)) return "Wrong number of args calling command from script";
        return v.has(Quirk.SCRIPT_ERRORS_SAY_SCRIPT) ? "Wrong number of args calling Redis command from script"
                : "Wrong number of args calling Redis command From Lua script";
    }

    public static String scriptNotAllowed(Dialect v) {
        return v.has(Quirk.SCRIPT_ERRORS_SAY_SCRIPT) ? "This Redis command is not allowed from script" : "This Redis command is not allowed from scripts";
    }

    public static String scriptNoArguments(Dialect v) {
        if (v.has(Quirk.TEXTS_WITHOUT_REDIS_NAME)) return "Please specify at least one argument for this call";
        return v.has(Quirk.SCRIPT_ERRORS_SAY_SCRIPT) ? "Please specify at least one argument for this redis lib call"
                : "Please specify at least one argument for redis.call()";
    }

    public static String scriptBadArgument(Dialect v) {
        if (v.has(Quirk.TEXTS_WITHOUT_REDIS_NAME)) return "Command arguments must be strings or integers";
        return v.has(Quirk.SCRIPT_ERRORS_SAY_SCRIPT) ? "Lua redis lib command arguments must be strings or integers"
                : "Lua redis() command arguments must be strings or integers";
    }

    /** 7.0 shebang errors (evalExtractShebangFlags / scriptFlagsFromString). */
    public static String shebangBadEngine(String firstLine) {
        return "ERR Unexpected engine in script shebang: " + firstLine;
    }

    public static String shebangBadFlag(String flag) {
        return "ERR Unexpected flag in script shebang: " + flag;
    }

    public static String shebangBadOption(String option) {
        return "ERR Unknown lua shebang option: " + option;
    }
    // ---- scripting ---- end


    // ---- pub/sub (PubSubCommands) ----
    /**
     * processCommand's refusal of a command in RESP2 subscribed mode. 7.0 names the command by its full
     * name ("client|id") and lists the shard commands; 6.2 names the container ("client").
     */
    public static String onlyPubSubAllowed(Dialect v, String commandName) {
        return v.has(Quirk.SHARDED_PUBSUB)
                ? "ERR Can't execute '" + commandName
                        + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context"
                : "ERR Can't execute '" + commandName
                        + "': only (P)SUBSCRIBE / (P)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context";
    }

    /**
     * addReplySubcommandSyntaxError as PUBSUB CHANNELS / SHARDCHANNELS send it for a second argument:
     * 7.0 "unknown subcommand or wrong number…", 6.2 "Unknown subcommand or wrong number…".
     */
    public static String pubsubSubcommandSyntax(Dialect v, byte[] sub) {
        return subcommandSyntax(v, sub, "PUBSUB");
    }

    // ---- hashes (HashCommands) ----
    public static final String HASH_NOT_INTEGER = "ERR hash value is not an integer";
    /** Hash-field expiration (7.4): FIELDS not where HEXPIRE / HTTL / HPERSIST expect it. */
    public static final String HFE_FIELDS_MISSING = "ERR Mandatory argument FIELDS is missing or not at the right position";
    /** HTTL / HPTTL / H(P)EXPIRETIME / HPERSIST: numfields not an integer ≥ 1. */
    public static final String HFE_NUMFIELDS_POSITIVE = "ERR Number of fields must be a positive integer";
    /** HEXPIRE family: numfields not an integer ≥ 1. */
    public static final String HFE_NUMFIELDS_POSITIVE_PARAM = "ERR Parameter `numFields` should be greater than 0";
    /** Hash-field expiration: numfields differs from the number of fields given. */
    public static final String HFE_NUMFIELDS_MISMATCH = "ERR The `numfields` parameter must match the number of arguments";
    /** HEXPIRE family: a negative time. */
    public static final String HFE_NEGATIVE_TIME = "ERR invalid expire time, must be >= 0";
    /** HSETEX (8.0): the FIELDS count outside 1..INT_MAX. */
    public static final String HSETEX_INVALID_NUMFIELDS = "ERR invalid number of fields";
    /** HSETEX (8.0): EX, PX, EXAT or PXAT as the last argument. */
    public static final String HSETEX_MISSING_EXPIRE = "ERR missing expire time";
    public static final String HSETEX_ONE_CONDITION = "ERR Only one of FXX or FNX arguments can be specified";
    public static final String HSETEX_ONE_EXPIRATION = "ERR Only one of EX, PX, EXAT, PXAT or KEEPTTL arguments can be specified";

    /** HSETEX (8.0): a word that is no option before FIELDS. */
    public static String hsetexUnknownArgument(byte[] arg) {
        return "ERR unknown argument: " + cString(arg);
    }
    public static final String HASH_NOT_FLOAT = "ERR hash value is not a float";
    /** HINCRBYFLOAT with an infinite increment, 7.0 (6.2 answers NAN_OR_INFINITY after creating the key). */
    public static final String HINCRBYFLOAT_NAN_OR_INFINITY = "ERR value is NaN or Infinity";
    /** HRANDFIELD key count WITHVALUES with |count| > LONG_MAX/2 (7.0). */
    public static final String VALUE_OUT_OF_RANGE = "ERR value is out of range";
    /** getRangeLongFromObjectOrReply(-LONG_MAX, LONG_MAX): HRANDFIELD key -9223372036854775808 (7.0). */
    public static final String LONG_RANGE_HRANDFIELD =
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807";


    /** getRangeLongFromObjectOrReply(-LONG_MAX, LONG_MAX) without a message. */
    public static final String LONG_RANGE =
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807";
    /** shared.outofrangeerr: LSET past the end. */
    public static final String INDEX_OUT_OF_RANGE = "ERR index out of range";
    public static String lposRankZero(Dialect v) {
        return v.has(Quirk.LPOS_RANK_ZERO_MENTIONS_NEGATIVE)
                ? "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... "
                        + "or use negative to start from the end of the list"
                : "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second, ...";
    }
    public static final String LPOS_COUNT_NEGATIVE = "ERR COUNT can't be negative";
    public static final String LPOS_MAXLEN_NEGATIVE = "ERR MAXLEN can't be negative";
    public static final String SORT_SCORE_NOT_DOUBLE = "ERR One or more scores can't be converted into double";

    // ==== streams (StreamCommands) ============================================================
    public static final String INVALID_STREAM_ID = "ERR Invalid stream ID specified as stream command argument";
    public static final String XADD_ID_ZERO = "ERR The ID specified in XADD must be greater than 0-0";
    public static final String XADD_EXHAUSTED = "ERR The stream has exhausted the last possible ID, unable to add more items";
    public static final String XADD_ID_TOO_SMALL = "ERR The ID specified in XADD is equal or smaller than the target stream top item";
    public static final String XADD_TOO_LARGE = "ERR Elements are too large to be stored";
    public static final String XADD_MAXLEN_AND_MINID = "ERR syntax error, MAXLEN and MINID options at the same time are not compatible";
    public static final String XADD_MAXLEN_NEGATIVE = "ERR The MAXLEN argument must be >= 0.";
    public static final String XADD_LIMIT_NEGATIVE = "ERR The LIMIT argument must be >= 0.";
    public static final String XADD_LIMIT_WITHOUT_STRATEGY = "ERR syntax error, LIMIT cannot be used without specifying a trimming strategy";
    public static final String XTRIM_WITHOUT_STRATEGY = "ERR syntax error, XTRIM must be called with a trimming strategy";
    public static final String XADD_LIMIT_WITHOUT_APPROX = "ERR syntax error, LIMIT cannot be used without the special ~ option";
    public static final String XRANGE_INVALID_START = "ERR invalid start ID for the interval";
    public static final String XRANGE_INVALID_END = "ERR invalid end ID for the interval";
    public static final String TIMEOUT_NOT_INTEGER = "ERR timeout is not an integer or out of range";
    public static final String XREAD_GROUP_OPTION = "ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.";
    public static final String XREAD_NOACK_OPTION = "ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.";
    public static final String XREADGROUP_MISSING_GROUP = "ERR Missing GROUP option for XREADGROUP";
    public static final String XREADGROUP_DOLLAR = "ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.";
    public static final String XREADGROUP_PLUS = "ERR The + ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The + ID would just return an empty result set.";
    public static final String XREAD_GT = "ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.";
    public static final String XREAD_LAST_ID_ZERO = "ERR the stream last element ID is 0-0";
    public static final String XREADGROUP_UNBLOCKED_GROUP_GONE = "NOGROUP the consumer group this client was blocked on no longer exists";
    public static final String XREADGROUP_UNBLOCKED_KEY_GONE = "UNBLOCKED the stream key no longer exists";
    public static final String XGROUP_ENTRIESREAD_NEGATIVE = "ERR value for ENTRIESREAD must be positive or -1";
    public static final String XGROUP_KEY_MUST_EXIST = "ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.";
    public static final String BUSYGROUP = "BUSYGROUP Consumer Group name already exists";
    public static final String XSETID_ENTRIES_ADDED_NEGATIVE = "ERR entries_added must be positive";
    public static final String XSETID_SMALLER_THAN_MAX_DELETED_GIVEN = "ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id";
    public static final String XSETID_SMALLER_THAN_MAX_DELETED = "ERR The ID specified in XSETID is smaller than current max_deleted_entry_id";
    public static final String XSETID_TOO_SMALL = "ERR The ID specified in XSETID is smaller than the target stream top item";
    public static final String XSETID_ENTRIES_ADDED_SMALL = "ERR The entries_added specified in XSETID is smaller than the target stream length";
    public static final String XCLAIM_MIN_IDLE = "ERR Invalid min-idle-time argument for XCLAIM";
    public static final String XCLAIM_IDLE = "ERR Invalid IDLE option argument for XCLAIM";
    public static final String XCLAIM_TIME = "ERR Invalid TIME option argument for XCLAIM";
    public static final String XCLAIM_RETRYCOUNT = "ERR Invalid RETRYCOUNT option argument for XCLAIM";
    public static final String XAUTOCLAIM_MIN_IDLE = "ERR Invalid min-idle-time argument for XAUTOCLAIM";
    public static final String XAUTOCLAIM_COUNT = "ERR COUNT must be > 0";

    /** XADD's own count check: addReplyErrorArity in 7.0, "wrong number of arguments for XADD" in 6.2. */
    public static String xaddArity(Dialect v) {
        return v.has(Quirk.QUOTED_COMMAND_IN_ERRORS) ? wrongArity("xadd") : "ERR wrong number of arguments for XADD";
    }

    /** "xread command is not allowed with BLOCK option from scripts", with the name as the script wrote it. */
    public static String xreadBlockInScript(byte[] name) {
        return "ERR " + cString(name) + " command is not allowed with BLOCK option from scripts";
    }

    public static String xreadUnbalanced(Dialect v, String fullName, boolean xreadgroup) {
        if (v.has(Quirk.XREAD_PLUS_LAST_LIVE_ENTRY)) {
            return "ERR Unbalanced '" + fullName + "' list of streams: for each stream key an "
                    + (xreadgroup ? "ID or '>'" : "ID, '+', or '$'") + " must be specified.";
        }
        if (v.has(Quirk.XREAD_UNBALANCED_NAMES_COMMAND)) {
            return "ERR Unbalanced '" + fullName + "' list of streams: for each stream key an ID or '" + (xreadgroup ? '>' : '$')
                    + "' must be specified.";
        }
        return "ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.";
    }

    public static String xreadgroupNoGroup(byte[] key, byte[] group) {
        return "NOGROUP No such key '" + cString(key) + "' or consumer group '" + cString(group) + "' in XREADGROUP with GROUP option";
    }

    /** XPENDING, XCLAIM, XAUTOCLAIM without the key or the group. */
    public static String noKeyOrGroup(byte[] key, byte[] group) {
        return "NOGROUP No such key '" + cString(key) + "' or consumer group '" + cString(group) + "'";
    }

    /** XGROUP SETID / CREATECONSUMER / DELCONSUMER and XINFO CONSUMERS without the group. */
    public static String xgroupNoGroup(byte[] group, byte[] key) {
        return "NOGROUP No such consumer group '" + cString(group) + "' for key name '" + cString(key) + "'";
    }

    public static String xclaimUnknownOption(byte[] opt) {
        return "ERR Unrecognized XCLAIM option '" + cString(opt) + "'";
    }

    // ---- bitmaps and LCS (bitops.c, t_string.c) ----------------------------------------------------------

    public static final String BIT_OFFSET_NOT_INTEGER = "ERR bit offset is not an integer or out of range";
    public static final String BIT_NOT_INTEGER = "ERR bit is not an integer or out of range";
    public static final String BITPOS_BIT_ARGUMENT = "ERR The bit argument must be 1 or 0.";
    public static final String BITOP_NOT_SINGLE_KEY = "ERR BITOP NOT must be called with a single source key.";
    public static final String BITFIELD_TYPE =
            "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";
    public static final String BITFIELD_OVERFLOW_TYPE = "ERR Invalid OVERFLOW type specified";
    public static final String BITFIELD_RO_GET_ONLY = "ERR BITFIELD_RO only supports the GET subcommand";
    public static final String LCS_KEYS_NOT_STRINGS = "ERR The specified keys must contain string values";
    public static final String LCS_LEN_AND_IDX = "ERR If you want both the length and indexes, please just use IDX.";
    public static final String LCS_EXCEEDS_PROTO_MAX_BULK_LEN =
            "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len";
    public static final String LCS_ALLOCATION_FAILED = "ERR Insufficient memory, failed allocating transient memory for LCS";
    /** 6.2 STRALGO LCS when the table cannot be allocated. */
    public static final String STRALGO_INSUFFICIENT_MEMORY = "ERR Insufficient memory";
    public static final String STRALGO_STRINGS_OR_KEYS = "ERR Either use STRINGS or KEYS";
    public static final String STRALGO_NEEDS_STRINGS = "ERR Please specify two strings: STRINGS or KEYS options are mandatory";

    // ---- HyperLogLog (hyperloglog.c) ----------------------------------------------------------------

    /** isHLLObjectOrReply: a string that is not an HLL (sent as "-WRONGTYPE …", not "-ERR"). */
    public static final String HLL_NOT_VALID = "WRONGTYPE Key is not a valid HyperLogLog string value.";
    /** invalid_hll_err: a sparse HLL whose opcodes do not cover 16384 registers. */
    public static final String HLL_INVALID_OBJECT = "INVALIDOBJ Corrupted HLL object detected";
    public static final String HLL_DEBUG_NO_KEY = "ERR The specified key does not exist";
    public static final String HLL_NOT_SPARSE = "ERR HLL encoding is not sparse";
    public static final String HLL_SELFTEST_NOT_SPARSE = "ERR TESTFAILED sparse encoding not used";
    public static final String HLL_SELFTEST_DISAGREE = "ERR TESTFAILED dense/sparse disagree";

    public static String hllDebugArity(byte[] sub) {
        return "ERR Wrong number of arguments for the '" + cString(sub) + "' subcommand";
    }

    public static String hllDebugUnknown(byte[] sub) {
        return "ERR Unknown PFDEBUG subcommand '" + cString(sub) + "'";
    }

    public static String hllSelftestRegister(int i, int expected, int got) {
        return "ERR TESTFAILED Register " + i + " should be " + expected + " but is " + got;
    }

    public static String hllSelftestError(long card, long abserr) {
        return "ERR TESTFAILED Too big error. card:" + card + " abserr:" + abserr;
    }

    // ---- geo (geo.c) ----

    public static final String GEO_NEED_NUMERIC_RADIUS = "ERR need numeric radius";
    public static final String GEO_RADIUS_NEGATIVE = "ERR radius cannot be negative";
    public static final String GEO_NEED_NUMERIC_WIDTH = "ERR need numeric width";
    public static final String GEO_NEED_NUMERIC_HEIGHT = "ERR need numeric height";
    public static final String GEO_BOX_NEGATIVE = "ERR height or width cannot be negative";
    public static final String GEO_COUNT_NOT_POSITIVE = "ERR COUNT must be > 0";
    public static final String GEO_MEMBER_NOT_DECODED = "ERR could not decode requested zset member";
    public static final String GEO_ANY_NEEDS_COUNT = "ERR the ANY argument requires COUNT argument";

    /** extractUnitOrReply: 7.0 lists the units in capitals ({@link Quirk#GEO_UNITS_ANY_CASE}). */
    public static String geoUnsupportedUnit(Dialect v) {
        return v.has(Quirk.GEO_UNITS_ANY_CASE) ? "ERR unsupported unit provided. please use M, KM, FT, MI"
                : "ERR unsupported unit provided. please use m, km, ft, mi";
    }

    /** extractLongLatOrReply: the pair as printf's "%f,%f" prints it. */
    public static String geoInvalidLonLat(String lon, String lat) {
        return "ERR invalid longitude,latitude pair " + lon + "," + lat;
    }

    /** STORE / STOREDIST / GEOSEARCHSTORE with WITHDIST, WITHHASH or WITHCOORD ({@link Quirk#GEO_STORE_ERROR_NAMES_COMMAND}). */
    public static String geoStoreIncompatible(Dialect v, boolean geosearchstore) {
        if (!v.has(Quirk.GEO_STORE_ERROR_NAMES_COMMAND)) {
            return "ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORDS options";
        }
        return "ERR " + (geosearchstore ? "GEOSEARCHSTORE" : "STORE option in GEORADIUS")
                + " is not compatible with WITHDIST, WITHHASH and WITHCOORD options";
    }

    /** GEOSEARCH without FROMMEMBER / FROMLONLAT; {@code command} is argv[0] as sent. */
    public static String geoNeedsFrom(byte[] command) {
        return "ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for " + cString(command);
    }

    /** GEOSEARCH without BYRADIUS / BYBOX; {@code command} is argv[0] as sent. */
    public static String geoNeedsBy(byte[] command) {
        return "ERR exactly one of BYRADIUS and BYBOX can be specified for " + cString(command);
    }
    // ---- DUMP / RESTORE / MIGRATE (cluster.c) ----
    public static final String BUSYKEY = "BUSYKEY Target key name already exists.";
    public static final String RESTORE_INVALID_TTL = "ERR Invalid TTL value, must be >= 0";
    public static final String RESTORE_INVALID_IDLETIME = "ERR Invalid IDLETIME value, must be >= 0";
    public static final String RESTORE_INVALID_FREQ = "ERR Invalid FREQ value, must be >= 0 and <= 255";
    public static final String DUMP_PAYLOAD_WRONG = "ERR DUMP payload version or checksum are wrong";
    public static final String BAD_DATA_FORMAT = "ERR Bad data format";
    public static final String MIGRATE_KEYS_WITH_KEY =
            "ERR When using MIGRATE KEYS option, the key argument must be set to the empty string";
    /** Not Redis: redis-double opens no connection to another server. */
    public static final String MIGRATE_UNSUPPORTED =
            "ERR MIGRATE is not supported by redis-double (it does not connect to other servers); use DUMP and RESTORE";
    // ---- commands of the catalog without an implementation (CommandTable) ----
    /** Not Redis: a command the emulated server has but redis-double does not implement. */
    // ---- Redis Cluster (cluster.c, ClusterCommands) ----
    /** clusterCommand, READONLY, READWRITE, ASKING on a server started without cluster-enabled. */
    public static final String CLUSTER_DISABLED = "ERR This instance has cluster support disabled";
    /** disconnectAllBlockedClients, when a master becomes a replica. */
    public static final String UNBLOCKED_DEMOTED = "UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)";
    /** waitCommand on a replica. */
    public static final String WAIT_ON_REPLICA = "ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0"
            + " if a replica is configured to be writable (which is not the default) writes to replicas are just local and are not propagated.";
    public static final String CROSSSLOT = "CROSSSLOT Keys in request don't hash to the same slot";
    /** cluster.c getNodeByQuery: a multi-key request while the slot is being migrated. */
    public static final String TRYAGAIN = "TRYAGAIN Multiple keys request during rehashing of slot";
    public static final String CLUSTERDOWN_STATE = "CLUSTERDOWN The cluster is down";
    public static final String CLUSTERDOWN_UNBOUND = "CLUSTERDOWN Hash slot not served";
    public static final String SELECT_IN_CLUSTER = "ERR SELECT is not allowed in cluster mode";
    public static final String MOVE_IN_CLUSTER = "ERR MOVE is not allowed in cluster mode";
    public static final String SWAPDB_IN_CLUSTER = "ERR SWAPDB is not allowed in cluster mode";
    public static final String COPY_DB_IN_CLUSTER = "ERR Copying to another database is not allowed in cluster mode";
    public static final String INVALID_SLOT = "ERR Invalid slot";
    public static final String INVALID_SLOT_OR_COUNT = "ERR Invalid slot or number of keys";
    public static final String NOT_A_MASTER = "ERR The specified node is not a master";
    public static final String FAILOVER_FROM_MASTER = "ERR You should send CLUSTER FAILOVER to a replica";
    /** scriptVerifyClusterState (the script error texts; the caller adds the script's error form). */
    public static final String SCRIPT_NON_LOCAL_KEY = "Script attempted to access a non local key in a cluster node";
    public static final String SCRIPT_CROSS_SLOT = "Script attempted to access keys that do not hash to the same slot";
    public static final String SCRIPT_NO_CLUSTER = "ERR Can not run script on cluster, 'no-cluster' flag is set.";
    public static final String SCRIPT_CLUSTER_DOWN = "Script attempted to execute a command while the cluster is down";

    public static String unknownNode(byte[] id) {
        return "ERR Unknown node " + new String(id, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** clusterRedirectClient: "MOVED slot host:port" / "ASK slot host:port". */
    public static String redirect(boolean ask, int slot, String host, int port) {
        return (ask ? "ASK " : "MOVED ") + slot + " " + host + ":" + port;
    }

    /** A CLUSTER subcommand the emulated cluster does not take from clients (its topology comes from the test API). */
    public static String clusterNotSupported(String sub) {
        return "ERR redis-double's emulated cluster does not support CLUSTER " + sub.toUpperCase(java.util.Locale.ROOT)
                + " yet: change the topology through RedisCluster (moveSlot, failover, crash)";
    }

    public static String notImplemented(String name) {
        return "ERR redis-double does not implement '" + name + "' yet";
    }
    // ---- SLOWLOG, LATENCY, SWAPDB, WAITAOF (IntrospectionCommands) ----
    /** processCommand: a keyspace command from a replica-flagged client (a monitor). */
    public static final String REPLICA_KEYSPACE = "ERR Replica can't interact with the keyspace";
    public static final String CLIENT_PAUSE_MODE = "ERR CLIENT PAUSE mode must be WRITE or ALL";
    public static final String SLOWLOG_COUNT = "ERR count should be greater than or equal to -1";
    public static final String SWAPDB_FIRST_INDEX = "ERR invalid first DB index";
    public static final String SWAPDB_SECOND_INDEX = "ERR invalid second DB index";
    public static final String WAITAOF_NUMLOCAL = "ERR value is out of range, value must between 0 and 1";
    public static final String WAITAOF_NO_APPENDONLY =
            "ERR WAITAOF cannot be used when numlocal is set but appendonly is disabled.";

    /** LATENCY GRAPH of an event without samples; the event as "%s" prints it. */
    public static String latencyNoSamples(byte[] event) {
        return "ERR No samples available for event '" + cString(event) + "'";
    }

    // ---- ACL (acl.c) ----

    public static final String ACL_ERR_UNKNOWN = "Unknown command or category name in ACL";
    public static final String ACL_ERR_SYNTAX = "Syntax error";
    public static final String ACL_ERR_KEYS_AFTER_ALL = "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid"
            + " and does not have any effect. Try 'resetkeys' to start with an empty list of patterns";
    public static final String ACL_ERR_CHANNELS_AFTER_ALL = "Adding a pattern after the * pattern (or the 'allchannels' flag) is not"
            + " valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels";
    public static final String ACL_ERR_NO_SUCH_PASSWORD = "The password you are trying to remove from the user does not exist";
    public static final String ACL_ERR_BAD_HASH = "The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters";
    public static final String ACL_ERR_FIRSTARG_OF_SUBCOMMAND = "Allowing first-arg of a subcommand is not supported";
    public static final String ACL_USERNAME_SPACES = "ERR Usernames can't contain spaces or null characters";
    public static final String ACL_DELETE_DEFAULT = "ERR The 'default' user cannot be removed";
    /** ACL SAVE / LOAD without an aclfile (Valkey drops the name "Redis" from it). */
    public static String aclNoFile(Dialect v) {
        return v.has(Quirk.TEXTS_WITHOUT_REDIS_NAME)
                ? "ERR This instance is not configured to use an ACL file. You may want to specify users via the ACL SETUSER"
                + " command and then issue a CONFIG REWRITE (assuming you have a configuration file set) in order to store"
                + " users in the configuration."
                : "ERR This Redis instance is not configured to use an ACL file. You may want to specify users via the ACL"
                + " SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) in"
                + " order to store users in the Redis configuration.";
    }
    public static final String ACL_GENPASS_RANGE =
            "ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to 4096";
    public static final String ACL_SCRIPT_NOPERM_70 =
            "The user executing the script can't run this command or subcommand";

    public static final String SORT_BY_ACL = "ERR BY option of SORT denied due to insufficient ACL permissions.";
    public static final String SORT_GET_ACL = "ERR GET option of SORT denied due to insufficient ACL permissions.";

    public static final String ACL_SAVE_FAILED =
            "ERR There was an error trying to save the ACLs. Please check the server logs for more information";

    /** ACL SETUSER's error for one rule. */
    public static String aclSetuserError(String op, String reason) {
        return "ERR Error in ACL SETUSER modifier '" + op + "': " + reason;
    }

    public static String aclUnmatchedParenthesis(String arg) {
        return "ERR Unmatched parenthesis in acl selector starting at '" + arg + "'.";
    }

    public static String aclUnknownCategory(byte[] name) {
        return "ERR Unknown category '" + latin1(cut(name, 128)) + "'";
    }

    private static byte[] cut(byte[] b, int n) {
        return b.length <= n ? b : java.util.Arrays.copyOf(b, n);
    }

    // ---- client-side caching (networking.c clientCommand, tracking.c) ----
    public static final String TRACKING_SINGLE_REDIRECT = "ERR A client can only redirect to a single other client";
    public static final String TRACKING_NO_SUCH_REDIRECT = "ERR The client ID you want redirect to does not exist";
    public static final String TRACKING_PREFIX_NEEDS_BCAST = "ERR PREFIX option requires BCAST mode to be enabled";
    public static final String TRACKING_BCAST_SWITCH = "ERR You can't switch BCAST mode on/off before disabling "
            + "tracking for this client, and then re-enabling it with a different mode.";
    public static final String TRACKING_OPT_WITH_BCAST = "ERR OPTIN and OPTOUT are not compatible with BCAST";
    public static final String TRACKING_OPTIN_AND_OPTOUT = "ERR You can't specify both OPTIN mode and OPTOUT mode";
    public static final String TRACKING_OPT_SWITCH = "ERR You can't switch OPTIN/OPTOUT mode before disabling "
            + "tracking for this client, and then re-enabling it with a different mode.";
    public static final String CACHING_NOT_TRACKING = "ERR CLIENT CACHING can be called only when the client is in "
            + "tracking mode with OPTIN or OPTOUT mode enabled";
    public static final String CACHING_YES_NOT_OPTIN = "ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.";
    public static final String CACHING_NO_NOT_OPTOUT = "ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.";

    /** checkPrefixCollisionsOrReply: a new prefix and one the client has (printed as C strings). */
    public static String trackingPrefixOverlapsExisting(byte[] prefix, byte[] existing) {
        return "ERR Prefix '" + cString(prefix) + "' overlaps with an existing prefix '" + cString(existing)
                + "'. Prefixes for a single client must not overlap.";
    }

    /** checkPrefixCollisionsOrReply: two prefixes of the same command. */
    public static String trackingPrefixOverlapsOther(byte[] prefix, byte[] other) {
        return "ERR Prefix '" + cString(prefix) + "' overlaps with another provided prefix '" + cString(other)
                + "'. Prefixes for a single client must not overlap.";
    }

    // ---- errors of states redis-double never is in, sent only when a test injects them (io.redisdouble.fault) ----

    /** shared.loadingerr (Valkey names itself). */
    public static String loading(Dialect v) {
        String text = "LOADING Redis is loading the dataset in memory";
        return v.has(Quirk.TEXTS_WITHOUT_REDIS_NAME) ? text.replace("LOADING Redis", "LOADING " + v.title()) : text;
    }

    /** shared.roslaveerr: a write sent to a read-only replica. */
    public static final String READONLY_REPLICA = "READONLY You can't write against a read only replica.";
    /** shared.masterdownerr: a replica whose link to its master is down, with replica-serve-stale-data no. */
    public static final String MASTERDOWN = "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.";
}
