// `sparkify query` as scripts use it, on the real binary and a real DuckDB
// file: SQL from a file or stdin, several statements, one error message, and
// JSON / NDJSON / CSV output checked by parsing and byte for byte.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "harness/workspace.h"

namespace sparkify::testing {
namespace {

class QueryOutput : public ::testing::Test {
 protected:
  // query opens the DuckDB file read-only: create-tables makes it first.
  void SetUp() override { ws.sparkify_ok({"create-tables"}); }
  CommandResult query(std::vector<std::string> args, const std::string& input = "") {
    CommandOptions options;
    options.input = input;
    args.insert(args.begin(), "query");
    return ws.sparkify(args, options);
  }
  Workspace ws;
};

constexpr const char* kTyped =
    "SELECT 42 AS plays, 7 AS plays, 190.5::DOUBLE AS avg, true AS paid, "
    "TIMESTAMP '2018-11-01 01:55:19.66' AS ts, '' AS title, NULL AS missing, 12.30::DECIMAL(5,2) AS price, "
    "sum(10) AS total";

TEST_F(QueryOutput, JsonKeepsOrderTypesAndEveryColumn) {
  auto result = query({kTyped, "--format", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto parsed = nlohmann::ordered_json::parse(result.out);
  ASSERT_EQ(parsed.size(), 1u);
  const auto& row = parsed[0];
  std::vector<std::string> keys;
  for (const auto& item : row.items()) keys.push_back(item.key());
  EXPECT_EQ(keys,
            (std::vector<std::string>{"plays", "plays_1", "avg", "paid", "ts", "title", "missing", "price", "total"}));
  EXPECT_TRUE(row["plays"].is_number_integer());
  EXPECT_EQ(row["plays_1"], 7);
  EXPECT_EQ(row["avg"], 190.5);
  EXPECT_EQ(row["paid"], true);
  EXPECT_EQ(row["ts"], "2018-11-01T01:55:19.660Z");
  EXPECT_EQ(row["title"], "");
  EXPECT_TRUE(row["missing"].is_null());
  EXPECT_EQ(row["price"], 12.3);
  EXPECT_EQ(row["total"], 10);  // HUGEINT
}

TEST_F(QueryOutput, NdjsonIsOneObjectPerRow) {
  auto result = query({"SELECT range AS n FROM range(3)", "--format", "ndjson"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "{\"n\": 0}\n{\"n\": 1}\n{\"n\": 2}\n");
}

TEST_F(QueryOutput, CsvBytesUseLfAndTellEmptyFromNull) {
  auto result =
      query({"SELECT '' AS e, NULL AS n, 'a,b' AS q, TIMESTAMP '2018-11-01 01:55:19.66' AS ts", "--format", "csv"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "e,n,q,ts\n\"\",,\"a,b\",2018-11-01 01:55:19.660\n");
}

TEST_F(QueryOutput, SeveralStatementsAllRunAndPrintInOrder) {
  auto result = query({"SELECT 1 AS a; SELECT 'x;y' AS b", "--format", "csv"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "a\n1\n\nb\nx;y\n");
}

TEST_F(QueryOutput, SqlFromAFileAndFromStdin) {
  // query opens the warehouse read-only; a temporary table lives for the one run.
  std::ofstream(ws.path() / "q.sql") << "-- two results\nCREATE TEMP TABLE t AS SELECT 5 AS v;\nSELECT v FROM t;\n";
  auto from_file = query({"-f", "q.sql", "--format", "csv"});
  ASSERT_EQ(from_file.exit_code, 0) << from_file.err;
  EXPECT_EQ(from_file.out, "Count\n1\n\nv\n5\n");
  auto from_stdin = query({"-", "--format", "csv"}, "SELECT 5 * 2 AS w");
  ASSERT_EQ(from_stdin.exit_code, 0) << from_stdin.err;
  EXPECT_EQ(from_stdin.out, "w\n10\n");
  EXPECT_EQ(query({"-f", "absent.sql"}).exit_code, 2);
}

TEST_F(QueryOutput, SqlMayStartWithACommentLine) {
  auto result = query({"-- plays per level\nSELECT 'free' AS level", "--format", "csv"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "level\nfree\n");
}

TEST_F(QueryOutput, SqlErrorIsPrintedOnce) {
  auto result = query({"SELEC 1"});
  EXPECT_EQ(result.exit_code, 1);
  std::size_t carets = 0;
  for (std::size_t at = result.err.find("LINE 1:"); at != std::string::npos; at = result.err.find("LINE 1:", at + 1)) {
    ++carets;
  }
  EXPECT_EQ(carets, 1u) << result.err;
}

// One column of every DuckDB type a user meets, with the text DuckDB's own
// VARCHAR cast gives it (what its CLI shows) and its JSON.
struct TypedValue {
  const char* sql;
  const char* text;
  const char* json;
};
const TypedValue kTypes[] = {
    {"[1, 2]", "[1, 2]", "[1,2]"},
    {"['a', NULL, 'c,d']", "[a, NULL, 'c,d']", R"(["a",null,"c,d"])"},
    {"[[1, 2], [3]]", "[[1, 2], [3]]", "[[1,2],[3]]"},
    {"{'a': 1, 't': TIMESTAMP '2018-11-01 01:55:19.66', 'n': NULL}",
     "{'a': 1, 't': '2018-11-01 01:55:19.66', 'n': NULL}", R"({"a":1,"t":"2018-11-01T01:55:19.660Z","n":null})"},
    {"MAP {'k': 'v'}", "{k=v}", R"({"k":"v"})"},
    {"MAP {1: [true]}", "{1=[true]}", R"({"1":[true]})"},
    {"[1, 2]::INTEGER[2]", "[1, 2]", "[1,2]"},
    {"union_value(num := 2)::UNION(num INTEGER, str VARCHAR)", "2", "2"},
    {"'ok'::ENUM('sad', 'ok')", "ok", R"("ok")"},
    {"1.5::DECIMAL(4,2)", "1.50", "1.50"},
    {"'\\xAA\\x00a'::BLOB", "\\xAA\\x00a", R"("\\xAA\\x00a")"},
    {"INTERVAL 1 DAY", "1 day", R"("1 day")"},
    {"DATE '2024-01-02'", "2024-01-02", R"("2024-01-02")"},
    {"TIME '12:34:56.5'", "12:34:56.5", R"("12:34:56.5")"},
    {"TIMESTAMPTZ '2024-01-02 03:04:05.12+00'", "2024-01-02 03:04:05.120+00", R"("2024-01-02T03:04:05.120Z")"},
    {"170141183460469231731687303715884105727::HUGEINT", "170141183460469231731687303715884105727",
     "170141183460469231731687303715884105727"},
    {"'123e4567-e89b-12d3-a456-426614174000'::UUID", "123e4567-e89b-12d3-a456-426614174000",
     R"("123e4567-e89b-12d3-a456-426614174000")"},
    {"'00000000-0000-0000-0000-000000000000'::UUID", "00000000-0000-0000-0000-000000000000",
     R"("00000000-0000-0000-0000-000000000000")"},
    {"'ffffffff-ffff-ffff-8000-000000000001'::UUID", "ffffffff-ffff-ffff-8000-000000000001",
     R"("ffffffff-ffff-ffff-8000-000000000001")"},
    {"(-128)::TINYINT", "-128", "-128"},
    {"(-9223372036854775808)::BIGINT", "-9223372036854775808", "-9223372036854775808"},
    {"18446744073709551615::UBIGINT", "18446744073709551615", "18446744073709551615"},
    {"65535::USMALLINT", "65535", "65535"},
    {"false", "false", "false"},
    {"NULL::INTEGER[]", "", "null"},
};

TEST_F(QueryOutput, EveryDuckDbTypePrintsAsDuckDbRendersIt) {
  for (const auto& type : kTypes) {
    SCOPED_TRACE(type.sql);
    auto csv = query({std::string("SELECT ") + type.sql + " AS v", "--format", "csv"});
    ASSERT_EQ(csv.exit_code, 0) << csv.err;
    const std::string text = type.text;
    const bool quoted = text.find_first_of(",\"") != std::string::npos;
    EXPECT_EQ(csv.out, "v\n" + (quoted ? "\"" + text + "\"" : text) + "\n");
    auto table = query({std::string("SELECT ") + type.sql + " AS v", "--format", "table"});
    ASSERT_EQ(table.exit_code, 0) << table.err;
    EXPECT_NE(table.out.find(text.empty() ? "NULL" : text), std::string::npos) << table.out;
    auto markdown = query({std::string("SELECT ") + type.sql + " AS v", "--format", "markdown"});
    ASSERT_EQ(markdown.exit_code, 0) << markdown.err;
    EXPECT_EQ(markdown.out.find("|  |"), std::string::npos) << markdown.out;
  }
}

TEST_F(QueryOutput, NestedTypesAreJsonArraysAndObjects) {
  for (const auto& type : kTypes) {
    SCOPED_TRACE(type.sql);
    auto ndjson = query({std::string("SELECT ") + type.sql + " AS v", "--format", "ndjson"});
    ASSERT_EQ(ndjson.exit_code, 0) << ndjson.err;
    EXPECT_EQ(nlohmann::json::parse(ndjson.out)["v"], nlohmann::json::parse(type.json)) << ndjson.out;
    auto json = query({std::string("SELECT ") + type.sql + " AS v", "--format", "json"});
    ASSERT_EQ(json.exit_code, 0) << json.err;
    EXPECT_EQ(nlohmann::json::parse(json.out)[0]["v"], nlohmann::json::parse(type.json)) << json.out;
  }
}

// Each value's text is written over the one before it in its column
// (ValueReader::text_into): a short value after a long one, an empty one,
// NULL between them, over many chunks, each prints as itself (CSV: NULL an
// empty field, "" quoted).
TEST_F(QueryOutput, ValuesOfAColumnAreEachTheirOwnOverManyChunks) {
  auto result =
      query({"SELECT i, CASE WHEN i % 4 = 0 THEN NULL WHEN i % 4 = 1 THEN repeat('x', i % 97) "
             "WHEN i % 4 = 2 THEN '' ELSE 'y' END AS t FROM range(5000) t(i)",
             "--format", "csv"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::istringstream lines(result.out);
  std::string line;
  ASSERT_TRUE(std::getline(lines, line));
  EXPECT_EQ(line, "i,t");
  std::int64_t i = 0;
  for (; std::getline(lines, line); ++i) {
    const std::string t = i % 4 == 0   ? ""
                          : i % 4 == 1 ? (i % 97 == 0 ? "\"\"" : std::string(static_cast<std::size_t>(i % 97), 'x'))
                          : i % 4 == 2 ? "\"\""
                                       : "y";
    ASSERT_EQ(line, std::to_string(i) + "," + t);
  }
  EXPECT_EQ(i, 5000);
}

TEST_F(QueryOutput, NestedValuesStreamOverManyChunks) {
  // Several 2048-row chunks, NULLs between values, lists of varying length.
  auto result =
      query({"SELECT CASE WHEN i % 3 = 0 THEN NULL ELSE range(i % 4) END AS l, {'i': i} AS s "
             "FROM range(5000) t(i)",
             "--format", "ndjson"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::istringstream lines(result.out);
  std::string line;
  std::int64_t i = 0;
  for (; std::getline(lines, line); ++i) {
    const auto row = nlohmann::json::parse(line);
    ASSERT_EQ(row["s"]["i"], i);
    if (i % 3 == 0) {
      ASSERT_TRUE(row["l"].is_null()) << line;
    } else {
      ASSERT_EQ(row["l"].size(), static_cast<std::size_t>(i % 4)) << line;
    }
  }
  EXPECT_EQ(i, 5000);
}

}  // namespace
}  // namespace sparkify::testing
