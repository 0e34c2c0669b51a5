#!/usr/bin/env bash
# The whole test suite: installs what is missing (Debian packages, DuckDB,
# the s3rver test server), builds everything, checks the code follows
# .clang-format (scripts/check_format.sh), proves the mutex annotations with
# clang's -Wthread-safety (scripts/check_thread_safety.sh), checks each
# module's CMake dependencies match its includes (scripts/check_module_deps.sh),
# runs every unit and integration test with CTest. Integration tests start
# their own servers (PostgreSQL, s3rver, a fake AWS Query API) on 127.0.0.1
# and stop them by PID.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh" --with-test-servers
"$ROOT/scripts/build.sh"
"$ROOT/scripts/check_format.sh"
"$ROOT/scripts/check_thread_safety.sh"
"$ROOT/scripts/check_module_deps.sh"
cd "$ROOT/build"
ctest --output-on-failure -j2 --timeout 900 "$@"
