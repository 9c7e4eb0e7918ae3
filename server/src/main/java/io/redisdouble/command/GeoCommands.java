package io.redisdouble.command;

import io.redisdouble.dialect.Dialect;
import io.redisdouble.dialect.Quirk;
import io.redisdouble.keyspace.EncodingLimits;
import io.redisdouble.keyspace.KeyspaceEvents;
import io.redisdouble.resp.Reply;
import io.redisdouble.util.Bytes;
import io.redisdouble.util.MuslQsort;
import io.redisdouble.util.PartialQsort;
import io.redisdouble.util.RedisNumbers;
import io.redisdouble.zset.GeoHash;
import io.redisdouble.zset.ScoreRange;
import io.redisdouble.zset.ZSet;

import java.util.Arrays;
import java.util.Comparator;

import static io.redisdouble.command.CommandTable.flags;
import static io.redisdouble.command.Flag.*;

/**
 * Geo (geo.c): GEOADD, GEODIST, GEOHASH, GEOPOS, GEORADIUS, GEORADIUSBYMEMBER (and their _RO forms),
 * GEOSEARCH, GEOSEARCHSTORE. A geo key is a sorted set whose scores are 52-bit geohashes
 * ({@link GeoHash}); GEOADD is ZADD with those scores (so its event is "zadd"), the searches walk the
 * sorted set's score ranges of the nine geohash boxes around the centre, as Redis does.
 *
 * <p>Replies: distances with four decimals ("%.4f" in 6.2, fixedpoint_d2string from 7.0:
 * {@link Quirk#GEO_FIXEDPOINT_DISTANCE}), coordinates as addReplyHumanLongDouble prints them ("%.17Lf"
 * trimmed; a double in RESP3; the shortest form in 8.0: {@link Quirk#GEO_COORDS_AS_DOUBLES}), hashes
 * as integers. Results are sorted by distance with the build's qsort ({@link Quirk#QSORT_IS_STABLE}),
 * or Redis's partial quicksort when COUNT cuts the list, so equal distances keep Redis's order.
 */
final class GeoCommands {
    private GeoCommands() {}

    static void register(CommandTable t) {
        t.add("geoadd", -5, flags(WRITE, DENYOOM), 1, 1, 1, new Dispatch(Dispatch.GEOADD));
        t.add("geodist", -4, flags(READONLY), 1, 1, 1, new Dispatch(Dispatch.GEODIST));
        t.add("geohash", -2, flags(READONLY), 1, 1, 1, new Dispatch(Dispatch.GEOHASH));
        t.add("geopos", -2, flags(READONLY), 1, 1, 1, new Dispatch(Dispatch.GEOPOS));
        t.add("georadius", -6, flags(WRITE, DENYOOM), 1, 1, 1, new Dispatch(Dispatch.GEORADIUS));
        t.add("georadiusbymember", -5, flags(WRITE, DENYOOM), 1, 1, 1, new Dispatch(Dispatch.GEORADIUSBYMEMBER));
        t.add("georadius_ro", -6, flags(READONLY), 1, 1, 1, new Dispatch(Dispatch.GEORADIUS_RO));
        t.add("georadiusbymember_ro", -5, flags(READONLY), 1, 1, 1,
                c -> georadiusGeneric(c, 1, RADIUS_MEMBER | RADIUS_NOSTORE));
        if (t.known("geosearch")) t.add("geosearch", -7, flags(READONLY), 1, 1, 1, new Dispatch(Dispatch.GEOSEARCH_COMMAND));
        if (t.known("geosearchstore")) {
            t.add("geosearchstore", -8, flags(WRITE, DENYOOM), 1, 2, 1,
                    c -> georadiusGeneric(c, 2, GEOSEARCH | GEOSEARCHSTORE));
        }
    }

    /**
     * 6.2's georadiusGetKeys (COMMAND GETKEYS GEORADIUS / GEORADIUSBYMEMBER): the source key, then the
     * key after the last STORE or STOREDIST (from argv[5] on) that has one.
     */
    static int[] keyPositions62(byte[][] argv) {
        int stored = -1;
        for (int i = 5; i < argv.length; i++) {
            if ((Bytes.eqIgnoreCaseC(argv[i], "store") || Bytes.eqIgnoreCaseC(argv[i], "storedist")) && i + 1 < argv.length) {
                stored = i + 1;
                i++;
            }
        }
        return stored < 0 ? new int[] {1} : new int[] {1, stored};
    }

    // ==== argument helpers ===========================================================================

    /** getDoubleFromObjectOrReply: a strictly parsed double, else {@code error}. */
    private static double doubleArg(byte[] arg, String error) throws CommandException {
        try {
            return RedisNumbers.parseDoubleStrict(arg);
        } catch (RedisNumbers.NotANumber e) {
            throw Call.error(error);
        }
    }

    /**
     * extractLongLatOrReply: longitude then latitude at {@code argv[i]}, {@code argv[i+1]}, each a
     * valid float, then within the limits (else "invalid longitude,latitude pair %f,%f").
     */
    private static void lonLat(Call c, int i, double[] xy) throws CommandException {
        xy[0] = doubleArg(c.arg(i), Errors.NOT_FLOAT);
        xy[1] = doubleArg(c.arg(i + 1), Errors.NOT_FLOAT);
        if (xy[0] < GeoHash.LONG_MIN || xy[0] > GeoHash.LONG_MAX || xy[1] < GeoHash.LAT_MIN || xy[1] > GeoHash.LAT_MAX) {
            throw Call.error(Errors.geoInvalidLonLat(RedisNumbers.printfFixed(xy[0], 6), RedisNumbers.printfFixed(xy[1], 6)));
        }
    }

    /** extractUnitOrReply: meters per unit (m, km, ft, mi; any case from 7.0: {@link Quirk#GEO_UNITS_ANY_CASE}). */
    private static double unit(Call c, byte[] u) throws CommandException {
        boolean anyCase = c.dialect().has(Quirk.GEO_UNITS_ANY_CASE);
        if (unitIs(u, "m", anyCase)) return 1;
        if (unitIs(u, "km", anyCase)) return 1000;
        if (unitIs(u, "ft", anyCase)) return 0.3048;
        if (unitIs(u, "mi", anyCase)) return 1609.34;
        throw Call.error(Errors.geoUnsupportedUnit(c.dialect()));
    }

    /** strcasecmp / strcmp of the argument as a C string (up to its first NUL) with a lower-case word. */
    private static boolean unitIs(byte[] u, String word, boolean anyCase) {
        if (anyCase) return Bytes.eqIgnoreCaseC(u, word);
        byte[] s = Bytes.cString(u);
        if (s.length != word.length()) return false;
        for (int i = 0; i < s.length; i++) if (s[i] != word.charAt(i)) return false;
        return true;
    }

    /** extractDistanceOrReply: {radius, meters per unit} from argv[i] (radius) and argv[i+1] (unit). */
    private static double[] distanceArgs(Call c, int i) throws CommandException {
        double distance = doubleArg(c.arg(i), Errors.GEO_NEED_NUMERIC_RADIUS);
        if (distance < 0) throw Call.error(Errors.GEO_RADIUS_NEGATIVE);
        return new double[] {distance, unit(c, c.arg(i + 1))};
    }

    /** extractBoxOrReply: {width, height, meters per unit} from argv[i..i+2]. */
    private static double[] boxArgs(Call c, int i) throws CommandException {
        double w = doubleArg(c.arg(i), Errors.GEO_NEED_NUMERIC_WIDTH);
        double h = doubleArg(c.arg(i + 1), Errors.GEO_NEED_NUMERIC_HEIGHT);
        if (h < 0 || w < 0) throw Call.error(Errors.GEO_BOX_NEGATIVE);
        return new double[] {w, h, unit(c, c.arg(i + 2))};
    }

    /** addReplyDoubleDistance: four decimals, as the dialect prints them. */
    private static Reply distanceReply(Dialect v, double d) {
        if (v.has(Quirk.GEO_FIXEDPOINT_DISTANCE)) return Reply.bulk(RedisNumbers.fixedpointD2string(d, 4));
        return Reply.bulk(RedisNumbers.printfFixed(d, 4));
    }

    /** addReplyHumanLongDouble of a coordinate (8.0: addReplyDouble, {@link Quirk#GEO_COORDS_AS_DOUBLES}). */
    private static Reply coordReply(Dialect v, double d) {
        if (v.has(Quirk.GEO_COORDS_AS_DOUBLES)) return Reply.dbl(d);
        return Reply.dblText(d, RedisNumbers.formatDoubleHuman(d));
    }

    // ==== GEOADD ======================================================================================

    /**
     * GEOADD key [NX|XX] [CH] longitude latitude member [...]: options up to the first other word, then
     * triplets (else, or with NX and XX, a syntax error); every pair is checked before anything is
     * written, then ZADD runs with the 52-bit scores ("ZADD key [options] score member ..."), so its
     * reply, event ("zadd") and encoding are ZADD's.
     */
    static Reply geoadd(Call c) throws CommandException {
        boolean xx = false, nx = false;
        int longidx = 2;
        while (longidx < c.argc()) {
            byte[] opt = c.arg(longidx);
            if (Bytes.eqIgnoreCaseC(opt, "nx")) nx = true;
            else if (Bytes.eqIgnoreCaseC(opt, "xx")) xx = true;
            else if (!Bytes.eqIgnoreCaseC(opt, "ch")) break;
            longidx++;
        }
        if ((c.argc() - longidx) % 3 != 0 || (xx && nx)) throw Call.syntax();
        int elements = (c.argc() - longidx) / 3;
        byte[][] argv = new byte[longidx + elements * 2][];
        argv[0] = ZADD;
        for (int i = 1; i < longidx; i++) argv[i] = c.arg(i);
        double[] xy = new double[2];
        for (int i = 0; i < elements; i++) {
            lonLat(c, longidx + i * 3, xy);
            long bits = GeoHash.align52(GeoHash.encodeWGS84(xy[0], xy[1], GeoHash.STEP_MAX), GeoHash.STEP_MAX);
            argv[longidx + i * 2] = RedisNumbers.formatLong(bits);
            argv[longidx + 1 + i * 2] = c.arg(longidx + i * 3 + 2);
        }
        return SortedSetCommands.zadd(new Call(c.engine, c.session, argv, c.now, c.spec));
    }

    private static final byte[] ZADD = {'z', 'a', 'd', 'd'};

    // ==== GEODIST GEOHASH GEOPOS ======================================================================

    /**
     * GEODIST key member1 member2 [unit]: the unit is checked first (more than one word: syntax error),
     * then the key (missing: nil); nil when either member is missing.
     */
    static Reply geodist(Call c) throws CommandException {
        double toMeter = 1;
        if (c.argc() == 5) toMeter = unit(c, c.arg(4));
        else if (c.argc() > 5) throw Call.syntax();
        ZSet z = c.getTypedRead(c.arg(1), ZSet.class);
        if (z == null) return Reply.NIL;
        ZSet.Node a = z.get(c.arg(2));
        ZSet.Node b = a == null ? null : z.get(c.arg(3));
        if (a == null || b == null) return Reply.NIL;
        double[] p = new double[2], q = new double[2], area = new double[4];
        GeoHash.decodeScore(a.score(), p, area);
        GeoHash.decodeScore(b.score(), q, area);
        boolean shortcut = c.dialect().has(Quirk.GEO_LAT_DISTANCE_SHORTCUT);
        double d = GeoHash.distance(p[0], p[1], q[0], q[1], shortcut, c.dialect().has(Quirk.GLIBC_MATH));
        return distanceReply(c.dialect(), d / toMeter);
    }

    private static final byte[] GEO_ALPHABET = Bytes.utf8("0123456789bcdefghjkmnpqrstuvwxyz");

    /**
     * GEOHASH key member [...]: each member's position re-encoded over the standard latitude range
     * [-90, 90] as 11 base-32 characters (the 11th always '0'); nil for a missing member or key.
     */
    static Reply geohash(Call c) throws CommandException {
        ZSet z = c.getTypedRead(c.arg(1), ZSet.class);
        Reply[] out = new Reply[c.argc() - 2];
        double[] xy = new double[2], area = new double[4];
        for (int j = 2; j < c.argc(); j++) {
            ZSet.Node n = z == null ? null : z.get(c.arg(j));
            if (n == null) {
                out[j - 2] = Reply.NIL;
                continue;
            }
            GeoHash.decodeScore(n.score(), xy, area);
            long bits = GeoHash.encode(-180, 180, -90, 90, xy[0], xy[1], 26);
            byte[] buf = new byte[11];
            for (int i = 0; i < 11; i++) {
                int idx = i == 10 ? 0 : (int) ((bits >>> (52 - ((i + 1) * 5))) & 0x1f);
                buf[i] = GEO_ALPHABET[idx];
            }
            out[j - 2] = Reply.bulk(buf);
        }
        return Reply.array(out);
    }

    /** GEOPOS key member [...]: [longitude, latitude] of each member, a null array for a missing one. */
    static Reply geopos(Call c) throws CommandException {
        ZSet z = c.getTypedRead(c.arg(1), ZSet.class);
        Reply[] out = new Reply[c.argc() - 2];
        double[] xy = new double[2], area = new double[4];
        Dialect v = c.dialect();
        for (int j = 2; j < c.argc(); j++) {
            ZSet.Node n = z == null ? null : z.get(c.arg(j));
            if (n == null) {
                out[j - 2] = Reply.NIL_ARRAY;
                continue;
            }
            GeoHash.decodeScore(n.score(), xy, area);
            out[j - 2] = Reply.array(coordReply(v, xy[0]), coordReply(v, xy[1]));
        }
        return Reply.array(out);
    }

    // ==== GEORADIUS GEORADIUSBYMEMBER GEOSEARCH GEOSEARCHSTORE ========================================

    private static final int RADIUS_COORDS = 1, RADIUS_MEMBER = 2, RADIUS_NOSTORE = 4, GEOSEARCH = 8, GEOSEARCHSTORE = 16;
    private static final int SORT_NONE = 0, SORT_ASC = 1, SORT_DESC = 2;

    /** A point found by a search (geoPoint). */
    private static final class Point {
        final byte[] member;
        final double score, lon, lat;
        double dist;

        Point(byte[] member, double score, double lon, double lat, double dist) {
            this.member = member;
            this.score = score;
            this.lon = lon;
            this.lat = lat;
            this.dist = dist;
        }
    }

    /** sort_gp_asc: by distance (equal distances compare equal: their order is the sort's). */
    private static final Comparator<Point> ASC = (a, b) -> a.dist > b.dist ? 1 : a.dist == b.dist ? 0 : -1;
    private static final Comparator<Point> DESC = (a, b) -> -ASC.compare(a, b);

    /**
     * georadiusGeneric: the source is read (WRONGTYPE first), then the centre and shape of the fixed
     * arguments (GEORADIUS: longitude latitude radius unit; BYMEMBER: member radius unit, skipped when
     * the key is missing), then the options in order (each validated as it comes: a bad COUNT, unit or
     * pair stops at once; FROMMEMBER is not looked up when the key is missing), then the combination
     * checks, then the search.
     */
    private static Reply georadiusGeneric(Call c, int srcKeyIndex, int flags) throws CommandException {
        Dialect v = c.dialect();
        byte[] storekey = null;
        boolean storedist = false;
        ZSet z = c.getTypedRead(c.arg(srcKeyIndex), ZSet.class);

        double[] xy = new double[2];
        double[] circle = null, box = null;
        int baseArgs;
        if ((flags & RADIUS_COORDS) != 0) {
            baseArgs = 6;
            lonLat(c, 2, xy);
            circle = distanceArgs(c, 4);
        } else if ((flags & RADIUS_MEMBER) != 0 && z == null) {
            baseArgs = 5;
        } else if ((flags & RADIUS_MEMBER) != 0) {
            baseArgs = 5;
            if (!memberPosition(z, c.arg(2), xy)) throw Call.error(Errors.GEO_MEMBER_NOT_DECODED);
            circle = distanceArgs(c, 3);
        } else {
            baseArgs = 2;
            if ((flags & GEOSEARCHSTORE) != 0) {
                baseArgs = 3;
                storekey = c.arg(1);
            }
        }

        boolean withdist = false, withhash = false, withcoords = false;
        boolean frommember = false, fromloc = false, byradius = false, bybox = false, any = false;
        int sort = SORT_NONE;
        long count = 0;
        boolean geosearch = (flags & GEOSEARCH) != 0;
        boolean storeAllowed = (flags & RADIUS_NOSTORE) == 0 && !geosearch;
        int remaining = c.argc() - baseArgs;
        for (int i = 0; i < remaining; i++) {
            byte[] arg = c.arg(baseArgs + i);
            if (Bytes.eqIgnoreCaseC(arg, "withdist")) {
                withdist = true;
            } else if (Bytes.eqIgnoreCaseC(arg, "withhash")) {
                withhash = true;
            } else if (Bytes.eqIgnoreCaseC(arg, "withcoord")) {
                withcoords = true;
            } else if (Bytes.eqIgnoreCaseC(arg, "any")) {
                any = true;
            } else if (Bytes.eqIgnoreCaseC(arg, "asc")) {
                sort = SORT_ASC;
            } else if (Bytes.eqIgnoreCaseC(arg, "desc")) {
                sort = SORT_DESC;
            } else if (Bytes.eqIgnoreCaseC(arg, "count") && i + 1 < remaining) {
                count = c.longArg(baseArgs + i + 1);
                if (count <= 0) throw Call.error(Errors.GEO_COUNT_NOT_POSITIVE);
                i++;
            } else if (Bytes.eqIgnoreCaseC(arg, "store") && i + 1 < remaining && storeAllowed) {
                storekey = c.arg(baseArgs + i + 1);
                storedist = false;
                i++;
            } else if (Bytes.eqIgnoreCaseC(arg, "storedist") && i + 1 < remaining && storeAllowed) {
                storekey = c.arg(baseArgs + i + 1);
                storedist = true;
                i++;
            } else if (Bytes.eqIgnoreCaseC(arg, "storedist") && geosearch && (flags & GEOSEARCHSTORE) != 0) {
                storedist = true;
            } else if (Bytes.eqIgnoreCaseC(arg, "frommember") && i + 1 < remaining && geosearch && !fromloc) {
                if (z != null && !memberPosition(z, c.arg(baseArgs + i + 1), xy)) {
                    throw Call.error(Errors.GEO_MEMBER_NOT_DECODED);
                }
                frommember = true;
                i++;
            } else if (Bytes.eqIgnoreCaseC(arg, "fromlonlat") && i + 2 < remaining && geosearch && !frommember) {
                lonLat(c, baseArgs + i + 1, xy);
                fromloc = true;
                i += 2;
            } else if (Bytes.eqIgnoreCaseC(arg, "byradius") && i + 2 < remaining && geosearch && !bybox) {
                circle = distanceArgs(c, baseArgs + i + 1);
                box = null;
                byradius = true;
                i += 2;
            } else if (Bytes.eqIgnoreCaseC(arg, "bybox") && i + 3 < remaining && geosearch && !byradius) {
                box = boxArgs(c, baseArgs + i + 1);
                circle = null;
                bybox = true;
                i += 3;
            } else {
                throw Call.syntax();
            }
        }

        if (storekey != null && (withdist || withhash || withcoords)) {
            throw Call.error(Errors.geoStoreIncompatible(v, (flags & GEOSEARCHSTORE) != 0));
        }
        if (geosearch && !(frommember || fromloc)) throw Call.error(Errors.geoNeedsFrom(c.arg(0)));
        if (geosearch && !(byradius || bybox)) throw Call.error(Errors.geoNeedsBy(c.arg(0)));
        if (any && count == 0) throw Call.error(Errors.GEO_ANY_NEEDS_COUNT);

        if (z == null) {
            if (storekey != null) {
                if (c.db().delete(storekey, c.now)) c.modified(storekey, KeyspaceEvents.GENERIC, "del");
                return Reply.ZERO;
            }
            return Reply.EMPTY_ARRAY;
        }
        if (count != 0 && sort == SORT_NONE && !any) sort = SORT_ASC;

        GeoHash.Shape shape = circle != null ? new GeoHash.Shape(circle[0], circle[1]) : new GeoHash.Shape(box[0], box[1], box[2]);
        shape.lon = xy[0];
        shape.lat = xy[1];
        shape.glibc = v.has(Quirk.GLIBC_MATH);
        Point[] found = search(z, shape, any ? count : 0, v.has(Quirk.GEO_LAT_DISTANCE_SHORTCUT));
        int resultLength = found.length;
        if (resultLength == 0 && storekey == null) return Reply.EMPTY_ARRAY;
        int returned = (int) (count == 0 || resultLength < count ? resultLength : count);

        if (sort != SORT_NONE) {
            Comparator<Point> cmp = sort == SORT_ASC ? ASC : DESC;
            if (returned == resultLength) {
                if (v.has(Quirk.QSORT_IS_STABLE)) Arrays.sort(found, cmp);
                else MuslQsort.sort(found, cmp);
            } else {
                PartialQsort.sort(found, cmp, 0, returned - 1);
            }
        }

        if (storekey == null) {
            int options = (withdist ? 1 : 0) + (withcoords ? 1 : 0) + (withhash ? 1 : 0);
            Reply[] out = new Reply[returned];
            for (int i = 0; i < returned; i++) {
                Point p = found[i];
                p.dist /= shape.conversion;
                if (options == 0) {
                    out[i] = Reply.bulk(p.member);
                    continue;
                }
                Reply[] item = new Reply[options + 1];
                int k = 0;
                item[k++] = Reply.bulk(p.member);
                if (withdist) item[k++] = distanceReply(v, p.dist);
                if (withhash) item[k++] = Reply.integer((long) p.score);
                if (withcoords) item[k++] = Reply.array(coordReply(v, p.lon), coordReply(v, p.lat));
                out[i] = Reply.array(item);
            }
            return Reply.array(out);
        }

        ZSet dst = new ZSet(c.engine.random());
        int maxelelen = 0;
        for (int i = 0; i < returned; i++) {
            Point p = found[i];
            p.dist /= shape.conversion;
            dst.add(p.member, storedist ? p.dist : p.score);
            maxelelen = Math.max(maxelelen, p.member.length);
        }
        // zsetConvertToListpackIfNeeded: built as a skip list, compact if within both limits
        EncodingLimits lim = c.engine.config().limits();
        dst.setCompact(returned <= lim.zsetEntries() && maxelelen <= lim.zsetValue());
        return c.storeResult(storekey, dst, returned, KeyspaceEvents.ZSET, geosearch ? "geosearchstore" : "georadiusstore");
    }

    /** longLatFromMember: the member's decoded position into {@code xy}; false if it is not in the set. */
    private static boolean memberPosition(ZSet z, byte[] member, double[] xy) {
        ZSet.Node n = z.get(member);
        if (n == null) return false;
        GeoHash.decodeScore(n.score(), xy, new double[4]);
        return true;
    }

    /**
     * membersOfAllNeighbors: the points of each of the nine boxes' score ranges [min, max) that lie in
     * the shape, box after box in Redis's order, each box in score order; with a {@code limit} (ANY),
     * the search stops as soon as that many were found.
     */
    private static Point[] search(ZSet z, GeoHash.Shape shape, long limit, boolean latShortcut) {
        long[] boxes = GeoHash.searchBoxes(shape);
        Point[] found = new Point[8];
        int used = 0;
        double[] xy = new double[2], area = new double[4];
        for (int i = 0; i < 9; i++) {
            long min = boxes[2 * i], max = boxes[2 * i + 1];
            if (min < 0) continue;
            if (used != 0 && limit != 0 && used >= limit) break;
            double dmax = (double) max;
            ZSet.Node n = z.firstInRange(new ScoreRange(min, false, dmax, true));
            while (n != null) {
                double score = n.score();
                if (!(score < dmax)) break;
                GeoHash.decodeScore(score, xy, area);
                double dist = GeoHash.distanceIfWithin(shape, xy[0], xy[1], latShortcut);
                if (dist >= 0) {
                    if (used == found.length) found = Arrays.copyOf(found, used * 2);
                    found[used++] = new Point(n.member(), score, xy[0], xy[1], dist);
                }
                if (used != 0 && limit != 0 && used >= limit) break;
                n = n.next();
            }
        }
        return used == found.length ? found : Arrays.copyOf(found, used);
    }

    /** This family's command handlers, one object per command and no lambda class each: see {@link OpHandler}. */
    private static final class Dispatch extends OpHandler {
        static final int GEOADD = 0;
        static final int GEODIST = 1;
        static final int GEOHASH = 2;
        static final int GEOPOS = 3;
        static final int GEORADIUS = 4;
        static final int GEORADIUSBYMEMBER = 5;
        static final int GEORADIUS_RO = 6;
        static final int GEOSEARCH_COMMAND = 7;

        Dispatch(int op) {
            super(op);
        }

        @Override
        public Reply run(Call c) throws CommandException {
            return switch (op) {
                case GEOADD -> geoadd(c);
                case GEODIST -> geodist(c);
                case GEOHASH -> geohash(c);
                case GEOPOS -> geopos(c);
                case GEORADIUS -> georadiusGeneric(c, 1, RADIUS_COORDS);
                case GEORADIUSBYMEMBER -> georadiusGeneric(c, 1, RADIUS_MEMBER);
                case GEORADIUS_RO -> georadiusGeneric(c, 1, RADIUS_COORDS | RADIUS_NOSTORE);
                case GEOSEARCH_COMMAND -> georadiusGeneric(c, 1, GEOSEARCH);
                default -> throw unknown();
            };
        }
    }
}
