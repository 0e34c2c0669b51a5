#include "aws/credential_imds.h"

#include <algorithm>
#include <cctype>

#include "aws/credential_container.h"
#include "aws/http_client.h"
#include "common/ascii.h"
#include "common/error.h"

namespace sparkify::aws {
namespace {

constexpr const char* kImdsEndpoint = "http://169.254.169.254";
constexpr const char* kRolesPath = "/latest/meta-data/iam/security-credentials/";

bool disabled(const config::Environment& environment) {
  auto value = environment("AWS_EC2_METADATA_DISABLED");
  if (!value) return false;
  return ascii_lower(*value) == "true";
}

}  // namespace

InstanceRoleCredentialProvider::InstanceRoleCredentialProvider(config::Environment environment)
    : environment_(std::move(environment)) {}

std::optional<TimedCredentials> InstanceRoleCredentialProvider::fetch() {
  if (disabled(environment_)) return std::nullopt;
  std::string base = environment_("AWS_EC2_METADATA_SERVICE_ENDPOINT").value_or(kImdsEndpoint);
  while (!base.empty() && base.back() == '/') base.pop_back();
  const std::chrono::milliseconds limit(1000);
  HttpClient http(HttpTimeouts{limit, limit, std::chrono::seconds(1)});
  HttpResponse token;
  try {
    token = http.send({"PUT", base + "/latest/api/token", {{"X-aws-ec2-metadata-token-ttl-seconds", "21600"}}, ""});
  } catch (const TransportError&) {
    return std::nullopt;  // not on EC2 (or IMDS switched off): the chain ends here
  }
  if (token.status != 200 || token.body.empty()) return std::nullopt;
  const std::pair<std::string, std::string> token_header{"X-aws-ec2-metadata-token", token.body};
  auto get = [&](const std::string& path) {
    try {
      return http.send({"GET", base + path, {token_header}, ""});
    } catch (const TransportError& error) {
      throw_error(ErrorKind::aws,
                  "EC2 instance metadata at {} stopped answering ({}): try again, or set "
                  "AWS_EC2_METADATA_DISABLED=true and give credentials another way",
                  base, error.what());
    }
  };
  const HttpResponse roles = get(kRolesPath);
  if (roles.status == 404) return std::nullopt;  // an instance without a role
  std::string role = roles.body.substr(0, roles.body.find('\n'));
  while (!role.empty() && std::isspace(static_cast<unsigned char>(role.back()))) role.pop_back();
  if (roles.status != 200 || role.empty()) {
    throw_error(ErrorKind::aws,
                "EC2 instance metadata at {} answered HTTP {} for the instance's role: check the "
                "instance profile",
                base, roles.status);
  }
  const HttpResponse answer = get(kRolesPath + role);
  if (answer.status != 200) {
    throw_error(ErrorKind::aws,
                "EC2 instance metadata at {} answered HTTP {} for role {}: check the instance "
                "profile",
                base, answer.status, role);
  }
  role_ = role;
  return parse_metadata_credentials(answer.body, "EC2 instance role " + role);
}

std::string InstanceRoleCredentialProvider::name() const {
  return role_.empty() ? "EC2 instance role (IMDSv2)" : "EC2 instance role \"" + role_ + "\" (IMDSv2)";
}

}  // namespace sparkify::aws
