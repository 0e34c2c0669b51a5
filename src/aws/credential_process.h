// credential_process: a profile's external command that prints credentials
// as JSON ("Process credential provider", AWS SDKs and Tools Reference
// Guide): {"Version": 1, "AccessKeyId": ..., "SecretAccessKey": ...,
// "SessionToken": ..., "Expiration": "ISO 8601"}; SessionToken and
// Expiration are optional (no Expiration: never refreshed).
//
// The command runs through /bin/sh -c with the process's environment; its
// stderr is captured, not shown. A non-zero exit, invalid JSON, a Version
// other than 1 or a missing key throw Error(aws) naming the profile and,
// for a failed command, its exit status and the first line of its stderr;
// never the command's stdout (it holds the secret).
#pragma once

#include <string>

#include "aws/credential_provider.h"

namespace sparkify::aws {

TimedCredentials run_credential_process(const std::string& command, const std::string& profile);

// Parses the command's output; `where` names it in errors.
TimedCredentials parse_process_credentials(const std::string& output, const std::string& where);

}  // namespace sparkify::aws
