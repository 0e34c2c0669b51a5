// `sparkify create-tables`, `sparkify etl`, `sparkify check`.
#include <fmt/format.h>

#include "cli/commands.h"
#include "common/error.h"
#include "common/interrupt.h"
#include "pipeline/check.h"
#include "pipeline/create_tables.h"
#include "pipeline/etl.h"
#include "source/open_source.h"
#include "warehouse/open_warehouse.h"

namespace sparkify::cli {
namespace {

void print_summary(std::ostream& out, const pipeline::EtlSummary& summary) {
  auto line = [&](const char* what, const pipeline::LoadStats& s) {
    out << fmt::format("{:<7} {:>8} files {:>10} records read {:>10} loaded {:>6} rejected {:>8.1f} MB\n", what,
                       s.files, s.records_read, s.loaded, s.rejected, static_cast<double>(s.bytes) / 1e6);
  };
  line("songs", summary.songs);
  line("events", summary.events);
  for (const char* table : {"staging_events", "staging_songs", "songplays", "users", "songs", "artists", "time"}) {
    out << fmt::format("{:<15} {:>10} rows\n", table, summary.table_rows.at(table));
  }
  const auto records = summary.songs.records_read + summary.events.records_read;
  out << fmt::format("done in {:.2f} s ({:.0f} records/s)\n", summary.seconds,
                     summary.seconds > 0 ? static_cast<double>(records) / summary.seconds : 0.0);
}

}  // namespace

void register_create_tables_command(CLI::App& app, CommandContext& context) {
  auto* command = app.add_subcommand("create-tables",
                                     "Drop (if present) and create the staging and star tables, in one transaction");
  command->callback([&context] {
    auto warehouse = warehouse::open_warehouse(context.settings());
    pipeline::create_tables(*warehouse, [&](std::string_view step) { context.progress(step); });
    context.out << "created staging_events, staging_songs, songplays, users, songs, artists, time, etl_runs in "
                << warehouse->describe() << '\n';
  });
}

void register_etl_command(CLI::App& app, CommandContext& context) {
  auto* command = app.add_subcommand(
      "etl",
      "Load song files and event logs into staging, then build the star schema (one transaction).\n"
      "Input: --source DIR|s3://bucket/prefix (reads <source>/song_data and <source>/log_data),\n"
      "or [S3] SONG_DATA / LOG_DATA in dwh.cfg, or --song-data / --log-data.");
  auto& o = context.overrides;
  command->add_option("--source", o.source, "Folder or s3://bucket/prefix holding song_data/ and log_data/");
  command->add_option("--song-data", o.song_data, "Song files location (overrides --source)");
  command->add_option("--log-data", o.log_data, "Event logs location (overrides --source)");
  command->add_option("--song-prefix", o.song_prefix, "Song folder under --source (default song_data)");
  command->add_option("--log-prefix", o.log_prefix, "Log folder under --source (default log_data)");
  command->add_option("--max-errors", o.max_errors,
                      "Rejected records allowed before the run fails and rolls back (default 0)");
  command->add_option("--rejects", o.rejects_path, "Where rejected records go, as NDJSON (default rejects.ndjson)");
  command->add_option("--threads", o.threads, "Parser threads, 1 to 256 (default: one per core)")
      ->check(CLI::Range(1, 256));
  command->callback([&context] {
    const auto& settings = context.settings();
    if (settings.song_data.empty() || settings.log_data.empty()) {
      throw_error(ErrorKind::usage,
                  "etl needs input: give --source DIR (or s3://bucket/prefix), or set [S3] SONG_DATA and LOG_DATA "
                  "in {}",
                  settings.config_path.string());
    }
    auto warehouse = warehouse::open_warehouse(settings);
    set_interrupt_note("nothing committed to " + warehouse->describe());
    auto songs = source::open_source(settings.song_data, settings);
    auto logs = source::open_source(settings.log_data, settings);
    pipeline::EtlOptions options;
    options.song_location = settings.song_data;
    options.log_location = settings.log_data;
    options.max_errors = settings.max_errors;
    options.rejects_path = settings.rejects_path;
    options.threads = settings.threads;
    options.server_side = pipeline::server_side_settings(settings);
    options.progress = [&](std::string_view step) { context.progress(step); };
    auto summary = pipeline::run_etl(*warehouse, *songs, *logs, options);
    print_summary(context.out, summary);
    const auto rejected = summary.songs.rejected + summary.events.rejected;
    if (rejected > 0) {
      context.err << fmt::format("warning: {} record(s) rejected (allowed by --max-errors {}); see {}\n", rejected,
                                 settings.max_errors, settings.rejects_path.string());
    }
  });
}

void register_check_command(CLI::App& app, CommandContext& context) {
  auto* command = app.add_subcommand(
      "check", "Data-quality checks on the star schema; exits 3 if any fails");
  command->callback([&context] {
    auto warehouse = warehouse::open_warehouse(context.settings());
    auto results = pipeline::run_checks(*warehouse);
    int failed = 0;
    for (const auto& result : results) {
      context.out << fmt::format("{}  {:<55} {}\n", result.passed ? "PASS" : "FAIL", result.name, result.detail);
      failed += result.passed ? 0 : 1;
    }
    if (failed > 0) throw_error(ErrorKind::check, "{} of {} checks failed", failed, results.size());
    context.out << fmt::format("all {} checks passed\n", results.size());
  });
}

}  // namespace sparkify::cli
