#!/usr/bin/env bash
# Builds the benchmarks and runs every JMH benchmark with allocation profiling (-prof gc), then writes
# benchmarks/results/jmh.json (JMH's results) and benchmarks/results/jmh.md (the table, linearity
# ratios and targets; see BENCHMARKS.md).
#
#   benchmarks/jmh.sh                      # the full run (about 8 minutes on 2 cores)
#   benchmarks/jmh.sh --quick              # short iterations, for development (figures not for publishing)
#   benchmarks/jmh.sh --no-build ...       # reuse benchmarks/target/benchmarks.jar
#   benchmarks/jmh.sh Redaction            # only benchmarks matching a regular expression
#   benchmarks/jmh.sh -- -prof stack       # anything after -- goes to JMH as it is
#   benchmarks/jmh.sh --jfr Classifier     # profile instead: JFR per fork, then its hot methods and
#                                          # allocation sites (benchmarks/results/jfr/; no table written)
#
# Needs only a JDK 21+: if JAVA_HOME and the default java are older, the newest JDK 21+ under
# /usr/lib/jvm is used (as .ci/run does). Maven comes through the wrapper.
set -euo pipefail
cd "$(dirname "$0")/.."


# The published settings are the benchmarks' own annotations: 1 fork, 5 warm-up iterations of 1 s and
# 5 measured iterations of 2 s; 3 forks of 4 x 1 s warm-up and 3 x 1 s measurement for redaction and
# the scan, whose size ratios must not hang on one JIT outcome; 3 x 1 s and 3 x 1 s for the 12 cases of
# EncoderBenchmark (about 8 minutes in all on 2 cores).
settings=()
build=1
jfr=0
selection=()
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) settings=(-f 1 -wi 2 -w 500ms -i 3 -r 500ms) ;;
    --no-build) build=0 ;;
    --jfr) jfr=1 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    --) shift; extra=("$@"); break ;;
    -*) echo "unknown option $1 (JMH options go after --)" >&2; exit 2 ;;
    *) selection+=("$1") ;;
  esac
  shift
done

. .ci/jdk.sh   # exports JAVA_HOME and PATH for a JDK 21+, as .ci/run does
echo "Using JAVA_HOME=$JAVA_HOME ($(java_major "$JAVA_HOME/bin/java"))"

if [ "$build" = 1 ]; then
  ./mvnw -B -ntp -q -Pbenchmarks -pl benchmarks -am package -DskipTests
fi
jar=benchmarks/target/benchmarks.jar
[ -f "$jar" ] || { echo "$jar is missing: run without --no-build" >&2; exit 1; }

mkdir -p benchmarks/results
if [ "$jfr" = 1 ]; then
  # JMH's JFR profiler with the JDK's "profile" settings (method samples every 10 ms, allocation samples)
  rm -rf benchmarks/results/jfr
  java -jar "$jar" -f 1 -wi 3 -w 1s -i 5 -r 2s -prof "jfr:dir=benchmarks/results/jfr;configName=profile" \
    ${selection[@]+"${selection[@]}"} ${extra[@]+"${extra[@]}"}
  find benchmarks/results/jfr -name '*.jfr' | sort | while read -r recording; do
    echo "=== $recording"
    jfr view --width 160 hot-methods "$recording" | head -25
    jfr view --width 160 allocation-by-site "$recording" | head -15
  done
  exit 0
fi
json=benchmarks/results/jmh.json
# ${arr[@]+...}: empty arrays under set -u on older bash
java -jar "$jar" ${settings[@]+"${settings[@]}"} -prof gc -rf json -rff "$json" \
  ${selection[@]+"${selection[@]}"} ${extra[@]+"${extra[@]}"}
java -cp "$jar" dev.faultline.benchmarks.jmh.JmhReport "$json" benchmarks/results/jmh.md >/dev/null
echo "Wrote $json and benchmarks/results/jmh.md"
