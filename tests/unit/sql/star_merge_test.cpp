// The shared merge (sql/star_merge.h) as every dialect renders it: the run
// tables the streaming engine fills by position have dialect.h's columns in
// dialect.h's order, and the three dialects run the same steps in the same
// order (PostgreSQL adds only planner setup).
#include "sql/star_merge.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "sql/duckdb_dialect.h"
#include "sql/postgres_dialect.h"
#include "sql/redshift_dialect.h"

namespace sparkify::sql {
namespace {

// The column names of a CREATE ... TABLE statement, in order.
std::vector<std::string> created_columns(const std::string& text) {
  std::vector<std::string> names;
  std::size_t at = text.find("(\n");
  while (at != std::string::npos && at + 2 < text.size()) {
    const std::size_t start = text.find_first_not_of(' ', at + 2);
    if (start == std::string::npos || text[start] == ')') break;
    names.push_back(text.substr(start, text.find(' ', start) - start));
    at = text.find('\n', start) - 1;
  }
  return names;
}

std::vector<std::string> columns_of_run_table(const Dialect& dialect, const std::string& table) {
  for (const auto& statement : dialect.create_run_tables()) {
    if (statement.name == "create " + table) return created_columns(statement.text);
  }
  return {};
}

TEST(StarMerge, RunTablesHaveTheInterfaceColumnsInOrder) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> expected = {
      {"run_songs",
       {"song_id", "title", "artist_id", "year", "duration", "artist_name", "artist_location", "artist_latitude",
        "artist_longitude"}},
      {"run_users",
       {"user_id", "first_name", "last_name", "gender", "level", "latest_ts", "latest_session_id",
        "latest_item_in_session"}},
      {"repeat_plays",
       {"songplay_id", "start_time", "user_id", "level", "song_id", "artist_id", "session_id", "location", "user_agent",
        "song", "artist", "length"}},
      {"run_times", {"start_time"}},
      {"rematch_titles", {"title"}},
  };
  const DuckDbDialect duckdb;
  const PostgresDialect postgres;
  const RedshiftDialect redshift;
  for (const Dialect* dialect : std::vector<const Dialect*>{&duckdb, &postgres, &redshift}) {
    for (const auto& [table, columns] : expected) {
      EXPECT_EQ(columns_of_run_table(*dialect, table), columns) << dialect->name() << " " << table;
    }
  }
}

// The streaming engine appends songplays and time rows in the run's
// transaction; a DuckDB transaction that deletes rows it appended cannot hand
// its compressed row groups to the table at commit (it writes them all again,
// holding them in memory). So the steps after the append only update and
// insert those tables.
TEST(StarMerge, StepsAfterTheAppendNeverDeleteSongplaysOrTime) {
  const DuckDbDialect duckdb;
  const PostgresDialect postgres;
  const RedshiftDialect redshift;
  for (const Dialect* dialect : std::vector<const Dialect*>{&duckdb, &postgres, &redshift}) {
    for (const auto& steps : {dialect->resolve_songplay_keys(), dialect->resolve_time_keys(), dialect->merge_users()}) {
      for (const auto& statement : steps) {
        EXPECT_EQ(statement.text.find("DELETE FROM songplays"), std::string::npos) << statement.name;
        EXPECT_EQ(statement.text.find("DELETE FROM time"), std::string::npos) << statement.name;
      }
    }
  }
}

TEST(StarMerge, WorkTablesAreTemporary) {
  for (const auto& statement : RedshiftDialect().create_run_tables()) {
    if (statement.name.starts_with("create ")) {
      EXPECT_TRUE(statement.text.starts_with("CREATE TEMPORARY TABLE ")) << statement.name;
    }
  }
}

// A run creates the work tables its steps name, found as whole names only:
// changed_songplays does not name changed_songs.
TEST(StarMerge, WorkTablesNamedInStepsAreFoundAsWholeNames) {
  const PostgresDialect postgres;
  using Names = std::vector<std::string_view>;
  EXPECT_EQ(work_tables_named_in(postgres.merge_users()), (Names{"run_users", "changed_users"}));
  EXPECT_EQ(work_tables_named_in(postgres.resolve_time_keys()), (Names{"run_times"}));
  EXPECT_EQ(work_tables_named_in(std::vector<Statement>{{"x", "SELECT * FROM changed_songplays"}}),
            (Names{"changed_songplays"}));
  EXPECT_EQ(work_tables_named_in(std::vector<Statement>{{"x", "SELECT prerun_songs, run_songsx FROM t"}}), Names{});
  EXPECT_EQ(work_tables_named_in(std::vector<Statement>{{"x", "run_songs"}}), (Names{"run_songs"}));
  EXPECT_EQ(work_tables_named_in(postgres.prepare_key_lookups()), Names{});
}

// Every step of the SQL route names only work tables that create_run_tables
// creates, and creating some of them creates just those.
TEST(StarMerge, CreateWorkTablesCreatesTheNamedOnes) {
  const DuckDbDialect duckdb;
  const auto all = every_work_table();
  for (std::string_view table : work_tables_named_in(duckdb.build_star_schema())) {
    EXPECT_NE(std::find(all.begin(), all.end(), table), all.end()) << table;
  }
  std::vector<std::string> names;
  for (const auto& statement : duckdb.create_work_tables(std::vector<std::string_view>{"run_times", "run_users"})) {
    names.push_back(statement.name);
  }
  EXPECT_EQ(names,
            (std::vector<std::string>{"drop run_times", "create run_times", "drop run_users", "create run_users"}));
  EXPECT_THROW(duckdb.create_work_tables(std::vector<std::string_view>{"songs"}), std::logic_error);
}

TEST(StarMerge, RedshiftRunsTheReferenceSteps) {
  std::vector<std::string> duckdb, redshift;
  for (const auto& statement : DuckDbDialect().build_star_schema()) duckdb.push_back(statement.name);
  for (const auto& statement : RedshiftDialect().build_star_schema()) redshift.push_back(statement.name);
  EXPECT_EQ(redshift, duckdb);
}

TEST(StarMerge, RedshiftWorkTablesUseTheSchemaWidths) {
  for (const auto& statement : RedshiftDialect().create_run_tables()) {
    if (statement.name == "create run_songs") {
      EXPECT_NE(statement.text.find("title            VARCHAR(512)"), std::string::npos) << statement.text;
    }
  }
}

// Free-text equality on Redshift ignores trailing spaces; every equality the
// merge writes on text also compares LENGTH().
TEST(StarMerge, RedshiftTextEqualitiesCompareLengths) {
  std::size_t checked = 0;
  for (const auto& statement : RedshiftDialect().build_star_schema()) {
    for (const char* equality : {"c.title = p.song", "c.name = p.artist", "songplays.song = m.song",
                                 "songs.song_id = c.song_id", "artists.artist_id = c.artist_id"}) {
      const auto at = statement.text.find(equality);
      if (at == std::string::npos) continue;
      ++checked;
      EXPECT_TRUE(statement.text.substr(at + std::string(equality).size()).starts_with(" AND LENGTH("))
          << statement.name << ": " << equality;
    }
  }
  EXPECT_GE(checked, 5u);
}

}  // namespace
}  // namespace sparkify::sql
