// End to end on the embedded default: the real binary, generated data, a real
// DuckDB file. Expected values come from the generator's truth.json, which is
// computed independently of the ETL.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <vector>

#include "harness/workspace.h"
#include "warehouse/duckdb_warehouse.h"

namespace sparkify::testing {
namespace {

class DuckDbEtl : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    workspace_ = std::make_unique<Workspace>();
    truth_ = workspace_->generate("data", 400, 8000, 11);
    bad_truth_ = workspace_->generate("bad", 50, 600, 12, 7);
  }
  static void TearDownTestSuite() { workspace_.reset(); }

  // A fresh database with tables created and `data` loaded.
  std::string loaded_target(const std::string& name) {
    const std::string target = "duckdb:" + name + ".duckdb";
    ws().sparkify_ok({"--target", target, "create-tables"});
    ws().sparkify_ok({"--target", target, "etl", "--source", "data"});
    return target;
  }

  static Workspace& ws() { return *workspace_; }
  static std::unique_ptr<Workspace> workspace_;
  static nlohmann::json truth_;
  static nlohmann::json bad_truth_;
};

std::unique_ptr<Workspace> DuckDbEtl::workspace_;
nlohmann::json DuckDbEtl::truth_;
nlohmann::json DuckDbEtl::bad_truth_;

// The streaming engine fills no staging tables: truth's staging counts are
// the records it loaded.
void expect_counts_match(const Workspace& ws, const std::string& target, const nlohmann::json& summary,
                         const nlohmann::json& truth) {
  auto counts = ws.table_counts(target);
  for (const auto& [table, expected] : truth["tables"].items()) {
    if (table == "staging_events") {
      EXPECT_EQ(summary["records"]["events"]["loaded"], expected) << table;
    } else if (table == "staging_songs") {
      EXPECT_EQ(summary["records"]["songs"]["loaded"], expected) << table;
    } else {
      EXPECT_EQ(counts.at(table), expected.get<long>()) << table;
    }
  }
}

// `sparkify sql --dialect duckdb` lists every statement a streaming run
// sends: each name `-v` prints for a statement ("name (0.01 s)"; phase lines
// carry a colon or start with "found") or a numbered step, in a first load
// and a --full rerun (every play and time key met again), is in the listing.
TEST_F(DuckDbEtl, SqlListingHoldsEveryStatementOfAStreamingRun) {
  const std::string target = "duckdb:listed.duckdb";
  ws().sparkify_ok({"--target", target, "create-tables"});
  const std::string log = ws().sparkify_ok({"-v", "--target", target, "etl", "--source", "data"}).err +
                          ws().sparkify_ok({"-v", "--target", target, "etl", "--source", "data", "--full"}).err;
  const std::string listing = ws().sparkify_ok({"sql", "--dialect", "duckdb"}).out;
  const std::regex statement(R"(^  ([a-z][^(]*[^ ]) \(\d+\.\d+ s\)$)");
  const std::regex step(R"( \d+ of \d+ (?:OK|SKIP) +(.*?) \.{2,})");
  std::set<std::string> names;
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    std::smatch match;
    if (std::regex_search(line, match, step) ||
        (std::regex_match(line, match, statement) && match[1].str().find(':') == std::string::npos &&
         !match[1].str().starts_with("found "))) {
      names.insert(match[1].str());
    }
  }
  EXPECT_TRUE(names.contains("insert repeated time")) << log;
  EXPECT_TRUE(names.contains("create run_files")) << log;
  std::vector<std::string> missing;
  for (const auto& name : names) {
    if (listing.find("-- " + name + "\n") == std::string::npos) missing.push_back(name);
  }
  EXPECT_EQ(missing, std::vector<std::string>{});
}

TEST_F(DuckDbEtl, EveryTableCountMatchesTruth) {
  const std::string target = "duckdb:counts.duckdb";
  ws().sparkify_ok({"--target", target, "create-tables"});
  auto summary =
      nlohmann::json::parse(ws().sparkify_ok({"--target", target, "etl", "--source", "data", "--format", "json"}).out);
  expect_counts_match(ws(), target, summary, truth_);
  EXPECT_EQ(summary["songplays_matched"], truth_["matched_songplays"]);
  EXPECT_EQ(summary["rows_added"]["songplays"], truth_["tables"]["songplays"]);
}

// The text summary says what this run added and how many plays matched a
// song; a rerun adds nothing; `runs` records when each run started and
// finished, as ISO 8601 UTC with milliseconds.
TEST_F(DuckDbEtl, SummaryTellsRowsAddedAndPlaysMatchedAndRunsRecordTheirTimes) {
  const std::string target = "duckdb:summary.duckdb";
  ws().sparkify_ok({"--target", target, "create-tables"});
  const auto first = ws().sparkify_ok({"--target", target, "etl", "--source", "data"}).out;
  const long plays = truth_["tables"]["songplays"].get<long>();
  EXPECT_NE(first.find(fmt::format("{:<10} {:>10} rows (+{} this run)", "songplays", plays, plays)), std::string::npos)
      << first;
  EXPECT_NE(first.find(
                fmt::format("songplays matched to a song: {} of {} (", truth_["matched_songplays"].get<long>(), plays)),
            std::string::npos)
      << first;
  const auto second = ws().sparkify_ok({"--target", target, "etl", "--source", "data"}).out;
  for (const char* table : {"artists", "songplays", "songs", "time", "users"}) {
    EXPECT_NE(second.find(fmt::format("{:<10} {:>10} rows (+0 this run)", table, truth_["tables"][table].get<long>())),
              std::string::npos)
        << table << "\n"
        << second;
  }
  const auto runs = nlohmann::json::parse(ws().sparkify_ok({"--target", target, "runs", "--format", "json"}).out);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0]["run_id"], 2);  // newest first
  EXPECT_EQ(runs[0]["songplays_added"], 0);
  EXPECT_EQ(runs[1]["songplays_added"], plays);
  EXPECT_EQ(runs[1]["songplays_matched"], truth_["matched_songplays"]);
  const std::regex iso(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
  for (const auto& run : runs) {
    const auto started = run["started_at"].get<std::string>(), finished = run["finished_at"].get<std::string>();
    EXPECT_TRUE(std::regex_match(started, iso)) << started;
    EXPECT_TRUE(std::regex_match(finished, iso)) << finished;
    EXPECT_LE(started, finished);
  }
  EXPECT_LE(runs[1]["finished_at"].get<std::string>(), runs[0]["started_at"].get<std::string>());
  EXPECT_GT(runs[1]["finished_at"].get<std::string>(), runs[1]["started_at"].get<std::string>());
}

long files_under(const std::filesystem::path& folder) {
  long count = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) count += entry.is_regular_file();
  return count;
}

// -v names every phase of a run with its seconds (issue 15): the listings,
// the reading of each kind with its records, each transform step, the
// bookkeeping and the commit; on both engines.
TEST_F(DuckDbEtl, VerboseGivesEveryPhaseItsSeconds) {
  const std::regex seconds(R"(.* \(\d+\.\d\d s\)$)");
  const std::regex step(R"(\d\d:\d\d:\d\d +\d+ of \d+ OK .* \[([\d,]+ rows in )?\d+\.\d\d s\]$)");
  for (const std::string engine : {"auto", "sql"}) {
    SCOPED_TRACE(engine);
    const std::string target = "duckdb:verbose-" + engine + ".duckdb";
    ws().sparkify_ok({"--target", target, "create-tables"});
    auto err = ws().sparkify_ok({"--target", target, "-v", "etl", "--engine", engine, "--source", "data"}).err;
    // A streaming first load skips every step (nothing stored to merge
    // with); the same files again (--full) merge.
    if (engine == "auto") {
      err += ws().sparkify_ok({"--target", target, "-v", "etl", "--full", "--source", "data"}).err;
    }
    int phases = 0, steps = 0;
    std::istringstream lines(err);
    for (std::string line; std::getline(lines, line);) {
      if (line.starts_with("  ")) {
        ++phases;
        EXPECT_TRUE(std::regex_match(line, seconds)) << line;
      } else if (line.find(" OK ") != std::string::npos) {
        ++steps;
        EXPECT_TRUE(std::regex_match(line, step)) << line;
      }
    }
    EXPECT_GT(steps, 0) << err;
    const long songs = files_under(ws().path() / "data" / "song_data");
    const long logs = files_under(ws().path() / "data" / "log_data");
    for (const std::string& phase : {fmt::format("  found {} song file(s) under ", songs),
                                     fmt::format("  found {} event log file(s) under ", logs),
                                     fmt::format("  read {} song file(s): {} records, 0 rejected", songs,
                                                 truth_["tables"]["staging_songs"].get<long>()),
                                     fmt::format("  read {} event file(s): {} records, 0 rejected", logs,
                                                 truth_["tables"]["staging_events"].get<long>()),
                                     std::string("  commit ("), std::string("  record loaded files (")}) {
      EXPECT_NE(err.find(phase), std::string::npos) << phase << "\n" << err;
    }
    EXPECT_GE(phases, 6) << err;
  }
}

TEST_F(DuckDbEtl, ChecksPassAfterLoad) {
  auto target = loaded_target("checks");
  auto result = ws().sparkify_ok({"--target", target, "check"});
  EXPECT_NE(result.out.find("checks passed"), std::string::npos) << result.out;
}

TEST_F(DuckDbEtl, MatchedSongplaysMatchTruth) {
  auto target = loaded_target("matched");
  auto lines = ws().query_csv(target, "SELECT count(*) FROM songplays WHERE song_id IS NOT NULL");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(std::stol(lines[1]), truth_["matched_songplays"].get<long>());
}

TEST_F(DuckDbEtl, SongMatchFollowsTitleArtistClosestDurationRule) {
  auto target = loaded_target("rule");
  ASSERT_FALSE(truth_["expected_matches"].empty());
  for (const auto& expected : truth_["expected_matches"]) {
    const std::string sql =
        "SELECT coalesce(song_id, 'NULL') FROM songplays WHERE user_id = " + expected["user_id"].dump() +
        " AND session_id = " + expected["session_id"].dump() + " AND start_time = epoch_ms(" + expected["ts"].dump() +
        ")";
    auto rows = ws().query_csv(target, sql);
    ASSERT_EQ(rows.size(), 2u) << sql;
    const std::string want = expected["song_id"].is_null() ? "NULL" : expected["song_id"].get<std::string>();
    EXPECT_EQ(rows[1], want) << sql;
  }
}

TEST_F(DuckDbEtl, UsersTakeLevelFromLatestEvent) {
  auto target = loaded_target("levels");
  auto lines = ws().query_csv(target, "SELECT user_id, level FROM users");
  std::map<std::string, std::string> levels;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    auto comma = lines[i].find(',');
    levels[lines[i].substr(0, comma)] = lines[i].substr(comma + 1);
  }
  ASSERT_EQ(levels.size(), truth_["user_levels"].size());
  for (const auto& [user, level] : truth_["user_levels"].items())
    EXPECT_EQ(levels[user], level.get<std::string>()) << user;
}

// songplays keeps the storage method each column's value shape names
// (sql/schema.cpp; DuckDB: USING COMPRESSION) in the file, so the load, a
// later process than create-tables, writes with it. On this small set
// DuckDB's own analysis would pick Dictionary for the titles and ids and RLE
// for user_id.
TEST_F(DuckDbEtl, SongplaysIsStoredWithTheMethodsItsColumnShapesName) {
  auto target = loaded_target("shapes");
  const auto lines = ws().query_csv(target,
                                    "SELECT column_name || '=' || string_agg(DISTINCT compression, '+') "
                                    "FROM pragma_storage_info('songplays') WHERE segment_type <> 'VALIDITY' "
                                    "GROUP BY column_name ORDER BY column_name");
  EXPECT_EQ(std::vector<std::string>(lines.begin() + 1, lines.end()),
            (std::vector<std::string>{"artist=FSST", "artist_id=FSST", "length=ALP", "level=Dictionary",
                                      "location=Dictionary", "session_id=BitPacking", "song=FSST", "song_id=FSST",
                                      "songplay_id=Uncompressed", "start_time=BitPacking", "user_agent=Dictionary",
                                      "user_id=BitPacking"}));
}

TEST_F(DuckDbEtl, RerunOnSameInputChangesNothing) {
  auto target = loaded_target("rerun");
  auto before = ws().star_contents(target);
  ws().sparkify_ok({"--target", target, "etl", "--source", "data"});
  EXPECT_EQ(ws().star_contents(target), before);
  ws().sparkify_ok({"--target", target, "check"});
}

TEST_F(DuckDbEtl, MalformedLinesFailTheRunAndLandInRejects) {
  const std::string target = "duckdb:rejects.duckdb";
  ws().sparkify_ok({"--target", target, "create-tables"});
  auto result = ws().sparkify({"--target", target, "etl", "--source", "bad", "--rejects", "bad-rejects.ndjson"});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.err.find("7 record(s) rejected"), std::string::npos) << result.err;

  auto text = read_text_file(ws().path() / "bad-rejects.ndjson");
  std::istringstream in(text);
  int rejects = 0;
  for (std::string line; std::getline(in, line); ++rejects) {
    auto reject = nlohmann::json::parse(line);
    EXPECT_NE(reject["file"].get<std::string>().find("bad/log_data/"), std::string::npos) << line;
    EXPECT_GT(reject["line"].get<long>(), 0) << line;
    EXPECT_FALSE(reject["reason"].get<std::string>().empty()) << line;
    EXPECT_TRUE(reject.contains("raw")) << line;
  }
  EXPECT_EQ(rejects, bad_truth_["rejected"]["events"].get<int>());
  EXPECT_EQ(ws().table_counts(target).at("songplays"), 0);
}

TEST_F(DuckDbEtl, FailedRunLeavesWarehouseAsItWas) {
  auto target = loaded_target("unchanged");
  auto before = ws().star_contents(target);
  auto counts_before = ws().table_counts(target);
  auto result = ws().sparkify({"--target", target, "etl", "--source", "bad"});
  ASSERT_EQ(result.exit_code, 1);
  EXPECT_EQ(ws().star_contents(target), before);
  EXPECT_EQ(ws().table_counts(target), counts_before);
}

TEST_F(DuckDbEtl, MaxErrorsAllowsRejectsAndCountsThem) {
  const std::string target = "duckdb:allowed.duckdb";
  ws().sparkify_ok({"--target", target, "create-tables"});
  auto summary = nlohmann::json::parse(
      ws().sparkify_ok({"--target", target, "etl", "--source", "bad", "--max-errors", "7", "--format", "json"}).out);
  expect_counts_match(ws(), target, summary, bad_truth_);
  EXPECT_EQ(summary["records"]["rejected"], 7);
  ws().sparkify_ok({"--target", target, "check"});
}

TEST_F(DuckDbEtl, CheckFailsOnEmptyWarehouse) {
  const std::string target = "duckdb:empty.duckdb";
  ws().sparkify_ok({"--target", target, "create-tables"});
  auto result = ws().sparkify({"--target", target, "check"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.out.find("FAIL  songplays is not empty"), std::string::npos) << result.out;
}

// DuckDB's tables declare no key (the load keeps them unique), so check is
// what proves it: every row beyond a key's first is a violation.
TEST_F(DuckDbEtl, CheckCountsEveryRowBeyondAKeysFirstAsAViolation) {
  auto target = loaded_target("duplicated");
  {
    warehouse::DuckDbWarehouse warehouse((ws().path() / "duplicated.duckdb").string());
    warehouse.execute({"repeat two plays", "INSERT INTO songplays SELECT * FROM songplays LIMIT 2"});
    warehouse.execute({"repeat one play again", "INSERT INTO songplays SELECT * FROM songplays LIMIT 1"});
    warehouse.execute({"repeat a time row", "INSERT INTO time SELECT * FROM time LIMIT 1"});
    warehouse.execute({"repeat a user", "INSERT INTO users SELECT * FROM users LIMIT 1"});
    warehouse.execute({"repeat two songs", "INSERT INTO songs SELECT * FROM songs LIMIT 2"});
  }
  auto result = ws().sparkify({"--target", target, "check"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_TRUE(std::regex_search(result.out, std::regex(R"(FAIL  songplays\.songplay_id is unique +3 violation)")))
      << result.out;
  EXPECT_TRUE(std::regex_search(result.out, std::regex(R"(FAIL  time\.start_time is unique +1 violation)")))
      << result.out;
  EXPECT_TRUE(std::regex_search(result.out, std::regex(R"(FAIL  users\.user_id is unique +1 violation)")))
      << result.out;
  EXPECT_TRUE(std::regex_search(result.out, std::regex(R"(FAIL  songs\.song_id is unique +2 violation)")))
      << result.out;
  EXPECT_TRUE(std::regex_search(result.out, std::regex(R"(PASS  artists\.artist_id is unique +0 violation)")))
      << result.out;
}

// Files made by create-tables before it stopped declaring keys on DuckDB
// keep PRIMARY KEYs on users, songs and artists. Loading into one, and again
// after songs and their artists changed (the merge deletes and inserts the
// same keys in one transaction), gives the rows a fresh file gets.
TEST_F(DuckDbEtl, AFileWhoseDimensionsDeclareKeysLoadsAsAFreshOne) {
  std::filesystem::copy(ws().path() / "data", ws().path() / "rekeyed", std::filesystem::copy_options::recursive);
  const std::string keyed = "duckdb:keyed.duckdb", fresh = "duckdb:unkeyed.duckdb";
  for (const auto& target : {keyed, fresh}) ws().sparkify_ok({"--target", target, "create-tables"});
  {
    warehouse::DuckDbWarehouse warehouse((ws().path() / "keyed.duckdb").string());
    for (const char* table_key : {"users ADD PRIMARY KEY (user_id)", "songs ADD PRIMARY KEY (song_id)",
                                  "artists ADD PRIMARY KEY (artist_id)"}) {
      warehouse.execute({"declare a key", fmt::format("ALTER TABLE {}", table_key)});
    }
  }
  for (const auto& target : {keyed, fresh}) ws().sparkify_ok({"--target", target, "etl", "--source", "rekeyed"});
  std::vector<std::filesystem::path> song_files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(ws().path() / "rekeyed" / "song_data")) {
    if (entry.is_regular_file()) song_files.push_back(entry.path());
  }
  std::sort(song_files.begin(), song_files.end());
  song_files.resize(5);
  for (const auto& file : song_files) {
    auto song = nlohmann::json::parse(read_text_file(file));
    song["year"] = 1950;  // the generator draws 1960-2018 or 0
    song["artist_location"] = "Changed City";
    std::ofstream(file) << song.dump();
  }
  for (const auto& target : {keyed, fresh}) {
    ws().sparkify_ok({"--target", target, "etl", "--source", "rekeyed"});
    ws().sparkify_ok({"--target", target, "check"});
  }
  const std::string keys = "SELECT count(*) AS n FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'";
  EXPECT_EQ(ws().query_csv(keyed, keys), (std::vector<std::string>{"n", "3"}));
  EXPECT_EQ(ws().query_csv(fresh, keys), (std::vector<std::string>{"n", "0"}));
  EXPECT_NE(ws().query_csv(fresh, "SELECT count(*) AS n FROM songs WHERE year = 1950"),
            (std::vector<std::string>{"n", "0"}))
      << "no song changed";
  EXPECT_EQ(ws().star_contents(keyed), ws().star_contents(fresh));
}

TEST_F(DuckDbEtl, MissingSourceFolderIsAClearError) {
  const std::string target = "duckdb:missing.duckdb";
  ws().sparkify_ok({"--target", target, "create-tables"});
  auto result = ws().sparkify({"--target", target, "etl", "--source", "no-such-folder"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("no-such-folder/song_data does not exist"), std::string::npos) << result.err;
}

TEST_F(DuckDbEtl, NamedQueriesAnswer) {
  auto target = loaded_target("queries");
  for (const char* name : {"top-songs", "plays-by-hour", "paid-vs-free", "active-users", "plays-by-weekday"}) {
    auto result = ws().sparkify_ok({"--target", target, "query", name, "--format", "json"});
    auto rows = nlohmann::json::parse(result.out);
    EXPECT_FALSE(rows.empty()) << name;
  }
  auto hours = ws().query_csv(target,
                              "SELECT sum(plays) FROM (SELECT count(*) AS plays FROM songplays p JOIN time t "
                              "ON t.start_time = p.start_time GROUP BY t.hour)");
  EXPECT_EQ(std::stol(hours[1]), truth_["tables"]["songplays"].get<long>());
}

}  // namespace
}  // namespace sparkify::testing
