// Shared pieces of the PostgreSQL integration tests: one server per test
// process (a gtest Environment), a fresh database per test, and shorthands to
// create tables, bulk-load hand-made staging rows and read one value.
//
// A test file registers the environment once, at namespace scope:
//   const auto* const kPostgres = ::testing::AddGlobalTestEnvironment(new PostgresEnvironment);
// and then calls postgres_server() / fresh_database() from its tests.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "harness/postgres_server.h"
#include "parse/rows.h"
#include "warehouse/warehouse.h"

namespace sparkify::testing {

class PostgresEnvironment : public ::testing::Environment {
 public:
  void SetUp() override;
  void TearDown() override;
};

// The server of the registered PostgresEnvironment (started before any test).
PostgresServer& postgres_server();

// A new, empty database on the shared server; returns its URI.
std::string fresh_database();

void run_all(warehouse::Warehouse& warehouse, const std::vector<sql::Statement>& statements);
// drop_tables + create_tables of the warehouse's dialect, committed.
void create_tables(warehouse::Warehouse& warehouse);
// Loads the rows through the warehouse's staging loader, committed.
void load(warehouse::Warehouse& warehouse, const std::vector<parse::EventRow>& events,
          const std::vector<parse::SongRow>& songs);
// The first value of the first row ("NULL" for SQL NULL).
std::string scalar(warehouse::Warehouse& warehouse, const std::string& sql);

// A logged-in NextSong event of `user` in session 42, every field set.
parse::EventRow play(std::int64_t user, std::int64_t ts, const char* song, const char* artist, double length);
// A song object with a year of 0 and no artist location or coordinates.
parse::SongRow song(const char* song_id, const char* title, const char* artist_id, const char* artist, double duration);

}  // namespace sparkify::testing
