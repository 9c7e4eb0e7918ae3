package io.redisdouble.command;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.resp.Reply;
import io.redisdouble.resp.RespEncoder;
import io.redisdouble.util.Bytes;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FUNCTION and FCALL (7.0). Expected replies were taken from real Redis 7.0.15 (redis-cli and raw RESP);
 * the byte-exact comparison of most texts lives in conformance/functions.txt.
 */
class FunctionCommandsTest {
    private final EngineHarness h = new EngineHarness(Dialect.REDIS_7_0, null);

    private static String run(EngineHarness h, Session s, String... argv) {
        byte[][] a = new byte[argv.length][];
        for (int i = 0; i < argv.length; i++) a[i] = Bytes.utf8(argv[i]);
        Reply r = h.engine.execute(s, a);
        return r == null ? null : Bytes.str(RespEncoder.toBytes(r, s.proto(), h.engine.dialect()));
    }

    private String run(String... argv) {
        return run(h, h.session, argv);
    }

    @Test
    void loadCallAndList() {
        assertEquals("$5\r\nmylib\r\n", run("FUNCTION", "LOAD", "#!lua name=mylib\n"
                + "local calls = 0\n"
                + "redis.register_function('count', function(keys, args) calls = calls + 1 return {calls, #keys, #args} end)\n"
                + "redis.register_function{function_name='get', callback=function(keys) return redis.call('get', keys[1]) end,"
                + " flags={'no-writes'}, description='reads'}"));
        assertEquals("*3\r\n:1\r\n:1\r\n:2\r\n", run("FCALL", "count", "1", "k", "a", "b"));
        // Function names are case-insensitive; the library's local state lives on between calls.
        assertEquals("*3\r\n:2\r\n:0\r\n:0\r\n", run("FCALL", "COUNT", "0"));
        run("SET", "k", "v");
        assertEquals("$1\r\nv\r\n", run("FCALL_RO", "get", "1", "k"));
        assertEquals("-ERR Can not execute a script with write flag using *_ro command.\r\n", run("FCALL_RO", "count", "0"));
        assertEquals("-ERR Function not found\r\n", run("FCALL", "nosuch", "0"));
        assertEquals("-ERR Bad number of keys provided\r\n", run("FCALL", "count", "x"));
        assertEquals("-ERR Number of keys can't be greater than number of args\r\n", run("FCALL", "count", "2", "k"));
        assertEquals("-ERR Library 'mylib' already exists\r\n", run("FUNCTION", "LOAD", "#!lua name=mylib\nredis.register_function('x', function() end)"));
        assertEquals("-ERR Function Count already exists\r\n", run("FUNCTION", "LOAD", "#!lua name=other\nredis.register_function('Count', function() end)"));
        String list = run("FUNCTION", "LIST", "LIBRARYNAME", "MY*");
        assertTrue(list.startsWith("*1\r\n*6\r\n$12\r\nlibrary_name\r\n$5\r\nmylib\r\n$6\r\nengine\r\n$3\r\nLUA\r\n"), list);
        assertTrue(list.contains("$11\r\ndescription\r\n$5\r\nreads\r\n$5\r\nflags\r\n*1\r\n+no-writes\r\n"), list);
        assertEquals("*0\r\n", run("FUNCTION", "LIST", "LIBRARYNAME", "zzz"));
    }

    @Test
    void libraryCodeRunsWithOnlyTheLibraryApi() {
        assertEquals("-ERR Error registering functions: ERR user_function:2: Script attempted to access nonexistent global variable 'string'\r\n",
                run("FUNCTION", "LOAD", "#!lua name=x\nreturn string.len('a')"));
        assertEquals("-ERR Error registering functions: ERR user_function:2: Script attempted to access nonexistent global variable 'call'\r\n",
                run("FUNCTION", "LOAD", "#!lua name=x\nredis.call('ping')"));
        assertEquals("-ERR No functions registered\r\n", run("FUNCTION", "LOAD", "#!lua name=x\nlocal a = 1"));
        // ... while a function, when called, sees the whole API.
        run("FUNCTION", "LOAD", "#!lua name=y\nredis.register_function('e', function() error('boom') end)\n"
                + "redis.register_function('g', function() x = 1 end)");
        assertEquals("-ERR user_function:2: boom script: e, on @user_function:2.\r\n", run("FCALL", "e", "0"));
        assertEquals("-ERR user_function:3: Attempt to modify a readonly table script: g, on @user_function:3.\r\n", run("FCALL", "g", "0"));
    }

    @Test
    void functionsSurviveScriptFlushAndShowInInfo() {
        run("FUNCTION", "LOAD", "#!lua name=a\nredis.register_function('f1', function() return 1 end) redis.register_function('f2', function() return 2 end)");
        run("SCRIPT", "LOAD", "return 1");
        String info = run("INFO", "memory");
        assertTrue(info.contains("number_of_cached_scripts:1\r\n"), info);
        assertTrue(info.contains("number_of_functions:2\r\nnumber_of_libraries:1\r\n"), info);
        run("SCRIPT", "FLUSH");
        assertEquals(":2\r\n", run("FCALL", "f2", "0"));
        assertTrue(run("INFO", "memory").contains("number_of_cached_scripts:0\r\n"));
        assertEquals("+OK\r\n", run("FUNCTION", "DELETE", "a"));
        assertEquals("-ERR Library not found\r\n", run("FUNCTION", "DELETE", "a"));
        assertEquals("-ERR Function not found\r\n", run("FCALL", "f1", "0"));
    }

    @Test
    void dumpIsRedisPayloadAndRestoreHonoursPolicies() {
        run("FUNCTION", "LOAD", "#!lua name=d\nredis.register_function('d', function() return 'dumped' end)");
        byte[] dump = dumpBytes();
        // Real 7.0.15's FUNCTION DUMP of the same library.
        byte[] real = ("\u00f5@I#!lua name=d\nredis.register_function('d', function() return 'dumped' end)\n\u0000\u000e<o=\u00d1-\u00b7k").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertEquals(new String(real, java.nio.charset.StandardCharsets.ISO_8859_1), new String(dump, java.nio.charset.StandardCharsets.ISO_8859_1));
        byte[][] restore = {Bytes.utf8("FUNCTION"), Bytes.utf8("RESTORE"), dump};
        assertEquals("-ERR Library d already exists\r\n", str(h.engine.execute(h.session, restore)));
        byte[][] replace = {Bytes.utf8("FUNCTION"), Bytes.utf8("RESTORE"), dump, Bytes.utf8("REPLACE")};
        assertEquals("+OK\r\n", str(h.engine.execute(h.session, replace)));
        run("FUNCTION", "FLUSH");
        assertEquals("+OK\r\n", str(h.engine.execute(h.session, restore)));
        assertEquals("$6\r\ndumped\r\n", run("FCALL", "d", "0"));
        dump[5] ^= 1;
        assertEquals("-ERR DUMP payload version or checksum are wrong\r\n", str(h.engine.execute(h.session, restore)));
    }

    /** 7.0-rc's RDB_OPCODE_FUNCTION (name, engine, description flag, body), which 7.0.15 still restores. */
    @Test
    void restoresPreGaPayload() throws Exception {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        byte[] body = "redis.register_function('old', function() return 'rc' end)".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        b.write(246);
        b.write(3);
        b.writeBytes("old".getBytes());
        b.write(3);
        b.writeBytes("LUA".getBytes());
        b.write(0);
        b.write(body.length);
        b.writeBytes(body);
        b.write(10);
        b.write(0);
        byte[] head = b.toByteArray();
        long crc = io.redisdouble.rdb.Crc64.of(head, head.length);
        for (int i = 0; i < 8; i++) b.write((int) (crc >>> (8 * i)) & 0xff);
        byte[][] restore = {Bytes.utf8("FUNCTION"), Bytes.utf8("RESTORE"), b.toByteArray()};
        assertEquals("+OK\r\n", str(h.engine.execute(h.session, restore)));
        assertEquals("$2\r\nrc\r\n", run("FCALL", "old", "0"));
        assertTrue(run("FUNCTION", "LIST", "WITHCODE").contains("#!LUA name=old\nredis.register_function"));
    }

    private byte[] dumpBytes() {
        Reply r = h.engine.execute(h.session, new byte[][] {Bytes.utf8("FUNCTION"), Bytes.utf8("DUMP")});
        byte[] wire = RespEncoder.toBytes(r, 2, h.engine.dialect());
        int start = Bytes.str(wire).indexOf("\r\n") + 2;
        byte[] out = new byte[wire.length - start - 2];
        System.arraycopy(wire, start, out, 0, out.length);
        return out;
    }

    private String str(Reply r) {
        return Bytes.str(RespEncoder.toBytes(r, 2, h.engine.dialect()));
    }

    @Test
    void maxmemoryAndFlags() {
        run("FUNCTION", "LOAD", "#!lua name=m\nredis.register_function('w', function() return redis.call('set','a','b') end)\n"
                + "redis.register_function{function_name='o', callback=function() return redis.call('set','a','c') end, flags={'allow-oom'}}");
        run("CONFIG", "SET", "maxmemory", "1");
        assertEquals("-OOM command not allowed when used memory > 'maxmemory'.\r\n", run("FCALL", "w", "0"));
        assertEquals("+OK\r\n", run("FCALL", "o", "0"));
        run("CONFIG", "SET", "maxmemory", "0");
        assertEquals("$1\r\nc\r\n", run("GET", "a"));
    }

    @Test
    void redis62HasNoFunctions() {
        EngineHarness h6 = new EngineHarness(Dialect.REDIS_6_2, null);
        assertEquals("-ERR unknown command `FCALL`, with args beginning with: `f`, `0`, \r\n", run(h6, h6.session, "FCALL", "f", "0"));
        assertEquals("-ERR unknown command `FUNCTION`, with args beginning with: `LIST`, \r\n", run(h6, h6.session, "FUNCTION", "LIST"));
    }

}
