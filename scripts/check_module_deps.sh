#!/usr/bin/env bash
# Fails (exit 1, naming each difference) when the modules a src/<module>
# includes (#include "<other>/...") differ from the sparkify_<other> libraries
# its sparkify_module(<module> DEPS ...) line in CMakeLists.txt declares: an
# include without its library links by luck, a library without an include is
# a dependency that is not there. Direct includes only; header-only use counts.
# Run by test.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mapfile -t modules < <(find src -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort)
status=0
for module in "${modules[@]}"; do
  included=$(cat "src/$module"/*.h "src/$module"/*.cpp 2>/dev/null |
    sed -n 's|^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([a-z_0-9]*\)/.*|\1|p' |
    while read -r other; do
      if [[ "$other" != "$module" && -d "src/$other" ]]; then echo "$other"; fi
    done | sort -u)
  line=$(grep -E "^sparkify_module\($module( |\))" CMakeLists.txt || true)
  if [[ -z "$line" ]]; then
    echo "check_module_deps: src/$module has no sparkify_module($module ...) line in CMakeLists.txt" >&2
    status=1
    continue
  fi
  declared=$( (grep -o 'sparkify_[a-z_0-9]*' <<<"${line#sparkify_module(}" || true) | sed 's/^sparkify_//' | sort -u)
  while read -r other; do
    [[ -n "$other" ]] || continue
    echo "check_module_deps: src/$module includes $other/ but CMakeLists.txt does not declare sparkify_$other for it" >&2
    status=1
  done < <(comm -23 <(echo "$included") <(echo "$declared"))
  while read -r other; do
    [[ -n "$other" ]] || continue
    echo "check_module_deps: CMakeLists.txt declares sparkify_$other for $module, which includes nothing from src/$other" >&2
    status=1
  done < <(comm -13 <(echo "$included") <(echo "$declared"))
done
((status == 0)) && echo "check_module_deps: every module's CMake dependencies match its includes (${#modules[@]} modules)"
exit "$status"
