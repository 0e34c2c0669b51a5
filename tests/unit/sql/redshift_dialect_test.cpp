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
#include "sql/load_audit.h"
#include "sql/tables.h"

namespace sparkify::sql {
namespace {

const std::filesystem::path kGoldenDir = std::filesystem::path(SPARKIFY_TEST_DATA) / "redshift";

const CopyParams kExampleCopy{
    {{StagingTable::events, "s3://example-bucket/staging/manifests/run1/log_data.manifest"},
     {StagingTable::songs, "s3://example-bucket/staging/manifests/run1/song_data.manifest"},
     {StagingTable::events, "s3://example-bucket/staging/manifests/run1/log_data.gz.manifest", true},
     {StagingTable::songs, "s3://example-bucket/staging/manifests/run1/song_data.packed.manifest", true, true},
     {StagingTable::events, "s3://example-bucket/staging/manifests/run1/log_data.packed.manifest", true, true}},
    "s3://example-bucket/staging/events_jsonpaths.json",
    "arn:aws:iam::123456789012:role/dwhRole",
    "us-west-2",
    "s3://example-bucket/staging/events_packed_jsonpaths.json"};

// The queries run after each COPY, named for their golden files.
std::vector<Statement> load_error_queries() {
  return {{"count rows loaded", last_copy_count()},
          {"count load errors in stl", last_copy_error_count(LoadErrorView::stl)},
          {"read load errors in stl", last_copy_errors(LoadErrorView::stl)},
          {"count load errors in sys", last_copy_error_count(LoadErrorView::sys)},
          {"read load errors in sys", last_copy_errors(LoadErrorView::sys)}};
}

std::vector<Statement> copy_statements(const CopyParams& params) {
  std::vector<Statement> out;
  for (const auto& copy : RedshiftDialect().copy_staging(params)) out.push_back(copy.statement);
  return out;
}

RunRow example_run(std::string source) {
  RunRow run;
  run.run_id = 1;
  run.started_at = "2018-11-30 00:00:00.000";
  run.finished_at = "2018-11-30 00:00:05.000";
  run.outcome = "ok";
  run.source = std::move(source);
  return run;
}

std::vector<Statement> every_statement() {
  const RedshiftDialect dialect;
  std::vector<Statement> out;
  for (const auto& group :
       {dialect.session_settings(), dialect.drop_tables(), dialect.create_tables(), dialect.clear_staging(),
        copy_statements(kExampleCopy), load_error_queries(), dialect.build_star_schema(),
        record_files(
            std::vector<ManifestRow>{{"events", "s3://b/log_data/2018-11-01-events.json", 1234, "0123abcd", 1, 10, 0}},
            dialect),
        std::vector<Statement>{record_run(example_run("song=a log=b"), dialect)}}) {
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

std::string create_statement(const std::string& table) {
  for (const auto& statement : RedshiftDialect().create_tables()) {
    if (statement.name == "create " + table) return statement.text;
  }
  ADD_FAILURE() << "no create " << table;
  return "";
}

TEST(RedshiftDialect, FactIsDistributedAndSortedByStartTimeLikeTime) {
  // song_id is NULL for most real plays: as DISTKEY it would put them on one slice.
  EXPECT_TRUE(contains_word(create_statement("songplays"), "DISTKEY (START_TIME)"));
  EXPECT_TRUE(contains_word(create_statement("songplays"), "SORTKEY (START_TIME)"));
  EXPECT_TRUE(contains_word(create_statement("time"), "DISTKEY (START_TIME)"));
}

TEST(RedshiftDialect, SessionAsksForFloatsThatReadBackExactly) {
  const auto settings = RedshiftDialect().session_settings();
  ASSERT_FALSE(settings.empty());
  bool found = false;
  for (const auto& setting : settings) found = found || setting.text == "SET extra_float_digits = 2";
  EXPECT_TRUE(found);
}

TEST(RedshiftDialect, SmallDimensionsAreCopiedToEveryNode) {
  for (const auto& statement : RedshiftDialect().create_tables()) {
    if (statement.name == "create users" || statement.name == "create artists") {
      EXPECT_TRUE(contains_word(statement.text, "DISTSTYLE ALL")) << statement.name;
    }
  }
}

TEST(RedshiftDialect, CopyReadsAManifestWithRoleRegionAndTheHighestMaxError) {
  const auto copy = copy_statements(kExampleCopy);
  ASSERT_EQ(copy.size(), 5u);
  for (const auto& statement : copy) {
    EXPECT_TRUE(contains_word(statement.text, "IAM_ROLE 'ARN:AWS:IAM::123456789012:ROLE/DWHROLE'")) << statement.name;
    EXPECT_TRUE(contains_word(statement.text, "\nMANIFEST\n")) << statement.name;
    EXPECT_TRUE(contains_word(statement.text, "REGION 'US-WEST-2'")) << statement.name;
    EXPECT_TRUE(contains_word(statement.text, "MAXERROR 100000")) << statement.name;
    EXPECT_TRUE(contains_word(statement.text, "COMPUPDATE OFF")) << statement.name;
    EXPECT_TRUE(contains_word(statement.text, "STATUPDATE ON")) << statement.name;
  }
  EXPECT_TRUE(contains_word(copy[0].text, "FROM 'S3://EXAMPLE-BUCKET/STAGING/MANIFESTS/RUN1/LOG_DATA.MANIFEST'"));
  EXPECT_TRUE(contains_word(copy[0].text, "FORMAT AS JSON 'S3://EXAMPLE-BUCKET/STAGING/EVENTS_JSONPATHS.JSON'"));
  EXPECT_TRUE(contains_word(copy[1].text, "FORMAT AS JSON 'AUTO'"));
  EXPECT_FALSE(contains_word(copy[0].text, "GZIP"));
  EXPECT_TRUE(contains_word(copy[2].text, "\nGZIP\n"));
  EXPECT_TRUE(contains_word(copy[3].text, "\nGZIP\n"));
  EXPECT_TRUE(contains_word(copy[4].text, "\nGZIP\n"));
}

TEST(RedshiftDialect, CopiesAreTaggedWithTheTableTheyFill) {
  const auto copy = RedshiftDialect().copy_staging(kExampleCopy);
  ASSERT_EQ(copy.size(), 5u);
  EXPECT_EQ(copy[0].table, StagingTable::events);
  EXPECT_TRUE(copy[0].statement.text.starts_with("COPY staging_events "));
  EXPECT_EQ(copy[1].table, StagingTable::songs);
  EXPECT_TRUE(copy[1].statement.text.starts_with("COPY staging_songs "));
  EXPECT_EQ(copy[2].table, StagingTable::events);
  EXPECT_EQ(copy[3].table, StagingTable::songs);
  EXPECT_EQ(copy[4].table, StagingTable::events);
}

TEST(RedshiftDialect, CopyQuotesLiteralsItIsGiven) {
  CopyParams params = kExampleCopy;
  params.sources[0].manifest_uri = "s3://bucket/it's.manifest";
  EXPECT_NE(copy_statements(params)[0].text.find("FROM 's3://bucket/it''s.manifest'"), std::string::npos);
}

TEST(RedshiftDialect, LiteralsDoubleBackslashesAsQuoteLiteralDoes) {
  EXPECT_EQ(RedshiftDialect().string_literal("C:\\data\\it's"), "'C:\\\\data\\\\it''s'");
  CopyParams params = kExampleCopy;
  params.iam_role_arn = "arn\\x";
  EXPECT_NE(copy_statements(params)[0].text.find("IAM_ROLE 'arn\\\\x'"), std::string::npos);
  EXPECT_NE(record_run(example_run("song=a\\b log=c"), RedshiftDialect()).text.find("'song=a\\\\b log=c'"),
            std::string::npos);
}

TEST(RedshiftDialect, RunIsRecordedWithTimesFromSparkifysClockNotALeaderNodeFunction) {
  const std::string text = record_run(example_run("song=a log=b"), RedshiftDialect()).text;
  EXPECT_NE(text.find("CAST('2018-11-30 00:00:05.000' AS TIMESTAMP)"), std::string::npos) << text;
  EXPECT_FALSE(contains_word(text, "CURRENT_TIMESTAMP")) << text;
  EXPECT_FALSE(contains_word(text, "NOW()")) << text;
}

TEST(RedshiftLoadErrors, CountIsItsOwnQueryAndEveryRowIsFetched) {
  EXPECT_EQ(last_copy_error_count(LoadErrorView::stl),
            "SELECT count(*) FROM stl_load_errors WHERE query = pg_last_copy_id()");
  for (const auto view : {LoadErrorView::stl, LoadErrorView::sys}) {
    EXPECT_FALSE(contains_word(last_copy_errors(view), "LIMIT"));
  }
  EXPECT_TRUE(contains_word(last_copy_errors(LoadErrorView::stl), "WHERE QUERY = PG_LAST_COPY_ID()"));
}

TEST(RedshiftLoadErrors, SysViewFindsTheSessionsLastCopyWithoutStlQueryIds) {
  for (const auto& query : {last_copy_error_count(LoadErrorView::sys), last_copy_errors(LoadErrorView::sys)}) {
    EXPECT_TRUE(contains_word(query, "FROM SYS_LOAD_ERROR_DETAIL")) << query;
    EXPECT_TRUE(contains_word(query, "FROM SYS_LOAD_HISTORY WHERE SESSION_ID = PG_BACKEND_PID()")) << query;
    EXPECT_FALSE(contains_word(query, "PG_LAST_COPY_ID")) << query;
    EXPECT_FALSE(contains_word(query, "STL_")) << query;
  }
}

TEST(RedshiftPackedCopy, FillsTheOriginColumnsFromKeysOfTheirNames) {
  const auto copies = copy_statements(kExampleCopy);
  const std::string& songs = copies[3].text;
  const std::string& events = copies[4].text;
  EXPECT_NE(songs.find(", source_file)"), std::string::npos) << songs;
  EXPECT_NE(songs.find("'auto'\nGZIP"), std::string::npos) << songs;
  EXPECT_NE(events.find(", source_file, source_line)"), std::string::npos) << events;
  EXPECT_NE(events.find("events_packed_jsonpaths.json'\nGZIP"), std::string::npos) << events;
  EXPECT_EQ(copies[1].text.find("source_file"), std::string::npos) << copies[1].text;  // unpacked: no origin
  const auto paths = nlohmann::json::parse(packed_events_jsonpaths_document()).at("jsonpaths");
  ASSERT_GE(paths.size(), 2u);
  EXPECT_EQ(paths[paths.size() - 2], "$.source_file");
  EXPECT_EQ(paths[paths.size() - 1], "$.source_line");
  const auto columns = events.substr(events.find('(') + 1, events.find(')') - events.find('(') - 1);
  EXPECT_EQ(static_cast<std::size_t>(std::count(columns.begin(), columns.end(), ',')) + 1, paths.size());
}

TEST(RedshiftManifest, ListsEveryObjectByFullUrlAsMandatory) {
  const auto document = nlohmann::json::parse(copy_manifest_document({"s3://b/log_data/a.json", "s3://b/x\"y.json"}));
  ASSERT_EQ(document.at("entries").size(), 2u);
  EXPECT_EQ(document["entries"][0]["url"], "s3://b/log_data/a.json");
  EXPECT_EQ(document["entries"][0]["mandatory"], true);
  EXPECT_EQ(document["entries"][1]["url"], "s3://b/x\"y.json");
}

TEST(RedshiftJsonPaths, OneCamelCasePathPerCopiedColumnInOrder) {
  const auto document = nlohmann::json::parse(events_jsonpaths_document());
  const auto& paths = document.at("jsonpaths");
  const std::vector<std::string> expected = {
      "$.artist",    "$.auth",  "$.firstName", "$.gender", "$.itemInSession", "$.lastName",
      "$.length",    "$.level", "$.location",  "$.method", "$.page",          "$.registration",
      "$.sessionId", "$.song",  "$.status",    "$.ts",     "$.userAgent",     "$.userId"};
  EXPECT_EQ(paths.get<std::vector<std::string>>(), expected);
  const std::string copy = copy_statements(kExampleCopy)[0].text;
  const auto columns = copy.substr(copy.find('(') + 1, copy.find(')') - copy.find('(') - 1);
  EXPECT_EQ(static_cast<std::size_t>(std::count(columns.begin(), columns.end(), ',')) + 1, expected.size());
}

TEST(QualityChecks, UniquenessIsCountedOverAnExpressionADeclaredKeyCannotVouchFor) {
  int checked = 0;
  for (const auto& check : quality_checks(RedshiftDialect())) {
    if (!check.name.ends_with(" is unique")) continue;
    const std::string key =
        check.name.substr(check.name.find('.') + 1, check.name.find(' ') - check.name.find('.') - 1);
    EXPECT_EQ(check.sql.find("DISTINCT " + key + ")"), std::string::npos) << check.sql;
    EXPECT_NE(check.sql.find("DISTINCT CAST(" + key + " AS VARCHAR)"), std::string::npos) << check.sql;
    ++checked;
  }
  EXPECT_EQ(checked, 5);
}

TEST(RedshiftRegistry, MakeDialectKnowsRedshift) { EXPECT_EQ(make_dialect("redshift")->name(), "redshift"); }

}  // namespace
}  // namespace sparkify::sql
