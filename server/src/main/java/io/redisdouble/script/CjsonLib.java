package io.redisdouble.script;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.dialect.Quirk;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Lua CJSON 2.1.0 as Redis bundles it: {@code cjson.encode} / {@code cjson.decode} with its defaults
 * (numbers as "%.14g", NaN and Inf refused on encode and accepted on decode, "/" escaped, an empty
 * table encoded as {}, excessively sparse arrays refused, depth 1000) and its error texts ("Expected
 * comma or array end but found T_NUMBER at character 4", "Cannot serialise table: excessively sparse
 * array"). JSON null is {@code cjson.null}, a userdata (Lua's NULL light userdata).
 *
 * <p>Objects are encoded in the table's iteration order, which is LuaJ's and may differ from Lua 5.1's
 * for tables with several string keys.
 */
final class CjsonLib {
    /** cjson.null: the NULL light userdata, as musl's printf prints a null "%p" (6.2.7, 7.0.15). */
    static final LuaUserdata NULL = nullUserdata("userdata: 0");
    /** cjson.null where glibc's printf prints a null "%p" as "(nil)" ({@link Quirk#NULL_POINTER_PRINTS_NIL}). */
    static final LuaUserdata NULL_NIL = nullUserdata("userdata: (nil)");

    private static LuaUserdata nullUserdata(String text) {
        return new LuaUserdata(new Object()) {
            @Override
            public String tojstring() {
                return text;
            }
        };
    }

    /** True for cjson.null, whichever way it prints. */
    static boolean isNull(LuaValue v) {
        return v == NULL || v == NULL_NIL;
    }

    /** This instance's cjson.null. */
    private final LuaUserdata nullValue;

    private static final String[] TOKEN_NAMES = {"T_OBJ_BEGIN", "T_OBJ_END", "T_ARR_BEGIN", "T_ARR_END", "T_STRING",
            "T_NUMBER", "T_BOOLEAN", "T_NULL", "T_COLON", "T_COMMA", "T_END", "T_WHITESPACE", "T_ERROR", "T_UNKNOWN"};
    private static final int T_OBJ_BEGIN = 0, T_OBJ_END = 1, T_ARR_BEGIN = 2, T_ARR_END = 3, T_STRING = 4, T_NUMBER = 5,
            T_BOOLEAN = 6, T_NULL = 7, T_COLON = 8, T_COMMA = 9, T_END = 10, T_ERROR = 12;

    // Configuration (json_config_t), per module instance.
    private boolean encodeSparseConvert;
    private int encodeSparseRatio = 2;
    private int encodeSparseSafe = 10;
    private int encodeMaxDepth = 1000;
    private int decodeMaxDepth = 1000;
    private int encodeNumberPrecision = 14;
    private boolean encodeKeepBuffer = true;
    private int encodeInvalidNumbers; // 0 off, 1 on, 2 "null"
    private boolean decodeInvalidNumbers = true;

    private CjsonLib(LuaUserdata nullValue) {
        this.nullValue = nullValue;
    }

    static ReadOnlyTable create(Dialect dialect) {
        return new CjsonLib(dialect.has(Quirk.NULL_POINTER_PRINTS_NIL) ? NULL_NIL : NULL).table();
    }

    private ReadOnlyTable table() {
        ReadOnlyTable t = new ReadOnlyTable();
        t.rawset("encode", fn(this::encode));
        t.rawset("decode", fn(this::decode));
        t.rawset("encode_sparse_array", fn(args -> {
            if (args.narg() >= 1) encodeSparseConvert = boolOption(args, 1, encodeSparseConvert);
            if (args.narg() >= 2) encodeSparseRatio = intOption(args, 2, 0, Integer.MAX_VALUE);
            if (args.narg() >= 3) encodeSparseSafe = intOption(args, 3, 0, Integer.MAX_VALUE);
            return LuaValue.varargsOf(new LuaValue[] {LuaValue.valueOf(encodeSparseConvert), LuaValue.valueOf(encodeSparseRatio),
                    LuaValue.valueOf(encodeSparseSafe)});
        }));
        t.rawset("encode_max_depth", fn(args -> {
            if (args.narg() >= 1) encodeMaxDepth = intOption(args, 1, 1, Integer.MAX_VALUE);
            return LuaValue.valueOf(encodeMaxDepth);
        }));
        t.rawset("decode_max_depth", fn(args -> {
            if (args.narg() >= 1) decodeMaxDepth = intOption(args, 1, 1, Integer.MAX_VALUE);
            return LuaValue.valueOf(decodeMaxDepth);
        }));
        t.rawset("encode_number_precision", fn(args -> {
            if (args.narg() >= 1) encodeNumberPrecision = intOption(args, 1, 1, 14);
            return LuaValue.valueOf(encodeNumberPrecision);
        }));
        t.rawset("encode_keep_buffer", fn(args -> {
            if (args.narg() >= 1) encodeKeepBuffer = boolOption(args, 1, encodeKeepBuffer);
            return LuaValue.valueOf(encodeKeepBuffer);
        }));
        t.rawset("encode_invalid_numbers", fn(args -> {
            if (args.narg() >= 1) {
                LuaValue v = args.arg1();
                if (v.type() == LuaValue.TSTRING && v.tojstring().equals("null")) encodeInvalidNumbers = 2;
                else encodeInvalidNumbers = boolOption(args, 1, encodeInvalidNumbers != 0) ? 1 : 0;
            }
            return encodeInvalidNumbers == 2 ? LuaValue.valueOf("null") : LuaValue.valueOf(encodeInvalidNumbers == 1);
        }));
        t.rawset("decode_invalid_numbers", fn(args -> {
            if (args.narg() >= 1) decodeInvalidNumbers = boolOption(args, 1, decodeInvalidNumbers);
            return LuaValue.valueOf(decodeInvalidNumbers);
        }));
        t.rawset("new", fn(args -> new CjsonLib(nullValue).table()));
        t.rawset("_NAME", LuaValue.valueOf("cjson"));
        t.rawset("_VERSION", LuaValue.valueOf("2.1.0"));
        t.rawset("null", nullValue);
        return t;
    }

    interface Body {
        Varargs call(Varargs args);
    }

    private static VarArgFunction fn(Body body) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return body.call(args);
            }
        };
    }

    private static boolean boolOption(Varargs args, int i, boolean current) {
        LuaValue v = args.arg(i);
        if (v.isnil()) return current;
        if (v.type() == LuaValue.TBOOLEAN) return v.toboolean();
        if (v.type() == LuaValue.TSTRING) {
            String s = v.tojstring();
            if (s.equals("on")) return true;
            if (s.equals("off")) return false;
        }
        throw new LuaError("bad argument #" + i + ": invalid option '" + v.tojstring() + "'");
    }

    private static int intOption(Varargs args, int i, int min, int max) {
        int v = Libraries.checkInt(args, i, "?");
        if (v < min || v > max) throw new LuaError("bad argument #" + i + ": expected integer between " + min + " and " + max);
        return v;
    }

    // ---- encode -------------------------------------------------------------------------------------

    private Varargs encode(Varargs args) {
        if (args.narg() != 1) throw new LuaError("bad argument #1: expected 1 argument");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        appendData(args.arg1(), 0, out);
        return LuaValue.valueOf(out.toByteArray());
    }

    private static LuaError encodeError(LuaValue v, String reason) {
        return new LuaError("Cannot serialise " + v.typename() + ": " + reason);
    }

    private void appendData(LuaValue v, int depth, ByteArrayOutputStream out) {
        switch (v.type()) {
            case LuaValue.TSTRING -> appendString(Convert.bytes(v), out);
            case LuaValue.TNUMBER -> appendNumber(v, out);
            case LuaValue.TBOOLEAN -> out.writeBytes(v.toboolean() ? "true".getBytes() : "false".getBytes());
            case LuaValue.TNIL -> out.writeBytes("null".getBytes());
            case LuaValue.TTABLE -> {
                depth++;
                if (depth > encodeMaxDepth) throw new LuaError("Cannot serialise, excessive nesting (" + depth + ")");
                LuaTable t = (LuaTable) v;
                int len = arrayLength(t);
                if (len > 0) appendArray(t, len, depth, out);
                else appendObject(t, depth, out);
            }
            default -> {
                if (isNull(v)) {
                    out.writeBytes("null".getBytes());
                } else {
                    throw encodeError(v, "type not supported");
                }
            }
        }
    }

    /** lua_array_length: the largest positive integer key, -1 if any other key, sparse arrays refused. */
    private int arrayLength(LuaTable t) {
        double max = 0;
        int items = 0;
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = t.next(k);
            if ((k = n.arg1()).isnil()) break;
            if (k.type() == LuaValue.TNUMBER) {
                double d = k.todouble();
                if (d != 0 && Math.floor(d) == d && d >= 1) {
                    if (d > max) max = d;
                    items++;
                    continue;
                }
            }
            return -1;
        }
        if (encodeSparseRatio > 0 && max > (double) items * encodeSparseRatio && max > encodeSparseSafe) {
            if (!encodeSparseConvert) throw new LuaError("Cannot serialise table: excessively sparse array");
            return -1;
        }
        return (int) max;
    }

    private void appendArray(LuaTable t, int len, int depth, ByteArrayOutputStream out) {
        out.write('[');
        for (int i = 1; i <= len; i++) {
            if (i > 1) out.write(',');
            appendData(t.rawget(i), depth, out);
        }
        out.write(']');
    }

    private void appendObject(LuaTable t, int depth, ByteArrayOutputStream out) {
        out.write('{');
        boolean comma = false;
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = t.next(k);
            if ((k = n.arg1()).isnil()) break;
            if (comma) out.write(',');
            comma = true;
            if (k.type() == LuaValue.TNUMBER) {
                out.write('"');
                appendNumber(k, out);
                out.writeBytes("\":".getBytes());
            } else if (k.type() == LuaValue.TSTRING) {
                appendString(Convert.bytes(k), out);
                out.write(':');
            } else {
                throw encodeError(k, "table key must be a number or string");
            }
            appendData(n.arg(2), depth, out);
        }
        out.write('}');
    }

    private void appendNumber(LuaValue v, ByteArrayOutputStream out) {
        double d = v.todouble();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            if (encodeInvalidNumbers == 0) throw encodeError(v, "must not be NaN or Inf");
            if (encodeInvalidNumbers == 2) {
                out.writeBytes("null".getBytes());
                return;
            }
            out.writeBytes((Double.isNaN(d) ? "nan" : d > 0 ? "inf" : "-inf").getBytes());
            return;
        }
        out.writeBytes(CFormat.formatDouble('g', d, CFormat.Spec.precision(encodeNumberPrecision)).getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void appendString(byte[] s, ByteArrayOutputStream out) {
        out.write('"');
        for (byte b : s) {
            int c = b & 0xFF;
            switch (c) {
                case '"' -> out.writeBytes("\\\"".getBytes());
                case '\\' -> out.writeBytes("\\\\".getBytes());
                case '/' -> out.writeBytes("\\/".getBytes());
                case '\b' -> out.writeBytes("\\b".getBytes());
                case '\t' -> out.writeBytes("\\t".getBytes());
                case '\n' -> out.writeBytes("\\n".getBytes());
                case '\f' -> out.writeBytes("\\f".getBytes());
                case '\r' -> out.writeBytes("\\r".getBytes());
                default -> {
                    if (c < 0x20 || c == 0x7f) out.writeBytes(String.format("\\u%04x", c).getBytes());
                    else out.write(c);
                }
            }
        }
        out.write('"');
    }

    // ---- decode -------------------------------------------------------------------------------------

    private final class Decoder {
        final byte[] data;
        int ptr;
        int depth;
        // current token
        int type;
        int index;
        String error;
        byte[] string;
        double number;
        boolean bool;

        Decoder(byte[] data) {
            this.data = data;
        }

        int ch(int i) {
            return i < data.length ? data[i] & 0xFF : 0;
        }

        void next() {
            while (true) {
                int c = ch(ptr);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                    ptr++;
                    continue;
                }
                break;
            }
            index = ptr;
            int c = ch(ptr);
            switch (c) {
                case '{' -> single(T_OBJ_BEGIN);
                case '}' -> single(T_OBJ_END);
                case '[' -> single(T_ARR_BEGIN);
                case ']' -> single(T_ARR_END);
                case ',' -> single(T_COMMA);
                case ':' -> single(T_COLON);
                case 0 -> type = T_END;
                case '"' -> stringToken();
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        if (!decodeInvalidNumbers && invalidNumber()) {
                            setError("invalid number");
                            return;
                        }
                        numberToken();
                    } else if (startsWith("true")) {
                        type = T_BOOLEAN;
                        bool = true;
                        ptr += 4;
                    } else if (startsWith("false")) {
                        type = T_BOOLEAN;
                        bool = false;
                        ptr += 5;
                    } else if (startsWith("null")) {
                        type = T_NULL;
                        ptr += 4;
                    } else if ("fiInNt+".indexOf(c) >= 0 && decodeInvalidNumbers && invalidNumber()) {
                        numberToken();
                    } else {
                        setError("invalid token");
                    }
                }
            }
        }

        private void single(int t) {
            type = t;
            ptr++;
        }

        private boolean startsWith(String w) {
            for (int i = 0; i < w.length(); i++) if (ch(ptr + i) != w.charAt(i)) return false;
            return true;
        }

        private void setError(String e) {
            type = T_ERROR;
            index = ptr;
            error = e;
        }

        /** json_is_invalid_number: a leading '+', hex, leading zeros, inf, nan. */
        private boolean invalidNumber() {
            int c = ch(ptr);
            if (c == '+') return true;
            if (c == '0') {
                int c2 = ch(ptr + 1);
                return (c2 | 0x20) == 'x' || (c2 >= '0' && c2 <= '9');
            } else if (c <= '9') {
                return false;
            }
            String s = new String(data, ptr, Math.min(3, data.length - ptr), StandardCharsets.ISO_8859_1).toLowerCase();
            return s.equals("inf") || s.equals("nan");
        }

        private void numberToken() {
            type = T_NUMBER;
            CStrtod.Result r = CStrtod.parse(data, ptr);
            if (r.end() == ptr) {
                setError("invalid number");
                return;
            }
            number = r.value();
            ptr = r.end();
        }

        private void stringToken() {
            ptr++;
            ByteArrayOutputStream tmp = new ByteArrayOutputStream();
            int c;
            while ((c = ch(ptr)) != '"') {
                if (c == 0) {
                    setError("unexpected end of string");
                    return;
                }
                if (c == '\\') {
                    int e = ch(ptr + 1);
                    int t;
                    switch (e) {
                        case '"' -> t = '"';
                        case '\\' -> t = '\\';
                        case '/' -> t = '/';
                        case 'b' -> t = '\b';
                        case 'f' -> t = '\f';
                        case 'n' -> t = '\n';
                        case 'r' -> t = '\r';
                        case 't' -> t = '\t';
                        case 'u' -> t = 'u';
                        default -> t = 0;
                    }
                    if (t == 'u') {
                        if (unicodeEscape(tmp)) continue;
                        setError("invalid unicode escape code");
                        return;
                    }
                    if (t == 0) {
                        setError("invalid escape code");
                        return;
                    }
                    ptr++;
                    c = t;
                }
                tmp.write(c);
                ptr++;
            }
            ptr++;
            type = T_STRING;
            string = tmp.toByteArray();
        }

        private int hex4(int at) {
            int v = 0;
            for (int i = 0; i < 4; i++) {
                int d = Character.digit(ch(at + i), 16);
                if (d < 0) return -1;
                v = v << 4 | d;
            }
            return v;
        }

        private boolean unicodeEscape(ByteArrayOutputStream tmp) {
            int escapeLen = 6;
            int cp = hex4(ptr + 2);
            if (cp < 0) return false;
            if ((cp & 0xF800) == 0xD800) {
                if ((cp & 0x400) != 0) return false;
                if (ch(ptr + escapeLen) != '\\' || ch(ptr + escapeLen + 1) != 'u') return false;
                int low = hex4(ptr + 2 + escapeLen);
                if (low < 0 || (low & 0xFC00) != 0xDC00) return false;
                cp = (((cp & 0x3FF) << 10) | (low & 0x3FF)) + 0x10000;
                escapeLen = 12;
            }
            if (cp < 0x80) {
                tmp.write(cp);
            } else if (cp < 0x800) {
                tmp.write(0xC0 | cp >> 6);
                tmp.write(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                tmp.write(0xE0 | cp >> 12);
                tmp.write(0x80 | (cp >> 6 & 0x3F));
                tmp.write(0x80 | (cp & 0x3F));
            } else {
                tmp.write(0xF0 | cp >> 18);
                tmp.write(0x80 | (cp >> 12 & 0x3F));
                tmp.write(0x80 | (cp >> 6 & 0x3F));
                tmp.write(0x80 | (cp & 0x3F));
            }
            ptr += escapeLen;
            return true;
        }

        LuaError parseError(String expected) {
            String found = type == T_ERROR ? error : TOKEN_NAMES[type];
            return new LuaError("Expected " + expected + " but found " + found + " at character " + (index + 1));
        }

        void descend() {
            depth++;
            if (depth > decodeMaxDepth) {
                throw new LuaError("Found too many nested data structures (" + depth + ") at character " + ptr);
            }
        }

        LuaValue value() {
            switch (type) {
                case T_STRING:
                    return LuaValue.valueOf(string);
                case T_NUMBER:
                    return LuaValue.valueOf(number);
                case T_BOOLEAN:
                    return LuaValue.valueOf(bool);
                case T_OBJ_BEGIN: {
                    descend();
                    LuaTable t = new LuaTable();
                    next();
                    if (type == T_OBJ_END) {
                        depth--;
                        return t;
                    }
                    while (true) {
                        if (type != T_STRING) throw parseError("object key string");
                        LuaValue key = LuaValue.valueOf(string);
                        next();
                        if (type != T_COLON) throw parseError("colon");
                        next();
                        LuaValue v = value();
                        t.rawset(key, v);
                        next();
                        if (type == T_OBJ_END) {
                            depth--;
                            return t;
                        }
                        if (type != T_COMMA) throw parseError("comma or object end");
                        next();
                    }
                }
                case T_ARR_BEGIN: {
                    descend();
                    LuaTable t = new LuaTable();
                    next();
                    if (type == T_ARR_END) {
                        depth--;
                        return t;
                    }
                    for (int i = 1; ; i++) {
                        t.rawset(i, value());
                        next();
                        if (type == T_ARR_END) {
                            depth--;
                            return t;
                        }
                        if (type != T_COMMA) throw parseError("comma or array end");
                        next();
                    }
                }
                case T_NULL:
                    return nullValue;
                default:
                    throw parseError("value");
            }
        }
    }

    private Varargs decode(Varargs args) {
        if (args.narg() != 1) throw new LuaError("bad argument #1: expected 1 argument");
        LuaValue a = args.arg1();
        LuaString s;
        if (a.type() == LuaValue.TSTRING) s = (LuaString) a;
        else if (a.type() == LuaValue.TNUMBER) s = LuaString.valueOf(Libraries.numberToString(a.todouble()));
        else throw Libraries.typeError(1, "decode", "string", args);
        byte[] data = Convert.bytes(s);
        if (data.length >= 2 && (data[0] == 0 || data[1] == 0)) throw new LuaError("JSON parser does not support UTF-16 or UTF-32");
        Decoder d = new Decoder(data);
        d.next();
        LuaValue v = d.value();
        d.next();
        if (d.type != T_END) throw d.parseError("the end");
        return v;
    }
}
