#include "aws/credentials.h"

#include "common/error.h"

namespace sparkify::aws {

bool Credentials::anonymous() const { return access_key_id.empty() && secret_access_key.empty(); }

Credentials credentials_from(const config::AwsSettings& settings) {
  if (settings.no_sign_request) return {};
  if (settings.access_key_id.empty() || settings.secret_access_key.empty()) {
    throw_error(ErrorKind::aws,
                "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE for a "
                "profile in ~/.aws/credentials, or KEY and SECRET in the [AWS] section of dwh.cfg "
                "(or pass --no-sign-request for a public bucket)");
  }
  return Credentials{settings.access_key_id, settings.secret_access_key, settings.session_token};
}

}  // namespace sparkify::aws
