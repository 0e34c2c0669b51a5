// `sparkify infra up|status|down` driven through the real binary against
// tests/harness/fake_aws.py, a local server that verifies every request's
// SigV4 signature and answers with AWS's Query-protocol XML and error codes.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "harness/fake_aws_server.h"
#include "harness/process.h"

namespace sparkify::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPassword = "Sparkify2Secret";

// The original project's dwh.cfg layout, with comments that must survive `up`.
constexpr const char* kConfig = R"(# Sparkify warehouse settings
[CLUSTER]
HOST=''
DB_NAME='dwh'
DB_USER='dwhuser'
DB_PORT='5439'

; the cluster sparkify infra manages
[DWH]
DWH_CLUSTER_TYPE=multi-node
DWH_NUM_NODES=4
DWH_NODE_TYPE=dc2.large
DWH_IAM_ROLE_NAME=dwhRole
DWH_CLUSTER_IDENTIFIER=dwhCluster
DWH_DB=dwh
DWH_DB_USER=dwhuser
DWH_PORT=5439

[IAM_ROLE]
# written by sparkify infra up
ARN=''

[S3]
LOG_DATA='s3://udacity-dend/log_data'
)";

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string replace_line(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

class InfraTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = std::make_unique<FakeAwsServer>(); }
  static void TearDownTestSuite() { server_.reset(); }

  void SetUp() override {
    server_->reset();
    server_->configure(2, 2);
    dir_ = fs::temp_directory_path() /
           ("sparkify-infra-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream(dir_ / "dwh.cfg") << kConfig;
  }
  void TearDown() override { fs::remove_all(dir_); }

  FakeAwsServer& aws() { return *server_; }
  fs::path config() const { return dir_ / "dwh.cfg"; }

  // The environment of a user pointed at the fake with the test credentials;
  // `changes` are applied on top.
  CommandOptions options(std::vector<std::pair<std::string, std::string>> changes = {}) const {
    CommandOptions result;
    result.cwd = dir_;
    result.env = {{"HOME", dir_.string()},
                  {"AWS_ACCESS_KEY_ID", FakeAwsServer::kAccessKey},
                  {"AWS_SECRET_ACCESS_KEY", FakeAwsServer::kSecretKey},
                  {"AWS_SESSION_TOKEN", ""},
                  {"AWS_PROFILE", ""},
                  {"AWS_SHARED_CREDENTIALS_FILE", ""},
                  {"AWS_REGION", "us-west-2"},
                  {"AWS_DEFAULT_REGION", ""},
                  {"AWS_ENDPOINT_URL", server_->url()},
                  {"AWS_ENDPOINT_URL_IAM", ""},
                  {"AWS_ENDPOINT_URL_REDSHIFT", ""},
                  {"AWS_ENDPOINT_URL_EC2", ""},
                  {"SPARKIFY_DWH_DB_PASSWORD", kPassword}};
    for (auto& change : changes) result.env.push_back(std::move(change));
    return result;
  }

  CommandResult sparkify(const std::vector<std::string>& args, const CommandOptions& how) {
    std::vector<std::string> argv = {SPARKIFY_BINARY, "--config", config().string(), "infra"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_command(argv, how);
  }
  CommandResult sparkify(const std::vector<std::string>& args) { return sparkify(args, options()); }

  // up/down with fast polling, as the fake's clusters change state per poll.
  CommandResult up(std::vector<std::string> extra = {}) {
    extra.insert(extra.begin(), {"up", "--poll-interval", "0.02"});
    return sparkify(extra);
  }
  CommandResult down(std::vector<std::string> extra = {}) {
    extra.insert(extra.begin(), {"down", "--yes", "--poll-interval", "0.02"});
    return sparkify(extra);
  }

  static std::unique_ptr<FakeAwsServer> server_;
  fs::path dir_;
};

std::unique_ptr<FakeAwsServer> InfraTest::server_;

#define EXPECT_CONTAINS(text, part) EXPECT_NE((text).find(part), std::string::npos) << (text)
#define EXPECT_LACKS(text, part) EXPECT_EQ((text).find(part), std::string::npos) << (text)

TEST_F(InfraTest, UpCreatesRoleWithS3ReadAccessAndAvailableCluster) {
  auto result = up();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto state = aws().state();
  ASSERT_EQ(state["roles"].size(), 1u);
  const auto& role = state["roles"]["dwhRole"];
  EXPECT_EQ(role["attached"], nlohmann::json({"arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"}));
  EXPECT_CONTAINS(role["assume_role_policy"].get<std::string>(), "redshift.amazonaws.com");
  ASSERT_EQ(state["clusters"].size(), 1u);
  const auto& cluster = state["clusters"]["dwhcluster"];
  EXPECT_EQ(cluster["status"], "available");
  EXPECT_EQ(cluster["nodes"], 4);
  EXPECT_EQ(cluster["node_type"], "dc2.large");
  EXPECT_EQ(cluster["db"], "dwh");
  EXPECT_EQ(cluster["user"], "dwhuser");
  EXPECT_EQ(cluster["iam_roles"], nlohmann::json({role["arn"]}));
  EXPECT_CONTAINS(result.out, "role dwhRole: created");
  EXPECT_CONTAINS(result.out, "cluster dwhcluster: available at");
  EXPECT_CONTAINS(result.err, "waiting for cluster dwhcluster: creating");
}

TEST_F(InfraTest, AnUnreachableEndpointNamesTheServiceAndTheNextStep) {
  auto how = options();
  for (auto& [name, value] : how.env) {
    if (name == "AWS_ENDPOINT_URL") value = "http://127.0.0.1:9";  // the discard port: nothing listens
  }
  const auto status = sparkify({"status"}, how);
  EXPECT_EQ(status.exit_code, 1) << status.err;
  EXPECT_CONTAINS(status.err, "cannot reach the iam API at http://127.0.0.1:9");
  EXPECT_CONTAINS(status.err, "check --endpoint-url (or AWS_ENDPOINT_URL_IAM), --region and the network");
}

TEST_F(InfraTest, UpStatusAndDownWorkAgainstEmulatorAnswers) {
  aws().set_flavor("emulator");
  auto result = up();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_CONTAINS(result.out, "cluster dwhcluster: available at");
  EXPECT_CONTAINS(sparkify({"status"}).out, "available");
  ASSERT_EQ(down({"--skip-final-snapshot"}).exit_code, 0);
  EXPECT_EQ(aws().state()["clusters"].size(), 0u);
  const auto status = sparkify({"status"});  // ClusterNotFound, read from <RedshiftClientError>
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_CONTAINS(status.out, "cluster   dwhCluster  not found");
}

TEST_F(InfraTest, UpWritesEndpointAndArnAndKeepsEveryOtherLineOfDwhCfg) {
  ASSERT_EQ(up().exit_code, 0);
  auto state = aws().state();
  const std::string host = state["clusters"]["dwhcluster"]["address"];
  const std::string arn = state["roles"]["dwhRole"]["arn"];
  std::string expected = replace_line(kConfig, "HOST=''", "HOST=" + host);
  expected = replace_line(expected, "ARN=''", "ARN=" + arn);
  EXPECT_EQ(read_file(config()), expected);
}

TEST_F(InfraTest, UpTwiceLeavesOneRoleAndOneClusterAndSaysSo) {
  ASSERT_EQ(up().exit_code, 0);
  auto again = up();
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_CONTAINS(again.out, "role dwhRole: exists");
  EXPECT_CONTAINS(again.out, "cluster dwhcluster: exists (available)");
  EXPECT_CONTAINS(again.out, "already up to date");
  auto state = aws().state();
  EXPECT_EQ(state["roles"].size(), 1u);
  EXPECT_EQ(state["clusters"].size(), 1u);
  EXPECT_EQ(state["calls"]["CreateRole"], 1);
  EXPECT_EQ(state["calls"]["CreateCluster"], 1);
}

TEST_F(InfraTest, UpResumesAfterCreateClusterFailedMidway) {
  aws().fail_next("CreateCluster", "InsufficientClusterCapacity", 400);
  auto failed = up();
  EXPECT_EQ(failed.exit_code, 1);
  EXPECT_CONTAINS(failed.err, "InsufficientClusterCapacity");
  EXPECT_EQ(aws().state()["clusters"].size(), 0u);
  EXPECT_EQ(read_file(config()), kConfig);

  auto resumed = up();
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_CONTAINS(resumed.out, "role dwhRole: exists");
  EXPECT_CONTAINS(resumed.out, "cluster dwhcluster: created");
  auto state = aws().state();
  EXPECT_EQ(state["calls"]["CreateRole"], 1);
  EXPECT_EQ(state["clusters"]["dwhcluster"]["status"], "available");
}

TEST_F(InfraTest, UpTimesOutWithHintAndResumesWaitingOnRerun) {
  aws().configure(1000, 2);
  auto timed_out = up({"--timeout", "0.3"});
  EXPECT_EQ(timed_out.exit_code, 1);
  EXPECT_CONTAINS(timed_out.err, "still 'creating'");
  EXPECT_CONTAINS(timed_out.err, "sparkify infra up");

  aws().configure(2, 2);
  auto resumed = up();
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_CONTAINS(resumed.out, "cluster dwhcluster: exists (creating)");
  EXPECT_CONTAINS(resumed.out, "available at");
  EXPECT_EQ(aws().state()["calls"]["CreateCluster"], 1);
}

TEST_F(InfraTest, UpRetriesThrottledCalls) {
  aws().fail_next("CreateRole", "Throttling", 400, 2);
  auto result = up();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(aws().state()["calls"]["CreateRole"], 3);
}

TEST_F(InfraTest, PersistentThrottlingEndsWithOneLineMessage) {
  aws().fail_next("GetRole", "Throttling", 400, 50);
  auto result = sparkify({"status"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_CONTAINS(result.err, "kept throttling GetRole");
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1);
}

TEST_F(InfraTest, AccessDeniedNamesTheMissingPermission) {
  aws().fail_next("CreateRole", "AccessDenied", 403);
  auto result = up();
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_CONTAINS(result.err, "iam:CreateRole");
}

TEST_F(InfraTest, UpWithBucketPutsInlinePolicyInsteadOfManagedOne) {
  auto result = up({"--bucket", "udacity-dend"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto role = aws().state()["roles"]["dwhRole"];
  EXPECT_TRUE(role["attached"].empty());
  ASSERT_TRUE(role["inline"].contains("sparkify-s3-read"));
  EXPECT_CONTAINS(role["inline"]["sparkify-s3-read"].get<std::string>(), "arn:aws:s3:::udacity-dend/*");
}

TEST_F(InfraTest, UpOpensClusterPortToCidrOnceOnly) {
  ASSERT_EQ(up({"--open-cidr", "203.0.113.7/32"}).exit_code, 0);
  auto again = up({"--open-cidr", "203.0.113.7/32"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_CONTAINS(again.out, "was already open");
  auto groups = aws().state()["security_groups"];
  ASSERT_EQ(groups.size(), 1u);
  auto rules = groups.begin().value();
  ASSERT_EQ(rules.size(), 1u);
  EXPECT_EQ(rules[0], nlohmann::json({{"protocol", "tcp"}, {"from", 5439}, {"to", 5439}, {"cidr", "203.0.113.7/32"}}));
}

TEST_F(InfraTest, UpRejectsMalformedCidrBeforeCallingAws) {
  auto result = up({"--open-cidr", "203.0.113.7"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_CONTAINS(result.err, "--open-cidr");
  EXPECT_TRUE(aws().state()["calls"].empty());
}

TEST_F(InfraTest, UpWithoutPasswordCreatesNothing) {
  auto result = sparkify({"up"}, options({{"SPARKIFY_DWH_DB_PASSWORD", ""}}));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_CONTAINS(result.err, "SPARKIFY_DWH_DB_PASSWORD");
  EXPECT_TRUE(aws().state()["roles"].empty());
}

TEST_F(InfraTest, StatusShowsRoleAndClusterTable) {
  ASSERT_EQ(up().exit_code, 0);
  auto result = sparkify({"status"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto state = aws().state();
  EXPECT_CONTAINS(result.out, "RESOURCE");
  EXPECT_CONTAINS(result.out, state["roles"]["dwhRole"]["arn"].get<std::string>());
  EXPECT_CONTAINS(result.out, "available");
  EXPECT_CONTAINS(result.out, state["clusters"]["dwhcluster"]["address"].get<std::string>() + ":5439, 4 x dc2.large");
}

TEST_F(InfraTest, StatusReportsMissingResources) {
  auto result = sparkify({"status"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_CONTAINS(result.out, "role      dwhRole     not found");
  EXPECT_CONTAINS(result.out, "cluster   dwhCluster  not found");
}

TEST_F(InfraTest, DownDeletesClusterWithFinalSnapshotThenRole) {
  ASSERT_EQ(up().exit_code, 0);
  auto result = down();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto state = aws().state();
  EXPECT_TRUE(state["clusters"].empty());
  EXPECT_TRUE(state["roles"].empty());
  ASSERT_EQ(state["snapshots"].size(), 1u);
  EXPECT_EQ(state["snapshots"][0]["id"].get<std::string>().rfind("dwhcluster-final-", 0), 0u);
  EXPECT_CONTAINS(result.out, "role dwhRole: deleted");
}

TEST_F(InfraTest, DownWithSkipFinalSnapshotKeepsNoSnapshot) {
  ASSERT_EQ(up().exit_code, 0);
  ASSERT_EQ(down({"--skip-final-snapshot"}).exit_code, 0);
  EXPECT_TRUE(aws().state()["snapshots"].empty());
}

TEST_F(InfraTest, DownRemovesInlineBucketPolicyBeforeRole) {
  ASSERT_EQ(up({"--bucket", "udacity-dend"}).exit_code, 0);
  auto result = down();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(aws().state()["roles"].empty());
}

TEST_F(InfraTest, DownOnNothingSaysThereIsNothingToDelete) {
  auto result = sparkify({"down"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_CONTAINS(result.out, "nothing to delete");
}

TEST_F(InfraTest, DownAsksAndDeletesNothingWithoutYes) {
  ASSERT_EQ(up().exit_code, 0);
  auto how = options();
  how.input = "n\n";
  auto result = sparkify({"down"}, how);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_CONTAINS(result.err, "[y/N]");
  auto state = aws().state();
  EXPECT_EQ(state["clusters"].size(), 1u);
  EXPECT_EQ(state["roles"].size(), 1u);
}

TEST_F(InfraTest, DownResumesAfterTimingOutWhileClusterIsDeleting) {
  ASSERT_EQ(up().exit_code, 0);
  aws().configure(2, 1000);
  auto timed_out = down({"--timeout", "0.3"});
  EXPECT_EQ(timed_out.exit_code, 1);
  EXPECT_CONTAINS(timed_out.err, "still 'deleting'");
  EXPECT_EQ(aws().state()["roles"].size(), 1u);

  aws().configure(2, 2);
  auto resumed = down();
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_CONTAINS(resumed.out, "already being deleted");
  auto state = aws().state();
  EXPECT_TRUE(state["clusters"].empty());
  EXPECT_TRUE(state["roles"].empty());
}

TEST_F(InfraTest, WrongSecretIsRejectedBySignatureCheckWithOneLineError) {
  const std::string wrong = "wrong/Secret+Key/For/SparkifyTests000000";
  auto result = sparkify({"up"}, options({{"AWS_SECRET_ACCESS_KEY", wrong}}));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_CONTAINS(result.err, "SignatureDoesNotMatch");
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  EXPECT_LACKS(result.err + result.out, wrong);
  EXPECT_TRUE(aws().state()["calls"].empty());
}

TEST_F(InfraTest, UnknownAccessKeyGetsInvalidClientTokenIdMessage) {
  auto result = sparkify({"status"}, options({{"AWS_ACCESS_KEY_ID", "AKIDUNKNOWN"}}));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_CONTAINS(result.err, "InvalidClientTokenId");
}

TEST_F(InfraTest, PasswordAndSecretNeverAppearInOutput) {
  std::string seen;
  for (auto result : {up(), up({"--open-cidr", "10.0.0.0/8"}), sparkify({"status"}), down()}) {
    seen += result.out + result.err;
  }
  aws().fail_next("CreateCluster", "InvalidParameterValue", 400);
  auto failed = up();
  seen += failed.out + failed.err;
  EXPECT_LACKS(seen, kPassword);
  EXPECT_LACKS(seen, FakeAwsServer::kSecretKey);
  EXPECT_LACKS(read_file(config()), kPassword);
}

TEST_F(InfraTest, ServiceSpecificEndpointVariablesAreHonoured) {
  auto how = options({{"AWS_ENDPOINT_URL", "http://127.0.0.1:9"},
                      {"AWS_ENDPOINT_URL_IAM", aws().url()},
                      {"AWS_ENDPOINT_URL_REDSHIFT", aws().url()},
                      {"AWS_ENDPOINT_URL_EC2", aws().url()}});
  auto result = sparkify({"up", "--poll-interval", "0.02"}, how);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(aws().state()["clusters"].size(), 1u);
}

TEST_F(InfraTest, EndpointUrlFlagAndRegionFromEnvironmentAreUsed) {
  auto how = options({{"AWS_ENDPOINT_URL", ""}, {"AWS_REGION", "eu-central-1"}});
  std::vector<std::string> argv = {
      SPARKIFY_BINARY,   "--config", config().string(), "--endpoint-url", aws().url(), "infra", "up",
      "--poll-interval", "0.02"};
  auto result = run_command(argv, how);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_CONTAINS(aws().state()["clusters"]["dwhcluster"]["address"].get<std::string>(), ".eu-central-1.");
}

}  // namespace
}  // namespace sparkify::testing
