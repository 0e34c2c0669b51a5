// What the merge-round tests load and compare, on DuckDB
// (repeat_rounds_test.cpp) and on PostgreSQL (postgres_rounds_test.cpp), and
// how they load it.
#pragma once

#include <fmt/format.h>

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/etl.h"
#include "unit/pipeline/play_line.h"
#include "unit/pipeline/redshift_fakes.h"
#include "warehouse/warehouse.h"

namespace sparkify::pipeline::round_plays {

// A play of user 9 at `level` and `location` (test_plays::line; its other
// fields the defaults): the item's own ts, a second apart, and so its own
// play key.
inline std::string play_line(int item, const char* level, const char* location) {
  return test_plays::line({.item = item, .level = level, .location = location});
}

// play_line's line for the k-th play of day `day`: as play_line's ts moves
// a second per item, the items of one day are a day's seconds after the
// last day's (k < 86400).
inline std::string play_line_on_day(int day, int k, const char* level, const char* location) {
  return play_line(day * 86400 + k, level, location);
}

// A play line like play_line's whose values vary as stored values do: a
// length that takes all 17 digits to write (or none: JSON null, every third
// item), a non-ASCII location, a text that is missing (song, every fourth
// item), a trailing space. A rerun of such lines must find each play equal
// to the row the first run stored, on every engine's text of its values.
inline std::string varied_play_line(int item) {
  return test_plays::line({.item = item,
                           .level = item % 2 == 0 ? "free" : "paid",
                           .location = "Zürich ☃, CH ",
                           .song = item % 4 == 0 ? "null" : R"("S")",
                           .length = item % 3 == 0 ? "null" : fmt::format("{}", 0.1 * item + 1.0 / 3.0)});
}

// Loads the event files (uri -> body) into `db` on one thread, with the
// default options but those `configure` sets (its progress still sees every
// line); returns the events phase's summary line ("read N event file(s):
// ...").
inline std::string load_events(warehouse::Warehouse& db, std::map<std::string, std::string> files,
                               const std::filesystem::path& rejects,
                               const std::function<void(EtlOptions&)>& configure = {}) {
  fakes::MemorySource songs{"mem://song_data", {}};
  fakes::MemorySource logs{"mem://log_data", std::move(files)};
  EtlOptions options;
  options.rejects_path = rejects;
  options.threads = 1;
  if (configure) configure(options);
  std::string summary;
  options.progress = [&summary, forward = std::move(options.progress)](std::string_view line) {
    if (line.starts_with("read ") && line.find("event file(s)") != std::string_view::npos) summary = line;
    if (forward) forward(line);
  };
  run_etl(db, songs, logs, options);
  std::filesystem::remove(rejects);
  return summary;
}

// A configuration for load_events: every file, even those loaded before.
inline void every_file(EtlOptions& options) { options.full = true; }

// The warehouse's songplays rows (as text, in key order), then its time rows
// (in start_time order).
inline std::vector<std::vector<std::optional<std::string>>> songplays_and_time(warehouse::Warehouse& db) {
  auto rows = db.query(R"(SELECT CAST(songplay_id AS VARCHAR), CAST(start_time AS VARCHAR), user_id, level,
                                 session_id, location, user_agent, song, artist, length
                          FROM songplays ORDER BY songplay_id)")
                  .rows;
  for (auto& row : db.query("SELECT * FROM time ORDER BY start_time").rows) rows.push_back(std::move(row));
  return rows;
}

}  // namespace sparkify::pipeline::round_plays
