#!/usr/bin/env bash
# Fails (exit 1, naming the files) when a tracked C++ file does not follow the
# committed .clang-format; `clang-format -i FILE` fixes one. Run by test.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
drift=()
while IFS= read -r file; do
  clang-format --dry-run --Werror "$file" >/dev/null 2>&1 || drift+=("$file")
done < <(git ls-files '*.cpp' '*.h')
if ((${#drift[@]})); then
  printf 'check_format: %d file(s) differ from .clang-format (run clang-format -i on them):\n' "${#drift[@]}" >&2
  printf '  %s\n' "${drift[@]}" >&2
  exit 1
fi
echo "check_format: every C++ file follows .clang-format"
