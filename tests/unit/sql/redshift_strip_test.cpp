// strip_physical_design: the one rewrite that lets Redshift statements run on
// PostgreSQL in tests. It removes DISTKEY/SORTKEY/DISTSTYLE/ENCODE clauses and
// nothing else.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

#include "sql/redshift_dialect.h"

namespace sparkify::sql {
namespace {

TEST(StripPhysicalDesign, RemovesTableLevelKeysAndStyle) {
  EXPECT_EQ(strip_physical_design("CREATE TABLE t (\n    a INT\n)\nDISTKEY (a)\nSORTKEY (a, b)"),
            "CREATE TABLE t (\n    a INT\n)");
  EXPECT_EQ(strip_physical_design("CREATE TABLE t (a INT)\nDISTSTYLE ALL"), "CREATE TABLE t (a INT)");
  EXPECT_EQ(strip_physical_design("CREATE TABLE t (a INT) diststyle even"), "CREATE TABLE t (a INT)");
}

TEST(StripPhysicalDesign, RemovesCompoundAndInterleavedSortKeys) {
  EXPECT_EQ(strip_physical_design("CREATE TABLE t (a INT) COMPOUND SORTKEY(a)"), "CREATE TABLE t (a INT)");
  EXPECT_EQ(strip_physical_design("CREATE TABLE t (a INT) INTERLEAVED SORTKEY (a)"), "CREATE TABLE t (a INT)");
}

TEST(StripPhysicalDesign, RemovesColumnEncodings) {
  EXPECT_EQ(strip_physical_design("CREATE TABLE t (a INT ENCODE az64, b VARCHAR ENCODE zstd)"),
            "CREATE TABLE t (a INT, b VARCHAR)");
}

TEST(StripPhysicalDesign, LeavesOtherTextAlone) {
  const std::string text = "SELECT distkey_count, sortkey FROM t WHERE style = 'ALL'";
  EXPECT_EQ(strip_physical_design(text), text);
}

TEST(StripPhysicalDesign, LeavesEveryTransformUnchanged) {
  for (const auto& statement : RedshiftDialect().build_star_schema()) {
    EXPECT_EQ(strip_physical_design(statement.text), statement.text) << statement.name;
  }
}

TEST(StripPhysicalDesign, LeavesNoDesignClauseInCreateTables) {
  for (const auto& statement : RedshiftDialect().create_tables()) {
    std::string upper = strip_physical_design(statement.text);
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
    for (const char* word : {"DISTKEY", "SORTKEY", "DISTSTYLE", "ENCODE"}) {
      EXPECT_EQ(upper.find(word), std::string::npos) << statement.name << " still has " << word;
    }
  }
}

}  // namespace
}  // namespace sparkify::sql
