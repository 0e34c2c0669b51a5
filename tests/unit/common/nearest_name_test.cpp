#include "common/nearest_name.h"

#include <gtest/gtest.h>

namespace sparkify {
namespace {

const std::vector<std::string> kCommands = {"generate", "create-tables", "etl", "check", "query", "sql", "infra"};

TEST(NearestName, CountsInsertionsDeletionsAndSubstitutions) {
  EXPECT_EQ(edit_distance("etk", "etl"), 1u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

TEST(NearestName, FindsTyposCaseAndUnderscores) {
  EXPECT_EQ(nearest_name("etk", kCommands), "etl");
  EXPECT_EQ(nearest_name("ETL", kCommands), "etl");
  EXPECT_EQ(nearest_name("create_tables", kCommands), "create-tables");
}

TEST(NearestName, GivesNothingWhenNothingIsClose) {
  EXPECT_EQ(nearest_name("deploy-everything", kCommands), std::nullopt);
  EXPECT_EQ(closest_name("deploy-everything", kCommands).has_value(), true);
}

}  // namespace
}  // namespace sparkify
