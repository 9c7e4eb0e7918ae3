package io.redisdouble.fault;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceRedis;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The errors a fault can inject are the lines real Redis sends in those states: OOM, READONLY,
 * MASTERDOWN and BUSY provoked on real servers (maxmemory 1, a replica whose master is unreachable, a
 * script past lua-time-limit); LOADING and TRYAGAIN, which a test cannot provoke quickly (a long load,
 * a cluster mid-migration), found byte for byte in the real server's binary.
 */
class RedisErrorTextsTest {
    static String line(RedisError e, String version) {
        return "-" + e.text(Dialect.parse(version)) + "\r\n";
    }

    static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    static final String[] VERSIONS = {"7.0", "6.2", "7.2", "valkey-8.0"};

    @Test
    void oomAsAServerAtItsMemoryLimitSendsIt() {
        for (String v : ReferenceRedis.liveVersions("RedisErrorTextsTest", VERSIONS)) {
            try (ReferenceRedis real = ReferenceRedis.startPrivate(v, "--maxmemory", "1");
                 RawRedisClient c = real.openClient()) {
                assertEquals(s(c.call("SET", "k", "v")), line(RedisError.OOM, v), v);
            }
        }
    }

    @Test
    void readonlyAndMasterdownAsAReplicaWithoutItsMasterSendsThem() throws IOException {
        int nobody;
        try (ServerSocket s = new ServerSocket(0)) {
            nobody = s.getLocalPort(); // closed again: the replica's master is unreachable
        }
        for (String v : ReferenceRedis.liveVersions("RedisErrorTextsTest", VERSIONS)) {
            try (ReferenceRedis real = ReferenceRedis.startPrivate(v, "--replicaof", "127.0.0.1", Integer.toString(nobody));
                 RawRedisClient c = real.openClient()) {
                assertEquals(s(c.call("SET", "k", "v")), line(RedisError.READONLY, v), v);
                // set after the start: the start-up check's PING would get MASTERDOWN too
                assertEquals("+OK\r\n", s(c.call("CONFIG", "SET", "replica-serve-stale-data", "no")));
                assertEquals(s(c.call("GET", "k")), line(RedisError.MASTERDOWN, v), v);
            }
        }
    }

    @Test
    void busyAsAServerRunningALongScriptSendsIt() {
        for (String v : ReferenceRedis.liveVersions("RedisErrorTextsTest", VERSIONS)) {
            try (ReferenceRedis real = ReferenceRedis.startPrivate(v, "--lua-time-limit", "10");
                 RawRedisClient script = real.openClient();
                 RawRedisClient other = real.openClient(Duration.ofSeconds(20))) {
                script.sendRaw(RawRedisClient.encodeCommand(RawRedisClient.argv("EVAL", "while true do end", "0")));
                // The server reads other clients again only once the script is past the limit: then BUSY.
                String reply = s(other.call("PING"));
                while (reply.equals("+PONG\r\n")) reply = s(other.call("PING")); // PING beat the EVAL to the server
                assertEquals(reply, line(RedisError.BUSY, v), v);
                assertEquals("+OK\r\n", s(other.call("SCRIPT", "KILL")));
                assertTrue(s(script.readReply()).startsWith("-"));
            }
        }
    }

    @Test
    void loadingAndTryagainAreTheRealBinarysBytes() throws IOException {
        for (String v : new String[] {"7.0", "6.2"}) {
            byte[] binary = Files.readAllBytes(ReferenceRedis.bundledBinary(v));
            String text = new String(binary, StandardCharsets.ISO_8859_1);
            for (RedisError e : new RedisError[] {RedisError.LOADING, RedisError.TRYAGAIN}) {
                String wanted = e == RedisError.TRYAGAIN ? line(e, v).replace("\r\n", "") : line(e, v);
                assertTrue(text.contains(wanted), v + " binary has no " + wanted.strip());
            }
        }
    }
}
