#include "aws/credential_container.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "aws/http_client.h"
#include "common/error.h"

namespace sparkify::aws {
namespace {

constexpr const char* kEcsAgent = "http://169.254.170.2";

std::string host_of(const std::string& url) {
  auto start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  auto end = url.find_first_of("/?", start);
  std::string authority = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (auto at = authority.rfind('@'); at != std::string::npos) authority.erase(0, at + 1);
  if (!authority.empty() && authority.front() == '[') return authority.substr(0, authority.find(']') + 1);
  return authority.substr(0, authority.find(':'));
}

std::string authorization_token(const config::Environment& environment) {
  if (auto file = environment("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")) {
    std::ifstream in(*file, std::ios::binary);
    if (!in) {
      throw_error(ErrorKind::aws, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE {} cannot be read: check the path", *file);
    }
    std::stringstream text;
    text << in.rdbuf();
    std::string token = text.str();
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
    return token;
  }
  return environment("AWS_CONTAINER_AUTHORIZATION_TOKEN").value_or("");
}

std::string json_string(const nlohmann::json& doc, const char* key) {
  auto it = doc.find(key);
  return it != doc.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

bool is_allowed_container_http_host(const std::string& url) {
  const std::string host = host_of(url);
  return host == "localhost" || host == "[::1]" || host.rfind("127.", 0) == 0 || host == "169.254.170.2" ||
         host == "169.254.170.23" || host == "[fd00:ec2::23]";
}

TimedCredentials parse_metadata_credentials(const std::string& body, const std::string& where) {
  auto doc = nlohmann::json::parse(body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) throw_error(ErrorKind::aws, "{}: the answer is not a JSON object", where);
  TimedCredentials answer;
  answer.credentials.access_key_id = json_string(doc, "AccessKeyId");
  answer.credentials.secret_access_key = json_string(doc, "SecretAccessKey");
  answer.credentials.session_token = json_string(doc, "Token");
  if (answer.credentials.access_key_id.empty() || answer.credentials.secret_access_key.empty()) {
    const std::string code = json_string(doc, "Code");
    throw_error(ErrorKind::aws, "{}: the answer has no AccessKeyId or SecretAccessKey{}", where,
                code.empty() ? "" : " (Code " + code + ")");
  }
  const std::string expiration = json_string(doc, "Expiration");
  if (!expiration.empty()) answer.expiration = parse_expiration(expiration, where);
  return answer;
}

ContainerCredentialProvider::ContainerCredentialProvider(config::Environment environment)
    : environment_(std::move(environment)) {}

std::optional<TimedCredentials> ContainerCredentialProvider::fetch() {
  std::string url;
  if (auto relative = environment_("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
    url = kEcsAgent + *relative;
  } else if (auto full = environment_("AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
    url = *full;
    if (url.rfind("https://", 0) != 0 && !(url.rfind("http://", 0) == 0 && is_allowed_container_http_host(url))) {
      throw_error(ErrorKind::config,
                  "AWS_CONTAINER_CREDENTIALS_FULL_URI {} must be https, or http on a loopback address or "
                  "169.254.170.2/169.254.170.23: fix the variable or unset it",
                  url);
    }
  } else {
    return std::nullopt;
  }
  HttpRequest request{"GET", url, {{"Accept", "application/json"}}, ""};
  if (auto token = authorization_token(environment_); !token.empty())
    request.headers.emplace_back("Authorization", token);
  HttpClient http(HttpTimeouts{std::chrono::seconds(2), std::chrono::seconds(5), std::chrono::seconds(2)});
  HttpResponse response;
  try {
    response = http.send(request);
  } catch (const TransportError& error) {
    throw_error(ErrorKind::aws,
                "container credentials: {} did not answer ({}): check the container's credential "
                "endpoint or unset AWS_CONTAINER_CREDENTIALS_*",
                url, error.what());
  }
  if (response.status != 200) {
    throw_error(ErrorKind::aws,
                "container credentials: {} answered HTTP {}: check AWS_CONTAINER_AUTHORIZATION_TOKEN "
                "and the task role",
                url, response.status);
  }
  return parse_metadata_credentials(response.body, "container credentials from " + url);
}

std::string ContainerCredentialProvider::name() const {
  if (environment_("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
    return "container (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI on 169.254.170.2)";
  }
  return "container (AWS_CONTAINER_CREDENTIALS_FULL_URI)";
}

}  // namespace sparkify::aws
