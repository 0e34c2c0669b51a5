#!/usr/bin/env bash
# Fails (exit 1, naming the files) when a tracked C++ file does not follow the
# committed .clang-format; `clang-format -i FILE` fixes one. Run by test.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# One clang-format per file, as many at once as there are cores; each prints
# its file's name when the file differs.
mapfile -t drift < <(git ls-files -z '*.cpp' '*.h' |
  xargs -0 -P "$(nproc)" -I{} sh -c 'clang-format --dry-run --Werror "$1" >/dev/null 2>&1 || echo "$1"' _ {} | sort)
if ((${#drift[@]})); then
  printf 'check_format: %d file(s) differ from .clang-format (run clang-format -i on them):\n' "${#drift[@]}" >&2
  printf '  %s\n' "${drift[@]}" >&2
  exit 1
fi
echo "check_format: every C++ file follows .clang-format"
