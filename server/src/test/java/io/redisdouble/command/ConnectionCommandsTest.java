package io.redisdouble.command;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.dialect.Quirk;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Connection commands. Every expected reply below was taken from real Redis 7.0.15 / 6.2.7 (started with
 * {@code --save '' --appendonly no}, with and without {@code --requirepass}), except where a comment says
 * the value is one a real server cannot reproduce (client ids, addresses).
 */
class ConnectionCommandsTest {
    private static final Dialect V6 = Dialect.REDIS_6_2;

    static String helloReply(String version, int proto, long id) {
        return helloReply("redis", version, proto, id);
    }

    /** HELLO's map from a server named {@code server} ("redis", "valkey"). */
    static String helloReply(String server, String version, int proto, long id) {
        String head = proto == 3 ? "%7\r\n" : "*14\r\n";
        return head + "$6\r\nserver\r\n$" + server.length() + "\r\n" + server + "\r\n$7\r\nversion\r\n$" + version.length() + "\r\n" + version
                + "\r\n$5\r\nproto\r\n:" + proto + "\r\n$2\r\nid\r\n:" + id
                + "\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n";
    }

    // ---- HELLO -------------------------------------------------------------------------------------------

    @Test
    void helloRepliesWithServerMapAndSwitchesProtocol() {
        for (Dialect v : Dialect.supported()) {
            EngineHarness h = new EngineHarness(v, null);
            long id = h.session.id();
            assertEquals(helloReply(v.server(), v.full(), 2, id), h.run("HELLO"));
            assertEquals(helloReply(v.server(), v.full(), 3, id), h.run("HELLO 3"));
            assertEquals(3, h.session.proto());
            assertEquals("_\r\n", h.run("CLIENT GETNAME"));
            assertEquals(helloReply(v.server(), v.full(), 3, id), h.run("hello"));
            assertEquals(helloReply(v.server(), v.full(), 2, id), h.run("HELLO 2"));
            assertEquals("$-1\r\n", h.run("CLIENT GETNAME"));
        }
    }

    @Test
    void helloErrors() {
        for (Dialect v : Dialect.supported()) {
            EngineHarness h = new EngineHarness(v, null);
            assertEquals("-NOPROTO unsupported protocol version\r\n", h.run("HELLO 4"));
            assertEquals("-NOPROTO unsupported protocol version\r\n", h.run("HELLO 1"));
            assertEquals("-NOPROTO unsupported protocol version\r\n", h.run("HELLO -1"));
            assertEquals("-ERR Protocol version is not an integer or out of range\r\n", h.run("HELLO abc"));
            assertEquals("-ERR Protocol version is not an integer or out of range\r\n", h.run("HELLO 99999999999999999999"));
            assertEquals("-ERR Syntax error in HELLO option 'AUTH'\r\n", h.run("HELLO 3 AUTH"));
            assertEquals("-ERR Syntax error in HELLO option 'auth'\r\n", h.run("HELLO 3 auth default"));
            assertEquals("-ERR Syntax error in HELLO option 'SETNAME'\r\n", h.run("HELLO 3 SETNAME"));
            assertEquals("-ERR Syntax error in HELLO option 'FOO'\r\n", h.run("HELLO 3 FOO"));
            assertEquals("-ERR Client names cannot contain spaces, newlines or special characters.\r\n",
                    h.run("HELLO 3 SETNAME \"a b\""));
            // the name is validated while parsing, before AUTH is tried
            // options act left to right: the first failing one answers (7.2: names are all checked first)
            boolean parsedFirst = v.has(Quirk.HELLO_OPTIONS_BEFORE_AUTH);
            assertEquals("-ERR Client names cannot contain spaces, newlines or special characters.\r\n",
                    h.run("HELLO 3 SETNAME \"a b\" AUTH foo bar"));
            assertEquals(parsedFirst ? "-ERR Client names cannot contain spaces, newlines or special characters.\r\n"
                    : "-WRONGPASS invalid username-password pair or user is disabled.\r\n",
                    h.run("HELLO 3 AUTH foo bar SETNAME \"a b\""));
            assertEquals(2, h.session.proto(), "a failed HELLO does not switch the protocol");
            assertEquals("-ERR Syntax error in HELLO option 'FOO'\r\n", h.run("HELLO 3 SETNAME y FOO"));
            assertEquals(parsedFirst ? "$-1\r\n" : "$1\r\ny\r\n", h.run("CLIENT GETNAME"),
                    "...but a name set before the error stays (7.0; 7.2 sets none)");
        }
    }

    @Test
    void helloSetnameLastOneWinsAndAuthDefaultWorksWithoutPassword() {
        EngineHarness h = new EngineHarness();
        assertEquals(helloReply("7.0.15", 3, h.session.id()), h.run("HELLO 3 setname x setname y"));
        assertEquals("$1\r\ny\r\n", h.run("CLIENT GETNAME"));
        assertEquals(helloReply("7.0.15", 3, h.session.id()), h.run("HELLO 3 AUTH default anything SETNAME a"));
        assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n", h.run("HELLO 3 AUTH foo x"));
    }

    @Test
    void helloWithRequirepass() {
        for (Dialect v : Dialect.supported()) {
            EngineHarness h = new EngineHarness(v, "secret");
            boolean parsedFirst = v.has(Quirk.HELLO_OPTIONS_BEFORE_AUTH);
            String noauth = "-NOAUTH HELLO must be called with the client already authenticated, otherwise the "
                    + "HELLO " + (parsedFirst ? "<proto> " : "") + "AUTH <user> <pass> option can be used to "
                    + "authenticate the client and select the RESP protocol version at the same time\r\n";
            assertEquals(noauth, h.run("HELLO"));
            assertEquals(noauth, h.run("HELLO 3"));
            assertEquals(noauth, h.run("HELLO 3 SETNAME x"));
            assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n",
                    h.run("HELLO 3 SETNAME z AUTH default wrong"));
            assertEquals("-ERR Protocol version is not an integer or out of range\r\n", h.run("HELLO abc"));
            assertEquals("-NOPROTO unsupported protocol version\r\n", h.run("HELLO 4"));
            assertEquals("-ERR Syntax error in HELLO option 'FOO'\r\n", h.run("HELLO 3 FOO"));
            assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n",
                    h.run("HELLO 3 AUTH default wrong"));
            assertEquals("-NOAUTH Authentication required.\r\n", h.run("PING"));
            assertEquals(2, h.session.proto());
            assertEquals(helloReply(v.server(), v.full(), 3, h.session.id()), h.run("HELLO 3 AUTH default secret SETNAME n"));
            assertEquals("+PONG\r\n", h.run("PING"));
            assertEquals("$1\r\nn\r\n", h.run("CLIENT GETNAME"));
            EngineHarness h2 = new EngineHarness(v, "secret");
            assertEquals(noauth, h2.run("HELLO 3 SETNAME x"));
            h2.run("AUTH secret");
            assertEquals(parsedFirst ? "$-1\r\n" : "$1\r\nx\r\n", h2.run("CLIENT GETNAME"),
                    "SETNAME acted before the NOAUTH check (7.0; 7.2 names only once authenticated)");
            h2.run("RESET");
            assertEquals("-ERR Syntax error in HELLO option 'FOO'\r\n", h2.run("HELLO 3 AUTH default secret FOO"));
            assertEquals(parsedFirst ? "-NOAUTH Authentication required.\r\n" : "+PONG\r\n", h2.run("PING"),
                    "AUTH acted before the syntax error (7.0; 7.2 parses everything first)");
        }
    }

    // ---- AUTH --------------------------------------------------------------------------------------------

    @Test
    void authWithoutPasswordConfigured() {
        for (Dialect v : Dialect.supported()) {
            EngineHarness h = new EngineHarness(v, null);
            assertEquals("-ERR AUTH <password> called without any password configured for the default user. "
                    + "Are you sure your configuration is correct?\r\n", h.run("AUTH x"));
            assertEquals("+OK\r\n", h.run("AUTH default x"));
            assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n", h.run("AUTH foo x"));
            assertEquals("-ERR syntax error\r\n", h.run("AUTH a b c"));
            assertEquals("-ERR wrong number of arguments for 'auth' command\r\n", h.run("AUTH"));
        }
    }

    @Test
    void authWithPassword() {
        for (Dialect v : Dialect.supported()) {
            EngineHarness h = new EngineHarness(v, "secret");
            String wrongpass = "-WRONGPASS invalid username-password pair or user is disabled.\r\n";
            assertEquals("-NOAUTH Authentication required.\r\n", h.run("PING"));
            assertEquals("-NOAUTH Authentication required.\r\n", h.run("CLIENT GETNAME"));
            assertEquals("-NOAUTH Authentication required.\r\n", h.run("SELECT 1"));
            // processCommand checks existence and arity before authentication
            assertEquals("-ERR wrong number of arguments for 'client' command\r\n", h.run("CLIENT"));
            assertEquals(wrongpass, h.run("AUTH wrong"));
            assertEquals(wrongpass, h.run("AUTH default wrong"));
            assertEquals(wrongpass, h.run("AUTH foo secret"));
            assertEquals(wrongpass, h.run("AUTH Default secret"));
            assertEquals("-ERR syntax error\r\n", h.run("AUTH a b c"));
            assertEquals("+OK\r\n", h.run("AUTH secret"));
            assertEquals("+PONG\r\n", h.run("PING"));
            assertEquals(wrongpass, h.run("AUTH wrong"));
            assertEquals("+PONG\r\n", h.run("PING"), "a failed AUTH keeps the client authenticated");
            assertEquals("+OK\r\n", h.run("AUTH default secret"));
        }
    }

    @Test
    void subcommandErrorsComeBeforeNoauthIn7ButAfterIn62() {
        EngineHarness h7 = new EngineHarness(Dialect.REDIS_7_0, "secret");
        assertEquals("-ERR unknown subcommand 'FOO'. Try CLIENT HELP.\r\n", h7.run("CLIENT FOO"));
        assertEquals("-ERR wrong number of arguments for 'client|setname' command\r\n", h7.run("CLIENT SETNAME"));
        EngineHarness h6 = new EngineHarness(V6, "secret");
        assertEquals("-NOAUTH Authentication required.\r\n", h6.run("CLIENT FOO"));
        assertEquals("-NOAUTH Authentication required.\r\n", h6.run("CLIENT SETNAME"));
    }

    @Test
    void configSetRequirepassAppliesToNewConnections() {
        EngineHarness h = new EngineHarness();
        assertEquals("+OK\r\n", h.run("CONFIG SET requirepass pw"));
        assertEquals("+PONG\r\n", h.run("PING"), "the connection that set it stays authenticated");
        Session other = h.newSession();
        assertEquals("-NOAUTH Authentication required.\r\n", h.run(other, "PING"));
        assertEquals("+OK\r\n", h.run(other, "AUTH pw"));
        assertEquals("+OK\r\n", h.run("CONFIG SET requirepass \"\""));
        Session third = h.newSession();
        assertEquals("+PONG\r\n", h.run(third, "PING"));
    }

    // ---- RESET, SELECT, QUIT, PING, ECHO -------------------------------------------------------------

    @Test
    void resetClearsConnectionState() {
        for (Dialect v : Dialect.supported()) {
            EngineHarness h = new EngineHarness(v, "secret");
            h.run("AUTH secret");
            h.run("CLIENT SETNAME foo");
            h.run("HELLO 3");
            h.run("SELECT 2");
            h.run("MULTI");
            assertEquals("+RESET\r\n", h.run("RESET"));
            assertFalse(h.session.inMulti());
            assertEquals(0, h.session.db());
            assertEquals(2, h.session.proto());
            assertEquals("-NOAUTH Authentication required.\r\n", h.run("CLIENT GETNAME"));
            h.run("AUTH secret");
            assertEquals("$-1\r\n", h.run("CLIENT GETNAME"));
            assertEquals("-ERR wrong number of arguments for 'reset' command\r\n", h.run("RESET x"));
        }
    }

    @Test
    void resetTurnsRepliesBackOnAndKeepsNoEvict() {
        EngineHarness h = new EngineHarness();
        h.run("CLIENT NO-EVICT on");
        assertNull(h.run("CLIENT REPLY OFF"));
        assertNull(h.run("PING"));
        assertEquals("+RESET\r\n", h.run("RESET"));
        assertEquals("+PONG\r\n", h.run("PING"));
        assertTrue(h.run("CLIENT INFO").contains(" flags=e "));
    }

    @Test
    void resetNeedsAuthenticationOnlyIn62() {
        assertEquals("+RESET\r\n", new EngineHarness(Dialect.REDIS_7_0, "secret").run("RESET"));
        assertEquals("-NOAUTH Authentication required.\r\n", new EngineHarness(V6, "secret").run("RESET"));
    }

    @Test
    void resetAndQuitRunInsideMulti() {
        EngineHarness h = new EngineHarness();
        h.run("MULTI");
        assertEquals("+RESET\r\n", h.run("RESET"));
        assertEquals("-ERR EXEC without MULTI\r\n", h.run("EXEC"));
        h.run("MULTI");
        assertEquals("+OK\r\n", h.run("QUIT"));
        assertTrue(h.session.isClosing());
    }

    @Test
    void selectChecksIntRangeThenDatabaseRange() {
        for (Dialect v : Dialect.supported()) {
            EngineHarness h = new EngineHarness(v, null);
            assertEquals("-ERR value is not an integer or out of range\r\n", h.run("SELECT abc"));
            assertEquals("-ERR value is not an integer or out of range\r\n", h.run("SELECT \" 1\""));
            assertEquals("-ERR value is not an integer or out of range\r\n", h.run("SELECT 99999999999999999999"));
            assertEquals("-ERR value is out of range, value must between -2147483648 and 2147483647\r\n",
                    h.run("SELECT 2147483648"));
            assertEquals("-ERR value is out of range, value must between -2147483648 and 2147483647\r\n",
                    h.run("SELECT -2147483649"));
            assertEquals("-ERR DB index is out of range\r\n", h.run("SELECT -1"));
            assertEquals("-ERR DB index is out of range\r\n", h.run("SELECT 16"));
            assertEquals("+OK\r\n", h.run("SELECT 15"));
            assertEquals(15, h.session.db());
        }
    }

    @Test
    void quitRepliesOkWithAnyArgumentsAndCloses() {
        EngineHarness h = new EngineHarness(Dialect.REDIS_7_0, "secret");
        assertEquals("+OK\r\n", h.run("QUIT x"));
        assertTrue(h.session.isClosing());
    }

    @Test
    void pingAndEcho() {
        EngineHarness h = new EngineHarness();
        assertEquals("-ERR wrong number of arguments for 'ping' command\r\n", h.run("PING a b"));
        assertEquals("-ERR wrong number of arguments for 'echo' command\r\n", h.run("ECHO a b"));
        h.run("HELLO 3");
        assertEquals("+PONG\r\n", h.run("PING"));
        assertEquals("$1\r\nx\r\n", h.run("PING x"));
    }

    // ---- CLIENT ------------------------------------------------------------------------------------------

    @Test
    void clientSetnameAndGetname() {
        for (Dialect v : Dialect.supported()) {
            EngineHarness h = new EngineHarness(v, null);
            String invalid = "-ERR Client names cannot contain spaces, newlines or special characters.\r\n";
            assertEquals(invalid, h.run("CLIENT SETNAME \"a b\""));
            assertEquals(invalid, h.run("CLIENT SETNAME \"a\\nb\""));
            assertEquals(invalid, h.run("CLIENT SETNAME \"\\x7f\""));
            assertEquals("+OK\r\n", h.run("CLIENT SETNAME \"!~\""));
            assertEquals("$2\r\n!~\r\n", h.run("CLIENT GETNAME"));
            assertEquals("+OK\r\n", h.run("CLIENT SETNAME \"\""));
            assertEquals("$-1\r\n", h.run("CLIENT GETNAME"));
            assertEquals(":" + h.session.id() + "\r\n", h.run("CLIENT ID"));
        }
        EngineHarness h = new EngineHarness();
        assertEquals("-ERR wrong number of arguments for 'client|setname' command\r\n", h.run("CLIENT SETNAME a b"));
        assertEquals("-ERR wrong number of arguments for 'client|getname' command\r\n", h.run("CLIENT GETNAME x"));
        assertEquals("-ERR wrong number of arguments for 'client|id' command\r\n", h.run("CLIENT ID x"));
        assertEquals("-ERR wrong number of arguments for 'client|info' command\r\n", h.run("CLIENT INFO x"));
        EngineHarness h6 = new EngineHarness(V6, null);
        assertEquals("-ERR Unknown subcommand or wrong number of arguments for 'SETNAME'. Try CLIENT HELP.\r\n",
                h6.run("CLIENT SETNAME a b"));
        assertEquals("-ERR Unknown subcommand or wrong number of arguments for 'GETNAME'. Try CLIENT HELP.\r\n",
                h6.run("CLIENT GETNAME x"));
    }

    private static final Pattern LINE7 = Pattern.compile("id=\\d+ addr=\\S+ laddr=\\S+ fd=\\d+ name=(\\S*) age=\\d+ "
            + "idle=\\d+ flags=(\\w+) db=(\\d+) sub=0 psub=0 ssub=0 multi=(-?\\d+) qbuf=\\d+ qbuf-free=\\d+ argv-mem=\\d+ "
            + "multi-mem=\\d+ rbs=\\d+ rbp=\\d+ obl=0 oll=0 omem=0 tot-mem=\\d+ events=r cmd=(\\S+) user=default "
            + "redir=-1 resp=(\\d)");
    private static final Pattern LINE62 = Pattern.compile("id=\\d+ addr=\\S+ laddr=\\S+ fd=\\d+ name=(\\S*) age=\\d+ "
            + "idle=\\d+ flags=(\\w+) db=(\\d+) sub=0 psub=0 multi=(-?\\d+) qbuf=\\d+ qbuf-free=\\d+ argv-mem=\\d+ "
            + "obl=0 oll=0 omem=0 tot-mem=\\d+ events=r cmd=(\\S+) user=default redir=-1");

    @Test
    void clientInfoFieldsAndOrderPerVersion() {
        EngineHarness h = new EngineHarness();
        h.run("CLIENT SETNAME x");
        String info = h.run("CLIENT INFO");
        assertTrue(info.endsWith("\n\r\n"), info);
        String body = info.substring(info.indexOf("\r\n") + 2, info.length() - 3);
        Matcher m = LINE7.matcher(body);
        assertTrue(m.matches(), body);
        assertEquals("x", m.group(1));
        assertEquals("N", m.group(2));
        assertEquals("client|info", m.group(5));
        assertEquals("2", m.group(6));
        h.run("HELLO 3");
        String info3 = h.run("CLIENT INFO");
        assertTrue(info3.startsWith("=") && info3.contains("\r\ntxt:id="), "verbatim text in RESP3: " + info3);
        assertTrue(info3.contains(" resp=3\n"));

        EngineHarness h6 = new EngineHarness(V6, null);
        String info6 = h6.run("CLIENT INFO");
        Matcher m6 = LINE62.matcher(info6.substring(info6.indexOf("\r\n") + 2, info6.length() - 3));
        assertTrue(m6.matches(), info6);
        assertEquals("client", m6.group(5), "6.2 shows the command, not the subcommand");
    }

    /** 8.0.2's CLIENT INFO / LIST line ends "… resp=2 lib-name= lib-ver= io-thread=0" (7.4.1's at lib-ver=). */
    @Test
    void clientInfoOf80EndsWithTheIoThread() {
        EngineHarness h = new EngineHarness(Dialect.defined("8.0"), null);
        assertTrue(h.run("CLIENT INFO").endsWith(" user=default redir=-1 resp=2 lib-name= lib-ver= io-thread=0\n\r\n"),
                h.run("CLIENT INFO"));
        assertTrue(h.run("CLIENT LIST").endsWith(" lib-name= lib-ver= io-thread=0\n\r\n"));
        EngineHarness h74 = new EngineHarness(Dialect.REDIS_7_4, null);
        assertTrue(h74.run("CLIENT INFO").endsWith(" resp=2 lib-name= lib-ver=\n\r\n"), h74.run("CLIENT INFO"));
    }

    @Test
    void clientListShowsMultiFlagsAndLastCommand() {
        EngineHarness h = new EngineHarness();
        Session other = h.newSession();
        h.run(other, "SELECT 3");
        h.run(other, "MULTI");
        h.run(other, "PING");
        h.run(other, "ECHO a");
        String list = h.run("CLIENT LIST");
        String[] lines = list.substring(list.indexOf("\r\n") + 2, list.length() - 2).split("\n");
        assertEquals(2, lines.length);
        Matcher m = LINE7.matcher(lines[1]);
        assertTrue(m.matches(), lines[1]);
        assertEquals("x", m.group(2));
        assertEquals("3", m.group(3));
        assertEquals("2", m.group(4));
        assertEquals("echo", m.group(5), "the last command looked up, even if only queued");
        h.run(other, "nosuchcommand");
        assertTrue(h.run("CLIENT LIST ID " + other.id()).contains(" cmd=NULL "));
    }

    @Test
    void clientListOptions() {
        for (Dialect v : Dialect.supported()) {
            EngineHarness h = new EngineHarness(v, null);
            Session other = h.newSession();
            assertEquals("-ERR syntax error\r\n", h.run("CLIENT LIST x"));
            assertEquals("-ERR syntax error\r\n", h.run("CLIENT LIST ID"));
            assertEquals("-ERR syntax error\r\n", h.run("CLIENT LIST TYPE"));
            assertEquals("-ERR Unknown client type 'foo'\r\n", h.run("CLIENT LIST TYPE foo"));
            assertEquals("-ERR Invalid client ID\r\n", h.run("CLIENT LIST ID a"));
            assertEquals("-ERR Invalid client ID\r\n", h.run("CLIENT LIST ID 1 a"));
            assertEquals("$0\r\n\r\n", h.run("CLIENT LIST ID 0"));
            assertEquals("$0\r\n\r\n", h.run("CLIENT LIST ID -1 999"));
            assertEquals("$0\r\n\r\n", h.run("CLIENT LIST TYPE pubsub"));
            assertEquals("$0\r\n\r\n", h.run("CLIENT LIST TYPE master"));
            assertEquals("$0\r\n\r\n", h.run("CLIENT LIST TYPE replica"));
            assertEquals("$0\r\n\r\n", h.run("CLIENT LIST TYPE slave"));
            assertEquals(2, h.run("CLIENT LIST TYPE NORMAL").split("id=", -1).length - 1);
            String byId = h.run("CLIENT LIST ID " + other.id() + " " + h.session.id());
            assertTrue(byId.indexOf("id=" + other.id() + " ") < byId.indexOf("id=" + h.session.id() + " "),
                    "ids are listed in the order given");
        }
    }

    @Test
    void subscribedClientsArePubsubTypeAndResetUnsubscribes() {
        for (Dialect v : Dialect.supported()) {
            EngineHarness h = new EngineHarness(v, null);
            Session sub = h.newSession();
            h.run(sub, "CLIENT SETNAME subber");
            h.run(sub, "SUBSCRIBE ch1 ch2");
            h.run(sub, "PSUBSCRIBE p*");
            String pubsub = h.run("CLIENT LIST TYPE pubsub");
            assertTrue(pubsub.contains(" name=subber ") && pubsub.contains(" flags=P db=0 sub=2 psub=1 "), pubsub);
            assertFalse(h.run("CLIENT LIST TYPE normal").contains("name=subber"));
            assertEquals("+RESET\r\n", h.run(sub, "RESET"));
            assertEquals("*2\r\n$3\r\nch1\r\n:0\r\n", h.run("PUBSUB NUMSUB ch1"));
            assertTrue(h.run("CLIENT LIST TYPE normal").contains("name= "), "RESET also cleared the name");
        }
    }

    @Test
    void clientKillForms() {
        EngineHarness h = new EngineHarness();
        Session a = h.newSession();
        Session b = h.newSession();
        assertEquals("-ERR wrong number of arguments for 'client|kill' command\r\n", h.run("CLIENT KILL"));
        assertEquals("-ERR No such client\r\n", h.run("CLIENT KILL 1.2.3.4:5"));
        assertEquals("-ERR No such client\r\n", h.run("CLIENT KILL ID"), "argc 3 is the old form: ID is an address");
        assertEquals("-ERR client-id should be greater than 0\r\n", h.run("CLIENT KILL ID 0"));
        assertEquals("-ERR client-id should be greater than 0\r\n", h.run("CLIENT KILL ID -1"));
        assertEquals("-ERR client-id should be greater than 0\r\n", h.run("CLIENT KILL ID abc"));
        assertEquals(":0\r\n", h.run("CLIENT KILL ID 99999"));
        assertEquals("-ERR syntax error\r\n", h.run("CLIENT KILL ID 1 SKIPME maybe"));
        assertEquals("-ERR syntax error\r\n", h.run("CLIENT KILL ID 1 FOO bar"));
        assertEquals("-ERR syntax error\r\n", h.run("CLIENT KILL ID 1 ID"));
        assertEquals("-ERR syntax error\r\n", h.run("CLIENT KILL MAXAGE 1"));
        assertEquals("-ERR No such user 'nobody'\r\n", h.run("CLIENT KILL USER nobody"));
        assertEquals("-ERR Unknown client type 'foo'\r\n", h.run("CLIENT KILL TYPE foo"));
        assertEquals(":0\r\n", h.run("CLIENT KILL TYPE master"));
        assertEquals(":0\r\n", h.run("CLIENT KILL ADDR 1.2.3.4:5 LADDR x"));
        assertEquals(":1\r\n", h.run("CLIENT KILL ID " + a.id()));
        assertTrue(a.isClosing());
        assertFalse(h.engine.sessions().containsKey(a.id()));
        assertFalse(h.session.isClosing());
        // every harness client has the same address: SKIPME yes (the default) spares the caller
        assertEquals(":1\r\n", h.run("CLIENT KILL ADDR 127.0.0.1:50000"));
        assertTrue(b.isClosing());
        assertFalse(h.session.isClosing());
        assertEquals("+OK\r\n", h.run("CLIENT KILL 127.0.0.1:50000"), "the old form can kill the caller");
        assertTrue(h.session.isClosing());
    }

    @Test
    void clientKill62() {
        EngineHarness h = new EngineHarness(V6, null);
        Session a = h.newSession();
        Session b = h.newSession();
        assertEquals("-ERR syntax error\r\n", h.run("CLIENT KILL"));
        assertEquals("-ERR value is not an integer or out of range\r\n", h.run("CLIENT KILL ID abc"));
        assertEquals(":0\r\n", h.run("CLIENT KILL ID -1"));
        // 6.2: ID 0 means "no ID filter": every other client is killed
        assertEquals(":2\r\n", h.run("CLIENT KILL ID 0"));
        assertTrue(a.isClosing() && b.isClosing());
        assertFalse(h.session.isClosing());
        assertEquals(":1\r\n", h.run("CLIENT KILL USER default SKIPME no"));
        assertTrue(h.session.isClosing());
    }

    @Test
    void clientReplyModes() {
        EngineHarness h = new EngineHarness();
        assertEquals("-ERR syntax error\r\n", h.run("CLIENT REPLY foo"));
        assertEquals("-ERR wrong number of arguments for 'client|reply' command\r\n", h.run("CLIENT REPLY"));
        assertEquals("+OK\r\n", h.run("CLIENT REPLY on"));
        assertNull(h.run("CLIENT REPLY SKIP"));
        assertNull(h.run("PING"));
        assertEquals("+PONG\r\n", h.run("PING"));
        assertNull(h.run("CLIENT REPLY OFF"));
        assertNull(h.run("PING"));
        assertNull(h.run("CLIENT REPLY SKIP"));
        assertNull(h.run("PING"));
        assertNull(h.run("PING"), "SKIP while OFF changes nothing");
        assertEquals("+OK\r\n", h.run("CLIENT REPLY ON"));
        assertNull(h.run("CLIENT REPLY SKIP"));
        assertEquals("+OK\r\n", h.run("CLIENT REPLY ON"), "ON right after SKIP is answered");
        assertEquals("+PONG\r\n", h.run("PING"));
    }

    @Test
    void clientNoEvictIsSevenOnly() {
        EngineHarness h = new EngineHarness();
        assertEquals("-ERR wrong number of arguments for 'client|no-evict' command\r\n", h.run("CLIENT NO-EVICT"));
        assertEquals("-ERR syntax error\r\n", h.run("CLIENT NO-EVICT foo"));
        assertEquals("+OK\r\n", h.run("CLIENT NO-EVICT ON"));
        assertTrue(h.run("CLIENT INFO").contains(" flags=e "));
        assertEquals("+OK\r\n", h.run("CLIENT NO-EVICT off"));
        EngineHarness h6 = new EngineHarness(V6, null);
        assertEquals("-ERR Unknown subcommand or wrong number of arguments for 'NO-EVICT'. Try CLIENT HELP.\r\n",
                h6.run("CLIENT NO-EVICT on"));
    }

    /** The field names of valkey-server 8.0.1's CLIENT INFO, in order (captured after WATCH a b, PING). */
    private static final String VALKEY_8_0_FIELDS = "id addr laddr fd name age idle flags db sub psub ssub multi watch qbuf "
            + "qbuf-free argv-mem multi-mem rbs rbp obl oll omem tot-mem events cmd user redir resp lib-name lib-ver "
            + "tot-net-in tot-net-out tot-cmds";

    @Test
    void valkeyClientInfoHasWatchAndNetFields() {
        EngineHarness h = new EngineHarness(Dialect.VALKEY_8_0, null);
        h.run("WATCH a b");
        h.run("PING");
        String info = h.run("CLIENT INFO");
        StringBuilder names = new StringBuilder();
        for (String f : info.substring(info.indexOf("id=")).trim().split(" ")) {
            if (names.length() > 0) names.append(' ');
            names.append(f, 0, f.indexOf('='));
        }
        assertEquals(VALKEY_8_0_FIELDS, names.toString());
        assertTrue(info.contains(" watch=2 "), info);
        assertTrue(info.contains(" tot-cmds=2"), info);
        assertFalse(new EngineHarness(Dialect.REDIS_7_2, null).run("CLIENT INFO").contains("tot-cmds"));
    }

    @Test
    void clientSubcommandsOfLaterVersionsAreUnknown() {
        EngineHarness h = new EngineHarness();
        assertEquals("-ERR unknown subcommand 'SETINFO'. Try CLIENT HELP.\r\n", h.run("CLIENT SETINFO lib-name x"));
        assertEquals("-ERR unknown subcommand 'NO-TOUCH'. Try CLIENT HELP.\r\n", h.run("CLIENT NO-TOUCH on"));
        EngineHarness h6 = new EngineHarness(V6, null);
        assertEquals("-ERR Unknown subcommand or wrong number of arguments for 'SETINFO'. Try CLIENT HELP.\r\n",
                h6.run("CLIENT SETINFO lib-name x"));
    }

    @Test
    void clientTrackingReadsAndHelp() {
        for (Dialect v : Dialect.supported()) {
            EngineHarness h = new EngineHarness(v, null);
            assertEquals(":-1\r\n", h.run("CLIENT GETREDIR"));
            assertEquals("*6\r\n$5\r\nflags\r\n*1\r\n$3\r\noff\r\n$8\r\nredirect\r\n:-1\r\n$8\r\nprefixes\r\n*0\r\n",
                    h.run("CLIENT TRACKINGINFO"));
            assertEquals("+OK\r\n", h.run("CLIENT UNPAUSE"));
            String help = h.run("CLIENT HELP");
            // 7.4's text adds the KILL filters ID and MAXAGE (4 lines); Valkey's also CAPA
            String count = v.server().equals("valkey") ? "*62\r\n" : v.has(Quirk.CLIENT_KILL_MAXAGE) ? "*58\r\n"
                    : v.has(Quirk.CLIENT_LIB_FIELDS) ? "*54\r\n" : v.has(Quirk.SUBCOMMANDS_AS_COMMANDS) ? "*48\r\n" : "*46\r\n";
            assertTrue(help.startsWith(count), help);
            assertTrue(help.contains("+CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"));
            h.run("HELLO 3");
            assertEquals("%3\r\n$5\r\nflags\r\n~1\r\n$3\r\noff\r\n$8\r\nredirect\r\n:-1\r\n$8\r\nprefixes\r\n*0\r\n",
                    h.run("CLIENT TRACKINGINFO"));
        }
        assertEquals("-ERR wrong number of arguments for 'client|help' command\r\n", new EngineHarness().run("CLIENT HELP x"));
        assertEquals("-ERR Unknown subcommand or wrong number of arguments for 'HELP'. Try CLIENT HELP.\r\n",
                new EngineHarness(V6, null).run("CLIENT HELP x"));
    }
}
