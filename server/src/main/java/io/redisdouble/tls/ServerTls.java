package io.redisdouble.tls;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The server side of TLS, configured from the tls-* parameters as redis-server's tlsConfigure does
 * (tls.c): tls-cert-file (a PEM chain), tls-key-file, tls-ca-cert-file (the CAs client certificates
 * must chain to), tls-protocols, tls-ciphersuites (TLSv1.3), tls-prefer-server-ciphers and the session
 * cache settings; the JDK's
 * TLS provider does the rest. tls-auth-clients is read for every accepted connection, as
 * connCreateAcceptedTLS reads it: {@code no} asks for no certificate, {@code optional} verifies one if
 * sent, {@code yes} refuses the handshake without a valid one.
 *
 * <p>{@link #configure} is atomic: on any failure the previous context stays in use, and the reason is
 * the line redis-server logs.
 */
public final class ServerTls {
    private final Function<String, String> config;
    private volatile Context current;

    private record Context(SSLContext ssl, String[] protocols, boolean preferServerCiphers, String[] suites) {}

    /** {@code config} gives a parameter's current value, as CONFIG GET shows it. */
    public ServerTls(Function<String, String> config) {
        this.config = config;
    }

    /** Why TLS could not be configured: the lines redis-server logs (as one message). */
    public static final class Failure extends Exception {
        public Failure(String why) {
            super(why);
        }
    }

    /** tlsConfigure: builds a new context from the parameters and uses it for connections accepted from now on. */
    public void configure() throws Failure {
        String cert = nonEmpty("tls-cert-file"), key = nonEmpty("tls-key-file"), ca = nonEmpty("tls-ca-cert-file");
        if (cert == null) throw new Failure("No tls-cert-file configured!");
        if (key == null) throw new Failure("No tls-key-file configured!");
        if (!"no".equals(config.apply("tls-auth-clients")) && ca == null && nonEmpty("tls-ca-cert-dir") == null) {
            throw new Failure("Either tls-ca-cert-file or tls-ca-cert-dir must be specified when tls-cluster, "
                    + "tls-replication or tls-auth-clients are enabled!");
        }
        String[] protocols = protocols(nonEmpty("tls-protocols"));
        List<X509Certificate> chain;
        try {
            chain = Pem.certificates(Path.of(cert));
        } catch (Pem.BadFile e) {
            throw new Failure("Failed to load certificate: " + cert + ": " + e.getMessage());
        }
        PrivateKey pk;
        try {
            pk = Pem.privateKey(Path.of(key));
        } catch (Pem.BadFile e) {
            throw new Failure("Failed to load private key: " + key + ": " + e.getMessage());
        }
        if (!Pem.matches(pk, chain.get(0).getPublicKey())) {
            throw new Failure("Failed to load private key: " + key + ": key values mismatch");
        }
        List<X509Certificate> cas = new ArrayList<>();
        if (ca != null) {
            try {
                cas = Pem.certificates(Path.of(ca));
            } catch (Pem.BadFile e) {
                throw new Failure("Failed to configure CA certificate(s) file/directory: "
                        + (e.getMessage().equals(Pem.NO_CERTIFICATE) ? "no certificate or crl found" : e.getMessage()));
            }
        }
        // createSSLContext's order: certificate, key, CAs, then the suites
        String ciphersuites = nonEmpty("tls-ciphersuites");
        List<String> tls13 = ciphersuites == null ? null : ciphersuites(ciphersuites);
        try {
            char[] pass = new char[0];
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("redis", pk, pass, chain.toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, pass);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < cas.size(); i++) trust.setCertificateEntry("ca" + i, cas.get(i));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(kmf.getKeyManagers(), new TrustManager[] {new NoCaNames((X509ExtendedTrustManager) tmf.getTrustManagers()[0])}, null);
            ssl.getServerSessionContext().setSessionCacheSize(Integer.parseInt(config.apply("tls-session-cache-size")));
            ssl.getServerSessionContext().setSessionTimeout(Integer.parseInt(config.apply("tls-session-cache-timeout")));
            String[] suites = null;
            if (tls13 != null) {
                // the JDK's default TLSv1.2 suites (tls-ciphers is not taken) and the TLSv1.3 ones asked for
                List<String> enabled = new ArrayList<>();
                for (String suite : ssl.getDefaultSSLParameters().getCipherSuites()) {
                    if (!TLS13_SUITES.contains(suite)) enabled.add(suite);
                }
                enabled.addAll(0, tls13);
                suites = enabled.toArray(new String[0]);
            }
            current = new Context(ssl, protocols, "yes".equals(config.apply("tls-prefer-server-ciphers")), suites);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new Failure("Failed to configure TLS: " + e.getMessage());
        }
    }

    /** True once {@link #configure} has succeeded. */
    public boolean configured() {
        return current != null;
    }

    /** A server-side engine for one accepted connection, with the current context and tls-auth-clients. */
    public SSLEngine newEngine() {
        Context c = current;
        SSLEngine e = c.ssl.createSSLEngine();
        e.setUseClientMode(false);
        SSLParameters p = e.getSSLParameters();
        p.setProtocols(c.protocols);
        p.setUseCipherSuitesOrder(c.preferServerCiphers);
        if (c.suites != null) p.setCipherSuites(c.suites);
        switch (String.valueOf(config.apply("tls-auth-clients"))) {
            case "no" -> p.setNeedClientAuth(false);
            case "optional" -> p.setWantClientAuth(true);
            default -> p.setNeedClientAuth(true); // yes, and fail-secure for anything else
        }
        e.setSSLParameters(p);
        return e;
    }

    /** The TLSv1.3 suites OpenSSL knows (SSL_CTX_set_ciphersuites), CCM ones aside: the JDK has none. */
    private static final List<String> TLS13_SUITES = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256");

    /**
     * tls-ciphersuites as SSL_CTX_set_ciphersuites reads it: names separated by colons, case-sensitive,
     * unknown names (and empty ones) skipped; none known is a failure.
     */
    static List<String> ciphersuites(String value) throws Failure {
        List<String> out = new ArrayList<>();
        for (String s : value.split(":")) {
            if (TLS13_SUITES.contains(s) && !out.contains(s)) out.add(s);
        }
        if (out.isEmpty()) throw new Failure("Failed to configure ciphersuites: " + value);
        return out;
    }

    /**
     * parseProtocolsConfig: space-separated TLSv1, TLSv1.1, TLSv1.2, TLSv1.3 (any case; an empty token,
     * from two spaces in a row, is invalid too); unset means TLSv1.2 and TLSv1.3.
     */
    static String[] protocols(String value) throws Failure {
        if (value == null) return new String[] {"TLSv1.2", "TLSv1.3"};
        List<String> out = new ArrayList<>();
        for (String t : value.split(" ", -1)) {
            String p = switch (t.toLowerCase(Locale.ROOT)) {
                case "tlsv1" -> "TLSv1";
                case "tlsv1.1" -> "TLSv1.1";
                case "tlsv1.2" -> "TLSv1.2";
                case "tlsv1.3" -> "TLSv1.3";
                default -> null;
            };
            if (p == null) {
                throw new Failure("Invalid tls-protocols specified. Use a combination of 'TLSv1', 'TLSv1.1', 'TLSv1.2' and 'TLSv1.3'.");
            }
            if (!out.contains(p)) out.add(p);
        }
        return out.toArray(new String[0]);
    }

    /**
     * The JDK's certificate checks, but no CA names in the CertificateRequest: redis-server (OpenSSL
     * without SSL_CTX_set_client_CA_list) sends none, so a client picks its certificate without that
     * hint, and with tls-auth-clients optional a certificate from another CA is sent and refused rather
     * than withheld and let in.
     */
    private static final class NoCaNames extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager tm;

        NoCaNames(X509ExtendedTrustManager tm) {
            this.tm = tm;
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            tm.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            tm.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            tm.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            tm.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            tm.checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            tm.checkServerTrusted(chain, authType);
        }
    }

    private String nonEmpty(String name) {
        String v = config.apply(name);
        return v == null || v.isEmpty() ? null : v;
    }
}
