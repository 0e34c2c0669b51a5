#include "cli/sql_script.h"

#include <gtest/gtest.h>

namespace sparkify::cli {
namespace {

using Statements = std::vector<std::string>;

TEST(SqlScript, SplitsAtTopLevelSemicolons) {
  EXPECT_EQ(split_statements("SELECT 1; SELECT 2"), (Statements{"SELECT 1", "SELECT 2"}));
  EXPECT_EQ(split_statements("SELECT 1;\n\n"), (Statements{"SELECT 1"}));
}

TEST(SqlScript, SemicolonsInStringsIdentifiersCommentsAndDollarQuotesDoNotSplit) {
  EXPECT_EQ(split_statements("SELECT 'a;''b'; SELECT \"x;y\" FROM t"),
            (Statements{"SELECT 'a;''b'", "SELECT \"x;y\" FROM t"}));
  EXPECT_EQ(split_statements("SELECT 1 -- no; split\n; SELECT /* ; */ 2"),
            (Statements{"SELECT 1 -- no; split", "SELECT /* ; */ 2"}));
  EXPECT_EQ(split_statements("SELECT $f$a;b$f$; SELECT $$c;d$$"), (Statements{"SELECT $f$a;b$f$", "SELECT $$c;d$$"}));
}

TEST(SqlScript, DropsStatementsOfOnlyComments) {
  EXPECT_EQ(split_statements("-- header\n;SELECT 1;/* end */"), (Statements{"SELECT 1"}));
  EXPECT_EQ(split_statements("  ;  ; -- nothing"), Statements{});
}

}  // namespace
}  // namespace sparkify::cli
