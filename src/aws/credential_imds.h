// InstanceRoleCredentialProvider: the role of the EC2 instance sparkify runs
// on, through IMDSv2 ("IMDS credential provider", AWS SDKs and Tools
// Reference Guide; EC2 User Guide, "Use IMDSv2"):
//   PUT  /latest/api/token  (X-aws-ec2-metadata-token-ttl-seconds: 21600)
//   GET  /latest/meta-data/iam/security-credentials/        -> role name
//   GET  /latest/meta-data/iam/security-credentials/ROLE    -> JSON
// each GET with X-aws-ec2-metadata-token. The endpoint is
// AWS_EC2_METADATA_SERVICE_ENDPOINT or http://169.254.169.254;
// AWS_EC2_METADATA_DISABLED=true skips it. The last link of the chain: one
// attempt with a 1 s limit per request, so a machine without IMDS moves on
// (nullopt) within about a second. An instance without a role, or an IMDS
// that refuses the token, is "not configured" too; a role whose credentials
// cannot be read throws Error(aws).
#pragma once

#include "aws/credential_provider.h"
#include "config/settings.h"

namespace sparkify::aws {

class InstanceRoleCredentialProvider : public CredentialProvider {
 public:
  explicit InstanceRoleCredentialProvider(config::Environment environment);
  std::optional<TimedCredentials> fetch() override;
  std::string name() const override;

 private:
  config::Environment environment_;
  std::string role_;  // the role found by the last fetch
};

}  // namespace sparkify::aws
