package io.redisdouble.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redisdouble.cluster.HashSlots;
import io.redisdouble.testing.RawRedisClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * {@code --cluster-nodes N}: N masters on ports P … P+N-1 (P from --port), slots as redis-cli --cluster
 * create splits them, and a client's SHUTDOWN to any node ends the process.
 */
class MainClusterTest {

    /** Six consecutive free ports. */
    private static int freeBase() throws IOException {
        for (int base = 31000 + (int) (ProcessHandle.current().pid() % 150) * 6; base < 31990; base += 6) {
            boolean free = true;
            for (int p = base; p < base + 6 && free; p++) {
                try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getByName("127.0.0.1"))) {
                    s.setReuseAddress(true);
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) return base;
        }
        throw new IOException("no six consecutive free ports in 31000-31999");
    }

    /** Standard output that counts down when the server says it is ready. */
    private static final class Watched extends OutputStream {
        final ByteArrayOutputStream all = new ByteArrayOutputStream();
        final CountDownLatch ready = new CountDownLatch(1);

        @Override
        public synchronized void write(int b) {
            all.write(b);
            if (b == '\n' && all.toString(StandardCharsets.UTF_8).contains("Ready to accept connections")) ready.countDown();
        }
    }

    @Test
    void clusterNodesStartsMastersOnConsecutivePorts() throws Exception {
        int base = freeBase();
        Watched out = new Watched();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicInteger rc = new AtomicInteger(-1);
        Thread main = new Thread(() -> rc.set(Main.run(new String[] {"--port", Integer.toString(base), "--cluster-nodes", "3",
                "--cluster-replicas", "1", "--redis-version", "7.0"}, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))));
        main.start();
        assertTrue(out.ready.await(20, TimeUnit.SECONDS), "not ready: " + out.all + err);
        int[][] ranges = HashSlots.createAllocation(3);
        for (int i = 0; i < 3; i++) {
            try (RawRedisClient c = new RawRedisClient("127.0.0.1", base + i)) {
                String info = new String(c.call("INFO", "cluster"), StandardCharsets.UTF_8);
                assertTrue(info.contains("cluster_enabled:1"), info);
                String slots = new String(c.call("CLUSTER", "SLOTS"), StandardCharsets.UTF_8);
                for (int j = 0; j < 3; j++) {
                    // each range: its master on base + j, its replica on base + 3 + j
                    assertTrue(slots.contains(":" + ranges[j][0] + "\r\n:" + ranges[j][1] + "\r\n*4\r\n$9\r\n127.0.0.1\r\n:" + (base + j) + "\r\n"), slots);
                    assertTrue(slots.contains("$9\r\n127.0.0.1\r\n:" + (base + 3 + j) + "\r\n"), slots);
                }
            }
        }
        try (RawRedisClient c = new RawRedisClient("127.0.0.1", base + 1)) {
            c.sendRaw(RawRedisClient.encodeCommand(RawRedisClient.argv("SHUTDOWN", "NOSAVE")));
        }
        main.join(TimeUnit.SECONDS.toMillis(20));
        assertEquals(0, rc.get(), err.toString(StandardCharsets.UTF_8));
        assertTrue(out.all.toString(StandardCharsets.UTF_8).contains("bye bye"));
    }

    @Test
    void clusterReplicasNeedClusterNodes() {
        MainFlagsTest.Parsed p = MainFlagsTest.parse("--cluster-replicas", "1");
        assertEquals(1, p.code());
        assertEquals("redis-double: '--cluster-replicas' needs '--cluster-nodes'\n", p.err());
    }

    @Test
    void clusterNodesNeedsAPositiveCount() {
        MainFlagsTest.Parsed p = MainFlagsTest.parse("--cluster-nodes", "0");
        assertEquals(1, p.code());
        assertEquals("redis-double: bad value for '--cluster-nodes': a cluster needs at least 1 node\n", p.err());
    }
}
