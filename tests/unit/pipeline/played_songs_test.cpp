// A small run reads only the songs its plays name (StreamLimits::
// played_songs_bytes), on DuckDB: the same songplays as a run that reads the
// whole catalog, and fewer songs read (played_songs.h).
#include "unit/pipeline/played_songs.h"

#include <gtest/gtest.h>

#include "warehouse/duckdb_warehouse.h"

namespace sparkify::pipeline {
namespace {

played_songs::Loaded load(std::size_t played_songs_bytes) {
  warehouse::DuckDbWarehouse db(":memory:");
  for (const auto& statement : db.dialect().create_tables()) db.execute(statement);
  return played_songs::load(db, played_songs_bytes);
}

TEST(PlayedSongs, ASmallRunMatchesAsAReadOfTheWholeCatalog) {
  played_songs::expect_the_same_matches(load(StreamLimits{}.played_songs_bytes), load(0));
}

}  // namespace
}  // namespace sparkify::pipeline
