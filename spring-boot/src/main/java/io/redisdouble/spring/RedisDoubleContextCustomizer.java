package io.redisdouble.spring;

import io.redisdouble.RedisDouble;
import io.redisdouble.dialect.Dialect;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.util.ClassUtils;

/**
 * Starts one redis-double for an application context and wires it in (see {@link AutoConfigureRedisDouble}).
 * A record: its settings are its identity in Spring's context cache.
 *
 * @param dialect the server to emulate
 * @param manualTime frozen time
 * @param requirepass password, or null
 */
record RedisDoubleContextCustomizer(Dialect dialect, boolean manualTime, String requirepass) implements ContextCustomizer {

    /** Bean name of the running {@link RedisDouble}. */
    static final String DOUBLE_BEAN = "redisDouble";
    /** Bean name of Boot's connection details for it. */
    static final String DETAILS_BEAN = "redisDoubleConnectionDetails";
    /** Name of the property source with {@code spring.data.redis.*}. */
    static final String PROPERTY_SOURCE = "redisDouble";

    private static final String BOOT_DETAILS = "org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails";

    /**
     * Runs while the context is prepared (after the application's own configuration is loaded into the
     * environment, before any bean exists): starts the double, puts its properties first, and registers
     * it and Boot's connection details as singletons. The double is closed when the context closes,
     * after the beans registered later (connection factories, listeners), which are destroyed first.
     */
    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
        ConfigurableEnvironment env = context.getEnvironment();
        int database = env.getProperty("spring.data.redis.database", Integer.class, 0);

        RedisDouble.Builder builder = RedisDouble.builder().dialect(dialect);
        if (manualTime) builder.manualTime();
        if (requirepass != null) builder.requirepass(requirepass);
        RedisDouble server = builder.start();
        try {
            // Extension point: an emulated cluster gives a cluster RedisDoubleConnection here.
            RedisDoubleConnection connection = new RedisDoubleConnection.Standalone(server.host(), server.port(), database, requirepass);
            env.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, connection.properties()));

            ConfigurableListableBeanFactory beans = context.getBeanFactory();
            beans.registerSingleton(DOUBLE_BEAN, server);
            closeWithContext(context, beans, server);
            if (ClassUtils.isPresent(BOOT_DETAILS, context.getClassLoader())) {
                beans.registerSingleton(DETAILS_BEAN, new RedisDoubleConnectionDetails(connection));
            }
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    private static void closeWithContext(ConfigurableApplicationContext context, ConfigurableListableBeanFactory beans, RedisDouble server) {
        if (beans instanceof DefaultSingletonBeanRegistry registry) {
            // Disposable beans are destroyed in reverse order of registration: this one, registered
            // before any other, goes last, once the clients are gone.
            registry.registerDisposableBean(DOUBLE_BEAN, server::close);
        } else {
            context.addApplicationListener(event -> {
                if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) server.close();
            });
        }
    }
}
