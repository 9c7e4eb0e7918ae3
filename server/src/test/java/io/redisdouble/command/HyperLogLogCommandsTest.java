package io.redisdouble.command;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * HyperLogLog in the engine where sockets do not help: a value read before an edit keeps its bytes
 * (values are shared with replies, edits copy), TTLs on the manual clock. Replies and stored bytes are
 * compared with real Redis in hyperloglog.txt, the kit and the client tests.
 */
class HyperLogLogCommandsTest {
    private static String text(EngineHarness h, io.redisdouble.resp.Reply r) {
        return io.redisdouble.util.Bytes.str(io.redisdouble.resp.RespEncoder.toBytes(r, h.session.proto(), h.engine.dialect()));
    }

    @Test
    void aReplyHeldBeforeAnEditKeepsItsBytes() {
        EngineHarness h = new EngineHarness();
        h.run("PFADD h a");
        io.redisdouble.resp.Reply held = h.reply(h.session, "GET h");
        String heldText = text(h, held);
        h.run("PFADD h b c d");
        h.run("PFCOUNT h");
        assertEquals(heldText, text(h, held));
        assertNotEquals(heldText, h.run("GET h"));
    }

    @Test
    void editsKeepTheTtlAndAnExpiredHllIsGone() {
        EngineHarness h = new EngineHarness();
        h.run("PFADD h a");
        h.run("EXPIRE h 10");
        h.run("PFADD h b");
        h.run("PFCOUNT h");
        h.run("PFMERGE h");
        assertEquals(":10\r\n", h.run("TTL h"));
        h.advance(Duration.ofSeconds(11));
        assertEquals(":0\r\n", h.run("PFCOUNT h"));
        assertEquals(":0\r\n", h.run("EXISTS h"));
    }
}
