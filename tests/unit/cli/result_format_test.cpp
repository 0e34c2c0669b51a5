#include <gtest/gtest.h>

#include <sstream>

#include "cli/result_format.h"
#include "common/error.h"

namespace sparkify::cli {
namespace {

warehouse::QueryResult sample() {
  warehouse::QueryResult result;
  result.columns = {"title", "plays"};
  result.rows = {{std::string("Halo, \"live\""), std::string("12")}, {std::nullopt, std::string("3")}};
  return result;
}

std::string render(ResultFormat format) {
  std::ostringstream out;
  print_result(out, sample(), format);
  return out.str();
}

TEST(ResultFormat, CsvQuotesFieldsWithCommasAndQuotesAndLeavesNullEmpty) {
  EXPECT_EQ(render(ResultFormat::csv), "title,plays\r\n\"Halo, \"\"live\"\"\",12\r\n,3\r\n");
}

TEST(ResultFormat, JsonKeepsNullAsNull) {
  EXPECT_EQ(render(ResultFormat::json),
            "[\n  {\n    \"plays\": \"12\",\n    \"title\": \"Halo, \\\"live\\\"\"\n  },\n  {\n    \"plays\": \"3\",\n"
            "    \"title\": null\n  }\n]\n");
}

TEST(ResultFormat, TableAlignsColumnsAndRightAlignsNumbers) {
  EXPECT_EQ(render(ResultFormat::table),
            "title         plays\n"
            "------------  -----\n"
            "Halo, \"live\"     12\n"
            "NULL              3\n"
            "(2 rows)\n");
}

TEST(ResultFormat, WideCharactersCountAsTwoColumns) {
  warehouse::QueryResult result;
  result.columns = {"t", "n"};
  result.rows = {{std::string("桜"), std::string("1")}, {std::string("ab"), std::string("2")}};
  std::ostringstream out;
  print_result(out, result, ResultFormat::table);
  EXPECT_EQ(out.str(), "t   n\n--  -\n桜  1\nab  2\n(2 rows)\n");
}

TEST(ResultFormat, UnknownFormatIsAUsageError) {
  EXPECT_THROW(parse_result_format("xml"), Error);
}

}  // namespace
}  // namespace sparkify::cli
