// DuckDbDialect::build_star_schema() run by DuckDbWarehouse on staging that
// overlaps what earlier runs already put in the star tables: a songplay key
// and a start_time land once however many runs and lines carry them, and
// several events of one key give the play with the smallest content (level
// "free" before "paid"), whichever run loaded it (docs/semantics.md; the
// case lists in tests/data/semantics/ hold the full rules).
#include <gtest/gtest.h>

#include <vector>

#include "parse/rows.h"
#include "unit/pipeline/play_line.h"
#include "warehouse/duckdb_warehouse.h"

namespace sparkify::warehouse {
namespace {

class DuckDbStarBuildTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto& statement : db.dialect().create_tables()) db.execute(statement);
  }

  // Replaces staging with `events`, then builds the star schema.
  void run_etl(const std::vector<parse::EventRow>& events) {
    for (const auto& statement : db.dialect().clear_staging()) db.execute(statement);
    auto loader = db.open_staging_loader();
    loader->append_events(events);
    loader->finish();
    for (const auto& statement : db.dialect().build_star_schema()) db.execute(statement);
  }

  std::string scalar(const std::string& sql) { return db.query(sql).rows.at(0).at(0).value_or("NULL"); }
  DuckDbWarehouse db{":memory:"};
};

// One NextSong event per item; ts is distinct per item, so each event has its
// own songplay_id and start_time.
// `level` must outlive the row (EventRow holds views).
parse::EventRow play(int item, const char* level) {
  parse::EventRow row;
  row.item_in_session = item;
  row.level = level;
  row.page = "NextSong";
  row.session_id = 7;
  row.ts = test_plays::play_ts(item);
  row.user_id = 39;
  row.source_file = "log_data/events.json";
  row.source_line = item;
  return row;
}

TEST_F(DuckDbStarBuildTest, OverlappingRunInsertsOnlyNewSongplaysAndTimes) {
  run_etl({play(1, "free"), play(2, "free")});
  run_etl({play(2, "paid"), play(3, "paid")});
  EXPECT_EQ(scalar("SELECT count(*) FROM songplays"), "3");
  EXPECT_EQ(scalar("SELECT count(*) FROM time"), "3");
  EXPECT_EQ(scalar("SELECT count(DISTINCT songplay_id) FROM songplays"), "3");
}

TEST_F(DuckDbStarBuildTest, SongplayAlreadyPresentKeepsTheSmallerEvent) {
  run_etl({play(1, "free")});
  run_etl({play(1, "paid")});
  EXPECT_EQ(scalar("SELECT level FROM songplays"), "free");
  run_etl({play(2, "paid")});
  run_etl({play(2, "free")});
  EXPECT_EQ(scalar("SELECT level FROM songplays WHERE session_id = 7 AND start_time = epoch_ms(1541105832000)"),
            "free");
  EXPECT_EQ(scalar("SELECT count(*) FROM songplays"), "2");
}

TEST_F(DuckDbStarBuildTest, SongplayAlreadyPresentGivesWayToASmallerEvent) {
  run_etl({play(1, "paid")});
  run_etl({play(1, "free")});
  EXPECT_EQ(scalar("SELECT count(*) FROM songplays"), "1");
  EXPECT_EQ(scalar("SELECT level FROM songplays"), "free");
  EXPECT_EQ(scalar("SELECT count(*) FROM time"), "1");
}

TEST_F(DuckDbStarBuildTest, RepeatedEventWithinOneLoadLandsOnce) {
  auto repeat = play(1, "free");
  repeat.source_line = 2;
  run_etl({play(1, "paid"), repeat});
  EXPECT_EQ(scalar("SELECT count(*) FROM songplays"), "1");
  EXPECT_EQ(scalar("SELECT level FROM songplays"), "free");
  EXPECT_EQ(scalar("SELECT count(*) FROM time"), "1");
}

TEST_F(DuckDbStarBuildTest, APermanentTableNamedLikeAWorkTableIsLeftAlone) {
  db.execute({"create permanent run_songs", "CREATE TABLE run_songs (note VARCHAR)"});
  db.execute({"fill permanent run_songs", "INSERT INTO run_songs VALUES ('mine')"});
  run_etl({play(1, "free")});
  run_etl({play(2, "free")});
  EXPECT_EQ(scalar("SELECT note FROM memory.main.run_songs"), "mine");
}

}  // namespace
}  // namespace sparkify::warehouse
