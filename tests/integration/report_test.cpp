// `sparkify report` with the real binary, without a browser: a missing DuckDB
// file (not created), a warehouse without sparkify's tables, and the same report
// (markdown) from DuckDB and from a real PostgreSQL 15 server on the same data.
#include <gtest/gtest.h>

#include <regex>

#include "common/error.h"
#include "harness/postgres_fixture.h"
#include "harness/workspace.h"
#include "warehouse/duckdb_warehouse.h"
#include "warehouse/open_warehouse.h"

namespace sparkify::testing {
namespace {

[[maybe_unused]] const auto* const kPostgres = ::testing::AddGlobalTestEnvironment(new PostgresEnvironment);

// The report without what differs between runs and engines: the target line
// and the times (generated at, etl run finished at).
std::string without_target_and_times(const std::string& markdown) {
  static const std::regex kTimes(R"(\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d(\.\d+)?)?( UTC)?)");
  static const std::regex kTargetLine(R"(^_.*_$)", std::regex::multiline);
  return std::regex_replace(std::regex_replace(markdown, kTargetLine, "_TARGET_"), kTimes, "TIME");
}

TEST(Report, MissingDuckDbFileIsAUsageErrorAndIsNotCreated) {
  Workspace ws;
  auto result = ws.sparkify({"--target", "duckdb:absent.duckdb", "report", "--out", "r.html"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("no sparkify tables in duckdb:absent.duckdb — run 'sparkify create-tables' first"),
            std::string::npos)
      << result.err;
  EXPECT_FALSE(std::filesystem::exists(ws.path() / "absent.duckdb"));
  EXPECT_FALSE(std::filesystem::exists(ws.path() / "r.html"));
}

TEST(Report, WarehouseWithoutTablesSaysNoDataYetAndNamesTheFix) {
  Workspace ws;
  { warehouse::DuckDbWarehouse bare((ws.path() / "bare.duckdb").string()); }  // a file without sparkify's tables
  auto result = ws.sparkify_ok({"--target", "duckdb:bare.duckdb", "report", "--format", "markdown", "--out", "-"});
  EXPECT_NE(result.out.find("**No data yet**"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("sparkify create-tables"), std::string::npos) << result.out;
}

TEST(Report, PostgresIsOpenedReadOnly) {
  config::Settings settings;
  settings.target = fresh_database();
  auto reader = warehouse::open_warehouse(settings, warehouse::OpenMode::read_only);
  EXPECT_EQ(reader->query("SELECT 1").rows.size(), 1u);
  EXPECT_THROW(reader->execute({"create a table", "CREATE TABLE t (i INTEGER)"}), Error);
}

TEST(Report, MarkdownIsTheSameFromDuckDbAndPostgres) {
  Workspace ws;
  ws.generate("data", 200, 4000, 9);
  const std::string postgres = fresh_database();
  for (const std::string& target : {std::string("duckdb:w.duckdb"), postgres}) {
    ws.sparkify_ok({"--target", target, "create-tables"});
    ws.sparkify_ok({"--target", target, "etl", "--source", "data"});
  }
  const auto duckdb = ws.sparkify_ok({"--target", "duckdb:w.duckdb", "report", "--format", "markdown", "--out", "-"});
  const auto pg = ws.sparkify_ok({"--target", postgres, "report", "--format", "markdown", "--out", "-"});
  EXPECT_NE(duckdb.out.find("| Sunday |"), std::string::npos) << duckdb.out;
  EXPECT_EQ(duckdb.out.find("no data yet"), std::string::npos) << duckdb.out;
  EXPECT_EQ(without_target_and_times(pg.out), without_target_and_times(duckdb.out));
}

}  // namespace
}  // namespace sparkify::testing
