#!/usr/bin/env bash
# Benchmarks redis-double side by side with a real redis-server 7.0.15, in one run, on this machine.
#   bench/run.sh            (needs JDK 17+, Maven, and redis-benchmark: apt-get install redis-tools)
#   N=1000 REPEATS=1 WARMUP=0 bench/run.sh   a smoke run (what CI runs, ExternalBenchSmokeTest: no figures kept)
#   FAMILIES="lists sets streams" bench/run.sh   runs only those workload families (default: all of
#   core lists sets streams bitmaps hyperloglog geo); the reference is Debian's jemalloc redis-server (apt-get install
#   redis-server) when installed, the one inside org.signal:embedded-redis otherwise, or REDIS_SERVER.
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
FAMILIES=${FAMILIES:-core lists sets streams bitmaps hyperloglog geo}

command -v redis-benchmark >/dev/null || { echo "redis-benchmark not found: apt-get install -y redis-tools" >&2; exit 1; }
# REDIS_DOUBLE_JAR: a jar already built (the CI smoke run); otherwise it is built here.
JAR=${REDIS_DOUBLE_JAR:-}
if [ -z "$JAR" ]; then mvn -q -B -Dstyle.color=never package -DskipTests -pl server -am; JAR=server/target/redis-double.jar; fi

# The reference: Debian's redis-server if present, else the one inside org.signal:embedded-redis.
REDIS_SERVER=${REDIS_SERVER:-}
if [ -z "$REDIS_SERVER" ] && [ -x /usr/bin/redis-server ]; then REDIS_SERVER=/usr/bin/redis-server; fi
if [ -z "$REDIS_SERVER" ]; then
  EMB=$(ls ~/.m2/repository/org/signal/embedded-redis/0.9.1/embedded-redis-0.9.1.jar)
  WORK=$(mktemp -d); unzip -q -o "$EMB" redis-server-7.0.15-linux-amd64 -d "$WORK"
  REDIS_SERVER="$WORK/redis-server-7.0.15-linux-amd64"; chmod +x "$REDIS_SERVER"
fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
P_REAL=$(free_port); P_DBL=$(free_port)
RDIR=$(mktemp -d)
(cd "$RDIR" && "$REDIS_SERVER" --port "$P_REAL" --save "" --appendonly no --bind 127.0.0.1 >/dev/null 2>&1 &)
# As the README's command runs it (see the README's Standalone section; bench/standalone.sh).
. bench/standalone.sh
double_command "$JAR"
echo "redis-double: ${DOUBLE_CMD[*]}"
"${DOUBLE_CMD[@]}" --port "$P_DBL" >/dev/null 2>&1 &
DBL_PID=$!
trap 'kill $DBL_PID 2>/dev/null; redis-cli -p $P_REAL shutdown nosave >/dev/null 2>&1 || true' EXIT
for p in $P_REAL $P_DBL; do for i in $(seq 100); do redis-cli -p $p ping >/dev/null 2>&1 && break; sleep 0.1; done; done
echo "real redis-server: $("$REDIS_SERVER" --version | cut -d' ' -f3,5)  ($REDIS_SERVER) port $P_REAL;  redis-double port $P_DBL"
echo "machine: $(nproc) cores; N=$N requests per run; $REPEATS repeats after $WARMUP warm-up pass(es); -c 50"

rps() { # port test pipeline [extra benchmark args...]
  local port=$1 t=$2 p=$3; shift 3
  redis-benchmark -p "$port" -n "$N" -c 50 -P "$p" -q "$@" -t "$t" 2>/dev/null | tr '\r' '\n' | awk -F': ' '/requests per second/ {split($2,a," "); print a[1]; exit}'
}
rps_cmd() { # port pipeline command...
  local port=$1 p=$2; shift 2
  redis-benchmark -p "$port" -n "$N" -c 50 -P "$p" -q "$@" 2>/dev/null | tr '\r' '\n' | awk -F': ' '/requests per second/ {split($2,a," "); print a[1]; exit}'
}
rps_named() { # port test label pipeline: a redis-benchmark test whose output has several lines (LRANGE_*)
  local port=$1 t=$2 label=$3 p=$4
  redis-benchmark -p "$port" -n "$N" -c 50 -P "$p" -q -t "$t" 2>/dev/null | tr '\r' '\n' | awk -F': ' -v l="$label" 'index($0, l) == 1 && /requests per second/ {split($2,a," "); print a[1]; exit}'
}
# One measurement; a run too short for redis-benchmark's millisecond clock prints "inf" requests/s
# (a smoke run's 1,000 pipelined requests can take under 1 ms): it runs again with ten times the requests.
sample() { # command... port
  local n=$N v=""
  for _ in 1 2 3; do
    v=$(N=$n "$@")
    case "$v" in "" | inf | 0 | 0.00) n=$((n * 10)) ;; *) break ;; esac
  done
  echo "$v"
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

worst=""; worst_ratio=999
printf "%-34s %14s %14s %8s\n" workload "real req/s" "double req/s" "ratio"
measure() { # name kind args...
  local name=$1; shift
  local r=() d=() q=()
  for i in $(seq "$REPEATS"); do
    r+=("$(sample "$@" "$P_REAL")"); d+=("$(sample "$@" "$P_DBL")")
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
# Data sets are written as RESP by small Python programs that share this command encoder.
cat > "$RDIR/resp.py" <<'PY'
import sys
out = sys.stdout.buffer
def cmd(*args):
    out.write(b"*%d\r\n" % len(args))
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out.write(b"$%d\r\n%s\r\n" % (len(a), a))
PY
# Sorted sets: a 100,000-member set "big" on both servers (members m:0..m:99999, score = index).
python3 - "$RDIR/resp.py" <<'PY' > "$RDIR/big.resp"
import sys; exec(open(sys.argv[1]).read())
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
# Lists and sets: redis-benchmark's own tests (LRANGE_* read a 600-element "mylist" it fills first).
t_lpush() { rps "$2" lpush "$1"; }
t_rpush() { rps "$2" rpush "$1"; }
t_lpop() { rps "$2" lpop "$1"; }
t_rpop() { rps "$2" rpop "$1"; }
t_sadd() { rps "$2" sadd "$1"; }
t_spop() { rps "$2" spop "$1"; }
t_lrange_100() { rps_named "$2" lrange_100 LRANGE_100 "$1"; }
t_lrange_600() { rps_named "$2" lrange_600 LRANGE_600 "$1"; }
# Streams: XADD with generated IDs to "s", XRANGE of 10 entries from a random ID of a 100,000-entry
# stream "bigs" (IDs 1-0 … 100000-0; __rand_int__ is a 12-digit number, read as the ms part).
python3 - <<'PY' > "$RDIR/bigs.resp"
import sys
out = sys.stdout.buffer
for i in range(1, 100001):
    out.write(b"*5\r\n$4\r\nXADD\r\n$4\r\nbigs\r\n$%d\r\n%d-0\r\n$1\r\nf\r\n$%d\r\n%d\r\n" % (len(str(i)) + 2, i, len(str(i)), i))
PY
for p in $P_REAL $P_DBL; do redis-cli -p $p --pipe < "$RDIR/bigs.resp" >/dev/null; done
t_xadd() { rps_cmd "$2" "$1" XADD s '*' field value; }
t_xrange() { rps_cmd "$2" "$1" -r 100000 XRANGE bigs __rand_int__ + COUNT 10; }
# Bitmaps, HyperLogLog, geo: a 1 MB bitmap "bm1m" of random bytes, three HLLs of 100,000 elements each
# (dense), a geo set "geobig" of 100,000 points spread over one degree around (15.5, 37.5).
python3 - "$RDIR/resp.py" <<'PY' > "$RDIR/bits.resp"
import sys, random; exec(open(sys.argv[1]).read())
rnd = random.Random(7)
cmd("SET", "bm1m", bytes(rnd.getrandbits(8) for _ in range(1 << 20)))
for k in (1, 2, 3):
    for start in range(0, 100000, 1000):
        cmd("PFADD", "hll%d" % k, *["e:%d:%d" % (k, i) for i in range(start, start + 1000)])
for start in range(0, 100000, 1000):
    args = ["GEOADD", "geobig"]
    for i in range(start, start + 1000):
        args += ["%.6f" % (15 + rnd.random()), "%.6f" % (37 + rnd.random()), "p:%d" % i]
    cmd(*args)
PY
for p in $P_REAL $P_DBL; do redis-cli -p $p --pipe < "$RDIR/bits.resp" >/dev/null; done
# (__rand_int__ has leading zeros, which a bit offset may not have: SETBIT writes one bit of the 1 MB bitmap)
t_setbit() { rps_cmd "$2" "$1" SETBIT bm1m 4000000 1; }
t_bitcount() { rps_cmd "$2" "$1" BITCOUNT bm1m; }
t_pfadd() { rps_cmd "$2" "$1" -r 10000000 PFADD hll __rand_int__; }
t_pfcount3() { rps_cmd "$2" "$1" PFCOUNT hll1 hll2 hll3; }
t_geoadd() { rps_cmd "$2" "$1" -r 1000000 GEOADD geo 13.361389 38.115556 m:__rand_int__; }
t_geosearch() { rps_cmd "$2" "$1" GEOSEARCH geobig FROMLONLAT 15.5 37.5 BYRADIUS 2 km ASC COUNT 10; }
workloads() { # family → test functions
  case $1 in
    core) echo t_ping_inline t_set t_get t_zadd t_zrangebyscore t_zrange t_evalsha ;;
    lists) echo t_lpush t_rpush t_lpop t_rpop t_lrange_100 t_lrange_600 ;;
    sets) echo t_sadd t_spop ;;
    streams) echo t_xadd t_xrange ;;
    bitmaps) echo t_setbit t_bitcount ;;
    hyperloglog) echo t_pfadd t_pfcount3 ;;
    geo) echo t_geoadd t_geosearch ;;
  esac
}
declare -A NAME=([t_ping_inline]="PING_INLINE" [t_set]="SET" [t_get]="GET" [t_zadd]="ZADD random members"
  [t_zrangebyscore]="ZRANGEBYSCORE LIMIT 0 10 (1e5)" [t_zrange]="ZRANGE by rank (1e5)" [t_evalsha]="EVALSHA compare-and-del"
  [t_lpush]="LPUSH" [t_rpush]="RPUSH" [t_lpop]="LPOP" [t_rpop]="RPOP" [t_lrange_100]="LRANGE_100 (600-element list)"
  [t_lrange_600]="LRANGE_600 (600-element list)" [t_sadd]="SADD" [t_spop]="SPOP"
  [t_xadd]="XADD * (growing stream)" [t_xrange]="XRANGE COUNT 10 (1e5 entries)"
  [t_setbit]="SETBIT (bit of a 1 MB bitmap)" [t_bitcount]="BITCOUNT (1 MB)" [t_pfadd]="PFADD (random element)"
  [t_pfcount3]="PFCOUNT of 3 keys (1e5 each)" [t_geoadd]="GEOADD random member" [t_geosearch]="GEOSEARCH BYRADIUS 2 km COUNT 10")
for w in $(seq "$WARMUP"); do
  for P in 1 16; do
    for f in $FAMILIES; do for t in $(workloads "$f"); do
      "$t" $P "$P_REAL" >/dev/null; "$t" $P "$P_DBL" >/dev/null
    done; done
  done
done
for P in 1 16; do
  for f in $FAMILIES; do for t in $(workloads "$f"); do
    measure "${NAME[$t]} -P $P" "$t" $P
  done; done
done
echo "worst ratio: $worst_ratio ($worst)"

echo
echo "start-up:"
java -cp "$JAR" bench/StartupBench.java "$REDIS_SERVER"

# Standalone: the README's command (DOUBLE_CMD), launch to first PONG (median of 5), next to redis-server.
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
  jar_ms+=("$(start_to_pong "${DOUBLE_CMD[@]}")")
  real_ms+=("$(cd "$RDIR" && start_to_pong "$REDIS_SERVER" --save "" --appendonly no)")
done
echo "standalone jar launch-to-PONG (median of 5): $(printf '%s\n' "${jar_ms[@]}" | median) ms; redis-server: $(printf '%s\n' "${real_ms[@]}" | median) ms (both polled with redis-cli)"
