// CredentialProvider: one place AWS credentials can come from (environment,
// dwh.cfg, a profile, a container or instance endpoint, STS), as in the AWS
// SDKs' "Standardized credential providers" (AWS SDKs and Tools Reference
// Guide). credential_chain.h asks them in order; credential_cache.h keeps the
// answer and asks again before it expires.
//
// fetch() answers nullopt when the provider is not configured here (nothing
// in the environment or files names it), so the chain moves on; it throws
// Error(config or aws) when it is configured but cannot deliver, naming the
// provider and the next step. No message ever holds a secret key or session
// token. Providers are not thread-safe; CredentialCache serializes calls.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "aws/credentials.h"

namespace sparkify::aws {

using WallClock = std::chrono::system_clock;

// Credentials and, for temporary ones, when they stop working.
struct TimedCredentials {
  Credentials credentials;
  std::optional<WallClock::time_point> expiration;  // nullopt: long-term keys
};

class CredentialProvider {
 public:
  virtual ~CredentialProvider() = default;
  virtual std::optional<TimedCredentials> fetch() = 0;
  // Where the credentials come from, for doctor and messages, e.g.
  // `profile "dev" (role_arn via STS AssumeRole)`. Never a secret.
  virtual std::string name() const = 0;
};

// A fixed key pair (environment, dwh.cfg, a profile's keys): fetch() gives it
// unchanged, never expiring.
class StaticCredentialProvider : public CredentialProvider {
 public:
  StaticCredentialProvider(Credentials credentials, std::string name);
  std::optional<TimedCredentials> fetch() override;
  std::string name() const override { return name_; }

 private:
  Credentials credentials_;
  std::string name_;
};

// "2026-11-29T17:00:00Z" (fractional seconds and a numeric offset allowed),
// as STS, IMDS, ECS and credential_process write Expiration. Throws
// Error(aws) naming `where` when the text is not such a time.
WallClock::time_point parse_expiration(std::string_view text, std::string_view where);

}  // namespace sparkify::aws
