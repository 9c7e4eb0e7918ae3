package io.redisdouble.command;

import io.redisdouble.resp.Reply;
import io.redisdouble.util.Bytes;

import static io.redisdouble.command.CommandTable.flags;
import static io.redisdouble.command.Flag.*;

/**
 * MONITOR (replication.c replicationFeedMonitors): after each command runs, every monitor gets the line
 * {@code +<seconds>.<micros> [<db> <addr>] "arg" ...} — time from the server clock, the database the
 * command ended in, the client's address ("lua" for a script's commands), each argument as sdscatrepr
 * quotes it, secrets of AUTH / HELLO redacted. Administrative and skip_monitor commands are not shown.
 * A monitor is a replica to Redis (CLIENT_SLAVE): its keyspace commands are refused until RESET.
 */
final class Monitor {
    private Monitor() {}

    static final byte[] REDACTED = Bytes.utf8("(redacted)");

    static void register(CommandTable t) {
        t.add("monitor", 1, flags(ADMIN, NOSCRIPT, LOADING, STALE), Monitor::monitor);
    }

    /** MONITOR: a client already monitoring gets no reply (monitorCommand ignores it). */
    static Reply monitor(Call c) {
        Session s = c.session;
        if (s.monitor || c.engine.inNestedCall()) return s.monitor ? null : Reply.OK;
        s.monitor = true;
        c.engine.monitors.add(s);
        return Reply.OK;
    }

    /** RESET (clearClientConnectionState): the client leaves MONITOR mode. */
    static void stop(Engine e, Session s) {
        if (!s.monitor) return;
        s.monitor = false;
        e.monitors.remove(s);
    }

    /**
     * Scripts (EVAL, EVALSHA, FCALL and their _RO forms) are shown before they run, so that their
     * commands follow them (evalCommand, fcallCommandGeneric); they are skip_monitor for call().
     */
    static boolean shownBeforeRunning(CommandSpec spec) {
        if (spec.parent != null) return false;
        return switch (spec.name) {
            case "eval", "evalsha", "eval_ro", "evalsha_ro", "fcall", "fcall_ro" -> true;
            default -> false;
        };
    }

    /** replicationFeedMonitors: {@code before} for a script about to run, else for a command that just ran. */
    static void feed(Engine e, Session s, CommandSpec spec, byte[][] argv, boolean before) {
        if (before != shownBeforeRunning(spec)) return;
        if (!before && (spec.has(ADMIN) || spec.has(SKIP_MONITOR))) return;
        String line = line(e.time().currentTimeMicros(), s.db, s.script ? "lua" : s.link == null ? "?:0" : s.link.peerAddress(),
                shownArgv(e.config().dialect(), spec, argv));
        Reply r = Reply.simple(line);
        Session running = e.currentClient();
        for (Session m : e.monitors) {
            if (m == running && !before) e.ownMonitorLines.add(r);
            else if (m.link != null) m.link.push(r);
        }
    }

    static String line(long micros, int db, String addr, byte[][] argv) {
        StringBuilder b = new StringBuilder(64);
        b.append(Math.floorDiv(micros, 1_000_000)).append('.');
        String us = Long.toString(Math.floorMod(micros, 1_000_000));
        b.append("000000", 0, 6 - us.length()).append(us);
        b.append(" [").append(db).append(' ').append(addr).append("] ");
        for (int j = 0; j < argv.length; j++) {
            repr(b, argv[j]);
            if (j != argv.length - 1) b.append(' ');
        }
        return b.toString();
    }

    /** sdscatrepr: a double-quoted string, \\ \" \n \r \t \a \b escaped, other unprintable bytes as \xhh. */
    static void repr(StringBuilder b, byte[] s) {
        b.append('"');
        for (byte x : s) {
            int c = x & 0xff;
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case 7 -> b.append("\\a");
                case 8 -> b.append("\\b");
                default -> {
                    if (c >= 0x20 && c < 0x7f) b.append((char) c);
                    else b.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
                }
            }
        }
        b.append('"');
    }

    /**
     * The arguments as MONITOR and SLOWLOG show them: AUTH's password (and user name in the two-argument
     * form), HELLO's AUTH pair, every argument of ACL SETUSER from the user name on, the value of a
     * sensitive configuration (masteruser, masterauth, requirepass) in CONFIG SET, and MIGRATE's AUTH
     * password and AUTH2 pair (as far as MIGRATE reads its options) become "(redacted)"
     * (redactClientCommandArgument).
     */
    static byte[][] shownArgv(io.redisdouble.dialect.Dialect d, CommandSpec spec, byte[][] argv) {
        String container = spec.parent != null ? spec.parent.name : spec.name;
        String sub = spec.parent != null ? spec.name : argv.length > 1 ? Bytes.lower(argv[1]) : "";
        if (container.equals("acl") && sub.equals("setuser") && argv.length >= 3) {
            byte[][] out = argv.clone();
            for (int j = 2; j < out.length; j++) out[j] = REDACTED;
            return out;
        }
        // 7.0 reads every pair of an even count; 6.2 only its one pair
        boolean configSetRuns = d.has(io.redisdouble.dialect.Quirk.UNIFIED_CONFIG) ? argv.length >= 4 && argv.length % 2 == 0
                : argv.length == 4;
        if (container.equals("config") && sub.equals("set") && configSetRuns) {
            byte[][] out = null;
            for (int j = 2; j + 1 < argv.length; j += 2) {
                String name = new String(argv[j], java.nio.charset.StandardCharsets.ISO_8859_1);
                if (name.equalsIgnoreCase("masteruser") || name.equalsIgnoreCase("masterauth") || name.equalsIgnoreCase("requirepass")) {
                    if (out == null) out = argv.clone();
                    out[j + 1] = REDACTED;
                }
            }
            return out == null ? argv : out;
        }
        if (spec.parent == null && spec.name.equals("migrate")) return migrateShown(argv);
        if (spec.parent != null) return argv;
        if (spec.name.equals("auth")) {
            if (argv.length > 3) return argv;
            byte[][] out = argv.clone();
            out[1] = REDACTED;
            if (out.length == 3) out[2] = REDACTED;
            return out;
        }
        if (spec.name.equals("hello")) {
            byte[][] out = null;
            for (int j = 2; j < argv.length; j++) {
                int more = argv.length - 1 - j;
                if (Bytes.eqIgnoreCase(argv[j], "auth") && more >= 2) {
                    if (out == null) out = argv.clone();
                    out[j + 1] = REDACTED;
                    out[j + 2] = REDACTED;
                    j += 2;
                } else if (Bytes.eqIgnoreCase(argv[j], "setname") && more >= 1) {
                    j++;
                } else {
                    break;
                }
            }
            return out == null ? argv : out;
        }
        return argv;
    }

    /** migrateCommand's option loop: AUTH's password and AUTH2's pair redacted until a syntax error or KEYS. */
    private static byte[][] migrateShown(byte[][] argv) {
        byte[][] out = null;
        for (int j = 6; j < argv.length; j++) {
            int more = argv.length - 1 - j;
            if (Bytes.eqIgnoreCase(argv[j], "copy") || Bytes.eqIgnoreCase(argv[j], "replace")) continue;
            if (Bytes.eqIgnoreCase(argv[j], "auth") && more >= 1) {
                if (out == null) out = argv.clone();
                out[++j] = REDACTED;
            } else if (Bytes.eqIgnoreCase(argv[j], "auth2") && more >= 2) {
                if (out == null) out = argv.clone();
                out[++j] = REDACTED;
                out[++j] = REDACTED;
            } else {
                break; // KEYS (the rest are keys) or a syntax error
            }
        }
        return out == null ? argv : out;
    }
}
