package io.redisdouble.zset;

import io.redisdouble.util.GlibcMath;
import io.redisdouble.util.MuslMath;

/**
 * Redis's geohash arithmetic (geohash.c, geohash_helper.c): a geo set is a sorted set whose scores
 * are 52-bit interleaved geohashes (26 bits of latitude on the odd bits, 26 of longitude on the even
 * ones) over longitudes [-180, 180] and latitudes [-85.05112878, 85.05112878] (EPSG:900913's limits).
 *
 * <p>Every expression keeps the C code's order of operations on IEEE doubles (x86-64 SSE2, no fused
 * multiply-add), and the trigonometry is the libm the emulated build links ({@code glibc}: false for
 * musl's, {@link MuslMath}, 6.2 and 7.0; true for glibc 2.36's, {@link GlibcMath}, 7.2 and later), so
 * scores, coordinates and distances come out bit for bit as the reference servers compute them (glibc's
 * arcsine of 0.125 and more, distances beyond about 1,600 km, is approximated by musl's and may differ
 * in the last bit).
 * A hash with its step is a plain {@code long} plus an {@code int}: the hot paths box nothing.
 */
public final class GeoHash {
    private GeoHash() {}

    public static final double LAT_MIN = -85.05112878;
    public static final double LAT_MAX = 85.05112878;
    public static final double LONG_MIN = -180;
    public static final double LONG_MAX = 180;
    /** GEO_STEP_MAX: 26 steps, 52 bits. */
    public static final int STEP_MAX = 26;

    /** D_R: M_PI / 180.0. */
    private static final double D_R = Math.PI / 180.0;
    /** Earth's quadratic mean radius for WGS-84, as geohash_helper.c has it. */
    public static final double EARTH_RADIUS_IN_METERS = 6372797.560856;
    private static final double MERCATOR_MAX = 20037726.37;

    // ---------------------------------------------------------------- bit interleaving

    /** interleave64: x's bits on the even positions, y's on the odd (both taken as uint32). */
    static long interleave64(long xlo, long ylo) {
        long x = xlo & 0xffffffffL, y = ylo & 0xffffffffL;
        x = (x | (x << 16)) & 0x0000FFFF0000FFFFL;
        y = (y | (y << 16)) & 0x0000FFFF0000FFFFL;
        x = (x | (x << 8)) & 0x00FF00FF00FF00FFL;
        y = (y | (y << 8)) & 0x00FF00FF00FF00FFL;
        x = (x | (x << 4)) & 0x0F0F0F0F0F0F0F0FL;
        y = (y | (y << 4)) & 0x0F0F0F0F0F0F0F0FL;
        x = (x | (x << 2)) & 0x3333333333333333L;
        y = (y | (y << 2)) & 0x3333333333333333L;
        x = (x | (x << 1)) & 0x5555555555555555L;
        y = (y | (y << 1)) & 0x5555555555555555L;
        return x | (y << 1);
    }

    /** deinterleave64: the even bits in the low half, the odd bits in the high half. */
    static long deinterleave64(long interleaved) {
        long x = interleaved;
        long y = interleaved >>> 1;
        x = (x | (x >>> 0)) & 0x5555555555555555L;
        y = (y | (y >>> 0)) & 0x5555555555555555L;
        x = (x | (x >>> 1)) & 0x3333333333333333L;
        y = (y | (y >>> 1)) & 0x3333333333333333L;
        x = (x | (x >>> 2)) & 0x0F0F0F0F0F0F0F0FL;
        y = (y | (y >>> 2)) & 0x0F0F0F0F0F0F0F0FL;
        x = (x | (x >>> 4)) & 0x00FF00FF00FF00FFL;
        y = (y | (y >>> 4)) & 0x00FF00FF00FF00FFL;
        x = (x | (x >>> 8)) & 0x0000FFFF0000FFFFL;
        y = (y | (y >>> 8)) & 0x0000FFFF0000FFFFL;
        x = (x | (x >>> 16)) & 0x00000000FFFFFFFFL;
        y = (y | (y >>> 16)) & 0x00000000FFFFFFFFL;
        return x | (y << 32);
    }

    /** C's (uint32_t) of a non-negative double below 2^32 (what geohashEncode feeds interleave64). */
    private static long toUint32(double d) {
        return ((long) d) & 0xffffffffL;
    }

    /**
     * C's (uint64_t) of a double as gcc compiles it on x86-64 (decodeGeohash's cast of a score): below
     * 2^63 a truncating signed conversion (negative values wrap, -inf gives 2^63), from 2^63 one of
     * score - 2^63 with the top bit flipped (2^64 and beyond give 0).
     */
    public static long scoreToBits(double score) {
        final double two63 = 9.223372036854775808E18;
        if (!(score >= two63)) return (long) score; // Java saturates as cvttsd2si's "indefinite" does
        double rest = score - two63;
        long low = rest >= two63 ? Long.MIN_VALUE : (long) rest;
        return low ^ Long.MIN_VALUE;
    }

    // ---------------------------------------------------------------- encode / decode

    /**
     * geohashEncode over the given ranges: the {@code step}-step hash of (longitude, latitude), or -1
     * when the point lies outside the WGS84 limits or the ranges (Redis's failure, "return 0").
     */
    public static long encode(double longMin, double longMax, double latMin, double latMax,
            double longitude, double latitude, int step) {
        if (step > 32 || step == 0) return -1;
        if (longitude > LONG_MAX || longitude < LONG_MIN || latitude > LAT_MAX || latitude < LAT_MIN) return -1;
        if (latitude < latMin || latitude > latMax || longitude < longMin || longitude > longMax) return -1;
        double latOffset = (latitude - latMin) / (latMax - latMin);
        double longOffset = (longitude - longMin) / (longMax - longMin);
        latOffset *= (double) (1L << step);
        longOffset *= (double) (1L << step);
        return interleave64(toUint32(latOffset), toUint32(longOffset));
    }

    /** geohashEncodeWGS84: over Redis's own ranges (latitudes ±85.05112878). */
    public static long encodeWGS84(double longitude, double latitude, int step) {
        return encode(LONG_MIN, LONG_MAX, LAT_MIN, LAT_MAX, longitude, latitude, step);
    }

    /** geohashAlign52Bits: the hash's bits shifted up to 52 bits (the sorted-set score). */
    public static long align52(long bits, int step) {
        return bits << (52 - step * 2);
    }

    /**
     * geohashDecode over Redis's ranges: the cell of a hash, into {@code area} as {lonMin, lonMax,
     * latMin, latMax}. False (area untouched) for the zero hash of step 0.
     */
    public static boolean decode(long bits, int step, double[] area) {
        if (bits == 0 && step == 0) return false;
        long sep = deinterleave64(bits);
        double latScale = LAT_MAX - LAT_MIN;
        double longScale = LONG_MAX - LONG_MIN;
        long ilato = sep & 0xffffffffL;
        long ilono = sep >>> 32;
        double cells = (double) (1L << step); // (1ull << step) as a double divisor
        area[2] = LAT_MIN + (ilato * 1.0 / cells) * latScale;
        area[3] = LAT_MIN + (((ilato + 1) & 0xffffffffL) * 1.0 / cells) * latScale;
        area[0] = LONG_MIN + (ilono * 1.0 / cells) * longScale;
        area[1] = LONG_MIN + (((ilono + 1) & 0xffffffffL) * 1.0 / cells) * longScale;
        return true;
    }

    /**
     * decodeGeohash(score): the centre of the 52-bit cell a score names, clamped to the limits, into
     * {@code xy} as {longitude, latitude}. Any score decodes (Redis's call never fails at step 26).
     */
    public static void decodeScore(double score, double[] xy, double[] area) {
        decode(scoreToBits(score), STEP_MAX, area);
        double x = (area[0] + area[1]) / 2;
        if (x > LONG_MAX) x = LONG_MAX;
        if (x < LONG_MIN) x = LONG_MIN;
        double y = (area[2] + area[3]) / 2;
        if (y > LAT_MAX) y = LAT_MAX;
        if (y < LAT_MIN) y = LAT_MIN;
        xy[0] = x;
        xy[1] = y;
    }

    // ---------------------------------------------------------------- neighbours

    /** geohash_move_x: the cell {@code d} (+1 east, -1 west) steps along the longitude bits. */
    static long moveX(long bits, int step, int d) {
        if (d == 0) return bits;
        long x = bits & 0xaaaaaaaaaaaaaaaaL;
        long y = bits & 0x5555555555555555L;
        long zz = 0x5555555555555555L >>> (64 - step * 2);
        if (d > 0) {
            x = x + (zz + 1);
        } else {
            x = x | zz;
            x = x - (zz + 1);
        }
        x &= (0xaaaaaaaaaaaaaaaaL >>> (64 - step * 2));
        return x | y;
    }

    /** geohash_move_y: the cell {@code d} (+1 north, -1 south) steps along the latitude bits. */
    static long moveY(long bits, int step, int d) {
        if (d == 0) return bits;
        long x = bits & 0xaaaaaaaaaaaaaaaaL;
        long y = bits & 0x5555555555555555L;
        long zz = 0xaaaaaaaaaaaaaaaaL >>> (64 - step * 2);
        if (d > 0) {
            y = y + (zz + 1);
        } else {
            y = y | zz;
            y = y - (zz + 1);
        }
        y &= (0x5555555555555555L >>> (64 - step * 2));
        return x | y;
    }

    // ---------------------------------------------------------------- distances

    private static double sin(double x, boolean glibc) {
        return glibc ? GlibcMath.sin(x) : MuslMath.sin(x);
    }

    private static double cos(double x, boolean glibc) {
        return glibc ? GlibcMath.cos(x) : MuslMath.cos(x);
    }

    private static double asin(double x, boolean glibc) {
        return glibc ? GlibcMath.asin(x) : MuslMath.asin(x);
    }

    private static double degRad(double ang) {
        return ang * D_R;
    }

    private static double radDeg(double ang) {
        return ang / D_R;
    }

    /**
     * geohashGetDistance: the haversine great-circle distance in meters. With {@code latShortcut}
     * (7.0+) equal longitudes take geohashGetLatDistance (|Δlat| in radians times the radius).
     */
    public static double distance(double lon1d, double lat1d, double lon2d, double lat2d, boolean latShortcut, boolean glibc) {
        double lon1r = degRad(lon1d);
        double lon2r = degRad(lon2d);
        double v = sin((lon2r - lon1r) / 2, glibc);
        if (latShortcut && v == 0.0) return latDistance(lat1d, lat2d);
        double lat1r = degRad(lat1d);
        double lat2r = degRad(lat2d);
        double u = sin((lat2r - lat1r) / 2, glibc);
        double a = u * u + cos(lat1r, glibc) * cos(lat2r, glibc) * v * v;
        return 2.0 * EARTH_RADIUS_IN_METERS * asin(Math.sqrt(a), glibc);
    }

    /** geohashGetLatDistance (7.0+). */
    public static double latDistance(double lat1d, double lat2d) {
        return EARTH_RADIUS_IN_METERS * Math.abs(degRad(lat2d) - degRad(lat1d));
    }

    /** geohashEstimateStepsByRadius: the cell precision of the nine search boxes. */
    static int estimateStepsByRadius(double rangeMeters, double lat) {
        if (rangeMeters == 0) return 26;
        int step = 1;
        while (rangeMeters < MERCATOR_MAX) {
            rangeMeters *= 2;
            step++;
        }
        step -= 2;
        if (lat > 66 || lat < -66) {
            step--;
            if (lat > 80 || lat < -80) step--;
        }
        if (step < 1) step = 1;
        if (step > 26) step = 26;
        return step;
    }

    // ---------------------------------------------------------------- search areas

    /**
     * A search shape (GeoShape): a circle of {@code radius}, or a {@code width} x {@code height} box,
     * around (lon, lat), each in the unit whose meters are {@code conversion}.
     */
    public static final class Shape {
        public final boolean box;
        public double lon, lat;
        /** The libm of the emulated build: glibc's (7.2+) or musl's. */
        public boolean glibc;
        public final double radius, width, height, conversion;

        public Shape(double radius, double conversion) {
            this.box = false;
            this.radius = radius;
            this.width = 0;
            this.height = 0;
            this.conversion = conversion;
        }

        public Shape(double width, double height, double conversion) {
            this.box = true;
            this.radius = 0;
            this.width = width;
            this.height = height;
            this.conversion = conversion;
        }
    }

    /**
     * geohashCalculateAreasByShapeWGS84 and scoresOfGeoHashBox: the score intervals [min, max) of the
     * nine boxes to search (centre, N, S, E, W, NE, NW, SE, SW), in that order, as {@code 2*i, 2*i+1}
     * of the returned array; a box Redis drops (zero hash) or skips (the same as the previous one
     * searched, as membersOfAllNeighbors skips it) has min = max = -1.
     */
    public static long[] searchBoxes(Shape shape) {
        double[] bounds = boundingBox(shape);
        double minLon = bounds[0], minLat = bounds[1], maxLon = bounds[2], maxLat = bounds[3];
        double longitude = shape.lon, latitude = shape.lat;
        double radiusMeters = !shape.box ? shape.radius
                : Math.sqrt((shape.width / 2) * (shape.width / 2) + (shape.height / 2) * (shape.height / 2));
        radiusMeters *= shape.conversion;
        int steps = estimateStepsByRadius(radiusMeters, latitude);
        long hash = encodeWGS84(longitude, latitude, steps);
        long[] nb = neighbors(hash, steps);
        double[] area = new double[4], a = new double[4];
        decode(hash, steps, area);
        boolean decrease = false;
        decode(nb[1], steps, a); // north
        if (a[3] < maxLat) decrease = true;
        decode(nb[2], steps, a); // south
        if (a[2] > minLat) decrease = true;
        decode(nb[3], steps, a); // east
        if (a[1] < maxLon) decrease = true;
        decode(nb[4], steps, a); // west
        if (a[0] > minLon) decrease = true;
        if (steps > 1 && decrease) {
            steps--;
            hash = encodeWGS84(longitude, latitude, steps);
            nb = neighbors(hash, steps);
            decode(hash, steps, area);
        }
        boolean[] zero = new boolean[9];
        if (steps >= 2) {
            if (area[2] < minLat) zero[2] = zero[8] = zero[7] = true;   // south, south-west, south-east
            if (area[3] > maxLat) zero[1] = zero[5] = zero[6] = true;   // north, north-east, north-west
            if (area[0] < minLon) zero[4] = zero[8] = zero[6] = true;   // west, south-west, north-west
            if (area[1] > maxLon) zero[3] = zero[7] = zero[5] = true;   // east, south-east, north-east
        }
        long[] out = new long[18];
        int lastProcessed = 0;
        for (int i = 0; i < 9; i++) {
            out[2 * i] = out[2 * i + 1] = -1;
            // GZERO sets bits and step to 0: a zero hash is skipped (a step-0 hash never comes from encode)
            if (zero[i]) continue;
            if (lastProcessed != 0 && nb[i] == nb[lastProcessed]) continue;
            out[2 * i] = align52(nb[i], steps);
            out[2 * i + 1] = align52(nb[i] + 1, steps);
            lastProcessed = i;
        }
        return out;
    }

    /** The hash itself and its eight neighbours in membersOfAllNeighbors' order: C, N, S, E, W, NE, NW, SE, SW. */
    private static long[] neighbors(long hash, int step) {
        long east = moveX(hash, step, 1), west = moveX(hash, step, -1);
        return new long[] {hash, moveY(hash, step, 1), moveY(hash, step, -1), east, west,
                moveY(east, step, 1), moveY(west, step, 1), moveY(east, step, -1), moveY(west, step, -1)};
    }

    /** geohashBoundingBox: {minLon, minLat, maxLon, maxLat} of the shape. */
    private static double[] boundingBox(Shape shape) {
        double longitude = shape.lon, latitude = shape.lat;
        double height = shape.conversion * (!shape.box ? shape.radius : shape.height / 2);
        double width = shape.conversion * (!shape.box ? shape.radius : shape.width / 2);
        double latDelta = radDeg(height / EARTH_RADIUS_IN_METERS);
        double longDeltaTop = radDeg(width / EARTH_RADIUS_IN_METERS / cos(degRad(latitude + latDelta), shape.glibc));
        double longDeltaBottom = radDeg(width / EARTH_RADIUS_IN_METERS / cos(degRad(latitude - latDelta), shape.glibc));
        boolean southern = latitude < 0;
        return new double[] {
            southern ? longitude - longDeltaBottom : longitude - longDeltaTop,
            latitude - latDelta,
            southern ? longitude + longDeltaBottom : longitude + longDeltaTop,
            latitude + latDelta};
    }

    /**
     * geoWithinShape's test of a decoded point (lon, lat): its distance from the shape's centre in
     * meters, or -1 when it is outside (circle: farther than the radius; box: farther than half the
     * height in latitude or half the width along its own parallel). {@code latShortcut}: 7.0's
     * geohashGetLatDistance and its order of the box tests; 6.2 computes both with the full formula.
     */
    public static double distanceIfWithin(Shape shape, double lon, double lat, boolean latShortcut) {
        boolean g = shape.glibc;
        if (!shape.box) {
            double d = distance(shape.lon, shape.lat, lon, lat, latShortcut, g);
            return d > shape.radius * shape.conversion ? -1 : d;
        }
        double widthM = shape.width * shape.conversion, heightM = shape.height * shape.conversion;
        if (latShortcut) {
            if (latDistance(lat, shape.lat) > heightM / 2) return -1;
            if (distance(lon, lat, shape.lon, lat, true, g) > widthM / 2) return -1;
        } else {
            double lonDistance = distance(lon, lat, shape.lon, lat, false, g);
            double latDistance = distance(lon, lat, lon, shape.lat, false, g);
            if (lonDistance > widthM / 2 || latDistance > heightM / 2) return -1;
        }
        return distance(shape.lon, shape.lat, lon, lat, latShortcut, g);
    }
}
