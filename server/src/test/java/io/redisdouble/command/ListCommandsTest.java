package io.redisdouble.command;

import io.redisdouble.resp.Reply;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Blocking list commands inside the engine, where the cases that depend on the network's timing can be
 * set up exactly: a blocked client whose connection is already closed (but whose close the engine has
 * not processed yet) is never served, so the element stays for the next client; timeouts on the manual
 * clock. Replies on the wire are compared with real Redis in list.txt and the conformance harnesses.
 */
class ListCommandsTest {
    /** A client whose link can be marked closed, as a socket whose EOF was read before its close event. */
    private static final class Client {
        final java.util.List<Reply> pushed = new java.util.ArrayList<>();
        boolean open = true;
        final Session session;

        Client(Engine engine) {
            session = engine.connect(new Session.Link() {
                @Override
                public void push(Reply reply) {
                    pushed.add(reply);
                }

                @Override
                public void closeAfterReply() {}

                @Override
                public String peerAddress() {
                    return "127.0.0.1:1";
                }

                @Override
                public String localAddress() {
                    return "127.0.0.1:6379";
                }

                @Override
                public boolean isOpen() {
                    return open;
                }
            });
        }
    }

    @Test
    void aClosedBlockedClientIsSkippedAndTheNextServed() {
        EngineHarness h = new EngineHarness();
        Client gone = new Client(h.engine);
        Client next = new Client(h.engine);
        assertNull(h.reply(gone.session, "BLPOP q 0"));
        assertNull(h.reply(next.session, "BLMOVE q dst LEFT LEFT 0"));
        gone.open = false; // its EOF was read; the engine has not been told yet
        assertEquals(":2\r\n", h.run("RPUSH q a b"));
        assertTrue(gone.pushed.isEmpty(), "a closed client got " + gone.pushed);
        assertEquals(1, next.pushed.size());
        assertEquals("*1\r\n$1\r\nb\r\n", h.run("LRANGE q 0 -1"));
        assertEquals("*1\r\n$1\r\na\r\n", h.run("LRANGE dst 0 -1"));
        assertEquals(":0\r\n", h.run("EXISTS q2"));
        assertTrue(h.run("INFO clients").contains("blocked_clients:0\r\n"));
    }

    @Test
    void timeoutsPassOnTheManualClockOnly() {
        EngineHarness h = new EngineHarness();
        Client a = new Client(h.engine);
        assertNull(h.reply(a.session, "BRPOPLPUSH q dst 1.5"));
        h.advance(Duration.ofMillis(1499));
        assertTrue(a.pushed.isEmpty());
        h.advance(Duration.ofMillis(1));
        assertEquals(Reply.NIL_ARRAY, a.pushed.get(0)); // replyToBlockedClientTimedOut: a null array
        assertTrue(h.run("INFO clients").contains("blocked_clients:0\r\n"));
    }
}
