package io.redisdouble.command;

import io.redisdouble.util.Bytes;
import io.redisdouble.util.RedisVersion;

import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Name -> {@link CommandSpec}, built for one emulated version: a command the version lacks is not in
 * the table, so it gets that version's unknown-command error. Each command family registers itself
 * (see the {@code register} method at the top of each *Commands class).
 */
public final class CommandTable {
    private final Map<String, CommandSpec> commands = new HashMap<>();
    private final RedisVersion version;

    public CommandTable(RedisVersion version) {
        this.version = version;
    }

    public static CommandTable standard(RedisVersion version) {
        CommandTable t = new CommandTable(version);
        ConnectionCommands.register(t);
        ServerCommands.register(t);
        TransactionCommands.register(t);
        StringCommands.register(t);
        KeyCommands.register(t);
        SortedSetCommands.register(t);
        PubSubCommands.register(t);
        HashCommands.register(t);
        ScriptingCommands.register(t);
        return t;
    }

    public RedisVersion version() {
        return version;
    }

    public static Set<Flag> flags(Flag... f) {
        return f.length == 0 ? EnumSet.noneOf(Flag.class) : EnumSet.of(f[0], f);
    }

    /** Registers a command whose keys are at argv[first..last] every step (0,0,0 when it has none). */
    public CommandSpec add(String name, int arity, Set<Flag> flags, int firstKey, int lastKey, int step, Handler h) {
        CommandSpec s = new CommandSpec(name, null, arity, flags, firstKey, lastKey, step, h);
        commands.put(name, s);
        return s;
    }

    /** Registers a command without keys. */
    public CommandSpec add(String name, int arity, Set<Flag> flags, Handler h) {
        return add(name, arity, flags, 0, 0, 0, h);
    }

    /** True when the emulated version is at least major.minor (for commands added in that version). */
    public boolean since(int major, int minor) {
        return version.atLeast(major, minor);
    }

    public CommandSpec lookup(byte[] name) {
        // Fast path: most names are short ASCII; lower-casing allocates a small string.
        return commands.get(Bytes.lower(name));
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
