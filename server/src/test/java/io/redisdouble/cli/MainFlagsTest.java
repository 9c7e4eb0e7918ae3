package io.redisdouble.cli;

import io.redisdouble.RedisDouble;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The standalone server's flags: each one either does what redis-server does with it (checked through
 * CONFIG GET / behaviour on the started server) or stops the start with an error naming it. None is
 * accepted and ignored.
 */
class MainFlagsTest {

    /** The parse result: exit code (-1: would start), what was printed on stderr. */
    record Parsed(int code, String err, Main.Options options) {}

    static Parsed parse(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        Main.Options o = new Main.Options();
        String[] withPort = new String[args.length + 2];
        withPort[0] = "--port";
        withPort[1] = "0";
        System.arraycopy(args, 0, withPort, 2, args.length);
        int code = Main.parse(withPort, o, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Parsed(code, err.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"), o);
    }

    /** Starts the server the flags describe (they must parse), runs CONFIG GET name on it. */
    static String configGet(String name, String... args) {
        Parsed p = parse(args);
        assertEquals(-1, p.code(), p.err());
        try (RedisDouble r = p.options().builder.start()) {
            return String.valueOf(r.command("CONFIG", "GET", name));
        }
    }

    /** The flags parse but the start is refused: the message main() prints. */
    static String refusedAtStart(String... args) {
        Parsed p = parse(args);
        if (p.code() >= 0) return p.err();
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int rc = Main.start(p.options(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, rc);
        return err.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
    }

    @Test
    void maxclientsIsApplied() {
        assertEquals("{maxclients=3}", configGet("maxclients", "--maxclients", "3"));
        assertEquals("{maxclients=10000}", configGet("maxclients"));
        assertEquals("redis-double: refused at start: CONFIG SET maxclients 0: ERR CONFIG SET failed (possibly related "
                + "to argument 'maxclients') - argument must be between 1 and 4294967295 inclusive\n",
                refusedAtStart("--maxclients", "0"));
    }

    @Test
    void timeoutIsApplied() {
        assertEquals("{timeout=5}", configGet("timeout", "--timeout", "5"));
        assertTrue(refusedAtStart("--timeout", "-1").contains("argument must be between 0 and 2147483647 inclusive"));
    }

    @Test
    void hzIsAppliedAndClampedAsCONFIG_SETDoes() {
        assertEquals("{hz=50}", configGet("hz", "--hz", "50"));
        assertEquals("{hz=500}", configGet("hz", "--hz", "1000"));
    }

    @Test
    void maxmemoryIsAppliedAndPersistenceRefusedUnlessOff() {
        assertEquals("{maxmemory=10485760}", configGet("maxmemory", "--maxmemory", "10mb"));
        assertEquals("{maxmemory-policy=allkeys-lru}", configGet("maxmemory-policy", "--maxmemory", "1gb",
                "--maxmemory-policy", "allkeys-lru"));
        assertEquals("{save=900 1}", configGet("save", "--save", "900 1"));
        assertTrue(refusedAtStart("--appendonly", "yes").contains("no AOF"));
        assertEquals("{save=}", configGet("save", "--save", "", "--appendonly", "no"));
    }

    @Test
    void flagsWithOneSupportedValue() {
        for (String[] ok : new String[][] {{"--daemonize", "no"}, {"--supervised", "no"}, {"--io-threads", "1"},
                {"--logfile", ""}, {"--pidfile", ""}, {"--tcp-backlog", "511"}}) {
            assertEquals(-1, parse(ok).code(), ok[0]);
        }
        assertEquals("redis-double: '--daemonize yes' is not supported: redis-double does not fork: run it in the "
                + "background from the shell (only '--daemonize no')\n", parse("--daemonize", "yes").err());
        assertEquals("redis-double: '--logfile /tmp/x.log' is not supported: redis-double logs to standard output "
                + "(only '--logfile \"\"')\n", parse("--logfile", "/tmp/x.log").err());
        assertEquals(1, parse("--io-threads", "4").code());
        assertEquals(1, parse("--pidfile", "/tmp/x.pid").code());
        assertEquals("redis-double: '--appendfilename' is not supported: redis-double writes no AOF\n",
                parse("--appendfilename", "x.aof").err());
        assertEquals(1, parse("--tcp-keepalive", "60").code());
    }

    @Test
    void loglevelAndProtoMaxBulkLenAreApplied() {
        assertEquals("{loglevel=warning}", configGet("loglevel", "--loglevel", "warning"));
        assertTrue(refusedAtStart("--loglevel", "loud").contains("argument(s) must be one of the following"));
        assertEquals("{proto-max-bulk-len=1048576}", configGet("proto-max-bulk-len", "--proto-max-bulk-len", "1mb"));
    }

    @Test
    void bufferLimitsAreApplied() {
        assertEquals("{client-output-buffer-limit=normal 0 0 0 slave 268435456 67108864 60 pubsub 1048576 262144 2}",
                configGet("client-output-buffer-limit", "--client-output-buffer-limit", "pubsub 1mb 256kb 2"));
        assertEquals("{client-query-buffer-limit=1048576}",
                configGet("client-query-buffer-limit", "--client-query-buffer-limit", "1mb"));
        assertTrue(refusedAtStart("--client-query-buffer-limit", "1kb").contains("argument must be between"));
    }

    @Test
    void unknownFlagsAreRefused() {
        Parsed p = parse("--no-such-flag", "1");
        assertEquals(1, p.code());
        assertTrue(p.err().startsWith("redis-double: unknown option '--no-such-flag'"), p.err());
    }
}
