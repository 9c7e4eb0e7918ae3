package io.redisdouble.kit;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Applied to every property of a {@link Family} class: sets its tries from
 * {@code -Dconformance.tries} × the family weight × the method's {@link TriesFactor} (unless the
 * property names its tries itself), fixes its seed ({@link KitReport#seedFor}: fixed in CI,
 * {@code -Dkit.seed=random} for fresh ones), and records what ran in the {@link KitReport}.
 */
public final class KitHook implements AroundPropertyHook {

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        Family family = context.containerClass().getAnnotation(Family.class);
        String name = family != null ? family.value() : context.containerClass().getSimpleName();
        if (!KitTarget.isEvidenceRun() && context.attributes().tries().isEmpty()) {
            double w = family != null ? family.weight() : 1.0;
            TriesFactor f = context.targetMethod().getAnnotation(TriesFactor.class);
            if (f != null) {
                w *= f.value();
            }
            context.attributes().setTries(Math.max(1, (int) Math.round(KitReport.baseTries() * w)));
        }
        if (context.attributes().seed().isEmpty()) {
            String seed = KitReport.seedFor(context.containerClass().getName() + "." + context.targetMethod().getName());
            if (seed != null) {
                context.attributes().setSeed(seed);
            }
        }
        KitReport.Entry entry = KitReport.begin(name,
                context.containerClass().getSimpleName() + "." + context.targetMethod().getName());
        long t0 = System.nanoTime();
        PropertyExecutionResult result;
        KitTarget.activeOwner = context.testInstance();
        try {
            result = property.execute();
        } finally {
            KitTarget.activeOwner = null;
            KitReport.endCurrent();
        }
        entry.finish(result, System.nanoTime() - t0);
        return result;
    }

    @Override
    public int aroundPropertyProximity() {
        return -100; // outermost: the time measured includes everything else
    }
}
