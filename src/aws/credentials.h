// Credentials: the AWS key pair (and optional session token) every signed call
// uses. Where they come from is the credential chain's job
// (credential_chain.h); CredentialCache (credential_cache.h) hands signers a
// current copy.
//
// The secret access key and the session token never leave this struct except
// as HMAC input inside sign() and the x-amz-security-token header: no message,
// log line or exception text may contain them.
#pragma once

#include <string>

namespace sparkify::aws {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty unless temporary credentials

  // True when there is nothing to sign with (--no-sign-request): requests go
  // out without Authorization.
  bool anonymous() const;
};

}  // namespace sparkify::aws
