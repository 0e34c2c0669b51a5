#include "pipeline/etl.h"

#include <chrono>

#include <fmt/format.h>

#include "common/error.h"
#include "sql/tables.h"

namespace sparkify::pipeline {
namespace {

std::vector<source::ObjectRef> list_or_warn(source::Source& source, const char* what, const EtlOptions& options,
                                            std::vector<source::Skipped>& skipped) {
  auto listing = source.list_objects();
  options.progress(fmt::format("found {} {} file(s) under {}", listing.objects.size(), what, source.describe()));
  skipped.insert(skipped.end(), listing.skipped.begin(), listing.skipped.end());
  return std::move(listing.objects);
}

void run_all(warehouse::Warehouse& warehouse, const std::vector<sql::Statement>& statements,
             const EtlOptions& options) {
  for (const auto& statement : statements) {
    options.progress(statement.name);
    warehouse.execute(statement);
  }
}

std::int64_t count(warehouse::Warehouse& warehouse, std::string_view table) {
  auto result = warehouse.query(sql::count_rows(table));
  return std::stoll(result.rows.at(0).at(0).value_or("0"));
}

}  // namespace

EtlSummary run_etl(warehouse::Warehouse& warehouse, source::Source& songs, source::Source& logs,
                   const EtlOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  EtlSummary summary;
  const auto song_objects = list_or_warn(songs, "song", options, summary.skipped);
  const auto log_objects = list_or_warn(logs, "event log", options, summary.skipped);
  if (song_objects.empty() && log_objects.empty()) {
    throw_error(ErrorKind::source,
                "no .json or .json.gz files under {} or {} ({} other entries skipped): check --source, "
                "--song-prefix and --log-prefix",
                songs.describe(), logs.describe(), summary.skipped.size());
  }

  RejectLog rejects(options.rejects_path);
  warehouse::Transaction transaction(warehouse);
  run_all(warehouse, warehouse.dialect().clear_staging(), options);
  if (warehouse.loads_staging_from_s3()) {
    options.progress("loading staging with the warehouse's COPY from S3");
    const auto loaded = load_staging_server_side(warehouse, songs, song_objects, logs, log_objects,
                                                 options.server_side, options.max_errors, rejects);
    summary.songs = loaded.songs;
    summary.events = loaded.events;
  } else {
    auto loader = warehouse.open_staging_loader();
    options.progress("loading staging_songs");
    summary.songs = load_staging(RecordKind::songs, songs, song_objects, *loader, rejects, options.threads);
    options.progress("loading staging_events");
    summary.events = load_staging(RecordKind::events, logs, log_objects, *loader, rejects, options.threads);
    loader->finish();
  }

  const std::int64_t rejected = summary.songs.rejected + summary.events.rejected;
  if (rejected > options.max_errors) {
    throw_error(ErrorKind::data,
                "{} record(s) rejected ({} events, {} songs), more than --max-errors {}; see {} for file, line and "
                "reason. Nothing was changed in {}",
                rejected, summary.events.rejected, summary.songs.rejected, options.max_errors,
                rejects.path().string(), warehouse.describe());
  }

  run_all(warehouse, warehouse.dialect().build_star_schema(), options);
  sql::RunRecord run{fmt::format("song={} log={}", options.song_location, options.log_location),
                     summary.events.files, summary.songs.files,
                     summary.events.records_read, summary.events.rejected,
                     summary.songs.records_read, summary.songs.rejected};
  warehouse.execute(sql::record_run(run));
  transaction.commit();

  for (auto table : sql::kStagingTables) summary.table_rows[std::string(table)] = count(warehouse, table);
  for (auto table : sql::kStarTables) summary.table_rows[std::string(table)] = count(warehouse, table);
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

}  // namespace sparkify::pipeline
