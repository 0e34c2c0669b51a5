// What the played-songs tests load and compare, on DuckDB
// (played_songs_test.cpp) and on PostgreSQL (postgres_played_songs_test.cpp):
// a small run reads only the songs its plays name (StreamLimits::
// played_songs_bytes), and its songplays must equal those of a run that
// reads the whole catalog, on songs whose match only a rule decides.
#pragma once

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/etl.h"
#include "unit/pipeline/play_line.h"
#include "unit/pipeline/redshift_fakes.h"
#include "warehouse/warehouse.h"

namespace sparkify::pipeline::played_songs {

inline std::string song_file(const std::string& song_id, const std::string& title, const std::string& artist_id,
                             const std::string& artist_name, const std::string& duration) {
  return fmt::format(R"({{"num_songs": 1, "artist_id": "{}", "artist_latitude": null, "artist_longitude": null, )"
                     R"("artist_location": "", "artist_name": "{}", "song_id": "{}", "title": "{}", )"
                     R"("duration": {}, "year": 2000}})",
                     artist_id, artist_name, song_id, title, duration);
}

// Songs whose match a rule decides: equal title and artist name with other
// durations (one unknown), a second artist of the same name, trailing
// spaces, non-ASCII texts; and songs no play names.
inline std::map<std::string, std::string> stored_songs() {
  std::map<std::string, std::string> files = {
      {"mem://song_data/S01.json", song_file("S01", "Song", "A1", "Band", "200.0")},
      {"mem://song_data/S02.json", song_file("S02", "Song", "A1", "Band", "210.0")},
      {"mem://song_data/S03.json", song_file("S03", "Song", "A1", "Band", "null")},
      {"mem://song_data/S04.json", song_file("S04", "Song", "A2", "Band", "150.0")},
      {"mem://song_data/S05.json", song_file("S05", "Song ", "A1", "Band", "200.0")},
      {"mem://song_data/S06.json", song_file("S06", "Song", "A3", "Band ", "200.0")},
      {"mem://song_data/S07.json", song_file("S07", "Été", "A4", "Bänd", "99.5")},
      {"mem://song_data/S08.json", song_file("S08", "Other", "A1", "Band", "120.0")},
  };
  for (int i = 0; i < 40; ++i) {
    const std::string id = fmt::format("X{:02}", i);
    files["mem://song_data/" + id + ".json"] = song_file(id, "Unplayed " + id, "A9", "Nobody", "100.0");
  }
  return files;
}

// Plays of every song above at several lengths, of a song that comes in the
// same run (New), of titles no song has, with a song or artist missing, and
// a line written twice.
inline std::string day_of_plays() {
  std::string lines;
  int item = 0;
  for (const char* song : {R"("Song")", R"("Song ")", R"("Été")", R"("Other")", R"("New")", R"("Missing")", "null"}) {
    for (const char* artist : {R"("Band")", R"("Band ")", R"("Bänd")", "null"}) {
      for (const char* length : {"200.0", "205.0", "209.0", "150.0", "99.5", "null"}) {
        lines += test_plays::line({.item = item++, .song = song, .artist = artist, .length = length});
      }
    }
  }
  // The last line again.
  lines += test_plays::line({.item = item - 1, .song = "null", .artist = "null", .length = "null"});
  return lines;
}

struct Loaded {
  std::vector<std::vector<std::optional<std::string>>> songplays;
  std::string catalog_line;  // the events phase's "read the song catalog: ..." line
};

// Loads the stored songs (a first run), then the day's plays with the song
// New (a second run), into `db` (its tables made, empty), the second run
// reading only the played songs up to `played_songs_bytes` of events.
inline Loaded load(warehouse::Warehouse& db, std::size_t played_songs_bytes) {
  const auto rejects =
      std::filesystem::temp_directory_path() / ("played-songs-" + std::to_string(::getpid()) + ".ndjson");
  Loaded loaded;
  const auto run = [&](std::map<std::string, std::string> songs, std::map<std::string, std::string> logs) {
    fakes::MemorySource song_source{"mem://song_data", std::move(songs)};
    fakes::MemorySource log_source{"mem://log_data", std::move(logs)};
    EtlOptions options;
    options.rejects_path = rejects;
    options.threads = 2;
    options.limits.played_songs_bytes = played_songs_bytes;
    options.progress = [&](std::string_view line) {
      if (line.find("the song catalog: ") != std::string_view::npos) loaded.catalog_line = line;
    };
    run_etl(db, song_source, log_source, options);
  };
  run(stored_songs(), {});
  run({{"mem://song_data/S09.json", song_file("S09", "New", "A1", "Band", "204.0")}},
      {{"mem://log_data/2018-11-01-events.json", day_of_plays()}});
  std::filesystem::remove(rejects);
  loaded.songplays = db.query(
                           "SELECT CAST(songplay_id AS VARCHAR), song, artist, length, song_id, artist_id "
                           "FROM songplays ORDER BY songplay_id")
                         .rows;
  return loaded;
}

// The assertions both engines' tests make of a run that read the played
// songs (`played`) and one that read the whole catalog (`whole`).
inline void expect_the_same_matches(const Loaded& played, const Loaded& whole) {
  ASSERT_EQ(played.songplays.size(), 7u * 4 * 6);
  EXPECT_EQ(played.songplays, whole.songplays);
  // The songs read: those with a played title and artist name, New among
  // them, not the 40 no play names.
  EXPECT_EQ(played.catalog_line.substr(0, played.catalog_line.rfind(" (")),
            "read the song catalog: 9 songs, by a title and an artist of the run's plays (18 (title, artist) pairs)");
  EXPECT_EQ(whole.catalog_line.substr(0, whole.catalog_line.rfind(" (")), "read the song catalog: 49 songs");
  // Plays matched to each kind of song, the late one included (S03, of an
  // unknown duration, loses to its namesakes of known ones).
  std::map<std::string, int> matched;
  for (const auto& play : played.songplays) {
    if (play[4]) ++matched[*play[4]];
  }
  for (const char* song_id : {"S01", "S02", "S04", "S05", "S06", "S07", "S08", "S09"}) {
    EXPECT_GT(matched[song_id], 0) << song_id;
  }
}

}  // namespace sparkify::pipeline::played_songs
