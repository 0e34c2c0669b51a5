// `sparkify create-tables`, `sparkify etl`, `sparkify check`.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/progress_text.h"
#include "cli/result_format.h"
#include "cli/terminal.h"
#include "common/error.h"
#include "common/interrupt.h"
#include "pipeline/check.h"
#include "pipeline/create_tables.h"
#include "pipeline/etl.h"
#include "source/open_source.h"
#include "source/s3_object_store.h"
#include "sql/load_audit.h"
#include "sql/schema.h"
#include "sql/star_totals.h"
#include "warehouse/open_warehouse.h"

namespace sparkify::cli {
namespace {

// "skipped N files not ending in .json or .json.gz", one line per reason,
// and with --verbose each entry.
void print_skipped(std::ostream& out, const std::vector<source::Skipped>& skipped, bool verbose) {
  for (auto reason : {source::SkipReason::not_json, source::SkipReason::not_a_file, source::SkipReason::broken_link,
                      source::SkipReason::hidden}) {
    const auto count = std::count_if(skipped.begin(), skipped.end(), [&](const auto& s) { return s.reason == reason; });
    if (count == 0) continue;
    out << fmt::format("skipped {} {}\n", count, source::describe(reason));
    if (!verbose) continue;
    for (const auto& entry : skipped) {
      if (entry.reason == reason) out << "  " << entry.uri << '\n';
    }
  }
}

void print_summary(std::ostream& out, const pipeline::EtlSummary& summary) {
  auto files = [&](const char* what, const pipeline::FileCounts& f) {
    out << fmt::format("{:<7} files: {} listed, {} new or changed, {} already loaded", what, f.listed, f.new_or_changed,
                       f.unchanged);
    if (f.out_of_range > 0) out << fmt::format(", {} outside --since/--until", f.out_of_range);
    out << '\n';
  };
  auto records = [&](const char* what, const pipeline::LoadStats& s) {
    out << fmt::format("{:<7} {:>10} records read {:>10} loaded {:>6} rejected {:>8.1f} MB\n", what, s.records_read,
                       s.loaded, s.rejected, static_cast<double>(s.bytes) / 1e6);
  };
  files("songs", summary.song_files);
  files("events", summary.event_files);
  records("songs", summary.songs);
  records("events", summary.events);
  for (const auto& [table, rows] : summary.table_rows) {
    out << fmt::format("{:<10} {:>10} rows ({:+} this run)\n", table, rows, summary.rows_added.at(table));
  }
  const auto plays = summary.table_rows.at("songplays");
  out << fmt::format(
      "songplays matched to a song: {} of {} ({:.1f}%)\n", summary.songplays_matched, plays,
      plays > 0 ? 100.0 * static_cast<double>(summary.songplays_matched) / static_cast<double>(plays) : 0.0);
  const auto read = summary.songs.records_read + summary.events.records_read;
  out << fmt::format("run {} done in {:.2f} s ({:.0f} records/s, {} engine)\n", summary.run_id, summary.seconds,
                     summary.seconds > 0 ? static_cast<double>(read) / summary.seconds : 0.0, summary.engine);
}

// The summary as one JSON object (numbers as JSON numbers), for scripts.
void print_summary_json(std::ostream& out, const pipeline::EtlSummary& summary) {
  auto files = [](const pipeline::FileCounts& f) {
    return nlohmann::ordered_json{
        {"listed", f.listed}, {"new", f.new_or_changed}, {"skipped", f.unchanged}, {"out_of_range", f.out_of_range}};
  };
  auto records = [](const pipeline::LoadStats& s) {
    return nlohmann::ordered_json{
        {"read", s.records_read}, {"loaded", s.loaded}, {"rejected", s.rejected}, {"bytes", s.bytes}};
  };
  nlohmann::ordered_json json;
  json["run_id"] = summary.run_id;
  json["engine"] = summary.engine;
  json["files"] = {{"songs", files(summary.song_files)}, {"events", files(summary.event_files)}};
  json["records"] = {{"songs", records(summary.songs)},
                     {"events", records(summary.events)},
                     {"read", summary.songs.records_read + summary.events.records_read},
                     {"loaded", summary.songs.loaded + summary.events.loaded},
                     {"rejected", summary.songs.rejected + summary.events.rejected}};
  json["rows_added"] = summary.rows_added;
  json["rows"] = summary.table_rows;
  json["songplays_matched"] = summary.songplays_matched;
  json["skipped_entries"] = summary.skipped.size();
  json["seconds"] = summary.seconds;
  out << json.dump() << '\n';
}

// "YYYY-MM-DD" -> epoch day; a usage error otherwise.
std::optional<std::int64_t> parse_day_flag(const std::string& text, const char* flag) {
  if (text.empty()) return std::nullopt;
  const auto day = pipeline::log_file_day(text);
  if (!day || text.size() != 10) throw_error(ErrorKind::usage, "{} wants a date as YYYY-MM-DD, not '{}'", flag, text);
  return day;
}

// Flags of `etl` that are not settings (dwh.cfg has no place for them).
struct EtlFlags {
  bool full = false;
  bool no_repack = false;
  std::string engine = "auto";
  std::string since, until;
  std::string format = "table";
};

// What --rejects must never be: the DuckDB file (and its WAL) or a path under
// a local input folder.
pipeline::RejectsPathGuards rejects_guards(const config::Settings& settings, const config::Overrides& overrides) {
  pipeline::RejectsPathGuards guards;
  if (auto file = warehouse::duckdb_file_for_target(settings.target)) {
    guards.protected_files = {*file, file->string() + ".wal"};
  }
  for (const auto* location :
       {&settings.song_data, &settings.log_data, overrides.source ? &*overrides.source : nullptr}) {
    if (location && !location->empty() && location->rfind("s3://", 0) != 0) {
      guards.source_folders.emplace_back(*location);
    }
  }
  return guards;
}

}  // namespace

void register_create_tables_command(CLI::App& app, CommandContext& context) {
  auto* command = app.add_subcommand("create-tables",
                                     "Drop (if present) and create the staging and star tables, in one transaction");
  auto force = std::make_shared<bool>(false);
  command->add_flag("--force", *force, "Drop and recreate the tables even when they hold rows");
  command->callback([&context, force] {
    auto warehouse = warehouse::open_warehouse(context.settings(), warehouse::OpenMode::create);
    pipeline::create_tables(*warehouse, *force, [&](std::string_view step) { context.progress(step); });
    std::string tables;
    for (const auto& table : sql::table_schemas()) tables += (tables.empty() ? "" : ", ") + std::string(table.name);
    if (warehouse->dialect().keeps_star_totals()) {
      tables += fmt::format(", {} (with a trigger on each star table)", sql::kTotalsTable);
    }
    context.out << "created " << tables << " in " << warehouse->describe() << '\n';
  });
}

void register_etl_command(CLI::App& app, CommandContext& context) {
  auto* command =
      app.add_subcommand("etl",
                         "Load song files and event logs into staging, then build the star schema (one transaction).\n"
                         "Input: --source DIR|s3://bucket/prefix (reads <source>/song_data and <source>/log_data),\n"
                         "or [S3] SONG_DATA / LOG_DATA in dwh.cfg, or --song-data / --log-data.\n"
                         "Progress goes to stderr: a redrawn line per phase on a terminal, timestamped lines\n"
                         "otherwise (SPARKIFY_PROGRESS_INTERVAL=SECONDS, default 5), and the numbered step\n"
                         "log of the transform; --quiet leaves only the summary, warnings and errors.");
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
  auto flags = std::make_shared<EtlFlags>();
  command->add_flag("--full", flags->full,
                    "Load every listed file, also those the load manifest (etl_files) holds unchanged");
  command->add_flag("--no-repack", flags->no_repack,
                    "Redshift: COPY small objects as they are, not packed into a few gzip parts first");
  command->add_option("--since", flags->since,
                      "Load only event logs of this day or later (YYYY-MM-DD, from the file name)");
  command->add_option("--until", flags->until, "Load only event logs of this day or earlier (YYYY-MM-DD)");
  command
      ->add_option("--engine", flags->engine,
                   "auto: the streaming engine on DuckDB and PostgreSQL (the default); sql: staging tables and "
                   "the SQL of `sparkify sql` (what Redshift always runs)")
      ->transform(CLI::IsMember({"auto", "sql"}, CLI::ignore_case));
  command->add_option("--format", flags->format, "Summary as a table (default) or one JSON object")
      ->transform(CLI::IsMember({"table", "json"}, CLI::ignore_case));
  command->callback([&context, flags] {
    const auto& settings = context.settings();
    if (settings.song_data.empty() || settings.log_data.empty()) {
      throw_error(ErrorKind::usage,
                  "etl needs input: give --source DIR (or s3://bucket/prefix), or set [S3] SONG_DATA and LOG_DATA "
                  "in {}",
                  settings.config_path.string());
    }
    pipeline::validate_rejects_path(settings.rejects_path, rejects_guards(settings, context.overrides));
    auto songs = source::open_source(settings.song_data, settings);  // a location's mistakes first: exit 2
    auto logs = source::open_source(settings.log_data, settings);
    pipeline::EtlOptions options;
    options.song_location = settings.song_data;
    options.log_location = settings.log_data;
    options.max_errors = settings.max_errors;
    options.rejects_path = settings.rejects_path;
    options.threads = settings.threads;
    options.server_side = pipeline::server_side_settings(settings);
    options.server_side.repack.enabled = !flags->no_repack;
    options.full = flags->full;
    options.engine = flags->engine == "sql" ? pipeline::Engine::sql : pipeline::Engine::automatic;
    options.since_day = parse_day_flag(flags->since, "--since");
    options.until_day = parse_day_flag(flags->until, "--until");
    options.server_side.store = std::make_shared<source::S3ObjectStore>(settings.aws);
    options.progress = [&](std::string_view step) { context.progress(step); };
    options.on_step = [&](const pipeline::StepReport& step) {
      if (!context.quiet) context.print_line(step_line(step, std::chrono::system_clock::now()));
    };
    ShowProgress show(context, *options.board);
    pipeline::RunListing listing(*songs, *logs, options);  // listed while the warehouse opens
    auto warehouse = warehouse::open_warehouse(settings, warehouse::OpenMode::read_write);
    pipeline::require_sparkify_tables(*warehouse);
    set_interrupt_note("nothing committed to " + warehouse->describe());
    auto summary = pipeline::run_etl(*warehouse, *songs, *logs, listing, options);
    show.finish();
    if (flags->format == "json") {
      print_summary_json(context.out, summary);
    } else {
      print_summary(context.out, summary);
      print_skipped(context.out, summary.skipped, context.verbose);
    }
    const auto rejected = summary.songs.rejected + summary.events.rejected;
    if (rejected > 0) {
      context.err << fmt::format(
          "warning: {} record(s) rejected (allowed by --max-errors {}); see {}{}\n", rejected, settings.max_errors,
          summary.rejects_file.string(),
          summary.rejects_file == settings.rejects_path
              ? ""
              : fmt::format(" ({} already existed and was left alone)", settings.rejects_path.string()));
    }
  });
}

void register_runs_command(CLI::App& app, CommandContext& context) {
  auto* command = app.add_subcommand(
      "runs", "List every etl run, newest first: outcome, files, records, rows added, plays matched (etl_runs)");
  auto format = std::make_shared<std::string>("table");
  command->add_option("--format", *format, "table (default), markdown, csv, json or ndjson");
  command->callback([&context, format] {
    const auto result_format = parse_result_format(*format);
    auto warehouse = warehouse::open_warehouse(context.settings(), warehouse::OpenMode::read_only);
    pipeline::require_sparkify_tables(*warehouse);
    auto printer = make_result_printer(context.out, result_format, TableOptions{});
    warehouse->stream_query(sql::select_runs(), *printer);
  });
}

void register_check_command(CLI::App& app, CommandContext& context) {
  auto* command = app.add_subcommand("check", "Data-quality checks on the star schema; exits 3 if any fails");
  command->callback([&context] {
    auto warehouse = warehouse::open_warehouse(context.settings(), warehouse::OpenMode::read_only);
    pipeline::require_sparkify_tables(*warehouse);
    auto results = pipeline::run_checks(*warehouse);
    const bool colour = colour_allowed(STDOUT_FILENO);
    int failed = 0;
    for (const auto& result : results) {
      context.out << fmt::format("{}  {:<55} {}\n", status_word(result.passed, colour), result.name, result.detail);
      failed += result.passed ? 0 : 1;
    }
    if (failed > 0) throw_error(ErrorKind::check, "{} of {} checks failed", failed, results.size());
    context.out << fmt::format("all {} checks passed\n", results.size());
  });
}

}  // namespace sparkify::cli
