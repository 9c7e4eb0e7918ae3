package io.redisdouble.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class RespCliTest {

    @Test
    void bareAndQuoted() {
        assertEquals("SET k v", RespCli.commandLine("SET", "k", "v"));
        assertEquals("SET \"my key\" \"\"", RespCli.commandLine("SET", "my key", ""));
        assertEquals("ECHO \"it's\"", RespCli.commandLine("ECHO", "it's"));
        assertEquals("ECHO \"\\xc3\\xa9\"", RespCli.commandLine("ECHO", "é"));
        byte[] bin = {0, (byte) 0xff, '"', '\\', '\n', '\r', '\t', 7, '\b', 'z'};
        assertEquals("\"\\x00\\xff\\\"\\\\\\n\\r\\t\\a\\bz\"", RespCli.quote(bin));
        assertEquals("GET a", RespCli.commandLine(List.of("GET".getBytes(StandardCharsets.US_ASCII),
                "a".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void parsesLikeRedisCli() {
        List<byte[]> args = RespCli.parse("  SET \"a\\x41\\n\" 'it\\'s' b\"c d\" \\x41  ");
        assertEquals(5, args.size());
        assertEquals("SET", new String(args.get(0), StandardCharsets.ISO_8859_1));
        assertEquals("aA\n", new String(args.get(1), StandardCharsets.ISO_8859_1));
        assertEquals("it's", new String(args.get(2), StandardCharsets.ISO_8859_1));
        assertEquals("bc d", new String(args.get(3), StandardCharsets.ISO_8859_1));
        assertEquals("\\x41", new String(args.get(4), StandardCharsets.ISO_8859_1));
        assertEquals(0, RespCli.parse("   ").size());
        assertThrows(IllegalArgumentException.class, () -> RespCli.parse("GET \"abc"));
        assertThrows(IllegalArgumentException.class, () -> RespCli.parse("GET \"a\"b"));
        assertThrows(IllegalArgumentException.class, () -> RespCli.parse("GET 'a"));
    }

    @Property(tries = 300)
    void commandLineRoundTrips(@ForAll("argvs") List<byte[]> argv) {
        String line = RespCli.commandLine(argv);
        List<byte[]> back = RespCli.parse(line);
        assertEquals(argv.size(), back.size(), line);
        for (int i = 0; i < argv.size(); i++) {
            assertArrayEquals(argv.get(i), back.get(i), line);
        }
    }

    @Provide
    Arbitrary<List<byte[]>> argvs() {
        Arbitrary<Byte> interesting = Arbitraries.of((byte) ' ', (byte) '"', (byte) '\'', (byte) '\\', (byte) 'x',
                (byte) '4', (byte) 'a', (byte) '\n', (byte) '\r', (byte) 0, (byte) 0xff, (byte) 7);
        Arbitrary<Byte> any = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, interesting), net.jqwik.api.Tuple.of(1, Arbitraries.bytes()));
        return any.array(byte[].class).ofMaxSize(12).list().ofMaxSize(5);
    }
}
