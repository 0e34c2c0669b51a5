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

TEST_F(QueryOutput, SqlErrorIsPrintedOnce) {
  auto result = query({"SELEC 1"});
  EXPECT_EQ(result.exit_code, 1);
  std::size_t carets = 0;
  for (std::size_t at = result.err.find("LINE 1:"); at != std::string::npos; at = result.err.find("LINE 1:", at + 1)) {
    ++carets;
  }
  EXPECT_EQ(carets, 1u) << result.err;
}

}  // namespace
}  // namespace sparkify::testing
