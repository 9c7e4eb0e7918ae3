package io.redisdouble.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.redisdouble.RedisDouble;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceRedis;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Issue #15 item 11: a protocol fuzzer. Valid requests (multibulk and inline) are mutated — a byte
 * changed, bytes inserted, a range deleted, the input cut short, a length or count rewritten — and sent
 * on a fresh connection to real Redis 7.0.15 and to the double; the replies (as bytes) and whether the
 * server closed the connection must be the same. Runs with a fixed seed in CI (testing.Seeds, from
 * -Dkit.seed); -Dkit.seed=random explores, and -Djqwik.tries.default or the tries below run longer.
 * Inputs stay under 64 KB, where Redis's own read sizes decide (see ProtocolConformanceTest).
 */
class ProtocolFuzzProperties {
    private static final String[] BASE = {
            "*1\r\n$4\r\nPING\r\n",
            "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nvalue\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n",
            "*2\r\n$4\r\nECHO\r\n$11\r\nhello world\r\n",
            "PING\r\nECHO \"a b\" 'c'\r\n",
            "*4\r\n$5\r\nRPUSH\r\n$1\r\nl\r\n$1\r\na\r\n$2\r\nbc\r\n*4\r\n$6\r\nLRANGE\r\n$1\r\nl\r\n$1\r\n0\r\n$2\r\n-1\r\n",
            "*2\r\n$4\r\nINCR\r\n$1\r\nn\r\nGET n\r\n",
    };

    private static RedisDouble dbl;

    private static synchronized RedisDouble dbl() {
        if (dbl == null) dbl = RedisDouble.builder().version("7.0").start();
        return dbl;
    }

    @AfterContainer
    static void stop() {
        if (dbl != null) dbl.close();
        dbl = null;
    }

    record Mutation(int base, int kind, int at, int length, byte[] bytes) {}

    @Provide
    Arbitrary<Mutation> mutations() {
        return Combinators.combine(
                Arbitraries.integers().between(0, BASE.length - 1),
                Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(0, 10_000),
                Arbitraries.integers().between(1, 8),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(6)
                        .injectDuplicates(0.1).edgeCases(e -> e.add(new byte[] {'\r'})).map(b -> b))
                .as(Mutation::new);
    }

    /** The base request with the mutation applied. */
    static byte[] mutate(Mutation m) {
        byte[] in = BASE[m.base()].getBytes(StandardCharsets.ISO_8859_1);
        int at = m.at() % (in.length + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (m.kind()) {
            case 0 -> { // change one byte
                byte[] copy = in.clone();
                copy[Math.min(at, in.length - 1)] = m.bytes()[0];
                return copy;
            }
            case 1 -> { // insert bytes
                out.write(in, 0, at);
                out.writeBytes(m.bytes());
                out.write(in, at, in.length - at);
            }
            case 2 -> { // delete a range
                int end = Math.min(in.length, at + m.length());
                out.write(in, 0, at);
                out.write(in, end, in.length - end);
            }
            case 3 -> out.write(in, 0, at); // cut short
            case 4 -> { // a count or length rewritten: the digits after the n-th '*' or '$'
                String s = BASE[m.base()];
                int n = 0;
                for (int i = 0; i < s.length(); i++) {
                    char ch = s.charAt(i);
                    if ((ch == '*' || ch == '$') && n++ == at % 8) {
                        int j = i + 1;
                        while (j < s.length() && s.charAt(j) != '\r') j++;
                        String digits = new String[] {"-1", "0", "-5", "999999999999", "+3", "3 ", "", "2147483648"}[m.length() - 1];
                        return (s.substring(0, i + 1) + digits + s.substring(j)).getBytes(StandardCharsets.ISO_8859_1);
                    }
                }
                return in;
            }
            default -> { // the request twice, the second one cut
                out.writeBytes(in);
                out.write(in, 0, at);
            }
        }
        return out.toByteArray();
    }

    @Property(tries = 120)
    void mutatedRequestsGetTheSameRepliesAndTheSameClose(@ForAll("mutations") Mutation m) {
        ReferenceRedis real = ReferenceRedis.forVersion("7.0");
        RedisDouble d = dbl();
        for (String[] hp : new String[][] {{real.host(), Integer.toString(real.port())}, {d.host(), Integer.toString(d.port())}}) {
            try (RawRedisClient c = new RawRedisClient(hp[0], Integer.parseInt(hp[1]))) {
                c.call("FLUSHALL");
            }
        }
        byte[] input = mutate(m);
        ProtocolConformanceTest.Exchange expected = ProtocolConformanceTest.exchange(real.host(), real.port(), input, null);
        ProtocolConformanceTest.Exchange actual = ProtocolConformanceTest.exchange(d.host(), d.port(), input, expected);
        assertEquals(expected.toString(), actual.toString(), "input: " + RawRedisClient.printable(input));
    }
}
