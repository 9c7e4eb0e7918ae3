package io.redisdouble.kit;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The relaxations relax only what they name: errors, negatives and lengths stay exact. */
class CompareTest {

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void exactComparesBytes() {
        assertNull(Compare.EXACT.mismatch(b(":1\r\n"), b(":1\r\n")));
        assertNotNull(Compare.EXACT.mismatch(b("$3\r\n1.1\r\n"), b("$18\r\n1.1000000000000001\r\n")));
    }

    @Test
    void unorderedAcceptsPermutationsOnly() {
        Compare c = Compare.unordered("test");
        assertNull(c.mismatch(b("*2\r\n$1\r\na\r\n$1\r\nb\r\n"), b("*2\r\n$1\r\nb\r\n$1\r\na\r\n")));
        assertNotNull(c.mismatch(b("*2\r\n$1\r\na\r\n$1\r\na\r\n"), b("*2\r\n$1\r\na\r\n$1\r\nb\r\n")));
        assertNotNull(c.mismatch(b("*1\r\n$1\r\na\r\n"), b("*2\r\n$1\r\na\r\n$1\r\nb\r\n")));
        assertNotNull(c.mismatch(b("*2\r\n$1\r\na\r\n$1\r\nb\r\n"), b("~2\r\n$1\r\nb\r\n$1\r\na\r\n")));
        assertNotNull(c.mismatch(b("-ERR x\r\n"), b("-ERR y\r\n")));
    }

    @Test
    void unorderedPairsKeepPairsTogether() {
        Compare c = Compare.unorderedPairs("test");
        String ab = "*4\r\n$1\r\nf\r\n$1\r\n1\r\n$1\r\ng\r\n$1\r\n2\r\n";
        String ba = "*4\r\n$1\r\ng\r\n$1\r\n2\r\n$1\r\nf\r\n$1\r\n1\r\n";
        String swapped = "*4\r\n$1\r\nf\r\n$1\r\n2\r\n$1\r\ng\r\n$1\r\n1\r\n";
        assertNull(c.mismatch(b(ab), b(ba)));
        assertNotNull(c.mismatch(b(ab), b(swapped)));
    }

    @Test
    void nearRelaxesNonNegativeIntegersOnly() {
        Compare c = Compare.near(1, "test");
        assertNull(c.mismatch(b(":100\r\n"), b(":99\r\n")));
        assertNotNull(c.mismatch(b(":100\r\n"), b(":98\r\n")));
        assertNotNull(c.mismatch(b(":-1\r\n"), b(":-2\r\n")));
        assertNotNull(c.mismatch(b(":0\r\n"), b(":-1\r\n")));
        assertNotNull(c.mismatch(b(":1\r\n"), b("$1\r\n1\r\n")));
        assertNotNull(c.mismatch(b("-ERR a\r\n"), b("-ERR b\r\n")));
    }

    @Test
    void shapeComparesTypesAndLengths() {
        Compare c = Compare.shape("test");
        assertNull(c.mismatch(b("$2\r\nk1\r\n"), b("$2\r\nk2\r\n")));
        assertNotNull(c.mismatch(b("$2\r\nk1\r\n"), b("$-1\r\n")));
        assertNotNull(c.mismatch(b("*1\r\n$1\r\na\r\n"), b("*2\r\n$1\r\na\r\n$1\r\nb\r\n")));
    }

    @Test
    void helloIgnoresOnlyTheConnectionId() {
        String a = "%2\r\n$2\r\nid\r\n:5\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n";
        String same = "%2\r\n$2\r\nid\r\n:9\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n";
        String other = "%2\r\n$2\r\nid\r\n:9\r\n$7\r\nversion\r\n$5\r\n6.2.7\r\n";
        assertNull(Compare.HELLO.mismatch(b(a), b(same)));
        assertNotNull(Compare.HELLO.mismatch(b(a), b(other)));
    }
}
