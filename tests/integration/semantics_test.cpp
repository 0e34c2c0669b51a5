// The star-schema rules of docs/semantics.md as data: every case of every
// file under tests/data/semantics/ runs through the SQL route
// (clear_staging + staging INSERTs + build_star_schema per run, one
// transaction each) on DuckDB (in-process, :memory:) and on PostgreSQL (a
// real server, also with a linguistic default collation; and the Redshift
// dialect's statements on that server), and the printed star rows must equal
// the case's expectation.
// Order independence is part of every rule, so each case also runs with its
// runs reversed and with all its runs merged into one, against the same
// expectation.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "harness/postgres_fixture.h"
#include "harness/star_cases.h"
#include "sql/postgres_dialect.h"
#include "sql/redshift_dialect.h"
#include "warehouse/duckdb_warehouse.h"
#include "warehouse/postgres_warehouse.h"

namespace sparkify::testing {
namespace {

[[maybe_unused]] const auto* const kPostgres = ::testing::AddGlobalTestEnvironment(new PostgresEnvironment);

const sql::PostgresDialect kPostgresDialect;

const std::filesystem::path kCaseDir = std::filesystem::path(SPARKIFY_SHARED_TESTDATA) / "semantics";

std::vector<std::string> case_files() {
  std::vector<std::string> out;
  for (const auto& entry : std::filesystem::directory_iterator(kCaseDir)) {
    if (entry.path().extension() == ".txt") out.push_back(entry.path().stem().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

enum class RunOrder { as_written, reversed, as_one };

std::vector<Run> arranged(const std::vector<Run>& runs, RunOrder order) {
  switch (order) {
    case RunOrder::as_written:
      return runs;
    case RunOrder::reversed:
      return {runs.rbegin(), runs.rend()};
    case RunOrder::as_one: {
      Run one;
      for (const auto& run : runs) one.staging.insert(one.staging.end(), run.staging.begin(), run.staging.end());
      return {one};
    }
  }
  return runs;
}

std::string_view order_name(RunOrder order) {
  switch (order) {
    case RunOrder::as_written:
      return "runs as written";
    case RunOrder::reversed:
      return "runs reversed";
    case RunOrder::as_one:
      return "all rows in one run";
  }
  return "";
}

std::string printed(const std::string& table, const std::vector<std::string>& rows) {
  std::string out = table + "\n";
  for (const auto& row : rows) out += row + "\n";
  return out;
}

using OpenWarehouse = std::function<std::unique_ptr<warehouse::Warehouse>()>;

void check_file(const std::string& file, const OpenWarehouse& open) {
  const auto cases = read_star_cases(kCaseDir / (file + ".txt"));
  ASSERT_FALSE(cases.empty()) << file << " has no case";
  for (const auto& star_case : cases) {
    for (RunOrder order : {RunOrder::as_written, RunOrder::reversed, RunOrder::as_one}) {
      SCOPED_TRACE(fmt::format("{}.txt:{}: case {} ({})", file, star_case.line, star_case.name, order_name(order)));
      auto warehouse = open();
      create_tables(*warehouse);
      for (const auto& run : arranged(star_case.runs, order)) apply_run(*warehouse, run);
      for (const auto& expectation : star_case.expectations) {
        EXPECT_EQ(printed(expectation.table, expectation.rows),
                  printed(expectation.table, printed_rows(*warehouse, expectation.table, expectation.columns)));
      }
    }
  }
}

// Redshift's statements on PostgreSQL after strip_physical_design() (the
// only rewrite, as in redshift_on_postgres_test.cpp): the Redshift tables,
// with user_id as text in staging, and the Redshift merge. What PostgreSQL
// cannot show is Redshift's blindness to trailing spaces.
class RedshiftOnPostgres final : public warehouse::Warehouse {
 public:
  explicit RedshiftOnPostgres(const std::string& database) : postgres_(database, kPostgresDialect) {}
  std::string describe() const override { return postgres_.describe(); }
  const sql::Dialect& dialect() const override { return redshift_; }
  void execute(const sql::Statement& statement) override {
    postgres_.execute({statement.name, sql::strip_physical_design(statement.text)});
  }
  warehouse::QueryResult query(std::string_view sql) override { return postgres_.query(sql); }
  void begin() override { postgres_.begin(); }
  void commit() override { postgres_.commit(); }
  void rollback() override { postgres_.rollback(); }
  std::unique_ptr<warehouse::StagingLoader> open_staging_loader() override { return nullptr; }

 private:
  sql::RedshiftDialect redshift_;
  warehouse::PostgresWarehouse postgres_;
};

class StarRules : public ::testing::TestWithParam<std::string> {};

TEST_P(StarRules, HoldOnDuckDb) {
  check_file(GetParam(), [] { return std::make_unique<warehouse::DuckDbWarehouse>(":memory:"); });
}

TEST_P(StarRules, HoldOnPostgres) {
  const std::string database = fresh_database();
  check_file(GetParam(), [&] { return std::make_unique<warehouse::PostgresWarehouse>(database, kPostgresDialect); });
}

// As most installs have it: the database's collation is linguistic (ICU en-US,
// punctuation and spaces ignored at the first level), not byte order.
TEST_P(StarRules, HoldOnPostgresWithLinguisticCollation) {
  static int next = 0;
  const std::string name = fmt::format("linguistic_{}", ++next);
  warehouse::PostgresWarehouse admin(postgres_server().uri(), kPostgresDialect);
  admin.execute({"create linguistic database", fmt::format("CREATE DATABASE {} TEMPLATE template0 LOCALE_PROVIDER icu "
                                                           "ICU_LOCALE 'en-US-u-ka-shifted'",
                                                           name)});
  const std::string database = postgres_server().uri_for(name);
  check_file(GetParam(), [&] { return std::make_unique<warehouse::PostgresWarehouse>(database, kPostgresDialect); });
}

TEST_P(StarRules, HoldForRedshiftStatementsOnPostgres) {
  const std::string database = fresh_database();
  check_file(GetParam(), [&] { return std::make_unique<RedshiftOnPostgres>(database); });
}

INSTANTIATE_TEST_SUITE_P(Semantics, StarRules, ::testing::ValuesIn(case_files()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace sparkify::testing
