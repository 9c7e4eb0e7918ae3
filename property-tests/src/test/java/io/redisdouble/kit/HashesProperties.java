package io.redisdouble.kit;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.state.ActionChain;

import java.util.ArrayList;
import java.util.List;

import static io.redisdouble.kit.Gen.cmd;
import static io.redisdouble.kit.Gen.options;
import static io.redisdouble.kit.Gen.word;

/**
 * Hashes: HSET, HSETNX, HMSET, HGET, HMGET, HGETALL, HKEYS, HVALS, HLEN, HSTRLEN, HEXISTS, HDEL,
 * HINCRBY (64-bit edges), HINCRBYFLOAT (formatting), HRANDFIELD, HSCAN, against 7.4 and 8.0 the hash-field
 * TTL commands ({@link #fieldTtls}), against 8.0 HGETDEL, HGETEX and HSETEX ({@link #getSetEx}).
 * <ul>
 *   <li>{@link #smallHashes}: at most a few fields and short values, so Redis keeps the compact
 *       (listpack/ziplist) encoding whose order is insertion order: HGETALL, HKEYS and HVALS are
 *       compared byte for byte, order included.</li>
 *   <li>{@link #largeHashes}: hashes pushed over 128 fields or a 64-byte value, where Redis
 *       converts to a hash table: HGETALL/HKEYS/HVALS are then compared without order (field/value
 *       pairs kept together), HSCAN as a set, HRANDFIELD by shape.</li>
 * </ul>
 */
@Family("hashes")
class HashesProperties {

    static Arbitrary<String> hkey() {
        return Arbitraries.of("h1", "h2");
    }

    static Arbitrary<byte[]> field() {
        return Gen.frequencyOf(
                Tuple.of(10, Arbitraries.of("f1", "f2", "f3", "f4").map(Gen::utf8)),
                Tuple.of(1, Arbitraries.of("", "F1", "f\u00e9").map(Gen::utf8)),
                Tuple.of(1, Gen.binary(1, 3)));
    }

    /**
     * Decimals whose sums stay short: a value over 64 bytes (HINCRBYFLOAT 1e308 prints 309 digits)
     * converts the hash to a table, whose order depends on Redis's random hash seed.
     */
    static Arbitrary<String> shortDecimal() {
        return Arbitraries.of("0", "1", "-1", "0.1", "1.1", "-1.5", "2.5", "1e3", "1e15", "-0", "3.0000000000000004",
                "5e-324", "abc", "", "inf", "-inf", "nan", " 1", "1.5e", "0x10");
    }

    /** Values short enough for the compact encoding (under 64 bytes), and that stay so when incremented. */
    static Arbitrary<byte[]> smallValue() {
        return Gen.frequencyOf(
                Tuple.of(4, Gen.integer().map(Gen::utf8)),
                Tuple.of(2, shortDecimal().map(Gen::utf8)),
                Tuple.of(4, Arbitraries.strings().withChars("abc").ofMaxLength(8).map(Gen::utf8)),
                Tuple.of(1, Gen.binary(0, 4)));
    }

    static Arbitrary<List<Object>> pairs(Arbitrary<byte[]> values) {
        Arbitrary<List<Object>> pair = Combinators.combine(field(), values).as((f, v) -> List.<Object>of(f, v));
        return Gen.frequencyOf(
                Tuple.of(8, options(1, 3, pair)),
                Tuple.of(1, options(1, 2, pair).map(l -> l.subList(0, l.size() - 1))));
    }

    static final Compare PAIRS = Compare.unorderedPairs("a hash table's order is Redis-internal");
    static final Compare ELEMENTS = Compare.unordered("a hash table's order is Redis-internal");

    static Arbitrary<Cmd> commands(Arbitrary<byte[]> values, boolean ordered) {
        Arbitrary<String> increments = ordered ? shortDecimal() : Gen.decimal();
        Arbitrary<Cmd> getall = cmd(word("HGETALL"), hkey());
        Arbitrary<Cmd> keys = cmd(word("HKEYS"), hkey());
        Arbitrary<Cmd> vals = cmd(word("HVALS"), hkey());
        if (!ordered) {
            getall = getall.map(c -> c.compare(PAIRS));
            keys = keys.map(c -> c.compare(ELEMENTS));
            vals = vals.map(c -> c.compare(ELEMENTS));
        }
        Arbitrary<Cmd> hscan = Combinators.combine(word("HSCAN"), hkey(), options(0, 2,
                Gen.option("MATCH", Arbitraries.of("*", "f*", "f[12]", "?")),
                Gen.option("COUNT", Arbitraries.of("1", "3", "100", "0", "abc")))).as((w, k, o) -> {
                    List<byte[]> argv = new ArrayList<>(List.of(Gen.utf8(w), Gen.utf8(k), Gen.utf8("0")));
                    o.forEach(x -> argv.add(Gen.utf8(x.toString())));
                    return Cmd.scanAll(argv, 2, true);
                });
        return Gen.frequencyOf(
                Tuple.of(6, cmd(word("HSET"), hkey(), pairs(values))),
                Tuple.of(1, cmd(word("HMSET"), hkey(), pairs(values))),
                Tuple.of(2, cmd(word("HSETNX"), hkey(), field(), values)),
                Tuple.of(3, cmd(word("HGET"), hkey(), field())),
                Tuple.of(1, cmd(word("HMGET"), hkey(), field().list().ofMinSize(1).ofMaxSize(3))),
                Tuple.of(2, getall),
                Tuple.of(1, keys),
                Tuple.of(1, vals),
                Tuple.of(1, cmd(word("HLEN"), hkey())),
                Tuple.of(1, cmd(word("HSTRLEN"), hkey(), field())),
                Tuple.of(1, cmd(word("HEXISTS"), hkey(), field())),
                Tuple.of(2, cmd(word("HDEL"), hkey(), field().list().ofMinSize(1).ofMaxSize(3))),
                Tuple.of(2, cmd(word("HINCRBY"), hkey(), field(), Gen.integer())),
                Tuple.of(2, cmd(word("HINCRBYFLOAT"), hkey(), field(), increments)),
                Tuple.of(randfieldWeight(), cmd(word("HRANDFIELD"), hkey(), Gen.maybe(Arbitraries.integers().between(-4, 4)
                        .map(String::valueOf)), Gen.maybe(Arbitraries.just("WITHVALUES")))
                        .map(c -> c.compare(Compare.shape("HRANDFIELD picks at random")))),
                Tuple.of(1, hscan),
                Tuple.of(1, cmd(word("EXISTS"), hkey())),
                Tuple.of(1, cmd(word("TYPE"), hkey())),
                Tuple.of(1, cmd(word("DEL"), hkey())),
                Tuple.of(fieldTtlWeight(), fieldTtls()),
                Tuple.of(getSetExWeight(), getSetEx()));
    }

    /**
     * Hash-field TTLs only where the emulated server has them (7.4): deadlines far in the future
     * (2100, so that nothing expires while the chain runs and H(P)EXPIRETIME compare exactly) or in
     * the past (the field is deleted, reply 2), conditions NX XX GT LT, relative forms with 0 / -1 /
     * non-numbers, a numfields that does not match, HPERSIST; HTTL / HPTTL by shape (the remaining
     * time depends on each server's clock). The listpackex order shows in HGETALL, HKEYS, HVALS.
     */
    static int fieldTtlWeight() {
        io.redisdouble.dialect.Dialect d = KitTarget.current().emulated();
        return d == io.redisdouble.dialect.Dialect.REDIS_7_4 || d == io.redisdouble.dialect.Dialect.REDIS_8_0 ? 4 : 0;
    }

    /** HGETDEL, HGETEX and HSETEX only where the emulated server has them (8.0). */
    static int getSetExWeight() {
        return KitTarget.current().emulated() == io.redisdouble.dialect.Dialect.REDIS_8_0 ? 4 : 0;
    }

    /**
     * HGETDEL, HGETEX [EX|PX|EXAT|PXAT|PERSIST] and HSETEX [FNX|FXX] [EX|PX|EXAT|PXAT|KEEPTTL] (8.0), with
     * deadlines far ahead (2100) or not in the future (the fields go at once), a wrong numfields now and then,
     * options out of place; relative TTLs only where a reply cannot show them.
     */
    static Arbitrary<Cmd> getSetEx() {
        Arbitrary<List<byte[]>> fields = field().list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<String> numfields = Gen.frequencyOf(Tuple.of(20, Arbitraries.just("")),
                Tuple.of(1, Arbitraries.of("0", "-1", "x", "5")));
        Arbitrary<String[]> expiry = Arbitraries.of(new String[] {}, new String[] {}, new String[] {"PERSIST"},
                new String[] {"EXAT", "4102444800"}, new String[] {"PXAT", "4102444800100"}, new String[] {"PXAT", "1"},
                new String[] {"EX", "0"}, new String[] {"PX", "100000"}, new String[] {"EX", "-1"},
                new String[] {"EXAT", "70368744178"}, new String[] {"KEEPTTL"}, new String[] {"ex", "abc"});
        Arbitrary<String> cond = Arbitraries.of("", "", "", "FNX", "FXX", "fxx", "FOO");
        Arbitrary<Cmd> hgetdel = Combinators.combine(hkey(), numfields, fields).as((k, n, fs) -> {
            List<byte[]> argv = new ArrayList<>(List.of(Gen.utf8("HGETDEL"), Gen.utf8(k), Gen.utf8("FIELDS"),
                    Gen.utf8(n.isEmpty() ? Integer.toString(fs.size()) : n)));
            argv.addAll(fs);
            return Cmd.ofBytes(argv.toArray(new byte[0][]));
        });
        Arbitrary<Cmd> hgetex = Combinators.combine(hkey(), expiry, numfields, fields).as((k, e, n, fs) -> {
            List<byte[]> argv = new ArrayList<>(List.of(Gen.utf8("HGETEX"), Gen.utf8(k)));
            for (String w : e) argv.add(Gen.utf8(w));
            argv.add(Gen.utf8("FIELDS"));
            argv.add(Gen.utf8(n.isEmpty() ? Integer.toString(fs.size()) : n));
            argv.addAll(fs);
            return Cmd.ofBytes(argv.toArray(new byte[0][]));
        });
        Arbitrary<Cmd> hsetex = Combinators.combine(hkey(), cond, expiry, numfields, fields, smallValue())
                .as((k, c, e, n, fs, v) -> {
                    List<byte[]> argv = new ArrayList<>(List.of(Gen.utf8("HSETEX"), Gen.utf8(k)));
                    if (!c.isEmpty()) argv.add(Gen.utf8(c));
                    for (String w : e) argv.add(Gen.utf8(w.equals("PERSIST") ? "KEEPTTL" : w));
                    argv.add(Gen.utf8("FIELDS"));
                    argv.add(Gen.utf8(n.isEmpty() ? Integer.toString(fs.size()) : n));
                    for (byte[] f : fs) {
                        argv.add(f);
                        argv.add(v);
                    }
                    return Cmd.ofBytes(argv.toArray(new byte[0][]));
                });
        Arbitrary<Cmd> deadlines = Combinators.combine(Arbitraries.of("HPEXPIRETIME", "HEXPIRETIME"), hkey(), fields)
                .as((w, k, fs) -> {
                    List<byte[]> argv = new ArrayList<>(List.of(Gen.utf8(w), Gen.utf8(k), Gen.utf8("FIELDS"),
                            Gen.utf8(Integer.toString(fs.size()))));
                    argv.addAll(fs);
                    return Cmd.ofBytes(argv.toArray(new byte[0][]));
                });
        return Gen.frequencyOf(Tuple.of(2, hgetdel), Tuple.of(2, hgetex), Tuple.of(3, hsetex), Tuple.of(1, deadlines));
    }

    static Arbitrary<Cmd> fieldTtls() {
        Arbitrary<List<byte[]>> fields = field().list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<String> numfields = Gen.frequencyOf(Tuple.of(20, Arbitraries.just("")),
                Tuple.of(1, Arbitraries.of("0", "-1", "x", "5")));
        Arbitrary<String[]> when = Arbitraries.of(
                new String[] {"HPEXPIREAT", "4102444800000"}, new String[] {"HPEXPIREAT", "4102444800100"},
                new String[] {"HPEXPIREAT", "4102444800200"}, new String[] {"HPEXPIREAT", "1"},
                new String[] {"HEXPIREAT", "4102444800"}, new String[] {"HEXPIREAT", "4102444801"},
                new String[] {"HEXPIREAT", "0"}, new String[] {"HEXPIREAT", "70368744178"},
                new String[] {"HPEXPIRE", "0"}, new String[] {"HEXPIRE", "-1"}, new String[] {"HEXPIRE", "abc"});
        Arbitrary<String> cond = Arbitraries.of("", "", "", "NX", "XX", "GT", "LT", "nx");
        Arbitrary<Cmd> expire = Combinators.combine(when, hkey(), cond, numfields, fields).as((w, k, c, n, fs) -> {
            List<byte[]> argv = new ArrayList<>(List.of(Gen.utf8(w[0]), Gen.utf8(k), Gen.utf8(w[1])));
            if (!c.isEmpty()) argv.add(Gen.utf8(c));
            argv.add(Gen.utf8("FIELDS"));
            argv.add(Gen.utf8(n.isEmpty() ? Integer.toString(fs.size()) : n));
            argv.addAll(fs);
            return Cmd.ofBytes(argv.toArray(new byte[0][]));
        });
        Arbitrary<String> read = Arbitraries.of("HEXPIRETIME", "HPEXPIRETIME", "HPERSIST", "HTTL", "HPTTL");
        Arbitrary<Cmd> query = Combinators.combine(read, hkey(), numfields, fields).as((w, k, n, fs) -> {
            List<byte[]> argv = new ArrayList<>(List.of(Gen.utf8(w), Gen.utf8(k), Gen.utf8("FIELDS"),
                    Gen.utf8(n.isEmpty() ? Integer.toString(fs.size()) : n)));
            argv.addAll(fs);
            Cmd cmd = Cmd.ofBytes(argv.toArray(new byte[0][]));
            return w.endsWith("TTL") ? cmd.compare(Compare.shape("the time left depends on each server's clock")) : cmd;
        });
        return Gen.frequencyOf(Tuple.of(3, expire), Tuple.of(2, query));
    }

    /**
     * HRANDFIELD only against Redis 7.0 and later: on 6.2.7, {@code HINCRBYFLOAT h f inf} leaves an
     * empty hash behind, and {@code HRANDFIELD h} then crashes the server (ziplist.c:1567
     * 'total_count') — found by the kit's calibration run. The empty hash itself stays observable.
     */
    static int randfieldWeight() {
        return KitTarget.current().atLeast7() ? 1 : 0;
    }

    /** HSET of 125–135 fields at once, or a field with a 60–70 byte value: crosses the compact limits. */
    static Arbitrary<Cmd> grow() {
        Arbitrary<Cmd> many = Combinators.combine(hkey(), Arbitraries.integers().between(125, 135)).as((k, n) -> {
            List<String> argv = new ArrayList<>(List.of("HSET", k));
            for (int i = 0; i < n; i++) {
                argv.add(String.format("g%03d", i));
                argv.add(Integer.toString(i));
            }
            return Cmd.of(argv.toArray(new String[0]));
        });
        Arbitrary<Cmd> longValue = Combinators.combine(hkey(), field(), Arbitraries.integers().between(60, 70))
                .as((k, f, n) -> Cmd.ofBytes(Gen.utf8("HSET"), Gen.utf8(k), f, Gen.utf8("v".repeat(n))));
        return Gen.oneOf(many, longValue);
    }

    @Provide
    Arbitrary<Integer> protocol() {
        return Chains.protocols();
    }

    @Provide
    Arbitrary<ActionChain<Duo>> smallChains() {
        return Chains.of(25, Gen.withArityMutations(commands(smallValue(), true), 25));
    }

    @Provide
    Arbitrary<ActionChain<Duo>> largeChains() {
        Arbitrary<byte[]> anyValue = Gen.oneOf(smallValue(), Gen.value());
        return Chains.of(20, Gen.frequencyOf(Tuple.of(8, commands(anyValue, false)), Tuple.of(1, grow())));
    }

    /** Compact hashes: order is insertion order and compared exactly. */
    @Property
    void smallHashes(@ForAll("protocol") int protocol, @ForAll("smallChains") ActionChain<Duo> chain) {
        Duo.runChain(this, protocol, chain);
    }

    /** Hashes converted to a hash table: order relaxed, everything else exact. */
    @Property
    void largeHashes(@ForAll("protocol") int protocol, @ForAll("largeChains") ActionChain<Duo> chain) {
        Duo.runChain(this, protocol, chain);
    }
}
