#!/usr/bin/env bash
# etl_bench.sh: `sparkify etl` into a fresh DuckDB file against what a user
# would write instead, measured in the same run, at several sizes:
#   plain  — DuckDB alone: read_json into staging tables, then one plain
#            INSERT ... SELECT per PRIMARY KEY star table
#            (bench/peers/duckdb_plain_route.sql);
#   sql    — the same files through sparkify's own SQL route (staging tables +
#            the statements `sparkify sql` prints): `etl --engine sql`;
#   floor  — simdjson parsing every field of every file with 2 threads
#            (bench/peers/simdjson_floor.cpp): what any loader must spend;
#   write  — DuckDB copying the star tables of sparkify's run just before
#            into a fresh file (bench/peers/duckdb_write_floor.sql): what
#            the engine must spend to store those rows. On 2 cores, floor +
#            write is about the least any loader into DuckDB can take;
#   rerun  — `sparkify etl --full` of the same files into a copy of
#            sparkify's file just before: every play repeats a stored one.
#            Its peak RSS across sizes shows whether a rerun's memory grows
#            with the history, and its rows must equal the first load's.
# Each size gets a generated data set (EVENTS events, SONGS songs, DAYS
# days); routes alternate (sparkify, plain, sql, floor, write, sparkify, ...)
# RUNS times; create-tables is not timed. Prints medians of wall seconds,
# peak RSS and CPU seconds (/usr/bin/time), and the ratios of one run:
# plain/sparkify (target >= 5), sparkify/floor (target <= 3),
# sparkify/(floor + write), the CPU seconds of sparkify, floor and write
# (with the least wall they allow on this machine's cores), and
# sparkify's peak RSS across sizes (target: <= 300 MB, and <= 1.2x from the
# smallest to the largest size when SONGS holds the catalog fixed).
#
# Usage: bench/etl_bench.sh [EVENTS ...]        default: 200000 2000000
# Env:   BUILD (CMake build dir, default build), RUNS (default 3), SEED (7),
#        DAYS (default 300), SONGS (default EVENTS/20 per size; a number keeps
#        the catalog fixed, as the 2M -> 10M flatness target does: SONGS=100000
#        bench/etl_bench.sh 2000000 10000000), ROUTES (default "sparkify plain
#        sql floor write rerun"; sparkify is always run, first; without sql the
#        row counts are not cross-checked), WORK (scratch folder, default a new
#        /tmp folder), COLD (1: the kernel's caches dropped before each timed
#        run, as on a first run over files not read lately; needs root).
set -euo pipefail

SIZES=("$@")
((${#SIZES[@]})) || SIZES=(200000 2000000)
RUNS=${RUNS:-3}
ROUTES=${ROUTES:-sparkify plain sql floor write rerun}
runs_route() { [[ " $ROUTES " == *" $1 "* ]]; }  # ROUTE: whether ROUTES names it
ROUTES="sparkify ${ROUTES//sparkify/}"  # first: write and rerun copy its output
SEED=${SEED:-7}
DAYS=${DAYS:-300}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
cmake --build "$BUILD" --target sparkify duckdb_sql_route simdjson_floor -j2 >/dev/null ||
  { echo "etl_bench: cannot build the targets in $BUILD (set BUILD=...)" >&2; exit 2; }
BIN=$BUILD/sparkify
PEER=$BUILD/bench/duckdb_sql_route
FLOOR=$BUILD/bench/simdjson_floor
PLAIN_SQL=$ROOT/bench/peers/duckdb_plain_route.sql
WRITE_SQL=$ROOT/bench/peers/duckdb_write_floor.sql

[[ ${COLD:-} != 1 || -w /proc/sys/vm/drop_caches ]] ||
  { echo "etl_bench: COLD=1 needs root (it writes /proc/sys/vm/drop_caches)" >&2; exit 2; }
WORK=${WORK:-$(mktemp -d /tmp/sparkify-etl-bench-XXXXXX)}
mkdir -p "$WORK"
trap 'rm -rf "$WORK"/*.duckdb "$WORK"/*.wal' EXIT

# Runs "$@" under /usr/bin/time (from the device with COLD=1, see cold);
# prints "seconds peak_rss_kb cpu_seconds" (CPU: user + system), or "failed
# peak_rss_kb cpu_seconds" (the command's last lines go to stderr) when it
# fails.
timed() {
  cold
  if /usr/bin/time -f '%e %M %U %S' -o "$WORK/time" "$@" >"$WORK/cmd.log" 2>&1; then
    awk 'END {print $1, $2, $3 + $4}' "$WORK/time"
  else
    tail -3 "$WORK/cmd.log" | grep -v '^Command exited' >&2
    awk 'END {print "failed", $2, $3 + $4}' "$WORK/time"
  fi
}
fresh() { rm -f "$1" "$1.wal"; }
# With COLD=1, empties the page, dentry and inode caches (what is written is
# synced first), so the timed run reads every file from the device.
cold() { [[ ${COLD:-} != 1 ]] || { sync && echo 3 >/proc/sys/vm/drop_caches; }; }

run_route() {  # ROUTE DATA
  local db="$WORK/$1.duckdb"
  fresh "$db"
  case $1 in
    sparkify) "$BIN" --target "duckdb:$db" create-tables >/dev/null
              timed "$BIN" --target "duckdb:$db" etl --source "$2" --rejects "$WORK/rejects.ndjson" ;;
    sql)      "$BIN" --target "duckdb:$db" create-tables >/dev/null
              timed "$BIN" --target "duckdb:$db" etl --source "$2" --engine sql --rejects "$WORK/rejects.ndjson" ;;
    plain)    "$PEER" script "$db" "$PLAIN_SQL" "$2" setup
              timed "$PEER" script "$db" "$PLAIN_SQL" "$2" etl ;;
    floor)    timed "$FLOOR" "$2" 2 ;;
    write)    timed "$PEER" script "$db" "$WRITE_SQL" "$WORK/sparkify.duckdb" etl ;;
    rerun)    cp "$WORK/sparkify.duckdb" "$db"
              timed "$BIN" --target "duckdb:$db" etl --full --source "$2" --rejects "$WORK/rejects.ndjson" ;;
  esac
}

: >"$WORK/results"
for events in "${SIZES[@]}"; do
  songs=${SONGS:-$((events / 20))}
  data="$WORK/data-$events-$songs"
  if [[ ! -f "$data/truth.json" ]]; then
    echo "generating $events events, $songs songs over $DAYS days (seed $SEED)..."
    "$BIN" -q generate --out "$data" --songs "$songs" --events "$events" --days "$DAYS" --seed "$SEED" >/dev/null
  fi
  bytes=$(find "$data/log_data" "$data/song_data" -type f -name '*.json' -printf '%s\n' | awk '{s += $1} END {printf "%.0f\n", s}')
  for i in $(seq "$RUNS"); do
    for route in $ROUTES; do
      echo "$events $bytes $route $(run_route "$route" "$data")" | tee -a "$WORK/results"
    done
  done
  "$PEER" counts "$WORK/sparkify.duckdb" >"$WORK/counts-sparkify-$events"
  rm -f "$WORK/counts-sql-$events" "$WORK/counts-plain-$events"
  ! runs_route sql || "$PEER" counts "$WORK/sql.duckdb" >"$WORK/counts-sql-$events"
  ! runs_route plain || "$PEER" counts "$WORK/plain.duckdb" >"$WORK/counts-plain-$events" 2>/dev/null || true
  rm -f "$WORK/counts-rerun-$events"
  ! runs_route rerun || "$PEER" counts "$WORK/rerun.duckdb" >"$WORK/counts-rerun-$events"
done

python3 - "$WORK" "${SONGS:-}" "${COLD:-}" <<'PY'
import collections, os, statistics, sys
work, fixed_songs, cold = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
runs = collections.defaultdict(list)
sizes = {}
for line in open(f"{work}/results"):
    events, nbytes, route, secs, rss, cpu = line.split()
    runs[(int(events), route)].append((float("nan") if secs == "failed" else float(secs), int(rss), float(cpu)))
    sizes[int(events)] = int(nbytes)
med = {k: tuple(statistics.median(run[i] for run in v) for i in range(3)) for k, v in runs.items()}
print()
print(f"{'events':>9} {'MB':>6}  {'route':<10}{'wall s':>8}{'peak RSS MB':>13}{'CPU s':>8}   (medians of runs alternating in "
      "one process" + (", the kernel's caches dropped before each)" if cold else ")"))
for events in sorted(sizes):
    for route in ("sparkify", "plain", "sql", "floor", "write", "rerun"):
        if (events, route) not in med:
            continue
        s, r, c = med[(events, route)]
        shown = "failed" if s != s else f"{s:.2f}"
        print(f"{events:>9} {sizes[events] / 1e6:6.0f}  {route:<10}{shown:>8}{r / 1024:13.0f}{c:8.2f}")
print()
cores = os.cpu_count()
def ratio(a, b):  # "n/a" for a route that was not run
    return "  n/a" if a != a or b != b else f"{a / b:5.2f}x"
for events in sorted(sizes):
    sp, pl, sq, fl, wr = (med.get((events, r), (float("nan"), 0))[0]
                          for r in ("sparkify", "plain", "sql", "floor", "write"))
    print(f"{events:>9} events: plain/sparkify {ratio(pl, sp)} (target >= 5)   sql/sparkify {ratio(sq, sp)}   "
          f"sparkify/floor {ratio(sp, fl)} (target <= 3)   sparkify/(floor + write) {ratio(sp, fl + wr)}")
    # CPU seconds: no run ends before what it spends over the cores, and
    # parsing (floor) and storing the rows (write) are spent by any loader.
    if all((events, r) in med for r in ("sparkify", "floor", "write")):
        spc, flc, wrc = (med[(events, r)][2] for r in ("sparkify", "floor", "write"))
        print(f"{events:>9} events: CPU s sparkify {spc:.2f}, floor {flc:.2f} + write {wrc:.2f} = {flc + wrc:.2f} "
              f"(on {cores} cores at least {(flc + wrc) / cores:.2f} s of wall); sparkify beyond both "
              f"{spc - flc - wrc:.2f}")
rss = [med[(e, "sparkify")][1] / 1024 for e in sorted(sizes)]
# The flatness target holds the catalog fixed (SONGS): with EVENTS/20 songs
# per size the catalog grows with the events, and so does its memory.
flatness = ("target <= 1.2x" if fixed_songs else
            "not the flatness target: the catalogs differ, EVENTS/20 songs each; set SONGS to hold one fixed")
print(f"sparkify peak RSS: {', '.join(f'{r:.0f} MB' for r in rss)} (target <= 300 MB; "
      f"{rss[-1] / rss[0]:.2f}x from the smallest to the largest size, {flatness})")
if all((e, "rerun") in med for e in sizes):
    rerun = [med[(e, "rerun")][1] / 1024 for e in sorted(sizes)]
    print(f"sparkify --full rerun peak RSS: {', '.join(f'{r:.0f} MB' for r in rerun)} "
          f"({rerun[-1] / rerun[0]:.2f}x from the smallest to the largest size); its time over the first load's: "
          + ", ".join(ratio(med[(e, 'rerun')][0], med[(e, 'sparkify')][0]).strip() for e in sorted(sizes)))
for events in sorted(sizes):
    a = dict(l.split() for l in open(f"{work}/counts-sparkify-{events}"))
    if os.path.exists(f"{work}/counts-rerun-{events}"):
        b = dict(l.split() for l in open(f"{work}/counts-rerun-{events}"))
        if a != b:
            sys.exit(f"etl_bench: the --full rerun changed the rows at {events} events: {a} vs {b}")
    if os.path.exists(f"{work}/counts-sql-{events}"):
        b = dict(l.split() for l in open(f"{work}/counts-sql-{events}"))
        if a != b:
            sys.exit(f"etl_bench: sparkify and its SQL route disagree at {events} events: {a} vs {b}")
    try:
        p = dict(l.split() for l in open(f"{work}/counts-plain-{events}"))
    except (OSError, ValueError):
        p = "(not run or failed)"
    print(f"{events:>9} events: rows {a}; plain route {p} (its song match is looser: counts may differ)")
PY
