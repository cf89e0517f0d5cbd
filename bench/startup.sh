#!/usr/bin/env bash
# Measures `npm start` with the embedded Neo4j: cold start (empty Maven repo, fresh data), warm starts, shutdown, disk, idle RSS.
# Run from anywhere: bash bench/startup.sh   (a few minutes; needs git, java, mvn, curl, ss and access to Maven Central)
set -euo pipefail

# It measures a clone of the last commit in a temporary folder, so the working copy (its neo4j-embedded/target,
# .data/ and ~/.m2) is never touched, and uses only HTTP port 4051 and Bolt port 7751 (override below).
# Sequence: cold start → idle → stop by SIGTERM to the API process → warm start 1 → idle → stop by SIGTERM to
# npm's whole process group (a group-wide signal, as systemd sends; Ctrl-C sends SIGINT that way) → warm start 2 → stop like the first
# → warm start 3 → SIGTERM to the npm process alone (reports what is still running 5 s later, then stops it).
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HTTP_PORT="${BENCH_HTTP_PORT:-4051}"
BOLT_PORT="${BENCH_BOLT_PORT:-7751}"
IDLE_SECONDS=10
READY_TIMEOUT_SECONDS=900
STOP_TIMEOUT_SECONDS=90

TMP="$(mktemp -d "${TMPDIR:-/tmp}/chokepoint-bench.XXXXXX")"
CLONE="$TMP/clone"
M2="$TMP/m2"
DATA_DIR="$TMP/data/neo4j"
APP_PID=""
LOG=""

say() { printf '[bench] %s\n' "$*" >&2; }
now_ms() { date +%s%3N; }
secs() { awk -v ms="$1" 'BEGIN { printf "%.1f s", ms / 1000 }'; }
rss_mib() { awk '/^VmRSS:/ { printf "%.0f MiB", $2 / 1024 }' "/proc/$1/status"; }
alive() { [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null; }
java_pid() { pgrep -f -- "--data-dir=$DATA_DIR" || true; }
# The API process: the node process that listens on the HTTP port.
app_node_pid() { ss -ltnpH "sport = :$HTTP_PORT" | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2 || true; }
log_field() { grep -o "$1" "$LOG" | head -n 1 || true; }
# Milliseconds between the first log lines matching $1 and $2 (the API logs JSON lines with an ISO "time").
log_gap() {
  local a b
  a="$(grep -m1 "$1" "$LOG" | grep -o '"time":"[^"]*"' | cut -d'"' -f4 || true)"
  b="$(grep -m1 "$2" "$LOG" | grep -o '"time":"[^"]*"' | cut -d'"' -f4 || true)"
  if [[ -n "$a" && -n "$b" ]]; then secs $(($(date -d "$b" +%s%3N) - $(date -d "$a" +%s%3N))); else echo n/a; fi
}

cleanup() {
  local status=$? jp
  trap - EXIT INT TERM
  if alive "$APP_PID"; then
    say "cleanup: stopping npm start (process group $APP_PID)"
    kill -TERM -- "-$APP_PID" 2>/dev/null || true
    for _ in $(seq 1 150); do pgrep -g "$APP_PID" >/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$APP_PID" 2>/dev/null || true
  fi
  jp="$(java_pid)"
  if [[ -n "$jp" ]]; then kill -KILL $jp 2>/dev/null || true; fi
  if [[ $status -ne 0 && -n "$LOG" && -f "$LOG" ]]; then
    say "last lines of $LOG:"; tail -n 30 "$LOG" >&2
  fi
  rm -rf "$TMP"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for port in "$HTTP_PORT" "$BOLT_PORT"; do
  if ss -ltnH "sport = :$port" | grep -q .; then
    say "port $port is already in use; set BENCH_HTTP_PORT / BENCH_BOLT_PORT"; exit 1
  fi
done

# Starts `npm start` in the clone (in its own session, so its process group id is npm's pid) and returns when
# /ready answers 200; sets APP_PID, LOG and READY_MS.
start_app() {
  LOG="$TMP/$1.log"
  local started deadline
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
  deadline=$((started + READY_TIMEOUT_SECONDS * 1000))
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$HTTP_PORT/ready" || true)" == 200 ]]; do
    alive "$APP_PID" || { say "npm start exited before /ready answered"; exit 1; }
    (($(now_ms) < deadline)) || { say "/ready did not answer 200 within $READY_TIMEOUT_SECONDS s"; exit 1; }
    sleep 0.2
  done
  READY_MS=$(($(now_ms) - started))
}

# stop_app api|group: SIGTERM to the API node process, or to npm's whole process group. Sets STOP_MS (until npm,
# the API process and the JVM have all exited) and STOP_HOW (graceful when the API logged "stopped").
# stop_app npm: SIGTERM to the npm process only; sets NPM_ONLY to what still ran 5 s later, then stops the API.
stop_app() {
  local jp np started deadline rc=0
  jp="$(java_pid)"
  np="$(app_node_pid)"
  [[ -n "$jp" && -n "$np" ]] || { say "could not find the java ($jp) or API node ($np) process"; exit 1; }
  started="$(now_ms)"
  deadline=$((started + STOP_TIMEOUT_SECONDS * 1000))
  case "$1" in
    api) kill -TERM "$np" ;;
    group) kill -TERM -- "-$APP_PID" ;;
    npm) kill -TERM "$APP_PID" ;;
  esac
  wait "$APP_PID" || rc=$?
  if [[ "$1" == npm ]]; then
    sleep 5
    NPM_ONLY="npm exit $rc; 5 s later:"
    if alive "$np"; then NPM_ONLY+=" API still running"; else NPM_ONLY+=" API gone"; fi
    if alive "$jp"; then NPM_ONLY+=", JVM still running"; else NPM_ONLY+=", JVM gone"; fi
    if alive "$np"; then kill -TERM "$np"; fi
  fi
  while alive "$jp" || alive "$np"; do
    (($(now_ms) < deadline)) || { say "the API or the JVM still runs $STOP_TIMEOUT_SECONDS s after SIGTERM"; exit 1; }
    sleep 0.05
  done
  STOP_MS=$(($(now_ms) - started))
  if grep -q '"msg":"stopped"' "$LOG"; then STOP_HOW="graceful, npm exit $rc"; else STOP_HOW="API did not log \"stopped\", npm exit $rc"; fi
  APP_PID=""
}

# --- the machine ---------------------------------------------------------------------------------
CPU="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo || true)"
MEM="$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
JAVA="$(java -version 2>&1 | sed -n 1p)"
NODE="$(node --version)"
NPM="$(npm --version 2>/dev/null)"
MVN="$(mvn -B -v 2>/dev/null | sed -n 1p | sed 's/\x1b\[[0-9;]*m//g')"
DATE="$(date -u '+%Y-%m-%d %H:%M UTC')"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
OTHER_JVMS="$(pgrep -c java || true)"

# --- a clone with an empty Maven repository ------------------------------------------------------
say "cloning $REPO into $CLONE"
git clone -q "$REPO" "$CLONE"
COMMIT="$(git -C "$CLONE" rev-parse --short HEAD)"
cp -a "$REPO/node_modules" "$CLONE/"
mkdir -p "$M2"

# --- a. cold start -------------------------------------------------------------------------------
say "cold start (empty Maven repo, no neo4j-embedded/target, no data folder): npm start → /ready"
start_app cold
COLD_MS=$READY_MS
COLD_BUILD="$(log_field 'launcher built in [0-9.]* s' | grep -o '[0-9.]* s' || true)"
COLD_JVM="$(log_field 'ready on bolt://[^(]*([0-9]* ms' | grep -o '[0-9]* ms' || true)"
COLD_SEED="$(log_gap 'embedded Neo4j is ready' '"msg":"seed loaded"')"
JARS="$(find "$CLONE/neo4j-embedded/target/lib" -name '*.jar' | wc -l)"
LIB_DU="$(du -sh "$CLONE/neo4j-embedded/target/lib" | cut -f1)"
M2_DU="$(du -sh "$M2" | cut -f1)"
DATA_DU_SEEDED="$(du -sh "$DATA_DIR" | cut -f1)"
SEED="$(grep -m1 '"msg":"seed loaded"' "$LOG" | sed -E 's/.*"msg":"seed loaded",?//; s/[{}"]//g; s/,/, /g' || true)"

# --- d. idle memory ------------------------------------------------------------------------------
say "idle for $IDLE_SECONDS s, then reading VmRSS"
sleep "$IDLE_SECONDS"
JAVA_RSS="$(rss_mib "$(java_pid)")"
NODE_RSS="$(rss_mib "$(app_node_pid)")"
WRAPPERS_RSS="$(for pid in $(pgrep -g "$APP_PID"); do
  [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == java ]] || awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true
done | awk '{ kb += $1 } END { printf "%.0f MiB", kb / 1024 }')"

# --- b. shutdown and warm starts -----------------------------------------------------------------
say "stop 1: SIGTERM to the API process"
stop_app api
STOP1_MS=$STOP_MS STOP1_HOW=$STOP_HOW
DATA_DU_STOPPED="$(du -sh "$DATA_DIR" | cut -f1)"

say "warm start 1 (jars built, data folder seeded): npm start → /ready"
start_app warm1
WARM1_MS=$READY_MS
WARM1_JVM="$(log_field 'ready on bolt://[^(]*([0-9]* ms' | grep -o '[0-9]* ms' || true)"
WARM1_SEED="$(log_gap 'embedded Neo4j is ready' '"msg":"seed loaded"')"
if grep -q 'building the embedded Neo4j launcher' "$LOG"; then say "the warm start rebuilt the launcher (unexpected)"; exit 1; fi
sleep "$IDLE_SECONDS"
JAVA_RSS_WARM="$(rss_mib "$(java_pid)")"
say "stop 2: SIGTERM to npm's process group"
stop_app group
STOP2_MS=$STOP_MS STOP2_HOW=$STOP_HOW

say "warm start 2: npm start → /ready"
start_app warm2
WARM2_MS=$READY_MS
WARM2_JVM="$(log_field 'ready on bolt://[^(]*([0-9]* ms' | grep -o '[0-9]* ms' || true)"
say "stop 3: SIGTERM to the API process"
stop_app api
STOP3_MS=$STOP_MS STOP3_HOW=$STOP_HOW

say "warm start 3, then SIGTERM to the npm process alone"
start_app warm3
WARM3_MS=$READY_MS
stop_app npm
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

# --- the report ----------------------------------------------------------------------------------
cat <<EOF

### \`npm start\` with the embedded Neo4j — \`bash bench/startup.sh\`

Machine: ${CPU:-unknown CPU}, $(nproc) CPUs (nproc), $MEM RAM; $JAVA; Node $NODE, npm $NPM; $MVN.
Measured $DATE on commit $COMMIT (a clone; uncommitted changes are not measured). Load average before/after:
$LOAD_BEFORE / $LOAD_AFTER; java processes on the machine when it began (others' included): $OTHER_JVMS.
Settings: NEO4J_EMBEDDED_HEAP_MB=1024, NEO4J_EMBEDDED_PAGECACHE_MB=256, SEED_ON_START=true.

| What | Figure |
|---|---|
| Cold start: \`npm start\` → \`/ready\` 200 (empty Maven repo, fresh data folder, seed loaded) | $(secs "$COLD_MS") |
| … of which \`mvn package\` (download + compile + copy jars) | ${COLD_BUILD:-n/a} |
| … of which JVM spawn → Bolt ready (new store) | ${COLD_JVM:-n/a} |
| … of which Bolt ready → constraints, indexes and seed loaded (log times) | $COLD_SEED |
| Warm start 1: \`npm start\` → \`/ready\` 200 (jars built, data folder seeded; seed skipped when unchanged) | $(secs "$WARM1_MS") |
| … of which JVM spawn → Bolt ready (existing store) | ${WARM1_JVM:-n/a} |
| … of which Bolt ready → schema and seed checked, listening (log times) | $WARM1_SEED |
| Warm start 2: same | $(secs "$WARM2_MS") |
| … of which JVM spawn → Bolt ready (existing store) | ${WARM2_JVM:-n/a} |
| Warm start 3: same | $(secs "$WARM3_MS") |
| Shutdown after cold start: SIGTERM to the API process → API, JVM and npm exited | $(secs "$STOP1_MS") ($STOP1_HOW) |
| Shutdown after warm start 1: SIGTERM to npm's process group (group-wide, as systemd; Ctrl-C does the same with SIGINT) | $(secs "$STOP2_MS") ($STOP2_HOW) |
| Shutdown after warm start 2: SIGTERM to the API process | $(secs "$STOP3_MS") ($STOP3_HOW) |
| After warm start 3: SIGTERM to the npm process alone | $NPM_ONLY |
| Jars: \`du -sh neo4j-embedded/target/lib\` | $LIB_DU ($JARS jars) |
| Maven repository filled by the first build (\`du -sh\` of the empty repo afterwards) | $M2_DU |
| Data folder after the seed load (\`du -sh\`, Neo4j running) | $DATA_DU_SEEDED |
| Data folder after the first shutdown | $DATA_DU_STOPPED |
| JVM RSS, ${IDLE_SECONDS} s idle after \`/ready\` (cold start) | $JAVA_RSS |
| JVM RSS, ${IDLE_SECONDS} s idle after \`/ready\` (warm start 1) | $JAVA_RSS_WARM |
| Node RSS of the API process, ${IDLE_SECONDS} s idle (cold start) | $NODE_RSS |
| RSS of every process in npm's process group except java (npm, the API, helpers) | $WRAPPERS_RSS |

Seed load on the cold start: ${SEED:-n/a}.
EOF
