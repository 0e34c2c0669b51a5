// The shared table descriptions (sql/schema.h) and how the dialects use them:
// every dialect creates exactly the described tables and columns, in order,
// and the COPY column lists are the staging columns.
#include "sql/schema.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sql/dialects.h"
#include "sql/duckdb_dialect.h"
#include "sql/postgres_dialect.h"
#include "sql/redshift_dialect.h"
#include "sql/tables.h"

namespace sparkify::sql {
namespace {

std::string type_letter(const Column& column) { return column.type == ColumnType::text ? "T" : "N"; }

TEST(CreateTableText, PadsNamesToTheLongestAndAppendsRoleAndSuffix) {
  const Column columns[] = {
      {"id", ColumnType::int64, ColumnRole::primary_key},
      {"long_name", ColumnType::text, ColumnRole::not_null, 8},
      {"note", ColumnType::text, ColumnRole::nullable, 8},
  };
  EXPECT_EQ(create_table_text("t", columns, type_letter, "\nEXTRA"),
            "CREATE TABLE t (\n"
            "    id        N PRIMARY KEY,\n"
            "    long_name T NOT NULL,\n"
            "    note      T\n"
            ")\nEXTRA");
}

TEST(CreateTableText, AnUndeclaredKeyIsNotNull) {
  const Column columns[] = {{"id", ColumnType::int64, ColumnRole::primary_key}};
  EXPECT_EQ(create_table_text("t", columns, type_letter, {}, "TABLE", KeyDeclaration::none),
            "CREATE TABLE t (\n    id N NOT NULL\n)");
}

TEST(CreateTableText, NamesTheKindOfTable) {
  const Column columns[] = {{"id", ColumnType::int64, ColumnRole::nullable}};
  EXPECT_EQ(create_table_text("t", columns, type_letter, {}, "UNLOGGED TABLE"),
            "CREATE UNLOGGED TABLE t (\n    id N\n)");
}

TEST(TableSchemas, OnlyTheTwoStagingTablesAreStaging) {
  std::vector<std::string> staging;
  for (const TableSchema& table : table_schemas()) {
    if (is_staging(table)) staging.emplace_back(table.name);
  }
  EXPECT_EQ(staging, (std::vector<std::string>{"staging_events", "staging_songs"}));
}

TEST(ColumnList, JoinsNamesInOrderWithoutExcepted) {
  const Column columns[] = {
      {"a", ColumnType::int32, ColumnRole::nullable},
      {"b", ColumnType::int32, ColumnRole::nullable},
      {"c", ColumnType::int32, ColumnRole::nullable},
  };
  EXPECT_EQ(column_list(columns), "a, b, c");
  EXPECT_EQ(column_list(columns, {"b"}), "a, c");
}

TEST(TableSchemas, StagingFirstThenStarThenTheLoadAudit) {
  std::vector<std::string_view> names;
  for (const auto& table : table_schemas()) names.push_back(table.name);
  const std::vector<std::string_view> expected = {"staging_events", "staging_songs", "songplays", "users",    "songs",
                                                  "artists",        "time",          "etl_runs",  "etl_files"};
  EXPECT_EQ(names, expected);
}

TEST(TableSchemas, TablesWithAPrimaryKeyAreTheStarTables) {
  std::vector<std::string_view> keyed;
  for (const auto& table : table_schemas()) {
    if (!primary_key(table).empty()) keyed.push_back(table.name);
  }
  EXPECT_EQ(keyed, std::vector<std::string_view>(kStarTables.begin(), kStarTables.end()));
}

TEST(TableSchemas, EveryTextColumnHasAWidth) {
  for (const auto& table : table_schemas()) {
    for (const auto& column : table.columns) {
      if (column.type == ColumnType::text) {
        EXPECT_GT(column.width, 0) << table.name << "." << column.name;
      }
    }
  }
}

// The tables whose CREATE TABLE among `statements` says PRIMARY KEY.
std::vector<std::string_view> declared_keys(const std::vector<Statement>& statements) {
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < statements.size(); ++i) {
    if (statements[i].text.find("PRIMARY KEY") != std::string::npos) out.push_back(table_schemas()[i].name);
  }
  return out;
}

TEST(DialectDdl, PostgresDeclaresTheDimensionKeysDuckDbNone) {
  const std::vector<std::string_view> dimensions = {"users", "songs", "artists"};
  EXPECT_EQ(declared_keys(PostgresDialect().create_tables()), dimensions);
  EXPECT_EQ(declared_keys(DuckDbDialect().create_tables()), std::vector<std::string_view>{});
  const std::string users = DuckDbDialect().create_tables()[3].text;
  EXPECT_NE(users.find("BIGINT NOT NULL,\n    first_name"), std::string::npos) << users;  // user_id
}

TEST(DialectDdl, EveryDialectCreatesEveryDescribedColumnInOrder) {
  for (auto name : dialect_names()) {
    const auto statements = make_dialect(name)->create_tables();
    ASSERT_EQ(statements.size(), table_schemas().size()) << name;
    for (std::size_t i = 0; i < statements.size(); ++i) {
      const auto& table = table_schemas()[i];
      const std::string& text = statements[i].text;
      EXPECT_EQ(statements[i].name, "create " + std::string(table.name)) << name;
      std::size_t at = 0;
      for (const auto& column : table.columns) {
        at = text.find("\n    " + std::string(column.name) + " ", at);
        EXPECT_NE(at, std::string::npos) << name << ": " << table.name << "." << column.name;
      }
    }
  }
}

TEST(CopyColumns, PostgresCopiesEveryStagingColumn) {
  EXPECT_EQ(copy_events_from_stdin(CopyFormat::text).text,
            "COPY staging_events (" + column_list(staging_events_schema().columns) + ") FROM STDIN (FORMAT text)");
  EXPECT_EQ(copy_songs_from_stdin(CopyFormat::text).text,
            "COPY staging_songs (" + column_list(staging_songs_schema().columns) + ") FROM STDIN (FORMAT text)");
}

TEST(CopyColumns, RedshiftCopiesTheStagingColumnsButTheSourceOnes) {
  const auto copies = RedshiftDialect().copy_staging(CopyParams{
      {{StagingTable::events, "s3://b/l.manifest"}, {StagingTable::songs, "s3://b/s.manifest"}}, "s3://b/j", "r", "x"});
  ASSERT_EQ(copies.size(), 2u);
  const std::vector<Statement> copy = {copies[0].statement, copies[1].statement};
  const std::string events = column_list(staging_events_schema().columns, {"source_file", "source_line"});
  const std::string songs = column_list(staging_songs_schema().columns, {"source_file"});
  EXPECT_TRUE(copy[0].text.starts_with("COPY staging_events (" + events + ")\n")) << copy[0].text;
  EXPECT_TRUE(copy[1].text.starts_with("COPY staging_songs (" + songs + ")\n")) << copy[1].text;
}

}  // namespace
}  // namespace sparkify::sql
