package io.redisdouble.cluster;

import io.redisdouble.RedisCluster;
import io.redisdouble.testing.ReferenceCluster;
import io.redisdouble.testing.ReferenceRedis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes replies of a real and an emulated cluster comparable: node ids become id0.., ports port0.. and
 * bus ports bus0.. by node index (creation order, the same in both clusters); what no two clusters can
 * share (ping/pong times, replication offsets, the order of a dict walk) is blanked or sorted.
 */
final class ClusterReplies {
    private ClusterReplies() {}

    static String real(ReferenceCluster real, byte[] reply) {
        List<Integer> ports = new ArrayList<>();
        for (ReferenceRedis n : real.nodes()) ports.add(n.port());
        return normalise(new String(reply, StandardCharsets.UTF_8), ports, real.ids());
    }

    static String emulated(RedisCluster emulated, byte[] reply) {
        List<Integer> ports = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (RedisCluster.Node n : emulated.nodes()) {
            ports.add(n.port());
            ids.add(n.id());
        }
        return normalise(new String(reply, StandardCharsets.UTF_8), ports, ids);
    }

    static String normalise(String s, List<Integer> ports, List<String> ids) {
        for (int i = 0; i < ids.size(); i++) s = s.replace(ids.get(i), "id" + i);
        Matcher m = Pattern.compile("127\\.0\\.0\\.1:(\\d+)(@\\d+)?").matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            int idx = ports.indexOf(Integer.parseInt(m.group(1)));
            m.appendReplacement(sb, "127.0.0.1:port" + idx + (m.group(2) != null ? "@bus" + idx : ""));
        }
        m.appendTail(sb);
        s = sb.toString();
        for (int i = 0; i < ports.size(); i++) {
            s = s.replace(":" + ports.get(i) + "\r\n", ":port" + i + "\r\n").replace("port=" + ports.get(i) + ",", "port=port" + i + ",");
        }
        return s;
    }

    /** The text of a bulk or verbatim reply (the verbatim "txt:" prefix dropped). */
    static String text(byte[] reply) {
        return text(new String(reply, StandardCharsets.UTF_8));
    }

    static String text(String r) {
        int nl = r.indexOf("\r\n");
        if (r.startsWith("$")) return r.substring(nl + 2, r.length() - 2);
        if (r.startsWith("=")) return r.substring(nl + 6, r.length() - 2);
        throw new IllegalStateException("not a bulk reply: " + r.strip());
    }

    /** CLUSTER NODES (normalised) with the ping/pong times blanked and the lines sorted. */
    static String nodes(String normalised) {
        List<String> lines = new ArrayList<>();
        for (String l : text(normalised).split("\n")) {
            String[] f = l.split(" ");
            f[4] = "T";
            f[5] = "T";
            lines.add(String.join(" ", f));
        }
        lines.sort(null);
        return String.join("\n", lines);
    }

    /**
     * CLUSTER REPLICAS (normalised): each line's ping-sent and pong-received fields masked (ping-sent is 0,
     * or the time of a ping whose pong has not come back yet: on a busy machine a real node can be caught
     * waiting), and with them the lengths of the bulk strings that hold the lines.
     */
    static String replicas(String normalised) {
        return normalised.replaceAll("(slave|master|myself,slave|myself,master) (\\S+) \\d+ \\d+ ", "$1 $2 P T ")
                .replaceAll("\\$\\d+\r\n", "\\$N\r\n");
    }

    /** CLUSTER SHARDS (normalised) with the replication offsets blanked and the shards sorted. */
    static String shards(String s) {
        s = s.replaceAll("replication-offset\r\n:\\d+\r\n", "replication-offset\r\n:N\r\n");
        String marker = s.contains("%2\r\n$5\r\nslots\r\n") ? "%2\r\n$5\r\nslots\r\n" : "*4\r\n$5\r\nslots\r\n";
        if (s.indexOf(marker) < 0) return s; // an error (6.2 has no CLUSTER SHARDS), or no shard
        String head = s.substring(0, s.indexOf(marker));
        List<String> shards = new ArrayList<>(Arrays.asList(s.substring(head.length() + marker.length()).split(Pattern.quote(marker))));
        shards.sort(null);
        return head + String.join("|", shards);
    }

    /** CLUSTER INFO's first nine lines: state, slots, nodes, size and epochs. */
    static String infoHead(byte[] reply) {
        return String.join("\n", Arrays.asList(text(reply).split("\r\n")).subList(0, 9));
    }
}
