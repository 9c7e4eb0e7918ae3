package io.redisdouble.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redisdouble.RedisCluster;
import io.redisdouble.cluster.HashSlots;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * redis-py's RedisCluster (Debian python3-redis 4.3) as a process, against the emulated cluster and a
 * real 7.0.15 cluster: {@code src/test/external/cluster_redis_py.py} prints a transcript (ports as node
 * indexes), the test moves the slot of {user:1} when the script says so, and the two transcripts must be
 * identical. Runs with {@code -Pexternal-clients}, as {@link ExternalClientsTest}.
 */
class ExternalClusterClientsTest {

    private static String runScript(ClusterTarget target) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ExternalClientsTest.PYTHON,
                ExternalClientsTest.SCRIPTS.resolve("cluster_redis_py.py").toString(), target.host()));
        for (int i = 0; i < target.size(); i++) cmd.add(Integer.toString(target.port(i)));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot run " + cmd.get(0) + " (install python3-redis, or run without "
                    + "-Pexternal-clients): " + e.getMessage(), e);
        }
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             Writer w = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                out.append(line).append('\n');
                if (line.equals("ready to move")) {
                    int slot = RedisCluster.slot("{user:1}");
                    int[][] ranges = HashSlots.createAllocation(3);
                    int owner = slot <= ranges[0][1] ? 0 : slot <= ranges[1][1] ? 1 : 2;
                    target.moveSlot(slot, owner, (owner + 1) % 3);
                    w.write("moved\n");
                    w.flush();
                }
            }
        }
        assertTrue(p.waitFor(ExternalClientsTest.TIMEOUT_S, TimeUnit.SECONDS), "redis-py timed out:\n" + out);
        assertEquals(0, p.exitValue(), target + ": redis-py cluster scenario failed:\n" + out);
        // redis-py logs the redirections it followed, with the node's address: as a node index
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("127\\.0\\.0\\.1:(\\d+)").matcher(out);
        StringBuilder normalised = new StringBuilder();
        while (m.find()) m.appendReplacement(normalised, "node" + target.indexOf(Integer.parseInt(m.group(1))));
        m.appendTail(normalised);
        return normalised.toString();
    }

    @Test
    void redisPyRedisCluster() throws Exception {
        String real, emulated;
        try (ClusterTarget t = ClusterTarget.real()) {
            real = runScript(t);
        }
        try (ClusterTarget t = ClusterTarget.emulated()) {
            emulated = runScript(t);
        }
        assertTrue(real.startsWith("redis-py: '4.3"), real);
        assertTrue(real.endsWith("done\n"), real);
        assertEquals(real, emulated, "redis-double cluster vs real Redis cluster");
    }

    /**
     * {@code redis-cli --cluster create} (Debian's redis-tools 7.0.15) on real lone nodes gives the same
     * slot ranges and config epochs as the emulated cluster of as many masters (16384 / N with its
     * rounding; epochs 1..N in node order, replicas included).
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} masters, {1} replicas each")
    @org.junit.jupiter.params.provider.CsvSource({"3, 0", "5, 0", "7, 0", "3, 1"})
    void redisCliClusterCreateSplitsSlotsAsTheEmulation(int masters, int replicas) throws Exception {
        int total = masters * (1 + replicas);
        List<io.redisdouble.testing.ReferenceRedis> nodes = new ArrayList<>();
        try (io.redisdouble.RedisCluster emulated = io.redisdouble.RedisDouble.cluster().version("7.0").masters(masters)
                .replicasPerMaster(replicas).start()) {
            for (int i = 0; i < total; i++) nodes.add(io.redisdouble.testing.ReferenceCluster.startLoneNode("7.0"));
            List<String> cmd = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            for (var n : nodes) cmd.add(n.host() + ":" + n.port());
            cmd.addAll(List.of("--cluster-replicas", Integer.toString(replicas), "--cluster-yes"));
            ExternalClientsTest.Result r = ExternalClientsTest.run(ExternalClientsTest.SCRIPTS, null, cmd.toArray(new String[0]));
            assertEquals(0, r.exit(), "redis-cli --cluster create failed:\n" + r.output());
            for (int i = 0; i < masters; i++) {
                var real = nodes.get(i);
                io.redisdouble.testing.ReferenceCluster.awaitCondition("node " + i + " has its slots", () -> {
                    try (var c = real.openClient()) {
                        String info = io.redisdouble.testing.ReferenceCluster.text(c.call("CLUSTER", "INFO"));
                        return info.contains("cluster_state:ok") ? null : info;
                    }
                });
                try (var c = real.openClient();
                     var e = new io.redisdouble.testing.RawRedisClient("127.0.0.1", emulated.masters().get(i).port())) {
                    assertEquals(myLine(io.redisdouble.testing.ReferenceCluster.text(c.call("CLUSTER", "NODES"))),
                            myLine(io.redisdouble.testing.ReferenceCluster.text(e.call("CLUSTER", "NODES"))), "master " + i);
                    assertEquals(infoLine(c.call("CLUSTER", "INFO"), "cluster_my_epoch"), infoLine(e.call("CLUSTER", "INFO"), "cluster_my_epoch"));
                }
            }
        } finally {
            for (var n : nodes) n.close();
        }
    }

    /** This node's own CLUSTER NODES line from its flags on: role, epoch and slot ranges. */
    private static String myLine(String nodes) {
        for (String l : nodes.split("\n")) {
            if (!l.contains("myself")) continue;
            String[] f = l.split(" ");
            return f[2] + " epoch " + f[6] + " " + String.join(" ", java.util.Arrays.asList(f).subList(8, f.length));
        }
        throw new AssertionError("no myself line in " + nodes);
    }

    private static String infoLine(byte[] reply, String name) {
        for (String l : io.redisdouble.testing.ReferenceCluster.text(reply).split("\r\n")) if (l.startsWith(name + ":")) return l;
        throw new AssertionError(name);
    }
}
