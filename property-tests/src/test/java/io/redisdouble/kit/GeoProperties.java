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
 * Geo: GEOADD (NX, XX, CH), GEODIST (every unit), GEOPOS, GEOHASH, GEORADIUS, GEORADIUSBYMEMBER and their
 * _RO forms, GEOSEARCH and GEOSEARCHSTORE (FROMMEMBER / FROMLONLAT, BYRADIUS / BYBOX, ASC / DESC, COUNT
 * [ANY], WITHCOORD / WITHDIST / WITHHASH, STORE / STOREDIST), and the stored results read back with ZRANGE
 * WITHSCORES (full-precision distances) and OBJECT ENCODING.
 * <ul>
 *   <li>{@link #cluster}: points from a small pool around one city and a few far away, so searches of
 *       every radius find some, none or all; equal positions give equal distances, whose order is the
 *       build's qsort.</li>
 *   <li>{@link #edges}: points at the poles' limits and on both sides of the antimeridian, invalid
 *       pairs, huge and zero radii, boxes wider than the Earth.</li>
 * </ul>
 * Options come in any order and combination (conflicting and dangling ones included), so syntax errors
 * and their precedence are compared too. Every reply is compared byte for byte: no geo reply depends on
 * a hash seed or the clock. (Against the glibc builds, 7.2 and later, a full-precision distance can
 * differ in its last digits: see GeoHash; the default target, 7.0.15, is musl's.)
 */
@Family(value = "geo", weight = 0.3)
class GeoProperties {

    static Arbitrary<String> gkey() {
        return Arbitraries.frequency(Tuple.of(6, "g1"), Tuple.of(3, "g2"), Tuple.of(1, "s1"));
    }

    static Arbitrary<String> member() {
        return Arbitraries.of("a", "b", "c", "d", "e", "f", "nope");
    }

    /** Longitude, latitude pairs near Rome, a few far away, and the same point several times. */
    static Arbitrary<List<String>> nearPoint() {
        return Gen.frequencyOf(
                Tuple.of(6, Combinators.combine(Arbitraries.integers().between(0, 40), Arbitraries.integers().between(0, 40))
                        .as((x, y) -> List.of(String.format("12.%03d", 300 + x * 10), String.format("41.%03d", 700 + y * 5)))),
                Tuple.of(2, Arbitraries.of(List.of("12.5", "41.9"), List.of("12.5", "41.9"), List.of("13.361389", "38.115556"))),
                Tuple.of(1, Arbitraries.of(List.of("-73.98", "40.75"), List.of("2.35", "48.85"), List.of("151.2", "-33.86"))));
    }

    /** Pairs at the edges: limits, antimeridian, poles, and invalid ones. */
    static Arbitrary<List<String>> edgePoint() {
        return Gen.frequencyOf(
                Tuple.of(4, Arbitraries.of(List.of("180", "0"), List.of("-180", "0"), List.of("179.999", "1"), List.of("-179.999", "-1"),
                        List.of("0", "85.05112878"), List.of("0", "-85.05112878"), List.of("90", "85"), List.of("-90", "-85"),
                        List.of("180", "85.05112878"), List.of("-180", "-85.05112878"), List.of("0", "0"), List.of("-0", "-0"))),
                Tuple.of(1, Arbitraries.of(List.of("180.0001", "0"), List.of("0", "85.06"), List.of("0", "-90"), List.of("abc", "1"),
                        List.of("1", "x"), List.of("inf", "0"), List.of("1e3", "0"), List.of("0x10", "1"))),
                Tuple.of(4, nearPoint()));
    }

    static Arbitrary<String> unit() {
        return Arbitraries.frequency(Tuple.of(4, "km"), Tuple.of(3, "m"), Tuple.of(2, "mi"), Tuple.of(1, "ft"),
                Tuple.of(1, "KM"), Tuple.of(1, "Mi"), Tuple.of(1, "parsec"));
    }

    static Arbitrary<String> radius() {
        return Arbitraries.frequency(Tuple.of(3, "5"), Tuple.of(3, "20"), Tuple.of(2, "100"), Tuple.of(2, "2000"),
                Tuple.of(1, "0"), Tuple.of(1, "0.5"), Tuple.of(1, "20000"), Tuple.of(1, "1e9"), Tuple.of(1, "-1"),
                Tuple.of(1, "abc"));
    }

    /** The search options of GEORADIUS / GEOSEARCH, in any order, repeated or conflicting. */
    @SafeVarargs
    static Arbitrary<List<Object>> searchOptions(Arbitrary<List<Object>>... extra) {
        List<Arbitrary<List<Object>>> groups = new ArrayList<>(List.of(flag("WITHDIST"), flag("WITHCOORD"), flag("WITHHASH"),
                flag("ASC"), flag("DESC"), flag("ANY"),
                option("COUNT", Arbitraries.frequency(Tuple.of(6, "1"), Tuple.of(6, "3"), Tuple.of(3, "50"),
                        Tuple.of(1, "0"), Tuple.of(1, "-2"), Tuple.of(1, "x")))));
        groups.addAll(List.of(extra));
        @SuppressWarnings("unchecked")
        Arbitrary<List<Object>>[] all = groups.toArray(new Arbitrary[0]);
        return options(0, 4, all);
    }

    static Arbitrary<List<Object>> from(Arbitrary<List<String>> point) {
        return Gen.frequencyOf(
                Tuple.of(3, Combinators.combine(word("FROMMEMBER"), member()).as((w, m) -> List.<Object>of(w, m))),
                Tuple.of(3, Combinators.combine(word("FROMLONLAT"), point).as((w, p) -> List.<Object>of(w, p.get(0), p.get(1)))));
    }

    static Arbitrary<List<Object>> by() {
        return Gen.frequencyOf(
                Tuple.of(3, Combinators.combine(word("BYRADIUS"), radius(), unit()).as((w, r, u) -> List.<Object>of(w, r, u))),
                Tuple.of(3, Combinators.combine(word("BYBOX"), radius(), radius(), unit()).as((w, a, b, u) -> List.<Object>of(w, a, b, u))));
    }

    static Arbitrary<Cmd> commands(Arbitrary<List<String>> point) {
        Arbitrary<List<Object>> triplets = Combinators.combine(point, member()).as((p, m) -> List.<Object>of(p.get(0), p.get(1), m))
                .list().ofMinSize(1).ofMaxSize(4).map(ls -> {
                    List<Object> out = new ArrayList<>();
                    ls.forEach(out::addAll);
                    return out;
                });
        Arbitrary<List<Object>> addOptions = options(0, 2, flag("NX"), flag("XX"), flag("CH"));
        Arbitrary<List<Object>> store = Gen.oneOf(option("STORE", Arbitraries.of("d1", "g2")), option("STOREDIST", Arbitraries.of("d1", "g2")));
        Arbitrary<List<Object>> fromBy = Combinators.combine(from(point), by(), Arbitraries.integers().between(0, 9)).as((f, b, order) -> {
            List<Object> out = new ArrayList<>();
            if (order == 0) {
                out.addAll(b); // BY before FROM
                out.addAll(f);
            } else if (order == 1) {
                out.addAll(f); // BY missing
            } else {
                out.addAll(f);
                out.addAll(b);
            }
            return out;
        });
        return Gen.frequencyOf(
                Tuple.of(8, cmd(word("GEOADD"), gkey(), addOptions, triplets)),
                Tuple.of(3, cmd(word("GEODIST"), gkey(), member(), member(), Gen.maybe(unit()))),
                Tuple.of(2, cmd(word("GEOPOS"), gkey(), member().list().ofMinSize(1).ofMaxSize(3))),
                Tuple.of(2, cmd(word("GEOHASH"), gkey(), member().list().ofMinSize(1).ofMaxSize(3))),
                Tuple.of(4, cmd(word("GEORADIUS"), gkey(), point, radius(), unit(), searchOptions(store))),
                Tuple.of(2, cmd(word("GEORADIUS_RO"), gkey(), point, radius(), unit(), searchOptions())),
                Tuple.of(3, cmd(word("GEORADIUSBYMEMBER"), gkey(), member(), radius(), unit(), searchOptions(store))),
                Tuple.of(1, cmd(word("GEORADIUSBYMEMBER_RO"), gkey(), member(), radius(), unit(), searchOptions())),
                Tuple.of(6, cmd(word("GEOSEARCH"), gkey(), fromBy, searchOptions())),
                Tuple.of(4, cmd(word("GEOSEARCHSTORE"), Arbitraries.of("d1", "g2"), gkey(), fromBy,
                        searchOptions(flag("STOREDIST")))),
                Tuple.of(3, cmd(word("ZRANGE"), Arbitraries.of("d1", "g2", "g1"), Arbitraries.just(List.of("0", "-1", "WITHSCORES")))),
                Tuple.of(1, cmd(word("OBJECT"), Arbitraries.just("ENCODING"), Arbitraries.of("d1", "g1"))),
                Tuple.of(1, cmd(word("ZREM"), gkey(), member())),
                Tuple.of(1, cmd(word("SET"), Arbitraries.of("s1", "d1"), Arbitraries.just("v"))));
    }

    @Provide
    Arbitrary<Integer> protocol() {
        return Chains.protocols();
    }

    @Provide
    Arbitrary<ActionChain<Duo>> clusterChains() {
        return Chains.of(30, Gen.withArityMutations(commands(nearPoint()), 25));
    }

    @Provide
    Arbitrary<ActionChain<Duo>> edgeChains() {
        return Chains.of(25, Gen.withArityMutations(commands(edgePoint()), 25));
    }

    @Property
    void cluster(@ForAll("protocol") int protocol, @ForAll("clusterChains") ActionChain<Duo> chain) {
        Duo.runChain(this, protocol, chain);
    }

    @Property
    void edges(@ForAll("protocol") int protocol, @ForAll("edgeChains") ActionChain<Duo> chain) {
        Duo.runChain(this, protocol, chain);
    }
}
