#!/usr/bin/env bash
# Memory and load time: 1,000,000 string keys, and one sorted set, list, set and stream of 1,000,000
# elements each, loaded into redis-double and into a real redis-server 7.0.15 (fresh servers for each
# data set), side by side.
#   bench/memory.sh      (needs JDK 17+, Maven, redis-cli: apt-get install redis-tools)
#   DATASETS="list set stream" bench/memory.sh   only those (default: strings zset list set stream)
#   SIZE=5000 bench/memory.sh   smaller data sets (CI's smoke run; the recorded figures use 1,000,000)
# The reference is Debian's jemalloc redis-server (apt-get install redis-server) when installed, the
# one inside org.signal:embedded-redis otherwise, or REDIS_SERVER.
# Reports the load time seen by redis-cli and the time each server spent executing the commands
# (INFO commandstats), RSS for both, Redis's used_memory, and redis-double's live heap after a full
# GC (jcmd).
# "data" columns subtract what the same server uses when empty.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v redis-cli >/dev/null || { echo "redis-cli not found: apt-get install -y redis-tools" >&2; exit 1; }
JAR=${REDIS_DOUBLE_JAR:-server/target/redis-double.jar}
[ -f "$JAR" ] || mvn -q -B -Dstyle.color=never package -DskipTests -pl server -am
. bench/standalone.sh
double_command "$JAR"
echo "redis-double: ${DOUBLE_CMD[*]}"
SIZE=${SIZE:-1000000}
REDIS_SERVER=${REDIS_SERVER:-}
DATASETS=${DATASETS:-strings zset list set stream}
if [ -z "$REDIS_SERVER" ] && [ -x /usr/bin/redis-server ]; then REDIS_SERVER=/usr/bin/redis-server; fi
WORK=$(mktemp -d)
if [ -z "$REDIS_SERVER" ]; then
  unzip -q -o ~/.m2/repository/org/signal/embedded-redis/0.9.1/embedded-redis-0.9.1.jar redis-server-7.0.15-linux-amd64 -d "$WORK"
  REDIS_SERVER="$WORK/redis-server-7.0.15-linux-amd64"; chmod +x "$REDIS_SERVER"
fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rss_kb() { awk '/VmRSS/ {print $2}' /proc/$1/status; }
# Java heap in use (bytes) after a full GC, from jstat's used columns (any collector).
heap_after_gc() {
  jcmd "$1" GC.run >/dev/null
  jstat -gc "$1" | awk 'NR==1 {for (i=1;i<=NF;i++) c[$i]=i} NR==2 {print ($c["S0U"]+$c["S1U"]+$c["EU"]+$c["OU"])*1024}'
}

python3 - "$WORK" "$SIZE" <<'PY'
import sys, random
work = sys.argv[1]
N = int(sys.argv[2])
def writer(path):
    f = open(path, "wb")
    def cmd(*args):
        parts = [b"*%d\r\n" % len(args)]
        for a in args:
            a = a if isinstance(a, bytes) else str(a).encode()
            parts.append(b"$%d\r\n%s\r\n" % (len(a), a))
        f.write(b"".join(parts))
    return f, cmd
f, cmd = writer(work + "/strings.resp")
for i in range(N):
    cmd("SET", "key:%d" % i, "value:%d" % i)
f.close()
rnd = random.Random(42)
f, cmd = writer(work + "/zset.resp")
for start in range(0, N, 1000):
    args = ["ZADD", "zs"]
    for i in range(start, start + 1000):
        args += [repr(rnd.random() * 1e9), "member:%d" % i]
    cmd(*args)
f.close()
f, cmd = writer(work + "/list.resp")
for start in range(0, N, 1000):
    cmd("RPUSH", "l", *["element:%d" % i for i in range(start, start + 1000)])
f.close()
f, cmd = writer(work + "/set.resp")
for start in range(0, N, 1000):
    cmd("SADD", "s", *["member:%d" % i for i in range(start, start + 1000)])
f.close()
f, cmd = writer(work + "/stream.resp")
for i in range(1, N + 1):
    cmd("XADD", "x", "%d-0" % i, "sensor", "s%d" % (i % 100), "value", str(rnd.randint(0, 100000)))
f.close()
PY

# Microseconds the server spent executing commands since CONFIG RESETSTAT (its own clock, no client
# or network time): the sum of INFO commandstats usec over every command but INFO and CONFIG.
cmd_usec() {
  redis-cli -p "$1" info commandstats | tr -d '\r' | awk -F'[:,=]' '/^cmdstat_/ && $1 != "cmdstat_info" && $1 != "cmdstat_config" {u += $5} END {print u+0}'
}

measure() { # name file
  local name=$1 file=$2
  local pr pd
  pr=$(free_port); pd=$(free_port)
  (cd "$WORK" && "$REDIS_SERVER" --port "$pr" --save "" --appendonly no --bind 127.0.0.1 >/dev/null 2>&1 &)
  "${DOUBLE_CMD[@]}" --port "$pd" >/dev/null 2>&1 & # the README's command (bench/standalone.sh)
  local dpid=$!
  for p in $pr $pd; do for i in $(seq 100); do redis-cli -p $p ping >/dev/null 2>&1 && break; sleep 0.1; done; done
  local rpid; rpid=$(redis-cli -p "$pr" info server | awk -F: '/process_id/ {print $2}' | tr -d '\r')
  local r_used0 d_heap0
  r_used0=$(redis-cli -p "$pr" info memory | awk -F: '/^used_memory:/ {print $2}' | tr -d '\r')
  d_heap0=$(heap_after_gc $dpid)
  redis-cli -p "$pr" config resetstat >/dev/null; redis-cli -p "$pd" config resetstat >/dev/null
  local t0 t1 t2
  t0=$(date +%s.%N); redis-cli -p "$pr" --pipe < "$file" >/dev/null; t1=$(date +%s.%N)
  redis-cli -p "$pd" --pipe < "$file" >/dev/null; t2=$(date +%s.%N)
  local r_usec d_usec
  r_usec=$(cmd_usec "$pr"); d_usec=$(cmd_usec "$pd")
  local r_used r_rss d_heap d_rss
  r_used=$(redis-cli -p "$pr" info memory | awk -F: '/^used_memory:/ {print $2}' | tr -d '\r')
  r_rss=$(( $(rss_kb "$rpid") * 1024 ))
  d_heap=$(heap_after_gc $dpid)
  d_rss=$(( $(rss_kb "$dpid") * 1024 ))
  printf "%s\n" "$name"
  awk -v a="$t1" -v b="$t0" 'BEGIN {printf "  load time (redis-cli --pipe): real %.2f s", a-b}'
  awk -v a="$t2" -v b="$t1" 'BEGIN {printf ", double %.2f s\n", a-b}'
  awk -v r="$r_usec" -v d="$d_usec" 'BEGIN {printf "  time executing the commands (INFO commandstats usec): real %.2f s, double %.2f s\n", r/1e6, d/1e6}'
  awk -v ru="$r_used" -v r0="$r_used0" -v dh="$d_heap" -v d0="$d_heap0" -v rr="$r_rss" -v dr="$d_rss" 'BEGIN {
    printf "  real: used_memory %.1f MB (data %.1f MB), RSS %.1f MB\n", ru/1e6, (ru-r0)/1e6, rr/1e6;
    printf "  double: live heap after GC %.1f MB (data %.1f MB), RSS %.1f MB\n", dh/1e6, (dh-d0)/1e6, dr/1e6;
    printf "  live data ratio double/real: %.2f\n", (dh-d0)/(ru-r0) }'
  redis-cli -p "$pr" shutdown nosave >/dev/null 2>&1 || true
  kill $dpid; wait $dpid 2>/dev/null || true
}
echo "real redis-server: $("$REDIS_SERVER" --version | cut -d' ' -f3,5) ($REDIS_SERVER)"
for d in $DATASETS; do
  case $d in
    strings) measure "$SIZE string keys (SET key:N value:N)" "$WORK/strings.resp" ;;
    zset) measure "one sorted set of $SIZE members (ZADD, 1000 pairs per command)" "$WORK/zset.resp" ;;
    list) measure "one list of $SIZE elements (RPUSH element:N, 1000 per command)" "$WORK/list.resp" ;;
    set) measure "one set of $SIZE members (SADD member:N, 1000 per command)" "$WORK/set.resp" ;;
    stream) measure "one stream of $SIZE entries (XADD N-0 sensor sK value V)" "$WORK/stream.resp" ;;
  esac
done
rm -rf "$WORK"
