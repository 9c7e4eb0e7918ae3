"""redis-py's RedisCluster against a Redis Cluster: redirects, hash tags, the cluster's script errors,
pub/sub across nodes, and a slot move made by the Java test in between (it waits for "moved" on stdin).
Arguments: host, then the ports of every node in node order; ports are printed as node indexes so that
the output of an emulated and a real cluster can be compared line for line."""
import sys
import time

import redis
from redis.cluster import RedisCluster

host = sys.argv[1]
ports = [int(p) for p in sys.argv[2:]]


def node(port):
    return ports.index(int(port))


def attempt(f):
    try:
        return repr(f())
    except Exception as e:  # the error's class and text are part of the transcript
        return type(e).__name__ + ": " + str(e)


rc = RedisCluster(host=host, port=ports[0])
print("redis-py:", repr(redis.__version__[:4]))
for k in ["alpha", "beta", "gamma", "{user:1}:name", "{user:1}:mail"]:
    print(k, rc.set(k, "v-" + k), rc.get(k), "slot", rc.keyslot(k), "node", node(rc.get_node_from_key(k).port))
print("mset tagged:", rc.mset({"{user:1}:a": "1", "{user:1}:b": "2"}))
print("mget tagged:", rc.mget("{user:1}:a", "{user:1}:b"))
print("mget_nonatomic:", rc.mget_nonatomic("alpha", "beta", "gamma"))
print("mset cross-slot:", attempt(lambda: rc.mset({"alpha": "1", "beta": "2"})))
print("eval:", attempt(lambda: rc.eval("return redis.call('get', KEYS[1])", 1, "{user:1}:a")))
print("eval other node:", attempt(lambda: rc.eval("redis.call('get', KEYS[1]); return redis.call('get', ARGV[1])",
                                                  1, "{user:1}:a", "gamma" if node(rc.get_node_from_key("gamma").port) != node(rc.get_node_from_key("{user:1}:a").port) else "alpha")))
cs = rc.execute_command("CLUSTER SLOTS", target_nodes=RedisCluster.RANDOM)
slots = sorted((k[0], k[1], node(v["primary"][1]), sorted(node(r[1]) for r in v["replicas"])) for k, v in cs.items())
print("slots:", slots)
p = rc.pubsub()
p.subscribe("news")
deadline = time.time() + 10
first = None
while first is None or first["type"] != "subscribe":
    first = p.get_message(timeout=1)
print("subscribed:", first["channel"])
print("publish receivers (this node only):", rc.publish("news", "hello") in (0, 1))
msg = None
while msg is None and time.time() < deadline:
    msg = p.get_message(timeout=1)
print("message:", msg and (msg["type"], msg["channel"], msg["data"]))
p.close()
print("ready to move", flush=True)
sys.stdin.readline()
print("after move:", rc.get("{user:1}:name"), rc.mget("{user:1}:a", "{user:1}:b"),
      "node", node(rc.get_node_from_key("{user:1}:name").port) if rc.get("{user:1}:name") else None)
print("set after move:", rc.set("{user:1}:c", "3"), rc.get("{user:1}:c"))
print("done")
