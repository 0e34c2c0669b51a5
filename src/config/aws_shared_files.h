// AwsSharedFiles: the AWS shared config and credentials files as the AWS SDKs
// and CLI read them ("Shared config and credentials files", AWS SDKs and Tools
// Reference Guide): `~/.aws/credentials` (or AWS_SHARED_CREDENTIALS_FILE)
// holds `[NAME]` sections, `~/.aws/config` (or AWS_CONFIG_FILE) holds
// `[profile NAME]` (and `[default]`) and `[sso-session NAME]` sections. A
// profile is the union of its two sections; for a key in both, the
// credentials file wins. Missing files are empty; a malformed one throws
// Error(config) "FILE:LINE: ...". Values are held here but never printed.
// Read-only and immutable after load(); safe to share between threads.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "config/settings.h"

namespace sparkify::config {

struct AwsProfile {
  std::string name;
  std::map<std::string, std::string> values;  // lower-case key -> value

  // The value of `key` (lower case), or nullopt when absent or empty.
  std::optional<std::string> get(std::string_view key) const;
};

class AwsSharedFiles {
 public:
  // Finds the files through AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE and
  // HOME in `environment`; without HOME and those variables both are empty.
  static AwsSharedFiles load(const Environment& environment);

  // The profile's merged keys, or nullopt when neither file has it.
  std::optional<AwsProfile> profile(std::string_view name) const;
  // An `[sso-session NAME]` section of the config file.
  std::optional<AwsProfile> sso_session(std::string_view name) const;

  const std::string& credentials_path() const { return credentials_path_; }
  const std::string& config_path() const { return config_path_; }

 private:
  std::string credentials_path_, config_path_;
  std::map<std::string, AwsProfile> credentials_sections_;  // by section name
  std::map<std::string, AwsProfile> config_sections_;       // by section name as written, "profile " kept
};

// The profile sparkify uses: `profile_setting` (AWS_PROFILE / --profile) or "default".
std::string effective_profile_name(const AwsSettings& aws);

}  // namespace sparkify::config
