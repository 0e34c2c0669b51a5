// `sparkify sql --dialect redshift` against what sparkify really sends: a
// create-tables and an etl run (packed songs, a COPY short of rows whose
// errors are only in SYS, a failed run) on a recording Redshift warehouse,
// and every statement name and query text they sent must be in the listing.
#include "cli/sql_listing.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "pipeline/create_tables.h"
#include "pipeline/etl.h"
#include "sql/redshift_dialect.h"
#include "unit/pipeline/redshift_fakes.h"

namespace sparkify::cli {
namespace {

using pipeline::fakes::CopyOutcome;
using pipeline::fakes::load_error;
using pipeline::fakes::LoggingStore;
using pipeline::fakes::MemorySource;
using pipeline::fakes::RecordingWarehouse;

std::string redshift_listing() {
  std::ostringstream out;
  print_sql_listing(out, sql::RedshiftDialect());
  return out.str();
}

// Every entry of `log` (statement names, query texts, BEGIN/COMMIT/ROLLBACK)
// that the listing lacks; uploads (PUT) are not statements.
std::vector<std::string> missing_from_listing(const std::vector<std::string>& log) {
  const std::string listing = redshift_listing();
  std::vector<std::string> missing;
  for (const auto& entry : log) {
    if (entry.starts_with("PUT ")) continue;
    if (listing.find("-- " + entry + "\n") == std::string::npos &&
        listing.find("\n" + entry + ";\n") == std::string::npos) {
      missing.push_back(entry);
    }
  }
  return missing;
}

class SqlListing : public ::testing::Test {
 protected:
  std::vector<std::string> log;
  RecordingWarehouse warehouse{log};
  std::filesystem::path rejects = std::filesystem::temp_directory_path() / "sparkify_sql_listing_rejects.ndjson";

  void TearDown() override {
    for (const auto& entry : std::filesystem::directory_iterator(rejects.parent_path())) {
      if (entry.path().filename().string().starts_with("sparkify_sql_listing_rejects")) {
        std::filesystem::remove(entry.path());
      }
    }
  }

  pipeline::EtlOptions options() {
    pipeline::EtlOptions out;
    out.rejects_path = rejects;
    out.max_errors = 5;
    out.server_side.region = "us-west-2";
    out.server_side.staging_uri = "s3://stage/sparkify";
    out.server_side.iam_role_arn = "arn:aws:iam::1:role/r";
    out.server_side.run_id = "run1";
    out.server_side.store = std::make_shared<LoggingStore>(log);
    return out;
  }
};

TEST_F(SqlListing, HoldsEveryStatementOfCreateTables) {
  warehouse.all_tables_exist = true;
  pipeline::create_tables(warehouse, false, [](std::string_view) {});
  ASSERT_GT(log.size(), 10u);
  EXPECT_EQ(missing_from_listing(log), std::vector<std::string>{});
}

TEST_F(SqlListing, HoldsEveryStatementOfAnEtlRunWithPackingAndBothLoadErrorViews) {
  std::map<std::string, std::string> song_files;
  for (int i = 0; i < 150; ++i) song_files[fmt::format("s3://raw/song_data/TR{}.json", i)] = "{\"song_id\":\"S\"}";
  MemorySource songs{"s3://raw/song_data", song_files};
  MemorySource logs{"s3://raw/log_data",
                    {{"s3://raw/log_data/a.json", "{}\n{}\n"}, {"s3://raw/log_data/b.json.gz", "{}"}}};
  CopyOutcome short_of_rows{149, {}};
  short_of_rows.sys_errors = {load_error("s3://stage/sparkify/packed/run1/song_data/part-00000.json.gz", 1)};
  warehouse.outcomes = {short_of_rows, CopyOutcome{1, {load_error("s3://raw/log_data/a.json", 2)}}, CopyOutcome{1, {}}};
  pipeline::run_etl(warehouse, songs, logs, options());
  EXPECT_NE(std::find(log.begin(), log.end(), "copy packed staging_songs"), log.end());
  EXPECT_NE(std::find(log.begin(), log.end(), sql::last_copy_errors(sql::LoadErrorView::sys)), log.end());
  EXPECT_EQ(missing_from_listing(log), std::vector<std::string>{});
}

TEST_F(SqlListing, HoldsEveryStatementOfAFailedRun) {
  MemorySource songs{"s3://raw/song_data", {{"s3://raw/song_data/a.json", "{}"}}};
  MemorySource logs{"s3://raw/log_data", {{"s3://raw/log_data/a.json", "{}"}}};
  warehouse.outcomes = {CopyOutcome{0, {}, true}};
  EXPECT_THROW(pipeline::run_etl(warehouse, songs, logs, options()), Error);
  EXPECT_NE(std::find(log.begin(), log.end(), "ROLLBACK"), log.end());
  EXPECT_EQ(missing_from_listing(log), std::vector<std::string>{});
}

}  // namespace
}  // namespace sparkify::cli
