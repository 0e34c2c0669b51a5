#include "sql/load_audit.h"

#include <fmt/format.h>

#include <stdexcept>

#include "sql/tables.h"

namespace sparkify::sql {
namespace {

constexpr std::size_t kRowsPerStatement = 500;

// The rows whose start_time falls on [day, next_day) ("YYYY-MM-DD" each).
std::string on_day(std::string_view day, std::string_view next_day) {
  return fmt::format("start_time >= CAST({} AS TIMESTAMP) AND start_time < CAST({} AS TIMESTAMP)", quote_literal(day),
                     quote_literal(next_day));
}

}  // namespace

std::string select_manifest() { return "SELECT kind, uri, size, version FROM etl_files"; }

std::vector<Statement> record_files(std::span<const ManifestRow> files, const Dialect& dialect) {
  auto quote = [&](std::string_view text) { return dialect.string_literal(text); };
  std::vector<Statement> out;
  for (std::size_t start = 0; start < files.size();) {
    // A part: up to kRowsPerStatement consecutive files of one kind.
    std::size_t end = start;
    while (end < files.size() && end - start < kRowsPerStatement && files[end].kind == files[start].kind) ++end;
    std::string uris, values;
    for (const ManifestRow& file : files.subspan(start, end - start)) {
      if (!uris.empty()) uris += ", ";
      uris += quote(file.uri);
      if (!values.empty()) values += ",\n       ";
      values += fmt::format("({}, {}, {}, {}, {}, {}, {})", quote(file.kind), quote(file.uri), file.size,
                            quote(file.version), file.run_id, file.records, file.rejected);
    }
    out.push_back({"forget reloaded files", fmt::format("DELETE FROM etl_files WHERE kind = {} AND uri IN ({})",
                                                        quote(files[start].kind), uris)});
    out.push_back({"record loaded files",
                   fmt::format("INSERT INTO etl_files (kind, uri, size, version, run_id, records, rejected)\n"
                               "VALUES {}",
                               values)});
    start = end;
  }
  return out;
}

std::vector<Statement> create_run_files() {
  return {{"drop run_files", "DROP TABLE IF EXISTS run_files"},
          {"create run_files", "CREATE TEMPORARY TABLE run_files AS SELECT * FROM etl_files LIMIT 0"}};
}

std::vector<Statement> merge_run_files() {
  return {{"forget reloaded files",
           "DELETE FROM etl_files WHERE EXISTS (SELECT 1 FROM run_files r WHERE r.kind = etl_files.kind AND r.uri = "
           "etl_files.uri)"},
          {"record loaded files",
           "INSERT INTO etl_files (kind, uri, size, version, run_id, records, rejected)\n"
           "SELECT kind, uri, size, version, run_id, records, rejected FROM run_files"}};
}

std::string next_run_id() { return "SELECT coalesce(max(run_id), 0) + 1 FROM etl_runs"; }

Statement record_run(const RunRow& r, const Dialect& dialect) {
  auto quote = [&](std::string_view text) { return dialect.string_literal(text); };
  return {"record the run",
          fmt::format("INSERT INTO etl_runs (run_id, started_at, finished_at, seconds, outcome, source, "
                      "event_files_new, event_files_unchanged, song_files_new, song_files_unchanged, events_read, "
                      "events_loaded, events_rejected, songs_read, songs_loaded, songs_rejected, songplays_added, "
                      "users_added, songs_added, artists_added, time_added, songplays_matched, error)\n"
                      "VALUES ({}, CAST({} AS TIMESTAMP), CAST({} AS TIMESTAMP), {:.3f}, {}, {}, {}, {}, {}, {}, {}, "
                      "{}, {}, {}, {}, {}, "
                      "{}, {}, {}, {}, {}, {}, {})",
                      r.run_id, quote(r.started_at), quote(r.finished_at), r.seconds, quote(r.outcome), quote(r.source),
                      r.event_files_new, r.event_files_unchanged, r.song_files_new, r.song_files_unchanged,
                      r.events_read, r.events_loaded, r.events_rejected, r.songs_read, r.songs_loaded, r.songs_rejected,
                      r.songplays_added, r.users_added, r.songs_added, r.artists_added, r.time_added,
                      r.songplays_matched, r.error.empty() ? "NULL" : quote(r.error))};
}

std::string select_runs() {
  return "SELECT run_id, started_at, finished_at, seconds, outcome, event_files_new, song_files_new, "
         "events_read, events_loaded, events_rejected, songs_read, songs_loaded, songs_rejected, songplays_added, "
         "users_added, songs_added, artists_added, time_added, songplays_matched, source, error\n"
         "FROM etl_runs ORDER BY run_id DESC";
}

std::string select_song_catalog() {
  return "SELECT s.title, a.name, CAST(s.duration AS VARCHAR), s.song_id, s.artist_id FROM songs s JOIN artists a ON "
         "a.artist_id = s.artist_id";
}

std::string select_song_catalog_of_played_songs() {
  return select_song_catalog() +
         " WHERE s.title IN (SELECT song FROM played_songs) AND a.name IN (SELECT artist FROM played_songs)";
}

std::string select_time_days(bool indexed) {
  if (!indexed) return "SELECT DISTINCT CAST(CAST(start_time AS DATE) AS VARCHAR) FROM time";
  // One index probe per day: the first start_time at or after the day that
  // follows the last one found.
  return R"(WITH RECURSIVE days (day) AS (
    SELECT CAST(min(start_time) AS DATE) FROM time
    UNION ALL
    SELECT (SELECT CAST(min(start_time) AS DATE) FROM time WHERE start_time >= days.day + 1)
    FROM days WHERE days.day IS NOT NULL
)
SELECT CAST(day AS VARCHAR) FROM days WHERE day IS NOT NULL)";
}

std::string select_star_tables_holding_rows() {
  std::string columns;
  for (std::string_view table : kStarTables) {
    columns += fmt::format("{0}CASE WHEN EXISTS (SELECT 1 FROM {1}) THEN 1 ELSE 0 END AS {1}",
                           columns.empty() ? "" : ", ", table);
  }
  return "SELECT " + columns;
}

std::string select_songplay_keys_on(const Dialect& dialect, std::string_view day, std::string_view next_day) {
  return fmt::format("SELECT CAST(songplay_id AS VARCHAR), {} FROM songplays WHERE {}", dialect.epoch_ms("start_time"),
                     on_day(day, next_day));
}

std::string select_songplays_on(const Dialect& dialect, std::string_view day, std::string_view next_day) {
  return fmt::format(
      "SELECT CAST(songplay_id AS VARCHAR), {}, user_id, level, song_id, artist_id, session_id, location, "
      "user_agent, song, artist, CAST(length AS VARCHAR) FROM songplays WHERE {}",
      dialect.epoch_ms("start_time"), on_day(day, next_day));
}

std::string select_time_keys_on(const Dialect& dialect, std::string_view day, std::string_view next_day) {
  return fmt::format("SELECT {} FROM time WHERE {}", dialect.epoch_ms("start_time"), on_day(day, next_day));
}

std::string count_star_rows(const Dialect& dialect, bool matched, bool added) {
  std::string rows, matched_plays, added_rows, tables;
  for (std::string_view table : kStarTables) {
    const bool songplays = table == "songplays";
    rows += fmt::format("{}{}_count.n", rows.empty() ? "" : ", ", table);
    if (matched && songplays) matched_plays = fmt::format(", {}_count.matched", table);
    if (added) {
      const auto expression = dialect.rows_added_in_transaction(table);
      if (!expression) throw std::logic_error("count_star_rows: the dialect counts no rows added in a transaction");
      added_rows += ", " + *expression;
    }
    tables += fmt::format("{}(SELECT count(*) AS n{} FROM {}) {}_count", tables.empty() ? "" : "\nCROSS JOIN ",
                          matched && songplays ? ", count(song_id) AS matched" : "", table, table);
  }
  return fmt::format("SELECT {}{}{}\nFROM {}", rows, matched_plays, added_rows, tables);
}

}  // namespace sparkify::sql
