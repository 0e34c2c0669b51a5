#include "aws/credential_profile.h"

#include "aws/credential_container.h"
#include "aws/credential_environment.h"
#include "aws/credential_imds.h"
#include "aws/credential_process.h"
#include "aws/credential_sso.h"
#include "aws/credential_sts.h"
#include "aws/credential_web_identity.h"
#include "common/error.h"

namespace sparkify::aws {
namespace {

constexpr int kMaxSourceProfiles = 5;

std::string quoted(const std::string& profile) { return "profile \"" + profile + "\""; }

std::optional<TimedCredentials> static_keys(const config::AwsProfile& profile) {
  auto key = profile.get("aws_access_key_id");
  auto secret = profile.get("aws_secret_access_key");
  if (!key || !secret) return std::nullopt;
  return TimedCredentials{Credentials{*key, *secret, profile.get("aws_session_token").value_or("")}, {}};
}

RoleRequest role_request(const config::AwsProfile& profile) {
  RoleRequest role{*profile.get("role_arn"), profile.get("role_session_name").value_or(""),
                   profile.get("external_id").value_or(""), std::nullopt};
  if (auto duration = profile.get("duration_seconds")) {
    try {
      std::size_t used = 0;
      role.duration_seconds = std::stoi(*duration, &used);
      if (used != duration->size()) throw std::invalid_argument("trailing text");
    } catch (const std::exception&) {
      throw_error(ErrorKind::config, "{}: duration_seconds must be a number of seconds, got '{}'", quoted(profile.name),
                  *duration);
    }
  }
  return role;
}

std::unique_ptr<CredentialProvider> credential_source(const config::AwsProfile& profile,
                                                      const config::Environment& environment) {
  const std::string source = *profile.get("credential_source");
  if (source == "Environment") return std::make_unique<EnvironmentCredentialProvider>(environment);
  if (source == "Ec2InstanceMetadata") return std::make_unique<InstanceRoleCredentialProvider>(environment);
  if (source == "EcsContainer") return std::make_unique<ContainerCredentialProvider>(environment);
  throw_error(ErrorKind::config,
              "{}: credential_source '{}' is not one of Environment, Ec2InstanceMetadata, EcsContainer",
              quoted(profile.name), source);
}

}  // namespace

ProfileCredentialProvider::ProfileCredentialProvider(config::AwsSettings settings, std::string profile, bool required)
    : settings_(std::move(settings)), profile_(std::move(profile)), required_(required) {}

std::optional<TimedCredentials> ProfileCredentialProvider::fetch() {
  const auto files = config::AwsSharedFiles::load(settings_.environment);
  auto profile = files.profile(profile_);
  if (!profile) {
    if (!required_) return std::nullopt;
    throw_error(ErrorKind::config, "AWS profile '{}' not found in {} or {}: check AWS_PROFILE / --profile", profile_,
                files.credentials_path().empty() ? "~/.aws/credentials" : files.credentials_path(),
                files.config_path().empty() ? "~/.aws/config" : files.config_path());
  }
  std::string how;
  auto answer = credentials_of(files, *profile, 0, how);
  if (!answer && required_) {
    throw_error(ErrorKind::config,
                "AWS profile '{}' has no credentials: give it aws_access_key_id and aws_secret_access_key, "
                "role_arn with source_profile, web_identity_token_file, or credential_process",
                profile_);
  }
  if (answer) how_ = how;
  return answer;
}

std::string ProfileCredentialProvider::name() const {
  return how_.empty() ? quoted(profile_) : quoted(profile_) + " (" + how_ + ")";
}

std::optional<TimedCredentials> ProfileCredentialProvider::credentials_of(const config::AwsSharedFiles& files,
                                                                          const config::AwsProfile& profile, int depth,
                                                                          std::string& how) {
  if (profile.get("role_arn")) return assumed_role(files, profile, depth, how);
  if (profile.get("sso_session") || profile.get("sso_start_url")) {
    how = "IAM Identity Center via the cached `aws sso login`";
    return sso_credentials(settings_, files, profile);
  }
  if (auto keys = static_keys(profile)) {
    how = "aws_access_key_id";
    return keys;
  }
  if (auto command = profile.get("credential_process")) {
    how = "credential_process";
    return run_credential_process(*command, profile.name);
  }
  return std::nullopt;
}

TimedCredentials ProfileCredentialProvider::assumed_role(const config::AwsSharedFiles& files,
                                                         const config::AwsProfile& profile, int depth,
                                                         std::string& how) {
  const RoleRequest role = role_request(profile);
  const std::string who = quoted(profile.name);
  const AwsEndpoint sts = sts_endpoint(settings_, profile.get("region").value_or(settings_.region));
  if (auto token_file = profile.get("web_identity_token_file")) {
    how = "web_identity_token_file via STS AssumeRoleWithWebIdentity";
    return web_identity_credentials(sts, *token_file, role, who);
  }
  std::optional<TimedCredentials> source;
  if (auto source_name = profile.get("source_profile")) {
    if (depth >= kMaxSourceProfiles) {
      throw_error(ErrorKind::config,
                  "{}: source_profile chain is longer than {} profiles (a cycle?): check the "
                  "source_profile keys",
                  who, kMaxSourceProfiles);
    }
    if (*source_name == profile.name) {
      source = static_keys(profile);
    } else if (auto source_profile = files.profile(*source_name)) {
      std::string source_how;
      source = credentials_of(files, *source_profile, depth + 1, source_how);
    } else {
      throw_error(ErrorKind::config, "{}: source_profile '{}' not found in {} or {}", who, *source_name,
                  files.credentials_path(), files.config_path());
    }
    if (!source) {
      throw_error(ErrorKind::config, "{}: source_profile '{}' has no credentials", who, *source_name);
    }
  } else if (profile.get("credential_source")) {
    auto provider = credential_source(profile, settings_.environment);
    source = provider->fetch();
    if (!source) throw_error(ErrorKind::aws, "{}: credential_source {} gave no credentials", who, provider->name());
  } else {
    throw_error(ErrorKind::config,
                "{}: role_arn needs source_profile, credential_source or web_identity_token_file to assume it", who);
  }
  how = "role_arn via STS AssumeRole";
  return assume_role(sts, source->credentials, role, who);
}

}  // namespace sparkify::aws
