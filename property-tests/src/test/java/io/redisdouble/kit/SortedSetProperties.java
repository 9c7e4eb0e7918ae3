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
import static io.redisdouble.kit.Gen.flag;
import static io.redisdouble.kit.Gen.option;
import static io.redisdouble.kit.Gen.options;
import static io.redisdouble.kit.Gen.word;

/**
 * Sorted sets. Scores include -0.0, ±inf, {@code (}-bounds, 1e20, 0.1, subnormals, huge values and
 * strings that are not numbers; members include the empty string, binary bytes and members on both
 * sides of 64 bytes; sets are grown across 128 members — so both of Redis's encodings (listpack and
 * skip list) are compared. Every ZADD option combination and every ZRANGE form is generated, valid
 * or not, so error texts and their precedence are compared too.
 *
 * <p>Negative LIMIT offsets are never generated: their result is undefined in Redis (it depended on
 * the encoding, redis/redis#13952). Lex ranges only run on a key whose members all have score 0
 * (see {@link #lexKey()}): on mixed scores Redis leaves the result unspecified. ZRANDMEMBER is compared by shape (it is random), ZSCAN as the
 * set of (member, score) pairs of a full iteration. Counts given to ZRANDMEMBER stay small: huge
 * counts crash Redis before 6.2.9/7.0.8 (CVE-2023-22458).
 */
@Family("sorted sets")
class SortedSetProperties {

    static Arbitrary<String> zkey() {
        return Arbitraries.of("z1", "z2", "z3");
    }

    static Arbitrary<List<String>> zkeys(int max) {
        return zkey().list().ofMinSize(1).ofMaxSize(max);
    }

    static final String LONG63 = "m" + "x".repeat(62);

    /**
     * Members: a small pool (collisions), odd ones, binary, and lengths around 64 bytes (the limit of
     * the small encoding; on Redis 6.2 a member over it crashes ZRANGESTORE, which the kit leaves out
     * there: {@link ReferenceCrash}).
     */
    static Arbitrary<byte[]> member() {
        return Gen.frequencyOf(
                Tuple.of(10, Arbitraries.of("a", "b", "c", "d", "e").map(Gen::utf8)),
                Tuple.of(2, Arbitraries.of("", "A", "aa", "m001", "b\u00e9").map(Gen::utf8)),
                Tuple.of(1, Arbitraries.of(LONG63, LONG63 + "x", LONG63 + "xx", LONG63.substring(3)).map(Gen::utf8)),
                Tuple.of(1, Gen.binary(1, 4)));
    }

    /** Scores: mostly valid (so sets fill up), with every kind of edge and invalid text. */
    static Arbitrary<String> score() {
        return Gen.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(-3, 5).map(String::valueOf)),
                Tuple.of(3, Arbitraries.of("0.1", "1.1", "-0.0", "-0", "2.5", "1e20", "-1e20", "inf", "-inf", "+inf",
                        "4.9e-324", "1e-320", "1.7976931348623157e308", "0.30000000000000004", "3.0000000000000004")),
                Tuple.of(2, Gen.decimal()));
    }

    /**
     * The key of lex-range commands. Lex ranges are only defined when all members have the same
     * score ("the returned elements are unspecified" otherwise: on a skip list the answer depends on
     * its random levels, so two Redis servers disagree), so this key only ever gets members with
     * score 0 ({@link #zaddLex()}), and lex commands never touch the other keys.
     */
    static Arbitrary<String> lexKey() {
        return Arbitraries.of("zl");
    }

    /** ZADD of score-0 members to {@link #lexKey()}, sometimes past 128 members. */
    static Arbitrary<Cmd> zaddLex() {
        Arbitrary<List<Object>> pairs = member().map(m -> List.<Object>of("0", m)).list().ofMinSize(1).ofMaxSize(3)
                .map(ls -> {
                    List<Object> out = new ArrayList<>();
                    ls.forEach(out::addAll);
                    return out;
                });
        Arbitrary<Cmd> small = cmd(word("ZADD"), "zl", options(0, 2, flag("NX"), flag("XX"), flag("CH")), pairs);
        Arbitrary<Cmd> big = Arbitraries.integers().between(120, 140).map(n -> {
            List<String> argv = new ArrayList<>(List.of("ZADD", "zl"));
            for (int i = 0; i < n; i++) {
                argv.add("0");
                argv.add(String.format("m%03d", i));
            }
            return Cmd.of(argv.toArray(new String[0]));
        });
        return Gen.frequencyOf(Tuple.of(8, small), Tuple.of(1, big));
    }

    /** Score range bounds: inclusive, exclusive with {@code (}, infinities, and invalid ones. */
    static Arbitrary<String> scoreBound() {
        return Gen.frequencyOf(
                Tuple.of(5, score()),
                Tuple.of(3, score().map(s -> "(" + s)),
                Tuple.of(3, Arbitraries.of("-inf", "+inf", "(-inf", "(+inf", "inf", "(inf", "-Infinity", "1e400",
                        "(1e400", "-1e400")),
                Tuple.of(1, Arbitraries.of("((1", "(", "[1", "abc", "nan", "(nan", "", "1 ", " 1")));
    }

    /** Lex range bounds. */
    static Arbitrary<String> lexBound() {
        return Gen.frequencyOf(
                Tuple.of(4, Arbitraries.of("-", "+")),
                Tuple.of(6, Combinators.combine(Arbitraries.of("[", "("), Arbitraries.of("a", "b", "c", "d", "e", "", "aa"))
                        .as((b, m) -> b + m)),
                Tuple.of(3, Arbitraries.of("[a", "(a", "[c", "(c", "[e", "(b")),
                Tuple.of(1, Arbitraries.of("a", "[", "(", "-a", "+a", "", "*")));
    }

    /** Ranks: small, huge, and not integers. */
    static Arbitrary<String> rank() {
        return Gen.frequencyOf(
                Tuple.of(8, Arbitraries.integers().between(-6, 6).map(String::valueOf)),
                Tuple.of(1, Arbitraries.of("9223372036854775807", "-9223372036854775808", "abc", "1.5", "")));
    }

    /** LIMIT offset count: non-negative offsets only (negative ones are undefined in Redis). */
    static Arbitrary<List<Object>> limit() {
        Arbitrary<String> offset = Gen.frequencyOf(
                Tuple.of(8, Arbitraries.integers().between(0, 4).map(String::valueOf)),
                Tuple.of(1, Arbitraries.of("100", "abc", "1.5")));
        Arbitrary<String> count = Gen.frequencyOf(
                Tuple.of(8, Arbitraries.integers().between(-2, 4).map(String::valueOf)),
                Tuple.of(1, Arbitraries.of("-100", "100", "abc", "9223372036854775807")));
        return Gen.frequencyOf(
                Tuple.of(8, Combinators.combine(word("LIMIT"), offset, count).as((l, o, c) -> List.<Object>of(l, o, c))),
                Tuple.of(1, Gen.literal("LIMIT", "0")));
    }

    // ---------------------------------------------------------------------------------------------
    // Adding and reading

    static Arbitrary<List<Object>> pairs(int max) {
        Arbitrary<List<Object>> pair = Combinators.combine(score(), member()).as((s, m) -> List.<Object>of(s, m));
        return Gen.frequencyOf(
                Tuple.of(10, options(1, max, pair)),
                Tuple.of(1, options(1, 2, pair).map(l -> l.subList(0, l.size() - 1))),
                Tuple.of(1, Arbitraries.just(List.of())));
    }

    static Arbitrary<Cmd> zadd() {
        return cmd(word("ZADD"), zkey(), options(0, 3, flag("NX"), flag("XX"), flag("GT"), flag("LT"), flag("CH"),
                flag("INCR")), pairs(3));
    }

    /** ZADD of 120–140 members named m000… (scores equal, increasing, or repeating): crosses 128 entries. */
    static Arbitrary<Cmd> bigAdd() {
        return Combinators.combine(zkey(), Arbitraries.integers().between(120, 140),
                Arbitraries.of("same", "index", "mod7", "half")).as((k, n, mode) -> {
                    List<String> argv = new ArrayList<>(List.of("ZADD", k));
                    for (int i = 0; i < n; i++) {
                        String s = switch (mode) {
                            case "same" -> "0";
                            case "index" -> Integer.toString(i);
                            case "mod7" -> Integer.toString(i % 7);
                            default -> Double.toString(i / 2.0);
                        };
                        argv.add(s);
                        argv.add(String.format("m%03d", i));
                    }
                    return Cmd.of(argv.toArray(new String[0]));
                });
    }

    /** ZADD of members 60–70 bytes long: crosses the 64-byte member limit of the small encoding. */
    static Arbitrary<Cmd> longMembers() {
        return Combinators.combine(zkey(), Arbitraries.integers().between(60, 70).list().ofMinSize(1).ofMaxSize(3))
                .as((k, lens) -> {
                    List<String> argv = new ArrayList<>(List.of("ZADD", k));
                    for (int len : lens) {
                        argv.add(Integer.toString(len));
                        argv.add("L" + "y".repeat(len - 1));
                    }
                    return Cmd.of(argv.toArray(new String[0]));
                });
    }

    static Arbitrary<Cmd> readAll() {
        return cmd(word("ZRANGE"), zkey(), "0", "-1", Gen.maybe(Arbitraries.just("WITHSCORES")));
    }

    static Arbitrary<Cmd> addAndScore() {
        return Gen.frequencyOf(
                Tuple.of(8, zadd()),
                Tuple.of(1, bigAdd()),
                Tuple.of(1, longMembers()),
                Tuple.of(3, cmd(word("ZINCRBY"), zkey(), score(), member())),
                Tuple.of(3, cmd(word("ZSCORE"), zkey(), member())),
                Tuple.of(1, cmd(word("ZMSCORE"), zkey(), member().list().ofMinSize(1).ofMaxSize(3))),
                Tuple.of(2, cmd(word("ZCARD"), zkey())),
                Tuple.of(2, cmd(word("ZREM"), zkey(), member().list().ofMinSize(1).ofMaxSize(3))),
                Tuple.of(2, cmd(word("ZRANK"), zkey(), member(), Gen.maybe(Arbitraries.just("WITHSCORE")))),
                Tuple.of(1, cmd(word("ZREVRANK"), zkey(), member())),
                Tuple.of(3, readAll()),
                Tuple.of(1, cmd(word("EXISTS"), zkey())),
                Tuple.of(1, cmd(word("TYPE"), zkey())));
    }

    // ---------------------------------------------------------------------------------------------
    // Ranges

    static Arbitrary<Cmd> zrange(String byWord, Arbitrary<String> bound) {
        Arbitrary<List<Object>> by = byWord == null ? Arbitraries.just(List.of()) : flag(byWord);
        boolean lex = "BYLEX".equals(byWord);
        Arbitrary<List<Object>> lexOrNot = lex ? flag("BYLEX") : Gen.literal("REV");
        return cmd(word("ZRANGE"), lex ? lexKey() : zkey(), bound, bound, Gen.frequencyOf(
                Tuple.of(6, options(0, 3, flag("REV"), limit(), flag("WITHSCORES")).flatMap(rest ->
                        Unmemoized.of(by.map(b -> {
                            List<Object> l = new ArrayList<>(b);
                            l.addAll(rest);
                            java.util.Collections.rotate(l, rest.isEmpty() ? 0 : rest.size() / 2);
                            return l;
                        })))),
                Tuple.of(1, options(0, 4, flag("BYSCORE"), lexOrNot, flag("REV"), limit(), flag("WITHSCORES"),
                        Gen.literal("FOO")))));
    }

    static Arbitrary<Cmd> ranges() {
        Arbitrary<List<Object>> scoreOpts = options(0, 2, flag("WITHSCORES"), limit(), Gen.literal("FOO"));
        return Gen.frequencyOf(
                Tuple.of(6, zadd()),
                Tuple.of(1, bigAdd()),
                Tuple.of(3, zrange(null, rank())),
                Tuple.of(4, zrange("BYSCORE", scoreBound())),
                Tuple.of(3, zrange("BYLEX", lexBound())),
                Tuple.of(4, cmd(word("ZRANGEBYSCORE"), zkey(), scoreBound(), scoreBound(), scoreOpts)),
                Tuple.of(3, cmd(word("ZREVRANGEBYSCORE"), zkey(), scoreBound(), scoreBound(), scoreOpts)),
                Tuple.of(2, zaddLex()),
                Tuple.of(2, cmd(word("ZRANGEBYLEX"), lexKey(), lexBound(), lexBound(), options(0, 1, limit(), Gen.literal("WITHSCORES")))),
                Tuple.of(2, cmd(word("ZREVRANGEBYLEX"), lexKey(), lexBound(), lexBound(), options(0, 1, limit()))),
                Tuple.of(2, cmd(word("ZREVRANGE"), zkey(), rank(), rank(), Gen.maybe(Arbitraries.of("WITHSCORES", "FOO")))),
                Tuple.of(2, cmd(word("ZCOUNT"), zkey(), scoreBound(), scoreBound())),
                Tuple.of(2, cmd(word("ZLEXCOUNT"), lexKey(), lexBound(), lexBound())));
    }

    // ---------------------------------------------------------------------------------------------
    // Removing

    static Arbitrary<Cmd> removals() {
        return Gen.frequencyOf(
                Tuple.of(6, zadd()),
                Tuple.of(1, bigAdd()),
                Tuple.of(2, cmd(word("ZREM"), zkey(), member().list().ofMinSize(1).ofMaxSize(4))),
                Tuple.of(2, cmd(word("ZREMRANGEBYSCORE"), zkey(), scoreBound(), scoreBound())),
                Tuple.of(2, cmd(word("ZREMRANGEBYRANK"), zkey(), rank(), rank())),
                Tuple.of(2, zaddLex()),
                Tuple.of(2, cmd(word("ZREMRANGEBYLEX"), lexKey(), lexBound(), lexBound())),
                Tuple.of(2, cmd(word("ZPOPMIN"), zkey(), Gen.maybe(popCount()))),
                Tuple.of(2, cmd(word("ZPOPMAX"), zkey(), Gen.maybe(popCount()))),
                Tuple.of(3, readAll()),
                Tuple.of(1, cmd(word("ZCARD"), zkey())),
                Tuple.of(1, cmd(word("EXISTS"), zkeys(3))),
                Tuple.of(1, cmd(word("TYPE"), zkey())));
    }

    static Arbitrary<String> popCount() {
        return Gen.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(0, 5).map(String::valueOf)),
                Tuple.of(1, Arbitraries.of("-1", "abc", "200", "1.5")));
    }

    // ---------------------------------------------------------------------------------------------
    // Stores and set algebra

    static Arbitrary<String> weight() {
        return Arbitraries.of("1", "2", "0", "-1", "0.5", "inf", "-inf", "1e308", "nan", "abc");
    }

    /** numkeys key... [WEIGHTS w...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES], consistent or not. */
    static Arbitrary<List<Object>> algebraArgs(boolean withScores) {
        return zkeys(3).flatMap(ks -> Unmemoized.of(Combinators.combine(
                Arbitraries.frequency(Tuple.of(8, String.valueOf(ks.size())), Tuple.of(1, "0"),
                        Tuple.of(1, String.valueOf(ks.size() + 1)), Tuple.of(1, "-1"), Tuple.of(1, "abc")),
                Gen.maybe(weight().list().ofSize(ks.size()).map(ws -> {
                    List<Object> l = new ArrayList<>(List.of("WEIGHTS"));
                    l.addAll(ws);
                    return l;
                })),
                Gen.maybe(Combinators.combine(word("AGGREGATE"), Arbitraries.of("SUM", "MIN", "MAX", "min", "AVG"))
                        .as(List::of)),
                withScores ? Gen.maybe(Arbitraries.just("WITHSCORES")) : Arbitraries.just(List.of()))
                .as((n, w, a, ws) -> {
                    List<Object> l = new ArrayList<>();
                    l.add(n);
                    l.addAll(ks);
                    l.addAll(w);
                    l.addAll(a);
                    l.addAll(ws);
                    return l;
                })));
    }

    static Arbitrary<Cmd> storeAndAlgebra() {
        return Gen.frequencyOf(
                Tuple.of(8, zadd()),
                Tuple.of(1, bigAdd()),
                Tuple.of(2, cmd(word("ZRANGESTORE"), zkey(), zkey(), scoreBound(), scoreBound(),
                        options(0, 3, flag("BYSCORE"), flag("REV"), limit()))),
                Tuple.of(1, cmd(word("ZRANGESTORE"), zkey(), zkey(), rank(), rank())),
                Tuple.of(1, zaddLex()),
                Tuple.of(1, cmd(word("ZRANGESTORE"), zkey(), lexKey(), lexBound(), lexBound(), "BYLEX",
                        options(0, 2, flag("REV"), limit()))),
                Tuple.of(2, cmd(word("ZUNIONSTORE"), zkey(), algebraArgs(false))),
                Tuple.of(2, cmd(word("ZINTERSTORE"), zkey(), algebraArgs(false))),
                Tuple.of(1, cmd(word("ZDIFFSTORE"), zkey(), Arbitraries.of("1", "2", "0"), zkeys(2))),
                Tuple.of(2, cmd(word("ZUNION"), algebraArgs(true))),
                Tuple.of(2, cmd(word("ZINTER"), algebraArgs(true))),
                Tuple.of(1, cmd(word("ZDIFF"), Arbitraries.of("1", "2"), zkeys(2), Gen.maybe(Arbitraries.just("WITHSCORES")))),
                Tuple.of(1, cmd(word("ZINTERCARD"), Arbitraries.of("1", "2", "0"), zkeys(2),
                        Gen.maybe(option("LIMIT", Arbitraries.of("0", "1", "2", "-1", "abc"))))),
                Tuple.of(3, readAll()),
                Tuple.of(1, cmd(word("TYPE"), zkey())));
    }

    // ---------------------------------------------------------------------------------------------
    // Random, scan, pops

    static Arbitrary<Cmd> randomScanPop() {
        Arbitrary<List<Object>> zscanOpts = options(0, 2,
                option("MATCH", Arbitraries.of("*", "a*", "m0*", "?", "[ab]")),
                option("COUNT", Arbitraries.of("1", "2", "10", "0", "abc")));
        Arbitrary<Cmd> zscan = Combinators.combine(word("ZSCAN"), zkey(), zscanOpts).as((w, k, o) -> {
            List<byte[]> argv = new ArrayList<>(List.of(Gen.utf8(w), Gen.utf8(k), Gen.utf8("0")));
            o.forEach(x -> argv.add(Gen.utf8(x.toString())));
            return Cmd.scanAll(argv, 2, true);
        });
        Arbitrary<String> timeout = Arbitraries.frequency(Tuple.of(6, "0.01"), Tuple.of(1, "-1"), Tuple.of(1, "abc"));
        Arbitrary<Cmd> blocking = Gen.oneOf(
                cmd(word("BZPOPMIN"), zkeys(2), timeout),
                cmd(word("BZPOPMAX"), zkeys(2), timeout),
                cmd(word("BZMPOP"), timeout, "1", zkey(), Arbitraries.of("MIN", "MAX")));
        return Gen.frequencyOf(
                Tuple.of(6, zadd()),
                Tuple.of(1, bigAdd()),
                Tuple.of(2, cmd(word("ZRANDMEMBER"), zkey(), Gen.maybe(Arbitraries.integers().between(-5, 5)
                        .map(String::valueOf)), Gen.maybe(Arbitraries.just("WITHSCORES")))
                        .map(c -> c.compare(Compare.shape("ZRANDMEMBER picks at random")))),
                Tuple.of(2, zscan),
                Tuple.of(2, cmd(word("ZMPOP"), Arbitraries.of("1", "2", "0"), zkeys(2), Arbitraries.of("MIN", "MAX", "FOO"),
                        Gen.maybe(option("COUNT", Arbitraries.of("1", "3", "0", "-1"))))),
                Tuple.of(1, blocking),
                Tuple.of(2, readAll()));
    }

    @Provide
    Arbitrary<Integer> protocol() {
        return Chains.protocols();
    }

    @Provide
    Arbitrary<ActionChain<Duo>> addChains() {
        return Chains.of(25, Gen.withArityMutations(addAndScore(), 25));
    }

    @Provide
    Arbitrary<ActionChain<Duo>> rangeChains() {
        return Chains.of(25, Gen.withArityMutations(ranges(), 25));
    }

    @Provide
    Arbitrary<ActionChain<Duo>> removalChains() {
        return Chains.of(25, Gen.withArityMutations(removals(), 25));
    }

    @Provide
    Arbitrary<ActionChain<Duo>> storeChains() {
        return Chains.of(25, Gen.withArityMutations(storeAndAlgebra(), 25));
    }

    @Provide
    Arbitrary<ActionChain<Duo>> randomChains() {
        return Chains.of(20, randomScanPop());
    }

    /** ZADD (every option combination), ZINCRBY, ZSCORE, ZMSCORE, ZCARD, ZREM, ZRANK, ZREVRANK. */
    @Property
    void addAndScore(@ForAll("protocol") int protocol, @ForAll("addChains") ActionChain<Duo> chain) {
        Duo.runChain(this, protocol, chain);
    }

    /** ZRANGE (rank, BYSCORE, BYLEX, REV, LIMIT, WITHSCORES), ZRANGEBYSCORE, ZREVRANGEBYSCORE, BYLEX, ZCOUNT... */
    @Property
    void ranges(@ForAll("protocol") int protocol, @ForAll("rangeChains") ActionChain<Duo> chain) {
        Duo.runChain(this, protocol, chain);
    }

    /** ZREM, ZREMRANGEBYSCORE/RANK/LEX, ZPOPMIN/ZPOPMAX; emptied sets disappear. */
    @Property
    void removals(@ForAll("protocol") int protocol, @ForAll("removalChains") ActionChain<Duo> chain) {
        Duo.runChain(this, protocol, chain);
    }

    /** ZRANGESTORE, ZUNIONSTORE, ZINTERSTORE, ZDIFFSTORE, ZUNION, ZINTER, ZDIFF, ZINTERCARD. */
    @Property
    void storeAndAlgebra(@ForAll("protocol") int protocol, @ForAll("storeChains") ActionChain<Duo> chain) {
        Duo.runChain(this, protocol, chain);
    }

    /**
     * ZRANDMEMBER (shape), ZSCAN (as a set), ZMPOP, BZPOPMIN/BZPOPMAX/BZMPOP with 10 ms timeouts
     * (a blocking pop on empty keys waits on both servers, hence half the tries).
     */
    @Property
    @TriesFactor(0.5)
    void randomScanPop(@ForAll("protocol") int protocol, @ForAll("randomChains") ActionChain<Duo> chain) {
        Duo.runChain(this, protocol, chain);
    }
}
