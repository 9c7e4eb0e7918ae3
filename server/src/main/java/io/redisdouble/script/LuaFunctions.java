package io.redisdouble.script;

import io.redisdouble.command.CommandException;
import io.redisdouble.command.Errors;
import io.redisdouble.command.Functions;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.VarArgFunction;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The Lua engine of FUNCTION (function_lua.c): its own Lua state, in which a library's code runs once at
 * FUNCTION LOAD with only the library API visible (a {@code redis} table holding register_function, log,
 * the LOG_* levels and the version), so that it registers its callbacks; each FCALL then calls one
 * callback with KEYS and ARGV as its two arguments.
 */
final class LuaFunctions {
    static final String CHUNK_NAME = "@user_function";
    /** LOAD_TIMEOUT_MS: a library's code that runs longer while loading is stopped. */
    static final long LOAD_TIMEOUT_NANOS = 500_000_000L;

    final LuaRuntime rt;

    LuaFunctions(LuaRuntime rt) {
        this.rt = rt;
    }

    /** luaEngineCreate: compile {@code code[from..]} as "@user_function", run it, collect its registrations. */
    List<Functions.Function> create(byte[] code, int from) throws CommandException {
        String syntax = Lua51Syntax.check(code, from, code.length, CHUNK_NAME);
        if (syntax != null) throw new CommandException(Errors.functionCompileError(syntax));
        Prototype p;
        try {
            p = LuaC.instance.compile(new ByteArrayInputStream(code, from, code.length - from), CHUNK_NAME);
        } catch (LuaError e) {
            throw new CommandException(Errors.functionCompileError(e.getMessage()));
        } catch (IOException e) {
            throw new CommandException(Errors.functionCompileError(e.toString()));
        }
        LuaRuntime.noTailCalls(p);
        LuaRuntime.negativeZeros(p, Lua51Syntax.zeros(code, from, code.length));
        LuaClosure chunk = new LuaClosure(p, rt.globals);
        List<Functions.Function> out = new ArrayList<>();
        Register register = new Register(out);
        long deadline = System.nanoTime() + LOAD_TIMEOUT_NANOS;
        LuaValue error;
        try {
            error = rt.runOutsideScript(chunk, Libraries.libraryApi(rt, register), () -> {
                if (System.nanoTime() > deadline) throw rt.raise(rt.errTable("ERR FUNCTION LOAD timeout", false));
            });
        } finally {
            register.loading = false;
        }
        if (error != null) {
            String msg;
            LuaValue err = error.istable() ? error.rawget("err") : LuaValue.NIL;
            if (error.istable()) msg = err.isstring() ? Convert.latin1(err) : "(null)";
            else msg = "ERR " + Convert.latin1(Libraries.tostring(error));
            throw new CommandException(Errors.functionRegisterError(msg));
        }
        return out;
    }

    /** redis.register_function, positional (name, callback) or named ({function_name=, callback=, flags=, description=}). */
    private final class Register extends VarArgFunction {
        private final List<Functions.Function> out;
        private final Set<String> names = new HashSet<>();
        /** Only while its library loads: a function that kept it and calls it later is refused. */
        boolean loading = true;

        Register(List<Functions.Function> out) {
            this.out = out;
        }

        @Override
        public Varargs invoke(Varargs args) {
            if (!loading) throw fail("redis.register_function can only be called on FUNCTION LOAD command");
            int argc = args.narg();
            if (argc < 1 || argc > 2) throw fail("wrong number of arguments to redis.register_function");
            String name = null;
            byte[] desc = null;
            LuaFunction callback = null;
            int flags = 0;
            if (argc == 1) {
                if (!args.arg1().istable()) {
                    throw fail("calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).");
                }
                LuaTable t = args.arg1().checktable();
                LuaValue k = LuaValue.NIL;
                while (true) {
                    Varargs n = t.next(k);
                    if ((k = n.arg1()).isnil()) break;
                    LuaValue v = n.arg(2);
                    if (!k.isstring()) throw fail("named argument key given to redis.register_function is not a string");
                    switch (k.tojstring().toLowerCase(Locale.ROOT)) {
                        case "function_name" -> {
                            if (!v.isstring()) throw fail("function_name argument given to redis.register_function must be a string");
                            name = text(v);
                        }
                        case "description" -> {
                            if (!v.isstring()) throw fail("description argument given to redis.register_function must be a string");
                            desc = text(v).getBytes(StandardCharsets.ISO_8859_1);
                        }
                        case "callback" -> {
                            if (!v.isfunction()) throw fail("callback argument given to redis.register_function must be a function");
                            callback = (LuaFunction) v;
                        }
                        case "flags" -> {
                            if (!v.istable()) throw fail("flags argument to redis.register_function must be a table representing function flags");
                            flags = readFlags(v.checktable());
                            if (flags < 0) throw fail("unknown flag given");
                        }
                        default -> throw fail("unknown argument given to redis.register_function");
                    }
                }
                if (name == null) throw fail("redis.register_function must get a function name argument");
                if (callback == null) throw fail("redis.register_function must get a callback argument");
            } else {
                if (!args.arg1().isstring()) throw fail("first argument to redis.register_function must be a string");
                if (!args.arg(2).isfunction()) throw fail("second argument to redis.register_function must be a function");
                name = text(args.arg1());
                callback = (LuaFunction) args.arg(2);
            }
            // functionLibCreateFunction
            if (!validName(name)) throw fail(Errors.FUNCTION_BAD_NAME);
            if (!names.add(name)) throw fail("Function already exists in the library");
            boolean noWrites = (flags & Functions.NO_WRITES) != 0;
            out.add(new Functions.Function(name, desc, flags, new LuaRuntime.Compiled(callback, true, noWrites)));
            return LuaValue.NONE;
        }

        private ScriptError fail(String msg) {
            // Valkey names its API "server" in these texts
            if (rt.dialect.has(io.redisdouble.dialect.Quirk.TEXTS_WITHOUT_REDIS_NAME)) {
                msg = msg.replace("redis.register_function", "server.register_function");
            }
            return rt.helperError(msg);
        }
    }

    /** luaRegisterFunctionReadFlags: the flags of a {"no-writes", …} table, or -1 for an unknown one. */
    private static int readFlags(LuaTable t) {
        int flags = 0;
        for (int j = 1; ; j++) {
            LuaValue v = t.get(j);
            if (v.isnil()) return flags;
            if (!v.isstring()) return -1;
            String f = v.tojstring();
            int bit = -1;
            for (int i = 0; i < Functions.FLAG_NAMES.length; i++) {
                if (Functions.FLAG_NAMES[i].equalsIgnoreCase(f)) bit = 1 << i;
            }
            if (bit < 0) return -1;
            flags |= bit;
        }
    }

    /** lua_tostring of a string or number, as bytes kept in a Latin-1 String. */
    private static String text(LuaValue v) {
        LuaString s = v.checkstring();
        byte[] b = new byte[s.rawlen()];
        s.copyInto(0, b, 0, b.length);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** functionsVerifyName: at least one character, only letters, digits and '_'. */
    static boolean validName(String name) {
        if (name.isEmpty()) return false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
        }
        return true;
    }
}
