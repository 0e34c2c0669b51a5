#!/usr/bin/env bash
# postgres_bench.sh: `sparkify etl` into PostgreSQL against two peers, measured
# in the same run on the same throw-away PostgreSQL 15 server:
#   - the pure-SQL route: the raw lines COPYed (psql \copy) into a one-JSON-column
#     table, then INSERT ... SELECT json_to_record(...) into the staging tables,
#     then the very statements sparkify runs (`sparkify sql --dialect postgres`,
#     section "etl: build the star schema"), all in one transaction;
#   - two row-by-row loops (bench/peers/pg_row_loop.cpp), one autocommitted
#     statement per round trip: "star", shaped like the original Python
#     project (per NextSong event: INSERT time, upsert users, SELECT the song
#     by title/artist/duration, INSERT songplays; per song file: INSERT songs
#     and artists), on all songs and the first LOOP_EVENTS events; and
#     "staging", the cheapest loop (one INSERT per record into the staging
#     tables), on the first LOOP_EVENTS events and the same share of songs.
#     Their times are scaled linearly to the full set (songs and events
#     separately); the staging loop's star-schema build is left out, so its
#     ratio is a lower bound.
#
# Every route gets a fresh database with sparkify's tables (create-tables, not
# timed). Runs alternate sparkify / pure SQL RUNS times; medians are printed
# with records/s, MB/s and the ratios. Both full routes must end with the same
# staging and star-table row counts, or the script fails.
# Targets: pure-SQL/sparkify >= 3 (at 1M events), row loop ("star", the original's shape)/sparkify >= 100.
#
# The server runs with fsync, synchronous_commit and full_page_writes off for
# every route (the row loop, which commits per row, gains the most from that).
#
# Then a stock server (a fresh initdb, default settings: fsync on, no tuning)
# takes the first load of STOCK_SIZES events (default 20000 50000 200000
# 1000000, 2000 songs each) into a fresh database, STOCK_RUNS times each
# (default RUNS; the sizes take turns within each round), to show
# the rate is steady (no plan cliff between sizes): median seconds and
# microseconds per event, and the largest per-event figure over the smallest
# (target: within 2x); then what each further event costs between two
# consecutive sizes, and a least-squares line (fixed seconds + microseconds
# per event), since the fixed part of a run dominates the smallest size.
# The fixed part is also measured: the same 2,000 song files with no events
# (`generate --events 0`), in the same rounds, printed beside the time a load of the
# smallest size would have to take to be within 2x of the largest size's rate.
# Each size's median CPU seconds of the client (`timed_with_cpu`) and of the
# server's processes that ended with the run (the postmaster's children's
# times, to the clock tick) show how near the run is to both cores' limit.
# Every route is timed to the millisecond (`timed`).
#
# Last, daily loads on that stock server: for each DAILY_HISTORY size (default
# 2000000 10000000 events over 300 days, DAILY_SONGS songs, default 100000, so
# that only the stored plays grow) a first load, then
# RUNS new days in turn (a generated day of HISTORY/300 events, its ts moved
# past the history's last day), then a run with nothing new. A daily load
# should cost what its day costs, not what the history costs: the new day's
# median at the largest history over the smallest is printed (DAILY_HISTORY=""
# skips this part). Then, unless FULL_RERUN=0, an `etl --full` of the whole
# history again (every play repeats a stored one, so the merge runs in
# rounds): its time per event should not grow with the history, and the
# largest history's over the smallest's is printed.
#
# Usage: bench/postgres_bench.sh [EVENTS=1000000] [SONGS=20000]
# Env:   BUILD (CMake build dir, default build; the script builds sparkify and
#        pg_row_loop there), RUNS (default 3), STOCK_RUNS (default RUNS), SEED (default 7),
#        LOOP_EVENTS (events each row loop runs, default 20000), DAILY_HISTORY,
#        DAILY_SONGS and FULL_RERUN (above).
set -euo pipefail

EVENTS=${1:-1000000}
SONGS=${2:-20000}
RUNS=${RUNS:-3}
SEED=${SEED:-7}
LOOP_EVENTS=${LOOP_EVENTS:-20000}
LOOP_SONGS=$(( (SONGS * LOOP_EVENTS + EVENTS - 1) / EVENTS ))  # the staging loop's share of songs
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
cmake --build "$BUILD" --target sparkify pg_row_loop -j2 >/dev/null ||
  { echo "postgres_bench: cannot build sparkify and pg_row_loop in $BUILD (set BUILD=...)" >&2; exit 2; }
BIN=$BUILD/sparkify
LOOP=$BUILD/bench/pg_row_loop

WORK=$(mktemp -d /tmp/sparkify-pg-bench-XXXXXX)
chmod 755 "$WORK"
SERVER_PID=

# PostgreSQL refuses to run as root: run its tools as `postgres` then.
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -INT "$SERVER_PID"  # fast shutdown of the server this script started
    for _ in $(seq 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# start_server [stock]: a throw-away server in $WORK/pg; "stock" keeps every
# default setting, otherwise durability is off for every route alike.
start_server() {
  local tuning="-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_wal_size=4GB"
  [ "${1:-}" = stock ] && tuning=""
  rm -rf "$WORK/pg"
  mkdir -p "$WORK/pg"
  [ "$(id -u)" = 0 ] && chown postgres: "$WORK/pg"
  as_postgres "$PGBIN/initdb" -D "$WORK/pg/data" -U postgres -E UTF8 --locale=C --auth=trust --no-sync \
    >"$WORK/pg/initdb.log" 2>&1 || { cat "$WORK/pg/initdb.log" >&2; exit 1; }
  PORT=$(free_port)
  as_postgres "$PGBIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/server.log" -w -t 60 start -o \
    "-k $WORK/pg -c listen_addresses=127.0.0.1 -p $PORT $tuning" >/dev/null ||
    { cat "$WORK/pg/server.log" >&2; exit 1; }
  SERVER_PID=$(head -1 "$WORK/pg/data/postmaster.pid")
}

stop_server() {
  kill -INT "$SERVER_PID"
  for _ in $(seq 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
  SERVER_PID=
}

uri() { echo "postgresql://postgres@127.0.0.1:$PORT/$1"; }
psql_on() { local db=$1; shift; PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 "$(uri "$db")" "$@"; }

# A fresh database DB with sparkify's tables.
fresh_database() {
  psql_on postgres -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null
  "$BIN" --target "$(uri "$1")" create-tables >/dev/null
}

# Runs "$@"; prints its wall seconds to the millisecond, then the CPU
# seconds (user + system) it spent; output in $WORK/cmd.log. Called as
# `$(timed_with_cpu ...)`, its subshell's children's times (bash's `times`,
# to the millisecond) are the command's alone, since the clock is read with
# $EPOCHREALTIME (no `date` process); unlike /usr/bin/time, it adds no
# process to the wall time.
timed_with_cpu() {
  local started ended
  times >"$WORK/times-before"
  started=$EPOCHREALTIME
  "$@" >"$WORK/cmd.log" 2>&1 || { cat "$WORK/cmd.log" >&2; exit 1; }
  ended=$EPOCHREALTIME
  times >"$WORK/times-after"
  cat "$WORK/times-before" "$WORK/times-after" | awk -v wall="$ended - $started" '
    function seconds(field, t) { split(field, t, "m"); return t[1] * 60 + substr(t[2], 1, length(t[2]) - 1) }
    NR == 2 || NR == 4 { cpu[NR] = seconds($1) + seconds($2) }
    END { split(wall, w, " - "); printf "%.3f %.3f\n", w[1] - w[2], cpu[4] - cpu[2] }'
}

# As timed_with_cpu, the wall seconds alone.
timed() {
  local secs_cpu
  secs_cpu=$(timed_with_cpu "$@") || exit 1
  echo "${secs_cpu%% *}"
}

input_bytes() { find "$1/log_data" "$1/song_data" -type f -name '*.json' -printf '%s\n' | awk '{s += $1} END {print s}'; }

# Prints "path<STX>line<STX>text" for every line of the .json files under DIR,
# in sorted path order: the raw lines with the file and line they came from.
cat >"$WORK/prefix_lines.sh" <<'SH'
find "$1" -type f -name '*.json' -print0 | sort -z | xargs -0 awk -v OFS='\002' '{ print FILENAME, FNR, $0 }'
SH

# The pure-SQL route as one psql script for data set DIR.
write_sql_route() {
  local dir=$1 copy_opts="WITH (FORMAT csv, DELIMITER E'\\x02', QUOTE E'\\x01')"
  {
    echo "SET datestyle = 'ISO, MDY'; SET timezone = 'UTC'; SET extra_float_digits = 1;"
    echo "BEGIN;"
    echo "CREATE TEMP TABLE raw_events (source_file TEXT, source_line BIGINT, line TEXT) ON COMMIT DROP;"
    echo "CREATE TEMP TABLE raw_songs (source_file TEXT, source_line BIGINT, line TEXT) ON COMMIT DROP;"
    echo "\\copy raw_events FROM PROGRAM 'sh $WORK/prefix_lines.sh $dir/log_data' $copy_opts"
    echo "\\copy raw_songs FROM PROGRAM 'sh $WORK/prefix_lines.sh $dir/song_data' $copy_opts"
    "$BIN" sql --dialect postgres | awk '/^-- etl: clear staging/ {on = 1} /^-- etl: build the star schema/ {on = 0} on'
    cat <<'SQL'
INSERT INTO staging_events (artist, auth, first_name, gender, item_in_session, last_name, length, level, location,
                            method, page, registration, session_id, song, status, ts, user_agent, user_id,
                            source_file, source_line)
SELECT e.artist, e.auth, e."firstName", e.gender, e."itemInSession", e."lastName", e.length, e.level, e.location,
       e.method, e.page, CAST(e.registration AS BIGINT), e."sessionId", e.song, e.status, e.ts, e."userAgent",
       CAST(NULLIF(e."userId", '') AS BIGINT), r.source_file, r.source_line
FROM raw_events r,
     json_to_record(CAST(r.line AS JSON)) AS e(artist TEXT, auth TEXT, "firstName" TEXT, gender TEXT,
         "itemInSession" INTEGER, "lastName" TEXT, length DOUBLE PRECISION, level TEXT, location TEXT,
         method TEXT, page TEXT, registration NUMERIC, "sessionId" BIGINT, song TEXT, status INTEGER, ts BIGINT,
         "userAgent" TEXT, "userId" TEXT)
WHERE r.line <> '';
INSERT INTO staging_songs (num_songs, artist_id, artist_latitude, artist_longitude, artist_location, artist_name,
                           song_id, title, duration, year, source_file)
SELECT s.num_songs, s.artist_id, s.artist_latitude, s.artist_longitude, s.artist_location, s.artist_name,
       s.song_id, s.title, s.duration, s.year, r.source_file
FROM raw_songs r,
     json_to_record(CAST(r.line AS JSON)) AS s(num_songs INTEGER, artist_id TEXT, artist_latitude DOUBLE PRECISION,
         artist_longitude DOUBLE PRECISION, artist_location TEXT, artist_name TEXT, song_id TEXT, title TEXT,
         duration DOUBLE PRECISION, year INTEGER)
WHERE r.line <> '';
SQL
    "$BIN" sql --dialect postgres | awk '/^-- etl: build the star schema/ {on = 1} /^-- etl: record/ {on = 0} on'
    echo "COMMIT;"
  } >"$WORK/sql_route.sql"
}

counts() {  # DB
  for table in songplays users songs artists time; do
    echo "$table $(psql_on "$1" -At -c "SELECT count(*) FROM $table")"
  done
  echo "songplays_matched $(psql_on "$1" -At -c "SELECT count(*) FROM songplays WHERE song_id IS NOT NULL")"
}

start_server
echo "PostgreSQL 15 on 127.0.0.1:$PORT (pid $SERVER_PID), data in $WORK/pg"
echo "generating $EVENTS events, $SONGS songs (seed $SEED)..."
"$BIN" -q generate --out "$WORK/data" --songs "$SONGS" --events "$EVENTS" --seed "$SEED" >/dev/null
chmod -R a+rX "$WORK/data"
BYTES=$(input_bytes "$WORK/data")
RECORDS=$((EVENTS + SONGS))
echo "data set: $RECORDS records ($EVENTS events + $SONGS songs), $(awk -v b="$BYTES" 'BEGIN {printf "%.1f", b / 1e6}') MB"
write_sql_route "$WORK/data"

: >"$WORK/results"
for i in $(seq "$RUNS"); do
  fresh_database bench_sparkify
  echo "sparkify $(timed "$BIN" --target "$(uri bench_sparkify)" etl --source "$WORK/data")" | tee -a "$WORK/results"
  cp "$WORK/cmd.log" "$WORK/sparkify-etl.log"
  fresh_database bench_sql
  echo "sql $(timed psql -X -q -v ON_ERROR_STOP=1 "$(uri bench_sql)" -f "$WORK/sql_route.sql")" | tee -a "$WORK/results"
done
counts bench_sparkify >"$WORK/counts.sparkify"
counts bench_sql >"$WORK/counts.sql"

fresh_database bench_loop_star
echo "row loop (star) on $SONGS songs + $LOOP_EVENTS events..."
"$LOOP" star "$(uri bench_loop_star)" "$WORK/data" "$LOOP_EVENTS" "$SONGS" | tee "$WORK/loop.star"
fresh_database bench_loop_staging
echo "row loop (staging) on $LOOP_SONGS songs + $LOOP_EVENTS events..."
"$LOOP" staging "$(uri bench_loop_staging)" "$WORK/data" "$LOOP_EVENTS" "$LOOP_SONGS" 2>/dev/null |
  tee "$WORK/loop.staging"

python3 - "$WORK/results" "$EVENTS" "$SONGS" "$BYTES" "$WORK/loop.star" "$WORK/loop.staging" \
  "$WORK/counts.sparkify" "$WORK/counts.sql" <<'PY'
import statistics, sys
results, events, songs, nbytes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
records = events + songs
runs = {}
for line in open(results):
    name, secs = line.split()
    runs.setdefault(name, []).append(float(secs))
med = {k: statistics.median(v) for k, v in runs.items()}
def loop(path):
    """(records run, seconds run, extrapolated seconds for the full set) of a row loop."""
    f = open(path).read().split()
    r = dict(zip(f[0::2], f[1::2]))
    n_events, n_songs = int(r["events"]), int(r["songs"])
    secs = float(r["events_s"]) + float(r["songs_s"])
    full = float(r["events_s"]) * events / n_events + float(r["songs_s"]) * songs / n_songs
    return n_events + n_songs, secs, full
loops = {"star": loop(sys.argv[5]), "staging": loop(sys.argv[6])}
print()
print(f"{'route':<40}{'wall s':>9}{'records/s':>12}{'MB/s':>8}   (median of {len(runs['sparkify'])})")
for key, label in (("sparkify", "sparkify etl (binary COPY)"), ("sql", "pure SQL (COPY raw lines + json SQL)")):
    print(f"{label:<40}{med[key]:9.2f}{records / med[key]:12.0f}{nbytes / med[key] / 1e6:8.1f}")
for key, label in (("star", "row loop, original's shape (extrap.)"), ("staging", "row loop, staging INSERTs (extrap.)")):
    n, secs, full = loops[key]
    print(f"{label:<40}{full:9.0f}{records / full:12.0f}{nbytes / full / 1e6:8.2f}   ({n} records in {secs:.1f} s)")
r_sql = med["sql"] / med["sparkify"]
print(f"ratio pure-SQL/sparkify: {r_sql:.2f}x  (target >= 3x: {'met' if r_sql >= 3 else 'MISSED'})")
for key in ("star", "staging"):
    r_loop = loops[key][2] / med["sparkify"]
    target = f"  (target >= 100x: {'met' if r_loop >= 100 else 'MISSED'})" if key == "star" else "  (lower bound)"
    print(f"ratio row-loop ({key})/sparkify: {r_loop:.0f}x{target}")
a = dict(l.split() for l in open(sys.argv[7]))
b = dict(l.split() for l in open(sys.argv[8]))
print(f"{'table':<18}{'sparkify':>10}{'pure SQL':>10}")
for t in a:
    print(f"{t:<18}{a[t]:>10}{b[t]:>10}{'' if a[t] == b[t] else '   DIFFERENT'}")
if a != b:
    sys.exit("postgres_bench: the routes disagree on row counts; the comparison is not valid")
PY
echo
echo "sparkify etl stderr of the last run (phases):"
cat "$WORK/sparkify-etl.log"

echo
echo "first loads on a stock server (default settings), one fresh database each:"
stop_server
start_server stock
: >"$WORK/stock-results"
stock_sizes="0 ${STOCK_SIZES:-20000 50000 200000 1000000}"  # 0: the song files alone
for events in $stock_sizes; do
  "$BIN" -q generate --out "$WORK/stock-$events" --songs 2000 --events "$events" --seed "$SEED" >/dev/null
done
# The CPU seconds of the server's processes that have ended (the
# postmaster's reaped children: backends, autovacuum workers), once its
# children are those it started with again (every backend reaped; a kernel
# without /proc/PID/task/TID/children is not waited for).
server_children() { cat "/proc/$SERVER_PID/task/$SERVER_PID/children" 2>/dev/null || true; }
sleep 1
lasting_children=$(server_children)
ended_server_cpu() {
  for _ in $(seq 250); do [ "$(server_children)" = "$lasting_children" ] && break; sleep 0.02; done
  awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f\n", ($16 + $17) / hz}' "/proc/$SERVER_PID/stat"
}
# The sizes take turns within each round, so that a change in the machine's
# speed during the bench does not fall on one size alone.
for _ in $(seq "${STOCK_RUNS:-$RUNS}"); do
  for events in $stock_sizes; do
    fresh_database "stock_$events"
    server_before=$(ended_server_cpu)
    secs_cpu=$(timed_with_cpu "$BIN" -q --target "$(uri "stock_$events")" etl --source "$WORK/stock-$events" \
      --rejects "$WORK/stock-rejects.ndjson")
    server=$(awk -v a="$server_before" -v b="$(ended_server_cpu)" 'BEGIN {printf "%.2f", b - a}')
    echo "$events $secs_cpu $server" >>"$WORK/stock-results"
  done
done
for events in $stock_sizes; do rm -rf "$WORK/stock-$events"; done
python3 - "$WORK/stock-results" <<'PY'
import collections, os, statistics, sys
runs = collections.defaultdict(list)
cpu = collections.defaultdict(list)  # (client, server) CPU seconds of each run
for line in open(sys.argv[1]):
    events, secs, client, server = line.split()
    runs[int(events)].append(float(secs))
    cpu[int(events)].append((float(client), float(server)))
songs_only = runs.pop(0, [])
sizes = sorted(runs)
medians = {n: statistics.median(runs[n]) for n in sizes}
rates = {}
for events in sizes:
    rates[events] = medians[events] / events * 1e6
    shown = ", ".join(f"{s:.3f}" for s in runs[events])
    print(f"  {events:8d} events: {medians[events]:6.3f} s  {rates[events]:5.2f} us/event   (runs: {shown})")
# Client and server share the cores: no run ends before their CPU seconds
# over the cores.
cores = os.cpu_count()
for events in sorted(cpu):
    client, server = (statistics.median(c[i] for c in cpu[events]) for i in (0, 1))
    wall = statistics.median(songs_only) if events == 0 else medians[events]
    print(f"  {events:8d} events: CPU s client {client:.2f} + server {server:.2f} = {client + server:.2f}, "
          f"over {cores} cores at least {(client + server) / cores:.3f} s of the {wall:.3f} s")
print(f"  per-event spread: {max(rates.values()) / min(rates.values()):.2f}x, largest over smallest (target: within 2x)")
if songs_only and len(sizes) > 1:
    fixed = statistics.median(songs_only)
    budget = 2 * min(rates.values()) * 1e-6 * sizes[0]
    shown = ", ".join(f"{s:.3f}" for s in songs_only)
    print(f"  the same song files, no events: {fixed:.3f} s   (runs: {shown})")
    print(f"  for a spread within 2x, {sizes[0]} events must load in {budget:.3f} s; "
          f"the song files alone take {fixed / budget:.2f}x that")
# A whole run's time is a fixed part (connection, work tables, the song
# phase, the merge statements) plus a part per event; at the smallest size
# the fixed part dominates the figure above. What each further event costs
# between two consecutive sizes shows a plan cliff whatever the fixed part.
if len(sizes) > 1:
    steps = [(a, b, (medians[b] - medians[a]) / (b - a) * 1e6) for a, b in zip(sizes, sizes[1:])]
    for a, b, rate in steps:
        print(f"  {a:8d} -> {b:8d} events: {rate:5.2f} us per further event")
    marginal = [rate for _, _, rate in steps]
    if min(marginal) > 0:
        print(f"  spread of those: {max(marginal) / min(marginal):.2f}x, largest over smallest")
    mean_n = statistics.fmean(sizes)
    mean_t = statistics.fmean(medians.values())
    slope = sum((n - mean_n) * (medians[n] - mean_t) for n in sizes) / sum((n - mean_n) ** 2 for n in sizes)
    print(f"  least-squares line: {mean_t - slope * mean_n:.3f} s fixed + {slope * 1e6:.2f} us per event")
PY

[ -n "${DAILY_HISTORY-2000000 10000000}" ] || exit 0
echo
echo "daily loads on the stock server: a history, then $RUNS new day(s) in turn, then nothing new:"
: >"$WORK/daily-results"
# One etl of the history's source folder into its database (both set per history below).
# Extra arguments go to etl (--full).
run_daily() {
  timed "$BIN" -q --target "$(uri "daily_$history")" etl --source "$data" --rejects "$WORK/daily-rejects.ndjson" "$@"
}
for history in ${DAILY_HISTORY-2000000 10000000}; do
  data=$WORK/daily-$history
  "$BIN" -q generate --out "$data" --songs "${DAILY_SONGS:-100000}" --events "$history" --days 300 --seed "$SEED" \
    >/dev/null
  "$BIN" -q generate --out "$WORK/daily-extra" --songs 50 --events $((history / 300)) --days 1 \
    --seed $((SEED + 1)) >/dev/null
  fresh_database "daily_$history"
  echo "$history first $(run_daily)" >>"$WORK/daily-results"
  for day in $(seq "$RUNS"); do
    # The generated day (2018-11-01) moved to 300 + day - 1 days later.
    python3 - "$WORK/daily-extra" "$data/log_data/new" "$((300 + day - 1))" <<'PY'
import datetime, json, pathlib, sys
src = next(pathlib.Path(sys.argv[1], "log_data").rglob("*.json"))
shift = int(sys.argv[3])
day = datetime.date(2018, 11, 1) + datetime.timedelta(days=shift)
out = pathlib.Path(sys.argv[2], f"{day}-events.json")
out.parent.mkdir(parents=True, exist_ok=True)
with open(src, encoding="utf-8") as lines, open(out, "w", encoding="utf-8") as moved:
    for line in lines:
        event = json.loads(line)
        event["ts"] += shift * 86_400_000
        moved.write(json.dumps(event, ensure_ascii=False) + "\n")
PY
    echo "$history day $(run_daily)" >>"$WORK/daily-results"
  done
  echo "$history nothing $(run_daily)" >>"$WORK/daily-results"
  [ "${FULL_RERUN:-1}" = 0 ] || echo "$history full $(run_daily --full)" >>"$WORK/daily-results"
  rm -rf "$data" "$WORK/daily-extra"
done
python3 - "$WORK/daily-results" <<'PY'
import collections, statistics, sys
runs = collections.defaultdict(lambda: collections.defaultdict(list))
for line in open(sys.argv[1]):
    history, kind, secs = line.split()
    runs[int(history)][kind].append(float(secs))
days = {}
for history in sorted(runs):
    r = runs[history]
    days[history] = statistics.median(r["day"])
    shown = ", ".join(f"{s:.3f}" for s in r["day"])
    print(f"  history {history:9d} events: first load {r['first'][0]:7.3f} s, a new day {days[history]:6.3f} s "
          f"(runs: {shown}), nothing new {r['nothing'][0]:6.3f} s")
    if r["full"]:
        print(f"  history {history:9d} events: --full rerun {r['full'][0]:7.3f} s "
              f"({r['full'][0] / history * 1e6:.2f} us per event)")
if len(days) > 1:
    print(f"  a new day at the largest history over the smallest: {days[max(days)] / days[min(days)]:.2f}x")
full = {h: r["full"][0] / h for h, r in runs.items() if r["full"]}
if len(full) > 1:
    print(f"  a --full rerun per event at the largest history over the smallest: {full[max(full)] / full[min(full)]:.2f}x")
PY
