package io.redisdouble.junit;

import io.redisdouble.RedisDouble;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * A class using {@link RedisDoubleTest} runs without JUnit printing anything about the extension (issue
 * #19 item 6: JUnit 5.13+ warned "Type implements CloseableResource but not AutoCloseable" for every
 * class, because the server's holder in the extension store implemented only the deprecated interface).
 */
class ExtensionWarningsTest {

    /** Run by the launcher below, not by Surefire (its name does not end in Test). */
    @RedisDoubleTest
    static class Sample {
        @org.junit.jupiter.api.Test
        void ping(RedisDouble redis) {
            assertEquals("PONG", redis.command("PING"));
        }
    }

    @Test
    void aClassUsingTheExtensionLogsNoWarning() {
        List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    String msg = r.getMessage();
                    if (r.getParameters() != null && msg != null) msg = java.text.MessageFormat.format(msg, r.getParameters());
                    warnings.add(r.getLoggerName() + ": " + msg);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger junit = Logger.getLogger("org.junit");
        junit.addHandler(capture);
        try {
            LauncherDiscoveryRequest req = request().selectors(selectClass(Sample.class)).build();
            Launcher launcher = LauncherFactory.create();
            SummaryGeneratingListener summary = new SummaryGeneratingListener();
            launcher.execute(req, summary);
            assertEquals(1, summary.getSummary().getTestsSucceededCount(), () -> summary.getSummary().getFailures().toString());
        } finally {
            junit.removeHandler(capture);
        }
        assertEquals(List.of(), warnings);
    }
}
