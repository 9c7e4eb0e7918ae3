package io.redisdouble.fault;

import io.redisdouble.util.Glob;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Which requests (and clients) a fault applies to: all conditions given must hold. Immutable; each method
 * returns a narrower copy.
 *
 * <pre>{@code
 * Match.any()                                  // every request of every client
 * Match.command("SET", "EVAL").key("lock:*")   // SET or EVAL naming a key that matches lock:*
 * Match.any().clientName("worker-*")           // clients named so (CLIENT SETNAME / HELLO SETNAME)
 * Match.any().clientAddress("127.0.0.2:*")     // clients connected from 127.0.0.2
 * }</pre>
 *
 * Command names are case-insensitive; {@code "CLIENT|SETNAME"} (or {@code "CLIENT SETNAME"}) names a
 * subcommand. Patterns are Redis's glob patterns (as KEYS and PSUBSCRIBE take them), case-sensitive;
 * a key pattern holds when any key of the request matches it (the keys COMMAND GETKEYS reports).
 */
public final class Match {
    private final Set<String> commands; // lower case; "container|sub" for a subcommand
    private final String keyGlob;
    private final String nameGlob;
    private final String addressGlob;
    private final Long clientId;

    private Match(Set<String> commands, String keyGlob, String nameGlob, String addressGlob, Long clientId) {
        this.commands = commands;
        this.keyGlob = keyGlob;
        this.nameGlob = nameGlob;
        this.addressGlob = addressGlob;
        this.clientId = clientId;
    }

    private static final Match ANY = new Match(Set.of(), null, null, null, null);

    /** Every request of every client. */
    public static Match any() {
        return ANY;
    }

    /** Requests of these commands (any of them). */
    public static Match command(String... names) {
        if (names.length == 0) throw new IllegalArgumentException("name at least one command");
        Set<String> s = new LinkedHashSet<>();
        for (String n : names) {
            String c = Objects.requireNonNull(n).trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", "|");
            if (c.isEmpty()) throw new IllegalArgumentException("empty command name");
            s.add(c);
        }
        return new Match(Set.copyOf(s), null, null, null, null);
    }

    /** Only requests naming a key that matches this glob pattern. */
    public Match key(String glob) {
        return new Match(commands, Objects.requireNonNull(glob), nameGlob, addressGlob, clientId);
    }

    /** Only clients whose name (CLIENT SETNAME, HELLO … SETNAME) matches this glob; unnamed clients never do. */
    public Match clientName(String glob) {
        return new Match(commands, keyGlob, Objects.requireNonNull(glob), addressGlob, clientId);
    }

    /** Only clients whose address, {@code ip:port} as CLIENT LIST shows it, matches this glob. */
    public Match clientAddress(String glob) {
        return new Match(commands, keyGlob, nameGlob, Objects.requireNonNull(glob), clientId);
    }

    /** Only the client with this id (CLIENT ID). */
    public Match clientId(long id) {
        return new Match(commands, keyGlob, nameGlob, addressGlob, id);
    }

    /** True when the match says nothing about requests (command or key): it selects clients only. */
    boolean clientsOnly() {
        return commands.isEmpty() && keyGlob == null;
    }

    /** True when the match needs nothing but the peer's address (what is known before any request). */
    boolean addressOnly() {
        return clientsOnly() && nameGlob == null && clientId == null;
    }

    /** Whether the client (not any request) is selected. */
    boolean matchesClient(long id, String name, String address) {
        if (clientId != null && clientId != id) return false;
        if (nameGlob != null && (name == null || !Glob.match(nameGlob, name, false))) return false;
        return addressGlob == null || (address != null && Glob.match(addressGlob, address, false));
    }

    /** Whether this request of this client is selected; {@code keys} gives the request's keys when asked. */
    boolean matches(long id, String name, String address, byte[][] argv, Function<byte[][], List<byte[]>> keys) {
        if (!matchesClient(id, name, address)) return false;
        if (!commands.isEmpty()) {
            if (argv.length == 0) return false;
            String cmd = new String(argv[0], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
            String sub = argv.length > 1 ? cmd + "|" + new String(argv[1], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT) : null;
            if (!commands.contains(cmd) && (sub == null || !commands.contains(sub))) return false;
        }
        if (keyGlob != null) {
            byte[] p = keyGlob.getBytes(StandardCharsets.UTF_8);
            boolean any = false;
            for (byte[] k : keys.apply(argv)) {
                if (Glob.match(p, k, false)) {
                    any = true;
                    break;
                }
            }
            if (!any) return false;
        }
        return true;
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (String c : commands) parts.add("command=" + c);
        if (keyGlob != null) parts.add("key=" + keyGlob);
        if (nameGlob != null) parts.add("client-name=" + nameGlob);
        if (addressGlob != null) parts.add("client-address=" + addressGlob);
        if (clientId != null) parts.add("client-id=" + clientId);
        return parts.isEmpty() ? "any" : String.join(" ", parts);
    }
}
