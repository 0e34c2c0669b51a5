#!/usr/bin/env bash
# Configures and builds sparkify (and its tests) into build/ with Ninja.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cmake -G Ninja -S "$ROOT" -B "$ROOT/build" -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C "$ROOT/build" "$@"
