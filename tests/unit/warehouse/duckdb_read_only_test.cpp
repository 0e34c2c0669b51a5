// DuckDbWarehouse opened read-only (as `report` and `doctor` open it): reads
// work, writes fail, and the file is left as it was.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "common/error.h"
#include "warehouse/duckdb_warehouse.h"

namespace sparkify::warehouse {
namespace {

class DuckDbReadOnly : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() / ("sparkify-read-only-" + std::to_string(::getpid()) + ".duckdb");
    std::filesystem::remove(path_);
    DuckDbWarehouse writer(path_.string());
    writer.execute({"create t", "CREATE TABLE t AS SELECT 42 AS answer"});
  }
  void TearDown() override { std::filesystem::remove(path_); }
  std::filesystem::path path_;
};

TEST_F(DuckDbReadOnly, ReadsSucceed) {
  DuckDbWarehouse reader(path_.string(), true);
  auto result = reader.query("SELECT answer FROM t");
  ASSERT_EQ(result.rows.size(), 1u);
  EXPECT_EQ(result.rows[0][0], "42");
}

TEST_F(DuckDbReadOnly, WritesFail) {
  DuckDbWarehouse reader(path_.string(), true);
  EXPECT_THROW(reader.execute({"create u", "CREATE TABLE u (i INTEGER)"}), Error);
  EXPECT_THROW(reader.execute({"insert", "INSERT INTO t VALUES (1)"}), Error);
}

TEST_F(DuckDbReadOnly, MissingFileIsAnErrorAndNotCreated) {
  const auto missing = path_.string() + ".absent";
  EXPECT_THROW(DuckDbWarehouse(missing, true), Error);
  EXPECT_FALSE(std::filesystem::exists(missing));
}

}  // namespace
}  // namespace sparkify::warehouse
