package io.redisdouble.fault;

import io.redisdouble.command.EngineHarness;
import io.redisdouble.dialect.Dialect;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceRedis;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rule matching without sockets: command names, key patterns over the request's keys, clients. */
class MatchTest {
    static final EngineHarness H = new EngineHarness(Dialect.REDIS_7_0, null);
    static final Function<byte[][], List<byte[]>> KEYS = H.engine::keysOf;

    static byte[][] argv(String... a) {
        return RawRedisClient.argv(a);
    }

    static boolean matches(Match m, String... request) {
        return m.matches(7, "worker-1", "127.0.0.1:5000", argv(request), KEYS);
    }

    static final String[][] REQUESTS = {
            {"SET", "k", "v"},
            {"MSET", "a", "1", "b", "2"},
            {"EVAL", "return 1", "2", "x", "y", "notakey"},
            {"ZUNIONSTORE", "dst", "2", "s1", "s2", "WEIGHTS", "1", "2"},
            {"XREAD", "COUNT", "1", "STREAMS", "s1", "s2", "0", "0"},
            {"SORT", "l", "BY", "w_*", "STORE", "out"},
            {"OBJECT", "ENCODING", "k"},
            {"LMOVE", "src", "dst", "LEFT", "RIGHT"},
    };

    /** The keys a rule's pattern is matched against are those real Redis's COMMAND GETKEYS reports. */
    @Test
    void keysAreThoseOfCommandGetkeysOnRealRedis() {
        ReferenceRedis real = ReferenceRedis.forVersion("7.0");
        try (RawRedisClient c = real.openClient()) {
            for (String[] request : REQUESTS) {
                String[] getkeys = new String[request.length + 2];
                getkeys[0] = "COMMAND";
                getkeys[1] = "GETKEYS";
                System.arraycopy(request, 0, getkeys, 2, request.length);
                String expected = new String(c.call(getkeys), StandardCharsets.UTF_8);
                StringBuilder ours = new StringBuilder("*").append(H.engine.keysOf(argv(request)).size()).append("\r\n");
                for (byte[] k : H.engine.keysOf(argv(request))) {
                    ours.append('$').append(k.length).append("\r\n").append(new String(k, StandardCharsets.UTF_8)).append("\r\n");
                }
                assertEquals(expected, ours.toString(), String.join(" ", request));
            }
        }
        assertEquals(List.of(), H.engine.keysOf(argv("GET"))); // wrong arity: no keys
        assertEquals(List.of(), H.engine.keysOf(argv("NOSUCHCOMMAND", "k")));
        assertEquals(List.of(), H.engine.keysOf(argv("PING")));
    }

    @Test
    void commandNamesAreCaseInsensitiveAndSubcommandsNamedEitherWay() {
        assertTrue(matches(Match.command("get"), "GET", "k"));
        assertTrue(matches(Match.command("SET", "GET"), "get", "k"));
        assertFalse(matches(Match.command("GET"), "GETEX", "k"));
        assertTrue(matches(Match.command("CLIENT|SETNAME"), "client", "setname", "x"));
        assertTrue(matches(Match.command("client setname"), "CLIENT", "SETNAME", "x"));
        assertFalse(matches(Match.command("CLIENT|SETNAME"), "CLIENT", "GETNAME"));
        assertTrue(matches(Match.command("CLIENT"), "CLIENT", "GETNAME")); // the container: every subcommand
        assertTrue(matches(Match.any(), "PING"));
    }

    @Test
    void aKeyPatternHoldsWhenAnyKeyMatches() {
        Match m = Match.any().key("lock:*");
        assertTrue(matches(m, "SET", "lock:1", "v"));
        assertTrue(matches(m, "MSET", "a", "1", "lock:2", "2"));
        assertTrue(matches(m, "EVAL", "return 1", "1", "lock:3"));
        assertFalse(matches(m, "EVAL", "return 1", "1", "k", "lock:4")); // an argument, not a key
        assertFalse(matches(m, "SET", "LOCK:1", "v")); // case-sensitive, as KEYS
        assertFalse(matches(m, "PING", "lock:1"));
        assertTrue(matches(Match.any().key("user:[ab]?"), "GET", "user:b7"));
        assertTrue(matches(Match.command("SET").key("k"), "SET", "k", "v"));
        assertFalse(matches(Match.command("GET").key("k"), "SET", "k", "v"));
    }

    @Test
    void clientsByNameAddressAndId() {
        assertTrue(matches(Match.any().clientName("worker-*"), "PING"));
        assertFalse(matches(Match.any().clientName("other"), "PING"));
        assertFalse(Match.any().clientName("*").matches(7, null, "127.0.0.1:5000", argv("PING"), KEYS)); // unnamed
        assertTrue(matches(Match.any().clientAddress("127.0.0.1:*"), "PING"));
        assertFalse(matches(Match.any().clientAddress("127.0.0.2:*"), "PING"));
        assertTrue(matches(Match.any().clientId(7), "PING"));
        assertFalse(matches(Match.any().clientId(8), "PING"));
        assertTrue(matches(Match.command("SET").key("k").clientName("worker-1").clientAddress("*:5000").clientId(7), "SET", "k", "v"));
        assertTrue(Match.any().clientAddress("127.*").addressOnly());
        assertFalse(Match.any().clientName("x").addressOnly());
        assertTrue(Match.any().clientName("x").clientsOnly());
        assertFalse(Match.command("GET").clientsOnly());
        assertEquals("command=set key=k client-name=w client-address=a client-id=3",
                Match.command("SET").key("k").clientName("w").clientAddress("a").clientId(3).toString());
        assertEquals("any", Match.any().toString());
        List<String> errors = new ArrayList<>();
        try {
            Match.command();
        } catch (IllegalArgumentException e) {
            errors.add(e.getMessage());
        }
        assertEquals(List.of("name at least one command"), errors);
    }
}
