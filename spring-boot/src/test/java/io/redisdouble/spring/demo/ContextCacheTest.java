package io.redisdouble.spring.demo;

import io.redisdouble.RedisDouble;
import io.redisdouble.spring.AutoConfigureRedisDouble;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext.HierarchyMode;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestContextManager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spring's own context cache, driven as the test framework drives it: test classes with the same
 * settings get the same context and so the same double; other settings, another context and double;
 * a context removed from the cache (what {@code @DirtiesContext} does) closes its double.
 */
class ContextCacheTest {

    @SpringBootTest
    @AutoConfigureRedisDouble(version = "7.4", manualTime = true)
    static class First {}

    @SpringBootTest
    @AutoConfigureRedisDouble(version = "7.4", manualTime = true)
    static class Second {}

    @SpringBootTest
    @AutoConfigureRedisDouble(version = "7.4")
    static class FlowingTime {}

    private static TestContext testContext(Class<?> testClass) {
        return new TestContextManager(testClass).getTestContext();
    }

    private static RedisDouble doubleOf(TestContext testContext) {
        return testContext.getApplicationContext().getBean(RedisDouble.class);
    }

    @Test
    void oneDoublePerCachedContext() {
        TestContext first = testContext(First.class);
        RedisDouble shared = doubleOf(first);
        assertSame(shared, doubleOf(testContext(Second.class)));
        assertEquals("7.4.1", shared.dialect().full());
        assertTrue(shared.time().isManual());

        TestContext flowing = testContext(FlowingTime.class);
        RedisDouble other = doubleOf(flowing);
        assertNotSame(shared, other);
        assertFalse(other.time().isManual());

        flowing.markApplicationContextDirty(HierarchyMode.EXHAUSTIVE);
        assertTrue(other.isClosed());
        assertFalse(shared.isClosed());
        first.markApplicationContextDirty(HierarchyMode.EXHAUSTIVE);
        assertTrue(shared.isClosed());
    }
}
