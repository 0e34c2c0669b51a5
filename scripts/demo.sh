#!/usr/bin/env bash
# The main job, end to end, on the embedded default (DuckDB): installs what is
# missing, builds, generates a sample data set, creates the tables, runs the
# ETL, checks the result and answers a few analytics questions.
# Everything lands in $DEMO_DIR (default: $TMPDIR/sparkify-demo, outside the
# source tree): data set, sparkify.duckdb, rejects file. A re-run empties that
# folder only if an earlier demo made it (it holds the .sparkify-demo marker);
# any other existing folder is refused, never deleted.
#   EVENTS=200000 SONGS=5000 ./scripts/demo.sh   for a bigger sample
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh"
"$ROOT/scripts/build.sh" sparkify
SPARKIFY="$ROOT/build/sparkify"
DEMO="${DEMO_DIR:-${TMPDIR:-/tmp}/sparkify-demo}"
MARKER=.sparkify-demo
if [ -e "$DEMO" ]; then
  if [ ! -f "$DEMO/$MARKER" ]; then
    echo "demo.sh: $DEMO exists and was not made by demo.sh; remove it or set DEMO_DIR to a new folder" >&2
    exit 2
  fi
  rm -rf -- "$DEMO"
fi
mkdir -p "$DEMO" && touch "$DEMO/$MARKER" && cd "$DEMO"

step() { printf '\n== %s\n' "$*"; }
step "sparkify generate --out data --songs ${SONGS:-2000} --events ${EVENTS:-50000}"
"$SPARKIFY" generate --out data --songs "${SONGS:-2000}" --events "${EVENTS:-50000}" --seed 42
step "sparkify create-tables            (target: duckdb:sparkify.duckdb)"
"$SPARKIFY" create-tables
step "sparkify etl --source data"
"$SPARKIFY" etl --source data
step "sparkify check"
"$SPARKIFY" check
for query in top-songs plays-by-hour paid-vs-free active-users; do
  step "sparkify query $query"
  "$SPARKIFY" query "$query"
done
printf '\nThe warehouse is %s; try: %s query "SELECT count(*) FROM songplays"\n' "$DEMO/sparkify.duckdb" "$SPARKIFY"
