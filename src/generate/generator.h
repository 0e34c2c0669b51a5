// Synthetic Sparkify data set: song files and NDJSON event logs in the real
// Million-Song / Sparkify layout, plus truth.json with the results the ETL must
// produce for them.
//
// Contract:
//  - Deterministic: the same options give the same bytes on every platform
//    (own PRNG, integer arithmetic, std::to_chars for numbers).
//  - Layout under `out`: song_data/A/B/C/TRABC....json (one object per file),
//    log_data/YYYY/MM/YYYY-MM-DD-events.json (one file per day from
//    2018-11-01), truth.json. See docs in truth.h for what truth.json holds.
//  - truth.json is computed while writing (by construction and counting), never
//    by running the ETL; its counts follow the ETL contract in truth.h.
//  - Memory is flat in the event count: events are generated and written one
//    day at a time; only songs, users and one day's songplay timestamps are kept.
//  - `out` is created if missing. It must not already hold song_data/,
//    log_data/ or truth.json (stale files would corrupt the data set).
//  - Errors: invalid options throw sparkify::Error(usage); file-system
//    failures throw sparkify::Error(source) naming the path.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>

#include "common/progress.h"

namespace sparkify::generate {

struct GenerateOptions {
  std::filesystem::path out;   // created if missing
  std::int64_t songs = 200;    // song files, one song object each
  std::int64_t events = 5000;  // valid event lines (malformed ones are extra)
  std::uint64_t seed = 42;
  std::int64_t malformed = 0;  // extra event lines the parser must reject
  int days = 30;               // log files, one per day from 2018-11-01
  // Phases "songs" (files) and "events" (lines, one file per day) for a
  // progress display; counted per file written.
  std::shared_ptr<progress::Board> board = std::make_shared<progress::Board>();
};

struct GenerateSummary {
  std::int64_t song_files = 0;
  std::int64_t event_files = 0;
  std::int64_t event_lines = 0;      // valid event lines
  std::int64_t malformed_lines = 0;  // injected lines that must be rejected
  std::int64_t bytes = 0;            // all files written, truth.json included
};

// Throws sparkify::Error(usage) naming the first invalid option.
void validate_options(const GenerateOptions& options);

// Validates, then writes the data set and truth.json into options.out.
GenerateSummary generate_dataset(const GenerateOptions& options);

}  // namespace sparkify::generate
