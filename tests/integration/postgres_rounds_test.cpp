// The streaming engine's merge rounds on a real PostgreSQL server: a rerun
// whose plays repeat stored ones merges them in rounds (once
// StreamLimits::repeat_bytes_per_round_in_server of them wait), and the
// rounds must give the rows of one merge. Each round empties its work table
// by TRUNCATE, so the table holds no more than the last round's rows; DELETE
// would leave every round's rows in place until the run's transaction ends,
// for each later round's scan to visit again (a 10M `--full` rerun: "find
// changed songplays" 2.4 s in its first round, 9.5 s in its last).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "harness/postgres_fixture.h"
#include "pipeline/etl.h"
#include "sql/postgres_dialect.h"
#include "unit/pipeline/redshift_fakes.h"
#include "warehouse/postgres_warehouse.h"

namespace sparkify::testing {
namespace {

[[maybe_unused]] const auto* const kPostgres = ::testing::AddGlobalTestEnvironment(new PostgresEnvironment);

const sql::PostgresDialect kDialect;

constexpr int kPlays = 40;
constexpr int kPlaysPerFile = 5;
// Wide enough that one round's rows (a file's) fill a page or two of
// repeat_plays, and every round's together many more.
const std::string kLocation(1500, 'L');

std::string play_line(int item, const char* level) {
  return std::string(R"({"artist":"A","auth":"Logged In","firstName":"F","gender":"F","itemInSession":)") +
         std::to_string(item) + R"(,"lastName":"L","length":200.5,"level":")" + level + R"(","location":")" +
         kLocation + R"(","method":"PUT","page":"NextSong","registration":1540919166796.0,"sessionId":5,)" +
         R"("song":"S","status":200,"ts":)" + std::to_string(1541105830000 + item * 1000) +
         R"(,"userAgent":"UA","userId":"9"})" + "\n";
}

// Run 1: every play, "paid". Run 2: every play again, the even ones "free"
// (which wins over "paid"), kPlaysPerFile to a file, so a round can run after
// each file.
std::map<std::string, std::string> run_files(int run) {
  std::map<std::string, std::string> files;
  for (int item = 0; item < kPlays; ++item) {
    const char* level = run == 2 && item % 2 == 0 ? "free" : "paid";
    files["mem://log_data/run" + std::to_string(run) + "-part" + std::to_string(item / kPlaysPerFile) + ".json"] +=
        play_line(item, level);
  }
  return files;
}

class PostgresRounds : public ::testing::Test {
 protected:
  std::filesystem::path rejects =
      std::filesystem::temp_directory_path() / ("postgres-rounds-" + std::to_string(::getpid()) + ".ndjson");
  void TearDown() override { std::filesystem::remove(rejects); }

  // Loads both runs into `db`, merging repeated plays once `per_round` bytes
  // of them wait; counts the rounds run mid-stream.
  void load(warehouse::Warehouse& db, std::size_t per_round, int& rounds) {
    create_tables(db);
    for (int run = 1; run <= 2; ++run) {
      pipeline::fakes::MemorySource songs{"mem://song_data", {}};
      pipeline::fakes::MemorySource logs{"mem://log_data", run_files(run)};
      pipeline::EtlOptions options;
      options.rejects_path = rejects;
      options.threads = 1;
      options.limits.repeat_bytes_per_round_in_server = per_round;
      options.progress = [&](std::string_view line) { rounds += line.starts_with("clear repeat_plays") ? 1 : 0; };
      pipeline::run_etl(db, songs, logs, options);
    }
  }

  static std::vector<std::vector<std::optional<std::string>>> star_rows(warehouse::Warehouse& db) {
    auto rows = db.query(R"(SELECT CAST(songplay_id AS TEXT), CAST(start_time AS TEXT), user_id, level, session_id,
                                   location, user_agent, song, artist, length
                            FROM songplays ORDER BY songplay_id)")
                    .rows;
    for (auto& row : db.query("SELECT * FROM time ORDER BY start_time").rows) rows.push_back(std::move(row));
    return rows;
  }
};

TEST_F(PostgresRounds, MergingInRoundsGivesTheRowsOfOneMergeAndKeepsOneRoundOfRows) {
  warehouse::PostgresWarehouse once(fresh_database(), kDialect);
  warehouse::PostgresWarehouse many(fresh_database(), kDialect);
  int rounds_once = 0, rounds_many = 0;
  load(once, std::size_t{1} << 40, rounds_once);
  load(many, 1, rounds_many);
  EXPECT_EQ(rounds_once, 0);
  EXPECT_GE(rounds_many, kPlays / kPlaysPerFile - 1);

  const auto rows = star_rows(once);
  ASSERT_EQ(rows.size(), 2u * kPlays);  // kPlays songplays, kPlays start times
  EXPECT_EQ(rows, star_rows(many));
  int free = 0;
  for (int i = 0; i < kPlays; ++i) free += rows[static_cast<std::size_t>(i)][3] == "free" ? 1 : 0;
  EXPECT_EQ(free, kPlays / 2);

  // The session's work table after the run: what the last round left, not
  // the pages of every round's rows (kPlays of them, about 1.6 KB each).
  const auto pages = std::stoll(scalar(many, "SELECT pg_relation_size('pg_temp.repeat_plays') / 8192"));
  EXPECT_LE(pages, 2) << "repeat_plays keeps the rows of earlier rounds";
}

}  // namespace
}  // namespace sparkify::testing
