package io.redisdouble.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MainVersionTest {

    @Test
    void refusesAnUnsupportedVersionListingTheSupportedOnes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int rc = Main.run(new String[] {"--port", "0", "--redis-version", "8.2"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, rc);
        assertEquals("redis-double: bad value for '--redis-version': unsupported Redis version '8.2' (supported: 6.2, 7.0, 7.2, 7.4, 8.0, valkey-8.0)\n",
                err.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }
}
