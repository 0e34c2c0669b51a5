// Inputs users have (issue 13): `sparkify etl` reads .json.gz files as if they
// were plain (local folder and S3), skips '.'/'_' files and folders as Spark
// does, names every other file it did not load, and turns a corrupt .json.gz
// into a reject naming the file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include "harness/gzip_file.h"
#include "harness/s3_server.h"
#include "harness/workspace.h"

namespace sparkify::testing {
namespace {

namespace fs = std::filesystem;

void write_file(const fs::path& path, const std::string& body) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << body;
}

// Replaces every other .json file under `folder` by its .json.gz; returns how many.
int gzip_every_other(const fs::path& folder) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  int count = 0;
  for (std::size_t i = 0; i < files.size(); i += 2, ++count) {
    write_file(files[i].string() + ".gz", gzip_file(read_text_file(files[i])));
    fs::remove(files[i]);
  }
  return count;
}

class Inputs : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    workspace_ = std::make_unique<Workspace>();
    workspace_->generate("data", 50, 700, 11);
    workspace_->sparkify_ok({"--target", "duckdb:plain.duckdb", "create-tables"});
    workspace_->sparkify_ok({"--target", "duckdb:plain.duckdb", "etl", "--source", "data"});
    expected_ = workspace_->star_contents("duckdb:plain.duckdb");

    const fs::path mixed = workspace_->path() / "mixed";
    fs::copy(workspace_->path() / "data", mixed, fs::copy_options::recursive);
    ASSERT_GT(gzip_every_other(mixed / "log_data"), 0);
    ASSERT_GT(gzip_every_other(mixed / "song_data"), 0);
    // A notebook checkpoint repeats a day's events: loading it would double them.
    for (const auto& entry : fs::recursive_directory_iterator(mixed / "log_data")) {
      if (entry.path().extension() == ".json") {
        write_file(mixed / "log_data" / ".ipynb_checkpoints" / "day-checkpoint.json", read_text_file(entry.path()));
        break;
      }
    }
    write_file(mixed / "log_data" / "_SUCCESS", "");
    write_file(mixed / "log_data" / "README.txt", "what these files are");
    write_file(mixed / "song_data" / "notes.csv", "a,b\n");
  }
  static void TearDownTestSuite() { workspace_.reset(); }

  static CommandResult etl(const std::string& name, const std::string& source, std::vector<std::string> extra = {},
                           const CommandOptions& options = {}) {
    const std::string target = "duckdb:" + name + ".duckdb";
    workspace_->sparkify_ok({"--target", target, "create-tables"}, options);
    std::vector<std::string> args = {"--target", target, "etl", "--source", source, "--rejects", name + ".ndjson"};
    args.insert(args.end(), extra.begin(), extra.end());
    return workspace_->sparkify(args, options);
  }

  static void expect_skipped_named(const CommandResult& result, bool verbose) {
    EXPECT_NE(result.out.find("skipped 2 files not ending in .json or .json.gz"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("skipped 2 hidden files or folders"), std::string::npos) << result.out;
    EXPECT_EQ(result.out.find("README.txt") != std::string::npos, verbose) << result.out;
    EXPECT_EQ(result.out.find("notes.csv") != std::string::npos, verbose) << result.out;
  }

  static inline std::unique_ptr<Workspace> workspace_;
  static inline std::map<std::string, std::string> expected_;
};

TEST_F(Inputs, GzipFilesLoadLikePlainOnesAndHiddenFilesAreSkipped) {
  const auto result = etl("mixed", "mixed");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(workspace_->star_contents("duckdb:mixed.duckdb"), expected_);
  expect_skipped_named(result, false);
}

TEST_F(Inputs, VerboseNamesEachSkippedFile) {
  const auto result = etl("mixed-verbose", "mixed", {"-v"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  expect_skipped_named(result, true);
}

TEST_F(Inputs, GzipFilesLoadFromS3Too) {
  S3Server server;
  server.create_bucket("mixed");
  server.upload_folder(workspace_->path() / "mixed", "mixed", "");
  CommandOptions options;
  options.env = server.environment();
  const auto result = etl("mixed-s3", "s3://mixed", {}, options);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(workspace_->star_contents("duckdb:mixed-s3.duckdb"), expected_);
  EXPECT_NE(result.out.find("skipped 2 files not ending in .json or .json.gz"), std::string::npos) << result.out;
}

TEST_F(Inputs, CorruptGzipIsARejectNamingTheFile) {
  const fs::path broken = workspace_->path() / "broken";
  fs::copy(workspace_->path() / "data", broken, fs::copy_options::recursive);
  write_file(broken / "log_data" / "2018-11-30-events.json.gz", "this was never gzip");
  const auto result = etl("broken", "broken");
  EXPECT_EQ(result.exit_code, 1) << result.out;
  const std::string rejects = read_text_file(workspace_->path() / "broken.ndjson");
  EXPECT_NE(rejects.find("2018-11-30-events.json.gz"), std::string::npos) << rejects;
  EXPECT_NE(rejects.find("not a valid gzip file"), std::string::npos) << rejects;
}

}  // namespace
}  // namespace sparkify::testing
