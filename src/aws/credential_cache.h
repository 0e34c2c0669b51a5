// CredentialCache: what signers hold. It asks its provider once, keeps the
// answer, and asks again when the held credentials expire within
// `refresh_before` (5 minutes by default, as the AWS SDKs refresh ahead of
// Expiration), so a long load never signs with credentials about to lapse.
// Long-term keys (no expiration) are fetched once.
//
// Thread-safe: the parallel S3 fetch threads and the infra clients call
// current() concurrently; one mutex serializes the provider, so one refresh
// serves every waiting caller. When a refresh fails but the held credentials
// have not yet expired, they are used and the next call tries again; once
// expired, the provider's error is thrown.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "aws/credential_provider.h"

namespace sparkify::aws {

class CredentialCache {
 public:
  using Now = std::function<WallClock::time_point()>;

  explicit CredentialCache(std::unique_ptr<CredentialProvider> provider,
                           std::chrono::seconds refresh_before = std::chrono::minutes(5), Now now = WallClock::now);

  // Credentials good for at least `refresh_before`, when the provider can give
  // such. Throws the provider's Error when it has none.
  Credentials current();
  // The provider's name (for a chain: the provider that answered).
  std::string origin();

 private:
  bool fresh(WallClock::time_point now) const;  // requires mutex_

  std::mutex mutex_;
  std::unique_ptr<CredentialProvider> provider_;  // guarded by mutex_
  std::optional<TimedCredentials> held_;          // guarded by mutex_
  const std::chrono::seconds refresh_before_;
  const Now now_;
};

// A cache over fixed credentials (anonymous ones for --no-sign-request, or
// keys a test chose).
std::shared_ptr<CredentialCache> fixed_credentials(Credentials credentials, std::string name = "fixed credentials");

}  // namespace sparkify::aws
