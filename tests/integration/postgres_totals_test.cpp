// The star totals kept on PostgreSQL (sql/star_totals.h), end to end with the
// real binary and a real server: a run adds its own changes to the totals the
// last run kept instead of counting the star tables, and every figure it
// reports still equals a count of the tables, whatever changed them: daily
// runs, late songs that rematch stored plays, and statements outside a run
// (also by a user who may not write etl_totals, and past a disabled trigger).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "harness/postgres_fixture.h"
#include "harness/workspace.h"
#include "sql/postgres_dialect.h"
#include "sql/star_totals.h"
#include "sql/tables.h"
#include "warehouse/postgres_warehouse.h"

namespace sparkify::testing {
namespace {

[[maybe_unused]] const auto* const kPostgres = ::testing::AddGlobalTestEnvironment(new PostgresEnvironment);

const sql::PostgresDialect kDialect;

// The -v lines of a run that read the kept totals, and of one that counted
// the star tables.
constexpr std::string_view kKept = "\n  the kept totals and the run's changes (";
constexpr std::string_view kCounted = "\n  star table rows (";
constexpr std::string_view kMatchedCounted = "\n  the plays matched to a song (";

class KeptTotals : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    workspace_ = std::make_unique<Workspace>();
    workspace_->generate("data", 200, 4000, 17);
    std::filesystem::create_directories(workspace_->path() / "no-songs");
  }
  static void TearDownTestSuite() { workspace_.reset(); }

  void SetUp() override {
    target_ = fresh_database();
    ws().sparkify_ok({"--target", target_, "create-tables"});
  }

  static Workspace& ws() { return *workspace_; }

  // `etl --format json -v` of the song and log folders (under the
  // workspace), with `extra` flags; the summary and the step log.
  struct Run {
    nlohmann::json summary;
    std::string log;
  };
  Run etl(const std::string& songs, std::vector<std::string> extra = {}) const {
    std::vector<std::string> args = {"-v",   "--target",    target_, "etl",        "--format",
                                     "json", "--song-data", songs,   "--log-data", "data/log_data"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto result = ws().sparkify_ok(args);
    return {nlohmann::json::parse(result.out), result.err};
  }

  // The warehouse's URI with `user` in place of postgres.
  std::string uri_as(const std::string& user) const {
    std::string uri = target_;
    uri.replace(uri.find("postgres@"), std::string("postgres@").size(), user + "@");
    return uri;
  }

  // Runs `sql` on the warehouse as `user` (autocommitted), outside any run.
  void outside(const std::string& sql, const std::string& user = "postgres") const {
    warehouse::PostgresWarehouse warehouse(uri_as(user), kDialect);
    warehouse.execute({"a change outside a run", sql});
  }

  // The summary's figures against a count of the tables.
  void expect_counted_figures(const Run& run) const {
    warehouse::PostgresWarehouse warehouse(target_, kDialect);
    for (auto table : sql::kStarTables) {
      EXPECT_EQ(run.summary["rows"][std::string(table)].get<long>(),
                std::stol(scalar(warehouse, sql::count_rows(table))))
          << table;
    }
    EXPECT_EQ(run.summary["songplays_matched"].get<long>(),
              std::stol(scalar(warehouse, "SELECT count(song_id) FROM songplays")));
  }

  // A run that counted the star tables; its figures against a count.
  void expect_a_count(const Run& run) const {
    EXPECT_NE(run.log.find(kCounted), std::string::npos) << run.log;
    expect_counted_figures(run);
  }
  // A run that did not count them; its figures against a count.
  void expect_no_count(const Run& run) const {
    EXPECT_EQ(run.log.find(kCounted), std::string::npos) << run.log;
    expect_counted_figures(run);
  }

  std::string target_;

 private:
  static inline std::unique_ptr<Workspace> workspace_;
};

TEST_F(KeptTotals, CreateTablesSaysItMakesThem) {
  const auto out = ws().sparkify_ok({"--target", target_, "create-tables", "--force"}).out;
  EXPECT_NE(out.find(", etl_totals (with a trigger on each star table) in "), std::string::npos) << out;
}

TEST_F(KeptTotals, DailyRunsAddTheirRowsToTheKeptTotals) {
  const Run first = etl("data/song_data", {"--until", "2018-11-10"});
  expect_counted_figures(first);
  const Run day = etl("data/song_data");
  EXPECT_NE(day.log.find(kKept), std::string::npos) << day.log;
  EXPECT_EQ(day.log.find(kMatchedCounted), std::string::npos) << day.log;
  EXPECT_GT(day.summary["rows_added"]["songplays"].get<long>(), 0);
  EXPECT_GT(day.summary["songplays_matched"].get<long>(), first.summary["songplays_matched"].get<long>());
  expect_no_count(day);
  const Run nothing_new = etl("data/song_data");
  EXPECT_NE(nothing_new.log.find(kKept), std::string::npos) << nothing_new.log;
  EXPECT_EQ(nothing_new.summary["rows"], day.summary["rows"]);
  expect_no_count(nothing_new);
}

TEST_F(KeptTotals, LateSongsThatRematchPlaysAreCounted) {
  const Run plays = etl("no-songs");
  EXPECT_EQ(plays.summary["songplays_matched"].get<long>(), 0);
  const Run songs = etl("data/song_data");
  EXPECT_NE(songs.log.find(kMatchedCounted), std::string::npos) << songs.log;
  EXPECT_GT(songs.summary["songplays_matched"].get<long>(), 0);
  expect_no_count(songs);
}

TEST_F(KeptTotals, AChangeOutsideARunIsCountedOnce) {
  etl("data/song_data");
  outside("DELETE FROM songplays WHERE user_id = (SELECT min(user_id) FROM songplays)");
  outside("UPDATE songplays SET song_id = NULL, artist_id = NULL WHERE song_id IS NOT NULL AND session_id % 3 = 0");
  outside("DELETE FROM users WHERE user_id = (SELECT max(user_id) FROM users)");
  const Run counted = etl("data/song_data");
  expect_a_count(counted);
  const Run kept = etl("data/song_data");
  expect_no_count(kept);
}

// The change is made before the run reads the totals and committed while
// the run waits on their lock: the run must see it.
TEST_F(KeptTotals, AChangeCommittedWhileARunWaitsIsCounted) {
  etl("data/song_data");
  warehouse::PostgresWarehouse other(target_, kDialect);
  other.begin();
  other.execute({"a change outside a run", "DELETE FROM songplays WHERE session_id % 5 = 0"});
  Run counted;
  std::thread run([&] { counted = etl("data/song_data"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  other.commit();
  run.join();
  expect_a_count(counted);
}

TEST_F(KeptTotals, AUserWhoMayNotWriteTheTotalsStillChangesAStarTable) {
  etl("data/song_data");
  const std::string role = "analyst_" + target_.substr(target_.rfind('/') + 1);
  outside(fmt::format("CREATE ROLE {} LOGIN", role));
  outside(fmt::format("GRANT SELECT, DELETE ON songplays TO {}", role));
  outside("DELETE FROM songplays WHERE session_id % 5 = 0", role);
  const Run counted = etl("data/song_data");
  expect_a_count(counted);
}

// Made and loaded as before etl_totals existed: its next run counts and
// makes them, the one after keeps them.
TEST_F(KeptTotals, AWarehouseMadeBeforeTheTotalsGetsThem) {
  etl("data/song_data", {"--until", "2018-11-05"});
  outside("DROP TABLE etl_totals");
  outside("DROP FUNCTION etl_totals_outdated() CASCADE");
  const Run adopted = etl("data/song_data", {"--until", "2018-11-10"});
  EXPECT_NE(adopted.log.find("\n  create etl_totals ("), std::string::npos) << adopted.log;
  expect_a_count(adopted);
  const Run day = etl("data/song_data");
  EXPECT_NE(day.log.find(kKept), std::string::npos) << day.log;
  expect_no_count(day);
}

// Without the rights to make them (CREATE on the schema, TRIGGER on the
// star tables), a run does not try to.
TEST_F(KeptTotals, OnlyAUserWhoMayMakeTheTotalsMakesThem) {
  outside("DROP TABLE etl_totals");
  outside("DROP FUNCTION etl_totals_outdated() CASCADE");
  const std::string role = "reader_" + target_.substr(target_.rfind('/') + 1);
  outside(fmt::format("CREATE ROLE {} LOGIN", role));
  outside(fmt::format("GRANT SELECT, INSERT, UPDATE, DELETE ON songplays, users, songs, artists, time TO {}", role));
  warehouse::PostgresWarehouse reader(uri_as(role), kDialect);
  warehouse::PostgresWarehouse owner(target_, kDialect);
  const auto state = [](warehouse::PostgresWarehouse& warehouse) {
    const auto row = warehouse.query(sql::select_star_totals_state()).rows.at(0);
    return row.at(0).value_or("NULL") + "," + row.at(1).value_or("NULL");
  };
  EXPECT_EQ(state(reader), "false,false");
  EXPECT_EQ(state(owner), "false,true");
  outside(fmt::format("GRANT CREATE ON SCHEMA public TO {}", role));
  EXPECT_EQ(state(reader), "false,false");
  outside(fmt::format("GRANT TRIGGER ON songplays, users, songs, artists, time TO {}", role));
  EXPECT_EQ(state(reader), "false,true");
  outside("CREATE FUNCTION etl_totals_outdated() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$");
  EXPECT_EQ(state(owner), "false,false");
}

// A writer's own temporary table of that name does not take the mark in
// the warehouse's place.
TEST_F(KeptTotals, ATemporaryTableOfTheSameNameDoesNotHideAChange) {
  etl("data/song_data");
  warehouse::PostgresWarehouse other(target_, kDialect);
  other.execute({"a temporary table of the same name", "CREATE TEMPORARY TABLE etl_totals (exact BOOLEAN)"});
  other.execute({"its row", "INSERT INTO etl_totals VALUES (true)"});
  other.execute({"a change outside a run", "DELETE FROM songplays WHERE session_id % 5 = 0"});
  const Run counted = etl("data/song_data");
  expect_a_count(counted);
}

// Dropped by hand, the totals' table leaves the star tables writable, and
// every run counts (its triggers are left over, so no run makes it again).
TEST_F(KeptTotals, WithoutItsTableTheTriggerLetsWritesThrough) {
  etl("data/song_data");
  outside("DROP TABLE etl_totals");
  outside("DELETE FROM songplays WHERE session_id % 5 = 0");
  const Run counted = etl("data/song_data");
  EXPECT_EQ(counted.log.find("\n  create etl_totals ("), std::string::npos) << counted.log;
  expect_a_count(counted);
}

TEST_F(KeptTotals, ADisabledTriggerLeavesTheTotalsToACount) {
  etl("data/song_data");
  outside("ALTER TABLE songplays DISABLE TRIGGER etl_totals_outdated");
  outside("DELETE FROM songplays WHERE session_id % 5 = 0");
  const Run counted = etl("data/song_data");
  expect_a_count(counted);
}

}  // namespace
}  // namespace sparkify::testing
