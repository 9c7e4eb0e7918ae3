package io.redisdouble.fault;

import io.redisdouble.RedisDouble;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceRedis;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fault-control command of the standalone server: with {@code --fault-control yes} it adds, lists,
 * logs and removes rules; without it, it is an unknown command whose every reply is byte for byte what
 * real Redis answers to the same requests (so nothing shows that it exists).
 */
class FaultControlTest {
    static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    static final List<String[]> PROBES = List.of(
            new String[] {"DOUBLE.FAULT", "ERROR", "LOADING"},
            new String[] {"double.fault", "help"},
            new String[] {"DOUBLE.FAULT"},
            new String[] {"COMMAND", "INFO", "DOUBLE.FAULT"},
            new String[] {"COMMAND", "COUNT"});

    @Test
    void offByDefaultAndThenExactlyAnUnknownCommandAsInRedis() {
        for (String version : ReferenceRedis.liveVersions("FaultControlTest", "7.0", "6.2", "7.2")) {
            ReferenceRedis real = ReferenceRedis.forVersion(version);
            try (RedisDouble dbl = RedisDouble.builder().version(version).start();
                 RawRedisClient d = new RawRedisClient(dbl.host(), dbl.port());
                 RawRedisClient r = real.openClient()) {
                for (String[] probe : PROBES) {
                    assertEquals(s(r.call(probe)), s(d.call(probe)), version + " " + String.join(" ", probe));
                }
            }
        }
    }

    @Test
    void theFlagIsYesOrNo() {
        io.redisdouble.cli.MainAccess.Parsed p = io.redisdouble.cli.MainAccess.parse("--fault-control", "maybe");
        assertEquals(1, p.code());
        assertEquals("redis-double: bad value for '--fault-control': argument must be 'yes' or 'no'\n", p.err());
        assertEquals(-1, io.redisdouble.cli.MainAccess.parse("--fault-control", "no").code());
    }

    @Test
    void onItAddsListsLogsAndRemovesRules() {
        io.redisdouble.cli.MainAccess.Parsed p = io.redisdouble.cli.MainAccess.parse("--fault-control", "yes");
        assertEquals(-1, p.code(), p.err());
        try (RedisDouble dbl = p.builder().start();
             RawRedisClient control = new RawRedisClient(dbl.host(), dbl.port());
             RawRedisClient app = new RawRedisClient(dbl.host(), dbl.port())) {
            assertEquals("+OK\r\n", s(app.call("CLIENT", "SETNAME", "app")));
            assertEquals(":1\r\n", s(control.call("DOUBLE.FAULT", "ERROR", "LOADING", "COMMAND", "GET", "TIMES", "1")));
            assertEquals(":2\r\n", s(control.call("double.fault", "error", "ERR custom text", "KEY", "lock:*", "NAME", "app")));
            assertEquals("-LOADING Redis is loading the dataset in memory\r\n", s(app.call("GET", "k")));
            assertEquals("$-1\r\n", s(app.call("GET", "k"))); // TIMES 1
            assertEquals("-ERR custom text\r\n", s(app.call("SET", "lock:1", "x")));
            // faults never apply to the connection that controls them
            assertEquals("+OK\r\n", s(control.call("SET", "lock:1", "x")));
            String list = s(control.call("DOUBLE.FAULT", "LIST"));
            assertTrue(list.contains("id=1 error \"LOADING Redis is loading the dataset in memory\" match=command=get times=1 fired=1"), list);
            assertTrue(list.contains("id=2 error \"ERR custom text\" match=key=lock:* client-name=app times=unlimited fired=1"), list);
            String log = s(control.call("DOUBLE.FAULT", "LOG"));
            assertTrue(log.startsWith("*2\r\n"), log);
            assertTrue(log.contains("#1 rule=1 error client="), log);
            assertTrue(log.contains(" name=app addr=127.0.0.1:" + app.localPort() + " command=GET k at="), log);
            assertTrue(log.contains("#2 rule=2 error client="), log);
            assertEquals(":1\r\n", s(control.call("DOUBLE.FAULT", "REMOVE", "2")));
            assertEquals(":0\r\n", s(control.call("DOUBLE.FAULT", "REMOVE", "2")));
            assertEquals("+OK\r\n", s(app.call("SET", "lock:1", "y")));
            assertEquals(":3\r\n", s(control.call("DOUBLE.FAULT", "DELAY", "10", "COMMAND", "PING")));
            assertEquals(":4\r\n", s(control.call("DOUBLE.FAULT", "CLOSE", "AFTER", "COMMAND", "INCR")));
            assertEquals(":5\r\n", s(control.call("DOUBLE.FAULT", "STALL", "NAME", "nobody")));
            assertEquals(":6\r\n", s(control.call("DOUBLE.FAULT", "REFUSE", "ADDR", "127.0.0.2:*")));
            assertEquals("-ERR DOUBLE.FAULT REFUSE: a refused connection has sent nothing yet: match it by client address only, not command=get\r\n",
                    s(control.call("DOUBLE.FAULT", "REFUSE", "COMMAND", "GET")));
            assertEquals("-ERR DOUBLE.FAULT CLOSE: CLOSE takes BEFORE or AFTER\r\n", s(control.call("DOUBLE.FAULT", "CLOSE", "SOON")));
            assertEquals("-ERR unknown subcommand 'NOPE'. Try DOUBLE.FAULT HELP.\r\n", s(control.call("DOUBLE.FAULT", "NOPE")));
            assertEquals("+PONG\r\n", s(app.call("PING"))); // delayed 10 ms, still answered
            app.sendRaw(RawRedisClient.encodeCommand(RawRedisClient.argv("INCR", "n")));
            assertTrue(app.isClosedByPeer(java.time.Duration.ofSeconds(10)));
            assertEquals("1", dbl.get("n"));
            assertEquals("+OK\r\n", s(control.call("DOUBLE.FAULT", "CLEAR")));
            assertEquals("*0\r\n", s(control.call("DOUBLE.FAULT", "LIST")));
            assertEquals("*0\r\n", s(control.call("DOUBLE.FAULT", "LOG")));
        }
    }
}
