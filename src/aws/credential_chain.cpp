#include "aws/credential_chain.h"

#include "aws/credential_container.h"
#include "aws/credential_environment.h"
#include "aws/credential_imds.h"
#include "aws/credential_profile.h"
#include "aws/credential_web_identity.h"
#include "common/error.h"

namespace sparkify::aws {

CredentialChain::CredentialChain(std::vector<std::unique_ptr<CredentialProvider>> providers)
    : providers_(std::move(providers)) {}

std::optional<TimedCredentials> CredentialChain::fetch() {
  if (chosen_) {
    auto answer = chosen_->fetch();
    if (!answer) {
      throw_error(ErrorKind::aws, "{} no longer gives AWS credentials: check it, then run the command again",
                  chosen_->name());
    }
    return answer;
  }
  for (const auto& provider : providers_) {
    if (auto answer = provider->fetch()) {
      chosen_ = provider.get();
      return answer;
    }
  }
  throw_error(ErrorKind::aws,
              "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE for a "
              "profile in ~/.aws/credentials or ~/.aws/config, or KEY and SECRET in the [AWS] section of dwh.cfg, "
              "or run where a container or EC2 instance role gives them "
              "(or pass --no-sign-request for a public bucket)");
}

std::string CredentialChain::name() const { return chosen_ ? chosen_->name() : "the AWS credential chain"; }

std::vector<std::unique_ptr<CredentialProvider>> default_credential_providers(const config::AwsSettings& settings) {
  std::vector<std::unique_ptr<CredentialProvider>> providers;
  const bool has_environment = static_cast<bool>(settings.environment);
  if (has_environment) {
    providers.push_back(std::make_unique<EnvironmentCredentialProvider>(settings.environment));
    providers.push_back(std::make_unique<WebIdentityCredentialProvider>(settings));
    if (!settings.profile.empty()) {
      providers.push_back(std::make_unique<ProfileCredentialProvider>(settings, settings.profile, true));
    }
  }
  if (!settings.access_key_id.empty() && !settings.secret_access_key.empty()) {
    providers.push_back(std::make_unique<StaticCredentialProvider>(
        Credentials{settings.access_key_id, settings.secret_access_key, settings.session_token},
        "config file ([AWS] KEY, SECRET)"));
  }
  if (has_environment) {
    if (settings.profile.empty()) {
      providers.push_back(std::make_unique<ProfileCredentialProvider>(settings, "default", false));
    }
    providers.push_back(std::make_unique<ContainerCredentialProvider>(settings.environment));
    providers.push_back(std::make_unique<InstanceRoleCredentialProvider>(settings.environment));
  }
  return providers;
}

std::shared_ptr<CredentialCache> credentials_from(const config::AwsSettings& settings) {
  if (settings.no_sign_request) return fixed_credentials({}, "none: requests go unsigned (--no-sign-request)");
  auto cache =
      std::make_shared<CredentialCache>(std::make_unique<CredentialChain>(default_credential_providers(settings)));
  (void)cache->current();
  return cache;
}

}  // namespace sparkify::aws
