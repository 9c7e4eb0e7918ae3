package io.redisdouble.clients;

import io.lettuce.core.BitFieldArgs;
import io.lettuce.core.LcsArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.redisson.Redisson;
import org.redisson.api.RBitSet;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.springframework.data.redis.connection.BitFieldSubCommands;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStringCommands;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.BitCountOption;
import redis.clients.jedis.args.BitOP;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.BitPosParams;
import redis.clients.jedis.params.LCSParams;
import redis.clients.jedis.resps.LCSMatchResult;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bitmaps and LCS through real clients, unmodified, on redis-double and real Redis 7.0.15: every reply
 * each scenario sees is noted in a {@link Transcript}, and the two transcripts must be identical. The
 * scenarios assert only what they rely on (an active-users bitmap, a feature-flag field layout).
 * <ul>
 *   <li>Jedis: SETBIT / GETBIT, BITCOUNT and BITPOS with BYTE and BIT ranges, BITOP, BITFIELD and
 *       BITFIELD_RO, LCS (plain, LEN, IDX with MINMATCHLEN / WITHMATCHLEN), and the errors it surfaces;</li>
 *   <li>Lettuce: the same through its typed API (BitFieldArgs, LcsArgs);</li>
 *   <li>Spring Data Redis, both connection factories: {@code opsForValue().setBit / getBit / bitField}
 *       and the connection's BITCOUNT / BITOP / BITPOS;</li>
 *   <li>Redisson's {@link RBitSet}: set / get / clear of bits and ranges, cardinality, length, size,
 *       and / or / xor / not with other bitsets, the byte / short / int / long fields, toByteArray.</li>
 * </ul>
 */
class BitmapClientsTest {

    // ---- Jedis ---------------------------------------------------------------------------------

    @Test
    void jedisDailyActiveUsers() throws Exception {
        Transcript.compare(Target.both().toList(), (server, seen) -> {
            try (Jedis j = new Jedis(server.host(), server.port())) {
                int[] monday = {1, 5, 9, 100, 1000}, tuesday = {5, 9, 77, 1000, 1001};
                for (int u : monday) seen.note("monday setbit " + u, j.setbit("active:mon", u, true));
                for (int u : tuesday) seen.note("tuesday setbit " + u, j.setbit("active:tue", u, true));
                seen.note("setbit again", j.setbit("active:mon", 5, true));
                seen.note("getbit 5", j.getbit("active:mon", 5));
                seen.note("getbit 6", j.getbit("active:mon", 6));
                assertEquals(5, seen.note("monday count", j.bitcount("active:mon")));
                seen.note("count bytes 0..1", j.bitcount("active:mon", 0, 1));
                seen.note("count bits 0..9", j.bitcount("active:mon", 0, 9, BitCountOption.BIT));
                seen.note("count bytes -2..-1", j.bitcount("active:mon", -2, -1, BitCountOption.BYTE));
                seen.note("bitop and", j.bitop(BitOP.AND, "active:both", "active:mon", "active:tue"));
                assertEquals(3, seen.note("both days", j.bitcount("active:both")));
                seen.note("bitop or", j.bitop(BitOP.OR, "active:any", "active:mon", "active:tue"));
                seen.note("either day", j.bitcount("active:any"));
                seen.note("bitop xor", j.bitop(BitOP.XOR, "active:one", "active:mon", "active:tue"));
                seen.note("one day only", j.bitcount("active:one"));
                seen.note("bitop not", j.bitop(BitOP.NOT, "active:not", "active:mon"));
                seen.note("not, bytes", Arrays.toString(j.get("active:not".getBytes(StandardCharsets.UTF_8))));
                seen.note("first active", j.bitpos("active:mon", true));
                seen.note("first inactive", j.bitpos("active:mon", false));
                seen.note("first active from byte 1", j.bitpos("active:mon", true, new BitPosParams(1)));
                seen.note("first active in bits 10..200", j.bitpos("active:mon", true,
                        new BitPosParams(10, 200).modifier(BitCountOption.BIT)));
                seen.note("first inactive in bytes 0..0", j.bitpos("active:mon", false, new BitPosParams(0, 0)));
                seen.note("missing bitmap", j.bitpos("active:none", true));
                seen.note("raw value", Arrays.toString(j.get("active:mon".getBytes(StandardCharsets.UTF_8))));
                seen.note("encoding", j.objectEncoding("active:mon"));
                seen.note("missing bitmap, bit range", j.bitpos("x", false, new BitPosParams(0, 1).modifier(BitCountOption.BIT)));
                j.sadd("aset", "m");
                seen.note("wrongtype", assertThrows(JedisDataException.class, () -> j.setbit("aset", 1, true)).getMessage());
                seen.note("offset error", assertThrows(JedisDataException.class, () -> j.setbit("k", -1, true)).getMessage());
            }
        });
    }

    @Test
    void jedisBitfieldAndLcs() throws Exception {
        Transcript.compare(Target.both().toList(), (server, seen) -> {
            try (Jedis j = new Jedis(server.host(), server.port())) {
                // Feature flags: four 4-bit version counters per tenant.
                seen.note("set counters", j.bitfield("flags", "SET", "u4", "#0", "3", "SET", "u4", "#1", "15",
                        "SET", "i8", "8", "-5"));
                seen.note("incr wrap", j.bitfield("flags", "INCRBY", "u4", "#1", "1"));
                seen.note("incr sat", j.bitfield("flags", "OVERFLOW", "SAT", "INCRBY", "u4", "#0", "100"));
                seen.note("incr fail", j.bitfield("flags", "OVERFLOW", "FAIL", "INCRBY", "u4", "#0", "1", "GET", "u4", "#0"));
                seen.note("read only", j.bitfieldReadonly("flags", "GET", "u4", "#0", "GET", "i8", "8", "GET", "u16", "100"));
                seen.note("bytes", Arrays.toString(j.get("flags".getBytes(StandardCharsets.UTF_8))));
                seen.note("bad type", assertThrows(JedisDataException.class,
                        () -> j.bitfield("flags", "GET", "u64", "0")).getMessage());
                seen.note("ro write", assertThrows(JedisDataException.class,
                        () -> j.bitfieldReadonly("flags", "SET", "u8", "0", "1")).getMessage());

                j.mset("a", "ohmytext", "b", "mynewtext");
                seen.note("lcs", j.lcs("a", "b", LCSParams.LCSParams()).getMatchString());
                seen.note("lcs len", j.lcs("a", "b", LCSParams.LCSParams().len()).getLen());
                LCSMatchResult idx = j.lcs("a", "b", LCSParams.LCSParams().idx().withMatchLen());
                assertEquals(6, idx.getLen());
                List<String> matches = new ArrayList<>();
                for (LCSMatchResult.MatchedPosition p : idx.getMatches()) {
                    matches.add(p.getA().getStart() + "-" + p.getA().getEnd() + "/" + p.getB().getStart() + "-"
                            + p.getB().getEnd() + " len " + p.getMatchLen());
                }
                seen.note("lcs idx", matches);
                seen.note("lcs minmatchlen", j.lcs("a", "b", LCSParams.LCSParams().idx().minMatchLen(4)).getMatches().size());
                seen.note("lcs len+idx", assertThrows(JedisDataException.class,
                        () -> j.lcs("a", "b", LCSParams.LCSParams().len().idx())).getMessage());
            }
        });
    }

    // ---- Lettuce -------------------------------------------------------------------------------

    @Test
    void lettuceBits() throws Exception {
        Transcript.compare(Target.both().toList(), (server, seen) -> {
            RedisClient client = RedisClient.create(server.uri());
            try (StatefulRedisConnection<String, String> conn = client.connect()) {
                RedisCommands<String, String> r = conn.sync();
                for (int bit : new int[] {0, 3, 12, 13, 63}) seen.note("setbit " + bit, r.setbit("l", bit, 1));
                seen.note("clear 3", r.setbit("l", 3, 0));
                seen.note("getbit 12", r.getbit("l", 12));
                assertEquals(4, seen.note("bitcount", r.bitcount("l")));
                seen.note("bitcount 1..1", r.bitcount("l", 1, 1));
                seen.note("bitpos 1", r.bitpos("l", true));
                seen.note("bitpos 0", r.bitpos("l", false));
                seen.note("bitpos 1 from 2", r.bitpos("l", true, 2));
                seen.note("bitpos 0 in 0..0", r.bitpos("l", false, 0, 0));
                r.set("m", "\u0007");
                seen.note("and", r.bitopAnd("d", "l", "m"));
                seen.note("or", r.bitopOr("d2", "l", "m"));
                seen.note("xor", r.bitopXor("d3", "l", "m"));
                seen.note("not", r.bitopNot("d4", "l"));
                seen.note("counts", List.of(r.bitcount("d"), r.bitcount("d2"), r.bitcount("d3"), r.bitcount("d4")));
                seen.note("bitfield", r.bitfield("f", new BitFieldArgs()
                        .set(BitFieldArgs.unsigned(8), 0, 200)
                        .incrBy(BitFieldArgs.unsigned(8), 0, 100)
                        .overflow(BitFieldArgs.OverflowType.SAT)
                        .incrBy(BitFieldArgs.signed(5), BitFieldArgs.typeWidthBasedOffset(3), 40)
                        .get(BitFieldArgs.signed(16), 0)));
                seen.note("bitfield fail", r.bitfield("f", new BitFieldArgs()
                        .overflow(BitFieldArgs.OverflowType.FAIL)
                        .incrBy(BitFieldArgs.unsigned(2), 0, 9)));
                seen.note("f", r.get("f").chars().boxed().toList());
                r.mset(java.util.Map.of("x", "ACCGGTCGAGTGCGCGGAAGCCGGCCGAA", "y", "GTCGTTCGGAATGCCGTTGCTCTGTAAA"));
                seen.note("lcs", r.lcs(LcsArgs.Builder.keys("x", "y")).getMatchString());
                seen.note("lcs len", r.lcs(LcsArgs.Builder.keys("x", "y").justLen()).getLen());
                List<String> m = new ArrayList<>();
                r.lcs(LcsArgs.Builder.keys("x", "y").withIdx().withMatchLen().minMatchLen(2)).getMatches().forEach(p ->
                        m.add(p.getA().getStart() + "-" + p.getA().getEnd() + "/" + p.getB().getStart() + "-"
                                + p.getB().getEnd() + " len " + p.getMatchLen()));
                seen.note("lcs idx", m);
            } finally {
                client.shutdown();
            }
        });
    }

    // ---- Spring Data Redis ---------------------------------------------------------------------

    enum Factory { LETTUCE, JEDIS }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Factory.class)
    void springDataBits(Factory kind) throws Exception {
        Transcript.compare(Target.both().toList(), (server, seen) -> {
            List<Runnable> cleanup = new java.util.ArrayList<>();
            RedisConnectionFactory f = SpringFactories.start(kind == Factory.LETTUCE, server, cleanup);
            try {
                StringRedisTemplate t = new StringRedisTemplate(f);
                t.afterPropertiesSet();
                seen.note("setBit 7", t.opsForValue().setBit("s", 7, true));
                seen.note("setBit 7 again", t.opsForValue().setBit("s", 7, true));
                seen.note("setBit 20", t.opsForValue().setBit("s", 20, true));
                seen.note("getBit 7", t.opsForValue().getBit("s", 7));
                seen.note("getBit 8", t.opsForValue().getBit("s", 8));
                seen.note("value", t.opsForValue().get("s").chars().boxed().toList());
                List<Long> fields = t.opsForValue().bitField("s", BitFieldSubCommands.create()
                        .get(BitFieldSubCommands.BitFieldType.unsigned(8)).valueAt(0)
                        .set(BitFieldSubCommands.BitFieldType.signed(8)).valueAt(8).to(-3)
                        .incr(BitFieldSubCommands.BitFieldType.unsigned(4)).valueAt(16).overflow(BitFieldSubCommands.BitFieldIncrBy.Overflow.SAT).by(40)
                        .get(BitFieldSubCommands.BitFieldType.signed(24)).valueAt(0));
                seen.note("bitField", fields);
                assertEquals(1L, fields.get(0));
                byte[] key = "s".getBytes(StandardCharsets.UTF_8);
                seen.note("bitCount", t.execute((RedisCallback<Long>) c -> c.stringCommands().bitCount(key)));
                seen.note("bitCount 1..2", t.execute((RedisCallback<Long>) c -> c.stringCommands().bitCount(key, 1, 2)));
                seen.note("bitPos", t.execute((RedisCallback<Long>) c -> c.stringCommands().bitPos(key, true)));
                seen.note("bitOp", t.execute((RedisCallback<Long>) c -> c.stringCommands().bitOp(
                        RedisStringCommands.BitOperation.NOT, "n".getBytes(StandardCharsets.UTF_8), key)));
                seen.note("not", t.opsForValue().get("n").chars().boxed().toList());
            } finally {
                cleanup.forEach(Runnable::run);
            }
        });
    }

    // ---- Redisson ------------------------------------------------------------------------------

    @Test
    void redissonBitSet() throws Exception {
        Transcript.compare(Target.both().toList(), (server, seen) -> {
            Config config = new Config();
            config.useSingleServer().setAddress(server.uri());
            RedissonClient r = Redisson.create(config);
            try {
                RBitSet a = r.getBitSet("a");
                seen.note("set 3", a.set(3));
                seen.note("set 3 again", a.set(3));
                seen.note("set 10 false", a.set(10, false));
                a.set(20, 30);
                seen.note("get 25", a.get(25));
                seen.note("get many", Arrays.toString(a.get(1, 3, 20, 29, 30)));
                a.clear(22, 24);
                seen.note("cardinality", a.cardinality());
                seen.note("length", a.length());
                seen.note("size", a.size());
                seen.note("clear 3", a.clear(3));
                seen.note("bytes", Arrays.toString(a.toByteArray()));
                BitSet expected = new BitSet();
                expected.set(20, 22);
                expected.set(24, 30);
                assertEquals(expected, seen.note("asBitSet", a.asBitSet()));

                RBitSet b = r.getBitSet("b");
                b.set(new long[] {1, 21, 40}, true);
                RBitSet c = r.getBitSet("c");
                c.set(a.asBitSet());
                seen.note("or", c.or("b"));
                seen.note("after or", c.asBitSet());
                c.set(a.asBitSet());
                seen.note("and", c.and("b"));
                seen.note("after and", c.asBitSet());
                seen.note("xor", c.xor("a", "b"));
                seen.note("after xor", c.asBitSet());
                seen.note("not", c.not());
                seen.note("after not", Arrays.toString(c.toByteArray()));

                RBitSet f = r.getBitSet("fields");
                seen.note("setByte", f.setByte(0, (byte) 0x7f));
                seen.note("incrementAndGetByte", f.incrementAndGetByte(0, (byte) 2));
                seen.note("setShort", f.setShort(8, (short) -2));
                seen.note("getShort", f.getShort(8));
                seen.note("setInteger", f.setInteger(24, 123456789));
                seen.note("incrementAndGetInteger", f.incrementAndGetInteger(24, 1));
                seen.note("setLong", f.setLong(56, Long.MIN_VALUE));
                seen.note("getLong", f.getLong(56));
                seen.note("setUnsigned", f.setUnsigned(5, 200, 31));
                seen.note("getUnsigned", f.getUnsigned(5, 200));
                seen.note("incrementAndGetSigned", f.incrementAndGetSigned(7, 300, 100));
                seen.note("fields bytes", Arrays.toString(f.toByteArray()));
                a.clear();
                assertTrue(!a.isExists());
                seen.note("cleared", a.cardinality());
            } finally {
                r.shutdown();
            }
        });
    }
}
