package io.redisdouble.command;

import io.redisdouble.dialect.Dialect;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Geo through the engine, with the values of Redis's own documentation and test suite (the GEOADD /
 * GEODIST / GEOHASH / GEOPOS pages' Sicily example, geo.tcl's expectations); byte-exact comparisons
 * with every real server are geo.txt's (ConformanceTest) and the kit's (GeoProperties).
 */
class GeoCommandsTest {
    private static EngineHarness sicily(Dialect d) {
        EngineHarness h = new EngineHarness(d, null);
        assertEquals(":2\r\n", h.run("GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania"));
        return h;
    }

    @Test
    void documentedSicilyExample() {
        EngineHarness h = sicily(Dialect.REDIS_7_0);
        assertEquals("$11\r\n166274.1516\r\n", h.run("GEODIST Sicily Palermo Catania"));
        assertEquals("$8\r\n166.2742\r\n", h.run("GEODIST Sicily Palermo Catania km"));
        assertEquals("$8\r\n103.3182\r\n", h.run("GEODIST Sicily Palermo Catania mi"));
        assertEquals("*2\r\n$11\r\nsqc8b49rny0\r\n$11\r\nsqdtr74hyu0\r\n", h.run("GEOHASH Sicily Palermo Catania"));
        assertEquals("*2\r\n*2\r\n$20\r\n13.36138933897018433\r\n$20\r\n38.11555639549629859\r\n*-1\r\n",
                h.run("GEOPOS Sicily Palermo NonExisting"));
        assertEquals("*2\r\n*2\r\n$7\r\nPalermo\r\n$8\r\n190.4424\r\n*2\r\n$7\r\nCatania\r\n$7\r\n56.4413\r\n",
                h.run("GEORADIUS Sicily 15 37 200 km WITHDIST"));
        assertEquals("*1\r\n$7\r\nCatania\r\n", h.run("GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 100 km"));
    }

    @Test
    void geoaddIsZaddWithGeohashScores() {
        EngineHarness h = sicily(Dialect.REDIS_7_0);
        // the documented score of Palermo (ZSCORE in the GEOADD page's example)
        assertEquals("$16\r\n3479099956230698\r\n", h.run("ZSCORE Sicily Palermo"));
        assertEquals(":0\r\n", h.run("GEOADD Sicily XX 13.361389 38.115556 Palermo"));
        assertEquals(":0\r\n", h.run("GEOADD Sicily CH 13.361389 38.115557 Palermo")); // the same 52-bit cell
        assertEquals(":1\r\n", h.run("GEOADD Sicily CH 13.3614 38.1156 Palermo"));
        assertEquals("-ERR syntax error\r\n", h.run("GEOADD Sicily NX XX 1 1 a"));
    }

    @Test
    void errorsAsRedisWordsThem() {
        EngineHarness h = sicily(Dialect.REDIS_7_0);
        assertEquals("-ERR invalid longitude,latitude pair 200.000000,10.000000\r\n", h.run("GEOADD Sicily 200 10 x"));
        assertEquals("-ERR unsupported unit provided. please use M, KM, FT, MI\r\n", h.run("GEODIST Sicily a b parsec"));
        assertEquals("-ERR the ANY argument requires COUNT argument\r\n", h.run("GEOSEARCH Sicily FROMLONLAT 15 37 BYRADIUS 1 km ANY"));
        EngineHarness old = sicily(Dialect.REDIS_6_2);
        assertEquals("-ERR unsupported unit provided. please use m, km, ft, mi\r\n", old.run("GEODIST Sicily Palermo Catania KM"));
    }
}
