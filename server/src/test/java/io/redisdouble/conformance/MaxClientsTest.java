package io.redisdouble.conformance;

import io.redisdouble.RedisDouble;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceRedis;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * maxclients (issue #15 item 8): each scenario runs on a real Redis and on redis-double configured
 * alike; what the connection beyond the limit receives (bytes, then whether it is closed) and INFO's
 * connected_clients / rejected_connections must be the same.
 */
class MaxClientsTest {


    static String infoLine(RawRedisClient c, String field) {
        String info = new String(c.call("INFO", "all"), StandardCharsets.ISO_8859_1);
        int i = info.indexOf("\r\n" + field + ":");
        return info.substring(i + 2, info.indexOf('\r', i + 2));
    }

    /** Waits (no assertion on how long) until the server has noticed closed clients. */
    static void awaitConnected(RawRedisClient c, int n) throws InterruptedException {
        for (int i = 0; i < 500 && !infoLine(c, "connected_clients").equals("connected_clients:" + n); i++) {
            Thread.sleep(10);
        }
        assertEquals("connected_clients:" + n, infoLine(c, "connected_clients"));
    }

    /**
     * The transcript of one server: three clients fill maxclients 3, a fourth is refused, a client
     * closes, a new one is served; then CONFIG SET lowers the limit below the clients connected
     * (nobody is disconnected) and raises it again.
     */
    static List<String> transcript(int port) throws Exception {
        List<String> out = new ArrayList<>();
        List<RawRedisClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                RawRedisClient c = new RawRedisClient("127.0.0.1", port);
                clients.add(c);
                out.add(RawRedisClient.printable(c.call("PING")));
            }
            RawRedisClient a = clients.get(0);
            out.add(RawRedisClient.printable(a.call("CONFIG", "GET", "maxclients")));
            out.add(RawRedisClient.pingOnce(null, port));
            out.add(RawRedisClient.pingOnce(null, port));
            out.add(infoLine(a, "connected_clients"));
            out.add(infoLine(a, "rejected_connections"));
            out.add(infoLine(a, "maxclients"));
            clients.remove(2).close();
            awaitConnected(a, 2);
            out.add(RawRedisClient.pingOnce(null, port)); // served: 2 + 1 <= 3
            awaitConnected(a, 2);
            out.add(RawRedisClient.printable(a.call("CONFIG", "SET", "maxclients", "1")));
            out.add(RawRedisClient.printable(clients.get(1).call("PING"))); // still served
            out.add(RawRedisClient.pingOnce(null, port));
            out.add(infoLine(a, "rejected_connections"));
            out.add(RawRedisClient.printable(a.call("CONFIG", "SET", "maxclients", "0")));
            out.add(RawRedisClient.printable(a.call("CONFIG", "SET", "maxclients", "10")));
            out.add(RawRedisClient.pingOnce(null, port));
            out.add(infoLine(a, "maxclients"));
        } finally {
            for (RawRedisClient c : clients) c.close();
        }
        return out;
    }

    @Test
    void aConnectionBeyondMaxclientsGetsRedisErrorAndIsClosed() throws Exception {
        try (ReferenceRedis real = ReferenceRedis.startBundled("7.0", "--maxclients", "3");
             RedisDouble dbl = RedisDouble.builder().version("7.0").maxclients(3).start()) {
            List<String> expected = transcript(real.port());
            assertEquals("-ERR max number of clients reached\\r\\n CLOSED", expected.get(4), expected.toString());
            assertEquals(expected, transcript(dbl.port()));
        }
    }

    @Test
    void redis62AlikeAndSetByConfigSet() throws Exception {
        try (ReferenceRedis real = ReferenceRedis.startBundled("6.2");
             RedisDouble dbl = RedisDouble.builder().version("6.2").start()) {
            for (int port : new int[] {real.port(), dbl.port()}) {
                try (RawRedisClient c = new RawRedisClient("127.0.0.1", port)) {
                    c.call("CONFIG", "SET", "maxclients", "3");
                }
            }
            List<String> expected = transcript(real.port());
            assertEquals(expected, transcript(dbl.port()));
        }
    }

    @Test
    void otherDialectsLive() throws Exception {
        for (String v : ReferenceRedis.liveVersions("MaxClientsTest", "7.2", "7.4", "8.0", "valkey-8.0")) {
            try (ReferenceRedis real = ReferenceRedis.startPrivate(v, "--maxclients", "3");
                 RedisDouble dbl = RedisDouble.builder().version(v).maxclients(3).start()) {
                assertEquals(transcript(real.port()), transcript(dbl.port()), v);
            }
        }
    }

    @Test
    void aBadValueStopsTheStart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RedisDouble.builder().maxclients(0).start());
        assertEquals("CONFIG SET maxclients 0: ERR CONFIG SET failed (possibly related to argument 'maxclients') - "
                + "argument must be between 1 and 4294967295 inclusive", e.getMessage());
    }
}
