// The credential chain through the real binary: `sparkify infra status` (and
// `doctor`) against tests/harness/fake_aws.py, which verifies every request's
// SigV4 signature, accepts the temporary keys it issued through STS, IMDSv2
// or its container endpoint (only with their session token), and records the
// access key id that signed each request. Each test shows that the
// credentials of one provider are the ones that sign.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>

#include "harness/aws_environment.h"
#include "harness/fake_aws_server.h"
#include "harness/process.h"
#include "harness/s3_server.h"
#include "harness/workspace.h"

namespace sparkify::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kProfileKey = "AKIDPROFILEKEY000001";
constexpr const char* kProfileSecret = "profile/Secret+NeverPrinted0001";

#define EXPECT_CONTAINS(text, part) EXPECT_NE((text).find(part), std::string::npos) << (text)
#define EXPECT_LACKS(text, part) EXPECT_EQ((text).find(part), std::string::npos) << (text)

class CredentialsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = std::make_unique<FakeAwsServer>(); }
  static void TearDownTestSuite() { server_.reset(); }

  void SetUp() override {
    server_->reset();
    dir_ = fs::temp_directory_path() /
           ("sparkify-creds-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / ".aws");
    std::ofstream(dir_ / "dwh.cfg") << "[DWH]\nDWH_CLUSTER_IDENTIFIER=dwhCluster\n";
  }
  void TearDown() override { fs::remove_all(dir_); }

  FakeAwsServer& aws() { return *server_; }
  void write(const std::string& name, const std::string& text) { std::ofstream(dir_ / name) << text; }

  // A user with no credentials anywhere, pointed at the fake; `changes` on top.
  CommandOptions options(std::vector<std::pair<std::string, std::string>> changes = {}) const {
    CommandOptions result;
    result.cwd = dir_;
    result.env = without_aws_settings();
    result.env.insert(result.env.end(), {{"HOME", dir_.string()},
                                         {"AWS_EC2_METADATA_DISABLED", "true"},
                                         {"AWS_REGION", "us-west-2"},
                                         {"AWS_ENDPOINT_URL", server_->url()}});
    for (auto& change : changes) result.env.push_back(std::move(change));
    return result;
  }

  CommandResult sparkify(const std::vector<std::string>& args, const CommandOptions& how) const {
    std::vector<std::string> argv = {SPARKIFY_BINARY, "--config", (dir_ / "dwh.cfg").string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_command(argv, how);
  }
  CommandResult status(const CommandOptions& how) const { return sparkify({"infra", "status"}, how); }
  // The doctor's credentials line, e.g. "PASS  aws       credentials: ...".
  std::string doctor_line(const CommandOptions& how) const {
    const auto result = sparkify({"doctor"}, how);
    std::istringstream in(result.out);
    for (std::string line; std::getline(in, line);) {
      if (line.find("  aws  ") != std::string::npos) return line;
    }
    return "no aws line in: " + result.out + result.err;
  }

  // The access key ids that signed the IAM/Redshift/EC2 requests (not STS).
  std::set<std::string> service_signers() {
    std::set<std::string> keys;
    const auto state = aws().state();
    for (const auto& signer : state["signers"]) {
      const auto action = signer[0].get<std::string>();
      if (action.rfind("AssumeRole", 0) != 0) keys.insert(signer[1].get<std::string>());
    }
    return keys;
  }
  // The issued temporary key ("ASIAFAKE...") every service request was signed with.
  void expect_signed_by_one_issued_key() {
    const auto keys = service_signers();
    ASSERT_EQ(keys.size(), 1u);
    EXPECT_EQ(keys.begin()->rfind("ASIAFAKE", 0), 0u) << *keys.begin();
  }
  int calls(const std::string& name) { return aws().state()["calls"].value(name, 0); }
  int signed_service_calls() {
    int n = 0;
    const auto state = aws().state();
    for (const auto& signer : state["signers"]) n += signer[0].get<std::string>().rfind("AssumeRole", 0) != 0;
    return n;
  }

  static std::unique_ptr<FakeAwsServer> server_;
  fs::path dir_;
};

std::unique_ptr<FakeAwsServer> CredentialsTest::server_;

TEST_F(CredentialsTest, EnvironmentKeysSign) {
  const auto how =
      options({{"AWS_ACCESS_KEY_ID", FakeAwsServer::kAccessKey}, {"AWS_SECRET_ACCESS_KEY", FakeAwsServer::kSecretKey}});
  const auto result = status(how);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(service_signers(), std::set<std::string>{FakeAwsServer::kAccessKey});
}

TEST_F(CredentialsTest, NamedProfileKeysInTheSharedCredentialsFileSign) {
  aws().add_key(kProfileKey, kProfileSecret);
  write("creds.ini", std::string("[dev]\naws_access_key_id = ") + kProfileKey +
                         "\naws_secret_access_key = " + kProfileSecret + "\n");
  const auto how = options({{"AWS_SHARED_CREDENTIALS_FILE", (dir_ / "creds.ini").string()}, {"AWS_PROFILE", "dev"}});
  const auto result = status(how);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(service_signers(), std::set<std::string>{kProfileKey});
  EXPECT_EQ(doctor_line(how), "PASS  aws       credentials: profile \"dev\" (aws_access_key_id)");
}

TEST_F(CredentialsTest, CredentialProcessOfTheDefaultProfileSigns) {
  aws().add_key(kProfileKey, kProfileSecret);
  write(".aws/config", std::string("[default]\ncredential_process = printf '{\"Version\": 1, \"AccessKeyId\": \"") +
                           kProfileKey + "\", \"SecretAccessKey\": \"" + kProfileSecret + "\"}'\n");
  const auto result = status(options());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(service_signers(), std::set<std::string>{kProfileKey});
  EXPECT_EQ(doctor_line(options()), "PASS  aws       credentials: profile \"default\" (credential_process)");
}

TEST_F(CredentialsTest, RoleArnWithSourceProfileIsAssumedThroughStsAndItsKeysSign) {
  write(".aws/credentials", std::string("[base]\naws_access_key_id = ") + FakeAwsServer::kAccessKey +
                                "\naws_secret_access_key = " + FakeAwsServer::kSecretKey + "\n");
  write(".aws/config",
        "[profile etl]\nrole_arn = arn:aws:iam::123456789012:role/sparkify-etl\nsource_profile = base\n"
        "role_session_name = nightly\nexternal_id = ext-42\nduration_seconds = 900\n");
  const auto how = options({{"AWS_PROFILE", "etl"}, {"AWS_ENDPOINT_URL_STS", aws().url()}});
  const auto result = status(how);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  expect_signed_by_one_issued_key();
  const auto state = aws().state();
  ASSERT_EQ(state["assumed"].size(), 1u);
  EXPECT_EQ(state["assumed"][0]["action"], "AssumeRole");
  EXPECT_EQ(state["assumed"][0]["role_arn"], "arn:aws:iam::123456789012:role/sparkify-etl");
  EXPECT_EQ(state["assumed"][0]["session_name"], "nightly");
  EXPECT_EQ(state["assumed"][0]["external_id"], "ext-42");
  EXPECT_EQ(state["assumed"][0]["duration_seconds"], "900");
  EXPECT_EQ(state["signers"][0], nlohmann::json({"AssumeRole", FakeAwsServer::kAccessKey}));
  EXPECT_EQ(doctor_line(how), "PASS  aws       credentials: profile \"etl\" (role_arn via STS AssumeRole)");
}

TEST_F(CredentialsTest, WebIdentityTokenFileFromTheEnvironmentIsExchangedUnsigned) {
  aws().set_web_identity_token("eyJ.fake.oidc");
  write("token", "eyJ.fake.oidc\n");
  const auto how = options({{"AWS_WEB_IDENTITY_TOKEN_FILE", (dir_ / "token").string()},
                            {"AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/irsa"},
                            {"AWS_ROLE_SESSION_NAME", "pod-1"},
                            {"AWS_ENDPOINT_URL_STS", aws().url()}});
  const auto result = status(how);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  expect_signed_by_one_issued_key();
  const auto state = aws().state();
  ASSERT_EQ(state["assumed"].size(), 1u);
  EXPECT_EQ(state["assumed"][0]["action"], "AssumeRoleWithWebIdentity");
  EXPECT_EQ(state["assumed"][0]["session_name"], "pod-1");
}

TEST_F(CredentialsTest, RejectedWebIdentityTokenNamesTheErrorButNotTheToken) {
  aws().set_web_identity_token("the-right-token");
  write("token", "wrong-token-value\n");
  const auto result = status(options({{"AWS_WEB_IDENTITY_TOKEN_FILE", (dir_ / "token").string()},
                                      {"AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/irsa"},
                                      {"AWS_ENDPOINT_URL_STS", aws().url()}}));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_CONTAINS(result.err,
                  "AssumeRoleWithWebIdentity of arn:aws:iam::123456789012:role/irsa failed: HTTP 400 "
                  "InvalidIdentityToken");
  EXPECT_LACKS(result.out + result.err, "wrong-token-value");
}

TEST_F(CredentialsTest, ContainerEndpointWithAuthorizationTokenFileSigns) {
  aws().set_container_token("Bearer-container-secret");
  write("auth", "Bearer-container-secret\n");
  auto how = options({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", aws().container_url()},
                      {"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", (dir_ / "auth").string()}});
  const auto result = status(how);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  expect_signed_by_one_issued_key();
  EXPECT_EQ(calls("credentials:container"), 1);

  write("auth", "Bearer-wrong\n");
  const auto refused = status(how);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_CONTAINS(refused.err, "answered HTTP 401");
  EXPECT_LACKS(refused.out + refused.err, "Bearer-wrong");
}

TEST_F(CredentialsTest, InstanceRoleThroughImdsV2Signs) {
  const auto how = options({{"AWS_EC2_METADATA_DISABLED", ""}, {"AWS_EC2_METADATA_SERVICE_ENDPOINT", aws().url()}});
  const auto result = status(how);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  expect_signed_by_one_issued_key();
  EXPECT_EQ(calls("credentials:imds"), 1);
  EXPECT_EQ(doctor_line(how), "PASS  aws       credentials: EC2 instance role \"sparkify-instance-role\" (IMDSv2)");
}

TEST_F(CredentialsTest, InstanceMetadataIsNotAskedWhenDisabled) {
  const auto result = status(options({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", aws().url()}}));  // and DISABLED=true
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_CONTAINS(result.err, "no AWS credentials found");
  EXPECT_EQ(calls("credentials:imds"), 0);
}

TEST_F(CredentialsTest, CredentialsAboutToExpireAreFetchedAgainBeforeTheNextRequest) {
  const auto how = options({{"AWS_EC2_METADATA_DISABLED", ""}, {"AWS_EC2_METADATA_SERVICE_ENDPOINT", aws().url()}});
  aws().set_credential_seconds(60);  // inside the 5-minute refresh window: every request needs new ones
  ASSERT_EQ(status(how).exit_code, 0);
  const int requests = signed_service_calls();
  ASSERT_GE(requests, 2);
  EXPECT_EQ(calls("credentials:imds"), 1 + requests);  // once when the command starts, then before each request
  EXPECT_EQ(service_signers().size(), static_cast<std::size_t>(requests));

  aws().reset();  // credentials good for an hour: fetched once
  ASSERT_EQ(status(how).exit_code, 0);
  EXPECT_EQ(calls("credentials:imds"), 1);
}

TEST_F(CredentialsTest, IamIdentityCenterLoginCachedByTheAwsCliIsExchangedForRoleCredentials) {
  aws().set_sso_token("sso-access-token-1");
  write(".aws/config",
        "[profile sso]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = DataEngineer\n"
        "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n");
  fs::create_directories(dir_ / ".aws/sso/cache");
  // The AWS CLI names the cache file by the SHA-1 of the session name "corp".
  write(".aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json",
        R"({"startUrl": "https://corp.awsapps.com/start", "region": "us-east-1",
            "accessToken": "sso-access-token-1", "expiresAt": "2099-01-01T00:00:00Z"})");
  const auto how = options({{"AWS_PROFILE", "sso"}, {"AWS_ENDPOINT_URL_SSO", aws().url()}});
  const auto result = status(how);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  expect_signed_by_one_issued_key();
  EXPECT_EQ(aws().state()["sso_requests"][0],
            nlohmann::json({{"account_id", "111122223333"}, {"role_name", "DataEngineer"}}));
  EXPECT_EQ(doctor_line(how),
            "PASS  aws       credentials: profile \"sso\" (IAM Identity Center via the cached `aws sso login`)");
  EXPECT_LACKS(result.out + result.err, "sso-access-token-1");
}

// S3 reads sign through the same cache from every fetch thread: an etl from
// s3rver whose only credentials are a credential_process that logs each run
// and hands out s3rver's key pair with a given lifetime.
class CredentialsOnS3 : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    workspace_ = std::make_unique<Workspace>();
    server_ = std::make_unique<S3Server>();
    workspace_->generate("data", 20, 200, 5);
    server_->create_bucket("raw");
    const auto data = workspace_->path() / "data";
    objects_ = server_->upload_folder(data / "song_data", "raw", "song_data") +
               server_->upload_folder(data / "log_data", "raw", "log_data");
  }
  static void TearDownTestSuite() {
    server_.reset();
    workspace_.reset();
  }

  // Runs create-tables + etl with credentials valid for `seconds`; returns how
  // many times the credential_process ran during etl.
  static int process_runs_during_etl(int seconds) {
    const auto dir = workspace_->path();
    const auto log = dir / "process-runs.log";
    std::ofstream(dir / "creds.sh") << "#!/bin/sh\necho run >> '" << log.string() << "'\n"
                                    << "printf '{\"Version\": 1, \"AccessKeyId\": \"S3RVER\", \"SecretAccessKey\": "
                                       "\"S3RVER\", \"SessionToken\": \"t\", \"Expiration\": \"%s\"}' "
                                       "\"$(date -u -d '+"
                                    << seconds << " seconds' +%Y-%m-%dT%H:%M:%SZ)\"\n";
    std::ofstream(dir / "aws-config") << "[default]\ncredential_process = sh '" << (dir / "creds.sh").string() << "'\n";
    CommandOptions how;
    how.env = server_->environment();
    how.env.insert(how.env.end(), {{"AWS_ACCESS_KEY_ID", ""},
                                   {"AWS_SECRET_ACCESS_KEY", ""},
                                   {"AWS_SHARED_CREDENTIALS_FILE", ""},
                                   {"AWS_CONFIG_FILE", (dir / "aws-config").string()},
                                   {"AWS_EC2_METADATA_DISABLED", "true"}});
    const std::string target = "duckdb:" + (dir / ("s3-" + std::to_string(seconds) + ".duckdb")).string();
    workspace_->sparkify_ok({"--target", target, "create-tables"}, how);
    std::filesystem::remove(log);
    const auto etl = workspace_->sparkify({"--target", target, "etl", "--source", "s3://raw"}, how);
    EXPECT_EQ(etl.exit_code, 0) << etl.err;
    std::ifstream in(log);
    int runs = 0;
    for (std::string line; std::getline(in, line);) ++runs;
    return runs;
  }

  static inline std::unique_ptr<Workspace> workspace_;
  static inline std::unique_ptr<S3Server> server_;
  static inline std::size_t objects_ = 0;
};

// One fetch per source (songs, events): each opens its own S3 client and chain.
TEST_F(CredentialsOnS3, LongLivedProcessCredentialsAreFetchedOncePerSource) {
  EXPECT_EQ(process_runs_during_etl(3600), 2);
}

TEST_F(CredentialsOnS3, ShortLivedProcessCredentialsAreFetchedAgainWhileObjectsAreRead) {
  // 60 s is inside the 5-minute refresh window: every signed request asks again.
  EXPECT_GT(process_runs_during_etl(60), static_cast<int>(objects_));
}

}  // namespace
}  // namespace sparkify::testing
