// FakeAwsServer: runs tests/harness/fake_aws.py (a local IAM/Redshift/EC2
// Query-API server that verifies SigV4 and keeps state) for integration tests.
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
  // Forgets roles, clusters, rules, faults, call counts and the flavor.
  void reset();
  // {"roles": {...}, "clusters": {...}, "security_groups": {...}, "snapshots": [...], "calls": {...}}
  nlohmann::json state();

 private:
  ReadyProcess process_;
};

}  // namespace sparkify::testing
