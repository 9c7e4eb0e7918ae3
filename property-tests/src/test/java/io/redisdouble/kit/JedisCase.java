package io.redisdouble.kit;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Client code run through Jedis against both servers in the same property: every client of the
 * schedule has one Jedis connection to the reference and one to redis-double; each step runs the
 * same code on both and the observable results (return values, exceptions) must be identical.
 * The history is kept so a divergence prints the schedule, the Redis commands each step sends (as
 * redis-cli lines) and both results.
 */
final class JedisCase implements AutoCloseable {
    private final KitTarget target;
    private final int protocol;
    private final List<Jedis[]> clients = new ArrayList<>();
    private final List<String> history = new ArrayList<>();
    private final List<String> cli = new ArrayList<>();

    /** A case of the property whose test instance is {@code owner}, with {@code clients} clients. */
    JedisCase(Object owner, int clients, int protocol) {
        this.target = KitTarget.current();
        this.protocol = protocol;
        target.beginCase(owner);
        for (int i = 0; i < clients; i++) {
            Jedis ref = connect(target.reference());
            Jedis dbl;
            try {
                dbl = connect(target.doubleEndpoint());
                dbl.ping();
            } catch (RuntimeException e) {
                ref.close();
                history.add("connect client " + (i + 1) + (protocol == 3 ? " (Jedis sends HELLO 3)" : "")
                        + "\n      redis:  connected\n      double: " + e);
                cli.add(protocol == 3 ? "HELLO 3" : "PING");
                close();
                throw divergence("connecting with Jedis over RESP" + protocol);
            }
            this.clients.add(new Jedis[] {ref, dbl});
        }
    }

    private Jedis connect(Endpoint e) {
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder().socketTimeoutMillis(10_000);
        if (protocol == 3) {
            b.protocol(RedisProtocol.RESP3); // Jedis then sends HELLO 3; without it Jedis sends no handshake
        }
        if (e.password() != null) {
            b.password(e.password());
            if (e.username() != null) {
                b.user(e.username());
            }
        }
        return new Jedis(e.host(), e.port(), b.build());
    }

    /**
     * Runs {@code code} as client {@code client} on both servers and compares what it returns.
     *
     * @param what     the step, in words ("client 2 runs the job")
     * @param commands the Redis commands the step sends, as redis-cli lines (for the reproducer)
     * @return what the code returned on the reference
     */
    <T> T step(int client, String what, List<String> commands, Function<Jedis, T> code) {
        Jedis[] pair = clients.get(client);
        Object[] refValue = new Object[1];
        String r = run(pair[0], code, refValue);
        String d = run(pair[1], code, new Object[1]);
        String prefix = Duo.prefix(client);
        for (String c : commands) {
            cli.add(prefix + c);
        }
        history.add(String.format("%2d. %s%n      sends:  %s%n      redis:  %s%n      double: %s", history.size() + 1,
                what, String.join(" ; ", commands), r, d));
        KitReport.countCommand();
        if (!Objects.equals(r, d)) {
            throw divergence(what);
        }
        @SuppressWarnings("unchecked")
        T v = (T) refValue[0];
        return v;
    }

    private static <T> String run(Jedis j, Function<Jedis, T> code, Object[] value) {
        try {
            T v = code.apply(j);
            value[0] = v;
            return render(v);
        } catch (RuntimeException e) {
            return "exception " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    static String render(Object v) {
        if (v instanceof redis.clients.jedis.resps.Tuple t) {
            return t.getElement() + "=" + t.getScore() + " (bits " + Long.toHexString(Double.doubleToRawLongBits(t.getScore())) + ")";
        }
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object o : l) {
                parts.add(render(o));
            }
            return "[" + String.join(", ", parts) + "]";
        }
        if (v instanceof byte[] b) {
            return "bytes " + io.redisdouble.testing.RawRedisClient.printable(b);
        }
        return String.valueOf(v);
    }

    Divergence divergence(String what) {
        StringBuilder m = new StringBuilder();
        m.append("client code observed different results from real Redis and redis-double at: ").append(what).append('\n');
        m.append("  compared: ").append(target.describe()).append('\n');
        m.append("  client: Jedis over RESP").append(protocol).append("; start from FLUSHALL; [client N] = a separate connection\n");
        m.append("Reproducer (redis-cli lines of the commands the client code sent):\n");
        for (String c : cli) {
            m.append("  ").append(c).append('\n');
        }
        m.append("History (what the code observed):\n");
        for (String h : history) {
            m.append("  ").append(h).append('\n');
        }
        return new Divergence(m.toString(), cli);
    }

    private boolean closed;

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        target.endCase();
        for (Jedis[] pair : clients) {
            for (Jedis j : pair) {
                try {
                    j.close();
                } catch (RuntimeException ignored) {
                    // closing a broken connection
                }
            }
        }
    }
}
