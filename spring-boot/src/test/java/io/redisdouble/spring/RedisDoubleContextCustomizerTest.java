package io.redisdouble.spring;

import io.redisdouble.RedisDouble;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.test.context.ContextCustomizer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The factory's answers (which become Spring's context cache key) and the double's life with its context. */
class RedisDoubleContextCustomizerTest {
    private final RedisDoubleContextCustomizerFactory factory = new RedisDoubleContextCustomizerFactory();

    private ContextCustomizer customizerFor(Class<?> testClass) {
        return factory.createContextCustomizer(testClass, List.of());
    }

    static class Plain {}

    @AutoConfigureRedisDouble(manualTime = true)
    static class ManualA {}

    @AutoConfigureRedisDouble(manualTime = true)
    static class ManualB {}

    @AutoConfigureRedisDouble(version = "7.2.6", manualTime = true)
    static class ManualFullVersion {}

    @AutoConfigureRedisDouble
    static class Flowing {}

    static class InheritsManual extends ManualA {}

    @Retention(RetentionPolicy.RUNTIME)
    @AutoConfigureRedisDouble(version = "6.2", requirepass = "pw")
    @interface LegacyRedisTest {}

    @LegacyRedisTest
    static class ViaMetaAnnotation {}

    @AutoConfigureRedisDouble(version = "5.0")
    static class UnknownVersion {}

    @AutoConfigureRedisDouble(version = "6.2")
    static class Outer {
        @Nested
        class Inner {}
    }

    @Test
    void noAnnotationNoDouble() {
        assertNull(customizerFor(Plain.class));
    }

    @Test
    void sameSettingsShareAContextAndItsDouble() {
        assertEquals(customizerFor(ManualA.class), customizerFor(ManualB.class));
        assertEquals(customizerFor(ManualA.class).hashCode(), customizerFor(ManualB.class).hashCode());
        assertEquals(customizerFor(ManualA.class), customizerFor(ManualFullVersion.class), "7.2 and 7.2.6 are one dialect");
        assertEquals(customizerFor(ManualA.class), customizerFor(InheritsManual.class));
        assertNotEquals(customizerFor(ManualA.class), customizerFor(Flowing.class));
        assertNotEquals(customizerFor(Flowing.class), customizerFor(Outer.class));
    }

    @Test
    void metaAnnotationAndEnclosingClassCarryTheirSettings() {
        assertEquals(new RedisDoubleContextCustomizer(io.redisdouble.dialect.Dialect.parse("6.2"), false, "pw"),
                customizerFor(ViaMetaAnnotation.class));
        assertEquals(customizerFor(Outer.class), customizerFor(Outer.Inner.class));
    }

    @Test
    void unknownVersionNamesTheTestClassAndTheSupportedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> customizerFor(UnknownVersion.class));
        assertTrue(e.getMessage().startsWith("@AutoConfigureRedisDouble(version = \"5.0\") on "
                + UnknownVersion.class.getName() + ": unsupported Redis version '5.0' (supported: "), e.getMessage());
    }

    /**
     * The double is a bean of the context, reachable before and during the destruction of the
     * context's other beans, and closed with the context.
     */
    @Test
    void doubleLivesAndDiesWithItsContext() {
        AtomicReference<String> pingAtBeanDestruction = new AtomicReference<>();
        GenericApplicationContext context = new GenericApplicationContext();
        customizerFor(Flowing.class).customizeContext(context, null);
        context.registerBean("client", AutoCloseable.class, () -> () -> {
            RedisDouble server = context.getBean(RedisDouble.class);
            try (Jedis jedis = new Jedis(server.host(), server.port())) {
                pingAtBeanDestruction.set(jedis.ping());
            }
        });
        context.refresh();

        RedisDouble server = context.getBean(RedisDouble.class);
        assertSame(server, context.getBean(RedisDoubleContextCustomizer.DOUBLE_BEAN));
        DataRedisConnectionDetails details = context.getBean(DataRedisConnectionDetails.class);
        assertEquals(server.port(), details.getStandalone().getPort());
        assertNull(details.getPassword());
        assertNull(details.getCluster());
        try (Jedis jedis = new Jedis(server.host(), server.port())) {
            assertEquals("PONG", jedis.ping());
        }

        context.close();
        assertEquals("PONG", pingAtBeanDestruction.get());
        assertTrue(server.isClosed());
        try (Jedis jedis = new Jedis(server.host(), server.port())) {
            assertThrows(JedisConnectionException.class, jedis::ping);
        }
    }

    @Test
    void aContextThatFailsToStartClosesItsDouble() {
        GenericApplicationContext context = new GenericApplicationContext();
        customizerFor(Flowing.class).customizeContext(context, null);
        RedisDouble server = context.getBeanFactory().getBean(RedisDouble.class);
        assertEquals("PONG", server.command("PING"));
        context.registerBean("broken", String.class, () -> {
            throw new IllegalStateException("broken bean");
        });
        assertThrows(RuntimeException.class, context::refresh);
        assertTrue(server.isClosed());
    }
}
