package io.redisdouble.command;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.net.NettyServer;
import io.redisdouble.resp.Reply;
import io.redisdouble.resp.RespEncoder;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.time.ServerClock;
import io.redisdouble.util.Bytes;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * EVAL & co. Every expected reply was taken from real Redis 7.0.15 and 6.2.7 (redis-cli / raw RESP).
 * Scripts are sent as single arguments (the harness splits lines like redis-cli, so each script is
 * quoted).
 */
class ScriptingCommandsTest {
    private final EngineHarness h = new EngineHarness();
    private final EngineHarness h6 = new EngineHarness(Dialect.REDIS_6_2, null);

    private static String eval(EngineHarness h, String script, String... keysAndArgs) {
        return eval(h, h.session, script, keysAndArgs);
    }

    /** EVAL script numkeys(keys given first, count = keys before "--") args. */
    private static String eval(EngineHarness h, Session s, String script, String... rest) {
        List<byte[]> argv = new ArrayList<>();
        argv.add(Bytes.utf8("EVAL"));
        argv.add(Bytes.utf8(script));
        int numkeys = 0;
        List<String> keys = new ArrayList<>();
        List<String> args = new ArrayList<>();
        boolean inArgs = false;
        for (String r : rest) {
            if (r.equals("--")) {
                inArgs = true;
            } else if (inArgs) {
                args.add(r);
            } else {
                keys.add(r);
                numkeys++;
            }
        }
        argv.add(Bytes.utf8(Integer.toString(numkeys)));
        for (String k : keys) argv.add(Bytes.utf8(k));
        for (String a : args) argv.add(Bytes.utf8(a));
        return run(h, s, argv.toArray(new byte[0][]));
    }

    private static String run(EngineHarness h, Session s, byte[][] argv) {
        Reply r = h.engine.execute(s, argv);
        return r == null ? null : Bytes.str(RespEncoder.toBytes(r, s.proto(), h.engine.dialect()));
    }

    private static String sha(String script) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-1").digest(Bytes.utf8(script));
            StringBuilder sb = new StringBuilder();
            for (byte b : d) sb.append(String.format("%02x", b));
            return sb.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- conversions Lua -> reply -----------------------------------------------------------------

    @Test
    void luaValuesBecomeReplies() {
        for (EngineHarness x : List.of(h, h6)) {
            assertEquals(":1\r\n", eval(x, "return 1"));
            assertEquals("*4\r\n:1\r\n:2\r\n:3\r\n$1\r\na\r\n", eval(x, "return {1,2,3.7,'a',nil,4}"));
            assertEquals("*4\r\n:1\r\n*2\r\n:2\r\n*2\r\n:3\r\n$1\r\nx\r\n:1\r\n$-1\r\n", eval(x, "return {1,{2,{3,'x'}},true,false}"));
            assertEquals(":1\r\n", eval(x, "return true"));
            assertEquals("$-1\r\n", eval(x, "return false"));
            assertEquals("$-1\r\n", eval(x, "return nil"));
            assertEquals("$-1\r\n", eval(x, "return"));
            assertEquals(":3\r\n", eval(x, "return 3.99"));
            assertEquals(":-3\r\n", eval(x, "return -3.99"));
            assertEquals(":-9223372036854775808\r\n", eval(x, "return 1e30"));
            assertEquals(":-9223372036854775808\r\n", eval(x, "return 0/0"));
            assertEquals("-My Error\r\n", eval(x, "return {err='My Error'}"));
            assertEquals("--My Error\r\n", eval(x, "return {err='-My Error'}"));
            assertEquals("+a  b\r\n", eval(x, "return {ok='a\\r\\nb'}"));
            assertEquals("*0\r\n", eval(x, "return {ok=1}"));
            assertEquals("*0\r\n", eval(x, "return {err=1}"));
            assertEquals("$3\r\n3.5\r\n", eval(x, "return {double=3.5}"));
            assertEquals("$23\r\n1.0000000000000001e+301\r\n", eval(x, "return {double=1e300*10}"));
            assertEquals("*2\r\n$1\r\na\r\n:1\r\n", eval(x, "return {map={a=1}}"));
            assertEquals("*1\r\n$1\r\na\r\n", eval(x, "return {set={a=true}}"));
            assertEquals("*0\r\n", eval(x, "return {a=1}"));
            assertEquals("$-1\r\n", eval(x, "return function() end"));
            assertEquals("+FINE\r\n", eval(x, "return redis.status_reply('FINE')"));
            assertEquals("-My Error\r\n", eval(x, "return redis.error_reply('My Error')"));
        }
        // 7.0 only: big numbers, verbatim strings, and error_reply's code parsing.
        assertEquals("$3\r\n123\r\n", eval(h, "return {big_number='123'}"));
        assertEquals("*0\r\n", eval(h6, "return {big_number='123'}"));
        assertEquals("$2\r\nhi\r\n", eval(h, "return {verbatim_string={format='txt',string='hi'}}"));
        assertEquals("-My Error\r\n", eval(h, "return redis.error_reply('-My Error')"));
        assertEquals("--My Error\r\n", eval(h6, "return redis.error_reply('-My Error')"));
        assertEquals("-ERR \r\n", eval(h, "return redis.error_reply('')"));
        assertEquals("-\r\n", eval(h6, "return redis.error_reply('')"));
        assertEquals("-ERR wrong number or type of arguments\r\n", eval(h, "return redis.error_reply()"));
        assertEquals("-@user_script: 1: wrong number or type of arguments\r\n", eval(h6, "return redis.status_reply()"));
    }

    @Test
    void resp3CallerAndSetresp() {
        h.session.proto = 3;
        assertEquals("_\r\n", eval(h, "return false"));
        assertEquals("*3\r\n:1\r\n_\r\n:1\r\n", eval(h, "return {1,false,true}"));
        assertEquals(",3.5\r\n", eval(h, "return {double=3.5}"));
        assertEquals("%1\r\n$1\r\na\r\n:1\r\n", eval(h, "return {map={a=1}}"));
        assertEquals("~1\r\n$1\r\na\r\n", eval(h, "return {set={a=true}}"));
        assertEquals("(123\r\n", eval(h, "return {big_number='123'}"));
        assertEquals("(1  2\r\n", eval(h, "return {big_number='1\\r\\n2'}"));
        assertEquals("=6\r\ntxt:hi\r\n", eval(h, "return {verbatim_string={format='txt',string='hi'}}"));
        assertEquals("=6\r\ntoo:hi\r\n", eval(h, "return {verbatim_string={format='toolong',string='hi'}}"));
        assertEquals("#t\r\n", eval(h, "redis.setresp(3) return true"));
        assertEquals("#f\r\n", eval(h, "redis.setresp(3) return false"));
        assertEquals("#t\r\n", eval(h, "redis.setresp('3') return true"));
        h.session.proto = 2;
        assertEquals(":0\r\n", eval(h, "redis.setresp(3) return false"));
        assertEquals("$3\r\nnil\r\n", eval(h, "redis.setresp(3) return type(redis.call('get','nokey'))"));
        assertEquals("$7\r\nboolean\r\n", eval(h, "return type(redis.call('get','nokey'))"));
        assertEquals("-ERR RESP version must be 2 or 3. script: 68e72e4d8a428b9f599dce492315f2455a425a82, on @user_script:1.\r\n",
                eval(h, "redis.setresp(4)"));
        assertEquals("-ERR Error running script (call to f_42aacaf580759e59c97e8b1974d08a62f960014f): @user_script:1: "
                + "redis.setresp() requires one argument.\r\n", eval(h6, "redis.setresp()"));
    }

    // ---- conversions reply -> Lua and redis.call ------------------------------------------------------

    @Test
    void redisCallConvertsReplies() {
        assertEquals("+OK\r\n", eval(h, "return redis.call('set','k','v')"));
        assertEquals("$5\r\ntable\r\n", eval(h, "return type(redis.call('set','k','v'))"));
        assertEquals("$2\r\nOK\r\n", eval(h, "local r = redis.call('set','k','v') return r.ok"));
        assertEquals("+OK\r\n", eval(h, "return redis.call('set', 'n', 3.75)"));
        assertEquals("$4\r\n3.75\r\n", h.run("GET n"));
        eval(h, "return redis.call('set', 'n', 0.1)");
        assertEquals("$19\r\n0.10000000000000001\r\n", h.run("GET n"));
        eval(h, "return redis.call('set', 'n', 1e20)");
        assertEquals("$5\r\n1e+20\r\n", h.run("GET n"));
        assertEquals("*4\r\n$1\r\nk\r\n$1\r\na\r\n:1\r\n:2\r\n", eval(h, "return {KEYS[1],ARGV[1],#KEYS,#ARGV}", "k", "--", "a", "b"));
    }

    @Test
    void redisCallErrors() {
        h.run("SET s abc");
        h6.run("SET s abc");
        assertEquals("-ERR value is not an integer or out of range script: 2bab3b661081db58bd2341920e0ba7cf5dc77b25, on @user_script:1.\r\n",
                eval(h, "return redis.call('incr', KEYS[1])", "s"));
        assertEquals("-ERR Error running script (call to f_2bab3b661081db58bd2341920e0ba7cf5dc77b25): @user_script:1: "
                + "ERR value is not an integer or out of range\r\n", eval(h6, "return redis.call('incr', KEYS[1])", "s"));
        for (EngineHarness x : List.of(h, h6)) {
            assertEquals("-ERR value is not an integer or out of range\r\n", eval(x, "return redis.pcall('incr', KEYS[1])", "s"));
            assertEquals("$49\r\ntable:ERR value is not an integer or out of range\r\n",
                    eval(x, "local r = redis.pcall('incr', KEYS[1]) return type(r) .. ':' .. tostring(r.err)", "s"));
        }
        assertEquals("-ERR Unknown Redis command called from script script: 206396248e12c6e742fd7296250433c8d7343b74, on @user_script:1.\r\n",
                eval(h, "return redis.call('nosuch')"));
        assertEquals("-ERR Error running script (call to f_206396248e12c6e742fd7296250433c8d7343b74): @user_script:1: "
                + "@user_script: 1: Unknown Redis command called from Lua script\r\n", eval(h6, "return redis.call('nosuch')"));
        assertEquals("-ERR Unknown Redis command called from script\r\n", eval(h, "return redis.pcall('nosuch')"));
        assertEquals("-@user_script: 1: Unknown Redis command called from Lua script\r\n", eval(h6, "return redis.pcall('nosuch')"));
        assertEquals("-ERR Wrong number of args calling Redis command from script\r\n", eval(h, "return redis.pcall('get')"));
        assertEquals("-@user_script: 1: Wrong number of args calling Redis command From Lua script\r\n", eval(h6, "return redis.pcall('get')"));
        assertEquals("-ERR Please specify at least one argument for this redis lib call\r\n", eval(h, "return redis.pcall()"));
        assertEquals("-@user_script: 1: Please specify at least one argument for redis.call()\r\n", eval(h6, "return redis.pcall()"));
        assertEquals("-ERR Lua redis lib command arguments must be strings or integers\r\n", eval(h, "return redis.pcall('get', {})"));
        assertEquals("-@user_script: 1: Lua redis() command arguments must be strings or integers\r\n", eval(h6, "return redis.pcall('get', {})"));
        assertEquals("-ERR Lua redis lib command arguments must be strings or integers script: bed7eb5a2df96ea1105df69f5b065590c883824e, on @user_script:1.\r\n",
                eval(h, "return redis.call('set', 'lua:n', true)"));
        assertEquals("-ERR This Redis command is not allowed from script script: 211a39902cf76b98677003ff6f4c16cf0d1d5d6b, on @user_script:1.\r\n",
                eval(h, "return redis.call(\"multi\")"));
        assertEquals("-ERR Error running script (call to f_211a39902cf76b98677003ff6f4c16cf0d1d5d6b): @user_script:1: "
                + "@user_script: 1: This Redis command is not allowed from scripts\r\n", eval(h6, "return redis.call(\"multi\")"));
        assertEquals("-ERR This Redis command is not allowed from script\r\n", eval(h, "return redis.pcall('eval','return 1','0')"));
        assertEquals("-ERR This Redis command is not allowed from script\r\n", eval(h, "return redis.pcall('watch','x')"));
        // The error's line is the line of the redis.call, even inside a function.
        assertEquals("-ERR Unknown Redis command called from script script: e7b524eaa489d31a067a743f700d39d7c9aaaeab, on @user_script:2.\r\n",
                eval(h, "local function f()\n  redis.call('nosuch')\nend\n\nf()"));
        assertEquals("-ERR Error running script (call to f_e7b524eaa489d31a067a743f700d39d7c9aaaeab): @user_script:2: "
                + "@user_script: 2: Unknown Redis command called from Lua script\r\n", eval(h6, "local function f()\n  redis.call('nosuch')\nend\n\nf()"));
    }

    @Test
    void luaPcallOfRedisCall() {
        String script = "local ok, e = pcall(function() redis.call('nosuch') end) return {tostring(ok), type(e), type(e)=='table' and e.err or e}";
        assertEquals("*3\r\n$5\r\nfalse\r\n$6\r\nstring\r\n$44\r\nERR Unknown Redis command called from script\r\n", eval(h, script));
        assertEquals("*3\r\n$5\r\nfalse\r\n$6\r\nstring\r\n$61\r\n@user_script: 1: Unknown Redis command called from Lua script\r\n", eval(h6, script));
        String tableError = "local ok, e = pcall(function() error({err='X'}) end) return {tostring(ok), type(e), type(e)=='table' and e.err or e}";
        assertEquals("*3\r\n$5\r\nfalse\r\n$6\r\nstring\r\n$1\r\nX\r\n", eval(h, tableError));
        assertEquals("*3\r\n$5\r\nfalse\r\n$5\r\ntable\r\n$1\r\nX\r\n", eval(h6, tableError));
        for (EngineHarness x : List.of(h, h6)) {
            assertEquals("*3\r\n$5\r\nfalse\r\n$6\r\nstring\r\n$19\r\nuser_script:1: boom\r\n",
                    eval(x, "local ok, e = pcall(function() error('boom') end) return {tostring(ok), type(e), e}"));
        }
    }

    // ---- script errors -----------------------------------------------------------------------------

    @Test
    void scriptErrorTexts() {
        assertEquals("-ERR user_script:1: boom script: 872b3fcb081448525c6141cdfa3df8374d30d162, on @user_script:1.\r\n", eval(h, "error(\"boom\")"));
        assertEquals("-ERR Error running script (call to f_872b3fcb081448525c6141cdfa3df8374d30d162): @user_script:1: user_script:1: boom\r\n",
                eval(h6, "error(\"boom\")"));
        assertEquals("-ERR x script: a8325ab498c94f38b1b3e86862697a313b6dbe35, on @user_script:1.\r\n", eval(h, "error('x', 0)"));
        assertEquals("-ERR x script: 2e5d804c0fa1174cf2f07dbb4e82f61ffed8759e, on @user_script:1.\r\n", eval(h, "error('x', 2)"));
        assertEquals("-ERR nil script: aca90d914519fdb9825352bdc0befb59f7c8510f, on @user_script:1.\r\n", eval(h, "error()"));
        assertEquals("-ERR Error running script (call to f_aca90d914519fdb9825352bdc0befb59f7c8510f): @err_handler_def:9: "
                + "err_handler_def:9: attempt to concatenate local 'err' (a nil value)\r\n", eval(h6, "error()"));
        assertEquals("-ERR user_script:1: 123 script: 11e4dc32230d2c1e720fc094a49809887ce1381a, on @user_script:1.\r\n", eval(h, "error(123)"));
        assertEquals("-My Err script: a059ab708ad4709a4f1c6aa12b1122498ee51704, on @user_script:1.\r\n", eval(h, "error({err='My Err'})"));
        assertEquals("-ERR Error running script (call to f_a059ab708ad4709a4f1c6aa12b1122498ee51704): @err_handler_def:9: "
                + "err_handler_def:9: attempt to concatenate local 'err' (a table value)\r\n", eval(h6, "error({err='My Err'})"));
        assertEquals("-ERR user_script:1: assertion failed! script: 2878c2ae3cafd05c022d4f19e4b521d97df409a2, on @user_script:1.\r\n",
                eval(h, "assert(false)"));
        assertEquals("-ERR user_script:4: line4 script: 0c893d49f89394c20640f590d98538b4e3cc339a, on @user_script:4.\r\n",
                eval(h, "\n\nlocal x = 1\nerror('line4')"));
        assertEquals("-ERR user_script:2: inner script: e538a9b788e8fee0c6be16943eddef964f3a4021, on @user_script:2.\r\n",
                eval(h, "local function f()\n  error('inner')\nend\nf()"));
    }

    @Test
    void runtimeErrorsInLua51Words() {
        assertEquals("-ERR user_script:1: attempt to index local 'a' (a nil value) script: a4f98b90454ae717765b45eb6f71312d37f994c6, on @user_script:1.\r\n",
                eval(h, "local a = nil; return a.b"));
        assertEquals("-ERR user_script:1: attempt to perform arithmetic on local 'a' (a nil value) script: 89b7d8273642b86be5c7a8f7f404432e80c342ed, on @user_script:1.\r\n",
                eval(h, "local a = nil; return a + 1"));
        assertEquals("-ERR user_script:1: attempt to concatenate a nil value script: c1e665fd995974aa8a06dc6f5ddbac7aa6d0c7d6, on @user_script:1.\r\n",
                eval(h, "return nil .. 'x'"));
        assertEquals("-ERR user_script:1: attempt to compare two table values script: fe12717409b91d7c0c64c39528a098f1c423fefe, on @user_script:1.\r\n",
                eval(h, "return {} < {}"));
        assertEquals("-ERR user_script:1: attempt to compare number with string script: 6eb39b93a508ef218c3d802c1e5162ad876dfecf, on @user_script:1.\r\n",
                eval(h, "return 1 < 'x'"));
        assertEquals("-ERR user_script:1: attempt to call field 'f' (a nil value) script: 0d9f6fec901e5a8e8c809a4534f6470327f16a3a, on @user_script:1.\r\n",
                eval(h, "local t = {} t.f()"));
        assertEquals("-ERR user_script:1: attempt to call method 'bad' (a nil value) script: 60af801ca8aafcf91936a9a510ab2ceb6df30acc, on @user_script:1.\r\n",
                eval(h, "return ('x'):bad()"));
        assertEquals("-ERR Error running script (call to f_5fa9edadeba82ae5df88bd953922eb64d6a66ac5): @user_script:1: user_script:1: "
                + "bad argument #1 to 'load' (function expected, got string)\r\n", eval(h6, "local f = load('return 1+1') return f()"));
    }

    // ---- sandbox ------------------------------------------------------------------------------------

    @Test
    void globalsAreProtected() {
        assertEquals("-ERR user_script:1: Script attempted to access nonexistent global variable 'x' script: "
                + "03c387736bb5cc009ff35151572cee04677aa374, on @user_script:1.\r\n", eval(h, "return x"));
        assertEquals("-ERR Error running script (call to f_03c387736bb5cc009ff35151572cee04677aa374): @user_script:1: "
                + "user_script:1: Script attempted to access nonexistent global variable 'x'\r\n", eval(h6, "return x"));
        assertEquals("-ERR user_script:1: Attempt to modify a readonly table script: 7caf6056913504f0508c65faf2dc3f94ff65bcfd, on @user_script:1.\r\n",
                eval(h, "x=1"));
        assertEquals("-ERR Error running script (call to f_7caf6056913504f0508c65faf2dc3f94ff65bcfd): @user_script:1: "
                + "user_script:1: Attempt to modify a readonly table\r\n", eval(h6, "x=1"));
        assertEquals("-ERR Attempt to modify a readonly table script: 3c0eadaab16849765d0046744617605ae2702b3e, on @user_script:1.\r\n",
                eval(h, "rawset(_G, \"z\", 1)"));
        assertEquals("-ERR Attempt to modify a readonly table script: 22fdd3b51da2d4bc6703d71d651cd782d8e5a35f, on @user_script:1.\r\n",
                eval(h, "setmetatable(_G, nil)"));
        assertEquals("-ERR user_script:1: Attempt to modify a readonly table script: 46f9bf166bc7e1ab2ed3b9de7b99c4e1e7dc1f7d, on @user_script:1.\r\n",
                eval(h, "string.foo = 1"));
        assertEquals("-ERR user_script:1: Attempt to modify a readonly table script: 2786c35ed73d3860851cf52e0b5dfbbc0bdb4803, on @user_script:1.\r\n",
                eval(h, "redis.call = nil"));
        assertEquals("*2\r\n$1\r\na\r\n:1\r\n", eval(h, "KEYS[2]=1 return KEYS", "a"));
        assertEquals("$-1\r\n", eval(h, "return rawget(_G,\"foo\")"));
        for (String name : new String[] {"os", "io", "require", "dofile", "debug", "package", "module", "loadfile"}) {
            assertTrue(eval(h, "return type(" + name + ")").contains("nonexistent global variable '" + name + "'"), name);
        }
        assertTrue(eval(h, "return type(print)").contains("nonexistent global variable 'print'"));
        assertEquals("$8\r\nfunction\r\n", eval(h6, "return type(print)"));
    }

    @Test
    void globalNamesAreRedisOnes() {
        String list = "local t={} for k,v in pairs(_G) do t[#t+1]=k end table.sort(t) return t";
        assertEquals("*38\r\n$4\r\nARGV\r\n$4\r\nKEYS\r\n$2\r\n_G\r\n$8\r\n_VERSION\r\n$21\r\n__redis__err__handler\r\n$6\r\nassert\r\n"
                + "$3\r\nbit\r\n$5\r\ncjson\r\n$8\r\ncmsgpack\r\n$14\r\ncollectgarbage\r\n$9\r\ncoroutine\r\n$5\r\nerror\r\n$6\r\ngcinfo\r\n"
                + "$7\r\ngetfenv\r\n$12\r\ngetmetatable\r\n$6\r\nipairs\r\n$4\r\nload\r\n$10\r\nloadstring\r\n$4\r\nmath\r\n$8\r\nnewproxy\r\n"
                + "$4\r\nnext\r\n$5\r\npairs\r\n$5\r\npcall\r\n$8\r\nrawequal\r\n$6\r\nrawget\r\n$6\r\nrawset\r\n$5\r\nredis\r\n$6\r\nselect\r\n"
                + "$7\r\nsetfenv\r\n$12\r\nsetmetatable\r\n$6\r\nstring\r\n$6\r\nstruct\r\n$5\r\ntable\r\n$8\r\ntonumber\r\n$8\r\ntostring\r\n"
                + "$4\r\ntype\r\n$6\r\nunpack\r\n$6\r\nxpcall\r\n", eval(h, list));
        String redis = "local t={} for k,v in pairs(redis) do t[#t+1]=k end table.sort(t) return t";
        assertEquals("*23\r\n$9\r\nLOG_DEBUG\r\n$10\r\nLOG_NOTICE\r\n$11\r\nLOG_VERBOSE\r\n$11\r\nLOG_WARNING\r\n$13\r\nREDIS_VERSION\r\n"
                + "$17\r\nREDIS_VERSION_NUM\r\n$8\r\nREPL_ALL\r\n$8\r\nREPL_AOF\r\n$9\r\nREPL_NONE\r\n$12\r\nREPL_REPLICA\r\n$10\r\nREPL_SLAVE\r\n"
                + "$13\r\nacl_check_cmd\r\n$10\r\nbreakpoint\r\n$4\r\ncall\r\n$5\r\ndebug\r\n$11\r\nerror_reply\r\n$3\r\nlog\r\n$5\r\npcall\r\n"
                + "$18\r\nreplicate_commands\r\n$8\r\nset_repl\r\n$7\r\nsetresp\r\n$7\r\nsha1hex\r\n$12\r\nstatus_reply\r\n", eval(h, redis));
        assertEquals("*20\r\n$9\r\nLOG_DEBUG\r\n$10\r\nLOG_NOTICE\r\n$11\r\nLOG_VERBOSE\r\n$11\r\nLOG_WARNING\r\n$8\r\nREPL_ALL\r\n$8\r\nREPL_AOF\r\n"
                + "$9\r\nREPL_NONE\r\n$12\r\nREPL_REPLICA\r\n$10\r\nREPL_SLAVE\r\n$10\r\nbreakpoint\r\n$4\r\ncall\r\n$5\r\ndebug\r\n$11\r\nerror_reply\r\n"
                + "$3\r\nlog\r\n$5\r\npcall\r\n$18\r\nreplicate_commands\r\n$8\r\nset_repl\r\n$7\r\nsetresp\r\n$7\r\nsha1hex\r\n$12\r\nstatus_reply\r\n",
                eval(h6, redis));
        for (EngineHarness x : List.of(h, h6)) {
            for (String[] lib : new String[][] {
                    {"string", "$217\r\nbyte=function char=function dump=function find=function format=function gfind=function gmatch=function "
                            + "gsub=function len=function lower=function match=function rep=function reverse=function sub=function upper=function\r\n"},
                    {"math", "$428\r\nabs=function acos=function asin=function atan2=function atan=function ceil=function cos=function "
                            + "cosh=function deg=function exp=function floor=function fmod=function frexp=function huge=number ldexp=function "
                            + "log10=function log=function max=function min=function mod=function modf=function pi=number pow=function "
                            + "rad=function random=function randomseed=function sin=function sinh=function sqrt=function tan=function tanh=function\r\n"},
                    {"table", "$138\r\nconcat=function foreach=function foreachi=function getn=function insert=function maxn=function "
                            + "remove=function setn=function sort=function\r\n"},
                    {"coroutine", "$93\r\ncreate=function resume=function running=function status=function wrap=function yield=function\r\n"},
                    {"bit", "$174\r\narshift=function band=function bnot=function bor=function bswap=function bxor=function lshift=function "
                            + "rol=function ror=function rshift=function tobit=function tohex=function\r\n"},
            }) {
                assertEquals(lib[1], eval(x, "local t={} for k,v in pairs(" + lib[0] + ") do t[#t+1]=k..\"=\"..type(v) end "
                        + "table.sort(t) return table.concat(t,\" \")"), lib[0]);
            }
        }
        assertEquals("$7\r\nLua 5.1\r\n", eval(h, "return _VERSION"));
        assertEquals("$6\r\n7.0.15\r\n", eval(h, "return redis.REDIS_VERSION"));
        assertEquals(":458767\r\n", eval(h, "return redis.REDIS_VERSION_NUM"));
        assertEquals("$-1\r\n", eval(h6, "return redis.REDIS_VERSION"));
    }

    @Test
    void lua51Builtins() {
        for (EngineHarness x : List.of(h, h6)) {
            assertEquals(":16\r\n", eval(x, "return tonumber('0x10'), tonumber('  12  ')"));
            assertEquals("*8\r\n$16\r\n0.33333333333333\r\n$6\r\n1e+100\r\n$18\r\n9.007199254741e+15\r\n$5\r\n1e+14\r\n$10\r\n123456.789\r\n"
                    + "$1\r\n3\r\n$2\r\n-3\r\n$3\r\n0.5\r\n", eval(x, "return {tostring(1/3), tostring(1e100), tostring(2^53), tostring(1e14), "
                    + "tostring(123456.789), tostring(3), tostring(-3), tostring(0.5)}"));
            assertEquals("*1\r\n$40\r\n42  3.14 0.1 hi \"a\\\nb\\\"\" ff     r|l    |\r\n",
                    eval(x, "return {string.format('%d %5.2f %g %s %q %x %5s|%-5s|', 42, 3.14159, 0.1, 'hi', 'a\\nb\"', 255, 'r', 'l')}"));
            assertEquals("*1\r\n$39\r\n1.23e+06|1.250000e+01|1E-10|7|A|10|FF|%\r\n",
                    eval(x, "return {string.format('%.3g|%e|%G|%i|%c|%o|%X|%%', 1234567, 12.5, 1e-10, 7, 65, 8, 255)}"));
            assertEquals("*3\r\n$16\r\n0.33333333333333\r\n$1\r\n3\r\n$6\r\n    a|\r\n",
                    eval(x, "return {string.format('%s', 1/3), string.format('%d', 3.7), string.format('%5.1s|', 'abc')}"));
            assertEquals(":2\r\n", eval(x, "local f = loadstring('return 1+1') return f()"));
            assertEquals("$0\r\n\r\n", eval(x, "return string.rep('x', -1)"));
            assertEquals("*6\r\n:-9223372036854775808\r\n:3141\r\n:3\r\n:5\r\n:1\r\n:1\r\n",
                    eval(x, "return {math.huge, math.pi * 1000, math.floor(3.7), math.max(1,5,3), math.fmod(7,3), math.mod and 1 or 0}"));
            assertEquals("$8\r\nfunction\r\n", eval(x, "return type(setfenv)"));
        }
        assertEquals("-ERR user_script:1: bad argument #3 to 'format' (string expected, got boolean) script: "
                + "38f313bb948f50e653076948c80538a95540b3db, on @user_script:1.\r\n", eval(h, "return {string.format('%s %s %s', 1.5, true, nil)}"));
    }

    @Test
    void numbersPrintAsLua51InConcatenation() {
        for (EngineHarness x : List.of(h, h6)) {
            assertEquals("*5\r\n$16\r\n0.33333333333333\r\n$5\r\n1e+15\r\n$19\r\n9.2233720368548e+18\r\n$23\r\na1.5b9.007199254741e+15\r\n"
                    + "$22\r\n1e+1000.14285714285714\r\n", eval(x, "return {1/3 .. '', 1e15 .. '', 2^63 .. '', 'a' .. 1.5 .. 'b' .. 2^53, 1e100 .. 1/7}"));
            assertEquals("$40\r\n1,0.33333333333333,x,9.2233720368548e+18\r\n", eval(x, "return table.concat({1, 1/3, 'x', 2^63}, ',')"));
        }
    }

    @Test
    void structAndCmsgpack() {
        for (EngineHarness x : List.of(h, h6)) {
            assertEquals("*2\r\n:258\r\n:3\r\n", eval(x, "return {struct.unpack('>I2', '\\1\\2')}"));
            assertEquals("*2\r\n:-2\r\n:4\r\n", eval(x, "return {struct.unpack('>i3', '\\255\\255\\254')}"));
            assertEquals("*2\r\n:14\r\n:16\r\n", eval(x, "return {struct.size('>I2i4d'), struct.size('!8 b d')}"));
            assertEquals("*4\r\n:1\r\n$1\r\na\r\n*2\r\n:1\r\n:2\r\n:1\r\n", eval(x, "return {cmsgpack.unpack(cmsgpack.pack(1, 'a', {1,2}, true))}"));
            assertEquals("*3\r\n:2\r\n:1\r\n:2\r\n", eval(x, "return {cmsgpack.unpack_limit(cmsgpack.pack(1,2,3), 2)}"));
        }
        assertEquals("-ERR user_script:1: bad argument #1 to 'pack' (invalid format option 'q') script: "
                + "49599a2466f241bd45a2bd4f631df3a1a1ec9790, on @user_script:1.\r\n", eval(h, "return struct.pack('q', 1)"));
        assertEquals("-ERR user_script:1: Missing bytes in input. script: fd86898a8e15adf18ca24622f84ced737fb9f02e, on @user_script:1.\r\n",
                eval(h, "return {cmsgpack.unpack('\\202')}"));
    }

    @Test
    void cjsonAsRedis() {
        for (EngineHarness x : List.of(h, h6)) {
            assertEquals("$7\r\n[1,2,3]\r\n", eval(x, "return cjson.encode({1,2,3})"));
            assertEquals("$2\r\n{}\r\n", eval(x, "return cjson.encode({})"));
            assertEquals("$7\r\n{\"a\":1}\r\n", eval(x, "return cjson.encode({a=1})"));
            assertEquals("$62\r\n[1.5,0.1,1e+15,1e+20,1.2345678901234e+14,0.33333333333333,100]\r\n",
                    eval(x, "return cjson.encode({1.5, 0.1, 1e15, 1e20, 123456789012345, 1/3, 100})"));
            assertEquals("$10\r\n[1,null,2]\r\n", eval(x, "return cjson.encode({[1]=1,[3]=2})"));
            assertEquals("$22\r\n{\"a\":[1,2,{\"b\":true}]}\r\n", eval(x, "return cjson.encode(cjson.decode('{\"a\":[1,2,{\"b\":true}]}'))"));
            assertEquals(":2\r\n", eval(x, "return cjson.decode('{\"a\":{\"b\":[1,{\"c\":2}]}}').a.b[2].c"));
            assertEquals("*4\r\n$5\r\ncjson\r\n$5\r\n2.1.0\r\n$11\r\nuserdata: 0\r\n$8\r\nuserdata\r\n",
                    eval(x, "return {cjson._NAME, cjson._VERSION, tostring(cjson.null), type(cjson.null)}"));
        }
        assertEquals("-ERR user_script:1: Cannot serialise table: excessively sparse array script: 10e3fc1ba99d624fff4384f90d3b886b1456f226, "
                + "on @user_script:1.\r\n", eval(h, "return cjson.encode({[1]=1,[100]=2})"));
        assertEquals("-ERR user_script:1: Expected comma or array end but found T_NUMBER at character 4 script: "
                + "cae89247ef27d42d411c61ae44ff3af6ab258d99, on @user_script:1.\r\n", eval(h, "return cjson.decode('[1 2]')"));
        assertEquals("-ERR user_script:1: Expected value but found invalid token at character 1 script: "
                + "5586fdf8c512d9c8a68678c91a0de23617e84e25, on @user_script:1.\r\n", eval(h, "return cjson.decode('nul')"));
    }

    @Test
    void bitOperations() {
        for (EngineHarness x : List.of(h, h6)) {
            assertEquals("*5\r\n:15\r\n:7\r\n:6\r\n:-1\r\n:5\r\n",
                    eval(x, "return {bit.band(0xff, 0x0f), bit.bor(1, 2, 4), bit.bxor(5, 3), bit.bnot(0), bit.tobit(2^32 + 5)}"));
            assertEquals("*5\r\n:-2147483648\r\n:15\r\n:-16\r\n:878082066\r\n:2014458966\r\n",
                    eval(x, "return {bit.lshift(1, 31), bit.rshift(-1, 28), bit.arshift(-256, 4), bit.rol(0x12345678, 8), bit.ror(0x12345678, 8)}"));
            assertEquals("*5\r\n$8\r\n000000ff\r\n$8\r\nffffffff\r\n$2\r\nff\r\n$4\r\n00FF\r\n:2018915346\r\n",
                    eval(x, "return {bit.tohex(255), bit.tohex(-1), bit.tohex(255, 2), bit.tohex(255, -4), bit.bswap(0x12345678)}"));
            assertEquals("*4\r\n:2\r\n:2\r\n:-2\r\n:4\r\n", eval(x, "return {bit.tobit(1.5), bit.tobit(2.5), bit.tobit(-1.5), bit.band('12', 4)}"));
        }
        assertEquals("-ERR user_script:1: bad argument #1 to 'band' (number expected, got no value) script: "
                + "5cf53f885283a4f44a8fe7ad7e7fccaed4113e62, on @user_script:1.\r\n", eval(h, "return bit.band()"));
    }

    @Test
    void mathRandomAsRedis() {
        // 6.2 reseeds with 0 before every script; 7.0 keeps one sequence (rand.c's initial state).
        assertEquals("$16\r\n0.17082803611217\r\n", eval(h6, "return tostring(math.random())"));
        assertEquals("$16\r\n0.17082803611217\r\n", eval(h6, "return tostring(math.random())"));
        assertEquals("*2\r\n$16\r\n0.17082803611217\r\n$16\r\n0.74990198051087\r\n",
                eval(h6, "return {tostring(math.random()), tostring(math.random())}"));
        assertEquals("$16\r\n0.39646477363839\r\n", eval(h, "return tostring(math.random())"));
        for (EngineHarness x : List.of(h, h6)) {
            assertEquals("*2\r\n:267\r\n:683\r\n", eval(x, "math.randomseed(7) return {math.random(1000), math.random(1000)}"));
        }
    }

    @Test
    void redisHelpers() {
        for (EngineHarness x : List.of(h, h6)) {
            assertEquals("$40\r\nda39a3ee5e6b4b0d3255bfef95601890afd80709\r\n", eval(x, "return redis.sha1hex('')"));
            assertEquals("$40\r\n40bd001563085fc35165329ea1ff5c5ecbdbbeef\r\n", eval(x, "return redis.sha1hex(123)"));
            assertEquals("$-1\r\n", eval(x, "return redis.log(redis.LOG_WARNING, 'hello')"));
            assertEquals("*9\r\n:0\r\n:1\r\n:2\r\n:3\r\n:0\r\n:1\r\n:2\r\n:2\r\n:3\r\n", eval(x, "return {redis.LOG_DEBUG, redis.LOG_VERBOSE, "
                    + "redis.LOG_NOTICE, redis.LOG_WARNING, redis.REPL_NONE, redis.REPL_AOF, redis.REPL_SLAVE, redis.REPL_REPLICA, redis.REPL_ALL}"));
            assertEquals("$-1\r\n", eval(x, "return redis.set_repl(redis.REPL_ALL)"));
            assertEquals(":1\r\n", eval(x, "return redis.replicate_commands()"));
            assertEquals("$-1\r\n", eval(x, "return redis.breakpoint()"));
            assertEquals("$-1\r\n", eval(x, "return redis.debug('x')"));
        }
        assertEquals("-ERR wrong number of arguments script: 3c7ce947ae74a835cc575b6ee87fb27503cb7ba4, on @user_script:1.\r\n",
                eval(h, "return redis.sha1hex()"));
        assertEquals("-ERR Error running script (call to f_3c7ce947ae74a835cc575b6ee87fb27503cb7ba4): @user_script:1: wrong number of arguments\r\n",
                eval(h6, "return redis.sha1hex()"));
        assertEquals("-ERR redis.log() requires two arguments or more. script: 224c2b6c4d4a245fb6c4394854d25a2ca448909c, on @user_script:1.\r\n",
                eval(h, "return redis.log(redis.LOG_WARNING)"));
        assertEquals("-ERR Error running script (call to f_abaa422549b33ecc9a0466b3166971ce5a4734f0): @user_script:1: "
                + "First argument must be a number (log level).\r\n", eval(h6, "return redis.log('x', 'y')"));
        assertEquals("-ERR Invalid debug level. script: 9f064f1ad4628c99c854ddf5c066fd019cee40e8, on @user_script:1.\r\n",
                eval(h, "return redis.log(99, 'y')"));
        assertEquals("-ERR Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE. script: "
                + "fae934173b6296d6836d5d5f52e192640f8897d9, on @user_script:1.\r\n", eval(h, "return redis.set_repl(99)"));
        assertEquals("-ERR redis.set_repl() requires two arguments. script: 9504533b41060c143a92eb2f8878e77d33b6dc33, on @user_script:1.\r\n",
                eval(h, "return redis.set_repl()"));
        assertEquals(":1\r\n", eval(h, "return redis.acl_check_cmd('get','x')"));
        assertEquals("-ERR Invalid command passed to redis.acl_check_cmd() script: d2491587bab5149c93be0dce4426f7a06ba9e1a1, on @user_script:1.\r\n",
                eval(h, "return redis.acl_check_cmd('nosuch')"));
    }

    // ---- arguments, cache, SCRIPT -------------------------------------------------------------------

    @Test
    void evalArguments() {
        for (EngineHarness x : List.of(h, h6)) {
            assertEquals("-ERR wrong number of arguments for 'eval' command\r\n", x.run("EVAL 'return 1'"));
            assertEquals("-ERR Number of keys can't be negative\r\n", x.run("EVAL 'return 1' -1"));
            assertEquals("-ERR Number of keys can't be greater than number of args\r\n", x.run("EVAL 'return 1' 1"));
            assertEquals("-ERR Number of keys can't be greater than number of args\r\n", x.run("EVAL 'return 1' 2 a"));
            assertEquals("-ERR value is not an integer or out of range\r\n", x.run("EVAL 'return 1' abc"));
            assertEquals("-ERR value is not an integer or out of range\r\n", x.run("EVAL 'return 1' 1.5"));
            assertEquals("-ERR value is not an integer or out of range\r\n", x.run("EVAL 'return 1' ' 1'"));
            assertEquals("-ERR value is not an integer or out of range\r\n", x.run("EVAL 'return 1' 99999999999999999999"));
            assertEquals("-NOSCRIPT No matching script. Please use EVAL.\r\n", x.run("EVALSHA 0000000000000000000000000000000000000000 0"));
            assertEquals("-NOSCRIPT No matching script. Please use EVAL.\r\n", x.run("EVALSHA abc 0"));
            // A SHA that is not 40 bytes is NOSCRIPT before numkeys is read; a 40-byte one is looked up after.
            assertEquals("-NOSCRIPT No matching script. Please use EVAL.\r\n", x.run("EVALSHA nosuch-abc x"));
            assertEquals("-ERR value is not an integer or out of range\r\n", x.run("EVALSHA 0000000000000000000000000000000000000000 x"));
        }
        assertEquals("-ERR unknown command `eval_ro`, with args beginning with: `return 1`, `0`, \r\n", h6.run("eval_ro 'return 1' 0"));
    }

    @Test
    void scriptCacheAndEvalsha() {
        for (EngineHarness x : List.of(h, h6)) {
            assertEquals("-NOSCRIPT No matching script. Please use EVAL.\r\n", x.run("EVALSHA e0e1f9fabfc9d4800c877a703b823ac0578ff8db 0"));
            assertEquals("$40\r\ne0e1f9fabfc9d4800c877a703b823ac0578ff8db\r\n", x.run("SCRIPT LOAD 'return 1'"));
            assertEquals(":1\r\n", x.run("EVALSHA e0e1f9fabfc9d4800c877a703b823ac0578ff8db 0"));
            assertEquals(":1\r\n", x.run("EVALSHA E0E1F9FABFC9D4800C877A703B823AC0578FF8DB 0"));
            assertEquals("*3\r\n:1\r\n:0\r\n:1\r\n", x.run("SCRIPT EXISTS e0e1f9fabfc9d4800c877a703b823ac0578ff8db "
                    + "0000000000000000000000000000000000000000 E0E1F9FABFC9D4800C877A703B823AC0578FF8DB"));
            assertEquals("+OK\r\n", x.run("SCRIPT FLUSH"));
            assertEquals("*1\r\n:0\r\n", x.run("SCRIPT EXISTS e0e1f9fabfc9d4800c877a703b823ac0578ff8db"));
            // EVAL caches its script too.
            assertEquals("$1\r\nx\r\n", eval(x, "return 'x'"));
            assertEquals("$1\r\nx\r\n", x.run("EVALSHA " + sha("return 'x'") + " 0"));
            assertEquals("+OK\r\n", x.run("SCRIPT FLUSH ASYNC"));
            assertEquals("+OK\r\n", x.run("SCRIPT FLUSH sync"));
            assertEquals("-ERR SCRIPT FLUSH only support SYNC|ASYNC option\r\n", x.run("SCRIPT FLUSH x"));
            assertEquals("-ERR SCRIPT FLUSH only support SYNC|ASYNC option\r\n", x.run("SCRIPT FLUSH async sync"));
            assertEquals("-NOTBUSY No scripts in execution right now.\r\n", x.run("SCRIPT KILL"));
            assertEquals("-ERR Error compiling script (new function): user_script:1: unexpected symbol near '<eof>'\r\n",
                    x.run("SCRIPT LOAD 'return ('"));
            assertEquals("-ERR Error compiling script (new function): user_script:1: '=' expected near '1'\r\n", x.run("EVAL 'retur 1' 0"));
            assertEquals("-ERR wrong number of arguments for 'script' command\r\n", x.run("SCRIPT"));
            assertTrue(x.run("SCRIPT HELP").startsWith("*17\r\n+SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"));
        }
        assertEquals("-ERR wrong number of arguments for 'script|load' command\r\n", h.run("SCRIPT LOAD"));
        assertEquals("-ERR Unknown subcommand or wrong number of arguments for 'load'. Try SCRIPT HELP.\r\n", h6.run("SCRIPT load a b"));
        assertEquals("-ERR wrong number of arguments for 'script|exists' command\r\n", h.run("SCRIPT EXISTS"));
        assertEquals("*0\r\n", h6.run("SCRIPT EXISTS"));
        assertEquals("-ERR unknown subcommand 'foo'. Try SCRIPT HELP.\r\n", h.run("SCRIPT foo"));
        assertEquals("-ERR wrong number of arguments for 'script|kill' command\r\n", h.run("SCRIPT KILL x"));
    }

    @Test
    void readOnlyScriptsAndShebang() {
        assertEquals(":1\r\n", h.run("EVAL_RO 'return 1' 0"));
        assertEquals("-ERR Write commands are not allowed from read-only scripts. script: 81b429d025f62702a0d47b8a3e900638c25e7673, "
                + "on @user_script:1.\r\n", h.run("EVAL_RO \"return redis.call('set','lua:ro','1')\" 1 lua:ro"));
        assertEquals("-ERR Write commands are not allowed from read-only scripts.\r\n", h.run("EVAL_RO \"return redis.pcall('set','lua:ro','1')\" 1 lua:ro"));
        assertEquals("$-1\r\n", h.run("EVAL_RO \"return redis.call('get','lua:ro')\" 1 lua:ro"));
        h.run("SCRIPT LOAD 'return 1'");
        assertEquals(":1\r\n", h.run("EVALSHA_RO e0e1f9fabfc9d4800c877a703b823ac0578ff8db 0"));
        assertEquals(":1\r\n", eval(h, "#!lua\nreturn 1"));
        assertEquals("-ERR Write commands are not allowed from read-only scripts. script: 607a0f0bde5db62e9089be4014a4b7222792b3be, "
                + "on @user_script:2.\r\n", eval(h, "#!lua flags=no-writes\nreturn redis.call('set','lua:x','1')"));
        assertEquals(":1\r\n", eval(h, "#!lua flags=no-writes,allow-oom\nreturn 1"));
        assertEquals("-ERR Unexpected flag in script shebang: bad\r\n", eval(h, "#!lua flags=bad\nreturn 1"));
        assertEquals("-ERR Unexpected engine in script shebang: #!luax\r\n", eval(h, "#!luax\nreturn 1"));
        assertEquals("-ERR Unknown lua shebang option: name=x\r\n", eval(h, "#!lua name=x\nreturn 1"));
        assertEquals("-ERR user_script:2: x script: f0363b84b71234131413165ce8dee0dbb5f9ce96, on @user_script:2.\r\n", eval(h, "#!lua\nerror('x')"));
        assertEquals("-ERR Can not execute a script with write flag using *_ro command.\r\n", h.run("EVAL_RO \"#!lua\nreturn 1\" 0"));
        assertEquals("-ERR Error compiling script (new function): user_script:1: unexpected symbol near '#'\r\n", eval(h6, "#!lua\nreturn 1"));
    }

    @Test
    void selectInsideScriptStaysInScript() {
        for (EngineHarness x : List.of(h, h6)) {
            assertEquals("+OK\r\n", eval(x, "redis.call('select','9') return redis.call('set','lua:sel','1')"));
            assertEquals("$-1\r\n", x.run("GET lua:sel"));
            x.run("SELECT 9");
            assertEquals("$1\r\n1\r\n", x.run("GET lua:sel"));
        }
    }

    // ---- client library scripts --------------------------------------------------------------------

    /** ShedLock / generic compare-and-delete and compare-and-pexpire. */
    @Test
    void compareAndDeleteAndPexpire() {
        String cad = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
        String cap = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
        h.run("SET lock me PX 10000");
        assertEquals(":0\r\n", eval(h, cap, "lock", "--", "other", "30000"));
        assertEquals(":1\r\n", eval(h, cap, "lock", "--", "me", "30000"));
        assertEquals(":30000\r\n", h.run("PTTL lock"));
        assertEquals(":0\r\n", eval(h, cad, "lock", "--", "other"));
        assertEquals(":1\r\n", eval(h, cad, "lock", "--", "me"));
        assertEquals(":0\r\n", h.run("EXISTS lock"));
        assertEquals(":0\r\n", eval(h, cad, "lock", "--", "me"));
    }

    /** Spring Integration RedisLockRegistry's obtain script (GET, PEXPIRE, SET PX). */
    @Test
    void springLockRegistryObtain() {
        String obtain = "local lockClientId = redis.call('GET', KEYS[1])\n"
                + "if lockClientId == ARGV[1] then\n"
                + "  redis.call('PEXPIRE', KEYS[1], ARGV[2])\n"
                + "  return true\n"
                + "elseif not lockClientId then\n"
                + "  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])\n"
                + "  return true\n"
                + "end\n"
                + "return false";
        assertEquals(":1\r\n", eval(h, obtain, "registry:lock", "--", "client-1", "60000"));
        assertEquals(":60000\r\n", h.run("PTTL registry:lock"));
        assertEquals("$-1\r\n", eval(h, obtain, "registry:lock", "--", "client-2", "60000"));
        h.advance(Duration.ofSeconds(10));
        assertEquals(":1\r\n", eval(h, obtain, "registry:lock", "--", "client-1", "60000"));
        assertEquals(":60000\r\n", h.run("PTTL registry:lock"));
        h.advance(Duration.ofSeconds(61));
        assertEquals(":1\r\n", eval(h, obtain, "registry:lock", "--", "client-2", "60000"));
        assertEquals("$8\r\nclient-2\r\n", h.run("GET registry:lock"));
        String unlink = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('UNLINK', KEYS[1]) end return 0";
        assertEquals(":1\r\n", eval(h, unlink, "registry:lock", "--", "client-2"));
    }

    /**
     * Time is frozen for the whole script in 7.2 (commandTimeSnapshot): every command sees the EVAL's
     * instant, on a flowing clock. 6.2 and 7.0 freeze key expiry only, their PTTL reads the clock: see
     * CommandTimeSnapshotTest, which compares each dialect with its real server.
     */
    @Test
    void timeIsFrozenDuringScript() {
        Engine engine = new Engine(new ServerConfig(Dialect.REDIS_7_2, 16, 6379, "127.0.0.1", null), ServerClock.flowing(), 1);
        Session s = engine.connect(new QueueLink());
        String script = "redis.call('set', KEYS[1], 'v', 'PX', 100) local a = redis.call('pttl', KEYS[1]) "
                + "for i = 1, 3000000 do end return {a, redis.call('pttl', KEYS[1]), redis.call('exists', KEYS[1])}";
        Reply r = engine.execute(s, new byte[][] {Bytes.utf8("EVAL"), Bytes.utf8(script), Bytes.utf8("1"), Bytes.utf8("k")});
        assertEquals("*3\r\n:100\r\n:100\r\n:1\r\n", Bytes.str(RespEncoder.toBytes(r, 2, Dialect.REDIS_7_2)));
    }

    // ---- transactions ------------------------------------------------------------------------------

    @Test
    void evalInsideMultiAndWatch() {
        assertEquals("+OK\r\n", h.run("MULTI"));
        assertEquals("+QUEUED\r\n", eval(h, "return redis.call('set', KEYS[1], ARGV[1])", "k", "--", "v"));
        assertEquals("+QUEUED\r\n", h.run("GET k"));
        assertEquals("*2\r\n+OK\r\n$1\r\nv\r\n", h.run("EXEC"));
        // A script's write marks watched keys as modified, as any write does.
        Session other = h.newSession();
        assertEquals("+OK\r\n", h.run("WATCH k"));
        assertEquals(":1\r\n", eval(h, other, "return redis.call('del', KEYS[1])", "k"));
        h.run("MULTI");
        h.run("SET k x");
        assertEquals("*-1\r\n", h.run("EXEC"));
        // A read-only script does not.
        h.run("SET k v");
        h.run("WATCH k");
        assertEquals("$1\r\nv\r\n", eval(h, other, "return redis.call('get', KEYS[1])", "k"));
        h.run("MULTI");
        h.run("SET k x");
        assertEquals("*1\r\n+OK\r\n", h.run("EXEC"));
    }

    // ---- busy scripts ------------------------------------------------------------------------------

    @Test
    void busyScriptThatWroteIsUnkillableAndFinishes() {
        h.engine.config().set("busy-reply-threshold", "20");
        QueueLink link = new QueueLink();
        Session caller = h.engine.connect(link);
        String script = "redis.call('set','w','1') local n = 0 for i = 1, 3000000 do n = n + 1 end return n";
        assertNull(run(h, caller, new byte[][] {Bytes.utf8("EVAL"), Bytes.utf8(script), Bytes.utf8("0")}));
        assertEquals("-UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script "
                + "termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.\r\n", h.run("SCRIPT KILL"));
        link.drain();
        assertEquals(":3000000\r\n", Bytes.str(RespEncoder.toBytes(link.pushed.get(0), 2, h.engine.dialect())));
        assertEquals("$1\r\n1\r\n", h.run("GET w"));
    }

    /**
     * A script once seen fast runs on the command thread itself; when a later run turns long before
     * changing anything, it starts over on the helper thread, where it can go busy and be killed.
     */
    @Test
    void fastScriptTurningLongRestartsWhereItCanBeKilled() {
        h.engine.config().set("busy-reply-threshold", "60");
        QueueLink link = new QueueLink();
        Session caller = h.engine.connect(link);
        byte[][] eval = {Bytes.utf8("EVAL"), Bytes.utf8("if redis.call('get', KEYS[1]) == 'loop' then while true do end end return 1"),
                Bytes.utf8("1"), Bytes.utf8("mode")};
        assertEquals(":1\r\n", run(h, caller, eval));
        assertEquals(":1\r\n", run(h, caller, eval));
        h.run("SET mode loop");
        assertNull(run(h, caller, eval));
        assertEquals("-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n", h.run("GET mode"));
        assertEquals("+OK\r\n", h.run("SCRIPT KILL"));
        link.drain();
        assertTrue(Bytes.str(RespEncoder.toBytes(link.pushed.get(0), 2, h.engine.dialect())).startsWith("-ERR Script killed by user"));
        h.run("SET mode fast");
        assertEquals(":1\r\n", run(h, caller, eval));
    }

    /** The same over TCP: the event loop keeps answering while the script runs on the helper thread. */
    @Test
    void busyOverTcp() throws Exception {
        Engine engine = new Engine(new ServerConfig(Dialect.REDIS_7_0, 16, 0, "127.0.0.1", null), ServerClock.flowing(), 1);
        NettyServer server = NettyServer.start("127.0.0.1", 0, engine);
        try (RawRedisClient a = new RawRedisClient("127.0.0.1", server.port(), Duration.ofSeconds(10));
             RawRedisClient b = new RawRedisClient("127.0.0.1", server.port(), Duration.ofSeconds(10))) {
            server.execute(() -> {
                engine.config().set("busy-reply-threshold", "100");
                return null;
            });
            assertEquals("+OK\r\n", Bytes.str(a.call("SET", "x", "1")));
            a.sendRaw(RawRedisClient.encodeCommand(RawRedisClient.argv("EVAL", "while true do end", "0")));
            a.sendRaw(RawRedisClient.encodeCommand(RawRedisClient.argv("GET", "x")));
            long deadline = System.nanoTime() + 5_000_000_000L;
            String r;
            do {
                r = Bytes.str(b.call("GET", "x"));
            } while (!r.startsWith("-BUSY") && System.nanoTime() < deadline);
            assertEquals("-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n", r);
            assertEquals("+OK\r\n", Bytes.str(b.call("SCRIPT", "KILL")));
            assertEquals("-ERR Script killed by user with SCRIPT KILL... script: 694a5fe1ddb97a4c6a1bf299d9537c7d3d0f84e7, "
                    + "on @user_script:1.\r\n", Bytes.str(a.readReply()));
            assertEquals("$1\r\n1\r\n", Bytes.str(a.readReply()));
            assertEquals("$1\r\n1\r\n", Bytes.str(b.call("GET", "x")));
            // A short script answers at once, as any command.
            assertEquals(":3\r\n", Bytes.str(a.call("EVAL", "return 1 + 2", "0")));
        } finally {
            server.close();
        }
    }
}
