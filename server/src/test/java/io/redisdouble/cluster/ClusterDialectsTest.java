package io.redisdouble.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.redisdouble.RedisCluster;
import io.redisdouble.RedisDouble;
import io.redisdouble.testing.RawRedisClient;
import io.redisdouble.testing.ReferenceRedis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What differs between versions in cluster mode, for the replies that do not depend on the topology:
 * each version's real server started with {@code --cluster-enabled yes} (a lone node) against a
 * one-master emulated cluster of the same dialect. The topology itself is compared with a real 7.0
 * cluster by {@link ClusterConformanceTest}.
 */
class ClusterDialectsTest {

    static Stream<String> versions() {
        return ReferenceRedis.liveVersions("ClusterDialectsTest", "6.2", "7.0", "7.2", "7.4", "8.0", "valkey-8.0").stream();
    }

    private static final List<List<String>> COMMANDS = List.of(
            List.of("CLUSTER", "HELP"),
            List.of("CLUSTER", "KEYSLOT", "{user}:1"),
            List.of("CLUSTER", "KEYSLOT"),
            List.of("CLUSTER", "COUNTKEYSINSLOT", "-1"),
            List.of("CLUSTER", "COUNTKEYSINSLOT", "x"),
            List.of("CLUSTER", "GETKEYSINSLOT", "1", "-1"),
            List.of("CLUSTER", "FAILOVER"),
            List.of("CLUSTER", "FAILOVER", "sideways"),
            List.of("CLUSTER", "REPLICAS", "nosuchnode"),
            List.of("CLUSTER", "COUNT-FAILURE-REPORTS", "nosuchnode"),
            List.of("CLUSTER", "NOSUCH"),
            List.of("CLUSTER", "SHARDS", "x"),
            List.of("INFO", "cluster"),
            List.of("READONLY"),
            List.of("READWRITE"),
            List.of("ASKING"),
            List.of("SELECT", "1"),
            List.of("SELECT", "0"),
            List.of("SWAPDB", "0", "1"),
            List.of("EVAL", "#!lua flags=no-cluster\nreturn 1", "0"),
            List.of("FUNCTION", "LOAD", "#!lua name=l\nredis.register_function{function_name='f', callback=function() return 1 end, flags={'no-cluster'}}"),
            List.of("FCALL", "f", "0"));

    @ParameterizedTest(name = "{0}")
    @MethodSource("versions")
    void repliesThatDoNotDependOnTheTopology(String version) {
        try (ReferenceRedis real = io.redisdouble.testing.ReferenceCluster.startLoneNode(version);
             RedisCluster emulated = RedisDouble.cluster().version(version).masters(1).start();
             RawRedisClient r = real.openClient();
             RawRedisClient e = new RawRedisClient("127.0.0.1", emulated.masters().get(0).port())) {
            for (List<String> cmd : COMMANDS) {
                String[] argv = cmd.toArray(new String[0]);
                assertEquals(new String(r.call(argv), StandardCharsets.UTF_8), new String(e.call(argv), StandardCharsets.UTF_8),
                        version + ": " + String.join(" ", cmd));
            }
        }
    }
}
