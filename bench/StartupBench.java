import io.redisdouble.RedisDouble;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Start-to-first-PONG: embedded RedisDouble.start() cold (first in this JVM) and warm (next ones),
 * next to forking a real redis-server. Run by bench/run.sh; prints milliseconds.
 *
 * java -cp server/target/redis-double.jar bench/StartupBench.java /path/to/redis-server
 */
public class StartupBench {
    public static void main(String[] args) throws Exception {
        String redisServer = args[0];
        int warmRuns = 20;

        long t0 = System.nanoTime();
        try (RedisDouble r = RedisDouble.start()) {
            ping(r.port());
        }
        double cold = (System.nanoTime() - t0) / 1e6;

        List<Double> warm = new ArrayList<>();
        for (int i = 0; i < warmRuns; i++) {
            long t = System.nanoTime();
            try (RedisDouble r = RedisDouble.start()) {
                ping(r.port());
                warm.add((System.nanoTime() - t) / 1e6);
            }
        }

        List<Double> real = new ArrayList<>();
        Path dir = Files.createTempDirectory("startup-bench");
        for (int i = 0; i < 10; i++) {
            int port = freePort();
            long t = System.nanoTime();
            Process p = new ProcessBuilder(redisServer, "--port", Integer.toString(port), "--save", "",
                    "--appendonly", "no", "--bind", "127.0.0.1").directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            while (true) {
                try {
                    ping(port);
                    break;
                } catch (java.io.IOException e) {
                    Thread.sleep(0, 200_000);
                }
            }
            real.add((System.nanoTime() - t) / 1e6);
            p.destroy();
            p.waitFor();
        }
        System.out.printf("embedded cold start-to-PONG (first in JVM): %.1f ms%n", cold);
        System.out.printf("embedded warm start-to-PONG (median of %d): %.2f ms%n", warmRuns, median(warm));
        System.out.printf("real redis-server fork-to-PONG (median of 10, polling): %.2f ms%n", median(real));
    }

    static double median(List<Double> l) {
        List<Double> s = new ArrayList<>(l);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }

    static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void ping(int port) throws java.io.IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[7];
            int n = 0;
            while (n < 7) {
                int r = in.read(buf, n, 7 - n);
                if (r < 0) throw new java.io.IOException("closed");
                n += r;
            }
            if (!new String(buf, StandardCharsets.US_ASCII).equals("+PONG\r\n")) throw new IllegalStateException();
        }
    }
}
