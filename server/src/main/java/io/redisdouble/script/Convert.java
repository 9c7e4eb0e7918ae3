package io.redisdouble.script;

import io.redisdouble.dialect.Quirk;
import io.redisdouble.resp.Reply;
import io.redisdouble.util.RedisNumbers;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.util.ArrayList;
import java.util.List;

/**
 * Redis's conversions between Lua values and replies (script_lua.c): redisProtocolToLuaType for what
 * redis.call returns, luaReplyToRedisReply for what a script returns. Both depend on the script's
 * protocol (redis.setresp), since a command's reply is shaped by the protocol of the client it runs on.
 */
final class Convert {
    private Convert() {}

    private static final LuaString ERR = LuaString.valueOf("err");
    private static final LuaString OK = LuaString.valueOf("ok");
    private static final LuaString DOUBLE = LuaString.valueOf("double");
    private static final LuaString BIG_NUMBER = LuaString.valueOf("big_number");
    private static final LuaString VERBATIM = LuaString.valueOf("verbatim_string");
    private static final LuaString FORMAT = LuaString.valueOf("format");
    private static final LuaString STRING = LuaString.valueOf("string");
    private static final LuaString MAP = LuaString.valueOf("map");
    private static final LuaString SET = LuaString.valueOf("set");
    private static final LuaString OK_FIELD = LuaString.valueOf("ok");
    private static final LuaString OK_TEXT = LuaString.valueOf("OK");

    // ---- reply -> Lua ---------------------------------------------------------------------------------

    /**
     * A command's reply as the script sees it. RESP2: status {ok=...}, error {err=...}, integer number,
     * bulk string, null false, array table, map a flat table, set an array, double its bulk text, bool
     * 1/0. RESP3: null nil, map {map={k=v}}, set {set={k=true}}, double {double=n}, bool a boolean,
     * verbatim {verbatim_string={format=..., string=...}}, big number {big_number=...}.
     */
    static LuaValue toLua(LuaRuntime rt, Reply r, boolean top) {
        boolean resp3 = rt.run.resp() == 3;
        switch (r.kind()) {
            case SIMPLE: {
                String text = ((Reply.Simple) r).text;
                // a new table each time (the script may change it); the common "OK" text is shared, strings being immutable
                return Libraries.singleField(OK_FIELD, text.equals("OK") ? OK_TEXT
                        : LuaValue.valueOf(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
            }
            case ERROR: {
                String text = ((Reply.Error) r).text;
                if (rt.errorTables) return rt.errTable(LuaRuntime.pushErrorText("-" + text), true);
                return Libraries.singleField("err", LuaValue.valueOf(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
            }
            case INTEGER:
                return LuaValue.valueOf((double) ((Reply.Int) r).value);
            case BULK:
                return LuaValue.valueOf(((Reply.Bulk) r).value);
            case NULL_BULK:
            case NULL_ARRAY:
                return resp3 ? LuaValue.NIL : LuaValue.FALSE;
            case ARRAY:
            case PUSH:
                return array(rt, ((Reply.Multi) r).items);
            case MAP: {
                Reply[] items = ((Reply.Multi) r).items;
                if (!resp3) return array(rt, items);
                LuaTable m = new LuaTable();
                for (int i = 0; i + 1 < items.length; i += 2) {
                    LuaValue k = toLua(rt, items[i], false);
                    LuaValue v = toLua(rt, items[i + 1], false);
                    if (!k.isnil()) m.set(k, v);
                }
                return Libraries.singleField("map", m);
            }
            case SET: {
                Reply[] items = ((Reply.Multi) r).items;
                if (!resp3) return array(rt, items);
                LuaTable s = new LuaTable();
                for (Reply item : items) {
                    LuaValue k = toLua(rt, item, false);
                    if (!k.isnil()) s.set(k, LuaValue.TRUE);
                }
                return Libraries.singleField("set", s);
            }
            case DOUBLE: {
                double d = ((Reply.Dbl) r).value;
                byte[] text = ((Reply.Dbl) r).text;
                if (!resp3) return LuaValue.valueOf(text != null ? text : RedisNumbers.formatDouble(d, rt.dialect));
                if (text != null) d = parsedText(text, d); // Redis's Lua reads the ',' line back with strtod
                return Libraries.singleField("double", LuaValue.valueOf(d));
            }
            case VERBATIM: {
                Reply.Verbatim v = (Reply.Verbatim) r;
                if (!resp3) return LuaValue.valueOf(v.text);
                LuaTable t = new LuaTable();
                t.rawset("string", LuaValue.valueOf(v.text));
                t.rawset("format", LuaValue.valueOf(v.format));
                return Libraries.singleField("verbatim_string", t);
            }
            case BIG_NUMBER: {
                Reply.BigNumber b = (Reply.BigNumber) r;
                if (!resp3) return LuaValue.valueOf(b.text);
                return Libraries.singleField("big_number", LuaValue.valueOf(b.text));
            }
            case BOOL: {
                boolean b = ((Reply.Bool) r).value;
                if (!resp3) return LuaValue.valueOf(b ? 1 : 0);
                return LuaValue.valueOf(b);
            }
            default:
                return LuaValue.NIL;
        }
    }

    private static LuaTable array(LuaRuntime rt, Reply[] items) {
        LuaTable t = new LuaTable(items.length, 0);
        for (int i = 0; i < items.length; i++) t.set(i + 1, toLua(rt, items[i], false));
        return t;
    }

    // ---- Lua -> reply ---------------------------------------------------------------------------------

    /**
     * luaReplyToRedisReply: string bulk, number integer (truncated; out of range or NaN gives
     * LLONG_MIN as the C cast does), true 1, false null (RESP2 script) or a boolean (setresp 3), and a
     * table by its first matching field: err (error), ok (status), double, big_number and
     * verbatim_string (7.0), map, set; else an array up to the first nil. Anything else is null.
     */
    /** The nesting level at which Redis's conversion of a script's reply runs out of Lua stack. */
    static final int MAX_REPLY_DEPTH = 7995;

    static Reply toReply(LuaRuntime rt, LuaValue v, int depth) {
        // lua_checkstack(lua, 4) at the top of luaReplyToRedisReply: each nesting level holds a stack
        // slot, so at level 7995 the conversion stops with this error, inside the arrays already begun.
        if (depth >= MAX_REPLY_DEPTH) return Reply.error("ERR reached lua stack limit");
        switch (v.type()) {
            case LuaValue.TSTRING:
                return Reply.bulk(bytes(v));
            case LuaValue.TBOOLEAN:
                if (rt.run.resp() == 2) return v.toboolean() ? Reply.ONE : Reply.NIL;
                return Reply.bool(v.toboolean());
            case LuaValue.TNUMBER:
                return Reply.integer(CFormat.toLong(v.todouble()));
            case LuaValue.TTABLE:
                return table(rt, (LuaTable) v, depth);
            default:
                return Reply.NIL;
        }
    }

    private static Reply table(LuaRuntime rt, LuaTable t, int depth) {
        LuaValue err = t.rawget(ERR);
        if (err.type() == LuaValue.TSTRING) {
            // 6.2 sends it with addReplyErrorFormat, which trims CR and LF at both ends first
            return Reply.error(rt.errorTables ? latin1(err) : LuaRuntime.trimCrLf(latin1(err)));
        }
        LuaValue ok = t.rawget(OK);
        if (ok.type() == LuaValue.TSTRING) return Reply.simple(latin1(ok));
        LuaValue dbl = t.rawget(DOUBLE);
        if (dbl.type() == LuaValue.TNUMBER) return Reply.dbl(dbl.todouble());
        if (rt.dialect.has(Quirk.LUA_BIG_NUMBER_AND_VERBATIM)) {
            LuaValue big = t.rawget(BIG_NUMBER);
            if (big.type() == LuaValue.TSTRING) return Reply.bigNumber(crlfToSpaces(bytes(big)));
            LuaValue verb = t.rawget(VERBATIM);
            if (verb.type() == LuaValue.TTABLE) {
                LuaValue format = verb.rawget(FORMAT);
                LuaValue str = verb.rawget(STRING);
                if (format.type() == LuaValue.TSTRING && str.type() == LuaValue.TSTRING) {
                    byte[] f = bytes(format);
                    byte[] f3 = new byte[3];
                    System.arraycopy(f, 0, f3, 0, Math.min(3, f.length));
                    return Reply.verbatim(f3, bytes(str));
                }
            }
        }
        LuaValue map = t.rawget(MAP);
        if (map.type() == LuaValue.TTABLE) {
            List<Reply> kv = new ArrayList<>();
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs n = map.next(k);
                if ((k = n.arg1()).isnil()) break;
                kv.add(toReply(rt, k, depth + 1));
                kv.add(toReply(rt, n.arg(2), depth + 1));
            }
            return Reply.map(kv);
        }
        LuaValue set = t.rawget(SET);
        if (set.type() == LuaValue.TTABLE) {
            List<Reply> items = new ArrayList<>();
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs n = set.next(k);
                if ((k = n.arg1()).isnil()) break;
                items.add(toReply(rt, k, depth + 1));
            }
            return Reply.set(items);
        }
        List<Reply> items = new ArrayList<>();
        for (int j = 1; ; j++) {
            LuaValue e = t.rawget(j);
            if (e.isnil()) break;
            items.add(toReply(rt, e, depth + 1));
        }
        return Reply.array(items);
    }

    static byte[] bytes(LuaValue v) {
        LuaString s = v.checkstring();
        byte[] b = new byte[s.rawlen()];
        s.copyInto(0, b, 0, b.length);
        return b;
    }

    /**
     * Error and status texts are byte strings: one char per byte (Errors' Latin-1 convention), cut at
     * the first NUL, as Redis reads them with lua_tostring into C strings (sdsnew, "%s").
     */
    static String latin1(LuaValue v) {
        byte[] b = bytes(v);
        int n = 0;
        while (n < b.length && b[n] != 0) n++;
        return new String(b, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** All of a Lua string's bytes as a Latin-1 text (one char per byte), NULs included. */
    static String latin1Whole(LuaValue v) {
        return new String(bytes(v), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** A Latin-1 text (one char per byte) back into the Lua string of those bytes. */
    static LuaString luaBytes(String latin1) {
        return LuaString.valueOf(latin1.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    private static byte[] crlfToSpaces(byte[] b) {
        for (int i = 0; i < b.length; i++) if (b[i] == '\r' || b[i] == '\n') b[i] = ' ';
        return b;
    }

    /** A double reply's text as strtod reads it (so "0.00001234000000000" becomes the double nearest to it). */
    private static double parsedText(byte[] text, double fallback) {
        try {
            return RedisNumbers.parseDoubleStrict(text);
        } catch (RedisNumbers.NotANumber e) {
            return fallback;
        }
    }
}
