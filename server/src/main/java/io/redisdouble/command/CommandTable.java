package io.redisdouble.command;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.dialect.Quirk;
import io.redisdouble.util.Bytes;

import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Name -> {@link CommandSpec}, built for one dialect: a command the dialect's server lacks is not in
 * the table, so it gets that server's unknown-command error. Each command family registers itself
 * (see the {@code register} method at the top of each *Commands class).
 */
public final class CommandTable {
    private final Map<String, CommandSpec> commands = new HashMap<>();
    private final Dialect dialect;

    public CommandTable(Dialect dialect) {
        this.dialect = dialect;
    }

    public static CommandTable standard(Dialect dialect) {
        CommandTable t = new CommandTable(dialect);
        ConnectionCommands.register(t);
        ClientPause.register(t);
        ServerCommands.register(t);
        TransactionCommands.register(t);
        StringCommands.register(t);
        BitmapCommands.register(t);
        LcsCommand.register(t);
        KeyCommands.register(t);
        SortedSetCommands.register(t);
        GeoCommands.register(t);
        PubSubCommands.register(t);
        HashCommands.register(t);
        SetCommands.register(t);
        ListCommands.register(t);
        SortCommand.register(t);
        StreamCommands.register(t);
        ObjectCommand.register(t);
        MemoryCommand.register(t);
        LolwutCommand.register(t);
        ScriptingCommands.register(t);
        FunctionCommands.register(t);
        HyperLogLogCommands.register(t);
        DumpCommands.register(t);
        AclCommands.register(t);
        IntrospectionCommands.register(t);
        Monitor.register(t);
        ClusterCommands.register(t);
        t.addUnimplementedFromCatalog();
        t.fromCatalog();
        t.buildIndex();
        return t;
    }

    /**
     * Registers every command and subcommand of the dialect's catalog that no family implements, with a
     * handler that refuses it by name ({@link Errors#notImplemented}): COMMAND then describes the whole
     * server as its real counterpart does, and a client gets a plain "not implemented" rather than
     * "unknown command". Their arity, flags and key positions are the catalog's.
     */
    private void addUnimplementedFromCatalog() {
        if (catalog == null) catalog = CommandCatalog.of(dialect);
        java.util.List<String> names = new java.util.ArrayList<>(catalog.fullNames());
        java.util.Collections.sort(names); // containers ("client") before their subcommands ("client|pause")
        for (String full : names) {
            int bar = full.indexOf('|');
            String top = bar < 0 ? full : full.substring(0, bar);
            CommandSpec parent = commands.get(top);
            if (bar < 0) {
                if (parent != null) continue;
                int[] k = catalog.keyPositions(full);
                add(full, catalog.arity(full), catalogFlags(full, flags()), k[0], k[1], k[2], notImplemented(full));
                unimplemented.add(full);
            } else {
                if (parent == null) continue; // its container is listed too, so it was added above
                String sub = full.substring(bar + 1);
                if (parent.subcommands.containsKey(sub)) continue;
                int[] k = catalog.keyPositions(full);
                parent.subcommands.put(sub, new CommandSpec(sub, parent, catalog.arity(full),
                        catalogFlags(full, flags()), k[0], k[1], k[2], notImplemented(full)));
                unimplemented.add(full);
            }
        }
    }

    /** Full names of the catalog's commands that answer {@link Errors#notImplemented}, sorted. */
    public java.util.SortedSet<String> unimplemented() {
        return java.util.Collections.unmodifiableSortedSet(unimplemented);
    }

    private final java.util.TreeSet<String> unimplemented = new java.util.TreeSet<>();

    private static Handler notImplemented(String fullName) {
        String text = Errors.notImplemented(fullName.replace('|', ' '));
        return c -> {
            throw Call.error(text);
        };
    }

    /**
     * Every command and subcommand the dialect's captured catalog lists takes the arity and flags its
     * real server reports (flags: plus redis-double's own markers): the registrations only bind handlers.
     * What the catalog does not list (6.2's subcommands) keeps its registration.
     */
    private void fromCatalog() {
        for (CommandSpec c : commands.values()) {
            if (known(c.fullName)) c.adopt(catalog.arity(c.fullName), catalogFlags(c.fullName, c.flags));
            for (CommandSpec sub : c.subcommands.values()) {
                if (known(sub.fullName)) sub.adopt(catalog.arity(sub.fullName), catalogFlags(sub.fullName, sub.flags));
            }
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    public static Set<Flag> flags(Flag... f) {
        return f.length == 0 ? EnumSet.noneOf(Flag.class) : EnumSet.of(f[0], f);
    }

    /** Registers a command whose keys are at argv[first..last] every step (0,0,0 when it has none). */
    public CommandSpec add(String name, int arity, Set<Flag> flags, int firstKey, int lastKey, int step, Handler h) {
        CommandSpec s = new CommandSpec(name, null, arity, catalogFlags(name, flags), firstKey, lastKey, step, h);
        commands.put(name, s);
        index = null;
        return s;
    }

    /** Registers a command without keys. */
    public CommandSpec add(String name, int arity, Set<Flag> flags, Handler h) {
        return add(name, arity, flags, 0, 0, 0, h);
    }

    /** True if the dialect has the behaviour (for registrations that differ, e.g. an arity). */
    public boolean has(Quirk q) {
        return dialect.has(q);
    }

    /**
     * True if the dialect's real server has the command or subcommand ("expiretime", "client|no-evict"),
     * as its captured catalog lists it: families register the commands not every server has only then.
     */
    public boolean known(String fullName) {
        CommandCatalog c = catalog;
        if (c == null) catalog = c = CommandCatalog.of(dialect);
        return c.lists(fullName);
    }

    private CommandCatalog catalog;

    /**
     * Redis's flags for a command as the dialect's real server reports them (COMMAND), plus the
     * emulator's own markers from {@code registered}; {@code registered} alone where the catalog does
     * not list the command.
     */
    Set<Flag> catalogFlags(String fullName, Set<Flag> registered) {
        if (!known(fullName)) return registered;
        Set<Flag> out = catalog.flags(fullName);
        for (Flag f : registered) if (f.isMarker()) out.add(f);
        return out;
    }

    /**
     * The arity the dialect's real server reports for the command or subcommand ("command|getkeys": -4 in
     * 7.0, -3 in 7.2), or {@code fallback} where its catalog does not list it.
     */
    public int catalogArity(String fullName, int fallback) {
        if (!known(fullName)) return fallback;
        return catalog.arity(fullName);
    }

    /**
     * The command named by {@code name}, in any letter case, or null. Called for every request, so it
     * neither allocates nor lower-cases: an open-addressing index over the names' ASCII-folded hash.
     */
    public CommandSpec lookup(byte[] name) {
        CommandSpec[] idx = index;
        if (idx == null) idx = buildIndex();
        int mask = idx.length - 1;
        for (int slot = foldedHash(name) & mask; ; slot = (slot + 1) & mask) {
            CommandSpec s = idx[slot];
            if (s == null) return null;
            if (Bytes.eqIgnoreCase(name, s.name)) return s;
        }
    }

    private CommandSpec[] index;

    private CommandSpec[] buildIndex() {
        int n = 1;
        while (n < commands.size() * 4) n <<= 1;
        CommandSpec[] idx = new CommandSpec[n];
        for (CommandSpec s : commands.values()) {
            int slot = foldedHash(Bytes.utf8(s.name)) & (n - 1);
            while (idx[slot] != null) slot = (slot + 1) & (n - 1);
            idx[slot] = s;
        }
        index = idx;
        return idx;
    }

    /** A hash of the name with ASCII letters folded to lower case. */
    private static int foldedHash(byte[] name) {
        int h = 0;
        for (byte b : name) {
            int c = b;
            if (c >= 'A' && c <= 'Z') c += 32;
            h = 31 * h + c;
        }
        return h ^ (h >>> 16);
    }

    public CommandSpec lookup(String lowerName) {
        return commands.get(lowerName);
    }

    public Collection<CommandSpec> all() {
        return commands.values();
    }

    public int size() {
        return commands.size();
    }
}
