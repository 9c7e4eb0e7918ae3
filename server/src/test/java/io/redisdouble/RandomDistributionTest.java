package io.redisdouble;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random picks are fair in every encoding, as Redis's own histogram tests demand (unit/type/set
 * "SRANDMEMBER histogram distribution", unit/type/hash "HRANDFIELD … distribution"): each of N
 * members drawn about equally often, Pearson's chi-square below the 0.1% critical value for N-1 degrees
 * of freedom. The server is seeded, so the draws (and this test's verdict) are the same on every run.
 */
class RandomDistributionTest {
    /** Chi-square critical values at p = 0.001 for 9, 99 and 299 degrees of freedom. */
    private static double critical(int categories) {
        return switch (categories) {
            case 10 -> 27.88;
            case 100 -> 148.23;
            case 300 -> 388.0;
            default -> throw new IllegalArgumentException("no table entry for " + categories);
        };
    }

    private static double chiSquare(Map<Object, Integer> counts, int categories) {
        assertEquals(categories, counts.size(), "every member must come up: " + counts.keySet());
        long n = counts.values().stream().mapToLong(Integer::longValue).sum();
        double e = (double) n / categories;
        double chi = 0;
        for (int v : counts.values()) chi += (v - e) * (v - e) / e;
        return chi;
    }

    @ParameterizedTest(name = "{0} members of {1}")
    @CsvSource({"10, int", "10, str", "100, str", "300, str", "300, int"})
    void srandmemberSpopHrandfieldAndRandomkeyAreFair(int n, String kind) {
        try (RedisDouble r = RedisDouble.builder().seed(20261207L).start()) {
            List<String> members = new ArrayList<>();
            for (int i = 0; i < n; i++) members.add(kind.equals("int") ? Integer.toString(i) : "m" + i);
            List<String> sadd = new ArrayList<>(List.of("SADD", "s"));
            sadd.addAll(members);
            r.command(sadd.toArray(String[]::new));
            List<String> hset = new ArrayList<>(List.of("HSET", "h"));
            for (String m : members) {
                hset.add(m);
                hset.add("v");
            }
            r.command(hset.toArray(String[]::new));
            int draws = n * 100;
            Map<Object, Integer> single = new HashMap<>(), withCount = new HashMap<>(), negative = new HashMap<>();
            Map<Object, Integer> fields = new HashMap<>(), fieldsNegative = new HashMap<>();
            for (int i = 0; i < draws; i++) single.merge(r.command("SRANDMEMBER", "s"), 1, Integer::sum);
            for (int i = 0; i < draws / 5; i++) {
                for (Object m : (List<?>) r.command("SRANDMEMBER", "s", "5")) withCount.merge(m, 1, Integer::sum);
                for (Object m : (List<?>) r.command("SRANDMEMBER", "s", "-5")) negative.merge(m, 1, Integer::sum);
                for (Object m : (List<?>) r.command("HRANDFIELD", "h", "5")) fields.merge(m, 1, Integer::sum);
                for (Object m : (List<?>) r.command("HRANDFIELD", "h", "-5")) fieldsNegative.merge(m, 1, Integer::sum);
            }
            double limit = critical(n);
            for (Map.Entry<String, Map<Object, Integer>> c : Map.of("SRANDMEMBER", single, "SRANDMEMBER 5", withCount,
                    "SRANDMEMBER -5", negative, "HRANDFIELD 5", fields, "HRANDFIELD -5", fieldsNegative).entrySet()) {
                double chi = chiSquare(c.getValue(), n);
                assertTrue(chi < limit, c.getKey() + ": chi-square " + chi + " >= " + limit);
            }

            // SPOP: which member goes first, over many rebuilt sets
            Map<Object, Integer> popped = new HashMap<>();
            for (int i = 0; i < draws / 10; i++) {
                r.command("DEL", "p");
                List<String> p = new ArrayList<>(List.of("SADD", "p"));
                p.addAll(members);
                r.command(p.toArray(String[]::new));
                popped.merge(r.command("SPOP", "p"), 1, Integer::sum);
            }
            assertTrue(chiSquare(popped, n) < limit, "SPOP: chi-square " + chiSquare(popped, n));

            // RANDOMKEY over n keys
            r.command("FLUSHALL");
            for (String m : members) r.command("SET", m, "v");
            Map<Object, Integer> keys = new HashMap<>();
            for (int i = 0; i < draws; i++) keys.merge(r.command("RANDOMKEY"), 1, Integer::sum);
            assertTrue(chiSquare(keys, n) < limit, "RANDOMKEY: chi-square " + chiSquare(keys, n));
        }
    }
}
