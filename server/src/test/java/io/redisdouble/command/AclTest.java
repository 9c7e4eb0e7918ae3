package io.redisdouble.command;

import io.redisdouble.dialect.Dialect;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the conformance files cannot compare byte for byte (ACL LOG entries carry the client's address
 * and their age on the server clock; killed clients). The expected shapes and values were taken from
 * real Redis 7.0.15 and 7.2.6 (ACL LOG after two refused PINGs: count 2, reason command, context
 * toplevel, object ping, age-seconds 0, client-info with cmd=ping user=zed; 7.2 adds entry-id 0 and
 * the two timestamps in ms). Rules and replies themselves are in acl.txt / acl-selectors.txt.
 */
class AclTest {
    private static String bulk(String s) {
        return "$" + s.length() + "\r\n" + s + "\r\n";
    }

    @Test
    void logGroupsRefusalsAndAgesOnTheServerClock() {
        EngineHarness h = new EngineHarness(Dialect.REDIS_7_0, null);
        h.run("ACL SETUSER zed on nopass ~* &* +@all -ping");
        h.run("AUTH zed x");
        assertEquals("-NOPERM this user has no permissions to run the 'ping' command\r\n", h.run("PING"));
        h.advance(Duration.ofMillis(500));
        h.run("PING");
        h.advance(Duration.ofMillis(1000));
        String log = h.run("ACL LOG");
        assertTrue(log.startsWith("*1\r\n*14\r\n" + bulk("count") + ":2\r\n" + bulk("reason") + bulk("command")
                + bulk("context") + bulk("toplevel") + bulk("object") + bulk("ping") + bulk("username") + bulk("zed")
                + bulk("age-seconds") + bulk("1") + bulk("client-info")), log);
        assertTrue(log.contains(" cmd=ping user=zed redir=-1"), log);
        h.run("AUTH nosuch wrong");
        String two = h.run("ACL LOG 1");
        assertTrue(two.contains(bulk("auth") + bulk("context") + bulk("toplevel") + bulk("object") + bulk("AUTH")
                + bulk("username") + bulk("nosuch")), two);
        assertEquals("+OK\r\n", h.run("ACL LOG RESET"));
        assertEquals("*0\r\n", h.run("ACL LOG"));
    }

    @Test
    void logEntriesOf72CarryIdsAndTimestamps() {
        EngineHarness h = new EngineHarness(Dialect.REDIS_7_2, null);
        h.run("ACL SETUSER zed on nopass ~* &* +@all -ping");
        h.run("AUTH zed x");
        assertEquals("-NOPERM User zed has no permissions to run the 'ping' command\r\n", h.run("PING"));
        long created = h.time.currentTimeMillis();
        h.advance(Duration.ofMillis(250));
        h.run("PING");
        String log = h.run("ACL LOG");
        assertTrue(log.startsWith("*1\r\n*20\r\n"), log);
        assertTrue(log.endsWith(bulk("entry-id") + ":0\r\n" + bulk("timestamp-created") + ":" + created + "\r\n"
                + bulk("timestamp-last-updated") + ":" + (created + 250) + "\r\n"), log);
    }

    @Test
    void queuedAndScriptRefusalsAreLoggedWithTheirContext() {
        EngineHarness h = new EngineHarness(Dialect.REDIS_7_0, null);
        h.run("ACL SETUSER u on nopass ~* &* +@all -set");
        h.run("AUTH u x");
        h.run("MULTI");
        assertEquals("-NOPERM this user has no permissions to run the 'set' command\r\n", h.run("SET k v"));
        h.run("DISCARD");
        assertTrue(h.run("EVAL \"return redis.call('set','k','v')\" 0")
                .contains("The user executing the script can't run this command or subcommand"));
        String log = h.run("ACL LOG");
        assertTrue(log.startsWith("*2\r\n"), log);
        assertTrue(log.contains(bulk("context") + bulk("lua")), log);
        assertTrue(log.contains(bulk("context") + bulk("multi")), log);
    }

    @Test
    void deletingAUserClosesItsClientsAndRevokedChannelsCloseSubscribers() {
        EngineHarness h = new EngineHarness(Dialect.REDIS_7_0, null);
        h.run("ACL SETUSER a on nopass ~* &ch* +@all");
        Session other = h.newSession();
        h.run(other, "AUTH a x");
        assertTrue(h.run(other, "CLIENT INFO").contains(" user=a "));
        h.run(other, "SUBSCRIBE ch1");
        h.run("ACL SETUSER a &ch*");
        assertFalse(other.isClosing());
        h.run("ACL SETUSER a resetchannels &other");
        assertTrue(other.isClosing() || other.isClosingAsap());

        Session third = h.newSession();
        h.run(third, "AUTH a x");
        assertEquals(":1\r\n", h.run("ACL DELUSER a"));
        assertTrue(third.isClosing() || third.isClosingAsap());
    }

    @Test
    void requirepassIsTheDefaultUsersPassword() {
        EngineHarness h = new EngineHarness(Dialect.REDIS_7_0, "secret");
        assertEquals("-NOAUTH Authentication required.\r\n", h.run("PING"));
        assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n", h.run("AUTH default nope"));
        assertEquals("+OK\r\n", h.run("AUTH default secret"));
        assertEquals(bulk("default"), h.run("ACL WHOAMI"));
        h.run("CONFIG SET requirepass other");
        assertTrue(h.run("ACL LIST").contains("#" + Acl.hash("other".getBytes())));
        // The default user made passwordless lets unauthenticated clients in (authRequired is dynamic).
        Session fresh = h.newSession();
        assertEquals("-NOAUTH Authentication required.\r\n", h.run(fresh, "PING"));
        h.run("ACL SETUSER default nopass");
        assertEquals("+PONG\r\n", h.run(fresh, "PING"));
    }

    /**
     * aclfile: loaded at start, ACL SAVE writes ACL LIST's lines, ACL LOAD replaces the users or (on any
     * error) changes nothing and answers every error. The texts were taken from redis-server 7.0.15
     * started with --aclfile on the same files.
     */
    @Test
    void aclFileLoadAndSave(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path f = dir.resolve("users.acl");
        java.nio.file.Files.writeString(f, "user alice on >pw ~k* &ch +get\nuser default on nopass ~* &* +@all\n\n"
                + "user bob off resetchannels -@all +set\n");
        EngineHarness h = new EngineHarness(Dialect.REDIS_7_0, null);
        h.engine.loadAclAtStart(f.toString(), java.util.List.of());
        assertEquals("*3\r\n" + bulk("user alice on #30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4"
                + " ~k* resetchannels &ch -@all +get") + bulk("user bob off resetchannels -@all +set")
                + bulk("user default on nopass ~* &* +@all"), h.run("ACL LIST"));
        h.run("ACL SETUSER carol on nopass ~* +@all");
        assertEquals("+OK\r\n", h.run("ACL SAVE"));
        assertEquals("user alice on #30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4 ~k* resetchannels &ch -@all +get\n"
                + "user bob off resetchannels -@all +set\nuser carol on nopass ~* resetchannels +@all\n"
                + "user default on nopass ~* &* +@all\n", java.nio.file.Files.readString(f));
        java.nio.file.Files.writeString(f, "user x on +nosuch\nfoo bar\nuser x on\nuser y on ~a ~* badop\n");
        assertEquals("-ERR " + f + ":1: Error in applying operation '+nosuch': Unknown command or category name in ACL. "
                + f + ":2 should start with user keyword followed by the username. WARNING: Duplicate user 'x' found on line 3. "
                + f + ":4: Syntax error. WARNING: ACL errors detected, no change to the previously active ACL rules was performed\r\n",
                h.run("ACL LOAD"));
        assertEquals("*4\r\n" + bulk("alice") + bulk("bob") + bulk("carol") + bulk("default"), h.run("ACL USERS"));
        java.nio.file.Files.writeString(f, "user zed on nopass ~* +@all\n");
        assertEquals("+OK\r\n", h.run("ACL LOAD"));
        assertEquals("*2\r\n" + bulk("default") + bulk("zed"), h.run("ACL USERS"));
        java.nio.file.Files.delete(f);
        assertEquals("-ERR Error loading ACLs, opening file '" + f + "': No such file or directory\r\n", h.run("ACL LOAD"));
    }
}
