#!/usr/bin/env bash
# Reproduces every figure in BENCHMARKS.md, in one run (about 30 minutes on 2 cores):
#   1. benchmarks/jmh.sh   — the JMH benchmarks with -prof gc  -> benchmarks/results/jmh.md
#   2. benchmarks/load.sh  — the load comparison on loopback    -> benchmarks/results/load.md
#                            and the 1,000,000-request memory check -> benchmarks/results/memory.md
# Run it on an otherwise idle machine. Needs a JDK 21+ (picked as .ci/run does) and Debian's wrk
# (apt-get install wrk). Options after -- go to load.sh (e.g. -- --rounds 3).
set -euo pipefail
cd "$(dirname "$0")/.."
load_args=()
if [ "${1:-}" = "--" ]; then shift; load_args=("$@"); fi
command -v wrk >/dev/null 2>&1 || { echo "run.sh: wrk is missing: apt-get install wrk" >&2; exit 2; }
benchmarks/jmh.sh
benchmarks/load.sh --no-build "${load_args[@]}"
echo "Results: benchmarks/results/jmh.md, benchmarks/results/load.md, benchmarks/results/memory.md"
