// `sparkify query` output for people, with the real binary: named weekdays, a
// table on a terminal (a pseudo-terminal from util-linux `script`) cut to its
// first 40 rows unless --all, every row on a pipe, markdown with --chart.
#include <gtest/gtest.h>

#include <memory>

#include "harness/workspace.h"

namespace sparkify::testing {
namespace {

class QueryTerminalOutput : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ws_ = std::make_unique<Workspace>();
    ws_->generate("data", 60, 1500, 8);
    ws_->sparkify_ok({"create-tables"});
    ws_->sparkify_ok({"etl", "--source", "data"});
  }
  static void TearDownTestSuite() { ws_.reset(); }

  // sparkify ARGS run with stdout on a pseudo-terminal; returns what it printed.
  static std::string on_terminal(const std::string& args) {
    CommandOptions options;
    options.cwd = ws_->path();
    auto result = run_command({"script", "-qec", std::string(SPARKIFY_BINARY) + " " + args, "/dev/null"}, options);
    EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
    return result.out;
  }

  static std::unique_ptr<Workspace> ws_;
};

std::unique_ptr<Workspace> QueryTerminalOutput::ws_;

const std::string kSixtySongs = "'SELECT song_id FROM songs ORDER BY song_id LIMIT 60'";

TEST_F(QueryTerminalOutput, TableOnATerminalShowsTheFirst40RowsAndTheCount) {
  const auto out = on_terminal("query " + kSixtySongs);
  EXPECT_NE(out.find("60 rows (40 shown; --all prints every row)"), std::string::npos) << out;
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 2 + 40 + 1) << out;
}

TEST_F(QueryTerminalOutput, AllPrintsEveryRowOnATerminal) {
  const auto out = on_terminal("query " + kSixtySongs + " --all");
  EXPECT_NE(out.find("(60 rows)"), std::string::npos) << out;
}

TEST_F(QueryTerminalOutput, PipeGetsEveryRow) {
  auto result = ws_->sparkify_ok({"query", "SELECT song_id FROM songs ORDER BY song_id LIMIT 60"});
  EXPECT_NE(result.out.find("(60 rows)"), std::string::npos) << result.out;
}

TEST_F(QueryTerminalOutput, PlaysByWeekdayNamesTheDaysSundayFirst) {
  const auto lines = ws_->query_csv("duckdb:sparkify.duckdb", "plays-by-weekday");
  ASSERT_EQ(lines.size(), 8u);
  EXPECT_EQ(lines[0], "weekday,day,plays");
  const char* days[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
  for (int d = 0; d < 7; ++d)
    EXPECT_EQ(lines[d + 1].rfind(std::to_string(d) + "," + days[d] + ",", 0), 0u) << lines[d + 1];
}

TEST_F(QueryTerminalOutput, MarkdownChartHasABarPerRow) {
  auto result = ws_->sparkify_ok({"query", "plays-by-hour", "--format", "markdown", "--chart"});
  EXPECT_EQ(result.out.rfind("| hour | plays |  |\n|---:|---:|---|\n", 0), 0u) << result.out;
  EXPECT_NE(result.out.find(" | ████████████████████████████████████████ |\n"), std::string::npos) << result.out;
  auto csv = ws_->sparkify({"query", "plays-by-hour", "--format", "csv", "--chart"});
  EXPECT_EQ(csv.exit_code, 2);
}

}  // namespace
}  // namespace sparkify::testing
