package io.redisdouble.kit;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.ActionChainArbitrary;
import net.jqwik.api.state.Transformer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import static io.redisdouble.kit.Gen.cmd;
import static io.redisdouble.kit.Gen.word;

/**
 * Scripting: EVAL, EVALSHA, EVAL_RO / EVALSHA_RO (7.0; on 6.2 unknown commands on both sides, still
 * compared), SCRIPT LOAD / EXISTS / FLUSH. Scripts come from a pool of templates run with generated
 * keys and arguments: the compare-and-delete / compare-and-pexpire lock scripts client libraries
 * use, redis.call of string, hash and sorted-set commands, redis.pcall catching errors,
 * redis.error_reply / status_reply, every Lua→RESP conversion (number truncation, booleans, nil,
 * nested tables, nil holes, {err=…}, {ok=…}), errors raised inside scripts (arity, WRONGTYPE,
 * unknown command, writes from a read-only script), wrong numkeys, unknown SHAs, syntax errors,
 * redis.setresp(3) with maps and doubles, cjson of arrays and scalars. Error texts name the
 * script's SHA (7.0) or f_&lt;sha&gt; (6.2): both sides run the same script, so they are compared
 * exactly too.
 *
 * <p>Left out on purpose: what the scripting implementation documents as not comparable with LuaJ
 * — the pairs()/lua_next order of tables with several hash keys (so no cjson.encode of objects
 * with several keys, no {map=…} or {set=…} with several entries; hashes converted by setresp(3)
 * hold one field), -0, nan, malformed string patterns — and scripts that run long (BUSY).
 *
 * <p>Every case starts with {@code SCRIPT FLUSH}: FLUSHALL does not empty the script cache, and
 * SCRIPT EXISTS must not depend on earlier cases.
 */
@Family(value = "scripting", weight = 3)
class ScriptingProperties {

    /** A script template: its source, how many keys it reads, and its arguments' generators. */
    record Template(String source, int numkeys, List<Arbitrary<String>> args) {
        @SafeVarargs
        Template(String source, int numkeys, Arbitrary<String>... args) {
            this(source, numkeys, List.of(args));
        }
    }

    /** A template with its generated keys and arguments. */
    record Script(String source, List<String> keys, List<String> args) {}

    /**
     * HGETALL from a script. This family's hashes stay small (insertion order, compared exactly); where
     * other families write the same keys (the fuzz mode: a value over 64 bytes makes a hash table), it
     * is compared as pairs in any order, as HGETALL itself is ({@link HashesProperties#PAIRS}).
     */
    static final String HGETALL = "return redis.call('hgetall', KEYS[1])";

    /** A script's command: exactly, or ({@code ordered} false) HGETALL's pairs in any order. */
    static Arbitrary<Cmd> compared(Script s, Arbitrary<Cmd> c, boolean ordered) {
        return !ordered && s.source().equals(HGETALL) ? c.map(x -> x.compare(HashesProperties.PAIRS)) : c;
    }

    static Arbitrary<String> skey() {
        return Arbitraries.of("k1", "k2", "h1", "z1");
    }

    /** ARGV values: words, integers (edges too), decimals, empty. No CR/LF: some become error texts. */
    static Arbitrary<String> val() {
        return Arbitraries.of("v1", "v2", "1", "10", "-3", "3.99", "-3.99", "1.5", "abc", "", "0",
                "9223372036854775807", "-9223372036854775808", "1e3", "hello world");
    }

    static Arbitrary<String> intArg() {
        return Arbitraries.of("1", "5", "-2", "0", "9223372036854775807", "abc", "1.5", "");
    }

    static Arbitrary<String> scoreArg() {
        return Arbitraries.of("1", "2.5", "-1", "0.1", "1e20", "3", "inf", "-inf", "abc");
    }

    static Arbitrary<String> member() {
        return Arbitraries.of("m1", "m2", "m3");
    }

    static Arbitrary<String> field() {
        return Arbitraries.of("f1", "f2");
    }

    /** Texts for error_reply / status_reply / {err=…} / {ok=…}: with and without an error code. */
    static Arbitrary<String> message() {
        return Arbitraries.of("My Error", "ERR custom", "-ERR dash", "WRONGTYPE fake", "ok", "", "x y z", "BUSY");
    }

    static Arbitrary<String> json() {
        return Arbitraries.of("[1,2,3]", "[\"a\",2]", "[1.5,-2.25]", "[[1,2],[3]]", "[]", "5", "\"s\"", "true",
                "false", "3.99", "[1,", "nope", "[1,null,3]", "{\"a\":1}", "[true,false]");
    }

    static Arbitrary<String> number() {
        return Arbitraries.of("1", "3.5", "0.1", "1e20", "-2", "100", "123456789012", "2.5e-3", "abc");
    }

    static final List<Template> TEMPLATES = List.of(
            // lock scripts (Redisson, ShedLock, Spring Integration)
            new Template("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end",
                    1, val()),
            new Template("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end",
                    1, val(), Arbitraries.of("100000000", "abc", "-1")),
            new Template("if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 else return 0 end",
                    1, val(), Arbitraries.of("100000000", "0", "abc")),
            // strings, hashes, sorted sets through redis.call
            new Template("redis.call('set', KEYS[1], ARGV[1]) return redis.call('get', KEYS[1])", 1, val()),
            new Template("return redis.call('set', KEYS[1], ARGV[1])", 1, val()),
            new Template("return redis.call('get', KEYS[1])", 1),
            new Template("return redis.call('incr', KEYS[1])", 1),
            new Template("return redis.call('incrby', KEYS[1], ARGV[1])", 1, intArg()),
            new Template("return redis.call('hset', KEYS[1], ARGV[1], ARGV[2])", 1, field(), val()),
            new Template("return redis.call('hincrby', KEYS[1], ARGV[1], ARGV[2])", 1, field(), intArg()),
            new Template("return redis.call('hget', KEYS[1], ARGV[1])", 1, field()),
            new Template(HGETALL, 1),
            new Template("return redis.call('zadd', KEYS[1], ARGV[1], ARGV[2])", 1, scoreArg(), member()),
            new Template("return redis.call('zscore', KEYS[1], ARGV[1])", 1, member()),
            new Template("return redis.call('zrange', KEYS[1], 0, -1, 'withscores')", 1),
            new Template("return redis.call('zincrby', KEYS[1], ARGV[1], ARGV[2])", 1, scoreArg(), member()),
            new Template("redis.call('zadd', KEYS[1], ARGV[1], ARGV[2]) return {redis.call('zscore', KEYS[1], ARGV[2]), redis.call('zrange', KEYS[1], 0, -1, 'withscores')}",
                    1, scoreArg(), member()),
            new Template("return {redis.call('type', KEYS[1]), redis.call('exists', KEYS[1], KEYS[2])}", 2),
            new Template("return redis.call('del', KEYS[1], KEYS[2])", 2),
            // errors raised inside scripts
            new Template("return redis.call('get')", 0),
            new Template("return redis.call('hget', KEYS[1])", 1),
            new Template("return redis.call('nosuchcommand', KEYS[1])", 1),
            new Template("return redis.call()", 0),
            new Template("return redis.call('eval', 'return 1', 0)", 0),
            // redis.pcall: errors as values
            new Template("return redis.pcall('incr', KEYS[1])", 1),
            new Template("return redis.pcall('hget', KEYS[1])", 1),
            new Template("local r = redis.pcall('incrby', KEYS[1], ARGV[1]) if type(r) == 'table' and r.err then return 'caught: ' .. r.err end return r",
                    1, intArg()),
            new Template("local r = redis.pcall('zadd', KEYS[1], ARGV[1], 'm1') if type(r) == 'table' then return {'err', r.err} end return r",
                    1, scoreArg()),
            // replies built by the script
            new Template("return redis.error_reply(ARGV[1])", 0, message()),
            new Template("return redis.status_reply(ARGV[1])", 0, message()),
            new Template("return {err=ARGV[1]}", 0, message()),
            new Template("return {ok=ARGV[1]}", 0, message()),
            new Template("return {err='ERR from table'}", 0),
            new Template("return {1, {ok='nested'}, {err='nested error'}}", 0),
            // Lua -> RESP conversions
            new Template("return 3.99", 0),
            new Template("return -3.99", 0),
            new Template("return tonumber(ARGV[1])", 0, number()),
            new Template("return true", 0),
            new Template("return false", 0),
            new Template("return nil", 0),
            new Template("return", 0),
            new Template("return 'str'", 0),
            new Template("return {1, 2, {3, 'x', {4, {}}}, 'y'}", 0),
            new Template("return {1, nil, 3}", 0),
            new Template("return {1, 2, false, 4, true}", 0),
            new Template("return {KEYS[1], ARGV[1], #KEYS, #ARGV}", 1, val()),
            new Template("return {a=1}", 0),
            new Template("return ARGV", 0, val(), val()),
            // Lua runtime errors
            new Template("return ARGV[1] + 1", 0, val()),
            new Template("return nosuchglobal", 0),
            new Template("error('plain error')", 0),
            new Template("error({err='ERR table error'})", 0),
            // syntax errors
            new Template("return 1 +", 0),
            new Template("if then end", 0),
            new Template("local x = = 1", 0),
            // RESP3 inside the script
            new Template("redis.setresp(3) return redis.call('zscore', KEYS[1], ARGV[1])", 1, member()),
            new Template("redis.setresp(3) return redis.call('zrange', KEYS[1], 0, -1, 'withscores')", 1),
            new Template("redis.setresp(3) redis.call('del', KEYS[1]) redis.call('hset', KEYS[1], 'f', ARGV[1]) return redis.call('hgetall', KEYS[1])",
                    1, val()),
            new Template("redis.setresp(3) return redis.call('get', KEYS[1])", 1),
            new Template("redis.setresp(3) return {redis.call('get', KEYS[1]), true, false}", 1),
            new Template("return {double=tonumber(ARGV[1])}", 0, number()),
            // "or 'f0'": a nil table index (ARGV[1] missing after an arity mutation or a wrong numkeys)
            // diverges — Redis (Lua 5.1): "table index is nil"; redis-double (LuaJ): "table index
            // expected, got table" (EVAL "return {[ARGV[1]]=1}" 0). Only that shape is left out.
            new Template("return {map={[ARGV[1] or 'f0']=ARGV[2]}}", 0, field(), val()),
            new Template("return {set={ARGV[1]}}", 0, val()),
            new Template("redis.setresp(ARGV[1]) return 1", 0, Arbitraries.of("2", "3", "4", "abc")),
            // cjson of arrays and scalars
            new Template("return cjson.encode({1, 2, 'a', true})", 0),
            new Template("return cjson.encode(ARGV[1])", 0, val()),
            new Template("return cjson.encode(tonumber(ARGV[1]))", 0, number()),
            new Template("return cjson.encode({ARGV[1], {tonumber(ARGV[2])}})", 0, val(), number()),
            new Template("return cjson.encode({a=ARGV[1]})", 0, val()),
            new Template("return cjson.decode(ARGV[1])", 0, json()),
            new Template("local t = cjson.decode(ARGV[1]) return type(t) == 'table' and t[1] or t", 0, json()));

    static Arbitrary<Script> script() {
        return Arbitraries.of(TEMPLATES).flatMap(t -> {
            Arbitrary<List<String>> keys = skey().list().ofSize(t.numkeys());
            Arbitrary<List<String>> args = t.args().isEmpty() ? Arbitraries.just(List.of())
                    : Combinators.combine(t.args()).as(l -> (List<String>) new ArrayList<>(l));
            return Unmemoized.of(Combinators.combine(keys, args).as((k, a) -> new Script(t.source(), k, a)));
        });
    }

    static String sha1(String source) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** numkeys: usually right; sometimes negative, too big or not an integer. */
    static Arbitrary<String> numkeys(Script s) {
        String right = Integer.toString(s.keys().size());
        int total = s.keys().size() + s.args().size();
        return Arbitraries.frequency(
                Tuple.of(12, right),
                Tuple.of(1, "-1"),
                Tuple.of(1, Integer.toString(total + 1)),
                Tuple.of(1, "abc"),
                Tuple.of(1, "1.5"),
                Tuple.of(1, "9223372036854775808"));
    }

    static List<Object> tail(Script s) {
        List<Object> out = new ArrayList<>(s.keys());
        out.addAll(s.args());
        return out;
    }

    /** EVAL / EVAL_RO with a template. */
    static Arbitrary<Cmd> eval(Arbitrary<String> name, boolean ordered) {
        return script().flatMap(s -> Unmemoized.of(compared(s, cmd(name, s.source(), numkeys(s), tail(s)), ordered)));
    }

    /** SHAs: of a template (lower or upper case), unknown, too short. */
    static Arbitrary<String> sha() {
        return Gen.frequencyOf(
                Tuple.of(8, Arbitraries.of(TEMPLATES).map(t -> sha1(t.source()))),
                Tuple.of(1, Arbitraries.of(TEMPLATES).map(t -> sha1(t.source()).toUpperCase(Locale.ROOT))),
                Tuple.of(1, Arbitraries.of("ffffffffffffffffffffffffffffffffffffffff", "abc", "",
                        "e0e1f9fabfc9d4800c877a703b823ac0578ff8db")));
    }

    /** EVALSHA / EVALSHA_RO: mostly the SHA of the template whose keys/args are generated. */
    static Arbitrary<Cmd> evalsha(Arbitrary<String> name, boolean ordered) {
        return script().flatMap(s -> {
            Arbitrary<String> sha = Gen.frequencyOf(Tuple.of(6, Arbitraries.just(sha1(s.source()))), Tuple.of(1, sha()));
            return Unmemoized.of(compared(s, cmd(name, sha, numkeys(s), tail(s)), ordered));
        });
    }

    static Arbitrary<Cmd> commands() {
        return commands(true);
    }

    /** The family's commands; {@code ordered} false where other families write the same keys (see {@link #HGETALL}). */
    static Arbitrary<Cmd> commands(boolean ordered) {
        return Gen.frequencyOf(
                Tuple.of(8, eval(word("EVAL"), ordered)),
                Tuple.of(5, evalsha(word("EVALSHA"), ordered)),
                Tuple.of(2, eval(word("EVAL_RO"), ordered)),
                Tuple.of(2, evalsha(word("EVALSHA_RO"), ordered)),
                Tuple.of(3, Arbitraries.of(TEMPLATES).flatMap(t -> Unmemoized.of(cmd(word("SCRIPT"), word("LOAD"), t.source())))),
                Tuple.of(2, cmd(word("SCRIPT"), word("EXISTS"), sha().list().ofMinSize(1).ofMaxSize(3))),
                Tuple.of(1, cmd(word("SCRIPT"), word("FLUSH"), Gen.maybe(Arbitraries.of("ASYNC", "sync", "bad")))),
                // the data the scripts read and write
                Tuple.of(2, cmd(word("SET"), skey(), val())),
                Tuple.of(1, cmd(word("GET"), skey())),
                Tuple.of(1, cmd(word("HSET"), skey(), field(), val())),
                Tuple.of(1, cmd(word("ZADD"), skey(), scoreArg(), member())),
                Tuple.of(1, cmd(word("TYPE"), skey())));
    }

    /** Like {@link Chains#of}, but every case first empties the script cache on both servers. */
    static ActionChainArbitrary<Duo> chains(int maxSteps) {
        return ActionChain.<Duo>startWith(() -> {
            Duo d = Duo.start();
            Cmd.of("SCRIPT", "FLUSH").run(d);
            return d;
        }).withAction(new Action.Independent<Duo>() {
            private final Arbitrary<Transformer<Duo>> steps = Unmemoized.builtOnce(
                    Gen.withArityMutations(commands(), 25).map(c -> Transformer.mutate(c.line(), c::run)));

            @Override
            public Arbitrary<Transformer<Duo>> transformer() {
                return steps; // asked for at every step: built once (Unmemoized)
            }
        }).withMaxTransformations(maxSteps);
    }

    @Provide
    Arbitrary<Integer> protocol() {
        return Chains.protocols();
    }

    @Provide
    Arbitrary<ActionChain<Duo>> scriptChains() {
        return chains(25);
    }

    /** Scripts and the script cache, compared byte for byte. */
    @Property
    void scripts(@ForAll("protocol") int protocol, @ForAll("scriptChains") ActionChain<Duo> chain) {
        Duo.runChain(this, protocol, chain);
    }
}
