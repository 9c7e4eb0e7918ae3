package io.redisdouble.kit;

import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.PropagationMode;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a property class as the kit's properties for one command family. The conformance report
 * counts cases, commands and divergences per family, and the family's {@link #weight()} scales the
 * number of tries: {@code tries = conformance.tries × weight} (at least 1).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@AddLifecycleHook(value = KitHook.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
public @interface Family {
    /** The family's name in the report, e.g. "strings". */
    String value();

    /** Tries of each property of the family relative to {@code conformance.tries}. */
    double weight() default 1.0;
}
