#include "cli/result_format.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

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
  EXPECT_EQ(render(ResultFormat::csv), "title,plays\n\"Halo, \"\"live\"\"\",12\n,3\n");
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

TEST(ResultFormat, TableKeepsEachRowOnOneLine) {
  warehouse::QueryResult result;
  result.columns = {"lyrics", "n"};
  result.rows = {{std::string("a\nb\tc\r"), std::string("1")}};
  std::ostringstream out;
  print_result(out, result, ResultFormat::table);
  EXPECT_EQ(out.str(), "lyrics     n\n---------  -\na\\nb\\tc\\r  1\n(1 row)\n");
}

TEST(ResultFormat, DatesAndEmptyColumnsAreNotRightAligned) {
  warehouse::QueryResult result;
  result.columns = {"day", "none", "n"};
  result.rows = {{std::string("2018-11-01"), std::nullopt, std::string("-1.5e+3")}};
  std::ostringstream markdown;
  print_result(markdown, result, ResultFormat::markdown);
  EXPECT_EQ(markdown.str(), "| day | none | n |\n|---|---|---:|\n| 2018-11-01 | NULL | -1.5e+3 |\n");
  std::ostringstream table;
  print_result(table, result, ResultFormat::table);
  EXPECT_EQ(table.str(), "day         none  n      \n----------  ----  -------\n2018-11-01  NULL  -1.5e+3\n(1 row)\n");
}

TEST(ResultFormat, UnknownFormatIsAUsageError) { EXPECT_THROW(parse_result_format("xml"), Error); }

TEST(ResultFormat, FormatNamesAreCaseInsensitive) {
  EXPECT_EQ(parse_result_format("CSV"), ResultFormat::csv);
  EXPECT_EQ(parse_result_format("NDJson"), ResultFormat::ndjson);
}

// One row of every kind, a repeated column name, an empty string and a NULL.
warehouse::QueryResult typed() {
  using K = warehouse::ValueKind;
  warehouse::QueryResult result;
  result.columns = {"plays", "plays", "avg", "paid", "ts", "title", "missing", "inf"};
  result.kinds = {K::integer, K::integer, K::decimal, K::boolean, K::timestamp, K::text, K::text, K::decimal};
  result.rows = {{std::string("42"), std::string("7"), std::string("190.5"), std::string("true"),
                  std::string("2018-11-01 01:55:19.66"), std::string(""), std::nullopt, std::string("inf")}};
  return result;
}

TEST(ResultFormat, JsonKeepsColumnOrderTypesAndEveryColumn) {
  std::ostringstream out;
  print_result(out, typed(), ResultFormat::json);
  const auto parsed = nlohmann::ordered_json::parse(out.str());
  ASSERT_TRUE(parsed.is_array());
  ASSERT_EQ(parsed.size(), 1u);
  const auto& row = parsed[0];
  std::vector<std::string> keys;
  for (const auto& item : row.items()) keys.push_back(item.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"plays", "plays_1", "avg", "paid", "ts", "title", "missing", "inf"}));
  EXPECT_TRUE(row["plays"].is_number_integer());
  EXPECT_EQ(row["plays"], 42);
  EXPECT_EQ(row["plays_1"], 7);
  EXPECT_TRUE(row["avg"].is_number_float());
  EXPECT_EQ(row["avg"], 190.5);
  EXPECT_EQ(row["paid"], true);
  EXPECT_EQ(row["ts"], "2018-11-01T01:55:19.660Z");
  EXPECT_EQ(row["title"], "");
  EXPECT_TRUE(row["missing"].is_null());
  EXPECT_EQ(row["inf"], "inf");  // not a JSON number
}

TEST(ResultFormat, NdjsonIsOneObjectPerLine) {
  warehouse::QueryResult result = sample();
  std::ostringstream out;
  print_result(out, result, ResultFormat::ndjson);
  EXPECT_EQ(out.str(), "{\"title\": \"Halo, \\\"live\\\"\", \"plays\": \"12\"}\n{\"title\": null, \"plays\": \"3\"}\n");
}

TEST(ResultFormat, EmptyResultIsAnEmptyJsonArray) {
  warehouse::QueryResult result;
  result.columns = {"a"};
  std::ostringstream out;
  print_result(out, result, ResultFormat::json);
  EXPECT_EQ(out.str(), "[]\n");
}

TEST(ResultFormat, CsvTellsEmptyStringFromNullAndFixesMilliseconds) {
  std::ostringstream out;
  print_result(out, typed(), ResultFormat::csv);
  EXPECT_EQ(out.str(),
            "plays,plays,avg,paid,ts,title,missing,inf\n42,7,190.5,true,2018-11-01 01:55:19.660,\"\",,inf\n");
}

}  // namespace
}  // namespace sparkify::cli
