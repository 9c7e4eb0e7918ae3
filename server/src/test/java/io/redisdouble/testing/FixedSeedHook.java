package io.redisdouble.testing;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Gives every jqwik property of the server module its fixed seed ({@link Seeds#seedFor}) unless the
 * property names one itself. Registered for all properties through
 * META-INF/services/net.jqwik.api.lifecycle.LifecycleHook.
 */
public final class FixedSeedHook implements AroundPropertyHook {
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        if (context.attributes().seed().isEmpty()) {
            String seed = Seeds.seedFor(context.containerClass().getName() + "." + context.targetMethod().getName());
            if (seed != null) context.attributes().setSeed(seed);
        }
        return property.execute();
    }
}
