package io.redisdouble.clients;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.PatternTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.data.redis.serializer.JdkSerializationRedisSerializer;
import org.springframework.data.redis.serializer.StringRedisSerializer;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.data.redis.RedisIndexedSessionRepository;
import org.springframework.session.data.redis.config.ConfigureNotifyKeyspaceEventsAction;
import org.springframework.session.events.AbstractSessionEvent;
import org.springframework.session.events.SessionCreatedEvent;
import org.springframework.session.events.SessionDeletedEvent;
import org.springframework.session.events.SessionExpiredEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spring Session Data Redis 4 with {@link RedisIndexedSessionRepository}, wired as
 * {@code @EnableRedisIndexedHttpSession} wires it: it turns on keyspace notifications itself
 * ({@link ConfigureNotifyKeyspaceEventsAction}: {@code CONFIG SET notify-keyspace-events Egx}) and learns
 * of deleted and expired sessions only from {@code __keyevent@0__:del} / {@code __keyevent@0__:expired}.
 * The same scenario against redis-double (manual time: the session expires when the test moves the
 * clock) and real Redis 7.0.15 (real time).
 */
class SpringSessionTest {

    private final List<Runnable> cleanup = new ArrayList<>();

    static Stream<Target> targets() {
        return Target.bothVirtualTime();
    }

    @AfterEach
    void close() {
        Collections.reverse(cleanup);
        for (Runnable r : cleanup) {
            r.run();
        }
    }

    /** The repository and what it published, on a fresh server with notifications off (as Redis starts). */
    record Wired(RedisIndexedSessionRepository repository, List<AbstractSessionEvent> events) {}

    private Wired wire(Target server) {
        LettuceConnectionFactory f = new LettuceConnectionFactory(new RedisStandaloneConfiguration(server.host(), server.port()));
        f.afterPropertiesSet();
        f.start();
        cleanup.add(f::destroy);
        try (RedisConnection c = f.getConnection()) {
            c.serverCommands().setConfig("notify-keyspace-events", "");
            new ConfigureNotifyKeyspaceEventsAction().configure(c);
            assertEquals("gxE", c.serverCommands().getConfig("notify-keyspace-events").getProperty("notify-keyspace-events"),
                    "what Spring Session's action leaves configured");
        }
        RedisTemplate<String, Object> ops = new RedisTemplate<>();
        ops.setConnectionFactory(f);
        ops.setKeySerializer(new StringRedisSerializer());
        ops.setHashKeySerializer(new StringRedisSerializer());
        ops.setDefaultSerializer(new JdkSerializationRedisSerializer());
        ops.afterPropertiesSet();
        RedisIndexedSessionRepository repository = new RedisIndexedSessionRepository(ops);
        List<AbstractSessionEvent> events = new CopyOnWriteArrayList<>();
        repository.setApplicationEventPublisher(e -> {
            if (e instanceof AbstractSessionEvent s) {
                events.add(s);
            }
        });
        repository.afterPropertiesSet();
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(f);
        container.addMessageListener(repository, List.of(new ChannelTopic(repository.getSessionDeletedChannel()),
                new ChannelTopic(repository.getSessionExpiredChannel())));
        container.addMessageListener(repository, List.of(new PatternTopic(repository.getSessionCreatedChannelPrefix() + "*")));
        container.afterPropertiesSet();
        container.start(); // returns once subscribed
        cleanup.add(() -> {
            try {
                container.destroy();
                repository.destroy();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return new Wired(repository, events);
    }

    /** Waits (bounded) until {@code events} holds an event of {@code type} for {@code sessionId}. */
    private static <T extends AbstractSessionEvent> T awaitEvent(List<AbstractSessionEvent> events, Class<T> type,
                                                                 String sessionId, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            for (AbstractSessionEvent e : events) {
                if (type.isInstance(e) && e.getSessionId().equals(sessionId)) {
                    return type.cast(e);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + type.getSimpleName() + " for session " + sessionId + " within " + within
                + "; events: " + events);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void createFindByPrincipalAndDelete(Target server) throws Exception {
        Wired w = wire(server);
        RedisIndexedSessionRepository.RedisSession s = w.repository.createSession();
        s.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "alice");
        s.setAttribute("cart", "3 items");
        w.repository.save(s);
        awaitEvent(w.events, SessionCreatedEvent.class, s.getId(), Duration.ofSeconds(10));

        assertEquals("3 items", w.repository.findById(s.getId()).getAttribute("cart"));
        Map<String, RedisIndexedSessionRepository.RedisSession> byPrincipal = w.repository.findByIndexNameAndIndexValue(
                FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "alice");
        assertEquals(List.of(s.getId()), List.copyOf(byPrincipal.keySet()));

        w.repository.deleteById(s.getId());
        // Known only from the del event of the session's "expires" key.
        awaitEvent(w.events, SessionDeletedEvent.class, s.getId(), Duration.ofSeconds(10));
        assertNull(w.repository.findById(s.getId()));
        assertTrue(w.repository.findByIndexNameAndIndexValue(
                FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "alice").isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void anIdleSessionExpiresAndIsAnnounced(Target server) throws Exception {
        Wired w = wire(server);
        w.repository.setDefaultMaxInactiveInterval(Duration.ofSeconds(1));
        RedisIndexedSessionRepository.RedisSession s = w.repository.createSession();
        s.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "bob");
        w.repository.save(s);
        assertNotNull(w.repository.findById(s.getId()));

        server.elapse(Duration.ofMillis(1500));
        // The session's "expires" key is gone by now; the repository learns it from the expired event,
        // which Redis sends when its expiry cycle (or a read) finds the key past its deadline.
        SessionExpiredEvent e = awaitEvent(w.events, SessionExpiredEvent.class, s.getId(), Duration.ofSeconds(10));
        assertEquals(s.getId(), e.getSessionId());
        // Handling the event removed the session from the principal index (SREM), on both servers.
        assertTrue(w.repository.findByIndexNameAndIndexValue(
                FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "bob").isEmpty());
        // The session hash outlives the idle deadline by five minutes, and findById decides by the
        // application's own clock (MapSession.isExpired() reads Instant.now()), which the double's virtual
        // time does not move: wait until that clock is past the idle deadline too (at once on real Redis,
        // where the test slept).
        long waitMs = Duration.between(Instant.now(), s.getLastAccessedTime().plus(Duration.ofSeconds(1))).toMillis();
        if (waitMs >= 0) {
            Thread.sleep(waitMs + 1);
        }
        assertNull(w.repository.findById(s.getId()));
    }
}
