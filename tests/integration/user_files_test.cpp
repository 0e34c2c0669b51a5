// Nothing destroyed: the real binary on DuckDB never deletes, truncates or
// creates a user's file it was not asked to create — --rejects pointing at the
// warehouse, the input or a special file is refused before the load; an
// existing rejects file is left alone; a rejects file that cannot be written
// (full disk) fails the run and rolls it back; create-tables refuses to drop
// rows without --force; read commands and etl never create a database file.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include "harness/workspace.h"
#include "warehouse/duckdb_warehouse.h"

namespace sparkify::testing {
namespace {

namespace fs = std::filesystem;

class UserFiles : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    workspace_ = std::make_unique<Workspace>();
    workspace_->generate("data", 40, 600, 5, 4);  // 4 malformed event lines
  }
  static void TearDownTestSuite() { workspace_.reset(); }

  static Workspace& ws() { return *workspace_; }
  static fs::path at(const std::string& name) { return ws().path() / name; }

  // A fresh database holding `data` (4 rejects allowed).
  static std::string loaded_target(const std::string& name) {
    const std::string target = "duckdb:" + name + ".duckdb";
    ws().sparkify_ok({"--target", target, "create-tables"});
    ws().sparkify_ok(
        {"--target", target, "etl", "--source", "data", "--max-errors", "10", "--rejects", name + "-rejects.ndjson"});
    return target;
  }

  static std::unique_ptr<Workspace> workspace_;
};

std::unique_ptr<Workspace> UserFiles::workspace_;

TEST_F(UserFiles, RejectsPathThatIsTheWarehouseIsRefusedAndTheWarehouseKept) {
  const auto target = loaded_target("self");
  const auto before = ws().table_counts(target);
  auto result =
      ws().sparkify({"--target", target, "etl", "--source", "data", "--max-errors", "10", "--rejects", "self.duckdb"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("is the warehouse file"), std::string::npos) << result.err;
  EXPECT_EQ(ws().table_counts(target), before);
}

TEST_F(UserFiles, RejectsPathUnderTheInputIsRefusedAndTheInputKept) {
  const auto target = loaded_target("under");
  const auto log_files = [] {
    std::vector<fs::path> out;
    for (const auto& entry : fs::recursive_directory_iterator(at("data/log_data"))) out.push_back(entry.path());
    return out;
  };
  const auto before = log_files();
  const auto victim = before.back();
  const auto victim_text = read_text_file(victim);
  auto result = ws().sparkify({"--target", target, "etl", "--source", "data", "--max-errors", "10", "--rejects",
                               fs::relative(victim, ws().path()).string()});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_EQ(log_files(), before);
  EXPECT_EQ(read_text_file(victim), victim_text);
}

TEST_F(UserFiles, RejectsPathThatIsAFifoOrDirectoryIsRefusedAndKept) {
  const auto target = loaded_target("special");
  ASSERT_EQ(::mkfifo(at("pipe").c_str(), 0600), 0);
  fs::create_directory(at("empty_dir"));
  for (const char* path : {"pipe", "empty_dir"}) {
    auto result =
        ws().sparkify({"--target", target, "etl", "--source", "data", "--max-errors", "10", "--rejects", path});
    EXPECT_EQ(result.exit_code, 2) << path << ": " << result.err;
    EXPECT_TRUE(fs::exists(at(path))) << path;
  }
  EXPECT_TRUE(fs::is_fifo(at("pipe")));
}

TEST_F(UserFiles, ExistingRejectsFileIsKeptAndTheNewOneNamed) {
  const auto target = loaded_target("keep");
  std::ofstream(at("mine.ndjson")) << "my notes\n";
  auto result = ws().sparkify_ok(
      {"--target", target, "etl", "--source", "data", "--full", "--max-errors", "10", "--rejects", "mine.ndjson"});
  EXPECT_EQ(read_text_file(at("mine.ndjson")), "my notes\n");
  const auto named = result.err.find("mine-");
  ASSERT_NE(named, std::string::npos) << result.err;
  const auto used = result.err.substr(named, result.err.find(' ', named) - named);
  std::ifstream in(at(used));
  int lines = 0;
  for (std::string line; std::getline(in, line);) ++lines;
  EXPECT_EQ(lines, 4) << used;
}

TEST_F(UserFiles, RunWithoutRejectsLeavesAnExistingRejectsFileAlone) {
  ws().generate("clean", 10, 100, 6);
  const std::string target = "duckdb:clean.duckdb";
  ws().sparkify_ok({"--target", target, "create-tables"});
  std::ofstream(at("rejects.ndjson")) << "earlier\n";
  ws().sparkify_ok({"--target", target, "etl", "--source", "clean"});
  EXPECT_EQ(read_text_file(at("rejects.ndjson")), "earlier\n");
}

// A 64 KiB tmpfs filled to the brim: the first reject cannot be written.
TEST_F(UserFiles, RejectsOnAFullDiskFailTheRunAndRollBack) {
  const auto mount_point = at("full_disk");
  fs::create_directory(mount_point);
  if (::mount("tmpfs", mount_point.c_str(), "tmpfs", 0, "size=64k") != 0) {
    GTEST_SKIP() << "cannot mount a tmpfs here (needs root)";
  }
  {
    std::ofstream filler(mount_point / "filler", std::ios::binary);
    const std::string block(4096, 'x');
    for (int i = 0; i < 64 && filler; ++i) filler << block;
  }
  const auto target = loaded_target("full");
  const auto before = ws().table_counts(target);
  auto result = ws().sparkify({"--target", target, "etl", "--source", "data", "--full", "--max-errors", "10",
                               "--rejects", (mount_point / "rejects.ndjson").string()});
  ::umount(mount_point.c_str());
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.err.find("cannot write reject"), std::string::npos) << result.err;
  EXPECT_EQ(ws().table_counts(target), before);
  const auto runs = ws().query_csv(target, "SELECT count(*) FROM etl_runs WHERE outcome = 'ok'");
  EXPECT_EQ(runs.at(1), "1");
}

// The warehouse file on a 3 MiB tmpfs: a load that does not fit fails on the
// full disk, and the warehouse and its manifest stay as they were.
TEST_F(UserFiles, AWarehouseOnAFullDiskFailsTheRunAndKeepsItsRows) {
  const auto mount_point = at("small_disk");
  fs::create_directory(mount_point);
  if (::mount("tmpfs", mount_point.c_str(), "tmpfs", 0, "size=3m") != 0) {
    GTEST_SKIP() << "cannot mount a tmpfs here (needs root)";
  }
  const std::string target = "duckdb:" + (mount_point / "w.duckdb").string();
  ws().sparkify_ok({"--target", target, "create-tables"});
  ws().sparkify_ok({"--target", target, "etl", "--source", "data", "--max-errors", "10", "--rejects", "fit.ndjson"});
  const auto before = ws().star_contents(target);
  const auto files_before = ws().query_csv(target, "SELECT count(*) FROM etl_files");
  ws().generate("large", 500, 100000, 6);
  const auto result = ws().sparkify({"--target", target, "etl", "--source", "large", "--rejects", "large.ndjson"});
  const auto after = ws().star_contents(target);
  const auto files_after = ws().query_csv(target, "SELECT count(*) FROM etl_files");
  ::umount(mount_point.c_str());
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  // Where the disk fills: writing the database file, or spilling to DuckDB's
  // temporary directory beside it.
  EXPECT_TRUE(result.err.find("No space left on device") != std::string::npos ||
              result.err.find("temporary directory, beside the database file, is full") != std::string::npos)
      << result.err;
  EXPECT_EQ(result.err.find("Increasing the memory limit"), std::string::npos) << result.err;
  EXPECT_EQ(after, before);
  EXPECT_EQ(files_after, files_before);
}

TEST_F(UserFiles, CreateTablesRefusesToDropRowsAndNamesThem) {
  const auto target = loaded_target("wipe");
  const auto before = ws().table_counts(target);
  auto result = ws().sparkify({"--target", target, "create-tables"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find(fmt::format("songplays ({} rows)", before.at("songplays"))), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find(fmt::format("users ({} rows)", before.at("users"))), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("--force"), std::string::npos) << result.err;
  EXPECT_EQ(ws().table_counts(target), before);
}

TEST_F(UserFiles, CreateTablesWithForceRecreatesEmptyTables) {
  const auto target = loaded_target("forced");
  ws().sparkify_ok({"--target", target, "create-tables", "--force"});
  for (const auto& [table, rows] : ws().table_counts(target)) EXPECT_EQ(rows, 0) << table;
}

TEST_F(UserFiles, CreateTablesOnEmptyTablesNeedsNoForce) {
  ws().sparkify_ok({"--target", "duckdb:twice.duckdb", "create-tables"});
  ws().sparkify_ok({"--target", "duckdb:twice.duckdb", "create-tables"});
}

TEST_F(UserFiles, ReadCommandsOnAMissingDatabaseCreateNothing) {
  for (std::vector<std::string> command :
       {std::vector<std::string>{"check"}, {"query", "top-songs"}, {"query", "SELECT 1"}}) {
    std::vector<std::string> args{"--target", "duckdb:typo.duckdb"};
    args.insert(args.end(), command.begin(), command.end());
    auto result = ws().sparkify(args);
    EXPECT_EQ(result.exit_code, 2) << command[0] << ": " << result.err;
    EXPECT_NE(result.err.find("no sparkify tables in duckdb:typo.duckdb — run 'sparkify create-tables' first"),
              std::string::npos)
        << result.err;
    EXPECT_FALSE(fs::exists(at("typo.duckdb"))) << command[0];
    EXPECT_FALSE(fs::exists(at("typo.duckdb.wal"))) << command[0];
  }
}

TEST_F(UserFiles, ReadCommandsDoNotChangeTheDatabaseFile) {
  const auto target = loaded_target("readonly");
  const auto before = fs::last_write_time(at("readonly.duckdb"));
  ws().sparkify_ok({"--target", target, "check"});
  ws().sparkify_ok({"--target", target, "query", "top-songs"});
  EXPECT_EQ(fs::last_write_time(at("readonly.duckdb")), before);
  EXPECT_FALSE(fs::exists(at("readonly.duckdb.wal")));
}

TEST_F(UserFiles, EtlBeforeCreateTablesSaysSoAndCreatesNothing) {
  auto result = ws().sparkify({"--target", "duckdb:fresh.duckdb", "etl", "--source", "data", "--max-errors", "10"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("no sparkify tables in duckdb:fresh.duckdb — run 'sparkify create-tables' first"),
            std::string::npos)
      << result.err;
  EXPECT_FALSE(fs::exists(at("fresh.duckdb")));
}

TEST_F(UserFiles, EtlOnADatabaseWithoutTablesSaysSo) {
  {
    warehouse::DuckDbWarehouse other(at("other.duckdb").string());
    other.execute({"create an unrelated table", "CREATE TABLE notes(text VARCHAR)"});
  }
  auto result = ws().sparkify({"--target", "duckdb:other.duckdb", "etl", "--source", "data", "--max-errors", "10"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("no sparkify tables in duckdb:other.duckdb — run 'sparkify create-tables' first"),
            std::string::npos)
      << result.err;
}

}  // namespace
}  // namespace sparkify::testing
