#include "harness/s3_fault_proxy.h"

#include <nlohmann/json.hpp>

namespace sparkify::testing {
namespace {

std::vector<std::string> proxy_command(const S3Server& upstream, double stall_seconds) {
  return {"python3",         std::string(SPARKIFY_SOURCE_DIR) + "/tests/harness/s3_fault_proxy.py",
          "--upstream",      upstream.endpoint(),
          "--port",          "0",
          "--stall-seconds", std::to_string(stall_seconds)};
}

}  // namespace

S3FaultProxy::S3FaultProxy(const S3Server& upstream, double stall_seconds)
    : upstream_(upstream), process_(proxy_command(upstream, stall_seconds)) {}

std::string S3FaultProxy::endpoint() const { return "http://127.0.0.1:" + std::to_string(process_.port()); }

void S3FaultProxy::arm(const std::string& kind, int times, const std::string& op, const std::string& match) {
  http_control(process_.port(), "POST",
               "/_proxy/fault?kind=" + kind + "&op=" + op + "&times=" + std::to_string(times) + "&match=" + match);
}

void S3FaultProxy::reset() { http_control(process_.port(), "POST", "/_proxy/reset"); }

int S3FaultProxy::served(const std::string& kind) {
  const auto stats = nlohmann::json::parse(http_control(process_.port(), "GET", "/_proxy/stats"));
  return stats["faults"].value(kind, 0);
}

std::vector<std::pair<std::string, std::string>> S3FaultProxy::environment() const {
  auto env = upstream_.environment();
  for (auto& [name, value] : env) {
    if (name == "AWS_ENDPOINT_URL" || name == "AWS_ENDPOINT_URL_S3") value = endpoint();
  }
  return env;
}

}  // namespace sparkify::testing
