package io.redisdouble.command;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.dialect.Quirk;
import io.redisdouble.resp.Reply;
import io.redisdouble.util.Bytes;
import io.redisdouble.util.Glob;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ACL subsystem of one server (acl.c): users with their selectors, the rule language of ACL SETUSER,
 * the permission check of processCommand, and the ACL log. Commands are numbered as Redis numbers them
 * for the command bitmaps: every registered command, and (with {@link Quirk#ACL_SELECTORS}) every
 * subcommand, has an id; category membership comes from the dialect's captured catalog. The default
 * user's password follows the requirepass parameter (ACLUpdateDefaultUserPassword), checked lazily.
 */
final class Acl {
    /** ACLCommandCategories, in Redis's order (ACL CAT and the 7.0 / 6.2 rule rebuilding go by it). */
    static final String[] CATEGORIES = {"keyspace", "read", "write", "set", "sortedset", "list", "hash", "string",
            "bitmap", "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking", "dangerous",
            "connection", "transaction", "scripting"};

    static final int READ = 1, WRITE = 2, ALL_PERMISSION = 3;

    /** Results of a permission check (ACL_OK … ACL_DENIED_CHANNEL, in Redis's order of relevance). */
    static final int OK = 0, DENIED_CMD = 1, DENIED_KEY = 2, DENIED_AUTH = 3, DENIED_CHANNEL = 4;

    private final Engine engine;
    private final Dialect dialect;
    /** Users by name, in byte order (Redis keeps them in a radix tree). */
    final TreeMap<String, User> users = new TreeMap<>();
    final User defaultUser;
    private String syncedRequirepass;
    /** Command ids: index -> spec, spec -> index. */
    private final List<String> byId = new ArrayList<>();
    private final Map<String, Integer> ids = new HashMap<>();
    /** Subcommand names of each container ("config" -> "config|get"…), 7.0 and later. */
    private final Map<String, List<String>> children = new HashMap<>();
    /** The ids in each category (indexed as {@link #CATEGORIES}). */
    private final BitSet[] categoryBits = new BitSet[CATEGORIES.length];
    /** The ACL log, newest first. */
    final LinkedList<LogEntry> log = new LinkedList<>();
    private long nextEntryId;

    Acl(Engine engine) {
        this.engine = engine;
        this.dialect = engine.dialect();
        CommandCatalog catalog = CommandCatalog.of(dialect);
        for (int i = 0; i < CATEGORIES.length; i++) categoryBits[i] = new BitSet();
        // Redis's ACLs work on its whole command table (server.orig_commands): every command the real
        // server lists, whether redis-double runs it or not, plus what redis-double registers.
        java.util.TreeSet<String> names = new java.util.TreeSet<>(catalog.names());
        for (CommandSpec s : CommandCatalog.allSpecs(engine.table())) names.add(s.fullName);
        for (String n : names) {
            int bar = n.indexOf('|');
            if (bar >= 0 && !dialect.has(Quirk.SUBCOMMANDS_AS_COMMANDS)) continue;
            int id = byId.size();
            byId.add(n);
            ids.put(n, id);
            if (bar >= 0) children.computeIfAbsent(n.substring(0, bar), k -> new ArrayList<>()).add(n);
            for (String cat : catalog.categories(n)) {
                int ci = categoryIndex(cat);
                if (ci >= 0) categoryBits[ci].set(id);
            }
        }
        defaultUser = new User("default");
        apply(defaultUser, "+@all");
        apply(defaultUser, "~*");
        apply(defaultUser, "&*");
        apply(defaultUser, "on");
        apply(defaultUser, "nopass");
        users.put("default", defaultUser);
        sync();
    }

    static int categoryIndex(String name) {
        for (int i = 0; i < CATEGORIES.length; i++) if (CATEGORIES[i].equalsIgnoreCase(name)) return i;
        return -1;
    }

    /** requirepass changed (CONFIG SET, start): the default user's passwords follow it. */
    void sync() {
        String pass = engine.config().requirepass();
        if (java.util.Objects.equals(pass, syncedRequirepass)) return;
        syncedRequirepass = pass;
        apply(defaultUser, "resetpass");
        if (pass != null) defaultUser.addPassword(hash(pass.getBytes(StandardCharsets.UTF_8)));
        else apply(defaultUser, "nopass");
    }

    /** authRequired: the default user has a password (or is off) and the client did not authenticate. */
    boolean authRequired(Session s) {
        sync();
        return authRequiredNow(s);
    }

    /** {@link #authRequired} as things stand, without looking at requirepass again (any thread may ask). */
    boolean authRequiredNow(Session s) {
        return (!defaultUser.nopass || !defaultUser.enabled) && !s.authenticated;
    }

    User user(byte[] name) {
        return users.get(Errors.latin1(name));
    }

    // ---- users and selectors ------------------------------------------------------------------------

    final class User {
        final String name;
        boolean enabled, disabled = true, nopass, skipSanitize, sanitize;
        final List<String> passwords = new ArrayList<>();
        final List<Selector> selectors = new ArrayList<>();

        User(String name) {
            this.name = name;
            if (dialect.has(Quirk.ACL_VERBATIM_RULES)) sanitize = true;
            selectors.add(new Selector(true));
        }

        Selector root() {
            return selectors.get(0);
        }

        void addPassword(String h) {
            if (!passwords.contains(h)) passwords.add(h);
            nopass = false;
        }

        /** ACLCopyUser(this, src): takes over everything but the name. */
        void assign(User src) {
            enabled = src.enabled;
            disabled = src.disabled;
            nopass = src.nopass;
            skipSanitize = src.skipSanitize;
            sanitize = src.sanitize;
            passwords.clear();
            passwords.addAll(src.passwords);
            selectors.clear();
            for (Selector s : src.selectors) selectors.add(s.copy());
        }

        User copy(String newName) {
            User u = new User(newName);
            u.enabled = enabled;
            u.disabled = disabled;
            u.nopass = nopass;
            u.skipSanitize = skipSanitize;
            u.sanitize = sanitize;
            u.passwords.addAll(passwords);
            u.selectors.clear();
            for (Selector s : selectors) u.selectors.add(s.copy());
            return u;
        }

        List<String> flagNames() {
            return flagNames(false);
        }

        /** ACLUserFlags in order; 6.2's GETUSER also shows allkeys, allchannels and allcommands. */
        List<String> flagNames(boolean withSelectorFlags) {
            List<String> f = new ArrayList<>();
            if (enabled) f.add("on");
            if (disabled) f.add("off");
            if (withSelectorFlags) {
                if (root().allKeys) f.add("allkeys");
                if (root().allChannels) f.add("allchannels");
                if (root().allCommands) f.add("allcommands");
            }
            if (nopass) f.add("nopass");
            if (skipSanitize) f.add("skip-sanitize-payload");
            if (sanitize) f.add("sanitize-payload");
            return f;
        }

        /** ACLDescribeUser: flags, #hashes, then each selector (the root one bare, the others in parentheses). */
        String describe() {
            StringBuilder sb = new StringBuilder();
            for (String f : flagNames()) sb.append(f).append(' ');
            for (String p : passwords) sb.append('#').append(p).append(' ');
            boolean first = true;
            for (Selector s : selectors) {
                if (first) sb.append(s.describe());
                else sb.append(" (").append(s.describe()).append(')');
                first = false;
            }
            return sb.toString();
        }
    }

    static final class KeyPattern {
        final String pattern;
        int flags;

        KeyPattern(String pattern, int flags) {
            this.pattern = pattern;
            this.flags = flags;
        }

        /** sdsCatPatternString: ~p for read-write, %R~p / %W~p otherwise. */
        String describe() {
            if (flags == ALL_PERMISSION) return "~" + pattern;
            return "%" + ((flags & READ) != 0 ? "R" : "") + ((flags & WRITE) != 0 ? "W" : "") + "~" + pattern;
        }
    }

    final class Selector {
        final boolean root;
        boolean allKeys, allChannels, allCommands;
        /** The reserved "future commands" bit: set by +@all, cleared by -@all only. */
        boolean future;
        BitSet allowed = new BitSet();
        /** Allowed first arguments of otherwise denied commands (+select|0), by command id. */
        Map<Integer, List<String>> firstArgs = new LinkedHashMap<>();
        List<KeyPattern> patterns = new ArrayList<>();
        List<String> channels = new ArrayList<>();
        /** 7.2's command_rules: the command and category rules as given, without +@all / -@all. */
        String commandRules = "";

        Selector(boolean root) {
            this.root = root;
            if (isAllChannelsDefault()) allChannels = true;
        }

        Selector copy() {
            Selector s = new Selector(root);
            s.allKeys = allKeys;
            s.allChannels = allChannels;
            s.allCommands = allCommands;
            s.future = future;
            s.allowed = (BitSet) allowed.clone();
            for (Map.Entry<Integer, List<String>> e : firstArgs.entrySet()) s.firstArgs.put(e.getKey(), new ArrayList<>(e.getValue()));
            for (KeyPattern p : patterns) s.patterns.add(new KeyPattern(p.pattern, p.flags));
            s.channels.addAll(channels);
            s.commandRules = commandRules;
            return s;
        }

        void setBit(int id, boolean value) {
            if (value) {
                allowed.set(id);
            } else {
                allowed.clear(id);
                allCommands = false;
            }
        }

        /** ACLChangeSelectorPerm: the command and all its subcommands. */
        void changePerm(String cmd, boolean allow) {
            Integer id = ids.get(cmd);
            if (id == null) return;
            setBit(id, allow);
            firstArgs.remove(id);
            for (String sub : children.getOrDefault(cmd, List.of())) setBit(ids.get(sub), allow);
        }

        void setCategory(int cat, boolean allow) {
            BitSet bits = categoryBits[cat];
            for (int id = bits.nextSetBit(0); id >= 0; id = bits.nextSetBit(id + 1)) changePerm(byId.get(id), allow);
        }

        /** ACLUpdateCommandRules: drops an earlier rule for the same command (or its subcommands), appends this one. */
        void updateRules(String rule, boolean allow) {
            String r = rule.toLowerCase(java.util.Locale.ROOT);
            StringBuilder out = new StringBuilder();
            for (String existing : commandRules.isEmpty() ? new String[0] : commandRules.split(" ")) {
                String body = existing.substring(1);
                boolean same = body.equals(r) || (body.length() > r.length() && body.startsWith(r) && body.charAt(r.length()) == '|');
                if (same) continue;
                if (out.length() > 0) out.append(' ');
                out.append(existing);
            }
            if (out.length() > 0) out.append(' ');
            out.append(allow ? '+' : '-').append(r);
            commandRules = out.toString();
        }

        String describe() {
            StringBuilder sb = new StringBuilder();
            if (allKeys) {
                sb.append("~* ");
            } else {
                for (KeyPattern p : patterns) sb.append(p.describe()).append(' ');
            }
            if (allChannels) {
                sb.append("&* ");
            } else {
                sb.append("resetchannels ");
                for (String ch : channels) sb.append('&').append(ch).append(' ');
            }
            sb.append(describeCommands());
            return sb.toString();
        }

        /** ACLDescribeSelectorCommandRules. */
        String describeCommands() {
            StringBuilder rules = new StringBuilder(future ? "+@all " : "-@all ");
            if (dialect.has(Quirk.ACL_VERBATIM_RULES)) {
                if (!commandRules.isEmpty()) rules.append(commandRules).append(' ');
                return rules.substring(0, rules.length() - 1);
            }
            boolean additive = !future;
            Selector fake = new Selector(false);
            fake.applyCommandOp(additive ? "-@all" : "+@all");
            Selector temp = new Selector(false);
            temp.allowed = (BitSet) allowed.clone();
            boolean[] applied = new boolean[CATEGORIES.length];
            while (true) {
                int best = -1;
                long mindiff = Integer.MAX_VALUE, maxsame = 0;
                for (int j = 0; j < CATEGORIES.length; j++) {
                    if (applied[j]) continue;
                    BitSet cat = categoryBits[j];
                    BitSet on = (BitSet) cat.clone();
                    on.and(temp.allowed);
                    long onCount = on.cardinality(), offCount = cat.cardinality() - onCount;
                    long diff = additive ? offCount : onCount, same = additive ? onCount : offCount;
                    if (same > diff && (diff < mindiff || (diff == mindiff && same > maxsame))) {
                        best = j;
                        mindiff = diff;
                        maxsame = same;
                    }
                }
                if (best == -1) break;
                fake.setCategory(best, additive);
                temp.setCategory(best, !additive);
                rules.append(additive ? "+@" : "-@").append(CATEGORIES[best]).append(' ');
                applied[best] = true;
            }
            // Single commands, in table order (Redis walks its command dict, whose order is per process).
            for (int id = 0; id < byId.size(); id++) {
                String cmd = byId.get(id);
                boolean userbit = allowed.get(id), fakebit = fake.allowed.get(id);
                if (userbit != fakebit) {
                    rules.append(userbit ? '+' : '-').append(cmd).append(' ');
                    fake.changePerm(cmd, userbit);
                }
                List<String> fa = firstArgs.get(id);
                if (!userbit && fa != null) {
                    for (String a : fa) rules.append('+').append(cmd).append('|').append(a).append(' ');
                }
            }
            return rules.substring(0, rules.length() - 1);
        }

        void applyCommandOp(String op) {
            if (op.equalsIgnoreCase("+@all")) {
                allowed.set(0, byId.size());
                future = true;
                allCommands = true;
            } else {
                allowed.clear();
                future = false;
                allCommands = false;
            }
            firstArgs.clear();
            commandRules = "";
        }

        /** ACLSetSelector; returns null or the error (ACLSetUserStringError). */
        String set(String op) {
            int len = op.length();
            if (op.equalsIgnoreCase("allkeys") || op.equalsIgnoreCase("~*")) {
                allKeys = true;
                patterns.clear();
            } else if (op.equalsIgnoreCase("resetkeys")) {
                allKeys = false;
                patterns.clear();
            } else if (op.equalsIgnoreCase("allchannels") || op.equalsIgnoreCase("&*")) {
                allChannels = true;
                channels.clear();
            } else if (op.equalsIgnoreCase("resetchannels")) {
                allChannels = false;
                channels.clear();
            } else if (op.equalsIgnoreCase("allcommands") || op.equalsIgnoreCase("+@all")) {
                applyCommandOp("+@all");
            } else if (op.equalsIgnoreCase("nocommands") || op.equalsIgnoreCase("-@all")) {
                applyCommandOp("-@all");
            } else if (op.charAt(0) == '~' || (op.charAt(0) == '%' && dialect.has(Quirk.ACL_SELECTORS))) {
                if (allKeys) return Errors.ACL_ERR_KEYS_AFTER_ALL;
                int flags = 0, offset = 1;
                if (op.charAt(0) == '%') {
                    boolean flagsRequired = dialect.has(Quirk.ACL_VERBATIM_RULES);
                    for (; offset < len; offset++) {
                        char ch = Character.toUpperCase(op.charAt(offset));
                        if (ch == 'R' && (flags & READ) == 0) {
                            flags |= READ;
                        } else if (ch == 'W' && (flags & WRITE) == 0) {
                            flags |= WRITE;
                        } else if (op.charAt(offset) == '~' && (flags != 0 || !flagsRequired)) {
                            offset++;
                            break;
                        } else {
                            return Errors.ACL_ERR_SYNTAX;
                        }
                    }
                } else {
                    flags = ALL_PERMISSION;
                }
                String pat = op.substring(Math.min(offset, len));
                if (hasSpaces(pat)) return Errors.ACL_ERR_SYNTAX;
                KeyPattern found = null;
                for (KeyPattern p : patterns) if (p.pattern.equals(pat)) found = p;
                if (found == null) patterns.add(new KeyPattern(pat, flags));
                else found.flags |= flags;
                allKeys = false;
            } else if (op.charAt(0) == '&') {
                if (allChannels) return Errors.ACL_ERR_CHANNELS_AFTER_ALL;
                String pat = op.substring(1);
                if (hasSpaces(pat)) return Errors.ACL_ERR_SYNTAX;
                if (!channels.contains(pat)) channels.add(pat);
                allChannels = false;
            } else if (op.charAt(0) == '+' && (len < 2 || op.charAt(1) != '@')) {
                String name = op.substring(1);
                int bar = name.lastIndexOf('|');
                if (bar < 0) {
                    String cmd = lookup(name);
                    if (cmd == null) return Errors.ACL_ERR_UNKNOWN;
                    changePerm(cmd, true);
                    updateRules(cmd, true);
                } else {
                    String main = name.substring(0, bar), sub = name.substring(bar + 1);
                    String cmd = lookup(main);
                    if (cmd == null) return Errors.ACL_ERR_UNKNOWN;
                    if (cmd.indexOf('|') >= 0) return Errors.ACL_ERR_FIRSTARG_OF_SUBCOMMAND;
                    if (sub.isEmpty()) return Errors.ACL_ERR_SYNTAX;
                    if (children.containsKey(cmd)) {
                        String sc = lookup(name);
                        if (sc == null) return Errors.ACL_ERR_UNKNOWN;
                        changePerm(sc, true);
                    } else {
                        List<String> fa = firstArgs.computeIfAbsent(ids.get(cmd), k -> new ArrayList<>());
                        boolean present = false;
                        for (String a : fa) if (a.equalsIgnoreCase(sub)) present = true;
                        if (!present) fa.add(sub);
                    }
                    updateRules(name, true);
                }
            } else if (op.charAt(0) == '-' && (len < 2 || op.charAt(1) != '@')) {
                String cmd = lookup(op.substring(1));
                if (cmd == null) return Errors.ACL_ERR_UNKNOWN;
                changePerm(cmd, false);
                updateRules(cmd, false);
            } else if ((op.charAt(0) == '+' || op.charAt(0) == '-') && op.charAt(1) == '@') {
                int cat = categoryIndex(op.substring(2));
                if (cat < 0) return Errors.ACL_ERR_UNKNOWN;
                updateRules(op.substring(1), op.charAt(0) == '+');
                setCategory(cat, op.charAt(0) == '+');
            } else {
                return Errors.ACL_ERR_SYNTAX;
            }
            return null;
        }
    }

    /** acl-pubsub-default: allchannels gives new users (and reset) &*. */
    private boolean isAllChannelsDefault() {
        return "allchannels".equals(engine.config().get("acl-pubsub-default"));
    }

    /** ACLLookupCommand: "get", or (7.0) "config|get"; 6.2 has no subcommands here. */
    private String lookup(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        if (n.indexOf('|') >= 0 && !dialect.has(Quirk.SUBCOMMANDS_AS_COMMANDS)) return null;
        return ids.containsKey(n) ? n : null;
    }

    /** The names in a category (ACL CAT category), in id order. */
    List<String> category(int cat) {
        List<String> out = new ArrayList<>();
        BitSet bits = categoryBits[cat];
        for (int id = bits.nextSetBit(0); id >= 0; id = bits.nextSetBit(id + 1)) out.add(byId.get(id));
        return out;
    }

    private static boolean hasSpaces(String s) {
        for (int i = 0; i < s.length(); i++) if (Character.isWhitespace(s.charAt(i)) || s.charAt(i) == 0) return true;
        return false;
    }

    /** ACLSetUser; returns null or the error text (ACLSetUserStringError). */
    String apply(User u, String op) {
        if (op.isEmpty()) return null;
        if (op.equalsIgnoreCase("on")) {
            u.enabled = true;
            u.disabled = false;
        } else if (op.equalsIgnoreCase("off")) {
            u.disabled = true;
            u.enabled = false;
        } else if (op.equalsIgnoreCase("skip-sanitize-payload")) {
            u.skipSanitize = true;
            u.sanitize = false;
        } else if (op.equalsIgnoreCase("sanitize-payload")) {
            u.skipSanitize = false;
            u.sanitize = true;
        } else if (op.equalsIgnoreCase("nopass")) {
            u.nopass = true;
            u.passwords.clear();
        } else if (op.equalsIgnoreCase("resetpass")) {
            u.nopass = false;
            u.passwords.clear();
        } else if (op.charAt(0) == '>' || op.charAt(0) == '#') {
            String h;
            if (op.charAt(0) == '>') {
                h = hash(op.substring(1).getBytes(StandardCharsets.ISO_8859_1));
            } else {
                h = op.substring(1);
                if (!validHash(h)) return Errors.ACL_ERR_BAD_HASH;
            }
            u.addPassword(h);
        } else if (op.charAt(0) == '<' || op.charAt(0) == '!') {
            String h;
            if (op.charAt(0) == '<') {
                h = hash(op.substring(1).getBytes(StandardCharsets.ISO_8859_1));
            } else {
                h = op.substring(1);
                if (!validHash(h)) return Errors.ACL_ERR_BAD_HASH;
            }
            if (!u.passwords.remove(h)) return Errors.ACL_ERR_NO_SUCH_PASSWORD;
        } else if (dialect.has(Quirk.ACL_SELECTORS) && op.charAt(0) == '(' && op.charAt(op.length() - 1) == ')') {
            Selector s = new Selector(false);
            for (String part : splitArgs(op.substring(1, op.length() - 1))) {
                String err = s.set(part);
                if (err != null) return err;
            }
            u.selectors.add(s);
        } else if (dialect.has(Quirk.ACL_SELECTORS) && op.equalsIgnoreCase("clearselectors")) {
            while (u.selectors.size() > 1) u.selectors.remove(1);
        } else if (op.equalsIgnoreCase("reset")) {
            apply(u, "resetpass");
            apply(u, "resetkeys");
            apply(u, "resetchannels");
            if (isAllChannelsDefault()) apply(u, "allchannels");
            apply(u, "off");
            apply(u, "sanitize-payload");
            if (dialect.has(Quirk.ACL_SELECTORS)) apply(u, "clearselectors");
            apply(u, "-@all");
        } else {
            return u.root().set(op);
        }
        return null;
    }

    /** sdssplitargs without quotes: the words of a selector body. */
    private static List<String> splitArgs(String s) {
        List<String> out = new ArrayList<>();
        for (String w : s.trim().split("\\s+")) if (!w.isEmpty()) out.add(w);
        return out;
    }

    /**
     * ACLStringSetUser: merges "(a" "b)" into one selector argument, applies every rule to a copy, and
     * only if all succeed replaces (or creates) the user. Returns null or the error reply text.
     */
    String setUser(String name, List<String> rules) {
        List<String> merged = mergeSelectors(rules);
        if (merged == null) return Errors.aclUnmatchedParenthesis(unmatchedAt);
        User existing = users.get(name);
        User temp = existing != null ? existing.copy(name) : new User(name);
        for (String op : merged) {
            String err = apply(temp, op);
            if (err != null) return Errors.aclSetuserError(op, err);
        }
        if (existing != null) {
            killPubsubClientsIfNeeded(temp, existing);
            existing.assign(temp);
        } else {
            users.put(name, temp);
        }
        return null;
    }

    /** ACLKillPubsubClientsIfNeeded: subscribers of the user that lost a channel they are subscribed to are closed. */
    private void killPubsubClientsIfNeeded(User updated, User original) {
        for (Session s : engine.sessions().values()) {
            if (s.user != original || !PubSubCommands.isSubscribed(s)) continue;
            boolean kill = false;
            for (Bytes p : s.pubsub.patterns) if (checkChannel(updated, p.array(), true) != OK) kill = true;
            for (Bytes ch : s.pubsub.channels) if (checkChannel(updated, ch.array(), false) != OK) kill = true;
            for (Bytes ch : s.pubsub.shardChannels) if (checkChannel(updated, ch.array(), false) != OK) kill = true;
            if (kill) {
                s.closing = true;
                s.link.closeAsap();
            }
        }
    }

    private String unmatchedAt;

    /** ACLMergeSelectorArguments: "(a" "b)" become one "(a b)"; null when a parenthesis stays open ({@link #unmatchedAt}). */
    private List<String> mergeSelectors(List<String> rules) {
        List<String> merged = new ArrayList<>();
        StringBuilder open = null;
        for (String op : rules) {
            if (dialect.has(Quirk.ACL_SELECTORS) && open == null && !op.isEmpty() && op.charAt(0) == '('
                    && op.charAt(op.length() - 1) != ')') {
                open = new StringBuilder(op);
                unmatchedAt = op;
                continue;
            }
            if (open != null) {
                open.append(' ').append(op);
                if (!op.isEmpty() && op.charAt(op.length() - 1) == ')') {
                    merged.add(open.toString());
                    open = null;
                }
                continue;
            }
            merged.add(op);
        }
        return open == null ? merged : null;
    }

    /** ACL DELUSER's step: the user goes, and so do its clients (ACLFreeUserAndKillClients). */
    void deleteUser(User u, Session caller) {
        users.remove(u.name);
        for (Session s : new ArrayList<>(engine.sessions().values())) {
            if (s.user != u) continue;
            s.user = defaultUser;
            s.authenticated = false;
            if (s == caller) {
                s.closing = true;
            } else {
                s.closing = true;
                s.link.closeAsap();
            }
        }
    }

    // ---- the ACL file (aclfile) -----------------------------------------------------------------------

    /** The aclfile parameter, or null when none is configured. */
    String aclfile() {
        String f = engine.config().get("aclfile");
        return f == null || f.isEmpty() ? null : f;
    }

    /**
     * ACLLoadFromFile: "user name rule…" lines (split on single spaces, blank lines skipped); any error
     * leaves the users as they were and returns every message, else the file's users replace all (the
     * default user keeps its identity, created as at start when the file lacks it) and the clients of
     * the replaced users are closed. Returns null on success.
     */
    String loadFile(Session caller) {
        String file = aclfile();
        byte[] data;
        try {
            data = java.nio.file.Files.readAllBytes(java.nio.file.Path.of(file));
        } catch (java.nio.file.NoSuchFileException e) {
            return "Error loading ACLs, opening file '" + file + "': No such file or directory";
        } catch (java.io.IOException e) {
            return "Error loading ACLs, opening file '" + file + "': " + e.getMessage();
        }
        String[] lines = new String(data, StandardCharsets.ISO_8859_1).split("\n", -1);
        StringBuilder errors = new StringBuilder();
        TreeMap<String, User> loaded = new TreeMap<>();
        for (int i = 0; i < lines.length; i++) {
            int linenum = i + 1;
            String line = lines[i].replaceAll("^[ \t\r\n]+|[ \t\r\n]+$", "");
            if (line.isEmpty()) continue;
            String[] argv = line.split(" ", -1);
            if (!argv[0].equals("user") || argv.length < 2) {
                errors.append(file).append(':').append(linenum).append(" should start with user keyword followed by the username. ");
                continue;
            }
            if (hasSpaces(argv[1])) {
                errors.append('\'').append(file).append(':').append(linenum).append(": username '").append(argv[1])
                        .append("' contains invalid characters. ");
                continue;
            }
            if (loaded.containsKey(argv[1])) {
                errors.append("WARNING: Duplicate user '").append(argv[1]).append("' found on line ").append(linenum).append(". ");
                continue;
            }
            User u = new User(argv[1]);
            loaded.put(argv[1], u);
            List<String> merged = mergeSelectors(java.util.Arrays.asList(argv).subList(2, argv.length));
            if (merged == null) {
                errors.append(file).append(':').append(linenum).append(": Unmatched parenthesis in selector definition.");
                continue;
            }
            boolean syntaxError = false;
            for (String op : merged) {
                op = op.replaceAll("^[\t\r\n]+|[\t\r\n]+$", "");
                String err = apply(u, op);
                if (err == null) continue;
                if (err.equals(Errors.ACL_ERR_UNKNOWN)) {
                    errors.append(file).append(':').append(linenum).append(": Error in applying operation '").append(op)
                            .append("': ").append(err).append(". ");
                } else if (!syntaxError) {
                    errors.append(file).append(':').append(linenum).append(": ").append(err).append(". ");
                    syntaxError = true;
                }
            }
        }
        if (errors.length() > 0) {
            return errors + "WARNING: ACL errors detected, no change to the previously active ACL rules was performed";
        }
        User newDefault = loaded.remove("default");
        if (newDefault == null) {
            newDefault = new User("default");
            apply(newDefault, "+@all");
            apply(newDefault, "~*");
            apply(newDefault, "&*");
            apply(newDefault, "on");
            apply(newDefault, "nopass");
        }
        defaultUser.assign(newDefault);
        for (User old : new ArrayList<>(users.values())) if (old != defaultUser) deleteUser(old, caller);
        users.putAll(loaded);
        return null;
    }

    /** ACLSaveToFile: one "user …" line per user, as ACL LIST shows them; written to a temp file, then renamed. */
    boolean saveFile() {
        StringBuilder sb = new StringBuilder();
        for (User u : users.values()) sb.append("user ").append(u.name).append(' ').append(u.describe()).append('\n');
        java.nio.file.Path target = java.nio.file.Path.of(aclfile());
        try {
            java.nio.file.Path tmp = java.nio.file.Files.createTempFile(target.toAbsolutePath().getParent(), target.getFileName().toString(), ".tmp");
            java.nio.file.Files.write(tmp, sb.toString().getBytes(StandardCharsets.ISO_8859_1));
            java.nio.file.Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    // ---- passwords -------------------------------------------------------------------------------------

    static String hash(byte[] password) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(password);
            StringBuilder sb = new StringBuilder(64);
            for (byte b : d) sb.append(Character.forDigit((b >> 4) & 15, 16)).append(Character.forDigit(b & 15, 16));
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean validHash(String h) {
        if (h.length() != 64) return false;
        for (int i = 0; i < 64; i++) {
            char c = h.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
        }
        return true;
    }

    /** ACLCheckUserCredentials: the user if name and password are valid (constant-time compare), else null. */
    User checkCredentials(byte[] name, byte[] password) {
        sync();
        User u = user(name);
        if (u == null || u.disabled) return null;
        if (u.nopass) return u;
        byte[] given = hash(password).getBytes(StandardCharsets.US_ASCII);
        boolean ok = false;
        for (String p : u.passwords) {
            if (MessageDigest.isEqual(given, p.getBytes(StandardCharsets.US_ASCII))) ok = true;
        }
        return ok ? u : null;
    }

    // ---- permission checks -------------------------------------------------------------------------------

    /** The result of a check: {@link #OK} or a DENIED_* reason, and the argument position at fault. */
    record Check(int result, int pos) {}

    static final Check ALLOWED = new Check(OK, 0);

    /** ACLCheckAllUserCommandPerm. */
    Check check(User u, CommandSpec spec, byte[][] argv) {
        if (u == null) return ALLOWED;
        int relevant = DENIED_CMD, lastIdx = 0;
        List<int[]> keys = null;
        for (Selector s : u.selectors) {
            if (s.allCommands && s.allKeys && s.allChannels) return ALLOWED; // checkSelector's answer, sooner
            int[] pos = {0};
            if (keys == null && !s.allKeys) keys = keyRefs(spec, argv);
            int r = checkSelector(s, spec, argv, keys, pos);
            if (r == OK) return ALLOWED;
            if (r > relevant || (r == relevant && pos[0] > lastIdx)) {
                relevant = r;
                lastIdx = pos[0];
            }
        }
        return new Check(relevant, lastIdx);
    }

    /** ACLUserCheckCmdWithUnrestrictedKeyAccess with read access: a selector runs the command and reads any key. */
    boolean unrestrictedReadAccess(User u, CommandSpec spec, byte[][] argv) {
        List<int[]> keys = keyRefs(spec, argv);
        for (Selector s : u.selectors) {
            if (checkSelector(s, spec, argv, keys, new int[1]) != OK) continue;
            if (s.allKeys) return true;
            for (KeyPattern p : s.patterns) if ((p.flags & READ) != 0 && p.pattern.equals("*")) return true;
        }
        return false;
    }

    private int checkSelector(Selector s, CommandSpec spec, byte[][] argv, List<int[]> keys, int[] pos) {
        CommandSpec top = spec;
        Integer id = ids.get(spec.fullName);
        if (id == null && spec.parent != null) {
            top = spec.parent;
            id = ids.get(top.fullName);
        }
        if (!s.allCommands && !spec.has(Flag.NO_AUTH) && id != null && !s.allowed.get(id)) {
            List<String> fa = s.firstArgs.get(id);
            int idx = top.parent != null ? 2 : 1;
            if (argv.length < 2 || fa == null || idx >= argv.length) return DENIED_CMD;
            boolean match = false;
            for (String a : fa) if (a.equalsIgnoreCase(Errors.latin1(argv[idx]))) match = true;
            if (!match) return DENIED_CMD;
        }
        if (!s.allKeys && keys != null) {
            for (int[] k : keys) {
                if (!keyAllowed(s, argv[k[0]], k[1])) {
                    pos[0] = k[0];
                    return DENIED_KEY;
                }
            }
        }
        if (!s.allChannels) {
            for (int[] ch : channelRefs(spec, argv)) {
                if (checkChannelList(s.channels, argv[ch[0]], ch[1] == 1) != OK) {
                    pos[0] = ch[0];
                    return DENIED_CHANNEL;
                }
            }
        }
        return OK;
    }

    private boolean keyAllowed(Selector s, byte[] key, int flags) {
        if (!dialect.has(Quirk.ACL_SELECTORS)) flags = 0;
        for (KeyPattern p : s.patterns) {
            if ((p.flags & flags) != flags) continue;
            if (Glob.match(p.pattern.getBytes(StandardCharsets.ISO_8859_1), key, false)) return true;
        }
        return false;
    }

    private static int checkChannelList(List<String> list, byte[] channel, boolean isPattern) {
        String ch = Errors.latin1(channel);
        for (String p : list) {
            if (isPattern ? p.equals(ch) : Glob.match(p.getBytes(StandardCharsets.ISO_8859_1), channel, false)) return OK;
        }
        return DENIED_CHANNEL;
    }

    /** ACLUserCheckChannelPerm. */
    int checkChannel(User u, byte[] channel, boolean isPattern) {
        for (Selector s : u.selectors) {
            if (s.allChannels) return OK;
            if (checkChannelList(s.channels, channel, isPattern) == OK) return OK;
        }
        return DENIED_CHANNEL;
    }

    /** Channel arguments (getChannelsFromCommand) that ACL checks: {position, 1 if a pattern}. */
    private static List<int[]> channelRefs(CommandSpec spec, byte[][] argv) {
        List<int[]> out = new ArrayList<>();
        switch (spec.fullName) {
            case "publish", "spublish" -> out.add(new int[] {1, 0});
            case "subscribe", "ssubscribe" -> {
                for (int i = 1; i < argv.length; i++) out.add(new int[] {i, 0});
            }
            case "psubscribe" -> {
                for (int i = 1; i < argv.length; i++) out.add(new int[] {i, 1});
            }
            default -> {}
        }
        return out;
    }

    /** The keys of a command with their access ({position, READ/WRITE bits}), from the key specs. */
    private List<int[]> keyRefs(CommandSpec spec, byte[][] argv) {
        List<int[]> out = new ArrayList<>();
        CommandCatalog withSpecs = CommandCatalog.withKeySpecs(dialect);
        Reply[] keySpecs = withSpecs.keySpecs(spec);
        if (spec.fullName.equals("sort")) {
            for (int p : SortCommand.keyPositions(argv)) out.add(new int[] {p, p == 1 ? READ : WRITE});
            return out;
        }
        if (spec.fullName.equals("migrate")) {
            for (int p : DumpCommands.migrateKeyPositions(dialect, argv)) out.add(new int[] {p, READ | WRITE});
            return out;
        }
        if (keySpecs != null && keySpecs.length > 0) {
            List<int[]> found = new ArrayList<>();
            for (int k = 0; k < keySpecs.length; k++) {
                if (isNotKey(keySpecs[k])) continue; // shard channels: checked as channels, not keys
                if (!CommandCommand.keysFromSpec(keySpecs[k], argv, k, found)) {
                    found.clear();
                    break;
                }
            }
            for (int[] f : found) {
                Reply flags = CommandCommand.keyFlags(spec, argv, keySpecs[f[1]]);
                int bits = 0;
                for (Reply r : CommandCatalog.items(flags)) {
                    String t = CommandCatalog.text(r);
                    if ("access".equals(t)) bits |= READ;
                    if ("insert".equals(t) || "delete".equals(t) || "update".equals(t)) bits |= WRITE;
                }
                out.add(new int[] {f[0], bits});
            }
            return out;
        }
        if (spec.firstKey > 0) {
            int last = spec.lastKey >= 0 ? spec.lastKey : argv.length + spec.lastKey;
            for (int i = spec.firstKey; i <= last && i < argv.length; i += Math.max(1, spec.keyStep)) out.add(new int[] {i, 0});
        }
        return out;
    }

    private static boolean isNotKey(Reply keySpec) {
        for (Reply r : CommandCatalog.items(CommandCatalog.mapGet(keySpec, "flags"))) {
            if ("not_key".equals(CommandCatalog.text(r))) return true;
        }
        return false;
    }

    // ---- the ACL log -----------------------------------------------------------------------------------

    static final class LogEntry {
        long count = 1;
        final int reason, context;
        final String object, username;
        long ctime;
        String clientInfo;
        final long entryId;
        final long created;

        LogEntry(int reason, int context, String object, String username, long ctime, String clientInfo, long entryId) {
            this.reason = reason;
            this.context = context;
            this.object = object;
            this.username = username;
            this.ctime = ctime;
            this.clientInfo = clientInfo;
            this.entryId = entryId;
            this.created = ctime;
        }
    }

    static final int CTX_TOPLEVEL = 0, CTX_MULTI = 1, CTX_LUA = 2;

    /** addACLLogEntry: groups with a similar entry among the 10 newest (same reason, context, object, user, within 60 s). */
    void addLog(Session s, int reason, int context, String object, String username, long now, String clientInfo) {
        LogEntry match = null;
        int scanned = 0;
        for (LogEntry e : log) {
            if (scanned++ >= 10) break;
            if (e.reason == reason && e.context == context && Math.abs(e.ctime - now) <= 60000
                    && e.object.equals(object) && e.username.equals(username)) {
                match = e;
                break;
            }
        }
        if (match != null) {
            log.remove(match);
            log.addFirst(match);
            match.clientInfo = clientInfo;
            match.ctime = now;
            match.count++;
            return;
        }
        log.addFirst(new LogEntry(reason, context, object, username, now, clientInfo, nextEntryId++));
        long max = Long.parseLong(engine.config().get("acllog-max-len"));
        while (log.size() > max) log.removeLast();
    }

    static String reasonName(int r) {
        return switch (r) {
            case DENIED_CMD -> "command";
            case DENIED_KEY -> "key";
            case DENIED_CHANNEL -> "channel";
            case DENIED_AUTH -> "auth";
            default -> "unknown";
        };
    }

    static String contextName(int c) {
        return switch (c) {
            case CTX_TOPLEVEL -> "toplevel";
            case CTX_MULTI -> "multi";
            case CTX_LUA -> "lua";
            default -> "unknown";
        };
    }

    /** The NOPERM error of processCommand for a failed check. */
    String nopermError(User u, CommandSpec spec, Check c) {
        if (dialect.has(Quirk.ACL_ERRORS_NAME_USER)) {
            return switch (c.result()) {
                case DENIED_CMD -> "NOPERM User " + u.name + " has no permissions to run the '" + spec.fullName + "' command";
                case DENIED_KEY -> "NOPERM No permissions to access a key";
                default -> "NOPERM No permissions to access a channel";
            };
        }
        return switch (c.result()) {
            case DENIED_CMD -> dialect.has(Quirk.SUBCOMMANDS_AS_COMMANDS)
                    ? "NOPERM this user has no permissions to run the '" + spec.fullName + "' command"
                    : "NOPERM this user has no permissions to run the '" + topName(spec) + "' command or its subcommand";
            case DENIED_KEY -> "NOPERM this user has no permissions to access one of the keys used as arguments";
            default -> "NOPERM this user has no permissions to access one of the channels used as arguments";
        };
    }

    /** scriptVerifyACL's error (without "ERR "). */
    String scriptNopermError(User u, CommandSpec spec, Check c) {
        if (dialect.has(Quirk.ACL_ERRORS_NAME_USER)) {
            return "ACL failure in script: " + switch (c.result()) {
                case DENIED_CMD -> "User " + u.name + " has no permissions to run the '" + spec.fullName + "' command";
                case DENIED_KEY -> "No permissions to access a key";
                default -> "No permissions to access a channel";
            };
        }
        return "The user executing the script " + switch (c.result()) {
            case DENIED_CMD -> "can't run this command or subcommand";
            case DENIED_KEY -> "can't access at least one of the keys mentioned in the command arguments";
            default -> "can't publish to the channel mentioned in the command";
        };
    }

    private static String topName(CommandSpec spec) {
        return spec.parent != null ? spec.parent.name : spec.name;
    }

    /** The log object of a failed check: the command's full name, or the key / channel at fault. */
    static String logObject(CommandSpec spec, byte[][] argv, Check c, Dialect d) {
        if (c.result() == DENIED_CMD) return d.has(Quirk.SUBCOMMANDS_AS_COMMANDS) ? spec.fullName : topName(spec);
        return Errors.latin1(argv[c.pos()]);
    }

    static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
