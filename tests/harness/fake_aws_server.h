// FakeAwsServer: runs tests/harness/fake_aws.py (a local IAM/Redshift/EC2/STS
// Query-API server that verifies SigV4 and keeps state, plus IMDSv2 and a
// container credentials endpoint that hand out temporary keys) for
// integration tests.
//
// The constructor starts `python3 fake_aws.py --port 0 ...` with the test
// credentials as a ReadyProcess (ready_process.h): it returns once the server
// listens on 127.0.0.1, throws std::runtime_error if it does not come up
// within 10 s, and the destructor stops it by PID. The control calls (fail_next, configure, reset, state)
// use the fake's unsigned /_fake/ endpoints. Not thread-safe; one per suite.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "harness/ready_process.h"

namespace sparkify::testing {

class FakeAwsServer {
 public:
  static constexpr const char* kAccessKey = "AKIDSPARKIFYTEST0001";
  static constexpr const char* kSecretKey = "fake/Secret+Key/For/SparkifyTests0000001";

  explicit FakeAwsServer(int polls_to_available = 2, int polls_to_delete = 2);
  int port() const { return process_.port(); }
  std::string url() const;  // "http://127.0.0.1:PORT"

  // The next `times` calls of `action` answer AWS error `code` with HTTP `status`.
  void fail_next(const std::string& action, const std::string& code, int status = 400, int times = 1);
  // How many DescribeClusters polls creating/deleting take from now on.
  void configure(int polls_to_available, int polls_to_delete);
  // "aws" (the default after reset) or "emulator": Redshift lists clusters as
  // <Clusters><item>...</item></Clusters> and wraps errors in
  // <RedshiftClientError>, as LocalStack and moto answer.
  void set_flavor(const std::string& flavor);
  // Temporary credentials issued from now on expire after `seconds`.
  void set_credential_seconds(int seconds);
  // The Authorization value the container endpoint (container_url()) requires.
  void set_container_token(const std::string& token);
  // The only web identity token AssumeRoleWithWebIdentity accepts.
  void set_web_identity_token(const std::string& token);
  // The access token IAM Identity Center's GetRoleCredentials accepts.
  void set_sso_token(const std::string& token);
  // Accepts requests signed with this long-term key pair too.
  void add_key(const std::string& access_key, const std::string& secret_key);
  // Forgets roles, clusters, rules, faults, call counts, signers, issued keys
  // and the flavor and credential settings.
  void reset();
  // {"roles": {...}, "clusters": {...}, "security_groups": {...}, "snapshots": [...],
  //  "calls": {"GetRole": 1, "credentials:AssumeRole": 1, "credentials:imds": 1, ...},
  //  "signers": [["GetRole", "ASIA..."], ...], "assumed": [{"role_arn": ..., "session_name": ...}]}
  nlohmann::json state();
  // AWS_CONTAINER_CREDENTIALS_FULL_URI for the fake's container endpoint.
  std::string container_url() const { return url() + "/ecs/credentials"; }

 private:
  ReadyProcess process_;
};

}  // namespace sparkify::testing
