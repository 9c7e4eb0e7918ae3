package io.redisdouble.command;

import io.redisdouble.dialect.Quirk;
import io.redisdouble.resp.Reply;

import java.util.ArrayList;
import java.util.List;

import static io.redisdouble.command.CommandTable.flags;
import static io.redisdouble.command.Flag.*;

/**
 * ACL and its subcommands (acl.c aclCommand): SETUSER, GETUSER, DELUSER, LIST, USERS, WHOAMI, CAT, LOG,
 * DRYRUN (7.0), GENPASS, SAVE / LOAD (refused: no ACL file), HELP. The users live in {@link Acl}.
 */
final class AclCommands {
    private AclCommands() {}

    static void register(CommandTable t) {
        CommandSpec acl = t.add("acl", -2, flags(NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.ACL_CONTAINER));
        acl.sub("setuser", -3, flags(ADMIN, NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.SETUSER));
        acl.sub("getuser", 3, flags(ADMIN, NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.GETUSER));
        acl.sub("deluser", -3, flags(ADMIN, NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.DELUSER));
        acl.sub("list", 2, flags(ADMIN, NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.ACL_LIST));
        acl.sub("users", 2, flags(ADMIN, NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.ACL_USERS));
        acl.sub("whoami", 2, flags(NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.WHOAMI));
        acl.sub("cat", -2, flags(NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.CAT));
        acl.sub("log", -2, flags(ADMIN, NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.LOG));
        acl.sub("genpass", -2, flags(NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.GENPASS));
        acl.sub("save", 2, flags(ADMIN, NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.SAVE));
        acl.sub("load", 2, flags(ADMIN, NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.LOAD));
        acl.sub("help", 2, flags(LOADING, STALE), new Dispatch(Dispatch.ACL_HELP));
        if (t.known("acl|dryrun")) acl.sub("dryrun", -4, flags(ADMIN, NOSCRIPT, LOADING, STALE), new Dispatch(Dispatch.DRYRUN));
    }

    private static Acl acl(Call c) {
        return c.engine.acl();
    }

    static Reply setuser(Call c) throws CommandException {
        String name = Acl.latin1(c.arg(2));
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (Character.isWhitespace(ch) || ch == 0) throw Call.error(Errors.ACL_USERNAME_SPACES);
        }
        List<String> rules = new ArrayList<>();
        for (int i = 3; i < c.argc(); i++) rules.add(Acl.latin1(c.arg(i)));
        String err = acl(c).setUser(name, rules);
        if (err != null) throw Call.error(err);
        return Reply.OK;
    }

    /** ACL SAVE: the users in the aclfile, in ACL LIST's form. */
    static Reply save(Call c) throws CommandException {
        if (acl(c).aclfile() == null) throw Call.error(Errors.aclNoFile(c.dialect()));
        if (!acl(c).saveFile()) throw Call.error(Errors.ACL_SAVE_FAILED);
        return Reply.OK;
    }

    /** ACL LOAD: replaces every user by the aclfile's, or changes nothing and answers all the errors. */
    static Reply load(Call c) throws CommandException {
        if (acl(c).aclfile() == null) throw Call.error(Errors.aclNoFile(c.dialect()));
        String err = acl(c).loadFile(c.session);
        if (err != null) throw Call.error("ERR " + err);
        return Reply.OK;
    }

    static Reply getuser(Call c) {
        Acl.User u = acl(c).user(c.arg(2));
        if (u == null) return Reply.NIL;
        List<Reply> out = new ArrayList<>();
        out.add(Reply.bulk("flags"));
        List<Reply> fl = new ArrayList<>();
        for (String f : u.flagNames(!c.dialect().has(Quirk.ACL_SELECTORS))) fl.add(Reply.bulk(f));
        out.add(Reply.set(fl));
        out.add(Reply.bulk("passwords"));
        List<Reply> pw = new ArrayList<>();
        for (String p : u.passwords) pw.add(Reply.bulk(p));
        out.add(Reply.array(pw));
        if (!c.dialect().has(Quirk.ACL_SELECTORS)) {
            Acl.Selector s = u.root();
            out.add(Reply.bulk("commands"));
            out.add(Reply.bulk(Acl.bytes(s.describeCommands())));
            out.add(Reply.bulk("keys"));
            List<Reply> keys = new ArrayList<>();
            if (s.allKeys) keys.add(Reply.bulk("*"));
            else for (Acl.KeyPattern p : s.patterns) keys.add(Reply.bulk(Acl.bytes(p.pattern)));
            out.add(Reply.array(keys));
            out.add(Reply.bulk("channels"));
            List<Reply> chs = new ArrayList<>();
            if (s.allChannels) chs.add(Reply.bulk("*"));
            else for (String ch : s.channels) chs.add(Reply.bulk(Acl.bytes(ch)));
            out.add(Reply.array(chs));
            return Reply.map(out);
        }
        describeSelector(u.root(), out);
        out.add(Reply.bulk("selectors"));
        List<Reply> sels = new ArrayList<>();
        for (int i = 1; i < u.selectors.size(); i++) {
            List<Reply> one = new ArrayList<>();
            describeSelector(u.selectors.get(i), one);
            sels.add(Reply.map(one));
        }
        out.add(Reply.array(sels));
        return Reply.map(out);
    }

    /** aclAddReplySelectorDescription: commands, keys, channels as strings. */
    private static void describeSelector(Acl.Selector s, List<Reply> out) {
        out.add(Reply.bulk("commands"));
        out.add(Reply.bulk(Acl.bytes(s.describeCommands())));
        out.add(Reply.bulk("keys"));
        if (s.allKeys) {
            out.add(Reply.bulk("~*"));
        } else {
            StringBuilder sb = new StringBuilder();
            for (Acl.KeyPattern p : s.patterns) {
                if (sb.length() > 0) sb.append(' ');
                sb.append(p.describe());
            }
            out.add(Reply.bulk(Acl.bytes(sb.toString())));
        }
        out.add(Reply.bulk("channels"));
        if (s.allChannels) {
            out.add(Reply.bulk("&*"));
        } else {
            StringBuilder sb = new StringBuilder();
            for (String ch : s.channels) {
                if (sb.length() > 0) sb.append(' ');
                sb.append('&').append(ch);
            }
            out.add(Reply.bulk(Acl.bytes(sb.toString())));
        }
    }

    static Reply deluser(Call c) throws CommandException {
        for (int i = 2; i < c.argc(); i++) {
            if (Acl.latin1(c.arg(i)).equals("default")) throw Call.error(Errors.ACL_DELETE_DEFAULT);
        }
        long deleted = 0;
        for (int i = 2; i < c.argc(); i++) {
            Acl.User u = acl(c).user(c.arg(i));
            if (u == null) continue;
            acl(c).deleteUser(u, c.session);
            deleted++;
        }
        return Reply.integer(deleted);
    }

    static Reply list(Call c, boolean justNames) {
        List<Reply> out = new ArrayList<>();
        for (Acl.User u : acl(c).users.values()) {
            out.add(Reply.bulk(Acl.bytes(justNames ? u.name : "user " + u.name + " " + u.describe())));
        }
        return Reply.array(out);
    }

    static Reply whoami(Call c) {
        Acl.User u = c.session.user;
        return u == null ? Reply.NIL : Reply.bulk(Acl.bytes(u.name));
    }

    static Reply cat(Call c) throws CommandException {
        if (c.argc() > 3) throw Call.error(Errors.subcommandSyntax(c.dialect(), c.arg(1), "ACL"));
        if (c.argc() == 2) {
            List<Reply> out = new ArrayList<>();
            for (String cat : Acl.CATEGORIES) out.add(Reply.bulk(cat));
            return Reply.array(out);
        }
        int cat = Acl.categoryIndex(Acl.latin1(c.arg(2)));
        if (cat < 0) throw Call.error(Errors.aclUnknownCategory(c.arg(2)));
        List<Reply> out = new ArrayList<>();
        for (String name : acl(c).category(cat)) out.add(Reply.bulk(Acl.bytes(name)));
        return Reply.array(out);
    }

    static Reply genpass(Call c) throws CommandException {
        if (c.argc() > 3) throw Call.error(Errors.subcommandSyntax(c.dialect(), c.arg(1), "ACL"));
        long bits = 256;
        if (c.argc() == 3) bits = c.longArg(2);
        if (bits <= 0 || bits > 4096) throw Call.error(Errors.ACL_GENPASS_RANGE);
        int chars = (int) ((bits + 3) / 4);
        StringBuilder sb = new StringBuilder(chars);
        for (int i = 0; i < chars; i++) sb.append(Character.forDigit(c.engine.random().nextInt(16), 16));
        return Reply.bulk(Acl.bytes(sb.toString()));
    }

    static Reply log(Call c) throws CommandException {
        if (c.argc() > 3) throw Call.error(Errors.subcommandSyntax(c.dialect(), c.arg(1), "ACL"));
        Acl acl = acl(c);
        long count = 10;
        if (c.argc() == 3) {
            if (c.is(2, "reset")) {
                acl.log.clear();
                return Reply.OK;
            }
            count = c.longArg(2);
            if (count < 0) count = 0;
        }
        count = Math.min(count, acl.log.size());
        boolean ids = c.dialect().has(Quirk.ACL_ERRORS_NAME_USER);
        List<Reply> out = new ArrayList<>();
        for (Acl.LogEntry e : acl.log) {
            if (count-- <= 0) break;
            List<Reply> m = new ArrayList<>();
            m.add(Reply.bulk("count"));
            m.add(Reply.integer(e.count));
            m.add(Reply.bulk("reason"));
            m.add(Reply.bulk(Acl.reasonName(e.reason)));
            m.add(Reply.bulk("context"));
            m.add(Reply.bulk(Acl.contextName(e.context)));
            m.add(Reply.bulk("object"));
            m.add(Reply.bulk(Acl.bytes(e.object)));
            m.add(Reply.bulk("username"));
            m.add(Reply.bulk(Acl.bytes(e.username)));
            m.add(Reply.bulk("age-seconds"));
            m.add(Reply.dbl((double) (c.now - e.ctime) / 1000));
            m.add(Reply.bulk("client-info"));
            m.add(Reply.bulk(Acl.bytes(e.clientInfo)));
            if (ids) {
                m.add(Reply.bulk("entry-id"));
                m.add(Reply.integer(e.entryId));
                m.add(Reply.bulk("timestamp-created"));
                m.add(Reply.integer(e.created));
                m.add(Reply.bulk("timestamp-last-updated"));
                m.add(Reply.integer(e.ctime));
            }
            out.add(Reply.map(m));
        }
        return Reply.array(out);
    }

    static Reply dryrun(Call c) throws CommandException {
        Acl acl = acl(c);
        Acl.User u = acl.user(c.arg(2));
        if (u == null) throw Call.error("ERR User '" + Acl.latin1(c.arg(2)) + "' not found");
        byte[][] argv = java.util.Arrays.copyOfRange(c.argv, 3, c.argc());
        CommandSpec spec = c.engine.table().lookup(argv[0]);
        if (spec != null && spec.isContainer() && argv.length >= 2) {
            CommandSpec sub = spec.subcommands.get(io.redisdouble.util.Bytes.lower(argv[1]));
            spec = sub;
        } else if (spec != null && spec.isContainer()) {
            spec = null;
        }
        if (spec == null) throw Call.error("ERR Command '" + Acl.latin1(argv[0]) + "' not found");
        if (!spec.arityOk(argv.length)) throw Call.error("ERR wrong number of arguments for '" + spec.fullName + "' command");
        Acl.Check r = acl.check(u, spec, argv);
        if (r.result() == Acl.OK) return Reply.OK;
        String msg = switch (r.result()) {
            case Acl.DENIED_CMD -> c.dialect().has(Quirk.ACL_ERRORS_NAME_USER)
                    ? "User " + u.name + " has no permissions to run the '" + spec.fullName + "' command"
                    : "This user has no permissions to run the '" + spec.fullName + "' command";
            case Acl.DENIED_KEY -> c.dialect().has(Quirk.ACL_ERRORS_NAME_USER)
                    ? "User " + u.name + " has no permissions to access the '" + Acl.latin1(argv[r.pos()]) + "' key"
                    : "This user has no permissions to access the '" + Acl.latin1(argv[r.pos()]) + "' key";
            default -> c.dialect().has(Quirk.ACL_ERRORS_NAME_USER)
                    ? "User " + u.name + " has no permissions to access the '" + Acl.latin1(argv[r.pos()]) + "' channel"
                    : "This user has no permissions to access the '" + Acl.latin1(argv[r.pos()]) + "' channel";
        };
        return Reply.bulk(Acl.bytes(msg));
    }

    /** This family's command handlers, one object per command and no lambda class each: see {@link OpHandler}. */
    private static final class Dispatch extends OpHandler {
        static final int SETUSER = 0;
        static final int GETUSER = 1;
        static final int DELUSER = 2;
        static final int WHOAMI = 3;
        static final int CAT = 4;
        static final int LOG = 5;
        static final int GENPASS = 6;
        static final int SAVE = 7;
        static final int LOAD = 8;
        static final int DRYRUN = 9;
        static final int ACL_CONTAINER = 10;
        static final int ACL_LIST = 11;
        static final int ACL_USERS = 12;
        static final int ACL_HELP = 13;

        Dispatch(int op) {
            super(op);
        }

        @Override
        public Reply run(Call c) throws CommandException {
            return switch (op) {
                case SETUSER -> setuser(c);
                case GETUSER -> getuser(c);
                case DELUSER -> deluser(c);
                case WHOAMI -> whoami(c);
                case CAT -> cat(c);
                case LOG -> log(c);
                case GENPASS -> genpass(c);
                case SAVE -> save(c);
                case LOAD -> load(c);
                case DRYRUN -> dryrun(c);
                case ACL_CONTAINER -> null;
                case ACL_LIST -> list(c, false);
                case ACL_USERS -> list(c, true);
                case ACL_HELP -> HelpTexts.help(c.dialect(), "ACL");
                default -> throw unknown();
            };
        }
    }
}
