package io.redisdouble.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * PEM files as redis-server reads them with OpenSSL: certificate chains (every CERTIFICATE block, the
 * first being the server's own), and unencrypted private keys in PKCS#8 ("PRIVATE KEY"), PKCS#1
 * ("RSA PRIVATE KEY") or SEC1 ("EC PRIVATE KEY") form. Other blocks in a file (EC PARAMETERS, text
 * around the blocks) are skipped, as OpenSSL skips them. Failures carry a reason for the log line.
 */
public final class Pem {
    private Pem() {}

    /** A file that could not be used, with a reason in OpenSSL's spirit. */
    public static final class BadFile extends Exception {
        public BadFile(String why) {
            super(why);
        }
    }

    /** OpenSSL's reason for a file with no PEM certificate in it. */
    public static final String NO_CERTIFICATE = "no start line";

    private record Block(String label, byte[] der) {}

    private static List<Block> blocks(Path file) throws BadFile {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new BadFile("No such file or directory");
        } catch (IOException e) {
            throw new BadFile(e.getMessage() == null ? e.toString() : e.getMessage());
        }
        List<Block> out = new ArrayList<>();
        int at = 0;
        while (true) {
            int begin = text.indexOf("-----BEGIN ", at);
            if (begin < 0) break;
            int labelEnd = text.indexOf("-----", begin + 11);
            if (labelEnd < 0) break;
            String label = text.substring(begin + 11, labelEnd);
            String endMarker = "-----END " + label + "-----";
            int end = text.indexOf(endMarker, labelEnd + 5);
            if (end < 0) throw new BadFile("no end line for " + label);
            String body = text.substring(labelEnd + 5, end);
            if (body.contains("Proc-Type:") || body.contains("DEK-Info:")) {
                throw new BadFile("encrypted PEM (" + label + ") is not supported by redis-double (tls-key-file-pass)");
            }
            try {
                out.add(new Block(label, Base64.getMimeDecoder().decode(body.replaceAll("\\s", ""))));
            } catch (IllegalArgumentException e) {
                throw new BadFile("bad base64 in " + label);
            }
            at = end + endMarker.length();
        }
        return out;
    }

    /** Every certificate in the file, in order; at least one. */
    public static List<X509Certificate> certificates(Path file) throws BadFile {
        List<X509Certificate> out = new ArrayList<>();
        CertificateFactory cf;
        try {
            cf = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
        for (Block b : blocks(file)) {
            if (!b.label.equals("CERTIFICATE") && !b.label.equals("TRUSTED CERTIFICATE")
                    && !b.label.equals("X509 CERTIFICATE")) {
                continue;
            }
            try {
                out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der)));
            } catch (CertificateException e) {
                throw new BadFile("bad certificate: " + e.getMessage());
            }
        }
        if (out.isEmpty()) throw new BadFile(NO_CERTIFICATE);
        return out;
    }

    /** The first private key in the file. */
    public static PrivateKey privateKey(Path file) throws BadFile {
        for (Block b : blocks(file)) {
            switch (b.label) {
                case "PRIVATE KEY" -> {
                    return pkcs8(b.der);
                }
                case "RSA PRIVATE KEY" -> {
                    // PKCS#1 inside a PKCS#8 PrivateKeyInfo: version 0, rsaEncryption with NULL parameters
                    byte[] info = Der.seq(Der.integer(0), Der.seq(Der.oid("1.2.840.113549.1.1.1"), Der.nullValue()),
                            Der.octets(b.der));
                    return pkcs8(info);
                }
                case "EC PRIVATE KEY" -> {
                    return pkcs8(sec1ToPkcs8(b.der));
                }
                case "ENCRYPTED PRIVATE KEY" ->
                        throw new BadFile("encrypted private keys are not supported by redis-double (tls-key-file-pass)");
                default -> { }
            }
        }
        throw new BadFile("unsupported"); // OpenSSL 3's decoder, finding no key it can read
    }

    /** SEC1 ECPrivateKey (version, key, [0] curve, [1] public key) as PKCS#8, its curve moved to the algorithm. */
    private static byte[] sec1ToPkcs8(byte[] sec1) throws BadFile {
        try {
            Der.Element outer = Der.read(sec1, 0, sec1.length);
            byte[] curve = null;
            for (Der.Element e : outer.children()) {
                if (e.tag() == 0xa0) curve = e.children().get(0).encoded();
            }
            if (curve == null) throw new BadFile("EC private key without its curve");
            return Der.seq(Der.integer(0), Der.seq(Der.oid("1.2.840.10045.2.1"), curve), Der.octets(sec1));
        } catch (Der.Malformed e) {
            throw new BadFile("bad EC private key: " + e.getMessage());
        }
    }

    private static PrivateKey pkcs8(byte[] der) throws BadFile {
        for (String alg : new String[] {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "DSA"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // not this algorithm
            }
        }
        throw new BadFile("unsupported or bad private key");
    }

    /** True if {@code key} is the private half of {@code pub} (a signature made with one verifies with the other). */
    public static boolean matches(PrivateKey key, PublicKey pub) {
        String alg = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "DSA" -> "SHA256withDSA";
            case "RSASSA-PSS" -> null;
            default -> key.getAlgorithm(); // Ed25519, Ed448
        };
        if (alg == null) return key.getAlgorithm().equals(pub.getAlgorithm());
        try {
            byte[] probe = "redis-double key check".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(pub);
            v.update(probe);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** PEM text of one DER block. */
    static String encode(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
