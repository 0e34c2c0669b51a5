// STS calls that turn one identity into temporary role credentials, over the
// Query API (form-encoded POST, Version 2011-06-15, XML answer
// <...Result><Credentials><AccessKeyId>...<Expiration>), as the AWS SDKs'
// "Assume role credential provider" makes them (AWS SDKs and Tools Reference
// Guide; STS API Reference: AssumeRole, AssumeRoleWithWebIdentity).
//
// AssumeRole is signed with SigV4 (service "sts") by the source credentials;
// AssumeRoleWithWebIdentity is unsigned (the token is the proof). Errors throw
// Error(aws) naming `who` (the profile or variable that asked), the role and
// STS's error code and message, never a secret or the token.
#pragma once

#include <optional>
#include <string>

#include "aws/aws_request.h"
#include "aws/credential_provider.h"
#include "config/settings.h"

namespace sparkify::aws {

// What to assume, from a profile (role_arn, role_session_name, external_id,
// duration_seconds) or the environment (AWS_ROLE_ARN, AWS_ROLE_SESSION_NAME).
struct RoleRequest {
  std::string role_arn;
  std::string session_name;             // empty: "sparkify-<epoch seconds>"
  std::string external_id;              // AssumeRole only; empty: not sent
  std::optional<int> duration_seconds;  // empty: STS's default (1 hour)
};

// STS for `region`: the override from settings (--endpoint-url,
// AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL) or https://sts.REGION.amazonaws.com.
AwsEndpoint sts_endpoint(const config::AwsSettings& settings, const std::string& region);

TimedCredentials assume_role(const AwsEndpoint& sts, const Credentials& source, const RoleRequest& role,
                             const std::string& who);

TimedCredentials assume_role_with_web_identity(const AwsEndpoint& sts, const std::string& token,
                                               const RoleRequest& role, const std::string& who);

}  // namespace sparkify::aws
