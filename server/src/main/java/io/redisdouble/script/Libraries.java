package io.redisdouble.script;

import io.redisdouble.command.Errors;
import io.redisdouble.command.ScriptRun;
import io.redisdouble.dialect.Quirk;
import io.redisdouble.resp.Reply;
import io.redisdouble.util.RedisNumbers;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.BaseLib;
import org.luaj.vm2.lib.CoroutineLib;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.ZeroArgFunction;
import org.luaj.vm2.lib.jse.JseMathLib;

import java.nio.charset.StandardCharsets;

/**
 * Builds the globals of a Redis Lua state (script_lua.c luaRegisterRedisAPI + the Lua 5.1 libraries
 * Redis loads), on LuaJ. LuaJ implements Lua 5.2, so the 5.1 surface is restored here: table.getn /
 * setn / maxn / foreach / foreachi, math.log10 / mod, string.gfind, global unpack, loadstring, load
 * taking a function, getfenv / setfenv, gcinfo, newproxy; 5.2 additions (rawlen, table.pack,
 * table.unpack, ...) are left out. Numbers print as Lua 5.1 does ("%.14g"), math.random is Redis's
 * rand48, and every table reachable from the globals is read-only.
 */
final class Libraries {
    private Libraries() {}

    /** The string library is shared by every Lua state: LuaJ keeps the string metatable in a static. */
    static final ReadOnlyTable STRING = buildString();

    static {
        negativeDefaultNan();
    }

    /**
     * LuaJ answers x/0 with 0 dividend (and x%0) with its constant LuaDouble.NAN, Java's positive NaN;
     * Lua 5.1 computes them on x86, whose default NaN has the sign bit set, so Redis prints "-nan" for
     * 0/0 (and "nan" only for a NaN parsed from "nan"). The constant is made that NaN; the field is an
     * instance field of a class on the class path, which reflection may set.
     */
    private static void negativeDefaultNan() {
        try {
            java.lang.reflect.Field v = org.luaj.vm2.LuaDouble.class.getDeclaredField("v");
            v.setAccessible(true);
            v.setDouble(org.luaj.vm2.LuaDouble.NAN, Double.longBitsToDouble(0xfff8000000000000L));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot give LuaJ's NaN the sign Lua 5.1 on x86 gives it", e);
        }
    }

    static void install(LuaRuntime rt) {
        ScriptGlobals g = rt.globals;
        LuaTable pkg = new LuaTable();
        pkg.set("loaded", new LuaTable());
        g.set("package", pkg);

        new BaseLib().call(LuaValue.valueOf(""), g);
        for (String name : new String[] {"dofile", "loadfile", "rawlen", "print", "load"}) g.rawset(name, LuaValue.NIL);
        g.set("_VERSION", LuaValue.valueOf("Lua 5.1"));
        g.set("tostring", new Tostring());
        g.set("tonumber", new Tonumber(g.get("tonumber"), rt.dialect.has(Quirk.STRTOD_NAN_KEEPS_SIGN)));
        g.set("error", rt.new ErrorFunction());
        g.set("pcall", rt.errorTables ? rt.new PcallFunction() : new SimplePcall(rt));
        g.set("xpcall", rt.new XpcallFunction());
        g.set("loadstring", rt.new LoadFunction(true));
        g.set("load", rt.new LoadFunction(false));
        g.set("newproxy", new LuaRuntime.NewproxyFunction());
        g.set("gcinfo", new ZeroArgFunction() {
            @Override
            public LuaValue call() {
                return LuaValue.valueOf(24);
            }
        });
        g.set("getfenv", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return rt.globals;
            }
        });
        g.set("setfenv", new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue f, LuaValue env) {
                env.checktable();
                if (f instanceof LuaClosure c && c.upValues.length > 0 && c.upValues[0] != null) {
                    c.upValues[0].setValue(env);
                }
                return f;
            }
        });
        if (rt.dialect.has(Quirk.LUA_PRINT)) {
            g.set("print", new VarArgFunction() {
                @Override
                public Varargs invoke(Varargs args) {
                    return LuaValue.NONE; // Redis prints to its standard output; nothing to show here
                }
            });
        }

        if (rt.dialect.has(Quirk.LUA_OS_CLOCK)) {
            ReadOnlyTable os = new ReadOnlyTable();
            os.rawset("clock", new ZeroArgFunction() {
                @Override
                public LuaValue call() {
                    // clock(): the processor time used, in seconds; here the command thread's CPU time
                    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
                    long ns = mx.isCurrentThreadCpuTimeSupported() ? mx.getCurrentThreadCpuTime() : 0;
                    return LuaValue.valueOf(ns / 1e9);
                }
            });
            g.set("os", os);
        }

        new TableLib().call(LuaValue.valueOf("table"), g);
        LuaTable luajTable = g.rawget("table").checktable();
        ReadOnlyTable table = new ReadOnlyTable();
        table.rawset("sort", luajTable.rawget("sort"));
        table.rawset("insert", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaTable t = checkTable(args, 1, "insert");
                int e = t.length() + 1;
                int pos;
                switch (args.narg()) {
                    case 2:
                        pos = e;
                        break;
                    case 3:
                        pos = checkInt(args, 2, "insert");
                        if (pos > e) e = pos;
                        for (int i = e; i > pos; i--) t.rawset(i, t.rawget(i - 1));
                        break;
                    default:
                        throw new LuaError("wrong number of arguments to 'insert'");
                }
                t.rawset(pos, args.arg(args.narg()));
                return LuaValue.NONE;
            }
        });
        table.rawset("remove", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaTable t = checkTable(args, 1, "remove");
                int e = t.length();
                int pos = args.isnoneornil(2) ? e : checkInt(args, 2, "remove");
                if (!(1 <= pos && pos <= e)) return LuaValue.NONE;
                LuaValue result = t.rawget(pos);
                for (; pos < e; pos++) t.rawset(pos, t.rawget(pos + 1));
                t.rawset(e, LuaValue.NIL);
                return result;
            }
        });
        table.rawset("concat", new TableConcat());
        g.rawset("unpack", new VarArgFunction() {
            /**
             * Lua 5.1's luaB_unpack: i and e read as C ints (luaL_checkint), the count in int arithmetic,
             * and "too many results to unpack" when it overflows or the C stack (LUAI_MAXCSTACK, 8000
             * slots, the arguments included) cannot take that many values.
             */
            @Override
            public Varargs invoke(Varargs args) {
                LuaTable t = args.checktable(1);
                int i = args.arg(2).isnil() ? 1 : cInt(checkNumber(args, 2, "unpack"));
                int e = args.arg(3).isnil() ? t.length() : cInt(checkNumber(args, 3, "unpack"));
                if (i > e) return LuaValue.NONE;
                int n = e - i + 1;
                if (n <= 0 || args.narg() + n > LUAI_MAXCSTACK) throw new LuaError("too many results to unpack");
                LuaValue[] v = new LuaValue[n];
                for (int k = 0; k < n; k++) v[k] = t.rawget(i + k);
                return LuaValue.varargsOf(v);
            }
        });
        table.rawset("getn", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue t) {
                return LuaValue.valueOf(t.checktable().length());
            }
        });
        table.rawset("setn", new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue t, LuaValue n) {
                t.checktable();
                throw new LuaError("'setn' is obsolete");
            }
        });
        table.rawset("maxn", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue t) {
                double max = 0;
                LuaTable tt = t.checktable();
                LuaValue k = LuaValue.NIL;
                while (true) {
                    Varargs n = tt.next(k);
                    if ((k = n.arg1()).isnil()) break;
                    if (k.type() == LuaValue.TNUMBER && k.todouble() > max) max = k.todouble();
                }
                return LuaValue.valueOf(max);
            }
        });
        table.rawset("foreach", new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue t, LuaValue f) {
                LuaTable tt = t.checktable();
                f.checkfunction();
                LuaValue k = LuaValue.NIL;
                while (true) {
                    Varargs n = tt.next(k);
                    if ((k = n.arg1()).isnil()) return LuaValue.NIL;
                    LuaValue r = f.call(k, n.arg(2));
                    if (!r.isnil()) return r;
                }
            }
        });
        table.rawset("foreachi", new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue t, LuaValue f) {
                LuaTable tt = t.checktable();
                f.checkfunction();
                int n = tt.length();
                for (int i = 1; i <= n; i++) {
                    LuaValue r = f.call(LuaValue.valueOf(i), tt.get(i));
                    if (!r.isnil()) return r;
                }
                return LuaValue.NIL;
            }
        });
        g.rawset("table", table);

        new JseMathLib().call(LuaValue.valueOf("math"), g);
        LuaTable luajMath = g.rawget("math").checktable();
        ReadOnlyTable math = new ReadOnlyTable();
        math.rawset("pi", luajMath.rawget("pi"));
        math.rawset("huge", luajMath.rawget("huge"));
        installMath51(math);
        math.rawset("random", new Random(rt));
        math.rawset("randomseed", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue seed) {
                rt.rand.seed((int) CFormat.toLong(seed.checkdouble()));
                return LuaValue.NONE.arg1();
            }
        });
        g.rawset("math", math);

        new CoroutineLib().call(LuaValue.valueOf("coroutine"), g);
        g.rawset("coroutine", copy(g.rawget("coroutine").checktable()));
        g.rawset("string", STRING);
        g.rawset("bit", BitLib.create());
        g.rawset("cjson", CjsonLib.create(rt.dialect));
        g.rawset("struct", StructLib.create());
        g.rawset("cmsgpack", CmsgpackLib.create(rt.dialect));
        g.rawset("redis", redisTable(rt));
        if (rt.dialect.has(Quirk.LUA_SERVER_TABLE)) {
            g.rawset("server", g.rawget("redis"));
        }
        g.rawset("__redis__err__handler", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue err) {
                if (!rt.errorTables) return err;
                LuaTable t = new LuaTable();
                t.rawset("err", LuaValue.valueOf("ERR " + Libraries.tostring(err).tojstring()));
                return t;
            }
        });
        g.rawset("package", LuaValue.NIL);
        freeze(g);
    }

    private static ReadOnlyTable copy(LuaTable t) {
        ReadOnlyTable r = new ReadOnlyTable();
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = t.next(k);
            if ((k = n.arg1()).isnil()) return r;
            r.rawset(k, n.arg(2));
        }
    }

    /** Freezes the globals and every ReadOnlyTable reachable from them. */
    private static void freeze(ScriptGlobals g) {
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = g.next(k);
            if ((k = n.arg1()).isnil()) break;
            if (n.arg(2) instanceof ReadOnlyTable t) freezeTable(t);
        }
        // luaSetErrorMetatable + luaSetTableProtectionRecursively: _G has a metatable whose __index raises
        // the nonexistent-global error, read-only like the rest (getmetatable(_G).__index = {} fails).
        ReadOnlyTable mt = new ReadOnlyTable();
        mt.rawset("__index", new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue table, LuaValue key) {
                if (!key.isstring()) throw new LuaError("Second argument to luaProtectedTableError must be a string or number");
                throw new LuaError("Script attempted to access nonexistent global variable '" + key.tojstring() + "'");
            }
        });
        freezeTable(mt);
        g.setmetatable(mt);
        g.frozen = true;
    }

    private static void freezeTable(ReadOnlyTable t) {
        if (t.frozen) return;
        t.frozen = true;
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = t.next(k);
            if ((k = n.arg1()).isnil()) break;
            if (n.arg(2) instanceof ReadOnlyTable c) freezeTable(c);
        }
    }

    // ---- string -------------------------------------------------------------------------------------

    private static ReadOnlyTable buildString() {
        Globals scratch = new Globals();
        LuaTable pkg = new LuaTable();
        pkg.set("loaded", new LuaTable());
        scratch.set("package", pkg);
        new StringLib().call(LuaValue.valueOf("string"), scratch);
        LuaTable luaj = scratch.get("string").checktable();
        ReadOnlyTable s = new ReadOnlyTable();
        for (String name : new String[] {"byte", "char", "dump", "find", "gmatch", "gsub", "len", "lower", "match",
                "rep", "reverse", "sub", "upper"}) {
            s.rawset(name, luaj.rawget(name));
        }
        s.rawset("gfind", luaj.rawget("gmatch"));
        s.rawset("rep", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaString str = StringFormat.checkStringArg(args, 1, "rep");
                int n = cInt(checkNumber(args, 2, "rep"));
                if (n <= 0 || str.rawlen() == 0) return LuaValue.EMPTYSTRING;
                long total = n * str.rawlen();
                if (total > Integer.MAX_VALUE - 16) throw new LuaError("not enough memory");
                byte[] out = new byte[(int) total];
                for (int i = 0; i < n; i++) str.copyInto(0, out, i * str.rawlen(), str.rawlen());
                return LuaValue.valueOf(out);
            }
        });
        s.rawset("format", new StringFormat());
        s.frozen = true;
        ReadOnlyTable mt = new ReadOnlyTable();
        mt.rawset(LuaValue.INDEX, s);
        mt.frozen = true;
        LuaString.s_metatable = mt;
        return s;
    }

    // ---- tostring -----------------------------------------------------------------------------------

    /** luaB_tostring: __tostring first, numbers as "%.14g", others as "type: 0x...". */
    static LuaValue tostring(LuaValue v) {
        LuaValue h = v.metatag(LuaValue.TOSTRING);
        if (!h.isnil()) return h.call(v);
        switch (v.type()) {
            case LuaValue.TNUMBER:
                return LuaValue.valueOf(numberToString(v.todouble()));
            case LuaValue.TSTRING:
                return v;
            case LuaValue.TNIL:
                return LuaValue.valueOf("nil");
            case LuaValue.TBOOLEAN:
                return LuaValue.valueOf(v.toboolean() ? "true" : "false");
            default:
                if (CjsonLib.isNull(v)) return LuaValue.valueOf(v.tojstring());
                return LuaValue.valueOf(v.typename() + ": 0x" + String.format("%012x", System.identityHashCode(v) * 8L + 0x55d0_0000_0000L));
        }
    }

    /** lua_Number to string as Lua 5.1 does (LUAI_NUMFFORMAT "%.14g"). */
    static String numberToString(double d) {
        if (d == (int) d && (d != 0 || Double.doubleToRawLongBits(d) == 0)) return Integer.toString((int) d);
        return CFormat.g14(d);
    }

    /**
     * luaB_tonumber: base 10 converts a string as Lua 5.1's luaO_str2d (the C string, up to a NUL, read
     * by strtod: leading space, "inf", "infinity", "nan", hex floats, a NaN's sign kept; then only
     * trailing space); other bases are LuaJ's (strtoul's rules).
     */
    static final class Tonumber extends VarArgFunction {
        private final LuaValue luaj;
        private final boolean nanSign;

        Tonumber(LuaValue luaj, boolean nanSign) {
            this.luaj = luaj;
            this.nanSign = nanSign;
        }

        @Override
        public Varargs invoke(Varargs args) {
            if (args.narg() == 0) return luaj.invoke(args);
            if (!(args.isnoneornil(2) || (args.arg(2).isnumber() && args.arg(2).todouble() == 10))) {
                // another base: strtoul on the string (a number argument is its %.14g text)
                LuaValue a = args.arg1();
                LuaValue b = args.arg(2);
                if (!b.isnumber()) throw new LuaError("bad argument #2 to 'tonumber' (number expected, got " + b.typename() + ")");
                if (!(a.type() == LuaValue.TSTRING || a.type() == LuaValue.TNUMBER)) return luaj.invoke(args);
                int base = (int) b.todouble();
                if (base < 2 || base > 36) return luaj.invoke(args);
                byte[] text = a.type() == LuaValue.TNUMBER ? numberToString(a.todouble()).getBytes(StandardCharsets.ISO_8859_1)
                        : Convert.bytes(a);
                Double d = strtoulWhole(text, base);
                return d == null ? LuaValue.NIL : LuaValue.valueOf(d);
            }
            LuaValue v = args.arg1();
            if (v.type() == LuaValue.TNUMBER) return v;
            if (v.type() != LuaValue.TSTRING) return LuaValue.NIL;
            Double d = str2d(Convert.bytes(v), nanSign);
            return d == null ? LuaValue.NIL : LuaNumbers.valueOf(d);
        }
    }

    /**
     * luaB_tonumber with a base: strtoul(s, &end, base) must read a digit, then only white space may
     * follow up to the end of the C string; the unsigned long as a lua_Number (a minus sign wraps it,
     * overflow is ULONG_MAX).
     */
    static Double strtoulWhole(byte[] b, int base) {
        int n = 0;
        while (n < b.length && b[n] != 0) n++;
        int i = 0;
        while (i < n && isCSpace(b[i])) i++;
        boolean neg = false;
        if (i < n && (b[i] == '+' || b[i] == '-')) neg = b[i++] == '-';
        if (base == 16 && i + 2 < n + 1 && i + 1 < n && b[i] == '0' && (b[i + 1] | 0x20) == 'x'
                && i + 2 < n && Character.digit(b[i + 2] & 0xff, 16) >= 0) {
            i += 2;
        }
        java.math.BigInteger v = java.math.BigInteger.ZERO;
        java.math.BigInteger max = java.math.BigInteger.ONE.shiftLeft(64).subtract(java.math.BigInteger.ONE);
        boolean overflow = false;
        int start = i;
        while (i < n) {
            int c = b[i] & 0xff;
            int dgt = c >= '0' && c <= '9' ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'z' ? (c | 0x20) - 'a' + 10 : 99;
            if (dgt >= base) break;
            v = v.multiply(java.math.BigInteger.valueOf(base)).add(java.math.BigInteger.valueOf(dgt));
            if (v.compareTo(max) > 0) overflow = true;
            i++;
        }
        if (i == start) return null; // no digit: no conversion
        while (i < n && isCSpace(b[i])) i++;
        if (i != n) return null;
        if (overflow) return max.doubleValue();
        if (neg) v = v.negate().and(max);
        return v.doubleValue();
    }

    /** luaO_str2d on a Lua string's bytes: the number, or null if the whole C string is not one. */
    static Double str2d(byte[] b, boolean nanSign) {
        int n = 0;
        while (n < b.length && b[n] != 0) n++;
        int i = 0;
        while (i < n && isCSpace(b[i])) i++; // strtod skips leading white space
        byte[] c = java.util.Arrays.copyOfRange(b, i, n);
        CStrtod.Result r = CStrtod.parse(c, 0);
        if (r.end() == 0) return null;
        int j = r.end();
        while (j < c.length && isCSpace(c[j])) j++;
        if (j != c.length) return null;
        double d = r.value();
        if (Double.isNaN(d)) {
            // strtod's NaN carries the sign written before it ("-nan" prints as "-nan")
            d = Double.longBitsToDouble(nanSign && c.length > 0 && c[0] == '-' ? 0xfff8000000000000L : 0x7ff8000000000000L);
        }
        return d;
    }

    private static boolean isCSpace(byte c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    static final class Tostring extends OneArgFunction {
        @Override
        public LuaValue call(LuaValue arg) {
            if (arg == LuaValue.NONE) argerror(1, "value expected");
            return Libraries.tostring(arg);
        }

        @Override
        public Varargs invoke(Varargs args) {
            if (args.narg() == 0) throw new LuaError("bad argument #1: value expected");
            return Libraries.tostring(args.arg1());
        }
    }

    /** table.concat(t [, sep [, i [, j]]]) as Lua 5.1: numbers printed with "%.14g". */
    static final class TableConcat extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            LuaTable t = args.checktable(1);
            byte[] sep = args.isnoneornil(2) ? new byte[0] : bytes(StringFormat.checkStringArg(args, 2, "concat"));
            int i = args.isnoneornil(3) ? 1 : checkInt(args, 3, "concat");
            int j = args.isnoneornil(4) ? t.length() : checkInt(args, 4, "concat");
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (int k = i; k <= j; k++) {
                LuaValue v = t.rawget(k);
                if (v.type() != LuaValue.TSTRING && v.type() != LuaValue.TNUMBER) {
                    throw new LuaError("invalid value (" + v.typename() + ") at index " + k + " in table for 'concat'");
                }
                out.writeBytes(bytes(v));
                if (k < j) out.writeBytes(sep);
            }
            return LuaValue.valueOf(out.toByteArray());
        }
    }

    /** 6.2's pcall: Lua's own (the error value is kept as raised). */
    static final class SimplePcall extends VarArgFunction {
        private final LuaRuntime rt;

        SimplePcall(LuaRuntime rt) {
            this.rt = rt;
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaValue f = args.checkvalue(1);
            rt.hook.onCall(this);
            try {
                return LuaValue.varargsOf(LuaValue.TRUE, f.invoke(args.subargs(2)));
            } catch (LuaError e) {
                LuaValue m = e instanceof ScriptError se ? se.value : e.getMessageObject();
                return LuaValue.varargsOf(LuaValue.FALSE, m == null ? LuaValue.NIL : m);
            } finally {
                rt.hook.onReturn();
            }
        }
    }

    // ---- math.random ---------------------------------------------------------------------------------

    /** redis_math_random: Lua 5.1's math.random over redisLrand48. */
    static final class Random extends VarArgFunction {
        private final LuaRuntime rt;

        Random(LuaRuntime rt) {
            this.rt = rt;
        }

        @Override
        public Varargs invoke(Varargs args) {
            double r = rt.rand.nextDouble();
            switch (args.narg()) {
                case 0:
                    return LuaValue.valueOf(r);
                case 1: {
                    int u = checkInt(args, 1, "random");
                    if (u < 1) throw new LuaError("bad argument #1: interval is empty");
                    return LuaValue.valueOf(Math.floor(r * u) + 1);
                }
                case 2: {
                    int l = checkInt(args, 1, "random");
                    int u = checkInt(args, 2, "random");
                    if (l > u) throw new LuaError("bad argument #2: interval is empty");
                    return LuaValue.valueOf(Math.floor(r * (u - (double) l + 1)) + l);
                }
                default:
                    throw new LuaError("wrong number of arguments");
            }
        }
    }

    /** luaL_checkint: a number (or numeric string) truncated to int, else the 5.1 argument error. */
    static int checkInt(Varargs args, int i, String fname) {
        LuaValue v = args.arg(i);
        LuaValue n = v.tonumber();
        if (n.isnil()) throw typeError(i, fname, "number", args);
        return (int) CFormat.toLong(n.todouble());
    }

    static LuaTable checkTable(Varargs args, int i, String fname) {
        LuaValue v = args.arg(i);
        if (!v.istable()) throw typeError(i, fname, "table", args);
        return (LuaTable) v;
    }

    /** Lua 5.1's C stack limit (LUAI_MAXCSTACK): what lua_checkstack allows at most. */
    static final int LUAI_MAXCSTACK = 8000;

    /**
     * luaL_checkint's conversion on x86-64: the double to a 64-bit integer (LLONG_MIN when out of
     * range, as cvttsd2si gives), then its low 32 bits (2^31 is -2^31, 2^32 + 3 is 3).
     */
    static int cInt(double d) {
        return (int) CFormat.toLong(d);
    }

    /**
     * luaL_checknumber: a number, or a string luaO_str2d reads whole (strtod: "inf", "nan", hex floats,
     * white space around it), else "bad argument #i to 'f' (number expected, got …)".
     */
    static double checkNumber(Varargs args, int i, String fname) {
        Double d = LuaNumbers.toNumber(args.arg(i));
        if (d == null) throw typeError(i, fname, "number", args);
        return d;
    }

    // ---- math (lmathlib.c) --------------------------------------------------------------------------

    /**
     * Lua 5.1's math functions on C's libm: arguments read by luaL_checknumber (so "inf" or "0x10" as
     * strings), results pushed as they are (a negative zero stays one: ceil(-0.5), fmod(-4, 2),
     * modf(-0.5)), NaNs as x86 gives them; max / min compare with {@code >} / {@code <} from the first
     * argument, as math_max does, rather than Java's Math.max (which prefers NaN and +0).
     */
    private static void installMath51(ReadOnlyTable math) {
        math.rawset("abs", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                // fabs clears the sign bit, a NaN's too
                double x = checkNumber(args, 1, "abs");
                return LuaValue.valueOf(Double.longBitsToDouble(Double.doubleToRawLongBits(x) & Long.MAX_VALUE));
            }
        });
        unary(math, "acos", Math::acos);
        unary(math, "asin", Math::asin);
        unary(math, "atan", Math::atan);
        unary(math, "ceil", Math::ceil);
        unary(math, "cos", Math::cos);
        unary(math, "cosh", Math::cosh);
        unary(math, "deg", x -> x / (Math.PI / 180.0));
        unary(math, "exp", Math::exp);
        unary(math, "floor", Math::floor);
        unary(math, "log", Math::log);
        unary(math, "log10", Math::log10);
        unary(math, "rad", x -> x * (Math.PI / 180.0));
        unary(math, "sin", Math::sin);
        unary(math, "sinh", Math::sinh);
        unary(math, "sqrt", Math::sqrt);
        unary(math, "tan", Math::tan);
        unary(math, "tanh", Math::tanh);
        binary(math, "atan2", Math::atan2);
        binary(math, "fmod", (x, y) -> x % y); // Java's % on doubles is C's fmod
        math.rawset("mod", math.rawget("fmod"));
        binary(math, "pow", LuaNumbers::pow);
        math.rawset("ldexp", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                int e = cInt(checkNumber(args, 2, "ldexp")); // right to left, as math_ldexp's arguments
                double x = checkNumber(args, 1, "ldexp");
                return LuaNumbers.valueOf(Math.scalb(x, e));
            }
        });
        math.rawset("frexp", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                double x = checkNumber(args, 1, "frexp");
                if (x == 0 || !Double.isFinite(x)) return LuaValue.varargsOf(LuaNumbers.valueOf(x), LuaValue.ZERO);
                int e = Math.getExponent(x);
                if (e < Double.MIN_EXPONENT) e = Math.getExponent(x * 0x1p54) - 54; // subnormal
                return LuaValue.varargsOf(LuaNumbers.valueOf(Math.scalb(x, -(e + 1))), LuaValue.valueOf(e + 1));
            }
        });
        math.rawset("modf", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                double x = checkNumber(args, 1, "modf");
                double ip;
                double fp;
                if (Double.isNaN(x)) {
                    ip = x;
                    fp = x;
                } else if (Double.isInfinite(x)) {
                    ip = x;
                    fp = Math.copySign(0.0, x);
                } else {
                    ip = x >= 0 ? Math.floor(x) : Math.ceil(x);
                    fp = Math.copySign(x - ip, x);
                }
                return LuaValue.varargsOf(LuaNumbers.valueOf(ip), LuaNumbers.valueOf(fp));
            }
        });
        math.rawset("max", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                double m = checkNumber(args, 1, "max");
                for (int i = 2; i <= args.narg(); i++) {
                    double d = checkNumber(args, i, "max");
                    if (d > m) m = d;
                }
                return LuaNumbers.valueOf(m);
            }
        });
        math.rawset("min", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                double m = checkNumber(args, 1, "min");
                for (int i = 2; i <= args.narg(); i++) {
                    double d = checkNumber(args, i, "min");
                    if (d < m) m = d;
                }
                return LuaNumbers.valueOf(m);
            }
        });
    }

    private static void unary(ReadOnlyTable math, String name, java.util.function.DoubleUnaryOperator f) {
        math.rawset(name, new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                double x = checkNumber(args, 1, name);
                return LuaNumbers.valueOf(LuaNumbers.nanLikeX86(f.applyAsDouble(x), x, x));
            }
        });
    }

    private static void binary(ReadOnlyTable math, String name, java.util.function.DoubleBinaryOperator f) {
        math.rawset(name, new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                // fmod(luaL_checknumber(L, 1), luaL_checknumber(L, 2)): gcc on x86-64 evaluates the
                // arguments right to left, so a bad second argument is the one reported
                double y = checkNumber(args, 2, name);
                double x = checkNumber(args, 1, name);
                return LuaNumbers.valueOf(LuaNumbers.nanLikeX86(f.applyAsDouble(x, y), x, y));
            }
        });
    }

    /**
     * "bad argument #i: number expected, got no value", which the error positioner words as Lua does
     * ("bad argument #i to 'f' (...)", the function named as called, self not counted for methods).
     */
    static LuaError typeError(int i, String fname, String expected, Varargs args) {
        String got = i > args.narg() ? "no value" : args.arg(i).typename();
        return new LuaError("bad argument #" + i + ": " + expected + " expected, got " + got);
    }

    // ---- the library API of FUNCTION LOAD (function_lua.c luaEngineInitEngine) -----------------------

    /** The globals a loading library sees: {@code redis} with register_function, log, LOG_* and the version. */
    static ReadOnlyTable libraryApi(LuaRuntime rt, LuaFunction register) {
        LuaValue full = rt.globals.rawget("redis");
        // luaSetErrorMetatable: reading a missing field (redis.call while loading) is an error too.
        ReadOnlyTable r = new ReadOnlyTable() {
            @Override
            public LuaValue get(LuaValue key) {
                LuaValue v = rawget(key);
                if (v.isnil() && key.isstring()) {
                    throw new LuaError("Script attempted to access nonexistent global variable '" + key.tojstring() + "'");
                }
                return v;
            }
        };
        r.rawset("register_function", register);
        for (String k : new String[] {"log", "LOG_DEBUG", "LOG_VERBOSE", "LOG_NOTICE", "LOG_WARNING", "REDIS_VERSION",
                "REDIS_VERSION_NUM", "SERVER_NAME", "VALKEY_VERSION", "VALKEY_VERSION_NUM"}) {
            LuaValue v = full.rawget(k);
            if (!v.isnil()) r.rawset(k, v);
        }
        freezeTable(r);
        ReadOnlyTable api = new ReadOnlyTable();
        api.rawset("redis", r);
        if (rt.dialect.has(Quirk.LUA_SERVER_TABLE)) api.rawset("server", r);
        freezeTable(api);
        return api;
    }

    // ---- the redis table -----------------------------------------------------------------------------

    /** "7.2.4" as Redis's REDIS_VERSION_NUM: 0x070204. */
    private static int versionNum(String version) {
        String[] v = version.split("\\.");
        return Integer.parseInt(v[0]) << 16 | Integer.parseInt(v[1]) << 8 | Integer.parseInt(v[2]);
    }

    private static ReadOnlyTable redisTable(LuaRuntime rt) {
        ReadOnlyTable r = new ReadOnlyTable();
        String api = rt.dialect.has(Quirk.TEXTS_WITHOUT_REDIS_NAME) ? "server" : "redis";
        r.rawset("call", new RedisCall(rt, true));
        r.rawset("pcall", new RedisCall(rt, false));
        r.rawset("log", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                int argc = args.narg();
                if (argc < 2) throw rt.helperError(api + ".log() requires two arguments or more.");
                if (args.arg1().tonumber().isnil()) throw rt.helperError("First argument must be a number (log level).");
                long level = CFormat.toLong(args.arg1().tonumber().todouble());
                if (level < 0 || level > 3) {
                    throw rt.helperError(rt.dialect.has(Quirk.LUA_LOG_LEVEL_ERROR) ? "Invalid log level." : "Invalid debug level.");
                }
                return LuaValue.NONE; // Redis writes the message to its log file
            }
        });
        r.rawset("LOG_DEBUG", LuaValue.valueOf(0));
        r.rawset("LOG_VERBOSE", LuaValue.valueOf(1));
        r.rawset("LOG_NOTICE", LuaValue.valueOf(2));
        r.rawset("LOG_WARNING", LuaValue.valueOf(3));
        if (rt.dialect.has(Quirk.LUA_REDIS_VERSION)) {
            r.rawset("REDIS_VERSION_NUM", LuaValue.valueOf(versionNum(rt.dialect.redisVersion())));
            r.rawset("REDIS_VERSION", LuaValue.valueOf(rt.dialect.redisVersion()));
        }
        if (rt.dialect.has(Quirk.LUA_SERVER_TABLE)) {
            r.rawset("SERVER_NAME", LuaValue.valueOf(rt.dialect.server()));
            r.rawset("VALKEY_VERSION_NUM", LuaValue.valueOf(versionNum(rt.dialect.full())));
            r.rawset("VALKEY_VERSION", LuaValue.valueOf(rt.dialect.full()));
        }
        r.rawset("setresp", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (args.narg() != 1) throw rt.helperError(api + ".setresp() requires one argument.");
                LuaValue n = args.arg1().tonumber();
                long resp = n.isnil() ? 0 : CFormat.toLong(n.todouble());
                if (resp != 2 && resp != 3) throw rt.helperError("RESP version must be 2 or 3.");
                rt.run.setResp((int) resp);
                return LuaValue.NONE;
            }
        });
        r.rawset("sha1hex", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (args.narg() != 1) throw rt.helperError("wrong number of arguments");
                LuaValue v = args.arg1();
                byte[] data = v.isstring() ? bytes(v) : new byte[0];
                return LuaValue.valueOf(LuaRuntime.sha1hex(data));
            }
        });
        r.rawset("error_reply", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (args.narg() != 1 || args.arg1().type() != LuaValue.TSTRING) return rt.callError("wrong number or type of arguments", false);
                String s = Convert.latin1(args.arg1());
                if (!rt.errorTables) return singleField("err", args.arg1());
                return rt.errTable(LuaRuntime.pushErrorText(s.startsWith("-") ? s : "-" + s), false);
            }
        });
        r.rawset("status_reply", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (args.narg() != 1 || args.arg1().type() != LuaValue.TSTRING) return rt.callError("wrong number or type of arguments", false);
                return singleField("ok", args.arg1());
            }
        });
        r.rawset("set_repl", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (args.narg() != 1) throw rt.helperError(rt.dialect.has(Quirk.SET_REPL_SAYS_ONE_ARGUMENT)
                        ? api + ".set_repl() requires one argument." : "redis.set_repl() requires two arguments.");
                LuaValue n = args.arg1().tonumber();
                long flags = n.isnil() ? 0 : CFormat.toLong(n.todouble());
                if ((flags & ~3L) != 0) {
                    throw rt.helperError("Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.");
                }
                return LuaValue.NONE; // no replication here
            }
        });
        r.rawset("REPL_NONE", LuaValue.valueOf(0));
        r.rawset("REPL_AOF", LuaValue.valueOf(1));
        r.rawset("REPL_SLAVE", LuaValue.valueOf(2));
        r.rawset("REPL_REPLICA", LuaValue.valueOf(2));
        r.rawset("REPL_ALL", LuaValue.valueOf(3));
        r.rawset("replicate_commands", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return LuaValue.TRUE; // scripts always replicate their effects (7.0; 6.2's default)
            }
        });
        r.rawset("breakpoint", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return LuaValue.FALSE; // no debugging session
            }
        });
        r.rawset("debug", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return LuaValue.NONE;
            }
        });
        if (rt.dialect.has(Quirk.LUA_ACL_CHECK_CMD)) {
            r.rawset("acl_check_cmd", new VarArgFunction() {
                @Override
                public Varargs invoke(Varargs args) {
                    byte[][] argv = toArgv(rt, args);
                    if (argv == null) throw rt.raise(rt.lastArgvError);
                    if (!rt.run.commandExists(argv)) throw rt.helperError("Invalid command passed to " + api + ".acl_check_cmd()");
                    return LuaValue.valueOf(rt.run.aclAllows(argv));
                }
            });
        }
        return r;
    }

    static LuaTable singleField(String field, LuaValue value) {
        LuaTable t = new LuaTable();
        t.rawset(field, value);
        return t;
    }

    static LuaTable singleField(LuaString field, LuaValue value) {
        LuaTable t = new LuaTable(0, 1);
        t.rawset(field, value);
        return t;
    }

    static byte[] bytes(LuaValue v) {
        if (v.type() == LuaValue.TNUMBER) return numberToString(v.todouble()).getBytes(StandardCharsets.ISO_8859_1);
        LuaString s = v.checkstring();
        byte[] b = new byte[s.rawlen()];
        s.copyInto(0, b, 0, b.length);
        return b;
    }

    /**
     * luaArgsToRedisArgv: numbers become "%.17g" text (7.2: an integer or the shortest form,
     * {@link RedisNumbers#integerOrShortest}), strings their bytes; no arguments, or any other
     * type, is an error (left in {@code rt.lastArgvError}, returns null).
     */
    static byte[][] toArgv(LuaRuntime rt, Varargs args) {
        int argc = args.narg();
        if (argc == 0) {
            rt.lastArgvError = rt.callError(Errors.scriptNoArguments(rt.dialect), false);
            return null;
        }
        byte[][] argv = new byte[argc][];
        for (int i = 0; i < argc; i++) {
            if ((argv[i] = argBytes(rt, args.arg(i + 1))) == null) return null;
        }
        return argv;
    }

    /** One argument of redis.call as toArgv converts it, or null (the error left in {@code rt.lastArgvError}). */
    static byte[] argBytes(LuaRuntime rt, LuaValue a) {
        if (a instanceof LuaString s) {
            byte[] b = new byte[s.m_length];
            System.arraycopy(s.m_bytes, s.m_offset, b, 0, b.length);
            return b;
        }
        if (a.type() == LuaValue.TNUMBER) return numberArg(a.todouble(), rt.shortestDoubles);
        if (a.type() == LuaValue.TSTRING) return bytes(a);
        rt.lastArgvError = rt.callError(Errors.scriptBadArgument(rt.dialect), false);
        return null;
    }

    /**
     * A number argument's text: {@link RedisNumbers#integerOrShortest} (7.2) or "%.17g". Both print an
     * integer below 10^15 in magnitude as its digits (-0 aside: "0" in 7.2, "-0" with %.17g), written
     * here straight into the bytes.
     */
    static byte[] numberArg(double d, boolean shortest) {
        long l = (long) d;
        if (l == d && l > -1_000_000_000_000_000L && l < 1_000_000_000_000_000L
                && (l != 0 || shortest || Double.doubleToRawLongBits(d) == 0)) {
            return asciiDigits(l);
        }
        String text = shortest ? RedisNumbers.integerOrShortest(d) : CFormat.g17(d);
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The decimal digits of {@code v} (|v| < 10^18), with a leading '-' when negative. */
    static byte[] asciiDigits(long v) {
        boolean neg = v < 0;
        long u = neg ? -v : v;
        int n = 1;
        for (long t = u; t >= 10; t /= 10) n++;
        byte[] b = new byte[neg ? n + 1 : n];
        int i = b.length;
        do {
            b[--i] = (byte) ('0' + (int) (u % 10));
            u /= 10;
        } while (u != 0);
        if (neg) b[0] = '-';
        return b;
    }

    /** redis.call (raise = true) and redis.pcall: luaRedisGenericCommand. */
    static final class RedisCall extends VarArgFunction {
        private final LuaRuntime rt;
        private final boolean raise;

        RedisCall(LuaRuntime rt, boolean raise) {
            this.rt = rt;
            this.raise = raise;
        }

        // OP_CALL with one to three arguments and at most one result calls these (no Varargs built).

        @Override
        public LuaValue call(LuaValue a) {
            ScriptRun run = running();
            byte[] x = argBytes(rt, a);
            return run(run, x == null ? null : new byte[][] {x});
        }

        @Override
        public LuaValue call(LuaValue a, LuaValue b) {
            ScriptRun run = running();
            byte[] x = argBytes(rt, a), y;
            return run(run, x == null || (y = argBytes(rt, b)) == null ? null : new byte[][] {x, y});
        }

        @Override
        public LuaValue call(LuaValue a, LuaValue b, LuaValue c) {
            ScriptRun run = running();
            byte[] x = argBytes(rt, a), y = null, z;
            return run(run, x == null || (y = argBytes(rt, b)) == null || (z = argBytes(rt, c)) == null ? null
                    : new byte[][] {x, y, z});
        }

        @Override
        public Varargs invoke(Varargs args) {
            ScriptRun run = running();
            return run(run, toArgv(rt, args));
        }

        private ScriptRun running() {
            ScriptRun run = rt.run;
            if (run == null) throw rt.helperError("redis.call/pcall can only be called inside a script invocation");
            return run;
        }

        /** Runs the command (argv null: the conversion failed, its error in rt.lastArgvError). */
        private LuaValue run(ScriptRun run, byte[][] argv) {
            LuaValue result;
            boolean error;
            if (argv == null) {
                result = rt.lastArgvError;
                error = true;
            } else {
                try {
                    Reply reply = run.call(argv);
                    result = Convert.toLua(rt, reply, true);
                    error = reply.isError();
                } catch (ScriptRun.Refused e) {
                    result = rt.callError(e.getMessage(), true);
                    error = true;
                }
            }
            if (raise && error) throw rt.raise(rt.errorTables ? result : result.rawget("err"));
            return result;
        }
    }
}
