package io.redisdouble.clients;

import io.lettuce.core.FlushMode;
import io.lettuce.core.FunctionRestoreMode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.LibraryInfo;

import java.util.HexFormat;
import java.util.List;

/**
 * Functions (7.0) through real clients, unmodified: Jedis's and Lettuce's functionLoad / fcall /
 * fcallReadonly / functionList / functionDump / functionRestore. Every reply is noted in a
 * {@link Transcript} on real Redis 7.0.15 and then on redis-double; the transcripts must be identical.
 * FLUSHALL keeps libraries, so each scenario starts with FUNCTION FLUSH.
 */
class FunctionsClientsTest {
    static final String LIB = "#!lua name=counters\n"
            + "redis.register_function('incr_by', function(keys, args) return redis.call('incrby', keys[1], args[1]) end)\n";
    static final String RO_LIB = "#!lua name=readers\n"
            + "redis.register_function{function_name='peek', callback=function(keys) return redis.call('get', keys[1]) end,"
            + " flags={'no-writes'}, description='reads a counter'}\n";

    private static String error(Runnable r) {
        try {
            r.run();
            return "no error";
        } catch (Exception e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    @Test
    void jedis() throws Exception {
        Transcript.compare(Target.both().toList(), (server, seen) -> {
            try (Jedis j = new Jedis(server.host(), server.port())) {
                seen.note("flush", j.functionFlush());
                seen.note("load", j.functionLoad(LIB));
                seen.note("load again", error(() -> j.functionLoad(LIB)));
                seen.note("load replace", j.functionLoadReplace(LIB));
                seen.note("load ro", j.functionLoad(RO_LIB));
                seen.note("fcall", j.fcall("incr_by", List.of("c"), List.of("5")));
                seen.note("fcall again", j.fcall("INCR_BY", List.of("c"), List.of("2")));
                seen.note("fcall_ro", j.fcallReadonly("peek", List.of("c"), List.of()));
                seen.note("fcall_ro write", error(() -> j.fcallReadonly("incr_by", List.of("c"), List.of("1"))));
                seen.note("fcall missing", error(() -> j.fcall("nope", List.of(), List.of())));
                seen.note("fcall error", error(() -> j.fcall("incr_by", List.of("c"), List.of("x"))));
                List<LibraryInfo> libs = j.functionListWithCode("read*");
                seen.note("list size", libs.size());
                seen.note("list name", libs.get(0).getLibraryName());
                seen.note("list engine", libs.get(0).getEngine());
                seen.note("list functions", libs.get(0).getFunctions().toString());
                seen.note("list code", libs.get(0).getLibraryCode());
                seen.note("delete counters", j.functionDelete("counters"));
                byte[] dump = j.functionDump();
                seen.note("dump", HexFormat.of().formatHex(dump));
                seen.note("flush", j.functionFlush());
                seen.note("restore", j.functionRestore(dump));
                seen.note("fcall restored", j.fcallReadonly("peek", List.of("c"), List.of()));
                seen.note("stats libraries", j.functionStats().getEngines().toString());
                seen.note("flush", j.functionFlush());
            }
        });
    }

    @Test
    void lettuce() throws Exception {
        Transcript.compare(Target.both().toList(), (server, seen) -> {
            RedisClient client = RedisClient.create(server.uri());
            try (StatefulRedisConnection<String, String> conn = client.connect()) {
                RedisCommands<String, String> c = conn.sync();
                seen.note("flush", c.functionFlush(FlushMode.SYNC));
                seen.note("load", c.functionLoad(LIB));
                seen.note("load replace", c.functionLoad(LIB, true));
                Long v = c.fcall("incr_by", ScriptOutputType.INTEGER, new String[] {"c"}, "40");
                seen.note("fcall", v);
                // one library only: Redis dumps several in its dict's (seeded, random) order
                byte[] dump = c.functionDump();
                seen.note("dump", HexFormat.of().formatHex(dump));
                seen.note("load ro", c.functionLoad(RO_LIB));
                String got = c.fcallReadOnly("peek", ScriptOutputType.VALUE, "c");
                seen.note("fcall_ro", got);
                seen.note("fcall_ro write", error(() -> c.fcallReadOnly("incr_by", ScriptOutputType.INTEGER, new String[] {"c"}, "1")));
                seen.note("list", c.functionList("count*").toString());
                seen.note("restore append", error(() -> c.functionRestore(dump)));
                seen.note("restore replace", c.functionRestore(dump, FunctionRestoreMode.REPLACE));
                seen.note("restore flush", c.functionRestore(dump, FunctionRestoreMode.FLUSH));
                seen.note("kill", error(c::functionKill));
                seen.note("flush", c.functionFlush(FlushMode.ASYNC));
            } finally {
                client.shutdown();
            }
        });
    }
}
