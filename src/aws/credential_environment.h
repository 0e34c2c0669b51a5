// EnvironmentCredentialProvider: AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY
// (+ AWS_SESSION_TOKEN), the first link of the chain ("Environment
// variables", AWS SDKs and Tools Reference Guide). Not configured unless both
// the key id and the secret are set. AWS_SESSION_TOKEN carries no expiry, so
// such credentials are used as given, never refreshed.
#pragma once

#include "aws/credential_provider.h"
#include "config/settings.h"

namespace sparkify::aws {

class EnvironmentCredentialProvider : public CredentialProvider {
 public:
  explicit EnvironmentCredentialProvider(config::Environment environment);
  std::optional<TimedCredentials> fetch() override;
  std::string name() const override;

 private:
  config::Environment environment_;
};

}  // namespace sparkify::aws
