package io.redisdouble.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redisdouble.dialect.Dialect;
import org.junit.jupiter.api.Test;

/**
 * LOLWUT where lolwut.txt cannot compare it: the arts redis-double does not draw (6.2's default, version
 * 6; 8.0's default) are refused by name rather than answered with another art, and version 5's random
 * art has real 7.0.15's size for the default arguments (49 lines of 66 Braille characters, an empty line,
 * then the trailer line).
 */
class LolwutCommandTest {
    @Test
    void artsNotDrawnAreRefused() {
        assertEquals("-ERR redis-double does not implement 'lolwut version 6' yet\r\n",
                new EngineHarness(Dialect.REDIS_6_2, null).run("LOLWUT"));
        assertEquals("-ERR redis-double does not implement 'lolwut version 6' yet\r\n",
                new EngineHarness().run("LOLWUT VERSION 6"));
        assertEquals("-ERR redis-double does not implement 'lolwut version 8' yet\r\n",
                new EngineHarness(Dialect.REDIS_8_0, null).run("LOLWUT"));
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
