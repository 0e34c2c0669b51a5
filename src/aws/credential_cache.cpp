#include "aws/credential_cache.h"

#include "common/error.h"

namespace sparkify::aws {

CredentialCache::CredentialCache(std::unique_ptr<CredentialProvider> provider, std::chrono::seconds refresh_before,
                                 Now now)
    : provider_(std::move(provider)), refresh_before_(refresh_before), now_(std::move(now)) {}

bool CredentialCache::fresh(WallClock::time_point now) const {
  return held_ && (!held_->expiration || *held_->expiration - refresh_before_ > now);
}

Credentials CredentialCache::current() {
  std::lock_guard lock(mutex_);
  const auto now = now_();
  if (fresh(now)) return held_->credentials;
  try {
    auto answer = provider_->fetch();
    if (!answer) {
      throw_error(ErrorKind::aws, "no AWS credentials from {}: check that it is configured", provider_->name());
    }
    held_ = std::move(answer);
  } catch (const Error&) {
    if (!held_ || (held_->expiration && *held_->expiration <= now)) throw;
  }
  return held_->credentials;
}

std::string CredentialCache::origin() {
  std::lock_guard lock(mutex_);
  return provider_->name();
}

std::shared_ptr<CredentialCache> fixed_credentials(Credentials credentials, std::string name) {
  return std::make_shared<CredentialCache>(
      std::make_unique<StaticCredentialProvider>(std::move(credentials), std::move(name)));
}

}  // namespace sparkify::aws
