import java.util.SplittableRandom;

/**
 * What one cache miss costs on this machine, and how many can overlap: a pointer chase through a
 * random cycle of 64-byte lines in an int array (16 MB and 256 MB, both far beyond the 2 MB L2),
 * following 1 chain (every load waits for the previous one: the latency of a miss) or 16 independent
 * chains side by side (their misses overlap). A skip-list search in a large set is such a chain of
 * dependent loads, which bounds how fast any skip list (Redis's too) can load a million random
 * members here.
 *
 * <pre>java -Xmx2g bench/MemoryLatency.java</pre>
 */
public class MemoryLatency {
    public static void main(String[] args) {
        for (int mb : new int[] {16, 256}) {
            int n = mb * 1024 * 1024 / 4;
            int lines = n / 16;
            int[] order = new int[lines];
            for (int i = 0; i < lines; i++) order[i] = i;
            SplittableRandom rnd = new SplittableRandom(1);
            for (int i = lines - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            int[] next = new int[n];
            for (int i = 0; i < lines; i++) next[order[i] * 16] = order[(i + 1) % lines] * 16;
            for (int chains : new int[] {1, 16}) {
                double best = Double.MAX_VALUE;
                int steps = 2_000_000;
                for (int rep = 0; rep < 3; rep++) {
                    int[] at = new int[chains];
                    for (int k = 0; k < chains; k++) at[k] = order[k * (lines / chains)] * 16;
                    long t0 = System.nanoTime();
                    for (int s = 0; s < steps / chains; s++) {
                        for (int k = 0; k < chains; k++) at[k] = next[at[k]];
                    }
                    long t1 = System.nanoTime();
                    int sum = 0;
                    for (int k = 0; k < chains; k++) sum += at[k];
                    if (sum == 42) System.out.print(""); // keep the loads
                    best = Math.min(best, (t1 - t0) / (double) steps);
                }
                System.out.printf("%4d MB, %2d chain%s: %6.1f ns per load%n", mb, chains, chains == 1 ? " " : "s", best);
            }
        }
    }
}
