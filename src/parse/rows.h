// Typed staging rows: what one event line or one song object becomes after
// parsing, before it is bulk-loaded into staging_events / staging_songs.
//
// Ownership: string fields are views. They point either into the object body
// the batch was parsed from or into the batch's own arena, and stay valid for
// as long as the batch that holds the row (see batch.h) is alive.
// std::nullopt means SQL NULL (JSON null or a missing optional field).
//
// Each member has one line in parse/staging_fields.h (column name, JSON key,
// presence), from which the parser, the staging DDL and every loader derive;
// a new member needs its line there.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace sparkify::parse {

using Text = std::optional<std::string_view>;

// One line of log_data. Field names follow the staging column names.
struct EventRow {
  Text artist;
  Text auth;
  Text first_name;
  Text gender;
  std::int32_t item_in_session = 0;  // required
  Text last_name;
  std::optional<double> length;  // seconds
  Text level;
  Text location;
  Text method;
  Text page;                                 // required
  std::optional<std::int64_t> registration;  // epoch ms (JSON may write 1540919166796.0)
  std::int64_t session_id = 0;               // required
  Text song;
  std::optional<std::int32_t> status;  // HTTP status
  std::int64_t ts = 0;                 // required, epoch ms
  Text user_agent;
  std::optional<std::int64_t> user_id;  // JSON string; "" (logged out) -> nullopt
  std::string_view source_file;         // ObjectRef::uri
  std::int64_t source_line = 0;         // 1-based line in the file
};

// One object of song_data.
struct SongRow {
  std::optional<std::int32_t> num_songs;
  std::string_view artist_id;  // required
  std::optional<double> artist_latitude;
  std::optional<double> artist_longitude;
  Text artist_location;
  std::string_view artist_name;      // required
  std::string_view song_id;          // required
  std::string_view title;            // required
  std::optional<double> duration;    // seconds
  std::optional<std::int32_t> year;  // 0 means unknown, kept as 0
  std::string_view source_file;      // ObjectRef::uri
};

}  // namespace sparkify::parse
