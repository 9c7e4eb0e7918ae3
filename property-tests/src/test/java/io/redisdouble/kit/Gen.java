package io.redisdouble.kit;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shared pools and building blocks for generated commands. Pools are deliberately small so that
 * generated cases collide: the same keys are overwritten, read back, used with the wrong type.
 */
public final class Gen {
    private Gen() {
    }

    // ---------------------------------------------------------------------------------------------
    // Choosing (jqwik's frequencyOf and oneOf without its per-value memoization)

    /**
     * {@link Arbitraries#frequencyOf}, the same values: jqwik's looks up the generator of the
     * alternative it picks, at every value, in a cache keyed by the alternative's {@code hashCode},
     * which walks the alternative's whole tree (a family's every command and pool); these
     * alternatives keep their generators themselves ({@link Unmemoized}). The kit's generators use
     * these, never jqwik's, so the fuzz mode's steps cost a command's round trip, not a tree walk.
     */
    @SafeVarargs
    public static <T> Arbitrary<T> frequencyOf(Tuple.Tuple2<Integer, Arbitrary<? extends T>>... frequencies) {
        List<Tuple.Tuple2<Integer, Arbitrary<T>>> kept = new ArrayList<>();
        for (Tuple.Tuple2<Integer, Arbitrary<? extends T>> f : frequencies) {
            @SuppressWarnings("unchecked")
            Arbitrary<T> a = (Arbitrary<T>) f.get2();
            kept.add(Tuple.of(f.get1(), Unmemoized.builtOnce(a)));
        }
        return Arbitraries.frequencyOf(kept);
    }

    /** {@link Arbitraries#oneOf}, the same values, without the per-value memoization ({@link #frequencyOf}). */
    @SafeVarargs
    public static <T> Arbitrary<T> oneOf(Arbitrary<? extends T>... choices) {
        return oneOf(Arrays.asList(choices));
    }

    /** {@link Arbitraries#oneOf}, the same values, without the per-value memoization ({@link #frequencyOf}). */
    public static <T> Arbitrary<T> oneOf(java.util.Collection<? extends Arbitrary<? extends T>> choices) {
        List<Arbitrary<T>> kept = new ArrayList<>();
        for (Arbitrary<? extends T> c : choices) {
            @SuppressWarnings("unchecked")
            Arbitrary<T> a = (Arbitrary<T>) c;
            kept.add(Unmemoized.builtOnce(a));
        }
        return Arbitraries.oneOf(kept);
    }

    // ---------------------------------------------------------------------------------------------
    // Building commands

    /**
     * A command built from parts: a {@code String} or {@code byte[]} is one literal argument, an
     * {@code Arbitrary} generates a String, byte[], or List of those (flattened; an empty list adds
     * no argument).
     */
    @SuppressWarnings("unchecked")
    public static Arbitrary<Cmd> cmd(Object... parts) {
        List<Arbitrary<Object>> arbs = new ArrayList<>();
        for (Object p : parts) {
            arbs.add(p instanceof Arbitrary<?> a ? (Arbitrary<Object>) a : Arbitraries.just(p));
        }
        return Combinators.combine(arbs).as(vals -> {
            List<byte[]> argv = new ArrayList<>();
            for (Object v : vals) {
                flatten(v, argv);
            }
            return Cmd.of(argv);
        });
    }

    private static void flatten(Object v, List<byte[]> out) {
        if (v == null) {
            return;
        }
        if (v instanceof byte[] b) {
            out.add(b);
        } else if (v instanceof String s) {
            out.add(s.getBytes(StandardCharsets.UTF_8));
        } else if (v instanceof List<?> l) {
            for (Object o : l) {
                flatten(o, out);
            }
        } else {
            out.add(v.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A command or option name as clients send it: mostly upper case, sometimes lower or mixed. */
    public static Arbitrary<String> word(String w) {
        String mixed = mixCase(w);
        return Arbitraries.frequency(Tuple.of(8, w), Tuple.of(2, w.toLowerCase()), Tuple.of(1, mixed));
    }

    private static String mixCase(String w) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < w.length(); i++) {
            char c = w.charAt(i);
            sb.append(i % 2 == 0 ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        return sb.toString();
    }

    /** A group of arguments: a word (in any case) followed by a value. */
    public static Arbitrary<List<Object>> option(String w, Arbitrary<?> value) {
        return Combinators.combine(word(w), value).as((a, b) -> List.of(a, b));
    }

    /** A group made of one word. */
    public static Arbitrary<List<Object>> flag(String w) {
        return word(w).map(List::of);
    }

    /** Literal arguments as a group. */
    public static Arbitrary<List<Object>> literal(String... args) {
        return Arbitraries.just(List.of((Object[]) args));
    }

    /**
     * Between {@code min} and {@code max} option groups, each drawn from {@code groups} (so
     * options repeat, combine in every order, and conflict).
     */
    @SafeVarargs
    public static Arbitrary<List<Object>> options(int min, int max, Arbitrary<List<Object>>... groups) {
        Arbitrary<List<Object>> one = oneOf(Arrays.asList(groups));
        return one.list().ofMinSize(min).ofMaxSize(max).map(ls -> {
            List<Object> out = new ArrayList<>();
            ls.forEach(out::addAll);
            return out;
        });
    }

    /** Nothing, or the arguments of {@code a}. */
    public static Arbitrary<List<Object>> maybe(Arbitrary<?> a) {
        return oneOf(Arbitraries.just(List.<Object>of()), a.map(List::<Object>of));
    }

    /** Sometimes (1 in {@code 1+weight}) a command with arguments dropped or added: arity and syntax errors. */
    public static Arbitrary<Cmd> withArityMutations(Arbitrary<Cmd> commands, int weight) {
        Arbitrary<Cmd> mutated = commands.flatMap(c -> Unmemoized.of(Arbitraries.integers().between(1, c.argv.length + 2).map(n -> {
            byte[][] a = c.argv;
            if (n == a.length || a.length == 0) {
                return c;
            }
            byte[][] out = Arrays.copyOf(a, n);
            for (int i = a.length; i < n; i++) {
                out[i] = "extra".getBytes(StandardCharsets.UTF_8);
            }
            return c.withArgv(out);
        })));
        return frequencyOf(Tuple.of(weight, commands), Tuple.of(1, mutated));
    }

    // ---------------------------------------------------------------------------------------------
    // Pools

    /** String keys of the families: small pool, so commands collide. */
    public static Arbitrary<String> key() {
        return Arbitraries.of("k1", "k2", "k3");
    }

    /** One to {@code max} keys (repetitions allowed). */
    public static Arbitrary<List<String>> keys(int max) {
        return key().list().ofMinSize(1).ofMaxSize(max);
    }

    /** Integers as Redis parses them (string2ll): valid, at the 64-bit edges, and not quite integers. */
    public static Arbitrary<String> integer() {
        return frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(-5, 20).map(String::valueOf)),
                Tuple.of(2, Arbitraries.of("9223372036854775807", "-9223372036854775808", "9223372036854775806",
                        "-9223372036854775807", "4611686018427387904", "-4611686018427387904")),
                Tuple.of(2, Arbitraries.of("9223372036854775808", "-9223372036854775809", "18446744073709551616",
                        "+1", "01", "-0", " 1", "1 ", "1.0", "1e3", "0x10", "", "abc", "-", "1a")),
                Tuple.of(1, Arbitraries.longs().map(String::valueOf)));
    }

    /** Decimal texts as INCRBYFLOAT and scores meet them: exact, inexact, huge, tiny, special, junk. */
    public static Arbitrary<String> decimal() {
        return frequencyOf(
                Tuple.of(3, Arbitraries.of("0", "1", "-1", "0.1", "1.1", "-1.5", "2.5", "0.2", "3.0000000000000004",
                        "1e20", "-1e20", "1e-5", "1.5e3", "5.", ".5", "-0", "-0.0", "+1.5", "1E3", "10.50")),
                Tuple.of(2, Arbitraries.of("1e308", "-1e308", "1.7976931348623157e308", "2.2250738585072014e-308",
                        "4.9e-324", "5e-324", "1e-320", "1e400", "-1e400", "1e-400",
                        "123456789012345678901234567890", "0.000000000000000000001")),
                Tuple.of(2, Arbitraries.of("inf", "-inf", "+inf", "Infinity", "-Infinity", "nan", "NaN", "-nan",
                        "abc", "", " 1", "1 ", "1e", "0x10", "1,5", "--1", "1..2", "(1")),
                Tuple.of(3, Arbitraries.doubles().between(-1e6, 1e6).map(Gen::plain)),
                Tuple.of(1, Arbitraries.doubles().map(String::valueOf)),
                Tuple.of(1, Arbitraries.integers().between(-1000, 1000).map(String::valueOf)));
    }

    private static String plain(double d) {
        String s = Double.toString(d);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    /** String values: numbers, words, empty, binary, and longer than the 44/64-byte encoding limits. */
    public static Arbitrary<byte[]> value() {
        return frequencyOf(
                Tuple.of(4, integer().map(Gen::utf8)),
                Tuple.of(2, decimal().map(Gen::utf8)),
                Tuple.of(4, Arbitraries.strings().withChars("abcxyz").ofMinLength(0).ofMaxLength(6).map(Gen::utf8)),
                Tuple.of(1, binary(0, 6)),
                Tuple.of(1, Arbitraries.strings().withChars("abc").ofMinLength(40).ofMaxLength(70).map(Gen::utf8)));
    }

    /** Bytes including NUL, CR, LF, space, quote and high bytes. */
    public static Arbitrary<byte[]> binary(int min, int max) {
        return Arbitraries.of((byte) 0, (byte) 0xff, (byte) '\r', (byte) '\n', (byte) ' ', (byte) '"', (byte) 'a',
                (byte) 0x80).list().ofMinSize(min).ofMaxSize(max).map(l -> {
                    byte[] b = new byte[l.size()];
                    for (int i = 0; i < b.length; i++) {
                        b[i] = l.get(i);
                    }
                    return b;
                });
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Relative expire times that never expire during a case: always far in the future. The values
     * are drawn at random and not shrunk, so two of them are (almost) never equal: GT/LT comparisons
     * of two relative deadlines set in the same millisecond would otherwise depend on timing.
     */
    public static Arbitrary<String> farSeconds() {
        return Arbitraries.longs().between(100_000, 100_000_000).withoutEdgeCases().dontShrink().map(String::valueOf);
    }

    /** {@link #farSeconds()} in milliseconds. */
    public static Arbitrary<String> farMillis() {
        return Arbitraries.longs().between(100_000_000L, 100_000_000_000L).withoutEdgeCases().dontShrink()
                .map(String::valueOf);
    }

    /** Invalid expire times: zero, negative, overflowing when turned into ms, not integers. */
    public static Arbitrary<String> badExpire() {
        return Arbitraries.of("0", "-1", "-100000", "9223372036854775807", "9223372036854776", "-9223372036854775808",
                "abc", "1.5", "", "100000 ");
    }

    /** Absolute Unix times in seconds: long past (the key expires at once), far future, invalid. */
    public static Arbitrary<String> unixSeconds() {
        return frequencyOf(
                Tuple.of(3, Arbitraries.of("1", "1000000000", "1600000000")),
                Tuple.of(3, Arbitraries.longs().between(4_000_000_000L, 5_000_000_000L).withoutEdgeCases().dontShrink()
                        .map(String::valueOf)),
                Tuple.of(1, badExpire()));
    }

    /** Absolute Unix times in milliseconds, like {@link #unixSeconds()}. */
    public static Arbitrary<String> unixMillis() {
        return frequencyOf(
                Tuple.of(3, Arbitraries.of("1", "1000000000000", "1600000000000")),
                Tuple.of(3, Arbitraries.longs().between(4_000_000_000_000L, 5_000_000_000_000L).withoutEdgeCases()
                        .dontShrink().map(String::valueOf)),
                Tuple.of(1, badExpire()));
    }
}
