#include "config/settings.h"

#include "common/error.h"
#include "config/aws_shared_files.h"
#include "config/setting_rules.h"

namespace sparkify::config {
namespace {

// The region, when no rule gave one: the profile's `region` in the shared
// config file, as the AWS SDKs take it ("Region" setting, AWS SDKs and Tools
// Reference Guide). A malformed file is a warning here (commands that need
// no AWS still run); the credential chain reports it as an error when used.
void region_from_profile(Settings& s, const Environment& environment) {
  try {
    const auto files = AwsSharedFiles::load(environment);
    if (auto profile = files.profile(effective_profile_name(s.aws))) {
      if (auto region = profile->get("region")) s.aws.region = *region;
    }
  } catch (const Error& error) {
    s.warnings.push_back(fmt::format("{} (the AWS region stays {})", error.what(), s.aws.region));
  }
}

// AWS_ENDPOINT_URL_<SERVICE> win over AWS_ENDPOINT_URL for their service;
// --endpoint-url wins over all of them.
void resolve_service_endpoints(AwsSettings& aws, const Environment& environment, const Overrides& overrides) {
  if (overrides.endpoint_url) return;
  for (const auto& [service, var] :
       {std::pair{"s3", "AWS_ENDPOINT_URL_S3"}, std::pair{"iam", "AWS_ENDPOINT_URL_IAM"},
        std::pair{"redshift", "AWS_ENDPOINT_URL_REDSHIFT"}, std::pair{"ec2", "AWS_ENDPOINT_URL_EC2"},
        std::pair{"sts", "AWS_ENDPOINT_URL_STS"}, std::pair{"sso", "AWS_ENDPOINT_URL_SSO"}}) {
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
  bool region_given = false;
  for (const auto& rule : setting_rules()) {
    auto value = resolve_rule(rule, doc, file_name, environment, overrides);
    if (!value) continue;
    rule.store(s, *value);
    region_given = region_given || rule.name == "aws.region";
  }
  s.aws.environment = environment;
  if (!region_given) region_from_profile(s, environment);
  resolve_service_endpoints(s.aws, environment, overrides);
  return s;
}

Settings resolve_settings(const std::filesystem::path& config_path, const Overrides& overrides) {
  return resolve_settings(ConfigFile{config_path, false}, overrides, process_environment());
}

}  // namespace sparkify::config
