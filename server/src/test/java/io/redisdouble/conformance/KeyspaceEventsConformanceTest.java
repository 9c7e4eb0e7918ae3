package io.redisdouble.conformance;

import io.redisdouble.RedisDouble;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keyspace notifications (notify-keyspace-events), differential: every scenario runs on real Redis
 * 7.0.15 and 6.2.7 (and 7.2.6 where its binary is: {@link LiveVersions}) and on redis-double emulating
 * the same version, in RESP2 and RESP3, through
 * {@link PubSubConformanceTest}'s three-client harness. Client A listens with
 * {@code PSUBSCRIBE __key*@*__:*}, B writes, C sometimes subscribes and writes itself (RESP3: the push
 * frames and its own reply, in the server's order; RESP2: the subscribed-mode error). Every frame every
 * client receives is compared byte for byte after each command.
 *
 * <p>Lazily expired keys are made with a deadline in the past ({@code PXAT 1}) inside MULTI, so that
 * the real server's active expiry cannot reclaim them between two steps. Active expiry is
 * {@link #activeExpiry}: a key with a short real TTL, and the listener waits (bounded) on both servers.
 */
class KeyspaceEventsConformanceTest {
    @AfterAll
    static void stopDoubles() {
        PubSubConformanceTest.stopDoubles();
    }

    private static RedisDouble doubleFor(String version) {
        return PubSubConformanceTest.doubleFor(version);
    }

    /** Touches every class once: the body run under each flag setting. */
    private static final String MIXED = """
            B: SET a 1
            B: GET nokey
            B: INCR a
            B: ZADD z 1 m
            B: HSET h f v
            B: SADD st m
            B: EXPIRE a 100
            B: DEL a
            B: MULTI
            B: SET e v PXAT 1
            B: GET e
            B: EXEC
            B: ZPOPMIN z
            """;

    /** Per family: the writes and their events, and the reads that miss. */
    private static final Map<String, String> BODIES = new LinkedHashMap<>();

    static {
        BODIES.put("strings", """
                B: SET s1 v
                B: SET s1 v2 EX 100
                B: SET s1 v3 KEEPTTL
                B: SET s1 v NX
                B: SET s2 v XX
                B: SET s2 v XX GET
                B: SET s1 v4 GET
                B: SET s7 v GET
                B: SET s1 v EX 0
                B: SETNX s3 x
                B: SETNX s3 y
                B: SETEX s4 100 x
                B: PSETEX s5 100000 x
                B: GETSET s1 new
                B: GETSET s6 new
                B: GETDEL s6
                B: GETDEL s6
                B: GETEX s1 EX 100
                B: GETEX s1 PERSIST
                B: GETEX s1 PERSIST
                B: GETEX s1
                B: GETEX s5 PXAT 1
                B: GETEX nokey EX 10
                B: MSET m1 a m2 b
                B: MSETNX m1 a m3 b
                B: MSETNX m3 a m4 b
                B: INCR n
                B: DECR n
                B: INCRBY n 5
                B: DECRBY n 2
                B: INCRBYFLOAT f 1.5
                B: INCR s4
                B: APPEND ap x
                B: APPEND ap yz
                B: SETRANGE r 3 abc
                B: SETRANGE r 0 ""
                B: SETRANGE r2 0 ""
                B: GET nokey
                B: MGET nokey ap s4 nokey2
                B: STRLEN nokey
                B: GETRANGE nokey 0 1
                B: GET z
                """);
        BODIES.put("hyperloglog", """
                B: PFADD h1 a b c
                B: PFADD h1 a
                B: PFADD h1
                B: PFADD h2
                B: PFCOUNT h1
                B: PFCOUNT h1
                B: PFCOUNT nokey
                B: PFCOUNT h1 nokey h2
                B: PFMERGE h3 h1 nokey2
                B: PFMERGE h3
                B: PFDEBUG TODENSE h1
                B: PFDEBUG GETREG nokey
                B: PFADD h1 zz yy
                B: PFMERGE h1 h3
                B: SET s v
                B: PFADD s x
                B: PFCOUNT s
                B: PFMERGE h4 s
                B: SET c HYLL
                B: PFCOUNT c nokey
                """);
        // DUMP reads (a miss is a keymiss); RESTORE: "new" and "restore", REPLACE deletes silently, a TTL in
        // the past stores nothing (and a replaced key is a "del"); errors are silent
        BODIES.put("dump and restore", """
                B: SET s hello
                B: DUMP s
                B: DUMP nokey
                B: RESTORE r 0 %1$s
                B: RESTORE r 0 %1$s
                B: RESTORE r 0 %1$s REPLACE
                B: RESTORE r 100000 %1$s REPLACE
                B: RESTORE r 1 %1$s REPLACE ABSTTL
                B: RESTORE r2 1 %1$s ABSTTL
                B: RESTORE r3 0 "bad payload"
                B: RESTORE r3 -1 %1$s
                B: MIGRATE 127.0.0.1 1 nokey 0 100
                """.formatted("\\x00\\x05hello\\t\\x00\\xb3\\x80\\x8e\\xba1\\xb2C\\xbb"));
        BODIES.put("keys and expiry", """
                B: SET k1 v
                B: EXPIRE k1 100
                B: PEXPIRE k1 100000
                B: EXPIREAT k1 99999999999
                B: PEXPIREAT k1 99999999999999
                @7 B: EXPIRE k1 100 NX
                @7 B: EXPIRE k1 200 GT
                @7 B: PEXPIRETIME k1
                B: TTL nokey
                B: PTTL nokey
                @7 B: EXPIRETIME nokey
                B: PERSIST k1
                B: PERSIST k1
                B: EXPIRE k1 -1
                B: EXPIRE nokey 10
                B: SET k2 v
                B: PEXPIREAT k2 1
                B: SET k3 v
                B: DEL k3 nokey
                B: SET k4 v
                B: UNLINK k4
                B: EXISTS nokey k4
                B: TYPE nokey
                B: TOUCH nokey
                B: SET r1 v
                B: RENAME r1 r2
                B: SET r3 v EX 100
                B: RENAME r2 r3
                B: RENAMENX r3 r3
                B: RENAME r3 r3
                B: RENAMENX r3 r4
                B: SET r5 x
                B: RENAMENX r4 r5
                B: RENAME nokey r6
                B: MOVE r4 1
                B: MOVE r5 1
                B: SELECT 1
                B: SET r5 y
                B: MOVE r5 0
                B: MOVE r4 0
                B: SELECT 0
                B: SET c1 v EX 100
                B: COPY c1 c2
                B: COPY c1 c2
                B: COPY c1 c2 REPLACE
                B: COPY c1 c3 DB 2
                B: COPY nokey c9
                B: FLUSHDB
                B: SET x v
                B: FLUSHALL
                """);
        BODIES.put("sorted sets", """
                B: ZADD z 1 a 2 b
                B: ZADD z 1 a
                B: ZADD z XX 5 c
                B: ZADD z INCR 3 a
                B: ZADD z XX CH 7 b
                B: ZINCRBY z 1 b
                B: ZADD nz XX 1 a
                B: ZREM z nothere
                B: ZREM z a
                B: ZADD z 1 a 3 c 4 d 5 e
                B: ZREMRANGEBYSCORE z 1 1
                B: ZREMRANGEBYSCORE z 100 200
                B: ZREMRANGEBYRANK z 0 0
                B: ZADD l 0 a 0 b 0 c
                B: ZREMRANGEBYLEX l - [a
                B: ZREMRANGEBYLEX l - +
                B: ZADD z2 0 x 0 y
                B: ZUNIONSTORE u 2 z z2
                B: ZINTERSTORE i 2 z z2
                B: ZINTERSTORE u 2 z z2
                B: ZDIFFSTORE d 1 z
                B: ZDIFFSTORE d 2 z z
                B: ZRANGESTORE rs z 0 -1
                B: ZRANGESTORE rs nokey 0 -1
                B: ZRANGESTORE rs z 0 -1 BYSCORE
                B: ZPOPMIN z
                B: ZPOPMAX z 10
                B: ZPOPMAX z 10
                B: ZADD z3 1 a 2 b 3 c
                @7 B: ZMPOP 2 nokey z3 MIN COUNT 1
                B: BZPOPMIN z3 0
                B: BZPOPMAX nokey z3 0
                B: ZCARD nokey
                B: ZSCORE nokey a
                B: ZMSCORE nokey a
                B: ZRANGE nokey 0 -1
                B: ZRANGEBYSCORE nokey 0 1
                B: ZRANK nokey a
                B: ZCOUNT nokey 0 1
                B: ZLEXCOUNT nokey - +
                B: ZUNION 2 nokey z2
                @7 B: ZINTERCARD 1 nokey
                B: ZRANDMEMBER nokey
                B: ZSCAN nokey 0
                """);
        BODIES.put("geo", """
                B: GEOADD g 13.361389 38.115556 Palermo 15.087269 37.502669 Catania
                B: GEOADD g 13.361389 38.115556 Palermo
                B: GEOADD g XX 1 1 nope
                B: GEOADD g CH 1 1 Palermo
                B: GEOADD g 500 1 bad
                B: GEOADD ng XX 1 1 a
                B: GEORADIUS g 15 37 200 km STORE gr
                B: GEORADIUS g 15 37 200 km STOREDIST gr
                B: GEORADIUSBYMEMBER g Palermo 1 m STORE gr
                B: GEORADIUS nokey 15 37 200 km STORE g2
                B: GEOSEARCHSTORE gs g FROMLONLAT 15 37 BYRADIUS 200 km
                B: GEOSEARCHSTORE gs g FROMLONLAT 15 37 BYBOX 1 1 m
                B: GEOSEARCHSTORE gs g FROMLONLAT 15 37 BYBOX 1 1 m
                B: SET gs v
                B: GEOSEARCHSTORE gs nokey FROMLONLAT 15 37 BYBOX 1 1 m
                B: GEOPOS nokey a
                B: GEOHASH nokey a
                B: GEODIST nokey a b
                B: GEORADIUS nokey 1 1 1 km
                B: GEORADIUSBYMEMBER nokey a 1 km
                B: GEOSEARCH nokey FROMLONLAT 1 1 BYRADIUS 1 km
                B: GEORADIUS_RO nokey 1 1 1 km
                B: GEOPOS g Palermo
                """);
        BODIES.put("blocking pops served later", """
                @block C: BZPOPMIN zb 0
                B: ZADD zb 1 a 2 b
                @block C: BZPOPMAX zb2 zb3 0
                B: ZADD zb3 1 a
                B: DEL zb
                """);
        BODIES.put("streams", """
                B: XADD x1 1-0 f v
                B: XADD x1 2-0 f v
                B: XADD x1 NOMKSTREAM 3-0 f v
                B: XADD nokey NOMKSTREAM 1-0 f v
                B: XADD x1 MAXLEN 2 4-0 f v
                B: XADD x1 MAXLEN 5 5-0 f v
                B: XADD x1 1-0 f v
                B: XTRIM x1 MAXLEN 10
                B: XTRIM x1 MINID 5
                B: XTRIM nokey MAXLEN 0
                B: XDEL x1 9-0
                B: XDEL x1 5-0
                B: XDEL nokey 1-0
                B: XADD x1 6-0 f v
                B: XSETID x1 7-0
                B: XSETID nokey 7-0
                B: XGROUP CREATE x1 g 0
                B: XGROUP CREATE x1 g 0
                B: XGROUP CREATE x2 g $ MKSTREAM
                B: XGROUP CREATE nokey g $
                B: XGROUP SETID x1 g 0
                B: XGROUP CREATECONSUMER x1 g c1
                B: XGROUP CREATECONSUMER x1 g c1
                B: XREADGROUP GROUP g c2 STREAMS x1 >
                B: XREADGROUP GROUP g c2 STREAMS x1 >
                B: XREADGROUP GROUP g c3 STREAMS x1 0
                B: XREADGROUP GROUP g c4 NOACK STREAMS x1 >
                B: XACK x1 g 6-0
                B: XCLAIM x1 g c5 0 6-0
                B: XGROUP SETID x1 g 0
                B: XREADGROUP GROUP g c2 STREAMS x1 >
                B: XCLAIM x1 g c6 0 6-0 JUSTID
                B: XCLAIM x1 g c7 3600000 6-0
                B: XAUTOCLAIM x1 g c8 0 0
                B: XAUTOCLAIM x1 g c9 3600000 0
                B: XPENDING x1 g
                B: XGROUP DELCONSUMER x1 g c1
                B: XGROUP DELCONSUMER x1 g nobody
                B: XGROUP DESTROY x1 g
                B: XGROUP DESTROY x1 g
                B: XLEN nokey
                B: XRANGE nokey - +
                B: XREVRANGE nokey + -
                B: XREAD STREAMS nokey x1 0 0
                B: XINFO STREAM nokey
                B: XACK nokey g 1-0
                B: XPENDING nokey g
                B: XTRIM x1 MAXLEN 0
                B: XADD x3 1-0 f v
                B: XDEL x3 1-0
                B: RENAME x2 x4
                B: DEL x4
                """);
        BODIES.put("lists", """
                B: RPUSH l a b c d e f g
                B: LPUSH l z
                B: LPUSHX l y
                B: RPUSHX nokey y
                B: LPUSHX nokey y
                B: LINSERT l BEFORE c x
                B: LINSERT l BEFORE nopivot x
                B: LINSERT nokey BEFORE a b
                B: LSET l 0 q
                B: LTRIM l 0 100
                B: LTRIM l 1 -1
                B: LREM l 1 x
                B: LREM l 0 nothing
                B: LPOP l
                B: RPOP l 2
                B: LPOP l 0
                B: RPOPLPUSH l l2
                B: LMOVE l l2 LEFT RIGHT
                B: LMOVE l l LEFT RIGHT
                B: LMOVE nokey l LEFT RIGHT
                @7 B: LMPOP 2 nokey l RIGHT COUNT 1
                @7 B: LMPOP 1 nokey RIGHT
                B: BLPOP l 0
                B: BRPOPLPUSH l2 l3 0
                B: LLEN nokey
                B: LRANGE nokey 0 -1
                B: LINDEX nokey 0
                B: LPOS nokey a
                B: LPOP nokey
                B: LREM nokey 0 a
                B: LTRIM nokey 0 1
                B: LRANGE l2 0 -1
                B: LTRIM l2 5 1
                B: RPUSH l4 a
                B: LPOP l4
                B: RPUSH l5 a b
                B: LREM l5 0 a
                B: LREM l5 0 b
                B: RPUSH l6 a
                B: RPOPLPUSH l6 l6
                B: RPOPLPUSH l6 l7
                B: RPUSH l8 a
                B: RENAME l8 l9
                B: MULTI
                B: RPUSH l10 a
                B: LPOP l10
                B: EXEC
                B: SET s v
                B: LPUSH s a
                C: PUNSUBSCRIBE
                C: RPUSH self a
                """);
        BODIES.put("blocking list pops served later", """
                @block C: BLPOP lb 0
                B: RPUSH lb a b
                @block C: BRPOP lb2 lb3 0
                B: RPUSH lb3 x
                @block C: BLMOVE lb4 lb5 RIGHT LEFT 0
                B: RPUSH lb4 m
                @7 @block C: BLMPOP 0 1 lb6 LEFT COUNT 5
                @7 B: RPUSH lb6 a b
                @block C: BRPOPLPUSH lb7 lb7 0
                B: LPUSH lb7 self
                @block C: BLPOP lb8 0
                B: MULTI
                B: RPUSH lb8 a
                B: LPOP lb8
                B: RPUSH lb8 b c
                B: EXEC
                @block C: BLMOVE lb9 lb10 LEFT LEFT 0
                B: SET lb10 str
                B: RPUSH lb9 v
                B: DEL lb9 lb10
                """);
        BODIES.put("blocked stream reads served later", """
                B: XGROUP CREATE xb g $ MKSTREAM
                @block C: XREADGROUP GROUP g newconsumer BLOCK 0 STREAMS xb >
                B: XADD xb 1-0 f v
                @block C: XREAD BLOCK 0 STREAMS xb2 $
                B: XADD xb2 1-0 f v
                @block C: XREADGROUP GROUP g other BLOCK 0 STREAMS xb >
                B: XGROUP DESTROY xb g
                B: XGROUP CREATE xb g $
                @block C: XREADGROUP GROUP g third BLOCK 0 STREAMS xb >
                B: DEL xb
                B: XGROUP CREATE xb g $ MKSTREAM
                B: XADD xb 2-0 f v
                B: DEL xb xb2
                """);
        BODIES.put("hashes", """
                B: HSET h f1 v1 f2 v2
                B: HSET h f1 v1
                B: HMSET h f3 v3
                B: HSETNX h f1 x
                B: HSETNX h f9 x
                B: HSETNX h2 f x
                B: HINCRBY h n 5
                B: HINCRBYFLOAT h fl 1.5
                B: HINCRBY h f1 1
                B: HDEL h nothere
                B: HDEL h f1
                B: HDEL h f2 f3 f9 n fl nothere
                B: HGET nokey f
                B: HMGET nokey f
                B: HLEN nokey
                B: HGETALL nokey
                B: HEXISTS nokey f
                B: HSTRLEN nokey f
                B: HKEYS nokey
                B: HVALS nokey
                B: HRANDFIELD nokey
                B: HSCAN nokey 0
                """);
        BODIES.put("sets", """
                B: SADD s 1 2 3
                B: SADD s 1
                B: SADD s a
                B: SREM s nothere
                B: SREM s a 1
                B: SMOVE s s2 2
                B: SMOVE s s2 2
                B: SMOVE s s2 9
                B: SMOVE s s2 3
                B: SMOVE nokey s2 1
                B: SADD s3 2
                B: SMOVE s2 s3 2
                B: SPOP s3
                B: SPOP s3
                B: SADD s4 1 2 3
                B: SPOP s4 0
                B: SPOP s4 10
                B: SPOP nokey 1
                B: SADD s5 1 2 3
                B: SADD s6 2 3 4
                B: SINTERSTORE d s5 s6
                B: SUNIONSTORE d s5 s6
                B: SDIFFSTORE d s5 s6
                B: SDIFFSTORE d s5 s5
                B: SDIFFSTORE d s5 s5
                B: SET str v
                B: SINTERSTORE str s5 nokey
                B: SUNIONSTORE str s5 nokey
                B: SINTERSTORE d2 s5 nokey
                B: SUNIONSTORE d2 nokey nokey2
                B: SDIFFSTORE d2 nokey s5
                B: SINTERCARD 2 s5 nokey
                B: SMEMBERS nokey
                B: SINTER s5 nokey
                B: SUNION nokey s5
                B: SDIFF nokey
                B: SCARD nokey
                B: SISMEMBER nokey m
                B: SMISMEMBER nokey m
                B: SRANDMEMBER nokey
                B: SRANDMEMBER nokey 2
                B: SSCAN nokey 0
                B: SREM nokey m
                B: EVAL "redis.call('sadd', KEYS[1], 'x'); return redis.call('srem', KEYS[1], 'x')" 1 ls
                B: SADD s7 1
                B: EXPIRE s7 100
                B: RENAME s7 s8
                B: COPY s8 s9
                B: DEL s8 s9 s5 s6 d
                """);
        // maxmemory 1: every server is over it for good, so each command first evicts what the policy allows
        // ("evicted", class e) and deny-oom commands are then refused (no event)
        BODIES.put("eviction", """
                B: SET a 1
                B: SET b 2 EX 100
                B: CONFIG SET maxmemory-policy volatile-lru
                B: CONFIG SET maxmemory 1
                B: GET a
                B: SET c 3
                B: CONFIG SET maxmemory-policy allkeys-random
                B: EXISTS a
                B: CONFIG SET maxmemory 0
                B: CONFIG SET maxmemory-policy noeviction
                B: SET c 3
                """);
        BODIES.put("bitmaps", """
                B: SETBIT b 7 1
                B: SETBIT b 7 1
                B: SETBIT b 7 0
                B: SETBIT b 3 0
                B: SETBIT b 100 0
                B: SETBIT nb 0 0
                B: GETBIT nokey 0
                B: BITCOUNT nokey
                B: BITCOUNT nokey 0 -1
                B: BITPOS nokey 1
                B: SET str hello
                B: SETBIT str 1 1
                B: BITFIELD bf SET u8 0 1
                B: BITFIELD bf SET u8 0 1
                B: BITFIELD bf INCRBY u8 0 0 GET u8 0
                B: BITFIELD bf SET u8 16 0
                B: BITFIELD bf GET u8 0
                B: BITFIELD nokey GET u8 0
                B: BITFIELD_RO nokey GET u8 0
                B: BITFIELD bf2 OVERFLOW FAIL SET u2 0 9
                B: BITFIELD bf OVERFLOW FAIL INCRBY u8 0 255
                B: BITOP AND d b bf
                B: BITOP OR d nokey nokey2
                B: BITOP NOT d b
                B: BITOP XOR d b nokey
                B: BITOP AND d nokey
                B: SET d x
                B: BITOP NOT d nokey
                B: LCS b nokey
                B: EXPIRE b 100
                B: SETBIT b 0 1
                B: DEL b bf bf2 str nb
                """);
        BODIES.put("lazy expiry and new keys", """
                B: MULTI
                B: SET e1 v PXAT 1
                B: GET e1
                B: SET e2 v PXAT 1
                B: SET e2 v2
                B: SET e3 v PXAT 1
                B: EXISTS e3
                B: SET e4 v PXAT 1
                B: ZADD e4 1 m
                B: HSET e5 f v
                B: PEXPIREAT e5 1
                B: HGET e5 f
                B: EXEC
                B: DEL e4 e2
                """);
        BODIES.put("transactions, scripts and databases", """
                B: MULTI
                B: SET t1 v
                B: ZADD t2 1 m
                B: DEL t1 t2
                B: EXEC
                B: EVAL "redis.call('set', KEYS[1], 'v'); redis.call('expire', KEYS[1], 10); return redis.call('del', KEYS[1])" 1 lk
                B: EVAL "return redis.call('get', KEYS[1])" 1 nokey
                B: SELECT 9
                B: SET in9 v
                B: DEL in9
                B: SELECT 0
                B: SET "bin\\x00key\\xff" v
                B: DEL "bin\\x00key\\xff"
                """);
        BODIES.put("a subscriber that writes", """
                C: PSUBSCRIBE __keyspace@0__:*
                C: SET self v
                C: GET nokey
                C: DEL self
                B: SET other v
                C: PUNSUBSCRIBE
                C: SET self v
                """);
    }

    /** Bodies that only some dialects can run (their commands exist nowhere else), by body name. */
    private static final Map<String, List<String>> BODY_DIALECTS = Map.of("hash-field TTLs", List.of("7.4", "8.0"),
            "HGETDEL, HGETEX, HSETEX", List.of("8.0"));

    static {
        BODIES.put("hash-field TTLs", """
                B: HSET h a 1 b 2 c 3 d 4
                B: HEXPIRE h 100 FIELDS 2 a nofield
                B: HEXPIRE h 100 NX FIELDS 1 a
                B: HPEXPIREAT h 4102444800000 FIELDS 1 b
                B: HPERSIST h FIELDS 2 a nofield
                B: HPERSIST h FIELDS 1 a
                B: HTTL h FIELDS 1 b
                B: HEXPIREAT h 1 FIELDS 2 a nofield
                B: HPEXPIRE h 0 XX FIELDS 1 b
                B: HEXPIRE h 100 FIELDS 1 c
                B: HSET h c 33
                B: HEXPIRE h 100 FIELDS 1 c
                B: HINCRBY h c 1
                B: HEXPIREAT h 1 FIELDS 2 c d
                B: HEXPIRE nokey 100 FIELDS 1 a
                B: HTTL nokey FIELDS 1 a
                B: HPERSIST nokey FIELDS 1 a
                B: HSET h2 a 1
                B: HEXPIRE h2 100 FIELDS 1 a
                B: RENAME h2 h3
                B: HSCAN h3 0 NOVALUES
                """);
        BODIES.put("HGETDEL, HGETEX, HSETEX", """
                B: HSETEX h FIELDS 2 a 1 b 2
                B: HSETEX h EX 100 FIELDS 1 a 1
                B: HSETEX h FNX FIELDS 1 a 1
                B: HSETEX h FXX KEEPTTL FIELDS 1 a 2
                B: HSETEX h EX 0 FIELDS 1 a 1
                B: HSETEX h PX 0 FIELDS 1 b 1
                B: HSETEX h FIELDS 1 c 3
                B: HSETEX nokey FXX FIELDS 1 a 1
                B: HSETEX h EXAT 4102444800 FIELDS 0 a 1
                B: HGETEX h FIELDS 1 c
                B: HGETEX h PERSIST FIELDS 1 c
                B: HGETEX h EX 100 FIELDS 2 c nofield
                B: HGETEX h PERSIST FIELDS 1 c
                B: HGETEX h EX 0 FIELDS 1 nofield
                B: HGETEX nokey EX 100 FIELDS 1 a
                B: HGETEX h EXAT 1 FIELDS 1 c
                B: HSET h2 a 1 b 2 c 3
                B: HGETDEL h2 FIELDS 1 nofield
                B: HGETDEL h2 FIELDS 2 a nofield
                B: HGETDEL nokey FIELDS 1 a
                B: HGETEX h2 PXAT 4102444800000 FIELDS 1 b
                B: HGETDEL h2 FIELDS 2 b c
                B: MULTI
                B: HSETEX h3 PX 100000 FIELDS 1 a 1
                B: HGETEX h3 PERSIST FIELDS 1 a
                B: HGETDEL h3 FIELDS 1 a
                B: EXEC
                """);
    }

    /** Flag settings for the mixed body, then the flags each family body runs with. */
    private static final String[] MIXED_FLAGS = {"KEA", "Eg", "K$", "Kz", "Kh", "Ex", "Em", "En", "KA", "KEAmn",
            "g$lshzxetd", "KElst", "Kn", "E$m", "KEAn"};
    private static final String[] BODY_FLAGS = {"KEAm", "KEAmn"};

    private static String scenario(String flags, String body) {
        return "B: FLUSHALL\nB: CONFIG SET notify-keyspace-events " + (flags.isEmpty() ? "\"\"" : flags) + "\n"
                + "A: PSUBSCRIBE __key*@*__:*\n" + body
                + "B: CONFIG SET notify-keyspace-events \"\"\nB: FLUSHALL\n";
    }

    @TestFactory
    Stream<DynamicTest> scenarios() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String version : LiveVersions.of("KeyspaceEventsConformanceTest")) {
            for (int proto : new int[] {2, 3}) {
                for (String flags : MIXED_FLAGS) {
                    tests.add(DynamicTest.dynamicTest("Redis " + version + " RESP" + proto + " flags " + flags,
                            () -> runScenario(version, proto, scenario(flags, MIXED))));
                }
                for (Map.Entry<String, String> e : BODIES.entrySet()) {
                    List<String> only = BODY_DIALECTS.get(e.getKey());
                    if (only != null && !only.contains(version)) continue;
                    for (String flags : BODY_FLAGS) {
                        tests.add(DynamicTest.dynamicTest("Redis " + version + " RESP" + proto + " " + e.getKey()
                                + " flags " + flags, () -> runScenario(version, proto, scenario(flags, e.getValue()))));
                    }
                }
            }
        }
        tests.addAll(LiveVersions.notLive("KeyspaceEventsConformanceTest"));
        return tests.stream();
    }

    private static void runScenario(String version, int proto, String script) {
        try {
            PubSubConformanceTest.run(version, proto, script);
        } finally {
            resetFlags(version);
        }
    }

    /** Leaves both servers without notifications, whatever happened (they are shared with other tests). */
    private static void resetFlags(String version) {
        RedisDouble dbl = doubleFor(version);
        ReferenceRedis ref = ReferenceRedis.forVersion(version);
        for (RawRedisClient c : new RawRedisClient[] {ref.openClient(), new RawRedisClient(dbl.host(), dbl.port())}) {
            try (c) {
                c.call("CONFIG", "SET", "notify-keyspace-events", "");
                c.call("CONFIG", "SET", "maxmemory", "0");
                c.call("CONFIG", "SET", "maxmemory-policy", "noeviction");
            }
        }
    }

    /**
     * Active expiry: a key with a 30 ms TTL and no client reading it. On each server the listener gets
     * "set", "expire", then — from the background cycle, waited for with a bounded read — "expired" on
     * both channels; every frame is compared with the real server's.
     */
    @TestFactory
    Stream<DynamicTest> activeExpiry() {
        return untouchedExpiry(version -> true, KeyspaceEventsConformanceTest::expireAndListen);
    }

    /** What a listener receives while a writer's keys or fields expire untouched. */
    interface Untouched {
        List<String> listen(RawRedisClient listener, RawRedisClient writer, int proto);
    }

    /**
     * One scenario of {@code untouched} per live dialect accepted by {@code dialects} and protocol: on the
     * real server, then on redis-double, every frame compared.
     */
    private static Stream<DynamicTest> untouchedExpiry(java.util.function.Predicate<String> dialects, Untouched untouched) {
        List<DynamicTest> tests = new ArrayList<>();
        for (String version : LiveVersions.of("KeyspaceEventsConformanceTest")) {
            if (!dialects.test(version)) continue;
            for (int proto : new int[] {2, 3}) {
                tests.add(DynamicTest.dynamicTest("Redis " + version + " RESP" + proto, () -> {
                    ReferenceRedis ref = ReferenceRedis.forVersion(version);
                    RedisDouble dbl = doubleFor(version);
                    try {
                        List<String> expected = untouched.listen(ref.openClient(), ref.openClient(), proto);
                        List<String> actual = untouched.listen(new RawRedisClient(dbl.host(), dbl.port()),
                                new RawRedisClient(dbl.host(), dbl.port()), proto);
                        assertEquals(String.join("\n", expected), String.join("\n", actual));
                    } finally {
                        resetFlags(version);
                    }
                }));
            }
        }
        return tests.stream();
    }

    /**
     * Active expiry of hash fields (7.4): fields with a 30 ms TTL and no client reading them. The listener
     * gets "hset", "hexpire", then from the background cycle "hexpired" and, as the hash empties, "del".
     */
    @TestFactory
    Stream<DynamicTest> activeFieldExpiry() {
        return untouchedExpiry(version -> BODY_DIALECTS.get("hash-field TTLs").contains(version),
                KeyspaceEventsConformanceTest::expireFieldsAndListen);
    }

    /**
     * Active expiry of fields given their TTL by HSETEX (8.0): "hset" and "hexpire" from HSETEX, then from
     * the background cycle "hexpired" and "del".
     */
    @TestFactory
    Stream<DynamicTest> activeExpiryOfHsetexFields() {
        return untouchedExpiry(version -> BODY_DIALECTS.get("HGETDEL, HGETEX, HSETEX").contains(version),
                KeyspaceEventsConformanceTest::hsetexFieldsExpireAndListen);
    }

    /** The frames a listener receives while the two fields HSETEX … PX 30 wrote expire untouched (at most 3 s). */
    private static List<String> hsetexFieldsExpireAndListen(RawRedisClient listener, RawRedisClient writer, int proto) {
        try (listener; writer) {
            if (proto == 3) {
                listener.call("HELLO", "3");
                writer.call("HELLO", "3");
            }
            writer.call("FLUSHALL");
            writer.call("CONFIG", "SET", "notify-keyspace-events", "KEA");
            List<String> frames = new ArrayList<>();
            frames.add(RawRedisClient.printable(listener.call("PSUBSCRIBE", "__key*@*__:*")));
            assertEquals(":1\r\n", new String(writer.call("HSETEX", "hx", "PX", "30", "FIELDS", "2", "a", "1", "b", "2"),
                    StandardCharsets.UTF_8));
            // hset + hexpire on both channels (4 frames), then hexpired and del on both channels (4 frames)
            listener.setTimeout(Duration.ofSeconds(3));
            for (int i = 0; i < 8; i++) frames.add(RawRedisClient.printable(listener.readReply()));
            assertTrue(frames.get(frames.size() - 1).contains("del"), frames.toString());
            writer.call("CONFIG", "SET", "notify-keyspace-events", "");
            return frames;
        }
    }

    /** The frames a listener receives while the two fields of a hash, given PX 30, expire untouched (at most 3 s). */
    private static List<String> expireFieldsAndListen(RawRedisClient listener, RawRedisClient writer, int proto) {
        try (listener; writer) {
            if (proto == 3) {
                listener.call("HELLO", "3");
                writer.call("HELLO", "3");
            }
            writer.call("FLUSHALL");
            writer.call("CONFIG", "SET", "notify-keyspace-events", "KEA");
            List<String> frames = new ArrayList<>();
            frames.add(RawRedisClient.printable(listener.call("PSUBSCRIBE", "__key*@*__:*")));
            writer.call("HSET", "hx", "a", "1", "b", "2");
            assertEquals("*2\r\n:1\r\n:1\r\n",
                    new String(writer.call("HPEXPIRE", "hx", "30", "FIELDS", "2", "a", "b"), StandardCharsets.UTF_8));
            // hset + hexpire on both channels (4 frames), then hexpired and del on both channels (4 frames)
            listener.setTimeout(Duration.ofSeconds(3));
            for (int i = 0; i < 8; i++) frames.add(RawRedisClient.printable(listener.readReply()));
            assertTrue(frames.get(frames.size() - 1).contains("del"), frames.toString());
            writer.call("CONFIG", "SET", "notify-keyspace-events", "");
            return frames;
        }
    }

    /** The frames a listener receives while a key set with PX 30 expires untouched (at most 3 s). */
    private static List<String> expireAndListen(RawRedisClient listener, RawRedisClient writer, int proto) {
        try (listener; writer) {
            if (proto == 3) {
                listener.call("HELLO", "3");
                writer.call("HELLO", "3");
            }
            writer.call("FLUSHALL");
            writer.call("CONFIG", "SET", "notify-keyspace-events", "KEA");
            List<String> frames = new ArrayList<>();
            frames.add(RawRedisClient.printable(listener.call("PSUBSCRIBE", "__key*@*__:*")));
            assertEquals("+OK\r\n", new String(writer.call("SET", "ax", "v", "PX", "30"), StandardCharsets.UTF_8));
            // set + expire on both channels (4 frames), then expired on both channels (2 frames)
            listener.setTimeout(Duration.ofSeconds(3));
            for (int i = 0; i < 6; i++) frames.add(RawRedisClient.printable(listener.readReply()));
            assertTrue(frames.get(frames.size() - 1).contains("expired"), frames.toString());
            writer.call("CONFIG", "SET", "notify-keyspace-events", "");
            return frames;
        }
    }
}
