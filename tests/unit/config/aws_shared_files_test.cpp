// The AWS shared config and credentials files: where they are found, how a
// profile merges its two sections, and the region a profile gives Settings.
#include "config/aws_shared_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "common/error.h"

namespace sparkify::config {
namespace {

namespace fs = std::filesystem;

class AwsSharedFilesTest : public ::testing::Test {
 protected:
  fs::path dir = fs::temp_directory_path() / ("aws-files-" + std::to_string(::getpid()));
  std::map<std::string, std::string> vars;

  void SetUp() override { fs::create_directories(dir / ".aws"); }
  void TearDown() override { fs::remove_all(dir); }
  void write(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }
  Environment environment() const {
    return [vars = vars](std::string_view name) -> std::optional<std::string> {
      auto it = vars.find(std::string(name));
      if (it == vars.end() || it->second.empty()) return std::nullopt;
      return it->second;
    };
  }
};

TEST_F(AwsSharedFilesTest, ProfileMergesConfigProfileSectionAndCredentialsSectionWhichWins) {
  write(dir / ".aws/config", "[profile dev]\nregion = eu-west-1\naws_access_key_id = FROMCONFIG\n");
  write(dir / ".aws/credentials", "[dev]\naws_access_key_id = FROMCREDS\naws_secret_access_key = s\n");
  vars["HOME"] = dir.string();
  auto profile = AwsSharedFiles::load(environment()).profile("dev");
  ASSERT_TRUE(profile);
  EXPECT_EQ(profile->get("region"), "eu-west-1");
  EXPECT_EQ(profile->get("aws_access_key_id"), "FROMCREDS");
  EXPECT_EQ(profile->get("aws_secret_access_key"), "s");
}

TEST_F(AwsSharedFilesTest, ConfigSectionWithoutProfilePrefixIsNotAProfileExceptDefault) {
  write(dir / ".aws/config",
        "[dev]\nregion = eu-west-1\n[default]\nregion = ap-south-1\n[profile   spaced]\nregion = x\n");
  vars["HOME"] = dir.string();
  const auto files = AwsSharedFiles::load(environment());
  EXPECT_FALSE(files.profile("dev"));
  ASSERT_TRUE(files.profile("default"));
  EXPECT_EQ(files.profile("default")->get("region"), "ap-south-1");
  ASSERT_TRUE(files.profile("spaced"));
}

TEST_F(AwsSharedFilesTest, VariablesNameTheFilesInsteadOfHome) {
  write(dir / "creds.ini", "[ci]\naws_access_key_id = K\n");
  write(dir / "conf.ini", "[sso-session corp]\nsso_region = us-east-1\n");
  vars["HOME"] = "/nonexistent-home";
  vars["AWS_SHARED_CREDENTIALS_FILE"] = (dir / "creds.ini").string();
  vars["AWS_CONFIG_FILE"] = (dir / "conf.ini").string();
  const auto files = AwsSharedFiles::load(environment());
  EXPECT_EQ(files.credentials_path(), (dir / "creds.ini").string());
  ASSERT_TRUE(files.profile("ci"));
  ASSERT_TRUE(files.sso_session("corp"));
  EXPECT_EQ(files.sso_session("corp")->get("sso_region"), "us-east-1");
}

TEST_F(AwsSharedFilesTest, MalformedFileNamesItsLine) {
  write(dir / ".aws/credentials", "[default]\nthis line has no equals sign\n");
  vars["HOME"] = dir.string();
  try {
    (void)AwsSharedFiles::load(environment());
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(".aws/credentials:2:"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace sparkify::config
