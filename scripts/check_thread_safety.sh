#!/usr/bin/env bash
# Proves with clang's -Wthread-safety (as errors) that every access to state
# declared SPARKIFY_GUARDED_BY holds its mutex (src/common/thread_annotations.h).
# Checks every source file that includes, directly or through other headers,
# a header using the annotations, plus the queue's unit test (templates are
# analysed where they are instantiated). Syntax only, a file per core at a time. Run by test.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v clang++ >/dev/null || { echo "check_thread_safety: clang++ not found (scripts/setup.sh installs clang)" >&2; exit 1; }

# Headers that use the annotations, then every header including one of them, until no new one appears.
mapfile -t headers < <(grep -rl --include='*.h' 'SPARKIFY_GUARDED_BY\|SPARKIFY_REQUIRES' src | sed 's|^src/||')
while :; do
  pattern=$(printf '#include "%s"\\|' "${headers[@]}")
  mapfile -t more < <(grep -rl --include='*.h' -e "${pattern%\\|}" src | sed 's|^src/||')
  mapfile -t all < <(printf '%s\n' "${headers[@]}" "${more[@]}" | sort -u)
  ((${#all[@]} == ${#headers[@]})) && break
  headers=("${all[@]}")
done
pattern=$(printf '#include "%s"\\|' "${headers[@]}")
mapfile -t sources < <(grep -rl --include='*.cpp' -e "${pattern%\\|}" src tests/unit | sort)

# One clang++ per file, as many at once as there are cores; any failure fails the check.
printf '%s\0' "${sources[@]}" | xargs -0 -P "$(nproc)" -n 1 clang++ -std=c++20 -fsyntax-only -Wthread-safety \
  -Wthread-safety-beta -Werror -Isrc -Itests -Ithird_party/duckdb/include
echo "check_thread_safety: ${#sources[@]} file(s) pass clang -Wthread-safety"
