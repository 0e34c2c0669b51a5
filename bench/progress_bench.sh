#!/usr/bin/env bash
# progress_bench.sh: what live progress costs. Times `sparkify etl` of one
# generated data set into a fresh DuckDB file with progress on — stderr on a
# pseudo-terminal (util-linux `script -qc`), so the live line is redrawn
# 10 times a second and the step log printed — and with `--quiet`, which
# draws nothing. The two alternate RUNS times each; the script prints both
# medians and their ratio. Target: the ratio is within noise of 1.
#
# Usage: bench/progress_bench.sh [EVENTS=1000000]
# Env:   BUILD (CMake build dir, default build), RUNS (3), SEED (7),
#        THREADS (parse threads, default: one per core).
set -euo pipefail

EVENTS=${1:-1000000}
RUNS=${RUNS:-3}
SEED=${SEED:-7}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
cmake --build "$BUILD" --target sparkify -j2 >/dev/null
BIN=$BUILD/sparkify
WORK=$(mktemp -d /tmp/sparkify-progress-bench-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
THREAD_FLAGS=()
[[ -n "${THREADS:-}" ]] && THREAD_FLAGS=(--threads "$THREADS")

echo "generating $EVENTS events, $((EVENTS / 20)) songs (seed $SEED)..."
"$BIN" generate --out "$WORK/data" --songs $((EVENTS / 20)) --events "$EVENTS" --seed "$SEED" --quiet >/dev/null

run_once() {  # MODE(progress|quiet) -> prints wall seconds
  local db="$WORK/w.duckdb"
  rm -f "$db" "$db.wal"
  "$BIN" --target "duckdb:$db" create-tables >/dev/null
  local cmd=("$BIN" --target "duckdb:$db" etl --source "$WORK/data" --rejects "$WORK/r.ndjson" "${THREAD_FLAGS[@]}")
  local start end
  start=$(date +%s.%N)
  if [[ $1 == progress ]]; then
    # stderr (and stdout) on a pseudo-terminal: the live line and step log are drawn.
    script -qec "$(printf '%q ' "${cmd[@]}")" /dev/null >"$WORK/progress.out"
    grep -q $'\r' "$WORK/progress.out" || { echo "no live progress was drawn" >&2; exit 1; }
  else
    "${cmd[@]}" --quiet >"$WORK/quiet.out" 2>"$WORK/quiet.err"
    [[ ! -s "$WORK/quiet.err" ]] || { echo "--quiet wrote to stderr:" >&2; cat "$WORK/quiet.err" >&2; exit 1; }
  fi
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

: >"$WORK/progress.times"
: >"$WORK/quiet.times"
for ((i = 1; i <= RUNS; i++)); do
  p=$(run_once progress)
  q=$(run_once quiet)
  printf 'run %d: progress %.2f s, quiet %.2f s\n' "$i" "$p" "$q"
  echo "$p" >>"$WORK/progress.times"
  echo "$q" >>"$WORK/quiet.times"
done
P=$(median <"$WORK/progress.times")
Q=$(median <"$WORK/quiet.times")
printf 'median of %d: progress on a terminal %.2f s, --quiet %.2f s, ratio progress/quiet %.3f\n' "$RUNS" "$P" "$Q" \
  "$(echo "$P / $Q" | bc -l)"
