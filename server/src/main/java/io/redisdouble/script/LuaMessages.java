package io.redisdouble.script;

import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

/**
 * Lua 5.1's wording of runtime errors raised by the VM (ldebug.c luaG_typeerror and friends), rebuilt
 * from the faulting instruction because LuaJ words them differently ("attempt to index ? (a nil
 * value)", "attempt to perform arithmetic __add on nil and number"): "attempt to index local 'a' (a nil
 * value)", "attempt to perform arithmetic on global 'x' (a nil value)", "attempt to call field 'f' (a
 * nil value)", "attempt to concatenate a nil value", "attempt to compare two table values".
 */
final class LuaMessages {
    private LuaMessages() {}

    static String translate(String msg, LuaClosure closure, int pc, LuaValue[] stack) {
        // LuaJ: "table index expected, got nil"; Lua 5.1 (luaH_set): "table index is nil".
        // LuaJ words a NaN key the same way; Lua 5.1 says "table index is NaN".
        if (msg.startsWith("table index expected")) return nanKey(closure, pc, stack) ? "table index is NaN" : "table index is nil";
        if (closure == null || stack == null) return msg;
        Prototype p = closure.p;
        if (pc < 0 || pc >= p.code.length) return msg;
        if (msg.startsWith("bad argument")) return badArgument(msg, p, pc, stack);
        if (!msg.startsWith("attempt to ")) return msg;
        int i = p.code[pc];
        int op = Lua.GET_OPCODE(i);
        int a = Lua.GETARG_A(i);
        int b = Lua.GETARG_B(i);
        int c = Lua.GETARG_C(i);
        switch (op) {
            case Lua.OP_GETTABLE:
            case Lua.OP_SELF:
                return typeError(p, pc, stack, b, "index");
            case Lua.OP_SETTABLE:
                return typeError(p, pc, stack, a, "index");
            case Lua.OP_GETTABUP:
            case Lua.OP_SETTABUP:
                return "attempt to index upvalue '" + upvalName(p, op == Lua.OP_GETTABUP ? b : a) + "' (a "
                        + closure.upValues[op == Lua.OP_GETTABUP ? b : a].getValue().typename() + " value)";
            case Lua.OP_ADD: case Lua.OP_SUB: case Lua.OP_MUL: case Lua.OP_DIV: case Lua.OP_MOD: case Lua.OP_POW: {
                // luaG_aritherror: the second operand unless the first is not a number.
                int bad = rkIsNumber(p, stack, b) ? c : b;
                return rkTypeError(p, pc, stack, bad, "perform arithmetic on");
            }
            case Lua.OP_UNM:
                return typeError(p, pc, stack, b, "perform arithmetic on");
            case Lua.OP_LEN:
                return typeError(p, pc, stack, b, "get length of");
            case Lua.OP_CONCAT: {
                int bad = -1;
                for (int r = c; r >= b; r--) if (!isStringOrNumber(stack[r])) { bad = r; break; }
                if (bad < 0) return msg;
                if (bad == c && c - 1 >= b && !isStringOrNumber(stack[c - 1])) bad = c - 1;
                return typeError(p, pc, stack, bad, "concatenate");
            }
            case Lua.OP_CALL:
            case Lua.OP_TAILCALL:
                if (!msg.startsWith("attempt to call")) return msg;
                return typeError(p, pc, stack, a, "call");
            case Lua.OP_LT:
            case Lua.OP_LE: {
                String t1 = rk(p, stack, b).typename();
                String t2 = rk(p, stack, c).typename();
                return t1.equals(t2) ? "attempt to compare two " + t1 + " values" : "attempt to compare " + t1 + " with " + t2;
            }
            default:
                return msg;
        }
    }

    /**
     * LuaJ's "bad argument #2: msg" / "bad argument: number expected, got nil" as luaL_argerror words
     * it: "bad argument #2 to 'rep' (number expected, got no value)", the function named as called.
     */
    private static String badArgument(String msg, Prototype p, int pc, LuaValue[] stack) {
        int i = p.code[pc];
        int op = Lua.GET_OPCODE(i);
        if (op != Lua.OP_CALL && op != Lua.OP_TAILCALL) return msg;
        int a = Lua.GETARG_A(i);
        int b = Lua.GETARG_B(i);
        String[] name = getobjname(p, pc, a);
        String fname = name == null ? "?" : name[1];
        boolean method = name != null && name[0].equals("method");
        int nargs = b != 0 ? b - 1 : -1;
        if (msg.startsWith("bad argument #")) {
            int colon = msg.indexOf(": ");
            if (colon < 0) return msg;
            int index;
            try {
                index = Integer.parseInt(msg.substring("bad argument #".length(), colon));
            } catch (NumberFormatException e) {
                return msg;
            }
            return argError(index, fname, method, detail(msg.substring(colon + 2)));
        }
        if (msg.startsWith("bad argument: ")) {
            String detail = msg.substring("bad argument: ".length());
            int got = detail.lastIndexOf(", got ");
            int index = 1;
            if (got >= 0) {
                String type = detail.substring(got + 6);
                int max = nargs >= 0 ? nargs : Math.max(0, stack.length - a - 1);
                index = -1;
                for (int k = 1; k <= max && a + k < stack.length; k++) {
                    LuaValue v = stack[a + k];
                    if (v != null && v.typename().equals(type)) {
                        index = k;
                        break;
                    }
                }
                if (index < 0) {
                    index = nargs >= 0 ? nargs + 1 : 1;
                    if (type.equals("nil")) detail = detail.substring(0, got) + ", got no value";
                }
            }
            return argError(index, fname, method, detail(detail));
        }
        return msg;
    }

    /** luaL_argerror: for a method call the self argument is not counted. */
    private static String argError(int index, String fname, boolean method, String detail) {
        if (method) {
            index--;
            if (index == 0) return "calling '" + fname + "' on bad self (" + detail + ")";
        }
        return "bad argument #" + index + " to '" + fname + "' (" + detail + ")";
    }

    /** LuaJ's type words as luaL_typerror / luaL_checkany put them. */
    private static String detail(String d) {
        if (d.equals("value")) return "value expected";
        if (d.startsWith("thread expected")) return "coroutine expected";
        for (String javaType : new String[] {"double", "int", "long", "integer"}) {
            if (d.startsWith(javaType + " expected")) return "number" + d.substring(javaType.length());
        }
        return d;
    }

    private static boolean isStringOrNumber(LuaValue v) {
        return v != null && (v.type() == LuaValue.TSTRING || v.type() == LuaValue.TNUMBER);
    }

    /** Whether the faulting instruction is a SETTABLE whose key is a NaN. */
    private static boolean nanKey(LuaClosure closure, int pc, LuaValue[] stack) {
        if (closure == null || stack == null || pc < 0 || pc >= closure.p.code.length) return false;
        int i = closure.p.code[pc];
        if (Lua.GET_OPCODE(i) != Lua.OP_SETTABLE) return false;
        LuaValue key = rk(closure.p, stack, Lua.GETARG_B(i));
        return key != null && key.type() == LuaValue.TNUMBER && Double.isNaN(key.todouble());
    }

    private static LuaValue rk(Prototype p, LuaValue[] stack, int x) {
        return Lua.ISK(x) ? p.k[Lua.INDEXK(x)] : stack[x];
    }

    private static boolean rkIsNumber(Prototype p, LuaValue[] stack, int x) {
        LuaValue v = rk(p, stack, x);
        return v != null && LuaNumbers.toNumber(v) != null; // luaV_tonumber: strings by luaO_str2d
    }

    private static String rkTypeError(Prototype p, int pc, LuaValue[] stack, int x, String op) {
        if (Lua.ISK(x)) return "attempt to " + op + " a " + p.k[Lua.INDEXK(x)].typename() + " value";
        return typeError(p, pc, stack, x, op);
    }

    /** luaG_typeerror: "attempt to OP KIND 'name' (a TYPE value)", or without the name. */
    private static String typeError(Prototype p, int pc, LuaValue[] stack, int reg, String op) {
        LuaValue v = reg < stack.length ? stack[reg] : null;
        String type = v == null ? "nil" : v.typename();
        String[] name = getobjname(p, pc, reg);
        if (name != null) return "attempt to " + op + " " + name[0] + " '" + name[1] + "' (a " + type + " value)";
        return "attempt to " + op + " a " + type + " value";
    }

    /** ldebug.c getobjname with Lua 5.1's kinds (global, local, field, upvalue, method). */
    static String[] getobjname(Prototype p, int lastpc, int reg) {
        LuaString local = p.getlocalname(reg + 1, lastpc);
        if (local != null) return new String[] {"local", local.tojstring()};
        int pc = findsetreg(p, lastpc, reg);
        if (pc == -1) return null;
        int i = p.code[pc];
        int op = Lua.GET_OPCODE(i);
        switch (op) {
            case Lua.OP_MOVE: {
                int b = Lua.GETARG_B(i);
                if (b < Lua.GETARG_A(i)) return getobjname(p, pc, b);
                return null;
            }
            case Lua.OP_GETTABUP:
            case Lua.OP_GETTABLE: {
                int k = Lua.GETARG_C(i);
                int t = Lua.GETARG_B(i);
                String vn = op == Lua.OP_GETTABLE ? str(p.getlocalname(t + 1, pc)) : upvalName(p, t);
                String key = kname(p, k);
                return new String[] {"_ENV".equals(vn) ? "global" : "field", key};
            }
            case Lua.OP_GETUPVAL:
                return new String[] {"upvalue", upvalName(p, Lua.GETARG_B(i))};
            case Lua.OP_SELF:
                return new String[] {"method", kname(p, Lua.GETARG_C(i))};
            default:
                return null;
        }
    }

    private static String str(LuaString s) {
        return s == null ? null : s.tojstring();
    }

    private static String upvalName(Prototype p, int idx) {
        if (p.upvalues == null || idx >= p.upvalues.length || p.upvalues[idx].name == null) return "?";
        return p.upvalues[idx].name.tojstring();
    }

    private static String kname(Prototype p, int c) {
        if (Lua.ISK(c) && p.k[Lua.INDEXK(c)].type() == LuaValue.TSTRING) return p.k[Lua.INDEXK(c)].tojstring();
        return "?";
    }

    /** The last instruction before lastpc that set register reg (ldebug.c findsetreg, Lua 5.2). */
    private static int findsetreg(Prototype p, int lastpc, int reg) {
        int setreg = -1;
        for (int pc = 0; pc < lastpc; pc++) {
            int i = p.code[pc];
            int op = Lua.GET_OPCODE(i);
            int a = Lua.GETARG_A(i);
            switch (op) {
                case Lua.OP_LOADNIL: {
                    int b = Lua.GETARG_B(i);
                    if (a <= reg && reg <= a + b) setreg = pc;
                    break;
                }
                case Lua.OP_TFORCALL:
                    if (reg >= a + 2) setreg = pc;
                    break;
                case Lua.OP_CALL:
                case Lua.OP_TAILCALL:
                    if (reg >= a) setreg = pc;
                    break;
                case Lua.OP_JMP: {
                    int b = Lua.GETARG_sBx(i);
                    int dest = pc + 1 + b;
                    if (pc < dest && dest <= lastpc) pc += b;
                    break;
                }
                case Lua.OP_TEST:
                    if (reg == a) setreg = pc;
                    break;
                default:
                    if (Lua.testAMode(op) && reg == a) setreg = pc;
                    break;
            }
        }
        return setreg;
    }
}
