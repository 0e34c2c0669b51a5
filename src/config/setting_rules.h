// SettingRules: where each setting comes from, one row per setting, so the
// precedence of any one can be read (and tested) alone. Within a row, lowest
// to highest precedence:
//   1. env_defaults: environment variables that only fill a value the file
//      leaves unset (libpq's own rule for PGHOST, PGPORT, PGUSER, PGDATABASE:
//      given connection settings win over them);
//   2. file: dwh.cfg keys, in the listed order (a later key wins);
//   3. env: environment variables, in the listed order (a later one wins);
//   4. flag: the command-line flag.
// Empty file and environment values count as unset; a flag given counts even
// when empty. The rows also define dwh.cfg's known sections and keys.
// Per-service endpoints and the region from the profile are resolved beside
// the table, in settings.cpp; credentials by aws/credential_chain.h.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/ini_document.h"
#include "config/settings.h"

namespace sparkify::config {

struct FileKey {
  std::string_view section, key;
};

// A value and where it came from, for messages: "dwh.cfg:12: [SPARKIFY] MAX_ERRORS",
// "environment AWS_REGION" or "--region".
struct SourcedValue {
  std::string value;
  std::string origin;
};

struct SettingRule {
  std::string_view name;  // the Settings field, e.g. "aws.region"
  std::vector<FileKey> file;
  std::vector<std::string_view> env_defaults;
  std::vector<std::string_view> env;
  std::string_view flag;  // e.g. "--region"; empty: none
  std::optional<std::string> (*flag_value)(const Overrides&) = nullptr;
  // Stores the winning value; throws Error(config or usage) naming `origin` when it is invalid.
  void (*store)(Settings& settings, const SourcedValue& value) = nullptr;
};

const std::vector<SettingRule>& setting_rules();

// The winning value of one rule, or nullopt when nothing sets it (the default stays).
std::optional<SourcedValue> resolve_rule(const SettingRule& rule, const IniDocument& file, std::string_view file_name,
                                         const Environment& environment, const Overrides& overrides);

// Checks dwh.cfg's names against the table: a key in a known section that is
// a near miss of a known key throws Error(config) "FILE:LINE: ... did you mean";
// any other unknown key or section gives a warning naming the nearest known one.
std::vector<std::string> check_known_names(const IniDocument& file, std::string_view file_name);

}  // namespace sparkify::config
