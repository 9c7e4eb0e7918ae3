package io.redisdouble.command;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.dialect.Quirk;
import io.redisdouble.resp.Reply;

import java.util.Arrays;

import static io.redisdouble.command.CommandTable.flags;
import static io.redisdouble.command.Flag.*;

/**
 * EVAL, EVALSHA, EVAL_RO, EVALSHA_RO (7.0) and SCRIPT LOAD / EXISTS / FLUSH / KILL / DEBUG / HELP
 * (eval.c). Argument checks live here; compiling, caching and running scripts is {@link Scripting}'s
 * job (the Lua engine in {@code io.redisdouble.script}).
 */
final class ScriptingCommands {
    private ScriptingCommands() {}

    static void register(CommandTable t) {
        t.add("eval", -3, flags(NOSCRIPT, SKIP_MONITOR, MAY_REPLICATE, STALE), new Dispatch(Dispatch.EVAL));
        t.add("evalsha", -3, flags(NOSCRIPT, SKIP_MONITOR, MAY_REPLICATE, STALE), new Dispatch(Dispatch.EVALSHA));
        if (t.known("eval_ro")) {
            t.add("eval_ro", -3, flags(NOSCRIPT, SKIP_MONITOR, READONLY, STALE), new Dispatch(Dispatch.EVAL_RO));
        }
        if (t.known("evalsha_ro")) {
            t.add("evalsha_ro", -3, flags(NOSCRIPT, SKIP_MONITOR, READONLY, STALE), new Dispatch(Dispatch.EVALSHA_RO));
        }
        CommandSpec script = t.add("script", -2, flags(NOSCRIPT), new Dispatch(Dispatch.SCRIPT_CONTAINER));
        // 6.2's SCRIPT is may-replicate as a whole (a CLIENT PAUSE WRITE postpones every subcommand); 7.0's
        // subcommands have their own flags, none of them may-replicate.
        boolean whole = !t.has(Quirk.SUBCOMMANDS_AS_COMMANDS);
        script.sub("load", 3, scriptFlags(whole, NOSCRIPT, STALE), new Dispatch(Dispatch.SCRIPT_LOAD));
        // 6.2's scriptCommand accepts SCRIPT EXISTS without any SHA (it answers an empty array).
        script.sub("exists", whole ? -2 : -3, scriptFlags(whole, NOSCRIPT, STALE), new Dispatch(Dispatch.SCRIPT_EXISTS));
        script.sub("flush", -2, scriptFlags(whole, NOSCRIPT), new Dispatch(Dispatch.SCRIPT_FLUSH));
        script.sub("kill", 2, scriptFlags(whole, NOSCRIPT, ALLOW_BUSY), new Dispatch(Dispatch.SCRIPT_KILL));
        script.sub("debug", 3, scriptFlags(whole, NOSCRIPT), new Dispatch(Dispatch.SCRIPT_DEBUG));
        script.sub("help", 2, scriptFlags(whole, LOADING, STALE), new Dispatch(Dispatch.SCRIPT_HELP));
        if (t.known("script|show")) script.sub("show", 3, flags(NOSCRIPT), new Dispatch(Dispatch.SCRIPT_SHOW));
    }

    private static java.util.Set<Flag> scriptFlags(boolean mayReplicate, Flag... f) {
        java.util.Set<Flag> out = flags(f);
        if (mayReplicate) out.add(MAY_REPLICATE);
        return out;
    }

    /** SCRIPT SHOW sha1 (Valkey): the cached script's body, or NOSCRIPT (also for a SHA not 40 bytes long). */
    static Reply scriptShow(Call c) throws CommandException {
        byte[] body = c.arg(2).length == 40 ? c.engine.scripting().body(c.arg(2)) : null;
        if (body == null) throw Call.error(Errors.noscript(c.dialect()));
        return Reply.bulk(body);
    }

    /**
     * evalGenericCommand: EVALSHA with a SHA that is not 40 bytes long is NOSCRIPT at once (before
     * numkeys is read); then numkeys must be an integer, at most the number of remaining arguments, and
     * not negative, in that order.
     */
    static Reply evalGeneric(Call c, boolean bySha, boolean readOnly) throws CommandException {
        if (bySha && c.arg(1).length != 40) throw Call.error(Errors.noscript(c.dialect()));
        long numkeys = c.longArg(2);
        if (numkeys > c.argc() - 3) throw Call.error(Errors.NUMKEYS_TOO_BIG);
        if (numkeys < 0) throw Call.error(Errors.NUMKEYS_NEGATIVE);
        int nk = (int) numkeys;
        byte[][] keys = Arrays.copyOfRange(c.argv, 3, 3 + nk);
        byte[][] args = Arrays.copyOfRange(c.argv, 3 + nk, c.argc());
        ScriptRun run = new ScriptRun(c.engine, c.session, c.now, bySha ? null : c.arg(1), bySha ? c.arg(1) : null,
                keys, args, readOnly);
        byte[] body = bySha ? c.engine.scripting().body(c.arg(1)) : c.arg(1);
        if (body != null && c.engine.cluster() != null) {
            // scriptPrepareForRun in a cluster: no-cluster refuses, allow-cross-slot-keys frees the keys it uses
            String[] flags = shebangFlags(c.dialect(), body);
            if (flags != null && Arrays.asList(flags).contains("no-cluster")) throw Call.error(Errors.SCRIPT_NO_CLUSTER);
            // a script without a shebang runs in compatibility mode, which may use keys of any slot
            run.allowCrossSlot = flags == null || Arrays.asList(flags).contains("allow-cross-slot-keys");
        }
        if (body != null && c.engine.preCommandOom()) {
            String[] flags = shebangFlags(c.dialect(), body);
            if (flags != null) {
                boolean allowOom = Arrays.asList(flags).contains("allow-oom");
                // scriptPrepareForRun: a shebang script that may write is not started over maxmemory
                if (!allowOom && !Arrays.asList(flags).contains("no-writes")) throw Call.error(Errors.OOM_SCRIPT_FLAG);
                run.allowOom = allowOom;
            }
        }
        return c.engine.scripting().eval(run);
    }

    /**
     * The flags of a script's 7.0 shebang line ("#!lua flags=a,b"), or null without one (or in a dialect
     * without shebangs). Malformed lines give what could be read: the compiler reports them.
     */
    static String[] shebangFlags(io.redisdouble.dialect.Dialect d, byte[] body) {
        if (!d.has(Quirk.SCRIPT_SHEBANG) || body.length < 2 || body[0] != '#' || body[1] != '!') return null;
        int nl = 0;
        while (nl < body.length && body[nl] != '\n') nl++;
        String line = new String(body, 0, nl, java.nio.charset.StandardCharsets.ISO_8859_1).trim();
        java.util.List<String> flags = new java.util.ArrayList<>();
        for (String part : line.split("[ \t\r\f\u000b]+")) {
            if (part.startsWith("flags=")) flags.addAll(Arrays.asList(part.substring(6).split(",", -1)));
        }
        return flags.toArray(new String[0]);
    }

    /** evalGetCommandFlags: a shebang script without allow-oom or no-writes counts as deny-oom (7.0). */
    static boolean shebangDeniesOom(io.redisdouble.dialect.Dialect d, byte[] body) {
        String[] flags = shebangFlags(d, body);
        if (flags == null) return false;
        java.util.List<String> f = Arrays.asList(flags);
        return !f.contains("allow-oom") && !f.contains("no-writes");
    }

    static Reply scriptLoad(Call c) throws CommandException {
        return Reply.bulk(c.engine.scripting().load(c.arg(2)));
    }

    static Reply scriptExists(Call c) {
        Reply[] out = new Reply[c.argc() - 2];
        for (int i = 2; i < c.argc(); i++) out[i - 2] = c.engine.scripting().exists(c.arg(i)) ? Reply.ONE : Reply.ZERO;
        return Reply.array(out);
    }

    /** SCRIPT FLUSH [ASYNC|SYNC]: any other form is the same error, in both versions. */
    static Reply scriptFlush(Call c) throws CommandException {
        if (c.argc() > 3 || (c.argc() == 3 && !c.is(2, "sync") && !c.is(2, "async"))) {
            throw Call.error(Errors.SCRIPT_FLUSH_OPTION);
        }
        c.engine.scripting().flush();
        return Reply.OK;
    }

    static Reply scriptKill(Call c) {
        return c.engine.scripting().kill();
    }

    /** SCRIPT DEBUG NO is accepted; the Lua debugger itself (YES / SYNC) is not emulated. */
    static Reply scriptDebug(Call c) throws CommandException {
        if (c.is(2, "no")) return Reply.OK;
        if (c.is(2, "yes") || c.is(2, "sync")) throw Call.error(Errors.SCRIPT_DEBUG_UNSUPPORTED);
        throw Call.error(Errors.SCRIPT_DEBUG_MODE);
    }



    /**
     * Which commands run while a script is busy (processCommand). 7.0: those flagged allow-busy. 6.2: AUTH,
     * HELLO, REPLCONF, MULTI, DISCARD, WATCH, UNWATCH, RESET, and SHUTDOWN / SCRIPT with exactly one
     * argument starting with 'n' / 'k' (SHUTDOWN NOSAVE, SCRIPT KILL) — 6.2 compares only that letter.
     */
    static boolean allowedWhileBusy(Dialect v, CommandSpec spec, byte[][] argv) {
        if (v.has(Quirk.ALLOW_BUSY_FLAG)) return spec.has(ALLOW_BUSY);
        String name = spec.parent != null ? spec.parent.name : spec.name;
        switch (name) {
            case "auth", "hello", "replconf", "multi", "discard", "watch", "unwatch", "reset":
                return true;
            case "shutdown":
                return argv.length == 2 && argv[1].length > 0 && (argv[1][0] | 0x20) == 'n';
            case "script":
                return argv.length == 2 && argv[1].length > 0 && (argv[1][0] | 0x20) == 'k';
            default:
                return false;
        }
    }

    /** This family's command handlers, one object per command and no lambda class each: see {@link OpHandler}. */
    private static final class Dispatch extends OpHandler {
        static final int SCRIPT_LOAD = 0;
        static final int SCRIPT_EXISTS = 1;
        static final int SCRIPT_FLUSH = 2;
        static final int SCRIPT_KILL = 3;
        static final int SCRIPT_DEBUG = 4;
        static final int SCRIPT_SHOW = 5;
        static final int EVAL = 6;
        static final int EVALSHA = 7;
        static final int EVAL_RO = 8;
        static final int EVALSHA_RO = 9;
        static final int SCRIPT_CONTAINER = 10;
        static final int SCRIPT_HELP = 11;

        Dispatch(int op) {
            super(op);
        }

        @Override
        public Reply run(Call c) throws CommandException {
            return switch (op) {
                case SCRIPT_LOAD -> scriptLoad(c);
                case SCRIPT_EXISTS -> scriptExists(c);
                case SCRIPT_FLUSH -> scriptFlush(c);
                case SCRIPT_KILL -> scriptKill(c);
                case SCRIPT_DEBUG -> scriptDebug(c);
                case SCRIPT_SHOW -> scriptShow(c);
                case EVAL -> evalGeneric(c, false, false);
                case EVALSHA -> evalGeneric(c, true, false);
                case EVAL_RO -> evalGeneric(c, false, true);
                case EVALSHA_RO -> evalGeneric(c, true, true);
                case SCRIPT_CONTAINER -> null;
                case SCRIPT_HELP -> HelpTexts.help(c.dialect(), "SCRIPT");
                default -> throw unknown();
            };
        }
    }
}
