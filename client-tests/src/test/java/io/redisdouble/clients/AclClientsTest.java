package io.redisdouble.clients;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.redisdouble.clients.SpringDataRedisTest.Factory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.core.StringRedisTemplate;
import redis.clients.jedis.Jedis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * ACL users through real clients, unmodified: Jedis's {@code auth(user, password)}, Lettuce's
 * {@code RedisURI.withAuthentication(user, password)} (HELLO 3 AUTH), and Spring Data Redis's
 * {@code RedisStandaloneConfiguration.setUsername / setPassword} over both connection factories. A user
 * limited to the keys {@code app:*} without the dangerous commands logs in, works, and is refused
 * elsewhere; every reply and error text goes into a {@link Transcript}, on real Redis 7.0.15 and then on
 * redis-double, and the transcripts must be identical.
 */
class AclClientsTest {
    private final List<Runnable> cleanup = new ArrayList<>();

    @AfterEach
    void close() {
        Collections.reverse(cleanup);
        for (Runnable r : cleanup) r.run();
    }

    private static void withUser(Target server, Transcript seen, Runnable body) {
        try (Jedis admin = new Jedis(server.host(), server.port())) {
            seen.note("setuser", admin.aclSetUser("app", "reset", "on", ">s3cret", "~app:*", "+@all", "-@dangerous"));
            try {
                body.run();
            } finally {
                admin.aclDelUser("app");
            }
        }
    }

    private static String error(Runnable r) {
        try {
            r.run();
            return "no error";
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    @Test
    void jedis() throws Exception {
        Transcript.compare(Target.both().toList(), (server, seen) -> withUser(server, seen, () -> {
            try (Jedis j = new Jedis(server.host(), server.port())) {
                seen.note("wrong password", error(() -> j.auth("app", "nope")));
                seen.note("auth", j.auth("app", "s3cret"));
                seen.note("whoami", j.aclWhoAmI());
                seen.note("set app:1", j.set("app:1", "v"));
                seen.note("get app:1", j.get("app:1"));
                seen.note("set other", error(() -> j.set("other", "v")));
                seen.note("flushall", error(j::flushAll));
                seen.note("del app:1", j.del("app:1"));
            }
        }));
    }

    @Test
    void lettuce() throws Exception {
        Transcript.compare(Target.both().toList(), (server, seen) -> withUser(server, seen, () -> {
            RedisURI uri = RedisURI.builder().withHost(server.host()).withPort(server.port())
                    .withAuthentication("app", "s3cret".toCharArray()).build();
            RedisClient client = RedisClient.create(uri);
            try (StatefulRedisConnection<String, String> conn = client.connect()) {
                RedisCommands<String, String> c = conn.sync();
                seen.note("whoami", c.aclWhoami());
                seen.note("set app:2", c.set("app:2", "w"));
                seen.note("get app:2", c.get("app:2"));
                seen.note("get other", error(() -> c.get("other")));
                seen.note("keys", error(() -> c.keys("*")));
                seen.note("del app:2", c.del("app:2"));
            } finally {
                client.shutdown();
            }
            RedisURI wrong = RedisURI.builder().withHost(server.host()).withPort(server.port())
                    .withAuthentication("app", "nope".toCharArray()).build();
            RedisClient bad = RedisClient.create(wrong);
            try {
                seen.note("connect with a wrong password", error(() -> bad.connect().close()) != null);
            } finally {
                bad.shutdown();
            }
        }));
    }

    @Test
    void springDataRedisWithUsername() throws Exception {
        for (Factory kind : Factory.values()) {
            Transcript.compare(Target.both().toList(), (server, seen) -> withUser(server, seen, () -> {
                StringRedisTemplate t = new StringRedisTemplate(connectionFactory(kind, server));
                t.afterPropertiesSet();
                t.opsForValue().set("app:3", "x");
                seen.note(kind + " get app:3", t.opsForValue().get("app:3"));
                seen.note(kind + " whoami", t.execute((org.springframework.data.redis.core.RedisCallback<Object>)
                        conn -> conn.execute("ACL", "WHOAMI".getBytes()) instanceof byte[] b ? new String(b) : "?"));
                seen.note(kind + " set other", error(() -> t.opsForValue().set("other", "x")) .contains("NOPERM"));
                seen.note(kind + " delete app:3", t.delete("app:3"));
            }));
        }
    }

    private RedisConnectionFactory connectionFactory(Factory kind, Target server) {
        return SpringFactories.start(kind == Factory.LETTUCE, server, "app", "s3cret", cleanup);
    }
}
