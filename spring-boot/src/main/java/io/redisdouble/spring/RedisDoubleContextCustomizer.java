package io.redisdouble.spring;

import io.redisdouble.RedisCluster;
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
 * @param clusterMasters 0 for one double, else the masters of an emulated cluster
 * @param clusterReplicasPerMaster the cluster's replicas per master
 * @param tls a double serving TLS only, with generated certificates
 */
record RedisDoubleContextCustomizer(Dialect dialect, boolean manualTime, String requirepass, int clusterMasters,
                                    int clusterReplicasPerMaster, boolean tls) implements ContextCustomizer {

    RedisDoubleContextCustomizer(Dialect dialect, boolean manualTime, String requirepass) {
        this(dialect, manualTime, requirepass, 0, 0, false);
    }

    /** Bean name of the running {@link RedisDouble}. */
    static final String DOUBLE_BEAN = "redisDouble";
    /** Bean name of the running {@link RedisCluster} (with {@code clusterMasters}). */
    static final String CLUSTER_BEAN = "redisDoubleCluster";
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
        if (clusterMasters > 0) {
            startCluster(context, builder);
            return;
        }
        if (tls) builder.tlsOnly();
        RedisDouble server = builder.start();
        try {
            RedisDoubleConnection.Tls files = tls ? new RedisDoubleConnection.Tls(server.tls().caCertFile(),
                    server.tls().clientCertFile(), server.tls().clientKeyFile()) : null;
            RedisDoubleConnection connection = new RedisDoubleConnection.Standalone(server.host(), server.port(), database,
                    requirepass, files);
            ConfigurableListableBeanFactory beans = context.getBeanFactory();
            beans.registerSingleton(DOUBLE_BEAN, server);
            closeWithContext(context, beans, DOUBLE_BEAN, server::close);
            wire(context, connection);
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    /** An emulated cluster of the settings' masters and replicas, its masters given to Boot as cluster nodes. */
    private void startCluster(ConfigurableApplicationContext context, RedisDouble.Builder like) {
        RedisCluster.Builder b = RedisCluster.builder().like(like).masters(clusterMasters).replicasPerMaster(clusterReplicasPerMaster);
        if (tls) b.tls(); // TLS ports beside the plain ones (tls-cluster yes): Boot is given the TLS ones
        RedisCluster cluster = b.start();
        try {
            java.util.List<String> nodes = cluster.masters().stream().map(n -> n.host() + ":" + (tls ? n.tlsPort() : n.port())).toList();
            RedisDoubleConnection.Tls files = tls ? new RedisDoubleConnection.Tls(cluster.tls().caCertFile(),
                    cluster.tls().clientCertFile(), cluster.tls().clientKeyFile()) : null;
            ConfigurableListableBeanFactory beans = context.getBeanFactory();
            beans.registerSingleton(CLUSTER_BEAN, cluster);
            closeWithContext(context, beans, CLUSTER_BEAN, cluster::close);
            wire(context, new RedisDoubleConnection.Cluster(nodes, requirepass, files));
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** The connection's properties first among the property sources, and Boot's connection details. */
    private static void wire(ConfigurableApplicationContext context, RedisDoubleConnection connection) {
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, connection.properties()));
        if (ClassUtils.isPresent(BOOT_DETAILS, context.getClassLoader())) {
            context.getBeanFactory().registerSingleton(DETAILS_BEAN, new RedisDoubleConnectionDetails(connection));
        }
    }

    private static void closeWithContext(ConfigurableApplicationContext context, ConfigurableListableBeanFactory beans,
                                         String name, Runnable close) {
        if (beans instanceof DefaultSingletonBeanRegistry registry) {
            // Disposable beans are destroyed in reverse order of registration: this one, registered
            // before any other, goes last, once the clients are gone.
            registry.registerDisposableBean(name, close::run);
        } else {
            context.addApplicationListener(event -> {
                if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) close.run();
            });
        }
    }
}
