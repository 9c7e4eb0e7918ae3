package io.redisdouble.kit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Scales one property's tries relative to its family's (e.g. a property that waits for real time
 * to pass runs fewer cases).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface TriesFactor {
    double value();
}
