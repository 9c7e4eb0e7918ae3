package io.redisdouble.script;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * lua_struct 0.2 as Redis bundles it ({@code struct.pack}, {@code struct.unpack}, {@code struct.size})
 * on a 64-bit little-endian machine: b/B 1 byte, h/H 2, l/L and T 8, i/I 4 or iN (N up to 32), f, d, x
 * padding, cN and c0 strings, s zero-terminated strings, '&lt;' '&gt;' endianness, '!' alignment.
 */
final class StructLib {
    private StructLib() {}

    private static final int MAXINTSIZE = 32;
    private static final int MAXALIGN = 8;

    static ReadOnlyTable create() {
        ReadOnlyTable t = new ReadOnlyTable();
        t.rawset("pack", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return pack(args);
            }
        });
        t.rawset("unpack", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return unpack(args);
            }
        });
        t.rawset("size", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return size(args);
            }
        });
        return t;
    }

    /** The format being read, with its header (endianness, alignment). */
    private static final class Format {
        final String fmt;
        int i;
        boolean little = true;
        int align = 1;

        Format(String fmt) {
            this.fmt = fmt;
        }

        boolean more() {
            return i < fmt.length() && fmt.charAt(i) != '\0';
        }

        int getnum(int df) {
            if (i >= fmt.length() || !Character.isDigit(fmt.charAt(i))) return df;
            long a = 0;
            do {
                a = a * 10 + (fmt.charAt(i++) - '0');
                if (a > Integer.MAX_VALUE) throw new LuaError("integral size overflow");
            } while (i < fmt.length() && Character.isDigit(fmt.charAt(i)));
            return (int) a;
        }

        int optsize(char opt) {
            switch (opt) {
                case 'B': case 'b': return 1;
                case 'H': case 'h': return 2;
                case 'L': case 'l': case 'T': return 8;
                case 'f': return 4;
                case 'd': return 8;
                case 'x': return 1;
                case 'c': return getnum(1);
                case 'i': case 'I': {
                    int sz = getnum(4);
                    if (sz > MAXINTSIZE) throw new LuaError("integral size " + sz + " is larger than limit of " + MAXINTSIZE);
                    return sz;
                }
                default: return 0;
            }
        }

        int toalign(long len, char opt, int size) {
            if (size == 0 || opt == 'c') return 0;
            if (size > align) size = align;
            return (int) ((size - (len & (size - 1))) & (size - 1));
        }

        void control(char opt, String fname) {
            switch (opt) {
                case ' ':
                    return;
                case '>':
                    little = false;
                    return;
                case '<':
                    little = true;
                    return;
                case '!': {
                    int a = getnum(MAXALIGN);
                    if ((a & (a - 1)) != 0) throw new LuaError("alignment " + a + " is not a power of 2");
                    align = a;
                    return;
                }
                default:
                    throw new LuaError("bad argument #1: invalid format option '" + opt + "'");
            }
        }
    }

    private static String fmtArg(Varargs args, String fname) {
        return StringFormat.latin1(StringFormat.checkStringArg(args, 1, fname));
    }

    private static Varargs pack(Varargs args) {
        Format f = new Format(fmtArg(args, "pack"));
        int arg = 2;
        long total = 0;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (f.more()) {
            char opt = f.fmt.charAt(f.i++);
            int size = f.optsize(opt);
            int toalign = f.toalign(total, opt, size);
            total += toalign;
            for (int k = 0; k < toalign; k++) out.write(0);
            switch (opt) {
                case 'b': case 'B': case 'h': case 'H': case 'l': case 'L': case 'T': case 'i': case 'I': {
                    double n = Libraries.checkNumber(args, arg++, "pack");
                    long value = CFormat.toLong(n);
                    if (n >= 9.223372036854775807E18) value = n >= 1.8446744073709552E19 ? 0 : (long) (n - 9.223372036854775808E18) ^ Long.MIN_VALUE;
                    byte[] b = new byte[size];
                    for (int k = 0; k < size; k++) {
                        int idx = f.little ? k : size - 1 - k;
                        b[idx] = (byte) value;
                        value >>>= 8;
                    }
                    out.writeBytes(b);
                    break;
                }
                case 'x':
                    out.write(0);
                    break;
                case 'f': {
                    int bits = Float.floatToRawIntBits((float) Libraries.checkNumber(args, arg++, "pack"));
                    for (int k = 0; k < 4; k++) out.write(f.little ? bits >>> (8 * k) : bits >>> (8 * (3 - k)));
                    break;
                }
                case 'd': {
                    long bits = Double.doubleToRawLongBits(Libraries.checkNumber(args, arg++, "pack"));
                    for (int k = 0; k < 8; k++) out.write((int) (f.little ? bits >>> (8 * k) : bits >>> (8 * (7 - k))));
                    break;
                }
                case 'c':
                case 's': {
                    LuaString s = StringFormat.checkStringArg(args, arg++, "pack");
                    int l = s.rawlen();
                    if (size == 0) size = l;
                    if (l < size) throw new LuaError("bad argument #" + arg + ": string too short");
                    byte[] b = new byte[size];
                    s.copyInto(0, b, 0, size);
                    out.writeBytes(b);
                    if (opt == 's') {
                        out.write(0);
                        size++;
                    }
                    break;
                }
                default:
                    f.control(opt, "pack");
            }
            total += size;
        }
        return LuaValue.valueOf(out.toByteArray());
    }

    private static Varargs unpack(Varargs args) {
        Format f = new Format(fmtArg(args, "unpack"));
        LuaString data = StringFormat.checkStringArg(args, 2, "unpack");
        int ld = data.rawlen();
        long pos = args.isnoneornil(3) ? 0 : Libraries.checkInt(args, 3, "unpack") - 1L;
        if (pos < 0 || pos > ld) throw new LuaError("bad argument #3: offset must be 1 or greater");
        java.util.List<LuaValue> out = new java.util.ArrayList<>();
        while (f.more()) {
            char opt = f.fmt.charAt(f.i++);
            int size = f.optsize(opt);
            pos += f.toalign(pos, opt, size);
            if (pos + size > ld) throw new LuaError("bad argument #2: data string too short");
            switch (opt) {
                case 'b': case 'B': case 'h': case 'H': case 'l': case 'L': case 'T': case 'i': case 'I': {
                    long l = 0;
                    for (int k = 0; k < size; k++) {
                        int idx = f.little ? size - 1 - k : k;
                        l = (l << 8) | (data.luaByte((int) pos + idx) & 0xFF);
                    }
                    boolean signed = Character.isLowerCase(opt);
                    double res;
                    if (!signed) {
                        res = l >= 0 ? (double) l : (double) (l >>> 1) * 2.0 + (l & 1);
                    } else {
                        if (size < 8 && size > 0) {
                            long mask = -1L << (size * 8 - 1);
                            if ((l & mask) != 0) l |= mask;
                        }
                        res = (double) l;
                    }
                    out.add(LuaValue.valueOf(res));
                    break;
                }
                case 'x':
                    break;
                case 'f': {
                    int bits = 0;
                    for (int k = 0; k < 4; k++) {
                        int idx = f.little ? 3 - k : k;
                        bits = (bits << 8) | (data.luaByte((int) pos + idx) & 0xFF);
                    }
                    out.add(LuaValue.valueOf(Float.intBitsToFloat(bits)));
                    break;
                }
                case 'd': {
                    long bits = 0;
                    for (int k = 0; k < 8; k++) {
                        int idx = f.little ? 7 - k : k;
                        bits = (bits << 8) | (data.luaByte((int) pos + idx) & 0xFF);
                    }
                    out.add(LuaValue.valueOf(Double.longBitsToDouble(bits)));
                    break;
                }
                case 'c': {
                    if (size == 0) {
                        if (out.isEmpty() || out.get(out.size() - 1).type() != LuaValue.TNUMBER) {
                            throw new LuaError("format `c0' needs a previous size");
                        }
                        size = (int) out.remove(out.size() - 1).todouble();
                        if (pos + size > ld) throw new LuaError("bad argument #2: data string too short");
                    }
                    out.add(data.substring((int) pos, (int) pos + size));
                    break;
                }
                case 's': {
                    int e = -1;
                    for (int k = (int) pos; k < ld; k++) {
                        if (data.luaByte(k) == 0) {
                            e = k;
                            break;
                        }
                    }
                    if (e < 0) throw new LuaError("unfinished string in data");
                    size = e - (int) pos + 1;
                    out.add(data.substring((int) pos, e));
                    break;
                }
                default:
                    f.control(opt, "unpack");
            }
            pos += size;
        }
        out.add(LuaValue.valueOf(pos + 1));
        return LuaValue.varargsOf(out.toArray(new LuaValue[0]));
    }

    private static Varargs size(Varargs args) {
        Format f = new Format(fmtArg(args, "size"));
        long pos = 0;
        while (f.more()) {
            char opt = f.fmt.charAt(f.i++);
            int size = f.optsize(opt);
            pos += f.toalign(pos, opt, size);
            if (opt == 's') throw new LuaError("bad argument #1: option 's' has no fixed size");
            if (opt == 'c' && size == 0) throw new LuaError("bad argument #1: option 'c0' has no fixed size");
            if (!Character.isLetterOrDigit(opt)) f.control(opt, "size");
            pos += size;
        }
        return LuaValue.valueOf(pos);
    }

    static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
