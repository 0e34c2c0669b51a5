// Live progress and the step log, on the real binary: `etl` with stderr on a
// pseudo-terminal (one line per phase redrawn with \r, files, records and an
// ETA, finalized at the end), on a pipe (ISO-8601 timestamped lines, no
// control character, the first within 1 s), with --quiet (nothing but the
// summary), and `check`'s colours (a terminal without NO_COLOR only).
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <regex>
#include <sstream>

#include "harness/stderr_watch.h"
#include "harness/workspace.h"
#include "warehouse/duckdb_warehouse.h"

namespace sparkify::testing {
namespace {

class Progress : public ::testing::Test {
 protected:
  // Big enough that one parse thread takes well over half a second over the
  // events: several redraws at 10 per second, several lines at a 0.1 s
  // interval.
  static void SetUpTestSuite() {
    ws_ = std::make_unique<Workspace>();
    ws_->generate("data", 2000, 500000, 11);
    ws_->generate("small", 50, 2000, 12);
  }
  static void TearDownTestSuite() { ws_.reset(); }

  // `sparkify --target duckdb:<db>.duckdb etl --source <data> ARGS` on a fresh
  // warehouse, stderr watched as `kind`.
  static WatchedRun etl(const std::string& db, const std::string& data, StderrKind kind,
                        std::vector<std::string> args = {}, std::vector<std::pair<std::string, std::string>> env = {}) {
    const std::string target = "duckdb:" + db + ".duckdb";
    ws_->sparkify_ok({"--target", target, "create-tables"});
    std::vector<std::string> argv{SPARKIFY_BINARY, "--target", target, "etl", "--source", data, "--threads", "1"};
    argv.insert(argv.end(), args.begin(), args.end());
    WatchOptions options;
    options.kind = kind;
    options.cwd = ws_->path();
    options.env = std::move(env);
    auto run = run_watching_stderr(argv, options);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return run;
  }

  static std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }

  static std::unique_ptr<Workspace> ws_;
};

std::unique_ptr<Workspace> Progress::ws_;

const std::regex kLiveEventsLine(R"(events: \d+ of 30 files, [\d,]+ records, [\d.]+ MB/s, ETA (\d+ s|\d+m\d\ds))");
const std::regex kFinalEventsLine(R"(events: 30 of 30 files, [\d,]+ records, [\d.]+ MB/s, done in [\d.]+ s)");

TEST_F(Progress, TerminalRedrawsOneLinePerPhaseWithFilesRecordsEtaAndFinalizesIt) {
  const auto run = etl("tty", "data", StderrKind::terminal);
  ASSERT_GT(run.took, std::chrono::milliseconds(500)) << "the data set no longer lasts long enough to show progress";
  // Each redraw returns to the start of the line and clears what was there.
  std::vector<std::string> redraws;
  std::size_t at = 0;
  while ((at = run.err.find('\r', at)) != std::string::npos) {
    const auto end = run.err.find_first_of("\r\n", at + 1);
    redraws.push_back(run.err.substr(at + 1, end == std::string::npos ? std::string::npos : end - at - 1));
    at = at + 1;
  }
  const auto live = std::count_if(redraws.begin(), redraws.end(), [](const std::string& r) {
    return std::regex_search(r, kLiveEventsLine) && r.ends_with("\033[K");
  });
  EXPECT_GE(live, 2) << run.err;
  // The phase ends with its final state, on a line of its own.
  std::smatch final_match;
  EXPECT_TRUE(std::regex_search(
      run.err, final_match,
      std::regex("\r" + std::string(R"(events: 30 of 30 files, [\d,]+ records, [\d.]+ MB/s, done in [\d.]+ s)") +
                 "\033\\[K\n")))
      << run.err;
  // The first output within 1 s, then never 2 s without a redraw until the end.
  ASSERT_FALSE(run.chunks.empty());
  EXPECT_LT(run.chunks.front().at, std::chrono::milliseconds(1000));
  for (std::size_t i = 1; i < run.chunks.size(); ++i) {
    EXPECT_LT(run.chunks[i].at - run.chunks[i - 1].at, std::chrono::milliseconds(2000)) << "chunk " << i;
  }
  EXPECT_NE(run.out.find("run 1 done"), std::string::npos) << run.out;
}

TEST_F(Progress, PipeGetsTimestampedLinesAndNoControlCharacter) {
  const auto run = etl("pipe", "data", StderrKind::pipe, {}, {{"SPARKIFY_PROGRESS_INTERVAL", "0.1"}});
  for (const unsigned char c : run.err) {
    ASSERT_TRUE(c >= 0x20 || c == '\n') << "byte " << static_cast<int>(c) << " in:\n" << run.err;
  }
  const std::regex stamped(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ events: \d+ of 30 files, [\d,]+ records)");
  const auto lines = lines_of(run.err);
  EXPECT_GE(std::count_if(lines.begin(), lines.end(), [&](const auto& l) { return std::regex_search(l, stamped); }), 3)
      << run.err;
  EXPECT_TRUE(std::any_of(lines.begin(), lines.end(), [](const auto& l) {
    return std::regex_search(l, kFinalEventsLine);
  })) << run.err;
}

TEST_F(Progress, PipeGetsItsFirstLineWithinOneSecondAtTheDefaultInterval) {
  const auto run = etl("first", "data", StderrKind::pipe);
  // The first chunk by which a progress line has arrived: a line may come in
  // more than one read of the pipe.
  std::string arrived;
  const auto first = std::find_if(run.chunks.begin(), run.chunks.end(), [&](const StderrChunk& chunk) {
    arrived += chunk.bytes;
    return std::regex_search(arrived, std::regex(R"(\d\dZ (listing|songs|events))"));
  });
  ASSERT_NE(first, run.chunks.end()) << run.err;
  EXPECT_LT(first->at, std::chrono::milliseconds(1000)) << first->bytes;
}

// A first load finds nothing stored to merge with, so every step is skipped;
// the same files again (--full) merge their repeated keys and users.
TEST_F(Progress, StepLogNumbersEachTransformStepWithItsRows) {
  etl("steps", "small", StderrKind::pipe);
  WatchOptions options;
  options.kind = StderrKind::pipe;
  options.cwd = ws_->path();
  const auto run = run_watching_stderr(
      {SPARKIFY_BINARY, "--target", "duckdb:steps.duckdb", "etl", "--source", "small", "--full"}, options);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  // A step with nothing to do is numbered too (SKIP, with why).
  const std::regex step(R"(^\d\d:\d\d:\d\d  +(\d+) of (\d+) (?:OK|SKIP) (.+?) \.{3,} \[(.*)\]$)");
  int expected = 1, total = 0;
  bool songplay_rows = false;
  for (const auto& line : lines_of(run.err)) {
    std::smatch m;
    if (!std::regex_match(line, m, step)) continue;
    EXPECT_EQ(std::stoi(m[1]), expected++) << line;
    total = std::stoi(m[2]);
    if (m[3] == "insert kept songplays" || m[3] == "find changed users") {
      songplay_rows = songplay_rows || std::regex_match(m[4].str(), std::regex(R"([\d,]+ rows in [\d.]+ s)"));
    }
  }
  EXPECT_GT(total, 5) << run.err;
  EXPECT_EQ(expected - 1, total) << run.err;
  EXPECT_TRUE(songplay_rows) << run.err;
}

TEST_F(Progress, StepLogSaysWhichStepFailed) {
  ws_->sparkify_ok({"--target", "duckdb:broken.duckdb", "create-tables"});
  {  // a stored user, so the users merge runs, on a users table it cannot read
    warehouse::DuckDbWarehouse warehouse((ws_->path() / "broken.duckdb").string());
    warehouse.execute({"store a user", "INSERT INTO users VALUES (1, 'F', 'L', 'F', 'free', 0, 0, 0)"});
    warehouse.execute({"break users", "ALTER TABLE users RENAME COLUMN level TO old_level"});
  }
  WatchOptions options;
  options.kind = StderrKind::pipe;
  options.cwd = ws_->path();
  const auto run =
      run_watching_stderr({SPARKIFY_BINARY, "--target", "duckdb:broken.duckdb", "etl", "--source", "small"}, options);
  EXPECT_EQ(run.exit_code, 1) << run.err;
  std::smatch failed;
  ASSERT_TRUE(std::regex_search(
      run.err, failed, std::regex(R"(\n\d\d:\d\d:\d\d  +\d+ of \d+ ERROR (.+?) \.{3,} \[failed after [\d.]+ s\]\n)")))
      << run.err;
  EXPECT_NE(run.err.find("sparkify: DuckDB failed to " + failed[1].str() + ": "), std::string::npos) << run.err;
}

TEST_F(Progress, QuietPrintsOnlyTheSummary) {
  const auto run = etl("quiet", "data", StderrKind::terminal, {"--quiet"});
  EXPECT_EQ(run.err, "");
  EXPECT_NE(run.out.find("run 1 done"), std::string::npos) << run.out;
}

TEST_F(Progress, CheckColoursOnlyOnATerminalWithoutNoColor) {
  const std::string target = "duckdb:check.duckdb";
  ws_->sparkify_ok({"--target", target, "create-tables"});
  ws_->sparkify_ok({"--target", target, "etl", "--source", "small"});
  auto check = [&](std::vector<std::pair<std::string, std::string>> env) {
    WatchOptions options;
    options.stdout_on_terminal = true;
    options.cwd = ws_->path();
    options.env = std::move(env);
    return run_watching_stderr({SPARKIFY_BINARY, "--target", target, "check"}, options).err;
  };
  EXPECT_NE(check({{"NO_COLOR", ""}}).find("\033[32mPASS\033[0m"), std::string::npos);
  const auto no_color = check({{"NO_COLOR", "1"}});
  EXPECT_NE(no_color.find("PASS"), std::string::npos) << no_color;
  EXPECT_EQ(no_color.find('\033'), std::string::npos) << no_color;
  CommandOptions unset_no_color;
  unset_no_color.env = {{"NO_COLOR", ""}};
  const auto piped = ws_->sparkify_ok({"--target", target, "check"}, unset_no_color);
  EXPECT_NE(piped.out.find("PASS"), std::string::npos) << piped.out;
  EXPECT_EQ(piped.out.find('\033'), std::string::npos) << piped.out;
}

}  // namespace
}  // namespace sparkify::testing
