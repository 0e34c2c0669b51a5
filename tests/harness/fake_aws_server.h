// FakeAwsServer: runs tests/harness/fake_aws.py (a local IAM/Redshift/EC2
// Query-API server that verifies SigV4 and keeps state) for integration tests.
//
// The constructor starts `python3 fake_aws.py --port 0 ...` with the test
// credentials, reads its "ready PORT" line (the port it bound on 127.0.0.1)
// and returns once it listens; it throws std::runtime_error if the server does
// not come up within 10 s. The destructor stops it by PID (SIGTERM, then
// SIGKILL after 5 s). The control calls (fail_next, configure, reset, state)
// use the fake's unsigned /_fake/ endpoints. Not thread-safe; one per suite.
#pragma once

#include <sys/types.h>

#include <nlohmann/json.hpp>
#include <string>

namespace sparkify::testing {

class FakeAwsServer {
 public:
  static constexpr const char* kAccessKey = "AKIDSPARKIFYTEST0001";
  static constexpr const char* kSecretKey = "fake/Secret+Key/For/SparkifyTests0000001";

  explicit FakeAwsServer(int polls_to_available = 2, int polls_to_delete = 2);
  ~FakeAwsServer();
  FakeAwsServer(const FakeAwsServer&) = delete;
  FakeAwsServer& operator=(const FakeAwsServer&) = delete;

  int port() const { return port_; }
  std::string url() const;  // "http://127.0.0.1:PORT"

  // The next `times` calls of `action` answer AWS error `code` with HTTP `status`.
  void fail_next(const std::string& action, const std::string& code, int status = 400, int times = 1);
  // How many DescribeClusters polls creating/deleting take from now on.
  void configure(int polls_to_available, int polls_to_delete);
  // "aws" (the default after reset) or "emulator": Redshift lists clusters as
  // <Clusters><item>...</item></Clusters> and wraps errors in
  // <RedshiftClientError>, as LocalStack and moto answer.
  void set_flavor(const std::string& flavor);
  // Forgets roles, clusters, rules, faults, call counts and the flavor.
  void reset();
  // {"roles": {...}, "clusters": {...}, "security_groups": {...}, "snapshots": [...], "calls": {...}}
  nlohmann::json state();

 private:
  // Sends an HTTP/1.0 request to the control endpoint and returns the body.
  std::string control(const std::string& method, const std::string& path_and_query);

  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace sparkify::testing
