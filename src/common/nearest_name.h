// Suggestions for mistyped names ("did you mean 'etl'?"): the known name
// closest to what was typed, by edit distance (Levenshtein: insertions,
// deletions, substitutions), compared case-insensitively with '_' read as '-'
// so `ETL` and `create_tables` find `etl` and `create-tables`.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sparkify {

std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `typed`, if one is within max(2, length / 3) edits.
std::optional<std::string> nearest_name(std::string_view typed, const std::vector<std::string>& candidates);

// The candidate closest to `typed` however far it is (empty list: nullopt).
std::optional<std::string> closest_name(std::string_view typed, const std::vector<std::string>& candidates);

}  // namespace sparkify
