package io.redisdouble.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * A throw-away certificate authority with a server and a client certificate, made at start when a test
 * asks for TLS without giving certificates (as Redis's {@code utils/gen-test-certs.sh} makes them for its
 * own tests): EC P-256 keys, ECDSA-SHA256 signatures, built with the JDK only (X.509 encoded by hand,
 * no {@code sun.*} classes, no crypto library). The server certificate names localhost, 127.0.0.1, ::1
 * and the bind address, so clients that verify host names (Lettuce) accept it. Written as PEM files
 * into a directory of their own: {@code ca.crt}, {@code redis.crt}, {@code redis.key}, {@code client.crt},
 * {@code client.key} (keys in PKCS#8).
 */
public final class GeneratedCertificates {
    private final Path dir;

    private GeneratedCertificates(Path dir) {
        this.dir = dir;
    }

    public Path directory() {
        return dir;
    }

    public Path caCert() {
        return dir.resolve("ca.crt");
    }

    public Path serverCert() {
        return dir.resolve("redis.crt");
    }

    public Path serverKey() {
        return dir.resolve("redis.key");
    }

    public Path clientCert() {
        return dir.resolve("client.crt");
    }

    public Path clientKey() {
        return dir.resolve("client.key");
    }

    /** Makes the files in a new temporary directory; {@code host} is added to the server's names. */
    public static GeneratedCertificates create(String host) {
        try {
            Path dir = Files.createTempDirectory("redis-double-tls-");
            GeneratedCertificates g = new GeneratedCertificates(dir);
            KeyPair ca = keyPair(), server = keyPair(), client = keyPair();
            Instant now = Instant.now();
            byte[] caCert = certificate("redis-double test CA", ca.getPublic(), "redis-double test CA", ca, true,
                    List.of(), now);
            List<byte[]> names = new ArrayList<>();
            names.add(dnsName("localhost"));
            names.add(ipName("127.0.0.1"));
            names.add(ipName("::1"));
            if (host != null && !host.isEmpty() && !host.equals("localhost") && !host.equals("127.0.0.1")
                    && !host.equals("::1")) {
                names.add(isIpLiteral(host) ? ipName(host) : dnsName(host));
            }
            byte[] serverCert = certificate("localhost", server.getPublic(), "redis-double test CA", ca, false, names, now);
            byte[] clientCert = certificate("redis-double client", client.getPublic(), "redis-double test CA", ca, false,
                    List.of(), now);
            write(g.caCert(), Pem.encode("CERTIFICATE", caCert));
            write(g.serverCert(), Pem.encode("CERTIFICATE", serverCert));
            write(g.serverKey(), Pem.encode("PRIVATE KEY", server.getPrivate().getEncoded()));
            write(g.clientCert(), Pem.encode("CERTIFICATE", clientCert));
            write(g.clientKey(), Pem.encode("PRIVATE KEY", client.getPrivate().getEncoded()));
            return g;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the generated TLS certificates", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not generate TLS certificates", e);
        }
    }

    /** Removes the files and their directory. */
    public void delete() {
        for (Path p : new Path[] {caCert(), serverCert(), serverKey(), clientCert(), clientKey(), dir}) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // a temporary file left behind
            }
        }
    }

    private static void write(Path p, String text) throws IOException {
        Files.writeString(p, text, StandardCharsets.US_ASCII);
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static final String ECDSA_SHA256 = "1.2.840.10045.4.3.2";

    /**
     * An X.509 v3 certificate (RFC 5280) for {@code subjectKey}, signed by {@code issuer}'s private key:
     * valid from an hour ago for ten years; a CA (basicConstraints cA, keyCertSign) or an end entity
     * (digitalSignature, keyAgreement) with the given subjectAltName entries.
     */
    private static byte[] certificate(String subject, PublicKey subjectKey, String issuerName, KeyPair issuer,
                                      boolean isCa, List<byte[]> altNames, Instant now) throws GeneralSecurityException {
        byte[] alg = Der.seq(Der.oid(ECDSA_SHA256));
        byte[] serial = new byte[16];
        new SecureRandom().nextBytes(serial);
        serial[0] &= 0x7f;
        serial[0] |= 0x01; // positive and non-zero
        List<byte[]> ext = new ArrayList<>();
        ext.add(extension("2.5.29.19", true, isCa ? Der.seq(Der.bool(true)) : Der.seq()));
        // keyUsage as a named BIT STRING: CA keyCertSign(5) + cRLSign(6); leaf digitalSignature(0) + keyAgreement(4)
        ext.add(extension("2.5.29.15", true, isCa ? new byte[] {Der.BIT_STRING, 2, 1, 0x06}
                : new byte[] {Der.BIT_STRING, 2, 3, (byte) 0x88}));
        ext.add(extension("2.5.29.14", false, Der.octets(keyId(subjectKey))));
        if (!isCa) ext.add(extension("2.5.29.35", false, Der.seq(Der.tlv(0x80, keyId(issuer.getPublic())))));
        if (!altNames.isEmpty()) ext.add(extension("2.5.29.17", false, Der.seq(altNames.toArray(new byte[0][]))));
        Instant from = now.minus(Duration.ofHours(1));
        Instant to = now.plus(Duration.ofDays(3650));
        byte[] tbs = Der.seq(
                Der.explicit(0, Der.integer(2)),
                Der.integer(new BigInteger(serial)),
                alg,
                name(issuerName),
                Der.seq(time(from), time(to)),
                name(subject),
                subjectKey.getEncoded(),
                Der.explicit(3, Der.seq(ext.toArray(new byte[0][]))));
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(issuer.getPrivate());
        s.update(tbs);
        return Der.seq(tbs, alg, Der.bits(s.sign()));
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical ? Der.seq(Der.oid(oid), Der.bool(true), Der.octets(value)) : Der.seq(Der.oid(oid), Der.octets(value));
    }

    /** A Name with one commonName. */
    private static byte[] name(String cn) {
        return Der.seq(Der.set(Der.seq(Der.oid("2.5.4.3"), Der.utf8(cn))));
    }

    /** UTCTime before 2050, GeneralizedTime from then on (RFC 5280 4.1.2.5). */
    private static byte[] time(Instant t) {
        ZonedDateTime z = t.atZone(ZoneOffset.UTC);
        if (z.getYear() < 2050) {
            return Der.tlv(Der.UTC_TIME, z.format(DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")).getBytes(StandardCharsets.US_ASCII));
        }
        return Der.tlv(Der.GENERALIZED_TIME, z.format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'")).getBytes(StandardCharsets.US_ASCII));
    }

    /** A key identifier: SHA-1 of the encoded public key (RFC 5280 4.2.1.2 allows any such method). */
    private static byte[] keyId(PublicKey key) throws GeneralSecurityException {
        return MessageDigest.getInstance("SHA-1").digest(key.getEncoded());
    }

    /** GeneralName dNSName [2] IA5String. */
    private static byte[] dnsName(String name) {
        return Der.tlv(0x82, name.getBytes(StandardCharsets.US_ASCII));
    }

    /** GeneralName iPAddress [7] OCTET STRING (4 or 16 bytes). */
    private static byte[] ipName(String literal) {
        try {
            return Der.tlv(0x87, InetAddress.getByName(literal).getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    private static boolean isIpLiteral(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }
}
