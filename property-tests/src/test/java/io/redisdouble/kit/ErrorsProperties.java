package io.redisdouble.kit;

import io.redisdouble.testing.RawRedisClient;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.state.ActionChain;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Errors that come before any command runs: unknown commands (the name echoed as sent, arguments
 * quoted and cut at 128 bytes — 6.2 and 7.0 word this differently) and wrong numbers of arguments
 * for every command of the families. The arity of each command is read from the reference itself
 * ({@code COMMAND INFO}), and only argument counts that are certainly wrong are generated, so no
 * generated command ever runs.
 */
@Family("errors")
class ErrorsProperties {

    /** Commands of the families whose arity errors are compared. */
    static final List<String> COMMANDS = List.of(
            "get", "set", "setnx", "setex", "psetex", "getset", "getdel", "getex", "mget", "mset", "msetnx",
            "incr", "decr", "incrby", "decrby", "incrbyfloat", "append", "strlen", "getrange", "substr", "setrange",
            "del", "unlink", "exists", "touch", "type", "expire", "pexpire", "expireat", "pexpireat", "ttl", "pttl",
            "expiretime", "pexpiretime", "persist", "keys", "scan", "rename", "renamenx", "randomkey", "dbsize",
            "flushdb", "flushall", "move", "copy", "multi", "exec", "discard", "watch", "unwatch", "ping", "echo",
            "select", "hello", "auth", "client", "config", "info", "time", "quit", "reset",
            "zadd", "zincrby", "zrem", "zcard", "zcount", "zlexcount", "zscore", "zmscore", "zrank", "zrevrank",
            "zrange", "zrangebyscore", "zrevrangebyscore", "zrangebylex", "zrevrangebylex", "zrevrange",
            "zremrangebyscore", "zremrangebyrank", "zremrangebylex", "zpopmin", "zpopmax", "zrangestore",
            "zunionstore", "zinterstore", "zdiffstore", "zunion", "zinter", "zdiff", "zintercard", "zrandmember",
            "zscan", "zmpop", "bzpopmin", "bzpopmax", "bzmpop",
            "hset", "hsetnx", "hmset", "hget", "hmget", "hgetall", "hkeys", "hvals", "hlen", "hstrlen", "hexists",
            "hdel", "hincrby", "hincrbyfloat", "hrandfield", "hscan",
            "sadd", "srem", "smove", "sismember", "smismember", "scard", "spop", "srandmember", "smembers", "sinter",
            "sintercard", "sinterstore", "sunion", "sunionstore", "sdiff", "sdiffstore", "sscan",
            "lpush", "rpush", "lpushx", "rpushx", "linsert", "llen", "lindex", "lset", "lpop", "rpop", "lrange",
            "ltrim", "lpos", "lrem", "rpoplpush", "lmove", "lmpop", "blpop", "brpop", "brpoplpush", "blmove", "blmpop",
            "subscribe", "unsubscribe", "psubscribe", "punsubscribe", "publish", "pubsub", "ssubscribe",
            "sunsubscribe", "spublish");

    private static Map<String, Integer> arities;

    /** name → arity as the reference declares it (commands it does not know are left out). */
    static synchronized Map<String, Integer> arities() {
        if (arities == null) {
            Map<String, Integer> out = new LinkedHashMap<>();
            try (RawRedisClient c = KitTarget.current().reference().open()) {
                List<String> argv = new ArrayList<>(List.of("COMMAND", "INFO"));
                argv.addAll(COMMANDS);
                RespFrame f = RespFrame.parse(c.call(argv.toArray(new String[0])));
                for (RespFrame entry : f.children) {
                    if (entry.isNull() || entry.children.size() < 2) {
                        continue;
                    }
                    out.put(entry.children.get(0).text().toLowerCase(Locale.ROOT),
                            Integer.parseInt(entry.children.get(1).head));
                }
            }
            arities = out;
        }
        return arities;
    }

    /** A command sent with an argument count its arity forbids. */
    static Arbitrary<Cmd> arityError() {
        List<Arbitrary<Cmd>> each = new ArrayList<>();
        for (Map.Entry<String, Integer> e : arities().entrySet()) {
            int arity = e.getValue();
            List<Integer> counts = new ArrayList<>();
            if (arity > 0) {
                for (int n = 1; n <= arity + 2; n++) {
                    if (n != arity) {
                        counts.add(n);
                    }
                }
            } else {
                for (int n = 1; n < -arity; n++) {
                    counts.add(n);
                }
            }
            if (counts.isEmpty()) {
                continue;
            }
            String name = e.getKey();
            each.add(Combinators.combine(Gen.word(name.toUpperCase(Locale.ROOT)), Arbitraries.of(counts))
                    .as((w, n) -> {
                        byte[][] argv = new byte[n][];
                        argv[0] = Gen.utf8(w);
                        for (int i = 1; i < n; i++) {
                            argv[i] = Gen.utf8(i == 1 ? "k1" : "1");
                        }
                        return Cmd.ofBytes(argv);
                    }));
        }
        return Gen.oneOf(each);
    }

    /** Names no Redis knows, including empty, long, binary and quote-carrying ones. */
    static Arbitrary<byte[]> unknownName() {
        return Gen.frequencyOf(
                Tuple.of(6, Arbitraries.of("foo", "GETT", "zadd2", "SETX", "x", "nosuchcommand", "hello-world", "a'b",
                        "SET\u00e9").map(Gen::utf8)),
                Tuple.of(1, Arbitraries.of("", " ", "set k", "\"").map(Gen::utf8)),
                Tuple.of(1, Arbitraries.strings().withChars("ab").ofMinLength(120).ofMaxLength(140).map(Gen::utf8)),
                Tuple.of(1, Gen.binary(1, 4).filter(b -> !looksKnown(b))));
    }

    private static boolean looksKnown(byte[] b) {
        return arities().containsKey(new String(b, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT));
    }

    static Arbitrary<byte[]> errorArg() {
        return Gen.frequencyOf(
                Tuple.of(6, Gen.value()),
                Tuple.of(1, Arbitraries.strings().withChars("xyz").ofMinLength(100).ofMaxLength(140).map(Gen::utf8)),
                Tuple.of(1, Arbitraries.of("'", "`", "a b", "\n").map(Gen::utf8)));
    }

    static Arbitrary<Cmd> unknownCommand() {
        return Combinators.combine(unknownName(), errorArg().list().ofMaxSize(4)).as((n, args) -> {
            List<byte[]> argv = new ArrayList<>();
            argv.add(n);
            argv.addAll(args);
            return Cmd.of(argv);
        });
    }

    static Arbitrary<Cmd> commands() {
        return Gen.frequencyOf(
                Tuple.of(4, arityError()),
                Tuple.of(3, unknownCommand()),
                Tuple.of(1, Gen.cmd(Gen.word("PING"))));
    }

    @Provide
    Arbitrary<Integer> protocol() {
        return Chains.protocols();
    }

    @Provide
    Arbitrary<ActionChain<Duo>> chains() {
        return Chains.of(20, commands());
    }

    @Property
    void unknownCommandsAndArity(@ForAll("protocol") int protocol, @ForAll("chains") ActionChain<Duo> chain) {
        Duo.runChain(this, protocol, chain);
    }
}
