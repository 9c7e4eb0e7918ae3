package io.redisdouble.spring;

import io.redisdouble.dialect.Dialect;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

import java.util.List;

/**
 * Registered in {@code META-INF/spring.factories}: Spring's test framework asks it, for every test
 * class, whether the context needs a redis-double, and it answers with a customizer only for classes
 * carrying {@link AutoConfigureRedisDouble} (directly, as a meta-annotation, inherited or on an
 * enclosing class of a {@code @Nested} test). The customizer takes part in the context cache key, so
 * classes with the same settings share one context and one double.
 */
public final class RedisDoubleContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        AutoConfigureRedisDouble a = TestContextAnnotationUtils.findMergedAnnotation(testClass, AutoConfigureRedisDouble.class);
        if (a == null) return null;
        Dialect dialect;
        try {
            dialect = Dialect.parse(a.version());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("@AutoConfigureRedisDouble(version = \"" + a.version() + "\") on "
                    + testClass.getName() + ": " + e.getMessage(), e);
        }
        if (a.clusterMasters() < 0 || a.clusterReplicasPerMaster() < 0 || (a.clusterReplicasPerMaster() > 0 && a.clusterMasters() == 0)) {
            throw new IllegalArgumentException("@AutoConfigureRedisDouble(clusterMasters = " + a.clusterMasters()
                    + ", clusterReplicasPerMaster = " + a.clusterReplicasPerMaster() + ") on " + testClass.getName()
                    + ": clusterMasters must be 0 (one double) or more, and replicas need masters");
        }
        return new RedisDoubleContextCustomizer(dialect, a.manualTime(), a.requirepass().isEmpty() ? null : a.requirepass(),
                a.clusterMasters(), a.clusterReplicasPerMaster(), a.tls());
    }
}
