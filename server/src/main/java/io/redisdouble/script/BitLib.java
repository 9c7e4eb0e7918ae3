package io.redisdouble.script;

import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * LuaBitOp 1.0.2 (the {@code bit} library Redis bundles): 32-bit operations on numbers normalized the
 * way its barg() does (add 2^52+2^51 and keep the low 32 bits, i.e. round to nearest even modulo 2^32),
 * results as signed 32-bit numbers.
 */
final class BitLib {
    private BitLib() {}

    static ReadOnlyTable create() {
        ReadOnlyTable t = new ReadOnlyTable();
        String[] names = {"tobit", "bnot", "band", "bor", "bxor", "lshift", "rshift", "arshift", "rol", "ror", "bswap", "tohex"};
        for (int i = 0; i < names.length; i++) t.rawset(names[i], new Op(names[i], i));
        return t;
    }

    static int barg(Varargs args, int i, String name) {
        LuaValue v = args.arg(i);
        LuaValue n = v.tonumber();
        double d = n.isnil() ? 0 : n.todouble();
        int b = (int) Double.doubleToRawLongBits(d + 6755399441055744.0);
        if (b == 0 && n.isnil()) throw Libraries.typeError(i, name, "number", args);
        return b;
    }

    private static final class Op extends VarArgFunction {
        private final String name;
        private final int op;

        Op(String name, int op) {
            this.name = name;
            this.op = op;
        }

        @Override
        public Varargs invoke(Varargs args) {
            int b = barg(args, 1, name);
            switch (op) {
                case 0: return LuaValue.valueOf(b);
                case 1: return LuaValue.valueOf(~b);
                case 2: case 3: case 4: {
                    for (int i = args.narg(); i > 1; i--) {
                        int x = barg(args, i, name);
                        b = op == 2 ? b & x : op == 3 ? b | x : b ^ x;
                    }
                    return LuaValue.valueOf(b);
                }
                case 5: return LuaValue.valueOf(b << (barg(args, 2, name) & 31));
                case 6: return LuaValue.valueOf(b >>> (barg(args, 2, name) & 31));
                case 7: return LuaValue.valueOf(b >> (barg(args, 2, name) & 31));
                case 8: return LuaValue.valueOf(Integer.rotateLeft(b, barg(args, 2, name) & 31));
                case 9: return LuaValue.valueOf(Integer.rotateRight(b, barg(args, 2, name) & 31));
                case 10: return LuaValue.valueOf(Integer.reverseBytes(b));
                default: {
                    int n = args.narg() < 2 ? 8 : barg(args, 2, name);
                    String digits = "0123456789abcdef";
                    if (n < 0) {
                        n = -n;
                        digits = "0123456789ABCDEF";
                    }
                    if (n > 8) n = 8;
                    char[] buf = new char[n];
                    for (int i = n; --i >= 0; ) {
                        buf[i] = digits.charAt(b & 15);
                        b >>>= 4;
                    }
                    return LuaValue.valueOf(new String(buf));
                }
            }
        }
    }
}
