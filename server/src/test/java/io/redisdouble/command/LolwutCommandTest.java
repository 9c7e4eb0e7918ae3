package io.redisdouble.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redisdouble.dialect.Dialect;
import org.junit.jupiter.api.Test;

/**
 * LOLWUT where lolwut.txt cannot compare it: 8.0's default art, which redis-double does not draw, is refused
 * by name rather than answered with another art; the random arts have real servers' sizes for the default
 * arguments: version 5 (7.0.15) 49 lines of 66 Braille characters, an empty line, the trailer; version 6
 * (6.2.7) 20 lines of 80 coloured cells, then two trailer lines.
 */
class LolwutCommandTest {
    @Test
    void artsNotDrawnAreRefused() {
        assertEquals("-ERR redis-double does not implement 'lolwut version 8' yet\r\n",
                new EngineHarness(Dialect.REDIS_8_0, null).run("LOLWUT"));
    }

    @Test
    void skylineHasRedisSize() {
        String r = new EngineHarness(Dialect.REDIS_6_2, null).run("LOLWUT");
        String body = r.substring(r.indexOf("\r\n") + 2, r.length() - 2);
        String[] lines = body.split("\n");
        assertEquals(22, lines.length);
        for (int i = 0; i < 20; i++) assertEquals(80, lines[i].split(" \u001b\\[0m", -1).length - 1, "line " + i);
        assertTrue(body.endsWith("\nDedicated to the 8 bit game developers of past and present.\n"
                + "Original 8 bit image from Plaguemon by hikikomori. Redis ver. 6.2.7\n"));
    }

    @Test
    void schotterHasRedisSize() {
        String r = new EngineHarness().run("LOLWUT VERSION 5");
        String body = r.substring(r.indexOf("\r\n") + 2, r.length() - 2);
        String[] lines = body.split("\n");
        assertEquals(51, lines.length);
        for (int i = 0; i < 49; i++) assertEquals(66, lines[i].codePointCount(0, lines[i].length()), "line " + i);
        assertEquals("", lines[49]);
        assertTrue(body.endsWith("\nGeorg Nees - schotter, plotter on paper, 1968. Redis ver. 7.0.15\n"));
    }
}
