#include "harness/fake_aws_server.h"

#include <cctype>
#include <vector>

namespace sparkify::testing {
namespace {

std::vector<std::string> fake_aws_command(int polls_to_available, int polls_to_delete) {
  return {"python3",
          std::string(SPARKIFY_SOURCE_DIR) + "/tests/harness/fake_aws.py",
          "--port",
          "0",
          "--access-key",
          FakeAwsServer::kAccessKey,
          "--secret-key",
          FakeAwsServer::kSecretKey,
          "--polls-to-available",
          std::to_string(polls_to_available),
          "--polls-to-delete",
          std::to_string(polls_to_delete)};
}

// Query-string encoding: secrets hold '+' and '/'.
std::string query_encoded(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += {'%', kHex[c >> 4], kHex[c & 15]};
    }
  }
  return out;
}

}  // namespace

FakeAwsServer::FakeAwsServer(int polls_to_available, int polls_to_delete)
    : process_(fake_aws_command(polls_to_available, polls_to_delete)) {}

std::string FakeAwsServer::url() const { return "http://127.0.0.1:" + std::to_string(port()); }

void FakeAwsServer::fail_next(const std::string& action, const std::string& code, int status, int times) {
  http_control(port(), "POST",
               "/_fake/fail?action=" + action + "&code=" + code + "&status=" + std::to_string(status) +
                   "&times=" + std::to_string(times));
}

void FakeAwsServer::configure(int polls_to_available, int polls_to_delete) {
  http_control(port(), "POST",
               "/_fake/config?polls_to_available=" + std::to_string(polls_to_available) +
                   "&polls_to_delete=" + std::to_string(polls_to_delete));
}

void FakeAwsServer::set_flavor(const std::string& flavor) {
  http_control(port(), "POST", "/_fake/config?flavor=" + flavor);
}

void FakeAwsServer::set_credential_seconds(int seconds) {
  http_control(port(), "POST", "/_fake/config?credential_seconds=" + std::to_string(seconds));
}

void FakeAwsServer::set_container_token(const std::string& token) {
  http_control(port(), "POST", "/_fake/config?container_token=" + token);
}

void FakeAwsServer::set_web_identity_token(const std::string& token) {
  http_control(port(), "POST", "/_fake/config?web_identity_token=" + token);
}

void FakeAwsServer::set_sso_token(const std::string& token) {
  http_control(port(), "POST", "/_fake/config?sso_token=" + query_encoded(token));
}

void FakeAwsServer::add_key(const std::string& access_key, const std::string& secret_key) {
  http_control(port(), "POST",
               "/_fake/key?access_key=" + query_encoded(access_key) + "&secret_key=" + query_encoded(secret_key));
}

void FakeAwsServer::reset() { http_control(port(), "POST", "/_fake/reset"); }

nlohmann::json FakeAwsServer::state() { return nlohmann::json::parse(http_control(port(), "GET", "/_fake/state")); }

}  // namespace sparkify::testing
