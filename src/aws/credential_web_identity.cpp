#include "aws/credential_web_identity.h"

#include <fstream>
#include <sstream>

#include "common/error.h"

namespace sparkify::aws {

TimedCredentials web_identity_credentials(const AwsEndpoint& sts, const std::string& token_file,
                                          const RoleRequest& role, const std::string& who) {
  std::ifstream in(token_file, std::ios::binary);
  std::stringstream text;
  if (in) text << in.rdbuf();
  std::string token = text.str();
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' ')) token.pop_back();
  if (!in || token.empty()) {
    throw_error(ErrorKind::aws,
                "{}: cannot read a web identity token from {}: check that the file exists and is not "
                "empty",
                who, token_file);
  }
  return assume_role_with_web_identity(sts, token, role, who);
}

WebIdentityCredentialProvider::WebIdentityCredentialProvider(const config::AwsSettings& settings)
    : environment_(settings.environment), sts_(sts_endpoint(settings, settings.region)) {}

std::optional<TimedCredentials> WebIdentityCredentialProvider::fetch() {
  auto token_file = environment_("AWS_WEB_IDENTITY_TOKEN_FILE");
  auto role_arn = environment_("AWS_ROLE_ARN");
  if (!token_file || !role_arn) return std::nullopt;
  RoleRequest role{*role_arn, environment_("AWS_ROLE_SESSION_NAME").value_or(""), "", std::nullopt};
  return web_identity_credentials(sts_, *token_file, role, "AWS_WEB_IDENTITY_TOKEN_FILE");
}

std::string WebIdentityCredentialProvider::name() const {
  return "environment (AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN via STS AssumeRoleWithWebIdentity)";
}

}  // namespace sparkify::aws
