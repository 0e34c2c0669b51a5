// The AWS settings sparkify reads from its environment (the credential chain
// of docs/credentials.md, region, endpoints, instance metadata), for tests
// that start it as a user with none of them.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace sparkify::testing {

// Every one of those variables unset (a "" value, as CommandOptions::env
// takes it), so a child sees no AWS setting of the machine the tests run on;
// a test appends its own values after these (later entries win).
std::vector<std::pair<std::string, std::string>> without_aws_settings();

}  // namespace sparkify::testing
