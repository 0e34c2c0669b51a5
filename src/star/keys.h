// The keys and derived columns of the star rows, computed exactly as the SQL
// route computes them (docs/semantics.md): the songplay key text and hash, and
// the time dimension's calendar fields. Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "star/key_filter.h"
#include "star/rows.h"

namespace sparkify::star {

// md5 of "<user_id>:<session_id>:<item_in_session>:<ts>" (decimal, no padding).
SongplayKey songplay_key(std::int64_t user_id, std::int64_t session_id, std::int32_t item_in_session, std::int64_t ts);

// A well-mixed 64-bit hash of a songplay key (of its first 16 hex digits,
// which are as random as all 32), for the key filters and sets.
std::uint64_t songplay_key_hash(const SongplayKey& key);

// A well-mixed 64-bit hash of a time key (its epoch ms), for the key filters
// and sets; one to one (KeyFilter::mix is invertible), so a set of hashes is
// exact about the keys.
inline std::uint64_t time_key_hash(std::int64_t epoch_ms) {
  return KeyFilter::mix(static_cast<std::uint64_t>(epoch_ms));
}

// hour, day, ISO-8601 week, month, year and weekday (0 = Sunday) of an epoch
// ms instant in UTC; negative instants (before 1970) included.
TimeRow time_row(std::int64_t epoch_ms);

inline constexpr std::int64_t kMsPerDay = 86'400'000;

// The UTC day of an epoch ms instant, in days since 1970-01-01 (rounded
// down, so instants before 1970 fall on their own day).
std::int64_t epoch_day_at(std::int64_t epoch_ms);

// Days since 1970-01-01 of a proleptic Gregorian date (month 1-12, day 1-31).
std::int64_t epoch_day(std::int64_t year, std::int64_t month, std::int64_t day);

// Days since 1970-01-01 of a date written YYYY-MM-DD at the start of `text`
// (the ten characters there); nullopt when they are no such date.
std::optional<std::int64_t> epoch_day_of(std::string_view text);

}  // namespace sparkify::star
