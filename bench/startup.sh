#!/usr/bin/env bash
# Measures `npm start` with the embedded Neo4j: cold start (empty Maven repo, fresh data), shutdown, warm start, disk, idle RSS.
# Run from anywhere: bash bench/startup.sh   (a few minutes; needs git, java, mvn, curl, ss and access to Maven Central)
set -euo pipefail

# Measures a clone of the last commit in a temporary folder, so the working copy (its neo4j-embedded/target,
# .data/ and ~/.m2) is never touched. Only HTTP port 4051 and Bolt port 7751 are used (override below).
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HTTP_PORT="${BENCH_HTTP_PORT:-4051}"
BOLT_PORT="${BENCH_BOLT_PORT:-7751}"
IDLE_SECONDS=10
READY_TIMEOUT_SECONDS=900

TMP="$(mktemp -d "${TMPDIR:-/tmp}/chokepoint-bench.XXXXXX")"
CLONE="$TMP/clone"
M2="$TMP/m2"
DATA_DIR="$TMP/data/neo4j"
APP_PID=""

say() { printf '[bench] %s\n' "$*" >&2; }
now_ms() { date +%s%3N; }
secs() { awk -v ms="$1" 'BEGIN { printf "%.1f s", ms / 1000 }'; }
rss_mib() { awk '/^VmRSS:/ { printf "%.0f MiB", $2 / 1024 }' "/proc/$1/status"; }
java_pid() { pgrep -f -- "--data-dir=$DATA_DIR" || true; }

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
    say "cleanup: stopping npm start (pid $APP_PID)"
    kill -TERM "$APP_PID" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.2; done
    # npm was started with setsid: its process group id is its pid.
    kill -KILL -- "-$APP_PID" 2>/dev/null || true
  fi
  local jp
  jp="$(java_pid)"
  if [[ -n "$jp" ]]; then kill -KILL $jp 2>/dev/null || true; fi
  if [[ $status -ne 0 && -n "${LOG:-}" && -f "$LOG" ]]; then
    say "last lines of $LOG:"; tail -n 30 "$LOG" >&2
  fi
  rm -rf "$TMP"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_free() { ! ss -ltnH "sport = :$1" | grep -q .; }
for port in "$HTTP_PORT" "$BOLT_PORT"; do
  port_free "$port" || { say "port $port is already in use; set BENCH_HTTP_PORT / BENCH_BOLT_PORT"; exit 1; }
done

# Starts `npm start` in the clone and returns when /ready answers 200; sets APP_PID, LOG and READY_MS.
start_app() {
  LOG="$TMP/$1.log"
  local started
  started="$(now_ms)"
  (
    cd "$CLONE"
    exec env -u NEO4J_URI HOST=127.0.0.1 PORT="$HTTP_PORT" LOG_LEVEL=info SEED_ON_START=true GRAPHIQL=true \
      NEO4J_EMBEDDED_PORT="$BOLT_PORT" NEO4J_EMBEDDED_DATA_DIR="$DATA_DIR" \
      NEO4J_EMBEDDED_HEAP_MB=1024 NEO4J_EMBEDDED_PAGECACHE_MB=256 \
      MAVEN_OPTS="-Dmaven.repo.local=$M2" \
      setsid npm start
  ) </dev/null >"$LOG" 2>&1 &
  APP_PID=$!
  local deadline=$((started + READY_TIMEOUT_SECONDS * 1000))
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$HTTP_PORT/ready" || true)" == 200 ]]; do
    kill -0 "$APP_PID" 2>/dev/null || { say "npm start exited before /ready answered"; exit 1; }
    (($(now_ms) < deadline)) || { say "/ready did not answer 200 within $READY_TIMEOUT_SECONDS s"; exit 1; }
    sleep 0.2
  done
  READY_MS=$(($(now_ms) - started))
}

# SIGTERM to npm; sets STOP_MS when npm and the JVM have both exited.
stop_app() {
  local jp started rc=0
  jp="$(java_pid)"
  started="$(now_ms)"
  kill -TERM "$APP_PID"
  wait "$APP_PID" || rc=$?
  while [[ -n "$jp" ]] && kill -0 "$jp" 2>/dev/null; do sleep 0.05; done
  STOP_MS=$(($(now_ms) - started))
  STOP_RC=$rc
  APP_PID=""
}

# Pids of the app: the node process that listens on the HTTP port.
app_node_pid() { ss -ltnpH "sport = :$HTTP_PORT" | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2; }
# Sum of VmRSS over npm's process group except java (npm + sh + tsx CLI + the app).
node_tree_rss() {
  local total=0 pid kb
  for pid in $(pgrep -g "$APP_PID"); do
    [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == java ]] && continue
    kb="$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)"
    total=$((total + ${kb:-0}))
  done
  awk -v kb="$total" 'BEGIN { printf "%.0f MiB", kb / 1024 }'
}
log_field() { grep -o "$1" "$LOG" | head -n 1 || true; }

# --- the machine ---------------------------------------------------------------------------------
CPU="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo || true)"
MEM="$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
JAVA="$(java -version 2>&1 | sed -n 1p)"
NODE="$(node --version)"
MVN="$(mvn -B -v 2>/dev/null | sed -n 1p | sed 's/\x1b\[[0-9;]*m//g')"
DATE="$(date -u '+%Y-%m-%d %H:%M UTC')"

# --- a clone with an empty Maven repository ------------------------------------------------------
say "cloning $REPO into $CLONE"
git clone -q "$REPO" "$CLONE"
COMMIT="$(git -C "$CLONE" rev-parse --short HEAD)"
cp -a "$REPO/node_modules" "$CLONE/"
mkdir -p "$M2"

# --- a. cold start -------------------------------------------------------------------------------
say "cold start (empty Maven repo $M2, no neo4j-embedded/target, no data folder): npm start → /ready"
start_app cold
COLD_MS=$READY_MS
COLD_BUILD="$(log_field 'launcher built in [0-9.]* s' | grep -o '[0-9.]* s' || true)"
COLD_JVM="$(log_field 'ready on bolt://[^(]*([0-9]* ms' | grep -o '[0-9]* ms' || true)"
JARS="$(find "$CLONE/neo4j-embedded/target/lib" -name '*.jar' | wc -l)"
LIB_DU="$(du -sh "$CLONE/neo4j-embedded/target/lib" | cut -f1)"
M2_DU="$(du -sh "$M2" | cut -f1)"
DATA_DU_SEEDED="$(du -sh "$DATA_DIR" | cut -f1)"
SEED="$(grep -m1 '"msg":"seed loaded"' "$LOG" | sed -E 's/.*"msg":"seed loaded",?//; s/[{}"]//g; s/,/, /g' || true)"

# --- d. idle memory ------------------------------------------------------------------------------
say "idle for $IDLE_SECONDS s, then reading VmRSS"
sleep "$IDLE_SECONDS"
JP="$(java_pid)"
NP="$(app_node_pid)"
[[ -n "$JP" && -n "$NP" ]] || { say "could not find the java ($JP) or node ($NP) process"; exit 1; }
JAVA_RSS="$(rss_mib "$JP")"
NODE_RSS="$(rss_mib "$NP")"
TREE_RSS="$(node_tree_rss)"

# --- b. shutdown, then warm start ----------------------------------------------------------------
say "SIGTERM to npm start; waiting for npm and the JVM to exit"
stop_app
COLD_STOP_MS=$STOP_MS
[[ $STOP_RC -eq 0 ]] || say "note: npm start exited with code $STOP_RC after SIGTERM"
[[ -z "$(java_pid)" ]] || { say "the JVM is still running after npm exited"; exit 1; }
DATA_DU_STOPPED="$(du -sh "$DATA_DIR" | cut -f1)"

say "warm start (jars built, data folder seeded): npm start → /ready"
start_app warm
WARM_MS=$READY_MS
WARM_JVM="$(log_field 'ready on bolt://[^(]*([0-9]* ms' | grep -o '[0-9]* ms' || true)"
if grep -q 'building the embedded Neo4j launcher' "$LOG"; then say "warm start rebuilt the launcher (unexpected)"; exit 1; fi
sleep "$IDLE_SECONDS"
JAVA_RSS_WARM="$(rss_mib "$(java_pid)")"
say "SIGTERM to npm start (warm)"
stop_app
WARM_STOP_MS=$STOP_MS

# --- the report ----------------------------------------------------------------------------------
cat <<EOF

### \`npm start\` with the embedded Neo4j — \`bash bench/startup.sh\`

Machine: ${CPU:-unknown CPU}, $(nproc) CPUs (nproc), $MEM RAM; $JAVA; Node $NODE; $MVN.
Measured $DATE on commit $COMMIT (a clone; uncommitted changes are not measured).
Settings: NEO4J_EMBEDDED_HEAP_MB=1024, NEO4J_EMBEDDED_PAGECACHE_MB=256, SEED_ON_START=true.

| What | Figure |
|---|---|
| Cold start: \`npm start\` → \`/ready\` 200 (empty Maven repo, fresh data folder, seed loaded) | $(secs "$COLD_MS") |
| … of which \`mvn package\` (download + compile + copy jars) | ${COLD_BUILD:-n/a} |
| … of which JVM spawn → Bolt ready (new store) | ${COLD_JVM:-n/a} |
| Warm start: \`npm start\` → \`/ready\` 200 (jars built, data folder seeded; seed re-applied) | $(secs "$WARM_MS") |
| … of which JVM spawn → Bolt ready (existing store) | ${WARM_JVM:-n/a} |
| Shutdown: SIGTERM to \`npm start\` → npm and JVM exited (after cold start) | $(secs "$COLD_STOP_MS") |
| Shutdown: same, after warm start | $(secs "$WARM_STOP_MS") |
| Jars: \`du -sh neo4j-embedded/target/lib\` | $LIB_DU ($JARS jars) |
| Maven repository downloaded by the first build (\`du -sh\` of the empty repo afterwards) | $M2_DU |
| Data folder after the seed load (\`du -sh\`, server running) | $DATA_DU_SEEDED |
| Data folder after shutdown | $DATA_DU_STOPPED |
| JVM RSS, ${IDLE_SECONDS} s idle after \`/ready\` (cold start) | $JAVA_RSS |
| JVM RSS, ${IDLE_SECONDS} s idle after \`/ready\` (warm start) | $JAVA_RSS_WARM |
| Node RSS (the API process), ${IDLE_SECONDS} s idle | $NODE_RSS |
| Node RSS, npm + tsx wrappers + API together | $TREE_RSS |

Seed load on the cold start: ${SEED:-n/a}
EOF
