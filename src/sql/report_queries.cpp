#include "sql/report_queries.h"

#include <fmt/format.h>

#include "common/error.h"
#include "sql/schema.h"
#include "sql/tables.h"

namespace sparkify::sql::report {
namespace {

// The report shows the named analytics queries' rows as they are; one text each.
Statement analytics(std::string_view name) {
  for (const auto& query : analytics_queries()) {
    if (query.name == name) return {"report: " + query.name, query.sql};
  }
  throw_error(ErrorKind::usage, "no analytics query named '{}' (a bug in sparkify)", name);
}

}  // namespace

Statement tables_present() {
  std::string names;
  for (const TableSchema& table : table_schemas()) names += (names.empty() ? "" : ", ") + quote_literal(table.name);
  return {"report: tables present", fmt::format("SELECT table_name FROM information_schema.tables\n"
                                                "WHERE table_schema = current_schema() AND table_name IN ({})",
                                                names)};
}

Statement plays_by_hour() { return analytics("plays-by-hour"); }
Statement plays_by_weekday() { return analytics("plays-by-weekday"); }
Statement top_songs() { return analytics("top-songs"); }

Statement top_artists() {
  return {"report: top artists", R"(SELECT a.name AS artist, count(*) AS plays
FROM songplays p
JOIN artists a ON a.artist_id = p.artist_id
GROUP BY a.artist_id, a.name
ORDER BY plays DESC, md5(a.artist_id)
LIMIT 10)"};
}

Statement plays_by_day_and_level() {
  return {"report: plays by day and level", R"(SELECT t.year, t.month, t.day, p.level, count(*) AS plays
FROM songplays p
JOIN time t ON t.start_time = p.start_time
WHERE p.level IS NOT NULL
GROUP BY t.year, t.month, t.day, p.level
ORDER BY t.year, t.month, t.day, p.level)"};
}

Statement level_changes() {
  return {"report: level changes", R"(SELECT from_level, to_level, count(*) AS changes, count(DISTINCT user_id) AS users
FROM (
  SELECT user_id, level AS to_level,
         lag(level) OVER (PARTITION BY user_id ORDER BY start_time, songplay_id) AS from_level
  FROM songplays
  WHERE level IS NOT NULL
) AS steps
WHERE from_level <> to_level
GROUP BY from_level, to_level
ORDER BY from_level, to_level)"};
}

Statement engine_version() { return {"doctor: engine version", "SELECT version() AS version"}; }

Statement song_match() {
  return {"report: song match", "SELECT count(*) AS plays, count(song_id) AS matched FROM songplays"};
}

Statement load_history() {
  return {"report: load history", R"(SELECT finished_at, events_read, events_rejected, songs_read, songs_rejected
FROM etl_runs
ORDER BY run_id)"};
}

Statement read_only_session() { return {"read-only session", "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"}; }

std::vector<Statement> all_statements() {
  return {tables_present(), plays_by_hour(),          plays_by_weekday(), top_songs(),
          top_artists(),    plays_by_day_and_level(), level_changes(),    engine_version(),
          song_match(),     load_history(),           read_only_session()};
}

}  // namespace sparkify::sql::report
