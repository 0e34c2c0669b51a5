// Credentials: the AWS key pair (and optional session token) every signed call
// uses. Built from config::AwsSettings, which already resolved them in the
// order env > ~/.aws/credentials profile > [AWS] in dwh.cfg.
//
// The secret access key never leaves this struct except as HMAC input inside
// sign(): no message, log line or exception text may contain it.
#pragma once

#include <string>

#include "config/settings.h"

namespace sparkify::aws {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty unless temporary credentials

  // True when there is nothing to sign with (--no-sign-request): requests go
  // out without Authorization.
  bool anonymous() const;
};

// Turns resolved settings into Credentials. With no_sign_request the result is
// anonymous. Throws Error(aws) naming the ways to provide credentials when the
// key or secret is missing.
Credentials credentials_from(const config::AwsSettings& settings);

}  // namespace sparkify::aws
