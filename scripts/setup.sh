#!/usr/bin/env bash
# Installs what sparkify needs to build and test on Debian 12, and nothing else.
# Idempotent: a second run only verifies (a few seconds).
#   - Debian packages: installs only those that are missing (naming an installed
#     package to apt would upgrade it).
#   - DuckDB: header and shared library, fetched with `npm pack` at pinned versions
#     and checked against pinned SHA-256 sums, unpacked into third_party/duckdb/.
#   - s3rver (test-only S3-compatible server) into third_party/node/, and Debian's
#     chromium with CJK and emoji fonts (test-only: renders `sparkify report` headless),
#     with --with-test-servers.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
THIRD="$ROOT/third_party"

DEBIAN_PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libsimdjson-dev libcurl4-openssl-dev libssl-dev libpugixml-dev zlib1g-dev
  libcli11-dev libinih-dev libfmt-dev nlohmann-json3-dev
  libpq-dev libgtest-dev libgmock-dev libbenchmark-dev clang-format clang
  postgresql-15 python3 curl time
)

DUCKDB_HEADER_PKG="duckdb@1.4.4"
DUCKDB_HEADER_SHA256="cbe6a827284375c5a646b8f27dbd3a00808ce8738b5bbb49c190cb1e08540281"
DUCKDB_LIB_PKG="@duckdb/node-bindings-linux-x64@1.4.4-r.4"
DUCKDB_LIB_SHA256="1ef33048e12235115ac0d277a0aaccbb560e33248144f488b5ac005cd9ba81b5"
S3RVER_PKG="s3rver@3.7.1"

log() { printf 'setup: %s\n' "$*" >&2; }

install_missing_debian_packages() {
  local missing=()
  for pkg in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if ((${#missing[@]})); then
    log "installing Debian packages: ${missing[*]}"
    local sudo=""
    [[ $(id -u) -ne 0 ]] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# fetch_npm_file PACKAGE PATH_IN_TARBALL DEST SHA256
fetch_npm_file() {
  local pkg="$1" inner="$2" dest="$3" sha="$4"
  if [[ -f "$dest" ]] && echo "$sha  $dest" | sha256sum -c --status; then
    return 0
  fi
  log "fetching $pkg ($inner)"
  local tmp
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "$pkg" >/dev/null)
  tar -xzf "$tmp"/*.tgz -C "$tmp" "$inner"
  mkdir -p "$(dirname "$dest")"
  mv "$tmp/$inner" "$dest"
  rm -rf "$tmp"
  if ! echo "$sha  $dest" | sha256sum -c --status; then
    log "checksum mismatch for $dest (from $pkg): expected $sha"
    rm -f "$dest"
    exit 1
  fi
}

install_duckdb() {
  fetch_npm_file "$DUCKDB_HEADER_PKG" package/src/duckdb/src/include/duckdb.h \
    "$THIRD/duckdb/include/duckdb.h" "$DUCKDB_HEADER_SHA256"
  fetch_npm_file "$DUCKDB_LIB_PKG" package/libduckdb.so \
    "$THIRD/duckdb/lib/libduckdb.so" "$DUCKDB_LIB_SHA256"
}

install_s3rver() {
  local dir="$THIRD/node"
  if [[ -f "$dir/node_modules/s3rver/package.json" ]]; then
    return 0
  fi
  log "installing $S3RVER_PKG (test-only S3 server)"
  mkdir -p "$dir"
  (cd "$dir" && { [[ -f package.json ]] || echo '{"private":true}' > package.json; } &&
    npm install --silent --no-audit --no-fund "$S3RVER_PKG" >/dev/null)
}

install_missing_debian_packages
if ! command -v npm >/dev/null; then
  DEBIAN_PACKAGES=(nodejs npm)
  install_missing_debian_packages
fi
install_duckdb
if [[ "${1:-}" == "--with-test-servers" ]]; then
  install_s3rver
  DEBIAN_PACKAGES=(chromium fonts-noto-color-emoji fonts-wqy-zenhei)
  install_missing_debian_packages
fi
log "ready"
