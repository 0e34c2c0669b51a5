// `sparkify etl --source s3://...` against a real s3rver loads exactly what
// the same files in a local folder load; a server that goes away mid-run
// fails the run with a clear error and leaves the star tables untouched.
#include <gtest/gtest.h>

#include <memory>
#include <thread>

#include "harness/s3_server.h"
#include "harness/workspace.h"

namespace sparkify::testing {
namespace {

constexpr long kSongs = 1200;  // more than one ListObjectsV2 page (1000 keys)
constexpr long kEvents = 3000;

class S3Etl : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    workspace_ = std::make_unique<Workspace>();
    server_ = std::make_unique<S3Server>();
    workspace_->generate("data", kSongs, kEvents, 21);
    server_->create_bucket("sparkify-raw");
    const auto data = workspace_->path() / "data";
    uploaded_ = server_->upload_folder(data / "song_data", "sparkify-raw", "song_data") +
                server_->upload_folder(data / "log_data", "sparkify-raw", "log_data");
  }
  static void TearDownTestSuite() {
    server_.reset();
    workspace_.reset();
  }

  // create-tables + etl into a fresh DuckDB file; returns the result of etl.
  // `engine` "sql" loads through the staging tables (the SQL route).
  static CommandResult load(const std::string& target, const std::string& source_location,
                            const std::string& engine = "auto") {
    CommandOptions options;
    options.env = server_->environment();
    workspace_->sparkify_ok({"--target", target, "create-tables"}, options);
    return workspace_->sparkify({"--target", target, "--endpoint-url", server_->endpoint(), "etl", "--source",
                                 source_location, "--engine", engine},
                                options);
  }

  static std::string staging_rows(const std::string& target, const std::string& table) {
    auto lines = workspace_->query_csv(target, "SELECT * EXCLUDE (source_file) FROM " + table);
    std::sort(lines.begin(), lines.end());
    std::string text;
    for (const auto& line : lines) text += line + "\n";
    return text;
  }

  static inline std::unique_ptr<Workspace> workspace_;
  static inline std::unique_ptr<S3Server> server_;
  static inline std::size_t uploaded_ = 0;
};

TEST_F(S3Etl, LoadsTheSameStarSchemaAsTheLocalFolder) {
  ASSERT_GT(uploaded_, static_cast<std::size_t>(kSongs));
  const auto local = load("duckdb:local.duckdb", "data");
  ASSERT_EQ(local.exit_code, 0) << local.err;
  const auto remote = load("duckdb:remote.duckdb", "s3://sparkify-raw");
  ASSERT_EQ(remote.exit_code, 0) << remote.err;

  const auto expected = workspace_->star_contents("duckdb:local.duckdb");
  const auto actual = workspace_->star_contents("duckdb:remote.duckdb");
  ASSERT_EQ(expected.size(), actual.size());
  for (const auto& [table, rows] : expected) {
    EXPECT_FALSE(rows.empty()) << table;
    EXPECT_EQ(actual.at(table), rows) << "table " << table << " differs between local and S3 loads";
  }
  ASSERT_EQ(load("duckdb:local-sql.duckdb", "data", "sql").exit_code, 0);
  ASSERT_EQ(load("duckdb:remote-sql.duckdb", "s3://sparkify-raw", "sql").exit_code, 0);
  for (const char* table : {"staging_songs", "staging_events"}) {
    EXPECT_EQ(staging_rows("duckdb:remote-sql.duckdb", table), staging_rows("duckdb:local-sql.duckdb", table)) << table;
  }
  EXPECT_EQ(workspace_->star_contents("duckdb:remote-sql.duckdb"), expected);
  const auto counts = workspace_->table_counts("duckdb:remote-sql.duckdb");
  EXPECT_EQ(counts.at("staging_songs"), kSongs);
}

TEST_F(S3Etl, MissingBucketFailsWithAOneLineErrorNamingIt) {
  const auto result = load("duckdb:missing.duckdb", "s3://no-such-bucket");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("bucket not found (NoSuchBucket): s3://no-such-bucket/"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("check the bucket name in --source"), std::string::npos) << result.err;
}

TEST_F(S3Etl, UpperCaseSchemeIsReadAsS3) {
  const auto result = load("duckdb:upper.duckdb", "S3://sparkify-raw", "sql");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(workspace_->table_counts("duckdb:upper.duckdb").at("staging_songs"), kSongs);
}

TEST_F(S3Etl, OtherSchemesExitTwoNamingTheScheme) {
  for (const std::string location : {"gs://sparkify-raw", "https://example.com/sparkify-raw"}) {
    const auto result = workspace_->sparkify({"--target", "duckdb:other.duckdb", "etl", "--source", location});
    EXPECT_EQ(result.exit_code, 2) << location << ": " << result.err;
    const std::string scheme = location.substr(0, location.find(':'));
    EXPECT_NE(result.err.find("unsupported scheme '" + scheme + "' in the data location " + location),
              std::string::npos)
        << result.err;
    EXPECT_NE(result.err.find("(sparkify reads local folders and s3://)"), std::string::npos) << result.err;
  }
}

TEST_F(S3Etl, ServerStoppedMidRunFailsAndLeavesNoPartialStarTables) {
  S3Server doomed;
  doomed.create_bucket("doomed");
  const auto data = workspace_->path() / "data";
  doomed.upload_folder(data / "song_data", "doomed", "song_data");
  doomed.upload_folder(data / "log_data", "doomed", "log_data");
  CommandOptions options;
  options.env = doomed.environment();
  workspace_->sparkify_ok({"--target", "duckdb:doomed.duckdb", "create-tables"}, options);

  CommandResult result;
  std::thread run([&] {
    result = workspace_->sparkify({"--target", "duckdb:doomed.duckdb", "etl", "--source", "s3://doomed"}, options);
  });
  // Listing plus 1,200 GETs take seconds on s3rver; stop it part-way.
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  doomed.stop_process();
  run.join();

  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.err.find("cannot reach S3 at " + doomed.endpoint()), std::string::npos) << result.err;
  const auto counts = workspace_->table_counts("duckdb:doomed.duckdb");
  for (const char* table : {"songplays", "users", "songs", "artists", "time"}) EXPECT_EQ(counts.at(table), 0) << table;
}

}  // namespace
}  // namespace sparkify::testing
