package io.redisdouble.clients;

import io.lettuce.core.GeoAddArgs;
import io.lettuce.core.GeoArgs;
import io.lettuce.core.GeoSearch;
import io.lettuce.core.GeoValue;
import io.lettuce.core.GeoWithin;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.redisson.Redisson;
import org.redisson.api.geo.GeoEntry;
import org.redisson.api.geo.GeoOrder;
import org.redisson.api.geo.GeoPosition;
import org.redisson.api.RGeo;
import org.redisson.api.RedissonClient;
import org.redisson.api.geo.GeoSearchArgs;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.springframework.data.geo.Circle;
import org.springframework.data.geo.Distance;
import org.springframework.data.geo.GeoResults;
import org.springframework.data.geo.Metrics;
import org.springframework.data.geo.Point;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisGeoCommands;
import org.springframework.data.redis.core.GeoOperations;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.domain.geo.GeoReference;
import org.springframework.data.redis.domain.geo.GeoShape;
import redis.clients.jedis.GeoCoordinate;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.GeoUnit;
import redis.clients.jedis.params.GeoAddParams;
import redis.clients.jedis.params.GeoRadiusParam;
import redis.clients.jedis.params.GeoRadiusStoreParam;
import redis.clients.jedis.params.GeoSearchParam;
import redis.clients.jedis.resps.GeoRadiusResponse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Geo through real clients, unmodified and with default settings: Jedis, Lettuce, Spring Data Redis's
 * {@code opsForGeo()} over both connection factories, and Redisson's {@link RGeo}. Each scenario runs
 * on real Redis 7.0.15 and then on redis-double (7.0); both runs assert what the scenario relies on
 * (a store locator: the nearest shops first, within a radius or a box, with distances and positions)
 * and note every value the client decoded in a {@link Transcript}: the two transcripts must be equal,
 * so distances, coordinates and hashes match to the last digit the client parsed.
 */
class GeoClientsTest {

    enum Factory { LETTUCE, JEDIS }

    private final List<Runnable> cleanup = new ArrayList<>();

    @AfterEach
    void close() {
        Collections.reverse(cleanup);
        for (Runnable r : cleanup) r.run();
        cleanup.clear();
    }

    /** Shops around Rome: name -> {longitude, latitude}. */
    private static Map<String, double[]> shops() {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("termini", new double[] {12.5016, 41.9009});
        m.put("trastevere", new double[] {12.4663, 41.8893});
        m.put("prati", new double[] {12.4598, 41.9098});
        m.put("eur", new double[] {12.4667, 41.8300});
        m.put("tivoli", new double[] {12.7968, 41.9610});
        m.put("ostia", new double[] {12.2856, 41.7326});
        m.put("napoli", new double[] {14.2681, 40.8518});
        return m;
    }

    private static final double CENTER_LON = 12.4964, CENTER_LAT = 41.9028;

    @Test
    void jedis() throws Exception {
        Transcript.compare(Target.both().toList(), (server, seen) -> {
            try (Jedis j = new Jedis(server.host(), server.port())) {
                Map<String, GeoCoordinate> members = new LinkedHashMap<>();
                shops().forEach((k, v) -> members.put(k, new GeoCoordinate(v[0], v[1])));
                assertEquals(7L, seen.note("geoadd", j.geoadd("shops", members)));
                seen.note("geoadd nx", j.geoadd("shops", GeoAddParams.geoAddParams().nx(),
                        Map.of("termini", new GeoCoordinate(0, 0), "fiumicino", new GeoCoordinate(12.2389, 41.8003))));
                seen.note("geoadd xx ch", j.geoadd("shops", GeoAddParams.geoAddParams().xx().ch(),
                        Map.of("eur", new GeoCoordinate(12.4700, 41.8310))));
                seen.note("geodist km", j.geodist("shops", "termini", "napoli", GeoUnit.KM));
                seen.note("geodist m", j.geodist("shops", "termini", "trastevere"));
                seen.note("geodist missing", j.geodist("shops", "termini", "milano"));
                seen.note("geohash", j.geohash("shops", "termini", "napoli", "milano"));
                for (GeoCoordinate c : j.geopos("shops", "termini", "ostia", "milano")) {
                    seen.note("geopos", c == null ? "nil" : c.getLongitude() + "," + c.getLatitude());
                }
                List<GeoRadiusResponse> near = j.georadius("shops", CENTER_LON, CENTER_LAT, 5, GeoUnit.KM,
                        GeoRadiusParam.geoRadiusParam().withDist().withCoord().withHash().sortAscending());
                assertEquals("termini", near.get(0).getMemberByString());
                for (GeoRadiusResponse r : near) noteJedis(seen, "georadius", r);
                for (GeoRadiusResponse r : j.georadiusByMember("shops", "termini", 30, GeoUnit.KM,
                        GeoRadiusParam.geoRadiusParam().withDist().sortDescending().count(3))) {
                    noteJedis(seen, "georadiusbymember", r);
                }
                for (GeoRadiusResponse r : j.geosearch("shops", new GeoSearchParam().fromLonLat(CENTER_LON, CENTER_LAT)
                        .byBox(20, 10, GeoUnit.KM).withDist().withCoord().asc())) {
                    noteJedis(seen, "geosearch box", r);
                }
                for (GeoRadiusResponse r : j.geosearch("shops", new GeoSearchParam().fromMember("termini")
                        .byRadius(300, GeoUnit.KM).count(2, true))) {
                    noteJedis(seen, "geosearch any", r);
                }
                seen.note("geosearchstore", j.geosearchStore("near", "shops",
                        new GeoSearchParam().fromLonLat(CENTER_LON, CENTER_LAT).byRadius(10, GeoUnit.KM).asc()));
                seen.note("stored", j.zrangeWithScores("near", 0, -1));
                seen.note("geosearchstore storedist", j.geosearchStoreStoreDist("dists", "shops",
                        new GeoSearchParam().fromMember("eur").byRadius(10, GeoUnit.KM)));
                seen.note("stored dists", j.zrangeWithScores("dists", 0, -1));
                seen.note("georadius store", j.georadiusStore("shops", CENTER_LON, CENTER_LAT, 50, GeoUnit.KM,
                        GeoRadiusParam.geoRadiusParam().sortAscending().count(4), GeoRadiusStoreParam.geoRadiusStoreParam().store("top4")));
                seen.note("top4", j.zrange("top4", 0, -1));
            }
        });
    }

    private static void noteJedis(Transcript seen, String what, GeoRadiusResponse r) {
        GeoCoordinate c = r.getCoordinate();
        seen.note(what, r.getMemberByString() + " dist=" + r.getDistance() + " hash=" + r.getRawScore()
                + " at=" + (c == null ? "-" : c.getLongitude() + "," + c.getLatitude()));
    }

    @Test
    void lettuce() throws Exception {
        Transcript.compare(Target.both().toList(), (server, seen) -> {
            io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create("redis://" + server.host() + ":" + server.port());
            try (StatefulRedisConnection<String, String> conn = client.connect()) {
                RedisCommands<String, String> r = conn.sync();
                List<GeoValue<String>> values = new ArrayList<>();
                shops().forEach((k, v) -> values.add(GeoValue.just(v[0], v[1], k)));
                assertEquals(7L, seen.note("geoadd", r.geoadd("shops", values.toArray(GeoValue[]::new))));
                seen.note("geoadd nx", r.geoadd("shops", GeoAddArgs.Builder.nx(), GeoValue.just(0, 0, "termini")));
                seen.note("geodist", r.geodist("shops", "termini", "tivoli", GeoArgs.Unit.mi));
                seen.note("geohash", r.geohash("shops", "termini", "nope"));
                seen.note("geopos", r.geopos("shops", "termini", "nope"));
                seen.note("georadius", r.georadius("shops", CENTER_LON, CENTER_LAT, 5, GeoArgs.Unit.km));
                List<GeoWithin<String>> within = r.georadius("shops", CENTER_LON, CENTER_LAT, 50, GeoArgs.Unit.km,
                        new GeoArgs().withDistance().withCoordinates().withHash().asc().withCount(5));
                assertEquals("termini", within.get(0).getMember());
                for (GeoWithin<String> w : within) seen.note("georadius with", w);
                seen.note("geosearch", r.geosearch("shops", GeoSearch.fromMember("termini"), GeoSearch.byBox(30, 30, GeoArgs.Unit.km),
                        new GeoArgs().withDistance().desc()));
                seen.note("geosearchstore", r.geosearchstore("near", "shops", GeoSearch.fromCoordinates(CENTER_LON, CENTER_LAT),
                        GeoSearch.byRadius(10, GeoArgs.Unit.km), new GeoArgs().asc(), true));
                seen.note("stored", r.zrangeWithScores("near", 0, -1));
            } finally {
                client.shutdown(0, 2, TimeUnit.SECONDS);
            }
        });
    }

    private RedisConnectionFactory factory(Factory kind, Target server) {
        return SpringFactories.start(kind == Factory.LETTUCE, server, cleanup);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Factory.class)
    void springDataOpsForGeo(Factory kind) throws Exception {
        Transcript.compare(Target.both().toList(), (server, seen) -> {
            StringRedisTemplate t = new StringRedisTemplate(factory(kind, server));
            GeoOperations<String, String> geo = t.opsForGeo();
            Map<String, Point> points = new LinkedHashMap<>();
            shops().forEach((k, v) -> points.put(k, new Point(v[0], v[1])));
            assertEquals(7L, seen.note("add", geo.add("shops", points)));
            seen.note("add one", geo.add("shops", new Point(12.2389, 41.8003), "fiumicino"));
            seen.note("distance", geo.distance("shops", "termini", "napoli", Metrics.KILOMETERS));
            seen.note("distance m", geo.distance("shops", "termini", "prati"));
            seen.note("position", geo.position("shops", "termini", "nope", "ostia"));
            seen.note("hash", geo.hash("shops", "termini", "nope", "ostia"));
            GeoResults<RedisGeoCommands.GeoLocation<String>> radius = geo.radius("shops",
                    new Circle(new Point(CENTER_LON, CENTER_LAT), new Distance(5, Metrics.KILOMETERS)),
                    RedisGeoCommands.GeoRadiusCommandArgs.newGeoRadiusArgs().includeDistance().includeCoordinates().sortAscending());
            assertEquals("termini", radius.getContent().get(0).getContent().getName());
            seen.note("radius", radius);
            seen.note("radius by member", geo.radius("shops", "termini", new Distance(30, Metrics.KILOMETERS),
                    RedisGeoCommands.GeoRadiusCommandArgs.newGeoRadiusArgs().includeDistance().sortDescending().limit(3)));
            seen.note("search", geo.search("shops", GeoReference.fromCoordinate(CENTER_LON, CENTER_LAT),
                    GeoShape.byBox(20, 10, RedisGeoCommands.DistanceUnit.KILOMETERS),
                    RedisGeoCommands.GeoSearchCommandArgs.newGeoSearchArgs().includeDistance().includeCoordinates().sortAscending()));
            seen.note("search and store", geo.searchAndStore("shops", "near", GeoReference.fromMember("termini"),
                    new Distance(10, Metrics.KILOMETERS), RedisGeoCommands.GeoSearchStoreCommandArgs.newGeoSearchStoreArgs().storeDistance()));
            seen.note("stored", t.opsForZSet().rangeWithScores("near", 0, -1).stream()
                    .map(x -> x.getValue() + "=" + x.getScore()).toList());
            seen.note("remove", geo.remove("shops", "fiumicino", "nope"));
        });
    }

    @Test
    void redissonRGeo() throws Exception {
        Transcript.compare(Target.both().toList(), (server, seen) -> {
            Config config = new Config();
            config.useSingleServer().setAddress(server.uri());
            RedissonClient redisson = Redisson.create(config);
            try {
                RGeo<String> geo = redisson.getGeo("shops", StringCodec.INSTANCE);
                List<GeoEntry> entries = new ArrayList<>();
                shops().forEach((k, v) -> entries.add(new GeoEntry(v[0], v[1], k)));
                assertEquals(7L, seen.note("add", geo.add(entries.toArray(GeoEntry[]::new))));
                seen.note("add if exists", geo.addIfExists(new GeoEntry(12.4700, 41.8310, "eur")));
                seen.note("try add", geo.tryAdd(0, 0, "termini"));
                seen.note("dist", geo.dist("termini", "ostia", org.redisson.api.geo.GeoUnit.KILOMETERS));
                seen.note("hash", geo.hash("termini", "ostia", "nope"));
                Map<String, GeoPosition> pos = geo.pos("termini", "ostia", "nope");
                seen.note("pos", new java.util.TreeMap<>(pos));
                List<String> near = geo.search(GeoSearchArgs.from(CENTER_LON, CENTER_LAT)
                        .radius(5, org.redisson.api.geo.GeoUnit.KILOMETERS).order(GeoOrder.ASC));
                assertEquals("termini", near.get(0));
                seen.note("search", near);
                seen.note("search with distance", geo.searchWithDistance(GeoSearchArgs.from("termini")
                        .radius(30, org.redisson.api.geo.GeoUnit.KILOMETERS).order(GeoOrder.DESC).count(4)));
                seen.note("search with position", geo.searchWithPosition(GeoSearchArgs.from(CENTER_LON, CENTER_LAT)
                        .box(20, 10, org.redisson.api.geo.GeoUnit.KILOMETERS).order(GeoOrder.ASC)));
                seen.note("store search", geo.storeSearchTo("near", GeoSearchArgs.from("termini")
                        .radius(10, org.redisson.api.geo.GeoUnit.KILOMETERS)));
                seen.note("store sorted search", geo.storeSortedSearchTo("dists", GeoSearchArgs.from("eur")
                        .radius(10, org.redisson.api.geo.GeoUnit.KILOMETERS).order(GeoOrder.ASC)));
                seen.note("stored", redisson.getScoredSortedSet("dists", StringCodec.INSTANCE).entryRange(0, -1)
                        .stream().map(e -> e.getValue() + "=" + e.getScore()).toList());
            } finally {
                redisson.shutdown(0, 2, TimeUnit.SECONDS);
            }
        });
    }
}
