#include "aws/credential_sso.h"

#include <openssl/sha.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "aws/http_client.h"
#include "aws/sigv4.h"
#include "common/error.h"

namespace sparkify::aws {
namespace {

struct SsoSetup {
  std::string cache_key;  // session name, or the legacy start URL
  std::string region;
  std::string account_id, role_name;
};

SsoSetup sso_setup(const config::AwsSharedFiles& files, const config::AwsProfile& profile, const std::string& who) {
  SsoSetup setup;
  if (auto session_name = profile.get("sso_session")) {
    auto session = files.sso_session(*session_name);
    if (!session) {
      throw_error(ErrorKind::config, "{}: sso_session '{}' has no [sso-session {}] section in {}", who, *session_name,
                  *session_name, files.config_path());
    }
    setup.cache_key = *session_name;
    setup.region = session->get("sso_region").value_or("");
  } else {
    setup.cache_key = profile.get("sso_start_url").value_or("");
    setup.region = profile.get("sso_region").value_or("");
  }
  setup.account_id = profile.get("sso_account_id").value_or("");
  setup.role_name = profile.get("sso_role_name").value_or("");
  if (setup.region.empty() || setup.account_id.empty() || setup.role_name.empty()) {
    throw_error(ErrorKind::config,
                "{}: IAM Identity Center needs sso_region, sso_account_id and sso_role_name: run "
                "`aws configure sso` to write them",
                who);
  }
  return setup;
}

std::string cached_token(const config::AwsSettings& settings, const SsoSetup& setup, const std::string& profile,
                         const std::string& who) {
  const auto home = settings.environment ? settings.environment("HOME") : std::nullopt;
  const std::string path = home.value_or("~") + "/.aws/sso/cache/" + sso_cache_key(setup.cache_key) + ".json";
  const std::string login = fmt::format("run `aws sso login --profile {}`, then try again", profile);
  std::ifstream in(path);
  if (!in) throw_error(ErrorKind::aws, "{}: no IAM Identity Center login cached at {}: {}", who, path, login);
  std::stringstream text;
  text << in.rdbuf();
  auto doc = nlohmann::json::parse(text.str(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("accessToken") || !doc["accessToken"].is_string()) {
    throw_error(ErrorKind::aws, "{}: {} holds no accessToken: {}", who, path, login);
  }
  if (doc.contains("expiresAt") && doc["expiresAt"].is_string()) {
    if (parse_expiration(doc["expiresAt"].get<std::string>(), path) <= WallClock::now()) {
      throw_error(ErrorKind::aws, "{}: the IAM Identity Center login cached at {} has expired: {}", who, path, login);
    }
  }
  return doc["accessToken"].get<std::string>();
}

}  // namespace

std::string sso_cache_key(const std::string& key) {
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(key.data()), key.size(), digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char byte : digest) hex += {kHex[byte >> 4], kHex[byte & 15]};
  return hex;
}

TimedCredentials sso_credentials(const config::AwsSettings& settings, const config::AwsSharedFiles& files,
                                 const config::AwsProfile& profile) {
  const std::string who = "profile \"" + profile.name + "\"";
  const SsoSetup setup = sso_setup(files, profile, who);
  const std::string token = cached_token(settings, setup, profile.name, who);
  std::string base = settings.endpoint_for("sso");
  if (base.empty()) base = "https://portal.sso." + setup.region + ".amazonaws.com";
  while (base.size() > 1 && base.back() == '/') base.pop_back();
  const std::string url = base + "/federation/credentials?account_id=" + uri_encode(setup.account_id, true) +
                          "&role_name=" + uri_encode(setup.role_name, true);
  HttpClient http(HttpTimeouts{std::chrono::seconds(5), std::chrono::seconds(30), std::chrono::seconds(10)});
  HttpResponse response;
  try {
    response = http.send({"GET", url, {{"x-amz-sso_bearer_token", token}}, ""});
  } catch (const TransportError& error) {
    throw_error(ErrorKind::aws,
                "{}: cannot reach IAM Identity Center at {} ({}): check AWS_ENDPOINT_URL_SSO and "
                "the network",
                who, base, error.what());
  }
  if (response.status == 401 || response.status == 403) {
    throw_error(ErrorKind::aws,
                "{}: IAM Identity Center refused the cached login (HTTP {}): run `aws sso login "
                "--profile {}`, then try again",
                who, response.status, profile.name);
  }
  if (response.status != 200) {
    throw_error(ErrorKind::aws,
                "{}: IAM Identity Center GetRoleCredentials for account {} role {} answered HTTP {}: "
                "check sso_account_id and sso_role_name",
                who, setup.account_id, setup.role_name, response.status);
  }
  auto doc = nlohmann::json::parse(response.body, nullptr, false);
  const auto* role = doc.is_object() && doc.contains("roleCredentials") ? &doc["roleCredentials"] : nullptr;
  if (!role || !role->is_object() || !role->contains("accessKeyId") || !role->contains("secretAccessKey")) {
    throw_error(ErrorKind::aws, "{}: IAM Identity Center answered without roleCredentials", who);
  }
  TimedCredentials answer;
  answer.credentials.access_key_id = role->value("accessKeyId", "");
  answer.credentials.secret_access_key = role->value("secretAccessKey", "");
  answer.credentials.session_token = role->value("sessionToken", "");
  if (role->contains("expiration") && (*role)["expiration"].is_number()) {
    answer.expiration = WallClock::time_point(std::chrono::milliseconds((*role)["expiration"].get<long long>()));
  }
  return answer;
}

}  // namespace sparkify::aws
