package io.redisdouble.kit;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints the {@link KitReport} when the test run ends. Registered through
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}, so it runs under
 * Maven, an IDE or the console launcher alike; the nested runs of evidence tests are not reported.
 */
public final class KitReportListener implements TestExecutionListener {

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (!KitTarget.isEvidenceRun()) {
            KitReport.printAndWrite();
        }
    }
}
