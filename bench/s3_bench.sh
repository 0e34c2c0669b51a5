#!/usr/bin/env bash
# s3_bench.sh: how fast sparkify loads song files and event logs from S3.
#
# Starts s3rver on 127.0.0.1 (stopped by PID on exit), generates SONGS song
# objects and EVENTS events with `sparkify generate`, uploads them, then prints
# objects/s and MB/s for:
#   1. bare fetch: CLIENTS parallel curl processes, each fetching batches of
#      keys on one keep-alive connection (what the server can serve);
#   2. sparkify etl --source s3://...   (list + fetch + parse + load, end to end);
#   3. sparkify etl --source DIR        (the same files from a local folder);
#   4. packing the song objects for Redshift COPY (bench/peers/repack_objects:
#      list + parallel fetch + gzip NDJSON parts written back to a staging
#      bucket of the same s3rver) vs a bare fetch of the same song objects as (1);
# and sparkify's peak RSS for a small slice and for the whole set (memory
# should stay flat as the object count grows). Target: (2) >= 80% of (1), and
# (4) >= 80% of its bare fetch.
#
# Usage: bench/s3_bench.sh [SONGS=100000] [EVENTS=200000]
# Env:   SPARKIFY (binary, default build/sparkify), REPACK (peer, default
#        build/bench/repack_objects), CLIENTS (default 8),
#        SPARKIFY_S3_MAX_IN_FLIGHT (sparkify's concurrent GETs, default 48),
#        REPACK_ONLY=1 (only the upload and (4)).
set -euo pipefail

SONGS=${1:-100000}
EVENTS=${2:-200000}
CLIENTS=${CLIENTS:-8}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${SPARKIFY:-$ROOT/build/sparkify}
REPACK=${REPACK:-$ROOT/build/bench/repack_objects}
[ -x "$BIN" ] || { echo "s3_bench: no sparkify binary at $BIN (set SPARKIFY=...)" >&2; exit 2; }
[ -x "$REPACK" ] || { echo "s3_bench: no repack peer at $REPACK (ninja -C build repack_objects, or set REPACK=...)" >&2; exit 2; }

WORK=$(mktemp -d /tmp/sparkify-s3-bench-XXXXXX)
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
EP=http://127.0.0.1:$PORT
mkdir -p "$WORK/s3"
node --openssl-legacy-provider "$ROOT/third_party/node/node_modules/s3rver/bin/s3rver.js" \
  -d "$WORK/s3" -a 127.0.0.1 -p "$PORT" --silent >"$WORK/s3rver.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do curl -s -o /dev/null "$EP" && break; sleep 0.1; done

export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_REGION=us-east-1
unset AWS_SESSION_TOKEN AWS_PROFILE

now() { date +%s.%N; }
rate() { python3 -c "import sys; n, b, t = map(float, sys.argv[1:]); print(f'{n/t:10.0f} objects/s {b/t/1e6:8.2f} MB/s  ({t:.2f} s)')" "$@"; }

echo "generating $SONGS songs, $EVENTS events..."
"$BIN" -q generate --out "$WORK/data" --songs "$SONGS" --events "$EVENTS" >/dev/null
cd "$WORK/data"
find song_data log_data -type f -name '*.json' | sort >"$WORK/keys"
OBJECTS=$(wc -l <"$WORK/keys")
BYTES=$(xargs -a "$WORK/keys" stat -c %s | awk '{s += $1} END {print s}')
echo "data set: $OBJECTS objects, $(python3 -c "print(f'{$BYTES/1e6:.1f}')") MB"

curl -sf -X PUT "$EP/bench" -o /dev/null
t0=$(now)
xargs -a "$WORK/keys" -P "$CLIENTS" -n 200 bash -c \
  'a=(); for k in "$@"; do a+=(-T "$k" -o /dev/null "$0/$k"); done; curl -sSf "${a[@]}"' "$EP/bench"
echo "upload:                 $(rate "$OBJECTS" "$BYTES" "$(echo "$(now) - $t0" | bc)")"

# Fetches the keys listed in file $1 with CLIENTS curl processes; prints the seconds.
bare_fetch() {
  local t0
  t0=$(now)
  xargs -a "$1" -P "$CLIENTS" -n 500 bash -c \
    'a=(); for k in "$@"; do a+=(-o /dev/null "$0/$k"); done; curl -sSf "${a[@]}"' "$EP/bench"
  echo "$(now) - $t0" | bc
}

# (4) packing the song objects for COPY vs the bare fetch of the same objects.
grep '^song_data/' "$WORK/keys" >"$WORK/song_keys"
SONG_OBJECTS=$(wc -l <"$WORK/song_keys")
SONG_BYTES=$(xargs -a "$WORK/song_keys" stat -c %s | awk '{s += $1} END {print s}')
BARE_SONGS=$(bare_fetch "$WORK/song_keys")
echo "bare fetch of the $SONG_OBJECTS song objects ($CLIENTS curl): $(rate "$SONG_OBJECTS" "$SONG_BYTES" "$BARE_SONGS")"
curl -sf -X PUT "$EP/staging" -o /dev/null
t0=$(now)
PACKED=$(AWS_ENDPOINT_URL="$EP" "$REPACK" s3://bench/song_data s3://staging/packed/bench/song_data)
PACK_SECONDS=$(echo "$(now) - $t0" | bc)
echo "packing them for COPY (list + fetch + gzip parts + upload): $(rate "$SONG_OBJECTS" "$SONG_BYTES" "$PACK_SECONDS")"
echo "  $PACKED"
python3 -c "r = $BARE_SONGS / $PACK_SECONDS; print(f'packing / bare fetch = {r:.0%} (target >= 80%)')"
[ "${REPACK_ONLY:-0}" = 1 ] && exit 0

BARE=$(bare_fetch "$WORK/keys")
echo "bare fetch ($CLIENTS curl):   $(rate "$OBJECTS" "$BYTES" "$BARE")"

# Runs create-tables then a timed etl; prints "seconds peak_rss_kb".
timed_etl() {
  local target=$1
  shift
  "$BIN" --target "$target" create-tables >/dev/null 2>&1
  local rejects="$WORK/rejects-${target##*/}.ndjson" # outside the input folder, one per run
  /usr/bin/time -f '%e %M' -o "$WORK/time" "$BIN" --target "$target" --endpoint-url "$EP" etl --rejects "$rejects" "$@" \
    >"$WORK/etl.log" 2>&1 ||
    { cat "$WORK/etl.log" >&2; exit 1; }
  cat "$WORK/time"
}

read -r S3_SECONDS S3_RSS < <(timed_etl "duckdb:$WORK/s3.duckdb" --source s3://bench)
echo "sparkify etl from S3:   $(rate "$OBJECTS" "$BYTES" "$S3_SECONDS")  peak RSS $((S3_RSS / 1024)) MB"
read -r LOCAL_SECONDS LOCAL_RSS < <(timed_etl "duckdb:$WORK/local.duckdb" --source "$WORK/data")
echo "sparkify etl from DIR:  $(rate "$OBJECTS" "$BYTES" "$LOCAL_SECONDS")  peak RSS $((LOCAL_RSS / 1024)) MB"
SLICE=$(grep -c '^song_data/A/A/' "$WORK/keys" || true)
read -r _ SLICE_RSS < <(timed_etl "duckdb:$WORK/slice.duckdb" --song-data s3://bench/song_data/A/A --log-data s3://bench/log_data)
echo "memory: $SLICE song objects + logs -> $((SLICE_RSS / 1024)) MB peak RSS; all $OBJECTS objects -> $((S3_RSS / 1024)) MB"
python3 -c "r = $BARE / $S3_SECONDS; print(f'sparkify end-to-end / bare fetch = {r:.0%} (target >= 80%)')"
