package io.redisdouble.conformance;

import io.redisdouble.RedisDouble;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceRedis;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The slow log and clients that wait, against real Redis: arguments redacted as redactClientCommandArgument
 * does (ACL SETUSER, CONFIG SET of a sensitive configuration, MIGRATE AUTH / AUTH2), a blocked command's slow log entry (updateStatsOnUnblock logs
 * it when it is served; when CLIENT UNBLOCK wakes it, 7.0 without its arguments and 7.2 with them; when it
 * times out in 7.2), and clients a
 * CLIENT PAUSE WRITE postpones (counted in INFO blocked_clients; PFCOUNT and PUBLISH may replicate; a
 * script or function that declares no-writes runs at once, one that may write waits) and the expiry
 * and eviction that such a pause holds back (a key past its TTL reads as gone but stays stored, and is
 * not counted in expired_keys, until the pause ends; over maxmemory nothing is evicted meanwhile). Transcripts are compared byte for byte, with the slow log's
 * ids, times, durations and client addresses masked.
 */
class SlowlogAndPauseConformanceTest {

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** A SLOWLOG GET reply with its numbers (ids, times, durations) and client addresses masked. */
    private static String masked(byte[] reply) {
        return s(reply).replaceAll("\\$[0-9]+\r\n127\\.0\\.0\\.1:[0-9]+\r\n", "\\$P\r\n").replaceAll(":[0-9]+\r\n", ":N\r\n");
    }

    private static String infoField(RawRedisClient c, String section, String field) {
        for (String line : s(c.call("INFO", section)).split("\r\n")) {
            if (line.startsWith(field + ":")) return line;
        }
        throw new AssertionError("no " + field + " in INFO " + section);
    }

    private static long clientId(RawRedisClient c) {
        String r = s(c.call("CLIENT", "ID"));
        return Long.parseLong(r.substring(1, r.length() - 2));
    }

    static List<String> slowlogOfBlockedCommands(Function<Duration, RawRedisClient> open, Runnable timePasses) {
        List<String> out = new ArrayList<>();
        try (RawRedisClient a = open.apply(Duration.ofSeconds(10)); RawRedisClient b = open.apply(Duration.ofSeconds(10))) {
            a.call("CONFIG", "SET", "slowlog-log-slower-than", "0");
            // served by a push inside MULTI: logged as it was sent, after the EXEC that served it
            b.sendRaw(RawRedisClient.encodeCommand(RawRedisClient.argv("BLPOP", "l", "0")));
            a.awaitBlockedClients(1);
            a.call("MULTI");
            a.call("LPUSH", "l", "foo");
            a.call("SLOWLOG", "RESET");
            out.add(s(a.call("EXEC")));
            out.add(s(b.readReply()));
            out.add(masked(a.call("SLOWLOG", "GET")));
            // served by a plain push, a BLMOVE
            b.sendRaw(RawRedisClient.encodeCommand(RawRedisClient.argv("BLMOVE", "src", "dst", "LEFT", "RIGHT", "0")));
            a.awaitBlockedClients(1);
            a.call("SLOWLOG", "RESET"); // after the INFO calls that waited
            out.add(s(a.call("RPUSH", "src", "x", "y")));
            out.add(s(b.readReply()));
            out.add(masked(a.call("SLOWLOG", "GET")));
            // woken by CLIENT UNBLOCK, as on a timeout and with an error: 7.2 logs it, 7.0 logs it without
            // its arguments, 6.2 does not
            String bId = Long.toString(clientId(b));
            for (String how : new String[] {"TIMEOUT", "ERROR"}) {
                b.sendRaw(RawRedisClient.encodeCommand(RawRedisClient.argv("BZPOPMIN", "z", "0")));
                a.awaitBlockedClients(1);
                a.call("SLOWLOG", "RESET");
                out.add(s(a.call("CLIENT", "UNBLOCK", bId, how)));
                out.add(s(b.readReply()));
                // the CLIENT UNBLOCK entry names the client, whose id differs between the servers
                out.add(masked(a.call("SLOWLOG", "GET")).replace("$" + bId.length() + "\r\n" + bId + "\r\n", "$ID\r\n"));
            }
            // timed out: 7.2 logs it, 6.2 and 7.0 do not
            b.sendRaw(RawRedisClient.encodeCommand(RawRedisClient.argv("BLPOP", "nothing", "0.05")));
            a.awaitBlockedClients(1);
            a.call("SLOWLOG", "RESET");
            timePasses.run();
            out.add(s(b.readReply()));
            out.add(masked(a.call("SLOWLOG", "GET")));
        }
        return out;
    }

    /** INFO commandstats' line for a command, its measured time masked ("none" while it has no line). */
    private static String cmdstat(RawRedisClient c, String command) {
        for (String line : s(c.call("INFO", "commandstats")).split("\r\n")) {
            if (line.startsWith("cmdstat_" + command + ":")) return line.replaceAll("usec=[0-9]+,usec_per_call=[0-9.]+,", "");
        }
        return "none";
    }

    /**
     * When a blocked command is counted in commandstats: 6.2 and 7.0 when it blocks, 7.2 when it unblocks
     * (served, timed out) — and never if its client disconnects while blocked.
     */
    static List<String> commandstatsOfBlockedCommands(Function<Duration, RawRedisClient> open, Runnable timePasses) {
        List<String> out = new ArrayList<>();
        try (RawRedisClient a = open.apply(Duration.ofSeconds(10))) {
            try (RawRedisClient b = open.apply(Duration.ofSeconds(10))) {
                b.sendRaw(RawRedisClient.encodeCommand(RawRedisClient.argv("BLPOP", "l", "0")));
                a.awaitBlockedClients(1);
                out.add(cmdstat(a, "blpop"));
                a.call("RPUSH", "l", "x");
                out.add(s(b.readReply()));
                out.add(cmdstat(a, "blpop"));
                b.sendRaw(RawRedisClient.encodeCommand(RawRedisClient.argv("BRPOP", "l", "0")));
                a.awaitBlockedClients(1);
                out.add(cmdstat(a, "brpop"));
            }
            a.awaitBlockedClients(0); // its client went away while blocked
            out.add(cmdstat(a, "brpop"));
            try (RawRedisClient b = open.apply(Duration.ofSeconds(10))) {
                b.sendRaw(RawRedisClient.encodeCommand(RawRedisClient.argv("BZPOPMIN", "z", "0.05")));
                a.awaitBlockedClients(1);
                out.add(cmdstat(a, "bzpopmin"));
                timePasses.run();
                out.add(s(b.readReply()));
                out.add(cmdstat(a, "bzpopmin"));
            }
        }
        return out;
    }

    static List<String> redactedArguments(Function<Duration, RawRedisClient> open) {
        List<String> out = new ArrayList<>();
        try (RawRedisClient a = open.apply(Duration.ofSeconds(10))) {
            int port = Integer.parseInt(infoField(a, "server", "tcp_port").split(":")[1]);
            a.call("CONFIG", "SET", "slowlog-log-slower-than", "0");
            a.call("SLOWLOG", "RESET");
            out.add(s(a.call("ACL", "SETUSER", "slowlog test user", "+get", "+set"))); // refused, still redacted
            out.add(s(a.call("ACL", "SETUSER", "slowlog-test-user", "+get")));
            out.add(s(a.call("CONFIG", "SET", "masterauth", "", "maxmemory-policy", "noeviction", "REQUIREPASS", "")));
            out.add(s(a.call("CONFIG", "SET", "masteruser", "x", "maxmemory-policy"))); // odd: nothing redacted
            out.add(s(a.call("CONFIG", "SET", "masteruser", "")));
            String p = Integer.toString(port);
            out.add(s(a.call("MIGRATE", "127.0.0.1", p, "key", "9", "5000")));
            out.add(s(a.call("MIGRATE", "127.0.0.1", p, "key", "9", "5000", "AUTH", "pw")));
            out.add(s(a.call("MIGRATE", "127.0.0.1", p, "key", "9", "5000", "COPY", "AUTH2", "user", "pw")));
            out.add(s(a.call("MIGRATE", "127.0.0.1", p, "key", "9", "5000", "AUTH"))); // syntax error: shown as sent
            out.add(s(a.call("MIGRATE", "127.0.0.1", p, "", "9", "5000", "KEYS", "AUTH", "x"))); // keys, not options
            out.add(s(a.call("MIGRATE", "127.0.0.1", p, "key", "9", "5000", "BOGUS", "AUTH", "x"))); // stops at BOGUS
            a.call("CONFIG", "SET", "slowlog-log-slower-than", "-1");
            out.add(masked(a.call("SLOWLOG", "GET")).replace("$" + p.length() + "\r\n" + p + "\r\n", "$PORT\r\n"));
        }
        return out;
    }

    static List<String> pausedClients(Function<Duration, RawRedisClient> open) {
        List<String> out = new ArrayList<>();
        try (RawRedisClient a = open.apply(Duration.ofSeconds(10));
             RawRedisClient w1 = open.apply(Duration.ofSeconds(10));
             RawRedisClient w2 = open.apply(Duration.ofSeconds(10));
             RawRedisClient w3 = open.apply(Duration.ofSeconds(10));
             RawRedisClient w4 = open.apply(Duration.ofSeconds(10));
             RawRedisClient r = open.apply(Duration.ofSeconds(10))) {
            a.call("PFADD", "hll", "a");
            a.call("SET", "x", "y");
            out.add(s(a.call("FUNCTION", "LOAD", "#!lua name=lib\nredis.register_function{function_name='ro', "
                    + "callback=function() return 'hello' end, flags={'no-writes'}}\n"
                    + "redis.register_function{function_name='rw', callback=function() return 'written' end}")));
            out.add(s(a.call("CLIENT", "PAUSE", "100000", "WRITE")));
            // postponed: a write, PFCOUNT and PUBLISH (may replicate), a shebang script that may write
            w1.sendRaw(RawRedisClient.encodeCommand(RawRedisClient.argv("SET", "foo", "bar")));
            a.awaitBlockedClients(1);
            w2.sendRaw(RawRedisClient.encodeCommand(RawRedisClient.argv("PFCOUNT", "hll")));
            a.awaitBlockedClients(2);
            w3.sendRaw(RawRedisClient.encodeCommand(RawRedisClient.argv("PUBLISH", "ch", "msg")));
            a.awaitBlockedClients(3);
            w4.sendRaw(RawRedisClient.encodeCommand(RawRedisClient.argv("EVAL", "#!lua\nreturn 1", "0")));
            a.awaitBlockedClients(4);
            out.add(infoField(a, "clients", "blocked_clients"));
            // run at once: scripts and functions that declare no-writes, EVAL_RO, reads, in MULTI too
            out.add(s(r.call("EVAL", "#!lua flags=no-writes\nreturn 'unique'", "0")));
            out.add(s(r.call("EVAL_RO", "return redis.call('get', KEYS[1])", "1", "x")));
            out.add(s(r.call("FCALL", "ro", "0")));
            out.add(s(r.call("GET", "x")));
            r.call("MULTI");
            r.call("EVAL", "#!lua flags=no-writes\nreturn 12", "0");
            r.call("GET", "x");
            out.add(s(r.call("EXEC")));
            // EVAL_RO refuses PFCOUNT, which may replicate
            out.add(s(r.call("EVAL_RO", "return redis.call('pfcount', KEYS[1])", "1", "hll")));
            out.add(infoField(a, "clients", "blocked_clients"));
            // a function that may write waits too
            r.sendRaw(RawRedisClient.encodeCommand(RawRedisClient.argv("FCALL", "rw", "0")));
            a.awaitBlockedClients(5);
            out.add(s(a.call("CLIENT", "UNPAUSE")));
            out.add(s(w1.readReply()));
            out.add(s(w2.readReply()));
            out.add(s(w3.readReply()));
            out.add(s(w4.readReply()));
            out.add(s(r.readReply()));
            out.add(infoField(a, "clients", "blocked_clients"));
            out.add(s(a.call("GET", "foo")));
        }
        return out;
    }

    /**
     * SCRIPT under CLIENT PAUSE WRITE: 6.2's SCRIPT is may-replicate as a whole, so every subcommand
     * waits; 7.0's subcommands are not. {@code postponed} only says how to wait for the request to be
     * taken: the real server has to agree, or the transcript cannot be made.
     */
    static List<String> scriptUnderPause(Function<Duration, RawRedisClient> open, boolean postponed) {
        List<String> out = new ArrayList<>();
        try (RawRedisClient a = open.apply(Duration.ofSeconds(10)); RawRedisClient w = open.apply(Duration.ofSeconds(10))) {
            out.add(s(a.call("SCRIPT", "LOAD", "return 1")));
            out.add(s(a.call("CLIENT", "PAUSE", "100000", "WRITE")));
            for (String[] cmd : new String[][] {{"SCRIPT", "EXISTS", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db"}, {"SCRIPT", "FLUSH"}}) {
                w.sendRaw(RawRedisClient.encodeCommand(RawRedisClient.argv(cmd)));
                if (postponed) {
                    a.awaitBlockedClients(1);
                    out.add(infoField(a, "clients", "blocked_clients"));
                    out.add(s(a.call("CLIENT", "UNPAUSE")));
                    out.add(s(w.readReply()));
                    out.add(s(a.call("CLIENT", "PAUSE", "100000", "WRITE")));
                } else {
                    out.add(s(w.readReply()));
                    out.add(infoField(a, "clients", "blocked_clients"));
                }
            }
            out.add(s(a.call("CLIENT", "UNPAUSE")));
        }
        return out;
    }

    static List<String> expiryDuringPause(Function<Duration, RawRedisClient> open, Runnable ttlPasses) {
        List<String> out = new ArrayList<>();
        try (RawRedisClient a = open.apply(Duration.ofSeconds(10))) {
            long before = Long.parseLong(infoField(a, "stats", "expired_keys").split(":")[1]);
            a.call("MULTI");
            a.call("SET", "k1", "v", "PX", "10");
            a.call("SET", "k2", "v", "PX", "10");
            a.call("CLIENT", "PAUSE", "100000", "WRITE");
            out.add(s(a.call("EXEC")));
            ttlPasses.run();
            out.add(s(a.call("GET", "k1")));
            out.add(s(a.call("EXISTS", "k1", "k2")));
            out.add(s(a.call("SCAN", "0")));
            out.add(s(a.call("DBSIZE"))); // still stored
            out.add(Long.toString(Long.parseLong(infoField(a, "stats", "expired_keys").split(":")[1]) - before));
            out.add(s(a.call("CLIENT", "UNPAUSE")));
            out.add(s(a.call("GET", "k1")));
            out.add(s(a.call("GET", "k2")));
            out.add(s(a.call("DBSIZE")));
            out.add(Long.toString(Long.parseLong(infoField(a, "stats", "expired_keys").split(":")[1]) - before));
            // eviction waits too: over maxmemory, nothing is evicted (nor refused) until the pause ends
            long evicted = Long.parseLong(infoField(a, "stats", "evicted_keys").split(":")[1]);
            a.call("SET", "k3", "v");
            a.call("SET", "k4", "v");
            a.call("CONFIG", "SET", "maxmemory-policy", "allkeys-random");
            a.call("CLIENT", "PAUSE", "100000", "WRITE");
            out.add(s(a.call("CONFIG", "SET", "maxmemory", "1")));
            out.add(s(a.call("GET", "k3")));
            out.add(s(a.call("DBSIZE")));
            out.add(Long.toString(Long.parseLong(infoField(a, "stats", "evicted_keys").split(":")[1]) - evicted));
            out.add(s(a.call("CLIENT", "UNPAUSE")));
            out.add(s(a.call("GET", "k3")));
            out.add(s(a.call("DBSIZE")));
            out.add(Long.toString(Long.parseLong(infoField(a, "stats", "evicted_keys").split(":")[1]) - evicted));
            a.call("CONFIG", "SET", "maxmemory", "0");
        }
        return out;
    }

    private interface Transcript {
        List<String> run(Function<Duration, RawRedisClient> open, Runnable timePasses);
    }

    private static void compare(String test, Transcript t, String... versions) {
        for (String v : ReferenceRedis.liveVersions(test, versions)) {
            List<String> expected;
            try (ReferenceRedis real = ReferenceRedis.startPrivate(v)) {
                expected = t.run(real::openClient, () -> RawRedisClient.realTimePasses(100));
            }
            List<String> actual;
            try (RedisDouble dbl = RedisDouble.builder().version(v).manualTime().start()) {
                actual = t.run(d -> new RawRedisClient("127.0.0.1", dbl.port(), d),
                        () -> dbl.time().advance(Duration.ofMillis(100)));
            }
            assertEquals(expected.size(), actual.size(), v);
            for (int i = 0; i < expected.size(); i++) assertEquals(expected.get(i), actual.get(i), v + " step " + i);
        }
    }

    @Test
    void blockedCommandsAreLoggedWhenServedOrUnblocked() {
        compare("SlowlogAndPauseConformanceTest", SlowlogAndPauseConformanceTest::slowlogOfBlockedCommands, "7.0", "6.2", "7.2", "7.4", "8.0", "valkey-8.0");
    }

    @Test
    void blockedCommandsAreCountedWhenTheirVersionCountsThem() {
        compare("SlowlogAndPauseConformanceTest", SlowlogAndPauseConformanceTest::commandstatsOfBlockedCommands,
                "7.0", "6.2", "7.2", "7.4", "valkey-8.0");
    }

    @Test
    void sensitiveArgumentsAreRedacted() {
        compare("SlowlogAndPauseConformanceTest", (open, ttl) -> redactedArguments(open), "7.0", "6.2", "7.2");
    }

    @Test
    void pauseWritePostponesScriptIn62Only() {
        compare("SlowlogAndPauseConformanceTest", (open, ttl) -> scriptUnderPause(open, false), "7.0", "7.2");
        compare("SlowlogAndPauseConformanceTest", (open, ttl) -> scriptUnderPause(open, true), "6.2");
    }

    @Test
    void pauseWritePostponesWhatMayReplicate() {
        compare("SlowlogAndPauseConformanceTest", (open, ttl) -> pausedClients(open), "7.0", "7.2", "7.4", "8.0", "valkey-8.0");
    }

    @Test
    void pauseHoldsBackExpiryAndEviction() {
        compare("SlowlogAndPauseConformanceTest", SlowlogAndPauseConformanceTest::expiryDuringPause, "7.0", "6.2", "7.2");
    }
}
