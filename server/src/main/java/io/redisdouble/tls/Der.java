package io.redisdouble.tls;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The few ASN.1 DER pieces TLS set-up needs without a crypto library: writing the fields of an X.509
 * certificate ({@link SelfSignedCertificates}) and reading the outer structure of PKCS#1 / SEC1 keys to
 * wrap them as PKCS#8 ({@link Pem}). Definite lengths only, as DER requires.
 */
final class Der {
    private Der() {}

    static final int INTEGER = 0x02, BIT_STRING = 0x03, OCTET_STRING = 0x04, NULL = 0x05, OID = 0x06,
            UTF8_STRING = 0x0c, UTC_TIME = 0x17, GENERALIZED_TIME = 0x18, SEQUENCE = 0x30, SET = 0x31,
            BOOLEAN = 0x01;

    /** One TLV: {@code tag}, the DER length of {@code content}, then {@code content}. */
    static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = n > 0xffffff ? 4 : n > 0xffff ? 3 : n > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) out.write(n >>> (8 * i));
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    static byte[] seq(byte[]... items) {
        return tlv(SEQUENCE, concat(items));
    }

    static byte[] set(byte[]... items) {
        return tlv(SET, concat(items));
    }

    static byte[] integer(BigInteger v) {
        return tlv(INTEGER, v.toByteArray());
    }

    static byte[] integer(long v) {
        return integer(BigInteger.valueOf(v));
    }

    static byte[] bool(boolean v) {
        return tlv(BOOLEAN, new byte[] {(byte) (v ? 0xff : 0)});
    }

    static byte[] nullValue() {
        return new byte[] {NULL, 0};
    }

    static byte[] octets(byte[] v) {
        return tlv(OCTET_STRING, v);
    }

    /** A BIT STRING of whole bytes (no unused bits): signatures, public keys. */
    static byte[] bits(byte[] v) {
        byte[] c = new byte[v.length + 1];
        System.arraycopy(v, 0, c, 1, v.length);
        return tlv(BIT_STRING, c);
    }

    static byte[] utf8(String s) {
        return tlv(UTF8_STRING, s.getBytes(StandardCharsets.UTF_8));
    }

    /** [n] EXPLICIT, constructed context-specific. */
    static byte[] explicit(int n, byte[] inner) {
        return tlv(0xa0 | n, inner);
    }

    /** An OBJECT IDENTIFIER from its dotted form. */
    static byte[] oid(String dotted) {
        String[] p = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(p[0]) * 40 + Integer.parseInt(p[1]));
        for (int i = 2; i < p.length; i++) {
            long v = Long.parseLong(p[i]);
            int groups = 1;
            for (long t = v >>> 7; t != 0; t >>>= 7) groups++;
            for (int g = groups - 1; g >= 0; g--) {
                int b = (int) ((v >>> (7 * g)) & 0x7f);
                out.write(g == 0 ? b : b | 0x80);
            }
        }
        return tlv(OID, out.toByteArray());
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    /** A parsed TLV: its tag, and where its content lies in {@code data}. */
    record Element(int tag, byte[] data, int start, int end, int headerStart) {
        byte[] content() {
            byte[] c = new byte[end - start];
            System.arraycopy(data, start, c, 0, c.length);
            return c;
        }

        /** The whole encoding, header included. */
        byte[] encoded() {
            byte[] c = new byte[end - headerStart];
            System.arraycopy(data, headerStart, c, 0, c.length);
            return c;
        }

        /** The elements inside a constructed one. */
        List<Element> children() throws Malformed {
            List<Element> out = new ArrayList<>();
            int at = start;
            while (at < end) {
                Element e = read(data, at, end);
                out.add(e);
                at = e.end;
            }
            return out;
        }
    }

    static final class Malformed extends Exception {
        Malformed(String why) {
            super(why);
        }
    }

    /** The TLV at {@code at}, which must end by {@code limit}. */
    static Element read(byte[] data, int at, int limit) throws Malformed {
        if (at + 2 > limit) throw new Malformed("truncated DER");
        int tag = data[at] & 0xff;
        int len = data[at + 1] & 0xff;
        int p = at + 2;
        if (len >= 0x80) {
            int n = len & 0x7f;
            if (n == 0 || n > 4 || p + n > limit) throw new Malformed("bad DER length");
            len = 0;
            for (int i = 0; i < n; i++) len = (len << 8) | (data[p++] & 0xff);
            if (len < 0) throw new Malformed("bad DER length");
        }
        if (p + len > limit) throw new Malformed("truncated DER");
        return new Element(tag, data, p, p + len, at);
    }
}
