// S3FaultProxy: tests/harness/s3_fault_proxy.py in front of a running
// S3Server, so integration tests can make S3 misbehave on cue (503 SlowDown,
// 500, resets, stalls, truncated or short bodies, corrupt bytes, a repeated
// continuation token). Forwards everything unchanged until a fault is armed.
// Started on a free 127.0.0.1 port, stopped by PID (ReadyProcess). Not
// thread-safe; one per suite.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "harness/ready_process.h"
#include "harness/s3_server.h"

namespace sparkify::testing {

class S3FaultProxy {
 public:
  // A stalled response stays silent for `stall_seconds`, then the connection closes.
  S3FaultProxy(const S3Server& upstream, double stall_seconds = 30);

  std::string endpoint() const;  // "http://127.0.0.1:PORT"

  // The next `times` requests of `op` ("get": GetObject, "list": ListObjectsV2)
  // whose path contains `match` get fault `kind` (times -1: every one).
  void arm(const std::string& kind, int times, const std::string& op = "get", const std::string& match = "");
  // Disarms every fault and zeroes the counts.
  void reset();
  // How many times fault `kind` was served since the last reset.
  int served(const std::string& kind);

  // S3Server::environment() with the endpoint pointing at the proxy.
  std::vector<std::pair<std::string, std::string>> environment() const;

 private:
  const S3Server& upstream_;
  ReadyProcess process_;
};

}  // namespace sparkify::testing
