#!/usr/bin/env bash
# The load comparison and the memory check of BENCHMARKS.md (issue #8), in one command:
#
#   benchmarks/load.sh            # full run (~19 min): 5 interleaved rounds, 30 paired /hello runs, then
#                                 # 1,000,000 requests for memory
#   benchmarks/load.sh --quick    # smoke run (~3 min): 1 short round, 100,000 requests for memory
#
# It builds the benchmarks module, starts every server configuration on 127.0.0.1 (each its own JVM,
# same heap and GC flags), warms each up, drives each endpoint of each with wrk, round after round with
# the order of the configurations rotated, and writes
#   benchmarks/results/load.md     throughput, p50/p99 latency, ratios to the bare server, targets
#   benchmarks/results/memory.md   heap after full GCs, after 10,000 and up to 1,000,000 random paths
# with wrk's raw output under benchmarks/target/load-run/. Needs a JDK 21+ and wrk (Debian: apt-get
# install wrk). Every server it starts is killed when it exits. Load goes to 127.0.0.1 only.
#
# Options:
#   --quick               1 round of 3 s per run, 2 s warm-up, 100,000 requests for memory
#   --rounds N            rounds of the comparison (default 5)
#   --duration S          seconds per wrk run (default 5)
#   --warmup S            seconds of warm-up per endpoint and server (default 4)
#   --connections N       wrk connections (default 32)
#   --memory-requests N   requests of the memory check (default 1000000)
#   --pairs N             paired /hello runs after the rounds (default 30): bare Undertow, Undertow +
#                         Faultline and the same with its completion line, back to back, the order
#                         reversed every pair; the /hello targets are judged on them (0: judge on the rounds)
#   --pair-duration S     seconds per paired run (default 2)
#   --pin                 pin wrk to CPU 0 and the servers to the others (taskset); off by default: on
#                         this project's 2-vCPU VM, waking a pinned, idle vCPU cost ~0.5 ms per request
#   --no-build            use the classes already built
#   --skip-load | --skip-memory
#   --profile             instead of the above: JFR recordings of the Faultline and Logbook configurations,
#                         one per endpoint under load (10 s), summarised by component in
#                         benchmarks/results/profile-CONFIG-ENDPOINT.md (~4 min)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"

ROUNDS=5 DURATION=5 WARMUP=4 CONNECTIONS=32 MEMORY_REQUESTS=1000000 PAIRS=30 PAIR_DURATION=2
PIN=0 BUILD=1 LOAD=1 MEMORY=1 PROFILE=0 QUICK=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ROUNDS=1 DURATION=3 WARMUP=2 MEMORY_REQUESTS=100000 PAIRS=2 ;;
    --rounds) ROUNDS="$2"; shift ;;
    --duration) DURATION="$2"; shift ;;
    --pairs) PAIRS="$2"; shift ;;
    --pair-duration) PAIR_DURATION="$2"; shift ;;
    --warmup) WARMUP="$2"; shift ;;
    --connections) CONNECTIONS="$2"; shift ;;
    --memory-requests) MEMORY_REQUESTS="$2"; shift ;;
    --pin) PIN=1 ;;
    --no-pin) PIN=0 ;;
    --no-build) BUILD=0 ;;
    --skip-load) LOAD=0 ;;
    --skip-memory) MEMORY=0 ;;
    --profile) PROFILE=1 LOAD=0 MEMORY=0 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "load.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
for n in "$ROUNDS" "$DURATION" "$WARMUP" "$CONNECTIONS" "$MEMORY_REQUESTS" "$PAIR_DURATION"; do
  case "$n" in ''|*[!0-9]*|0) echo "load.sh: numeric options must be positive integers, got '$n'" >&2; exit 2 ;; esac
done
case "$PAIRS" in ''|*[!0-9]*) echo "load.sh: --pairs must be a number (0 for none), got '$PAIRS'" >&2; exit 2 ;; esac
if [ "$MEMORY_REQUESTS" -le 10000 ]; then
  echo "load.sh: --memory-requests must be more than the 10,000 of the first measurement" >&2; exit 2
fi

# --- a JDK 21+ (as .ci/run picks it) ---------------------------------------------------------------
. "$ROOT/.ci/jdk.sh"   # exports JAVA_HOME and PATH for a JDK 21+, as .ci/run does

if ! command -v wrk >/dev/null 2>&1; then
  echo "load.sh: wrk is not installed. On Debian or Ubuntu: sudo apt-get install wrk" >&2
  exit 1
fi

# --- CPUs: wrk on CPU 0, the servers on the others -------------------------------------------------
NPROC="$(nproc)"
if [ "$PIN" = 1 ] && [ "$NPROC" -ge 2 ] && command -v taskset >/dev/null 2>&1; then
  WRK_PIN=(taskset -c 0)
  SERVER_PIN=(taskset -c "1-$((NPROC - 1))")
  PINNING="wrk on CPU 0, every server on CPU 1-$((NPROC - 1)) (taskset)"
else
  WRK_PIN=() SERVER_PIN=()
  PINNING="none (wrk and the servers share all $NPROC CPUs)"
fi

# identical for every server
JVM_FLAGS=(-Xms512m -Xmx512m -XX:+UseG1GC -XX:+AlwaysPreTouch)

# --- build -----------------------------------------------------------------------------------------
if [ "$BUILD" = 1 ]; then
  echo "== building (./mvnw -B -ntp -q -Pbenchmarks -pl benchmarks -am package -DskipTests)"
  ./mvnw -B -ntp -q -Pbenchmarks -pl benchmarks -am package -DskipTests
fi
CP="$ROOT/benchmarks/target/classes:$ROOT/benchmarks/target/load-lib/*"
if [ ! -d "$ROOT/benchmarks/target/load-lib" ]; then
  echo "load.sh: benchmarks/target/load-lib is missing: run without --no-build" >&2
  exit 1
fi

WORK="$ROOT/benchmarks/target/load-run"
RESULTS="$ROOT/benchmarks/results"
rm -rf "$WORK"
mkdir -p "$WORK" "$RESULTS"

# --- servers ---------------------------------------------------------------------------------------
declare -A PID PORT ADMIN LOGFILE
WRK_PID=""
cleanup() {
  local c
  [ -n "$WRK_PID" ] && kill "$WRK_PID" 2>/dev/null || true
  for c in "${!PID[@]}"; do
    kill "${PID[$c]}" 2>/dev/null || true
  done
  for c in "${!PID[@]}"; do
    wait "${PID[$c]}" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_server NAME CONFIG [--log] [--admin] [extra JVM flags...]
start_server() {
  local name="$1" config="$2"; shift 2
  local args=("$config" --port 0) jvm=()
  LOGFILE[$name]=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --log) LOGFILE[$name]="$WORK/$name.log"; args+=(--log "${LOGFILE[$name]}") ;;
      --admin) args+=(--admin-port 0) ;;
      *) jvm+=("$1") ;;
    esac
    shift
  done
  env -u FAULTLINE_ENV -u ENVIRONMENT "${SERVER_PIN[@]}" java "${JVM_FLAGS[@]}" "${jvm[@]}" -cp "$CP" \
      dev.faultline.benchmarks.load.LoadServer "${args[@]}" >"$WORK/$name.out" 2>"$WORK/$name.err" &
  PID[$name]=$!
  local i
  for i in $(seq 600); do
    if grep -q '^PORT ' "$WORK/$name.out" 2>/dev/null; then
      PORT[$name]="$(awk '/^PORT /{print $2}' "$WORK/$name.out")"
      ADMIN[$name]="$(awk '/^ADMIN /{print $2}' "$WORK/$name.out")"
      return 0
    fi
    if ! kill -0 "${PID[$name]}" 2>/dev/null; then break; fi
    sleep 0.1
  done
  echo "load.sh: server $name did not start; its output:" >&2
  cat "$WORK/$name.out" "$WORK/$name.err" >&2
  exit 1
}

stop_server() {
  local name="$1"
  kill "${PID[$name]}" 2>/dev/null || true
  wait "${PID[$name]}" 2>/dev/null || true
  unset "PID[$name]"
}

# log events in a log file: the lines that start with logback-exchange.xml's time stamp, so that a
# stack trace's lines (faultline.error logs one per failure pattern per interval) count with their event
log_events() {
  grep -c '^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T' "$1" || true
}

# log events in a log file once the async appender has drained (the count stops changing)
settled_lines() {
  local file="$1" before after
  after="$(log_events "$file")"
  while :; do
    before="$after"
    sleep 0.3
    after="$(log_events "$file")"
    [ "$after" = "$before" ] && break
  done
  echo "$after"
}

# run_wrk OUT URL [wrk options...]: wrk with the report script; prints the RESULT fields
run_wrk() {
  local out="$1" url="$2"; shift 2
  "${WRK_PIN[@]}" wrk -t1 -c"$CONNECTIONS" --latency -s "$ROOT/benchmarks/wrk/report.lua" "$@" "$url" >"$out" 2>&1 || {
    echo "load.sh: wrk failed against $url:" >&2; cat "$out" >&2; exit 1; }
  grep '^RESULT ' "$out" | sed 's/^RESULT //'
}

# CPU time (user + system, all threads) a process has used so far, in clock ticks
CLK_TCK="$(getconf CLK_TCK)"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

field() { # field NAME "k=v k=v ..."
  local kv
  for kv in $2; do
    [ "${kv%%=*}" = "$1" ] && { echo "${kv#*=}"; return; }
  done
  echo 0
}

machine_md() {
  echo "| | |"
  echo "|---|---|"
  echo "| CPUs (nproc) | $NPROC |"
  echo "| CPU | $(lscpu 2>/dev/null | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2; exit}') |"
  echo "| memory | $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) |"
  echo "| kernel | $(uname -sr) |"
  echo "| JDK | $(java -version 2>&1 | head -2 | tail -1) |"
  echo "| wrk | $(wrk -v 2>&1 | head -1 | sed 's/ Copyright.*//') |"
  echo "| server JVM flags | \`${JVM_FLAGS[*]}\` |"
  echo "| pinning | $PINNING |"
  echo "| load average at start | $(cut -d' ' -f1-3 /proc/loadavg) |"
}

ENDPOINTS=(hello missing boom)
CONFIGS=(undertow undertow-faultline undertow-faultline-nosig undertow-faultline-log jetty jetty-faultline jetty-faultline-log jetty-logbook-log)
START_ALL=(
  "undertow undertow"
  "undertow-faultline undertow-faultline"
  "undertow-faultline-nosig undertow-faultline -Dload.signatures=false"
  "undertow-faultline-log undertow-faultline --log"
  "jetty jetty"
  "jetty-faultline jetty-faultline"
  "jetty-faultline-log jetty-faultline --log"
  "jetty-logbook-log jetty-logbook --log"
)
COMMAND="benchmarks/load.sh"
[ "$QUICK" = 1 ] && COMMAND="benchmarks/load.sh --quick"

# --- the comparison --------------------------------------------------------------------------------
if [ "$LOAD" = 1 ]; then
  echo "== starting ${#CONFIGS[@]} servers ($PINNING)"
  MACHINE="$(machine_md)"
  for spec in "${START_ALL[@]}"; do
    # shellcheck disable=SC2086
    start_server $spec
    name="${spec%% *}"
    echo "   $name on 127.0.0.1:${PORT[$name]} (pid ${PID[$name]})"
  done

  echo "== warm-up: ${WARMUP}s per endpoint and server"
  for name in "${CONFIGS[@]}"; do
    for ep in "${ENDPOINTS[@]}"; do
      run_wrk "$WORK/warmup-$name-$ep.txt" "http://127.0.0.1:${PORT[$name]}/$ep" -d"${WARMUP}s" >/dev/null
    done
    if [ -n "${LOGFILE[$name]}" ]; then settled_lines "${LOGFILE[$name]}" >/dev/null; : >"${LOGFILE[$name]}"; fi
  done

  # measure RAW LABEL ROUND ENDPOINT NAME SECONDS: one wrk run, appended to RAW as a line of LoadReport's input
  measure() {
    local raw="$1" label="$2" round="$3" ep="$4" name="$5" secs="$6" cpu0 cpu1 r lines errors cpu_us
    cpu0="$(cpu_ticks "${PID[$name]}")"
    r="$(run_wrk "$WORK/$label$round-$ep-$name.txt" "http://127.0.0.1:${PORT[$name]}/$ep" -d"${secs}s")"
    cpu1="$(cpu_ticks "${PID[$name]}")"
    lines=-1
    if [ -n "${LOGFILE[$name]}" ]; then
      lines="$(settled_lines "${LOGFILE[$name]}")"
      : >"${LOGFILE[$name]}" # keeps the disk use bounded; the appender writes in append mode
    fi
    errors=$(( $(field connect "$r") + $(field read "$r") + $(field write "$r") + $(field timeout "$r") ))
    cpu_us=$(( (cpu1 - cpu0) * 1000000 / CLK_TCK ))
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$ep" "$name" "$(field requests "$r")" \
      "$(field duration_us "$r")" "$(field p50_us "$r")" "$(field p99_us "$r")" "$errors" "$(field status "$r")" \
      "$lines" "$cpu_us" >>"$raw"
    printf '   %s %-3s %-8s %-24s %9.0f req/s  p50 %6s us  p99 %6s us  server CPU %6.2f us/req\n' "$label" "$round" "$ep" "$name" \
      "$(awk -v q="$(field requests "$r")" -v d="$(field duration_us "$r")" 'BEGIN {print q * 1000000 / d}')" \
      "$(field p50_us "$r")" "$(field p99_us "$r")" \
      "$(awk -v q="$(field requests "$r")" -v c="$cpu_us" 'BEGIN {print (q > 0 ? c / q : 0)}')"
  }
  HEADER='round\tendpoint\tconfig\trequests\tduration_us\tp50_us\tp99_us\tsocket_errors\tnon_2xx\tlog_lines\tserver_cpu_us\n'
  RAW="$WORK/load-raw.tsv"
  printf "$HEADER" >"$RAW"
  n=${#CONFIGS[@]}
  for round in $(seq "$ROUNDS"); do
    for ep in "${ENDPOINTS[@]}"; do
      for i in $(seq 0 $((n - 1))); do
        # rotate the order every round, so that no configuration always runs first or last
        measure "$RAW" round "$round" "$ep" "${CONFIGS[$(((i + round - 1) % n))]}" "$DURATION"
      done
    done
  done

  # Paired /hello runs for the targets on it (issues 16 and 17). A wrk run's throughput moves by about
  # 4 % from one run to the next on 2 vCPUs, however long the run (2 s and 5 s alike), which is as much
  # as the distance to a 0.97x bound: many short runs, back to back, measure the ratio more closely than
  # a few long ones spread over a round of every configuration. The order is reversed every pair, so
  # that a drifting machine favours neither side.
  PAIRS_RAW="$WORK/pairs-raw.tsv"
  printf "$HEADER" >"$PAIRS_RAW"
  PAIRED=(undertow undertow-faultline undertow-faultline-log)
  for pair in $(seq "$PAIRS"); do
    order=("${PAIRED[@]}")
    if [ $((pair % 2)) = 0 ]; then order=(undertow-faultline-log undertow-faultline undertow); fi
    for name in "${order[@]}"; do
      measure "$PAIRS_RAW" pair "$pair" hello "$name" "$PAIR_DURATION"
    done
  done
  for name in "${CONFIGS[@]}"; do stop_server "$name"; done

  {
    echo "# Load comparison"
    echo
    echo "Written by \`$COMMAND\` on $(date -u '+%Y-%m-%d %H:%M UTC'). Method and discussion: BENCHMARKS.md."
    echo
    echo "$MACHINE"
    echo "| load average at end | $(cut -d' ' -f1-3 /proc/loadavg) |"
    echo
    echo "Each configuration ran in its own JVM, all started at once; per round, every endpoint of every"
    echo "configuration got \`wrk -t1 -c$CONNECTIONS -d${DURATION}s --latency\` (after ${WARMUP}s of warm-up per endpoint"
    echo "and server), in an order rotated each round. $ROUNDS round(s). Then $PAIRS paired runs on \`/hello\`:"
    echo "\`wrk -t1 -c$CONNECTIONS -d${PAIR_DURATION}s --latency\` on bare Undertow, Undertow + Faultline and the same with its"
    echo "completion line, back to back, the order reversed every pair."
    echo
    java -cp "$CP" dev.faultline.benchmarks.load.LoadReport "$RAW" "$PAIRS_RAW"
    echo "Raw figures (one line per wrk run; the rounds, then the pairs):"
    echo
    echo '```'
    column -t -s $'\t' "$RAW" 2>/dev/null || cat "$RAW"
    echo
    column -t -s $'\t' "$PAIRS_RAW" 2>/dev/null || cat "$PAIRS_RAW"
    echo '```'
  } >"$RESULTS/load.md"
  echo "== wrote benchmarks/results/load.md"
fi

# --- the memory check ------------------------------------------------------------------------------
if [ "$MEMORY" = 1 ]; then
  echo "== memory: Undertow + Faultline, $MEMORY_REQUESTS requests to distinct random paths"
  MACHINE="$(machine_md)"
  start_server memory undertow-faultline --log --admin
  url="http://127.0.0.1:${PORT[memory]}/"
  heap() { # GET /heap from the admin listener, with bash alone (no curl needed)
    local reply
    exec 3<>"/dev/tcp/127.0.0.1/${ADMIN[memory]}"
    printf 'GET /heap HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
    reply="$(cat <&3)"
    exec 3<&-
    echo "$reply" | tr -d '\r' | awk '/^used_bytes/ {print $2}'
  }
  histogram() { jcmd "${PID[memory]}" GC.class_histogram 2>/dev/null | head -25; }
  # points at which the heap is measured after full GCs
  points=(10000)
  for q in 1 2 3 4; do
    p=$((MEMORY_REQUESTS * q / 4))
    if [ "$p" -gt 10000 ]; then points+=("$p"); fi
  done
  done_requests=0
  seed=1
  declare -a ROWS=()
  for point in "${points[@]}"; do
    want=$((point - done_requests))
    marker="$WORK/memory-$point.done"
    "${WRK_PIN[@]}" wrk -t1 -c"$CONNECTIONS" -d600s -s "$ROOT/benchmarks/wrk/random-paths.lua" "$url" \
        -- "$want" "$seed" "$marker" >"$WORK/memory-$point.txt" 2>&1 &
    WRK_PID=$!
    while [ ! -e "$marker" ] && kill -0 "$WRK_PID" 2>/dev/null; do sleep 0.2; done
    kill -INT "$WRK_PID" 2>/dev/null || true
    wait "$WRK_PID" || true
    WRK_PID=""
    r="$(grep '^RESULT ' "$WORK/memory-$point.txt" | sed 's/^RESULT //')"
    sent="$(field requests "$r")"
    if [ "$sent" -lt "$want" ]; then
      echo "load.sh: the memory run stopped after $sent of $want requests:" >&2
      cat "$WORK/memory-$point.txt" >&2
      exit 1
    fi
    done_requests=$((done_requests + sent))
    errors=$(( $(field connect "$r") + $(field read "$r") + $(field write "$r") + $(field timeout "$r") ))
    used="$(heap)"
    lines="$(settled_lines "${LOGFILE[memory]}")"
    : >"${LOGFILE[memory]}"
    ROWS+=("$point $done_requests $used $errors $(field status "$r") $lines $sent")
    printf '   after %9d requests: heap used after full GC %8.2f MiB\n' "$done_requests" "$(awk -v u="$used" 'BEGIN {print u / 1048576}')"
    if [ "$point" = 10000 ]; then histogram >"$WORK/histogram-first.txt"; fi
    seed=$((seed + 1))
  done
  histogram >"$WORK/histogram-last.txt"
  stop_server memory

  first_used="$(echo "${ROWS[0]}" | awk '{print $3}')"
  last_used="$(echo "${ROWS[${#ROWS[@]}-1]}" | awk '{print $3}')"
  last_total="$(echo "${ROWS[${#ROWS[@]}-1]}" | awk '{print $2}')"
  delta_mib="$(awk -v a="$first_used" -v b="$last_used" 'BEGIN {printf "%.2f", (b - a) / 1048576}')"
  verdict="$(awk -v a="$first_used" -v b="$last_used" 'BEGIN {print (b - a <= 16 * 1048576) ? "**pass**" : "**miss**"}')"
  {
    echo "# Memory check"
    echo
    echo "Written by \`$COMMAND\` on $(date -u '+%Y-%m-%d %H:%M UTC'). Method: BENCHMARKS.md."
    echo
    echo "$MACHINE"
    echo
    echo "Undertow + \`FaultlineHandler\` with \`LoadApp.faultline()\` (the defaults: metrics, security scan,"
    echo "recovery, alerting, pattern analysis; rate limit raised to 10,000,000/min), exchange log on (one"
    echo "\`faultline.http\` line per request and one \`faultline.error\` line per failure, async appender over a"
    echo "file appender; log lines counted as events, a stack trace with its line). Requests from"
    echo "\`benchmarks/wrk/random-paths.lua\`: every path distinct, a quarter each \`/files/ID\` (200, no route"
    echo "template: each path its own endpoint), \`/missing/ID\` (404), \`/fail/ID\` (500, the exception's message"
    echo "carries the path), \`/hello?q=ID\` (200), each with a distinct User-Agent. Heap in use measured by"
    echo "the server's benchmark-only admin listener after three \`System.gc()\` (full collections under G1)."
    echo
    echo "| measured after (requests) | heap used after full GC | Δ vs first | socket errors | non-2xx | log lines |"
    echo "|---:|---:|---:|---:|---:|---:|"
    for row in "${ROWS[@]}"; do
      # shellcheck disable=SC2086
      set -- $row
      awk -v t="$2" -v u="$3" -v f="$first_used" -v e="$4" -v s="$5" -v l="$6" -v n="$7" 'BEGIN {
        printf "| %d | %.2f MiB | %+.2f MiB | %d | %d | %d for %d requests |\n", t, u / 1048576, (u - f) / 1048576, e, s, l, n }'
    done
    echo
    echo "**Target:** the heap after $last_total requests is within 16 MiB of its level after the first 10,000:"
    echo "Δ = $delta_mib MiB → $verdict."
    [ "$QUICK" = 1 ] && echo "(Quick mode: $MEMORY_REQUESTS requests, not the target's 1,000,000.)"
    echo
    echo "Largest classes on the heap (\`jcmd GC.class_histogram\`), after the first 10,000 requests:"
    echo
    echo '```'
    cat "$WORK/histogram-first.txt"
    echo '```'
    echo
    echo "and at the end:"
    echo
    echo '```'
    cat "$WORK/histogram-last.txt"
    echo '```'
  } >"$RESULTS/memory.md"
  rm -f "${LOGFILE[memory]}"
  echo "== wrote benchmarks/results/memory.md (Δ $delta_mib MiB: $verdict)"
fi

# --- profiles --------------------------------------------------------------------------------------
if [ "$PROFILE" = 1 ]; then
  # JFR's "profile" settings sample each thread every 10-20 ms: too few samples in 10 s; 1 ms here
  cat >"$WORK/load.jfc" <<'JFC'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0" label="load.sh">
  <event name="jdk.ExecutionSample"><setting name="enabled">true</setting><setting name="period">1 ms</setting></event>
  <event name="jdk.ObjectAllocationSample"><setting name="enabled">true</setting><setting name="throttle">1000/s</setting><setting name="stackTrace">true</setting></event>
</configuration>
JFC
  # each configuration with Faultline (and Logbook, for comparison), recorded per endpoint under load
  for spec in "undertow-faultline undertow-faultline" "undertow-faultline-log undertow-faultline --log" \
              "jetty-faultline-log jetty-faultline --log" "jetty-logbook-log jetty-logbook --log"; do
    name="${spec%% *}"
    # shellcheck disable=SC2086
    start_server $spec -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints
    for ep in "${ENDPOINTS[@]}"; do
      run_wrk "$WORK/profile-warmup-$name-$ep.txt" "http://127.0.0.1:${PORT[$name]}/$ep" -d"${WARMUP}s" >/dev/null
    done
    for ep in "${ENDPOINTS[@]}"; do
      jfr="$WORK/$name-$ep.jfr"
      echo "== profiling $name: /$ep for $((DURATION * 2))s"
      jcmd "${PID[$name]}" JFR.start name=load settings="$WORK/load.jfc" filename="$jfr" >/dev/null
      run_wrk "$WORK/profile-$name-$ep.txt" "http://127.0.0.1:${PORT[$name]}/$ep" -d"$((DURATION * 2))s" >/dev/null
      jcmd "${PID[$name]}" JFR.stop name=load >/dev/null
      if [ -n "${LOGFILE[$name]}" ]; then settled_lines "${LOGFILE[$name]}" >/dev/null; : >"${LOGFILE[$name]}"; fi
      {
        echo "# JFR profile: $name under /$ep load"
        echo
        echo "Written by \`benchmarks/load.sh --profile\` on $(date -u '+%Y-%m-%d %H:%M UTC'); wrk -t1 -c$CONNECTIONS for $((DURATION * 2))s, after warm-up."
        echo
        java -cp "$CP" dev.faultline.benchmarks.load.ProfileSummary "$jfr"
        echo
        echo '```'
        jfr view --width 160 hot-methods "$jfr"
        echo
        jfr view --width 160 allocation-by-class "$jfr"
        echo '```'
      } >"$RESULTS/profile-$name-$ep.md" 2>&1
      echo "   wrote benchmarks/results/profile-$name-$ep.md"
    done
    stop_server "$name"
  done
fi
