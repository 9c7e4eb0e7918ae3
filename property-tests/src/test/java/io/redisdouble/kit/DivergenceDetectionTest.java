package io.redisdouble.kit;

import io.redisdouble.RedisDouble;
import io.redisdouble.dialect.Dialect;
import io.redisdouble.testing.ReferenceRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Evidence that the kit fails when behaviour differs. The kit's own properties are run through
 * jqwik (JUnit Platform launcher, in this JVM) against deliberately divergent servers:
 * <ul>
 *   <li>a second real Redis 7.0.15 behind a {@link ReplyRewritingProxy} that rewrites float
 *       formatting, integer replies or an error text — and, as the control, the same proxy without
 *       rewriting, which must pass;</li>
 *   <li>redis-double emulating 6.2 against real 7.0.15: the unknown-command error is worded
 *       differently, and the failure must show exactly that.</li>
 * </ul>
 * Each divergent run must fail with a {@link Divergence} whose reproducer was shrunk to a few
 * commands; the reproducers are printed.
 */
class DivergenceDetectionTest {

    static ReferenceRedis reference;
    static ReferenceRedis second;

    @BeforeAll
    static void servers() {
        reference = ReferenceRedis.forVersion("7.0");
        second = ReferenceRedis.startBundled("7.0");
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
    }

    static Endpoint endpoint(ReferenceRedis r) {
        return new Endpoint(r.host(), r.port(), r.username(), r.password());
    }

    /** Runs one property method of the kit against {@code target}; returns its failure or null. */
    static Throwable runProperty(KitTarget target, Class<?> container, String method, int tries) throws IOException {
        Method m = Arrays.stream(container.getDeclaredMethods())
                .filter(x -> x.getName().equals(method) && x.isAnnotationPresent(net.jqwik.api.Property.class))
                .findFirst().orElseThrow();
        Path db = Files.createTempFile("kit-evidence", ".jqwik");
        Files.delete(db);
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectMethod(container, m))
                .filters(EngineFilter.includeEngines("jqwik"))
                .configurationParameter("jqwik.tries.default", Integer.toString(tries))
                .configurationParameter("jqwik.database", db.toString())
                .configurationParameter("jqwik.reporting.onlyfailures", "true")
                .build();
        List<Throwable> failures = new ArrayList<>();
        int[] tests = {0};
        KitTarget.runWith(target, () -> {
            Launcher launcher = LauncherFactory.create();
            launcher.execute(request, new TestExecutionListener() {
                @Override
                public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                    if (id.isTest()) {
                        tests[0]++;
                        if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                            failures.add(result.getThrowable().orElse(new AssertionError(result.toString())));
                        }
                    }
                }
            });
        });
        Files.deleteIfExists(db);
        assertTrue(tests[0] == 1, "expected exactly one property to run, ran " + tests[0]);
        return failures.isEmpty() ? null : failures.get(0);
    }

    static Divergence divergenceIn(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof Divergence d) {
                return d;
            }
        }
        throw new AssertionError("the property failed, but not with a divergence", t);
    }

    KitTarget proxied(ReplyRewritingProxy proxy, String what) {
        return KitTarget.evidence("Redis 7.0.15 behind a proxy that " + what, reference.version(),
                endpoint(reference), proxy.endpoint(), Dialect.REDIS_7_0);
    }

    Divergence caughtThroughProxy(UnaryOperator<RespFrame> rewrite, String what, Class<?> container, String method,
                                  int tries) throws IOException {
        try (ReplyRewritingProxy proxy = new ReplyRewritingProxy(endpoint(second), rewrite)) {
            Throwable failure = runProperty(proxied(proxy, what), container, method, tries);
            assertNotNull(failure, container.getSimpleName() + "." + method + " did not notice a server that " + what);
            Divergence d = divergenceIn(failure);
            System.out.println("[evidence] a server that " + what + " is caught by " + container.getSimpleName() + "."
                    + method + ":\n" + d.getMessage());
            return d;
        }
    }

    @Test
    void aTransparentProxyPasses() throws IOException {
        try (ReplyRewritingProxy proxy = new ReplyRewritingProxy(endpoint(second), ReplyRewritingProxy.identity())) {
            KitTarget t = proxied(proxy, "changes nothing");
            assertNull(runProperty(t, StringsProperties.class, "counters", 60));
            assertNull(runProperty(t, SortedSetProperties.class, "addAndScore", 60));
            assertNull(runProperty(t, KeysProperties.class, "keyspace", 60));
        }
    }

    @Test
    void floatFormattingIsCaught() throws IOException {
        Divergence d = caughtThroughProxy(ReplyRewritingProxy.shortestDoubles(),
                "formats doubles as the shortest round trip (1.1 instead of 1.1000000000000001)",
                SortedSetProperties.class, "addAndScore", 300);
        assertTrue(d.reproducer().size() <= 3, "not shrunk: " + d.reproducer());
        assertTrue(d.getMessage().matches("(?s).*redis: .*[0-9]\\.[0-9]{12,}.*"), d.getMessage());
    }

    @Test
    void integerRepliesAreCaught() throws IOException {
        Divergence d = caughtThroughProxy(ReplyRewritingProxy.integers(1, 2), "answers :2 where Redis answers :1",
                KeysProperties.class, "keyspace", 200);
        assertTrue(d.reproducer().size() <= 2, "not shrunk: " + d.reproducer());
        assertTrue(d.getMessage().contains(":2\\r\\n"), d.getMessage());
    }

    @Test
    void errorTextsAreCaught() throws IOException {
        Divergence d = caughtThroughProxy(ReplyRewritingProxy.errorText("ERR syntax error", "ERR Syntax error"),
                "capitalises 'ERR syntax error'", StringsProperties.class, "setAndGet", 300);
        assertTrue(d.reproducer().size() <= 2, "not shrunk: " + d.reproducer());
        assertTrue(d.getMessage().contains("-ERR Syntax error"), d.getMessage());
    }

    @Test
    void emulatingAnotherVersionIsCaught() throws IOException {
        try (RedisDouble v62 = RedisDouble.builder().version("6.2").start()) {
            KitTarget wrong = KitTarget.evidence("real 7.0.15 vs redis-double emulating 6.2", reference.version(),
                    endpoint(reference), Endpoint.of(v62.host(), v62.port()), Dialect.REDIS_6_2);
            Throwable failure = runProperty(wrong, EvidenceCases.class, "unknownCommandsOnly", 100);
            assertNotNull(failure, "redis-double emulating 6.2 passed for Redis 7.0.15");
            Divergence d = divergenceIn(failure);
            System.out.println("[evidence] redis-double emulating 6.2 against Redis 7.0.15:\n" + d.getMessage());
            assertTrue(d.reproducer().size() <= 2, "not shrunk: " + d.reproducer());
            assertTrue(d.getMessage().contains("ERR unknown command `"), d.getMessage());

        }
    }
}
