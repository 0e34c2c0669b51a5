#!/usr/bin/env bash
# etl_bench.sh: `sparkify etl` into DuckDB against DuckDB's own read_json + the
# same SQL (bench/peers/duckdb_sql_route.cpp), measured in the same run.
#
# Generates EVENTS events and SONGS songs (plus a set with EVENTS/4 events for
# the memory-flatness line), then runs each route 3 times alternately
# (sparkify, peer, sparkify, peer, ...) on a fresh database file each time;
# create-tables runs before and is not timed on either side. Prints medians of
# wall seconds, records/s, MB/s (input bytes / s) and peak RSS, the ratio
# peer/sparkify, and the star-table row counts of both routes (they must agree).
# Target: ratio >= 1.5 and sparkify's peak RSS flat as the input grows.
#
# Usage: bench/etl_bench.sh [EVENTS=1000000] [SONGS=20000]
# Env:   BUILD (CMake build dir, default build; the script builds the two
#        targets there), RUNS (per route, default 3), SEED (default 7).
set -euo pipefail

EVENTS=${1:-1000000}
SONGS=${2:-20000}
RUNS=${RUNS:-3}
SEED=${SEED:-7}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
cmake --build "$BUILD" --target sparkify duckdb_sql_route -j2 >/dev/null ||
  { echo "etl_bench: cannot build sparkify and duckdb_sql_route in $BUILD (set BUILD=...)" >&2; exit 2; }
BIN=$BUILD/sparkify
PEER=$BUILD/bench/duckdb_sql_route

WORK=$(mktemp -d /tmp/sparkify-etl-bench-XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# Prints the bytes of the data set's input files.
input_bytes() { find "$1/log_data" "$1/song_data" -type f -name '*.json' -printf '%s\n' | awk '{s += $1} END {print s}'; }

# Runs "$@" under /usr/bin/time; prints "seconds peak_rss_kb"; output in $WORK/cmd.log.
timed() {
  /usr/bin/time -f '%e %M' -o "$WORK/time" "$@" >"$WORK/cmd.log" 2>&1 || { cat "$WORK/cmd.log" >&2; exit 1; }
  cat "$WORK/time"
}

run_sparkify() {  # DATA DB
  rm -f "$2" "$2.wal"
  "$BIN" --target "duckdb:$2" create-tables >/dev/null
  timed "$BIN" --target "duckdb:$2" etl --source "$1"
  cp "$WORK/cmd.log" "$WORK/sparkify-etl-$(basename "$1").log"
}

run_peer() {  # DATA DB
  rm -f "$2" "$2.wal"
  "$PEER" create "$2"
  timed "$PEER" etl "$2" "$1"
}

echo "generating $EVENTS events, $SONGS songs (seed $SEED) and a quarter set..."
"$BIN" generate --out "$WORK/full" --songs "$SONGS" --events "$EVENTS" --seed "$SEED" >/dev/null
"$BIN" generate --out "$WORK/quarter" --songs "$SONGS" --events $((EVENTS / 4)) --seed "$SEED" >/dev/null
BYTES=$(input_bytes "$WORK/full")
RECORDS=$((EVENTS + SONGS))
echo "data set: $RECORDS records ($EVENTS events + $SONGS songs), $(awk -v b="$BYTES" 'BEGIN {printf "%.1f", b / 1e6}') MB"

: >"$WORK/results"
for i in $(seq "$RUNS"); do
  echo "sparkify $(run_sparkify "$WORK/full" "$WORK/s.duckdb")" | tee -a "$WORK/results"
  echo "peer $(run_peer "$WORK/full" "$WORK/p.duckdb")" | tee -a "$WORK/results"
done
echo "quarter $(run_sparkify "$WORK/quarter" "$WORK/q.duckdb")" | tee -a "$WORK/results"
"$PEER" counts "$WORK/s.duckdb" >"$WORK/counts.sparkify"
"$PEER" counts "$WORK/p.duckdb" >"$WORK/counts.peer"

python3 - "$WORK/results" "$RECORDS" "$BYTES" "$WORK/counts.sparkify" "$WORK/counts.peer" <<'PY'
import statistics, sys
results, records, nbytes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
runs = {}
for line in open(results):
    name, secs, rss = line.split()
    runs.setdefault(name, []).append((float(secs), int(rss)))
med = {k: (statistics.median(s for s, _ in v), statistics.median(r for _, r in v)) for k, v in runs.items()}
print()
print(f"{'route':<28}{'wall s':>8}{'records/s':>12}{'MB/s':>8}{'peak RSS MB':>13}   (median of {len(runs['sparkify'])})")
for key, label in (("sparkify", "sparkify etl"), ("peer", "duckdb read_json + SQL")):
    s, r = med[key]
    print(f"{label:<28}{s:8.2f}{records / s:12.0f}{nbytes / s / 1e6:8.1f}{r / 1024:13.0f}")
ratio = med["peer"][0] / med["sparkify"][0]
print(f"ratio peer/sparkify: {ratio:.2f}x  (target >= 1.5x: {'met' if ratio >= 1.5 else 'MISSED'})")
q, full = med["quarter"][1], med["sparkify"][1]
print(f"memory flatness: sparkify peak RSS {q / 1024:.0f} MB at 1/4 of the events, {full / 1024:.0f} MB at all "
      f"({full / q:.2f}x for 4x the events)")
a = dict(l.split() for l in open(sys.argv[4]))
b = dict(l.split() for l in open(sys.argv[5]))
print(f"{'table':<18}{'sparkify':>10}{'peer':>10}")
for t in a:
    print(f"{t:<18}{a[t]:>10}{b[t]:>10}{'' if a[t] == b[t] else '   DIFFERENT'}")
if a != b:
    sys.exit("etl_bench: the two routes disagree on row counts; the comparison is not valid")
PY
echo
echo "sparkify etl stderr of the last full run (phases):"
cat "$WORK/sparkify-etl-full.log"
