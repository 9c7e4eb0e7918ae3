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
 * COMMAND and its subcommands (COUNT, INFO, DOCS, LIST, GETKEYS, GETKEYSANDFLAGS, HELP): the dialect's captured
 * catalog ({@link CommandCatalog}) as the real server reports it, and key extraction as Redis's getKeysFromCommand.
 */
final class CommandCommand {
    private CommandCommand() {}

    static void register(CommandTable t) {
        // COMMAND: callable without a subcommand (the container's own handler lists everything).
        CommandSpec command = t.add("command", -1, flags(LOADING, STALE), new Dispatch(Dispatch.COMMAND_ALL));
        command.sub("count", 2, flags(LOADING, STALE), new Dispatch(Dispatch.COMMAND_COUNT));
        command.sub("info", -2, flags(LOADING, STALE), new Dispatch(Dispatch.COMMAND_INFO));
        command.sub("getkeys", -3, flags(LOADING, STALE), new Dispatch(Dispatch.COMMAND_GETKEYS));
        command.sub("help", 2, flags(LOADING, STALE), new Dispatch(Dispatch.COMMAND_HELP));
        if (t.known("command|list")) command.sub("list", -2, flags(LOADING, STALE), new Dispatch(Dispatch.COMMAND_LIST));
        if (t.known("command|docs")) command.sub("docs", -2, flags(LOADING, STALE), new Dispatch(Dispatch.COMMAND_DOCS));
        if (t.known("command|getkeysandflags")) {
            command.sub("getkeysandflags", -4, flags(LOADING, STALE), new Dispatch(Dispatch.COMMAND_GETKEYSANDFLAGS));
        }
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
        List<int[]> keys = keyPositions(c.dialect(), spec, cmd);
        boolean ok = keys != null;
        if (keys == null) keys = List.of();
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
                        : spec.fullName.equals("migrate") ? flagSet("RW", "access", "delete") // migrateGetKeys'
                        : keyFlags(spec, cmd, k[1] >= 0 ? keySpecs[k[1]] : null);
                out.add(Reply.array(key, flags));
            }
        }
        return Reply.array(out);
    }

    /**
     * getKeysFromCommand: the positions of the keys in {@code cmd} (each {position, key spec index or -1}),
     * or null when the arguments cannot satisfy a key spec. Shared by COMMAND GETKEYS and client-side caching.
     */
    /** Commands whose getkeys procedure is genericGetKeys(storeKeyOfs, keyCountOfs, firstKeyOfs, 1). */
    private static final java.util.Map<String, int[]> NUMKEYS_PROCS = java.util.Map.ofEntries(
            java.util.Map.entry("zunionstore", new int[] {1, 2, 3}), java.util.Map.entry("zinterstore", new int[] {1, 2, 3}),
            java.util.Map.entry("zdiffstore", new int[] {1, 2, 3}), java.util.Map.entry("zunion", new int[] {0, 1, 2}),
            java.util.Map.entry("zinter", new int[] {0, 1, 2}), java.util.Map.entry("zdiff", new int[] {0, 1, 2}),
            java.util.Map.entry("zintercard", new int[] {0, 1, 2}), java.util.Map.entry("sintercard", new int[] {0, 1, 2}),
            java.util.Map.entry("lmpop", new int[] {0, 1, 2}), java.util.Map.entry("zmpop", new int[] {0, 1, 2}),
            java.util.Map.entry("blmpop", new int[] {0, 2, 3}), java.util.Map.entry("bzmpop", new int[] {0, 2, 3}),
            java.util.Map.entry("eval", new int[] {0, 2, 3}), java.util.Map.entry("evalsha", new int[] {0, 2, 3}),
            java.util.Map.entry("eval_ro", new int[] {0, 2, 3}), java.util.Map.entry("evalsha_ro", new int[] {0, 2, 3}),
            java.util.Map.entry("fcall", new int[] {0, 2, 3}), java.util.Map.entry("fcall_ro", new int[] {0, 2, 3}));

    /** genericGetKeys: numkeys read with atoi; null (no keys) when it is below 1 or more than there are. */
    private static List<int[]> genericGetKeys(int[] ofs, byte[][] cmd) {
        if (ofs[1] >= cmd.length) return null;
        long num = atoi(cmd[ofs[1]]);
        if (num < 1 || num > cmd.length - ofs[2]) return null;
        List<int[]> keys = new ArrayList<>();
        for (int i = 0; i < num; i++) keys.add(new int[] {ofs[2] + i, -1});
        if (ofs[0] > 0) keys.add(new int[] {ofs[0], -1});
        return keys;
    }

    /** C's atoi (as glibc's strtol cast to int): leading white space, a sign, digits up to the first other byte. */
    static int atoi(byte[] b) {
        int i = 0;
        while (i < b.length && (b[i] == ' ' || (b[i] >= '\t' && b[i] <= '\r'))) i++;
        boolean neg = false;
        if (i < b.length && (b[i] == '+' || b[i] == '-')) neg = b[i++] == '-';
        long v = 0;
        while (i < b.length && b[i] >= '0' && b[i] <= '9') {
            v = v * 10 + (b[i++] - '0');
            if (v > Integer.MAX_VALUE + 1L) v = Integer.MAX_VALUE + 1L;
        }
        v = neg ? -v : v;
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    private static final java.util.Set<String> STORE_LAST_62 = java.util.Set.of("zunionstore", "zinterstore", "zdiffstore");

    static List<int[]> keyPositions(io.redisdouble.dialect.Dialect d, CommandSpec spec, byte[][] cmd) {
        CommandCatalog own = CommandCatalog.of(d);
        Reply[] keySpecs = CommandCatalog.withKeySpecs(d).keySpecs(spec);
        List<int[]> keys = new ArrayList<>(); // {position, key spec index}
        boolean ok = true;
        if (spec.fullName.equals("sort")) {
            // its STORE key spec is incomplete: Redis falls back to sortGetKeys
            for (int pos : SortCommand.keyPositions(cmd)) keys.add(new int[] {pos, -1});
        } else if (spec.fullName.equals("stralgo")) {
            for (int pos : LcsCommand.stralgoKeyPositions(cmd)) keys.add(new int[] {pos, -1});
        } else if (!own.hasKeySpecs() && (spec.fullName.equals("georadius") || spec.fullName.equals("georadiusbymember"))) {
            // 6.2's georadiusGetKeys: the source and the last STORE / STOREDIST key
            for (int pos : GeoCommands.keyPositions62(cmd)) keys.add(new int[] {pos, -1});
        } else if (spec.fullName.equals("migrate")) {
            // migrateGetKeys: argv[3], or the keys after KEYS (none when a key name is given as well)
            for (int pos : DumpCommands.migrateKeyPositions(d, cmd)) keys.add(new int[] {pos, -1});
        } else if (keySpecs != null && keySpecs.length > 0) {
            for (int k = 0; k < keySpecs.length && ok; k++) ok = keysFromSpec(keySpecs[k], cmd, k, keys);
            if (ok && !own.hasKeySpecs() && (spec.fullName.equals("xread") || spec.fullName.equals("xreadgroup"))
                    && !keys.isEmpty() && (cmd.length - keys.get(0)[0]) % 2 != 0) {
                ok = false; // 6.2's xreadGetKeys wants as many IDs as keys after STREAMS
            }
            if (ok && !own.hasKeySpecs() && STORE_LAST_62.contains(spec.fullName) && !keys.isEmpty() && keys.get(0)[0] == 1) {
                // 6.2's zunionInterDiffStoreGetKeys lists the input keys first, the destination last
                keys.add(keys.remove(0));
            }
        }
        if ((!ok || keys.isEmpty()) && NUMKEYS_PROCS.containsKey(spec.fullName)) {
            // The key specs could not read numkeys (string2l refuses " 2", "2x", "2.5"): Redis falls
            // back to the command's getkeys procedure (genericGetKeys), which reads it with atoi and
            // lists a STORE destination last. 6.2 has only the procedures.
            List<int[]> viaProc = genericGetKeys(NUMKEYS_PROCS.get(spec.fullName), cmd);
            if (viaProc != null) return viaProc;
            if (!ok) return null;
        } else if (ok && keys.isEmpty() && spec.firstKey > 0 && (keySpecs == null || keySpecs.length == 0)) {
            int last = spec.lastKey >= 0 ? spec.lastKey : cmd.length + spec.lastKey;
            for (int i = spec.firstKey; i <= last && i < cmd.length; i += Math.max(1, spec.keyStep)) {
                keys.add(new int[] {i, -1});
            }
        }
        return ok ? keys : null;
    }

    /**
     * A key's flags as GETKEYSANDFLAGS shows them: the key spec's, except for the commands whose flags
     * depend on the arguments (setGetKeys, bitfieldGetKeys).
     */
    static Reply keyFlags(CommandSpec spec, byte[][] cmd, Reply keySpec) {
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
    static boolean keysFromSpec(Reply ks, byte[][] argv, int specIndex, List<int[]> out) {
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

    /** This family's command handlers, one object per command and no lambda class each: see {@link OpHandler}. */
    private static final class Dispatch extends OpHandler {
        static final int COMMAND_ALL = 0;
        static final int COMMAND_COUNT = 1;
        static final int COMMAND_INFO = 2;
        static final int COMMAND_HELP = 3;
        static final int COMMAND_LIST = 4;
        static final int COMMAND_DOCS = 5;
        static final int COMMAND_GETKEYS = 6;
        static final int COMMAND_GETKEYSANDFLAGS = 7;

        Dispatch(int op) {
            super(op);
        }

        @Override
        public Reply run(Call c) throws CommandException {
            return switch (op) {
                case COMMAND_ALL -> commandAll(c);
                case COMMAND_COUNT -> commandCount(c);
                case COMMAND_INFO -> commandInfo(c);
                case COMMAND_HELP -> commandHelp(c);
                case COMMAND_LIST -> commandList(c);
                case COMMAND_DOCS -> commandDocs(c);
                case COMMAND_GETKEYS -> commandGetkeys(c, false);
                case COMMAND_GETKEYSANDFLAGS -> commandGetkeys(c, true);
                default -> throw unknown();
            };
        }
    }
}
