// PostgresDialect must run the same steps as the reference DuckDbDialect, in
// the same order, so that the pipeline does the same work on both engines.
#include "sql/postgres_dialect.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <set>
#include <string>

#include "sql/duckdb_dialect.h"

namespace sparkify::sql {
namespace {

// Statements that only tune PostgreSQL's planner for the transform (work_mem,
// fresh statistics); they have no DuckDB counterpart and change no data.
bool is_planner_setup(const Statement& statement) {
  return statement.name == "set work_mem" || statement.name.starts_with("analyze ");
}

std::vector<std::string> names_of(const std::vector<Statement>& statements) {
  std::vector<std::string> names;
  for (const auto& statement : statements) {
    if (!is_planner_setup(statement)) names.push_back(statement.name);
  }
  return names;
}

std::vector<std::vector<Statement>> all_groups(const Dialect& dialect) {
  return {dialect.drop_tables(), dialect.create_tables(), dialect.clear_staging(), dialect.build_star_schema()};
}

TEST(PostgresDialect, IsNamedPostgres) { EXPECT_EQ(PostgresDialect().name(), "postgres"); }

TEST(PostgresDialect, StatementNamesAndOrderMatchDuckDb) {
  const auto postgres = all_groups(PostgresDialect());
  const auto duckdb = all_groups(DuckDbDialect());
  ASSERT_EQ(postgres.size(), duckdb.size());
  for (std::size_t i = 0; i < postgres.size(); ++i) EXPECT_EQ(names_of(postgres[i]), names_of(duckdb[i]));
}

TEST(PostgresDialect, TransformStartsByTuningThePlanner) {
  const auto statements = PostgresDialect().build_star_schema();
  ASSERT_GE(statements.size(), 2u);
  EXPECT_EQ(statements[0].text, "SET LOCAL work_mem = '256MB'");
}

// The first statement that reads staging comes right after its ANALYZE.
TEST(PostgresDialect, StagingIsAnalyzedBeforeItIsRead) {
  const auto statements = PostgresDialect().build_star_schema();
  const auto reads = std::find_if(statements.begin(), statements.end(), [](const Statement& statement) {
    return statement.text.find("FROM staging_") != std::string::npos;
  });
  ASSERT_NE(reads, statements.end());
  ASSERT_NE(reads, statements.begin());
  EXPECT_EQ(std::prev(reads)->text, "ANALYZE staging_events, staging_songs");
}

// Each work table a step reads after it was filled has fresh statistics.
TEST(PostgresDialect, WorkTablesAreAnalyzedOnceFilled) {
  std::vector<std::string> analyzed;
  for (const auto& statement : PostgresDialect().build_star_schema()) {
    if (statement.name.starts_with("analyze ")) analyzed.push_back(statement.name.substr(8));
  }
  for (const char* table : {"run_songs", "run_users", "repeat_plays", "rematch_titles", "run_plays", "play_matches"}) {
    EXPECT_NE(std::find(analyzed.begin(), analyzed.end(), table), analyzed.end()) << table;
  }
}

TEST(PostgresDialect, OnlyStagingTablesSkipTheWriteAheadLog) {
  for (const auto& statement : PostgresDialect().create_tables()) {
    const bool staging = statement.name.starts_with("create staging_");
    EXPECT_EQ(statement.text.starts_with("CREATE UNLOGGED TABLE "), staging) << statement.name;
    EXPECT_TRUE(statement.text.starts_with("CREATE ")) << statement.name;
  }
}

TEST(PostgresDialect, ClearsStagingWithTruncate) {
  for (const auto& statement : PostgresDialect().clear_staging()) {
    EXPECT_TRUE(statement.text.starts_with("TRUNCATE staging_")) << statement.text;
  }
}

TEST(PostgresDialect, EveryStatementHasNameAndText) {
  for (const auto& group : all_groups(PostgresDialect())) {
    ASSERT_FALSE(group.empty());
    for (const auto& statement : group) {
      EXPECT_FALSE(statement.name.empty());
      EXPECT_FALSE(statement.text.empty()) << statement.name;
      EXPECT_NE(statement.text.back(), ';') << statement.name;
    }
  }
}

TEST(PostgresDialect, LoadsStagingFromTheClient) { EXPECT_TRUE(PostgresDialect().copy_staging(CopyParams{}).empty()); }

// Every ascending sort key of the transform is text in byte order (COLLATE
// "C") or a numeric column: the database's locale never decides a tie.
TEST(PostgresDialect, TieBreaksOnStringsUseByteOrder) {
  const std::string key = " ASC NULLS FIRST";
  const std::string collated = " COLLATE \"C\"";
  const std::set<std::string> numeric = {"length", "year", "duration", "latitude", "longitude"};
  std::size_t keys = 0;
  for (const auto& statement : PostgresDialect().build_star_schema()) {
    for (auto at = statement.text.find(key); at != std::string::npos; at = statement.text.find(key, at + 1), ++keys) {
      const std::string before = statement.text.substr(0, at);
      if (before.ends_with(collated)) continue;
      const auto word = before.find_last_of(" .(") + 1;
      EXPECT_TRUE(numeric.contains(before.substr(word))) << statement.name << ": " << before.substr(word);
    }
  }
  EXPECT_GT(keys, 0u);
}

TEST(PostgresCopyStatement, EventColumnsFollowEventRowOrder) {
  const auto text = copy_events_from_stdin(CopyFormat::text).text;
  EXPECT_NE(text.find("COPY staging_events (artist, auth, first_name,"), std::string::npos) << text;
  EXPECT_NE(text.find("user_agent, user_id, source_file, source_line) FROM STDIN (FORMAT text)"), std::string::npos)
      << text;
}

TEST(PostgresCopyStatement, SongColumnsFollowSongRowOrder) {
  const auto text = copy_songs_from_stdin(CopyFormat::binary).text;
  EXPECT_NE(text.find("COPY staging_songs (num_songs, artist_id, artist_latitude,"), std::string::npos) << text;
  EXPECT_NE(text.find("duration, year, source_file) FROM STDIN (FORMAT binary)"), std::string::npos) << text;
}

}  // namespace
}  // namespace sparkify::sql
