package io.redisdouble.script;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

import java.nio.charset.StandardCharsets;

/**
 * string.format as Lua 5.1's str_format: options c d i o u x X e E f g G q s, flags "-+ #0", width and
 * precision of at most two digits, each conversion done as glibc's sprintf does (see {@link CFormat}).
 * Works on bytes (as Latin-1 chars).
 */
final class StringFormat extends VarArgFunction {
    @Override
    public Varargs invoke(Varargs args) {
        String fmt = latin1(checkString(args, 1));
        int top = args.narg();
        int arg = 1;
        StringBuilder out = new StringBuilder(fmt.length() + 16);
        int i = 0;
        while (i < fmt.length()) {
            char ch = fmt.charAt(i++);
            if (ch != '%') {
                out.append(ch);
                continue;
            }
            if (i < fmt.length() && fmt.charAt(i) == '%') {
                out.append('%');
                i++;
                continue;
            }
            if (++arg > top) throw new LuaError("bad argument #" + arg + ": no value");
            int start = i;
            while (i < fmt.length() && "-+ #0".indexOf(fmt.charAt(i)) >= 0) i++;
            if (i - start >= 6) throw new LuaError("invalid format (repeated flags)");
            String flags = fmt.substring(start, i);
            int width = 0;
            for (int d = 0; d < 2 && i < fmt.length() && isDigit(fmt.charAt(i)); d++) width = width * 10 + (fmt.charAt(i++) - '0');
            int precision = -1;
            if (i < fmt.length() && fmt.charAt(i) == '.') {
                i++;
                precision = 0;
                for (int d = 0; d < 2 && i < fmt.length() && isDigit(fmt.charAt(i)); d++) {
                    precision = precision * 10 + (fmt.charAt(i++) - '0');
                }
            }
            if (i < fmt.length() && isDigit(fmt.charAt(i))) throw new LuaError("invalid format (width or precision too long)");
            CFormat.Spec spec = new CFormat.Spec(flags.indexOf('-') >= 0, flags.indexOf('+') >= 0, flags.indexOf(' ') >= 0,
                    flags.indexOf('#') >= 0, flags.indexOf('0') >= 0, width, precision);
            char conv = i < fmt.length() ? fmt.charAt(i++) : '\0';
            switch (conv) {
                case 'c' -> {
                    char c = (char) ((int) CFormat.toLong(checkNumber(args, arg)) & 0xFF);
                    out.append(CFormat.pad(c == 0 ? "" : String.valueOf(c), spec, false));
                }
                case 'd', 'i' -> out.append(CFormat.formatSigned(CFormat.toLong(checkNumber(args, arg)), spec));
                case 'o', 'u', 'x', 'X' -> out.append(CFormat.formatUnsigned(conv, CFormat.toLong(checkNumber(args, arg)), spec));
                case 'e', 'E', 'f', 'g', 'G' -> out.append(CFormat.formatDouble(conv, checkNumber(args, arg), spec));
                case 'q' -> quoted(out, latin1(checkString(args, arg)));
                case 's' -> {
                    String s = latin1(checkString(args, arg));
                    if (precision < 0 && s.length() >= 100) {
                        out.append(s);
                    } else {
                        int nul = s.indexOf('\0');
                        if (nul >= 0) s = s.substring(0, nul); // sprintf's %s stops at NUL
                        if (precision >= 0 && s.length() > precision) s = s.substring(0, precision);
                        out.append(CFormat.pad(s, spec, false));
                    }
                }
                default -> throw new LuaError("invalid option '%" + (conv == '\0' ? "" : String.valueOf(conv)) + "' to 'format'");
            }
        }
        return LuaValue.valueOf(out.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static void quoted(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"', '\\', '\n' -> out.append('\\').append(c);
                case '\r' -> out.append("\\r");
                case '\0' -> out.append("\\000");
                default -> out.append(c);
            }
        }
        out.append('"');
    }

    /** luaL_checklstring: strings, and numbers as "%.14g". */
    static LuaString checkString(Varargs args, int i) {
        LuaValue v = args.arg(i);
        if (v.type() == LuaValue.TSTRING) return (LuaString) v;
        if (v.type() == LuaValue.TNUMBER) return LuaString.valueOf(Libraries.numberToString(v.todouble()));
        throw Libraries.typeError(i, "format", "string", args);
    }

    static LuaString checkStringArg(Varargs args, int i, String fname) {
        LuaValue v = args.arg(i);
        if (v.type() == LuaValue.TSTRING) return (LuaString) v;
        if (v.type() == LuaValue.TNUMBER) return LuaString.valueOf(Libraries.numberToString(v.todouble()));
        throw Libraries.typeError(i, fname, "string", args);
    }

    static double checkNumber(Varargs args, int i) {
        return Libraries.checkNumber(args, i, "format");
    }

    static String latin1(LuaString s) {
        byte[] b = new byte[s.rawlen()];
        s.copyInto(0, b, 0, b.length);
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
