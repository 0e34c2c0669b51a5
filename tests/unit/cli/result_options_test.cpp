// Query output for people: markdown tables, the --chart bar column and the
// first-rows cut of a table on a terminal.
#include <gtest/gtest.h>

#include <sstream>

#include "cli/result_format.h"
#include "common/error.h"

namespace sparkify::cli {
namespace {

warehouse::QueryResult plays(std::size_t rows) {
  warehouse::QueryResult result;
  result.columns = {"hour", "plays"};
  for (std::size_t i = 0; i < rows; ++i) result.rows.push_back({std::to_string(i), std::to_string(10 * (i + 1))});
  return result;
}

std::string render(const warehouse::QueryResult& result, ResultFormat format, const TableOptions& options) {
  std::ostringstream out;
  print_result(out, result, format, options);
  return out.str();
}

TEST(ResultOptions, MarkdownEscapesCellsAndRightAlignsNumbers) {
  warehouse::QueryResult result;
  result.columns = {"title", "plays"};
  result.rows = {{std::string("a|b <i>"), std::string("12")}, {std::nullopt, std::string("3")}};
  EXPECT_EQ(render(result, ResultFormat::markdown, {}),
            "| title | plays |\n|---|---:|\n| a\\|b &lt;i&gt; | 12 |\n| NULL | 3 |\n");
}

TEST(ResultOptions, ChartAddsABarColumnScaledToTheLargestValue) {
  const auto text = render(plays(2), ResultFormat::markdown, {true, std::nullopt});
  EXPECT_EQ(text,
            "| hour | plays |  |\n|---:|---:|---|\n| 0 | 10 | ████████████████████ |\n"
            "| 1 | 20 | ████████████████████████████████████████ |\n");
}

TEST(ResultOptions, ChartNeedsANumericLastColumn) {
  warehouse::QueryResult result;
  result.columns = {"plays", "level"};
  result.rows = {{std::string("3"), std::string("free")}};
  try {
    render(result, ResultFormat::table, {true, std::nullopt});
    FAIL() << "expected a usage error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::usage);
    EXPECT_NE(std::string(error.what()).find("'level'"), std::string::npos) << error.what();
  }
}

TEST(ResultOptions, TableWithMaxRowsPrintsTheFirstRowsAndSaysHowManyThereAre) {
  const auto text = render(plays(50), ResultFormat::table, {false, 40});
  EXPECT_NE(text.find("\n  39    400\n50 rows (40 shown; --all prints every row)\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("\n  40 "), std::string::npos) << text;
  const auto all = render(plays(50), ResultFormat::table, {});
  EXPECT_NE(all.find("\n  49    500\n(50 rows)\n"), std::string::npos) << all;
}

}  // namespace
}  // namespace sparkify::cli
