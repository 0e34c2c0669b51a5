#include "aws/credential_environment.h"

namespace sparkify::aws {

EnvironmentCredentialProvider::EnvironmentCredentialProvider(config::Environment environment)
    : environment_(std::move(environment)) {}

std::optional<TimedCredentials> EnvironmentCredentialProvider::fetch() {
  auto key = environment_("AWS_ACCESS_KEY_ID");
  auto secret = environment_("AWS_SECRET_ACCESS_KEY");
  if (!key || !secret) return std::nullopt;
  return TimedCredentials{Credentials{*key, *secret, environment_("AWS_SESSION_TOKEN").value_or("")}, {}};
}

std::string EnvironmentCredentialProvider::name() const {
  return "environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)";
}

}  // namespace sparkify::aws
