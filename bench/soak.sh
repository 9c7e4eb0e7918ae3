#!/usr/bin/env bash
# Soak test (issue #15): the standalone redis-double under 30 minutes of mixed load — 1,000 clients,
# slow pub/sub consumers, blocked clients that disconnect, fuzzed input — then checks that nothing
# acknowledged was lost and that memory, threads and errors stayed flat (bench/soak.py says how).
#   bench/soak.sh                  (needs JDK 17+, Maven, python3)
#   SOAK_SECONDS=300 bench/soak.sh a shorter run (CI's smoke run: 10 s, ExternalBenchSmokeTest)
# The server runs with -Xmx512m and its file-descriptor limit raised to 4096; the report samples
# RSS, threads, used_memory and clients every minute.
set -euo pipefail
cd "$(dirname "$0")/.."
SOAK_SECONDS=${SOAK_SECONDS:-1800}
JAR=${REDIS_DOUBLE_JAR:-server/target/redis-double.jar}
[ -f "$JAR" ] || mvn -q -B -Dstyle.color=never package -DskipTests -pl server -am
WORK=$(mktemp -d)
cp "$JAR" "$WORK/redis-double.jar"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
ulimit -n 4096 2>/dev/null || true
java -Xmx512m -jar "$WORK/redis-double.jar" --port "$PORT" > "$WORK/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 100); do (echo > /dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.1; done
echo "redis-double $(git rev-parse --short HEAD) on port $PORT (pid $PID), -Xmx512m, $SOAK_SECONDS s, $(nproc) cores, $(date -u +%FT%TZ)"
python3 bench/soak.py "$PORT" "$PID" "$SOAK_SECONDS"
status=$?
echo "server log tail:"; tail -5 "$WORK/server.log"
exit $status
