// A small run reads only the songs its plays name (StreamLimits::
// played_songs_bytes), on a real PostgreSQL server: the same songplays as a
// run that reads the whole catalog, and fewer songs read (played_songs.h).
#include <gtest/gtest.h>

#include "harness/postgres_fixture.h"
#include "sql/postgres_dialect.h"
#include "unit/pipeline/played_songs.h"
#include "warehouse/postgres_warehouse.h"

namespace sparkify::testing {
namespace {

[[maybe_unused]] const auto* const kPostgres = ::testing::AddGlobalTestEnvironment(new PostgresEnvironment);

pipeline::played_songs::Loaded load(std::size_t played_songs_bytes) {
  const sql::PostgresDialect dialect;
  warehouse::PostgresWarehouse db(fresh_database(), dialect);
  create_tables(db);
  return pipeline::played_songs::load(db, played_songs_bytes);
}

TEST(PostgresPlayedSongs, ASmallRunMatchesAsAReadOfTheWholeCatalog) {
  pipeline::played_songs::expect_the_same_matches(load(pipeline::StreamLimits{}.played_songs_bytes), load(0));
}

}  // namespace
}  // namespace sparkify::testing
