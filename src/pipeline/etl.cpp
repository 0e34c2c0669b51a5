#include "pipeline/etl.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <optional>

#include "common/error.h"
#include "common/interrupt.h"
#include "pipeline/run_statements.h"
#include "pipeline/run_totals.h"
#include "pipeline/star_stream.h"
#include "pipeline/stored_manifest.h"
#include "sql/load_audit.h"
#include "sql/tables.h"
#include "star/keys.h"

namespace sparkify::pipeline {
namespace {

using Clock = std::chrono::system_clock;

std::string utc_text(Clock::time_point when) {
  const auto seconds = std::chrono::time_point_cast<std::chrono::seconds>(when);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(when - seconds).count();
  return fmt::format("{:%Y-%m-%d %H:%M:%S}.{:03}", seconds, ms);
}

std::vector<source::ObjectRef> list_or_warn(source::Source& source, const char* what, const EtlOptions& options,
                                            std::vector<source::Skipped>& skipped, const std::stop_token& stop) {
  const auto started = std::chrono::steady_clock::now();
  progress::PhaseScope phase(*options.board, "listing " + source.describe(), 0, "entries");
  source.count_listing_into(&phase.counters());
  auto listing = source.list_objects(stop);
  source.count_listing_into(nullptr);
  phase.counters().records.store(static_cast<std::int64_t>(listing.objects.size() + listing.skipped.size()),
                                 std::memory_order_relaxed);
  options.progress(phase_done(
      fmt::format("found {} {} file(s) under {}", listing.objects.size(), what, source.describe()), started));
  skipped.insert(skipped.end(), listing.skipped.begin(), listing.skipped.end());
  return std::move(listing.objects);
}

// Keeps the objects to load this run; counts the others, and those kept
// that replace a row of the manifest (all kept, without one: `--full`).
std::vector<source::ObjectRef> select_new(std::vector<source::ObjectRef> listed, RecordKind kind,
                                          const std::optional<StoredManifest>& manifest, const EtlOptions& options,
                                          FileCounts& counts) {
  counts.listed = static_cast<std::int64_t>(listed.size());
  // Those kept move to the front of the listing's own storage, which then
  // shrinks to them: a daily run lists every file ever loaded.
  auto kept = listed.begin();
  for (auto& ref : listed) {
    if (kind == RecordKind::events && (options.since_day || options.until_day)) {
      const auto day = log_file_day(ref.uri);
      if (!day || (options.since_day && *day < *options.since_day) ||
          (options.until_day && *day > *options.until_day)) {
        ++counts.out_of_range;
        continue;
      }
    }
    const auto held = manifest
                          ? manifest->find(kind_name(kind), ref.uri, static_cast<std::int64_t>(ref.size), ref.version)
                          : StoredManifest::Held::changed;
    if (held == StoredManifest::Held::unchanged) {
      ++counts.unchanged;
      continue;
    }
    if (held == StoredManifest::Held::changed) ++counts.replaced;
    if (&*kept != &ref) *kept = std::move(ref);  // a string moved onto itself may empty
    ++kept;
  }
  listed.erase(kept, listed.end());
  listed.shrink_to_fit();
  counts.new_or_changed = static_cast<std::int64_t>(listed.size());
  return listed;
}

// The SQL route's load: staging tables, then the dialect's transform.
void load_through_staging(warehouse::Warehouse& warehouse, source::Source& songs,
                          const std::vector<source::ObjectRef>& song_objects, source::Source& logs,
                          const std::vector<source::ObjectRef>& log_objects, const EtlOptions& options,
                          const CopyPlan* copy_plan, RejectLog& rejects, EtlSummary& summary,
                          std::vector<sql::ManifestRow>& files) {
  run_statements(warehouse, warehouse.dialect().clear_staging(), options.progress);
  if (copy_plan != nullptr) {
    options.progress("loading staging with the warehouse's COPY from S3");
    const auto started = std::chrono::steady_clock::now();
    const auto loaded = copy_into_staging(warehouse, *copy_plan, options.max_errors, rejects);
    options.progress(phase_done(
        fmt::format("COPY into staging: {} song and {} event records, {} rejected", loaded.songs.records_read,
                    loaded.events.records_read, loaded.songs.rejected + loaded.events.rejected),
        started));
    summary.songs = loaded.songs;
    summary.events = loaded.events;
    // The engine's COPY counts per kind, not per file: each listed file is
    // recorded with no record counts of its own.
    for (const auto& ref : song_objects) files.push_back(manifest_row(RecordKind::songs, ref, 0, 0));
    for (const auto& ref : log_objects) files.push_back(manifest_row(RecordKind::events, ref, 0, 0));
  } else {
    auto loader = warehouse.open_staging_loader();
    auto load = [&](RecordKind kind, source::Source& source, const std::vector<source::ObjectRef>& objects) {
      const auto started = std::chrono::steady_clock::now();
      progress::PhaseScope phase(*options.board, std::string(kind_name(kind)),
                                 static_cast<std::int64_t>(objects.size()));
      const LoadStats stats =
          load_staging(kind, source, objects, *loader, rejects, options.threads, &files, 0, &phase.counters());
      options.progress(
          phase_done(read_summary(kind, stats, fmt::format("appended to staging_{}", kind_name(kind))), started));
      return stats;
    };
    summary.songs = load(RecordKind::songs, songs, song_objects);
    summary.events = load(RecordKind::events, logs, log_objects);
    loader->finish();
  }
  const auto transform = warehouse.dialect().build_star_schema();
  StepRunner(warehouse, static_cast<int>(transform.size()), options.on_step).run(transform);
}

// The manifest rows of the run, through the bulk path where there is one:
// straight to etl_files when they replace none of its rows (`replacing`
// false), else through run_files, which replaces the rows of files loaded
// again.
void record_files(warehouse::Warehouse& warehouse, warehouse::RunLoader* loader,
                  const std::vector<sql::ManifestRow>& files, bool replacing, const EtlOptions& options) {
  if (loader == nullptr)
    return run_statements(warehouse, sql::record_files(files, warehouse.dialect()), options.progress);
  if (!replacing) {
    const auto started = std::chrono::steady_clock::now();
    loader->append_etl_files(files);
    loader->flush();
    options.progress(phase_done("record loaded files", started));
    return;
  }
  run_statements(warehouse, sql::create_run_files(), options.progress);
  loader->append_run_files(files);
  loader->flush();
  run_statements(warehouse, sql::merge_run_files(), options.progress);
}

sql::RunRow run_row(const EtlSummary& summary, const EtlOptions& options, Clock::time_point started,
                    std::string_view outcome, std::string_view error) {
  sql::RunRow run;
  run.run_id = summary.run_id;
  run.started_at = utc_text(started);
  run.finished_at = utc_text(Clock::now());
  run.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  run.outcome = outcome;
  run.source = fmt::format("song={} log={}", options.song_location, options.log_location);
  run.event_files_new = summary.event_files.new_or_changed;
  run.event_files_unchanged = summary.event_files.unchanged;
  run.song_files_new = summary.song_files.new_or_changed;
  run.song_files_unchanged = summary.song_files.unchanged;
  run.events_read = summary.events.records_read;
  run.events_loaded = summary.events.loaded;
  run.events_rejected = summary.events.rejected;
  run.songs_read = summary.songs.records_read;
  run.songs_loaded = summary.songs.loaded;
  run.songs_rejected = summary.songs.rejected;
  auto added = [&](const char* table) {
    const auto it = summary.rows_added.find(table);
    return it == summary.rows_added.end() ? 0 : it->second;
  };
  run.songplays_added = added("songplays");
  run.users_added = added("users");
  run.songs_added = added("songs");
  run.artists_added = added("artists");
  run.time_added = added("time");
  run.songplays_matched = summary.songplays_matched;
  run.error = error;
  return run;
}

// Records a failed run after the rollback; a failure here must not hide the
// run's own error, so it is only reported through progress.
void record_failed_run(warehouse::Warehouse& warehouse, const EtlSummary& summary, const EtlOptions& options,
                       Clock::time_point started, std::string_view error) {
  try {
    warehouse::Transaction transaction(warehouse);
    warehouse.execute(sql::record_run(run_row(summary, options, started, "failed", error), warehouse.dialect()));
    transaction.commit();
  } catch (const std::exception& e) {
    options.progress(fmt::format("could not record the failed run in etl_runs: {}", e.what()));
  }
}

}  // namespace

RunListing::RunListing(source::Source& songs, source::Source& logs, const EtlOptions& options)
    : thread_([this, &songs, &logs, &options](const std::stop_token& stop) {
        try {
          Listed listed;
          listed.songs = list_or_warn(songs, "song", options, listed.skipped, stop);
          if (!stop.stop_requested()) listed.logs = list_or_warn(logs, "event log", options, listed.skipped, stop);
          promise_.set_value(std::move(listed));
        } catch (...) {
          promise_.set_exception(std::current_exception());
        }
      }) {}

RunListing::Listed RunListing::take() { return listed_.get(); }

std::optional<std::int64_t> log_file_day(std::string_view uri) {
  const std::string_view name = uri.substr(uri.find_last_of('/') + 1);
  for (std::size_t i = 0; i + 10 <= name.size(); ++i) {
    if (const auto day = star::epoch_day_of(name.substr(i))) return day;
  }
  return std::nullopt;
}

EtlSummary run_etl(warehouse::Warehouse& warehouse, source::Source& songs, source::Source& logs,
                   const EtlOptions& options) {
  RunListing listing(songs, logs, options);
  return run_etl(warehouse, songs, logs, listing, options);
}

EtlSummary run_etl(warehouse::Warehouse& warehouse, source::Source& songs, source::Source& logs, RunListing& listing,
                   const EtlOptions& options) {
  const auto started = listing.started();
  EtlSummary summary;
  // Held only while the listing is compared with it: it grows with every
  // file ever loaded.
  std::optional<StoredManifest> manifest;  // not read by `--full`
  if (!options.full) manifest = StoredManifest::read(warehouse);
  summary.run_id = query_count(warehouse, sql::next_run_id());
  auto listed = listing.take();
  summary.skipped = std::move(listed.skipped);
  if (listed.songs.empty() && listed.logs.empty()) {
    throw_error(ErrorKind::source,
                "no .json or .json.gz files under {} or {} ({} other entries skipped): check --source, "
                "--song-prefix and --log-prefix",
                songs.describe(), logs.describe(), summary.skipped.size());
  }
  auto song_objects = select_new(std::move(listed.songs), RecordKind::songs, manifest, options, summary.song_files);
  const auto log_objects =
      select_new(std::move(listed.logs), RecordKind::events, manifest, options, summary.event_files);
  manifest.reset();

  RejectLog rejects(options.rejects_path);
  try {
    std::optional<CopyPlan> copy_plan;  // uploads and manifests are written before BEGIN: no lock held meanwhile
    if (warehouse.loads_staging_from_s3()) {
      copy_plan = stage_for_copy(songs, song_objects, logs, log_objects, options.server_side, options.max_errors,
                                 rejects, options.board.get());
    }
    warehouse::Transaction transaction(warehouse);
    const RunTotals totals(warehouse);
    PlaysAppended plays_appended;
    std::vector<sql::ManifestRow> files;  // views of song_objects and log_objects
    files.reserve(song_objects.size() + log_objects.size());
    auto run_loader = warehouse.open_run_loader();  // the bulk path, where the engine has one
    // The manifest rows in `files` go to etl_files; each carries the run.
    const auto record = [&] {
      for (auto& file : files) file.run_id = summary.run_id;
      const bool replacing = std::any_of(files.begin(), files.end(), [&](const sql::ManifestRow& file) {
        return (file.kind == kind_name(RecordKind::songs) ? summary.song_files : summary.event_files).replaced > 0;
      });
      record_files(warehouse, run_loader.get(), files, replacing, options);
    };
    if (run_loader && options.engine == Engine::automatic) {
      summary.engine = "streaming";
      run_statements(warehouse, warehouse.dialect().run_settings(), options.progress);
      // The song files' rows are recorded as soon as they are all read, and
      // the song listing let go, storage and all, before the events stream.
      const auto songs_read = [&] {
        record();
        files = std::vector<sql::ManifestRow>();
        song_objects = std::vector<source::ObjectRef>();
      };
      const auto loaded =
          load_star_streaming(warehouse, *run_loader, songs, song_objects, logs, log_objects, rejects, options.threads,
                              files, songs_read, options.progress, options.on_step, *options.board, options.limits);
      summary.songs = loaded.songs;
      summary.events = loaded.events;
      plays_appended = loaded.plays_appended;
    } else {
      summary.engine = "sql";
      load_through_staging(warehouse, songs, song_objects, logs, log_objects, options,
                           copy_plan ? &*copy_plan : nullptr, rejects, summary, files);
    }

    const std::int64_t rejected = summary.songs.rejected + summary.events.rejected;
    if (rejected > options.max_errors) {
      throw_error(ErrorKind::data,
                  "{} record(s) rejected ({} events, {} songs), more than --max-errors {}; see {} for file, line and "
                  "reason. Nothing was changed in {}",
                  rejected, summary.events.rejected, summary.songs.rejected, options.max_errors,
                  rejects.path().string(), warehouse.describe());
    }
    record();
    const StarCounts counts = totals.after(warehouse, plays_appended, options.progress);
    summary.table_rows = counts.rows;
    summary.rows_added = counts.added;
    summary.songplays_matched = counts.songplays_matched;
    warehouse.execute(sql::record_run(run_row(summary, options, started, "ok", ""), warehouse.dialect()));
    rejects.finish();
    stop_if_interrupted();
    const auto commit_started = std::chrono::steady_clock::now();
    transaction.commit();
    options.progress(phase_done("commit", commit_started));
  } catch (const std::exception& error) {
    if (!interrupted()) record_failed_run(warehouse, summary, options, started, error.what());
    throw;
  }
  if (rejects.count() > 0) summary.rejects_file = rejects.path();
  summary.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return summary;
}

}  // namespace sparkify::pipeline
