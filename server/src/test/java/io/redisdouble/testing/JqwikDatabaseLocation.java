package io.redisdouble.testing;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * jqwik writes its database (the seeds of failed properties) under target/, not as a stray
 * {@code .jqwik-database} in the module folder (issue #19 item 6): a module's pom gives Surefire the
 * system property {@code jqwik.database}, which JUnit's launcher passes on to jqwik as a configuration
 * parameter (here as in Surefire's own run). Each module that runs jqwik checks it with
 * {@link #assertDatabaseUnderTarget()} (its JqwikDatabaseLocationTest).
 */
public final class JqwikDatabaseLocation {
    private JqwikDatabaseLocation() {}

    /** Run by the launcher below, not by Surefire (its name does not end in Test). */
    public static class Sample {
        @Property(tries = 3)
        boolean anything(@ForAll int i) {
            return i == i;
        }
    }

    /** Runs a property through the launcher in the current module and checks where jqwik wrote. */
    public static void assertDatabaseUnderTarget() throws IOException {
        Path stray = Path.of(".jqwik-database"), wanted = Path.of("target", "jqwik-database").toAbsolutePath();
        Files.deleteIfExists(stray); // left by an earlier run without the setting: it must not come back
        Files.deleteIfExists(wanted);
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request().selectors(selectClass(Sample.class)).build(), summary);
        assertEquals(1, summary.getSummary().getTestsSucceededCount(), () -> summary.getSummary().getFailures().toString());
        assertFalse(Files.exists(stray), "jqwik wrote " + stray.toAbsolutePath());
        assertTrue(Files.exists(wanted), "jqwik did not write " + wanted.toAbsolutePath());
    }
}
