#include "config/ini_document.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "config/settings.h"

namespace sparkify::config {
namespace {

constexpr const char* kOriginal =
    "# Sparkify warehouse\n"
    "[CLUSTER]\n"
    "HOST=''\n"
    "DB_NAME='dwh'   \n"
    "; port of the cluster\n"
    "DB_PORT = 5439\n"
    "\n"
    "[IAM_ROLE]\n"
    "ARN=''\n"
    "\n"
    "[S3]\n"
    "LOG_DATA='s3://udacity-dend/log_data'\n";

TEST(IniDocument, ReadsValuesWithoutQuotesCaseInsensitively) {
  auto doc = IniDocument::parse(kOriginal);
  EXPECT_EQ(doc.get("cluster", "db_name"), "dwh");
  EXPECT_EQ(doc.get("CLUSTER", "DB_PORT"), "5439");
  EXPECT_EQ(doc.get("S3", "LOG_DATA"), "s3://udacity-dend/log_data");
  EXPECT_EQ(doc.get("S3", "SONG_DATA"), std::nullopt);
}

TEST(IniDocument, SetKeepsEveryOtherLineAndComment) {
  auto doc = IniDocument::parse(kOriginal);
  doc.set("CLUSTER", "HOST", "dwh.abc.us-west-2.redshift.amazonaws.com");
  doc.set("IAM_ROLE", "ARN", "arn:aws:iam::123:role/dwhRole");
  std::string expected = kOriginal;
  expected.replace(expected.find("HOST=''"), 7, "HOST=dwh.abc.us-west-2.redshift.amazonaws.com");
  expected.replace(expected.find("ARN=''"), 6, "ARN=arn:aws:iam::123:role/dwhRole");
  EXPECT_EQ(doc.text(), expected);
}

TEST(IniDocument, SetAppendsMissingKeyToItsSectionAndMissingSectionAtEnd) {
  auto doc = IniDocument::parse(kOriginal);
  doc.set("IAM_ROLE", "NAME", "dwhRole");
  doc.set("AWS", "REGION", "us-west-2");
  auto text = doc.text();
  EXPECT_NE(text.find("ARN=''\nNAME = dwhRole\n\n[S3]"), std::string::npos) << text;
  EXPECT_NE(text.find("\n[AWS]\nREGION = us-west-2\n"), std::string::npos) << text;
  EXPECT_EQ(IniDocument::parse(text).get("aws", "region"), "us-west-2");
}

TEST(IniDocument, MissingFileIsAnEmptyDocument) {
  auto doc = IniDocument::load("/nonexistent/dwh.cfg");
  EXPECT_EQ(doc.get("CLUSTER", "HOST"), std::nullopt);
}

class SettingsTest : public ::testing::Test {
 protected:
  std::filesystem::path path = std::filesystem::temp_directory_path() / ("settings-" + std::to_string(::getpid()));
  void SetUp() override {
    for (auto var : {"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE",
                     "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"}) {
      ::unsetenv(var);
    }
    ::setenv("HOME", "/nonexistent-home", 1);
  }
  void TearDown() override { std::filesystem::remove(path); }
  void write(const std::string& text) { std::ofstream(path) << text; }
};

TEST_F(SettingsTest, DefaultsWithoutConfigFile) {
  auto settings = resolve_settings(path, {});
  EXPECT_EQ(settings.target, "duckdb:sparkify.duckdb");
  EXPECT_EQ(settings.max_errors, 0);
  EXPECT_EQ(settings.rejects_path, "rejects.ndjson");
}

TEST_F(SettingsTest, FlagsWinOverEnvironmentWhichWinsOverConfig) {
  write("[AWS]\nREGION=eu-west-1\nKEY=cfgkey\nSECRET=cfgsecret\n[S3]\nSONG_DATA='s3://b/song_data'\n");
  ::setenv("AWS_REGION", "us-east-2", 1);
  auto from_env = resolve_settings(path, {});
  EXPECT_EQ(from_env.aws.region, "us-east-2");
  EXPECT_EQ(from_env.aws.access_key_id, "cfgkey");
  EXPECT_EQ(from_env.song_data, "s3://b/song_data");
  Overrides flags;
  flags.region = "ap-south-1";
  flags.source = "/data/";
  EXPECT_EQ(resolve_settings(path, flags).aws.region, "ap-south-1");
  EXPECT_EQ(resolve_settings(path, flags).song_data, "/data/song_data");
  ::unsetenv("AWS_REGION");
}

TEST_F(SettingsTest, KeysOfTheConfigFileStayTheConfigFilesForTheCredentialChain) {
  write("[AWS]\nKEY=cfgkey\nSECRET=cfgsecret\n");
  ::setenv("AWS_ACCESS_KEY_ID", "envkey", 1);
  ::setenv("AWS_SECRET_ACCESS_KEY", "envsecret", 1);
  auto settings = resolve_settings(path, {});
  EXPECT_EQ(settings.aws.access_key_id, "cfgkey");
  EXPECT_EQ(settings.aws.secret_access_key, "cfgsecret");
  ASSERT_TRUE(settings.aws.environment);
  EXPECT_EQ(settings.aws.environment("AWS_ACCESS_KEY_ID"), "envkey");
  ::unsetenv("AWS_ACCESS_KEY_ID");
  ::unsetenv("AWS_SECRET_ACCESS_KEY");
}

TEST_F(SettingsTest, ProfileRegionFillsTheRegionOnlyWhenNothingElseGivesIt) {
  const auto aws_config = path.string() + ".aws-config";
  std::ofstream(aws_config) << "[profile dev]\nregion = eu-north-1\n[default]\nregion = ap-east-1\n";
  ::setenv("AWS_CONFIG_FILE", aws_config.c_str(), 1);
  EXPECT_EQ(resolve_settings(path, {}).aws.region, "ap-east-1");
  ::setenv("AWS_PROFILE", "dev", 1);
  EXPECT_EQ(resolve_settings(path, {}).aws.region, "eu-north-1");
  write("[AWS]\nREGION=us-east-2\n");
  EXPECT_EQ(resolve_settings(path, {}).aws.region, "us-east-2");
  ::unsetenv("AWS_PROFILE");
  ::unsetenv("AWS_CONFIG_FILE");
  std::filesystem::remove(aws_config);
}

TEST_F(SettingsTest, NonIntegerMaxErrorsInConfigIsAClearError) {
  write("[SPARKIFY]\nMAX_ERRORS=lots\n");
  try {
    resolve_settings(path, {});
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::config);
    EXPECT_NE(std::string(error.what()).find("MAX_ERRORS"), std::string::npos);
  }
}

TEST(JoinLocation, JoinsWithExactlyOneSlash) {
  EXPECT_EQ(join_location("s3://bucket", "song_data"), "s3://bucket/song_data");
  EXPECT_EQ(join_location("s3://bucket/", "/song_data"), "s3://bucket/song_data");
  EXPECT_EQ(join_location("data", "log_data"), "data/log_data");
}

}  // namespace
}  // namespace sparkify::config
