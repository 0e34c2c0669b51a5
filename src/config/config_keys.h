// The keys of dwh.cfg that sparkify reads: one table, used by
// resolve_settings() to read the file and by `sparkify doctor` to flag
// unknown keys, so the two cannot drift.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "config/settings.h"

namespace sparkify::config {

struct ConfigKey {
  std::string_view section;  // as documented, e.g. "CLUSTER" (matched case-insensitively)
  std::string_view key;      // e.g. "HOST"
  // The text setting the key fills, or nullptr for a key read by its own rule
  // in resolve_settings() (MAX_ERRORS, an integer).
  std::string& (*field)(Settings&);
};

// Every key, in the order resolve_settings() applies them (a later key for the
// same field wins: [DWH] DWH_REGION over [AWS] REGION).
std::span<const ConfigKey> config_keys();

// True when [section] key is in config_keys() (case-insensitive).
bool is_known_key(std::string_view section, std::string_view key);

}  // namespace sparkify::config
