package io.redisdouble.command;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EngineSmokeTest {
    @Test
    void unknownCommandAndArityErrorsUseRedisWording() {
        EngineHarness h = new EngineHarness();
        assertEquals("-ERR unknown command 'foo', with args beginning with: 'a' 'b' \r\n", h.run("foo a b"));
        assertEquals("-ERR wrong number of arguments for 'echo' command\r\n", h.run("ECHO"));
        assertEquals("+PONG\r\n", h.run("ping"));
        assertEquals("$2\r\nhi\r\n", h.run("PING hi"));
    }

    @Test
    void sixTwoUsesBackquotesInUnknownCommand() {
        EngineHarness h = new EngineHarness(io.redisdouble.dialect.Dialect.REDIS_6_2, null);
        assertEquals("-ERR unknown command `foo`, with args beginning with: `a`, `b`, \r\n", h.run("foo a b"));
    }
}
