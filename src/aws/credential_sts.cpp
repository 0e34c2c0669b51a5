#include "aws/credential_sts.h"

#include <pugixml.hpp>
#include <utility>
#include <vector>

#include "aws/sigv4.h"
#include "common/error.h"

namespace sparkify::aws {
namespace {

constexpr const char* kStsVersion = "2011-06-15";

std::string form_body(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string body;
  for (const auto& [name, value] : params) {
    if (!body.empty()) body += '&';
    body += uri_encode(name, true) + "=" + uri_encode(value, true);
  }
  return body;
}

std::vector<std::pair<std::string, std::string>> role_params(const char* action, const RoleRequest& role) {
  std::string session = role.session_name;
  if (session.empty()) session = "sparkify-" + std::to_string(WallClock::to_time_t(WallClock::now()));
  std::vector<std::pair<std::string, std::string>> params{
      {"Action", action}, {"Version", kStsVersion}, {"RoleArn", role.role_arn}, {"RoleSessionName", session}};
  if (role.duration_seconds) params.emplace_back("DurationSeconds", std::to_string(*role.duration_seconds));
  return params;
}

std::string element_text(const pugi::xml_node& root, const char* name) {
  auto node = root.find_node([name](const pugi::xml_node& n) {
    std::string_view tag = n.name();
    auto colon = tag.find(':');
    return (colon == std::string_view::npos ? tag : tag.substr(colon + 1)) == name;
  });
  return node ? node.text().as_string() : "";
}

TimedCredentials call_sts(const AwsEndpoint& sts, const Credentials& signer, const char* action,
                          std::vector<std::pair<std::string, std::string>> params, const RoleRequest& role,
                          const std::string& who) {
  HttpRequest request{
      "POST", "/", {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}}, form_body(params)};
  HttpClient http(HttpTimeouts{std::chrono::seconds(5), std::chrono::seconds(30), std::chrono::seconds(10)});
  HttpResponse response;
  try {
    response = send_signed(http, std::move(request), sts, signer);
  } catch (const TransportError& error) {
    throw_error(ErrorKind::aws,
                "{}: cannot reach STS at {} for {} of {}: {}; check AWS_ENDPOINT_URL_STS and the network", who,
                sts.base_url, action, role.role_arn, error.what());
  }
  if (response.status < 200 || response.status > 299) {
    const std::string code = aws_error_code(response.body);
    throw_error(ErrorKind::aws,
                "{}: STS {} of {} failed: HTTP {}{}{}; check the role's trust policy and the source "
                "credentials' sts:{} permission",
                who, action, role.role_arn, response.status, code.empty() ? "" : " " + code,
                aws_error_message(response.body).empty() ? "" : " (" + aws_error_message(response.body) + ")", action);
  }
  pugi::xml_document doc;
  if (!doc.load_buffer(response.body.data(), response.body.size())) {
    throw_error(ErrorKind::aws, "{}: STS {} of {} answered something that is not XML", who, action, role.role_arn);
  }
  TimedCredentials answer;
  answer.credentials.access_key_id = element_text(doc, "AccessKeyId");
  answer.credentials.secret_access_key = element_text(doc, "SecretAccessKey");
  answer.credentials.session_token = element_text(doc, "SessionToken");
  if (answer.credentials.access_key_id.empty() || answer.credentials.secret_access_key.empty()) {
    throw_error(ErrorKind::aws, "{}: STS {} of {} answered without AccessKeyId or SecretAccessKey", who, action,
                role.role_arn);
  }
  const std::string expiration = element_text(doc, "Expiration");
  if (!expiration.empty()) answer.expiration = parse_expiration(expiration, who + ": STS " + action);
  return answer;
}

}  // namespace

AwsEndpoint sts_endpoint(const config::AwsSettings& settings, const std::string& region) {
  std::string url = settings.endpoint_for("sts");
  if (url.empty()) url = "https://sts." + region + ".amazonaws.com";
  while (url.size() > 1 && url.back() == '/') url.pop_back();
  return AwsEndpoint{"sts", region, url};
}

TimedCredentials assume_role(const AwsEndpoint& sts, const Credentials& source, const RoleRequest& role,
                             const std::string& who) {
  auto params = role_params("AssumeRole", role);
  if (!role.external_id.empty()) params.emplace_back("ExternalId", role.external_id);
  return call_sts(sts, source, "AssumeRole", std::move(params), role, who);
}

TimedCredentials assume_role_with_web_identity(const AwsEndpoint& sts, const std::string& token,
                                               const RoleRequest& role, const std::string& who) {
  auto params = role_params("AssumeRoleWithWebIdentity", role);
  params.emplace_back("WebIdentityToken", token);
  return call_sts(sts, Credentials{}, "AssumeRoleWithWebIdentity", std::move(params), role, who);
}

}  // namespace sparkify::aws
