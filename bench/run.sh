#!/usr/bin/env bash
# Benchmarks redis-double side by side with a real redis-server 7.0.15, in one run, on this machine.
#   bench/run.sh            (needs JDK 17+, Maven, and redis-benchmark: apt-get install redis-tools)
# Builds the jar, starts both servers on free ports, warms both up with one untimed pass of every
# workload (the JVM compiles its hot paths in the first seconds; Redis needs no warm-up, and gets the
# same pass), then alternates them for every workload, repeating each measurement. Prints the median
# requests/s per server and the median of the paired ratios double/real (each pair runs back to
# back, so drift of this shared machine touches both sides alike); the worst ratio last.
set -euo pipefail
cd "$(dirname "$0")/.."
REPEATS=${REPEATS:-5}
N=${N:-200000}
WARMUP=${WARMUP:-1}

command -v redis-benchmark >/dev/null || { echo "redis-benchmark not found: apt-get install -y redis-tools" >&2; exit 1; }
mvn -q -B -Dstyle.color=never package -DskipTests -pl server -am
JAR=server/target/redis-double.jar

# The reference: Debian's redis-server if present, else the one inside org.signal:embedded-redis.
REDIS_SERVER=${REDIS_SERVER:-}
if [ -z "$REDIS_SERVER" ]; then
  EMB=$(ls ~/.m2/repository/org/signal/embedded-redis/0.9.1/embedded-redis-0.9.1.jar)
  WORK=$(mktemp -d); unzip -q -o "$EMB" redis-server-7.0.15-linux-amd64 -d "$WORK"
  REDIS_SERVER="$WORK/redis-server-7.0.15-linux-amd64"; chmod +x "$REDIS_SERVER"
fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
P_REAL=$(free_port); P_DBL=$(free_port)
RDIR=$(mktemp -d)
(cd "$RDIR" && "$REDIS_SERVER" --port "$P_REAL" --save "" --appendonly no --bind 127.0.0.1 >/dev/null 2>&1 &)
# As the README's command runs it (the parallel collector: see the README's Standalone section).
java -XX:+UseParallelGC -jar "$JAR" --port "$P_DBL" >/dev/null 2>&1 &
DBL_PID=$!
trap 'kill $DBL_PID 2>/dev/null; redis-cli -p $P_REAL shutdown nosave >/dev/null 2>&1 || true' EXIT
for p in $P_REAL $P_DBL; do for i in $(seq 100); do redis-cli -p $p ping >/dev/null 2>&1 && break; sleep 0.1; done; done
echo "real redis-server: $("$REDIS_SERVER" --version | cut -d' ' -f3)  port $P_REAL;  redis-double port $P_DBL"
echo "machine: $(nproc) cores; N=$N requests per run; $REPEATS repeats after $WARMUP warm-up pass(es); -c 50"

rps() { # port test pipeline [extra benchmark args...]
  local port=$1 t=$2 p=$3; shift 3
  redis-benchmark -p "$port" -n "$N" -c 50 -P "$p" -q "$@" -t "$t" 2>/dev/null | tr '\r' '\n' | awk -F': ' '/requests per second/ {split($2,a," "); print a[1]; exit}'
}
rps_cmd() { # port pipeline command...
  local port=$1 p=$2; shift 2
  redis-benchmark -p "$port" -n "$N" -c 50 -P "$p" -q "$@" 2>/dev/null | tr '\r' '\n' | awk -F': ' '/requests per second/ {split($2,a," "); print a[1]; exit}'
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

worst=""; worst_ratio=999
printf "%-34s %14s %14s %8s\n" workload "real req/s" "double req/s" "ratio"
measure() { # name kind args...
  local name=$1; shift
  local r=() d=() q=()
  for i in $(seq "$REPEATS"); do
    r+=("$("$@" "$P_REAL")"); d+=("$("$@" "$P_DBL")")
    q+=("$(awk -v a="${d[-1]}" -v b="${r[-1]}" 'BEGIN {print a/b}')")
  done
  local rm dm ratio
  rm=$(printf '%s\n' "${r[@]}" | median); dm=$(printf '%s\n' "${d[@]}" | median)
  ratio=$(printf '%s\n' "${q[@]}" | median | awk '{printf "%.2f", $1}')
  printf "%-34s %14s %14s %8s\n" "$name" "$rm" "$dm" "$ratio"
  if awk -v x="$ratio" -v y="$worst_ratio" 'BEGIN {exit !(x<y)}'; then worst_ratio=$ratio; worst=$name; fi
}
t_ping_inline() { rps "$2" ping_inline "$1"; }
t_set() { rps "$2" set "$1"; }
t_get() { rps "$2" get "$1"; }
# Sorted sets: a 100,000-member set "big" on both servers (members m:0..m:99999, score = index).
python3 - <<'PY' > "$RDIR/big.resp"
import sys
out = sys.stdout.buffer
def cmd(*args):
    out.write(b"*%d\r\n" % len(args))
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out.write(b"$%d\r\n%s\r\n" % (len(a), a))
for start in range(0, 100000, 1000):
    args = ["ZADD", "big"]
    for i in range(start, start + 1000):
        args += [i, "m:%d" % i]
    cmd(*args)
PY
for p in $P_REAL $P_DBL; do redis-cli -p $p --pipe < "$RDIR/big.resp" >/dev/null; done
CAD='if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end'
SHA=$(redis-cli -p $P_REAL SCRIPT LOAD "$CAD"); redis-cli -p $P_DBL SCRIPT LOAD "$CAD" >/dev/null

t_zadd() { rps "$2" zadd "$1" -r 1000000; }
t_zrangebyscore() { rps_cmd "$2" "$1" -r 100000 ZRANGEBYSCORE big __rand_int__ +inf LIMIT 0 10; }
t_zrange() { rps_cmd "$2" "$1" ZRANGE big 50000 50009; }
t_evalsha() { rps_cmd "$2" "$1" EVALSHA "$SHA" 1 lock token; }
for w in $(seq "$WARMUP"); do
  for P in 1 16; do
    for t in t_ping_inline t_set t_get t_zadd t_zrangebyscore t_zrange t_evalsha; do
      "$t" $P "$P_REAL" >/dev/null; "$t" $P "$P_DBL" >/dev/null
    done
  done
done
for P in 1 16; do
  measure "PING_INLINE -P $P" t_ping_inline $P
  measure "SET -P $P" t_set $P
  measure "GET -P $P" t_get $P
  measure "ZADD random members -P $P" t_zadd $P
  measure "ZRANGEBYSCORE LIMIT 0 10 (1e5) -P $P" t_zrangebyscore $P
  measure "ZRANGE by rank (1e5) -P $P" t_zrange $P
  measure "EVALSHA compare-and-del -P $P" t_evalsha $P
done
echo "worst ratio: $worst_ratio ($worst)"

echo
echo "start-up:"
java -cp "$JAR" bench/StartupBench.java "$REDIS_SERVER"

# Standalone: `java -jar redis-double.jar` launch to first PONG (median of 5), next to redis-server.
start_to_pong() { # command...
  local port; port=$(free_port)
  local t0; t0=$(date +%s%N)
  "$@" --port "$port" >/dev/null 2>&1 &
  local pid=$!
  until redis-cli -p "$port" ping >/dev/null 2>&1; do sleep 0.005; done
  local t1; t1=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo $(( (t1 - t0) / 1000000 ))
}
jar_ms=(); real_ms=()
for i in 1 2 3 4 5; do
  jar_ms+=("$(start_to_pong java -XX:+UseParallelGC -jar "$JAR")")
  real_ms+=("$(cd "$RDIR" && start_to_pong "$REDIS_SERVER" --save "" --appendonly no)")
done
echo "standalone jar launch-to-PONG (median of 5): $(printf '%s\n' "${jar_ms[@]}" | median) ms; redis-server: $(printf '%s\n' "${real_ms[@]}" | median) ms (both polled with redis-cli)"
