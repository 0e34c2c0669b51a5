// The tables sparkify owns, and the statements about them that read the same
// on every engine (dropping, checks, analytics, the load audit).
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "sql/dialect.h"

namespace sparkify::sql {

inline constexpr std::array<std::string_view, 2> kStagingTables = {"staging_events", "staging_songs"};
inline constexpr std::array<std::string_view, 5> kStarTables = {"songplays", "users", "songs", "artists", "time"};
inline constexpr std::string_view kRunsTable = "etl_runs";

// Names of time.weekday 0-6 (0 = Sunday), as plays-by-weekday prints them.
inline constexpr std::array<std::string_view, 7> kWeekdayNames = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                                  "Thursday", "Friday", "Saturday"};

// DROP TABLE IF EXISTS for every table of sql::table_schemas(), in its order.
std::vector<Statement> drop_all_tables();

// SELECT count(*) FROM <table>.
std::string count_rows(std::string_view table);

// The names (one column, lowercase) of the tables in the connection's current
// database and schema; information_schema reads the same on every engine
// (Dialect::existing_tables' default).
std::string existing_tables();

// A data-quality check: a query returning one integer, and whether the check
// passes when that number is zero (violations) or positive (non-empty).
struct Check {
  std::string name;
  std::string sql;
  enum class PassWhen { zero, positive } pass_when;
};
// `dialect` says what the uniqueness checks count (Dialect::counted_key).
std::vector<Check> quality_checks(const Dialect& dialect);

// Named analytics queries for `sparkify query NAME`. Their text is the same on
// every engine, so they order by no free text: PostgreSQL would compare it by
// the database's collation (en_US on most installs), DuckDB and Redshift by
// bytes, and ties or the LIMIT cut would differ. They order by integers, by
// md5() hex digests, or by `level` (free, paid: lowercase ASCII letters), all
// of which sort the same under every collation.
struct NamedQuery {
  std::string name;
  std::string description;
  std::string sql;
};
const std::vector<NamedQuery>& analytics_queries();

// Quotes a string literal for SQL ('it''s'); used only for values sparkify itself produces.
std::string quote_literal(std::string_view text);

}  // namespace sparkify::sql
