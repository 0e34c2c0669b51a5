// The PostgreSQL target against the DuckDB reference, on a real PostgreSQL 15
// server started by the harness: hand-made tie-break cases through both
// dialects, generated data through both COPY formats, and the sparkify binary
// end to end (create-tables, etl, rerun, check), compared table by table with
// a DuckDB run of the same files.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "harness/postgres_fixture.h"
#include "harness/workspace.h"
#include "parse/parsers.h"
#include "sql/load_audit.h"
#include "sql/postgres_dialect.h"
#include "sql/tables.h"
#include "warehouse/duckdb_warehouse.h"
#include "warehouse/postgres_warehouse.h"

namespace sparkify::testing {
namespace {

using parse::EventRow;
using parse::SongRow;
using sql::CopyFormat;
using warehouse::PostgresWarehouse;
using warehouse::Warehouse;

[[maybe_unused]] const auto* const kPostgres = ::testing::AddGlobalTestEnvironment(new PostgresEnvironment);

const sql::PostgresDialect kDialect;

// ---- the star schema against the DuckDB reference ----------------------------

// Every row of every star table, sorted, as text: compares whole warehouses
// regardless of engine and row order.
std::map<std::string, std::vector<std::string>> star_rows(Warehouse& warehouse) {
  std::map<std::string, std::vector<std::string>> tables;
  for (auto table : sql::kStarTables) {
    auto result = warehouse.query(fmt::format("SELECT * FROM {}", table));
    auto& rows = tables[std::string(table)];
    for (const auto& row : result.rows) {
      std::string line;
      for (const auto& value : row) line += value.value_or("NULL") + "|";
      rows.push_back(line);
    }
    std::sort(rows.begin(), rows.end());
  }
  return tables;
}

// Events and songs where each tie-break rule decides the result.
void tie_break_cases(std::vector<EventRow>& events, std::vector<SongRow>& songs) {
  // Same play logged twice (same key): the first by source_file, source_line wins.
  events.push_back(play(1, 1541121934000, "Twin", "Duo", 200));
  events.back().level = "paid";
  events.back().source_file = "log_data/b.json";
  events.push_back(play(1, 1541121934000, "Twin", "Duo", 200));
  events.back().source_file = "log_data/a.json";
  events.back().source_line = 9;
  // Two songs equally close to the length: smallest song_id; a closer one beats both.
  songs.push_back(song("SOB", "Twin", "AR1", "Duo", 210));
  songs.push_back(song("SOA", "Twin", "AR1", "Duo", 190));
  events.push_back(play(2, 1546214400123, "Near", "Duo", 100.5));  // 2018-12-31: ISO week 1, Monday
  songs.push_back(song("SOC", "Near", "AR1", "Duo", 90));
  songs.push_back(song("SOD", "Near", "AR2", "Duo", 100));
  songs.push_back(song("SOE", "Near", "AR3", "Duo", 0));
  songs.back().duration = std::nullopt;
  // A user's later event (another session, not a play) decides the level.
  events.push_back(play(2, 1546214500000, "x", "y", 1));
  events.back().page = "Home";
  events.back().level = "paid";
  events.back().session_id = 43;
  // Logged-out plays are not songplays; a Sunday for the weekday.
  events.push_back(play(3, 1541289600000, "Twin", "Duo", 200));  // 2018-11-04, a Sunday
  events.back().user_id = std::nullopt;
  events.push_back(play(4, 1541289600999, "Nothing", "Matches", 1));
  // Artists: a located row beats an unlocated one; coordinates beat none.
  songs.back().artist_location = "";
  songs.push_back(song("SOF", "Other", "AR3", "Duo", 5));
  songs.back().artist_location = "Reykjavik";
  songs.push_back(song("SOG", "Other", "AR2", "Duo", 5));
  songs.back().artist_location = "Oslo";
  songs.back().artist_latitude = 59.9133;
  songs.back().artist_longitude = 10.739;
  songs.push_back(song("SOH", "Other", "AR2", "Duo", 5));
  songs.back().artist_location = "Bergen";
  // The same song in two files: the first file's row.
  songs.push_back(song("SOA", "Twin (other file)", "AR1", "Duo", 1));
  songs.back().source_file = "song_data/Z/song.json";
}

TEST(PostgresStarSchema, TieBreaksGiveDuckDbsTables) {
  std::vector<EventRow> events;
  std::vector<SongRow> songs;
  tie_break_cases(events, songs);
  PostgresWarehouse postgres(fresh_database(), kDialect);
  warehouse::DuckDbWarehouse duckdb(":memory:");
  for (Warehouse* warehouse : {static_cast<Warehouse*>(&postgres), static_cast<Warehouse*>(&duckdb)}) {
    create_tables(*warehouse);
    load(*warehouse, events, songs);
    warehouse::Transaction transaction(*warehouse);
    run_all(*warehouse, warehouse->dialect().build_star_schema());
    transaction.commit();
  }
  const auto expected = star_rows(duckdb);
  const auto actual = star_rows(postgres);
  for (const auto& [table, rows] : expected) {
    EXPECT_FALSE(rows.empty()) << table;
    EXPECT_EQ(actual.at(table), rows) << table;
  }
}

// Rows first..last of time, a second apart from 2018-11-01.
void fill_time(Warehouse& warehouse, std::int64_t first, std::int64_t last) {
  warehouse.execute({"fill time", fmt::format("INSERT INTO time SELECT TIMESTAMP '2018-11-01' + g * INTERVAL "
                                              "'1 second', 0, 1, 44, 11, 2018, 4 FROM generate_series({}, {}) g",
                                              first, last)});
}

// "true" when time has its start_time index.
std::string time_indexed(Warehouse& warehouse) {
  return warehouse.query(*sql::PostgresDialect().select_time_indexed()).rows.at(0).at(0).value_or("");
}

// Once songplays or time holds kKeyIndexFromRows rows, the step after the
// bulk load gives it an index on start_time and fresh statistics, so the
// merges find a run's few repeated keys, and the stored days, through the
// index; below that the table is left as it is (reading it whole costs a
// merge little).
TEST(PostgresKeyLookups, ATableOfAMillionRowsGetsItsStartTimeIndexAndStatistics) {
  PostgresWarehouse postgres(fresh_database(), kDialect);
  create_tables(postgres);
  const auto fill = [&](std::int64_t first, std::int64_t last) { fill_time(postgres, first, last); };
  const auto indexed = [&] { return time_indexed(postgres); };
  const auto analyzed_columns = [&] {  // planner statistics: ANALYZE's, not CREATE INDEX's
    return postgres.query("SELECT count(*) FROM pg_stats WHERE tablename = 'time'").rows.at(0).at(0).value_or("");
  };
  // The days time holds (a million seconds: 12 days), from every row and by
  // walking the index.
  const auto days = [&](bool walk) {
    std::vector<std::string> out;
    for (const auto& row : postgres.query(sql::select_time_days(walk)).rows) out.push_back(row.at(0).value_or(""));
    std::sort(out.begin(), out.end());
    return out;
  };
  // Whether each table's step may do anything (songplays, time), as the run
  // asks before running them.
  const auto due = [&] { return postgres.query(*kDialect.select_key_lookups_due()).rows.at(0); };
  using Due = std::vector<std::optional<std::string>>;
  warehouse::Transaction transaction(postgres);
  fill(1, sql::kKeyIndexFromRows - 1);
  EXPECT_EQ(due(), (Due{"false", "false"}));
  run_all(postgres, kDialect.prepare_key_lookups());
  EXPECT_EQ(indexed(), "false");
  EXPECT_EQ(analyzed_columns(), "0");
  fill(sql::kKeyIndexFromRows, sql::kKeyIndexFromRows);
  EXPECT_EQ(due(), (Due{"false", "true"}));
  run_all(postgres, kDialect.prepare_key_lookups());
  EXPECT_EQ(indexed(), "true");
  EXPECT_EQ(days(true), days(false));
  EXPECT_EQ(days(true).size(), 12u);
  EXPECT_EQ(analyzed_columns(), "7");
  // A few repeated time keys are looked up through the index.
  run_all(postgres, kDialect.create_run_tables());
  postgres.execute({"repeat times", "INSERT INTO run_times SELECT start_time FROM time LIMIT 3"});
  const auto resolve = kDialect.resolve_time_keys();
  const auto insert =
      std::find_if(resolve.begin(), resolve.end(), [](const auto& s) { return s.name == "insert repeated time"; });
  ASSERT_NE(insert, resolve.end());
  run_all(postgres, {resolve.begin(), insert});  // the statements before it (ANALYZE run_times)
  std::string plan;
  for (const auto& row : postgres.query("EXPLAIN " + insert->text).rows) plan += row.at(0).value_or("") + "\n";
  EXPECT_NE(plan.find("time_start_time"), std::string::npos) << plan;
  transaction.commit();
}

// Only the table's owner may index it: a loader with row rights alone loads
// a million-row time table as before, without the index or an error.
TEST(PostgresKeyLookups, ALoaderThatOwnsNoTableLoadsWithoutIndexing) {
  const std::string owner_uri = fresh_database();
  PostgresWarehouse owner(owner_uri, kDialect);
  create_tables(owner);
  owner.execute({"loader role",
                 "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sparkify_loader') "
                 "THEN CREATE ROLE sparkify_loader LOGIN; END IF; END $$"});
  owner.execute({"loader rights", "GRANT SELECT, INSERT ON time TO sparkify_loader"});
  const auto at = owner_uri.find("postgres@");
  ASSERT_NE(at, std::string::npos) << owner_uri;
  std::string loader_uri = owner_uri;
  loader_uri.replace(at, std::string("postgres@").size(), "sparkify_loader@");
  PostgresWarehouse loader(loader_uri, kDialect);
  warehouse::Transaction transaction(loader);
  fill_time(loader, 1, sql::kKeyIndexFromRows);
  EXPECT_NO_THROW(run_all(loader, kDialect.prepare_key_lookups()));
  EXPECT_EQ(time_indexed(loader), "false");
  transaction.commit();
  EXPECT_EQ(owner.query("SELECT count(*) FROM time").rows.at(0).at(0), std::to_string(sql::kKeyIndexFromRows));
}

// Also the COPY benchmark: SPARKIFY_PG_COPY_EVENTS=1000000 loads that many
// generated events (default 20000), SPARKIFY_PG_COPY_ROUNDS times (default 1)
// per format, and prints the time of each load.
TEST(PostgresCopyFormats, GeneratedDataLoadsIdenticallyInBothFormats) {
  const char* requested = std::getenv("SPARKIFY_PG_COPY_EVENTS");
  const long events = requested != nullptr ? std::atol(requested) : 20000;
  const char* rounds_requested = std::getenv("SPARKIFY_PG_COPY_ROUNDS");
  const int rounds = rounds_requested != nullptr ? std::max(1, std::atoi(rounds_requested)) : 1;
  Workspace workspace;
  const auto truth = workspace.generate("data", 500, events, 3);
  std::vector<std::unique_ptr<parse::EventBatch>> event_batches;
  std::vector<std::unique_ptr<parse::SongBatch>> song_batches;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(workspace.path() / "data")) {
    if (entry.path().extension() != ".json" || entry.path().filename() == "truth.json") continue;
    const std::string file = entry.path().string();
    if (file.find("/log_data/") != std::string::npos) {
      event_batches.push_back(parse::parse_events(file, read_text_file(entry.path())));
    } else {
      song_batches.push_back(parse::parse_songs(file, read_text_file(entry.path())));
    }
  }
  std::map<CopyFormat, std::string> digests;
  std::vector<CopyFormat> loads;
  for (int round = 0; round < rounds; ++round) loads.insert(loads.end(), {CopyFormat::text, CopyFormat::binary});
  for (CopyFormat format : loads) {
    PostgresWarehouse warehouse(fresh_database(), kDialect, format);
    create_tables(warehouse);
    const auto started = std::chrono::steady_clock::now();
    {
      warehouse::Transaction transaction(warehouse);
      auto loader = warehouse.open_staging_loader();
      for (const auto& batch : song_batches) loader->append_songs(batch->rows);
      for (const auto& batch : event_batches) loader->append_events(batch->rows);
      loader->finish();
      transaction.commit();
    }
    const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - started;
    const std::string rows = scalar(warehouse, "SELECT count(*) FROM staging_events");
    std::cout << fmt::format("COPY {}: {} events in {:.3f} s\n", format == CopyFormat::text ? "text" : "binary", rows,
                             seconds.count());
    EXPECT_EQ(rows, truth["tables"]["staging_events"].dump());
    digests[format] = scalar(warehouse,
                             "SELECT md5(string_agg(e::text, '|' ORDER BY source_file, source_line)) "
                             "FROM staging_events e") +
                      scalar(warehouse,
                             "SELECT md5(string_agg(s::text, '|' ORDER BY source_file, song_id)) "
                             "FROM staging_songs s");
  }
  EXPECT_EQ(digests[CopyFormat::text], digests[CopyFormat::binary]);
}

// ---- end to end through the sparkify binary -------------------------------

// FNV-1a over a table's sorted rows: equal content gives an equal checksum.
std::uint64_t checksum(const std::string& sorted_rows) {
  std::uint64_t hash = 1469598103934665603ull;
  for (unsigned char c : sorted_rows) hash = (hash ^ c) * 1099511628211ull;
  return hash;
}

class PostgresEndToEnd : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    workspace_ = std::make_unique<Workspace>();
    workspace_->generate("data", 300, 5000, 7);
    workspace_->sparkify_ok({"--target", kDuckDb, "create-tables"});
    workspace_->sparkify_ok({"--target", kDuckDb, "etl", "--source", "data"});
    reference_ = workspace_->star_contents(kDuckDb);
  }
  static void TearDownTestSuite() { workspace_.reset(); }

  // A fresh PostgreSQL database with tables created and `data` loaded.
  static std::string loaded_target() {
    const std::string target = fresh_database();
    workspace_->sparkify_ok({"--target", target, "create-tables"});
    workspace_->sparkify_ok({"--target", target, "etl", "--source", "data"});
    return target;
  }

  static void expect_same_tables(const std::map<std::string, std::string>& actual,
                                 const std::map<std::string, std::string>& expected) {
    for (const auto& [table, rows] : expected) {
      const std::string& got = actual.at(table);
      EXPECT_EQ(std::count(got.begin(), got.end(), '\n'), std::count(rows.begin(), rows.end(), '\n')) << table;
      EXPECT_EQ(checksum(got), checksum(rows)) << table << ": first rows\n"
                                               << got.substr(0, 600) << "\nexpected\n"
                                               << rows.substr(0, 600);
    }
  }

  static constexpr const char* kDuckDb = "duckdb:reference.duckdb";
  static std::unique_ptr<Workspace> workspace_;
  static std::map<std::string, std::string> reference_;
};

std::unique_ptr<Workspace> PostgresEndToEnd::workspace_;
std::map<std::string, std::string> PostgresEndToEnd::reference_;

TEST_F(PostgresEndToEnd, EtlGivesTheSameStarTablesAsDuckDb) {
  const std::string target = loaded_target();
  for (const auto& [table, rows] : reference_) ASSERT_FALSE(rows.empty()) << table;
  expect_same_tables(workspace_->star_contents(target), reference_);
}

TEST_F(PostgresEndToEnd, EtlGivesTheSameTableCountsAsDuckDb) {
  const std::string target = loaded_target();
  EXPECT_EQ(workspace_->table_counts(target), workspace_->table_counts(kDuckDb));
}

// DuckDB's library is opened on first use (warehouse/duckdb_api.h): a
// PostgreSQL load never loads it, a DuckDB target does. The dynamic loader
// names every library it loads (LD_DEBUG=libs, on stderr).
TEST_F(PostgresEndToEnd, OnlyADuckDbTargetLoadsDuckDbsLibrary) {
  const std::string target = fresh_database();
  CommandOptions traced;
  traced.env = {{"LD_DEBUG", "libs"}};
  const auto loads_duckdb = [](const CommandResult& result) {
    return result.err.find("libduckdb.so") != std::string::npos;
  };
  EXPECT_FALSE(loads_duckdb(workspace_->sparkify_ok({"--target", target, "create-tables"}, traced)));
  const auto etl = workspace_->sparkify_ok({"--target", target, "etl", "--source", "data"}, traced);
  EXPECT_NE(etl.out.find("songplays"), std::string::npos) << etl.out;
  EXPECT_FALSE(loads_duckdb(etl));
  EXPECT_FALSE(loads_duckdb(workspace_->sparkify_ok({"--help"}, traced)));
  EXPECT_TRUE(loads_duckdb(workspace_->sparkify_ok({"--target", "duckdb:traced.duckdb", "create-tables"}, traced)));
}

TEST_F(PostgresEndToEnd, EtlRerunChangesNothing) {
  const std::string target = loaded_target();
  const auto first = workspace_->star_contents(target);
  workspace_->sparkify_ok({"--target", target, "etl", "--source", "data"});
  expect_same_tables(workspace_->star_contents(target), first);
}

// The run summary's counts on PostgreSQL (rows added: its own count of the
// transaction's inserts less deletes; rows and plays matched: songplays read
// once for both) are DuckDB's, on a first load, a --full rerun and other data.
TEST_F(PostgresEndToEnd, RunSummaryCountsAreDuckDbs) {
  workspace_->generate("other", 120, 3000, 8);
  const std::string target = fresh_database();
  const std::string duckdb = "duckdb:added.duckdb";
  for (const std::string& t : {target, duckdb}) workspace_->sparkify_ok({"--target", t, "create-tables"});
  const std::vector<std::vector<std::string>> runs = {
      {"--source", "data"}, {"--source", "data", "--full"}, {"--source", "other"}};
  for (const auto& run : runs) {
    std::map<std::string, nlohmann::json> summary;
    for (const std::string& t : {target, duckdb}) {
      std::vector<std::string> args = {"--target", t, "etl", "--format", "json"};
      args.insert(args.end(), run.begin(), run.end());
      summary[t] = nlohmann::json::parse(workspace_->sparkify_ok(args).out);
    }
    for (const char* field : {"rows_added", "rows", "songplays_matched"}) {
      EXPECT_EQ(summary[target][field], summary[duckdb][field]) << field << " " << run.back();
    }
    EXPECT_EQ(summary[target]["rows_added"]["users"].get<long>() > 0, run.back() != "--full") << run.back();
    // What PostgreSQL itself counts after the run (the same on both engines
    // above would not catch a fault both share).
    const auto counted = workspace_->query_csv(target, "SELECT count(*), count(song_id) FROM songplays").at(1);
    EXPECT_EQ(counted, fmt::format("{},{}", summary[target]["rows"]["songplays"].get<long>(),
                                   summary[target]["songplays_matched"].get<long>()))
        << run.back();
  }
}

TEST_F(PostgresEndToEnd, CheckPassesOnBothEngines) {
  const std::string target = loaded_target();
  for (const std::string& checked : {target, std::string(kDuckDb)}) {
    auto result = workspace_->sparkify_ok({"--target", checked, "check"});
    EXPECT_NE(result.out.find("checks passed"), std::string::npos) << checked << "\n" << result.out;
  }
}

TEST_F(PostgresEndToEnd, TargetFromClusterSection) {
  const std::string uri = loaded_target();
  const std::string database = uri.substr(uri.rfind('/') + 1);
  std::ofstream(workspace_->path() / "cluster.cfg")
      << fmt::format("[CLUSTER]\nHOST=127.0.0.1\nDB_NAME={}\nDB_USER=postgres\nDB_PASSWORD=\nDB_PORT={}\n", database,
                     postgres_server().port());
  auto result = workspace_->sparkify_ok({"--config", "cluster.cfg", "--target", "postgres", "check"});
  EXPECT_NE(result.out.find("checks passed"), std::string::npos) << result.out;
}

}  // namespace
}  // namespace sparkify::testing
