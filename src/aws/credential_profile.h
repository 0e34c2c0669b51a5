// ProfileCredentialProvider: a profile of the shared config and credentials
// files (config/aws_shared_files.h), resolved as the AWS SDKs do ("Shared
// config and credentials files", "Assume role credential provider", "Process
// credential provider", "IAM Identity Center credential provider" in the AWS
// SDKs and Tools Reference Guide). Within a profile, the first that applies:
//   1. role_arn + source_profile (the source's credentials, resolved the same
//      way, chains of up to 5 profiles; a profile that names itself uses its
//      own keys), role_arn + credential_source (Environment,
//      Ec2InstanceMetadata, EcsContainer) -> STS AssumeRole, with
//      role_session_name, external_id, duration_seconds;
//      role_arn + web_identity_token_file -> STS AssumeRoleWithWebIdentity;
//   2. sso_session / sso_start_url: the token cached by `aws sso login`,
//      exchanged by IAM Identity Center (credential_sso.h);
//   3. aws_access_key_id + aws_secret_access_key (+ aws_session_token);
//   4. credential_process.
// The files are read on the first fetch (not at construction), so a broken
// file only matters when the chain gets this far.
//
// `required`: the profile was named (AWS_PROFILE / --profile), so a missing
// profile or one without credentials is Error(config); the "default" profile
// just answers nullopt.
#pragma once

#include "aws/credential_provider.h"
#include "config/aws_shared_files.h"
#include "config/settings.h"

namespace sparkify::aws {

class ProfileCredentialProvider : public CredentialProvider {
 public:
  ProfileCredentialProvider(config::AwsSettings settings, std::string profile, bool required);
  std::optional<TimedCredentials> fetch() override;
  // `profile "dev" (role_arn via STS AssumeRole)`; before a fetch, `profile "dev"`.
  std::string name() const override;

 private:
  std::optional<TimedCredentials> credentials_of(const config::AwsSharedFiles& files, const config::AwsProfile& profile,
                                                 int depth, std::string& how);
  TimedCredentials assumed_role(const config::AwsSharedFiles& files, const config::AwsProfile& profile, int depth,
                                std::string& how);

  config::AwsSettings settings_;
  std::string profile_;
  bool required_;
  std::string how_;  // how the last fetch got them, for name()
};

}  // namespace sparkify::aws
