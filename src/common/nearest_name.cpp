#include "common/nearest_name.h"

#include <algorithm>
#include <cctype>
#include <numeric>

namespace sparkify {
namespace {

std::string normalized(std::string_view text) {
  std::string out;
  for (char c : text) out += c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::optional<std::string> closest_name(std::string_view typed, const std::vector<std::string>& candidates) {
  const std::string key = normalized(typed);
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const auto& candidate : candidates) {
    const std::size_t distance = edit_distance(key, normalized(candidate));
    if (!best || distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

std::optional<std::string> nearest_name(std::string_view typed, const std::vector<std::string>& candidates) {
  auto best = closest_name(typed, candidates);
  if (!best) return best;
  const std::size_t limit = std::max<std::size_t>(2, typed.size() / 3);
  if (edit_distance(normalized(typed), normalized(*best)) > limit) return std::nullopt;
  return best;
}

}  // namespace sparkify
