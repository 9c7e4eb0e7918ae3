package io.redisdouble.kit;

import static io.redisdouble.kit.Gen.cmd;
import static io.redisdouble.kit.Gen.word;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.state.ActionChain;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * DUMP and RESTORE: values of every type are built by random writes and DUMPed, the payloads compared
 * byte for byte (RDB type, encoding, LZF compression, listpack / ziplist / intset layout, CRC64); RESTORE
 * of fixed payloads (valid, corrupt, of another RDB version) with random TTLs and options, then reads.
 * <ul>
 *   <li>Only values whose payload is defined by what clients did are DUMPed: sets of integers (intsets:
 *       a hash-table set's order follows Redis's random hash seed), hashes kept small (listpack),
 *       streams with explicit IDs; lists grow past one quicklist node by RPUSH only, since redis-double
 *       tracks 6.2 / 7.0 quicklist nodes as tail pushes make them.</li>
 * </ul>
 */
@Family(value = "dump", weight = 0.3)
class DumpProperties {

    static Arbitrary<String> dkey() {
        return Arbitraries.of("d1", "d2", "d3");
    }

    /** Elements: small integers, the listpack / ziplist integer edges, words, binary, LZF-friendly runs. */
    static Arbitrary<byte[]> element() {
        return Gen.frequencyOf(
                Tuple.of(4, Arbitraries.integers().between(-20, 200).map(String::valueOf).map(Gen::utf8)),
                Tuple.of(2, Arbitraries.of("127", "128", "-4096", "4095", "-4097", "32767", "-32769", "8388607",
                        "-8388609", "2147483647", "-2147483649", "9223372036854775807", "-9223372036854775808",
                        "01", "+1", "-0", "12345678901234567890").map(Gen::utf8)),
                Tuple.of(3, Arbitraries.strings().withChars("abcxyz").ofMinLength(0).ofMaxLength(8).map(Gen::utf8)),
                Tuple.of(1, Gen.binary(0, 6)),
                Tuple.of(1, Arbitraries.strings().withChars("ab").ofMinLength(21).ofMaxLength(60).map(Gen::utf8)));
    }

    static Arbitrary<List<byte[]>> elements() {
        return element().list().ofMinSize(1).ofMaxSize(5);
    }

    static Arbitrary<String> intMember() {
        return Gen.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(-10, 100).map(String::valueOf)),
                Tuple.of(1, Arbitraries.of("70000", "-70000", "5000000000", "9223372036854775807", "-9223372036854775808")));
    }

    static Arbitrary<String> score() {
        return Gen.frequencyOf(
                Tuple.of(5, Arbitraries.integers().between(-5, 50).map(String::valueOf)),
                Tuple.of(3, Arbitraries.of("0.1", "1.5", "-2.25", "1e17", "4611686018427387904", "4503599627370497",
                        "inf", "-inf", "-0", "123456789.123", "3.0000000000000004", "1e-300")));
    }

    static Arbitrary<String> field() {
        return Arbitraries.of("f1", "f2", "f3", "10", "-1", "counter");
    }

    static Arbitrary<String> streamId() {
        return Arbitraries.of("1-1", "1-2", "2-0", "3-5", "10-0", "10-1", "100-7");
    }

    /** RESTORE's payloads: RDB 9 (valid on every server), corrupt ones, and a version no server knows. */
    static Arbitrary<byte[]> payload() {
        return Arbitraries.of(
                // string "hello"
                "\\x00\\x05hello\\x09\\x00\\xb3\\x80\\x8e\\xba1\\xb2C\\xbb",
                // the same with a wrong checksum, and with RDB version 13
                "\\x00\\x05hello\\x09\\x00\\xb3\\x80\\x8e\\xba1\\xb2C\\xbc",
                "\\x00\\x05hello\\x0d\\x00\\xb3\\x80\\x8e\\xba1\\xb2C\\xbb",
                "short").map(DumpProperties::unescape);
    }

    private static byte[] unescape(String s) {
        List<Byte> out = new ArrayList<>();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && s.charAt(i + 1) == 'x') {
                out.add((byte) Integer.parseInt(s.substring(i + 2, i + 4), 16));
                i += 3;
            } else {
                out.add((byte) c);
            }
        }
        byte[] b = new byte[out.size()];
        for (int i = 0; i < b.length; i++) b[i] = out.get(i);
        return b;
    }

    static Arbitrary<Cmd> writes() {
        Arbitrary<List<String>> zpairs = Combinators.combine(score(), element().map(b -> new String(b, StandardCharsets.ISO_8859_1)))
                .as((s, m) -> List.of(s, m)).list().ofMinSize(1).ofMaxSize(4)
                .map(l -> { List<String> f = new ArrayList<>(); l.forEach(f::addAll); return f; });
        Arbitrary<List<Object>> hpairs = Combinators.combine(field(), element()).as((f, v) -> List.<Object>of(f, v))
                .list().ofMinSize(1).ofMaxSize(3).map(l -> { List<Object> f = new ArrayList<>(); l.forEach(f::addAll); return f; });
        Arbitrary<List<Object>> xfields = Combinators.combine(field(), element()).as((f, v) -> List.<Object>of(f, v))
                .list().ofMinSize(1).ofMaxSize(3).map(l -> { List<Object> f = new ArrayList<>(); l.forEach(f::addAll); return f; });
        return Gen.frequencyOf(
                Tuple.of(3, cmd(word("SET"), dkey(), element())),
                Tuple.of(1, cmd(word("APPEND"), dkey(), element())),
                Tuple.of(1, cmd(word("INCRBY"), dkey(), Arbitraries.of("1", "-300", "100000"))),
                Tuple.of(1, cmd(word("SETRANGE"), dkey(), Arbitraries.of("0", "3", "25"), element())),
                Tuple.of(4, cmd(word("RPUSH"), dkey(), elements())),
                Tuple.of(2, cmd(word("LPUSHX"), dkey(), elements())),
                Tuple.of(1, cmd(word("LSET"), dkey(), Arbitraries.of("0", "-1", "1"), element())),
                Tuple.of(1, cmd(word("LPOP"), dkey())),
                Tuple.of(1, cmd(word("LREM"), dkey(), Arbitraries.of("0", "1"), element())),
                Tuple.of(3, cmd(word("SADD"), dkey(), intMember().list().ofMinSize(1).ofMaxSize(5))),
                Tuple.of(1, cmd(word("SREM"), dkey(), intMember())),
                Tuple.of(3, cmd(word("ZADD"), dkey(), zpairs)),
                Tuple.of(1, cmd(word("ZINCRBY"), dkey(), score(), element())),
                Tuple.of(1, cmd(word("ZREM"), dkey(), element())),
                Tuple.of(3, cmd(word("HSET"), dkey(), hpairs)),
                Tuple.of(1, cmd(word("HINCRBY"), dkey(), Arbitraries.just("counter"), Arbitraries.of("1", "-70000"))),
                Tuple.of(1, cmd(word("HDEL"), dkey(), field())),
                Tuple.of(2, cmd(word("XADD"), dkey(), streamId(), xfields)),
                Tuple.of(1, cmd(word("XDEL"), dkey(), streamId())),
                Tuple.of(1, cmd(word("XGROUP"), Arbitraries.just("CREATE"), dkey(), Arbitraries.of("g1", "g2"), streamId())),
                Tuple.of(1, cmd(word("DEL"), dkey())));
    }

    /**
     * DUMP, RESTORE, OBJECT ENCODING, TYPE. RESTORE's TTLs are 0, far away (99999999 ms; with ABSTTL a
     * deadline long past) or invalid: a TTL that ended during a case would expire on the real server's
     * wall clock only.
     */
    static Arbitrary<Cmd> reads() {
        Arbitrary<List<String>> options = Arbitraries.of(List.<String>of(), List.of("REPLACE"), List.of("ABSTTL"),
                List.of("REPLACE", "ABSTTL"), List.of("IDLETIME", "10"), List.of("FREQ", "5"), List.of("IDLETIME", "-1"),
                List.of("FREQ", "300"), List.of("IDLETIME", "1", "FREQ", "1"), List.of("FOO"), List.of("REPLACE", "IDLETIME"));
        return Gen.frequencyOf(
                Tuple.of(8, cmd(word("DUMP"), dkey())),
                Tuple.of(1, cmd(word("DUMP"), Arbitraries.just("nokey"))),
                Tuple.of(3, cmd(word("RESTORE"), dkey(), Arbitraries.of("0", "0", "-1", "x", "99999999"), payload(), options)),
                Tuple.of(2, cmd(word("OBJECT"), Arbitraries.just("ENCODING"), dkey())),
                Tuple.of(1, cmd(word("TYPE"), dkey())));
    }

    /** RPUSH of 100–400 elements: a list of several quicklist nodes, a sorted set / intset past its compact limit. */
    static Arbitrary<Cmd> grow() {
        Arbitrary<Cmd> list = Combinators.combine(dkey(), Arbitraries.integers().between(100, 400), element()).as((k, n, e) -> {
            List<byte[]> argv = new ArrayList<>(List.of(Gen.utf8("RPUSH"), Gen.utf8(k)));
            for (int i = 0; i < n; i++) argv.add(i % 7 == 0 ? e : Gen.utf8("item-" + i));
            return Cmd.of(argv);
        });
        Arbitrary<Cmd> zset = Combinators.combine(dkey(), Arbitraries.integers().between(120, 140)).as((k, n) -> {
            List<String> argv = new ArrayList<>(List.of("ZADD", k));
            for (int i = 0; i < n; i++) {
                argv.add(Double.toString(i * 0.37));
                argv.add("m" + i);
            }
            return Cmd.of(argv.toArray(new String[0]));
        });
        Arbitrary<Cmd> set = Combinators.combine(dkey(), Arbitraries.integers().between(100, 300)).as((k, n) -> {
            List<String> argv = new ArrayList<>(List.of("SADD", k));
            for (int i = 0; i < n; i++) argv.add(Integer.toString(i * 37 - 500));
            return Cmd.of(argv.toArray(new String[0]));
        });
        return Gen.oneOf(list, zset, set);
    }

    @Provide
    Arbitrary<Integer> protocol() {
        return Chains.protocols();
    }

    @Provide
    Arbitrary<ActionChain<Duo>> chains() {
        return Chains.of(25, Gen.frequencyOf(Tuple.of(6, writes()), Tuple.of(4, reads()), Tuple.of(1, grow())));
    }

    @Property
    void dumpAndRestore(@ForAll("protocol") int protocol, @ForAll("chains") ActionChain<Duo> chain) {
        Duo.runChain(this, protocol, chain);
    }
}
