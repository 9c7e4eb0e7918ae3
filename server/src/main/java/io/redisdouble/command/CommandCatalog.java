package io.redisdouble.command;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.resp.Reply;
import io.redisdouble.util.Bytes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What real Redis answers to COMMAND INFO and COMMAND DOCS, per command, for the emulated version.
 *
 * <p>The data ({@code commands-<version>.resp}) is the raw RESP3 reply of {@code COMMAND} and, for 7.x,
 * {@code COMMAND DOCS} of a real redis-server, captured by {@code src/test/tools/gen_reference_data.py}.
 * RESP3 keeps sets and maps distinct, so the same tree encodes to RESP2 exactly as Redis does (sets and
 * maps become flat arrays). Only commands registered in the {@link CommandTable} are served, and a
 * container's subcommand lists are cut down to the registered subcommands: COMMAND describes what this
 * server runs. A registered command missing from the data is not a command for real Redis either (6.2's
 * QUIT): COMMAND INFO answers nil for it.
 */
final class CommandCatalog {
    /** Entries by full name ("get", "config|get"), as COMMAND INFO shows them (all subcommands). */
    private final Map<String, Reply> info = new HashMap<>();
    /** COMMAND DOCS values by full name (7.x only): read from {@link #docsData} at the first use. */
    private Map<String, Reply> docs;
    /**
     * The captured COMMAND DOCS reply, unparsed: more than half of the catalog, and only COMMAND DOCS
     * reads it, so a server's start does not build it (a cold start parsed it in the interpreter).
     */
    private byte[] docsData;
    private int docsStart = -1;
    /** True if the entries carry key specifications (7.x). */
    private boolean keySpecsPresent;

    private static final Map<Dialect, CommandCatalog> CACHE = new HashMap<>();

    static synchronized CommandCatalog of(Dialect v) {
        return CACHE.computeIfAbsent(v, CommandCatalog::new);
    }

    private CommandCatalog(Dialect d) {
        String resource = d.catalogResource();
        byte[] data;
        try (InputStream in = CommandCatalog.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing resource " + resource);
            data = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int[] pos = {0};
        while (pos[0] < data.length) {
            int nl = indexOf(data, (byte) '\n', pos[0]);
            String header = new String(data, pos[0] + 1, nl - pos[0] - 1, StandardCharsets.US_ASCII);
            pos[0] = nl + 1;
            int sp = header.lastIndexOf(' ');
            String part = header.substring(0, sp);
            int end = pos[0] + Integer.parseInt(header.substring(sp + 1));
            if (part.equals("COMMAND DOCS")) {
                docsData = data;
                docsStart = pos[0];
                pos[0] = end;
                continue;
            }
            Reply tree = parse(data, pos);
            if (pos[0] != end) throw new IllegalStateException("bad " + resource + " section " + part);
            if (part.equals("COMMAND")) {
                for (Reply e : items(tree)) indexInfo(e);
            }
        }
    }

    /** The COMMAND DOCS entries, parsed at the first call. */
    private synchronized Map<String, Reply> docs() {
        if (docs == null) {
            docs = new HashMap<>();
            if (docsStart >= 0) {
                Reply[] kv = items(parse(docsData, new int[] {docsStart}));
                for (int i = 0; i < kv.length; i += 2) indexDocs(text(kv[i]), kv[i + 1]);
            }
            docsData = null;
        }
        return docs;
    }

    private void indexInfo(Reply entry) {
        Reply[] f = items(entry);
        info.put(text(f[0]), entry);
        if (f.length > 8) keySpecsPresent = true;
        if (f.length > 9) for (Reply sub : items(f[9])) indexInfo(sub);
    }

    private void indexDocs(String name, Reply doc) {
        docs.put(name, doc);
        Reply subs = mapGet(doc, "subcommands");
        if (subs != null) {
            Reply[] kv = items(subs);
            for (int i = 0; i < kv.length; i += 2) indexDocs(text(kv[i]), kv[i + 1]);
        }
    }

    /** True if the real server's COMMAND lists this command or subcommand ("get", "config|get"). */
    boolean lists(String fullName) {
        return info.containsKey(fullName);
    }

    /** Every command and subcommand full name the real server lists ("get", "config|get"), in no order. */
    java.util.Set<String> fullNames() {
        return java.util.Collections.unmodifiableSet(info.keySet());
    }

    /** The real server's first key, last key and key step for a command (COMMAND's 4th-6th fields). */
    int[] keyPositions(String fullName) {
        Reply[] f = items(info.get(fullName));
        return new int[] {(int) integer(f[3]), (int) integer(f[4]), (int) integer(f[5])};
    }

    /** The arity the real server reports for a command or subcommand, or null if it does not list it. */
    Integer arity(String fullName) {
        Reply e = info.get(fullName);
        return e == null ? null : (int) ((Reply.Int) items(e)[1]).value;
    }

    /**
     * The flags the real server reports for a command or subcommand, as far as {@link Flag} names them
     * ("movablekeys", "random"… are left out), or null if it does not list it.
     */
    java.util.Set<Flag> flags(String fullName) {
        Reply e = info.get(fullName);
        if (e == null) return null;
        java.util.Set<Flag> out = java.util.EnumSet.noneOf(Flag.class);
        for (Reply f : items(items(e)[2])) {
            Flag flag = Flag.fromWireName(text(f));
            if (flag != null) out.add(flag);
        }
        return out;
    }

    boolean hasDocs() {
        return !docs().isEmpty();
    }

    /** True if the real server reports key specifications (7.x; 6.2's COMMAND has none). */
    boolean hasKeySpecs() {
        return keySpecsPresent;
    }

    /**
     * The dialect's own catalog if it has key specifications, else the first supported dialect's that
     * has them: they describe the same arguments, so COMMAND GETKEYS finds keys alike.
     */
    static CommandCatalog withKeySpecs(Dialect d) {
        CommandCatalog own = of(d);
        if (own.hasKeySpecs()) return own;
        for (Dialect other : Dialect.supported()) {
            CommandCatalog c = of(other);
            if (c.hasKeySpecs()) return c;
        }
        throw new IllegalStateException("no catalog has key specifications");
    }

    /**
     * The COMMAND INFO entry of a registered command (or subcommand), its subcommands cut to the
     * registered ones; null if real Redis does not list it.
     */
    Reply info(CommandSpec spec) {
        Reply e = info.get(spec.fullName);
        if (e == null) return null;
        Reply[] f = items(e);
        if (f.length <= 9 || spec.subcommands.isEmpty() && items(f[9]).length == 0) return e;
        Reply[] out = f.clone();
        List<Reply> subs = new ArrayList<>();
        for (CommandSpec sub : spec.subcommands.values()) {
            Reply si = info(sub);
            if (si != null) subs.add(si);
        }
        out[9] = Reply.array(subs);
        return Reply.array(out);
    }

    /** The COMMAND DOCS value of a registered command, its "subcommands" cut to registered ones; or null. */
    Reply docs(CommandSpec spec) {
        Reply d = docs().get(spec.fullName);
        if (d == null) return null;
        Reply[] kv = items(d);
        List<Reply> out = new ArrayList<>(kv.length);
        for (int i = 0; i < kv.length; i += 2) {
            if (text(kv[i]).equals("subcommands")) {
                if (spec.subcommands.isEmpty()) continue;
                List<Reply> subs = new ArrayList<>();
                for (CommandSpec sub : spec.subcommands.values()) {
                    Reply sd = docs(sub);
                    if (sd == null) continue;
                    subs.add(Reply.bulk(sub.fullName));
                    subs.add(sd);
                }
                out.add(kv[i]);
                out.add(Reply.map(subs));
            } else {
                out.add(kv[i]);
                out.add(kv[i + 1]);
            }
        }
        return Reply.map(out);
    }

    /** Every command and subcommand name the real server lists ("get", "config|get"). */
    java.util.Set<String> names() {
        return info.keySet();
    }

    /** The ACL categories ("@read"…) real Redis lists for a command, without the '@'. */
    List<String> categories(CommandSpec spec) {
        return categories(spec.fullName);
    }

    /** The ACL categories of a command or subcommand by full name, without the '@'. */
    List<String> categories(String fullName) {
        Reply e = info.get(fullName);
        List<String> out = new ArrayList<>();
        if (e == null) return out;
        for (Reply r : items(items(e)[6])) out.add(text(r).substring(1));
        return out;
    }

    /** The 7.x key specifications of a command (maps), or null when the data has none. */
    Reply[] keySpecs(CommandSpec spec) {
        Reply e = info.get(spec.fullName);
        if (e == null) return null;
        Reply[] f = items(e);
        return f.length > 8 ? items(f[8]) : null;
    }

    // ---- tree helpers -------------------------------------------------------------------------------

    static Reply[] items(Reply r) {
        return r instanceof Reply.Multi m ? m.items : new Reply[0];
    }

    static String text(Reply r) {
        if (r instanceof Reply.Bulk b) return new String(b.value, StandardCharsets.ISO_8859_1);
        if (r instanceof Reply.Simple s) return s.text;
        if (r instanceof Reply.Int i) return Long.toString(i.value);
        return null;
    }

    static Reply mapGet(Reply map, String key) {
        if (map == null || map.kind() != Reply.Kind.MAP) return null;
        Reply[] kv = items(map);
        for (int i = 0; i < kv.length; i += 2) if (key.equals(text(kv[i]))) return kv[i + 1];
        return null;
    }

    /** True if a COMMAND INFO entry's flags (its third field) include the given one. */
    static boolean hasFlag(Reply entry, String flag) {
        for (Reply f : items(items(entry)[2])) if (flag.equals(text(f))) return true;
        return false;
    }

    static long integer(Reply r) {
        return r instanceof Reply.Int i ? i.value : 0;
    }

    // ---- RESP3 parsing (trusted resource data) -------------------------------------------------------

    private static int indexOf(byte[] b, byte c, int from) {
        for (int i = from; i < b.length; i++) if (b[i] == c) return i;
        throw new IllegalStateException("truncated data");
    }

    private static Reply parse(byte[] b, int[] pos) {
        int p = pos[0];
        byte type = b[p];
        int cr = indexOf(b, (byte) '\r', p);
        String head = new String(b, p + 1, cr - p - 1, StandardCharsets.US_ASCII);
        pos[0] = cr + 2;
        switch (type) {
            case '+':
                return Reply.simple(head);
            case ':':
                return Reply.integer(Long.parseLong(head));
            case '_':
                return Reply.NIL;
            case '$': {
                int n = Integer.parseInt(head);
                if (n < 0) return Reply.NIL;
                byte[] v = java.util.Arrays.copyOfRange(b, pos[0], pos[0] + n);
                pos[0] += n + 2;
                return Reply.bulk(v);
            }
            case '*':
            case '~':
            case '%': {
                int n = Integer.parseInt(head);
                int count = type == '%' ? 2 * n : n;
                Reply[] items = new Reply[count];
                for (int i = 0; i < count; i++) items[i] = parse(b, pos);
                if (type == '*') return Reply.array(items);
                if (type == '~') return Reply.set(List.of(items));
                return Reply.map(items);
            }
            default:
                throw new IllegalStateException("unexpected RESP3 type " + (char) type);
        }
    }

    /** Names of all registered commands and subcommands, as COMMAND LIST shows them. */
    static List<CommandSpec> allSpecs(CommandTable t) {
        List<CommandSpec> out = new ArrayList<>();
        Map<String, CommandSpec> sorted = new java.util.TreeMap<>();
        for (CommandSpec s : t.all()) sorted.put(s.name, s);
        for (CommandSpec s : sorted.values()) {
            out.add(s);
            out.addAll(s.subcommands.values());
        }
        return out;
    }

    /** Looks up "name" or (7.x) "container|sub" among registered commands, case-insensitively. */
    static CommandSpec lookupFullName(CommandTable t, byte[] name, boolean allowSub) {
        String n = Bytes.lower(name);
        int bar = n.indexOf('|');
        if (bar < 0) return t.lookup(n);
        if (!allowSub) return null;
        CommandSpec parent = t.lookup(n.substring(0, bar));
        if (parent == null) return null;
        return parent.subcommands.get(n.substring(bar + 1));
    }
}
