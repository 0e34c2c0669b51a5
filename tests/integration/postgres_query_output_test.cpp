// `sparkify query --format json|csv` on a real PostgreSQL 15 server: the same
// types and text as on DuckDB (column kinds from the result's type OIDs), and
// --target postgres connecting through libpq's PG* variables alone.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "harness/postgres_fixture.h"
#include "harness/workspace.h"

namespace sparkify::testing {
namespace {

[[maybe_unused]] const auto* const kPostgres = ::testing::AddGlobalTestEnvironment(new PostgresEnvironment);

TEST(PostgresQueryOutput, JsonTypesNumbersBooleansNullAndTimestamps) {
  Workspace ws;
  auto result =
      ws.sparkify({"--target", fresh_database(), "query",
                   "SELECT 42::bigint AS plays, 7 AS plays, 190.5::float8 AS avg, 12.30::numeric(5,2) AS price, "
                   "true AS paid, TIMESTAMP '2018-11-01 01:55:19.66' AS ts, '' AS title, NULL::text AS missing",
                   "--format", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto row = nlohmann::ordered_json::parse(result.out).at(0);
  std::vector<std::string> keys;
  for (const auto& item : row.items()) keys.push_back(item.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"plays", "plays_1", "avg", "price", "paid", "ts", "title", "missing"}));
  EXPECT_EQ(row["plays"], 42);
  EXPECT_EQ(row["plays_1"], 7);
  EXPECT_EQ(row["avg"], 190.5);
  EXPECT_EQ(row["price"], 12.3);
  EXPECT_EQ(row["paid"], true);
  EXPECT_EQ(row["ts"], "2018-11-01T01:55:19.660Z");
  EXPECT_EQ(row["title"], "");
  EXPECT_TRUE(row["missing"].is_null());
}

TEST(PostgresQueryOutput, JsonColumnsAreEmbeddedAsJson) {
  Workspace ws;
  auto result = ws.sparkify({"--target", fresh_database(), "query",
                             R"(SELECT '{"a": [1, null]}'::jsonb AS b, '[true]'::json AS j)", "--format", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto row = nlohmann::json::parse(result.out).at(0);
  EXPECT_EQ(row["b"], nlohmann::json::parse(R"({"a": [1, null]})"));
  EXPECT_EQ(row["j"], nlohmann::json::parse("[true]"));
}

TEST(PostgresQueryOutput, StatementsRunInOrderUntilOneFails) {
  Workspace ws;
  auto result = ws.sparkify({"--target", fresh_database(), "query",
                             "SELECT n FROM generate_series(1, 3) AS n; SELEC 2; SELECT 3", "--format", "csv"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.out, "n\n1\n2\n3\n\n");
  EXPECT_NE(result.err.find("syntax error at or near \"SELEC\""), std::string::npos) << result.err;
}

TEST(PostgresQueryOutput, PostgresTargetWithoutClusterUsesPgVariables) {
  Workspace ws;
  const std::string uri = fresh_database();
  const std::string database = uri.substr(uri.rfind('/') + 1);
  const auto user_at = uri.find("://") + 3;
  const std::string user = uri.substr(user_at, uri.find_first_of(":@", user_at) - user_at);
  CommandOptions options;
  options.env = {{"PGHOST", "127.0.0.1"},
                 {"PGPORT", std::to_string(postgres_server().port())},
                 {"PGDATABASE", database},
                 {"PGUSER", user}};
  auto result =
      ws.sparkify({"--target", "postgres", "query", "SELECT current_database() AS db", "--format", "csv"}, options);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "db\n" + database + "\n");
}

// A streamed result prints each row as it arrives: the rows PostgreSQL sent
// before the statement failed are already out (a result held whole would
// print none). The same for a redshift:// target, which speaks the
// PostgreSQL protocol through the same connection.
TEST(PostgresQueryOutput, RowsStreamOnPostgresAndRedshiftTargets) {
  const std::string uri = fresh_database();
  ASSERT_EQ(uri.find('?'), std::string::npos) << uri;
  const std::string redshift = "redshift://" + uri.substr(uri.find("://") + 3) + "?sslmode=disable";
  for (const auto& target : {uri, redshift}) {
    SCOPED_TRACE(target);
    Workspace ws;
    auto result = ws.sparkify(
        {"--target", target, "query", "SELECT 10 / (3 - n) AS q FROM generate_series(1, 3) AS n", "--format", "csv"});
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_EQ(result.out, "q\n5\n10\n");
    EXPECT_NE(result.err.find("division by zero"), std::string::npos) << result.err;
  }
}

}  // namespace
}  // namespace sparkify::testing
