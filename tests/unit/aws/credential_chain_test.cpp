// The credential chain's order and the providers that need no server:
// environment, dwh.cfg, shared-file profiles, credential_process (real
// /bin/sh commands), and the errors of misconfigured profiles. The providers
// that call STS, IMDS or a container endpoint are tested against the fake
// AWS server in tests/integration/credentials_test.cpp.
#include "aws/credential_chain.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "aws/credential_container.h"
#include "aws/credential_process.h"
#include "aws/credential_sso.h"
#include "common/error.h"

namespace sparkify::aws {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

class CredentialChainTest : public ::testing::Test {
 protected:
  fs::path home = fs::temp_directory_path() / ("creds-home-" + std::to_string(::getpid()));
  std::map<std::string, std::string> vars;
  config::AwsSettings settings;

  void SetUp() override {
    fs::create_directories(home / ".aws");
    vars["HOME"] = home.string();
    vars["AWS_EC2_METADATA_DISABLED"] = "true";
  }
  void TearDown() override { fs::remove_all(home); }
  void write(const std::string& file, const std::string& text) { std::ofstream(home / ".aws" / file) << text; }

  config::AwsSettings with_environment() {
    config::AwsSettings s = settings;
    s.environment = [vars = vars](std::string_view name) -> std::optional<std::string> {
      auto it = vars.find(std::string(name));
      if (it == vars.end() || it->second.empty()) return std::nullopt;
      return it->second;
    };
    return s;
  }
  // The access key id the chain signs with, and the provider it names.
  std::pair<std::string, std::string> resolve() {
    auto cache = credentials_from(with_environment());
    return {cache->current().access_key_id, cache->origin()};
  }
  std::string error_of_resolve() {
    try {
      (void)credentials_from(with_environment());
    } catch (const Error& e) {
      return e.what();
    }
    return "no error";
  }
};

TEST_F(CredentialChainTest, EnvironmentKeysWinOverEveryOtherSource) {
  vars["AWS_ACCESS_KEY_ID"] = "AKIDENV";
  vars["AWS_SECRET_ACCESS_KEY"] = "env-secret";
  vars["AWS_SESSION_TOKEN"] = "env-token";
  settings.access_key_id = "AKIDCFG";
  settings.secret_access_key = "cfg-secret";
  write("credentials", "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = d\n");
  auto cache = credentials_from(with_environment());
  EXPECT_EQ(cache->current().access_key_id, "AKIDENV");
  EXPECT_EQ(cache->current().session_token, "env-token");
  EXPECT_EQ(cache->origin(), "environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)");
}

TEST_F(CredentialChainTest, NamedProfileBeatsConfigFileWhichBeatsDefaultProfile) {
  write("credentials",
        "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = d\n"
        "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = v\n");
  settings.access_key_id = "AKIDCFG";
  settings.secret_access_key = "cfg-secret";
  EXPECT_EQ(resolve(), std::make_pair(std::string("AKIDCFG"), std::string("config file ([AWS] KEY, SECRET)")));
  settings.profile = "dev";
  EXPECT_EQ(resolve(), std::make_pair(std::string("AKIDDEV"), std::string("profile \"dev\" (aws_access_key_id)")));
  settings.profile.clear();
  settings.access_key_id.clear();
  EXPECT_EQ(resolve(),
            std::make_pair(std::string("AKIDDEFAULT"), std::string("profile \"default\" (aws_access_key_id)")));
}

TEST_F(CredentialChainTest, ProfileKeysMayLiveInTheConfigFile) {
  write("config", "[profile cfgonly]\naws_access_key_id = AKIDCONF\naws_secret_access_key = c\n");
  settings.profile = "cfgonly";
  EXPECT_EQ(resolve().first, "AKIDCONF");
}

TEST_F(CredentialChainTest, NamedProfileThatDoesNotExistIsAConfigErrorNotAFallThrough) {
  settings.profile = "nope";
  settings.access_key_id = "AKIDCFG";
  settings.secret_access_key = "cfg-secret";
  try {
    (void)credentials_from(with_environment());
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::config);
    EXPECT_THAT(std::string(e.what()), HasSubstr("AWS profile 'nope' not found"));
  }
}

TEST_F(CredentialChainTest, SettingsBuiltWithoutEnvironmentUseOnlyTheirKeys) {
  settings.access_key_id = "AKIDCFG";
  settings.secret_access_key = "cfg-secret";
  EXPECT_EQ(credentials_from(settings)->current().access_key_id, "AKIDCFG");
  EXPECT_EQ(default_credential_providers(settings).size(), 1u);
}

TEST_F(CredentialChainTest, NothingConfiguredNamesEveryWay) {
  const std::string message = error_of_resolve();
  for (const char* way : {"AWS_ACCESS_KEY_ID", "AWS_PROFILE", "[AWS]", "container", "EC2", "--no-sign-request"}) {
    EXPECT_THAT(message, HasSubstr(way));
  }
}

TEST_F(CredentialChainTest, CredentialProcessOutputIsUsedAndNamed) {
  write("config",
        "[profile proc]\ncredential_process = printf '{\"Version\": 1, \"AccessKeyId\": \"AKIDPROC\", "
        "\"SecretAccessKey\": \"proc-secret\", \"SessionToken\": \"tok\", "
        "\"Expiration\": \"2099-01-01T00:00:00Z\"}'\n");
  settings.profile = "proc";
  auto cache = credentials_from(with_environment());
  EXPECT_EQ(cache->current().access_key_id, "AKIDPROC");
  EXPECT_EQ(cache->current().secret_access_key, "proc-secret");
  EXPECT_EQ(cache->current().session_token, "tok");
  EXPECT_EQ(cache->origin(), "profile \"proc\" (credential_process)");
}

TEST_F(CredentialChainTest, FailedCredentialProcessNamesProfileStatusAndFirstStderrLine) {
  write("config",
        "[profile proc]\ncredential_process = sh -c 'echo {\"SecretAccessKey\": \"leak-me\"}; "
        "echo \"token expired\" >&2; echo second >&2; exit 3'\n");
  settings.profile = "proc";
  const std::string message = error_of_resolve();
  EXPECT_THAT(message, HasSubstr("profile \"proc\" credential_process exited with status 3 (token expired)"));
  EXPECT_THAT(message, Not(HasSubstr("second")));
  EXPECT_THAT(message, Not(HasSubstr("leak-me")));
}

TEST_F(CredentialChainTest, CredentialProcessOutputOfAnotherVersionIsRefused) {
  EXPECT_THROW((void)parse_process_credentials(R"({"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "S"})", "p"),
               Error);
  EXPECT_THROW((void)parse_process_credentials(R"({"Version": 1, "AccessKeyId": "A"})", "p"), Error);
  try {
    (void)parse_process_credentials(R"({"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "S3cr3t", )", "p");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_THAT(std::string(e.what()), Not(HasSubstr("S3cr3t")));
  }
}

TEST_F(CredentialChainTest, SsoProfileWithoutACachedLoginSaysToLogIn) {
  write("config",
        "[profile corp]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = r\n"
        "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n");
  settings.profile = "corp";
  const std::string message = error_of_resolve();
  EXPECT_THAT(message, HasSubstr("no IAM Identity Center login cached at " + home.string() + "/.aws/sso/cache/" +
                                 sso_cache_key("corp") + ".json"));
  EXPECT_THAT(message, HasSubstr("run `aws sso login --profile corp`"));
}

TEST_F(CredentialChainTest, SsoProfileWithAnExpiredCachedLoginSaysToLogInAgain) {
  write("config",
        "[profile old]\nsso_start_url = https://old.awsapps.com/start\nsso_region = us-east-1\n"
        "sso_account_id = 111122223333\nsso_role_name = r\n");
  fs::create_directories(home / ".aws/sso/cache");
  std::ofstream(home / ".aws/sso/cache" / (sso_cache_key("https://old.awsapps.com/start") + ".json"))
      << R"({"accessToken": "cached-Secr3t", "expiresAt": "2020-01-01T00:00:00Z"})";
  settings.profile = "old";
  settings.service_endpoints["sso"] = "http://127.0.0.1:1";  // never AWS, whatever happens
  const std::string message = error_of_resolve();
  EXPECT_THAT(message, HasSubstr("has expired: run `aws sso login --profile old`"));
  EXPECT_THAT(message, Not(HasSubstr("cached-Secr3t")));
}

TEST(SsoCacheKey, IsTheSha1HexOfTheSessionNameOrStartUrl) {
  EXPECT_EQ(sso_cache_key("my-sso"), "0ad374308c5a4e22f723adf10145eafad7c4031c");
}

TEST_F(CredentialChainTest, RoleWithoutSourceSaysWhatItNeeds) {
  write("config", "[profile role]\nrole_arn = arn:aws:iam::123456789012:role/r\n");
  settings.profile = "role";
  EXPECT_THAT(error_of_resolve(), HasSubstr("role_arn needs source_profile, credential_source or "
                                            "web_identity_token_file"));
}

TEST_F(CredentialChainTest, SourceProfileCycleIsAnErrorNotAHang) {
  write("config",
        "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n"
        "[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = a\n");
  settings.profile = "a";
  EXPECT_THAT(error_of_resolve(), HasSubstr("source_profile chain is longer than"));
}

TEST_F(CredentialChainTest, ContainerFullUriOverPlainHttpMustBeLocal) {
  EXPECT_TRUE(is_allowed_container_http_host("http://127.0.0.1:8080/creds"));
  EXPECT_TRUE(is_allowed_container_http_host("http://169.254.170.23/v1/credentials"));
  EXPECT_FALSE(is_allowed_container_http_host("http://example.com/creds"));
  vars["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://example.com/creds";
  EXPECT_THAT(error_of_resolve(), HasSubstr("must be https, or http on a loopback address"));
}

TEST_F(CredentialChainTest, RefusedMetadataServiceEndsTheChainAtOnce) {
  vars.erase("AWS_EC2_METADATA_DISABLED");
  vars["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = "http://127.0.0.1:1";
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THAT(error_of_resolve(), HasSubstr("no AWS credentials found"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
}

// A port that accepts connections (the kernel's backlog) but never answers,
// like a filtered link-local address on a laptop.
class SilentPort {
 public:
  SilentPort() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), length) != 0 || ::listen(fd_, 8) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      throw std::runtime_error("cannot open a listening socket");
    }
    port_ = ntohs(address.sin_port);
  }
  ~SilentPort() { ::close(fd_); }
  SilentPort(const SilentPort&) = delete;
  SilentPort& operator=(const SilentPort&) = delete;
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

TEST_F(CredentialChainTest, DisabledMetadataServiceIsNotContacted) {
  SilentPort silent;
  vars["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = "http://127.0.0.1:" + std::to_string(silent.port());
  vars["AWS_EC2_METADATA_DISABLED"] = "TRUE";
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THAT(error_of_resolve(), HasSubstr("no AWS credentials found"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(500));
}

TEST_F(CredentialChainTest, SilentMetadataServiceEndsTheChainAfterOneSecondAndOneAttempt) {
  SilentPort silent;
  vars.erase("AWS_EC2_METADATA_DISABLED");
  vars["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = "http://127.0.0.1:" + std::to_string(silent.port());
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THAT(error_of_resolve(), HasSubstr("no AWS credentials found"));
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, std::chrono::milliseconds(900));
  EXPECT_LT(waited, std::chrono::milliseconds(1800));
}

}  // namespace
}  // namespace sparkify::aws
