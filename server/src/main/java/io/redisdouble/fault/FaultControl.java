package io.redisdouble.fault;

import io.redisdouble.resp.Reply;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The standalone server's fault-control command, answered only when the server was started with
 * {@code --fault-control yes} (otherwise it is an unknown command, exactly as in Redis):
 * <pre>
 * DOUBLE.FAULT ERROR &lt;LOADING|READONLY|BUSY|OOM|MASTERDOWN|TRYAGAIN|"any error line"&gt; [filters]  -&gt; rule id
 * DOUBLE.FAULT DELAY &lt;milliseconds&gt; [filters]
 * DOUBLE.FAULT CLOSE BEFORE|AFTER [filters]
 * DOUBLE.FAULT STALL [filters]
 * DOUBLE.FAULT REFUSE [ADDR glob] [TIMES n]
 *   filters: COMMAND name (repeatable) | KEY glob | NAME glob | ADDR glob | ID client-id | TIMES n
 * DOUBLE.FAULT REMOVE &lt;id&gt;     -&gt; 1, or 0 if there was no such rule
 * DOUBLE.FAULT CLEAR            -&gt; OK (every rule removed, stalled clients healed, log emptied)
 * DOUBLE.FAULT LIST             -&gt; one line per rule
 * DOUBLE.FAULT LOG              -&gt; one line per firing
 * DOUBLE.FAULT HELP
 * </pre>
 * A connection that has sent this command is never affected by a fault itself.
 */
final class FaultControl {
    private FaultControl() {}

    static final String[] HELP = {
            "DOUBLE.FAULT <subcommand> [<arg> ...]. Faults on demand (redis-double --fault-control yes). Subcommands are:",
            "ERROR <LOADING|READONLY|BUSY|OOM|MASTERDOWN|TRYAGAIN|\"error line\"> [filters]",
            "    Answer matching requests with this error instead of running them. Returns the rule id.",
            "DELAY <milliseconds> [filters]",
            "    Run matching requests, send their replies that much later.",
            "CLOSE BEFORE|AFTER [filters]",
            "    Close the connection instead of running the request (BEFORE), or after running it, without its reply (AFTER).",
            "STALL [filters]",
            "    A network partition: stop reading from and writing to matching clients until the rule is removed.",
            "REFUSE [ADDR <glob>] [TIMES <n>]",
            "    Reset new connections as soon as they are accepted.",
            "    Filters: COMMAND <name> (repeatable), KEY <glob>, NAME <glob>, ADDR <glob>, ID <client-id>, TIMES <n>.",
            "REMOVE <id>",
            "    End a rule (stalled clients are served again).",
            "CLEAR",
            "    End every rule and empty the log.",
            "LIST",
            "    The rules in force.",
            "LOG",
            "    Every firing: rule, client, request, time.",
            "HELP",
            "    Print this help."};

    static Reply execute(Faults faults, byte[][] argv) {
        if (argv.length < 2) return Reply.error("ERR wrong number of arguments for '" + Faults.CONTROL_COMMAND.toLowerCase(Locale.ROOT) + "' command");
        String sub = text(argv[1]).toUpperCase(Locale.ROOT);
        try {
            switch (sub) {
                case "HELP" -> {
                    List<Reply> lines = new ArrayList<>();
                    for (String l : HELP) lines.add(Reply.simple(l));
                    return Reply.array(lines);
                }
                case "CLEAR" -> {
                    noMore(argv, 2);
                    faults.clear();
                    return Reply.OK;
                }
                case "LIST" -> {
                    noMore(argv, 2);
                    List<Reply> out = new ArrayList<>();
                    for (FaultRule r : faults.rules()) out.add(Reply.bulk(r.toString()));
                    return Reply.array(out);
                }
                case "LOG" -> {
                    noMore(argv, 2);
                    List<Reply> out = new ArrayList<>();
                    for (FaultEvent e : faults.log()) out.add(Reply.bulk(e.toString()));
                    return Reply.array(out);
                }
                case "REMOVE" -> {
                    if (argv.length != 3) throw new IllegalArgumentException("REMOVE takes one rule id");
                    long id = number(argv[2]);
                    for (FaultRule r : faults.rules()) {
                        if (r.id() == id) {
                            r.remove();
                            return Reply.ONE;
                        }
                    }
                    return Reply.ZERO;
                }
                case "ERROR" -> {
                    if (argv.length < 3) throw new IllegalArgumentException("ERROR needs the error");
                    String e = text(argv[2]);
                    Faults.On on = filters(faults, argv, 3);
                    for (RedisError known : RedisError.values()) {
                        if (known.name().equalsIgnoreCase(e)) return Reply.integer(on.replyError(known).id());
                    }
                    return Reply.integer(on.replyError(e).id());
                }
                case "DELAY" -> {
                    if (argv.length < 3) throw new IllegalArgumentException("DELAY needs milliseconds");
                    long ms = number(argv[2]);
                    return Reply.integer(filters(faults, argv, 3).delayReplies(Duration.ofMillis(ms)).id());
                }
                case "CLOSE" -> {
                    String when = argv.length < 3 ? "" : text(argv[2]).toUpperCase(Locale.ROOT);
                    Faults.On on = filters(faults, argv, 3);
                    return switch (when) {
                        case "BEFORE" -> Reply.integer(on.closeBeforeRun().id());
                        case "AFTER" -> Reply.integer(on.closeAfterRun().id());
                        default -> throw new IllegalArgumentException("CLOSE takes BEFORE or AFTER");
                    };
                }
                case "STALL" -> {
                    return Reply.integer(filters(faults, argv, 2).stall().id());
                }
                case "REFUSE" -> {
                    return Reply.integer(filters(faults, argv, 2).refuseConnections().id());
                }
                default -> {
                    return Reply.error("ERR unknown subcommand '" + text(argv[1]) + "'. Try " + Faults.CONTROL_COMMAND + " HELP.");
                }
            }
        } catch (IllegalArgumentException e) {
            return Reply.error("ERR " + Faults.CONTROL_COMMAND + " " + sub + ": " + e.getMessage());
        }
    }

    /** Reads {@code [COMMAND name]… [KEY glob] [NAME glob] [ADDR glob] [ID n] [TIMES n]} from {@code from} on. */
    private static Faults.On filters(Faults faults, byte[][] argv, int from) {
        List<String> commands = new ArrayList<>();
        String key = null, name = null, addr = null;
        Long id = null, times = null;
        for (int i = from; i < argv.length; i += 2) {
            String opt = text(argv[i]).toUpperCase(Locale.ROOT);
            if (i + 1 >= argv.length) throw new IllegalArgumentException(opt + " needs a value");
            String v = text(argv[i + 1]);
            switch (opt) {
                case "COMMAND" -> commands.add(v);
                case "KEY" -> key = v;
                case "NAME" -> name = v;
                case "ADDR" -> addr = v;
                case "ID" -> id = number(argv[i + 1]);
                case "TIMES" -> times = number(argv[i + 1]);
                default -> throw new IllegalArgumentException("unknown filter '" + text(argv[i]) + "' (COMMAND, KEY, NAME, ADDR, ID, TIMES)");
            }
        }
        Match m = commands.isEmpty() ? Match.any() : Match.command(commands.toArray(new String[0]));
        if (key != null) m = m.key(key);
        if (name != null) m = m.clientName(name);
        if (addr != null) m = m.clientAddress(addr);
        if (id != null) m = m.clientId(id);
        Faults.On on = faults.when(m);
        if (times != null) on.times(times);
        return on;
    }

    private static void noMore(byte[][] argv, int n) {
        if (argv.length > n) throw new IllegalArgumentException("takes no arguments");
    }

    private static long number(byte[] b) {
        try {
            return io.redisdouble.util.RedisNumbers.parseLong(b);
        } catch (io.redisdouble.util.RedisNumbers.NotANumber e) {
            throw new IllegalArgumentException("'" + text(b) + "' is not an integer");
        }
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
