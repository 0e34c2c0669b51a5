#!/usr/bin/env bash
# The main job, end to end, on the embedded default (DuckDB): installs what is
# missing, builds, generates a sample data set, creates the tables, runs the
# ETL, checks the result and answers a few analytics questions.
# Everything lands in demo/ (data set, sparkify.duckdb, rejects file).
#   EVENTS=200000 SONGS=5000 ./scripts/demo.sh   for a bigger sample
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh"
"$ROOT/scripts/build.sh" sparkify
SPARKIFY="$ROOT/build/sparkify"
DEMO="$ROOT/demo"
rm -rf "$DEMO" && mkdir -p "$DEMO" && cd "$DEMO"

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
