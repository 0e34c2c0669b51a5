// ContainerCredentialProvider: ECS tasks, EKS Pod Identity and other
// containers that serve credentials over HTTP ("Container credential
// provider", AWS SDKs and Tools Reference Guide). Configured by
//   AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: GET http://169.254.170.2<uri>, or
//   AWS_CONTAINER_CREDENTIALS_FULL_URI: GET that URL, which must be https or
//     an http URL on a loopback address or the ECS/EKS agent addresses
//     169.254.170.2 and 169.254.170.23 (the SDKs' rule);
// with `Authorization` from AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (read on
// every fetch) or AWS_CONTAINER_AUTHORIZATION_TOKEN. The answer is JSON:
// AccessKeyId, SecretAccessKey, Token, Expiration. Short timeouts (2 s to
// connect, 5 s in all). Errors name the URL, never the token.
#pragma once

#include "aws/credential_provider.h"
#include "config/settings.h"

namespace sparkify::aws {

class ContainerCredentialProvider : public CredentialProvider {
 public:
  explicit ContainerCredentialProvider(config::Environment environment);
  std::optional<TimedCredentials> fetch() override;
  std::string name() const override;

 private:
  config::Environment environment_;
};

// True when `url`'s host may be contacted over plain http (loopback, 169.254.170.2/.23).
bool is_allowed_container_http_host(const std::string& url);

// Parses {"AccessKeyId", "SecretAccessKey", "Token", "Expiration"} (the
// container and instance metadata format); `where` names the source in errors.
TimedCredentials parse_metadata_credentials(const std::string& body, const std::string& where);

}  // namespace sparkify::aws
