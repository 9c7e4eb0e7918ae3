package io.redisdouble.kit;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.params.SetParams;

import java.util.List;

/**
 * Client code, through Jedis, against both servers: locks driven by generated schedules of clients
 * acquiring, releasing, and jobs succeeding, failing or crashing. The observable history — which
 * client ran its job, what every call returned — must be identical.
 * <ol>
 *   <li>The seed's lock decorator: run the job only if {@code SET lock 1 EX 60 NX} succeeds, and
 *       {@code DEL lock} afterwards (also when the job fails; a crash skips the delete).</li>
 *   <li>A correct token lock: {@code SET name token NX PX 30000} to acquire; release by
 *       compare-and-delete ({@code WATCH name}, {@code GET name}, then {@code MULTI}/{@code DEL}/
 *       {@code EXEC} only if the token is ours, else {@code UNWATCH}), with the two halves of a
 *       release as separate schedule steps so other clients can act in between (EXEC aborts).</li>
 * </ol>
 */
@Family("client code: locks")
class LockProperties {

    enum Kind { START, SUCCEED, FAIL, CRASH, ACQUIRE, RELEASE_BEGIN, RELEASE_COMMIT, FORGET, STEAL }

    record Event(int client, Kind kind, int lock) {
        @Override
        public String toString() {
            return "client " + (client + 1) + " " + kind + (kind.ordinal() >= Kind.ACQUIRE.ordinal() ? " lock" + lock : "");
        }
    }

    @Provide
    Arbitrary<Integer> protocol() {
        return Chains.protocols();
    }

    @Provide
    Arbitrary<List<Event>> decoratorSchedules() {
        return Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.of(Kind.START, Kind.START, Kind.SUCCEED, Kind.FAIL, Kind.CRASH))
                .as((c, k) -> new Event(c, k, 0)).list().ofMinSize(1).ofMaxSize(20);
    }

    @Provide
    Arbitrary<List<Event>> tokenSchedules() {
        return Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.of(Kind.ACQUIRE, Kind.ACQUIRE, Kind.RELEASE_BEGIN, Kind.RELEASE_COMMIT, Kind.FORGET,
                        Kind.STEAL),
                Arbitraries.integers().between(0, 1))
                .as(Event::new).list().ofMinSize(1).ofMaxSize(25);
    }

    /** The seed's decorator: {@code SET lock 1 EX 60 NX}, run the job, {@code DEL lock}. */
    @Property
    void seedLockDecorator(@ForAll("protocol") int protocol, @ForAll("decoratorSchedules") List<Event> schedule) {
        try (JedisCase c = new JedisCase(this, 3, protocol)) {
            boolean[] running = new boolean[3];
            for (Event e : schedule) {
                int k = e.client();
                switch (e.kind()) {
                    case START -> {
                        Boolean ran = c.step(k, e + ": the decorator tries the lock", List.of("SET lock 1 EX 60 NX"),
                                j -> "OK".equals(j.set("lock", "1", SetParams.setParams().ex(60).nx())));
                        running[k] |= Boolean.TRUE.equals(ran);
                    }
                    case SUCCEED, FAIL -> {
                        if (running[k]) {
                            running[k] = false;
                            c.step(k, e + ": job " + (e.kind() == Kind.FAIL ? "throws" : "returns")
                                    + ", the decorator deletes the lock", List.of("DEL lock"), j -> j.del("lock"));
                        }
                    }
                    case CRASH -> running[k] = false; // the process dies: the lock stays until it expires
                    default -> throw new IllegalStateException();
                }
            }
            c.step(0, "the lock at the end", List.of("GET lock", "TTL lock"), j -> j.get("lock") + " ttl " + j.ttl("lock"));
        }
    }

    /** Token lock with compare-and-delete through WATCH/MULTI/EXEC. */
    @Property
    void tokenLock(@ForAll("protocol") int protocol, @ForAll("tokenSchedules") List<Event> schedule) {
        try (JedisCase c = new JedisCase(this, 3, protocol)) {
            String[][] held = new String[3][2];      // token each client believes it holds, per lock
            Integer[] releasing = new Integer[3];     // lock whose release a client has begun
            boolean[] mine = new boolean[3];          // the GET in the release matched the token
            int step = 0;
            for (Event e : schedule) {
                step++;
                int k = e.client();
                String name = "lock" + e.lock();
                switch (e.kind()) {
                    case ACQUIRE -> {
                        if (releasing[k] != null) {
                            continue; // the connection is inside a WATCH: the client finishes first
                        }
                        String token = "token-" + (k + 1) + "-" + step;
                        Boolean ok = c.step(k, e + " with " + token, List.of("SET " + name + " " + token + " NX PX 30000"),
                                j -> "OK".equals(j.set(name, token, SetParams.setParams().nx().px(30000))));
                        if (Boolean.TRUE.equals(ok)) {
                            held[k][e.lock()] = token;
                        }
                    }
                    case RELEASE_BEGIN -> {
                        if (releasing[k] != null || held[k][e.lock()] == null) {
                            continue;
                        }
                        String token = held[k][e.lock()];
                        String seen = c.step(k, e + ": watch and read the lock", List.of("WATCH " + name, "GET " + name),
                                j -> {
                                    j.watch(name);
                                    return j.get(name);
                                });
                        releasing[k] = e.lock();
                        mine[k] = token.equals(seen);
                    }
                    case RELEASE_COMMIT -> {
                        if (releasing[k] == null) {
                            continue;
                        }
                        String lname = "lock" + releasing[k];
                        if (mine[k]) {
                            c.step(k, "client " + (k + 1) + " deletes " + lname + " if unchanged since WATCH",
                                    List.of("MULTI", "DEL " + lname, "EXEC"), j -> {
                                        Transaction t = j.multi();
                                        t.del(lname);
                                        List<Object> r = t.exec();
                                        return r == null ? "aborted: the lock changed since WATCH" : "deleted " + r;
                                    });
                        } else {
                            c.step(k, "client " + (k + 1) + " no longer owns " + lname, List.of("UNWATCH"), Jedis::unwatch);
                        }
                        held[k][releasing[k]] = null;
                        releasing[k] = null;
                    }
                    case FORGET -> {
                        if (releasing[k] == null) {
                            held[k][0] = null; // the client crashed: its locks expire on their own
                            held[k][1] = null;
                        }
                    }
                    case STEAL -> {
                        if (releasing[k] != null) {
                            continue;
                        }
                        // A badly behaved client overwrites the lock (as if it had expired and been taken).
                        c.step(k, e + ": overwrite", List.of("SET " + name + " thief PX 30000"),
                                j -> j.set(name, "thief", SetParams.setParams().px(30000)));
                    }
                    default -> throw new IllegalStateException();
                }
            }
            c.step(0, "the locks at the end", List.of("GET lock0", "GET lock1"), j -> j.get("lock0") + " / " + j.get("lock1"));
        }
    }
}
