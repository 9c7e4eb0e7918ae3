package io.redisdouble.script;

import io.redisdouble.dialect.Quirk;
import org.luaj.vm2.LuaDouble;
import org.luaj.vm2.LuaValue;

/**
 * Lua 5.1's numbers where LuaJ's differ: a negative zero (LuaJ turns every integral double into a
 * LuaInteger, so -0 becomes 0), strings converted to numbers by {@code luaO_str2d} (C's strtod: "inf",
 * "nan", hex floats, white space, a NUL ending the string) where LuaJ has its own scanner, and the
 * arithmetic of lvm.c ({@code luai_numadd} … {@code luai_numpow}, {@code luai_nummod} as
 * {@code a - floor(a/b)*b}) with x86-64's NaN rules: an operation on a NaN gives that NaN (the first
 * operand's if both are), an invalid one (0/0, inf-inf, inf*0) the default NaN, whose sign bit is set.
 */
final class LuaNumbers {
    private LuaNumbers() {}

    /** x86's default NaN (what 0/0 gives), printed "-nan" by glibc and musl. */
    static final long DEFAULT_NAN = 0xfff8000000000000L;

    /** The one LuaDouble that holds -0.0 (LuaDouble.valueOf would make it the integer 0). */
    static final LuaDouble NEG_ZERO = negativeZero();

    private static LuaDouble negativeZero() {
        try {
            java.lang.reflect.Constructor<LuaDouble> c = LuaDouble.class.getDeclaredConstructor(double.class);
            c.setAccessible(true);
            return c.newInstance(-0.0);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot make LuaJ hold Lua 5.1's negative zero", e);
        }
    }

    /** lua_pushnumber: -0.0 stays negative; everything else as LuaJ boxes it. */
    static LuaValue valueOf(double d) {
        if (d == 0 && Double.doubleToRawLongBits(d) != 0) return NEG_ZERO;
        return LuaValue.valueOf(d);
    }

    static boolean isNegativeZero(LuaValue v) {
        return v == NEG_ZERO;
    }

    /**
     * luaV_tonumber: a number is itself, a string is read by luaO_str2d (null when it is not a whole
     * number), anything else is no number (null). A NaN read from "-nan" keeps its sign only where the
     * build's strtod keeps it ({@link Quirk#STRTOD_NAN_KEEPS_SIGN}).
     */
    static Double toNumber(LuaValue v) {
        switch (v.type()) {
            case LuaValue.TNUMBER:
                return v.todouble();
            case LuaValue.TSTRING: {
                LuaRuntime rt = LuaRuntime.current();
                boolean nanSign = rt == null || rt.dialect.has(Quirk.STRTOD_NAN_KEEPS_SIGN);
                return Libraries.str2d(Convert.bytes(v), nanSign);
            }
            default:
                return null;
        }
    }

    /** An arithmetic opcode (LuaJ's numbering: Lua.OP_ADD … OP_UNM) applied to lua_Numbers as lvm.c does. */
    static double arith(int op, double a, double b) {
        double r;
        switch (op) {
            case org.luaj.vm2.Lua.OP_ADD: r = a + b; break;
            case org.luaj.vm2.Lua.OP_SUB: r = a - b; break;
            case org.luaj.vm2.Lua.OP_MUL: r = a * b; break;
            case org.luaj.vm2.Lua.OP_DIV: r = a / b; break;
            case org.luaj.vm2.Lua.OP_MOD: r = a - Math.floor(a / b) * b; break;
            case org.luaj.vm2.Lua.OP_POW: return pow(a, b);
            case org.luaj.vm2.Lua.OP_UNM: return Double.longBitsToDouble(Double.doubleToRawLongBits(a) ^ Long.MIN_VALUE);
            default: throw new IllegalArgumentException("not an arithmetic opcode: " + op);
        }
        return nanLikeX86(r, a, b);
    }

    /** C's pow (C99 Annex F where Java's Math.pow differs: pow(1, y) and pow(-1, ±inf) are 1), x86 NaNs. */
    static double pow(double a, double b) {
        if (a == 1 || (a == -1 && Double.isInfinite(b)) || b == 0) return 1;
        return nanLikeX86(Math.pow(a, b), a, b);
    }

    /** The NaN x86-64 gives for an operation on a and b whose result r is a NaN (r itself otherwise). */
    static double nanLikeX86(double r, double a, double b) {
        if (!Double.isNaN(r)) return r;
        if (Double.isNaN(a)) return quiet(a);
        if (Double.isNaN(b)) return quiet(b);
        return Double.longBitsToDouble(DEFAULT_NAN);
    }

    private static double quiet(double nan) {
        return Double.longBitsToDouble(Double.doubleToRawLongBits(nan) | 0x0008000000000000L);
    }
}
