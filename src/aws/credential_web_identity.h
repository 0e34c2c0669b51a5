// WebIdentityCredentialProvider: a role assumed with an OIDC token file
// (EKS IRSA, GitHub Actions), through STS AssumeRoleWithWebIdentity
// ("Assume role credential provider", AWS SDKs and Tools Reference Guide).
// Configured by AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN (+
// AWS_ROLE_SESSION_NAME) in the environment, or by a profile's
// web_identity_token_file + role_arn (credential_profile.h). The token file is
// read again on every fetch, since its owner rotates it.
#pragma once

#include "aws/credential_provider.h"
#include "aws/credential_sts.h"
#include "config/settings.h"

namespace sparkify::aws {

// Reads the token at `token_file` and calls AssumeRoleWithWebIdentity. Throws
// Error(aws) naming `who` and the file when it cannot be read or is empty.
TimedCredentials web_identity_credentials(const AwsEndpoint& sts, const std::string& token_file,
                                          const RoleRequest& role, const std::string& who);

// The environment's variant.
class WebIdentityCredentialProvider : public CredentialProvider {
 public:
  explicit WebIdentityCredentialProvider(const config::AwsSettings& settings);
  std::optional<TimedCredentials> fetch() override;
  std::string name() const override;

 private:
  config::Environment environment_;
  AwsEndpoint sts_;
};

}  // namespace sparkify::aws
