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
 * CONFIG GET / SET / RESETSTAT / REWRITE / HELP (config.c): the dialect's parameter table ({@link ServerConfig}),
 * its parsing and checks, and what redis-double refuses rather than accepting and ignoring.
 */
final class ConfigCommand {
    private ConfigCommand() {}

    static void register(CommandTable t) {
        // CONFIG: 7.0 takes several patterns / parameter-value pairs, 6.2 exactly one.
        CommandSpec config = t.add("config", -2, flags(), new Dispatch(Dispatch.CONFIG_CONTAINER));
        config.sub("get", t.has(Quirk.UNIFIED_CONFIG) ? -3 : 3, flags(ADMIN, NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.CONFIG_GET));
        config.sub("set", t.has(Quirk.UNIFIED_CONFIG) ? -4 : 4, flags(ADMIN, NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.CONFIG_SET));
        config.sub("resetstat", 2, flags(ADMIN, NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.CONFIG_RESETSTAT));
        config.sub("rewrite", 2, flags(ADMIN, NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.CONFIG_REWRITE));
        config.sub("help", 2, flags(LOADING, STALE), new Dispatch(Dispatch.CONFIG_HELP));
    }

    // ---- CONFIG ----------------------------------------------------------------------------------------

    /**
     * CONFIG GET pattern [pattern ...]: a map of parameter -> value. 6.2 (one pattern) matches every
     * parameter in table order and names it canonically. 7.0 looks a pattern without glob characters up
     * directly and echoes the name as sent; patterns match the table (Redis's own order is its hash
     * table's, different in every process: we use the table's) except its hidden parameters, which only
     * their exact name finds. A parameter is listed once.
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
                if (p.hidden() || seen.contains(p.name())) continue;
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
            if ((p.kind() == ServerConfig.Kind.IMMUTABLE || p.kind() == ServerConfig.Kind.PROTECTED)
                    && !(c.engine.configuringAtStart() && ServerConfig.settableAtStart(p.name()))) {
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
                boolean clusterNodeTls = params[i].name().equals("tls-cluster") && c.engine.cluster() != null;
                if (clusterNodeTls && !values[i].equals(cfg.value(params[i]))) {
                    // the emulated cluster decides it when it starts (RedisCluster.builder().tls())
                    throw new BadValue("tls-cluster cannot be changed at run time on a node of redis-double's emulated cluster");
                }
                String unsupported = clusterNodeTls ? null : ServerConfig.unsupported(params[i].name(), values[i]);
                if (unsupported != null) throw new BadValue(unsupported);
            } catch (BadValue bad) {
                if (bad.fullError != null) throw Call.error(bad.fullError);
                throw Call.error(Errors.configSetFailed(v, params[i].name(), c.arg(2 + 2 * i), raw, bad.reason));
            }
        }
        String[] before = new String[n];
        int tlsChanged = -1;
        for (int i = 0; i < n; i++) {
            before[i] = cfg.value(params[i]);
            // A file parameter (VOLATILE_CONFIG) re-applies even unchanged: setting the same path reloads the file.
            if (tlsChanged < 0 && ServerConfig.TLS_APPLIED.contains(params[i].name())
                    && (!values[i].equals(before[i]) || ServerConfig.TLS_FILES.contains(params[i].name()))) {
                tlsChanged = i;
            }
        }
        for (int i = 0; i < n; i++) {
            cfg.set(params[i].name(), values[i]);
            // The flags as parsed from the input: "An" keeps n although CONFIG GET then shows only "A".
            if (params[i].name().equals("notify-keyspace-events")) {
                cfg.notifyKeyspaceEvents(KeyspaceEvents.parse(Errors.latin1(c.arg(3 + 2 * i))));
            }
        }
        if (tlsChanged >= 0) {
            // applyTlsCfg: a TLS listener is reconfigured at once (for connections accepted from now on);
            // if that fails every value goes back, as restoreBackupConfig does.
            String failure = c.engine.applyTlsConfig();
            if (failure != null) {
                for (int i = n - 1; i >= 0; i--) cfg.set(params[i].name(), before[i]);
                throw Call.error(Errors.configSetFailed(v, params[tlsChanged].name(), c.arg(2 + 2 * tlsChanged),
                        c.arg(3 + 2 * tlsChanged), failure));
            }
        }
        for (int i = 0; i < n; i++) {
            // updatePort / applyTLSPort (changeListenPort): only for a changed value, as apply functions
            // run only when the value changed; a port that cannot be opened undoes every value.
            String name = params[i].name();
            if ((name.equals("port") || name.equals("tls-port")) && !values[i].equals(before[i])) {
                String failure = c.engine.changeListenPort(name.equals("tls-port"), Integer.parseInt(values[i]));
                if (failure != null) {
                    for (int j = n - 1; j >= 0; j--) cfg.set(params[j].name(), before[j]);
                    for (int j = 0; j < i; j++) {
                        // restoreBackupConfig re-applies what had been applied (the earlier port back)
                        String nm = params[j].name();
                        if ((nm.equals("port") || nm.equals("tls-port")) && !values[j].equals(before[j])) {
                            c.engine.changeListenPort(nm.equals("tls-port"), Integer.parseInt(before[j]));
                        }
                    }
                    if (tlsChanged >= 0) c.engine.applyTlsConfig();
                    throw Call.error(Errors.configSetFailed(v, name, c.arg(2 + 2 * i), c.arg(3 + 2 * i), failure));
                }
            }
        }
        for (int i = 0; i < n; i++) {
            // updateMaxmemory: a new limit is enforced at once (performEvictions), not at the next command
            if (params[i].name().equals("maxmemory")) c.engine.performEvictions(c.now);
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
                if ((p.name().equals("tls-port") || p.name().equals("port")) && !c.engine.canChangeListenPorts()
                        && !Long.toString(val).equals(c.engine.config().value(p))) {
                    // An engine without a network server (not listening yet): no port can be opened.
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
                if (p.name().equals("dbfilename")) return dbfilename(s);
                return s;
            }
            case IMMUTABLE, PROTECTED -> {
                // only at start (flags, builder), as from a config file: see ServerConfig.settableAtStart
                switch (p.name()) {
                    case "dir" -> {
                        return dir(s);
                    }
                    case "dbfilename" -> {
                        return dbfilename(s);
                    }
                    case "rdbchecksum" -> {
                        if (s.equalsIgnoreCase("yes")) return "yes";
                        if (s.equalsIgnoreCase("no")) return "no";
                        throw new BadValue("argument must be 'yes' or 'no'");
                    }
                    default -> throw new IllegalStateException(p.name());
                }
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
            case "latency-tracking-info-percentiles" -> {
                // MULTI_ARG_CONFIG: split at each single space; each a string2d within [0, 100]; "" is none
                if (s.isEmpty()) return "";
                StringBuilder out = new StringBuilder();
                for (String part : s.split(" ", -1)) {
                    double d;
                    try {
                        d = RedisNumbers.parseDoubleStrict(part.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                    } catch (RedisNumbers.NotANumber e) {
                        throw new BadValue("Invalid latency-tracking-info-percentiles parameters");
                    }
                    if (d > 100.0 || d < 0.0) {
                        throw new BadValue("latency-tracking-info-percentiles parameters should sit between [0.0,100.0]");
                    }
                    if (out.length() > 0) out.append(' ');
                    out.append(ServerConfig.trimmedPercentile(d));
                }
                return out.toString();
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
                // A memory value or a percentage of maxmemory (PERCENT_CONFIG, at most 100%; 0% is 0).
                boolean percent = s.endsWith("%");
                BigInteger val = percent ? (s.length() > 1 && s.substring(0, s.length() - 1).chars().allMatch(Character::isDigit)
                        ? new BigInteger(s.substring(0, s.length() - 1)) : null) : memtoull(s, c.dialect());
                if (val == null) {
                    String e = p.badValueError();
                    int dash = e.indexOf(") - ");
                    throw new BadValue(dash < 0 ? null : e.substring(dash + 4));
                }
                if (percent && val.compareTo(BigInteger.valueOf(100)) > 0) {
                    throw new BadValue("percentage argument must be less or equal to 100");
                }
                return percent && val.signum() != 0 ? val + "%" : val.toString();
            }
            case "watchdog-period" -> {
                // 6.2: config_set_numerical_field, memtoll within 0..INT_MAX (7.0+: an int parameter).
                BigInteger val = memtoull(s, c.dialect());
                if (val == null || val.compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0) throw new BadValue(null);
                return val.toString();
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
                // bind, oom-score-adj-values, maxmemory-clients…: the
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
     * dir as setConfigDirOption takes it (chdir): an existing directory, shown as its absolute path. Only the
     * RDB file's place changes here; the process keeps its working directory.
     */
    private static String dir(String s) throws BadValue {
        Path dir = Path.of(s);
        if (!Files.isDirectory(dir)) throw new BadValue(Files.exists(dir) ? "Not a directory" : "No such file or directory");
        return dir.toAbsolutePath().normalize().toString();
    }

    /** isValidDBfilename: a base name (no '/' nor '\\'); empty is allowed (ALLOW_EMPTY_STRING). */
    private static String dbfilename(String s) throws BadValue {
        if (s.indexOf('/') >= 0 || s.indexOf('\\') >= 0) throw new BadValue("dbfilename can't be a path, just a filename");
        return s;
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
        c.engine.resetServerCounts();
        c.engine.keyspace().eviction().resetStats();
        c.engine.resetEvictedClients();
        c.engine.introspection.resetLatency(); // resetCommandTableStats frees the latency histograms
        return Reply.OK;
    }

    /** This family's command handlers, one object per command and no lambda class each: see {@link OpHandler}. */
    private static final class Dispatch extends OpHandler {
        static final int CONFIG_GET = 0;
        static final int CONFIG_SET = 1;
        static final int CONFIG_RESETSTAT = 2;
        static final int CONFIG_CONTAINER = 3;
        static final int CONFIG_REWRITE = 4;
        static final int CONFIG_HELP = 5;

        Dispatch(int op) {
            super(op);
        }

        @Override
        public Reply run(Call c) throws CommandException {
            return switch (op) {
                case CONFIG_GET -> configGet(c);
                case CONFIG_SET -> configSet(c);
                case CONFIG_RESETSTAT -> configResetstat(c);
                case CONFIG_CONTAINER -> null;
                case CONFIG_REWRITE -> Reply.error(Errors.NO_CONFIG_FILE);
                case CONFIG_HELP -> HelpTexts.help(c.dialect(), "CONFIG");
                default -> throw unknown();
            };
        }
    }
}
