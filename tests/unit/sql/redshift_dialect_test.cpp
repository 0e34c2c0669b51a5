// RedshiftDialect: every statement against its golden file in
// tests/data/redshift/<name>.sql (byte for byte; SPARKIFY_UPDATE_GOLDEN=1
// rewrites them), plus the properties Redshift needs of the text.
#include "sql/redshift_dialect.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "sql/dialects.h"

namespace sparkify::sql {
namespace {

const std::filesystem::path kGoldenDir = std::filesystem::path(SPARKIFY_TEST_DATA) / "redshift";

const CopyParams kExampleCopy{"s3://example-bucket/log_data/",
                              "s3://example-bucket/song_data/",
                              "s3://example-bucket/staging/events_jsonpaths.json",
                              "arn:aws:iam::123456789012:role/dwhRole",
                              "us-west-2",
                              5};

std::vector<Statement> every_statement() {
  const RedshiftDialect dialect;
  std::vector<Statement> out;
  for (const auto& group : {dialect.drop_tables(), dialect.create_tables(), dialect.clear_staging(),
                            dialect.copy_staging(kExampleCopy), dialect.build_star_schema()}) {
    out.insert(out.end(), group.begin(), group.end());
  }
  return out;
}

std::string golden_name(const std::string& statement_name) {
  std::string out = statement_name;
  std::replace(out.begin(), out.end(), ' ', '_');
  return out + ".sql";
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool contains_word(const std::string& text, const std::string& word) {
  std::string upper = text;
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
  return upper.find(word) != std::string::npos;
}

TEST(RedshiftGolden, EveryStatementMatchesItsGoldenFile) {
  const bool update =
      std::getenv("SPARKIFY_UPDATE_GOLDEN") != nullptr && std::string(std::getenv("SPARKIFY_UPDATE_GOLDEN")) == "1";
  for (const auto& statement : every_statement()) {
    const auto path = kGoldenDir / golden_name(statement.name);
    const std::string expected_text = statement.text + ";\n";
    if (update) {
      std::filesystem::create_directories(kGoldenDir);
      std::ofstream(path, std::ios::binary) << expected_text;
    }
    ASSERT_TRUE(std::filesystem::exists(path)) << path << " is missing; run with SPARKIFY_UPDATE_GOLDEN=1";
    EXPECT_EQ(read_file(path), expected_text) << "statement \"" << statement.name << "\" differs from " << path;
  }
}

TEST(RedshiftGolden, EveryGoldenFileBelongsToAStatement) {
  std::set<std::string> names;
  for (const auto& statement : every_statement()) names.insert(golden_name(statement.name));
  for (const auto& entry : std::filesystem::directory_iterator(kGoldenDir)) {
    EXPECT_TRUE(names.count(entry.path().filename().string())) << entry.path() << " has no statement";
  }
}

TEST(RedshiftDialect, StatementNamesAreUnique) {
  std::set<std::string> names;
  for (const auto& statement : every_statement()) EXPECT_TRUE(names.insert(statement.name).second) << statement.name;
}

TEST(RedshiftDialect, TransformsAvoidSyntaxRedshiftRejects) {
  for (const auto& statement : RedshiftDialect().build_star_schema()) {
    EXPECT_FALSE(contains_word(statement.text, "ON CONFLICT")) << statement.name;
    EXPECT_FALSE(contains_word(statement.text, "QUALIFY")) << statement.name;
    EXPECT_FALSE(contains_word(statement.text, "COLLATE")) << statement.name;
    EXPECT_FALSE(contains_word(statement.text, "EPOCH_MS")) << statement.name;
  }
}

TEST(RedshiftDialect, FactIsDistributedOnSongIdAndSortedByStartTime) {
  for (const auto& statement : RedshiftDialect().create_tables()) {
    if (statement.name != "create songplays") continue;
    EXPECT_TRUE(contains_word(statement.text, "DISTKEY (SONG_ID)"));
    EXPECT_TRUE(contains_word(statement.text, "SORTKEY (START_TIME)"));
  }
}

TEST(RedshiftDialect, SmallDimensionsAreCopiedToEveryNode) {
  for (const auto& statement : RedshiftDialect().create_tables()) {
    if (statement.name == "create users" || statement.name == "create artists") {
      EXPECT_TRUE(contains_word(statement.text, "DISTSTYLE ALL")) << statement.name;
    }
  }
}

TEST(RedshiftDialect, CopyCarriesRoleRegionMaxErrorsAndFormat) {
  const auto copy = RedshiftDialect().copy_staging(kExampleCopy);
  ASSERT_EQ(copy.size(), 2u);
  for (const auto& statement : copy) {
    EXPECT_TRUE(contains_word(statement.text, "IAM_ROLE 'ARN:AWS:IAM::123456789012:ROLE/DWHROLE'")) << statement.name;
    EXPECT_TRUE(contains_word(statement.text, "REGION 'US-WEST-2'")) << statement.name;
    EXPECT_TRUE(contains_word(statement.text, "MAXERROR 5")) << statement.name;
  }
  EXPECT_TRUE(contains_word(copy[0].text, "FORMAT AS JSON 'S3://EXAMPLE-BUCKET/STAGING/EVENTS_JSONPATHS.JSON'"));
  EXPECT_TRUE(contains_word(copy[1].text, "FORMAT AS JSON 'AUTO'"));
}

TEST(RedshiftDialect, CopyQuotesLiteralsItIsGiven) {
  CopyParams params = kExampleCopy;
  params.events_uri = "s3://bucket/it's";
  EXPECT_NE(RedshiftDialect().copy_staging(params)[0].text.find("FROM 's3://bucket/it''s'"), std::string::npos);
}

TEST(RedshiftJsonPaths, OneCamelCasePathPerCopiedColumnInOrder) {
  const auto document = nlohmann::json::parse(events_jsonpaths_document());
  const auto& paths = document.at("jsonpaths");
  const std::vector<std::string> expected = {
      "$.artist",    "$.auth",  "$.firstName", "$.gender", "$.itemInSession", "$.lastName",
      "$.length",    "$.level", "$.location",  "$.method", "$.page",          "$.registration",
      "$.sessionId", "$.song",  "$.status",    "$.ts",     "$.userAgent",     "$.userId"};
  EXPECT_EQ(paths.get<std::vector<std::string>>(), expected);
  const std::string copy = RedshiftDialect().copy_staging(kExampleCopy)[0].text;
  const auto columns = copy.substr(copy.find('(') + 1, copy.find(')') - copy.find('(') - 1);
  EXPECT_EQ(static_cast<std::size_t>(std::count(columns.begin(), columns.end(), ',')) + 1, expected.size());
}

TEST(RedshiftRegistry, MakeDialectKnowsRedshift) { EXPECT_EQ(make_dialect("redshift")->name(), "redshift"); }

}  // namespace
}  // namespace sparkify::sql
