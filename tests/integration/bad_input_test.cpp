// The bad-input corpus (tests/data/bad_input, expected counts per file in
// expected.json) loaded by the real binary with --max-errors 1000 into DuckDB
// and into PostgreSQL 15: for every file, records read = loaded + rejected
// exactly, with the expected number of rejects; the same counts and the same
// star tables on both engines; every reject with file, line, reason and raw
// text. Also: etl before create-tables says so on both engines.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "harness/postgres_fixture.h"
#include "harness/workspace.h"

namespace sparkify::testing {
namespace {

namespace fs = std::filesystem;

[[maybe_unused]] const auto* const kPostgres = ::testing::AddGlobalTestEnvironment(new PostgresEnvironment);

constexpr const char* kCorpus = "bad_input";

// Per file (path under the corpus): records loaded (the manifest's records
// less rejects) and rejected (lines of the rejects file).
struct FileCounts {
  long loaded = 0;
  long rejected = 0;
  bool operator==(const FileCounts&) const = default;
};
using Counts = std::map<std::string, FileCounts>;

std::string under_corpus(const std::string& path) {
  const auto at = path.find(std::string(kCorpus) + "/");
  return at == std::string::npos ? path : path.substr(at + std::string(kCorpus).size() + 1);
}

class BadInput : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    workspace_ = std::make_unique<Workspace>();
    fs::copy(fs::path(SPARKIFY_SHARED_TESTDATA) / kCorpus, workspace_->path() / kCorpus, fs::copy_options::recursive);
    std::ifstream in(workspace_->path() / kCorpus / "expected.json");
    expected_ = nlohmann::json::parse(in);
  }
  static void TearDownTestSuite() { workspace_.reset(); }

  // create-tables + etl of the corpus on `target`; returns the counts per file
  // and checks every reject line.
  static Counts load(const std::string& target, const std::string& rejects) {
    Workspace& ws = *workspace_;
    ws.sparkify_ok({"--target", target, "create-tables"});
    auto result =
        ws.sparkify_ok({"--target", target, "etl", "--source", kCorpus, "--max-errors", "1000", "--rejects", rejects});
    Counts counts;
    // The load manifest holds each file's records and rejects.
    for (const auto& line : ws.query_csv(target, "SELECT uri, records - rejected AS loaded FROM etl_files")) {
      if (line.rfind("uri", 0) == 0) continue;
      const auto comma = line.rfind(',');
      counts[under_corpus(line.substr(0, comma))].loaded += std::stol(line.substr(comma + 1));
    }
    std::ifstream in(ws.path() / rejects);
    for (std::string line; std::getline(in, line);) {
      const auto reject = nlohmann::json::parse(line);
      const auto file = reject.at("file").get<std::string>();
      EXPECT_GE(reject.at("line").get<long>(), 1) << line;
      EXPECT_FALSE(reject.at("reason").get<std::string>().empty()) << line;
      EXPECT_FALSE(reject.at("raw").get<std::string>().empty()) << line;
      EXPECT_EQ(file.rfind(kCorpus, 0), 0u) << line;
      ++counts[under_corpus(file)].rejected;
    }
    return counts;
  }

  static void expect_matches_corpus(const Counts& counts, const std::string& engine) {
    for (const auto& [file, expected] : expected_.items()) {
      const auto found = counts.find(file);
      const FileCounts actual = found == counts.end() ? FileCounts{} : found->second;
      EXPECT_EQ(actual.loaded + actual.rejected, expected.at("records").get<long>()) << engine << ": " << file;
      EXPECT_EQ(actual.rejected, expected.at("rejected").get<long>()) << engine << ": " << file;
    }
    for (const auto& [file, actual] : counts) EXPECT_TRUE(expected_.contains(file)) << engine << ": " << file;
  }

  static std::unique_ptr<Workspace> workspace_;
  static nlohmann::json expected_;
};

std::unique_ptr<Workspace> BadInput::workspace_;
nlohmann::json BadInput::expected_;

TEST_F(BadInput, EveryFileIsAccountedForIdenticallyOnDuckDbAndPostgres) {
  const std::string duckdb = "duckdb:bad.duckdb";
  const std::string postgres = fresh_database();
  const auto on_duckdb = load(duckdb, "rejects-duckdb.ndjson");
  const auto on_postgres = load(postgres, "rejects-postgres.ndjson");
  expect_matches_corpus(on_duckdb, "duckdb");
  expect_matches_corpus(on_postgres, "postgres");
  EXPECT_EQ(on_duckdb, on_postgres);
  EXPECT_EQ(workspace_->table_counts(duckdb), workspace_->table_counts(postgres));
  EXPECT_EQ(workspace_->star_contents(duckdb), workspace_->star_contents(postgres));
}

TEST_F(BadInput, EtlBeforeCreateTablesSaysSoOnPostgres) {
  const std::string target = fresh_database();
  auto result = workspace_->sparkify({"--target", target, "etl", "--source", kCorpus, "--max-errors", "1000"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("— run 'sparkify create-tables' first"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("no sparkify tables in postgresql://"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace sparkify::testing
