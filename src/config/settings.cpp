#include "config/settings.h"

#include <cstdlib>

#include "common/error.h"
#include "config/config_keys.h"

namespace sparkify::config {
namespace {

std::optional<std::string> env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

void take(std::string& field, const std::optional<std::string>& value) {
  if (value && !value->empty()) field = *value;
}

void read_aws_profile(AwsSettings& aws) {
  auto home = env("HOME");
  if (!home) return;
  auto path = env("AWS_SHARED_CREDENTIALS_FILE").value_or(*home + "/.aws/credentials");
  auto doc = IniDocument::load(path);
  const std::string profile = aws.profile.empty() ? "default" : aws.profile;
  auto key = doc.get(profile, "aws_access_key_id");
  auto secret = doc.get(profile, "aws_secret_access_key");
  if (!key || !secret) {
    if (!aws.profile.empty()) {
      throw_error(ErrorKind::config,
                  "AWS profile '{}' not found in {} (or it lacks aws_access_key_id/aws_secret_access_key)", aws.profile,
                  path);
    }
    return;
  }
  aws.access_key_id = *key;
  aws.secret_access_key = *secret;
  aws.session_token = doc.get(profile, "aws_session_token").value_or("");
}

std::int64_t parse_int(const std::string& text, const char* what) {
  try {
    std::size_t used = 0;
    auto value = std::stoll(text, &used);
    if (used == text.size()) return value;
  } catch (const std::exception&) {
  }
  throw_error(ErrorKind::config, "{} must be an integer, got '{}'", what, text);
}

}  // namespace

std::string AwsSettings::endpoint_for(const std::string& service) const {
  auto it = service_endpoints.find(service);
  if (it != service_endpoints.end() && !it->second.empty()) return it->second;
  return endpoint_url;
}

std::string join_location(const std::string& location, const std::string& relative) {
  if (relative.empty()) return location;
  if (location.empty()) return relative;
  std::string base = location;
  while (base.size() > 1 && base.back() == '/' && base != "s3://") base.pop_back();
  std::string rest = relative;
  while (!rest.empty() && rest.front() == '/') rest.erase(rest.begin());
  return base + "/" + rest;
}

Settings resolve_settings(const std::filesystem::path& config_path, const Overrides& overrides) {
  Settings s;
  s.config_path = config_path;
  const auto doc = IniDocument::load(config_path);

  // dwh.cfg
  for (const ConfigKey& key : config_keys()) {
    if (key.field) take(key.field(s), doc.get(key.section, key.key));
  }
  s.song_data = s.s3.song_data;
  s.log_data = s.s3.log_data;
  if (auto v = doc.get("SPARKIFY", "MAX_ERRORS")) s.max_errors = parse_int(*v, "[SPARKIFY] MAX_ERRORS");

  // Environment (AWS SDK conventions).
  take(s.aws.region, env("AWS_DEFAULT_REGION"));
  take(s.aws.region, env("AWS_REGION"));
  take(s.aws.profile, env("AWS_PROFILE"));
  take(s.aws.endpoint_url, env("AWS_ENDPOINT_URL"));
  for (const auto& [service, var] :
       {std::pair{"s3", "AWS_ENDPOINT_URL_S3"}, std::pair{"iam", "AWS_ENDPOINT_URL_IAM"},
        std::pair{"redshift", "AWS_ENDPOINT_URL_REDSHIFT"}, std::pair{"ec2", "AWS_ENDPOINT_URL_EC2"}}) {
    if (auto v = env(var)) s.aws.service_endpoints[service] = *v;
  }
  take(s.dwh.db_password, env("SPARKIFY_DWH_DB_PASSWORD"));
  if (auto v = env("SPARKIFY_S3_MAX_IN_FLIGHT")) s.aws.s3_max_in_flight = static_cast<int>(parse_int(*v, "SPARKIFY_S3_MAX_IN_FLIGHT"));
  if (auto v = env("SPARKIFY_S3_STALL_SECONDS")) s.aws.s3_stall_seconds = static_cast<int>(parse_int(*v, "SPARKIFY_S3_STALL_SECONDS"));
  if (overrides.profile) s.aws.profile = *overrides.profile;
  auto env_key = env("AWS_ACCESS_KEY_ID");
  auto env_secret = env("AWS_SECRET_ACCESS_KEY");
  if (env_key && env_secret) {
    s.aws.access_key_id = *env_key;
    s.aws.secret_access_key = *env_secret;
    s.aws.session_token = env("AWS_SESSION_TOKEN").value_or("");
  } else if (!s.aws.profile.empty() || s.aws.access_key_id.empty()) {
    read_aws_profile(s.aws);
  }

  // Flags.
  if (overrides.target) s.target = *overrides.target;
  if (overrides.song_prefix) s.song_prefix = *overrides.song_prefix;
  if (overrides.log_prefix) s.log_prefix = *overrides.log_prefix;
  if (overrides.source) {
    s.song_data = join_location(*overrides.source, s.song_prefix);
    s.log_data = join_location(*overrides.source, s.log_prefix);
  }
  if (overrides.song_data) s.song_data = *overrides.song_data;
  if (overrides.log_data) s.log_data = *overrides.log_data;
  if (overrides.max_errors) s.max_errors = *overrides.max_errors;
  if (overrides.rejects_path) s.rejects_path = *overrides.rejects_path;
  if (overrides.threads) s.threads = *overrides.threads;
  if (overrides.region) s.aws.region = *overrides.region;
  if (overrides.endpoint_url) {
    s.aws.endpoint_url = *overrides.endpoint_url;
    s.aws.service_endpoints.clear();
  }
  s.aws.no_sign_request = overrides.no_sign_request;
  if (overrides.virtual_hosted) s.aws.path_style = false;
  if (s.max_errors < 0) throw_error(ErrorKind::usage, "--max-errors must be 0 or more, got {}", s.max_errors);
  return s;
}

}  // namespace sparkify::config
