// run_etl: one load run, as one transaction:
//   list song and log objects (RunListing, while the manifest is read) ->
//   drop those the manifest (etl_files) already holds unchanged (unless
//   `full`) and log files outside [since, until] -> load them (the
//   streaming engine where the warehouse has a RunLoader and `engine` is
//   automatic; else the SQL route: staging tables, parsed locally or COPY-ed
//   by the engine for Redshift, then the dialect's SQL) -> check rejects
//   against max_errors -> record the files and the run -> commit.
// Any failure (including too many rejects) rolls the transaction back, so the
// warehouse and its manifest are left exactly as they were; the run is then
// recorded as failed in a transaction of its own, and the error rethrown.
// After SIGINT/SIGTERM (sparkify::interrupted()) the run stops at its next
// step or at the latest before commit, rolls back, and records nothing.
// The rejects file is written either way (RejectLog::finish() is checked
// before commit: a lost reject fails the run).
// While it runs, it shows its work in two ways, and formats neither: phases
// (listing, songs, events, uploads) and their counters on `board`, and each
// SQL statement as a numbered step (StepReport) to `on_step`.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/progress.h"
#include "pipeline/run_statements.h"
#include "pipeline/server_side_load.h"
#include "pipeline/staging_load.h"
#include "pipeline/star_stream.h"
#include "source/source.h"
#include "warehouse/warehouse.h"

namespace sparkify::pipeline {

enum class Engine { automatic, sql };

struct EtlOptions {
  std::string song_location;  // for messages and the run record
  std::string log_location;
  std::int64_t max_errors = 0;
  std::filesystem::path rejects_path = "rejects.ndjson";
  int threads = 0;    // parse workers; 0: one per core
  bool full = false;  // load every listed file, even those in the manifest
  Engine engine = Engine::automatic;
  std::optional<std::int64_t> since_day, until_day;  // epoch days, inclusive; log files only
  ServerSideSettings server_side;  // S3 staging and IAM role, for warehouses that COPY from S3 (Redshift)
  std::function<void(std::string_view)> progress = [](std::string_view) {};  // -v detail lines
  std::shared_ptr<progress::Board> board = std::make_shared<progress::Board>();
  StepObserver on_step = [](const StepReport&) {};
  StreamLimits limits;  // what the streaming engine keeps to itself before SQL (star_stream.h)
};

struct FileCounts {
  std::int64_t listed = 0;
  std::int64_t new_or_changed = 0;  // loaded by this run
  std::int64_t unchanged = 0;       // in the manifest already: not loaded
  // Of new_or_changed: held by the manifest with another size or version
  // (after `--full`: every file loaded, as the manifest is not read).
  std::int64_t replaced = 0;
  std::int64_t out_of_range = 0;  // outside --since/--until (or no date in the name)
};

struct EtlSummary {
  std::int64_t run_id = 0;
  std::string engine;  // "streaming" or "sql"
  FileCounts song_files, event_files;
  LoadStats songs;
  LoadStats events;
  std::map<std::string, std::int64_t> table_rows;  // every star table after the run
  std::map<std::string, std::int64_t> rows_added;  // every star table: after - before
  std::int64_t songplays_matched = 0;              // songplays with a song, after the run
  std::filesystem::path rejects_file;              // the file the rejects went to (see RejectLog); empty when none
  std::vector<source::Skipped> skipped;            // entries under the sources not loaded, and why
  double seconds = 0;
};

// The run's song and log objects, listed on a thread of their own from
// construction, so that what the caller does meanwhile (opening the
// warehouse, reading its manifest) overlaps the listing. The listing is a
// phase of options.board with its progress lines, as on the calling thread.
// Destroyed before take() (the caller failed), it asks the listing to stop
// and waits for it; the listing's own error, if any, is then dropped.
class RunListing {
 public:
  struct Listed {
    std::vector<source::ObjectRef> songs, logs;
    std::vector<source::Skipped> skipped;  // both locations' entries not loaded
  };
  // `songs`, `logs` and `options` must outlive the listing.
  RunListing(source::Source& songs, source::Source& logs, const EtlOptions& options);
  // Waits for the listing; rethrows its error. Once only.
  Listed take();
  // When the listing began: the run's start.
  std::chrono::system_clock::time_point started() const { return started_; }

 private:
  std::chrono::system_clock::time_point started_ = std::chrono::system_clock::now();
  std::promise<Listed> promise_;
  std::future<Listed> listed_ = promise_.get_future();
  std::jthread thread_;  // last: started once the rest exists, joined first
};

// `listing` lists `songs` and `logs`; the second form starts it itself.
EtlSummary run_etl(warehouse::Warehouse& warehouse, source::Source& songs, source::Source& logs, RunListing& listing,
                   const EtlOptions& options);
EtlSummary run_etl(warehouse::Warehouse& warehouse, source::Source& songs, source::Source& logs,
                   const EtlOptions& options);

// The day of an event log from its file name ("2018-11-01-events.json"): epoch
// days, or nullopt when the name holds no YYYY-MM-DD date.
std::optional<std::int64_t> log_file_day(std::string_view uri);

}  // namespace sparkify::pipeline
