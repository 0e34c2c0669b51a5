#!/usr/bin/env bash
# daily_bench.sh: what a daily `sparkify etl` costs once the history is
# loaded, into DuckDB. Loads DAYS days of events (EVENTS in all, SONGS song
# files) in one run, then times, on copies of that warehouse:
#   nothing new   — the same folder again (listing + manifest compare only);
#   one new day   — the same folder plus one more day's log file;
# against the full first load. Target: nothing new <= 1 s on 100,000 song
# files + 300 daily logs; one new day costs about one day, not the history.
#
# Usage: bench/daily_bench.sh [EVENTS=2000000] [DAYS=300]
# Env:   BUILD (CMake build dir, default build), SEED (7), SONGS (EVENTS/20;
#        what a nothing-new run holds grows with the song files ever loaded:
#        SONGS=400000 bench/daily_bench.sh 200000 30), DATA (a data set
#        generated with the same sizes, to skip generating one).
set -euo pipefail

EVENTS=${1:-2000000}
DAYS=${2:-300}
SEED=${SEED:-7}
SONGS=${SONGS:-$((EVENTS / 20))}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
cmake --build "$BUILD" --target sparkify -j2 >/dev/null
BIN=$BUILD/sparkify
WORK=$(mktemp -d /tmp/sparkify-daily-bench-XXXXXX)
trap 'rm -rf "$WORK"' EXIT

DATA=${DATA:-}
if [[ -z "$DATA" ]]; then
  DATA=$WORK/data
  echo "generating $EVENTS events over $DAYS days, $SONGS songs (seed $SEED)..."
  "$BIN" -q generate --out "$DATA" --songs "$SONGS" --events "$EVENTS" --days "$DAYS" --seed "$SEED" >/dev/null
fi
# One more day: a day of another data set, under a file name of its own.
"$BIN" -q generate --out "$WORK/extra" --songs 50 --events $((EVENTS / DAYS)) --days 1 --seed $((SEED + 1)) >/dev/null
EXTRA=$(find "$WORK/extra/log_data" -name '*.json')

timed() {  # LABEL COMMAND...
  local label=$1
  shift
  /usr/bin/time -f '%e %M' -o "$WORK/time" "$@" >"$WORK/out.log" 2>&1 || { cat "$WORK/out.log" >&2; exit 1; }
  read -r secs rss <"$WORK/time"
  printf '%-14s %7.2f s %7.0f MB   %s\n' "$label" "$secs" "$((rss / 1024))" "$(grep -h '^events  files' "$WORK/out.log")"
}

"$BIN" --target "duckdb:$WORK/w.duckdb" create-tables >/dev/null
timed "full load" "$BIN" --target "duckdb:$WORK/w.duckdb" etl --source "$DATA" --rejects "$WORK/r.ndjson"
cp "$WORK/w.duckdb" "$WORK/again.duckdb"
timed "nothing new" "$BIN" --target "duckdb:$WORK/again.duckdb" etl --source "$DATA" --rejects "$WORK/r.ndjson"
cp "$WORK/w.duckdb" "$WORK/day.duckdb"
day_file="$DATA/log_data/zz-new-day/2019-01-01-events.json"
mkdir -p "$(dirname "$day_file")"
cp "$EXTRA" "$day_file"
trap 'rm -f "$day_file"; rmdir "$(dirname "$day_file")" 2>/dev/null; rm -rf "$WORK"' EXIT
timed "one new day" "$BIN" --target "duckdb:$WORK/day.duckdb" etl --source "$DATA" --rejects "$WORK/r.ndjson"
