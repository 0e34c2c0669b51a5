#include "config/settings.h"

#include "common/error.h"
#include "config/setting_rules.h"

namespace sparkify::config {
namespace {

// The key pair comes whole from one place: AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY
// (+ AWS_SESSION_TOKEN), else the profile (AWS_PROFILE / --profile, or "default"
// when dwh.cfg has no [AWS] KEY), else [AWS] KEY/SECRET from the table.
void resolve_credentials(AwsSettings& aws, const Environment& environment) {
  auto env_key = environment("AWS_ACCESS_KEY_ID");
  auto env_secret = environment("AWS_SECRET_ACCESS_KEY");
  if (env_key && env_secret) {
    aws.access_key_id = *env_key;
    aws.secret_access_key = *env_secret;
    aws.session_token = environment("AWS_SESSION_TOKEN").value_or("");
    return;
  }
  if (aws.profile.empty() && !aws.access_key_id.empty()) return;
  auto home = environment("HOME");
  if (!home) return;
  auto path = environment("AWS_SHARED_CREDENTIALS_FILE").value_or(*home + "/.aws/credentials");
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

// AWS_ENDPOINT_URL_<SERVICE> win over AWS_ENDPOINT_URL for their service;
// --endpoint-url wins over all of them.
void resolve_service_endpoints(AwsSettings& aws, const Environment& environment, const Overrides& overrides) {
  if (overrides.endpoint_url) return;
  for (const auto& [service, var] :
       {std::pair{"s3", "AWS_ENDPOINT_URL_S3"}, std::pair{"iam", "AWS_ENDPOINT_URL_IAM"},
        std::pair{"redshift", "AWS_ENDPOINT_URL_REDSHIFT"}, std::pair{"ec2", "AWS_ENDPOINT_URL_EC2"}}) {
    if (auto v = environment(var)) aws.service_endpoints[service] = *v;
  }
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

Settings resolve_settings(const ConfigFile& config, const Overrides& overrides, const Environment& environment) {
  Settings s;
  s.config_path = config.path;
  const auto doc =
      IniDocument::load(config.path, config.required ? IniDocument::IfMissing::fail : IniDocument::IfMissing::empty);
  const std::string file_name = config.path.string();
  s.warnings = check_known_names(doc, file_name);
  for (const auto& rule : setting_rules()) {
    if (auto value = resolve_rule(rule, doc, file_name, environment, overrides)) rule.store(s, *value);
  }
  resolve_credentials(s.aws, environment);
  resolve_service_endpoints(s.aws, environment, overrides);
  return s;
}

Settings resolve_settings(const std::filesystem::path& config_path, const Overrides& overrides) {
  return resolve_settings(ConfigFile{config_path, false}, overrides, process_environment());
}

}  // namespace sparkify::config
