package io.redisdouble.kit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How two replies to the same command are compared. The default, {@link #EXACT}, demands identical
 * bytes. Every other comparison is a <em>named relaxation</em> for a reply that Redis itself leaves
 * unordered, random or time-dependent; each one says why it exists (see the kit's README).
 *
 * <p>Two rules hold for every relaxation: an error reply on either side is compared byte for byte,
 * and no number is ever parsed into a double (integers are read as written, decimal digits).
 */
public interface Compare {

    /**
     * @return {@code null} when the replies agree under this comparison, otherwise a short reason
     */
    String mismatch(byte[] ref, byte[] dbl);

    /** Shown next to the command in a reproducer; empty for an exact comparison. */
    String label();

    /** Byte-for-byte equality. */
    Compare EXACT = new Compare() {
        @Override
        public String mismatch(byte[] ref, byte[] dbl) {
            return Arrays.equals(ref, dbl) ? null : "bytes differ";
        }

        @Override
        public String label() {
            return "";
        }
    };

    /**
     * The elements of the top-level aggregate compared as a multiset (a map's entries as pairs):
     * for replies whose order Redis does not define (KEYS, SMEMBERS-like, CONFIG GET).
     */
    static Compare unordered(String why) {
        return new Relaxed("unordered: " + why) {
            @Override
            String relaxed(RespFrame r, RespFrame d) {
                if (r.type != d.type || !r.head.equals(d.head) || !r.isAggregate()) {
                    return "different reply type or length";
                }
                return sortedElements(r).equals(sortedElements(d)) ? null : "different elements";
            }
        };
    }

    /**
     * Like {@link #unordered} for replies made of pairs (HGETALL: field, value, field, value... in
     * RESP2, a map in RESP3): the pairs are compared as a multiset, each pair kept together.
     */
    static Compare unorderedPairs(String why) {
        return new Relaxed("unordered pairs: " + why) {
            @Override
            String relaxed(RespFrame r, RespFrame d) {
                if (r.type != d.type || !r.head.equals(d.head) || !r.isAggregate() || r.children.size() % 2 != 0) {
                    return "different reply type or length";
                }
                return pairs(r).equals(pairs(d)) ? null : "different field/value pairs";
            }

            private List<String> pairs(RespFrame f) {
                List<String> out = new ArrayList<>();
                for (int i = 0; i + 1 < f.children.size(); i += 2) {
                    out.add(new String(f.children.get(i).raw, java.nio.charset.StandardCharsets.ISO_8859_1) + "\u0000"
                            + new String(f.children.get(i + 1).raw, java.nio.charset.StandardCharsets.ISO_8859_1));
                }
                out.sort(null);
                return out;
            }
        };
    }

    /**
     * Two non-negative integer replies may differ by at most {@code tolerance}: for TTL/PTTL and
     * EXPIRETIME readings while real time passes between the two servers' commands. Negative
     * integers (-1 no TTL, -2 no key) and every other reply are compared exactly.
     */
    static Compare near(long tolerance, String why) {
        return new Relaxed("±" + tolerance + ": " + why) {
            @Override
            String relaxed(RespFrame r, RespFrame d) {
                Long a = r.integer();
                Long b = d.integer();
                if (a == null || b == null || a < 0 || b < 0) {
                    return Arrays.equals(r.raw, d.raw) ? null : "bytes differ";
                }
                return Math.abs(a - b) <= tolerance ? null : "differ by more than " + tolerance;
            }
        };
    }

    /**
     * Same reply type, same null-ness, same number of elements and same element types: for replies
     * that Redis makes random (RANDOMKEY, ZRANDMEMBER) or that name server-specific values (TIME,
     * CLIENT ID).
     */
    static Compare shape(String why) {
        return new Relaxed("shape only: " + why) {
            @Override
            String relaxed(RespFrame r, RespFrame d) {
                return sameShape(r, d) ? null : "different shape";
            }
        };
    }

    /**
     * HELLO's map: every field exact except {@code id} (the connection id), compared by type, and {@code modules},
     * where the vectorset module Redis 8.0 loads by itself is left out of the reference's list (redis-double has
     * no vector sets and lists no module: README, known differences).
     */
    Compare HELLO = new Relaxed("connection id compared by type only, Redis 8's own vectorset module left out") {
        @Override
        String relaxed(RespFrame r, RespFrame d) {
            if (r.type != d.type || !r.head.equals(d.head) || !r.isAggregate()) {
                return "different reply type or length";
            }
            for (int i = 0; i < r.children.size(); i++) {
                RespFrame a = r.children.get(i);
                RespFrame b = d.children.get(i);
                boolean isIdValue = i % 2 == 1 && "id".equals(r.children.get(i - 1).text());
                boolean isModules = i % 2 == 1 && "modules".equals(r.children.get(i - 1).text());
                if (isModules && onlyVectorset(a) && b.isAggregate() && b.children.isEmpty()) continue;
                if (isIdValue ? a.type != b.type : !Arrays.equals(a.raw, b.raw)) {
                    return "field " + r.children.get(i - i % 2).text() + " differs";
                }
            }
            return null;
        }

        /** A modules list holding just the module named "vectorset" (name=vectorset, ver, path, args). */
        private boolean onlyVectorset(RespFrame modules) {
            if (!modules.isAggregate() || modules.children.size() != 1) return false;
            RespFrame m = modules.children.get(0);
            for (int j = 0; m.isAggregate() && j + 1 < m.children.size(); j += 2) {
                if ("name".equals(m.children.get(j).text())) return "vectorset".equals(m.children.get(j + 1).text());
            }
            return false;
        }
    };

    /**
     * CONFIG GET: the set of parameter names returned must agree; values depend on how each server
     * was started (port, dir...) and are not compared.
     */
    Compare CONFIG_NAMES = new Relaxed("parameter names only (values depend on each server's configuration)") {
        @Override
        String relaxed(RespFrame r, RespFrame d) {
            if (r.type != d.type || !r.head.equals(d.head) || !r.isAggregate()) {
                return "different reply type or length";
            }
            return names(r).equals(names(d)) ? null : "different parameter names";
        }

        private List<String> names(RespFrame f) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < f.children.size(); i += 2) {
                out.add(f.children.get(i).text());
            }
            out.sort(null);
            return out;
        }
    };

    /** INFO: the {@code # Section} headers, in order; the fields' values are server-specific. */
    Compare INFO_SECTIONS = new Relaxed("section headers only (values are server-specific)") {
        @Override
        String relaxed(RespFrame r, RespFrame d) {
            if (r.type != d.type || r.payload == null || d.payload == null) {
                return "different reply type";
            }
            return headers(r).equals(headers(d)) ? null : "different sections";
        }

        private List<String> headers(RespFrame f) {
            List<String> out = new ArrayList<>();
            for (String line : f.text().split("\r\n")) {
                if (line.startsWith("# ")) {
                    out.add(line);
                }
            }
            return out;
        }
    };

    /** Base for relaxations: errors and unparsable replies are compared exactly. */
    abstract class Relaxed implements Compare {
        private final String label;

        Relaxed(String label) {
            this.label = Objects.requireNonNull(label);
        }

        @Override
        public final String mismatch(byte[] ref, byte[] dbl) {
            if (Arrays.equals(ref, dbl)) {
                return null;
            }
            RespFrame r;
            RespFrame d;
            try {
                r = RespFrame.parse(ref);
                d = RespFrame.parse(dbl);
            } catch (RuntimeException e) {
                return "bytes differ";
            }
            if (r.isError() || d.isError()) {
                return "bytes differ";
            }
            return relaxed(r, d);
        }

        abstract String relaxed(RespFrame r, RespFrame d);

        @Override
        public String label() {
            return label;
        }

        static List<String> sortedElements(RespFrame f) {
            List<String> out = new ArrayList<>();
            int step = (f.type == '%') ? 2 : 1;
            for (int i = 0; i < f.children.size(); i += step) {
                StringBuilder sb = new StringBuilder();
                for (int j = 0; j < step; j++) {
                    sb.append(new String(f.children.get(i + j).raw, java.nio.charset.StandardCharsets.ISO_8859_1));
                }
                out.add(sb.toString());
            }
            out.sort(null);
            return out;
        }

        static boolean sameShape(RespFrame r, RespFrame d) {
            if (r.type != d.type || r.isNull() != d.isNull()) {
                return false;
            }
            if (!r.isAggregate()) {
                return true;
            }
            if (r.children.size() != d.children.size()) {
                return false;
            }
            for (int i = 0; i < r.children.size(); i++) {
                if (!sameShape(r.children.get(i), d.children.get(i))) {
                    return false;
                }
            }
            return true;
        }
    }
}
