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
 * Server commands: INFO, CONFIG, COMMAND, TIME, DEBUG, FUNCTION (7.0), LASTSAVE, SAVE, BGSAVE
 * (server.c, config.c, debug.c). FLUSHALL / FLUSHDB / DBSIZE / SWAPDB belong to the keys family.
 *
 * <p>Persistence is not emulated: SAVE and BGSAVE succeed at once (LASTSAVE moves), as they would on
 * a server with nothing to write; CONFIG REWRITE fails as it does on a server started without a config
 * file.
 */
final class ServerCommands {
    private ServerCommands() {}

    static void register(CommandTable t) {
        t.add("info", -1, flags(LOADING, STALE), ServerCommands::info);
        t.add("time", 1, flags(LOADING, STALE, FAST), ServerCommands::time);
        t.add("lastsave", 1, flags(LOADING, STALE, FAST), ServerCommands::lastsave);
        t.add("save", 1, flags(ADMIN, NOSCRIPT, NO_MULTI), ServerCommands::save);
        t.add("bgsave", -1, flags(ADMIN, NOSCRIPT), ServerCommands::bgsave);
        t.add("shutdown", -1, t.has(Quirk.NO_MULTI_COMMANDS) ? flags(ADMIN, NOSCRIPT, LOADING, STALE, NO_MULTI, ALLOW_BUSY)
                : flags(ADMIN, NOSCRIPT, LOADING, STALE), ServerCommands::shutdown);

        // CONFIG: 7.0 takes several patterns / parameter-value pairs, 6.2 exactly one.
        CommandSpec config = t.add("config", -2, flags(), c -> null);
        config.sub("get", t.has(Quirk.UNIFIED_CONFIG) ? -3 : 3, flags(ADMIN, NOSCRIPT, LOADING, STALE), ServerCommands::configGet);
        config.sub("set", t.has(Quirk.UNIFIED_CONFIG) ? -4 : 4, flags(ADMIN, NOSCRIPT, LOADING, STALE), ServerCommands::configSet);
        config.sub("resetstat", 2, flags(ADMIN, NOSCRIPT, LOADING, STALE), ServerCommands::configResetstat);
        config.sub("rewrite", 2, flags(ADMIN, NOSCRIPT, LOADING, STALE), c -> Reply.error(Errors.NO_CONFIG_FILE));
        config.sub("help", 2, flags(LOADING, STALE), c -> HelpTexts.help(c.dialect(), "CONFIG"));

        // COMMAND: callable without a subcommand (the container's own handler lists everything).
        CommandSpec command = t.add("command", -1, flags(LOADING, STALE), ServerCommands::commandAll);
        command.sub("count", 2, flags(LOADING, STALE), ServerCommands::commandCount);
        command.sub("info", -2, flags(LOADING, STALE), ServerCommands::commandInfo);
        command.sub("getkeys", t.catalogArity("command|getkeys", -3), flags(LOADING, STALE), c -> commandGetkeys(c, false));
        command.sub("help", 2, flags(LOADING, STALE), ServerCommands::commandHelp);
        if (t.known("command|list")) command.sub("list", -2, flags(LOADING, STALE), ServerCommands::commandList);
        if (t.known("command|docs")) command.sub("docs", -2, flags(LOADING, STALE), ServerCommands::commandDocs);
        if (t.known("command|getkeysandflags")) {
            command.sub("getkeysandflags", t.catalogArity("command|getkeysandflags", -4), flags(LOADING, STALE), c -> commandGetkeys(c, true));
        }

        if (t.has(Quirk.DEBUG_DISABLED_BY_DEFAULT)) {
            // enable-debug-command is "no" by default: processCommand refuses DEBUG (Flag.PROTECTED).
            t.add("debug", -2, flags(ADMIN, NOSCRIPT, LOADING, STALE, PROTECTED), c -> Reply.error(Errors.DEBUG_NOT_ALLOWED));
        } else {
            t.add("debug", -2, flags(ADMIN, NOSCRIPT, LOADING, STALE), ServerCommands::debug62);
        }
        if (t.known("function")) {
            CommandSpec function = t.add("function", -2, flags(), c -> null);
            function.sub("flush", -2, flags(WRITE, NOSCRIPT), ServerCommands::functionFlush);
            function.sub("list", -2, flags(NOSCRIPT), ServerCommands::functionList);
            function.sub("help", 2, flags(LOADING, STALE), c -> HelpTexts.help(c.dialect(), "FUNCTION"));
        }
    }

    // ---- TIME, LASTSAVE, SAVE, BGSAVE --------------------------------------------------------------

    /** TIME: [unix seconds, microseconds] as bulk strings, from the server clock. */
    static Reply time(Call c) {
        long us = c.engine.time().currentTimeMicros();
        return Reply.array(Reply.bulk(Long.toString(Math.floorDiv(us, 1_000_000L))),
                Reply.bulk(Long.toString(Math.floorMod(us, 1_000_000L))));
    }

    static Reply lastsave(Call c) {
        return Reply.integer(c.engine.stats().lastSaveSeconds);
    }

    static Reply save(Call c) {
        c.engine.stats().lastSaveSeconds = c.now / 1000;
        c.engine.stats().saves++;
        return Reply.OK;
    }

    /**
     * SHUTDOWN: 7.0 takes any of NOSAVE | SAVE, NOW, FORCE, ABORT (repeats allowed; ABORT with anything
     * else, or NOSAVE with SAVE, is a syntax error; ABORT alone answers that no shutdown is in progress,
     * as no shutdown ever waits here); 6.2 takes at most one NOSAVE | SAVE. Then the server stops without
     * answering: there is nothing to save (SAVE succeeds as SAVE does), no replica to wait for.
     */
    static Reply shutdown(Call c) throws CommandException {
        boolean abort = false, other = false, nosave = false, save = false;
        if (c.dialect().has(Quirk.SHUTDOWN_OPTIONS)) {
            for (int i = 1; i < c.argc(); i++) {
                if (c.is(i, "nosave")) nosave = true;
                else if (c.is(i, "save")) save = true;
                else if (c.is(i, "now") || c.is(i, "force")) other = true;
                else if (c.is(i, "abort")) abort = true;
                else throw Call.syntax();
            }
            if ((abort && (nosave || save || other)) || (nosave && save)) throw Call.syntax();
            if (abort) throw Call.error(Errors.NO_SHUTDOWN_IN_PROGRESS);
        } else if (c.argc() > 2 || (c.argc() == 2 && !c.is(1, "nosave") && !c.is(1, "save"))) {
            throw Call.syntax();
        }
        c.engine.shutdown();
        return Reply.OK; // never sent: the engine answers nothing once shutting down
    }

    /** BGSAVE [SCHEDULE]: nothing to write, so the "background" save is over at once. */
    static Reply bgsave(Call c) throws CommandException {
        if (c.argc() > 1 && !(c.argc() == 2 && c.is(1, "schedule"))) throw Call.syntax();
        c.engine.stats().lastSaveSeconds = c.now / 1000;
        c.engine.stats().saves++;
        return Reply.simple(Errors.BGSAVE_STARTED);
    }

    // ---- DEBUG (6.2), FUNCTION (7.0) -----------------------------------------------------------------

    /**
     * 6.2's DEBUG, for the subcommands that make sense here: HELP, SLEEP seconds (really pauses the
     * server, as Redis does), LOG, ERROR text, SET-ACTIVE-EXPIRE, CHANGE-REPL-ID, RELOAD (the data
     * survives a save-and-load, so it is kept as is). Others give 6.2's unknown-subcommand error.
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
            case "set-active-expire":
                if (argc == 3) return Reply.OK;
                break;
            case "error":
                if (argc == 3) return Reply.error(Errors.latin1(c.arg(2))); // sent as is, no "ERR"
                break;
            case "change-repl-id":
                if (argc == 2) return Reply.OK;
                break;
            case "reload":
                for (int j = 2; j < argc; j++) {
                    if (!c.is(j, "merge") && !c.is(j, "noflush") && !c.is(j, "nosave")) {
                        throw Call.error("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
                    }
                }
                return Reply.OK;
            default:
                break;
        }
        throw Call.error(Errors.unknownSubcommand(c.dialect(), c.arg(1), "debug"));
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

    /** FUNCTION FLUSH [ASYNC|SYNC]: there are never libraries here. */
    static Reply functionFlush(Call c) throws CommandException {
        if (c.argc() > 3) throw Call.error(Errors.subcommandSyntax7(c.arg(1), "FUNCTION"));
        if (c.argc() == 3 && !c.is(2, "sync") && !c.is(2, "async")) throw Call.error(Errors.FUNCTION_FLUSH_MODE);
        return Reply.OK;
    }

    /** FUNCTION LIST [WITHCODE] [LIBRARYNAME pattern]: validated, and always empty. */
    static Reply functionList(Call c) throws CommandException {
        boolean withCode = false, pattern = false;
        for (int i = 2; i < c.argc(); i++) {
            if (!withCode && c.is(i, "withcode")) {
                withCode = true;
            } else if (!pattern && c.is(i, "libraryname")) {
                if (i >= c.argc() - 1) throw Call.error(Errors.FUNCTION_LIBRARYNAME_MISSING);
                pattern = true;
                i++;
            } else {
                throw Call.error(Errors.functionListUnknownArg(c.arg(i)));
            }
        }
        return Reply.EMPTY_ARRAY;
    }

    // ---- COMMAND ---------------------------------------------------------------------------------------

    static Reply commandAll(Call c) {
        CommandCatalog cat = CommandCatalog.of(c.dialect());
        List<Reply> out = new ArrayList<>();
        for (CommandSpec s : sortedTopLevel(c.engine.table())) {
            Reply e = cat.info(s);
            if (e != null) out.add(e);
        }
        return Reply.array(out);
    }

    /** COMMAND COUNT: the registered commands real Redis also lists (6.2's QUIT is not a command there). */
    static Reply commandCount(Call c) {
        CommandCatalog cat = CommandCatalog.of(c.dialect());
        int n = 0;
        for (CommandSpec s : c.engine.table().all()) if (cat.info(s) != null) n++;
        return Reply.integer(n);
    }

    /**
     * COMMAND INFO [name ...]: an entry per name, nil for unknown ones; 7.0 accepts "container|sub"
     * and lists everything when no name is given, 6.2 answers an empty array then.
     */
    static Reply commandInfo(Call c) {
        if (c.argc() == 2) return c.dialect().has(Quirk.COMMAND_DOCS) ? commandAll(c) : Reply.EMPTY_ARRAY;
        CommandCatalog cat = CommandCatalog.of(c.dialect());
        List<Reply> out = new ArrayList<>();
        boolean subcommands = c.dialect().has(Quirk.SUBCOMMANDS_AS_COMMANDS);
        for (int i = 2; i < c.argc(); i++) {
            CommandSpec s = CommandCatalog.lookupFullName(c.engine.table(), c.arg(i), subcommands);
            Reply e = s == null ? null : cat.info(s);
            out.add(e == null ? Reply.NIL : e);
        }
        return Reply.array(out);
    }

    /** COMMAND DOCS [name ...] (7.0): a map name -> docs; unknown names are left out. */
    static Reply commandDocs(Call c) {
        CommandCatalog cat = CommandCatalog.of(c.dialect());
        List<Reply> out = new ArrayList<>();
        if (c.argc() == 2) {
            for (CommandSpec s : sortedTopLevel(c.engine.table())) {
                Reply d = cat.docs(s);
                if (d == null) continue;
                out.add(Reply.bulk(s.fullName));
                out.add(d);
            }
        } else {
            for (int i = 2; i < c.argc(); i++) {
                CommandSpec s = CommandCatalog.lookupFullName(c.engine.table(), c.arg(i), true);
                Reply d = s == null ? null : cat.docs(s);
                if (d == null) continue;
                out.add(Reply.bulk(s.fullName));
                out.add(d);
            }
        }
        return Reply.map(out);
    }

    /** COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN pattern] (7.0). */
    static Reply commandList(Call c) throws CommandException {
        String filter = null;
        byte[] arg = null;
        for (int i = 2; i < c.argc(); i++) {
            int more = c.argc() - 1 - i;
            if (c.is(i, "filterby") && more == 2) {
                String type = c.lower(i + 1);
                if (!type.equals("module") && !type.equals("aclcat") && !type.equals("pattern")) throw Call.syntax();
                filter = type;
                arg = c.arg(i + 2);
                i += 2;
            } else {
                throw Call.syntax();
            }
        }
        CommandCatalog cat = CommandCatalog.of(c.dialect());
        List<Reply> out = new ArrayList<>();
        for (CommandSpec s : CommandCatalog.allSpecs(c.engine.table())) {
            boolean keep;
            if (filter == null) keep = true;
            else if (filter.equals("module")) keep = false;
            else if (filter.equals("aclcat")) keep = cat.categories(s).contains(Bytes.lower(arg));
            else keep = Glob.match(arg, s.fullName.getBytes(StandardCharsets.UTF_8), true);
            if (keep) out.add(Reply.bulk(s.fullName));
        }
        return Reply.array(out);
    }

    static Reply commandHelp(Call c) {
        return HelpTexts.help(c.dialect(), "COMMAND");
    }

    /**
     * COMMAND GETKEYS / GETKEYSANDFLAGS full-command: the keys the command would touch, found with the
     * 7.x key specifications (begin_search index/keyword, find_keys range/keynum) of the real server.
     * Order of checks (both versions): unknown command, a command without keys, its arity, then the
     * extraction ("Invalid arguments" when it finds nothing, or an empty array for the 7.0 commands whose
     * keys are optional). 6.2 looks only the top-level name up.
     */
    static Reply commandGetkeys(Call c, boolean withFlags) throws CommandException {
        byte[][] cmd = java.util.Arrays.copyOfRange(c.argv, 2, c.argc());
        CommandSpec spec = c.engine.table().lookup(cmd[0]);
        if (spec != null && spec.isContainer() && c.dialect().has(Quirk.SUBCOMMANDS_AS_COMMANDS)) {
            spec = cmd.length >= 2 ? spec.subcommands.get(Bytes.lower(cmd[1])) : null;
        }
        if (spec == null) throw Call.error(Errors.INVALID_COMMAND);
        // A catalog without key specifications (6.2's) borrows another dialect's: they describe the same arguments.
        CommandCatalog own = CommandCatalog.of(c.dialect());
        CommandCatalog withSpecs = CommandCatalog.withKeySpecs(c.dialect());
        Reply[] keySpecs = withSpecs.keySpecs(spec);
        boolean hasKeys;
        if (own.hasKeySpecs()) {
            hasKeys = keySpecs != null ? keySpecs.length > 0 : spec.firstKey > 0;
        } else {
            Reply e6 = CommandCatalog.of(c.dialect()).info(spec);
            hasKeys = e6 != null ? CommandCatalog.integer(CommandCatalog.items(e6)[3]) != 0
                    || CommandCatalog.hasFlag(e6, "movablekeys") : spec.firstKey > 0;
        }
        if (!hasKeys) throw Call.error(Errors.COMMAND_HAS_NO_KEYS);
        if (!spec.arityOk(cmd.length)) throw Call.error(Errors.INVALID_COMMAND_ARGS);
        List<int[]> keys = new ArrayList<>(); // {position, key spec index}
        boolean ok = true;
        if (spec.fullName.equals("sort")) {
            // its STORE key spec is incomplete: Redis falls back to sortGetKeys
            for (int pos : SortCommand.keyPositions(cmd)) keys.add(new int[] {pos, -1});
        } else if (keySpecs != null && keySpecs.length > 0) {
            for (int k = 0; k < keySpecs.length && ok; k++) ok = keysFromSpec(keySpecs[k], cmd, k, keys);
        } else if (spec.firstKey > 0) {
            int last = spec.lastKey >= 0 ? spec.lastKey : cmd.length + spec.lastKey;
            for (int i = spec.firstKey; i <= last && i < cmd.length; i += Math.max(1, spec.keyStep)) {
                keys.add(new int[] {i, -1});
            }
        }
        if (!ok || keys.isEmpty()) {
            Reply e = own.hasKeySpecs() ? own.info(spec) : null;
            if (e != null && CommandCatalog.hasFlag(e, "no_mandatory_keys")) return Reply.EMPTY_ARRAY;
            throw Call.error(Errors.INVALID_COMMAND_ARGUMENTS);
        }
        List<Reply> out = new ArrayList<>();
        for (int[] k : keys) {
            Reply key = Reply.bulk(cmd[k[0]]);
            if (!withFlags) {
                out.add(key);
            } else {
                Reply flags = spec.fullName.equals("sort")
                        ? (k[0] == 1 ? flagSet("RO", "access") : flagSet("OW", "update")) // sortGetKeys' flags
                        : keyFlags(spec, cmd, k[1] >= 0 ? keySpecs[k[1]] : null);
                out.add(Reply.array(key, flags));
            }
        }
        return Reply.array(out);
    }

    /**
     * A key's flags as GETKEYSANDFLAGS shows them: the key spec's, except for the commands whose flags
     * depend on the arguments (setGetKeys, bitfieldGetKeys).
     */
    private static Reply keyFlags(CommandSpec spec, byte[][] cmd, Reply keySpec) {
        switch (spec.fullName) {
            case "set" -> {
                for (int i = 3; i < cmd.length; i++) {
                    if (Bytes.eqIgnoreCase(cmd[i], "get")) return flagSet("RW", "access", "update");
                }
                return flagSet("OW", "update");
            }
            case "bitfield" -> {
                boolean readonly = true;
                for (int i = 2; i < cmd.length; i++) {
                    int rem = cmd.length - i - 1;
                    if (Bytes.eqIgnoreCase(cmd[i], "get") && rem >= 2) {
                        i += 2;
                    } else if ((Bytes.eqIgnoreCase(cmd[i], "set") || Bytes.eqIgnoreCase(cmd[i], "incrby")) && rem >= 3) {
                        readonly = false;
                        break;
                    } else if (Bytes.eqIgnoreCase(cmd[i], "overflow") && rem >= 1) {
                        i += 1;
                    } else {
                        readonly = false;
                        break;
                    }
                }
                return readonly ? flagSet("RO", "access") : flagSet("RW", "access", "update");
            }
            default -> {
                Reply fl = keySpec == null ? null : CommandCatalog.mapGet(keySpec, "flags");
                return fl == null ? Reply.EMPTY_SET : fl;
            }
        }
    }

    private static Reply flagSet(String... flags) {
        List<Reply> l = new ArrayList<>();
        for (String f : flags) l.add(Reply.simple(f));
        return Reply.set(l);
    }

    /** getKeysUsingKeySpecs for one spec; false when the arguments cannot satisfy it. */
    private static boolean keysFromSpec(Reply ks, byte[][] argv, int specIndex, List<int[]> out) {
        Reply bs = CommandCatalog.mapGet(ks, "begin_search");
        Reply fk = CommandCatalog.mapGet(ks, "find_keys");
        String bsType = CommandCatalog.text(CommandCatalog.mapGet(bs, "type"));
        Reply bsSpec = CommandCatalog.mapGet(bs, "spec");
        int argc = argv.length;
        int first = 0;
        if ("index".equals(bsType)) {
            first = (int) CommandCatalog.integer(CommandCatalog.mapGet(bsSpec, "index"));
        } else if ("keyword".equals(bsType)) {
            String keyword = CommandCatalog.text(CommandCatalog.mapGet(bsSpec, "keyword"));
            int startFrom = (int) CommandCatalog.integer(CommandCatalog.mapGet(bsSpec, "startfrom"));
            int start = startFrom > 0 ? startFrom : argc + startFrom;
            int end = startFrom > 0 ? argc - 1 : 0;
            for (int i = start; i != end; i = start <= end ? i + 1 : i - 1) {
                if (i >= argc || i < 1) break;
                if (Bytes.eqIgnoreCase(argv[i], keyword.toLowerCase(Locale.ROOT))) {
                    first = i + 1;
                    break;
                }
            }
            if (first == 0) return true;
        } else {
            return true; // "unknown": keys found by a command-specific procedure, not emulated
        }
        String fkType = CommandCatalog.text(CommandCatalog.mapGet(fk, "type"));
        Reply fkSpec = CommandCatalog.mapGet(fk, "spec");
        int last, step;
        if ("range".equals(fkType)) {
            int lastKey = (int) CommandCatalog.integer(CommandCatalog.mapGet(fkSpec, "lastkey"));
            step = (int) CommandCatalog.integer(CommandCatalog.mapGet(fkSpec, "keystep"));
            int limit = (int) CommandCatalog.integer(CommandCatalog.mapGet(fkSpec, "limit"));
            if (lastKey >= 0) last = first + lastKey;
            else if (limit == 0) last = argc + lastKey;
            else last = first + ((argc - first) / limit + lastKey);
        } else if ("keynum".equals(fkType)) {
            int keynumIdx = (int) CommandCatalog.integer(CommandCatalog.mapGet(fkSpec, "keynumidx"));
            int firstKey = (int) CommandCatalog.integer(CommandCatalog.mapGet(fkSpec, "firstkey"));
            step = (int) CommandCatalog.integer(CommandCatalog.mapGet(fkSpec, "keystep"));
            if (first + keynumIdx >= argc) return false;
            long numkeys;
            try {
                numkeys = RedisNumbers.parseLong(argv[first + keynumIdx]);
            } catch (RedisNumbers.NotANumber e) {
                return false;
            }
            if (numkeys < 0) return false;
            first += firstKey;
            last = (int) (first + numkeys - 1);
        } else {
            return true;
        }
        if (step < 1) step = 1;
        if (last >= argc || last < first || first >= argc) return false; // a syntax error: no keys at all
        for (int i = first; i <= last; i += step) out.add(new int[] {i, specIndex});
        return true;
    }

    private static List<CommandSpec> sortedTopLevel(CommandTable t) {
        List<CommandSpec> l = new ArrayList<>(t.all());
        l.sort((a, b) -> a.name.compareTo(b.name));
        return l;
    }

    // ---- CONFIG ----------------------------------------------------------------------------------------

    /**
     * CONFIG GET pattern [pattern ...]: a map of parameter -> value. 6.2 (one pattern) matches every
     * parameter in table order and names it canonically. 7.0 looks a pattern without glob characters up
     * directly and echoes the name as sent; patterns match the table (Redis's own order is its hash
     * table's, different in every process: we use the table's). A parameter is listed once.
     */
    static Reply configGet(Call c) {
        ServerConfig cfg = c.engine.config();
        boolean unified = c.dialect().has(Quirk.UNIFIED_CONFIG);
        Map<String, Reply> found = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (int i = 2; i < c.argc(); i++) {
            byte[] pattern = c.arg(i);
            String pat = Errors.latin1(pattern);
            if (unified && pat.indexOf('[') < 0 && pat.indexOf('*') < 0 && pat.indexOf('?') < 0) {
                ServerConfig.Param p = cfg.lookup(pat);
                if (p != null && seen.add(p.name())) found.put(pat, Reply.bulk(cfg.value(p)));
                continue;
            }
            for (ServerConfig.Param p : cfg.params()) {
                if (seen.contains(p.name())) continue;
                if (Glob.match(pattern, p.name().getBytes(StandardCharsets.US_ASCII), true)) {
                    seen.add(p.name());
                    found.put(p.name(), Reply.bulk(cfg.value(p)));
                }
            }
        }
        List<Reply> out = new ArrayList<>();
        for (Map.Entry<String, Reply> e : found.entrySet()) {
            out.add(Reply.bulk(e.getKey().getBytes(StandardCharsets.ISO_8859_1)));
            out.add(e.getValue());
        }
        return Reply.map(out);
    }

    /** A CONFIG SET value refused, with the reason Redis gives (null: no reason, 7.0 prints none). */
    private static final class BadValue extends Exception {
        final String reason;
        final String fullError; // when Redis answers a text of its own (6.2's dir and bind)

        BadValue(String reason) {
            this(reason, null);
        }

        BadValue(String reason, String fullError) {
            super(reason, null, false, false);
            this.reason = reason;
            this.fullError = fullError;
        }
    }

    /**
     * CONFIG SET parameter value [parameter value ...] (7.0; 6.2 takes one pair). 7.0 first checks every
     * name (an unknown name reported before anything else if it comes first; immutable, protected and
     * repeated parameters), then parses every value, and applies all of them only if all are valid.
     */
    static Reply configSet(Call c) throws CommandException {
        ServerConfig cfg = c.engine.config();
        Dialect v = c.dialect();
        boolean unified = v.has(Quirk.UNIFIED_CONFIG);
        if ((c.argc() - 2) % 2 != 0) throw Call.syntax();
        int n = (c.argc() - 2) / 2;
        ServerConfig.Param[] params = new ServerConfig.Param[n];
        String err = null;
        for (int i = 0; i < n; i++) {
            byte[] name = c.arg(2 + 2 * i);
            ServerConfig.Param p = cfg.lookup(Errors.latin1(name));
            if (p == null || !unified && p.kind() == ServerConfig.Kind.IMMUTABLE) {
                if (err == null) throw Call.error(Errors.configSetUnknown(v, name));
                continue;
            }
            if (err != null) continue;
            if (p.kind() == ServerConfig.Kind.IMMUTABLE || p.kind() == ServerConfig.Kind.PROTECTED) {
                err = Errors.configSetFailed(v, Errors.latin1(name), name, c.arg(3 + 2 * i),
                        p.kind() == ServerConfig.Kind.IMMUTABLE ? "can't set immutable config" : "can't set protected config");
                continue;
            }
            for (int j = 0; j < i; j++) {
                if (params[j] == p) {
                    err = Errors.configSetFailed(v, Errors.latin1(name), name, c.arg(3 + 2 * i), "duplicate parameter");
                    break;
                }
            }
            params[i] = p;
        }
        if (err != null) throw Call.error(err);
        String[] values = new String[n];
        for (int i = 0; i < n; i++) {
            byte[] raw = c.arg(3 + 2 * i);
            try {
                values[i] = normalize(c, params[i], raw);
                String unsupported = ServerConfig.unsupported(params[i].name(), values[i]);
                if (unsupported != null) throw new BadValue(unsupported);
            } catch (BadValue bad) {
                if (bad.fullError != null) throw Call.error(bad.fullError);
                throw Call.error(Errors.configSetFailed(v, params[i].name(), c.arg(2 + 2 * i), raw, bad.reason));
            }
        }
        for (int i = 0; i < n; i++) {
            cfg.set(params[i].name(), values[i]);
            // The flags as parsed from the input: "An" keeps n although CONFIG GET then shows only "A".
            if (params[i].name().equals("notify-keyspace-events")) {
                cfg.notifyKeyspaceEvents(KeyspaceEvents.parse(Errors.latin1(c.arg(3 + 2 * i))));
            }
        }
        return Reply.OK;
    }

    /** Parses a CONFIG SET value the way the parameter's type does, returning what CONFIG GET will show. */
    private static String normalize(Call c, ServerConfig.Param p, byte[] raw) throws BadValue {
        boolean unified = c.dialect().has(Quirk.UNIFIED_CONFIG);
        String s = Errors.latin1(raw);
        switch (p.kind()) {
            case BOOL -> {
                if (s.equalsIgnoreCase("yes")) return "yes";
                if (s.equalsIgnoreCase("no")) return "no";
                throw new BadValue("argument must be 'yes' or 'no'");
            }
            case INT -> {
                long val;
                try {
                    val = RedisNumbers.parseLong(raw);
                } catch (RedisNumbers.NotANumber e) {
                    throw new BadValue("argument couldn't be parsed into an integer");
                }
                BigInteger b = BigInteger.valueOf(val);
                if (b.compareTo(p.min()) < 0 || b.compareTo(p.max()) > 0) {
                    throw new BadValue("argument must be between " + p.min() + " and " + p.max() + " inclusive");
                }
                if (p.name().equals("port") && !Long.toString(val).equals(c.engine.config().value(p))) {
                    // Listening elsewhere would need a new server socket: refused like a port Redis cannot bind.
                    throw new BadValue("Unable to listen on this port. Check server logs.");
                }
                return Long.toString(val);
            }
            case MEMORY -> {
                BigInteger val = memtoull(s, c.dialect());
                if (val == null) throw new BadValue("argument must be a memory value");
                if (val.compareTo(p.min()) < 0 || val.compareTo(p.max()) > 0) {
                    throw new BadValue("argument must be between " + p.min() + " and " + p.max() + " inclusive");
                }
                if (!unified && val.bitLength() > 63) return Long.toString(Long.MAX_VALUE); // 6.2 keeps a signed value
                return val.toString();
            }
            case ENUM -> {
                for (String choice : p.choices()) if (choice.equalsIgnoreCase(s)) return choice;
                throw new BadValue((unified ? "argument(s) must be one of the following: " : "argument must be one of the following: ")
                        + String.join(", ", p.choices()));
            }
            case STRING -> {
                return s;
            }
            case SPECIAL -> {
                return special(c, p, s);
            }
            default -> throw new IllegalStateException(p.kind().toString());
        }
    }

    private static String special(Call c, ServerConfig.Param p, String s) throws BadValue {
        boolean unified = c.dialect().has(Quirk.UNIFIED_CONFIG);
        switch (p.name()) {
            case "save" -> {
                return saveParams(s, unified);
            }
            case "notify-keyspace-events" -> {
                String flags = keyspaceEvents(s, c.dialect().has(Quirk.KEYSPACE_EVENT_NEW));
                if (flags == null) throw new BadValue(unified ? "Invalid event class character. Use 'Ag$lshzxeKEtmdn'." : null);
                return flags;
            }
            case "client-output-buffer-limit" -> {
                return clientOutputBufferLimit(c.engine.config().value(p), s, unified, c.dialect());
            }
            case "maxmemory-clients" -> {
                // A memory value or a percentage of maxmemory (PERCENT_CONFIG); only 0 is supported.
                boolean percent = s.endsWith("%");
                BigInteger val = percent ? (s.length() > 1 && s.substring(0, s.length() - 1).chars().allMatch(Character::isDigit)
                        ? new BigInteger(s.substring(0, s.length() - 1)) : null) : memtoull(s, c.dialect());
                if (val == null) {
                    String e = p.badValueError();
                    int dash = e.indexOf(") - ");
                    throw new BadValue(dash < 0 ? null : e.substring(dash + 4));
                }
                return percent ? val + "%" : val.toString();
            }
            case "dir" -> {
                // 6.2 only (7.0: protected): chdir().
                Path dir = Path.of(s);
                if (!Files.isDirectory(dir)) {
                    throw new BadValue(null, "ERR Changing directory: No such file or directory");
                }
                return dir.toAbsolutePath().normalize().toString();
            }
            default -> {
                // bind, oom-score-adj-values, latency-tracking-info-percentiles, maxmemory-clients…: the
                // current value is accepted; anything else gets the error real Redis gives a bad value.
                if (s.equals(c.engine.config().value(p))) return s;
                String e = p.badValueError();
                if (unified) {
                    int dash = e.indexOf(") - ");
                    throw new BadValue(dash < 0 ? null : e.substring(dash + 4));
                }
                if (e.startsWith("ERR Invalid argument '__bad__'")) throw new BadValue(null);
                throw new BadValue(null, e);
            }
        }
    }

    /**
     * The "save" parameter: the value split on single spaces, an even count of numbers read with C
     * strtoll (seconds at least 1, changes at least 0); "" alone means no save points. Shown as
     * "seconds changes ..." with the changes as a C int.
     */
    private static String saveParams(String s, boolean unified) throws BadValue {
        String reason = unified ? "Invalid save parameters" : null;
        if (s.isEmpty()) return "";
        String[] parts = s.split(" ", -1);
        if (parts.length % 2 != 0) throw new BadValue(reason);
        StringBuilder out = new StringBuilder();
        for (int j = 0; j < parts.length; j++) {
            long[] r = strtoll(parts[j]);
            if (r == null || (j % 2 == 0 && r[0] < 1) || (j % 2 == 1 && r[0] < 0)) throw new BadValue(reason);
            if (j > 0) out.append(' ');
            out.append(j % 2 == 0 ? r[0] : (long) (int) r[0]);
        }
        return out.toString();
    }

    /** C strtoll(s, &end, 10) that must consume the whole string: {value}, or null. Saturates. */
    private static long[] strtoll(String s) {
        int i = 0, n = s.length();
        while (i < n && (s.charAt(i) == ' ' || (s.charAt(i) >= '\t' && s.charAt(i) <= '\r'))) i++;
        boolean neg = false;
        int signAt = i;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) neg = s.charAt(i++) == '-';
        int digits = i;
        BigInteger v = BigInteger.ZERO;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            v = v.multiply(BigInteger.TEN).add(BigInteger.valueOf(s.charAt(i) - '0'));
            i++;
        }
        if (i == digits) {
            // No digits: nothing converted, end = start; valid only for the empty string.
            return signAt == 0 && n == 0 ? new long[] {0} : (n == 0 ? new long[] {0} : null);
        }
        if (i != n) return null;
        if (neg) v = v.negate();
        if (v.compareTo(BigInteger.valueOf(Long.MAX_VALUE)) > 0) return new long[] {Long.MAX_VALUE};
        if (v.compareTo(BigInteger.valueOf(Long.MIN_VALUE)) < 0) return new long[] {Long.MIN_VALUE};
        return new long[] {v.longValue()};
    }

    /**
     * Redis's memtoull: digits then an optional unit (b, k, kb, m, mb, g, gb; any case). Null if invalid.
     * No digits at all ("", "kb") is invalid where strtoull reports EINVAL (musl); glibc's does not, so
     * there it is 0 ({@link Quirk#MEMORY_VALUE_WITHOUT_DIGITS_IS_ZERO}).
     */
    static BigInteger memtoull(String s, Dialect d) {
        int i = 0;
        if (!s.isEmpty() && s.charAt(0) == '-') return null;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
        String unit = s.substring(i).toLowerCase(Locale.ROOT);
        long mul = switch (unit) {
            case "", "b" -> 1;
            case "k" -> 1000;
            case "kb" -> 1024;
            case "m" -> 1000 * 1000;
            case "mb" -> 1024 * 1024;
            case "g" -> 1000L * 1000 * 1000;
            case "gb" -> 1024L * 1024 * 1024;
            default -> -1;
        };
        if (mul < 0) return null;
        if (i == 0) return d.has(Quirk.MEMORY_VALUE_WITHOUT_DIGITS_IS_ZERO) ? BigInteger.ZERO : null;
        BigInteger max = new BigInteger("18446744073709551615");
        BigInteger v = new BigInteger(s.substring(0, i));
        if (v.compareTo(max) > 0) v = max; // strtoull saturates (ERANGE is not checked)
        BigInteger m = BigInteger.valueOf(mul);
        if (v.compareTo(max.divide(m)) > 0) return null;
        return v.multiply(m);
    }

    private static final String EVENT_CLASSES = "g$lshzxetdKEmn";

    /** keyspaceEventsStringToFlags then back to a string, or null for an unknown class character. */
    private static String keyspaceEvents(String s, boolean newKeyClass) {
        Set<Character> f = new HashSet<>();
        String all = "g$lshzxetd";
        for (char ch : s.toCharArray()) {
            if (ch == 'A') {
                for (char a : all.toCharArray()) f.add(a);
            } else if (EVENT_CLASSES.indexOf(ch) >= 0 && (newKeyClass || ch != 'n')) {
                f.add(ch);
            } else {
                return null;
            }
        }
        StringBuilder out = new StringBuilder();
        boolean isAll = true;
        for (char a : all.toCharArray()) isAll &= f.contains(a);
        if (isAll) {
            out.append('A');
        } else {
            for (char a : "g$lshzxetdn".toCharArray()) if (f.contains(a)) out.append(a);
        }
        for (char a : "KEm".toCharArray()) if (f.contains(a)) out.append(a);
        return out.toString();
    }

    /**
     * client-output-buffer-limit: groups of "class hard soft seconds" (class normal, replica/slave or
     * pubsub; hard and soft memory values; seconds a non-negative integer) replacing those classes'
     * limits; "" changes nothing. Shown for all three classes.
     */
    private static String clientOutputBufferLimit(String current, String s, boolean unified, Dialect d) throws BadValue {
        String[] cur = current.split(" ");
        Map<String, String[]> limits = new LinkedHashMap<>();
        for (int i = 0; i + 3 < cur.length; i += 4) limits.put(cur[i], new String[] {cur[i + 1], cur[i + 2], cur[i + 3]});
        if (s.isEmpty()) return current;
        String[] a = s.split(" ", -1);
        if (a.length % 4 != 0) throw new BadValue(unified ? "Wrong number of arguments in buffer limit configuration." : null);
        Map<String, String[]> updates = new LinkedHashMap<>();
        for (int j = 0; j < a.length; j += 4) {
            String cls = a[j].toLowerCase(Locale.ROOT);
            if (cls.equals("replica")) cls = "slave";
            if (!cls.equals("normal") && !cls.equals("slave") && !cls.equals("pubsub")) {
                throw new BadValue(unified ? "Invalid client class specified in buffer limit configuration." : null);
            }
            BigInteger hard = memtoull(a[j + 1], d), soft = memtoull(a[j + 2], d);
            long[] secs = unified ? strtoll(a[j + 3]) : strictLong(a[j + 3]);
            if (hard == null || soft == null || secs == null || (int) secs[0] < 0) {
                throw new BadValue(unified ? "Error in hard, soft or soft_seconds setting in buffer limit configuration." : null);
            }
            updates.put(cls, new String[] {hard.toString(), soft.toString(), Integer.toString((int) secs[0])});
        }
        limits.putAll(updates);
        StringBuilder out = new StringBuilder();
        for (String cls : new String[] {"normal", "slave", "pubsub"}) {
            String[] l = limits.get(cls);
            if (out.length() > 0) out.append(' ');
            out.append(cls).append(' ').append(l[0]).append(' ').append(l[1]).append(' ').append(l[2]);
        }
        return out.toString();
    }

    private static long[] strictLong(String s) {
        try {
            return new long[] {RedisNumbers.parseLong(s.getBytes(StandardCharsets.ISO_8859_1))};
        } catch (RedisNumbers.NotANumber e) {
            return null;
        }
    }

    /** CONFIG RESETSTAT: command, error and server statistics back to zero. */
    static Reply configResetstat(Call c) {
        c.engine.stats().reset();
        return Reply.OK;
    }

    // ---- INFO --------------------------------------------------------------------------------------------

    /**
     * INFO [section ...] (6.2: at most one). Sections are chosen case-insensitively ("default", "all",
     * "everything" or names; unknown names add nothing) and always printed in Redis's order, separated by
     * a blank line, CRLF line endings. A bulk string in RESP2, verbatim text in RESP3.
     */
    static Reply info(Call c) throws CommandException {
        boolean multiSection = c.dialect().has(Quirk.INFO_SECTIONS);
        if (!multiSection && c.argc() > 2) throw Call.syntax();
        Set<String> want = new HashSet<>();
        if (c.argc() == 1) {
            want.addAll(DEFAULT_SECTIONS);
        } else {
            for (int i = 1; i < c.argc(); i++) {
                String s = c.lower(i);
                switch (s) {
                    case "default" -> want.addAll(DEFAULT_SECTIONS);
                    case "all", "everything" -> {
                        want.addAll(ALL_SECTIONS);
                        if (!multiSection) want.remove("latencystats");
                    }
                    default -> want.add(s);
                }
            }
        }
        StringBuilder sb = new StringBuilder(4096);
        int sections = 0;
        for (String section : ALL_SECTIONS) {
            if (!want.contains(section)) continue;
            if (section.equals("latencystats") && !multiSection) continue;
            if (OPTIONAL_SECTIONS.containsKey(section)
                    && !InfoFields.printsSection(c.dialect(), OPTIONAL_SECTIONS.get(section))) continue;
            if (sections++ > 0) sb.append("\r\n");
            InfoWriter w = new InfoWriter(sb, c.dialect());
            switch (section) {
                case "server" -> infoServer(c, w);
                case "clients" -> infoClients(c, w);
                case "memory" -> infoMemory(c, w);
                case "persistence" -> infoPersistence(c, w);
                case "threads" -> infoThreads(c, w);
                case "stats" -> infoStats(c, w);
                case "replication" -> infoReplication(c, w);
                case "cpu" -> infoCpu(w);
                case "modules" -> w.header("Modules");
                case "commandstats" -> infoCommandstats(c, w);
                case "errorstats" -> infoErrorstats(c, w);
                case "latencystats" -> w.header("Latencystats");
                case "cluster" -> w.header("Cluster").line("cluster_enabled", 0);
                case "keyspace" -> infoKeyspace(c, w);
                case "keysizes" -> infoKeysizes(c, w);
                default -> throw new IllegalStateException(section);
            }
            w.end();
        }
        return Reply.verbatim(sb.toString());
    }

    private static final List<String> ALL_SECTIONS = List.of("server", "clients", "memory", "persistence", "threads",
            "stats", "replication", "cpu", "modules", "commandstats", "errorstats", "latencystats", "cluster", "keyspace",
            "keysizes");
    private static final List<String> DEFAULT_SECTIONS = List.of("server", "clients", "memory", "persistence",
            "threads", "stats", "replication", "cpu", "modules", "errorstats", "cluster", "keyspace", "keysizes");
    /** Sections only some servers print (8.0's Threads and Keysizes), by the header their capture shows. */
    private static final Map<String, String> OPTIONAL_SECTIONS = Map.of("threads", "Threads", "keysizes", "Keysizes");

    /**
     * Writes one section. The writers below write every field any dialect has; the dialect's captured
     * field list ({@link InfoFields}) says which are printed, in which order, its value standing in for
     * a field not written. A section without a list (Keyspace, Commandstats…) is printed as written.
     */
    private static final class InfoWriter {
        final StringBuilder sb;
        final Dialect dialect;
        java.util.LinkedHashMap<String, String> captured;
        final Map<String, String> written = new java.util.HashMap<>();

        InfoWriter(StringBuilder sb, Dialect dialect) {
            this.sb = sb;
            this.dialect = dialect;
        }

        InfoWriter header(String name) {
            sb.append("# ").append(name).append("\r\n");
            captured = InfoFields.of(dialect, name);
            return this;
        }

        InfoWriter line(String key, Object value) {
            if (captured != null) written.put(key, String.valueOf(value));
            else sb.append(key).append(':').append(value).append("\r\n");
            return this;
        }

        void end() {
            if (captured == null) return;
            for (Map.Entry<String, String> e : captured.entrySet()) {
                sb.append(e.getKey()).append(':').append(written.getOrDefault(e.getKey(), e.getValue())).append("\r\n");
            }
        }
    }

    private static void infoServer(Call c, InfoWriter w) {
        Dialect v = c.dialect();
        long uptime = Math.max(0, (c.now - c.engine.startMillis()) / 1000);
        String arch = System.getProperty("os.arch", "");
        if (arch.equals("amd64")) arch = "x86_64";
        w.header("Server")
                .line("redis_version", v.redisVersion())
                .line("server_name", v.server())
                .line("valkey_version", v.full())
                .line("redis_git_sha1", "00000000")
                .line("redis_git_dirty", 0)
                .line("redis_build_id", "0000000000000000")
                .line("redis_mode", "standalone")
                .line("server_mode", "standalone")
                .line("os", System.getProperty("os.name", "") + " " + System.getProperty("os.version", "") + " " + arch)
                .line("arch_bits", 64)
                .line("monotonic_clock", "POSIX clock_gettime")
                .line("multiplexing_api", "epoll")
                .line("atomicvar_api", "c11-builtin")
                .line("gcc_version", "0.0.0")
                .line("process_id", ProcessHandle.current().pid())
                .line("process_supervised", "no")
                .line("run_id", c.engine.stats().runId)
                .line("tcp_port", c.engine.config().get("port"))
                .line("server_time_usec", c.engine.time().currentTimeMicros())
                .line("uptime_in_seconds", uptime)
                .line("uptime_in_days", uptime / 86400)
                .line("hz", c.engine.hz())
                .line("configured_hz", c.engine.config().get("hz"))
                .line("lru_clock", (c.now / 1000) & ((1 << 24) - 1))
                .line("executable", "")
                .line("config_file", "")
                .line("io_threads_active", 0)
                .line("listener0", "name=tcp,bind=" + c.engine.config().get("bind") + ",port=" + c.engine.config().get("port"));
    }

    private static void infoClients(Call c, InfoWriter w) {
        w.header("Clients")
                .line("connected_clients", c.engine.sessions().size())
                .line("cluster_connections", 0)
                .line("maxclients", c.engine.config().get("maxclients"))
                .line("client_recent_max_input_buffer", 0)
                .line("client_recent_max_output_buffer", 0)
                .line("blocked_clients", c.engine.blocking().blockedClients())
                .line("tracking_clients", 0)
                .line("pubsub_clients", c.engine.sessions().values().stream().filter(PubSubCommands::isSubscribed).count())
                .line("watching_clients", c.engine.sessions().values().stream().filter(s -> !s.watched.isEmpty()).count())
                .line("clients_in_timeout_table", 0)
                .line("total_watched_keys", c.engine.sessions().values().stream()
                        .flatMap(s -> s.watched.stream()).distinct().count());
    }

    /** bytesToHuman. */
    static String human(long n) {
        if (n < 1024) return n + "B";
        String[] units = {"K", "M", "G", "T", "P"};
        double d = n;
        for (String u : units) {
            d /= 1024;
            if (d < 1024 || u.equals("P")) return String.format(Locale.ROOT, "%.2f%s", d, u);
        }
        return n + "B";
    }

    /** Memory figures are the JVM's (heap in use, heap reserved), not an allocator's. */
    private static void infoMemory(Call c, InfoWriter w) {
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        long rss = rt.totalMemory();
        ServerStats st = c.engine.stats();
        st.peakMemory = Math.max(st.peakMemory, used);
        long peak = st.peakMemory;
        long maxmemory = Long.parseUnsignedLong(c.engine.config().get("maxmemory"));
        long system = rt.maxMemory();
        String ratio = String.format(Locale.ROOT, "%.2f", used == 0 ? 0.0 : (double) rss / used);
        w.header("Memory")
                .line("used_memory", used)
                .line("used_memory_human", human(used))
                .line("used_memory_rss", rss)
                .line("used_memory_rss_human", human(rss))
                .line("used_memory_peak", peak)
                .line("used_memory_peak_human", human(peak))
                .line("used_memory_peak_perc", String.format(Locale.ROOT, "%.2f%%", peak == 0 ? 0.0 : used * 100.0 / peak))
                .line("used_memory_overhead", 0)
                .line("used_memory_startup", 0)
                .line("used_memory_dataset", used)
                .line("used_memory_dataset_perc", "100.00%")
                .line("allocator_allocated", used)
                .line("allocator_active", rss)
                .line("allocator_resident", rss)
                .line("total_system_memory", system)
                .line("total_system_memory_human", human(system));
        w.line("used_memory_lua", 0)
                .line("used_memory_vm_eval", 0)
                .line("used_memory_lua_human", "0B")
                .line("used_memory_scripts_eval", 0)
                .line("number_of_cached_scripts", 0)
                .line("number_of_functions", 0)
                .line("number_of_libraries", 0)
                .line("used_memory_vm_functions", 0)
                .line("used_memory_vm_total", 0)
                .line("used_memory_vm_total_human", "0B")
                .line("used_memory_functions", 0)
                .line("used_memory_scripts", 0)
                .line("used_memory_scripts_human", "0B");
        w.line("maxmemory", maxmemory)
                .line("maxmemory_human", human(maxmemory))
                .line("maxmemory_policy", c.engine.config().get("maxmemory-policy"))
                .line("allocator_frag_ratio", ratio)
                .line("allocator_frag_bytes", rss - used)
                .line("allocator_rss_ratio", "1.00")
                .line("allocator_rss_bytes", 0)
                .line("rss_overhead_ratio", "1.00")
                .line("rss_overhead_bytes", 0)
                .line("mem_fragmentation_ratio", ratio)
                .line("mem_fragmentation_bytes", rss - used)
                .line("mem_not_counted_for_evict", 0)
                .line("mem_replication_backlog", 0);
        w.line("mem_total_replication_buffers", 0);
        w.line("mem_clients_slaves", 0)
                .line("mem_clients_normal", 0);
        w.line("mem_cluster_links", 0);
        w.line("mem_aof_buffer", 0)
                .line("mem_allocator", "libc")
                .line("active_defrag_running", 0)
                .line("lazyfree_pending_objects", 0)
                .line("lazyfreed_objects", 0);
    }

    private static void infoPersistence(Call c, InfoWriter w) {
        ServerStats st = c.engine.stats();
        w.header("Persistence").line("loading", 0);
        w.line("async_loading", 0).line("current_cow_peak", 0);
        w.line("current_cow_size", 0)
                .line("current_cow_size_age", 0)
                .line("current_fork_perc", "0.00")
                .line("current_save_keys_processed", 0)
                .line("current_save_keys_total", 0)
                .line("rdb_changes_since_last_save", 0)
                .line("rdb_bgsave_in_progress", 0)
                .line("rdb_last_save_time", st.lastSaveSeconds)
                .line("rdb_last_bgsave_status", "ok")
                .line("rdb_last_bgsave_time_sec", -1)
                .line("rdb_current_bgsave_time_sec", -1);
        w.line("rdb_saves", st.saves);
        w.line("rdb_last_cow_size", 0);
        w.line("rdb_last_load_keys_expired", 0).line("rdb_last_load_keys_loaded", 0);
        w.line("aof_enabled", c.engine.config().get("appendonly").equals("yes") ? 1 : 0)
                .line("aof_rewrite_in_progress", 0)
                .line("aof_rewrite_scheduled", 0)
                .line("aof_last_rewrite_time_sec", -1)
                .line("aof_current_rewrite_time_sec", -1)
                .line("aof_last_bgrewrite_status", "ok");
        w.line("aof_rewrites", 0).line("aof_rewrites_consecutive_failures", 0);
        w.line("aof_last_write_status", "ok")
                .line("aof_last_cow_size", 0)
                .line("module_fork_in_progress", 0)
                .line("module_fork_last_cow_size", 0);
    }

    private static void infoStats(Call c, InfoWriter w) {
        Engine e = c.engine;
        w.header("Stats")
                .line("total_connections_received", e.connectionsReceived())
                .line("total_commands_processed", e.commandsProcessed())
                .line("instantaneous_ops_per_sec", 0)
                .line("total_net_input_bytes", 0)
                .line("total_net_output_bytes", 0);
        w.line("total_net_repl_input_bytes", 0).line("total_net_repl_output_bytes", 0);
        w.line("instantaneous_input_kbps", "0.00").line("instantaneous_output_kbps", "0.00");
        w.line("instantaneous_input_repl_kbps", "0.00").line("instantaneous_output_repl_kbps", "0.00");
        w.line("rejected_connections", e.rejectedConnections())
                .line("sync_full", 0)
                .line("sync_partial_ok", 0)
                .line("sync_partial_err", 0)
                .line("expired_keys", e.expiredKeys())
                .line("expired_stale_perc", "0.00")
                .line("expired_time_cap_reached_count", 0)
                .line("expire_cycle_cpu_milliseconds", 0)
                .line("evicted_keys", 0);
        w.line("evicted_clients", 0).line("total_eviction_exceeded_time", 0).line("current_eviction_exceeded_time", 0);
        w.line("keyspace_hits", 0)
                .line("keyspace_misses", 0)
                .line("pubsub_channels", e.pubsub.channelCount())
                .line("pubsub_patterns", e.pubsub.patternCount());
        w.line("pubsubshard_channels", e.pubsub.shardChannelCount());
        w.line("latest_fork_usec", 0)
                .line("total_forks", 0)
                .line("migrate_cached_sockets", 0)
                .line("slave_expires_tracked_keys", 0)
                .line("active_defrag_hits", 0)
                .line("active_defrag_misses", 0)
                .line("active_defrag_key_hits", 0)
                .line("active_defrag_key_misses", 0);
        w.line("total_active_defrag_time", 0).line("current_active_defrag_time", 0);
        w.line("tracking_total_keys", 0)
                .line("tracking_total_items", 0)
                .line("tracking_total_prefixes", 0)
                .line("unexpected_error_replies", 0)
                .line("total_error_replies", e.stats().totalErrorReplies)
                .line("dump_payload_sanitizations", 0)
                .line("total_reads_processed", e.commandsProcessed())
                .line("total_writes_processed", e.commandsProcessed())
                .line("io_threaded_reads_processed", 0)
                .line("io_threaded_writes_processed", 0);
        w.line("reply_buffer_shrinks", 0).line("reply_buffer_expands", 0);
        w.line("client_query_buffer_limit_disconnections", e.stats().queryBufferLimitDisconnections)
                .line("client_output_buffer_limit_disconnections", e.stats().outputBufferLimitDisconnections);
    }

    private static void infoReplication(Call c, InfoWriter w) {
        w.header("Replication")
                .line("role", "master")
                .line("connected_slaves", 0)
                .line("master_failover_state", "no-failover")
                .line("master_replid", c.engine.stats().replId)
                .line("master_replid2", "0000000000000000000000000000000000000000")
                .line("master_repl_offset", 0)
                .line("second_repl_offset", -1)
                .line("repl_backlog_active", 0)
                .line("repl_backlog_size", c.engine.config().get("repl-backlog-size"))
                .line("repl_backlog_first_byte_offset", 0)
                .line("repl_backlog_histlen", 0);
    }

    private static void infoCpu(InfoWriter w) {
        double cpu = ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
        String user = String.format(Locale.ROOT, "%.6f", cpu);
        w.header("CPU")
                .line("used_cpu_sys", "0.000000")
                .line("used_cpu_user", user)
                .line("used_cpu_sys_children", "0.000000")
                .line("used_cpu_user_children", "0.000000")
                .line("used_cpu_sys_main_thread", "0.000000")
                .line("used_cpu_user_main_thread", user);
    }

    /** cmdstat_<name>: 7.0 per subcommand ("client|list"), 6.2 per command. */
    private static void infoCommandstats(Call c, InfoWriter w) {
        boolean subcommands = c.dialect().has(Quirk.SUBCOMMANDS_AS_COMMANDS);
        Map<String, long[]> agg = new LinkedHashMap<>();
        for (Map.Entry<String, ServerStats.CommandStat> e : c.engine.stats().commands.entrySet()) {
            String name = e.getKey();
            if (!subcommands && name.indexOf('|') >= 0) name = name.substring(0, name.indexOf('|'));
            ServerStats.CommandStat s = e.getValue();
            long[] a = agg.computeIfAbsent(name, k -> new long[4]);
            a[0] += s.calls;
            a[1] += s.usec;
            a[2] += s.rejected;
            a[3] += s.failed;
        }
        w.header("Commandstats");
        for (Map.Entry<String, long[]> e : agg.entrySet()) {
            long[] a = e.getValue();
            if (a[0] == 0 && a[2] == 0 && a[3] == 0) continue;
            w.line("cmdstat_" + e.getKey(), "calls=" + a[0] + ",usec=" + a[1] + ",usec_per_call="
                    + String.format(Locale.ROOT, "%.2f", a[0] == 0 ? 0.0 : (double) a[1] / a[0])
                    + ",rejected_calls=" + a[2] + ",failed_calls=" + a[3]);
        }
    }

    private static void infoErrorstats(Call c, InfoWriter w) {
        w.header("Errorstats");
        for (Map.Entry<String, Long> e : c.engine.stats().errors.entrySet()) {
            w.line("errorstat_" + e.getKey(), "count=" + e.getValue());
        }
    }

    /** db<N>:keys=…,expires=…,avg_ttl=… for each non-empty database; avg_ttl in ms over the keys with a TTL. */
    private static void infoKeyspace(Call c, InfoWriter w) {
        w.header("Keyspace");
        for (int i = 0; i < c.engine.keyspace().count(); i++) {
            Database db = c.engine.keyspace().db(i);
            int keys = db.size();
            if (keys == 0) continue;
            int expires = db.volatileKeyCount();
            long avg = 0;
            if (expires > 0) {
                long[] sum = {0, 0};
                db.forEachLive(c.now, e -> {
                    if (e.expireAt() >= 0) {
                        sum[0] += e.expireAt() - c.now;
                        sum[1]++;
                    }
                });
                avg = sum[1] == 0 ? 0 : sum[0] / sum[1];
            }
            String line = "keys=" + keys + ",expires=" + expires + ",avg_ttl=" + avg;
            if (c.dialect().has(Quirk.INFO_KEYSPACE_SUBEXPIRY)) line += ",subexpiry=" + db.hashesWithFieldTtls();
            w.line("db" + i, line);
        }
    }

    /**
     * INFO threads (8.0): one line for the main thread, the only one redis-double has, with the clients it
     * serves and the reads and writes it made (counted as total_reads_processed / total_writes_processed are).
     */
    private static void infoThreads(Call c, InfoWriter w) {
        Engine e = c.engine;
        w.header("Threads").line("io_thread_0", "clients=" + e.sessions().size() + ",reads=" + e.commandsProcessed()
                + ",writes=" + e.commandsProcessed());
    }

    /**
     * INFO keysizes (8.0): per database with keys, per type (strings by length in bytes; sets, sorted sets
     * and hashes by their number of elements, a hash's fields past their deadline counted until deleted), a
     * power-of-two histogram "dbN_distrib_strings_sizes:0=1,1=2,2=1,…,1K=1,1M=2", bins 0, 1, 2, 4… named with
     * K, M, G, T, P, E for powers of 1024. Redis keeps the histogram as keys change (and 8.0.2 miscounts a few
     * writes, e.g. SETRANGE creating a key); redis-double counts the keys as they are.
     */
    private static void infoKeysizes(Call c, InfoWriter w) {
        w.header("Keysizes");
        String[] names = {"strings_sizes", "sets_items", "zsets_items", "hashes_items"};
        for (int i = 0; i < c.engine.keyspace().count(); i++) {
            Database db = c.engine.keyspace().db(i);
            if (db.size() == 0) continue;
            long[][] bins = new long[names.length][65];
            db.forEachValue(v -> {
                int type;
                long n;
                if (v instanceof byte[] b) {
                    type = 0;
                    n = b.length;
                } else if (v instanceof io.redisdouble.keyspace.RedisSet set) {
                    type = 1;
                    n = set.size();
                } else if (v instanceof io.redisdouble.zset.ZSet z) {
                    type = 2;
                    n = z.size();
                } else if (v instanceof io.redisdouble.keyspace.RedisHash h) {
                    type = 3;
                    n = h.size();
                } else {
                    return;
                }
                bins[type][n == 0 ? 0 : 64 - Long.numberOfLeadingZeros(n)]++;
            });
            for (int t = 0; t < names.length; t++) {
                StringBuilder line = new StringBuilder();
                for (int b = 0; b < 65; b++) {
                    if (bins[t][b] == 0) continue;
                    if (line.length() > 0) line.append(',');
                    line.append(b == 0 ? "0" : powerOfTwoName(b - 1)).append('=').append(bins[t][b]);
                }
                if (line.length() > 0) w.line("db" + i + "_distrib_" + names[t], line);
            }
        }
    }

    /** 2^power as INFO keysizes names a bin: 1, 2 … 512, then 1K … 512K, 1M …, with K, M, G, T, P, E. */
    private static String powerOfTwoName(int power) {
        String units = "KMGTPE";
        return power < 10 ? Long.toString(1L << power) : (1L << (power % 10)) + String.valueOf(units.charAt(power / 10 - 1));
    }

    // ---- help texts ---------------------------------------------------------------------------------





}
