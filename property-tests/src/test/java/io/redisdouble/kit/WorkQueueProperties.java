package io.redisdouble.kit;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import redis.clients.jedis.params.ZRangeParams;
import redis.clients.jedis.resps.Tuple;

import java.util.ArrayList;
import java.util.List;

/**
 * The seed's sorted-set work queue, through Jedis, against both servers: a handler files work into
 * per-day sorted sets scored by timestamp ({@code ZADD media_auth_refresh_<day> <ts> <item>}), a
 * worker fetches what is due ({@code ZRANGEBYSCORE key -inf <now> LIMIT 0 n WITHSCORES}) and removes
 * what it processed ({@code ZREM}), and a leaderboard is updated with {@code ZINCRBY} and read with
 * {@code ZRANGE … REV WITHSCORES} / {@code ZREVRANGE … WITHSCORES}. Results must be identical.
 */
@Family("client code: work queue")
class WorkQueueProperties {

    static final long BASE = 1_700_000_000_000L;

    enum Kind { FILE, FETCH, PROCESS, COUNT, SCORE, TOP, ALL }

    record Op(Kind kind, int day, String item, long offset, int n, double points) {
        @Override
        public String toString() {
            return kind + " day" + day + " " + item + " +" + offset + " n=" + n + " points=" + points;
        }
    }

    @Provide
    Arbitrary<Integer> protocol() {
        return Chains.protocols();
    }

    @Provide
    Arbitrary<List<Op>> schedules() {
        return Combinators.combine(
                Arbitraries.of(Kind.FILE, Kind.FILE, Kind.FILE, Kind.FETCH, Kind.PROCESS, Kind.COUNT, Kind.SCORE,
                        Kind.SCORE, Kind.TOP, Kind.ALL),
                Arbitraries.integers().between(0, 1),
                Arbitraries.of("job-a", "job-b", "job-c", "job-d", "job-e", "player-1", "player-2"),
                Arbitraries.longs().between(0, 10_000),
                Arbitraries.integers().between(1, 4),
                Arbitraries.of(1.0, 0.1, 1.1, -2.5, 100.0, 1e20, 0.0, -0.0))
                .as(Op::new).list().ofMinSize(1).ofMaxSize(30);
    }

    static String day(int d) {
        return "media_auth_refresh_2024-01-0" + (d + 1);
    }

    @Property
    void workQueueAndLeaderboard(@ForAll("protocol") int protocol, @ForAll("schedules") List<Op> ops) {
        try (JedisCase c = new JedisCase(this, 2, protocol)) {
            for (Op op : ops) {
                String key = day(op.day());
                long now = BASE + op.offset();
                switch (op.kind()) {
                    case FILE -> c.step(0, "file " + op.item() + " at " + now,
                            List.of("ZADD " + key + " " + (double) now + " " + op.item()),
                            j -> j.zadd(key, now, op.item()));
                    case FETCH -> c.step(1, "fetch due work at " + now,
                            List.of("ZRANGEBYSCORE " + key + " -inf " + now + " LIMIT 0 " + op.n() + " WITHSCORES"),
                            j -> j.zrangeByScoreWithScores(key, "-inf", Long.toString(now), 0, op.n()));
                    case PROCESS -> c.step(1, "process due work at " + now, List.of(
                            "ZRANGEBYSCORE " + key + " -inf " + now + " LIMIT 0 " + op.n() + " WITHSCORES",
                            "ZREM " + key + " <fetched members>"), j -> {
                                List<Tuple> due = j.zrangeByScoreWithScores(key, "-inf", Long.toString(now), 0, op.n());
                                if (due.isEmpty()) {
                                    return "nothing due";
                                }
                                List<String> members = new ArrayList<>();
                                due.forEach(t -> members.add(t.getElement()));
                                return JedisCase.render(due) + " removed " + j.zrem(key, members.toArray(new String[0]));
                            });
                    case COUNT -> c.step(0, "count " + key, List.of("ZCARD " + key), j -> j.zcard(key));
                    case SCORE -> c.step(0, op.item() + " scores " + op.points(),
                            List.of("ZINCRBY leaderboard " + op.points() + " " + op.item()),
                            j -> j.zincrby("leaderboard", op.points(), op.item()));
                    case TOP -> c.step(1, "top " + op.n(), List.of("ZRANGE leaderboard 0 " + (op.n() - 1) + " REV WITHSCORES"),
                            j -> j.zrangeWithScores("leaderboard", ZRangeParams.zrangeParams(0, op.n() - 1).rev()));
                    case ALL -> c.step(1, "whole leaderboard", List.of("ZREVRANGE leaderboard 0 -1 WITHSCORES"),
                            j -> j.zrevrangeWithScores("leaderboard", 0, -1));
                    default -> throw new IllegalStateException();
                }
            }
        }
    }
}
