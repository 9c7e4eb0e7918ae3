package io.redisdouble.command;

import static io.redisdouble.command.CommandTable.flags;
import static io.redisdouble.command.Flag.*;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.dialect.Quirk;
import io.redisdouble.keyspace.AccessTracker;
import io.redisdouble.keyspace.Database;
import io.redisdouble.keyspace.Dict;
import io.redisdouble.keyspace.RedisHash;
import io.redisdouble.keyspace.RedisList;
import io.redisdouble.keyspace.RedisSet;
import io.redisdouble.resp.Reply;
import io.redisdouble.stream.RedisStream;
import io.redisdouble.util.Bytes;
import io.redisdouble.util.RedisNumbers;
import io.redisdouble.zset.ZSet;

/**
 * OBJECT ENCODING / REFCOUNT / IDLETIME / FREQ / HELP (object.c objectCommand). The key is looked up
 * without touching it and without a "keymiss" event (LOOKUP_NOTOUCH | LOOKUP_NONOTIFY); a missing key
 * is a null reply.
 *
 * <p>Encodings are the ones the emulated server would have chosen: each value type tracks whether Redis
 * would hold it compact, by the thresholds of {@link io.redisdouble.keyspace.EncodingLimits} as CONFIG
 * SET leaves them; a string's encoding follows from how it was made ({@link Database#STRING_TRIED} …)
 * and its bytes. Shared integers (0 to 9999 made by tryObjectEncoding or INCR) have refcount INT_MAX,
 * every other value 1.
 */
final class ObjectCommand {
    /** OBJ_SHARED_INTEGERS: integers below this are shared objects. */
    private static final long SHARED_INTEGERS = 10000;
    /** OBJ_ENCODING_EMBSTR_SIZE_LIMIT. */
    private static final int EMBSTR_SIZE_LIMIT = 44;

    private ObjectCommand() {}

    static void register(CommandTable t) {
        CommandSpec object = t.add("object", -2, flags(), new Dispatch(Dispatch.OBJECT_CONTAINER));
        object.sub("encoding", t.catalogArity("object|encoding", -2), flags(READONLY), new Dispatch(Dispatch.OBJECT));
        object.sub("refcount", t.catalogArity("object|refcount", -2), flags(READONLY), new Dispatch(Dispatch.OBJECT));
        object.sub("idletime", t.catalogArity("object|idletime", -2), flags(READONLY), new Dispatch(Dispatch.OBJECT));
        object.sub("freq", t.catalogArity("object|freq", -2), flags(READONLY), new Dispatch(Dispatch.OBJECT));
        object.sub("help", t.catalogArity("object|help", -2), flags(LOADING, STALE), new Dispatch(Dispatch.OBJECT));
    }

    static Reply object(Call c) throws CommandException {
        Dialect d = c.dialect();
        if (c.argc() == 2 && Bytes.eqIgnoreCaseC(c.arg(1), "help")) return HelpTexts.help(d, "OBJECT");
        if (c.argc() != 3) throw syntax(c);
        String sub = Bytes.str(c.arg(1)).toLowerCase(java.util.Locale.ROOT);
        if (!sub.equals("refcount") && !sub.equals("encoding") && !sub.equals("idletime") && !sub.equals("freq")) {
            throw syntax(c);
        }
        Dict.Entry e = c.db().lookupNoTouch(c.arg(2), c.now);
        if (e == null) return Reply.NIL;
        AccessTracker access = c.db().access();
        boolean lfu = c.engine.config().limits().lfu();
        return switch (sub) {
            case "refcount" -> Reply.integer(isSharedInteger(e) ? Integer.MAX_VALUE : 1);
            case "encoding" -> Reply.bulk(encoding(d, e));
            case "idletime" -> {
                if (lfu) {
                    throw Call.error("ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that "
                            + "when switching between policies at runtime LRU and LFU data will take some time to adjust.");
                }
                yield Reply.integer(access.idleSeconds(e.accessStamp(), c.now));
            }
            default -> {
                if (!lfu) {
                    throw Call.error("ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please "
                            + "note that when switching between policies at runtime LRU and LFU data will take some time to adjust.");
                }
                yield Reply.integer(access.frequency(e.accessStamp(), c.now));
            }
        };
    }

    private static CommandException syntax(Call c) {
        return Call.error(Errors.subcommandSyntax(c.dialect(), c.arg(1), "OBJECT"));
    }

    /** strEncoding(o->encoding) for the value at an entry. */
    static String encoding(Dialect d, Dict.Entry e) {
        Object v = e.value();
        String compact = d.has(Quirk.LISTPACK_ENCODING) ? "listpack" : "ziplist";
        if (v instanceof byte[] b) return stringEncoding(e.stringForm(), b);
        if (v instanceof RedisList l) return l.encodingName();
        if (v instanceof RedisSet s) return s.encodingName();
        if (v instanceof ZSet z) return z.isCompact() ? compact : "skiplist";
        if (v instanceof RedisHash h) return !h.isCompact() ? "hashtable" : h.isListpackEx() ? "listpackex" : compact;
        if (v instanceof RedisStream) return "stream";
        return "unknown";
    }

    private static String stringEncoding(int form, byte[] b) {
        return switch (form) {
            case Database.STRING_RAW -> "raw";
            case Database.STRING_PLAIN -> b.length <= EMBSTR_SIZE_LIMIT ? "embstr" : "raw";
            case Database.STRING_INT_UNSHARED -> "int";
            default -> integerValue(b) != null ? "int" : b.length <= EMBSTR_SIZE_LIMIT ? "embstr" : "raw";
        };
    }

    /** The value as tryObjectEncoding reads it (string2l on at most 20 bytes), or null. */
    private static Long integerValue(byte[] b) {
        if (b.length > 20) return null;
        try {
            return RedisNumbers.parseLong(b);
        } catch (RedisNumbers.NotANumber ex) {
            return null;
        }
    }

    private static boolean isSharedInteger(Dict.Entry e) {
        return e.value() instanceof byte[] b && e.stringForm() == Database.STRING_TRIED && isSharedIntegerValue(b);
    }

    /** A string tryObjectEncoding would make a shared integer: an integer from 0 to 9999. */
    static boolean isSharedIntegerValue(byte[] b) {
        Long v = integerValue(b);
        return v != null && v >= 0 && v < SHARED_INTEGERS;
    }

    /**
     * The string form of a COPY (dupStringObject keeps the encoding: "raw" stays raw, "embstr" embstr,
     * "int" becomes an unshared int).
     */
    static int copiedStringForm(Dict.Entry source, byte[] value) {
        return switch (stringEncoding(source.stringForm(), value)) {
            case "int" -> Database.STRING_INT_UNSHARED;
            case "raw" -> Database.STRING_RAW;
            default -> Database.STRING_PLAIN;
        };
    }

    /** This family's command handlers, one object per command and no lambda class each: see {@link OpHandler}. */
    private static final class Dispatch extends OpHandler {
        static final int OBJECT = 0;
        static final int OBJECT_CONTAINER = 1;

        Dispatch(int op) {
            super(op);
        }

        @Override
        public Reply run(Call c) throws CommandException {
            return switch (op) {
                case OBJECT -> object(c);
                case OBJECT_CONTAINER -> null;
                default -> throw unknown();
            };
        }
    }
}
