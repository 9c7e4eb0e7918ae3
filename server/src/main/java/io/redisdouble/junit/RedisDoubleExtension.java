package io.redisdouble.junit;

import io.redisdouble.RedisCluster;
import io.redisdouble.RedisDouble;
import io.redisdouble.RedisTls;
import io.redisdouble.dialect.Dialect;
import io.redisdouble.fault.Faults;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

import java.net.URI;
import java.util.function.Supplier;

/**
 * JUnit 5 extension behind {@link RedisDoubleTest}. Also usable programmatically:
 * <pre>{@code
 * @RegisterExtension
 * static RedisDoubleExtension redis = RedisDoubleExtension.builder().version("6.2").manualTime().build();
 * ... redis.server().port() ...
 * }</pre>
 * One server per test class (shared by {@code @Nested} classes), closed when the class is done;
 * before each test: FLUSHALL, the clock reset and every fault removed ({@link RedisDouble#reset()}).
 * Injects {@link RedisDouble}, its {@link URI}, its port ({@link RedisPort} int), its {@link Faults} and,
 * with TLS, its {@link RedisTls}.
 * With {@code clusterMasters}, one emulated cluster instead ({@link RedisCluster}), reset before each test.
 */
public final class RedisDoubleExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RedisDoubleExtension.class);
    private static final String KEY = "server";

    private final Supplier<RedisDouble.Builder> configured;
    private RedisDouble registered; // programmatic form: the server of the class that registered us

    /** Used by {@link RedisDoubleTest}: configuration comes from the annotation. */
    public RedisDoubleExtension() {
        this.configured = null;
    }

    private RedisDoubleExtension(Supplier<RedisDouble.Builder> builder) {
        this.configured = builder;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The running server (programmatic form), available from {@code @BeforeAll} on. */
    public RedisDouble server() {
        if (registered == null) throw new IllegalStateException("redis-double is not started yet");
        return registered;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (clusterFor(context) != null) return;
        RedisDouble r = serverFor(context);
        if (configured != null) registered = r;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        RedisCluster cluster = clusterFor(context);
        if (cluster != null) cluster.reset();
        else serverFor(context).reset();
    }

    /** The class's emulated cluster (clusterMasters above 0), started on first use; null otherwise. */
    private RedisCluster clusterFor(ExtensionContext context) {
        if (configured != null) return null;
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        RedisDoubleTest cfg = classContext.getTestClass()
                .flatMap(c -> AnnotationSupport.findAnnotation(c, RedisDoubleTest.class)).orElse(null);
        if (cfg == null || cfg.clusterMasters() <= 0) return null;
        ExtensionContext.Store store = classContext.getStore(NS);
        ClusterHolder h = store.get(CLUSTER_KEY, ClusterHolder.class);
        if (h == null) {
            RedisCluster.Builder b = RedisDouble.cluster().version(cfg.version()).masters(cfg.clusterMasters())
                    .replicasPerMaster(cfg.clusterReplicasPerMaster());
            if (cfg.manualTime()) b.manualTime();
            if (!cfg.requirepass().isEmpty()) b.requirepass(cfg.requirepass());
            if (cfg.tls()) b.tls(); // TLS ports beside the plain ones (tls-cluster yes); the injected port and URI are TLS
            h = new ClusterHolder(b.start());
            store.put(CLUSTER_KEY, h);
        }
        return h.cluster;
    }

    private static final String CLUSTER_KEY = "cluster";

    /** Closes the cluster when its class's context closes (AutoCloseable too, as JUnit 5.13+ prefers). */
    private static final class ClusterHolder implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final RedisCluster cluster;

        ClusterHolder(RedisCluster cluster) {
            this.cluster = cluster;
        }

        @Override
        public void close() {
            cluster.close();
        }
    }

    private RedisDouble serverFor(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        ExtensionContext.Store store = classContext.getStore(NS);
        Holder h = store.get(KEY, Holder.class); // also finds an enclosing class's server (@Nested)
        if (h == null) {
            h = new Holder(newServer(classContext));
            store.put(KEY, h);
        }
        return h.server;
    }

    private RedisDouble newServer(ExtensionContext context) {
        if (configured != null) return configured.get().start();
        RedisDoubleTest cfg = context.getTestClass()
                .flatMap(c -> AnnotationSupport.findAnnotation(c, RedisDoubleTest.class))
                .orElse(null);
        RedisDouble.Builder b = RedisDouble.builder();
        if (cfg != null) {
            b.version(cfg.version());
            if (cfg.manualTime()) b.manualTime();
            if (!cfg.requirepass().isEmpty()) b.requirepass(cfg.requirepass());
            if (cfg.tls()) b.tlsOnly();
        }
        return b.start();
    }

    @Override
    public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
        Class<?> t = pc.getParameter().getType();
        if (clusterFor(ec) != null) {
            return t == RedisCluster.class || t == URI.class || (t == RedisTls.class && clusterFor(ec).tlsEnabled())
                    || ((t == int.class || t == Integer.class) && pc.isAnnotated(RedisPort.class));
        }
        return t == RedisDouble.class || t == URI.class || t == Faults.class || t == RedisTls.class
                || ((t == int.class || t == Integer.class) && pc.isAnnotated(RedisPort.class));
    }

    @Override
    public Object resolveParameter(ParameterContext pc, ExtensionContext ec) throws ParameterResolutionException {
        Class<?> t = pc.getParameter().getType();
        RedisCluster cluster = clusterFor(ec);
        if (cluster != null) {
            if (t == RedisCluster.class) return cluster;
            if (t == RedisTls.class) return cluster.tls();
            RedisCluster.Node first = cluster.masters().get(0);
            if (cluster.tlsEnabled()) {
                return t == URI.class ? URI.create("rediss://" + first.host() + ":" + first.tlsPort()) : first.tlsPort();
            }
            return t == URI.class ? first.uri() : first.port();
        }
        RedisDouble r = serverFor(ec);
        if (t == RedisDouble.class) return r;
        if (t == URI.class) return r.uri();
        if (t == Faults.class) return r.faults();
        if (t == RedisTls.class) return r.tls();
        return r.port();
    }

    /**
     * Closes the server when its class's context closes. AutoCloseable is what JUnit 5.13+ closes (it
     * warns "Type implements CloseableResource but not AutoCloseable" for a value that is only the
     * older interface); CloseableResource is kept for JUnit 5.12 and older, which close only that one.
     * JUnit closes such a value once, through whichever interface it uses.
     */
    @SuppressWarnings("deprecation")
    private static final class Holder implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        final RedisDouble server;

        Holder(RedisDouble server) {
            this.server = server;
        }

        @Override
        public void close() {
            server.close();
        }
    }

    /** Configuration for the programmatic form. */
    public static final class Builder {
        private String version = "7.0";
        private boolean manualTime;
        private String requirepass;
        private boolean tls;

        private Builder() {}

        /** TLS only, with generated certificates, as {@code @RedisDoubleTest(tls = true)}. */
        public Builder tls() {
            this.tls = true;
            return this;
        }

        /** "7.0" (default), "6.2", "7.2", "7.4", "8.0" or "valkey-8.0" (also "7.0.15", "7"…); anything else is refused at once, listing the supported ones. */
        public Builder version(String v) {
            Dialect.parse(v);
            this.version = v;
            return this;
        }

        public Builder manualTime() {
            this.manualTime = true;
            return this;
        }

        public Builder requirepass(String p) {
            this.requirepass = p;
            return this;
        }

        public RedisDoubleExtension build() {
            String v = version;
            boolean manual = manualTime;
            String pw = requirepass;
            boolean withTls = tls;
            return new RedisDoubleExtension(() -> {
                RedisDouble.Builder b = RedisDouble.builder().version(v);
                if (manual) b.manualTime();
                if (withTls) b.tlsOnly();
                if (pw != null) b.requirepass(pw);
                return b;
            });
        }
    }
}
