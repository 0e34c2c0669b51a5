// The streaming engine merges the plays whose key may repeat in rounds (once
// those waiting weigh EtlOptions::limits.repeat_bytes_per_round), and the
// time keys in doubt too (once limits.repeat_times_per_round wait), so a run
// that repeats many stored plays holds few of them at a time. Rounds must not
// change the result: two real DuckDB warehouses load the same two runs (the
// second repeats every play of the first, some with a smaller event that must
// win, some twice, and adds new ones), one merging once per run and one after
// every file; their songplays and time tables are equal row for row.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/etl.h"
#include "pipeline/star_stream.h"
#include "unit/pipeline/redshift_fakes.h"
#include "unit/pipeline/round_plays.h"
#include "warehouse/duckdb_warehouse.h"

namespace sparkify::pipeline {
namespace {

using round_plays::play_line;

// An in-memory DuckDB spills to ".tmp" under the working directory, which
// every test process there shares, and removes its files there when it
// closes: two spilling tests run side by side (ctest -j2) failed on each
// other's missing files. A test that spills gets a directory of its own.
void spill_apart(warehouse::DuckDbWarehouse& db, std::string_view test) {
  const auto directory = std::filesystem::temp_directory_path() / fmt::format("sparkify-{}-{}.tmp", test, ::getpid());
  db.execute({"a spill directory of its own", fmt::format("SET temp_directory = '{}'", directory.string())});
}

// Run 1: items 0..39, level "paid", in one file. Run 2, in 8 files of up to
// 10 lines (a round can run after each file): every item again (the even ones
// "free", which wins over "paid"), items 0..9 once more with a smaller
// location, the odd ones among them a third time with a smaller one still
// (so a key changes in two rounds), and items 40..59 new.
std::map<std::string, std::string> run_files(int run) {
  std::vector<std::string> lines;
  if (run == 1) {
    for (int item = 0; item < 40; ++item) lines.push_back(play_line(item, "paid", "Here"));
  } else {
    for (int item = 0; item < 60; ++item) lines.push_back(play_line(item, item % 2 == 0 ? "free" : "paid", "Here"));
    for (int item = 0; item < 10; ++item) lines.push_back(play_line(item, "paid", "Aaa"));
    for (int item = 1; item < 10; item += 2) lines.push_back(play_line(item, "paid", "AAA"));
  }
  std::map<std::string, std::string> files;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    files["mem://log_data/run" + std::to_string(run) + "-part" + std::to_string(i / 10) + ".json"] += lines[i];
  }
  return files;
}

// Round limits (bytes of waiting plays; waiting time keys): the run's rounds
// come after every file that leaves any play or time key waiting, or never.
constexpr std::size_t kEachFile = 1;
constexpr std::size_t kNever = std::size_t{1} << 40;

class RepeatRounds : public ::testing::Test {
 protected:
  std::filesystem::path rejects =
      std::filesystem::temp_directory_path() / ("repeat-rounds-" + std::to_string(::getpid()) + ".ndjson");
  void TearDown() override { std::filesystem::remove(rejects); }
  int time_rounds = 0;         // merge rounds of time keys in doubt, run mid-stream by load()
  int time_round_inserts = 0;  // their inserts of the keys missing from time
  // Stored rows held to drop the plays and time keys equal to them
  // (StreamLimits::stored_plays_bytes): none, so that every stored key met
  // again reaches the merges these tests are about, unless a test says so.
  std::size_t stored_plays_bytes = 0;

  // Loads run `run`'s files into `db` on one thread, merging plays once
  // `per_round` bytes of them wait (time keys by the default limit, or as
  // `watch` sets it); `watch` sets the options' observers.
  void load_run(warehouse::Warehouse& db, int run, std::size_t per_round,
                const std::function<void(EtlOptions&)>& watch) {
    load_files(db, run_files(run), per_round, watch);
  }

  // The same for any event files (uri -> body).
  // Returns the events phase's summary line.
  std::string load_files(warehouse::Warehouse& db, std::map<std::string, std::string> files, std::size_t per_round,
                         const std::function<void(EtlOptions&)>& watch) {
    return round_plays::load_events(db, std::move(files), rejects, [&](EtlOptions& options) {
      options.limits.repeat_bytes_per_round = per_round;
      options.limits.stored_plays_bytes = stored_plays_bytes;
      watch(options);
    });
  }

  // Loads both runs into a fresh warehouse, keeping up to `exact_time_keys`
  // time keys exactly, merging `times_per_round` of those in doubt at a time;
  // returns its songplays and time rows as text, in key order, counts the
  // merge rounds of plays run mid-stream (and those of time keys, in
  // time_rounds) and the runs whose final merge inserted repeated time keys.
  std::vector<std::vector<std::optional<std::string>>> load(
      std::size_t per_round, int& rounds, std::uint64_t exact_time_keys = StreamLimits{}.exact_time_keys,
      int* time_merges = nullptr, std::size_t times_per_round = kNever) {
    warehouse::DuckDbWarehouse db(":memory:");
    for (const auto& statement : db.dialect().create_tables()) db.execute(statement);
    for (int run = 1; run <= 2; ++run) {
      load_run(db, run, per_round, [&](EtlOptions& options) {
        options.progress = [&](std::string_view line) {
          rounds += line.starts_with("clear repeat_plays") ? 1 : 0;
          time_rounds += line.starts_with("clear run_times") ? 1 : 0;
          time_round_inserts += line.starts_with("insert repeated time") ? 1 : 0;
        };
        options.limits.exact_time_keys = exact_time_keys;
        options.limits.repeat_times_per_round = times_per_round;
        options.on_step = [&](const StepReport& step) {
          if (time_merges && step.name == "insert repeated time" && step.skipped.empty()) ++*time_merges;
        };
      });
    }
    return round_plays::songplays_and_time(db);
  }
};

TEST_F(RepeatRounds, MergingInRoundsGivesTheRowsOfOneMerge) {
  int rounds_once = 0, rounds_many = 0;
  const auto once = load(kNever, rounds_once);
  const auto many = load(kEachFile, rounds_many);
  EXPECT_EQ(rounds_once, 0);
  EXPECT_GE(rounds_many, 5);          // run 2 repeats 50 plays, in 8 files
  ASSERT_EQ(once.size(), 60u + 60u);  // 60 songplays, 60 start times
  EXPECT_EQ(once, many);
  // The smaller event won where run 2 brought one: "free" for the even items,
  // location "AAA" for the odd items below 10.
  int free = 0, aaa = 0;
  for (std::size_t i = 0; i < 60; ++i) {
    free += once[i][3] == "free" ? 1 : 0;
    aaa += once[i][5] == "AAA" ? 1 : 0;
  }
  EXPECT_EQ(free, 30);
  EXPECT_EQ(aaa, 5);
}

// Time keys held exactly settle each repeated time key in the process; on a
// day that outgrows the room (StreamLimits::exact_time_keys), keys that may
// repeat go to run_times and SQL inserts those missing. The rows are the same
// either way. Run 1 has 40 time keys, run 2 meets them again and adds 20, all
// on one day: in room for 30, run 2 lets that day go as it reads its stored
// keys, so every key of run 2 the filter may have met is in doubt.
TEST_F(RepeatRounds, TimeKeysPastTheExactLimitAreSettledInSqlWithTheSameRows) {
  int rounds = 0, merges_exact = 0, merges_none = 0, merges_some = 0;
  const auto exact = load(kNever, rounds, StreamLimits{}.exact_time_keys, &merges_exact);
  ASSERT_EQ(exact.size(), 60u + 60u);
  EXPECT_EQ(merges_exact, 0);
  EXPECT_EQ(load(kNever, rounds, 0, &merges_none), exact);
  EXPECT_EQ(merges_none, 1);  // run 2's: run 1 meets no time key twice
  EXPECT_EQ(load(kNever, rounds, 30, &merges_some), exact);
  EXPECT_EQ(merges_some, 1);
}

// Time keys in doubt merged in rounds mid-stream, after every file that
// leaves one waiting, give the rows of one final merge. With no time key kept
// exactly, run 2's keys met again are all in doubt.
TEST_F(RepeatRounds, TimeKeysInDoubtMergedInRoundsGiveTheRowsOfOneMerge) {
  int rounds = 0, merges_once = 0, merges_each = 0;
  const auto once = load(kNever, rounds, 0, &merges_once);
  EXPECT_EQ(time_rounds, 0);
  EXPECT_EQ(merges_once, 1);
  const auto each = load(kNever, rounds, 0, &merges_each, kEachFile);
  ASSERT_EQ(once.size(), 60u + 60u);
  EXPECT_EQ(each, once);
  EXPECT_GE(time_rounds, 5);  // run 2's 8 files each meet stored keys
  EXPECT_EQ(merges_each, 0);  // its last file's round left none waiting
  // Every key in doubt here is stored, so the rows cannot show whether a
  // round inserts the missing ones (a key filter's false positive): each
  // round runs that insert before it empties run_times.
  EXPECT_EQ(time_round_inserts, time_rounds);
}

// The final merge's songplays and time steps run only when the run left
// plays or time keys waiting for them, its users steps only when users held
// rows; otherwise the step log reports them skipped, with why, numbered as
// if they had run.
TEST_F(RepeatRounds, AFinalMergeWithNothingWaitingIsSkippedAndSaysWhy) {
  warehouse::DuckDbWarehouse db(":memory:");
  for (const auto& statement : db.dialect().create_tables()) db.execute(statement);
  std::map<std::string, std::string> skipped;  // step name -> why, for each run
  std::vector<std::string> ran;
  int last_number = 0, total = 0;
  for (int run = 1; run <= 2; ++run) {
    skipped.clear();
    ran.clear();
    load_run(db, run, kNever, [&](EtlOptions& options) {
      options.on_step = [&](const StepReport& step) {
        if (step.skipped.empty()) {
          ran.emplace_back(step.name);
        } else {
          skipped[std::string(step.name)] = step.skipped;
        }
        last_number = step.number;
        total = step.total;
      };
    });
    EXPECT_EQ(last_number, total) << "run " << run;
    if (run == 1) {  // 40 new plays at 40 times
      EXPECT_EQ(skipped["find changed songplays"], "no play's key repeated");
      EXPECT_EQ(skipped["update changed songplays"], "no play's key repeated");
      EXPECT_EQ(skipped["insert changed songplays"], "no play's key repeated");
      EXPECT_EQ(skipped["insert repeated time"], "no time key in doubt");
      EXPECT_EQ(skipped["find changed users"], "no users stored: picked as read");
      EXPECT_EQ(skipped["insert changed users"], "no users stored: picked as read");
    }
  }
  // Run 2 repeats plays and times, and meets its users again: every step
  // runs but the time merge: each repeated time key is known to be stored.
  EXPECT_EQ(skipped, (std::map<std::string, std::string>{{"insert repeated time", "no time key in doubt"}}));
  EXPECT_EQ(std::count(ran.begin(), ran.end(), "find changed songplays"), 1);
  EXPECT_EQ(std::count(ran.begin(), ran.end(), "find changed users"), 1);
  EXPECT_EQ(db.query("SELECT count(*) FROM songplays").rows.at(0).at(0), "60");
}

// A run creates only the work tables it uses, each once: a first run of new
// plays at new times none (its users go straight to users); a run that
// repeats them those of the songplays and users merges (its repeated time
// keys are all known to be stored: no run_times). Neither run's
// files were loaded before, so neither needs run_files.
TEST_F(RepeatRounds, ARunCreatesOnlyTheWorkTablesItUses) {
  warehouse::DuckDbWarehouse db(":memory:");
  for (const auto& statement : db.dialect().create_tables()) db.execute(statement);
  std::vector<std::string> created;
  const auto watch = [&](EtlOptions& options) {
    options.progress = [&](std::string_view line) {
      if (line.starts_with("create ")) created.emplace_back(line.substr(0, line.find(" (")));
    };
  };
  load_run(db, 1, kNever, watch);
  EXPECT_EQ(created, (std::vector<std::string>{}));
  created.clear();
  load_run(db, 2, kNever, watch);
  std::sort(created.begin(), created.end());
  EXPECT_EQ(created, (std::vector<std::string>{"create changed_songplays", "create changed_users",
                                               "create repeat_plays", "create run_users"}));
  EXPECT_EQ(db.query("SELECT count(*) FROM songplays").rows.at(0).at(0), "60");
}

// A play equal in every column to its stored row is dropped before any
// merge (StreamLimits::stored_plays_bytes): run 2 brings the odd items below
// 40 exactly as run 1 stored them. The rows are those of merging every play,
// with the stored rows held in full and in part (a budget of a few rows).
TEST_F(RepeatRounds, PlaysEqualToTheirStoredRowsAreDroppedWithTheRowsOfAMerge) {
  int rounds = 0;
  const auto merged = load(kEachFile, rounds);
  ASSERT_EQ(merged.size(), 60u + 60u);
  for (const std::size_t held : {StreamLimits{}.stored_plays_bytes, std::size_t{4096}}) {
    stored_plays_bytes = held;
    std::string appended;  // run 2's events summary
    warehouse::DuckDbWarehouse db(":memory:");
    for (const auto& statement : db.dialect().create_tables()) db.execute(statement);
    for (int run = 1; run <= 2; ++run) {
      load_run(db, run, kEachFile, [&](EtlOptions& options) {
        options.progress = [&](std::string_view line) {
          if (line.starts_with("read ") && line.find("event file(s)") != std::string_view::npos) appended = line;
        };
      });
    }
    EXPECT_EQ(round_plays::songplays_and_time(db), merged) << held << " bytes held";
    if (held == StreamLimits{}.stored_plays_bytes) {
      EXPECT_NE(appended.find("appended, 20 play(s) equal to a stored row left as stored"), std::string::npos)
          << appended;
    } else {
      EXPECT_EQ(appended.find(" 20 play(s) equal"), std::string::npos) << appended;  // some did not fit
    }
  }
}

// Run 1's file loaded again (as `etl --full` does) merges nothing: every
// play and time key equals a stored one, no work table is made for them (the
// manifest's and the users' merges make theirs), the merge steps are skipped
// and say why, and the tables are as they were; with no time key kept
// exactly (StreamLimits::exact_time_keys 0) too: the stored ones held settle
// them.
TEST_F(RepeatRounds, ARerunOfStoredFilesMergesNothingAndChangesNothing) {
  stored_plays_bytes = StreamLimits{}.stored_plays_bytes;
  for (const std::uint64_t exact_time_keys : {StreamLimits{}.exact_time_keys, std::uint64_t{0}}) {
    warehouse::DuckDbWarehouse db(":memory:");
    for (const auto& statement : db.dialect().create_tables()) db.execute(statement);
    load_run(db, 1, kEachFile, [](EtlOptions&) {});
    const auto stored = round_plays::songplays_and_time(db);
    ASSERT_EQ(stored.size(), 40u + 40u);
    std::vector<std::string> created;
    std::map<std::string, std::string> skipped;
    load_run(db, 1, kEachFile, [&](EtlOptions& options) {
      options.full = true;
      options.limits.exact_time_keys = exact_time_keys;
      options.progress = [&](std::string_view line) {
        if (line.starts_with("create ")) created.emplace_back(line.substr(0, line.find(" (")));
      };
      options.on_step = [&](const StepReport& step) {
        if (!step.skipped.empty()) skipped[std::string(step.name)] = step.skipped;
      };
    });
    EXPECT_EQ(round_plays::songplays_and_time(db), stored);
    std::sort(created.begin(), created.end());
    EXPECT_EQ(created, (std::vector<std::string>{"create changed_users", "create run_files", "create run_users"}))
        << exact_time_keys;
    EXPECT_EQ(skipped["find changed songplays"], "no play waits; 40 equal to a stored row");
    EXPECT_EQ(skipped["insert changed songplays"], "no play waits; 40 equal to a stored row");
    EXPECT_EQ(skipped["insert repeated time"], "no time key in doubt") << exact_time_keys;
  }
}

// A run that meets stored days reads their keys for windows of days it has
// not met yet, and days it meets later, stored or not, come out as if every
// line were loaded in one run (a merge's result does not depend on order).
// Run 1 stores days 0-9 and 12-15, three plays each; run 2 brings 20 days
// in one file each, in day order and shuffled: each stored play again, one
// of them changed on every other day ("free" wins over "paid"), and a new
// play on every day. Every stored play met again is found equal to its row
// (the rows, too, are read for several days at once).
TEST_F(RepeatRounds, StoredDaysReadInWindowsGiveTheRowsOfOneRun) {
  stored_plays_bytes = StreamLimits{}.stored_plays_bytes;
  std::map<int, std::string> first, second;  // by day
  for (int day = 0; day < 20; ++day) {
    const bool stored = day < 10 || (day >= 12 && day < 16);
    for (int k = 0; k < 3 && stored; ++k) {
      first[day] += round_plays::play_line_on_day(day, k, "paid", "Here");
      second[day] += round_plays::play_line_on_day(day, k, k == 0 && day % 2 == 0 ? "free" : "paid", "Here");
    }
    second[day] += round_plays::play_line_on_day(day, 5, "paid", "New");
  }
  auto files = [](const std::map<int, std::string>& days, const std::vector<int>& order, const char* run) {
    std::map<std::string, std::string> out;
    for (std::size_t i = 0; i < order.size(); ++i) {
      if (days.contains(order[i])) out[fmt::format("mem://log_data/{}-{:02}.json", run, i)] = days.at(order[i]);
    }
    return out;
  };
  std::vector<int> in_order(20);
  std::iota(in_order.begin(), in_order.end(), 0);
  const std::vector<std::pair<const char*, std::vector<int>>> orders{
      {"in order", in_order}, {"shuffled", {13, 2, 19, 0, 7, 11, 4, 15, 9, 1, 17, 6, 12, 3, 18, 10, 5, 14, 8, 16}}};
  // Every line in one run: the rows both runs must give.
  warehouse::DuckDbWarehouse once(":memory:");
  for (const auto& statement : once.dialect().create_tables()) once.execute(statement);
  auto all = files(first, in_order, "a");
  all.merge(files(second, in_order, "b"));
  load_files(once, all, kNever, [](EtlOptions&) {});
  const auto expected = round_plays::songplays_and_time(once);
  ASSERT_EQ(expected.size(), 2u * (14u * 3u + 20u));
  for (const auto& [name, order] : orders) {
    warehouse::DuckDbWarehouse db(":memory:");
    for (const auto& statement : db.dialect().create_tables()) db.execute(statement);
    load_files(db, files(first, in_order, "a"), kNever, [](EtlOptions&) {});
    const std::string summary = load_files(db, files(second, order, "b"), kNever, [](EtlOptions&) {});
    EXPECT_EQ(round_plays::songplays_and_time(db), expected) << name;
    // 14 stored days of 3 plays, one changed on each of the 7 even ones.
    EXPECT_NE(summary.find("appended, 35 play(s) equal to a stored row"), std::string::npos) << name << ": " << summary;
  }
}

// A rerun finds every play equal to its stored row whatever its values: a
// length of 17 digits or none, non-ASCII and missing texts, as DuckDB's text
// of them reads back.
TEST_F(RepeatRounds, ARerunFindsEveryVariedPlayEqualToItsStoredRow) {
  warehouse::DuckDbWarehouse db(":memory:");
  for (const auto& statement : db.dialect().create_tables()) db.execute(statement);
  std::string lines;
  for (int item = 0; item < 30; ++item) lines += round_plays::varied_play_line(item);
  const std::map<std::string, std::string> files{{"mem://log_data/varied.json", lines}};
  round_plays::load_events(db, files, rejects);
  const auto stored = round_plays::songplays_and_time(db);
  ASSERT_EQ(stored.size(), 30u + 30u);
  const std::string summary = round_plays::load_events(db, files, rejects, round_plays::every_file);
  EXPECT_NE(summary.find("appended, 30 play(s) equal to a stored row"), std::string::npos) << summary;
  EXPECT_EQ(round_plays::songplays_and_time(db), stored);
}

// New plays on a stored day read none of its rows, only its keys, even when
// the key filter nominates every one of them: a million stored keys fill a
// filter sized for a small file, so each new play "may" repeat, and only the
// day's keys tell that none does. Their rows are those of a merge.
TEST_F(RepeatRounds, NewPlaysOnAStoredDayReadNoneOfItsRows) {
  stored_plays_bytes = StreamLimits{}.stored_plays_bytes;
  warehouse::DuckDbWarehouse db(":memory:");
  spill_apart(db, "new-plays");
  for (const auto& statement : db.dialect().create_tables()) db.execute(statement);
  constexpr int kStored = 1'000'000;  // on 2018-11-01, 80 ms apart
  db.execute({"fill songplays", fmt::format(R"(INSERT INTO songplays
SELECT CAST(md5(CAST(g AS VARCHAR)) AS UUID), TIMESTAMP '2018-11-01' + g * INTERVAL '80 milliseconds', 7, 'free',
       NULL, NULL, g, 'There', 'UA', 'S', 'A', 100.5
FROM range({}) t(g))",
                                            kStored)});
  db.execute({"fill time", "INSERT INTO time SELECT DISTINCT start_time, 0, 1, 44, 11, 2018, 4 FROM songplays"});
  std::string lines;
  for (int item = 0; item < 10; ++item) lines += play_line(item, "paid", "Here");  // 2018-11-01, new keys
  const std::string summary = round_plays::load_events(db, {{"mem://log_data/late.json", lines}}, rejects);
  EXPECT_EQ(summary.find("stored day(s) read"), std::string::npos) << summary;
  EXPECT_EQ(db.query("SELECT count(*) FROM songplays").rows.at(0).at(0), std::to_string(kStored + 10));
  EXPECT_EQ(db.query("SELECT count(*) FROM songplays WHERE location = 'Here'").rows.at(0).at(0), "10");
}

// A line written twice in a row is one play: the worker drops the second
// copy, so nothing waits for the final merge. The same play twice but not in
// a row, or twice in a row with a column changed, still goes through the
// merge, which keeps the best row by the rule.
TEST_F(RepeatRounds, ALineWrittenTwiceInARowNeedsNoMerge) {
  struct Case {
    std::string name, lines;
    bool merged;           // whether "find changed songplays" ran
    std::string location;  // item 0's location in songplays afterwards
  };
  const std::vector<Case> cases = {
      {"twice in a row", play_line(0, "paid", "Here") + play_line(0, "paid", "Here") + play_line(1, "paid", "Here"),
       false, "Here"},
      {"twice, not in a row",
       play_line(0, "paid", "Here") + play_line(1, "paid", "Here") + play_line(0, "paid", "Here"), true, "Here"},
      {"twice in a row, changed",
       play_line(0, "paid", "Here") + play_line(0, "paid", "Aaa") + play_line(1, "paid", "Here"), true, "Aaa"},
  };
  for (const Case& c : cases) {
    warehouse::DuckDbWarehouse db(":memory:");
    for (const auto& statement : db.dialect().create_tables()) db.execute(statement);
    bool merged = false;
    load_files(db, {{"mem://log_data/day.json", c.lines}}, kNever, [&](EtlOptions& options) {
      options.on_step = [&](const StepReport& step) {
        if (step.name == "find changed songplays") merged = step.skipped.empty();
      };
    });
    EXPECT_EQ(merged, c.merged) << c.name;
    EXPECT_EQ(db.query("SELECT count(*) FROM songplays").rows.at(0).at(0), "2") << c.name;
    EXPECT_EQ(db.query("SELECT count(*) FROM time").rows.at(0).at(0), "2") << c.name;
    EXPECT_EQ(db.query("SELECT location FROM songplays ORDER BY start_time LIMIT 1").rows.at(0).at(0), c.location)
        << c.name;
  }
}

// A warehouse that forwards to DuckDB and notes which statements ran while
// the engine's memory was capped (Warehouse::limit_memory), and under which
// cap, and which ran while it worked on the calling thread alone
// (Warehouse::work_on_calling_thread).
class CapWatch final : public warehouse::Warehouse {
 public:
  explicit CapWatch(warehouse::Warehouse& inner) : inner_(inner) {}
  std::string describe() const override { return inner_.describe(); }
  const sql::Dialect& dialect() const override { return inner_.dialect(); }
  void execute(const sql::Statement& statement) override {
    note(statement);
    inner_.execute(statement);
  }
  std::optional<std::int64_t> execute_counted(const sql::Statement& statement) override {
    note(statement);
    return inner_.execute_counted(statement);
  }
  warehouse::QueryResult query(std::string_view sql) override { return inner_.query(sql); }
  void begin() override { inner_.begin(); }
  void commit() override { inner_.commit(); }
  void rollback() override { inner_.rollback(); }
  std::unique_ptr<warehouse::StagingLoader> open_staging_loader() override { return inner_.open_staging_loader(); }
  std::unique_ptr<warehouse::RunLoader> open_run_loader() override { return inner_.open_run_loader(); }
  void limit_memory(std::optional<std::size_t> bytes) override {
    cap = bytes;
    if (bytes) caps.push_back(*bytes);
    events.push_back(bytes ? "cap " + std::to_string(*bytes) : "lift");
    inner_.limit_memory(bytes);
  }
  bool runs_in_process() const override { return in_process && inner_.runs_in_process(); }
  void work_on_calling_thread(bool on) override {
    calling_thread = on;
    if (on) ++calling_thread_spells;
    inner_.work_on_calling_thread(on);
  }

  bool in_process = true;  // false: it says it runs in a server
  std::optional<std::size_t> cap;
  std::vector<std::size_t> caps;  // every cap set, in order
  std::vector<std::string> run_while_capped;
  std::map<std::string, std::size_t> last_cap_of;  // statement name -> the cap it last ran under
  bool calling_thread = false;
  int calling_thread_spells = 0;  // how often it was turned on
  std::vector<std::string> run_on_calling_thread;
  std::vector<std::string> events;  // "run NAME", "cap BYTES", "lift", in order

 private:
  void note(const sql::Statement& statement) {
    events.push_back("run " + statement.name);
    if (calling_thread) run_on_calling_thread.push_back(statement.name);
    if (!cap) return;
    run_while_capped.push_back(statement.name);
    last_cap_of[statement.name] = *cap;
  }
  warehouse::Warehouse& inner_;
};

// The buffer pool's limit in bytes, as DuckDB shows it ("18.8 GiB", to a
// tenth of its unit): the pool's, not the setting's text, which DuckDB
// 1.4.4's RESET changes without changing the limit.
double limit_in_force(warehouse::Warehouse& db) {
  const std::string text = db.query("SELECT memory_limit FROM pragma_database_size()").rows.at(0).at(0).value_or("");
  const std::size_t space = text.find(' ');
  const std::string unit = space == std::string::npos ? "" : text.substr(space + 1);
  const std::map<std::string, double> units = {
      {"bytes", 1.0}, {"KiB", 0x1p10}, {"MiB", 0x1p20}, {"GiB", 0x1p30}, {"TiB", 0x1p40}};
  EXPECT_TRUE(units.contains(unit)) << text;
  return std::stod(text.substr(0, space)) * (units.contains(unit) ? units.at(unit) : 0.0);
}

class DuckDbCap : public RepeatRounds {
 protected:
  DuckDbCap() {
    spill_apart(db, "duckdb-cap");
    for (const auto& statement : db.dialect().create_tables()) db.execute(statement);
    own_limit = limit_in_force(db);
    db.execute({"three threads", "SET threads = 3"});  // not 1 on any machine
  }

  std::string threads() { return db.query("SELECT current_setting('threads')").rows.at(0).at(0).value_or(""); }

  // One run of `files` into the watched warehouse; checks that DuckDB's own
  // limit and threads are in force in every merge round and after the run.
  void load(std::map<std::string, std::string> files, std::size_t per_round,
            std::uint64_t exact_time_keys = StreamLimits{}.exact_time_keys) {
    round_plays::load_events(watch, std::move(files), rejects, [&](EtlOptions& options) {
      options.limits.repeat_bytes_per_round = per_round;
      options.limits.exact_time_keys = exact_time_keys;
      options.limits.stored_plays_bytes = 0;  // every stored key met again reaches the merges watched here
      options.progress = [&](std::string_view line) {
        if (line.starts_with("clear repeat_plays")) {
          ++rounds;
          EXPECT_NEAR(limit_in_force(db), own_limit, own_limit / 100) << "in a merge round";
          EXPECT_EQ(threads(), "3") << "in a merge round";
        }
      };
    });
    EXPECT_FALSE(watch.cap.has_value());
    EXPECT_NEAR(limit_in_force(db), own_limit, own_limit / 100) << "after the run";
    EXPECT_FALSE(watch.calling_thread);
    EXPECT_EQ(threads(), "3") << "after the run";
  }

  warehouse::DuckDbWarehouse db{":memory:"};
  CapWatch watch{db};
  double own_limit = 0;
  int rounds = 0;
};

// While events stream, DuckDB's memory is capped so the blocks the load
// writes leave its cache, and it works on the appending thread alone. Each
// merge round runs with DuckDB's own limit and threads; the final merge of a
// few plays runs under the larger cap of a small merge, with DuckDB's
// threads. The run leaves the limit and the threads as it found them.
TEST_F(DuckDbCap, CappedWhileEventsStreamLiftedForEachRound) {
  ASSERT_GT(own_limit, 4.0 * kSmallMergeEngineMemory);
  load(run_files(1), kEachFile);
  load(run_files(2), kEachFile);
  EXPECT_GE(rounds, 5);
  const auto& caps = watch.caps;
  // Per run: the streaming cap, again after each round, then the small merge's.
  EXPECT_GE(std::count(caps.begin(), caps.end(), kStreamingEngineMemory), 2 + rounds);
  EXPECT_EQ(std::count(caps.begin(), caps.end(), kSmallMergeEngineMemory), 2);
  const auto& capped = watch.run_while_capped;
  EXPECT_EQ(std::count(capped.begin(), capped.end(), "clear repeat_plays"), 0);
  // Each run's final merge (its songplays steps are skipped: the rounds left
  // no play waiting; the first run's users steps too: users was empty).
  EXPECT_EQ(std::count(capped.begin(), capped.end(), "find changed users"), 1);
  EXPECT_EQ(watch.last_cap_of["find changed users"], kSmallMergeEngineMemory);
  // Per run: on the calling thread while streaming, again after each round.
  EXPECT_GE(watch.calling_thread_spells, 2 + rounds);
  const auto& on_calling_thread = watch.run_on_calling_thread;
  EXPECT_EQ(std::count(on_calling_thread.begin(), on_calling_thread.end(), "find changed songplays"), 0);
  EXPECT_EQ(std::count(on_calling_thread.begin(), on_calling_thread.end(), "clear repeat_plays"), 0);
}

// On an engine in a server the rounds of plays are sized by
// StreamLimits::repeat_bytes_per_round_in_server instead.
TEST_F(DuckDbCap, AServerEngineMergesPlaysInRoundsOfItsOwnSize) {
  load(run_files(1), kEachFile);
  watch.in_process = false;
  rounds = 0;
  load(run_files(2), kEachFile);  // the server's size is the default: no round here
  EXPECT_EQ(rounds, 0);
  EXPECT_EQ(db.query("SELECT count(*) FROM songplays").rows.at(0).at(0), "60");
}

// A final merge of more than kCappedMergePlays plays runs with DuckDB's own
// limit: the second run repeats every play of the first, in one round.
TEST_F(DuckDbCap, AFinalMergeOfManyPlaysRunsWithDuckDbsOwnLimit) {
  std::string lines;
  for (int item = 0; item <= static_cast<int>(kCappedMergePlays); ++item) lines += play_line(item, "paid", "Here");
  load({{"mem://log_data/one.json", lines}}, kNever);
  watch.run_while_capped.clear();
  load({{"mem://log_data/again.json", lines}}, kNever);
  EXPECT_EQ(rounds, 0);
  // Only empty work tables were made under the cap (repeat_plays when the
  // first play repeats, run_users and run_times as the events end).
  std::vector<std::string> capped_steps;
  for (const auto& name : watch.run_while_capped) {
    if (!name.starts_with("drop ") && !name.starts_with("create ")) capped_steps.push_back(name);
  }
  EXPECT_EQ(capped_steps, std::vector<std::string>{});
  EXPECT_EQ(db.query("SELECT count(*) FROM songplays").rows.at(0).at(0), std::to_string(kCappedMergePlays + 1));
}

// So does a final merge of more than kCappedMergeTimes time keys in doubt,
// however few plays wait with them (a capped one ran out of memory: a `--full`
// rerun of 2M events whose last round left few plays waiting, with 1.2M time
// keys in doubt). The second run repeats every play of the first, whose
// plays merge in a round after the file; no time key is kept exactly.
TEST_F(DuckDbCap, AFinalMergeOfManyTimeKeysRunsWithDuckDbsOwnLimit) {
  std::string lines;
  for (int item = 0; item <= static_cast<int>(kCappedMergeTimes); ++item) lines += play_line(item, "paid", "Here");
  load({{"mem://log_data/one.json", lines}}, kNever, 0);
  watch.run_while_capped.clear();
  load({{"mem://log_data/again.json", lines}}, kEachFile, 0);
  EXPECT_EQ(rounds, 1);
  const auto& capped = watch.run_while_capped;
  EXPECT_EQ(std::count(capped.begin(), capped.end(), "insert repeated time"), 0);
  EXPECT_EQ(std::count(capped.begin(), capped.end(), "find changed users"), 0);
  EXPECT_EQ(db.query("SELECT count(*) FROM time").rows.at(0).at(0), std::to_string(kCappedMergeTimes + 1));
}

// After each song merge step DuckDB's cache is emptied: its limit goes down
// to the streaming cap and straight back to its own, so the steps run
// uncapped and what each cached does not add up over the steps.
TEST_F(DuckDbCap, TheCacheIsEmptiedAfterEachSongMergeStepWhichRunsUncapped) {
  std::map<std::string, std::string> song_files;
  for (int i = 0; i < 3; ++i) {
    song_files["mem://song_data/A/TR" + std::to_string(i) + ".json"] =
        R"({"num_songs":1,"artist_id":"AR1","artist_latitude":null,"artist_longitude":null,"artist_location":"",)"
        R"("artist_name":"A","song_id":"SO)" +
        std::to_string(i) + R"(","title":"S","duration":200.5,"year":0})";
  }
  fakes::MemorySource songs{"mem://song_data", std::move(song_files)};
  fakes::MemorySource logs{"mem://log_data", run_files(1)};
  // A stored song, so that the run's songs are merged; songplays holds
  // nothing, so nothing is matched again and the rematch steps do not run.
  db.execute({"a stored song", "INSERT INTO songs VALUES ('SO9', 'T', 'AR9', 0, 1.0)"});
  EtlOptions options;
  options.rejects_path = rejects;
  options.threads = 1;
  run_etl(watch, songs, logs, options);
  std::vector<std::string> song_steps;
  for (const auto& step : db.dialect().find_changed_songs_and_artists()) song_steps.push_back(step.name);
  for (const auto& step : db.dialect().apply_changed_songs_and_artists()) song_steps.push_back(step.name);
  ASSERT_GE(song_steps.size(), 5u);
  const auto& events = watch.events;
  for (const auto& steps : {db.dialect().note_rematch_titles(), db.dialect().rematch_songplays()}) {
    for (const auto& step : steps) EXPECT_EQ(std::count(events.begin(), events.end(), "run " + step.name), 0);
  }
  for (const auto& step : song_steps) {
    const auto at = std::find(events.begin(), events.end(), "run " + step);
    ASSERT_NE(at, events.end()) << step;
    ASSERT_GE(std::distance(at, events.end()), 3) << step;
    EXPECT_EQ(*(at + 1), "cap " + std::to_string(kStreamingEngineMemory)) << "after " << step;
    EXPECT_EQ(*(at + 2), "lift") << "after " << step;
    EXPECT_EQ(std::count(watch.run_while_capped.begin(), watch.run_while_capped.end(), step), 0) << step;
  }
  EXPECT_FALSE(watch.cap.has_value());
  EXPECT_NEAR(limit_in_force(db), own_limit, own_limit / 100) << "after the run";
  EXPECT_EQ(db.query("SELECT count(*) FROM songs").rows.at(0).at(0), "4");
  EXPECT_EQ(db.query("SELECT count(*) FROM songplays WHERE song_id IS NOT NULL").rows.at(0).at(0), "40");
}

}  // namespace
}  // namespace sparkify::pipeline
