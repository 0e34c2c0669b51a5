// `sparkify etl` from S3 through a fault-injecting proxy (tests/harness/
// s3_fault_proxy.py) in front of a real s3rver. A fault that goes away within
// the retry budget leaves a complete, exact load (the same star schema as the
// local folder); a fault that persists fails the run within bounded time, with
// a message naming what failed, and leaves the DuckDB warehouse exactly as it
// was. A damaged body (short, truncated, corrupt) never passes as data.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <sstream>

#include "harness/s3_fault_proxy.h"
#include "harness/s3_server.h"
#include "harness/workspace.h"

namespace sparkify::testing {
namespace {

constexpr const char* kBucket = "raw";
constexpr auto kBound = std::chrono::seconds(90);  // no run may take longer, whatever the fault

class S3Faults : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    workspace_ = std::make_unique<Workspace>();
    server_ = std::make_unique<S3Server>();
    proxy_ = std::make_unique<S3FaultProxy>(*server_, 30);
    workspace_->generate("data", 60, 800, 21);
    workspace_->generate("earlier", 40, 500, 5);
    server_->create_bucket(kBucket);
    const auto data = workspace_->path() / "data";
    server_->upload_folder(data / "song_data", kBucket, "song_data");
    server_->upload_folder(data / "log_data", kBucket, "log_data");
    for (const auto& entry : std::filesystem::recursive_directory_iterator(data / "log_data")) {
      if (entry.is_regular_file()) one_log_file_ = std::max(one_log_file_, entry.path().filename().string());
    }

    workspace_->sparkify_ok({"--target", "duckdb:expected.duckdb", "create-tables"});
    workspace_->sparkify_ok({"--target", "duckdb:expected.duckdb", "etl", "--source", "data"});
    expected_ = workspace_->star_contents("duckdb:expected.duckdb");
    // The warehouse that failed runs must leave untouched: an earlier, different load.
    workspace_->sparkify_ok({"--target", "duckdb:before.duckdb", "create-tables"});
    workspace_->sparkify_ok({"--target", "duckdb:before.duckdb", "etl", "--source", "earlier"});
    before_ = workspace_->star_contents("duckdb:before.duckdb");
    before_runs_ = workspace_->query_csv("duckdb:before.duckdb", "SELECT count(*) FROM etl_runs WHERE outcome = 'ok'");
    before_files_ = workspace_->query_csv("duckdb:before.duckdb", "SELECT count(*) FROM etl_files");
  }
  static void TearDownTestSuite() {
    proxy_.reset();
    server_.reset();
    workspace_.reset();
  }
  void SetUp() override { proxy_->reset(); }

  // etl from s3://raw through the proxy into `target` (a copy of before.duckdb
  // unless `fresh`); stalls count as failed attempts after 2 s.
  static CommandResult etl_through_proxy(const std::string& name, bool fresh, std::vector<std::string> extra = {}) {
    const std::string target = "duckdb:" + name + ".duckdb";
    if (fresh) {
      workspace_->sparkify_ok({"--target", target, "create-tables"});
    } else {
      std::filesystem::copy_file(workspace_->path() / "before.duckdb", workspace_->path() / (name + ".duckdb"));
    }
    CommandOptions options;
    options.env = proxy_->environment();
    options.env.emplace_back("SPARKIFY_S3_STALL_SECONDS", "2");
    options.timeout = kBound;
    std::vector<std::string> args = {
        "--target", target, "etl", "--source", std::string("s3://") + kBucket, "--rejects", name + "-rejects.ndjson"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto started = std::chrono::steady_clock::now();
    auto result = workspace_->sparkify(args, options);
    EXPECT_FALSE(result.timed_out) << name << " did not finish within " << kBound.count() << " s";
    EXPECT_LT(std::chrono::steady_clock::now() - started, kBound);
    return result;
  }

  static void expect_unchanged(const std::string& name) {
    const std::string target = "duckdb:" + name + ".duckdb";
    EXPECT_EQ(workspace_->star_contents(target), before_) << name << ": the failed run changed the star tables";
    EXPECT_EQ(workspace_->query_csv(target, "SELECT count(*) FROM etl_runs WHERE outcome = 'ok'"), before_runs_)
        << name;
    EXPECT_EQ(workspace_->query_csv(target, "SELECT count(*) FROM etl_files"), before_files_) << name;
  }

  static inline std::unique_ptr<Workspace> workspace_;
  static inline std::unique_ptr<S3Server> server_;
  static inline std::unique_ptr<S3FaultProxy> proxy_;
  static inline std::map<std::string, std::string> expected_, before_;
  static inline std::vector<std::string> before_files_;
  static inline std::vector<std::string> before_runs_;
  static inline std::string one_log_file_;
};

// --- transient: retried, then the load is complete and exact ----------------

class TransientGetFault : public S3Faults, public ::testing::WithParamInterface<const char*> {};

TEST_P(TransientGetFault, IsRetriedAndTheLoadIsExact) {
  const std::string kind = GetParam();
  proxy_->arm(kind, 3);
  const auto result = etl_through_proxy("transient-" + kind, true);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(proxy_->served(kind), 3);
  EXPECT_EQ(workspace_->star_contents("duckdb:transient-" + kind + ".duckdb"), expected_);
}

INSTANTIATE_TEST_SUITE_P(Kinds, TransientGetFault,
                         ::testing::Values("slowdown", "error500", "reset", "stall", "truncate", "short_length",
                                           "corrupt"));

TEST_F(S3Faults, TransientListingFaultIsRetriedAndTheLoadIsExact) {
  proxy_->arm("slowdown", 2, "list");
  proxy_->arm("reset", 1, "list");
  const auto result = etl_through_proxy("transient-list", true);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(proxy_->served("slowdown") + proxy_->served("reset"), 3);
  EXPECT_EQ(workspace_->star_contents("duckdb:transient-list.duckdb"), expected_);
}

// --- persistent: a clear failure, nothing committed --------------------------

class PersistentGetFault : public S3Faults, public ::testing::WithParamInterface<const char*> {};

TEST_P(PersistentGetFault, FailsNamingTheObjectAndCommitsNothing) {
  const std::string kind = GetParam();
  const std::string name = "persistent-" + kind;
  proxy_->arm(kind, -1, "get", one_log_file_);
  const auto result = etl_through_proxy(name, false);
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.err.find("1 record(s) rejected"), std::string::npos) << result.err;
  EXPECT_GE(proxy_->served(kind), 2) << "the fault was not retried";
  const std::string rejects = read_text_file(workspace_->path() / (name + "-rejects.ndjson"));
  EXPECT_NE(rejects.find(one_log_file_), std::string::npos) << rejects;
  EXPECT_NE(rejects.find("\"line\":0"), std::string::npos) << rejects;
  expect_unchanged(name);
}

INSTANTIATE_TEST_SUITE_P(Kinds, PersistentGetFault,
                         ::testing::Values("slowdown", "error500", "reset", "stall", "truncate", "short_length",
                                           "corrupt"));

TEST_F(S3Faults, ShortContentLengthIsRejectedNotLoadedAsData) {
  proxy_->arm("short_length", -1, "get", one_log_file_);
  const auto result = etl_through_proxy("short-allowed", true, {"--max-errors", "5"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string rejects = read_text_file(workspace_->path() / "short-allowed-rejects.ndjson");
  EXPECT_NE(rejects.find("but the listing says the object has"), std::string::npos) << rejects;
  const auto rows =
      workspace_->query_csv("duckdb:short-allowed.duckdb",
                            "SELECT count(*) FROM staging_events WHERE source_file LIKE '%" + one_log_file_ + "'");
  EXPECT_EQ(rows.back(), "0") << "part of a damaged object was loaded";
}

TEST_F(S3Faults, SummaryKeepsReadEqualToLoadedPlusRejected) {
  proxy_->arm("error500", -1, "get", one_log_file_);
  const auto result = etl_through_proxy("summary", true, {"--max-errors", "5"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::istringstream lines(result.out);
  int summary_lines = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.find("records read") == std::string::npos) continue;
    ++summary_lines;
    long read = 0, loaded = 0, rejected = 0;
    char kind[16];
    ASSERT_EQ(
        std::sscanf(line.c_str(), "%15s %ld records read %ld loaded %ld rejected", kind, &read, &loaded, &rejected), 4)
        << line;
    EXPECT_EQ(read, loaded + rejected) << line;
  }
  EXPECT_EQ(summary_lines, 2) << result.out;
}

TEST_F(S3Faults, RepeatedContinuationTokenStopsWithAClearError) {
  proxy_->arm("repeat_token", -1, "list");
  const auto result = etl_through_proxy("repeat-token", false);
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.err.find("gave continuation token 'proxy-repeated-token' a second time"), std::string::npos)
      << result.err;
  expect_unchanged("repeat-token");
}

TEST_F(S3Faults, PersistentListingFaultFailsAndCommitsNothing) {
  proxy_->arm("slowdown", -1, "list");
  const auto result = etl_through_proxy("persistent-list", false);
  EXPECT_EQ(result.exit_code, 1) << result.out;
  EXPECT_NE(result.err.find("ListObjectsV2"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("SlowDown"), std::string::npos) << result.err;
  expect_unchanged("persistent-list");
}

}  // namespace
}  // namespace sparkify::testing
