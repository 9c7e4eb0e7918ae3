package io.redisdouble.zset;

import io.redisdouble.keyspace.CopyableValue;
import io.redisdouble.util.Bytes;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A sorted set laid out as Redis's skip-list encoding: a hash index from member to node, plus a skip
 * list ordered by (score, member), where members compare as unsigned bytes ({@link Bytes#compare}) and
 * scores with {@code <} and {@code ==} (so {@code -0.0 == 0.0}; NaN is refused).
 *
 * <p>Every forward pointer carries a span (how many level-0 steps it jumps), so ranks and positions
 * by rank cost O(log n); the level-0 list is doubly linked for reverse walks. Node levels follow a
 * geometric law with p = 1/4, capped at {@link #MAX_LEVEL}, drawn from the injected random source.
 *
 * <p>Ranks are 0-based here (Redis's skip list counts from 1). Member arrays are stored, not copied:
 * callers must not modify an array after handing it in, nor one handed out. Not thread-safe.
 *
 * <p>Memory: a level-1 node (3/4 of them) is one 48-byte object that is also the hash entry; taller
 * nodes hold their links, spans and cached next scores of levels 1 to 3 in fields (so a search
 * touches one object per step, as Redis's inline level array) and add three small arrays only above
 * level 4 (1 node in 256). Level 0 needs no stored span: it is 1 between neighbours and 0 after the
 * tail. Each link caches the score of the node it points to, so a search compares without loading
 * the node it does not step onto.
 */
public final class ZSet implements CopyableValue {
    /** Highest node level, as Redis's {@code ZSKIPLIST_MAXLEVEL}. */
    public static final int MAX_LEVEL = 32;


    /**
     * One element of the set, readable while it stays in the set. A node that was removed keeps its
     * member and last score but its links are meaningless.
     */
    public static sealed class Node permits TallNode {
        final byte[] member;
        double score;
        /** The previous node at level 0; null for the first node. */
        Node backward;
        /** The next node at level 0 (its span is implicit: 1, or 0 when null). */
        Node next;
        /** The score of {@code next} (meaningless when next is null), so a search need not load it. */
        double nextScore;
        /** Cached {@link NodeTable#hash} of the member. */
        final int hash;
        /** Next node in the same hash bucket. */
        Node hnext;

        Node(byte[] member, double score, int hash) {
            this.member = member;
            this.score = score;
            this.hash = hash;
        }

        /** The member bytes; do not modify. */
        public byte[] member() {
            return member;
        }

        public double score() {
            return score;
        }

        /** The next element in (score, member) order, or null after the last. */
        public Node next() {
            return next;
        }

        /** The previous element in (score, member) order, or null before the first. */
        public Node prev() {
            return backward;
        }

        int level() {
            return 1;
        }

        @Override
        public String toString() {
            return Bytes.str(member) + "=" + score;
        }
    }

    /**
     * A node of level 2 or more (and the header, of level {@link #MAX_LEVEL}): the forward pointers and
     * spans of levels 1 to 3 are fields; those of levels 4 and up are in {@code hi} / {@code hiSpan}
     * (index {@code i - 4}), present only when the level is above 4.
     */
    static final class TallNode extends Node {
        final int level;
        Node up1, up2, up3;
        int span1, span2, span3;
        /** The scores of up1..up3, cached as {@link Node#nextScore}. */
        double upScore1, upScore2, upScore3;
        final Node[] hi;
        final int[] hiSpan;
        final double[] hiScore;

        TallNode(byte[] member, double score, int hash, int level) {
            super(member, score, hash);
            this.level = level;
            hi = level > 4 ? new Node[level - 4] : null;
            hiSpan = level > 4 ? new int[level - 4] : null;
            hiScore = level > 4 ? new double[level - 4] : null;
        }

        @Override
        int level() {
            return level;
        }
    }

    private final RandomGenerator random;
    /**
     * True while Redis would keep this set in its compact encoding (listpack in 7.0, ziplist in 6.2).
     * The structure here is always the skip list; the flag only records what Redis would use, because
     * a few replies depend on it (7.0's listpack stores -0 as 0; ZSCAN of a compact set returns it
     * whole with cursor 0; OBJECT ENCODING). The command layer maintains it.
     */
    private boolean compact;
    /** Scratch arrays of {@link #link} and {@link #predecessors}, to insert and remove without allocating. */
    private final Node[] updateBuf = new Node[MAX_LEVEL];
    private final int[] rankBuf = new int[MAX_LEVEL];
    private final Node[] predBuf = new Node[MAX_LEVEL];
    private final int[] predRankBuf = new int[MAX_LEVEL];
    /** The array last hashed by {@link #hashOf}, and its hash (members are never modified). */
    private byte[] lastHashed;
    private int lastHash;
    private final NodeTable table = new NodeTable();
    /** Sentinel before the first node; its arrays grow as the list's level does. */
    private final TallNode header = new TallNode(null, 0, 0, MAX_LEVEL);
    private Node tail;
    /** The highest level of any node (1 when empty); levels at and above it are unused in the header. */
    private int level = 1;
    private int size;

    /** A set whose node levels come from a fresh, unseeded {@link SplittableRandom}. */
    public ZSet() {
        this(new SplittableRandom());
    }

    /** A set whose node levels come from {@code random} (seed it for reproducible layouts). */
    public ZSet(RandomGenerator random) {
        if (random == null) throw new NullPointerException("random");
        this.random = random;
    }

    /**
     * An independent set with the same elements, compact flag and random source (COPY, as zsetDup
     * keeps the encoding). Member arrays are shared: they are never modified.
     */
    @Override
    public ZSet deepCopy() {
        ZSet copy = new ZSet(random);
        copy.compact = compact;
        for (Node x = tail; x != null; x = x.backward) copy.add(x.member, x.score);
        return copy;
    }

    /** See {@link #setCompact}. */
    public boolean isCompact() {
        return compact;
    }

    /**
     * Records whether Redis would keep this set in its compact encoding (listpack / ziplist); no
     * effect on the structure. New sets are not compact.
     */
    public void setCompact(boolean compact) {
        this.compact = compact;
    }

    // ---------------------------------------------------------------- links and spans by level

    private static Node fwd(Node x, int i) {
        switch (i) {
            case 0:
                return x.next;
            case 1:
                return ((TallNode) x).up1;
            case 2:
                return ((TallNode) x).up2;
            case 3:
                return ((TallNode) x).up3;
            default:
                return ((TallNode) x).hi[i - 4];
        }
    }

    /**
     * The score of {@code fwd(x, i)}, cached in x (meaningless when that is null). Searches compare
     * against it and load the next node only to step onto it or to break a score tie, so the
     * comparison that ends a level costs no cache miss.
     */
    private static double fwdScore(Node x, int i) {
        switch (i) {
            case 0:
                return x.nextScore;
            case 1:
                return ((TallNode) x).upScore1;
            case 2:
                return ((TallNode) x).upScore2;
            case 3:
                return ((TallNode) x).upScore3;
            default:
                return ((TallNode) x).hiScore[i - 4];
        }
    }

    /** Links x to f at level i; {@code fScore} is f's score (ignored when f is null), cached in x. */
    private static void setFwd(Node x, int i, Node f, double fScore) {
        switch (i) {
            case 0 -> {
                x.next = f;
                x.nextScore = fScore;
            }
            case 1 -> {
                ((TallNode) x).up1 = f;
                ((TallNode) x).upScore1 = fScore;
            }
            case 2 -> {
                ((TallNode) x).up2 = f;
                ((TallNode) x).upScore2 = fScore;
            }
            case 3 -> {
                ((TallNode) x).up3 = f;
                ((TallNode) x).upScore3 = fScore;
            }
            default -> {
                ((TallNode) x).hi[i - 4] = f;
                ((TallNode) x).hiScore[i - 4] = fScore;
            }
        }
    }

    /** Level-0 spans are implicit (1 to a neighbour, 0 past the tail). */
    private static int span(Node x, int i) {
        switch (i) {
            case 0:
                return x.next == null ? 0 : 1;
            case 1:
                return ((TallNode) x).span1;
            case 2:
                return ((TallNode) x).span2;
            case 3:
                return ((TallNode) x).span3;
            default:
                return ((TallNode) x).hiSpan[i - 4];
        }
    }

    private static void setSpan(Node x, int i, int span) {
        switch (i) {
            case 0 -> { }
            case 1 -> ((TallNode) x).span1 = span;
            case 2 -> ((TallNode) x).span2 = span;
            case 3 -> ((TallNode) x).span3 = span;
            default -> ((TallNode) x).hiSpan[i - 4] = span;
        }
    }

    /** True if {@code n} sorts strictly before (score, member). */
    private static boolean before(Node n, double score, byte[] member) {
        return n.score < score || (n.score == score && Bytes.compare(n.member, member) < 0);
    }

    /**
     * True if node {@code f}, whose score {@code fs} the caller read from its predecessor's cache,
     * sorts strictly before (score, member): f itself is loaded only on a score tie.
     */
    private static boolean precedes(double fs, Node f, double score, byte[] member) {
        return fs < score || (fs == score && Bytes.compare(f.member, member) < 0);
    }

    /**
     * The search of zslInsert: for each level below {@link #level}, the last node before (score,
     * member) goes to {@code update[i]} and its distance in level-0 steps from the header to
     * {@code rank[i]}. The hottest loop of the set, so written out per kind of level (array levels
     * 4 and up, field levels 3 to 1, level 0) instead of through {@link #fwd}, and comparing scores
     * cached in the current node.
     */
    private void search(double score, byte[] member, Node[] update, int[] rank) {
        Node h = header;
        int r = 0;
        int i = level - 1;
        for (; i >= 4; i--) {
            TallNode t = (TallNode) h; // a node reached on level i > 3 has the hi arrays
            int k = i - 4;
            Node f;
            while ((f = t.hi[k]) != null && precedes(t.hiScore[k], f, score, member)) {
                r += t.hiSpan[k];
                t = (TallNode) f;
            }
            h = t;
            update[i] = t;
            rank[i] = r;
        }
        if (i == 3) {
            TallNode t = (TallNode) h;
            Node f;
            while ((f = t.up3) != null && precedes(t.upScore3, f, score, member)) {
                r += t.span3;
                t = (TallNode) f;
            }
            h = t;
            update[3] = t;
            rank[3] = r;
            i--;
        }
        if (i == 2) {
            TallNode t = (TallNode) h;
            Node f;
            while ((f = t.up2) != null && precedes(t.upScore2, f, score, member)) {
                r += t.span2;
                t = (TallNode) f;
            }
            h = t;
            update[2] = t;
            rank[2] = r;
            i--;
        }
        if (i == 1) {
            TallNode t = (TallNode) h;
            Node f;
            while ((f = t.up1) != null && precedes(t.upScore1, f, score, member)) {
                r += t.span1;
                t = (TallNode) f;
            }
            h = t;
            update[1] = t;
            rank[1] = r;
        }
        Node f;
        while ((f = h.next) != null && precedes(h.nextScore, f, score, member)) {
            r++;
            h = f;
        }
        update[0] = h;
        rank[0] = r;
    }

    // ---------------------------------------------------------------- batches: searches side by side

    /** The most members one {@link #readAhead} or {@link #addAllNew} call takes. */
    public static final int READ_AHEAD = 32;
    /**
     * Below this size {@link #readAheadPays} says no: most of a smaller set's search paths are cache
     * hits, and the extra pass costs more than it saves (break-even near 100,000 members on the
     * development machine: bench/jmh, {@code ZSetInsertBench}).
     */
    public static final int READ_AHEAD_MIN_SIZE = 1 << 17;
    /** Per search of {@link #searchSideBySide}: the path it found, as {@link #search} leaves it. */
    private Node[][] lanePath;
    private int[][] laneRank;
    private final Node[] laneAt = new Node[READ_AHEAD];
    private final int[] laneRankNow = new int[READ_AHEAD];
    private final int[] lanes = new int[READ_AHEAD];
    private final int[] laneHash = new int[READ_AHEAD];
    /** Where {@link #readAhead} leaves a value computed from what it read, so that the reads are kept. */
    private int aheadSink;

    /** True if this set is large enough ({@link #READ_AHEAD_MIN_SIZE}) for {@link #readAhead} to save time. */
    public boolean readAheadPays() {
        return size >= READ_AHEAD_MIN_SIZE;
    }

    /**
     * A hint before adding or updating a batch of members (a ZADD of many pairs): reads, changing
     * nothing, what those adds will read (the members' hash buckets, the nodes on their search paths
     * and the successors whose back links an insert sets), with the searches run side by side so
     * that their cache misses overlap instead of following one another. In a large set nearly every
     * step of a search is a miss; the adds that follow find those nodes in the cache. Worth it for
     * large sets only: see {@link #readAheadPays}.
     *
     * @param scores the members' scores, {@code scores[from + k]} for {@code members[from + k]}
     * @param count  how many, at most {@link #READ_AHEAD}
     */
    public void readAhead(double[] scores, byte[][] members, int from, int count) {
        checkBatch(count);
        int sink = table.touch(members, from, count);
        searchSideBySide(scores, members, from, count);
        for (int c = 0; c < count; c++) {
            Node f = lanePath[c][0].next;
            if (f != null) sink += f.hash;
            Arrays.fill(lanePath[c], 0, level, null);
        }
        aheadSink = sink;
    }

    /**
     * Adds {@code count} (at most {@link #READ_AHEAD}) members if none of them is in the set and no two
     * of them are equal, and returns true; otherwise changes nothing and returns false (the caller
     * then adds them one by one, in order, as Redis would). The result is the same elements as
     * {@code count} calls of {@link #add} (the node levels are drawn in another order). The searches
     * run side by side, as {@link #readAhead}'s, and each keeps its path (predecessor and rank on every
     * level); then the members are linked from the highest down. Linking an element never changes the
     * path of a lower one (its predecessors stay the last nodes before it, and their ranks count only
     * elements before them), so each kept path is still right when its member's turn comes, and no
     * search runs twice.
     *
     * @throws IllegalArgumentException if a score is NaN or count is above {@link #READ_AHEAD}
     */
    public boolean addAllNew(double[] scores, byte[][] members, int from, int count) {
        checkBatch(count);
        for (int k = 0; k < count; k++) {
            if (Double.isNaN(scores[from + k])) throw new IllegalArgumentException("NaN score");
        }
        int[] h = laneHash;
        for (int k = 0; k < count; k++) {
            h[k] = NodeTable.hash(members[from + k]);
            if (table.get(members[from + k], h[k]) != null) return false;
        }
        for (int a = 1; a < count; a++) {
            for (int b = 0; b < a; b++) {
                if (h[a] == h[b] && Arrays.equals(members[from + a], members[from + b])) return false;
            }
        }
        int known = level;
        searchSideBySide(scores, members, from, count);
        // Highest element first (insertion sort of at most READ_AHEAD lanes, by (score, member) descending).
        int[] order = lanes;
        for (int c = 0; c < count; c++) order[c] = c;
        for (int a = 1; a < count; a++) {
            int c = order[a];
            int b = a - 1;
            while (b >= 0 && before(scores[from + order[b]], members[from + order[b]], scores[from + c], members[from + c])) {
                order[b + 1] = order[b];
                b--;
            }
            order[b + 1] = c;
        }
        for (int q = 0; q < count; q++) {
            int c = order[q];
            byte[] member = members[from + c];
            double score = scores[from + c];
            int lvl = randomLevel();
            Node x = lvl == 1 ? new Node(member, score, h[c]) : new TallNode(member, score, h[c], lvl);
            linkAfter(x, lanePath[c], laneRank[c], known);
            table.insert(x);
            Arrays.fill(lanePath[c], 0, level, null); // keep no removed node reachable
        }
        return true;
    }

    private void checkBatch(int count) {
        if (count > READ_AHEAD) throw new IllegalArgumentException("count " + count + " > " + READ_AHEAD);
        if (lanePath == null) {
            lanePath = new Node[READ_AHEAD][MAX_LEVEL];
            laneRank = new int[READ_AHEAD][MAX_LEVEL];
        }
    }

    /**
     * {@link #search} for {@code count} members at once, leaving search c's path in {@code
     * lanePath[c]} / {@code laneRank[c]} for every level below {@link #level}. Level by level, each
     * round takes one step of every search still moving on that level: those loads do not depend on
     * each other, so their cache misses overlap. Selects rather than branches where the outcome is
     * a coin toss, so that a mispredicted branch does not throw away the loads issued after it.
     */
    private void searchSideBySide(double[] scores, byte[][] members, int from, int count) {
        Node[] at = laneAt;
        int[] r = laneRankNow;
        int[] moving = lanes;
        Arrays.fill(at, 0, count, header);
        Arrays.fill(r, 0, count, 0);
        for (int i = level - 1; i >= 0; i--) {
            int n = count;
            for (int c = 0; c < count; c++) moving[c] = c;
            while (n > 0) {
                int w = 0;
                for (int q = 0; q < n; q++) {
                    int c = moving[q];
                    Node x = at[c];
                    Node f = fwd(x, i);
                    double fs = fwdScore(x, i);
                    double score = scores[from + c];
                    boolean go = fs < score;
                    if (fs == score && f != null) go = Bytes.compare(f.member, members[from + c]) < 0;
                    go &= f != null;
                    r[c] += go ? span(x, i) : 0;
                    at[c] = go ? f : x;
                    moving[w] = c;
                    w += go ? 1 : 0;
                }
                n = w;
            }
            for (int c = 0; c < count; c++) {
                lanePath[c][i] = at[c];
                laneRank[c][i] = r[c];
            }
        }
        Arrays.fill(at, 0, count, null);
    }

    /** True if (s1, m1) sorts strictly before (s2, m2). */
    private static boolean before(double s1, byte[] m1, double s2, byte[] m2) {
        return s1 < s2 || (s1 == s2 && Bytes.compare(m1, m2) < 0);
    }

    /** 1 + the number of low pairs of zero bits of a random long: P(level > k) = 4^-k, capped. */
    private int randomLevel() {
        int pairs = Long.numberOfTrailingZeros(random.nextLong()) >>> 1;
        return 1 + Math.min(pairs, MAX_LEVEL - 1);
    }

    // ---------------------------------------------------------------- size and lookups

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * The node of {@code member}, or null if absent. O(1) expected. As every array handed in, the
     * member must not be modified afterwards (its hash is remembered by identity for {@link #addAbsent}).
     */
    public Node get(byte[] member) {
        return table.get(member, hashOf(member));
    }

    /**
     * {@link NodeTable#hash} of member, remembered for the last array hashed: ZADD looks a member up
     * with {@link #get} and then adds it with {@link #addAbsent}, hashing it once.
     */
    private int hashOf(byte[] member) {
        if (member != lastHashed) {
            lastHash = NodeTable.hash(member);
            lastHashed = member;
        }
        return lastHash;
    }

    public boolean contains(byte[] member) {
        return get(member) != null;
    }

    /** The score of {@code member}, or null if absent (boxes; {@link #get} does not). */
    public Double score(byte[] member) {
        Node n = get(member);
        return n == null ? null : n.score;
    }

    /** The lowest element, or null if empty. */
    public Node first() {
        return header.next;
    }

    /** The highest element, or null if empty. */
    public Node last() {
        return tail;
    }

    // ---------------------------------------------------------------- add, update, remove

    /**
     * Adds {@code member} with {@code score}, or sets the score of a present member. Returns true iff
     * the member was new. A present member whose score is {@code ==} the new one (which includes -0.0
     * against 0.0) is left untouched, as Redis does. O(log n); an update that keeps the element
     * between its neighbours is O(1), as Redis's {@code zslUpdateScore}.
     *
     * @throws IllegalArgumentException if score is NaN
     */
    public boolean add(byte[] member, double score) {
        if (Double.isNaN(score)) throw new IllegalArgumentException("NaN score");
        int h = NodeTable.hash(member);
        Node x = table.get(member, h);
        if (x != null) {
            if (x.score != score) updateScore(x, score);
            return false;
        }
        int lvl = randomLevel();
        x = lvl == 1 ? new Node(member, score, h) : new TallNode(member, score, h, lvl);
        link(x);
        table.insert(x);
        return true;
    }

    /**
     * Sets the score of a node of this set (as {@link #add} does for a present member, without the
     * hash lookup). A score {@code ==} the current one leaves the node untouched.
     *
     * @throws IllegalArgumentException if score is NaN
     */
    public void setScore(Node node, double score) {
        if (Double.isNaN(score)) throw new IllegalArgumentException("NaN score");
        if (node.score != score) updateScore(node, score);
    }

    /**
     * Adds a member the caller has just looked up and found absent ({@link #get} returned null, and
     * nothing changed since): {@link #add} without the second lookup. Adding a present member this way
     * corrupts the set.
     *
     * @throws IllegalArgumentException if score is NaN
     */
    public void addAbsent(byte[] member, double score) {
        if (Double.isNaN(score)) throw new IllegalArgumentException("NaN score");
        int h = hashOf(member);
        int lvl = randomLevel();
        Node x = lvl == 1 ? new Node(member, score, h) : new TallNode(member, score, h, lvl);
        link(x);
        table.insert(x);
    }

    /** Removes {@code member}; returns false if it was absent. O(log n). */
    public boolean remove(byte[] member) {
        Node x = get(member);
        if (x == null) return false;
        table.remove(x);
        unlink(x, predecessors(x));
        return true;
    }

    /** Removes every element. */
    public void clear() {
        for (int i = 1; i < MAX_LEVEL; i++) {
            setFwd(header, i, null, 0);
            setSpan(header, i, 0);
        }
        setFwd(header, 0, null, 0);
        tail = null;
        level = 1;
        size = 0;
        table.clear();
    }

    private void updateScore(Node x, double score) {
        Node prev = x.backward;
        Node next = x.next;
        // In place when the order is kept, as zslUpdateScore; only for level-1 nodes here, whose one
        // predecessor caches the score. A taller node is relinked (same level, so the same structure).
        if (x.level() == 1 && (prev == null || before(prev, score, x.member))
                && (next == null || !before(next, score, x.member))) {
            x.score = score;
            if (prev == null) header.nextScore = score;
            else prev.nextScore = score;
            return;
        }
        unlink(x, predecessors(x));
        x.score = score;
        link(x); // the node keeps its level: levels are independent of position
    }

    /** Inserts a node (score and level set, links unset) at its place in the order. */
    private void link(Node x) {
        Node[] update = updateBuf; // reused: inserts do not nest
        int[] rank = rankBuf; // rank[i]: level-0 steps from the header to update[i]
        search(x.score, x.member, update, rank);
        linkAfter(x, update, rank, level);
    }

    /**
     * Links x given its predecessors {@code update[i]} and their ranks {@code rank[i]} (level-0 steps
     * from the header) on levels below {@code known}; on levels from {@code known} up, the header.
     */
    private void linkAfter(Node x, Node[] update, int[] rank, int known) {
        int lvl = x.level();
        int top = level;
        for (int i = known; i < Math.max(top, lvl); i++) {
            update[i] = header;
            rank[i] = 0;
        }
        if (lvl > top) {
            for (int i = top; i < lvl; i++) {
                setSpan(header, i, size); // an empty level: the header's span covers every element
            }
            level = lvl;
        }
        for (int i = 0; i < lvl; i++) {
            Node u = update[i];
            int crossed = rank[0] - rank[i]; // steps from update[i] to update[0]
            setFwd(x, i, fwd(u, i), fwdScore(u, i));
            setSpan(x, i, span(u, i) - crossed);
            setFwd(u, i, x, x.score);
            setSpan(u, i, crossed + 1);
        }
        for (int i = lvl; i < level; i++) {
            setSpan(update[i], i, span(update[i], i) + 1); // these now jump over x too
        }
        x.backward = update[0] == header ? null : update[0];
        if (x.next != null) x.next.backward = x;
        else tail = x;
        size++;
    }

    /** For each level below {@link #level}, the last node before {@code x} (x must be in the list). */
    private Node[] predecessors(Node x) {
        Node[] update = predBuf; // reused: the result is consumed before the next call
        search(x.score, x.member, update, predRankBuf);
        if (update[0].next != x) throw new IllegalStateException("node not found in skip list: " + x);
        return update;
    }

    /** Unlinks {@code x} given its predecessors at every level (as Redis's zslDeleteNode). */
    private void unlink(Node x, Node[] update) {
        for (int i = 0; i < level; i++) {
            Node u = update[i];
            if (fwd(u, i) == x) {
                setSpan(u, i, span(u, i) + span(x, i) - 1);
                setFwd(u, i, fwd(x, i), fwdScore(x, i));
            } else {
                setSpan(u, i, span(u, i) - 1);
            }
        }
        if (x.next != null) x.next.backward = x.backward;
        else tail = x.backward;
        while (level > 1 && fwd(header, level - 1) == null) level--;
        size--;
    }

    // ---------------------------------------------------------------- ranks

    /**
     * The 0-based rank of {@code member}, counted from the lowest element, or from the highest if
     * {@code reverse}; -1 if absent. O(log n).
     */
    public long rank(byte[] member, boolean reverse) {
        Node x = get(member);
        if (x == null) return -1;
        long r = rankOf(x);
        return reverse ? size - 1 - r : r;
    }

    /**
     * The 0-based rank of a node in the list, found without comparisons: from x, step forward on the
     * top level of each node reached until the end, adding spans (the last span, to null, counts the
     * elements left). That totals the elements after x. Expected O(log n), mirroring a search path.
     */
    private long rankOf(Node x) {
        long after = 0;
        Node h = x;
        while (true) {
            int top = h.level() - 1;
            after += span(h, top);
            Node f = fwd(h, top);
            if (f == null) return size - 1 - after;
            h = f;
        }
    }

    /** The element at 0-based rank {@code rank} (lowest first), or null if out of range. O(log n). */
    public Node elementAt(long rank) {
        if (rank < 0 || rank >= size) return null;
        if (rank == 0) return header.next;
        if (rank == size - 1) return tail;
        long target = rank + 1; // level-0 steps from the header
        long traversed = 0;
        Node h = header;
        for (int i = level - 1; i >= 0; i--) {
            Node f;
            while ((f = fwd(h, i)) != null && traversed + span(h, i) <= target) {
                traversed += span(h, i);
                h = f;
            }
            if (traversed == target) return h;
        }
        throw new IllegalStateException("spans do not add up to rank " + rank);
    }

    // ---------------------------------------------------------------- range queries

    /**
     * Emits the elements of ranks {@code start..end} (0-based, inclusive), lowest first; if
     * {@code reverse}, ranks count from the highest and elements come highest first (ZREVRANGE).
     * The caller resolves negative indexes; an {@code end} past the last rank is clamped, and
     * {@code start > end} gives nothing. Returns how many were emitted. O(log n + m).
     *
     * @throws IllegalArgumentException if start is negative
     */
    public long range(long start, long end, boolean reverse, RangeSink sink) {
        if (start < 0) throw new IllegalArgumentException("negative start " + start);
        end = Math.min(end, size - 1L);
        if (start > end) return 0;
        Node x = elementAt(reverse ? size - 1 - start : start);
        return walk(x, reverse, end - start + 1, null, sink);
    }

    /**
     * Emits the elements with scores in {@code range}, in ascending order, or descending if
     * {@code reverse} (starting from the highest in range, as ZREVRANGEBYSCORE). LIMIT semantics: the
     * first {@code offset} elements of that order are skipped (a negative offset gives nothing, as in
     * Redis), then at most {@code count} are emitted ({@code count < 0}: all). Returns how many were
     * emitted. O(log n + m): the offset is skipped through spans, not walked.
     */
    public long rangeByScore(ScoreRange range, boolean reverse, long offset, long count, RangeSink sink) {
        return rangeIn(range, reverse, offset, count, sink);
    }

    /**
     * As {@link #rangeByScore}, for members in a lex range. Meaningful when all scores are equal (as
     * in Redis, the result is unspecified otherwise, but the call is safe).
     */
    public long rangeByLex(LexRange range, boolean reverse, long offset, long count, RangeSink sink) {
        return rangeIn(range, reverse, offset, count, sink);
    }

    /**
     * As {@link #rangeByScore} / {@link #rangeByLex} ({@code range} a {@link ScoreRange} or a
     * {@link LexRange}), with a negative offset counted as 7.4's zslNthInRange counts it: going forward,
     * -1 starts at the last element in range (-2 the one before…); going backward, -1 starts at the first
     * element in range (-2 the second…); the walk then goes on in the query's direction.
     */
    public long rangeNth(Object range, boolean reverse, long offset, long count, RangeSink sink) {
        if (offset >= 0) return rangeIn(range, reverse, offset, count, sink);
        if (count == 0 || !overlaps(range)) return 0;
        long limit = count < 0 ? Long.MAX_VALUE : count;
        long r;
        if (!reverse) {
            long edge = countUpToMax(range);
            if (edge < -offset) return 0;
            r = edge + offset;
            if (r < 0 || r >= size || !gteMin(range, elementAt(r))) return 0;
        } else {
            long n = -offset - 1;
            r = countBelowMin(range) + n;
            if (n < 0 || r < 0 || r >= size || !lteMax(range, elementAt(r))) return 0;
        }
        return walk(elementAt(r), reverse, limit, range, sink);
    }

    /**
     * zslFirstInRange: the lowest element whose score is in {@code range}, or null; walk on with
     * {@link Node#next()} (what geo.c does over the nine geohash boxes). O(log n).
     */
    public Node firstInRange(ScoreRange range) {
        if (!overlaps(range)) return null;
        Node h = header;
        for (int i = level - 1; i >= 0; i--) {
            Node f;
            while ((f = fwd(h, i)) != null && !fwdGteMin(range, h, i, f)) h = f;
        }
        Node x = h.next;
        return x != null && range.lteMax(x.score) ? x : null;
    }

    /** How many elements have scores in {@code range}. O(log n). */
    public long count(ScoreRange range) {
        return countIn(range);
    }

    /** How many members are in the lex {@code range} (all scores equal, see {@link #rangeByLex}). O(log n). */
    public long lexCount(LexRange range) {
        return countIn(range);
    }

    /**
     * One step of a hash-order scan (as Redis's dictScan over the member table): emits the elements
     * of one bucket of the member index and returns the next cursor, 0 when the scan is complete.
     * The cursor is reverse-binary incremented, so an element present for a whole scan is emitted at
     * least once even if the set grows or shrinks between steps.
     */
    public long scan(long cursor, RangeSink sink) {
        return table.scan(cursor, sink);
    }

    /** A uniformly chosen element, or null if empty. O(log n). */
    public Node random(RandomGenerator rnd) {
        return size == 0 ? null : elementAt(rnd.nextLong(size));
    }

    /** Emits every element in ascending order. */
    public void forEach(RangeSink sink) {
        walk(header.next, false, Long.MAX_VALUE, null, sink);
    }

    // The range kinds share these helpers; `range` is a ScoreRange or a LexRange, or null for ranks.

    private static boolean gteMin(Object range, Node n) {
        return range instanceof ScoreRange s ? s.gteMin(n.score) : ((LexRange) range).gteMin(n.member);
    }

    private static boolean lteMax(Object range, Node n) {
        return range instanceof ScoreRange s ? s.lteMax(n.score) : ((LexRange) range).lteMax(n.member);
    }

    /** {@link #gteMin} of {@code f = fwd(h, i)}, reading a score from h's cache. */
    private static boolean fwdGteMin(Object range, Node h, int i, Node f) {
        return range instanceof ScoreRange s ? s.gteMin(fwdScore(h, i)) : ((LexRange) range).gteMin(f.member);
    }

    /** {@link #lteMax} of {@code f = fwd(h, i)}, reading a score from h's cache. */
    private static boolean fwdLteMax(Object range, Node h, int i, Node f) {
        return range instanceof ScoreRange s ? s.lteMax(fwdScore(h, i)) : ((LexRange) range).lteMax(f.member);
    }

    private static boolean isEmptyRange(Object range) {
        return range instanceof ScoreRange s ? s.isEmpty() : ((LexRange) range).isEmpty();
    }

    /** Whether some element may be in range (Redis's zslIsInRange): the set straddles the bounds. */
    private boolean overlaps(Object range) {
        return size > 0 && !isEmptyRange(range) && gteMin(range, tail) && lteMax(range, header.next);
    }

    /** The number of elements before the first one at or above the range's minimum. */
    private long countBelowMin(Object range) {
        long traversed = 0;
        Node h = header;
        for (int i = level - 1; i >= 0; i--) {
            Node f;
            while ((f = fwd(h, i)) != null && !fwdGteMin(range, h, i, f)) {
                traversed += span(h, i);
                h = f;
            }
        }
        return traversed;
    }

    /** The number of elements up to the last one at or below the range's maximum. */
    private long countUpToMax(Object range) {
        long traversed = 0;
        Node h = header;
        for (int i = level - 1; i >= 0; i--) {
            Node f;
            while ((f = fwd(h, i)) != null && fwdLteMax(range, h, i, f)) {
                traversed += span(h, i);
                h = f;
            }
        }
        return traversed;
    }

    private long countIn(Object range) {
        if (!overlaps(range)) return 0;
        return Math.max(0, countUpToMax(range) - countBelowMin(range));
    }

    private long rangeIn(Object range, boolean reverse, long offset, long count, RangeSink sink) {
        if (offset < 0 || offset >= size || count == 0 || !overlaps(range)) return 0;
        long limit = count < 0 ? Long.MAX_VALUE : count;
        long r = reverse ? countUpToMax(range) - 1 - offset : countBelowMin(range) + offset;
        if (r < 0 || r >= size) return 0;
        return walk(elementAt(r), reverse, limit, range, sink);
    }

    /**
     * The one walk behind every range query: emits up to {@code limit} elements from {@code x}
     * onwards (backwards if {@code reverse}), stopping at the first one past the far bound of
     * {@code range} (max going forward, min going backward; no bound check if null).
     */
    private static long walk(Node x, boolean reverse, long limit, Object range, RangeSink sink) {
        long n = 0;
        while (x != null && n < limit) {
            if (range != null && !(reverse ? gteMin(range, x) : lteMax(range, x))) break;
            Node following = reverse ? x.backward : x.next;
            sink.accept(x.member, x.score);
            n++;
            x = following;
        }
        return n;
    }

    // ---------------------------------------------------------------- range deletion and pops

    /** Removes the elements with scores in {@code range}; returns how many. O(log n + m). */
    public long removeRangeByScore(ScoreRange range) {
        return removeIn(range);
    }

    /** Removes the members in the lex {@code range} (all scores equal); returns how many. O(log n + m). */
    public long removeRangeByLex(LexRange range) {
        return removeIn(range);
    }

    /**
     * Removes the elements of 0-based ranks {@code start..end} (inclusive, lowest first; an end past
     * the last rank is clamped, start > end removes nothing); returns how many. O(log n + m).
     *
     * @throws IllegalArgumentException if start is negative
     */
    public long removeRangeByRank(long start, long end) {
        if (start < 0) throw new IllegalArgumentException("negative start " + start);
        end = Math.min(end, size - 1L);
        if (start > end) return 0;
        Node[] update = new Node[level];
        long traversed = 0;
        Node h = header;
        for (int i = level - 1; i >= 0; i--) {
            Node f;
            while ((f = fwd(h, i)) != null && traversed + span(h, i) <= start) {
                traversed += span(h, i);
                h = f;
            }
            update[i] = h;
        }
        return deleteAfter(update, end - start + 1, null);
    }

    private long removeIn(Object range) {
        if (size == 0 || isEmptyRange(range)) return 0;
        Node[] update = new Node[level];
        Node h = header;
        for (int i = level - 1; i >= 0; i--) {
            Node f;
            while ((f = fwd(h, i)) != null && !fwdGteMin(range, h, i, f)) h = f;
            update[i] = h;
        }
        return deleteAfter(update, Long.MAX_VALUE, range);
    }

    /**
     * Deletes up to {@code limit} consecutive nodes following {@code update[0]}, stopping at the first
     * above the range's max (no check if null). The predecessors stay valid from one deletion to the
     * next, as in Redis's zslDeleteRangeBy*.
     */
    private long deleteAfter(Node[] update, long limit, Object range) {
        long removed = 0;
        Node x = update[0].next;
        while (x != null && removed < limit && (range == null || lteMax(range, x))) {
            Node next = x.next;
            unlink(x, update);
            table.remove(x);
            removed++;
            x = next;
        }
        return removed;
    }

    /**
     * Removes up to {@code count} lowest elements, emitting them lowest first before removing them;
     * returns how many. {@code count <= 0} does nothing. O(log n + m).
     */
    public long popMin(long count, RangeSink sink) {
        if (count <= 0 || size == 0) return 0;
        long n = Math.min(count, size);
        walk(header.next, false, n, null, sink);
        return removeRangeByRank(0, n - 1);
    }

    /**
     * Removes up to {@code count} highest elements, emitting them highest first before removing them;
     * returns how many. {@code count <= 0} does nothing. O(log n + m).
     */
    public long popMax(long count, RangeSink sink) {
        if (count <= 0 || size == 0) return 0;
        long n = Math.min(count, size);
        walk(tail, true, n, null, sink);
        return removeRangeByRank(size - n, size - 1L);
    }

    // ---------------------------------------------------------------- self-check

    /**
     * Verifies the whole structure, throwing AssertionError on the first violation: the list is
     * strictly increasing by (score, member) with no NaN; backward links and tail match; every level
     * links exactly the nodes tall enough for it, in order, with each span equal to the level-0
     * distance it jumps (the spans of each level sum to the size); the list's level is the tallest
     * node's; the hash index holds exactly the listed nodes, each in its right bucket. O(n log n).
     */
    public void checkInvariants() {
        if (level < 1 || level > MAX_LEVEL) throw new AssertionError("list level " + level);
        if (header.level != MAX_LEVEL) throw new AssertionError("header of level " + header.level);
        for (int i = level; i < MAX_LEVEL; i++) {
            if (fwd(header, i) != null) throw new AssertionError("header linked above the list level at " + i);
        }
        Node[] last = new Node[level];
        long[] lastPos = new long[level];
        Arrays.fill(last, header);
        long pos = 0;
        int tallest = 1;
        Node prev = null;
        for (Node x = header.next; x != null; x = x.next) {
            pos++;
            if (pos > size) throw new AssertionError("more nodes than size " + size);
            if (x.member == null) throw new AssertionError("null member at " + pos);
            if (Double.isNaN(x.score)) throw new AssertionError("NaN score at " + pos);
            if (x.backward != prev) throw new AssertionError("bad backward link at " + pos + ": " + x);
            if (prev != null && !before(prev, x.score, x.member)) {
                throw new AssertionError("order broken at " + pos + ": " + prev + " then " + x);
            }
            if (x instanceof TallNode t && (t.level < 2 || t.level > MAX_LEVEL || (t.level > 4) != (t.hi != null)
                    || (t.hi != null && (t.hi.length != t.level - 4 || t.hiSpan.length != t.level - 4
                            || t.hiScore.length != t.level - 4)))) {
                throw new AssertionError("malformed tall node at " + pos);
            }
            int lvl = x.level();
            if (lvl > level) throw new AssertionError("node level " + lvl + " above list level " + level);
            tallest = Math.max(tallest, lvl);
            for (int i = 0; i < lvl; i++) {
                if (fwd(last[i], i) != x) throw new AssertionError("level " + i + " does not reach " + x);
                if (Double.doubleToRawLongBits(fwdScore(last[i], i)) != Double.doubleToRawLongBits(x.score)) {
                    throw new AssertionError("stale cached score " + fwdScore(last[i], i) + " at level " + i
                            + " before " + x);
                }
                if (span(last[i], i) != pos - lastPos[i]) {
                    throw new AssertionError("span " + span(last[i], i) + " at level " + i + " before "
                            + x + ", expected " + (pos - lastPos[i]));
                }
                last[i] = x;
                lastPos[i] = pos;
            }
            if (table.get(x.member, x.hash) != x) throw new AssertionError("index does not map " + x);
            prev = x;
        }
        if (pos != size) throw new AssertionError("size " + size + " but " + pos + " nodes");
        if (tail != prev) throw new AssertionError("tail is " + tail + ", last node is " + prev);
        if (tallest != level) throw new AssertionError("list level " + level + ", tallest node " + tallest);
        for (int i = 0; i < level; i++) {
            if (fwd(last[i], i) != null) throw new AssertionError("level " + i + " runs past the last node");
            if (span(last[i], i) != size - lastPos[i]) {
                throw new AssertionError("level " + i + " spans sum to " + (lastPos[i] + span(last[i], i)));
            }
        }
        if (table.size() != size) throw new AssertionError("index size " + table.size() + ", list size " + size);
        table.checkInvariants();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ZSet[");
        for (Node x = header.next; x != null; x = x.next) {
            if (x != header.next) sb.append(", ");
            sb.append(x);
            if (sb.length() > 1000) {
                sb.append(", ...");
                break;
            }
        }
        return sb.append(']').toString();
    }
}
