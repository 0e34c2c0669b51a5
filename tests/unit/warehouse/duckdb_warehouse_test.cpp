// DuckDbWarehouse on an in-memory database: staging rows go in through data
// chunks exactly (NULLs, 64-bit integers, unicode, doubles), across more than
// one chunk, and a rolled-back transaction leaves nothing behind.
#include "warehouse/duckdb_warehouse.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "parse/rows.h"

namespace sparkify::warehouse {
namespace {

class DuckDbWarehouseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto& statement : db.dialect().create_tables()) db.execute(statement);
  }
  std::string scalar(const std::string& sql) { return db.query(sql).rows.at(0).at(0).value_or("NULL"); }
  DuckDbWarehouse db{":memory:"};
};

parse::EventRow sample_event(std::int64_t line) {
  parse::EventRow row;
  row.artist = "Beyoncé \"B\"";
  row.auth = "Logged In";
  row.item_in_session = 3;
  row.length = 218.93179;
  row.level = "paid";
  row.page = "NextSong";
  row.registration = 1540919166796;
  row.session_id = 5000000000;
  row.song = "Halo ";
  row.status = 200;
  row.ts = 1541105830796;
  row.user_id = 39;
  row.source_file = "log_data/2018/11/2018-11-01-events.json";
  row.source_line = line;
  return row;
}

TEST_F(DuckDbWarehouseTest, EventRowRoundTripsExactly) {
  auto event = sample_event(1);
  auto loader = db.open_staging_loader();
  loader->append_events({&event, 1});
  loader->finish();
  EXPECT_EQ(scalar("SELECT artist FROM staging_events"), "Beyoncé \"B\"");
  EXPECT_EQ(scalar("SELECT song FROM staging_events"), "Halo ");
  EXPECT_EQ(scalar("SELECT ts FROM staging_events"), "1541105830796");
  EXPECT_EQ(scalar("SELECT registration FROM staging_events"), "1540919166796");
  EXPECT_EQ(scalar("SELECT session_id FROM staging_events"), "5000000000");
  EXPECT_EQ(scalar("SELECT length = 218.93179 FROM staging_events"), "true");
  EXPECT_EQ(scalar("SELECT first_name FROM staging_events"), "NULL");
  EXPECT_EQ(scalar("SELECT user_agent IS NULL FROM staging_events"), "true");
}

TEST_F(DuckDbWarehouseTest, NullUserIdStaysNull) {
  auto event = sample_event(1);
  event.user_id.reset();
  auto loader = db.open_staging_loader();
  loader->append_events({&event, 1});
  loader->finish();
  EXPECT_EQ(scalar("SELECT count(*) FROM staging_events WHERE user_id IS NULL"), "1");
}

TEST_F(DuckDbWarehouseTest, LoadsMoreRowsThanOneChunk) {
  std::vector<parse::EventRow> rows;
  for (int i = 0; i < 5000; ++i) rows.push_back(sample_event(i + 1));
  rows[4321].user_id.reset();
  auto loader = db.open_staging_loader();
  loader->append_events(rows);
  loader->finish();
  EXPECT_EQ(scalar("SELECT count(*) FROM staging_events"), "5000");
  EXPECT_EQ(scalar("SELECT sum(source_line) FROM staging_events"), std::to_string(5000 * 5001 / 2));
  EXPECT_EQ(scalar("SELECT source_line FROM staging_events WHERE user_id IS NULL"), "4322");
}

TEST_F(DuckDbWarehouseTest, SongRowRoundTripsWithNulls) {
  parse::SongRow song;
  song.artist_id = "ARJIE2Y1187B994AB7";
  song.artist_name = "Line Renaud";
  song.song_id = "SOUPIRU12A6D4FA1E1";
  song.title = "Der Kleine Dompfaff";
  song.duration = 152.92036;
  song.year = 0;
  song.source_file = "song_data/A/A/A/TRAAAAW128F429D538.json";
  auto loader = db.open_staging_loader();
  loader->append_songs({&song, 1});
  loader->finish();
  EXPECT_EQ(scalar("SELECT year FROM staging_songs"), "0");
  EXPECT_EQ(scalar("SELECT artist_latitude IS NULL AND artist_location IS NULL FROM staging_songs"), "true");
  EXPECT_EQ(scalar("SELECT num_songs IS NULL FROM staging_songs"), "true");
}

TEST_F(DuckDbWarehouseTest, RollbackDiscardsLoadedRows) {
  {
    Transaction transaction(db);
    auto event = sample_event(1);
    auto loader = db.open_staging_loader();
    loader->append_events({&event, 1});
    loader->finish();
  }
  EXPECT_EQ(scalar("SELECT count(*) FROM staging_events"), "0");
}

// More rows than the appender's intermediate flushes (16 chunks of 2048 rows).
std::vector<parse::EventRow> many_events() {
  std::vector<parse::EventRow> rows;
  for (int i = 0; i < 40000; ++i) rows.push_back(sample_event(i + 1));
  return rows;
}

TEST_F(DuckDbWarehouseTest, RowsAcrossIntermediateFlushesAreAllLoaded) {
  auto rows = many_events();
  auto loader = db.open_staging_loader();
  loader->append_events(rows);
  loader->finish();
  EXPECT_EQ(scalar("SELECT count(*) FROM staging_events"), "40000");
  EXPECT_EQ(scalar("SELECT count(DISTINCT source_line) FROM staging_events"), "40000");
}

TEST_F(DuckDbWarehouseTest, RollbackDiscardsRowsAlreadyFlushedByTheAppender) {
  {
    Transaction transaction(db);
    auto rows = many_events();
    auto loader = db.open_staging_loader();
    loader->append_events(rows);
    loader->finish();
  }
  EXPECT_EQ(scalar("SELECT count(*) FROM staging_events"), "0");
}

TEST_F(DuckDbWarehouseTest, FailedStatementNamesItself) {
  try {
    db.execute({"insert into nowhere", "INSERT INTO nowhere VALUES (1)"});
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::warehouse);
    EXPECT_NE(std::string(error.what()).find("insert into nowhere"), std::string::npos) << error.what();
  }
}

// A cap on DuckDB's memory comes on top of what its indexes hold: the
// primary key of 200,000 artists merged in the open transaction stays in
// memory, and a 1 MiB limit below it would fail and abort the transaction.
// (create-tables declares no key on DuckDB; files created by earlier
// versions have them, as this table does.)
TEST_F(DuckDbWarehouseTest, AMemoryCapLeavesRoomForTheIndexes) {
  db.execute({"keyed artists", "CREATE TABLE keyed_artists (artist_id VARCHAR PRIMARY KEY, name VARCHAR)"});
  db.begin();
  db.execute({"fill artists", "INSERT INTO keyed_artists SELECT 'AR' || i, 'artist ' || i FROM range(200000) t(i)"});
  const double indexes =
      std::stod(scalar("SELECT sum(memory_usage_bytes) FROM duckdb_memory() WHERE tag = 'ART_INDEX'"));
  ASSERT_GT(indexes, 2.0 * (1 << 20));
  EXPECT_NO_THROW(db.limit_memory(std::size_t{1} << 20));
  EXPECT_EQ(scalar("SELECT count(*) FROM keyed_artists"), "200000");  // the transaction goes on
  db.limit_memory(std::nullopt);
  db.commit();
}

// Working on the calling thread sets DuckDB's threads to 1; turning it off
// restores the count that was in force before it was first turned on.
TEST_F(DuckDbWarehouseTest, WorkOnTheCallingThreadAndBack) {
  db.execute({"three threads", "SET threads = 3"});
  db.work_on_calling_thread(true);
  EXPECT_EQ(scalar("SELECT current_setting('threads')"), "1");
  db.work_on_calling_thread(false);
  EXPECT_EQ(scalar("SELECT current_setting('threads')"), "3");
  db.work_on_calling_thread(true);
  db.work_on_calling_thread(false);
  EXPECT_EQ(scalar("SELECT current_setting('threads')"), "3");
}

}  // namespace
}  // namespace sparkify::warehouse
