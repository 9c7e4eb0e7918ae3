package io.redisdouble;

import io.redisdouble.tls.Pem;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The TLS side of a running {@link RedisDouble} ({@link RedisDouble#tls()}): its TLS port and the
 * certificates a client needs. When the builder or {@code @RedisDoubleTest(tls = true)} generated them,
 * there are a CA, the server's certificate and a client certificate signed by that CA (so that the
 * default {@code tls-auth-clients yes} can be met); {@link #sslContext()} trusts the CA and presents the
 * client certificate, ready for Jedis ({@link #socketFactory()}), Lettuce (the PEM files) or redis-cli
 * ({@code --tls --cacert <caCertFile> --cert <clientCertFile> --key <clientKeyFile>}).
 * The files are those the server started with (a later CONFIG SET of tls-cert-file and the like is not
 * reflected here).
 */
public final class RedisTls {
    private final String host;
    private final int port;
    private final Path caCert, cert, key, clientCert, clientKey;

    RedisTls(String host, int port, Path caCert, Path cert, Path key, Path clientCert, Path clientKey) {
        this.host = host;
        this.port = port;
        this.caCert = caCert;
        this.cert = cert;
        this.key = key;
        this.clientCert = clientCert;
        this.clientKey = clientKey;
    }

    /** The TLS port (redis-server's tls-port). */
    public int port() {
        return port;
    }

    /** {@code rediss://host:tlsPort}. */
    public URI uri() {
        return URI.create("rediss://" + host + ":" + port);
    }

    /** tls-ca-cert-file: the CA that signed the server's certificate and the clients' (null if none was given). */
    public Path caCertFile() {
        return caCert;
    }

    /** tls-cert-file: the server's certificate (chain), PEM. */
    public Path certFile() {
        return cert;
    }

    /** tls-key-file: the server's private key, PEM. */
    public Path keyFile() {
        return key;
    }

    /** The generated client certificate (PEM), or null when the certificates were given, not generated. */
    public Path clientCertFile() {
        return clientCert;
    }

    /** The generated client certificate's private key (PKCS#8 PEM), or null when not generated. */
    public Path clientKeyFile() {
        return clientKey;
    }

    /** True when the certificates were generated at start (deleted again when the server closes). */
    public boolean generated() {
        return clientCert != null;
    }

    /**
     * The certificates a client should trust: those of {@link #caCertFile()}, or the server's own chain
     * when no CA file was given.
     */
    public KeyStore trustStore() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            List<X509Certificate> certs = Pem.certificates(caCert != null ? caCert : cert);
            for (int i = 0; i < certs.size(); i++) ks.setCertificateEntry("redis-double-" + i, certs.get(i));
            return ks;
        } catch (Pem.BadFile | GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot read the TLS certificates: " + e.getMessage(), e);
        }
    }

    /**
     * A client-side SSLContext: trusts {@link #trustStore()} and presents the generated client
     * certificate, if any.
     */
    public SSLContext sslContext() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore());
            KeyManagerFactory kmf = null;
            if (clientCert != null) {
                char[] pass = new char[0];
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("client", Pem.privateKey(clientKey), pass,
                        Pem.certificates(clientCert).toArray(new X509Certificate[0]));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, pass);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (Pem.BadFile | GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build a client TLS context: " + e.getMessage(), e);
        }
    }

    /** {@code sslContext().getSocketFactory()}, e.g. for Jedis's {@code sslSocketFactory}. */
    public SSLSocketFactory socketFactory() {
        return sslContext().getSocketFactory();
    }
}
