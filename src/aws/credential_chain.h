// The credential chain: sparkify's order of the AWS SDKs' "Standardized
// credential providers" (AWS SDKs and Tools Reference Guide), first that
// answers wins:
//   1. environment: AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN)
//   2. environment: AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN (STS AssumeRoleWithWebIdentity)
//   3. the profile named by AWS_PROFILE / --profile (credential_profile.h),
//      which must then exist and give credentials
//   4. dwh.cfg [AWS] KEY + SECRET
//   5. the "default" profile, when no profile was named
//   6. container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI)
//   7. the EC2 instance role through IMDSv2
// Steps 3-5 keep sparkify's order from before the chain (a named profile
// beats dwh.cfg, dwh.cfg beats the default profile). Settings without an
// environment (built by code) make a chain of step 4 alone.
//
// The chain remembers the provider that answered first and asks only that
// one again when its credentials are refreshed. With no answer at all,
// fetch() throws Error(aws) naming every way to give credentials.
#pragma once

#include <memory>
#include <vector>

#include "aws/credential_cache.h"
#include "aws/credential_provider.h"
#include "config/settings.h"

namespace sparkify::aws {

class CredentialChain : public CredentialProvider {
 public:
  explicit CredentialChain(std::vector<std::unique_ptr<CredentialProvider>> providers);
  std::optional<TimedCredentials> fetch() override;
  std::string name() const override;

 private:
  std::vector<std::unique_ptr<CredentialProvider>> providers_;
  CredentialProvider* chosen_ = nullptr;
};

// Steps 1-7 above for these settings, in order.
std::vector<std::unique_ptr<CredentialProvider>> default_credential_providers(const config::AwsSettings& settings);

// What every signer holds: anonymous with --no-sign-request, else a cache
// over the default chain. Resolves once before returning, so a command
// without credentials fails before its first request (Error(aws) or
// Error(config), see above).
std::shared_ptr<CredentialCache> credentials_from(const config::AwsSettings& settings);

}  // namespace sparkify::aws
