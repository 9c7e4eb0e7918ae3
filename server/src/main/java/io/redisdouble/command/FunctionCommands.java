package io.redisdouble.command;

import io.redisdouble.rdb.RdbReader;
import io.redisdouble.rdb.RdbWriter;
import io.redisdouble.resp.Reply;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.redisdouble.command.CommandTable.flags;
import static io.redisdouble.command.Flag.*;

/**
 * FCALL, FCALL_RO and FUNCTION LOAD / LIST / DELETE / FLUSH / DUMP / RESTORE / STATS / KILL / HELP (7.0,
 * functions.c). The libraries live in {@link Functions}; the scripting engine compiles their code and runs
 * their functions. Only dialects whose catalog lists the commands have them (6.2: unknown command).
 */
final class FunctionCommands {
    private FunctionCommands() {}

    static void register(CommandTable t) {
        if (!t.known("function")) return;
        CommandSpec function = t.add("function", -2, flags(), new Dispatch(Dispatch.FUNCTION_CONTAINER));
        function.sub("load", -3, flags(WRITE, DENYOOM, NOSCRIPT), new Dispatch(Dispatch.FUNCTION_LOAD));
        function.sub("list", -2, flags(NOSCRIPT), new Dispatch(Dispatch.FUNCTION_LIST));
        function.sub("delete", 3, flags(WRITE, NOSCRIPT), new Dispatch(Dispatch.FUNCTION_DELETE));
        function.sub("flush", -2, flags(WRITE, NOSCRIPT), new Dispatch(Dispatch.FUNCTION_FLUSH));
        function.sub("dump", 2, flags(NOSCRIPT), new Dispatch(Dispatch.FUNCTION_DUMP));
        function.sub("restore", -3, flags(WRITE, DENYOOM, NOSCRIPT), new Dispatch(Dispatch.FUNCTION_RESTORE));
        function.sub("stats", 2, flags(NOSCRIPT, ALLOW_BUSY), new Dispatch(Dispatch.FUNCTION_STATS));
        function.sub("kill", 2, flags(NOSCRIPT, ALLOW_BUSY), new Dispatch(Dispatch.FUNCTION_KILL));
        function.sub("help", 2, flags(LOADING, STALE), new Dispatch(Dispatch.FUNCTION_HELP));
        t.add("fcall", -3, flags(NOSCRIPT, SKIP_MONITOR, MAY_REPLICATE, STALE), new Dispatch(Dispatch.FCALL));
        t.add("fcall_ro", -3, flags(NOSCRIPT, SKIP_MONITOR, READONLY, STALE), new Dispatch(Dispatch.FCALL_RO));
    }

    private static Functions functions(Call c) {
        return c.engine.scripting().functions();
    }

    // ---- FCALL -------------------------------------------------------------------------------------------

    /** fcallCommandGeneric: the function, then numkeys (its own texts), then scriptPrepareForRun's checks. */
    static Reply fcallGeneric(Call c, boolean readOnly) throws CommandException {
        Functions.Function f = functions(c).function(c.arg(1));
        if (f == null) throw Call.error(Errors.FUNCTION_NOT_FOUND);
        long numkeys = c.longArg(2, Errors.FCALL_BAD_NUMKEYS);
        if (numkeys > c.argc() - 3) throw Call.error(Errors.NUMKEYS_TOO_BIG);
        if (numkeys < 0) throw Call.error(Errors.NUMKEYS_NEGATIVE);
        if (readOnly && !f.has(Functions.NO_WRITES)) throw Call.error(Errors.SCRIPT_RO_WITH_WRITE_FLAG);
        int nk = (int) numkeys;
        byte[][] keys = Arrays.copyOfRange(c.argv, 3, 3 + nk);
        byte[][] args = Arrays.copyOfRange(c.argv, 3 + nk, c.argc());
        ScriptRun run = new ScriptRun(c.engine, c.session, c.now, null, null, keys, args, readOnly);
        run.command = c.argv;
        if (c.engine.cluster() != null) {
            if (f.has(Functions.NO_CLUSTER)) throw Call.error(Errors.SCRIPT_NO_CLUSTER);
            run.allowCrossSlot = f.has(Functions.ALLOW_CROSS_SLOT);
        }
        if (c.engine.preCommandOom()) {
            boolean allowOom = f.has(Functions.ALLOW_OOM);
            // scriptPrepareForRun: a function that may write is not started over maxmemory
            if (!allowOom && !f.has(Functions.NO_WRITES)) throw Call.error(Errors.OOM_SCRIPT_FLAG);
            run.allowOom = allowOom;
        }
        return c.engine.scripting().fcall(run, f);
    }

    /** fcallGetCommandFlags: a loaded function without allow-oom or no-writes makes FCALL deny-oom. */
    static boolean deniesOom(Engine e, byte[][] argv) {
        if (argv.length < 2) return false;
        Functions.Function f = e.scripting().functions().function(argv[1]);
        return f != null && !f.has(Functions.ALLOW_OOM) && !f.has(Functions.NO_WRITES);
    }

    /** fcallGetCommandFlags: a loaded function without no-writes makes FCALL a write command. */
    static boolean writes(Engine e, byte[][] argv) {
        Functions.Function f = e.scripting().functions().function(argv[1]);
        return f != null && !f.has(Functions.NO_WRITES);
    }

    // ---- FUNCTION LOAD -----------------------------------------------------------------------------------

    /** functionLoadCommand: options before the last argument (only REPLACE), then the code. */
    static Reply functionLoad(Call c) throws CommandException {
        boolean replace = false;
        int pos = 2;
        while (pos < c.argc() - 1) {
            if (!c.is(pos, "replace")) throw Call.error(Errors.functionLoadUnknownOption(c.arg(pos)));
            replace = true;
            pos++;
        }
        String name = create(c.engine, c.arg(pos), replace);
        return Reply.bulk(name.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * functionsCreateWithLibraryCtx: parses the shebang ("#!lua name=lib"), checks the name, the engine and
     * an existing library, compiles and registers, checks function-name collisions, then links the library
     * (replacing the old one under REPLACE). Returns the library name.
     */
    static String create(Engine e, byte[] code, boolean replace) throws CommandException {
        Functions fs = e.scripting().functions();
        if (code.length < 2 || code[0] != '#' || code[1] != '!') throw Call.error(Errors.FUNCTION_MISSING_METADATA);
        int nl = 0;
        while (nl < code.length && code[nl] != '\n' && code[nl] != 0) nl++;
        if (nl == code.length || code[nl] == 0) throw Call.error(Errors.FUNCTION_INVALID_METADATA);
        List<String> parts = splitArgs(new String(code, 0, nl, StandardCharsets.ISO_8859_1));
        if (parts == null || parts.isEmpty()) throw Call.error(Errors.FUNCTION_INVALID_METADATA);
        String engine = parts.get(0).length() >= 2 ? parts.get(0).substring(2) : "";
        String name = null;
        for (int i = 1; i < parts.size(); i++) {
            String part = parts.get(i);
            if (part.regionMatches(true, 0, "name=", 0, 5)) {
                if (name != null) throw Call.error(Errors.FUNCTION_NAME_TWICE);
                name = part.substring(5);
                continue;
            }
            throw Call.error(Errors.functionBadMetadata(part));
        }
        if (name == null) throw Call.error(Errors.FUNCTION_NO_LIBRARY_NAME);
        if (!validName(name)) throw Call.error("ERR " + Errors.FUNCTION_BAD_NAME);
        if (!engine.equalsIgnoreCase("lua")) throw Call.error(Errors.functionEngineNotFound(engine));
        Functions.Library old = fs.library(name);
        if (old != null && !replace) throw Call.error(Errors.functionLibraryExists(name));
        if (old != null) fs.unlink(old);
        try {
            List<Functions.Function> registered = e.scripting().createLibrary(code, nl);
            if (registered.isEmpty()) throw Call.error(Errors.FUNCTION_NONE_REGISTERED);
            Functions.Library lib = new Functions.Library(name, code.clone(), registered);
            String clash = fs.collision(lib);
            if (clash != null) throw Call.error(Errors.functionExists(clash));
            fs.link(lib);
            old = null;
        } finally {
            if (old != null) fs.link(old);
        }
        e.scripting().functionsChanged();
        return name;
    }

    /** sdssplitargs: words separated by blanks; "…" with escapes and '…' quoted; null if unbalanced. */
    static List<String> splitArgs(String line) {
        List<String> out = new ArrayList<>();
        int i = 0, n = line.length();
        while (true) {
            while (i < n && Character.isWhitespace(line.charAt(i)) && line.charAt(i) != 0x1c) i++;
            if (i >= n) return out;
            StringBuilder cur = new StringBuilder();
            boolean inDq = false, inSq = false;
            while (true) {
                if (inDq) {
                    if (i >= n) return null;
                    char ch = line.charAt(i);
                    if (ch == '\\' && i + 1 < n) {
                        char nx = line.charAt(++i);
                        switch (nx) {
                            case 'n' -> cur.append('\n');
                            case 'r' -> cur.append('\r');
                            case 't' -> cur.append('\t');
                            case 'b' -> cur.append('\b');
                            case 'a' -> cur.append((char) 7);
                            default -> cur.append(nx);
                        }
                    } else if (ch == '"') {
                        if (i + 1 < n && !Character.isWhitespace(line.charAt(i + 1))) return null;
                        inDq = false;
                    } else {
                        cur.append(ch);
                    }
                } else if (inSq) {
                    if (i >= n) return null;
                    char ch = line.charAt(i);
                    if (ch == '\\' && i + 1 < n && line.charAt(i + 1) == '\'') {
                        i++;
                        cur.append('\'');
                    } else if (ch == '\'') {
                        if (i + 1 < n && !Character.isWhitespace(line.charAt(i + 1))) return null;
                        inSq = false;
                    } else {
                        cur.append(ch);
                    }
                } else {
                    if (i >= n) break;
                    char ch = line.charAt(i);
                    if (ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t' || ch == 0) break;
                    if (ch == '"') inDq = true;
                    else if (ch == '\'') inSq = true;
                    else cur.append(ch);
                }
                i++;
            }
            out.add(cur.toString());
        }
    }

    static boolean validName(String name) {
        if (name.isEmpty()) return false;
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_')) return false;
        }
        return true;
    }

    // ---- FUNCTION LIST / DELETE / FLUSH / STATS ------------------------------------------------------------

    /** functionListCommand: [WITHCODE] [LIBRARYNAME pattern], each at most once, in any order. */
    static Reply functionList(Call c) throws CommandException {
        boolean withCode = false;
        byte[] pattern = null;
        for (int i = 2; i < c.argc(); i++) {
            if (!withCode && c.is(i, "withcode")) {
                withCode = true;
            } else if (pattern == null && c.is(i, "libraryname")) {
                if (i >= c.argc() - 1) throw Call.error(Errors.FUNCTION_LIBRARYNAME_MISSING);
                pattern = c.arg(++i);
            } else {
                throw Call.error(Errors.functionListUnknownArg(c.arg(i)));
            }
        }
        List<Reply> libs = new ArrayList<>();
        for (Functions.Library l : functions(c).matching(pattern)) {
            List<Reply> fns = new ArrayList<>();
            for (Functions.Function f : l.functions()) {
                List<Reply> flags = new ArrayList<>();
                for (int b = 0; b < Functions.FLAG_NAMES.length; b++) {
                    if ((f.flags() & (1 << b)) != 0) flags.add(Reply.simple(Functions.FLAG_NAMES[b]));
                }
                fns.add(Reply.map(Reply.bulk("name"), Reply.bulk(latin1(f.name())),
                        Reply.bulk("description"), f.description() == null ? Reply.NIL : Reply.bulk(f.description()),
                        Reply.bulk("flags"), Reply.set(flags)));
            }
            List<Reply> m = new ArrayList<>(List.of(Reply.bulk("library_name"), Reply.bulk(latin1(l.name())),
                    Reply.bulk("engine"), Reply.bulk("LUA"), Reply.bulk("functions"), Reply.array(fns)));
            if (withCode) {
                m.add(Reply.bulk("library_code"));
                m.add(Reply.bulk(l.code()));
            }
            libs.add(Reply.map(m));
        }
        return Reply.array(libs);
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static Reply functionDelete(Call c) throws CommandException {
        Functions.Library l = functions(c).library(new String(c.arg(2), StandardCharsets.ISO_8859_1));
        if (l == null) throw Call.error(Errors.FUNCTION_LIBRARY_NOT_FOUND);
        functions(c).unlink(l);
        c.engine.scripting().functionsChanged();
        return Reply.OK;
    }

    /** FUNCTION FLUSH [ASYNC|SYNC]. */
    static Reply functionFlush(Call c) throws CommandException {
        if (c.argc() > 3) throw Call.error(Errors.subcommandSyntax7(c.arg(1), "FUNCTION"));
        if (c.argc() == 3 && !c.is(2, "sync") && !c.is(2, "async")) throw Call.error(Errors.FUNCTION_FLUSH_MODE);
        functions(c).clear();
        c.engine.scripting().functionsChanged();
        return Reply.OK;
    }

    /** functionStatsCommand: refused while an EVAL script is busy; else the running function and the counts. */
    static Reply functionStats(Call c) throws CommandException {
        Scripting s = c.engine.scripting();
        ScriptRun running = s.running();
        String fn = s.runningFunction();
        if (running != null && fn == null) throw Call.error(Errors.busyScript(c.dialect(), false));
        Reply runningScript = Reply.NIL;
        if (running != null) {
            Reply[] cmd = new Reply[running.command.length];
            for (int i = 0; i < cmd.length; i++) cmd[i] = Reply.bulk(running.command[i]);
            runningScript = Reply.map(Reply.bulk("name"), Reply.bulk(latin1(fn)), Reply.bulk("command"), Reply.array(cmd),
                    Reply.bulk("duration_ms"), Reply.integer(s.runningMillis()));
        }
        Functions fs = functions(c);
        return Reply.map(Reply.bulk("running_script"), runningScript,
                Reply.bulk("engines"), Reply.map(Reply.bulk("LUA"), Reply.map(
                        Reply.bulk("libraries_count"), Reply.integer(fs.libraryCount()),
                        Reply.bulk("functions_count"), Reply.integer(fs.registeredCount()))));
    }

    // ---- FUNCTION DUMP / RESTORE ---------------------------------------------------------------------------

    static Reply functionDump(Call c) {
        List<byte[]> codes = new ArrayList<>();
        for (Functions.Library l : functions(c).libraries()) codes.add(l.code());
        return Reply.bulk(RdbWriter.dumpFunctions(codes, c.dialect()));
    }

    /** functionRestoreCommand: the policy, the payload's footer, each library, then FLUSH / APPEND / REPLACE. */
    static Reply functionRestore(Call c) throws CommandException {
        if (c.argc() > 4) throw Call.error(Errors.subcommandSyntax7(c.arg(1), "FUNCTION"));
        String policy = "append";
        if (c.argc() == 4) {
            if (c.is(3, "append")) policy = "append";
            else if (c.is(3, "replace")) policy = "replace";
            else if (c.is(3, "flush")) policy = "flush";
            else throw Call.error(Errors.FUNCTION_RESTORE_POLICY);
        }
        byte[] payload = c.arg(2);
        if (!RdbReader.verify(payload, c.dialect())) throw Call.error(Errors.DUMP_PAYLOAD_WRONG);
        Functions fs = functions(c);
        // Load every library into a fresh set first (rdbFunctionLoad into a new functionsLibCtx).
        Functions fresh = new Functions();
        List<Functions.Library> saved = fs.libraries();
        fs.clear();
        try {
            RdbReader.loadFunctions(payload, code -> create(c.engine, code, false));
        } catch (CommandException e) {
            fs.clear();
            for (Functions.Library l : saved) fs.link(l);
            throw e;
        } catch (RdbReader.FunctionsError e) {
            fs.clear();
            for (Functions.Library l : saved) fs.link(l);
            throw Call.error("ERR " + e.getMessage());
        }
        for (Functions.Library l : fs.libraries()) fresh.link(l);
        fs.clear();
        for (Functions.Library l : saved) fs.link(l);
        if (policy.equals("flush")) {
            fs.clear();
            for (Functions.Library l : fresh.libraries()) fs.link(l);
        } else {
            // libraryJoin: collisions of library names abort (APPEND) or replace them (REPLACE); then no
            // function of the new libraries may exist in the remaining ones.
            List<Functions.Library> replaced = new ArrayList<>();
            for (Functions.Library l : fresh.libraries()) {
                Functions.Library old = fs.library(l.name());
                if (old == null) continue;
                if (!policy.equals("replace")) {
                    for (Functions.Library r : replaced) fs.link(r);
                    throw Call.error(Errors.functionRestoreLibraryExists(l.name()));
                }
                fs.unlink(old);
                replaced.add(old);
            }
            for (Functions.Library l : fresh.libraries()) {
                String clash = fs.collision(l);
                if (clash != null) {
                    for (Functions.Library r : replaced) fs.link(r);
                    throw Call.error(Errors.functionExists(clash));
                }
            }
            for (Functions.Library l : fresh.libraries()) fs.link(l);
        }
        c.engine.scripting().functionsChanged();
        return Reply.OK;
    }

    /** This family's command handlers, one object per command and no lambda class each: see {@link OpHandler}. */
    private static final class Dispatch extends OpHandler {
        static final int FUNCTION_LOAD = 0;
        static final int FUNCTION_LIST = 1;
        static final int FUNCTION_DELETE = 2;
        static final int FUNCTION_FLUSH = 3;
        static final int FUNCTION_DUMP = 4;
        static final int FUNCTION_RESTORE = 5;
        static final int FUNCTION_STATS = 6;
        static final int FUNCTION_CONTAINER = 7;
        static final int FUNCTION_KILL = 8;
        static final int FUNCTION_HELP = 9;
        static final int FCALL = 10;
        static final int FCALL_RO = 11;

        Dispatch(int op) {
            super(op);
        }

        @Override
        public Reply run(Call c) throws CommandException {
            return switch (op) {
                case FUNCTION_LOAD -> functionLoad(c);
                case FUNCTION_LIST -> functionList(c);
                case FUNCTION_DELETE -> functionDelete(c);
                case FUNCTION_FLUSH -> functionFlush(c);
                case FUNCTION_DUMP -> functionDump(c);
                case FUNCTION_RESTORE -> functionRestore(c);
                case FUNCTION_STATS -> functionStats(c);
                case FUNCTION_CONTAINER -> null;
                case FUNCTION_KILL -> c.engine.scripting().kill(true);
                case FUNCTION_HELP -> HelpTexts.help(c.dialect(), "FUNCTION");
                case FCALL -> fcallGeneric(c, false);
                case FCALL_RO -> fcallGeneric(c, true);
                default -> throw unknown();
            };
        }
    }
}
