// IAM Identity Center (SSO) credentials of a profile ("IAM Identity Center
// credential provider", AWS SDKs and Tools Reference Guide): sparkify does not
// log in itself; it reads the access token that `aws sso login` cached and
// exchanges it for role credentials with the portal's GetRoleCredentials.
//
//   profile: sso_session = NAME (-> [sso-session NAME]: sso_start_url,
//            sso_region) or the legacy sso_start_url + sso_region in the
//            profile; sso_account_id, sso_role_name.
//   token:   ~/.aws/sso/cache/<sha1 hex of the session NAME, or of the legacy
//            start URL>.json: {"accessToken": ..., "expiresAt": ISO 8601}.
//   call:    GET https://portal.sso.REGION.amazonaws.com/federation/credentials
//            ?account_id=..&role_name=.. with header x-amz-sso_bearer_token
//            (AWS_ENDPOINT_URL_SSO / --endpoint-url override the endpoint);
//            answer {"roleCredentials": {accessKeyId, secretAccessKey,
//            sessionToken, expiration (epoch ms)}}.
// A missing or expired token, or a 401 from the portal, throws Error(aws)
// saying to run `aws sso login --profile NAME`. The token is never printed.
#pragma once

#include <string>

#include "aws/credential_provider.h"
#include "config/aws_shared_files.h"
#include "config/settings.h"

namespace sparkify::aws {

TimedCredentials sso_credentials(const config::AwsSettings& settings, const config::AwsSharedFiles& files,
                                 const config::AwsProfile& profile);

// The cache file name's stem: lower-case hex SHA-1 of `key`.
std::string sso_cache_key(const std::string& key);

}  // namespace sparkify::aws
