// Final star-schema rows, computed in C++ by the streaming engine while the
// events stream (docs/semantics.md "Engines"). Column order and meaning are
// those of the tables in sql/schema.cpp; warehouse/star_columns.h writes them.
//
// Ownership: string views point into the parse::EventBatch the row was made
// from, or into the SongCatalog (song_id, artist_id); they stay valid while
// both live. UserRow, SongRow and ArtistRow own their strings (they outlive
// every batch).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sparkify::star {

using Text = std::optional<std::string_view>;

// md5('<user_id>:<session_id>:<item_in_session>:<ts>') as 32 lowercase hex digits.
using SongplayKey = std::array<char, 32>;

// An owned optional text as a row field (a view of it), and back.
inline Text view(const std::optional<std::string>& text) { return text ? Text(*text) : std::nullopt; }
inline std::optional<std::string> own(const Text& text) {
  return text ? std::optional<std::string>(std::string(*text)) : std::nullopt;
}

struct SongplayRow {
  SongplayKey songplay_id{};
  std::int64_t start_time_ms = 0;  // epoch ms, UTC
  std::int64_t user_id = 0;
  Text level;
  Text song_id;    // the song match, or nullopt
  Text artist_id;  // the song match, or nullopt
  std::int64_t session_id = 0;
  Text location;
  Text user_agent;
  Text song;
  Text artist;
  std::optional<double> length;

  bool operator==(const SongplayRow&) const = default;
};

struct TimeRow {
  std::int64_t start_time_ms = 0;
  std::int32_t hour = 0, day = 0, week = 0, month = 0, year = 0, weekday = 0;  // week ISO-8601; weekday 0 = Sunday
};

struct SongRow {
  std::string song_id, title, artist_id;
  std::optional<std::int32_t> year;
  std::optional<double> duration;
};

struct ArtistRow {
  std::string artist_id, name;
  std::optional<std::string> location;
  std::optional<double> latitude, longitude;
};

// A (title, artist name) pair that a play names (SongplayRow::song and
// ::artist), for the songs of the catalog that may match it.
struct PlayedSong {
  std::string_view song, artist;

  bool operator==(const PlayedSong&) const = default;
};

struct UserRow {
  std::int64_t user_id = 0;
  std::optional<std::string> first_name, last_name, gender, level;
  std::int64_t latest_ts = 0;
  std::int64_t latest_session_id = 0;
  std::int32_t latest_item_in_session = 0;
};

}  // namespace sparkify::star
