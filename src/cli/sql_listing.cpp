#include "cli/sql_listing.h"

#include <fmt/format.h>

#include "sql/load_audit.h"
#include "sql/redshift_dialect.h"
#include "sql/report_queries.h"
#include "sql/star_totals.h"
#include "sql/tables.h"

namespace sparkify::cli {
namespace {

void print_statements(std::ostream& out, const std::string& section, const std::vector<sql::Statement>& statements) {
  out << "-- " << section << "\n\n";
  for (const auto& statement : statements) out << "-- " << statement.name << '\n' << statement.text << ";\n\n";
}

}  // namespace

void print_sql_listing(std::ostream& out, const sql::Dialect& dialect) {
  out << "-- sparkify statements for " << dialect.name() << "\n\n";
  if (auto settings = dialect.session_settings(); !settings.empty()) {
    print_statements(out, "every connection: session settings", settings);
  }
  std::vector<sql::Statement> guard = {{"which sparkify tables exist", dialect.existing_tables()}};
  for (const auto& table : sql::table_schemas()) {
    guard.push_back({fmt::format("rows in {}", table.name), sql::count_rows(table.name)});
  }
  print_statements(out,
                   "every command but sql: which tables exist; create-tables: the rows of each (it refuses to drop "
                   "tables holding rows)",
                   guard);
  const bool counts_added = dialect.counts_rows_added_in_transaction();
  if (!counts_added) {
    print_statements(out, "etl: the rows of each star table before the load",
                     {{"star table rows", sql::count_star_rows(dialect, false, false)}});
  }
  print_statements(out, "etl: before the load",
                   {{"files already loaded", sql::select_manifest()}, {"the run's id", sql::next_run_id()}});
  print_statements(out, "etl: the transaction, committed, or rolled back when the run fails",
                   {{"begin transaction", "BEGIN"}, {"commit", "COMMIT"}, {"rollback", "ROLLBACK"}});
  print_statements(out, "create-tables: drop", dialect.drop_tables());
  if (dialect.keeps_star_totals()) {
    print_statements(out, "create-tables: drop the kept totals (after the tables, whose triggers go with them)",
                     sql::drop_star_totals());
  }
  print_statements(out, "create-tables: create", dialect.create_tables());
  if (dialect.keeps_star_totals()) {
    print_statements(out,
                     "create-tables: the kept totals of the star tables, and the triggers that mark them outdated "
                     "when a statement outside an etl run changes a star table",
                     sql::create_star_totals(true));
    print_statements(out, "etl: first in the run's transaction", {sql::mark_etl_run()});
  }
  print_statements(out, "etl: clear staging (same transaction as the load)", dialect.clear_staging());
  sql::CopyParams example;
  example.sources = {
      {sql::StagingTable::songs, "s3://BUCKET/STAGING/manifests/RUN/song_data.packed.manifest", true, true},
      {sql::StagingTable::songs, "s3://BUCKET/STAGING/manifests/RUN/song_data.manifest"},
      {sql::StagingTable::events, "s3://BUCKET/STAGING/manifests/RUN/log_data.packed.manifest", true, true},
      {sql::StagingTable::events, "s3://BUCKET/STAGING/manifests/RUN/log_data.manifest"},
      {sql::StagingTable::events, "s3://BUCKET/STAGING/manifests/RUN/log_data.gz.manifest", true}};
  example.jsonpaths_uri = "s3://BUCKET/STAGING/events_jsonpaths.json";
  example.packed_jsonpaths_uri = "s3://BUCKET/STAGING/events_packed_jsonpaths.json";
  example.iam_role_arn = "arn:aws:iam::ACCOUNT:role/ROLE";
  example.region = "us-west-2";
  // An engine the server loads (COPY) runs the SQL route only; the engines
  // the client loads also have the streaming route, listed below.
  auto copies = dialect.copy_staging(example);
  const bool streaming_route = copies.empty();
  if (!streaming_route) {
    std::vector<sql::Statement> copy;
    for (auto& statement : copies) copy.push_back(std::move(statement.statement));
    print_statements(out,
                     "etl: load staging with COPY (example locations; per table either the packed parts of many "
                     "small objects, or the objects as they are, .gz ones with their own manifest)",
                     copy);
    print_statements(
        out, "etl: after each COPY, in the same transaction (STL_LOAD_ERRORS on a provisioned cluster)",
        {{"rows loaded", sql::last_copy_count()},
         {"rows rejected", sql::last_copy_error_count(sql::LoadErrorView::stl)},
         {"rejected rows, for the rejects file (when any)", sql::last_copy_errors(sql::LoadErrorView::stl)}});
    print_statements(
        out,
        "etl: the same from SYS_LOAD_ERROR_DETAIL (Redshift Serverless; or a packed COPY that loaded "
        "fewer rows than packed with none in STL: concurrency scaling)",
        {{"rows rejected", sql::last_copy_error_count(sql::LoadErrorView::sys)},
         {"rejected rows, for the rejects file (when any)", sql::last_copy_errors(sql::LoadErrorView::sys)}});
  }
  print_statements(out, "etl: build the star schema", dialect.build_star_schema());
  if (streaming_route) {
    constexpr std::string_view kDay = "2018-11-01", kNextDay = "2018-11-02";  // the example day
    std::vector<sql::Statement> streaming = {
        {"which star tables hold any row (songplays none: the songs' rematch steps are skipped; songs, artists "
         "and songplays none: the run's songs and artists are written as picked, with no merge, and the song "
         "catalog is built from them; users none: the run's users are written as picked; time none: no day is "
         "stored)",
         sql::select_star_tables_holding_rows()},
        {"the song catalog, read before the events (unless built from the songs picked, or the run's events are "
         "few: below)",
         sql::select_song_catalog()}};
    for (auto& statement : dialect.create_work_tables(std::vector<std::string_view>{"played_songs"})) {
      statement.name += " (a run of few events: the (title, artist) pairs its plays name, once they are read)";
      streaming.push_back(std::move(statement));
    }
    streaming.push_back({"the songs of those pairs: the song catalog of a run of few events",
                         sql::select_song_catalog_of_played_songs()});
    if (const auto indexed = dialect.select_time_indexed()) {
      streaming.push_back({"whether time has its start_time index", *indexed});
      streaming.push_back({"the days, walking that index where it exists", sql::select_time_days(true)});
      streaming.push_back({"the days the warehouse holds", sql::select_time_days(false)});
    }
    streaming.push_back({"the keys stored on the days the run touches (example day)",
                         sql::select_songplay_keys_on(dialect, kDay, kNextDay)});
    streaming.push_back({"the time keys stored on those days", sql::select_time_keys_on(dialect, kDay, kNextDay)});
    streaming.push_back({"those days' stored plays, once a play of the run has a stored key",
                         sql::select_songplays_on(dialect, kDay, kNextDay)});
    if (const auto due = dialect.select_key_lookups_due()) {
      streaming.push_back({"whether the key lookups' steps below may do anything", *due});
    }
    for (const auto& step : {dialect.prepare_key_lookups(), dialect.resolve_time_keys(), sql::create_run_files(),
                             sql::merge_run_files()}) {
      streaming.insert(streaming.end(), step.begin(), step.end());
    }
    print_statements(
        out,
        "etl, streaming engine: what it reads besides the merges above (which it runs on work tables "
        "it fills itself), what follows the bulk load of songplays and time (the time keys that may "
        "repeat), and the loaded files, bulk-loaded into etl_files, or, when some were loaded before, into a "
        "work table of their own that replaces their rows",
        streaming);
  }
  sql::RunRow run_example;
  run_example.run_id = 1;
  run_example.started_at = "2018-11-30 00:00:00.000";
  run_example.finished_at = "2018-11-30 00:00:05.000";
  run_example.outcome = "ok";
  run_example.source = "song=DIR log=DIR";
  print_statements(out, "etl: record the loaded files (example values)",
                   sql::record_files(std::vector<sql::ManifestRow>{{"events", "DIR/2018-11-01-events.json", 12345,
                                                                    "1543622400000000000", 1, 200, 0}},
                                     dialect));
  if (dialect.keeps_star_totals()) {
    sql::StarTotals totals;
    totals.rows = {6820, 96, 71, 69, 6813};
    totals.songplays_matched = 333;
    print_statements(out,
                     "etl: a warehouse made before the kept totals gets them at the end of a run (when the user may "
                     "make them), then counts as below",
                     sql::create_star_totals(false));
    print_statements(
        out,
        "etl: after the load, the kept totals, locked, and what the run changed; when they are exact, the "
        "plays matched to a song are counted only if the run wrote songplays rows other than those it appended; "
        "when not, the star tables are counted; then the totals are kept (example values)",
        {{"whether the totals are kept, or may be", sql::select_star_totals_state()},
         {"the kept totals and the run's changes", sql::select_kept_star_totals(dialect)},
         {"the plays matched to a song", sql::count_matched_plays()},
         {"star table rows", sql::count_star_rows(dialect, true, counts_added)},
         sql::store_star_totals(totals, true)});
  } else {
    print_statements(out,
                     counts_added ? "etl: after the load, the rows of each star table, the plays matched to a song and "
                                    "what the run added to each table, counted in its transaction"
                                  : "etl: after the load, the rows of each star table and the plays matched to a song",
                     {{"star table rows", sql::count_star_rows(dialect, true, counts_added)}});
  }
  print_statements(out,
                   "etl: record the run (example values; a failed run is recorded the same way after the "
                   "rollback, in a transaction of its own)",
                   {sql::record_run(run_example, dialect)});
  print_statements(out, "runs", {{"every run, newest first", sql::select_runs()}});
  std::vector<sql::Statement> checks;
  for (const auto& check : sql::quality_checks(dialect)) checks.push_back({"check: " + check.name, check.sql});
  print_statements(out, "check (each returns one number)", checks);
  std::vector<sql::Statement> queries;
  for (const auto& query : sql::analytics_queries()) queries.push_back({"query " + query.name, query.sql});
  print_statements(out, "query: named analytics queries", queries);
  print_statements(out, "report and doctor (read only)", sql::report::all_statements());
}

}  // namespace sparkify::cli
