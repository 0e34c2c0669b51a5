// The precedence table of settings (config/setting_rules.h), one rule at a
// time, with an environment given as data; and dwh.cfg's known names.
#include "config/setting_rules.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "common/error.h"

namespace sparkify::config {
namespace {

Environment environment_of(std::map<std::string, std::string> values) {
  return [values = std::move(values)](std::string_view name) -> std::optional<std::string> {
    auto it = values.find(std::string(name));
    if (it == values.end() || it->second.empty()) return std::nullopt;
    return it->second;
  };
}

const SettingRule& rule(std::string_view name) {
  for (const auto& r : setting_rules()) {
    if (r.name == name) return r;
  }
  throw std::runtime_error("no rule " + std::string(name));
}

std::string winner(std::string_view name, const std::string& file, std::map<std::string, std::string> env,
                   const Overrides& flags = {}) {
  auto value = resolve_rule(rule(name), IniDocument::parse(file), "dwh.cfg", environment_of(std::move(env)), flags);
  return value ? value->value + " from " + value->origin : "unset";
}

TEST(SettingRules, RegionFileThenDwhRegionThenDefaultRegionThenRegionThenFlag) {
  const std::string file = "[AWS]\nREGION=eu-west-1\n[DWH]\nDWH_REGION=eu-west-2\n";
  EXPECT_EQ(winner("aws.region", "[AWS]\nREGION=eu-west-1\n", {}), "eu-west-1 from dwh.cfg:2: [AWS] REGION");
  EXPECT_EQ(winner("aws.region", file, {}), "eu-west-2 from dwh.cfg:4: [DWH] DWH_REGION");
  EXPECT_EQ(winner("aws.region", file, {{"AWS_DEFAULT_REGION", "us-east-1"}}),
            "us-east-1 from environment AWS_DEFAULT_REGION");
  EXPECT_EQ(winner("aws.region", file, {{"AWS_DEFAULT_REGION", "us-east-1"}, {"AWS_REGION", "us-east-2"}}),
            "us-east-2 from environment AWS_REGION");
  Overrides flags;
  flags.region = "ap-south-1";
  EXPECT_EQ(winner("aws.region", file, {{"AWS_REGION", "us-east-2"}}, flags), "ap-south-1 from --region");
}

TEST(SettingRules, EmptyFileValueLeavesTheDefault) {
  EXPECT_EQ(winner("target", "[SPARKIFY]\nTARGET=\n", {}), "unset");
}

TEST(SettingRules, LibpqVariablesFillOnlyWhatTheFileLeavesUnset) {
  EXPECT_EQ(winner("cluster.host", "", {{"PGHOST", "pg.local"}}), "pg.local from environment PGHOST");
  EXPECT_EQ(winner("cluster.host", "[CLUSTER]\nHOST=cfg.host\n", {{"PGHOST", "pg.local"}}),
            "cfg.host from dwh.cfg:2: [CLUSTER] HOST");
  EXPECT_EQ(winner("cluster.db_port", "", {{"PGPORT", "6543"}}), "6543 from environment PGPORT");
  EXPECT_EQ(winner("cluster.db_user", "", {{"PGUSER", "me"}}), "me from environment PGUSER");
  EXPECT_EQ(winner("cluster.db_name", "", {{"PGDATABASE", "db"}}), "db from environment PGDATABASE");
}

TEST(SettingRules, SongDataFromFileThenSourceThenSongDataFlag) {
  const std::string file = "[S3]\nSONG_DATA=s3://b/songs\n";
  EXPECT_EQ(winner("song_data", file, {}), "s3://b/songs from dwh.cfg:2: [S3] SONG_DATA");
  Overrides flags;
  flags.source = "data";
  flags.song_prefix = "s";
  EXPECT_EQ(winner("song_data", file, {}, flags), "data/s from --song-data or --source");
  flags.song_data = "elsewhere";
  EXPECT_EQ(winner("song_data", file, {}, flags), "elsewhere from --song-data or --source");
}

TEST(SettingRules, S3StallSecondsComesFromItsEnvironmentVariable) {
  EXPECT_EQ(winner("aws.s3_stall_seconds", "", {}), "unset");
  EXPECT_EQ(winner("aws.s3_stall_seconds", "", {{"SPARKIFY_S3_STALL_SECONDS", "2"}}),
            "2 from environment SPARKIFY_S3_STALL_SECONDS");
  Settings settings;
  EXPECT_EQ(settings.aws.s3_stall_seconds, 20);
  rule("aws.s3_stall_seconds").store(settings, {"2", "environment SPARKIFY_S3_STALL_SECONDS"});
  EXPECT_EQ(settings.aws.s3_stall_seconds, 2);
  EXPECT_THROW(rule("aws.s3_stall_seconds").store(settings, {"soon", "environment SPARKIFY_S3_STALL_SECONDS"}), Error);
}

TEST(SettingRules, InvalidIntegerNamesWhereItCameFrom) {
  Settings settings;
  try {
    rule("max_errors").store(settings, {"lots", "dwh.cfg:7: [SPARKIFY] MAX_ERRORS"});
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(std::string(error.what()), "dwh.cfg:7: [SPARKIFY] MAX_ERRORS must be an integer, got 'lots'");
  }
}

TEST(SettingRules, DbPortIsAPortNumberOrAListOfThem) {
  Settings settings;
  rule("cluster.db_port").store(settings, {"5432,5433", "environment PGPORT"});
  EXPECT_EQ(settings.cluster.db_port, "5432,5433");
  for (const char* bad : {"0", "65536", "54 32", "5432,", "port"}) {
    EXPECT_THROW(rule("cluster.db_port").store(settings, {bad, "dwh.cfg:3: [CLUSTER] DB_PORT"}), Error) << bad;
  }
}

TEST(SettingRules, MisspeltKeyOfAKnownSectionIsAnError) {
  try {
    check_known_names(IniDocument::parse("[SPARKIFY]\n\nTARGT=duckdb:x\n"), "dwh.cfg");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::config);
    EXPECT_EQ(std::string(error.what()), "dwh.cfg:3: unknown key TARGT in [SPARKIFY]: did you mean TARGET?");
  }
}

TEST(SettingRules, UnknownSectionsAndFarKeysAreWarningsNamingTheNearest) {
  const auto warnings = check_known_names(IniDocument::parse("[CLUSTR]\nHOST=x\n[S3]\nBUCKET_REGION=y\n"), "my.cfg");
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_EQ(warnings[0], "my.cfg:1: unknown section [CLUSTR] is ignored; the nearest known one is [CLUSTER]");
  EXPECT_EQ(warnings[1], "my.cfg:4: unknown key BUCKET_REGION in [S3] is ignored; the nearest known one is STAGING");
}

// The README's dwh.cfg block, verbatim, so the documentation and the parser cannot drift.
std::string readme_template() {
  std::ifstream in(std::string(SPARKIFY_TEST_DATA) + "/../../README.md");
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  const auto begin = text.find("```ini\n");
  const auto end = text.find("```", begin + 7);
  if (begin == std::string::npos || end == std::string::npos) return "";
  return text.substr(begin + 7, end - begin - 7);
}

TEST(SettingRules, ReadmeTemplateLoadsAsPrinted) {
  const std::string text = readme_template();
  ASSERT_NE(text, "") << "README.md has no ```ini block";
  const auto doc = IniDocument::parse(text);
  EXPECT_EQ(check_known_names(doc, "dwh.cfg"), std::vector<std::string>{});
  Settings s;
  for (const auto& r : setting_rules()) {
    if (auto value = resolve_rule(r, doc, "dwh.cfg", environment_of({}), {})) r.store(s, *value);
  }
  EXPECT_EQ(s.cluster.host, "dwhcluster.xxxx.us-west-2.redshift.amazonaws.com");
  EXPECT_EQ(s.cluster.db_password, "");
  EXPECT_EQ(s.cluster.db_port, "5439");
  EXPECT_EQ(s.s3.staging_uri, "s3://my-bucket/sparkify-staging");
  EXPECT_EQ(s.s3.log_jsonpath, "s3://udacity-dend/log_json_path.json");
  EXPECT_EQ(s.aws.access_key_id, "");
  EXPECT_EQ(s.aws.region, "us-west-2");
  EXPECT_EQ(s.dwh.num_nodes, "4");
  EXPECT_EQ(s.dwh.db_password, "");
  EXPECT_EQ(s.target, "duckdb:sparkify.duckdb");
  EXPECT_EQ(s.max_errors, 0);
}

}  // namespace
}  // namespace sparkify::config
