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

/**
 * Server commands: TIME, DEBUG, LASTSAVE, SAVE, BGSAVE, SHUTDOWN (server.c, debug.c);
 * CONFIG, COMMAND and INFO have their own classes ({@link ConfigCommand}, {@link CommandCommand},
 * {@link InfoCommand}). FLUSHALL / FLUSHDB / DBSIZE / SWAPDB belong to the keys family.
 *
 * <p>SAVE and BGSAVE write an RDB file into dir/dbfilename ({@link Persistence}); CONFIG REWRITE fails
 * as it does on a server started without a config file.
 */
final class ServerCommands {
    private ServerCommands() {}

    static void register(CommandTable t) {
        t.add("time", 1, flags(LOADING, STALE, FAST), new Dispatch(Dispatch.TIME));
        t.add("lastsave", 1, flags(LOADING, STALE, FAST), new Dispatch(Dispatch.LASTSAVE));
        t.add("save", 1, flags(ADMIN, NOSCRIPT, NO_MULTI), new Dispatch(Dispatch.SAVE));
        t.add("bgsave", -1, flags(ADMIN, NOSCRIPT), new Dispatch(Dispatch.BGSAVE));
        t.add("shutdown", -1, t.has(Quirk.NO_MULTI_COMMANDS) ? flags(ADMIN, NOSCRIPT, LOADING, STALE, NO_MULTI, ALLOW_BUSY)
                : flags(ADMIN, NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.SHUTDOWN));

        ConfigCommand.register(t);
        CommandCommand.register(t);
        InfoCommand.register(t);

        if (t.has(Quirk.DEBUG_DISABLED_BY_DEFAULT)) {
            // enable-debug-command is "no" by default: processCommand refuses DEBUG (Flag.PROTECTED).
            t.add("debug", -2, flags(ADMIN, NOSCRIPT, LOADING, STALE, PROTECTED), new Dispatch(Dispatch.DEBUG));
        } else {
            t.add("debug", -2, flags(ADMIN, NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.DEBUG62));
        }
        // FUNCTION: FunctionCommands
    }

    // ---- TIME, LASTSAVE, SAVE, BGSAVE --------------------------------------------------------------

    /** TIME: [unix seconds, microseconds] as bulk strings, from the server clock. */
    static Reply time(Call c) {
        long us = c.engine.timeMicros();
        return Reply.array(Reply.bulk(Long.toString(Math.floorDiv(us, 1_000_000L))),
                Reply.bulk(Long.toString(Math.floorMod(us, 1_000_000L))));
    }

    static Reply lastsave(Call c) {
        return Reply.integer(c.engine.stats().lastSaveSeconds);
    }

    /** SAVE (saveCommand): refused while a background save runs; else rdbSave in the foreground. */
    static Reply save(Call c) throws CommandException {
        Persistence p = c.engine.persistence();
        if (p.bgsaveInProgress()) throw Call.error(Errors.BGSAVE_IN_PROGRESS);
        c.engine.stats().saves++;
        if (!p.saveNow(c.now)) throw Call.error(Errors.BARE_ERR);
        return Reply.OK;
    }

    /**
     * SHUTDOWN: 7.0 takes any of NOSAVE | SAVE, NOW, FORCE, ABORT (repeats allowed; ABORT with anything
     * else, or NOSAVE with SAVE, is a syntax error; ABORT alone answers that no shutdown is in progress,
     * as no shutdown ever waits here); 6.2 takes at most one NOSAVE | SAVE. Then the server stops without
     * answering: there is nothing to save (SAVE succeeds as SAVE does), no replica to wait for.
     */
    static Reply shutdown(Call c) throws CommandException {
        boolean abort = false, other = false, nosave = false, save = false, force = false;
        if (c.dialect().has(Quirk.SHUTDOWN_OPTIONS)) {
            for (int i = 1; i < c.argc(); i++) {
                if (c.is(i, "nosave")) nosave = true;
                else if (c.is(i, "save")) save = true;
                else if (c.is(i, "now")) other = true;
                else if (c.is(i, "force")) other = force = true;
                else if (c.is(i, "abort")) abort = true;
                else throw Call.syntax();
            }
            if ((abort && (nosave || save || other)) || (nosave && save)) throw Call.syntax();
            if (abort) throw Call.error(Errors.NO_SHUTDOWN_IN_PROGRESS);
        } else if (c.argc() > 2 || (c.argc() == 2 && !c.is(1, "nosave") && !c.is(1, "save"))) {
            throw Call.syntax();
        } else if (c.argc() == 2) {
            nosave = c.is(1, "nosave");
            save = c.is(1, "save");
        }
        // finishShutdown: the background save is killed; the final snapshot is written with save points
        // (unless NOSAVE) or with SAVE; if that fails the server stays up unless FORCE
        Persistence p = c.engine.persistence();
        p.killBackground();
        if ((p.hasSavePoints() && !nosave) || save) {
            if (!p.saveNow(c.now) && !force) throw Call.error(Errors.SHUTDOWN_FAILED);
        }
        c.engine.shutdown();
        return Reply.OK; // never sent: the engine answers nothing once shutting down
    }

    /**
     * BGSAVE [SCHEDULE] (bgsaveCommand): refused while one runs; inside MULTI / EXEC scheduled (serverCron
     * starts it); else the snapshot is taken now and written by a background thread ({@link Persistence}).
     * No other "child" (AOF rewrite, module fork) ever runs here, so SCHEDULE otherwise starts at once.
     */
    static Reply bgsave(Call c) throws CommandException {
        if (c.argc() > 1 && !(c.argc() == 2 && c.is(1, "schedule"))) throw Call.syntax();
        Persistence p = c.engine.persistence();
        if (p.bgsaveInProgress()) throw Call.error(Errors.BGSAVE_IN_PROGRESS);
        if (c.session.inExec() && c.dialect().has(Quirk.BGSAVE_IN_EXEC_SCHEDULED)) {
            p.scheduled = true;
            return Reply.simple(Errors.BGSAVE_SCHEDULED);
        }
        p.startBackground(c.now);
        return Reply.simple(Errors.BGSAVE_STARTED);
    }

    // ---- DEBUG (6.2), FUNCTION (7.0) -----------------------------------------------------------------

    /**
     * 6.2's DEBUG, for the subcommands that make sense here: HELP, SLEEP seconds (really pauses the
     * server, as Redis does), LOG, ERROR text, SET-ACTIVE-EXPIRE, CHANGE-REPL-ID, RELOAD (saves
     * dir/dbfilename and loads it back). Others give 6.2's unknown-subcommand error.
     */
    static Reply debug62(Call c) throws CommandException {
        String sub = c.lower(1);
        int argc = c.argc();
        switch (sub) {
            case "help":
                if (argc == 2) return HelpTexts.help(c.dialect(), "DEBUG");
                break;
            case "sleep":
                if (argc == 3) {
                    double secs = strtodPrefix(Errors.latin1(c.arg(2)));
                    long ms = (long) (secs * 1000);
                    if (ms > 0) {
                        try {
                            Thread.sleep(ms);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return Reply.OK;
                }
                break;
            case "log":
                if (argc == 3) return Reply.OK;
                break;
            case "set-active-expire":
                if (argc == 3) {
                    // debugCommand: atoi(argv[2]) becomes server.active_expire_enabled
                    c.engine.setActiveExpireEnabled(CommandCommand.atoi(c.arg(2)) != 0);
                    return Reply.OK;
                }
                break;
            case "error":
                if (argc == 3) return Reply.error(Errors.latin1(c.arg(2))); // sent as is, no "ERR"
                break;
            case "change-repl-id":
                if (argc == 2) return Reply.OK;
                break;
            case "reload": {
                // debugCommand RELOAD: save dir/dbfilename (unless NOSAVE), empty the data set (unless
                // NOFLUSH), load the file back (MERGE: its keys replace those still there)
                boolean merge = false, flush = true, save = true;
                for (int j = 2; j < argc; j++) {
                    if (c.is(j, "merge")) merge = true;
                    else if (c.is(j, "noflush")) flush = false;
                    else if (c.is(j, "nosave")) save = false;
                    else throw Call.error("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
                }
                Persistence p = c.engine.persistence();
                if (save && !p.saveNow(c.now)) throw Call.error(Errors.BARE_ERR);
                if (flush) {
                    var ks = c.engine.keyspace();
                    c.engine.flushKeys(() -> {
                        for (int i = 0; i < ks.count(); i++) ks.db(i).flush();
                    });
                }
                if (!p.reload(merge)) throw Call.error("ERR Error trying to load the RDB dump");
                loadDelay(c);
                return Reply.OK;
            }
            default:
                break;
        }
        throw Call.error(Errors.unknownSubcommand(c.dialect(), c.arg(1), "debug"));
    }

    /**
     * The time rdbLoadRio's debugDelay(key-load-delay) adds for every key loaded: that many µs each, or,
     * when negative (-n), 1 µs for one key in n on average. The whole wait is taken at once: the server
     * answers nothing while it loads either way.
     */
    private static void loadDelay(Call c) {
        long delay = Long.parseLong(c.engine.config().get("key-load-delay"));
        if (delay == 0) return;
        long keys = 0;
        for (int i = 0; i < c.engine.config().databases(); i++) keys += c.engine.keyspace().db(i).size();
        long micros = delay > 0 ? keys * delay : keys / -delay;
        if (micros <= 0) return;
        try {
            Thread.sleep(micros / 1000, (int) (micros % 1000) * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** C strtod on a prefix: the longest leading decimal number, 0 if none. */
    private static double strtodPrefix(String s) {
        int i = 0, n = s.length();
        while (i < n && Character.isWhitespace(s.charAt(i))) i++;
        int start = i;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
        int digits = 0;
        while (i < n && Character.isDigit(s.charAt(i))) { i++; digits++; }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && Character.isDigit(s.charAt(i))) { i++; digits++; }
        }
        if (digits == 0) return 0;
        int end = i;
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-')) j++;
            int ed = 0;
            while (j < n && Character.isDigit(s.charAt(j))) { j++; ed++; }
            if (ed > 0) end = j;
        }
        try {
            return Double.parseDouble(s.substring(start, end));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    // ---- help texts ---------------------------------------------------------------------------------

    /** This family's command handlers, one object per command and no lambda class each: see {@link OpHandler}. */
    private static final class Dispatch extends OpHandler {
        static final int TIME = 0;
        static final int LASTSAVE = 1;
        static final int SAVE = 2;
        static final int BGSAVE = 3;
        static final int SHUTDOWN = 4;
        static final int DEBUG62 = 5;
        static final int DEBUG = 6;

        Dispatch(int op) {
            super(op);
        }

        @Override
        public Reply run(Call c) throws CommandException {
            return switch (op) {
                case TIME -> time(c);
                case LASTSAVE -> lastsave(c);
                case SAVE -> save(c);
                case BGSAVE -> bgsave(c);
                case SHUTDOWN -> shutdown(c);
                case DEBUG62 -> debug62(c);
                case DEBUG -> Reply.error(Errors.DEBUG_NOT_ALLOWED);
                default -> throw unknown();
            };
        }
    }
}
