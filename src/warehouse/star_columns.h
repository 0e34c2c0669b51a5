// Row writers: the one place that says which value of a row goes into which
// column, in the column order of the tables (sql/schema.cpp for songplays,
// time, songs and artists; the run work tables of sql/dialect.h for the
// others). Each is a
// template over a column writer — DuckDB's ChunkRowCursor or PostgreSQL's
// BinaryCopyRow (pg_copy_encoding.h) — that takes the values in order and checks the count at
// end_row(). kColumns is what begin_row() needs for the COPY format.
#pragma once

#include <cstdint>
#include <string_view>

#include "parse/rows.h"
#include "sql/load_audit.h"
#include "star/rows.h"

namespace sparkify::warehouse {

// The 16 bytes of a songplay key (32 hex digits), for UUID columns.
struct KeyBytes {
  std::uint8_t bytes[16];
  explicit KeyBytes(const star::SongplayKey& key) {
    auto nibble = [](char c) { return static_cast<std::uint8_t>(c <= '9' ? c - '0' : c - 'a' + 10); };
    for (int i = 0; i < 16; ++i) bytes[i] = static_cast<std::uint8_t>(nibble(key[2 * i]) << 4 | nibble(key[2 * i + 1]));
  }
};

struct SongplayColumns {
  static constexpr int kColumns = 12;
  template <typename W>
  static void write(W& w, const star::SongplayRow& r) {
    w.uuid(KeyBytes(r.songplay_id).bytes);
    w.timestamp_ms(r.start_time_ms);
    w.int64(r.user_id);
    w.text(r.level);
    w.text(r.song_id);
    w.text(r.artist_id);
    w.int64(r.session_id);
    w.text(r.location);
    w.text(r.user_agent);
    w.text(r.song);
    w.text(r.artist);
    w.float64(r.length);
    w.end_row();
  }
};

struct TimeColumns {
  static constexpr int kColumns = 7;
  template <typename W>
  static void write(W& w, const star::TimeRow& r) {
    w.timestamp_ms(r.start_time_ms);
    w.int32(r.hour);
    w.int32(r.day);
    w.int32(r.week);
    w.int32(r.month);
    w.int32(r.year);
    w.int32(r.weekday);
    w.end_row();
  }
};

struct SongColumns {
  static constexpr int kColumns = 5;
  template <typename W>
  static void write(W& w, const star::SongRow& r) {
    w.text(std::string_view(r.song_id));
    w.text(std::string_view(r.title));
    w.text(std::string_view(r.artist_id));
    w.int32(r.year);
    w.float64(r.duration);
    w.end_row();
  }
};

struct ArtistColumns {
  static constexpr int kColumns = 5;
  template <typename W>
  static void write(W& w, const star::ArtistRow& r) {
    w.text(std::string_view(r.artist_id));
    w.text(std::string_view(r.name));
    w.text(star::view(r.location));
    w.float64(r.latitude);
    w.float64(r.longitude);
    w.end_row();
  }
};

// users and run_users: the columns of users.
struct UserColumns {
  static constexpr int kColumns = 8;
  template <typename W>
  static void write(W& w, const star::UserRow& r) {
    w.int64(r.user_id);
    w.text(star::view(r.first_name));
    w.text(star::view(r.last_name));
    w.text(star::view(r.gender));
    w.text(star::view(r.level));
    w.int64(r.latest_ts);
    w.int64(r.latest_session_id);
    w.int32(r.latest_item_in_session);
    w.end_row();
  }
};

// run_songs: a song record as the merge reads it.
struct RunSongColumns {
  static constexpr int kColumns = 9;
  template <typename W>
  static void write(W& w, const parse::SongRow& r) {
    w.text(r.song_id);
    w.text(r.title);
    w.text(r.artist_id);
    w.int32(r.year);
    w.float64(r.duration);
    w.text(r.artist_name);
    w.text(r.artist_location);
    w.float64(r.artist_latitude);
    w.float64(r.artist_longitude);
    w.end_row();
  }
};

struct RunTimeColumns {
  static constexpr int kColumns = 1;
  template <typename W>
  static void write(W& w, std::int64_t start_time_ms) {
    w.timestamp_ms(start_time_ms);
    w.end_row();
  }
};

// played_songs: a (song, artist) pair of the run's plays.
struct PlayedSongColumns {
  static constexpr int kColumns = 2;
  template <typename W>
  static void write(W& w, const star::PlayedSong& r) {
    w.text(r.song);
    w.text(r.artist);
    w.end_row();
  }
};

// etl_files, and run_files, which has its columns.
struct RunFileColumns {
  static constexpr int kColumns = 7;
  template <typename W>
  static void write(W& w, const sql::ManifestRow& r) {
    w.text(r.kind);
    w.text(r.uri);
    w.int64(r.size);
    w.text(r.version);
    w.int64(r.run_id);
    w.int64(r.records);
    w.int64(r.rejected);
    w.end_row();
  }
};

}  // namespace sparkify::warehouse
