#include "sql/tables.h"

#include <fmt/format.h>

#include "sql/schema.h"

namespace sparkify::sql {

std::vector<Statement> drop_all_tables() {
  std::vector<Statement> out;
  for (const TableSchema& table : table_schemas()) {
    out.push_back({fmt::format("drop {}", table.name), fmt::format("DROP TABLE IF EXISTS {}", table.name)});
  }
  return out;
}

std::string count_rows(std::string_view table) { return fmt::format("SELECT count(*) FROM {}", table); }

std::string existing_tables() {
  return "SELECT table_name FROM information_schema.tables "
         "WHERE table_catalog = current_database() AND table_schema = current_schema()";
}

std::string quote_literal(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

std::vector<Check> quality_checks(const Dialect& dialect) {
  using P = Check::PassWhen;
  std::vector<Check> checks;
  for (auto table : kStarTables) {
    checks.push_back({fmt::format("{} is not empty", table), count_rows(table), P::positive});
  }
  // The tables with a primary key are the star tables, in kStarTables order.
  for (const TableSchema& schema : table_schemas()) {
    const std::string_view table = schema.name, key = primary_key(schema);
    if (key.empty()) continue;
    checks.push_back({fmt::format("{}.{} is unique", table, key),
                      fmt::format("SELECT count(*) - count(DISTINCT {1}) FROM {0}", table, dialect.counted_key(key)),
                      P::zero});
    checks.push_back({fmt::format("{}.{} is not null", table, key),
                      fmt::format("SELECT count(*) FROM {0} WHERE {1} IS NULL", table, key), P::zero});
  }
  checks.push_back({"every songplays.user_id is in users",
                    "SELECT count(*) FROM songplays p WHERE NOT EXISTS "
                    "(SELECT 1 FROM users u WHERE u.user_id = p.user_id)",
                    P::zero});
  checks.push_back({"every songplays.song_id is in songs",
                    "SELECT count(*) FROM songplays p WHERE p.song_id IS NOT NULL AND NOT EXISTS "
                    "(SELECT 1 FROM songs s WHERE s.song_id = p.song_id)",
                    P::zero});
  checks.push_back({"every songplays.artist_id is in artists",
                    "SELECT count(*) FROM songplays p WHERE p.artist_id IS NOT NULL AND NOT EXISTS "
                    "(SELECT 1 FROM artists a WHERE a.artist_id = p.artist_id)",
                    P::zero});
  checks.push_back({"every songplays.start_time is in time",
                    "SELECT count(*) FROM songplays p WHERE NOT EXISTS "
                    "(SELECT 1 FROM time t WHERE t.start_time = p.start_time)",
                    P::zero});
  checks.push_back({"every loaded file belongs to a successful run",
                    "SELECT count(*) FROM etl_files f WHERE NOT EXISTS "
                    "(SELECT 1 FROM etl_runs r WHERE r.run_id = f.run_id AND r.outcome = 'ok')",
                    P::zero});
  checks.push_back({"songplays do not outnumber the events loaded",
                    "SELECT CASE WHEN (SELECT count(*) FROM songplays) > "
                    "(SELECT coalesce(sum(records - rejected), 0) FROM etl_files WHERE kind = 'events') "
                    "THEN 1 ELSE 0 END",
                    P::zero});
  return checks;
}

namespace {

// CASE expression naming a weekday number (kWeekdayNames).
std::string weekday_name_case(std::string_view column) {
  std::string out = "CASE " + std::string(column);
  for (std::size_t day = 0; day < kWeekdayNames.size(); ++day) {
    out += fmt::format(" WHEN {} THEN {}", day, quote_literal(kWeekdayNames[day]));
  }
  return out + " END";
}

}  // namespace

const std::vector<NamedQuery>& analytics_queries() {
  static const std::vector<NamedQuery> queries = {
      {"top-songs", "the 10 most played songs that matched the song catalog (ties in a fixed order)",
       R"(SELECT s.title, a.name AS artist, count(*) AS plays
FROM songplays p
JOIN songs s ON s.song_id = p.song_id
JOIN artists a ON a.artist_id = p.artist_id
GROUP BY s.title, a.name
ORDER BY plays DESC, md5(s.title), md5(a.name)
LIMIT 10)"},
      {"plays-by-hour", "songplays per hour of the day (UTC)",
       R"(SELECT t.hour, count(*) AS plays
FROM songplays p
JOIN time t ON t.start_time = p.start_time
GROUP BY t.hour
ORDER BY t.hour)"},
      {"paid-vs-free", "songplays and distinct users by subscription level at play time",
       R"(SELECT p.level, count(*) AS plays, count(DISTINCT p.user_id) AS users
FROM songplays p
GROUP BY p.level
ORDER BY p.level)"},
      {"active-users", "the 10 users with the most songplays",
       R"(SELECT u.user_id, u.first_name, u.last_name, u.level, count(*) AS plays
FROM songplays p
JOIN users u ON u.user_id = p.user_id
GROUP BY u.user_id, u.first_name, u.last_name, u.level
ORDER BY plays DESC, u.user_id
LIMIT 10)"},
      {"plays-by-weekday", "songplays per weekday (0 = Sunday), with the day's name",
       fmt::format(R"(SELECT t.weekday, {} AS day, count(*) AS plays
FROM songplays p
JOIN time t ON t.start_time = p.start_time
GROUP BY t.weekday
ORDER BY t.weekday)",
                   weekday_name_case("t.weekday"))},
  };
  return queries;
}

}  // namespace sparkify::sql
