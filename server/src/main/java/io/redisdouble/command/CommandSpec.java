package io.redisdouble.command;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A row of the command table: name, arity (negative = at least -arity), flags, key positions, handler,
 * and for container commands (CLIENT, CONFIG…) their subcommands.
 */
public final class CommandSpec {
    final String name;       // lower case, "client" or for subcommands "setname"
    final String fullName;   // "client|setname" for subcommands
    int arity;         // as registered, then as the dialect's catalog says (CommandTable.fromCatalog)
    Set<Flag> flags;
    final int firstKey, lastKey, keyStep;
    final Handler handler;
    final CommandSpec parent;
    final Map<String, CommandSpec> subcommands = new LinkedHashMap<>();

    CommandSpec(String name, CommandSpec parent, int arity, Set<Flag> flags, int firstKey, int lastKey, int keyStep,
                Handler handler) {
        this.name = name;
        this.parent = parent;
        this.fullName = parent == null ? name : parent.name + "|" + name;
        this.arity = arity;
        this.flags = flags.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(flags);
        this.firstKey = firstKey;
        this.lastKey = lastKey;
        this.keyStep = keyStep;
        this.handler = handler;
    }

    public String name() {
        return name;
    }

    public String fullName() {
        return fullName;
    }

    public int arity() {
        return arity;
    }

    public boolean has(Flag f) {
        return flags.contains(f);
    }

    public Set<Flag> flags() {
        return flags;
    }

    public int firstKey() {
        return firstKey;
    }

    public int lastKey() {
        return lastKey;
    }

    public int keyStep() {
        return keyStep;
    }

    public Map<String, CommandSpec> subcommands() {
        return subcommands;
    }

    public boolean isContainer() {
        return !subcommands.isEmpty();
    }

    /** Takes the arity and flags the dialect's real server reports (set once, while the table is built). */
    void adopt(int catalogArity, Set<Flag> catalogFlags) {
        this.arity = catalogArity;
        this.flags = catalogFlags.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(catalogFlags);
    }

    boolean arityOk(int argc) {
        return arity >= 0 ? argc == arity : argc >= -arity;
    }

    /** Adds a subcommand (CLIENT SETNAME…). Arity counts the container's name too, as in Redis 7. */
    public CommandSpec sub(String subName, int subArity, Set<Flag> subFlags, Handler h) {
        CommandSpec s = new CommandSpec(subName, this, subArity, subFlags, 0, 0, 0, h);
        subcommands.put(subName, s);
        return this;
    }
}
