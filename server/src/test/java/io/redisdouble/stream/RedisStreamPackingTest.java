package io.redisdouble.stream;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packed nodes of {@link RedisStream} against a plain sorted map of the live entries, under random
 * appends (IDs with small and huge millisecond jumps and sequences that fall between nodes' master IDs,
 * fields the same as the node's master fields or not, empty, short and long values), XDEL-style deletes
 * and trims: ranges both ways, lookups, the DUMP view of the nodes and a RESTORE from it, and copies.
 * Node boundaries themselves are checked against real Redis by the conformance files (XINFO, DUMP).
 */
class RedisStreamPackingTest {
    private static final byte[][] FIELD_POOL = {b("f"), b("g"), b(""), b("sensor"), b("value"), b("x".repeat(200))};

    @Test
    void packedNodesHoldWhatWasAppended() {
        for (long seed = 1; seed <= 40; seed++) run(new SplittableRandom(seed));
    }

    private static void run(SplittableRandom rnd) {
        RedisStream s = new RedisStream();
        TreeMap<StreamId, byte[][]> model = new TreeMap<>();
        long maxBytes = rnd.nextInt(3) == 0 ? 0 : 64 + rnd.nextInt(4096);
        long maxEntries = rnd.nextInt(3) == 0 ? 0 : 1 + rnd.nextInt(20);
        long ms = rnd.nextInt(3) == 0 ? Long.MAX_VALUE - 5 : rnd.nextLong(1000);
        long seq = rnd.nextBoolean() ? -10 : 0; // unsigned: near 2^64
        for (int op = 0; op < 600; op++) {
            int what = rnd.nextInt(100);
            if (what < 70) {
                switch (rnd.nextInt(4)) {
                    case 0 -> seq++;
                    case 1 -> { ms += 1 + rnd.nextInt(200); seq = rnd.nextInt(3) == 0 ? rnd.nextLong() : 0; }
                    case 2 -> { ms += rnd.nextLong(1L << 50); seq = rnd.nextInt(5); }
                    default -> seq += 1 + rnd.nextInt(1 << 20);
                }
                StreamId id = new StreamId(ms, seq);
                if (id.compareTo(s.lastId()) <= 0) continue;
                byte[][] fv = entry(rnd);
                s.append(id, fv, maxBytes, maxEntries);
                model.put(id, fv);
            } else if (what < 85 && !model.isEmpty()) {
                StreamId id = pick(rnd, model);
                boolean first = id.equals(model.firstKey());
                boolean deleted = s.delete(id);
                assertEquals(model.remove(id) != null, deleted);
                s.afterDelete(first && deleted);
                assertEquals(false, s.delete(id));
            } else if (what < 90 && !model.isEmpty()) {
                long maxlen = rnd.nextInt(model.size() + 1);
                boolean approx = rnd.nextBoolean();
                long removed = s.trim(maxlen, null, approx, 0);
                assertTrue(approx ? removed <= model.size() - maxlen : removed == model.size() - maxlen);
                for (long i = 0; i < removed; i++) model.pollFirstEntry();
            } else if (what < 95 && !model.isEmpty()) {
                StreamId minId = pick(rnd, model);
                boolean approx = rnd.nextBoolean();
                long removed = s.trim(0, minId, approx, 0);
                long below = model.headMap(minId, false).size();
                assertTrue(approx ? removed <= below : removed == below);
                for (long i = 0; i < removed; i++) model.pollFirstEntry();
            } else {
                RedisStream copy = s.deepCopy();
                if (!model.isEmpty()) copy.delete(model.lastKey());
                copy.append(new StreamId(-1L, -1L), entry(rnd), maxBytes, maxEntries);
            }
            check(rnd, s, model);
        }
        RedisStream restored = restore(s);
        check(rnd, restored, model);
        assertEquals(s.listpackBytes(), restored.listpackBytes());
        assertEquals(s.nodeCount(), restored.nodeCount());
    }

    private static void check(SplittableRandom rnd, RedisStream s, TreeMap<StreamId, byte[][]> model) {
        assertEquals(model.size(), s.length());
        assertEquals(model.size(), s.liveEntries());
        assertEquals(model.isEmpty() ? StreamId.MIN : model.firstKey(), s.firstId());
        assertSame(model, all(s, StreamId.MIN, StreamId.MAX, false, Integer.MAX_VALUE));
        StreamId a = randomId(rnd, model), b = randomId(rnd, model);
        StreamId lo = a.compareTo(b) <= 0 ? a : b, hi = a.compareTo(b) <= 0 ? b : a;
        int count = 1 + rnd.nextInt(30);
        assertSame(firstN(model.subMap(lo, true, hi, true), count), all(s, lo, hi, false, count));
        assertSame(firstN(model.subMap(lo, true, hi, true).descendingMap(), count), all(s, lo, hi, true, count));
        StreamId probe = randomId(rnd, model);
        byte[][] want = model.get(probe);
        if (want == null) assertNull(s.get(probe));
        else assertArrayEquals(want, s.get(probe));
        if (!model.isEmpty()) assertEquals(model.lastKey(), s.lastValidId());
        if (!model.isEmpty()) assertTrue(s.firstIdWithTombstones().compareTo(model.firstKey()) <= 0);
    }

    /** The stream as DUMP sees it, loaded back as RESTORE loads it. */
    private static RedisStream restore(RedisStream s) {
        RedisStream r = new RedisStream();
        long[] live = {0};
        s.forEachNode((master, masterFields, liveCount, deletedCount, size, ids, fv, deleted) -> {
            int dead = 0;
            for (int i = 0; i < size; i++) if (deleted[i]) dead++;
            assertEquals(deletedCount, dead);
            assertEquals(liveCount, size - dead);
            assertEquals(master, ids[0]);
            live[0] += liveCount;
            List<Boolean> flags = new ArrayList<>();
            for (int i = 0; i < size; i++) flags.add(deleted[i]);
            r.loadNode(master, masterFields, Arrays.asList(ids).subList(0, size), Arrays.asList(fv).subList(0, size), flags,
                    nodeBytes(s, master));
        });
        r.loaded(live[0], s.lastId(), s.firstId(), s.maxDeletedId(), s.entriesAdded());
        return r;
    }

    private static long nodeBytes(RedisStream s, StreamId master) {
        RedisStream.Node n = nodeOf(s, master);
        return n.bytes;
    }

    private static RedisStream.Node nodeOf(RedisStream s, StreamId master) {
        try {
            var f = RedisStream.class.getDeclaredField("nodes");
            f.setAccessible(true);
            @SuppressWarnings("unchecked")
            Map<StreamId, RedisStream.Node> nodes = (Map<StreamId, RedisStream.Node>) f.get(s);
            return nodes.get(master);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static NavigableMap<StreamId, byte[][]> all(RedisStream s, StreamId start, StreamId end, boolean rev, int count) {
        TreeMap<StreamId, byte[][]> out = new TreeMap<>();
        List<StreamId> order = new ArrayList<>();
        s.range(start, end, rev, (id, fv) -> {
            out.put(id, fv);
            order.add(id);
            return order.size() < count;
        });
        for (int i = 1; i < order.size(); i++) assertTrue(rev ? order.get(i).compareTo(order.get(i - 1)) < 0 : order.get(i).compareTo(order.get(i - 1)) > 0);
        return out;
    }

    private static NavigableMap<StreamId, byte[][]> firstN(NavigableMap<StreamId, byte[][]> m, int n) {
        TreeMap<StreamId, byte[][]> out = new TreeMap<>();
        for (Map.Entry<StreamId, byte[][]> e : m.entrySet()) {
            if (out.size() == n) break;
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    private static void assertSame(NavigableMap<StreamId, byte[][]> want, NavigableMap<StreamId, byte[][]> got) {
        assertEquals(want.keySet(), got.keySet());
        for (Map.Entry<StreamId, byte[][]> e : want.entrySet()) assertArrayEquals(e.getValue(), got.get(e.getKey()), e.getKey().toString());
    }

    private static byte[][] entry(SplittableRandom rnd) {
        int n = 1 + rnd.nextInt(3);
        byte[][] fv = new byte[2 * n][];
        int base = rnd.nextInt(4) == 0 ? rnd.nextInt(FIELD_POOL.length) : 3; // mostly "sensor", "value"
        for (int i = 0; i < n; i++) {
            fv[2 * i] = FIELD_POOL[(base + i) % FIELD_POOL.length].clone();
            int len = switch (rnd.nextInt(10)) {
                case 0 -> 0;
                case 1 -> 128 + rnd.nextInt(300);
                case 2 -> 16384 + rnd.nextInt(100);
                default -> rnd.nextInt(12);
            };
            byte[] v = new byte[len];
            for (int j = 0; j < len; j++) v[j] = (byte) rnd.nextInt(256);
            fv[2 * i + 1] = v;
        }
        return fv;
    }

    private static StreamId pick(SplittableRandom rnd, TreeMap<StreamId, byte[][]> model) {
        StreamId id = model.ceilingKey(randomId(rnd, model));
        return id == null ? model.lastKey() : id;
    }

    private static StreamId randomId(SplittableRandom rnd, TreeMap<StreamId, byte[][]> model) {
        if (model.isEmpty() || rnd.nextInt(5) == 0) return new StreamId(rnd.nextLong(), rnd.nextLong());
        StreamId lo = model.firstKey(), hi = model.lastKey();
        StreamId k = rnd.nextBoolean() ? lo : hi;
        List<StreamId> keys = new ArrayList<>(model.keySet());
        StreamId at = keys.get(rnd.nextInt(keys.size()));
        return switch (rnd.nextInt(4)) {
            case 0 -> at;
            case 1 -> at.next() == null ? at : at.next();
            case 2 -> at.prev() == null ? at : at.prev();
            default -> k;
        };
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
