// The streaming engine's merge rounds on a real PostgreSQL server. A rerun
// whose plays repeat stored ones merges them in rounds (once
// StreamLimits::repeat_bytes_per_round_in_server of them wait); the rounds
// must give the rows of one merge, and each must cost what its own plays do:
// - its work table is emptied by TRUNCATE, so it holds no more than the last
//   round's rows (DELETE leaves every round's rows in place until the run's
//   transaction ends, for each later round to visit again);
// - it reads the stored plays of its own range of start times only.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "harness/postgres_fixture.h"
#include "pipeline/etl.h"
#include "sql/postgres_dialect.h"
#include "sql/tables.h"
#include "unit/pipeline/round_plays.h"
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

// Run 1: every play, "paid". Run 2: every play again, the even ones "free"
// (which wins over "paid"), kPlaysPerFile to a file, so a round can run after
// each file.
std::map<std::string, std::string> run_files(int run) {
  std::map<std::string, std::string> files;
  for (int item = 0; item < kPlays; ++item) {
    const char* level = run == 2 && item % 2 == 0 ? "free" : "paid";
    files["mem://log_data/run" + std::to_string(run) + "-part" + std::to_string(item / kPlaysPerFile) + ".json"] +=
        pipeline::round_plays::play_line(item, level, kLocation.c_str());
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
      pipeline::round_plays::load_events(db, run_files(run), rejects, [&](pipeline::EtlOptions& options) {
        options.limits.repeat_bytes_per_round_in_server = per_round;
        options.limits.stored_plays_bytes = 0;  // every stored key met again reaches the merge
        options.progress = [&](std::string_view line) { rounds += line.starts_with("clear repeat_plays") ? 1 : 0; };
      });
    }
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

  const auto rows = pipeline::round_plays::songplays_and_time(once);
  ASSERT_EQ(rows.size(), 2u * kPlays);  // kPlays songplays, kPlays start times
  EXPECT_EQ(rows, pipeline::round_plays::songplays_and_time(many));
  int free = 0;
  for (int i = 0; i < kPlays; ++i) free += rows[static_cast<std::size_t>(i)][3] == "free" ? 1 : 0;
  EXPECT_EQ(free, kPlays / 2);

  // The session's work table after the run: what the last round left, not
  // the pages of every round's rows (kPlays of them, about 1.6 KB each).
  const auto pages = std::stoll(scalar(many, "SELECT pg_relation_size('pg_temp.repeat_plays') / 8192"));
  EXPECT_LE(pages, 2) << "repeat_plays keeps the rows of earlier rounds";
}

// A rerun finds every play equal to its stored row whatever its values: a
// length of 17 digits or none, non-ASCII and missing texts, as PostgreSQL's
// text of them reads back; nothing reaches a merge.
TEST_F(PostgresRounds, ARerunFindsEveryVariedPlayEqualToItsStoredRow) {
  warehouse::PostgresWarehouse db(fresh_database(), kDialect);
  create_tables(db);
  std::string lines;
  for (int item = 0; item < 30; ++item) lines += pipeline::round_plays::varied_play_line(item);
  const std::map<std::string, std::string> files{{"mem://log_data/varied.json", lines}};
  pipeline::round_plays::load_events(db, files, rejects);
  const auto stored = pipeline::round_plays::songplays_and_time(db);
  ASSERT_EQ(stored.size(), 30u + 30u);
  const std::string summary = pipeline::round_plays::load_events(db, files, rejects, pipeline::round_plays::every_file);
  EXPECT_NE(summary.find("appended, 30 play(s) equal to a stored row"), std::string::npos) << summary;
  EXPECT_EQ(pipeline::round_plays::songplays_and_time(db), stored);
}

// The rows a plan read from `relation` (those its scans returned and those
// their filters removed), summed over the plan's nodes.
std::int64_t rows_read(const nlohmann::json& node, std::string_view relation) {
  std::int64_t rows = 0;
  if (node.value("Relation Name", "") == relation) {
    // Rows are per loop (an inner side runs once per outer row); the removed
    // rows are totals.
    rows += node.value("Actual Rows", std::int64_t{0}) * node.value("Actual Loops", std::int64_t{1}) +
            node.value("Rows Removed by Filter", std::int64_t{0}) +
            node.value("Rows Removed by Index Recheck", std::int64_t{0});
  }
  for (const auto& child : node.value("Plans", nlohmann::json::array())) rows += rows_read(child, relation);
  return rows;
}

// A round's repeated plays (here the last 50,000 of a million stored ones, as
// a rerun's last round or a late file holds) are looked up among the stored
// plays of their own range of start times. Without the range PostgreSQL read
// every stored play: here by a sequential scan; at 10M by a merge join that
// walked the start_time index from its first row, so each round of a
// `--full` rerun read further into the history.
TEST(PostgresMergeRanges, RepeatedPlaysReadTheStoredPlaysOfTheirOwnStartTimes) {
  warehouse::PostgresWarehouse postgres(fresh_database(), kDialect);
  create_tables(postgres);
  warehouse::Transaction transaction(postgres);
  constexpr std::int64_t kRepeated = 50000;
  postgres.execute({"fill songplays", fmt::format(R"(INSERT INTO songplays
SELECT CAST(md5(CAST(g AS TEXT)) AS UUID), TIMESTAMP '2018-11-01' + g * INTERVAL '1 second', g % 6000, 'free',
       NULL, NULL, g / 40, 'Here', 'UA', 'S', 'A', 200.5
FROM generate_series(1, {}) g)",
                                                  sql::kKeyIndexFromRows)});
  run_all(postgres, kDialect.prepare_key_lookups());
  run_all(postgres, kDialect.create_run_tables());
  postgres.execute({"repeat plays", fmt::format("INSERT INTO repeat_plays SELECT * FROM songplays "
                                                "ORDER BY start_time DESC LIMIT {}",
                                                kRepeated)});
  const auto resolve = kDialect.resolve_songplay_keys();
  const auto find =
      std::find_if(resolve.begin(), resolve.end(), [](const auto& s) { return s.name == "find changed songplays"; });
  ASSERT_NE(find, resolve.end());
  run_all(postgres, {resolve.begin(), find});  // the statements before it (ANALYZE repeat_plays)
  const auto plan = nlohmann::json::parse(
      postgres.query("EXPLAIN (ANALYZE, FORMAT JSON) " + find->text).rows.at(0).at(0).value_or("[]"));
  const std::int64_t read = rows_read(plan.at(0).at("Plan"), "songplays");
  EXPECT_GE(read, kRepeated);
  EXPECT_LE(read, 2 * kRepeated) << plan.dump(1);
}

// The sequential scans of songplays PostgreSQL has counted in this database
// (this session's counts flushed first).
std::int64_t songplays_scans(warehouse::Warehouse& db) {
  (void)db.query("SELECT pg_stat_force_next_flush()");
  return std::stoll(scalar(db, "SELECT seq_scan FROM pg_stat_user_tables WHERE relname = 'songplays'"));
}

// A rerun of 100 stored days into tables too small for their start_time index
// reads each day's keys and rows with queries that each read the whole of
// songplays: it reads many days per query, not eight at most, unless a
// window's keys are many (StreamLimits::window_keys); either way it finds
// every play equal to its stored row.
TEST_F(PostgresRounds, ARerunOfSmallTablesReadsManyStoredDaysPerQuery) {
  warehouse::PostgresWarehouse db(fresh_database(), kDialect);
  create_tables(db);
  constexpr int kDays = 100, kPlaysPerDay = 2;
  std::string lines;  // in day order, one file: the days are met in order
  for (int day = 0; day < kDays; ++day) {
    for (int play = 0; play < kPlaysPerDay; ++play) {
      lines += pipeline::round_plays::play_line_on_day(day, play, "paid", "Here");
    }
  }
  const std::map<std::string, std::string> files{{"mem://log_data/days.json", lines}};
  pipeline::round_plays::load_events(db, files, rejects);
  const auto stored = pipeline::round_plays::songplays_and_time(db);
  ASSERT_EQ(stored.size(), 2u * kDays * kPlaysPerDay);
  ASSERT_EQ(scalar(db, fmt::format("SELECT to_regclass('{}') IS NULL", sql::start_time_index("time"))), "true");

  // The sequential scans of songplays in a rerun whose windows may bring
  // `window_keys` keys.
  const auto rerun_scans = [&](std::size_t window_keys) {
    const std::int64_t before = songplays_scans(db);
    const std::string summary =
        pipeline::round_plays::load_events(db, files, rejects, [&](pipeline::EtlOptions& options) {
          pipeline::round_plays::every_file(options);
          options.limits.window_keys = window_keys;
        });
    EXPECT_NE(summary.find(fmt::format("appended, {} play(s) equal to a stored row", kDays * kPlaysPerDay)),
              std::string::npos)
        << summary;
    EXPECT_EQ(pipeline::round_plays::songplays_and_time(db), stored);
    return songplays_scans(db) - before;
  };
  // Windows of 1, 2, 4, ... 64 days: 7 reads of keys and 7 of rows, and the
  // run's own few (16-17 scans seen).
  const std::int64_t many_days = rerun_scans(pipeline::StreamLimits{}.window_keys);
  EXPECT_LE(many_days, 20) << "scans of songplays in the rerun";
  EXPECT_GE(many_days, 7) << "the count does not see the rerun's scans";
  // Windows of 8 days at most once twice a window's keys pass 8 (from the
  // window of 4 days): 15 reads of keys, 15 of rows (33 scans seen).
  EXPECT_GE(rerun_scans(8), 28) << "scans of songplays in the rerun, windows of many keys";
}

}  // namespace
}  // namespace sparkify::testing
