// Daily loads and order independence (docs/semantics.md), end to end with the
// real binary on DuckDB files and a real PostgreSQL server, both engines:
//  - the streaming engine and the SQL route give identical warehouses;
//  - any split of the input into runs, in any order, gives the warehouse of
//    one run over everything (late songs included);
//  - the load manifest: a run with nothing new loads nothing, a changed file
//    is loaded again, --full reloads, a failed run leaves the manifest as it
//    was; --since/--until pick days by file name; every run is in etl_runs.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>

#include "harness/postgres_fixture.h"
#include "harness/workspace.h"

namespace sparkify::testing {
namespace {

namespace fs = std::filesystem;

[[maybe_unused]] const auto* const kPostgres = ::testing::AddGlobalTestEnvironment(new PostgresEnvironment);

class DailyLoads : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    workspace_ = std::make_unique<Workspace>();
    truth_ = workspace_->generate("data", 300, 6000, 21);
    for (const char* empty : {"empty-songs", "empty-logs"}) fs::create_directories(workspace_->path() / empty);
  }
  static void TearDownTestSuite() { workspace_.reset(); }
  static Workspace& ws() { return *workspace_; }

  // A fresh warehouse with tables: a DuckDB file, or a new PostgreSQL database.
  static std::string fresh_target(const std::string& engine, const std::string& name) {
    const std::string target = engine == "duckdb" ? "duckdb:" + name + ".duckdb" : fresh_database();
    ws().sparkify_ok({"--target", target, "create-tables"});
    return target;
  }

  static CommandResult etl(const std::string& target, const std::string& songs, const std::string& logs,
                           std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--target", target, "etl", "--song-data", songs, "--log-data", logs};
    args.insert(args.end(), extra.begin(), extra.end());
    return ws().sparkify_ok(args);
  }

  // The data set's files split into `parts` folders (same layout under each),
  // each file into a part chosen by `random`; returns the folders.
  static std::vector<std::string> split(const std::string& name, int parts, std::mt19937& random) {
    std::vector<std::string> folders;
    for (int i = 0; i < parts; ++i) {
      folders.push_back(name + "/p" + std::to_string(i));
      for (const char* kind : {"song_data", "log_data", "no-songs-yet", "no-events-here"}) {
        fs::create_directories(ws().path() / folders.back() / kind);
      }
    }
    for (const char* kind : {"song_data", "log_data"}) {
      const fs::path root = ws().path() / "data" / kind;
      for (const auto& entry : fs::recursive_directory_iterator(root)) {
        if (!entry.is_regular_file()) continue;
        const fs::path to = ws().path() / folders[random() % parts] / kind / fs::relative(entry.path(), root);
        fs::create_directories(to.parent_path());
        fs::copy_file(entry.path(), to);
      }
    }
    return folders;
  }

  static std::unique_ptr<Workspace> workspace_;
  static nlohmann::json truth_;
};

std::unique_ptr<Workspace> DailyLoads::workspace_;
nlohmann::json DailyLoads::truth_;

class EveryTarget : public DailyLoads, public ::testing::WithParamInterface<std::string> {};

TEST_P(EveryTarget, StreamingEngineEqualsTheSqlRoute) {
  const auto streamed = fresh_target(GetParam(), "streamed");
  const auto by_sql = fresh_target(GetParam(), "by_sql");
  etl(streamed, "data/song_data", "data/log_data");
  etl(by_sql, "data/song_data", "data/log_data", {"--engine", "sql"});
  const auto contents = ws().star_contents(streamed);
  EXPECT_EQ(contents, ws().star_contents(by_sql));
  const auto counts = ws().table_counts(streamed);
  for (const char* table : {"songplays", "users", "songs", "artists", "time"}) {
    EXPECT_EQ(counts.at(table), truth_["tables"][table].get<long>()) << table;
  }
}

// A first load picks songs and artists while it reads (nothing stored to
// merge with); the SQL route ranks the same records in SQL. Records that
// differ only where a rule decides, in one run, in files named so that the
// best record comes neither first nor last.
TEST_P(EveryTarget, AFirstLoadPicksSongsAndArtistsAsTheSqlRouteDoes) {
  const std::string dir = GetParam() + "-quirks";
  const auto song = [&](const std::string& file, const std::string& song_id, const std::string& title,
                        const std::string& artist_id, const std::string& year, const std::string& duration,
                        const std::string& name, const std::string& location, const std::string& latitude,
                        const std::string& longitude) {
    fs::create_directories(ws().path() / dir / "song_data" / "A");
    std::ofstream(ws().path() / dir / "song_data" / "A" / (file + ".json"))
        << R"({"num_songs": 1, "artist_id": ")" << artist_id << R"(", "artist_latitude": )" << latitude
        << R"(, "artist_longitude": )" << longitude << R"(, "artist_location": )" << location << R"(, "artist_name": ")"
        << name << R"(", "song_id": ")" << song_id << R"(", "title": ")" << title << R"(", "duration": )" << duration
        << R"(, "year": )" << year << "}";
  };
  // songs: the smallest (title, artist_id, year, duration), NULL first, by bytes.
  song("TR01", "S1", "b", "A1", "2000", "100.0", "Dd", R"("X")", "1.0", "2.0");
  song("TR02", "S1", "a", "A2", "2000", "100.0", "Ee", "null", "null", "null");
  song("TR03", "S1", "a", "A1", "1999", "null", "Dd", R"("X")", "1.0", "2.0");
  song("TR04", "S1", "a ", "A1", "null", "null", "Dd", R"("X")", "1.0", "2.0");
  song("TR05", "S1", "a", "A1", "2000", "200.0", "Dd", R"("X")", "1.0", "2.0");
  song("TR06", "S1", "a", "A1", "null", "300.0", "Dd", R"("X")", "1.0", "2.0");
  song("TR07", "S2", "Été", "A1", "0", "1.5", "Dd", R"("X")", "1.0", "2.0");
  song("TR08", "S2", "Zebra", "A1", "0", "1.5", "Dd", R"("X")", "1.0", "2.0");
  song("TR09", "S2", "Zebra", "A1", "0", "1.25", "Dd", R"("X")", "1.0", "2.0");
  // artists: a non-empty location, then both coordinates, then the smallest
  // (name, location, latitude, longitude).
  song("TR10", "S10", "t", "A3", "0", "1.0", "Aa", "null", "1.5", "2.5");
  song("TR11", "S11", "t", "A3", "0", "1.0", "Zz", R"("Paris")", "null", "null");
  song("TR12", "S12", "t", "A3", "0", "1.0", "Bb", R"("")", "3.0", "4.0");
  song("TR13", "S13", "t", "A3", "0", "1.0", "Cc", R"("Oslo")", "1.0", "null");
  song("TR14", "S14", "t", "A3", "0", "1.0", "Yy", R"("Oslo")", "7.0", "8.0");
  song("TR15", "S15", "t", "A3", "0", "1.0", "Yy", R"("Oslo")", "7.0", "1.0");
  song("TR16", "S16", "t", "A3", "0", "1.0", "Yy ", R"("Alta")", "0.0", "0.0");
  song("TR17", "S17", "t", "A4", "0", "1.0", "Band", R"("")", "null", "null");
  song("TR18", "S18", "t", "A4", "0", "1.0", "Band", "null", "null", "null");
  song("TR19", "S19", "t", "A4", "0", "1.0", "Band", R"(" ")", "null", "null");
  song("TR20", "S20", "t", "A4", "0", "1.0", "Bänd", R"("Lima")", "5.0", "6.0");
  // Plays of those songs, so that the catalog read after the songs is used.
  fs::create_directories(ws().path() / dir / "log_data");
  std::ofstream log(ws().path() / dir / "log_data" / "2018-11-01-events.json");
  int item = 0;
  for (const char* play : {R"("artist":"Dd","song":"a","length":150.0)", R"("artist":"Dd","song":"Zebra","length":1.0)",
                           R"("artist":"Yy","song":"t","length":1.0)", R"("artist":"Ee","song":"a","length":null)"}) {
    log << R"({)" << play << R"(,"auth":"Logged In","firstName":"Ann","gender":"F","itemInSession":)" << item
        << R"(,"lastName":"Lee","level":"free","location":"Rome","method":"PUT","page":"NextSong",)"
        << R"("registration":1535465712946.0,"sessionId":1,"status":200,"ts":)" << 1541057930429 + 1000 * item
        << R"(,"userAgent":"Mozilla","userId":"3"})" << '\n';
    ++item;
  }
  log.close();
  const auto streamed = fresh_target(GetParam(), dir + "-streamed");
  const auto by_sql = fresh_target(GetParam(), dir + "-by-sql");
  etl(streamed, dir + "/song_data", dir + "/log_data");
  etl(by_sql, dir + "/song_data", dir + "/log_data", {"--engine", "sql"});
  const auto contents = ws().star_contents(streamed);
  EXPECT_EQ(contents, ws().star_contents(by_sql));
  EXPECT_NE(contents.at("songs").find("S1,a,A1,,300.0"), std::string::npos) << contents.at("songs");
  EXPECT_NE(contents.at("artists").find("A3,Yy,Oslo,7"), std::string::npos) << contents.at("artists");
}

TEST_P(EveryTarget, AnySplitInAnyOrderEqualsOneRun) {
  const auto whole = fresh_target(GetParam(), "whole");
  etl(whole, "data/song_data", "data/log_data");
  const auto expected = ws().star_contents(whole);
  std::mt19937 random(5);
  for (int trial = 0; trial < 2; ++trial) {
    const std::string name = GetParam() + "-split" + std::to_string(trial);
    auto parts = split(name, 3, random);
    std::shuffle(parts.begin(), parts.end(), random);
    const auto target = fresh_target(GetParam(), name);
    for (std::size_t i = 0; i < parts.size(); ++i) {
      // Alternate engines too: both must merge the same way.
      const std::vector<std::string> engine =
          (i + trial) % 2 ? std::vector<std::string>{"--engine", "sql"} : std::vector<std::string>{};
      // Events of a part before its songs, so that plays arrive before the songs they name.
      etl(target, parts[i] + "/no-songs-yet", parts[i] + "/log_data", engine);
      etl(target, parts[i] + "/song_data", parts[i] + "/no-events-here", engine);
    }
    EXPECT_EQ(ws().star_contents(target), expected) << name;
  }
}

TEST_P(EveryTarget, LateSongsAreMatched) {
  const auto target = fresh_target(GetParam(), "late");
  etl(target, "empty-songs", "data/log_data");
  EXPECT_EQ(ws().query_csv(target, "SELECT count(song_id) FROM songplays").at(1), "0");
  etl(target, "data/song_data", "empty-logs");
  EXPECT_EQ(ws().query_csv(target, "SELECT count(song_id) FROM songplays").at(1),
            std::to_string(truth_["matched_songplays"].get<long>()));
}

TEST_P(EveryTarget, ARunWithNothingNewLoadsNothing) {
  const auto target = fresh_target(GetParam(), "nothing-new");
  etl(target, "data/song_data", "data/log_data");
  const auto before = ws().star_contents(target);
  auto again = nlohmann::json::parse(etl(target, "data/song_data", "data/log_data", {"--format", "json"}).out);
  EXPECT_EQ(again["files"]["events"]["new"], 0);
  EXPECT_EQ(again["files"]["songs"]["new"], 0);
  EXPECT_EQ(again["files"]["events"]["skipped"], truth_["days"]);
  EXPECT_EQ(again["records"]["read"], 0);
  EXPECT_EQ(ws().star_contents(target), before);
  const auto files = ws().query_csv(target, "SELECT count(*), count(DISTINCT uri) FROM etl_files");
  auto full = nlohmann::json::parse(etl(target, "data/song_data", "data/log_data", {"--full", "--format", "json"}).out);
  EXPECT_EQ(full["files"]["events"]["new"], truth_["days"]);
  EXPECT_EQ(full["records"]["events"]["read"], truth_["records_read"]["events"]);
  EXPECT_EQ(ws().star_contents(target), before);
  // Each file loaded again replaced its row of the manifest.
  EXPECT_EQ(ws().query_csv(target, "SELECT count(*), count(DISTINCT uri) FROM etl_files"), files);
}

INSTANTIATE_TEST_SUITE_P(Targets, EveryTarget, ::testing::Values("duckdb", "postgres"));

TEST_F(DailyLoads, AChangedFileIsLoadedAgain) {
  fs::create_directories(ws().path() / "changing/log_data");
  fs::create_directories(ws().path() / "changing/song_data");
  const fs::path day = ws().path() / "changing/log_data/2018-11-01-events.json";
  const std::string line =
      R"({"artist":null,"auth":"Logged In","firstName":"Ann","gender":"F","itemInSession":0,"lastName":"Lee",)"
      R"("length":null,"level":"free","location":"X","method":"GET","page":"NextSong","registration":null,)"
      R"("sessionId":1,"song":null,"status":200,"ts":1541030400000,"userAgent":"UA","userId":"5"})";
  std::ofstream(day) << line << '\n';
  const auto target = fresh_target("duckdb", "changing");
  etl(target, "changing/song_data", "changing/log_data");
  std::string other_user = line;
  other_user.replace(other_user.find("\"userId\":\"5\""), 12, "\"userId\":\"6\"");
  std::ofstream(day, std::ios::app) << other_user << '\n';
  auto run = nlohmann::json::parse(etl(target, "changing/song_data", "changing/log_data", {"--format", "json"}).out);
  EXPECT_EQ(run["files"]["events"]["new"], 1);
  EXPECT_EQ(run["records"]["events"]["read"], 2);
  EXPECT_EQ(ws().query_csv(target, "SELECT count(*) FROM users").at(1), "2");
  EXPECT_EQ(ws().query_csv(target, "SELECT count(*) FROM etl_files").at(1), "1");
  // A new day beside it: one more row.
  std::ofstream(ws().path() / "changing/log_data/2018-11-02-events.json") << line << '\n';
  run = nlohmann::json::parse(etl(target, "changing/song_data", "changing/log_data", {"--format", "json"}).out);
  EXPECT_EQ(run["files"]["events"]["new"], 1);
  EXPECT_EQ(ws().query_csv(target, "SELECT count(*), count(DISTINCT uri), sum(records) FROM etl_files").at(1), "2,2,3");
}

TEST_F(DailyLoads, AFailedRunLeavesTheManifestAndRecordsTheRun) {
  const auto target = fresh_target("duckdb", "failed");
  ws().generate("bad", 20, 300, 3, 4);
  const auto result = ws().sparkify({"--target", target, "etl", "--source", "bad"});
  ASSERT_EQ(result.exit_code, 1) << result.err;
  EXPECT_EQ(ws().query_csv(target, "SELECT count(*) FROM etl_files").at(1), "0");
  EXPECT_EQ(ws().query_csv(target, "SELECT outcome, events_rejected FROM etl_runs").at(1), "failed,4");
  // The next run loads the same files again.
  auto run = nlohmann::json::parse(
      ws().sparkify_ok({"--target", target, "etl", "--source", "bad", "--max-errors", "4", "--format", "json"}).out);
  EXPECT_EQ(run["files"]["events"]["skipped"], 0);
  EXPECT_EQ(ws().query_csv(target, "SELECT count(*) FROM etl_runs WHERE outcome = 'ok'").at(1), "1");
  // `sparkify runs` lists both, newest first, with numbers as numbers.
  const auto runs = nlohmann::json::parse(ws().sparkify_ok({"--target", target, "runs", "--format", "json"}).out);
  ASSERT_EQ(runs.size(), 2u) << runs.dump();
  EXPECT_EQ(runs[0]["outcome"], "ok");
  EXPECT_EQ(runs[1]["outcome"], "failed");
  EXPECT_EQ(runs[1]["events_rejected"], 4);
  EXPECT_FALSE(runs[1]["error"].get<std::string>().empty());
  EXPECT_GT(runs[0]["run_id"].get<long>(), runs[1]["run_id"].get<long>());
}

TEST_F(DailyLoads, SinceAndUntilPickDaysByFileName) {
  const auto target = fresh_target("duckdb", "range");
  const auto listed = truth_["days"].get<int>();
  ASSERT_GE(listed, 3);
  auto run = nlohmann::json::parse(etl(target, "data/song_data", "data/log_data",
                                       {"--since", "2018-11-02", "--until", "2018-11-03", "--format", "json"})
                                       .out);
  EXPECT_EQ(run["files"]["events"]["new"], 2);
  EXPECT_EQ(run["files"]["events"]["out_of_range"], listed - 2);
  const auto days = ws().query_csv(target,
                                   "SELECT DISTINCT CAST(CAST(start_time AS DATE) AS VARCHAR) AS d FROM "
                                   "time ORDER BY d");
  ASSERT_EQ(days.size(), 3u);
  EXPECT_EQ(days[1], "2018-11-02");
  EXPECT_EQ(days[2], "2018-11-03");
  const auto bad = ws().sparkify({"--target", target, "etl", "--source", "data", "--since", "11/02/2018"});
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
}

}  // namespace
}  // namespace sparkify::testing
