package io.redisdouble.kit;

import static io.redisdouble.kit.Gen.cmd;
import static io.redisdouble.kit.Gen.word;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.state.ActionChain;

/**
 * The divergence classes of issue #18, each with a generator built to reach it:
 * <ol>
 *   <li>Lua numbers at the edges: scripts from a grammar of conversions (tonumber of the spellings C's
 *       strtod reads: inf, infinity, nan with a sign or a payload, hex floats, white space, a NUL inside;
 *       0/0, x%0, inf-inf) and replies (the number itself, tostring, {double=…}, an argument of SET then
 *       read back with GET, cjson.encode, a table);</li>
 *   <li>Lua strings with odd bytes: status and error replies built from byte strings with NUL bytes and
 *       bytes that are not UTF-8 (redis.status_reply, redis.error_reply, {err=…}, {ok=…}, error());</li>
 *   <li>a RESP3 client publishing to its own channel inside MULTI and from scripts (first and later
 *       runs), and 4. CLIENT REPLY SKIP / ON inside and outside MULTI: every frame that arrives is
 *       compared in order;</li>
 *   <li>(6.) COMMAND GETKEYS of the numkeys commands with numkeys that are valid, out of range or only
 *       atoi-readable, and CONFIG GET of parameters whose value the kit does not set (defaults).</li>
 * </ol>
 * Classes 5 (expired keys still stored: needs the active cycle off, DEBUG SET-ACTIVE-EXPIRE, which only
 * 6.2 allows by default) and 7 (libc builds: the kit takes 7.0-static for the bundled 7.0.15, so it is
 * found against Debian's binary: {@code REDIS_DOUBLE_REFERENCE_BINARY=/usr/bin/redis-server}) are the
 * ZUNION/ZINTER WEIGHTS of {@link SortedSetProperties} and {@code expired-stored-6.2.txt}.
 *
 * <p>{@link #luaArithmetic}: class 1's rest, arithmetic on ARGV strings (read by luaO_str2d in Lua 5.1,
 * by its own scanner in LuaJ) and negative zeros (x * -1, -x, 0 / -x, math.ceil / fmod / modf,
 * tonumber("-0")) through comparisons, math.*, string.format, tostring, tables, cjson, struct and the
 * conversions of replies and redis.call arguments.
 *
 * String constants in arithmetic ({@code 'inf' + 0}) too, and a function's zero constants, one
 * constant in Lua 5.1 with the sign of the first one emitted ({@code -0} before {@code 0}: both -0).
 * Not generated: chunks compiled by loadstring (lua-numbers.txt has their zeros), whose runtime
 * errors LuaJ words its own way here (README, Known differences).
 */
@Family(value = "fidelity", weight = 1)
class FidelityProperties {

    /** ARGV texts strtod reads (or not) as numbers (zeros and their signs: {@link #arithText}). */
    static Arbitrary<String> numberText() {
        return Arbitraries.of("inf", "-inf", "+inf", "Infinity", "-INFINITY", "infinit", "nan", "-nan", "+nan",
                "NaN", "nan(12)", "-nan(x)", "0x1p4", "0x10", "-0x1.8p1", "0x", " 12 ", "12\u0000ab", "1e400",
                "-1e400", "1e-400", "1.5", "abc", "", "7", "  inf", "inf ", "1e", "0.1");
    }

    /** A Lua number expression at an edge. */
    static Arbitrary<String> numberExpr() {
        return Arbitraries.of("tonumber(ARGV[1])", "tonumber(ARGV[1])", "tonumber(ARGV[1])", "0/0", "1/0", "-1/0",
                "5 % 0", "math.huge - math.huge", "math.huge * 0", "tonumber(ARGV[1], 10)", "tonumber(ARGV[1], 16)");
    }

    /** What the script does with the number. */
    static Arbitrary<String> numberScript() {
        return Arbitraries.of(
                "return %s", "return tostring(%s)", "return {double=%s}", "return {%s, 1}",
                "return redis.call('set', KEYS[1], %s)", "return cjson.encode({%s})",
                "local n = %s if n ~= n then return 'nan' end return type(n)",
                "return tostring(%s) .. '|' .. type(%s)").flatMap(t -> Unmemoized.of(numberExpr().map(e -> t.replace("%s", e))));
    }

    /** ARGV texts for arithmetic: what strtod reads, what LuaJ's scanner reads differently, zeros. */
    static Arbitrary<String> arithText() {
        return Arbitraries.of("inf", "-inf", "-Infinity", "nan", "-nan", "0x1p3", "-0x10", "0x10", " 12", "\t12\n",
                "12\u0000ab", "1e400", "-1e400", "0", "-0", "0.0", "-0.5", "-4", "2.5", "-", "0x", "0x-5", "1e5x", "abc", "",
                "18446744073709551626", "-0x1p-1074", "1", "-1");
    }

    /** A Lua expression of ARGV[1] (and ARGV[2]) at an edge of Lua 5.1's arithmetic. */
    static Arbitrary<String> arithExpr() {
        return Arbitraries.of("ARGV[1] + 0", "ARGV[1] * 2", "ARGV[1] * -1", "2 * ARGV[1]", "-ARGV[1]", "ARGV[1] - ARGV[2]",
                "ARGV[1] / ARGV[2]", "ARGV[1] % 2", "ARGV[1] % ARGV[2]", "ARGV[1] ^ 2", "ARGV[2] / -ARGV[1]",
                "(ARGV[1] + 0) * -1", "tonumber(ARGV[1])", "-tonumber(ARGV[1])", "0 / -tonumber(ARGV[2])",
                "math.floor(ARGV[1])", "math.ceil(ARGV[1])", "math.fmod(ARGV[1], 2)", "math.fmod(ARGV[1], ARGV[2])",
                "(math.modf(ARGV[1]))", "select(2, math.modf(ARGV[1]))", "math.max(ARGV[1], ARGV[2])",
                "math.min(ARGV[1], 0)", "math.abs(ARGV[1])", "math.sqrt(ARGV[1])", "math.pow(ARGV[1], ARGV[2])",
                "math.ldexp(ARGV[1], 2)", "(math.frexp(ARGV[1]))",
                // negative zeros the compiler folds from literals
                "-0", "0/-1", "-0 * ARGV[1]", "(-0) * -1", "-(0)",
                // string constants in arithmetic (luaO_str2d in Lua 5.1)
                "'inf' + 0", "'0x1p3' * ARGV[1]", "ARGV[1] - ' 0x10 '", "-'1e400'", "'nan' + ARGV[1]", "'0x' + 0");
    }

    /** What the script does with the result: every way a number leaves a script. */
    static Arbitrary<String> arithScript() {
        return Arbitraries.of(
                "return @", "return tostring(@)", "return {@}", "return {double=@}", "local x = @ return x",
                "local x = @ return string.format('%d|%g|%.17g|%5.1f|%s', x, x, x, x, x)",
                "return cjson.encode({@})", "return struct.pack('>d', @)",
                "local t = {} t.v = @ return tostring(t.v)", "local t = {} t[@] = 'a' return {t[0], t[-0.5]}",
                "local v = @ return {tostring(v == 0), tostring(v < 1), tostring(v ~= v)}",
                "return redis.call('set', KEYS[1], @)",
                "local x = ARGV[1] local y = @ return {type(x), x, tostring(y)}",
                "local ok, e = pcall(function() return @ end) return {tostring(ok), tostring(e), ARGV[1]}",
                // for loops convert their initial value, limit and step (at most 6 rounds, whatever they are)
                "local r = '' for i = ARGV[1], @ do r = r .. tostring(i) .. ' ' if #r > 30 then break end end return r",
                "local r = '' for i = 1, 3, @ do r = r .. tostring(i) .. ' ' if #r > 30 then break end end return r",
                // a function's zero constants: one constant in Lua 5.1, the sign of the first one emitted
                "local x = @ return tostring(x) .. tostring(0) .. tostring(-0)",
                "return tostring(0) .. tostring(@)", "if 0 then return {tostring(@), tostring(0)} end")
                .flatMap(t -> Unmemoized.of(arithExpr().map(e -> t.replace("@", e))));
    }

    static Arbitrary<Cmd> arithCommands() {
        return Gen.frequencyOf(
                Tuple.of(8, cmd(word("EVAL"), arithScript(), "1", "k", arithText(), arithText())),
                Tuple.of(1, cmd(word("GET"), "k")));
    }

    /** Byte strings for replies: NUL bytes, bytes that are not UTF-8, valid UTF-8; never CR or LF. */
    static Arbitrary<byte[]> oddBytes() {
        return Arbitraries.of(
                bytes('a', 0, 'b'), bytes(0xff, 0xfe, ' ', 'x'), bytes(0xc3, 0xa9, 't', 0xe9), bytes('E', 0xad, ' ', 'x'),
                bytes('-', 0x80, 0x81, ' ', 0x82), bytes('-', 'E', 0xad, ' ', 'x', 0, 'y'), bytes(0), bytes(0xc0, 0x80),
                bytes('E', 'R', 'R', ' ', 0xf0, 0x9f, 0x98), "plain".getBytes(StandardCharsets.US_ASCII),
                bytes('x', 0xed, 0xa0, 0x80, 'y'));
    }

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) out[i] = (byte) b[i];
        return out;
    }

    static Arbitrary<String> replyScript() {
        return Arbitraries.of("return redis.status_reply(ARGV[1])", "return redis.error_reply(ARGV[1])",
                "return {err=ARGV[1]}", "return {ok=ARGV[1]}", "error(ARGV[1])", "error({err=ARGV[1]})",
                "error(ARGV[1], 0)", "local t = redis.error_reply(ARGV[1]) return t['err']",
                "return redis.pcall('get', ARGV[1], 'x')", "return redis.pcall('nosuch' .. ARGV[1])",
                "local ok, e = pcall(function() error(ARGV[1]) end) return e");
    }

    static Arbitrary<Cmd> luaCommands() {
        return Gen.frequencyOf(
                Tuple.of(6, cmd(word("EVAL"), numberScript(), "1", "k", numberText())),
                Tuple.of(5, cmd(word("EVAL"), replyScript(), "0", oddBytes())),
                Tuple.of(2, cmd(word("GET"), "k")));
    }

    /** Steps of a RESP3 client subscribed to its own channel "ch": every frame compared in order. */
    static Arbitrary<Cmd> pushCommands() {
        Arbitrary<List<String>> step = Gen.frequencyOf(
                Tuple.of(3, Arbitraries.just(List.of("MULTI"))),
                Tuple.of(3, Arbitraries.just(List.of("EXEC"))),
                Tuple.of(1, Arbitraries.just(List.of("DISCARD"))),
                Tuple.of(5, Arbitraries.of("m1", "m2").map(m -> List.of("PUBLISH", "ch", m))),
                Tuple.of(1, Arbitraries.just(List.of("PUBLISH", "other", "m"))),
                Tuple.of(2, Arbitraries.just(List.of("PING"))),
                Tuple.of(2, Arbitraries.just(List.of("ECHO", "x"))),
                Tuple.of(4, Arbitraries.of("a", "b").map(m -> List.of("EVAL", "redis.call('publish', 'ch', '" + m + "') return 'done'", "0"))),
                Tuple.of(3, Arbitraries.of("SKIP", "ON", "skip").map(m -> List.of("CLIENT", "REPLY", m))),
                Tuple.of(1, Arbitraries.just(List.of("SUBSCRIBE", "ch2"))),
                Tuple.of(1, Arbitraries.just(List.of("PSUBSCRIBE", "c*"))));
        // after CLIENT REPLY SKIP the next reply is dropped: every step may get none
        return step.map(args -> Cmd.framesOrNone(args.stream().map(Gen::utf8).toList()));
    }

    static Arbitrary<Cmd> getkeysAndDefaults() {
        Arbitrary<String> numkeys = Arbitraries.of("1", "2", "3", "0", "-1", "2x", " 2", "2.5", "x", "1x", "+1", "9");
        return Gen.frequencyOf(
                Tuple.of(4, cmd(word("COMMAND"), "GETKEYS", Arbitraries.of("ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE"),
                        "dst", numkeys, "a", "b")),
                Tuple.of(3, cmd(word("COMMAND"), "GETKEYS", Arbitraries.of("ZUNION", "ZINTER", "ZDIFF"), numkeys, "a", "b")),
                Tuple.of(2, cmd(word("COMMAND"), "GETKEYS", Arbitraries.of("EVAL", "EVALSHA"), "s", numkeys, "a", "b")),
                Tuple.of(1, cmd(word("COMMAND"), "GETKEYS", "XREAD", "STREAMS", Arbitraries.of("a b 0", "a b 0 0", "a 0").map(s -> List.of((Object[]) s.split(" "))))),
                Tuple.of(3, cmd(word("CONFIG"), "GET", Arbitraries.of("protected-mode", "maxmemory-policy", "hz",
                        "timeout", "databases", "list-max-ziplist-size", "zset-max-ziplist-entries", "lua-time-limit",
                        "maxclients", "tcp-keepalive", "notify-keyspace-events", "slowlog-log-slower-than",
                        "active-expire-effort", "lazyfree-lazy-user-del", "hash-max-ziplist-value", "io-threads"))));
    }

    @Provide
    Arbitrary<Integer> protocol() {
        return Chains.protocols();
    }

    @Provide
    Arbitrary<ActionChain<Duo>> luaChains() {
        return Chains.of(15, luaCommands());
    }

    @Provide
    Arbitrary<ActionChain<Duo>> arithChains() {
        return Chains.of(15, arithCommands());
    }

    @Provide
    Arbitrary<ActionChain<Duo>> getkeysChains() {
        return Chains.of(10, getkeysAndDefaults());
    }

    /** Classes 1 and 2: Lua numbers at the edges and replies built from odd bytes. */
    @Property
    void luaEdges(@ForAll("protocol") int protocol, @ForAll("luaChains") ActionChain<Duo> chain) {
        Duo.runChain(this, protocol, chain);
    }

    /** Class 1's rest: arithmetic on ARGV strings and negative zeros, through every way out of a script. */
    @Property
    void luaArithmetic(@ForAll("protocol") int protocol, @ForAll("arithChains") ActionChain<Duo> chain) {
        Duo.runChain(this, protocol, chain);
    }

    /** Class 6: COMMAND GETKEYS with numkeys variants and CONFIG GET defaults. */
    @Property
    void getkeysAndConfigDefaults(@ForAll("protocol") int protocol, @ForAll("getkeysChains") ActionChain<Duo> chain) {
        Duo.runChain(this, protocol, chain);
    }
}
