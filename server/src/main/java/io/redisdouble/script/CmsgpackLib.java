package io.redisdouble.script;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.dialect.Quirk;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * lua-cmsgpack 0.4.0 as Redis bundles it: {@code cmsgpack.pack(...)} (integral numbers as the smallest
 * MessagePack integer, others as float32 when exact else float64, strings as fixstr / str8 / str16 /
 * str32, tables as arrays when their keys are exactly 1..n else maps, nesting cut at 16 levels, other
 * types as nil), {@code unpack}, {@code unpack_one}, {@code unpack_limit}.
 *
 * <p>Maps are encoded in the table's iteration order (LuaJ's, which may differ from Lua 5.1's).
 */
final class CmsgpackLib {
    private CmsgpackLib() {}

    private static final int MAX_NESTING = 16;

    static ReadOnlyTable create(Dialect d) {
        ReadOnlyTable t = new ReadOnlyTable();
        t.rawset("pack", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (args.narg() == 0) throw new LuaError("bad argument #0: MessagePack pack needs input.");
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                for (int i = 1; i <= args.narg(); i++) encode(args.arg(i), out, 0);
                return LuaValue.valueOf(out.toByteArray());
            }
        });
        t.rawset("unpack", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return unpackFull(args, 0, 0);
            }
        });
        t.rawset("unpack_one", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                int offset = args.isnoneornil(2) ? 0 : Libraries.checkInt(args, 2, "unpack_one");
                return unpackFull(args, 1, offset);
            }
        });
        t.rawset("unpack_limit", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                int limit = Libraries.checkInt(args, 2, "unpack_limit");
                int offset = args.isnoneornil(3) ? 0 : Libraries.checkInt(args, 3, "unpack_limit");
                return unpackFull(args, limit, offset);
            }
        });
        t.rawset("_NAME", LuaValue.valueOf("cmsgpack"));
        t.rawset("_VERSION", LuaValue.valueOf("lua-cmsgpack 0.4.0"));
        t.rawset("_COPYRIGHT", LuaValue.valueOf(
                d.has(Quirk.TEXTS_WITHOUT_REDIS_NAME) ? "Copyright (C) 2012, Redis Ltd." : "Copyright (C) 2012, Salvatore Sanfilippo"));
        t.rawset("_DESCRIPTION", LuaValue.valueOf("MessagePack C implementation for Lua"));
        return t;
    }

    // ---- encode -------------------------------------------------------------------------------------

    private static void encode(LuaValue v, ByteArrayOutputStream out, int level) {
        int t = v.type();
        if (t == LuaValue.TTABLE && level == MAX_NESTING) t = LuaValue.TNIL;
        switch (t) {
            case LuaValue.TSTRING -> {
                byte[] b = Convert.bytes(v);
                int len = b.length;
                if (len < 32) {
                    out.write(0xa0 | len);
                } else if (len <= 0xff) {
                    out.write(0xd9);
                    out.write(len);
                } else if (len <= 0xffff) {
                    out.write(0xda);
                    be(out, len, 2);
                } else {
                    out.write(0xdb);
                    be(out, len, 4);
                }
                out.writeBytes(b);
            }
            case LuaValue.TBOOLEAN -> out.write(v.toboolean() ? 0xc3 : 0xc2);
            case LuaValue.TNUMBER -> {
                double n = v.todouble();
                if (!Double.isInfinite(n) && !Double.isNaN(n) && CFormat.toLong(n) == n) encodeInt(CFormat.toLong(n), out);
                else encodeDouble(n, out);
            }
            case LuaValue.TTABLE -> encodeTable((LuaTable) v, out, level);
            default -> out.write(0xc0);
        }
    }

    private static void be(ByteArrayOutputStream out, long v, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) out.write((int) (v >>> (8 * i)));
    }

    private static void encodeInt(long n, ByteArrayOutputStream out) {
        if (n >= 0) {
            if (n <= 127) {
                out.write((int) n);
            } else if (n <= 0xff) {
                out.write(0xcc);
                out.write((int) n);
            } else if (n <= 0xffff) {
                out.write(0xcd);
                be(out, n, 2);
            } else if (n <= 0xffffffffL) {
                out.write(0xce);
                be(out, n, 4);
            } else {
                out.write(0xcf);
                be(out, n, 8);
            }
        } else {
            if (n >= -32) {
                out.write((int) n & 0xff);
            } else if (n >= -128) {
                out.write(0xd0);
                out.write((int) n & 0xff);
            } else if (n >= -32768) {
                out.write(0xd1);
                be(out, n, 2);
            } else if (n >= -2147483648L) {
                out.write(0xd2);
                be(out, n, 4);
            } else {
                out.write(0xd3);
                be(out, n, 8);
            }
        }
    }

    private static void encodeDouble(double d, ByteArrayOutputStream out) {
        float f = (float) d;
        if (d == (double) f) {
            out.write(0xca);
            be(out, Float.floatToRawIntBits(f) & 0xffffffffL, 4);
        } else {
            out.write(0xcb);
            be(out, Double.doubleToRawLongBits(d), 8);
        }
    }

    private static void encodeTable(LuaTable t, ByteArrayOutputStream out, int level) {
        long count = 0;
        double max = 0;
        boolean array = true;
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = t.next(k);
            if ((k = n.arg1()).isnil()) break;
            LuaValue num = k.tonumber();
            double d = num.isnil() ? 0 : num.todouble();
            if (num.isnil() || d <= 0 || (double) (int) d != d) {
                array = false;
                break;
            }
            if (d > max) max = d;
            count++;
        }
        if (array && max == count) {
            int len = t.length();
            if (len <= 15) {
                out.write(0x90 | len);
            } else if (len <= 0xffff) {
                out.write(0xdc);
                be(out, len, 2);
            } else {
                out.write(0xdd);
                be(out, len, 4);
            }
            for (int j = 1; j <= len; j++) encode(t.rawget(j), out, level + 1);
            return;
        }
        List<LuaValue> keys = new ArrayList<>();
        List<LuaValue> values = new ArrayList<>();
        k = LuaValue.NIL;
        while (true) {
            Varargs n = t.next(k);
            if ((k = n.arg1()).isnil()) break;
            keys.add(k);
            values.add(n.arg(2));
        }
        int len = keys.size();
        if (len <= 15) {
            out.write(0x80 | len);
        } else if (len <= 0xffff) {
            out.write(0xde);
            be(out, len, 2);
        } else {
            out.write(0xdf);
            be(out, len, 4);
        }
        for (int i = 0; i < len; i++) {
            encode(keys.get(i), out, level + 1);
            encode(values.get(i), out, level + 1);
        }
    }

    // ---- decode -------------------------------------------------------------------------------------

    private static final class Cursor {
        final byte[] p;
        int pos;
        /** 1 = missing bytes, 2 = bad format. */
        int err;

        Cursor(byte[] p, int pos) {
            this.p = p;
            this.pos = pos;
        }

        int left() {
            return p.length - pos;
        }

        boolean need(int n) {
            if (left() < n) {
                err = 1;
                return false;
            }
            return true;
        }

        long be(int at, int n) {
            long v = 0;
            for (int i = 0; i < n; i++) v = (v << 8) | (p[at + i] & 0xff);
            return v;
        }
    }

    private static Varargs unpackFull(Varargs args, int limit, int offset) {
        LuaString s = StringFormat.checkStringArg(args, 1, "unpack");
        byte[] data = Convert.bytes(s);
        int len = data.length;
        boolean decodeAll = limit == 0 && offset == 0;
        if (offset < 0 || limit < 0) {
            throw new LuaError("Invalid request to unpack with offset of " + offset + " and limit of " + len + ".");
        } else if (offset > len) {
            throw new LuaError("Start offset " + offset + " greater than input length " + len + ".");
        }
        if (decodeAll) limit = Integer.MAX_VALUE;
        Cursor c = new Cursor(data, offset);
        List<LuaValue> out = new ArrayList<>();
        for (int cnt = 0; c.left() > 0 && cnt < limit; cnt++) {
            LuaValue v = decode(c);
            if (c.err == 1) throw new LuaError("Missing bytes in input.");
            if (c.err == 2) throw new LuaError("Bad data format in input.");
            out.add(v);
        }
        if (!decodeAll) out.add(0, LuaValue.valueOf(c.left() == 0 ? -1 : len - c.left()));
        return LuaValue.varargsOf(out.toArray(new LuaValue[0]));
    }

    private static LuaValue decode(Cursor c) {
        if (!c.need(1)) return LuaValue.NIL;
        int b = c.p[c.pos] & 0xff;
        switch (b) {
            case 0xcc: return number(c, 2, c.need(2) ? (double) c.be(c.pos + 1, 1) : 0);
            case 0xd0: return number(c, 2, c.need(2) ? (double) (byte) c.be(c.pos + 1, 1) : 0);
            case 0xcd: return number(c, 3, c.need(3) ? (double) c.be(c.pos + 1, 2) : 0);
            case 0xd1: return number(c, 3, c.need(3) ? (double) (short) c.be(c.pos + 1, 2) : 0);
            case 0xce: return number(c, 5, c.need(5) ? (double) c.be(c.pos + 1, 4) : 0);
            case 0xd2: return number(c, 5, c.need(5) ? (double) (int) c.be(c.pos + 1, 4) : 0);
            case 0xcf: {
                if (!c.need(9)) return LuaValue.NIL;
                long v = c.be(c.pos + 1, 8);
                double d = v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
                return number(c, 9, d);
            }
            case 0xd3: return number(c, 9, c.need(9) ? (double) c.be(c.pos + 1, 8) : 0);
            case 0xc0: c.pos++; return LuaValue.NIL;
            case 0xc3: c.pos++; return LuaValue.TRUE;
            case 0xc2: c.pos++; return LuaValue.FALSE;
            case 0xca: return number(c, 5, c.need(5) ? (double) Float.intBitsToFloat((int) c.be(c.pos + 1, 4)) : 0);
            case 0xcb: return number(c, 9, c.need(9) ? Double.longBitsToDouble(c.be(c.pos + 1, 8)) : 0);
            case 0xd9: return string(c, 1);
            case 0xda: return string(c, 2);
            case 0xdb: return string(c, 4);
            case 0xdc: return array(c, 2);
            case 0xdd: return array(c, 4);
            case 0xde: return map(c, 2);
            case 0xdf: return map(c, 4);
            default:
                if ((b & 0x80) == 0) {
                    c.pos++;
                    return LuaValue.valueOf(b);
                } else if ((b & 0xe0) == 0xe0) {
                    c.pos++;
                    return LuaValue.valueOf((byte) b);
                } else if ((b & 0xe0) == 0xa0) {
                    return bytes(c, 1, b & 0x1f);
                } else if ((b & 0xf0) == 0x90) {
                    c.pos++;
                    return arrayItems(c, b & 0xf);
                } else if ((b & 0xf0) == 0x80) {
                    c.pos++;
                    return mapItems(c, b & 0xf);
                }
                c.err = 2;
                return LuaValue.NIL;
        }
    }

    private static LuaValue number(Cursor c, int size, double v) {
        if (c.err != 0) return LuaValue.NIL;
        c.pos += size;
        return LuaValue.valueOf(v);
    }

    private static LuaValue string(Cursor c, int lenBytes) {
        if (!c.need(1 + lenBytes)) return LuaValue.NIL;
        long len = c.be(c.pos + 1, lenBytes);
        return bytes(c, 1 + lenBytes, len);
    }

    private static LuaValue bytes(Cursor c, int header, long len) {
        if (!c.need((int) Math.min(Integer.MAX_VALUE, header + len))) return LuaValue.NIL;
        byte[] b = new byte[(int) len];
        System.arraycopy(c.p, c.pos + header, b, 0, (int) len);
        c.pos += header + (int) len;
        return LuaValue.valueOf(b);
    }

    private static LuaValue array(Cursor c, int lenBytes) {
        if (!c.need(1 + lenBytes)) return LuaValue.NIL;
        long len = c.be(c.pos + 1, lenBytes);
        c.pos += 1 + lenBytes;
        return arrayItems(c, len);
    }

    private static LuaValue arrayItems(Cursor c, long len) {
        LuaTable t = new LuaTable();
        for (int i = 1; i <= len; i++) {
            LuaValue v = decode(c);
            if (c.err != 0) return LuaValue.NIL;
            t.rawset(i, v);
        }
        return t;
    }

    private static LuaValue map(Cursor c, int lenBytes) {
        if (!c.need(1 + lenBytes)) return LuaValue.NIL;
        long len = c.be(c.pos + 1, lenBytes);
        c.pos += 1 + lenBytes;
        return mapItems(c, len);
    }

    private static LuaValue mapItems(Cursor c, long len) {
        LuaTable t = new LuaTable();
        for (long i = 0; i < len; i++) {
            LuaValue k = decode(c);
            if (c.err != 0) return LuaValue.NIL;
            LuaValue v = decode(c);
            if (c.err != 0) return LuaValue.NIL;
            if (k.isnil()) throw new LuaError("table index is nil");
            t.rawset(k, v);
        }
        return t;
    }
}
