// The named analytics queries (`sparkify query NAME`) give DuckDB's rows in
// DuckDB's order on PostgreSQL also when the database's default collation is
// linguistic, not byte order. Most PostgreSQL installs use a locale such as
// en_US.UTF-8; the test server's own databases use C. The database here takes
// ICU's en-US with punctuation and spaces ignored at the first level, as
// glibc's en_US.UTF-8 does: "\"Tonight\"" sorts as Tonight, "apple" before
// "Broken", "Échos" next to "echo".
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "harness/postgres_fixture.h"
#include "sql/postgres_dialect.h"
#include "sql/tables.h"
#include "warehouse/duckdb_warehouse.h"
#include "warehouse/postgres_warehouse.h"

namespace sparkify::testing {
namespace {

[[maybe_unused]] const auto* const kPostgres = ::testing::AddGlobalTestEnvironment(new PostgresEnvironment);

const sql::PostgresDialect kDialect;

// Twelve songs played once each: every top-songs row ties on plays, and the
// titles sort differently by bytes and linguistically.
constexpr const char* kTitles[] = {"\"Tonight\"",   "Broken",    "apple",  "Échos", "Zebra",  "echo",
                                   "\"Echo\" Fire", "Echo Fire", "éclair", "Ocean", "ocean ", "_Intro"};

// Creates the tables, stages one play per title and builds the star schema.
void load_ties(warehouse::Warehouse& warehouse) {
  create_tables(warehouse);
  std::vector<parse::EventRow> events;
  std::vector<parse::SongRow> songs;
  std::vector<std::string> song_ids;
  for (std::size_t i = 0; i < std::size(kTitles); ++i) song_ids.push_back(fmt::format("SO{:02}", i));
  for (std::size_t i = 0; i < song_ids.size(); ++i) {
    songs.push_back(song(song_ids[i].c_str(), kTitles[i], "AR1", "Duo", 200));
    events.push_back(play(static_cast<std::int64_t>(i + 1), 1541121934796 + static_cast<std::int64_t>(i) * 60000,
                          kTitles[i], "Duo", 200));
  }
  load(warehouse, events, songs);
  warehouse::Transaction transaction(warehouse);
  run_all(warehouse, warehouse.dialect().build_star_schema());
  transaction.commit();
}

class LinguisticCollation : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    warehouse::PostgresWarehouse admin(postgres_server().uri(), kDialect);
    admin.execute({"create linguistic database",
                   "CREATE DATABASE linguistic TEMPLATE template0 LOCALE_PROVIDER icu "
                   "ICU_LOCALE 'en-US-u-ka-shifted'"});
  }

  void SetUp() override {
    postgres_ = std::make_unique<warehouse::PostgresWarehouse>(postgres_server().uri_for("linguistic"), kDialect);
  }

  std::unique_ptr<warehouse::PostgresWarehouse> postgres_;
};

TEST_F(LinguisticCollation, DatabaseDoesNotSortTextByBytes) {
  EXPECT_EQ(scalar(*postgres_,
                   "SELECT string_agg(title, '|' ORDER BY title) FROM (VALUES ('\"Tonight\"'), "
                   "('Broken'), ('apple')) AS t (title)"),
            "apple|Broken|\"Tonight\"");
}

TEST_F(LinguisticCollation, NamedQueriesGiveDuckDbsRowsInItsOrder) {
  warehouse::DuckDbWarehouse duckdb(":memory:");
  load_ties(duckdb);
  load_ties(*postgres_);
  for (const auto& query : sql::analytics_queries()) {
    const auto expected = duckdb.query(query.sql).rows;
    ASSERT_FALSE(expected.empty()) << query.name;
    EXPECT_EQ(postgres_->query(query.sql).rows, expected) << query.name;
  }
}

}  // namespace
}  // namespace sparkify::testing
