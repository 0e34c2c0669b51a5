// No password reaches the terminal: the real binary, given a target or an
// S3 endpoint with a password in its userinfo, fails without printing it
// (errors and --verbose progress alike); nor does any secret of the AWS
// credential chain (a credential_process's output, a web identity token, a
// container authorization token, a profile's secret key). Only 127.0.0.1 is
// contacted, on a port where nothing listens.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "harness/aws_environment.h"
#include "harness/workspace.h"

namespace sparkify::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(Redaction, EndpointUrlPasswordIsNeverPrinted) {
  Workspace ws;
  ws.sparkify_ok({"create-tables"});
  auto result = ws.sparkify({"--no-sign-request", "--endpoint-url", "http://admin:hunter2@127.0.0.1:1", "-v", "etl",
                             "--source", "s3://bucket/prefix"});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_THAT(result.err, HasSubstr("http://admin:***@127.0.0.1:1"));
  EXPECT_THAT(result.out + result.err, Not(HasSubstr("hunter2")));
}

TEST(Redaction, TargetPasswordWithAnUnencodedAtIsNeverPrinted) {
  Workspace ws;
  auto result = ws.sparkify({"--target", "postgresql://etl2@Secr3t:Pw@127.0.0.1:1/sparkify", "-v", "check"});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_THAT(result.err, HasSubstr("postgresql://etl2:***@127.0.0.1"));
  EXPECT_THAT(result.out + result.err, Not(HasSubstr("Secr3t")));
  EXPECT_THAT(result.out + result.err, Not(HasSubstr("Pw")));
}

// A user whose AWS credentials come from `env` and `home_files` (under HOME),
// with every other AWS variable unset.
CommandOptions aws_user(const Workspace& ws, std::vector<std::pair<std::string, std::string>> env) {
  CommandOptions options;
  options.cwd = ws.path();
  options.env = without_aws_settings();
  options.env.insert(options.env.end(), {{"HOME", ws.path().string()},
                                         {"AWS_EC2_METADATA_DISABLED", "true"},
                                         {"AWS_ENDPOINT_URL", "http://127.0.0.1:1"}});
  for (auto& change : env) options.env.push_back(std::move(change));
  return options;
}

TEST(Redaction, CredentialProcessOutputIsNeverPrinted) {
  Workspace ws;
  std::filesystem::create_directories(ws.path() / ".aws");
  std::ofstream(ws.path() / ".aws/config")
      << "[profile leaky]\ncredential_process = sh -c 'echo {\"SecretAccessKey\": \"proc-Secr3t\"}; "
         "echo \"login expired\" >&2; exit 1'\n";
  for (const auto& args : std::vector<std::vector<std::string>>{{"-v", "etl", "--source", "s3://bucket/prefix"},
                                                                {"doctor", "--source", "s3://bucket/prefix"}}) {
    std::vector<std::string> all = {"--profile", "leaky"};
    all.insert(all.end(), args.begin(), args.end());
    auto result = ws.sparkify(all, aws_user(ws, {}));
    EXPECT_NE(result.exit_code, 0);
    EXPECT_THAT(result.err + result.out, HasSubstr("credential_process exited with status 1 (login expired)"));
    EXPECT_THAT(result.out + result.err, Not(HasSubstr("proc-Secr3t")));
  }
}

TEST(Redaction, WebIdentityAndContainerTokensAndProfileSecretsAreNeverPrinted) {
  Workspace ws;
  std::filesystem::create_directories(ws.path() / ".aws");
  std::ofstream(ws.path() / "oidc") << "oidc-Secr3t-token";
  std::ofstream(ws.path() / ".aws/credentials")
      << "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-Secr3t\n";
  std::ofstream(ws.path() / ".aws/config")
      << "[profile role]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = base\n";
  const std::vector<std::vector<std::pair<std::string, std::string>>> users = {
      {{"AWS_WEB_IDENTITY_TOKEN_FILE", (ws.path() / "oidc").string()},
       {"AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/r"}},
      {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:1/creds"},
       {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "container-Secr3t"}},
      {{"AWS_PROFILE", "role"}}};
  for (const auto& user : users) {
    auto result = ws.sparkify({"-v", "etl", "--source", "s3://bucket/prefix"}, aws_user(ws, user));
    EXPECT_NE(result.exit_code, 0);
    EXPECT_THAT(result.err, HasSubstr("127.0.0.1:1"));
    EXPECT_THAT(result.out + result.err, Not(HasSubstr("Secr3t")));
  }
}

}  // namespace
}  // namespace sparkify::testing
